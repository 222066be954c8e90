"""Formulas are parsed without running Python."""

import pytest
import sympy as sp

from xentsym.functions import sigmoid, softmax
from xentsym.parsing import FormulaError, parse, parse_equation

INJECTIONS = [
    "__import__('os').system('touch /tmp/xentsym-injected')",
    "z.__class__",
    "z.__class__.__mro__[1].__subclasses__()",
    "(lambda: 1)()",
    "[x for x in (1, 2)]",
    "exec('1')",
    "eval('1')",
    "open('/etc/passwd')",
    "sigmoid(z, **{'a': 1})",
    "sigmoid(z=1)",
    "9**9**9",
    "'text'",
    "z if z else 1",
    "z; import os",
    "getattr(z, 'x')",
    "diff(z, z, 1000000)",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_and_non_mathematics_are_refused(text, tmp_path):
    with pytest.raises(FormulaError):
        parse(text)


def test_refused_code_does_not_run(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(FormulaError):
        parse(f"__import__('pathlib').Path('{marker}').touch()")
    assert not marker.exists()


def test_vocabulary_and_domains():
    expr = parse("-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))")
    names = {s.name: s for s in expr.free_symbols}
    assert names["z"].is_real and names["y"].is_real
    assert parse("p").is_positive
    assert parse("sigmoid(z)").func is sigmoid
    assert parse("Rational(1, 2)") == sp.Rational(1, 2)
    assert parse("0.1") == sp.Rational(1, 10)


def test_indexed_families_are_shared_across_the_formula():
    expr = parse("softmax(z, j, K) - y[j]")
    (sm,) = expr.atoms(softmax)
    (entry,) = expr.atoms(sp.Indexed)
    assert isinstance(sm.logits, sp.IndexedBase) and str(entry.base) == "y"
    assert parse("diff(logsumexp(z, K), z[j])").doit() == parse("softmax(z, j, K)")


def test_equations():
    lhs, rhs = parse_equation("Sum(y[c], (c, 1, K)) = 1")
    assert isinstance(lhs, sp.Sum) and rhs == 1
    with pytest.raises(FormulaError):
        parse_equation("a = b = c")


# --- exact input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.00000000000000001", sp.Rational(100000000000000001, 10**17)),
        ("1e-400", sp.Integer(10) ** -400),
        ("2.5e3", sp.Integer(2500)),
        (".5", sp.Rational(1, 2)),
        ("1_000.25", sp.Rational(4001, 4)),
    ],
)
def test_a_decimal_is_the_rational_it_spells(text, value):
    assert parse(text) == value


def test_no_float_enters():
    assert not parse("0.1*z + 1e-30").atoms(sp.Float)
    assert parse(0.1) == sp.Rational(0.1)  # a Python float is the binary number it stores
    assert parse(sp.Float(0.5) * sp.Symbol("z")) == parse("z/2")


def test_one_symbol_per_name_across_strings_and_sympy():
    plain = parse(sp.Symbol("z") ** 2)
    assert plain == parse("z**2") and plain.free_symbols == parse("z").free_symbols
    with pytest.raises(FormulaError, match="two different symbols"):
        from xentsym.parsing import unify

        unify(sp.Symbol("a", positive=True), parse("a"))


def test_derivatives_stay_unevaluated_until_a_bounded_step_evaluates_them():
    expr = parse("diff(z**3, z, 2)")
    assert isinstance(expr, sp.Derivative) and expr.doit() == 6 * parse("z")
    assert parse("diff(z**3, (z, 2))") == expr


