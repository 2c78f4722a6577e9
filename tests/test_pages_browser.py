"""Every page of the built book, read in a real browser, fully offline.

For every page a reader can reach, in both editions (English at the root, Chinese in zh/), in headless Chromium with every request that leaves
127.0.0.1 aborted (the ``page`` fixture of conftest.py):

1. the page makes no third-party request, neither on load nor while scrolled to the bottom;
2. the console shows no error;
3. its maths is typeset by MathJax: no formula left as raw TeX, no MathJax error;
4. every image has loaded;
5. every internal link resolves, fragment included;
6. the search page finds "dropout", and the Chinese edition's finds Chinese words;
7. the language switch in the header leads to the same page in the other edition;
8. a full-page screenshot of each chapter is saved under ``_build/screenshots/`` for a
   maintainer to look at what readers see.

The pages are listed at collection time from ``_toc.yml`` (its root and every ``file:``
entry, which become ``<file>.html``), plus the two pages Sphinx writes on its own,
``search.html`` and ``genindex.html``. The index page is included although the book has no
index entries yet: every page points to it (``<link rel="index">``), it costs a few seconds,
and so the suite covers every HTML page the build writes. Nothing is built while collecting:
the ``built_book`` fixture builds when the first test runs, and
``test_every_built_page_is_checked`` fails if the build holds an HTML page this list misses.
``index.html`` is only Sphinx's redirect to the root page; a test checks that it redirects.

Run:  python -m pytest -q tests/test_pages_browser.py
"""

import html.parser
import pathlib
import re
import urllib.parse

import pytest

from conftest import ROOT, SOURCE_SUFFIXES, toc_files as _toc_files

SCREENSHOTS = ROOT / "_build" / "screenshots"
# Folders of the build that hold assets, not pages.
# "lite" is the JupyterLite app (a copy of JupyterLab, not a page of the book):
# tests/test_jupyterlite.py and tests/test_lite_browser.py cover it.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads", "lite")
# Pages Sphinx writes on its own, beside the toc's.
SPHINX_PAGES = ["search.html", "genindex.html"]
REDIRECT = "index.html"
# Raw TeX a reader must never see: MathJax did not run, or skipped a formula.
RAW_TEX = ["$$", "\\frac", "\\begin", "\\(", "\\["]
TIMEOUT_MS = 30_000


def _edition_folders(config_path=ROOT / "_config.yml"):
    """The folders of the editions besides the English one (book_languages in _config.yml)."""
    import yaml

    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    languages = config.get("sphinx", {}).get("config", {}).get("book_languages") or {}
    return [settings["folder"] for settings in languages.values()]


# Every page is checked in each edition: the English one at the root, the others in their
# folder (zh/), built from the same notebooks with their prose translated (_ext/book_i18n.py).
EDITIONS = ["", *(f"{folder}/" for folder in _edition_folders())]
ENGLISH_CHAPTERS = [f"{name}.html" for name in _toc_files()]
CHAPTERS = [edition + page for edition in EDITIONS for page in ENGLISH_CHAPTERS]
PAGES = [edition + page for edition in EDITIONS
         for page in ENGLISH_CHAPTERS + [p for p in SPHINX_PAGES if p not in ENGLISH_CHAPTERS]]


def _screenshot_name(path):
    """``book/01_x.html`` -> ``01_x``; the folders are kept (joined by ``__``) only when two
    chapters share a file name."""
    edition = next(e for e in reversed(EDITIONS) if path.startswith(e))
    path = path[len(edition):]
    stems = [pathlib.PurePosixPath(p).stem for p in ENGLISH_CHAPTERS]
    stem = pathlib.PurePosixPath(path).stem
    if stems.count(stem) > 1:
        stem = path[: -len(".html")].replace("/", "__")
    return edition.replace("/", "__") + stem


# ------------------------------------------------------------------------------- helpers

def _goto(page, book_url, path):
    """page.goto, with the page's requests in flight tracked for _settle."""
    if not hasattr(page, "in_flight"):
        page.in_flight = {}
        page.on("request", lambda r: page.in_flight.__setitem__(r, r.url))
        page.on("requestfinished", lambda r: page.in_flight.pop(r, None))
        page.on("requestfailed", lambda r: page.in_flight.pop(r, None))
    return page.goto(f"{book_url}/{path}", wait_until="load", timeout=TIMEOUT_MS)


def _settle(page, path, quiet_ms=500):
    """Wait until no request has been in flight for quiet_ms (like playwright's networkidle,
    but a timeout names the requests still pending)."""
    quiet, waited = 0, 0
    while quiet < quiet_ms:
        if waited > TIMEOUT_MS:
            pytest.fail(f"{path}: requests still pending after {TIMEOUT_MS / 1000:.0f} s: "
                        f"{sorted(set(page.in_flight.values()))}")
        page.wait_for_timeout(100)
        waited += 100
        quiet = quiet + 100 if not page.in_flight else 0


