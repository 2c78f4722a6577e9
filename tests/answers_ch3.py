"""A right and a wrong answer for each exercise of chapter 3 (read by test_exercises.py)."""

ANSWERS = {
    "ch3-scale-factor": (1 / (1 - 0.2), 1 / 0.2),
    "ch3-all-dropped": (0.5**5, 1 - 0.5**5),
    "ch3-mask-variance": (0.6**2 * 0.25 / 0.75, 0.6**2 * 0.25 * 0.75),
    "ch3-test-weight-factor": (0.7, 1 / 0.7),
}
