"""Chapter 6's claims about its recipe, on splits of the digits other than the chapter's own.

The chapter cuts its digits (seed 0) into training, validation and test sets, chooses the
recipe's width and dropout rate on the validation set, trains the chosen settings on the
training and validation digits together, and asserts that the test accuracy is at least 97%.
That is one split, chosen on once: its test accuracy carries a standard error of about 0.8%.
Here the same recipe, read from the notebook's RECIPE cell so the two cannot drift, is trained
the way the chapter trains its final net, on the 1437 digits outside the test set, for three
other splits, with and without dropout, and each net reads its split's test digits.
"""

import pathlib

import nbformat
import numpy as np
import pytest

from helpers import data, net

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "book" / "06_digits.ipynb"
SEEDS = (1, 2, 3)  # the chapter uses seed 0


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
    right = {}  # (seed, dropout rate): which test digits the net reads correctly
    for seed in SEEDS:
        # the chapter's first cut: the test set, and the rest (training + validation)
        X_rest, l_rest, X_test, l_test = data.train_test_split(
            X, labels, 360, np.random.default_rng(seed))
        params0 = net.init_params([X.shape[1], recipe["n_hidden"], 10],
                                  np.random.default_rng(seed))
        for rate in (0.0, recipe["dropout_rate"]):
            trained, _ = net.train_classifier(
                params0, X_rest, l_rest, lr=recipe["lr"], n_epochs=recipe["n_epochs"],
                batch_size=recipe["batch_size"], rng=np.random.default_rng(seed),
                dropout_rate=rate)
            right[seed, rate] = net.predict_labels(trained, X_test) == l_test
    return recipe, right


def test_the_recipe_reads_at_least_97_percent_on_average(results):
    recipe, right = results
    accuracy = [right[seed, recipe["dropout_rate"]].mean() for seed in SEEDS]
    assert np.mean(accuracy) >= 0.97, accuracy


def test_dropout_reads_more_of_the_digits_the_two_nets_disagree_on(results):
    # Both nets read the same test digits, so the comparison is digit by digit (as in the
    # chapter): only the digits one net reads and the other misreads tell them apart.
    recipe, right = results
    only_dropout = sum(int(np.sum(right[s, recipe["dropout_rate"]] & ~right[s, 0.0]))
                       for s in SEEDS)
    only_plain = sum(int(np.sum(right[s, 0.0] & ~right[s, recipe["dropout_rate"]]))
                     for s in SEEDS)
    assert only_dropout > only_plain, (only_dropout, only_plain)


# The chapter's search (seed 0) picks RECIPE["n_hidden"] units by a narrow margin over its
# runner-up, and says that a change of starting weights and shuffling moves the two by more
# than that: with these three other seeds, the runner-up comes out ahead. Same split as the
# chapter (seed 0), same training and validation digits, same settings.
def _glued(name):
    """A value the chapter glued for its text, as its stored outputs hold it."""
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("scrapbook", {}).get("name") == name:
                return eval(output["data"]["application/papermill.record/text/plain"])
    raise AssertionError(f"chapter 6 glues no {name!r}")


def _chapter_split():
    X, labels = data.load_digits(constant_column=True)
    rng = np.random.default_rng(0)
    X_rest, l_rest, X_test, l_test = data.train_test_split(X, labels, 360, rng)
    X_train, l_train, X_val, l_val = data.train_test_split(X_rest, l_rest, 360, rng)
    return X_train, l_train, X_val, l_val


