"""The engine's power on the paper's own formulas: a deliberately weakened statement must FAIL with
a counterexample, and the true one must PASS, over the same domain with the same seed."""
from dataclasses import replace

import mpmath
import pytest

from dmfcheck.numeric.closed_forms import T_plus
from dmfcheck.numeric.flow import flow_time_quad
from dmfcheck.verify import registry
from dmfcheck.verify.claim import AllOf, Claim, Domain, Margin, Outcome, PaperRef, Param, SampledCheck
from dmfcheck.verify.engine import check_claim


def _flow_time_claim(sign):
    """sign * T_N^+(lam, y, alpha) equals the quadrature flow time from alpha to y (true for sign = +1)."""

    def resolve(c):
        root = c["lam"] ** (1.0 / c["N"])
        y = c["alpha"] + c["s"] * (root - c["alpha"])  # strictly between alpha and the root
        return None if abs(root - c["alpha"]) < 1e-6 else dict(c, y=y)

    def margin(p, ctx):
        with mpmath.workdps(ctx.dps or 15):  # float64-level first; near-ties are re-run by the engine
            closed = sign * T_plus(p["N"], p["lam"], p["y"], p["alpha"])
            quad = flow_time_quad(p["N"], p["lam"], p["alpha"], p["y"])
            tol = mpmath.mpf(10) ** (-10 if ctx.is_float64 else -20) * max(1, abs(quad))
            return Margin(tol - abs(closed - quad), closed, quad, "sign * T_N^+", "quadrature", scale=tol)

    dom = Domain(params=(Param("N", scale="choice", choices=(2, 3, 5), grid=(2, 3, 5)),
                         Param("lam", 0.1, 5.0, scale="log", grid=(0.1, 2.0)),
                         Param("alpha", 0.05, 1.5, scale="log", grid=(0.05, 1.5)),
                         Param("s", 0.05, 0.95, grid=(0.5,))),
                 resolve=resolve, description="y between alpha and lam^(1/N)")
    return Claim(id=f"power.flow-time.{sign}", paper="power", title="flow time", kind="symbolic-identity",
                 ref=PaperRef("(17)", "(22)"), check=SampledCheck(dom, margin))


def test_true_flow_time_passes_and_sign_flipped_fails():
    assert check_claim(_flow_time_claim(+1)).outcome is Outcome.PASS
    v = check_claim(_flow_time_claim(-1))
    assert v.outcome is Outcome.FAIL
    cx = v.counterexample
    assert float(cx.lhs) == pytest.approx(-float(cx.rhs), rel=1e-12)


def _scale_bound(check, factor):
    """The same check with the right-hand side of every upper bound ``lhs <= rhs`` scaled by ``factor``."""
    if isinstance(check, AllOf):
        return AllOf(parts=tuple((n, _scale_bound(c, factor)) for n, c in check.parts))

    def margin(p, ctx):
        m = check.margin(p, ctx)
        rhs = m.rhs * factor
        return Margin(rhs - m.lhs, m.lhs, rhs, m.lhs_label, f"{factor} x {m.rhs_label}", m.scale, m.info)

    def batch(points):
        return [Margin(m.rhs * factor - m.lhs, m.lhs, m.rhs * factor, m.lhs_label, m.rhs_label, m.scale, m.info)
                for m in check.batch(points)]

    return replace(check, margin=margin, batch=batch if check.batch is not None else None)


def test_weakened_iteration_bound_fails():
    """Theorem 2.3's bound in the integer form its proof gives, T <= ceil(T_N^Id), PASSes over the
    whole grid; with the bound halved it must FAIL."""
    claim = registry.get("chou.thm2.3-upper")
    (ceil_part,) = [check for name, check in claim.check.parts if "ceil" in name]
    true = replace(claim, id="power.thm2.3-upper-ceil", check=ceil_part)
    assert check_claim(true).outcome is Outcome.PASS
    weak = replace(claim, id="power.thm2.3-upper-halved", check=_scale_bound(ceil_part, 0.5))
    v = check_claim(weak)
    assert v.outcome is Outcome.FAIL
    assert float(v.counterexample.lhs) > float(v.counterexample.rhs)
