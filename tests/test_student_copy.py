"""The solution-free build (BOOK_HIDE_SOLUTIONS=1) and the student branches: no solution in
anything they publish, and every launch link of the build opening solution-free notebooks.

The build is made once per session into _build/student/_build/html (beside the README's build
in _build/html, which the control search reads); every file of it is searched, archives opened
(tests/leaks.py says how)."""

import json
import os
import pathlib
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser

import nbformat
import pytest
import yaml

import leaks
from conftest import ROOT, assert_clear_error, fresh_build

sys.path.insert(0, str(ROOT / "_ext"))
import book_i18n  # noqa: E402
import plain_notebooks as plain  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
import student_branches  # noqa: E402

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
OPTIONS = CONFIG["sphinx"]["config"]
OWNER_NAME = CONFIG["repository"]["url"].removeprefix("https://github.com/")
STUDENT_OUT = ROOT / "_build" / "student"
STUDENT_HTML = STUDENT_OUT / "_build" / "html"


@pytest.fixture(scope="session")
def student_book():
    """The solution-free build's HTML folder, built with the README's strict command and
    BOOK_HIDE_SOLUTIONS=1 unless a fresh one exists."""
    if fresh_build(STUDENT_HTML) is None:
        # the JupyterLite copy's downloads: the normal build's cache, not a second download
        downloads = STUDENT_OUT / "_build" / ".lite_downloads"
        downloads.parent.mkdir(parents=True, exist_ok=True)
        if not downloads.exists() and (ROOT / "_build" / ".lite_downloads").is_dir():
            downloads.symlink_to(ROOT / "_build" / ".lite_downloads")
        cmd = [str(pathlib.Path(sys.executable).with_name("jupyter-book")), "build", ".",
               "-W", "-n", "--keep-going", "--path-output", str(STUDENT_OUT)]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "BOOK_HIDE_SOLUTIONS": "1"})
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return STUDENT_HTML


@pytest.fixture(scope="module")
def needles():
    return leaks.needles()


def _report(hits):
    return "\n".join(f"{name}: {', '.join(files)}" for name, files in sorted(hits.items()))


def test_every_solution_is_searched_for(needles):
    """Every {solution} and every hidden cell of the exercises is a solution here, with
    fragments to search for."""
    n_solutions = n_hidden = 0
    for path in leaks.CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        n_solutions += len(re.findall(r"\{solution\}", text))
        start = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
                     and "## Exercises" in c.source)
        n_hidden += sum("remove-cell" in c.metadata.get("tags", []) for c in nb.cells[start:])
    assert n_solutions >= 30 and n_hidden >= 30
    # each solution in English and in every other edition's words; a hidden cell once
    assert len(needles) == n_solutions * (1 + len(leaks.LANGUAGES)) + n_hidden
    empty = [name for name, found in needles.items() if not found]
    assert not empty, f"solutions with nothing to search for: {empty}"


def test_the_search_finds_every_solution_in_the_chapters(needles):
    """The control for the search itself: the chapters' notebooks have every solution, and the
    Chinese edition's catalogues every Chinese one."""
    hits, _ = leaks.search(ROOT / "book", needles)
    translated, _ = leaks.search(ROOT / "locale", needles)
    assert sorted(set(hits) | set(translated)) == sorted(needles)
    chinese = {name for name in needles if name.endswith("[zh_CN]")}
    assert chinese and chinese <= set(translated)


def test_the_solution_free_build_publishes_no_solution(student_book, needles):
    hits, kinds = leaks.search(student_book, needles)
    print("searched:", json.dumps(kinds, sort_keys=True))
    assert not hits, "solutions in the solution-free build:\n" + _report(hits)
    for kind in (".html", ".ipynb", ".json", ".js", ".md", ".whl", ".zip", ".gz",
                 "archive member .py", "archive member .json"):
        assert kinds.get(kind), f"no {kind} file searched: {kinds}"


def test_the_normal_build_has_every_solution(built_book, needles):
    """The control: the same search on the README's build finds every solution."""
    hits, _ = leaks.search(built_book, needles)
    assert sorted(hits) == sorted(needles)


