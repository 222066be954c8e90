"""Algebra of sums over class indices, sound for any limits.

SymPy evaluates ``Σ_c δ_cj f(c)`` to a ``Piecewise`` on ``1 ≤ j ≤ K`` and never pulls
index-free factors out of a sum by itself. `SumAlgebra` does what a person does on
paper, but only where it is true: each rewrite is one of the `LEMMAS`, used only when
its side condition is proved from what is known about the indices (their ranges).

Sums follow SymPy's convention (Karr's): ``Σ_{c=a}^{b}`` with ``b = a - 1`` is empty and
with ``b < a - 1`` is ``-Σ_{c=b+1}^{a-1}``, so a bound index is known to lie in ``a..b`` only
where ``a ≤ b + 1`` is proved. Bound indices are renamed canonically so that ``Σ_c y_c``
and ``Σ_d y_d`` compare equal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy as sp

from .functions import softmax
from .symbols import COUNT, INDEX, domain_of_symbol, free_symbols

__all__ = [
    "LEMMAS",
    "Lemma",
    "Range",
    "SumAlgebra",
    "canonical_indices",
    "class_index_ranges",
    "eliminations",
    "explicit",
    "provably_nonnegative",
    "readable_indices",
    "sift",
    "under",
]

Range = tuple[sp.Expr, sp.Expr]
"""Inclusive bounds (low, high) of an integer index."""


@dataclass(frozen=True)
class Lemma:
    """A rule of the sum algebra: ``lhs = rhs`` wherever ``condition`` holds.

    The statement uses the symbols ``c`` (the bound index), ``a``, ``b`` (the limits), ``j``
    (another index), ``f`` (any function) and ``x`` (anything free of ``c``); the tests check
    each lemma against SymPy's ``doit()`` for explicit limits.
    """

    name: str
    lhs: sp.Expr
    rhs: sp.Expr
    condition: sp.Basic = sp.true


_c, _j, _a, _b = sp.symbols("c j a b", integer=True)
_f, _g = sp.Function("f"), sp.Function("g")
_x = sp.Symbol("x", real=True)

LINEARITY = Lemma(
    "linearity",
    sp.Sum(_f(_c) + _g(_c), (_c, _a, _b)),
    sp.Sum(_f(_c), (_c, _a, _b)) + sp.Sum(_g(_c), (_c, _a, _b)),
)
CONSTANT_FACTOR = Lemma(
    "constant factor", sp.Sum(_x * _f(_c), (_c, _a, _b)), _x * sp.Sum(_f(_c), (_c, _a, _b))
)
COUNTING = Lemma("counting", sp.Sum(_x, (_c, _a, _b)), (_b - _a + 1) * _x)
SIFTING = Lemma(
    "δ-sifting",
    sp.Sum(sp.KroneckerDelta(_c, _j) * _f(_c), (_c, _a, _b)),
    _f(_j),
    (_a <= _j) & (_j <= _b),
)
SIFTING_OUTSIDE = Lemma(
    "δ outside the limits",
    sp.Sum(sp.KroneckerDelta(_c, _j) * _f(_c), (_c, _a, _b)),
    sp.S.Zero,
    (_a <= _b + 1) & ((_j < _a) | (_j > _b)),
)
SOFTMAX_TOTAL = Lemma(
    "softmax sums to 1", sp.Sum(softmax(sp.IndexedBase("z"), _c, _b), (_c, 1, _b)), sp.S.One, _b >= 1
)

LEMMAS: tuple[Lemma, ...] = (LINEARITY, CONSTANT_FACTOR, COUNTING, SIFTING, SIFTING_OUTSIDE, SOFTMAX_TOTAL)


def _bound_index(height: int) -> sp.Dummy:
    return sp.Dummy(f"c{height}", dummy_index=10**9 + height, integer=True)


def _height(expr: sp.Basic) -> int:
    """How many summation indices are bound inside ``expr`` (its own included)."""
    inner = max((_height(a) for a in expr.args), default=0)
    return inner + len(expr.limits) if isinstance(expr, sp.Sum) else inner


def canonical_indices(expr: sp.Basic) -> sp.Basic:
    """Rename every bound index by how many indices are bound inside it.

    Innermost indices get the lowest names, so the same sum gets the same names wherever it
    stands, and an index bound outside never shares a name with one bound inside.
    """
    if not expr.args or not expr.has(sp.Sum):
        return expr
    if isinstance(expr, sp.Sum):
        body = canonical_indices(expr.function)
        height = _height(body)
        limits = [list(limit) for limit in expr.limits]
        for n, limit in enumerate(limits):
            renaming = {limit[0]: _bound_index(height + n + 1)}
            body = body.xreplace(renaming)
            for inner in limits[:n]:  # an inner sum's limits may mention this index
                inner[1:] = [bound.xreplace(renaming) for bound in inner[1:]]
            limit[0] = renaming[limit[0]]
        return sp.Sum(body, *map(tuple, limits))
    return expr.func(*(canonical_indices(a) for a in expr.args))


def provably_nonnegative(expr: sp.Expr, ranges: Mapping[sp.Symbol, Range | None]) -> bool:
    """Whether ``expr ≥ 0`` for every value of its indices in their ranges.

    ``expr`` must be linear in each index with a coefficient of known sign; each index is
    then replaced by the end of its range that makes ``expr`` smallest.
    """
    for index in sorted(expr.free_symbols & set(ranges), key=sp.default_sort_key):
        bounds = ranges[index]
        slope = sp.diff(expr, index)
        if bounds is None or slope.has(index):
            return False
        if slope.is_nonnegative:
            expr = expr.subs(index, bounds[0])
        elif slope.is_nonpositive:
            expr = expr.subs(index, bounds[1])
        else:
            return False
    return bool(sp.expand(expr).is_nonnegative)


@dataclass
class SumAlgebra:
    """Rewrites with `LEMMAS` under what is known about the free indices.

    Args:
        ranges: inclusive bounds of free integer indices (e.g. ``j`` in ``1..K``); an index
            not listed is only known to be an integer.
        given: side conditions, expression → value (``Σ_c y_c → 1``).
    """

    ranges: Mapping[sp.Symbol, Range] = field(default_factory=dict)
    given: Mapping[sp.Expr, sp.Expr] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def normalize(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` rewritten with the lemmas and the side conditions, to a fixed point."""
        rules = {canonical_indices(k): v for k, v in self.given.items()}
        for _ in range(20):
            new = canonical_indices(self.sift(sp.expand(expr)))
            replaced = new.xreplace(rules)
            if replaced != new:
                self.used.add("side conditions")
            new = sp.expand(replaced)
            if new == expr:
                break
            expr = new
        return expr

    def sift(self, expr: sp.Expr) -> sp.Expr:
        """Linearity, counting and sifting on every sum, to a fixed point."""
        expr = canonical_indices(expr)
        for _ in range(20):
            new = self._rewrite(expr, dict(self.ranges))
            if new == expr:
                break
            expr = canonical_indices(new)
        return expr

    def _rewrite(self, expr: sp.Basic, ranges: dict) -> sp.Basic:
        if not expr.has(sp.Sum):
            return expr
        if not isinstance(expr, sp.Sum):
            return expr.func(*(self._rewrite(a, ranges) for a in expr.args))
        scope = dict(ranges)
        for var, low, high in reversed(expr.limits):  # the outermost index first
            scope[var] = (low, high) if provably_nonnegative(high + 1 - low, scope) else None
        body = self._rewrite(expr.function, scope)
        (var, low, high), *outer = expr.limits
        inner = self._innermost(body, var, low, high, scope)
        return sp.Sum(inner, *outer) if outer else inner

    def _innermost(self, body: sp.Expr, var, low, high, scope) -> sp.Expr:
        """One pass of the lemmas on ``Σ_{var=low}^{high} body``."""
        total = sp.S.Zero
        for term in sp.Add.make_args(sp.expand(body)):
            free, bound = _split_factors(term, var)
            if bound == 1:
                self.used.add(COUNTING.name)
                total += free * (high - low + 1)
                continue
            sifted = self._sift(bound, var, low, high, scope)
            if sifted is not None:
                total += free * sifted
            elif _is_softmax_total(bound, var, low, high) and provably_nonnegative(high - 1, scope):
                self.used.add(SOFTMAX_TOTAL.name)
                total += free
            else:
                total += free * sp.Sum(bound, (var, low, high))
        return total

    def _sift(self, body: sp.Expr, var, low, high, scope) -> sp.Expr | None:
        """``f(j)`` or 0 for ``Σ δ_{var,j} f(var)`` when the lemma's condition is proved; else None."""
        if scope.get(var) is None:  # the limits may be reversed: no lemma applies
            return None
        for factor in sp.Mul.make_args(body):
            if not isinstance(factor, sp.KroneckerDelta) or len(factor.args) != 2 or var not in factor.args:
                continue
            other = factor.args[1] if factor.args[0] == var else factor.args[0]
            if other.has(var) or not other.is_integer:
                continue
            if provably_nonnegative(other - low, scope) and provably_nonnegative(high - other, scope):
                self.used.add(SIFTING.name)
                return (body / factor).xreplace({var: other})
            if provably_nonnegative(low - 1 - other, scope) or provably_nonnegative(other - high - 1, scope):
                self.used.add(SIFTING_OUTSIDE.name)
                return sp.S.Zero
        return None


