"""Small float64 kernels on the scalar recursion (15) of Chou et al.: error windows and comparison runs.

* :func:`error_window`: ``max |d(k)^N - lam_+|`` over a window of steps of (15), batched; the error
  ``E_ii(k)`` of Theorem 1.1, eq. (10) (chou.thm1.1), per eigenvalue by Lemma 2.1;
* :func:`comparison_trajectory`: the comparison sequence ``d_-`` of the proof of Theorem 2.3 for
  ``lam < 0`` (``d_-(k+1) = d_-(k) + eta lam d_-(k)^(N-1)``, the display before (30));
* :func:`deviation_trajectory`: ``d(k) - alpha`` of (15) or of ``d_-``, accumulated as deviations
  (Lemma 2.6, chou.lem2.6, compares them with the flows (24) and (30)).

Powers are repeated multiplications (:func:`.scalar_gd.power`), the arithmetic of simulator S1.
Their mpmath twins are :func:`dmfcheck.numeric.scalar_recursion_mp.error_window_mp` and
:func:`~dmfcheck.numeric.scalar_recursion_mp.comparison_trajectory_mp`.
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ..errors import DomainError
from .scalar_gd import power


def _check_one(N, lam, alpha, eta, steps):
    """Validate one parameter set: ``N >= 1`` and ``steps >= 0`` integers, finite ``lam``, ``alpha``, ``eta > 0``."""
    for name, value in (("N", N), ("steps", steps)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
            raise DomainError(f"{name} must be an integer, got {value!r}")
    if N < 1 or steps < 0:
        raise DomainError(f"need N >= 1 and steps >= 0, got N={N}, steps={steps}")
    if not (np.isfinite(lam) and np.isfinite(alpha)):
        raise DomainError("lam and alpha must be finite")
    if not (np.isfinite(eta) and eta > 0):
        raise DomainError("eta must be finite and > 0")
    return int(N), float(lam), float(alpha), float(eta), int(steps)


@njit(cache=True, parallel=True)
def _error_window_batch(N, lam, alpha, eta, start, stop, out_max, out_arg):
    for i in prange(N.shape[0]):
        target = lam[i] if lam[i] > 0.0 else 0.0
        d = alpha[i]
        p = power(d, N[i] - 1)
        dn = p * d
        best = -1.0
        arg = -1
        for k in range(stop[i] + 1):
            if k >= start[i]:
                e = abs(dn - target)
                if not e <= 1e300:
                    best = np.inf
                    arg = k
                    break
                if e > best:
                    best = e
                    arg = k
            if k == stop[i]:
                break
            d = d - eta[i] * p * (dn - lam[i])
            p = power(d, N[i] - 1)
            dn = p * d
        out_max[i] = best
        out_arg[i] = arg


def error_window(N, lam, alpha, eta, start, stop):
    """``max |d(k)^N - lam_+|`` over ``start <= k <= stop`` and its argmax, float64, batched.

    Chou et al., eq. (10): the error ``E_ii(k)`` of Theorem 1.1 (chou.thm1.1) along recursion (15),
    per eigenvalue by Lemma 2.1; the same arithmetic as S1. Arguments broadcast to one batch
    (``N >= 1``, ``0 <= start <= stop`` integers). A non-finite iterate gives ``inf``.

    >>> m, k = error_window(3, 2.0, 0.5, 0.05, 45, 45)
    >>> f"{m[0]:.6e}", int(k[0])
    ('1.007715e-06', 45)
    """
    arrays = np.broadcast_arrays(*(np.asarray(x) for x in (N, lam, alpha, eta, start, stop)))
    N, lam, alpha, eta, start, stop = (np.ascontiguousarray(a.reshape(-1)) for a in arrays)
    for name, a in (("N", N), ("start", start), ("stop", stop)):
        if a.size and a.dtype.kind not in "iu":
            raise DomainError(f"{name} must be integers, got dtype {a.dtype}")
    if np.any(N < 1) or np.any(start < 0) or np.any(stop < start):
        raise DomainError("need N >= 1 and 0 <= start <= stop")
    if not (np.all(np.isfinite(lam)) and np.all(np.isfinite(alpha))):
        raise DomainError("lam and alpha must be finite")
    if not (np.all(np.isfinite(eta)) and np.all(eta > 0)):
        raise DomainError("eta must be finite and > 0")
    out_max = np.empty(len(N))
    out_arg = np.empty(len(N), np.int64)
    _error_window_batch(N.astype(np.int64), lam.astype(np.float64), alpha.astype(np.float64),
                        eta.astype(np.float64), start.astype(np.int64), stop.astype(np.int64), out_max, out_arg)
    return out_max, out_arg


@njit(cache=True)
def _comparison_trajectory(N, lam, alpha, eta, steps):
    d = np.empty(steps + 1)
    d[0] = alpha
    for k in range(steps):
        d[k + 1] = d[k] + eta * lam * power(d[k], N - 1)
    return d


def comparison_trajectory(N: int, lam: float, alpha: float, eta: float, steps: int) -> np.ndarray:
    """``d_-(0..steps)`` of ``d_-(k+1) = d_-(k) + eta lam d_-(k)^(N-1)``, ``d_-(0) = alpha`` (float64).

    Chou et al., proof of Theorem 2.3, the display before (30): the discrete comparison sequence for
    lam < 0 (chou.thm2.3-proof-claims, item 1; chou.lem2.6 with f = lam x^(N-1)).

    >>> comparison_trajectory(2, -1.0, 1.0, 0.5, 2).tolist()
    [1.0, 0.5, 0.25]
    """
    return _comparison_trajectory(*_check_one(N, lam, alpha, eta, steps))


@njit(cache=True)
def _deviation_trajectory(N, lam, alpha, eta, steps, comparison):
    z = np.empty(steps + 1)
    z[0] = 0.0
    for k in range(steps):
        x = alpha + z[k]
        step = lam * power(x, N - 1) if comparison else -power(x, N - 1) * (power(x, N) - lam)
        z[k + 1] = z[k] + eta * step
    return z


def deviation_trajectory(N: int, lam: float, alpha: float, eta: float, steps: int, comparison: bool = False):
    """``d(k) - alpha`` for k = 0..steps, accumulated as deviations (relative accuracy while d moves little).

    ``d(k+1) = d(k) + eta f(d(k))`` with ``f(x) = -x^(N-1)(x^N - lam)`` (Chou et al., recursion (15))
    or, with ``comparison=True``, ``f(x) = lam x^(N-1)`` (the comparison sequence d_- of the proof of
    Theorem 2.3, the display before (30)); used by chou.lem2.6.

    >>> deviation_trajectory(2, -1.0, 1.0, 0.5, 2, comparison=True).tolist()
    [0.0, -0.5, -0.75]
    """
    return _deviation_trajectory(*_check_one(N, lam, alpha, eta, steps), bool(comparison))
