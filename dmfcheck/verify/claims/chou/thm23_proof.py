"""The checkable steps of the proof of Theorem 2.3 of Chou et al. (chou.thm2.3-proof-claims, erratum E9).

Items 1-5 of the catalogue: (1) g <= g_- for lam < 0 (exact), (2a) |f'| <= K_2 (rational
arithmetic), (2b) eta < 1/K_2 from (21) (printed: E9; corrected under an added hypothesis), (3)
s <= s_N, (4) the second-phase bound (33) and (5) d(T_1) <= zeta + eta max f on S1 runs. The
resolution of the second phase is shared with :mod:`.rem12` (Remark 1.2 (iii)).
"""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from dmfcheck.numeric.closed_forms import T_plus, c_N, s_N, zeta
from dmfcheck.numeric.iteration_bounds import eta_limit_21
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_trajectory
from dmfcheck.numeric.scalar_recursion_mp import scalar_gd_mp
from dmfcheck.symbolic.exact import Proof, exact_zero

from ...claim import FLOAT64, AllOf, Domain, Margin, Param, ProofCheck, SampledCheck
from ..builder import catalogued
from . import iteration_counts as ic
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .grids import alpha_param, f_param, n_param
from .scalar_conventions import usable


def _f_prime_abs(N, lam, x):
    """|f'(x)| for f(x) = -x^(N-1)(x^N - lam) on x >= lam^(1/N): (N-1)x^(N-2)(x^N - lam) + N x^(2N-2)."""
    return (N - 1) * x ** (N - 2) * (x**N - lam) + N * x ** (2 * N - 2)


def _item1_proof():
    x, lam, eta = sp.symbols("x lambda eta")
    steps, ok = [], True
    for N in range(2, 11):
        g = x - eta * x ** (N - 1) * (x**N - lam)
        holds, method = exact_zero(g - (x + eta * lam * x ** (N - 1)) + eta * x ** (2 * N - 1))
        ok = ok and holds
        steps.append(f"N={N}: g(x) - g_-(x) = -eta x^{2 * N - 1} ({method}), <= 0 for x >= 0, eta > 0")
    return Proof(holds=ok, exact=True, method="cancel", steps=tuple(steps))


def _item2a_margin(p, ctx):
    """Exact rational arithmetic: x = alpha * xr, lam = q x^N (so x >= lam^(1/N), lam < alpha^N)."""
    N = p["N"]
    alpha, xr, q = Fraction(p["alpha"]), Fraction(p["xr"]), Fraction(p["q"])
    x = alpha * xr
    lam = q * x**N
    K2 = (2 * N - 1) * alpha ** (2 * N - 2)
    fp = _f_prime_abs(N, lam, x)
    return Margin(float(K2 - fp), float(fp), float(K2), "|f'(x)| on [lam^(1/N), alpha]", "K_2 = (2N-1) alpha^(2N-2)",
                  scale=float(K2), info={"exact sign": "computed in rational arithmetic",
                                         "lam": float(lam), "x": float(x)})


def _item2a_resolve(c):
    if Fraction(c["q"]) * Fraction(c["xr"]) ** int(c["N"]) >= 1:  # lam < alpha^N is required
        return None
    return dict(c)


def _f_prime_sup(N, lam, alpha, n=401):
    """max |f'| on [lam^(1/N), alpha] by dense sampling plus the end points (float64)."""
    x = np.linspace(ic.root_of(N, lam), alpha, n)
    return float(np.max(_f_prime_abs(N, lam, x)))


def _item2b_resolve(corrected):
    def resolve(c):
        N, alpha, q = int(c["N"]), float(c["alpha"]), float(c["q"])
        lam = q * alpha**N
        with mpmath.workdps(20):
            limit = float(eta_limit_21(N, lam, alpha))
        K2 = (2 * N - 1) * alpha ** (2 * N - 2)
        if corrected:
            limit = min(limit, 1 / K2)
        return {"N": N, "alpha": alpha, "lam": lam, "eta": float(c["f"]) * limit, "K2": K2}
    return resolve


