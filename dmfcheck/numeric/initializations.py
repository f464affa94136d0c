"""Initial factors and ground truths for the matrix simulator S4 (``matrix_gd``).

Chou et al., eq. (7) (identical), eq. (11) = (34) (perturbed identical), the Gaussian
initialization ``W_j(0) = alpha A_j`` of Section 4, and symmetric targets ``What = V Lambda V^T``
with Haar-distributed ``V`` (Section 1). Factor ``W_{j+1}`` sits at index ``j`` of the stack, the
layout :func:`dmfcheck.numeric.kernels.matrix_gd.matrix_gd` takes.
"""
from __future__ import annotations

import numpy as np

from .errors import DomainError


def _check_shape(N, n):
    for name, value in (("N", N), ("n", n)):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
            raise DomainError(f"{name} must be an integer >= 1, got {value!r}")


def _check_scale(alpha):
    if not (np.isfinite(alpha) and alpha > 0):
        raise DomainError(f"alpha must be finite and > 0, got {alpha!r}")


def identical_init(N, n, alpha):
    """Identical initialization ``W_j(0) = alpha I`` for ``j = 1..N``.

    Chou et al., eq. (7) (chou.eq7).

    >>> identical_init(2, 2, 0.5).tolist()
    [[[0.5, 0.0], [0.0, 0.5]], [[0.5, 0.0], [0.0, 0.5]]]
    """
    _check_shape(N, n)
    _check_scale(alpha)
    return np.broadcast_to(float(alpha) * np.eye(n), (N, n, n)).copy()


def perturbed_init(N, n, alpha, beta):
    """Perturbed identical initialization ``W_1(0) = (alpha - beta) I``, ``W_j(0) = alpha I`` (j >= 2).

    Chou et al., eq. (11) = (34) (chou.eq11), with ``0 < beta < alpha``.

    >>> perturbed_init(2, 1, 1.0, 0.25).ravel().tolist()
    [0.75, 1.0]
    """
    _check_shape(N, n)
    _check_scale(alpha)
    if not (np.isfinite(beta) and 0 < beta < alpha):
        raise DomainError(f"beta must satisfy 0 < beta < alpha = {alpha!r}, got {beta!r}")
    factors = identical_init(N, n, alpha)
    factors[0] = (alpha - beta) * np.eye(n)
    return factors


def gaussian_init(N, n, alpha, seed):
    """Gaussian initialization ``W_j(0) = alpha A_j`` with i.i.d. standard normal entries of ``A_j``.

    Chou et al., Section 4 (catalogue S4 "Gaussian alpha A_j"); ``A_1, ..., A_N`` are drawn in order
    from ``np.random.default_rng(seed)``.

    >>> gaussian_init(2, 3, 0.1, seed=0).shape
    (2, 3, 3)
    """
    _check_shape(N, n)
    _check_scale(alpha)
    return float(alpha) * np.random.default_rng(seed).standard_normal((N, n, n))


def haar_orthogonal(n, seed):
    """A Haar-distributed orthogonal ``n x n`` matrix: QR of a Gaussian matrix with the sign fix.

    The columns of ``Q`` are multiplied by the signs of ``diag(R)`` (Mezzadri 2007), which makes the
    law of ``Q`` the Haar measure on ``O(n)``.

    >>> V = haar_orthogonal(4, seed=1)
    >>> bool(np.allclose(V.T @ V, np.eye(4)))
    True
    """
    _check_shape(1, n)
    q, r = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    signs = np.where(np.diag(r) < 0, -1.0, 1.0)
    return q * signs


def symmetric_target(eigenvalues, seed):
    """A symmetric ground truth ``What = V diag(eigenvalues) V^T`` with Haar-orthogonal ``V``.

    Chou et al., Section 1 (``What = V Lambda V^T``, catalogue §(a)); ``V`` from
    :func:`haar_orthogonal` with ``np.random.default_rng(seed)``. ``What`` is symmetrized exactly.
    Returns ``(What, V)``.

    >>> W, V = symmetric_target([2.0, -1.0], seed=0)
    >>> np.round(np.linalg.eigvalsh(W), 12).tolist(), bool(np.array_equal(W, W.T))
    ([-1.0, 2.0], True)
    """
    lam = np.asarray(eigenvalues, dtype=np.float64)
    if lam.ndim != 1 or lam.size == 0 or not np.all(np.isfinite(lam)):
        raise DomainError("eigenvalues must be a non-empty 1-D array of finite numbers")
    V = haar_orthogonal(lam.size, seed)
    W = (V * lam) @ V.T
    return 0.5 * (W + W.T), V
