"""Benchmark: chapter 7's loop over layers on the two-layer shapes, against ``net.train``.

``deep.deep_train`` runs a net of any depth with a Python loop over its layers, in
``deep_forward`` and ``deep_backward``. On chapter 2's shapes, the post's 3 -> 5 -> 1 net
with the sigmoid on the four rows of XOR, it computes what ``net.train`` computes, bit for
bit (tests/test_deep.py); this measures what the loop costs, per training step, against
``net.train`` timed in the same run (a baseline, so a slow, shared machine shows as a slow
baseline). The two are timed in alternation, and the best of each side is compared, as
bench_xor.py does (the best run is the one least disturbed by other work); the medians are
printed in brackets. Goal: at most 1.1; the script exits with status 1 when it misses.

Also timed, for the record (no goal): the same on chapter 6's shapes, 1077 x 65 inputs and
a 65 -> 64 -> 10 sigmoid net.

Run:  python benchmarks/bench_deep.py [--rounds N] [--steps N]
"""

import argparse
import statistics
import sys
import time

import numpy as np

from helpers import deep, net

GOAL = 1.1
X4 = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T


def per_step(train, params, X, y, n_steps):
    t0 = time.perf_counter()
    train(params, X, y, lr=1.0, n_steps=n_steps)
    return (time.perf_counter() - t0) / n_steps


def compare(params, X, y, rounds, n_steps):
    """(best seconds a step of net.train, of deep.deep_train, and the median of each)"""
    per_step(net.train, params, X, y, n_steps)  # warm up
    per_step(deep.deep_train, params, X, y, n_steps)
    base, loop = [], []
    for _ in range(rounds):
        base.append(per_step(net.train, params, X, y, n_steps))
        loop.append(per_step(deep.deep_train, params, X, y, n_steps))
    return min(base), min(loop), statistics.median(base), statistics.median(loop)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--steps", type=int, default=20000)
    args = parser.parse_args()

    params = net.init_params([3, 5, 1], np.random.default_rng(0))
    base, loop, base_mid, loop_mid = compare(params, X4, Y_XOR, args.rounds, args.steps)
    ratio = loop / base
    print(f"3-5-1 on XOR, best of {args.rounds} (median in brackets):")
    print(f"  net.train  {base * 1e6:6.2f} us a step ({base_mid * 1e6:.2f})")
    print(f"  deep_train {loop * 1e6:6.2f} us a step ({loop_mid * 1e6:.2f})")
    print(f"  ratio {ratio:.3f} ({loop_mid / base_mid:.3f}); goal: at most {GOAL}")

    from helpers import data

    X_pixels, labels = data.load_digits(constant_column=True)
    X, Y = X_pixels[:1077], net.one_hot(labels[:1077], 10)
    params = net.init_params([65, 64, 10], np.random.default_rng(0))
    base6, loop6, _, _ = compare(params, X, Y, 5, 50)
    print(f"65-64-10 on 1077 digits, best of 5: net.train {base6 * 1e3:.2f} ms a step, "
          f"deep_train {loop6 * 1e3:.2f} ms a step: ratio {loop6 / base6:.3f} (for the record)")
    if ratio > GOAL:
        print(f"MISSED: deep_train costs {ratio:.3f} x net.train a step, above {GOAL}")
        sys.exit(1)


if __name__ == "__main__":
    main()
