"""The iteration count T_N^Id(lam, eps, alpha, eta) of Chou et al., eq. (20) (chou.eq20), which is lost
in the extraction of the paper and RECONSTRUCTED (:func:`dmfcheck.numeric.iteration_bounds.T_id`):
regression values, the flow-time meaning of its first three cases, the limit lam -> 0 (E11), the
journal's three-term sum and continuity at the clamp switch (E10), nonnegativity and domain errors.

>>> with mpmath.workdps(30):
...     print(T_id(3, -1, "0.1", "0.5", "0.02"))  # lam < 0: T_3^-(eps, alpha)/(eta |lam|) = (1/eps - 1/alpha)/eta
400.0
"""
from __future__ import annotations

import mpmath
import numpy as np

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.flow import flow_time_quad
from dmfcheck.numeric.iteration_bounds import T_id, T_id_regime, eta_limit_21
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats
from dmfcheck.symbolic.exact import Proof

from ...claim import AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from ..support import as_float, instances_proof, reference_rows, work_dps
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .flow_references import DPS_QUAD, TOL_QUAD
from .grids import DEGENERATE_GAP, alpha_param, e_param, f_param, lam_param, n_param


# --------------------------------------------------------------------------- chou.eq20 (RECONSTRUCTED)

TID_REFERENCES = (
    ({"N": 3, "lam": 5, "eps": 0.001, "alpha": 0.1, "eta": 0.001}, "2843.81107855"),
    ({"N": 4, "lam": 2, "eps": 0.0001, "alpha": 0.3, "eta": 0.01}, "536.059080902"),
    ({"N": 2, "lam": 1, "eps": 0.05, "alpha": 0.1, "eta": 0.01}, "520.208298934"),
    ({"N": 2, "lam": 1, "eps": 0.5, "alpha": 0.1, "eta": 0.01}, "180.825378073"),
    ({"N": 2, "lam": 1, "eps": 0.05, "alpha": 0.8, "eta": 0.1}, "20.0932984994"),
    ({"N": 2, "lam": 0.2, "eps": 0.05, "alpha": 0.8, "eta": 0.1}, "32.0186088822"),
    ({"N": 3, "lam": 0, "eps": 0.1, "alpha": 0.5, "eta": 0.2}, "12480"),
    ({"N": 3, "lam": -1, "eps": 0.1, "alpha": 0.5, "eta": 0.02}, "400"),
)
#: lam = (eps 10^-LIMIT_DIGITS)^N for the lam -> 0 limit (E11): the relative gap is about (2N-2) 10^-LIMIT_DIGITS.
LIMIT_DIGITS = 12
#: Relative offset on each side of the clamp switch eps = lam^(1/N) - zeta.
CLAMP_DELTA = "1e-20"


def resolve_tid(c):
    """(N, lam, alpha, e, f) -> (N, lam, alpha, eps = e * gap, eta = f * eta_limit_21); None for a degenerate gap."""
    N, lam, alpha = c["N"], c["lam"], c["alpha"]
    gap = abs(float(cf.lam_plus_root(N, lam)) - alpha)
    if gap < DEGENERATE_GAP:
        return None
    return {"N": N, "lam": lam, "alpha": alpha, "eps": c["e"] * gap,
            "eta": c["f"] * float(eta_limit_21(N, lam, alpha))}


def _tid_domain(resolve=resolve_tid, description=""):
    return Domain(params=(n_param(), lam_param(), alpha_param(), e_param(), f_param()), resolve=resolve,
                  description=description or "N in {2,3,4,5,7}, lam in [-20,20] (grid of §(f) with 0), alpha in "
                                             "[0.02,1.5], eps = e * |lam_+^(1/N) - alpha|, e in [1e-6, 0.999], "
                                             "eta = f * (21), f in [1e-3, 0.999]")


