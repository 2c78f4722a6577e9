"""The live view: an explorer as an ipywidgets panel, in a running kernel (Jupyter, Binder, Colab).

Its sliders snap to the same grid as the static page's; each change calls the
explorer's ``run`` (which trains the net with ``helpers.net``) and redraws the figure
with matplotlib, into a PNG the panel shows. Nothing is precomputed.
"""

from __future__ import annotations

import html
import io

import numpy as np

from helpers.explore import words
from helpers.explore.panels import COST_TITLE, CURVE_COLOURS, CURVE_WIDTH, cost_tick_mults


def widget(explorer):
    """The ipywidgets panel: SelectionSliders over the explorer's grid, retraining on change."""
    import ipywidgets as widgets

    lang = words.live_language()
    sliders = [
        widgets.SelectionSlider(
            options=[(s.fmt(v), v) for v in s.values], value=s.default,
            description=words.say(s.label, lang), continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="420px"))
        for s in explorer.sliders
    ]
    image = widgets.Image(format="png")
    caption = widgets.HTML()
    status = widgets.HTML()  # says "Retraining..." while the net trains, so a wait is not a hang
    drawer = Drawer(explorer)

    def update(change=None):
        values = {s.name: w.value for s, w in zip(explorer.sliders, sliders)}
        status.value = f"<i>{html.escape(words.say(BUSY, lang))}</i>"
        for w in sliders:  # a slider moved during training would only queue another run
            w.disabled = True
        try:
            result = explorer.run(**values)
            image.value = drawer.png(result)
            caption.value = html.escape(words.say(result["caption"], lang)) if "caption" in result else ""
        finally:
            for w in sliders:
                w.disabled = False
            status.value = ""

    for w in sliders:
        w.observe(update, names="value")
    update()
    title = widgets.HTML(f"<b>{html.escape(words.say(explorer.title, lang))}</b>")
    below = [caption] if caption.value else []
    return widgets.VBox([title, widgets.HBox(sliders + [status]), image] + below)


BUSY = "Retraining\u2026"  # in the widget's language (words.py), in italics


class Drawer:
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
        self.lines = {c: self.ax_loss.plot([], [], color=CURVE_COLOURS.get(c, "k"), label=c,
                                           linewidth=CURVE_WIDTH, animated=True)[0]
                      for c in explorer.curves}
        ax = self.ax_loss
        ax.set_yscale("log")
        ax.set_ylim(*explorer.ylim)
        mults = cost_tick_mults(explorer.ylim)
        few_decades = len(mults) > 1
        ax.yaxis.set_major_locator(LogLocator(subs=mults, numticks=7))
        # plain "1e-3" labels (and 0.2, 0.05 between them), as on the static page
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _: f"{v:g}" if few_decades else f"1e{np.log10(v):.0f}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlim(0, explorer.max_steps)
        ax.set_xlabel(explorer.xlabel)
        ax.set_ylabel(explorer.ylabel)
        ax.set_title(COST_TITLE)
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
