"""The static explorers respond in a real browser: every slider changes the figure it shows.

Each explorer is checked on its own (its HTML alone in a blank page, every request to
anywhere aborted), and on the built book's pages.
"""

import numpy as np
import pytest

from conftest import HTML, ROOT, isolated_page
from helpers import explore
from test_explore import DIGITS, EXPLORERS

PAGES = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").glob("*.html")) \
    if HTML.exists() else []
MISTAKE_RGB = tuple(int(explore.MISTAKE[i:i + 2], 16) for i in (1, 3, 5))


def _explorer_pages(built_book, edition=""):
    """The pages with an explorer, in the English edition or in another's folder ("zh/")."""
    return [p.relative_to(built_book).as_posix()
            for p in sorted((built_book / edition / "book").glob("*.html"))
            if "nn-explorer" in p.read_text()]


def _has_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _canvases(page, root):
    return page.evaluate(
        "(root) => Array.from(root.querySelectorAll('canvas')).map(c => c.toDataURL())", root)


def _move_every_slider(page, explorer, where):
    """Move each slider of ``explorer`` (a locator) a notch; each must redraw. Returns how many."""
    root = explorer.element_handle()
    root.scroll_into_view_if_needed()
    sliders = explorer.locator("input[type=range]")
    assert sliders.count() >= 2, where
    for j in range(sliders.count()):
        slider = sliders.nth(j)
        before = _canvases(page, root)
        shown_before = root.get_attribute("data-shown")
        value = int(slider.input_value())
        new = value - 1 if value > 0 else value + 1
        # the same events a reader's drag fires
        slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
                        str(new))
        after = _canvases(page, root)
        assert root.get_attribute("data-shown") != shown_before, (where, j)
        assert after != before, f"{where}: slider {j} did not change the figure"
        readout = slider.evaluate("el => el.nextElementSibling.textContent")
        assert readout.strip(), (where, j)
    return sliders.count()


@pytest.fixture
def blank_page(browser):
    """A fresh page for HTML set with set_content, which may load nothing but data: URLs."""
    pg, context = isolated_page(browser, ["data:"])
    yield pg
    context.close()


def _show(page, explorer):
    page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body>"
                     f"{explorer.to_html()}</body></html>")
    return page.locator(".nn-explorer")


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_every_slider_changes_the_figure_of_an_explorer_alone(blank_page, name):
    explorer = _show(blank_page, EXPLORERS[name])
    assert explorer.count() == 1
    assert _move_every_slider(blank_page, explorer, name) == len(EXPLORERS[name].sliders)
    assert not blank_page.blocked_requests, blank_page.blocked_requests
    assert not blank_page.console_errors, blank_page.console_errors


def _mosaic_pixels(page):
    canvas = page.locator("canvas.nnx-digits")
    w, h = int(canvas.get_attribute("width")), int(canvas.get_attribute("height"))
    rgba = canvas.evaluate("c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, "
                           "c.height).data)")
    return np.array(rgba, dtype=np.uint8).reshape(h, w, 4)[:, :, :3]


def test_the_digit_mosaic_shows_every_test_digit_and_frames_the_mistakes(blank_page):
    ex = EXPLORERS["digits"]
    data = ex.static_data()
    cols, s = data["digits"]["cols"], data["digits"]["scale"]
    levels = DIGITS[2][:, :64].reshape(-1, 8, 8) * 16  # the book's pixels are sixteenths
    x0, y0 = data["digits"]["origin"]
    explorer = _show(blank_page, ex)
    sliders = explorer.locator("input[type=range]")
    # the default, then the narrowest net, then the narrowest with the most dropout
    for slider, end in [(None, None), (sliders.nth(0), "min"), (sliders.nth(1), "max")]:
        if slider is not None:
            slider.evaluate(
                "(el, end) => { el.value = el[end]; el.dispatchEvent(new Event('input')); }", end)
        result = data["results"][explorer.get_attribute("data-shown")]
        assert explorer.locator(".nnx-caption").text_content() == result["caption"]
        pixels = _mosaic_pixels(blank_page)
        wrong = {i for i, _ in result["wrong"]}
        assert wrong, "too few epochs to get any digit wrong?"
        for i, image in enumerate(levels):
            row, col = divmod(i, cols)
            # the middle 4x4 pixels of each digit, s x s screen pixels each, in 17 greys
            top, left = y0 + s * (9 * row + 1), x0 + s * (9 * col + 1)
            middle = pixels[top + 2 * s: top + 6 * s: s, left + 2 * s: left + 6 * s: s, 0]
            np.testing.assert_array_equal(middle, np.round(255 * (1 - image[2:6, 2:6] / 16)))
            # the gap left of a digit, halfway down: red where a frame runs, white elsewhere
            gap = pixels[top + 4 * s, left - s // 2 - 1]
            framed = i in wrong or (col > 0 and i - 1 in wrong)
            assert tuple(gap) == (MISTAKE_RGB if framed else (255, 255, 255)), (i, tuple(gap))
    assert not blank_page.console_errors, blank_page.console_errors


def test_the_chapters_have_explorers(built_book):
    pages = _explorer_pages(built_book)
    assert any("01_no_hidden_layer" in p for p in pages), pages
    # every chapter that calls an explorer shows it, chapter 6's digits among them
    calling = [f"book/{nb.stem}.html" for nb in sorted((ROOT / "book").glob("*.ipynb"))
               if "_explorer(" in nb.read_text()]
    assert set(calling) <= set(pages), (calling, pages)
    if (ROOT / "book" / "06_digits.ipynb").exists():
        assert 'class="nnx-digits"' in (built_book / "book" / "06_digits.html").read_text()


@pytest.mark.parametrize("edition", ["", "zh/"])
def test_every_slider_changes_the_figure(built_book, page, book_url, edition):
    """On every page with an explorer, in both editions; each explorer's title, sliders'
    labels and caption in the page's language (the Chinese edition's from words.py)."""
    pages = _explorer_pages(built_book, edition)
    assert len(pages) == len(_explorer_pages(built_book))
    checked = 0
    for path in pages:
        page.goto(f"{book_url}/{path}")
        explorers = page.locator(".nn-explorer")
        assert explorers.count() >= 1
        for i in range(explorers.count()):
            checked += _move_every_slider(page, explorers.nth(i), path)
            shown = explorers.nth(i).evaluate(
                "root => [root.querySelector('.nnx-title').innerText, "
                "...Array.from(root.querySelectorAll('label'), l => l.innerText), "
                "...Array.from(root.querySelectorAll('.nnx-caption'), c => c.innerText)]")
            for text in shown:
                assert _has_chinese(text) == bool(edition), (path, text)
        assert not page.blocked_requests, page.blocked_requests
        assert not page.console_errors, page.console_errors
    assert checked >= 2
