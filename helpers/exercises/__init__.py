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

__all__ = ["check", "exercise", "Feedback", "names", "expected_form", "close", "below",
           "NotTheForm", "number", "whole_number", "choices", "shape", "array_of_numbers", "NUMBER",
           "WHOLE_NUMBER", "SHAPE", "on_page", "recognised", "MESSAGE", "MARKS", "WRONG_FORM",
           "DESCRIPTIONS"]

_CHECKS = {}  # name: (check, form, on_page)

# Forms that several exercises share (a phrase that completes "Expected ...").
NUMBER = "a single number"
WHOLE_NUMBER = "a whole number"
SHAPE = "a shape, a pair of whole numbers such as (3, 1)"

# How the static pages (_ext/static_checks.py) read an answer typed into an exercise's box:
# one number, one whole number, a pair of whole numbers, or some of a few whole numbers
# (a tuple of the choices). Exercises whose answer is an array are checked in a kernel only.
ON_PAGE = ("number", "whole number", "pair")

# The words of a verdict, here once: Feedback and the static pages' checks both use them.
MESSAGE = "Exercise {name}: {mark}. {message}"
MARKS = {True: "Correct", False: "Not yet"}
WRONG_FORM = "Expected {form}; got {got}."
DESCRIPTIONS = {"string": "the string {}", "number": "the number {}", "empty": "an empty {kind}",
                "items": "a {kind} of {n} item{s}, {repr}"}


class NotTheForm(ValueError):
    """An answer that is not of the form its exercise expects (raised by the readers below)."""


class Feedback:
    """The verdict on one answer: ``ok`` (bool) and a ``message`` that reveals no answer."""

    def __init__(self, name, ok, message):
        self.name, self.ok, self.message = name, bool(ok), message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return MESSAGE.format(name=self.name, mark=MARKS[self.ok], message=self.message).rstrip()

    def _repr_html_(self):
        colour = "#1a7f37" if self.ok else "#9a6700"
        mark = ("&#10004; " if self.ok else "&#10008; ") + MARKS[self.ok]
        return (f'<div class="exercise-feedback" style="border-left:4px solid {colour};'
                f'padding:0.3em 0.8em">Exercise {html.escape(self.name)}: '
                f'<strong style="color:{colour}">{mark}</strong>. {html.escape(self.message)}</div>')


def exercise(name, form=None, page=None):
    """Register ``func(answer) -> (ok, message)`` as the check for exercise ``name``.

    form: the answer's form, a phrase that completes "Expected ...", e.g. NUMBER or
    "W0 after the step, an array of numbers of shape (3, 1)". The student sees it when
    an answer is not of that form, so it must not give the answer away.
    page: how the static page reads a typed answer, one of ON_PAGE or a tuple of whole
    numbers (the answer is some of them); by default "number", "whole number" or "pair"
    for a form that starts with NUMBER, WHOLE_NUMBER or is SHAPE, else None (no check on
    the page). A number's check must compare with ``close`` and ``below`` only, which
    tell the page what the check looks for (``recognised``).
    """
    if not isinstance(form, str) or not form.strip():
        raise ValueError(f"exercise {name!r} must declare form=, the form of its answer, "
                         f"e.g. form=NUMBER; got {form!r}")
    if page is None:
        page = ("number" if form.startswith(NUMBER) else "whole number"
                if form.startswith(WHOLE_NUMBER) else "pair" if form == SHAPE else None)
    elif not (page in ON_PAGE or isinstance(page, tuple) and page
              and all(isinstance(c, int) and not isinstance(c, bool) for c in page)):
        raise ValueError(f"exercise {name!r}: page must be one of {ON_PAGE} or a tuple of "
                         f"whole numbers (the choices); got {page!r}")

    def register(func):
        if name in _CHECKS:
            raise ValueError(f"exercise name {name!r} is registered twice")
        _CHECKS[name] = (func, form, page)
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


def choices(answer, allowed):
    """A non-empty set of whole numbers from ``allowed``, given as one whole number or a list,
    tuple, set or 1-D array of them; anything else raises NotTheForm."""
    if isinstance(answer, numbers.Integral):
        answer = (answer,)
    if isinstance(answer, np.ndarray) and answer.ndim == 1:
        answer = list(answer)
    if not isinstance(answer, (tuple, list, set, frozenset)) or len(answer) == 0:
        raise NotTheForm
    chosen = {whole_number(n) for n in answer}
    if not chosen <= set(allowed):
        raise NotTheForm
    return chosen


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
        return DESCRIPTIONS["string"].format(_SHORT.repr(answer))
    if isinstance(answer, (bool, np.bool_)):
        return f"the truth value {answer}"
    if isinstance(answer, numbers.Number):
        return DESCRIPTIONS["number"].format(_SHORT.repr(answer))
    if isinstance(answer, np.ndarray):
        return f"an array of shape {answer.shape} and dtype {answer.dtype}"
    if isinstance(answer, (list, tuple, set, frozenset, dict)):
        kind, n = type(answer).__name__, len(answer)
        if n == 0:
            return DESCRIPTIONS["empty"].format(kind=kind)
        return DESCRIPTIONS["items"].format(kind=kind, n=n, s="" if n == 1 else "s",
                                            repr=_SHORT.repr(answer))
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


def on_page(name):
    """How the static page reads exercise ``name``'s answer (see ``exercise``), or None when
    only a kernel can check it."""
    expected_form(name)  # a clear error for an unknown name
    return _CHECKS[name][2]


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
        return Feedback(name, False, WRONG_FORM.format(form=form, got=described(answer)))
    return Feedback(name, ok, message)


_HEARD = None  # while ``recognised`` runs a check: the comparisons it makes


def close(value, target, rtol, floor=0.0, atol=0.0):
    """Is ``value`` within ``rtol`` of ``target``, relative to |target|, or to ``floor``
    when that is larger (so that targets near 0 are not judged more strictly), or within
    ``atol`` of it?"""
    if _HEARD is not None:
        _HEARD.append(("close", float(target), rtol, floor, atol))
    return abs(float(value) - target) <= max(atol, rtol * max(floor, abs(target)))


def below(value, bound):
    """Is ``value`` below ``bound``? (A check says it so, not with <, so that the static
    page knows of the half-line: ``recognised``.)"""
    if _HEARD is not None:
        _HEARD.append(("below", float(bound)))
    return float(value) < bound


def recognised(name):
    """What the check of a number exercise ``name`` compares an answer with, in its order:
    ("close", target, rtol, floor, atol) and ("below", bound), each one a call of ``close``
    or ``below`` that the check makes for an answer that is none of them."""
    global _HEARD
    if on_page(name) != "number":
        raise ValueError(f"name must be an exercise whose answer is one number; got {name!r}")
    _HEARD = []
    try:
        _CHECKS[name][0](1e300)  # far from every target and above every bound
        return list(_HEARD)
    finally:
        _HEARD = None


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
