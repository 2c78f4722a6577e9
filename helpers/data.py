"""Generated data sets, for chapters that need more than the post's four rows.

Every generator takes ``rng``, an ``np.random.Generator``, and draws from it
alone, so the same seed gives the same data. Targets come back with shape
``(n_samples, 1)``, like the post's ``y``. Used from chapter 3 (dropout).
"""

from __future__ import annotations

import numbers
import pathlib

import numpy as np

from helpers.checks import describe as _describe, rng as _check_rng  # the core's wording

__all__ = ["noisy_xor", "train_test_split", "load_digits"]

# The four rows of the post's X (without its constant column) and their XOR.
# The order alternates the classes, so that dealing the points out to the
# corners in turn gives two classes of equal size (within one point).
XOR_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
XOR_LABELS = np.array([0.0, 1.0, 0.0, 1.0])


def _check_int(name, n, low, high=None):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise ValueError(f"{name} must be an integer; got {_describe(n)}")
    if n < low or (high is not None and n > high):
        wanted = f">= {low}" if high is None else f"between {low} and {high}"
        raise ValueError(f"{name} must be an integer {wanted}; got {n}")
    return int(n)


def _check_real(name, x, low, high, *, high_open=False):
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not np.isfinite(x):
        raise ValueError(f"{name} must be a finite number; got {_describe(x)}")
    too_high = x >= high if high_open else x > high
    if x < low or too_high:
        bracket = ")" if high_open else "]"
        raise ValueError(f"{name} must be in [{low}, {high}{bracket}; got {x}")
    return float(x)


def noisy_xor(n, rng, *, spread=0.3, flip=0.0, constant_column=False):
    """XOR with noise: points scattered around the four corners of the unit square.

    Each point belongs to a corner, (0,0), (1,0), (1,1) or (0,1), dealt out in
    turn and then shuffled, and sits at that corner plus normal(0, spread)
    noise in each coordinate. Its target is the XOR of the corner, as in
    chapter 1: 1 at (1,0) and (0,1), 0 at (0,0) and (1,1). Then each target
    is flipped (0 <-> 1) with probability ``flip``: label noise, which no
    boundary can fit without memorising it.

    n: number of points, at least 4. rng: np.random.Generator.
    spread: standard deviation of the noise around each corner, >= 0.
    flip: probability of flipping each target, in [0, 0.5).
    constant_column: append a column of ones, the post's stand-in for a bias.
    The draws happen in the same order whatever ``spread`` and ``flip`` are,
    so two calls from the same rng state that differ only in ``flip`` give
    the same points, and only some targets change.
    Returns (X, y): X of shape (n, 2), or (n, 3) with the constant column;
    y of shape (n, 1), floats 0.0 or 1.0. With flip = 0, the two classes
    have n // 2 and n - n // 2 points.
    """
    n = _check_int("n", n, 4)
    _check_rng(rng)
    spread = _check_real("spread", spread, 0.0, np.inf, high_open=True)
    flip = _check_real("flip", flip, 0.0, 0.5, high_open=True)
    if not isinstance(constant_column, bool):
        raise ValueError(f"constant_column must be True or False; got {_describe(constant_column)}")
    corner = rng.permutation(np.arange(n) % 4)
    X = XOR_CORNERS[corner] + rng.normal(0.0, 1.0, (n, 2)) * spread
    flipped = rng.random(n) < flip
    y = np.where(flipped, 1.0 - XOR_LABELS[corner], XOR_LABELS[corner])[:, None]
    if constant_column:
        X = np.column_stack([X, np.ones(n)])
    return X, y


def train_test_split(X, y, n_test, rng):
    """Shuffle the rows of (X, y) and hold out ``n_test`` of them for testing.

    X: (n_samples, n_features). y: (n_samples, n_outputs), or labels (n_samples,).
    n_test: rows to hold out, between 1 and n_samples - 1. rng: np.random.Generator.
    Returns (X_train, y_train, X_test, y_test), with n_samples - n_test and
    n_test rows; every row of the input lands in exactly one of the two.
    """
    if not isinstance(X, np.ndarray) or X.ndim != 2:
        raise ValueError(f"X must be a 2-D numpy array (rows are examples); got {_describe(X)}")
    if not isinstance(y, np.ndarray) or y.ndim not in (1, 2):
        raise ValueError(f"y must be a 1-D (labels) or 2-D numpy array with one row per "
                         f"example; got {_describe(y)}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of rows; got X with "
                         f"{X.shape[0]} and y with {y.shape[0]}")
    if X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows to split; got {X.shape[0]}")
    n_test = _check_int("n_test", n_test, 1, X.shape[0] - 1)
    _check_rng(rng)
    order = rng.permutation(X.shape[0])
    test, train = order[:n_test], order[n_test:]
    return X[train], y[train], X[test], y[test]


DIGITS_FILE = pathlib.Path(__file__).with_name("datasets") / "optdigits.csv.gz"


def load_digits(*, constant_column=False):
    """1797 handwritten digits as 8x8 images: the test part of UCI's optdigits (chapter 6).

    Source: E. Alpaydin and C. Kaynak (1998), Optical Recognition of
    Handwritten Digits, UCI Machine Learning Repository, CC BY 4.0; the copy
    scikit-learn ships (see helpers/datasets/README.md). Read from the file
    shipped in this package: nothing is downloaded.
    constant_column: append a column of ones, the post's stand-in for a bias
    (as ``noisy_xor`` does).
    Returns (X, labels): X of shape (1797, 64), each row an image's pixels
    row by row, scaled from the file's 0..16 to [0, 1], or (1797, 65) with
    the constant column; labels of shape (1797,), the digits 0 to 9 as
    integers of numpy's index type, np.intp (64 bits here, 32 in Pyodide's
    WebAssembly, where np.bincount refuses int64 labels).
    """
    if not isinstance(constant_column, bool):
        raise ValueError(f"constant_column must be True or False; got {_describe(constant_column)}")
    table = np.loadtxt(DIGITS_FILE, delimiter=",", dtype=np.int64)
    X = table[:, :64] / 16.0
    if constant_column:
        X = np.column_stack([X, np.ones(len(X))])
    return X, table[:, 64].astype(np.intp)
