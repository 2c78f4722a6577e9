"""The JupyterLite copy runs chapters in a real browser with no host but the book's (issue 14).

The built site (``_build/html``, the ``built_book`` fixture) is served on 127.0.0.1 (the
``book_url`` fixture of conftest.py, stopped with the session). For each chapter of
``LITE_CHAPTERS``, in Debian's headless Chromium, in a fresh browser context:

1. every request, from the page, its web workers (the Pyodide kernel) and its service worker
   alike, goes through the context's route: any URL off the server is aborted and recorded,
   and the browser resolves no host name but 127.0.0.1 (``--host-resolver-rules``), so a
   request that escaped the route would fail too, and is recorded by ``requestfailed``;
2. the chapter opens in ``lite/lab/index.html?path=book/<chapter>`` and its Pyodide kernel
   comes up idle; Run All runs every code cell, with no error output (no ``error`` output in
   any cell, no traceback on stderr), and the book's kernel note never stays up. Chapters 1
   to 3 are opened at 127.0.0.1, a secure context, where JupyterLite's service worker hands
   the kernel the notebooks' folder; chapter 6 at ``http://class-laptop.test:<port>``
   (resolved to 127.0.0.1 by the browser alone), as a class reaches a teacher's laptop on the
   room's network: not a secure context, so no service worker, and the kernel must find
   ``helpers`` and the digits in the wheel the site serves;
3. dragging the explorer's first slider a notch (the mouse, on the noUiSlider handle)
   retrains the net in Pyodide and redraws its figure;
4. no request left the server, the service and web workers came from the server, and the
   Pyodide runtime and packages were fetched from ``lite/static/pyodide/``.

Two more visits: one where the Python runtime cannot be fetched must say so in the notebook
(the book's ``lite_watch.js``), and the copy opened from ``file://`` must say how to serve it.

The times to the kernel idle and to the end of Run All, and how much of the site the visit
fetched, are printed and appended to
``_build/screenshots/timings.txt``; ``LITE_REPEAT=3`` opens and runs each chapter three times
and prints the medians. The test changes nothing in the site: it only adds
``windowingMode: "none"`` (every cell in the page) to the ``jupyter-lite.json`` the browser
receives (the site itself exposes ``window.jupyterapp``, which the book's note needs).

Run:  .venv/bin/python -m pytest tests/test_lite_browser.py -q -s -p no:cacheprovider
"""

import datetime
import json
import os
import statistics
import time
import urllib.parse

import nbformat
import pytest

from conftest import CHROMIUM, CHROMIUM_FLAGS, ROOT
from test_jupyter_browser import EXPLORER_JS, RETRAINED_JS, RUN_ALL_JS, _js

LITE_CHAPTERS = ["01_no_hidden_layer.ipynb", "02_two_layer_net.ipynb", "03_dropout.ipynb",
                 "06_digits.ipynb"]
SCREENSHOTS = ROOT / "_build" / "screenshots"
TIMINGS = SCREENSHOTS / "timings.txt"
REPEAT = int(os.environ.get("LITE_REPEAT", "1"))
KERNEL_TIMEOUT_MS = 240_000   # the app, Pyodide and the kernel's packages, on a 2-core machine
RUN_TIMEOUT_MS = 1_200_000    # Run All in WebAssembly (chapter 6 trains several nets)
RETRAIN_TIMEOUT_MS = 300_000
# The name a class would use for a teacher's laptop; only the browser resolves it.
LAN_HOST = "class-laptop.test"
LAN_CHAPTERS = {"06_digits.ipynb"}
# No host name resolves but the server's: the browser is as offline as a class behind a wall.
OFFLINE_FLAGS = [f"--host-resolver-rules=MAP {LAN_HOST} 127.0.0.1, MAP * ~NOTFOUND, "
                 "EXCLUDE 127.0.0.1"]
NOTE = ".book-kernel-note"
SETTINGS_OVERRIDES = {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}}

