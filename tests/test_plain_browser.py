"""The chapters' plain copies (_ext/plain_notebooks.py) in a Jupyter that reads no MyST, in a
real browser: what a student sees in Colab, Notebook 6 or any Jupyter without jupyterlab-myst.

Colab itself cannot be reached from a test; its nearest stand-in here is JupyterLab with its
stock Markdown renderer: the README's venv's JupyterLab with jupyterlab-myst turned off
(page_config.json), on 127.0.0.1, with every request that leaves the server aborted. It opens
each chapter's plain copy (as the pages' .ipynb download writes it) and, without running a
cell, checks the rendered Markdown:

1. no MyST as text (``{eval}``, ``:::{``, ``:label:``, ...), and no jupyterlab-myst at work;
2. every exercise named "Exercise c.k." in bold, in the notebook's order;
3. every solution folded in a closed ``<details>``, "Solution to Exercise c.k", its text not
   visible until opened (the first one is opened: then it is);
4. the numbers in the prose are the notebook's: each glued value of the first paragraph that
   has one is in its rendered text;
5. the maths rendered (MathJax containers, no ``$$`` left);
6. a screenshot, ``_build/screenshots/plain_<chapter>.png``, with the first solution open.

And a control, so the checks can fail: the source notebook of chapter 1 in the same JupyterLab
shows its MyST as text (what a student would read without the plain copies).

Run:  .venv/bin/python -m pytest tests/test_plain_browser.py -q -s -p no:cacheprovider
"""

import re
import sys

import nbformat
import pytest

from conftest import ROOT, isolated_page
from test_jupyter_browser import (BOOK, OPEN_TIMEOUT_MS, RAW_MARKUP, SCREENSHOTS, _js, _wait,
                                  _wait_markdown, serve_lab)

sys.path.insert(0, str(ROOT / "_ext"))
import plain_notebooks as plain  # noqa: E402

CHAPTERS = sorted(p.name for p in BOOK.glob("0*.ipynb"))

OPENED_JS = _js("""
  if (!panel || !panel.context.isReady) return false;
  return panel.content.widgets.length === arg
         && panel.node.querySelectorAll('.jp-Cell').length === arg;
""")

# The markdown cells as the stock renderer shows them: text, <details> and their state, bold
# exercise names, MathJax, and whether jupyterlab-myst rendered anything.
PLAIN_JS = _js("""
  const cells = panel.content.widgets.filter(c => c.model.type === 'markdown');
  const nodes = cells.map(c => c.node.querySelector('.jp-RenderedMarkdown'));
  const details = nodes.flatMap(n => n ? [...n.querySelectorAll('details')] : []);
  return {
    myst: panel.node.querySelectorAll('.jp-MarkdownCell div.myst').length,
    texts: nodes.map(n => n ? n.innerText : null),
    details: details.map(d => {
      const summary = d.querySelector('summary');
      const body = [...d.children].filter(e => e.tagName !== 'SUMMARY');
      return {open: d.open, summary: summary ? summary.textContent.trim() : null,
              bodyVisible: body.some(e => e.checkVisibility()
                                          && e.getBoundingClientRect().height > 0)};
    }),
    strong: nodes.flatMap(n => n ? [...n.querySelectorAll('strong')] : [])
        .map(e => e.textContent.trim()),
    math: nodes.reduce((k, n) => k + (n ? n.querySelectorAll('mjx-container').length : 0), 0),
  };
""")

OPEN_FIRST_JS = _js("""
  const d = panel.node.querySelector('.jp-MarkdownCell .jp-RenderedMarkdown details');
  d.querySelector('summary').click();
  d.closest('.jp-MarkdownCell').scrollIntoView({block: 'start'});
  return true;
""")


@pytest.fixture(scope="module")
def plain_lab(tmp_path_factory):
    """Stock JupyterLab (jupyterlab-myst off) serving the plain copies, and chapter 1's source
    as source.ipynb."""
    base = tmp_path_factory.mktemp("plainlab")
    root = base / "book"
    root.mkdir()
    for name in CHAPTERS:
        nbformat.write(plain.plain_notebook(nbformat.read(BOOK / name, as_version=4)), root / name)
    nbformat.write(nbformat.read(BOOK / CHAPTERS[1], as_version=4), root / "source.ipynb")
    yield from serve_lab(base, root, disabled_extensions=["jupyterlab-myst"])


