"""The static explorers respond in a real browser: every slider changes the figure it shows."""

import pathlib

import pytest

from conftest import HTML

PAGES = sorted(p.relative_to(HTML).as_posix() for p in (HTML / "book").glob("*.html")) \
    if HTML.exists() else []


def _explorer_pages(built_book):
    return [p.relative_to(built_book).as_posix() for p in sorted((built_book / "book").glob("*.html"))
            if "nn-explorer" in p.read_text()]


def _canvases(page, root):
    return page.evaluate(
        "(root) => Array.from(root.querySelectorAll('canvas')).map(c => c.toDataURL())", root)


def test_the_chapters_have_explorers(built_book):
    pages = _explorer_pages(built_book)
    assert any("01_no_hidden_layer" in p for p in pages), pages


def test_every_slider_changes_the_figure(built_book, page, book_url):
    pages = _explorer_pages(built_book)
    assert pages
    checked = 0
    for path in pages:
        page.goto(f"{book_url}/{path}")
        explorers = page.locator(".nn-explorer")
        assert explorers.count() >= 1
        for i in range(explorers.count()):
            root = explorers.nth(i).element_handle()
            root.scroll_into_view_if_needed()
            sliders = explorers.nth(i).locator("input[type=range]")
            assert sliders.count() >= 2, path
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
                assert root.get_attribute("data-shown") != shown_before, (path, j)
                assert after != before, f"{path}: slider {j} did not change the figure"
                readout = slider.evaluate("el => el.nextElementSibling.textContent")
                assert readout.strip(), (path, j)
                checked += 1
        assert not page.blocked_requests, page.blocked_requests
        assert not page.console_errors, page.console_errors
    assert checked >= 2
