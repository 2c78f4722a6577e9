"""Checks for the exercises of chapter 7, deeper nets."""

import math

from helpers.exercises import (NUMBER, SHAPE, WHOLE_NUMBER, close, exercise, number, shape,
                               whole_number)


@exercise("7.1", form=f"{NUMBER}, the gradient dC/da")
def _product(answer):
    value = number(answer)
    if close(value, -21.0, rtol=1e-3):
        return True, "A product sends each input the upstream gradient times the OTHER input."
    if close(value, 28.0, rtol=1e-3):
        return False, "That multiplies by a itself; the local derivative of a * b in a is b."
    if close(value, 7.0, rtol=1e-3):
        return False, "That is the upstream gradient passed on unchanged, as a sum would do."
    if close(value, 21.0, rtol=1e-3):
        return False, "Mind the sign of b."
    return False, "Downstream = upstream times local: dC/da = dC/dz * dz/da, with dz/da = b."


@exercise("7.2", form=f"{NUMBER}, one entry of dC/db")
def _broadcast(answer):
    value = number(answer)
    if close(value, 4.0, rtol=1e-3):
        return True, "b was copied to 4 rows, so its gradient is the sum of their 4 gradients."
    if close(value, 1.0, rtol=1e-3):
        return False, "That is one row's share; b was used in every row."
    if close(value, 0.25, rtol=1e-3):
        return False, "A broadcast becomes a sum, not a mean."
    if close(value, 12.0, rtol=1e-3):
        return False, "Sum over the rows only: each entry b_j was copied down its own column."
    return False, "Each b_j is added to every row; add up the upstream gradients of its column."


@exercise("7.3", form=f"{WHOLE_NUMBER}, a count of forward passes")
def _forward_passes(answer):
    count = whole_number(answer)
    if count is None:
        return False, "A number of forward passes is a whole number."
    weights = 4 * 3 + 3 * 3 + 3 * 1
    biases = 3 + 3 + 1
    if count == 2 * (weights + biases):
        return True, "Two passes for every parameter, biases included; one backward pass does."
    if count == weights + biases:
        return False, "That is the number of parameters; central differences need two costs each."
    if count == 2 * weights:
        return False, "The biases are parameters too."
    return False, "Count every entry of W0, W1, W2, b0, b1, b2; each needs C(w + h) and C(w - h)."


@exercise("7.4", form=SHAPE)
def _delta_shape(answer):
    dims = shape(answer)
    if dims == (50, 16):
        return True, "One row per example, one column per unit of layer 2, like L2 itself."
    if dims == (16, 50):
        return False, "Rows are examples, as in X and every L_k."
    if dims == (32, 16):
        return False, "That is the shape of W1's gradient; delta_2 has a row per example."
    if dims == (50, 32):
        return False, "That is delta_1, of the first hidden layer; layer 2 is the one after it."
    if dims == (50, 10):
        return False, "That is the output layer's delta; count the layers from the input."
    return False, "delta_k = dC/dz_k has the shape of z_k, the input of layer k's function."


@exercise("7.5", form=f"{NUMBER}, the spread sigma")
def _he_scale(answer):
    value = number(answer)
    if close(value, math.sqrt(2 / 128), rtol=1e-3):
        return True, "sigma^2 = 2 / fan_in: the factor 2 pays for the half of z that ReLU zeroes."
    if close(value, 2 / 128, rtol=1e-3):
        return False, "That is the variance; the spread sigma is its square root."
    if close(value, math.sqrt(1 / 128), rtol=1e-3):
        return False, "That is Xavier's scale, for tanh; the ReLU passes only half of z."
    if close(value, math.sqrt(2 / 64), rtol=1e-3):
        return False, "The fan-in is the number of inputs, 128, not of outputs."
    return False, "Set fan_in * Var(w) * E[a^2] equal to Var(z); for a ReLU, E[a^2] = Var(z) / 2."


@exercise("7.6", form=f"{WHOLE_NUMBER}, a count of different units")
def _symmetry(answer):
    count = whole_number(answer)
    if count is None:
        return False, "A count of units is a whole number."
    if count == 1:
        return True, "Equal units get equal gradients, so they stay equal: width is wasted."
    if count == 16:
        return False, "Training does not tell equal units apart: they start and stay equal."
    if count == 0:
        return False, "The units are not zero; they are all the same as one another."
    return False, "Ask what distinguishes unit j from unit j' in the gradient dC/dW0."
