"""Growth of the off-diagonal mode between two eigen-directions under matrix GD (simulator S4).

Chou et al., eqs. (6)-(9) with identical initialization (7) on the 2 x 2 target ``diag(lam_i, lam_j)``,
``lam_i > 0`` and ``lam_j < 0`` (catalogue chou.obs.instab, erratum E14): by Lemma 2.1 (eq. (14)) the
factors stay diagonal, ``d_i -> lam_i^(1/N)`` and ``d_j -> 0``; a tiny seed in ``(W_1)_ij`` then grows
(or decays) at the rate of the linearization of (9) there, :func:`predicted_exponent`.

float64 runs use the kernels :func:`~dmfcheck.numeric.kernels.matrix_gd.matrix_gd` and
:func:`~dmfcheck.numeric.kernels.scalar_gd.scalar_gd_trajectory`; ``mp=True`` re-runs phase 2 in mpmath
at the caller's precision (``with mpmath.workdps(d):``).
"""
from __future__ import annotations

import math

import mpmath
import numpy as np

from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_trajectory
from dmfcheck.numeric.matrix_gd_mp import mp_matrix_gd
from dmfcheck.numeric.scalar_recursion_mp import scalar_gd_mp

#: Off-diagonal seed in W_1 at position (i, j) (recipe of chou.obs.instab).
SEED = 1e-12
#: The log-slope is fitted while FIT_LO < |offdiag(W)| < FIT_HI.
FIT_LO, FIT_HI = 1e-10, 1e-4
#: The seed is placed once |d_i - lam_i^(1/N)| < CONVERGED.
CONVERGED = 1e-6
#: Step budgets: phase 1 (diagonal convergence) and phase 2 (no-growth horizon).
PHASE1_MAX = 200_000
NO_GROWTH_MAX = 30_000


class SeedNotReached(RuntimeError):
    """Phase 1 did not bring ``d_i`` within CONVERGED of ``lam_i^(1/N)`` within PHASE1_MAX steps."""


def predicted_exponent(N, lam_i, lam_j):
    """``lam_i^((N-2)/N) (|lam_j| - lam_i)``: the growth exponent (per unit eta) of the off-diagonal mode
    coupling directions ``i`` (``d_i = lam_i^(1/N)``) and ``j`` (``d_j = 0``). Linearizing (9) there, the
    pair ``((W_1)_ij, (W_N)_ji)`` evolves by ``I - eta [[lam_i^((2N-2)/N), b], [b, lam_i^((2N-2)/N)]]`` with
    ``b = lam_i^((N-2)/N) |lam_j|``, so the mode ``(W_1)_ij = -(W_N)_ji`` grows by
    ``1 + eta lam_i^((N-2)/N)(|lam_j| - lam_i)`` per step: ``1 + eta(|lam_j| - lam_i)`` for N = 2
    (catalogue E14). For N >= 3 the catalogue calls the rate empirical: along GD ``d_j -> 0`` only
    polynomially, and the measured rate approaches this value as ``d_j`` does.

    >>> round(predicted_exponent(3, 0.5, -1.0), 10)
    0.396850263
    """
    return lam_i ** ((N - 2) / N) * (abs(lam_j) - lam_i)


def _phase1(N, lam_i, alpha, eta):
    """Decoupled (diagonal) GD until ``|d_i - lam_i^(1/N)| < 1e-6``: the seeding step ``ks``."""
    root = lam_i ** (1.0 / N)
    traj = scalar_gd_trajectory(N, lam_i, alpha, eta, PHASE1_MAX)
    hit = np.flatnonzero(np.abs(traj - root) < CONVERGED)
    if hit.size == 0:
        raise SeedNotReached(f"d_i did not reach lam_i^(1/N) within {PHASE1_MAX} steps")
    return int(hit[0])


def _phase2_steps(N, lam_i, lam_j, eta):
    rate = math.log1p(eta * predicted_exponent(N, lam_i, lam_j))
    if rate > 0:
        start = SEED * lam_i ** ((N - 1) / N)
        return int(math.ceil(1.5 * math.log(FIT_HI / start) / rate)) + 200
    return min(NO_GROWTH_MAX, int(math.ceil(math.log(1e3) / -rate)) + 200)


def pair_setup(N, lam_i, lam_j, alpha, eta, *, mp=False):
    """Phase 1 of :func:`measure_pair`: the seeding step, the phase-2 length, the decoupled runs
    ``d_i, d_j`` of (15) from the seeding step on, and the seeded factors (float64, or mpf if ``mp``)."""
    ks = _phase1(N, lam_i, alpha, eta)
    K2 = _phase2_steps(N, lam_i, lam_j, eta)
    if not mp:
        di = scalar_gd_trajectory(N, lam_i, alpha, eta, ks + K2)[ks:]
        dj = scalar_gd_trajectory(N, lam_j, alpha, eta, ks + K2)[ks:]
        F = np.stack([np.diag([di[0], dj[0]])] * N)
        F[0, 0, 1] = SEED
    else:
        di = scalar_gd_mp(N, lam_i, alpha, eta, ks + K2)[ks:]
        dj = scalar_gd_mp(N, lam_j, alpha, eta, ks + K2)[ks:]
        F = [[[di[0], mpmath.mpf(0)], [mpmath.mpf(0), dj[0]]] for _ in range(N)]
        F[0][0][1] = mpmath.mpf(SEED)
    return {"ks": ks, "K2": K2, "di": di, "dj": dj, "F": F}


