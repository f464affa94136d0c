"""Drawing points from a claim's domain: the deterministic grid (edges included), seeded random
draws, and Hypothesis strategies for the margin-driven search.

The engine (:mod:`dmfcheck.verify.engine`) owns the order and the budget; this module only knows
how to turn :class:`~dmfcheck.verify.claim.Param` declarations into points.
"""
from __future__ import annotations

import itertools
import math
from typing import Iterator, List, Sequence

import numpy as np
from hypothesis import strategies as st

from .claim import Param


def grid_points(params: Sequence[Param], cap: int, rng: np.random.Generator) -> List[dict]:
    """The Cartesian product of every parameter's grid, subsampled to ``cap`` points.

    Subsampling is seeded and keeps every grid value of every parameter at least once, so the
    edges (lambda = 0, eta near its limit, ...) are always explored.
    """
    names = [p.name for p in params]
    values = [list(p.grid) if p.grid else _default_grid(p) for p in params]
    combos = list(itertools.product(*values))
    if len(combos) <= cap:
        chosen = combos
    else:
        order = rng.permutation(len(combos))
        chosen = [combos[i] for i in order[:cap]]
        for j, vals in enumerate(values):
            present = {c[j] for c in chosen}
            for v in vals:
                if v not in present:
                    pick = next(combos[i] for i in order if combos[i][j] == v)
                    chosen.append(pick)
                    present.add(v)
    return [dict(zip(names, c)) for c in chosen]


def _default_grid(p: Param) -> list:
    if p.scale == "choice":
        return list(p.choices)
    if p.scale == "int":
        return sorted({int(p.lo), int(p.hi)})
    if p.scale == "log":
        return [p.lo, math.sqrt(p.lo * p.hi), p.hi]
    return [p.lo, 0.5 * (p.lo + p.hi), p.hi]


def random_points(params: Sequence[Param], n: int, rng: np.random.Generator) -> Iterator[dict]:
    """``n`` seeded draws: log-uniform for ``log`` coordinates, uniform otherwise."""
    for _ in range(n):
        yield {p.name: draw_one(p, rng) for p in params}


def draw_one(p: Param, rng: np.random.Generator):
    if p.scale == "choice":
        return p.choices[int(rng.integers(len(p.choices)))]
    if p.scale == "int":
        return int(rng.integers(int(p.lo), int(p.hi) + 1))
    if p.scale == "log":
        return float(math.exp(rng.uniform(math.log(p.lo), math.log(p.hi))))
    return float(rng.uniform(p.lo, p.hi))


def strategy(params: Sequence[Param]) -> st.SearchStrategy:
    """A Hypothesis strategy for a whole point; it shrinks towards short values."""
    return st.fixed_dictionaries({p.name: _param_strategy(p) for p in params})


def _param_strategy(p: Param) -> st.SearchStrategy:
    if p.scale == "choice":
        return st.sampled_from(list(p.choices))
    if p.scale == "int":
        return st.integers(int(p.lo), int(p.hi))
    plain = st.floats(p.lo, p.hi, allow_nan=False, allow_infinity=False)
    if p.scale == "log":
        lo, hi = math.log10(p.lo), math.log10(p.hi)
        logu = st.floats(lo, hi).map(lambda x: min(max(10.0 ** x, p.lo), p.hi))
        return st.one_of(logu, plain)
    return plain


def shorter_values(p: Param, value) -> List:
    """Candidate replacements for ``value`` with fewer significant digits (for shrinking)."""
    if p.scale == "choice":
        return [c for c in p.choices if _simplicity(c) < _simplicity(value)]
    if p.scale == "int":
        return list(range(int(p.lo), int(value)))
    out = []
    if value == 0:
        return out
    for digits in range(1, 6):
        r = float(f"{value:.{digits}g}")
        if r != value and p.lo <= r <= p.hi and r not in out:
            out.append(r)
    return out


def _simplicity(v) -> float:
    return abs(float(v)) if isinstance(v, (int, float)) else len(str(v))


def length(point: dict) -> int:
    """How long a point is written out: the shrinker's objective."""
    return sum(len(repr(v)) for v in point.values())
