"""Every chapter, opened and run in a real JupyterLab, in a real browser (issue 13, section 4).

One JupyterLab for the module, started from the README's venv (the ``jupyter`` beside
``sys.executable``, with jupyterlab-myst), listening on 127.0.0.1 only, on a free port, with
a token, serving a temporary copy of ``book/`` (JupyterLab's autosave writes there, never into
the repository). Its settings, workspaces, runtime files, config and data (the notebook
signing key) live in temporary folders too, so the test neither reads nor writes the user's.
The settings turn cell windowing off (``windowingMode: "none"``): JupyterLab 4 otherwise
renders only the cells near the viewport, and every cell must be in the page to be checked.

For each chapter (``book/0*.ipynb``), in headless Chromium, with every request that leaves the
server aborted:

1. the notebook opens and its kernel comes up idle;
2. Run All runs every code cell, with no error output; the time it took is printed and
   appended to ``_build/screenshots/timings.txt``;
3. the rendered markdown shows no raw MyST markup (``{glue``, ``{eval}``, ``:::{``, ...), no
   bare glue key (``ch3_two_heads_freq:.4f``: what jupyterlab-myst makes of a glue role), no
   "Unknown Directive" box and no "Cross Reference Not Found" mark;
4. it shows as many exercise boxes as the source has ``{exercise}`` directives, and every
   solution is folded until clicked (the first one is clicked open);
5. Run All had the kernel evaluate every ``{eval}`` role (counted in the messages
   jupyterlab-myst sends), none failed, each result is in the prose, and at least one is
   visible as a number;
6. in a chapter with an explorer, moving its first slider a notch (the keyboard, on the
   noUiSlider handle) retrains and redraws the explorer's figure;
7. screenshots: ``_build/screenshots/jupyterlab_<chapter>.png`` (the whole notebook after Run
   All, the window made as tall as the notebook), ``jupyterlab_<chapter>_solution.png`` (the
   window on the solution opened in 4), and ``jupyterlab_<chapter>_failed.png`` if opening or
   running the chapter failed;
8. nothing was requested from anywhere but the server.

The chapter is opened and run once (the module-scoped ``chapter`` fixture, parametrized by
chapter, so pytest runs one chapter's checks together); each check is its own test, so a
report says which checks fail for which chapter. Without Chromium, playwright or the venv's
``jupyter`` the module skips, except in CI (CI=true), where that is a failure.

Selectors this relies on (JupyterLab 4.x, jupyterlab-myst 2.x, ipywidgets 8):
``window.jupyterapp`` (``--LabApp.expose_app_in_browser``) and its ``notebook:run-all-cells``
command; ``.jp-MarkdownCell div.myst`` (jupyterlab-myst's rendered markdown; the stock
``.jp-RenderedMarkdown`` is read as well, so a missing extension shows as raw markup);
``.myst-exercise`` / ``.myst-exercise-title`` / ``.myst-exercise-body`` (exercise and solution
boxes, a solution being a ``<details>``; an unknown directive gets the same box, titled
"... - Unknown Directive"); ``[title="Cross Reference Not Found"]``; the cell metadata
``user_expressions`` that jupyterlab-myst fills when it runs a markdown cell's ``{eval}`` roles
(a text/plain result is rendered as a bare ``<span>``, a rich one in
``.myst-RenderedExpression``, an unevaluated role as ``<code>``);
``.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]`` (tracebacks);
``.widget-slider .noUi-handle`` and ``img.widget-image`` (the live explorer).

Run:  .venv/bin/python -m pytest tests/test_jupyter_browser.py -q -s -p no:cacheprovider
"""

import datetime
import json
import os
import pathlib
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import nbformat
import pytest

from conftest import ROOT, _skip_or_fail, isolated_page
from helpers.glue import EVAL_ROLE

BOOK = ROOT / "book"
CHAPTERS = sorted(p.name for p in BOOK.glob("0*.ipynb"))
JUPYTER = pathlib.Path(sys.executable).with_name("jupyter")
SCREENSHOTS = ROOT / "_build" / "screenshots"
TIMINGS = SCREENSHOTS / "timings.txt"

SERVER_TIMEOUT = 90       # s, for JupyterLab to answer
OPEN_TIMEOUT_MS = 180_000  # the app loaded, the notebook rendered, its kernel idle
RUN_TIMEOUT_MS = 900_000   # Run All (chapter 6 takes about a minute on a slow 2-core machine)
RENDER_TIMEOUT_MS = 60_000
RETRAIN_TIMEOUT_MS = 300_000

# The user settings of the test's JupyterLab: every cell in the page (no windowing), and no
# toast asking to fetch news (it would cover the screenshots; nothing is fetched either way).
SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}
# Raw MyST a reader must never see in JupyterLab's rendered markdown.
RAW_MARKUP = ["{glue", "{eval}", "{doc}", "{ref}", ":::{", "```{", "{exercise}", "{solution}",
              ":label:", ":class:", "{literalinclude}"]
