"""Claims on the scalar gradient flow (24) of Chou et al.: chou.eq24, chou.lem2.4 (+ .corrected,
errata E2 and E1), chou.rem2.5.

Routes to ``y(t)`` (simulator S2, :mod:`dmfcheck.numeric.flow`): inversion of the corrected U_N^+,
closed forms, mpmath's Taylor integrator ``odefun`` and DOP853 in float64. A sampled part runs
DOP853 in the engine's float64 pass (tolerance 1e-10 relative, §(f)) and ``odefun`` at the engine's
precision when a point is re-checked (tolerance 1e-20); the recipes' ``odefun`` grids at 30 digits
are fixed-instance parts (an odefun trajectory costs 0.1-5 s, so each grid is a covering subset).
"""
from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.flow import flow_y, flow_y_closed, flow_y_float64, flow_y_invert, flow_y_lambda0_printed
from dmfcheck.symbolic.exact import Proof, exact_zero
from dmfcheck.symbolic.flows import ode_residual_proof

from ...claim import AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from ..support import as_float, instances_proof, reference_rows, work_dps
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .flow_references import DPS_ODE, GROSS, TOL_ODE, ode_y, u_plus_antiderivative_proofs
from .grids import alpha_param, lam_param, n_param

#: DOP853 (rtol 1e-13) against an mpmath route: relative tolerance of §(f).
TOL_DOP = 1e-10
#: t values of the recipe of chou.lem2.4.
RECIPE_TIMES = (0.1, 0.5, 1.0, 2.0, 5.0)


def _time_param(grid=RECIPE_TIMES, hi=5.0):
    return Param("t", 1e-3, hi, scale="log", grid=grid)


def relative_margin(y_route, y_ref, tol, route_label, ref_label, info=None):
    """``tol |y_ref| - |y_route - y_ref|``: agreement to the relative tolerance ``tol``."""
    scale = tol * abs(y_ref)
    return Margin(scale - abs(y_route - y_ref), y_route, y_ref, route_label, ref_label, scale=scale, info=info or {})


# --------------------------------------------------------------------------- chou.eq24

FLOW_REFERENCES = (
    ({"N": 3, "lam": 2, "alpha": 0.3, "t": 1}, "0.694318745978355800"),
    ({"N": 5, "lam": 3, "alpha": 0.1, "t": 40}, "0.116039616126446667"),
    ({"N": 4, "lam": 0, "alpha": 0.8, "t": 2}, "0.631184782199606244"),
    ({"N": 3, "lam": -1, "alpha": 0.5, "t": 3}, "0.196077185401002893"),
)
#: (N, lam, alpha) of the three-route check; t in ROUTE_TIMES. Every N-class and both sides of lam^(1/N).
ROUTE_CASES = ((1, 2.0, 0.3), (2, 5.0, 0.05), (2, 0.5, 1.5), (3, 2.0, 0.3), (3, -1.0, 0.5), (4, 0.0, 0.8),
               (5, 3.0, 0.1), (7, 5.0, 0.3))
ROUTE_TIMES = (0.5, 2.0)


def _route_rows():
    """odefun (dps 30) against the inversion of U_N^+ (N >= 2; quadrature for lam <= 0) and the closed forms."""
    rows = []
    for N, lam, alpha in ROUTE_CASES:
        for t in ROUTE_TIMES:
            y_ode = ode_y(N, lam, alpha, t, DPS_ODE)
            with mpmath.workdps(DPS_ODE):
                P = {"N": N, "lam": lam, "alpha": alpha, "t": t}
                tol = mpmath.mpf(TOL_ODE) * y_ode
                if N >= 2:
                    rows.append((P, flow_y_invert(N, lam, alpha, t), y_ode, tol, "inversion of U_N^+ (i)",
                                 "odefun (iii)"))
                if N <= 2 or lam == 0:
                    rows.append((P, flow_y_closed(N, lam, alpha, t), y_ode, tol, "closed form (ii)", "odefun (iii)"))
    return rows