KERNEL_IDLE_JS = _js("""
  if (!panel || !panel.context.isReady || !panel.sessionContext.isReady) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected'
         && panel.content.widgets.length === arg;
""")
INFO_JS = _js("""
  return {kernel: panel.sessionContext.session.kernel.name,
          windowing: panel.content.notebookConfig.windowingMode};
""")
# Over when Run All's promise settled, no code cell shows [*], and the kernel is idle.
RUN_OVER_JS = _js("""
  const run = window.__runAll;
  if (!run || !run.done) return false;
  const pending = [...panel.node.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
  return !pending && panel.sessionContext.session.kernel.status === 'idle';
""")
# Every code cell's execution count and the errors in its outputs (from the model, so a cell
# out of view counts as well): error outputs, and stderr text with a traceback.
OUTPUTS_JS = _js("""
  return panel.content.widgets.filter(c => c.model.type === 'code').map(cell => {
    const outputs = [];
    for (let i = 0; i < cell.model.outputs.length; i++) outputs.push(cell.model.outputs.get(i).toJSON());
    const errors = outputs.filter(o => o.output_type === 'error')
        .map(o => `${o.ename}: ${o.evalue}`)
        .concat(outputs.filter(o => o.output_type === 'stream' && o.name === 'stderr')
                .map(o => [].concat(o.text).join('')).filter(t => /Traceback|Error/.test(t)));
    return {index: panel.content.widgets.indexOf(cell), count: cell.model.executionCount,
            source: cell.model.sharedModel.getSource().slice(0, 80), errors};
  });
""")


@pytest.fixture(scope="module")
def lite_browser(browser):
    """Debian's Chromium, resolving no host but 127.0.0.1. Launched by the session's playwright
    (conftest's ``browser``): a process can run only one sync playwright at a time, so a
    second sync_playwright() here fails when the other browser tests ran first."""
    offline = browser.browser_type.launch(executable_path=CHROMIUM,
                                          args=CHROMIUM_FLAGS + OFFLINE_FLAGS)
    yield offline
    offline.close()


class Visit:
    """One chapter opened and run in a fresh context: what it requested, and its times."""

    def __init__(self, browser, base, block=()):
        """base: the site as the browser names it; block: paths of the site to refuse."""
        self.base, self.block = base, tuple(block)
        self.server = "http://127.0.0.1:" + base.rsplit(":", 1)[1]  # the same, for playwright
        self.requests, self.blocked, self.failed, self.workers = [], [], [], []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._route)
        self.context.on("requestfailed", self._failed)
        self.context.on("serviceworker", lambda w: self.workers.append(("service", w.url)))
        self.page = self.context.new_page()
        self.page.on("worker", lambda w: self.workers.append(("web", w.url)))
        self.page.set_default_timeout(60_000)

    def local(self, url):
        return url.startswith((self.base + "/", "data:", "blob:"))

    def _route(self, route):
        request = route.request
        self.requests.append((request.url, bool(request.service_worker)))
        path = urllib.parse.urlsplit(request.url).path
        if not self.local(request.url):
            self.blocked.append(request.url)
            route.abort()
        elif path in self.block:
            route.abort()
        elif path.endswith("/jupyter-lite.json"):
            # fetched by playwright itself, which knows no LAN_HOST: by the server's address
            response = route.fetch(url=self.server + request.url[len(self.base):])
            config = response.json()
            data = config.setdefault("jupyter-config-data", {})
            if path == "/lite/jupyter-lite.json":  # the site's own; the apps' merge into it
                assert data.get("exposeAppInBrowser") is True, "the book's note needs jupyterapp"
            data.setdefault("settingsOverrides", {}).update(SETTINGS_OVERRIDES)
            route.fulfill(response=response, body=json.dumps(config))
        else:
            route.continue_()

    def _failed(self, request):
        if not self.local(request.url):
            self.failed.append(request.url)

    def open_and_run(self, name, cells):
        """Open book/<name> (its path in the copy's contents), wait for the kernel, Run All."""
        name = f"book/{name}"
        t0 = time.monotonic()
        self.page.goto(f"{self.base}/lite/lab/index.html?path={name}", wait_until="load")
        self.wait(KERNEL_IDLE_JS, name, cells, KERNEL_TIMEOUT_MS, "its Pyodide kernel idle")
        self.kernel_seconds = time.monotonic() - t0
        self.info = self.page.evaluate(INFO_JS, [name, None])
        t1 = time.monotonic()
        self.page.evaluate(RUN_ALL_JS, [name, None])
        self.wait(RUN_OVER_JS, name, None, RUN_TIMEOUT_MS, "Run All over, the kernel idle")
        self.run_seconds = time.monotonic() - t1
        self.run_all = self.page.evaluate("() => window.__runAll")
        self.cells = self.page.evaluate(OUTPUTS_JS, [name, None])

    def downloaded(self, root, under="/"):
        """Bytes of the site's files this visit fetched (each file once), of those whose path
        starts with ``under``."""
        paths = {urllib.parse.unquote(urllib.parse.urlsplit(url).path)
                 for url, _ in self.requests if url.startswith(self.base + "/")}
        paths = {p for p in paths if p.startswith(under)}
        files = [root / p.lstrip("/") for p in paths]
        files = [f / "index.html" if f.is_dir() else f for f in files]
        return sum(f.stat().st_size for f in files if f.is_file())

    def wait(self, js, name, arg, timeout, what):
        try:
            self.page.wait_for_function(js, arg=[name, arg], timeout=timeout, polling=500)
        except Exception as error:  # playwright's TimeoutError
            pytest.fail(f"{name}: {what} not within {timeout / 1000:.0f} s "
                        f"({type(error).__name__}); requests off the server: {self.blocked}")

    def close(self):
        self.context.close()