def _tid_flow_time_margin(p, ctx):
    """The cases lam < 0, lam = 0, 0 < lam < alpha^N of (20), times eta, are flow times (proof of Thm 2.3):
    of ``y_-' = lam y_-^(N-1)`` from alpha to eps, of ``y' = -y^(2N-1)`` from alpha to eps (E11), and of (24)
    from alpha to ``lam^(1/N) + eps``; compared with quadratures to 1e-25 relative at >= 30 digits."""
    N = p["N"]
    with mpmath.workdps(work_dps(ctx, DPS_QUAD)):
        lam, eps, alpha, eta = (mpmath.mpf(p[k]) for k in ("lam", "eps", "alpha", "eta"))
        regime = T_id_regime(N, lam, alpha)
        t_id = T_id(N, lam, eps, alpha, eta) * eta
        if regime == "lam<0":  # int_alpha^eps dz/(lam z^(N-1)), with z = e^s
            quad = mpmath.quad(lambda s: mpmath.exp((2 - N) * s) / lam, [mpmath.log(alpha), mpmath.log(eps)])
            label = "flow time of y_-' = lam y_-^(N-1) (30), quadrature"
        elif regime == "lam=0":
            quad, label = flow_time_quad(N, 0, alpha, eps), "flow time of y' = -y^(2N-1), quadrature"
        else:
            quad = flow_time_quad(N, lam, alpha, cf.lam_plus_root(N, lam) + eps)
            label = "flow time of (24) to lam^(1/N) + eps, quadrature"
        tol = mpmath.mpf(TOL_QUAD) * max(1, abs(quad))
        return Margin(tol - abs(t_id - quad), t_id, quad, f"eta T_N^Id ({regime})", label, scale=tol,
                      info={"regime": regime})


def _resolve_flow_time_cases(c):
    p = resolve_tid(c)
    if p is None:
        return None
    with mpmath.workdps(30):
        return p if T_id_regime(p["N"], p["lam"], p["alpha"]) in ("lam<0", "lam=0", "0<lam<alpha^N") else None


def _tid_limit_margin(p, ctx):
    """E11: T_N^Id(lam, eps, alpha, eta) -> T_N^Id(0, eps, alpha, eta) as lam -> 0, at the first-order rate:
    at ``lam = (eps 10^-12)^N``, i.e. ``r = lam^(1/N) = eps 10^-12``, the gap is at most twice the shift of the
    start of the integration, ``2 r eps^(1-2N)/eta`` (the change of the integrand is O(lam) and smaller)."""
    N = p["N"]
    with mpmath.workdps(work_dps(ctx, 30)):
        eps, alpha, eta = (mpmath.mpf(p[k]) for k in ("eps", "alpha", "eta"))
        r = eps * mpmath.mpf(10) ** -LIMIT_DIGITS
        t0, t_lam = T_id(N, 0, eps, alpha, eta), T_id(N, r**N, eps, alpha, eta)
        tol = 2 * r * eps ** (1 - 2 * N) / eta
        return Margin(tol - abs(t_lam - t0), t_lam, t0, f"T_N^Id(lam = (eps 1e-{LIMIT_DIGITS})^N)", "T_N^Id(0) (E11)",
                      scale=tol, info={"gap/first-order shift": mpmath.nstr(abs(t_lam - t0) / (tol / 2), 8)})


def _resolve_lam0(c):
    return resolve_tid(dict(c, lam=0.0))


def _fourth_case_params(p):
    N = p["N"]
    lam, alpha, eta = (mpmath.mpf(p[k]) for k in ("lam", "alpha", "eta"))
    r, z = mpmath.root(lam, N), cf.zeta(N, lam)
    L = abs(mpmath.log(1 - eta * N * (cf.c_N(N) * lam) ** (2 - mpmath.mpf(2) / N)))
    return N, lam, alpha, eta, r, z, L