def test_the_runner_up_width_wins_under_other_seeds():
    recipe, runner_up = _recipe(), _glued("ch6_runner_up_h")
    assert runner_up != recipe["n_hidden"]
    X_train, l_train, X_val, l_val = _chapter_split()
    for seed in SEEDS:
        cost = {}
        for h in (recipe["n_hidden"], runner_up):
            trained, _ = net.train_classifier(
                net.init_params([X_train.shape[1], h, 10], np.random.default_rng(seed)),
                X_train, l_train, lr=recipe["lr"], n_epochs=recipe["n_epochs"],
                batch_size=recipe["batch_size"], rng=np.random.default_rng(seed),
                dropout_rate=recipe["dropout_rate"])
            P = net.classifier_forward(trained, X_val, train=False)[0]
            cost[h] = net.cross_entropy(P, l_val)
        assert cost[runner_up] < cost[recipe["n_hidden"]], (seed, cost)


def test_the_other_splits_test_sets_share_digits_with_the_chapters_validation_set():
    # The chapter says so: these splits check stability, not accuracy on untouched digits.
    X, labels = data.load_digits(constant_column=True)
    _, _, X_val, _ = _chapter_split()
    val_rows = {row.tobytes() for row in X_val}
    for seed in SEEDS:
        X_test = data.train_test_split(X, labels, 360, np.random.default_rng(seed))[2]
        assert val_rows & {row.tobytes() for row in X_test}, seed


# The chapter's section on centred inputs and momentum runs its sweep (plain SGD and momentum, raw
# and centred pixels, each at its best rate on a grid) from one start, seed 0, and says of other
# starts only this: centring lowered plain SGD's validation cost on every start tried, and
# momentum's further gain on centred pixels was within the variation from start to start (on some
# starts it did not lower the cost, and centred pixels with momentum were not always the lowest of
# the four). Here the sweep, read from the notebook's cell that defines momentum_sweep so the two
# cannot drift, runs from the chapter's start and four others (starting weights and shuffling of
# the same seed, as in the chapter), on the chapter's split.
MOMENTUM_SEEDS = (0, 1, 2, 3, 4)  # 0 is the chapter's start


def _momentum_sweep():
    cells = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
             if c.cell_type == "code" and "\ndef momentum_sweep(" in c.source]
    assert len(cells) == 1, "chapter 6 must have exactly one cell that defines momentum_sweep"
    namespace = {"np": np, "net": net}
    exec(cells[0], namespace)
    return namespace["momentum_sweep"], namespace["beta"]


def test_the_momentum_sweep_from_other_starts():
    momentum_sweep, beta = _momentum_sweep()
    n_epochs = _glued("ch6_m_epochs")
    X_train, l_train, X_val, l_val = _chapter_split()
    pixel_mean = X_train[:, :-1].mean(axis=0)  # centred as the chapter centres: training means

    def centred(A):
        return np.column_stack([A[:, :-1] - pixel_mean, A[:, -1]])

    inputs = {"raw": (X_train, X_val), "centred": (centred(X_train), centred(X_val))}
    cost = {}  # seed: {(inputs, momentum): validation cost at that one's best rate}
    for seed in MOMENTUM_SEEDS:
        start = net.init_params([X_train.shape[1], 64, 10], np.random.default_rng(seed))
        _, runs, best = momentum_sweep(start, inputs, l_train, l_val, seed, n_epochs)
        cost[seed] = {key: runs[key + (lr,)]["validation_loss"][-1] for key, lr in best.items()}
    # the chapter's own start gives the chapter's numbers
    assert np.isclose(cost[0]["centred", beta], _glued("ch6_m_centred_momentum_cost"))
    # centring lowered plain SGD's validation cost on every start
    for seed, c in cost.items():
        assert c["centred", 0.0] < c["raw", 0.0], (seed, c)
    # momentum's further gain on centred pixels is within the variation from start to start:
    # its mean over the starts is smaller than its standard deviation across them; on some start
    # it does not lower the cost; and centred with momentum is not the lowest of the four on all
    gain = np.array([c["centred", 0.0] - c["centred", beta] for c in cost.values()])
    assert abs(gain.mean()) < gain.std(ddof=1), gain
    assert (gain <= 0).any(), gain
    assert any(min(c, key=c.get) != ("centred", beta) for c in cost.values()), cost