def _open(page, book_url, path):
    """Load a page, let its maths be typeset, and scroll through it to the bottom (so lazy
    images and anything loaded on scroll are requested), then back to the top."""
    response = _goto(page, book_url, path)
    assert response is not None and response.status == 200, \
        f"{path}: HTTP {response.status if response else 'no response'}"
    _wait_for_mathjax(page, path, required=False)
    _scroll_through(page, path)
    return response


def _wait_for_mathjax(page, path, required):
    """Wait until MathJax's first typesetting is over. With required=False, a page that does
    not load MathJax is fine (it has no maths)."""
    loads_mathjax = page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\" i]')")
    if not loads_mathjax and not required:
        return
    assert loads_mathjax, f"{path}: the page has maths but loads no MathJax script"
    try:
        page.wait_for_function(
            "() => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise",
            timeout=TIMEOUT_MS)
    except Exception as error:  # playwright's TimeoutError
        pytest.fail(f"{path}: MathJax did not start within {TIMEOUT_MS / 1000:.0f} s ({error})")
    done = page.evaluate("""ms => Promise.race([
        window.MathJax.startup.promise.then(() => true),
        new Promise(r => setTimeout(() => r(false), ms))])""", TIMEOUT_MS)
    assert done, f"{path}: MathJax did not finish typesetting within {TIMEOUT_MS / 1000:.0f} s"


def _scroll_through(page, path):
    page.evaluate("""async () => {
        const pause = () => new Promise(r => setTimeout(r, 50));
        let y = 0;
        while (y < document.documentElement.scrollHeight) {
            window.scrollTo(0, y);
            await pause();
            y += window.innerHeight;
        }
        window.scrollTo(0, document.documentElement.scrollHeight);
        await pause();
    }""")
    _settle(page, path)
    page.evaluate("() => window.scrollTo(0, 0)")


def _page_has_maths(html_text):
    """Maths, found in the built HTML: an element with class ``math`` (how MyST writes
    $...$, $$...$$ and amsmath environments) or TeX delimiters in the page's own text."""
    if re.search(r"""class\s*=\s*["'](?:[^"']*\s)?math(?:\s[^"']*)?["']""", html_text):
        return True
    # delimiters count only outside scripts, styles and code listings, which may hold "\(".
    text = re.sub(r"<(script|style|pre|code)\b.*?</\1\s*>", "", html_text, flags=re.S | re.I)
    return any(d in text for d in ("\\(", "\\[", "$$"))


class _Ids(html.parser.HTMLParser):
    """Every id (and <a name>) of an HTML document: the targets a #fragment may name."""

    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


# Each distinct link target is fetched once per session: url -> (status, ids or None).
_TARGETS = {}
# Ids found only once the page ran its scripts (a browser load), per url.
_LIVE_IDS = {}


def _target(page, url):
    if url not in _TARGETS:
        response = page.request.get(url, timeout=TIMEOUT_MS)
        ids = None
        if response.ok and "html" in response.headers.get("content-type", ""):
            parser = _Ids()
            parser.feed(response.text())
            ids = parser.ids
        _TARGETS[url] = (response.status, ids)
        response.dispose()
    return _TARGETS[url]


def _live_ids(page, url):
    """The ids of a target page once its scripts ran (some ids are made by JavaScript)."""
    if url not in _LIVE_IDS:
        other = page.context.new_page()
        try:
            other.goto(url, wait_until="load", timeout=TIMEOUT_MS)
            _LIVE_IDS[url] = set(other.evaluate(
                "() => Array.from(document.querySelectorAll('[id], a[name]'))"
                ".map(e => e.id || e.getAttribute('name'))"))
        finally:
            other.close()
    return _LIVE_IDS[url]


# --------------------------------------------------------------------------------- tests

def test_the_toc_lists_pages():
    assert CHAPTERS, "no page found in _toc.yml"
    assert "search.html" in PAGES


def test_every_built_page_is_checked(built_book):
    """The list taken from the toc at collection time covers every page the build wrote."""
    built = {p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html")
             if not set(p.relative_to(built_book).parts) & set(NOT_PAGES)}
    missing = sorted(built - set(PAGES) - {edition + REDIRECT for edition in EDITIONS})
    assert not missing, f"built pages that no test opens: {missing}"
    not_built = sorted(set(PAGES) - built)
    assert not not_built, f"pages listed in _toc.yml that the build did not write: {not_built}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_index_redirects_to_the_root_page(page, book_url, edition):
    page.goto(f"{book_url}/{edition}{REDIRECT}", wait_until="load", timeout=TIMEOUT_MS)
    page.wait_for_url(f"{book_url}/{edition}{ENGLISH_CHAPTERS[0]}", timeout=TIMEOUT_MS)
    assert not page.blocked_requests, page.blocked_requests
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("path", PAGES)
def test_no_third_party_request(page, book_url, path):
    _goto(page, book_url, path)
    _settle(page, path)
    assert not page.blocked_requests, \
        f"{path}: third-party requests on load: {page.blocked_requests}"
    _wait_for_mathjax(page, path, required=False)
    _scroll_through(page, path)
    assert not page.blocked_requests, \
        f"{path}: third-party requests once scrolled to the bottom: {page.blocked_requests}"


