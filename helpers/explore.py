"""Explorers: sliders for a net's settings, with its loss curve and, beside it, its decision map
(or, for the digits of chapter 6, the test digits it gets wrong).

A chapter makes one with a single call and lets the notebook display it::

    from helpers.explore import two_layer_explorer
    two_layer_explorer(X, y)

The same object works in both places a reader meets it:

* in a live kernel (Jupyter, Binder), it is an ipywidgets panel that
  retrains the net with ``helpers.net`` on every change and redraws;
* in the static book, where there is no kernel, it is HTML: native range
  inputs that snap to a grid of values, and a small inline script that draws
  the result precomputed for that grid point when the book was built. No
  script comes from anywhere else.

For the nets of chapters 1 to 3 the grid is trained all at once, the nets
stacked along a leading axis (``_train_stack``), and a test checks that every
grid point equals what ``helpers.net.train`` gives for the same settings and
seed. The digit classifier's grid is simply the live run at every point.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import pathlib

import numpy as np

from helpers import net, plots
from helpers.net import sigmoid_backward

__all__ = [
    "Explorer",
    "Slider",
    "no_hidden_layer_explorer",
    "two_layer_explorer",
    "dropout_explorer",
    "digits_explorer",
    "MapPanel",
    "DigitsPanel",
]

_JS = pathlib.Path(__file__).with_name("explorer.js")
_CSS = pathlib.Path(__file__).with_name("explorer.css")
N_SURFACE = 31  # the decision map is N_SURFACE x N_SURFACE points
N_CURVE = 120  # points kept of each loss curve
STATIC_ENV = "NN_BOOK_STATIC"  # set to 1 by the book build: explorers render as static HTML


class Slider:
    """One control: a name (the keyword of the run), a label, and the grid of values it snaps to."""

    def __init__(self, name, label, values, default):
        values = list(values)
        if default not in values:
            raise ValueError(f"default must be one of the slider's values {values}; got {default!r}")
        self.name, self.label, self.values, self.default = name, label, values, default

    def fmt(self, value):
        return f"{value:g}"


# --------------------------------------------------------------------------
# Training a stack of nets at once
# --------------------------------------------------------------------------


def _sigmoid(z):
    """The sigmoid for the large stacked arrays, written over z itself.

    net.sigmoid's tanh form is quicker on a few numbers; on a stack of nets
    numpy's vectorised exp is several times quicker. Clipping at +-700 keeps
    exp finite (f(+-700) is 0 or 1 to double precision), so no overflow warning.
    """
    np.negative(z, out=z)
    np.clip(z, -700.0, 700.0, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)


def _stack_params(sizes_list, seeds, H, bias, scale):
    """Initial weights for each net, drawn exactly as init_params draws them, padded to H units.

    Returns the stacked params and the per-net generators, in the state
    init_params leaves them (the dropout masks are drawn from them next).
    """
    G = len(sizes_list)
    d, k = sizes_list[0][0], sizes_list[0][-1]
    two = len(sizes_list[0]) == 3
    W0 = np.zeros((G, d, H if two else k))
    W1 = np.zeros((G, H, k)) if two else None
    b0 = np.zeros((G, 1, H if two else k)) if bias else None
    b1 = np.zeros((G, 1, k)) if (bias and two) else None
    rngs = []
    for g, (sizes, seed) in enumerate(zip(sizes_list, seeds)):
        rng = np.random.default_rng(seed)
        p = net.init_params(list(sizes), rng, bias=bias, scale=scale)
        if two:
            h = sizes[1]
            W0[g, :, :h] = p["W0"]
            W1[g, :h, :] = p["W1"]
        else:
            W0[g] = p["W0"]
        rngs.append(rng)
    return W0, W1, b0, b1, rngs


def _train_stack(X, y, sizes_list, seeds, lrs, n_steps, *, dropout_rates=None, bias=False,
                 evaluate=None, eval_every=1, snapshots=(), scale=0.1):
    """Train G nets at once, the weights stacked along a leading axis.

    Net g has layer sizes sizes_list[g], is initialised from
    default_rng(seeds[g]) as ``init_params`` does, and is trained with lr
    lrs[g] and dropout rate dropout_rates[g], drawing its masks from the same
    generator in the same order as ``net.train``. Nets narrower than the
    widest have their extra units masked to zero, which keeps those units'
    weights at zero and out of every sum.
    snapshots: step counts at which to keep a copy of the weights.
    Returns (W0, W1, b0, b1, history): weights (G, ...), and a history dict
    with "loss": (G, n_steps), for each evaluated set f"{name}_loss": (G, m),
    and "snapshots": {step count: (W0, W1, b0, b1)}.
    """
    G = len(sizes_list)
    two = len(sizes_list[0]) == 3
    H = max(s[1] for s in sizes_list) if two else 0
    W0, W1, b0, b1, rngs = _stack_params(sizes_list, seeds, H, bias, scale)
    lr = np.asarray(lrs, dtype=float).reshape(G, 1, 1)
    rates = np.zeros(G) if dropout_rates is None else np.asarray(dropout_rates, dtype=float)
    n = X.shape[0]
    widths = [s[1] for s in sizes_list] if two else []
    unit = np.zeros((G, 1, H))
    for g, h in enumerate(widths):
        unit[g, 0, :h] = 1.0
    loss = np.empty((G, n_steps))
    evaluate = evaluate or {}
    eval_loss = {name: [] for name in evaluate}
    mask = np.zeros((G, n, H))

    def forward(Xa, m):
        z1 = Xa @ W0
        if b0 is not None:
            z1 += b0
        L1 = _sigmoid(z1)
        if not two:
            return L1, None, None
        L1_out = L1 * m
        z2 = L1_out @ W1
        if b1 is not None:
            z2 += b1
        return _sigmoid(z2), L1, L1_out

    def record():
        for name, (Xe, ye) in evaluate.items():
            out = forward(Xe, unit)[0]
            e = out - ye
            eval_loss[name].append(0.5 * np.sum(e * e, axis=(1, 2)) / Xe.shape[0])

    kept = {}

    def snapshot(step):
        if step in snapshots:
            kept[step] = tuple(None if a is None else a.copy() for a in (W0, W1, b0, b1))

    for step in range(n_steps):
        snapshot(step)
        if evaluate and step % eval_every == 0:
            record()
        if two:
            mask[:] = unit
            for g in np.flatnonzero(rates > 0):
                # the same draw, from the same generator, as net.train makes for net g
                keep = 1.0 - rates[g]
                mask[g, :, : widths[g]] = net._dropout_mask((n, widths[g]), rates[g], rngs[g])
        L_out, L1, L1_out = forward(X, mask)
        e = L_out - y
        loss[:, step] = 0.5 * np.sum(e * e, axis=(1, 2))
        delta_out = sigmoid_backward(e, L_out)
        if two:
            # a contiguous copy of W1^T: matmul is slow on a transposed stack
            delta1 = sigmoid_backward((delta_out @ np.ascontiguousarray(W1.mT)) * mask, L1)
            dW1 = L1_out.mT @ delta_out
            W1 -= lr * dW1
            if b1 is not None:
                b1 -= lr * delta_out.sum(axis=1, keepdims=True)
        else:
            delta1 = delta_out
        W0 -= lr * (X.T @ delta1)
        if b0 is not None:
            b0 -= lr * delta1.sum(axis=1, keepdims=True)
    snapshot(n_steps)
    history = {"loss": loss, "snapshots": kept}
    if evaluate:
        record()
        for name, values in eval_loss.items():
            history[f"{name}_loss"] = np.stack(values, axis=1)
    return W0, W1, b0, b1, history


def _surface_inputs(X, n=N_SURFACE):
    """A grid over the plane of the first two inputs, 10% beyond the data, in X's format."""
    lo = X[:, :2].min(axis=0)
    hi = X[:, :2].max(axis=0)
    pad = 0.1 * np.maximum(hi - lo, 1e-9)
    lo, hi = lo - pad, hi + pad
    a = np.linspace(lo[0], hi[0], n)
    b = np.linspace(lo[1], hi[1], n)
    A, B = np.meshgrid(a, b)  # rows: x2 from low to high
    cols = [A.ravel(), B.ravel()]
    if X.shape[1] == 3:
        cols.append(np.ones(A.size))  # the constant-1 column
    return np.column_stack(cols), (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


def _curve_index(n_steps, n=N_CURVE):
    return np.unique(np.linspace(0, n_steps - 1, n).round().astype(int))


# --------------------------------------------------------------------------
# The explorer object
# --------------------------------------------------------------------------


class Explorer:
    """Sliders over a grid of settings, a cost panel, and a second panel beside it.

    title: shown above the panels. sliders: list of Slider. run: function of
    the slider values (as keywords) returning a result dict: "steps" and
    "curves" for the cost panel, what ``panel`` draws (see MapPanel and
    DigitsPanel), and optionally "caption", a line of text under the figure.
    grid: function returning {tuple of values: result} for every
    combination, in the order of ``sliders``. panel: the second panel, a
    MapPanel or a DigitsPanel. curves: names of the cost curves, e.g.
    ["loss"] or ["train", "test"]. ylabel, ylim: the cost axis's label and
    fixed limits (log scale; fixed so the axes stay put as the sliders
    move). max_steps: the step axis's end, and xlabel its label.
    """

    def __init__(self, title, sliders, run, grid, panel, *, curves, ylabel, ylim, max_steps,
                 xlabel="step"):
        self.title, self.sliders, self.run, self._compute_grid = title, sliders, run, grid
        self.panel, self.curves, self.ylabel, self.ylim = panel, curves, ylabel, ylim
        self.max_steps, self.xlabel = max_steps, xlabel
        self._widget = None
        self._grid = None

    def grid(self):
        """The result at every grid point, computed on the first call and kept, so that the
        static page and a chapter's checks of what that page shows share one computation."""
        if self._grid is None:
            self._grid = self._compute_grid()
        return dict(self._grid)

    def _index(self, values):
        """The static data's key of a grid point: each slider's position, joined by "_"."""
        return "_".join(str(s.values.index(v)) for s, v in zip(self.sliders, values))

    # -- the static HTML -----------------------------------------------------

    def static_data(self):
        """Everything the static page needs, as plain lists (JSON-ready)."""
        results = self.grid()
        data = {
            "title": self.title,
            "ylabel": self.ylabel,
            "ylim": list(self.ylim),
            "max_steps": self.max_steps,
            "xlabel": self.xlabel,
            "curves": self.curves,
            "sliders": [{"name": s.name, "label": s.label,
                         "values": [s.fmt(v) for v in s.values],
                         "default": s.values.index(s.default)} for s in self.sliders],
            "panel": self.panel.kind,
            **self.panel.static_data(),
            "results": {},
        }
        for key, r in results.items():
            entry = {
                "steps": [int(k) for k in r["steps"]],
                "curves": {c: _rounded(r["curves"][c]) for c in self.curves},
                **self.panel.result_data(r),
            }
            if "caption" in r:
                entry["caption"] = r["caption"]
            data["results"][self._index(key)] = entry
        return data

    def to_html(self):
        data = self.static_data()
        text = json.dumps(data, separators=(",", ":"))
        uid = "nnx-" + hashlib.sha1(text.encode()).hexdigest()[:10]
        controls = "".join(
            f'<div class="nnx-slider"><label for="{uid}-{i}">{_ascii_html(s["label"])}</label>'
            f'<input type="range" id="{uid}-{i}" data-name="{s["name"]}" min="0" '
            f'max="{len(s["values"]) - 1}" step="1" value="{s["default"]}">'
            f'<output for="{uid}-{i}">{s["values"][s["default"]]}</output></div>'
            for i, s in enumerate(data["sliders"])
        )
        (loss_w, loss_h), (panel_w, panel_h) = self.panel.canvas_sizes
        # the default's caption is in the page itself; the script replaces it on every change
        shown = data["results"][self._index([s.default for s in self.sliders])]
        caption = (f'<div class="nnx-caption">{_ascii_html(shown["caption"])}</div>'
                   if "caption" in shown else "")
        return (
            f'<div class="nn-explorer" id="{uid}">'
            f"<style>{_CSS.read_text()}</style>"
            f'<div class="nnx-title">{_ascii_html(self.title)}</div>'
            f'<div class="nnx-controls">{controls}</div>'
            f'<div class="nnx-figure">'
            f'<canvas class="nnx-loss" width="{loss_w}" height="{loss_h}"></canvas>'
            f'<canvas class="nnx-{self.panel.kind}" width="{panel_w}" height="{panel_h}"></canvas>'
            f"</div>{caption}"
            f'<script type="application/json" class="nnx-data">{text}</script>'
            f"<script>{_JS.read_text()}</script>"
            f"</div>"
        )

    # -- the live widget -----------------------------------------------------

    def widget(self):
        """The ipywidgets panel: SelectionSliders over the same grid, retraining on change."""
        import ipywidgets as widgets

        sliders = [
            widgets.SelectionSlider(
                options=[(s.fmt(v), v) for v in s.values], value=s.default,
                description=s.label, continuous_update=False,
                style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))
            for s in self.sliders
        ]
        image = widgets.Image(format="png")
        caption = widgets.HTML()
        drawer = _Drawer(self)

        def update(change=None):
            values = {s.name: w.value for s, w in zip(self.sliders, sliders)}
            result = self.run(**values)
            image.value = drawer.png(result)
            caption.value = html.escape(result.get("caption", ""))

        for w in sliders:
            w.observe(update, names="value")
        update()
        title = widgets.HTML(f"<b>{html.escape(self.title)}</b>")
        below = [caption] if caption.value else []
        return widgets.VBox([title, widgets.HBox(sliders), image] + below)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In the book's HTML build, the static explorer; anywhere else, the live widget.

        The book build sets NN_BOOK_STATIC=1 for its kernels (helpers/book_sphinx.py).
        Elsewhere (Jupyter, Binder, nbval) no grid is computed, so nothing waits for it.
        """
        if os.environ.get(STATIC_ENV) == "1":
            return {"text/html": self.to_html(),
                    "text/plain": f"<{self.title}: an explorer>"}
        self._widget = self.widget()
        bundle = dict(self._widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = f"<{self.title}: an explorer>"
        return bundle


def _ascii_html(text):
    """Escaped HTML with non-ASCII letters as character references (η -> &#951;)."""
    return html.escape(text).encode("ascii", "xmlcharrefreplace").decode()


def _colour_table(n=100):
    """The map's colours (matplotlib's RdBu_r) as n hex strings, for the static page."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["RdBu_r"]
    return [to_hex(cmap(i / (n - 1))) for i in range(n)]


def _rounded(values):
    return [float(f"{v:.4g}") for v in np.asarray(values, dtype=float)]


class _Drawer:
    """Draws a result with matplotlib for the live widget, quickly.

    The axes never change (the cost axis has fixed limits, ``explorer.ylim``),
    so they are drawn once; a redraw puts back that background and draws
    only the curves and what the panel shows for this result over it.
    """

    def __init__(self, explorer):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        self.explorer = explorer
        self.fig = Figure(figsize=explorer.panel.figsize, dpi=72)
        self.canvas = FigureCanvasAgg(self.fig)
        self.ax_loss, ax_panel = explorer.panel.axes(self.fig)
        colours = {"loss": "#1f77b4", "train": "#1f77b4", "test": "#d62728",
                   "validation": "#d62728"}
        self.lines = {c: self.ax_loss.plot([], [], color=colours.get(c, "k"), label=c,
                                           animated=True)[0] for c in explorer.curves}
        ax = self.ax_loss
        ax.set_yscale("log")
        ax.set_ylim(*explorer.ylim)
        few_decades = np.log10(explorer.ylim[1] / explorer.ylim[0]) < 2
        ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5) if few_decades else (1,),
                                              numticks=7))
        # plain "1e-3" labels (and 0.2, 0.05 between them), as on the static page
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _: f"{v:g}" if few_decades else f"1e{np.log10(v):.0f}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlim(0, explorer.max_steps)
        ax.set_xlabel(explorer.xlabel)
        ax.set_ylabel(explorer.ylabel)
        ax.set_title("cost")
        if len(explorer.curves) > 1:
            ax.legend(loc="upper right")
        self.draw_panel = explorer.panel.setup(ax_panel)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def png(self, result):
        from PIL import Image

        self.canvas.restore_region(self.background)
        steps = result["steps"]
        floor = self.explorer.ylim[0]
        for c, line in self.lines.items():
            values = np.maximum(np.asarray(result["curves"][c]), floor)
            line.set_data(steps[: len(values)], values)
            self.ax_loss.draw_artist(line)
        self.draw_panel(result)
        buf = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(buf, format="png",
                                                                     compress_level=1)
        return buf.getvalue()


# --------------------------------------------------------------------------
# The second panel: the net's output over the input plane, or the test digits
# --------------------------------------------------------------------------


class MapPanel:
    """The net's output over the plane of the first two inputs, with the data points on it.

    X: (n, 2), or (n, 3) with a constant-1 column; y: (n, 1) targets 0 or 1,
    drawn as circles and squares. extent: (x1 min, x1 max, x2 min, x2 max)
    of the map. Each result gives "surface": the net's output at the
    N_SURFACE x N_SURFACE points of ``_surface_inputs``, row by row.
    """

    kind = "map"
    canvas_sizes = ((350, 300), (330, 300))  # (width, height) of the cost and map canvases
    figsize = (8.5, 3.6)  # the live figure, in inches at 72 dpi

    def __init__(self, X, y, extent):
        self.X, self.y, self.extent = X, y, extent

    def static_data(self):
        return {
            "extent": self.extent,
            "points": [[round(float(a), 4), round(float(b), 4), int(t)]
                       for a, b, t in zip(self.X[:, 0], self.X[:, 1], self.y.ravel())],
            "cmap": _colour_table(),
        }

    def result_data(self, result):
        # the map as 0..99 integers: two characters a point, plenty for a colour map
        return {"surface": np.clip(np.round(np.asarray(result["surface"]) * 99), 0, 99)
                .astype(int).ravel().tolist()}

    def axes(self, fig):
        ax_loss, ax_map = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.15, top=0.9, wspace=0.25)
        return ax_loss, ax_map

    def setup(self, ax):
        """Draw the map's axes on ``ax``; return a function drawing one result's map over them."""
        ax.set_title("net output over the input plane")
        ax.set_xlabel("x\u2081")
        ax.set_ylabel("x\u2082")
        lo0, hi0, lo1, hi1 = self.extent
        ax.set_xlim(lo0, hi0)
        ax.set_ylim(lo1, hi1)
        image = ax.imshow(np.zeros((N_SURFACE, N_SURFACE)), origin="lower", extent=self.extent,
                          cmap="RdBu_r", vmin=0, vmax=1, aspect="auto", interpolation="bilinear",
                          animated=True)
        X, y = self.X, self.y.ravel()
        points = []
        for target, marker, face, edge in ((0, "o", "white", "black"), (1, "s", "black", "white")):
            pts = X[y == target]
            points.append(ax.scatter(
                pts[:, 0], pts[:, 1], marker=marker, s=30 if len(X) > 20 else 90, c=face,
                edgecolors=edge, linewidths=1.2, zorder=3, animated=True))

        def draw(result):
            image.set_data(np.asarray(result["surface"]).reshape(N_SURFACE, N_SURFACE))
            ax.draw_artist(image)
            for p in points:
                ax.draw_artist(p)

        return draw


MISTAKE = "#d62728"  # the frame and the answer drawn on a misread digit
_PIXEL_CODE = "0123456789abcdefg"  # the grey levels 0..16 as one base-17 digit each


class DigitsPanel:
    """Every held-out digit as a small 8x8 image; the ones the net gets wrong framed in red.

    images: (n, 64), each row an 8x8 image's pixels row by row; name: what
    the panel's title calls them ("test", "validation"). They are
    drawn in 17 greys from white (the smallest pixel value) to black (the
    largest): for the book's digits, exactly the 0..16 of the data file.
    The images sit in a mosaic of ``cols`` columns, a one-pixel white gap
    around each, magnified ``scale`` times so the mosaic fills its canvas.
    Each result gives "wrong": a list of [row of images, the net's answer],
    and the answer is written on the frame's corner.
    """

    kind = "digits"
    # The most room the mosaic may take, in screen pixels: for the 360 test digits, 3 screen
    # pixels a pixel, large enough to read the answers. That is too wide to sit beside the
    # cost panel in the book's column, so on the page it goes below it.
    _MAX_SIZE = (560, 500)
    _ORIGIN = (2, 34)  # its top left corner on its canvas: below the title

    def __init__(self, images, name="test"):
        lo, hi = float(images.min()), float(images.max())
        self.levels = np.round((images - lo) / max(hi - lo, 1e-12) * 16).astype(int)
        n = len(images)
        self.cols = int(np.ceil(np.sqrt(1.1 * n)))  # a mosaic a little wider than tall
        rows = -(-n // self.cols)
        self.size = (9 * self.cols + 1, 9 * rows + 1)  # mosaic pixels, gaps included
        self.scale = max(1, min(m // s for m, s in zip(self._MAX_SIZE, self.size)))
        self.title = f"the {n} {name} digits; red: wrong, with the net's answer"
        # room to the right and below for the answers drawn on the last column's and row's
        # corners
        width, height = (self.scale * s for s in self.size)
        height = max(300, self._ORIGIN[1] + height + 8)
        # on the page, the cost panel at its usual size, and the mosaic below it
        self.canvas_sizes = ((350, 300), (width + 8, height))
        # the live figure side by side, as tall as the mosaic: the same pixels
        self.figsize = ((350 + width + 8) / 72, height / 72)

    def static_data(self):
        return {"digits": {
            "title": self.title,
            "cols": self.cols,
            "scale": self.scale,
            "origin": self._ORIGIN,
            # 64 characters an image: 23 KB for the 360 test digits
            "images": "".join(_PIXEL_CODE[v] for v in self.levels.ravel()),
        }}

    def result_data(self, result):
        return {"wrong": [[int(i), int(label)] for i, label in result["wrong"]]}

    def mosaic(self):
        """The mosaic as one grey image, 0 white to 1 black: shape (size[1], size[0]),
        with a last gap below and to the right so the last digits are framed like the rest."""
        return np.pad(plots.digit_mosaic(self.levels / 16, self.cols), ((0, 1), (0, 1)))

    def axes(self, fig):
        (loss_w, _), (_, height) = self.canvas_sizes
        fig_w = fig.get_figwidth() * fig.dpi
        width, mosaic_h = (self.scale * s for s in self.size)
        # the cost axes where the static page draws them; the mosaic pixel for pixel
        ax_loss = fig.add_axes([62 / fig_w, 50 / height, (loss_w - 80) / fig_w,
                                (height - 80) / height])
        left, top = self._ORIGIN
        ax = fig.add_axes([(loss_w + left) / fig_w, (height - top - mosaic_h) / height,
                           width / fig_w, mosaic_h / height])
        return ax_loss, ax

    def setup(self, ax):
        """Draw the mosaic on ``ax``; return a function marking one result's mistakes over it."""
        from matplotlib.patches import Rectangle
        from matplotlib.patheffects import withStroke

        w, h = self.size
        ax.imshow(self.mosaic(), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest",
                  extent=(0, w, h, 0), aspect="auto")
        ax.set_axis_off()
        ax.set_title(self.title, fontsize=11)
        halo = [withStroke(linewidth=3, foreground="white")]

        def draw(result):
            # the frames first, then the answers, so no frame runs over a neighbour's answer
            places = [divmod(i, self.cols) for i, _ in result["wrong"]]
            artists = [ax.add_patch(Rectangle(  # along the gap around the image, as wide as it
                (9 * col + 0.5, 9 * row + 0.5), 9, 9, fill=False, edgecolor=MISTAKE,
                linewidth=self.scale, animated=True)) for row, col in places]
            # each answer on its frame's lower right corner, where digits are mostly blank
            artists += [ax.text(9 * col + 9.5, 9 * row + 9.5, str(label), color=MISTAKE,
                                fontsize=11, fontweight="bold", ha="center", va="center",
                                path_effects=halo, animated=True)
                        for (row, col), (_, label) in zip(places, result["wrong"])]
            for artist in artists:
                ax.draw_artist(artist)
                artist.remove()

        return draw


def _result(history_curves, steps, surface, extent):
    return {"curves": history_curves, "steps": steps, "surface": surface, "extent": extent}


# --------------------------------------------------------------------------
# The three chapters' explorers
# --------------------------------------------------------------------------


def _check_data(X, y, name_X="X", name_y="y"):
    X, y = net._check_xy(X, y)
    if X.shape[1] not in (2, 3) or y.shape[1] != 1:
        raise ValueError(
            f"{name_X} must have 2 inputs (plus an optional constant-1 column) and {name_y} one "
            f"output, to draw them on a plane; got {name_X} {X.shape} and {name_y} {y.shape}")
    return X, y


def no_hidden_layer_explorer(X, y, *, seed=0):
    """Chapter 1: the learning rate and the number of steps of the net with no hidden layer.

    X: (n, 3) with a constant-1 column (or (n, 2) with biases). y: (n, 1).
    """
    X, y = _check_data(X, y)
    bias = X.shape[1] == 2
    lr = Slider("lr", "learning rate η", [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30], 1)
    steps = Slider("n_steps", "steps", [10, 30, 100, 300, 1000, 3000], 1000)
    grid_in, extent = _surface_inputs(X)
    sizes = [X.shape[1], 1]

    def run(lr, n_steps):
        params = net.init_params(sizes, np.random.default_rng(seed), bias=bias)
        trained, history = net.train(params, X, y, lr=lr, n_steps=n_steps)
        idx = _curve_index(n_steps)
        return _result({"loss": history["loss"][idx]}, idx.tolist(),
                       net.predict(trained, grid_in).ravel(), extent)

    def grid():
        # One stacked run, a net per learning rate, to the longest step count;
        # a shorter run is a prefix of it, so its map comes from a snapshot.
        G = len(lr.values)
        *_, hist = _train_stack(X, y, [sizes] * G, [seed] * G, lr.values, max(steps.values),
                                bias=bias, snapshots=steps.values)
        out = {}
        for n_steps in steps.values:
            W0, _, b0, _ = hist["snapshots"][n_steps]
            surface = _sigmoid(grid_in @ W0 + (0 if b0 is None else b0))
            idx = _curve_index(n_steps)
            for g, rate in enumerate(lr.values):
                out[(rate, n_steps)] = _result({"loss": hist["loss"][g, idx]}, idx.tolist(),
                                               surface[g].ravel(), extent)
        return out

    return Explorer("No hidden layer: learning rate and steps", [lr, steps], run, grid,
                    MapPanel(X, y, extent), curves=["loss"], ylabel="cost C", ylim=(1e-5, 1.0),
                    max_steps=max(steps.values))


def two_layer_explorer(X, y, *, seed=0, n_steps=2000, scale=1.0):
    """Chapter 2: the learning rate and the hidden width of the two-layer net.

    X: (n, 3) with a constant-1 column (or (n, 2) with biases). y: (n, 1).
    scale: the spread of the initial weights; 1.0 rather than the post's 0.1,
    so that most settings leave the plateau within n_steps.
    """
    X, y = _check_data(X, y)
    bias = X.shape[1] == 2
    n_steps = net._check_positive_int("n_steps", n_steps)
    lr = Slider("lr", "learning rate η", [0.1, 0.3, 1, 3, 10], 1)
    width = Slider("width", "hidden units", [1, 2, 3, 4, 5, 6, 8, 12, 16], 5)
    grid_in, extent = _surface_inputs(X)
    idx = _curve_index(n_steps)

    def run(lr, width):
        params = net.init_params([X.shape[1], width, 1], np.random.default_rng(seed), bias=bias,
                                 scale=scale)
        trained, history = net.train(params, X, y, lr=lr, n_steps=n_steps)
        return _result({"loss": history["loss"][idx]}, idx.tolist(),
                       net.predict(trained, grid_in).ravel(), extent)

    def grid():
        keys = [(a, h) for a in lr.values for h in width.values]
        sizes = [[X.shape[1], h, 1] for _, h in keys]
        W0, W1, b0, b1, hist = _train_stack(X, y, sizes, [seed] * len(keys),
                                            [a for a, _ in keys], n_steps, bias=bias, scale=scale)
        surface = _stack_predict(grid_in, W0, W1, b0, b1)
        return {key: _result({"loss": hist["loss"][g, idx]}, idx.tolist(), surface[g].ravel(),
                             extent) for g, key in enumerate(keys)}

    return Explorer("Two-layer net: learning rate and hidden width", [lr, width], run, grid,
                    MapPanel(X, y, extent), curves=["loss"], ylabel="cost C", ylim=(1e-5, 1.0),
                    max_steps=n_steps)


def dropout_explorer(X_train, y_train, X_test, y_test, *, seed=0, lr=0.05, n_steps=1000,
                     eval_every=50, scale=1.0):
    """Chapter 3: the dropout rate and the hidden width, with training and test costs.

    X_train, X_test: (n, 2) (biases are used) or (n, 3) with a constant-1
    column. y_train, y_test: (n, 1). The costs shown are per example, with
    dropout off, measured every ``eval_every`` steps. Keep the training set
    to a hundred rows or so: a live update retrains the net. scale: the
    spread of the initial weights (1.0 leaves the plateau quickly).
    lr: 0.05, not larger: on chapter 3's 80 rows, from about 0.07 on the
    widest nets without dropout become so sensitive that the last bits of a
    sum change their curves (the grid and a live run then draw different
    ones). eval_every: even, so a cost that alternates from step to step is
    always seen on the same side (chapter 3, "Why we measure every 50 steps").
    """
    X, y = _check_data(X_train, y_train, "X_train", "y_train")
    Xt, yt = _check_data(X_test, y_test, "X_test", "y_test")
    if Xt.shape[1] != X.shape[1]:
        raise ValueError(f"X_test must have {X.shape[1]} columns like X_train; got {Xt.shape}")
    bias = X.shape[1] == 2
    lr = net._check_lr(lr)
    n_steps = net._check_positive_int("n_steps", n_steps)
    eval_every = net._check_positive_int("eval_every", eval_every)
    rate = Slider("dropout_rate", "dropout rate p", [0.0, 0.1, 0.2, 0.3, 0.5, 0.7], 0.2)
    width = Slider("width", "hidden units", [2, 4, 8, 16, 32, 64], 16)
    grid_in, extent = _surface_inputs(X)
    evaluate = {"train": (X, y), "test": (Xt, yt)}
    steps = list(range(0, n_steps, eval_every)) + [n_steps]

    def run(dropout_rate, width):
        rng = np.random.default_rng(seed)
        params = net.init_params([X.shape[1], width, 1], rng, bias=bias, scale=scale)
        trained, history = net.train(params, X, y, lr=lr, n_steps=n_steps, rng=rng,
                                     dropout_rate=dropout_rate, evaluate=evaluate,
                                     eval_every=eval_every)
        return _result({"train": history["train_loss"], "test": history["test_loss"]}, steps,
                       net.predict(trained, grid_in).ravel(), extent)

    def grid():
        out = {}
        for h in width.values:  # one stack per width: no padding to the widest
            G = len(rate.values)
            W0, W1, b0, b1, hist = _train_stack(
                X, y, [[X.shape[1], h, 1]] * G, [seed] * G, [lr] * G, n_steps,
                dropout_rates=rate.values, bias=bias, evaluate=evaluate, eval_every=eval_every,
                scale=scale)
            surface = _stack_predict(grid_in, W0, W1, b0, b1)
            for g, p in enumerate(rate.values):
                out[(p, h)] = _result({"train": hist["train_loss"][g], "test": hist["test_loss"][g]},
                                      steps, surface[g].ravel(), extent)
        return out

    return Explorer("Dropout: rate and hidden width (costs per example, dropout off)",
                    [rate, width], run, grid, MapPanel(X, y, extent), curves=["train", "test"],
                    ylabel="cost per example", ylim=(0.05, 0.5), max_steps=n_steps)


def _stack_predict(Xg, W0, W1, b0, b1):
    z1 = Xg @ W0
    if b0 is not None:
        z1 += b0
    z2 = _sigmoid(z1) @ W1  # padded units have zero outgoing weights
    if b1 is not None:
        z2 += b1
    return _sigmoid(z2)


# --------------------------------------------------------------------------
# Chapter 6's explorer: the digit classifier
# --------------------------------------------------------------------------

N_DIGITS = 10  # the classes: the digits 0 to 9
# The grid: 12 settings of 25 epochs on the chapter's 1437 training digits train in about
# 2 s. Every net ends with its test cost about twice its training cost; dropout narrows the
# gap but slows learning. At 16 units, p = 0.5 underfits.
DIGITS_WIDTHS = [16, 32, 64, 128]
DIGITS_RATES = [0.0, 0.2, 0.5]


def _check_digits(X, labels, name_X, name_labels):
    X = net._as_matrix(name_X, X)
    if X.shape[1] not in (64, 65):
        raise ValueError(
            f"{name_X} must have 64 columns, the pixels of an 8x8 image row by row (plus an "
            f"optional constant-1 column); got shape {X.shape}")
    if X.shape[1] == 65 and not np.all(X[:, 64] == 1.0):
        raise ValueError(
            f"the 65th column of {name_X} must be the constant 1 that stands in for a bias; "
            f"got values from {X[:, 64].min():g} to {X[:, 64].max():g}")
    return X, net._check_labels(labels, X.shape[0], N_DIGITS, name_labels, name_X)


def digits_explorer(X_train, labels_train, X_test, labels_test, *, seed=0, n_epochs=25, lr=1.0,
                    batch_size=32, eval_every=2, held_out="test"):
    """Chapter 6: the hidden width and the dropout rate of the digit classifier.

    X_train, X_test: (n, 65), each row an 8x8 image's 64 pixels and the
    constant-1 column (or (n, 64), and the net gets biases). labels_train,
    labels_test: (n,) digits 0 to 9. Each setting is trained as the chapter
    trains: init_params from default_rng(seed), then train_classifier with
    the same generator, mini-batches of ``batch_size``, ``n_epochs`` epochs.
    The cost panel shows the cross-entropy per example on both sets, with
    dropout off, every ``eval_every`` epochs (measuring both sets after every
    epoch would add a third to the training time); the second panel shows
    every digit of X_test, the ones the net gets wrong framed in red with its
    answer. held_out: what the page calls X_test, its curve and its digits:
    "test", or "validation" when, as in chapter 6, they are the digits the
    settings are chosen on. A live update retrains the net: about 0.2 s on
    1437 training digits (benchmarks/bench_explorers.py).
    """
    X, labels = _check_digits(X_train, labels_train, "X_train", "labels_train")
    Xt, labels_t = _check_digits(X_test, labels_test, "X_test", "labels_test")
    if Xt.shape[1] != X.shape[1]:
        raise ValueError(
            f"X_test must have {X.shape[1]} columns like X_train; got shape {Xt.shape}")
    bias = X.shape[1] == 64
    lr = net._check_lr(lr)
    n_epochs = net._check_positive_int("n_epochs", n_epochs)
    batch_size = net._check_positive_int("batch_size", batch_size)
    eval_every = net._check_positive_int("eval_every", eval_every)
    if not isinstance(held_out, str) or not held_out or held_out == "train":
        raise ValueError(f"held_out must be a name for X_test other than 'train', such as "
                         f"'test' or 'validation'; got {held_out!r}")
    width = Slider("width", "hidden units", DIGITS_WIDTHS, 64)
    # p = 0.2 first: on chapter 6's validation digits, with 64 units and 25 epochs, it has
    # the lowest validation cost of the three rates; p = 0.5 slows learning so much that in
    # 25 epochs it misreads more digits than no dropout at every width.
    rate = Slider("dropout_rate", "dropout rate p", DIGITS_RATES, 0.2)
    evaluate = {"train": (X, labels), held_out: (Xt, labels_t)}

    def run(width, dropout_rate):
        rng = np.random.default_rng(seed)
        params = net.init_params([X.shape[1], width, N_DIGITS], rng, bias=bias)
        trained, history = net.train_classifier(
            params, X, labels, lr=lr, n_epochs=n_epochs, batch_size=batch_size, rng=rng,
            dropout_rate=dropout_rate, evaluate=evaluate, eval_every=eval_every)
        answers = net.predict_labels(trained, Xt)
        wrong = np.flatnonzero(answers != labels_t)
        caption = (f"After {n_epochs} epochs: training accuracy "
                   f"{history['train_accuracy'][-1]:.1%}, {held_out} accuracy "
                   f"{1 - len(wrong) / len(Xt):.1%} ({len(wrong)} of {len(Xt)} {held_out} "
                   f"digits wrong).")
        return {"steps": history["epoch"].tolist(),
                "curves": {"train": history["train_loss"],
                           held_out: history[f"{held_out}_loss"]},
                "wrong": [[int(i), int(answers[i])] for i in wrong], "caption": caption}

    def grid():
        # each grid point is the live run itself, so the page shows exactly what a kernel would
        return {(h, p): run(h, p) for h in width.values for p in rate.values}

    return Explorer("Digits: hidden width and dropout rate (costs per example, dropout off)",
                    [width, rate], run, grid, DigitsPanel(Xt[:, :64], held_out),
                    curves=["train", held_out],
                    ylabel="cost per example (cross-entropy)", ylim=(0.035, 3.0),
                    max_steps=n_epochs, xlabel="epoch")

