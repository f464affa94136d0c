"""Iteration-count bounds and step-size limits of Chou et al., Thm 2.3 and Lemma 2.2, in mpmath.

``T_id`` is the RECONSTRUCTION chou.eq20 of the lost display (20) (errata E10, E11): the report
must show it as reconstructed. It uses the corrected ``T_N^+`` (E1). All functions compute at
the caller's working precision and raise DomainError outside their domain.

Catalogue ids: chou.eq20, chou.thm2.3-upper (21), chou.thm2.3-lower (23), chou.lem2.2,
chou.thm1.1.
"""
import mpmath

from dmfcheck.numeric.closed_forms import (
    T_minus,
    T_plus,
    a_N,
    b_N,
    c_N,
    check_N,
    lam_plus_root,
    positive,
    s_N,
    to_mpf,
    zeta,
)
from dmfcheck.numeric.errors import DomainError


def T_id_regime(N, lam, alpha):
    """The case of chou.eq20 that applies to ``(N, lam, alpha)``.

    One of ``"lam<0"``, ``"lam=0"``, ``"0<lam<alpha^N"``, ``"c_N lam<alpha^N<=lam"``,
    ``"alpha^N<=c_N lam"`` (comparisons at the working precision).

    >>> with mpmath.workdps(15):
    ...     print(T_id_regime(2, 1, '0.8'))
    c_N lam<alpha^N<=lam
    """
    N = check_N(N)
    lam = to_mpf(lam, "lam")
    alpha = positive(alpha, "alpha")
    if lam < 0:
        return "lam<0"
    if lam == 0:
        return "lam=0"
    aN = alpha**N
    if lam < aN:
        return "0<lam<alpha^N"
    if c_N(N) * lam < aN:
        return "c_N lam<alpha^N<=lam"
    return "alpha^N<=c_N lam"


def _contraction_log(N, eta, base):
    """``|ln(1 - eta N base^(2-2/N))|``; the argument of ln must lie in (0, 1)."""
    q = 1 - eta * N * base ** (2 - mpmath.mpf(2) / N)
    if not 0 < q < 1:
        raise DomainError(f"1 - eta N x^(2-2/N) = {mpmath.nstr(q, 10)} is not in (0, 1): eta is too large")
    return abs(mpmath.log(q))


def T_id(N, lam, eps, alpha, eta):
    """``T_N^Id(lam, eps, alpha, eta)``, Chou et al. eq. (20), RECONSTRUCTED (chou.eq20, E10, E11).

    Five cases (``r = lam^(1/N)``, ``zeta = (c_N lam)^(1/N)``, ``L = |ln(1 - eta N (c_N lam)^(2-2/N))|``):

    * lam < 0: ``T_N^-(eps, alpha)/(eta |lam|)``;
    * lam = 0: ``(eps^(2-2N) - alpha^(2-2N))/((2N-2) eta)`` (the limit lam -> 0, E11);
    * 0 < lam < alpha^N: ``T_N^+(lam, r + eps, alpha)/eta``;
    * c_N lam < alpha^N <= lam: ``ln((r - alpha)/eps)/L``;
    * alpha^N <= c_N lam: ``T_N^+(lam, min(zeta, r - eps), alpha)/eta + s_N + ((ln(r/eps) - a_N)/L)_+``.

    Domain: N >= 2, alpha > 0, eta > 0, ``0 < eps < |lam_+^(1/N) - alpha|``.

    >>> with mpmath.workdps(20):
    ...     print(mpmath.nstr(T_id(3, 5, '1e-3', '0.1', '1e-3'), 12))
    2843.81107855
    """
    N = check_N(N)
    lam = to_mpf(lam, "lam")
    eps = positive(eps, "eps")
    alpha = positive(alpha, "alpha")
    eta = positive(eta, "eta")
    r = lam_plus_root(N, lam)
    if not eps < abs(r - alpha):
        raise DomainError("eps must lie in (0, |lam_+^(1/N) - alpha|)")
    regime = T_id_regime(N, lam, alpha)
    if regime == "lam<0":
        return T_minus(N, eps, alpha) / (eta * abs(lam))
    if regime == "lam=0":
        return (eps ** (2 - 2 * N) - alpha ** (2 - 2 * N)) / ((2 * N - 2) * eta)
    if regime == "0<lam<alpha^N":
        return T_plus(N, lam, r + eps, alpha) / eta
    contraction = _contraction_log(N, eta, c_N(N) * lam)
    if regime == "c_N lam<alpha^N<=lam":
        return mpmath.log((r - alpha) / eps) / contraction
    first = T_plus(N, lam, min(zeta(N, lam), r - eps), alpha) / eta + s_N(N, lam, alpha)
    second = (mpmath.log(r / eps) - a_N(N)) / contraction
    return first + max(second, 0)


