"""The reporting requirement chou.obs.ceil of Chou et al.'s catalogue: float64 counts equal mpmath counts.

For the comparisons of Theorem 2.3 ((22), (23)), the float64 pipeline of :mod:`.iteration_counts`
(count and bounds) is re-run in mpmath (dps >= 50) at every explored point of :mod:`.thm23`'s
domain with ``T_N^Id`` small enough, plus constructed near-ties of the hitting decision.
"""
from __future__ import annotations

import math
from functools import lru_cache

import mpmath

from dmfcheck.numeric.iteration_bounds import T_id, eta_limit_21, lower_bound_23
from dmfcheck.numeric.scalar_recursion_mp import scalar_gd_mp

from ...claim import Domain, Margin, Precision, SampledCheck
from ..builder import catalogued
from . import iteration_counts as ic
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .scalar_conventions import RECON_TID, mp_params
from .thm23 import THM23_DOMAIN_TEXT, THM23_EXTRA, d_plot, thm23_params, tid_point


#: The mpmath ground truth is run for every explored point, so points are limited to T_N^Id <= this.
_CEIL_CAP = 5000

#: Constructed near-ties: eps = |d(k*) - root| from an mpmath dps=50 run, rounded to float64.
_CEIL_TIES = tuple(
    dict(N=N, lam=lam, alpha=alpha, eta=eta, tie_step=k)
    for N, lam, alpha, eta, steps in ((3, 5.0, 0.1, 1e-3, (2159, 2300, 2600)), (2, 1.0, 0.1, 0.01, (341, 420, 600)),
                                      (3, -1.0, 0.5, 0.02, (393, 1000)), (4, 2.0, 0.3, 0.01, (340, 400)),
                                      (2, 1.0, 0.8, 0.1, (8, 20)), (5, 0.2, 1.0, 0.05, (30, 200)))
    for k in steps)


@lru_cache(maxsize=256)
def _tie_eps(N, lam, alpha, eta, k):
    with mpmath.workdps(ic.CONFIRM_DPS):
        d = scalar_gd_mp(N, lam, alpha, eta, k)[k]
        return float(abs(d - (mpmath.root(lam, N) if lam > 0 else 0)))


def _ceil_resolve(c):
    if "tie_step" in c:
        c = dict(c, eps=_tie_eps(int(c["N"]), float(c["lam"]), float(c["alpha"]), float(c["eta"]), int(c["tie_step"])))
    p = tid_point(c, eta_limit_21)
    if p is None or p["T_Id"] > _CEIL_CAP:
        return None
    if p["lam"] > p["alpha"] ** p["N"]:
        with mpmath.workdps(ic.bound_dps(p["lam"])):
            p["LB"] = float(lower_bound_23(p["N"], p["lam"], p["eps"], p["alpha"], p["eta"]))
    return p


def _ceil_margin(p, ctx):
    """float64 pipeline (count + bounds) against mpmath dps >= 50 (count + bounds) at one point."""
    N, horizon = p["N"], int(math.floor(p["T_Id"])) + 1
    c = ic.hitting_counts(N, p["lam"], p["alpha"], p["eta"], p["eps"], horizon)[0]
    with mpmath.workdps(max(ic.CONFIRM_DPS, ctx.dps or 0, ic.bound_dps(p["lam"], ic.CONFIRM_DPS))):
        lam, alpha, eta, eps = mp_params(p)
        truth = ic.hitting_count(N, lam, alpha, eta, eps, horizon, Precision(mpmath.mp.dps))
        bounds = [("T_N^Id", p["T_Id"], T_id(N, lam, eps, alpha, eta), True)]
        if "LB" in p:
            bounds.append(("LB (23)", p["LB"], lower_bound_23(N, lam, eps, alpha, eta), False))
    value = 0.5 - (abs(c.T - truth.T) if c.T is not None and truth.T is not None else (0 if c.T == truth.T else 1))
    info = {"T (float64 pipeline)": c.describe(), "T (mpmath)": truth.describe()}
    for name, b64, bmp, upper in bounds:
        holds64 = c.T is not None and (c.T <= b64 if upper else c.T >= b64)
        holds_mp = truth.T is not None and (truth.T <= bmp if upper else truth.T >= bmp)
        if not upper and c.T is None and truth.T is None:
            holds64 = holds_mp = True
        if holds64 != holds_mp:
            value = min(value, -0.5)
        tie = truth.T is not None and abs(truth.T - bmp) <= ic.COUNT_TIE * max(1, abs(bmp))
        info[name] = f"{mpmath.nstr(bmp, 15)} (T - bound = {mpmath.nstr(truth.at_least() - bmp, 8)}" + \
                     ("; count-vs-bound near-tie" if tie else "") + ")"
    return Margin(value, c.at_least(), truth.at_least(), "T reported (float64 + near-tie confirmation)",
                  "T in mpmath dps=50", scale=1.0, info=info)


def _ceil_plot(p):
    p = p or dict(_CEIL_TIES[1], eps=_tie_eps(3, 5.0, 0.1, 1e-3, 2300))
    return d_plot(p if "eps" in p else dict(p, eps=_tie_eps(int(float(p["N"])), float(p["lam"]), float(p["alpha"]),
                                                           float(p["eta"]), int(float(p["tie_step"])))))


OBS_CEIL = catalogued(
    CATALOGUE, PAPER, "chou.obs.ceil",
    statement=(r"For the comparisons of Thm 2.3 ((22), (23)), every reported integer count $T$ is shown next to the "
               r"real bound as printed, and every float64 count and comparison equals the one decided in mpmath "
               r"(dps 50): near-ties (a hitting decision within $10^{-10}\varepsilon$ or the float64 error, a count "
               r"within $10^{-6}$ relative of its bound) are confirmed in mpmath before they are reported."),
    arxiv="observation (§(f) of the catalogue)", equations=("(15)", "(20)", "(22)", "(23)"),
    reconstructed=RECON_TID,
    check=SampledCheck(
        domain=Domain(params=thm23_params(), resolve=_ceil_resolve, extra=THM23_EXTRA + _CEIL_TIES,
                      description=THM23_DOMAIN_TEXT + f"Restricted to T_N^Id <= {_CEIL_CAP} (each point is re-run "
                      "in mpmath dps=50 from k = 0). Plus constructed near-ties: eps = |d(k*) - root| of an mpmath "
                      "run, rounded to float64, at the reference instances. Margin 0.5 - |T_float64 - T_mpmath|; "
                      "-0.5 when a float64 comparison T <= T_N^Id or T >= LB differs from the mpmath one."),
        margin=_ceil_margin, near_tie=0.0,
        tolerance="counts must agree exactly; bounds compared as printed in both precisions"),
    notes="The helpers widen §(f)'s 1e-10 eps band to the float64 error bound 8(k+1)u max(1, root, alpha) "
          "(2 eps for lam <= 0): with eps = 1e-6 of the gap the float64 error of d(k) exceeds 1e-10 eps.",
    plot=_ceil_plot,
)


CLAIMS = [OBS_CEIL]