# What jupyterlab-myst shows for a {glue}`key` role it does not know: the key itself.
BARE_GLUE_KEY = re.compile(r"(?<![\w.-])ch\d_[a-z0-9_]+(?::[^\s]*)?")
NUMBER = re.compile(r"^-?[\d.,]+(e[-+]?\d+)?%?$", re.IGNORECASE)
DIRECTIVE = r"^\s*(`{3,}|:{3,})\{%s\}"
ERROR_WORDS = re.compile(r"Traceback|Error")


# ------------------------------------------------------------------------------ the source

def _source(path):
    """What a notebook holds: how many cells, exercises and solutions, its eval roles, and
    whether it shows an explorer."""
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return {
        "exercises": len(re.findall(DIRECTIVE % "exercise", markdown, re.M)),
        "solutions": len(re.findall(DIRECTIVE % "solution", markdown, re.M)),
        "evals": EVAL_ROLE.findall(markdown),
        "eval_cells": sum(bool(EVAL_ROLE.search(c.source)) for c in nb.cells
                          if c.cell_type == "markdown"),
        "explorer": "_explorer(" in code,
        "code_cells": sum(c.cell_type == "code" for c in nb.cells),
        "markdown_cells": sum(c.cell_type == "markdown" for c in nb.cells),
        "cells": len(nb.cells),
    }


EXPLORER_CHAPTERS = [name for name in CHAPTERS if _source(BOOK / name)["explorer"]]


def _ids(name):
    return name.removesuffix(".ipynb")


# ------------------------------------------------------------------------------ the server

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """The running JupyterLab: its URL, token, and a REST call."""

    def __init__(self, url, token, root, log):
        self.url, self.token, self.root, self.log = url, token, root, log

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        """End every session and kernel (a chapter's kernel must not slow down the next)."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")
        for kernel in self.api("/api/kernels"):
            self.api(f"/api/kernels/{kernel['id']}", method="DELETE")

    def log_tail(self, n=3000):
        return self.log.read_text(errors="replace")[-n:]


def _stop(process):
    """Stop the server (it shuts down its kernels on SIGTERM); kill its process group if not."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    try:  # the server ran in its own session: anything it left behind is in this group
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait(timeout=30)


def _kill_leftover_kernels(runtime):
    """Kill any kernel the server started and left running: a kernel runs in a session of its
    own, with its connection file in the server's (temporary) runtime folder. Linux only."""
    left = []
    for proc in pathlib.Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if str(runtime) in cmdline and "kernel" in cmdline:
            left.append(int(proc.name))
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a temporary copy of book/, its state in temp folders."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "book"
    shutil.copytree(BOOK, root, ignore=shutil.ignore_patterns(
        ".ipynb_checkpoints", "__pycache__", "_build", "*.nbconvert.ipynb"))
    yield from serve_lab(base, root)


def serve_lab(base, root, disabled_extensions=()):
    """Run JupyterLab on 127.0.0.1 serving ``root``, its state in folders under ``base``, with
    the lab extensions ``disabled_extensions`` off (JupyterLab's page_config.json); yields a
    Lab, and stops the server and its kernels after."""
    if not JUPYTER.exists():
        _skip_or_fail(f"no jupyter next to {sys.executable} (pip install -r requirements.txt)")
    dirs = {name: base / name for name in ("settings", "workspaces", "runtime", "config", "data",
                                           "ipython")}
    for d in dirs.values():
        d.mkdir()
    if disabled_extensions:
        (dirs["config"] / "labconfig").mkdir()
        (dirs["config"] / "labconfig" / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": {name: True for name in disabled_extensions}}))
    for plugin, settings in SETTINGS.items():
        package, _, name = plugin.rpartition(":")
        path = dirs["settings"] / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings))
    env = dict(os.environ,
               JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
               JUPYTER_CONFIG_DIR=str(dirs["config"]),
               JUPYTER_DATA_DIR=str(dirs["data"]),
               IPYTHONDIR=str(dirs["ipython"]))
    env.pop("NN_BOOK_STATIC", None)  # the live explorers, as a reader's JupyterLab shows them
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [str(JUPYTER), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--port-retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
           f"--LabApp.user_settings_dir={dirs['settings']}",
           f"--LabApp.workspaces_dir={dirs['workspaces']}",
           # nothing asks PyPI or jupyter.org for news, updates or extensions
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = base / "lab.log"
    with open(log, "w") as out:
        process = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = Lab(f"http://127.0.0.1:{port}", token, root, log)
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited with {process.returncode}:\n{server.log_tail()}")
            try:
                server.api("/api/status")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer within {SERVER_TIMEOUT} s:\n"
                                f"{server.log_tail()}")
                time.sleep(0.5)
        for plugin, settings in SETTINGS.items():  # JupyterLab read them
            got = server.api(f"/lab/api/settings/{plugin}")["settings"]
            assert all(got.get(k) == v for k, v in settings.items()), (plugin, got)
        yield server
    finally:
        try:
            if process.poll() is None:
                server.shut_down_kernels()
        except (urllib.error.URLError, OSError):
            pass
        _stop(process)
        left = _kill_leftover_kernels(dirs["runtime"])
        if left:
            print(f"killed kernels JupyterLab left running: {left}")


