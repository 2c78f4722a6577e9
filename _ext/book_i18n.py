"""The Chinese edition: the same book, its prose translated, built beside the English one.

One set of notebooks, executed once per build. The README's build command builds the English
edition into ``_build/html/``; when it has finished, this extension builds every other edition
of ``book_languages`` (``_config.yml``) into a folder of the site, ``_build/html/zh/``, in a
second Sphinx run with ``language`` set (Jupyter Book 1's command line cannot pass
``-D language=...``, and Sphinx chooses its own strings' language, the theme's and
sphinx-exercise's before any extension runs, so it must be set when Sphinx starts). That run
reads the notebooks' outputs from the execution cache the English run has just filled
(_ext/book_sphinx.py empties and fills it once, and skips that in the second run), so the
code, the outputs, the figures and every glued number are the English run's, by construction.

Only the prose differs: Sphinx replaces each message (a paragraph, a heading, a caption, a
table cell) with its translation from ``locale/<language>/LC_MESSAGES/book/<page>.po``
(tools/translations.py keeps those up to date; tests/test_translations.py fails on a message
untranslated, fuzzy, or whose maths, roles or link targets differ from the English).

Every page of each edition has a language switch in its header, to the same page in the other
language. ``translate_notebook`` writes a chapter's Markdown in the other language from the same
catalogue, for the edition's JupyterLite copy, its downloads and its Binder and Colab branches
(tools/edition_branches.py), which its pages' launch buttons open. Its search index knows the
term table's words (``search_words``).
"""

from __future__ import annotations

import functools
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

# Set in the second run's environment: the edition it builds.
EDITION_ENV = "BOOK_EDITION"
TEMPLATES = pathlib.Path(__file__).with_name("templates")


def edition(config):
    """This run's edition, a key of book_languages, or None for the English one."""
    language = getattr(config, "language", None) or "en"
    return language if language in (getattr(config, "book_languages", None) or {}) else None


def is_translation(config):
    return edition(config) is not None


def _configure(app, config):
    config.templates_path = list(config.templates_path or []) + [str(TEMPLATES)]
    options = config.html_theme_options
    # the switch sits at the header's start, beside the sidebar's toggle, where there is room
    # at every width (the end's row of buttons wraps it onto a line of its own)
    start = options.get("article_header_start") or ["toggle-primary-sidebar.html"]
    if isinstance(start, str):
        start = [start]
    if "language-switch.html" not in start:
        options["article_header_start"] = [*start, "language-switch.html"]
    lang = edition(config)
    if lang is None:
        return
    settings = config.book_languages[lang]
    config.html_title = settings["title"]
    config.project = settings["title"]
    # the theme's search box: Jupyter Book passes its English text, which no catalogue holds
    options["search_bar_text"] = settings["search_bar_text"]
    # the search index cuts Chinese into words with jieba, whose dictionary lacks many of the
    # book's terms (随机失活 would be cut into 随机 and 失活, and a search for it find nothing):
    # the term table's Chinese terms are added to it
    words = search_words(pathlib.Path(app.srcdir) / "locale" / lang / "TERMS.md")
    path = pathlib.Path(app.doctreedir).parent / f"search_words_{lang}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} 1000 n\n" for w in words), encoding="utf-8")
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(path)}
    config.book_jupyterlite = False  # one JupyterLite copy serves both editions (the English run's)


def search_words(terms):
    """The Chinese words of the term table ``terms`` (its second column): each run of two or
    more Chinese characters."""
    found = []
    for line in pathlib.Path(terms).read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and line.startswith("|"):
            found += re.findall(r"[\u4e00-\u9fff]{2,}", cells[1])
    return sorted(set(found))


def _switch(app, pagename, templatename, context, doctree):
    """The link to this page in the other edition, for templates/language-switch.html."""
    up = "../" * pagename.count("/")
    lang = edition(app.config)
    if lang is None:
        (other, settings), = list(app.config.book_languages.items())[:1]
        href = f"{up}{settings['folder']}/{pagename}.html"
        context["book_language_switch"] = {
            "href": href, "label": settings["name"], "lang": other.replace("_", "-"),
            "title": settings["switch_title"]}
    else:
        href = f"{up}../{pagename}.html"
        context["book_language_switch"] = {
            "href": href, "label": "English", "lang": "en",
            "title": "Read this page in English"}


