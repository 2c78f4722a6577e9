"""Chapter 3's comparison of defences against overfitting, over several seeds.

One implementation of the protocol, run by the chapter (a small, short setup that fits in the
page's time) and by ``tests/test_regularisers.py`` (the chapter's own 50-unit, 3000-step net,
too slow for the page).
"""

import numpy as np

from helpers import data, net


def run_seed(seed, *, n_fit, n_val, n_test, spread, flip, hidden, lr, n_steps, every,
             lambdas, p_grid):
    """One seed of the comparison: no defence, early stopping, weight decay and dropout.

    The seed draws the data (n_fit + n_val training points, n_val of them held out to
    validate, and n_test test points, from ``data.noisy_xor``), the starting weights of a
    [2, hidden, 1] net, and dropout's masks; every run trains from the same weights on the same
    data for n_steps steps at lr. Early stopping is the run with no defence, measured every
    ``every`` steps, stopped at its lowest validation cost.

    Returns ({(defence, setting): (validation cost, test cost)}, the stopping step).
    """
    r = np.random.default_rng(seed)
    X_s, y_s = data.noisy_xor(n_fit + n_val + n_test, r, spread=spread, flip=flip)
    X_tr, y_tr, X_te, y_te = data.train_test_split(X_s, y_s, n_test, r)
    X_fit, y_fit, X_val, y_val = data.train_test_split(X_tr, y_tr, n_val, r)
    start = net.init_params([2, hidden, 1], np.random.default_rng(seed), scale=1.0, bias=True)
    both = {"val": (X_val, y_val), "test": (X_te, y_te)}

    def costs(eval_every=n_steps, **defence):
        _, hist = net.train(start, X_fit, y_fit, lr=lr, n_steps=n_steps, evaluate=both,
                            eval_every=eval_every, **defence)
        return hist

    found = {}
    hist = costs(eval_every=every)
    found[("none", "")] = (hist["val_loss"][-1], hist["test_loss"][-1])
    stop = int(np.argmin(hist["val_loss"]))  # the measurement of lowest validation cost
    found[("early stopping", "")] = (hist["val_loss"][stop], hist["test_loss"][stop])
    stop_step = int(hist["eval_step"][stop])
    for lam in lambdas:
        hist = costs(weight_decay=lam)
        found[("weight decay", lam)] = (hist["val_loss"][-1], hist["test_loss"][-1])
    for p in p_grid:
        hist = costs(dropout_rate=p, rng=np.random.default_rng(seed))
        found[("dropout", p)] = (hist["val_loss"][-1], hist["test_loss"][-1])
    return found, stop_step


def compare_defences(seeds, **settings):
    """``run_seed`` for every seed, each setting chosen by its mean validation cost.

    settings: the keyword arguments of ``run_seed``. The test sets choose nothing.

    Returns a dict: "val_cost" and "test_cost", {(defence, setting): (n_seeds,) costs};
    "stop_steps", (n_seeds,); "chosen", {defence: (defence, setting)}; "final",
    {defence: (n_seeds,) test costs at the chosen setting}.
    """
    per_seed = [run_seed(s, **settings) for s in seeds]
    runs = list(per_seed[0][0])
    val_cost = {k: np.array([f[k][0] for f, _ in per_seed]) for k in runs}
    test_cost = {k: np.array([f[k][1] for f, _ in per_seed]) for k in runs}
    chosen = {"none": ("none", ""), "early stopping": ("early stopping", "")}
    for name in ["weight decay", "dropout"]:
        chosen[name] = min((k for k in runs if k[0] == name), key=lambda k: val_cost[k].mean())
    return {"val_cost": val_cost, "test_cost": test_cost,
            "stop_steps": np.array([s for _, s in per_seed]), "chosen": chosen,
            "final": {name: test_cost[k] for name, k in chosen.items()}}
