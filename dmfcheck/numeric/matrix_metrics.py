"""Matrix metrics shared by every paper's checks (spectral quantities, basis changes, symmetry).

Chou et al.: ``||.||`` is the spectral norm and ``||.||_*`` the nuclear norm (catalogue §(a)); the
effective rank ``r(W) = ||W||_* / ||W||`` is chou.def.reff. All functions accept a single matrix
``(n, n)`` or a stack ``(..., n, n)`` and return one value (or matrix) per matrix.
"""
from __future__ import annotations

import numpy as np

from .errors import DomainError


def _matrices(W, name="W"):
    W = np.asarray(W, dtype=np.float64)
    if W.ndim < 2:
        raise DomainError(f"{name} must be a matrix or a stack of matrices, got shape {W.shape}")
    return W


def _singular_values(W):
    return np.linalg.svd(_matrices(W), compute_uv=False)


def spectral_norm(W):
    """The spectral norm ``||W||`` (largest singular value).

    >>> float(spectral_norm([[3.0, 0.0], [0.0, -4.0]]))
    4.0
    """
    return _singular_values(W)[..., 0]


def nuclear_norm(W):
    """The nuclear norm ``||W||_*`` (sum of the singular values).

    >>> float(nuclear_norm([[3.0, 0.0], [0.0, -4.0]]))
    7.0
    """
    return _singular_values(W).sum(axis=-1)


def effective_rank(W):
    """The effective rank ``r(W) = ||W||_* / ||W||``, with ``1 <= r(W) <= rank(W)``.

    Chou et al., Section 3 (chou.def.reff). Undefined (DomainError) for ``W = 0``.

    >>> float(effective_rank([[3.0, 0.0], [0.0, -4.0]]))
    1.75
    """
    s = _singular_values(W)
    if np.any(s[..., 0] == 0):
        raise DomainError("the effective rank of the zero matrix is undefined")
    return s.sum(axis=-1) / s[..., 0]


def offdiag_norm(M):
    """The Frobenius norm of the off-diagonal part of ``M`` (square).

    Measures the distance from the decoupled manifold of Lemma 2.1 (chou.lem2.1) when applied to
    ``V^T W V`` (see :func:`in_basis`).

    >>> float(offdiag_norm([[1.0, 3.0], [-4.0, 2.0]]))
    5.0
    """
    M = _matrices(M, "M")
    if M.shape[-1] != M.shape[-2]:
        raise DomainError(f"M must be square, got shape {M.shape}")
    off = M * (1.0 - np.eye(M.shape[-1]))
    return np.sqrt(np.sum(off * off, axis=(-2, -1)))


def in_basis(W, V):
    """``V^T W V``: the matrix ``W`` in the orthonormal basis given by the columns of ``V``.

    Chou et al., Lemma 2.1 (chou.lem2.1): ``V^T W_j(k) V`` is diagonal under identical init.

    >>> V = np.array([[1.0, 1.0], [1.0, -1.0]]) / np.sqrt(2)
    >>> np.diag(in_basis([[2.0, 1.0], [1.0, 2.0]], V)).round(12).tolist()
    [3.0, 1.0]
    """
    W = _matrices(W)
    V = _matrices(V, "V")
    return np.swapaxes(V, -1, -2) @ W @ V


def require_symmetric(M, tol=1e-12):
    """Return ``M`` as a float64 array if it is a symmetric square matrix (or stack), else raise.

    Symmetric means ``max |M - M^T| <= tol * max(1, max |M|)``; the paper's ground truth
    ``What = V Lambda V^T`` must be symmetric (Chou et al., Section 1). Raises DomainError otherwise.

    >>> require_symmetric([[1.0, 2.0], [2.0, 1.0]]).shape
    (2, 2)
    """
    M = _matrices(M, "M")
    if M.shape[-1] != M.shape[-2]:
        raise DomainError(f"a symmetric matrix must be square, got shape {M.shape}")
    if not np.all(np.isfinite(M)):
        raise DomainError("the matrix must be finite")
    asym = np.max(np.abs(M - np.swapaxes(M, -1, -2)), initial=0.0)
    scale = max(1.0, float(np.max(np.abs(M), initial=0.0)))
    if asym > tol * scale:
        raise DomainError(f"matrix is not symmetric: max |M - M^T| = {asym:.3g} > {tol:g} * {scale:.3g}")
    return M
