"""The self-checks of the copy without solutions: the same ``check`` as the full copy's, deciding
from hashed tables (``_tables.py``) instead of computing the answers.

_ext/student_exercises.py writes this package from the full helpers/exercises/ when the book
is built without solutions; nothing here computes an answer, or holds one other than as a
salted SHA-256 that only a guess can match, as on the static pages.

* An exercise the static page checks (a number, a whole number, a pair, some choices): the
  page's own table (_ext/static_checks.py's ``page_data``), read as the page reads it.
* An exercise whose answer is an array (or 5.1's pair): the check's targets (the right answer
  and each wrong answer it has a hint for) rounded to a grid, entry by entry; an answer is
  looked up with each entry rounded down and up, so a right answer next to a grid line is
  still found. The fine grid, at most two thirds of the check's tolerance, says "Correct"
  only of an answer the full check accepts too; the coarse one, twice the tolerance or more,
  tells a nearly right answer that the fine grid cannot judge: it is then told so, not judged.
"""

import itertools
import json
import math

import numpy as np

from helpers.exercises import (SHAPE, NotTheForm, choices, array_of_numbers, exercise, number, shape,
                               whole_number)
from helpers.exercises._hashes import _stream, _xor, cell, grid_key
from helpers.exercises._tables import TABLES


def _open(table, key):
    """(ok, message) stored for ``key``, or None when the table has no such cell."""
    label, mask = cell(table["salt"], key)
    wrapped = table["cells"].get(label.hex())
    if wrapped is None:
        return None
    opened = _xor(bytes.fromhex(wrapped), mask)
    sealed = bytes.fromhex(table["messages"][opened[0]])
    found = json.loads(_xor(sealed, _stream(opened[1:], len(sealed))))
    return found["ok"], found["message"]


def _number(t, answer):
    value = number(answer)
    found = _open(t, grid_key(value, t["digits"], t["step"]))
    if found:
        return found
    for bound, message in t["below"]:
        if value < bound:
            return False, message
    return False, t["otherwise"]


def _whole(t, answer):
    count = whole_number(answer)
    if count is None:
        return False, t["notWhole"]
    return _open(t, str(count)) or (False, t["otherwise"])


def _pair(t, answer):
    if t["form"] == SHAPE:
        a, b = shape(answer)
    else:  # a tuple or a list of two whole numbers
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            raise NotTheForm
        a, b = (whole_number(v) for v in answer)
        if a is None or b is None:
            raise NotTheForm
    return _open(t, f"{a},{b}") or (False, t["otherwise"])


def _choice(t, answer):
    """Some of the choices: one whole number, or a list, tuple or set of them."""
    chosen = choices(answer, t["choices"])
    return _open(t, ",".join(map(str, sorted(chosen)))) or (False, t["otherwise"])


def grid_keys(values, grid, exponent, pattern):
    """The keys to look up for ``values`` (one answer's numbers) on a grid of step
    10**exponent: each entry of ``pattern`` (its indices) rounded down and up."""
    step = 10.0**exponent
    choices = []
    for i in pattern:
        scaled = values[i] / step
        if not math.isfinite(scaled):
            return []
        choices.append(sorted({math.floor(scaled), math.ceil(scaled)}))
    return [f"{grid}|{','.join(map(str, pattern))}|{','.join(map(str, ks))}"
            for ks in itertools.product(*choices)]


def _numbers(t, answer):
    if t["reader"] == "pair":  # a tuple or a list of two numbers
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            raise NotTheForm
        values = [number(a) for a in answer]
    else:
        shape_, size = t["shape"] and tuple(t["shape"]), t["size"]
        values = list(array_of_numbers(answer, shape=shape_, size=size).ravel())
    for pattern in t["patterns"]:  # in the order of the full check
        grids = [("fine", t["fine"])] + ([("coarse", t["coarse"])] if pattern == t["right"] else [])
        for grid, exponent in grids:
            for key in grid_keys(values, grid, exponent, pattern):
                found = _open(t, key)
                if found:
                    return found
    return False, t["otherwise"]


KINDS = {"number": _number, "whole number": _whole, "pair": _pair, "choice": _choice,
         "numbers": _numbers}


def _register(name, t):
    read, page = KINDS[t["kind"]], t["page"]
    page = tuple(page) if isinstance(page, list) else page  # the choices
    exercise(name, form=t["form"], page=page)(lambda answer: read(t, answer))


for _name, _table in TABLES.items():
    _register(_name, _table)
