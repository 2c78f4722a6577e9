"""Nets of any depth: a loop over layers, with the sigmoid, tanh or ReLU. Chapter 7.

A module of its own, beside ``helpers.net``: net.py holds the nets of chapters 1 to 6 in the
order the book derives them, and is already long. This module reuses what it can from there
(the sigmoid and its backward pass, the squared error, ``sgd_step``) and adds only what a
deeper net needs. The names follow the book's table, counted on: ``L0`` is X, layer k makes
``L_k = f(L_{k-1} W_{k-1} [+ b_{k-1}])``, ``delta_k = dC/dz_k`` is the error signal at its
input, and the last layer is the sigmoid, as in the book's other nets.

With two layers and the sigmoid, ``deep_forward`` and ``deep_backward`` give what
``net.two_layer_forward`` and ``net.two_layer_backward`` give (tests/test_deep.py).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from helpers import checks, net

__all__ = [
    "tanh",
    "tanh_backward",
    "relu",
    "relu_backward",
    "ACTIVATIONS",
    "SCALE_RULE",
    "init_deep_params",
    "DeepCache",
    "deep_forward",
    "deep_backward",
    "deep_train",
]


# ==========================================================================
# Two more activations, as forward/backward pairs like net.sigmoid's
# ==========================================================================


def tanh(z):
    """f(z) = tanh(z) = (e^z - e^-z) / (e^z + e^-z), elementwise, in (-1, 1). Chapter 7.

    z: a number or an array of any shape. Returns float64, same shape.
    """
    if checks.active:
        z = checks.numbers_array("z", z)
    return np.tanh(z)


def tanh_backward(dL, L):
    """Gradient through L = tanh(z): dz = dL * f'(z), with f'(z) = 1 - L^2. Chapter 7.

    dL: dC/dL. L: tanh's OUTPUT, same shape. Returns dC/dz, same shape.
    """
    if checks.active:
        dL, L = checks.same_shape_args(dL, L, "dL", "L")
    return dL * (1.0 - L * L)


def relu(z):
    """f(z) = max(z, 0), elementwise: the rectified linear unit. Chapter 7.

    z: a number or an array of any shape. Returns float64, same shape.
    """
    if checks.active:
        z = checks.numbers_array("z", z)
    return np.maximum(z, 0.0)


def relu_backward(dL, L):
    """Gradient through L = max(z, 0): dz = dL where L > 0, else 0. Chapter 7.

    f'(z) is 1 for z > 0 and 0 for z < 0; at z = 0 we take 0. L > 0 exactly
    where z > 0, so the output is enough, as for the sigmoid.
    dL: dC/dL. L: the ReLU's OUTPUT, same shape. Returns dC/dz, same shape.
    """
    if checks.active:
        dL, L = checks.same_shape_args(dL, L, "dL", "L")
    return dL * (L > 0.0)


# name: (f, its backward pass from the output L)
ACTIVATIONS = {
    "sigmoid": (net.sigmoid, net.sigmoid_backward),
    "tanh": (tanh, tanh_backward),
    "relu": (relu, relu_backward),
}


# ==========================================================================
# A net of any depth
# ==========================================================================


# the rule's spread for each activation, init_deep_params's ``scale``: Xavier's for the
# sigmoid and tanh, He's for the ReLU (derived in chapter 7)
SCALE_RULE = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}


def init_deep_params(layer_sizes, rng, *, scale=0.1, bias=False):
    """Weights W0, W1, ... drawn from normal(0, sigma), one matrix per layer. Chapter 7.

    layer_sizes: [n_features, n_1, ..., n_outputs], two sizes or more.
    rng: np.random.Generator. scale: sigma, a positive number for every layer,
    or "xavier" (sigma = sqrt(1 / fan_in)) or "he" (sigma = sqrt(2 / fan_in)),
    with fan_in the layer's number of inputs. bias: also make zero biases b0, b1, ...
    Returns {"W0": (n_features, n_1), ...}, drawn in the order W0, W1, ... as
    net.init_params draws them: with a number for ``scale``, the same weights.
    """
    sizes, scale = checks.init_deep_params_args(layer_sizes, rng, scale)
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        if scale == "xavier":
            sigma = np.sqrt(1.0 / n_in)
        elif scale == "he":
            sigma = np.sqrt(2.0 / n_in)
        else:
            sigma = scale
        params[f"W{i}"] = rng.normal(0.0, sigma, (n_in, n_out))
    if bias:
        for i, n_out in enumerate(sizes[1:]):
            params[f"b{i}"] = np.zeros((1, n_out))
    return params


class DeepCache(NamedTuple):
    """What deep_backward needs from the forward pass. Chapter 7."""

    L: list  # [X, L1, ..., L_n]: every layer's output, X first; L[k] is (n_samples, n_k)
    W: list  # [W0, ..., W_{n-1}], as they were in this forward pass
    activation: str  # the hidden layers' function, a key of ACTIVATIONS
    has_bias: bool

    @property
    def output(self):
        """The net's output L_n, (n_samples, n_outputs)."""
        return self.L[-1]


