"""Tests for helpers/net.py: gradients against central differences, dropout, training, errors."""

import warnings

import numpy as np
import pytest

from conftest import assert_clear_error
from helpers import net

# The seed's inputs: the third column is the constant 1 that plays the bias.
X_XOR = np.array([[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]], dtype=float)
# The seed's targets [0, 1, 1, 0] are the first input column, not XOR (the seed
# reordered the rows of its source's X but kept its y). XOR of these rows:
Y_SEED = np.array([[0, 1, 1, 0]], dtype=float).T
Y_XOR = np.array([[0, 0, 1, 1]], dtype=float).T


def random_problem(rng, n_samples, sizes):
    X = rng.normal(size=(n_samples, sizes[0]))
    y = rng.random((n_samples, sizes[-1]))
    return X, y


# ---------------------------------------------------------------- gradients

SHAPES = [
    (5, [3, 1]),
    (7, [4, 3]),
    (6, [2, 4, 1]),
    (9, [5, 7, 3]),
    (4, [3, 5, 1]),
]


@pytest.mark.parametrize("n_samples,sizes", SHAPES)
@pytest.mark.parametrize("bias", [False, True])
def test_every_gradient_matches_central_differences(n_samples, sizes, bias):
    rng = np.random.default_rng(sum(sizes) + n_samples + bias)
    # scale 1 puts the units away from 0, where every term of the chain rule matters
    params = net.init_params(sizes, rng, scale=1.0, bias=bias)
    if bias:
        params = {k: (v + rng.normal(size=v.shape) if k.startswith("b") else v)
                  for k, v in params.items()}
    X, y = random_problem(rng, n_samples, sizes)
    errors = net.gradient_check(params, X, y)
    assert set(errors) == set(params)
    for name, err in errors.items():
        assert err < 1e-7, (name, err)


def test_gradient_check_detects_a_wrong_gradient():
    rng = np.random.default_rng(1)
    params = net.init_params([3, 4, 1], rng, scale=1.0)
    X, y = random_problem(rng, 5, [3, 4, 1])
    _, grads = net.loss_and_grads(params, X, y)

    def cost():
        return net.loss_and_grads(params, X, y)[0]

    numeric = net.numerical_gradient(cost, params["W0"])
    assert net.relative_error(grads["W0"], numeric) < 1e-7
    assert net.relative_error(2 * grads["W0"], numeric) > 0.1


def test_gradient_of_a_known_function():
    A = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = net.numerical_gradient(lambda: float(np.sum(A**3)), A)
    np.testing.assert_allclose(g, 3 * A**2, rtol=1e-8)


def test_sigmoid_derivative_identity():
    z = np.linspace(-8, 8, 33)
    h = 1e-5
    numeric = (net.sigmoid(z + h) - net.sigmoid(z - h)) / (2 * h)
    L = net.sigmoid(z)
    np.testing.assert_allclose(net.sigmoid_backward(np.ones_like(z), L), numeric, rtol=1e-8)
    np.testing.assert_allclose(L, 1 / (1 + np.exp(-z)), rtol=1e-12)