# --- sizes refused before anything is evaluated --------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("sqrt(2)**(10**64)", "too large"),
        ("2**2**2**2**2", "too large"),
        ("10**20000", "too large"),
        ("1e100000", "too large"),
        ("diff(exp(2*z), (z, 10**9))", "order"),
        ("diff(exp(2*z), z, 7)", "order"),
        ("diff(exp(2*z), z, z, z, z, z, z, z)", "order"),
        ("Sum(z[c], (c, 1, 10**9))", "terms"),
        ("-" * 1000 + "z", "nests"),
        ("(" * 300 + "z" + ")" * 300, "too many nested parentheses"),
        ("z + " * 600 + "z", "longer"),
        ("KroneckerDelta(c, j, (1, K))", "two indices"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_too_large_or_malformed_is_refused_quickly(text, fragment):
    with pytest.raises(FormulaError, match=fragment):
        parse(text)


# --- hints ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("x^2", "x**2"),
        ("2x", "2*x"),
        ("sigmod(z)", "did you mean 'sigmoid'"),
        ("a = b", "give the two sides separately"),
        ("y(1 - s)", "y*(...)"),
        ("1j*z", "complex"),
    ],
)
def test_errors_hint_at_the_likely_fix(text, hint):
    with pytest.raises(FormulaError) as error:
        parse(text)
    assert hint in str(error.value)


def test_typography_is_accepted():
    assert parse("−z × 2") == parse("-z*2")
    assert parse("ln(p)") == parse("log(p)")


def test_a_sums_index_ranges_over_its_limits_whatever_its_name():
    """Free, c is a class index (positive); bound over 0..K it takes 0, and δ_c0 is not 0."""
    total = parse("Sum(KroneckerDelta(c, 0), (c, 0, K))")
    assert total.subs(parse("K"), 3).doit() == 1
    assert parse("Sum(Abs(k), (k, -2, 2))").doit() == 6


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("diff(logsumexp(z, K), K)", "whole-number"),
        ("diff(softmax(z, j, K), j)", "whole-number"),
        ("log(z, 0)", "one argument"),
        ("sqrt(z, 3)", "one argument"),
        ("10**10001", "too large"),
        ("99**6000", "digits"),
    ],
)
def test_what_a_formula_cannot_mean_is_refused(text, fragment):
    with pytest.raises(FormulaError, match=fragment):
        parse(text)


def test_large_but_writable_numbers_are_read():
    assert parse("2**10000") == sp.Integer(2) ** 10000  # 3011 digits
    assert parse("10**9999") == sp.Integer(10) ** 9999


@pytest.mark.parametrize("value", [float("inf"), float("nan"), sp.Eq(sp.Symbol("z"), 1)])
def test_python_values_that_are_not_formulas(value):
    with pytest.raises(FormulaError):
        parse(value)


def test_names_take_the_label_or_probability_domain_only_in_their_usual_forms():
    from xentsym.symbols import REAL, domain_of

    assert {domain_of(name).name for name in ("sigma", "shift", "phi", "prior")} == {REAL.name}
    assert domain_of("y_true").name == domain_of("y").name and domain_of("p1").name == domain_of("p").name


@pytest.mark.parametrize("text", ["e", "e**x", "log(e)", "e[c]"])
def test_e_alone_is_refused_as_ambiguous(text):
    """e prints as Euler's number, so a variable named e would be shown as something else."""
    with pytest.raises(FormulaError, match="e is ambiguous: write E or exp"):
        parse(text)


@pytest.mark.parametrize("text", ["nan*log(sigmoid(z))", "oo*z", "I*z", "Inf + z", "zoo"])
def test_names_of_special_values_are_refused(text):
    """nan, oo, I read as values a loss cannot hold; taken as variables they would be "proved"."""
    with pytest.raises(FormulaError, match="reads as a special value"):
        parse(text)


def test_greek_letters_read_as_the_notation_prints_them():
    """σ(z) is the sigmoid and α the variable alpha, as the text notation writes them."""
    assert parse("σ(z) * α") == parse("sigmoid(z) * alpha")
    assert parse("π") == sp.pi


def test_unicode_variants_of_greek_letters_are_the_letters():
    """𝜎 (mathematical italic) is σ, ϵ (lunate) is ε: the forms a keyboard or a PDF gives."""
    assert parse("𝜎(z)") == parse("sigmoid(z)")
    assert parse("ϵ") == parse("epsilon")
