"""Every exercise check accepts its right answer, rejects a wrong one, and never shows the answer.

Each chapter's right and wrong answers live in tests/answers_chN.py as a dict
ANSWERS = {exercise name: (right, wrong)}; this file gathers them all.
"""

import importlib.util
import pathlib

import numpy as np
import pytest

from helpers import exercises
from helpers.exercises import check

ANSWERS = {}
for _path in sorted(pathlib.Path(__file__).parent.glob("answers_ch*.py")):
    _spec = importlib.util.spec_from_file_location(_path.stem, _path)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)
    ANSWERS.update(_module.ANSWERS)


def test_every_exercise_is_covered():
    assert sorted(ANSWERS) == exercises.names()


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_right_answer_passes_and_wrong_answer_fails(name):
    right, wrong = ANSWERS[name]
    good = check(name, right)
    bad = check(name, wrong)
    assert good.ok, good
    assert not bad.ok, bad
    assert not check(name, ...).ok


def assert_reveals_nothing(name, feedback):
    """The text and the HTML of ``feedback`` show none of exercise ``name``'s right values."""
    right, _ = ANSWERS[name]
    text = repr(feedback) + feedback._repr_html_()
    try:
        values = np.ravel(np.asarray(right, dtype=float))
    except (TypeError, ValueError):
        values = []  # a non-numeric answer (a word, a choice)
    for value in values:
        if value != round(value):  # small integers (shapes) appear in any hint
            for shown in (f"{value:.3g}", f"{value:.4f}", repr(float(value))):
                assert shown not in text, (shown, text)


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_feedback_does_not_reveal_the_answer(name):
    _, wrong = ANSWERS[name]
    assert_reveals_nothing(name, check(name, wrong))


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(ValueError, match="name must be one of the exercises"):
        check("no-such-exercise", 1)


# ---------------------------------------------------------------- answers of the wrong form

# Answers a student gives by mistake: each is of the wrong form for every exercise (no answer is
# 7 numbers long, or a string). Each must be told the form its exercise expects.
MALFORMED = {
    "a string": "3,1",
    "a number in a string": "9e9",
    "a list of the wrong length": [1, 2, 3, 4, 5, 6, 7],
    "an empty list": [],
    "a ragged list": [[1, 2], [3]],
    "a dict": {"answer": 1},
    "None": None,
    "no answer yet": ...,
    "a list of None": [None, None],
    "infinity": float("inf"),
    "not a number": float("nan"),
    "a complex number": 1 + 2j,
    "a function": len,
}
# What Python or numpy says when a conversion fails: never an answer's feedback.
INTERNAL = ["invalid literal", "object is not iterable", "could not convert", "Traceback",
            "unsupported operand", "could not be checked", "argument must be", "cannot convert",
            "not subscriptable", "has no attribute", "inhomogeneous", "setting an array element",
            "object of type", "not supported between", "NoneType", "builtin_function"]


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_every_exercise_declares_the_form_of_its_answer(name):
    form = exercises.expected_form(name)
    assert isinstance(form, str) and len(form.split()) >= 2, (name, form)
    assert not form.endswith("."), "the form is a phrase inside a sentence"


@pytest.mark.parametrize("what", sorted(MALFORMED))
@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_a_malformed_answer_is_told_the_form_its_exercise_expects(name, what):
    feedback = check(name, MALFORMED[what])
    assert not feedback.ok, feedback
    assert exercises.expected_form(name) in feedback.message, feedback
    for text in INTERNAL:
        assert text not in feedback.message, (text, feedback)
    assert_reveals_nothing(name, feedback)


@pytest.mark.parametrize("what", sorted(MALFORMED))
def test_a_malformed_answer_is_described_not_a_python_error(what):
    message = check("1.2", MALFORMED[what]).message
    assert "a shape, a pair of whole numbers" in message, message
    for text in INTERNAL:
        assert text not in message, (text, message)


def test_the_message_says_what_was_given():
    assert check("1.2", "3,1").message == (
        "Expected a shape, a pair of whole numbers such as (3, 1); got the string '3,1'.")
    assert "got a list of 7 items" in check("1.1", list(range(7))).message
    assert "got an array of shape (2, 2)" in check("1.3", np.ones((2, 2))).message
    assert "got a dict" in check("6.4", {"steps": 45}).message
    assert "got None" in check("2.2", None).message
    assert "No answer yet" in check("2.2", ...).message


def test_the_description_of_a_long_answer_is_short():
    message = check("6.2", "x" * 500).message
    assert len(message) < 200, message
    message = check("6.2", list(range(10_000))).message
    assert len(message) < 200 and "10000 items" in message, message


def test_a_student_string_is_escaped_in_the_html():
    html = check("6.2", "<b>bold</b>")._repr_html_()
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_an_exercise_must_declare_its_form():
    with pytest.raises(ValueError, match="form"):
        exercises.exercise("ch9-no-form")
    with pytest.raises(ValueError, match="form"):
        exercises.exercise("ch9-empty-form", form="")
    assert "ch9-no-form" not in exercises.names()
