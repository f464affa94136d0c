"""The factor gradient (9) and the decoupling step of Lemma 2.1 of Chou et al., exactly.

Catalogue ids: chou.eq6-9 (the gradient (9) of the loss (8)), chou.lem2.1 (decoupling under
identical initialization).

Orthogonal matrices are parametrized polynomially: ``V`` is a product of Givens rotations with
entries ``c_i, s_i`` (for n = 2 the rotation ``[[c, -s], [s, c]]``), and every identity is
reduced modulo ``c_i^2 + s_i^2 - 1`` (multivariate remainder in a sparse polynomial ring; the
leading terms ``c_i^2`` are coprime, so the relations form a Groebner basis and a zero normal
form is a proof).
Trigonometric simplification is never used.
"""
from __future__ import annotations

import itertools

import sympy as sp

from dmfcheck.symbolic.exact import Proof, check_int

eta = sp.Symbol("eta", positive=True)


class _PolyMatrix:
    """A small dense matrix over a sparse polynomial ring, reduced by ``nf`` after each product."""

    def __init__(self, rows, nf):
        self.rows, self.nf = rows, nf

    def __mul__(self, other):
        n, m, k = len(self.rows), len(other.rows[0]), len(other.rows)
        return _PolyMatrix([[self.nf(sum((self.rows[i][r] * other.rows[r][j] for r in range(k)), 0 * self.rows[0][0]))
                             for j in range(m)] for i in range(n)], self.nf)

    def __sub__(self, other):
        return _PolyMatrix([[a - b for a, b in zip(ra, rb)] for ra, rb in zip(self.rows, other.rows)], self.nf)

    @property
    def T(self):
        return _PolyMatrix([list(col) for col in zip(*self.rows)], self.nf)


def _prod(mats, eye):
    """``mats[-1] * ... * mats[0]`` (the paper's order ``W_N ... W_1``); the empty product is ``eye``."""
    out = eye
    for m in mats:
        out = m * out
    return out


def factor_gradient(Ws, What, eye=None) -> list:
    """``grad_{W_j} L = (W_N...W_{j+1})^T (W - What) (W_{j-1}...W_1)^T`` for j = 1..N, eq. (9) (chou.eq6-9).

    ``Ws = [W_1, ..., W_N]``; ``L(W) = 1/2 ||W - What||_F^2``, ``W = W_N...W_1``. Works for SymPy
    matrices (``eye`` defaults to the identity) and any type with ``*``, ``-`` and ``.T``.

    >>> factor_gradient([sp.Matrix([[2]])], sp.Matrix([[1]]))
    [Matrix([[1]])]
    """
    eye = sp.eye(What.shape[0]) if eye is None else eye
    E = _prod(Ws, eye) - What
    return [_prod(Ws[j + 1:], eye).T * E * _prod(Ws[:j], eye).T for j in range(len(Ws))]


def prove_factor_gradient(n: int = 2, N: int = 3) -> Proof:
    """(9) equals the entrywise derivative of ``1/2 tr((W - What)^T (W - What))`` (chou.eq6-9).

    All entries of ``W_1..W_N`` and of ``What`` are independent symbols (a general, not
    necessarily symmetric What); the loss and (9) are computed exactly in ``QQ[entries]`` and
    ``dL/dW_j[a,b] - (9)[a,b]`` is the zero polynomial for every j, a, b. Also
    ``grad_W L = W - What`` (8).

    >>> prove_factor_gradient(2, 2).holds
    True
    """
    n = check_int(n, 1, "n")
    N = check_int(N, 1)
    names = [f"w{j}_{a}{b}" for j in range(1, N + 1) for a in range(n) for b in range(n)]
    names += [f"h_{a}{b}" for a in range(n) for b in range(n)] + [f"W_{a}{b}" for a in range(n) for b in range(n)]
    R, *gens = sp.ring(names, sp.QQ)
    k = n * n

    def mat(off):
        return _PolyMatrix([[gens[off + a * n + b] for b in range(n)] for a in range(n)], lambda f: f)

    Ws = [mat(j * k) for j in range(N)]
    What, Wfree = mat(N * k), mat((N + 1) * k)
    eye = _PolyMatrix([[R(int(a == b)) for b in range(n)] for a in range(n)], lambda f: f)

    def half_sq(M):
        return sum((e ** 2 for row in M.rows for e in row), R(0)) / 2

    loss = half_sq(_prod(Ws, eye) - What)
    ok = all(loss.diff(Wj.rows[a][b]) == G.rows[a][b]
             for Wj, G in zip(Ws, factor_gradient(Ws, What, eye))
             for a, b in itertools.product(range(n), range(n)))
    loss_free, Ef = half_sq(Wfree - What), Wfree - What
    ok8 = all(loss_free.diff(Wfree.rows[a][b]) == Ef.rows[a][b] for a, b in itertools.product(range(n), range(n)))
    steps = (f"n={n}, N={N}: dL/dW_j[a,b] - ((W_N..W_(j+1))^T (W-What) (W_(j-1)..W_1)^T)[a,b] "
             f"{'==' if ok else '!='} 0 in QQ[entries] for all j, a, b",
             f"n={n}: dL/dW[a,b] - (W - What)[a,b] {'==' if ok8 else '!='} 0 (eq. (8))")
    return Proof(holds=ok and ok8, exact=True, method="polynomial arithmetic (expand)", steps=steps)


