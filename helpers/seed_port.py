"""The original post's three listings, ported to Python 3 with their bugs kept on purpose.

Chapter 5 reads these functions line by line next to the corrected code, so
they must stay as the post wrote them. Inside the loops, every statement is
the post's own, in the post's order, with the post's names (``L0``, ``L1``,
``L2``, ``L1_loss``, ``L2_delta``, ``w0``, ``w1``, ``nonlin``,
``dropout_percent``, ``do_dropout``) and the post's comments (its two
Chinese comments translated, marked [translated]). What changed from the
post is only:

* ``xrange`` became ``range`` (Python 2's lazy range is Python 3's ``range``);
* ``print L1`` / ``print L2`` became ``return``, together with the final
  weights, which the post keeps in global variables;
* numpy's global generator became an ``rng`` argument: the dropout mask is
  ``rng.binomial(...)`` where the post has ``np.random.binomial(...)``, with
  the same arguments, so a seeded ``np.random.default_rng`` gives the same
  masks on every run.

To make a listing callable, what the post sets at the top of its script
(``x``, ``y``, the weights drawn with ``np.random.normal``, ``iter_size``,
``lr``, ``dropout_percent``, ``do_dropout``) comes in as arguments; the
starting weights are copied, so the caller's arrays are left alone; and
``w1_dim``, which the post's dropout fragment uses without defining, is
the number of hidden units, ``w1.shape[0]``. Each loop may also append its
cost to an optional ``costs`` list: the post never computes its cost, so
that line, marked "added", is the only one in a loop that is not the post's,
and it changes nothing the loop computes.

The bugs are KEPT ON PURPOSE (chapter 5 demonstrates each one):

1. ``listing_2`` and ``listing_3`` update ``w1`` before computing
   ``L1_loss = L2_delta.dot(w1.T)``, so the gradient of ``w0`` is computed
   with the new ``w1``, not the one the forward pass used.
2. ``listing_3`` multiplies ``L1`` in place by the scaled dropout mask and
   then takes ``nonlin(L1, True)`` of the dropped-and-scaled values,
   L1d (1 - L1d), where the derivative is mask * L1 (1 - L1).
3. ``listing_3`` returns (the post prints) ``L2`` from the last training
   forward pass, made with dropout on.
4. The post's targets ``[0, 1, 1, 0]`` are its first input column, not XOR;
   that is the caller's data, not code here.

Use ``helpers.net`` for anything else: this module exists to be read.
"""

import numpy as np

__all__ = ["nonlin", "listing_1", "listing_2", "listing_3"]


def nonlin(x, deriv=False):
    """The post's sigmoid f(x); with deriv=True, f' from f's OUTPUT x."""
    if deriv == True:  # noqa: E712 (the post's comparison)
        return x * (1 - x)
    else:
        return 1 / (1 + np.exp(-x))


def listing_1(x, y, w, iter_size=1000, lr=1, *, costs=None):
    """The post's net with no hidden layer.

    x: (n, d) inputs. y: (n, 1) targets. w: (d, 1) starting weights.
    Returns (L1, w): the predictions of the last forward pass, which the post
    prints, and the final weights.
    """
    w = np.array(w, dtype=float)
    for i in range(iter_size):
        # (data_num,weight_num)
        L0 = x
        # (data_num,weight_num)*(weight_num,1)= (data_num,1)
        L1 = nonlin(L0.dot(w))
        # (data_num,1)
        L1_loss = L1 - y
        if costs is not None:
            costs.append(0.5 * float(np.sum(L1_loss**2)))  # added
        # (data_num,1)
        L1_delta = L1_loss * nonlin(L1, True)
        # (weight_num,data_num) *(data_num,1)= (weight_num,1)
        grad = L0.T.dot(L1_delta) * lr
        w -= grad
    return L1, w


