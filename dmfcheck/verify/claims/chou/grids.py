"""The standard grids of the Chou catalogue, §(f), shared by the claims of this paper.

A point is drawn in *coordinates* (``f``: the fraction of a claim's own step-size limit, ``e``:
the fraction of the accuracy gap) and resolved to the paper's parameters (``eta``, ``eps``).
"""
from __future__ import annotations

from ...claim import Param

#: N in {2,3,4,5,7} (plus 10 for formula-only checks), §(f).
N_GRID = (2, 3, 4, 5, 7)
N_GRID_FORMULA = (2, 3, 4, 5, 7, 10)
#: lambda in {+-1e-3, +-0.01, +-0.05, +-0.2, +-1, +-5, +-20} and 0.
LAM_GRID = tuple(sorted({s * v for v in (1e-3, 0.01, 0.05, 0.2, 1.0, 5.0, 20.0) for s in (1, -1)} | {0.0}))
ALPHA_GRID = (0.02, 0.1, 0.3, 0.7, 1.0, 1.5)
#: eta = f * eta_max with the claim's own limit.
F_GRID = (1e-3, 0.01, 0.1, 0.5, 0.9, 0.999)
#: eps = e * gap, gap = |lambda_+^(1/N) - alpha|.
E_GRID = (1e-6, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.9, 0.999)
#: gaps below this are the fixed point lambda = alpha^N: skipped, §(f).
DEGENERATE_GAP = 1e-9


def n_param(choices=N_GRID) -> Param:
    return Param("N", scale="choice", choices=tuple(choices), grid=tuple(choices))


def lam_param(lo=-20.0, hi=20.0, grid=LAM_GRID) -> Param:
    return Param("lam", lo, hi, grid=tuple(g for g in grid if lo <= g <= hi))


def alpha_param(lo=0.02, hi=1.5, grid=ALPHA_GRID) -> Param:
    return Param("alpha", lo, hi, scale="log", grid=tuple(g for g in grid if lo <= g <= hi))


def f_param(hi=0.999) -> Param:
    return Param("f", 1e-3, hi, scale="log", grid=tuple(g for g in F_GRID if g <= hi))


def e_param() -> Param:
    return Param("e", 1e-6, 0.999, scale="log", grid=E_GRID)
