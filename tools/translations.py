"""The Chinese edition's catalogues: bring them up to date, and check them.

(The README's reading section is translated the same way: README.po, and README.zh-CN.md
made from it by ``update``.)

The book's prose is translated through Sphinx's gettext catalogues, one per page, in
``locale/zh_CN/LC_MESSAGES/book/*.po``; the notebooks, their code and their outputs exist once.

    .venv/bin/python tools/translations.py update   # after editing any English sentence
    .venv/bin/python tools/translations.py check    # what CI checks (tests/test_translations.py)
    .venv/bin/python tools/translations.py todo [FILE.po ...]  # what is still to translate

``update`` extracts the English messages afresh (Sphinx's gettext builder, through Jupyter
Book), merges them into the catalogues with sphinx-intl (a changed sentence becomes *fuzzy*,
its old translation kept as a draft, a new one empty), fills in the messages that have no
prose to translate (a formula, a code name, a glued number), and lists what needs a
translator. ``check`` fails on any message untranslated or fuzzy, and on any translation that
drops, adds or alters a maths span, a role, an inline code span or a link target of its source.
"""

from __future__ import annotations

import collections
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
LANGUAGE = "zh_CN"
CATALOGUES = ROOT / "locale" / LANGUAGE / "LC_MESSAGES"

