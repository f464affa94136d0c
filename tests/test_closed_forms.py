"""Tests of dmfcheck.numeric.closed_forms, iteration_bounds and scalar_recursion_mp (chou.eq17-20, S1)."""
import doctest
import importlib

import mpmath
import pytest

from dmfcheck.numeric.closed_forms import (
    T_minus,
    T_plus,
    T_plus_printed,
    U_minus,
    U_plus,
    U_plus_printed,
    a_N,
    b_N,
    c_N,
    c_root,
    g_map,
    lam_plus_root,
    s_N,
    zeta,
)
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.flow import flow_time_quad
from dmfcheck.numeric.iteration_bounds import (
    T_id,
    T_id_regime,
    eta_limit_21,
    eta_limit_lem22,
    eta_limit_thm11,
    lower_bound_23,
)
from dmfcheck.numeric.scalar_recursion_mp import NotReached, hitting_time_mp, scalar_gd_mp

MODULES = [
    "dmfcheck.numeric.closed_forms",
    "dmfcheck.numeric.iteration_bounds",
    "dmfcheck.numeric.flow",
    "dmfcheck.numeric.real_form",
    "dmfcheck.numeric.scalar_recursion_mp",
    "dmfcheck.numeric.named_forms",
]


@pytest.mark.parametrize("module", MODULES)
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0


def close(value, ref, rel):
    ref = mpmath.mpf(ref)
    return abs(value - ref) <= rel * abs(ref)


# The catalogue's 17-digit T_plus references are the values at the float64 parameters
# (e.g. 0.9 == 0.90000000000000002220...); the decimal parameters differ from them at ~1e-16.
T_PLUS_REFS = [
    ((3, 2, 0.9, 0.3), "1.2204334738573466"),
    ((5, 3, 0.4, 0.1), "109.38334201888949"),
    ((4, 1.5, 1.05, 0.2), "8.4230543108719219"),
    ((7, 10, 1.3, 0.5), "0.64377298338351315"),
    ((2, 5, 2.0, 0.01), "1.2206052645330171"),
]


@pytest.mark.parametrize("args,ref", T_PLUS_REFS)
def test_T_plus_reference_values(args, ref):
    with mpmath.workdps(30):
        assert close(T_plus(*args), ref, 1e-16)
        assert close(T_plus(*(a if isinstance(a, int) else str(a) for a in args)), ref, 1e-15)


def test_T_plus_printed_reference_value():
    with mpmath.workdps(30):
        assert close(T_plus_printed(3, 2, "0.9", "0.3"), "1.00178874836", 1e-11)


@pytest.mark.parametrize("N", range(2, 9))
@pytest.mark.parametrize("lam,mu", [(2, "0.4"), (2, "1.7"), ("0.3", "0.05"), (5, "2.5")])
def test_U_plus_derivative_is_the_flow_field(N, lam, mu):
    """Defining property of the corrected (17): dU/dmu = -1/(mu^(N-1)(mu^N - lam)), both sides of the root."""
    with mpmath.workdps(40):
        lam, mu = mpmath.mpf(lam), mpmath.mpf(mu)
        derivative = mpmath.diff(lambda m: U_plus(N, lam, m), mu)
        assert close(derivative, -1 / (mu ** (N - 1) * (mu**N - lam)), 1e-30)


@pytest.mark.parametrize("N,C", [(3, "-0.27947"), (4, "0"), (5, "-0.11391")])
def test_U_plus_matches_series_form(N, C):
    """chou.eq17-Uplus.corrected series form, constant C_N(3) from the catalogue."""
    with mpmath.workdps(30):
        lam, mu = mpmath.mpf(3), mpmath.mpf("0.6")
        series = -1 / (lam * (N - 2) * mu ** (N - 2)) + mpmath.nsum(
            lambda i: mu ** (i * N + 2) / ((i * N + 2) * lam ** (i + 2)), [0, mpmath.inf]
        )
        assert abs(U_plus(N, lam, mu) - series - mpmath.mpf(C)) < 1e-5


