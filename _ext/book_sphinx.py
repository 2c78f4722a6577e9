"""A small Sphinx extension for the book's build (_config.yml loads it from _ext/).

It is build tooling, so it lives outside ``helpers/``, the package the chapters import.

* MathJax is served from the book's own files, not a CDN, so the maths
  renders offline and behind firewalls. The files come from the PyPI package
  django-static-mathjax (MathJax 3.2.2, Apache-2.0), a plain copy of
  MathJax's ``es5`` folder; only what the book's pages load is copied.
* Explorers (helpers/explore/) render as static HTML in the book: the
  build sets NN_BOOK_STATIC=1, which the notebooks' kernels inherit.
* A JupyterLite copy of the notebooks is built into lite/ (Pyodide in the
  reader's browser, no server), with helpers/ beside the notebooks, and Pyodide
  with every package the notebooks import served from lite/static/pyodide/
  (lite_python.py, checked against jupyterlite_python.toml): no CDN, no PyPI.
* The pages' ``.ipynb`` downloads are plain-Markdown copies of the chapters
  (_ext/plain_notebooks.py), readable in any Jupyter, Colab included; the Colab
  buttons open the same copies on the branch ``book_colab_branch``, which the
  publishing workflow pushes.
* BOOK_HIDE_SOLUTIONS=1 drops every exercise solution, and the cells that compute or
  check the answers, from the pages, the downloads and the JupyterLite copy; its Binder and
  Colab buttons open the branches book_student_branch and book_colab_student_branch
  (tools/student_branches.py makes them), for a copy handed to a class::

      BOOK_HIDE_SOLUTIONS=1 jupyter-book build . -W -n --keep-going
"""

import json
import os
import pathlib
import re
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
    app.add_role("eval", _glued_eval_role(), override=True)  # after myst-nb's own
    # The notebooks' kernels inherit this: explorers then render as static
    # HTML with their precomputed grid (helpers/explore/), not as widgets.
    from helpers.explore import STATIC_ENV

    os.environ[STATIC_ENV] = "1"
    # One BLAS thread per kernel: numpy's second thread costs more than it brings on the book's
    # small matrices (a clean build took 78 s with two, 65 s with one). The notebooks'
    # numbers are the same with one thread as with two (every stored output compared equal).
    for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(threads, "1")
    import numeric_env  # beside this file: the same vector code on every x86-64 machine

    numeric_env.apply()


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


# The book's helpers, installed in the JupyterLite kernel as a wheel built from this
# repository: the notebooks' folder in the kernel (book/, with a copy of helpers/ for reading)
# is there only when the browser runs JupyterLite's service worker, which it does only in a
# secure context (https, or localhost). A class served from a laptop at http://192.168.x.y
# gets no service worker, and `from helpers import net` would find no helpers.
HELPERS_WHEEL = "nn-from-scratch-book-helpers"
# The kernel's settings in the JupyterLite copy: never PyPI, only what the site serves; and
# Pyodide loads these packages as it starts, side by side. The kernel needs the first six;
# numpy and matplotlib because helpers/ imports them inside its modules, where Pyodide's scan
# of a cell's imports (which loads a package when a cell imports it) does not look: a chapter
# whose first import is `from helpers import data` would get "No module named 'numpy'".
LITE_PRELOAD = ["micropip", "ssl", "sqlite3", "comm", "jedi", "ipython", "numpy", "matplotlib",
                "ipywidgets", HELPERS_WHEEL]
LITE_SETTINGS = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {"exposeAppInBrowser": True, "litePluginSettings": {
        "@jupyterlite/pyodide-kernel-extension:kernel": {
            "disablePyPIFallback": True, "loadPyodideOptions": {"packages": LITE_PRELOAD}},
    }},
}
# Files that JupyterLite's contents must hand over as bytes: the build's index labels a
# .csv.gz text/csv (Python's mimetypes reads it as compressed CSV), and the browser then
# decodes the gzip stream as text, which corrupts it before the kernel reads it.
LITE_BINARY_SUFFIXES = {".gz": "application/gzip"}


