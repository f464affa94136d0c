"""The real form of the flow time of (24), Chou et al., Appendix B: as printed (chou.appB, erratum E3)
and corrected (chou.appB.corrected), against the quadrature, the complex form (17) with the corrected
U_N^+, and its SymPy derivative (:mod:`dmfcheck.numeric.real_form`, :mod:`dmfcheck.symbolic.real_form`).

>>> with mpmath.workdps(30):
...     print(mpmath.nstr(flow_time_real_form(3, 2, "0.3", "0.9"), 15))  # = T_3^+(2, 0.9, 0.3) (corrected)
1.22043347385735
"""
from __future__ import annotations

import mpmath

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric.real_form import flow_time_real_form, flow_time_real_form_printed
from dmfcheck.symbolic.real_form import prove_real_form_derivative

from ...claim import AllOf, ProofCheck, SampledCheck
from ..builder import catalogued
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .flow_references import (DPS_QUAD, DPS_RECIPE, TOL_QUAD, UPLUS_POINTS, flow_time_plot_params, quad_margin,
                              recipe_points_proof, same_side_domain, uplus_plot)


def _complex_form(N, lam, alpha, y):
    return cf.T_plus(N, lam, y, alpha)


def _appB_claim(printed):
    form = flow_time_real_form_printed if printed else flow_time_real_form
    label = f"real form of App. B ({'printed' if printed else 'corrected'})"
    also = (_complex_form, "complex form (17), corrected U_N^+")
    ns = tuple(range(3, 11))
    sympy_max = 6 if printed else 8  # the printed form's exact refutation costs 11 s at N = 8
    parts = (
        ("recipe points, dps 40", ProofCheck(
            lambda: recipe_points_proof(form, label, ns, DPS_RECIPE, also),
            f"(lam, alpha, y) in {UPLUS_POINTS}, N = 3..10, mpmath dps {DPS_RECIPE}, tol {TOL_QUAD} max(1,|t|)")),
        ("real form vs quadrature and complex form", SampledCheck(
            domain=same_side_domain(ns, "N = 3..10, lam in [1e-3,20], alpha in [0.02,1.5] (both sides of lam^(1/N)), "
                                        "y = r + (alpha - r) v, v in [1e-6, 1]"),
            margin=quad_margin(form, label, also=also),
            tolerance=f"|real form - quadrature| and |real form - complex form| <= {TOL_QUAD} max(1, |t|); "
                      f"mpmath >= {DPS_QUAD} digits")),
        (f"sympy: d/dy of the real form, N = 3..{sympy_max}", ProofCheck(
            lambda: [prove_real_form_derivative(N, printed=printed) for N in range(3, sympy_max + 1)],
            f"SymPy, exact: d/dy of the real form against 1/(y^(N-1)(lam - y^N)), N = 3..{sympy_max}")),
    )
    limit = r"\lfloor N/2-1\rfloor" if printed else r"\lfloor\frac{N-1}{2}\rfloor"
    den1 = r"\lambda^{2/N}\sin^2\theta_\ell" if printed else r"\Lambda_N\sin\theta_\ell"
    h_even = r"\lambda^2N" if printed else r"\lambda^{2/N}"
    statement = (
        r"For $N\ge3$, $\lambda>0$, with $\theta_\ell=2\pi\ell/N$, $\Lambda_N=\lambda^{1/N}$: "
        r"$$t=\frac{\lambda^{\frac2N-2}}{N}\left[h_N(\alpha,y)+\sum_{\ell=1}^{" + limit + r"}\cos(2\theta_\ell)"
        r"\ln\left|\frac{\alpha-\Lambda_Ne^{i\theta_\ell}}{y-\Lambda_Ne^{i\theta_\ell}}\right|^2"
        r"+2\sum_{\ell=1}^{" + limit + r"}\sin(2\theta_\ell)\left(\arctan\frac{y-\Lambda_N\cos\theta_\ell}{"
        + den1 + r"}-\arctan\frac{\alpha-\Lambda_N"
        r"\cos\theta_\ell}{\Lambda_N\sin\theta_\ell}\right)\right]+\frac{1}{\lambda(N-2)}\left(\frac{1}{\alpha^{N-2}}-"
        r"\frac{1}{y^{N-2}}\right),$$ $h_N=\ln\left|\frac{" + h_even + r"-\alpha^2}{" + h_even
        + r"-y^2}\right|$ ($N$ even), "
        r"$h_N=\ln\left|\frac{\Lambda_N-\alpha}{\Lambda_N-y}\right|$ ($N$ odd), is the flow time of (24) from "
        r"$\alpha$ to $y$."
        + (r" (As printed; $\lambda^2N$ is read as $\lambda^2\cdot N$.)" if printed else r" (Corrected, erratum E3.)"))
    return catalogued(
        CATALOGUE, PAPER, "chou.appB" + ("" if printed else ".corrected"),
        arxiv="Appendix B" + (" (as printed)" if printed else " (corrected)"), equations=("(17)", "(24)", "(26)"),
        statement=statement, expected="FAIL" if printed else None,
        erratum=("E3: the sums run to floor((N-1)/2), not floor(N/2-1); h_N (N even) uses lam^(2/N); the first "
                 "arctan has denominator lam^(1/N) sin(theta_l), not lam^(2/N) sin^2(theta_l)" if printed else None),
        check=AllOf(parts=parts), plot=_appB_plot(form, label))


def _appB_plot(form, label):
    def plot(point):
        N, lam, alpha = flow_time_plot_params(point, min_N=3)
        spec = uplus_plot({"N": N, "lam": lam, "alpha": alpha})
        xs = spec["series"][0]["x"]
        with mpmath.workdps(20):
            ys = [float(form(N, lam, alpha, m)) if m != alpha else 0.0 for m in xs]
        spec["series"] = spec["series"][:2] + [{"label": label, "x": xs, "y": ys, "style": "line"}]
        spec["title"] = f"App. B real form vs quadrature (N={N}, lam={lam:g}, alpha={alpha:g})"
        return spec

    return plot


APPB = _appB_claim(printed=True)
APPB_CORRECTED = _appB_claim(printed=False)


CLAIMS = [APPB, APPB_CORRECTED]
