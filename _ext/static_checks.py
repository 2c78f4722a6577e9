"""Answer checks on the static pages, with no kernel (_config.yml loads it from _ext/).

Each exercise whose answer is a number, a whole number, a pair of whole numbers or some of a
few choices (``helpers.exercises.on_page``) gets a box on its page: the reader types an answer,
_static/static_checks.js says "Correct" or "Not yet" with the words the kernel's
``check(name, answer)`` gives for that answer. The page holds no answer in readable form:

* At build time, every answer the kernel's check tells apart is listed: for a whole number,
  a pair or a choice, every candidate in a range (whole numbers -100 to 10000, pairs 0 to
  256, every set of the choices); for a real number, every cell of a rounding grid (the
  ``grid_key`` below) near each value the check compares with (``recognised``), judged by
  the check at points across the cell, and accepted if any of them is right, so that a right
  answer next to a cell's edge is never refused (the page's tolerance is the kernel's, give
  or take a tenth of it). The check itself gives each verdict and message.
* Each candidate whose message is not the check's catch-all is stored as SHA-256(salt |
  key): 8 bytes name it, and the next 17 unlock its message (its number and a 16-byte key).
  The messages are stored encrypted (XOR with SHA-256(key | counter)). The salt is random,
  one per exercise and build. So whoever reads the page's source sees hashes, and finds an
  answer, or even a hint's text, only by guessing answers and hashing them, as the box does.
* In the page's clear: the form, the catch-all hint for every other answer (the kernel gives
  it to anyone), the hint for a number that is not whole, the grid's parameters (set by the
  tolerances alone), and for a ``below`` half-line, its bound and hint (a check may use
  ``below`` only for a wrong answer).
"""

import collections
import hashlib
import html
import itertools
import json
import math
import os
import pathlib

WHOLE_RANGE = range(-100, 10001)
PAIR_RANGE = range(0, 257)
FAR = {"number": 1e300, "whole number": 10**12, "pair": (10**6, 10**6)}


def _power(e):
    """10**e as a float parsed from text, as the page's JS gets it (exact to 1e22, then the
    nearest float in both)."""
    return float(f"1e{e}")


def grid_key(value, digits, step):
    """The cell of the rounding grid that ``value`` falls in, as text: ``value`` rounded to
    ``digits`` significant digits, but never finer than 10**step (either may be None), written
    "k e p" for k * 10**p with k not a multiple of 10, or "0". _static/static_checks.js's
    gridKey does the same float operations, in the same order."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"value must be a finite number; got {value!r}")
    if digits is None and step is None:
        raise ValueError("digits and step must not both be None")
    value = float(value)
    if value == 0:
        return "0"
    p = None
    if digits is not None:
        size = abs(value)
        e = math.floor(math.log10(size))
        while _power(e) > size:
            e -= 1
        while _power(e + 1) <= size:
            e += 1
        p = e - digits + 1
    if step is not None:
        p = step if p is None else max(p, step)
    scaled = value * _power(-p) if p < 0 else value / _power(p)
    if not math.isfinite(scaled):
        return "far"
    k = math.floor(scaled + 0.5)
    if k == 0:
        return "0"
    while k % 10 == 0:
        k //= 10
        p += 1
    return f"{k}e{p}"


def _cell_size(size, digits, step):
    """The grid's step at |value| = size."""
    p = step if digits is None else size and math.floor(math.log10(size)) - digits + 1
    if step is not None:
        p = max(p, step)
    return 10.0**p


def number_grid(heard):
    """(digits, step) of the rounding grid for a number exercise that compares as ``heard``
    (``recognised``): a cell a tenth of the smallest relative, and of the smallest absolute,
    tolerance, so the grid tells nothing of the targets."""
    rtols = [h[2] for h in heard if h[0] == "close" and h[2] > 0]
    atols = [max(h[4], h[2] * h[3]) for h in heard if h[0] == "close"]
    atols = [a for a in atols if a > 0]
    if not rtols and not atols:
        raise ValueError(f"heard must hold a comparison with a tolerance; got {heard!r}")
    digits = 1 - math.floor(math.log10(min(rtols) / 10)) if rtols else None
    step = math.floor(math.log10(min(atols) / 10)) if atols else None
    return digits, step


def _number_candidates(name, check):
    """{key: [Feedback, ...]} for points across every cell near a value the check compares
    with, and the grid."""
    from helpers.exercises import recognised

    heard = recognised(name)
    digits, step = number_grid(heard)
    seen = collections.defaultdict(list)
    for h in heard:
        if h[0] != "close":
            continue
        _, target, rtol, floor, atol = h
        within = max(atol, rtol * max(floor, abs(target)))
        lo, hi = target - within, target + within
        nearest = 0.0 if lo <= 0 <= hi else min(abs(lo), abs(hi))
        fine = _cell_size(nearest, digits, step)
        if fine > within / 5:
            raise ValueError(f"exercise {name}: the grid is too coarse for its target {target}")
        n = math.ceil((hi - lo) / (fine / 4))
        for i in range(n + 1):
            v = hi if i == n else lo + i * (hi - lo) / n
            seen[grid_key(v, digits, step)].append(check(name, v))
    below = [(h[1], check(name, math.nextafter(h[1], -math.inf))) for h in heard
             if h[0] == "below"]
    return seen, {"digits": digits, "step": step, "below": below}


