"""The chapters' plain-Markdown copies (_ext/plain_notebooks.py): what Colab, Notebook 6 and the
pages' .ipynb downloads give a student. They say what the chapter says, in Markdown any Jupyter
renders: no MyST left, the numbers the notebook computed, each exercise named as everywhere
else, each solution folded in a <details> (or absent from the solution-free copy), links that
open the other chapters, and code cells exactly the notebook's."""

import os
import re
import subprocess
import sys
import textwrap

import nbformat
import pytest
import yaml

from conftest import ROOT
from helpers.glue import EVAL_ROLE

sys.path.insert(0, str(ROOT / "_ext"))
import plain_notebooks as plain  # noqa: E402

CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
# MyST a plain renderer would show as text (the list the JupyterLab browser test uses, and the
# directive and role openings in general)
RAW_MARKUP = ["{glue", "{eval}", "{doc}", "{ref}", ":::{", "```{", "{exercise}", "{solution}",
              ":label:", ":class:", "{literalinclude}", "{code-block}"]
EXERCISE = re.compile(r"^\s*(?:`{3,}|:{3,})\{exercise\}\s*\n:label: (ex-\d+\.\d+)", re.M)
SOLUTION = re.compile(r"^\s*(?:`{3,}|:{3,})\{solution\} (ex-\d+\.\d+)", re.M)


def _markdown(nb):
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def chapter(request):
    source = nbformat.read(request.param, as_version=4)
    link_base = plain.colab_url(ROOT / "_config.yml", "book")
    return request.param, source, plain.plain_notebook(source, link_base)


def test_no_myst_is_left(chapter):
    path, _, copy = chapter
    text = "\n".join(_markdown(copy))
    outputs = "\n".join(str(o.get("data", {}).get("text/markdown", "")) for c in copy.cells
                        if c.cell_type == "code" for o in c.outputs)
    left = {m: (text + outputs).count(m) for m in RAW_MARKUP if m in text + outputs}
    assert not left, f"{path.name}: MyST left in the plain copy: {left}"
    assert not copy.cells[0].source.startswith("---"), "the front matter is left"
    assert not re.search(r"^\([\w.:-]+\)=", text, re.M), "a target line is left"
    assert all("user_expressions" not in c.metadata for c in copy.cells)


def test_every_number_is_the_one_the_notebook_computed(chapter):
    path, source, copy = chapter
    n = 0
    for before, after in zip(source.cells, copy.cells):
        if before.cell_type != "markdown":
            continue
        stored = {e["expression"]: e["result"]["data"]["text/plain"]
                  for e in before.metadata.get("user_expressions", [])}
        expressions = EVAL_ROLE.findall(before.source)
        assert set(expressions) == set(stored), f"{path.name}: stored results out of date"
        # each role, in order, reads as its stored text in the copied cell
        position = 0
        for expression in expressions:
            value = stored[expression][1:-1]  # the repr of a str
            found = after.source.find(value, position)
            assert found >= 0, f"{path.name}: {expression} should read {value!r} in the copy"
            position = found + len(value)
            n += 1
    assert n == sum(len(EVAL_ROLE.findall(s)) for s in _markdown(source))


def test_exercises_are_named_and_solutions_folded(chapter):
    path, source, copy = chapter
    text = "\n".join(_markdown(source))
    labels, solved = EXERCISE.findall(text), SOLUTION.findall(text)
    assert labels, f"{path.name}: no exercise"
    copied = "\n".join(_markdown(copy))
    names = re.findall(r"^\*\*Exercise (\d+\.\d+)\.\*\*", copied, re.M)
    assert names == [label.removeprefix("ex-") for label in labels]
    folded = re.findall(r"<details>\n<summary>Solution to Exercise (\d+\.\d+)</summary>\n\n"
                        r"(.*?)\n\n</details>", copied, re.S)
    assert [k for k, _ in folded] == [label.removeprefix("ex-") for label in solved]
    assert all(body.strip() for _, body in folded)
    assert copied.count("<details>") == len(solved) == copied.count("</details>")


