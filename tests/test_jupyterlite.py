"""The JupyterLite copy: built with the book, every notebook and the helpers where the import
needs them, the widget manager and the Pyodide kernel included, and a launch link per chapter;
Pyodide and every package served from the site itself, each file as _ext/jupyterlite_python.toml
says (sha256), with no fallback to PyPI. tests/test_lite_browser.py runs chapters in it.
"""

import hashlib
import json
import zipfile
import sys
import tomllib
import types

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from conftest import ROOT

SOURCES = tomllib.loads((ROOT / "_ext" / "jupyterlite_python.toml").read_text())

CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))


@pytest.fixture(scope="module")
def lite(built_book):
    return built_book / "lite"


def test_the_site_is_built(lite):
    assert (lite / "index.html").exists()
    assert (lite / "lab" / "index.html").exists()
    config = json.loads((lite / "jupyter-lite.json").read_text())
    assert config["jupyter-config-data"]["appName"]


def test_every_notebook_and_the_helpers_are_in_it(lite):
    files = lite / "files" / "book"
    for path in CHAPTERS:
        shipped = nbformat.read(files / path.name, as_version=4)
        assert [c.source for c in shipped.cells] == \
            [c.source for c in nbformat.read(path, as_version=4).cells]
    # beside the notebooks, so `from helpers import net` works from their folder
    for name in ("__init__.py", "net.py", "checks.py", "explore/__init__.py", "explore/engine.py",
                 "explore/explorer.js", "explore/explorer.css", "glue.py",
                 "plots.py", "data.py", "seed_port.py", "defences.py", "exercises/__init__.py",
                 "exercises/ch6.py", "datasets/optdigits.csv.gz"):
        assert (files / "helpers" / name).read_bytes() == (ROOT / "helpers" / name).read_bytes()


def _chinese_share(nb):
    text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) / max(len(text), 1)


def test_the_chinese_notebooks_are_in_it(lite):
    """The Chinese edition's notebooks, in zh/book/: each chapter's code cells and outputs the
    English notebook's, its Markdown in Chinese (made at build time from the catalogues)."""
    for path in CHAPTERS:
        english = nbformat.read(path, as_version=4)
        chinese = nbformat.read(lite / "files" / "zh" / "book" / path.name, as_version=4)
        assert [c.cell_type for c in chinese.cells] == [c.cell_type for c in english.cells]
        assert [c for c in chinese.cells if c.cell_type == "code"] == \
            [c for c in english.cells if c.cell_type == "code"], path.stem
        assert _chinese_share(english) < 0.01, path.stem  # the English quotes the post here and there
        assert _chinese_share(chinese) > 0.1, (path.stem, _chinese_share(chinese))
    listing = json.loads((lite / "api" / "contents" / "zh" / "book" / "all.json").read_text())
    assert {e["name"] for e in listing["content"]} >= {p.name for p in CHAPTERS}


def test_each_chinese_chapter_opens_its_chinese_notebook(built_book):
    """The Chinese pages' JupyterLite button: the one copy (at the site's root), its zh/book/."""
    for path in CHAPTERS:
        html = (built_book / "zh" / "book" / f"{path.stem}.html").read_text()
        assert f'href="../../lite/lab/index.html?path=zh/book/{path.name}"' in html, path.stem
        assert (built_book / "lite" / "files" / "zh" / "book" / path.name).exists()


def test_the_kernel_and_the_widget_manager_are_included(lite):
    ext = lite / "extensions"
    assert (ext / "@jupyterlite" / "pyodide-kernel-extension").is_dir()
    assert (ext / "@jupyter-widgets" / "jupyterlab-manager").is_dir()


def test_each_chapter_has_a_jupyterlite_button(built_book):
    for path in CHAPTERS:
        html = (built_book / "book" / f"{path.stem}.html").read_text()
        assert f'href="../lite/lab/index.html?path=book/{path.name}"' in html, path.stem


def test_first_cell_installs_the_widgets_in_pyodide(monkeypatch):
    source = nbformat.read(CHAPTERS[0], as_version=4).cells[1].source
    calls = []
    shell = types.SimpleNamespace(run_line_magic=lambda name, line: calls.append((name, line)))
    monkeypatch.setitem(sys.modules, "pyodide", types.ModuleType("pyodide"))
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(TransformerManager().transform_cell(source), {"get_ipython": lambda: shell})
    assert calls == [("pip", "install -q ipywidgets")]


def _kernel_settings(lite):
    config = json.loads((lite / "jupyter-lite.json").read_text())["jupyter-config-data"]
    return config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]


