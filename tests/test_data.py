"""Tests for helpers/data.py: shapes, determinism, class balance, label noise, clear errors."""

import numpy as np
import pytest

from conftest import assert_clear_error
from helpers import data


def test_noisy_xor_shapes_and_values():
    X, y = data.noisy_xor(10, np.random.default_rng(0))
    assert X.shape == (10, 2) and X.dtype == np.float64
    assert y.shape == (10, 1) and y.dtype == np.float64
    assert set(np.unique(y)) <= {0.0, 1.0}


def test_noisy_xor_constant_column_is_ones_and_changes_nothing_else():
    X2, y2 = data.noisy_xor(12, np.random.default_rng(3), flip=0.2)
    X3, y3 = data.noisy_xor(12, np.random.default_rng(3), flip=0.2, constant_column=True)
    assert X3.shape == (12, 3)
    assert np.array_equal(X3[:, 2], np.ones(12))
    assert np.array_equal(X3[:, :2], X2)
    assert np.array_equal(y3, y2)


def test_noisy_xor_same_seed_same_data_other_seed_other_data():
    a = data.noisy_xor(50, np.random.default_rng(7), spread=0.3, flip=0.1)
    b = data.noisy_xor(50, np.random.default_rng(7), spread=0.3, flip=0.1)
    c = data.noisy_xor(50, np.random.default_rng(8), spread=0.3, flip=0.1)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("n", [4, 5, 6, 7, 101, 1000])
