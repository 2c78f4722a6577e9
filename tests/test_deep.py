"""Tests for helpers/deep.py (chapter 7): every gradient against central differences, the loop
against the two-layer net, the activations' pairs, training, and errors."""

import numpy as np
import pytest

from conftest import assert_clear_error
from helpers import deep, net

X_XOR = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T
RNG = np.random.default_rng(0)
ACTIVATIONS = ["sigmoid", "tanh", "relu"]


def cost_and_grads(params, X, y, activation):
    out, cache = deep.deep_forward(params, X, activation)
    return net.squared_error(out, y), deep.deep_backward(net.squared_error_backward(out, y), cache)


def numerical_grads(params, X, y, activation):
    """Central differences of the cost for every entry of every parameter (chapter 4's)."""
    work = {k: v.copy() for k, v in params.items()}

    def C():
        return net.squared_error(deep.deep_forward(work, X, activation)[0], y)

    return {k: net.numerical_gradient(C, work[k]) for k in work}


# ---------------------------------------------------------------- gradients


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("bias", [False, True])
def test_every_gradient_matches_central_differences(activation, depth, bias):
    rng = np.random.default_rng(10 * depth + bias + len(activation))
    sizes = [4] + [5] * (depth - 1) + [2]
    params = deep.init_deep_params(sizes, rng, scale=1.0, bias=bias)
    if bias:  # nonzero biases, so a gradient that forgot them would show
        params.update({k: rng.normal(size=v.shape) for k, v in params.items() if k[0] == "b"})
    X, y = rng.normal(size=(7, 4)), rng.random((7, 2))
    _, grads = cost_and_grads(params, X, y, activation)
    numeric = numerical_grads(params, X, y, activation)
    assert grads.keys() == params.keys() == numeric.keys()
    for k in params:
        assert grads[k].shape == params[k].shape
        assert net.relative_error(grads[k], numeric[k]) < 1e-7, (k, activation, depth, bias)


def test_the_check_catches_a_wrong_local_jacobian(monkeypatch):
    # the test above can fail: tanh's slope taken as 1 - L (not 1 - L^2) is caught
    rng = np.random.default_rng(1)
    params = deep.init_deep_params([4, 5, 5, 2], rng, scale=1.0)
    X, y = rng.normal(size=(7, 4)), rng.random((7, 2))
    monkeypatch.setitem(deep.ACTIVATIONS, "tanh", (deep.tanh, lambda dL, L: dL * (1.0 - L)))
    _, grads = cost_and_grads(params, X, y, "tanh")
    numeric = numerical_grads(params, X, y, "tanh")
    assert net.relative_error(grads["W0"], numeric["W0"]) > 1e-3


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_each_activations_backward_is_its_slope(name):
    f, f_backward = deep.ACTIVATIONS[name]
    z = np.linspace(-3, 3, 61)[None, :] + 0.01  # no point at ReLU's kink, z = 0
    h = 1e-6
    slope = (f(z + h) - f(z - h)) / (2 * h)
    dL = np.random.default_rng(2).normal(size=z.shape)
    np.testing.assert_allclose(f_backward(dL, f(z)), dL * slope, rtol=1e-7, atol=1e-9)


def test_relu_passes_what_is_positive_and_nothing_else():
    z = np.array([[-2.0, -0.0, 0.0, 1e-300, 3.0]])
    np.testing.assert_array_equal(deep.relu(z), [[0, 0, 0, 1e-300, 3.0]])
    np.testing.assert_array_equal(deep.relu_backward(np.ones_like(z), deep.relu(z)),
                                  [[0, 0, 0, 1, 1]])
    np.testing.assert_array_equal(deep.tanh(z), np.tanh(z))


