"""helpers.glue writes exactly what myst-nb's glue writes."""

from unittest import mock

import pytest
from myst_nb import glue as myst_glue

from helpers.glue import glue


@pytest.mark.parametrize("value,display", [(0.25, False), ("below 1e-9", False), (3, True)])
def test_same_output_as_myst_nb(value, display):
    with mock.patch("helpers.glue.ipy_display") as ours, \
            mock.patch("myst_nb.ext.glue.ipy_display") as theirs:
        glue("key", value, display=display)
        myst_glue("key", value, display=display)
    assert ours.call_args == theirs.call_args
    assert ours.call_count == theirs.call_count == 1


def test_bad_name():
    with pytest.raises(ValueError, match="name must be a non-empty string"):
        glue("", 1)


@pytest.mark.parametrize("value", [0.123456, 0.5, 3, 1e-9, -2.5e-05, 0.9999, 1077, "below 1e-9",
                                   True, 12345.678])
@pytest.mark.parametrize("spec", ["s", "", ".4f", ".1%", ".3f", ".0e", "g", ".1e", "d", ".2f"])
def test_glued_formats_as_the_books_glue_text_role(value, spec):
    from myst_nb.core.variables import format_plain_text as myst_format

    from helpers.glue import format_plain_text, glued

    with mock.patch("helpers.glue.ipy_display"):
        glue("key", value, display=False)
    text = repr(value)  # the text/plain form IPython gives these values
    try:
        expected = myst_format(text, spec)
    except (TypeError, ValueError) as err:  # e.g. "d" for a float: both must refuse
        with pytest.raises(type(err)):
            glued("key", spec)
        return
    assert glued("key", spec) == format_plain_text(text, spec) == expected


def test_glued_before_its_glue_says_to_run_the_cells_above():
    from helpers.glue import glued

    with pytest.raises(ValueError, match="nothing is glued as 'never-glued' yet: run the cells that compute it"):
        glued("never-glued", ".4f")


def _notebooks():
    import pathlib

    return sorted((pathlib.Path(__file__).resolve().parents[1] / "book").glob("0*.ipynb"))


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_the_numbers_stored_for_jupyter_are_those_the_book_pastes(path):
    """Each Markdown cell stores the results of its {eval}`glued(...)` expressions (what
    Jupyter shows before the cell runs): they must be what the notebook's own glued values
    give, formatted as the book formats them, so a student never reads a stale number."""
    import sys

    import nbformat

    sys.path.insert(0, str(path.parents[1] / "tools"))
    from execute_notebooks import EVAL_ROLE, eval_results

    nb = nbformat.read(path, as_version=4)
    expected = eval_results(nb)
    assert sum(len(r or []) for r in expected) >= 10
    for cell, results in zip(nb.cells, expected):
        if cell.cell_type == "markdown":
            assert cell.metadata.get("user_expressions", []) == results, cell.source[:80]
            assert "{glue" not in cell.source  # the prose quotes numbers only through glued()
        assert not EVAL_ROLE.search(cell.source) or cell.cell_type == "markdown"


def test_glued_call_keeps_an_empty_format_as_given():
    from helpers.glue import glued_call

    assert glued_call('glued("k")') == ("k", "s")
    assert glued_call('glued("k", "")') == ("k", "")
    assert glued_call("glued('k', '.4f')") == ("k", ".4f")
    assert glued_call("round(x, 3)") is None


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_the_prose_quotes_only_numbers_glued_above_it(path):
    """A student who runs a notebook one cell at a time (Shift-Enter, straight down) renders
    each Markdown cell when reaching it; jupyterlab-myst then evaluates its
    {eval}`glued("key", ...)` expressions, which fail (ValueError, shown in red) for a key
    not yet glued. So every key a Markdown cell quotes must first be glued, in the stored
    outputs, by a code cell above it, and ``glued`` itself imported by one (NameError else)."""
    import re
    import sys

    import nbformat

    from helpers.glue import glued_call

    sys.path.insert(0, str(path.parents[1] / "tools"))
    from execute_notebooks import EVAL_ROLE

    nb = nbformat.read(path, as_version=4)
    imports_glued = re.compile(r"^from helpers\.glue import .*\bglued\b", re.M)
    first_import = min((i for i, c in enumerate(nb.cells)
                        if c.cell_type == "code" and imports_glued.search(c.source)), default=None)
    assert first_import is not None, f"{path.stem}: no code cell imports glued"
    first_glued = {}  # key -> index of the first code cell whose outputs glue it
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                first_glued.setdefault(name, index)
    forward = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for expression in EVAL_ROLE.findall(cell.source):
            call = glued_call(expression)
            assert call is not None and call[0] in first_glued, (path.stem, index, expression)
            if first_import > index:
                forward.append(f"{path.stem}: Markdown cell {index} calls glued before code "
                               f"cell {first_import} imports it")
            if first_glued[call[0]] > index:
                forward.append(f"{path.stem}: Markdown cell {index} quotes {call[0]!r}, "
                               f"first glued by code cell {first_glued[call[0]]}")
    assert not forward, "\n".join(forward)
