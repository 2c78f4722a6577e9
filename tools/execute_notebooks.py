"""Re-execute the book's notebooks in place, so their stored outputs are fresh.

nbval compares each notebook's stored outputs with a new run, so after
editing a notebook (or helpers/), run this and commit the result:

    python tools/execute_notebooks.py              # every notebook under book/
    python tools/execute_notebooks.py book/01_no_hidden_layer.ipynb

Cells run from the notebook's own folder, as in the book build and nbval.

It also stores, in each Markdown cell's metadata, the result of every inline expression
{eval}`glued("key", "spec")` in it, as jupyterlab-myst stores them when the cell runs
(``user_expressions``), so that a student who opens a notebook in Jupyter reads the numbers
before running anything. They are made from the glued values of the run, with the book's
own formatting (helpers.glue); tests/test_glue.py checks the stored ones are up to date.
"""

import argparse
import pathlib
import re
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers.glue import EVAL_ROLE, format_plain_text, glued_call  # noqa: E402, F401
sys.path.insert(0, str(ROOT / "_ext"))
import numeric_env  # noqa: E402

numeric_env.apply()  # the kernels get the vector code the stored outputs were made with


def glued_texts(nb):
    """{name: text/plain} of every value glued in the notebook's outputs."""
    texts = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                prefix = out["metadata"]["scrapbook"].get("mime_prefix", "")
                texts[name] = out["data"][prefix + "text/plain"]
    return texts


def eval_results(nb):
    """For each Markdown cell, the user_expressions jupyterlab-myst would store for it."""
    texts = glued_texts(nb)
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            found.append(None)
            continue
        results = []
        for expression in EVAL_ROLE.findall(cell.source):
            call = glued_call(expression)
            if call is None or call[0] not in texts:
                raise SystemExit(f"{expression!r}: not glued(name, spec) of a name this "
                                 f"notebook glues")
            text = format_plain_text(texts[call[0]], call[1])
            results.append({"expression": expression,
                            "result": {"data": {"text/plain": repr(text)}, "metadata": {},
                                       "status": "ok"}})
        found.append(results)
    return found


def store_eval_results(nb):
    for cell, results in zip(nb.cells, eval_results(nb)):
        if results:
            cell.metadata["user_expressions"] = results
        elif cell.cell_type == "markdown":
            cell.metadata.pop("user_expressions", None)


def execute(path):
    nb = nbformat.read(path, as_version=4)
    # No widget state in the file: the explorers' widgets are rebuilt when run,
    # and the book shows their static HTML instead.
    client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute()
    store_eval_results(nb)
    nbformat.write(nb, path)
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path)
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        print(f"{path}: {execute(path.resolve()):.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
