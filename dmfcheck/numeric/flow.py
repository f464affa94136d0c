"""The scalar gradient flow (24) of Chou et al., ``y' = -y^(N-1)(y^N - lam)``, ``y(0) = alpha`` (simulator S2).

Independent routes (chou.eq24, chou.lem2.4, chou.rem2.5, chou.eq30):

* :func:`flow_time_quad` - the flow time ``t(y)`` by quadrature;
* :func:`flow_y_invert` - ``y(t)`` by inverting ``t = U_N^+(y) - U_N^+(alpha)`` (corrected U, E1)
  for lam > 0, and the quadrature for lam <= 0;
* :func:`flow_y_closed` - the closed forms (N = 1, N = 2, lam = 0 corrected (E2));
* :func:`flow_y_ode` - mpmath's Taylor integrator ``odefun``;
* :func:`flow_y_float64` - DOP853 with error control through the generic driver :func:`integrate`,
  which takes any vector field ``f(t, y)`` (other flows reuse it).

The mpmath routes compute at the caller's working precision and return mpf; t >= 0.
"""
import mpmath
import numpy as np
from mpmath import mp
from scipy.integrate import solve_ivp

from dmfcheck.numeric.closed_forms import T_plus, check_N, positive, to_mpf
from dmfcheck.numeric.errors import DomainError

_GUARD_BITS = 20


def _flow_args(N, lam, alpha, minimum_N=1):
    return check_N(N, minimum_N), to_mpf(lam, "lam"), positive(alpha, "alpha")


def _time(t):
    t = to_mpf(t, "t")
    if t < 0:
        raise DomainError(f"t must be >= 0, got {mpmath.nstr(t, 15)}")
    return t


def _integrand(N, lam):
    return lambda z: -1 / (z ** (N - 1) * (z**N - lam))


def _breakpoints(a, b, singular_points):
    """Points in (a, b) at geometrically spaced distances from singular points outside [a, b]."""
    points = {a, b}
    for s in singular_points:
        near, far = sorted((abs(a - s), abs(b - s)))
        if near <= 0:
            continue
        d = far
        while d > 4 * near:
            d /= 4
            points.add(s + d if a > s else s - d)
    return sorted(points)


def flow_time_quad(N, lam, alpha, y):
    """Flow time from ``alpha`` to ``y``: ``t = int_alpha^y -dz/(z^(N-1)(z^N - lam))`` (chou.eq24, Lemma 2.4).

    By tanh-sinh quadrature, split geometrically towards the singular points ``0`` and
    ``lam^(1/N)``. ``y > 0`` must lie on the same side of the equilibrium ``lam_+^(1/N)`` as
    ``alpha`` (a ``y`` beyond ``alpha``, away from the equilibrium, gives the negative time of
    the backward flow); N >= 1.

    >>> with mpmath.workdps(20):
    ...     print(flow_time_quad(3, 2, '0.3', '0.9'))
    1.2204334738573465202
    """
    N, lam, alpha = _flow_args(N, lam, alpha)
    y = positive(y, "y")
    r = mpmath.root(lam, N) if lam > 0 else mpmath.mpf(0)
    if not (y == alpha or min(alpha, y) > r or (lam > 0 and max(alpha, y) < r)):
        raise DomainError("y must lie on the same side of the equilibrium lam_+^(1/N) as alpha")
    if y == alpha:
        return mpmath.mpf(0)
    singular = [mpmath.mpf(0)] + ([r] if lam > 0 else [])
    with mp.workprec(mp.prec + _GUARD_BITS):
        lo, hi = sorted((alpha, y))
        t = mpmath.quad(_integrand(N, lam), _breakpoints(lo, hi, singular))
        t = t if y > alpha else -t
    return +t


