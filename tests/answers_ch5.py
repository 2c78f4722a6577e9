"""A right and a wrong answer for each exercise of chapter 5 (read by test_exercises.py)."""

from helpers.exercises.ch5 import _tiny_gradients

_RIGHT, _POST = _tiny_gradients()

ANSWERS = {
    # L1 = 0.7, p = 0.2: L1d = 0.875, post 0.875 * 0.125, right 1.25 * 0.7 * 0.3
    "5.1": ((0.109375, 0.2625), (0.2625, 0.109375)),
    "5.2": ((10, 4), (9, 11)),
    "5.3": (_RIGHT, _POST),
}