def test_sigmoid_is_silent_and_exact_at_extreme_inputs():
    z = np.array([-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            s = net.sigmoid(z)
    assert np.all(np.isfinite(s))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert np.all(np.diff(s) >= 0)


def test_sigmoid_does_not_modify_its_input():
    z = np.array([[1.0, -2.0]])
    net.sigmoid(z)
    np.testing.assert_array_equal(z, [[1.0, -2.0]])


# ---------------------------------------------------------------- dropout


def test_dropout_rate_zero_is_the_identity():
    rng = np.random.default_rng(2)
    L = rng.random((6, 5))
    out, mask = net.dropout_forward(L, 0.0, rng)
    np.testing.assert_array_equal(out, L)
    assert mask is None
    np.testing.assert_array_equal(net.dropout_backward(L, mask), L)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_preserves_the_expectation(p):
    rng = np.random.default_rng(3)
    L = rng.random((1, 4)) + 0.5
    n = 200_000
    out, mask = net.dropout_forward(np.repeat(L, n, axis=0), p, rng)
    # Each entry of out is L / (1 - p) with probability 1 - p, else 0: the
    # standard error of the mean is L sqrt(p / (1 - p)) / sqrt(n); allow 5 of them.
    tol = 5 * L * np.sqrt(p / (1 - p)) / np.sqrt(n)
    assert np.all(np.abs(out.mean(axis=0) - L) < tol)
    assert set(np.unique(mask)) == {0.0, 1 / (1 - p)}
    assert abs((mask == 0).mean() - p) < 0.01


def test_dropout_gradient_is_exactly_zero_at_dropped_units():
    rng = np.random.default_rng(4)
    params = net.init_params([3, 8, 1], rng, scale=1.0)
    X, y = random_problem(rng, 10, [3, 8, 1])
    out, cache = net.two_layer_forward(params, X, dropout_rate=0.5, rng=rng)
    mask = cache[2]
    assert (mask == 0).any() and (mask > 0).any()
    dL1 = net.dropout_backward(rng.normal(size=mask.shape), mask)
    assert np.all(dL1[mask == 0] == 0.0)
    # A hidden unit dropped for every example gets no gradient into W1's row.
    mask[:, 0] = 0.0
    _, grads = net.loss_and_grads(params, X, y, mask=mask)
    assert np.all(grads["W1"][0] == 0.0)
    assert np.all(grads["W0"][:, 0] == 0.0)


def test_backward_with_frozen_mask_passes_gradient_check():
    rng = np.random.default_rng(5)
    params = net.init_params([4, 6, 2], rng, scale=1.0)
    X, y = random_problem(rng, 8, [4, 6, 2])
    _, cache = net.two_layer_forward(params, X, dropout_rate=0.4, rng=rng)
    errors = net.gradient_check(params, X, y, mask=cache[2])
    assert max(errors.values()) < 1e-7, errors


def test_dropout_is_off_at_evaluation():
    rng = np.random.default_rng(6)
    params = net.init_params([3, 5, 1], rng, scale=1.0)
    clean, _ = net.two_layer_forward(params, X_XOR)
    evals = [net.two_layer_forward(params, X_XOR, dropout_rate=0.5, rng=rng, train=False)[0]
             for _ in range(3)]
    for e in evals:
        np.testing.assert_array_equal(e, clean)
    np.testing.assert_array_equal(net.predict(params, X_XOR), clean)
    L = rng.random((4, 5))
    out, mask = net.dropout_forward(L, 0.5, rng, train=False)
    np.testing.assert_array_equal(out, L)
    assert mask is None
    trained, _ = net.two_layer_forward(params, X_XOR, dropout_rate=0.5, rng=rng)
    assert not np.array_equal(trained, clean)


def test_a_frozen_mask_is_reused():
    rng = np.random.default_rng(7)
    L = rng.random((4, 6))
    out1, mask = net.dropout_forward(L, 0.5, rng)
    out2, mask2 = net.dropout_forward(L, 0.5, mask=mask)
    np.testing.assert_array_equal(out1, out2)
    np.testing.assert_array_equal(mask, mask2)


# ---------------------------------------------------------------- training


def test_train_uses_every_gradient_before_any_update():
    rng = np.random.default_rng(8)
    params = net.init_params([3, 5, 1], rng, scale=1.0)
    trained, history = net.train(params, X_XOR, Y_XOR, lr=0.5, n_steps=1)
    cost, grads = net.loss_and_grads(params, X_XOR, Y_XOR)
    expected = net.sgd_step(params, grads, 0.5)
    for k in params:
        np.testing.assert_allclose(trained[k], expected[k], rtol=1e-13, atol=1e-15)
    assert history["loss"][0] == pytest.approx(cost, rel=1e-13)
    # The seed's order (W1 first, then W0's gradient through the NEW W1) differs.
    W1_new = params["W1"] - 0.5 * grads["W1"]
    out, cache = net.two_layer_forward(params, X_XOR)
    delta2 = (out - Y_XOR) * out * (1 - out)
    L1 = cache[1]
    seed_dW0 = X_XOR.T.dot(delta2.dot(W1_new.T) * L1 * (1 - L1))
    assert not np.allclose(seed_dW0, grads["W0"])


def test_train_does_not_modify_its_arguments():
    rng = np.random.default_rng(9)
    params = net.init_params([3, 5, 1], rng)
    before = {k: v.copy() for k, v in params.items()}
    net.train(params, X_XOR, Y_XOR, lr=1.0, n_steps=5)
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])