def test_pyodide_is_served_from_the_site_and_pypi_is_never_asked(lite):
    settings = _kernel_settings(lite)
    assert settings["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert settings["disablePyPIFallback"] is True
    assert all(not url.startswith(("http:", "https:", "//")) for url in settings["pipliteUrls"])


def test_every_served_python_file_is_the_one_the_repository_names(lite):
    """The lock names only files in the site, each with the sha256 of the repository's list,
    and the folder holds nothing else (but the runtime's files and the licences)."""
    folder = lite / "static" / "pyodide"
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    expected = {e["file"]: e["sha256"] for e in SOURCES["packages"]["files"].values()}
    expected |= {e["file"]: e["sha256"] for e in SOURCES["extra"].values()}
    # and the book's own helpers, built from this repository (its sha256 is checked below)
    helpers = lock["packages"]["nn-from-scratch-book-helpers"]
    expected[helpers["file_name"]] = hashlib.sha256(
        (folder / helpers["file_name"]).read_bytes()).hexdigest()
    assert {p["file_name"]: p["sha256"] for p in lock["packages"].values()} == expected
    runtime = {name: sha for name, sha in SOURCES["pyodide"]["files"].items()
               if name != "pyodide-lock.json"}
    served = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert served.pop("pyodide-lock.json") and served.pop("LICENSES.md")
    assert served == expected | runtime
    assert lock["info"]["version"] == SOURCES["pyodide"]["npm"].split("@")[1]
    names = {p["name"] for p in lock["packages"].values()}
    for needed in ("numpy", "matplotlib", "ipywidgets", "comm", "micropip", "ipython"):
        assert needed in names, needed


def test_the_kernel_has_the_repository_helpers_without_the_notebooks_folder(lite):
    """helpers/ is in the kernel's site-packages, from a wheel of this repository's files, and
    loaded as the kernel starts: on a laptop served to the room's network (not a secure
    context) the kernel gets no notebooks' folder, and `from helpers import net` needs it."""
    folder = lite / "static" / "pyodide"
    entry = json.loads((folder / "pyodide-lock.json").read_text())["packages"][
        "nn-from-scratch-book-helpers"]
    assert entry["imports"] == ["helpers"] and entry["depends"] == ["numpy"]
    wheel = zipfile.ZipFile(folder / entry["file_name"])
    assert hashlib.sha256((folder / entry["file_name"]).read_bytes()).hexdigest() == \
        entry["sha256"]
    ours = {p.relative_to(ROOT).as_posix(): p.read_bytes() for p in (ROOT / "helpers").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}
    assert {name: wheel.read(name) for name in wheel.namelist() if name.startswith("helpers/")} \
        == ours
    assert "nn-from-scratch-book-helpers" in _kernel_settings(lite)["loadPyodideOptions"][
        "packages"]


def test_every_page_of_the_copy_says_when_python_cannot_start(lite):
    """Each page of the copy loads the book's note (lite_watch.js) before JupyterLite, and the
    site exposes window.jupyterapp, which the note reads."""
    pages = [p for p in lite.rglob("index.html") if "config-utils.js" in p.read_text()]
    assert {p.parent.name for p in pages} >= {"lab", "notebooks", "tree", "lite"}
    for page in pages:
        html = page.read_text()
        tag = html.index("lite_watch.js")
        assert tag < html.index("config-utils.js"), page
        src = html[html.rindex('"', 0, tag) + 1:html.index('"', tag)]
        assert (page.parent / src).resolve() == (lite / "static/book/lite_watch.js").resolve()
    assert (lite / "static/book/lite_watch.js").read_bytes() == \
        (ROOT / "_ext/lite_watch.js").read_bytes()
    config = json.loads((lite / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert config["exposeAppInBrowser"] is True


def test_the_licence_of_everything_served_is_recorded(lite):
    text = (lite / "static" / "pyodide" / "LICENSES.md").read_text()
    for name, entry in [*SOURCES["packages"]["files"].items(), *SOURCES["extra"].items()]:
        assert entry["licence"] and f"| {name} " in text, name
    assert "MPL-2.0" in text  # Pyodide's own


def test_the_digits_reach_the_kernel_as_bytes(lite):
    """JupyterLite hands a file over as text when its index says text/...: the gzip must be
    labelled as gzip, or the browser decodes it as UTF-8 and corrupts it."""
    index = json.loads((lite / "api" / "contents" / "book" / "helpers" / "datasets"
                        / "all.json").read_text())
    entry = next(e for e in index["content"] if e["name"] == "optdigits.csv.gz")
    assert entry["mimetype"] == "application/gzip"


@pytest.mark.parametrize("table, name", [("pyodide", "pyodide.js"), ("packages", "numpy")])
def test_a_file_with_another_sha256_fails_the_build(built_book, tmp_path, monkeypatch, table, name):
    """The build's downloads (cached by the build above, so nothing is fetched here) are
    checked: a file whose sha256 is not the list's stops it."""
    monkeypatch.syspath_prepend(str(ROOT / "_ext"))
    import lite_python

    text = (ROOT / "_ext" / "jupyterlite_python.toml").read_text()
    files = SOURCES[table]["files"]
    sha = files[name] if table == "pyodide" else files[name]["sha256"]
    (tmp_path / "sources.toml").write_text(text.replace(sha, "0" * 64))
    with pytest.raises(RuntimeError, match="sha256"):
        lite_python.assemble(tmp_path / "out", built_book.parent / ".lite_downloads",
                             sources=tmp_path / "sources.toml")