def _dop_vs_mp_margin(p, ctx):
    """DOP853 (float64) against the mpmath route of ``flow_y`` (closed form or inversion) at >= 20 digits."""
    y64 = float(flow_y_float64(p["N"], p["lam"], p["alpha"], [0.0, p["t"]])[1])
    with mpmath.workdps(work_dps(ctx, 20)):
        y_mp = flow_y(p["N"], p["lam"], p["alpha"], p["t"])
        return relative_margin(mpmath.mpf(y64), y_mp, TOL_DOP, "y(t) DOP853 rtol 1e-13 (float64)",
                               f"y(t) mpmath ({'closed form' if p['N'] <= 2 or p['lam'] == 0 else 'inversion'})")


def flow_plot(point, N_default=3, lam_default=2.0):
    """y(t) by DOP853 (line), the inversion of U_N^+, the closed form where one exists, and odefun (dps 15,
    t <= 2); a reported point without ``N``/``lam`` (a SymPy counterexample) gets the defaults."""
    p = {"N": N_default, "lam": lam_default, "alpha": 0.3, "t": 2.0, **(point or {})}
    N, lam, alpha = int(as_float(p["N"])), as_float(p["lam"]), as_float(p["alpha"])
    t_end = 1.5 * as_float(p["t"]) or 1.0
    ts = np.linspace(0.0, t_end, 200)
    series = [{"label": "DOP853 (float64)", "x": ts.tolist(), "y": flow_y_float64(N, lam, alpha, ts).tolist(),
               "style": "line"}]
    tp = [float(x) for x in np.linspace(t_end / 8, t_end, 8)]
    with mpmath.workdps(15):
        if N >= 2 and lam > 0:
            series.append({"label": "inversion of U_N^+ (corrected)", "x": tp,
                           "y": [float(flow_y_invert(N, lam, alpha, t)) for t in tp], "style": "points"})
        if N <= 2 or lam == 0:
            series.append({"label": "closed form", "x": tp, "y": [float(flow_y_closed(N, lam, alpha, t)) for t in tp],
                           "style": "points"})
            if N >= 2 and lam == 0:
                series.append({"label": "printed (25)", "x": tp,
                               "y": [float(flow_y_lambda0_printed(N, alpha, t)) for t in tp], "style": "points"})
        if N >= 3 and lam > 0:
            series.append({"label": "printed U_N^+ relation", "x": tp,
                           "y": [float(invert_printed(N, lam, alpha, t)[0]) for t in tp], "style": "points"})
        t_ode = [t for t in tp if t <= 2.0]
        series.append({"label": "odefun (dps 15)", "x": t_ode, "y": [float(ode_y(N, lam, alpha, t, 15)) for t in t_ode],
                       "style": "points"})
    hl = [{"y": float(cf.lam_plus_root(N, lam)), "label": "lam_+^(1/N)"}] if lam > 0 else []
    return {"title": f"flow (24): y(t) by several routes (N={N}, lam={lam:g}, alpha={alpha:g})", "xlabel": "t",
            "ylabel": "y(t)", "xscale": "linear", "yscale": "linear", "series": series, "hlines": hl, "vlines": []}


def lemma_plot(point):
    """:func:`flow_plot` for Lemma 2.4; a SymPy counterexample (no lam) is the lam = 0 case (25)."""
    return flow_plot(point, lam_default=0.0)


