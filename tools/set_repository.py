"""Point the book at a repository: _config.yml's repository.url and every notebook's Colab cell.

The launch buttons (Binder, Colab, the repository and issue buttons) read
``repository.url`` in _config.yml. On Colab, the notebooks also need to
install helpers/ from that repository, so each chapter starts with a cell
that does so there (and nothing anywhere else). Whoever publishes a fork runs

    python tools/set_repository.py https://github.com/OWNER/NAME

and commits the result; tests/test_launch.py checks the two agree.
"""

import argparse
import pathlib
import re

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
CELL_ID = "colab-setup"
CELL = '''# On Colab, install this book's helpers; in JupyterLite, the widgets for the explorers.
# Anywhere else (locally, Binder) this does nothing.
import sys

if "google.colab" in sys.modules:
    %pip install -q "nn-from-scratch-book-helpers @ git+{url}"
elif "pyodide" in sys.modules:
    %pip install -q ipywidgets'''


def colab_cell(url):
    cell = nbformat.v4.new_code_cell(CELL.format(url=url))
    cell["id"] = CELL_ID
    # The static book has no use for it: the cell runs, but is not shown.
    cell.metadata["tags"] = ["remove-cell"]
    return cell


def set_repository(url):
    config = ROOT / "_config.yml"
    text = config.read_text()
    text, n = re.subn(r"(?m)^(  url: ).*$", rf"\g<1>{url}", text, count=1)
    if n != 1:
        raise SystemExit("no 'url:' line under 'repository:' in _config.yml")
    config.write_text(text)
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if c.get("id") != CELL_ID]
        # first after the title cell
        nb.cells = cells[:1] + [colab_cell(url)] + cells[1:]
        nbformat.write(nb, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="https://github.com/OWNER/NAME")
    args = parser.parse_args()
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", args.url):
        raise SystemExit(f"url must look like https://github.com/OWNER/NAME; got {args.url}")
    set_repository(args.url)


if __name__ == "__main__":
    main()
