"""The numpy core that every chapter of the book runs.

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
* The seed's convention has no bias: a constant-1 input column plays the
  bias. Optional biases ``b0``/``b1`` (shape ``(1, n_out)``) are used when the
  parameter dict has them.
* Matrix products are written ``A.T.dot(B)`` as in the seed: for the small
  matrices of this book, ``np.dot`` is the fastest numpy product.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "sigmoid",
    "sigmoid_backward",
    "squared_error",
    "squared_error_backward",
    "init_params",
    "one_layer_forward",
    "one_layer_backward",
    "two_layer_forward",
    "two_layer_backward",
    "dropout_forward",
    "dropout_backward",
    "forward",
    "backward",
    "loss_and_grads",
    "predict",
    "sgd_step",
    "train",
    "softmax",
    "one_hot",
    "cross_entropy",
    "softmax_cross_entropy_backward",
    "classifier_forward",
    "classifier_backward",
    "predict_labels",
    "accuracy",
    "train_classifier",
    "numerical_gradient",
    "relative_error",
    "gradient_check",
]


# --------------------------------------------------------------------------
# Argument checks. Every public function calls these first, so a reader
# never meets a raw numpy broadcasting error.
# --------------------------------------------------------------------------


def _describe(a):
    if isinstance(a, np.ndarray):
        return f"an array of shape {a.shape} and dtype {a.dtype}"
    return f"{type(a).__name__} {a!r}"


def _as_matrix(name, a, *, n_cols=None, n_rows=None):
    """Return ``a`` as a finite float64 matrix, or raise ValueError naming ``name``."""
    if isinstance(a, (list, tuple)):
        try:
            a = np.asarray(a, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a 2-D array of numbers; got {_describe(a)}") from None
    if not isinstance(a, np.ndarray):
        raise ValueError(f"{name} must be a 2-D numpy array; got {_describe(a)}")
    if a.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with shape (rows, columns); got {a.ndim}-D shape {a.shape}"
        )
    if not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
        raise ValueError(f"{name} must hold numbers; got dtype {a.dtype}")
    if np.iscomplexobj(a):
        raise ValueError(f"{name} must be real; got dtype {a.dtype}")
    a = a.astype(np.float64, copy=False)
    if n_rows is not None and a.shape[0] != n_rows:
        raise ValueError(f"{name} must have {n_rows} row(s); got shape {a.shape}")
    if n_cols is not None and a.shape[1] != n_cols:
        raise ValueError(f"{name} must have {n_cols} column(s); got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must contain only finite values; got NaN or inf")
    return a


def _check_xy(X, y):
    X = _as_matrix("X", X)
    y = _as_matrix("y", y)
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y must have the same number of rows; got X with {X.shape[0]} "
            f"and y with {y.shape[0]}"
        )
    return X, y


def _check_params(params, names):
    """Check the weight dict for a net whose weights are ``names``; return a float64 copy."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of weight matrices; got {_describe(params)}")
    missing = [k for k in names if k not in params]
    if missing:
        raise ValueError(
            f"params must have keys {sorted(names)}; missing {missing} "
            f"in {sorted(params)}"
        )
    out = {}
    for k in names:
        out[k] = _as_matrix(f"params['{k}']", params[k])
    biases = [f"b{k[1:]}" for k in names]
    present = [b for b in biases if b in params]
    if present and len(present) != len(biases):
        raise ValueError(f"params must have all of the biases {biases} or none; got only {present}")
    for k, b in zip(names, present):
        out[b] = _as_matrix(f"params['{b}']", params[b], n_rows=1, n_cols=out[k].shape[1])
    for a, b in zip(names, names[1:]):
        if out[a].shape[1] != out[b].shape[0]:
            raise ValueError(
                f"params['{a}'] has {out[a].shape[1]} column(s) but params['{b}'] has "
                f"{out[b].shape[0]} row(s); they must match"
            )
    return out


def _check_rate(dropout_rate):
    if isinstance(dropout_rate, bool) or not isinstance(dropout_rate, numbers.Real):
        raise ValueError(f"dropout_rate must be a number in [0, 1); got {_describe(dropout_rate)}")
    if not 0.0 <= float(dropout_rate) < 1.0:
        raise ValueError(f"dropout_rate must be in [0, 1); got {dropout_rate}")
    return float(dropout_rate)


def _check_rng(rng):
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy Generator, e.g. np.random.default_rng(0); got {_describe(rng)}"
        )
    return rng


def _check_positive_int(name, n):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise ValueError(f"{name} must be a positive integer; got {_describe(n)}")
    if n <= 0:
        raise ValueError(f"{name} must be a positive integer; got {n}")
    return int(n)


def _check_lr(lr):
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise ValueError(f"lr must be a positive number; got {_describe(lr)}")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number; got {lr}")
    return float(lr)


