"""The explorers: the precomputed grid equals the library, the static HTML is self-contained,
and the live widget retrains on every change."""

import json
import re

import numpy as np
import pytest

from conftest import assert_clear_error
from helpers import data, explore, net

X4 = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_SEED = np.array([[0, 1, 1, 0]], dtype=float).T
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T


def _noisy_problem(n, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (np.sin(2 * X[:, :1]) > X[:, 1:2]).astype(float)
    flip = rng.random((n, 1)) < 0.15
    return X, np.where(flip, 1 - y, y)


def _digits(n_train=300, n_test=100):
    """Chapter 6's split of the digits (with the constant-1 column), cut short to stay quick."""
    X1, labels = data.load_digits(constant_column=True)
    Xtr, ltr, Xte, lte = data.train_test_split(X1, labels, 360, np.random.default_rng(0))
    return Xtr[:n_train], ltr[:n_train], Xte[:n_test], lte[:n_test]


DIGITS = _digits()
DIGITS_EPOCHS = 3


def _explorers():
    Xtr, ytr = _noisy_problem(60, 1)
    Xte, yte = _noisy_problem(40, 2)
    return {
        "no_hidden_layer": explore.no_hidden_layer_explorer(X4, Y_SEED),
        "two_layer": explore.two_layer_explorer(X4, Y_XOR, n_steps=300),
        "dropout": explore.dropout_explorer(Xtr, ytr, Xte, yte, n_steps=120, eval_every=10),
        "digits": explore.digits_explorer(*DIGITS, n_epochs=DIGITS_EPOCHS),
    }


EXPLORERS = _explorers()


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_grid_point_equals_the_library(name):
    ex = EXPLORERS[name]
    grid = ex.grid()
    keys = [tuple(v) for v in np.array(np.meshgrid(*[s.values for s in ex.sliders],
                                                      indexing="ij")).reshape(len(ex.sliders), -1).T]
    assert len(grid) == len(keys) == np.prod([len(s.values) for s in ex.sliders])
    for key, result in grid.items():
        live = ex.run(**{s.name: v for s, v in zip(ex.sliders, key)})
        assert result["steps"] == live["steps"]
        if isinstance(ex.panel, explore.DigitsPanel):
            # this grid is the live run at every point: equal to the last bit
            assert result["wrong"] == live["wrong"] and result["caption"] == live["caption"]
            for c in ex.curves:
                np.testing.assert_array_equal(result["curves"][c], live["curves"][c])
            continue
        # The stacked products add in another order, so the last bits differ, and a
        # large learning rate can grow that to ~1e-6 over a run. The page shows the
        # map in steps of 1/99 and the cost on a log axis spanning decades, so 1e-4 on
        # the map and 0.1% on the cost are far below anything a reader could see.
        np.testing.assert_allclose(result["surface"], live["surface"], atol=1e-4)
        for c in ex.curves:
            np.testing.assert_allclose(result["curves"][c], live["curves"][c], rtol=1e-3,
                                       atol=1e-9)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_static_html_is_self_contained(name):
    html = EXPLORERS[name].to_html()
    assert "<script src" not in html and "http" not in html.replace("http-equiv", "")
    data = json.loads(re.search(r'class="nnx-data">(.*?)</script>', html).group(1))
    n_points = np.prod([len(s["values"]) for s in data["sliders"]])
    assert len(data["results"]) == n_points
    assert html.count('type="range"') == len(data["sliders"])
    assert len(html.encode()) < 1.5e6
    assert "<link" not in html and not re.search(r"""\b(src|href)\s*=""", html)
    # deterministic: the same explorer gives the same bytes (nbval compares them)
    assert html == EXPLORERS[name].to_html()


def test_sliders_snap_to_grid_values():
    html = EXPLORERS["two_layer"].to_html()
    for m in re.finditer(r'<input type="range"[^>]*min="0" max="(\d+)" step="1"', html):
        assert int(m.group(1)) >= 1
    assert len(re.findall(r'step="1"', html)) == 2


def test_the_dropout_grid_is_trained_once_however_often_it_is_asked_for():
    # chapter 3 checks its text on the grid that its page shows: one grid for both
    ex = EXPLORERS["dropout"]
    first, second = ex.grid(), ex.grid()
    assert first is not second and first.keys() == second.keys()
    assert all(first[k] is second[k] for k in first)


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


def test_a_digits_run_is_the_chapters_recipe():
    Xtr, ltr, Xte, lte = DIGITS
    result = EXPLORERS["digits"].run(width=32, dropout_rate=0.5)
    rng = np.random.default_rng(0)
    params = net.init_params([65, 32, 10], rng)
    trained, history = net.train_classifier(
        params, Xtr, ltr, lr=1.0, n_epochs=DIGITS_EPOCHS, batch_size=32, rng=rng,
        dropout_rate=0.5, evaluate={"train": (Xtr, ltr), "test": (Xte, lte)}, eval_every=2)
    assert result["steps"] == list(range(0, DIGITS_EPOCHS, 2)) + [DIGITS_EPOCHS]
    np.testing.assert_array_equal(result["curves"]["train"], history["train_loss"])
    np.testing.assert_array_equal(result["curves"]["test"], history["test_loss"])
    answers = net.predict_labels(trained, Xte)
    wrong = np.flatnonzero(answers != lte)
    assert result["wrong"] == [[i, answers[i]] for i in wrong]
    assert 0 < len(wrong) < len(lte)
    n_right = round(history["test_accuracy"][-1] * len(lte))
    assert n_right == len(lte) - len(wrong)
    assert f"{len(wrong)} of {len(lte)} test digits wrong" in result["caption"]
    assert f"test accuracy {n_right / len(lte):.1%}" in result["caption"]
    assert f"training accuracy {history['train_accuracy'][-1]:.1%}" in result["caption"]


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
    Xtr, ltr, Xte, lte = DIGITS
    ex = explore.digits_explorer(Xtr[:, :64], ltr, Xte[:, :64], lte, n_epochs=1)
    result = ex.run(width=16, dropout_rate=0.0)
    rng = np.random.default_rng(0)
    params = net.init_params([64, 16, 10], rng, bias=True)
    _, history = net.train_classifier(params, Xtr[:, :64], ltr, lr=1.0, n_epochs=1, batch_size=32,
                                      rng=rng, evaluate={"test": (Xte[:, :64], lte)})
    np.testing.assert_array_equal(result["curves"]["test"], history["test_loss"])


def test_digits_held_out_for_validation_are_called_so_on_the_page():
    # chapter 6 chooses its settings on these digits, so the page must not call them test digits
    Xtr, ltr, Xte, lte = DIGITS
    ex = explore.digits_explorer(Xtr, ltr, Xte, lte, n_epochs=1, held_out="validation")
    result = ex.run(width=16, dropout_rate=0.0)
    as_test = explore.digits_explorer(Xtr, ltr, Xte, lte, n_epochs=1).run(width=16,
                                                                          dropout_rate=0.0)
    assert set(result["curves"]) == {"train", "validation"}
    np.testing.assert_array_equal(result["curves"]["validation"], as_test["curves"]["test"])
    assert result["wrong"] == as_test["wrong"]
    assert "validation accuracy" in result["caption"] and "validation digits wrong" in result[
        "caption"] and "test" not in result["caption"]
    page = ex.static_data()
    assert page["curves"] == ["train", "validation"]
    assert page["digits"]["title"].startswith(f"the {len(Xte)} validation digits")
    assert "test" not in ex.to_html().split('class="nnx-data">')[0]


def test_the_digits_grid_is_trained_once_however_often_it_is_asked_for():
    ex = explore.digits_explorer(*DIGITS, n_epochs=1)
    first = ex.grid()
    second = ex.grid()
    assert first == second and first is not second  # a copy each time, of the same runs
    assert all(first[k] is second[k] for k in first)


def test_the_live_digits_widget_retrains_on_change():
    ex = EXPLORERS["digits"]
    box = ex.widget()
    title, sliders, image, caption = box.children
    first, first_caption = image.value, caption.value
    assert bytes(first).startswith(b"\x89PNG") and "test digits wrong" in first_caption
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


def _digits_explorer(**changes):
    args = dict(zip(["X_train", "labels_train", "X_test", "labels_test"], DIGITS))
    args.update(changes)
    return lambda: explore.digits_explorer(**args)


BAD_DIGITS = [
    ("X_train not an image", _digits_explorer(X_train=DIGITS[0][:, :10]),
     ["X_train", "64 columns", "8x8", "(300, 10)"]),
    ("X_test not an image", _digits_explorer(X_test=np.ones((5, 66))),
     ["X_test", "64 columns", "(5, 66)"]),
    ("X_test without the constant column", _digits_explorer(X_test=DIGITS[2][:, :64]),
     ["X_test", "65 columns like X_train", "(100, 64)"]),
    ("last column not the constant", _digits_explorer(X_train=np.ones((300, 65)) * 0.5),
     ["65th column of X_train", "constant 1", "0.5"]),
    ("X_train 1-D", _digits_explorer(X_train=np.ones(65)), ["X_train", "2-D", "(65,)"]),
    ("X_train NaN", _digits_explorer(X_train=np.full((300, 65), np.nan)), ["X_train", "finite"]),
    ("label out of range", _digits_explorer(labels_train=DIGITS[1] + 1),
     ["labels_train", "[0, 10)", "10"]),
    ("negative label", _digits_explorer(labels_test=DIGITS[3] - 1),
     ["labels_test", "[0, 10)", "-1"]),
    ("labels not integers", _digits_explorer(labels_train=DIGITS[1] * 1.0),
     ["labels_train", "integers", "float64"]),
    ("labels too few", _digits_explorer(labels_test=DIGITS[3][:99]),
     ["labels_test", "one entry per row of X_test", "100", "99"]),
    ("labels one-hot", _digits_explorer(labels_train=np.eye(10)[DIGITS[1]]),
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
