"""Claims on the flow times of the scalar flow (24) of Chou et al.: the antiderivatives U_N^- and U_N^+
of (17) (chou.eq17-Uminus; chou.eq17-Uplus as printed, erratum E1, and .corrected), the flow times
T_N^-, T_N^+ of (18)-(19) (chou.eq18-19), the partial fractions (27) (chou.eq27) and the comparison
flow (30) (chou.eq30).

Precision: see :mod:`.flow_references` (closed form vs quadrature at >= 30 digits against 1e-25; the
flow-time runs by DOP853 in the float64 pass and by odefun when the engine re-checks a point).

>>> with mpmath.workdps(30):
...     print(mpmath.nstr(cf.T_minus(3, "0.1", "0.5"), 15))  # U_3^-(mu) = 1/mu: 10 - 2
8.0
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric.flow import flow_y_float64, flow_y_minus, integrate
from dmfcheck.symbolic import partial_fractions as pf
from dmfcheck.symbolic.exact import Proof, exact_zero
from dmfcheck.symbolic.flows import ode_residual_proof

from ...claim import AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from ..support import as_float, instances_proof, reference_rows, work_dps
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .flow_references import (DPS_ODE, DPS_QUAD, DPS_RECIPE, TOL_ODE, TOL_QUAD, UPLUS_POINTS, ode_y, quad_margin,
                              recipe_points_proof, resolve_same_side, same_side_domain, u_plus_antiderivative_proofs,
                              uplus_plot)
from .grids import DEGENERATE_GAP, alpha_param, lam_param, n_param


# --------------------------------------------------------------------------- chou.eq17-Uminus


def _uminus_margin(p, ctx):
    """T_N^-(mu, alpha) against the quadrature of -z^(1-N) and, for mu < alpha, against the time
    the comparison flow (30) with lam needs from alpha to mu."""
    with mpmath.workdps(work_dps(ctx, DPS_QUAD)):
        N, lam, mu, alpha = p["N"], mpmath.mpf(p["lam"]), mpmath.mpf(p["mu"]), mpmath.mpf(p["alpha"])
        closed = cf.T_minus(N, mu, alpha)
        # int_alpha^mu -z^(1-N) dz with z = e^s: a smooth integrand over [ln alpha, ln mu]
        quad = mpmath.quad(lambda s: -mpmath.exp((2 - N) * s), [mpmath.log(alpha), mpmath.log(mu)])
        tol = mpmath.mpf(TOL_QUAD) * max(1, abs(quad))
        err = abs(closed - quad)
        info = {"dps": mpmath.mp.dps}
        if mu < alpha:  # (30): y_-(T^-/|lam|) = mu
            y_end = flow_y_minus(N, lam, alpha, closed / abs(lam))
            info["y_minus(T^-/|lam|) - mu"] = mpmath.nstr(y_end - mu, 5)
            err = max(err, abs(y_end - mu) / mu * max(1, abs(quad)))
        return Margin(tol - err, closed, quad, "T_N^-(mu, alpha) closed form", "quadrature of -z^(1-N)",
                      scale=tol, info=info)


def _resolve_uminus(c):
    return {"N": c["N"], "lam": -c["L"], "alpha": c["alpha"], "mu": c["alpha"] * c["m"]}


def uminus_plot(point):
    """T_N^-(mu, alpha) (closed form) against the quadrature, over mu in (0, alpha]."""
    p = {"N": 3, "alpha": 0.5, **(point or {})}
    N, alpha = max(2, int(as_float(p["N"]))), as_float(p["alpha"])
    mus = [alpha * 10 ** (-3 * i / 39) for i in range(40)]
    with mpmath.workdps(20):
        closed = [float(cf.T_minus(N, m, alpha)) for m in mus]
        quad = [float(mpmath.quad(lambda s: -mpmath.exp((2 - N) * s), [mpmath.log(alpha), mpmath.log(m)]))
                for m in mus]
    return {"title": f"T_N^-(mu, alpha), N={N}, alpha={alpha:g}", "xlabel": "mu", "ylabel": "T_N^-",
            "xscale": "log", "yscale": "log" if N >= 3 else "linear",
            "series": [{"label": "closed form U^-(mu) - U^-(alpha)", "x": mus, "y": closed, "style": "line"},
                       {"label": "quadrature", "x": mus, "y": quad, "style": "points"}],
            "hlines": [], "vlines": []}


def _prove_uminus():
    return [pf.prove_U_minus_antiderivative(N) for N in range(2, 9)]


EQ17_UMINUS = catalogued(
    CATALOGUE, PAPER, "chou.eq17-Uminus",
    arxiv="eq. (17), U_N^-", equations=("(17)", "(18)", "(30)"),
    statement=(r"For $\mu>0$: $U_2^-(\mu)=-\ln\mu$ and $U_N^-(\mu)=\frac{1}{(N-2)\mu^{N-2}}$ for $N\ge3$; "
               r"$\frac{d}{d\mu}U_N^-=-\mu^{1-N}$, and $T_N^-(\varepsilon,\alpha)/|\lambda|$ is the time the "
               r"comparison "
               r"flow $y_-'=\lambda y_-^{N-1}$ ($\lambda<0$, (30)) needs from $\alpha$ to $\varepsilon$."),
    check=AllOf(parts=(
        ("sympy: antiderivative, N = 2..8", ProofCheck(_prove_uminus, "SymPy, exact, N = 2..8")),
        ("quadrature and flow (30)", SampledCheck(
            domain=Domain(params=(n_param((2, 3, 4, 5, 7, 10)),
                                  Param("L", 1e-3, 20.0, scale="log", grid=(1e-3, 0.2, 20.0)), alpha_param(),
                                  Param("m", 1e-6, 10.0, scale="log", grid=(1e-6, 1e-3, 0.1, 0.5, 0.999, 2.0, 10.0))),
                          resolve=_resolve_uminus,
                          description="N in {2,3,4,5,7,10}, lam = -L in [-20,-1e-3], alpha in [0.02,1.5], "
                                      "mu = m alpha with m in [1e-6, 10] (m < 1: the flow (30) from alpha to mu)"),
            margin=_uminus_margin,
            tolerance=f"|T^- - quadrature| and |y_-(T^-/|lam|) - mu|/mu, times max(1,|t|), <= {TOL_QUAD}; "
                      f"mpmath at >= {DPS_QUAD} digits in every pass",
        )),
    )),
    plot=uminus_plot,
)


# --------------------------------------------------------------------------- chou.eq17-Uplus (E1)

#: Reference values of the corrected T_N^+(lam, mu, alpha) (catalogue, chou.eq17-Uplus).
TPLUS_REFERENCES = (
    ({"N": 3, "lam": 2, "mu": 0.9, "alpha": 0.3}, "1.2204334738573466"),
    ({"N": 5, "lam": 3, "mu": 0.4, "alpha": 0.1}, "109.38334201888949"),
    ({"N": 4, "lam": 1.5, "mu": 1.05, "alpha": 0.2}, "8.4230543108719219"),
    ({"N": 7, "lam": 10, "mu": 1.3, "alpha": 0.5}, "0.64377298338351315"),
    ({"N": 2, "lam": 5, "mu": 2.0, "alpha": 0.01}, "1.2206052645330171"),
)
#: (N, lam, alpha) and times of the odefun trajectory check (c).
UPLUS_ODE_CASES = ((3, 2.0, 0.3), (5, 5.0, 0.1), (4, 1.0, 0.5), (3, 1.0, 1.5))
UPLUS_ODE_TIMES = (0.25, 1.0)



def _uplus_ode_rows(T_fn, label):
    rows = []
    for N, lam, alpha in UPLUS_ODE_CASES:
        for t in UPLUS_ODE_TIMES:
            y = ode_y(N, lam, alpha, t, DPS_ODE)
            with mpmath.workdps(DPS_ODE):
                rows.append(({"N": N, "lam": lam, "alpha": alpha, "t": t, "y_ode": mpmath.nstr(y, 20)},
                             T_fn(N, lam, y, alpha), mpmath.mpf(t), mpmath.mpf(TOL_ODE) * max(1, t),
                             label, "t (odefun)"))
    return rows


def _uplus_claim(printed):
    T_fn = cf.T_plus_printed if printed else cf.T_plus
    U_label = "printed" if printed else "corrected"
    label = f"T_N^+ = U_N^+(y) - U_N^+(alpha), {U_label} (17)"
    ns = (2, 3, 4, 5, 6, 7, 10)
    parts = (
        (f"sympy: dU/dmu, N = 2..8 ({U_label})",
         ProofCheck(lambda: list(u_plus_antiderivative_proofs(printed)),
                    f"SymPy: d/dmu of the {U_label} U_N^+ against -1/(mu^(N-1)(mu^N-lam)), N = 2..8")),
        ("recipe points, dps 40", ProofCheck(
            lambda: recipe_points_proof(lambda N, lam, alpha, y: T_fn(N, lam, y, alpha), label, range(3, 8),
                                        DPS_RECIPE),
            f"(lam, alpha, y) in {UPLUS_POINTS}, N = 3..7, mpmath dps {DPS_RECIPE}, tol {TOL_QUAD} max(1,|t|)")),
        ("closed form vs quadrature", SampledCheck(
            domain=same_side_domain(ns,
                                    "N in {2,...,7,10}, lam in [1e-3,20], alpha in [0.02,1.5] (both sides of "
                                    "lam^(1/N), alpha > lam^(1/N) included), y = r + (alpha - r) v, v in [1e-6, 1]"),
            margin=quad_margin(lambda N, lam, alpha, y: T_fn(N, lam, y, alpha), label),
            tolerance=f"|T_N^+ - quadrature| <= {TOL_QUAD} max(1, |t|); mpmath at >= {DPS_QUAD} digits in every pass",
        )),
        ("odefun trajectory", ProofCheck(
            lambda: instances_proof(f"mpmath odefun (Taylor, dps {DPS_ODE}) trajectory: t = U(y(t)) - U(alpha)",
                                    _uplus_ode_rows(T_fn, label), DPS_ODE, "t = T_N^+(y(t), alpha)"),
            f"odefun y(t) at t in {UPLUS_ODE_TIMES} for (N, lam, alpha) in {UPLUS_ODE_CASES}; tol {TOL_ODE} max(1,t)")),
    )
    if not printed:
        parts += (("reference values", ProofCheck(
            lambda: instances_proof("catalogue reference values", reference_rows(cf.T_plus, TPLUS_REFERENCES, "T_N^+"),
                                    40, "T_N^+(lam, mu, alpha)"),
            "the catalogue's reference values of the corrected T_N^+")),)
    sign = "" if printed else "-"
    N2 = (r"U_2^+(\lambda,\mu)=-\frac{1}{2\lambda}\ln\left(\frac{\lambda}{\mu^2}-1\right)" if printed else
          r"U_2^+(\lambda,\mu)=-\frac{1}{2\lambda}\ln\left|\frac{\lambda}{\mu^2}-1\right|")
    statement = (
        r"For $\lambda>0$, $\mu>0$" + ("" if printed else r", $\mu\ne\lambda^{1/N}$") + ": $$" + N2 + r",$$ "
        r"$$U_N^+(\lambda,\mu)=" + sign + r"\frac{\lambda^{\frac{2}{N}-2}}{N}\sum_{\ell=1}^{N}\operatorname{Re}\left("
        r"e^{\frac{4\pi i\ell}{N}}\ln\left(\lambda^{1/N}e^{\frac{2\pi i\ell}{N}}-\mu\right)\right)"
        r"-\frac{1}{\lambda(N-2)\mu^{N-2}}\quad(N\ge3),$$ principal $\ln$; so that "
        r"$\partial_\mu U_N^+(\lambda,\mu)=-\frac{1}{\mu^{N-1}(\mu^N-\lambda)}$ and "
        r"$U_N^+(\lambda,y)-U_N^+(\lambda,\alpha)=\int_\alpha^y\frac{-dz}{z^{N-1}(z^N-\lambda)}$."
        + (r" (Printed: $+$ in front of the sum; the typo $\lambda^{\frac NN-2}$ is read as $\lambda^{\frac2N-2}$.)"
           if printed else r" (Corrected: $-$ in front of the sum, erratum E1.)"))
    return catalogued(
        CATALOGUE, PAPER, "chou.eq17-Uplus" + ("" if printed else ".corrected"),
        arxiv="eq. (17), U_N^+" + (" (as printed)" if printed else " (sign corrected)"),
        equations=("(17)", "(18)", "(26)", "(27)"),
        statement=statement,
        expected="FAIL" if printed else None,
        erratum=("E1: the sign in front of the sum in (17) must be minus (N >= 3); the N = 2 formula is right"
                 if printed else None),
        check=AllOf(parts=parts),
        plot=uplus_plot,
    )



EQ17_UPLUS = _uplus_claim(printed=True)
EQ17_UPLUS_CORRECTED = _uplus_claim(printed=False)


# --------------------------------------------------------------------------- chou.eq18-19

#: DOP853 tolerance of the flow-time check, as a time error relative to max(1, T).
TOL_DOP_TIME = 1e-7


def _flow_time_margin(p, T, y_end, route, tol):
    """The miss ``|y(T) - mu|`` of a run of the flow (24) for the time T, as a time error ``|y(T) - mu|/|f(mu)|``."""
    N, lam, mu = p["N"], p["lam"], mpmath.mpf(p["y"])
    dt = abs(y_end - mu) / abs(mu ** (N - 1) * (mu**N - lam))
    tol = tol * max(1, T)
    return Margin(tol - dt, y_end, mu, f"y(T_N^+) by {route}", "mu", scale=tol,
                  info={"T": mpmath.nstr(T, 15), "time_error": mpmath.nstr(dt, 5)})


def _tplus_flow_margin(p, ctx):
    """Run the flow (24) from alpha for the time T_N^+(lam, mu, alpha): it must arrive at mu.
    float64: DOP853 (rtol 1e-13), time tolerance 1e-7; mpmath: odefun at ctx.dps, tolerance 1e-20."""
    N, lam, alpha, mu = p["N"], p["lam"], p["alpha"], p["y"]
    with mpmath.workdps(work_dps(ctx, 30)):
        T = cf.T_plus(N, lam, mu, alpha)
        if ctx.is_float64:
            y_end = mpmath.mpf(float(flow_y_float64(N, lam, alpha, [0.0, float(T)])[1]))
            return _flow_time_margin(p, T, y_end, "DOP853 (rtol 1e-13)", TOL_DOP_TIME)
        return _flow_time_margin(p, T, ode_y(N, lam, alpha, T, ctx.dps), f"odefun dps {ctx.dps}", mpmath.mpf(TOL_ODE))


def _tplus_flow_batch(points):
    """Float64 pass of :func:`_tplus_flow_margin` for many points at once: every run in one DOP853
    system, in the rescaled time s in [0, 1] (``dy_i/ds = T_i f_i(y_i)``), rtol 1e-13 per component."""
    with mpmath.workdps(30):
        Ts = [cf.T_plus(p["N"], p["lam"], p["y"], p["alpha"]) for p in points]
    Ns = np.array([p["N"] for p in points])
    lams = np.array([p["lam"] for p in points])
    scale = np.array([float(T) for T in Ts])

    def field(_s, y):
        return -scale * y ** (Ns - 1) * (y**Ns - lams)

    # overflow only in rejected trial steps of stiff components; a NaN end is a non-finite margin (ERROR)
    with np.errstate(over="ignore", invalid="ignore"):
        ends = integrate(field, np.array([p["alpha"] for p in points]), [0.0, 1.0])[1]
    with mpmath.workdps(30):
        return [_flow_time_margin(p, T, mpmath.mpf(float(y)), "DOP853 (rtol 1e-13, batched)", TOL_DOP_TIME)
                for p, T, y in zip(points, Ts, ends)]


def _monotone_mu_margin(p, ctx):
    N, lam, alpha = p["N"], p["lam"], p["alpha"]
    with mpmath.workdps(work_dps(ctx, 30)):
        r = mpmath.root(lam, N)
        mu1 = r + (alpha - r) * mpmath.mpf(p["v"])
        mu2 = r + (alpha - r) * mpmath.mpf(p["v"]) * mpmath.mpf(p["w"])
        t1, t2 = cf.T_plus(N, lam, mu1, alpha), cf.T_plus(N, lam, mu2, alpha)
        return Margin(t2 - t1, t1, t2, "T_N^+(lam, mu_1, alpha)", "T_N^+(lam, mu_2, alpha), mu_1 < mu_2",
                      scale=max(1, abs(t2)))


def _monotone_lam_margin(p, ctx):
    N, alpha = p["N"], p["alpha"]
    with mpmath.workdps(work_dps(ctx, 30)):
        lam1 = mpmath.mpf(p["lam"])
        lam2 = lam1 * mpmath.mpf(p["rho"])
        r1 = mpmath.root(lam1, N)
        mu = r1 + (alpha - r1) * mpmath.mpf(p["v"])
        t1, t2 = cf.T_plus(N, lam1, mu, alpha), cf.T_plus(N, lam2, mu, alpha)
        return Margin(t1 - t2, t2, t1, "T_N^+(lam_2, mu, alpha), lam_2 > lam_1", "T_N^+(lam_1, mu, alpha)",
                      scale=max(1, abs(t1)))


def _resolve_below_root(c):
    """Points with alpha < lam^(1/N) (an increasing flow), degenerate gaps skipped."""
    r = c["lam"] ** (1.0 / c["N"])
    return dict(c) if r - c["alpha"] > DEGENERATE_GAP * r else None


def _prove_T2_closed_form():
    """T_2^+ = (1/(2 lam)) ln(|lam/alpha^2 - 1|/|lam/mu^2 - 1|) and T_2^+(lam, zeta, alpha) =
    (1/(2 lam)) ln((lam/alpha^2 - 1)/2), exactly (``expand_log`` with positive arguments, ``cancel``)."""
    lam_ = sp.Symbol("lam", positive=True)
    qa, qm = sp.symbols("q_alpha q_mu", positive=True)  # |lam/alpha^2 - 1|, |lam/mu^2 - 1|
    U = lambda q: -sp.log(q) / (2 * lam_)  # noqa: E731  (U_2^+ with q = |lam/mu^2 - 1|)
    diff1 = sp.expand_log(U(qm) - U(qa) - sp.log(qa / qm) / (2 * lam_))
    ok1 = exact_zero(diff1)
    zeta_sq = lam_ / 3  # zeta^2 = c_2 lam, c_2 = 1/3
    ok2 = exact_zero(lam_ / zeta_sq - 1 - 2)
    steps = [f"U_2^+(mu) - U_2^+(alpha) - ln(q_alpha/q_mu)/(2 lam): expand_log + cancel -> {ok1}",
             f"zeta^2 = c_2 lam = {zeta_sq}: lam/zeta^2 - 1 - 2 -> {ok2} (so T_2^+(lam, zeta, alpha) = "
             "ln((lam/alpha^2 - 1)/2)/(2 lam) for alpha < zeta)"]
    holds = bool(ok1 and ok1[0] and ok2 and ok2[0])
    return Proof(holds=holds, exact=True, method="expand_log + cancel", steps=tuple(steps))


#: Fig. 6's GD upper end, with the RECONSTRUCTED 4-argument form T_N^+(lam, mu, alpha, eta) := T_N^+/eta.
FIG6_UPPER = (({"lam": 5, "eps": 0.125, "alpha": 0.05, "eta": 0.0001}, "3936.8"),)


def _T4(lam, eps, alpha, eta):
    return cf.T_plus(2, lam, mpmath.sqrt(mpmath.mpf(eps)), alpha) / mpmath.mpf(eta)


def _below_root_domain(extra_params, description):
    return Domain(params=(n_param((2, 3, 4, 5, 7, 10)), lam_param(lo=1e-3, hi=20.0), alpha_param()) + extra_params,
                  resolve=_resolve_below_root, description=description)


EQ18_19 = catalogued(
    CATALOGUE, PAPER, "chou.eq18-19",
    arxiv="eq. (18)-(19)", equations=("(17)", "(18)", "(19)", "(24)"),
    statement=(r"$T_N^-(\mu,\alpha)=U_N^-(\mu)-U_N^-(\alpha)$ and "
               r"$T_N^+(\lambda,\mu,\alpha)=U_N^+(\lambda,\mu)-U_N^+(\lambda,\alpha)$ "
               r"(corrected $U_N^+$, E1) is the time the flow (24) needs from $\alpha$ to $\mu$; "
               r"$T_2^+(\lambda,\mu,\alpha)=\frac{1}{2\lambda}\ln\frac{|\lambda/\alpha^2-1|}{|\lambda/\mu^2-1|}$, "
               r"$T_2^+(\lambda,\zeta,\alpha)=\frac{1}{2\lambda}\ln\frac{\lambda/\alpha^2-1}{2}$; "
               r"$T_N^+(\lambda,\mu,\alpha)$ is increasing in $\mu$ on $(\alpha,\lambda^{1/N})$ and decreasing in "
               r"$\lambda$. "
               r"The 4-argument form of Thm 3.4 is read as "
               r"$T_N^+(\lambda,\mu,\alpha,\eta):=\frac{1}{\eta}T_N^+(\lambda,\mu,\alpha)$."),
    reconstructed=("RECONSTRUCTED 4-argument form T_N^+(lam, mu, alpha, eta) := T_N^+(lam, mu, alpha)/eta (used in "
                   "Thm 3.4); it reproduces Fig. 6's upper end 3936 (part 'Fig. 6 upper end (4-argument form)')"),
    check=AllOf(parts=(
        ("flow time (DOP853 / odefun)", SampledCheck(
            domain=Domain(params=(n_param((2, 3, 4, 5, 7)), lam_param(lo=1e-3, hi=20.0), alpha_param(),
                                  Param("v", 1e-4, 1.0, scale="log", grid=(1e-4, 0.01, 0.3, 0.9))),
                          resolve=resolve_same_side,
                          description="N in {2,3,4,5,7}, lam in [1e-3,20], alpha in [0.02,1.5] (both sides of "
                                      "lam^(1/N)), mu = r + (alpha - r) v, v in [1e-4, 1]"),
            margin=_tplus_flow_margin, batch=_tplus_flow_batch,
            tolerance=f"time error |y(T) - mu|/|f(mu)| <= {TOL_DOP_TIME} max(1, T) (DOP853, float64) or "
                      f"{TOL_ODE} max(1, T) (odefun, mpmath)")),
        ("increasing in mu", SampledCheck(
            domain=_below_root_domain((Param("v", 1e-6, 1.0, scale="log", grid=(1e-6, 0.01, 0.5, 1.0)),
                                       Param("w", 1e-3, 0.999, scale="log", grid=(1e-3, 0.5, 0.999))),
                                      "alpha < lam^(1/N); mu_1 = r + (alpha - r) v, mu_2 = r + (alpha - r) v w"),
            margin=_monotone_mu_margin, tolerance="T(mu_2) - T(mu_1) >= 0, mpmath >= 30 digits")),
        ("decreasing in lam", SampledCheck(
            domain=_below_root_domain((Param("v", 1e-6, 0.999, scale="log", grid=(1e-6, 0.01, 0.5, 0.999)),
                                       Param("rho", 1.001, 100.0, scale="log", grid=(1.001, 2.0, 100.0))),
                                      "alpha < mu = r_1 + (alpha - r_1) v < lam_1^(1/N), lam_2 = rho lam_1"),
            margin=_monotone_lam_margin, tolerance="T(lam_1) - T(lam_2) >= 0, mpmath >= 30 digits")),
        ("N = 2 closed form", ProofCheck(_prove_T2_closed_form, "SymPy, exact")),
        ("Fig. 6 upper end (4-argument form)", ProofCheck(
            lambda: instances_proof("reference value (catalogue, Fig. 6)",
                                    reference_rows(_T4, FIG6_UPPER, "T_2^+(5, sqrt(eps), 0.05)/eta"),
                                    30, "(1/eta) T_2^+(lam, sqrt(eps), alpha)"),
            "(1/eta) T_2^+(5, sqrt(1/8), 0.05), eta = 1e-4, against 3936.8")),
    )),
    plot=uplus_plot,
)




# --------------------------------------------------------------------------- chou.eq27, chou.eq30

EQ27 = catalogued(
    CATALOGUE, PAPER, "chou.eq27",
    arxiv="eq. (27), proof of Lemma 2.4", equations=("(27)",),
    statement=(r"With $r_{N,\ell}=\lambda^{1/N}e^{2\pi i\ell/N}$: $\frac{1}{z^{N-1}(z^N-\lambda)}="
               r"\frac{1}{\lambda}\left(\frac{z}{z^N-\lambda}-\frac{1}{z^{N-1}}\right)="
               r"\frac{1}{\lambda}\left(\frac{1}{N}\sum_{\ell=1}^N\frac{c_{N,\ell}}{z-r_{N,\ell}}"
               r"-\frac{1}{z^{N-1}}\right)$, "
               r"$c_{N,\ell}=r_{N,\ell}^{2-N}=\lambda^{\frac{2}{N}-1}e^{4\pi i\ell/N}$."),
    check=ProofCheck(lambda: [pf.prove_partial_fractions(N) for N in range(2, 9)]
                     + [pf.prove_partial_fractions_symbolic_N()],
                     "SymPy, exact in QQ(zeta_N), N = 2..8, and the residue r^(2-N)/N for symbolic N"),
)

EQ30 = catalogued(
    CATALOGUE, PAPER, "chou.eq30",
    arxiv="eq. (30), proof of Thm 2.3 (lambda < 0)", equations=("(30)",),
    statement=(r"For $\lambda<0$, $y_-'=\lambda y_-^{N-1}$, $y_-(0)=\alpha$, is solved by $y_-=\alpha e^{\lambda t}$ "
               r"($N=2$) "
               r"and $y_-=\left[(2-N)\lambda t+\alpha^{2-N}\right]^{-1/(N-2)}$ ($N\ge3$)."),
    check=ProofCheck(lambda: [ode_residual_proof("y_minus", N) for N in range(2, 7)] + [ode_residual_proof("y_minus")],
                     "SymPy ODE residual and initial value, exact, N = 2..6 and symbolic N >= 3"),
)



CLAIMS = [EQ17_UMINUS, EQ17_UPLUS, EQ17_UPLUS_CORRECTED, EQ18_19, EQ27, EQ30]
