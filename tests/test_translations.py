"""The Chinese edition's catalogues: complete, current, and faithful to the English markup.

tools/translations.py is what a maintainer runs (``update`` after editing an English
sentence, then translate what it lists); these tests are its ``check``, plus the controls that
show each check can fail.
"""

import pathlib
import sys

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "_ext"))

import book_i18n  # noqa: E402
import translations  # noqa: E402

CATALOGUES = translations.catalogues()
PAGES = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md"))


def test_every_page_has_a_catalogue():
    have = {po.relative_to(translations.CATALOGUES).with_suffix("") for po in CATALOGUES
            if po != translations.README_PO}
    want = {page.relative_to(ROOT).with_suffix("") for page in PAGES}
    assert have == want


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.stem)
def test_every_message_is_translated_and_keeps_its_markup(po):
    """No message empty or fuzzy (an English sentence changed since it was translated), and
    no translation that drops, adds or alters a maths span, a role, a code span or a link
    target of its English."""
    found = translations.problems(po)
    assert not found, f"{po.name}: {len(found)} problem(s):\n" + "\n".join(found[:20])


def test_the_catalogues_follow_the_english():
    """Every message of the English pages, as Sphinx extracts it now, is in its page's
    catalogue, and the catalogue holds no message the pages no longer have: an edited English
    sentence fails this until `tools/translations.py update` has merged it."""
    found = translations.stale()
    report = [f"{page}: {len(missing)} not in the catalogue (e.g. {missing[:1]}), "
              f"{len(obsolete)} no longer in the page" for page, (missing, obsolete) in found.items()]
    assert not found, "run `.venv/bin/python tools/translations.py update`:\n" + "\n".join(report)


def _catalogue(tmp_path, pairs, fuzzy=()):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="zh_CN")
    for msgid, msgstr in pairs:
        catalog.add(msgid, msgstr, flags=["fuzzy"] if msgid in fuzzy else [])
    path = tmp_path / "page.po"
    with open(path, "wb") as f:
        write_po(f, catalog)
    return path


def test_the_check_finds_each_kind_of_fault(tmp_path):
    """Controls: a translation that loses a role, alters a maths span, drops a link target or a
    code span, one left empty and one fuzzy are each reported; a faithful one is not."""
    good = ("With $\\eta$ = {eval}`glued(\"ch3_lr\")`, see [chapter 2](02_two_layer_net.ipynb) "
            "and `net.train`.")
    pairs = [
        (good, "当 $\\eta$ = {eval}`glued(\"ch3_lr\")` 时，见[第 2 章](02_two_layer_net.ipynb)"
               "和 `net.train`。"),
        ("A role {ref}`the plateau <ch2-plateau>` here.", "这里是{ref}`平台期 <ch2-plateau>`。"),
        ("Lost {eval}`glued(\"a\")` role.", "丢了角色。"),
        ("Altered $x_1$ maths.", "改了 $x_2$ 公式。"),
        ("A [link](03_dropout.ipynb).", "一个[链接](04_gradient_checking.ipynb)。"),
        ("Code `W1` span.", "代码 W1。"),
        ("Left empty.", ""),
        ("Changed sentence.", "旧译文。"),
        ("A ref {ref}`the plateau <ch2-plateau>` retargeted.", "{ref}`平台期 <ch2-other>`。"),
        ("2. A numbered heading", "2. 编号标题"),
        ("3. Its number escaped", "3\\. 转义了编号"),
    ]
    found = translations.problems(_catalogue(tmp_path, pairs, fuzzy={"Changed sentence."}))
    assert len(found) == 8, found
    for word in ("Lost", "Altered", "A [link]", "Code", "Left empty", "Changed sentence",
                 "retargeted", "A numbered heading"):
        assert sum(word in problem for problem in found) == 1, (word, found)


def test_messages_without_prose_are_their_own_translation():
    assert not translations.needs_words("\n\\hat y = Xw .\n")
    assert not translations.needs_words("{eval}`glued(\"ch0_w_gd_1\", \".4f\")`")
    assert not translations.needs_words("`predict(X, w)`")
    assert not translations.needs_words("$(n, d)$")
    assert translations.needs_words("inputs, one example per row")
    assert translations.needs_words("the learning rate $\\eta$")


def _markdown_output_messages(nb):
    """The messages of a notebook's Markdown outputs (a table a cell prints as Markdown): the
    book's pages translate them, a notebook's outputs stay as the run left them."""
    texts = [out["data"]["text/markdown"] for cell in nb.cells if cell.cell_type == "code"
             for out in cell.get("outputs", []) if "text/markdown" in out.get("data", {})]
    return "\n".join("".join(t) if isinstance(t, list) else t for t in texts)


@pytest.mark.parametrize("page", sorted((ROOT / "book").glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_chapter_notebook_translates_whole(page):
    """translate_notebook (the JupyterLite copy's Chinese notebooks, the Chinese pages'
    downloads) places every message of the chapter's Markdown cells, and changes nothing else:
    the code cells and their outputs are the English notebook's, byte for byte."""
    nb = nbformat.read(page, as_version=4)
    messages = book_i18n.catalogue(ROOT, translations.LANGUAGE, f"book/{page.stem}")
    prose = {m: s for m, s in messages.items() if translations.needs_words(m)}
    assert prose, "the catalogue has no translated prose"
    translated, found = book_i18n.translate_notebook(nb, messages)
    outputs = _markdown_output_messages(nb)
    missing = [m for m in prose if m not in found and m != prose[m]
               and " ".join(m.split()) not in " ".join(outputs.split())]
    assert not missing, f"{len(missing)} message(s) not placed, e.g. {missing[:3]}"
    assert len(translated.cells) == len(nb.cells)
    for before, after in zip(nb.cells, translated.cells):
        assert before.cell_type == after.cell_type
        if before.cell_type == "code":
            assert after == before
    markdown = "".join("".join(c.source) for c in translated.cells if c.cell_type == "markdown")
    cjk = sum("\u4e00" <= ch <= "\u9fff" for ch in markdown)
    assert cjk > 0.1 * len(markdown), f"only {cjk} Chinese characters in {len(markdown)}"


def test_a_displayed_equation_is_its_own_translation():
    assert not translations.needs_words("\nw \\leftarrow w - \\eta \\nabla C .\n")


def test_the_chinese_readme_is_made_from_its_catalogue():
    """README.zh-CN.md is the README's reading section from README.po, as `update` writes it:
    an edit to either without `update` fails here (and an untranslated message, above)."""
    assert translations.README_PO in CATALOGUES
    assert len(translations.readme_messages()) >= 4
    assert translations.README_ZH.read_text(encoding="utf-8") == translations.readme_in_chinese()
    text = translations.README_ZH.read_text(encoding="utf-8")
    for english in translations.readme_messages():
        assert english not in text, english[:60]


def test_the_search_knows_the_term_tables_words():
    """The Chinese search index cuts Chinese with jieba plus the term table's words
    (_ext/book_i18n.search_words): 随机失活 stays one word, so a search for it finds it."""
    import jieba

    words = book_i18n.search_words(ROOT / "locale" / "zh_CN" / "TERMS.md")
    assert {"随机失活", "反向传播", "梯度下降", "小批量随机梯度下降", "交叉熵"} <= set(words)
    assert all(len(w) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in w) for w in words)
    assert "随机失活" not in jieba.lcut_for_search("用随机失活训练")  # why the words are added
