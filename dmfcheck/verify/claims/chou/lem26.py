"""Lemma 2.6 of Chou et al. (chou.lem2.6): the discrete dynamics against the flow, and (28).

Three instances of the catalogue: f = -x^(N-1)(x^N - lam) increasing on [alpha, zeta] (conclusions 1
and 2), decreasing on [lam^(1/N), alpha], and the comparison field f = lam x^(N-1), lam < 0, on
[0, alpha] (flow (30)). Deviations from alpha are compared in float64 at about 80 sampled k, the
worst ones re-decided in mpmath.
"""
from __future__ import annotations

import math
from functools import lru_cache

import mpmath
import numpy as np
from scipy.optimize import minimize_scalar

from dmfcheck.numeric.closed_forms import T_plus
from dmfcheck.numeric.flow import flow_y, flow_y_minus, integrate
from dmfcheck.numeric.iteration_bounds import eta_limit_21
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats, scalar_gd_trajectory
from dmfcheck.numeric.kernels.scalar_windows import comparison_trajectory, deviation_trajectory
from dmfcheck.numeric.scalar_recursion_mp import comparison_trajectory_mp, scalar_gd_mp

from ...claim import FLOAT64, AllOf, Domain, Margin, Param, SampledCheck
from ..builder import catalogued
from . import iteration_counts as ic
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .scalar_conventions import usable


_LEM26_CAP = 2_000_000  # longest trajectory stored (steps); longer checks are UNDECIDED
_LEM26_SAMPLES = 80
_RK_SUBSTEPS = 64


def _inst_f(inst, N, lam):
    """The instance's vector field f and its derivative (numpy or mpmath arguments)."""
    if inst == "negative":
        return (lambda x: lam * x ** (N - 1)), (lambda x: lam * (N - 1) * x ** (N - 2))
    return (lambda x: -(x ** (N - 1)) * (x**N - lam)), \
        (lambda x: -(N - 1) * x ** (N - 2) * (x**N - lam) - N * x ** (2 * N - 2))


def _sup_abs(fun, a, b):
    """max |fun| on [a, b]: dense sampling (2001 points) refined by a bounded scalar search."""
    xs = np.linspace(a, b, 2001)
    vals = np.abs(fun(xs))
    j = int(np.argmax(vals))
    lo, hi = xs[max(j - 1, 0)], xs[min(j + 1, len(xs) - 1)]
    best = float(vals[j])
    if hi > lo:
        res = minimize_scalar(lambda x: -abs(float(fun(x))), bounds=(lo, hi), method="bounded",
                              options={"xatol": 1e-14 * max(1.0, abs(hi))})
        best = max(best, -float(res.fun))
    return best


def _lem26_resolve(inst, conclusion2=False):
    """Instance of Lemma 2.6 (chou.md recipe): f, I, K_1, K_2, eta, the time T with y in I, sampled k."""
    def resolve(c):
        N, alpha, rule, fr = int(c["N"]), float(c["alpha"]), c["rule"], float(c["fr"])
        if inst == "increasing":
            lam = float(c["lam"])
            z = (lam * (N - 1) / (2 * N - 1)) ** (1 / N)
            if not alpha < z:
                return None
            lo, hi = alpha, z
        elif inst == "decreasing":
            lam = float(c["q"]) * alpha**N
            lo, hi = ic.root_of(N, lam), alpha
        else:
            lam = -float(c["lam"])
            lo, hi = 0.0, alpha
        f, fp = _inst_f(inst, N, lam)
        K1, K2 = _sup_abs(f, lo, hi), _sup_abs(fp, lo, hi)
        with mpmath.workdps(ic.bound_dps(lam)):
            if rule == "1/K2":
                eta = fr / K2
            else:
                eta = fr * float(eta_limit_21(N, lam, alpha))
                if not eta * K2 < 1:
                    return None  # Lemma 2.6 needs eta < 1/K_2
            if inst == "increasing":
                T = float(T_plus(N, lam, z, alpha))
                t_end = T
            elif inst == "decreasing":
                T = math.inf
                t_end = (float(T_plus(N, lam, lo + 0.01 * (alpha - lo), alpha)) if lam > 0 else
                         ((alpha / 10) ** (2 - 2 * N) - alpha ** (2 - 2 * N)) / (2 * N - 2))
            else:
                T = math.inf
                t_end = float((mpmath.log(10) if N == 2 else
                               ((alpha / 10) ** (2 - N) - alpha ** (2 - N)) / (N - 2)) / abs(lam))
        kmax = int(t_end / eta)
        s = math.ceil(K1 / f(alpha)) if conclusion2 else 0
        if kmax < 1 or kmax + s > _LEM26_CAP:
            return None  # no step inside I / UNDECIDED
        p = {"inst": inst, "N": N, "lam": lam, "alpha": alpha, "eta": eta, "K1": K1, "K2": K2, "T": T,
             "kmax": kmax, "rule": rule}
        if conclusion2:
            if not _sup_d(N, lam, alpha, eta, kmax, s) <= ic.root_of(N, lam):
                return None  # hypothesis of conclusion 2 (f >= 0 on [alpha, sup d)) not met
            p["s"] = s
        return p
    return resolve


