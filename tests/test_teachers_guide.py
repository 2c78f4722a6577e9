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
