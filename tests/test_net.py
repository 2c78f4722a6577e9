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


def test_sigmoid_is_silent_at_extreme_inputs():
    z = np.array([-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # exp(-1e4) underflowing to 0 is the right answer (numpy ignores underflow by default)
        with np.errstate(all="raise", under="ignore"):
            s = net.sigmoid(z)
    assert np.all(np.isfinite(s))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5  # a small array: the tanh form
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


@pytest.mark.parametrize("p", [1e-4, 0.2, 0.25, 1 / 3, 0.4999999, 0.5, 0.5000001, 0.75, 0.9999])
def test_the_mask_is_the_seeds_binomial_draw_bit_for_bit(p):
    # The library compares uniform numbers itself; it must toss exactly the coins
    # rng.binomial(1, 1 - p) tosses, and leave the generator in the same state.
    for seed in range(3):
        ours, theirs = np.random.default_rng(seed), np.random.default_rng(seed)
        mask = net.dropout_mask((37, 19), p, ours)
        expected = theirs.binomial(1, 1 - p, size=(37, 19)) * (1.0 / (1 - p))
        np.testing.assert_array_equal(mask, expected)
        assert ours.random() == theirs.random()


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


def test_momentum_step_on_a_quadratic_is_the_heavy_ball_recurrence():
    # C(w) = 1/2 w^T A w - b^T w, gradient A w - b. Chapter 0's two forms of heavy ball:
    # v <- beta v + g, w <- w - lr v, and w_t+1 = w_t - lr g_t + beta (w_t - w_t-1).
    rng = np.random.default_rng(21)
    M = rng.normal(size=(4, 4))
    A, b = M.T.dot(M) + np.eye(4), rng.normal(size=(4, 1))
    lr, beta = 0.5 / np.linalg.eigvalsh(A).max(), 0.7
    params, velocity = {"w": np.zeros((4, 1))}, {"w": np.zeros((4, 1))}
    w, w_previous = np.zeros((4, 1)), np.zeros((4, 1))
    for _ in range(60):
        params, velocity = net.momentum_step(params, {"w": A.dot(params["w"]) - b}, velocity,
                                             lr, beta)
        w, w_previous = w - lr * (A.dot(w) - b) + beta * (w - w_previous), w
        np.testing.assert_allclose(params["w"], w, rtol=1e-11, atol=1e-13)
    # and each eigen-coordinate follows c_t+1 = (1 + beta - lr lam) c_t - beta c_t-1
    lam, V = np.linalg.eigh(A)
    w_hat = np.linalg.solve(A, b)
    c_prev = c = V.T.dot(np.zeros((4, 1)) - w_hat)[:, 0]
    for _ in range(60):
        c, c_prev = (1 + beta - lr * lam) * c - beta * c_prev, c
    np.testing.assert_allclose(V.T.dot(params["w"] - w_hat)[:, 0], c, rtol=1e-8, atol=1e-12)
    assert np.linalg.norm(params["w"] - w_hat) < 1e-3 * np.linalg.norm(w_hat)  # it converged


def test_momentum_step_with_beta_zero_is_bitwise_sgd_step_and_leaves_its_arguments():
    rng = np.random.default_rng(22)
    params = net.init_params([3, 5, 1], rng, bias=True)
    grads = {k: rng.normal(size=v.shape) for k, v in params.items()}
    velocity = {k: rng.normal(size=v.shape) for k, v in params.items()}
    copies = [{k: v.copy() for k, v in d.items()} for d in (params, grads, velocity)]
    stepped, moved = net.momentum_step(params, grads, velocity, 0.3, 0.0)
    plain = net.sgd_step(params, grads, 0.3)
    for k in params:
        assert np.array_equal(stepped[k], plain[k]), k
        assert np.array_equal(moved[k], grads[k]), k
    for d, copy in zip((params, grads, velocity), copies):
        for k in d:
            assert np.array_equal(d[k], copy[k]), k


@pytest.mark.parametrize("sizes,bias,dropout_rate", [([3, 1], False, 0.0), ([3, 4, 1], True, 0.0),
                                                     ([3, 5, 1], False, 0.3)])
def test_train_with_momentum_zero_is_bitwise_todays_gradient_descent(sizes, bias, dropout_rate):
    params = net.init_params(sizes, np.random.default_rng(23), scale=1.0, bias=bias)
    args = dict(lr=0.7, n_steps=40, dropout_rate=dropout_rate,
                evaluate={"xor": (X_XOR, Y_XOR)}, eval_every=7)
    default, h_default = net.train(params, X_XOR, Y_XOR, rng=np.random.default_rng(3), **args)
    zero, h_zero = net.train(params, X_XOR, Y_XOR, rng=np.random.default_rng(3), momentum=0.0,
                             **args)
    # today's loop, step by step: forward, backward, sgd_step
    p, rng = params, np.random.default_rng(3)
    for _ in range(40):
        out, cache = net.forward(p, X_XOR, dropout_rate=dropout_rate, rng=rng)
        p = net.sgd_step(p, net.backward(net.squared_error_backward(out, Y_XOR), cache), 0.7)
    for k in params:
        assert np.array_equal(zero[k], p[k]), k
        assert np.array_equal(zero[k], default[k]), k
    assert set(h_zero) == set(h_default)
    for key in h_zero:
        assert np.array_equal(h_zero[key], h_default[key]), key


def test_train_with_momentum_is_the_heavy_ball_recurrence():
    rng = np.random.default_rng(24)
    params = net.init_params([3, 4, 1], rng, scale=1.0, bias=True)
    lr, beta = 0.5, 0.9
    trained, history = net.train(params, X_XOR, Y_XOR, lr=lr, n_steps=30, momentum=beta)
    p, previous, costs = params, params, []
    for _ in range(30):
        cost, grads = net.loss_and_grads(p, X_XOR, Y_XOR)
        costs.append(cost)
        p, previous = {k: p[k] - lr * grads[k] + beta * (p[k] - previous[k]) for k in p}, p
    for k in p:
        np.testing.assert_allclose(trained[k], p[k], rtol=1e-10)
    np.testing.assert_allclose(history["loss"], costs, rtol=1e-10)
    plain, _ = net.train(params, X_XOR, Y_XOR, lr=lr, n_steps=30)
    assert not np.allclose(trained["W0"], plain["W0"], rtol=1e-3)  # the momentum did something


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



# ---------------------------------------------------------------- weight decay


def test_weight_decay_zero_is_the_run_without_it_bit_for_bit():
    # the loop of net.train written out (forward, backward, sgd_step, the same masks), and
    # train without the keyword: weight_decay=0 changes no bit of either
    rng = np.random.default_rng(20)
    X, y = random_problem(rng, 12, [3, 6, 1])
    params = net.init_params([3, 6, 1], rng, scale=1.0, bias=True)
    masks = np.random.default_rng(21)
    p = params
    for _ in range(25):
        out, cache = net.forward(p, X, dropout_rate=0.4, rng=masks)
        p = net.sgd_step(p, net.backward(net.squared_error_backward(out, y), cache), 0.3)
    sets = {"test": (X[:5], y[:5])}
    runs = [net.train(params, X, y, lr=0.3, n_steps=25, rng=np.random.default_rng(21),
                      dropout_rate=0.4, evaluate=sets, eval_every=5, **kw)
            for kw in ({"weight_decay": 0.0}, {"weight_decay": 0}, {})]
    for trained, history in runs:
        for k in params:
            assert np.array_equal(trained[k], p[k]), k
        for key in runs[-1][1]:
            assert np.array_equal(history[key], runs[-1][1][key]), key


def test_a_step_of_weight_decay_shrinks_the_weights_and_not_the_biases():
    rng = np.random.default_rng(22)
    X, y = random_problem(rng, 9, [2, 5, 1])
    params = net.init_params([2, 5, 1], rng, scale=1.0, bias=True)
    params = {k: v + (rng.normal(size=v.shape) if k.startswith("b") else 0) for k, v in params.items()}
    lr, lam = 0.2, 0.15
    trained, history = net.train(params, X, y, lr=lr, n_steps=1, weight_decay=lam)
    cost, grads = net.loss_and_grads(params, X, y)
    for k in ["W0", "W1"]:  # W <- (1 - lr lam) W - lr dC/dW
        np.testing.assert_allclose(trained[k], (1 - lr * lam) * params[k] - lr * grads[k],
                                   rtol=1e-13, atol=1e-15)
        assert not np.allclose(trained[k], params[k] - lr * grads[k])
    for k in ["b0", "b1"]:  # a bias takes the plain step, bit for bit
        assert np.array_equal(trained[k], params[k] - lr * grads[k]), k
    assert history["loss"][0] == cost  # the history is C, without the penalty
    assert net.l2_penalty(params, lam) == pytest.approx(
        lam / 2 * (np.sum(params["W0"] ** 2) + np.sum(params["W1"] ** 2)), rel=1e-14)
    assert set(net.l2_penalty_backward(params, lam)) == {"W0", "W1"}


@pytest.mark.parametrize("n_samples,sizes", SHAPES)
@pytest.mark.parametrize("bias", [False, True])
def test_the_penalised_gradient_matches_central_differences(n_samples, sizes, bias):
    rng = np.random.default_rng(100 + sum(sizes) + n_samples + bias)
    params = net.init_params(sizes, rng, scale=1.0, bias=bias)
    if bias:
        params = {k: (v + rng.normal(size=v.shape) if k.startswith("b") else v)
                  for k, v in params.items()}
    X, y = random_problem(rng, n_samples, sizes)
    lam = 0.7  # large, so that the penalty's part of the gradient is not lost in C's
    _, grads = net.loss_and_grads(params, X, y)
    decay = net.l2_penalty_backward(params, lam)
    penalised = {k: grads[k] + decay.get(k, 0.0) for k in grads}
    work = {k: v.copy() for k, v in params.items()}

    def C():
        return net.squared_error(net.forward(work, X)[0], y) + net.l2_penalty(work, lam)

    for k in work:
        err = net.relative_error(penalised[k], net.numerical_gradient(C, work[k]))
        assert err < 1e-7, (k, err)
    # and the check can fail: the gradient of C alone is not the penalised cost's
    assert net.relative_error(grads["W0"], net.numerical_gradient(C, work["W0"])) > 1e-4


def test_weight_decay_can_be_combined_with_dropout():
    # each step: the penalty's gradient at the weights before the step, the masks as without it
    rng = np.random.default_rng(23)
    X, y = random_problem(rng, 10, [3, 4, 1])
    params = net.init_params([3, 4, 1], rng, scale=1.0)
    masks = np.random.default_rng(24)
    p = params
    for _ in range(6):
        out, cache = net.forward(p, X, dropout_rate=0.5, rng=masks)
        grads = net.backward(net.squared_error_backward(out, y), cache)
        p = {k: p[k] - 0.3 * (grads[k] + 0.05 * p[k]) for k in p}
    trained, _ = net.train(params, X, y, lr=0.3, n_steps=6, rng=np.random.default_rng(24),
                           dropout_rate=0.5, weight_decay=0.05)
    for k in p:
        np.testing.assert_allclose(trained[k], p[k], rtol=1e-12, atol=1e-15)


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
    ("weight_decay negative", lambda: _train(weight_decay=-0.01), ["weight_decay", ">= 0", "-0.01"]),
    ("weight_decay nan", lambda: _train(weight_decay=float("nan")), ["weight_decay", "finite", "nan"]),
    ("weight_decay a string", lambda: _train(weight_decay="0.1"), ["weight_decay", "number", "str"]),
    ("weight_decay a bool", lambda: _train(weight_decay=True), ["weight_decay", "number", "bool"]),
    ("l2_penalty negative", lambda: net.l2_penalty(P2, -1.0), ["weight_decay", ">= 0", "-1.0"]),
    ("l2_penalty params not a dict", lambda: net.l2_penalty([np.ones((3, 1))], 0.1),
     ["params", "dict", "list"]),
    ("l2_penalty_backward inf", lambda: net.l2_penalty_backward(P2, float("inf")),
     ["weight_decay", "finite", "inf"]),
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
    ("momentum negative", lambda: _train(momentum=-0.5), ["momentum", "[0, 1)", "-0.5"]),
    ("momentum 1", lambda: _train(momentum=1.0), ["momentum", "[0, 1)", "1.0"]),
    ("momentum above 1", lambda: _train(momentum=1.5), ["momentum", "[0, 1)", "1.5"]),
    ("momentum a string", lambda: _train(momentum="0.9"), ["momentum", "number", "str"]),
    ("momentum nan", lambda: _train(momentum=float("nan")), ["momentum", "[0, 1)", "nan"]),
    ("momentum True", lambda: _train(momentum=True), ["momentum", "number", "bool"]),
    ("momentum_step beta 1", lambda: net.momentum_step(P2, P2, P2, 0.1, 1.0),
     ["momentum", "[0, 1)", "1.0"]),
    ("momentum_step velocity keys", lambda: net.momentum_step(P2, P2, {"W0": P2["W0"]}, 0.1, 0.9),
     ["velocity", "same keys"]),
    ("momentum_step velocity shape", lambda: net.momentum_step(
        P2, P2, {"W0": P2["W0"], "W1": np.zeros((1, 5))}, 0.1, 0.9),
     ["velocity['W1']", "shape", "(5, 1)", "(1, 5)"]),
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


# ---------------------------------------------------------------- the classifier (chapter 6)


def _classification_problem(seed, n=9, sizes=(5, 6, 4)):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    labels = rng.integers(0, sizes[-1], n)
    return rng, X, labels


def test_softmax_rows_are_probabilities_and_ignore_a_shift():
    z = np.random.default_rng(0).normal(size=(6, 4)) * 5
    P = net.softmax(z)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_allclose(P, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(net.softmax(z + 100.0), P, rtol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = net.softmax(np.array([[1000.0, 0.0, -1000.0]]))
    np.testing.assert_array_equal(big, [[1.0, 0.0, 0.0]])


def test_one_hot_and_cross_entropy():
    Y = net.one_hot(np.array([2, 0, 1]), 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    P = np.array([[0.2, 0.3, 0.5], [0.9, 0.05, 0.05], [0.0, 1.0, 0.0]])
    expected = -(np.log(0.5) + np.log(0.9) + np.log(1.0)) / 3
    assert net.cross_entropy(P, np.array([2, 0, 1])) == pytest.approx(expected, rel=1e-14)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        worst = net.cross_entropy(P, np.array([2, 0, 0]))  # P = 0 at the right answer
    assert np.isfinite(worst) and worst > 200


def test_softmax_cross_entropy_gradient_is_p_minus_y_over_n():
    rng, _, labels = _classification_problem(1, n=7)
    z = rng.normal(size=(7, 4))

    def cost():
        return net.cross_entropy(net.softmax(z), labels)

    numeric = net.numerical_gradient(cost, z)
    analytic = net.softmax_cross_entropy_backward(net.softmax(z), labels)
    assert net.relative_error(analytic, numeric) < 1e-8
    np.testing.assert_allclose(analytic, (net.softmax(z) - net.one_hot(labels, 4)) / 7)


def test_the_cancellation_matches_the_full_softmax_jacobian():
    # dC/dz through the chain rule with the whole Jacobian dP/dz, with no cancelling:
    # dC/dP_k = -[k = y] / (n P_y), dP_j/dz_k = P_j ([j = k] - P_k).
    rng, _, labels = _classification_problem(2, n=5)
    P = net.softmax(rng.normal(size=(5, 4)))
    dP = -net.one_hot(labels, 4) / (5 * P)
    jacobians = np.einsum("ij,jk->ijk", P, np.eye(4)) - np.einsum("ij,ik->ijk", P, P)
    dz = np.einsum("ij,ijk->ik", dP, jacobians)
    np.testing.assert_allclose(net.softmax_cross_entropy_backward(P, labels), dz, atol=1e-15)


@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("frozen_mask", [False, True])
def test_classifier_gradients_match_central_differences(bias, frozen_mask):
    rng, X, labels = _classification_problem(3 + bias + 2 * frozen_mask)
    params = net.init_params([5, 6, 4], rng, scale=1.0, bias=bias)
    if bias:
        params = {k: (v + rng.normal(size=v.shape) if k.startswith("b") else v)
                  for k, v in params.items()}
    mask = net.dropout_forward(np.ones((9, 6)), 0.5, rng)[1] if frozen_mask else None
    errors = net.gradient_check(params, X, labels, mask=mask, cost="cross_entropy")
    assert set(errors) == set(params)
    for name, err in errors.items():
        assert err < 1e-7, (name, err)


def test_the_check_catches_a_softmax_gradient_without_the_one_over_n():
    rng, X, labels = _classification_problem(4)
    params = net.init_params([5, 6, 4], rng, scale=1.0)
    P, cache = net.classifier_forward(params, X)
    wrong = net.classifier_backward(P - net.one_hot(labels, 4), cache)  # forgot / n

    def cost():
        return net.cross_entropy(net.classifier_forward(params, X)[0], labels)

    numeric = net.numerical_gradient(cost, params["W1"])
    assert net.relative_error(wrong["W1"], numeric) > 0.5
    right = net.classifier_backward(net.softmax_cross_entropy_backward(P, labels), cache)
    assert net.relative_error(right["W1"], numeric) < 1e-7


def _manual_minibatch_sgd(params, X, labels, *, lr, n_epochs, batch_size, rng, dropout_rate):
    """Mini-batch SGD written with the public pieces only, as chapter 6 derives it."""
    n = X.shape[0]
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(n)
        costs = []
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            P, cache = net.classifier_forward(params, X[idx], dropout_rate=dropout_rate, rng=rng)
            costs.append(net.cross_entropy(P, labels[idx]) * len(idx))
            grads = net.classifier_backward(net.softmax_cross_entropy_backward(P, labels[idx]),
                                            cache)
            params = net.sgd_step(params, grads, lr)
        losses.append(sum(costs) / n)
    return params, np.array(losses)


@pytest.mark.parametrize("batch_size,dropout_rate,bias", [(3, 0.0, False), (4, 0.25, True),
                                                          (50, 0.5, False)])
def test_train_classifier_is_minibatch_sgd(batch_size, dropout_rate, bias):
    rng, X, labels = _classification_problem(5, n=10)
    params = net.init_params([5, 6, 4], rng, scale=0.5, bias=bias)
    args = dict(lr=0.3, n_epochs=4, batch_size=batch_size, dropout_rate=dropout_rate)
    trained, history = net.train_classifier(params, X, labels, rng=np.random.default_rng(9),
                                            **args)
    expected, losses = _manual_minibatch_sgd(params, X, labels, rng=np.random.default_rng(9),
                                             **args)
    for k in params:
        np.testing.assert_allclose(trained[k], expected[k], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(history["loss"], losses, rtol=1e-12)


def _manual_heavy_ball_minibatch(params, X, labels, *, lr, momentum, n_epochs, batch_size, rng,
                                 dropout_rate):
    """Mini-batch heavy ball in its second form, W_t+1 = W_t - lr g_t + beta (W_t - W_t-1)."""
    n = X.shape[0]
    previous = params
    for _ in range(n_epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            P, cache = net.classifier_forward(params, X[idx], dropout_rate=dropout_rate, rng=rng)
            grads = net.classifier_backward(net.softmax_cross_entropy_backward(P, labels[idx]),
                                            cache)
            params, previous = {k: params[k] - lr * grads[k] + momentum * (params[k] - previous[k])
                                for k in params}, params
    return params


@pytest.mark.parametrize("batch_size,dropout_rate,bias", [(3, 0.0, False), (4, 0.25, True)])
def test_train_classifier_with_momentum_is_the_heavy_ball_recurrence(batch_size, dropout_rate,
                                                                     bias):
    rng, X, labels = _classification_problem(5, n=10)
    params = net.init_params([5, 6, 4], rng, scale=0.5, bias=bias)
    args = dict(lr=0.2, n_epochs=4, batch_size=batch_size, dropout_rate=dropout_rate)
    trained, _ = net.train_classifier(params, X, labels, rng=np.random.default_rng(9),
                                      momentum=0.8, **args)
    expected = _manual_heavy_ball_minibatch(params, X, labels, rng=np.random.default_rng(9),
                                            momentum=0.8, **args)
    plain, _ = net.train_classifier(params, X, labels, rng=np.random.default_rng(9), **args)
    for k in params:
        np.testing.assert_allclose(trained[k], expected[k], rtol=1e-10, atol=1e-13)
        assert not np.allclose(trained[k], plain[k], rtol=1e-3), k  # the momentum did something


@pytest.mark.parametrize("batch_size,dropout_rate,bias", [(3, 0.0, False), (4, 0.25, True),
                                                          (50, 0.5, False)])
def test_train_classifier_with_momentum_zero_is_bitwise_todays_sgd(batch_size, dropout_rate,
                                                                    bias):
    rng, X, labels = _classification_problem(5, n=10)
    params = net.init_params([5, 6, 4], rng, scale=0.5, bias=bias)
    args = dict(lr=0.3, n_epochs=4, batch_size=batch_size, dropout_rate=dropout_rate)
    evaluate = {"train": (X, labels)}
    default, h_default = net.train_classifier(params, X, labels, rng=np.random.default_rng(9),
                                              evaluate=evaluate, **args)
    zero, h_zero = net.train_classifier(params, X, labels, rng=np.random.default_rng(9),
                                        evaluate=evaluate, momentum=0.0, **args)
    by_hand, _ = _manual_minibatch_sgd(params, X, labels, rng=np.random.default_rng(9), **args)
    for k in params:
        assert np.array_equal(zero[k], by_hand[k]), k  # bitwise the steps of sgd_step
        assert np.array_equal(zero[k], default[k]), k
    assert set(h_zero) == set(h_default)
    for key in h_zero:
        assert np.array_equal(h_zero[key], h_default[key]), key


def test_train_classifier_with_one_batch_is_gradient_descent():
    rng, X, labels = _classification_problem(6, n=8)
    params = net.init_params([5, 6, 4], rng, scale=0.5)
    trained, _ = net.train_classifier(params, X, labels, lr=0.5, n_epochs=3, batch_size=100,
                                      rng=np.random.default_rng(0))
    p = params
    for _ in range(3):
        _, grads = net.loss_and_grads(p, X, labels, cost="cross_entropy")
        p = net.sgd_step(p, grads, 0.5)
    for k in p:
        np.testing.assert_allclose(trained[k], p[k], rtol=1e-12)


def test_train_classifier_evaluates_with_dropout_off_and_leaves_its_arguments():
    rng, X, labels = _classification_problem(7, n=12)
    params = net.init_params([5, 6, 4], rng, scale=0.5)
    before = {k: v.copy() for k, v in params.items()}
    X_before, labels_before = X.copy(), labels.copy()
    trained, history = net.train_classifier(
        params, X, labels, lr=0.5, n_epochs=5, batch_size=5, rng=np.random.default_rng(1),
        dropout_rate=0.5, evaluate={"train": (X, labels)})
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
    _, every_two = net.train_classifier(
        params, X, labels, lr=0.5, n_epochs=5, batch_size=5, rng=np.random.default_rng(1),
        dropout_rate=0.5, evaluate={"train": (X, labels)}, eval_every=2)
    np.testing.assert_array_equal(every_two["epoch"], [0, 2, 4, 5])
    np.testing.assert_array_equal(every_two["train_loss"], history["train_loss"][[0, 2, 4, 5]])
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(labels, labels_before)
    np.testing.assert_array_equal(history["epoch"], np.arange(6))
    assert history["train_accuracy"][-1] == net.accuracy(trained, X, labels)
    assert history["train_loss"][-1] == pytest.approx(
        net.cross_entropy(net.classifier_forward(trained, X, train=False)[0], labels), rel=1e-12)
    assert history["train_loss"][0] == pytest.approx(
        net.cross_entropy(net.classifier_forward(params, X, train=False)[0], labels), rel=1e-12)


def test_same_seed_same_classifier_run():
    rng, X, labels = _classification_problem(8, n=12)
    params = net.init_params([5, 6, 4], rng, scale=0.5)
    runs = [net.train_classifier(params, X, labels, lr=0.5, n_epochs=3, batch_size=4,
                                 rng=np.random.default_rng(s), dropout_rate=0.3)[1]["loss"]
            for s in (2, 2, 3)]
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_classifier_learns_a_small_problem():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 4)) * 3
    labels = rng.integers(0, 3, 150)
    X = centres[labels] + rng.normal(size=(150, 4))
    params = net.init_params([4, 8, 3], rng, bias=True)
    trained, history = net.train_classifier(params, X, labels, lr=0.5, n_epochs=30,
                                            batch_size=16, rng=rng)
    assert history["loss"][-1] < history["loss"][0] / 3
    assert net.accuracy(trained, X, labels) > 0.95
    np.testing.assert_array_equal(net.predict_labels(trained, X),
                                  net.classifier_forward(trained, X, train=False)[0].argmax(1))


def test_the_two_forms_of_the_sigmoid_agree():
    # Below TANH_FORM_BELOW numbers sigmoid uses (1 + tanh(z/2)) / 2, from there on 1/(1 + exp(-z)).
    n = net.TANH_FORM_BELOW
    z = np.linspace(-30, 30, 4 * n)
    small = np.concatenate([net.sigmoid(part) for part in np.split(z, 4 * 16)])
    assert small.size // (4 * 16) < n <= z.size
    # the tanh form is exact to about 1e-17 in absolute terms (so not relatively,
    # far out on the left); the exp form is relatively exact everywhere
    np.testing.assert_allclose(net.sigmoid(z), small, rtol=1e-14, atol=1e-16)
    np.testing.assert_array_equal(net.sigmoid(z), 1 / (1 + np.exp(-z)))
    extreme = np.full(n, -1e4)
    extreme[1::2] = 1e4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            s = net.sigmoid(extreme)
            s_small = net.sigmoid(extreme[:n - 1])
    assert np.all(s[1::2] == 1.0) and np.all(0 < s[::2]) and np.all(s[::2] < 1e-300)
    assert np.all(s_small[1::2] == 1.0) and np.all(s_small[::2] == 0.0)


P_CLS = net.init_params([5, 6, 4], np.random.default_rng(0))
X_CLS = np.random.default_rng(1).normal(size=(9, 5))
LABELS_CLS = np.arange(9) % 4


def _train_cls(**kw):
    args = dict(params=P_CLS, X=X_CLS, labels=LABELS_CLS, lr=0.5, n_epochs=2, batch_size=4,
                rng=np.random.default_rng(0))
    args.update(kw)
    return net.train_classifier(args.pop("params"), args.pop("X"), args.pop("labels"), **args)


CLASSIFIER_BAD_INPUTS = [
    ("label too large", lambda: _train_cls(labels=np.array([0, 1, 2, 3, 4, 0, 1, 2, 3])),
     ["labels", "[0, 4)", "0 to 4"]),
    ("label negative", lambda: _train_cls(labels=LABELS_CLS - 1), ["labels", "[0, 4)", "-1 to 2"]),
    ("labels as floats", lambda: _train_cls(labels=LABELS_CLS.astype(float)),
     ["labels", "integers", "float64"]),
    ("labels too few", lambda: _train_cls(labels=LABELS_CLS[:5]), ["labels", "one entry per row", "9", "5"]),
    ("labels one-hot", lambda: _train_cls(labels=net.one_hot(LABELS_CLS, 4)),
     ["labels", "1-D", "(9, 4)"]),
    ("X wrong width", lambda: _train_cls(X=X_CLS[:, :4]), ["X", "5 column", "(9, 4)"]),
    ("batch_size zero", lambda: _train_cls(batch_size=0), ["batch_size", "positive integer", "0"]),
    ("eval_every zero", lambda: _train_cls(eval_every=0), ["eval_every", "positive integer", "0"]),
    ("n_epochs float", lambda: _train_cls(n_epochs=2.5), ["n_epochs", "positive integer", "2.5"]),
    ("no rng", lambda: _train_cls(rng=None), ["rng", "Generator", "None"]),
    ("one layer", lambda: _train_cls(params={"W0": np.ones((5, 4))}), ["params", "W1"]),
    ("evaluate labels out of range", lambda: _train_cls(evaluate={"test": (X_CLS, LABELS_CLS + 7)}),
     ["evaluate['test'] labels", "[0, 4)", "7 to 10"]),
    ("evaluate labels too few", lambda: _train_cls(evaluate={"test": (X_CLS, LABELS_CLS[:3])}),
     ["evaluate['test'] labels", "one entry per row of evaluate['test'] X", "9", "3"]),
    ("evaluate X wrong width", lambda: _train_cls(evaluate={"test": (X_CLS[:, :3], LABELS_CLS)}),
     ["evaluate['test'] X", "5 column", "(9, 3)"]),
    ("accuracy label out of range", lambda: net.accuracy(P_CLS, X_CLS, LABELS_CLS * 3),
     ["labels", "[0, 4)", "0 to 9"]),
    ("predict wrong width", lambda: net.predict_labels(P_CLS, np.ones((2, 6))), ["X", "5 column", "(2, 6)"]),
    ("unknown cost", lambda: net.loss_and_grads(P_CLS, X_CLS, LABELS_CLS, cost="hinge"),
     ["cost", "cross_entropy", "hinge"]),
    ("cross_entropy labels", lambda: net.cross_entropy(np.full((2, 3), 1 / 3), np.array([0, 3])),
     ["labels", "[0, 3)", "0 to 3"]),
    ("one_hot classes", lambda: net.one_hot(np.array([0, 1]), 0), ["n_classes", "positive integer", "0"]),
    ("classifier momentum negative", lambda: _train_cls(momentum=-0.1),
     ["momentum", "[0, 1)", "-0.1"]),
    ("classifier momentum 1", lambda: _train_cls(momentum=1), ["momentum", "[0, 1)", "1"]),
    ("classifier momentum a list", lambda: _train_cls(momentum=[0.9]),
     ["momentum", "number", "list"]),
    ("dz2 wrong shape", lambda: net.classifier_backward(np.ones((9, 3)),
                                                      net.classifier_forward(P_CLS, X_CLS)[1]),
     ["dz2", "4 column", "(9, 3)"]),
]


@pytest.mark.parametrize("call,words", [(c, w) for _, c, w in CLASSIFIER_BAD_INPUTS],
                         ids=[name for name, _, _ in CLASSIFIER_BAD_INPUTS])
def test_classifier_bad_input_gets_a_clear_error(call, words):
    assert_clear_error(call, words)


def test_every_public_name_says_where_the_book_derives_it():
    import inspect
    import re

    missing = [name for name in net.__all__
               if not re.search(r"\b([Cc]hapters?|Ch\.) \d", inspect.getdoc(getattr(net, name)) or "")]
    assert not missing, f"docstrings that name no chapter: {missing}"
    assert len(net.__all__) >= 31


def test_a_training_loop_restores_the_checks_even_when_it_fails():
    from helpers import checks

    with pytest.raises(ZeroDivisionError):
        with checks.skipped():
            assert not checks.active
            1 / 0
    assert checks.active
    # and outside a loop a bad argument is still caught after a training run
    net.train(P2, X_XOR, Y_XOR, lr=1.0, n_steps=2)
    with pytest.raises(ValueError, match="dL2"):
        net.two_layer_backward(np.ones((3, 1)), net.two_layer_forward(P2, X_XOR)[1])


def test_each_public_function_makes_one_visible_call_to_the_checks():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(net))
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    # these hand every argument to one public function that checks them
    delegates = {"forward": None, "backward": "one_layer_backward", "predict": "forward",
                 "classifier_forward": "two_layer_forward", "predict_labels": "classifier_forward"}
    for name in net.__all__:
        if name not in defs:
            continue  # the two cache classes
        calls = [c.func.attr for c in ast.walk(defs[name]) if isinstance(c, ast.Call)
                 and isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)
                 and c.func.value.id == "checks" and c.func.attr != "skipped"]
        if name in delegates and delegates[name] is not None:
            assert calls == [], (name, calls)
            assert delegates[name] in ast.unparse(defs[name]), name
        else:
            assert len(calls) == 1, f"{name} calls the checks {len(calls)} times: {calls}"


# ---------------------------------------------------------------- calls a student gets wrong


KEYWORD_CALLS = [
    ("train, lr and n_steps by position", lambda: net.train(P2, X_XOR, Y_XOR, 0.5, 1000),
     ["lr=", "n_steps=", "keywords", "net.train(params, X, y, lr=0.5, n_steps=1000)", "5"]),
    ("train, lr by position", lambda: net.train(P2, X_XOR, Y_XOR, 0.5, n_steps=10),
     ["lr=", "keyword", "net.train(params, X, y, lr=0.5, n_steps=10)"]),
    ("train, no n_steps", lambda: net.train(P2, X_XOR, Y_XOR, lr=0.5),
     ["n_steps=", "keyword", "net.train(params, X, y, lr=0.5, n_steps=...)"]),
    ("train, no keywords", lambda: net.train(P2, X_XOR, Y_XOR),
     ["lr=", "n_steps=", "net.train(params, X, y, lr=..., n_steps=...)"]),
    ("train, a keyword it does not have", lambda: net.train(P2, X_XOR, Y_XOR, learning_rate=0.5,
                                                           n_steps=10),
     ["learning_rate", "lr=", "n_steps="]),
    ("train, more arguments than it takes", lambda: net.train(P2, X_XOR, Y_XOR, *range(1, 10)),
     ["net.train", "at most 11", "12"]),
    ("train_classifier by position",
     lambda: net.train_classifier(P_CLS, X_CLS, LABELS_CLS, 0.5, 2, 4, np.random.default_rng(0)),
     ["lr=", "n_epochs=", "batch_size=", "rng=", "keywords",
      "net.train_classifier(params, X, labels, lr=0.5, n_epochs=2, batch_size=4, rng=rng)"]),
    ("train_classifier, no rng",
     lambda: net.train_classifier(P_CLS, X_CLS, LABELS_CLS, lr=0.5, n_epochs=2, batch_size=4),
     ["rng=", "keyword", "net.train_classifier(params, X, labels, lr=0.5, n_epochs=2, "
                         "batch_size=4, rng=...)"]),
]


@pytest.mark.parametrize("call,words", [(c, w) for _, c, w in KEYWORD_CALLS],
                         ids=[name for name, _, _ in KEYWORD_CALLS])
def test_a_call_that_does_not_name_the_keywords_is_shown_the_call_that_does(call, words):
    assert_clear_error(call, words)


def test_every_function_with_required_keywords_is_marked_and_keeps_its_signature():
    import ast
    import inspect

    from helpers import checks

    tree = ast.parse(inspect.getsource(net))
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    marked = {name for name, node in defs.items()
              if "checks.keywords_named" in [ast.unparse(d) for d in node.decorator_list]}
    required = {name for name in net.__all__ if name in defs
                and any(p.kind is p.KEYWORD_ONLY and p.default is p.empty
                        for p in inspect.signature(getattr(net, name)).parameters.values())}
    assert required == {"train", "train_classifier"}  # the finder must find them
    assert marked == required
    # the mark changes no name and no keyword: what help() and the book show is the def
    for name in marked:
        function = getattr(net, name)
        assert inspect.unwrap(function).__code__.co_firstlineno == defs[name].lineno - 1
        assert inspect.signature(function) == inspect.signature(inspect.unwrap(function))
        assert function.__doc__ == inspect.unwrap(function).__doc__
    assert str(inspect.signature(net.train)) == (
        "(params, X, y, *, lr, n_steps, rng=None, dropout_rate=0.0, evaluate=None, "
        "eval_every=1, weight_decay=0.0, momentum=0.0)")
    # the mark is no call into the checks: a function still makes exactly one
    assert not any(isinstance(d, ast.Call) for n in marked for d in defs[n].decorator_list)
    assert callable(checks.keywords_named)


def test_the_book_prints_the_mark_as_the_listings_first_line():
    # a listing (helpers/listing.py, as Sphinx's literalinclude :pyobject:) starts at the decorator
    from sphinx.pycode import ModuleAnalyzer

    path = net.__file__
    lines = open(path).read().splitlines()
    _, start, _ = ModuleAnalyzer.for_file(path, "helpers.net").find_tags()["train_classifier"]
    assert lines[start - 1] == "@checks.keywords_named"
    assert lines[start].startswith("def train_classifier(params, X, labels, *, lr,")


Y_1D = np.array([0, 0, 1, 1])

ONE_D_TARGETS = [
    ("train", lambda: net.train(P2, X_XOR, Y_1D, lr=1.0, n_steps=3)),
    ("squared_error", lambda: net.squared_error(np.full((4, 1), 0.5), Y_1D)),
    ("loss_and_grads", lambda: net.loss_and_grads(P2, X_XOR, Y_1D)),
    ("gradient_check", lambda: net.gradient_check(P2, X_XOR, Y_1D)),
    ("train's evaluate", lambda: _train(evaluate={"test": (X_XOR, Y_1D)})),
]


@pytest.mark.parametrize("call", [c for _, c in ONE_D_TARGETS], ids=[n for n, _ in ONE_D_TARGETS])
def test_a_1d_y_is_told_to_make_it_a_column(call):
    assert_clear_error(call, ["y", "2-D", "(4,)", "y.reshape(-1, 1)", "(4, 1)"])


def test_a_1d_list_y_is_told_how_to_make_it_a_column():
    assert_clear_error(lambda: net.train(P2, X_XOR, [0, 0, 1, 1], lr=1.0, n_steps=3),
                       ["y", "2-D", "np.array(y).reshape(-1, 1)"])


def test_the_column_hint_is_for_targets_only():
    # a 1-D X is not always one column (it may be one example), and the classifier's 1-D
    # labels are right as they are
    with pytest.raises(ValueError) as info:
        _train(X=np.ones(4))
    assert "reshape" not in str(info.value)
    net.train_classifier(P_CLS, X_CLS, LABELS_CLS, lr=0.5, n_epochs=1, batch_size=4,
                         rng=np.random.default_rng(0))
    net.loss_and_grads(P_CLS, X_CLS, LABELS_CLS, cost="cross_entropy")
