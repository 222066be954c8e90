"""The text notation reads back as the expression it was printed from, by the conventions of
docs/content/notation.md.

``read_text`` reads the text as a person does, independently of the printer
(``xentsym.text.to_text``), so a formula the printer writes wrongly or ambiguously reads back
as something else and fails here: fix the printer, not the reader.
"""

import pytest
import sympy as sp
from printed_formulas import derivation_formulas
from sympy.codegen.cfunctions import expm1, log1p

from xentsym.functions import log_softmax, logsumexp, sigmoid, softmax, softplus, xdivy, xlog1py, xlogy
from xentsym.identities import IDENTITIES
from xentsym.latex_reader import LatexReadError, read_text
from xentsym.printed import _classes, same_expression
from xentsym.symbols import K, indexed, symbol
from xentsym.text import to_text

a, b, c, d, f, g, i, j, k, n, p, q, s, u, x, y, z = map(symbol, "a b c d f g i j k n p q s u x y z".split())
alpha, gamma, epsilon = map(symbol, "alpha gamma epsilon".split())
P, V, Y, Z = map(indexed, "p v y z".split())
F, G = sp.Function("f"), sp.Function("g")


# Every printed formula of the catalogue.


def _identity_formulas():
    for number, identity in enumerate(IDENTITIES):
        yield pytest.param(identity.lhs, id=f"IDENTITIES[{number}].lhs")
        yield pytest.param(identity.rhs, id=f"IDENTITIES[{number}].rhs")


def _loss_formulas():
    """Each loss as written, its stable form and its stable gradient; one that cannot be
    computed is a case of its own."""
    try:
        from xentsym.catalogue import CATALOGUE
    except Exception as error:
        yield pytest.param(error, id="CATALOGUE")
        return
    for name, loss in CATALOGUE.items():
        for form in ("expr", "stable", "stable_gradient"):
            try:
                expr = loss.expr if form == "expr" else getattr(loss, form)()
            except Exception as error:
                expr = error
            if isinstance(expr, sp.Basic) and expr.has(sp.Piecewise):
                continue  # a quotient with its value where the denominator is 0: printed as code only
            yield pytest.param(expr, id=f"{name}.{form}")


FORMULAS = [*derivation_formulas(rules=True), *_identity_formulas(), *_loss_formulas()]


def test_the_catalogue_is_covered():
    ids = [param.id for param in FORMULAS]
    assert len(set(ids)) == len(ids) > 300
    for part in (".step", ".rule", ".given", "IDENTITIES[", ".stable_gradient"):
        assert any(part in id_ for id_ in ids), part


def _round_trip(expr):
    if isinstance(expr, Exception):
        raise expr
    printed = to_text(expr)
    read = read_text(printed, classes=_classes(expr))
    assert same_expression(read, expr), f"{printed}\n  reads as {read}\n  printed from {expr}"


@pytest.mark.parametrize("expr", FORMULAS)
def test_every_printed_formula_reads_back(expr):
    _round_trip(expr)


# Each construct of the notation, printed and read back, beyond what the catalogue uses.