def _index_terms(html_folder):
    """{docname: stems} of the built search index."""
    text = (html_folder / "searchindex.js").read_text()
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    terms = {}
    for table in ("terms", "titleterms"):
        for stem, docs in index[table].items():
            for doc in docs if isinstance(docs, list) else [docs]:
                terms.setdefault(index["docnames"][doc], set()).add(stem)
    return terms


def _stems(text):
    from sphinx.search.en import SearchEnglish

    lang = SearchEnglish({})
    return {lang.stem(w.lower()) for w in lang.split(text) if lang.word_filter(w)}


def _page_text(path):
    return leaks.TAG.sub(" ", path.read_text())


def test_the_search_index_has_no_solution_word(student_book, built_book):
    """The search index keeps stemmed words, not text: a word of a solution that its page in
    the solution-free build does not show is in neither that page nor its index entry, and the
    README's build indexes such a word of every solution that has one (the control)."""
    student, normal = _index_terms(student_book), _index_terms(built_book)
    checked = 0
    for path in leaks.CHAPTERS:
        doc = f"book/{path.stem}"
        shown = _stems(_page_text(student_book / f"{doc}.html"))
        for name, body in leaks.solutions(path):
            if "solution to" not in name:
                continue  # a hidden cell is on no page, and in no index
            own = _stems(body) - shown
            assert not own & student[doc], (name, sorted(own & student[doc]))
            if own:
                checked += 1
                assert own & normal[doc], (name, sorted(own))
    assert checked >= 20


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])


def _links(path):
    parser = _Links()
    parser.feed(path.read_text())
    return parser.links


def test_every_launch_link_of_the_student_build_opens_a_solution_free_notebook(student_book):
    student, colab = OPTIONS["book_student_branch"], OPTIONS["book_colab_student_branch"]
    assert student and colab and {student, colab}.isdisjoint({"main", OPTIONS["book_colab_branch"]})
    pages = sorted(student_book.glob("**/*.html"))
    pages = [p for p in pages if "lite" not in p.relative_to(student_book).parts]
    chapters = {f"book/{p.stem}" for p in leaks.CHAPTERS}
    seen = set()
    for page in pages:
        doc = page.relative_to(student_book).with_suffix("").as_posix()
        # the Chinese edition's pages (zh/): the same branches, its own notebooks in zh/
        edition = "zh/" if doc.startswith("zh/") else ""
        doc = doc[len(edition):]
        up = "../" if edition else ""
        translate = _in_chinese if edition else (lambda nb, doc: nb)
        for url in _links(page):
            # a launch link (a page's prose may also name https://mybinder.org itself)
            if url.startswith("https://mybinder.org/v2/"):
                assert url == (f"https://mybinder.org/v2/gh/{OWNER_NAME}/{student}"
                               f"?urlpath=lab/tree/{doc}.ipynb"), (doc, url)
            elif url.startswith("https://colab.research.google.com/github/"):
                assert url == (f"https://colab.research.google.com/github/{OWNER_NAME}/blob/"
                               f"{colab}/{doc}.ipynb"), (doc, url)
            elif "lite/lab/" in url:
                assert url == f"{up}../lite/lab/index.html?path={edition}{doc}.ipynb", (doc, url)
                # the chapter without solutions, its MyST kept (jupyterlab-myst renders it)
                got = nbformat.read(student_book / "lite" / "files" / f"{edition}{doc}.ipynb", 4)
                want = translate(nbformat.read(ROOT / f"{doc}.ipynb", 4), doc)
                assert got == plain.solution_free(want), doc
            elif "_sources/" in url:
                target = (page.parent / url).resolve()
                assert target.is_file() and \
                    target.relative_to(student_book / edition / "_sources"), url
                if target.suffix == ".ipynb":
                    want = plain.plain_notebook(
                        translate(nbformat.read(ROOT / f"{doc}.ipynb", as_version=4), doc),
                        plain.colab_url_of(CONFIG["repository"]["url"], colab, "book"),
                        solutions=False)
                    if edition:
                        want = book_i18n.localise_plain(want, "zh_CN")
                    assert nbformat.read(target, as_version=4) == want, doc
            elif url.startswith(CONFIG["repository"]["url"]):
                # the repository and issue buttons, and links to its files: never a chapter
                # but on a student branch; the repository button opens the student branch's
                # tree (main's, the repository's front page, has the solutions)
                assert url.rstrip("/") != CONFIG["repository"]["url"].rstrip("/"), (doc, url)
                if url.startswith(CONFIG["repository"]["url"] + "/tree/"):
                    assert url == f"{CONFIG['repository']['url']}/tree/{student}", (doc, url)
                if re.search(r"book/0\d_\w+\.ipynb", url):
                    assert f"/{student}/" in url or f"/{colab}/" in url, (doc, url)
                continue
            else:
                continue
            seen.add((edition + doc, url.split("?")[0].split("/")[2] if "//" in url else url[:8]))
        if doc in chapters:
            kinds = {k for d, k in seen if d == edition + doc}
            assert {"mybinder.org", "colab.research.google.com"} <= kinds, (doc, kinds)
            assert any(f"lite/lab/index.html?path={edition}{doc}.ipynb" in u for u in _links(page))
            assert any(f"_sources/{doc}.ipynb" in u for u in _links(page)), doc
    assert {d for d, _ in seen} >= chapters | {f"zh/{c}" for c in chapters}


