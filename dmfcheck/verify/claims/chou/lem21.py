"""Lemma 2.1 of Chou et al. (decoupling, eq. (14); chou.lem2.1), checked with SymPy and the matrix
simulator S4 against the scalar simulator S1.

Precision. Lemma 2.1 is exact; in float64 the decoupled set is unstable for a mixed-sign spectrum
(chou.obs.instab), so S4 is compared with S1 only while the off-diagonal part of ``V^T W(k) V`` is below
``1e-8`` (catalogue §(c), S4), and over the whole horizon for a PSD ground truth. Near-ties and failures
are re-run in mpmath (:func:`dmfcheck.numeric.matrix_gd_mp.mp_matrix_gd`,
:func:`dmfcheck.numeric.scalar_recursion_mp.scalar_gd_mp`).
"""
from __future__ import annotations

import ast

import mpmath
import numpy as np

from dmfcheck.numeric.initializations import identical_init, symmetric_target
from dmfcheck.numeric.iteration_bounds import eta_limit_lem22
from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_trajectory
from dmfcheck.numeric.matrix_gd_mp import mp_matrix_gd
from dmfcheck.numeric.matrix_metrics import in_basis, offdiag_norm
from dmfcheck.numeric.scalar_recursion_mp import scalar_gd_mp
from dmfcheck.symbolic.matrix_gd import prove_decoupling_step

from ...claim import FLOAT64, AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from . import CATALOGUE, PAPER
from .grids import ALPHA_GRID, alpha_param

#: Steps of the S4-vs-S1 runs.
HORIZON = 1000
#: Agreement tolerance (relative to max(1, alpha^N, max|lam|)) and the float64 validity window.
AGREE_TOL = 1e-10
WINDOW_OFF = 1e-8
#: The decoupling must hold to AGREE_TOL over the first EARLY steps (before any drift can grow).
EARLY = 10


def lem21_spectrum(c, kind):
    """The eigenvalues of a point: seeded by (seed, n, kind); ``lam_max`` is the largest, a mixed
    spectrum has one eigenvalue in ``[-lam_max, -0.2 lam_max]``, some seeds put a zero eigenvalue."""
    n, seed, lam_max = int(c["n"]), int(c["seed"]), c["lam_max"]
    rng = np.random.default_rng([seed, n, 0 if kind == "mixed" else 1])
    if kind == "mixed":
        lam = lam_max * rng.uniform(-1, 1, n)
        lam[0] = lam_max
        lam[1] = -lam_max * rng.uniform(0.2, 1)
        if n >= 3 and seed % 3 == 0:
            lam[2] = 0.0
    else:
        lam = lam_max * rng.uniform(0, 1, n)
        lam[0] = lam_max
        if n >= 2 and seed % 2 == 0:
            lam[-1] = 0.0
    return lam


def lem21_problem(p):
    """``(eigenvalues, What, V, eta)`` of a resolved point (Haar V seeded by the point's seed)."""
    lam = np.array(p["spectrum"], dtype=np.float64)
    T, V = symmetric_target(lam, int(p["seed"]))
    return lam, T, V, p["eta"]


def _resolve_lem21(kind):
    def resolve(c):
        lam = lem21_spectrum(c, kind)
        eta = c["f"] * min(float(eta_limit_lem22(c["N"], float(x), c["alpha"])) for x in lam)
        return dict(c, kind=kind, eta=eta, spectrum=[float(x) for x in lam])
    return resolve


def _scalar_runs(N, lam, alpha, eta, steps, ctx):
    """S1 for every eigenvalue: array (steps+1, n) of d(k) (float64) or lists of mpf."""
    if ctx.is_float64:
        return np.stack([scalar_gd_trajectory(N, float(x), alpha, eta, steps) for x in lam], axis=1)
    runs = [scalar_gd_mp(N, float(x), alpha, eta, steps) for x in lam]
    return [list(r) for r in zip(*runs)]


def _reconstruct(V, dN):
    """``V diag(dN[k]) V^T`` for every k (float64 stack)."""
    return np.matmul(V[None, :, :] * dN[:, None, :], V.T)


