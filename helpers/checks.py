"""Argument checks for helpers.net (and helpers.deep, at the end), kept out of the maths' way.

Every public function of ``helpers.net`` makes one call here first (or hands its
arguments to one that does), so a reader who passes the wrong thing meets a
``ValueError`` that names the argument, what it wanted and what it got, never a
raw numpy broadcasting error. The functions
named ``*_args`` check the arguments of the ``net`` function of the same name
and return them converted (lists to arrays, integers to float64).

A training loop passes the same arrays, checked once before the loop, to the
forward and backward passes thousands of times. Inside ``with skipped():``,
``active`` is False, and the functions of ``net`` that a loop calls skip their
check (``if checks.active: ...``): on the post's 3-5-1 XOR net the checks would make
each training step about four times slower.

The two trainers take their settings by keyword (``lr=``, ``n_steps=``, ...); the mark
``@keywords_named`` above them turns a call that gives those by position into a
ValueError that shows the call written with the names.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import numbers

import numpy as np

active = True  # False inside ``skipped()``


@contextlib.contextmanager
def skipped():
    """Within this block ``active`` is False, and net's functions skip their checks."""
    global active
    before, active = active, False
    try:
        yield
    finally:
        active = before


# --------------------------------------------------------------------------
# Single arguments
# --------------------------------------------------------------------------


def describe(a):
    """A short description of ``a`` for an error message: its shape and dtype, or its value."""
    if isinstance(a, np.ndarray):
        return f"an array of shape {a.shape} and dtype {a.dtype}"
    return f"{type(a).__name__} {a!r}"


def matrix(name, a, *, n_cols=None, n_rows=None):
    """Return ``a`` as a finite float64 matrix, or raise ValueError naming ``name``."""
    if isinstance(a, (list, tuple)):
        try:
            a = np.asarray(a, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a 2-D array of numbers; got {describe(a)}") from None
    if not isinstance(a, np.ndarray):
        raise ValueError(f"{name} must be a 2-D numpy array; got {describe(a)}")
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


def numbers_array(name, a):
    """Return ``a`` (a number or an array of any shape) as real float64, or raise."""
    try:
        out = np.array(a, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers; got {describe(a)}") \
            from None
    if np.iscomplexobj(a):
        raise ValueError(f"{name} must be real; got {describe(a)}")
    return out


def targets(name, y):
    """``y`` unchanged, unless it is 1-D. Targets are a matrix, one row per example,
    (n_samples, n_outputs); a 1-D y such as np.array([0, 1, 1, 0]) is the commonest slip,
    so this message says how to make it a column. Every check of a net's y calls this first."""
    if isinstance(y, np.ndarray) and y.ndim == 1:
        fix = f"{name}.reshape(-1, 1)"
    elif isinstance(y, (list, tuple)) and all(isinstance(v, numbers.Number) for v in y):
        fix = f"np.array({name}).reshape(-1, 1)"
    else:
        return y
    raise ValueError(f"{name} must be 2-D, one row per example, (n_samples, n_outputs); got 1-D "
                     f"shape ({len(y)},): for one target per example use {fix}, shape "
                     f"({len(y)}, 1)")


def xy(X, y):
    """X and y as matrices with one row per example."""
    X = matrix("X", X)
    y = matrix("y", targets("y", y))
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y must have the same number of rows; got X with {X.shape[0]} "
            f"and y with {y.shape[0]}"
        )
    return X, y


def weight_names(params):
    """Weight names W0, W1, ... present in ``params``, in order: W0 alone, or W0 and W1."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of weight matrices; got {describe(params)}")
    names = []
    while f"W{len(names)}" in params:
        names.append(f"W{len(names)}")
    if len(names) not in (1, 2):
        raise ValueError(
            f"params must hold W0 (no hidden layer) or W0 and W1 (one hidden layer); "
            f"got keys {sorted(params)}"
        )
    return names


def weights(params, names):
    """Check the weight dict for a net whose weights are ``names``; return a new dict of its
    arrays as float64 (the caller's own arrays when they are float64 already: not copies)."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of weight matrices; got {describe(params)}")
    missing = [k for k in names if k not in params]
    if missing:
        raise ValueError(
            f"params must have keys {sorted(names)}; missing {missing} "
            f"in {sorted(params)}"
        )
    out = {}
    for k in names:
        out[k] = matrix(f"params['{k}']", params[k])
    biases = [f"b{k[1:]}" for k in names]
    present = [b for b in biases if b in params]
    if present and len(present) != len(biases):
        raise ValueError(f"params must have all of the biases {biases} or none; got only {present}")
    for k, b in zip(names, present):
        out[b] = matrix(f"params['{b}']", params[b], n_rows=1, n_cols=out[k].shape[1])
    for a, b in zip(names, names[1:]):
        if out[a].shape[1] != out[b].shape[0]:
            raise ValueError(
                f"params['{a}'] has {out[a].shape[1]} column(s) but params['{b}'] has "
                f"{out[b].shape[0]} row(s); they must match"
            )
    return out


def dropout_rate(p):
    """p as a float in [0, 1)."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise ValueError(f"dropout_rate must be a number in [0, 1); got {describe(p)}")
    if not 0.0 <= float(p) < 1.0:
        raise ValueError(f"dropout_rate must be in [0, 1); got {p}")
    return float(p)


def weight_decay(value):
    """lambda as a finite float >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"weight_decay must be a number >= 0; got {describe(value)}")
    if not (np.isfinite(value) and value >= 0):
        raise ValueError(f"weight_decay must be a finite number >= 0; got {value}")
    return float(value)


def rng(rng):
    """rng, which must be a numpy Generator."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy Generator, e.g. np.random.default_rng(0); got {describe(rng)}"
        )
    return rng


def positive_int(name, n):
    """n as a positive int."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise ValueError(f"{name} must be a positive integer; got {describe(n)}")
    if n <= 0:
        raise ValueError(f"{name} must be a positive integer; got {n}")
    return int(n)


def lr(lr):
    """The learning rate as a positive finite float."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise ValueError(f"lr must be a positive number; got {describe(lr)}")
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number; got {lr}")
    return float(lr)


def momentum(beta):
    """The momentum beta as a float in [0, 1)."""
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
        raise ValueError(f"momentum must be a number in [0, 1); got {describe(beta)}")
    if not 0.0 <= float(beta) < 1.0:
        raise ValueError(f"momentum must be in [0, 1); got {beta}")
    return float(beta)


def boolean(name, value):
    """value, which must be True or False."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False; got {describe(value)}")
    return value