@lru_cache(maxsize=512)
def _sup_d(N, lam, alpha, eta, kmax, s):
    """sup_k d(k) over 2 (kmax + s) + 30/(eta N (c_N lam)^(2-2/N)) steps (past the approach to lam^(1/N))."""
    steps = min(ic.BUDGET, int(2 * (kmax + s) + 30 / (eta * N * (lam * (N - 1) / (2 * N - 1)) ** (2 - 2 / N))))
    return float(scalar_gd_stats(N, lam, alpha, eta, 0.0, steps)["d_max"][0])


def _sample_ks(kmax):
    ks = np.unique(np.concatenate([np.round(np.geomspace(1, kmax, _LEM26_SAMPLES - 20)),
                                   np.round(np.linspace(1, kmax, 20))]).astype(np.int64))
    return ks[(ks >= 1) & (ks <= kmax)]


def _deviation64(p, ts):
    """``y(t) - alpha`` of the instance's flow in float64, accurate relative to itself.

    Closed forms rewritten with expm1/log1p (N = 2, lam = 0, the comparison flow (30)); otherwise DOP853
    (rtol 1e-13) on ``z' = f(alpha + z)``, ``z(0) = 0``.
    """
    N, lam, alpha = p["N"], p["lam"], p["alpha"]
    if p["inst"] == "negative":
        return alpha * (np.expm1(lam * ts) if N == 2 else
                        np.expm1(-np.log1p((N - 2) * -lam * ts * alpha ** (N - 2)) / (N - 2)))
    if lam == 0:
        return alpha * np.expm1(-np.log1p((2 * N - 2) * ts * alpha ** (2 * N - 2)) / (2 * N - 2))
    if N == 2:
        u = -np.expm1(-2 * lam * ts) * (alpha**2 / lam - 1)
        return alpha * np.expm1(-0.5 * np.log1p(u))
    f, _ = _inst_f(p["inst"], N, lam)
    return integrate(lambda _t, z: f(alpha + z), 0.0, np.concatenate([[0.0], ts]))[1:]


def _increments64(f, y, eta):
    """y(t + eta) - y(t) from each y by RK4 on z' = f(y + z), z(0) = 0 (64 substeps; relative accuracy)."""
    h, z = eta / _RK_SUBSTEPS, np.zeros_like(y)
    for _ in range(_RK_SUBSTEPS):
        k1 = f(y + z)
        k2 = f(y + z + h / 2 * k1)
        k3 = f(y + z + h / 2 * k2)
        k4 = f(y + z + h * k3)
        z = z + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return z


def _trajectory(p, steps, mp=False):
    args = (p["N"], p["lam"], p["alpha"], p["eta"], steps)
    if p["inst"] == "negative":
        return comparison_trajectory_mp(*args) if mp else comparison_trajectory(*args)
    return scalar_gd_mp(*args) if mp else scalar_gd_trajectory(*args)