def _record(line):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with open(TIMINGS, "a") as out:
        out.write(f"{datetime.datetime.now().isoformat(timespec='seconds')} {line}\n")


@pytest.fixture(scope="module", params=LITE_CHAPTERS, ids=lambda n: n.removesuffix(".ipynb"))
def chapter(request, lite_browser, built_book, book_url):
    """The chapter opened and run in the JupyterLite copy (REPEAT times; the last visit is
    kept open for the checks). A failure leaves _build/screenshots/lite_<chapter>_failed.png."""
    name = request.param
    cells = len(nbformat.read(ROOT / "book" / name, as_version=4).cells)
    times = []
    lan = name in LAN_CHAPTERS
    base = book_url.replace("127.0.0.1", LAN_HOST) if lan else book_url
    for i in range(REPEAT):
        visit = Visit(lite_browser, base)
        try:
            visit.open_and_run(name, cells)
        except BaseException:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            visit.page.screenshot(path=str(SCREENSHOTS / f"lite_{name[:-6]}_failed.png"))
            visit.close()
            raise
        visit.secure = visit.page.evaluate("isSecureContext")
        times.append((visit.kernel_seconds, visit.run_seconds))
        mb = visit.downloaded(built_book) / 1e6
        visit.mb, visit.python_mb = mb, visit.downloaded(built_book, "/lite/static/pyodide/") / 1e6
        _record(f"jupyterlite {name[:-6]}{' (LAN)' if lan else ''} kernel-idle {visit.kernel_seconds:.1f} s "
                f"run-all {visit.run_seconds:.1f} s fetched {mb:.1f} MB")
        print(f"\n{name[:-6]}: kernel idle in {visit.kernel_seconds:.1f} s, "
              f"Run All {visit.run_seconds:.1f} s, {mb:.1f} MB of the site fetched")
        if i < REPEAT - 1:
            visit.close()
    visit.times = times
    if REPEAT > 1:
        print(f"{name[:-6]}: median of {REPEAT}: kernel idle "
              f"{statistics.median(t[0] for t in times):.1f} s, Run All "
              f"{statistics.median(t[1] for t in times):.1f} s")
    visit.name, visit.lan = name, lan
    yield visit
    visit.close()


def test_run_all_runs_every_cell_without_error(chapter):
    assert chapter.info == {"kernel": "python", "windowing": "none"}, chapter.info
    errors = [(c["index"], c["source"], e[-1500:]) for c in chapter.cells for e in c["errors"]]
    assert not errors, f"{chapter.name}: error output after Run All:\n" + "\n\n".join(
        f"cell {i} ({src!r}...):\n{text}" for i, src, text in errors)
    not_run = [c["index"] for c in chapter.cells if c["count"] is None]
    assert not not_run, f"{chapter.name}: code cells not run: {not_run}"
    assert chapter.run_all["error"] is None and chapter.run_all["result"] is True, \
        chapter.run_all
    assert chapter.page.locator(NOTE).count() == 0, chapter.page.locator(NOTE).all_inner_texts()
    # the two ways a class meets the copy: on this machine, or on a laptop across the room
    assert chapter.secure is not chapter.lan, (chapter.name, chapter.secure)


def test_moving_a_slider_redraws_the_explorer(chapter):
    page, name = chapter.page, f"book/{chapter.name}"
    before = page.evaluate(EXPLORER_JS, [name, None])
    assert before and before["src"], f"{name}: no explorer with a figure: {before}"
    handle = page.locator(".jp-NotebookPanel .jp-OutputArea-output .widget-slider .noUi-handle") \
        .first
    handle.scroll_into_view_if_needed()
    # one notch down (cheaper to train), or up from the bottom, dragged with the mouse as a
    # reader does (in JupyterLite, the arrow keys on the focused handle do not move it)
    track = handle.locator("xpath=ancestor::*[contains(@class, 'noUi-target')][1]").bounding_box()
    box = handle.bounding_box()
    notch = track["width"] / (float(before["max"]) - float(before["min"]))
    down = float(before["value"]) > float(before["min"])
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    t0 = time.monotonic()
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + (-notch if down else notch), y, steps=5)
    page.mouse.up()
    key = "a notch " + ("down" if down else "up")
    chapter.wait(RETRAINED_JS, name, before["src"], RETRAIN_TIMEOUT_MS,
                 f"the figure redrawn after the first slider moved {key}")
    after = page.evaluate(EXPLORER_JS, [name, None])
    print(f"{chapter.name[:-6]}: slider {before['readouts']} -> {after['readouts']}, redrawn in "
          f"{time.monotonic() - t0:.1f} s")
    assert after["value"] != before["value"] and after["src"] != before["src"]
    errors = [e for c in page.evaluate(OUTPUTS_JS, [name, None]) for e in c["errors"]]
    assert not errors, f"{name}: the retraining raised: {errors[0]}"