# ------------------------------------------------------------------------------ the browser

# The notebook panel of `path` in the app, or null.
PANEL_JS = """(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.sessionContext) return w;
  }
  return null;
}"""


def _js(body):
    """A function of (path, arg) run in the page, with `panel` bound to the notebook's panel."""
    return f"""([path, arg]) => {{
  const panel = ({PANEL_JS})(path);
  {body}
}}"""


READY_JS = _js("""
  if (!panel || !panel.context.isReady || !panel.sessionContext.isReady) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle' || kernel.connectionStatus !== 'connected') return false;
  const cells = panel.content.widgets;
  return cells.length === arg && panel.node.querySelectorAll('.jp-Cell').length === arg;
""")

NOTEBOOK_INFO_JS = _js("""
  return {windowing: panel.content.notebookConfig.windowingMode,
          cells: panel.content.widgets.length,
          kernel: panel.sessionContext.session.kernel.name};
""")

# Run All, in the background (window.__runAll says when it is over), counting the {eval}
# requests jupyterlab-myst sends the kernel (one per markdown cell with roles, after the cell
# runs: code "" with user_expressions) and their replies.
RUN_ALL_JS = _js("""
  const run = window.__runAll = {done: false, result: null, error: null,
                                 requests: 0, expressions: 0, replies: 0, ok: 0, failed: []};
  const kernel = panel.sessionContext.session.kernel;
  kernel.anyMessage.connect((_, {msg, direction}) => {
    const type = msg.header.msg_type;
    if (direction === 'send' && type === 'execute_request') {
      const n = Object.keys(msg.content.user_expressions || {}).length;
      if (n) { run.requests += 1; run.expressions += n; }
    }
    if (direction === 'recv' && type === 'execute_reply') {
      const results = Object.values(msg.content.user_expressions || {});
      if (results.length) run.replies += 1;
      for (const r of results) {
        if (r.status === 'ok') run.ok += 1; else run.failed.push(`${r.ename}: ${r.evalue}`);
      }
    }
  });
  window.jupyterapp.commands.execute('notebook:run-all-cells').then(
      r => { run.done = true; run.result = r; },
      e => { run.done = true; run.error = String(e); });
  return true;
""")

# Over when Run All's promise settled, no code cell shows [*], every markdown cell with {eval}
# roles (arg of them) had its expressions answered, and the kernel is idle.
RUN_DONE_JS = _js("""
  const run = window.__runAll;
  if (!run || !run.done) return false;
  const kernel = panel.sessionContext.session.kernel;
  const pending = [...panel.node.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .some(p => p.textContent.includes('*'));
  return !pending && kernel.status === 'idle' && (run.replies >= arg || run.result !== true);
""")

# Top-level rendered markdown of each markdown cell: jupyterlab-myst's div.myst, or the stock
# renderer's (so raw markup is caught even if the extension is missing). Its text is every text
# node's, hidden ones (a folded solution) included, with a line break between blocks
# (textContent would glue the end of a paragraph to the start of the next).
MARKDOWN_JS = _js("""
  const sel = 'div.myst, .jp-RenderedMarkdown, .jp-MarkdownOutput';
  const BLOCK = new RegExp('^(P|DIV|LI|UL|OL|H[1-6]|TABLE|THEAD|TBODY|TR|TD|TH|PRE|BLOCKQUOTE'
                           + '|DETAILS|SUMMARY|ASIDE|SECTION|FIGURE|FIGCAPTION|DL|DT|DD'
                           + '|MJX-CONTAINER)$');
  const text = root => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let out = '', last = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      let block = n.parentElement;
      while (block !== root && !BLOCK.test(block.tagName)) block = block.parentElement;
      if (block !== last) { out += '\\n'; last = block; }
      out += n.textContent;
    }
    return out;
  };
  return panel.content.widgets.filter(c => c.model.type === 'markdown').map(cell => {
    const tops = [...cell.node.querySelectorAll(sel)]
        .filter(e => !e.parentElement.closest(sel));
    return {rendered: cell.rendered, source: cell.model.sharedModel.getSource().trim().length,
            tops: tops.length, text: tops.map(text).join('\\n')};
  });
""")

CODE_CELLS_JS = _js("""
  return panel.content.widgets.filter(c => c.model.type === 'code').map((cell, i) => ({
    index: panel.content.widgets.indexOf(cell),
    count: cell.model.executionCount,
    source: cell.model.sharedModel.getSource().slice(0, 80),
    inputHidden: cell.inputHidden,
    sourceHidden: !!(cell.model.getMetadata('jupyter') || {}).source_hidden,
    errors: [...cell.node.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => e.textContent)}));
""")

