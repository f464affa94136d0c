"""Paper-independent building blocks of claim checks: the working precision of a margin, evidence
from fixed instances (rows ``lhs ~ rhs`` within a tolerance, reference values with stated digits,
exact yes/no checks) as a :class:`~dmfcheck.symbolic.exact.Proof`, and reading a reported coordinate.

>>> import mpmath
>>> rows = reference_rows(lambda x: mpmath.sqrt(x), [({"x": 2}, "1.41421")], "sqrt(x)")
>>> instances_proof("reference value", rows, 40, "sqrt(2)").holds
True
"""
from __future__ import annotations

import mpmath
import sympy as sp

from dmfcheck.symbolic.exact import Proof


def work_dps(ctx, floor):
    """The precision a margin computes at: the engine's ``ctx.dps``, and at least ``floor`` digits."""
    return max(floor, ctx.dps or 0)


def as_float(x):
    """A reported coordinate (float, int, numeric string, or a SymPy rational such as '1/2') as a float."""
    try:
        return float(x)
    except (TypeError, ValueError):
        return float(sp.Rational(str(x)))


def instances_proof(method, rows, dps, what):
    """EVIDENCE from fixed instances: each row ``(params, lhs, rhs, tol, lhs_label, rhs_label)``
    holds when ``|lhs - rhs| <= tol``; returns a :class:`Proof` (never exact) with the worst row."""
    worst, bad = None, None
    with mpmath.workdps(dps):
        for params, lhs, rhs, tol, ll, rl in rows:
            ratio = abs(lhs - rhs) / tol
            if worst is None or ratio > worst[0]:
                worst = (ratio, params, lhs, rhs, ll, rl, tol)
            if ratio > 1 and bad is None:
                bad = worst
        _, params, lhs, rhs, ll, rl, tol = bad or worst
        steps = (f"{len(rows)} instances of {what}; worst |lhs - rhs|/tol = {mpmath.nstr(worst[0], 5)} "
                 f"at {worst[1]} (tol {mpmath.nstr(worst[6], 3)}, mpmath dps={dps})",)
        cex = None
        if bad is not None:
            cex = {"params": dict(params), "lhs": mpmath.nstr(lhs, 30), "rhs": mpmath.nstr(rhs, 30),
                   "lhs_label": ll, "rhs_label": rl, "margin": mpmath.nstr(abs(lhs - rhs) - tol, 10),
                   "precision": f"mpmath dps={dps}"}
        return Proof(holds=bad is None, exact=False, method=method, steps=steps, counterexample=cex,
                     worst_residual=float(abs(worst[2] - worst[3])), n_points=len(rows),
                     precision=f"mpmath dps={dps}")


def reference_rows(fn, cases, label, dps=40):
    """Rows for :func:`instances_proof` from reference values ``(args, "digits")``: the value must
    reproduce the stated digits, i.e. lie within half a unit of the last stated digit. The arguments are
    the binary float64 numbers written in ``args`` (e.g. alpha = 0.3 is 0.299999999999999988898), as in
    the catalogue's computations: with decimal inputs the 17th and 18th digits of some values differ."""
    rows = []
    with mpmath.workdps(dps):
        for args, ref in cases:
            decimals = len(ref.split(".")[1]) if "." in ref else 0
            tol = mpmath.mpf(10) ** (-decimals) / 2
            value = fn(**{k: (v if isinstance(v, int) else mpmath.mpf(float(v))) for k, v in args.items()})
            rows.append((dict(args), value, mpmath.mpf(ref), tol, label, "catalogue reference"))
    return rows


def exact_steps_proof(method, checks):
    """A :class:`Proof` from exact checks ``(label, holds)`` (rational comparisons, Sturm counts)."""
    bad = [label for label, ok in checks if not ok]
    return Proof(holds=not bad, exact=True, method=method,
                 steps=tuple(f"{label}: {'holds' if ok else 'FAILS'}" for label, ok in checks),
                 counterexample=({"params": {"check": bad[0]}, "lhs": "false", "rhs": "true", "margin": "",
                                  "precision": "exact"} if bad else None))
