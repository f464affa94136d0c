"""Numba kernels: ``<name>.py`` (CPU, njit) next to ``<name>_cuda.py`` (numba.cuda)."""
