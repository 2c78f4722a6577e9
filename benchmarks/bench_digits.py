"""Benchmark: chapter 6 on the digits. How long its training takes, and how close one epoch
of ``helpers.net.train_classifier`` comes to the time of its matrix products alone.

1. **The chapter's training**, end to end: every training run the chapter makes, in the
   book build. That is the comparison of mini-batches with the full batch, the recipe
   with and without dropout, and the explorer's grid (computed for the static page).
   The goal is at most 10 s.
2. **Time per epoch against a lower bound.** One epoch of the recipe (128 hidden units,
   batches of 32, 1437 training digits), through ``net.train_classifier``, against
   the five matrix products each batch cannot do without, for the same shapes:
   forward X W0 and L1 W1, backward delta2 W1^T, X^T delta1 and L1^T delta2, and
   nothing else. Both are timed in the same run, alternating, best of N (the best run
   is the one least disturbed by other work on a shared machine). The ratio is
   printed; the goal is at most 1.5.

   For a reading of the ratio, it also times a second bound: the products plus one
   ``np.exp`` over the hidden layer, the least work any sigmoid layer must add. In
   float64 numpy computes exp one number at a time unless the CPU has AVX-512, so on
   many machines that alone costs a large part of the products' time.

Run:  python benchmarks/bench_digits.py [--repeats N]
"""

import argparse
import pathlib
import time

import nbformat
import numpy as np

from helpers import data, net

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "book" / "06_digits.ipynb"
SEED = 0


def recipe():
    """The RECIPE cell of chapter 6, so the benchmark measures what the chapter runs."""
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "code" and cell.source.startswith("RECIPE = "):
            namespace = {}
            exec(cell.source, namespace)
            return namespace["RECIPE"]
    raise SystemExit(f"no RECIPE cell in {NOTEBOOK}")


def digits():
    X, labels = data.load_digits(constant_column=True)
    return data.train_test_split(X, labels, 360, np.random.default_rng(SEED))


def chapter_training(R, X_train, l_train, X_test, l_test):
    """Every training run of chapter 6, as the notebook makes them; returns seconds for each."""
    from helpers.explore import digits_explorer

    evaluate = {"train": (X_train, l_train), "test": (X_test, l_test)}
    times = {}
    t0 = time.perf_counter()
    init = net.init_params([X_train.shape[1], 64, 10], np.random.default_rng(SEED))
    for batch_size in (32, len(X_train)):
        net.train_classifier(init, X_train, l_train, lr=1.0, n_epochs=20, batch_size=batch_size,
                             rng=np.random.default_rng(SEED), evaluate=evaluate)
    times["mini-batch vs full batch"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    params0 = net.init_params([X_train.shape[1], R["n_hidden"], 10], np.random.default_rng(SEED))
    for rate in (0.0, R["dropout_rate"]):
        net.train_classifier(params0, X_train, l_train, lr=R["lr"], n_epochs=R["n_epochs"],
                             batch_size=R["batch_size"], rng=np.random.default_rng(SEED),
                             dropout_rate=rate, evaluate=evaluate, eval_every=5)
    times["recipe, without and with dropout"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    digits_explorer(X_train, l_train, X_test, l_test).grid()
    times["explorer grid (book build)"] = time.perf_counter() - t0
    return times


def epoch_library(params, X, labels, R, n_epochs, dropout_rate):
    net.train_classifier(params, X, labels, lr=R["lr"], n_epochs=n_epochs,
                         batch_size=R["batch_size"], rng=np.random.default_rng(SEED),
                         dropout_rate=dropout_rate)


def epoch_products(params, X, R, n_epochs, with_exp=False):
    """The lower bound: only the five matrix products of every batch (and, with_exp, one exp)."""
    W0, W1 = params["W0"], params["W1"]
    B = R["batch_size"]
    for _ in range(n_epochs):
        for start in range(0, X.shape[0], B):
            Xb = X[start : start + B]
            L1 = Xb.dot(W0)  # forward, layer 1
            if with_exp:
                np.exp(L1, out=L1)
            P = L1.dot(W1)  # forward, layer 2
            delta1 = P.dot(W1.T)  # backward: delta2 W1^T
            Xb.T.dot(delta1)  # dW0 = X^T delta1
            L1.T.dot(P)  # dW1 = L1^T delta2


def per_epoch(repeats, R, X, labels, n_epochs=10):
    params = net.init_params([X.shape[1], R["n_hidden"], 10], np.random.default_rng(SEED))
    small = {k: v * 0.01 for k, v in params.items()}  # exp stays finite on any product
    runs = {
        "net, no dropout": lambda: epoch_library(params, X, labels, R, n_epochs, 0.0),
        f"net, dropout {R['dropout_rate']}": lambda: epoch_library(params, X, labels, R,
                                                                     n_epochs,
                                                                     R["dropout_rate"]),
        "products only": lambda: epoch_products(params, X, R, n_epochs),
        "products + exp": lambda: epoch_products(small, X, R, n_epochs, with_exp=True),
    }
    best = {name: np.inf for name in runs}
    for name, run in runs.items():
        run()  # warm up
    for i in range(repeats):
        order = list(runs) if i % 2 == 0 else list(reversed(runs))
        for name in order:
            t0 = time.perf_counter()
            runs[name]()
            best[name] = min(best[name], (time.perf_counter() - t0) / n_epochs)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    R = recipe()
    X_train, l_train, X_test, l_test = digits()
    print(f"recipe: {R}; {len(X_train)} training and {len(X_test)} test digits")

    times = chapter_training(R, X_train, l_train, X_test, l_test)
    print("\nchapter 6's training")
    for name, seconds in times.items():
        print(f"  {name:36s} {seconds:6.2f} s")
    total = sum(times.values())
    print(f"  {'total':36s} {total:6.2f} s   (goal: at most 10 s) "
          f"{'OK' if total <= 10 else 'OVER'}")

    best = per_epoch(args.repeats, R, X_train, l_train)
    bound = best["products only"]
    print(f"\ntime per epoch (best of {args.repeats}), batches of {R['batch_size']}, "
          f"{R['n_hidden']} hidden units")
    for name, seconds in best.items():
        print(f"  {name:24s} {seconds * 1e3:7.2f} ms   {seconds / bound:5.2f} x products only")
    ratio = best["net, no dropout"] / bound
    print(f"\nratio net / matrix products: {ratio:.2f} (goal: at most 1.5)")
    print(f"ratio net / (products + exp): {best['net, no dropout'] / best['products + exp']:.2f}"
          f"   (the exp alone adds {best['products + exp'] / bound - 1:.0%} to the products)")


if __name__ == "__main__":
    main()
