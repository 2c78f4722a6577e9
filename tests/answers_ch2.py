"""A right and a wrong answer for each exercise of chapter 2 (read by test_exercises.py)."""

import numpy as np

from helpers import net

X_TINY = np.array([[1.0, 0.0, 1.0]])
Y_TINY = np.array([[1.0]])
PARAMS_TINY = {"W0": np.zeros((3, 2)), "W1": np.array([[1.0], [-1.0]])}


def _tiny_grads():
    _, grads = net.loss_and_grads(PARAMS_TINY, X_TINY, Y_TINY)
    return grads


ANSWERS = {
    "ch2-delta1-shape": ((32, 16), (10, 16)),
    "ch2-n-weights": (32, 24),
    "ch2-dW1-by-hand": (_tiny_grads()["W1"], -_tiny_grads()["W1"]),
    "ch2-dW0-by-hand": (_tiny_grads()["W0"], -_tiny_grads()["W0"]),
    "ch2-symmetric-distinct": (1, 5),
}