# ---------------------------------------------------------------- the loop is the two-layer net


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("sizes", [[3, 5, 1], [65, 64, 10], [2, 16, 1]])
def test_two_layers_of_sigmoids_are_the_two_layer_net_exactly(sizes, bias):
    rng = np.random.default_rng(sum(sizes))
    params = deep.init_deep_params(sizes, np.random.default_rng(3), bias=bias)
    two = net.init_params(sizes, np.random.default_rng(3), bias=bias)
    assert params.keys() == two.keys()
    for k in params:  # the same draws as chapter 2's init_params
        np.testing.assert_array_equal(params[k], two[k])
    if bias:
        params = {k: v + (rng.normal(size=v.shape) if k[0] == "b" else 0)
                  for k, v in params.items()}
    X = rng.normal(size=(9, sizes[0]))
    dout = rng.normal(size=(9, sizes[-1]))
    out, cache = deep.deep_forward(params, X)
    out2, cache2 = net.two_layer_forward(params, X)
    np.testing.assert_array_equal(out, out2)
    grads, grads2 = deep.deep_backward(dout, cache), net.two_layer_backward(dout, cache2)
    assert grads.keys() == grads2.keys()
    for k in grads:
        np.testing.assert_array_equal(grads[k], grads2[k])


def test_one_layer_is_the_net_with_no_hidden_layer():
    params = deep.init_deep_params([3, 1], np.random.default_rng(4))
    out, cache = deep.deep_forward(params, X_XOR)
    out1, cache1 = net.one_layer_forward(params, X_XOR)
    np.testing.assert_array_equal(out, out1)
    dout = out - Y_XOR
    np.testing.assert_array_equal(deep.deep_backward(dout, cache)["W0"],
                                  net.one_layer_backward(dout, cache1)["W0"])


def test_deep_train_is_net_train_on_the_two_layer_net():
    params = net.init_params([3, 5, 1], np.random.default_rng(0), scale=1.0)
    trained, history = deep.deep_train(params, X_XOR, Y_XOR, lr=1.0, n_steps=300)
    trained2, history2 = net.train(params, X_XOR, Y_XOR, lr=1.0, n_steps=300)
    np.testing.assert_array_equal(history["loss"], history2["loss"])
    for k in trained:
        np.testing.assert_array_equal(trained[k], trained2[k])


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_deep_train_takes_the_steps_written_out(activation):
    rng = np.random.default_rng(5)
    params = deep.init_deep_params([2, 6, 6, 1], rng, scale="he", bias=True)
    X, y = rng.normal(size=(10, 2)), rng.random((10, 1))
    trained, history = deep.deep_train(params, X, y, lr=0.1, n_steps=20, activation=activation)
    p, costs = params, []
    for _ in range(20):
        C, grads = cost_and_grads(p, X, y, activation)
        costs.append(C)
        p = net.sgd_step(p, grads, 0.1)
    np.testing.assert_array_equal(history["loss"], costs)
    for k in p:
        np.testing.assert_array_equal(trained[k], p[k])
    assert history["loss"][-1] < history["loss"][0]


def test_deltas_are_the_bias_gradients_and_come_top_layer_first():
    rng = np.random.default_rng(6)
    params = deep.init_deep_params([3, 4, 5, 2], rng, scale=1.0, bias=True)
    X = rng.normal(size=(8, 3))
    out, cache = deep.deep_forward(params, X, "tanh")
    deltas = []
    grads = deep.deep_backward(out, cache, deltas=deltas)
    assert [d.shape for d in deltas] == [(8, 2), (8, 5), (8, 4)]
    for k, d in zip([2, 1, 0], deltas):
        np.testing.assert_array_equal(grads[f"b{k}"], d.sum(axis=0, keepdims=True))


@pytest.mark.parametrize("scale,factor", [("xavier", 1.0), ("he", 2.0)])
def test_the_scale_rules_give_the_variance_one_over_fan_in(scale, factor):
    params = deep.init_deep_params([400, 300, 200], np.random.default_rng(7), scale=scale)
    for k, fan_in in (("W0", 400), ("W1", 300)):
        assert abs(params[k].var() * fan_in / factor - 1) < 0.02, (k, params[k].var())


# ---------------------------------------------------------------- bad input

P3 = deep.init_deep_params([3, 4, 4, 1], RNG)
CACHE3 = deep.deep_forward(P3, X_XOR)[1]

