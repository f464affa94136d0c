"""Claims of Chou et al. Section 2.1 / Thm 1.1 / Rem 1.2 (dmfcheck.verify.claims.chou: lem22, thm23,
thm23_proof, lem26, thm11, rem12, obs_ceil).

Reference values of the catalogue, the helpers of iteration_counts (near-ties, UNDECIDED), the
counterexamples the engine finds (confirmed in mpmath), and the verdicts of the fast claims; the
slower verdicts are marked ``slow``.
"""
import doctest
import math

import mpmath
import pytest

from dmfcheck.numeric.iteration_bounds import T_id, lower_bound_23
from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats
from dmfcheck.verify.claim import FLOAT64, Outcome, Precision
from dmfcheck.numeric.scalar_recursion_mp import error_window_mp, hitting_time_mp
from dmfcheck.verify.claims.chou import iteration_counts as ic
from dmfcheck.verify.claims.chou import lem22, lem26, obs_ceil, rem12, scalar_conventions, thm11, thm23, thm23_proof
from dmfcheck.verify.engine import check_claim

MP50 = Precision(50)


def _mp_margin(margin, p):
    with mpmath.workdps(50):
        return margin(p, MP50)


# --------------------------------------------------------------------------- reference values


@pytest.mark.parametrize("N, lam, alpha, eta, eps, T, tid, lb", [
    (3, 5.0, 0.1, 1e-3, 1e-3, 2159, "2843.81107855", "2140.51749378"),
    (4, 2.0, 0.3, 0.01, 1e-4, 340, "536.059080902", "333.085695098"),
    (2, 1.0, 0.1, 0.01, 0.05, 341, "520.208298934", "339.397445579"),
    (3, -1.0, 0.5, 0.02, 0.1, 393, "400.0", None),
    (2, 1.0, 0.8, 0.1, 0.05, 8, "20.0932984994", None),
])
def test_thm23_reference_counts_and_bounds(N, lam, alpha, eta, eps, T, tid, lb):
    count = ic.hitting_counts(N, lam, alpha, eta, eps, 10**4)[0]
    assert count.T == T and not count.tie
    with mpmath.workdps(30):
        assert abs(T_id(N, lam, eps, alpha, eta) - mpmath.mpf(tid)) < 1e-8
        if lb is not None:
            assert abs(lower_bound_23(N, lam, eps, alpha, eta) - mpmath.mpf(lb)) < 1e-8


def test_thm11_reference_error():
    p = thm11.thm11_point({"N": 3, "lam": 2.0, "alpha": 0.5, "mu": 2.0, "eta": 0.05, "eps": 0.01})
    assert abs(p["T_Id"] - 44.85465313) < 1e-8 and p["start"] == 45
    with mpmath.workdps(50):
        worst, k = error_window_mp(3, 2.0, 0.5, 0.05, 45, 45)
        assert k == 45 and abs(worst - mpmath.mpf("1.007715439e-6")) < 1e-15
    assert thm11.thm11_margin(p, FLOAT64).value > 0


def test_e12_bound_increases_with_lambda():
    p = rem12._pair_point(dict(rem12._E12), same_side=False)
    assert abs(p["T_Id"] - 1164.36) < 0.01 and abs(p["T_Id2"] - 1380.83) < 0.01
    assert _mp_margin(rem12._rem12_ii_margin, p).value < -216


# --------------------------------------------------------------------------- helpers


def test_near_tie_confirmed_in_mpmath_beyond_the_1e_10_band():
    eps = obs_ceil._tie_eps(3, 5.0, 0.1, 1e-3, 2600)  # |d(2600) - 5^(1/3)| from mpmath, rounded to float64
    raw = int(scalar_gd_stats(3, 5.0, 0.1, 1e-3, eps, 3000, stop_at_hit=True)["hit"][0])
    count = ic.hitting_counts(3, 5.0, 0.1, 1e-3, eps, 3000)[0]
    assert raw == 2601  # plain float64 decides one step late, 4.7e-8 eps away from the band edge
    assert count.tie and count.confirmed and count.T == 2600
    assert ic.tie_band(3, 5.0, 0.1, eps, 2600) > 1e-6


