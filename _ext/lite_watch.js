/* The book's watch over its JupyterLite copy (issue 14). Loaded by every page of lite/
   (_ext/book_sphinx.py adds it to their index.html), before JupyterLite itself.

   JupyterLite shows a Python that cannot start as a kernel status of "Unknown" and cells
   left at [*], with the reason only in a log. This says it where the reader is looking,
   at the top of the notebook:
   - opened from a file (file://), where JupyterLite cannot run at all: what to do instead;
   - Python's runtime not reachable on the site (checked as the page opens): that it cannot
     start, and why;
   - no kernel after SLOW_S seconds: that the first start is slow, and what it is loading;
     after STUCK_S seconds, that it has not started, and what to try.
   The note goes as soon as the kernel is idle or busy. It needs window.jupyterapp, which
   the site's jupyter-lite.json exposes (exposeAppInBrowser). */
(function () {
  "use strict";
  // The first start loads about 45 MB and takes 25 to 45 s on a 2-core machine
  // (tests/test_lite_browser.py); a slow classroom network can take minutes.
  var SLOW_S = 60, STUCK_S = 240;
  var script = document.currentScript;
  var lite = script ? script.src.replace(/static\/book\/lite_watch\.js(\?.*)?$/, "") : "";

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function note(kind, title, lines) {
    var box = element("div", {
      "class": "book-kernel-note book-kernel-note-" + kind,
      "role": kind === "slow" ? "status" : "alert",
      "style": "position:absolute;top:0;left:0;right:0;z-index:100;margin:8px 16px;" +
        "padding:10px 14px;border:2px solid " + (kind === "slow" ? "#b07d00" : "#b00020") +
        ";border-radius:4px;background:#fff;color:#111;font:14px/1.45 system-ui,sans-serif;" +
        "box-shadow:0 2px 6px rgba(0,0,0,.2)"
    });
    box.appendChild(element("strong", {}, title));
    lines.forEach(function (line) {
      var p = element("p", {"style": "margin:6px 0 0"});
      [].concat(line).forEach(function (part) {
        p.appendChild(typeof part === "string" ? document.createTextNode(part)
          : element("code", {}, part.code));
      });
      box.appendChild(p);
    });
    return box;
  }

  // ---- opened from a file: say so on the page, in place of a blank one
  if (location.protocol === "file:") {
    var here = location.pathname, at = here.lastIndexOf("/lite/");
    var rest = at >= 0 ? here.slice(at + 1) + location.search : "lite/lab/index.html";
    var show = function () {
      var box = note("file", "This copy of JupyterLab cannot run from a file.", [
        "It runs Python in your browser, and browsers allow that only for pages served " +
        "from a web address (http:// or https://), not for files opened from a disk. The " +
        "book's own pages, explorers included, do work from the files.",
        ["To use it on this computer, open a terminal in the folder that holds the book's " +
         "index.html and run ", {code: "python3 -m http.server --bind 127.0.0.1 8000"},
         ", then open ", {code: "http://127.0.0.1:8000/" + rest}, " in the browser."]]);
      box.style.position = "static";
      box.style.maxWidth = "46em";
      document.body.appendChild(box);
    };
    if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
    return;
  }

  // ---- can Python start here at all? Checked once, as the page opens.
  var problem = null;
  if (typeof WebAssembly !== "object") {
    problem = "This browser cannot run WebAssembly, which Python in the page needs. " +
      "Use a recent Chrome, Edge, Firefox or Safari, or the book's pages, which need no Python.";
  } else {
    fetch(lite + "static/pyodide/pyodide.asm.wasm", {method: "HEAD", cache: "no-store"})
      .then(function (r) {
        if (!r.ok) problem = "The Python runtime is missing from this site (" + r.status +
          " for lite/static/pyodide/pyodide.asm.wasm): the site was copied without it, or " +
          "built without it.";
      })
      .catch(function () {
        problem = "The Python runtime could not be fetched from this site " +
          "(lite/static/pyodide/): the connection to the site failed or was blocked.";
      });
  }

  var seen = new WeakMap();
  function panels(app) {
    var out = [], it = app.shell.widgets("main"), next;
    if (typeof it[Symbol.iterator] === "function") {
      for (var w of it) out.push(w);
    } else {
      while ((next = it.next()) !== undefined) out.push(next);
    }
    return out.filter(function (w) { return w.sessionContext && w.content && w.node; });
  }

  function below(panel) {
    return (panel.toolbar ? panel.toolbar.node.offsetHeight : 0) + "px";
  }

  function watch() {
    var app = window.jupyterapp;
    if (!app || !app.shell) return;
    panels(app).forEach(function (panel) {
      var state = seen.get(panel);
      if (!state) { state = {since: Date.now(), shown: null, node: null}; seen.set(panel, state); }
      var session = panel.sessionContext.session;
      var status = session && session.kernel ? session.kernel.status : "none";
      var kind = null;
      if (status === "idle" || status === "busy") state.started = true;
      var waited = (Date.now() - state.since) / 1000;
      if (!state.started) {
        if (problem) kind = "failed";
        else if (waited > STUCK_S) kind = "stuck";
        else if (waited > SLOW_S) kind = "slow";
      }
      if (state.node) state.node.style.top = below(panel);  // the toolbar's height, once laid out
      if (kind === state.shown) return;
      if (state.node) state.node.remove();
      state.node = null;
      state.shown = kind;
      if (!kind) return;
      var box;
      if (kind === "slow") {
        box = note("slow", "Python is still starting.", [
          "The first start in a browser loads Python and numpy, about 45 MB, from this " +
          "site; on a slow network it takes a few minutes. Cells you run now wait for it " +
          "([*]) and run when it is ready. Later starts load it from the browser's cache."]);
      } else {
        box = note("failed", "Python could not start, so the cells cannot run.", [
          kind === "failed" ? problem
            : "It has not started after " + Math.round(waited) + " s. The network may be " +
              "too slow or the browser short of memory.",
          "Try reloading the page. The book's pages show every result and their " +
          "explorers work with no Python; they are the fallback."]);
      }
      box.style.top = below(panel);
      panel.node.appendChild(box);
      state.node = box;
    });
  }
  setInterval(watch, 1000);
})();