def test_the_solution_free_copy_has_no_solution(chapter):
    path, source, _ = chapter
    copy = plain.plain_notebook(source, solutions=False)
    # nor the cells that compute or check the answers (folded in Jupyter, removed on the page)
    folded = [c.source for c in source.cells
              if c.metadata.get("jupyter", {}).get("source_hidden")]
    assert folded and not any(c.source in folded for c in copy.cells if c.cell_type == "code")
    assert len(copy.cells) == len(source.cells) - len(folded)
    copied = "\n".join(_markdown(copy))
    assert "<details>" not in copied and "Solution to" not in copied
    assert len(re.findall(r"^\*\*Exercise \d+\.\d+\.\*\*", copied, re.M)) == \
        len(EXERCISE.findall("\n".join(_markdown(source))))
    # every line of every solution's own text is gone (a line that also appears elsewhere in
    # the chapter, such as a blank one or "```", does not count)
    with_solutions = "\n".join(_markdown(plain.plain_notebook(source)))
    bodies = re.findall(r"<summary>Solution to Exercise [\d.]+</summary>\n\n(.*?)\n\n</details>",
                        with_solutions, re.S)
    others = copied.split("\n")
    for body in bodies:
        own = [line for line in body.split("\n") if len(line.strip()) > 30]
        assert own and not any(line in others for line in own), f"{path.name}: {own[:2]}"


def test_links_between_chapters_open_the_other_chapter_in_colab(chapter):
    path, source, copy = chapter
    base = plain.colab_url(ROOT / "_config.yml", "book")
    branch = CONFIG["sphinx"]["config"]["book_colab_branch"]
    owner_name = CONFIG["repository"]["url"].removeprefix("https://github.com/")
    assert base == f"https://colab.research.google.com/github/{owner_name}/blob/{branch}/book"
    links = re.findall(r"\]\(([^)\s]+)\)", "\n".join(_markdown(copy)))
    relative = [u for u in links if not re.match(r"https?://", u)]
    assert not relative, f"{path.name}: links a Colab reader cannot follow: {relative}"
    chapters = [u for u in links if u.startswith(base)]
    assert len(chapters) == len(re.findall(r"\]\(0\d_\w+\.ipynb", "\n".join(_markdown(source))))
    for url in chapters:
        assert (ROOT / "book" / url.removeprefix(base + "/").split("#")[0]).is_file(), url


def test_code_cells_are_the_notebooks_own(chapter):
    path, source, copy = chapter
    assert len(copy.cells) == len(source.cells)
    for before, after in zip(source.cells, copy.cells):
        assert before.cell_type == after.cell_type
        if before.cell_type != "code":
            continue
        folded = before.metadata.get("jupyter", {}).get("source_hidden", False)
        assert after.source == before.source
        assert after.metadata == {**before.metadata, **({"cellView": "form"} if folded else {})}
        # (chapter 5's highlighted listings are stored as plain code blocks: helpers/listing.py
        # makes the MyST form in the book's build only)
        assert after.outputs == before.outputs


def test_a_small_page_in_plain_markdown():
    source = textwrap.dedent("""\
        ---
        numbering:
          exercise:
            enumerator: "2.%s"
        ---
        (sec-x)=
        ## Start

        The rate is {eval}`glued("lr", ".2f")`, see {ref}`ex-2.1` and {ref}`this <sec-x>`.

        ```{admonition} A note
        :class: note
        Body of the note.
        ```

        ```{exercise}
        :label: ex-2.1

        What is $1 + 1$?
        ```

        ````{solution} ex-2.1
        :class: dropdown

        Two.

        ```python
        print(1 + 1)
        ```
        ````""")
    got = plain.plain_markdown(source, {'glued("lr", ".2f")': "0.50"})
    assert got == textwrap.dedent("""\
        ## Start

        The rate is 0.50, see Exercise 2.1 and this.

        > **A note.** Body of the note.

        **Exercise 2.1.**

        What is $1 + 1$?

        <details>
        <summary>Solution to Exercise 2.1</summary>

        Two.

        ```python
        print(1 + 1)
        ```

        </details>""")
    assert "Two." not in plain.plain_markdown(source, {'glued("lr", ".2f")': "0.50"},
                                              solutions=False)


