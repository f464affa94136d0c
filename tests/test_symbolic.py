"""Tests of dmfcheck.symbolic: exact proofs of Chou et al. Section 2.1 and what it rests on."""
import dataclasses

import mpmath
import pytest
import sympy as sp

from dmfcheck.numeric.errors import DomainError
from dmfcheck.symbolic import exact, flows, matrix_gd, partial_fractions as pf, real_form, scalar_map as sm


def assert_proved(p):
    assert p.holds is True and p.exact is True and p.precision == "exact", p.steps
    assert p.steps and all(isinstance(s, str) and s for s in p.steps)
    assert p.counterexample is None


def assert_refuted(p):
    assert p.holds is False, p.steps
    c = p.counterexample
    assert set(c) >= {"params", "lhs", "rhs", "margin", "precision"}
    assert mpmath.mpf(c["margin"]) > 1e-3 and mpmath.mpf(c["lhs"]) != mpmath.mpf(c["rhs"])


def significant_digits(s):
    return len(s.replace("-", "").replace(".", "").lstrip("0"))


# ----------------------------------------------------------------------------- exact.py

def test_proof_is_frozen_with_the_agreed_fields():
    p = exact.Proof(holds=True, exact=True, method="cancel", steps=("x",))
    assert (p.counterexample, p.worst_residual, p.n_points, p.precision) == (None, None, 0, "exact")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.holds = False


def test_exact_zero_decides_zero_nonzero_and_leaves_transcendental_undecided():
    x, y = sp.symbols("x y")
    assert exact.exact_zero((x ** 3 - 1) / (x - 1) - (x ** 2 + x + 1)) == (True, "cancel")
    assert exact.exact_zero(1 / (x - 1) - 1 / x) == (False, "cancel")
    assert exact.exact_zero(sp.log(x * y) - sp.log(x) - sp.log(y)) is None


def test_sampled_zero_gives_evidence_and_counterexamples():
    x, y = sp.symbols("x y", real=True)
    ok = exact.sampled_zero(sp.exp(x) * sp.exp(y) - sp.exp(x + y), {x: (-3, 3), y: (-3, 3)}, n=20, dps=50)
    assert ok.holds and not ok.exact and ok.precision == "mpmath dps=50" and ok.n_points == 20
    assert ok.worst_residual < 1e-40
    bad = exact.sampled_zero((sp.log(x * y), sp.log(x) + sp.log(y)), {x: (-2, -1), y: (-2, -1)}, n=10)
    assert not bad.holds and not bad.exact
    gap = complex(bad.counterexample["lhs"]) - complex(bad.counterexample["rhs"])
    assert abs(abs(gap) - 2 * mpmath.pi) < 1e-12  # log(x)+log(y) = log(xy) + 2 pi i for x, y < 0


def test_reduce_cyclotomic_is_arithmetic_in_QQ_zeta():
    w = sp.Symbol("w")
    assert exact.reduce_cyclotomic(sum(w ** k for k in range(5)), w, 5) == 0
    assert exact.reduce_cyclotomic(w ** 4 + 1, w, 8) == 0
    assert exact.reduce_cyclotomic(w ** 2 + 1, w, 8) != 0


# ----------------------------------------------------------------------------- partial fractions, U_N^+-

@pytest.mark.parametrize("N", [2, 3, 4])
def test_partial_fractions_exact(N):
    p = pf.prove_partial_fractions(N)
    assert_proved(p)
    assert any(f"Phi_{N}" in s for s in p.steps)


def test_residues_reproduce_z_over_zN_minus_lam():
    N, lam, zv = 3, sp.Integer(2), sp.Rational(7, 10)
    roots = [lam ** sp.Rational(1, N) * sp.exp(2 * sp.pi * sp.I * l / N) for l in range(1, N + 1)]
    total = sum(r_ / (zv - r) for r_, r in zip(pf.residues(N, lam), roots))
    assert abs(complex(sp.N(total - zv / (zv ** N - lam), 30))) < 1e-25


def test_partial_fractions_symbolic_N():
    assert_proved(pf.prove_partial_fractions_symbolic_N())


@pytest.mark.parametrize("N", [2, 3, 4])
def test_U_plus_corrected_is_an_antiderivative(N):
    assert_proved(pf.prove_U_plus_antiderivative(N))