DEEP_BAD_INPUTS = [
    ("activation unknown", lambda: deep.deep_forward(P3, X_XOR, "softplus"),
     ["activation", "'sigmoid', 'tanh', 'relu'", "softplus"]),
    ("activation not a string", lambda: deep.deep_forward(P3, X_XOR, deep.relu),
     ["activation", "function"]),
    ("params with a gap", lambda: deep.deep_forward({"W0": P3["W0"], "W2": P3["W2"]}, X_XOR),
     ["params", "W0, W1", "W2"]),
    ("params with a stray key", lambda: deep.deep_forward({**P3, "V": P3["W0"]}, X_XOR),
     ["params", "biases", "'V'"]),
    ("params empty", lambda: deep.deep_forward({}, X_XOR), ["params", "W0"]),
    ("deep weights don't chain", lambda: deep.deep_forward({**P3, "W1": np.ones((3, 4))}, X_XOR),
     ["W0", "4 column", "W1", "3 row"]),
    ("deep half the biases", lambda: deep.deep_forward({**P3, "b0": np.zeros((1, 4))}, X_XOR),
     ["biases", "b1", "b2"]),
    ("deep X wrong width", lambda: deep.deep_forward(P3, np.ones((4, 2))), ["X", "3 column"]),
    ("deep backward dout wrong shape", lambda: deep.deep_backward(np.ones((3, 1)), CACHE3),
     ["dout", "4 row", "(3, 1)"]),
    ("deep backward not its cache", lambda: deep.deep_backward(np.ones((4, 1)), (1, 2)),
     ["cache", "DeepCache", "tuple"]),
    ("deep backward deltas not a list", lambda: deep.deep_backward(np.ones((4, 1)), CACHE3,
                                                                   deltas=()),
     ["deltas", "list", "tuple"]),
    ("deep init one size", lambda: deep.init_deep_params([3], RNG), ["layer_sizes", "2 or more"]),
    ("deep init width zero", lambda: deep.init_deep_params([3, 0, 1], RNG),
     ["layer_sizes[1]", "positive integer", "0"]),
    ("deep init scale unknown", lambda: deep.init_deep_params([3, 1], RNG, scale="glorot"),
     ["scale", "'xavier' or 'he'", "glorot"]),
    ("deep init scale negative", lambda: deep.init_deep_params([3, 1], RNG, scale=-1.0),
     ["scale", "positive", "-1.0"]),
    ("deep init rng an int", lambda: deep.init_deep_params([3, 1], 0), ["rng", "Generator", "int"]),
    ("deep train y wrong width", lambda: deep.deep_train(P3, X_XOR, np.ones((4, 2)), lr=1.0,
                                                         n_steps=1),
     ["y", "1 column", "(4, 2)"]),
    ("deep train 1-D y", lambda: deep.deep_train(P3, X_XOR, np.ones(4), lr=1.0, n_steps=1),
     ["y", "reshape(-1, 1)"]),
    ("deep train lr zero", lambda: deep.deep_train(P3, X_XOR, Y_XOR, lr=0.0, n_steps=1),
     ["lr", "positive", "0.0"]),
    ("deep train n_steps zero", lambda: deep.deep_train(P3, X_XOR, Y_XOR, lr=1.0, n_steps=0),
     ["n_steps", "positive integer", "0"]),
    ("deep train activation", lambda: deep.deep_train(P3, X_XOR, Y_XOR, lr=1.0, n_steps=1,
                                                      activation="Tanh"),
     ["activation", "'tanh'", "Tanh"]),
    ("tanh of strings", lambda: deep.tanh("a"), ["z", "number"]),
    ("relu of a dict", lambda: deep.relu({"z": 1}), ["z", "number", "dict"]),
    ("tanh_backward shapes", lambda: deep.tanh_backward(np.ones(3), np.ones(4)),
     ["dL", "L", "same shape"]),
    ("relu_backward shapes", lambda: deep.relu_backward(np.ones((2, 2)), np.ones(2)),
     ["dL", "L", "same shape"]),
]


@pytest.mark.parametrize("call,words", [(c, w) for _, c, w in DEEP_BAD_INPUTS],
                         ids=[name for name, _, _ in DEEP_BAD_INPUTS])
def test_bad_input_gets_a_clear_error(call, words):
    assert_clear_error(call, words)
