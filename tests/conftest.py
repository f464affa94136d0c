"""Shared test setup: the CUDA simulator, one warm-up of the CPU kernels, the Hypothesis profile.

``NUMBA_ENABLE_CUDASIM`` must be set before anything imports numba, so it comes first; a machine
with a GPU runs the CUDA tests on the device by exporting ``NUMBA_ENABLE_CUDASIM=0``.
"""
import os

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def warm_cpu_kernels():
    """Compile (or load from numba's cache) the CPU kernels once, before any test is timed."""
    from dmfcheck.numeric.initializations import identical_init
    from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
    from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats, scalar_gd_trajectory

    scalar_gd_stats(2, 1.0, 0.5, 0.1, 0.0, 2)
    scalar_gd_trajectory(2, 1.0, 0.5, 0.1, 2)
    matrix_gd(identical_init(2, 2, 0.5), np.eye(2), 0.1, 1, record_every=1)