def _lem26_eval(p, ctx, only=None):
    """Relative margins at the sampled k (``only``: a subset of k, for the mpmath re-run).

    With ``z(t) = y(t) - alpha`` and ``delta(k) = d(k) - alpha`` (both accurate relative to themselves):
    conclusion 1 ``(z - delta)/|z|`` for k <= T/eta; (28) ``(Delta - eta f(y_k))/|Delta|`` and
    ``(eta f(y_k + Delta) - Delta)/|Delta|`` for k + 1 <= T/eta (y stays in I), ``Delta = y(eta(k+1)) - y(eta k)``;
    conclusion 2 ``(delta(k+s) - z)/|z|`` for k <= T/eta when ``s`` is in ``p``.
    """
    N, eta, alpha, T = p["N"], p["eta"], p["alpha"], p["T"]
    ks = _sample_ks(p["kmax"]) if only is None else np.array(sorted(only))
    s = p.get("s", 0)
    if ctx.is_float64:
        f, _ = _inst_f(p["inst"], N, p["lam"])
        delta = deviation_trajectory(N, p["lam"], alpha, eta, int(ks.max()) + s, p["inst"] == "negative")
        z = _deviation64(p, ks * eta)
        dy = _increments64(f, alpha + z, eta)
        prec = "float64 (deviations from alpha: closed forms or DOP853 rtol 1e-13; increments: RK4, 64 substeps)"
    else:
        lam, alpha, eta = mpmath.mpf(p["lam"]), mpmath.mpf(alpha), mpmath.mpf(eta)
        f, _ = _inst_f(p["inst"], N, lam)
        delta = [x - alpha for x in _trajectory(p, int(ks.max()) + s, mp=True)]

        def y_at(t):
            return flow_y_minus(N, lam, alpha, t) if p["inst"] == "negative" else flow_y(N, lam, alpha, t)
        y = [y_at(eta * int(k)) for k in ks]
        z = [yk - alpha for yk in y]
        dy = [y_at(eta * (int(k) + 1)) - yk for k, yk in zip(ks, y)]
        prec = ctx.label()
    terms = []
    for j, k in enumerate(int(k) for k in ks):
        zk, dk, inc, yk = z[j], delta[k], dy[j], alpha + z[j]
        if k * eta <= T:
            terms.append((f"d(k) <= y(eta k), k={k}", (zk - dk) / abs(zk), alpha + dk, yk))
            if s:
                terms.append((f"conclusion 2: y(eta k) <= d(k+s), k={k}, s={s}", (delta[k + s] - zk) / abs(zk),
                              yk, alpha + delta[k + s]))
        if (k + 1) * eta <= T:
            terms.append((f"(28) left, k={k}", (inc - eta * f(yk)) / abs(inc), eta * f(yk), inc))
            terms.append((f"(28) right, k={k}", (eta * f(yk + inc) - inc) / abs(inc), inc, eta * f(yk + inc)))
    return terms, prec


def _lem26_margin(select):
    def margin(p, ctx):
        if ctx.is_float64:
            terms, prec = _lem26_eval(p, ctx)
        else:  # re-decide the 3 smallest float64 margins in mpmath
            terms64 = sorted((t for t in _lem26_eval(p, FLOAT64)[0] if select(t[0])), key=lambda t: t[1])[:3]
            ks = {int(t[0].split("k=")[1].split(",")[0]) for t in terms64}
            if max(ks) + p.get("s", 0) > ic.MP_STEP_CAP:
                terms, prec = _lem26_eval(p, FLOAT64)
                prec = f"float64: UNCONFIRMED (mpmath re-run beyond {ic.MP_STEP_CAP} steps)"
            else:
                terms, prec = _lem26_eval(p, ctx, only=ks)
        terms = [t for t in terms if select(t[0])]
        name, rel, lhs, rhs = min(terms, key=lambda t: t[1])
        return Margin(rel, lhs, rhs, name, "(relative margin)", scale=1.0,
                      info={"K_1": p["K1"], "K_2": p["K2"], "eta K_2": p["eta"] * p["K2"], "rule": p["rule"],
                            "sampled k": len({t[0] for t in terms}) // max(1, len({t[0].split(",")[0] for t in terms})),
                            "k range": f"1..{p['kmax']}", "precision": prec})
    return margin


def _lem26_part(inst, params, text, conclusion2=False):
    select = (lambda n: n.startswith("conclusion 2")) if conclusion2 else (lambda n: not n.startswith("conclusion 2"))
    return SampledCheck(
        domain=Domain(params=params, resolve=_lem26_resolve(inst, conclusion2),
                      description=text + f" eta = fr/K_2 (rule '1/K2') or fr x the (21) limit when that is < 1/K_2 "
                      f"(rule '(21)'); K_1, K_2 by dense sampling plus a bounded search; about {_LEM26_SAMPLES} "
                      f"sampled k; y(eta k) by closed forms (N = 2, lam = 0, (30)) or DOP853 (rtol 1e-13), in "
                      f"mpmath by inverting the corrected U_N^+; checks needing over {_LEM26_CAP} steps are "
                      "UNDECIDED (skipped)."),
        margin=_lem26_margin(select), near_tie=1e-11,
        tolerance="relative margins (difference / |value|); DOP853 at rtol 1e-13 is within 3e-13 of mpmath on test "
                  "runs, so float64 margins below 1e-11 are re-decided in mpmath at the 3 worst sampled k")


_RULE = Param("rule", scale="choice", choices=("1/K2", "(21)"), grid=("1/K2", "(21)"))
_FR = Param("fr", 1e-3, 0.99, scale="log", grid=(1e-3, 0.99))
_N26 = Param("N", scale="choice", choices=(2, 3, 4, 5, 7), grid=(2, 3, 5))
_ALPHA26 = Param("alpha", 0.02, 1.5, scale="log", grid=(0.02, 1.0))
_LAM26 = Param("lam", 1e-3, 20.0, scale="log", grid=(0.01, 20.0))


