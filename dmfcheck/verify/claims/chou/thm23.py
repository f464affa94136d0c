"""Theorem 2.3 of Chou et al.: the iteration-count bounds (22) and (23) (chou.thm2.3-upper, chou.thm2.3-lower).

The hitting time ``T`` of recursion (15) (simulator S1, counts as in chou.md §(f) through
:mod:`.iteration_counts`) against the RECONSTRUCTED ``T_N^Id`` of (20) (as printed and as its
ceiling, the integer form of the proof) and against the lower bound (23). The §(f) point resolution,
domain, reference instances and the ``d(k)`` plot are shared with :mod:`.obs_ceil`.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np

from dmfcheck.numeric.iteration_bounds import T_id, T_id_regime, eta_limit_21, lower_bound_23
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_trajectory

from ...claim import AllOf, Domain, Margin, SampledCheck
from ..builder import catalogued
from . import iteration_counts as ic
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .grids import DEGENERATE_GAP, alpha_param, e_param, f_param, lam_param, n_param
from .scalar_conventions import COUNT_NOTE, F64_BOUND, RECON_TID, UNDECIDED_NOTE, mp_params, usable


def tid_point(c, eta_limit):
    """Resolve a §(f) point: ``eta = f * eta_limit(N, lam, alpha)``, ``eps = e * gap``, and ``T_N^Id``."""
    N, lam, alpha = int(c["N"]), float(c["lam"]), float(c["alpha"])
    gap = abs(ic.root_of(N, lam) - alpha)
    if gap < DEGENERATE_GAP:
        return None
    with mpmath.workdps(ic.bound_dps(lam)):
        limit = float(eta_limit(N, lam, alpha))
        eta = float(c["eta"]) if "eta" in c else float(c["f"]) * limit
        eps = float(c["eps"]) if "eps" in c else float(c["e"]) * gap
        if not (0 < eta < limit and 0 < eps < gap):
            return None
        tid = float(T_id(N, lam, eps, alpha, eta))
    if not math.isfinite(tid):  # beyond float64, so beyond any budget: UNDECIDED
        return None
    return {"N": N, "lam": lam, "alpha": alpha, "eta": eta, "eps": eps, "eta_limit": limit,
            "regime": T_id_regime(N, lam, alpha), "T_Id": tid}


def _upper_resolve(c):
    p = tid_point(c, eta_limit_21)
    if p is None or math.floor(p["T_Id"]) > ic.BUDGET:
        return None
    return p


def _lower_resolve(c):
    p = _upper_resolve(c)
    if p is None or not p["lam"] > p["alpha"] ** p["N"]:
        return None
    with mpmath.workdps(ic.bound_dps(p["lam"])):
        lb = float(lower_bound_23(p["N"], p["lam"], p["eps"], p["alpha"], p["eta"]))
    if not math.isfinite(lb) or math.ceil(lb) > ic.BUDGET:
        return None
    return dict(p, LB=lb)


def _count_margin(p, count, bound, *, upper, bound_label, bound_precision):
    """Margin of ``T <= bound`` (upper) or ``T >= bound`` (lower), the count taken pessimistically."""
    if upper:
        known = count.at_most() if count.at_most() is not None else count.at_least()
        value = bound - known
    else:
        known = count.at_least()
        value = known - bound
    info = {"count": count.describe(), "bound": mpmath.nstr(bound, 15) if not isinstance(bound, float) else repr(bound),
            "bound - T" if upper else "T - bound": float(value), "regime": p["regime"],
            "bound evaluated in": bound_precision}
    return Margin(value, known, bound, "T = min{k: |d(k) - lam_+^(1/N)| <= eps} (simulated)", bound_label,
                  scale=max(1.0, abs(float(bound))), info=info)


_UPPER_LABEL = "T_N^Id(lam, eps, alpha, eta) (RECONSTRUCTED (20))"
_CEIL_LABEL = "ceil(T_N^Id(lam, eps, alpha, eta)) (RECONSTRUCTED (20))"
_LOWER_LABEL = "lower bound (23)"


def _upper_margin(p, ctx, rounded=False):
    """(22) at one point; ``rounded``: against ``ceil(T_N^Id)`` (the integer form of the proof)."""
    N = p["N"]
    if ctx.is_float64:
        bound, prec = p["T_Id"], F64_BOUND
    else:
        with mpmath.workdps(max(mpmath.mp.dps, ic.bound_dps(p["lam"], ctx.dps))):
            lam, alpha, eta, eps = mp_params(p)
            bound, prec = +T_id(N, lam, eps, alpha, eta), ctx.label()
    if rounded:
        bound = mpmath.ceil(bound) if not ctx.is_float64 else float(math.ceil(bound))
    count = ic.hitting_count(N, p["lam"], p["alpha"], p["eta"], p["eps"], int(mpmath.floor(bound)), ctx)
    if count.at_most() is None:  # T > T_N^Id: run on to report the count itself
        count = ic.hitting_count(N, p["lam"], p["alpha"], p["eta"], p["eps"], ic.BUDGET, ctx)
    return _count_margin(p, count, bound, upper=True, bound_label=_CEIL_LABEL if rounded else _UPPER_LABEL,
                         bound_precision=prec)


def _upper_batch(points, rounded=False):
    N, lam, alpha, eta, eps, tid = ic.as_points(points, "N", "lam", "alpha", "eta", "eps", "T_Id")
    bounds = np.ceil(tid) if rounded else tid
    counts = ic.hitting_counts(N, lam, alpha, eta, eps, np.floor(bounds).astype(np.int64))
    redo = [i for i, c in enumerate(counts) if c.at_most() is None]
    if redo:
        for i, c in zip(redo, ic.hitting_counts(N[redo], lam[redo], alpha[redo], eta[redo], eps[redo], ic.BUDGET)):
            counts[i] = c
    return [_count_margin(p, c, float(b), upper=True, bound_label=_CEIL_LABEL if rounded else _UPPER_LABEL,
                          bound_precision=F64_BOUND) for p, c, b in zip(points, counts, bounds)]


def _upper_rounded_margin(p, ctx):
    return _upper_margin(p, ctx, rounded=True)


def _upper_rounded_batch(points):
    return _upper_batch(points, rounded=True)


def _lower_horizon(p, lb):
    return min(ic.BUDGET, max(int(mpmath.ceil(lb)), int(math.floor(p["T_Id"]))))


def _lower_margin(p, ctx):
    if ctx.is_float64:
        lb, prec = p["LB"], F64_BOUND
    else:
        with mpmath.workdps(max(mpmath.mp.dps, ic.bound_dps(p["lam"], ctx.dps))):
            lam, alpha, eta, eps = mp_params(p)
            lb, prec = +lower_bound_23(p["N"], lam, eps, alpha, eta), ctx.label()
    count = ic.hitting_count(p["N"], p["lam"], p["alpha"], p["eta"], p["eps"], _lower_horizon(p, lb), ctx)
    return _count_margin(p, count, lb, upper=False, bound_label=_LOWER_LABEL, bound_precision=prec)


def _lower_batch(points):
    N, lam, alpha, eta, eps = ic.as_points(points, "N", "lam", "alpha", "eta", "eps")
    horizon = [_lower_horizon(p, p["LB"]) for p in points]
    counts = ic.hitting_counts(N, lam, alpha, eta, eps, horizon)
    return [_count_margin(p, c, p["LB"], upper=False, bound_label=_LOWER_LABEL,
                          bound_precision=F64_BOUND) for p, c in zip(points, counts)]


def thm23_params():
    """The §(f) parameters of the Thm 2.3 domain: N, lam, alpha, f, e (fresh objects)."""
    return (n_param(), lam_param(), alpha_param(), f_param(), e_param())


#: Catalogue reference instances (chou.thm2.3-upper/-lower) and the edges of the case splits of (20).
THM23_EXTRA = (
    {"N": 3, "lam": 5.0, "alpha": 0.1, "eta": 1e-3, "eps": 1e-3},
    {"N": 4, "lam": 2.0, "alpha": 0.3, "eta": 0.01, "eps": 1e-4},
    {"N": 2, "lam": 1.0, "alpha": 0.1, "eta": 0.01, "eps": 0.05},
    {"N": 3, "lam": -1.0, "alpha": 0.5, "eta": 0.02, "eps": 0.1},
    {"N": 2, "lam": 1.0, "alpha": 0.8, "eta": 0.1, "eps": 0.05},
    {"N": 2, "lam": 0.0, "alpha": 1.0, "eta": 0.4, "eps": 0.1},  # E9: eta between 1/K_2 and the (21) limit
    {"N": 2, "lam": 3.0, "alpha": 1.0, "f": 0.999, "e": 0.5},  # alpha^N = c_N lam (cases 4/5)
    {"N": 3, "lam": 1.000001, "alpha": 1.0, "f": 0.9, "e": 0.5},  # lam just above alpha^N
    {"N": 3, "lam": 0.999999, "alpha": 1.0, "f": 0.9, "e": 0.5},  # lam just below alpha^N
    {"N": 2, "lam": 1.0, "alpha": 0.1, "f": 0.999, "e": 0.999},  # eps at the domain edge
    {"N": 5, "lam": 20.0, "alpha": 0.3, "f": 0.999, "e": 1e-6},
)


def d_plot(p):
    """Plot spec: d(k) with the eps band, T, T_N^Id and (for lam > alpha^N) the lower bound (23)."""
    if not usable(p, ("N", "lam", "alpha", "eta", "eps")):
        p = {"N": 3, "lam": 5.0, "alpha": 0.1, "eta": 1e-3, "eps": 1e-3}
    N, lam, alpha, eta, eps = int(float(p["N"])), float(p["lam"]), float(p["alpha"]), float(p["eta"]), float(p["eps"])
    with mpmath.workdps(ic.bound_dps(lam)):
        tid = float(T_id(N, lam, eps, alpha, eta))
        lb = float(lower_bound_23(N, lam, eps, alpha, eta)) if lam > alpha**N else None
    count = ic.hitting_counts(N, lam, alpha, eta, eps, min(ic.BUDGET, int(tid) + 1))[0]
    horizon = int(min(2e5, 1.2 * max(tid, count.at_least()) + 5))
    d = scalar_gd_trajectory(N, lam, alpha, eta, horizon)
    r = ic.root_of(N, lam)
    vlines = [{"x": tid, "label": "T_N^Id (RECONSTRUCTED)"}]
    if count.T is not None:
        vlines.append({"x": count.T, "label": f"T = {count.T}"})
    if lb is not None:
        vlines.append({"x": lb, "label": "lower bound (23)"})
    return {"title": f"d(k), N={N}, lam={lam:g}, alpha={alpha:g}, eta={eta:.3g}, eps={eps:.3g}",
            "xlabel": "k", "ylabel": "d(k)", "xscale": "linear", "yscale": "linear",
            "series": [{"label": "d(k) (S1, float64)", "x": list(range(len(d))), "y": d.tolist(), "style": "line"}],
            "hlines": [{"y": r + eps, "label": "root + eps"}, {"y": max(r - eps, 0.0), "label": "root - eps"}],
            "vlines": vlines}


THM23_DOMAIN_TEXT = (
    "§(f) grid: N in {2,3,4,5,7}, lam in {+-1e-3,...,+-20} and 0 (all five cases of (20)), alpha in "
    "{0.02,...,1.5}, eta = f * (21) limit with f in {1e-3,...,0.999} (covers E9), eps = e * |lam_+^(1/N) - alpha| "
    "with e in {1e-6,...,0.999}; random draws (log-uniform alpha, f, e; uniform lam); the catalogue's reference "
    "instances and the case edges alpha^N = c_N lam, lam = alpha^N (1 +- 1e-6), e = 0.999. ")


def _upper_check(margin, batch, what):
    return SampledCheck(
        domain=Domain(params=thm23_params(), resolve=_upper_resolve, extra=THM23_EXTRA,
                      description=THM23_DOMAIN_TEXT + UNDECIDED_NOTE),
        margin=margin, batch=batch, near_tie=ic.COUNT_TIE, tolerance=what + COUNT_NOTE)


THM23_UPPER = catalogued(
    CATALOGUE, PAPER, "chou.thm2.3-upper",
    statement=(r"Let $N\ge2$, $\lambda\in\mathbb R$, $\alpha>0$ and $0<\eta<\left(\max\{(2N-2)\alpha^{2N-2},"
               r"N|\lambda|^{2-\frac2N}\}\right)^{-1}$ ($\lambda\ge0$), $0<\eta<\left((3N-2)\max\{\alpha,"
               r"|\lambda|^{\frac1N}\}^{2N-2}\right)^{-1}$ ($\lambda<0$) (21). For $\varepsilon\in(0,|\alpha-"
               r"\lambda_+^{1/N}|)$ and $T=\min\{k:|d(k)-\lambda_+^{1/N}|\le\varepsilon\}$: $T\le T_N^{\mathrm{Id}}"
               r"(\lambda,\varepsilon,\alpha,\eta)$ (22)."),
    arxiv="Theorem 2.3, eq. (22)", equations=("(15)", "(20)", "(21)", "(22)"),
    reconstructed=RECON_TID,
    check=AllOf(parts=(
        ("(22) as printed: T <= T_N^Id", _upper_check(_upper_margin, _upper_batch, "T <= T_N^Id as printed. ")),
        ("integer form of the proof: T <= ceil(T_N^Id)",
         _upper_check(_upper_rounded_margin, _upper_rounded_batch,
                      "T <= ceil(T_N^Id): the proof bounds the first k with y(eta k) past the target. ")),
    )),
    notes="Reported in two parts: (22) as printed (§(f): T <= B for the real B) and T <= ceil(T_N^Id), which is "
          "what the proof shows (the comparison d(k) <= y(eta k) holds at integers k, so the count is the first "
          "integer k >= (flow time)/eta). The proof's step 'eta < 1/K_2 by (21)' has a gap (E9, "
          "chou.thm2.3-proof-claims); f up to 0.999 of the (21) limit decides (22) in that range.",
    plot=d_plot,
)

THM23_LOWER = catalogued(
    CATALOGUE, PAPER, "chou.thm2.3-lower",
    statement=(r"Under the hypotheses of (22) and $\lambda>\alpha^N$: $T\ge\frac1\eta T_N^+(\lambda,(c_N\lambda)^{1/N},"
               r"\alpha)+\frac{\ln(\lambda^{1/N}/\varepsilon)-b_N}{|\ln(1-\eta N\lambda^{2-2/N})|}$ if $\alpha^N<c_N"
               r"\lambda$, and $T\ge\ln\left(\frac{\lambda^{1/N}-\alpha}{\varepsilon}\right)/|\ln(1-\eta N"
               r"\lambda^{2-2/N})|$ if $\alpha^N\ge c_N\lambda$ (23)."),
    arxiv="Theorem 2.3, eq. (23)", equations=("(15)", "(21)", "(23)"),
    check=SampledCheck(
        domain=Domain(params=thm23_params(), resolve=_lower_resolve, extra=THM23_EXTRA,
                      description=THM23_DOMAIN_TEXT + "Restricted to lam > alpha^N. " + UNDECIDED_NOTE),
        margin=_lower_margin, batch=_lower_batch, near_tie=ic.COUNT_TIE,
        tolerance="T >= LB as printed. " + COUNT_NOTE),
    notes="T_N^+ uses the corrected U_N^+ (E1); not reached within max(ceil(LB), floor(T_N^Id)) steps counts as "
          "T > that horizon >= LB.",
    plot=d_plot,
)


CLAIMS = [THM23_UPPER, THM23_LOWER]
