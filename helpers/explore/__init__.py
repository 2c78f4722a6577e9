"""Explorers: sliders for a net's settings, with its loss curve and, beside it, its decision map
(or, for the digits of chapter 6, the digits it gets wrong).

A chapter makes one with a single call and lets the notebook display it::

    from helpers.explore import two_layer_explorer
    two_layer_explorer(X, y)

The same object works in both places a reader meets it:

* in a live kernel (Jupyter, Binder), it is an ipywidgets panel that
  retrains the net with ``helpers.net`` on every change and redraws;
* in the static book, where there is no kernel, it is HTML: native range
  inputs that snap to a grid of values, and a small inline script that draws
  the result computed for that grid point when the book was built. No
  script comes from anywhere else.

Both run the same code: the static page's result at each grid point is the
live run at those settings (tests/test_explore.py checks every grid point of
every chapter's explorer).

The parts:

* ``engine.py``: Slider and Explorer, the grid (the live run at every point)
  and the data the static page is made of;
* ``chapters.py``: the explorers of chapters 1, 2, 3, 6 and 7, each its sliders
  and the run that trains its net;
* ``panels.py``: the panel beside the cost curve (MapPanel, DigitsPanel),
  and the numbers and colours both views draw with;
* ``static_view.py`` with ``explorer.js`` and ``explorer.css``: the static HTML;
* ``live_view.py``: the ipywidgets panel and its matplotlib drawing.
"""

from helpers.explore.chapters import (
    DIGITS_RATES,
    DIGITS_WIDTHS,
    N_CURVE,
    N_DIGITS,
    RULE,
    deep_explorer,
    digits_explorer,
    dropout_explorer,
    no_hidden_layer_explorer,
    two_layer_explorer,
)
from helpers.explore.engine import STATIC_ENV, Explorer, Slider
from helpers.explore.panels import MISTAKE, N_SURFACE, DigitsPanel, MapPanel

__all__ = [
    "Explorer",
    "Slider",
    "no_hidden_layer_explorer",
    "two_layer_explorer",
    "dropout_explorer",
    "digits_explorer",
    "deep_explorer",
    "MapPanel",
    "DigitsPanel",
]
