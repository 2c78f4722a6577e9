"""A right and a wrong answer for each exercise of chapter 0 (read by test_exercises.py)."""

import numpy as np

X_POST = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T
W_GIVEN = np.array([[0.5], [-1.0], [0.25]])

_GRADIENT = X_POST.T.dot(X_POST.dot(W_GIVEN) - Y_XOR)
_LAMBDA_MAX = float(np.linalg.eigvalsh(X_POST.T.dot(X_POST)).max())
_LAMBDA_MIN = float(np.linalg.eigvalsh(X_POST.T.dot(X_POST)).min())

ANSWERS = {
    "0.1": (_GRADIENT, -_GRADIENT),
    "0.2": (2 / _LAMBDA_MAX, 1 / _LAMBDA_MAX),
    "0.3": (2 * 4 / _LAMBDA_MAX, 2 / _LAMBDA_MAX),
    "0.5": (_LAMBDA_MAX / _LAMBDA_MIN, _LAMBDA_MIN / _LAMBDA_MAX),
    "0.6": ((9 / 11) ** 2, 9 / 11),
}