def _names_of(params):
    """Weight names W0, W1, ... present in ``params``, in order."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of weight matrices; got {_describe(params)}")
    names = []
    while f"W{len(names)}" in params:
        names.append(f"W{len(names)}")
    if len(names) not in (1, 2):
        raise ValueError(
            f"params must hold W0 (no hidden layer) or W0 and W1 (one hidden layer); "
            f"got keys {sorted(params)}"
        )
    return names


# --------------------------------------------------------------------------
# The sigmoid and the squared-error cost. Derived in chapter 1.
# --------------------------------------------------------------------------


def sigmoid(z):
    """The logistic sigmoid f(z) = 1 / (1 + exp(-z)), elementwise.

    Never overflows, and never warns: for fewer than _EXP_FORM_FROM entries
    it is computed as (1 + tanh(z/2)) / 2, the same function, so f(-1e4) is
    0.0 and f(1e4) is 1.0; for larger arrays as 1 / (1 + exp(min(-z, 700))),
    so f(-1e4) is about 1e-304 there.

    z: array of any shape. Returns an array of the same shape.
    """
    return _sigmoid_in_place(np.array(z, dtype=float))  # a copy; numbers and 0-d arrays too


_EXP_FORM_FROM = 256  # from this many entries on, the exp form is the quicker (measured)


def _sigmoid_in_place(z):
    """f(z), written over z itself: for a z the caller owns, such as a fresh X.dot(W0).

    In place because the training loop calls it 20,000 times a run and a new
    array each time would cost as much as the arithmetic. Two forms of the
    same function: (1 + tanh(z/2)) / 2 for a few numbers, and for larger
    arrays (the digits of chapter 6) 1 / (1 + exp(-z)), which numpy computes
    about twice as fast there. Capping -z at 700 keeps exp finite, so nothing
    overflows; it changes f only below f(-700) = 1e-304.
    """
    if z.size < _EXP_FORM_FROM:
        z *= 0.5
        np.tanh(z, out=z)
        z += 1.0
        z *= 0.5
        return z
    np.negative(z, out=z)
    np.minimum(z, 700.0, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)


def sigmoid_backward(dL, L):
    """Gradient through L = f(z): dz = dL * f'(z), using f'(z) = L (1 - L).

    dL: gradient of the cost with respect to L. L: the sigmoid's output,
    same shape. Returns dz, same shape. Like the seed's ``nonlin(L, True)``,
    it takes the OUTPUT of the sigmoid, not its input.
    """
    dz = 1.0 - L  # f'(z) = L (1 - L), built in place
    dz *= L
    dz *= dL
    return dz


def squared_error(L_out, y):
    """The cost C = 1/2 * sum((L_out - y)**2) over every example and output.

    L_out, y: shape (n_samples, n_outputs). Returns a float (or one cost
    per network when L_out has a leading stack axis).
    """
    e = L_out - y
    return 0.5 * np.sum(e * e, axis=(-2, -1))


def squared_error_backward(L_out, y):
    """dC/dL_out = L_out - y, shape (n_samples, n_outputs)."""
    return L_out - y


# --------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------


def init_params(layer_sizes, rng, *, scale=0.1, bias=False):
    """Weights drawn from normal(0, scale), as the seed does with sigma = 0.1.

    layer_sizes: [n_features, n_outputs] for the net with no hidden layer
    (chapter 1), or [n_features, n_hidden, n_outputs] for the two-layer net
    (chapter 2). rng: np.random.Generator. bias: also make zero biases b0, b1.
    Returns {"W0": (n_features, n_next), ...}; the seed draws W0 before W1,
    and so do we, so the same rng state gives the seed's numbers.
    """
    if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) not in (2, 3):
        raise ValueError(
            "layer_sizes must be a list of 2 or 3 sizes, e.g. [3, 1] or [3, 5, 1]; "
            f"got {_describe(layer_sizes)}"
        )
    sizes = [_check_positive_int(f"layer_sizes[{i}]", n) for i, n in enumerate(layer_sizes)]
    _check_rng(rng)
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not scale > 0:
        raise ValueError(f"scale must be a positive number; got {_describe(scale)}")
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        params[f"W{i}"] = rng.normal(0.0, scale, (n_in, n_out))
    if bias:
        for i, n_out in enumerate(sizes[1:]):
            params[f"b{i}"] = np.zeros((1, n_out))
    return params


def _add_bias_grads(grads, deltas):
    for i, delta in enumerate(deltas):
        grads[f"b{i}"] = delta.sum(axis=0, keepdims=True)
    return grads


# --------------------------------------------------------------------------
# The net with no hidden layer. Derived in chapter 1.
# --------------------------------------------------------------------------


def _one_layer_forward(params, X):
    has_bias = "b0" in params
    z1 = X.dot(params["W0"])  # (n_samples, n_outputs)
    if has_bias:
        z1 += params["b0"]
    L1 = _sigmoid_in_place(z1)
    return L1, (X, L1, has_bias)


def _one_layer_backward(dL1, cache):
    X, L1, has_bias = cache
    delta1 = sigmoid_backward(dL1, L1)  # (n_samples, n_outputs)
    grads = {"W0": X.T.dot(delta1)}  # (n_features, n_outputs)
    return _add_bias_grads(grads, [delta1]) if has_bias else grads


def one_layer_forward(params, X):
    """L1 = f(X W0 [+ b0]): the net with no hidden layer.

    params: {"W0": (n_features, n_outputs)}, optionally "b0": (1, n_outputs).
    X: (n_samples, n_features).
    Returns L1, shape (n_samples, n_outputs), and a cache for
    ``one_layer_backward``.
    """
    params = _check_params(params, ["W0"])
    X = _as_matrix("X", X, n_cols=params["W0"].shape[0])
    return _one_layer_forward(params, X)


def one_layer_backward(dL1, cache):
    """Gradients for the net with no hidden layer, given dC/dL1.

    With the squared error, dL1 = L1 - y, and
    dC/dW0 = X^T [(L1 - y) * L1 * (1 - L1)].
    dL1: (n_samples, n_outputs), e.g. ``squared_error_backward(L1, y)``.
    cache: from ``one_layer_forward``.
    Returns {"W0": (n_features, n_outputs)} (and "b0" if the net has biases).
    """
    _, L1, _ = cache
    dL1 = _as_matrix("dL1", dL1, n_rows=L1.shape[0], n_cols=L1.shape[1])
    return _one_layer_backward(dL1, cache)


# --------------------------------------------------------------------------
# Inverted dropout. Derived in chapter 3.
# --------------------------------------------------------------------------


def _dropout_mask(shape, dropout_rate, rng):
    keep = 1.0 - dropout_rate
    # The seed's coin tosses, rng.binomial(1, keep, size=shape): each unit kept (1) with
    # probability 1 - p. numpy tosses each such coin with one uniform number u, compared
    # with a threshold; making that comparison here, for the whole mask at once, gives the
    # same mask from the same rng, bit for bit (tests/test_net.py), four times quicker.
    u = rng.random(shape)
    if keep > 0.5:  # numpy tosses the complement, with probability 1 - keep
        kept = u <= 1.0 - (1.0 - keep)
    else:
        kept = u > 1.0 - keep
    return kept * (1.0 / keep)


def dropout_forward(L, dropout_rate, rng=None, *, mask=None, train=True):
    """Inverted dropout: drop each unit with probability p, scale the rest by 1/(1-p).

    L: activations, shape (n_samples, n_units). dropout_rate: p in [0, 1),
    the probability of DROPPING a unit. rng: np.random.Generator, needed
    only to draw a new mask. mask: a mask from an earlier call, to reuse it
    (freeze it). train: False at evaluation, when dropout is off.
    Returns (out, mask): out = L * mask, same shape as L, and the scaled mask
    (entries 0 or 1/(1-p)), or mask None when nothing was dropped.
    """
    L = _as_matrix("L", L)
    p = _check_rate(dropout_rate)
    if not isinstance(train, bool):
        raise ValueError(f"train must be True or False; got {_describe(train)}")
    if not train:
        return L, None
    if mask is not None:
        mask = _as_matrix("mask", mask, n_rows=L.shape[0], n_cols=L.shape[1])
        return L * mask, mask
    if p == 0.0:
        return L, None
    mask = _dropout_mask(L.shape, p, _check_rng(rng))
    return L * mask, mask


def dropout_backward(dout, mask):
    """Gradient through dropout: dL = dout * mask (zero at every dropped unit).

    dout: (n_samples, n_units). mask: from ``dropout_forward``, or None.
    Returns dL, same shape.
    """
    dout = _as_matrix("dout", dout)
    if mask is None:
        return dout
    mask = _as_matrix("mask", mask, n_rows=dout.shape[0], n_cols=dout.shape[1])
    return dout * mask


# --------------------------------------------------------------------------
# The two-layer net. Derived in chapter 2; dropout on L1 in chapter 3.
# --------------------------------------------------------------------------


def _two_layer_forward(params, X, mask, output=_sigmoid_in_place):
    """The two-layer net; ``output`` is the last layer's function (the softmax in chapter 6)."""
    W1 = params["W1"]
    has_bias = "b0" in params
    z1 = X.dot(params["W0"])  # (n_samples, n_hidden)
    if has_bias:
        z1 += params["b0"]
    L1 = _sigmoid_in_place(z1)
    L1_out = L1 if mask is None else L1 * mask
    z2 = L1_out.dot(W1)  # (n_samples, n_outputs)
    if has_bias:
        z2 += params["b1"]
    L2 = output(z2)
    return L2, (X, L1, mask, L1_out, L2, W1, has_bias)


