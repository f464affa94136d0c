"""Claims on the constants of Chou et al.: s_N, a_N, b_N (definitions after (19), used in (20);
chou.def.sN-aN-bN) and the constant c of Theorem 1.3 (chou.def.c).

>>> from dmfcheck.numeric.closed_forms import c_root
>>> with mpmath.workdps(20):
...     print(mpmath.nstr(c_root(2), 10))  # the golden ratio
1.618033989
"""
from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.symbolic import scalar_map as sm

from ...claim import AllOf, Domain, Margin, ProofCheck, SampledCheck
from ..builder import catalogued
from ..support import exact_steps_proof, instances_proof, reference_rows, work_dps
from .catalogue import ENTRIES as CATALOGUE, PAPER
from .grids import alpha_param, lam_param, n_param


# --------------------------------------------------------------------------- chou.def.sN-aN-bN

AN_BN_REFERENCES = ((2, "0.8612", "0.0805"), (3, "1.3349", "0.6671"), (5, "1.8990", "1.2920"), (10, "2.6311", "2.0592"))


def _prove_log_arguments():
    """``1 - c_N^(1/N) > 0`` and ``1/(2 c_N) - c_N^(1/N) > 0`` for N = 2..20, exactly: ``0 < c_N < 1`` gives
    ``0 < c_N^(1/N) < 1``, and ``1/(2 c_N) = (2N-1)/(2N-2) > 1`` (rational comparisons)."""
    checks = []
    for N in range(2, 21):
        cN = Fraction(N - 1, 2 * N - 1)
        checks.append((f"N={N}: 0 < c_N = {cN} < 1 (so 0 < c_N^(1/N) < 1) and 1/(2 c_N) = {1 / (2 * cN)} > 1",
                       0 < cN < 1 and 1 / (2 * cN) > 1))
    return exact_steps_proof("exact rational comparisons", checks)


def _constants_rows():
    rows = []
    for N, a_ref, b_ref in AN_BN_REFERENCES:
        rows += reference_rows(lambda N: cf.a_N(N), [({"N": N}, a_ref)], "a_N")
        rows += reference_rows(lambda N: cf.b_N(N), [({"N": N}, b_ref)], "b_N")
    rows += reference_rows(cf.s_N, [({"N": 2, "lam": 1, "alpha": 0.1}, "6")], "s_N")
    return rows


def _table_rows():
    """a_N, b_N for N = 2..20 in mpmath: each must be a finite positive number (the logs are defined)."""
    rows = []
    with mpmath.workdps(30):
        for N in range(2, 21):
            for name, fn in (("a_N", cf.a_N), ("b_N", cf.b_N)):
                v = fn(N)
                ok = mpmath.isfinite(v) and v > 0
                rows.append(({"N": N, "constant": name}, mpmath.mpf(1 if ok else 0), mpmath.mpf(1), mpmath.mpf("0.5"),
                             f"{name} = {mpmath.nstr(v, 12)} is finite and > 0", "true"))
    return rows


def _s_bound_margin(p, ctx):
    """Lemma 2.6's ``s = ceil(max_[alpha, zeta] |f| / f(alpha))`` with ``f(x) = x^(N-1)(lam - x^N)``, whose
    maximum on [alpha, zeta] is f(zeta) (chou.def.cN-zeta), is at most ``s_N(lam, alpha)``."""
    N = p["N"]
    with mpmath.workdps(work_dps(ctx, 30)):
        lam, alpha = mpmath.mpf(p["lam"]), mpmath.mpf(p["alpha"])
        f = lambda x: x ** (N - 1) * (lam - x**N)  # noqa: E731
        s = mpmath.ceil(f(cf.zeta(N, lam)) / f(alpha))
        sN = cf.s_N(N, lam, alpha)
        return Margin(sN - s, s, sN, "s = ceil(f(zeta)/f(alpha)) (Lemma 2.6)", "s_N(lam, alpha)", scale=sN)


def _resolve_below_zeta(c):
    with mpmath.workdps(30):
        return dict(c) if c["alpha"] < cf.zeta(c["N"], c["lam"]) else None