def pair_analysis(N, lam_i, lam_j, setup, H, *, mp=False):
    """Phase 2 of :func:`measure_pair` from the products ``H = W(0..K2)`` after seeding."""
    di, dj, K2 = setup["di"], setup["dj"], setup["K2"]
    if not mp:
        off = np.hypot(H[:, 0, 1], H[:, 1, 0])
        dev = np.maximum(np.abs(H[:, 0, 0] - di**N), np.abs(H[:, 1, 1] - dj**N))
        log_off = np.log(np.maximum(off, 1e-300))
    else:
        off_mp = [mpmath.sqrt(W[0][1] ** 2 + W[1][0] ** 2) for W in H]
        off = np.array([float(v) for v in off_mp])
        dev = np.array([float(max(abs(W[0][0] - a**N), abs(W[1][1] - b**N))) for W, a, b in zip(H, di, dj)])
        log_off = np.array([float(mpmath.log(v)) if v > 0 else -690.0 for v in off_mp])
    k = np.arange(len(off))
    if predicted_exponent(N, lam_i, lam_j) > 0:
        above = np.flatnonzero(off > FIT_LO)
        a = int(above[0]) if above.size else len(off)
        stop = (off >= FIT_HI) | (dev > 2 * off**2 / lam_i + 1e-14 * max(1.0, lam_i))
        stop[:a] = False
        b = int(np.argmax(stop)) if stop.any() else len(off)
    else:
        a, b = K2 // 2, len(off)
    slope = float(np.polyfit(k[a:b], log_off[a:b], 1)[0]) if b - a >= 20 else None
    return {"ks": setup["ks"], "K2": K2, "off": off, "window": (a, b), "slope": slope, "log_off": log_off,
            "d_j_at_seed": float(dj[0])}


def measure_pair(N, lam_i, lam_j, alpha, eta, *, mp=False):
    """S4 on the 2 x 2 pair ``diag(lam_i, lam_j)``: returns the off-diagonal norm of ``W(k)``, the fit
    window and the fitted log-slope per step (dict with ``ks, K2, off, window, slope, log_off, d_j_at_seed``).

    Phase 1 runs the decoupled dynamics (with ``V = I`` the factors stay diagonal and equal, Lemma 2.1)
    until ``|d_i - lam_i^(1/N)| < 1e-6``; then ``W_1[i, j] = 1e-12`` is seeded and S4 runs on. (Seeding
    at ``k = 0`` lets the off-diagonal pass 1e-4 before ``d_i`` has converged, e.g. ``(0.3, -1.5)``,
    ``alpha = 0.3``.) Growth: the window is ``1e-10 < |offdiag| < 1e-4``, cut where the diagonal of
    ``W`` leaves the decoupled values by more than the off-diagonal mode explains (``off^2/lam_i``):
    there a second mode has turned nonlinear (for N = 2 the antisymmetric diagonal mode
    ``W_1,jj = -W_2,jj``, factor ``1 + eta|lam_j|`` per step, seeded by rounding and second-order
    terms). No growth: the slope over the second half of the horizon. Raises :class:`SeedNotReached`
    if phase 1 does not converge.
    """
    setup = pair_setup(N, lam_i, lam_j, alpha, eta, mp=mp)
    T = [[lam_i, 0.0], [0.0, lam_j]]
    if not mp:
        H = matrix_gd(setup["F"], np.array(T), eta, setup["K2"], record_every=1)["history"]
    else:
        H = mp_matrix_gd(setup["F"], T, eta, setup["K2"])[0]
    return pair_analysis(N, lam_i, lam_j, setup, H, mp=mp)


def measure_pairs(problems):
    """:func:`measure_pair` in float64 for many ``(N, lam_i, lam_j, alpha, eta)``: one matrix_gd call per
    group of problems with the same ``N`` and phase-2 length (rounded up to a power of 2; each problem
    uses its own first K2 steps)."""
    setups = [pair_setup(*q) for q in problems]
    out = [None] * len(problems)
    groups = {}
    for i, (q, s) in enumerate(zip(problems, setups)):
        groups.setdefault((q[0], 1 << max(9, (s["K2"] - 1).bit_length())), []).append(i)
    for (N, K), idx in groups.items():
        for c in range(0, len(idx), 16):
            chunk = idx[c:c + 16]
            F = np.stack([setups[i]["F"] for i in chunk])
            T = np.stack([np.diag([problems[i][1], problems[i][2]]) for i in chunk])
            H = matrix_gd(F, T, np.array([problems[i][4] for i in chunk]), K, record_every=1)["history"]
            for b, i in enumerate(chunk):
                out[i] = pair_analysis(*problems[i][:3], setups[i], H[b, : setups[i]["K2"] + 1])
    return out