EQ24 = catalogued(
    CATALOGUE, PAPER, "chou.eq24",
    arxiv="eq. (24)", equations=("(24)", "(17)", "(25)", "(26)"),
    statement=(r"The gradient flow $y'(t)=-y^{N-1}(y^N-\lambda)$, $y(0)=\alpha>0$: its solution by the inversion of "
               r"$t=U_N^+(\lambda,y)-U_N^+(\lambda,\alpha)$ (corrected $U_N^+$), by the closed forms ($N=1$, $N=2$, "
               r"$\lambda=0$), by a Taylor-series integrator and by DOP853 agree."),
    check=AllOf(parts=(
        ("reference values", ProofCheck(
            lambda: instances_proof("catalogue reference values (closed form / inversion)",
                                    reference_rows(lambda **kw: flow_y(**kw), FLOW_REFERENCES, "y(t)", dps=30), 30,
                                    "y(t) of the flow (24)"), "the catalogue's 4 values of y(t), 18 decimals")),
        ("three mpmath routes (dps 30)", ProofCheck(
            lambda: instances_proof(f"odefun vs inversion vs closed form, mpmath dps {DPS_ODE}", _route_rows(), DPS_ODE,
                                    "routes (i), (ii), (iii) of S2"),
            f"(N, lam, alpha) in {ROUTE_CASES}, t in {ROUTE_TIMES}; relative tolerance {TOL_ODE}")),
        ("DOP853 (float64) vs mpmath", SampledCheck(
            domain=Domain(params=(n_param((1, 2, 3, 4, 5, 7)), lam_param(), alpha_param(),
                                  _time_param((0.1, 0.5, 1.0, 2.0, 5.0, 10.0), hi=10.0)),
                          description="N in {1,2,3,4,5,7}, lam in [-20,20] (grid of §(f) with 0), "
                                      "alpha in [0.02,1.5], t in [1e-3, 10]"),
            margin=_dop_vs_mp_margin,
            tolerance=f"|y_DOP853 - y_mpmath| <= {TOL_DOP} y_mpmath (§(f), DOP853 at rtol 1e-13); "
                      "mpmath >= 20 digits")),
    )),
    plot=flow_plot,
)


# --------------------------------------------------------------------------- chou.lem2.4 (E2, E1)


def invert_printed(N, lam, alpha, t):
    """``y(t)`` from the PRINTED relation ``t = U_N^+(y) - U_N^+(alpha)`` (printed (17), E1), N >= 3, lam > 0.

    Along the flow's path from alpha towards ``r = lam^(1/N)`` the printed ``T(y) = U(y) - U(alpha)`` has
    ``dT/dy = (2 y^N - lam)/(lam y^(N-1)(y^N - lam))``: it increases up to ``y* = (lam/2)^(1/N)``, decreases
    after it and tends to -inf at r. Returns ``(y, True)`` with the first crossing ``T(y) = t`` (bracketed
    root on ``[alpha, y*]``), or ``(y_closest, False)`` when the printed relation has no solution for this
    t: ``y_closest`` is the path point where T is largest (``y*``, or ``alpha`` if ``alpha >= y*``).
    """
    lam, alpha, t = mpmath.mpf(lam), mpmath.mpf(alpha), mpmath.mpf(t)
    y_star = mpmath.root(lam / 2, N)
    if not alpha < y_star:
        return alpha, t == 0
    if t > cf.T_plus_printed(N, lam, y_star, alpha):
        return y_star, False
    if t == 0:
        return alpha, True
    return mpmath.findroot(lambda y: cf.T_plus_printed(N, lam, y, alpha) - t, (alpha, y_star), solver="illinois"), True


def lemma_y(N, lam, alpha, t, printed):
    """``(y(t), solved)`` as Lemma 2.4 gives it (lam >= 0): (25) printed or corrected (E2) for lam = 0, the
    explicit inverse of ``t = ln|(lam - alpha)/(lam - y)|`` for N = 1, and the inversion of ``t = U_N^+(y) -
    U_N^+(alpha)`` (printed or corrected U_N^+, E1) for N >= 2 (the printed N = 2 formula is the corrected one)."""
    lam, alpha, t = mpmath.mpf(lam), mpmath.mpf(alpha), mpmath.mpf(t)
    if lam < 0:
        raise DomainError("Lemma 2.4 covers lam >= 0")
    if N == 1:
        return (alpha * mpmath.exp(-t) if lam == 0 else lam - (lam - alpha) * mpmath.exp(-t)), True
    if lam == 0:
        return (flow_y_lambda0_printed(N, alpha, t) if printed else flow_y_closed(N, 0, alpha, t)), True
    if printed and N >= 3:
        return invert_printed(N, lam, alpha, t)
    return flow_y_invert(N, lam, alpha, t), True


