"""Claims of chou/scalar_map.py, flow_times.py, constants.py, t_id.py, real_form.py and flows.py: helpers,
metadata, and the engine's verdicts (quick profile, seed 0). Printed errata must FAIL with the catalogue's
counterexample numbers, corrected claims must PASS."""
import doctest
from dataclasses import replace
from fractions import Fraction

import mpmath
import pytest

from dmfcheck.numeric import closed_forms as cf
from dmfcheck.numeric.flow import flow_y_closed, flow_y_invert
from dmfcheck.verify.claim import FLOAT64, Outcome, Precision, Strength
from dmfcheck.verify.claims import support
from dmfcheck.verify.claims.chou import constants, flow_times, real_form, scalar_map, t_id
from dmfcheck.verify.claims.chou import flow_references as fr
from dmfcheck.verify.claims.chou import flows as fl
from dmfcheck.verify.claims.chou.catalogue import ENTRIES
from dmfcheck.verify.engine import check_claim

CLAIMS = {c.id: c for m in (scalar_map, flow_times, constants, t_id, real_form, fl) for c in m.CLAIMS}
PRINTED = {"chou.eq17-Uplus", "chou.appB", "chou.lem2.4"}


def verdict(claim_id, part=None):
    claim = CLAIMS[claim_id]
    if part is not None:
        claim = replace(claim, check=dict(claim.check.parts)[part])
    return check_claim(claim, profile="quick", seed=0)


# --------------------------------------------------------------------------- metadata


def test_every_claim_is_catalogued_with_statement_and_numbers():
    ids = {e["id"] for e in ENTRIES}
    assert set(CLAIMS) <= ids
    assert len(CLAIMS) == 19
    for cid, c in CLAIMS.items():
        assert "$" in c.statement and c.ref.arxiv and c.ref.equations, cid
        assert c.expected == ("FAIL" if cid in PRINTED else None), cid
        assert bool(c.erratum) == (cid in PRINTED), cid
    assert "RECONSTRUCTED" in CLAIMS["chou.eq20"].reconstructed
    assert "reconstructed" in CLAIMS["chou.eq18-19"].reconstructed.lower()


@pytest.mark.parametrize("cid", sorted(cid for cid, c in CLAIMS.items() if c.plot is not None))
def test_plots_of_the_default_point_are_valid_specs(cid):
    spec = CLAIMS[cid].plot(None)
    assert spec["series"] and all(len(s["x"]) == len(s["y"]) > 0 for s in spec["series"])
    assert {"title", "xlabel", "ylabel", "hlines", "vlines"} <= set(spec)


def test_plots_accept_a_sympy_counterexample_point():
    spec = CLAIMS["chou.lem2.4"].plot({"N": 2, "t": "1", "alpha": "1/2"})
    labels = [s["label"] for s in spec["series"]]
    assert "printed (25)" in labels and "closed form" in labels  # lam defaults to 0 for Lemma 2.4


# --------------------------------------------------------------------------- helpers


def test_q_sigma_reaches_the_constants_of_16_at_z_1_exactly():
    for N in range(2, 11):
        assert scalar_map.q_sigma(N, 1, Fraction(1)) == N
        assert scalar_map.q_sigma(N, -1, Fraction(1)) == 3 * N - 2
        assert scalar_map.q_sigma(N, 1, Fraction(1, 2)) < N


def test_reference_values_are_those_of_binary_float_inputs():
    """The catalogue's 18-digit y(t) (chou.eq24) is reproduced with alpha = float(0.3), not with alpha = 3/10."""
    rows = support.reference_rows(lambda **kw: fl.flow_y(**kw), fl.FLOW_REFERENCES[:1], "y", dps=30)
    (_, value, ref, tol, _, _), = rows
    assert abs(value - ref) <= tol
    with mpmath.workdps(30):
        decimal = fl.flow_y(3, 2, "0.3", 1)
        assert abs(decimal - ref) > 10 * tol  # 0.694318745978355850... with the decimal 0.3


def test_instances_proof_reports_the_failing_row():
    with mpmath.workdps(20):
        rows = [({"k": 1}, mpmath.mpf(1), mpmath.mpf(1), mpmath.mpf("1e-10"), "a", "b"),
                ({"k": 2}, mpmath.mpf(1), mpmath.mpf(2), mpmath.mpf("1e-10"), "a", "b")]
    proof = support.instances_proof("toy", rows, 20, "a = b")
    assert not proof.holds and not proof.exact and proof.counterexample["params"] == {"k": 2}
    assert support.instances_proof("toy", rows[:1], 20, "a = b").holds


def test_gross_discrepancy_separates_printed_and_corrected_U():
    p = {"N": 3, "lam": 2.0, "alpha": 0.3, "y": 0.9}
    assert fr.gross_discrepancy(lambda N, lam, a, y: cf.T_plus(N, lam, y, a), p) is None
    closed, quad = fr.gross_discrepancy(lambda N, lam, a, y: cf.T_plus_printed(N, lam, y, a), p)
    assert abs(closed - 1.00178874836) < 1e-9 and abs(quad - 1.22043347386) < 1e-9


def test_resolve_same_side_skips_degenerate_and_keeps_the_side():
    assert fr.resolve_same_side({"N": 2, "lam": 1.0, "alpha": 1.0, "v": 0.5}) is None
    p = fr.resolve_same_side({"N": 3, "lam": 8.0, "alpha": 3.0, "v": 0.25})
    assert p["y"] == 2.25 and p["alpha"] == 3.0
    assert fr.resolve_same_side({"N": 3, "lam": 2.0, "alpha": 0.3, "v": 0.5, "y": 1.5}) is None


