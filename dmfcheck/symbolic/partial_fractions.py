"""Partial fractions (27) and the flow-time antiderivatives U_N^+- (17) of Chou et al.

Catalogue ids: chou.eq27, chou.eq17-Uplus (printed, erratum E1), chou.eq17-Uplus.corrected,
chou.eq17-Uminus, chou.eq18-19.

Notation: ``r_l = lam^(1/N) e^(2 pi i l/N)`` (l = 1..N) are the N-th roots of ``lam > 0``. The
paper's coefficients are ``c_{N,l} = r_l^(2-N) = lam^(2/N-1) e^(4 pi i l/N)`` with

    z/(z^N - lam) = (1/N) sum_l c_{N,l}/(z - r_l),

so the residue of ``z/(z^N - lam)`` at ``r_l`` is ``c_{N,l}/N`` (what :func:`residues` returns).

Exact method: with ``lam = L^N`` (``L > 0``) and ``w = zeta_N``, every root is ``L w^l`` and every
identity becomes a polynomial identity in ``QQ(zeta_N)[z, L]``, decided by the remainder modulo
the cyclotomic polynomial ``Phi_N(w)``.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from dmfcheck.symbolic.exact import (Proof, check_int, counterexample, evaluate, exact_zero,
                                     minimal_polynomial_step, reduce_cyclotomic, sampled_zero)

lam = sp.Symbol("lam", positive=True)
mu = sp.Symbol("mu", positive=True)
z = sp.Symbol("z")
_L = sp.Symbol("L", positive=True)
_w = sp.Symbol("w")

# the catalogue's counterexample point for the printed U_N^+ (chou.eq17-Uplus, E1)
_CEX_POINT = {"lam": sp.Integer(2), "mu": sp.Rational(9, 10)}


def residues(N: int, lam=lam) -> list:
    """Residues of ``z/(z^N - lam)`` at ``r_l``, l = 1..N: ``c_{N,l}/N = lam^(2/N-1) e^(4 pi i l/N)/N``.

    Chou et al., eq. (27) (chou.eq27). The paper's ``c_{N,l}`` is N times the entry.

    >>> residues(2, 4)
    [1/2, 1/2]
    """
    N = check_int(N, 1)
    return [lam ** (sp.Rational(2, N) - 1) * sp.exp(4 * sp.pi * sp.I * l / N) / N for l in range(1, N + 1)]


def _root_sum_identity(N: int, coef_exps, root_exps, steps: list, label: str) -> bool:
    """Decide ``sum_l w^a_l/(z - L w^b_l) == N L^(N-2) z/(z^N - L^N)`` in QQ(zeta_N)(z, L).

    Two polynomial remainders modulo Phi_N(w): ``prod_l (z - L w^b_l) == z^N - L^N`` (the b_l
    run over all N-th roots) and ``sum_l w^a_l prod_{m!=l} (z - L w^b_m) == N L^(N-2) z``.
    """
    factors = [z - _L * _w ** b for b in root_exps]
    prod = reduce_cyclotomic(sp.Mul(*factors), _w, N)
    ok_prod = sp.expand(prod - (z ** N - _L ** N)) == 0
    steps.append(f"{label}: rem(prod_l (z - L w^l) - (z^N - L^N), Phi_{N}(w)) {'==' if ok_prod else '!='} 0")
    total = 0
    for i, a in enumerate(coef_exps):
        total += _w ** a * sp.Mul(*(f for j, f in enumerate(factors) if j != i))
    rem = reduce_cyclotomic(total - N * _L ** (N - 2) * z, _w, N)
    ok_sum = rem == 0
    steps.append(f"{label}: rem(sum_l w^(2l) prod_(m!=l) (z - L w^m) - N L^(N-2) z, Phi_{N}(w)) "
                 f"{'==' if ok_sum else '!='} 0")
    return ok_prod and ok_sum


def prove_partial_fractions(N: int) -> Proof:
    """Chou et al., eq. (27) (chou.eq27), exactly, for one N >= 2.

    (i) ``1/(z^(N-1)(z^N-lam)) == (1/lam)(z/(z^N-lam) - 1/z^(N-1))`` by ``cancel``;
    (ii) ``z/(z^N-lam) == (1/N) sum_l c_{N,l}/(z - r_l)`` in ``QQ(zeta_N)(z, L)``, ``lam = L^N``:
    ``c_{N,l} = L^(2-N) w^((2-N) l) = L^(2-N) w^(2l)`` since ``w^N = 1``.

    >>> prove_partial_fractions(3).holds
    True
    """
    N = check_int(N, 2)
    steps = []
    lhs = 1 / (z ** (N - 1) * (z ** N - lam))
    mid = (z / (z ** N - lam) - 1 / z ** (N - 1)) / lam
    ok1 = sp.cancel(lhs - mid) == 0
    steps.append(f"N={N}: cancel(1/(z^{N-1}(z^{N}-lam)) - (1/lam)(z/(z^{N}-lam) - 1/z^{N-1})) "
                 f"{'==' if ok1 else '!='} 0")
    steps.append(minimal_polynomial_step(N, _w))
    ok2 = _root_sum_identity(N, [(2 * l) % N for l in range(1, N + 1)], [l % N for l in range(1, N + 1)],
                             steps, f"N={N}")
    return Proof(holds=ok1 and ok2, exact=True, method="cancel + remainder mod Phi_N", steps=tuple(steps))


def prove_partial_fractions_symbolic_N() -> Proof:
    """The residue of ``z/(z^N - lam)`` at a root ``r`` is ``r^(2-N)/N``, for symbolic N (chou.eq27).

    ``z^N - lam`` has derivative ``N z^(N-1)``, non-zero at ``r != 0``, so ``r`` is a simple pole
    and the residue is ``r/(N r^(N-1))`` (L'Hopital); ``cancel`` gives ``r^(2-N)/N``. With
    ``r_l = L e^(2 pi i l/N)``: ``r_l^N = L^N`` and ``r_l^(2-N) = L^(2-N) e^(4 pi i l/N)``
    (integer exponents, ``e^(-2 pi i l) = 1``).

    >>> prove_partial_fractions_symbolic_N().exact
    True
    """
    Ns = sp.Symbol("N", integer=True, positive=True)
    l = sp.Symbol("l", integer=True)
    r = sp.Symbol("r", nonzero=True)
    steps = []
    deriv = sp.powsimp(sp.diff(z ** Ns - r ** Ns, z))
    ok0 = deriv - Ns * z ** (Ns - 1) == 0 and deriv.subs(z, r).is_zero is False
    steps.append(f"powsimp(d/dz (z^N - r^N)) = {deriv}, non-zero at z=r (r != 0, N >= 1): simple pole")
    res = (z / deriv).subs(z, r)
    ok1 = sp.cancel(res - r ** (2 - Ns) / Ns) == 0
    steps.append(f"cancel(r/(N r^(N-1)) - r^(2-N)/N) {'==' if ok1 else '!='} 0")
    rl = _L * sp.exp(2 * sp.pi * sp.I * l / Ns)
    ok2 = sp.cancel(sp.expand(rl ** Ns) - _L ** Ns) == 0
    steps.append(f"expand((L e^(2 pi i l/N))^N) - L^N {'==' if ok2 else '!='} 0: the r_l are roots of z^N = L^N")
    ok3 = sp.cancel(sp.expand(rl ** (2 - Ns)) - _L ** (2 - Ns) * sp.exp(4 * sp.pi * sp.I * l / Ns)) == 0
    steps.append(f"expand(r_l^(2-N)) - L^(2-N) e^(4 pi i l/N) {'==' if ok3 else '!='} 0 "
                 "(= lam^(2/N-1) e^(4 pi i l/N), lam = L^N)")
    return Proof(holds=ok0 and ok1 and ok2 and ok3, exact=True, method="cancel (symbolic N)", steps=tuple(steps))


def U_plus_expr(N: int, lam=lam, mu=mu, printed: bool = False):
    """``U_N^+(lam, mu)`` of Chou et al., eq. (17), as a SymPy expression (principal ``log``).

    Corrected (chou.eq17-Uplus.corrected, E1): ``-1/(2 lam) ln|lam/mu^2 - 1|`` for N = 2 and
    ``-(lam^(2/N-2)/N) sum_l Re(e^(4 pi i l/N) ln(r_l - mu)) - 1/(lam (N-2) mu^(N-2))`` for
    N >= 3. ``printed=True``: the printed form, without ``|.|`` (N = 2) and with ``+`` in front
    of the sum (N >= 3).

    >>> U_plus_expr(2, 2, 1)
    0
    """
    N = check_int(N, 2)
    lam, mu = sp.sympify(lam), sp.sympify(mu)
    if N == 2:
        u = lam / mu ** 2 - 1
        return -sp.log(u if printed else sp.Abs(u)) / (2 * lam)
    sign = 1 if printed else -1
    terms = [sp.re(sp.exp(2 * sp.pi * sp.I * a / N) * sp.log(lam ** sp.Rational(1, N) * sp.exp(2 * sp.pi * sp.I * b / N) - mu))
             for a, b in _u_plus_exponents(N)]
    return sign * lam ** (sp.Rational(2, N) - 2) / N * sp.Add(*terms) - 1 / (lam * (N - 2) * mu ** (N - 2))


def _u_plus_exponents(N: int):
    """``(a_l, b_l)`` with coefficient ``e^(2 pi i a_l/N) = e^(4 pi i l/N)`` and root ``lam^(1/N) e^(2 pi i b_l/N)``."""
    return [((2 * l) % N, l % N) for l in range(1, N + 1)]


def _termwise_derivative_lemma(steps: list) -> bool:
    """d/dmu Re(C Log(R - mu)) == Re(C/(mu - R)) for real mu, C = a+ib, R = p+iq, R != mu.

    ``Re(C Log Z) = a ln|Z| - b Arg Z`` and ``Arg(R - mu) = atan2(q, p - mu)``; the derivative
    is compared with ``Re(C/(mu - R)) = (a (mu-p) - b q)/((mu-p)^2 + q^2)`` by ``cancel``. For a
    real root (q = 0) the coefficient is real here (b = 0), and ``d ln|p - mu| = 1/(mu - p)``.
    """
    a, b, p, q, m = sp.symbols("a b p q m", real=True)
    f = a * sp.log(sp.sqrt((p - m) ** 2 + q ** 2)) - b * sp.atan2(q, p - m)
    target = (a * (m - p) - b * q) / ((m - p) ** 2 + q ** 2)
    ok = sp.cancel(sp.diff(f, m) - target) == 0
    steps.append(f"lemma: cancel(d/dmu [a ln|R-mu| - b atan2(q, p-mu)] - Re((a+ib)/(mu-R))) {'==' if ok else '!='} 0")
    return ok


def _ln_abs_lemma(steps: list) -> bool:
    """d/dx ln|u(x)| == u'/u for real u != 0, checked on both signs of u by ``cancel``."""
    x = sp.Symbol("x", real=True)
    u = sp.Function("u")(x)
    ok = all(sp.cancel(sp.diff(sp.log(s * u), x) - sp.diff(u, x) / u) == 0 for s in (1, -1))
    steps.append(f"lemma: d ln|u| = u'/u on u>0 and u<0 (ln(u), ln(-u)) {'holds' if ok else 'fails'}")
    return ok


def _numeric_check(N: int, U, point: dict, dps: int = 40):
    """SymPy's own derivative of ``U`` and the target at ``point``, evaluated in mpmath."""
    dU = sp.diff(U, mu)
    target = -1 / (mu ** (N - 1) * (mu ** N - lam))
    vals = {lam: point["lam"], mu: point["mu"]}
    lhs_v, rhs_v = evaluate(dU, vals, dps), evaluate(target, vals, dps)
    with mpmath.workdps(dps):
        lhs_v = mpmath.re(lhs_v)
    return lhs_v, rhs_v


def prove_U_plus_antiderivative(N: int, printed: bool = False) -> Proof:
    """``d/dmu U_N^+(lam, mu) == -1/(mu^(N-1) (mu^N - lam))``, Chou et al. eq. (17) (chou.eq17-Uplus).

    N = 2: the ln|u| lemma and ``cancel`` (the printed form, without ``|.|``, is real and correct
    only for ``mu < sqrt(lam)``). N >= 3: the termwise lemma
    ``d/dmu Re(c Log(r - mu)) = Re(c/(mu - r))``; the sum ``sum_l e^(4 pi i l/N)/(mu - r_l)`` is
    reduced to ``N lam^(1-2/N) mu/(mu^N - lam)`` in ``QQ(zeta_N)`` (real, so ``Re`` drops); the
    remaining rational identity is decided by ``cancel``. The corrected sign gives 0; the printed
    sign leaves ``2 mu/(lam (mu^N - lam)) != 0`` (exact refutation), with the numeric
    counterexample at ``lam = 2, mu = 9/10`` from SymPy's derivative of :func:`U_plus_expr`.

    >>> prove_U_plus_antiderivative(3).holds, prove_U_plus_antiderivative(3, printed=True).holds
    (True, False)
    """
    N = check_int(N, 2)
    steps = []
    target = -1 / (mu ** (N - 1) * (mu ** N - lam))
    U = U_plus_expr(N, printed=printed)
    label = f"N={N} ({'printed' if printed else 'corrected'})"
    if N == 2:
        ok_lemma = _ln_abs_lemma(steps)
        u = lam / mu ** 2 - 1
        dU = -sp.diff(u, mu) / u / (2 * lam)
        ok = sp.cancel(dU - target) == 0
        steps.append(f"{label}: cancel(-(1/(2 lam)) u'/u + 1/(mu (mu^2 - lam))) {'==' if ok else '!='} 0, u = lam/mu^2 - 1")
        if printed:
            steps.append("printed N=2: ln(lam/mu^2 - 1) is real only for mu < sqrt(lam); there it equals the "
                         "corrected ln|.|, so the identity is proved on 0 < mu < sqrt(lam) only")
        return Proof(holds=ok_lemma and ok, exact=True, method="cancel", steps=tuple(steps))
    ok_lemma = _termwise_derivative_lemma(steps)
    exps = _u_plus_exponents(N)
    steps.append(minimal_polynomial_step(N, _w))
    ok_sum = _root_sum_identity(N, [a for a, _ in exps], [b for _, b in exps], steps, label)
    sign = 1 if printed else -1
    # dU/dmu = sign lam^(2/N-2)/N * Re(sum) + 1/(lam mu^(N-1)), and Re(sum) = N lam^(1-2/N) mu/(mu^N - lam)
    dU = sign * mu / (lam * (mu ** N - lam)) + 1 / (lam * mu ** (N - 1))
    decided = exact_zero(dU - target)
    lhs_v, rhs_v = _numeric_check(N, U, _CEX_POINT)
    with mpmath.workdps(40):
        gap = abs(lhs_v - rhs_v)
    if decided is None or not (ok_lemma and ok_sum):
        ev = sampled_zero((sp.diff(U, mu), target), {lam: (0.1, 10), mu: (0.05, 3)}, n=64, dps=50)
        return Proof(holds=ev.holds, exact=False, method=ev.method, steps=tuple(steps) + ev.steps,
                     counterexample=ev.counterexample, worst_residual=ev.worst_residual,
                     n_points=ev.n_points, precision=ev.precision)
    ok, method = decided
    steps.append(f"{label}: {method}({'+' if sign > 0 else '-'}mu/(lam(mu^{N}-lam)) + 1/(lam mu^{N-1}) "
                 f"+ 1/(mu^{N-1}(mu^{N}-lam))) {'==' if ok else '!='} 0")
    steps.append(f"{label}: numeric cross-check of SymPy's d/dmu U at lam=2, mu=9/10 (dps 40): "
                 f"|lhs - rhs| = {mpmath.nstr(gap, 5)}")
    consistent = (gap < mpmath.mpf(10) ** -30) == ok  # SymPy's own derivative of U agrees with the verdict
    steps.append(f"{label}: numeric cross-check {'agrees with' if consistent else 'CONTRADICTS'} the exact verdict")
    cex = None
    if not ok:
        cex = counterexample({"N": N, **{k: str(v) for k, v in _CEX_POINT.items()}}, lhs_v, rhs_v, 40,
                             lhs_label="d/dmu U_N^+ (printed)", rhs_label="-1/(mu^(N-1)(mu^N-lam))")
    return Proof(holds=ok and consistent, exact=True, method=f"lemma + remainder mod Phi_{N} + {method}",
                 steps=tuple(steps), counterexample=cex)


def U_minus_expr(N: int, mu=mu):
    """``U_N^-(mu)``, Chou et al. eq. (17) (chou.eq17-Uminus): ``-ln mu`` (N=2), ``1/((N-2) mu^(N-2))`` (N>=3).

    >>> U_minus_expr(3, 2)
    1/2
    """
    N = check_int(N, 2)
    mu = sp.sympify(mu)
    return -sp.log(mu) if N == 2 else 1 / ((N - 2) * mu ** (N - 2))


def prove_U_minus_antiderivative(N: int) -> Proof:
    """``d/dmu U_N^-(mu) == -mu^(1-N)`` (chou.eq17-Uminus), and ``T_N^-`` is the flow time of (30).

    Also: along ``y_-`` of eq. (30) (``y_-' = lam y_-^(N-1)``, ``lam < 0``, ``y_-(0) = alpha``),
    ``U_N^-(y_-(t)) - U_N^-(alpha) == |lam| t`` exactly (``expand_log`` with positive symbols
    for N = 2, ``cancel`` for N >= 3).

    >>> prove_U_minus_antiderivative(2).holds
    True
    """
    from dmfcheck.symbolic import flows

    N = check_int(N, 2)
    steps = []
    ok1 = sp.cancel(sp.diff(U_minus_expr(N), mu) + mu ** (1 - N)) == 0
    steps.append(f"N={N}: cancel(d/dmu U_N^- + mu^(1-N)) {'==' if ok1 else '!='} 0")
    t, lam_, alpha = flows.t, flows.lam, flows.alpha
    y = flows.closed_form_flows()["y_minus"](t, lam_, alpha, N)
    diff_t = sp.expand_log(U_minus_expr(N, y) - U_minus_expr(N, alpha)) + lam_ * t
    ok2 = sp.cancel(diff_t) == 0
    steps.append(f"N={N}: {'expand_log+' if N == 2 else ''}cancel(U_N^-(y_-(t)) - U_N^-(alpha) - |lam| t) "
                 f"{'==' if ok2 else '!='} 0 (lam < 0)")
    return Proof(holds=ok1 and ok2, exact=True, method="cancel", steps=tuple(steps))

