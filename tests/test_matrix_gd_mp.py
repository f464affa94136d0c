"""The mpmath copy of simulator S4 (dmfcheck.numeric.matrix_gd_mp) against the float64 kernel matrix_gd."""
import doctest

import mpmath
import numpy as np
import pytest

from dmfcheck.numeric import matrix_gd_mp
from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.matrix_gd_mp import mp_gradients, mp_matrix_gd


def _problem(N, n, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, n, n)) / np.sqrt(n), rng.standard_normal((n, n))


@pytest.mark.parametrize("N, n, eta, steps", [(1, 2, 0.1, 5), (2, 3, 0.05, 6), (3, 2, 0.05, 8)])
def test_agrees_with_the_float64_kernel(N, n, eta, steps):
    F0, T = _problem(N, n, seed=N * 10 + n)
    with mpmath.workdps(15):  # 53-bit mantissa, as float64
        products, factors = mp_matrix_gd(F0.tolist(), T.tolist(), eta, steps)
    out = matrix_gd(F0, T, eta, steps)
    assert len(products) == steps + 1
    np.testing.assert_allclose(np.array(products[0], dtype=float), np.linalg.multi_dot(F0[::-1]) if N > 1 else F0[0],
                               rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.array(factors, dtype=float), out["factors"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.array(products[-1], dtype=float), out["product"], rtol=0, atol=1e-12)
    assert not np.allclose(out["factors"], F0)  # the run moved


def test_gradients_of_a_product_of_two_factors():
    """(9) for N = 2: grad_1 = W_2^T R, grad_2 = R W_1^T with R = W_2 W_1 - T."""
    F0, T = _problem(2, 3, seed=7)
    with mpmath.workdps(30):
        W, R, (g1, g2) = mp_gradients([[[mpmath.mpf(x) for x in row] for row in Fj] for Fj in F0.tolist()],
                                      [[mpmath.mpf(x) for x in row] for row in T.tolist()])
    R64 = F0[1] @ F0[0] - T
    np.testing.assert_allclose(np.array(W, dtype=float), F0[1] @ F0[0], rtol=0, atol=1e-14)
    np.testing.assert_allclose(np.array(R, dtype=float), R64, rtol=0, atol=1e-14)
    np.testing.assert_allclose(np.array(g1, dtype=float), F0[1].T @ R64, rtol=0, atol=1e-13)
    np.testing.assert_allclose(np.array(g2, dtype=float), R64 @ F0[0].T, rtol=0, atol=1e-13)


def test_doctests():
    result = doctest.testmod(matrix_gd_mp)
    assert result.attempted > 0 and result.failed == 0
