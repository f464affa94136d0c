"""Simulator S1 ``scalar_gd``: the scalar recursion of identical initialization (CPU flavour).

Chou et al., eq. (15) (journal (18)); see chou.eq15 and chou.lem2.2:

    d(k+1) = d(k) - eta * d(k)^(N-1) * (d(k)^N - lam),    d(0) = alpha.

By Lemma 2.1 (chou.lem2.1) this is the dynamics of one eigen-direction of full GD from
``W_j(0) = alpha I``; the product's eigenvalue is ``d(k)^N``. The iterates are compared with the
limit ``lam_+^(1/N)`` (``lam`` itself for ``N = 1``, whose limit is ``lam`` for every sign, Lemma 2.2).

The per-element body :func:`scalar_gd_element` is written once and compiled twice: here by
``numba.njit`` (``parallel=True``, ``prange`` over the batch) and in :mod:`.scalar_gd_cuda` by
``numba.cuda.jit`` (one thread per element). Powers are repeated multiplications, so both flavours
perform the same float64 operations in the same order (bit-identical under the CUDA simulator; a
real GPU may contract ``a*b + c`` into an FMA and differ in the last bits).

>>> out = scalar_gd_stats(2, 1.0, 0.8, 0.1, 0.05, 50)
>>> int(out["hit"][0]), bool(out["finite"][0])
(8, True)
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange
from numba.extending import register_jitable

from ..errors import DomainError

#: An iterate with ``|d| > DIVERGENCE_BOUND`` (or ``d``, ``d^N`` not finite) ends that element's run.
DIVERGENCE_BOUND = 1e150

#: Columns of the int64 result table (``finite`` is stored as 0/1).
I_HIT, I_LAST_EXIT, I_STEPS_RUN, I_FINITE = range(4)
N_INT_COLUMNS = 4
#: Columns of the float64 result table.
(F_D_FINAL, F_D_MIN, F_D_MAX, F_MAX_ERR_INCREASE,
 F_MAX_D_INCREASE, F_MAX_D_DECREASE, F_ERR_AT_HIT) = range(7)
N_FLOAT_COLUMNS = 7

_NAN = float("nan")
_NEG_INF = -float("inf")


@register_jitable
def power(x, m):
    """``x**m`` for an integer ``m >= 0`` as ``m`` successive multiplications (same bits on every target)."""
    p = 1.0
    for _ in range(m):
        p *= x
    return p


@register_jitable
def scalar_gd_element(N, lam, alpha, eta, eps, root, steps, stop_at_hit, out_int, out_float, i):
    """Run recursion (15) for one parameter set and write its statistics to row ``i`` of the tables.

    ``root`` is the limit ``lam_+^(1/N)`` (``lam`` for ``N = 1``) computed by the caller. The run stops
    after ``steps`` updates, at the first hit when ``stop_at_hit``, or before the first iterate that is
    not finite, exceeds :data:`DIVERGENCE_BOUND` in modulus, or whose ``N``-th power overflows; then
    ``finite`` is 0 and ``steps_run`` is the index of the last accepted iterate.
    """
    lam_target = lam
    if N >= 2 and lam < 0.0:
        lam_target = 0.0
    d = alpha
    p = power(d, N - 1)
    d_n = p * d
    err = abs(d_n - lam_target)
    dist = abs(d - root)
    hit = -1
    inside_since = -1
    err_at_hit = _NAN
    if dist <= eps:
        hit = 0
        inside_since = 0
        err_at_hit = dist
    d_min = d
    d_max = d
    max_err_increase = _NEG_INF
    max_d_increase = _NEG_INF
    max_d_decrease = _NEG_INF
    finite = 1
    k = 0
    while k < steps and not (stop_at_hit and hit >= 0):
        d_new = d - eta * p * (d_n - lam)
        p_new = power(d_new, N - 1)
        d_n_new = p_new * d_new
        if not (abs(d_new) <= DIVERGENCE_BOUND and d_n_new - d_n_new == 0.0):
            finite = 0
            break
        err_new = abs(d_n_new - lam_target)
        if err_new - err > max_err_increase:
            max_err_increase = err_new - err
        if d_new - d > max_d_increase:
            max_d_increase = d_new - d
        if d - d_new > max_d_decrease:
            max_d_decrease = d - d_new
        if d_new < d_min:
            d_min = d_new
        if d_new > d_max:
            d_max = d_new
        k += 1
        d = d_new
        p = p_new
        d_n = d_n_new
        err = err_new
        dist = abs(d - root)
        if dist <= eps:
            if hit < 0:
                hit = k
                err_at_hit = dist
            if inside_since < 0:
                inside_since = k
        else:
            inside_since = -1
    out_int[i, I_HIT] = hit
    out_int[i, I_LAST_EXIT] = inside_since
    out_int[i, I_STEPS_RUN] = k
    out_int[i, I_FINITE] = finite
    out_float[i, F_D_FINAL] = d
    out_float[i, F_D_MIN] = d_min
    out_float[i, F_D_MAX] = d_max
    out_float[i, F_MAX_ERR_INCREASE] = max_err_increase
    out_float[i, F_MAX_D_INCREASE] = max_d_increase
    out_float[i, F_MAX_D_DECREASE] = max_d_decrease
    out_float[i, F_ERR_AT_HIT] = err_at_hit


@njit(cache=True, parallel=True)
def _scalar_gd_batch(N, lam, alpha, eta, eps, root, steps, stop_at_hit, out_int, out_float):
    for i in prange(N.shape[0]):
        scalar_gd_element(N[i], lam[i], alpha[i], eta[i], eps[i], root[i], steps, stop_at_hit,
                          out_int, out_float, i)


@njit(cache=True)
def _trajectory(N, lam, alpha, eta, steps):
    d = np.empty(steps + 1)
    d[0] = alpha
    for k in range(steps):
        p = power(d[k], N - 1)
        d[k + 1] = d[k] - eta * p * (p * d[k] - lam)
    return d


def _check_steps(steps):
    if isinstance(steps, (bool, np.bool_)) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise DomainError(f"steps must be an integer >= 0, got {steps!r}")
    return int(steps)


def _as_depth(N):
    arr = np.asarray(N)
    if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu" or np.any(arr < 1):
        raise DomainError(f"N must be an integer >= 1, got {N!r}")
    return arr.astype(np.int64)


def limit_root(N, lam):
    """The limit of recursion (15): ``lam_+^(1/N)`` for ``N >= 2`` and ``lam`` for ``N = 1`` (Lemma 2.2).

    Chou et al., Lemma 2.2 / Theorem 1.1 (chou.lem2.2): ``d(k) -> max(lam, 0)^(1/N)``.

    >>> float(limit_root(3, 8.0)), float(limit_root(2, -1.0)), float(limit_root(1, -1.0))
    (2.0, 0.0, -1.0)
    """
    N = np.asarray(N)
    lam = np.asarray(lam, dtype=np.float64)
    return np.where(N == 1, lam, np.maximum(lam, 0.0) ** (1.0 / N))


def prepare_batch(N, lam, alpha, eta, eps, steps):
    """Validate and broadcast the inputs of :func:`scalar_gd_stats` to contiguous 1-D arrays.

    Returns ``(N, lam, alpha, eta, eps, root, steps)``; shared by the CPU and CUDA flavours.
    """
    steps = _check_steps(steps)
    N = _as_depth(N)
    lam, alpha, eta, eps = (np.asarray(x, dtype=np.float64) for x in (lam, alpha, eta, eps))
    if not np.all(np.isfinite(lam)):
        raise DomainError("lam must be finite")
    if not np.all(np.isfinite(alpha)):
        raise DomainError("alpha must be finite")
    if not np.all(np.isfinite(eta)) or np.any(eta <= 0):
        raise DomainError("eta must be finite and > 0")
    if np.any(np.isnan(eps)) or np.any(eps < 0):
        raise DomainError("eps must be >= 0")
    try:
        arrays = np.broadcast_arrays(N, lam, alpha, eta, eps)
    except ValueError as exc:
        raise DomainError(f"parameters do not broadcast: {exc}") from None
    # Fresh writable C arrays: a read-only or strided argument would make Numba compile again.
    N, lam, alpha, eta, eps = (np.array(a.reshape(-1), order="C") for a in arrays)
    return N, lam, alpha, eta, eps, limit_root(N, lam), steps


def unpack_tables(out_int, out_float):
    """The result dict of :func:`scalar_gd_stats` from the int64 and float64 tables of the kernels."""
    return {
        "hit": out_int[:, I_HIT].copy(),
        "last_exit": out_int[:, I_LAST_EXIT].copy(),
        "steps_run": out_int[:, I_STEPS_RUN].copy(),
        "finite": out_int[:, I_FINITE].astype(bool),
        "d_final": out_float[:, F_D_FINAL].copy(),
        "d_min": out_float[:, F_D_MIN].copy(),
        "d_max": out_float[:, F_D_MAX].copy(),
        "max_err_increase": out_float[:, F_MAX_ERR_INCREASE].copy(),
        "max_d_increase": out_float[:, F_MAX_D_INCREASE].copy(),
        "max_d_decrease": out_float[:, F_MAX_D_DECREASE].copy(),
        "err_at_hit": out_float[:, F_ERR_AT_HIT].copy(),
    }


def scalar_gd_stats(N, lam, alpha, eta, eps, steps, *, stop_at_hit=False, backend="cpu"):
    """Run recursion (15) on a batch and return per-element statistics (simulator S1).

    Chou et al., eq. (15); hitting time ``T`` and last-exit time ``T_stay`` as in the catalogue's
    conventions (chou.md §(f)); the monotonicity statistics serve Lemma 2.2 (chou.lem2.2).

    ``N`` (int >= 1), ``lam``, ``alpha``, ``eta`` (> 0) and ``eps`` (>= 0) broadcast to one 1-D batch.
    Each element runs up to ``steps`` updates. With ``root = lam_+^(1/N)`` (``lam`` for ``N = 1``) the
    result holds, per element:

    * ``hit`` (int64): the first ``k`` in ``[0, steps_run]`` with ``|d(k) - root| <= eps``, else -1;
    * ``last_exit`` (int64): ``T_stay``, the first ``k`` with ``|d(j) - root| <= eps`` for all
      ``j`` in ``[k, steps_run]``, else -1;
    * ``steps_run`` (int64): the index of the last iterate computed (``steps`` unless
      ``stop_at_hit`` stopped at ``hit`` or the run diverged);
    * ``d_final``, ``d_min``, ``d_max`` (float64): ``d(steps_run)`` and the extremes over
      ``k = 0..steps_run``;
    * ``max_err_increase``: ``max_k |d(k+1)^N - lam_+| - |d(k)^N - lam_+|`` (``lam`` for ``N = 1``);
    * ``max_d_increase``, ``max_d_decrease``: ``max_k d(k+1) - d(k)`` and ``max_k d(k) - d(k+1)``
      (``-inf`` when no step was taken);
    * ``err_at_hit``: ``|d(hit) - root|`` (nan without a hit);
    * ``finite`` (bool): False if ``d(steps_run + 1)`` was NaN/inf, had ``|d| > 1e150`` or an
      overflowing ``d^N``; the statistics then cover the accepted iterates ``0..steps_run``.

    ``backend="cuda"`` runs the same element body with ``numba.cuda`` (imported only then).

    >>> out = scalar_gd_stats(2, 1.0, [0.1, 0.8], 0.01, 0.05, 1000, stop_at_hit=True)
    >>> out["hit"].tolist(), out["steps_run"].tolist()
    ([341, 82], [341, 82])
    """
    N, lam, alpha, eta, eps, root, steps = prepare_batch(N, lam, alpha, eta, eps, steps)
    stop_at_hit = bool(stop_at_hit)
    if backend == "cpu":
        out_int = np.empty((N.shape[0], N_INT_COLUMNS), dtype=np.int64)
        out_float = np.empty((N.shape[0], N_FLOAT_COLUMNS), dtype=np.float64)
        _scalar_gd_batch(N, lam, alpha, eta, eps, root, steps, stop_at_hit, out_int, out_float)
    elif backend == "cuda":
        from .scalar_gd_cuda import scalar_gd_tables_cuda

        out_int, out_float = scalar_gd_tables_cuda(N, lam, alpha, eta, eps, root, steps, stop_at_hit)
    else:
        raise DomainError(f"backend must be 'cpu' or 'cuda', got {backend!r}")
    return unpack_tables(out_int, out_float)


def scalar_gd_trajectory(N, lam, alpha, eta, steps):
    """The trajectory ``d(0), ..., d(steps)`` of recursion (15) for one parameter set (float64).

    Chou et al., eq. (15) (chou.eq15). Same arithmetic as :func:`scalar_gd_stats`; a diverging run
    is not stopped (its tail is inf/nan).

    >>> scalar_gd_trajectory(2, -0.5, 1.0, 0.3, 2).tolist()
    [1.0, 0.55, 0.4175875]
    """
    steps = _check_steps(steps)
    N = _as_depth(N)
    if N.ndim != 0:
        raise DomainError("scalar_gd_trajectory takes one parameter set (scalar N)")
    lam, alpha, eta = (float(x) for x in (lam, alpha, eta))
    if not (np.isfinite(lam) and np.isfinite(alpha)):
        raise DomainError("lam and alpha must be finite")
    if not (np.isfinite(eta) and eta > 0):
        raise DomainError("eta must be finite and > 0")
    return _trajectory(int(N), lam, alpha, eta, steps)
