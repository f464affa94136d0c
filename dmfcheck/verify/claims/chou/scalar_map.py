"""Claims on the scalar GD map (15) of Chou et al. and its derivative bounds: chou.eq15, chou.eq16,
chou.def.cN-zeta (the inflection point zeta of the flow (24)) and chou.eq31-32 (the contraction of
the distance to lam^(1/N) past zeta).

Precision. The float64 pass is used as such where a float64 quantity is the object of the check (the
float64 map (15) against mpmath); every other sampled margin computes at >= 30 digits (exact rationals
for (16) in the float64 pass).

>>> q_sigma(3, -1, 1) == 3 * 3 - 2
True
"""
from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric.iteration_bounds import eta_limit_lem22
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_trajectory
from dmfcheck.symbolic import scalar_map as sm
from dmfcheck.symbolic.exact import exact_zero

from ...claim import AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from ..support import as_float, exact_steps_proof, work_dps
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .flow_references import TOL_QUAD
from .grids import alpha_param, f_param, lam_param, n_param


# --------------------------------------------------------------------------- chou.eq15


def _g64_margin(p, ctx):
    """One step of the float64 simulator S1 (the Numba kernel) against g of (15) in mpmath."""
    N, lam, x, eta = p["N"], p["lam"], p["alpha"], p["eta"]
    g64 = float(scalar_gd_trajectory(N, lam, x, eta, 1)[1])
    dps = work_dps(ctx, 50)
    with mpmath.workdps(dps):
        gmp = cf.g_map(N, lam, eta, x)
        xm = mpmath.mpf(x)
        size = abs(xm) + eta * abs(xm) ** (2 * N - 1) + eta * abs(lam) * abs(xm) ** (N - 1)
        tol = 4 * (2 * N + 4) * mpmath.mpf(2) ** -53 * size
        return Margin(tol - abs(g64 - gmp), mpmath.mpf(g64), gmp, "g(x) float64 kernel (S1)", f"g(x) mpmath dps {dps}",
                      scale=tol, info={"rounding_bound": mpmath.nstr(tol, 5)})


def _resolve_eq15(c):
    eta = c["f"] * float(eta_limit_lem22(c["N"], c["lam"], c["alpha"]))
    return {"N": c["N"], "lam": c["lam"], "alpha": c["alpha"], "eta": eta}


def _prove_eq15():
    return [p for N in range(2, 9) for p in (sm.fixed_points(N), sm.jacobian_at_fixed_points(N))]


EQ15 = catalogued(
    CATALOGUE, PAPER, "chou.eq15",
    arxiv="eq. (15), Lemma 2.1", equations=("(15)",),
    statement=(r"$d(k+1)=g(d(k))$ with $g(x)=x-\eta x^{N-1}(x^N-\lambda)$ and $d(0)=\alpha>0$. "
               r"The fixed points of $g$ are $0$ and the real roots of $x^N=\lambda$; "
               r"$g'(x)=1-\eta x^{N-2}\left((2N-1)x^N-(N-1)\lambda\right)$, "
               r"$g'(\lambda^{1/N})=1-\eta N\lambda^{2-2/N}$, and $g'(0)=1$ for $N\ge3$, $1+\eta\lambda$ for $N=2$."),
    check=AllOf(parts=(
        ("sympy: fixed points and g'", ProofCheck(_prove_eq15, "SymPy, exact, N = 2..8: fixed points of g, g', "
                                                            "g'(0), g'(+-lam^(1/N))")),
        ("float64 map vs mpmath", SampledCheck(
            domain=Domain(params=(n_param((1, 2, 3, 4, 5, 7, 10)), lam_param(), alpha_param(), f_param()),
                          resolve=_resolve_eq15,
                          description="N in {1,2,3,4,5,7,10}, lam in [-20,20] (grid of §(f) with 0), x = alpha in "
                                      "[0.02,1.5], eta = f * (Lemma 2.2 step-size limit), f in [1e-3, 0.999]"),
            margin=_g64_margin, near_tie=1e-3,
            tolerance="|g_float64 - g_mpmath| <= 4(2N+4) u (|x| + eta|x|^(2N-1) + eta|lam||x|^(N-1)), u = 2^-53",
        )),
    )),
)


