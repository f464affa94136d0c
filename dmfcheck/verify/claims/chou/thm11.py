"""Theorem 1.1 of Chou et al. (chou.thm1.1): the error bound (10) after T_N^Id and the limit, per eigenvalue.

By Lemma 2.1 the identical initialization decouples into the scalar recursion (15) per eigenvalue.
Conclusion 2 (10) is checked at every integer k of a window after ``ceil(T_N^Id)`` with the batched
:func:`~dmfcheck.numeric.kernels.scalar_windows.error_window` (near-bound values re-decided in mpmath);
conclusion 1 as the limit of (15). The window check is shared with :mod:`.rem12` (Remark 1.2 (i)).
"""
from __future__ import annotations

import math

import mpmath
import numpy as np

from dmfcheck.numeric.iteration_bounds import T_id, T_id_regime, eta_limit_thm11
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats, scalar_gd_trajectory
from dmfcheck.numeric.kernels.scalar_windows import error_window
from dmfcheck.numeric.scalar_recursion_mp import error_window_mp, scalar_gd_mp

from ...claim import AllOf, Domain, Margin, Param, SampledCheck
from ..builder import catalogued
from . import iteration_counts as ic
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .grids import DEGENERATE_GAP, alpha_param, e_param, f_param, lam_param, n_param
from .scalar_conventions import LIMIT_STEPS, LIMIT_TOL, RECON_TID, UNDECIDED_NOTE, usable


_WINDOW = 10_000
#: The magnitude of a second eigenvalue of the spectrum (sets ||W|| = max(|lam|, mu)).
MU_PARAM = Param("mu", 0.0, 30.0, grid=(0.0, 1.0, 5.0, 20.0))


def thm11_point(c, *, relative=False):
    """Resolve a Thm 1.1 point: ||W|| = max(|lam|, mu) (mu: a second eigenvalue), eta = f x the printed limit.

    ``relative``: Remark 1.2 (i), eps = eps' lam^(1/N)/N with bound eps' lam. UNDECIDED when
    ceil(T_N^Id) + 1e4 exceeds the budget.
    """
    N, lam, alpha = int(c["N"]), float(c["lam"]), float(c["alpha"])
    W = max(abs(lam), float(c["mu"]))
    r = ic.root_of(N, lam)
    gap = abs(r - alpha)
    if gap < DEGENERATE_GAP or (relative and lam <= 0):
        return None
    with mpmath.workdps(ic.bound_dps(lam)):
        limit = float(eta_limit_thm11(N, alpha, W))
        eta = float(c["eta"]) if "eta" in c else float(c["f"]) * limit
        if relative:
            eps = float(c["eps_rel"]) * r / N
        else:
            eps = float(c["eps"]) if "eps" in c else float(c["e"]) * gap
        if not (0 < eta < limit and 0 < eps < gap):
            return None
        tid = float(T_id(N, lam, eps, alpha, eta))
    if not math.isfinite(tid) or math.ceil(tid) + _WINDOW > ic.BUDGET:
        return None
    bound = float(c["eps_rel"]) * lam if relative else (eps * N * lam ** (1 - 1 / N) if lam > 0 else eps**N)
    return {"N": N, "lam": lam, "alpha": alpha, "W_norm": W, "eta": eta, "eps": eps, "eta_limit": limit,
            "regime": T_id_regime(N, lam, alpha), "T_Id": tid, "bound": bound,
            "start": max(0, math.ceil(tid)), "stop": max(0, math.ceil(tid)) + _WINDOW}


def _window_margin(p, worst, k, prec):
    b = p["bound"]
    value = b * (1 + 1e-12) - worst
    return Margin(value, worst, b, f"max |E_ii(k)| over k in [ceil(T_N^Id), ceil(T_N^Id) + 1e4] (at k={k})",
                  "bound (10)", scale=float(b),
                  info={"T_N^Id": p["T_Id"], "window": f"{p['start']}..{p['stop']}", "argmax k": int(k),
                        "||W||": p["W_norm"], "eta / printed limit": p["eta"] / p["eta_limit"],
                        "regime": p["regime"], "precision": prec})


