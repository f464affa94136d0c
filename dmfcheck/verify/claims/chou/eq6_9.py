"""Chou et al., eqs. (6)-(9): the GD iteration and the factor gradient (chou.eq6-9), checked against
central differences, SymPy, and the matrix simulator S4.

Precision. The gradient and the update step are decided in float64 and re-run in mpmath (the mpmath
copy of S4, :func:`dmfcheck.numeric.matrix_gd_mp.mp_matrix_gd`) for near-ties and failures.
"""
from __future__ import annotations

import mpmath
import numpy as np

from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.matrix_gd_mp import mp_gradients, mp_matrix_gd
from dmfcheck.symbolic.matrix_gd import prove_factor_gradient

from ...claim import FLOAT64, AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from . import CATALOGUE, PAPER

#: Central-difference step and relative tolerance of the recipe of chou.eq6-9.
FD_STEP = 1e-6
FD_TOL = 1e-7
#: Relative tolerance of the matrix_gd kernel against the reference Jacobi step.
STEP_TOL = 1e-12


def _random_problem(N, n, seed, scale):
    """Seeded factors (entries N(0, scale^2/n)) and a Gaussian target, from the point's coordinates."""
    rng = np.random.default_rng([int(seed), int(N), int(n)])
    return scale / np.sqrt(n) * rng.standard_normal((N, n, n)), rng.standard_normal((n, n))


def np_gradients(F, T):
    """The factor gradients (9) in NumPy: ``(W_N...W_{j+1})^T (W - T) (W_{j-1}...W_1)^T``."""
    N, n = F.shape[0], F.shape[-1]
    prefix = [np.eye(n)]
    for j in range(N):
        prefix.append(F[j] @ prefix[-1])
    suffix = [np.eye(n)]
    for j in range(N - 1, -1, -1):
        suffix.append(suffix[-1] @ F[j])
    R = prefix[N] - T
    return np.stack([suffix[N - 1 - j].T @ R @ prefix[j].T for j in range(N)])


def _loss(F, T, mp):
    if mp:
        W = F[0]
        for Fj in F[1:]:
            W = Fj * W
        return mpmath.mpf(1) / 2 * mpmath.mnorm(W - T, "f") ** 2
    W = F[0]
    for Fj in F[1:]:
        W = Fj @ W
    return 0.5 * np.sum((W - T) ** 2)


def _margin_fd(p, ctx):
    """Formula (9) against central differences of the loss (8), all factors and entries."""
    N, n = p["N"], p["n"]
    F, T = _random_problem(N, n, p["seed"], p["scale"])
    G = np_gradients(F, T)
    mp = not ctx.is_float64
    if mp:
        Fm = [mpmath.matrix(Fj.tolist()) for Fj in F]
        Tm = mpmath.matrix(T.tolist())
        _, _, Gm = mp_gradients([Fj.tolist() for Fj in F], T.tolist())
        h = mpmath.mpf(FD_STEP)
    else:
        Fm, Tm, Gm, h = [Fj.copy() for Fj in F], T, G, FD_STEP
    err, big = 0, 0
    for j in range(N):
        for r in range(n):
            for c in range(n):
                x0 = Fm[j][r, c]
                Fm[j][r, c] = x0 + h
                up = _loss(Fm, Tm, mp)
                Fm[j][r, c] = x0 - h
                down = _loss(Fm, Tm, mp)
                Fm[j][r, c] = x0
                g = Gm[j][r][c]
                err = max(err, abs((up - down) / (2 * h) - g))
                big = max(big, abs(g))
    rel = float(err / big) if not mp else err / big
    return Margin(FD_TOL - rel, rel, FD_TOL, "max |grad (9) - central difference| / max |grad (9)|",
                  "relative tolerance", scale=FD_TOL, info={"max_abs_gradient": float(big)})