EXERCISES_JS = _js("""
  const boxes = [...panel.node.querySelectorAll('.jp-MarkdownCell .myst-exercise')];
  return boxes.map((box, i) => {
    const title = box.querySelector('.myst-exercise-title');
    const body = box.querySelector('.myst-exercise-body');
    const rect = body ? body.getBoundingClientRect() : null;
    return {i, tag: box.tagName, open: box.tagName === 'DETAILS' ? box.open : null,
            title: title ? title.textContent.trim() : '',
            bodyVisible: !!body && body.checkVisibility() && rect.height > 0};
  });
""")

OPEN_SOLUTION_STATE_JS = _js("""
  const box = [...panel.node.querySelectorAll('.jp-MarkdownCell .myst-exercise')][arg];
  const body = box.querySelector('.myst-exercise-body');
  return {open: box.open, bodyVisible: !!body && body.checkVisibility()
          && body.getBoundingClientRect().height > 0};
""")

# The {eval} results jupyterlab-myst stored (cell metadata user_expressions) and whether each
# is shown in its cell's rendered markdown: a text/plain result as a bare <span> (quotes
# stripped, as jupyterlab-myst does), a rich one inside .myst-RenderedExpression.
EVALS_JS = _js("""
  const results = [], errors = [], codes = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'markdown') return;
    const root = cell.node.querySelector('div.myst');
    if (!root) return;
    const shown = [...root.querySelectorAll('span:not([class]), .myst-RenderedExpression')]
        .filter(e => e.matches('.myst-RenderedExpression') || e.children.length === 0);
    for (const e of root.querySelectorAll('span[data-mime-type="application/vnd.jupyter.stderr"]'))
      errors.push(e.textContent);
    for (const e of root.querySelectorAll('code')) codes.push(e.textContent);
    for (const e of cell.model.getMetadata('user_expressions') || []) {
      const result = e.result || {};
      const data = result.data || {};
      const plain = (data['text/plain'] || '').replace(/^(["'])(.*)\\1$/, '$2').trim();
      const match = shown.find(s => s.textContent.trim() === plain);
      results.push({cell: index, expression: e.expression, status: result.status || null,
                    plain, shown: !!match,
                    visible: !!match && match.checkVisibility()
                             && match.getBoundingClientRect().width > 0,
                    error: result.status === 'error' ? `${result.ename}: ${result.evalue}` : null});
    }
  });
  return {results, errors, codes};
""")

EXPLORER_JS = _js("""
  const handle = panel.node.querySelector('.jp-OutputArea-output .widget-slider .noUi-handle');
  if (!handle) return null;
  const box = handle.closest('.widget-vbox');
  const img = box && box.querySelector('img.widget-image');
  return {value: handle.getAttribute('aria-valuenow'), min: handle.getAttribute('aria-valuemin'),
          max: handle.getAttribute('aria-valuemax'), src: img ? img.src : null,
          status: box ? [...box.querySelectorAll('.widget-html-content')].map(e => e.textContent)
                           .join(' | ') : '',
          readouts: box ? [...box.querySelectorAll('.widget-readout')]
                              .map(e => e.textContent) : []};
""")

RETRAINED_JS = _js("""
  const handle = panel.node.querySelector('.jp-OutputArea-output .widget-slider .noUi-handle');
  const box = handle.closest('.widget-vbox');
  const img = box.querySelector('img.widget-image');
  const busy = [...box.querySelectorAll('.widget-html-content')]
      .some(e => e.textContent.includes('Retraining'));
  const kernel = panel.sessionContext.session.kernel;
  return img.src !== arg && !busy && kernel.status === 'idle';
""")

# Each code cell that prints library code (``listing(net.softmax)``, helpers/listing.py): its
# source and the text of its rendered output, and whether that output holds a code block.
LISTINGS_JS = _js("""
  return panel.content.widgets.filter(c => c.model.type === 'code'
                                       && /^listing\\(/m.test(c.model.sharedModel.getSource()))
    .map(cell => {
      const outputs = [...cell.node.querySelectorAll('.jp-OutputArea-output')];
      const pre = outputs.map(o => o.querySelector('pre')).find(p => p);
      return {index: panel.content.widgets.indexOf(cell),
              source: cell.model.sharedModel.getSource(),
              code: pre ? pre.textContent : null,
              visible: !!pre && pre.checkVisibility() && pre.getBoundingClientRect().height > 0};
    });
""")

BROKEN_JS = _js("""
  const roots = [...panel.node.querySelectorAll('.jp-MarkdownCell div.myst')];
  const all = sel => roots.flatMap(r => [...r.querySelectorAll(sel)]);
  return {directives: all('.myst-exercise-title').map(e => e.textContent.trim())
                         .filter(t => t.endsWith('Unknown Directive')),
          references: all('[title="Cross Reference Not Found"]').map(e => e.textContent.trim())};
""")