def _two_layer_backward(dL2, cache):
    delta2 = sigmoid_backward(dL2, cache[4])  # (n_samples, n_outputs)
    return _hidden_backward(delta2, cache)


def _hidden_backward(delta2, cache):
    """Every gradient from delta2 = dC/dz2, the error signal at the output layer's input."""
    X, L1, mask, L1_out, L2, W1, has_bias = cache
    dL1_out = delta2.dot(W1.T)  # (n_samples, n_hidden): W1 as it was in the forward pass
    dL1 = dL1_out if mask is None else dL1_out * mask
    # f' at the activation BEFORE dropout: L1, not L1_out (the seed's slip).
    delta1 = sigmoid_backward(dL1, L1)  # (n_samples, n_hidden)
    grads = {"W0": X.T.dot(delta1), "W1": L1_out.T.dot(delta2)}
    return _add_bias_grads(grads, [delta1, delta2]) if has_bias else grads


def _checked_with_mask(params, X, dropout_rate, rng, mask, train):
    """Check the two-layer net's arguments; return params, X and the hidden layer's mask
    (None when nothing is dropped: at evaluation, or with dropout_rate 0 and no mask)."""
    params = _check_params(params, ["W0", "W1"])
    X = _as_matrix("X", X, n_cols=params["W0"].shape[0])
    p = _check_rate(dropout_rate)
    if not isinstance(train, bool):
        raise ValueError(f"train must be True or False; got {_describe(train)}")
    shape = (X.shape[0], params["W0"].shape[1])
    if not train:
        mask = None
    elif mask is not None:
        mask = _as_matrix("mask", mask, n_rows=shape[0], n_cols=shape[1])
    elif p > 0.0:
        mask = _dropout_mask(shape, p, _check_rng(rng))
    return params, X, mask


