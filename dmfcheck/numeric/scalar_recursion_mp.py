"""The scalar GD recursion (15) of Chou et al. in mpmath (simulator S1, confirmation runs).

``d(k+1) = d(k) - eta d(k)^(N-1)(d(k)^N - lam)``, ``d(0) = alpha`` (chou.eq15). Used to confirm
float64 near-ties at high precision: the caller sets the precision (``with mpmath.workdps(50):``).

The loop runs on mpmath's own kernel (``mpmath.libmp`` on raw mpf values), with the same
rounding as mpf arithmetic (round to nearest at the working precision) and without creating
an mpf object per operation; this makes a step about 1.6 times faster than operator-level mpf
code. A run diverges when ``|d| >= 2^333`` (about 1.7e100), detected from the binary exponent.
"""
import mpmath
from mpmath import mp
from mpmath.libmp import mpf_cmp, mpf_mul, mpf_pow_int, mpf_sub, round_nearest

from dmfcheck.numeric.closed_forms import check_N, lam_plus_root, positive, to_mpf
from dmfcheck.numeric.errors import DomainError

DIVERGENCE_LOG2 = 333


class NotReached(RuntimeError):
    """The hitting time was not reached within the step budget; ``k_max`` is that budget."""

    def __init__(self, k_max):
        super().__init__(f"accuracy not reached within {k_max} steps")
        self.k_max = k_max


def _check_steps(steps, name):
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise DomainError(f"{name} must be an integer >= 0, got {steps!r}")
    return steps


def _iterates(N, lam, alpha, eta):
    """Yield the raw mpf values ``d(0), d(1), ...`` of (15); OverflowError once |d| >= 2^333."""
    N = check_N(N, 1)
    lam = to_mpf(lam, "lam")._mpf_
    d = positive(alpha, "alpha")._mpf_
    eta = positive(eta, "eta")._mpf_
    prec, rnd, m = mp.prec, round_nearest, N - 1
    k = 0
    while True:
        yield d
        p = mpf_pow_int(d, m, prec, rnd)
        gap = mpf_sub(mpf_mul(p, d, prec, rnd), lam, prec, rnd)
        d = mpf_sub(d, mpf_mul(mpf_mul(eta, p, prec, rnd), gap, prec, rnd), prec, rnd)
        k += 1
        if d[2] + d[3] > DIVERGENCE_LOG2:
            raise OverflowError(f"|d({k})| >= 2^{DIVERGENCE_LOG2}: the recursion (15) diverges")


def scalar_gd_mp(N, lam, alpha, eta, steps):
    """The trajectory ``d(0), ..., d(steps)`` of (15) from ``d(0) = alpha`` (chou.eq15), as a list of mpf.

    Raises OverflowError when the recursion diverges (|d| >= 2^333).

    >>> with mpmath.workdps(30):
    ...     print([mpmath.nstr(d, 15) for d in scalar_gd_mp(2, 1, '0.5', '0.3', 2)])
    ['0.5', '0.6125', '0.7273150390625']
    """
    steps = _check_steps(steps, "steps")
    iterates = _iterates(N, lam, alpha, eta)
    return [mpmath.mpf(next(iterates)) for _ in range(steps + 1)]


def hitting_time_mp(N, lam, alpha, eta, eps, max_steps):
    """First ``k`` with ``|d(k) - lam_+^(1/N)| <= eps`` for the recursion (15) (S1; chou.thm2.3-upper).

    Checks ``k = 0, ..., max_steps``: raises :class:`NotReached` (with ``k_max = max_steps``) if
    none qualifies, and OverflowError when the recursion diverges (|d| >= 2^333). The band
    ``[lam_+^(1/N) - eps, lam_+^(1/N) + eps]`` is rounded once to the working precision.

    >>> with mpmath.workdps(30):
    ...     print(hitting_time_mp(2, 1, '0.1', '0.01', '0.05', 10**4))
    341
    """
    eps = positive(eps, "eps")
    max_steps = _check_steps(max_steps, "max_steps")
    target = lam_plus_root(N, lam)
    lo, hi = (target - eps)._mpf_, (target + eps)._mpf_
    for k, d in enumerate(_iterates(N, lam, alpha, eta)):
        if mpf_cmp(lo, d) <= 0 and mpf_cmp(d, hi) <= 0:
            return k
        if k == max_steps:
            raise NotReached(max_steps)


def error_window_mp(N, lam, alpha, eta, start, stop):
    """``(max, argmax)`` of ``|d(k)^N - lam_+|`` over ``start <= k <= stop`` for the recursion (15).

    Chou et al., eq. (10): the error ``E_ii(k)`` of Theorem 1.1 (chou.thm1.1) per eigenvalue; the
    mpmath twin of :func:`dmfcheck.numeric.kernels.scalar_windows.error_window`, at the working
    precision. Raises OverflowError when the recursion diverges (|d| >= 2^333).

    >>> with mpmath.workdps(30):
    ...     worst, k = error_window_mp(3, 2, '0.5', '0.05', 45, 45)
    >>> mpmath.nstr(worst, 10), k
    ('1.007715439e-6', 45)
    """
    start, stop = _check_steps(start, "start"), _check_steps(stop, "stop")
    if stop < start:
        raise DomainError(f"need start <= stop, got start={start}, stop={stop}")
    target = max(mpmath.mpf(lam), 0)
    traj = scalar_gd_mp(N, lam, alpha, eta, stop)
    errs = [abs(traj[k] ** N - target) for k in range(start, stop + 1)]
    k = max(range(len(errs)), key=errs.__getitem__)
    return errs[k], start + k


def comparison_trajectory_mp(N, lam, alpha, eta, steps):
    """``d_-(0), ..., d_-(steps)`` of ``d_-(k+1) = d_-(k) + eta lam d_-(k)^(N-1)``, ``d_-(0) = alpha`` (mpf list).

    Chou et al., proof of Theorem 2.3, the display before (30): the comparison sequence for lam < 0
    (chou.thm2.3-proof-claims, item 1; chou.lem2.6). The mpmath twin of
    :func:`dmfcheck.numeric.kernels.scalar_windows.comparison_trajectory`, at the working precision.

    >>> with mpmath.workdps(30):
    ...     print([mpmath.nstr(d, 15) for d in comparison_trajectory_mp(2, -1, 1, '0.5', 2)])
    ['1.0', '0.5', '0.25']
    """
    N = check_N(N, 1)
    steps = _check_steps(steps, "steps")
    lam, eta = to_mpf(lam, "lam"), positive(eta, "eta")
    d = [to_mpf(alpha, "alpha")]
    for _ in range(steps):
        d.append(d[-1] + eta * lam * d[-1] ** (N - 1))
    return d
