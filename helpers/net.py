"""The numpy core that every chapter of the book runs, in the order the book derives it.

Names follow the book's notation table: ``X`` inputs (rows are examples),
``y`` targets, ``W0``/``W1`` weights (layer 0 feeds layer 1), ``L1``/``L2``
layer outputs (``L2`` is the prediction y-hat), ``delta2``/``delta1`` error
signals, ``lr`` the learning rate and ``dropout_rate`` the probability of
DROPPING a hidden unit.

Conventions
-----------
* Every forward function returns ``(output, cache)`` and its backward twin
  takes the cache back, as in CS231n's ``layers.py``.
* Gradients come back in a dict with the same keys as the parameters.
* Every function that draws random numbers takes ``rng``, an
  ``np.random.Generator``. Nothing here touches numpy's global seed.
* The post's convention has no bias: a constant-1 input column plays the
  bias. Optional biases ``b0``/``b1`` (shape ``(1, n_out)``) are used when the
  parameter dict has them.
* Each public function first makes one call into ``helpers.checks``, which
  raises a ValueError naming any argument that is wrong; the maths follows.

The sections: chapter 1 (the sigmoid, the cost, the net with no hidden layer,
the update, and momentum, derived in chapter 0), chapter 2 (the two-layer net), chapter 3 (dropout), either net
and its training (chapters 1 to 3), chapter 4 (gradient checking) and
chapter 6 (the softmax classifier).
"""

from __future__ import annotations

from typing import NamedTuple, Optional

import numpy as np

from helpers import checks

__all__ = [
    "sigmoid",
    "sigmoid_backward",
    "squared_error",
    "squared_error_backward",
    "init_params",
    "one_layer_forward",
    "one_layer_backward",
    "sgd_step",
    "momentum_step",
    "two_layer_forward",
    "two_layer_backward",
    "hidden_backward",
    "dropout_mask",
    "dropout_forward",
    "dropout_backward",
    "l2_penalty",
    "l2_penalty_backward",
    "forward",
    "backward",
    "loss_and_grads",
    "predict",
    "train",
    "numerical_gradient",
    "relative_error",
    "gradient_check",
    "softmax",
    "one_hot",
    "cross_entropy",
    "softmax_cross_entropy_backward",
    "classifier_forward",
    "classifier_backward",
    "predict_labels",
    "accuracy",
    "train_classifier",
    "OneLayerCache",
    "TwoLayerCache",
]


# ==========================================================================
# Chapter 1: the sigmoid, the squared error, the net with no hidden layer
# ==========================================================================


def sigmoid(z):
    """The logistic sigmoid f(z) = 1 / (1 + exp(-z)), elementwise. Shown in chapter 1.

    z: a number or an array of any shape. Returns float64, same shape.
    Two forms of f, by the size of z (TANH_FORM_BELOW, below). For a few
    numbers, (1 + tanh(z/2)) / 2, which cannot overflow and is exact to about
    1e-16 in absolute terms (so it returns 0 below about z = -37). For many,
    the textbook formula with z first raised to -700, since exp(-z) would
    overflow below -709: that changes f only where it is below f(-700),
    about 1e-304. Either way numpy does not warn.
    """
    if checks.active:
        z = checks.sigmoid_args(z)
    if z.size < TANH_FORM_BELOW:  # speed only: see TANH_FORM_BELOW
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # the same f, as (1 + tanh(z/2)) / 2
    f = np.maximum(z, -700.0)  # 1 / (1 + exp(-max(z, -700))), computed in this one new array
    np.negative(f, out=f)
    np.exp(f, out=f)
    f += 1.0
    return np.reciprocal(f, out=f)


# ---- speed: the two forms of the sigmoid. (1 + tanh(z/2)) / 2 is f itself and cannot
# overflow, so it needs no guard: four numpy operations to the exp form's five, which on the
# post's 3-5-1 net saves 4 % of the instructions of a training step (benchmarks/bench_xor.py).
# On larger arrays numpy's exp is quicker than its tanh (80 x 64 numbers: 38 us against
# 80 us), so from this many numbers on the exp form is used, written over one new array:
# four new arrays of chapter 6's 1077 x 64 would take 1.2 ms, the one 0.5 ms, as every
# new array that large costs the memory's first touch. The two forms agree to about 1e-16
# (tests/test_net.py).
TANH_FORM_BELOW = 256
# ---- end of speed


