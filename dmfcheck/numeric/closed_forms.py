"""Closed forms of Chou et al. in mpmath: U_N^+-, T_N^+-, the constants and the scalar map.

Every function computes at the caller's working precision (``with mpmath.workdps(d):``) and
returns an ``mpf``; parameters may be ``int``, ``float``, ``str`` or ``mpf``. ``N`` is a Python
int. Out-of-domain input raises :class:`~dmfcheck.numeric.errors.DomainError`.

Differences of the flow-time antiderivatives cancel (``T_N^+`` for nearby ``mu``, ``alpha``,
``U_N^+`` next to the root ``lam^(1/N)``). Such sums are evaluated by
:func:`sum_with_guard`, which raises the working precision by as many bits as the
cancellation destroys and rounds the result back to the caller's precision.

Catalogue ids: chou.eq17-Uminus, chou.eq17-Uplus, chou.eq17-Uplus.corrected, chou.eq18-19,
chou.def.cN-zeta, chou.def.sN-aN-bN, chou.def.c, chou.eq15.
"""
import operator

import mpmath
from mpmath import mp

from dmfcheck.numeric.errors import DomainError

_GUARD_BITS = 24
_MARGIN_BITS = 10


def check_N(N, minimum=2):
    """Return ``N`` as an int, or raise DomainError unless it is an integer ``>= minimum``."""
    if isinstance(N, bool):
        raise DomainError(f"N must be an integer >= {minimum}, got {N!r}")
    try:
        n = operator.index(N)
    except TypeError:
        raise DomainError(f"N must be an integer >= {minimum}, got {N!r}") from None
    if n < minimum:
        raise DomainError(f"N must be an integer >= {minimum}, got {n}")
    return n


def to_mpf(x, name):
    """Convert ``x`` to a finite mpf at the working precision, or raise DomainError."""
    try:
        v = mpmath.mpf(x)
    except (TypeError, ValueError):
        raise DomainError(f"{name} must be a real number, got {x!r}") from None
    if not mpmath.isfinite(v):
        raise DomainError(f"{name} must be finite, got {x!r}")
    return v


def positive(x, name):
    """Convert ``x`` to an mpf and require ``x > 0``."""
    v = to_mpf(x, name)
    if v <= 0:
        raise DomainError(f"{name} must be > 0, got {mpmath.nstr(v, 15)}")
    return v


def sum_with_guard(terms_fn):
    """Sum the terms returned by ``terms_fn()`` correctly rounded despite cancellation.

    ``terms_fn()`` evaluates at the current (raised) precision and returns
    ``(terms, lost_bits)``: real terms, each accurate to a few ulps, and the bits lost inside
    them (e.g. in ``lam^(1/N) - mu``). The precision is raised until the guard bits exceed
    the bits lost in the sum and inside the terms; the sum is then rounded to the caller's
    precision. A sum that is exactly zero returns zero.

    >>> with mpmath.workdps(15):
    ...     print(sum_with_guard(lambda: ([mpmath.exp(mpmath.mpf('1e-20')), -1], 0)))
    1.0e-20
    """
    prec0 = mp.prec
    extra = _GUARD_BITS
    while True:
        with mp.workprec(prec0 + extra):
            terms, lost_inside = terms_fn()
            total = mpmath.fsum(terms)
            scale = max(abs(t) for t in terms)
        if total == 0 or scale == 0:
            return mpmath.mpf(0)
        lost = max(mpmath.mag(scale) - mpmath.mag(total), lost_inside, 0)
        if lost + _MARGIN_BITS <= extra or extra > 16 * prec0 + 4096:
            return +total
        extra = lost + _GUARD_BITS + _MARGIN_BITS


def lam_plus_root(N, lam):
    """``lambda_+^(1/N) = max(lambda, 0)^(1/N)``, the limit of (15) (chou.lem2.2).

    >>> with mpmath.workdps(15):
    ...     print(lam_plus_root(3, 8), lam_plus_root(2, -1))
    2.0 0.0
    """
    N = check_N(N, 1)
    lam = to_mpf(lam, "lam")
    if lam <= 0:
        return mpmath.mpf(0)
    return mpmath.root(lam, N)


