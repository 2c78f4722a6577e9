"""``listing(net.softmax)``: print the source of a library function, in Jupyter and in the
book alike.

The chapters print the library code they explain. Sphinx's ``literalinclude`` in a Markdown
cell shows it on the web page only: jupyterlab-myst drops the directive, and JupyterLab shows
nothing where the code should be. So a chapter prints it from a code cell instead, tagged
``remove-input`` (the page shows the code, not the call)::

    from helpers import net
    from helpers.listing import listing

    listing(net.softmax)

The output is a Markdown Python code block, with the bare source as its plain-text form. It
holds what ``literalinclude`` with ``:pyobject:`` printed: the whole top-level ``def`` or
``class``, from its first decorator line to its last line, read from the module's file.
"""

import ast
import inspect
import os
import pathlib
import re
import sys

from IPython.display import display

__all__ = ["listing", "listing_bundle", "source_lines"]

PACKAGE = __name__.split(".")[0]  # "helpers"
BOOK_BUILD_ENV = "NN_BOOK_STATIC"  # the book's build sets it to 1 (helpers.explore.STATIC_ENV)


def _fail(obj, wanted):
    got = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    module = getattr(obj, "__module__", None)
    if inspect.ismodule(obj):
        what = f"the module {obj.__name__}"
    elif got is not None and module is not None:
        what = f"the {type(obj).__name__} {module}.{got}"
    else:
        what = f"the {type(obj).__name__} {obj!r}"[:200]
    return ValueError(f"listing(obj): obj must be {wanted}; got {what}")


def source_lines(obj):
    """The lines Sphinx's ``:pyobject:`` prints for ``obj``, a top-level function or class
    of ``helpers``: from its first decorator to its end, as a list of lines without their
    line ends."""
    wanted = (f"a function or class defined at the top level of a module of {PACKAGE}, "
              f"such as net.softmax")
    if not (inspect.isfunction(obj) or inspect.isclass(obj)):
        raise _fail(obj, wanted)
    # a wrapper made with functools.wraps (net.train's keyword check) prints what it wraps
    function = inspect.unwrap(obj) if inspect.isfunction(obj) else obj
    module_name, name = getattr(function, "__module__", None), function.__name__
    if (not isinstance(module_name, str) or module_name.split(".")[0] != PACKAGE
            or function.__qualname__ != name):
        raise _fail(obj, wanted)
    module = sys.modules.get(module_name)
    path = getattr(module, "__file__", None)
    found = getattr(module, name, None)
    if path is None or not callable(found) or inspect.unwrap(found) is not function:
        raise _fail(obj, wanted)
    source = pathlib.Path(path).read_text(encoding="utf-8-sig")  # as Sphinx reads it
    defs = [node for node in ast.parse(source).body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and node.name == name]
    if not defs:
        raise _fail(obj, wanted)
    node = defs[-1]  # the one the name is bound to, and the one Sphinx prints
    first = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return source.splitlines()[first - 1: node.end_lineno]


def _fence(text):
    """Backticks enough to open a code block that holds ``text``: one more than its longest run."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _check_lines(emphasize_lines, n):
    if (not isinstance(emphasize_lines, (list, tuple)) or not emphasize_lines
            or not all(type(k) is int and 1 <= k <= n for k in emphasize_lines)):
        raise ValueError(
            f"listing(obj, emphasize_lines=...): emphasize_lines must be a list of line "
            f"numbers of the listing, from 1 to {n} (it has {n} lines); got {emphasize_lines!r}")


def listing_bundle(obj, emphasize_lines=None):
    """The display data ``listing`` shows: {"text/markdown": ..., "text/plain": ...}."""
    lines = source_lines(obj)
    source = "\n".join(lines)
    fence = _fence(source)
    if emphasize_lines is None or os.environ.get(BOOK_BUILD_ENV) != "1":
        if emphasize_lines is not None:
            _check_lines(emphasize_lines, len(lines))
        markdown = f"{fence}python\n{source}\n{fence}"
    else:
        _check_lines(emphasize_lines, len(lines))
        # CommonMark has no way to mark lines: MyST's code-block directive (see listing)
        numbers = ",".join(str(n) for n in emphasize_lines)
        markdown = f"{fence}{{code-block}} python\n:emphasize-lines: {numbers}\n{source}\n{fence}"
    return {"text/markdown": markdown, "text/plain": source}


def listing(obj, emphasize_lines=None):
    """Show the source of ``obj``, a top-level function or class of ``helpers``, as a Python
    code block: what the book's page prints, printed by the notebook itself.

    ``emphasize_lines``, line numbers counted from the listing's first line, highlights those
    lines as Sphinx's ``:emphasize-lines:`` does, in the book's build only (which sets
    NN_BOOK_STATIC=1): there the output is MyST's ``{code-block}`` directive, and its cell
    needs the metadata ``{"mystnb": {"markdown_format": "myst"}}`` for the book to read it.
    Anywhere else (Jupyter, Colab, nbval) it is the plain code block: no Jupyter highlights
    lines, and one without MyST would show the directive as text."""
    display(listing_bundle(obj, emphasize_lines), raw=True)
