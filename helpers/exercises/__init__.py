"""Self-checks for the exercises: tell a student whether an answer is right, not what it is.

In a notebook::

    from helpers.exercises import check
    check("1.3", my_answer)

shows "Exercise 1.3: Correct" or "Not yet" with a hint, and never the expected value.
An exercise is named by its chapter and its number in the chapter, as the page
numbers it ("Exercise 1.3"); an exercise with two answers to check has one name
for each, the number and what is checked ("2.3 dW1", "2.3 dW0").
Each chapter's checks live in a module of this package (``ch1.py`` for
chapter 1, ...), registered with the ``@exercise`` decorator; every module
here is imported when the package is, so a new chapter only adds a file.

Every exercise declares the form of its answer ("a single number", "a shape, a
pair of whole numbers such as (3, 1)", ...). A check reads the answer with the
readers below (``number``, ``whole_number``, ``shape``, ``array_of_numbers``),
which raise ``NotTheForm`` for anything else; the student is then told the form
and what they gave ("Expected ...; got the string '3,1'."), never a Python error.
"""

import html
import importlib
import math
import numbers
import pkgutil
import reprlib

import numpy as np

__all__ = ["check", "exercise", "Feedback", "names", "expected_form", "close", "NotTheForm",
           "number", "whole_number", "shape", "array_of_numbers", "NUMBER", "WHOLE_NUMBER", "SHAPE"]

_CHECKS = {}  # name: (check, form)

# Forms that several exercises share (a phrase that completes "Expected ...").
NUMBER = "a single number"
WHOLE_NUMBER = "a whole number"
SHAPE = "a shape, a pair of whole numbers such as (3, 1)"


class NotTheForm(ValueError):
    """An answer that is not of the form its exercise expects (raised by the readers below)."""


class Feedback:
    """The verdict on one answer: ``ok`` (bool) and a ``message`` that reveals no answer."""

    def __init__(self, name, ok, message):
        self.name, self.ok, self.message = name, bool(ok), message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        mark = "Correct" if self.ok else "Not yet"
        return f"Exercise {self.name}: {mark}. {self.message}".rstrip()

    def _repr_html_(self):
        colour = "#1a7f37" if self.ok else "#9a6700"
        mark = "&#10004; Correct" if self.ok else "&#10008; Not yet"
        return (f'<div class="exercise-feedback" style="border-left:4px solid {colour};'
                f'padding:0.3em 0.8em">Exercise {html.escape(self.name)}: '
                f'<strong style="color:{colour}">{mark}</strong>. {html.escape(self.message)}</div>')


def exercise(name, form=None):
    """Register ``func(answer) -> (ok, message)`` as the check for exercise ``name``.

    form: the answer's form, a phrase that completes "Expected ...", e.g. NUMBER or
    "W0 after the step, an array of numbers of shape (3, 1)". The student sees it when
    an answer is not of that form, so it must not give the answer away.
    """
    if not isinstance(form, str) or not form.strip():
        raise ValueError(f"exercise {name!r} must declare form=, the form of its answer, "
                         f"e.g. form=NUMBER; got {form!r}")

    def register(func):
        if name in _CHECKS:
            raise ValueError(f"exercise name {name!r} is registered twice")
        _CHECKS[name] = (func, form)
        return func
    return register


# --------------------------------------------------------------------------
# Readers: the answer in the form a check computes with, or NotTheForm
# --------------------------------------------------------------------------


def number(answer):
    """The answer as a float, when it is one finite real number (not True or False, not a
    string); a numpy array holding one number counts, as numpy computations give them."""
    if isinstance(answer, np.ndarray) and answer.size == 1 and answer.dtype.kind in "iuf":
        answer = answer.item()
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        raise NotTheForm
    value = float(answer)
    if not math.isfinite(value):
        raise NotTheForm
    return value


def whole_number(answer):
    """The answer as an int when it is a whole number; None when it is a number that is not
    whole (2.5); NotTheForm when it is not a number."""
    value = number(answer)
    return int(value) if value.is_integer() else None


def shape(answer):
    """The answer as a tuple of two whole numbers, such as (3, 1)."""
    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = list(answer)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise NotTheForm
    dims = tuple(whole_number(n) for n in answer)
    if None in dims:
        raise NotTheForm
    return dims


def array_of_numbers(answer, shape=None, size=None):
    """The answer as a float array, when it is an array or nested list of real numbers with
    ``shape``, or, given ``size`` instead, that many numbers in any arrangement."""
    if isinstance(answer, (str, bytes)):
        raise NotTheForm
    try:
        a = np.asarray(answer)
    except (TypeError, ValueError):  # a ragged list
        raise NotTheForm from None
    if a.dtype.kind not in "iuf":  # strings, None, dicts, complex or True/False inside
        raise NotTheForm
    if (shape is not None and a.shape != shape) or (size is not None and a.size != size):
        raise NotTheForm
    return a.astype(float)


# --------------------------------------------------------------------------
# Checking an answer
# --------------------------------------------------------------------------

_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 40
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxdict = 6
_SHORT.maxlevel = 2


def described(answer):
    """What the student gave, for a message: its kind and a short repr (their value, never ours)."""
    if answer is None:
        return "None"
    if isinstance(answer, np.generic):  # as Python shows a number: 0.5, not np.float64(0.5)
        answer = answer.item()
    if isinstance(answer, str):
        return f"the string {_SHORT.repr(answer)}"
    if isinstance(answer, (bool, np.bool_)):
        return f"the truth value {answer}"
    if isinstance(answer, numbers.Number):
        return f"the number {_SHORT.repr(answer)}"
    if isinstance(answer, np.ndarray):
        return f"an array of shape {answer.shape} and dtype {answer.dtype}"
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        kind, n = type(answer).__name__, len(answer)
        if n == 0:
            return f"an empty {kind}"
        return f"a {kind} of {n} item{'' if n == 1 else 's'}, {_SHORT.repr(answer)}"
    if callable(answer):
        return f"the function {getattr(answer, '__name__', '?')} (call it to get its value)"
    return f"a {type(answer).__name__}"


def names():
    """Every registered exercise name, sorted."""
    return sorted(_CHECKS)


def expected_form(name):
    """The form of exercise ``name``'s answer, as its messages say it."""
    if name not in _CHECKS:
        raise ValueError(f"name must be one of the exercises {names()}; got {name!r}")
    return _CHECKS[name][1]


def check(name, answer):
    """Check ``answer`` for exercise ``name``; returns a Feedback (truthy when right)."""
    form = expected_form(name)
    if answer is ...:
        return Feedback(name, False, "No answer yet: replace the ... with yours and run the cell. "
                                     f"Expected {form}.")
    try:
        ok, message = _CHECKS[name][0](answer)
    # NotTheForm, from the readers; the others from any conversion a check makes itself
    except (NotTheForm, TypeError, ValueError, IndexError, KeyError, OverflowError):
        return Feedback(name, False, f"Expected {form}; got {described(answer)}.")
    return Feedback(name, ok, message)


def close(value, target, rtol, floor=0.0):
    """Is ``value`` within ``rtol`` of ``target``, relative to |target|, or to ``floor``
    when that is larger (so that targets near 0 are not judged more strictly)?"""
    return abs(float(value) - target) <= rtol * max(floor, abs(target))


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