@pytest.mark.parametrize("path", PAGES)
def test_no_console_error(page, book_url, path):
    _open(page, book_url, path)
    assert not page.console_errors, f"{path}: console errors: {page.console_errors}"


@pytest.mark.parametrize("path", PAGES)
def test_maths_is_typeset(built_book, page, book_url, path):
    if not _page_has_maths((built_book / path).read_text(encoding="utf-8")):
        return  # no maths on this page: nothing to typeset
    page.goto(f"{book_url}/{path}", wait_until="load", timeout=TIMEOUT_MS)
    _wait_for_mathjax(page, path, required=True)
    count = page.locator("mjx-container").count()
    assert count > 0, f"{path}: the page has maths but MathJax rendered no formula"
    untypeset = page.evaluate("""() => Array.from(document.querySelectorAll('.math'))
        .filter(e => !e.closest('pre, code') && /\\\\[(\\[]|\\\\begin|\\$\\$/.test(e.textContent)
                     && !e.querySelector('mjx-container'))
        .map(e => e.textContent.trim().slice(0, 80))""")
    assert not untypeset, f"{path}: formulas left as TeX: {untypeset[:10]}"
    # TeX errors (mjx-merror), and undefined macros, which MathJax shows as their own name
    # in red: a red mtext starting with a backslash (a red \x in the formula's MathML).
    errors = page.evaluate("""() => [
        ...Array.from(document.querySelectorAll('mjx-merror'),
                      e => e.getAttribute('data-mjx-error') || e.textContent),
        ...Array.from(document.querySelectorAll('mjx-container'), c => {
            const mml = c.querySelector('mjx-assistive-mml');
            const chtml = Array.from(c.querySelectorAll('mjx-mtext'))
                .filter(t => /red/.test(t.style.color)
                             && t.querySelector('mjx-c')?.classList.contains('mjx-c5C'));
            const marked = mml ? Array.from(mml.querySelectorAll('mtext[mathcolor="red"]'))
                                     .filter(t => t.textContent.startsWith('\\\\'))
                                     .map(t => t.textContent)
                               : chtml.map(() => '(a red backslash name)');
            return marked.map(name => `undefined control sequence ${name}`);
        }).flat(),
    ].map(m => m.slice(0, 120))""")
    assert not errors, f"{path}: MathJax could not typeset {len(errors)} formula(s): {errors[:10]}"
    # The visible text, as document.body.innerText gives it, except code listings: TeX in a
    # code cell (a matplotlib label, say) is code the reader is meant to see as written.
    text = page.evaluate("""() => {
        const skip = Array.from(document.body.querySelectorAll('pre, code, kbd, samp, textarea'))
            .filter(e => !e.parentElement.closest('pre, code, kbd, samp, textarea'));
        const saved = skip.map(e => [e, e.style.display]);
        skip.forEach(e => { e.style.display = 'none'; });
        const text = document.body.innerText;
        saved.forEach(([e, d]) => { e.style.display = d; });
        return text;
    }""")
    found = {}
    for raw in RAW_TEX:
        where = text.find(raw)
        if where >= 0:
            found[raw] = text[max(0, where - 60): where + 60].replace("\n", " ")
    assert not found, f"{path}: raw TeX in the visible text: {found}"


@pytest.mark.parametrize("path", PAGES)
def test_every_image_loads(page, book_url, path):
    _open(page, book_url, path)
    images = page.locator("img")
    broken = []
    for i in range(images.count()):
        image = images.nth(i)
        src = image.get_attribute("src")
        # scrollIntoView works on hidden images too (scroll_into_view_if_needed waits for them)
        image.evaluate("e => e.scrollIntoView({block: 'center'})")
        state = image.evaluate("""(e, ms) => new Promise(done => {
            const report = () => done({complete: e.complete, width: e.naturalWidth,
                                       visible: e.checkVisibility()});
            if (e.complete) return report();
            e.addEventListener('load', report, {once: true});
            e.addEventListener('error', report, {once: true});
            setTimeout(report, ms);
        })""", TIMEOUT_MS)
        if not (state["complete"] and state["width"] > 0):
            broken.append(f"{src} (complete={state['complete']}, naturalWidth={state['width']}"
                          f"{'' if state['visible'] else ', hidden'})")
    assert not broken, f"{path}: {len(broken)} image(s) did not load: {broken}"


