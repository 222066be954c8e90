"""The named functions: derivatives, definitions, LaTeX and stable code agree with each other."""

import pytest
import sympy as sp

from xentsym import verify
from xentsym.functions import log_softmax, logsumexp, sigmoid, softmax, softplus, xdivy, xlog1py, xlogy
from xentsym.latex import to_latex
from xentsym.prove import prove
from xentsym.symbols import K, i, indexed, j, p, y, z

Z = indexed("z")


@pytest.mark.parametrize("f", [sigmoid(z), softplus(z), sigmoid(-3 * z), softplus(2 * z + 1)])
def test_derivative_matches_definition(f):
    assert verify(sp.diff(f, z), sp.diff(f.rewrite(sp.exp), z)).holds


def test_sigmoid_derivative_is_in_terms_of_itself():
    assert sp.diff(sigmoid(z), z) == sigmoid(z) * (1 - sigmoid(z))
    assert sp.diff(softplus(z), z) == sigmoid(z)


@pytest.mark.parametrize("f", [xlogy(y, p), xlog1py(y, -p), xdivy(y, p)])
def test_two_argument_helpers_match_their_definition(f):
    for var in (y, p):
        assert verify(sp.diff(f, var), sp.diff(f.rewrite(sp.exp), var)).holds


def test_class_axis_derivatives():
    assert sp.diff(logsumexp(Z, K), Z[j]) == softmax(Z, j, K)
    assert sp.diff(log_softmax(Z, j, K), Z[i]) == sp.KroneckerDelta(i, j) - softmax(Z, i, K)
    assert sp.diff(softmax(Z, j, K), Z[i]) == softmax(Z, j, K) * (sp.KroneckerDelta(i, j) - softmax(Z, i, K))
    assert sp.diff(softmax(Z, j, K), z) == 0


@pytest.mark.parametrize("classes", [2, 3, 5])
def test_class_axis_derivatives_match_explicit_sums(classes):
    for f in (logsumexp(Z, K), softmax(Z, 1, K), log_softmax(Z, 2, K)):
        explicit = f.subs(K, classes).rewrite(sp.exp).doit()
        for e in range(1, classes + 1):
            ours = sp.diff(f, Z[e]).subs(K, classes).rewrite(sp.exp).doit()
            assert prove(ours, sp.diff(explicit, Z[e])) is not None


def test_values_at_zero():
    assert sigmoid(0) == sp.Rational(1, 2)
    assert softplus(0) == sp.log(2)


def test_latex_uses_textbook_notation():
    assert to_latex(sigmoid(z)) == r"\sigma\left(z\right)"
    assert r"\operatorname{softplus}" in to_latex(softplus(-z))
    assert r"\operatorname{softmax}\left(z\right)_{j}" in to_latex(softmax(Z, j, K))
    assert to_latex(sp.KroneckerDelta(i, j)) == r"\delta_{ij}"


def test_real_assumptions_propagate():
    assert sigmoid(z).is_positive and softplus(z).is_positive
    assert softmax(Z, j, K).is_positive
