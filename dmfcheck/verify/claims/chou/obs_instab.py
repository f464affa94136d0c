"""The instability of the identical-initialization manifold (chou.obs.instab, erratum E14; Remark 1.4).

With the matrix simulator S4 on a 2 x 2 pair of eigen-directions
(:func:`dmfcheck.numeric.pair_instability.measure_pair`), the growth rate of the off-diagonal mode that
couples a positive direction ``i`` and a negative direction ``j`` is fitted and compared with the
linearization of (9), :func:`dmfcheck.numeric.pair_instability.predicted_exponent`.
"""
from __future__ import annotations

import math

import numpy as np

from dmfcheck.numeric.iteration_bounds import eta_limit_lem22
from dmfcheck.numeric.pair_instability import (FIT_HI, FIT_LO, SeedNotReached, measure_pair, measure_pairs,
                                               predicted_exponent)

from ...claim import AllOf, Diverged, Domain, Margin, Param, SampledCheck
from ..builder import catalogued
from . import CATALOGUE, PAPER

#: Relative tolerance of the N = 2 rate.
RATE_TOL = 0.03
#: Ratios |lam_j|/lam_i in (Q_GAP_LO, Q_GAP_HI) are skipped: the rate tends to 0 there.
Q_GAP_LO, Q_GAP_HI = 0.8, 1.25


def _problem(p):
    return p["N"], p["lam_i"], p["lam_j"], p["alpha"], p["eta"]


def measure(p, ctx):
    """:func:`~dmfcheck.numeric.pair_instability.measure_pair` at the point ``p`` (float64, or mpmath at
    the engine's precision); a phase 1 that does not converge is a divergence of the simulation."""
    try:
        return measure_pair(*_problem(p), mp=not ctx.is_float64)
    except SeedNotReached as e:
        raise Diverged(str(e)) from None


def _measure_batch(points):
    try:
        return measure_pairs([_problem(p) for p in points])
    except SeedNotReached as e:
        raise Diverged(str(e)) from None


def _resolve_instab(c):
    lam_i, q, alpha, eta = c["lam_i"], c["q"], c["alpha"], c["eta"]
    if Q_GAP_LO < q < Q_GAP_HI:
        return None
    lam_j = -q * lam_i
    N = c.get("N", 2)
    limit = min(float(eta_limit_lem22(N, lam_i, alpha)), float(eta_limit_lem22(N, lam_j, alpha)))
    if eta >= limit:
        return None
    return {"N": N, "lam_i": lam_i, "lam_j": lam_j, "alpha": alpha, "eta": eta}


def _margin_instab_n2(p, ctx):
    return _rate_margin(p, measure(p, ctx))


def _batch_instab_n2(points):
    return [_rate_margin(p, m) for p, m in zip(points, _measure_batch(points))]


def _rate_margin(p, m):
    """N = 2: fitted rate within 3% of ``ln(1 + eta(|lam_j| - lam_i))`` per step; no growth if
    ``|lam_j| < lam_i``."""
    N, lam_i, lam_j, eta = p["N"], p["lam_i"], p["lam_j"], p["eta"]
    pred = math.log1p(eta * predicted_exponent(N, lam_i, lam_j))
    info = {"seeded_at_k": m["ks"], "window": m["window"], "d_j_at_seed": m["d_j_at_seed"]}
    measured = m["slope"] if m["slope"] is not None else 0.0
    if pred > 0:
        rel = measured / pred - 1
        return Margin(RATE_TOL - abs(rel), measured / eta, pred / eta, "fitted log-slope / eta (S4)",
                      "ln(1 + eta(|lam_j| - lam_i)) / eta", scale=RATE_TOL, info=info)
    return Margin(-measured, measured / eta, 0.0, "fitted log-slope / eta (S4)", "no growth (|lam_j| < lam_i)",
                  scale=-pred, info=info)


N2_RATE = SampledCheck(
    domain=Domain(
        params=(Param("lam_i", 0.2, 1.5, grid=(0.2, 0.3, 0.5, 1.0, 1.5)),
                Param("q", 0.05, 8.0, scale="log", grid=(0.05, 0.2, 0.5, 0.8, 1.25, 2.0, 5.0, 8.0)),
                Param("alpha", 0.1, 1.5, scale="log", grid=(0.3, 1.0)),
                Param("eta", 0.01, 0.05, scale="log", grid=(0.02,))),
        resolve=_resolve_instab,
        description="N = 2, pair (lam_i, lam_j = -q lam_i), lam_i in [0.2, 1.5], q in [0.05, 8] minus "
                    f"({Q_GAP_LO}, {Q_GAP_HI}) (rate -> 0), alpha in [0.1, 1.5], eta in [0.01, 0.05] below the "
                    "Lemma 2.2 limits of both directions; seed 1e-12 in W_1[i,j] once |d_i - lam_i^(1/2)| < 1e-6",
        extra=({"lam_i": 0.3, "q": 5.0, "alpha": 0.3, "eta": 0.02}, {"lam_i": 0.5, "q": 4.0, "alpha": 0.3, "eta": 0.02},
               {"lam_i": 1.5, "q": 0.2, "alpha": 0.3, "eta": 0.02}, {"lam_i": 0.3, "q": 5.0, "alpha": 1.0, "eta": 0.02})),
    margin=_margin_instab_n2, batch=_batch_instab_n2,
    tolerance=f"|rate/prediction - 1| <= {RATE_TOL} (|lam_j| > lam_i); fitted slope <= 0 (|lam_j| < lam_i)",
)