@pytest.mark.parametrize("path", PAGES)
def test_every_internal_link_resolves(page, book_url, path):
    page.goto(f"{book_url}/{path}", wait_until="load", timeout=TIMEOUT_MS)
    # a.href is the link resolved against the page: same origin means a relative link
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    internal = sorted({h for h in hrefs if h.startswith(book_url + "/") or h == book_url})
    assert internal, f"{path}: no internal link at all"
    problems = []
    for href in internal:
        url, _, fragment = href.partition("#")
        status, ids = _target(page, url)
        if status != 200:
            problems.append(f"{href} -> HTTP {status}")
            continue
        fragment = urllib.parse.unquote(fragment)
        if not fragment or fragment == "top" or ids is None:
            continue  # no fragment, the top of the page, or not an HTML page
        if fragment not in ids and fragment not in _live_ids(page, url):
            problems.append(f"{href} -> no element with id {fragment!r} on {url[len(book_url):]}")
    assert not problems, f"{path}: {len(problems)} broken internal link(s):\n" + "\n".join(problems)


def test_search_finds_dropout(page, book_url):
    _goto(page, book_url, "search.html?q=dropout")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && s.textContent.trim().length > 0; }", timeout=TIMEOUT_MS)
    summary = page.locator("#search-results .search-summary").inner_text()
    results = page.locator("#search-results ul.search li a")
    assert results.count() >= 1, f"search.html?q=dropout found nothing: {summary!r}"
    _settle(page, "search.html?q=dropout")
    for href in {results.nth(i).evaluate("a => a.href") for i in range(results.count())}:
        status, _ = _target(page, href.partition("#")[0])
        assert status == 200, f"search result {href} -> HTTP {status}"
    assert not page.blocked_requests, f"search: third-party requests: {page.blocked_requests}"
    assert not page.console_errors, f"search: console errors: {page.console_errors}"


def test_there_is_a_second_edition():
    assert EDITIONS[1:] == ["zh/"], EDITIONS


@pytest.mark.parametrize("path", PAGES)
def test_the_language_switch_leads_to_the_same_page(page, book_url, path):
    """The header's switch goes to this page in the other edition (English <-> Chinese), and
    that page's switch comes back; each page says its own language."""
    edition = next(e for e in reversed(EDITIONS) if path.startswith(e))
    other = "" if edition else EDITIONS[1]
    same_page = other + path[len(edition):]
    page.goto(f"{book_url}/{path}", wait_until="load", timeout=TIMEOUT_MS)
    assert page.evaluate("() => document.documentElement.lang") == ("en" if not edition else "zh-CN")
    placeholders = page.evaluate("() => Array.from(document.querySelectorAll('input[type=search]'),"
                                 " e => e.placeholder)")
    assert placeholders and all(("搜索" in p) == bool(edition) for p in placeholders), placeholders
    if path[len(edition):] in ENGLISH_CHAPTERS:  # a chapter's title in its page's language
        title = page.evaluate("() => document.querySelector('main h1').innerText")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title) == bool(edition), (path, title)
    switch = page.locator("a.book-language-switch")
    assert switch.count() == 1, f"{path}: {switch.count()} language switches"
    assert switch.is_visible(), f"{path}: the language switch is hidden"
    assert switch.inner_text().strip() == ("中文" if not edition else "English")
    switch.click()
    page.wait_for_load_state("load")
    assert page.url == f"{book_url}/{same_page}", (path, page.url)
    back = page.locator("a.book-language-switch")
    assert back.evaluate("a => a.href") == f"{book_url}/{path}"


def test_search_finds_chinese_words(page, book_url):
    """The Chinese edition's search segments Chinese (Sphinx uses jieba): 反向传播
    (backpropagation) finds chapter 2, and 随机失活 (dropout) chapter 3."""
    for word, chapter in (("反向传播", "02_two_layer_net.html"), ("随机失活", "03_dropout.html")):
        _goto(page, book_url, f"zh/search.html?q={urllib.parse.quote(word)}")
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results .search-summary');"
            " return s && s.textContent.trim().length > 0; }", timeout=TIMEOUT_MS)
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll("
                              "'#search-results ul.search li a'), a => a.href)")
        assert any(h.partition("#")[0] == f"{book_url}/zh/book/{chapter}" for h in hrefs), \
            (word, hrefs)
    assert not page.console_errors, page.console_errors


@pytest.mark.parametrize("path", CHAPTERS)
def test_screenshot(page, book_url, path):
    """A full-page PNG of each chapter, as a reader sees it, for a maintainer to look at."""
    _open(page, book_url, path)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / f"{_screenshot_name(path)}.png"
    page.screenshot(path=str(out), full_page=True, timeout=TIMEOUT_MS)
    assert out.stat().st_size > 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", out
