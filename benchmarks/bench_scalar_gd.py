"""Benchmark of simulator S1 (scalar_gd, recursion (15)) against a vectorised NumPy loop.

Both run the same batch of parameter sets for the same number of steps in the same process:

* kernel: ``scalar_gd_stats`` (CPU flavour, njit parallel, prange over the batch; it also keeps the
  hitting/last-exit times and the monotonicity statistics of every element);
* baseline: ``d -= eta * d**(N-1) * (d**N - lam)`` in place over the whole batch array, once per step.

Run: ``python benchmarks/bench_scalar_gd.py [--batch B] [--steps K]``. Prints updates/s for both and
their ratio.
"""
import argparse
import time

import numba
import numpy as np

from dmfcheck.numeric.kernels.scalar_gd import scalar_gd_stats


def make_batch(size, seed=0):
    """Parameter sets inside Lemma 2.2's step-size range (no divergence)."""
    rng = np.random.default_rng(seed)
    N = rng.integers(2, 6, size)
    lam = rng.uniform(0.1, 4.0, size)
    alpha = rng.uniform(0.05, 1.0, size)
    eta = 0.5 / (N * np.maximum(alpha, lam ** (1.0 / N)) ** (2 * N - 2))
    eps = 1e-3 * lam ** (1.0 / N)
    return N, lam, alpha, eta, eps


def numpy_baseline(N, lam, alpha, eta, steps):
    d = alpha.copy()
    for _ in range(steps):
        d -= eta * d ** (N - 1) * (d ** N - lam)
    return d


def best_of(repeats, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    N, lam, alpha, eta, eps = make_batch(args.batch)
    scalar_gd_stats(N[:4], lam[:4], alpha[:4], eta[:4], eps[:4], 2)  # compile / load the cache
    updates = args.batch * args.steps

    t_kernel, out = best_of(args.repeats,
                            lambda: scalar_gd_stats(N, lam, alpha, eta, eps, args.steps))
    t_numpy, d = best_of(args.repeats, lambda: numpy_baseline(N, lam, alpha, eta, args.steps))
    np.testing.assert_allclose(out["d_final"], d, rtol=1e-10)  # the same computation

    print(f"scalar_gd: batch {args.batch}, steps {args.steps}, numba threads "
          f"{numba.get_num_threads()}, best of {args.repeats}")
    print(f"  kernel (scalar_gd_stats, cpu) : {t_kernel:8.3f} s  {updates / t_kernel:12.4g} updates/s")
    print(f"  numpy in-place vectorised     : {t_numpy:8.3f} s  {updates / t_numpy:12.4g} updates/s")
    print(f"  speed-up kernel / numpy       : {t_numpy / t_kernel:8.2f}x")


if __name__ == "__main__":
    main()