DEF_SN_AN_BN = catalogued(
    CATALOGUE, PAPER, "chou.def.sN-aN-bN",
    arxiv="definitions after (19)", equations=("(20)",),
    statement=(r"$s_N(\lambda,\alpha)=\left\lceil c_N^{1-1/N}\left(\lambda^{1/N}/\alpha\right)^{N-1}\right\rceil$, "
               r"$a_N=\left|\ln\left(1-c_N^{1/N}\right)\right|$, "
               r"$b_N=\left|\ln\left(\frac{1}{2c_N}-c_N^{1/N}\right)\right|$; "
               r"the arguments of both logarithms are positive (the constants are defined) for every $N\ge2$, and "
               r"$s_N$ bounds the shift $s=\lceil\max_{[\alpha,\zeta]}|f|/f(\alpha)\rceil$ of Lemma 2.6 when "
               r"$\alpha<\zeta$."),
    check=AllOf(parts=(
        ("log arguments positive, N = 2..20", ProofCheck(_prove_log_arguments, "exact rational comparisons")),
        ("table N = 2..20 (mpmath)", ProofCheck(
            lambda: instances_proof("mpmath table of a_N, b_N", _table_rows(), 30, "a_N, b_N finite and > 0"),
            "a_N, b_N for N = 2..20 at 30 digits")),
        ("reference values", ProofCheck(
            lambda: instances_proof("catalogue reference values", _constants_rows(), 30, "a_N, b_N, s_2(1, 0.1)"),
            "(a_N, b_N) for N = 2, 3, 5, 10 to 4 decimals; s_2(1, 0.1) = 6")),
        ("s_N bounds Lemma 2.6's s", SampledCheck(
            domain=Domain(params=(n_param((2, 3, 4, 5, 7, 10)), lam_param(lo=1e-3, hi=20.0), alpha_param()),
                          resolve=_resolve_below_zeta,
                          description="N in {2,3,4,5,7,10}, lam in [1e-3, 20], alpha in [0.02, 1.5] with alpha < zeta"),
            margin=_s_bound_margin, near_tie=0.0, tolerance="exact integers: s <= s_N (ratio at >= 30 digits)")),
    )),
)


# --------------------------------------------------------------------------- chou.def.c

C_REFERENCES = (({"N": 2}, "1.6180339887"), ({"N": 3}, "1.4655712319"), ({"N": 4}, "1.3802776"),
                ({"N": 5}, "1.3247179572"), ({"N": 10}, "1.1974914336"))


#: SymPy ``nroots`` is run for N <= NROOTS_MAX (it needs about 1 s per degree beyond 20; the Sturm
#: counts of the exact part locate the root in (1, 2) for every N = 2..30).
NROOTS_MAX = 20


def _c_root_rows():
    """c_root at 40 digits, N = 2..30: in (1, 2), satisfying the identities to 1e-30, and (N <= 20)
    equal to the single positive root that SymPy ``nroots`` finds."""
    rows = []
    c = sp.Symbol("c")
    tol, half = mpmath.mpf("1e-30"), mpmath.mpf("0.5")  # half: tolerance of the 0/1 (false/true) rows
    for N in range(2, 31):
        P = {"N": N}
        with mpmath.workdps(40):
            r = cf.c_root(N)
            rows += [(P, mpmath.mpf(1 if 1 < r < 2 else 0), mpmath.mpf(1), half, "c_root in (1, 2)", "true"),
                     (P, (r - 1) * r ** (N - 1), mpmath.mpf(1), tol, "(c-1) c^(N-1)", "1"),
                     (P, r ** (N - 1), 1 / (r - 1), tol, "c^(N-1)", "1/(c-1)"),
                     (P, (r - 1) ** 2, r ** (2 - 2 * N), tol, "(c-1)^2", "c^(2-2N)")]
            if N <= NROOTS_MAX:
                roots = sp.Poly(c**N - c ** (N - 1) - 1, c).nroots(n=40)
                positive = [mpmath.mpf(str(sp.re(z))) for z in roots if abs(sp.im(z)) < 1e-30 and sp.re(z) > 0]
                rows += [(P, mpmath.mpf(len(positive)), mpmath.mpf(1), half, "positive roots (nroots)", "1"),
                         (P, r, positive[0] if positive else mpmath.mpf(0), tol, "c_root", "positive root by nroots")]
    return rows


def _c_reference_rows():
    rows = reference_rows(cf.c_root, C_REFERENCES, "c_root")
    rows += reference_rows(lambda N: mpmath.lambertw(N - 1).real / (N - 1), [({"N": 10}, "0.1866")],
                           "W(N-1)/(N-1) (asymptotic form of c - 1)")
    return rows


DEF_C = catalogued(
    CATALOGUE, PAPER, "chou.def.c",
    arxiv="Theorem 1.3 (the constant c)", equations=("(13)",),
    statement=(r"$c\in(1,2)$ is the maximal real solution of $1=(c-1)c^{N-1}$, the unique positive root of "
               r"$c^N-c^{N-1}-1$; $c^{N-1}=\frac{1}{c-1}$ and $(c-1)^2=c^{2-2N}$; $c-1\approx W(N-1)/(N-1)$."),
    check=AllOf(parts=(
        ("sympy: Descartes + Sturm + identities, N = 2..30",
         ProofCheck(lambda: [sm.prove_c_root(N) for N in range(2, 31)], "SymPy, exact, N = 2..30")),
        ("mpmath root and nroots", ProofCheck(
            lambda: instances_proof("mpmath c_root (dps 40), identities; SymPy nroots", _c_root_rows(), 40,
                                    "c in (1,2), identities to 1e-30"),
            f"c_root and the identities to 1e-30 at 40 digits, N = 2..30; nroots for N = 2..{NROOTS_MAX}")),
        ("reference values", ProofCheck(
            lambda: instances_proof("catalogue reference values", _c_reference_rows(), 30, "c_N, and W(9)/9"),
            "c for N = 2, 3, 4, 5, 10 and the Lambert-W approximation W(9)/9 = 0.1866")),
    )),
)


CLAIMS = [DEF_SN_AN_BN, DEF_C]