def _open(browser, lab, name):
    page, context = isolated_page(browser, [lab.url, "data:", "blob:"])
    page.set_default_timeout(60_000)
    n_cells = len(nbformat.read(lab.root / name, as_version=4).cells)
    n_markdown = sum(c.cell_type == "markdown"
                     for c in nbformat.read(lab.root / name, as_version=4).cells)
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}", wait_until="load",
              timeout=OPEN_TIMEOUT_MS)
    _wait(page, OPENED_JS, name, n_cells, OPEN_TIMEOUT_MS, f"the notebook ({n_cells} cells)")
    _wait_markdown(page, name, n_markdown)
    page.wait_for_timeout(1500)  # MathJax typesets after the Markdown is in the page
    return page, context


@pytest.mark.parametrize("name", CHAPTERS, ids=lambda n: n.removesuffix(".ipynb"))
def test_a_plain_copy_reads_as_the_chapter_without_myst(browser, plain_lab, name):
    source = nbformat.read(BOOK / name, as_version=4)
    page, context = _open(browser, plain_lab, name)
    try:
        shown = page.evaluate(PLAIN_JS, [name, None])
        assert shown["myst"] == 0, "jupyterlab-myst is on: this is not a plain Jupyter"
        text = "\n".join(t for t in shown["texts"] if t)
        raw = {m: text.count(m) for m in RAW_MARKUP + ["$$"] if m in text}
        assert not raw, f"{name}: MyST shown as text: {raw}"

        markdown = "\n".join(c.source for c in source.cells if c.cell_type == "markdown")
        labels = re.findall(r"^:label: ex-(\d+\.\d+)", markdown, re.M)
        solved = re.findall(r"\{solution\} ex-(\d+\.\d+)", markdown)
        assert [s for s in shown["strong"] if re.fullmatch(r"Exercise \d+\.\d+\.", s)] == \
            [f"Exercise {k}." for k in labels]
        assert [d["summary"] for d in shown["details"]] == [f"Solution to Exercise {k}"
                                                            for k in solved]
        assert not any(d["open"] or d["bodyVisible"] for d in shown["details"]), shown["details"]
        page.evaluate(OPEN_FIRST_JS, [name, None])
        page.wait_for_timeout(300)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"plain_{name.removesuffix('.ipynb')}.png"))
        first = page.evaluate(PLAIN_JS, [name, None])["details"][0]
        assert first["open"] and first["bodyVisible"], first

        cell = next(c for c in source.cells if c.metadata.get("user_expressions"))
        index = [c for c in source.cells if c.cell_type == "markdown"].index(cell)
        values = [e["result"]["data"]["text/plain"][1:-1]
                  for e in cell.metadata["user_expressions"]]
        missing = [v for v in values if v not in shown["texts"][index]]
        assert not missing, f"{name}: numbers not in the rendered paragraph: {missing}"
        assert shown["math"] > 0, f"{name}: no maths rendered"
        print(f"\n{name}: plain copy in stock JupyterLab: raw MyST 0, exercises "
              f"{len(labels)}, solutions folded {len(shown['details'])}, maths "
              f"{shown['math']}, first paragraph's {len(values)} numbers shown")
    finally:
        context.close()


def test_the_source_notebook_without_myst_shows_raw_markup(browser, plain_lab):
    """The control: what the checks above would find in the chapter itself."""
    page, context = _open(browser, plain_lab, "source.ipynb")
    try:
        shown = page.evaluate(PLAIN_JS, ["source.ipynb", None])
        text = "\n".join(t for t in shown["texts"] if t)
        raw = {m: text.count(m) for m in RAW_MARKUP if m in text}
        print(f"\nchapter 1's source in stock JupyterLab: raw MyST {sum(raw.values())} {raw}")
        # (a directive's fence shows as a code block, its options as the block's first lines)
        assert shown["myst"] == 0 and raw.get("{eval}", 0) > 0 and raw.get(":label:", 0) > 0
    finally:
        context.close()