_HIGHER = {"N3 (0.3,-1.5)": (3, 0.3, -1.5), "N3 (0.5,-1)": (3, 0.5, -1.0), "N4 (1,-2)": (4, 1.0, -2.0)}


def _resolve_higher(c):
    N, lam_i, lam_j = _HIGHER[c["pair"]]
    return {"N": N, "lam_i": lam_i, "lam_j": lam_j, "alpha": c["alpha"], "eta": 0.02}


def _margin_higher(p, ctx):
    """N >= 3: the off-diagonal mode grows (instability); the rate is reported against the prediction."""
    N, lam_i, lam_j, eta = p["N"], p["lam_i"], p["lam_j"], p["eta"]
    m = measure(p, ctx)
    pred = math.log1p(eta * predicted_exponent(N, lam_i, lam_j))
    measured = m["slope"] if m["slope"] is not None else 0.0
    return Margin(measured, measured / eta, pred / eta, "fitted log-slope / eta (S4)",
                  "ln(1 + eta lam_i^((N-2)/N)(|lam_j| - lam_i)) / eta", scale=pred,
                  info={"ratio": measured / pred, "seeded_at_k": m["ks"], "d_j_at_seed": m["d_j_at_seed"]})


HIGHER_GROWTH = SampledCheck(
    domain=Domain(params=(Param("pair", scale="choice", choices=tuple(_HIGHER), grid=tuple(_HIGHER)),
                          Param("alpha", scale="choice", choices=(0.3, 1.0), grid=(0.3, 1.0))),
                  resolve=_resolve_higher,
                  description="catalogue pairs: N = 3 (0.3,-1.5), (0.5,-1); N = 4 (1,-2); alpha in {0.3, 1}, eta = 0.02"),
    margin=_margin_higher,
    tolerance="growth: fitted slope > 0; measured vs predicted rate reported (d_j -> 0 only polynomially for N >= 3)",
)


def instab_plot(point):
    """|offdiag W(k)| after seeding, with the fitted and the predicted slopes over the fit window."""
    p = dict(point or {})
    if "pair" in p:
        N, lam_i, lam_j = _HIGHER[p["pair"]]
    else:
        N = int(p.get("N", 2))
        lam_i = float(p.get("lam_i", 0.3))
        lam_j = float(p.get("lam_j", -float(p.get("q", 5.0)) * lam_i))
    alpha, eta = float(p.get("alpha", 0.3)), float(p.get("eta", 0.02))
    m = measure_pair(N, lam_i, lam_j, alpha, eta)
    a, b = m["window"]
    k = np.arange(len(m["off"]))
    pred = math.log1p(eta * predicted_exponent(N, lam_i, lam_j))
    series = [{"label": "|offdiag W(k)| (S4)", "x": k.tolist(), "y": m["off"].tolist(), "style": "line"}]
    if m["slope"] is not None:
        kw = k[a:b]
        c0 = m["log_off"][a]
        series.append({"label": f"fitted rate/eta = {m['slope'] / eta:.4f}", "x": kw.tolist(),
                       "y": np.exp(c0 + m["slope"] * (kw - a)).tolist(), "style": "line"})
        series.append({"label": f"predicted rate/eta = {pred / eta:.4f}", "x": kw.tolist(),
                       "y": np.exp(c0 + pred * (kw - a)).tolist(), "style": "line"})
    return {"title": f"off-diagonal mode, N={N}, (lam_i, lam_j)=({lam_i:g}, {lam_j:g}), alpha={alpha:g}, eta={eta:g}",
            "xlabel": f"k - {m['ks']} (steps after seeding)", "ylabel": "|offdiag W(k)|", "xscale": "linear",
            "yscale": "log", "series": series, "hlines": [{"y": FIT_LO, "label": "fit window"},
                                                          {"y": FIT_HI, "label": "fit window"}],
            "vlines": [{"x": a, "label": "window start"}, {"x": b, "label": "window end"}]}


OBS_INSTAB = catalogued(
    CATALOGUE, PAPER, "chou.obs.instab",
    arxiv="observation (E14; Remark 1.4)", equations=("(6)", "(9)", "(14)"),
    statement=(r"With identical initialization, let $i$ ($\lambda_i>0$, $d_i\to\lambda_i^{1/N}$) and $j$ ($\lambda_j<0$, "
               r"$d_j\to0$) be two eigen-directions. The decoupled set $\{W_k=VDV^\top\}$ is linearly unstable when "
               r"$|\lambda_j|>\lambda_i$: for $N=2$ the off-diagonal mode $X_{ij}=-Y_{ji}$ grows by the factor "
               r"$1+\eta(|\lambda_j|-\lambda_i)$ per step, and it does not grow when $|\lambda_j|<\lambda_i$; for $N\ge3$ "
               r"the rate is about $\eta\lambda_i^{(N-2)/N}(|\lambda_j|-\lambda_i)$."),
    check=AllOf(parts=(("N=2: rate ln(1+eta(|lam_j|-lam_i)) within 3%, no growth otherwise", N2_RATE),
                       ("N=3,4: the off-diagonal mode grows (catalogue pairs; rate reported)", HIGHER_GROWTH))),
    plot=instab_plot,
    notes="For N = 2 the identical-initialization manifold has a second unstable mode whenever lam_j < 0: the "
          "antisymmetric diagonal mode W_1,jj = -W_2,jj (factor 1 + eta|lam_j|); see measure_pair.",
)


CLAIMS = [OBS_INSTAB]
