"""Simulator S4 ``matrix_gd``, CUDA flavour: one thread per batch instance.

Chou et al., eqs. (6)-(9) (chou.eq6-9), the same algorithm as :mod:`.matrix_gd` (prefix and
suffix products, simultaneous update), with the small matrix products written as loops and the
work buffers passed in as global device arrays of shape ``(B, ...)``. Reached through
``matrix_gd(..., backend="cuda")``; importing this module imports ``numba.cuda``. Runs under
``NUMBA_ENABLE_CUDASIM=1`` without a GPU.
"""
from __future__ import annotations

import numpy as np
from numba import cuda

from .matrix_gd import DIVERGENCE_BOUND_SQ, copy_square

#: Threads per block of :func:`_matrix_gd_kernel`.
THREADS_PER_BLOCK = 64


@cuda.jit(device=True)
def _matmul(A, transpose_a, B, transpose_b, C):
    """``C = op(A) op(B)`` for square matrices, ``op`` the transpose where asked."""
    n = C.shape[0]
    for r in range(n):
        for c in range(n):
            s = 0.0
            for m in range(n):
                a = A[m, r] if transpose_a else A[r, m]
                b = B[c, m] if transpose_b else B[m, c]
                s += a * b
            C[r, c] = s


@cuda.jit
def _matrix_gd_kernel(factors, target, eta, steps, record_every, P, S, R, G, H, history, product,
                      loss, finite, steps_run):
    b = cuda.grid(1)
    if b >= factors.shape[0]:
        return
    F = factors[b]
    T = target[b]
    Pb = P[b]
    Sb = S[b]
    Rb = R[b]
    Gb = G[b]
    Hb = H[b]
    N = F.shape[0]
    n = F.shape[1]
    step = eta[b]
    ok = 1
    sq = 0.0
    k = 0
    while True:
        copy_square(F[0], Pb[0])
        for i in range(1, N):
            _matmul(F[i], False, Pb[i - 1], False, Pb[i])
        sq = 0.0
        for r in range(n):
            for c in range(n):
                Rb[r, c] = Pb[N - 1, r, c] - T[r, c]
                sq += Rb[r, c] * Rb[r, c]
        if record_every > 0 and k % record_every == 0:
            copy_square(Pb[N - 1], history[b, k // record_every])
        if not sq <= DIVERGENCE_BOUND_SQ:
            ok = 0
            break
        if k == steps:
            break
        if N >= 2:
            copy_square(F[N - 1], Sb[N - 2])
            for i in range(N - 3, -1, -1):
                _matmul(Sb[i + 1], False, F[i + 1], False, Sb[i])
        for i in range(N):
            if N == 1:
                copy_square(Rb, Gb)
            elif i == 0:
                _matmul(Sb[0], True, Rb, False, Gb)
            elif i == N - 1:
                _matmul(Rb, False, Pb[N - 2], True, Gb)
            else:
                _matmul(Sb[i], True, Rb, False, Hb)
                _matmul(Hb, False, Pb[i - 1], True, Gb)
            for r in range(n):
                for c in range(n):
                    F[i, r, c] -= step * Gb[r, c]
        k += 1
    copy_square(Pb[N - 1], product[b])
    loss[b] = 0.5 * sq
    finite[b] = ok
    steps_run[b] = k


def matrix_gd_cuda(factors, target, eta, steps, record_every, history, product, loss, finite,
                   steps_run):
    """Run the batch on the GPU; arguments as from :func:`.matrix_gd.prepare_problem`.

    ``factors`` is updated in place; ``history``, ``product``, ``loss``, ``finite`` and
    ``steps_run`` are host arrays filled with the results (the same contract as the CPU kernel).
    """
    size, N, n = factors.shape[0], factors.shape[1], factors.shape[2]
    if size == 0:
        return
    d_factors = cuda.to_device(factors)
    # A zero-length record axis is replaced by one unused slot: device arrays need a nonzero size.
    d_history = cuda.to_device(history if history.shape[1] > 0 else np.empty((size, 1, n, n)))
    work = [cuda.device_array((size, N, n, n)) for _ in range(2)]
    work += [cuda.device_array((size, n, n)) for _ in range(3)]
    d_product = cuda.device_array((size, n, n))
    d_loss = cuda.device_array(size)
    d_finite = cuda.device_array(size, dtype=np.int8)
    d_steps = cuda.device_array(size, dtype=np.int64)
    threads = min(THREADS_PER_BLOCK, size)
    blocks = (size + threads - 1) // threads
    _matrix_gd_kernel[blocks, threads](d_factors, cuda.to_device(target), cuda.to_device(eta),
                                       np.int64(steps), np.int64(record_every), *work, d_history,
                                       d_product, d_loss, d_finite, d_steps)
    factors[...] = d_factors.copy_to_host()
    if history.shape[1] > 0:
        history[...] = d_history.copy_to_host()
    product[...] = d_product.copy_to_host()
    loss[...] = d_loss.copy_to_host()
    finite[...] = d_finite.copy_to_host().astype(bool)
    steps_run[...] = d_steps.copy_to_host()