# How tall the notebook's cells are (from the top of the first to the bottom of the last, in
# its scrolled panel), how tall that panel is, and the window.
SCROLLER_JS = _js("""
  const outer = panel.node.querySelector('.jp-WindowedPanel-outer') || panel.content.node;
  const cells = panel.node.querySelectorAll('.jp-Cell');
  const top = outer.getBoundingClientRect().top - outer.scrollTop;
  const bottom = cells.length ? cells[cells.length - 1].getBoundingClientRect().bottom : top;
  return {content: Math.ceil(bottom - top), client: outer.clientHeight,
          inner: window.innerHeight};
""")


def _wait(page, js, name, arg=None, timeout=RENDER_TIMEOUT_MS, what="", polling=250):
    try:
        page.wait_for_function(js, arg=[name, arg], timeout=timeout, polling=polling)
    except Exception as error:  # playwright's TimeoutError
        pytest.fail(f"{name}: {what} not within {timeout / 1000:.0f} s ({type(error).__name__})")


def _wait_markdown(page, name, n_markdown):
    """Every markdown cell rendered, and the rendered text unchanged for a second (jupyterlab-myst
    renders asynchronously, and again when a cell's {eval} results arrive)."""
    def ready():
        cells = page.evaluate(MARKDOWN_JS, [name, None])
        ok = len(cells) == n_markdown and all(
            c["rendered"] and c["tops"] >= 1 and (c["text"].strip() or not c["source"])
            for c in cells)
        return ok, cells

    deadline = time.monotonic() + RENDER_TIMEOUT_MS / 1000
    last, stable_since = None, None
    while True:
        ok, cells = ready()
        text = [c["text"] for c in cells]
        if ok and text == last:
            if time.monotonic() - stable_since >= 1.0:
                return cells
        else:
            last, stable_since = (text if ok else None), time.monotonic()
        if time.monotonic() > deadline:
            missing = [i for i, c in enumerate(cells) if not (c["rendered"] and c["tops"])]
            pytest.fail(f"{name}: the markdown did not render within "
                        f"{RENDER_TIMEOUT_MS / 1000:.0f} s (markdown cells {len(cells)} of "
                        f"{n_markdown}, not rendered: {missing})")
        page.wait_for_timeout(200)


TO_TOP_JS = _js("""
  const outer = panel.node.querySelector('.jp-WindowedPanel-outer');
  if (outer) outer.scrollTop = 0;
  return true;
""")


def _full_screenshot(page, name, path, margin=40, most=60_000):
    """The whole notebook in one image: the window made as tall as the notebook's cells (plus
    JupyterLab's bars), for the shot. Measured again after each resize: CodeMirror only
    estimates the height of the lines it has not drawn yet, so the cells grow once in view."""
    size = page.viewport_size
    try:
        for _ in range(5):
            page.evaluate(TO_TOP_JS, [name, None])
            page.wait_for_timeout(300)
            m = page.evaluate(SCROLLER_JS, [name, None])
            if m["client"] >= m["content"] + margin // 2 or m["inner"] >= most:
                break
            page.set_viewport_size({"width": size["width"], "height": min(
                most, m["content"] + margin + m["inner"] - m["client"])})
            page.wait_for_timeout(500)
        page.screenshot(path=str(path), timeout=120_000)
    finally:
        page.set_viewport_size(size)
        page.wait_for_timeout(300)


def _record_timing(name, seconds):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().isoformat(timespec="seconds")
    with open(TIMINGS, "a") as out:
        out.write(f"{stamp} jupyterlab {_ids(name)} run-all {seconds:.1f} s\n")


class Chapter:
    """A chapter opened and run in JupyterLab: the page, and what was read after Run All."""


def _open_and_run(page, lab, name):
    """Open the chapter, wait for its kernel, Run All, and read what the page shows."""
    src = _source(lab.root / name)  # the repository's notebook, as copied for the server
    t0 = time.monotonic()
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}", wait_until="load",
              timeout=OPEN_TIMEOUT_MS)
    _wait(page, _js("return !!panel;"), name, None, OPEN_TIMEOUT_MS,
          "JupyterLab (window.jupyterapp) with the notebook's tab")
    app_up = time.monotonic() - t0
    _wait(page, READY_JS, name, src["cells"], OPEN_TIMEOUT_MS,
          f"the notebook ({src['cells']} cells, all in the page) with an idle kernel")
    opened = time.monotonic() - t0
    info = page.evaluate(NOTEBOOK_INFO_JS, [name, None])
    assert info["windowing"] == "none", f"{name}: cell windowing is on: {info}"
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    _wait_markdown(page, name, src["markdown_cells"])
    evals_on_open = page.evaluate(EVALS_JS, [name, None])  # the results stored in the notebook

    t1 = time.monotonic()
    page.evaluate(RUN_ALL_JS, [name, None])
    _wait(page, RUN_DONE_JS, name, src["eval_cells"], RUN_TIMEOUT_MS,
          "Run All finished (no [*] prompt, every {eval} answered, kernel idle)", polling=500)
    seconds = time.monotonic() - t1
    _record_timing(name, seconds)
    print(f"\n{_ids(name)}: JupyterLab up in {app_up:.1f} s, the notebook's kernel idle "
          f"in {opened:.1f} s, Run All took {seconds:.1f} s")

    ch = Chapter()
    ch.name, ch.page, ch.source, ch.seconds = name, page, src, seconds
    ch.run_all = page.evaluate("() => window.__runAll")
    ch.evals_on_open = evals_on_open
    ch.code_cells = page.evaluate(CODE_CELLS_JS, [name, None])
    ch.markdown = _wait_markdown(page, name, src["markdown_cells"])
    ch.text = "\n".join(c["text"] for c in ch.markdown)
    ch.exercises = page.evaluate(EXERCISES_JS, [name, None])
    ch.evals = page.evaluate(EVALS_JS, [name, None])
    ch.broken = page.evaluate(BROKEN_JS, [name, None])
    ch.listings = page.evaluate(LISTINGS_JS, [name, None])
    _full_screenshot(page, name, SCREENSHOTS / f"jupyterlab_{_ids(name)}.png")
    return ch


