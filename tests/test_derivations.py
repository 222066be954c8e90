"""Every module of derivations/ builds, and each of its derivations is proved."""

import pytest
from xentsym.derivations import build, load, names

from xentsym.catalogue import CATALOGUE
from xentsym.functions import sigmoid
from xentsym.pages import page_markdown
from xentsym.symbols import p, y, z


@pytest.mark.parametrize("name", names())
def test_module_declares_and_builds(name):
    module = load(name)
    assert module.TITLE and module.SUMMARY
    assert set(module.LOSSES) <= set(CATALOGUE)
    derivations = build(name)
    assert derivations
    for derivation in derivations:
        assert derivation.proof  # the result was proved (a ProofError would have been raised)
        assert len(derivation.steps) >= 2
        assert all(step.rules for step in derivation.steps[1:])


def test_the_pages_carry_the_generated_code():
    page = page_markdown("bce_logits")
    assert page.startswith("# Binary cross-entropy on logits")
    assert "def binary_crossentropy_from_logits_grad(" in page
    assert "**Proof:**" in page


def test_textbook_results():
    gradient, second, convexity = build("bce_logits")
    assert gradient.result == sigmoid(z) - y
    assert second.result == sigmoid(z) * (1 - sigmoid(z))
    assert convexity.result == sigmoid(z) * sigmoid(-z) and convexity.result.is_positive
    gradient, _curvature = build("bce_probabilities")
    assert gradient.result == (p - y) / (p * (1 - p))
