"""The chapters' explorers: chapter 1's net with no hidden layer, chapter 2's two-layer net,
chapter 3's dropout, chapter 6's digit classifier and chapter 7's deeper nets.

Each is its sliders and its ``run``: a function of the sliders' values that trains the
net with ``helpers.net`` exactly as its chapter does, and returns what the explorer
draws. The static page's grid is ``run`` at every grid point (engine.py), so the page,
the live widget and a chapter's checks all see the same nets. Besides what is drawn,
every result carries, for the chapters' checks, "params" (the trained weights) and
"history" (what ``net.train`` or ``net.train_classifier`` returned).
"""

from __future__ import annotations

import numpy as np

from helpers import checks, deep, net
from helpers.explore.engine import Explorer, Slider
from helpers.explore.panels import DigitsPanel, MapPanel, surface_inputs

N_CURVE = 120  # points kept of each loss curve


def _curve_index(n_steps, n=N_CURVE):
    return np.unique(np.linspace(0, n_steps - 1, n).round().astype(int))


def _map_result(curves, steps, trained, history, grid_in, extent):
    return {"curves": curves, "steps": steps, "surface": net.predict(trained, grid_in).ravel(),
            "extent": extent, "params": trained, "history": history}


def _check_data(X, y, name_X="X", name_y="y"):
    X, y = checks.xy(X, y)
    if X.shape[1] not in (2, 3) or y.shape[1] != 1:
        raise ValueError(
            f"{name_X} must have 2 inputs (plus an optional constant-1 column) and {name_y} one "
            f"output, to draw them on a plane; got {name_X} {X.shape} and {name_y} {y.shape}")
    return X, y


# --------------------------------------------------------------------------
# Chapters 1 to 3: the nets drawn over the input plane
# --------------------------------------------------------------------------


def no_hidden_layer_explorer(X, y, *, seed=0):
    """Chapter 1: the learning rate and the number of steps of the net with no hidden layer.

    X: (n, 3) with a constant-1 column (or (n, 2) with biases). y: (n, 1).
    """
    X, y = _check_data(X, y)
    bias = X.shape[1] == 2
    lr = Slider("lr", "learning rate η", [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30], 1)
    steps = Slider("n_steps", "steps", [10, 30, 100, 300, 1000, 3000], 1000)
    grid_in, extent = surface_inputs(X)

    def run(lr, n_steps):
        params = net.init_params([X.shape[1], 1], np.random.default_rng(seed), bias=bias)
        trained, history = net.train(params, X, y, lr=lr, n_steps=n_steps)
        idx = _curve_index(n_steps)
        return _map_result({"loss": history["loss"][idx]}, idx.tolist(), trained, history,
                           grid_in, extent)

    return Explorer("No hidden layer: learning rate and steps", [lr, steps], run,
                    MapPanel(X, y, extent), curves=["loss"], ylabel="cost C", ylim=(1e-5, 1.0),
                    max_steps=max(steps.values))


def two_layer_explorer(X, y, *, seed=0, n_steps=2000, scale=1.0):
    """Chapter 2: the learning rate and the hidden width of the two-layer net.

    X: (n, 3) with a constant-1 column (or (n, 2) with biases). y: (n, 1).
    scale: the spread of the initial weights; 1.0 rather than the post's 0.1,
    so that most settings leave the plateau within n_steps.
    """
    X, y = _check_data(X, y)
    bias = X.shape[1] == 2
    n_steps = checks.positive_int("n_steps", n_steps)
    lr = Slider("lr", "learning rate η", [0.1, 0.3, 1, 3, 10], 1)
    width = Slider("width", "hidden units", [1, 2, 3, 4, 5, 6, 8, 12, 16], 5)
    grid_in, extent = surface_inputs(X)
    idx = _curve_index(n_steps)

    def run(lr, width):
        params = net.init_params([X.shape[1], width, 1], np.random.default_rng(seed), bias=bias,
                                 scale=scale)
        trained, history = net.train(params, X, y, lr=lr, n_steps=n_steps)
        return _map_result({"loss": history["loss"][idx]}, idx.tolist(), trained, history,
                           grid_in, extent)

    return Explorer("Two-layer net: learning rate and hidden width", [lr, width], run,
                    MapPanel(X, y, extent), curves=["loss"], ylabel="cost C", ylim=(1e-5, 1.0),
                    max_steps=n_steps)


