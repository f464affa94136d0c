"""Iteration counts of the scalar recursion (15) for the Section 2.1 claims of Chou et al.

Simulator S1 (chou.md §(c)) seen through the catalogue's conventions for counts (§(f)):

* ``T`` is the first ``k`` with ``|d(k) - lam_+^(1/N)| <= eps`` (hitting time), computed in float64
  by the batched Numba kernel :func:`~dmfcheck.numeric.kernels.scalar_gd.scalar_gd_stats`;
* a float64 hitting decision is a **near-tie** when ``| |d(k) - root| - eps |`` is within
  ``max(1e-10 eps, B(k))`` at the deciding step, where ``1e-10 eps`` is §(f)'s band and ``B(k)`` is
  :func:`float64_error_bound`, a bound on the float64 error of ``d(k)`` (measured below 1/16 of it
  against mpmath on random runs). §(f)'s band alone is narrower than the float64 error once ``eps``
  is small (``eps = 1e-6 * gap``); a near-tie is re-decided in mpmath (dps 50) by
  :func:`~dmfcheck.numeric.scalar_recursion_mp.hitting_time_mp` before it is reported;
* the count is compared with a real bound as printed (``T <= B``), never rounded; integer counts
  and real bounds are reported side by side (chou.obs.ceil).

UNDECIDED (§(f)): a decision that would need more than :data:`BUDGET` steps is not simulated. The
claims (:mod:`.thm23`, :mod:`.obs_ceil`, :mod:`.thm11`, :mod:`.rem12`) skip such points in
``Domain.resolve`` (returning None), so they are counted in the verdict's ``skipped`` and named in
the domain description; a component of a margin that is undecided (the limit of Lemma 2.2,
:mod:`.lem22`) is left out of that margin and recorded in its ``info``.

An mpmath re-run longer than :data:`MP_STEP_CAP` steps is not attempted; such a float64 count is
labelled UNCONFIRMED (``Count.confirmed is False``) and counts pessimistically for the claim.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

import mpmath
import numpy as np

from dmfcheck.numeric.closed_forms import T_minus, T_plus, s_N
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats
from dmfcheck.numeric.scalar_recursion_mp import NotReached, hitting_time_mp

#: §(f): the iteration budget; a decision needing more steps is UNDECIDED.
BUDGET = 10**7
#: The longest mpmath re-run of (15) (about 1.5 s at dps 50).
MP_STEP_CAP = 100_000
#: §(f): a hitting decision within this fraction of eps is a near-tie.
HIT_TIE = 1e-10
#: §(f): an integer count and a real bound within this relative distance are a near-tie.
COUNT_TIE = 1e-6
#: §(f): precision of the confirmation runs.
CONFIRM_DPS = 50
#: The unit roundoff of float64.
UNIT_ROUNDOFF = 2.0**-53


def bound_dps(lam, base: int = 20) -> int:
    """Working precision for the closed-form bounds at ``lam``: ``base`` plus the decades of ``1/|lam|``.

    The closed forms lose about ``-log10 |lam|`` digits for tiny ``|lam|`` (e.g. ``T_N^+`` for N = 2 at
    lam = 1e-30 is 0 at dps 20), so callers evaluate them at this precision.

    >>> bound_dps(1e-30), bound_dps(5.0), bound_dps(0.0)
    (50, 20, 20)
    """
    lam = abs(float(lam))
    return base + (max(0, math.ceil(-math.log10(lam))) if lam > 0 else 0)


def root_of(N: int, lam: float) -> float:
    """``lam_+^(1/N)`` in float64, the limit of (15) for N >= 2 (chou.lem2.2).

    >>> root_of(3, 8.0), root_of(2, -1.0)
    (2.0, 0.0)
    """
    return max(float(lam), 0.0) ** (1.0 / N)


def float64_error_bound(N: int, lam: float, alpha: float, eps: float, k: int) -> float:
    """A bound on ``|d_float64(k) - d(k)|`` for (15) near the band ``|d - root| <= eps``.

    ``8 (k+1) u s + 2 u root`` with ``s = max(1, root, alpha)`` for lam > 0 and ``s = 2 eps`` for
    lam <= 0 (the map shrinks relative errors there: ``g'(x) <= g(x)/x``). The second term is the
    rounding of ``root``. On random runs of the §(f) grid (5000 steps) the measured error stays
    below 1/16 of this bound.

    >>> float64_error_bound(2, -1.0, 0.5, 1e-3, 0) == 16 * 2.0**-53 * 1e-3
    True
    """
    root = root_of(N, lam)
    scale = max(1.0, root, alpha) if lam > 0 else 2.0 * eps
    return 8.0 * (k + 1) * UNIT_ROUNDOFF * scale + 2.0 * UNIT_ROUNDOFF * root


def tie_band(N: int, lam: float, alpha: float, eps: float, k: int) -> float:
    """The relative near-tie band of a hitting decision at step ``k``: ``max(1e-10, bound/eps)``."""
    return max(HIT_TIE, float64_error_bound(N, lam, alpha, eps, k) / eps)


@dataclass(frozen=True)
class Count:
    """A hitting time ``T`` and how it was decided.

    ``T``: the count (None: not reached in ``k = 0..checked``). ``T_max``: the largest value the
    count can have given the float64 error (``T`` unless an unconfirmed near-tie). ``tie``: the
    float64 decision was a near-tie; ``confirmed``: it was re-decided in mpmath.
    """

    T: Optional[int]
    checked: int
    precision: str
    tie: bool = False
    confirmed: bool = True
    T_max: Optional[int] = None
    diverged: bool = False

    def at_least(self) -> int:
        """A lower bound on the count (``checked + 1`` when not reached)."""
        return self.T if self.T is not None else self.checked + 1

    def at_most(self) -> Optional[int]:
        """An upper bound on the count (None when not reached)."""
        return self.T_max if self.T_max is not None else self.T

    def describe(self) -> str:
        if self.T is None:
            what = f"T > {self.checked}" + (" (run diverged)" if self.diverged else " (not reached)")
        else:
            what = f"T = {self.T}" if self.at_most() == self.T else f"T in [{self.T}, {self.at_most()}]"
        note = self.precision
        if self.tie:
            note += "; near-tie " + ("confirmed in mpmath dps=50" if self.confirmed else
                                     f"UNCONFIRMED (mpmath re-run beyond {MP_STEP_CAP} steps)")
        return f"{what} [{note}]"


def _confirm_mp(N, lam, alpha, eta, eps, checked) -> Optional[int]:
    with mpmath.workdps(CONFIRM_DPS):
        try:
            return hitting_time_mp(N, lam, alpha, eta, eps, checked)
        except NotReached:
            return None


def _buckets(horizon: np.ndarray):
    """Indices grouped by the bit length of their horizon, so no run is much longer than needed."""
    keys = np.array([int(h).bit_length() for h in horizon])
    return [np.nonzero(keys == key)[0] for key in np.unique(keys)]


def hitting_counts(N, lam, alpha, eta, eps, horizon) -> list:
    """Hitting times of (15) for a batch, each checked for ``k = 0..horizon`` (float64 + confirmation).

    Chou et al. eq. (15), §(f). Arguments broadcast to one batch (``N`` int, ``horizon`` int
    ``<= BUDGET``). The kernel runs with the widened band ``eps (1 + b)`` (``b`` = :func:`tie_band`
    at the horizon), so every step before the float64 hit is a clear miss; the hit itself is clear
    when ``|d - root| <= eps (1 - b)``, otherwise it is a near-tie, re-decided in mpmath (dps 50)
    when ``horizon <= MP_STEP_CAP`` and bracketed by a second float64 run otherwise.

    >>> [c.T for c in hitting_counts(2, 1.0, [0.1, 0.8], [0.01, 0.1], 0.05, 1000)]
    [341, 8]
    """
    arrays = np.broadcast_arrays(*(np.asarray(x) for x in (N, lam, alpha, eta, eps, horizon)))
    N, lam, alpha, eta, eps, horizon = (np.ascontiguousarray(a.reshape(-1)) for a in arrays)
    N, horizon = N.astype(np.int64), horizon.astype(np.int64)
    lam, alpha, eta, eps = (a.astype(np.float64) for a in (lam, alpha, eta, eps))
    band = np.array([tie_band(int(n), l, a, e, int(h)) for n, l, a, e, h in zip(N, lam, alpha, eps, horizon)])
    hit = np.empty(len(N), np.int64)
    err = np.empty(len(N))
    run = np.empty(len(N), np.int64)
    finite = np.empty(len(N), bool)
    for idx in _buckets(horizon):
        out = scalar_gd_stats(N[idx], lam[idx], alpha[idx], eta[idx], eps[idx] * (1 + band[idx]),
                              int(horizon[idx].max()), stop_at_hit=True)
        hit[idx], err[idx], run[idx], finite[idx] = out["hit"], out["err_at_hit"], out["steps_run"], out["finite"]
    counts = []
    for i in range(len(N)):
        args = (int(N[i]), float(lam[i]), float(alpha[i]), float(eta[i]), float(eps[i]))
        if hit[i] < 0:
            counts.append(Count(None, int(run[i]), "float64", diverged=not finite[i]))
            continue
        T = int(hit[i])
        if err[i] <= eps[i] * (1 - tie_band(*args[:3], args[4], T)):
            counts.append(Count(T, int(run[i]), "float64"))
        elif int(horizon[i]) <= MP_STEP_CAP:
            counts.append(Count(_confirm_mp(*args, int(horizon[i])), int(horizon[i]), "float64",
                                tie=True, confirmed=True))
        else:
            lo_band = 1 - tie_band(*args[:3], args[4], int(horizon[i]))
            later = None
            if lo_band > 0:
                out = scalar_gd_stats(*args[:4], args[4] * lo_band, int(horizon[i]), stop_at_hit=True)
                later = int(out["hit"][0]) if out["hit"][0] >= 0 else None
            counts.append(Count(T, int(run[i]), "float64", tie=True, confirmed=False, T_max=later))
    return counts


def hitting_count(N, lam, alpha, eta, eps, horizon: int, ctx) -> Count:
    """The hitting time of (15) for one point at the precision ``ctx`` (a ``Precision``).

    float64: :func:`hitting_counts`. mpmath (the caller is inside ``mpmath.workdps``): the
    recursion at the working precision for up to ``min(horizon, MP_STEP_CAP)`` steps; a count not
    reached there while ``horizon > MP_STEP_CAP`` falls back to the float64 count (UNCONFIRMED).

    >>> from dmfcheck.verify.claim import Precision
    >>> with mpmath.workdps(30):
    ...     hitting_count(3, 5.0, 0.1, 1e-3, 1e-3, 2843, Precision(30)).T
    2159
    """
    if ctx.is_float64:
        return hitting_counts(N, lam, alpha, eta, eps, horizon)[0]
    steps = min(int(horizon), MP_STEP_CAP)
    try:
        return Count(hitting_time_mp(N, lam, alpha, eta, eps, steps), steps, ctx.label())
    except NotReached:
        if horizon <= MP_STEP_CAP:
            return Count(None, steps, ctx.label())
    except OverflowError:
        return Count(None, steps, ctx.label(), diverged=True)
    c = hitting_counts(N, lam, alpha, eta, eps, horizon)[0]
    return Count(c.T, c.checked, "float64 (mpmath re-run capped)", tie=True, confirmed=False, T_max=c.T_max)


# --------------------------------------------------------------------------- float64 error of E_ii(k)


def error_bound_E(N: int, lam: float, alpha: float, eps: float, k: int) -> float:
    """A bound on the float64 error of ``d(k)^N - lam_+`` (from :func:`float64_error_bound`)."""
    scale = max(1.0, root_of(N, lam) + eps, alpha)
    bound = float64_error_bound(N, lam, alpha, eps, k)
    return N * scale ** (N - 1) * bound + 4 * N * UNIT_ROUNDOFF * max(1.0, abs(lam))


# --------------------------------------------------------------------------- horizons


def flow_horizon(N: int, lam: float, alpha: float, eta: float, tol: float) -> int:
    """Steps by which (15) is expected within ``tol`` of ``lam_+^(1/N)``: ``2 t/eta + s + 100``.

    ``t`` is the flow time (24) from ``alpha`` to distance ``tol`` of the root (corrected
    ``T_N^+``, the lam = 0 closed form, or the comparison flow ``T_N^-/|lam|`` for lam < 0), and
    ``s = s_N(lam, alpha)`` for lam > alpha^N: by Lemma 2.6 (chou.lem2.6) the discrete dynamics
    lags the flow by at most ``s`` steps while increasing and leads it while decreasing. Returns
    0 when ``alpha`` is already within ``tol``.

    >>> flow_horizon(2, 1.0, 0.1, 0.01, 1e-2)
    956
    """
    with mpmath.workdps(bound_dps(lam)):
        lam_m, alpha_m = mpmath.mpf(lam), mpmath.mpf(alpha)
        r = mpmath.root(lam_m, N) if lam > 0 else mpmath.mpf(0)
        if abs(r - alpha_m) <= tol:
            return 0
        s = 0
        if lam > 0 and alpha_m < r:
            t = T_plus(N, lam_m, r - tol, alpha_m)
            s = s_N(N, lam_m, alpha_m)
        elif lam > 0:
            t = T_plus(N, lam_m, r + tol, alpha_m)
        elif lam == 0:
            t = (mpmath.mpf(tol) ** (2 - 2 * N) - alpha_m ** (2 - 2 * N)) / (2 * N - 2)
        else:
            t = T_minus(N, tol, alpha_m) / abs(lam_m)
        steps = 2 * t / eta + s + 100
    return int(min(mpmath.ceil(steps), 10**18))


def limit_status(N: int, lam: float, d_final: float, tol: float) -> str:
    """Classify the end of a run of (15): ``"root"`` (within ``tol`` of ``lam_+^(1/N)``),
    ``"other"`` (within ``tol`` of another fixed point of g: 0 or ``-lam^(1/N)``, or not finite),
    or ``"open"`` (neither).

    >>> limit_status(2, 1.0, 0.995, 1e-2), limit_status(2, 1.0, 1e-3, 1e-2), limit_status(3, -1.0, 0.5, 1e-2)
    ('root', 'other', 'open')
    """
    if not math.isfinite(d_final):
        return "other"
    root = root_of(N, lam)
    if abs(d_final - root) <= tol:
        return "root"
    others = [0.0] + ([-root] if lam > 0 and N % 2 == 0 else [])
    return "other" if any(abs(d_final - x) <= tol for x in others) else "open"


def as_points(points: Sequence[dict], *names):
    """Columns ``names`` of a list of resolved points as numpy arrays."""
    return [np.array([p[n] for p in points]) for n in names]
