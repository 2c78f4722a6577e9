"""Plain-Markdown copies of the chapters, for Jupyters that do not read MyST (Colab first).

The chapters' Markdown is MyST: exercise and solution directives, admonitions, ``{eval}``
roles for the numbers, ``{ref}`` roles, targets and a front-matter block. JupyterLab with
jupyterlab-myst (the README's venv, Binder, the JupyterLite copy) renders all of it. Colab,
Notebook 6 and VS Code do not: they would show the directives as code blocks, every solution
unfolded, and ``{eval}`glued("ch3_lr")``` where the number should be.

This writes a copy of every chapter in which the Markdown says the same thing in plain
CommonMark (with HTML's ``<details>``, which those renderers fold):

- ``{eval}`glued("key", ".4f")``` becomes the number itself: the result the notebook stores
  for it (``user_expressions``, made from the run by tools/execute_notebooks.py and checked
  current by tests/test_glue.py), so every number still comes from the computation;
- an exercise becomes a paragraph headed **Exercise 3.2.** (its label, ``ex-3.2``, is its
  name everywhere); its solution a ``<details>`` block, folded, "Solution to Exercise 3.2";
- an admonition becomes a quote block headed by its title in bold;
- ``{ref}`the plateau <ch2-plateau>``` becomes its text, ``{ref}`ex-2.4``` "Exercise 2.4";
  a target line ``(ch2-plateau)=`` and the front matter go;
- a link to another chapter, ``[chapter 2](02_two_layer_net.ipynb)``, points at that
  chapter's copy in Colab (see below);
- a code cell folded in Jupyter (``jupyter.source_hidden``: the cells that compute or check an
  exercise's answer) is folded in Colab too (``cellView: form``).

Code cells' sources, their outputs and every number are the notebook's own, unchanged.

``solution_free`` is the notebook without its solutions nor the cells that compute or check
them, MyST kept: the solution-free build's JupyterLite copy and the student branch
(tools/student_branches.py); ``plain_notebook(..., solutions=False)`` is its plain copy.

Where the copies go: the book's build (_ext/book_sphinx.py) puts them in the site as the
pages' ``.ipynb`` downloads; the publishing workflow (.github/workflows/pages.yml) pushes them
to the branch that ``book_colab_branch`` in _config.yml names, which the book's Colab buttons
open. In both, a link to another chapter opens that chapter's copy in Colab (a downloaded
chapter may sit alone, and Colab has no folder to resolve a relative link in).

Run:  python _ext/plain_notebooks.py --out DIR [--colab] [book/01_....ipynb ...]
"""

import argparse
import ast
import copy
import pathlib
import re
import sys

import nbformat
import yaml
from book_sphinx import JUPYTER_FRONTMATTER  # beside this file

from helpers.glue import EVAL_ROLE

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"

OPENING = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
REF_ROLE = re.compile(r"\{ref\}`([^`]+)`")
TARGET = re.compile(r"^\([\w.:-]+\)=[ \t]*\n", re.M)
CHAPTER_LINK = re.compile(r"\]\((0\d_\w+\.ipynb)(#[\w-]*)?\)")
EXERCISE_LABEL = re.compile(r"^ex-(\d+\.\d+)$")


class PlainError(ValueError):
    """A chapter's Markdown that this tool cannot say in plain Markdown."""


def _exercise_name(label):
    found = EXERCISE_LABEL.match(label or "")
    if found is None:
        raise PlainError(f"an exercise's label must be ex-<chapter>.<k>; got {label!r}")
    return f"Exercise {found.group(1)}"


def _ref(text):
    """What a {ref} role says: its explicit text, or the exercise it names."""
    explicit = re.fullmatch(r"(.*?)\s*<([^<>]+)>", text, re.S)
    if explicit:
        return explicit.group(1)
    return _exercise_name(text.strip())


def _directive(name, arg, options, body):
    """One directive, its body already plain, as plain Markdown."""
    if name in ("exercise", "prf:exercise"):
        return f"**{_exercise_name(options.get('label'))}.** {arg}".rstrip() + "\n\n" + body
    if name == "solution":
        return (f"<details>\n<summary>Solution to {_exercise_name(arg.strip())}</summary>\n\n"
                f"{body}\n\n</details>")
    if name in ("admonition", "note", "tip", "important", "warning"):
        title = arg.strip() or name.capitalize()
        # a quote block keeps the note apart from the paragraphs around it, as its box does
        lines = f"**{title}.** {body}".split("\n")
        return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    raise PlainError(f"no plain form for the directive {{{name}}}")


def _closes(line, fence):
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def plain_markdown(source, results, solutions=True):
    """The Markdown ``source`` said in plain CommonMark; ``results`` maps each {eval}
    expression of it to its text. ``solutions=False`` leaves the solutions out."""
    if not solutions:
        source = without_solutions(source)
    source = JUPYTER_FRONTMATTER.sub("", source, count=1)
    source = TARGET.sub("", source)

    def evaluated(match):
        expression = match.group(1)
        if expression not in results:
            raise PlainError(f"no stored result for {{eval}}`{expression}`: run "
                             f"tools/execute_notebooks.py")
        return results[expression]

    source = EVAL_ROLE.sub(evaluated, source)
    source = REF_ROLE.sub(lambda m: _ref(m.group(1)), source)
    return _blocks(source.split("\n"))


