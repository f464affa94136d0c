"""Reference computations of the scalar flow (24) shared by the chou claim modules: the flow time
``int_alpha^y -dz/(z^(N-1)(z^N - lam))`` by quadrature (closed form vs quadrature margins, the recipe's
fixed points, the same-side domain), the trajectory ``y(t)`` by mpmath's Taylor integrator ``odefun``,
the SymPy antiderivative proofs of U_N^+ (17), and the plot of T_N^+ against the quadrature.

Precision. Closed form against quadrature is decided in mpmath against the recipes' tolerance 1e-25:
the sampled margins compute at ``max(ctx.dps, 30)`` digits, also in the engine's float64 pass, so every
explored point is decided at >= 30 digits; the recipes' fixed points at 40 digits. Only a gross
discrepancy (> 1e-6, float64 SciPy quadrature) is returned from the float64 pass as it is, and the
engine re-confirms it at 30 and 50 digits.

>>> with mpmath.workdps(30):
...     print(mpmath.nstr(ode_y(2, 0, 0.5, 1, 30), 15))  # lam = 0, N = 2: (2t + alpha^-2)^(-1/2) = 1/sqrt(6)
0.408248290463863
"""
from __future__ import annotations

import functools

import mpmath
from scipy.integrate import quad as scipy_quad

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric.flow import flow_time_quad
from dmfcheck.symbolic import partial_fractions as pf

from ...claim import Domain, Margin, Param
from ..support import as_float, instances_proof, work_dps
from .grids import DEGENERATE_GAP, alpha_param, lam_param, n_param

#: Tolerance of closed form vs quadrature (recipes of chou.eq17-Uplus, chou.appB), relative to max(1, |t|).
TOL_QUAD = "1e-25"
#: Working precision (digits) of the sampled closed-form-vs-quadrature margins, also in the float64 pass
#: (40 digits triple the cost of the tanh-sinh quadrature; 30 digits leave 5 orders below the tolerance).
DPS_QUAD = 30
#: Precision of the recipe's fixed points (chou.eq17-Uplus recipe: mpmath dps 40).
DPS_RECIPE = 40
#: Tolerance of the mpmath odefun trajectory checks (dps 30), §(f).
TOL_ODE = "1e-20"
DPS_ODE = 30
#: A relative discrepancy above this is a gross failure, decided against a cheap reference (float64
#: quadrature, an exact solution) and re-confirmed in mpmath by the engine; e.g. a float64 discrepancy
#: above it (relative to max(1, |t|)) is a certain failure of a 1e-25 identity.
GROSS = 1e-6


# --------------------------------------------------------------------------- trajectory by odefun (cached)


@functools.lru_cache(maxsize=128)
def ode_solution(N, lam, alpha, dps):
    """mpmath ``odefun`` (Taylor) solution of the flow (24) from ``alpha`` at ``dps`` digits; cached,
    and extended in t by odefun itself, so printed and corrected claims share one integration."""
    with mpmath.workdps(dps):
        lam_m = mpmath.mpf(lam)
        return mpmath.odefun(lambda _t, y: -(y ** (N - 1)) * (y**N - lam_m), 0, mpmath.mpf(alpha))


def ode_y(N, lam, alpha, t, dps):
    """``y(t)`` of the flow (24) by the cached odefun solution, at ``dps`` digits."""
    sol = ode_solution(int(N), float(lam), float(alpha), int(dps))
    with mpmath.workdps(dps):
        return sol(mpmath.mpf(t))


# --------------------------------------------------------------------------- flow time by quadrature

#: (lam, alpha, y) instances of the recipe of chou.eq17-Uplus (N = 3..7), also used for chou.appB (N = 3..10).
UPLUS_POINTS = ((2.0, 0.3, 0.9), (5.0, 0.1, 1.2), (1.0, 0.5, 0.95), (1.0, 1.5, 1.05))


