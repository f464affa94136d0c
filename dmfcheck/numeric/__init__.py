"""Closed forms in mpmath, integrators and Numba kernels (CPU and CUDA)."""
