"""The static pages' answer checks (_ext/static_checks.py, _static/static_checks.js) in node.

The page's JS is run in node against the data the build makes, and must give the kernel's
verdict and message for the same answer, typed; its SHA-256, its rounding grid and its
description of a wrong-form answer must equal Python's. The browser test of the built pages
is tests/test_static_checks_browser.py.
"""

import ast
import json
import math
import pathlib
import random
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT
from test_exercises import ANSWERS

sys.path.insert(0, str(ROOT / "_ext"))
import static_checks  # noqa: E402

from helpers import exercises  # noqa: E402

JS = ROOT / "_static" / "static_checks.js"
CHECKED = ["0.2", "0.3", "0.5", "0.6", "1.1", "1.2", "2.1", "2.2", "2.4", "3.1", "3.2", "3.3",
           "3.4", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3", "4.4", "5.2", "6.1", "6.2", "6.4", "6.5",
           "6.7", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
# typed by mistake, for every exercise: a word, too many numbers, a number not whole, nothing
MISTAKES = ["abc", "(1, 2, 3)", "[1, 2.5]", "2.5", "", "7", "(7,)", "1e999", "'quoted'"]


def typed(answer):
    """An answer as a student types it: a number's repr, a tuple's numbers in brackets."""
    if isinstance(answer, (tuple, list)):
        return "(" + ", ".join(repr(a) for a in answer) + ")"
    return repr(answer)


def read_as_python(text):
    """What the kernel's check would be given for ``text``: the literal, else the string."""
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        return text


def node(script, payload):
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    done = subprocess.run(["node", "-e", f"const sc = require({json.dumps(str(JS))});\n{script}"],
                          input=json.dumps(payload), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


READ_STDIN = "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"


def test_the_checked_exercises_are_those_of_one_number_a_shape_or_a_choice():
    found = [n for n in exercises.names() if exercises.on_page(n) is not None]
    assert found == CHECKED


def test_sha256_is_hashlib_s():
    import hashlib

    texts = ["", "abc", "a" * 55, "a" * 56, "a" * 64, "b" * 1000, "salt|12e-3", "é ∂C/∂W₀"]
    got = node(READ_STDIN + "console.log(JSON.stringify(input.map("
               "t => sc.hex(sc.sha256(sc.utf8(t))))))", texts)
    assert got == [hashlib.sha256(t.encode()).hexdigest() for t in texts]


def test_the_grid_is_python_s():
    rng = random.Random(3)
    values = [0.25, 12.01, -1.3862943611198906, 1.0, 0.1, 9.99999, 1e-9, 123456.0, 0.0]
    values += [rng.uniform(-20, 20) * 10 ** rng.randint(-6, 3) for _ in range(300)]
    grids = [(5, None), (8, -7), (None, -2), (4, None), (None, -7)]
    cases = [(v, d, s) for v in values for d, s in grids]
    got = node(READ_STDIN + "console.log(JSON.stringify(input.map(c => sc.gridKey(...c))))", cases)
    assert got == [static_checks.grid_key(v, d, s) for v, d, s in cases]


def test_a_wrong_form_is_described_as_python_does():
    texts = MISTAKES + ["0.0001", "1e16", "12345678901234567890123456789012345678901234567",
                        "(1, 2, 3, 4, 5, 6, 7)", "[]", "()", "it's", "x" * 60, "-0.0", "3."]
    got = node(READ_STDIN + "console.log(JSON.stringify(input.texts.map("
               "t => sc.described(sc.parse(t), input.d))))",
               {"texts": texts, "d": exercises.DESCRIPTIONS})
    assert got == [exercises.described(read_as_python(t)) for t in texts]


def kernel_says(name, text):
    feedback = exercises.check(name, read_as_python(text))
    return {"ok": feedback.ok, "message": feedback.message}


def near_edges(name):
    """Answers at and around the tolerance's edges of every value a number's check compares with."""
    out = []
    for h in exercises.recognised(name):
        if h[0] == "close":
            _, target, rtol, floor, atol = h
            within = max(atol, rtol * max(floor, abs(target)))
            out += [target + f * within for f in (-1.3, -0.97, -0.5, 0, 0.5, 0.97, 1.3)]
        else:
            out += [h[1] - 0.01, h[1] + 0.01]
    return [repr(v) for v in out]


@pytest.fixture(scope="module")
def data():
    return {name: {**static_checks.page_data(name), "words": static_checks.words()}
            for name in CHECKED}


def page_says(data, cases):
    return node(READ_STDIN + "console.log(JSON.stringify(input.cases.map("
                "([name, text]) => sc.verdict(text, input.data[name]))))",
                {"data": data, "cases": cases})


def test_the_page_gives_the_kernel_s_verdict_and_words(data):
    cases = []
    for name in CHECKED:
        right, wrong = ANSWERS[name]
        cases += [(name, typed(right)), (name, typed(wrong))]
        cases += [(name, t) for t in MISTAKES]
        if exercises.on_page(name) == "number":
            cases += [(name, t) for t in near_edges(name)]
    got = page_says(data, cases)
    for (name, text), page in zip(cases, got):
        # the edges sampled are 3% inside a tolerance and 30% outside it: the page's cells,
        # a fifth of a tolerance at most, agree with the kernel there
        assert page == kernel_says(name, text), (name, text)
    rights = {name: page["ok"] for (name, text), page in zip(cases, got)
              if text == typed(ANSWERS[name][0])}
    assert rights == {name: True for name in CHECKED}


def test_the_page_refuses_when_its_data_is_broken(data):
    """The test above can fail: with the cells' labels changed, the right answer is refused."""
    broken = json.loads(json.dumps(data["1.2"]))
    broken["cells"] = [["f" * 16, wrapped] for _, wrapped in broken["cells"]]
    assert not page_says({"1.2": broken}, [("1.2", "(7, 2)")])[0]["ok"]


def test_the_page_data_holds_no_answer(data):
    for name in CHECKED:
        assert_holds_no_answer(name, data[name])


def test_the_answer_test_can_fail(data):
    with pytest.raises(AssertionError):
        assert_holds_no_answer("3.1", {**data["3.1"], "otherwise": repr(ANSWERS["3.1"][0])})


def assert_holds_no_answer(name, data):
    """The page's data for exercise ``name`` (its choices aside, which the form names) holds
    none of the ways its right answer may be written."""
    text = json.dumps({k: v for k, v in data.items() if k != "choices"})
    for shown in answer_forms(ANSWERS[name][0]):
        assert shown not in text, (name, shown)


def answer_forms(right):
    """The ways a right answer may be written (whole numbers of 1 or 2 digits are in any text)."""
    values = list(right) if isinstance(right, (tuple, list)) else [right]
    forms = [typed(right), ", ".join(map(str, values)), ",".join(map(str, values))]
    for v in values:
        if float(v).is_integer() and abs(v) < 100:
            continue
        forms += [repr(v), f"{v:.3g}", f"{v:.4f}", f"{v:.6g}"]
        forms += [static_checks.grid_key(float(v), d, s) for d, s in [(5, None), (8, -7), (4, None)]]
    return [f for f in forms if len(f) > 2]


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="name must be one of the exercises"):
        static_checks.page_data("no-such-exercise")
    with pytest.raises(ValueError, match="value must be a finite number"):
        static_checks.grid_key(math.inf, 5, None)
    with pytest.raises(ValueError, match="digits and step"):
        static_checks.grid_key(1.0, None, None)
    with pytest.raises(ValueError, match="data must be a dict"):
        static_checks.box_html(None)
    with pytest.raises(ValueError, match="name must be an exercise whose answer is one number"):
        exercises.recognised("1.2")
    with pytest.raises(ValueError, match="page must be one of"):
        exercises.exercise("9.9", form="a thing", page="a drawing")
    assert static_checks.page_data("1.3") is None  # an array: checked in a kernel only


def test_the_chinese_edition_boxes_speak_chinese():
    """On the Chinese pages the box's own words (its label, button, verdict's frame and every
    answer's form) are Chinese; the hint is the self-check's own, as a kernel prints it."""
    from helpers import exercises

    checkable = [n for n in exercises.names() if exercises.on_page(n) is not None]
    assert len(checkable) >= 20
    for name in checkable:
        form = exercises.expected_form(name)
        chinese = static_checks.form_in("zh_CN", form)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), (name, chinese)
        assert static_checks.form_in(None, form) == form
    data = static_checks.page_data(checkable[0])
    zh, en = static_checks.box_html(data, "zh_CN"), static_checks.box_html(data)
    assert "检查你的答案" in zh and ">检查</button>" in zh and "Check your answer" not in zh
    assert "Check your answer" in en and ">Check</button>" in en
    with pytest.raises(ValueError, match="no Chinese for the answer form"):
        static_checks.form_in("zh_CN", "a new form")