def two_layer_forward(params, X, *, dropout_rate=0.0, rng=None, mask=None, train=True):
    """L1 = f(X W0 [+ b0]), dropout on L1, L2 = f(L1 W1 [+ b1]).

    params: {"W0": (n_features, n_hidden), "W1": (n_hidden, n_outputs)},
    optionally "b0": (1, n_hidden), "b1": (1, n_outputs).
    X: (n_samples, n_features). dropout_rate: probability of dropping a
    hidden unit. rng: np.random.Generator, to draw the dropout mask.
    mask: a frozen mask (n_samples, n_hidden) to reuse. train: False turns
    dropout off, as at evaluation.
    Returns L2 (n_samples, n_outputs), the prediction y-hat, and a cache for
    ``two_layer_backward``.
    """
    params, X, mask = _checked_with_mask(params, X, dropout_rate, rng, mask, train)
    return _two_layer_forward(params, X, mask)


def two_layer_backward(dL2, cache):
    """Backpropagation through the two-layer net: every gradient from one forward pass.

    delta2 = dL2 * L2 * (1 - L2)                      (n_samples, n_outputs)
    delta1 = (delta2 W1^T) * mask * L1 * (1 - L1)     (n_samples, n_hidden)
    dC/dW1 = L1_out^T delta2,  dC/dW0 = X^T delta1,
    where L1_out = L1 * mask is what layer 2 saw.
    dL2: dC/dL2, (n_samples, n_outputs); with the squared error, L2 - y.
    cache: from ``two_layer_forward``.
    Returns {"W0": ..., "W1": ...} shaped like the weights (and b0, b1 if used).
    """
    L2 = cache[4]
    dL2 = _as_matrix("dL2", dL2, n_rows=L2.shape[0], n_cols=L2.shape[1])
    return _two_layer_backward(dL2, cache)


# --------------------------------------------------------------------------
# Either net, by the keys of its parameters
# --------------------------------------------------------------------------


def forward(params, X, *, dropout_rate=0.0, rng=None, mask=None, train=True):
    """The forward pass of whichever net ``params`` describes (W0 only, or W0 and W1).

    Returns (output, cache); see ``one_layer_forward`` and ``two_layer_forward``.
    """
    if len(_names_of(params)) == 1:
        if dropout_rate != 0.0 or mask is not None:
            raise ValueError(
                "dropout_rate and mask apply to a hidden layer; the net with no hidden "
                f"layer has none (got dropout_rate={dropout_rate!r})"
            )
        return one_layer_forward(params, X)
    return two_layer_forward(
        params, X, dropout_rate=dropout_rate, rng=rng, mask=mask, train=train
    )


def backward(dout, cache):
    """Gradients for the cache of ``forward``, given dC/d(output); keyed like the parameters."""
    if len(cache) == 3:
        return one_layer_backward(dout, cache)
    return two_layer_backward(dout, cache)


