"""Tests of the matrix-dynamics and stability claims of Chou et al.: chou.eq6-9, chou.lem2.1,
chou.lemA.1 (+ .corrected, E8) and chou.obs.instab (E14): verdicts, catalogue reference values, and
that each check can fail."""
import doctest

import mpmath
import numpy as np
import pytest

from dmfcheck.numeric.initializations import identical_init, perturbed_init
from dmfcheck.numeric import pair_instability as pi
from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.matrix_gd_mp import mp_matrix_gd
from dmfcheck.verify.claim import FLOAT64, Outcome, Precision, Strength
from dmfcheck.verify.claims.chou import eq6_9 as eq
from dmfcheck.verify.claims.chou import lem21 as l21
from dmfcheck.verify.claims.chou import lema1 as la1
from dmfcheck.verify.claims.chou import obs_instab as oi
from dmfcheck.verify.engine import check_claim


def _verdict(claim):
    return check_claim(claim, profile="quick", seed=0)


def _part(verdict, prefix):
    return next(v for name, v in verdict.parts if name.startswith(prefix))


# --------------------------------------------------------------------------- verdicts


def test_lemA1_printed_fails_at_N2_g_prime_zero():
    v = _verdict(la1.LEMA1)
    assert v.outcome is Outcome.FAIL and v.expected == "FAIL"
    failing = [name for name, p in v.parts if p.outcome is not Outcome.PASS]
    assert failing == ["lam<0: g(0)=0, g'(0)=1 (as printed)"]
    cex = v.counterexample
    assert cex.params["N"] == 2 and float(cex.rhs) == 1.0
    eta = cex.params["eta"]
    assert float(cex.lhs) == pytest.approx(1 - eta, rel=1e-12)  # g'(0) = 1 + eta*lam, lam = -1


def test_lemA1_corrected_passes():
    v = _verdict(la1.LEMA1_CORRECTED)
    assert v.outcome is Outcome.PASS
    assert _part(v, "c' > 0").strength is Strength.PROVED
    assert _part(v, "lam<0: |d(k)|").evidence.n_points > 100


def test_obs_instab_passes():
    v = _verdict(oi.OBS_INSTAB)
    assert v.outcome is Outcome.PASS, v.reason
    assert _part(v, "N=2").evidence.n_points > 100


def test_eq6_9_passes():
    v = _verdict(eq.EQ6_9)
    assert v.outcome is Outcome.PASS, v.reason
    assert _part(v, "gradient (9) exactly").strength is Strength.PROVED


@pytest.mark.slow
def test_lem21_passes():
    v = _verdict(l21.LEM2_1)
    assert v.outcome is Outcome.PASS, v.reason
    assert _part(v, "induction step").strength is Strength.PROVED


# --------------------------------------------------------------------------- catalogue reference values


def test_lemA1_two_cycle_reference():
    """N = 2, lam = 1 at 1.02 x the threshold: the 2-cycle 1.0626 / 0.9226."""
    m = la1._margin_pos(la1._resolve_pos({"N": 2, "lam": 1.0, "f": 1.02}), FLOAT64)
    assert m.value > 0
    assert sorted([round(m.info["d(K-1)"], 4), round(m.info["d(K)"], 4)]) == [0.9226, 1.0626]


def test_lemA1_sharpness_note():
    note = la1._sharpness_note()
    assert "N=2: diverges" in note and "N=3: does not diverge" in note


@pytest.mark.parametrize("N,lam_i,lam_j,alpha,measured", [
    (2, 0.3, -1.5, 0.3, 1.187), (2, 0.5, -2.0, 0.3, 1.483),
    (3, 0.3, -1.5, 1.0, 0.798), (3, 0.5, -1.0, 0.3, 0.3972), (4, 1.0, -2.0, 1.0, 1.018)])
def test_instab_rates_reference(N, lam_i, lam_j, alpha, measured):
    """The catalogue's measured rates/eta (which depend on alpha and the fit start by about 1%)."""
    m = pi.measure_pair(N, lam_i, lam_j, alpha, 0.02)
    assert m["slope"] / 0.02 == pytest.approx(measured, rel=0.01)


def test_instab_n2_rate_is_the_linearization():
    m = pi.measure_pair(2, 0.3, -1.5, 0.3, 0.02)
    assert m["slope"] == pytest.approx(np.log1p(0.02 * 1.2), rel=1e-6)


def test_instab_no_growth_reference():
    m = pi.measure_pair(2, 1.5, -0.3, 0.3, 0.02)
    assert m["slope"] < 0 and m["off"].max() < 1e-11


def test_lem21_reference_instance():
    """n = 6, N = 3, alpha = 0.3, eta = 0.02: ~1e-12 at k = 1000 but 1.53 at k = 3000 in float64."""
    frob, off = l21.reference_run()
    assert frob[1000] < 1e-10
    assert frob[3000] == pytest.approx(1.53, abs=0.01)
    assert 1000 < np.argmax(off > l21.WINDOW_OFF) < 3000


# --------------------------------------------------------------------------- the checks can fail