def _discrete_candidates(name, kind, check):
    seen = {}
    if kind == "whole number":
        for n in WHOLE_RANGE:
            seen[str(n)] = [check(name, n)]
    elif kind == "pair":
        for a, b in itertools.product(PAIR_RANGE, PAIR_RANGE):
            seen[f"{a},{b}"] = [check(name, (a, b))]
    else:  # the choices: every set of them
        for r in range(1, len(kind) + 1):
            for chosen in itertools.combinations(sorted(kind), r):
                seen[",".join(map(str, chosen))] = [check(name, chosen)]
    return seen


def _stream(key, n):
    out = b""
    for i in itertools.count():
        if len(out) >= n:
            return out[:n]
        out += hashlib.sha256(key + i.to_bytes(4, "big")).digest()


def _xor(data, mask):
    return bytes(a ^ b for a, b in zip(data, mask))


def cell(salt, key):
    """(name, mask) of a candidate ``key``: SHA-256 of "salt|key", its first 8 bytes and the
    next 17."""
    digest = hashlib.sha256(f"{salt}|{key}".encode()).digest()
    return digest[:8], digest[8:25]


def page_data(name, salt=None):
    """What exercise ``name``'s box on the page needs, as a dict for JSON (see the module's
    docstring); None for an exercise the page cannot check."""
    from helpers import exercises

    kind = exercises.on_page(name)  # a ValueError for an unknown name
    if kind is None:
        return None
    check = exercises.check
    salt = salt or os.urandom(16).hex()
    far = FAR.get(kind)
    catch_all = None if far is None else check(name, far)
    if kind == "number":
        seen, grid = _number_candidates(name, check)
    else:
        seen, grid = _discrete_candidates(name, kind, check), {}
    messages, keys, cells = [], [], []  # keys: a random 16-byte key for each message
    for key, verdicts in seen.items():
        right = [f for f in verdicts if f.ok]
        verdict = right[0] if right else collections.Counter(
            (f.ok, f.message) for f in verdicts).most_common(1)[0][0]
        ok, message = (verdict.ok, verdict.message) if right else verdict
        if not ok and catch_all is not None and message == catch_all.message:
            continue
        if (ok, message) not in messages:
            messages.append((ok, message))
            keys.append(os.urandom(16))
        index = messages.index((ok, message))
        label, mask = cell(salt, key)
        cells.append((label.hex(), _xor(bytes([index]) + keys[index], mask).hex()))
    if not any(ok for ok, _ in messages) or len(messages) > 255:
        raise ValueError(f"exercise {name}: its page check finds no right answer, or too many "
                         f"messages ({len(messages)})")
    sealed = []
    for index, (ok, message) in enumerate(messages):
        text = json.dumps({"ok": ok, "message": message}).encode()
        sealed.append(_xor(text, _stream(keys[index], len(text))).hex())
    data = {"name": name, "kind": kind if isinstance(kind, str) else "choice",
            "form": exercises.expected_form(name), "salt": salt, "cells": sorted(cells),
            "messages": sealed,
            "otherwise": None if catch_all is None else catch_all.message}
    if kind == "whole number":
        data["notWhole"] = check(name, 0.5).message
    if isinstance(kind, tuple):
        data["choices"] = sorted(kind)
    if kind == "number":
        data.update(digits=grid["digits"], step=grid["step"],
                    below=[[bound, f.message] for bound, f in grid["below"]])
    return data


def words(language=None):
    """The words of a verdict, from helpers.exercises (one place for kernel and page); on the
    Chinese edition's pages (``language`` "zh_CN"), the box's own words in Chinese (the hints,
    the self-checks' messages, stay in English, as the kernel prints them)."""
    from helpers import exercises

    if language == "zh_CN":
        return {**ZH["words"], "box": ZH["box"]}
    return {"message": exercises.MESSAGE, "marks": {"true": exercises.MARKS[True],
                                                    "false": exercises.MARKS[False]},
            "wrongForm": exercises.WRONG_FORM, "descriptions": exercises.DESCRIPTIONS,
            "box": {"label": "Check your answer ({form}):", "button": "Check"}}


