"""What the book prints of helpers/ is what its prose says it prints.

The chapters show library functions with a code cell ``listing(net.softmax)`` (tagged
``remove-input``: the page shows the code, Jupyter the call and the code), which prints the
whole top-level def, as Sphinx's ``literalinclude ... :pyobject: NAME`` did (jupyterlab-myst
drops that directive, so a notebook opened in JupyterLab showed nothing where the code was).
A refactor can leave the listing in place while the lines the text describes move to another
function (this happened: the text described the dropout mask and the slope taken at ``L1``
under a listing that only handed off to a helper). For every printed function, PRINTED lists
the code the prose around it names; each must be in the printed source AND in the prose near
the listing, so that both a change to the code and a change to the text that drops the link
fail.
"""

import ast
import functools
import importlib
import importlib.util
import pathlib
import re
import types

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
# The prose around a listing: the Markdown cell right before it and the one right after it
# (skipping other listings), which hold the text that was around it when it was a directive inside
# a Markdown cell, and the NEAR cells beyond each of them, not counting listing cells. Before,
# the rule was that cell and the 3 cells either side of it: this gives the same cells for a
# listing in the middle of its cell, fewer where one cell held several listings, and one more
# where a listing opened or closed its cell next to another Markdown cell (the two read as one).
NEAR = 3

# A listing cell is this call and nothing else: module.name, as the notebook imports the module.
LISTING = re.compile(r"listing\((\w+)\.(\w+)(?:, emphasize_lines=\[(\d+(?:, \d+)*)\])?\)")
# A page that is not a notebook can still print with Sphinx's directive (the build shows it).
INCLUDE = re.compile(r"```\{literalinclude\} \.\./(\S+)\n(?::[^\n]*\n)*?:pyobject: (\S+)\n")


def _code_of(cell):
    """A code cell's source without its IPython magics (the Colab cell's %pip), for ast."""
    return "\n".join(line[:len(line) - len(line.lstrip())] + "pass"
                     if line.lstrip().startswith(("%", "!")) else line
                     for line in cell.source.splitlines())


def helpers_modules(cells):
    """{name in the notebook: module of helpers} for every ``from helpers import x [as y]``."""
    found = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(_code_of(cell))):
            if isinstance(node, ast.ImportFrom) and node.module == "helpers" and node.level == 0:
                found.update({a.asname or a.name: f"helpers.{a.name}" for a in node.names})
    return found


def module_file(module):
    """helpers/net.py for helpers.net: the file, relative to the repository, it is read from."""
    return pathlib.Path(importlib.util.find_spec(module).origin).relative_to(ROOT).as_posix()


def is_listing(cell):
    """A code cell with a statement listing(...) (chapter 5 also has a parameter `listing`)."""
    return cell.cell_type == "code" and _calls_listing(_code_of(cell))


@functools.lru_cache(maxsize=None)
def _calls_listing(code):
    return any(isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
               and isinstance(node.value.func, ast.Name) and node.value.func.id == "listing"
               for node in ast.parse(code).body)


def listing_cells(path):
    """(index, cell, module, file, name, emphasized lines or None) of each listing cell."""
    cells = nbformat.read(path, as_version=4).cells
    modules = helpers_modules(cells)
    found = []
    for i, cell in enumerate(cells):
        if not is_listing(cell):
            continue
        match = LISTING.fullmatch(cell.source)
        assert match, (f"{path.name}: a listing cell must be listing(module.name) alone, as "
                       f"listing(net.softmax); got {cell.source!r}")
        module, name, lines = match.groups()
        assert module in modules, (f"{path.name}: {cell.source} names {module}, which no "
                                   f"`from helpers import ...` of the notebook imports")
        emphasized = [int(n) for n in lines.split(", ")] if lines else None
        found.append((i, cell, modules[module], module_file(modules[module]), name, emphasized))
    return found