def U_minus(N, mu):
    """``U_N^-(mu)``, Chou et al. eq. (17) (chou.eq17-Uminus).

    ``-ln mu`` for N = 2 and ``1/((N-2) mu^(N-2))`` for N >= 3; mu > 0.

    >>> with mpmath.workdps(20):
    ...     print(U_minus(2, 0.5), U_minus(4, 0.5))
    0.69314718055994530942 2.0
    """
    N = check_N(N)
    mu = positive(mu, "mu")
    if N == 2:
        return -mpmath.log(mu)
    return 1 / ((N - 2) * mu ** (N - 2))


def T_minus(N, mu, alpha):
    """``T_N^-(mu, alpha) = U_N^-(mu) - U_N^-(alpha)``, eq. (18)-(19) (chou.eq18-19).

    >>> with mpmath.workdps(20):
    ...     print(T_minus(3, '0.1', '0.5'))
    8.0
    """
    N = check_N(N)
    mu = positive(mu, "mu")
    alpha = positive(alpha, "alpha")
    if mu == alpha:
        return mpmath.mpf(0)
    if N == 2:
        return sum_with_guard(lambda: ([mpmath.log(alpha), -mpmath.log(mu)], 0))
    return sum_with_guard(lambda: ([U_minus(N, mu), -U_minus(N, alpha)], 0))


def _check_lam_mu(N, lam, mu):
    lam = positive(lam, "lam")
    mu = positive(mu, "mu")
    if mu == mpmath.root(lam, N):
        raise DomainError(f"mu = lam^(1/N) is the equilibrium of the flow; U_N^+ is infinite there (N={N})")
    return lam, mu


def _U_plus_terms(N, lam, mu, log_sign):
    """Terms of U_N^+ (eq. (17)) whose sum is U; ``log_sign`` = -1 corrected (E1), +1 printed.

    Returns ``(terms, lost_bits)``; the lost bits are those of ``lam^(1/N) - mu``.
    """
    r = mpmath.root(lam, N)
    lost = max(mpmath.mag(max(r, mu)) - mpmath.mag(r - mu), 0)
    if N == 2:
        # ln|x - 1| through log1p, so that a tiny lam/mu^2 (or mu^2/lam) keeps its digits
        x = lam / mu**2
        log_gap = mpmath.log1p(-x) if x < 1 else mpmath.log(x) + mpmath.log1p(-1 / x)
        return [-log_gap / (2 * lam)], lost
    coeff = log_sign * lam ** (mpmath.mpf(2) / N - 2) / N
    terms = []
    for ell in range(1, N + 1):
        theta = mpmath.mpf(2 * ell) / N
        phi = mpmath.mpf(4 * ell) / N
        re = r * mpmath.cospi(theta) - mu
        im = r * mpmath.sinpi(theta)
        cos_phi, sin_phi = mpmath.cospi(phi), mpmath.sinpi(phi)
        # Re(e^{i phi} Log z) = cos(phi) ln|z| - sin(phi) Arg z, principal Arg in (-pi, pi].
        terms.append(coeff * cos_phi * mpmath.log(mpmath.hypot(re, im)))
        if sin_phi != 0:
            terms.append(-coeff * sin_phi * mpmath.atan2(im, re))
    terms.append(-1 / (lam * (N - 2) * mu ** (N - 2)))
    return terms, lost


