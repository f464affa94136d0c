"""Tests of dmfcheck.numeric.flow and real_form (simulator S2; chou.eq24, lem2.4, rem2.5, eq30, appB)."""
import mpmath
import numpy as np
import pytest

from dmfcheck.numeric.closed_forms import T_plus
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.flow import (
    flow_time_quad,
    flow_y,
    flow_y_closed,
    flow_y_float64,
    flow_y_invert,
    flow_y_lambda0_printed,
    flow_y_minus,
    flow_y_ode,
    integrate,
)
from dmfcheck.numeric.real_form import flow_time_real_form, flow_time_real_form_printed


def residual(N, lam, y_of_t, t):
    """ODE residual y' + y^(N-1)(y^N - lam) of a solution y(t) (mpmath numerical derivative)."""
    y = y_of_t(t)
    return mpmath.diff(y_of_t, t) + y ** (N - 1) * (y**N - lam)


# chou.eq24 reference values; the 18 digits are those of the float64 parameters (0.3, 0.1, 0.8).
Y_REFS = [
    ((3, 2, 0.3, 1), "0.694318745978355800"),
    ((5, 3, 0.1, 40), "0.116039616126446667"),
    ((4, 0, 0.8, 2), "0.631184782199606244"),
    ((3, -1, 0.5, 3), "0.196077185401002893"),
]


@pytest.mark.parametrize("args,ref", Y_REFS)
def test_flow_reference_values(args, ref):
    with mpmath.workdps(30):
        assert abs(flow_y(*args) - mpmath.mpf(ref)) < 1e-18
        assert abs(flow_y_invert(*args) - mpmath.mpf(ref)) < 1e-18


# (N, lam, alpha, t): both sides of the root, lam = 0, lam < 0, N = 1, 2 (closed forms).
ROUTE_CASES = [
    (3, 2, "0.3", "1"),
    (4, 1, "1.5", "0.2"),
    (5, 3, "0.1", "2"),
    (2, "0.5", "0.2", "2"),
    (2, -1, "0.7", "1.5"),
    (4, 0, "0.8", "2"),
    (3, -1, "0.5", "3"),
]


@pytest.mark.parametrize("case", ROUTE_CASES)
def test_flow_routes_agree(case):
    """S2: inversion of the corrected U (or quadrature), Taylor ODE and closed forms, at dps 30."""
    with mpmath.workdps(30):
        y_invert = flow_y_invert(*case)
        y_ode = flow_y_ode(*case)
        assert abs(y_invert - y_ode) <= 1e-20 * y_ode
        N, lam = case[0], mpmath.mpf(case[1])
        if N <= 2 or lam == 0:
            assert abs(flow_y_closed(*case) - y_ode) <= 1e-20 * y_ode
        else:
            with pytest.raises(DomainError):
                flow_y_closed(*case)
        assert flow_y(*case) == (flow_y_closed(*case) if N <= 2 or lam == 0 else y_invert)


def test_flow_N1_closed_form_matches_ode():
    with mpmath.workdps(30):
        for lam in [2, "-0.5", 0]:
            assert abs(flow_y_closed(1, lam, "0.5", 1) - flow_y_ode(1, lam, "0.5", 1)) < 1e-25


def test_flow_time_inverts():
    """t(y(t)) = t for the quadrature and the closed T_N^+ (the inversion's defining equation)."""
    with mpmath.workdps(30):
        y = flow_y_invert(5, 3, "0.1", 2)
        assert abs(flow_time_quad(5, 3, "0.1", y) - 2) < 1e-25
        assert abs(T_plus(5, 3, y, "0.1") - 2) < 1e-25
        y = flow_y_invert(3, -2, "0.9", "0.5")
        assert abs(flow_time_quad(3, -2, "0.9", y) - mpmath.mpf("0.5")) < 1e-25


def test_flow_y_near_equilibrium():
    """Long times bring y within 1e-26 of lam^(1/N) and past the working precision; y stays correctly rounded."""
    with mpmath.workdps(60):
        reference = flow_y_invert(3, 1, "0.5", 20)
    with mpmath.workdps(30):
        y = flow_y_invert(3, 1, "0.5", 20)
        assert 0 < 1 - y < 1e-20
        assert abs(y - reference) <= 1e-30
        assert abs(flow_y_invert(3, 1, "0.5", 40) - 1) <= 1e-30
        assert flow_y_invert(3, 1, 1, 5) == 1


def test_float64_route_matches_mpmath():
    """DOP853 at rtol 1e-13 against mpmath: 1e-10 relative (catalogue §(f))."""
    t_grid = [0.0, 0.5, 1.0, 3.0, 10.0]
    for N, lam, alpha in [(3, 2.0, 0.3), (4, 1.0, 1.5), (3, -1.0, 0.5), (2, 0.5, 0.2)]:
        values = flow_y_float64(N, lam, alpha, t_grid)
        assert values.shape == (len(t_grid),)
        with mpmath.workdps(25):
            for t, v in zip(t_grid, values):
                y = flow_y_invert(N, lam, alpha, t)
                assert abs(v - float(y)) <= 1e-10 * float(y)


def test_integrate_is_generic():
    """The DOP853 driver takes any vector field: a harmonic oscillator on a 2-vector."""
    t_grid = np.linspace(0.0, 2 * np.pi, 5)
    y = integrate(lambda t, y: np.array([y[1], -y[0]]), [1.0, 0.0], t_grid)
    assert y.shape == (5, 2)
    assert np.allclose(y[:, 0], np.cos(t_grid), rtol=0, atol=1e-11)
    assert np.allclose(y[:, 1], -np.sin(t_grid), rtol=0, atol=1e-11)


