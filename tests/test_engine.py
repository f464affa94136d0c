"""The check engine on toy claims whose truth is known: it must PASS true statements, FAIL false
ones with a shrunk, mpmath-confirmed counterexample, never PASS on NaN or divergence, and let
mpmath decide float64 near-ties."""
import math

import mpmath
import pytest

from dmfcheck.verify.claim import (
    AllOf,
    Claim,
    Diverged,
    Domain,
    Margin,
    NotCheckable,
    Outcome,
    PaperRef,
    Param,
    ProofCheck,
    ProofResult,
    SampledCheck,
    Strength,
)
from dmfcheck.verify.engine import check_claim

X = Param("x", -3.0, 3.0, grid=(-3.0, 0.0, 3.0))
DOM = Domain(params=(X,), description="x in [-3, 3]")


def _claim(check, cid="toy.claim"):
    return Claim(id=cid, paper="toy", title="toy", kind="inequality-over-domain", ref=PaperRef("toy", "toy"), check=check)


def _exp_bound(factor):
    """exp(x) >= factor * (1 + x): true for factor = 1, false for factor = 1.001 (at x = 0)."""

    def margin(p, ctx):
        if ctx.is_float64:
            lhs, rhs = math.exp(p["x"]), factor * (1 + p["x"])
        else:
            x = mpmath.mpf(p["x"])
            lhs, rhs = mpmath.exp(x), mpmath.mpf(factor) * (1 + x)
        return Margin(lhs - rhs, lhs, rhs, "exp(x)", f"{factor}(1+x)", scale=max(1.0, abs(float(rhs))))

    return margin


def test_true_inequality_passes_with_evidence():
    v = check_claim(_claim(SampledCheck(DOM, _exp_bound(1))))
    assert v.outcome is Outcome.PASS and v.strength is Strength.EVIDENCE
    ev = v.evidence
    assert ev.n_points > 50 and ev.seed == v.seed
    # the worst point is the tangency x = 0, where the margin is exactly 0, decided in mpmath
    assert ev.worst_relative_margin == pytest.approx(0.0, abs=1e-12)
    assert float(ev.worst_point["x"]) == pytest.approx(0.0, abs=1e-6)
    assert v.precision.startswith("mpmath")
    assert ev.escalated > 0


def test_false_inequality_fails_with_shrunk_confirmed_counterexample():
    v = check_claim(_claim(SampledCheck(DOM, _exp_bound(1.001))))
    assert v.outcome is Outcome.FAIL
    cx = v.counterexample
    assert cx.precision.startswith("mpmath dps=")
    assert int(cx.precision.split("=")[1]) >= 30
    assert float(cx.lhs) < float(cx.rhs)
    assert float(cx.margin) < 0
    # shrunk to a short value
    assert len(repr(cx.params["x"])) <= 6


def test_nan_is_error_never_pass():
    def margin(p, ctx):
        return Margin(float("nan"), 1.0, float("nan"))

    v = check_claim(_claim(SampledCheck(DOM, margin)))
    assert v.outcome is Outcome.ERROR
    assert "non-finite" in v.reason


def test_divergence_is_error_never_pass():
    def margin(p, ctx):
        if p["x"] > 2:
            raise Diverged("simulation left every bounded region")
        return Margin(1.0, 0.0, 1.0)

    v = check_claim(_claim(SampledCheck(DOM, margin)))
    assert v.outcome is Outcome.ERROR
    assert "Diverged" in v.reason


def test_mpmath_decides_a_float64_near_tie():
    """float64 says -1e-20 (a rounding artefact), mpmath says +1e-20: the verdict is PASS at mpmath precision."""

    def margin(p, ctx):
        value = -1e-20 if ctx.is_float64 else mpmath.mpf("1e-20")
        return Margin(value, 1.0, 1.0)

    v = check_claim(_claim(SampledCheck(DOM, margin)))
    assert v.outcome is Outcome.PASS
    assert v.precision.startswith("mpmath")


def test_float64_failure_not_confirmed_by_mpmath_is_not_a_fail():
    def margin(p, ctx):
        value = -1.0 if ctx.is_float64 else mpmath.mpf(1)
        return Margin(value, 0.0, 1.0)

    assert check_claim(_claim(SampledCheck(DOM, margin))).outcome is Outcome.PASS


def test_out_of_domain_points_are_skipped_and_counted():
    dom = Domain(params=(X,), resolve=lambda c: c if c["x"] >= 0 else None, description="x >= 0")
    v = check_claim(_claim(SampledCheck(dom, _exp_bound(1))))
    assert v.outcome is Outcome.PASS
    assert v.evidence.skipped > 0
    assert all(float(v.evidence.worst_point["x"]) >= 0 for _ in [0])


def test_reruns_are_deterministic():
    c = _claim(SampledCheck(DOM, _exp_bound(1.001)))
    a, b = check_claim(c, seed=5).to_json(), check_claim(c, seed=5).to_json()
    for r in (a, b):
        r.pop("seconds")
    assert a == b


def test_proof_checks_give_proved_or_fail():
    ok = ProofResult(holds=True, exact=True, method="cancel", steps=("cancel(x - x) == 0",))
    sampled = ProofResult(holds=True, exact=False, method="mpmath sampling", precision="mpmath dps=50")
    bad = ProofResult(holds=False, exact=True, method="cancel",
                      counterexample={"params": {"N": 3}, "lhs": "1", "rhs": "2"})
    assert check_claim(_claim(ProofCheck(lambda: ok))).strength is Strength.PROVED
    v = check_claim(_claim(ProofCheck(lambda: [ok, sampled])))
    assert v.outcome is Outcome.PASS and v.strength is Strength.EVIDENCE
    v = check_claim(_claim(ProofCheck(lambda: [ok, bad])))
    assert v.outcome is Outcome.FAIL and v.counterexample.params == {"N": 3}


def test_conjunction_reports_each_part():
    check = AllOf(parts=(("true", SampledCheck(DOM, _exp_bound(1))), ("false", SampledCheck(DOM, _exp_bound(1.001)))))
    v = check_claim(_claim(check))
    assert v.outcome is Outcome.FAIL
    assert [n for n, _ in v.parts] == ["true", "false"]
    assert v.parts[0][1].outcome is Outcome.PASS and v.parts[1][1].outcome is Outcome.FAIL
    assert v.counterexample is not None


def test_not_checkable_and_not_implemented_and_broken_checks():
    assert check_claim(_claim(NotCheckable("needs MNIST"))).outcome is Outcome.NOT_CHECKABLE
    assert check_claim(_claim(None)).outcome is Outcome.NOT_IMPLEMENTED

    def broken(p, ctx):
        raise RuntimeError("bug in the check")

    v = check_claim(_claim(SampledCheck(DOM, broken)))
    assert v.outcome is Outcome.ERROR and "bug in the check" in v.reason
