"""A right and a wrong answer for each exercise of chapter 3 (read by test_exercises.py)."""

ANSWERS = {
    "3.1": (1 / (1 - 0.2), 1 / 0.2),
    "3.2": (0.5**5, 1 - 0.5**5),
    "3.3": (0.6**2 * 0.25 / 0.75, 0.6**2 * 0.25 * 0.75),
    "3.4": (0.7, 1 / 0.7),
}
