"""The numeric referee: looks for a point where two expressions differ.

It shares no code with the prover. Points are tried in a fixed order, widest coverage
first: every class count ``K`` from 1 to 6 (no fewer than the largest class index the
formulas write out), every value of the free class indices in ``1..K`` (all combinations
where they are few, the boundaries 1 and K always), and for the real variables values
across magnitudes, from 2⁻⁷⁰ through the boundaries of their domains to ±700. Every value
is a dyadic rational, exact at any precision. Side conditions are solved exactly for one
variable where they are linear in it, and checked at the point either way.

At each point both sides are enclosed in intervals (:mod:`xentsym.numeric`): disjoint
intervals, found again at twice the precision, are a refutation; intervals that overlap and
are narrow (20 digits relative to the size of the terms) are an agreement; anything else
is retried at higher precision, up to :data:`MAX_DIGITS`, and otherwise left undecided.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

from . import functions as named
from .bounded import Deadline, StepTimeout
from .numeric import ImpreciseError, Point, UndefinedError, enclose
from .symbols import COUNT, Domain, domain_of_symbol, free_symbols

__all__ = [
    "AGREEMENT_DIGITS",
    "MAX_DIGITS",
    "MAX_POINTS",
    "MIN_POINTS",
    "START_DIGITS",
    "Counterexample",
    "Report",
    "referee",
]

START_DIGITS = 30
MAX_DIGITS = 960
AGREEMENT_DIGITS = 20
"""Two sides agree at a point when their intervals overlap and are this many digits narrow."""

_TOLERANCE = mpmath.mpf(10) ** -AGREEMENT_DIGITS
_MAX_CLASSES = 6
MIN_POINTS = 48
_CASES_PER_MODE = 8
MAX_POINTS = 240
_MODES = ("moderate", "boundary", "moderate", "tiny", "large", "moderate", "huge")


@dataclass(frozen=True)
class Counterexample:
    """A point where the two sides differ, with both sides' values there.

    ``point`` maps each variable's name (``"z"``, ``"K"``, ``"z[2]"``) to its exact value.
    """

    point: dict[str, sp.Rational | sp.Expr]
    lhs: sp.Float
    rhs: sp.Float

    def __str__(self) -> str:
        where = ", ".join(f"{name} = {_decimal(value)}" for name, value in self.point.items())
        gap = abs(self.lhs - self.rhs) / max(abs(self.lhs), abs(self.rhs))
        digits = 15 if gap == 0 else min(60, max(15, math.ceil(-math.log10(gap)) + 3))
        return f"at {where}: lhs = {sp.N(self.lhs, digits)}, rhs = {sp.N(self.rhs, digits)}"


def _decimal(value: sp.Expr) -> str:
    """An exact value as a decimal where it has a short one (dyadic rationals do)."""
    if isinstance(value, sp.Integer):
        return str(value)
    if isinstance(value, sp.Rational) and value.q & (value.q - 1) == 0:
        exponent = value.q.bit_length() - 1
        digits = sp.Integer(value.p * 5**exponent)
        text = mpmath.nstr(mpmath.mpf(value.p) / value.q, exponent + len(str(digits)))
        return text if len(text) <= 40 else f"{sp.sstr(value)}"
    return sp.sstr(value)


@dataclass(frozen=True)
class Report:
    """What the referee found.

    ``compared`` counts the points where both sides were computed and agreed; ``outside``
    those where a side has no finite real value (outside the identity's domain); ``unsettled``
    those the precision limit could not decide; ``unsatisfied`` those where the side
    conditions could not be met.
    """

    compared: int = 0
    counterexample: Counterexample | None = None
    outside: int = 0
    unsettled: int = 0
    unsatisfied: int = 0
    out_of_time: bool = False


# --- what varies ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Variables:
    counts: tuple[sp.Symbol, ...]
    indices: tuple[sp.Symbol, ...]
    reals: tuple[sp.Symbol, ...]
    families: tuple[sp.IndexedBase, ...]
    least_count: int  # the largest class index written out as a number

    @classmethod
    def of(cls, exprs: Iterable[sp.Expr]) -> _Variables:
        exprs = list(exprs)
        families = set().union(*(e.atoms(sp.IndexedBase) for e in exprs))
        labels = {f.label for f in families}
        symbols = set().union(*(free_symbols(e) for e in exprs)) - labels
        symbols = {s for s in symbols if isinstance(s, sp.Symbol)}
        by_name = sorted(symbols, key=sp.default_sort_key)
        domains = {s: domain_of_symbol(s) for s in by_name}
        counts = tuple(s for s in by_name if domains[s] is COUNT)
        indices = tuple(s for s in by_name if domains[s].integer and s not in counts)
        reals = tuple(s for s in by_name if not domains[s].integer)
        written = [int(n) for e in exprs for n in _written_indices(e)]
        return cls(counts, indices, reals, tuple(sorted(families, key=str)), max(written, default=1))


def _written_indices(expr: sp.Expr) -> Iterator[sp.Integer]:
    """Class indices written as numbers: z[2], δ_{j,1}, softmax(z, 3, K)."""
    for entry in expr.atoms(sp.Indexed):
        yield from (i for i in entry.indices if i.is_Integer)
    for delta in expr.atoms(sp.KroneckerDelta):
        yield from (a for a in delta.args[:2] if a.is_Integer)
    for f in expr.atoms(named.softmax, named.log_softmax):
        if f.index.is_Integer:
            yield f.index


def _integer_cases(variables: _Variables, rng: random.Random) -> list[dict[sp.Symbol, int]]:
    """Class counts and index values to try: all small cases, the boundaries always."""
    low = max(1, variables.least_count)
    count_values = [range(low, max(low, _MAX_CLASSES) + 1) for _ in variables.counts]
    count_cases = list(itertools.product(*count_values))
    if len(count_cases) > 24:
        count_cases = count_cases[:4] + rng.sample(count_cases[4:], 20)
    cases = []
    for values in count_cases:
        counts = dict(zip(variables.counts, values, strict=True))
        top = values[0] if len(values) == 1 else max((*values, _MAX_CLASSES)) + 1
        index_values = list(itertools.product(range(1, top + 1), repeat=len(variables.indices)))
        if len(index_values) > 36:
            corners = list(itertools.product((1, top), repeat=len(variables.indices)))
            index_values = corners + rng.sample(index_values, 36 - min(len(corners), 36))
        cases += [{**counts, **dict(zip(variables.indices, v, strict=True))} for v in index_values]
    return cases or [{}]


def _plan(cases: list[dict], rng: random.Random) -> list[tuple[int, dict]]:
    """(magnitude mode, integer case) pairs: every case once with moderate values, then each
    other mode on the first and last case and a sample of the rest, round after round until
    there are at least :data:`MIN_POINTS` points."""
    plan = [(0, case) for case in cases]
    inner = cases[1:-1]
    while len(plan) < MIN_POINTS:
        for mode in range(1, len(_MODES)):
            picked = rng.sample(inner, min(len(inner), _CASES_PER_MODE - 2))
            plan += [(mode, case) for case in [cases[0], *picked, cases[-1]][: len(cases)]]
    return plan[:MAX_POINTS]


def _dyadic(low: float, high: float, rng: random.Random, bits: int = 8) -> Fraction:
    """A random multiple of 2⁻ᵇⁱᵗˢ strictly inside (low, high)."""
    scale = 1 << bits
    first, last = math.floor(low * scale) + 1, math.ceil(high * scale) - 1
    return Fraction(rng.randint(first, last), scale)


def _draw(domain: Domain, mode: str, rng: random.Random) -> Fraction:
    """A value of ``domain`` of the kind ``mode`` asks for (moderate, boundary, tiny, large, huge)."""
    low, high = max(domain.low, -6.0), min(domain.high, 6.0)
    if domain.integer:
        return Fraction(rng.randint(math.ceil(max(domain.low, -4)), math.floor(min(domain.high, 6))))
    sign = rng.choice((1, -1)) if domain.low < 0 else 1
    inside = [v for v in _special(domain, mode, sign, rng) if domain.contains(v)]
    return rng.choice(inside) if inside else _dyadic(low, high, rng)


def _special(domain: Domain, mode: str, sign: int, rng: random.Random) -> list[Fraction]:
    near_top = Fraction(domain.high) - Fraction(1, 2**40) if math.isfinite(domain.high) else None
    if mode == "boundary":
        ends = [Fraction(v) for v in (domain.low, domain.high) if math.isfinite(v)]
        inner = [Fraction(domain.low) + Fraction(1, 2**30)] if math.isfinite(domain.low) else []
        return ends + inner + ([near_top] if near_top is not None else []) + [Fraction(0)]
    if mode == "tiny":
        return [sign * Fraction(1, 2 ** rng.choice((27, 70)))]
    if mode == "large":
        return [sign * _dyadic(30, 40, rng, 3)] if near_top is None else [near_top]
    if mode == "huge":
        return (
            [sign * _dyadic(100, 700, rng, 2)]
            if near_top is None
            else [Fraction(domain.high) - Fraction(1, 2**100)]
        )
    return []


# --- side conditions --------------------------------------------------------------------


def _unknowns(expr: sp.Expr) -> list[sp.Basic]:
    entries = [e for e in expr.atoms(sp.Indexed) if all(i.is_Integer for i in e.indices)]
    labels = {e.base.label for e in expr.atoms(sp.Indexed)}
    plain = [s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s not in labels]
    return sorted([*entries, *plain], key=sp.default_sort_key)


def _written_out(expr: sp.Expr, point: Point) -> sp.Expr:
    """``expr`` with the integers of ``point`` put in and every sum written out."""
    return expr.xreplace({s: sp.Integer(v) for s, v in point.integers.items()}).doit()


def _known(point: Point, key: sp.Basic) -> sp.Expr:
    value = point.entry(key) if isinstance(key, sp.Indexed) else point.values[key]
    return value if isinstance(value, sp.Expr) else sp.Rational(value.numerator, value.denominator)


def _shrink(point: Point, keys: Sequence[sp.Basic], factor: Fraction) -> None:
    for key in keys:
        value = point.entry(key) if isinstance(key, sp.Indexed) else point.values[key]
        if isinstance(value, Fraction):
            point.values[key] = value * factor


def _solve(condition: sp.Expr, point: Point, fixed: set) -> None:
    """Make ``condition = 0`` hold, where it is linear in a variable not yet fixed, by solving
    for that variable exactly; if the solution leaves its domain, try again with the other
    variables scaled towards 0 (so that a total of 1, say, is reachable)."""
    expanded = _written_out(condition, point)
    free = [v for v in _unknowns(expanded) if v not in fixed and not _dom(v).integer]
    if not free:
        return
    target, others = free[-1], free[:-1]
    for factor in (Fraction(1), Fraction(1, len(free)), Fraction(0)):
        _shrink(point, others, factor)
        rest = sp.expand(expanded.xreplace({key: _known(point, key) for key in others}))
        if not rest.is_polynomial(target) or sp.degree(rest, target) != 1:
            return
        slope = rest.coeff(target, 1)
        value = -(rest - slope * target) / slope
        try:
            enclosure = enclose(value, point, START_DIGITS)
        except (UndefinedError, ImpreciseError):
            continue
        if _dom(target).contains(enclosure.low) and _dom(target).contains(enclosure.high):
            point.values[target] = Fraction(int(value.p), int(value.q)) if value.is_Rational else value
            fixed.add(target)
            return


def _dom(key: sp.Basic) -> Domain:
    return domain_of_symbol(key.base if isinstance(key, sp.Indexed) else key)


def _satisfied(conditions: Sequence[sp.Expr], point: Point) -> bool:
    for condition in conditions:
        try:
            value = enclose(condition, point, START_DIGITS)
        except (UndefinedError, ImpreciseError):
            return False
        if not value.low <= 0 <= value.high or value.width > _TOLERANCE * max(value.scale, 1):
            return False
    return True


# --- comparing ----------------------------------------------------------------------


def _compare(lhs: sp.Expr, rhs: sp.Expr, point: Point) -> tuple[str, tuple | None]:
    """("equal" | "differ" | "outside" | "unsettled", the two values if they differ)."""
    digits = START_DIGITS
    while digits <= MAX_DIGITS:
        try:
            left, right = (enclose(e, point, digits) for e in (lhs, rhs))
        except UndefinedError:
            return "outside", None
        except ImpreciseError:
            digits *= 2
            continue
        if left.disjoint(right):
            confirmed = _disjoint_at(lhs, rhs, point, 2 * digits)
            if confirmed is not None:
                return "differ", confirmed
        else:
            tolerance = _TOLERANCE * max(left.scale, right.scale, 1)
            if left.width <= tolerance and right.width <= tolerance:
                return "equal", None
        digits *= 2
    return "unsettled", None


def _disjoint_at(lhs, rhs, point, digits) -> tuple | None:
    """Both sides' midpoints when their intervals are disjoint at ``digits``; else None."""
    try:
        left, right = enclose(lhs, point, digits), enclose(rhs, point, digits)
    except (UndefinedError, ImpreciseError):
        return None
    return (left.mid, right.mid) if left.disjoint(right) else None


def _names(point: Point, variables: _Variables) -> dict[str, sp.Expr]:
    named_values: dict[str, sp.Expr] = {}
    for s in (*variables.counts, *variables.indices):
        named_values[str(s)] = sp.Integer(point.integers[s])
    for key in sorted(point.values, key=sp.default_sort_key):
        value = point.values[key]
        exact = value if isinstance(value, sp.Expr) else sp.Rational(value.numerator, value.denominator)
        named_values[sp.sstr(key)] = exact
    return named_values


def referee(
    lhs: sp.Expr,
    rhs: sp.Expr,
    conditions: Sequence[tuple[sp.Expr, sp.Expr]] = (),
    seconds: float = 10.0,
    seed: int = 20261126,
) -> Report:
    """Compare ``lhs`` and ``rhs`` within ``seconds``, at least 48 points and at most 240.

    Runs on its own (it does not bound itself): callers run it under
    :func:`xentsym.bounded.run_bounded`, which also stops a single slow point.
    """
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    differences = [sp.sympify(a - b) for a, b in conditions]
    variables = _Variables.of([lhs, rhs, *differences])
    rng = random.Random(seed)
    cases = _integer_cases(variables, rng)
    domains = {s: domain_of_symbol(s) for s in variables.reals}
    tally = {"equal": 0, "outside": 0, "unsettled": 0, "unsatisfied": 0}
    deadline = Deadline(seconds)
    plan = _plan(cases, rng)
    try:
        for number, (mode_index, case) in enumerate(plan):
            if deadline.left() <= 0:
                return _report(tally, None, True)
            mode = _MODES[mode_index]
            point_rng = random.Random(f"{seed}:{number}")
            point = Point(
                {s: _draw(domains[s], mode, point_rng) for s in variables.reals},
                dict(case),
                lambda e, m=mode, r=point_rng: _draw(_dom(e), m, r),
                seed=number,
            )
            fixed: set = set()
            for difference in differences:
                _solve(difference, point, fixed)
            if not _satisfied(differences, point):
                tally["unsatisfied"] += 1
                continue
            verdict, values = _compare(lhs, rhs, point)
            if verdict == "differ":
                left, right = (sp.Float(mpmath.nstr(v, 60), 60) for v in values)
                return _report(tally, Counterexample(_names(point, variables), left, right), False)
            tally[verdict] += 1
    except StepTimeout:
        return _report(tally, None, True)
    return _report(tally, None, False)


def _report(tally: dict, counterexample: Counterexample | None, out_of_time: bool) -> Report:
    return Report(
        tally["equal"],
        counterexample,
        tally["outside"],
        tally["unsettled"],
        tally["unsatisfied"],
        out_of_time,
    )