def _side_ok(N, lam, alpha, y, tol=0):
    """y > 0 and y on the same side of the equilibrium lam_+^(1/N) (lam for N = 1) as alpha, up to ``tol r``
    (a converged float64 run may land an ulp beyond the equilibrium)."""
    r = mpmath.mpf(lam) if N == 1 else cf.lam_plus_root(N, lam)
    return y > 0 and (y - r) * (mpmath.mpf(alpha) - r) >= -tol * r * abs(mpmath.mpf(alpha) - r)


def _lemma_margin(printed):
    """Margin of the lemma's y(t) against the flow. Float64 pass: y by DOP853, tolerance 1e-10. mpmath
    re-check: y by odefun at ctx.dps, tolerance 1e-20 -- except where the lemma's value is more than 1e-6
    (relative) away from the exact solution (the corrected closed form for lam = 0, ODE residual proved in
    SymPy; the corrected inversion for lam > 0, dU/dmu proved in SymPy for N = 2..8): that gross failure is
    confirmed against the exact solution at ctx.dps, without an odefun run."""
    label = f"y(t) of Lemma 2.4 ({'printed' if printed else 'corrected'})"

    def margin(p, ctx):
        N, lam, alpha, t = p["N"], p["lam"], p["alpha"], p["t"]
        # 15 digits (+ the guard bits of the inversion) against the 1e-10 of the float64 pass
        with mpmath.workdps(work_dps(ctx, 15)):
            y_L, solved = lemma_y(N, lam, alpha, t, printed)
            info = {} if solved else {"printed relation": "no solution y on the path at this t; y = closest point"}
            if ctx.is_float64:
                y_true = mpmath.mpf(float(flow_y_float64(N, lam, alpha, [0.0, t])[1]))
                tol, route = TOL_DOP, "y(t) DOP853 rtol 1e-13 (float64)"
            else:
                exact, _ = lemma_y(N, lam, alpha, t, printed=False)
                if abs(y_L - exact) > GROSS * exact:
                    y_true, tol, route = exact, mpmath.mpf(TOL_ODE), f"exact solution (corrected lemma, dps {ctx.dps})"
                else:
                    y_true, tol = ode_y(N, lam, alpha, t, ctx.dps), mpmath.mpf(TOL_ODE)
                    route = f"y(t) odefun dps {ctx.dps}"
            if not _side_ok(N, lam, alpha, y_true, tol):
                r = mpmath.mpf(lam) if N == 1 else cf.lam_plus_root(N, lam)
                return Margin(-abs(y_true - r) - tol * abs(y_true), y_true, r,
                              route + " (not > 0 on the side of lam^(1/N) where it started)", "lam_+^(1/N)",
                              scale=tol * abs(y_true))
            return relative_margin(y_L, y_true, tol, label, route, info)

    return margin


#: (N, lam, alpha) of the odefun part: a subset of the recipe grid N = 1..7, lam in {0, .5, 2, 5},
#: alpha in {.05, .3, 1.5} that covers every N, lam and alpha (the full grid costs about 90 s).
LEMMA_ODE_CASES = ((1, 0.5, 1.5), (2, 0.0, 0.3), (3, 2.0, 0.3), (3, 0.5, 1.5), (4, 5.0, 0.05), (5, 2.0, 0.3),
                   (6, 0.0, 0.05), (7, 5.0, 0.3))