def dropout_explorer(X_train, y_train, X_test, y_test, *, seed=0, lr=0.05, n_steps=1000,
                     eval_every=50, scale=1.0):
    """Chapter 3: the dropout rate and the hidden width, with training and test costs.

    X_train, X_test: (n, 2) (biases are used) or (n, 3) with a constant-1
    column. y_train, y_test: (n, 1). The costs shown are per example, with
    dropout off, measured every ``eval_every`` steps. Keep the training set
    to a hundred rows or so: a live update retrains the net. scale: the
    spread of the initial weights (1.0 leaves the plateau quickly).
    lr: 0.05, not larger: on chapter 3's 80 rows, from about 0.07 on the
    widest nets without dropout become so sensitive that the last bits of a
    sum change their curves (two machines, or two numpy builds, may then draw
    different ones). eval_every: even, so a cost that alternates from step to
    step is always seen on the same side (chapter 3, "Why we measure every 50
    steps").
    """
    X, y = _check_data(X_train, y_train, "X_train", "y_train")
    Xt, yt = _check_data(X_test, y_test, "X_test", "y_test")
    if Xt.shape[1] != X.shape[1]:
        raise ValueError(f"X_test must have {X.shape[1]} columns like X_train; got {Xt.shape}")
    bias = X.shape[1] == 2
    lr = checks.lr(lr)
    n_steps = checks.positive_int("n_steps", n_steps)
    eval_every = checks.positive_int("eval_every", eval_every)
    rate = Slider("dropout_rate", "dropout rate p", [0.0, 0.1, 0.2, 0.3, 0.5, 0.7], 0.2)
    width = Slider("width", "hidden units", [2, 4, 8, 16, 32, 64], 16)
    grid_in, extent = surface_inputs(X)
    evaluate = {"train": (X, y), "test": (Xt, yt)}

    def run(dropout_rate, width):
        rng = np.random.default_rng(seed)
        params = net.init_params([X.shape[1], width, 1], rng, bias=bias, scale=scale)
        trained, history = net.train(params, X, y, lr=lr, n_steps=n_steps, rng=rng,
                                     dropout_rate=dropout_rate, evaluate=evaluate,
                                     eval_every=eval_every)
        return _map_result({"train": history["train_loss"], "test": history["test_loss"]},
                           history["eval_step"].tolist(), trained, history, grid_in, extent)

    return Explorer("Dropout: rate and hidden width (costs per example, dropout off)",
                    [rate, width], run, MapPanel(X, y, extent), curves=["train", "test"],
                    ylabel="cost per example", ylim=(0.05, 0.5), max_steps=n_steps)


# --------------------------------------------------------------------------
# Chapter 6: the digit classifier
# --------------------------------------------------------------------------

N_DIGITS = 10  # the classes: the digits 0 to 9
# The grid: 12 settings of 25 epochs on chapter 6's 1077 training digits, about 1.5 s in all
# (benchmarks/bench_explorers.py); chapter 6's check cells say what they show.
DIGITS_WIDTHS = [16, 32, 64, 128]
DIGITS_RATES = [0.0, 0.2, 0.5]


def _check_digits(X, labels, name_X, name_labels):
    X = checks.matrix(name_X, X)
    if X.shape[1] not in (64, 65):
        raise ValueError(
            f"{name_X} must have 64 columns, the pixels of an 8x8 image row by row (plus an "
            f"optional constant-1 column); got shape {X.shape}")
    if X.shape[1] == 65 and not np.all(X[:, 64] == 1.0):
        raise ValueError(
            f"the 65th column of {name_X} must be the constant 1 that stands in for a bias; "
            f"got values from {X[:, 64].min():g} to {X[:, 64].max():g}")
    return X, checks.labels(labels, X.shape[0], N_DIGITS, name_labels, name_X)


def digits_explorer(X_train, labels_train, X_test, labels_test, *, seed=0, n_epochs=25, lr=1.0,
                    batch_size=32, eval_every=2, held_out="test"):
    """Chapter 6: the hidden width and the dropout rate of the digit classifier.

    X_train, X_test: (n, 65), each row an 8x8 image's 64 pixels and the
    constant-1 column (or (n, 64), and the net gets biases). labels_train,
    labels_test: (n,) digits 0 to 9. Each setting is trained as the chapter
    trains: init_params from default_rng(seed), then train_classifier with
    the same generator, mini-batches of ``batch_size``, ``n_epochs`` epochs.
    The cost panel shows the cross-entropy per example on both sets, with
    dropout off, every ``eval_every`` epochs (measuring both sets after every
    epoch would add a third to the training time); the second panel shows
    every digit of X_test, the ones the net gets wrong framed in red with its
    answer. held_out: what the page calls X_test, its curve and its digits:
    "test", or "validation" when, as in chapter 6, they are the digits the
    settings are chosen on. A live update retrains the net: about 0.13 s on
    chapter 6's 1077 training digits (benchmarks/bench_explorers.py).
    """
    X, labels = _check_digits(X_train, labels_train, "X_train", "labels_train")
    Xt, labels_t = _check_digits(X_test, labels_test, "X_test", "labels_test")
    if Xt.shape[1] != X.shape[1]:
        raise ValueError(
            f"X_test must have {X.shape[1]} columns like X_train; got shape {Xt.shape}")
    bias = X.shape[1] == 64
    lr = checks.lr(lr)
    n_epochs = checks.positive_int("n_epochs", n_epochs)
    batch_size = checks.positive_int("batch_size", batch_size)
    eval_every = checks.positive_int("eval_every", eval_every)
    if not isinstance(held_out, str) or not held_out or held_out == "train":
        raise ValueError(f"held_out must be a name for X_test other than 'train', such as "
                         f"'test' or 'validation'; got {held_out!r}")
    width = Slider("width", "hidden units", DIGITS_WIDTHS, 64)
    # p = 0.2 first: on chapter 6's validation digits, with 64 units and 25 epochs, it has
    # the lowest validation cost of the three rates; p = 0.5 slows learning so much that in
    # 25 epochs it misreads more digits than no dropout at every width.
    rate = Slider("dropout_rate", "dropout rate p", DIGITS_RATES, 0.2)
    evaluate = {"train": (X, labels), held_out: (Xt, labels_t)}

    def run(width, dropout_rate):
        rng = np.random.default_rng(seed)
        params = net.init_params([X.shape[1], width, N_DIGITS], rng, bias=bias)
        trained, history = net.train_classifier(
            params, X, labels, lr=lr, n_epochs=n_epochs, batch_size=batch_size, rng=rng,
            dropout_rate=dropout_rate, evaluate=evaluate, eval_every=eval_every)
        answers = net.predict_labels(trained, Xt)
        wrong = np.flatnonzero(answers != labels_t)
        caption = (f"After {n_epochs} epochs: training accuracy "
                   f"{history['train_accuracy'][-1]:.1%}, {held_out} accuracy "
                   f"{1 - len(wrong) / len(Xt):.1%} ({len(wrong)} of {len(Xt)} {held_out} "
                   f"digits wrong).")
        return {"steps": history["epoch"].tolist(),
                "curves": {"train": history["train_loss"],
                           held_out: history[f"{held_out}_loss"]},
                "wrong": [[int(i), int(answers[i])] for i in wrong], "caption": caption,
                "params": trained, "history": history}

    return Explorer("Digits: hidden width and dropout rate (costs per example, dropout off)",
                    [width, rate], run, DigitsPanel(Xt[:, :64], held_out),
                    curves=["train", held_out],
                    ylabel="cost per example (cross-entropy)", ylim=(0.035, 3.0),
                    max_steps=n_epochs, xlabel="epoch")


