"""``glue``: store a computed value in a notebook's output, for the book's text to quote;
``glued``: the text a glued value shows in the prose, in the book and in Jupyter alike.

This is myst-nb's ``glue`` (``from myst_nb import glue``) with the same
output format, which the book build reads the same way. It exists because
importing ``myst_nb`` pulls in nbformat and, through jsonschema, a grammar
that takes seconds to compile in every kernel; this module imports only
IPython. tests/test_glue.py checks that both write identical outputs.

In a notebook::

    from helpers.glue import glue
    glue("ch1_final_cost", round(cost, 6), display=False)

and in the Markdown, ``{eval}`glued("ch1_final_cost", ".4f")```: the number with four
decimals. That is a MyST inline expression. In Jupyter, jupyterlab-myst evaluates it in
the kernel when the Markdown cell runs, once the cell that glues the value has run (and
shows the result stored in the notebook before that); in the book build,
_ext/book_sphinx.py reads it as myst-nb's ``{glue:text}`ch1_final_cost:.4f``` and pastes
the glued value. Both format the value's
text form the same way (``format_plain_text``, myst-nb's rule, tests/test_glue.py).
"""

import ast
import re

from IPython.core.formatters import format_display_data
from IPython.display import display as ipy_display

__all__ = ["glue", "glued", "format_plain_text", "glued_call"]

GLUE_PREFIX = "application/papermill.record/"


def glue(name, variable, display=True):
    """Glue ``variable``'s display form into the output under ``name`` (shown only if ``display``)."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string; got {name!r}")
    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=mime_prefix)
    ipy_display({mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)
    _GLUED[name] = mimebundle["text/plain"]


_GLUED = {}  # name -> the text form of the value glued under it, in this kernel


def glued(name, format_spec="s"):
    """The text the prose shows for the value glued as ``name``, formatted by ``format_spec``
    (".4f", ".1%", ...), exactly as the book's {glue:text} role formats it."""
    if name not in _GLUED:
        raise ValueError(f"nothing is glued as {name!r} yet: run the cells that compute it "
                         f"first (Run All does)")
    return format_plain_text(_GLUED[name], format_spec)


def format_plain_text(text, format_spec):
    """myst-nb's rule for {glue:text} (myst_nb.core.variables.format_plain_text): the value
    read back from its text form, then formatted by the spec's last letter's type."""
    try:
        value = ast.literal_eval(text)  # removes a string's quotes
    except (SyntaxError, ValueError):
        value = text
    if format_spec == "":
        return str(value)
    kind = format_spec[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, format_spec)


# A MyST inline expression in a Markdown cell, {eval}`...`: its expression is group 1.
EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
GLUED_CALL = re.compile(r"""glued\(\s*(["'])([\w.-]+)\1\s*(?:,\s*(["'])([^"']*)\3\s*)?\)""")


def glued_call(expression):
    """(name, format_spec) of an inline expression ``glued("name", "spec")``, else None.
    The book build and tools/execute_notebooks.py read the prose's expressions with this."""
    found = GLUED_CALL.fullmatch(expression.strip())
    if found is None:
        return None
    return found.group(2), "s" if found.group(4) is None else found.group(4)