def _fenced(lines, i):
    """The directive opening at lines[i]: (its name, its body's lines, its closing line or None
    at the end, the index after it)."""
    opening = OPENING.match(lines[i])
    fence, body, i = opening.group("fence"), [], i + 1
    # CommonMark's rule: a line of the fence's character, at least as long, or the end
    while i < len(lines):
        line = lines[i]
        i += 1
        if _closes(line, fence):
            return opening.group("name"), body, line, i
        body.append(line)
    return opening.group("name"), body, None, i


def without_solutions(source):
    """The MyST Markdown ``source`` with every {solution} directive left out, and nothing else
    changed (the solution-free build's notebooks: the JupyterLite copy, the student branch)."""
    if not isinstance(source, str):
        raise ValueError(f"source: a str of Markdown; got {type(source).__name__}")
    return "\n".join(_without_solutions(source.split("\n")))


def _without_solutions(lines):
    out, i = [], 0
    while i < len(lines):
        if OPENING.match(lines[i]) is None:
            out.append(lines[i])
            i += 1
            continue
        start = i
        name, body, closing, i = _fenced(lines, i)
        if name != "solution":
            out += [lines[start], *_without_solutions(body), *([closing] if closing else [])]
    return out


def solution_free(nb):
    """A copy of the notebook ``nb``, MyST kept, without its exercises' solutions nor the code
    cells folded in Jupyter (``jupyter.source_hidden``), which compute or check them; each
    Markdown cell keeps the stored results of only the {eval} roles left in it."""
    if not isinstance(nb, nbformat.NotebookNode):
        raise ValueError(f"nb: a notebook (nbformat.NotebookNode); got {type(nb).__name__}")
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not c.metadata.get("jupyter", {}).get("source_hidden")]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = without_solutions(cell.source)
            if "user_expressions" in cell.metadata:
                left = set(EVAL_ROLE.findall(cell.source))
                cell.metadata["user_expressions"] = [
                    e for e in cell.metadata["user_expressions"] if e["expression"] in left]
    return nb


def _blocks(lines):
    out, i = [], 0
    while i < len(lines):
        opening = OPENING.match(lines[i])
        if opening is None:
            out.append(lines[i])
            i += 1
            continue
        name, body, _, i = _fenced(lines, i)
        options = {}
        while body and OPTION.match(body[0]):
            option = OPTION.match(body.pop(0))
            options[option.group("key")] = option.group("value").strip()
        text = _blocks(body).strip("\n")
        out.append(_directive(name, opening.group("arg"), options, text))
    return "\n".join(out)


def _link(link_base):
    def link(match):
        return f"]({link_base.rstrip('/')}/{match.group(1)}{match.group(2) or ''})"
    return link


def plain_notebook(nb, link_base=None, solutions=True):
    """A copy of the notebook ``nb`` whose Markdown is plain (see the module's docstring).
    ``link_base``: the URL of the folder of the copies, for links between chapters (None:
    they stay relative). ``solutions=False``: the exercises' solutions are left out, and so are
    the code cells folded in Jupyter (``jupyter.source_hidden``), which compute or check them."""
    # the cells that compute or check the answers go with the solutions
    nb = copy.deepcopy(nb) if solutions else solution_free(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            results = {}
            for entry in cell.metadata.pop("user_expressions", []):
                data = entry["result"].get("data", {})
                results[entry["expression"]] = _unquote(data.get("text/plain", ""))
            cell.source = plain_markdown(cell.source, results).strip("\n")
            if link_base:
                cell.source = CHAPTER_LINK.sub(_link(link_base), cell.source)
        elif cell.cell_type == "code":
            if cell.metadata.get("jupyter", {}).get("source_hidden"):
                cell.metadata["cellView"] = "form"  # Colab's way of folding a cell's code
    return nb


def _unquote(text):
    """A stored text/plain result is the repr of a str: the str."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return ast.literal_eval(text)
    return text


def colab_url(config_path, path):
    """The Colab URL of ``path`` (a file or folder of the repository) on the branch
    ``book_colab_branch``, for the repository of _config.yml."""
    config = yaml.safe_load(pathlib.Path(config_path).read_text(encoding="utf-8"))
    return colab_url_of(config["repository"]["url"],
                        config["sphinx"]["config"].get("book_colab_branch"), path)


def colab_url_of(repository, branch, path):
    """https://colab.research.google.com/github/OWNER/NAME/blob/BRANCH/PATH, for the GitHub
    repository URL ``repository``."""
    found = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+?)/?", repository or "")
    if found is None or not branch:
        raise PlainError(f"_config.yml: Colab needs a github.com repository.url and "
                         f"sphinx.config.book_colab_branch; got {repository!r} and {branch!r}")
    return (f"https://colab.research.google.com/github/{found.group(1)}/{found.group(2)}"
            f"/blob/{branch}/{path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="chapters to copy (default: book/0*.ipynb)")
    parser.add_argument("--out", type=pathlib.Path, required=True,
                        help="folder to write into; the copies go to OUT/book/<name>.ipynb")
    parser.add_argument("--colab", action="store_true",
                        help="links between chapters open the other chapter's copy in Colab, "
                             "on the branch book_colab_branch of _config.yml's repository")
    args = parser.parse_args(argv)
    link_base = colab_url(ROOT / "_config.yml", "book") if args.colab else None
    paths = args.notebooks or sorted(BOOK.glob("0*.ipynb"))
    (args.out / "book").mkdir(parents=True, exist_ok=True)
    for path in paths:
        nb = plain_notebook(nbformat.read(path, as_version=4), link_base)
        target = args.out / "book" / path.name
        nbformat.write(nb, target)
        print(f"{path.name} -> {target}")


if __name__ == "__main__":
    sys.exit(main())
