"""Benchmark of simulator S4 (matrix_gd, full GD (6)-(9)) against its matrix products alone.

A GD step on depth ``N`` forms ``4N - 5`` products of ``n x n`` matrices (``N - 1`` prefix,
``N - 2`` suffix, ``2N - 2`` for the gradients). In the same run this script times

* kernel: ``matrix_gd`` (CPU flavour, njit parallel, prange over the batch);
* matmuls alone: the same number of ``np.matmul`` calls on ``n x n`` arrays
  (``B * steps * (4N - 5)`` calls, into a preallocated ``out``);
* for reference, the batched NumPy form: ``steps * (4N - 5)`` calls of ``np.matmul`` on
  ``(B, n, n)`` stacks.

Run: ``python benchmarks/bench_matrix_gd.py``. Prints the best of two times and the ratios.
"""
import argparse
import time

import numba
import numpy as np

from dmfcheck.numeric.initializations import gaussian_init, symmetric_target
from dmfcheck.numeric.kernels.matrix_gd import matrix_gd


def products_per_step(N):
    return 4 * N - 5 if N >= 2 else 0


def time_best(fn, repeats=2):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def matmuls_alone(count, n):
    a, b, out = np.random.default_rng(0).standard_normal((3, n, n))
    for _ in range(count):
        np.matmul(a, b, out=out)


def matmuls_batched(count, B, n):
    a, b, out = np.random.default_rng(0).standard_normal((3, B, n, n))
    for _ in range(count):
        np.matmul(a, b, out=out)


def run_case(B, N, n, steps):
    factors = np.stack([gaussian_init(N, n, 0.3, seed=s) for s in range(B)])
    target, _ = symmetric_target(np.linspace(1.0, 0.1, n), seed=0)
    eta = 0.1
    count = steps * products_per_step(N)
    t_kernel = time_best(lambda: matrix_gd(factors, target, eta, steps))
    t_alone = time_best(lambda: matmuls_alone(B * count, n))
    t_batched = time_best(lambda: matmuls_batched(count, B, n))
    print(f"B={B:5d} N={N} n={n:3d} steps={steps:5d}  ({B * count:.3g} products of {n}x{n})")
    print(f"  {'matrix_gd (cpu kernel)':37s}: {t_kernel:8.3f} s")
    label = f"same number of np.matmul on {n}x{n}"
    print(f"  {label:37s}: {t_alone:8.3f} s   "
          f"ratio kernel/matmuls {t_kernel / t_alone:6.3f}")
    print(f"  {'np.matmul on (B,n,n) stacks, batched':37s}: {t_batched:8.3f} s   "
          f"ratio kernel/batched {t_kernel / t_batched:6.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    matrix_gd(gaussian_init(2, 2, 0.3, seed=0)[None], np.eye(2), 0.1, 1)  # compile / load cache
    print(f"matrix_gd benchmark, numba threads {numba.get_num_threads()}")
    run_case(B=256, N=3, n=4, steps=400)
    run_case(B=64, N=4, n=16, steps=100)
    run_case(B=8, N=3, n=64, steps=50)


if __name__ == "__main__":
    main()