def _lemma_ode_rows(printed):
    rows = []
    label = f"Lemma 2.4 ({'printed' if printed else 'corrected'})"
    for N, lam, alpha in LEMMA_ODE_CASES:
        for t in RECIPE_TIMES:
            y_ode = ode_y(N, lam, alpha, t, DPS_ODE)
            with mpmath.workdps(DPS_ODE):
                y_L, solved = lemma_y(N, lam, alpha, t, printed)
                P = {"N": N, "lam": lam, "alpha": alpha, "t": t, "solved": solved}
                rows.append((P, y_L, y_ode, mpmath.mpf(TOL_ODE) * y_ode, label, f"odefun dps {DPS_ODE}"))
                side = mpmath.mpf(1 if _side_ok(N, lam, alpha, y_ode) else 0)
                rows.append((P, side, mpmath.mpf(1), mpmath.mpf("0.5"), "y(t) > 0, same side of lam^(1/N)", "true"))
    return rows


def _prove_n1_implicit():
    """N = 1, lam > 0: the solution ``y = lam - (lam - alpha) e^(-t)`` satisfies ``(lam - alpha)/(lam - y) = e^t``
    (cancel), i.e. ``t = ln|(lam - alpha)/(lam - y)|``."""
    t, lam, alpha = sp.Symbol("t", nonnegative=True), sp.Symbol("lam", positive=True), sp.Symbol("alpha", positive=True)
    y = lam - (lam - alpha) * sp.exp(-t)
    res = exact_zero((lam - alpha) / (lam - y) - sp.exp(t))
    ok = bool(res and res[0])
    return Proof(holds=ok, exact=True, method="cancel",
                 steps=(f"N=1: cancel((lam - alpha)/(lam - y(t)) - e^t) {'==' if ok else '!='} 0 "
                        "with y = lam - (lam - alpha) e^(-t)",))


def _prove_lemma(printed):
    name = "lam0_printed" if printed else "lam0_corrected"
    return ([ode_residual_proof("N1"), _prove_n1_implicit()] + [ode_residual_proof(name, N) for N in range(2, 8)]
            + [ode_residual_proof(name)] + list(u_plus_antiderivative_proofs(printed)))


def _lemma_claim(printed):
    margin = _lemma_margin(printed)
    lam0 = (r"\left((2N-2)t+\alpha^{\frac{2}{N}-2}\right)^{-\frac{N}{2N-2}}" if printed else
            r"\left((2N-2)t+\alpha^{2-2N}\right)^{-\frac{1}{2N-2}}")
    statement = (
        r"The solution of (24) is: for $\lambda=0$, $y(t)=\alpha e^{-t}$ ($N=1$) and $y(t)=" + lam0 + r"$ ($N\ge2$)"
        + (r" (25)" if printed else r" (corrected (25), erratum E2)") +
        r"; for $\lambda>0$, $t=\ln\left|\frac{\lambda-\alpha}{\lambda-y(t)}\right|$ ($N=1$) and "
        r"$t=U_N^+(\lambda,y(t))-U_N^+(\lambda,\alpha)$ ($N\ge2$, " + ("printed (17)" if printed else
                                                                     "corrected (17), erratum E1") +
        r"); moreover $y(t)>0$ and $y$ stays on the same side of $\lambda^{1/N}$.")
    parts = (
        ("sympy: ODE residuals and dU/dmu", ProofCheck(
            lambda: _prove_lemma(printed),
            "SymPy, exact: residual of the N = 1 and lam = 0 forms (N = 2..7 and symbolic N), the N = 1 implicit "
            "relation, d/dmu U_N^+ (N = 2..8)")),
        ("odefun (dps 30), recipe subset", ProofCheck(
            lambda: instances_proof(f"mpmath odefun (Taylor, dps {DPS_ODE}) vs the lemma's y(t)",
                                    _lemma_ode_rows(printed), DPS_ODE, "y(t) = lemma's solution; y > 0 on its side"),
            f"(N, lam, alpha) in {LEMMA_ODE_CASES}, t in {RECIPE_TIMES}; relative tolerance {TOL_ODE}")),
        ("DOP853 / odefun vs the lemma's y(t)", SampledCheck(
            domain=Domain(params=(n_param(range(1, 8)),
                                  Param("lam", 0.0, 20.0, grid=(0.0, 1e-3, 0.5, 2.0, 5.0, 20.0)),
                                  alpha_param(lo=0.02, hi=1.5, grid=(0.05, 0.3, 1.5)), _time_param()),
                          description="N = 1..7, lam in [0, 20] (recipe values 0, 0.5, 2, 5 on the grid), alpha in "
                                      "[0.02, 1.5], t in [1e-3, 5] (recipe values on the grid)"),
            margin=margin,
            tolerance=f"|y_lemma - y| <= {TOL_DOP} y with y by DOP853 (float64 pass); <= {TOL_ODE} y with y by odefun "
                      f"(mpmath re-checks; a gross failure, > {GROSS} relative, against the exact solution); and y > 0 "
                      "on the side of lam^(1/N) where it starts")),
    )
    return catalogued(
        CATALOGUE, PAPER, "chou.lem2.4" + ("" if printed else ".corrected"),
        arxiv="Lemma 2.4, eq. (25)-(26)" + (" (as printed)" if printed else " (corrected)"),
        equations=("(17)", "(24)", "(25)", "(26)"), statement=statement, expected="FAIL" if printed else None,
        erratum=("E2: (25) for lam = 0 solves the product flow, the solution is ((2N-2)t + alpha^(2-2N))^(-1/(2N-2)); "
                 "E1: U_N^+ in (26) needs the corrected sign of (17)" if printed else None),
        check=AllOf(parts=parts), plot=lemma_plot)