def thm11_margin(p, ctx):
    """|E_ii(k)| <= bound at every integer k in the window. float64: batched (near the bound within the float64
    error: re-decided in mpmath). mpmath: the recursion up to 16 steps past the float64 argmax of the window
    (the rest of the window is far from the bound), at most MP_STEP_CAP steps."""
    if ctx.is_float64:
        return thm11_batch([p])[0]
    k64 = int(error_window(p["N"], p["lam"], p["alpha"], p["eta"], p["start"], p["stop"])[1][0])
    stop = min(p["stop"], k64 + 16)
    if stop > ic.MP_STEP_CAP:
        m = thm11_batch([p])[0]
        return Margin(m.value, m.lhs, m.rhs, m.lhs_label, m.rhs_label, m.scale,
                      info=dict(m.info, precision=f"float64: UNCONFIRMED (mpmath re-run beyond {ic.MP_STEP_CAP} "
                                                  "steps)"))
    worst, k = error_window_mp(p["N"], p["lam"], p["alpha"], p["eta"], p["start"], stop)
    return _window_margin(p, worst, k, f"{ctx.label()} (steps {p['start']}..{stop})")


def thm11_batch(points):
    """The margins of (10) for a batch of resolved points: the float64 window maximum, re-decided in mpmath
    (dps 50) where it lies within the float64 error bound of E from the bound."""
    N, lam, alpha, eta, start, stop = ic.as_points(points, "N", "lam", "alpha", "eta", "start", "stop")
    worst, arg = error_window(N, lam, alpha, eta, start, stop)
    out = []
    for i, p in enumerate(points):
        w, k, prec = worst[i], int(arg[i]), "float64"
        if abs(p["bound"] * (1 + 1e-12) - w) <= ic.error_bound_E(p["N"], p["lam"], p["alpha"], p["eps"], p["stop"]):
            if p["stop"] <= ic.MP_STEP_CAP:  # within the float64 error: decide in mpmath (§(f))
                with mpmath.workdps(ic.CONFIRM_DPS):
                    w, k = error_window_mp(p["N"], p["lam"], p["alpha"], p["eta"], p["start"], p["stop"])
                prec = f"mpmath dps={ic.CONFIRM_DPS} (float64 within its error bound)"
            else:
                prec = "float64: within its error bound, UNCONFIRMED (beyond the mpmath cap)"
        out.append(_window_margin(p, w, k, prec))
    return out


def _thm11_plot(p):
    default = {"N": 3, "lam": 2.0, "alpha": 0.5, "eta": 0.05, "eps": 0.01, "mu": 2.0}
    keys = ("N", "lam", "alpha", "eta", "eps", "mu")
    q = thm11_point({k: (int(float(v)) if k == "N" else float(v)) for k, v in p.items() if k in keys}) \
        if usable(p, keys) else None
    q = q or thm11_point(default)
    K = min(q["stop"], 100_000)
    d = scalar_gd_trajectory(q["N"], q["lam"], q["alpha"], q["eta"], K)
    E = np.abs(d ** q["N"] - max(q["lam"], 0.0))
    return {"title": f"Thm 1.1: |E_ii(k)|, N={q['N']}, lam={q['lam']:g}, alpha={q['alpha']:g}, eta={q['eta']:.3g}",
            "xlabel": "k", "ylabel": "|E_ii(k)|", "xscale": "linear", "yscale": "log",
            "series": [{"label": "|d(k)^N - lam_+| (S1)", "x": list(range(K + 1)), "y": E.tolist(), "style": "line"}],
            "hlines": [{"y": q["bound"], "label": "bound (10)"}],
            "vlines": [{"x": q["T_Id"], "label": "T_N^Id (RECONSTRUCTED)"}]}


def _conv_resolve(c):
    """Conclusion 1 per eigenvalue: K = the flow estimate of the steps to 1e-2 of lam_+^(1/N), <= 2e5."""
    N, lam, alpha = int(c["N"]), float(c["lam"]), float(c["alpha"])
    W = max(abs(lam), float(c["mu"]))
    with mpmath.workdps(20):
        limit = float(eta_limit_thm11(N, alpha, W))
    eta = float(c["f"]) * limit
    K = ic.flow_horizon(N, lam, alpha, eta, LIMIT_TOL)
    if K > LIMIT_STEPS:
        return None  # UNDECIDED within the horizon
    return {"N": N, "lam": lam, "alpha": alpha, "W_norm": W, "eta": eta, "K": max(K, 1)}


def _conv_margin_from(p, d_final, prec):
    status = ic.limit_status(p["N"], p["lam"], float(d_final), LIMIT_TOL) if mpmath.isfinite(d_final) else "other"
    dist = abs(d_final - ic.root_of(p["N"], p["lam"])) if mpmath.isfinite(d_final) else mpmath.inf
    value = (LIMIT_TOL - dist) / LIMIT_TOL if status == "root" else -1 - min(float(dist), 1e300)
    return Margin(value, dist, LIMIT_TOL, f"|d(K) - lam_+^(1/N)| at K = {p['K']}", "1e-2", scale=1.0,
                  info={"status": status, "eta": p["eta"], "||W||": p["W_norm"], "precision": prec})


