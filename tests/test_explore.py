"""The explorers: every grid point of every chapter's explorer is the live run at the chapter's
settings, the static HTML is self-contained, and the live widget retrains on every change."""

import copy
import functools
import inspect
import json
import re

import nbformat
import numpy as np
import pytest

from conftest import ROOT, assert_clear_error, fresh_build
from helpers import data, deep, explore, net
from helpers.explore import engine, panels

# --------------------------------------------------------------------------
# The chapters' explorers, made as the chapters make them: the same data, the same call
# --------------------------------------------------------------------------

X4 = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)  # chapters 1 and 2
Y_SEED = np.array([[0, 1, 1, 0]], dtype=float).T  # chapter 1: the post's targets
Y_XOR = np.logical_xor(X4[:, 0], X4[:, 1]).astype(float)[:, None]  # chapter 2


def _chapter3_data():
    """Chapter 3's noisy XOR, cell c16: 80 training and 500 test points."""
    rng = np.random.default_rng(0)
    X_all, y_all = data.noisy_xor(80 + 500, rng, spread=0.2, flip=0.2)
    return data.train_test_split(X_all, y_all, 500, rng)


def _chapter6_data():
    """Chapter 6's digits with the constant-1 column, cut into training and validation digits
    as its cell f099953b cuts them (the test digits are cut off first)."""
    X_pixels, labels = data.load_digits()
    X = np.column_stack([X_pixels, np.ones(len(X_pixels))])
    rng = np.random.default_rng(0)
    X_rest, labels_rest, _, _ = data.train_test_split(X, labels, 360, rng)
    return data.train_test_split(X_rest, labels_rest, 360, rng)


def _chapter7_data():
    """Chapter 7's explorer data: 80 points of noisy XOR, as its cell makes them."""
    return data.noisy_xor(80, np.random.default_rng(0), spread=0.2)


DROPOUT = _chapter3_data()
DEEP = _chapter7_data()
DIGITS = _chapter6_data()  # X_train, labels_train, X_val, labels_val: the page's digits

# name: (the chapter's notebook, its call, the same call here)
CHAPTERS = {
    "no_hidden_layer": ("01_no_hidden_layer", "no_hidden_layer_explorer(X, y_seed)",
                        lambda: explore.no_hidden_layer_explorer(X4, Y_SEED)),
    "two_layer": ("02_two_layer_net", "two_layer_explorer(X, y)",
                  lambda: explore.two_layer_explorer(X4, Y_XOR)),
    "dropout": ("03_dropout", "dropout_explorer(X_train, y_train, X_test, y_test)",
                lambda: explore.dropout_explorer(*DROPOUT)),
    "digits": ("06_digits",
               'digits_explorer(X_train, labels_train, X_val, labels_val, held_out="validation")',
               lambda: explore.digits_explorer(*DIGITS, held_out="validation")),
    "deep": ("07_deep_nets", "deep_explorer(X_map, y_map)", lambda: explore.deep_explorer(*DEEP)),
}
EXPLORERS = {name: make() for name, (_, _, make) in CHAPTERS.items()}


def _defaults(function):
    """The keyword defaults of an explorer function: the settings the chapters use."""
    return {k: p.default for k, p in inspect.signature(function).parameters.items()
            if p.default is not inspect.Parameter.empty}


@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_the_chapter_makes_its_explorer_with_this_call(name):
    notebook, call, _ = CHAPTERS[name]
    cells = nbformat.read(ROOT / "book" / f"{notebook}.ipynb", as_version=4).cells
    assert any(call in c.source for c in cells if c.cell_type == "code"), (notebook, call)


def _page_data(notebook):
    """The JSON of the explorer shown on a fresh build's page of the chapter, or None."""
    html = fresh_build()
    if html is None:
        return None
    found = re.findall(r'<script type="application/json" class="nnx-data">(.*?)</script>',
                       (html / "book" / f"{notebook}.html").read_text())
    assert len(found) == 1, f"{notebook}: {len(found)} explorers on the page"
    return json.loads(found[0])


