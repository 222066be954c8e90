"""Every printed formula reads back as the expression that was proved.

The reader follows standard reading conventions, not the printer's internals, so
a formula printed ambiguously reads back as something else and fails here.
"""

import inspect

import pytest
import sympy as sp
from printed_formulas import derivation_formulas

from xentsym import losses
from xentsym.functions import logsumexp, sigmoid, softmax, softplus
from xentsym.latex import to_latex
from xentsym.latex_reader import LatexReadError, read_latex
from xentsym.printed import same_expression
from xentsym.symbols import K, indexed, symbol

a, b, f, g, p, s, x, y, z = map(symbol, "a b f g p s x y z".split())
c, i, j = map(symbol, "c i j".split())
Y, Z = indexed("y"), indexed("z")


def _losses():
    for name in losses.__all__:
        value = getattr(losses, name)
        if isinstance(value, dict):
            for key, forms in value.items():
                for n, form in enumerate(forms):
                    yield pytest.param(form, id=f"{name}[{key}][{n}]")
        elif inspect.isfunction(value) and all(
            parameter.default is not parameter.empty
            for parameter in inspect.signature(value).parameters.values()
        ):
            yield pytest.param(value(), id=name)


CATALOGUE = list(derivation_formulas(rules=False))


def test_the_catalogue_is_covered():
    assert len({param.id for param in CATALOGUE}) > 90


@pytest.mark.parametrize("expr", CATALOGUE)
def test_every_derivation_step_reads_back_as_proved(expr):
    if isinstance(expr, Exception):
        raise expr
    printed = to_latex(expr)
    read = read_latex(printed, classes=K)
    assert same_expression(read, expr), f"{printed}\n  reads as {read}\n  printed from {expr}"


@pytest.mark.parametrize("expr", list(_losses()))
def test_every_loss_reads_back(expr):
    printed = to_latex(expr)
    assert same_expression(read_latex(printed, classes=K), expr), printed


def test_the_comparison_keeps_derivatives_unevaluated():
    step = sp.Derivative(sigmoid(z), z, evaluate=False)
    assert not same_expression(step, sigmoid(z) * (1 - sigmoid(z)))
    assert same_expression(2 * step + 1, 1 + step * 2)


# Hand-written cases: the conventions, each with the exact structure it reads as.

