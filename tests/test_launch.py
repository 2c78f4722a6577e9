"""Launching a chapter: Binder and Colab buttons, and the Colab setup cell."""

import pathlib
import re
import sys
import types

import nbformat
import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager

from conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = CONFIG["repository"]["url"]
OWNER_NAME = REPO.removeprefix("https://github.com/")
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_colab_cell_installs_from_the_configured_repository(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].get("id") == "colab-setup", "the Colab cell must run before any import"
    assert f"git+{REPO}\"" in code[0].source
    assert "remove-cell" in code[0].metadata.get("tags", [])


def _run_cell(source, on_colab, monkeypatch):
    calls = []
    shell = types.SimpleNamespace(run_line_magic=lambda name, line: calls.append((name, line)))
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    python = TransformerManager().transform_cell(source)
    exec(python, {"get_ipython": lambda: shell})
    return calls


def test_colab_cell_does_nothing_elsewhere_and_installs_on_colab(monkeypatch):
    source = nbformat.read(CHAPTERS[0], as_version=4).cells[1].source
    assert _run_cell(source, False, monkeypatch) == []
    calls = _run_cell(source, True, monkeypatch)
    assert len(calls) == 1 and calls[0][0] == "pip" and REPO in calls[0][1]


def test_launch_buttons_open_each_chapter(built_book):
    for path in CHAPTERS:
        html = (built_book / "book" / f"{path.stem}.html").read_text()
        binder = re.search(rf'href="https://mybinder.org/v2/gh/{OWNER_NAME}/main\?urlpath=([^"]+)"', html)
        assert binder and f"book/{path.name}" in binder.group(1), path.stem
        assert "lab" in binder.group(1)
        # Colab opens the chapter's plain-Markdown copy, on the branch the workflow pushes
        branch = CONFIG["sphinx"]["config"]["book_colab_branch"]
        colab = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', html)
        assert colab == [f"https://colab.research.google.com/github/{OWNER_NAME}/blob/{branch}/"
                         f"book/{path.name}"], (path.stem, colab)