def resolve_same_side(c):
    """``y = r + (alpha - r) v`` (``r = lam^(1/N)``): between alpha (v = 1) and the equilibrium (v -> 0),
    or ``y`` given explicitly; None for ``alpha`` or ``y`` within 1e-9 (relative) of ``r`` (degenerate)."""
    N, lam, alpha = int(c["N"]), float(c["lam"]), float(c["alpha"])
    with mpmath.workdps(30):
        r = mpmath.root(lam, N)
        if abs(alpha - r) < DEGENERATE_GAP * r:
            return None
        y = float(c["y"]) if "y" in c else float(r + (alpha - r) * c["v"])
        if not y > 0 or (y < r) != (alpha < r) or abs(y - r) < DEGENERATE_GAP * r:
            return None
    return {"N": N, "lam": lam, "alpha": alpha, "y": y}


@functools.lru_cache(maxsize=4096)
def cached_quad(N, lam, alpha, y, dps):
    """``flow_time_quad`` at ``dps`` digits, cached: escalation and shrinking re-visit points."""
    with mpmath.workdps(dps):
        return flow_time_quad(N, mpmath.mpf(lam), mpmath.mpf(alpha), mpmath.mpf(y))


def gross_discrepancy(closed_fn, p):
    """``(closed, quad)`` in float64 (closed form at 15 digits, SciPy adaptive quadrature) when they
    differ by more than ``GROSS * max(1, |t|)``, else None. Only a failure is decided this way, and
    the engine re-confirms it in mpmath; agreement is always decided at >= 30 digits."""
    N, lam, alpha, y = p["N"], float(p["lam"]), float(p["alpha"]), float(p["y"])
    with mpmath.workdps(15):
        closed = float(closed_fn(N, lam, alpha, y))
    lo, hi = sorted((alpha, y))
    quad, _ = scipy_quad(lambda z: -1.0 / (z ** (N - 1) * (z**N - lam)), lo, hi, limit=200, epsrel=1e-12)
    quad = quad if y > alpha else -quad
    return (closed, quad) if abs(closed - quad) > GROSS * max(1.0, abs(quad)) else None


def quad_margin(closed_fn, closed_label, floor=DPS_QUAD, also=None):
    """Margin ``tol - |closed(N, lam, alpha, y) - quadrature|``, tol = 1e-25 max(1, |t|), at >= ``floor``
    digits; with ``also = (fn, label)`` the error is the larger of the distances to the quadrature and to
    ``fn``. In the float64 pass a gross discrepancy (:func:`gross_discrepancy`) is returned as it is."""

    @functools.lru_cache(maxsize=4096)
    def sides(N, lam, alpha, y, dps):
        with mpmath.workdps(dps):
            args = (N, mpmath.mpf(lam), mpmath.mpf(alpha), mpmath.mpf(y))
            other = also[0](*args) if also else None
            return closed_fn(*args), cached_quad(N, lam, alpha, y, dps), other

    def margin(p, ctx):
        q_label = "quadrature int_alpha^y -dz/(z^(N-1)(z^N-lam))"
        if ctx.is_float64:
            gross = gross_discrepancy(closed_fn, p)
            if gross is not None:
                closed, quad = gross
                tol = float(TOL_QUAD) * max(1.0, abs(quad))
                return Margin(tol - abs(closed - quad), closed, quad, closed_label, q_label + " (float64)", scale=tol,
                              info={"precision": "float64 (gross discrepancy; confirmed in mpmath by the engine)"})
        dps = work_dps(ctx, floor)
        closed, quad, other = sides(p["N"], p["lam"], p["alpha"], p["y"], dps)
        with mpmath.workdps(dps):
            tol = mpmath.mpf(TOL_QUAD) * max(1, abs(quad))
            err, rhs, r_label = abs(closed - quad), quad, q_label
            if other is not None and abs(closed - other) > err:
                err, rhs, r_label = abs(closed - other), other, also[1]
            return Margin(tol - err, closed, rhs, closed_label, r_label, scale=tol, info={"dps": dps})

    return margin