def flow_y_minus(N, lam, alpha, t):
    """The comparison flow (30): ``y_-' = lam y_-^(N-1)``, ``y_-(0) = alpha``, lam < 0 (chou.eq30).

    ``alpha e^(lam t)`` (N = 2), ``((2-N) lam t + alpha^(2-N))^(-1/(N-2))`` (N >= 3).

    >>> with mpmath.workdps(20):
    ...     print(flow_y_minus(3, -1, '0.5', 3))
    0.2
    """
    N, lam, alpha = _flow_args(N, lam, alpha, 2)
    t = _time(t)
    if lam >= 0:
        raise DomainError("the comparison flow (30) is defined for lam < 0")
    if N == 2:
        return alpha * mpmath.exp(lam * t)
    return ((2 - N) * lam * t + alpha ** (2 - N)) ** (-mpmath.mpf(1) / (N - 2))


def flow_y_lambda0_printed(N, alpha, t):
    """Eq. (25) AS PRINTED for lam = 0: ``((2N-2) t + alpha^(2/N-2))^(-N/(2N-2))`` (chou.lem2.4; erratum E2).

    Wrong: it solves the product flow ``x' = -N x^(3-2/N)`` with ``x(0) = alpha`` instead of
    ``alpha^N``. See :func:`flow_y_closed` for the corrected form.

    >>> with mpmath.workdps(20):
    ...     print(flow_y_lambda0_printed(2, '0.5', 1))
    0.25
    """
    N = check_N(N)
    alpha = positive(alpha, "alpha")
    t = _time(t)
    return ((2 * N - 2) * t + alpha ** (mpmath.mpf(2) / N - 2)) ** (-mpmath.mpf(N) / (2 * N - 2))


def flow_y_closed(N, lam, alpha, t):
    """Closed forms of the flow (24) where they exist (chou.rem2.5, chou.lem2.4.corrected).

    * N = 1: ``lam - (lam - alpha) e^(-t)``;
    * N = 2: ``sqrt(lam/g)`` with ``g = 1 + (lam/alpha^2 - 1) e^(-2 lam t)``, valid for every
      real lam; evaluated as ``1/sqrt(-expm1(-2 lam t)/lam + e^(-2 lam t)/alpha^2)`` so that
      lam -> 0 does not cancel (lam = 0 gives ``(2t + alpha^-2)^(-1/2)``);
    * lam = 0, N >= 2: ``((2N-2) t + alpha^(2-2N))^(-1/(2N-2))`` (corrected (25), erratum E2).

    Other (N, lam) have no closed form: DomainError.

    >>> with mpmath.workdps(20):
    ...     print(flow_y_closed(4, 0, '0.8', 2))
    0.63118478219960623537
    """
    N, lam, alpha = _flow_args(N, lam, alpha)
    t = _time(t)
    if N == 1:
        return lam - (lam - alpha) * mpmath.exp(-t)
    if N == 2:
        if lam == 0:
            return 1 / mpmath.sqrt(2 * t + alpha**-2)
        decay = mpmath.exp(-2 * lam * t)
        return 1 / mpmath.sqrt(-mpmath.expm1(-2 * lam * t) / lam + decay / alpha**2)
    if lam == 0:
        return ((2 * N - 2) * t + alpha ** (2 - 2 * N)) ** (-mpmath.mpf(1) / (2 * N - 2))
    raise DomainError(f"the flow (24) has no closed form for N={N} and lam != 0")


def _solve_monotone(G, dG, lo, hi, tol):
    """Root of ``G`` in the bracket [lo, hi] (G(lo), G(hi) of opposite sign) by safeguarded Newton.

    Stops when a Newton step is below ``tol * max(1, |x|)`` or the bracket is that narrow.
    ``G`` may return ``+-inf`` at a point (a bracket end that touches a singularity).
    """
    g_lo = G(lo)
    if g_lo == 0:
        return lo
    x = (lo + hi) / 2
    for _ in range(4 * mp.prec):
        gx = G(x)
        if gx == 0:
            return x
        if (gx > 0) == (g_lo > 0):
            lo, g_lo = x, gx
        else:
            hi = x
        width = tol * max(1, abs(x))
        step = -gx / dG(x) if mpmath.isfinite(gx) else None
        if step is not None and abs(step) <= width:
            return x + step
        if step is not None and min(lo, hi) < x + step < max(lo, hi):
            x = x + step
        else:
            x = (lo + hi) / 2
        if abs(hi - lo) <= width:
            return x
    raise ArithmeticError("flow inversion did not converge")