def labels(labels, n_rows, n_classes, name="labels", rows_of="X"):
    """Return ``labels`` as an int array (n_rows,) of classes in [0, n_classes), or raise.

    n_rows: None when any number of rows will do. name, rows_of: the argument names the
    message uses for the labels and for the inputs they label.
    """
    if isinstance(labels, (list, tuple)):
        labels = np.asarray(labels)
    if not isinstance(labels, np.ndarray):
        raise ValueError(f"{name} must be a 1-D numpy array of class numbers; got {describe(labels)}")
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


def evaluate_sets(evaluate, n_features, n_out):
    """train's ``evaluate``: {name: (X, y)} with X of n_features columns and y of n_out."""
    if evaluate is None:
        return {}
    if not isinstance(evaluate, dict):
        raise ValueError(
            f"evaluate must be a dict {{name: (X, y)}}; got {describe(evaluate)}")
    checked = {}
    for name, pair in evaluate.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"evaluate[{name!r}] must be a pair (X, y); got {describe(pair)}")
        Xe, ye = xy(*pair)
        matrix(f"evaluate[{name!r}] X", Xe, n_cols=n_features)
        matrix(f"evaluate[{name!r}] y", ye, n_cols=n_out)
        checked[str(name)] = (Xe, ye)
    return checked


def classifier_evaluate_sets(evaluate, n_features, n_classes):
    """train_classifier's ``evaluate``: {name: (X, labels)}."""
    if evaluate is None:
        return {}
    if not isinstance(evaluate, dict):
        raise ValueError(f"evaluate must be a dict {{name: (X, labels)}}; got {describe(evaluate)}")
    checked = {}
    for name, pair in evaluate.items():
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"evaluate[{name!r}] must be a pair (X, labels); got {describe(pair)}")
        Xe = matrix(f"evaluate[{name!r}] X", pair[0], n_cols=n_features)
        checked[str(name)] = (Xe, labels(pair[1], Xe.shape[0], n_classes,
                                         f"evaluate[{name!r}] labels", f"evaluate[{name!r}] X"))
    return checked


# --------------------------------------------------------------------------
# Keyword arguments given by position
# --------------------------------------------------------------------------