# --------------------------------------------------------------------------- chou.eq16


def q_sigma(N, sigma, z):
    """``q_sigma(z) = (N-1) z^(N-2) (z^N - sigma) + N z^(2N-2)`` of (16) (exact for Fraction/mpf ``z``)."""
    return (N - 1) * z ** (N - 2) * (z**N - sigma) + N * z ** (2 * N - 2)


def _eq16_margin(p, ctx):
    N, sigma = p["N"], p["sigma"]
    bound = N if sigma > 0 else 3 * N - 2
    if ctx.is_float64:
        q = q_sigma(N, sigma, Fraction(p["z"]))  # exact rational value at the (binary) sample point
        return Margin(float(bound - q), float(q), bound, "q_sigma(z) (exact rational)", "stated constant",
                      scale=bound, info={"evaluation": "exact rational arithmetic"})
    q = q_sigma(N, sigma, mpmath.mpf(p["z"]))
    return Margin(bound - q, q, bound, f"q_sigma(z) (mpmath dps {ctx.dps})", "stated constant", scale=bound)


def eq16_plot(point):
    """q_+(z) and q_-(z) on [0, 1] with the stated maxima N and 3N - 2."""
    N = int(as_float((point or {}).get("N", 3)))
    zs = [i / 200 for i in range(201)]
    return {"title": f"q_sigma(z) of (16), N={N}", "xlabel": "z = x/|lam|^(1/N)", "ylabel": "q_sigma(z)",
            "xscale": "linear", "yscale": "linear",
            "series": [{"label": "q_+ (lam > 0)", "x": zs, "y": [q_sigma(N, 1, z) for z in zs], "style": "line"},
                       {"label": "q_- (lam < 0)", "x": zs, "y": [q_sigma(N, -1, z) for z in zs], "style": "line"}],
            "hlines": [{"y": N, "label": "N"}, {"y": 3 * N - 2, "label": "3N - 2"}], "vlines": []}


def _prove_eq16():
    return [sm.prove_eq16(N, s) for N in range(2, 11) for s in (1, -1)]


EQ16 = catalogued(
    CATALOGUE, PAPER, "chou.eq16",
    arxiv="eq. (16), proof of Lemma 2.2", equations=("(15)", "(16)"),
    statement=(r"With $z=x/|\lambda|^{1/N}\in[0,1]$ and $\sigma=\operatorname{sign}\lambda$: "
               r"$g'(x)=1-\eta|\lambda|^{2-2/N}\left((N-1)z^{N-2}(z^N-\sigma)+Nz^{2N-2}\right)$, which is "
               r"$\ge 1-\eta N|\lambda|^{2-2/N}$ if $\lambda>0$ and $\ge 1-\eta(3N-2)|\lambda|^{2-2/N}$ if "
               r"$\lambda<0$, "
               r"i.e. $\max_{[0,1]}q_\sigma\le N$ ($\sigma=+$) and $\le 3N-2$ ($\sigma=-$)."),
    check=AllOf(parts=(
        ("sympy: max of q_sigma, N = 2..10", ProofCheck(_prove_eq16, "SymPy, exact, N = 2..10, sigma = +-1")),
        ("dense sampling", SampledCheck(
            domain=Domain(params=(Param("N", scale="int", lo=2, hi=10, grid=tuple(range(2, 11))),
                                  Param("sigma", scale="choice", choices=(1, -1), grid=(1, -1)),
                                  Param("z", 0.0, 1.0, grid=(0.0, 0.1, 0.5, 0.9, 0.99, 0.999999, 1.0))),
                          description="N = 2..10, sigma = +-1, z in [0, 1] (edges 0 and 1 on the grid)"),
            margin=_eq16_margin, near_tie=0.0,
            tolerance="exact: q_sigma(z) <= N (sigma=+), <= 3N-2 (sigma=-), evaluated in exact rationals "
                      "(float64 pass) or mpmath",
        )),
    )),
    plot=eq16_plot,
)