def sigmoid_backward(dL, L):
    """Gradient through L = f(z): dz = dL * f'(z), with f'(z) = L (1 - L). Shown in chapter 1.

    dL: dC/dL. L: the sigmoid's OUTPUT (not its input, as in the post's
    ``nonlin(L, True)``), same shape. Returns dC/dz, same shape.
    """
    if checks.active:
        dL, L = checks.same_shape_args(dL, L, "dL", "L")
    return dL * (L * (1.0 - L))


def squared_error(L_out, y):
    """The cost C = 1/2 * sum((L_out - y)**2) over every example and output. Shown in chapter 1.

    L_out, y: (n_samples, n_outputs). Returns a float; or, for L_out a stack
    (n_steps, n_samples, n_outputs) of outputs, the cost of each, (n_steps,).
    """
    if checks.active:
        L_out, y = checks.output_and_target_args(L_out, y)
    e = L_out - y
    return 0.5 * np.sum(e * e, axis=(-2, -1))


def squared_error_backward(L_out, y):
    """dC/dL_out = L_out - y, (n_samples, n_outputs). Shown in chapter 1."""
    if checks.active:
        L_out, y = checks.same_shape_args(L_out, y, "L_out", "y")
    return L_out - y


def init_params(layer_sizes, rng, *, scale=0.1, bias=False):
    """Weights drawn from normal(0, scale), as the post does with sigma = 0.1. Chapters 1 and 2.

    layer_sizes: [n_features, n_outputs] for the net with no hidden layer
    (chapter 1), or [n_features, n_hidden, n_outputs] for the two-layer net
    (chapter 2). rng: np.random.Generator. bias: also make zero biases b0, b1.
    Returns {"W0": (n_features, n_next), ...}; the post draws W0 before W1,
    and so do we, so the same rng state gives the post's numbers.
    """
    sizes = checks.init_params_args(layer_sizes, rng, scale)
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        params[f"W{i}"] = rng.normal(0.0, scale, (n_in, n_out))
    if bias:
        for i, n_out in enumerate(sizes[1:]):
            params[f"b{i}"] = np.zeros((1, n_out))
    return params


class OneLayerCache(NamedTuple):
    """What one_layer_backward needs from the forward pass. Chapter 1."""

    X: np.ndarray  # (n_samples, n_features)
    L1: np.ndarray  # (n_samples, n_outputs), the net's output
    has_bias: bool


def one_layer_forward(params, X):
    """L1 = f(X W0 [+ b0]): the net with no hidden layer. Shown in chapter 1.

    params: {"W0": (n_features, n_outputs)}, optionally "b0": (1, n_outputs).
    X: (n_samples, n_features).
    Returns L1 (n_samples, n_outputs) and a OneLayerCache for one_layer_backward.
    """
    if checks.active:
        params, X = checks.one_layer_forward_args(params, X)
    z1 = X.dot(params["W0"])  # (n_samples, n_outputs)
    has_bias = "b0" in params
    if has_bias:
        z1 += params["b0"]
    L1 = sigmoid(z1)
    return L1, OneLayerCache(X, L1, has_bias)


def one_layer_backward(dL1, cache):
    """Gradients of the net with no hidden layer, from dC/dL1. Shown in chapter 1.

    delta1 = dL1 * L1 (1 - L1) and dC/dW0 = X^T delta1; with the squared
    error, dL1 = L1 - y.
    dL1: (n_samples, n_outputs). cache: from one_layer_forward.
    Returns {"W0": (n_features, n_outputs)} (and "b0", (1, n_outputs), with biases).
    """
    if checks.active:
        dL1 = checks.backward_args(dL1, cache, "dL1", "L1", OneLayerCache)
    X, L1, has_bias = cache
    delta1 = sigmoid_backward(dL1, L1)  # (n_samples, n_outputs)
    grads = {"W0": X.T.dot(delta1)}  # (n_features, n_outputs)
    if has_bias:
        grads["b0"] = delta1.sum(axis=0, keepdims=True)
    return grads


