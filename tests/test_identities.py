"""Every rule a derivation cites is an identity, stated once and proved."""

import pytest
import sympy as sp
from xentsym.derivations import build, names

from xentsym import verify
from xentsym.functions import NAMED_FUNCTIONS, sigmoid
from xentsym.identities import IDENTITIES, derivative_rule
from xentsym.referee import referee


@pytest.mark.parametrize("identity", IDENTITIES, ids=lambda identity: sp.sstr(identity.lhs)[:60])
def test_every_identity_is_proved(identity):
    result = verify(identity.lhs, identity.rhs, given=list(identity.given))
    assert result.holds, result


def _cited():
    """Every identity a rule of a derivation cites, once each."""
    seen = {}
    for name in names():
        for derivation in build(name):
            for rule in (r for step in derivation.steps for r in step.rules if r.identity is not None):
                seen.setdefault((sp.srepr(rule.identity.lhs), sp.srepr(rule.identity.rhs)), rule)
    return list(seen.values())


@pytest.mark.parametrize("rule", _cited(), ids=lambda rule: rule.words)
def test_every_cited_rule_is_proved(rule):
    assert verify(rule.identity.lhs, rule.identity.rhs, given=list(rule.identity.given)).holds


def test_every_named_function_states_its_derivative():
    assert {type(derivative_rule(f).lhs.expr) for f in NAMED_FUNCTIONS.values()} == set(
        NAMED_FUNCTIONS.values()
    )


def test_a_wrong_derivative_in_a_function_class_fails_its_rule(wrong_sigmoid_derivative):
    """The rule is built from the class's own derivative; the referee, run here where the
    wrong derivative is in force, checks it against the definition of σ."""
    rule = derivative_rule(sigmoid)
    assert rule.rhs == sigmoid(rule.lhs.variables[0])
    assert referee(rule.lhs, rule.rhs).counterexample is not None
