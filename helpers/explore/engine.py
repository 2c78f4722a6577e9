"""The engine of the explorers: the sliders, the grid of results, and the page's data.

An explorer is a function ``run`` of its sliders' values and the grid of values each
slider snaps to. ``Explorer.grid()`` is ``run`` at every combination of those values,
nothing else: the static page shows exactly what a live kernel computes at the same
settings, because it is the same computation (tests/test_explore.py checks every grid
point of every chapter's explorer against its own call of ``helpers.net``).

What is drawn, and how, lives elsewhere: the second panel in ``panels.py``, the static
HTML in ``static_view.py``, the live widget in ``live_view.py``.
"""

from __future__ import annotations

import itertools
import os

import numpy as np

from helpers.explore import live_view, static_view
from helpers.explore.panels import COST_TITLE, CURVE_COLOURS, CURVE_WIDTH, LOSS_BOX, cost_tick_mults

STATIC_ENV = "NN_BOOK_STATIC"  # set to 1 by the book build: explorers render as static HTML


class Slider:
    """One control: a name (the keyword of the run), a label, and the grid of values it snaps to."""

    def __init__(self, name, label, values, default):
        values = list(values)
        if default not in values:
            raise ValueError(f"default must be one of the slider's values {values}; got {default!r}")
        self.name, self.label, self.values, self.default = name, label, values, default

    def fmt(self, value):
        return value if isinstance(value, str) else f"{value:g}"  # a name, or a number


class Explorer:
    """Sliders over a grid of settings, a cost panel, and a second panel beside it.

    title: shown above the panels. sliders: list of Slider. run: function of
    the slider values (as keywords) returning a result dict: "steps" and
    "curves" for the cost panel, what ``panel`` draws (see MapPanel and
    DigitsPanel), and optionally "caption", a line of text under the figure;
    anything else in it (the chapters' runs keep "params" and "history") is
    for a chapter's checks and is not written into the page. panel: the second
    panel, a MapPanel or a DigitsPanel. curves: names of the cost curves,
    e.g. ["loss"] or ["train", "test"]. ylabel, ylim: the cost axis's label
    and fixed limits (log scale; fixed so the axes stay put as the sliders
    move). max_steps: the step axis's end, and xlabel its label.
    """

    def __init__(self, title, sliders, run, panel, *, curves, ylabel, ylim, max_steps,
                 xlabel="step"):
        self.title, self.sliders, self.run, self.panel = title, sliders, run, panel
        self.curves, self.ylabel, self.ylim = curves, ylabel, ylim
        self.max_steps, self.xlabel = max_steps, xlabel
        self._widget = None
        self._grid = None

    def grid(self):
        """{tuple of slider values: run(**those values)} at every grid point, in the order of
        ``sliders``. Computed on the first call and kept, so that the static page and a
        chapter's checks of what that page shows share one computation."""
        if self._grid is None:
            keys = itertools.product(*(s.values for s in self.sliders))
            self._grid = {key: self.run(**{s.name: v for s, v in zip(self.sliders, key)})
                          for key in keys}
        return dict(self._grid)

    def key(self, values):
        """The static data's key of a grid point: each slider's position, joined by "_"."""
        return "_".join(str(s.values.index(v)) for s, v in zip(self.sliders, values))

    def static_data(self):
        """Everything the static page needs, as plain lists (JSON-ready)."""
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
            # how the cost panel is drawn, the same numbers as the live drawing's
            "cost": {"title": COST_TITLE, "box": list(LOSS_BOX),
                     "colours": {c: CURVE_COLOURS.get(c, "#000000") for c in self.curves},
                     "line_width": CURVE_WIDTH, "tick_mults": cost_tick_mults(self.ylim)},
            "panel": self.panel.kind,
            **self.panel.static_data(),
            "results": {},
        }
        for key, r in self.grid().items():
            entry = {
                "steps": [int(k) for k in r["steps"]],
                "curves": {c: _rounded(r["curves"][c]) for c in self.curves},
                **self.panel.result_data(r),
            }
            if "caption" in r:
                entry["caption"] = r["caption"]
            data["results"][self.key(key)] = entry
        return data

    def to_html(self):
        """The static explorer: see static_view.to_html."""
        return static_view.to_html(self)

    def widget(self):
        """The live explorer: see live_view.widget."""
        return live_view.widget(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In the book's HTML build, the static explorer; anywhere else, the live widget.

        The book build sets NN_BOOK_STATIC=1 for its kernels (_ext/book_sphinx.py).
        Elsewhere (Jupyter, Binder, nbval) no grid is computed, so nothing waits for it.
        """
        if os.environ.get(STATIC_ENV) == "1":
            return {"text/html": self.to_html(),
                    "text/plain": f"<{self.title}: an explorer>"}
        self._widget = self.widget()
        bundle = dict(self._widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = f"<{self.title}: an explorer>"
        return bundle


def _rounded(values):
    """Numbers as the page stores them: 4 significant digits."""
    return [float(f"{v:.4g}") for v in np.asarray(values, dtype=float)]