@pytest.fixture(scope="module")
def chapter(request, browser, lab):
    """The chapter opened in JupyterLab in Chromium, run with Run All, read and photographed.
    If that fails, the window is saved as jupyterlab_<chapter>_failed.png."""
    name = request.param
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, context = isolated_page(browser, [lab.url, "data:", "blob:"])
    page.set_default_timeout(60_000)
    try:
        try:
            ch = _open_and_run(page, lab, name)
        except BaseException:
            try:
                page.screenshot(path=str(SCREENSHOTS / f"jupyterlab_{_ids(name)}_failed.png"))
            except Exception:  # the page may be gone; the failure matters, not the picture
                pass
            raise
        yield ch
    finally:
        context.close()
        try:
            lab.shut_down_kernels()
        except (urllib.error.URLError, OSError) as error:
            print(f"could not shut down the kernels: {error}")


def chapters(names):
    return pytest.mark.parametrize("chapter", names, indirect=True, ids=_ids)


# ------------------------------------------------------------------------------ the checks

@chapters(CHAPTERS)
def test_run_all_runs_every_cell_without_error(chapter):
    ch = chapter
    errors = [(c["index"], c["source"], e[-2000:]) for c in ch.code_cells for e in c["errors"]
              if ERROR_WORDS.search(e)]
    assert not errors, f"{ch.name}: error output after Run All:\n" + "\n\n".join(
        f"cell {i} ({src!r}...):\n{text}" for i, src, text in errors)
    assert ch.run_all["error"] is None and ch.run_all["result"] is True, \
        f"{ch.name}: Run All did not succeed: {ch.run_all}"
    not_run = [c["index"] for c in ch.code_cells if c["count"] is None]
    assert not not_run, f"{ch.name}: code cells not run: {not_run}"
    assert len(ch.code_cells) == ch.source["code_cells"]


def _raw_markup(text):
    return {m: text.count(m) for m in RAW_MARKUP if text.count(m)}


@chapters(CHAPTERS)
def test_rendered_markdown_shows_no_raw_markup(chapter):
    ch = chapter
    counts = _raw_markup(ch.text)
    print(f"{_ids(ch.name)}: raw markup in the rendered markdown: {sum(counts.values())} "
          f"{counts or ''}")
    assert not counts, f"{ch.name}: raw MyST markup in the rendered markdown: {counts}; e.g. " \
        + "; ".join(_context(ch.text, m) for m in counts)


def _context(text, needle, width=60):
    i = text.find(needle)
    return repr(text[max(0, i - width): i + len(needle) + width])


@chapters(CHAPTERS)
def test_rendered_markdown_shows_no_bare_glue_key(chapter):
    ch = chapter
    found = [m.group(0) for m in BARE_GLUE_KEY.finditer(ch.text)]
    print(f"{_ids(ch.name)}: bare glue keys in the rendered markdown: {len(found)}"
          + (f" (e.g. {', '.join(sorted(set(found))[:5])})" if found else ""))
    assert not found, f"{ch.name}: {len(found)} glue keys shown as text instead of their values, " \
                     f"e.g. {sorted(set(found))[:10]}"


@chapters(CHAPTERS)
def test_rendered_markdown_shows_no_unknown_directive_or_broken_reference(chapter):
    """What jupyterlab-myst shows instead of raw markup when it cannot render a directive or
    resolve a reference: a red "Unknown Directive" box, a yellow "Cross Reference Not Found"."""
    ch = chapter
    broken = ch.broken
    print(f"{_ids(ch.name)}: unknown directives: {len(broken['directives'])}, unresolved "
          f"references: {len(broken['references'])}")
    assert not broken["directives"], f"{ch.name}: unknown directives: {broken['directives']}"
    assert not broken["references"], \
        f"{ch.name}: references jupyterlab-myst cannot resolve: {broken['references']}"


def _answer_cells(nb):
    """The code cells hidden on the page (remove-cell) in a chapter's exercise section: they
    compute or check the solutions, so they give the answers away."""
    found, in_exercises = [], False
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            in_exercises = bool(re.search(r"\{(exercise|solution)\}", cell.source))
        elif in_exercises and "remove-cell" in cell.metadata.get("tags", []):
            found.append(index)
    return found


