"""The float64 kernels of dmfcheck.numeric.kernels.scalar_windows against their mpmath twins."""
import doctest

import mpmath
import numpy as np
import pytest

from dmfcheck.numeric import scalar_recursion_mp
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.kernels import scalar_windows
from dmfcheck.numeric.kernels.scalar_windows import comparison_trajectory, deviation_trajectory, error_window
from dmfcheck.numeric.scalar_recursion_mp import comparison_trajectory_mp, error_window_mp, scalar_gd_mp

#: (N, lam, alpha, eta, start, stop): both signs of lam, alpha below and above lam^(1/N).
WINDOWS = [(3, 2.0, 0.5, 0.05, 40, 120), (2, 0.5, 1.0, 0.1, 0, 30), (4, -1.0, 0.8, 0.05, 5, 60),
           (2, 1.0, 0.1, 0.01, 300, 400)]


@pytest.mark.parametrize("N, lam, alpha, eta, start, stop", WINDOWS)
def test_error_window_matches_mpmath(N, lam, alpha, eta, start, stop):
    worst, arg = error_window(N, lam, alpha, eta, start, stop)
    with mpmath.workdps(50):
        worst_mp, k_mp = error_window_mp(N, lam, alpha, eta, start, stop)
    assert int(arg[0]) == k_mp and start <= k_mp <= stop
    assert abs(worst[0] - float(worst_mp)) <= 1e-12 * max(1.0, abs(lam))


def test_error_window_is_batched_and_flags_divergence():
    N, lam, alpha, eta, start, stop = (np.array(c) for c in zip(*WINDOWS))
    worst, arg = error_window(N, lam, alpha, eta, start, stop)
    singles = [error_window(*w) for w in WINDOWS]
    assert worst.tolist() == [float(m[0]) for m, _ in singles] and arg.tolist() == [int(k[0]) for _, k in singles]
    assert error_window(2, 1.0, 3.0, 1.0, 0, 50)[0][0] == np.inf  # eta far above the step-size limit


@pytest.mark.parametrize("N, lam, alpha, eta", [(2, -1.0, 1.0, 0.3), (3, -2.0, 0.7, 0.1), (5, -0.5, 1.2, 0.2)])
def test_comparison_and_deviation_trajectories_match_mpmath(N, lam, alpha, eta):
    steps = 200
    d = comparison_trajectory(N, lam, alpha, eta, steps)
    z_cmp = deviation_trajectory(N, lam, alpha, eta, steps, comparison=True)
    z_gd = deviation_trajectory(N, lam, alpha, eta, steps)
    with mpmath.workdps(50):
        d_mp = comparison_trajectory_mp(N, lam, alpha, eta, steps)
        gd_mp = scalar_gd_mp(N, lam, alpha, eta, steps)
        z_cmp_mp = [float(x - alpha) for x in d_mp]
        z_gd_mp = [float(x - alpha) for x in gd_mp]
    np.testing.assert_allclose(d, [float(x) for x in d_mp], rtol=1e-13)
    np.testing.assert_allclose(z_cmp, z_cmp_mp, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(z_gd, z_gd_mp, rtol=1e-12, atol=1e-300)
    assert np.all(np.diff(d) < 0) and z_gd[-1] < 0  # lam < 0: both decrease towards 0


def test_bad_input_raises_domain_error():
    with pytest.raises(DomainError):
        error_window(2, 1.0, 0.5, 0.1, 10, 5)
    with pytest.raises(DomainError):
        comparison_trajectory(2, -1.0, 1.0, 0.0, 5)
    with pytest.raises(DomainError):
        deviation_trajectory(0, -1.0, 1.0, 0.1, 5)
    with mpmath.workdps(30), pytest.raises(DomainError):
        comparison_trajectory_mp(2, -1.0, 1.0, -0.1, 5)


@pytest.mark.parametrize("module", [scalar_windows, scalar_recursion_mp])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