def test_history_is_the_cost_at_each_step():
    rng = np.random.default_rng(10)
    params = net.init_params([3, 4, 1], rng, scale=1.0, bias=True)
    p = params
    expected = []
    for _ in range(7):
        cost, grads = net.loss_and_grads(p, X_XOR, Y_XOR)
        expected.append(cost)
        p = net.sgd_step(p, grads, 0.3)
    trained, history = net.train(params, X_XOR, Y_XOR, lr=0.3, n_steps=7)
    np.testing.assert_allclose(history["loss"], expected, rtol=1e-12)
    for k in p:
        np.testing.assert_allclose(trained[k], p[k], rtol=1e-12)


def test_same_seed_same_history():
    def run(seed):
        rng = np.random.default_rng(seed)
        params = net.init_params([3, 5, 1], rng)
        return net.train(params, X_XOR, Y_XOR, lr=1.0, n_steps=300, rng=rng, dropout_rate=0.3)

    (p1, h1), (p2, h2), (_, h3) = run(11), run(11), run(12)
    np.testing.assert_array_equal(h1["loss"], h2["loss"])
    for k in p1:
        np.testing.assert_array_equal(p1[k], p2[k])
    assert not np.array_equal(h1["loss"], h3["loss"])


def test_two_layer_net_learns_xor():
    rng = np.random.default_rng(0)
    params = net.init_params([3, 5, 1], rng)
    trained, history = net.train(params, X_XOR, Y_XOR, lr=1.0, n_steps=10_000)
    assert history["loss"][0] > 0.4  # starts near 4 * 1/2 * (1/2)^2 = 0.5
    assert history["loss"][-1] < 0.01
    np.testing.assert_array_equal(np.round(net.predict(trained, X_XOR)), Y_XOR)


def test_no_hidden_layer_cannot_learn_xor():
    rng = np.random.default_rng(0)
    params = net.init_params([3, 1], rng)
    trained, history = net.train(params, X_XOR, Y_XOR, lr=1.0, n_steps=5000)
    # The best a single line can do on XOR is predict 1/2 everywhere: C = 0.5.
    assert history["loss"][-1] > 0.49
    assert np.all(np.abs(net.predict(trained, X_XOR) - 0.5) < 0.01)


def test_the_seeds_targets_are_linearly_separable():
    np.testing.assert_array_equal(Y_SEED[:, 0], X_XOR[:, 0])
    rng = np.random.default_rng(0)
    trained, history = net.train(net.init_params([3, 1], rng), X_XOR, Y_SEED, lr=1.0, n_steps=1000)
    assert history["loss"][-1] < 0.01


def test_loss_history_spans_blocks_correctly():
    # A long run with a big y forces several blocks of errors; the costs must match.
    rng = np.random.default_rng(13)
    X = rng.normal(size=(3000, 2))
    y = rng.random((3000, 200))
    params = net.init_params([2, 200], rng)
    _, history = net.train(params, X, y, lr=1e-4, n_steps=3)
    p = params
    for step in range(3):
        cost, grads = net.loss_and_grads(p, X, y)
        assert history["loss"][step] == pytest.approx(cost, rel=1e-12)
        p = net.sgd_step(p, grads, 1e-4)