def test_noisy_xor_classes_are_balanced_without_flips(n):
    _, y = data.noisy_xor(n, np.random.default_rng(n))
    assert sorted([int(np.sum(y == 0)), int(np.sum(y == 1))]) == [n // 2, n - n // 2]


def test_noisy_xor_with_no_spread_is_the_xor_truth_table():
    X, y = data.noisy_xor(400, np.random.default_rng(1), spread=0.0)
    corners, counts = np.unique(X, axis=0, return_counts=True)
    assert np.array_equal(corners, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert np.array_equal(counts, [100, 100, 100, 100])
    assert np.array_equal(y[:, 0], np.logical_xor(X[:, 0], X[:, 1]).astype(float))


def test_noisy_xor_points_scatter_around_their_corner_by_spread():
    spread = 0.3
    X0, _ = data.noisy_xor(20_000, np.random.default_rng(2), spread=0.0)
    X, _ = data.noisy_xor(20_000, np.random.default_rng(2), spread=spread)
    noise = X - X0  # the same draws, so X0 holds each point's corner
    assert abs(noise.mean()) < 0.01
    assert abs(noise.std() - spread) < 0.01


def test_noisy_xor_flip_changes_only_targets_at_the_requested_rate():
    n, flip = 20_000, 0.2
    X_clean, y_clean = data.noisy_xor(n, np.random.default_rng(5), flip=0.0)
    X_noisy, y_noisy = data.noisy_xor(n, np.random.default_rng(5), flip=flip)
    assert np.array_equal(X_clean, X_noisy)
    rate = np.mean(y_clean != y_noisy)
    se = np.sqrt(flip * (1 - flip) / n)
    assert abs(rate - flip) < 4 * se


def test_train_test_split_partitions_the_rows():
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10.0)[:, None]
    X_tr, y_tr, X_te, y_te = data.train_test_split(X, y, 3, np.random.default_rng(0))
    assert X_tr.shape == (7, 2) and y_tr.shape == (7, 1)
    assert X_te.shape == (3, 2) and y_te.shape == (3, 1)
    # rows stay paired with their targets, and every row lands exactly once
    assert np.array_equal(X_tr[:, 0] / 2, y_tr[:, 0])
    assert np.array_equal(X_te[:, 0] / 2, y_te[:, 0])
    assert sorted(np.concatenate([y_tr, y_te])[:, 0]) == list(range(10))


def test_train_test_split_same_seed_same_split():
    X, y = data.noisy_xor(30, np.random.default_rng(0))
    a = data.train_test_split(X, y, 10, np.random.default_rng(4))
    b = data.train_test_split(X, y, 10, np.random.default_rng(4))
    for u, v in zip(a, b):
        assert np.array_equal(u, v)


BAD_CALLS = [
    (lambda: data.noisy_xor(3, np.random.default_rng(0)), ["n", ">= 4", "3"]),
    (lambda: data.noisy_xor(10.0, np.random.default_rng(0)), ["n", "integer", "float"]),
    (lambda: data.noisy_xor(True, np.random.default_rng(0)), ["n", "integer", "bool"]),
    (lambda: data.noisy_xor(10, 0), ["rng", "Generator", "int"]),
    (lambda: data.noisy_xor(10, np.random.RandomState(0)), ["rng", "Generator", "RandomState"]),
    (lambda: data.noisy_xor(10, np.random.default_rng(0), spread=-0.1), ["spread", "[0.0", "-0.1"]),
    (lambda: data.noisy_xor(10, np.random.default_rng(0), spread=np.inf), ["spread", "finite", "inf"]),
    (lambda: data.noisy_xor(10, np.random.default_rng(0), spread="big"), ["spread", "number", "str"]),
    (lambda: data.noisy_xor(10, np.random.default_rng(0), flip=0.5), ["flip", "[0.0, 0.5)", "0.5"]),
    (lambda: data.noisy_xor(10, np.random.default_rng(0), flip=-0.1), ["flip", "[0.0, 0.5)", "-0.1"]),
    (lambda: data.noisy_xor(10, np.random.default_rng(0), constant_column=1),
     ["constant_column", "True or False", "int"]),
    (lambda: data.train_test_split([[1, 2]], np.zeros((1, 1)), 1, np.random.default_rng(0)),
     ["X", "2-D numpy array", "list"]),
    (lambda: data.train_test_split(np.zeros((5, 2)), np.zeros((5, 1, 1)), 1,
                                   np.random.default_rng(0)),
     ["y", "1-D (labels) or 2-D numpy array", "(5, 1, 1)"]),
    (lambda: data.train_test_split(np.zeros((5, 2)), np.zeros((4, 1)), 1, np.random.default_rng(0)),
     ["same number of rows", "5", "4"]),
    (lambda: data.train_test_split(np.zeros((1, 2)), np.zeros((1, 1)), 1, np.random.default_rng(0)),
     ["X", "at least 2 rows", "1"]),
    (lambda: data.train_test_split(np.zeros((5, 2)), np.zeros((5, 1)), 5, np.random.default_rng(0)),
     ["n_test", "between 1 and 4", "5"]),
    (lambda: data.train_test_split(np.zeros((5, 2)), np.zeros((5, 1)), 0, np.random.default_rng(0)),
     ["n_test", "between 1 and 4", "0"]),
    (lambda: data.train_test_split(np.zeros((5, 2)), np.zeros((5, 1)), 0.5, np.random.default_rng(0)),
     ["n_test", "integer", "float"]),
    (lambda: data.train_test_split(np.zeros((5, 2)), np.zeros((5, 1)), 2, None),
     ["rng", "Generator", "NoneType"]),
]


@pytest.mark.parametrize("call,words", BAD_CALLS)
def test_bad_input_gets_a_clear_error(call, words):
    assert_clear_error(call, words)


# ---------------------------------------------------------------- the digits (chapter 6)


def test_digits_file_is_the_documented_copy():
    import hashlib

    digest = hashlib.sha256(data.DIGITS_FILE.read_bytes()).hexdigest()
    readme = (data.DIGITS_FILE.parent / "README.md").read_text()
    assert digest in readme  # the README states the SHA-256 of the file shipped


def test_digits_shapes_ranges_and_classes():
    X, labels = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.intp  # np.bincount's type on 32-bit wasm too
    assert X.min() == 0.0 and X.max() == 1.0
    # every pixel is a count 0..16 of on pixels in a 4x4 block, divided by 16
    assert np.array_equal(X * 16, np.round(X * 16))
    counts = np.bincount(labels, minlength=10)
    assert counts.sum() == 1797 and len(counts) == 10 and counts.min() >= 170


def test_digits_constant_column_is_ones_and_changes_nothing_else():
    X, labels = data.load_digits()
    X1, labels1 = data.load_digits(constant_column=True)
    assert X1.shape == (1797, 65) and np.all(X1[:, 64] == 1.0)
    assert np.array_equal(X1[:, :64], X) and np.array_equal(labels1, labels)
    assert_clear_error(lambda: data.load_digits(constant_column=1),
                       ["constant_column", "True or False", "int"])


def test_digits_look_like_digits():
    # The mean image of the 0s has a hole in the middle and ink around it; the
    # mean 1 has ink down the middle. A shuffled or transposed file fails this.
    X, labels = data.load_digits()
    zero = X[labels == 0].mean(axis=0).reshape(8, 8)
    one = X[labels == 1].mean(axis=0).reshape(8, 8)
    assert zero[3:5, 3:5].mean() < 0.2 < zero[3:5, 1].mean()
    assert one[2:6, 3:5].mean() > one[2:6, [0, 7]].mean() + 0.3


def test_split_keeps_labels_one_dimensional():
    X, labels = data.load_digits()
    Xtr, ltr, Xte, lte = data.train_test_split(X, labels, 360, np.random.default_rng(0))
    assert Xtr.shape == (1437, 64) and ltr.shape == (1437,)
    assert Xte.shape == (360, 64) and lte.shape == (360,)
    assert sorted(np.concatenate([ltr, lte]).tolist()) == sorted(labels.tolist())
