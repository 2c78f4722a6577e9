"""Benchmark: the seed's two-layer XOR experiment, through helpers.net and through the raw loop.

The seed's loop (3 -> 5 -> 1, 10,000 steps, lr = 1), ported line for line to
Python 3, is the baseline, timed in the same process as ``helpers.net.train``.
Prints the ratio library / raw. The goal was at most 1.05; since helpers/net.py became the
book's own functions called in turn (issue 12: one implementation, no private fast copy), the
clarity may cost up to 1.15, counted in instructions.

Two measures, because the machines are shared and noisy:

* wall clock: the runs alternate, and the best of each side is compared
  (the best run is the one least disturbed by other work);
* instructions (with ``--instructions``, needs valgrind): each side runs
  under callgrind, which counts instructions executed, the same number on
  every run whatever else the machine is doing. An empty run (import only)
  is subtracted from both.

Run:  python benchmarks/bench_xor.py [--repeats N] [--instructions]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

from helpers import net
from helpers.seed_port import listing_2

X = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y = np.array([[0, 1, 1, 0]], dtype=float).T
ITER_SIZE = 10_000
LR = 1.0


def seed_loop(w0, w1, iter_size=ITER_SIZE):
    """The seed's second listing, ported line for line: helpers.seed_port.listing_2."""
    return listing_2(X, Y, w0, w1, iter_size=iter_size, lr=LR)[0]


def library(params, n_steps=ITER_SIZE):
    return net.train(params, X, Y, lr=LR, n_steps=n_steps)


def start_params():
    return net.init_params([3, 5, 1], np.random.default_rng(0))


def wall_clock(repeats):
    params = start_params()
    t_raw, t_lib = [], []
    library(params)  # warm up both paths
    seed_loop(params["W0"].copy(), params["W1"].copy())
    for i in range(repeats):
        # Alternate which runs first, so neither always meets a warmer machine.
        for which in ("raw", "lib") if i % 2 == 0 else ("lib", "raw"):
            t0 = time.perf_counter()
            if which == "raw":
                seed_loop(params["W0"].copy(), params["W1"].copy())
            else:
                library(params)
            (t_raw if which == "raw" else t_lib).append(time.perf_counter() - t0)
    raw, lib = min(t_raw), min(t_lib)
    print(f"wall clock, {ITER_SIZE} steps, best of {repeats} (median in brackets)")
    print(f"  seed loop, ported : {raw * 1e3:8.1f} ms  ({np.median(t_raw) * 1e3:.1f} ms)")
    print(f"  helpers.net.train : {lib * 1e3:8.1f} ms  ({np.median(t_lib) * 1e3:.1f} ms)")
    print(f"  ratio library/raw : {lib / raw:8.3f}  (goal <= 1.05; clarity may cost up to 1.15)")


def _count(which, n_steps):
    """Instructions callgrind counts for one run of ``which`` (raw, lib or none)."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--run-one", which, str(n_steps)],
        capture_output=True, text=True, check=True,
        # One BLAS thread: idle worker threads spin, and callgrind would count their spinning.
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    ).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))


def instructions(n_steps=2000):
    if shutil.which("valgrind") is None:
        print("instructions: skipped, valgrind is not installed (apt-get install valgrind)")
        return
    empty = _count("none", n_steps)
    raw = (_count("raw", n_steps) - empty) / n_steps
    lib = (_count("lib", n_steps) - empty) / n_steps
    print(f"instructions per step (callgrind, {n_steps} steps, import cost subtracted)")
    print(f"  seed loop, ported : {raw:10.0f}")
    print(f"  helpers.net.train : {lib:10.0f}")
    print(f"  ratio library/raw : {lib / raw:10.3f}  (goal <= 1.05; clarity may cost up to 1.15)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions with valgrind's callgrind")
    parser.add_argument("--run-one", nargs=2, metavar=("WHICH", "N_STEPS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        which, n_steps = args.run_one[0], int(args.run_one[1])
        params = start_params()
        if which == "raw":
            seed_loop(params["W0"].copy(), params["W1"].copy(), n_steps)
        elif which == "lib":
            library(params, n_steps)
        return
    wall_clock(args.repeats)
    if args.instructions:
        instructions()


if __name__ == "__main__":
    main()
