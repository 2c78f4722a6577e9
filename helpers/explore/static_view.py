"""The static view: an explorer as self-contained HTML, for the book's pages.

The page has no kernel behind it. Its sliders are native range inputs that snap to
the explorer's grid; the JSON of ``Explorer.static_data()`` (every grid point's result,
computed when the book was built) sits in the page, and explorer.js, inlined after it,
draws the result of the sliders' position on two canvases. Nothing is loaded from
anywhere else.
"""

from __future__ import annotations

import hashlib
import html
import json
import pathlib

from helpers.explore import words

_JS = pathlib.Path(__file__).with_name("explorer.js")
_CSS = pathlib.Path(__file__).with_name("explorer.css")


def to_html(explorer):
    """The explorer as one <div>: its style, title, sliders, two canvases, data and script.

    Its words are in English and in Chinese (helpers/explore/words.py): the page shows those of
    its own language (the Chinese edition's pages are <html lang="zh-CN">), by CSS for the
    text in the HTML and by the script for what it draws."""
    data = page_data(explorer)
    text = json.dumps(data, separators=(",", ":"))
    uid = "nnx-" + hashlib.sha1(text.encode()).hexdigest()[:10]
    controls = "".join(
        f'<div class="nnx-slider"><label for="{uid}-{i}">{_in_each_language(s["label"])}</label>'
        f'<input type="range" id="{uid}-{i}" data-name="{s["name"]}" min="0" '
        f'max="{len(s["values"]) - 1}" step="1" value="{s["default"]}">'
        f'<output for="{uid}-{i}">{s["values"][s["default"]]}</output></div>'
        for i, s in enumerate(data["sliders"])
    )
    (loss_w, loss_h), (panel_w, panel_h) = explorer.panel.canvas_sizes
    # the default's caption is in the page itself; the script replaces it on every change
    shown = data["results"][explorer.key([s.default for s in explorer.sliders])]
    caption = (f'<div class="nnx-caption" aria-live="polite">'
               f'{_in_each_language(shown["caption"])}</div>' if "caption" in shown else "")
    return (
        f'<div class="nn-explorer" id="{uid}">'
        f"<style>{_CSS.read_text()}</style>"
        f'<div class="nnx-title">{_in_each_language(explorer.title)}</div>'
        f'<div class="nnx-controls">{controls}</div>'
        f'<div class="nnx-figure">'
        f'<canvas class="nnx-loss" width="{loss_w}" height="{loss_h}"></canvas>'
        f'<canvas class="nnx-{explorer.panel.kind}" width="{panel_w}" height="{panel_h}"></canvas>'
        f"</div>{caption}"
        f'<script type="application/json" class="nnx-data">{text}</script>'
        f"<script>{_JS.read_text()}</script>"
        f"</div>"
    )


def page_data(explorer):
    """The JSON the page holds: the explorer's static data, and the Chinese of its words."""
    data = explorer.static_data()
    data["words"] = {lang: {t: words.say(t, lang) for t in _words(data)}
                     for lang in words.LANGUAGES if lang != "en"}
    return data


def _words(data):
    """Every string of the static data that the page shows as words."""
    found = {data["title"], data["ylabel"], data["xlabel"], data["cost"]["title"], *data["curves"]}
    found |= {s["label"] for s in data["sliders"]}
    for key in ("map", "digits"):
        found |= {data[key]["title"]} if key in data and "title" in data[key] else set()
    found |= set(data.get("map", {}).get("labels", []))
    found |= {r["caption"] for r in data["results"].values() if "caption" in r}
    return sorted(found)


def _in_each_language(text):
    """The text once per language, each in a <span lang>; explorer.css shows the page's own."""
    return "".join(f'<span lang="{lang}">{_ascii_html(words.say(text, lang))}</span>'
                   for lang in words.LANGUAGES)


def _ascii_html(text):
    """Escaped HTML with non-ASCII letters as character references (η -> &#951;)."""
    return html.escape(text).encode("ascii", "xmlcharrefreplace").decode()