# The Chinese edition's words for the boxes: the frame of a verdict, and each answer's form.
ZH = {
    "words": {"message": "练习 {name}：{mark}。{message}", "marks": {"true": "正确", "false": "还不对"},
              "wrongForm": "应当是{form}；收到的是{got}。",
              "descriptions": {"string": "字符串 {}", "number": "数 {}", "empty": "空的 {kind}",
                               "items": "有 {n} 项的 {kind}：{repr}"}},
    "box": {"label": "检查你的答案（{form}）：", "button": "检查"},
    "forms": {
        "a pair of line numbers (a, b), two whole numbers": "一对行号 (a, b)，两个整数",
        "a shape, a pair of whole numbers such as (3, 1)": "一个形状，即一对整数，如 (3, 1)",
        "a single number": "一个数",
        "a single number, a condition number": "一个数：条件数",
        "a single number, a cost": "一个数：代价",
        "a single number, a factor": "一个数：倍数",
        "a single number, a fraction (0.01 is 1%)": "一个数：比例（0.01 即 1%）",
        "a single number, a learning rate": "一个数：学习率",
        "a single number, a momentum between 0 and 1": "一个数：0 到 1 之间的动量",
        "a single number, a multiple of the gradient": "一个数：梯度的倍数",
        "a single number, a probability": "一个数：概率",
        "a single number, a variance": "一个数：方差",
        "a single number, an output": "一个数：输出",
        "a single number, one entry of dC/db": "一个数：dC/db 的一个元素",
        "a single number, the estimate D0(h)": "一个数：估计值 D0(h)",
        "a single number, the gradient dC/da": "一个数：梯度 dC/da",
        "a single number, the order k": "一个数：阶 k",
        "a single number, the spread sigma": "一个数：标准差 sigma",
        "a whole number, a count of columns": "一个整数：列数",
        "a whole number, a count of cost evaluations": "一个整数：代价的计算次数",
        "a whole number, a count of different units": "一个整数：不同单元的个数",
        "a whole number, a count of forward passes": "一个整数：前向传播的次数",
        "a whole number, a count of steps": "一个整数：步数",
        "a whole number, a count of weights": "一个整数：权重的个数",
        "the numbers of the bugs, from 1 to 4, in a list or a tuple":
            "错误的编号（1 到 4），写成列表或元组",
    },
}


def form_in(language, form):
    """An answer's form in the page's language; a ValueError for a form with no Chinese."""
    if language != "zh_CN":
        return form
    if form not in ZH["forms"]:
        raise ValueError(f"no Chinese for the answer form {form!r}: add it to "
                         f"_ext/static_checks.py ZH['forms']")
    return ZH["forms"][form]


def box_html(data, language=None):
    """The exercise's box: a labelled input, a Check button, and a verdict read out politely.
    Hidden until the page's script runs (without it, there is nothing to check with)."""
    if not isinstance(data, dict) or "name" not in data:
        raise ValueError(f"data must be a dict from page_data; got {data!r}")
    ident = f"static-check-{data['name'].replace(' ', '-')}"
    data = {**data, "form": form_in(language, data["form"])}
    said = words(language)
    payload = html.escape(json.dumps({**data, "words": said}), quote=True)
    label = said["box"]["label"].format(form=data["form"])
    return (f'<form class="static-check" hidden data-check="{payload}">'
            f'<label for="{ident}">{html.escape(label)}</label> '
            f'<input id="{ident}" type="text" autocomplete="off" spellcheck="false"> '
            f'<button type="submit">{html.escape(said["box"]["button"])}</button>'
            f'<p class="static-check-verdict" aria-live="polite"></p></form>')


def _add_boxes(app, doctree, docname):
    if app.builder.format != "html":
        return
    from docutils import nodes
    from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

    from helpers import exercises

    checkable = {n for n in exercises.names() if exercises.on_page(n) is not None}
    boxes = app.env.__dict__.setdefault("_static_check_boxes", {})
    for node in doctree.findall(lambda n: isinstance(n, (exercise_node, exercise_enumerable_node))):
        label = node.get("label", "")
        name = label[len("ex-"):] if label.startswith("ex-") else None
        if name not in checkable:
            continue
        if name not in boxes:
            boxes[name] = box_html(_page_data(app, name), app.config.language)
        node += nodes.raw("", boxes[name], format="html")


# The English run's page data (every candidate's verdict, salted), kept beside the doctrees for
# the Chinese edition's run, which the English run starts when it has finished
# (_ext/book_i18n.py): the same answers, salts and hints, not computed a second time.
SHARED = "static_checks_data.json"


def _shared(app):
    return pathlib.Path(app.doctreedir).parent / SHARED


def _page_data(app, name):
    import book_i18n  # beside this file

    if not hasattr(app, "_static_check_data"):
        shared = _shared(app)
        app._static_check_data = (json.loads(shared.read_text())
                                  if book_i18n.is_translation(app.config) and shared.exists()
                                  else {})
    if name not in app._static_check_data:
        app._static_check_data[name] = page_data(name)
    return app._static_check_data[name]


def _keep_page_data(app, exception):
    import book_i18n

    if exception is None and app.builder.format == "html" and \
            not book_i18n.is_translation(app.config):
        _shared(app).write_text(json.dumps(getattr(app, "_static_check_data", {})))


def setup(app):
    # _static/static_checks.js and .css come with every page, as Jupyter Book adds _static/
    app.connect("doctree-resolved", _add_boxes)
    app.connect("build-finished", _keep_page_data, priority=100)  # before book_i18n's run
    return {"parallel_read_safe": True, "parallel_write_safe": True}
