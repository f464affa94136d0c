"""The real form of the flow time, Chou et al. Appendix B (chou.appB, erratum E3), exactly.

Corrected form (chou.appB.corrected), ``N >= 3``, ``lam > 0``, ``Lam = lam^(1/N)``,
``theta_l = 2 pi l/N``, ``K = floor((N-1)/2)``::

    t = lam^(2/N-2)/N [ h_N(alpha, y)
          + sum_{l=1}^{K} cos(2 theta_l) ln(|alpha - Lam e^(i theta_l)|^2 / |y - Lam e^(i theta_l)|^2)
          + 2 sum_{l=1}^{K} sin(2 theta_l) (atan((y - Lam cos theta_l)/(Lam sin theta_l))
                                           - atan((alpha - Lam cos theta_l)/(Lam sin theta_l))) ]
        + 1/(lam (N-2)) (alpha^(2-N) - y^(2-N)),

    h_N = ln|(Lam^2 - alpha^2)/(Lam^2 - y^2)| (N even),  ln|(Lam - alpha)/(Lam - y)| (N odd).

As printed (E3): the sums run to ``floor(N/2 - 1)``, the first arctan has the denominator
``lam^(2/N) sin^2(theta_l)``, and ``h_N`` (N even) reads ``lam^2 N`` where ``Lam^2`` belongs; it
is taken literally here as ``lam^2 * N``. (Read as a garbled ``lam^(2/N)``, that defect vanishes,
and the printed form coincides with the corrected one for N = 4, where ``sin(2 theta_1) = 0``.)

Exact method: the form is built with symbols ``C_l = cos theta_l``, ``S_l = sin theta_l``
(``cos 2theta = 2C^2 - 1``, ``sin 2theta = 2SC``), differentiated in y (``d ln|u| = u'/u``,
``d atan``), and the numerator of ``dt/dy + 1/(y^(N-1)(y^N - lam))`` is mapped into
``QQ(zeta_4N)`` by ``C_l = (W^(4l) + W^(-4l))/2``, ``S_l = (W^(4l) - W^(-4l))/(2i)``, ``i = W^N``,
``W = zeta_4N``, and reduced modulo ``Phi_4N(W)``.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from dmfcheck.symbolic.exact import Proof, check_int, counterexample, evaluate, minimal_polynomial_step

lam = sp.Symbol("lam", positive=True)
alpha = sp.Symbol("alpha", positive=True)
y = sp.Symbol("y", positive=True)
_L = sp.Symbol("L", positive=True)
_W = sp.Symbol("W")

# the catalogue's point (chou.appB, E3): N = 3, lam = 2, alpha = 0.3, y = 0.9
_CEX = {"lam": sp.Integer(2), "alpha": sp.Rational(3, 10), "y": sp.Rational(9, 10)}


def _n_terms(N: int, printed: bool) -> int:
    return (N // 2 - 1) if printed else (N - 1) // 2


def _form(N: int, lam_, Lam, alpha_, y_, trig, printed: bool):
    """The real form with ``trig(l) = (cos theta_l, sin theta_l)``; ``Lam = lam^(1/N)``."""
    if N % 2 == 0:
        a2 = lam_ ** 2 * N if printed else Lam ** 2
        h = sp.log(sp.Abs((a2 - alpha_ ** 2) / (a2 - y_ ** 2)))
    else:
        h = sp.log(sp.Abs((Lam - alpha_) / (Lam - y_)))
    logs, atans = 0, 0
    for l in range(1, _n_terms(N, printed) + 1):
        C, S = trig(l)
        cos2, sin2 = 2 * C ** 2 - 1, 2 * S * C
        logs += cos2 * sp.log(((alpha_ - Lam * C) ** 2 + Lam ** 2 * S ** 2) / ((y_ - Lam * C) ** 2 + Lam ** 2 * S ** 2))
        den1 = Lam ** 2 * S ** 2 if printed else Lam * S
        atans += sin2 * (sp.atan((y_ - Lam * C) / den1) - sp.atan((alpha_ - Lam * C) / (Lam * S)))
    bracket = h + logs + 2 * atans
    return lam_ ** (sp.Rational(2, N) - 2) / N * bracket + (alpha_ ** (2 - N) - y_ ** (2 - N)) / (lam_ * (N - 2))


def real_form_time(N: int, lam=lam, alpha=alpha, y=y, printed: bool = False):
    """The flow time from ``alpha`` to ``y`` in the real form of Appendix B (chou.appB), SymPy.

    Corrected (default) or as printed (``printed=True``, erratum E3; see the module docstring).
    Equals ``T_N^+(lam, y, alpha)`` (corrected U, E1) on intervals free of ``lam^(1/N)``.

    >>> round(float(real_form_time(3, 2, sp.Rational(3, 10), sp.Rational(9, 10))), 10)
    1.2204334739
    """
    N = check_int(N, 3)
    lam, alpha, y = sp.sympify(lam), sp.sympify(alpha), sp.sympify(y)
    Lam = lam ** sp.Rational(1, N)
    return _form(N, lam, Lam, alpha, y, lambda l: (sp.cos(2 * sp.pi * l / N), sp.sin(2 * sp.pi * l / N)), printed)


def _cyclotomic_images(N: int, R, phi) -> dict:
    """``{C_l: ..., S_l: ...}`` as elements of ``QQ[W, y, L]`` reduced modulo ``Phi_4N(W)``."""
    M = 4 * N
    Wr = R(_W)

    def wp(k):
        return Wr ** (k % M)

    half = sp.Rational(1, 2)
    out = {}
    for l in range(1, N):
        out[f"C{l}"] = ((wp(4 * l) + wp(-4 * l)) * half).rem(phi)
        out[f"S{l}"] = ((wp(4 * l) - wp(-4 * l)) * wp(3 * N) * half).rem(phi)  # 1/(2i) = W^(3N)/2
    return out


def _numerator(expr, gens):
    """Numerator of ``expr`` (a sum of rational terms) over the lcm of the terms' denominators.

    Each term is put over its own denominator by ``together``; the sum is formed in the sparse
    ring ``QQ[gens]`` (exact), which is much faster than expanding one big ``together``.
    """
    R, *_ = sp.ring(gens, sp.QQ)
    fracs = []
    for term in sp.Add.make_args(expr):
        n, d = sp.fraction(sp.together(term))
        fracs.append((R(n), R(d)))
    den = R(1)
    for _, d in fracs:
        den = den.lcm(d)
    return sum((n * den.exquo(d) for n, d in fracs), R(0))


def prove_real_form_derivative(N: int, printed: bool = False) -> Proof:
    """``d/dy`` of the App. B real form equals ``-1/(y^(N-1)(y^N - lam))`` (chou.appB), N >= 3.

    Exact (see the module docstring): the numerator of the residual, a polynomial in
    ``y, L, C_l, S_l`` (``lam = L^N``), is 0 in ``QQ(zeta_4N)[y, L]`` for the corrected form; for
    the printed form a non-zero remainder refutes it exactly, and the counterexample (SymPy's
    derivative of :func:`real_form_time` at ``lam = 2, y = 9/10``) also lists the flow times from
    ``alpha = 3/10`` of both forms (catalogue: corrected 1.2204334739, printed 1.2408766944 at N = 3).
    The corrected form also vanishes at ``y = alpha`` (for any values of ``C_l, S_l``). The
    printed form is refuted for every N >= 3 with ``lam^2 N`` read literally; read as
    ``lam^(2/N)`` it would be correct at N = 4 only.

    >>> prove_real_form_derivative(3).holds, prove_real_form_derivative(3, printed=True).holds
    (True, False)
    """
    N = check_int(N, 3)
    steps = []
    K = _n_terms(N, printed)
    Cs = list(sp.symbols(f"C1:{K + 1}", real=True))
    Ss = list(sp.symbols(f"S1:{K + 1}", real=True))
    form = _form(N, _L ** N, _L, alpha, y, lambda l: (Cs[l - 1], Ss[l - 1]), printed)
    ok_zero = True
    if not printed:
        ok_zero = sp.cancel(form.subs(y, alpha)) == 0
        steps.append(f"N={N}: cancel(t(alpha, alpha)) {'==' if ok_zero else '!='} 0")
    form = form.replace(sp.Abs, lambda a: a)  # d ln|u| = u'/u on either sign of u
    resid = sp.diff(form, y) + 1 / (y ** (N - 1) * (y ** N - _L ** N))
    label = f"N={N} ({'printed' if printed else 'corrected'}, {K} conjugate pair(s))"
    num = _numerator(resid, [y, _L] + Cs + Ss)
    steps.append(f"{label}: t' from d ln|u| = u'/u and d atan; numerator of t' + 1/(y^(N-1)(y^N - L^N)) "
                 f"has {len(num.terms())} terms in y, L, C_l, S_l")
    steps.append(minimal_polynomial_step(4 * N, _W))
    R, Wr, yr, Lr = sp.ring([_W, y, _L], sp.QQ)
    phi = R(sp.cyclotomic_poly(4 * N, _W))
    images = [_cyclotomic_images(N, R, phi)[g.name] for g in Cs + Ss]
    total = R(0)
    for monom, coeff in num.terms():
        term = R(coeff) * yr ** monom[0] * Lr ** monom[1]
        for img, e in zip(images, monom[2:]):
            if e:
                term = (term * img ** e).rem(phi)
        total += term
    total = total.rem(phi)
    ok = total == 0
    steps.append(f"{label}: rem(numerator with C_l, S_l in QQ(zeta_{4*N}), Phi_{4*N}(W)) {'==' if ok else '!='} 0")
    cex = None if ok else _counterexample(N)
    return Proof(holds=ok and ok_zero, exact=True, method=f"ring arithmetic + remainder mod Phi_{4*N}",
                 steps=tuple(steps), counterexample=cex)


def _counterexample(N: int, dps: int = 40) -> dict:
    """The printed derivative against the target at ``lam = 2, y = 9/10``, and both flow times."""
    vals = {lam: _CEX["lam"], y: _CEX["y"], alpha: _CEX["alpha"]}
    printed, corrected = real_form_time(N, printed=True), real_form_time(N)
    lhs_v = evaluate(sp.diff(printed, y), vals, dps)
    rhs_v = evaluate(-1 / (y ** (N - 1) * (y ** N - lam)), vals, dps)
    with mpmath.workdps(dps):
        t_p, t_c = evaluate(printed, vals, dps), evaluate(corrected, vals, dps)
        return counterexample({"N": N, "lam": "2", "y": "9/10"}, mpmath.re(lhs_v), rhs_v, dps,
                              lhs_label="d/dy t (printed App. B)", rhs_label="-1/(y^(N-1)(y^N-lam))",
                              t_printed_from_alpha_3_10=mpmath.nstr(mpmath.re(t_p), 20),
                              t_corrected_from_alpha_3_10=mpmath.nstr(mpmath.re(t_c), 20))
