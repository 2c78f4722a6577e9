"""The Chinese edition's Binder and Colab branches (tools/edition_branches.py), and the
Chinese pages' buttons that open them."""

import pathlib
import re
import sys

import nbformat
import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import edition_branches  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
ZH = CONFIG["sphinx"]["config"]["book_languages"]["zh_CN"]
OWNER_NAME = CONFIG["repository"]["url"].removeprefix("https://github.com/")
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))


def _chinese_share(nb):
    text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) / max(len(text), 1)


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    out = tmp_path_factory.mktemp("edition-branches")
    edition_branches.main(["--out", str(out)])
    return out


def test_the_binder_branch_has_the_chapters_in_chinese_and_the_environment(trees):
    tree = trees / ZH["binder_branch"]
    for path in CHAPTERS:
        english = nbformat.read(path, as_version=4)
        chinese = nbformat.read(tree / "book" / path.name, as_version=4)
        assert [c for c in chinese.cells if c.cell_type == "code"] == \
            [c for c in english.cells if c.cell_type == "code"], path.stem
        assert _chinese_share(chinese) > 0.1, (path.stem, _chinese_share(chinese))
    for name in ("binder/requirements.txt", "constraints.txt", "pyproject.toml", "helpers/net.py"):
        assert (tree / name).read_bytes() == (ROOT / name).read_bytes(), name
    # Binder's start script sets the live explorers' language
    start = tree / "binder" / "start"
    assert "export NN_BOOK_LANGUAGE=zh_CN" in start.read_text() and start.stat().st_mode & 0o111


def test_the_colab_branch_has_plain_chinese_copies_linking_to_each_other(trees):
    tree = trees / ZH["colab_branch"]
    for path in CHAPTERS:
        nb = nbformat.read(tree / "book" / path.name, as_version=4)
        text = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "{eval}" not in text and ":::{" not in text, path.stem
        assert not re.search(r"Exercise \d", text), path.stem  # the copy's own words too
        assert "**练习 " in text and "的解答</summary>" in text, path.stem
        assert _chinese_share(nb) > 0.1, path.stem
        for link in re.findall(r"\]\((https://colab[^)]+)\)", text):
            assert f"/blob/{ZH['colab_branch']}/book/" in link, (path.stem, link)


def test_the_chinese_pages_open_the_chinese_branches(built_book):
    for path in CHAPTERS:
        html = (built_book / "zh" / "book" / f"{path.stem}.html").read_text()
        assert f"https://mybinder.org/v2/gh/{OWNER_NAME}/{ZH['binder_branch']}?urlpath=" in html
        colab = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', html)
        assert colab == [f"https://colab.research.google.com/github/{OWNER_NAME}/blob/"
                         f"{ZH['colab_branch']}/book/{path.name}"], (path.stem, colab)


def test_the_workflow_pushes_the_edition_branches():
    workflow = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    assert "tools/edition_branches.py --out _build/edition-branches" in workflow
    assert 'git push -f' in workflow.split("edition_branches.py", 1)[1]


def test_a_config_without_the_branches_is_a_clear_error(tmp_path):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    del config["sphinx"]["config"]["book_languages"]["zh_CN"]["binder_branch"]
    path = tmp_path / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True))
    with pytest.raises(ValueError, match="needs binder_branch and colab_branch"):
        edition_branches.editions(path)
