"""The student form of helpers/exercises/ (_ext/student_exercises.py), for the copies without
solutions: the same verdict and words as the full checks, no answer in it, and it imports
alone. Its verdicts are asked in a fresh Python whose helpers/ is a copy with the student
exercises (the full package is the one imported here)."""

import json
import pathlib
import pickle
import re
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from conftest import ROOT
from test_exercises import ANSWERS, MALFORMED
from test_static_checks import MISTAKES, answer_forms, near_edges, read_as_python

sys.path.insert(0, str(ROOT / "_ext"))
import student_exercises  # noqa: E402

from helpers import exercises  # noqa: E402

ARRAYS = ["0.1", "1.3", "2.3 dW0", "2.3 dW1", "5.3", "6.3"]


def student_copy(parent):
    """A copy of helpers/ in ``parent`` with the student exercises; its exercises folder."""
    shutil.copytree(ROOT / "helpers", parent / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    student_exercises.write_student_exercises(parent / "helpers" / "exercises")
    return parent / "helpers" / "exercises"


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    return student_copy(tmp_path_factory.mktemp("student"))


def run_in(folder, code, payload=None):
    """Run ``code`` in a fresh Python whose helpers is the one in ``folder``; ``payload``
    pickled to its stdin; what it pickles to stdout."""
    done = subprocess.run([sys.executable, "-c", code], cwd=folder, input=pickle.dumps(payload),
                          capture_output=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)})
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return pickle.loads(done.stdout) if done.stdout else None


ASK = """
import pickle, sys
import helpers, helpers.exercises as ex
assert helpers.__file__.startswith({root!r}), helpers.__file__
out = []
for name, answer in pickle.load(sys.stdin.buffer):
    f = ex.check(name, answer)
    out.append((f.ok, f.message, repr(f), f._repr_html_(), type(f).__name__))
sys.stdout.buffer.write(pickle.dumps(out))
"""


def student_says(student, cases):
    root = student.parent.parent
    return run_in(root, ASK.format(root=str(root)), cases)


def full_says(name, answer):
    f = exercises.check(name, answer)
    return f.ok, f.message, repr(f), f._repr_html_(), type(f).__name__


def tolerance_of(name):
    """(targets, atol) of an array exercise, as the student table records them."""
    targets, _ = student_exercises._array_targets(name)
    return targets


def cases_for(name):
    right, wrong = ANSWERS[name]
    cases = [right, wrong, np.array([7, 2]), (7, 2), [3, 2], 3, {2}]
    cases += list(MALFORMED.values()) + [read_as_python(t) for t in MISTAKES]
    if exercises.on_page(name) == "number":
        cases += [float(t) for t in near_edges(name)]
    if name in ARRAYS or name == "5.1":
        a = np.asarray(right, dtype=float)
        noisy = a * (1 + 1e-13) + 1e-15  # float noise, as another order of operations gives
        cases += [noisy, -a, 2 * a, a / 2, a + 1, np.where(a == a, np.nan, a),
                  noisy.tolist(), a * 1e300]
        for pattern, values, _ in tolerance_of(name):  # every hint's own answer
            hinted = np.array(a)
            hinted.flat[pattern] = values
            cases.append(hinted if name != "5.1" else tuple(hinted.tolist()))
        if name == "5.1":
            cases = [tuple(c) if isinstance(c, np.ndarray) else c for c in cases]
    return [(name, c) for c in cases]


def test_the_student_checks_say_what_the_full_checks_say(student):
    cases = [c for name in exercises.names() for c in cases_for(name)]
    got = student_says(student, cases)
    assert len(got) == len(cases)
    for (name, answer), says in zip(cases, got):
        assert says == full_says(name, answer), (name, answer)
    rights = {name: says[0] for (name, answer), says in zip(cases, got)
              if answer is ANSWERS[name][0]}
    assert rights == {name: True for name in exercises.names()}


def test_an_array_near_the_edge_is_never_judged_wrongly(student):
    """Between a third of the grid's step and the check's tolerance, an answer is told that
    this copy cannot judge it; beyond the tolerance it is "Not yet", as the full check says."""
    cases, full = [], []
    for name in ARRAYS + ["5.1"]:
        (pattern, values, tols) = tolerance_of(name)[0]
        for f in (0.3, 0.9, 1.2, 3.5):
            shifted = np.array(values) + f * np.array(tols) * np.where(np.arange(len(values)) % 2, 1, -1)
            answer = tuple(shifted.tolist()) if name == "5.1" else shifted.tolist()
            cases.append((name, answer))
            full.append(exercises.check(name, answer))
    got = student_says(student, cases)
    uncertain = 0
    for (name, answer), kernel, (ok, message, *_) in zip(cases, full, got):
        if ok:
            assert kernel.ok, (name, answer)
        elif kernel.ok:
            assert message.startswith("Near the right answer, but this copy"), (name, message)
            uncertain += 1
        else:
            assert not ok
    assert uncertain > 0  # the band is met, so the test above can fail