def keywords_named(function):
    """Mark a net function whose settings after ``*`` are keywords, such as net.train's
    ``lr=`` and ``n_steps=``. A call that gives them by position, leaves a required one
    out or names one the function does not have gets a ValueError that shows the call
    written with the names, e.g. net.train(params, X, y, lr=0.5, n_steps=1000), where
    Python would say "train() takes 3 positional arguments but 5 were given". A right
    call goes straight to ``function``, whose name, signature and docstring it keeps."""
    parameters = inspect.signature(function).parameters.values()
    positional = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD]
    keywords = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY]
    required = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY and p.default is p.empty]

    @functools.wraps(function)
    def called_by_name(*args, **kwargs):
        if (len(args) > len(positional) or any(k not in kwargs for k in required)
                or any(k not in positional and k not in keywords for k in kwargs)):
            raise keyword_call_error(function.__name__, positional, keywords, required,
                                     args, kwargs)
        return function(*args, **kwargs)
    return called_by_name


def keyword_call_error(name, positional, keywords, required, args, kwargs):
    """The ValueError for a call of net.<name> that does not name its keywords."""
    name = f"net.{name}"
    unknown = [k for k in kwargs if k not in positional and k not in keywords]
    if unknown:
        return ValueError(f"{name} has no argument {' or '.join(k + '=' for k in unknown)}; "
                          f"its keywords are {listed(keywords)}")
    extra = args[len(positional):]
    free = [k for k in keywords if k not in kwargs]  # the keywords the extra values stand for
    if len(extra) > len(free):
        return ValueError(f"{name} takes at most {len(positional) + len(keywords)} arguments, "
                          f"{', '.join(positional)} by position and {listed(keywords)} by "
                          f"name; got {len(args) + len(kwargs)}")
    named = {**dict(zip(free, extra)), **kwargs}
    shown = [k for k in keywords if k in named or k in required]
    call = ", ".join(positional + [f"{k}={shown_value(k, named[k]) if k in named else '...'}"
                                   for k in shown])
    if extra:
        wanted = [k for k in shown if k in free[:len(extra)] or k in required]
        return ValueError(
            f"{name} takes {listed(wanted)} as keywords, by name: call {name}({call}); "
            f"got {len(args)} arguments by position, where it takes {len(positional)} "
            f"({', '.join(positional)})")
    missing = [k for k in required if k not in kwargs]
    return ValueError(f"{name} needs the keyword{'s' * (len(missing) > 1)} {listed(missing)}: "
                      f"call {name}({call})")


def listed(keywords):
    """lr= and n_steps=; or lr=, n_epochs=, batch_size= and rng=."""
    names = [f"{k}=" for k in keywords]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def shown_value(keyword, value):
    """A value as the suggested call shows it: a number or a short string as itself, anything
    else (an rng, a dict of sets) by the keyword's own name."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str) and len(value) <= 20:
        return repr(value)
    return keyword


# --------------------------------------------------------------------------
# The arguments of each function of helpers.net, in the order net.py has them
# --------------------------------------------------------------------------


def sigmoid_args(z):
    return numbers_array("z", z)


def same_shape_args(a, b, name_a, name_b):
    a, b = numbers_array(name_a, a), numbers_array(name_b, b)
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape; "
                         f"got {a.shape} and {b.shape}")
    return a, b


def output_and_target_args(L_out, y):
    """L_out shaped like y, or a stack of such outputs (a leading axis, one per step)."""
    L_out, y = numbers_array("L_out", L_out), numbers_array("y", targets("y", y))
    if y.ndim != 2 or L_out.shape[-2:] != y.shape or L_out.ndim not in (2, 3):
        raise ValueError(f"L_out must have the shape of y, {y.shape}, or be a stack of such "
                         f"outputs; got L_out {L_out.shape} and y {y.shape}")
    return L_out, y


def init_params_args(layer_sizes, generator, scale):
    if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) not in (2, 3):
        raise ValueError(
            "layer_sizes must be a list of 2 or 3 sizes, e.g. [3, 1] or [3, 5, 1]; "
            f"got {describe(layer_sizes)}"
        )
    sizes = [positive_int(f"layer_sizes[{i}]", n) for i, n in enumerate(layer_sizes)]
    rng(generator)
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not scale > 0:
        raise ValueError(f"scale must be a positive number; got {describe(scale)}")
    return sizes


def one_layer_forward_args(params, X):
    params = weights(params, ["W0"])
    return params, matrix("X", X, n_cols=params["W0"].shape[0])


def two_layer_forward_args(params, X):
    params = weights(params, ["W0", "W1"])
    return params, matrix("X", X, n_cols=params["W0"].shape[0])


def backward_args(d, cache, name, output_name, cache_type):
    """d, the gradient at the output, shaped like the output the cache holds."""
    if not isinstance(cache, cache_type):
        raise ValueError(f"cache must be the {cache_type.__name__} that the forward pass "
                         f"returned; got {describe(cache)}")
    out = getattr(cache, output_name)
    return matrix(name, d, n_rows=out.shape[0], n_cols=out.shape[1])


def like_params(name, value, params):
    """value (grads or velocity), a dict with params' keys and, for each, its shape."""
    if not isinstance(value, dict) or set(value) != set(params):
        raise ValueError(
            f"{name} must have the same keys as params {sorted(params)}; got "
            f"{sorted(value) if isinstance(value, dict) else describe(value)}"
        )
    for k in params:
        if np.shape(value[k]) != np.shape(params[k]):
            raise ValueError(f"{name}['{k}'] must have the shape of params['{k}'], "
                             f"{np.shape(params[k])}; got {np.shape(value[k])}")