def sgd_step(params, grads, lr):
    """One step of gradient descent, W <- W - lr * dC/dW, for every parameter. Chapter 5.

    params, grads: dicts with the same keys and shapes. lr: eta > 0.
    Returns a new dict; ``params`` is left unchanged. Every gradient must
    already be computed, so no update can leak into another's gradient
    (the post's update-order slip, chapter 5).
    """
    if checks.active:
        lr = checks.sgd_step_args(params, grads, lr)
    stepped = {}
    for k in params:  # a loop, not a comprehension: 2 % fewer instructions a step (bench_xor.py)
        stepped[k] = params[k] - lr * grads[k]
    return stepped


def momentum_step(params, grads, velocity, lr, momentum):
    """One step of heavy-ball momentum, v <- beta v + dC/dW, W <- W - lr v. Chapters 0 and 6.

    The velocity v is a running sum of past gradients, each step's weighted by
    beta = ``momentum`` once more than the next one's; a training loop starts
    it at zeros. With beta = 0 the step is sgd_step's (chapter 0 derives why
    beta < 1 and what the best beta is on a quadratic).
    params, grads, velocity: dicts with the same keys and shapes. lr: eta > 0.
    momentum: beta in [0, 1).
    Returns (params, velocity), both new dicts; the arguments are left unchanged.
    """
    if checks.active:
        lr, momentum = checks.momentum_step_args(params, grads, velocity, lr, momentum)
    stepped, moved = {}, {}
    for k in params:
        moved[k] = momentum * velocity[k] + grads[k]  # v <- beta v + dC/dW
        stepped[k] = params[k] - lr * moved[k]  # W <- W - lr v
    return stepped, moved


# ==========================================================================
# Chapter 2: the two-layer net (with dropout on L1 from chapter 3)
# ==========================================================================


class TwoLayerCache(NamedTuple):
    """What the two-layer net's backward pass needs; cache[4] is L2. Chapters 2 and 3."""

    X: np.ndarray  # (n_samples, n_features)
    L1: np.ndarray  # (n_samples, n_hidden), the hidden layer before dropout
    mask: Optional[np.ndarray]  # (n_samples, n_hidden), or None when nothing was dropped
    L1_out: np.ndarray  # (n_samples, n_hidden), L1 * mask: what layer 2 saw
    L2: np.ndarray  # (n_samples, n_outputs), the net's output
    W1: np.ndarray  # (n_hidden, n_outputs), as it was in this forward pass
    has_bias: bool


def two_layer_forward(params, X, *, dropout_rate=0.0, rng=None, mask=None, train=True,
                      output=sigmoid):
    """L1 = f(X W0 [+ b0]), dropout on L1, L2 = f(L1_out W1 [+ b1]). Chapters 2 and 3.

    params: {"W0": (n_features, n_hidden), "W1": (n_hidden, n_outputs)},
    optionally "b0": (1, n_hidden), "b1": (1, n_outputs).
    X: (n_samples, n_features). dropout_rate, rng, mask, train: as for
    dropout_forward (chapter 3); by default nothing is dropped.
    output: the last layer's function (the softmax in chapter 6).
    Returns L2 (n_samples, n_outputs), the prediction y-hat, and a
    TwoLayerCache for two_layer_backward.
    """
    if checks.active:
        params, X = checks.two_layer_forward_args(params, X)
    W1 = params["W1"]
    has_bias = "b0" in params
    z1 = X.dot(params["W0"])  # (n_samples, n_hidden)
    if has_bias:
        z1 += params["b0"]
    L1 = sigmoid(z1)
    L1_out, mask = dropout_forward(L1, dropout_rate, rng, mask=mask, train=train)
    z2 = L1_out.dot(W1)  # (n_samples, n_outputs)
    if has_bias:
        z2 += params["b1"]
    L2 = output(z2)
    return L2, TwoLayerCache(X, L1, mask, L1_out, L2, W1, has_bias)


def two_layer_backward(dL2, cache):
    """Backpropagation through the two-layer net, from dC/dL2. Chapters 2 and 3.

    delta2 = dL2 * L2 (1 - L2), then hidden_backward carries delta2 down.
    dL2: (n_samples, n_outputs); with the squared error, L2 - y.
    cache: from two_layer_forward.
    Returns {"W0", "W1"} (and "b0", "b1" with biases), shaped like the parameters.
    """
    if checks.active:
        dL2 = checks.backward_args(dL2, cache, "dL2", "L2", TwoLayerCache)
    delta2 = sigmoid_backward(dL2, cache.L2)  # (n_samples, n_outputs)
    return hidden_backward(delta2, cache)


