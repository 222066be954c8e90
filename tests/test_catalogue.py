"""Every loss, the catalogue's and a user's, through one check: forms proved, code accurate.

For each loss: the stable form is proved equal to the textbook form, the stable gradient and
the readable gradient to the derivative of the textbook form (and the stable second
derivative to the second, for a scalar prediction), and the generated value and
gradient agree with exact values (the referee's enclosure at 60 digits and more, of the
textbook form, differentiated numerically) across the tails, where the textbook code does
not.
"""

import runpy
import warnings

import mpmath
import numpy as np
import pytest
import sympy as sp

from xentsym import accuracy, verify
from xentsym.catalogue import CATALOGUE, Loss, kernel, kernel_names

FOCAL = "-alpha*y*(1-sigmoid(z))**gamma*log(sigmoid(z)) - (1-alpha)*(1-y)*sigmoid(z)**gamma*log(1-sigmoid(z))"
POLY1 = "-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z))) + eta*(1 - (y*sigmoid(z) + (1-y)*(1-sigmoid(z))))"
KL = "y*log(y/p) + (1-y)*log((1-y)/(1-p))"
WEIGHTED = "-(w*y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))"
USERS = {"focal": FOCAL, "poly-1": POLY1, "KL divergence": KL, "weighted BCE": WEIGHTED}


def _proved(lhs, rhs, loss):
    result = verify(lhs, rhs, given=list(loss.given), timeout=60)
    assert result.holds, result


def check(loss: Loss) -> None:
    """The one check every loss goes through (see the module notes)."""
    derivative = sp.Derivative(loss.expr, loss.prediction)
    _proved(loss.stable(), loss.expr, loss)
    _proved(loss.stable_gradient(), derivative, loss)
    _proved(loss.gradient(), derivative, loss)
    if not isinstance(loss.prediction, sp.Indexed):  # code for the second derivative is scalar
        _proved(loss.stable_hessian(), sp.Derivative(loss.expr, (loss.prediction, 2)), loss)


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_every_catalogue_loss(name):
    check(CATALOGUE[name])


@pytest.mark.parametrize("name", list(USERS))
def test_user_formulas_go_through_the_same_check(name):
    check(Loss.from_formula(USERS[name]))


@pytest.fixture
def hard_labels(monkeypatch):
    """Labels 0 and 1 only: where soft labels meet the loss's minimum (σ(z) ≈ y), value and
    gradient are differences of nearly equal numbers in any form, a matter of conditioning."""
    monkeypatch.setattr(accuracy, "LABELS", (0.0, 1.0))


@pytest.mark.parametrize("name", ["binary_crossentropy", "binary_crossentropy_from_logits"])
def test_catalogue_code_is_accurate_in_the_tails(name, hard_labels):
    for form, found in accuracy.report(CATALOGUE[name]).items():
        if "stable" in form:
            assert found.worst_ulp <= 4 and found.broken == 0, (form, found)


@pytest.mark.parametrize("name", list(USERS))
def test_user_code_is_accurate_where_the_textbook_code_is_not(name, hard_labels, tmp_path):
    """The module codegen writes, run on its own, against exact values over the tails (logits
    from ±1e-8 to ±700, probabilities to 1e-300 and 1 - 1e-12), where the textbook is not."""
    loss = Loss.from_formula(USERS[name])
    arguments = loss._arguments()
    path = tmp_path / "loss.py"
    path.write_text(loss.code(gradient=True, arguments=arguments))
    module = runpy.run_path(str(path))
    forms = [loss.expr, loss.stable()]  # the stable form where the textbook's is 0 log 0
    derivatives = [sp.Derivative(form, loss.prediction) for form in forms]
    value = accuracy.compare({"value": module["value"]}, forms, arguments)["value"]
    grad = accuracy.compare({"grad": module["grad"]}, derivatives, arguments)["grad"]
    assert value.worst_ulp <= 4 and value.broken == 0, value
    assert grad.worst_ulp <= 6 and grad.broken == 0, grad
    assert value.points >= 20 and grad.points >= 20
    assert accuracy.report(loss, gradient=False)["value, as written"].broken > 0  # inf, NaN or 0


def test_generated_modules_run_alone(tmp_path):
    """The module from code() runs with NumPy alone, raises no warning, and is exact at the
    logit where the textbook loss rounds to 0."""
    path = tmp_path / "focal.py"
    path.write_text(Loss.from_formula(FOCAL).code(gradient=True))
    assert "import xentsym" not in path.read_text()
    module = runpy.run_path(str(path))
    with np.errstate(all="raise", under="ignore"):
        value = module["value"](0.25, 2.0, 0.0, np.array([-40.0, 0.0, 40.0]))
    exact_at_minus_40 = 0.75 * (1 / (1 + np.exp(40.0))) ** 2 * np.log1p(np.exp(-40.0))
    assert value[0] == pytest.approx(exact_at_minus_40, rel=1e-15)
    assert value[0] > 0