def _split_factors(body: sp.Expr, var: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """(factors free of ``var``, factors that depend on it)."""
    free, bound = [], []
    for factor in sp.Mul.make_args(body):
        (bound if factor.has(var) else free).append(factor)
    return sp.Mul(*free), sp.Mul(*bound)


def _is_softmax_total(body: sp.Expr, var, low, high) -> bool:
    return isinstance(body, softmax) and body.index == var and low == 1 and high == body.classes


def class_index_ranges(*exprs: sp.Basic) -> dict[sp.Symbol, Range]:
    """Each free class index's range under the toolkit's convention: when the formulas have
    exactly one class count ``K``, every free index (``i``, ``j``, ``k``, ``c``) lies in
    ``1..K``; with no class count or several, an index is only known to be a positive integer."""
    symbols = set().union(*(free_symbols(e) for e in exprs))
    symbols = sorted((s for s in symbols if isinstance(s, sp.Symbol)), key=sp.default_sort_key)
    counts = [s for s in symbols if domain_of_symbol(s) is COUNT]
    if len(counts) != 1:
        return {}
    return {s: (sp.S.One, counts[0]) for s in symbols if domain_of_symbol(s) is INDEX}


def sift(expr: sp.Expr) -> sp.Expr:
    """``expr`` with linearity, counting and sifting applied to its sums, under the convention
    of `class_index_ranges`, its bound indices named for reading (`readable_indices`)."""
    return readable_indices(SumAlgebra(class_index_ranges(expr)).sift(expr))


def readable_indices(expr: sp.Expr) -> sp.Expr:
    """The canonical bound indices renamed c, d, e, ... (innermost first), skipping any letter
    that is already a free symbol, so that a printed sum names each index once."""
    taken = {str(s) for s in free_symbols(expr)}
    letters = [letter for letter in "cdefghmnrt" if letter not in taken]
    canonical = sorted(
        {d for d in expr.atoms(sp.Dummy) if d.name.startswith("c") and d.dummy_index >= 10**9},
        key=lambda d: d.dummy_index,
    )
    return expr.xreplace(
        {
            d: sp.Symbol(letter, integer=True, positive=True)
            for d, letter in zip(canonical, letters, strict=False)
        }
    )


def eliminations(given: tuple) -> dict[sp.Expr, sp.Expr]:
    """The side conditions as substitutions that hold under them, one each, in order: a sum,
    an element or a symbol the condition is linear in (with a numeric, non-zero slope), once
    the substitutions before it are made, replaced by its value. So ``1 = z`` is used as well
    as ``z = 1``, and ``y[1] = 1`` with ``y[1] + y[2] = 1`` gives y[1] = 1 and y[2] = 0."""
    rules: dict[sp.Expr, sp.Expr] = {}
    for lhs, rhs in given:
        condition = sp.expand((lhs - rhs).xreplace(rules))
        atoms = [
            *condition.atoms(sp.Sum),
            *condition.atoms(sp.Indexed),
            *sorted(condition.free_symbols, key=str),
        ]
        for atom in atoms:
            slope = condition.coeff(atom) if isinstance(atom, sp.Sum) else condition.diff(atom)
            if slope.is_number and slope != 0 and not (condition - slope * atom).has(atom):
                value = -(condition - slope * atom) / slope
                rules = {key: sp.expand(old.xreplace({atom: value})) for key, old in rules.items()}
                rules[atom] = value
                break
    return rules


def under(expr: sp.Expr, given: Sequence[tuple[sp.Expr, sp.Expr]]) -> sp.Expr:
    """``expr`` with the side conditions ``given`` used (see `eliminations`), its bound
    indices named for reading."""
    if not given:
        return expr
    rules = {canonical_indices(k): v for k, v in eliminations(tuple(given)).items()}
    return readable_indices(canonical_indices(expr).xreplace(rules))


def explicit(expr: sp.Expr, classes: int, count: sp.Symbol) -> sp.Expr:
    """``expr`` with ``count`` (the symbolic K) set to a number and every sum written out."""
    return expr.subs(count, classes).rewrite(sp.exp).doit()
