"""Lemma A.1 of Chou et al. (stability of the fixed points of the scalar map (15)), printed and corrected
(chou.lemA.1, chou.lemA.1.corrected; erratum E8).

Lemma A.1 is checked case by case: the Jacobians in SymPy, the behaviour near the threshold with the
float64 simulator S1 (re-run in mpmath for near-ties and failures). The third case (``lam < 0``) is
printed as "0 is an unstable equilibrium" with ``g'(0) = 1``; ``g'(0) = 1 + eta lam`` for ``N = 2``
(E8). The corrected third case is the divergence ``|d(k)| -> infinity`` that the proof establishes.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_trajectory
from dmfcheck.symbolic import scalar_map as sm
from dmfcheck.symbolic.exact import Proof, counterexample, exact_zero

from ...claim import AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from . import CATALOGUE, PAPER
from .grids import LAM_GRID, alpha_param

_t = sp.Symbol("t", positive=True)


def prove_case_N1() -> Proof:
    """N = 1: ``g(x) - lam = (1 - eta)(x - lam)`` exactly, so ``|g'(lam)| = |1 - eta| = eta - 1 > 1``
    for ``eta > 2`` and ``d(k) - lam = (1 - eta)^k (alpha - lam)`` diverges unless ``alpha = lam``."""
    g1 = sm.g_map(1)
    ok = exact_zero(g1 - sm.lam - (1 - sm.eta) * (sm.x - sm.lam))
    ok2 = exact_zero(sp.diff(g1, sm.x) - (1 - sm.eta))
    holds = bool(ok and ok[0] and ok2 and ok2[0])
    return Proof(holds=holds, exact=True, method="cancel",
                 steps=("N=1: g(x) - lam - (1-eta)(x-lam) == 0 (cancel)",
                        "N=1: g'(x) == 1 - eta, so |g'(lam)| = eta - 1 > 1 for eta > 2 and "
                        "d(k) - lam = (1-eta)^k (alpha - lam)"))


def prove_g_prime_root(Ns=range(2, 11)) -> Proof:
    """N >= 2, lam > 0: ``g'(lam^(1/N)) = 1 - eta N lam^(2-2/N)``, hence ``|g'(lam^(1/N))| > 1`` exactly
    when ``eta > 2/(N lam^(2-2/N))`` (the lam > 0 threshold of Lemma A.1)."""
    steps = []
    for N in Ns:
        res = exact_zero(sm.g_prime_at_root(N) - (1 - sm.eta * N * sm.lam ** (2 - sp.Rational(2, N))))
        ok = bool(res and res[0])
        steps.append(f"N={N}: g'(lam^(1/N)) - (1 - eta N lam^(2-2/N)) {'==' if ok else '!='} 0"
                     + (f" ({res[1]})" if res else " (undecided)"))
        if not ok:
            return Proof(False, True, "cancel", tuple(steps))
    steps.append("so g'(lam^(1/N)) < -1 iff eta N lam^(2-2/N) > 2: the lam > 0 threshold of Lemma A.1")
    return Proof(True, True, "cancel", tuple(steps))


def prove_g_prime_zero(printed: bool, Ns=range(2, 8)) -> Proof:
    """``g(0) = 0`` and ``g'(0)`` for ``lam < 0``: the printed proof says ``g'(0) = 1`` (E8); the
    corrected value is ``1 + eta lam = 1 - eta |lam|`` for ``N = 2`` and ``1`` for ``N >= 3``."""
    steps = []
    for N in Ns:
        g0 = sm.g_map(N).subs(sm.x, 0)
        gp0 = sm.g_prime_at_zero(N)
        claimed = sp.Integer(1) if printed or N >= 3 else 1 + sm.eta * sm.lam
        res = exact_zero(gp0 - claimed)
        label = f"N={N}: g(0) = {g0}, g'(0) = {gp0}, stated {claimed}"
        if res is None or not res[0] or g0 != 0:
            steps.append(label + ": differs")
            # a point of the third case of Lemma A.1: alpha = 1, lam = -1, eta = 1.01 (1 + 2^(1/N))
            eta = 1.01 * (1 + 2 ** (1 / N))
            at = {sm.eta: sp.Float(eta, 30), sm.lam: -1}
            with mpmath.workdps(30):
                cex = counterexample({"N": N, "lam": -1, "alpha": 1, "eta": eta}, mpmath.mpf(str(gp0.subs(at))),
                                     mpmath.mpf(str(claimed.subs(at))), 30,
                                     lhs_label="g'(0) (SymPy)", rhs_label="g'(0) as stated")
            return Proof(False, True, "cancel", tuple(steps), counterexample=cex)
        steps.append(label + f": equal ({res[1]})")
    return Proof(True, True, "cancel", tuple(steps))


def c_prime(N):
    """``c' = 2^(1-2/N) (1 + 2^(1/N)) - 2``, the growth constant in the proof of Lemma A.1 (called
    ``c`` there; not the root ``c`` of chou.def.c). At the caller's mpmath precision.

    >>> with mpmath.workdps(15):
    ...     print(c_prime(2))
    0.414213562373095
    """
    N = mpmath.mpf(N)
    return mpmath.power(2, 1 - 2 / N) * (1 + mpmath.power(2, 1 / N)) - 2


def _c_prime_all_N() -> Proof:
    """Every ``N >= 2`` at once: ``c' = 2(1 + t - t^2)/t^2`` with ``t = 2^(1/N) in (1, sqrt 2]``, and
    ``t^2 - t - 1`` has no root in ``[1, 3/2]`` (Sturm) and is ``-1`` at ``t = 1``."""
    q = sp.Poly(_t**2 - _t - 1, _t)
    roots = q.count_roots(1, sp.Rational(3, 2))
    ok = roots == 0 and q.eval(1) < 0 and sp.Rational(3, 2) ** 2 > 2
    return Proof(bool(ok), True, "Sturm count",
                 (f"all N >= 2: t^2 - t - 1 has {roots} roots in [1, 3/2] (Sturm) and equals -1 at t = 1; "
                  "1 < t = 2^(1/N) <= sqrt 2 < 3/2, so 1 + t - t^2 > 0 and c' = 2(1 + t - t^2)/t^2 > 0",
                  _sharpness_note()))


def prove_c_prime_positive(Ns=range(2, 51)) -> list:
    """``c' > 0``: exactly for each ``N`` in ``Ns`` (:func:`dmfcheck.symbolic.scalar_map.prove_lemA1_c_prime_positive`)
    and for every ``N >= 2`` by a Sturm count; the last step is the report-only sharpness note."""
    return [sm.prove_lemA1_c_prime_positive(N) for N in Ns] + [_c_prime_all_N()]


# =========================================================================== Lemma A.1: simulations

#: Start of the lam > 0 runs: lam^(1/N) (1 + START_OFFSET) (recipe of chou.lemA.1).
START_OFFSET = 1e-6
#: Steps of the lam > 0 runs (|g'| <= 0.98 below and >= 1.02 above the threshold in the explored band).
STEPS_POS = 3000
#: Below the threshold the run must end within CONVERGED_REL of lam^(1/N) (relative).
CONVERGED_REL = 1e-10
#: Above it the distance must exceed LEFT_REL (relative), i.e. grow 1000-fold from the start.
LEFT_REL = 1e-3
#: lam < 0: a run has diverged once |d| > ESCAPE; it must within STEPS_NEG steps.
ESCAPE = 1e100
STEPS_NEG = 2000
#: Band around the threshold that is skipped (the linear rates |1 - 2f| tend to 1 there).
BAND = 0.01


def eta_threshold_pos(N, lam):
    """The lam > 0 threshold of Lemma A.1: ``2/(N lam^(2-2/N))`` (float)."""
    return 2.0 / (N * lam ** (2.0 - 2.0 / N))


def eta_threshold_neg(N, lam, alpha):
    """The lam < 0 threshold of Lemma A.1: ``(1 + 2^(1/N)) max(alpha, |lam|^(1/N)) / min(...)^(2N-1)``."""
    r = abs(lam) ** (1.0 / N)
    return (1 + 2 ** (1.0 / N)) * max(alpha, r) / min(alpha, r) ** (2 * N - 1)


def _trajectory(N, lam, x0, eta, steps, ctx):
    """d(0..steps) of (15) from ``x0``: float64 (S1 kernel) or mpmath (stops once |d| > ESCAPE)."""
    if ctx.is_float64:
        return list(scalar_gd_trajectory(N, lam, x0, eta, steps))
    lam_m, eta_m, d = mpmath.mpf(lam), mpmath.mpf(eta), mpmath.mpf(x0)
    out = [d]
    for _ in range(steps):
        p = d ** (N - 1)
        d = d - eta_m * p * (p * d - lam_m)
        out.append(d)
        if abs(d) > ESCAPE:
            break
    return out


def _resolve_pos(c):
    if abs(c["f"] - 1) < BAND:
        return None
    N, lam = c["N"], c["lam"]
    return {"N": N, "lam": lam, "f": c["f"], "eta": c["f"] * eta_threshold_pos(N, lam)}


def _margin_pos(p, ctx):
    """lam > 0 from lam^(1/N)(1 + 1e-6): below the threshold the run converges to lam^(1/N), above it
    the perturbation grows (the fixed point is unstable, Lemma A.1)."""
    N, lam, f, eta = p["N"], p["lam"], p["f"], p["eta"]
    root = lam ** (1.0 / N) if ctx.is_float64 else mpmath.root(mpmath.mpf(lam), N)
    traj = _trajectory(N, lam, root * (1 + START_OFFSET), eta, STEPS_POS, ctx)
    dist = [abs(d - root) / root for d in traj]
    tail = {"d(K-1)": float(traj[-2]), "d(K)": float(traj[-1]), "g'(root)": 1 - 2 * f}
    if f < 1:
        end = dist[-1]
        if not end == end:  # NaN: the run left every bounded region
            end = mpmath.inf if not ctx.is_float64 else math.inf
        end = min(end, 1.0) if ctx.is_float64 else min(end, mpmath.mpf(1))
        end = float(end) if ctx.is_float64 else end
        return Margin(CONVERGED_REL - end, end, CONVERGED_REL, "|d(K) - lam^(1/N)| / lam^(1/N)",
                      "convergence tolerance (eta below the threshold)", scale=CONVERGED_REL, info=tail)
    finite = [x for x in dist if x == x and x < 1e6]
    left = max(finite) if len(finite) == len(dist) else 1e6
    left = float(left) if ctx.is_float64 else left
    return Margin(left - LEFT_REL, left, LEFT_REL, "max_k |d(k) - lam^(1/N)| / lam^(1/N)",
                  "1000 x the initial offset (eta above the threshold: unstable)", scale=LEFT_REL, info=tail)


POS_SIM = SampledCheck(
    domain=Domain(
        params=(Param("N", scale="choice", choices=(2, 3, 4, 5, 7), grid=(2, 3, 4, 5, 7)),
                Param("lam", 1e-3, 20.0, scale="log", grid=tuple(v for v in LAM_GRID if v > 0)),
                Param("f", 0.5, 1.5, grid=(0.5, 0.9, 0.98, 1.02, 1.1, 1.5))),
        resolve=_resolve_pos,
        description="N in {2,3,4,5,7}, lam in [1e-3, 20] (log), eta = f * 2/(N lam^(2-2/N)) with f in [0.5, 1.5] "
                    f"minus the band |f - 1| < {BAND}; start lam^(1/N)(1 + 1e-6), K = {STEPS_POS} steps",
        extra=({"N": 2, "lam": 1.0, "f": 0.98}, {"N": 2, "lam": 1.0, "f": 1.02}, {"N": 3, "lam": 1.0, "f": 1.02},
               {"N": 4, "lam": 1.0, "f": 1.02}, {"N": 3, "lam": 5.0, "f": 0.98}, {"N": 4, "lam": 0.2, "f": 0.98})),
    margin=_margin_pos,
    tolerance=f"f < 1: |d(K) - lam^(1/N)| <= {CONVERGED_REL:g} lam^(1/N); f > 1: max_k |d(k) - lam^(1/N)| >= "
              f"{LEFT_REL:g} lam^(1/N) (start offset 1e-6)",
)


def _resolve_neg(c):
    N, lam, alpha, f = c["N"], c["lam"], c["alpha"], c["f"]
    return {"N": N, "lam": lam, "alpha": alpha, "f": f, "eta": f * eta_threshold_neg(N, lam, alpha)}


def _margin_neg(p, ctx):
    """lam < 0 above the threshold: ``d(1) < -2^(1/N) M`` (the proof's first step, sign corrected), then
    ``|d(k+1)| > (1 + c')|d(k)|`` for ``k >= 1`` until ``|d| > 1e100``: ``|d(k)| -> infinity``."""
    N, lam, alpha, eta = p["N"], p["lam"], p["alpha"], p["eta"]
    num = float if ctx.is_float64 else mpmath.mpf
    M = max(num(alpha), abs(num(lam)) ** (num(1) / N))
    traj = _trajectory(N, lam, alpha, eta, STEPS_NEG, ctx)
    escaped = next((k for k, d in enumerate(traj) if not abs(d) <= ESCAPE), None)
    bound1 = -(num(2) ** (num(1) / N)) * M
    if abs(traj[1]) <= ESCAPE:
        m1 = (bound1 - traj[1]) / abs(bound1)
    else:  # |d(1)| > 1e100: the first step already left every bounded region (its sign decides)
        m1 = num(1) if traj[1] < 0 else num(-1)
    cp = float(c_prime(N)) if ctx.is_float64 else c_prime(N)
    last = escaped if escaped is not None else len(traj) - 1
    ratios = [abs(traj[k + 1]) / abs(traj[k]) for k in range(1, last) if abs(traj[k + 1]) <= ESCAPE]
    info = {"escape_step": escaped, "c_prime": float(cp)}
    if escaped is None:
        return Margin(-1.0, float(abs(traj[-1])), ESCAPE, f"|d({STEPS_NEG})|", "divergence bound 1e100",
                      scale=1.0, info=info)
    if ratios and (min(ratios) - (1 + cp)) / (1 + cp) < m1:
        return Margin(num((min(ratios) - (1 + cp)) / (1 + cp)), num(min(ratios)), num(1 + cp),
                      "min_k>=1 |d(k+1)|/|d(k)|", "1 + c'", scale=1.0, info=info)
    return Margin(num(m1), num(traj[1]), num(bound1), "d(1)", "-2^(1/N) max(alpha, |lam|^(1/N))", scale=1.0, info=info)


NEG_SIM = SampledCheck(
    domain=Domain(
        params=(Param("N", scale="choice", choices=(2, 3, 4, 5, 7), grid=(2, 3, 4, 5, 7)),
                Param("lam", -20.0, -1e-3, grid=tuple(v for v in LAM_GRID if v < 0)),
                alpha_param(),
                Param("f", 1.0001, 100.0, scale="log", grid=(1.0001, 1.01, 1.5, 10.0))),
        resolve=_resolve_neg,
        description="N in {2,3,4,5,7}, lam in [-20, -1e-3], alpha in [0.02, 1.5], eta = f * (1 + 2^(1/N)) "
                    "max(alpha,|lam|^(1/N)) / min(alpha,|lam|^(1/N))^(2N-1) with f in [1.0001, 100]",
        extra=({"N": 2, "lam": -1.0, "alpha": 1.0, "f": 1.0001}, {"N": 3, "lam": -1.0, "alpha": 1.0, "f": 1.0001})),
    margin=_margin_neg,
    tolerance="relative: d(1) <= -2^(1/N) max(alpha,|lam|^(1/N)) and |d(k+1)|/|d(k)| >= 1 + c' for k >= 1 "
              f"until |d| > {ESCAPE:g} (within {STEPS_NEG} steps)",
)


def _sharpness_note() -> str:
    """Report only (not part of any verdict): the lam < 0 threshold is not sharp for N = 2."""
    out = []
    for N in (2, 3):
        eta = 0.5 * eta_threshold_neg(N, -1.0, 1.0)
        traj = scalar_gd_trajectory(N, -1.0, 1.0, eta, 100000)
        bad = np.flatnonzero(~(np.abs(traj) <= ESCAPE))
        out.append(f"N={N}: diverges (|d| > 1e100 at k={bad[0]})" if bad.size
                   else f"N={N}: does not diverge (|d(1e5)| = {abs(traj[-1]):.3g})")
    return ("note (report only): at 0.5 x the lam < 0 threshold, alpha = 1, lam = -1: " + "; ".join(out))


# =========================================================================== Lemma A.1: claims


def lemA1_plot(point):
    """d(k) near the lam > 0 threshold (0.98x and 1.02x) or |d(k)| above the lam < 0 threshold."""
    p = dict(point or {})
    N = int(p.get("N", 2))
    lam = float(p.get("lam", 1.0))
    if lam < 0:
        alpha = float(p.get("alpha", 1.0))
        series = []
        for f in (0.5, 1.0001):
            traj = scalar_gd_trajectory(N, lam, alpha, f * eta_threshold_neg(N, lam, alpha), 40)
            ok = np.abs(traj) <= ESCAPE
            series.append({"label": f"|d(k)|, eta = {f:g} x threshold", "x": np.arange(len(traj))[ok].tolist(),
                           "y": np.abs(traj[ok]).tolist(), "style": "line"})
        return {"title": f"Lemma A.1, lam < 0: N={N}, lam={lam:g}, alpha={alpha:g}", "xlabel": "k",
                "ylabel": "|d(k)|", "xscale": "linear", "yscale": "log", "series": series, "hlines": [], "vlines": []}
    root = lam ** (1.0 / N)
    series = []
    for f in (0.98, 1.02):
        traj = scalar_gd_trajectory(N, lam, root * (1 + START_OFFSET), f * eta_threshold_pos(N, lam), 800)
        series.append({"label": f"d(k), eta = {f:g} x 2/(N lam^(2-2/N))", "x": list(range(len(traj))),
                       "y": traj.tolist(), "style": "line"})
    return {"title": f"Lemma A.1, lam > 0: N={N}, lam={lam:g}, start lam^(1/N)(1+1e-6)", "xlabel": "k",
            "ylabel": "d(k)", "xscale": "linear", "yscale": "linear", "series": series,
            "hlines": [{"y": root, "label": "lam^(1/N)"}], "vlines": []}


_STATEMENT_HEAD = (
    r"Let $d$ solve (15), $g(x)=x-\eta x^{N-1}(x^N-\lambda)$. If $N=1$ and $\eta>2$, then $d=\lambda$ is an unstable "
    r"equilibrium. If $N\ge2$, $\lambda>0$ and $\eta>2\left(N\lambda^{2-2/N}\right)^{-1}$, then $d=\lambda^{1/N}$ is an "
    r"unstable equilibrium ($|g'(\lambda^{1/N})|=|1-\eta N\lambda^{2-2/N}|>1$). If $N\ge2$, $\lambda<0$ and "
    r"$$\eta>\frac{(1+2^{1/N})\max(\alpha,|\lambda|^{1/N})}{\min(\alpha,|\lambda|^{1/N})^{2N-1}},$$ ")
STATEMENT_PRINTED = _STATEMENT_HEAD + (
    r"then $d=0$ is an unstable equilibrium (with $g(0)=0$, $g'(0)=1$); the proof shows "
    r"$|d(k+1)|>(1+c')|d(k)|$ for $k\ge1$, $c'=2^{1-2/N}(1+2^{1/N})-2>0$.")
STATEMENT_CORRECTED = _STATEMENT_HEAD + (
    r"then $|d(k)|\to\infty$: $d(1)<-2^{1/N}\max(\alpha,|\lambda|^{1/N})$ and $|d(k+1)|>(1+c')|d(k)|$ for $k\ge1$, "
    r"$c'=2^{1-2/N}(1+2^{1/N})-2>0$. Here $g'(0)=1$ for $N\ge3$ and $g'(0)=1+\eta\lambda=1-\eta|\lambda|$ for $N=2$.")


def _lemA1_claim(printed: bool):
    third = ("lam<0: g(0)=0, g'(0)=1 (as printed)" if printed else "lam<0: g(0)=0, g'(0) (corrected values)",
             ProofCheck(lambda: prove_g_prime_zero(printed),
                        "SymPy, N = 2..7: g'(0) " + ("against the printed value 1" if printed
                                                     else "against 1 (N >= 3) and 1 + eta lam (N = 2)")))
    return catalogued(
        CATALOGUE, PAPER, "chou.lemA.1" if printed else "chou.lemA.1.corrected",
        arxiv="Lemma A.1", equations=("(15)",),
        statement=STATEMENT_PRINTED if printed else STATEMENT_CORRECTED,
        expected="FAIL" if printed else None,
        erratum=("E8: for N = 2, g'(0) = 1 + eta lam = 1 - eta|lam|, not 1; the proof shows divergence "
                 "|d(k)| -> infinity, not linear instability" if printed else None),
        check=AllOf(parts=(
            ("N=1: |g'(lam)| = |1 - eta| > 1", ProofCheck(prove_case_N1, "SymPy: g(x) - lam = (1 - eta)(x - lam)")),
            ("lam>0: g'(lam^(1/N)) = 1 - eta N lam^(2-2/N)",
             ProofCheck(prove_g_prime_root, "SymPy, N = 2..10, lam = mu^N")),
            ("lam>0: converges below, repels above the threshold (S1)", POS_SIM),
            third,
            ("lam<0: |d(k)| -> infinity, growth > 1 + c' per step (S1)", NEG_SIM),
            ("c' > 0 for all N >= 2", ProofCheck(prove_c_prime_positive, "SymPy: exact identity N = 2..50, Sturm count")),
        )),
        plot=lemA1_plot,
    )


LEMA1 = _lemA1_claim(printed=True)
LEMA1_CORRECTED = _lemA1_claim(printed=False)

CLAIMS = [LEMA1, LEMA1_CORRECTED]