def _final_at(p):
    res = scalar_gd_stats(p["N"], p["lam"], p["alpha"], p["eta"], 0.0, p["K"])
    return res["d_final"][0] if res["finite"][0] else math.inf


def _conv_margin(p, ctx):
    if ctx.is_float64:
        return _conv_margin_from(p, _final_at(p), "float64")
    if p["K"] > ic.MP_STEP_CAP:
        return _conv_margin_from(p, _final_at(p), f"float64: UNCONFIRMED (mpmath re-run beyond {ic.MP_STEP_CAP})")
    return _conv_margin_from(p, scalar_gd_mp(p["N"], p["lam"], p["alpha"], p["eta"], p["K"])[-1], ctx.label())


_THM11_PARAMS = (n_param(), lam_param(), alpha_param(), MU_PARAM, f_param(), e_param())
THM11_TEXT = ("Per eigenvalue by Lemma 2.1 (S1 is exact for identical initialization): §(f) grid N, lam, alpha, "
               "f, e; ||W|| = max(|lam|, mu) with a second eigenvalue of magnitude mu in {0, 1, 5, 20} (mu > |lam|: "
               "a spectrum with a larger eigenvalue), eta = f x 1/((3N-2) max(alpha^(N-2), ||W||^(2-2/N))) "
               "(the printed limit; alpha above and below 1); ")

THM11 = catalogued(
    CATALOGUE, PAPER, "chou.thm1.1",
    statement=(r"Let $N\ge2$, $\widehat W=V\Lambda V^\top$ symmetric, $\alpha>0$, GD (6) with identical "
               r"initialization (7) and $0<\eta<\frac{1}{(3N-2)\max\{\alpha^{N-2},\|\widehat W\|^{2-\frac2N}\}}$. "
               r"Then $W(k)\to V\Lambda_+V^\top$, and $E(k)=V^\top W(k)V-\Lambda_+$ is diagonal with "
               r"$|E_{ii}(k)|\le\varepsilon N\lambda_i^{1-1/N}$ ($\lambda_i>0$), $|E_{ii}(k)|\le\varepsilon^N$ "
               r"($\lambda_i\le0$) for all $k\ge T_N^{\mathrm{Id}}(\lambda_i,\varepsilon,\alpha,\eta)$ (10)."),
    arxiv="Theorem 1.1, eq. (10)", equations=("(6)", "(7)", "(10)", "(15)", "(20)"),
    reconstructed=RECON_TID,
    check=AllOf(parts=(
        ("conclusion 2 (10): |E_ii(k)| bound for all integers k >= T_N^Id",
         SampledCheck(domain=Domain(params=_THM11_PARAMS, resolve=thm11_point,
                                    extra=({"N": 3, "lam": 2.0, "alpha": 0.5, "mu": 2.0, "eta": 0.05, "eps": 0.01},
                                           {"N": 3, "lam": 0.0, "alpha": 1.5, "mu": 0.0, "f": 0.999, "e": 0.5},
                                           {"N": 2, "lam": -1.0, "alpha": 1.5, "mu": 20.0, "f": 0.999, "e": 0.999}),
                                    description=THM11_TEXT + "eps = e x gap; every integer k in [ceil(T_N^Id), "
                                    "ceil(T_N^Id) + 1e4] (the end of the run). " + UNDECIDED_NOTE),
                      margin=thm11_margin, batch=thm11_batch,
                      tolerance="violation by more than 1e-12 relative; float64 values within the float64 error "
                                "bound of E are re-decided in mpmath dps=50")),
        ("conclusion 1: d(k)^N -> lam_+ per eigenvalue (limit of S1)",
         SampledCheck(domain=Domain(params=_THM11_PARAMS[:5], resolve=_conv_resolve,
                                    description=THM11_TEXT + "K = 2 t/eta + s_N + 100 (flow estimate to 1e-2 of the "
                                    "root); points with K > 2e5 are UNDECIDED (skipped). The matrix-level comparison "
                                    "with S4 belongs to chou.lem2.1."),
                      margin=_conv_margin,
                      tolerance="|d(K) - lam_+^(1/N)| <= 1e-2; another fixed point or no approach is a violation")),
    )),
    plot=_thm11_plot,
)


CLAIMS = [THM11]
