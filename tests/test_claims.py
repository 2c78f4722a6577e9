"""Every chapter checks its own sentences, and says so at its end.

A chapter backs each claim its text makes about a computed result (a trend, a
comparison, a sign, a zero) with an ``assert`` in a check cell: a code cell
tagged ``remove-cell`` (hidden from the page, run by the build and by nbval)
whose first line is ``# Checks for the text above``. nbval and the strict build
then fail the day a sentence stops holding. This file checks the frame around
them: that the check cells exist, assert something, show nothing (they may glue
values for the text), and that the chapter's last section tells the reader how
it is checked.
"""

import ast
import pathlib

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
MARK = "# Checks for the text above"
HEADING = "## How this chapter checks itself"


def check_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(MARK)]


def is_glue(output):
    """A value glued for the text (helpers.glue with display=False): stored, never shown."""
    return output.get("output_type") == "display_data" and all(
        key.startswith("application/papermill.record/") for key in output.get("data", {}))


def n_asserts(source):
    """``assert`` statements and ``np.testing.assert_*`` calls (check cells hold no magics)."""
    def is_assert(node):
        if isinstance(node, ast.Assert):
            return True
        return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr.startswith("assert_"))
    return sum(map(is_assert, ast.walk(ast.parse(source))))


def test_the_chapters_are_found():
    assert len(CHAPTERS) >= 7


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_chapter_asserts_its_claims_in_hidden_cells_that_print_nothing(path):
    nb = nbformat.read(path, as_version=4)
    cells = check_cells(nb)
    assert cells, f"{path.name} has no check cell (a code cell starting {MARK!r})"
    for cell in cells:
        assert "remove-cell" in cell.metadata.get("tags", []), (
            f"{path.name}: a check cell is not tagged remove-cell:\n{cell.source[:200]}")
        assert n_asserts(cell.source) >= 1, f"{path.name}: a check cell asserts nothing"
        shown = [o for o in cell.outputs if not is_glue(o)]
        assert not shown, f"{path.name}: a check cell prints:\n{cell.source[:200]}"
    assert sum(n_asserts(c.source) for c in cells) >= 5, f"{path.name}: fewer than 5 claims checked"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_chapter_ends_by_saying_how_it_checks_itself(path):
    nb = nbformat.read(path, as_version=4)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    headings = [line for source in markdown for line in source.splitlines()
                if line.startswith("## ")]
    assert headings and headings[-1] == HEADING, (
        f"{path.name}'s last section is {headings[-1:]!r}, not {HEADING!r}")
    assert "assert" in markdown[-1], f"{path.name}'s last section does not say how claims are checked"