FD_CHECK = SampledCheck(
    domain=Domain(
        params=(Param("N", scale="choice", choices=(1, 2, 3, 4), grid=(1, 2, 3, 4)),
                Param("n", scale="choice", choices=(2, 3, 4), grid=(3,)),
                Param("seed", 0, 99999, scale="int", grid=(0, 1, 2)),
                Param("scale", 0.5, 2.0, scale="log", grid=(0.5, 1.0, 2.0))),
        description="N in {1,2,3,4}, n in {2,3,4} (grid n = 3), factors with N(0, scale^2/n) entries, scale in "
                    "[0.5, 2], Gaussian target (not necessarily symmetric), seeded by (seed, N, n)"),
    margin=_margin_fd,
    tolerance=f"relative {FD_TOL:g} (central differences, h = {FD_STEP:g})",
)


def jacobi_steps(F, T, eta, steps):
    """Reference: ``steps`` simultaneous updates (6) with the NumPy gradients (9)."""
    F = F.copy()
    for _ in range(steps):
        F = F - eta * np_gradients(F, T)
    return F


def _gauss_seidel_steps(F, T, eta, steps):
    """Sequential updates (factor j+1 sees the new factors 1..j): what a simultaneous update is not."""
    F = F.copy()
    for _ in range(steps):
        for j in range(F.shape[0]):
            F[j] = F[j] - eta * np_gradients(F, T)[j]
    return F


def _step_margin(p, F0, T, kernel_factors, ctx):
    steps, eta = p["steps"], p["eta"]
    if ctx.is_float64:
        ref = jacobi_steps(F0, T, eta, steps)
        diff = float(np.max(np.abs(kernel_factors - ref)))
        size = max(1.0, float(np.max(np.abs(ref))))
    else:
        ref = mp_matrix_gd(F0.tolist(), T.tolist(), eta, steps)[1]
        diff = max(abs(mpmath.mpf(float(kernel_factors[j, r, c])) - ref[j][r][c])
                   for j in range(len(ref)) for r in range(len(T)) for c in range(len(T)))
        size = max(1, max(abs(x) for Fj in ref for row in Fj for x in row))
    gs = float(np.max(np.abs(kernel_factors - _gauss_seidel_steps(F0, T, eta, steps))))
    diff = float(diff) if ctx.is_float64 else diff
    rel = diff / size
    return Margin(STEP_TOL - rel, rel, STEP_TOL, "max |matrix_gd - Jacobi reference| / max(1, max|W_j|)",
                  "relative tolerance", scale=STEP_TOL, info={"kernel_minus_gauss_seidel": gs})


def step_scale(F, T):
    """A curvature scale of the loss at ``F``: ``N s^(2N-2) + (N-1) s^(N-2) ||W - T||_2`` with ``s`` the
    largest spectral norm of the factors; the step is ``eta = f / step_scale``."""
    N = F.shape[0]
    s = max(float(np.linalg.norm(Fj, 2)) for Fj in F)
    W = F[0]
    for Fj in F[1:]:
        W = Fj @ W
    return N * s ** (2 * N - 2) + (N - 1) * s ** max(N - 2, 0) * float(np.linalg.norm(W - T, 2))


def _resolve_step(c):
    F, T = _random_problem(c["N"], c["n"], c["seed"], 1.0)
    return dict(c, eta=c["f"] / step_scale(F, T))


def _margin_step(p, ctx):
    F0, T = _random_problem(p["N"], p["n"], p["seed"], 1.0)
    out = matrix_gd(F0, T, p["eta"], p["steps"])
    return _step_margin(p, F0, T, out["factors"], ctx)


def _batch_step(points):
    """All points of one (N, n, steps) in one batched matrix_gd call."""
    out = [None] * len(points)
    groups = {}
    for i, p in enumerate(points):
        groups.setdefault((p["N"], p["n"], p["steps"]), []).append(i)
    for (N, n, steps), idx in groups.items():
        probs = [_random_problem(N, n, points[i]["seed"], 1.0) for i in idx]
        F0 = np.stack([f for f, _ in probs])
        T = np.stack([t for _, t in probs])
        res = matrix_gd(F0, T, np.array([points[i]["eta"] for i in idx]), steps)
        for b, i in enumerate(idx):
            out[i] = _step_margin(points[i], F0[b], T[b], res["factors"][b], FLOAT64)
    return out