def test_undecided_points_are_skipped():
    # lam < 0, N = 7, eps = 1e-6 alpha: T_N^Id is astronomically large
    assert thm23._upper_resolve({"N": 7, "lam": -1.0, "alpha": 0.5, "f": 0.5, "e": 1e-6}) is None
    assert thm23._upper_resolve({"N": 3, "lam": 5.0, "alpha": 0.1, "f": 0.5, "e": 0.1}) is not None


def test_bound_precision_for_tiny_lambda():
    assert ic.bound_dps(1e-30) == 50
    p = thm23._upper_resolve({"N": 2, "lam": 1e-30, "alpha": 1.0, "f": 0.5, "e": 0.5})
    # the lam -> 0 flow time (eps^-2 - alpha^-2)/2 = 1.5 over eta = 0.25 (at dps 20 this was 0)
    assert p is not None and abs(p["T_Id"] - 6.0) < 1e-9


def test_flow_horizon_covers_the_discrete_run():
    K = ic.flow_horizon(2, 1.0, 0.1, 0.01, 1e-2)
    d = scalar_gd_stats(2, 1.0, 0.1, 0.01, 0.0, K)["d_final"][0]
    assert ic.limit_status(2, 1.0, d, 1e-2) == "root"


@pytest.mark.parametrize("module", [ic, scalar_conventions])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# --------------------------------------------------------------------------- counterexamples (mpmath)


def test_lem22_invariance_fails_for_negative_lambda_near_the_step_limit():
    p = lem22._lem22_resolve("lam<=0, alpha>=|lam|^(1/N)")({"N": 2, "rho": 1.0, "alpha": 1.0, "f": 0.75})
    m = _mp_margin(lem22._lem22_margin, p)
    assert p["lam"] == -1.0 and p["eta"] == 0.75
    assert m.value < 0 and float(m.lhs) == pytest.approx(0.5)  # d(1) = -0.5, outside [0, 1]


def test_thm23_upper_fails_as_printed_by_less_than_one_step():
    p = thm23._upper_resolve({"N": 3, "lam": -5.0, "alpha": 0.02, "eta": 0.0016708672789787805, "eps": 0.01})
    m = _mp_margin(thm23._upper_margin, p)
    assert m.lhs == 5985 and 5984.9 < float(m.rhs) < 5985 and m.value < 0
    assert _mp_margin(thm23._upper_rounded_margin, p).value >= 0


def test_thm23_lower_fails_inside_the_second_phase():
    p = thm23._lower_resolve({"N": 2, "lam": 1.0, "alpha": 0.1, "f": 0.1, "e": 0.3})
    assert p["eps"] < 1 - math.sqrt(1 / 3)  # eps < lam^(1/N) - zeta
    m = _mp_margin(thm23._lower_margin, p)
    assert m.lhs == 48 and abs(float(m.rhs) - 50.6828028101215) < 1e-9


def test_thm11_bound_fails_when_d_approaches_from_above():
    p = thm11.thm11_point({"N": 2, "lam": 0.5, "alpha": 1.0, "mu": 0.0, "f": 0.1, "e": 0.5})
    m = _mp_margin(thm11.thm11_margin, p)
    assert p["regime"] == "0<lam<alpha^N" and m.value < 0
    assert float(m.lhs) == pytest.approx(0.2216283753, rel=1e-9) and float(m.rhs) == pytest.approx(0.2071067812)


def test_actual_count_not_monotone_in_lambda():
    p = rem12._monotone_T_resolve({"N": 2, "lam": 20.0, "rho": 5.0, "alpha": 1.5, "f": 0.9, "e": 0.999})
    m = _mp_margin(rem12._monotone_T_margin, p)
    assert m.rhs == 1 and m.value < 0  # T(20) = 1 < T(100)


