"""A small Sphinx extension for the book's build (listed in _config.yml).

* MathJax is served from the book's own files, not a CDN, so the maths
  renders offline and behind firewalls. The files come from the PyPI package
  django-static-mathjax (MathJax 3.2.2, Apache-2.0), a plain copy of
  MathJax's ``es5`` folder; only what the book's pages load is copied.
* Explorers (helpers/explore.py) render as static HTML in the book: the
  build sets NN_BOOK_STATIC=1, which the notebooks' kernels inherit.
* A JupyterLite copy of the notebooks is built into lite/ (Pyodide in the
  reader's browser, no server), with helpers/ beside the notebooks.
* BOOK_HIDE_SOLUTIONS=1 drops every exercise solution, for a copy handed to
  a class::

      BOOK_HIDE_SOLUTIONS=1 jupyter-book build . -W -n --keep-going
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

MATHJAX_ENTRY = "tex-mml-chtml.js"


def _mathjax_source():
    import mathjax  # the django-static-mathjax package

    return pathlib.Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def _configure(app, config):
    if os.environ.get("BOOK_HIDE_SOLUTIONS", "0").strip().lower() not in ("", "0", "false", "no"):
        config.hide_solutions = True
    config.mathjax_path = f"mathjax/{MATHJAX_ENTRY}"
    # The notebooks' kernels inherit this: explorers then render as static
    # HTML with their precomputed grid (helpers/explore.py), not as widgets.
    from helpers.explore import STATIC_ENV

    os.environ[STATIC_ENV] = "1"


def _copy_mathjax(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    src = _mathjax_source()
    dest = pathlib.Path(app.outdir) / "_static" / "mathjax"
    if dest.exists():
        shutil.rmtree(dest)
    # The entry point, plus the folders it loads from on demand (TeX
    # extensions, fonts, the accessibility menu). The other combined entry
    # points (tex-svg.js, ...) are never loaded, so they are left out.
    shutil.copytree(src, dest, ignore=lambda d, names: [
        n for n in names if pathlib.Path(d) == src and n.endswith(".js") and n != MATHJAX_ENTRY
    ])


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    """Drop repeated inline scripts: sphinx-thebe adds its settings twice under
    Jupyter Book 1, and the second copy throws "THEBE_JS_URL has already been
    declared" in every reader's console."""
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # the copies differ only in filename None against "" (no file, an inline body)
        key = (getattr(script, "filename", str(script)) or "",
               str(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _start_jupyterlite(app):
    """A zero-server copy of the notebooks at lite/: JupyterLab running on Pyodide in the
    reader's browser. Its contents are book/*.ipynb and, beside them, book/helpers/, so
    `from helpers import net` works from the notebooks' folder as everywhere else.

    It needs only the source files, so it is started here, when the build begins, and runs
    beside the notebooks' execution (which keeps one core busy): that takes its 4 to 5 s
    off a clean build. _finish_jupyterlite waits for it."""
    if app.builder.format != "html" or not app.config.book_jupyterlite:
        return
    src = pathlib.Path(app.srcdir)
    out = pathlib.Path(app.outdir) / "lite"
    tmp = tempfile.TemporaryDirectory()
    content = pathlib.Path(tmp.name) / "content" / "book"
    content.mkdir(parents=True)
    for nb in sorted((src / "book").glob("*.ipynb")):
        shutil.copy2(nb, content / nb.name)
    shutil.copytree(src / "helpers", content / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__", "book_sphinx.py"))
    if out.exists():
        shutil.rmtree(out)
    log = open(pathlib.Path(tmp.name) / "lite.log", "w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lite", "build", "--contents",
         str(content.parent), "--output-dir", str(out)],
        cwd=tmp.name, stdout=log, stderr=subprocess.STDOUT, text=True)
    app._book_jupyterlite = (process, log, tmp)


def _finish_jupyterlite(app, exception):
    started = getattr(app, "_book_jupyterlite", None)
    if started is None:
        return
    process, log, tmp = started
    app._book_jupyterlite = None
    try:
        if exception is not None:
            process.kill()
            process.wait()
            return
        if process.wait() != 0:
            log.seek(0)
            raise RuntimeError("jupyter lite build failed:\n" + log.read()[-4000:])
    finally:
        log.close()
        tmp.cleanup()


def setup(app):
    # last, after every extension has added its scripts
    app.connect("html-page-context", _dedupe_scripts, priority=999)
    # _config.yml turns the JupyterLite copy on (it needs book/ and helpers/ in the source)
    app.add_config_value("book_jupyterlite", False, "html")
    app.connect("config-inited", _configure)
    app.connect("build-finished", _copy_mathjax)
    app.connect("builder-inited", _start_jupyterlite)
    app.connect("build-finished", _finish_jupyterlite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
