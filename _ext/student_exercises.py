"""The student form of helpers/exercises/, for the copies of the book without solutions.

``write_student_exercises(dest)`` replaces ``dest``, a copy of helpers/exercises/ inside a copy
of helpers/, with a package of the same API (``check``, ``Feedback``, ``names``, ...) whose
checks decide from salted-hash tables: no expected value, and no code that computes one. Its
modules: the full ``__init__.py`` (the readers, Feedback and the words: no answer in them),
``_hashes.py`` (static_checks' hashing and grid, copied from its source), ``_student.py``
(student_exercises_runtime.py, beside this file: the checks), ``_tables.py`` (the tables)
and ``ch5.py`` (only the givens that chapter 5's notebook imports).

The tables are computed in a fresh Python from the full package in ``dest``: the exercises'
checks are instrumented there (``recognised``, and the array checks' ``np.allclose``), which
must not happen in a process that checks answers meanwhile, such as a build's.
"""

import inspect
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np

import static_checks

HERE = pathlib.Path(__file__).resolve().parent
RUNTIME = HERE / "student_exercises_runtime.py"
# What notebooks import from the chapter modules (the exercises' givens), by module
GIVENS = {"ch5": ["X_TINY", "Y_TINY", "W0_TINY", "W1_TINY", "LR_TINY"]}
FIRST_LINE = '"""Self-checks for the exercises: tell a student whether an answer is right, not what it is.\n'
NOTE = ("\nThis is the copy without solutions (_ext/student_exercises.py wrote it): its checks are in\n"
        "_student.py and decide from salted hashes of the answers, in _tables.py.\n")
UNCERTAIN = ("Near the right answer, but this copy of the book (without solutions) tells a right "
             "answer only within {:g} of each number: give the numbers unrounded, as numpy "
             "computes them.")