def sgd_step_args(params, grads, learning_rate):
    learning_rate = lr(learning_rate)
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of weight matrices; got {describe(params)}")
    like_params("grads", grads, params)
    return learning_rate


def momentum_step_args(params, grads, velocity, learning_rate, beta):
    learning_rate = sgd_step_args(params, grads, learning_rate)
    like_params("velocity", velocity, params)
    return learning_rate, momentum(beta)


def dropout_mask_args(shape, p, generator):
    if (not isinstance(shape, tuple) or not shape
            or not all(isinstance(n, numbers.Integral) and n > 0 for n in shape)):
        raise ValueError(f"shape must be a tuple of positive integers, e.g. (4, 5); "
                         f"got {describe(shape)}")
    return dropout_rate(p), rng(generator)


def dropout_forward_args(L, p, generator, mask, train):
    L = matrix("L", L)
    p = dropout_rate(p)
    boolean("train", train)
    if train and mask is not None:
        mask = matrix("mask", mask, n_rows=L.shape[0], n_cols=L.shape[1])
    elif train and p > 0.0:
        rng(generator)
    return L, mask


def l2_penalty_args(params, decay):
    weights(params, weight_names(params))
    return weight_decay(decay)


def dropout_backward_args(dout, mask):
    dout = matrix("dout", dout)
    if mask is not None:
        mask = matrix("mask", mask, n_rows=dout.shape[0], n_cols=dout.shape[1])
    return dout, mask


def forward_args(params, p, mask):
    if len(weight_names(params)) == 1 and (p != 0.0 or mask is not None):
        raise ValueError(
            "dropout_rate and mask apply to a hidden layer; the net with no hidden "
            f"layer has none (got dropout_rate={p!r})"
        )


def loss_and_grads_args(params, X, y, cost):
    if cost == "cross_entropy":
        return X, y  # classifier_forward and cross_entropy check them
    if cost != "squared_error":
        raise ValueError(f"cost must be 'squared_error' or 'cross_entropy'; got {describe(cost)}")
    X, y = xy(X, y)
    names = weight_names(params)
    n_out = weights(params, names)[names[-1]].shape[1]
    if y.shape[1] != n_out:
        raise ValueError(f"y must have shape {(X.shape[0], n_out)} to match the net's output; "
                         f"got {y.shape}")
    return X, y


def train_args(params, X, y, learning_rate, n_steps, generator, p, evaluate, eval_every,
               decay=0.0, beta=0.0):
    """Every argument of net.train; returns float64 params, X, y and the checked evaluate."""
    names = weight_names(params)
    params = weights(params, names)
    X, y = xy(X, y)
    matrix("X", X, n_cols=params["W0"].shape[0])
    n_out = params[names[-1]].shape[1]
    matrix("y", y, n_cols=n_out)
    lr(learning_rate)
    positive_int("n_steps", n_steps)
    p = dropout_rate(p)
    if p > 0.0:
        if len(names) == 1:
            raise ValueError("dropout_rate must be 0 for the net with no hidden layer; "
                             f"got {p}")
        rng(generator)
    positive_int("eval_every", eval_every)
    weight_decay(decay)
    momentum(beta)
    return params, X, y, evaluate_sets(evaluate, X.shape[1], n_out)


def numerical_gradient_args(f, A, h):
    if not callable(f):
        raise ValueError(f"f must be a function of no arguments; got {describe(f)}")
    if not isinstance(A, np.ndarray) or A.dtype != np.float64:
        raise ValueError(f"A must be a float64 numpy array (perturbed in place); got {describe(A)}")
    if not (isinstance(h, numbers.Real) and 0 < h < 1):
        raise ValueError(f"h must be a small positive step, e.g. 1e-5; got {describe(h)}")


