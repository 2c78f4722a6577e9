"""Chapter 6's claims about its recipe, on splits of the digits other than the chapter's own.

The chapter trains once, on one random split, and asserts its test accuracy is at least 97%.
One split is one draw: its accuracy carries a standard error of about 0.7%. Here the same
recipe, read from the notebook's RECIPE cell so the two cannot drift, is trained on three
other splits, with and without dropout.
"""

import pathlib

import nbformat
import numpy as np
import pytest

from helpers import data, net

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "book" / "06_digits.ipynb"


def _recipe():
    cells = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
             if c.cell_type == "code" and c.source.startswith("RECIPE = ")]
    assert len(cells) == 1, "chapter 6 must have exactly one cell that defines RECIPE"
    namespace = {}
    exec(cells[0], namespace)
    return namespace["RECIPE"]


@pytest.fixture(scope="module")
def results():
    recipe = _recipe()
    X, labels = data.load_digits(constant_column=True)
    out = {}
    for seed in (1, 2, 3):  # the chapter uses seed 0
        X_train, l_train, X_test, l_test = data.train_test_split(
            X, labels, 360, np.random.default_rng(seed))
        params0 = net.init_params([X.shape[1], recipe["n_hidden"], 10],
                                  np.random.default_rng(seed))
        for rate in (0.0, recipe["dropout_rate"]):
            trained, _ = net.train_classifier(
                params0, X_train, l_train, lr=recipe["lr"], n_epochs=recipe["n_epochs"],
                batch_size=recipe["batch_size"], rng=np.random.default_rng(seed),
                dropout_rate=rate)
            out[seed, rate] = net.accuracy(trained, X_test, l_test)
    return recipe, out


def test_the_recipe_reads_at_least_97_percent_on_average(results):
    recipe, accuracy = results
    with_dropout = [a for (seed, rate), a in accuracy.items() if rate == recipe["dropout_rate"]]
    assert np.mean(with_dropout) >= 0.97, with_dropout


def test_dropout_beats_no_dropout_on_every_split(results):
    recipe, accuracy = results
    for seed in (1, 2, 3):
        assert accuracy[seed, recipe["dropout_rate"]] > accuracy[seed, 0.0], (seed, accuracy)
