"""Checks for the exercises of chapter 4, gradient checking."""


import numpy as np

from helpers.exercises import (NUMBER, WHOLE_NUMBER, NotTheForm, below, choices, close, exercise,
                               number, whole_number)


@exercise("4.1", form=f"{NUMBER}, the estimate D0(h)")
def _central_difference(answer):
    value = number(answer)
    w, h = 2.0, 0.1
    expected = ((w + h) ** 3 - (w - h) ** 3) / (2 * h)
    if close(value, expected, rtol=0, atol=1e-6):
        return True, "The error is exactly h squared here, as the Taylor expansion says."
    if close(value, 3 * w**2, rtol=0, atol=1e-6):
        return False, "That is the exact derivative f'(w); the question asks for the estimate D0(h)."
    if close(value, ((w + h) ** 3 - w**3) / h, rtol=0, atol=1e-6):
        return False, "That is the one-sided difference; use f(w + h) and f(w - h)."
    if close(value, ((w + h) ** 3 - (w - h) ** 3) / h, rtol=0, atol=1e-6):
        return False, "Close: the two points are 2h apart, so divide by 2h."
    return False, "Evaluate (f(w + h) - f(w - h)) / (2h) for f(w) = w**3."


@exercise("4.2", form=f"{WHOLE_NUMBER}, a count of cost evaluations")
def _cost_evaluations(answer):
    count = whole_number(answer)
    if count is None:
        return False, "Give a whole number of evaluations."
    n_params = 3 * 5 + 5 * 1
    if count == 2 * n_params:
        return True, "Two evaluations per entry of every weight matrix."
    if count == n_params:
        return False, "That is the number of weights; how many costs does each one need?"
    if count == 2 * (n_params + 5 + 1):
        return False, "This net has no biases: count the entries of W0 and W1 only."
    if count in (2 * n_params + 1, 2 * n_params + 2):
        return False, "Count only the calls to cost(); the analytic gradient does not use it."
    return False, "Count the entries of W0 and W1, then the cost evaluations each entry needs."


@exercise("4.3", form=f"{NUMBER}, the order k")
def _stencil_order(answer):
    k = number(answer)
    if close(k, 4, rtol=0, atol=0.25):
        return True, "The h cubed terms cancel too, so the error is of fourth order."
    if close(k, 2, rtol=0, atol=0.25):
        return False, "That is the order of the plain central difference; measure this formula."
    if close(k, 1, rtol=0, atol=0.25):
        return False, "That is the order of the one-sided difference; measure this formula."
    if below(k, 0.5):
        return False, "Rounding seems to dominate: use the steps the exercise gives."
    return False, "Compute E(h) = |D4(h) - f'(1)| at both steps and take log10 of their ratio."


BUGS = (1, 2, 3, 4)  # the post's four bugs, as the exercise numbers them


@exercise("4.4", form="the numbers of the bugs, from 1 to 4, in a list or a tuple", page=BUGS)
def _which_bugs(answer):
    chosen = choices(answer, BUGS)
    right = {2, 3}
    if chosen == right:
        return True, "A check compares a backward pass with its own forward pass, nothing more."
    if chosen < right:
        return False, "Right so far, but one more of them changes a gradient."
    if chosen & {1, 4}:
        return False, ("Ask of each bug: does it make the computed gradient differ from the true "
                       "gradient of the cost? Some of your choices do not.")
    return False, "Ask of each bug: does it make the computed gradient differ from the true one?"
