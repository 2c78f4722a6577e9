"""Benchmark the explorers: live update time, grid precompute time, and page data size.

For each chapter's explorer, built with the same data as the chapter:

* live update: the time from a slider change to a new picture in a kernel,
  split into training (``Explorer.run``, which calls helpers.net) and
  drawing (``live_view.Drawer.png``); the median of several updates at the default
  settings. Goal: at most 100 ms in all, except for chapter 6, whose update
  trains on 1077 digits for 25 epochs: at most 500 ms there (its sliders,
  like all of them, retrain once, when the reader lets go); and at its slowest setting,
  whichever that is, at most 1 s: the chapter promises "about a second" at most. For
  chapter 7, whose deepest nets take longest, the slowest setting is reported too.
* precompute: the time to train the whole slider grid (``grid()``).
  Goal: at most 5 s per chapter; for chapter 6, about 3 s.
* data: the bytes of the static explorer in the page (``to_html()``).
  Goal: at most 1.5 MB per chapter page.

As a baseline measured in the same run, it times the original post's raw
loop (3 -> 5 -> 1, 2000 steps, from bench_xor.py), so a slow, shared machine
shows as a slow baseline rather than as a slow explorer.

Run:  python benchmarks/bench_explorers.py [--repeats N]
"""

import argparse
import statistics
import time

import numpy as np

from bench_xor import seed_loop
from helpers import explore
from helpers.explore.live_view import Drawer

X4 = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_SEED = np.array([[0, 1, 1, 0]], dtype=float).T
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T


def dropout_data():
    """Chapter 3's data set, made as the chapter makes it."""
    from helpers import data

    rng = np.random.default_rng(0)
    X_all, y_all = data.noisy_xor(80 + 500, rng, spread=0.2, flip=0.2)
    X_train, y_train, X_test, y_test = data.train_test_split(X_all, y_all, 500, rng)
    return (X_train, y_train), (X_test, y_test)


def digits_data():
    """Chapter 6's digits, with the constant-1 column, split as the chapter splits them: 360
    test digits first, then 360 validation digits, which its explorer shows, from the rest."""
    from helpers import data

    X1, labels = data.load_digits(constant_column=True)
    rng = np.random.default_rng(0)
    X_rest, l_rest, _, _ = data.train_test_split(X1, labels, 360, rng)
    X_train, l_train, X_val, l_val = data.train_test_split(X_rest, l_rest, 360, rng)
    return (X_train, l_train), (X_val, l_val)


def deep_data():
    """Chapter 7's explorer data: 80 points of noisy XOR, as the chapter makes them."""
    from helpers import data

    return data.noisy_xor(80, np.random.default_rng(0), spread=0.2)


def chapter_explorers():
    """The explorers as the chapters make them."""
    (Xtr, ytr), (Xte, yte) = dropout_data()
    (Dtr, ltr), (Dte, lte) = digits_data()
    return {
        "1 no hidden layer": explore.no_hidden_layer_explorer(X4, Y_SEED),
        "2 two-layer net": explore.two_layer_explorer(X4, Y_XOR),
        "3 dropout": explore.dropout_explorer(Xtr, ytr, Xte, yte),
        "6 digits": explore.digits_explorer(Dtr, ltr, Dte, lte, held_out="validation"),
        "7 deeper nets": explore.deep_explorer(*deep_data()),
    }


def slowest_update(ex, drawer):
    """The setting whose update (training and drawing) takes longest, and that time: each
    grid point once, then the slowest one again, best of three."""
    import itertools

    def update(values):
        t0 = time.perf_counter()
        drawer.png(ex.run(**values))
        return time.perf_counter() - t0

    points = [dict(zip([s.name for s in ex.sliders], combo))
              for combo in itertools.product(*[s.values for s in ex.sliders])]
    worst = max(points, key=update)
    return worst, min(update(worst) for _ in range(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    print(f"{'explorer':18} {'train ms':>9} {'draw ms':>8} {'update ms':>10} "
          f"{'baseline ms':>12} {'grid s':>7} {'page KB':>8}")
    for name, ex in chapter_explorers().items():
        defaults = {s.name: s.default for s in ex.sliders}
        drawer = Drawer(ex)
        drawer.png(ex.run(**defaults))  # warm up
        train, draw = [], []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            result = ex.run(**defaults)
            t1 = time.perf_counter()
            drawer.png(result)
            t2 = time.perf_counter()
            train.append(t1 - t0)
            draw.append(t2 - t1)
        total = [a + b for a, b in zip(train, draw)]
        # baseline: the original post's raw loop, 3 -> 5 -> 1 for 2000 steps, timed now
        base = []
        for _ in range(args.repeats):
            w0, w1 = np.full((3, 5), 0.1), np.full((5, 1), 0.1)
            t0 = time.perf_counter()
            seed_loop(w0, w1, 2000)
            base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        html = ex.to_html()  # trains the grid, then writes the page's data
        grid_s = time.perf_counter() - t0
        print(f"{name:18} {statistics.median(train) * 1e3:9.1f} {statistics.median(draw) * 1e3:8.1f} "
              f"{statistics.median(total) * 1e3:10.1f} {statistics.median(base) * 1e3:12.1f} "
              f"{grid_s:7.2f} {len(html.encode()) / 1024:8.0f}")
        if name == "6 digits":
            slowest = slowest_update(ex, drawer)
        if name == "7 deeper nets":
            slowest_deep = slowest_update(ex, drawer)
    print("goals: update <= 100 ms (median; 500 ms for 6 digits), grid <= 5 s (about 3 s for "
          "6 digits), page data <= 1536 KB")
    values, seconds = slowest
    print(f"6 digits, slowest setting ({values}): update {seconds * 1e3:.0f} ms "
          f"(goal: at most 1000 ms; the chapter promises 'about a second' at most)")
    values, seconds = slowest_deep
    print(f"7 deeper nets, slowest setting ({values}): update {seconds * 1e3:.0f} ms "
          f"(goal: at most 100 ms, as for every explorer but chapter 6's)")
    print("baseline: the post's raw loop, 3-5-1 for 2000 steps, on this machine now")


if __name__ == "__main__":
    main()