def _lem21_measures(p, products, factors, V, d, ctx):
    """Per step: off-diagonal norm of V^T W V, max |diag(V^T W V) - d^N|, ||W - V D^N V^T||_F; and for
    the final factors: the largest off-diagonal norm of V^T W_j V and max |diag(V^T W_j V) - d(K)|."""
    N = p["N"]
    if ctx.is_float64:
        B = in_basis(products, V)
        off = offdiag_norm(B)
        diag = np.abs(np.einsum("kii->ki", B) - d**N).max(axis=1)
        frob = np.linalg.norm(products - _reconstruct(V, d**N), axis=(1, 2))
        BF = in_basis(factors, V)
        fac_off = float(np.max(offdiag_norm(BF)))
        fac_diag = float(np.max(np.abs(np.einsum("jii->ji", BF) - d[-1])))
        return off, diag, frob, fac_off, fac_diag
    Vm = mpmath.matrix(V.tolist())
    n = len(V)
    off, diag, frob = [], [], []
    for W, dk in zip(products, d):
        B = Vm.T * mpmath.matrix(W) * Vm
        off.append(mpmath.sqrt(mpmath.fsum(B[r, c] ** 2 for r in range(n) for c in range(n) if r != c)))
        diag.append(max(abs(B[r, r] - dk[r] ** N) for r in range(n)))
        frob.append(mpmath.mnorm(B - mpmath.diag([x**N for x in dk]), "f"))
    BF = [Vm.T * mpmath.matrix(Fj) * Vm for Fj in factors]
    fac_off = max(mpmath.sqrt(mpmath.fsum(B[r, c] ** 2 for r in range(n) for c in range(n) if r != c)) for B in BF)
    fac_diag = max(abs(B[r, r] - d[-1][r]) for B in BF for r in range(n))
    return off, diag, frob, fac_off, fac_diag


def _lem21_margin_from_run(p, problem, products, factors, ctx):
    """The margin of Lemma 2.1 from a run of ``len(products) - 1`` steps (the final factors are checked
    when the run covers the whole horizon)."""
    lam, _, V, eta = problem
    steps = len(products) - 1
    d = _scalar_runs(p["N"], lam, p["alpha"], eta, steps, ctx)
    off, diag, frob, fac_off, fac_diag = _lem21_measures(p, products, factors, V, d, ctx)
    if steps < HORIZON:
        fac_off = fac_diag = 0
    s = max(1.0, p["alpha"] ** p["N"], float(np.max(np.abs(lam))))
    tol = AGREE_TOL * s
    num = float if ctx.is_float64 else mpmath.mpf
    info = {"steps": steps, "off_final": float(off[-1]), "frobenius_final": float(frob[-1]),
            "factor_offdiag_final": float(fac_off)}
    if p["kind"] == "psd":
        worst = num(max(max(frob), fac_off, fac_diag))
        return Margin(tol - worst, worst, tol, "max_k ||W(k) - V D(k)^N V^T||_F and final factors vs V D(K) V^T",
                      "1e-10 max(1, alpha^N, max|lam|)", scale=tol, info=info)
    bad = [k for k, x in enumerate(off) if x > WINDOW_OFF * s]
    k_valid = bad[0] if bad else len(off)
    worst = max(max(diag[:k_valid]), max(off[: EARLY + 1]))
    if not bad and fac_off <= WINDOW_OFF * s:  # the final factors lie inside the window too
        worst = max(worst, fac_diag)
    info["window_end"] = k_valid
    worst = num(worst)
    return Margin(tol - worst, worst, tol, "max |diag V^T W(k) V - d(k)^N| in the float64 window (and early offdiag)",
                  "1e-10 max(1, alpha^N, max|lam|)", scale=tol, info=info)


def _first_violation(p, problem, products, factors):
    """The first step at which the float64 run breaks the tolerance (HORIZON if only the final factors
    do, or nothing does): an mpmath re-run need not go further."""
    lam, _, V, eta = problem
    d = _scalar_runs(p["N"], lam, p["alpha"], eta, HORIZON, FLOAT64)
    off, diag, frob, _, _ = _lem21_measures(p, products, factors, V, d, FLOAT64)
    s = max(1.0, p["alpha"] ** p["N"], float(np.max(np.abs(lam))))
    if p["kind"] == "psd":
        bad = frob > AGREE_TOL * s
    else:
        window = np.arange(len(off)) < int(np.argmax(off > WINDOW_OFF * s) if np.any(off > WINDOW_OFF * s) else len(off))
        bad = (window & (diag > AGREE_TOL * s)) | ((np.arange(len(off)) <= EARLY) & (off > AGREE_TOL * s))
    return int(np.argmax(bad)) if bad.any() else HORIZON


