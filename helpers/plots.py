"""Figures the chapters share: loss curves and decision boundaries.

Every function draws on an ``ax`` it is given and returns it, so a
notebook composes figures and nothing here calls ``plt.show``.
"""

import numpy as np

__all__ = ["plot_loss", "plot_decision_boundary", "input_grid"]


def plot_loss(ax, loss, *, label=None, logy=True, **style):
    """Draw a cost curve C per step. loss: (n_steps,). Returns ax."""
    loss = np.asarray(loss, dtype=float)
    if loss.ndim != 1 or loss.size == 0:
        raise ValueError(f"loss must be a non-empty 1-D array; got shape {loss.shape}")
    ax.plot(np.arange(loss.size), loss, label=label, **style)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("cost C")
    return ax


def input_grid(n=101, lo=-0.25, hi=1.25):
    """Points covering the (x1, x2) input plane, with the constant-1 column.

    Returns (x1, x2, X): x1, x2 of shape (n, n) for contour plots, and X of
    shape (n*n, 3) with rows (x1, x2, 1), the seed's input convention.
    """
    x1, x2 = np.meshgrid(np.linspace(lo, hi, n), np.linspace(lo, hi, n))
    X = np.column_stack([x1.ravel(), x2.ravel(), np.ones(x1.size)])
    return x1, x2, X


def plot_decision_boundary(ax, predict, X, y, *, title=None, n=101, colorbar=False):
    """Shade the net's output over the input plane and mark the 0.5 contour.

    predict: a function from inputs (m, 3) to outputs (m, 1). X: (n_samples, 3)
    data points, drawn at (X[:, 0], X[:, 1]). y: (n_samples, 1) targets 0 or 1.
    Returns the contour set of the shading, for a colour bar.
    """
    x1, x2, grid = input_grid(n)
    out = np.asarray(predict(grid)).reshape(x1.shape)
    # Bands centred on 0.5 (0.45 to 0.55 is one band), so "undecided" reads as one colour.
    levels = np.concatenate([[0.0], np.linspace(0.05, 0.95, 10), [1.0]])
    shade = ax.contourf(x1, x2, out, levels=levels, cmap="RdBu_r", vmin=0, vmax=1)
    # The boundary only means something if the output really crosses 1/2;
    # a net answering 1/2 +- rounding everywhere has none.
    if out.min() < 0.49 and out.max() > 0.51:
        ax.contour(x1, x2, out, levels=[0.5], colors="k", linewidths=1.5)
    y = np.asarray(y).ravel()
    for target, marker, face, edge in ((0, "o", "white", "black"), (1, "s", "black", "white")):
        pts = X[y == target]
        ax.scatter(pts[:, 0], pts[:, 1], marker=marker, s=110, c=face,
                   edgecolors=edge, linewidths=2, label=f"target {target}", zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    if colorbar:
        ax.figure.colorbar(shade, ax=ax, label="net output")
    return shade