def _item2b_printed(p, ctx):
    inv = 1 / p["K2"] if ctx.is_float64 else 1 / ((2 * p["N"] - 1) * mpmath.mpf(p["alpha"]) ** (2 * p["N"] - 2))
    return Margin(inv - p["eta"], p["eta"], inv, "eta (any value allowed by (21))", "1/K_2 = 1/((2N-1) alpha^(2N-2))",
                  scale=inv)


def _item2b_corrected(p, ctx):
    if ctx.is_float64:
        sup = _f_prime_sup(p["N"], p["lam"], p["alpha"])
    else:
        lam, alpha = mpmath.mpf(p["lam"]), mpmath.mpf(p["alpha"])
        r = mpmath.root(lam, p["N"]) if lam > 0 else mpmath.mpf(0)
        sup = max(_f_prime_abs(p["N"], lam, r + (alpha - r) * j / 400) for j in range(401))
    return Margin(1 - p["eta"] * sup, p["eta"] * sup, 1.0, "eta max|f'| on [lam^(1/N), alpha] (dense sampling)",
                  "1 (Lemma 2.6 needs eta < 1/max|f'|)", scale=1.0, info={"max |f'|": sup, "K_2": p["K2"]})


def _lam_alpha_zeta(c, need):
    """Resolve (N, lam, alpha[, f]) for the first-phase items: lam > alpha^N, and alpha < zeta if ``need``."""
    N, lam, alpha = int(c["N"]), float(c["lam"]), float(c["alpha"])
    z = (lam * (N - 1) / (2 * N - 1)) ** (1 / N)
    if not lam > alpha**N or (need and not alpha < z):
        return None
    p = {"N": N, "lam": lam, "alpha": alpha, "zeta": z}
    if "f" in c:
        with mpmath.workdps(20):
            p["eta"] = float(c["f"]) * float(eta_limit_21(N, lam, alpha))
    return p


def _f_map(N, lam, x):
    return -(x ** (N - 1)) * (x**N - lam)


def _item3_margin(p, ctx):
    N = p["N"]
    if ctx.is_float64:
        lam, alpha, z = p["lam"], p["alpha"], p["zeta"]
        xs = np.append(np.linspace(alpha, z, 401), z)
        s = math.ceil(float(np.max(_f_map(N, lam, xs))) / _f_map(N, lam, alpha))
        with mpmath.workdps(20):
            sN = int(s_N(N, lam, alpha))
    else:
        lam, alpha = mpmath.mpf(p["lam"]), mpmath.mpf(p["alpha"])
        z = zeta(N, lam)
        xs = [alpha + (z - alpha) * j / 200 for j in range(201)]
        s = int(mpmath.ceil(max(_f_map(N, lam, x) for x in xs) / _f_map(N, lam, alpha)))
        sN = int(s_N(N, lam, alpha))
    return Margin(sN - s, s, sN, "s = ceil(max_[alpha,zeta] f / f(alpha))", "s_N(lam, alpha)", scale=max(1, sN))


def _phase(p, steps, ctx):
    """The trajectory and its first k with d(k) >= zeta: float64, or mpmath when the steps needed (up to T_1
    and, for item 4, ``steps``) are at most MP_STEP_CAP; otherwise the float64 run, labelled UNCONFIRMED."""
    if not ctx.is_float64 and steps > ic.MP_STEP_CAP:
        d, T1, _ = _phase(p, steps, FLOAT64)
        return d, T1, f"float64: UNCONFIRMED (mpmath re-run beyond {ic.MP_STEP_CAP} steps)"
    if ctx.is_float64:
        d = scalar_gd_trajectory(p["N"], p["lam"], p["alpha"], p["eta"], steps)
        above = np.nonzero(d >= p["zeta"])[0]
        return d, (int(above[0]) if len(above) else None), "float64"
    steps = min(steps, ic.MP_STEP_CAP)
    d = scalar_gd_mp(p["N"], p["lam"], p["alpha"], p["eta"], steps)
    z = zeta(p["N"], mpmath.mpf(p["lam"]))
    T1 = next((k for k, x in enumerate(d) if x >= z), None)
    return d, T1, f"{ctx.label()} (first {steps} steps)"