@pytest.mark.parametrize("name", CHAPTERS, ids=_ids)
def test_the_cells_that_hold_answers_are_folded_in_jupyter(name):
    """On the page they are removed; in Jupyter their code is folded (metadata
    jupyter.source_hidden), as the solutions are, so a student does not read an answer by
    scrolling past. (The browser test below checks JupyterLab folds them.)"""
    nb = nbformat.read(BOOK / name, as_version=4)
    cells = _answer_cells(nb)
    assert cells, f"{name}: no answer cells found: the rule above no longer matches the chapter"
    unfolded = [i for i in cells if not nb.cells[i].metadata.get("jupyter", {}).get("source_hidden")]
    assert not unfolded, f"{name}: answer cells shown unfolded in Jupyter: {unfolded}"


@chapters(CHAPTERS)
def test_jupyterlab_folds_the_cells_marked_hidden(chapter):
    ch = chapter
    marked = [c for c in ch.code_cells if c["sourceHidden"]]
    assert marked, f"{ch.name}: no cell marked source_hidden"
    shown = [c["index"] for c in marked if not c["inputHidden"]]
    print(f"{_ids(ch.name)}: cells folded in JupyterLab: {len(marked) - len(shown)} of "
          f"{len(marked)}")
    assert not shown, f"{ch.name}: JupyterLab shows the code of cells marked hidden: {shown}"


@chapters(CHAPTERS)
def test_the_library_code_the_chapter_prints_is_shown(chapter):
    """Each ``listing(...)`` cell shows, after Run All, the code the book's page prints: every
    line of the function, as a code block, and nothing else (no MyST option line such as
    ``:emphasize-lines:``)."""
    import helpers  # noqa: F401  (the listings' modules: net, seed_port, ...)
    from helpers.listing import source_lines

    ch = chapter
    nb = nbformat.read(BOOK / ch.name, as_version=4)
    expected = [c.source for c in nb.cells
                if c.cell_type == "code" and re.search(r"^listing\(", c.source, re.M)]
    assert expected, f"{ch.name}: no listing(...) cell"
    assert [c["source"] for c in ch.listings] == expected, f"{ch.name}: listing cells differ"
    wrong = []
    for cell in ch.listings:
        call = re.search(r"^listing\((\w+)\.(\w+)", cell["source"], re.M)
        module = __import__(f"helpers.{call.group(1)}", fromlist=["_"])
        want = "\n".join(source_lines(getattr(module, call.group(2))))
        got = (cell["code"] or "").rstrip("\n")
        if got != want or not cell["visible"]:
            wrong.append(f"cell {cell['index']} {call.group(0)}): visible={cell['visible']}, "
                         f"shows {got[:120]!r}... (wanted {want[:80]!r}...)")
    print(f"{_ids(ch.name)}: library listings shown: {len(ch.listings) - len(wrong)} of "
          f"{len(ch.listings)}")
    assert not wrong, f"{ch.name}: listings not shown as the page prints them:\n" + "\n".join(wrong)


@chapters(CHAPTERS)
def test_exercises_are_boxes_and_solutions_are_folded(chapter):
    ch, page = chapter, chapter.page
    # jupyterlab-myst draws an unknown directive in the same box (see the next test)
    boxes = [b for b in ch.exercises if not b["title"].endswith("Unknown Directive")]
    solutions = [b for b in boxes if b["title"].startswith("Solution")]
    exercises = [b for b in boxes if not b["title"].startswith("Solution")]
    print(f"{_ids(ch.name)}: {len(exercises)} exercise boxes ({ch.source['exercises']} in the "
          f"source), {len(solutions)} solutions ({ch.source['solutions']})")
    assert len(exercises) == ch.source["exercises"], \
        f"{ch.name}: {len(exercises)} exercise boxes, {ch.source['exercises']} {{exercise}} " \
        f"directives: {[b['title'] for b in exercises]}"
    assert len(solutions) == ch.source["solutions"], \
        f"{ch.name}: {len(solutions)} solution boxes, {ch.source['solutions']} {{solution}} " \
        f"directives: {[b['title'] for b in solutions]}"
    unfolded = [b["title"] for b in solutions
                if b["tag"] != "DETAILS" or b["open"] or b["bodyVisible"]]
    assert not unfolded, f"{ch.name}: solutions shown before they are clicked: {unfolded}"
    hidden = [b["title"] for b in exercises if not b["bodyVisible"]]
    assert not hidden, f"{ch.name}: exercises whose text is hidden: {hidden}"
    if not solutions:
        return
    first = solutions[0]["i"]
    summary = page.locator(".jp-NotebookPanel .jp-MarkdownCell .myst-exercise").nth(first) \
        .locator("summary").first
    summary.scroll_into_view_if_needed()
    summary.click()
    _wait(page, _js("""const box = [...panel.node.querySelectorAll(
              '.jp-MarkdownCell .myst-exercise')][arg]; return box.open;"""),
          ch.name, first, what="the solution opening on a click")
    state = page.evaluate(OPEN_SOLUTION_STATE_JS, [ch.name, first])
    assert state["open"] and state["bodyVisible"], (ch.name, solutions[0]["title"], state)
    page.wait_for_timeout(300)  # the toggle's transition
    page.screenshot(path=str(SCREENSHOTS / f"jupyterlab_{_ids(ch.name)}_solution.png"))