def loss_and_grads(params, X, y, *, mask=None, cost="squared_error"):
    """The cost C and its gradients at ``params``, with an optional frozen dropout mask.

    cost: "squared_error" (the sigmoid nets of chapters 1-4; y is
    (n_samples, n_outputs)) or "cross_entropy" (the softmax classifier of
    chapter 6; y is the labels, (n_samples,) integers).
    Returns (C, grads): a float and a dict keyed like ``params``.
    """
    if cost == "cross_entropy":
        P, cache = classifier_forward(params, X, mask=mask)
        return cross_entropy(P, y), _hidden_backward(softmax_cross_entropy_backward(P, y), cache)
    if cost != "squared_error":
        raise ValueError(f"cost must be 'squared_error' or 'cross_entropy'; got {_describe(cost)}")
    X, y = _check_xy(X, y)
    out, cache = forward(params, X, mask=mask)
    if out.shape != y.shape:
        raise ValueError(f"y must have shape {out.shape} to match the net's output; got {y.shape}")
    return float(squared_error(out, y)), backward(squared_error_backward(out, y), cache)


def predict(params, X):
    """The net's output with dropout off (evaluation mode), shape (n_samples, n_outputs)."""
    return forward(params, X, train=False)[0]


def sgd_step(params, grads, lr):
    """One step of gradient descent, W <- W - lr * dC/dW, for every parameter at once.

    Returns a new dict; ``params`` is left unchanged. Every gradient must
    already be computed, so no update can leak into another's gradient.
    """
    lr = _check_lr(lr)
    if not isinstance(grads, dict) or set(grads) != set(params):
        raise ValueError(
            f"grads must have the same keys as params {sorted(params)}; got "
            f"{sorted(grads) if isinstance(grads, dict) else _describe(grads)}"
        )
    return {k: params[k] - lr * grads[k] for k in params}


# --------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------


def train(params, X, y, *, lr, n_steps, rng=None, dropout_rate=0.0, evaluate=None,
          eval_every=1):
    """Full-batch gradient descent, the seed's training loop, returning a history.

    params: from ``init_params`` (not modified; a trained copy is returned).
    X: (n_samples, n_features). y: (n_samples, n_outputs). lr: learning
    rate eta > 0. n_steps: number of updates. rng: np.random.Generator,
    needed when dropout_rate > 0. dropout_rate: probability of dropping a
    hidden unit during training.
    evaluate: optional {name: (X_eval, y_eval)}, data sets whose cost is
    measured with dropout OFF every ``eval_every`` steps (and after the last).
    Returns (params, history): the trained weights and a dict with
    "loss": (n_steps,), the cost C at each step before its update (with that
    step's dropout mask), and for each evaluated set "eval_step": (m,) the
    steps measured (before that step's update; n_steps means after the last)
    and f"{name}_loss": (m,) its cost, divided by its number of rows so sets
    of different sizes compare.
    """
    names = _names_of(params)
    params = {k: v.copy() for k, v in _check_params(params, names).items()}
    X, y = _check_xy(X, y)
    _as_matrix("X", X, n_cols=params["W0"].shape[0])
    n_out = params[names[-1]].shape[1]
    _as_matrix("y", y, n_cols=n_out)
    lr = _check_lr(lr)
    n_steps = _check_positive_int("n_steps", n_steps)
    p = _check_rate(dropout_rate)
    if p > 0.0:
        if len(names) == 1:
            raise ValueError("dropout_rate must be 0 for the net with no hidden layer; "
                             f"got {dropout_rate}")
        _check_rng(rng)
    eval_every = _check_positive_int("eval_every", eval_every)
    evaluate = _check_evaluate(evaluate, X.shape[1], n_out)
    eval_steps = [k for k in range(0, n_steps, eval_every)] + [n_steps] if evaluate else []
    eval_loss = {name: [] for name in evaluate}
    loss = np.empty(n_steps)
    mask_shape = (X.shape[0], params["W0"].shape[1])
    two_layer = len(names) == 2
    mask = None
    # Each step's error out - y is written into a block of rows, and the costs
    # of a whole block are summed at once: a separate cost per step would
    # cost as much as a layer of the net.
    block = max(1, min(n_steps, 2**20 // y.size))
    errors = np.empty((block,) + y.shape)
    for step in range(n_steps):
        if evaluate and step % eval_every == 0:
            _record(params, evaluate, eval_loss)
        if two_layer:
            if p > 0.0:
                mask = _dropout_mask(mask_shape, p, rng)
            out, cache = _two_layer_forward(params, X, mask)
        else:
            out, cache = _one_layer_forward(params, X)
        row = step % block
        dout = np.subtract(out, y, out=errors[row])  # squared_error_backward
        grads = _two_layer_backward(dout, cache) if two_layer else _one_layer_backward(dout, cache)
        for k, g in grads.items():  # only now, with every gradient computed, do weights change
            g *= lr
            params[k] -= g
        if row == block - 1 or step == n_steps - 1:
            done = errors[: row + 1]
            loss[step - row : step + 1] = 0.5 * np.einsum("sij,sij->s", done, done)
    history = {"loss": loss}
    if evaluate:
        _record(params, evaluate, eval_loss)
        history["eval_step"] = np.array(eval_steps)
        for name, values in eval_loss.items():
            history[f"{name}_loss"] = np.array(values)
    return params, history


def _check_evaluate(evaluate, n_features, n_out):
    if evaluate is None:
        return {}
    if not isinstance(evaluate, dict):
        raise ValueError(
            f"evaluate must be a dict {{name: (X, y)}}; got {_describe(evaluate)}")
    checked = {}
    for name, pair in evaluate.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"evaluate[{name!r}] must be a pair (X, y); got {_describe(pair)}")
        Xe, ye = _check_xy(*pair)
        _as_matrix(f"evaluate[{name!r}] X", Xe, n_cols=n_features)
        _as_matrix(f"evaluate[{name!r}] y", ye, n_cols=n_out)
        checked[str(name)] = (Xe, ye)
    return checked


def _record(params, evaluate, eval_loss):
    """Cost per row of each evaluation set, with dropout off."""
    for name, (Xe, ye) in evaluate.items():
        if "W1" in params:
            out = _two_layer_forward(params, Xe, None)[0]
        else:
            out = _one_layer_forward(params, Xe)[0]
        eval_loss[name].append(float(squared_error(out, ye)) / Xe.shape[0])


# --------------------------------------------------------------------------
# A classifier: softmax output, cross-entropy cost, mini-batches. Derived in
# chapter 6. The hidden layer, dropout and backpropagation below the output
# are the two-layer net's own (_two_layer_forward, _hidden_backward).
# --------------------------------------------------------------------------


def _check_labels(labels, n_rows, n_classes, name="labels", rows_of="X"):
    """Return ``labels`` as an int array (n_rows,) of classes in [0, n_classes), or raise.

    n_rows: None when any number of rows will do. name, rows_of: the argument names the
    message uses for the labels and for the inputs they label.
    """
    if isinstance(labels, (list, tuple)):
        labels = np.asarray(labels)
    if not isinstance(labels, np.ndarray):
        raise ValueError(f"{name} must be a 1-D numpy array of class numbers; got {_describe(labels)}")
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]  # a column, as the sigmoid nets' y
    if labels.ndim != 1:
        raise ValueError(f"{name} must be 1-D, one class number per row of X; "
                         f"got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{name} must hold integers (class numbers); got dtype {labels.dtype}")
    if n_rows is not None and labels.shape[0] != n_rows:
        raise ValueError(f"{name} must have one entry per row of {rows_of} ({n_rows}); "
                         f"got {labels.shape[0]}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"{name} must be in [0, {n_classes}), one of the net's {n_classes} "
                         f"classes; got values from {labels.min()} to {labels.max()}")
    return labels.astype(np.intp, copy=False)