def near_listing(cells, i):
    """The cells around the listing cells[i] (see NEAR), in order."""
    others = [j for j, c in enumerate(cells) if not is_listing(c)]
    before = [j for j in others if j < i][::-1]
    after = [j for j in others if j > i]

    def side(seq):
        # the Markdown cell right next to the listing is its own text: it does not count
        return seq[:NEAR + (1 if seq and cells[seq[0]].cell_type == "markdown" else 0)]
    return [cells[j] for j in sorted(side(before) + side(after))]


def test_the_prose_around_a_listing_is_its_own_text_and_three_cells_beyond():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [md("far"), code("a = 1"), md("m1"), md("m2"), md("m3"), md("before"),
             code("listing(net.softmax)"), code("listing(net.one_hot)"), md("after"),
             code("b = 2"), md("n2"), code("c = 3"), md("too far")]
    assert [c.source for c in near_listing(cells, 6)] == [
        "m1", "m2", "m3", "before", "after", "b = 2", "n2", "c = 3"]
    assert near_listing(cells, 7) == near_listing(cells, 6)  # listings side by side: one place
    cells[5] = code("d = 4")  # a listing after a code cell: 3 cells on that side
    assert [c.source for c in near_listing(cells, 6)][:3] == ["m2", "m3", "d = 4"]


