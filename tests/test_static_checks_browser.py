"""The exercises' answer boxes on the built pages, in headless Chromium, fully offline.

For every exercise the page can check (helpers.exercises.on_page), on its chapter's page
served on 127.0.0.1 with every other host blocked: a right answer (from tests/answers_chN.py,
the kernel's check agreeing) and a wrong one are typed, and the box must say what the kernel's
check says, "Exercise 1.2: Correct. ..." or "Not yet. <its hint>", in an aria-live region,
with the Enter key as with the button. One page is also opened from file://. And no box's
data holds any right answer in any of the ways it may be written.

Run:  python -m pytest -q tests/test_static_checks_browser.py
"""

import html.parser
import json

import pytest

from conftest import isolated_page, toc_files
from test_exercises import ANSWERS
from test_static_checks import CHECKED, assert_holds_no_answer, typed

from helpers import exercises

TIMEOUT_MS = 30_000


def chapter_page(name):
    """The page of exercise ``name``'s chapter, "book/01_x.html" for "1.2"."""
    chapter = int(name.split(".")[0])
    for page in toc_files():
        stem = page.rsplit("/", 1)[-1]
        if stem.split("_", 1)[0].isdigit() and int(stem.split("_", 1)[0]) == chapter:
            return f"{page}.html"
    raise AssertionError(f"no page for chapter {chapter}")


def expected(name, answer):
    return repr(exercises.check(name, answer))


def ask(pg, name, text, enter=False):
    form = pg.locator(f'[id="ex-{name}"] form.static-check')
    box = form.get_by_label("Check your answer")
    box.fill(text)
    if enter:
        box.press("Enter")
    else:
        form.get_by_role("button", name="Check").click()
    verdict = form.locator(".static-check-verdict")
    assert verdict.get_attribute("aria-live") == "polite"
    pg.wait_for_function("el => el.textContent.length > 0", arg=verdict.element_handle(),
                         timeout=TIMEOUT_MS)
    return verdict.text_content()


@pytest.mark.parametrize("page_path", sorted({chapter_page(n) for n in CHECKED}))
def test_every_box_gives_the_kernel_s_verdict(browser, book_url, page_path):
    pg, context = isolated_page(browser, [book_url, "data:"])
    try:
        pg.goto(f"{book_url}/{page_path}", wait_until="load", timeout=TIMEOUT_MS)
        names = [n for n in CHECKED if chapter_page(n) == page_path]
        assert pg.locator("form.static-check").count() == len(names)
        for i, name in enumerate(names):
            right, wrong = ANSWERS[name]
            assert exercises.check(name, right).ok
            assert ask(pg, name, typed(right), enter=i % 2 == 0) == expected(name, right)
            assert ask(pg, name, typed(wrong)) == expected(name, wrong)
            assert ask(pg, name, "abc") == expected(name, "abc")
        assert pg.blocked_requests == []
        assert pg.console_errors == []
    finally:
        context.close()


def test_a_box_works_from_file(browser, built_book):
    pg, context = isolated_page(browser, [built_book.as_uri(), "data:"])
    try:
        pg.goto((built_book / chapter_page("1.2")).as_uri(), wait_until="load",
                timeout=TIMEOUT_MS)
        assert ask(pg, "1.2", "(7, 2)") == expected("1.2", (7, 2))
        assert ask(pg, "1.2", "200, 2") == expected("1.2", (200, 2))
        assert pg.blocked_requests == []
    finally:
        context.close()


class _Boxes(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.data = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "static-check" in attrs.get("class", ""):
            self.data.append(json.loads(attrs["data-check"]))


def test_no_box_holds_an_answer(built_book):
    found = {}
    for page_path in {chapter_page(n) for n in CHECKED}:
        parser = _Boxes()
        parser.feed((built_book / page_path).read_text())
        found.update({d["name"]: d for d in parser.data})
    assert sorted(found) == sorted(CHECKED)
    for name, data in found.items():
        assert_holds_no_answer(name, data)