@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_the_built_page_shows_this_explorer(name):
    page = _page_data(CHAPTERS[name][0])
    if page is None:
        pytest.skip("no fresh build in _build/html")
    # the same data, sliders and settings, and so the same results at every grid point; and
    # the Chinese of its words (static_view.page_data)
    from helpers.explore import static_view

    assert page == json.loads(json.dumps(static_view.page_data(EXPLORERS[name])))


# --------------------------------------------------------------------------
# Every grid point, against a live run done here with helpers.net
# --------------------------------------------------------------------------


def _map_inputs(page, n_inputs):
    """The points of the page's map, row by row from the lowest x2, rebuilt from its extent and
    size; with a third column of ones for a net of 3 inputs (the constant-1 column)."""
    x1_lo, x1_hi, x2_lo, x2_hi = page["map"]["extent"]
    n = page["map"]["size"]
    A, B = np.meshgrid(np.linspace(x1_lo, x1_hi, n), np.linspace(x2_lo, x2_hi, n))
    return np.column_stack([A.ravel(), B.ravel(), np.ones(A.size)][:n_inputs])


def _spread_steps(n_steps):
    """The steps a cost curve of n_steps is drawn at: N_CURVE of them, evenly spread."""
    return np.unique(np.linspace(0, n_steps - 1, explore.N_CURVE).round().astype(int))


def _live_no_hidden_layer(lr, n_steps):
    params = net.init_params([3, 1], np.random.default_rng(_defaults(
        explore.no_hidden_layer_explorer)["seed"]))
    trained, history = net.train(params, X4, Y_SEED, lr=lr, n_steps=n_steps)
    steps = _spread_steps(n_steps)
    return trained, history, steps, {"loss": history["loss"][steps]}


def _live_two_layer(lr, width):
    s = _defaults(explore.two_layer_explorer)
    params = net.init_params([3, width, 1], np.random.default_rng(s["seed"]), scale=s["scale"])
    trained, history = net.train(params, X4, Y_XOR, lr=lr, n_steps=s["n_steps"])
    steps = _spread_steps(s["n_steps"])
    return trained, history, steps, {"loss": history["loss"][steps]}


def _live_dropout(dropout_rate, width):
    s = _defaults(explore.dropout_explorer)
    X_train, y_train, X_test, y_test = DROPOUT
    rng = np.random.default_rng(s["seed"])
    params = net.init_params([2, width, 1], rng, bias=True, scale=s["scale"])
    trained, history = net.train(
        params, X_train, y_train, lr=s["lr"], n_steps=s["n_steps"], rng=rng,
        dropout_rate=dropout_rate, evaluate={"train": (X_train, y_train), "test": (X_test, y_test)},
        eval_every=s["eval_every"])
    return trained, history, history["eval_step"], {"train": history["train_loss"],
                                                    "test": history["test_loss"]}


def _live_digits(width, dropout_rate):
    s = _defaults(explore.digits_explorer)
    X_train, labels_train, X_val, labels_val = DIGITS
    rng = np.random.default_rng(s["seed"])
    params = net.init_params([65, width, 10], rng)
    trained, history = net.train_classifier(
        params, X_train, labels_train, lr=s["lr"], n_epochs=s["n_epochs"],
        batch_size=s["batch_size"], rng=rng, dropout_rate=dropout_rate,
        evaluate={"train": (X_train, labels_train), "validation": (X_val, labels_val)},
        eval_every=s["eval_every"])
    return trained, history, history["epoch"], {"train": history["train_loss"],
                                                "validation": history["validation_loss"]}


def _deep_start(depth, activation, scale):
    """The explorer's defaults and its net's starting weights at these settings."""
    s = _defaults(explore.deep_explorer)
    if scale == explore.RULE:
        scale = deep.SCALE_RULE[activation]
    params = deep.init_deep_params([2] + [s["width"]] * depth + [1],
                                   np.random.default_rng(s["seed"]), scale=scale, bias=True)
    return s, params


