"""Remark 1.2 of Chou et al. (chou.rem1.2 with erratum E12, and chou.rem1.2.corrected).

(i) the relative accuracy eps' lam_i (the window check of :mod:`.thm11`); (ii) T_N^Id decreasing in
|lam| (printed; fails, E12); (iii) the two stages of the fourth case of (20) (the second phase of
:mod:`.thm23_proof`); and the corrected statement: the count T itself is monotone in |lam|.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np

from dmfcheck.numeric.closed_forms import T_plus, a_N, c_N, s_N, zeta
from dmfcheck.numeric.iteration_bounds import T_id, eta_limit_21

from ...claim import AllOf, Domain, Margin, Param, SampledCheck
from ..builder import catalogued
from . import iteration_counts as ic
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .grids import DEGENERATE_GAP, alpha_param, e_param, f_param, lam_param, n_param
from .scalar_conventions import COUNT_NOTE, F64_BOUND, RECON_TID, UNDECIDED_NOTE, mp_params
from .thm11 import MU_PARAM, THM11_TEXT, thm11_batch, thm11_margin, thm11_point
from .thm23_proof import PHASE_PARAMS, phase_resolve


def _pair_point(c, *, same_side, relative=False):
    """Two eigenvalues of one spectrum: lam2 = rho lam1 (same sign, larger magnitude), common eta.

    eta = f x the smaller of the two (21) limits. Fixed accuracy (``relative=False``): one eps = e x the
    smaller gap. Relative accuracy: eps_i = e |lam_i|^(1/N) for each eigenvalue (``eps``, ``eps2``), each
    below its own gap. ``same_side``: both on the same side of alpha^N (the regimes of (20) where d moves
    the same way).
    """
    N, lam1, alpha = int(c["N"]), float(c["lam"]), float(c["alpha"])
    lam2 = float(c["lam2"]) if "lam2" in c else float(c["rho"]) * lam1
    gaps = [abs(ic.root_of(N, x) - alpha) for x in (lam1, lam2)]
    if lam1 == 0 or min(gaps) < DEGENERATE_GAP or not abs(lam2) > abs(lam1):
        return None
    if same_side and (lam1 > alpha**N) != (lam2 > alpha**N):
        return None
    with mpmath.workdps(ic.bound_dps(lam1)):
        limit = min(float(eta_limit_21(N, x, alpha)) for x in (lam1, lam2))
        eta = float(c["eta"]) if "eta" in c else float(c["f"]) * limit
        if relative:
            eps1, eps2 = (float(c["e"]) * abs(x) ** (1.0 / N) for x in (lam1, lam2))
        else:
            eps1 = eps2 = float(c["eps"]) if "eps" in c else float(c["e"]) * min(gaps)
        if not (0 < eta < limit and 0 < eps1 < gaps[0] and 0 < eps2 < gaps[1]):
            return None
        t1, t2 = (float(T_id(N, x, e, alpha, eta)) for x, e in ((lam1, eps1), (lam2, eps2)))
    if not (math.isfinite(t1) and math.isfinite(t2)):
        return None
    point = {"N": N, "lam": lam1, "lam2": lam2, "alpha": alpha, "eta": eta, "eps": eps1, "T_Id": t1, "T_Id2": t2}
    return dict(point, eps2=eps2) if relative else point


def _eps2(p):
    """The accuracy of the second eigenvalue: ``eps2`` for relative accuracy, else the common ``eps``."""
    return p.get("eps2", p["eps"])


def _rem12_ii_margin(p, ctx):
    if ctx.is_float64:
        t1, t2, prec = p["T_Id"], p["T_Id2"], F64_BOUND
    else:
        with mpmath.workdps(max(mpmath.mp.dps, ic.bound_dps(p["lam"], ctx.dps))):
            lam, alpha, eta, eps = mp_params(p)
            t1, t2 = (+T_id(p["N"], x, eps, alpha, eta) for x in (lam, mpmath.mpf(p["lam2"])))
        prec = ctx.label()
    return Margin(t1 - t2, t2, t1, "T_N^Id(lam2) (|lam2| > |lam1|)", "T_N^Id(lam1)", scale=max(1.0, abs(float(t1))),
                  info={"lam1": p["lam"], "lam2": p["lam2"], "bound precision": prec})


def _rem12_iii_resolve(c):
    p = phase_resolve(True)(c)
    if p is None:
        return None
    N, lam, alpha, eta, r, z = p["N"], p["lam"], p["alpha"], p["eta"], p["r"], p["zeta"]
    eps = float(c["e"]) * (r - z)
    with mpmath.workdps(ic.bound_dps(lam)):
        first = float(T_plus(N, lam, z, alpha) / eta + s_N(N, lam, alpha))
        rate = abs(math.log1p(-eta * N * (c_N(N) * lam) ** (2 - mpmath.mpf(2) / N)))
        tail = max(float((mpmath.log(r / eps) - a_N(N)) / rate), 0.0)
    if not math.isfinite(first + tail) or first + tail + 1 > ic.BUDGET:
        return None
    return dict(p, eps=eps, first=first, tail=tail)


def _rem12_iii_from(p, c1, c):
    """Integer form: T_1 <= ceil(first-stage term), T - T_1 <= ceil(tail term) (counts of whole steps)."""
    T1, T = c1.at_most() or c1.at_least(), c.at_most() or c.at_least()
    first, tail = mpmath.ceil(p["first"]), mpmath.ceil(p["tail"])
    r1 = float(first - T1) / max(1.0, float(first))
    r2 = float(tail - (T - T1)) / max(1.0, float(tail))
    info = {"T_1 (first k with d >= zeta)": c1.describe(), "T": c.describe(), "first stage bound": p["first"],
            "tail bound": p["tail"]}
    if r1 <= r2:
        return Margin(r1, T1, first, "T_1", "ceil(T_N^+(lam, zeta, alpha)/eta + s_N) (eps-independent)", scale=1.0,
                      info=info)
    return Margin(r2, T - T1, tail, "T - T_1", "ceil(((ln(lam^(1/N)/eps) - a_N)/|ln(1 - eta N (c_N lam)^(2-2/N))|)_+)",
                  scale=1.0, info=info)


def _rem12_iii_batch(points):
    N, lam, alpha, eta, r, z, eps = ic.as_points(points, "N", "lam", "alpha", "eta", "r", "zeta", "eps")
    horizon = np.array([int(p["first"] + p["tail"]) + 1 for p in points])
    c1 = ic.hitting_counts(N, lam, alpha, eta, r - z, horizon)
    c = ic.hitting_counts(N, lam, alpha, eta, eps, horizon)
    return [_rem12_iii_from(p, a, b) for p, a, b in zip(points, c1, c)]


def _rem12_iii_margin(p, ctx):
    if ctx.is_float64:
        return _rem12_iii_batch([p])[0]
    h = int(p["first"] + p["tail"]) + 1
    with mpmath.workdps(max(mpmath.mp.dps, ic.bound_dps(p["lam"], ctx.dps))):
        lam, alpha, eta, eps = mp_params(p)
        N = p["N"]
        z = zeta(N, lam)
        first = T_plus(N, lam, z, alpha) / eta + s_N(N, lam, alpha)
        rate = abs(mpmath.log(1 - eta * N * (c_N(N) * lam) ** (2 - mpmath.mpf(2) / N)))
        tail = max((mpmath.log(mpmath.root(lam, N) / eps) - a_N(N)) / rate, 0)
    c1 = ic.hitting_count(N, p["lam"], p["alpha"], p["eta"], p["r"] - p["zeta"], h, ctx)
    c = ic.hitting_count(N, p["lam"], p["alpha"], p["eta"], p["eps"], h, ctx)
    return _rem12_iii_from(dict(p, first=first, tail=tail), c1, c)


def _monotone_T_from(p, c1, c2):
    T1 = c1.at_least() if c1.T is None else c1.T
    T2 = c2.T if c2.T is not None else c2.at_least()
    info = {"lam1": p["lam"], "lam2": p["lam2"], "T(lam1)": c1.describe(), "T(lam2)": c2.describe(),
            "T_N^Id(lam1)": p["T_Id"], "T_N^Id(lam2)": p["T_Id2"]}
    if "eps2" in p:
        info.update({"eps(lam1)": p["eps"], "eps(lam2)": p["eps2"]})
    return Margin(T1 - T2, T2, T1, "T(lam2) (|lam2| > |lam1|)", "T(lam1)", scale=max(1.0, float(T1)), info=info)


def _monotone_T_resolve(c, relative=False):
    p = _pair_point(c, same_side=True, relative=relative)
    if p is None or math.ceil(p["T_Id"]) > ic.BUDGET:
        return None
    return p


def _monotone_T_batch(points):
    N, lam1, lam2, alpha, eta, eps, tid = ic.as_points(points, "N", "lam", "lam2", "alpha", "eta", "eps", "T_Id")
    eps2 = np.array([_eps2(p) for p in points])
    c1 = ic.hitting_counts(N, lam1, alpha, eta, eps, np.ceil(tid).astype(np.int64))
    redo = [i for i, c in enumerate(c1) if c.T is None]
    for i, c in zip(redo, ic.hitting_counts(N[redo], lam1[redo], alpha[redo], eta[redo], eps[redo], ic.BUDGET)
                    if redo else []):
        c1[i] = c
    h2 = np.array([c.T if c.T is not None else c.checked for c in c1])
    c2 = ic.hitting_counts(N, lam2, alpha, eta, eps2, h2)
    return [_monotone_T_from(p, a, b) for p, a, b in zip(points, c1, c2)]


def _monotone_T_margin(p, ctx):
    if ctx.is_float64:
        return _monotone_T_batch([p])[0]
    c1 = ic.hitting_count(p["N"], p["lam"], p["alpha"], p["eta"], p["eps"], math.ceil(p["T_Id"]), ctx)
    if c1.T is None:
        c1 = ic.hitting_count(p["N"], p["lam"], p["alpha"], p["eta"], p["eps"], ic.BUDGET, ctx)
    c2 = ic.hitting_count(p["N"], p["lam2"], p["alpha"], p["eta"], _eps2(p), c1.T if c1.T is not None else c1.checked,
                          ctx)
    return _monotone_T_from(p, c1, c2)


_E12 = {"N": 3, "lam": 50.0, "lam2": 100.0, "alpha": 0.1, "eta": 5e-4, "eps": 0.0368}
_PAIR_PARAMS = (n_param(), lam_param(grid=tuple(g for g in lam_param().grid if g != 0)),
                Param("rho", 1.01, 100.0, scale="log", grid=(1.5, 2.0, 5.0, 20.0)), alpha_param(), f_param(),
                e_param())
_PAIR_TEXT = ("Pairs lam1 (the §(f) lam grid without 0) and lam2 = rho lam1, rho in {1.5, 2, 5, 20} and log-uniform "
              "in [1.01, 100] (same sign, |lam2| > |lam1|); alpha, f, e as in §(f) with eta = f x the smaller (21) "
              "limit and eps = e x the smaller gap (one eta and eps for both eigenvalues, as in Thm 1.1); the "
              "E12 pair N=3, alpha=0.1, eta=5e-4, eps=0.0368, lam = 50, 100. ")


def _rem12_plot(p):
    N, alpha, eta, eps = 3, 0.1, 5e-4, 0.0368
    lams = np.geomspace(1.0, 120.0, 60)
    with mpmath.workdps(20):
        tids = [float(T_id(N, x, eps, alpha, eta)) for x in lams]
    counts = ic.hitting_counts(N, lams, alpha, eta, eps, np.ceil(tids).astype(np.int64))
    return {"title": "Remark 1.2 (E12): T_N^Id(lam) and T(lam), N=3, alpha=0.1, eta=5e-4, eps=0.0368",
            "xlabel": "lam", "ylabel": "iterations", "xscale": "log", "yscale": "log",
            "series": [{"label": "T_N^Id(lam) (RECONSTRUCTED (20))", "x": lams.tolist(), "y": tids, "style": "line"},
                       {"label": "T(lam) (S1)", "x": lams.tolist(), "y": [c.T for c in counts], "style": "points"}],
            "hlines": [], "vlines": [{"x": 50.0, "label": "lam = 50"}, {"x": 100.0, "label": "lam = 100"}]}


_EPS_REL = Param("eps_rel", 1e-4, 5.0, scale="log", grid=(1e-4, 1e-2, 0.1, 0.5, 1.0, 2.0, 5.0))

REM12 = catalogued(
    CATALOGUE, PAPER, "chou.rem1.2",
    statement=(r"(i) For $\lambda_i>0$, $|E_{ii}(k)|\le\varepsilon'\lambda_i$ for all $k\ge T_N^{\mathrm{Id}}"
               r"(\lambda_i,\varepsilon'\lambda_i^{1/N}/N,\alpha,\eta)$. (ii) The larger an eigenvalue $\lambda_i$ is "
               r"in "
               r"magnitude, the smaller is $T_N^{\mathrm{Id}}(\lambda_i,\varepsilon,\alpha,\eta)$. (iii) Positive "
               r"eigenvalues are approximated in two stages: a fixed number of iterations gives a rough approximation, "
               r"accuracy $\varepsilon$ needs an additional number of iterations depending on $\varepsilon$."),
    arxiv="Remark 1.2", equations=("(10)", "(20)"),
    expected="FAIL", erratum="E12: (ii) holds for the iteration count T but not for the bound T_N^Id "
                             "(s_N grows with lam)",
    reconstructed=RECON_TID,
    check=AllOf(parts=(
        ("(i) relative accuracy eps' lam_i",
         SampledCheck(domain=Domain(params=(n_param(), lam_param(lo=1e-3), alpha_param(), MU_PARAM, f_param(),
                                            _EPS_REL),
                                    resolve=lambda c: thm11_point(c, relative=True),
                                    description=THM11_TEXT + "lam > 0, eps = eps' lam^(1/N)/N with eps' in {1e-4, "
                                    "1e-2, 0.1, 0.5, 1, 2, 5} while inside the domain of T_N^Id; every integer k in "
                                    "[ceil(T_N^Id), ceil(T_N^Id) + 1e4]. " + UNDECIDED_NOTE),
                      margin=thm11_margin, batch=thm11_batch,
                      tolerance="violation by more than 1e-12 relative (as chou.thm1.1)")),
        ("(ii) T_N^Id decreasing in |lam| (printed, E12)",
         SampledCheck(domain=Domain(params=_PAIR_PARAMS, resolve=lambda c: _pair_point(c, same_side=False),
                                    extra=(_E12,), description=_PAIR_TEXT),
                      margin=_rem12_ii_margin, tolerance="T_N^Id(lam1) - T_N^Id(lam2) >= 0")),
        ("(iii) two stages: T_1 <= ceil(T_N^+(zeta)/eta + s_N), T - T_1 <= ceil(tail term of (20))",
         SampledCheck(domain=Domain(params=PHASE_PARAMS + (e_param(),), resolve=_rem12_iii_resolve,
                                    description="alpha^N < c_N lam (the fourth case of (20)), eta = f x (21) limit, "
                                    "eps = e (lam^(1/N) - zeta) (accuracy beyond the rough stage); T_1 = first k "
                                    "with d(k) >= zeta; the remark is qualitative, so its two stages are checked as "
                                    "integer counts against the ceilings of the two terms of (20). " + UNDECIDED_NOTE),
                      margin=_rem12_iii_margin, batch=_rem12_iii_batch, near_tie=0.0,
                      tolerance="integer counts against integer bounds (exact); hitting near-ties confirmed in "
                                "mpmath (§(f))")),
    )),
    notes="(iii) is read through the proof of Thm 2.3: the eps-independent first stage to zeta (rough "
          "approximation d^N >= c_N lam) and the eps-dependent tail; both are checked against the terms of (20).",
    plot=_rem12_plot,
)

_E12_RELATIVE = {"N": 3, "lam": 50.0, "lam2": 100.0, "alpha": 0.1, "eta": 5e-4, "e": 0.01}
#: A grid point at the edge alpha -> lam1^(1/N) (gap1 = 2.2 eps1), found by a sweep of the whole grid.
_RELATIVE_EDGE = {"N": 7, "lam": 20.0, "rho": 2.0, "alpha": 1.5, "f": 0.001, "e": 0.01}
_MONOTONE_TEXT = "Both eigenvalues on the same side of alpha^N. " + UNDECIDED_NOTE
_RELATIVE_TEXT = ("Pairs lam1, lam2 = rho lam1 and alpha, f as in the fixed part (the same eta for both "
                  "eigenvalues); each eigenvalue gets its own accuracy eps_i = e |lam_i|^(1/N), e in the §(f) "
                  "e grid (the target lam_+^(1/N) for lam > 0; for lam < 0 the target is 0 and |lam|^(1/N) is "
                  "the scale of the eigenvalue), kept only while eps_i < gap_i = |lam_{i,+}^(1/N) - alpha| for "
                  "both (T >= 1); the catalogue's pair N=3, alpha=0.1, eta=5e-4, e=0.01, lam = 50, 100, and the grid "
                  "point N=7, lam = 20, 40, alpha=1.5, f=0.001, e=0.01 (alpha close to lam1^(1/N)). ")

REM12_CORRECTED = catalogued(
    CATALOGUE, PAPER, "chou.rem1.2.corrected",
    statement=(r"For fixed $N,\alpha,\eta$ and eigenvalues $\lambda_1,\lambda_2$ of the same sign on the same "
               r"side of $\alpha^N$ with $|\lambda_2|>|\lambda_1|$, the iteration count "
               r"$T(\lambda,\varepsilon)=\min\{k:|d(k)-\lambda_+^{1/N}|\le\varepsilon\}$ satisfies "
               r"(a) $T(\lambda_2,\varepsilon)\le T(\lambda_1,\varepsilon)$ for a fixed $\varepsilon$ (as (ii) is "
               r"printed), and (b) $T(\lambda_2,e|\lambda_2|^{1/N})\le T(\lambda_1,e|\lambda_1|^{1/N})$ for a "
               r"relative accuracy $\varepsilon=e|\lambda|^{1/N}$ (the catalogue's example, $e=0.01$)."),
    arxiv="Remark 1.2", equations=("(15)",),
    check=AllOf(parts=(
        ("fixed eps (as (ii) is printed)",
         SampledCheck(domain=Domain(params=_PAIR_PARAMS, resolve=_monotone_T_resolve, extra=(_E12,),
                                    description=_PAIR_TEXT + _MONOTONE_TEXT),
                      margin=_monotone_T_margin, batch=_monotone_T_batch, near_tie=0.0,
                      tolerance="integer counts; T(lam1) - T(lam2) >= 0. " + COUNT_NOTE)),
        ("relative eps = e * lam^(1/N)",
         SampledCheck(domain=Domain(params=_PAIR_PARAMS, resolve=lambda c: _monotone_T_resolve(c, relative=True),
                                    extra=(_E12_RELATIVE, _RELATIVE_EDGE), description=_RELATIVE_TEXT + _MONOTONE_TEXT),
                      margin=_monotone_T_margin, batch=_monotone_T_batch, near_tie=0.0,
                      tolerance="integer counts; T(lam1, eps_1) - T(lam2, eps_2) >= 0. " + COUNT_NOTE)),
    )),
    notes="Two readings of 'the count decreases in |lam|': a fixed eps (as (ii) is printed) and the relative "
          "eps = e |lam|^(1/N) of the catalogue's example (E12: T = 407 for lam = 50, 204 for lam = 100 at e = "
          "0.01). Both fail where alpha is close to lam1^(1/N) (eps1 a sizeable fraction of the gap): lam1 starts "
          "almost inside its accuracy band while lam2's band lies farther from alpha, e.g. N=7, alpha=1.5, "
          "eta=2.56e-7, e=0.01: T(20) = 3015 < T(40) = 3750 (mpmath dps 50). The monotonicity is a statement "
          "about small initialization (alpha well below the roots).",
    plot=_rem12_plot,
)


CLAIMS = [REM12, REM12_CORRECTED]