def test_every_kernel_has_a_name_and_the_names_are_the_catalogue():
    assert len(kernel_names()) == 5 * len(CATALOGUE)
    assert kernel("binary_crossentropy_value_and_grad").name == "binary_crossentropy_value_and_grad"
    with pytest.raises(KeyError, match="binary_crossentropy"):
        kernel("nope")


def test_a_prediction_must_be_named_where_it_is_ambiguous():
    from xentsym.parsing import FormulaError

    with pytest.raises(FormulaError, match="--wrt"):
        Loss.from_formula("a*x + b")
    loss = Loss.from_formula("a*x + b", wrt="x")
    assert loss.prediction.name == "x" and {str(p) for p in loss.parameters} == {"a", "b"}


def test_the_second_derivative_keeps_its_digits_in_the_tail(tmp_path):
    """σ(z)(1 - σ(z)) is 0 once σ(z) rounds to 1; the generated second derivative of BCE on
    logits is σ(z)σ(-z), exact there (mpmath at 50 digits)."""
    path = tmp_path / "bce.py"
    path.write_text(CATALOGUE["binary_crossentropy_from_logits"].code(hessian=True))
    module = runpy.run_path(str(path))
    logits = [-700.0, -40.0, -1e-8, 0.0, 1.0, 40.0, 700.0]
    with np.errstate(all="raise", under="ignore"):
        found = module["hessian"](0.0, np.array(logits))
    with mpmath.workdps(50):
        exact = [mpmath.exp(-abs(mpmath.mpf(z))) / (1 + mpmath.exp(-abs(mpmath.mpf(z)))) ** 2 for z in logits]
    for value, reference in zip(found, exact, strict=True):
        assert value == pytest.approx(float(reference), rel=4 * 2.0**-52, abs=0)


def test_a_class_vector_has_no_scalar_second_derivative_code():
    from xentsym.parsing import FormulaError

    with pytest.raises(FormulaError, match=r"hessian: .*class vector z"):
        CATALOGUE["categorical_crossentropy_from_logits"].code(hessian=True)


@pytest.mark.parametrize("arguments", [["q"], ["y", "z"], ["y", "z", "w", "w"], ["y", "z", "w", "q"]])
def test_code_arguments_must_name_each_argument_once(arguments):
    from xentsym.parsing import FormulaError

    with pytest.raises(FormulaError, match="arguments must name each of w, y, z once"):
        Loss.from_formula(WEIGHTED).code(gradient=True, arguments=arguments)


REWRITTEN = {  # a formula, and the variable of its gradient
    "BCE written with xlogy": ("-xlogy(y, sigmoid(z)) - xlogy(1-y, 1-sigmoid(z))", "z"),
    "poly-1 on probabilities": ("-y*log(p) - (1-y)*log(1-p) + eta*(1 - y*p - (1-y)*(1-p))", "p"),
    "softplus less a label's share": ("log(1+exp(z)) - y*z", "z"),
    "σ as a ratio": ("y*exp(2*z)/(1+exp(2*z))", "z"),
    "log of σ as a ratio": ("y*log(exp(z)/(1+exp(z)))", "z"),
}


@pytest.mark.parametrize("name", list(REWRITTEN))
def test_forms_that_overflow_or_cancel_are_rewritten(name, hard_labels):
    """Each of these loses its digits, or returns inf or NaN, somewhere in the tails as written;
    the stable form is proved equal to it, has no hazard left, and keeps every digit."""
    formula, wrt = REWRITTEN[name]
    loss = Loss.from_formula(formula, wrt=wrt)
    assert loss.stabilized.hazards == ()
    _proved(loss.stable(), loss.expr, loss)
    found = accuracy.report(loss, gradient=False)
    stable, textbook = found["value, stable"], found["value, as written"]
    assert stable.worst_ulp <= 4 and stable.broken == 0, stable
    assert textbook.broken > 0 or textbook.worst_ulp > 1e6, textbook


def test_a_title_with_backslashes_and_quotes_reads_as_itself_in_the_module():
    """A title may hold TeX and quotes; the module still compiles (escapes are errors here) and
    its docstrings say the title, its math in the text notation."""
    title = 'Cost \\section{"""x"""} $\\alpha$'
    source = Loss.from_formula("-(w*y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))", title=title).code()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        namespace: dict = {}
        exec(compile(source, "module", "exec"), namespace)
    assert namespace["__doc__"].startswith('Cost \\section{"""x"""} α\n')
    assert namespace["value"].__doc__.startswith('Cost \\section{"""x"""} α.')
