"""Closed-form solutions of the scalar gradient flow (24) and their exact ODE residuals.

Chou et al., Lemma 2.4 (chou.lem2.4, erratum E2), Remark 2.5 (chou.rem2.5), eq. (30)
(chou.eq30), eq. (24) (chou.eq24). The flows, with ``y(0) = alpha > 0``:

==================  ====================================================  =======================
name                y(t)                                                  ODE
==================  ====================================================  =======================
``N1``              ``lam - (lam - alpha) e^(-t)``                        ``y' = -(y - lam)``
``N2``              ``sqrt(lam/(1 + (lam/alpha^2 - 1) e^(-2 lam t)))``    ``y' = -y (y^2 - lam)``
``lam0_corrected``  ``((2N-2) t + alpha^(2-2N))^(-1/(2N-2))``             ``y' = -y^(2N-1)``
``lam0_printed``    ``((2N-2) t + alpha^(2/N-2))^(-N/(2N-2))`` (25)       ``y' = -y^(2N-1)``
``y_minus``         ``alpha e^(lam t)`` (N=2),                            ``y' = lam y^(N-1)``
                    ``((2-N) lam t + alpha^(2-N))^(-1/(N-2))`` (N>=3)
==================  ====================================================  =======================

``N2`` also holds for ``lam < 0``; ``y_minus`` is the comparison flow for ``lam < 0``.

Exact method. ``N1``, ``N2``, ``y_minus`` (N=2): ``cancel`` of ``y' - f(y)``. The power forms
``y = B(t)^(m/q)`` with ``B`` affine in t: in the variable ``s = B^(1/q) > 0`` (a bijection of the
time interval) ``y = s^m`` and ``dy/dt = (dy/ds)/(dt/ds)``, so the residual is a Laurent
polynomial in ``s`` decided by ``cancel`` -- for every N, and for symbolic N (``N=None``).
"""
from __future__ import annotations

import mpmath
import sympy as sp

from dmfcheck.numeric.errors import DomainError
from dmfcheck.symbolic.exact import Proof, check_int, counterexample, evaluate, exact_zero

t = sp.Symbol("t", nonnegative=True)
lam = sp.Symbol("lam", real=True)
alpha = sp.Symbol("alpha", positive=True)
N_sym = sp.Symbol("N", integer=True, positive=True)
_s = sp.Symbol("s", positive=True)

NAMES = ("N1", "N2", "lam0_corrected", "lam0_printed", "y_minus")

# The catalogue's counterexample for the printed (25): t = 1, alpha = 1/2 (E2).
_CEX = {"t": sp.Integer(1), "alpha": sp.Rational(1, 2)}


def _power_form(name: str, N):
    """``(B(t), m, q)`` with ``y = B^(m/q)``, for the power-law flows (N may be symbolic)."""
    if name == "lam0_corrected":
        return (2 * N - 2) * t + alpha ** (2 - 2 * N), -1, 2 * N - 2
    if name == "lam0_printed":
        return (2 * N - 2) * t + alpha ** (sp.Integer(2) / N - 2), -N, 2 * N - 2
    return (2 - N) * lam * t + alpha ** (2 - N), -1, N - 2  # y_minus, N >= 3


def _rhs(name: str, y, N):
    """Right-hand side ``f(y)`` of the ODE ``y' = f(y)`` of flow ``name``."""
    if name == "N1":
        return -(y - lam)
    if name == "N2":
        return -y * (y ** 2 - lam)
    if name in ("lam0_corrected", "lam0_printed"):
        return -y ** (2 * N - 1)
    return lam * y ** (N - 1)


def _flow(name: str, N):
    """``y(t)`` of flow ``name`` (N an int, or the symbol N for the power forms)."""
    if name == "N1":
        return lam - (lam - alpha) * sp.exp(-t)
    if name == "N2":
        return sp.sqrt(lam / (1 + (lam / alpha ** 2 - 1) * sp.exp(-2 * lam * t)))
    if name == "y_minus" and N == 2:
        return alpha * sp.exp(lam * t)
    B, m, q = _power_form(name, N)
    return B ** (sp.sympify(m) / q)


def closed_form_flows() -> dict:
    """``name -> Lambda((t, lam, alpha, N), y(t))`` for the flows in the module table.

    ``N1`` and ``N2`` ignore ``N``; ``lam0_*`` ignore ``lam``; ``y_minus`` is a Piecewise in N
    (``alpha e^(lam t)`` at N = 2).

    >>> closed_form_flows()["N1"](0, 3, sp.Rational(1, 2), 1)
    1/2
    """
    y_minus = sp.Piecewise((_flow("y_minus", 2), sp.Eq(N_sym, 2)), (_flow("y_minus", N_sym), True))
    exprs = {"N1": _flow("N1", 1), "N2": _flow("N2", 2), "lam0_corrected": _flow("lam0_corrected", N_sym),
             "lam0_printed": _flow("lam0_printed", N_sym), "y_minus": y_minus}
    return {k: sp.Lambda((t, lam, alpha, N_sym), v) for k, v in exprs.items()}


def _check_N(name: str, N):
    if name in ("N1", "N2"):
        want = 1 if name == "N1" else 2
        if N not in (None, want):
            raise DomainError(f"flow {name} has N = {want}, got N = {N}")
        return want
    if N is None:
        return None
    return check_int(N, 2)


