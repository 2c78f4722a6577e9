"""A right and a wrong answer for each exercise of chapter 4 (read by test_exercises.py)."""

ANSWERS = {
    "4.1": ((2.1**3 - 1.9**3) / 0.2, (2.1**3 - 2.0**3) / 0.1),
    "4.2": (40, 20),
    "4.3": (3.99, 2.0),
    "4.4": ((2, 3), (2,)),
}