def _tid_journal_margin(p, ctx):
    """Fourth case with eps <= lam^(1/N) - zeta (no clamp active): T_N^Id equals the journal's three-term
    sum ``T_N^+(lam, zeta, alpha)/eta + (ln(lam^(1/N)/eps) - a_N)/L + s_N`` (App. A of 001), to 1e-25."""
    with mpmath.workdps(work_dps(ctx, 30)):
        N, lam, alpha, eta, r, z, L = _fourth_case_params(p)
        eps = (r - z) * mpmath.mpf(p["e"])
        journal = cf.T_plus(N, lam, z, alpha) / eta + (mpmath.log(r / eps) - cf.a_N(N)) / L + cf.s_N(N, lam, alpha)
        t_id = T_id(N, lam, eps, alpha, eta)
        tol = mpmath.mpf(TOL_QUAD) * max(1, abs(journal))
        return Margin(tol - abs(t_id - journal), t_id, journal, "T_N^Id (reconstructed, 4th case)",
                      "journal three-term sum", scale=tol)


def _tid_clamp_margin(p, ctx):
    """Continuity of the reconstructed 4th case across the clamp switch ``eps = lam^(1/N) - zeta`` (E10):
    both clamps switch there, so ``|T(eps_+) - T(eps_-)| <= 1e-12 max(1, T)`` at ``eps_+- = (r - zeta)(1 +- 1e-20)``."""
    with mpmath.workdps(work_dps(ctx, 40)):
        N, lam, alpha, eta, r, z, L = _fourth_case_params(p)
        d = mpmath.mpf(CLAMP_DELTA)
        lo, hi = T_id(N, lam, (r - z) * (1 - d), alpha, eta), T_id(N, lam, (r - z) * (1 + d), alpha, eta)
        tol = mpmath.mpf("1e-12") * max(1, abs(lo))
        return Margin(tol - abs(hi - lo), hi, lo, "T_N^Id(eps above the switch)", "T_N^Id(eps below the switch)",
                      scale=tol)


def _resolve_fourth_case(c):
    """alpha^N <= c_N lam with room for eps = (r - zeta)(1 + 1e-20) below r - alpha; eta = f * (21)."""
    N, lam, alpha = c["N"], c["lam"], c["alpha"]
    with mpmath.workdps(30):
        if T_id_regime(N, lam, alpha) != "alpha^N<=c_N lam" or not cf.zeta(N, lam) - alpha > 1e-9:
            return None
    return {"N": N, "lam": lam, "alpha": alpha, "e": c.get("e", 1.0),
            "eta": c["f"] * float(eta_limit_21(N, lam, alpha))}


def _tid_nonneg_margin(p, ctx):
    with mpmath.workdps(work_dps(ctx, 30)):
        t = T_id(p["N"], p["lam"], p["eps"], p["alpha"], p["eta"])
        return Margin(t, t, mpmath.mpf(0), "T_N^Id", "0", scale=max(1, abs(t)),
                      info={"regime": T_id_regime(p["N"], p["lam"], p["alpha"])})


