"""Simulator S4 in mpmath: full gradient descent on a depth-N factorization at the caller's precision.

Chou et al., eqs. (6)-(9) (chou.eq6-9): with ``W = W_N ... W_1`` and ``L(W) = 0.5 ||W - What||_F^2``,

    W_j(k+1) = W_j(k) - eta (W_N ... W_{j+1})^T (W - What) (W_{j-1} ... W_1)^T,

all factors updated simultaneously from iterate ``k`` (empty products are ``I``). The same iteration as
the float64 kernel :func:`dmfcheck.numeric.kernels.matrix_gd.matrix_gd`, in pure Python on nested lists
of mpf: for confirmation runs on small matrices (the caller sets the precision with
``mpmath.workdps``).
"""
from __future__ import annotations

import mpmath


def _mp_mul(A, B):
    cols = list(zip(*B))
    return [[mpmath.fdot(row, col) for col in cols] for row in A]


def _mp_t(A):
    return [list(c) for c in zip(*A)]


def mp_gradients(F, T):
    """The factor gradients (9) at factors ``F`` (list of ``n x n`` lists of mpf, ``W_{j+1}`` at index
    ``j``) and target ``T``; returns ``(W, R, [grad_1, ..., grad_N])`` with ``R = W - T``."""
    N, n = len(F), len(T)
    P = [F[0]]
    for i in range(1, N):
        P.append(_mp_mul(F[i], P[-1]))
    R = [[P[-1][r][c] - T[r][c] for c in range(n)] for r in range(n)]
    S = [None] * N  # S[i] = F[N-1] ... F[i+1]
    if N >= 2:
        S[N - 2] = F[N - 1]
        for i in range(N - 3, -1, -1):
            S[i] = _mp_mul(S[i + 1], F[i + 1])
    G = []
    for i in range(N):
        g = R
        if i < N - 1:
            g = _mp_mul(_mp_t(S[i]), g)
        if i > 0:
            g = _mp_mul(g, _mp_t(P[i - 1]))
        G.append(g)
    return P[-1], R, G


def mp_matrix_gd(factors, target, eta, steps):
    """S4 in mpmath at the caller's precision: ``steps`` simultaneous GD updates (6),(9) (chou.eq6-9).

    Returns ``(products, factors)``: the products ``W(0), ..., W(steps)`` and the final factors, as
    nested lists of mpf. Slow (pure Python): for confirmation runs on small matrices.

    >>> with mpmath.workdps(15):
    ...     W, _ = mp_matrix_gd([[[0.5, 0], [0, 0.5]]] * 2, [[1, 0], [0, 0.25]], 0.1, 1)
    >>> [[float(x) for x in row] for row in W[1]]
    [[0.28890625, 0.0], [0.0, 0.25]]
    """
    F = [[[mpmath.mpf(x) for x in row] for row in Fj] for Fj in factors]
    T = [[mpmath.mpf(x) for x in row] for row in target]
    eta = mpmath.mpf(eta)
    n = len(T)
    products = []
    for k in range(steps + 1):
        W, _, G = mp_gradients(F, T)
        products.append(W)
        if k == steps:
            break
        F = [[[Fj[r][c] - eta * Gj[r][c] for c in range(n)] for r in range(n)] for Fj, Gj in zip(F, G)]
    return products, F
