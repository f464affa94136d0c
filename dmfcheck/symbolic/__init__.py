"""SymPy derivations and exact proofs (partial fractions, Jacobians, flows)."""
