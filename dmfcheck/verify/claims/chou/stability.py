"""Claims on the stability of the GD fixed points: Lemma A.1 (printed and corrected, erratum E8) and
the instability of the identical-initialization manifold (chou.obs.instab, E14).

Lemma A.1 is checked case by case: the Jacobians in SymPy, the behaviour near the threshold with the
float64 simulator S1 (re-run in mpmath for near-ties and failures). The third case (``lam < 0``) is
printed as "0 is an unstable equilibrium" with ``g'(0) = 1``; ``g'(0) = 1 + eta lam`` for ``N = 2``
(E8). The corrected third case is the divergence ``|d(k)| -> infinity`` that the proof establishes.

chou.obs.instab measures, with the matrix simulator S4 on a 2 x 2 pair of eigen-directions, the growth
rate of the off-diagonal mode that couples a positive direction ``i`` and a negative direction ``j``.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from dmfcheck.numeric.iteration_bounds import eta_limit_lem22
from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_trajectory
from dmfcheck.symbolic import scalar_map as sm
from dmfcheck.symbolic.exact import Proof, counterexample, exact_zero

from ...claim import FLOAT64, AllOf, Diverged, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from . import CATALOGUE, PAPER
from .grids import LAM_GRID, alpha_param
from dmfcheck.numeric.matrix_gd_mp import mp_matrix_gd

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


def _trajectory(N, lam, x0, eta, steps, ctx, escape=None):
    """d(0..steps) of (15) from ``x0``: float64 (S1 kernel) or mpmath (stops once |d| > escape)."""
    if ctx.is_float64:
        return list(scalar_gd_trajectory(N, lam, x0, eta, steps))
    lam_m, eta_m, d = mpmath.mpf(lam), mpmath.mpf(eta), mpmath.mpf(x0)
    out = [d]
    for _ in range(steps):
        p = d ** (N - 1)
        d = d - eta_m * p * (p * d - lam_m)
        out.append(d)
        if escape is not None and abs(d) > escape:
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
    traj = _trajectory(N, lam, root * (1 + START_OFFSET), eta, STEPS_POS, ctx, escape=ESCAPE)
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
    traj = _trajectory(N, lam, alpha, eta, STEPS_NEG, ctx, escape=ESCAPE)
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


# =========================================================================== chou.obs.instab

#: Off-diagonal seed in W_1 at position (i, j) (recipe of chou.obs.instab).
SEED = 1e-12
#: The log-slope is fitted while FIT_LO < |offdiag(W)| < FIT_HI.
FIT_LO, FIT_HI = 1e-10, 1e-4
#: The seed is placed once |d_i - lam_i^(1/N)| < CONVERGED.
CONVERGED = 1e-6
#: Relative tolerance of the N = 2 rate.
RATE_TOL = 0.03
#: Step budgets: phase 1 (diagonal convergence) and phase 2 (no-growth horizon).
PHASE1_MAX = 200_000
NO_GROWTH_MAX = 30_000
#: Ratios |lam_j|/lam_i in (Q_GAP_LO, Q_GAP_HI) are skipped: the rate tends to 0 there.
Q_GAP_LO, Q_GAP_HI = 0.8, 1.25


def predicted_exponent(N, lam_i, lam_j):
    """``lam_i^((N-2)/N) (|lam_j| - lam_i)``: the growth exponent (per unit eta) of the off-diagonal mode
    coupling directions ``i`` (``d_i = lam_i^(1/N)``) and ``j`` (``d_j = 0``). Linearizing (9) there, the
    pair ``((W_1)_ij, (W_N)_ji)`` evolves by ``I - eta [[lam_i^((2N-2)/N), b], [b, lam_i^((2N-2)/N)]]`` with
    ``b = lam_i^((N-2)/N) |lam_j|``, so the mode ``(W_1)_ij = -(W_N)_ji`` grows by
    ``1 + eta lam_i^((N-2)/N)(|lam_j| - lam_i)`` per step: ``1 + eta(|lam_j| - lam_i)`` for N = 2
    (catalogue E14). For N >= 3 the catalogue calls the rate empirical: along GD ``d_j -> 0`` only
    polynomially, and the measured rate approaches this value as ``d_j`` does.

    >>> round(predicted_exponent(3, 0.5, -1.0), 10)
    0.396850263
    """
    return lam_i ** ((N - 2) / N) * (abs(lam_j) - lam_i)


def _phase1(N, lam_i, alpha, eta):
    """Decoupled (diagonal) GD until ``|d_i - lam_i^(1/N)| < 1e-6``: the seeding step ``ks``."""
    root = lam_i ** (1.0 / N)
    traj = scalar_gd_trajectory(N, lam_i, alpha, eta, PHASE1_MAX)
    hit = np.flatnonzero(np.abs(traj - root) < CONVERGED)
    if hit.size == 0:
        raise Diverged(f"d_i did not reach lam_i^(1/N) within {PHASE1_MAX} steps")
    return int(hit[0])


def _phase2_steps(N, lam_i, lam_j, eta):
    rate = math.log1p(eta * predicted_exponent(N, lam_i, lam_j))
    if rate > 0:
        start = SEED * lam_i ** ((N - 1) / N)
        return int(math.ceil(1.5 * math.log(FIT_HI / start) / rate)) + 200
    return min(NO_GROWTH_MAX, int(math.ceil(math.log(1e3) / -rate)) + 200)


def pair_setup(p, ctx):
    """Phase 1 of :func:`measure_pair`: the seeding step, the phase-2 length, the decoupled runs
    ``d_i, d_j`` from the seeding step on, and the seeded factors."""
    N, lam_i, lam_j, alpha, eta = p["N"], p["lam_i"], p["lam_j"], p["alpha"], p["eta"]
    ks = _phase1(N, lam_i, alpha, eta)
    K2 = _phase2_steps(N, lam_i, lam_j, eta)
    if ctx.is_float64:
        di = scalar_gd_trajectory(N, lam_i, alpha, eta, ks + K2)[ks:]
        dj = scalar_gd_trajectory(N, lam_j, alpha, eta, ks + K2)[ks:]
        F = np.stack([np.diag([di[0], dj[0]])] * N)
        F[0, 0, 1] = SEED
    else:
        di = _trajectory(N, lam_i, alpha, eta, ks + K2, ctx)[ks:]
        dj = _trajectory(N, lam_j, alpha, eta, ks + K2, ctx)[ks:]
        F = [[[di[0], mpmath.mpf(0)], [mpmath.mpf(0), dj[0]]] for _ in range(N)]
        F[0][0][1] = mpmath.mpf(SEED)
    return {"ks": ks, "K2": K2, "di": di, "dj": dj, "F": F}


def pair_analysis(p, setup, H, ctx):
    """Phase 2 of :func:`measure_pair` from the products ``H = W(0..K2)`` after seeding."""
    N, lam_i, lam_j = p["N"], p["lam_i"], p["lam_j"]
    di, dj, K2 = setup["di"], setup["dj"], setup["K2"]
    if ctx.is_float64:
        off = np.hypot(H[:, 0, 1], H[:, 1, 0])
        dev = np.maximum(np.abs(H[:, 0, 0] - di**N), np.abs(H[:, 1, 1] - dj**N))
        log_off = np.log(np.maximum(off, 1e-300))
    else:
        off_mp = [mpmath.sqrt(W[0][1] ** 2 + W[1][0] ** 2) for W in H]
        off = np.array([float(v) for v in off_mp])
        dev = np.array([float(max(abs(W[0][0] - a**N), abs(W[1][1] - b**N))) for W, a, b in zip(H, di, dj)])
        log_off = np.array([float(mpmath.log(v)) if v > 0 else -690.0 for v in off_mp])
    k = np.arange(len(off))
    if predicted_exponent(N, lam_i, lam_j) > 0:
        above = np.flatnonzero(off > FIT_LO)
        a = int(above[0]) if above.size else len(off)
        stop = (off >= FIT_HI) | (dev > 2 * off**2 / lam_i + 1e-14 * max(1.0, lam_i))
        stop[:a] = False
        b = int(np.argmax(stop)) if stop.any() else len(off)
    else:
        a, b = K2 // 2, len(off)
    slope = float(np.polyfit(k[a:b], log_off[a:b], 1)[0]) if b - a >= 20 else None
    return {"ks": setup["ks"], "K2": K2, "off": off, "window": (a, b), "slope": slope, "log_off": log_off,
            "d_j_at_seed": float(dj[0])}


def measure_pair(p, ctx):
    """S4 on the 2 x 2 pair ``diag(lam_i, lam_j)`` (point ``p``: N, lam_i, lam_j, alpha, eta): returns the
    off-diagonal norm of ``W(k)``, the fit window and the fitted log-slope per step.

    Phase 1 runs the decoupled dynamics (with ``V = I`` the factors stay diagonal and equal, Lemma 2.1)
    until ``|d_i - lam_i^(1/N)| < 1e-6``; then ``W_1[i, j] = 1e-12`` is seeded and S4 runs on. (Seeding
    at ``k = 0`` lets the off-diagonal pass 1e-4 before ``d_i`` has converged, e.g. ``(0.3, -1.5)``,
    ``alpha = 0.3``.) Growth: the window is ``1e-10 < |offdiag| < 1e-4``, cut where the diagonal of
    ``W`` leaves the decoupled values by more than the off-diagonal mode explains (``off^2/lam_i``):
    there a second mode has turned nonlinear (for N = 2 the antisymmetric diagonal mode
    ``W_1,jj = -W_2,jj``, factor ``1 + eta|lam_j|`` per step, seeded by rounding and second-order
    terms). No growth: the slope over the second half of the horizon.
    """
    setup = pair_setup(p, ctx)
    T = [[p["lam_i"], 0.0], [0.0, p["lam_j"]]]
    if ctx.is_float64:
        H = matrix_gd(setup["F"], np.array(T), p["eta"], setup["K2"], record_every=1)["history"]
    else:
        H = mp_matrix_gd(setup["F"], T, p["eta"], setup["K2"])[0]
    return pair_analysis(p, setup, H, ctx)


def batch_pairs(points):
    """:func:`measure_pair` for many points in float64: one matrix_gd call per group of points with
    the same phase-2 length (rounded up to a power of 2; each point uses its own first K2 steps)."""
    setups = [pair_setup(p, FLOAT64) for p in points]
    out = [None] * len(points)
    groups = {}
    for i, (p, s) in enumerate(zip(points, setups)):
        groups.setdefault((p["N"], 1 << max(9, (s["K2"] - 1).bit_length())), []).append(i)
    for (N, K), idx in groups.items():
        for c in range(0, len(idx), 16):
            chunk = idx[c:c + 16]
            F = np.stack([setups[i]["F"] for i in chunk])
            T = np.stack([np.diag([points[i]["lam_i"], points[i]["lam_j"]]) for i in chunk])
            H = matrix_gd(F, T, np.array([points[i]["eta"] for i in chunk]), K, record_every=1)["history"]
            for b, i in enumerate(chunk):
                out[i] = pair_analysis(points[i], setups[i], H[b, : setups[i]["K2"] + 1], FLOAT64)
    return out


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
    return _rate_margin(p, measure_pair(p, ctx))


def _batch_instab_n2(points):
    return [_rate_margin(p, m) for p, m in zip(points, batch_pairs(points))]


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
    m = measure_pair(p, ctx)
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
    m = measure_pair({"N": N, "lam_i": lam_i, "lam_j": lam_j, "alpha": alpha, "eta": eta}, FLOAT64)
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

CLAIMS = [LEMA1, LEMA1_CORRECTED, OBS_INSTAB]
