"""Derivations: steps with rules, textbook closed forms, every step and result proved."""

import pytest
import sympy as sp

from xentsym.derive import ProofError, Rule, chain, differentiate
from xentsym.functions import sigmoid, softmax
from xentsym.identities import derivative_rule
from xentsym.losses import (
    Y,
    Z,
    binary_crossentropy,
    binary_crossentropy_from_logits,
    categorical_crossentropy_from_logits,
    class_sum,
)
from xentsym.prove import prove
from xentsym.symbols import K, c, j, p, y, z


def test_logit_gradient_reaches_sigmoid_minus_label():
    d = differentiate(binary_crossentropy_from_logits(), z, closed_form=sigmoid(z) - y)
    assert d.result == sigmoid(z) - y
    assert d.lhs == sp.Derivative(binary_crossentropy_from_logits(), z)
    words = [r.words for step in d.steps for r in step.rules]
    assert "sum rule" in words and "derivative of log, chain rule" in words
    assert "derivative of sigmoid, chain rule" in words
    assert any(r.identity == derivative_rule(sigmoid) for step in d.steps for r in step.rules)


def test_every_step_follows_from_the_one_before():
    d = differentiate(binary_crossentropy(), p, closed_form=(p - y) / (p * (1 - p)))
    for before, after in zip(d.steps, d.steps[1:], strict=False):
        assert prove(before.expr, after.expr) is not None
        assert after.rules  # every step says why
    assert d.result == (p - y) / (p * (1 - p))
    assert prove(d.result, sp.diff(binary_crossentropy(), p)) is not None


def test_second_derivative_is_sigmoid_times_one_minus_sigmoid():
    first = differentiate(binary_crossentropy_from_logits(), z, closed_form=sigmoid(z) - y)
    second = differentiate(first.result, z, closed_form=sigmoid(z) * (1 - sigmoid(z)))
    assert second.result == sigmoid(z) * (1 - sigmoid(z))


def test_a_wrong_closed_form_is_refused():
    with pytest.raises(ProofError, match="does not follow"):
        differentiate(binary_crossentropy_from_logits(), z, closed_form=y - sigmoid(z))


def test_a_wrong_hand_step_is_refused():
    with pytest.raises(ProofError, match="'symmetry' does not follow"):
        chain("wrong", 1 - sigmoid(z), [(sigmoid(z), Rule("symmetry"))])


def test_general_k_gradient_with_and_without_the_side_condition():
    loss = categorical_crossentropy_from_logits()
    general = differentiate(loss, Z[j])
    assert prove(general.result, softmax(Z, j, K) * class_sum(Y[c]) - Y[j]) is not None
    normalised = differentiate(loss, Z[j], closed_form=softmax(Z, j, K) - Y[j], given=[(class_sum(Y[c]), 1)])
    assert normalised.result == softmax(Z, j, K) - Y[j]
    assert any(r.words == "side condition" for step in normalised.steps for r in step.rules)
    with pytest.raises(ProofError):
        differentiate(loss, Z[j], closed_form=softmax(Z, j, K) - Y[j])
