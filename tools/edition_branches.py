"""The trees of the branches the Chinese edition's Binder and Colab buttons open.

The Chinese pages (_ext/book_i18n.py) point their Binder button at the branch
``binder_branch`` and their Colab button at ``colab_branch`` of their edition in
``book_languages`` (_config.yml); the publishing workflow (.github/workflows/pages.yml) runs
this after each build of main and pushes each tree to its branch:

- ``zh`` (Binder): the chapters as MyST notebooks with their Markdown in Chinese, written from
  the catalogues (book_i18n.translate_notebook: the code cells and outputs are main's), with
  helpers/, binder/, constraints.txt and pyproject.toml, so Binder builds main's environment;
- ``colab-zh`` (Colab): the plain-Markdown copies of those notebooks (_ext/plain_notebooks.py),
  each link to another chapter opening that chapter's copy on this branch.

Nothing here is stored in the repository: the branches are made afresh from the catalogues.
The solution-free build's Chinese pages open the student branches (English, no solutions).

Run:  python tools/edition_branches.py --out DIR   (writes DIR/<branch>/ for each branch)
"""

import argparse
import pathlib
import sys

import nbformat
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
import book_i18n  # noqa: E402
from plain_notebooks import colab_url_of, plain_notebook  # noqa: E402
from student_branches import README, _chapters, _empty, copy_binder_files  # noqa: E402


def editions(config_path=ROOT / "_config.yml"):
    """{language: its settings} of book_languages in _config.yml, each naming its branches."""
    config = yaml.safe_load(pathlib.Path(config_path).read_text(encoding="utf-8"))
    languages = config["sphinx"]["config"].get("book_languages") or {}
    for lang, settings in languages.items():
        if not settings.get("binder_branch") or not settings.get("colab_branch"):
            raise ValueError(f"config_path: book_languages.{lang} in {config_path} needs "
                             f"binder_branch and colab_branch; got {settings}")
    return languages


def _translated(path, lang, root):
    messages = book_i18n.catalogue(root, lang, f"book/{path.stem}")
    nb, _ = book_i18n.translate_notebook(nbformat.read(path, as_version=4), messages)
    return nb


def edition_tree(out, lang, root=ROOT, source="main"):
    """Write the Binder branch of edition ``lang`` into ``out`` (a new or empty folder)."""
    out, root = _empty(out, "out"), pathlib.Path(root)
    for path in _chapters(root):
        nbformat.write(_translated(path, lang, root), out / "book" / path.name)
    copy_binder_files(root, out)
    # Binder runs binder/start before the server: the live explorers speak the edition's
    # language (helpers/explore/words.py reads NN_BOOK_LANGUAGE)
    start = out / "binder" / "start"
    start.write_text(f"#!/bin/bash\nexport NN_BOOK_LANGUAGE={lang}\nexec \"$@\"\n")
    start.chmod(0o755)
    (out / "README.md").write_text(README.format(
        title=f"For Binder ({lang})", source=source,
        what="The chapters with their Markdown in this edition's language; open it on "
             "mybinder.org: binder/ sets up the environment, postBuild installs helpers/.")
        .replace("the chapters without solutions", "the chapters in translation"))
    return out


def colab_edition_tree(out, lang, repository, branch, root=ROOT, source="main"):
    """Write the Colab branch of edition ``lang`` into ``out``: plain copies of its notebooks,
    their links opening the other chapters on ``branch`` of the GitHub ``repository``."""
    if not branch or not isinstance(branch, str):
        raise ValueError(f"branch: the Colab branch's name; got {branch!r}")
    out, root = _empty(out, "out"), pathlib.Path(root)
    link_base = colab_url_of(repository, branch, "book")
    for path in _chapters(root):
        plain = plain_notebook(_translated(path, lang, root), link_base)
        nbformat.write(book_i18n.localise_plain(plain, lang), out / "book" / path.name)
    (out / "README.md").write_text(README.format(
        title=f"For Colab ({lang})", source=source,
        what="Plain-Markdown copies (Colab renders no MyST); their first cell installs helpers/.")
        .replace("the chapters without solutions", "the chapters in translation"))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=pathlib.Path, required=True,
                        help="folder to write into: OUT/<branch>/ for each branch")
    parser.add_argument("--source", default="main", help="what the trees are made from "
                        "(the workflow passes the commit)")
    args = parser.parse_args(argv)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    for lang, settings in editions().items():
        binder, colab = settings["binder_branch"], settings["colab_branch"]
        edition_tree(args.out / binder, lang, source=args.source)
        colab_edition_tree(args.out / colab, lang, config["repository"]["url"], colab,
                           source=args.source)
        for name in (binder, colab):
            print(f"{name} -> {args.out / name}")


if __name__ == "__main__":
    sys.exit(main())