def hidden_backward(delta2, cache):
    """Every gradient of the two-layer net from delta2 = dC/dz2. Chapters 2, 3 and 6.

    delta1 = (delta2 W1^T) * mask * L1 (1 - L1)      (n_samples, n_hidden)
    dC/dW1 = L1_out^T delta2,  dC/dW0 = X^T delta1.
    delta2: (n_samples, n_outputs), the error signal at the output layer's
    input (for the softmax classifier of chapter 6, (L2 - Y) / n).
    cache: from two_layer_forward. Returns the gradients, keyed like the parameters.
    """
    if checks.active:
        delta2 = checks.backward_args(delta2, cache, "delta2", "L2", TwoLayerCache)
    X, L1, mask, L1_out, L2, W1, has_bias = cache
    dL1_out = delta2.dot(W1.T)  # (n_samples, n_hidden): W1 as it was in the forward pass
    dL1 = dropout_backward(dL1_out, mask)
    delta1 = sigmoid_backward(dL1, L1)  # the slope at L1, BEFORE dropout (the post's dropout slip, chapter 5)
    grads = {"W0": X.T.dot(delta1), "W1": L1_out.T.dot(delta2)}
    if has_bias:
        grads["b0"] = delta1.sum(axis=0, keepdims=True)
        grads["b1"] = delta2.sum(axis=0, keepdims=True)
    return grads


# ==========================================================================
# Chapter 3: inverted dropout
# ==========================================================================


def dropout_mask(shape, dropout_rate, rng):
    """A mask that keeps each unit with probability 1 - p, scaled by 1/(1-p). Chapter 3.

    shape: (n_samples, n_units). dropout_rate: p in [0, 1). rng: np.random.Generator.
    Returns the mask, entries 0 or 1/(1-p): the post's coin tosses,
    rng.binomial(1, 1 - p, size=shape) / (1 - p), bit for bit.
    """
    if checks.active:
        dropout_rate, rng = checks.dropout_mask_args(shape, dropout_rate, rng)
    keep = 1.0 - dropout_rate
    # ---- speed: numpy's binomial tosses each coin with one uniform number u compared with
    # a threshold; making that comparison here, for the whole mask at once, gives the same
    # mask from the same rng (tests/test_net.py), 4 times quicker on chapter 6's 32 x 64
    # batches (11 us against 42 us); a mask is a fifth or so of a training step there.
    u = rng.random(shape)
    if keep > 0.5:  # numpy tosses the complement, with probability 1 - keep
        kept = u <= 1.0 - (1.0 - keep)
    else:
        kept = u > 1.0 - keep
    # ---- end of speed
    return kept * (1.0 / keep)


def dropout_forward(L, dropout_rate, rng=None, *, mask=None, train=True):
    """Inverted dropout: drop each unit with probability p, scale the rest by 1/(1-p). Chapter 3.

    L: activations, (n_samples, n_units). dropout_rate: p in [0, 1), the
    probability of DROPPING a unit. rng: np.random.Generator, needed only to
    draw a new mask. mask: a mask from an earlier call, to reuse it (freeze
    it). train: False at evaluation, when dropout is off.
    Returns (out, mask): out = L * mask, same shape as L, and the mask
    (entries 0 or 1/(1-p)), or mask None when nothing was dropped.
    """
    if checks.active:
        L, mask = checks.dropout_forward_args(L, dropout_rate, rng, mask, train)
    if not train:
        return L, None
    if mask is None and dropout_rate > 0.0:
        mask = dropout_mask(L.shape, dropout_rate, rng)
    if mask is None:
        return L, None
    return L * mask, mask


def dropout_backward(dout, mask):
    """Gradient through dropout: dL = dout * mask, zero at every dropped unit. Chapter 3.

    dout: (n_samples, n_units). mask: from dropout_forward, or None.
    Returns dL, same shape.
    """
    if checks.active:
        dout, mask = checks.dropout_backward_args(dout, mask)
    if mask is None:
        return dout
    return dout * mask


