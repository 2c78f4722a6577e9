"""The JupyterLite copy: built with the book, every notebook and the helpers where the import
needs them, the widget manager and the Pyodide kernel included, and a launch link per chapter.

What needs the network (Pyodide itself, from a CDN, at run time) cannot be tested here; the
README says what is fetched and from where.
"""

import json
import sys
import types

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from conftest import ROOT

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
                 "plots.py", "data.py", "seed_port.py", "exercises/__init__.py",
                 "exercises/ch6.py", "datasets/optdigits.csv.gz"):
        assert (files / "helpers" / name).read_bytes() == (ROOT / "helpers" / name).read_bytes()


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