@pytest.mark.parametrize("source, results, words", [
    ("{eval}`glued(\"lr\")`", {}, ["no stored result", 'glued("lr")', "execute_notebooks"]),
    ("```{figure} x.png\n```", {}, ["no plain form", "{figure}"]),
    ("```{exercise}\n:label: one\n\nQ\n```", {}, ["ex-<chapter>.<k>", "'one'"]),
])
def test_what_it_cannot_say_plainly_is_a_clear_error(source, results, words):
    with pytest.raises(plain.PlainError) as error:
        plain.plain_markdown(source, results)
    assert all(w in str(error.value) for w in words), str(error.value)


def test_the_command_line_writes_a_copy_of_every_chapter(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "_ext" / "plain_notebooks.py"), "--colab",
                           "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "book").glob("*.ipynb"))
    assert written == [p.name for p in CHAPTERS]
    link_base = plain.colab_url(ROOT / "_config.yml", "book")
    for path in CHAPTERS:
        want = plain.plain_notebook(nbformat.read(path, as_version=4), link_base)
        assert nbformat.read(tmp_path / "book" / path.name, as_version=4) == want


def test_the_workflow_pushes_the_copies_to_the_colab_branch():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    job = workflow["jobs"]["colab"]
    assert job["needs"] == "build" and job["permissions"] == {"contents": "write"}
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "_ext/plain_notebooks.py --colab --out _build/colab" in script
    assert "['book_colab_branch']" in script and 'git push -f' in script
    assert script.index("plain_notebooks.py") < script.index("git push")


def test_the_pages_download_the_plain_copies(built_book):
    """The README's build (solutions shown): each chapter's download is its plain copy, its
    links to other chapters opening their Colab copies."""
    for path in CHAPTERS:
        html = (built_book / "book" / f"{path.stem}.html").read_text()
        assert f'href="../_sources/book/{path.name}"' in html, path.stem
        got = nbformat.read(built_book / "_sources" / "book" / path.name, as_version=4)
        link_base = plain.colab_url(ROOT / "_config.yml", "book")
        want = plain.plain_notebook(nbformat.read(path, as_version=4), link_base)
        assert got == want, path.stem


@pytest.mark.parametrize("hide", [False, True])
def test_the_solution_free_build_downloads_copies_without_solutions(tmp_path, hide):
    """A chapter built as the book builds it (myst-nb, the book's extension), with and without
    BOOK_HIDE_SOLUTIONS: its .ipynb download is the plain copy, its solution folded or gone."""
    src = tmp_path / "src"
    (src / "book").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 1. A chapter\n\n```{exercise}\n:label: ex-1.1\n\n"
                                      "What is one plus one?\n```\n\n```{solution} ex-1.1\n"
                                      ":class: dropdown\n\nTHE-SOLUTION-TEXT is two.\n```"),
        nbformat.v4.new_code_cell("1 + 1"),
        nbformat.v4.new_code_cell("assert 1 + 1 == 2  # THE-ANSWER-CHECK",
                                  metadata={"tags": ["remove-cell"],
                                            "jupyter": {"source_hidden": True}})])
    nbformat.write(nb, src / "book" / "01_chapter.ipynb")
    (src / "index.md").write_text("# Index\n\n```{toctree}\nbook/01_chapter\n```\n")
    (src / "conf.py").write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(ROOT / "_ext")!r})
        extensions = ["myst_nb", "sphinx_exercise", "book_sphinx"]
        myst_enable_extensions = ["dollarmath", "colon_fence"]
        nb_execution_mode = "off"
        html_theme_options = {{"repository_url": "https://github.com/someone/a-book"}}
        book_colab_branch = "colab"
        book_colab_student_branch = "colab-student"
        """))
    env = {**os.environ, "BOOK_HIDE_SOLUTIONS": "1" if hide else "0"}
    done = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src),
                           str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    download = nbformat.read(tmp_path / "out" / "_sources" / "book" / "01_chapter.ipynb", 4)
    text = download.cells[0].source
    assert "**Exercise 1.1.**" in text and "{exercise}" not in text
    assert ("THE-SOLUTION-TEXT" in text) is (not hide)
    assert ("<details>" in text) is (not hide)
    code = "\n".join(c.source for c in download.cells if c.cell_type == "code")
    assert "1 + 1" in code and ("THE-ANSWER-CHECK" in code) is (not hide)