@pytest.mark.parametrize("N", [3, 4])
def test_U_plus_printed_is_refuted_exactly(N):
    p = pf.prove_U_plus_antiderivative(N, printed=True)
    assert p.exact
    assert_refuted(p)
    assert p.counterexample["params"] == {"N": N, "lam": "2", "mu": "9/10"}


def test_U_plus_printed_counterexample_values_N3():
    c = pf.prove_U_plus_antiderivative(3, printed=True).counterexample
    assert significant_digits(c["lhs"]) >= 30 and significant_digits(c["rhs"]) >= 30
    assert c["lhs"].startswith("0.263232023001233596565")
    assert c["rhs"].startswith("0.971335878233334304669")  # -1/(mu^2 (mu^3 - lam)) at lam=2, mu=0.9


def test_U_plus_printed_N2_holds_below_the_root_only():
    p = pf.prove_U_plus_antiderivative(2, printed=True)
    assert p.holds and p.exact and any("mu < sqrt(lam)" in s for s in p.steps)


@pytest.mark.parametrize("N,lam,mu,alpha,ref", [
    (3, 2, "0.9", "0.3", "1.2204334738573466"),
    (5, 3, "0.4", "0.1", "109.38334201888949"),
    (4, "1.5", "1.05", "0.2", "8.4230543108719219"),
    (2, 5, "2.0", "0.01", "1.2206052645330171"),
])
def test_U_plus_expr_matches_catalogue_T_plus(N, lam, mu, alpha, ref):
    lam, mu, alpha = (sp.Rational(v) for v in (lam, mu, alpha))
    T = pf.U_plus_expr(N, lam, mu) - pf.U_plus_expr(N, lam, alpha)
    assert abs(sp.N(T, 30) - sp.Float(ref, 30)) < sp.Float("1e-14") * abs(sp.Float(ref))


@pytest.mark.parametrize("N", [2, 3, 5])
def test_U_minus_antiderivative_and_flow_time(N):
    assert_proved(pf.prove_U_minus_antiderivative(N))


def test_partial_fraction_domain_errors():
    with pytest.raises(DomainError):
        pf.prove_partial_fractions(1)
    with pytest.raises(DomainError):
        pf.U_plus_expr(1)
    with pytest.raises(DomainError):
        pf.prove_U_plus_antiderivative(2.5)


# ----------------------------------------------------------------------------- scalar map

@pytest.mark.parametrize("N", [2, 3, 4])
def test_scalar_map_exact_items(N):
    for prover in (sm.fixed_points, sm.jacobian_at_fixed_points, sm.prove_inflection,
                   sm.prove_contraction_factorisation, sm.prove_lem22_factorisations, sm.prove_c_root,
                   sm.prove_lemA1_c_prime_positive):
        assert_proved(prover(N))


def test_g_prime_values():
    assert sp.expand(sm.g_prime_at_zero(2) - (1 + sm.eta * sm.lam)) == 0
    assert sm.g_prime_at_zero(3) == 1 and sm.g_prime_at_zero(4) == 1
    assert sp.expand(sm.g_prime_at_root(3) - (1 - 3 * sm.eta * sm.lam ** sp.Rational(4, 3))) == 0


def test_fixed_points_lists_the_real_roots():
    steps = " ".join(sm.fixed_points(4).steps)
    assert "real_roots(u^4 - (1)) = [-1, 1]" in steps and "real_roots(u^4 - (-1)) = []" in steps


@pytest.mark.parametrize("N", [2, 3, 4])
@pytest.mark.parametrize("sign", [1, -1])
def test_eq16_max(N, sign):
    assert_proved(sm.prove_eq16(N, sign))
    assert sm.eq16_max(N, sign) == (N if sign == 1 else 3 * N - 2)


def test_lem22_N1_and_lemA1_up_to_50():
    assert_proved(sm.prove_lem22_factorisations(1))
    assert all(sm.prove_lemA1_c_prime_positive(N).holds for N in (10, 25, 50))


@pytest.mark.parametrize("N,c", [(2, "1.6180339887"), (3, "1.4655712319"), (5, "1.3247179572"), (10, "1.1974914336")])
def test_c_root_value(N, c):
    p = sm.prove_c_root(N)
    assert p.holds and p.steps[-1].startswith("c = ")
    assert abs(float(p.steps[-1][4:]) - float(c)) < 1e-10


def test_scalar_map_domain_errors():
    with pytest.raises(DomainError):
        sm.prove_eq16(3, 0)
    with pytest.raises(DomainError):
        sm.fixed_points(1)