def seed_chapter1(w, iter_size=1000, lr=1.0):
    """The seed's first listing, ported to Python 3 (the book's chapter 1 shows it)."""
    def nonlin(x, deriv=False):
        if deriv:
            return x * (1 - x)
        return 1 / (1 + np.exp(-x))

    for _ in range(iter_size):
        L0 = X_XOR
        L1 = nonlin(L0.dot(w))
        L1_loss = L1 - Y_SEED
        L1_delta = L1_loss * nonlin(L1, True)
        w -= L0.T.dot(L1_delta) * lr
    return L1, w


def test_library_reproduces_the_seed_chapter1_loop():
    rng = np.random.default_rng(14)
    params = net.init_params([3, 1], rng)
    L1_seed, w_seed = seed_chapter1(params["W0"].copy())
    trained, history = net.train(params, X_XOR, Y_SEED, lr=1.0, n_steps=1000)
    np.testing.assert_allclose(trained["W0"], w_seed, rtol=1e-10)
    # The seed prints L1 from its last forward pass, before the last update.
    assert history["loss"][-1] == pytest.approx(0.5 * np.sum((L1_seed - Y_SEED) ** 2), rel=1e-9)


# ---------------------------------------------------------------- bad input

RNG = np.random.default_rng(0)
P2 = net.init_params([3, 5, 1], np.random.default_rng(0))
P1 = net.init_params([3, 1], np.random.default_rng(0))


def _train(**kw):
    args = dict(params=P2, X=X_XOR, y=Y_XOR, lr=1.0, n_steps=3)
    args.update(kw)
    return net.train(args.pop("params"), args.pop("X"), args.pop("y"), **args)


BAD_INPUTS = [
    ("X 1-D", lambda: _train(X=np.ones(3)), ["X", "2-D", "(3,)"]),
    ("X 3-D", lambda: _train(X=np.ones((4, 3, 1))), ["X", "2-D", "(4, 3, 1)"]),
    ("X wrong width", lambda: _train(X=np.ones((4, 2))), ["X", "3 column", "(4, 2)"]),
    ("X and y rows differ", lambda: _train(y=np.ones((5, 1))), ["same number of rows", "4", "5"]),
    ("y wrong width", lambda: _train(y=np.ones((4, 2))), ["y", "1 column", "(4, 2)"]),
    ("X has NaN", lambda: _train(X=np.where(X_XOR == 0, np.nan, X_XOR)), ["X", "finite"]),
    ("y has inf", lambda: _train(y=np.full((4, 1), np.inf)), ["y", "finite"]),
    ("X of strings", lambda: _train(X=np.array([["a", "b", "c"]] * 4)), ["X", "numbers"]),
    ("X not an array", lambda: _train(X="data"), ["X", "2-D", "str"]),
    ("X empty", lambda: _train(X=np.ones((0, 3)), y=np.ones((0, 1))), ["X", "empty"]),
    ("dropout 1", lambda: _train(dropout_rate=1.0, rng=RNG), ["dropout_rate", "[0, 1)", "1.0"]),
    ("dropout negative", lambda: _train(dropout_rate=-0.1, rng=RNG), ["dropout_rate", "[0, 1)", "-0.1"]),
    ("dropout a string", lambda: _train(dropout_rate="0.5", rng=RNG), ["dropout_rate", "number", "str"]),
    ("dropout no rng", lambda: _train(dropout_rate=0.5), ["rng", "Generator", "None"]),
    ("dropout on no hidden layer", lambda: _train(params=P1, dropout_rate=0.5, rng=RNG),
     ["dropout_rate", "no hidden layer"]),
    ("lr zero", lambda: _train(lr=0.0), ["lr", "positive", "0.0"]),
    ("lr negative", lambda: _train(lr=-1), ["lr", "positive", "-1"]),
    ("lr nan", lambda: _train(lr=float("nan")), ["lr", "finite", "nan"]),
    ("n_steps zero", lambda: _train(n_steps=0), ["n_steps", "positive integer", "0"]),
    ("n_steps float", lambda: _train(n_steps=10.5), ["n_steps", "positive integer", "10.5"]),
    ("width zero", lambda: net.init_params([3, 0, 1], RNG), ["layer_sizes[1]", "positive integer", "0"]),
    ("width float", lambda: net.init_params([3, 2.5, 1], RNG), ["layer_sizes[1]", "positive integer", "2.5"]),
    ("width negative", lambda: net.init_params([3, -4, 1], RNG), ["layer_sizes[1]", "positive integer", "-4"]),
    ("too many layers", lambda: net.init_params([3, 4, 4, 1], RNG), ["layer_sizes", "2 or 3"]),
    ("rng is an int", lambda: net.init_params([3, 1], 0), ["rng", "Generator", "int"]),
    ("weights don't chain", lambda: _train(params={"W0": np.ones((3, 5)), "W1": np.ones((4, 1))}),
     ["W0", "5 column", "W1", "4 row"]),
    ("params not a dict", lambda: _train(params=[np.ones((3, 1))]), ["params", "dict", "list"]),
    ("params missing W0", lambda: _train(params={"W1": np.ones((3, 1))}), ["params", "W0"]),
    ("half the biases", lambda: _train(params={**P2, "b0": np.zeros((1, 5))}), ["biases", "b1"]),
    ("bias wrong shape", lambda: _train(params={**P2, "b0": np.zeros((5, 1)), "b1": np.zeros((1, 1))}),
     ["b0", "1 row", "(5, 1)"]),
    ("mask wrong shape", lambda: net.two_layer_forward(P2, X_XOR, mask=np.ones((4, 4))),
     ["mask", "5 column", "(4, 4)"]),
    ("backward dL2 wrong shape", lambda: net.two_layer_backward(np.ones((3, 1)),
                                                               net.two_layer_forward(P2, X_XOR)[1]),
     ["dL2", "4 row", "(3, 1)"]),
    ("train flag not bool", lambda: net.dropout_forward(np.ones((2, 2)), 0.5, RNG, train="no"),
     ["train", "True or False"]),
    ("relative_error shapes", lambda: net.relative_error(np.ones(3), np.ones(4)), ["same shape"]),
    ("sgd_step keys", lambda: net.sgd_step(P2, {"W0": P2["W0"]}, 1.0), ["grads", "same keys"]),
]