def _live_deep(depth, activation, scale):
    s, params = _deep_start(depth, activation, scale)
    X, y = DEEP
    trained, history = deep.deep_train(params, X, y, lr=s["lr"], n_steps=s["n_steps"],
                                       activation=activation)
    steps = _spread_steps(s["n_steps"])
    return trained, history, steps, {"loss": history["loss"][steps]}


def _deep_start_norms(depth, activation, scale):
    """||delta_k|| at the start, k = 1 to the output, of the explorer's net at these settings,
    from central differences of the cost in the biases: dC/db_k is delta_{k+1} summed over
    the rows, and with one row at a time its norm is that row's; so here, row by row."""
    s, params = _deep_start(depth, activation, scale)
    X, y = DEEP
    squares = np.zeros(depth + 1)
    for i in range(len(X)):
        work = {k: v.copy() for k, v in params.items()}

        def C():
            return net.squared_error(deep.deep_forward(work, X[i:i + 1], activation)[0], y[i:i + 1])

        for k in range(depth + 1):
            squares[k] += np.sum(net.numerical_gradient(C, work[f"b{k}"]) ** 2)
    return np.sqrt(squares)


LIVE = {"no_hidden_layer": _live_no_hidden_layer, "two_layer": _live_two_layer,
        "dropout": _live_dropout, "digits": _live_digits, "deep": _live_deep}


@functools.cache
def live_runs(name):
    """{grid point: (trained params, history, steps, curves)} for every point of the explorer's
    grid, each trained here, with helpers.net, as its chapter trains it."""
    ex = EXPLORERS[name]
    keys = [()]
    for slider in ex.sliders:
        keys = [key + (v,) for key in keys for v in slider.values]
    return {key: LIVE[name](*key) for key in keys}


@functools.cache
def expected_page(name):
    """What the page must show at every grid point, from the live runs, as the page rounds it:
    {page key: {field: value}}; a caption is checked by the numbers it must quote."""
    ex = EXPLORERS[name]
    page = ex.static_data()
    expected = {}
    for key, (trained, history, steps, curves) in live_runs(name).items():
        entry = {"steps": [int(s) for s in steps],
                 "curves": {c: engine._rounded(v) for c, v in curves.items()}}
        if name == "digits":
            X_val, labels_val = DIGITS[2], DIGITS[3]
            answers = net.predict_labels(trained, X_val)
            wrong = np.flatnonzero(answers != labels_val)
            entry["wrong"] = [[int(i), int(answers[i])] for i in wrong]
            entry["caption_quotes"] = [
                f"training accuracy {history['train_accuracy'][-1]:.1%}",
                f"validation accuracy {history['validation_accuracy'][-1]:.1%}",
                f"({len(wrong)} of {len(labels_val)} validation digits wrong)"]
        elif name == "deep":
            inputs = _map_inputs(page, n_inputs=trained["W0"].shape[0])
            out = deep.deep_forward(trained, inputs, key[1])[0]
            entry.update(ex.panel.result_data({"surface": out}))
            entry["caption_quotes"] = [f"after {len(history['loss'])} steps: "
                                       f"{history['loss'][-1] / len(DEEP[0]):.3f}."]
        else:
            inputs = _map_inputs(page, n_inputs=trained["W0"].shape[0])
            entry.update(ex.panel.result_data({"surface": net.predict(trained, inputs)}))
        # the page's key of a grid point: each slider's position, joined by "_" (explorer.js)
        expected["_".join(str(s.values.index(v)) for s, v in zip(ex.sliders, key))] = entry
    return expected


def mismatches(results, expected):
    """The (page key, field) of every grid point whose page result differs from the expected one."""
    wrong = [(key, "missing") for key in expected if key not in results]
    wrong += [(key, "extra") for key in results if key not in expected]
    for key in sorted(set(results) & set(expected)):
        for field, value in expected[key].items():
            if field == "caption_quotes":
                same = all(quote in results[key]["caption"] for quote in value)
            else:
                same = results[key][field] == value
            if not same:
                wrong.append((key, field))
    return wrong