def _rotation(n: int):
    """A generic rotation: the product of the Givens rotations ``G_pq(c_k, s_k)``, p < q."""
    V = sp.eye(n)
    pairs = []
    for k, (p, q) in enumerate(itertools.combinations(range(n), 2)):
        c, s = sp.symbols(f"c{k} s{k}", real=True)
        G = sp.eye(n)
        G[p, p], G[p, q], G[q, p], G[q, q] = c, -s, s, c
        V = V * G
        pairs.append((c, s))
    return V, pairs


def prove_decoupling_step(N: int, n: int = 2) -> Proof:
    """Lemma 2.1 (chou.lem2.1), one GD step: the invariant manifold ``W_j = V D V^T``.

    With ``W_j = V D V^T`` for all j (D diagonal symbolic), ``What = V Lam V^T`` and V a generic
    rotation (n = 2: ``[[c, -s], [s, c]]``; n >= 3: a product of n(n-1)/2 Givens rotations), the step (9) gives
    ``W_j - eta grad_j = V [D - eta D^(N-1)(D^N - Lam)] V^T`` for every j, exactly: the normal
    form modulo ``c_k^2 + s_k^2 - 1`` (a Groebner basis: coprime leading terms ``c_k^2``) is 0,
    computed in ``QQ[c, s, d, l, eta]`` and reduced after every product. ``V^T V = I`` in the
    same quotient. A reflection ``V = R S`` (``S = diag(+-1)``) has ``V D V^T = R D R^T``, so
    rotations suffice; the induction starts from ``W_j(0) = alpha I = V (alpha I) V^T``.

    >>> prove_decoupling_step(2).holds
    True
    """
    N = check_int(N, 1)
    n = check_int(n, 2, "n")
    V, pairs = _rotation(n)
    ds, ls = sp.symbols(f"d1:{n + 1}", real=True), sp.symbols(f"l1:{n + 1}", real=True)
    gens = [g for cs in pairs for g in cs] + list(ds) + list(ls) + [eta]
    R, *_ = sp.ring(gens, sp.QQ)
    rels = [R(c ** 2 + s ** 2 - 1) for c, s in pairs]

    def nf(f):
        return f.rem(rels)

    def lift(M):
        return _PolyMatrix([[nf(R(M[i, j])) for j in range(n)] for i in range(n)], nf)

    D, Lam = sp.diag(*ds), sp.diag(*ls)
    eye = lift(sp.eye(n))
    Vp = lift(V)
    ok_orth = all(e == 0 for row in (Vp.T * Vp - eye).rows for e in row)
    W1 = Vp * lift(D) * Vp.T
    What = Vp * lift(Lam) * Vp.T
    target = Vp * lift(D - eta * D ** (N - 1) * (D ** N - Lam)) * Vp.T
    eta_p = R(eta)
    ok = True
    for G in factor_gradient([W1] * N, What, eye):
        diff = W1 - _PolyMatrix([[eta_p * e for e in row] for row in G.rows], nf) - target
        ok = ok and all(nf(e) == 0 for row in diff.rows for e in row)
    steps = (f"n={n}: normal form of V^T V - I modulo c^2 + s^2 - 1 {'==' if ok_orth else '!='} 0",
             f"n={n}, N={N}: normal form of W_j - eta grad_j - V[D - eta D^{N-1}(D^{N} - Lam)]V^T "
             f"{'==' if ok else '!='} 0 for j = 1..{N}")
    return Proof(holds=ok_orth and ok, exact=True, method="polynomial remainder mod c^2 + s^2 - 1", steps=steps)