def _lite_build(src, out, tmp, log, solutions=True, languages=None):
    """Everything the JupyterLite copy needs, in the temporary folder ``tmp``, then its build
    into ``out``; downloads are cached beside the HTML folder (_build/.lite_downloads/).
    ``solutions=False``: its notebooks have none (_lite_without_solutions), and its helpers
    have the student exercises (_ext/student_exercises.py)."""
    import lite_python  # beside this file, on the path as Sphinx's local extensions are
    import student_exercises

    src, out = pathlib.Path(src).resolve(), pathlib.Path(out).resolve()
    content = tmp / "content" / "book"
    content.mkdir(parents=True)
    for nb in sorted((src / "book").glob("*.ipynb")):
        shutil.copy2(nb, content / nb.name)
    # each other edition's notebooks in its folder (zh/book/), their Markdown in its words
    # from its catalogues (_ext/book_i18n.py); the kernel imports helpers from the wheel
    for folder in _translated_notebooks(src, tmp / "content", languages or {}):
        if not solutions:
            _lite_without_solutions(folder)
    if not solutions:
        _lite_without_solutions(content)
    shutil.copytree(src / "helpers", content / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if not solutions:  # helpers/exercises/ computes the answers; the student form hashes them
        student_exercises.write_student_exercises(content / "helpers" / "exercises")
    # Pyodide and its packages, where jupyterlite-pyodide-kernel looks for a local copy
    lite_python.assemble(tmp / "static" / "pyodide", out.parent.parent / ".lite_downloads",
                         local_wheels=[(_helpers_wheel(src, tmp, not solutions), ["helpers"], ["numpy"])])
    (tmp / "jupyter-lite.json").write_text(json.dumps(LITE_SETTINGS, indent=1))
    done = subprocess.run(
        [sys.executable, "-m", "jupyter", "lite", "build", "--no-sourcemaps", "--contents",
         str(content.parent), "--output-dir", str(out)],
        cwd=tmp, stdout=log, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError("jupyter lite build failed")
    _label_binary_contents(out)
    _add_watch(out)


def _translated_notebooks(src, content, languages):
    """Write every chapter of each edition in ``languages`` into content/<folder>/book/;
    return those folders."""
    import book_i18n
    import nbformat

    folders = []
    for lang, settings in languages.items():
        folder = content / settings["folder"] / "book"
        folder.mkdir(parents=True)
        for nb in sorted((src / "book").glob("*.ipynb")):
            messages = book_i18n.catalogue(src, lang, f"book/{nb.stem}")
            translated, _ = book_i18n.translate_notebook(nbformat.read(nb, as_version=4),
                                                         messages)
            nbformat.write(translated, folder / nb.name)
        folders.append(folder)
    return folders


# The book's note in the notebook when Python cannot start (or when the copy is opened from a
# file), beside this file; every page of the copy loads it before JupyterLite's own scripts.
LITE_WATCH = pathlib.Path(__file__).with_name("lite_watch.js")


def _add_watch(out):
    (out / "static" / "book").mkdir(parents=True, exist_ok=True)
    shutil.copy2(LITE_WATCH, out / "static" / "book" / LITE_WATCH.name)
    pages = [page for page in out.rglob("index.html") if "config-utils.js" in page.read_text()]
    if not pages:
        raise RuntimeError("no page of the JupyterLite copy loads config-utils.js")
    for page in pages:
        html = page.read_text()
        src = pathlib.PurePosixPath(os.path.relpath(out / "static" / "book", page.parent))
        tag = f'<script src="{src / LITE_WATCH.name}"></script>\n'
        if "<head>" not in html:
            raise RuntimeError(f"{page}: no <head>")
        page.write_text(html.replace("<head>", "<head>\n    " + tag, 1))


def _helpers_wheel(src, tmp, student=False):
    """helpers/ as a wheel, built by pip from pyproject.toml as Colab's install is (from a
    copy of the two, so no build folder of an earlier build can slip a stale file in); with
    the student exercises when ``student``."""
    wheels, copy = tmp / "wheels", tmp / "helpers_src"
    copy.mkdir()
    shutil.copy2(src / "pyproject.toml", copy)
    shutil.copytree(src / "helpers", copy / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    if student:
        import student_exercises

        student_exercises.write_student_exercises(copy / "helpers" / "exercises")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(copy)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pip wheel of helpers/ failed:\n{done.stderr[-2000:]}")
    (wheel,) = wheels.glob(f"{HELPERS_WHEEL.replace('-', '_')}-*.whl")
    return wheel


def _lite_without_solutions(folder):
    """The notebooks in ``folder`` rewritten without their solutions, nor the cells that compute
    or check them (plain_notebooks.solution_free); their MyST is kept, which JupyterLite renders
    with jupyterlab-myst as on the student branch."""
    import nbformat
    from plain_notebooks import solution_free  # beside this file

    for path in sorted(pathlib.Path(folder).glob("*.ipynb")):
        nbformat.write(solution_free(nbformat.read(path, as_version=4)), path)


def _label_binary_contents(out):
    for index in (out / "api" / "contents").rglob("all.json"):
        listing = json.loads(index.read_text())
        changed = False
        for entry in listing.get("content") or []:
            mime = LITE_BINARY_SUFFIXES.get(pathlib.PurePath(entry["name"]).suffix)
            if entry.get("type") == "file" and mime and entry.get("mimetype") != mime:
                entry["mimetype"], changed = mime, True
        if changed:
            index.write_text(json.dumps(listing, indent=2, sort_keys=True))


def _start_jupyterlite(app):
    """A zero-server copy of the notebooks at lite/: JupyterLab running on Pyodide in the
    reader's browser. Its contents are book/*.ipynb and, beside them, book/helpers/, so
    `from helpers import net` works from the notebooks' folder as everywhere else. Pyodide
    and every package the notebooks import are served from lite/static/pyodide/
    (_ext/lite_python.py): the copy asks no other host for anything.

    It needs only the source files, so it is started here, when the build begins, and runs
    beside the notebooks' execution (which keeps one core busy): that takes its time off a
    clean build. _finish_jupyterlite waits for it."""
    if app.builder.format != "html" or not app.config.book_jupyterlite:
        return
    import threading

    src = pathlib.Path(app.srcdir)
    out = pathlib.Path(app.outdir) / "lite"
    tmp = tempfile.TemporaryDirectory()
    if out.exists():
        shutil.rmtree(out)
    log = open(pathlib.Path(tmp.name) / "lite.log", "w+")
    failure = []

    def run():
        try:
            _lite_build(src, out, pathlib.Path(tmp.name), log,
                        solutions=not getattr(app.config, "hide_solutions", False),
                        languages=app.config.book_languages)
        except Exception as error:  # reported by _finish_jupyterlite, in the main thread
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    app._book_jupyterlite = (thread, failure, log, tmp)


def _finish_jupyterlite(app, exception):
    started = getattr(app, "_book_jupyterlite", None)
    if started is None:
        return
    thread, failure, log, tmp = started
    app._book_jupyterlite = None
    try:
        thread.join()
        if exception is None and failure:
            log.seek(0)
            raise RuntimeError(f"the JupyterLite copy failed: {failure[0]}\n"
                               + log.read()[-4000:])
    finally:
        log.close()
        tmp.cleanup()


def _run_notebook(path, timeout):
    """Execute one notebook in its own folder, as myst-nb does; in a worker process."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(path.parent), allow_errors=False, timeout=timeout,
                                 meta_override=True)
    error = None if result.err is None else f"{result.err.__class__.__name__}: {result.err}"
    return nb, result.time, error


def _execute_in_parallel(app):
    """Run the book's notebooks two at a time, and hand myst-nb their outputs.

    Jupyter Book 1 runs notebooks one after another; on two cores this runs two at once
    (benchmarks/bench_build.py measures the build). _config.yml asks myst-nb for its
    "cache" mode, and this fills that cache with a fresh run of every notebook before
    myst-nb reads any. The cache is emptied first, on every build, because its key is a
    notebook's code cells alone and would not see a change to helpers/. A notebook that
    fails here is left out of the cache, so myst-nb runs it again itself and fails the
    build with the notebook's own error.
    """
    config = app.config
    if getattr(config, "nb_execution_mode", None) != "cache":  # no myst-nb, or not asked for
        return
    import book_i18n  # beside this file

    if book_i18n.is_translation(config):
        # another edition, built after the English one: it reads the outputs the English run
        # has just put in the cache (a notebook missing there is run by myst-nb itself)
        return
    from concurrent.futures import ProcessPoolExecutor

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    cache_path = pathlib.Path(config.nb_execution_cache_path or ".jupyter_cache").resolve()
    src = pathlib.Path(app.srcdir).resolve()
    if cache_path.name != ".jupyter_cache" or cache_path in (src, *src.parents):
        raise RuntimeError(f"execute: cache must name a folder .jupyter_cache (it is emptied on "
                           f"every build); got {cache_path}")
    shutil.rmtree(cache_path, ignore_errors=True)
    cache = get_cache(str(cache_path))
    notebooks = sorted(src.glob("book/*.ipynb"))
    # the longest first, so that the two workers finish at about the same time
    notebooks.sort(key=lambda p: -len(json.loads(p.read_text())["cells"]))
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = {path: pool.submit(_run_notebook, path, config.nb_execution_timeout)
                for path in notebooks}
        for path, run in runs.items():
            nb, seconds, error = run.result()
            if error is not None:
                logger.info(f"{path}: failed in the parallel run ({error}); myst-nb runs it")
                continue
            stage = cache.add_nb_to_project(str(path))
            cache.cache_notebook_bundle(CacheBundleIn(nb, stage.uri,
                                                      data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            logger.info(f"{path}: Executed notebook in {seconds:.2f} seconds [parallel]")


def _glued_eval_role():
    """The role for {eval}`glued("key", ".4f")` in the book: myst-nb's {glue:text}`key:.4f`.

    In Jupyter, jupyterlab-myst evaluates the expression in the kernel (helpers.glue.glued);
    myst-nb could only evaluate it with a kernel running while the page is parsed (its
    "inline" execution mode, one notebook after another). The book executes its notebooks
    into a cache, two at a time, so here the expression is read, not run: it must be a call
    of glued(), and the glued value is pasted as {glue:text} pastes it.
    """
    from myst_nb.ext.glue.roles import PasteTextRole

    from helpers.glue import glued_call

    class GluedRole(PasteTextRole):
        def run(self):
            found = glued_call(self.text)
            if found is None:
                msg = self.inliner.reporter.error(
                    f"the book's {{eval}} takes only glued(\"key\") or glued(\"key\", "
                    f"\"format\"); got {self.text!r}", line=self.lineno)
                return [], [msg]
            self.text = "{}:{}".format(*found)
            # A translated message (the Chinese edition) is parsed by Sphinx as a document of
            # its own, without the notebook's outputs: its numbers are its page's, which the
            # page's own parse (always first, in English) keeps here.
            document = self.inliner.document
            temp = document.settings.env.temp_data
            here = document.get("nb_renderer")
            if found[0] in _glue_data(here):
                temp[_NB_RENDERER] = here
            elif temp.get(_NB_RENDERER) is not None:
                # lent for this role alone: the message's nodes go into the page's doctree,
                # which is pickled, and a renderer is not
                document["nb_renderer"] = temp[_NB_RENDERER]
                try:
                    return super().run()
                finally:
                    if here is None:
                        del document["nb_renderer"]
                    else:
                        document["nb_renderer"] = here
            return super().run()

    return GluedRole()


_NB_RENDERER = "book_nb_renderer"


def _glue_data(renderer):
    return renderer.renderer.nb_client.glue_data if renderer is not None else {}


JUPYTER_FRONTMATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def _drop_jupyter_frontmatter(app, docname, source):
    """A chapter's first Markdown cell opens with a front-matter block for jupyterlab-myst
    (exercise c.k numbered as here, equations unnumbered as here), which myst-nb would print
    as text: the book reads each notebook without it."""
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    nb = json.loads(source[0])
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            cell["source"] = JUPYTER_FRONTMATTER.sub("", text, count=1)
            break
    source[0] = json.dumps(nb)


def colab_branch(config):
    """The branch the build's Colab buttons and its copies' links open: book_colab_branch, or
    in the solution-free build book_colab_student_branch (both pushed by the workflow)."""
    hide = getattr(config, "hide_solutions", False)  # sphinx-exercise's option
    return config.book_colab_student_branch if hide else config.book_colab_branch


def _launch_buttons_to_branches(app, pagename, templatename, context, doctree):
    """The Colab button opens the chapter's plain copy, on the branch colab_branch() (the
    workflow pushes it): Colab renders no MyST. In the solution-free build, the Binder button
    opens the branch book_student_branch, the chapters without solutions, and so does the
    repository button (the branch's tree, not main's). sphinx-book-theme
    made the URLs for the branch of repository.branch, .../blob/<branch>/book/<name>.ipynb and
    .../v2/gh/OWNER/NAME/<branch>?urlpath=...; only the branch changes."""
    found = {"Colab": [], "Binder": []}
    repository = app.config.html_theme_options.get("repository_url", "").rstrip("/")
    repository_buttons = []

    def walk(buttons):
        for button in buttons:
            if isinstance(button, dict):
                if button.get("text") in found:
                    found[button["text"]].append(button)
                if repository and button.get("url", "").rstrip("/") == repository:
                    repository_buttons.append(button)
                walk(button.get("buttons", []))

    walk(context.get("header_buttons", []))
    if getattr(app.config, "hide_solutions", False):
        # the repository button too: its main branch has the solutions, the student branch none
        for button in repository_buttons:
            button["url"] = f"{repository}/tree/{app.config.book_student_branch}"
    ours = app.config.html_theme_options.get("repository_branch") or "master"
    branches = {"Colab": (f"/blob/{ours}/", colab_branch(app.config))}
    if getattr(app.config, "hide_solutions", False):
        branches["Binder"] = (f"/{ours}?", app.config.book_student_branch)
    for text, (theirs, branch) in branches.items():
        for button in found[text] if branch else []:
            if theirs not in button["url"]:
                raise RuntimeError(f"{pagename}: a {text} URL without {theirs!r}: "
                                   f"{button['url']}")
            button["url"] = button["url"].replace(theirs, theirs.replace(ours, branch), 1)


def _plain_downloads(app, exception):
    """Each chapter's .ipynb download (_sources/book/<name>.ipynb) becomes its plain copy (its
    links to other chapters open their Colab copies), with no solutions, nor the cells that
    compute or check them, when the build hides them."""
    if exception is not None or app.builder.format != "html":
        return
    import book_i18n
    import nbformat
    from plain_notebooks import colab_url_of, plain_notebook  # beside this file

    sources = pathlib.Path(app.outdir) / "_sources"
    options = app.config.html_theme_options
    for docname in app.env.found_docs:
        if chapter_of(docname) is None:
            continue
        folder = docname.rpartition("/")[0]
        branch = colab_branch(app.config)
        if book_i18n.is_translation(app.config) and not app.config.hide_solutions:
            branch = app.config.book_languages[app.config.language]["colab_branch"]
        link_base = colab_url_of(options.get("repository_url"), branch, folder)
        nb = nbformat.read(app.env.doc2path(docname), as_version=4)
        if book_i18n.is_translation(app.config):  # the chapter's Markdown in this edition's words
            nb, _ = book_i18n.translate_notebook(
                nb, book_i18n.catalogue(app.srcdir, app.config.language, docname))
        plain = plain_notebook(nb, link_base, solutions=not app.config.hide_solutions)
        if book_i18n.is_translation(app.config):
            plain = book_i18n.localise_plain(plain, app.config.language)
        nbformat.write(plain, sources / f"{docname}.ipynb")


def chapter_of(docname):
    """The chapter number of a chapter's page ("book/03_dropout" -> 3), or None for the others."""
    name = docname.rsplit("/", 1)[-1]
    head = name.split("_", 1)[0]
    return int(head) if head.isdigit() and "_" in name else None


def _number_exercises_by_chapter(app, env):
    """Exercise k of chapter c is "Exercise c.k" (Sphinx would count across the whole book,
    from the first chapter on as 1): the name it has in the notebook and in its self-check."""
    for docname, numbers in env.toc_fignumbers.items():
        chapter, exercises = chapter_of(docname), numbers.get("exercise")
        if chapter is None or not exercises:
            continue
        in_order = sorted(exercises, key=exercises.get)
        numbers["exercise"] = {target: (chapter, k) for k, target in enumerate(in_order, 1)}
    return []


def setup(app):
    # last, after every extension has added its scripts
    app.connect("html-page-context", _dedupe_scripts, priority=999)
    # _config.yml turns the JupyterLite copy on (it needs book/ and helpers/ in the source)
    app.add_config_value("book_jupyterlite", False, "html")
    app.connect("config-inited", _configure)
    app.connect("build-finished", _copy_mathjax)
    app.connect("builder-inited", _start_jupyterlite)
    app.connect("builder-inited", _execute_in_parallel)
    app.connect("build-finished", _finish_jupyterlite)
    # the Colab branch _ext/plain_notebooks.py --colab makes and the workflow pushes; and the
    # branches the solution-free build's Colab and Binder buttons open (tools/student_branches.py)
    app.add_config_value("book_colab_branch", "", "html")
    app.add_config_value("book_colab_student_branch", "", "html")
    app.add_config_value("book_student_branch", "", "html")
    app.connect("html-page-context", _launch_buttons_to_branches, priority=600)
    app.connect("build-finished", _plain_downloads)
    app.connect("source-read", _drop_jupyter_frontmatter)
    # after Sphinx's own numbering (TocTreeCollector, priority 500)
    app.connect("env-get-updated", _number_exercises_by_chapter, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