def test_nothing_is_requested_from_another_host(chapter):
    """Checked last, after the retraining. The route saw the workers' requests too: the
    Pyodide runtime and numpy, which only the kernel's web worker fetches, are among them."""
    assert not chapter.blocked, f"{chapter.name}: requests off the server: {chapter.blocked}"
    assert not chapter.failed, f"{chapter.name}: requests off the server: {chapter.failed}"
    assert chapter.workers and all(chapter.local(url) for _, url in chapter.workers), \
        chapter.workers
    kinds = {kind for kind, _ in chapter.workers}
    if chapter.lan:  # no secure context, so no service worker: helpers came from the wheel
        assert kinds == {"web"}, chapter.workers
    else:
        assert kinds == {"service", "web"}, chapter.workers
        assert any(sw for _, sw in chapter.requests), "no request of the service worker was routed"
    paths = [urllib.parse.urlsplit(url).path for url, _ in chapter.requests]
    for served in ("/lite/static/pyodide/pyodide.asm.wasm", "/lite/static/pyodide/pyodide-lock.json"):
        assert served in paths, f"{served} was not fetched through the route"
    wheels = {p.rsplit("/", 1)[1].split("-")[0] for p in paths
              if p.startswith("/lite/static/pyodide/") and p.endswith(".whl")}
    assert {"numpy", "matplotlib", "ipywidgets", "comm", "nn_from_scratch_book_helpers"} \
        <= wheels, sorted(wheels)
    print(f"{chapter.name[:-6]}: {len(chapter.requests)} requests, all to the server "
          f"({sum(sw for _, sw in chapter.requests)} from its service worker)")


def test_a_kernel_that_cannot_start_says_so_in_the_notebook(lite_browser, built_book, book_url):
    """With the Python runtime refused (as a network that blocks it would), the notebook says
    that Python could not start and why, inside the notebook panel, instead of a silent [*]."""
    visit = Visit(lite_browser, book_url, block=["/lite/static/pyodide/pyodide.asm.wasm"])
    try:
        visit.page.goto(f"{book_url}/lite/lab/index.html?path=book/01_no_hidden_layer.ipynb")
        note = visit.page.locator(f".jp-NotebookPanel {NOTE}")
        note.wait_for(state="visible", timeout=KERNEL_TIMEOUT_MS)
        text = note.inner_text()
        assert "Python could not start" in text and "lite/static/pyodide/" in text, text
        assert note.get_attribute("role") == "alert"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(SCREENSHOTS / "lite_kernel_cannot_start.png"))
        assert not visit.blocked, visit.blocked
    finally:
        visit.close()


def test_opened_from_a_file_it_says_how_to_serve_it(lite_browser, built_book):
    """The book opened from its files: the JupyterLite button leads to a page that explains,
    with the one command that serves the book, not to a blank page."""
    page = lite_browser.new_page()
    try:
        page.goto((built_book / "book" / "01_no_hidden_layer.html").as_uri())
        links = page.evaluate("() => [...document.querySelectorAll('a')].map(a => a.href)"
                              ".filter(h => h.includes('/lite/'))")
        assert links, "no JupyterLite link on the chapter's page"
        page.goto(links[0])
        note = page.locator(NOTE)
        note.wait_for(state="visible", timeout=30_000)
        text = note.inner_text()
        assert "cannot run from a file" in text, text
        assert "python3 -m http.server --bind 127.0.0.1 8000" in text, text
        assert "http://127.0.0.1:8000/lite/lab/index.html?path=book/01_no_hidden_layer.ipynb" \
            in text, text
    finally:
        page.close()


def test_a_first_start_downloads_what_the_teachers_guide_says(chapter):
    """book/teachers.md: the first start is "about 45 MB, three quarters of it Python" (the
    rest JupyterLab itself). This visit's context started with an empty cache."""
    assert 40 <= chapter.mb <= 50, f"{chapter.name}: {chapter.mb:.1f} MB"
    share = chapter.python_mb / chapter.mb
    assert 0.7 <= share <= 0.82, f"{chapter.name}: Python {share:.0%} of {chapter.mb:.1f} MB"