def test_lambda0_printed_is_wrong_and_corrected_is_right():
    """Erratum E2: residual of the printed (25) at t = 1, alpha = 1/2 is -0.109 (N=2), -0.112 (N=3)."""
    with mpmath.workdps(30):
        for N, ref in [(2, "-0.109"), (3, "-0.112")]:
            printed = residual(N, 0, lambda t: flow_y_lambda0_printed(N, "0.5", t), mpmath.mpf(1))
            assert abs(printed - mpmath.mpf(ref)) < 1e-3
            corrected = residual(N, 0, lambda t: flow_y_closed(N, 0, "0.5", t), mpmath.mpf(1))
            assert abs(corrected) < 1e-25


def test_closed_forms_solve_the_ode():
    """chou.rem2.5: N = 1 and N = 2 (also lam < 0) closed forms have zero ODE residual."""
    with mpmath.workdps(30):
        for N, lam in [(1, 2), (2, 3), (2, "-0.7"), (2, "1e-12")]:
            lam = mpmath.mpf(lam)
            assert abs(residual(N, lam, lambda t: flow_y_closed(N, lam, "0.4", t), mpmath.mpf("0.8"))) < 1e-22


def test_comparison_flow_y_minus():
    """chou.eq30: y_- solves y' = lam y^(N-1) and bounds the flow from above (lam < 0)."""
    with mpmath.workdps(30):
        for N in [2, 3, 4]:
            y_minus = lambda t: flow_y_minus(N, -1, "0.6", t)  # noqa: E731
            t = mpmath.mpf("1.3")
            assert abs(mpmath.diff(y_minus, t) + y_minus(t) ** (N - 1)) < 1e-25
            assert flow_y_minus(N, -1, "0.6", t) > flow_y_invert(N, -1, "0.6", t)


@pytest.mark.parametrize(
    "call",
    [
        lambda: flow_y_closed(3, 1, "0.5", 1),
        lambda: flow_y(3, 1, "0.5", -1),
        lambda: flow_y(3, 1, "0.5", 1, method="euler"),
        lambda: flow_time_quad(3, 1, "0.5", "1.5"),
        lambda: flow_time_quad(3, 1, "0.5", 0),
        lambda: flow_y_minus(3, 1, "0.5", 1),
        lambda: flow_y_invert(1, 1, "0.5", 1),
        lambda: flow_y_float64(3, 1.0, -0.5, [0.0, 1.0]),
        lambda: integrate(lambda t, y: -y, 1.0, [1.0, 0.5]),
        lambda: flow_time_real_form(2, 1, "0.5", "0.9"),
        lambda: flow_time_real_form(3, 1, "0.5", "1.5"),
        lambda: flow_time_real_form_printed(3, 1, "0.5", "0.9", ("typo",)),
    ],
)
def test_flow_domain_errors(call):
    with mpmath.workdps(20):
        with pytest.raises(DomainError):
            call()


@pytest.mark.parametrize("N", range(3, 11))
def test_real_form_corrected_equals_T_plus(N):
    """chou.appB.corrected vs the complex form (17) corrected, incl. alpha > lam^(1/N); tolerance 1e-25."""
    with mpmath.workdps(40):
        for lam, alpha, y in [(2, "0.3", "0.9"), (5, "0.1", "1.2"), (1, "1.5", "1.05"), (3, "2", "1.3")]:
            R = mpmath.root(lam, N)
            if (mpmath.mpf(alpha) < R) != (mpmath.mpf(y) < R):
                continue
            t = T_plus(N, lam, y, alpha)
            assert abs(flow_time_real_form(N, lam, alpha, y) - t) <= 1e-25 * abs(t)


def test_real_form_printed_reference_values():
    """Erratum E3 at N = 3, lam = 2, alpha = 0.3, y = 0.9: corrected 1.2204334739 = quadrature."""
    with mpmath.workdps(30):
        args = (3, 2, "0.3", "0.9")
        assert abs(flow_time_real_form(*args) - mpmath.mpf("1.2204334739")) < 1e-10
        assert abs(flow_time_real_form(*args) - flow_time_quad(*args)) < 1e-25
        assert abs(flow_time_real_form_printed(*args) - mpmath.mpf("1.2408766944")) < 1e-10
        assert abs(flow_time_real_form_printed(*args, defects=("sum_limit",)) - mpmath.mpf("1.2408766944")) < 1e-10
        assert abs(flow_time_real_form_printed(*args, defects=("arctan_denominator",)) - mpmath.mpf("1.2300036")) < 1e-7
        assert flow_time_real_form_printed(*args, defects=()) == flow_time_real_form(*args)


@pytest.mark.parametrize("N,defect", [(5, "sum_limit"), (7, "sum_limit"), (4, "h_even"), (6, "h_even"), (5, "arctan_denominator")])
def test_each_printed_defect_is_wrong(N, defect):
    with mpmath.workdps(30):
        quad = flow_time_quad(N, 1, "0.5", "0.95")
        printed = flow_time_real_form_printed(N, 1, "0.5", "0.95", defects=(defect,))
        assert abs(printed - quad) > 1e-3 * abs(quad)
