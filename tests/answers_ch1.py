"""A right and a wrong answer for each exercise of chapter 1 (read by test_exercises.py)."""

import numpy as np

from helpers import net

X_SEED = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_SEED = np.array([[0, 1, 1, 0]], dtype=float).T


def _one_step():
    start = {"W0": np.zeros((3, 1))}
    _, grads = net.loss_and_grads(start, X_SEED, Y_SEED)
    return start["W0"] - 0.5 * grads["W0"]


ANSWERS = {
    "1.1": (0.25, 0.5),
    "1.2": ((7, 2), (200, 2)),
    "1.3": (_one_step(), -_one_step()),
}