CONVENTIONS = {
    # juxtaposition, \cdot, fractions, powers
    r"a b": a * b,
    r"2 \cdot 3^{x}": 2 * sp.Pow(3, x),
    r"\frac{a}{b} c": a / b * symbol("c"),
    r"a b^{2}": a * b**2,
    r"a^2 b": a**2 * b,
    r"\left(a + b\right)^{2} a": (a + b) ** 2 * a,
    r"\left(a b\right)^{2}": (a * b) ** 2,
    r"e^{- z}": sp.exp(-z),
    r"e^{x} y": sp.exp(x) * y,
    r"e": sp.E,
    r"2 \pi": 2 * sp.pi,
    r"0.1": sp.Rational(1, 10),
    r"1.0 \cdot 10^{-7}": sp.Rational(1, 10**7),
    r"x 0.5": x / 2,
    # terms and unary minus
    r"- 2^{x}": -(2**x),
    r"- a b + b": -a * b + b,
    r"a - b - a": -b,
    r"1 + - p": 1 - p,
    r"-1": sp.Integer(-1),
    # functions; a name followed by a bracket is a product
    r"\sigma\left(- z\right)": sigmoid(-z),
    r"\sigma{\left(z\right)}": sigmoid(z),
    r"\operatorname{softplus}\left(z\right)": softplus(z),
    r"\log{\left(p \right)}": sp.log(p),
    r"\log\left(1 - p\right)": sp.log(1 - p),
    r"\log x y": sp.log(x) * y,
    r"\log x^{2}": sp.log(x**2),
    r"\log{\left(x \right)}^{2}": sp.log(x) ** 2,
    r"\ln\left(x\right)": sp.log(x),
    r"\exp\left(x\right)": sp.exp(x),
    r"\tanh{\left(x \right)}": sp.tanh(x),
    r"\tanh^{2}{\left(x \right)}": sp.tanh(x) ** 2,
    r"\sqrt{x + 1}": sp.sqrt(x + 1),
    r"\sqrt[3]{x}": sp.root(x, 3),
    r"\left|{x - 1}\right|": sp.Abs(x - 1),
    r"y \left(1 - s\right)": y * (1 - s),
    r"f{\left(x \right)}": sp.Function("f")(x),
    r"f (x)": sp.Function("f")(x),
    r"y (x)": y * x,
    # Greek letters and elements of indexed families
    r"\epsilon \gamma \alpha": symbol("epsilon") * symbol("gamma") * symbol("alpha"),
    r"\Delta": symbol("Delta"),
    r"y_{c}": Y[c],
    r"{y}_{c}": Y[c],
    r"y_c": Y[c],
    r"{z}_{1}": Z[1],
    r"{z}_{c + 1}": Z[c + 1],
    r"{v}_{c}^{2}": indexed("v")[c] ** 2,
    r"\epsilon_{c}": indexed("epsilon")[c],
    # Kronecker deltas
    r"\delta_{cj}": sp.KroneckerDelta(c, j),
    r"\delta_{1c}": sp.KroneckerDelta(1, c),
    r"\delta_{c, j + 1}": sp.KroneckerDelta(c, j + 1),
    # sums: the body is the rest of the product
    r"\sum_{c=1}^{K} {y}_{c} \log{\left({p}_{c} \right)} - 1": (
        sp.Sum(Y[c] * sp.log(indexed("p")[c]), (c, 1, K)) - 1
    ),
    r"a \sum_{c=1}^{K} {y}_{c} {z}_{c} + a": a * sp.Sum(Y[c] * Z[c], (c, 1, K)) + a,
    r"\sum_{c=1}^{K} {y}_{c} \sum_{i=1}^{K} {z}_{i} + 1": (
        sp.Sum(Y[c] * sp.Sum(Z[i], (i, 1, K)), (c, 1, K)) + 1
    ),
    r"\sum_{i=1}^{K} \sum_{c=1}^{K} {y}_{c} {z}_{i}": sp.Sum(sp.Sum(Y[c] * Z[i], (c, 1, K)), (i, 1, K)),
    r"\left(\sum_{c=1}^{K} {y}_{c}\right) \sum_{c=1}^{K} {z}_{c}": (
        sp.Sum(Y[c], (c, 1, K)) * sp.Sum(Z[c], (c, 1, K))
    ),
    r"\sum_{c=j}^{K + 1} \left({y}_{c} - 1\right)": sp.Sum(Y[c] - 1, (c, j, K + 1)),
    r"\sum_{c=1}^{K} - x": sp.Sum(-x, (c, 1, K)),
    # derivatives: the operand is the rest of the product
    r"\frac{\partial}{\partial z} \sigma\left(z\right)": sp.Derivative(sigmoid(z), z),
    r"a \frac{\partial}{\partial z} f g": a * sp.Derivative(f * g, z),
    r"a \frac{\partial}{\partial z} f g + g": a * sp.Derivative(f * g, z) + g,
    r"\frac{\partial}{\partial z} f \frac{\partial}{\partial z} g": sp.Derivative(f * sp.Derivative(g, z), z),
    r"- \frac{\partial}{\partial z} f g": -sp.Derivative(f * g, z),
    r"\frac{\partial}{\partial z} - f": sp.Derivative(-f, z),
    r"\frac{\partial}{\partial z} \frac{1}{z}": sp.Derivative(1 / z, z),
    r"\frac{\partial^{2}}{\partial z^{2}} f": sp.Derivative(f, (z, 2)),
    r"\frac{\partial^{2}}{\partial z\partial x} f": sp.Derivative(f, x, z),
    r"\frac{\partial}{\partial {z}_{j}} {z}_{c}": sp.Derivative(Z[c], Z[j]),
    r"\frac{\partial}{\partial z_{j}} \sum_{c=1}^{K} {y}_{c} {z}_{c}": (
        sp.Derivative(sp.Sum(Y[c] * Z[c], (c, 1, K)), Z[j])
    ),
    r"\frac{d}{d z} f": sp.Derivative(f, z),
    r"\frac{d^{2}}{dz^{2}} f": sp.Derivative(f, (z, 2)),
    r"\frac{d}{x}": symbol("d") / x,
    r"\left(\frac{\partial}{\partial z} f\right)^{2}": sp.Derivative(f, z) ** 2,
    # layout that does not change the mathematics
    r"\displaystyle \small a \, b \! \; \quad b": a * b**2,
}


@pytest.mark.parametrize(("text", "expected"), CONVENTIONS.items(), ids=list(CONVENTIONS))
def test_reading_convention(text, expected):
    assert sp.srepr(read_latex(text)) == sp.srepr(expected)