def book_includes():
    """(page, file, function, prose near the listing) for every listing in the book."""
    found = []
    for path in sorted(BOOK.glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        for i, _, _, file, name, _ in listing_cells(path):
            prose = "\n".join(c.source for c in near_listing(cells, i) if c.cell_type == "markdown")
            found.append((path.stem, file, name, prose))
    for path in sorted(BOOK.glob("*.md")):
        text = path.read_text()
        for file, name in INCLUDE.findall(text):
            found.append((path.stem, file, name, INCLUDE.sub("", text)))
    return found


# (page, file, function): code the page's prose says that function contains.
PRINTED = {
    ("00_linear_regression", "helpers/net.py", "one_layer_forward"): [
        "X.dot(params[\"W0\"])", "sigmoid(z1)", "OneLayerCache", "checks.active"],
    ("00_linear_regression", "helpers/net.py", "one_layer_backward"): [
        "X.T.dot(delta1)", "sigmoid_backward"],
    ("01_no_hidden_layer", "helpers/net.py", "sigmoid"): [
        "np.maximum(z, -700.0)", "checks.active"],
    ("01_no_hidden_layer", "helpers/net.py", "one_layer_forward"): [
        "X.dot(params[\"W0\"])", "sigmoid", "OneLayerCache"],
    ("01_no_hidden_layer", "helpers/net.py", "one_layer_backward"): [
        "sigmoid_backward(dL1, L1)", "X.T.dot(delta1)"],
    ("01_no_hidden_layer", "helpers/net.py", "sigmoid_backward"): [
        "dL * (L * (1.0 - L))"],
    ("01_no_hidden_layer", "helpers/net.py", "squared_error"): [
        "squared_error"],
    ("01_no_hidden_layer", "helpers/net.py", "squared_error_backward"): [
        "L_out - y"],
    ("02_two_layer_net", "helpers/net.py", "two_layer_forward"): [
        "dropout_forward", "has_bias", "L1_out", "output", "sigmoid"],
    ("02_two_layer_net", "helpers/net.py", "two_layer_backward"): [
        "sigmoid_backward(dL2, cache.L2)", "hidden_backward"],
    ("02_two_layer_net", "helpers/net.py", "hidden_backward"): [
        "dL1_out = delta2.dot(W1.T)", "dropout_backward", "delta1 = sigmoid_backward(dL1, L1)",
        "X.T.dot(delta1)", "L1_out.T.dot(delta2)", "if has_bias:"],
    ("03_dropout", "helpers/net.py", "dropout_mask"): [
        "u = rng.random(shape)", "kept * (1.0 / keep)"],
    ("03_dropout", "helpers/net.py", "dropout_forward"): [
        "mask", "train", "dropout_mask"],
    ("03_dropout", "helpers/net.py", "dropout_backward"): [
        "dout * mask"],
    ("03_dropout", "helpers/net.py", "l2_penalty"): [
        "W * W"],
    ("03_dropout", "helpers/net.py", "l2_penalty_backward"): [
        "weight_decay * W"],
    ("03_dropout", "helpers/net.py", "two_layer_forward"): [
        "L1_out, mask = dropout_forward(L1, dropout_rate, rng, mask=mask, train=train)"],
    ("03_dropout", "helpers/net.py", "two_layer_backward"): [
        "cache.L2", "hidden_backward"],
    ("03_dropout", "helpers/net.py", "hidden_backward"): [
        "dL1_out = delta2.dot(W1.T)", "dL1 = dropout_backward(dL1_out, mask)",
        "sigmoid_backward(dL1, L1)", "delta1.sum(axis=0, keepdims=True)"],
    ("03_dropout", "helpers/net.py", "predict"): [
        "train=False", "forward"],
    ("03_dropout", "helpers/net.py", "forward"): [
        "two_layer_forward", "one_layer_forward"],
    ("03_dropout", "helpers/net.py", "backward"): [
        "OneLayerCache", "two_layer_backward"],
    ("03_dropout", "helpers/defences.py", "run_seed"): [
        "train_test_split", "start", "np.argmin"],
    ("04_gradient_checking", "helpers/net.py", "relative_error"): [
        "np.linalg.norm"],
    ("04_gradient_checking", "helpers/net.py", "numerical_gradient"): [
        "A[idx] = old + h", "A[idx] = old", "(f_plus - f_minus) / (2 * h)"],
    ("04_gradient_checking", "helpers/net.py", "gradient_check"): [
        "v.copy()", "loss_and_grads", "relative_error", "mask", 'cost="cross_entropy"'],
    ("04_gradient_checking", "helpers/net.py", "loss_and_grads"): [
        "squared_error_backward", "softmax_cross_entropy_backward", "classifier_backward"],
    ("05_original_code", "helpers/seed_port.py", "nonlin"): [
        "deriv"],
    ("05_original_code", "helpers/seed_port.py", "listing_2"): [
        "w1 -= grad1 * lr", "L1_loss = L2_delta.dot(w1.T)"],
    ("05_original_code", "helpers/net.py", "sgd_step"): [
        "params[k] - lr * grads[k]"],
    ("05_original_code", "helpers/net.py", "two_layer_backward"): [
        "sigmoid_backward", "cache.L2", "hidden_backward"],
    ("05_original_code", "helpers/net.py", "hidden_backward"): [
        "L1_out", "dL1_out", "dropout_backward", "delta1 = sigmoid_backward(dL1, L1)",
        "if has_bias:"],
    ("05_original_code", "helpers/seed_port.py", "listing_3"): [
        "L1 *=", "nonlin(L1, True)", "w1 -= grad1 * lr", "L1_loss = L2_delta.dot(w1.T)"],
    ("06_digits", "helpers/net.py", "softmax"): [
        "np.exp(z - z.max(axis=-1, keepdims=True))"],
    ("06_digits", "helpers/net.py", "classifier_forward"): [
        "output=softmax", "two_layer_forward"],
    ("06_digits", "helpers/net.py", "cross_entropy"): [
        "picked", "TINY"],
    ("06_digits", "helpers/net.py", "classifier_backward"): [
        "hidden_backward"],
    ("06_digits", "helpers/net.py", "one_hot"): [
        "Y[np.arange(len(labels)), labels] = 1.0"],
    ("06_digits", "helpers/net.py", "softmax_cross_entropy_backward"): [
        "one_hot(labels, P.shape[1])", "(P - Y) / len(P)"],
    ("06_digits", "helpers/net.py", "train_classifier"): [
        "X_epoch[start:start + batch_size]", "rng.permutation(n)", "classifier_forward", "P_epoch",
        "cross_entropy", "softmax_cross_entropy_backward", "classifier_backward", "sgd_step",
        "measure", "with checks.skipped():", "@checks.keywords_named", "momentum_step"],
    ("06_digits", "helpers/net.py", "momentum_step"): [
        "moved[k] = momentum * velocity[k] + grads[k]", "params[k] - lr * moved[k]", "sgd_step"],
    ("07_deep_nets", "helpers/deep.py", "deep_forward"): [
        "L.append", "net.sigmoid(z)"],
    ("07_deep_nets", "helpers/deep.py", "deep_backward"): [
        "L[k - 1].T.dot(delta)", "delta.sum(axis=0, keepdims=True)", "delta.dot(W[k - 1].T)",
        "f_backward", "deltas"],
}


def squeeze(text):
    """Runs of white space as one space: prose wraps an inline listing across lines."""
    return re.sub(r"\s+", " ", text)


def printed_source(file, name):
    """The lines Sphinx's ``:pyobject:`` prints: the whole top-level def or class ``name``,
    from its first decorator on."""
    source = (ROOT / file).read_text()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            return "\n".join(source.splitlines()[first - 1: node.end_lineno])
    raise AssertionError(f"{file} has no top-level {name}, which the book prints")


def test_the_book_prints_functions_and_the_table_lists_exactly_those():
    found = {(page, file, name) for page, file, name, _ in book_includes()}
    assert len(found) >= 15, "the pattern no longer finds the book's listings"
    assert found == set(PRINTED), (
        f"listings without an entry: {sorted(found - set(PRINTED))}; "
        f"entries without a listing: {sorted(set(PRINTED) - found)}")


@pytest.mark.parametrize("page,file,name,prose", book_includes(),
                         ids=lambda v: v if isinstance(v, str) and "\n" not in v else "")
def test_a_printed_function_holds_the_code_its_prose_names(page, file, name, prose):
    source, prose = squeeze(printed_source(file, name)), squeeze(prose)
    for code in PRINTED[(page, file, name)]:
        assert code in source, f"{page} prints {name}, which no longer contains `{code}`"
        assert code in prose, (f"{page}'s prose around the {name} listing no longer names "
                               f"`{code}`: update PRINTED to what it now describes")



def _calls_into_the_file(file, name):
    """The top-level functions of ``file`` that its function ``name`` calls (not classes)."""
    tree = ast.parse((ROOT / file).read_text())
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    called = {c.func.id for c in ast.walk(node)
              if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
    # a function passed by name, as output=softmax, is shown to the reader as much as a call
    passed = {k.value.id for c in ast.walk(node) if isinstance(c, ast.Call)
              for k in c.keywords if isinstance(k.value, ast.Name)}
    own = {a.arg for a in node.args.args + node.args.kwonlyargs}  # train=train passes a flag
    return sorted((called | (passed - own)) & functions - {name})


@pytest.mark.parametrize("page,file,name,prose", book_includes(),
                         ids=lambda v: v if isinstance(v, str) and "\n" not in v else "")
def test_a_printed_function_calls_only_functions_the_book_shows_and_its_page_names(
        page, file, name, prose):
    """No hand-off to a function the reader is not shown: every function of the same file
    that a printed function calls is printed somewhere in the book, and the prose around the
    listing names it, so the reader knows where to look."""
    printed = {(f, n) for _, f, n, _ in book_includes()}
    for callee in _calls_into_the_file(file, name):
        assert (file, callee) in printed, f"{page} prints {name}, which calls {callee}, " \
                                          f"which the book never prints"
        assert re.search(rf"\b{callee}\b", prose), \
            f"{page} prints {name}, which calls {callee}; the prose around it never names it"


def test_the_call_finder_finds_a_hand_off():
    # the rule above must be able to fail: hidden_backward is a call of two_layer_backward,
    # softmax is passed by classifier_forward, and a function does not count itself
    assert _calls_into_the_file("helpers/net.py", "two_layer_backward") == [
        "hidden_backward", "sigmoid_backward"]
    assert "softmax" in _calls_into_the_file("helpers/net.py", "classifier_forward")
    assert "dropout_mask" in _calls_into_the_file("helpers/net.py", "dropout_forward")


# ------------------------------------------------------------------ the listing cells

CHAPTERS = sorted(BOOK.glob("0*.ipynb"))


def test_no_notebook_prints_with_literalinclude():
    """jupyterlab-myst drops the directive: JupyterLab would show nothing where the code is."""
    for path in sorted(BOOK.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            assert "{literalinclude}" not in cell.source, (
                f"{path.name}: print library code with a listing(module.name) cell")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_listing_cell_shows_the_code_on_the_page_and_its_stored_output_is_fresh(path):
    from helpers.listing import listing_bundle

    cells = nbformat.read(path, as_version=4).cells
    found = listing_cells(path)
    if not found:
        return
    first = found[0][0]
    assert any(c.cell_type == "code" and "from helpers.listing import listing" in c.source
               for c in cells[:first]), f"{path.name} calls listing before importing it"
    for _, cell, module, _, name, emphasized in found:
        where = f"{path.name}: {cell.source}"
        # the page shows the code, not the call (in Jupyter the student sees both)
        assert "remove-input" in cell.metadata.get("tags", []), where
        # :emphasize-lines: is a MyST directive, so that output is MyST; the rest CommonMark
        markdown = cell.metadata.get("mystnb", {}).get("markdown_format")
        assert markdown == ("myst" if emphasized else None), where
        obj = getattr(importlib.import_module(module), name)
        outputs = [dict(o) for o in cell.outputs]
        assert len(outputs) == 1 and outputs[0]["output_type"] == "display_data", where
        assert dict(outputs[0]["data"]) == listing_bundle(obj, emphasized), (
            f"{where}: the stored listing is not the code now; run tools/execute_notebooks.py")


# ------------------------------------------------------------------ helpers.listing

def _helpers_defs():
    """(module, name) of every top-level def and class of helpers/."""
    found = []
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.append((module, node.name))
    return found


def _sphinx_pyobject(file, name):
    """What ``literalinclude`` with ``:pyobject: name`` prints, by Sphinx's own reader."""
    from sphinx.directives.code import LiteralIncludeReader

    config = types.SimpleNamespace(source_encoding="utf-8-sig")  # Sphinx's default
    text, _ = LiteralIncludeReader(str(ROOT / file), {"pyobject": name}, config).read()
    return text


@pytest.mark.parametrize("module,name", _helpers_defs(), ids=lambda v: v)
def test_listing_prints_what_sphinx_pyobject_printed(module, name):
    from markdown_it import MarkdownIt

    from helpers.listing import listing_bundle

    obj = getattr(importlib.import_module(module), name)
    file = module_file(module)
    bundle = listing_bundle(obj)
    source = printed_source(file, name)  # by ast, from the first decorator
    assert bundle["text/plain"] == source
    assert bundle["text/plain"] + "\n" == _sphinx_pyobject(file, name)
    # the Markdown is one Python code block holding exactly the source, backticks and all
    (fence,) = [t for t in MarkdownIt("commonmark").parse(bundle["text/markdown"])
                if t.type != "text"]
    assert (fence.type, fence.info, fence.content) == ("fence", "python", source + "\n")


def test_listing_starts_at_the_first_decorator():
    from helpers import net
    from helpers.listing import listing_bundle

    lines = listing_bundle(net.train_classifier)["text/plain"].splitlines()
    assert lines[0] == "@checks.keywords_named"
    assert lines[1].startswith("def train_classifier(params, X, labels, *, lr,")
    assert lines[-1] == "    return params, history"


def test_listing_displays_markdown_and_plain_text(monkeypatch):
    import helpers.listing
    from helpers import net

    shown = []
    monkeypatch.setattr(helpers.listing, "display", lambda *objs, **kw: shown.append((objs, kw)))
    assert helpers.listing.listing(net.softmax) is None  # a display, not an Out[] value
    ((bundle,), options), = shown
    assert options == {"raw": True}
    source = printed_source("helpers/net.py", "softmax")
    assert bundle == {"text/markdown": f"```python\n{source}\n```", "text/plain": source}


def test_an_emphasized_listing_is_the_directive_sphinx_emphasizes_with(monkeypatch):
    """In the book's build (NN_BOOK_STATIC=1) MyST's code-block with :emphasize-lines:;
    anywhere else the plain code block, which every Jupyter renders."""
    from helpers import seed_port
    from helpers.explore import STATIC_ENV
    from helpers.listing import BOOK_BUILD_ENV, listing_bundle

    assert BOOK_BUILD_ENV == STATIC_ENV
    source = printed_source("helpers/seed_port.py", "listing_2")
    monkeypatch.setenv(BOOK_BUILD_ENV, "1")
    bundle = listing_bundle(seed_port.listing_2, [25, 29])
    assert bundle == {"text/plain": source, "text/markdown":
                      f"```{{code-block}} python\n:emphasize-lines: 25,29\n{source}\n```"}
    monkeypatch.delenv(BOOK_BUILD_ENV)
    assert listing_bundle(seed_port.listing_2, [25, 29]) == {
        "text/plain": source, "text/markdown": f"```python\n{source}\n```"}


def test_the_page_highlights_the_emphasized_lines(built_book):
    """Chapter 5's page highlights exactly the lines its listing cells name."""
    import html as html_lib

    from helpers import seed_port
    from helpers.listing import source_lines

    page = (built_book / "book" / "05_original_code.html").read_text()
    path = ROOT / "book" / "05_original_code.ipynb"
    emphasized = [(name, lines) for _, _, _, _, name, lines in listing_cells(path) if lines]
    assert len(emphasized) == 2
    highlighted = [html_lib.unescape(re.sub(r"<[^>]+>", "", m))
                   for m in re.findall(r'<span class="hll">(.*?)\n</span>', page, re.S)]
    want = []
    for name, lines in emphasized:
        source = source_lines(getattr(seed_port, name))
        want += [source[k - 1].strip() for k in lines]
    assert [h.strip() for h in highlighted] == want


def test_the_fence_is_longer_than_any_backtick_run():
    from helpers.listing import _fence

    assert _fence("x = 1") == "```"
    assert _fence('"""Use ``x``."""') == "```"
    assert _fence("s = '```'") == "````"
    assert _fence("`````") == "``````"


def _a_notebook_function(z):
    return z


def _wrong_arguments():
    import numpy as np

    from helpers import exercises, net

    return [
        ("softmax", "the str 'softmax'"),
        (net, "the module helpers.net"),
        (np.exp, "numpy.exp"),
        (_a_notebook_function, "_a_notebook_function"),
        (lambda z: z, "<lambda>"),
        (exercises.Feedback.__repr__, "helpers.exercises.Feedback.__repr__"),
        (None, "the NoneType None"),
    ]


@pytest.mark.parametrize("obj,got", _wrong_arguments(), ids=lambda v: str(v)[:40])
def test_listing_refuses_what_is_no_top_level_def_of_helpers(obj, got):
    from helpers.listing import listing_bundle

    with pytest.raises(ValueError) as error:
        listing_bundle(obj)
    message = str(error.value)
    for words in ["listing(obj)", "function or class", "top level", "helpers", "net.softmax",
                  "got", got]:
        assert words in message, (words, message)


@pytest.mark.parametrize("lines", [[0], [36], [25.0], [True], [], "25,29", 25],
                         ids=lambda v: repr(v))
def test_listing_refuses_lines_the_listing_does_not_have(lines):
    from helpers import seed_port
    from helpers.listing import listing_bundle

    assert len(printed_source("helpers/seed_port.py", "listing_2").splitlines()) == 35
    with pytest.raises(ValueError) as error:
        listing_bundle(seed_port.listing_2, lines)
    message = str(error.value)
    for words in ["emphasize_lines", "from 1 to 35", f"got {lines!r}"]:
        assert words in message, (words, message)