def lower_bound_23(N, lam, eps, alpha, eta):
    """The lower bound (23) of Thm 2.3 on the hitting time (chou.thm2.3-lower); needs lam > alpha^N.

    ``T_N^+(lam, zeta, alpha)/eta + (ln(r/eps) - b_N)/K`` if alpha^N < c_N lam, else
    ``ln((r - alpha)/eps)/K``, with ``K = |ln(1 - eta N lam^(2-2/N))|`` and corrected T_N^+ (E1).
    Domain: N >= 2, 0 < eps < lam^(1/N) - alpha, ``eta N lam^(2-2/N) < 1``.

    >>> with mpmath.workdps(20):
    ...     print(mpmath.nstr(lower_bound_23(2, 1, '0.05', '0.1', '0.01'), 12))
    339.397445579
    """
    N = check_N(N)
    lam = to_mpf(lam, "lam")
    eps = positive(eps, "eps")
    alpha = positive(alpha, "alpha")
    eta = positive(eta, "eta")
    if not lam > alpha**N:
        raise DomainError("the lower bound (23) needs lam > alpha^N")
    r = mpmath.root(lam, N)
    if not eps < r - alpha:
        raise DomainError("eps must lie in (0, lam^(1/N) - alpha)")
    contraction = _contraction_log(N, eta, lam)
    if alpha**N < c_N(N) * lam:
        return T_plus(N, lam, zeta(N, lam), alpha) / eta + (mpmath.log(r / eps) - b_N(N)) / contraction
    return mpmath.log((r - alpha) / eps) / contraction


def eta_limit_21(N, lam, alpha):
    """The step-size limit (21) of Thm 2.3 (chou.thm2.3-upper): eta must be below this value.

    ``1/max((2N-2) alpha^(2N-2), N |lam|^(2-2/N))`` for lam >= 0 and
    ``1/((3N-2) max(alpha, |lam|^(1/N))^(2N-2))`` for lam < 0.

    >>> with mpmath.workdps(15):
    ...     print(eta_limit_21(2, 0, 1))
    0.5
    """
    N = check_N(N)
    lam = to_mpf(lam, "lam")
    alpha = positive(alpha, "alpha")
    if lam >= 0:
        return 1 / max((2 * N - 2) * alpha ** (2 * N - 2), N * lam ** (2 - mpmath.mpf(2) / N))
    return 1 / ((3 * N - 2) * max(alpha, mpmath.root(-lam, N)) ** (2 * N - 2))


def eta_limit_lem22(N, lam, alpha):
    """The step-size limit of Lemma 2.2 (chou.lem2.2): eta must be below this value.

    N = 1: 1. N >= 2: ``1/(N max(alpha, lam^(1/N))^(2N-2))`` if lam > 0;
    ``alpha^(2-2N)`` if lam <= 0 and alpha >= |lam|^(1/N);
    ``1/((3N-2) |lam|^(2-2/N))`` if lam < 0 and alpha < |lam|^(1/N).

    >>> with mpmath.workdps(15):
    ...     print(eta_limit_lem22(2, 1, '0.5'))
    0.5
    """
    N = check_N(N, 1)
    lam = to_mpf(lam, "lam")
    alpha = positive(alpha, "alpha")
    if N == 1:
        return mpmath.mpf(1)
    if lam > 0:
        return 1 / (N * max(alpha, mpmath.root(lam, N)) ** (2 * N - 2))
    if alpha >= mpmath.root(-lam, N):
        return alpha ** (2 - 2 * N)
    return 1 / ((3 * N - 2) * (-lam) ** (2 - mpmath.mpf(2) / N))


def eta_limit_thm11(N, alpha, W_norm):
    """The step-size limit of Thm 1.1 (chou.thm1.1): ``1/((3N-2) max(alpha^(N-2), ||W||^(2-2/N)))``.

    >>> with mpmath.workdps(15):
    ...     print(mpmath.nstr(eta_limit_thm11(3, '0.5', 2), 10))
    0.05669289471
    """
    N = check_N(N)
    alpha = positive(alpha, "alpha")
    W_norm = to_mpf(W_norm, "W_norm")
    if W_norm < 0:
        raise DomainError("W_norm must be >= 0")
    return 1 / ((3 * N - 2) * max(alpha ** (N - 2), W_norm ** (2 - mpmath.mpf(2) / N)))
