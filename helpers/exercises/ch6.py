"""Checks for the exercises of chapter 6, reading handwritten digits."""

import math

import numpy as np

from helpers.exercises import (NUMBER, WHOLE_NUMBER, array_of_numbers, close, exercise, number,
                               whole_number)


def _close(value, target, tol=1e-3):
    return close(value, target, tol)  # relative, so the small standard error is judged fairly


@exercise("6.1", form=f"{NUMBER}, a probability")
def _softmax(answer):
    value = number(answer)
    if _close(value, 0.6):
        return True, "And adding 5 to every logit changes nothing: the softmax ignores a shift."
    if _close(value, 0.75) or _close(value, 3.0):
        return False, "Divide e^(z_k) by the sum over all three classes, not only some of them."
    if _close(value, 1 / 3):
        return False, "The logits differ, so the classes do not get equal shares."
    if _close(value, math.log(3) / (2 + math.log(3))):
        return False, "The softmax exponentiates the logits before dividing: e^0 = 1, e^(ln 3) = 3."
    return False, "P_k = e^(z_k) / (e^(z_1) + e^(z_2) + e^(z_3))."


@exercise("6.2", form=f"{NUMBER}, a cost")
def _cost(answer):
    value = number(answer)
    if _close(value, math.log(4)):
        return True, "Certainty costs 0; an even spread over ten digits would cost ln 10."
    if _close(value, math.log10(4)):
        return False, "That is the base-10 logarithm; the cross-entropy uses the natural one."
    if _close(value, math.log(0.25)):
        return False, "Mind the sign: the cost is minus the logarithm, and never negative."
    if _close(value, 0.75) or _close(value, 0.75**2 / 2):
        return False, "That is an error of the squared kind; the cross-entropy is -log P_y."
    return False, "The cost of one example is -ln P_y, with P_y the probability of the right digit."


@exercise("6.3", form="three numbers, one per class, in a list or an array")
def _gradient(answer):
    value = array_of_numbers(answer, size=3).ravel()
    right = np.array([-0.9, 0.7, 0.2])
    if np.allclose(value, right, atol=1e-6):
        return True, "P - Y: the entries sum to 0, and the step raises the right class most."
    if np.allclose(value, -right, atol=1e-6):
        return False, "The sign is flipped: the gradient is P - Y, not Y - P."
    if np.allclose(value, [0.1 - 1, 0.7, 0.2] * np.array([0.1 * 0.9, 0.7 * 0.3, 0.2 * 0.8]),
                   atol=1e-6):
        return False, "No factor P (1 - P) here: with the cross-entropy it cancels."
    if np.allclose(value, [0.1, 0.7, 0.2], atol=1e-6):
        return False, "That is P itself; subtract the one-hot target of the right class."
    return False, "delta2 = (P - Y) / n, with Y the one-hot row of the right class and n = 1."


@exercise("6.4", form=f"{WHOLE_NUMBER}, a count of steps")
def _steps(answer):
    value = whole_number(answer)
    if value is None:
        return False, "A number of steps is a whole number."
    if value == 45:
        return True, "The last batch is a short one; it still gets its step."
    if value == 44:
        return False, "Close: the rows left over after the full batches make one more, shorter batch."
    if value == 1437:
        return False, "That is one step per digit; each step uses a whole batch."
    return False, "One step per batch: count the start positions 0, 32, 64, ... below 1437."


@exercise("6.5", form=f"{NUMBER}, a fraction (0.01 is 1%)")
def _standard_error(answer):
    value = number(answer)
    right = math.sqrt(0.98 * 0.02 / 360)
    if _close(value, right, 1e-2):
        return True, "Fewer than one digit in a hundred either way: small differences are noise."
    if _close(value, 100 * right, 1e-2):
        return False, "That is in percent; give it as a fraction (0.01 is 1%)."
    if _close(value, 0.98 * 0.02 / 360, 1e-2):
        return False, "That is the variance; the standard error is its square root."
    if _close(value, math.sqrt(0.98 * 0.02), 1e-2):
        return False, "That is the spread of one digit's outcome; divide by the number of digits first."
    return False, "Each test digit is a coin: the standard error is sqrt(a (1 - a) / n)."


@exercise("6.7", form=f"{NUMBER}, a multiple of the gradient")
def _velocity(answer):
    value = number(answer)
    beta, t = 0.9, 10
    if _close(value, (1 - beta**t) / (1 - beta)):
        return True, "The sum 1 + beta + ... + beta^(t-1); it tends to 1 / (1 - beta)."
    if _close(value, 1 / (1 - beta)):
        return False, "That is where it tends; after a finite number of steps it has not got there."
    if _close(value, (1 - beta ** (t + 1)) / (1 - beta)) or _close(value, (1 - beta ** (t - 1)) / (1 - beta)):
        return False, "Count the steps again: after the first step the velocity is g itself."
    if _close(value, beta**t) or _close(value, 1.0):
        return False, "The velocity adds up the gradients, each shrunk by beta per step since."
    return False, "Write v_1, v_2, v_3 from v <- beta v + g: a geometric sum appears."
