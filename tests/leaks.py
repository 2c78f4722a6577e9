"""Search a folder for the book's solutions: what the solution-free build and the student
branches must not contain (tests/test_student_copy.py).

A solution is the body of a chapter's ``{solution}`` directive, or the code of a cell that
computes or checks an exercise's answer (tagged remove-cell, after the chapter's
"## Exercises" heading). Each is searched for by fragments: runs of 30 or more characters of
its lines that no markup splits (a run ends at ``$ ` * { } [ ] ( ) < > | \\``, so a fragment is
text every rendering shows as it is: the page, its search for ``<`` and ``&`` escapes, a
notebook's JSON, a plain-Markdown copy), kept only if no solution-free part of the book has it
(a solution may quote its exercise). Every file is read whole; zip files (wheels too), tar
files and gzip files are opened and their members read; each text is searched as it is, with
JSON and JavaScript string escapes decoded, and with HTML tags removed and entities decoded,
every time with whitespace, quotes, dashes and case made uniform. The Chinese edition's
solutions are searched for too: their text as its pages show it, from the catalogues.
"""

import gzip
import html
import io
import pathlib
import re
import sys
import tarfile
import zipfile

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("0*.ipynb"))
# the other editions, whose pages show the solutions in their words (_ext/book_i18n.py)
LANGUAGES = ("zh_CN",)
sys.path.insert(0, str(ROOT / "_ext"))
MIN_FRAGMENT = 30
MIN_CODE = 24
OPENING = re.compile(r"^(`{3,}|:{3,})\{solution\}(.*)$")
MARKUP = re.compile(r"[$`*{}\[\]()<>|\\]")
ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[nrt\"'\\/])")
TAG = re.compile(r"<[^<>]*>")
WORD = re.compile(r"\w+")
SAME = [("---", "-"), ("--", "-"), ("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'),
        ("\u201d", '"'), ("\u2013", "-"), ("\u2014", "-"), ("\u2026", "..."), ("\u00a0", " ")]


def normal(text):
    """Whitespace, quotes, dashes and case made uniform (Sphinx writes ' as ’, -- as –)."""
    for before, after in SAME:
        text = text.replace(before, after)
    return " ".join(text.split()).lower()


def solution_bodies(source):
    """[(exercise label, body)] of the {solution} directives of a Markdown cell's source."""
    lines, bodies, i = source.split("\n"), [], 0
    while i < len(lines):
        opening = OPENING.match(lines[i].strip())
        i += 1
        if opening is None:
            continue
        fence, label, body = opening.group(1), opening.group(2).strip(), []
        while i < len(lines):
            line = lines[i].strip()
            i += 1
            if len(line) >= len(fence) and set(line) == {fence[0]}:
                break
            body.append(lines[i - 1])
        # the directive's options are not its text
        bodies.append((label, "\n".join(b for b in body if not re.match(r"^:[\w-]+:", b))))
    return bodies


def _translation(path, language):
    """A function that puts Markdown of chapter ``path`` into ``language`` (its catalogue, as
    the Chinese edition does: _ext/book_i18n.py), or leaves it as it is for None."""
    if language is None:
        return lambda text: text
    import book_i18n

    messages = book_i18n.catalogue(ROOT, language, f"book/{path.stem}")
    return lambda text: book_i18n.translate_markdown(text, messages)[0]


def solutions(path, language=None):
    """[(name, text)] for the chapter ``path``: each solution's body and each hidden cell of its
    exercises' section that computes or checks an answer. With a ``language`` (the Chinese
    edition's "zh_CN"), the solutions' bodies in that language, and no hidden cell (their code
    is the same in every edition)."""
    found, in_exercises, hidden = [], False, 0
    translate = _translation(path, language)
    suffix = f" [{language}]" if language else ""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            in_exercises = in_exercises or bool(re.search(r"^## Exercises", cell.source, re.M))
            for label, body in solution_bodies(cell.source):
                found.append((f"{path.stem}: the solution to {label}{suffix}", translate(body)))
        elif language:
            continue
        elif in_exercises and "remove-cell" in cell.metadata.get("tags", []):
            hidden += 1
            found.append((f"{path.stem}: hidden cell {hidden} of the exercises", cell.source))
    return found


INLINE_MATH = re.compile(r"(?<!\$)\$([^$\n]+)\$(?!\$)")
ROLE_OR_LINK = re.compile(r"\{\w[\w:-]*\}`[^`]*`|\]\([^)]*\)")


def fragments(text):
    """A solution's fragments, normalised: each line of MIN_CODE or more characters as it is
    (a notebook, a Markdown copy or a code block on a page has it so); each line as a page
    shows it (``$x$`` as ``\\(x\\)``, no backticks or asterisks), cut at roles and links; and
    the runs of MIN_FRAGMENT or more characters that no markup splits."""
    found = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:[-+>]|\d+\.)\s+", "", line)  # a list item's or a quote's marker
        if len(normal(line)) >= MIN_CODE:
            found.append(normal(line))
        shown = re.sub(r"[`*]", "", INLINE_MATH.sub(r"\\(\1\\)", line))
        found += [normal(p) for p in ROLE_OR_LINK.split(shown) if len(normal(p)) >= MIN_FRAGMENT]
        found += [normal(p) for p in MARKUP.split(line) if len(normal(p)) >= MIN_FRAGMENT]
    return list(dict.fromkeys(found))