# --------------------------------------------------------------------------- chou.def.cN-zeta


def _prove_sign_table(N):
    """Sign of ``h = f f'`` on ``(0, lam^(1/N))``, exactly: with ``lam = L^N``, ``x = L u`` and ``w = u^N``,
    ``h = L^(4N-3) u^(2N-3) (w - 1)((2N-1) w - (N-1))``; the quadratic in w has the roots ``c_N`` and 1,
    is positive at ``w = 0`` and negative at the rational ``w = (1 + c_N)/2``; ``u -> u^N`` is increasing."""
    cN = Fraction(N - 1, 2 * N - 1)
    quad = lambda w: (w - 1) * ((2 * N - 1) * w - (N - 1))  # noqa: E731
    u, L = sp.symbols("u L", positive=True)
    h = sp.expand((lambda xx: xx ** (2 * N - 3) * (xx**N - L**N) * ((2 * N - 1) * xx**N - (N - 1) * L**N))(L * u))
    claimed = L ** (4 * N - 3) * u ** (2 * N - 3) * (u**N - 1) * ((2 * N - 1) * u**N - (N - 1))
    ok_form = exact_zero(h - claimed)
    checks = [(f"N={N}: h(L u) = L^{4*N-3} u^{2*N-3} (u^N - 1)((2N-1)u^N - (N-1)) [cancel]",
               bool(ok_form and ok_form[0])),
              (f"roots of (w-1)((2N-1)w-(N-1)) are c_N = {cN} and 1, with 0 < c_N < 1", quad(cN) == 0 and 0 < cN < 1),
              (f"value at w = 0 is {quad(Fraction(0))} > 0: h > 0 on (0, zeta) (flow convex)", quad(Fraction(0)) > 0),
              (f"value at w = (1+c_N)/2 is {quad((1 + cN) / 2)} < 0: h < 0 on (zeta, lam^(1/N)) (concave)",
               quad((1 + cN) / 2) < 0)]
    return exact_steps_proof("cancel + exact rational sign table", checks)


def _phi_margin(p, ctx):
    """``phi(x) = x^(N-1)(lam - x^N) <= phi(zeta)`` on ``[0, lam^(1/N)]``, and ``phi(zeta)`` equals the
    stated maximum ``N/(2N-1) c_N^(1-1/N) lam^(2-1/N)`` (checked to 1e-25 relative)."""
    N = p["N"]
    with mpmath.workdps(work_dps(ctx, 30)):
        lam = mpmath.mpf(p["lam"])
        x = mpmath.root(lam, N) * mpmath.mpf(p["u"])
        z = cf.zeta(N, lam)
        phi = lambda s: s ** (N - 1) * (lam - s**N)  # noqa: E731
        stated = mpmath.mpf(N) / (2 * N - 1) * cf.c_N(N) ** (1 - mpmath.mpf(1) / N) * lam ** (2 - mpmath.mpf(1) / N)
        if abs(phi(z) - stated) > mpmath.mpf(TOL_QUAD) * stated:
            return Margin(-abs(phi(z) - stated), phi(z), stated, "phi(zeta)", "stated maximum", scale=stated)
        return Margin(stated - phi(x), phi(x), stated, "phi(x) = x^(N-1)(lam - x^N)",
                      "phi(zeta) = N/(2N-1) c_N^(1-1/N) lam^(2-1/N)", scale=stated)