# ----------------------------------------------------------------------------- flows

@pytest.mark.parametrize("name,N", [("N1", None), ("N2", None), ("lam0_corrected", 2), ("lam0_corrected", 3),
                                    ("lam0_corrected", None), ("y_minus", 2), ("y_minus", 3), ("y_minus", None)])
def test_flows_satisfy_their_ODE(name, N):
    assert_proved(flows.ode_residual_proof(name, N))


@pytest.mark.parametrize("N,resid", [(2, "-0.109375"), (3, "-0.111888997510427427625")])
def test_printed_lam0_flow_refuted(N, resid):
    p = flows.ode_residual_proof("lam0_printed", N)
    assert p.exact
    assert_refuted(p)
    assert p.counterexample["residual"].startswith(resid)
    assert any("product flow" in s and "== 0" in s for s in p.steps)


def test_printed_lam0_flow_refuted_for_symbolic_N_call():
    p = flows.ode_residual_proof("lam0_printed")
    assert not p.holds and p.exact and any("N=3" in s for s in p.steps)


def test_closed_form_flow_reference_value():
    y = flows.closed_form_flows()["lam0_corrected"](2, 0, sp.Rational(4, 5), 4)
    assert abs(sp.N(y, 25) - sp.Float("0.631184782199606244", 25)) < 1e-17
    ym = flows.closed_form_flows()["y_minus"](1, -1, 1, 2)
    assert ym == sp.exp(-1)


def test_flow_domain_errors():
    with pytest.raises(DomainError):
        flows.ode_residual_proof("nope")
    with pytest.raises(DomainError):
        flows.ode_residual_proof("N2", 3)


# ----------------------------------------------------------------------------- matrix GD

def test_factor_gradient_formula_and_order():
    g = matrix_gd.factor_gradient([sp.Matrix([[2]]), sp.Matrix([[3]])], sp.Matrix([[1]]))
    assert g == [sp.Matrix([[15]]), sp.Matrix([[10]])]  # W = 6: grad_1 = W_2 (W - 1), grad_2 = (W - 1) W_1


@pytest.mark.parametrize("n,N", [(2, 1), (2, 3), (3, 2)])
def test_factor_gradient_is_the_derivative_of_the_loss(n, N):
    assert_proved(matrix_gd.prove_factor_gradient(n, N))


@pytest.mark.parametrize("N", [1, 2, 3, 4])
def test_decoupling_step_n2(N):
    assert_proved(matrix_gd.prove_decoupling_step(N))


def test_decoupling_step_n3():
    assert_proved(matrix_gd.prove_decoupling_step(2, n=3))


# ----------------------------------------------------------------------------- App. B real form

@pytest.mark.parametrize("N", [3, 4])
def test_real_form_corrected_derivative(N):
    assert_proved(real_form.prove_real_form_derivative(N))


@pytest.mark.parametrize("N", [3, 4])
def test_real_form_printed_refuted(N):
    p = real_form.prove_real_form_derivative(N, printed=True)
    assert p.exact
    assert_refuted(p)


def test_real_form_printed_N3_reproduces_the_catalogue_times():
    c = real_form.prove_real_form_derivative(3, printed=True).counterexample
    assert c["t_printed_from_alpha_3_10"].startswith("1.2408766944")
    assert c["t_corrected_from_alpha_3_10"].startswith("1.2204334738")


def test_real_form_time_equals_complex_form():
    lam, a, yv = sp.Integer(3), sp.Rational(1, 10), sp.Rational(2, 5)
    for N in (3, 4, 5):
        complex_T = pf.U_plus_expr(N, lam, yv) - pf.U_plus_expr(N, lam, a)
        assert abs(sp.N(real_form.real_form_time(N, lam, a, yv) - complex_T, 40)) < 1e-30


def test_real_form_domain_error():
    with pytest.raises(DomainError):
        real_form.real_form_time(2)


@pytest.mark.parametrize("printed", [False, True])
def test_U_plus_falls_back_to_evidence_when_undecided(monkeypatch, printed):
    monkeypatch.setattr(pf, "exact_zero", lambda expr: None)
    p = pf.prove_U_plus_antiderivative(3, printed=printed)
    assert p.exact is False and p.precision == "mpmath dps=50" and p.n_points > 50
    assert p.holds is (not printed)
    if printed:
        assert_refuted(p)
    else:
        assert p.worst_residual < 1e-40