def test_relative_accuracy_count_reference_and_edge_counterexample():
    ref = rem12._monotone_T_resolve(rem12._E12_RELATIVE, relative=True)
    m = _mp_margin(rem12._monotone_T_margin, ref)
    assert (m.rhs, m.lhs) == (407, 204)  # catalogue E12: T = 407 (lam = 50), 204 (lam = 100)
    edge = rem12._monotone_T_resolve(rem12._RELATIVE_EDGE, relative=True)
    assert edge["eps2"] == pytest.approx(0.01 * 40.0 ** (1 / 7))
    with mpmath.workdps(50):
        counts = [hitting_time_mp(7, x, 1.5, edge["eta"], e, 10**4) for x, e in ((20.0, edge["eps"]),
                                                                                 (40.0, edge["eps2"]))]
    assert counts == [3015, 3750]
    assert _mp_margin(rem12._monotone_T_margin, edge).value < 0


def test_corrected_remark_fails_in_both_readings():
    v = check_claim(rem12.REM12_CORRECTED, profile="quick", seed=0)
    parts = dict(v.parts)
    assert v.outcome is Outcome.FAIL and parts["fixed eps (as (ii) is printed)"].outcome is Outcome.FAIL
    rel = parts["relative eps = e * lam^(1/N)"]
    cx = rel.counterexample
    assert rel.outcome is Outcome.FAIL and cx.precision == "mpmath dps=50" and float(cx.margin) < 0
    assert float(cx.params["lam2"]) > float(cx.params["lam"]) > 0
    assert float(cx.params["eps2"]) == pytest.approx(float(cx.params["e"]) * float(cx.params["lam2"]) ** (1 / 7))


def test_proof_item_2b_e9():
    printed = thm23_proof._item2b_resolve(False)({"N": 2, "alpha": 1.0, "q": 0.0, "f": 0.8})
    assert printed["eta"] == pytest.approx(0.4)
    assert _mp_margin(thm23_proof._item2b_printed, printed).value < 0
    corrected = thm23_proof._item2b_resolve(True)({"N": 2, "alpha": 1.0, "q": 0.0, "f": 0.999})
    assert _mp_margin(thm23_proof._item2b_corrected, corrected).value > 0


def test_plots_are_specs():
    for claim in (thm23.THM23_UPPER, thm11.THM11, rem12.REM12, lem22.LEM22):
        spec = claim.plot(None)
        assert spec["series"] and all(len(x["x"]) == len(x["y"]) for x in spec["series"])


# --------------------------------------------------------------------------- verdicts


def test_obs_ceil_passes():
    v = check_claim(obs_ceil.OBS_CEIL, profile="quick", seed=0)
    assert v.outcome is Outcome.PASS and v.evidence.n_points > 50


def test_proof_claims_printed_fails_by_2b_and_corrected_passes():
    v = check_claim(thm23_proof.PROOF_CLAIMS, profile="quick", seed=0)
    assert v.outcome is Outcome.FAIL
    parts = dict(v.parts)
    assert [n for n, pv in parts.items() if pv.outcome is Outcome.FAIL] == ["2b: (21) implies eta < 1/K_2 (printed)"]
    assert check_claim(thm23_proof.PROOF_CLAIMS_CORRECTED, profile="quick", seed=0).outcome is Outcome.PASS


def test_lem22_fails_only_in_the_case_lambda_nonpositive_alpha_large():
    v = check_claim(lem22.LEM22, profile="quick", seed=0)
    failing = [n for n, pv in v.parts if pv.outcome is Outcome.FAIL]
    assert v.outcome is Outcome.FAIL and failing == ["N>=2, lam<=0, alpha>=|lam|^(1/N)"]


@pytest.mark.slow
@pytest.mark.parametrize("claim, outcome", [
    (thm23.THM23_UPPER, Outcome.FAIL), (thm23.THM23_LOWER, Outcome.FAIL), (lem26.LEM26, Outcome.PASS),
    (thm11.THM11, Outcome.FAIL), (rem12.REM12, Outcome.FAIL), (rem12.REM12_CORRECTED, Outcome.FAIL),
], ids=lambda x: getattr(x, "id", None))
def test_slow_verdicts(claim, outcome):
    assert check_claim(claim, profile="quick", seed=0).outcome is outcome
