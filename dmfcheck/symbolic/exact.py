"""Exact decision procedures and the :class:`Proof` record that every prover returns.

A prover decides an identity ``expr == 0`` (or ``lhs == rhs``) *exactly* when one of these
methods settles it:

* ``cancel`` / ``together`` + ``expand`` / ``factor`` of a rational function,
* a polynomial remainder (``rem``/``reduced``) modulo a relation, e.g. a cyclotomic polynomial
  ``Phi_N(w)`` (exact arithmetic in ``QQ(zeta_N)``) or ``c^2 + s^2 - 1``,
* a Sturm count (``Poly.count_roots``) or an exact comparison of rationals.

``simplify()`` and ``Expr.equals()`` are never used as a verdict (``equals`` has been seen to
return False on true identities). Where no exact method applies, :func:`sampled_zero` gathers
EVIDENCE: the residual at seeded random points of the declared domain, at ``dps`` digits.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional

import mpmath
import sympy as sp

from dmfcheck.numeric.errors import DomainError


@dataclass(frozen=True)
class Proof:
    """The outcome of one symbolic check.

    ``holds``: the statement is true (True) or refuted (False). ``exact``: an exact method
    decided it (then ``precision == "exact"``); otherwise the verdict is EVIDENCE from
    ``n_points`` sampled points with largest residual ``worst_residual`` at ``precision``.
    ``steps``: what was shown, one line each. ``counterexample`` (refuted identities):
    ``{"params": {...}, "lhs": str, "rhs": str, "margin": str, "precision": str}``, numbers
    printed to 30+ significant digits.
    """

    holds: bool
    exact: bool
    method: str
    steps: tuple[str, ...]
    counterexample: Optional[dict] = None
    worst_residual: Optional[float] = None
    n_points: int = 0
    precision: str = "exact"

    def __post_init__(self):  # SymPy relationals give BooleanTrue; store plain bools
        object.__setattr__(self, "holds", bool(self.holds))
        object.__setattr__(self, "exact", bool(self.exact))
        object.__setattr__(self, "steps", tuple(self.steps))


def check_int(N, minimum: int, name: str = "N") -> int:
    """Return ``N`` as an int, or raise DomainError unless it is an integer ``>= minimum``."""
    if isinstance(N, bool) or not isinstance(N, (int, sp.Integer)):
        raise DomainError(f"{name} must be an integer >= {minimum}, got {N!r}")
    if int(N) < minimum:
        raise DomainError(f"{name} must be an integer >= {minimum}, got {N}")
    return int(N)


def _is_rational_over_QQ(expr: sp.Expr) -> bool:
    """True if ``expr`` is a rational function with rational coefficients in non-integer symbols."""
    syms = expr.free_symbols
    if any(s.is_integer for s in syms):
        return False
    if any(a.is_number and not a.is_Rational for a in expr.atoms(sp.Number, sp.NumberSymbol, sp.I.func)):
        return False
    return expr.is_rational_function(*syms)


def exact_zero(expr) -> Optional[tuple[bool, str]]:
    """Decide ``expr == 0`` exactly, or return None.

    Tries ``cancel``, then ``together`` + ``expand`` of the numerator, then ``factor``.
    Returns ``(True, method)`` if one of them gives 0; ``(False, "cancel")`` if ``expr`` is a
    rational function over QQ in free (non-integer) symbols whose canonical form is non-zero,
    which is then non-zero on every open set; otherwise None (undecided).

    >>> x = sp.Symbol("x")
    >>> exact_zero((x**2 - 1)/(x - 1) - x - 1)
    (True, 'cancel')
    >>> exact_zero(x**2 - 1)
    (False, 'cancel')
    >>> y = sp.Symbol("y")
    >>> exact_zero(sp.log(x*y) - sp.log(x) - sp.log(y)) is None
    True
    """
    expr = sp.sympify(expr)
    if expr == 0:
        return True, "cancel"
    c = sp.cancel(expr)
    if c == 0:
        return True, "cancel"
    if sp.expand(sp.numer(sp.together(expr))) == 0:
        return True, "together+expand"
    if sp.factor(expr) == 0:
        return True, "factor"
    if _is_rational_over_QQ(c):
        return False, "cancel"
    return None


def reduce_cyclotomic(poly_expr, w: sp.Symbol, M: int) -> sp.Expr:
    """Remainder of a polynomial in ``w`` (other symbols as coefficients) modulo ``Phi_M(w)``.

    Exact arithmetic in ``QQ(zeta_M)``: the remainder is 0 iff the polynomial vanishes at
    ``w = exp(2 pi i/M)``, since ``Phi_M`` is the minimal polynomial of ``zeta_M``.

    >>> w = sp.Symbol("w")
    >>> reduce_cyclotomic(1 + w + w**2, w, 3)
    0
    """
    phi = sp.cyclotomic_poly(M, w)
    return sp.expand(sp.rem(sp.expand(poly_expr), phi, w))


def minimal_polynomial_step(M: int, w: sp.Symbol) -> str:
    """Check exactly that ``Phi_M`` is the minimal polynomial of ``exp(2 pi i/M)``; return the step."""
    mp_ = sp.minimal_polynomial(sp.exp(2 * sp.pi * sp.I / M), w)
    phi = sp.cyclotomic_poly(M, w)
    if sp.expand(mp_ - phi) != 0:
        raise AssertionError(f"minimal polynomial of zeta_{M} is {mp_}, not {phi}")
    return f"minpoly(exp(2 pi i/{M})) == Phi_{M}(w) = {phi}"


def fmt(value, digits: int = 35) -> str:
    """An mpmath number as a string with ``digits`` significant digits; complex as ``(a+bj)``.

    >>> fmt(mpmath.mpc(1, -2), 5)
    '(1.0-2.0j)'
    """
    if isinstance(value, mpmath.mpc):
        im = mpmath.nstr(abs(value.imag), digits)
        return f"({mpmath.nstr(value.real, digits)}{'-' if value.imag < 0 else '+'}{im}j)"
    return mpmath.nstr(value, digits)


def counterexample(params: dict, lhs, rhs, dps: int, **extra) -> dict:
    """A counterexample record: parameters, the two sides and ``|lhs - rhs|`` at ``dps`` digits."""
    with mpmath.workdps(dps):
        rec = {
            "params": {k: (fmt(v) if isinstance(v, (mpmath.mpf, mpmath.mpc)) else v) for k, v in params.items()},
            "lhs": fmt(lhs),
            "rhs": fmt(rhs),
            "margin": fmt(abs(lhs - rhs), 10),
            "precision": f"mpmath dps={dps}",
        }
    rec.update(extra)
    return rec


def evaluate(expr, values: dict, dps: int):
    """Evaluate a SymPy expression at ``{Symbol: value}`` with mpmath at ``dps`` digits."""
    syms = sorted(sp.sympify(expr).free_symbols, key=lambda s: s.name)
    f = sp.lambdify(syms, expr, modules="mpmath")
    with mpmath.workdps(dps):
        return f(*[mpmath.mpmathify(values[s]) for s in syms])


def _draw(rng: random.Random, lo, hi):
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi)
    u = mpmath.mpf(rng.random())
    if lo > 0 and hi / lo > 100:
        return mpmath.exp(mpmath.log(lo) + u * (mpmath.log(hi) - mpmath.log(lo)))
    return lo + u * (hi - lo)


def sampled_zero(expr, symbols_domain: dict, n: int = 64, dps: int = 50, seed: int = 0,
                 tol=None) -> Proof:
    """EVIDENCE that ``expr`` vanishes on a box: the residual at ``n`` seeded random points.

    ``expr`` is a residual, or a pair ``(lhs, rhs)`` (then the residual is ``lhs - rhs`` and a
    failure reports both sides). ``symbols_domain`` maps each free symbol to ``(lo, hi)``;
    points are uniform, or log-uniform when ``0 < lo`` and ``hi/lo > 100``. The check holds when
    ``max|residual| < tol`` (default ``10**(10 - dps)``). Points where the expression cannot be
    evaluated (a pole) are skipped and counted. Never exact.

    >>> x = sp.Symbol("x", positive=True)
    >>> p = sampled_zero(sp.sqrt(x)**2 - x, {x: (0.1, 10)}, n=8)
    >>> p.holds, p.exact, p.n_points
    (True, False, 8)
    """
    lhs, rhs = (expr if isinstance(expr, tuple) else (expr, sp.Integer(0)))
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    syms = sorted((lhs - rhs).free_symbols | set(symbols_domain), key=lambda s: s.name)
    missing = [s for s in syms if s not in symbols_domain]
    if missing:
        raise DomainError(f"no domain given for {missing}")
    f_l = sp.lambdify(syms, lhs, modules="mpmath")
    f_r = sp.lambdify(syms, rhs, modules="mpmath")
    rng = random.Random(seed)
    worst, worst_pt, skipped = None, None, 0
    with mpmath.workdps(dps):
        tol = mpmath.mpf(10) ** (10 - dps) if tol is None else mpmath.mpf(tol)
        for _ in range(n):
            pt = [_draw(rng, *symbols_domain[s]) for s in syms]
            try:
                vl, vr = f_l(*pt), f_r(*pt)
                res = abs(vl - vr)
            except (ZeroDivisionError, ValueError):
                skipped += 1
                continue
            if not mpmath.isfinite(res):
                skipped += 1
                continue
            if worst is None or res > worst:
                worst, worst_pt = res, (pt, vl, vr)
        if worst is None:
            raise DomainError("no point of the domain could be evaluated")
        holds = worst < tol
        steps = (f"{n - skipped} seeded points (seed={seed}) in {{{', '.join(f'{s}: {symbols_domain[s]}' for s in syms)}}}, "
                 f"max|residual| = {mpmath.nstr(worst, 5)} vs tol {mpmath.nstr(tol, 3)}"
                 + (f"; {skipped} points skipped (pole)" if skipped else ""),)
        cex = None
        if not holds:
            pt, vl, vr = worst_pt
            cex = counterexample({s.name: v for s, v in zip(syms, pt)}, vl, vr, dps)
        return Proof(holds=bool(holds), exact=False, method="sampled residual", steps=steps,
                     counterexample=cex, worst_residual=float(worst), n_points=n - skipped,
                     precision=f"mpmath dps={dps}")