def recipe_points_proof(closed_fn, label, ns, dps=40, also=None):
    """The recipe's (lam, alpha, y) points for each N in ``ns``: closed form vs quadrature (and vs
    ``also = (fn, label)``) at ``dps`` digits. Points with y and alpha on opposite sides of lam^(1/N)
    (no flow connects them; e.g. (5, 0.1, 1.2) for N >= 9) are left out."""
    rows = []
    for N in ns:
        for lam, alpha, y in UPLUS_POINTS:
            if (y < lam ** (1 / N)) != (alpha < lam ** (1 / N)):
                continue
            lam, alpha, y = repr(lam), repr(alpha), repr(y)  # the decimal instances of the catalogue
            with mpmath.workdps(dps):
                quad = cached_quad(N, lam, alpha, y, dps)
                tol = mpmath.mpf(TOL_QUAD) * max(1, abs(quad))
                args = (N, mpmath.mpf(lam), mpmath.mpf(alpha), mpmath.mpf(y))
                value = closed_fn(*args)
                P = {"N": N, "lam": lam, "alpha": alpha, "y": y}
                rows.append((P, value, quad, tol, label, "quadrature"))
                if also:
                    rows.append((P, value, also[0](*args), tol, label, also[1]))
    return instances_proof(f"closed form vs quadrature at the recipe's points, mpmath dps {dps}", rows, dps,
                           f"{label} = quadrature")


def same_side_domain(ns, description):
    """The (N, lam, alpha, v) domain of a flow-time identity between alpha and y on one side of lam^(1/N)."""
    return Domain(
        params=(n_param(ns), lam_param(lo=1e-3, hi=20.0), alpha_param(),
                Param("v", 1e-6, 1.0, scale="log", grid=(1e-6, 1e-3, 0.1, 0.5, 0.9))),
        resolve=resolve_same_side, description=description)


@functools.lru_cache(maxsize=2)
def u_plus_antiderivative_proofs(printed):
    """SymPy ``d/dmu U_N^+`` (printed or corrected (17)) for N = 2..8; cached, as chou.eq17-Uplus and
    chou.lem2.4 use the same proofs."""
    return tuple(pf.prove_U_plus_antiderivative(N, printed=printed) for N in range(2, 9))


# --------------------------------------------------------------------------- plot


def flow_time_plot_params(point, min_N=2):
    """(N, lam, alpha) of a flow-time plot from a reported point; (3, 2, 0.3) where the point has none usable."""
    p = {"N": 3, "lam": 2.0, "alpha": 0.3, **(point or {})}
    N, lam, alpha = int(as_float(p["N"])), as_float(p["lam"]), as_float(p["alpha"])
    if N < min_N or not lam > 0 or not alpha > 0 or abs(alpha - lam ** (1 / N)) < DEGENERATE_GAP:
        return 3, 2.0, 0.3
    return N, lam, alpha


def uplus_plot(point):
    """T_N^+(lam, mu, alpha) printed vs corrected vs quadrature over mu from alpha towards lam^(1/N)."""
    N, lam, alpha = flow_time_plot_params(point)
    with mpmath.workdps(20):
        r = mpmath.root(lam, N)
        mus = [r + (alpha - r) * mpmath.mpf(v) for v in mpmath.linspace(1, 0.02, 40)]
        quad = [float(flow_time_quad(N, lam, alpha, m)) for m in mus]
        corr = [float(cf.T_plus(N, lam, m, alpha)) for m in mus]
        prin = [float(cf.T_plus_printed(N, lam, m, alpha)) for m in mus]
        xs = [float(m) for m in mus]
    return {"title": f"T_N^+ over mu (N={N}, lam={lam:g}, alpha={alpha:g})", "xlabel": "mu", "ylabel": "flow time t",
            "xscale": "linear", "yscale": "linear",
            "series": [{"label": "quadrature", "x": xs, "y": quad, "style": "points"},
                       {"label": "corrected U_N^+ (E1)", "x": xs, "y": corr, "style": "line"},
                       {"label": "printed U_N^+", "x": xs, "y": prin, "style": "line"}],
            "hlines": [], "vlines": [{"x": float(r), "label": "lam^(1/N)"}]}
