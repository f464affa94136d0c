"""Conventions shared by the claims on the scalar recursion (15) of Chou et al. (Section 2.1, Thm 1.1, Rem 1.2).

The texts that explain the reconstructed bound T_N^Id (chou.eq20), UNDECIDED points and count-vs-bound
comparisons (chou.md §(f)) in domain descriptions and tolerances, the tolerance and step cap for
judging the limit of (15) (chou.lem2.2, chou.thm1.1), and two small conversions of resolved points.
The claims live in :mod:`.lem22`, :mod:`.thm23`, :mod:`.thm23_proof`, :mod:`.lem26`, :mod:`.thm11`,
:mod:`.rem12` and :mod:`.obs_ceil`; their iteration counts in :mod:`.iteration_counts`.
"""
from __future__ import annotations

import mpmath

from .iteration_counts import BUDGET

RECON_TID = ("T_N^Id is chou.eq20, RECONSTRUCTED (errata E10, E11): display (20) is lost and is rebuilt case by "
             "case from the proof of Thm 2.3, with min{zeta, lam^(1/N) - eps} and the positive part of the fourth "
             "case (E10) and the lam = 0 line as the limit lam -> 0 (E11); T_N^+ uses the corrected U_N^+ (E1).")
UNDECIDED_NOTE = (f"Points whose decision needs more than {BUDGET:.0e} steps of (15) are UNDECIDED (§(f)) and "
                  "are skipped: they are counted in 'skipped', with degenerate gaps < 1e-9 and points outside "
                  "the hypotheses.")
COUNT_NOTE = ("T is compared with the real bound as printed (no rounding); float64 hitting decisions within "
              "max(1e-10 eps, the float64 error bound) of eps are re-decided in mpmath dps=50, count-vs-bound "
              "near-ties (1e-6 relative) are re-run in mpmath by the engine (chou.obs.ceil).")
#: How the bounds of a float64 evaluation were computed (reported in a margin's info).
F64_BOUND = "mpmath (dps 20 plus the decades of 1/|lam|), rounded to float64"

#: The limit of (15) is judged as ``|d(K) - lam_+^(1/N)| <= LIMIT_TOL`` ...
LIMIT_TOL = 1e-2
#: ... after at most this many steps ``K`` (a longer flow estimate is UNDECIDED).
LIMIT_STEPS = 200_000


def mp_params(p):
    """``lam, alpha, eta, eps`` of a resolved point as exact mpf values (the float64 inputs).

    >>> mp_params({"lam": 0.5, "alpha": 0.1, "eta": 0.25, "eps": 1e-3})[0]
    mpf('0.5')
    """
    return tuple(mpmath.mpf(p[k]) for k in ("lam", "alpha", "eta", "eps"))


def usable(p, keys):
    """Whether a plot point (coordinates and resolved parameters, possibly strings) has all of ``keys``.

    >>> usable(None, ("N",)), usable({"N": "3", "lam": "2.0"}, ("N", "lam"))
    (False, True)
    """
    return p is not None and all(k in p for k in keys)