def _softmax_in_place(z):
    """softmax(z) row by row, written over z; subtracting each row's largest entry first
    changes nothing in the result and keeps exp from overflowing."""
    z -= z.max(axis=-1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=-1, keepdims=True)
    return z


def softmax(z):
    """P_k = exp(z_k) / sum_j exp(z_j) along the last axis: each row a probability vector.

    z: (n_samples, n_classes), the output layer's inputs (the "logits").
    Returns P, same shape, every row positive and summing to 1.
    """
    return _softmax_in_place(np.array(z, dtype=float))


def one_hot(labels, n_classes):
    """Y[i, k] = 1 if labels[i] == k else 0: class numbers as target rows.

    labels: (n_samples,) integers in [0, n_classes). Returns Y, (n_samples, n_classes).
    """
    n_classes = _check_positive_int("n_classes", n_classes)
    labels = _check_labels(labels, None, n_classes)
    Y = np.zeros((labels.shape[0], n_classes))
    Y[np.arange(labels.shape[0]), labels] = 1.0
    return Y


_TINY = np.finfo(float).tiny  # P below this would make -log P infinite


def _mean_surprise(picked):
    """-mean(log p) of the probabilities given to the right answers: the cross-entropy.

    A probability that underflowed to 0 counts as the smallest positive float.
    """
    return float(-np.mean(np.log(np.maximum(picked, _TINY))))


def cross_entropy(P, labels):
    """C = -(1/n) sum_i log P[i, labels[i]]: the mean surprise at the right answer.

    P: (n_samples, n_classes), rows of probabilities (a softmax output).
    labels: (n_samples,) integers in [0, n_classes).
    Returns a float. A probability that underflowed to 0 counts as the
    smallest positive float, so the cost stays finite (at most about 708).
    """
    P = _as_matrix("P", P)
    labels = _check_labels(labels, P.shape[0], P.shape[1])
    return _mean_surprise(P[np.arange(P.shape[0]), labels])


