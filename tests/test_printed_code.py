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
    ("00_linear_regression", "helpers/net.py", "_one_layer_forward"): [
        "X.dot(params[\"W0\"])", "_sigmoid_in_place"],
    ("00_linear_regression", "helpers/net.py", "_one_layer_backward"): [
        "X.T.dot(delta1)"],
    ("01_no_hidden_layer", "helpers/net.py", "_one_layer_forward"): [
        "X.dot(params[\"W0\"])"],
    ("01_no_hidden_layer", "helpers/net.py", "_one_layer_backward"): [
        "sigmoid_backward(dL1, L1)", "X.T.dot(delta1)"],
    ("02_two_layer_net", "helpers/net.py", "_two_layer_forward"): [
        "mask", "has_bias", "L1_out", "output", "_sigmoid_in_place"],
    ("02_two_layer_net", "helpers/net.py", "_two_layer_backward"): [
        "sigmoid_backward(dL2, cache[4])", "_hidden_backward"],
    ("02_two_layer_net", "helpers/net.py", "_hidden_backward"): [
        "dL1_out = delta2.dot(W1.T)", "mask", "delta1 = sigmoid_backward(dL1, L1)",
        "X.T.dot(delta1)", "L1_out.T.dot(delta2)"],
    ("03_dropout", "helpers/net.py", "_dropout_mask"): [
        "u = rng.random(shape)", "kept * (1.0 / keep)"],
    ("03_dropout", "helpers/net.py", "dropout_forward"): [
        "mask", "train"],
    ("03_dropout", "helpers/net.py", "dropout_backward"): [
        "dout * mask"],
    ("03_dropout", "helpers/net.py", "_two_layer_forward"): [
        "L1_out = L1 if mask is None else L1 * mask"],
    ("03_dropout", "helpers/net.py", "_two_layer_backward"): [
        "cache[4]", "_hidden_backward"],
    ("03_dropout", "helpers/net.py", "_hidden_backward"): [
        "dL1_out = delta2.dot(W1.T)", "dL1 = dL1_out if mask is None else dL1_out * mask",
        "sigmoid_backward(dL1, L1)"],
    ("03_dropout", "helpers/net.py", "_add_bias_grads"): [
        "delta.sum(axis=0, keepdims=True)"],
    ("03_dropout", "helpers/net.py", "predict"): [
        "train=False"],
    ("04_gradient_checking", "helpers/net.py", "relative_error"): [
        "np.linalg.norm"],
    ("04_gradient_checking", "helpers/net.py", "numerical_gradient"): [
        "A[idx] = old + h", "A[idx] = old", "(f_plus - f_minus) / (2 * h)"],
    ("04_gradient_checking", "helpers/net.py", "gradient_check"): [
        "v.copy()", "loss_and_grads", "relative_error", "mask", 'cost="cross_entropy"'],
    ("05_original_code", "helpers/seed_port.py", "nonlin"): [
        "deriv"],
    ("05_original_code", "helpers/seed_port.py", "listing_2"): [
        "w1 -= grad1 * lr", "L1_loss = L2_delta.dot(w1.T)"],
    ("05_original_code", "helpers/net.py", "sgd_step"): [
        "params[k] - lr * grads[k]"],
    ("05_original_code", "helpers/net.py", "_two_layer_backward"): [
        "sigmoid_backward", "cache[4]", "_hidden_backward"],
    ("05_original_code", "helpers/net.py", "_hidden_backward"): [
        "L1_out", "dL1_out", "mask", "delta1 = sigmoid_backward(dL1, L1)", "_add_bias_grads"],
    ("05_original_code", "helpers/seed_port.py", "listing_3"): [
        "L1 *=", "nonlin(L1, True)", "w1 -= grad1 * lr", "L1_loss = L2_delta.dot(w1.T)"],
    ("06_digits", "helpers/net.py", "_softmax_in_place"): [
        "z -= z.max(axis=-1, keepdims=True)"],
    ("06_digits", "helpers/net.py", "softmax_cross_entropy_backward"): [
        "dz[np.arange(P.shape[0]), labels] -= 1.0", "dz /= P.shape[0]"],
    ("06_digits", "helpers/net.py", "train_classifier"): [
        "X_epoch[start:stop]", "rng.permutation(n)", "np.subtract(P, Y_epoch[start:stop], out=P)",
        "P *= lr / m"],
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
    """The lines Sphinx's ``:pyobject:`` prints: the whole top-level def or class ``name``."""
    source = (ROOT / file).read_text()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return "\n".join(source.splitlines()[node.lineno - 1: node.end_lineno])
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