def gradient_check_args(params, X, y, cost):
    params = weights(params, weight_names(params))
    X, y = loss_and_grads_args(params, X, y, cost)
    return params, matrix("X", X), y


def softmax_args(z):
    z = numbers_array("z", z)
    if z.ndim == 0:
        raise ValueError(f"z must have at least one axis, the classes; got {describe(z)}")
    return z


def one_hot_args(label_array, n_classes):
    return labels(label_array, None, positive_int("n_classes", n_classes))


def probabilities_and_labels_args(P, label_array):
    P = matrix("P", P)
    return P, labels(label_array, P.shape[0], P.shape[1])


def accuracy_args(params, X, label_array):
    params = weights(params, ["W0", "W1"])
    X = matrix("X", X, n_cols=params["W0"].shape[0])
    return labels(label_array, X.shape[0], params["W1"].shape[1])


def train_classifier_args(params, X, label_array, learning_rate, n_epochs, batch_size,
                          generator, p, evaluate, eval_every, beta=0.0):
    """Every argument of net.train_classifier; returns params, X, labels and evaluate."""
    params = weights(params, ["W0", "W1"])
    X = matrix("X", X, n_cols=params["W0"].shape[0])
    n_classes = params["W1"].shape[1]
    label_array = labels(label_array, X.shape[0], n_classes)
    lr(learning_rate)
    positive_int("n_epochs", n_epochs)
    positive_int("batch_size", batch_size)
    rng(generator)
    dropout_rate(p)
    evaluate = classifier_evaluate_sets(evaluate, X.shape[1], n_classes)
    positive_int("eval_every", eval_every)
    momentum(beta)
    return params, X, label_array, evaluate


# --------------------------------------------------------------------------
# The arguments of helpers.deep (chapter 7): nets of any depth
# --------------------------------------------------------------------------


def deep_weight_names(params):
    """W0, ..., W{n-1}, every weight of a net of any depth; params holds nothing else but
    their biases."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict of weight matrices; got {describe(params)}")
    names = []
    while f"W{len(names)}" in params:
        names.append(f"W{len(names)}")
    allowed = set(names) | {f"b{k}" for k in range(len(names))}
    if not names or set(params) - allowed:
        raise ValueError(f"params must hold W0, W1, ... (one weight matrix per layer, numbered "
                         f"from 0) and optionally their biases b0, b1, ...; got keys "
                         f"{sorted(params)}")
    return names


def activation(name, allowed):
    """name, which must be one of the keys of ``allowed``."""
    if not isinstance(name, str) or name not in allowed:
        raise ValueError(f"activation must be one of {', '.join(repr(a) for a in allowed)}; "
                         f"got {describe(name)}")
    return name


def init_deep_params_args(layer_sizes, generator, scale):
    if not isinstance(layer_sizes, (list, tuple)) or len(layer_sizes) < 2:
        raise ValueError("layer_sizes must be a list of 2 or more sizes, e.g. [3, 5, 5, 1]; "
                         f"got {describe(layer_sizes)}")
    sizes = [positive_int(f"layer_sizes[{i}]", n) for i, n in enumerate(layer_sizes)]
    rng(generator)
    if isinstance(scale, str) and scale in ("xavier", "he"):
        return sizes, scale
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not scale > 0:
        raise ValueError(f"scale must be a positive number, 'xavier' or 'he'; "
                         f"got {describe(scale)}")
    return sizes, float(scale)


def deep_forward_args(params, X, name, allowed):
    activation(name, allowed)
    params = weights(params, deep_weight_names(params))
    return params, matrix("X", X, n_cols=params["W0"].shape[0])


def deep_train_args(params, X, y, learning_rate, n_steps, name, allowed):
    """Every argument of deep.deep_train; returns float64 params, X and y."""
    names = deep_weight_names(params)
    params, X = deep_forward_args(params, X, name, allowed)
    X, y = xy(X, y)
    matrix("y", y, n_cols=params[names[-1]].shape[1])
    lr(learning_rate)
    positive_int("n_steps", n_steps)
    return params, X, y


def deltas_list(deltas):
    """deep_backward's ``deltas``: None, or a list to append the error signals to."""
    if deltas is not None and not isinstance(deltas, list):
        raise ValueError(f"deltas must be None or a list to append each layer's delta to; "
                         f"got {describe(deltas)}")