CONSTRUCTS = [
    pytest.param(expr, id=sp.sstr(expr))
    for expr in (
        symbol("eps") * symbol("z1"),
        alpha * gamma + epsilon,
        symbol("Delta"),
        x ** (gamma + 1) + x**gamma + x ** Y[c] + x ** sp.exp(x) + x ** sp.Rational(3, 2),
        2**x - x**2,
        sp.KroneckerDelta(1, c) + sp.KroneckerDelta(i, j),
        Y[c + 1] * Z[1],
        x / (a * b) + a * b / c + 1 / x + y * a / (1 - p),
        sp.Derivative(F(x, z), x, z) + sp.Derivative(F(z), (z, 2)),
        sp.Derivative(y * sigmoid(z), z) * sp.Derivative(F(x), x) ** 2,
        x * sp.Derivative(F(x), x) * sp.Sum(Y[c], (c, 1, K)),
        sp.Sum(Y[c], (c, 1, K)) ** 2 + sp.Sum(Y[c] / a, (c, 1, K)) / b,
        expm1(x) + log1p(x) + xlogy(y, p) + xlog1py(y, p) + xdivy(y, p),
        sp.exp(-z) * sp.E,
        softmax(Z, 1, 2) + logsumexp(Z, K) + softmax(Z, c + 1, K),
        log_softmax(Z, j, K) ** 2 + sp.log(softmax(Z, j, K)) ** 2 + y * log_softmax(Z, j, K),
        sigmoid(z) ** 2 + softplus(z) ** 2 + F(x) ** 2 + sp.log(x) ** 2,
        sp.Abs(x - 1) * sp.sqrt(x + 1) * a,
        -(x**2) - sp.Rational(1, 2),
        symbol("sigma") * (a + 1),
        symbol("delta") + symbol("Sigma"),
        symbol("y_true") + indexed("y_true")[c],
        symbol("pi") - sp.pi,
        symbol("log") * symbol("exp") + sp.E,
        sp.root(x, 3) + sp.root(x + 1, 3),
        a / (x * (b + c)),
        sp.tanh(x) ** 2 + sp.exp(x) ** 2,
        c * sp.Abs(a * sp.Abs(b)) + sp.Abs(sp.Abs(a) - 1) + sp.Abs(a) * sp.Abs(b),
    )
]


@pytest.mark.parametrize("expr", CONSTRUCTS)
def test_every_construct_reads_back(expr):
    _round_trip(expr)


# Hand-written cases: each row of docs/content/notation.md, with the exact structure it reads as.