_PHASE_CAP = 2_000_000


def phase_resolve(need_alpha_below_zeta):
    """Resolver of the two phases of the proof (lam > alpha^N, eta = f x (21) limit): adds ``r = lam^(1/N)``,
    ``r1 = N (c_N lam)^(2-2/N)`` and the expected ``horizon`` (first phase, then 1e-13 of ``r`` at rate
    ``1 - eta r1``); None outside the hypotheses or beyond ``_PHASE_CAP`` steps (UNDECIDED)."""
    def resolve(c):
        p = _lam_alpha_zeta(c, need_alpha_below_zeta)
        if p is None:
            return None
        N, lam, alpha, eta = p["N"], p["lam"], p["alpha"], p["eta"]
        r = lam ** (1 / N)
        with mpmath.workdps(ic.bound_dps(lam)):
            first = float(T_plus(N, lam, max(p["zeta"], alpha), alpha) / eta + s_N(N, lam, alpha)) \
                if alpha < p["zeta"] else 0.0
            rate = -math.log1p(-eta * N * (lam * (N - 1) / (2 * N - 1)) ** (2 - 2 / N))
        horizon = first + math.log(1e13) / rate + 10
        if not math.isfinite(horizon) or horizon > _PHASE_CAP:
            return None  # UNDECIDED
        return dict(p, r=r, r1=N * (lam * (N - 1) / (2 * N - 1)) ** (2 - 2 / N), horizon=int(horizon))
    return resolve


