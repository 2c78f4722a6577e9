"""A right and a wrong answer for each exercise of chapter 7 (read by test_exercises.py)."""

import math

ANSWERS = {
    "7.1": (-21, 28),
    "7.2": (4, 0.25),
    "7.3": (2 * (4 * 3 + 3 * 3 + 3 * 1 + 3 + 3 + 1), 4 * 3 + 3 * 3 + 3 * 1 + 3 + 3 + 1),
    "7.4": ((50, 16), (50, 32)),
    "7.5": (math.sqrt(2 / 128), math.sqrt(1 / 128)),
    "7.6": (1, 16),
}