CONVENTIONS = {
    # numbers: exact
    "2": sp.Integer(2),
    "0.5": sp.Rational(1, 2),
    "1/2": sp.Rational(1, 2),
    "1.0·10⁻⁷": sp.Rational(1, 10**7),
    "x 0.5": x / 2,
    # names: a letter, a Greek letter, a word of letters and digits
    "y": y,
    "K": K,
    "eps": symbol("eps"),
    "z1": symbol("z1"),
    "ab": symbol("ab"),
    "α": alpha,
    "γ": gamma,
    "ε": epsilon,
    "alpha": alpha,
    "Δ": symbol("Delta"),
    "π": sp.pi,
    "'pi'": symbol("pi"),
    "e": sp.E,
    "e^x": sp.exp(x),
    # a quoted name is the symbol of that name
    "'y_true'": symbol("y_true"),
    "'sigma'": symbol("sigma"),
    "'delta'": symbol("delta"),
    "'e'": symbol("e"),
    "'y_true'_c": indexed("y_true")[c],
    # elements
    "y_c": Y[c],
    "z_j": Z[j],
    "z_1": Z[1],
    "z_{c + 1}": Z[c + 1],
    "α_c": indexed("alpha")[c],
    "eps_c": indexed("eps")[c],
    # products
    "y log(p)": y * sp.log(p),
    "a·b": a * b,
    "2·3^x": 2 * sp.Pow(3, x),
    "y (1 - s)": y * (1 - s),
    "(a + b) (a - b)": (a + b) * (a - b),
    # quotients: the precedence of a product, left to right
    "a/b": a / b,
    "(p - y)/(p (1 - p))": (p - y) / (p * (1 - p)),
    "a b/c d": a * b / c * d,
    "(p - y)/p (1 - p)": (p - y) / p * (1 - p),
    "a/b/c": a / b / c,
    "1/K Σ_{c=1}^K y_c": sp.Sum(Y[c], (c, 1, K)) / K,
    "y/p²": y / p**2,
    "a·b/c": a * b / c,
    # negation: minus the whole product that follows
    "- a b": -(a * b),
    "- a b + b": -(a * b) + b,
    "a - b - a": -b,
    "1 + - p": 1 - p,
    "- 1/2": -sp.Rational(1, 2),
    "- x²": -(x**2),
    # powers: tighter than a product
    "x²": x**2,
    "x⁻¹": 1 / x,
    "x¹⁰": x**10,
    "x^2": x**2,
    "σ(z)³": sigmoid(z) ** 3,
    "σ(z)²": sigmoid(z) ** 2,
    "x^γ": x**gamma,
    "x^(γ + 1)": x ** (gamma + 1),
    "x^y_c": x ** Y[c],
    "a b²": a * b**2,
    "(a b)²": (a * b) ** 2,
    "v_c²": V[c] ** 2,
    "(f(x))^(n - 1)": F(x) ** (n - 1),
    "log(x)²": sp.log(x) ** 2,
    # σ and the named functions
    "σ(x)": sigmoid(x),
    "σ(- z)": sigmoid(-z),
    "softplus(x)": softplus(x),
    "log(x)": sp.log(x),
    "exp(x)": sp.exp(x),
    "exp(- z)": sp.exp(-z),
    "tanh(x)": sp.tanh(x),
    "√(x)": sp.sqrt(x),
    "√(x + 1)": sp.sqrt(x + 1),
    "|x|": sp.Abs(x),
    "|x - 1|": sp.Abs(x - 1),
    "|a| |b|": sp.Abs(a) * sp.Abs(b),
    "|- a|²": sp.Abs(-a) ** 2,
    # class-axis functions
    "logsumexp(z)": logsumexp(Z, K),
    "softmax(z)_j": softmax(Z, j, K),
    "softmax(z)_{c + 1}": softmax(Z, c + 1, K),
    "log softmax(z)_j": sp.log(softmax(Z, j, K)),
    "y log softmax(z)_j": y * sp.log(softmax(Z, j, K)),
    "(log softmax(z)_j)²": sp.log(softmax(Z, j, K)) ** 2,
    "log(softmax(z)_j)²": sp.log(softmax(Z, j, K)) ** 2,
    "softmax(z_1, z_2)_1": softmax(Z, 1, 2),
    "softmax(z)_j²": softmax(Z, j, K) ** 2,
    # Kronecker deltas: each character an index, or two indices between commas
    "δ_cj": sp.KroneckerDelta(c, j),
    "δ_ij": sp.KroneckerDelta(i, j),
    "δ_{ij}": sp.KroneckerDelta(i, j),
    "δ_{c,j}": sp.KroneckerDelta(c, j),
    "δ_{1c}": sp.KroneckerDelta(1, c),
    "δ_c1": sp.KroneckerDelta(c, 1),
    "δ_{c, j + 1}": sp.KroneckerDelta(c, j + 1),
    "(1 - δ_{jk}) softmax(z)_j": (1 - sp.KroneckerDelta(j, k)) * softmax(Z, j, K),
    # sums: the body is the rest of the product, up to the next + or - at the same level
    "Σ_{c=1}^{K} y_c log(p_c)": sp.Sum(Y[c] * sp.log(P[c]), (c, 1, K)),
    "Σ_{c=1}^{K} y_c log(p_c) + 1": sp.Sum(Y[c] * sp.log(P[c]), (c, 1, K)) + 1,
    "Σ_{c=1}^K y_c - y_j": sp.Sum(Y[c], (c, 1, K)) - Y[j],
    "a Σ_{c=1}^K y_c z_c + a": a * sp.Sum(Y[c] * Z[c], (c, 1, K)) + a,
    "Σ_{i=1}^K Σ_{c=1}^K y_c z_i": sp.Sum(sp.Sum(Y[c] * Z[i], (c, 1, K)), (i, 1, K)),
    "(Σ_{c=1}^K y_c)²": sp.Sum(Y[c], (c, 1, K)) ** 2,
    "(Σ_{c=1}^K y_c) Σ_{c=1}^K z_c": sp.Sum(Y[c], (c, 1, K)) * sp.Sum(Z[c], (c, 1, K)),
    "Σ_{c=1}^K - x": sp.Sum(-x, (c, 1, K)),
    "- Σ_{c=1}^K y_c": -sp.Sum(Y[c], (c, 1, K)),
    "Σ_{c=1}^K y_c/p_c": sp.Sum(Y[c] / P[c], (c, 1, K)),
    "Σ_{c=j}^{K + 1} (y_c - 1)": sp.Sum(Y[c] - 1, (c, j, K + 1)),
    "log(Σ_{c=1}^K exp(z_c))": sp.log(sp.Sum(sp.exp(Z[c]), (c, 1, K))),
    # derivatives: of the rest of the product, left unevaluated
    "∂/∂z f": sp.Derivative(f, z),
    "∂/∂z f g": sp.Derivative(f * g, z),
    "a ∂/∂z f g + g": a * sp.Derivative(f * g, z) + g,
    "- ∂/∂z f g": -sp.Derivative(f * g, z),
    "∂/∂z - f": sp.Derivative(-f, z),
    "∂/∂z σ(z)": sp.Derivative(sigmoid(z), z),
    "∂²/∂z² f": sp.Derivative(f, (z, 2)),
    "∂/∂z_j f": sp.Derivative(f, Z[j]),
    "∂/∂z_j z_c": sp.Derivative(Z[c], Z[j]),
    "∂²/∂z ∂x f": sp.Derivative(f, x, z),
    "∂/∂z ∂/∂x f": sp.Derivative(sp.Derivative(f, x), z),
    "∂/∂p y/p": sp.Derivative(y / p, p),
    "(∂/∂z f)²": sp.Derivative(f, z) ** 2,
    "(y - 1)/(1 - p) ∂/∂p (1 - p) - y/p": (y - 1) / (1 - p) * sp.Derivative(1 - p, p) - y / p,
    "∂/∂z_j Σ_{c=1}^K y_c z_c": sp.Derivative(sp.Sum(Y[c] * Z[c], (c, 1, K)), Z[j]),
    # the functions of the rules: f, g, h followed by a bracket
    "f(x)": F(x),
    "g(c, x)": G(c, x),
    "g(c,x)": G(c, x),
    "f (x + 1)": F(x + 1),
    "f(x)²": F(x) ** 2,
    # brackets group
    "(a + b)² a": (a + b) ** 2 * a,
}