def _in_chinese(nb, doc):
    """The notebook as the Chinese edition writes it (its Markdown from the catalogue)."""
    return book_i18n.translate_notebook(nb, book_i18n.catalogue(ROOT, "zh_CN", doc))[0]


@pytest.fixture(scope="module")
def branches(tmp_path_factory):
    out = tmp_path_factory.mktemp("branches")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "student_branches.py"),
                           "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def test_the_student_branches_have_no_solution(branches, needles):
    hits, kinds = leaks.search(branches, needles)
    assert not hits, "solutions on the student branches:\n" + _report(hits)
    assert kinds.get(".ipynb") == 2 * len(leaks.CHAPTERS)


def test_the_student_branches_notebooks_are_valid_and_complete(branches):
    student, colab = student_branches.branches()
    for branch in (student, colab):
        written = sorted((branches / branch / "book").glob("*.ipynb"))
        assert [p.name for p in written] == [p.name for p in leaks.CHAPTERS], branch
        for path in written:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            text = "\n".join(c.source for c in nb.cells)
            assert "Exercise" in text and "{solution}" not in text, path
            assert not any(c.metadata.get("jupyter", {}).get("source_hidden") for c in nb.cells)
    # Binder's environment, as on main
    for name in ("binder/requirements.txt", "binder/postBuild", "constraints.txt",
                 "pyproject.toml", "helpers/net.py", "helpers/datasets/optdigits.csv.gz"):
        assert (branches / student / name).is_file(), name
    assert not list((branches / student).rglob("__pycache__"))
    # the Colab copies' links open the other chapters on the Colab student branch
    base = plain.colab_url_of(CONFIG["repository"]["url"], colab, "book")
    for path in (branches / colab / "book").glob("*.ipynb"):
        links = re.findall(r"\]\((https://colab[^)\s]+)\)", path.read_text())
        assert all(u.startswith(base + "/") for u in links), path.name


