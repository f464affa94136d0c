"""Tests of the CPU simulators S1 (scalar_gd) and S4 (matrix_gd), the initializations and the metrics."""
import doctest
import subprocess
import sys

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dmfcheck.numeric import initializations, matrix_metrics
from dmfcheck.numeric.errors import DomainError
from dmfcheck.numeric.initializations import (
    gaussian_init,
    haar_orthogonal,
    identical_init,
    perturbed_init,
    symmetric_target,
)
from dmfcheck.numeric.kernels import matrix_gd as matrix_gd_module
from dmfcheck.numeric.kernels import scalar_gd as scalar_gd_module
from dmfcheck.numeric.kernels.matrix_gd import matrix_gd
from dmfcheck.numeric.kernels.scalar_gd import limit_root, scalar_gd_stats, scalar_gd_trajectory
from dmfcheck.numeric.matrix_metrics import (
    effective_rank,
    in_basis,
    nuclear_norm,
    offdiag_norm,
    require_symmetric,
    spectral_norm,
)

# chou.lem2.2 reference values (d(1), d(2), d(10)) for (N, lam, alpha, eta).
TRAJECTORY_REFERENCES = [
    ((2, -0.5, 1.0, 0.3), (0.55, 0.4175875, 0.095034698395)),
    ((3, 0.0, 1.0, 0.5), (0.5, 0.484375, 0.411093500507)),
    ((3, -0.5, 1.2, 0.1), (0.879168, 0.787996991693, 0.519577907796)),
    ((2, 1.0, 0.5, 0.3), (0.6125, 0.727315039062, 0.999463025177)),
]

# Catalogue hitting times T for (N, lam, alpha, eta, eps).
HITTING_REFERENCES = [
    ((3, 5.0, 0.1, 1e-3, 1e-3), 2159),
    ((4, 2.0, 0.3, 0.01, 1e-4), 340),
    ((2, 1.0, 0.1, 0.01, 0.05), 341),
    ((3, -1.0, 0.5, 0.02, 0.1), 393),
    ((2, 1.0, 0.8, 0.1, 0.05), 8),
]


def python_trajectory(N, lam, alpha, eta, steps):
    d = [float(alpha)]
    for _ in range(steps):
        x = d[-1]
        d.append(x - eta * x ** (N - 1) * (x ** N - lam))
    return np.array(d)


def mpmath_trajectory(N, lam, alpha, eta, steps, dps=50):
    with mpmath.workdps(dps):
        lam, eta = mpmath.mpf(lam), mpmath.mpf(eta)
        d = [mpmath.mpf(alpha)]
        for _ in range(steps):
            d.append(d[-1] - eta * d[-1] ** (N - 1) * (d[-1] ** N - lam))
        return d


def lemma_a1_threshold(N, lam, alpha):
    """The Lemma A.1 divergence threshold for lam < 0: (1 + 2^(1/N)) max / min^(2N-1)."""
    r = abs(lam) ** (1.0 / N)
    return (1 + 2 ** (1.0 / N)) * max(alpha, r) / min(alpha, r) ** (2 * N - 1)


# ---------------------------------------------------------------- S1: trajectory


