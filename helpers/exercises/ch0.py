"""Checks for the exercises of chapter 0, linear regression by gradient descent."""

import numpy as np

from helpers.exercises import NUMBER, array_of_numbers, close, exercise, number

# The post's four inputs (the third column is the constant 1) and true XOR targets.
X_POST = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T
W_GIVEN = np.array([[0.5], [-1.0], [0.25]])


def _gradient(X, y, w):
    return X.T.dot(X.dot(w) - y)


def _lambda_max(X):
    return float(np.linalg.eigvalsh(X.T.dot(X)).max())


def _close(value, target, rtol=2e-3):
    return close(value, target, rtol)


@exercise("0.1", form="the gradient, 3 numbers (one per weight) in a list or an array")
def _gradient_at_w(answer):
    g = array_of_numbers(answer, size=3).reshape(3, 1)
    expected = _gradient(X_POST, Y_XOR, W_GIVEN)
    if np.allclose(g, expected, atol=1e-6):
        return True, "The gradient X^T (Xw - y), one entry per weight."
    if np.allclose(g, -expected, atol=1e-6):
        return False, "Check the sign: the residual is Xw - y, prediction minus target."
    if np.allclose(g, 2 * expected, atol=1e-6):
        return False, "The 1/2 in front of the cost cancels the 2 from differentiating the square."
    return False, "Compute the residual Xw - y first (4 numbers), then multiply by X^T."


@exercise("0.2", form=f"{NUMBER}, a learning rate")
def _threshold(answer):
    value = number(answer)
    lam = _lambda_max(X_POST)
    if _close(value, 2 / lam):
        return True, "Any learning rate below this converges; any above it diverges."
    if _close(value, 1 / lam):
        return False, "That rate converges, but it is not the edge: when does |1 - lr*lambda| reach 1?"
    if _close(value, 2 / float(np.linalg.eigvalsh(X_POST.T.dot(X_POST)).min())):
        return False, "Every eigenvalue must satisfy the condition; which one is the hardest to satisfy?"
    if _close(value, lam) or _close(value, 2 * lam):
        return False, "The threshold is a learning rate, which shrinks as the eigenvalue grows."
    return False, "Form X^T X (3 by 3), find its largest eigenvalue, and use the condition from the chapter."


@exercise("0.3", form=f"{NUMBER}, a learning rate")
def _mean_threshold(answer):
    value = number(answer)
    n = X_POST.shape[0]
    lam = _lambda_max(X_POST)
    if _close(value, 2 * n / lam):
        return True, "Dividing the cost by n divides its curvature by n, and multiplies the threshold by n."
    if _close(value, 2 / lam):
        return False, "Redo the update with the gradient of the mean cost: it is not the gradient of the sum."
    if _close(value, 2 / (n * lam)):
        return False, "Dividing the cost by n makes it flatter, so larger steps become safe, not smaller."
    return False, "Write the gradient of the mean cost and the update it gives; which matrix replaces X^T X?"


def _kappa(X):
    lam = np.linalg.eigvalsh(X.T.dot(X))
    return float(lam[-1] / lam[0])


@exercise("0.5", form=f"{NUMBER}, a condition number")
def _condition_number(answer):
    value = number(answer)
    kappa = _kappa(X_POST)
    if _close(value, kappa):
        return True, "The ratio of the largest eigenvalue of X^T X to the smallest."
    if _close(value, 1 / kappa):
        return False, "The condition number is at least 1: the largest eigenvalue over the smallest."
    if _close(value, np.sqrt(kappa)):
        return False, "That is the ratio of the singular values of X; take the eigenvalues of X^T X."
    if _close(value, (kappa - 1) / (kappa + 1)) or _close(value, (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)):
        return False, "That is a rate of convergence; the exercise asks first for kappa itself."
    lam = np.linalg.eigvalsh(X_POST.T.dot(X_POST))
    if _close(value, lam[-1] / lam[1]) or _close(value, lam[1] / lam[0]):
        return False, "Use the two extreme eigenvalues, the largest and the smallest."
    return False, "Find the eigenvalues of X^T X (an exercise above found them) and divide the largest by the smallest."


@exercise("0.6", form=f"{NUMBER}, a momentum between 0 and 1")
def _best_momentum(answer):
    value = number(answer)
    root = (np.sqrt(100.0) - 1) / (np.sqrt(100.0) + 1)
    if _close(value, root**2):
        return True, "Its square root is the factor by which the error's envelope shrinks at each step."
    if _close(value, root):
        return False, "That is the rate sqrt(beta) at which the error's envelope shrinks; beta is its square."
    if _close(value, 99 / 101) or _close(value, (99 / 101) ** 2):
        return False, "That uses kappa where the heavy ball's formula has sqrt(kappa)."
    if _close(value, 0.9):
        return False, "0.9 is a common default, not the best momentum for this kappa."
    return False, "beta* = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2, from the window of the chapter."
