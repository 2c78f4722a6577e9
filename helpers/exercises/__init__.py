"""Self-checks for the exercises: tell a student whether an answer is right, not what it is.

In a notebook::

    from helpers.exercises import check
    check("ch1-slope", my_answer)

shows "Correct" or "Not yet" with a hint, and never the expected value.
Each chapter's checks live in a module of this package (``ch1.py`` for
chapter 1, ...), registered with the ``@exercise`` decorator; every module
here is imported when the package is, so a new chapter only adds a file.
"""

import importlib
import pkgutil

__all__ = ["check", "exercise", "Feedback", "names", "close", "whole_number"]

_CHECKS = {}


class Feedback:
    """The verdict on one answer: ``ok`` (bool) and a ``message`` that reveals no answer."""

    def __init__(self, name, ok, message):
        self.name, self.ok, self.message = name, bool(ok), message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        mark = "Correct" if self.ok else "Not yet"
        return f"{self.name}: {mark}. {self.message}".rstrip()

    def _repr_html_(self):
        colour = "#1a7f37" if self.ok else "#9a6700"
        mark = "&#10004; Correct" if self.ok else "&#10008; Not yet"
        return (f'<div class="exercise-feedback" style="border-left:4px solid {colour};'
                f'padding:0.3em 0.8em"><strong style="color:{colour}">{mark}</strong> '
                f"<code>{self.name}</code>. {self.message}</div>")


def exercise(name):
    """Register ``func(answer) -> (ok, message)`` as the check for exercise ``name``."""
    def register(func):
        if name in _CHECKS:
            raise ValueError(f"exercise name {name!r} is registered twice")
        _CHECKS[name] = func
        return func
    return register


def close(value, target, rtol, floor=0.0):
    """Is ``value`` within ``rtol`` of ``target``, relative to |target|, or to ``floor``
    when that is larger (so that targets near 0 are not judged more strictly)?"""
    return abs(float(value) - target) <= rtol * max(floor, abs(target))


def whole_number(answer):
    """The answer as an int when it is a whole number (True and False are not); else None."""
    if isinstance(answer, bool) or float(answer) != int(float(answer)):
        return None
    return int(float(answer))


def names():
    """Every registered exercise name, sorted."""
    return sorted(_CHECKS)


def check(name, answer):
    """Check ``answer`` for exercise ``name``; returns a Feedback (truthy when right)."""
    if name not in _CHECKS:
        raise ValueError(f"name must be one of the exercises {names()}; got {name!r}")
    if answer is None or answer is ...:
        return Feedback(name, False, "No answer yet: replace the ... with yours and run the cell.")
    try:
        ok, message = _CHECKS[name](answer)
    except (TypeError, ValueError, IndexError, KeyError) as err:
        return Feedback(name, False, f"That answer could not be checked: {err}")
    return Feedback(name, ok, message)


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