def l2_penalty(params, weight_decay):
    """The weight-decay penalty (lambda/2) * (sum of every W entry squared). Chapter 3.

    params: weights W0 (d, h) and W1 (h, k), or W0 (d, k) alone, and the biases
    b0 (1, h), b1 (1, k) if the net has them, which are not penalised: a bias
    shifts a unit's threshold and makes no boundary steeper.
    weight_decay: lambda >= 0. Returns a float.
    """
    weight_decay = checks.l2_penalty_args(params, weight_decay)
    return 0.5 * weight_decay * sum(float(np.sum(W * W)) for k, W in params.items()
                                    if k.startswith("W"))


def l2_penalty_backward(params, weight_decay):
    """The penalty's gradient, lambda * W for each weight W. Chapter 3.

    params, weight_decay: as for l2_penalty. Returns {"W0": lambda W0, ...}, one
    entry per weight, shaped like it; no bias has one (the penalty has no bias in it).
    """
    if checks.active:
        weight_decay = checks.l2_penalty_args(params, weight_decay)
    return {k: weight_decay * W for k, W in params.items() if k.startswith("W")}


# ==========================================================================
# Either net, and training it: chapters 1 to 3
# ==========================================================================


def forward(params, X, *, dropout_rate=0.0, rng=None, mask=None, train=True):
    """The forward pass of whichever net ``params`` describes (W0 only, or W0 and W1). Ch. 3.

    params: as for one_layer_forward or two_layer_forward. X: (n_samples, n_features).
    dropout_rate, rng, mask, train: for the two-layer net only.
    Returns (output, cache): output (n_samples, n_outputs) and the net's cache.
    """
    if checks.active:
        checks.forward_args(params, dropout_rate, mask)
    if "W1" in params:
        return two_layer_forward(params, X, dropout_rate=dropout_rate, rng=rng, mask=mask,
                                 train=train)
    return one_layer_forward(params, X)


def backward(dout, cache):
    """Gradients for the cache of ``forward``, from dC/d(output). Chapter 3.

    dout: (n_samples, n_outputs). cache: a OneLayerCache or a TwoLayerCache.
    Returns the gradients, keyed and shaped like the parameters.
    """
    if isinstance(cache, OneLayerCache):
        return one_layer_backward(dout, cache)
    return two_layer_backward(dout, cache)


def loss_and_grads(params, X, y, *, mask=None, cost="squared_error"):
    """The cost C and its gradients at ``params``, with an optional frozen dropout mask.

    cost: "squared_error" (the sigmoid nets of chapters 1 to 4; y is
    (n_samples, n_outputs)) or "cross_entropy" (the softmax classifier of
    chapter 6; y is the labels, (n_samples,) integers).
    Returns (C, grads): a float and a dict keyed like ``params``.
    """
    X, y = checks.loss_and_grads_args(params, X, y, cost)
    if cost == "cross_entropy":
        P, cache = classifier_forward(params, X, mask=mask)
        return cross_entropy(P, y), classifier_backward(softmax_cross_entropy_backward(P, y), cache)
    out, cache = forward(params, X, mask=mask)
    return squared_error(out, y), backward(squared_error_backward(out, y), cache)


def predict(params, X):
    """The net's output with dropout off (evaluation), (n_samples, n_outputs). Chapter 3."""
    return forward(params, X, train=False)[0]


