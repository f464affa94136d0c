"""Simulator S1 ``scalar_gd``, CUDA flavour: one thread per batch element.

Chou et al., eq. (15) (chou.eq15). The thread body is :func:`.scalar_gd.scalar_gd_element`, the
same source the CPU flavour compiles (``register_jitable`` makes it callable from ``cuda.jit``).
Reached through ``scalar_gd_stats(..., backend="cuda")``; importing this module imports
``numba.cuda``. Runs under ``NUMBA_ENABLE_CUDASIM=1`` without a GPU.
"""
from __future__ import annotations

import numpy as np
from numba import cuda

from .scalar_gd import N_FLOAT_COLUMNS, N_INT_COLUMNS, scalar_gd_element

#: Threads per block of :func:`_scalar_gd_kernel`.
THREADS_PER_BLOCK = 128


@cuda.jit
def _scalar_gd_kernel(N, lam, alpha, eta, eps, root, steps, stop_at_hit, out_int, out_float):
    i = cuda.grid(1)
    if i < N.shape[0]:
        scalar_gd_element(N[i], lam[i], alpha[i], eta[i], eps[i], root[i], steps, stop_at_hit,
                          out_int, out_float, i)


def scalar_gd_tables_cuda(N, lam, alpha, eta, eps, root, steps, stop_at_hit):
    """Run the batch on the GPU; arguments as returned by :func:`.scalar_gd.prepare_batch`.

    Returns the int64 and float64 result tables (host arrays) that
    :func:`.scalar_gd.unpack_tables` turns into the result dict.
    """
    size = N.shape[0]
    if size == 0:
        return np.empty((0, N_INT_COLUMNS), np.int64), np.empty((0, N_FLOAT_COLUMNS), np.float64)
    inputs = [cuda.to_device(a) for a in (N, lam, alpha, eta, eps, root)]
    out_int = cuda.device_array((size, N_INT_COLUMNS), dtype=np.int64)
    out_float = cuda.device_array((size, N_FLOAT_COLUMNS), dtype=np.float64)
    threads = min(THREADS_PER_BLOCK, size)
    blocks = (size + threads - 1) // threads
    _scalar_gd_kernel[blocks, threads](*inputs, np.int64(steps), stop_at_hit, out_int, out_float)
    return out_int.copy_to_host(), out_float.copy_to_host()