LEM2_4 = _lemma_claim(printed=True)
LEM2_4_CORRECTED = _lemma_claim(printed=False)


# --------------------------------------------------------------------------- chou.rem2.5


def _rem25_margin(p, ctx):
    N, lam, alpha, t = p["N"], p["lam"], p["alpha"], p["t"]
    with mpmath.workdps(work_dps(ctx, 20)):
        closed = flow_y_closed(N, lam, alpha, t)
        if ctx.is_float64:
            y = mpmath.mpf(float(flow_y_float64(N, lam, alpha, [0.0, t])[1]))
            return relative_margin(closed, y, TOL_DOP, "closed form of Remark 2.5", "y(t) DOP853 rtol 1e-13 (float64)")
        return relative_margin(closed, ode_y(N, lam, alpha, t, ctx.dps), mpmath.mpf(TOL_ODE),
                               "closed form of Remark 2.5", f"y(t) odefun dps {ctx.dps}")


def _resolve_nonzero_lam(c):
    return dict(c) if c["lam"] != 0 else None


REM2_5 = catalogued(
    CATALOGUE, PAPER, "chou.rem2.5",
    arxiv="Remark 2.5", equations=("(24)",),
    statement=(r"For $\lambda\ne0$: $y(t)=\lambda-(\lambda-\alpha)e^{-t}$ ($N=1$) and "
               r"$y(t)=\sqrt{\frac{\lambda}{1+\left(\frac{\lambda}{\alpha^2}-1\right)e^{-2\lambda t}}}$ ($N=2$, also "
               r"for "
               r"$\lambda<0$) solve (24)."),
    check=AllOf(parts=(
        ("sympy: ODE residuals", ProofCheck(lambda: [ode_residual_proof("N1"), ode_residual_proof("N2")],
                                            "SymPy, exact, lam a real symbol (both signs)")),
        ("closed form vs DOP853 / odefun", SampledCheck(
            domain=Domain(params=(n_param((1, 2)), lam_param(), alpha_param(),
                                  _time_param((0.1, 1.0, 5.0, 10.0), hi=10.0)),
                          resolve=_resolve_nonzero_lam,
                          description="N in {1, 2}, lam in [-20, 20] \\ {0}, alpha in [0.02, 1.5], t in [1e-3, 10]"),
            margin=_rem25_margin,
            tolerance=f"relative {TOL_DOP} against DOP853 (float64), {TOL_ODE} against odefun (mpmath re-checks)")),
    )),
    plot=lambda point: flow_plot(point, N_default=2, lam_default=-1.0),
)


CLAIMS = [EQ24, LEM2_4, LEM2_4_CORRECTED, REM2_5]
