"""Benchmark: how long each chapter notebook takes to execute, as the book build runs it.

Each notebook under book/ is executed from a temporary copy (the committed
file is not touched), in a fresh kernel started from the notebook's folder,
with NN_BOOK_STATIC=1 as in the book build (so explorers precompute their
grids, the slowest thing a notebook does). Goal: each under 10 s.

As a baseline measured in the same run, an empty notebook is executed the
same way: its time is the cost of starting a kernel, which the figures
include and which a noisy machine inflates.

Run:  python benchmarks/bench_notebooks.py [NOTEBOOK ...]
"""

import argparse
import os
import pathlib
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(nb, folder):
    client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(folder)}})
    t0 = time.perf_counter()
    client.execute()
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path)
    args = parser.parse_args()
    os.environ["NN_BOOK_STATIC"] = "1"  # kernels inherit it, as in the book build
    paths = args.notebooks or sorted((ROOT / "book").glob("*.ipynb"))
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    base = run(empty, ROOT / "book")
    print(f"{'baseline: an empty notebook':42} {base:6.1f} s")
    total = 0.0
    for path in paths:
        seconds = run(nbformat.read(path, as_version=4), path.resolve().parent)
        total += seconds
        flag = "" if seconds <= 10 else "  over the 10 s goal"
        print(f"{path.name:42} {seconds:6.1f} s{flag}")
    print(f"{'all notebooks':42} {total:6.1f} s")


if __name__ == "__main__":
    main()