def _item4_margin(p, ctx):
    """(33): Delta(T1 + k) <= (1 - eta r1)^k Delta(T1) <= (1 - eta r1)^k (lam^(1/N) - zeta).

    Checked at every step while the bound exceeds 100 times the rounding error of Delta (the float64
    error bound of :mod:`.iteration_counts`, or 2^-prec in mpmath).
    """
    d, T1, prec = _phase(p, p["horizon"], ctx)
    if T1 is None and p["alpha"] >= p["zeta"]:
        T1 = 0
    if T1 is None:
        return Margin(-1.0, len(d) - 1, p["horizon"], "steps without reaching zeta", "expected horizon", scale=1.0)
    if isinstance(d, np.ndarray):
        r, z, rho = p["r"], p["zeta"], 1 - p["eta"] * p["r1"]
        delta = r - d[T1:]
        bound = delta[0] * rho ** np.arange(len(delta))
        noise = np.array([100 * ic.float64_error_bound(p["N"], p["lam"], p["alpha"], 0.0, T1 + k)
                          for k in range(0, len(delta), max(1, len(delta) // 64))])
        live = bound > np.interp(np.arange(len(delta)), np.arange(0, len(delta), max(1, len(delta) // 64)), noise)
    else:
        N, lam = p["N"], mpmath.mpf(p["lam"])
        r, z = mpmath.root(lam, N), zeta(N, lam)
        rho = 1 - mpmath.mpf(p["eta"]) * N * (c_N(N) * lam) ** (2 - mpmath.mpf(2) / N)
        delta = [r - x for x in d[T1:]]
        bound = [delta[0] * rho**k for k in range(len(delta))]
        live = [b > 100 * mpmath.eps * r for b in bound]
    rel = [(j, 1 - delta[j] / bound[j]) for j in range(1, len(delta)) if live[j]]
    k, worst = min(rel, key=lambda jr: jr[1]) if rel else (0, mpmath.inf)
    start = (r - z - delta[0]) / (r - z)
    info = {"T_1": T1, "steps checked (k >= 1)": len(rel), "precision": prec}
    if start < worst:
        return Margin(start, delta[0], r - z, "Delta(T_1)", "lam^(1/N) - zeta", scale=1.0, info=info)
    return Margin(worst, delta[k], bound[k], f"Delta(T_1 + {k})", "(1 - eta r_1)^k Delta(T_1)", scale=1.0, info=info)


def _item5_margin(p, ctx):
    """d(T_1) <= zeta + eta max_[0, lam^(1/N)] |f| (max by dense sampling plus zeta)."""
    if not ctx.is_float64:  # the mpmath re-run only needs the steps up to T_1
        T1 = _phase(p, p["horizon"], FLOAT64)[1]
        p = dict(p, horizon=(T1 + 1) if T1 is not None else p["horizon"])
    d, T1, prec = _phase(p, p["horizon"], ctx)
    if T1 is None:
        return Margin(-1.0, len(d) - 1, p["horizon"], "steps without reaching zeta", "expected horizon", scale=1.0)
    if isinstance(d, np.ndarray):
        xs = np.append(np.linspace(0.0, p["r"], 2001), p["zeta"])
        top, z = float(np.max(np.abs(_f_map(p["N"], p["lam"], xs)))), p["zeta"]
    else:
        lam = mpmath.mpf(p["lam"])
        r, z = mpmath.root(lam, p["N"]), zeta(p["N"], lam)
        top = max(abs(_f_map(p["N"], lam, x)) for x in [r * j / 400 for j in range(401)] + [z])
    step = p["eta"] * top
    return Margin((z + step - d[T1]) / step, d[T1], z + step, "d(T_1)", "zeta + eta max|f|",
                  scale=1.0, info={"T_1": T1, "max |f| (dense sampling)": top, "precision": prec})


_Q_PARAM = Param("q", 0.0, 0.999, grid=(0.0, 0.3, 0.9, 0.999))
_N_FORMULA = Param("N", scale="choice", choices=(2, 3, 4, 5, 7, 10), grid=(2, 3, 4, 5, 7, 10))
#: The domain of the two phases (lam > 0; resolved by :func:`phase_resolve`): N, lam, alpha, f.
PHASE_PARAMS = (n_param(), Param("lam", 1e-3, 20.0, scale="log", grid=(1e-3, 0.05, 1.0, 5.0, 20.0)),
                alpha_param(), f_param())


def _proof_items(corrected):
    item2b = (_item2b_corrected if corrected else _item2b_printed)
    text2b = ("(21) and eta < 1/((2N-1) alpha^(2N-2)): eta max|f'| < 1" if corrected else
              "(21) implies eta < 1/K_2 (printed)")
    return (
        ("1: g <= g_- for lam < 0", ProofCheck(prove=_item1_proof, description="exact, N = 2..10")),
        ("2a: |f'| <= K_2 on [lam^(1/N), alpha]",
         SampledCheck(domain=Domain(params=(_N_FORMULA, alpha_param(), Param("xr", 0.0, 1.0, grid=(0.0, 0.5, 1.0)),
                                            _Q_PARAM), resolve=_item2a_resolve,
                                    description="0 <= lam < alpha^N: x = xr alpha, lam = q x^N (x >= lam^(1/N))"),
                      margin=_item2a_margin, tolerance="exact (rational arithmetic)")),
        ("2b: " + text2b,
         SampledCheck(domain=Domain(params=(_N_FORMULA, alpha_param(), _Q_PARAM, f_param()),
                                    resolve=_item2b_resolve(corrected),
                                    description="0 <= lam = q alpha^N < alpha^N, eta = f x (21) limit" +
                                                (" capped at 1/K_2" if corrected else "")),
                      margin=item2b)),
        ("3: s <= s_N",
         SampledCheck(domain=Domain(params=(n_param(), PHASE_PARAMS[1], alpha_param()),
                                    resolve=lambda c: _lam_alpha_zeta(c, True),
                                    description="lam > alpha^N with alpha < zeta; max f by dense sampling"),
                      margin=_item3_margin)),
        ("4: second phase (33)",
         SampledCheck(domain=Domain(params=PHASE_PARAMS, resolve=phase_resolve(False),
                                    description="lam > alpha^N, eta = f x (21) limit; every step after T_1 while the "
                                                f"bound exceeds 1e-13 lam^(1/N); runs over {_PHASE_CAP} steps skipped"),
                      margin=_item4_margin, near_tie=1e-9)),
        ("5: d(T_1) <= zeta + eta max f",
         SampledCheck(domain=Domain(params=PHASE_PARAMS, resolve=phase_resolve(True),
                                    description="alpha < zeta < lam^(1/N), eta = f x (21) limit"),
                      margin=_item5_margin, near_tie=1e-9)),
    )


def _phase_plot(p):
    keys = ("N", "lam", "alpha", "f")
    q = phase_resolve(False)({k: (float(v) if k != "N" else int(float(v))) for k, v in p.items() if k in keys}) \
        if usable(p, keys) else None
    q = q or phase_resolve(False)({"N": 3, "lam": 5.0, "alpha": 0.1, "f": 0.5})
    d, T1, _ = _phase(q, min(q["horizon"], 100_000), FLOAT64)
    T1 = T1 or 0
    delta = q["r"] - d[T1:]
    bound = delta[0] * (1 - q["eta"] * q["r1"]) ** np.arange(len(delta))
    ks = list(range(T1, T1 + len(delta)))
    return {"title": "Second phase (33): Delta(k) and its bound", "xlabel": "k", "ylabel": "Delta(k)",
            "xscale": "linear", "yscale": "log",
            "series": [{"label": "Delta(k) = lam^(1/N) - d(k)", "x": ks, "y": delta.tolist(), "style": "line"},
                       {"label": "(1 - eta r_1)^(k - T_1) Delta(T_1)", "x": ks, "y": bound.tolist(), "style": "line"}],
            "hlines": [], "vlines": [{"x": T1, "label": "T_1"}]}


_PROOF_STATEMENT = (r"Proof of Thm 2.3: (1) for $\lambda<0$, $g(x)\le g_-(x)=x+\eta\lambda x^{N-1}$ ($x\ge0$); (2a) "
                    r"$|f'|\le(2N-1)\alpha^{2N-2}=:K_2$ on $[\lambda^{1/N},\alpha]$ for $0\le\lambda<\alpha^N$; "
                    r"(2b) %s; (3) $s\le s_N$; (4) $\Delta(k+T_1)\le(1-\eta r_1)^k\Delta(T_1)\le(1-\eta r_1)^k"
                    r"(\lambda^{1/N}-\zeta)$ (33); (5) $d(T_1)\le\zeta+\eta\max_{[0,\lambda^{1/N}]}|f|$.")

PROOF_CLAIMS = catalogued(
    CATALOGUE, PAPER, "chou.thm2.3-proof-claims",
    statement=_PROOF_STATEMENT % r"``by assumption (21), $\eta<1/K_2$''",
    arxiv="proof of Theorem 2.3", equations=("(21)", "(31)", "(32)", "(33)"),
    expected="FAIL", erratum="E9: (21) only gives eta < 1/((2N-2) alpha^(2N-2)), not eta < 1/K_2 (PROOF-GAP)",
    check=AllOf(parts=_proof_items(False)),
    plot=_phase_plot,
)

PROOF_CLAIMS_CORRECTED = catalogued(
    CATALOGUE, PAPER, "chou.thm2.3-proof-claims.corrected",
    statement=_PROOF_STATEMENT % (r"under (21) and the added hypothesis $\eta<1/((2N-1)\alpha^{2N-2})$: "
                                  r"$\eta\max_{[\lambda^{1/N},\alpha]}|f'|<1$"),
    arxiv="proof of Theorem 2.3", equations=("(21)", "(31)", "(32)", "(33)"),
    check=AllOf(parts=_proof_items(True)),
    plot=_phase_plot,
)


CLAIMS = [PROOF_CLAIMS, PROOF_CLAIMS_CORRECTED]