# (lam, alpha, y) from the chou.eq17-Uplus recipe, plus alpha > lam^(1/N) and near-root points.
QUAD_POINTS = [
    (2, "0.3", "0.9"),
    (5, "0.1", "1.2"),
    (1, "0.5", "0.95"),
    (1, "1.5", "1.05"),
    (3, "0.002", "0.5"),
    (1, "0.5", "0.99999999"),
    (1, "2.5", "1.000001"),
]


@pytest.mark.parametrize("N", range(2, 8))
def test_T_plus_equals_quadrature(N):
    with mpmath.workdps(40):
        checked = 0
        for lam, alpha, y in QUAD_POINTS:
            r = mpmath.root(lam, N)
            if (mpmath.mpf(alpha) < r) != (mpmath.mpf(y) < r):
                continue
            t = T_plus(N, lam, y, alpha)
            assert close(t, flow_time_quad(N, lam, alpha, y), 1e-25)
            checked += 1
        assert checked >= 5


@pytest.mark.parametrize("N", range(3, 8))
def test_printed_U_plus_disagrees_with_quadrature(N):
    """Erratum E1: the printed sign of the sum in (17) gives a wrong flow time for every N >= 3."""
    with mpmath.workdps(30):
        for lam, alpha, y in [(2, "0.3", "0.9"), (1, "1.5", "1.05")]:
            quad = flow_time_quad(N, lam, alpha, y)
            assert abs(T_plus_printed(N, lam, y, alpha) - quad) > 1e-3 * abs(quad)


def test_printed_U_plus_for_N2_is_the_real_part():
    with mpmath.workdps(30):
        for mu in ["0.5", "3"]:
            assert U_plus_printed(2, 2, mu) == U_plus(2, 2, mu)


def test_T_plus_survives_cancellation():
    """mu next to a tiny alpha at large N: the guarded sum agrees with a 300-digit evaluation."""
    alpha = mpmath.ldexp(1, -10)
    args = (12, 1, alpha + mpmath.ldexp(1, -100), alpha)
    with mpmath.workdps(300):
        reference = T_plus(*args)
    with mpmath.workdps(30):
        value = T_plus(*args)
        assert close(value, reference, 1e-28)
        mu = mpmath.mpf("0.5") + mpmath.ldexp(1, -80)
        assert close(T_minus(5, mu, "0.5"), -8 * mpmath.ldexp(1, -79), 1e-20)


def test_U_minus_and_T_minus():
    with mpmath.workdps(30):
        assert U_minus(2, mpmath.e) == -1
        assert U_minus(5, 2) == mpmath.mpf(1) / 24
        assert T_minus(3, "0.1", "0.5") == 8
        assert close(mpmath.diff(lambda m: U_minus(4, m), mpmath.mpf("0.7")), -mpmath.mpf("0.7") ** -3, 1e-30)


@pytest.mark.parametrize("N,a,b", [(2, "0.8612", "0.0805"), (3, "1.3349", "0.6671"), (5, "1.8990", "1.2920"), (10, "2.6311", "2.0592")])
def test_a_N_b_N(N, a, b):
    with mpmath.workdps(20):
        assert abs(a_N(N) - mpmath.mpf(a)) < 5e-5
        assert abs(b_N(N) - mpmath.mpf(b)) < 5e-5


@pytest.mark.parametrize("N,c", [(2, "1.6180339887"), (3, "1.4655712319"), (4, "1.3802776"), (5, "1.3247179572"), (10, "1.1974914336")])
def test_c_root(N, c):
    with mpmath.workdps(40):
        value = c_root(N)
        assert abs(value - mpmath.mpf(c)) < 10 ** -(len(c) - 2)
        assert abs((value - 1) ** 2 - value ** (2 - 2 * N)) < 1e-35
        assert 1 < value < 2