def _lem26_plot(p):
    default = {"inst": "increasing", "N": 3, "lam": 2.0, "alpha": 0.2, "fr": 0.99, "rule": "1/K2"}
    p = p if usable(p, ("inst", "N", "lam", "alpha", "fr", "rule")) else default
    coords = {k: (v if k in ("inst", "rule") else float(v)) for k, v in p.items()
              if k in ("N", "lam", "alpha", "fr", "rule", "q")}
    inst = p.get("inst", "increasing")
    if inst == "decreasing" and "q" not in coords:
        coords["q"] = float(p["lam"]) / float(p["alpha"]) ** int(float(p["N"]))
    if inst == "negative":
        coords["lam"] = abs(coords["lam"])
    q = _lem26_resolve(inst)(dict(coords, N=int(coords["N"]))) or _lem26_resolve("increasing")(dict(default, N=3))
    ks = np.arange(0, min(q["kmax"], 20_000) + 1)
    d = _trajectory(q, int(ks[-1]))
    y = q["alpha"] + np.concatenate([[0.0], _deviation64(q, ks[1:] * q["eta"])])
    return {"title": f"Lemma 2.6 ({inst}): d(k) and y(eta k)", "xlabel": "k", "ylabel": "value",
            "xscale": "linear", "yscale": "linear",
            "series": [{"label": "d(k)", "x": ks.tolist(), "y": d.tolist(), "style": "line"},
                       {"label": "d*(k) = y(eta k)", "x": ks.tolist(), "y": y.tolist(), "style": "line"}],
            "hlines": [], "vlines": []}


LEM26 = catalogued(
    CATALOGUE, PAPER, "chou.lem2.6",
    statement=(r"Let $y'=f(y)$, $y(0)=\alpha$, $y(t)\in I$ on $[0,T]$, and $|f|\le K_1$, $|f'|\le K_2$, $ff'\ge0$ on "
               r"$I$; $0<\eta<1/K_2$, $d^*(k)=y(\eta k)$, $d(k+1)=d(k)+\eta f(d(k))$, $d(0)=\alpha$. Then $d(k)\le "
               r"d^*(k)$ for $0\le k\le T/\eta$; (28) $\eta f(d^*(k))\le d^*(k+1)-d^*(k)\le\eta f(d^*(k+1))$; and if "
               r"$f\ge0$ on $[\alpha,\sup_k d(k))$, with $s=\lceil K_1/f(\alpha)\rceil$: $d^*(k)\le d(k+s)$ for all "
               r"$k$ with $d^*(k)\in I$."),
    arxiv="Lemma 2.6, eq. (28)", equations=("(15)", "(24)", "(28)", "(30)"),
    check=AllOf(parts=(
        ("f = -x^(N-1)(x^N - lam), I = [alpha, zeta]: conclusion 1 and (28)",
         _lem26_part("increasing", (_N26, _LAM26, _ALPHA26, _FR, _RULE),
                     "Increasing case: lam > 0, alpha < zeta, T = T_N^+(lam, zeta, alpha), k <= T/eta.")),
        ("f = -x^(N-1)(x^N - lam), I = [alpha, zeta]: conclusion 2",
         _lem26_part("increasing", (_N26, _LAM26, _ALPHA26, _FR, _RULE),
                     "Increasing case, conclusion 2: points where d(k) passes lam^(1/N) (f < 0 there) do not meet "
                     "its hypothesis and are skipped.", conclusion2=True)),
        ("f = -x^(N-1)(x^N - lam), I = [lam^(1/N), alpha]: conclusion 1 and (28)",
         _lem26_part("decreasing", (_N26, Param("q", 0.0, 0.999, grid=(0.0, 0.9)), _ALPHA26, _FR, _RULE),
                     "Decreasing case: 0 <= lam = q alpha^N < alpha^N, T = infinity, k up to the flow time to 1% of "
                     "the gap (alpha/10 for lam = 0); conclusion 2 does not apply (f(alpha) < 0, s undefined).")),
        ("f = lam x^(N-1), lam < 0, I = [0, alpha]: conclusion 1 and (28)",
         _lem26_part("negative", (_N26, _LAM26, _ALPHA26, _FR, _RULE),
                     "Comparison flow (30) of the proof of Thm 2.3: lam = -(coordinate lam) < 0, d_-(k+1) = d_-(k) "
                     "+ eta lam d_-^(N-1), y_- closed form, k up to the time to alpha/10.")),
    )),
    plot=_lem26_plot,
)


CLAIMS = [LEM26]
