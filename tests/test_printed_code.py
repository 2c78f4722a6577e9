"""What the book prints of helpers/ is what its prose says it prints.

The chapters show library functions with ``literalinclude ... :pyobject: NAME``.
A refactor can leave the include in place while the lines the text describes
move to another function (this happened: the text described the dropout mask
and the slope taken at ``L1`` under a listing that only handed off to a helper).
For every printed function, PRINTED lists the code the prose around it names;
each must be in the printed source AND in the prose near the listing, so that
both a change to the code and a change to the text that drops the link fail.
"""

import ast
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
NEAR = 3  # cells either side of the listing that count as "the prose around it"

INCLUDE = re.compile(r"```\{literalinclude\} \.\./(\S+)\n(?::[^\n]*\n)*?:pyobject: (\S+)\n")

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
        "measure", "with checks.skipped():", "@checks.keywords_named"],
}


def book_includes():
    """(page, file, function, prose near the listing) for every pyobject include in the book."""
    found = []
    for path in sorted(BOOK.glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        for i, cell in enumerate(cells):
            if cell.cell_type != "markdown":
                continue
            for file, name in INCLUDE.findall(cell.source + "\n"):
                near = cells[max(0, i - NEAR): i + NEAR + 1]
                prose = "\n".join(INCLUDE.sub("", c.source + "\n") for c in near
                                  if c.cell_type == "markdown")
                found.append((path.stem, file, name, prose))
    for path in sorted(BOOK.glob("*.md")):
        text = path.read_text()
        for file, name in INCLUDE.findall(text):
            found.append((path.stem, file, name, INCLUDE.sub("", text)))
    return found


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