def write_student_exercises(dest):
    """Replace the folder ``dest``, a copy of helpers/exercises/ in a copy of helpers/, with
    the student form of the package (see the module's docstring)."""
    dest = pathlib.Path(dest) if isinstance(dest, (str, os.PathLike)) else None
    if dest is None or dest.name != "exercises" or dest.parent.name != "helpers" or not (
            (dest / "__init__.py").is_file() and (dest.parent / "__init__.py").is_file()):
        raise ValueError("dest must be the folder exercises/ of a copy of helpers/, with its "
                         f"__init__.py; got {dest!r}")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(dest.parent.parent), str(HERE)])}
    done = subprocess.run([sys.executable, "-c", "import student_exercises as s; s._print_tables()"],
                          cwd=dest.parent.parent, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the student tables could not be made:\n{done.stderr[-3000:]}")
    made = json.loads(done.stdout)
    init = (dest / "__init__.py").read_text()
    if not init.startswith(FIRST_LINE):
        raise RuntimeError(f"{dest / '__init__.py'} no longer starts with {FIRST_LINE!r}")
    shutil.rmtree(dest)
    dest.mkdir()
    (dest / "__init__.py").write_text(FIRST_LINE + NOTE + init[len(FIRST_LINE):])
    hashes = [static_checks._power, static_checks.grid_key, static_checks._stream,
              static_checks._xor, static_checks.cell]
    (dest / "_hashes.py").write_text(
        '"""Hashing and rounding grid of the static pages\' checks (copied from '
        '_ext/static_checks.py)."""\n\nimport hashlib\nimport itertools\nimport math\n\n\n'
        + "\n\n".join(inspect.getsource(f) for f in hashes))
    shutil.copy2(RUNTIME, dest / "_student.py")
    (dest / "_tables.py").write_text(
        '"""The tables of the student checks (_student.py): salted hashes, sealed messages."""\n\n'
        f"TABLES = {made['tables']!r}\n")
    for module, values in made["givens"].items():
        (dest / f"{module}.py").write_text(
            f'"""The givens of chapter {module[2:]}\'s exercises that its notebook imports."""\n\n'
            "import numpy as np\n\n" + "".join(
                f"{k} = {v!r}\n" if isinstance(v, float) else f"{k} = np.array({v!r})\n"
                for k, v in values.items()))


def _print_tables():
    """In the fresh Python of write_student_exercises: its tables and givens, as JSON."""
    import importlib

    import helpers
    from helpers import exercises

    here = pathlib.Path(os.environ["PYTHONPATH"].split(os.pathsep)[0]).resolve()
    if here not in pathlib.Path(helpers.__file__).resolve().parents:
        raise RuntimeError(f"helpers was imported from {helpers.__file__}, not from {here}")
    tables = {name: table(name) for name in exercises.names()}
    givens = {}
    for module, names in GIVENS.items():
        loaded = importlib.import_module(f"helpers.exercises.{module}")
        givens[module] = {n: getattr(loaded, n) if isinstance(getattr(loaded, n), float)
                          else getattr(loaded, n).tolist() for n in names}
    print(json.dumps({"tables": tables, "givens": givens}))


def table(name):
    """Exercise ``name``'s table for the student check (as JSON)."""
    from helpers import exercises

    page = exercises.on_page(name)  # a ValueError for an unknown name
    form = exercises.expected_form(name)
    if page is not None:
        data = static_checks.page_data(name)
        data["cells"] = dict(data["cells"])
        return {**data, "page": page}
    targets, reader = _array_targets(name)
    return _numbers_table(name, form, targets, reader)


class _Recorder:
    """numpy, with an allclose that records what it compares with and says False."""

    def __init__(self, heard):
        self._heard = heard

    def __getattr__(self, attr):
        return getattr(np, attr)

    def allclose(self, a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
        b = np.broadcast_to(np.asarray(b, dtype=float), np.shape(a)).ravel()
        self._heard.append((list(range(b.size)), b.tolist(), [atol + rtol * abs(x) for x in b]))
        return False


def _array_targets(name):
    """[(pattern, values, tolerances)] that an array check compares with, in its order, and how
    it reads the answer; a check that compares otherwise (5.1) is listed in TARGETS."""
    from helpers import exercises

    if name in TARGETS:
        return TARGETS[name](), {"reader": "pair"}
    func = exercises._CHECKS[name][0]
    module = sys.modules[func.__module__]
    heard, read = [], {}

    def reader(answer, shape=None, size=None):
        read.update(reader="array", shape=shape, size=size)
        return np.full(shape or (size,), 1e300)

    saved = module.np, module.array_of_numbers
    module.np, module.array_of_numbers = _Recorder(heard), reader
    try:
        func(None)
    finally:
        module.np, module.array_of_numbers = saved
    if not heard or not read:
        raise ValueError(f"exercise {name}: its check reads no array, or compares with nothing")
    return heard, read


def _factor_targets():
    """Exercise 5.1's targets, as its check compares: the pair, then each number alone."""
    from helpers.exercises import ch5

    post, right, plain = ch5.factor_targets()
    tol = [1e-6, 1e-6]
    return [([0, 1], [post, right], tol), ([0, 1], [right, post], tol),
            ([0, 1], [post, plain], tol), ([0], [post], tol[:1]), ([1], [right], tol[:1])]


TARGETS = {"5.1": _factor_targets}


def _numbers_table(name, form, targets, read):
    """The table of an exercise whose answer is some numbers (see _student.py)."""
    from helpers import exercises

    right = targets[0]
    atol = min(min(tols) for _, _, tols in targets)
    fine = math.floor(math.log10(atol / 1.5))  # 1.5 steps stay within every tolerance
    coarse = math.ceil(math.log10(2 * max(right[2])))  # half a step spans right's tolerance
    size = len(right[1])

    def answer(pattern, values):
        full = np.full(size, 1e300)
        full[pattern] = values
        if read["reader"] == "pair":
            return tuple(full.tolist())
        return full.reshape(read["shape"]) if read["shape"] else full.tolist()

    entries, patterns = [], []
    for pattern, values, _ in targets:
        if pattern not in patterns:
            patterns.append(pattern)
        verdict = exercises.check(name, answer(pattern, values))
        entries.append(("fine", fine, pattern, values, verdict.ok, verdict.message))
    if not entries[0][4]:
        raise ValueError(f"exercise {name}: its first target is not its right answer")
    entries.append(("coarse", coarse, right[0], right[1], False,
                    UNCERTAIN.format(10.0**fine / 2)))
    for i, (_, _, p, a, _, _) in enumerate(entries[:-1]):  # no two targets share a cell
        for _, _, q, b, _, _ in entries[i + 1:-1]:
            if p == q and max(abs(x - y) for x, y in zip(a, b)) < 4 * 10.0**coarse:
                raise ValueError(f"exercise {name}: two of its targets are too close to tell apart")
    salt = os.urandom(16).hex()
    messages, keys, cells = [], [], {}
    for grid, exponent, pattern, values, ok, message in entries:
        if (ok, message) not in messages:
            messages.append((ok, message))
            keys.append(os.urandom(16))
        index = messages.index((ok, message))
        full = [0.0] * size
        for i, v in zip(pattern, values):
            full[i] = v
        step = 10.0**exponent
        ks = [str(round(full[i] / step)) for i in pattern]
        key = f"{grid}|{','.join(map(str, pattern))}|{','.join(ks)}"
        label, mask = static_checks.cell(salt, key)
        cells[label.hex()] = static_checks._xor(bytes([index]) + keys[index], mask).hex()
    sealed = []
    for index, (ok, message) in enumerate(messages):
        text = json.dumps({"ok": ok, "message": message}).encode()
        sealed.append(static_checks._xor(text, static_checks._stream(keys[index], len(text))).hex())
    far = answer(list(range(size)), [1e300] * size)
    return {"kind": "numbers", "page": None, "form": form, "salt": salt, "cells": cells,
            "messages": sealed, "otherwise": exercises.check(name, far).message,
            "patterns": patterns, "right": right[0], "fine": fine, "coarse": coarse,
            "reader": read["reader"], "shape": read.get("shape"), "size": read.get("size")}