def softmax_cross_entropy_backward(P, labels):
    """dC/dz = (P - Y) / n for C = cross_entropy(softmax(z), labels).

    The softmax's slope and the 1/P of the logarithm cancel, which is why
    this gradient has no factor that vanishes when the net is confidently
    wrong (compare sigmoid_backward's L (1 - L)).
    P: (n_samples, n_classes), the softmax output. labels: (n_samples,).
    Returns dz, (n_samples, n_classes).
    """
    P = _as_matrix("P", P)
    labels = _check_labels(labels, P.shape[0], P.shape[1])
    dz = P.copy()
    dz[np.arange(P.shape[0]), labels] -= 1.0
    dz /= P.shape[0]
    return dz


def classifier_forward(params, X, *, dropout_rate=0.0, rng=None, mask=None, train=True):
    """L1 = f(X W0 + b0), dropout on L1, L2 = softmax(L1 W1 + b1): class probabilities.

    The two-layer net of chapter 2 with a softmax instead of a sigmoid at the
    output. params, X, dropout_rate, rng, mask, train: as for
    ``two_layer_forward``; W1 has one column per class.
    Returns L2 (n_samples, n_classes), each row the probability of each
    class, and a cache for ``classifier_backward``.
    """
    params, X, mask = _checked_with_mask(params, X, dropout_rate, rng, mask, train)
    return _two_layer_forward(params, X, mask, output=_softmax_in_place)


def classifier_backward(dz2, cache):
    """Backpropagation for the classifier, given dz2 = dC/dz2 at the softmax's INPUT.

    It takes dz2 rather than dC/dL2 because, for the cross-entropy, dz2 is
    simply (L2 - Y) / n (``softmax_cross_entropy_backward``): the softmax's
    Jacobian never needs to be formed. Below the output layer everything is
    ``two_layer_backward``'s: delta1 = (dz2 W1^T) * mask * L1 (1 - L1).
    dz2: (n_samples, n_classes). cache: from ``classifier_forward``.
    Returns {"W0", "W1"} (and "b0", "b1" if used), shaped like the parameters.
    """
    L2 = cache[4]
    dz2 = _as_matrix("dz2", dz2, n_rows=L2.shape[0], n_cols=L2.shape[1])
    return _hidden_backward(dz2, cache)


def predict_labels(params, X):
    """The most probable class of each row of X, dropout off: (n_samples,) integers."""
    return classifier_forward(params, X, train=False)[0].argmax(axis=1)


def accuracy(params, X, labels):
    """The fraction of rows of X whose most probable class is their label, dropout off."""
    P, _ = classifier_forward(params, X, train=False)
    labels = _check_labels(labels, P.shape[0], P.shape[1])
    return float(np.mean(P.argmax(axis=1) == labels))


def train_classifier(params, X, labels, *, lr, n_epochs, batch_size, rng, dropout_rate=0.0,
                     evaluate=None, eval_every=1):
    """Mini-batch stochastic gradient descent on the cross-entropy, returning a history.

    Each epoch shuffles the rows with ``rng``, cuts them into batches of
    ``batch_size`` (the last may be smaller) and takes one step per batch,
    W <- W - lr * dC_batch/dW, where C_batch is the mean cost over the batch.
    Random draws, in order: each epoch's permutation, then each batch's
    dropout mask, so the same rng state gives the same run.
    params: from ``init_params`` with two layers (not modified; a trained
    copy is returned). X: (n_samples, n_features). labels: (n_samples,)
    integers in [0, n_classes), n_classes = params["W1"].shape[1].
    lr > 0. n_epochs, batch_size: positive integers. rng: np.random.Generator.
    dropout_rate: probability of dropping a hidden unit during training.
    evaluate: optional {name: (X_eval, labels_eval)}, measured with dropout
    OFF before the first epoch and after every ``eval_every`` epochs (and
    after the last).
    Returns (params, history): "loss", (n_epochs,), each epoch's mean cost
    over its batches (with their dropout masks); with ``evaluate``, "epoch",
    the epochs measured (0, eval_every, 2 eval_every, ..., n_epochs), and for
    each set f"{name}_loss" and f"{name}_accuracy" at those epochs.
    """
    params = {k: v.copy() for k, v in _check_params(params, ["W0", "W1"]).items()}
    X = _as_matrix("X", X, n_cols=params["W0"].shape[0])
    n_classes = params["W1"].shape[1]
    labels = _check_labels(labels, X.shape[0], n_classes)
    lr = _check_lr(lr)
    n_epochs = _check_positive_int("n_epochs", n_epochs)
    batch_size = _check_positive_int("batch_size", batch_size)
    _check_rng(rng)
    p = _check_rate(dropout_rate)
    evaluate = _check_classifier_evaluate(evaluate, X.shape[1], n_classes)
    eval_every = _check_positive_int("eval_every", eval_every)
    history = {"loss": np.empty(n_epochs)}
    scores = {f"{name}_{what}": [] for name in evaluate for what in ("loss", "accuracy")}
    n, n_hidden = X.shape[0], params["W0"].shape[1]
    Y = one_hot(labels, n_classes)
    rows = np.arange(min(batch_size, n))
    picked = np.empty(n)  # P[i, label_i] for every row of an epoch, logged once per epoch
    for epoch in range(n_epochs):
        if evaluate and epoch % eval_every == 0:
            _record_classifier(params, evaluate, scores)
        order = rng.permutation(n)
        X_epoch, labels_epoch, Y_epoch = X[order], labels[order], Y[order]
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            Xb = X_epoch[start:stop]  # views: the rows are already shuffled
            m = stop - start
            mask = _dropout_mask((m, n_hidden), p, rng) if p > 0.0 else None
            P, cache = _two_layer_forward(params, Xb, mask, output=_softmax_in_place)
            picked[start:stop] = P[rows[:m], labels_epoch[start:stop]]
            # P is ours to overwrite: it becomes lr * dC/dz2 = lr * (P - Y) / m, so
            # every gradient below comes out already multiplied by lr.
            np.subtract(P, Y_epoch[start:stop], out=P)
            P *= lr / m
            for k, g in _hidden_backward(P, cache).items():  # all computed before any update
                params[k] -= g
        history["loss"][epoch] = _mean_surprise(picked)
    if evaluate:
        _record_classifier(params, evaluate, scores)
        history["epoch"] = np.array(list(range(0, n_epochs, eval_every)) + [n_epochs])
        history.update({k: np.array(v) for k, v in scores.items()})
    return params, history