def _launch_buttons(app, pagename, templatename, context, doctree):
    """Another edition's launch buttons open its notebooks. JupyterLite: the copy is the
    English run's, one folder up, with this edition's notebooks in its folder (zh/book/...).
    Binder and Colab: the edition's branches (tools/edition_branches.py), in place of main and
    the Colab branch; in the solution-free build they stay on the student branches."""
    lang = edition(app.config)
    if lang is None:
        return
    settings = app.config.book_languages[lang]
    ours = app.config.html_theme_options.get("repository_branch") or "main"
    hide = getattr(app.config, "hide_solutions", False)
    for button in _buttons(context.get("header_buttons", [])):
        url = button.get("url", "")
        if button.get("text") == "JupyterLite":
            base, _, path = url.partition("?path=")
            button["url"] = f"../{base}?path={settings['folder']}/{path}"
        elif button.get("text") == "Binder" and not hide:
            if f"/{ours}?" not in url:
                raise RuntimeError(f"{pagename}: a Binder URL without /{ours}?: {url}")
            button["url"] = url.replace(f"/{ours}?", f"/{settings['binder_branch']}?", 1)
        elif button.get("text") == "Colab" and not hide:
            colab = f"/blob/{app.config.book_colab_branch}/"
            if colab not in url:
                raise RuntimeError(f"{pagename}: a Colab URL without {colab}: {url}")
            button["url"] = url.replace(colab, f"/blob/{settings['colab_branch']}/", 1)


def _buttons(buttons):
    for button in buttons:
        if isinstance(button, dict):
            yield button
            yield from _buttons(button.get("buttons", []))


def _build_editions(app, exception):
    """After the English run: every other edition, into its folder of the site."""
    if exception is not None or app.builder.name != "html" or is_translation(app.config):
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    for lang, settings in (app.config.book_languages or {}).items():
        out = pathlib.Path(app.outdir) / settings["folder"]
        logger.info(f"building the {settings['name']} edition ({lang}) into {out}")
        # built beside the site, then moved into it: myst-nb writes the executed notebooks
        # (solutions and all) into jupyter_execute/ beside its output folder, which for
        # html/zh/ would be html/jupyter_execute/, a part of the published site
        staging = pathlib.Path(app.outdir).parent / f".edition-{lang}" / settings["folder"]
        shutil.rmtree(staging.parent, ignore_errors=True)
        env = dict(os.environ, **{EDITION_ENV: lang})
        command = [sys.executable, str(pathlib.Path(__file__).resolve()), lang, str(app.srcdir),
                   str(staging), str(pathlib.Path(app.doctreedir).parent / f".doctrees-{lang}"),
                   # Sphinx keeps -W in keep_going when --keep-going is given too
                   "1" if app.warningiserror or app.keep_going else "0",
                   "1" if app.keep_going else "0",
                   "1" if app.config.nitpicky else "0"]
        start = time.perf_counter()
        done = subprocess.run(command, env=env)
        # benchmarks/bench_build.py reads this line
        logger.info(f"the {settings['name']} edition ({lang}) built in "
                    f"{time.perf_counter() - start:.1f} s")
        if done.returncode != 0:
            raise RuntimeError(f"the {settings['name']} edition ({lang}) failed to build "
                               f"(its messages are above)")
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(str(staging), str(out))
        shutil.rmtree(staging.parent, ignore_errors=True)