@pytest.mark.parametrize("call,words", [(c, w) for _, c, w in BAD_INPUTS],
                         ids=[name for name, _, _ in BAD_INPUTS])
def test_bad_input_gets_a_clear_error(call, words):
    assert_clear_error(call, words)


def test_there_are_at_least_fifteen_bad_inputs():
    assert len(BAD_INPUTS) >= 15


def test_evaluation_history_uses_dropout_off_and_matches_predict():
    rng = np.random.default_rng(15)
    X = rng.normal(size=(20, 3))
    y = rng.random((20, 1))
    Xt, yt = rng.normal(size=(7, 3)), rng.random((7, 1))
    params = net.init_params([3, 6, 1], rng, scale=1.0)
    trained, history = net.train(params, X, y, lr=0.5, n_steps=10, rng=rng, dropout_rate=0.5,
                                 evaluate={"test": (Xt, yt)}, eval_every=4)
    np.testing.assert_array_equal(history["eval_step"], [0, 4, 8, 10])
    assert history["test_loss"][0] == pytest.approx(
        net.squared_error(net.predict(params, Xt), yt) / 7, rel=1e-12)
    assert history["test_loss"][-1] == pytest.approx(
        net.squared_error(net.predict(trained, Xt), yt) / 7, rel=1e-12)


def test_evaluate_rejects_bad_sets():
    with pytest.raises(ValueError, match=r"evaluate\['test'\] X must have 3 column"):
        _train(evaluate={"test": (np.ones((2, 4)), np.ones((2, 1)))})
    with pytest.raises(ValueError, match="must be a pair"):
        _train(evaluate={"test": np.ones((2, 3))})