def U_plus(N, lam, mu):
    """``U_N^+(lambda, mu)``, Chou et al. eq. (17), sign corrected; see chou.eq17-Uplus.corrected.

    N = 2: ``-(1/(2 lam)) ln|lam/mu^2 - 1|``. N >= 3:
    ``-(lam^(2/N-2)/N) sum_{l=1}^N Re(e^(4 pi i l/N) Log(lam^(1/N) e^(2 pi i l/N) - mu))
    - 1/(lam (N-2) mu^(N-2))`` with the principal Log (Im in (-pi, pi]); the printed paper has
    ``+`` in front of the sum (erratum E1). Domain: lam > 0, mu > 0, mu != lam^(1/N); for
    mu > lam^(1/N) the l = N term is ``ln|lam^(1/N) - mu|`` (its weight is 1). The defining
    property is ``dU/dmu = -1/(mu^(N-1)(mu^N - lam))``.

    >>> with mpmath.workdps(20):
    ...     print(U_plus(3, 2, '0.9'))
    -0.91479309495206967231
    """
    N = check_N(N)
    lam, mu = _check_lam_mu(N, lam, mu)
    return sum_with_guard(lambda: _U_plus_terms(N, lam, mu, -1))


def U_plus_printed(N, lam, mu):
    """``U_N^+(lambda, mu)`` of Chou et al. eq. (17) AS PRINTED (chou.eq17-Uplus; erratum E1).

    N >= 3: ``+(lam^(2/N-2)/N) sum_l Re(...) - 1/(lam (N-2) mu^(N-2))`` (the printed typo
    ``lam^(N/N-2)`` read as ``lam^(2/N-2)``). N = 2: the printed
    ``-(1/(2 lam)) ln(lam/mu^2 - 1)`` with the principal log; for mu > sqrt(lam) the log is
    complex and this function returns its REAL part, ``-(1/(2 lam)) ln|lam/mu^2 - 1|``, which
    coincides with the corrected form (the paper's N = 2 formula is right for mu < sqrt(lam)).

    >>> with mpmath.workdps(20):
    ...     print(U_plus_printed(3, 2, '0.9'))
    -0.1963180161590414388
    """
    N = check_N(N)
    lam, mu = _check_lam_mu(N, lam, mu)
    return sum_with_guard(lambda: _U_plus_terms(N, lam, mu, +1))


def _T_plus_generic(N, lam, mu, alpha, log_sign):
    N = check_N(N)
    lam, mu = _check_lam_mu(N, lam, mu)
    lam, alpha = _check_lam_mu(N, lam, alpha)
    r = mpmath.root(lam, N)
    if (mu < r) != (alpha < r):
        raise DomainError("mu and alpha lie on opposite sides of lam^(1/N): the flow time between them is infinite")
    if mu == alpha:
        return mpmath.mpf(0)

    def terms():
        t_mu, lost_mu = _U_plus_terms(N, lam, mu, log_sign)
        t_alpha, lost_alpha = _U_plus_terms(N, lam, alpha, log_sign)
        return t_mu + [-t for t in t_alpha], max(lost_mu, lost_alpha)

    return sum_with_guard(terms)


def T_plus(N, lam, mu, alpha):
    """``T_N^+(lambda, mu, alpha) = U_N^+(lambda, mu) - U_N^+(lambda, alpha)``, eq. (18)-(19).

    Uses the corrected U_N^+ (chou.eq17-Uplus.corrected, erratum E1), so by Lemma 2.4 it is
    the time the flow (24) needs from ``alpha`` to ``mu`` (chou.eq18-19). ``mu`` and ``alpha``
    must lie on the same side of ``lam^(1/N)``. The difference is summed term by term with
    enough guard bits to survive the cancellation (tiny alpha, large N, mu close to alpha).

    >>> with mpmath.workdps(20):
    ...     print(T_plus(3, 2, '0.9', '0.3'))
    1.2204334738573465202
    """
    return _T_plus_generic(N, lam, mu, alpha, -1)


def T_plus_printed(N, lam, mu, alpha):
    """``T_N^+`` built from the printed U_N^+ (eq. (17) as printed; chou.eq17-Uplus, E1).

    >>> with mpmath.workdps(12):
    ...     print(T_plus_printed(3, 2, '0.9', '0.3'))
    1.00178874836
    """
    return _T_plus_generic(N, lam, mu, alpha, +1)