def _log_distance_bracket(N, lam, alpha, t, r):
    """Bracket for ``s = ln|r - y(t)|`` (lam > 0): ``|r - y| >= |r - alpha| e^(-K t)``, K >= max |f'|."""
    m = max(alpha, r)
    K = (2 * N - 1) * m ** (2 * N - 2) + (N - 1) * lam * m ** (N - 2)
    s_hi = mpmath.log(abs(r - alpha))
    return s_hi - K * t - 1, s_hi


def flow_y_invert(N, lam, alpha, t):
    """``y(t)`` of the flow (24) by inverting the flow time (simulator S2, route (i)); N >= 2.

    lam > 0: solve ``T_N^+(lam, y, alpha) = t`` with the corrected U_N^+ (chou.eq17-Uplus.corrected)
    by safeguarded Newton in ``s = ln|lam^(1/N) - y|``. lam <= 0: solve
    ``flow_time_quad(y) = t`` in ``s = ln y``, bracketed by the comparison flows (30) with
    ``-|lam|`` and ``-(|lam| + alpha^N)``.

    >>> with mpmath.workdps(20):
    ...     print(flow_y_invert(3, 2, '0.3', 1))
    0.69431874597835585032
    """
    N, lam, alpha = _flow_args(N, lam, alpha, 2)
    t = _time(t)
    if t == 0:
        return +alpha
    prec = mp.prec
    with mp.workprec(prec + _GUARD_BITS):
        if lam > 0:
            r = mpmath.root(lam, N)
            if alpha == r:
                return +alpha
            sign = 1 if alpha < r else -1

            def y_of(s):
                return r - sign * mpmath.exp(s)

            def G(s):
                y = y_of(s)
                if y == r:
                    return mpmath.inf
                with mp.workprec(prec + 2 * _GUARD_BITS):
                    return T_plus(N, lam, y, alpha) - t

            lo, hi = _log_distance_bracket(N, lam, alpha, t, r)
            # Below this distance y is lam^(1/N) to the working precision.
            lo = max(lo, mpmath.log(r) - mp.prec * mpmath.ln2)
            if G(lo) <= 0:
                return +r
        else:
            def y_of(s):
                return mpmath.exp(s)

            def G(s):
                with mp.workprec(prec + 2 * _GUARD_BITS):
                    return flow_time_quad(N, lam, alpha, y_of(s)) - t

            upper = flow_y_minus(N, lam, alpha, t) if lam < 0 else alpha
            lower = flow_y_minus(N, -(abs(lam) + alpha**N), alpha, t)
            lo, hi = mpmath.log(lower), mpmath.log(upper)

        def dG(s):
            y = y_of(s)
            return -(y - (r if lam > 0 else 0)) / (y ** (N - 1) * (y**N - lam))

        y = y_of(_solve_monotone(G, dG, lo, hi, mpmath.ldexp(1, -prec - 8)))
    return +y


def flow_y_ode(N, lam, alpha, t):
    """``y(t)`` of the flow (24) by mpmath's Taylor-series integrator ``odefun`` (S2, route (iii)); N >= 1.

    >>> with mpmath.workdps(20):
    ...     print(flow_y_ode(3, -1, '0.5', 3))
    0.19607718540100289272
    """
    N, lam, alpha = _flow_args(N, lam, alpha)
    t = _time(t)
    with mp.workprec(mp.prec + _GUARD_BITS):
        solution = mpmath.odefun(lambda _t, y: -(y ** (N - 1)) * (y**N - lam), 0, alpha)
        y = solution(t)
    return +y