def test_derivatives_are_unevaluated():
    read = read_latex(r"\frac{\partial}{\partial z} z^{2}")
    assert isinstance(read, sp.Derivative) and read.expr == z**2


def test_class_axis_functions_take_the_classes():
    assert read_latex(r"\operatorname{logsumexp}\left(z\right)", classes=K) == logsumexp(Z, K)
    assert read_latex(r"\operatorname{softmax}\left(z\right)_{j}", classes=3) == softmax(Z, j, 3)
    log_p = read_latex(r"\log \operatorname{softmax}\left(z\right)_{j} y", classes=K)
    assert log_p == sp.log(softmax(Z, j, K)) * y


def test_the_label_smoothing_misprint_reads_as_a_person_reads_it():
    printed = r"- \frac{s}{2} - y \left(1 - s\right) \frac{\partial}{\partial z} \sigma\left(z\right)"
    assert read_latex(printed) == -s / 2 - y * (1 - s) * sp.Derivative(sigmoid(z), z)


ERRORS = {
    r"\frac{a}{b": "expected '}' to close the '{' at position 8",
    r"a }": "unexpected '}' after a complete expression",
    r"\left(a + b": r"expected '\\right)' to close the '\\left(' at position 0",
    r"\foo": r"unknown command \foo",
    r"\max\left(0, x\right)": r"unknown command \max",
    r"\left[a\right]": r"unsupported bracket \left[",
    r"\text{loss}": r"\text{...} is prose, not mathematics",
    r"\mathtt{\text{binary\_crossentropy}}": r"\mathtt{...} is prose",
    r"\operatorname{relu}\left(z\right)": r"unknown function \operatorname{relu}",
    r"a + b )": "unexpected ')' after a complete expression",
    r"a = b": "unexpected '=' after a complete expression",
    r"a &": "unexpected '&'",
    r"a +": "expected a term, found the end of the text",
    r"|x|": "unexpected '|'",
    r"\sigma z": r"\sigma needs its argument in brackets",
    r"y_{cj}": "subscript c*j is ambiguous",
    r"\left(a + b\right)_{c}": "only a name can take a subscript",
    r"x^{2}^{3}": "a second script on the same factor is ambiguous",
    r"x^23": "a script of more than one character needs braces",
    r"2 3": r"two numbers side by side: write \cdot",
    r"a \cdot": r"\cdot needs a factor on each side",
    r"\cdot a": r"\cdot needs a factor on each side",
    r"\operatorname{softplus}^{x}\left(z\right)": r"whole power may stand on \operatorname{softplus}",
    r"\operatorname{softmax}\left(z\right)_{cj}": "subscript c*j is ambiguous",
    r"a \frac{\partial}{\partial z}": "with nothing after it to apply to",
    r"\frac{\partial f}{\partial z}": "a derivative's numerator is \\partial alone",
    r"\frac{\partial^{2}}{\partial z} f": "the orders in the numerator and the denominator do not add up",
    r"\log \sum_{c=1}^{K} x": r"a sum cannot stand here",
    r"\log \frac{\partial}{\partial z} f": "a derivative operator cannot stand here",
    r"\sum x": r"a sum needs its limits",
    r"\sum_{c=1} x": r"a sum needs its upper limit",
    r"\delta_{cjk}": "the Kronecker delta takes two indices",
    r"\delta": r"the Kronecker delta is \delta_{cj}",
    r"\tanh^{-1}\left(x\right)": r"only a positive whole power may stand on \tanh",
    r"\sqrt[x]{y}": "the degree of a root must be a positive whole number",
    r"x'": 'unexpected "\'"',
    "": "expected a term, found the end of the text",
}


@pytest.mark.parametrize(("text", "message"), ERRORS.items(), ids=list(ERRORS))
def test_what_the_reader_does_not_understand_is_an_error(text, message):
    with pytest.raises(LatexReadError, match="position") as error:
        read_latex(text, classes=K)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "text", [r"\operatorname{logsumexp}\left(z\right)", r"a + \operatorname{softmax}\left(z\right)_{j}"]
)
def test_a_class_axis_function_cannot_be_read_without_the_classes(text):
    with pytest.raises(LatexReadError, match="is taken over the classes: pass classes= to read it"):
        read_latex(text)


def test_an_error_is_a_value_error_with_its_position():
    with pytest.raises(ValueError, match=r"position 4: unknown command \\foo") as error:
        read_latex(r"a + \foo")
    assert error.value.position == 4
