"""Printed math is proved math: a printed formula that reads as something else is caught."""

import pytest
import sympy as sp
from xentsym.derivations import build, names

from xentsym import derivations
from xentsym.blocks import parse_block, render
from xentsym.derive import differentiate
from xentsym.functions import sigmoid
from xentsym.latex import _Printer, derivation_latex, to_latex
from xentsym.losses import binary_crossentropy_from_logits, smooth_binary_labels
from xentsym.printed import PrintedMathError, check_derivation, problems
from xentsym.symbols import s, y, z

SMOOTHED = differentiate(
    binary_crossentropy_from_logits(smooth_binary_labels(y, s), z),
    z,
    closed_form=sigmoid(z) - smooth_binary_labels(y, s),
)


def _operators_last_without_brackets(self, coefficient, operators):
    """The printer as it was: a sum coefficient set bare before a derivative."""
    return " ".join([self._print(coefficient), *map(self._print, operators)])


def test_a_missing_bracket_is_caught(monkeypatch):
    check_derivation(SMOOTHED)
    monkeypatch.setattr(_Printer, "_operators_last", _operators_last_without_brackets)
    with pytest.raises(PrintedMathError, match="reads as"):
        check_derivation(SMOOTHED)


def test_the_check_reads_what_the_page_shows():
    """The align block is made of exactly the LaTeX that the check reads back."""
    block = derivation_latex(SMOOTHED)
    assert all(to_latex(step.expr) in block for step in SMOOTHED.steps)


def test_a_formula_that_reads_otherwise_or_not_at_all_is_a_problem():
    assert list(problems(sp.Symbol("x") + 1, "here")) == []
    (misread,) = problems(sp.Function("F")(z), "here", ("LaTeX",))  # F(z) looks like F times z
    assert "reads as F*z" in misread
    (unreadable,) = problems(sp.Symbol("x'"), "here", ("LaTeX",))
    assert "cannot be read back" in unreadable


def test_a_symbol_named_like_a_function_is_read_as_a_factor():
    """g (1 - σ(z)) is g times the bracket where g is a symbol of the formula, as in a focal
    loss; where the formula has a function g, as a rule's g(x), it is that function."""
    g = sp.Symbol("g")
    assert list(problems(g * (1 - sigmoid(z)) ** (g - 1), "here")) == []
    assert list(problems(sp.Function("g")(z) + 1, "here", ("LaTeX",))) == []


def test_a_derivation_page_with_a_misprinted_step_does_not_render(monkeypatch):
    """A derivation page is a ``derivation: NAME`` block; rendering it checks every printed
    formula, and a block that does not render fails the docs build (tests/test_docs.py)."""
    derivations.build.cache_clear()
    monkeypatch.setattr(_Printer, "_operators_last", _operators_last_without_brackets)
    try:
        with pytest.raises(PrintedMathError):
            render(parse_block(f"derivation: {names()[0]}"))
    finally:
        derivations.build.cache_clear()


@pytest.mark.parametrize("name", names())
def test_every_derivation_prints_what_it_proved(name):
    for derivation in build(name):
        check_derivation(derivation)
