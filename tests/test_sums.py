"""The sum algebra: each lemma holds where its condition does, and is used only there."""

import itertools

import pytest
import sympy as sp

from xentsym.functions import softmax
from xentsym.sums import (
    CONSTANT_FACTOR,
    COUNTING,
    LEMMAS,
    LINEARITY,
    SIFTING,
    SIFTING_OUTSIDE,
    SOFTMAX_TOTAL,
    SumAlgebra,
    canonical_indices,
    class_index_ranges,
)
from xentsym.symbols import K, c, indexed, j, symbol

Z = indexed("z")
N = symbol("N")
_c, _j, _a, _b = sp.symbols("c j a b", integer=True)
_x = sp.Symbol("x", real=True)
LIMITS = list(itertools.product(range(-2, 5), repeat=2))  # reversed limits included


def _concrete(expr: sp.Expr) -> sp.Expr:
    """A lemma with f(c) = c² + 1, g(c) = 3c - 2 and x = 7: something SymPy can add up."""
    return (
        expr.replace(sp.Function("f"), lambda n: n**2 + 1)
        .replace(sp.Function("g"), lambda n: 3 * n - 2)
        .subs(_x, 7)
    )


def test_every_lemma_is_listed():
    assert {lemma.name for lemma in LEMMAS} == {
        lemma.name
        for lemma in (LINEARITY, CONSTANT_FACTOR, COUNTING, SIFTING, SIFTING_OUTSIDE, SOFTMAX_TOTAL)
    }


@pytest.mark.parametrize("lemma", [LINEARITY, CONSTANT_FACTOR, COUNTING], ids=lambda lemma: lemma.name)
def test_unconditional_lemmas_agree_with_sympy_for_any_limits(lemma):
    for low, high in LIMITS:
        at = {_a: low, _b: high}
        assert _concrete(lemma.lhs).subs(at).doit() == _concrete(lemma.rhs).subs(at).doit(), (low, high)


@pytest.mark.parametrize("lemma", [SIFTING, SIFTING_OUTSIDE], ids=lambda lemma: lemma.name)
def test_sifting_lemmas_agree_with_sympy_wherever_their_condition_holds(lemma):
    used = 0
    for (low, high), index in itertools.product(LIMITS, range(-3, 6)):
        at = {_a: low, _b: high, _j: index}
        if lemma.condition.subs(at) is not sp.true:
            continue
        used += 1
        assert _concrete(lemma.lhs).subs(at).doit() == _concrete(lemma.rhs).subs(at).doit(), at
    assert used > 10


def test_sifting_fails_outside_its_condition():
    """The condition is needed: at j outside the limits the sum is 0, not f(j)."""
    at = {_a: 2, _b: 4, _j: 1}
    assert _concrete(SIFTING.lhs).subs(at).doit() == 0 != _concrete(SIFTING.rhs).subs(at)


@pytest.mark.parametrize("classes", [1, 2, 3, 5])
def test_softmax_total_agrees_with_sympy(classes):
    total = SOFTMAX_TOTAL.lhs.subs(_b, classes).rewrite(sp.exp).doit()
    assert SOFTMAX_TOTAL.condition.subs(_b, classes) and sp.simplify(total) == 1


def test_softmax_total_needs_a_class():
    """With no class the sum is empty: 0, not 1."""
    assert SOFTMAX_TOTAL.lhs.subs(_b, 0).doit() == 0 and not SOFTMAX_TOTAL.condition.subs(_b, 0)
    total = sp.Sum(softmax(Z, c, sp.Abs(K - 7)), (c, 1, sp.Abs(K - 7)))
    assert SumAlgebra(class_index_ranges(total)).sift(total).has(sp.Sum)


def _sift(expr, ranges=None):
    return SumAlgebra(class_index_ranges(expr) if ranges is None else ranges).sift(expr)


def test_sifting_over_one_to_k_gives_the_entry():
    assert _sift(sp.Sum(sp.KroneckerDelta(c, j) * Z[c], (c, 1, K))) == Z[j]


@pytest.mark.parametrize(
    "limits",
    [(2, K), (1, K - 1), (3, K), (1, 3)],
    ids=["from 2", "to K-1", "from 3", "to 3"],
)
def test_sifting_is_refused_where_the_index_may_lie_outside(limits):
    """j lies in 1..K: a sum that skips 1 or K might not contain it, so it stays a sum."""
    result = _sift(sp.Sum(sp.KroneckerDelta(c, j) * Z[c], (c, *limits)))
    assert result.has(sp.Sum) and result.has(sp.KroneckerDelta)


def test_sifting_uses_what_is_known_of_the_index():
    delta = sp.KroneckerDelta(c, j) * Z[c]
    assert _sift(sp.Sum(delta, (c, j, K))) == Z[j]  # j ≤ c ≤ K holds at c = j
    assert _sift(sp.Sum(delta, (c, K + 1, 2 * K))) == 0  # j ≤ K < K + 1: never
    assert _sift(sp.Sum(delta, (c, 2, K)), {j: (sp.Integer(2), K)}) == Z[j]


def test_no_index_range_without_exactly_one_class_count():
    assert class_index_ranges(sp.Sum(Z[c], (c, 1, K)) + j) == {j: (1, K)}
    assert class_index_ranges(K + N + j) == {}
    assert class_index_ranges(Z[j]) == {}
    assert _sift(sp.Sum(sp.KroneckerDelta(c, j) * Z[c], (c, 1, K)) + N).has(sp.Sum)


def test_reversed_limits_are_not_sifted():
    """Σ_{c=3}^{1} is -Σ_{c=2}^{2}: the bound index does not lie between 3 and 1."""
    assert _sift(sp.Sum(sp.KroneckerDelta(c, 2) * Z[c], (c, 3, 1))).has(sp.Sum)


def test_counting_and_constant_factors():
    x = symbol("x")
    assert _sift(sp.Sum(x, (c, 2, K))) == x * (K - 1)
    assert _sift(sp.Sum(x * Z[c], (c, 1, K))) == x * canonical_indices(sp.Sum(Z[c], (c, 1, K)))


def test_nested_sums_sift_against_the_outer_index():
    d = sp.Symbol("d", integer=True, positive=True)
    nested = sp.Sum(sp.Sum(sp.KroneckerDelta(c, d) * Z[c], (c, 1, K)), (d, 1, K))
    assert _sift(nested) == canonical_indices(sp.Sum(Z[d], (d, 1, K)))


def test_side_conditions_replace_only_what_they_state():
    algebra = SumAlgebra(class_index_ranges(K + j), {sp.Sum(indexed("y")[c], (c, 1, K)): sp.S.One})
    y = indexed("y")
    assert algebra.normalize(sp.Sum(y[c], (c, 1, K)) * Z[j] - Z[j]) == 0
    assert "side conditions" in algebra.used
    assert algebra.normalize(sp.Sum(y[c], (c, 2, K))) != 1  # a different sum


def test_canonical_names_make_renamed_sums_equal():
    d = sp.Symbol("d", integer=True, positive=True)
    assert canonical_indices(sp.Sum(Z[c], (c, 1, K))) == canonical_indices(sp.Sum(Z[d], (d, 1, K)))
    assert canonical_indices(sp.Sum(softmax(Z, c, K), (c, 1, K))) != canonical_indices(
        sp.Sum(Z[c], (c, 1, K))
    )
