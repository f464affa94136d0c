"""Simulator S4 ``matrix_gd``: full gradient descent on a depth-N factorization (CPU flavour).

Chou et al., eqs. (6)-(9) (chou.eq6-9): with ``W = W_N ... W_1`` and
``L(W) = 0.5 ||W - What||_F^2``,

    W_j(k+1) = W_j(k) - eta (W_N ... W_{j+1})^T (W - What) (W_{j-1} ... W_1)^T,

all factors updated simultaneously from iterate ``k`` (empty products are ``I``). Per step the
kernel forms the prefix products ``P_j = W_j ... W_1`` and suffix products ``W_N ... W_{j+1}`` once
(``4N - 5`` matrix products for ``N >= 2``) in preallocated buffers and updates every factor in
place. The CPU flavour runs ``prange`` over the batch with ``np.dot`` into work buffers; the CUDA
flavour (:mod:`.matrix_gd_cuda`) runs one thread per instance with explicit loops.

Mind chou.obs.instab: in float64, identical initialization with a mixed-sign spectrum leaves the
decoupled manifold exponentially fast.

>>> import numpy as np
>>> out = matrix_gd(np.stack([0.5 * np.eye(2)] * 2), np.diag([1.0, 0.25]), 0.1, 1)
>>> out["product"].round(6).tolist()
[[0.288906, 0.0], [0.0, 0.25]]
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange
from numba.extending import register_jitable

from ..errors import DomainError

#: A run stops at the first iterate with ``||W - What||_F^2`` NaN, inf or above this bound
#: (``||W - What||_F > 1e150``, the divergence bound of the scalar simulator).
DIVERGENCE_BOUND_SQ = 1e300


@register_jitable
def copy_square(src, dst):
    """``dst[...] = src`` for square matrices, as loops (a slice assignment under ``parallel=True``
    becomes a nested parfor and multiplies the compile time)."""
    n = dst.shape[0]
    for r in range(n):
        for c in range(n):
            dst[r, c] = src[r, c]


@njit(cache=True)
def _matrix_gd_one(F, T, eta, steps, record_every, history, product, out_loss, out_finite, out_steps,
                   b):
    N, n = F.shape[0], F.shape[1]
    P = np.empty((N, n, n))  # P[i] = F[i] ... F[0]
    S = np.empty((N, n, n))  # S[i] = F[N-1] ... F[i+1], i <= N-2
    R = np.empty((n, n))
    G = np.empty((n, n))
    H = np.empty((n, n))
    finite = True
    k = 0
    while True:
        copy_square(F[0], P[0])
        for i in range(1, N):
            np.dot(F[i], P[i - 1], P[i])
        sq = 0.0
        for r in range(n):
            for c in range(n):
                R[r, c] = P[N - 1, r, c] - T[r, c]
                sq += R[r, c] * R[r, c]
        if record_every > 0 and k % record_every == 0:
            copy_square(P[N - 1], history[k // record_every])
        if not sq <= DIVERGENCE_BOUND_SQ:
            finite = False
            break
        if k == steps:
            break
        if N >= 2:
            copy_square(F[N - 1], S[N - 2])
            for i in range(N - 3, -1, -1):
                np.dot(S[i + 1], F[i + 1], S[i])
        for i in range(N):
            if N == 1:
                copy_square(R, G)
            elif i == 0:
                np.dot(S[0].T, R, G)
            elif i == N - 1:
                np.dot(R, P[N - 2].T, G)
            else:
                np.dot(S[i].T, R, H)
                np.dot(H, P[i - 1].T, G)
            for r in range(n):
                for c in range(n):
                    F[i, r, c] -= eta * G[r, c]
        k += 1
    copy_square(P[N - 1], product)
    out_loss[b] = 0.5 * sq
    out_finite[b] = finite
    out_steps[b] = k


@njit(cache=True, parallel=True)
def _matrix_gd_batch(factors, target, eta, steps, record_every, history, product, loss, finite,
                     steps_run):
    for b in prange(factors.shape[0]):
        _matrix_gd_one(factors[b], target[b], eta[b], steps, record_every, history[b], product[b],
                       loss, finite, steps_run, b)


def _nonneg_int(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise DomainError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def prepare_problem(factors0, target, eta, steps, record_every):
    """Validate and broadcast the inputs of :func:`matrix_gd` (shared by both flavours).

    Returns ``(factors (B,N,n,n), target (B,n,n), eta (B,), steps, record_every, batched)`` as fresh
    C-contiguous float64 arrays; ``batched`` is False when neither input had a batch axis.
    """
    steps = _nonneg_int(steps, "steps")
    record_every = _nonneg_int(record_every, "record_every")
    F = np.asarray(factors0, dtype=np.float64)
    T = np.asarray(target, dtype=np.float64)
    if F.ndim not in (3, 4) or F.shape[-1] != F.shape[-2] or F.shape[-3] < 1:
        raise DomainError(f"factors0 must have shape (N, n, n) or (B, N, n, n), got {F.shape}")
    n = F.shape[-1]
    if T.ndim not in (2, 3) or T.shape[-2:] != (n, n):
        raise DomainError(f"target must have shape ({n}, {n}) or (B, {n}, {n}), got {T.shape}")
    if not (np.all(np.isfinite(F)) and np.all(np.isfinite(T))):
        raise DomainError("factors0 and target must be finite")
    batched = F.ndim == 4 or T.ndim == 3
    F4 = F if F.ndim == 4 else F[None]
    T3 = T if T.ndim == 3 else T[None]
    size = max(F4.shape[0], T3.shape[0])
    if {F4.shape[0], T3.shape[0]} - {1, size}:
        raise DomainError(f"batch sizes of factors0 {F4.shape[0]} and target {T3.shape[0]} differ")
    eta = np.asarray(eta, dtype=np.float64)
    if not np.all(np.isfinite(eta)) or np.any(eta <= 0):
        raise DomainError("eta must be finite and > 0")
    if eta.ndim > 1 or (eta.ndim == 1 and eta.shape[0] not in (1, size)):
        raise DomainError(f"eta must be a scalar or have shape ({size},), got {eta.shape}")
    # Fresh writable C arrays: a read-only or strided argument would make Numba compile again.
    F4 = np.array(np.broadcast_to(F4, (size,) + F4.shape[1:]), order="C")
    T3 = np.array(np.broadcast_to(T3, (size, n, n)), order="C")
    eta = np.array(np.broadcast_to(eta, (size,)), order="C")
    return F4, T3, eta, steps, record_every, batched


def matrix_gd(factors0, target, eta, steps, *, record_every=0, backend="cpu"):
    """Run ``steps`` iterations of full GD (6)-(9) on a batch of factorizations (simulator S4).

    Chou et al., eqs. (6)-(9), simultaneous update (chou.eq6-9).

    ``factors0``: ``(B, N, n, n)`` or ``(N, n, n)``, factor ``W_{j+1}`` at index ``j``;
    ``target`` ``What``: ``(B, n, n)`` or ``(n, n)`` (any square matrix; use
    :func:`dmfcheck.numeric.matrix_metrics.require_symmetric` where the paper needs a symmetric
    one); ``eta``: scalar or ``(B,)``. Returns a dict with

    * ``"factors"`` ``(B, N, n, n)``, ``"product"`` ``W`` ``(B, n, n)``, ``"loss"``
      ``0.5 ||W - What||_F^2`` ``(B,)``, at the last iterate ``steps_run``;
    * ``"finite"`` ``(B,)`` bool and ``"steps_run"`` ``(B,)`` int64: a run stops early at the first
      iterate with ``||W - What||_F`` NaN, inf or above 1e150, which is then the iterate returned
      (``finite`` False);
    * with ``record_every > 0``: ``"history"`` ``(B, R, n, n)``, the products ``W(k)`` at
      ``"history_k"`` ``= 0, record_every, ...`` up to ``steps`` (NaN after an early stop).

    The leading ``B`` is dropped when neither ``factors0`` nor ``target`` had a batch axis.
    ``backend="cuda"`` runs the CUDA flavour (``numba.cuda`` is imported only then).
    """
    F, T, eta, steps, record_every, batched = prepare_problem(factors0, target, eta, steps,
                                                              record_every)
    size, n = F.shape[0], F.shape[-1]
    n_records = steps // record_every + 1 if record_every > 0 else 0
    history = np.full((size, n_records, n, n), np.nan)
    product = np.empty((size, n, n))
    loss = np.empty(size)
    finite = np.empty(size, dtype=np.bool_)
    steps_run = np.empty(size, dtype=np.int64)
    if backend == "cpu":
        _matrix_gd_batch(F, T, eta, steps, record_every, history, product, loss, finite, steps_run)
    elif backend == "cuda":
        from .matrix_gd_cuda import matrix_gd_cuda

        matrix_gd_cuda(F, T, eta, steps, record_every, history, product, loss, finite, steps_run)
    else:
        raise DomainError(f"backend must be 'cpu' or 'cuda', got {backend!r}")
    out = {"factors": F, "product": product, "loss": loss, "finite": finite,
           "steps_run": steps_run}
    if record_every > 0:
        out["history"] = history
        out["history_k"] = np.arange(n_records, dtype=np.int64) * record_every
    if not batched:
        out = {key: (value if key == "history_k" else value[0]) for key, value in out.items()}
    return out
