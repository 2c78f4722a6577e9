"""Checks for the exercises of chapter 2, the two-layer net and backpropagation."""

import numpy as np

from helpers import net
from helpers.exercises import (SHAPE, WHOLE_NUMBER, array_of_numbers, exercise, shape,
                               whole_number)

# The tiny net of exercise ex-2.3: one example, two hidden units.
X_TINY = np.array([[1.0, 0.0, 1.0]])
Y_TINY = np.array([[1.0]])
PARAMS_TINY = {"W0": np.zeros((3, 2)), "W1": np.array([[1.0], [-1.0]])}

# The post's inputs with true XOR targets, for exercise ex-2.4.
X_SEED = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T


def _tiny_pieces():
    """Everything a student computes by hand for the tiny net."""
    L1 = net.sigmoid(X_TINY.dot(PARAMS_TINY["W0"]))
    L2 = net.sigmoid(L1.dot(PARAMS_TINY["W1"]))
    delta2 = (L2 - Y_TINY) * L2 * (1 - L2)
    delta1 = delta2.dot(PARAMS_TINY["W1"].T) * L1 * (1 - L1)
    return L1, L2, delta2, delta1


@exercise("2.1", form=SHAPE)
def _delta1_shape(answer):
    dims = shape(answer)
    if dims == (32, 16):
        return True, "delta1 has the shape of L1: one row per example, one column per hidden unit."
    if dims == (10, 16):
        return False, "That is the shape of W0 and of its gradient; delta1 is one of the layer's signals."
    if dims == (32, 3):
        return False, "That is the shape of delta2, at the output; delta1 belongs to the hidden layer."
    return False, "delta1 = (delta2 W1^T) * L1 * (1 - L1): it has the shape of L1."


@exercise("2.2", form=f"{WHOLE_NUMBER}, a count of weights")
def _n_weights(answer):
    count = whole_number(answer)
    if count is None:
        return False, "Count the weights: a whole number."
    if count == 3 * 8 + 8 * 1:
        return True, "Every entry of W0 and of W1 is one weight."
    if count == 3 * 8 or count == 8 * 1:
        return False, "You counted one of the two weight matrices; the net has W0 and W1."
    if count == 3 * 8 * 1:
        return False, "Weights add up over the layers; they do not multiply."
    return False, "Write down the shapes of W0 and W1 for h = 8 and count their entries."


def _check_tiny_grad(answer, name, right, hints):
    A = array_of_numbers(answer, shape=right.shape)
    if np.allclose(A, right, atol=1e-9):
        return True, f"d{name} of the tiny net, from one forward pass and the chain rule."
    for wrong, message in hints:
        if np.allclose(A, wrong, atol=1e-9):
            return False, message
    return False, "Do the forward pass first: with W0 = 0, every hidden unit outputs f(0)."


@exercise("2.3 dW1", form="dW1, an array of numbers of the shape of W1, (2, 1)")
def _dW1_by_hand(answer):
    L1, L2, delta2, _ = _tiny_pieces()
    right = L1.T.dot(delta2)
    hints = [
        (-right, "Check the sign: the error is L2 - y, not y - L2."),
        (L1.T.dot(L2 - Y_TINY), "delta2 also carries the slope of the output sigmoid, L2 (1 - L2)."),
        (right / 2, "Close, but the squared error's 1/2 is already cancelled by the derivative."),
    ]
    return _check_tiny_grad(answer, "W1", right, hints)


@exercise("2.3 dW0", form="dW0, an array of numbers of the shape of W0, (3, 2)")
def _dW0_by_hand(answer):
    L1, _, delta2, delta1 = _tiny_pieces()
    right = X_TINY.T.dot(delta1)
    W1 = PARAMS_TINY["W1"]
    hints = [
        (-right, "Check the sign: the error is L2 - y, not y - L2."),
        (X_TINY.T.dot(delta2.dot(W1.T)),
         "delta1 also carries the slope of the hidden sigmoids, L1 (1 - L1)."),
        (X_TINY.T.dot(delta2 * L1 * (1 - L1)),
         "Each hidden unit's share of the error goes through its own weight in W1: delta2 W1^T."),
    ]
    return _check_tiny_grad(answer, "W0", right, hints)


@exercise("2.4", form=f"{WHOLE_NUMBER}, a count of columns")
def _symmetric_distinct(answer):
    count = whole_number(answer)
    if count is None:
        return False, "Count the columns of dW0 that differ from each other: a whole number."
    if count == _distinct_columns_at_symmetric_start():
        return True, "Units with equal weights get equal gradients, so they stay equal."
    if count == 5:
        return False, "Compare the columns of dW0 with each other: are any two different?"
    if count == 0:
        return False, "Every column counts once, including the first of a group of equal ones."
    return False, "Compute dW0 at the equal start, then compare its five columns (np.unique with axis=1)."


def _distinct_columns_at_symmetric_start():
    equal = {"W0": np.full((3, 5), 0.5), "W1": np.full((5, 1), 0.5)}
    _, grads = net.loss_and_grads(equal, X_SEED, Y_XOR)
    return np.unique(np.round(grads["W0"], 12), axis=1).shape[1]