def test_step_check_rejects_a_sequential_update():
    p = eq._resolve_step({"N": 3, "n": 3, "seed": 4, "f": 0.1, "steps": 3})
    F0, T = eq._random_problem(3, 3, 4, 1.0)
    assert eq._margin_step(p, FLOAT64).value > 0
    assert eq._step_margin(p, F0, T, eq._gauss_seidel_steps(F0, T, p["eta"], 3), FLOAT64).value < 0


def test_fd_gradient_matches_and_transpose_does_not():
    F, T = eq._random_problem(3, 3, 7, 1.0)
    G = eq.np_gradients(F, T)
    assert eq._margin_fd({"N": 3, "n": 3, "seed": 7, "scale": 1.0}, FLOAT64).value > 0
    h = 1e-6
    Fp, Fm = F.copy(), F.copy()
    Fp[1, 0, 2] += h
    Fm[1, 0, 2] -= h
    fd = (eq._loss(Fp, T, False) - eq._loss(Fm, T, False)) / (2 * h)
    assert fd == pytest.approx(G[1, 0, 2], rel=1e-7)
    assert abs(fd - G[1].T[0, 2]) > 1e-3 * abs(fd)


def test_lem21_margin_rejects_non_identical_init():
    """Perturbed identical initialization is still diagonal in V but follows (36), not (14)."""
    p = l21._resolve_lem21("psd")({"N": 3, "n": 3, "alpha": 0.7, "f": 0.5, "lam_max": 1.0, "seed": 1})
    problem = l21.lem21_problem(p)
    run = matrix_gd(perturbed_init(3, 3, 0.7, 0.1), problem[1], p["eta"], l21.HORIZON, record_every=1)
    assert l21._lem21_margin_from_run(p, problem, run["history"], run["factors"], FLOAT64).value < 0
    good = matrix_gd(identical_init(3, 3, 0.7), problem[1], p["eta"], l21.HORIZON, record_every=1)
    assert l21._lem21_margin_from_run(p, problem, good["history"], good["factors"], FLOAT64).value > 0


def test_instab_margin_rejects_a_wrong_rate():
    p = {"N": 2, "lam_i": 0.3, "lam_j": -1.5, "alpha": 0.3, "eta": 0.02}
    m = oi.measure(p, FLOAT64)
    assert oi._rate_margin(p, m).value > 0
    assert oi._rate_margin(dict(p, lam_i=0.25), m).value < 0  # the prediction for another pair


def test_neg_case_fails_below_a_convergent_step():
    """For N = 3 at 0.5 x the threshold the run does not diverge: the margin is negative."""
    p = la1._resolve_neg({"N": 3, "lam": -1.0, "alpha": 1.0, "f": 0.5})
    assert la1._margin_neg(p, FLOAT64).value < 0


# --------------------------------------------------------------------------- mpmath re-runs


@pytest.mark.parametrize("margin,point", [
    (la1._margin_pos, la1._resolve_pos({"N": 3, "lam": 1.0, "f": 0.98})),
    (la1._margin_pos, la1._resolve_pos({"N": 3, "lam": 1.0, "f": 1.02})),
    (la1._margin_neg, la1._resolve_neg({"N": 2, "lam": -1.0, "alpha": 1.0, "f": 1.0001})),
    (oi._margin_instab_n2, {"N": 2, "lam_i": 1.5, "lam_j": -0.3, "alpha": 0.3, "eta": 0.02}),
    (eq._margin_fd, {"N": 4, "n": 3, "seed": 3, "scale": 1.0}),
    (eq._margin_step, eq._resolve_step({"N": 2, "n": 2, "seed": 1, "f": 0.1, "steps": 1})),
    (l21._margin_lem21, l21._resolve_lem21("mixed")({"N": 2, "n": 2, "alpha": 0.3, "f": 0.5, "lam_max": 1.0, "seed": 2})),
])
def test_mpmath_rerun_agrees_in_sign(margin, point):
    m64 = margin(point, FLOAT64)
    with mpmath.workdps(30):
        mmp = margin(point, Precision(30))
    assert m64.value > 0 and mmp.value > 0


def test_mp_matrix_gd_matches_the_kernel():
    F0, T = eq._random_problem(3, 2, 11, 1.0)
    with mpmath.workdps(30):
        products, factors = mp_matrix_gd(F0.tolist(), T.tolist(), 0.05, 4)
    out = matrix_gd(F0, T, 0.05, 4)
    assert np.allclose(np.array(factors, dtype=float), out["factors"], rtol=0, atol=1e-14)
    assert np.allclose(np.array(products[-1], dtype=float), out["product"], rtol=0, atol=1e-14)


def test_plots_render_specs():
    for claim in (eq.EQ6_9, l21.LEM2_1, la1.LEMA1, oi.OBS_INSTAB):
        spec = claim.plot(None)
        assert spec["series"] and all(len(s["x"]) == len(s["y"]) > 0 for s in spec["series"])
    spec = oi.instab_plot({"part": "N=3,4", "pair": "N4 (1,-2)", "alpha": "1.0"})
    assert "N=4" in spec["title"]


def test_doctests():
    for module in (eq, l21, la1, oi, pi):
        assert doctest.testmod(module).failed == 0