_METHODS = {"closed": flow_y_closed, "invert": flow_y_invert, "ode": flow_y_ode}


def flow_y(N, lam, alpha, t, method="auto"):
    """``y(t)`` of the flow (24) (chou.eq24) by ``method`` in ``"closed"|"invert"|"ode"|"auto"``.

    ``"auto"`` takes the closed form where one exists (N <= 2 or lam = 0) and the inversion
    of the corrected U_N^+ otherwise.

    >>> with mpmath.workdps(20):
    ...     print(flow_y(5, 3, '0.1', 40))
    0.11603961612644665691
    """
    if method == "auto":
        method = "closed" if check_N(N, 1) <= 2 or to_mpf(lam, "lam") == 0 else "invert"
    if method not in _METHODS:
        raise DomainError(f"unknown flow method {method!r}; use one of closed, invert, ode, auto")
    return _METHODS[method](N, lam, alpha, t)


def integrate(vector_field, y0, t_grid, rtol=1e-13, atol=1e-16):
    """Integrate ``y' = vector_field(t, y)`` from ``y(0) = y0`` with DOP853 (error control) on ``t_grid``.

    ``vector_field`` is a plain function of ``(t, y)`` with ``y`` a float64 array of the shape of
    ``y0``; it returns the derivative in that shape. ``t_grid`` is non-decreasing with entries
    >= 0. The local error of each component is kept below ``atol + rtol |y|``. Returns a float64
    array of shape ``(len(t_grid),) + shape(y0)``.

    >>> float(integrate(lambda t, y: -y, 1.0, [0.0, 1.0])[1])  # doctest: +ELLIPSIS
    0.36787944117144...
    """
    y0 = np.asarray(y0, dtype=np.float64)
    t_grid = np.asarray(t_grid, dtype=np.float64)
    if t_grid.ndim != 1 or len(t_grid) == 0 or t_grid[0] < 0 or np.any(np.diff(t_grid) < 0):
        raise DomainError("t_grid must be a non-empty, non-decreasing 1-D sequence of times >= 0")
    shape = y0.shape
    t_end = float(t_grid[-1])
    if t_end == 0:
        return np.broadcast_to(y0, (len(t_grid),) + shape).copy()

    def rhs(t, y):
        return np.asarray(vector_field(t, y.reshape(shape)), dtype=np.float64).ravel()

    sol = solve_ivp(rhs, (0.0, t_end), y0.ravel(), method="DOP853", t_eval=t_grid, rtol=rtol, atol=atol)
    if sol.status != 0:
        raise ArithmeticError(f"DOP853 failed: {sol.message}")
    return sol.y.T.reshape((len(t_grid),) + shape)


def scalar_flow_field(N, lam):
    """The vector field ``f(t, y) = -y^(N-1)(y^N - lam)`` of the flow (24) in float64.

    >>> float(scalar_flow_field(2, 1.0)(0.0, 0.5))
    0.375
    """
    N = check_N(N, 1)
    lam = float(lam)

    def field(_t, y):
        return -(y ** (N - 1)) * (y**N - lam)

    return field


def flow_y_float64(N, lam, alpha, t_grid, rtol=1e-13):
    """``y(t)`` of the flow (24) on ``t_grid`` in float64 by DOP853 (S2, route (iii)); a 1-D numpy array.

    The error control is purely relative (``atol = 1e-300``): y stays positive, and for lam <= 0
    it decays to 0.

    >>> print(f"{flow_y_float64(3, 2.0, 0.3, [0.0, 1.0])[1]:.12f}")
    0.694318745978
    """
    check_N(N, 1)
    alpha = float(alpha)
    if not alpha > 0:
        raise DomainError("alpha must be > 0")
    return integrate(scalar_flow_field(N, lam), alpha, t_grid, rtol=rtol, atol=1e-300)
