"""Shared fixtures: the built book served on localhost, and a headless Chromium.

The browser tests need Debian's Chromium (/usr/bin/chromium) and the
playwright package. Without them they skip with the reason, except in CI
(CI=true), where a missing browser is a failure: they must never skip there.
"""

import functools
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
SOURCES = ["helpers", "_ext", "_static", "_config.yml", "_toc.yml"]
SOURCE_SUFFIXES = (".md", ".ipynb", ".rst", ".myst")


def toc_files(toc_path=ROOT / "_toc.yml"):
    """The toc's documents in reading order (root first), as paths without suffix."""
    import yaml

    toc = yaml.safe_load(toc_path.read_text())
    files = []

    def add(name):
        name = str(name)
        for suffix in SOURCE_SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        if name not in files:
            files.append(name)

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "file" in node:
                add(node["file"])
            if "glob" in node:  # a glob entry: the matching sources, sorted like Jupyter Book
                for path in sorted(ROOT.glob(str(node["glob"]))):
                    if path.suffix in SOURCE_SUFFIXES:
                        add(path.relative_to(ROOT).as_posix())
            for key in ("parts", "chapters", "sections"):
                if key in node:
                    walk(node[key])

    add(toc["root"])
    walk(toc)
    return files


def _newest_source():
    """The newest modification time among the files the build reads."""
    files = []
    for name in SOURCES:
        path = ROOT / name
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()
                                                 and "__pycache__" not in p.parts]
    for page in toc_files():
        files += [p for p in (ROOT / page).parent.glob((ROOT / page).name + ".*")]
    return max(p.stat().st_mtime for p in files)


def fresh_build(html=HTML):
    """The HTML folder ``html`` if a build newer than every file it is made from is in it, else
    None."""
    stamp = html / ".buildinfo"
    return html if stamp.exists() and stamp.stat().st_mtime >= _newest_source() else None


def _skip_or_fail(reason):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must run the browser tests, never skip them)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_book():
    """The book's HTML folder, built with the README's strict command unless a fresh one exists."""
    if fresh_build() is None:
        cmd = [str(pathlib.Path(sys.executable).with_name("jupyter-book")), "build", ".",
               "-W", "-n", "--keep-going"]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def book_url(built_book):
    """The built book served on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through playwright."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("the playwright package is not installed (pip install -r requirements.txt)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


def isolated_page(browser, allowed):
    """A fresh page (and its context, to close) that may load only URLs starting with one
    of ``allowed``: every other request is aborted and recorded in page.blocked_requests,
    and console errors are recorded in page.console_errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.blocked_requests = []
    pg.console_errors = []

    def route(r):
        if r.request.url.startswith(tuple(allowed)):
            r.continue_()
        else:
            pg.blocked_requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    return pg, context


@pytest.fixture
def page(browser, book_url):
    """A fresh page that may talk to the local server only."""
    pg, context = isolated_page(browser, [book_url, "data:"])
    yield pg
    context.close()


def assert_clear_error(call, words):
    """``call()`` raises ValueError whose message contains every one of ``words``."""
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)