def visible_text():
    """What the solution-free book shows, normalised: every chapter without its solutions and
    hidden exercise cells, the book's pages and helpers/ (a fragment found there is not a
    solution's own)."""
    parts = []
    for path in CHAPTERS:
        own = {text for _, text in solutions(path)}
        for cell in nbformat.read(path, as_version=4).cells:
            source = cell.source
            if cell.source in own:
                continue
            for _, body in solution_bodies(source) if cell.cell_type == "markdown" else []:
                source = source.replace(body, "")
            parts.append(source)
            if cell.cell_type == "markdown":  # and as each other edition shows it
                parts += [_translation(path, language)(source) for language in LANGUAGES]
            parts += [str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                      for o in cell.get("outputs", [])]
    parts += [p.read_text() for p in sorted((ROOT / "book").glob("*.md"))]
    parts += [p.read_text() for p in sorted((ROOT / "helpers").rglob("*.py"))]
    return "\n".join(normal(line) for part in parts for line in part.split("\n")) + "\n" + \
        "\n".join(normal(" ".join(MARKUP.split(part))) for part in parts)


def needles():
    """{solution name: its fragments} for every solution of every chapter; a solution whose
    every fragment is also in the solution-free book is listed with none (the test fails)."""
    shown = visible_text()
    return {name: [f for f in fragments(text) if f not in shown]
            for path in CHAPTERS for language in (None, *LANGUAGES)
            for name, text in solutions(path, language)}


def _views(text):
    """The text as it is, with string escapes decoded, and each with HTML tags removed."""
    if "\0" in text:  # binary: as it is only
        return [normal(text)]
    unescaped = ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "u"
                           else {"n": "\n", "r": "\n", "t": "\t"}.get(m.group(1), m.group(1)),
                           text)
    views = [text, unescaped]
    views = [normal(v) for v in views + [html.unescape(TAG.sub("", v)) for v in views]]
    return list(dict.fromkeys(views))


def _members(name, data):
    """(name, bytes) of a file and, for an archive, of every member, recursively."""
    yield name, data
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    yield from _members(f"{name}!{info.filename}", archive.read(info))
    elif data[:2] == b"\x1f\x8b":
        inner = gzip.decompress(data)
        yield from _members(f"{name}!gunzip", inner)
    elif len(data) > 512 and data[257:262] == b"ustar":
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            for info in archive.getmembers():
                if info.isfile():
                    yield from _members(f"{name}!{info.name}",
                                        archive.extractfile(info).read())


def search(folder, wanted):
    """Every file under ``folder`` (and every archive member) searched for the fragments of
    ``wanted`` ({name: fragments}); returns (hits, kinds): hits {name: [file, ...]} for the
    solutions found, kinds {file kind: count} of everything searched."""
    folder = pathlib.Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder: not a folder: {folder}")
    hits, kinds = {}, {}
    # a fragment's inner words are words of any text that has it: a quick test first
    inner = [(name, f, set(WORD.findall(f)[1:-1]) or {""}) for name, parts in wanted.items()
             for f in parts]
    by_word = {}
    for entry in inner:
        by_word.setdefault(max(entry[2], key=len), []).append(entry)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for name, data in _members(path.relative_to(folder).as_posix(), path.read_bytes()):
            kind = pathlib.PurePath(name.rsplit("!", 1)[-1]).suffix or "(no suffix)"
            kind = ("archive member " if "!" in name else "") + kind
            kinds[kind] = kinds.get(kind, 0) + 1
            for view in _views(data.decode("utf-8", errors="replace")):
                words = set(WORD.findall(view)) | {""}
                for word in words & by_word.keys():
                    for solution, f, inner_words in by_word[word]:
                        if inner_words <= words and f in view:
                            if name not in hits.setdefault(solution, []):
                                hits[solution].append(name)
    return hits, kinds