def _prove_tid_domain_errors():
    """T_id raises DomainError outside eps in (0, gap), for N < 2, alpha <= 0, eta <= 0 and a too large eta."""
    checks = []
    with mpmath.workdps(30):
        cases = [((3, 2, 0, "0.3", "0.01"), "eps = 0"), ((3, 2, "-0.1", "0.3", "0.01"), "eps < 0"),
                 ((3, 2, mpmath.root(2, 3) - mpmath.mpf("0.3"), "0.3", "0.01"), "eps = gap (lam > alpha^N)"),
                 ((3, 2, "1.5", "0.3", "0.01"), "eps > gap"),
                 ((2, "0.01", "1.45", "1.5", "0.01"), "eps > gap (0 < lam < alpha^N)"),
                 ((2, -1, "0.5", "0.5", "0.01"), "eps = gap = alpha (lam < 0)"),
                 ((2, 0, "0.7", "0.5", "0.01"), "eps > gap (lam = 0)"),
                 ((1, 2, "0.1", "0.3", "0.01"), "N = 1"), ((3, 2, "0.1", "-0.3", "0.01"), "alpha < 0"),
                 ((3, 2, "0.1", "0.3", "0"), "eta = 0"),
                 ((3, 2, "0.1", "0.3", "10"), "eta too large (contraction factor <= 0)")]
        for args, label in cases:
            try:
                T_id(*args)
                raised = False
            except DomainError:
                raised = True
            checks.append((f"T_id{tuple(str(a) for a in args)} ({label}) raises DomainError", raised))
    bad = [lbl for lbl, ok in checks if not ok]
    cex = ({"params": {"case": bad[0]}, "lhs": "returned a value", "rhs": "DomainError", "margin": "",
            "precision": "mpmath dps=30"} if bad else None)
    return Proof(holds=not bad, exact=False, method="domain checks of T_id",
                 steps=tuple(f"{lbl}: {'yes' if ok else 'NO'}" for lbl, ok in checks), n_points=len(checks),
                 precision="mpmath dps=30", counterexample=cex)


def tid_plot(point):
    """Simulated hitting time T(eps) of (15) (float64 kernel) against T_N^Id(eps) over the accuracy range."""
    p = {"N": 3, "lam": 5.0, "alpha": 0.1, "eta": 1e-3, **(point or {})}
    N, lam, alpha, eta = int(as_float(p["N"])), as_float(p["lam"]), as_float(p["alpha"]), as_float(p["eta"])
    gap = abs(float(cf.lam_plus_root(N, lam)) - alpha)
    if gap < DEGENERATE_GAP:
        N, lam, alpha, eta = 3, 5.0, 0.1, 1e-3
        gap = abs(float(cf.lam_plus_root(N, lam)) - alpha)
    es = np.geomspace(1e-4, 0.99, 40) * gap
    with mpmath.workdps(20):
        bound = [float(T_id(N, lam, e, alpha, eta)) for e in es]
    steps = int(min(max(bound) * 1.2 + 10, 2e6))
    hits = scalar_gd_stats(N, lam, alpha, eta, es, steps)["hit"]
    return {"title": f"T_N^Id (reconstructed) vs simulated T (N={N}, lam={lam:g}, alpha={alpha:g}, eta={eta:g})",
            "xlabel": "eps", "ylabel": "iterations", "xscale": "log", "yscale": "log",
            "series": [{"label": "T_N^Id (reconstructed, chou.eq20)", "x": es.tolist(), "y": bound, "style": "line"},
                       {"label": "T (simulated, S1)", "x": es.tolist(),
                        "y": [float(h) if h >= 0 else None for h in hits], "style": "points"}],
            "hlines": [], "vlines": []}