@checks.keywords_named
def train(params, X, y, *, lr, n_steps, rng=None, dropout_rate=0.0, evaluate=None,
          eval_every=1, weight_decay=0.0, momentum=0.0):
    """Full-batch gradient descent, the post's training loop, returning a history. Chapters 1-3.

    params: from init_params (not modified; trained weights are returned).
    X: (n_samples, n_features). y: (n_samples, n_outputs). lr: eta > 0.
    n_steps: number of updates. rng: np.random.Generator, needed when
    dropout_rate > 0, the probability of dropping a hidden unit in training.
    evaluate: optional {name: (X_eval, y_eval)}, sets whose cost is measured
    with dropout OFF every ``eval_every`` steps (and after the last).
    Returns (params, history): the trained weights and a dict with "loss",
    (n_steps,), the cost C at each step before its update (with that step's
    dropout mask); with ``evaluate``, "eval_step", (m,), the steps measured
    (n_steps means after the last), and for each set f"{name}_loss", (m,),
    its cost divided by its number of rows, so sets of different sizes compare.
    weight_decay: lambda >= 0; with lambda > 0 each step descends C + l2_penalty,
    so W <- (1 - lr lambda) W - lr dC/dW for every weight (biases are not
    decayed); "loss" and the evaluation costs stay C, without the penalty.
    momentum: beta in [0, 1). With beta > 0 each step is momentum_step's, with
    the velocity (a dict keyed like params) starting at zeros; with 0, sgd_step's.
    With both, the penalty's gradient is added first, and momentum_step takes the sum.
    """
    params, X, y, evaluate = checks.train_args(params, X, y, lr, n_steps, rng, dropout_rate,
                                               evaluate, eval_every, weight_decay, momentum)
    history = {"loss": np.empty(n_steps)}
    velocity = {k: np.zeros_like(W) for k, W in params.items()}  # v = 0 before the first step
    measured = {name: [] for name in evaluate}

    def measure():  # the cost per row of each evaluation set, dropout off
        for name, (X_eval, y_eval) in evaluate.items():
            measured[name].append(squared_error(predict(params, X_eval), y_eval) / len(X_eval))

    # ---- speed: each step's output is kept in `outputs`, and squared_error takes the costs of
    # a block of steps at once; a call per step would cost 5 % more instructions a step on the
    # post's 3-5-1 net (benchmarks/bench_xor.py). A block holds at most 2**20 numbers (8 MB).
    block = max(1, min(n_steps, 2**20 // y.size))
    outputs = np.empty((block,) + y.shape)
    # ---- end of speed
    with checks.skipped():  # the arguments were checked above; the loop passes them again
        for step in range(n_steps):
            if evaluate and step % eval_every == 0:
                measure()
            out, cache = forward(params, X, dropout_rate=dropout_rate, rng=rng)
            grads = backward(squared_error_backward(out, y), cache)
            if weight_decay > 0.0:  # the penalty's gradient, lambda W, on the weights only
                for k, decay in l2_penalty_backward(params, weight_decay).items():
                    grads[k] = grads[k] + decay
            if momentum:  # every gradient is computed before any update
                params, velocity = momentum_step(params, grads, velocity, lr, momentum)
            else:
                params = sgd_step(params, grads, lr)
            row = step % block
            outputs[row] = out
            if row == block - 1 or step == n_steps - 1:  # speed: the block's costs, at once
                history["loss"][step - row:step + 1] = squared_error(outputs[:row + 1], y)
        if evaluate:
            measure()
    if evaluate:
        history["eval_step"] = np.array(list(range(0, n_steps, eval_every)) + [n_steps])
        history.update({f"{name}_loss": np.array(v) for name, v in measured.items()})
    return params, history


# ==========================================================================
# Chapter 4: gradient checking
# ==========================================================================


def numerical_gradient(f, A, h=1e-5):
    """Central differences (f(A + h e_i) - f(A - h e_i)) / 2h for every entry of A. Chapter 4.

    f: a function of no arguments returning a float that reads A. A: a
    float64 array, perturbed in place one entry at a time and restored.
    Returns an array shaped like A.
    """
    checks.numerical_gradient_args(f, A, h)
    grad = np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        old = A[idx]
        A[idx] = old + h
        f_plus = f()
        A[idx] = old - h
        f_minus = f()
        A[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||): 0 when equal, 1 when opposite, 0 when both are zero. Ch. 4."""
    a, b = checks.same_shape_args(a, b, "a", "b")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def gradient_check(params, X, y, *, mask=None, h=1e-5, cost="squared_error"):
    """Compare every analytic gradient with central differences. Chapter 4.

    params, X, y, cost: as for loss_and_grads (cost="cross_entropy" checks
    the softmax classifier of chapter 6, with y its labels).
    mask: a frozen dropout mask (n_samples, n_hidden), so the cost is a
    fixed function of the weights. h: the step of the differences.
    Returns {name: relative error}, one entry per parameter.
    """
    params, X, y = checks.gradient_check_args(params, X, y, cost)
    work = {k: v.copy() for k, v in params.items()}  # numerical_gradient perturbs these
    _, grads = loss_and_grads(work, X, y, mask=mask, cost=cost)
    if cost == "cross_entropy":
        def C():
            return cross_entropy(classifier_forward(work, X, mask=mask)[0], y)
    else:
        def C():
            return squared_error(forward(work, X, mask=mask)[0], y)

    return {k: relative_error(grads[k], numerical_gradient(C, work[k], h)) for k in work}


# ==========================================================================
# Chapter 6: a classifier, with a softmax output, the cross-entropy, mini-batches
# ==========================================================================


def softmax(z):
    """P_k = exp(z_k) / sum_j exp(z_j) along the last axis: rows of probabilities. Chapter 6.

    z: (n_samples, n_classes), the output layer's inputs (the "logits").
    Returns P, same shape, every row positive and summing to 1. Subtracting
    each row's largest entry first changes nothing in P and keeps exp from
    overflowing.
    """
    if checks.active:
        z = checks.softmax_args(z)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def one_hot(labels, n_classes):
    """Y[i, k] = 1 if labels[i] == k else 0: class numbers as target rows. Chapter 6.

    labels: (n_samples,) integers in [0, n_classes). Returns Y, (n_samples, n_classes).
    """
    if checks.active:
        labels = checks.one_hot_args(labels, n_classes)
    Y = np.zeros((len(labels), n_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def cross_entropy(P, labels):
    """C = -(1/n) sum_i log P[i, labels[i]]: the mean surprise at the right answer. Chapter 6.

    P: (n_samples, n_classes), rows of probabilities (a softmax output).
    labels: (n_samples,) integers in [0, n_classes). Returns a float.
    A probability that underflowed to 0 counts as the smallest positive
    float, so the cost stays finite (at most about 708).
    """
    if checks.active:
        P, labels = checks.probabilities_and_labels_args(P, labels)
    picked = P[np.arange(len(P)), labels]  # the probability given to each right answer
    return float(-np.log(np.maximum(picked, TINY)).sum() / len(P))


TINY = np.finfo(float).tiny  # the smallest positive float, about 2.2e-308


def softmax_cross_entropy_backward(P, labels):
    """dC/dz = (P - Y) / n for C = cross_entropy(softmax(z), labels). Chapter 6.

    The softmax's slope and the 1/P of the logarithm cancel, which is why
    this gradient has no factor that vanishes when the net is confidently
    wrong (compare sigmoid_backward's L (1 - L)).
    P: (n_samples, n_classes), the softmax output. labels: (n_samples,).
    Returns dz, (n_samples, n_classes).
    """
    if checks.active:
        P, labels = checks.probabilities_and_labels_args(P, labels)
    Y = one_hot(labels, P.shape[1])  # the targets as rows
    return (P - Y) / len(P)


def classifier_forward(params, X, *, dropout_rate=0.0, rng=None, mask=None, train=True):
    """L1 = f(X W0 [+ b0]), dropout on L1, L2 = softmax(L1_out W1 [+ b1]). Chapter 6.

    The two-layer net of chapter 2 with a softmax at the output. params, X,
    dropout_rate, rng, mask, train: as for two_layer_forward; W1 has one
    column per class.
    Returns L2 (n_samples, n_classes), each row the probability of each
    class, and a TwoLayerCache for classifier_backward.
    """
    return two_layer_forward(params, X, dropout_rate=dropout_rate, rng=rng, mask=mask,
                             train=train, output=softmax)


def classifier_backward(dz2, cache):
    """Backpropagation for the classifier, from dz2 = dC/dz2 at the softmax's INPUT. Chapter 6.

    For the cross-entropy, dz2 is simply (L2 - Y) / n
    (softmax_cross_entropy_backward), so the softmax's Jacobian is never
    formed; below the output layer everything is the two-layer net's.
    dz2: (n_samples, n_classes). cache: from classifier_forward.
    Returns {"W0", "W1"} (and "b0", "b1" with biases), shaped like the parameters.
    """
    if checks.active:
        dz2 = checks.backward_args(dz2, cache, "dz2", "L2", TwoLayerCache)
    return hidden_backward(dz2, cache)


def predict_labels(params, X):
    """The most probable class of each row of X, dropout off: (n_samples,) integers. Chapter 6."""
    return classifier_forward(params, X, train=False)[0].argmax(axis=1)


def accuracy(params, X, labels):
    """The fraction of rows of X whose most probable class is their label, dropout off. Ch. 6."""
    labels = checks.accuracy_args(params, X, labels)
    return float(np.mean(predict_labels(params, X) == labels))


@checks.keywords_named
def train_classifier(params, X, labels, *, lr, n_epochs, batch_size, rng, dropout_rate=0.0,
                     evaluate=None, eval_every=1, momentum=0.0):
    """Mini-batch stochastic gradient descent on the cross-entropy, with a history. Chapter 6.

    Each epoch shuffles the rows with ``rng``, cuts them into batches of
    ``batch_size`` (the last may be smaller) and takes one step per batch,
    W <- W - lr * dC_batch/dW, where C_batch is the mean cost over the batch.
    Random draws, in order: each epoch's permutation, then each batch's
    dropout mask, so the same rng state gives the same run.
    params: from init_params with two layers (not modified). X:
    (n_samples, n_features). labels: (n_samples,) integers in [0, n_classes),
    n_classes = params["W1"].shape[1]. lr > 0. n_epochs, batch_size:
    positive integers. rng: np.random.Generator. dropout_rate: probability
    of dropping a hidden unit in training.
    evaluate: optional {name: (X_eval, labels_eval)}, measured with dropout
    OFF before the first epoch and after every ``eval_every`` epochs (and
    after the last).
    Returns (params, history): "loss", (n_epochs,), each epoch's cost per
    row, as its batches met it (with their dropout masks); with
    ``evaluate``, "epoch", the epochs measured (0, eval_every, ..., n_epochs),
    and for each set f"{name}_loss" and f"{name}_accuracy" at those epochs.
    momentum: beta in [0, 1). With beta > 0 each step is momentum_step's,
    v <- beta v + dC_batch/dW, W <- W - lr v, the velocity v (a dict keyed like
    params) starting at zeros and carried from batch to batch and from epoch
    to epoch; with 0, sgd_step's.
    """
    params, X, labels, evaluate = checks.train_classifier_args(
        params, X, labels, lr, n_epochs, batch_size, rng, dropout_rate, evaluate, eval_every,
        momentum)
    history = {"loss": np.empty(n_epochs)}
    velocity = {k: np.zeros_like(W) for k, W in params.items()}  # v = 0 before the first step
    measured = {f"{name}_{what}": [] for name in evaluate for what in ("loss", "accuracy")}

    def measure():  # the cost per row and the accuracy of each evaluation set, dropout off
        for name, (X_eval, labels_eval) in evaluate.items():
            P, _ = classifier_forward(params, X_eval, train=False)
            measured[f"{name}_loss"].append(cross_entropy(P, labels_eval))
            measured[f"{name}_accuracy"].append(float(np.mean(P.argmax(axis=1) == labels_eval)))

    n = len(X)
    P_epoch = np.empty((n, params["W1"].shape[1]))  # the batches' outputs, for the epoch's cost
    with checks.skipped():  # the arguments were checked above; the loop passes them again
        for epoch in range(n_epochs):
            if evaluate and epoch % eval_every == 0:
                measure()
            order = rng.permutation(n)
            X_epoch, labels_epoch = X[order], labels[order]  # the rows, shuffled
            for start in range(0, n, batch_size):
                Xb = X_epoch[start:start + batch_size]
                labels_b = labels_epoch[start:start + batch_size]
                P, cache = classifier_forward(params, Xb, dropout_rate=dropout_rate, rng=rng)
                P_epoch[start:start + batch_size] = P  # each row's output, as its batch met it
                grads = classifier_backward(softmax_cross_entropy_backward(P, labels_b), cache)
                if momentum:
                    params, velocity = momentum_step(params, grads, velocity, lr, momentum)
                else:
                    params = sgd_step(params, grads, lr)
            history["loss"][epoch] = cross_entropy(P_epoch, labels_epoch)
        if evaluate:
            measure()
    if evaluate:
        history["epoch"] = np.array(list(range(0, n_epochs, eval_every)) + [n_epochs])
        history.update({k: np.array(v) for k, v in measured.items()})
    return params, history
