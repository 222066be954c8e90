"""verify(): true identities are proved, wrong ones refuted with a counterexample."""

import pytest
import sympy as sp

from xentsym import verify
from xentsym.losses import binary_crossentropy, binary_crossentropy_from_logits
from xentsym.parsing import FormulaError
from xentsym.symbols import p, y, z

BCE_Z = "-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))"
BCE_P = "-(y*log(p) + (1-y)*log(1-p))"
CE = "-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K))"
LABELS_SUM_TO_ONE = "Sum(y[c], (c, 1, K)) = 1"

PROVED = [
    (f"diff({BCE_Z}, z)", "sigmoid(z) - y", None),
    (f"diff({BCE_Z}, z, 2)", "sigmoid(z)*(1 - sigmoid(z))", None),
    (f"diff({BCE_P}, p)", "(p - y)/(p*(1 - p))", None),
    (f"diff({BCE_P}, p, 2)", "y/p**2 + (1-y)/(1-p)**2", None),
    (BCE_Z, "(1-y)*softplus(z) + y*softplus(-z)", None),
    ("sigmoid(z) - y", "(1-y)*sigmoid(z) - y*sigmoid(-z)", None),
    ("diff(softplus(z), z)", "sigmoid(z)", None),
    ("1 - sigmoid(z)", "sigmoid(-z)", None),
    ("log(p*q)", "log(p) + log(q)", None),
    ("log(exp(z))", "z", None),
    (f"diff({CE}, z[j])", "softmax(z, j, K) - y[j]", LABELS_SUM_TO_ONE),
    (f"diff({CE}, z[j])", "softmax(z, j, K)*Sum(y[c], (c, 1, K)) - y[j]", None),
    ("Sum(softmax(z, c, K), (c, 1, K))", "1", None),
    ("diff(logsumexp(z, K), z[j])", "softmax(z, j, K)", None),
    ("log_softmax(z, j, K)", "z[j] - logsumexp(z, K)", None),
]


@pytest.mark.parametrize(("lhs", "rhs", "given"), PROVED)
def test_identities_are_proved(lhs, rhs, given):
    result = verify(lhs, rhs, given=given)
    assert result.status == "proved", result
    assert result.holds and result.counterexample is None


REFUTED = [
    # sign error
    (f"diff({BCE_Z}, z)", "y - sigmoid(z)", None),
    # missing factor
    (f"diff({BCE_Z}, z, 2)", "sigmoid(z)", None),
    (f"diff({BCE_P}, p)", "(p - y)/p", None),
    # wrong point of evaluation
    (f"diff({BCE_Z}, z)", "sigmoid(-z) - y", None),
    ("diff(softplus(z), z)", "sigmoid(z + 1)", None),
    # a stable form with the labels swapped
    (BCE_Z, "y*softplus(z) + (1-y)*softplus(-z)", None),
    # the multiclass gradient without its side condition
    (f"diff({CE}, z[j])", "softmax(z, j, K) - y[j]", None),
    # a complex-branch "identity" that fails for negative reals
    ("sqrt(x**2)", "x", None),
]


@pytest.mark.parametrize(("lhs", "rhs", "given"), REFUTED)
def test_wrong_formulas_are_refuted_with_a_counterexample(lhs, rhs, given):
    result = verify(lhs, rhs, given=given)
    assert result.status == "refuted" and not result.holds
    example = result.counterexample
    assert example is not None and abs(example.lhs - example.rhs) > 1e-20
    # The counterexample is real: substituting it back reproduces both sides.
    assert str(example).startswith("at ")


def test_counterexample_values_are_those_of_each_side():
    result = verify("2*z", "z")
    ((name, value),) = result.counterexample.point.items()
    assert name == "z" and value != 0
    assert result.counterexample.lhs == pytest.approx(2 * float(value))
    assert result.counterexample.rhs == pytest.approx(float(value))


def test_counterexamples_respect_domains():
    # p is a probability: the sampled point lies in (0, 1).
    result = verify("log(p)", "p - 1")
    assert 0 < result.counterexample.point["p"] < 1


def test_no_complex_branch_refutes_a_true_identity():
    # For real p in (0, 1) and q, the logarithms are real; the verifier never samples outside.
    assert verify("log(p/(1 - p))", "log(p) - log(1 - p)").status != "refuted"


def test_expressions_and_strings_are_interchangeable():
    assert verify(binary_crossentropy(y, p).diff(p), "(p - y)/(p*(1 - p))").holds
    assert verify(binary_crossentropy_from_logits(y, z).diff(z), sp.Symbol("z", real=True)).status == (
        "refuted"
    )


def test_undecided_is_never_reported_as_proved():
    # A true identity with no time to prove it: not refuted, and not claimed.
    result = verify("tanh(z)", "2*sigmoid(2*z) - 1", timeout=0.05)
    assert result.status in ("undecided", "proved")
    assert result.holds == (result.status == "proved")
    assert result.status != "refuted"


def test_bad_input_is_a_formula_error():
    with pytest.raises(FormulaError):
        verify("exp(", "z")
    with pytest.raises(FormulaError):
        verify("z", "1", given="Sum(y[c], (c, 1, K))")


def test_the_constants_pi_and_e_are_numbers_the_referee_evaluates():
    """π and Euler's number E take part in the comparison: π = 3 is refuted, not undecided."""
    refuted = verify("pi", "3")
    assert refuted.status == "refuted" and "3.14159" in str(refuted)
    assert verify("log(E)", "1").status == "proved"
    assert verify("exp(1)", "E").status == "proved"
    assert verify("E**z", "exp(z)").status == "proved"
