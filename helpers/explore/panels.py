"""The explorers' panels: what the figure shows beside the cost curve, and how both views draw it.

* MapPanel: the net's output over the plane of its first two inputs, with the data
  points on it (chapters 1 to 3).
* DigitsPanel: every held-out digit, the ones the net misreads framed in red with its
  answer (chapter 6).

A panel gives the static page its data (``static_data`` once, ``result_data`` per grid
point), and the live widget its matplotlib axes (``axes``, ``setup``). The numbers and
colours both views draw with are defined here, once, and the static page's script
(explorer.js) reads them from the page's data rather than keeping copies of its own.
"""

from __future__ import annotations

import numpy as np

from helpers import plots

# --------------------------------------------------------------------------
# The cost panel, the same in every explorer
# --------------------------------------------------------------------------

CURVE_COLOURS = {"loss": "#1f77b4", "train": "#1f77b4", "test": "#d62728",
                 "validation": "#d62728"}
CURVE_WIDTH = 1.8  # pixels on the page; points at 72 dpi (so pixels too) in the live figure
# the cost axes' margins on their canvas, in pixels: left, top, right, bottom
LOSS_BOX = (62, 30, 18, 50)
LOSS_CANVAS = (350, 300)  # (width, height) of the cost panel's canvas on the page
COST_TITLE = "cost"


def cost_tick_mults(ylim):
    """The cost axis's ticks: at each power of ten, and over less than two decades at 2 and 5
    times each power of ten too."""
    return [1, 2, 5] if np.log10(ylim[1] / ylim[0]) < 2 else [1]


# --------------------------------------------------------------------------
# The map: the net's output over the input plane
# --------------------------------------------------------------------------

N_SURFACE = 31  # the decision map is N_SURFACE x N_SURFACE points
MAP_CMAP = "RdBu_r"  # matplotlib's colour map for the net's output, 0 blue to 1 red
N_COLOURS = 100  # the map's colours on the page; its values are stored as 0 .. N_COLOURS - 1
MAP_TITLE = "net output over the input plane"
MAP_LABELS = ("x\u2081", "x\u2082")
# each target's marker, fill and edge: 0 a white circle edged black, 1 a black square edged white
MARKERS = ((0, "o", "#ffffff", "#000000"), (1, "s", "#000000", "#ffffff"))
MANY_POINTS = 20  # with more data points than this, both views draw them smaller


def surface_inputs(X, n=N_SURFACE):
    """A grid over the plane of the first two inputs, 10% beyond the data, in X's format.

    Returns (inputs, extent): inputs (n * n, X's columns), row by row from the lowest x2,
    with the constant-1 column if X has one; extent (x1 min, x1 max, x2 min, x2 max).
    """
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


