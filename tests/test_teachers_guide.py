"""The teacher's guide lists every exercise in the book, and nothing that is not one."""

import pathlib
import re

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent


def exercise_labels():
    labels = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                labels += re.findall(r"```\{exercise\}\n:label: (\S+)", cell.source)
    return labels


def test_every_exercise_is_in_the_guide_with_a_time():
    guide = (ROOT / "book" / "teachers.md").read_text()
    rows = dict(re.findall(r"\{ref\}`([^`]+)` \|.*\| (\d+) min \|", guide))
    labels = exercise_labels()
    assert len(labels) >= 18 and len(set(labels)) == len(labels)
    assert sorted(rows) == sorted(labels)


# --------------------------------------------------------------------------
# One name per exercise: "Exercise c.k", the k-th exercise of chapter c
# --------------------------------------------------------------------------

CHECK_CALL = re.compile(r'check\("([^"]+)"')


def chapters():
    """(chapter number, notebook) for every chapter, in order."""
    return [(int(p.name[:2]), nbformat.read(p, as_version=4))
            for p in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))]


def self_checks(nb):
    """{k: names} of the check() calls a student sees after exercise k, before exercise k + 1
    (hidden cells, tagged remove-cell, may check any exercise)."""
    k, seen = 0, {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            k += len(re.findall(r"```\{exercise\}\n:label: ", cell.source))
        elif "remove-cell" not in cell.metadata.get("tags", []):
            for name in CHECK_CALL.findall(cell.source):
                seen.setdefault(k, []).append(name)
    return seen


def test_each_exercise_is_labelled_by_its_chapter_and_number():
    for chapter, nb in chapters():
        labels = [label for cell in nb.cells if cell.cell_type == "markdown"
                  for label in re.findall(r"```\{exercise\}\n:label: (\S+)", cell.source)]
        assert labels == [f"ex-{chapter}.{k}" for k in range(1, len(labels) + 1)], chapter


def test_each_self_check_is_named_after_its_exercise():
    from helpers.exercises import names

    used = set()
    for chapter, nb in chapters():
        for k, found in self_checks(nb).items():
            assert k > 0, f"chapter {chapter}: a self-check before the first exercise"
            for name in found:
                assert re.fullmatch(rf"{chapter}\.{k}( \w+)?", name), (chapter, k, name)
            used.update(found)
    assert used == set(names())  # every registered check is met after its exercise


def test_a_self_check_answers_in_the_exercise_name():
    from helpers.exercises import check

    assert repr(check("3.1", ...)).startswith("Exercise 3.1: Not yet.")
    assert "Exercise 2.3 dW1: " in check("2.3 dW1", ...)._repr_html_()


def test_the_page_and_the_guide_call_each_exercise_by_its_name(built_book):
    guide = (built_book / "book" / "teachers.html").read_text()
    for chapter, nb in chapters():
        page = next((built_book / "book").glob(f"{chapter:02d}_*.html")).read_text()
        n = sum(len(re.findall(r"```\{exercise\}\n:label: ", c.source)) for c in nb.cells
                if c.cell_type == "markdown")
        for k in range(1, n + 1):
            target = f"ex-{chapter}.{k}"
            block = page[page.index(f'id="{target}"'):]
            title = re.search(r'<p class="admonition-title">\s*<span class="caption-number">'
                              r'([^<]+)</span>', block)
            assert title and title.group(1).strip() == f"Exercise {chapter}.{k}", (target, title)
            link = re.search(rf'href="[^"]*#{re.escape(target)}"><span class="std std-numref">'
                             r"([^<]+)<", guide)
            assert link and link.group(1) == f"Exercise {chapter}.{k}", (target, link)


def test_jupyter_numbers_each_chapters_exercises_as_the_book_does():
    """jupyterlab-myst counts exercises per notebook: each chapter's front matter makes its
    k-th exercise "Exercise c.k", as on the page (and leaves equations unnumbered, as there)."""
    for chapter, nb in chapters():
        first = next(c for c in nb.cells if c.cell_type == "markdown").source
        front = re.match(r"---\n(.*?)\n---\n", first, re.S)
        assert front, f"chapter {chapter} has no front matter for Jupyter"
        assert f'enumerator: "{chapter}.%s"' in front.group(1), chapter
        assert "equation: false" in front.group(1), chapter


def test_the_book_does_not_print_the_front_matter_for_jupyter(built_book):
    for chapter, _ in chapters():
        page = next((built_book / "book").glob(f"{chapter:02d}_*.html")).read_text()
        assert "enumerator" not in page and "numbering:" not in page, chapter