def test_every_number_the_student_chapters_quote_is_glued_in_them(branches):
    """The MyST chapters keep {eval} roles: each must still have the cell that glues it."""
    student, _ = student_branches.branches()
    from helpers.glue import EVAL_ROLE, glued_call

    for path in sorted((branches / student / "book").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        glued = {o.get("metadata", {}).get("scrapbook", {}).get("name") for c in nb.cells
                 if c.cell_type == "code" for o in c.outputs}
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            roles = EVAL_ROLE.findall(cell.source)
            stored = [e["expression"] for e in cell.metadata.get("user_expressions", [])]
            assert sorted(set(roles)) == sorted(set(stored)), path.name
            for role in roles:
                assert glued_call(role)[0] in glued, (path.name, role)


def test_without_solutions_keeps_the_rest_of_the_myst():
    source = textwrap.dedent("""\
        Text {eval}`glued("a")`.

        ```{exercise}
        :label: ex-1.1

        Question.
        ```

        ````{solution} ex-1.1
        :class: dropdown

        ```python
        print("THE ANSWER")
        ```
        ````

        :::{note}
        ```{solution} ex-1.1
        NESTED ANSWER
        ```
        Kept.
        :::
        After.""")
    got = plain.without_solutions(source)
    assert "ANSWER" not in got and "{solution}" not in got
    assert got == textwrap.dedent("""\
        Text {eval}`glued("a")`.

        ```{exercise}
        :label: ex-1.1

        Question.
        ```


        :::{note}
        Kept.
        :::
        After.""")
    assert plain.without_solutions("```{solution} ex-1.1\nUNCLOSED") == ""


def test_bad_arguments_are_clear_errors(tmp_path):
    assert_clear_error(lambda: plain.without_solutions(None), ["source", "NoneType"])
    assert_clear_error(lambda: plain.solution_free({"cells": []}), ["nb", "dict"])
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("")
    assert_clear_error(lambda: student_branches.student_tree(tmp_path / "full"), ["out", "empty"])
    assert_clear_error(lambda: student_branches.colab_student_tree(
        tmp_path / "new", CONFIG["repository"]["url"], ""), ["branch"])
    config = tmp_path / "_config.yml"
    config.write_text("sphinx:\n  config:\n    book_student_branch: student\n")
    assert_clear_error(lambda: student_branches.branches(config),
                       ["config_path", "book_colab_student_branch"])
    assert_clear_error(lambda: leaks.search(tmp_path / "none", {}), ["folder"])


def test_the_workflow_pushes_the_student_branches():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    job = workflow["jobs"]["colab"]
    assert job["needs"] == "build" and job["permissions"] == {"contents": "write"}
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "tools/student_branches.py --out _build/student-branches" in script
    for key in ("book_student_branch", "book_colab_student_branch"):
        assert f"{key}" in script, key
    assert script.index("student_branches.py") < script.rindex("git push")


def test_the_student_branches_self_checks_compute_no_answer(branches):
    """The student branch carries helpers/exercises/ in its student form, and the Colab copies
    install helpers/ from the student branch, not from main (whose checks compute answers)."""
    student, colab = student_branches.branches()
    ours = branches / student / "helpers" / "exercises"
    assert (ours / "_tables.py").is_file() and (ours / "_student.py").is_file()
    full = {p.name for p in (ROOT / "helpers" / "exercises").glob("ch*.py")}
    assert {p.name for p in ours.glob("ch*.py")} < full  # only chapter 5's givens stay
    url = f"git+{CONFIG['repository']['url']}"
    for path in sorted((branches / colab / "book").glob("*.ipynb")):
        installs = [c.source for c in nbformat.read(path, as_version=4).cells
                    if c.cell_type == "code" and url in c.source]
        assert len(installs) == 1 and f'{url}@{student}"' in installs[0], (path.name, installs)


@pytest.mark.parametrize("chapter", [p.name for p in leaks.CHAPTERS])
def test_each_student_chapter_runs_with_the_student_helpers(branches, chapter):
    """What a class runs on Binder: the student branch's chapter, top to bottom, importing the
    branch's own helpers/ (its student exercises first on the path), with no error."""
    from nbclient import NotebookClient

    student, _ = student_branches.branches()
    tree = branches / student
    nb = nbformat.read(tree / "book" / chapter, as_version=4)
    probe = nbformat.v4.new_code_cell(
        "import helpers.exercises, pathlib\n"
        "print(pathlib.Path(helpers.exercises.__file__).resolve().parent)")
    nb.cells.insert(0, probe)
    env_before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(tree / "book")}}).execute()
    finally:
        if env_before is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = env_before
    where = "".join(o.get("text", "") for o in nb.cells[0].outputs).strip()
    assert pathlib.Path(where) == (tree / "helpers" / "exercises").resolve(), where
