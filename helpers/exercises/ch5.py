"""Checks for the exercises of chapter 5, reading the original code."""

import numpy as np

from helpers import net
from helpers.exercises import NotTheForm, array_of_numbers, exercise, number, whole_number

# The tiny setup of exercise ex-5.3 (two examples, two hidden units).
X_TINY = np.array([[1, 0, 1], [0, 1, 1]], dtype=float)
Y_TINY = np.array([[1], [0]], dtype=float)
W0_TINY = np.array([[0.5, -1.0], [1.0, 0.5], [0.0, 0.5]])
W1_TINY = np.array([[1.0], [-2.0]])
LR_TINY = 1.0


def _tiny_gradients():
    """The right dC/dW0 at the tiny setup, and the post's (W1 updated first)."""
    params = {"W0": W0_TINY, "W1": W1_TINY}
    _, grads = net.loss_and_grads(params, X_TINY, Y_TINY)
    L1 = net.sigmoid(X_TINY.dot(W0_TINY))
    L2 = net.sigmoid(L1.dot(W1_TINY))
    delta2 = (L2 - Y_TINY) * L2 * (1 - L2)
    w1_new = W1_TINY - LR_TINY * L1.T.dot(delta2)
    post = X_TINY.T.dot(delta2.dot(w1_new.T) * L1 * (1 - L1))
    return grads["W0"], post


def _pair(answer):
    """The answer's two entries, when it is a pair (a tuple or a list of 2)."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise NotTheForm
    return answer


def factor_targets():
    """Exercise 5.1's numbers: the post's factor, the right factor, and the unscaled L1 (1 - L1)
    (read by _ext/student_exercises.py too, which hashes them)."""
    L1, p = 0.7, 0.2
    m = 1 / (1 - p)
    return m * L1 * (1 - m * L1), m * L1 * (1 - L1), L1 * (1 - L1)


@exercise("5.1", form="a pair of numbers, (the post's factor, the right factor)")
def _factors(answer):
    post, right = (number(a) for a in _pair(answer))
    want_post, want_right, plain = factor_targets()
    ok_post, ok_right = abs(post - want_post) < 1e-6, abs(right - want_right) < 1e-6
    if ok_post and ok_right:
        return True, "The post's factor is the smaller of the two here. Now try part (b)."
    if abs(post - want_right) < 1e-6 and abs(right - want_post) < 1e-6:
        return False, "Both numbers are there, but in the wrong order: (post, right)."
    if ok_post:
        if abs(right - plain) < 1e-6:
            return False, "The post's factor is right. The right one still needs the mask's scale."
        return False, "The post's factor is right. For the other: mask * L1 * (1 - L1)."
    if ok_right:
        return False, ("The right factor is right. The post applies x(1 - x) to the value "
                       "it stored in L1, which is already dropped and scaled.")
    return False, "A kept unit's mask entry is 1/(1 - p); start from L1d = mask * L1."


@exercise("5.2", form="a pair of line numbers (a, b), two whole numbers", page="pair")
def _bug_lines(answer):
    a, b = (whole_number(v) for v in _pair(answer))
    if a is None or b is None:
        raise NotTheForm
    if (a, b) == (10, 4):
        return True, "Line 10 reads a weight that line 9 already changed; line 4 overwrites L1 in place."
    hints = []
    if a != 10:
        hints.append("(a) Look for the line that READS w1 after it was changed, "
                     "not the line that changes it.")
    if b != 4:
        hints.append("(b) Look for the line that WRITES over L1, not the line that reads it.")
    return False, " ".join(hints)


@exercise("5.3", form="dC/dW0, an array of numbers of the shape of W0, (3, 2)")
def _corrected_dW0(answer):
    g = array_of_numbers(answer, shape=W0_TINY.shape)
    right, post = _tiny_gradients()
    if np.allclose(g, right, rtol=0, atol=1e-6):
        return True, "Every gradient is computed from the weights of the forward pass."
    if np.allclose(g, post, rtol=0, atol=1e-6):
        return False, ("That is the post's gradient: W1 had already taken its step. "
                       "Compute L1_loss before updating W1.")
    if np.allclose(g, -right, rtol=0, atol=1e-6):
        return False, "Check the sign: the gradient, not the step."
    return False, "Follow delta2 = (L2 - y) L2 (1 - L2), delta1 = (delta2 W1^T) L1 (1 - L1), X^T delta1."