def test_constants():
    with mpmath.workdps(30):
        assert s_N(2, 1, "0.1") == 6
        assert c_N(3) == mpmath.mpf(2) / 5
        assert close(zeta(3, 5), mpmath.cbrt(2), 1e-29)
        assert lam_plus_root(3, -8) == 0
        assert close(lam_plus_root(3, 8), 2, 1e-29)
        assert close(g_map(3, 2, "0.1", "0.5"), mpmath.mpf("0.5") - mpmath.mpf("0.1") * mpmath.mpf("0.25") * (mpmath.mpf("0.125") - 2), 1e-29)


T_ID_REFS = [
    ((3, 5, 1e-3, 0.1, 1e-3), "2843.81107855", "alpha^N<=c_N lam"),
    ((4, 2, 1e-4, 0.3, 0.01), "536.059080902", "alpha^N<=c_N lam"),
    ((2, 1, 0.05, 0.1, 0.01), "520.208298934", "alpha^N<=c_N lam"),
    ((2, 1, 0.5, 0.1, 0.01), "180.825378073", "alpha^N<=c_N lam"),
    ((2, 1, 0.05, 0.8, 0.1), "20.0932984994", "c_N lam<alpha^N<=lam"),
    ((2, 0.2, 0.05, 0.8, 0.1), "32.0186088822", "0<lam<alpha^N"),
    ((3, 0, 0.1, 0.5, 0.2), "12480", "lam=0"),
    ((3, -1, 0.1, 0.5, 0.02), "400", "lam<0"),
    ((3, 2, 0.01, 0.5, 0.05), "44.85465313", "alpha^N<=c_N lam"),
]


@pytest.mark.parametrize("args,ref,regime", T_ID_REFS)
def test_T_id_reference_values(args, ref, regime):
    N, lam, eps, alpha, eta = args
    with mpmath.workdps(30):
        assert T_id_regime(N, lam, alpha) == regime
        assert close(T_id(*args), ref, 10 ** -(len(ref.replace(".", "")) - 1))


def test_T_id_fourth_case_clamps():
    """T_2^Id(1, 0.5, 0.1, 0.01) = 174.825378073 + s_2 with min(zeta, r - eps) = 0.5 and (.)_+ = 0."""
    with mpmath.workdps(30):
        assert close(T_id(2, 1, "0.5", "0.1", "0.01") - s_N(2, 1, "0.1"), T_plus(2, 1, "0.5", "0.1") / mpmath.mpf("0.01"), 1e-28)
        assert close(T_plus(2, 1, "0.5", "0.1") * 100, "174.825378073", 1e-11)


@pytest.mark.parametrize(
    "args,ref",
    [((3, 5, 1e-3, 0.1, 1e-3), "2140.51749378"), ((4, 2, 1e-4, 0.3, 0.01), "333.085695098"), ((2, 1, 0.05, 0.1, 0.01), "339.397445579")],
)
def test_lower_bound_23_reference_values(args, ref):
    with mpmath.workdps(30):
        assert close(lower_bound_23(*args), ref, 1e-11)


def test_step_size_limits():
    with mpmath.workdps(30):
        assert eta_limit_21(2, 0, 1) == mpmath.mpf(1) / 2
        assert close(eta_limit_21(3, -8, 1), mpmath.mpf(1) / (7 * 16), 1e-29)
        assert close(eta_limit_thm11(3, "0.5", 2), "0.05669289471", 1e-10)
        assert eta_limit_lem22(1, 5, 1) == 1
        assert close(eta_limit_lem22(2, 4, 1), mpmath.mpf(1) / 8, 1e-29)
        assert close(eta_limit_lem22(3, -1, 2), mpmath.mpf(1) / 16, 1e-29)
        assert close(eta_limit_lem22(3, -8, 1), mpmath.mpf(1) / (7 * 16), 1e-29)


