"""Checks for the exercises of chapter 1, the net with no hidden layer."""

import numpy as np

from helpers import net
from helpers.exercises import NUMBER, SHAPE, array_of_numbers, close, exercise, number, shape

X_SEED = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_SEED = np.array([[0, 1, 1, 0]], dtype=float).T


@exercise("1.1", form=NUMBER)
def _steepest_slope(answer):
    value = number(answer)
    if close(value, 0.25, rtol=0, atol=1e-6):
        return True, "f' peaks where f = 1/2."
    if close(value, 0.5, rtol=0, atol=1e-6):
        return False, "That is f(0); the question asks for f'(0) = f(0)(1 - f(0))."
    return False, "Evaluate f(x)(1 - f(x)) where f(x) = 1/2."


@exercise("1.2", form=SHAPE)
def _gradient_shape(answer):
    dims = shape(answer)
    if dims == (7, 2):
        return True, "A gradient always has the shape of its weights."
    if dims == (200, 2):
        return False, "One gradient per weight, not per example: X^T sums over the examples."
    return False, "Work out the shape of W0 first: X W0 must be (200, 2)."


@exercise("1.3", form="W0 after the step, an array of numbers of shape (3, 1)")
def _one_step(answer):
    W = array_of_numbers(answer, shape=(3, 1))
    start = {"W0": np.zeros((3, 1))}
    cost, grads = net.loss_and_grads(start, X_SEED, Y_SEED)
    expected = start["W0"] - 0.5 * grads["W0"]
    if np.allclose(W, expected, atol=1e-6):
        return True, "One step of W0 <- W0 - lr X^T delta1."
    if np.allclose(W, start["W0"] + 0.5 * grads["W0"], atol=1e-6):
        return False, "Check the sign: gradient descent steps against the gradient."
    if np.allclose(W, start["W0"] - grads["W0"], atol=1e-6):
        return False, "Close: remember the learning rate."
    return False, "At W0 = 0 every output is f(0) = 1/2; build delta1 from that."