def phi_plot(point):
    """phi(x) = x^(N-1)(lam - x^N) on [0, lam^(1/N)] with its maximiser zeta and the stated maximum."""
    p = {"N": 3, "lam": 2.0, **(point or {})}
    N, lam = int(as_float(p["N"])), as_float(p["lam"])
    N, lam = (N, lam) if N >= 2 and lam > 0 else (3, 2.0)
    r = lam ** (1 / N)
    xs = [r * i / 200 for i in range(201)]
    cN = (N - 1) / (2 * N - 1)
    return {"title": f"phi(x) = x^(N-1)(lam - x^N), N={N}, lam={lam:g}", "xlabel": "x", "ylabel": "phi(x)",
            "xscale": "linear", "yscale": "linear",
            "series": [{"label": "phi", "x": xs, "y": [x ** (N - 1) * (lam - x**N) for x in xs], "style": "line"}],
            "hlines": [{"y": N / (2 * N - 1) * cN ** (1 - 1 / N) * lam ** (2 - 1 / N), "label": "stated maximum"}],
            "vlines": [{"x": (cN * lam) ** (1 / N), "label": "zeta"}]}


DEF_CN_ZETA = catalogued(
    CATALOGUE, PAPER, "chou.def.cN-zeta",
    arxiv="definitions after (19), proof of Thm 2.3", equations=("(24)",),
    statement=(r"$c_N=\frac{N-1}{2N-1}$, $\zeta=(c_N\lambda)^{1/N}$. With $f(x)=-x^{N-1}(x^N-\lambda)$, "
               r"$h=ff'=x^{2N-3}(x^N-\lambda)\left((2N-1)x^N-(N-1)\lambda\right)$, so the flow is convex while "
               r"$y\in(0,\zeta)$ and concave on $(\zeta,\lambda^{1/N})$; $\zeta$ maximises $x^{N-1}(\lambda-x^N)$ on "
               r"$[0,\lambda^{1/N}]$ with maximum $\frac{N}{2N-1}c_N^{1-1/N}\lambda^{2-1/N}$."),
    check=AllOf(parts=(
        ("sympy: h = f f', maximiser, N = 2..8", ProofCheck(lambda: [sm.prove_inflection(N) for N in range(2, 9)],
                                                            "SymPy, exact (expand, remainder mod k^N - c_N)")),
        ("sign table, N = 2..8", ProofCheck(lambda: [_prove_sign_table(N) for N in range(2, 9)],
                                            "exact rational sign table of (w-1)((2N-1)w-(N-1)), w = (x/lam^(1/N))^N")),
        ("maximiser (sampled)", SampledCheck(
            domain=Domain(params=(n_param((2, 3, 4, 5, 7, 10)), lam_param(lo=1e-3, hi=20.0),
                                  Param("u", 0.0, 1.0, grid=(0.0, 0.3, 0.5, 0.8, 0.9, 1.0))),
                          description="N in {2,3,4,5,7,10}, lam in [1e-3, 20], x = u lam^(1/N), u in [0, 1]"),
            margin=_phi_margin, near_tie=1e-12,
            tolerance="phi(x) <= phi(zeta) (mpmath >= 30 digits); phi(zeta) = stated maximum to 1e-25 relative")),
    )),
    plot=phi_plot,
)


# --------------------------------------------------------------------------- chou.eq31-32


def _gtilde_zeta_margin(p, ctx):
    """``g~(zeta) >= r_1 = N c_N^(2-2/N) lam^(2-2/N)``, g~ evaluated from its definition in (31), and
    equal to the closed form ``lam^(2-2/N) c_N^(1-1/N) sum_j c_N^((j-1)/N)`` to 1e-25 relative."""
    N = p["N"]
    with mpmath.workdps(work_dps(ctx, 30)):
        lam = mpmath.mpf(p["lam"])
        z, cN, e = cf.zeta(N, lam), cf.c_N(N), 2 - mpmath.mpf(2) / N
        gt = z ** (N - 1) * mpmath.fsum(lam ** (1 - mpmath.mpf(j) / N) * z ** (j - 1) for j in range(1, N + 1))
        closed = lam**e * cN ** (1 - mpmath.mpf(1) / N) * mpmath.fsum(cN ** (mpmath.mpf(j - 1) / N)
                                                                      for j in range(1, N + 1))
        r1 = N * cN**e * lam**e
        if abs(gt - closed) > mpmath.mpf(TOL_QUAD) * closed:
            return Margin(-abs(gt - closed), gt, closed, "g~(zeta) from (31)", "closed form of g~(zeta)", scale=closed)
        return Margin(gt - r1, gt, r1, "g~(zeta)", "r_1 = N c_N^(2-2/N) lam^(2-2/N)", scale=r1)


