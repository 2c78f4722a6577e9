"""Benchmark: how long a clean build of the book takes, and how much its heaviest page weighs.

Two figures, each against its goal:

* the clean build time: ``_build`` is removed, then the README's strict build runs
  (``jupyter-book build . -W -n --keep-going``) and is timed; goal 90 s for both editions, the
  English one and, after it, the Chinese one (_ext/book_i18n.py logs its own time). The log's
  "Executed notebook in N seconds" lines give each notebook's own execution time (the
  build runs them two at a time, _ext/book_sphinx.py, so they add up to more than the
  wall clock);
* the heaviest page's own transfer: every page of the build is opened in headless Chromium
  (the flags of tests/conftest.py) from a local server, scrolled to the bottom so lazy
  images load, and the bytes of the responses that are the page's own are added up: the HTML
  itself, its ``_images/...``, and any response not under ``/_static/`` (``_static`` holds the
  theme, MathJax and the other assets a browser caches once for every page). Goal 2 MB.
  Requests that leave 127.0.0.1 are aborted, as in the tests. The local server does not
  compress, so the figures are uncompressed sizes (a host that gzips sends less HTML).

The total size of ``_static/`` is printed once, for information.

Run from the repository root (it deletes and rebuilds ``_build/``):

    .venv/bin/python benchmarks/bench_build.py              # clean build, then page weights
    .venv/bin/python benchmarks/bench_build.py --no-build   # page weights of the existing build

Needs Debian's Chromium (/usr/bin/chromium, or set CHROMIUM) and the playwright package.
Exits 1 when a figure misses its goal.
"""

import argparse
import functools
import http.server
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402  (the tests' browser, same flags)

BUILD_DIR = ROOT / "_build"
HTML = BUILD_DIR / "html"
BUILD_GOAL_S = 90.0
PAGE_GOAL_BYTES = 2 * 1024 * 1024
# lite/ is the JupyterLite app (JupyterLab, loading Pyodide from a CDN), not a page of the book.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads", "lite")
EXECUTED = re.compile(r"Executed notebook in ([0-9.]+) seconds")
EDITION = re.compile(r"the (\S+) edition \(([\w-]+)\) built in ([0-9.]+) s")


def _mb(n):
    return f"{n / 1024 / 1024:.2f} MB"


def clean_build():
    """Remove _build, run the strict build; return (wall seconds, notebook seconds, count)."""
    if BUILD_DIR.exists():
        shutil.rmtree(BUILD_DIR)
    cmd = [str(pathlib.Path(sys.executable).with_name("jupyter-book")), "build", ".",
           "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit("the build failed:\n" + done.stdout[-3000:] + done.stderr[-3000:])
    executed = [float(s) for s in EXECUTED.findall(done.stdout + done.stderr)]
    editions = {lang: float(t) for _, lang, t in EDITION.findall(done.stdout + done.stderr)}
    return seconds, sum(executed), len(executed), editions


def _is_redirect(path):
    """Sphinx's index.html: only a meta refresh to the root page (weighed as that page)."""
    head = path.read_text(encoding="utf-8", errors="replace")[:500].lower()
    return path.stat().st_size < 500 and 'http-equiv="refresh"' in head


def pages(html):
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if not set(p.relative_to(html).parts) & set(NOT_PAGES) and not _is_redirect(p))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_weights(html):
    """{page: (own bytes, {path: bytes}, _static bytes fetched)} for every page of the build."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    weights = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for path in pages(html):
                # a fresh context: an empty cache, like a reader's first visit
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                    (base, "data:")) else r.abort())
                page = context.new_page()
                responses = []
                page.on("requestfinished", lambda r: responses.append(r))
                page.goto(f"{base}/{path}", wait_until="load")
                page.evaluate("""async () => {
                    for (let y = 0; y < document.documentElement.scrollHeight;
                         y += window.innerHeight) {
                        window.scrollTo(0, y);
                        await new Promise(r => setTimeout(r, 50));
                    }
                }""")
                page.wait_for_load_state("networkidle")
                own, shared = {}, 0
                for request in responses:
                    if not request.url.startswith(base):
                        continue
                    url_path = urllib.parse.urlsplit(request.url).path
                    response = request.response()
                    size = len(response.body()) if response is not None else 0
                    if "/_static/" in url_path:  # the English edition's, or zh/_static/
                        shared += size  # cached across pages: not this page's own
                    else:
                        own[url_path] = own.get(url_path, 0) + size
                weights[path] = (sum(own.values()), own, shared)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return weights


def folder_size(folder):
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-build", action="store_true",
                        help="skip the clean build; weigh the pages of the existing _build/html")
    args = parser.parse_args()
    ok = True

    if not args.no_build:
        seconds, notebooks, count, editions = clean_build()
        print(f"clean build of both editions: {seconds:.1f} s (goal {BUILD_GOAL_S:.0f} s) "
              f"{'OK' if seconds <= BUILD_GOAL_S else 'OVER'}")
        for lang, t in editions.items():
            print(f"  of which the {lang} edition, from the English run's execution: {t:.1f} s; "
                  f"the English edition (every notebook run, the JupyterLite copy): "
                  f"{seconds - sum(editions.values()):.1f} s")
        if not editions:
            print("  no other edition was built (no 'edition ... built in' line in the log)")
            ok = False
        if count:
            # _ext/book_sphinx.py runs the notebooks two at a time, so their times add up to
            # more than the wall clock they took
            print(f"  the notebooks' own execution times: {notebooks:.1f} s in all ({count} "
                  f"notebooks, two at a time, from the build log)")
        else:
            print("  notebook execution: no 'Executed notebook in N seconds' line in the log")
        ok &= seconds <= BUILD_GOAL_S
    elif not (HTML / ".buildinfo").exists():
        sys.exit(f"no build in {HTML}: run without --no-build first")

    weights = page_weights(HTML)
    for path, (total, _, _) in weights.items():
        print(f"page {path}: {_mb(total)} own transfer")
    heaviest = max(weights, key=lambda p: weights[p][0])
    total, parts, shared = weights[heaviest]
    print(f"heaviest page: {heaviest}, {_mb(total)} (goal {_mb(PAGE_GOAL_BYTES)}) "
          f"{'OK' if total <= PAGE_GOAL_BYTES else 'OVER'}")
    for url_path, size in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {url_path}: {_mb(size)}")
    print(f"  not counted: {_mb(shared)} of _static/ it fetched on a first visit "
          f"(cached for every other page)")
    ok &= total <= PAGE_GOAL_BYTES
    print(f"_static/ (shared assets, cached across pages): {_mb(folder_size(HTML / '_static'))}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