@pytest.mark.parametrize(("text", "expected"), CONVENTIONS.items(), ids=list(CONVENTIONS))
def test_reading_convention(text, expected):
    assert sp.srepr(read_text(text, classes=K)) == sp.srepr(expected)


def test_derivatives_are_unevaluated():
    read = read_text("∂/∂z z²")
    assert isinstance(read, sp.Derivative) and read.expr == z**2


def test_class_axis_functions_take_the_classes():
    assert read_text("softmax(z)_j", classes=3) == softmax(Z, j, 3)
    assert read_text("softmax(z_1, z_2, z_3)_2") == softmax(Z, 2, 3)


# What the reader does not understand: an error naming the position and the problem.

ERRORS = {
    # brackets
    "(a + b": "expected ')' to close the '(' at position 0",
    "a + b)": "unexpected ')' after a complete expression",
    "|a + b": "expected '|' to close the '|' at position 0",
    "√(x": "expected ')' to close the '(' at position 1",
    "σ(z))": "unexpected ')' after a complete expression",
    "{a}": "braces group only a subscript or a limit of a sum",
    # unknown functions, and names against a bracket
    "max(a, b)": "unknown function max(...)",
    "relu(z)": "unknown function relu(...)",
    "y(1 - s)": "unknown function y(...); a product is written with a space",
    "'p'(x)": "unknown function p(...)",
    "logsoftmax(z)_j": "unknown function logsoftmax(...)",
    "log x": "log needs its argument in brackets, log(x)",
    "σ z": "σ needs its argument in brackets",
    "√x": "√ needs its argument in brackets",
    "tanh²(x)": "a power stands after the argument, tanh(x)², not on the name",
    "softmax(z)": "softmax(z) needs the index of its class",
    "softmax z_j": "softmax needs the logits in brackets",
    "softmax(z_1, z_3)_1": "softmax needs the logits z_1, ..., z_n in order",
    # scripts: a stray _, spaces, ambiguous subscripts and powers
    "_c": "a stray '_': a subscript follows a name",
    "a + _": "a stray '_'",
    "y_": "expected a name, a number or {...} after '_', found the end of the text",
    "y _c": "a subscript must follow directly, with no space",
    "y_ c": "what '_' takes must follow directly",
    "(a + b)_c": "only a name can take a subscript",
    "2_c": "only a name can take a subscript",
    "y_cj": "subscript 'cj' is ambiguous: one index named cj, or one per character",
    "y_{cj}": "subscript 'cj' is ambiguous",
    "softmax(z)_cj": "subscript 'cj' is ambiguous",
    "y_{c j}": "subscript c*j is ambiguous",
    "x ²": "a power must follow directly",
    "²": "a stray '²': a power follows its base",
    "x^ 2": "an exponent must follow directly",
    "x^-1": "expected an exponent (a name, a number or a bracket), found '-'",
    "x^2^3": "a second script on the same factor is ambiguous",
    "x²_c": "a second script on the same factor is ambiguous",
    "x⁻": "superscript ⁻ is not a whole number",
    "log softmax(z)_j²": "a power after log softmax(z)_j is ambiguous",
    # factors side by side
    "2x": "factors side by side need a space or '·' between them",
    "(a)(b)": "factors side by side need a space",
    "αβ": "factors side by side need a space",
    "2 3": "two numbers side by side: write '·' between them",
    "a ·": "'·' needs a factor on each side",
    "a /": "'/' needs a factor on each side",
    "a / - b": "'/' needs a factor on each side",
    "· a": "unexpected '·'",
    # trailing garbage and characters outside the notation
    "a b ]": "unexpected ']' after a complete expression",
    "a = b": "unexpected '=' after a complete expression",
    "a b!": "unexpected '!'",
    "a ; b": "unexpected ';'",
    "−x": "unexpected '−'",
    "'y_true": "a quoted name is a letter, then letters, digits and _, between quotes",
    "'2x'": "a quoted name is",
    "x'": "a quoted name is",
    "a +": "expected a term, found the end of the text",
    "": "expected a term, found the end of the text",
    # Kronecker deltas
    "δ": "expected '_': the Kronecker delta is δ_cj or δ_{c,j}",
    "δ_c": "the Kronecker delta takes two one-character indices",
    "δ_cjk": "the Kronecker delta takes two one-character indices",
    "δ_{c j}": "the Kronecker delta takes two indices",
    # sums and derivatives
    "Σ x": "a sum needs its limits, Σ_{c=1}^{K}",
    "Σ_{c=1} x": "a sum needs its upper limit, Σ_{c=1}^{K}",
    "Σ_{c=1}^K": "with nothing after it to apply to",
    "Σ_{c=1}^{K}y_c": "a space separates a sum or derivative operator from what it applies to",
    "a/Σ_{c=1}^K y_c": "a sum cannot stand here: Σ must take the rest of a product",
    "∂/∂z": "with nothing after it to apply to",
    "∂/∂z(f)": "a space separates a sum or derivative operator",
    "∂ f": "expected '/': a derivative is written ∂/∂z",
    "∂/ f": "a derivative needs the variable it is taken with respect to",
    "∂²/∂z f": "the orders in the numerator and the denominator do not add up",
    "∂/∂z ∂x f": "the orders in the numerator and the denominator do not add up",
    "a/∂/∂z f": "a derivative operator cannot stand here",
}


@pytest.mark.parametrize(("text", "message"), ERRORS.items(), ids=list(ERRORS))
def test_what_the_reader_does_not_understand_is_an_error(text, message):
    with pytest.raises(LatexReadError, match="position") as error:
        read_text(text, classes=K)
    assert message in str(error.value)


@pytest.mark.parametrize("text", ["logsumexp(z)", "a + softmax(z)_j", "log softmax(z)_j"])
def test_a_class_axis_function_cannot_be_read_without_the_classes(text):
    with pytest.raises(LatexReadError, match="is taken over the classes: pass classes= to read it"):
        read_text(text)


def test_an_error_names_its_position():
    with pytest.raises(ValueError, match=r"position 4: unknown function max\(...\)") as error:
        read_text("a + max(x) b")
    assert error.value.position == 4