def _power_residual(name: str, N, steps: list) -> tuple:
    """Residual of a power form in ``s = B^(1/q)``: ``(dy/ds)/(dt/ds) - f(s^m)``, and the IC gap."""
    Nv = N_sym if N is None else N
    B, m, q = _power_form(name, Nv)
    k = sp.diff(B, t)  # B is affine in t: B = B(0) + k t, so t = (s^q - B(0))/k
    y_s = _s ** m
    dy_dt = sp.diff(y_s, _s) / (sp.diff(_s ** q, _s) / k)
    res = dy_dt - _rhs(name, y_s, Nv)
    B0 = B.subs(t, 0)
    y0 = B0 ** (sp.sympify(m) / q)
    ic = y0.replace(lambda e: e.is_Pow, lambda e: sp.Pow(e.base, sp.cancel(e.exp))) - alpha
    steps.append(f"{name}, N={'N' if N is None else N}: s = B^(1/({q})) with B = {B}; y = s^({m}); "
                 f"residual(s) = {sp.cancel(res)}")
    return res, ic


def ode_residual_proof(name: str, N=None) -> Proof:
    """Exact ODE residual and initial condition of the closed-form flow ``name`` (module table).

    ``N``: ignored for ``N1``/``N2`` (must be None or 1/2); for ``lam0_*`` and ``y_minus`` an int
    ``>= 2``, or None for a proof with symbolic N (``lam0_corrected``: N >= 2, ``y_minus``:
    N >= 3). ``lam0_printed`` (eq. (25) as printed, E2) is refuted exactly (residual a non-zero
    Laurent polynomial in ``s``) with the catalogue's counterexample at ``t = 1``, ``alpha = 1/2``:
    residual ``y' + y^(2N-1) = -0.109375`` (N=2), ``-0.11189`` (N=3); with ``N=None`` both are
    refuted. The printed form solves ``x' = -N x^(3-2/N)``, ``x(0) = alpha`` (recorded as a step).

    >>> ode_residual_proof("N2").holds, ode_residual_proof("lam0_printed", 2).holds
    (True, False)
    """
    if name not in NAMES:
        raise DomainError(f"unknown flow {name!r}; expected one of {NAMES}")
    N = _check_N(name, N)
    if name == "lam0_printed" and N is None:
        parts = [ode_residual_proof(name, n) for n in (2, 3)]
        return Proof(holds=False, exact=all(p.exact for p in parts), method=parts[0].method,
                     steps=sum((p.steps for p in parts), ()), counterexample=parts[0].counterexample)
    steps = []
    if name in ("lam0_corrected", "lam0_printed") or (name == "y_minus" and N != 2):
        res, ic = _power_residual(name, N, steps)
        method = "cancel in s = B^(1/q)"
    else:
        y = _flow(name, N)
        res = sp.diff(y, t) - _rhs(name, y, N)
        ic = y.subs(t, 0) - alpha
        method = "cancel"
    decided = exact_zero(res)
    ok_ic = exact_zero(ic)
    label = name if name in ("N1", "N2") else f"{name}, N={'N' if N is None else N}"
    if decided is None or ok_ic is None:
        raise AssertionError(f"{label}: residual not decided exactly")  # every table entry is rational in s
    ok, how = decided
    steps.append(f"{label}: {how}(y' - f(y)) {'==' if ok else '!='} 0")
    steps.append(f"{label}: y(0) - alpha {'==' if ok_ic[0] else '!='} 0")
    cex = None
    if name == "lam0_printed":
        steps.append(_product_flow_step(N))
        cex = _printed_counterexample(N)
    return Proof(holds=ok and ok_ic[0], exact=True, method=method, steps=tuple(steps), counterexample=cex)


def _product_flow_step(N: int) -> str:
    """The printed (25) solves ``x' = -N x^(3-2/N)`` with ``x(0) = alpha`` (exact, in ``s``)."""
    B, m, q = _power_form("lam0_printed", N)
    k = sp.diff(B, t)
    y_s = _s ** m
    res = sp.diff(y_s, _s) / (sp.diff(_s ** q, _s) / k) + N * y_s ** (3 - sp.Rational(2, N))
    ok = sp.cancel(res) == 0
    return f"lam0_printed, N={N}: cancel(y' + N y^(3-2/N)) {'==' if ok else '!='} 0 (the product flow, started at alpha)"


def _printed_counterexample(N: int, dps: int = 40) -> dict:
    """The residual of the printed (25) at ``t = 1, alpha = 1/2``: ``y'`` against ``-y^(2N-1)``."""
    y = _flow("lam0_printed", N)
    vals = {t: _CEX["t"], alpha: _CEX["alpha"]}
    lhs_v = evaluate(sp.diff(y, t), vals, dps)
    rhs_v = evaluate(-y ** (2 * N - 1), vals, dps)
    with mpmath.workdps(dps):
        resid = lhs_v - rhs_v
    return counterexample({"N": N, "t": "1", "alpha": "1/2"}, lhs_v, rhs_v, dps,
                          lhs_label="y'(t)", rhs_label="-y(t)^(2N-1)", residual=mpmath.nstr(resid, 35))