EQ20 = catalogued(
    CATALOGUE, PAPER, "chou.eq20",
    arxiv="eq. (20) (lost in extraction; reconstructed)", equations=("(17)", "(18)", "(19)", "(20)", "(21)"),
    statement=(r"For $\varepsilon\in(0,|\lambda_+^{1/N}-\alpha|)$: $T_N^{\rm Id}(\lambda,\varepsilon,\alpha,\eta)="
               r"\frac{T_N^-(\varepsilon,\alpha)}{\eta|\lambda|}$ ($\lambda<0$); "
               r"$\frac{\varepsilon^{2-2N}-\alpha^{2-2N}}{(2N-2)\eta}$ ($\lambda=0$); "
               r"$\frac{1}{\eta}T_N^+(\lambda,\lambda^{1/N}+\varepsilon,\alpha)$ ($0<\lambda<\alpha^N$); "
               r"$\frac{\ln((\lambda^{1/N}-\alpha)/\varepsilon)}{|\ln(1-\eta N(c_N\lambda)^{2-2/N})|}$ "
               r"($c_N\lambda<\alpha^N\le\lambda$); "
               r"$\frac{1}{\eta}T_N^+(\lambda,\min\{\zeta,\lambda^{1/N}-\varepsilon\},\alpha)+s_N(\lambda,\alpha)+"
               r"\left(\frac{\ln(\lambda^{1/N}/\varepsilon)-a_N}{|\ln(1-\eta N(c_N\lambda)^{2-2/N})|}\right)_+$ "
               r"($\alpha^N\le c_N\lambda$). Checked: regression values, the flow-time meaning of the first three "
               r"cases, the limit $\lambda\downarrow0$, agreement with the journal's three-term sum, continuity at "
               r"$\varepsilon=\lambda^{1/N}-\zeta$, $T_N^{\rm Id}\ge0$, and domain errors."),
    reconstructed=("T_N^Id (20) is lost in extraction and RECONSTRUCTED from the proof of Thm 2.3 (chou.eq20): the "
                   "lam = 0 line is the limit lam -> 0 (E11); the 4th case has min{zeta, lam^(1/N) - eps} and the "
                   "positive part (E10); T_N^+ uses the corrected U_N^+ (E1). Every verdict here is about the "
                   "reconstruction."),
    check=AllOf(parts=(
        ("reference values", ProofCheck(
            lambda: instances_proof("catalogue reference values", reference_rows(T_id, TID_REFERENCES, "T_N^Id"), 40,
                                    "T_N^Id(lam, eps, alpha, eta)"), "the catalogue's 8 reference values")),
        ("cases 1-3 are flow times", SampledCheck(
            domain=_tid_domain(_resolve_flow_time_cases,
                               "the cases lam < 0, lam = 0, 0 < lam < alpha^N of the §(f) domain"),
            margin=_tid_flow_time_margin,
            tolerance=f"|eta T_N^Id - quadrature| <= {TOL_QUAD} max(1, |t|), mpmath >= {DPS_QUAD} digits")),
        ("lam -> 0 limit (E11)", SampledCheck(
            domain=Domain(params=(n_param(), Param("lam", 0.0, 0.0, grid=(0.0,)), alpha_param(), e_param(), f_param()),
                          resolve=_resolve_lam0,
                          description=f"lam = (eps 1e-{LIMIT_DIGITS})^N against lam = 0, over N, alpha, e, f"),
            margin=_tid_limit_margin,
            tolerance="|T(lam) - T(0)| <= 2 lam^(1/N) eps^(1-2N)/eta (first order in lam^(1/N))")),
        ("4th case = journal three-term sum", SampledCheck(
            domain=Domain(params=(n_param(), lam_param(lo=1e-3, hi=20.0), alpha_param(),
                                  Param("e", 1e-6, 1.0, scale="log", grid=(1e-6, 0.01, 0.5, 1.0)), f_param()),
                          resolve=_resolve_fourth_case,
                          description="alpha^N <= c_N lam, eps = e (lam^(1/N) - zeta), e in [1e-6, 1]"),
            margin=_tid_journal_margin, tolerance=f"{TOL_QUAD} relative, mpmath >= 30 digits")),
        ("continuity at eps = lam^(1/N) - zeta (E10)", SampledCheck(
            domain=Domain(params=(n_param(), lam_param(lo=1e-3, hi=20.0), alpha_param(), f_param()),
                          resolve=_resolve_fourth_case, description="alpha^N <= c_N lam, eta = f * (21)"),
            margin=_tid_clamp_margin, tolerance=f"jump over eps = (r - zeta)(1 +- {CLAMP_DELTA}) <= 1e-12 max(1, T)")),
        ("T_N^Id >= 0", SampledCheck(domain=_tid_domain(), margin=_tid_nonneg_margin,
                                     tolerance="T_N^Id >= 0 at >= 30 digits")),
        ("domain errors", ProofCheck(_prove_tid_domain_errors, "DomainError outside the domain of (20)")),
    )),
    plot=tid_plot,
)


CLAIMS = [EQ20]