def gtilde_plot(point):
    """g~(x) on [zeta, lam^(1/N)] between r_1 and r_2."""
    p = {"N": 3, "lam": 2.0, **(point or {})}
    N, lam = int(as_float(p["N"])), as_float(p["lam"])
    N, lam = (N, lam) if N >= 2 and lam > 0 else (3, 2.0)
    r, cN = lam ** (1 / N), (N - 1) / (2 * N - 1)
    z = (cN * lam) ** (1 / N)
    xs = [z + (r - z) * i / 100 for i in range(101)]
    gt = [x ** (N - 1) * sum(lam ** (1 - j / N) * x ** (j - 1) for j in range(1, N + 1)) for x in xs]
    e = 2 - 2 / N
    return {"title": f"g~ on [zeta, lam^(1/N)], N={N}, lam={lam:g}", "xlabel": "x", "ylabel": "g~(x)",
            "xscale": "linear", "yscale": "linear", "series": [{"label": "g~", "x": xs, "y": gt, "style": "line"}],
            "hlines": [{"y": N * (cN * lam) ** e, "label": "r_1"}, {"y": N * lam**e, "label": "r_2"}], "vlines": []}


EQ31_32 = catalogued(
    CATALOGUE, PAPER, "chou.eq31-32",
    arxiv="eq. (31)-(32), proof of Thm 2.3", equations=("(31)", "(32)", "(33)"),
    statement=(r"$\Delta=\lambda^{1/N}-d$ satisfies $\Delta(k+1)=(1-\eta\tilde g(d(k)))\Delta(k)$ with "
               r"$\tilde g(x)=\frac{x^{N-1}(x^N-\lambda)}{x-\lambda^{1/N}}=x^{N-1}\sum_{j=1}^N\lambda^{1-j/N}x^{j-1}$, "
               r"$\tilde g'(x)=\sum_j\lambda^{1-j/N}(N+j-2)x^{N+j-3}\ge0$; on $[\zeta,\lambda^{1/N}]$, "
               r"$\tilde g\in[r_1,r_2]$ with $r_1=N(c_N\lambda)^{2-2/N}\le\tilde g(\zeta)"
               r"=\lambda^{2-2/N}c_N^{1-1/N}\sum_j c_N^{(j-1)/N}$ and $r_2=\tilde g(\lambda^{1/N})=N\lambda^{2-2/N}$."),
    check=AllOf(parts=(
        ("sympy: identities, N = 2..8", ProofCheck(lambda: [sm.prove_contraction_factorisation(N) for N in range(2, 9)],
                                                   "SymPy, exact (expand, remainder mod k^N - c_N)")),
        ("g~(zeta) >= r_1, N = 2..20", SampledCheck(
            domain=Domain(params=(Param("N", scale="int", lo=2, hi=20, grid=tuple(range(2, 21))),
                                  lam_param(lo=1e-3, hi=20.0)),
                          description="N = 2..20, lam in [1e-3, 20]"),
            margin=_gtilde_zeta_margin,
            tolerance="g~(zeta) - r_1 >= 0 at >= 30 digits; g~(zeta) = closed form to 1e-25 relative")),
    )),
    plot=gtilde_plot,
)


CLAIMS = [EQ15, EQ16, DEF_CN_ZETA, EQ31_32]