def listing_2(x, y, w0, w1, iter_size=10000, lr=1, *, costs=None):
    """The post's two-layer net: w1 changes before w0's gradient is computed.

    x: (n, d) inputs. y: (n, 1) targets. w0: (d, h) and w1: (h, 1) starting
    weights. Returns (L2, w0, w1): the predictions of the last forward pass,
    which the post prints, and the final weights.
    """
    w0 = np.array(w0, dtype=float)
    w1 = np.array(w1, dtype=float)
    for i in range(iter_size):
        # (data_num,weight_num_0)
        L0 = x
        # (data_num,weight_num_0)*(weight_num_0,weight_num_1)= (data_num,weight_num_1)
        L1 = nonlin(L0.dot(w0))
        # (data_num,weight_num_1)*(weight_num_1,1)=(data_num,1)
        L2 = nonlin(L1.dot(w1))
        # (data_num,1)
        L2_loss = L2 - y
        if costs is not None:
            costs.append(0.5 * float(np.sum(L2_loss**2)))  # added
        # (data_num,1)
        L2_delta = L2_loss * nonlin(L2, True)
        # (weight_num_1,data_num) *(data_num,1)= (weight_num_1,1)
        grad1 = L1.T.dot(L2_delta)
        w1 -= grad1 * lr
        # (data_num,1)*(1,weight_num_1)=(data_num,weight_num_1)
        # how much L1 contributed to L2_loss: passing the gradient
        # back multiplies by this weight [translated]
        L1_loss = L2_delta.dot(w1.T)
        # (data_num,weight_num_1)
        L1_delta = L1_loss * nonlin(L1, True)
        # (weight_num_0,data_num)*(data_num,weight_num_1)=(weight_num_0,weight_num_1)
        grad0 = L0.T.dot(L1_delta)
        w0 -= grad0 * lr
    return L2, w0, w1


def listing_3(x, y, w0, w1, rng, iter_size=10000, lr=1, *, dropout_percent,
              do_dropout=True, costs=None):
    """The post's two-layer net with its three lines of dropout on L1.

    x: (n, d) inputs. y: (n, 1) targets. w0: (d, h) and w1: (h, 1) starting
    weights. rng: np.random.Generator for the masks. dropout_percent: the
    probability of DROPPING a hidden unit. Returns (L2, w0, w1): the
    predictions of the last training forward pass (dropout on), which the
    post prints, and the final weights.
    """
    w0 = np.array(w0, dtype=float)
    w1 = np.array(w1, dtype=float)
    w1_dim = w1.shape[0]
    for i in range(iter_size):
        # (data_num,weight_num_0)
        L0 = x
        # (data_num,weight_num_0)*(weight_num_0,weight_num_1)= (data_num,weight_num_1)
        L1 = nonlin(L0.dot(w0))
        # add this after L1 [translated]
        if(do_dropout):
            L1 *= rng.binomial([np.ones((len(x),w1_dim))],1-dropout_percent)[0] \
             * (1.0/(1-dropout_percent))
        # (data_num,weight_num_1)*(weight_num_1,1)=(data_num,1)
        L2 = nonlin(L1.dot(w1))
        # (data_num,1)
        L2_loss = L2 - y
        if costs is not None:
            costs.append(0.5 * float(np.sum(L2_loss**2)))  # added
        # (data_num,1)
        L2_delta = L2_loss * nonlin(L2, True)
        # (weight_num_1,data_num) *(data_num,1)= (weight_num_1,1)
        grad1 = L1.T.dot(L2_delta)
        w1 -= grad1 * lr
        # (data_num,1)*(1,weight_num_1)=(data_num,weight_num_1)
        # how much L1 contributed to L2_loss: passing the gradient
        # back multiplies by this weight [translated]
        L1_loss = L2_delta.dot(w1.T)
        # (data_num,weight_num_1)
        L1_delta = L1_loss * nonlin(L1, True)
        # (weight_num_0,data_num)*(data_num,weight_num_1)=(weight_num_0,weight_num_1)
        grad0 = L0.T.dot(L1_delta)
        w0 -= grad0 * lr
    return L2, w0, w1