def _check_classifier_evaluate(evaluate, n_features, n_classes):
    if evaluate is None:
        return {}
    if not isinstance(evaluate, dict):
        raise ValueError(f"evaluate must be a dict {{name: (X, labels)}}; got {_describe(evaluate)}")
    checked = {}
    for name, pair in evaluate.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"evaluate[{name!r}] must be a pair (X, labels); got {_describe(pair)}")
        Xe = _as_matrix(f"evaluate[{name!r}] X", pair[0], n_cols=n_features)
        checked[str(name)] = (Xe, _check_labels(pair[1], Xe.shape[0], n_classes,
                                                f"evaluate[{name!r}] labels",
                                                f"evaluate[{name!r}] X"))
    return checked


def _record_classifier(params, evaluate, scores):
    for name, (Xe, le) in evaluate.items():
        P = _two_layer_forward(params, Xe, None, output=_softmax_in_place)[0]
        scores[f"{name}_loss"].append(_mean_surprise(P[np.arange(Xe.shape[0]), le]))
        scores[f"{name}_accuracy"].append(float(np.mean(P.argmax(axis=1) == le)))


# --------------------------------------------------------------------------
# Gradient checking. Derived in chapter 4.
# --------------------------------------------------------------------------


def numerical_gradient(f, A, h=1e-5):
    """Central differences (f(A + h e_i) - f(A - h e_i)) / 2h for every entry of A.

    f: a function of no arguments returning a float that reads A. A: a
    float64 array, perturbed in place one entry at a time and restored.
    Returns an array shaped like A.
    """
    if not callable(f):
        raise ValueError(f"f must be a function of no arguments; got {_describe(f)}")
    if not isinstance(A, np.ndarray) or A.dtype != np.float64:
        raise ValueError(f"A must be a float64 numpy array (perturbed in place); got {_describe(A)}")
    if not (isinstance(h, numbers.Real) and 0 < h < 1):
        raise ValueError(f"h must be a small positive step, e.g. 1e-5; got {_describe(h)}")
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
    """||a - b|| / (||a|| + ||b||): 0 when equal, 1 when opposite. 0 when both are zero."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def gradient_check(params, X, y, *, mask=None, h=1e-5, cost="squared_error"):
    """Compare every analytic gradient with central differences.

    params, X, y, cost: as for ``loss_and_grads`` (cost="cross_entropy"
    checks the softmax classifier of chapter 6, with y its labels).
    mask: a frozen dropout mask (n_samples, n_hidden), so the cost is a
    fixed function of the weights.
    Returns {name: relative error}, one entry per parameter.
    """
    names = _names_of(params)
    work = {k: v.copy() for k, v in _check_params(params, names).items()}
    _, grads = loss_and_grads(work, X, y, mask=mask, cost=cost)  # checks X, y and cost
    X = _as_matrix("X", X)
    if cost == "cross_entropy":
        def C():
            return cross_entropy(classifier_forward(work, X, mask=mask)[0], y)
    else:
        y = _as_matrix("y", y)

        def C():
            return float(squared_error(forward(work, X, mask=mask)[0], y))

    return {k: relative_error(grads[k], numerical_gradient(C, work[k], h)) for k in work}
