"""Re-execute the book's notebooks in place, so their stored outputs are fresh.

nbval compares each notebook's stored outputs with a new run, so after
editing a notebook (or helpers/), run this and commit the result:

    python tools/execute_notebooks.py              # every notebook under book/
    python tools/execute_notebooks.py book/01_no_hidden_layer.ipynb

Cells run from the notebook's own folder, as in the book build and nbval.
"""

import argparse
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent


def execute(path):
    nb = nbformat.read(path, as_version=4)
    # No widget state in the file: the explorers' widgets are rebuilt when run,
    # and the book shows their static HTML instead.
    client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    t0 = time.perf_counter()
    client.execute()
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
