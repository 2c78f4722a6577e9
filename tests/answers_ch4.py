"""A right and a wrong answer for each exercise of chapter 4 (read by test_exercises.py)."""

ANSWERS = {
    "ch4-central-difference": ((2.1**3 - 1.9**3) / 0.2, (2.1**3 - 2.0**3) / 0.1),
    "ch4-cost-evaluations": (40, 20),
    "ch4-stencil-order": (3.99, 2.0),
    "ch4-which-bugs": ((2, 3), (2,)),
}