def deep_forward(params, X, activation="sigmoid"):
    """L_k = f(L_{k-1} W_{k-1} [+ b_{k-1}]) for k = 1, ..., n, from L_0 = X. Chapter 7.

    The hidden layers use ``activation`` ("sigmoid", "tanh" or "relu"); the
    last layer is the sigmoid, as in the book's other nets.
    params: {"W0": (n_features, n_1), ..., "W{n-1}": (n_{n-1}, n_outputs)},
    optionally "b0": (1, n_1), ... for every layer. X: (n_samples, n_features).
    Returns L_n (n_samples, n_outputs), the prediction y-hat, and a DeepCache.
    """
    if checks.active:
        params, X = checks.deep_forward_args(params, X, activation, ACTIVATIONS)
    f = ACTIVATIONS[activation][0]
    has_bias = "b0" in params
    n_layers = len(params) // 2 if has_bias else len(params)  # W0, ..., and as many b's
    W, L = [], [X]
    for k in range(n_layers):
        W.append(params[f"W{k}"])
        z = L[k].dot(W[k])  # (n_samples, n_{k+1})
        if has_bias:
            z += params[f"b{k}"]
        L.append(f(z) if k < n_layers - 1 else net.sigmoid(z))
    return L[-1], DeepCache(L, W, activation, has_bias)


def deep_backward(dout, cache, *, deltas=None):
    """Backpropagation through the net of deep_forward, from dC/dL_n, as a loop. Chapter 7.

    delta_n = dout * sigmoid'(z_n), then from the top layer down
        dC/dW_{k-1} = L_{k-1}^T delta_k,   dC/db_{k-1} = delta_k summed over the rows,
        delta_{k-1} = (delta_k W_{k-1}^T) * f'(z_{k-1}):
    each step is the upstream gradient times the layer's local Jacobian.
    dout: (n_samples, n_outputs); with the squared error, L_n - y.
    cache: from deep_forward. deltas: an optional list; each delta_k,
    (n_samples, n_k), is appended to it, delta_n first (to measure them).
    Returns {"W0", ...} (and "b0", ... with biases), shaped like the parameters.
    """
    if checks.active:
        dout = checks.backward_args(dout, cache, "dout", "output", DeepCache)
        checks.deltas_list(deltas)
    L, W, activation, has_bias = cache
    f_backward = ACTIVATIONS[activation][1]
    grads = {}
    delta = net.sigmoid_backward(dout, L[-1])  # the output layer's, (n_samples, n_outputs)
    for k in range(len(W), 0, -1):  # delta is delta_k, at the input of layer k
        if deltas is not None:
            deltas.append(delta)
        grads[f"W{k - 1}"] = L[k - 1].T.dot(delta)  # (n_{k-1}, n_k)
        if has_bias:
            grads[f"b{k - 1}"] = delta.sum(axis=0, keepdims=True)  # the bias was broadcast
        if k > 1:
            delta = f_backward(delta.dot(W[k - 1].T), L[k - 1])  # (n_samples, n_{k-1})
    return grads


def deep_train(params, X, y, *, lr, n_steps, activation="sigmoid"):
    """Full-batch gradient descent on the squared error, for a net of any depth. Chapter 7.

    net.train's loop, with deep_forward and deep_backward in place of the
    two-layer net's passes. params: from init_deep_params (not modified).
    X: (n_samples, n_features). y: (n_samples, n_outputs). lr: eta > 0.
    n_steps: number of updates. activation: the hidden layers' function.
    Returns (params, history): the trained weights and {"loss": (n_steps,)},
    the cost C at each step before its update.
    """
    params, X, y = checks.deep_train_args(params, X, y, lr, n_steps, activation, ACTIVATIONS)
    history = {"loss": np.empty(n_steps)}
    # ---- speed: as in net.train, each step's output is kept in `outputs` and squared_error
    # takes the costs of a block of steps at once; a call per step would make a step of the
    # post's 3-5-1 net 20 % slower (benchmarks/bench_deep.py). A block holds at most 2**20
    # numbers (8 MB).
    block = max(1, min(n_steps, 2**20 // y.size))
    outputs = np.empty((block,) + y.shape)
    # ---- end of speed
    with checks.skipped():  # the arguments were checked above; the loop passes them again
        for step in range(n_steps):
            out, cache = deep_forward(params, X, activation)
            grads = deep_backward(net.squared_error_backward(out, y), cache)
            params = net.sgd_step(params, grads, lr)  # every gradient is computed before any update
            row = step % block
            outputs[row] = out
            if row == block - 1 or step == n_steps - 1:  # speed: the block's costs, at once
                history["loss"][step - row:step + 1] = net.squared_error(outputs[:row + 1], y)
    return params, history