def _visible_numbers(evals):
    return [e for e in evals["results"] if e["visible"] and NUMBER.match(e["plain"])]


@chapters(CHAPTERS)
def test_a_computed_number_is_shown_in_the_prose(chapter):
    ch, run = chapter, chapter.run_all
    results, errors = ch.evals["results"], list(ch.evals["errors"])
    errors = sorted(set(errors + [e["error"] for e in results if e["error"]] + run["failed"]))
    numbers = _visible_numbers(ch.evals)
    unrun = [x for x in ch.source["evals"] if x in ch.evals["codes"]]  # shown as `code`
    stored = sum(e["shown"] for e in ch.evals_on_open["results"])
    print(f"{_ids(ch.name)}: {{eval}} roles in the source: {len(ch.source['evals'])}; "
          f"on opening, stored results shown: {stored}; Run All evaluated "
          f"{run['expressions']} in {run['requests']} requests, "
          f"{run['ok']} ok; results shown: {sum(e['shown'] for e in results)}, visible as "
          f"numbers: {len(numbers)}" + (f"; errors: {errors[:3]}" if errors else "")
          + (f"; not evaluated: {unrun[:3]}" if unrun else ""))
    assert ch.source["evals"], f"{ch.name}: the notebook has no {{eval}} role yet, so its prose " \
                               "shows no computed number in JupyterLab"
    assert not errors, f"{ch.name}: {{eval}} roles that failed: {errors[:10]}"
    assert run["expressions"] == len(ch.source["evals"]), \
        f"{ch.name}: Run All had the kernel evaluate {run['expressions']} {{eval}} expressions, " \
        f"the source has {len(ch.source['evals'])}"
    assert not unrun, f"{ch.name}: {{eval}} roles shown as code, not evaluated: {unrun[:10]}"
    unshown = [(e["expression"], e["plain"]) for e in results if not e["shown"]]
    assert not unshown, f"{ch.name}: {{eval}} results not shown in the prose: {unshown[:10]}"
    assert numbers, f"{ch.name}: no {{eval}} result visible as a number: " \
                    f"{[(e['expression'], e['plain']) for e in results][:10]}"


@chapters(EXPLORER_CHAPTERS)
def test_moving_a_slider_redraws_the_explorer(chapter):
    ch, page = chapter, chapter.page
    before = page.evaluate(EXPLORER_JS, [ch.name, None])
    assert before, f"{ch.name}: no explorer slider (.widget-slider .noUi-handle) in the outputs"
    assert before["src"], f"{ch.name}: the explorer shows no image: {before}"
    handle = page.locator(".jp-NotebookPanel .jp-OutputArea-output .widget-slider .noUi-handle") \
        .first
    handle.scroll_into_view_if_needed()
    handle.focus()
    # one notch down (cheaper to train: fewer steps, a narrower net), or up from the bottom
    key = "ArrowLeft" if float(before["value"]) > float(before["min"]) else "ArrowRight"
    t0 = time.monotonic()
    handle.press(key)
    _wait(page, RETRAINED_JS, ch.name, before["src"], RETRAIN_TIMEOUT_MS,
          f"the explorer's figure redrawn after {key} on its first slider")
    after = page.evaluate(EXPLORER_JS, [ch.name, None])
    print(f"{_ids(ch.name)}: slider {before['readouts']} -> {after['readouts']}, figure redrawn "
          f"in {time.monotonic() - t0:.1f} s")
    assert after["value"] != before["value"], (ch.name, before, after)
    assert after["readouts"] != before["readouts"], (ch.name, before, after)
    assert after["src"] != before["src"]
    errors = [e for c in page.evaluate(CODE_CELLS_JS, [ch.name, None]) for e in c["errors"]
              if ERROR_WORDS.search(e)]
    assert not errors, f"{ch.name}: the retraining raised: {errors[0][-1500:]}"


@chapters(CHAPTERS)
def test_no_request_leaves_the_server(chapter):
    """Checked last, after the clicks and the retraining: JupyterLab asked nothing of the web.
    (The console's errors are printed, not checked: JupyterLab logs some of its own.)"""
    errors = sorted(set(e[:160] for e in chapter.page.console_errors))
    print(f"{_ids(chapter.name)}: {len(chapter.page.console_errors)} console errors"
          + "".join(f"\n    {e}" for e in errors[:5]))
    blocked = sorted(set(chapter.page.blocked_requests))
    assert not blocked, f"{chapter.name}: requests to anywhere but the server: {blocked}"
