"""The real form of the flow time, Chou et al. Appendix B (chou.appB; erratum E3), in mpmath.

With ``theta_l = 2 pi l/N`` and ``R = lam^(1/N)`` the corrected form (chou.appB.corrected) is

    t = lam^(2/N-2)/N * [ h_N(alpha, y)
          + sum_{l=1}^{floor((N-1)/2)} cos(2 theta_l) ln |(alpha - R e^(i theta_l))/(y - R e^(i theta_l))|^2
          + 2 sum_{l=1}^{floor((N-1)/2)} sin(2 theta_l) (arctan((y - R cos theta_l)/(R sin theta_l))
                                                      - arctan((alpha - R cos theta_l)/(R sin theta_l))) ]
        + (alpha^(2-N) - y^(2-N))/(lam (N-2)),

    h_N = ln|(lam^(2/N) - alpha^2)/(lam^(2/N) - y^2)| (N even),  ln|(R - alpha)/(R - y)| (N odd).

It equals ``T_N^+(lam, y, alpha)`` with the corrected U_N^+ (E1). The paper prints three defects,
selectable one by one in :func:`flow_time_real_form_printed`:

* ``"sum_limit"``: both sums run to ``floor(N/2 - 1)`` instead of ``floor((N-1)/2)`` (for odd N
  this drops the pair l = (N-1)/2; for even N the two limits agree);
* ``"h_even"``: h_N for even N contains the printed ``\\lambda^2 N``, read as LaTeX renders it,
  ``lam^2 * N``, instead of ``lam^(2/N)`` (odd N is unaffected);
* ``"arctan_denominator"``: the first arctan has denominator ``lam^(2/N) sin^2(theta_l)``
  instead of ``R sin(theta_l)``.
"""
import mpmath

from dmfcheck.numeric.closed_forms import check_N, positive, sum_with_guard
from dmfcheck.numeric.errors import DomainError

PRINTED_DEFECTS = ("sum_limit", "h_even", "arctan_denominator")


def _real_form_terms(N, lam, alpha, y, defects):
    R = mpmath.root(lam, N)
    lost = max(mpmath.mag(max(R, alpha, y)) - mpmath.mag(min(abs(R - alpha), abs(R - y))), 0)
    if N % 2 == 0:
        base = lam**2 * N if "h_even" in defects else R**2
        h = [mpmath.log(abs(base - alpha**2)), -mpmath.log(abs(base - y**2))]
    else:
        h = [mpmath.log(abs(R - alpha)), -mpmath.log(abs(R - y))]
    bracket = list(h)
    limit = (N // 2 - 1) if "sum_limit" in defects else (N - 1) // 2
    for ell in range(1, limit + 1):
        theta = mpmath.mpf(2 * ell) / N
        c, s = mpmath.cospi(theta), mpmath.sinpi(theta)
        c2, s2 = mpmath.cospi(2 * theta), mpmath.sinpi(2 * theta)
        w_re, w_im = R * c, R * s
        bracket.append(c2 * mpmath.log((alpha - w_re) ** 2 + w_im**2))
        bracket.append(-c2 * mpmath.log((y - w_re) ** 2 + w_im**2))
        first_den = lam ** (mpmath.mpf(2) / N) * s**2 if "arctan_denominator" in defects else R * s
        bracket.append(2 * s2 * mpmath.atan((y - w_re) / first_den))
        bracket.append(-2 * s2 * mpmath.atan((alpha - w_re) / (R * s)))
    coeff = lam ** (mpmath.mpf(2) / N - 2) / N
    terms = [coeff * b for b in bracket]
    terms += [1 / (lam * (N - 2) * alpha ** (N - 2)), -1 / (lam * (N - 2) * y ** (N - 2))]
    return terms, lost


def _checked(N, lam, alpha, y):
    N = check_N(N, 3)
    lam = positive(lam, "lam")
    alpha = positive(alpha, "alpha")
    y = positive(y, "y")
    R = mpmath.root(lam, N)
    if alpha == R or y == R or (alpha < R) != (y < R):
        raise DomainError("alpha and y must lie strictly on the same side of lam^(1/N)")
    return N, lam, alpha, y


def flow_time_real_form(N, lam, alpha, y):
    """Flow time from ``alpha`` to ``y`` by the corrected real form of App. B (chou.appB.corrected, E3).

    N >= 3, lam > 0, alpha and y > 0 on the same side of lam^(1/N).

    >>> with mpmath.workdps(20):
    ...     print(flow_time_real_form(3, 2, '0.3', '0.9'))
    1.2204334738573465202
    """
    N, lam, alpha, y = _checked(N, lam, alpha, y)
    return sum_with_guard(lambda: _real_form_terms(N, lam, alpha, y, ()))


def flow_time_real_form_printed(N, lam, alpha, y, defects=PRINTED_DEFECTS):
    """The real form of App. B AS PRINTED (chou.appB; erratum E3), with the chosen printed ``defects``.

    ``defects`` is a subset of :data:`PRINTED_DEFECTS` (default: all three, the printed formula).
    At N = 3 the printed sum limit ``floor(1/2) = 0`` empties both sums, so the full printed form
    gives 1.2408766944 while the arctan-denominator defect alone gives 1.2300036.

    >>> with mpmath.workdps(20):
    ...     print(mpmath.nstr(flow_time_real_form_printed(3, 2, '0.3', '0.9'), 11))
    1.2408766944
    >>> with mpmath.workdps(20):
    ...     print(mpmath.nstr(flow_time_real_form_printed(3, 2, '0.3', '0.9', ("arctan_denominator",)), 8))
    1.2300036
    """
    unknown = set(defects) - set(PRINTED_DEFECTS)
    if unknown:
        raise DomainError(f"unknown printed defects {sorted(unknown)}; choose from {PRINTED_DEFECTS}")
    N, lam, alpha, y = _checked(N, lam, alpha, y)
    return sum_with_guard(lambda: _real_form_terms(N, lam, alpha, y, tuple(defects)))