STEP_CHECK = SampledCheck(
    domain=Domain(
        params=(Param("N", scale="choice", choices=(1, 2, 3, 4, 5), grid=(1, 2, 3, 4, 5)),
                Param("n", scale="choice", choices=(1, 2, 3, 5), grid=(1, 2, 3, 5)),
                Param("seed", 0, 99999, scale="int", grid=(0, 1)),
                Param("f", 1e-3, 0.5, scale="log", grid=(1e-3, 0.05, 0.5)),
                Param("steps", scale="choice", choices=(1, 3), grid=(1, 3))),
        resolve=_resolve_step,
        description="N in {1..5}, n in {1,2,3,5}, seeded N(0, 1/n) factors and Gaussian target, eta = f / step_scale "
                    "with f in [1e-3, 0.5], "
                    "1 or 3 steps of the matrix_gd kernel against a NumPy reference that updates all factors from "
                    "iterate k (Jacobi); the info records the distance to a sequential (Gauss-Seidel) update"),
    margin=_margin_step, batch=_batch_step,
    tolerance=f"relative {STEP_TOL:g}",
)


def _prove_gradient():
    return prove_factor_gradient(n=2, N=3)


def fd_plot(point):
    """Relative error of the central difference against (9) over the step h (n = 3)."""
    p = dict(point or {})
    N = int(p.get("N", 3)) if str(p.get("N", 3)).isdigit() else 3
    F, T = _random_problem(N, 3, 0, 1.0)
    G = np_gradients(F, T)
    hs = np.logspace(-9, -2, 29)
    errs = []
    for h in hs:
        Fp, Fm = F.copy(), F.copy()
        Fp[0, 0, 1] += h
        Fm[0, 0, 1] -= h
        errs.append(abs((_loss(Fp, T, False) - _loss(Fm, T, False)) / (2 * h) - G[0, 0, 1]) / np.max(np.abs(G)))
    return {"title": f"(9) vs central differences, entry (1,2) of W_1, n=3, N={N}", "xlabel": "h",
            "ylabel": "relative error", "xscale": "log", "yscale": "log",
            "series": [{"label": "|FD - (9)| / max|grad|", "x": hs.tolist(), "y": errs, "style": "points"}],
            "hlines": [{"y": FD_TOL, "label": "tolerance"}], "vlines": [{"x": FD_STEP, "label": "h of the recipe"}]}


EQ6_9 = catalogued(
    CATALOGUE, PAPER, "chou.eq6-9",
    arxiv="eqs. (6)-(9)", equations=("(6)", "(8)", "(9)"),
    statement=(r"$W_j(k+1)=W_j(k)-\eta\nabla_{W_j}\mathcal{L}(W(k))$ for all $j$, simultaneously from the iterate $k$; "
               r"$\mathcal{L}(W)=\frac{1}{2}\|W-\widehat{W}\|_F^2$, $\nabla_W\mathcal{L}=W-\widehat{W}$, $W=W_N\cdots W_1$ and "
               r"$$\nabla_{W_j}\mathcal{L}=(W_N\cdots W_{j+1})^\top(W-\widehat{W})(W_{j-1}\cdots W_1)^\top$$ "
               r"(empty products are $I$)."),
    check=AllOf(parts=(
        ("gradient (9) vs central differences", FD_CHECK),
        ("gradient (9) exactly (SymPy, n=2, N=3)", ProofCheck(_prove_gradient, "SymPy: symbolic entries, n = 2, N = 3")),
        ("matrix_gd kernel = simultaneous (Jacobi) update", STEP_CHECK),
    )),
    plot=fd_plot,
)


CLAIMS = [EQ6_9]