@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_every_grid_point_of_the_page_is_the_live_run(name):
    ex = EXPLORERS[name]
    expected = expected_page(name)
    assert len(expected) == np.prod([len(s.values) for s in ex.sliders])
    assert mismatches(ex.static_data()["results"], expected) == []
    page = _page_data(CHAPTERS[name][0])
    if page is not None:  # and the built page's own data, not only this process's
        assert mismatches(page["results"], expected) == []


@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_every_grid_point_is_the_live_run_bit_for_bit(name):
    # before the page rounds it: the same weights, history and curves as the run done here
    grid = EXPLORERS[name].grid()
    runs = live_runs(name)
    assert list(grid) == list(runs)
    for key, (trained, history, steps, curves) in runs.items():
        result = grid[key]
        assert result["steps"] == [int(s) for s in steps], key
        for c, values in curves.items():
            np.testing.assert_array_equal(result["curves"][c], values, err_msg=str(key))
        assert result["params"].keys() == trained.keys()
        for k in trained:
            np.testing.assert_array_equal(result["params"][k], trained[k], err_msg=str(key))
        assert result["history"].keys() == history.keys()
        for k in history:
            np.testing.assert_array_equal(result["history"][k], history[k], err_msg=str(key))


@pytest.mark.parametrize("name", sorted(CHAPTERS))
def test_the_comparison_finds_a_single_nudged_grid_point(name):
    results = copy.deepcopy(EXPLORERS[name].static_data()["results"])
    key = sorted(results)[len(results) // 2]
    field = "wrong" if name == "digits" else "surface"
    expected = expected_page(name)
    assert mismatches(results, expected) == []
    if field == "wrong":  # one more digit misread
        misread = {i for i, _ in results[key]["wrong"]}
        i = min(set(range(len(DIGITS[3]))) - misread)
        results[key]["wrong"] = sorted(results[key]["wrong"] + [[i, (DIGITS[3][i] + 1) % 10]])
    else:  # one point of the map one colour step off
        v = results[key]["surface"][100]
        results[key]["surface"][100] = v + 1 if v < 99 else v - 1
    assert mismatches(results, expected) == [(key, field)]
    # and a cost one step of its 4 significant digits off, at another point
    other = sorted(results)[0]
    curve = results[other]["curves"][EXPLORERS[name].curves[-1]]
    curve[-1] = float(f"{curve[-1] * 1.001:.4g}")
    assert mismatches(results, expected) == [(other, "curves"), (key, field)]


# --------------------------------------------------------------------------
# The static page
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_static_html_is_self_contained(name):
    html = EXPLORERS[name].to_html()
    assert "<script src" not in html and "http" not in html.replace("http-equiv", "")
    page = json.loads(re.search(r'class="nnx-data">(.*?)</script>', html).group(1))
    n_points = np.prod([len(s["values"]) for s in page["sliders"]])
    assert len(page["results"]) == n_points
    assert html.count('type="range"') == len(page["sliders"])
    assert len(html.encode()) < 1.5e6
    assert "<link" not in html and not re.search(r"""\b(src|href)\s*=""", html)
    # deterministic: the same explorer gives the same bytes (nbval compares them)
    assert html == EXPLORERS[name].to_html()
    # what is kept for a chapter's checks stays out of the page
    assert all(set(r) <= {"steps", "curves", "surface", "wrong", "caption"}
               for r in page["results"].values())


def test_the_pages_script_copies_no_number_or_colour_the_python_side_defines():
    js = (ROOT / "helpers" / "explore" / "explorer.js").read_text()
    for colour in [panels.MISTAKE, *panels.CURVE_COLOURS.values()]:
        assert colour not in js, colour
    # the digit tile (9), its pixels (8, 64), grey levels (16, 17), the map's size (31), the
    # cost box (62, 80), the points' threshold (20), the widths of the curves, points and halo
    for pattern in [r"\b9 \*", r"\* 9\b", r"\b64\b", r"\b8\)", r"% 8\b", r", 17\)", r"/ 16\b",
                    r"\b31\b", r"\b62\b", r"\b80\b", r"> 20\b", r"lineWidth = (1\.[0-9]|[2-9])"]:
        assert not re.search(pattern, js), pattern


def test_sliders_snap_to_grid_values():
    html = EXPLORERS["two_layer"].to_html()
    for m in re.finditer(r'<input type="range"[^>]*min="0" max="(\d+)" step="1"', html):
        assert int(m.group(1)) >= 1
    assert len(re.findall(r'step="1"', html)) == 2


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_the_grid_is_trained_once_however_often_it_is_asked_for(name):
    # a chapter checks its text on the grid that its page shows: one grid for both
    ex = EXPLORERS[name]
    first, second = ex.grid(), ex.grid()
    assert first is not second and first.keys() == second.keys()
    assert all(first[k] is second[k] for k in first)


def test_the_book_build_gets_static_html_and_a_kernel_gets_the_widget(monkeypatch):
    ex = EXPLORERS["no_hidden_layer"]
    monkeypatch.setenv(explore.STATIC_ENV, "1")
    bundle = ex._repr_mimebundle_()
    assert "text/html" in bundle and "nn-explorer" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    monkeypatch.delenv(explore.STATIC_ENV)
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "text/html" not in bundle


# --------------------------------------------------------------------------
# The live widget
# --------------------------------------------------------------------------


def test_live_widget_retrains_on_change():
    ex = EXPLORERS["two_layer"]
    box = ex.widget()
    image = box.children[-1]
    first = image.value
    sliders = box.children[1].children
    calls = []
    original = ex.run
    ex.run = lambda **kw: calls.append(kw) or original(**kw)
    try:
        sliders[1].value = 2
        second = image.value
        sliders[0].value = 10
    finally:
        ex.run = original
    assert [c["width"] for c in calls] == [2, 2] and calls[1]["lr"] == 10
    assert first != second != image.value


def test_the_live_digits_widget_retrains_on_change():
    ex = EXPLORERS["digits"]
    box = ex.widget()
    title, sliders, image, caption = box.children
    first, first_caption = image.value, caption.value
    assert bytes(first).startswith(b"\x89PNG") and "validation digits wrong" in first_caption
    calls = []
    original = ex.run
    ex.run = lambda **kw: calls.append(kw) or original(**kw)
    try:
        sliders.children[0].value = 16
        second = image.value
        sliders.children[1].value = 0.5
    finally:
        ex.run = original
    assert calls == [{"width": 16, "dropout_rate": 0.2}, {"width": 16, "dropout_rate": 0.5}]
    assert first != second != image.value
    assert caption.value == original(width=16, dropout_rate=0.5)["caption"]


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_the_live_widget_says_it_is_busy_while_it_retrains(name):
    from helpers.explore.live_view import BUSY

    ex = EXPLORERS[name]
    box = ex.widget()
    row = box.children[1]
    sliders, status = row.children[:-1], row.children[-1]
    assert status.value == "" and not any(w.disabled for w in sliders)
    seen = []
    original = ex.run

    def run(**kw):
        seen.append((status.value, [w.disabled for w in sliders]))
        return original(**kw)

    ex.run = run
    try:
        slider = sliders[0]
        slider.value = next(v for _, v in slider.options if v != slider.value)
    finally:
        ex.run = original
    assert seen == [(f"<i>{BUSY}</i>", [True] * len(sliders))]
    assert status.value == "" and not any(w.disabled for w in sliders)


# --------------------------------------------------------------------------
# Bad data
# --------------------------------------------------------------------------


def _noisy_problem(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (np.sin(2 * X[:, :1]) > X[:, 1:2]).astype(float)
    flip = rng.random((n, 1)) < 0.15
    return X, np.where(flip, 1 - y, y)


def test_bad_data_is_a_clear_error():
    with pytest.raises(ValueError, match="X must have 2 inputs"):
        explore.two_layer_explorer(np.ones((4, 5)), Y_XOR)
    with pytest.raises(ValueError, match="same number of rows"):
        explore.no_hidden_layer_explorer(X4, np.ones((3, 1)))
    with pytest.raises(ValueError, match="X_test must have 2 columns"):
        Xtr, ytr = _noisy_problem(10, 0)
        explore.dropout_explorer(Xtr, ytr, X4, Y_XOR)
    with pytest.raises(ValueError, match="n_steps must be a positive integer"):
        explore.two_layer_explorer(X4, Y_XOR, n_steps=0)


# --------------------------------------------------------------------------
# Chapter 6: the digits
# --------------------------------------------------------------------------


def _small_digits(n_train=300, n_test=100):
    """A split of the digits (with the constant-1 column), cut short to stay quick."""
    X1, labels = data.load_digits(constant_column=True)
    Xtr, ltr, Xte, lte = data.train_test_split(X1, labels, 360, np.random.default_rng(0))
    return Xtr[:n_train], ltr[:n_train], Xte[:n_test], lte[:n_test]


SMALL_DIGITS = _small_digits()


def test_the_digits_page_holds_the_images_once_and_each_settings_mistakes():
    ex = EXPLORERS["digits"]
    page = ex.static_data()
    assert page["panel"] == "digits" and page["xlabel"] == "epoch"
    digits = page["digits"]
    images = np.array([int(c, 17) for c in digits["images"]]).reshape(-1, 64)
    # the book's pixels are sixteenths, so the page's grey levels are exactly the file's 0..16
    np.testing.assert_array_equal(images, DIGITS[2][:, :64] * 16)
    assert digits["cols"] * digits["scale"] * 9 < ex.panel.canvas_sizes[1][0]
    for key, result in page["results"].items():
        assert set(result) == {"steps", "curves", "wrong", "caption"}
        for i, answer in result["wrong"]:
            assert 0 <= answer < 10 and answer != DIGITS[3][i]
    # the default (64 units, p = 0.2: slider positions 2 and 1) has its caption in the page
    # itself, before any script runs
    assert page["results"]["2_1"]["caption"] in ex.to_html()
    assert len(ex.to_html().encode()) < 60_000


def test_the_digits_default_settings():
    width, rate = EXPLORERS["digits"].sliders
    assert (width.name, width.label, width.default) == ("width", "hidden units", 64)
    assert (rate.name, rate.label, rate.default) == ("dropout_rate", "dropout rate p", 0.2)
    assert rate.values[0] == 0.0  # the reader can switch dropout off


def test_digits_without_the_constant_column_get_biases():
    Xtr, ltr, Xte, lte = SMALL_DIGITS
    ex = explore.digits_explorer(Xtr[:, :64], ltr, Xte[:, :64], lte, n_epochs=1)
    result = ex.run(width=16, dropout_rate=0.0)
    rng = np.random.default_rng(0)
    params = net.init_params([64, 16, 10], rng, bias=True)
    _, history = net.train_classifier(params, Xtr[:, :64], ltr, lr=1.0, n_epochs=1, batch_size=32,
                                      rng=rng, evaluate={"test": (Xte[:, :64], lte)})
    np.testing.assert_array_equal(result["curves"]["test"], history["test_loss"])


def test_digits_held_out_for_validation_are_called_so_on_the_page():
    # chapter 6 chooses its settings on these digits, so the page must not call them test digits
    Xtr, ltr, Xte, lte = SMALL_DIGITS
    ex = explore.digits_explorer(Xtr, ltr, Xte, lte, n_epochs=1, held_out="validation")
    result = ex.run(width=16, dropout_rate=0.0)
    as_test = explore.digits_explorer(Xtr, ltr, Xte, lte, n_epochs=1).run(width=16,
                                                                          dropout_rate=0.0)
    assert set(result["curves"]) == {"train", "validation"}
    np.testing.assert_array_equal(result["curves"]["validation"], as_test["curves"]["test"])
    assert result["wrong"] == as_test["wrong"]
    assert "validation accuracy" in result["caption"] and "validation digits wrong" in result[
        "caption"] and "test" not in result["caption"]
    assert "test accuracy" in as_test["caption"] and "test digits wrong" in as_test["caption"]
    page = ex.static_data()
    assert page["curves"] == ["train", "validation"]
    assert page["digits"]["title"].startswith(f"the {len(Xte)} validation digits")
    assert "test" not in ex.to_html().split('class="nnx-data">')[0]


def _digits_explorer(**changes):
    args = dict(zip(["X_train", "labels_train", "X_test", "labels_test"], SMALL_DIGITS))
    args.update(changes)
    return lambda: explore.digits_explorer(**args)


BAD_DIGITS = [
    ("X_train not an image", _digits_explorer(X_train=SMALL_DIGITS[0][:, :10]),
     ["X_train", "64 columns", "8x8", "(300, 10)"]),
    ("X_test not an image", _digits_explorer(X_test=np.ones((5, 66))),
     ["X_test", "64 columns", "(5, 66)"]),
    ("X_test without the constant column", _digits_explorer(X_test=SMALL_DIGITS[2][:, :64]),
     ["X_test", "65 columns like X_train", "(100, 64)"]),
    ("last column not the constant", _digits_explorer(X_train=np.ones((300, 65)) * 0.5),
     ["65th column of X_train", "constant 1", "0.5"]),
    ("X_train 1-D", _digits_explorer(X_train=np.ones(65)), ["X_train", "2-D", "(65,)"]),
    ("X_train NaN", _digits_explorer(X_train=np.full((300, 65), np.nan)), ["X_train", "finite"]),
    ("label out of range", _digits_explorer(labels_train=SMALL_DIGITS[1] + 1),
     ["labels_train", "[0, 10)", "10"]),
    ("negative label", _digits_explorer(labels_test=SMALL_DIGITS[3] - 1),
     ["labels_test", "[0, 10)", "-1"]),
    ("labels not integers", _digits_explorer(labels_train=SMALL_DIGITS[1] * 1.0),
     ["labels_train", "integers", "float64"]),
    ("labels too few", _digits_explorer(labels_test=SMALL_DIGITS[3][:99]),
     ["labels_test", "one entry per row of X_test", "100", "99"]),
    ("labels one-hot", _digits_explorer(labels_train=np.eye(10)[SMALL_DIGITS[1]]),
     ["labels_train", "1-D", "(300, 10)"]),
    ("n_epochs zero", _digits_explorer(n_epochs=0), ["n_epochs", "positive integer", "0"]),
    ("batch_size float", _digits_explorer(batch_size=3.5),
     ["batch_size", "positive integer", "3.5"]),
    ("eval_every zero", _digits_explorer(eval_every=0), ["eval_every", "positive integer", "0"]),
    ("lr negative", _digits_explorer(lr=-1.0), ["lr", "positive", "-1.0"]),
    ("held_out train", _digits_explorer(held_out="train"), ["held_out", "other than 'train'"]),
    ("held_out empty", _digits_explorer(held_out=""), ["held_out", "''"]),
    ("held_out not text", _digits_explorer(held_out=3), ["held_out", "3"]),
]


@pytest.mark.parametrize("call,words", [(c, w) for _, c, w in BAD_DIGITS],
                         ids=[name for name, _, _ in BAD_DIGITS])
def test_bad_digits_get_a_clear_error(call, words):
    assert_clear_error(call, words)


# --------------------------------------------------------------------------
# Chapter 7: deeper nets
# --------------------------------------------------------------------------


@pytest.mark.parametrize("key", [(1, "tanh", 1.0), (4, "sigmoid", 0.1), (3, "tanh", explore.RULE)])
def test_the_deep_captions_error_signals_are_central_differences(key):
    # the caption's ||delta_k|| at the start, against chapter 4's central differences (not for
    # the ReLU: a row whose layer is all zeros gives the next layer z = b = 0, at the kink)
    result = EXPLORERS["deep"].grid()[key]
    expected = _deep_start_norms(*key)
    np.testing.assert_allclose(result["delta_norms"], expected, rtol=1e-6)
    shown = result["caption"].split(": ")[1].split(". ")[0]
    assert shown == ", ".join(f"{v:.1e}" for v in expected), shown


def test_the_deep_explorers_rule_is_xavier_or_he_by_activation():
    ex = EXPLORERS["deep"]
    grid = ex.grid()
    for activation, rule in (("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")):
        p = deep.init_deep_params([2, 8, 8, 1], np.random.default_rng(0), scale=rule, bias=True)
        trained, _ = deep.deep_train(p, *DEEP, lr=0.1, n_steps=500, activation=activation)
        for k in trained:
            np.testing.assert_array_equal(grid[2, activation, explore.RULE]["params"][k],
                                          trained[k])


def test_bad_deep_data_is_a_clear_error():
    assert_clear_error(lambda: explore.deep_explorer(np.ones((4, 5)), Y_XOR), ["X", "2 inputs"])
    assert_clear_error(lambda: explore.deep_explorer(*DEEP, width=0), ["width", "positive"])
    assert_clear_error(lambda: explore.deep_explorer(*DEEP, lr=-1.0), ["lr", "positive"])


# --------------------------------------------------------------------------
# The explorers' words in the Chinese edition (helpers/explore/words.py)
# --------------------------------------------------------------------------

def _has_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_word_the_page_shows_has_its_chinese(name):
    """The static page carries the Chinese of every string it shows (title, sliders, axes,
    curves, panel title, every grid point's caption), each Chinese but for the symbols and
    slider values that are the same in both; the numbers in a caption are the English's."""
    from helpers.explore import static_view, words

    data = EXPLORERS[name].static_data()
    shown = static_view._words(data)
    html = EXPLORERS[name].to_html()
    page = json.loads(re.search(r'class="nnx-data">(.*?)</script>', html).group(1))
    zh = page["words"]["zh-CN"]
    assert sorted(zh) == shown
    for english, chinese in zh.items():
        assert _has_chinese(chinese) or english in words.SAME, (english, chinese)
        number = r"\d+(?:\.\d+)?(?:e-?\d+)?%?"
        assert sorted(re.findall(number, chinese)) == sorted(re.findall(number, english)), \
            (english, chinese)
    # the HTML's own text once per language, the Chinese hidden on an English page by CSS
    assert html.count('<span lang="zh-CN">') == html.count('<span lang="en">') >= 1 + len(data["sliders"])


def test_an_explorer_string_without_chinese_is_a_clear_error():
    from helpers.explore import words

    with pytest.raises(ValueError, match="no Chinese for the explorer's words 'a new label'"):
        words.say("a new label", "zh-CN")
    with pytest.raises(ValueError, match="language must be one of"):
        words.say("steps", "fr")
    assert words.say("a new label", "en") == "a new label"


@pytest.mark.parametrize("setting,folder,expected", [
    ("zh_CN", None, "zh-CN"), ("zh-CN", None, "zh-CN"), ("en", None, "en"),
    ("", ("zh", "book"), "zh-CN"), ("", ("book",), "en"), ("en", ("zh", "book"), "en")])
def test_the_live_widget_language(monkeypatch, tmp_path, setting, folder, expected):
    from helpers.explore import words

    monkeypatch.setenv(words.LANGUAGE_ENV, setting)
    if folder:
        where = tmp_path.joinpath(*folder)
        where.mkdir(parents=True)
        monkeypatch.chdir(where)
    assert words.live_language() == expected


def test_the_live_widget_speaks_chinese_in_the_chinese_edition(monkeypatch):
    from helpers.explore import words

    monkeypatch.setenv(words.LANGUAGE_ENV, "zh_CN")
    ex = EXPLORERS["digits"]
    box = ex.widget()
    title, row = box.children[0], box.children[1]
    assert "手写数字" in title.value
    assert [w.description for w in row.children[:-1]] == ["隐藏单元数", "随机失活率 p"]
    caption = box.children[-1].value
    assert caption.startswith("训练 ") and "准确率" in caption