# --------------------------------------------------------------------------
# Chapter 7: deeper nets
# --------------------------------------------------------------------------

RULE = "Xavier/He"  # the scale slider's last value: sqrt(1/fan_in), or sqrt(2/fan_in) for ReLU


def deep_explorer(X, y, *, seed=0, width=8, lr=0.1, n_steps=500):
    """Chapter 7: the depth, the hidden layers' activation and the initial scale of a deep net.

    X: (n, 2) (biases are used) or (n, 3) with a constant-1 column. y: (n, 1).
    Each setting starts from init_deep_params with default_rng(seed): ``width``
    units in every hidden layer, weights of spread sigma (a number, or RULE: Xavier's
    sqrt(1/fan_in) for the sigmoid and tanh, He's sqrt(2/fan_in) for the ReLU), and
    trains with deep_train for ``n_steps`` steps of rate ``lr``. The caption gives
    the size of each layer's error signal at the start, ||delta_k|| for k = 1 to the
    output, and the cost per example at the end. A live update takes a few tens of
    milliseconds at the deepest setting (benchmarks/bench_explorers.py).
    """
    X, y = _check_data(X, y)
    bias = X.shape[1] == 2
    width = checks.positive_int("width", width)
    lr = checks.lr(lr)
    n_steps = checks.positive_int("n_steps", n_steps)
    depth = Slider("depth", "hidden layers", [1, 2, 3, 4, 5], 4)
    activation = Slider("activation", "activation", list(deep.ACTIVATIONS), "sigmoid")
    scale = Slider("scale", "initial spread σ", [0.1, 1.0, RULE], 0.1)
    grid_in, extent = surface_inputs(X)
    idx = _curve_index(n_steps)

    def run(depth, activation, scale):
        if scale == RULE:
            scale = deep.SCALE_RULE[activation]
        sizes = [X.shape[1]] + [width] * depth + [1]
        params = deep.init_deep_params(sizes, np.random.default_rng(seed), scale=scale,
                                       bias=bias)
        out, cache = deep.deep_forward(params, X, activation)
        deltas = []  # the error signals at the start, the output layer's first
        deep.deep_backward(net.squared_error_backward(out, y), cache, deltas=deltas)
        norms = [float(np.linalg.norm(d)) for d in reversed(deltas)]
        trained, history = deep.deep_train(params, X, y, lr=lr, n_steps=n_steps,
                                           activation=activation)
        caption = (f"At the start, ||\u03b4|| of layers 1 to {len(norms)} "
                   f"({len(norms)} = output): "
                   f"{', '.join(f'{v:.1e}' for v in norms)}. Cost per example after "
                   f"{n_steps} steps: {history['loss'][-1] / len(X):.3f}.")
        return {"curves": {"loss": history["loss"][idx]}, "steps": idx.tolist(),
                "surface": deep.deep_forward(trained, grid_in, activation)[0].ravel(),
                "extent": extent, "caption": caption, "delta_norms": norms,
                "params": trained, "history": history}

    return Explorer("Deeper nets: depth, activation and initial spread", [depth, activation, scale],
                    run, MapPanel(X, y, extent), curves=["loss"], ylabel="cost C",
                    ylim=(1e-4, 30.0), max_steps=n_steps)
