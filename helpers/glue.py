"""``glue``: store a computed value in a notebook's output, for the book's text to quote.

This is myst-nb's ``glue`` (``from myst_nb import glue``) with the same
output format, which the book build reads the same way. It exists because
importing ``myst_nb`` pulls in nbformat and, through jsonschema, a grammar
that takes seconds to compile in every kernel; this module imports only
IPython. tests/test_glue.py checks that both write identical outputs.

In a notebook::

    from helpers.glue import glue
    glue("ch1_final_cost", round(cost, 6), display=False)

and in the Markdown: {glue:text}`ch1_final_cost:.4f`.
"""

from IPython.core.formatters import format_display_data
from IPython.display import display as ipy_display

__all__ = ["glue"]

GLUE_PREFIX = "application/papermill.record/"


def glue(name, variable, display=True):
    """Glue ``variable``'s display form into the output under ``name`` (shown only if ``display``)."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string; got {name!r}")
    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=mime_prefix)
    ipy_display({mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)