@pytest.mark.parametrize(
    "args,T",
    [((3, 5, 0.1, 1e-3, 1e-3), 2159), ((4, 2, 0.3, 0.01, 1e-4), 340), ((2, 1, 0.1, 0.01, 0.05), 341), ((3, -1, 0.5, 0.02, 0.1), 393), ((2, 1, 0.8, 0.1, 0.05), 8)],
)
def test_hitting_time_reference_values(args, T):
    """chou.thm2.3-upper reference counts T, at dps 50."""
    with mpmath.workdps(50):
        assert hitting_time_mp(*args, max_steps=10**5) == T


def test_scalar_gd_reference_trajectories():
    """chou.lem2.2 reference values d(1), d(2), d(10)."""
    refs = [
        ((2, "-0.5", 1, "0.3"), ["0.55", "0.4175875", "0.095034698395"]),
        ((3, 0, 1, "0.5"), ["0.5", "0.484375", "0.411093500507"]),
        ((3, "-0.5", "1.2", "0.1"), ["0.879168", "0.787996991693", "0.519577907796"]),
        ((2, 1, "0.5", "0.3"), ["0.6125", "0.727315039062", "0.999463025177"]),
    ]
    with mpmath.workdps(30):
        for args, values in refs:
            d = scalar_gd_mp(*args, 10)
            assert len(d) == 11
            for k, ref in zip((1, 2, 10), values):
                assert abs(d[k] - mpmath.mpf(ref)) < 1e-12
            assert d[3] == g_map(args[0], args[1], args[3], d[2])


def test_hitting_time_failures():
    with mpmath.workdps(30):
        with pytest.raises(NotReached) as info:
            hitting_time_mp(3, 5, "0.1", "1e-3", "1e-3", 100)
        assert info.value.k_max == 100
        with pytest.raises(OverflowError):
            hitting_time_mp(2, -1, 1, 3, "1e-3", 1000)
        with pytest.raises(OverflowError):
            scalar_gd_mp(2, -1, 1, 3, 1000)
        assert hitting_time_mp(2, 1, "0.95", "0.1", "0.06", 0) == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda: U_plus(3, 0, 1),
        lambda: U_plus(3, -1, 1),
        lambda: U_plus(3, 8, 0),
        lambda: U_plus(3, 8, 2),
        lambda: U_plus(1, 8, 1),
        lambda: U_plus(2.0, 8, 1),
        lambda: U_plus(True, 8, 1),
        lambda: U_plus(3, "abc", 1),
        lambda: U_plus(3, "inf", 1),
        lambda: U_minus(3, -1),
        lambda: T_plus(3, 8, 1, 3),
        lambda: T_id(3, 5, "2", "0.1", "1e-3"),
        lambda: T_id(3, 5, "0", "0.1", "1e-3"),
        lambda: T_id(3, 5, "1e-3", "0.1", "10"),
        lambda: lower_bound_23(3, "0.5", "0.01", 1, "0.01"),
        lambda: zeta(3, -1),
        lambda: c_root(1),
        lambda: hitting_time_mp(2, 1, "0.1", "0.01", "-1", 10),
        lambda: scalar_gd_mp(2, 1, "0.1", "0.01", -1),
    ],
)
def test_domain_errors(call):
    with mpmath.workdps(20):
        with pytest.raises(DomainError):
            call()


def test_T_plus_N2_keeps_its_digits_for_tiny_lambda():
    """ln|lam/mu^2 - 1| goes through log1p: at lam = 1e-30 the flow time is (1/mu^2 - 1/alpha^2)/2 to first order."""
    with mpmath.workdps(20):
        t = T_plus(2, mpmath.mpf("1e-30"), mpmath.mpf("0.5"), mpmath.mpf("1.0"))
        assert abs(t - mpmath.mpf("1.5")) < mpmath.mpf("1e-18")
