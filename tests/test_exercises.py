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


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_feedback_does_not_reveal_the_answer(name):
    right, wrong = ANSWERS[name]
    text = repr(check(name, wrong)) + check(name, wrong)._repr_html_()
    try:
        values = np.ravel(np.asarray(right, dtype=float))
    except (TypeError, ValueError):
        values = []  # a non-numeric answer (a word, a choice)
    for value in values:
        if value != round(value):  # small integers (shapes) appear in any hint
            for shown in (f"{value:.3g}", f"{value:.4f}", repr(float(value))):
                assert shown not in text, (shown, text)


def test_unknown_exercise_is_a_clear_error():
    with pytest.raises(ValueError, match="name must be one of the exercises"):
        check("no-such-exercise", 1)