def _margin_lem21(p, ctx):
    problem = lem21_problem(p)
    _, T, _, eta = problem
    F0 = identical_init(p["N"], p["n"], p["alpha"])
    out = matrix_gd(F0, T, eta, HORIZON, record_every=1)
    if ctx.is_float64:
        return _lem21_margin_from_run(p, problem, out["history"], out["factors"], ctx)
    steps = _first_violation(p, problem, out["history"], out["factors"])
    products, factors = mp_matrix_gd(F0.tolist(), T.tolist(), eta, steps)
    return _lem21_margin_from_run(p, problem, products, factors, ctx)


def _batch_lem21(points):
    """All points of one (N, n) in one batched matrix_gd call."""
    out = [None] * len(points)
    groups = {}
    for i, p in enumerate(points):
        groups.setdefault((p["N"], p["n"]), []).append(i)
    for (N, n), idx in groups.items():
        probs = [lem21_problem(points[i]) for i in idx]
        F0 = np.stack([identical_init(N, n, points[i]["alpha"]) for i in idx])
        res = matrix_gd(F0, np.stack([pr[1] for pr in probs]), np.array([pr[3] for pr in probs]), HORIZON,
                        record_every=1)
        for b, i in enumerate(idx):
            out[i] = _lem21_margin_from_run(points[i], probs[b], res["history"][b], res["factors"][b], FLOAT64)
    return out


def _lem21_domain(kind):
    return Domain(
        params=(Param("N", scale="choice", choices=(1, 2, 3, 4, 5, 7), grid=(1, 2, 3, 4, 5, 7)),
                Param("n", scale="choice", choices=(2, 3, 4, 6), grid=(2, 3, 4, 6)),
                alpha_param(grid=ALPHA_GRID),
                Param("f", 0.01, 0.999, scale="log", grid=(0.01, 0.1, 0.5, 0.9, 0.999)),
                Param("lam_max", 0.05, 5.0, scale="log", grid=(0.05, 1.0, 5.0)),
                Param("seed", 0, 9999, scale="int", grid=(0, 1, 2))),
        resolve=_resolve_lem21(kind),
        description=(f"{'mixed-sign' if kind == 'mixed' else 'PSD'} spectra seeded by (seed, n): largest eigenvalue "
                     f"lam_max in [0.05, 5]{', one eigenvalue in [-lam_max, -0.2 lam_max]' if kind == 'mixed' else ''}, "
                     "a zero eigenvalue for some seeds, Haar V; N in {1,2,3,4,5,7}, n in {2,3,4,6}, alpha in "
                     "[0.02, 1.5], eta = f * min_i (Lemma 2.2 limit of lam_i), f in [0.01, 0.999]; "
                     f"{HORIZON} steps of S4 from alpha I against S1"),
        extra=({"N": 3, "n": 6, "alpha": 0.3, "f": 0.5, "lam_max": 2.0, "seed": 1},) if kind == "mixed" else ())


LEM21_MIXED = SampledCheck(
    domain=_lem21_domain("mixed"), margin=_margin_lem21, batch=_batch_lem21,
    tolerance=(f"|diag(V^T W(k) V) - d(k)^N| <= {AGREE_TOL:g} s while ||offdiag V^T W V||_F <= {WINDOW_OFF:g} s, "
               f"and ||offdiag V^T W V||_F <= {AGREE_TOL:g} s for k <= {EARLY}; the final factors: "
               f"|diag(V^T W_j V) - d(K)| <= {AGREE_TOL:g} s if ||offdiag V^T W_j V||_F <= {WINDOW_OFF:g} s; "
               "s = max(1, alpha^N, max|lam|)"),
)
LEM21_PSD = SampledCheck(
    domain=_lem21_domain("psd"), margin=_margin_lem21, batch=_batch_lem21,
    tolerance=(f"||W(k) - V D(k)^N V^T||_F <= {AGREE_TOL:g} s for every k <= {HORIZON}, and "
               f"|V^T W_j(K) V - D(K)| <= {AGREE_TOL:g} s entrywise; s = max(1, alpha^N, max|lam|)"),
)

#: The reference instance of the recipe: n = 6, N = 3, alpha = 0.3, eta = 0.02.
REFERENCE_SPECTRUM = (2.0, 1.0, 0.3, 0.0, -0.4, -1.5)