def test_quad_margin_decides_at_30_digits_in_the_float64_pass():
    margin = fr.quad_margin(lambda N, lam, a, y: cf.T_plus(N, lam, y, a), "T")
    m = margin({"N": 5, "lam": 3.0, "alpha": 0.1, "y": 0.4}, FLOAT64)
    assert m.info["dps"] == 30 and m.relative > 0.9


def test_invert_printed_follows_the_increasing_branch_or_reports_no_solution():
    with mpmath.workdps(30):
        y, solved = fl.invert_printed(3, 2, 0.3, 0.5)
        assert solved and abs(cf.T_plus_printed(3, 2, y, 0.3) - mpmath.mpf("0.5")) < mpmath.mpf("1e-25")
        y_star = mpmath.root(1, 3)  # (lam/2)^(1/N)
        assert fl.invert_printed(3, 2, 0.3, 100) == (y_star, False)
        assert fl.invert_printed(3, 1, 1.5, 0.5) == (mpmath.mpf(1.5), False)  # alpha > lam^(1/N): no solution
        h = mpmath.mpf("1e-6")
        assert cf.T_plus_printed(3, 2, y_star - h, 0.3) < cf.T_plus_printed(3, 2, y_star, 0.3)
        assert cf.T_plus_printed(3, 2, y_star + h, 0.3) < cf.T_plus_printed(3, 2, y_star, 0.3)


def test_lemma_y_printed_and_corrected():
    with mpmath.workdps(30):
        assert fl.lemma_y(4, 0, 0.8, 2, printed=False)[0] == flow_y_closed(4, 0, 0.8, 2)
        assert fl.lemma_y(3, 2, 0.3, 1, printed=False)[0] == flow_y_invert(3, 2, 0.3, 1)
        assert fl.lemma_y(2, 0, 0.5, 1, printed=True)[0] == mpmath.mpf(1) / 4  # printed (25), E2
        assert abs(fl.lemma_y(2, 0, 0.5, 1, printed=False)[0] - 1 / mpmath.sqrt(6)) < mpmath.mpf("1e-28")
        assert fl.lemma_y(1, 2, 0.5, 1, printed=True) == fl.lemma_y(1, 2, 0.5, 1, printed=False)


def test_lemma_margin_flags_a_printed_lam0_point_and_confirms_it_in_mpmath():
    margin = fl._lemma_margin(printed=True)
    p = {"N": 2, "lam": 0.0, "alpha": 1.0, "t": 1.0}
    assert margin(p, FLOAT64).relative < 0
    with mpmath.workdps(30):
        m = margin(p, Precision(30))
        assert m.value < 0 and abs(m.lhs - mpmath.mpf(1) / 3) < 1e-28 and abs(m.rhs - 1 / mpmath.sqrt(3)) < 1e-28


# --------------------------------------------------------------------------- verdicts (fast)


@pytest.mark.parametrize("cid", ["chou.eq15", "chou.eq16", "chou.def.cN-zeta", "chou.def.sN-aN-bN", "chou.eq27",
                                 "chou.eq30", "chou.eq31-32", "chou.rem2.5"])
def test_true_claims_pass(cid):
    v = verdict(cid)
    assert v.outcome is Outcome.PASS, v.reason
    if cid in ("chou.eq27", "chou.eq30"):
        assert v.strength is Strength.PROVED


def test_printed_U_plus_fails_at_the_catalogue_point():
    v = verdict("chou.eq17-Uplus", "recipe points, dps 40")
    assert v.outcome is Outcome.FAIL
    c = v.counterexample
    assert c.params == {"N": 3, "lam": "2.0", "alpha": "0.3", "y": "0.9"}
    assert c.lhs.startswith("1.00178874836") and c.rhs.startswith("1.22043347385734652")


def test_printed_real_form_fails_at_the_catalogue_point():
    v = verdict("chou.appB", "recipe points, dps 40")
    assert v.outcome is Outcome.FAIL and v.counterexample.lhs.startswith("1.2408766944")


def test_printed_lambda0_formula_fails_with_the_catalogue_residual():
    v = verdict("chou.lem2.4", "sympy: ODE residuals and dU/dmu")
    assert v.outcome is Outcome.FAIL
    c = v.counterexample
    assert float(c.lhs) - float(c.rhs) == pytest.approx(-0.109375)  # y' + y^3 at t = 1, alpha = 1/2 (E2)


def test_T_id_reference_values_and_domain_errors():
    assert verdict("chou.eq20", "reference values").outcome is Outcome.PASS
    assert verdict("chou.eq20", "domain errors").outcome is Outcome.PASS


# --------------------------------------------------------------------------- verdicts (slow: the whole claims)


@pytest.mark.slow
@pytest.mark.parametrize("cid", ["chou.eq17-Uminus", "chou.eq17-Uplus.corrected", "chou.eq18-19", "chou.eq20",
                                 "chou.def.c", "chou.appB.corrected", "chou.eq24", "chou.lem2.4.corrected"])
def test_true_claims_pass_slow(cid):
    v = verdict(cid)
    assert v.outcome is Outcome.PASS, v.reason


@pytest.mark.slow
@pytest.mark.parametrize("cid", sorted(PRINTED))
def test_printed_errata_fail_in_every_part(cid):
    v = verdict(cid)
    assert v.outcome is Outcome.FAIL
    assert all(pv.outcome is Outcome.FAIL for _, pv in v.parts), [(n, pv.outcome) for n, pv in v.parts]
    assert v.counterexample is not None


@pytest.mark.parametrize("module", [support, fr, scalar_map, flow_times, constants, t_id, real_form])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