# What a translation must keep exactly, found in a message's text. Display maths first, so
# that its $$ is not read as two empty inline spans.
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)(?:\\.|[^$\\])+?(?<!\s)\$")
# a role: {name}`content`; for {doc} and {ref} with a title, `title <target>`, only the target
_ROLE = re.compile(r"\{([a-zA-Z:_-]+)\}`(?!\s)([^`]*)`")  # not `{eval}` named in code
_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
_CODE = re.compile(r"(?<![`}])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"<?(https?://[^\s<>)\]]+)>?")


def _role_key(m):
    name, content = m.groups()
    titled = _TITLED.match(content) if name in ("doc", "ref", "numref", "download") else None
    return f"{{{name}}}" + (f"<{titled.group(2)}>" if titled else content)


# What is taken out of a message, in this order: display maths first (its $$ is not two empty
# inline spans), roles before code spans (a role's content is in backticks); each part's kind,
# its pattern, what of it must be kept, and what stands in its place in the prose left.
_PARTS = [("math", _DISPLAY_MATH, lambda m: m.group(0), " "),
          ("role", _ROLE, _role_key, " "),
          ("code", _CODE, lambda m: m.group(2), " "),
          ("math", _INLINE_MATH, lambda m: m.group(0), " "),
          ("link", _LINK, lambda m: m.group(1), "] "),
          ("link", _URL, lambda m: m.group(1), " ")]


def _take_apart(text):
    found, rest = collections.Counter(), text
    for kind, pattern, key, gap in _PARTS:
        for m in pattern.finditer(rest):
            found[kind, key(m)] += 1
        rest = pattern.sub(gap, rest)
    return found, rest


def markup(text):
    """The parts of a message a translation must keep: a Counter of (kind, text)."""
    return _take_apart(text)[0]


def prose(text):
    """The message with its maths, roles, code and link targets taken out."""
    return _take_apart(text)[1]


def needs_words(msgid):
    """Whether a message has prose to translate (else its translation is itself): a word of
    two or more letters outside its maths, roles, code and link targets. A maths block, a
    name in backticks or a glued number alone is the same in every language."""
    if msgid.startswith("\n") or msgid.lstrip().startswith("\\") or msgid.strip().startswith("$$"):
        return False  # a displayed equation, whose message is its TeX (Sphinx keeps its lines)
    return re.search(r"[A-Za-z]{2,}", prose(msgid)) is not None


def catalogues():
    return sorted(CATALOGUES.rglob("*.po"))


def _read(path):
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        return read_po(f, locale=LANGUAGE)


def _write(path, catalog):
    from babel.messages.pofile import write_po

    with open(path, "wb") as f:
        write_po(f, catalog, width=79, omit_header=False, sort_output=False)


def problems(path):
    """Every problem of one catalogue, as sentences naming the message."""
    found = []
    for message in _read(path):
        if not message.id:
            continue
        msgid, msgstr = message.id, message.string
        short = msgid if len(msgid) < 70 else msgid[:67] + "..."
        if message.fuzzy:
            found.append(f"fuzzy (its English changed; translate it again): {short!r}")
            continue
        if not msgstr:
            found.append(f"untranslated: {short!r}")
            continue
        if re.match(r"\d+\.\s", msgid) and not re.match(r"\d+\\\.\s", msgstr):
            # a numbered heading ("2. The two-layer net"): Sphinx parses the translation on its
            # own, where "2. ..." is a list and the heading would stay in English
            found.append(f"a numbered heading must write its number as 2\\. : {short!r}")
            continue
        want, got = markup(msgid), markup(msgstr)
        if want != got:
            lost = sorted((want - got).elements())
            extra = sorted((got - want).elements())
            found.append(f"markup differs in {short!r}: missing {lost}, added {extra}")
    return found


def prefill(path):
    """Fill in every message with no prose to translate with its own text; return how many."""
    catalog = _read(path)
    filled = 0
    for message in catalog:
        if message.id and not needs_words(message.id) and (not message.string or message.fuzzy):
            message.string = message.id
            message.flags.discard("fuzzy")
            filled += 1
    catalog.project = "Neural networks from scratch, in numpy"
    _write(path, catalog)
    return filled


def extract(out):
    """The English messages of every page, as .pot files under ``out``: Sphinx's gettext
    builder, through Jupyter Book's configuration, reading the notebooks' stored outputs (the
    ones nbval checks a fresh run reproduces) rather than running them."""
    code = (
        "import sys; from jupyter_book.sphinx import build_sphinx; "
        "sys.exit(build_sphinx(sys.argv[1], sys.argv[2], noconfig=True, "
        "path_config=sys.argv[1] + '/_config.yml', builder='gettext', freshenv=True, "
        "doctreedir=sys.argv[2] + '/.doctrees', really_quiet=True, "
        "confoverrides={'nb_execution_mode': 'off', 'latex_individualpages': False}) or 0)")
    subprocess.run([sys.executable, "-c", code, str(ROOT), str(out)], check=True)
    return pathlib.Path(out)


def stale():
    """Messages of the English pages that their catalogue lacks, and catalogue messages the
    pages no longer have: {page: (missing, obsolete)} for the pages where either is not empty."""
    from babel.messages.pofile import read_po

    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        pot = extract(tmp)
        for template in sorted(pot.rglob("*.pot")):
            page = template.relative_to(pot).with_suffix("")
            with open(template, "rb") as f:
                want = {m.id for m in read_po(f) if m.id}
            po = CATALOGUES / page.with_suffix(".po")
            have = {m.id for m in _read(po) if m.id} if po.exists() else set()
            if want - have or have - want:
                found[str(page)] = (sorted(want - have), sorted(have - want))
    want = set(readme_messages())
    have = {m.id for m in _read(README_PO) if m.id} if README_PO.exists() else set()
    if want != have:
        found["README"] = (sorted(want - have), sorted(have - want))
    return found


# The README's reading section, in Chinese too: its messages (the heading, each list item) in
# README.po beside the pages' catalogues, and README.zh-CN.md made from them.
README = ROOT / "README.md"
README_SECTION = "## Ways to read it"
README_PO = CATALOGUES / "README.po"
README_ZH = ROOT / "README.zh-CN.md"


def readme_messages(text=None):
    """The reading section's messages, in order: its heading's text, then each list item's
    (its lines joined)."""
    text = README.read_text(encoding="utf-8") if text is None else text
    start = text.index(README_SECTION + "\n")
    end = text.index("\n## ", start + len(README_SECTION))
    body = text[start + len(README_SECTION):end]
    items = [" ".join(item.split()) for item in re.split(r"^- ", body, flags=re.M)[1:]]
    return [README_SECTION[3:], *items]


def readme_in_chinese():
    """README.zh-CN.md as its catalogue makes it (an untranslated message left in English)."""
    done = {m.id: m.string for m in _read(README_PO) if m.id and m.string and not m.fuzzy} \
        if README_PO.exists() else {}
    heading, *items = [done.get(m, m) for m in readme_messages()]
    return ("# 用 numpy 从零实现神经网络\n\n"
            "<!-- Made by tools/translations.py from locale/zh_CN/LC_MESSAGES/README.po; "
            "edit README.md and the catalogue, not this file. -->\n\n"
            "本书的中文版在构建好的网站的 `zh/` 目录下（每一页页眉都有切换语言的链接）。"
            "以下是英文 [README.md](README.md) 中“阅读方式”一节的译文；构建、测试和发布的说明见英文原文。\n\n"
            f"## {heading}\n\n" + "".join(f"- {item}\n" for item in items))


def _update_readme():
    from babel.messages.catalog import Catalog

    template = Catalog(locale=LANGUAGE)
    for message in readme_messages():
        template.add(message)
    catalog = _read(README_PO) if README_PO.exists() else Catalog(locale=LANGUAGE)
    catalog.update(template, update_header_comment=False)
    catalog.obsolete.clear()
    _write(README_PO, catalog)
    README_ZH.write_text(readme_in_chinese(), encoding="utf-8")


def update():
    """Extract the English messages afresh and merge them into the catalogues."""
    _update_readme()
    with tempfile.TemporaryDirectory() as tmp:
        pot = extract(tmp)
        subprocess.run([sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot),
                        "-l", LANGUAGE, "-d", str(ROOT / "locale")], check=True,
                       stdout=subprocess.DEVNULL)
        # a page that no longer exists leaves no catalogue behind
        pages = {p.relative_to(pot).with_suffix("") for p in pot.rglob("*.pot")}
        for po in catalogues():
            if po != README_PO and po.relative_to(CATALOGUES).with_suffix("") not in pages:
                po.unlink()
    for po in catalogues():
        prefill(po)
    README_ZH.write_text(readme_in_chinese(), encoding="utf-8")
    return todo()


def todo(paths=()):
    total = 0
    for po in [pathlib.Path(p).resolve() for p in paths] or catalogues():
        found = problems(po)
        total += len(found)
        for problem in found:
            print(f"{po.relative_to(ROOT)}: {problem}")
    print(f"{total} message(s) to translate or mend" if total else "every message is translated")
    return total


def main(argv):
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        update()
        return 0
    if command in ("check", "todo"):
        return 1 if todo(argv[2:]) else 0
    if command == "prefill":
        for po in catalogues():
            print(po.relative_to(ROOT), prefill(po))
        return 0
    raise SystemExit(f"usage: {argv[0]} update | check | todo")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