def c_N(N):
    """``c_N = (N-1)/(2N-1)`` (chou.def.cN-zeta); ``zeta = (c_N lam)^(1/N)`` is the inflection point.

    >>> with mpmath.workdps(15):
    ...     print(c_N(3))
    0.4
    """
    N = check_N(N)
    return mpmath.mpf(N - 1) / (2 * N - 1)


def zeta(N, lam):
    """``zeta = (c_N lam)^(1/N)``, the inflection point of the flow (24) (chou.def.cN-zeta); lam >= 0.

    >>> with mpmath.workdps(20):
    ...     print(zeta(2, 3))
    1.0
    """
    N = check_N(N)
    lam = to_mpf(lam, "lam")
    if lam < 0:
        raise DomainError(f"zeta needs lam >= 0, got {mpmath.nstr(lam, 15)}")
    return mpmath.root(c_N(N) * lam, N)


def s_N(N, lam, alpha):
    """``s_N(lam, alpha) = ceil(c_N^(1-1/N) (lam^(1/N)/alpha)^(N-1))`` (chou.def.sN-aN-bN); an integer-valued mpf.

    >>> with mpmath.workdps(15):
    ...     print(s_N(2, 1, 0.1))
    6.0
    """
    N = check_N(N)
    lam = positive(lam, "lam")
    alpha = positive(alpha, "alpha")
    cn = c_N(N)
    return mpmath.ceil(cn ** (1 - mpmath.mpf(1) / N) * (mpmath.root(lam, N) / alpha) ** (N - 1))


def a_N(N):
    """``a_N = |ln(1 - c_N^(1/N))|`` (chou.def.sN-aN-bN).

    >>> with mpmath.workdps(15):
    ...     print(mpmath.nstr(a_N(2), 4))
    0.8612
    """
    N = check_N(N)
    arg = 1 - mpmath.root(c_N(N), N)
    if arg <= 0:
        raise DomainError(f"a_N is undefined for N={N}: 1 - c_N^(1/N) <= 0")
    return abs(mpmath.log(arg))


def b_N(N):
    """``b_N = |ln(1/(2 c_N) - c_N^(1/N))|`` (chou.def.sN-aN-bN).

    >>> with mpmath.workdps(15):
    ...     print(mpmath.nstr(b_N(3), 4))
    0.6671
    """
    N = check_N(N)
    cn = c_N(N)
    arg = 1 / (2 * cn) - mpmath.root(cn, N)
    if arg <= 0:
        raise DomainError(f"b_N is undefined for N={N}: 1/(2 c_N) - c_N^(1/N) <= 0")
    return abs(mpmath.log(arg))


def c_root(N):
    """The constant ``c`` of Thm 1.3: the root in (1, 2) of ``(c-1) c^(N-1) = 1`` (chou.def.c); N >= 2.

    >>> with mpmath.workdps(15):
    ...     print(mpmath.nstr(c_root(2), 11), mpmath.nstr(c_root(3), 11))
    1.6180339887 1.4655712319
    """
    N = check_N(N)
    with mp.workprec(mp.prec + 10):
        c = mpmath.findroot(lambda x: (x - 1) * x ** (N - 1) - 1, (mpmath.mpf(1), mpmath.mpf(2)), solver="anderson")
    return +c


def g_map(N, lam, eta, x):
    """The scalar GD map ``g(x) = x - eta x^(N-1)(x^N - lam)``, Chou et al. eq. (15) (chou.eq15).

    >>> with mpmath.workdps(15):
    ...     print(g_map(2, 1, '0.3', '0.5'))
    0.6125
    """
    N = check_N(N, 1)
    lam = to_mpf(lam, "lam")
    eta = to_mpf(eta, "eta")
    x = to_mpf(x, "x")
    p = x ** (N - 1)
    return x - eta * p * (p * x - lam)
