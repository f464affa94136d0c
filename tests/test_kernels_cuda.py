"""The CUDA flavours of S1 and S4 against the CPU flavours on the same inputs.

Without a GPU these run under the CUDA simulator (``NUMBA_ENABLE_CUDASIM=1``, set in conftest.py),
where both flavours perform the same float64 operations: S1 must agree bit for bit. On a real GPU
(FMA contraction) and for S4 (BLAS on the CPU, loops on the device) agreement is to rounding.
"""
import warnings

import numpy as np
import pytest
from numba import config, cuda

from dmfcheck.numeric.initializations import gaussian_init, identical_init, symmetric_target
from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats

pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not (config.ENABLE_CUDASIM or cuda.is_available()),
                       reason="neither a CUDA device nor the CUDA simulator"),
]

SIMULATED = bool(config.ENABLE_CUDASIM)


def both_scalar(*args, **kwargs):
    cpu = scalar_gd_stats(*args, **kwargs)
    with warnings.catch_warnings():  # the simulator's numpy scalars warn on the diverging element
        warnings.simplefilter("ignore", RuntimeWarning)
        gpu = scalar_gd_stats(*args, backend="cuda", **kwargs)
    return cpu, gpu


def assert_same(cpu, gpu):
    assert cpu.keys() == gpu.keys()
    for key in cpu:
        assert gpu[key].dtype == cpu[key].dtype, key
        if SIMULATED or cpu[key].dtype.kind in "ib":
            np.testing.assert_array_equal(gpu[key], cpu[key], err_msg=key)
        else:
            np.testing.assert_allclose(gpu[key], cpu[key], rtol=1e-12, err_msg=key)


# (N, lam, alpha, eta, eps): the catalogue's hitting-time cases, a diverging run (chou.lemA.1),
# depth 1 with negative lam, an oscillating run and lam = 0.
SCALAR_CASES = [
    (3, 5.0, 0.1, 1e-3, 1e-3),
    (4, 2.0, 0.3, 0.01, 1e-4),
    (2, 1.0, 0.1, 0.01, 0.05),
    (3, -1.0, 0.5, 0.02, 0.1),
    (2, 1.0, 0.8, 0.1, 0.05),
    (2, -1.0, 1.0, 0.5 * (1 + 2 ** 0.5), 0.0),
    (1, -2.0, 0.5, 0.25, 1e-6),
    (2, 1.0, 0.5, 0.95, 0.075),
    (5, 0.0, 0.9, 0.3, 0.2),
]


@pytest.mark.parametrize("stop_at_hit", [False, True])
def test_scalar_cuda_matches_cpu(stop_at_hit):
    params = [np.array(column) for column in zip(*SCALAR_CASES)]
    cpu, gpu = both_scalar(*params, 2500, stop_at_hit=stop_at_hit)
    assert_same(cpu, gpu)
    assert gpu["hit"][:5].tolist() == [2159, 340, 341, 393, 8]
    assert not gpu["finite"][5] and gpu["finite"][[0, 1, 2, 3, 4, 6, 7, 8]].all()


def test_scalar_cuda_broadcasting_and_zero_steps():
    cpu, gpu = both_scalar(np.array([2, 3]), [[0.5], [-0.5]], 0.7, 0.1, 0.01, 0)
    assert_same(cpu, gpu)
    assert gpu["steps_run"].tolist() == [0, 0, 0, 0]
    assert np.all(gpu["d_final"] == 0.7) and np.all(gpu["max_d_increase"] == -np.inf)


def both_matrix(*args, **kwargs):
    cpu = matrix_gd(*args, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        gpu = matrix_gd(*args, backend="cuda", **kwargs)
    assert cpu.keys() == gpu.keys()
    for key in cpu:
        if cpu[key].dtype.kind in "ib":
            np.testing.assert_array_equal(gpu[key], cpu[key], err_msg=key)
        else:  # BLAS (CPU) and loops (device) sum in different orders
            np.testing.assert_allclose(gpu[key], cpu[key], rtol=1e-13, atol=1e-14, err_msg=key)
    return cpu, gpu


@pytest.mark.parametrize("N, n", [(1, 2), (2, 3), (3, 2), (3, 3)])
def test_matrix_cuda_matches_cpu_random_factors(N, n):
    factors = np.stack([gaussian_init(N, n, 0.6, seed=s) for s in range(3)])
    target = np.random.default_rng(N * 10 + n).standard_normal((3, n, n))
    cpu, gpu = both_matrix(factors, target, [0.02, 0.05, 0.1], 12, record_every=5)
    assert gpu["history"].shape == (3, 3, n, n) and gpu["finite"].all()


def test_matrix_cuda_identical_init_and_divergence():
    What, _ = symmetric_target([1.5, 0.4], seed=2)
    _, gpu = both_matrix(identical_init(2, 2, 0.3), What, 0.1, 20)
    assert gpu["finite"] and gpu["steps_run"] == 20 and gpu["product"].shape == (2, 2)
    _, gpu = both_matrix(identical_init(2, 2, 1.0), np.diag([-1.0, 1.0]), 50.0, 20,
                         record_every=5)
    assert not gpu["finite"] and 0 < gpu["steps_run"] < 20
