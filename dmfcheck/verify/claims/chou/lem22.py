"""Lemma 2.2 of Chou et al. (chou.lem2.2): convergence, monotone error and interval invariance of (15).

N = 1 by an exact identity; N >= 2 in the three step-size cases of the lemma on S1 runs of
:data:`~.scalar_conventions.LIMIT_STEPS` steps (float64 batched, violations re-run in mpmath), the
limit judged where the flow estimate of :func:`~.iteration_counts.flow_horizon` covers it.
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from dmfcheck.numeric.iteration_bounds import eta_limit_lem22
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats, scalar_gd_trajectory
from dmfcheck.numeric.scalar_recursion_mp import scalar_gd_mp
from dmfcheck.symbolic.exact import Proof, exact_zero

from ...claim import AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from . import iteration_counts as ic
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .scalar_conventions import LIMIT_STEPS, LIMIT_TOL, usable


def _lem22_n1_proof():
    """N = 1: g(x) - lam = (1 - eta)(x - lam) exactly, so |d(k) - lam| = (1 - eta)^k |alpha - lam|."""
    x, lam, eta = sp.symbols("x lambda eta")
    holds, method = exact_zero((x - eta * (x - lam)) - lam - (1 - eta) * (x - lam))
    return Proof(holds=holds, exact=True, method=method,
                 steps=(f"N = 1: g(x) - lam - (1 - eta)(x - lam) = 0 ({method})",
                        "by induction d(k) - lam = (1 - eta)^k (alpha - lam); for eta in (0, 1) the printed bound "
                        "|d(k) - lam| <= (1 - eta)^k |alpha - lam| holds with equality"))


def _lem22_interval(N, lam, alpha):
    r = ic.root_of(N, lam)
    return (alpha, r) if lam >= alpha**N else (r, alpha)


def _lem22_resolve(case):
    def resolve(c):
        N, alpha = int(c["N"]), float(c["alpha"])
        lam = -(float(c["rho"]) * alpha) ** N if "rho" in c else float(c["lam"])
        in_case = {"lam>0": lam > 0,
                   "lam<=0, alpha>=|lam|^(1/N)": lam <= 0 and alpha >= abs(lam) ** (1 / N),
                   "lam<0, alpha<|lam|^(1/N)": lam < 0 and alpha < abs(lam) ** (1 / N)}[case]
        if not in_case:
            return None
        with mpmath.workdps(20):
            limit = float(eta_limit_lem22(N, lam, alpha))
        eta = float(c["f"]) * limit
        horizon = ic.flow_horizon(N, lam, alpha, eta, LIMIT_TOL)
        return {"N": N, "lam": lam, "alpha": alpha, "eta": eta, "eta_limit": limit,
                "limit_horizon": horizon if horizon <= LIMIT_STEPS else -1}
    return resolve


def _lem22_margin_from(p, d_min, d_max, err_increase, d_final, tol_mono, covered, outside=None):
    """Interval invariance (tol 1e-12), monotone error (tol 64u max(1,|lam|)) and, where decided, the limit.

    The margin is the smallest of the three relative margins (1 = exactly at the tolerance's edge of the
    statement, e.g. d(k) touching an end of the interval; < 0 = violated).
    """
    N, lam, alpha = p["N"], p["lam"], p["alpha"]
    lo, hi = _lem22_interval(N, lam, alpha)
    tol_int = 1e-12 * max(1.0, hi)
    inside = min(d_min - lo, hi - d_max)
    parts = {"interval invariance": ((tol_int + inside) / tol_int, -inside, tol_int,
                                     "distance outside [%.17g, %.17g]" % (lo, hi)),
             "monotone error": ((tol_mono - err_increase) / tol_mono, err_increase, tol_mono,
                                "max_k |d(k+1)^N - lam_+| - |d(k)^N - lam_+|")}
    info = {"steps": covered, "eta/limit": p["eta"] / p["eta_limit"],
            "d range": f"[{mpmath.nstr(d_min, 17)}, {mpmath.nstr(d_max, 17)}]"}
    if 0 <= p["limit_horizon"] <= covered:
        status = ic.limit_status(N, lam, float(d_final), LIMIT_TOL)
        dist = abs(float(d_final) - ic.root_of(N, lam))
        parts["limit"] = ((LIMIT_TOL - dist) / LIMIT_TOL if status == "root" else -max(dist, LIMIT_TOL) / LIMIT_TOL,
                          dist, LIMIT_TOL, f"|d({covered}) - lam_+^(1/N)| ({status})")
    else:
        info["limit"] = (f"UNDECIDED: flow estimate needs more than {covered} steps" if p["limit_horizon"] < 0 else
                         f"UNDECIDED: not covered by the mpmath re-run ({covered} steps)")
    if outside:
        info["outside the hypothesis (eta = 1.5 x limit)"] = outside
    for name, (rel, measured, allowed, what) in parts.items():
        info[name] = f"{what} = {mpmath.nstr(measured, 8)} (allowed {mpmath.nstr(allowed, 3)})"
    name = min(parts, key=lambda k: parts[k][0])
    rel, measured, allowed, what = parts[name]
    return Margin(rel, measured, allowed, f"{name}: {what}", "tolerance", scale=1.0, info=info)


def _lem22_batch(points):
    N, lam, alpha, eta = ic.as_points(points, "N", "lam", "alpha", "eta")
    out = scalar_gd_stats(N, lam, alpha, eta, 0.0, LIMIT_STEPS)
    outside = _lem22_outside(points) if points and points[0]["lam"] > 0 else [None] * len(points)
    margins = []
    for i, p in enumerate(points):
        if not out["finite"][i]:
            margins.append(Margin(-1.0, int(out["steps_run"][i]), LIMIT_STEPS, "step at which (15) diverged",
                                  "steps run", scale=1.0))
            continue
        margins.append(_lem22_margin_from(p, out["d_min"][i], out["d_max"][i], out["max_err_increase"][i],
                                          out["d_final"][i], 64 * ic.UNIT_ROUNDOFF * max(1.0, abs(p["lam"])),
                                          LIMIT_STEPS, outside[i]))
    return margins


def _lem22_outside(points):
    """For lam > 0: the run at 1.5 x the printed limit (outside the hypothesis), reported, never a FAIL."""
    N, lam, alpha, eta, limit = ic.as_points(points, "N", "lam", "alpha", "eta", "eta_limit")
    out = scalar_gd_stats(N, lam, alpha, 1.5 * limit, 0.0, 20_000)
    notes = []
    for i, p in enumerate(points):
        back = out["max_d_decrease"][i] if alpha[i] < ic.root_of(int(N[i]), lam[i]) else out["max_d_increase"][i]
        status = ic.limit_status(int(N[i]), lam[i], out["d_final"][i], 1e-6) if out["finite"][i] else "diverges"
        notes.append(("oscillates (largest step against the monotone direction %.3g)" % back if back > 0 else
                      "monotone") + f"; after 2e4 steps: {status}")
    return notes


def _lem22_first_violation(p):
    """The first step at which the float64 run violates invariance or monotonicity (None if none)."""
    N, lam, alpha = p["N"], p["lam"], p["alpha"]
    d = scalar_gd_trajectory(N, lam, alpha, p["eta"], LIMIT_STEPS)
    lo, hi = _lem22_interval(N, lam, alpha)
    tol = 1e-12 * max(1.0, hi)
    errs = np.abs(d**N - max(lam, 0.0))
    bad = np.nonzero((d < lo - tol) | (d > hi + tol) | ~np.isfinite(d))[0].tolist()
    bad += (np.nonzero(np.diff(errs) > 64 * ic.UNIT_ROUNDOFF * max(1.0, abs(lam)))[0] + 1).tolist()
    return min(bad) if bad else None


def _lem22_margin(p, ctx):
    """float64: the batched kernel. mpmath: the recursion up to the first float64 violation (or the limit
    horizon, or K), at most MP_STEP_CAP steps; the limit is judged only when the re-run covers its horizon."""
    if ctx.is_float64:
        return _lem22_batch([p])[0]
    k_bad = _lem22_first_violation(p)
    steps = min(ic.MP_STEP_CAP, k_bad if k_bad is not None else max(p["limit_horizon"], 1000))
    d = scalar_gd_mp(p["N"], p["lam"], p["alpha"], p["eta"], steps)
    target = max(mpmath.mpf(p["lam"]), 0)
    errs = [abs(x ** p["N"] - target) for x in d]
    increase = max(b - a for a, b in zip(errs, errs[1:])) if steps else mpmath.mpf(0)
    tol_mono = 64 * mpmath.eps * max(1, abs(mpmath.mpf(p["lam"])))
    return _lem22_margin_from(p, min(d), max(d), increase, d[-1], tol_mono, steps)


def _lem22_check(case, params, grid_note):
    return SampledCheck(
        domain=Domain(params=params, resolve=_lem22_resolve(case),
                      description=f"Case {case}: N in 2..7, {grid_note}, eta = f * (the printed limit of this case) "
                                  "with f in {0.1,0.5,0.9,0.99,0.999} and log-uniform draws down to 1e-3; "
                                  f"K = {LIMIT_STEPS} steps of (15). Limit: |d(K) - lam_+^(1/N)| < 1e-2 where the flow "
                                  f"estimate 2 t/eta + s_N + 100 is <= K, otherwise UNDECIDED (info 'limit'); "
                                  "another fixed point or a stall short of the root is a violation."),
        margin=_lem22_margin, batch=_lem22_batch,
        tolerance="interval invariance at every step within 1e-12 max(1, upper end); error |d^N - lam_+| "
                  "increase per step <= 64 u max(1, |lam|) (§(f)); limit within 1e-2")


_N27 = Param("N", scale="choice", choices=(2, 3, 4, 5, 6, 7), grid=(2, 3, 4, 5, 6, 7))
_ALPHA22 = Param("alpha", 0.05, 2.0, scale="log", grid=(0.05, 0.3, 0.9, 1.0, 1.3, 2.0))
_F22 = Param("f", 1e-3, 0.999, scale="log", grid=(0.1, 0.5, 0.9, 0.99, 0.999))


def _lem22_plot(p):
    if not usable(p, ("N", "lam", "alpha")):
        p = {"N": 2, "lam": 1.0, "alpha": 0.5}
    N, lam, alpha = int(float(p["N"])), float(p["lam"]), float(p["alpha"])
    with mpmath.workdps(20):
        limit = float(eta_limit_lem22(N, lam, alpha))
    series = []
    for factor, label in ((0.9, "eta = 0.9 x limit (hypothesis)"), (1.5, "eta = 1.5 x limit (outside)")):
        d = scalar_gd_trajectory(N, lam, alpha, factor * limit, 60)
        series.append({"label": label, "x": list(range(61)), "y": d.tolist(), "style": "line"})
    return {"title": f"Lemma 2.2: d(k), N={N}, lam={lam:g}, alpha={alpha:g}", "xlabel": "k", "ylabel": "d(k)",
            "xscale": "linear", "yscale": "linear", "series": series,
            "hlines": [{"y": ic.root_of(N, lam), "label": "lam_+^(1/N)"}], "vlines": []}


LEM22 = catalogued(
    CATALOGUE, PAPER, "chou.lem2.2",
    statement=(r"Let $d$ solve (15) for $\lambda\in\mathbb R$, $\alpha>0$. If $N=1$, $\eta\in(0,1)$: $|d(k)-\lambda|\le"
               r"(1-\eta)^k|\alpha-\lambda|$. If $N\ge2$ and $0<\eta<\left(N\max\{\alpha,|\lambda|^{1/N}\}^{2N-2}"
               r"\right)^{-1}$ ($\lambda>0$), $0<\eta<\alpha^{-2N+2}$ ($\lambda\le0$, $\alpha\ge|\lambda|^{1/N}$), "
               r"$0<\eta<\left((3N-2)|\lambda|^{2-2/N}\right)^{-1}$ ($\lambda<0$, $\alpha<|\lambda|^{1/N}$), then "
               r"$\lim_k d(k)=\lambda_+^{1/N}$, the error $|d(k)^N-\lambda_+|$ is monotonically decreasing, and "
               r"$d(k)\in[\alpha,\lambda^{1/N}]$ if $\lambda\ge\alpha^N$, $d(k)\in[\lambda_+^{1/N},\alpha]$ if "
               r"$\lambda<\alpha^N$."),
    arxiv="Lemma 2.2", equations=("(15)", "(16)"),
    check=AllOf(parts=(
        ("N=1", ProofCheck(prove=_lem22_n1_proof, description="exact one-step identity for N = 1")),
        ("N>=2, lam>0", _lem22_check("lam>0", (_N27, Param("lam", 1e-3, 20.0, scale="log",
                                                              grid=(1e-3, 0.3, 1.0, 4.0)), _ALPHA22, _F22),
                                       "lam in {1e-3, 0.3, 1, 4} and log-uniform in [1e-3, 20] (lam = alpha^N "
                                       "included where drawn); the oscillation at 1.5 x the limit is reported in "
                                       "info")),
        ("N>=2, lam<=0, alpha>=|lam|^(1/N)",
         _lem22_check("lam<=0, alpha>=|lam|^(1/N)",
                      (_N27, Param("rho", 0.0, 1.0, grid=(0.0, 0.1, 0.5, 0.9, 0.999, 1.0)), _ALPHA22, _F22),
                      "lam = -(rho alpha)^N with rho in [0, 1] (rho = 0: lam = 0; rho = 1: the boundary "
                      "alpha = |lam|^(1/N))")),
        ("N>=2, lam<0, alpha<|lam|^(1/N)",
         _lem22_check("lam<0, alpha<|lam|^(1/N)",
                      (_N27, Param("rho", 1.0001, 10.0, scale="log", grid=(1.0001, 1.5, 3.0, 10.0)), _ALPHA22, _F22),
                      "lam = -(rho alpha)^N with rho in (1, 10] (rho -> 1: the case boundary)")),
    )),
    notes="The oscillation between the printed limit and twice it (Lemma A.1) lies outside the hypothesis and is "
          "reported in the info of the lam > 0 points, not judged.",
    plot=_lem22_plot,
)


CLAIMS = [LEM22]