def test_a_right_array_just_past_a_grid_line_is_accepted(student):
    """Each entry of the right answer moved just past the nearest line of the fine grid (less
    than one step away, within the full check's tolerance): still "Correct"."""
    import runpy

    tables = runpy.run_path(str(student / "_tables.py"))["TABLES"]
    cases = []
    for name in ARRAYS + ["5.1"]:
        pattern, values, _ = tolerance_of(name)[0]
        step = 10.0 ** tables[name]["fine"]
        moved = []
        for v in values:
            k = round(v / step)
            side = 1 if v / step >= k else -1
            moved.append((k + side * 0.51) * step)
        shape = tables[name]["shape"]
        cases.append((name, tuple(moved) if name == "5.1" else
                      np.reshape(moved, shape) if shape else moved))
        assert exercises.check(name, cases[-1][1]).ok, cases[-1]
    for (name, _), (ok, message, *_) in zip(cases, student_says(student, cases)):
        assert ok, (name, message)


def written_text(folder):
    """The text of every module in ``folder``, but the tables' lists of indices and of a
    choice's choices (which its form names): whole numbers that are in any text; and the
    exercises' names, such as '0.2'."""
    text = "\n".join(p.read_text() for p in sorted(folder.rglob("*.py")))
    for name in exercises.names():
        text = text.replace(repr(name), "")
    return re.sub(r"'(patterns|right|choices|page)': \[[\[\]\d, ]*\]", "", text)


def assert_no_answer_in(text):
    for name in exercises.names():
        right = ANSWERS[name][0]
        if isinstance(right, np.ndarray):
            # an entry's forms, but for small whole numbers (-2.0 is in any text)
            forms = [f for v in right.ravel() if not (v.is_integer() and abs(v) < 100)
                     for f in answer_forms(float(v))]
            forms += [repr(right.tolist()), np.array2string(right)]
        else:
            forms = answer_forms(right)
        for shown in forms:
            assert shown not in text, (name, shown)


def test_the_student_folder_holds_no_answer_and_no_check_code(student):
    assert sorted(p.name for p in student.glob("*.py")) == [
        "__init__.py", "_hashes.py", "_student.py", "_tables.py", "ch5.py"]
    assert_no_answer_in(written_text(student))
    assert "def " not in (student / "ch5.py").read_text()  # the givens only


def test_the_answer_search_can_fail(student):
    with pytest.raises(AssertionError):
        assert_no_answer_in(written_text(student) + repr(ANSWERS["5.3"][0].tolist()))
    with pytest.raises(AssertionError):
        assert_no_answer_in(written_text(ROOT / "helpers" / "exercises") + "0.25")


def notebook_imports():
    """The imports from helpers.exercises of the notebooks' cells that a student copy keeps."""
    lines = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code" or "remove-cell" in cell["metadata"].get("tags", []):
                continue
            lines += [line for line in "".join(cell["source"]).splitlines()
                      if line.startswith("from helpers.exercises")]
    return lines


def test_it_imports_alone_with_what_the_notebooks_import(student):
    lines = notebook_imports()
    assert any("ch5 import" in line for line in lines)  # the givens are among them
    code = "\n".join(lines) + "\nimport pickle, sys\nsys.stdout.buffer.write(pickle.dumps(" \
        "(repr(check('1.2', (7, 2))), helpers_file)))"
    code = "import helpers\nhelpers_file = helpers.__file__\n" + code
    said, where = run_in(student.parent.parent, code)
    assert said == "Exercise 1.2: Correct. A gradient always has the shape of its weights."
    assert where == str(student.parent / "__init__.py")


def test_arguments_are_checked(tmp_path):
    with pytest.raises(ValueError, match="dest must be the folder exercises/"):
        student_exercises.write_student_exercises(tmp_path)
    with pytest.raises(ValueError, match="dest must be the folder exercises/"):
        student_exercises.write_student_exercises(None)
    with pytest.raises(ValueError, match="name must be one of the exercises"):
        student_exercises.table("no-such-exercise")


# ------------------------------------------------------- the JupyterLite copy of a student build


def test_a_student_lite_copy_has_the_student_exercises(tmp_path, monkeypatch):
    """_lite_build with solutions=False (the student build) puts the student exercises in the copy's files and in
    the helpers wheel (JupyterLite's own build and Pyodide's download are stood in for)."""
    import book_sphinx
    import lite_python

    wheels = []
    monkeypatch.setattr(lite_python, "assemble",
                        lambda dest, cache, local_wheels: wheels.extend(w for w, *_ in local_wheels))
    real_run = subprocess.run

    def run(args, **kwargs):
        if args[1:4] == ["-m", "jupyter", "lite"]:
            return subprocess.CompletedProcess(args, 0)
        return real_run(args, **kwargs)

    monkeypatch.setattr(book_sphinx.subprocess, "run", run)
    monkeypatch.setattr(book_sphinx, "_label_binary_contents", lambda out: None)
    monkeypatch.setattr(book_sphinx, "_add_watch", lambda out: None)
    for student in (True, False):
        tmp = tmp_path / str(student)
        tmp.mkdir()
        wheels.clear()
        book_sphinx._lite_build(ROOT, tmp / "out" / "html" / "lite", tmp, None,
                                solutions=not student)
        files = tmp / "content" / "book" / "helpers" / "exercises"
        (wheel,) = wheels
        in_wheel = zipfile.ZipFile(wheel).namelist()
        assert (files / "_student.py").exists() == student
        assert (files / "ch1.py").exists() != student
        assert ("helpers/exercises/_student.py" in in_wheel) == student
        assert ("helpers/exercises/ch1.py" in in_wheel) != student
        # and its notebooks have no solutions
        text = (tmp / "content" / "book" / "01_no_hidden_layer.ipynb").read_text()
        assert ("{solution}" in text) != student
