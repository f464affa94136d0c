"""Numba kernels: ``<name>.py`` (CPU, njit) next to ``<name>_cuda.py`` (numba.cuda).

The OpenMP threads of ``parallel=True`` kernels spin between calls by default, which costs about
20 ms per call on a 2-core machine; passive waiting costs 0.4 ms. The setting must precede the
first kernel import, so it is made here (a user's own value wins).
"""
import os

os.environ.setdefault("OMP_WAIT_POLICY", "passive")
