"""Figures the chapters share: loss curves, decision boundaries and digit images.

Every function draws on an ``ax`` it is given and returns it, so a
notebook composes figures and nothing here calls ``plt.show``.
"""

import numpy as np

__all__ = ["plot_loss", "plot_decision_boundary", "input_grid", "digit_mosaic", "plot_digits"]


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


def digit_mosaic(images, n_cols, cell_w=9, cell_h=9):
    """8x8 digits as one grey image, 0 (white) to 1 (black), n_cols digits to a row.

    images: (n, 64), pixel rows in [0, 1]. Digit i sits in the cell at row
    i // n_cols and column i % n_cols, each cell_w wide and cell_h tall, one
    pixel in from the cell's top left corner; the rest of the cell is 0, a
    white gap (or room for a caption). Returns an array of shape
    (n_rows * cell_h, n_cols * cell_w). Shared by ``plot_digits`` and the
    digits explorer (helpers/explore/panels.py).
    """
    n = images.shape[0]
    n_rows = -(-n // n_cols)
    mosaic = np.zeros((n_rows * cell_h, n_cols * cell_w))
    for i, image in enumerate(images.reshape(n, 8, 8)):
        r, c = divmod(i, n_cols)
        mosaic[r * cell_h + 1 : r * cell_h + 9, c * cell_w + 1 : c * cell_w + 9] = image
    return mosaic


def plot_digits(ax, images, *, n_cols=10, captions=None, highlight=None):
    """Draw 8x8 digit images side by side as one picture, each with a caption under it.

    One image of the whole mosaic (not an axes per digit) draws quickly for
    hundreds of digits. images: (n, 64) pixel rows in [0, 1] (a trailing
    constant-1 column is ignored). captions: n short strings. highlight: n
    booleans; those digits get a red frame and caption. Returns ax.
    """
    from matplotlib.patches import Rectangle

    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or images.shape[1] not in (64, 65) or images.shape[0] == 0:
        raise ValueError(f"images must have shape (n, 64) (or (n, 65) with a constant column); "
                         f"got shape {images.shape}")
    n = images.shape[0]
    for name, extra in (("captions", captions), ("highlight", highlight)):
        if extra is not None and len(extra) != n:
            raise ValueError(f"{name} must have one entry per image ({n}); got {len(extra)}")
    cell_w, cell_h = 10, 13 if captions is not None else 10  # 8 pixels, a gap, a caption
    ax.imshow(digit_mosaic(images[:, :64], n_cols, cell_w, cell_h), cmap="gray_r", vmin=0,
              vmax=1, interpolation="nearest")
    for i in range(n):
        r, c = divmod(i, n_cols)
        red = highlight is not None and bool(highlight[i])
        if red:
            ax.add_patch(Rectangle((c * cell_w, r * cell_h), 9, 9, fill=False,
                                   edgecolor="#d62728", linewidth=1.5))
        if captions is not None:
            ax.text(c * cell_w + 5, r * cell_h + 10.6, captions[i], ha="center", va="center",
                    fontsize=8, color="#d62728" if red else "black")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax
