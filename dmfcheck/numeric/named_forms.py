"""The closed forms and simulators that ``dmfcheck spot NAME key=value ... --dps D`` evaluates.

:data:`NAMED_FORMS` maps a name to a :class:`NamedForm`; :func:`evaluate` parses the parameter
strings with mpmath, computes with 10 guard digits and returns a decimal string rounded to the
requested number of significant digits.
"""
from dataclasses import dataclass
from typing import Callable

import mpmath

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric import iteration_bounds as ib
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.flow import flow_y
from dmfcheck.numeric.scalar_recursion_mp import NotReached, hitting_time_mp

GUARD_DIGITS = 10
HITTING_TIME_MAX_STEPS = 10**7


@dataclass(frozen=True)
class NamedForm:
    """A form callable as ``func(**params)``; ``integer_valued`` forms print as integers."""

    name: str
    params: tuple
    func: Callable
    description: str
    integer_valued: bool = False


def _hitting_time(N, lam, alpha, eta, eps):
    try:
        return hitting_time_mp(N, lam, alpha, eta, eps, HITTING_TIME_MAX_STEPS)
    except NotReached as exc:
        raise DomainError(f"|d(k) - lam_+^(1/N)| <= eps not reached within {exc.k_max} steps") from None
    except OverflowError as exc:
        raise DomainError(str(exc)) from None


_TABLE = [
    ("U_minus", ("N", "mu"), cf.U_minus, "U_N^-(mu), eq. (17) (chou.eq17-Uminus)", False),
    ("U_plus", ("N", "lam", "mu"), cf.U_plus, "U_N^+(lam, mu), eq. (17) sign corrected (chou.eq17-Uplus.corrected, E1)", False),
    ("U_plus_printed", ("N", "lam", "mu"), cf.U_plus_printed, "U_N^+(lam, mu), eq. (17) as printed (chou.eq17-Uplus, E1)", False),
    ("T_plus", ("N", "lam", "mu", "alpha"), cf.T_plus, "T_N^+(lam, mu, alpha), eq. (18)-(19), corrected U (chou.eq18-19)", False),
    ("T_minus", ("N", "mu", "alpha"), cf.T_minus, "T_N^-(mu, alpha), eq. (18)-(19) (chou.eq18-19)", False),
    ("T_id", ("N", "lam", "eps", "alpha", "eta"), ib.T_id, "T_N^Id(lam, eps, alpha, eta), eq. (20) RECONSTRUCTED (chou.eq20)", False),
    ("lower_bound_23", ("N", "lam", "eps", "alpha", "eta"), ib.lower_bound_23, "lower bound (23) of Thm 2.3 (chou.thm2.3-lower)", False),
    ("c_root", ("N",), cf.c_root, "root c in (1, 2) of (c-1) c^(N-1) = 1 (chou.def.c)", False),
    ("c_N", ("N",), cf.c_N, "c_N = (N-1)/(2N-1) (chou.def.cN-zeta)", False),
    ("zeta", ("N", "lam"), cf.zeta, "zeta = (c_N lam)^(1/N) (chou.def.cN-zeta)", False),
    ("s_N", ("N", "lam", "alpha"), cf.s_N, "s_N(lam, alpha) (chou.def.sN-aN-bN)", True),
    ("a_N", ("N",), cf.a_N, "a_N = |ln(1 - c_N^(1/N))| (chou.def.sN-aN-bN)", False),
    ("b_N", ("N",), cf.b_N, "b_N = |ln(1/(2 c_N) - c_N^(1/N))| (chou.def.sN-aN-bN)", False),
    ("flow_y", ("N", "lam", "alpha", "t"), flow_y, "y(t) of the flow (24) (chou.eq24)", False),
    (
        "scalar_gd_hitting_time",
        ("N", "lam", "alpha", "eta", "eps"),
        _hitting_time,
        f"first k with |d(k) - lam_+^(1/N)| <= eps for (15), at most {HITTING_TIME_MAX_STEPS} steps (S1)",
        True,
    ),
]

NAMED_FORMS = {row[0]: NamedForm(*row) for row in _TABLE}


def _parse(key, text):
    if key == "N":
        try:
            n = int(str(text).strip())
        except ValueError:
            raise DomainError(f"N must be an integer >= 1, got {text!r}") from None
        if n < 1:
            raise DomainError(f"N must be an integer >= 1, got {text!r}")
        return n
    try:
        value = mpmath.mpf(str(text).strip())
    except (TypeError, ValueError):
        raise DomainError(f"parameter {key} must be a number, got {text!r}") from None
    if not mpmath.isfinite(value):
        raise DomainError(f"parameter {key} must be finite, got {text!r}")
    return value


def evaluate(name, params, dps):
    """Evaluate the named form at the given parameter strings; a decimal string with ``dps`` digits.

    Values are parsed and the form is computed at ``dps + 10`` digits (so ``"0.4"`` stands for
    the decimal 0.4 to that precision), then rounded with ``mpmath.nstr(value, dps)``;
    integer-valued forms return the integer. Unknown names, missing or extra parameters,
    non-numeric values, out-of-domain input and numerical failures (ArithmeticError) raise
    DomainError with a one-line message.

    >>> evaluate("U_plus", {"N": "5", "lam": "3", "mu": "0.4"}, 20)
    '-1.841128174366156579'
    >>> evaluate("scalar_gd_hitting_time", {"N": "2", "lam": "1", "alpha": "0.1", "eta": "0.01", "eps": "0.05"}, 30)
    '341'
    """
    if name not in NAMED_FORMS:
        raise DomainError(f"unknown form {name!r}; known: {', '.join(sorted(NAMED_FORMS))}")
    form = NAMED_FORMS[name]
    if isinstance(dps, bool) or not isinstance(dps, int) or dps < 1:
        raise DomainError(f"dps must be an integer >= 1, got {dps!r}")
    missing = [p for p in form.params if p not in params]
    extra = sorted(set(params) - set(form.params))
    if missing or extra:
        raise DomainError(
            f"{name} takes parameters {', '.join(form.params)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unexpected {', '.join(extra)}" if extra else "")
        )
    with mpmath.workdps(dps + GUARD_DIGITS):
        values = {key: _parse(key, params[key]) for key in form.params}
        try:
            value = form.func(**values)
        except ArithmeticError as exc:
            raise DomainError(f"{name}: numerical failure: {str(exc).splitlines()[0]}") from None
        if form.integer_valued:
            return str(int(value))
        return mpmath.nstr(value, dps)