@pytest.mark.parametrize("params, expected", TRAJECTORY_REFERENCES)
def test_trajectory_reproduces_catalogue_and_mpmath(params, expected):
    traj = scalar_gd_trajectory(*params, 10)
    np.testing.assert_allclose(traj[[1, 2, 10]], expected, rtol=0, atol=6e-13)
    exact = mpmath_trajectory(*params, 10)
    np.testing.assert_allclose(traj, [float(x) for x in exact], rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("params", [(1, -2.0, 0.7, 0.3), (2, 4.0, 0.05, 0.01), (5, 1.5, 1.2, 0.05),
                                    (7, -0.3, 0.9, 0.2)])
def test_trajectory_matches_plain_python_loop(params):
    np.testing.assert_allclose(scalar_gd_trajectory(*params, 500), python_trajectory(*params, 500),
                               rtol=1e-12, atol=1e-300)


def test_trajectory_length_and_zero_steps():
    assert scalar_gd_trajectory(3, 1.0, 0.5, 0.1, 0).tolist() == [0.5]
    assert scalar_gd_trajectory(3, 1.0, 0.5, 0.1, 17).shape == (18,)


# ---------------------------------------------------------------- S1: statistics


@pytest.mark.parametrize("params, expected", HITTING_REFERENCES)
def test_hitting_times_reproduce_catalogue(params, expected):
    out = scalar_gd_stats(*params, 3000)
    assert out["hit"][0] == expected
    assert out["last_exit"][0] == expected  # monotone dynamics: T = T_stay (chou.md §(f))
    assert out["finite"][0] and out["steps_run"][0] == 3000
    N, lam, alpha, eta, eps = params
    exact = mpmath_trajectory(N, lam, alpha, eta, expected, dps=30)
    root = mpmath.mpf(max(lam, 0.0)) ** (mpmath.mpf(1) / N)
    assert abs(exact[expected] - root) <= eps < abs(exact[expected - 1] - root)
    assert out["err_at_hit"][0] == pytest.approx(float(abs(exact[expected] - root)), rel=1e-9)


def test_stop_at_hit_stops_at_the_hitting_time():
    params = list(zip(*(p for p, _ in HITTING_REFERENCES)))
    out = scalar_gd_stats(*params, 3000, stop_at_hit=True)
    expected = [t for _, t in HITTING_REFERENCES]
    assert out["hit"].tolist() == expected
    assert out["steps_run"].tolist() == expected
    assert out["last_exit"].tolist() == expected


def _stats_from_trajectory(N, lam, alpha, eta, eps, steps):
    traj = scalar_gd_trajectory(N, lam, alpha, eta, steps)
    root = limit_root(N, lam)
    inside = np.abs(traj - root) <= eps
    hit = int(np.argmax(inside)) if inside.any() else -1
    last_exit = -1
    if inside[-1]:
        outside = np.flatnonzero(~inside)
        last_exit = int(outside[-1]) + 1 if outside.size else 0
    lam_target = lam if N == 1 else max(lam, 0.0)
    err = np.abs(np.array([scalar_gd_module.power(x, N) for x in traj]) - lam_target)
    steps_diff = np.diff(traj)
    return traj, hit, last_exit, err, steps_diff


@given(N=st.integers(1, 6), lam=st.floats(-3, 3), alpha=st.floats(0.05, 1.5),
       eta_factor=st.floats(0.01, 1.5), eps=st.floats(0, 0.5), steps=st.integers(0, 300))
def test_statistics_agree_with_the_trajectory(N, lam, alpha, eta_factor, eps, steps):
    eta = eta_factor / (N * max(alpha, abs(lam) ** (1 / N), 0.3) ** (2 * N - 2))
    out = scalar_gd_stats(N, lam, alpha, eta, eps, steps)
    traj, hit, last_exit, err, diff = _stats_from_trajectory(N, lam, alpha, eta, eps, steps)
    assert out["finite"][0]  # eta below the Lemma 2.2 scale: no divergence
    assert out["steps_run"][0] == steps
    assert out["hit"][0] == hit and out["last_exit"][0] == last_exit
    assert out["d_final"][0] == traj[-1]
    assert out["d_min"][0] == traj.min() and out["d_max"][0] == traj.max()
    if steps:
        assert out["max_d_increase"][0] == diff.max()
        assert out["max_d_decrease"][0] == (-diff).max()
        assert out["max_err_increase"][0] == np.diff(err).max()
    else:
        assert out["max_d_increase"][0] == out["max_err_increase"][0] == -np.inf
    if hit >= 0:
        assert out["err_at_hit"][0] == abs(traj[hit] - limit_root(N, lam))
    else:
        assert np.isnan(out["err_at_hit"][0])


def test_oscillating_run_separates_hit_and_last_exit():
    # N=2, lam=1, eta=0.95 lies between 1/(N lam^(2-2/N)) and 2/(...): convergence with
    # oscillation (chou.lem2.2 edge cases), so |d - 1| <= eps can be entered and left again.
    out = scalar_gd_stats(2, 1.0, 0.5, 0.95, 0.075, 200)
    traj, hit, last_exit, _, diff = _stats_from_trajectory(2, 1.0, 0.5, 0.95, 0.075, 200)
    assert out["hit"][0] == hit and out["last_exit"][0] == last_exit
    assert (hit, last_exit) == (2, 4)  # d = 0.5, 0.856, 1.073 (in), 0.918 (out), 1.055 (in), ...
    assert out["max_d_decrease"][0] > 0 and out["max_d_increase"][0] > 0


def test_monotone_error_and_monotone_d_under_lemma_2_2():
    # lam > 0, alpha < lam^(1/N), eta = 0.9 * (N lam^(2-2/N))^-1: d increases, error decreases.
    N, lam, alpha = 3, 2.0, 0.3
    eta = 0.9 / (N * lam ** (2 - 2 / N))
    out = scalar_gd_stats(N, lam, alpha, eta, 1e-6, 20000)
    u = 2.0 ** -53
    assert out["max_err_increase"][0] <= 64 * u * max(1, lam)
    assert out["max_d_decrease"][0] <= 64 * u * max(1, lam)
    assert out["d_min"][0] == alpha and out["d_max"][0] <= lam ** (1 / N) + 1e-15
    assert out["hit"][0] > 0


def test_divergence_is_flagged():
    eta = 0.5 * lemma_a1_threshold(2, -1.0, 1.0)  # chou.lemA.1: 0.5x still diverges for N=2
    out = scalar_gd_stats(2, -1.0, 1.0, eta, 0.0, 1000)
    assert not out["finite"][0]
    k = out["steps_run"][0]
    assert 0 < k < 1000
    traj = scalar_gd_trajectory(2, -1.0, 1.0, eta, k + 1)
    assert out["d_final"][0] == traj[k] and abs(traj[k]) <= 1e150
    assert not abs(traj[k + 1]) <= 1e150
    # ... while N=3, alpha=1, lam=-1 at 0.5x converges (chou.lemA.1 recipe).
    out3 = scalar_gd_stats(3, -1.0, 1.0, 0.5 * lemma_a1_threshold(3, -1.0, 1.0), 0.0, 1000)
    assert out3["finite"][0] and out3["steps_run"][0] == 1000


def test_depth_one_converges_to_lam_of_either_sign():
    # Lemma 2.2, N = 1: |d(k) - lam| = (1 - eta)^k |alpha - lam|; the limit is lam, not lam_+.
    out = scalar_gd_stats(1, [-2.0, 3.0], 0.5, 0.25, 1e-6, 200, stop_at_hit=True)
    expected = np.ceil(np.log(1e-6 / np.array([2.5, 2.5])) / np.log(0.75)).astype(int)
    assert np.abs(out["hit"] - expected).max() <= 1
    assert limit_root(1, -2.0) == -2.0 and limit_root(2, -2.0) == 0.0


def test_broadcasting_of_parameters():
    out = scalar_gd_stats(np.array([2, 3, 4]), 1.0, [[0.5], [0.9]], 0.05, 1e-3, 50)
    assert out["hit"].shape == (6,) and out["d_final"].dtype == np.float64
    single = scalar_gd_stats(4, 1.0, 0.9, 0.05, 1e-3, 50)
    assert out["d_final"][5] == single["d_final"][0]
    with pytest.raises(DomainError):
        scalar_gd_stats([2, 3], 1.0, [0.5, 0.6, 0.7], 0.1, 0.0, 5)


@pytest.mark.parametrize("kwargs", [
    dict(N=0), dict(N=2.5), dict(N=-1), dict(eta=0.0), dict(eta=-0.1), dict(eta=np.inf),
    dict(alpha=np.nan), dict(alpha=np.inf), dict(lam=np.nan), dict(eps=-1.0), dict(eps=np.nan),
    dict(steps=-1), dict(steps=2.0), dict(steps=True),
])
def test_scalar_invalid_input_raises(kwargs):
    args = dict(N=2, lam=1.0, alpha=0.5, eta=0.1, eps=0.0, steps=5) | kwargs
    with pytest.raises(DomainError):
        scalar_gd_stats(**args)


def test_trajectory_invalid_input_raises():
    for args in [(0, 1.0, 0.5, 0.1, 3), (2, 1.0, 0.5, 0.0, 3), (2, 1.0, np.nan, 0.1, 3),
                 (2, 1.0, 0.5, 0.1, -1), ([2, 3], 1.0, 0.5, 0.1, 3)]:
        with pytest.raises(DomainError):
            scalar_gd_trajectory(*args)
    with pytest.raises(DomainError):
        scalar_gd_stats(2, 1.0, 0.5, 0.1, 0.0, 3, backend="gpu")


def test_cpu_use_does_not_import_cuda():
    code = ("import sys, numpy as np\n"
            "from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats\n"
            "from dmfcheck.numeric.kernels.matrix_gd import matrix_gd\n"
            "scalar_gd_stats(2, 1.0, 0.5, 0.1, 0.0, 2)\n"
            "matrix_gd(np.stack([np.eye(2)] * 2), np.eye(2), 0.1, 1)\n"
            "print(sorted(m for m in sys.modules if 'cuda' in m))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ---------------------------------------------------------------- S4: matrix GD


def numpy_matrix_gd(factors, target, eta, steps):
    """Reference: eq. (9) gradients formed from the full products, simultaneous update."""
    F = [f.copy() for f in factors]
    n = target.shape[0]

    def prod(fs):
        W = np.eye(n)
        for f in fs:
            W = f @ W
        return W

    for _ in range(steps):
        R = prod(F) - target
        grads = [prod(F[j + 1:]).T @ R @ prod(F[:j]).T for j in range(len(F))]
        F = [f - eta * g for f, g in zip(F, grads)]
    return np.array(F), prod(F)


@pytest.mark.parametrize("N", [1, 2, 3, 4])
def test_matrix_gd_matches_numpy_reference(N):
    rng = np.random.default_rng(N)
    F0 = 0.5 * rng.standard_normal((N, 3, 3))
    F0_copy = F0.copy()
    T = rng.standard_normal((3, 3))
    out = matrix_gd(F0, T, 0.05, 7)
    F_ref, W_ref = numpy_matrix_gd(F0, T, 0.05, 7)
    np.testing.assert_allclose(out["factors"], F_ref, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(out["product"], W_ref, rtol=1e-12, atol=1e-14)
    assert out["loss"] == pytest.approx(0.5 * np.sum((W_ref - T) ** 2), rel=1e-12)
    assert out["finite"] and out["steps_run"] == 7
    assert out["factors"].shape == (N, 3, 3) and np.ndim(out["loss"]) == 0
    np.testing.assert_array_equal(F0, F0_copy)  # the input is not modified


def test_matrix_gd_batches_broadcast_and_per_instance_eta():
    rng = np.random.default_rng(7)
    F0 = 0.4 * rng.standard_normal((3, 2, 2, 2))
    T = rng.standard_normal((2, 2))
    eta = np.array([0.01, 0.05, 0.1])
    out = matrix_gd(F0, T, eta, 5, record_every=2)
    assert out["factors"].shape == (3, 2, 2, 2) and out["history"].shape == (3, 3, 2, 2)
    assert out["history_k"].tolist() == [0, 2, 4]
    for b in range(3):
        F_ref, W_ref = numpy_matrix_gd(F0[b], T, eta[b], 5)
        np.testing.assert_allclose(out["factors"][b], F_ref, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(out["history"][b, 0], F0[b, 1] @ F0[b, 0], rtol=1e-14)
        np.testing.assert_allclose(out["history"][b, 2], numpy_matrix_gd(F0[b], T, eta[b], 4)[1],
                                   rtol=1e-12, atol=1e-14)
    # Unbatched factors with a batch of targets give a batched result.
    targets = np.stack([T, 2 * T])
    out2 = matrix_gd(F0[0], targets, 0.05, 3)
    assert out2["product"].shape == (2, 2, 2)
    np.testing.assert_allclose(out2["product"][1], numpy_matrix_gd(F0[0], 2 * T, 0.05, 3)[1],
                               rtol=1e-12, atol=1e-14)


def test_matrix_gd_identical_init_reproduces_scalar_kernel():
    # chou.lem2.1: W(k) = V diag(d_i(k)^N) V^T for identical init and a PSD What.
    lam = np.array([2.0, 1.0, 0.3, 0.0])
    N, alpha, eta, steps = 3, 0.3, 0.02, 1000
    What, V = symmetric_target(lam, seed=3)
    out = matrix_gd(identical_init(N, 4, alpha), What, eta, steps, record_every=100)
    worst = 0.0
    for r, k in enumerate(out["history_k"]):
        d = np.array([scalar_gd_trajectory(N, l, alpha, eta, int(k))[-1] for l in lam])
        expected = (V * d ** N) @ V.T
        worst = max(worst, np.abs(out["history"][r] - expected).max())
        assert offdiag_norm(in_basis(out["history"][r], V)) < 1e-10
    assert worst < 1e-10
    assert out["history_k"][-1] == steps
    np.testing.assert_array_equal(out["history"][-1], out["product"])


def test_matrix_gd_flags_divergence():
    out = matrix_gd(identical_init(2, 2, 1.0), np.diag([-1.0, 1.0]), 50.0, 20, record_every=5)
    assert not out["finite"]
    assert 0 < out["steps_run"] < 20
    assert np.isnan(out["history"][-1]).all()
    assert out["loss"] > 0.5e300


@pytest.mark.parametrize("args", [
    (np.ones((2, 3)), np.eye(3), 0.1, 2),              # factors not (N, n, n)
    (np.ones((2, 3, 2)), np.eye(2), 0.1, 2),           # not square
    (np.ones((2, 2, 2)), np.eye(3), 0.1, 2),           # target size
    (np.ones((3, 2, 2, 2)), np.ones((2, 2, 2)), 0.1, 2),  # batch sizes differ
    (np.ones((2, 2, 2)), np.eye(2), 0.0, 2),           # eta
    (np.ones((2, 2, 2)), np.eye(2), [0.1, 0.2], 2),   # eta shape
    (np.ones((2, 2, 2)), np.eye(2), 0.1, -1),          # steps
    (np.full((2, 2, 2), np.nan), np.eye(2), 0.1, 2),   # non-finite
])
def test_matrix_gd_invalid_input_raises(args):
    with pytest.raises(DomainError):
        matrix_gd(*args)
    with pytest.raises(DomainError):
        matrix_gd(np.ones((2, 2, 2)), np.eye(2), 0.1, 2, backend="tpu")


# ---------------------------------------------------------------- initializations, metrics


def test_initializations():
    np.testing.assert_array_equal(identical_init(3, 2, 0.7), np.stack([0.7 * np.eye(2)] * 3))
    P = perturbed_init(3, 2, 0.7, 0.2)
    np.testing.assert_allclose(P[0], 0.5 * np.eye(2))
    np.testing.assert_array_equal(P[1:], identical_init(2, 2, 0.7))
    G = gaussian_init(2, 3, 0.1, seed=5)
    np.testing.assert_array_equal(G, 0.1 * np.random.default_rng(5).standard_normal((2, 3, 3)))
    for bad in [lambda: identical_init(0, 2, 1.0), lambda: identical_init(2, 2, 0.0),
                lambda: perturbed_init(2, 2, 1.0, 1.0), lambda: perturbed_init(2, 2, 1.0, 0.0),
                lambda: gaussian_init(2, 2.5, 1.0, 0), lambda: symmetric_target([], 0),
                lambda: symmetric_target([1.0, np.nan], 0)]:
        with pytest.raises(DomainError):
            bad()


def test_symmetric_target_and_haar_sign_fix():
    lam = np.array([2.0, 1.0, 0.3, 0.0, -0.4, -1.5])
    What, V = symmetric_target(lam, seed=11)
    np.testing.assert_array_equal(What, What.T)
    np.testing.assert_allclose(V.T @ V, np.eye(6), atol=1e-14)
    np.testing.assert_allclose(in_basis(What, V), np.diag(lam), atol=1e-14)
    np.testing.assert_array_equal(V, symmetric_target(lam, seed=11)[1])
    # Sign fix: V = Q diag(sign(diag R)) reproduces the Gaussian matrix as V (sign-fixed R).
    A = np.random.default_rng(4).standard_normal((5, 5))
    Vh = haar_orthogonal(5, seed=4)
    upper = Vh.T @ A
    assert np.all(np.diag(upper) > 0) and np.allclose(np.tril(upper, -1), 0, atol=1e-12)


def test_matrix_metrics():
    W = np.diag([3.0, -4.0, 0.0])
    assert spectral_norm(W) == pytest.approx(4.0) and nuclear_norm(W) == pytest.approx(7.0)
    assert effective_rank(W) == pytest.approx(1.75)
    rng = np.random.default_rng(0)
    stack = rng.standard_normal((5, 4, 4))
    r = effective_rank(stack)
    assert r.shape == (5,) and np.all((1 <= r) & (r <= 4))
    np.testing.assert_allclose(spectral_norm(stack), [np.linalg.norm(m, 2) for m in stack])
    np.testing.assert_allclose(nuclear_norm(stack), [np.linalg.norm(m, "nuc") for m in stack])
    M = np.array([[1.0, 2.0, 0.0], [0.0, 5.0, -2.0], [1.0, 0.0, 9.0]])
    assert offdiag_norm(M) == pytest.approx(3.0)
    with pytest.raises(DomainError):
        effective_rank(np.zeros((2, 2)))
    with pytest.raises(DomainError):
        require_symmetric(M)
    with pytest.raises(DomainError):
        require_symmetric(np.ones((2, 3)))
    S = M + M.T
    S[0, 1] += 1e-14  # within tol * max(1, max|S|)
    assert require_symmetric(S).dtype == np.float64


@pytest.mark.parametrize("module", [scalar_gd_module, matrix_gd_module, initializations,
                                    matrix_metrics])
def test_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