def reference_run(steps=3000, seed=0):
    """The recipe's instance: ``||W(k) - V D(k)^N V^T||_F`` and the off-diagonal norm of ``V^T W V``."""
    N, alpha, eta = 3, 0.3, 0.02
    T, V = symmetric_target(REFERENCE_SPECTRUM, seed)
    out = matrix_gd(identical_init(N, 6, alpha), T, eta, steps, record_every=1)
    d = np.stack([scalar_gd_trajectory(N, x, alpha, eta, steps) for x in REFERENCE_SPECTRUM], axis=1)
    H = out["history"]
    frob = np.linalg.norm(H - _reconstruct(V, d**N), axis=(1, 2))
    return frob, offdiag_norm(in_basis(H, V))


def lem21_plot(point):
    """S4 against S1 over k: the recipe's instance over 3000 steps (default) or a checked point."""
    p = dict(point or {})
    if "spectrum" in p and "kind" in p:
        spectrum = p["spectrum"] if isinstance(p["spectrum"], list) else ast.literal_eval(p["spectrum"])
        q = {"N": int(p["N"]), "n": int(p["n"]), "alpha": float(p["alpha"]), "seed": int(p["seed"]),
             "eta": float(p["eta"]), "spectrum": spectrum, "kind": p["kind"]}
        lam, T, V, eta = lem21_problem(q)
        H = matrix_gd(identical_init(q["N"], q["n"], q["alpha"]), T, eta, HORIZON, record_every=1)["history"]
        d = _scalar_runs(q["N"], lam, q["alpha"], eta, HORIZON, FLOAT64)
        frob = np.linalg.norm(H - _reconstruct(V, d ** q["N"]), axis=(1, 2))
        off = offdiag_norm(in_basis(H, V))
        title = f"Lemma 2.1, {q['kind']} spectrum {[round(x, 3) for x in spectrum]}, N={q['N']}, alpha={q['alpha']:g}"
    else:
        frob, off = reference_run()
        title = "Lemma 2.1, n=6, N=3, alpha=0.3, eta=0.02, Lambda=(2,1,0.3,0,-0.4,-1.5), float64"
    k = np.arange(len(frob))
    vlines = [{"x": int(np.argmax(off > WINDOW_OFF)), "label": "float64 leaves the manifold"}] if np.any(off > WINDOW_OFF) else []
    return {"title": title, "xlabel": "k", "ylabel": "norm", "xscale": "linear", "yscale": "log",
            "series": [{"label": "||W(k) - V D(k)^N V^T||_F", "x": k.tolist(), "y": frob.tolist(), "style": "line"},
                       {"label": "||offdiag V^T W(k) V||_F", "x": k.tolist(), "y": off.tolist(), "style": "line"}],
            "hlines": [{"y": AGREE_TOL, "label": "1e-10"}, {"y": WINDOW_OFF, "label": "window 1e-8"}],
            "vlines": vlines}


def _prove_decoupling():
    return [prove_decoupling_step(N, n=2) for N in (1, 2, 3, 4)]


LEM2_1 = catalogued(
    CATALOGUE, PAPER, "chou.lem2.1",
    arxiv="Lemma 2.1, eq. (14)", equations=("(6)", "(7)", "(9)", "(14)"),
    statement=(r"Let $(W_j(k))_{j=1}^N$ solve the gradient descent (6) with identical initialization (7) and let "
               r"$\widehat{W}=V\Lambda V^\top$ be an eigenvalue decomposition ($V$ orthogonal). Then the matrices "
               r"$D_j(k)=V^\top W_j(k)V$ are real, diagonal and identical, $D_j(k)=D(k)$, and "
               r"$$D(k+1)=D(k)-\eta D(k)^{N-1}\left(D(k)^N-\Lambda\right).$$"),
    check=AllOf(parts=(
        ("induction step (SymPy, n=2, N=1..4, symbolic rotation)",
         ProofCheck(_prove_decoupling, "SymPy: W_j = V D V^T with a symbolic rotation V, n = 2, N = 1..4")),
        ("S4 vs S1, mixed-sign spectrum, float64 window", LEM21_MIXED),
        ("S4 vs S1, PSD spectrum, whole horizon", LEM21_PSD),
    )),
    plot=lem21_plot,
)


CLAIMS = [LEM2_1]