def _main(argv):
    """The second run: python _ext/book_i18n.py LANG SRC OUT DOCTREES WERROR KEEPGOING NITPICK."""
    lang, src, out, doctrees, werror, keep_going, nitpick = argv
    from jupyter_book.sphinx import build_sphinx

    src = pathlib.Path(src)
    result = build_sphinx(
        str(src), out, noconfig=True, path_config=str(src / "_config.yml"),
        confoverrides={"language": lang, "latex_individualpages": False, **({"nitpicky": True} if nitpick == "1" else {})},
        doctreedir=doctrees, builder="html", warningiserror=werror == "1",
        keep_going=keep_going == "1", freshenv=True)
    return 0 if result in (0, None) else 1


# --------------------------------------------------------------------------------------------
# A chapter's Markdown in another language, from its catalogue
# --------------------------------------------------------------------------------------------

# where a message may begin in a Markdown cell: a line's start, after a heading's #s, a list's
# or a quote's marker, a table's |, or a directive's name (an exercise's or admonition's title)
_START = r"(?:(?:^|(?<=\n))[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+][ \t]+|\d+\.[ \t]+|\|[ \t]*|" \
         r"[:`]{3,}\{[\w:-]+\}[ \t]+)*|(?<=\|)[ \t]*)"
_END = r"(?=[ \t]*(?:\||\n|$))"


@functools.lru_cache(maxsize=None)
def _pattern(msgid):
    words = [re.escape(w) for w in msgid.split()]
    return re.compile(f"({_START})" + r"\s+".join(words) + _END)


def translate_markdown(text, messages):
    """``text`` with each message found in it replaced by its translation; returns (text,
    the msgids found). ``messages`` maps msgid to translation; the longest are placed first."""
    found = set()
    for msgid in sorted(messages, key=len, reverse=True):
        msgstr = messages[msgid]
        if not msgid.strip() or not msgstr or msgstr == msgid:
            continue
        if msgid.split(None, 1)[0] not in text:  # a quick test before the pattern
            continue
        pattern = _pattern(msgid)
        text, n = pattern.subn(lambda m, msgstr=msgstr: m.group(1) + msgstr, text)
        if n:
            found.add(msgid)
    return text, found


def catalogue(srcdir, lang, docname):
    """The translations of one page: msgid -> msgstr, fuzzy and empty ones left out."""
    from babel.messages.pofile import read_po

    path = pathlib.Path(srcdir) / "locale" / lang / "LC_MESSAGES" / f"{docname}.po"
    if not path.exists():
        return {}
    with open(path, "rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang)
                if m.id and m.string and not m.fuzzy}


def translate_notebook(nb, messages):
    """A copy of ``nb`` with its Markdown cells translated (code cells, outputs untouched);
    returns (notebook, the msgids found in it)."""
    import copy

    nb = copy.deepcopy(nb)
    found = set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text, seen = translate_markdown("".join(cell.source), messages)
        cell.source = text
        found |= seen
    return nb, found


# The words the plain copies (_ext/plain_notebooks.py) write themselves, in other editions.
PLAIN_WORDS = {"zh_CN": [
    (re.compile(r"<summary>Solution to Exercise (\d+\.\d+)</summary>"), r"<summary>练习 \1 的解答</summary>"),
    (re.compile(r"\*\*Exercise (\d+\.\d+)\.\*\*"), r"**练习 \1**"),
    (re.compile(r"\bExercise (\d+\.\d+)"), r"练习 \1"),
]}


def localise_plain(nb, lang):
    """A plain copy (plain_notebooks.plain_notebook) of a translated notebook with the words
    the copy adds (an exercise's heading, its solution's summary) in ``lang`` too."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for pattern, words in PLAIN_WORDS.get(lang, []):
                cell.source = pattern.sub(words, cell.source)
    return nb


def setup(app):
    app.add_config_value("book_languages", {}, "html")
    app.connect("config-inited", _configure, priority=800)
    # before the theme drops header templates that render empty (pydata-sphinx-theme, at 500)
    app.connect("html-page-context", _switch, priority=100)
    # after the theme's launch buttons and book_sphinx's branches (600)
    app.connect("html-page-context", _launch_buttons, priority=700)
    app.connect("build-finished", _build_editions, priority=990)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    sys.exit(_main(sys.argv[1:]))