def _colour_table(n=N_COLOURS):
    """The map's colours (MAP_CMAP) as n hex strings, for the static page."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[MAP_CMAP]
    return [to_hex(cmap(i / (n - 1))) for i in range(n)]


class MapPanel:
    """The net's output over the plane of the first two inputs, with the data points on it.

    X: (n, 2), or (n, 3) with a constant-1 column; y: (n, 1) targets 0 or 1,
    drawn as circles and squares. extent: (x1 min, x1 max, x2 min, x2 max)
    of the map. Each result gives "surface": the net's output at the
    N_SURFACE x N_SURFACE points of ``surface_inputs``, row by row.
    """

    kind = "map"
    canvas_sizes = (LOSS_CANVAS, (330, 300))  # (width, height) of the cost and map canvases
    box = (56, 30, 16, 50)  # the map's margins on its canvas: left, top, right, bottom
    figsize = (8.5, 3.6)  # the live figure, in inches at 72 dpi

    def __init__(self, X, y, extent):
        self.X, self.y, self.extent = X, y, extent
        self.many = len(X) > MANY_POINTS  # then the points are drawn smaller, in both views

    def static_data(self):
        return {"map": {
            "size": N_SURFACE,
            "extent": self.extent,
            "points": [[round(float(a), 4), round(float(b), 4), int(t)]
                       for a, b, t in zip(self.X[:, 0], self.X[:, 1], self.y.ravel())],
            "cmap": _colour_table(),
            "title": MAP_TITLE,
            "labels": list(MAP_LABELS),
            "box": list(self.box),
            "markers": {str(t): [marker, face, edge] for t, marker, face, edge in MARKERS},
            "radius": 4 if self.many else 7,  # the points' radius and edge, in pixels
            "edge": 1.5,
        }}

    def result_data(self, result):
        # the map as integers 0 .. N_COLOURS - 1: two characters a point, plenty for a colour map
        top = N_COLOURS - 1
        return {"surface": np.clip(np.round(np.asarray(result["surface"]) * top), 0, top)
                .astype(int).ravel().tolist()}

    def axes(self, fig):
        ax_loss, ax_map = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.15, top=0.9, wspace=0.25)
        return ax_loss, ax_map

    def setup(self, ax):
        """Draw the map's axes on ``ax``; return a function drawing one result's map over them."""
        ax.set_title(MAP_TITLE)
        ax.set_xlabel(MAP_LABELS[0])
        ax.set_ylabel(MAP_LABELS[1])
        lo0, hi0, lo1, hi1 = self.extent
        ax.set_xlim(lo0, hi0)
        ax.set_ylim(lo1, hi1)
        image = ax.imshow(np.zeros((N_SURFACE, N_SURFACE)), origin="lower", extent=self.extent,
                          cmap=MAP_CMAP, vmin=0, vmax=1, aspect="auto", interpolation="bilinear",
                          animated=True)
        X, y = self.X, self.y.ravel()
        points = []
        for target, marker, face, edge in MARKERS:
            pts = X[y == target]
            points.append(ax.scatter(
                pts[:, 0], pts[:, 1], marker=marker, s=30 if self.many else 90, c=face,
                edgecolors=edge, linewidths=1.2, zorder=3, animated=True))

        def draw(result):
            image.set_data(np.asarray(result["surface"]).reshape(N_SURFACE, N_SURFACE))
            ax.draw_artist(image)
            for p in points:
                ax.draw_artist(p)

        return draw


# --------------------------------------------------------------------------
# The digits: every held-out digit, the misread ones framed
# --------------------------------------------------------------------------

MISTAKE = "#d62728"  # the frame and the answer drawn on a misread digit
DIGIT_SIDE = 8  # an image is DIGIT_SIDE x DIGIT_SIDE pixels
TILE = DIGIT_SIDE + 1  # its place in the mosaic: the image and a one-pixel white gap
_MID_GAP = (TILE - DIGIT_SIDE) / 2  # the middle of the gap, where a frame runs
GREY_LEVELS = 16  # pixels are drawn in GREY_LEVELS + 1 greys, 0 white to GREY_LEVELS black
# each grey level as one character, a digit in base GREY_LEVELS + 1
_PIXEL_CODE = "0123456789abcdefghijklmnopqrstuvwxyz"[: GREY_LEVELS + 1]
ANSWER_FONT = 11  # the answer written on a misread digit: pixels (points at 72 dpi), bold
ANSWER_HALO = 3  # the width of the white outline that keeps it readable over the digits


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
        self.levels = np.round((images - lo) / max(hi - lo, 1e-12) * GREY_LEVELS).astype(int)
        n = len(images)
        self.cols = int(np.ceil(np.sqrt(1.1 * n)))  # a mosaic a little wider than tall
        rows = -(-n // self.cols)
        self.size = (TILE * self.cols + 1, TILE * rows + 1)  # mosaic pixels, gaps included
        self.scale = max(1, min(m // s for m, s in zip(self._MAX_SIZE, self.size)))
        self.title = f"the {n} {name} digits; red: wrong, with the net's answer"
        # room to the right and below for the answers drawn on the last column's and row's
        # corners
        width, height = (self.scale * s for s in self.size)
        height = max(300, self._ORIGIN[1] + height + 8)
        # on the page, the cost panel at its usual size, and the mosaic below it
        self.canvas_sizes = (LOSS_CANVAS, (width + 8, height))
        # the live figure side by side, as tall as the mosaic: the same pixels
        self.figsize = ((LOSS_CANVAS[0] + width + 8) / 72, height / 72)

    def static_data(self):
        return {"digits": {
            "title": self.title,
            "cols": self.cols,
            "scale": self.scale,
            "origin": self._ORIGIN,
            "side": DIGIT_SIDE,
            "tile": TILE,
            "levels": GREY_LEVELS,
            "mistake": MISTAKE,
            "font": ANSWER_FONT,
            "halo": ANSWER_HALO,
            # 64 characters an image: 23 KB for the 360 test digits
            "images": "".join(_PIXEL_CODE[v] for v in self.levels.ravel()),
        }}

    def result_data(self, result):
        return {"wrong": [[int(i), int(label)] for i, label in result["wrong"]]}

    def mosaic(self):
        """The mosaic as one grey image, 0 white to 1 black: shape (size[1], size[0]),
        with a last gap below and to the right so the last digits are framed like the rest."""
        mosaic = plots.digit_mosaic(self.levels / GREY_LEVELS, self.cols, TILE, TILE)
        return np.pad(mosaic, ((0, 1), (0, 1)))

    def axes(self, fig):
        (loss_w, _), (_, height) = self.canvas_sizes
        left, top, right, bottom = LOSS_BOX
        fig_w = fig.get_figwidth() * fig.dpi
        width, mosaic_h = (self.scale * s for s in self.size)
        # the cost axes where the static page draws them; the mosaic pixel for pixel
        ax_loss = fig.add_axes([left / fig_w, bottom / height, (loss_w - left - right) / fig_w,
                                (height - top - bottom) / height])
        x0, y0 = self._ORIGIN
        ax = fig.add_axes([(loss_w + x0) / fig_w, (height - y0 - mosaic_h) / height,
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
        halo = [withStroke(linewidth=ANSWER_HALO, foreground="white")]

        def draw(result):
            # the frames first, then the answers, so no frame runs over a neighbour's answer
            places = [divmod(i, self.cols) for i, _ in result["wrong"]]
            m = _MID_GAP
            artists = [ax.add_patch(Rectangle(  # along the gap around the image, as wide as it
                (TILE * col + m, TILE * row + m), TILE, TILE, fill=False, edgecolor=MISTAKE,
                linewidth=self.scale, animated=True)) for row, col in places]
            # each answer on its frame's lower right corner, where digits are mostly blank
            artists += [ax.text(TILE * (col + 1) + m, TILE * (row + 1) + m, str(label),
                                color=MISTAKE, fontsize=ANSWER_FONT, fontweight="bold",
                                ha="center", va="center", path_effects=halo, animated=True)
                        for (row, col), (_, label) in zip(places, result["wrong"])]
            for artist in artists:
                ax.draw_artist(artist)
                artist.remove()

        return draw
