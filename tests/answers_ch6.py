"""A right and a wrong answer for each exercise of chapter 6 (read by test_exercises.py)."""

import math

ANSWERS = {
    "6.1": (0.6, 0.75),
    "6.2": (math.log(4), math.log10(4)),
    "6.3": ([-0.9, 0.7, 0.2], [0.9, -0.7, -0.2]),
    "6.4": (45, 44),
    "6.5": (math.sqrt(0.98 * 0.02 / 360), 0.98 * 0.02 / 360),
    "6.7": ((1 - 0.9**10) / (1 - 0.9), 1 / (1 - 0.9)),
}
