"""The pytest plugin: claims as items, strict xfail for known errata, ERROR never absorbed."""
import math

import pytest

from dmfcheck.verify import registry
from dmfcheck.verify.claim import Claim, Domain, Margin, PaperRef, Param, SampledCheck

pytest_plugins = ["pytester"]

DOM = Domain(params=(Param("x", 0.0, 1.0, grid=(0.0, 1.0)),), description="x in [0, 1]")


def _toy(cid, value, expected=None):
    def margin(p, ctx):
        return Margin(value, 0.0, value)

    return Claim(id=cid, paper="toy", title=cid, kind="inequality-over-domain", ref=PaperRef("toy", "toy"),
                 check=SampledCheck(DOM, margin), expected=expected, erratum="T1" if expected else None)


@pytest.fixture
def toy_registry(monkeypatch):
    claims = {
        "toy.true": _toy("toy.true", 1.0),
        "toy.false": _toy("toy.false", -1.0),
        "toy.erratum-confirmed": _toy("toy.erratum-confirmed", -1.0, expected="FAIL"),
        "toy.erratum-passes": _toy("toy.erratum-passes", 1.0, expected="FAIL"),
        "toy.erratum-broken": _toy("toy.erratum-broken", math.nan, expected="FAIL"),
        "toy.todo": Claim(id="toy.todo", paper="toy", title="todo", kind="qualitative", ref=PaperRef("toy", "toy")),
    }
    monkeypatch.setattr(registry, "_registry", lambda: claims)
    monkeypatch.setattr(registry, "paper_titles", lambda: {"toy": "A toy paper"})
    return claims


def test_outcomes_map_to_pytest_results(pytester, toy_registry):
    result = pytester.runpytest_inprocess("--dmfcheck", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=3, xfailed=1, skipped=1)
    out = result.stdout.str()
    assert "counterexample" in out  # a FAIL shows its counterexample
    assert "XPASS(strict)" in out or "toy.erratum-passes" in out  # a known erratum that passes is red
    assert "non-finite" in out  # an ERROR is a failure even under an expected-FAIL marker


def test_selection_by_id_and_marker(pytester, toy_registry):
    result = pytester.runpytest_inprocess("--dmfcheck", "-k", "toy.true", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result = pytester.runpytest_inprocess("--dmfcheck", "-m", "toy and not dmfcheck", "-p", "no:cacheprovider")
    result.assert_outcomes()


def test_real_claims_through_the_installed_plugin(pytester):
    """Printed erratum -> strict xfail, corrected -> pass, unimplemented -> skip (subprocess, entry point)."""
    result = pytester.runpytest_subprocess("--dmfcheck", "-k", "eq17-Uplus or lemC.2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, xfailed=1, skipped=1)
