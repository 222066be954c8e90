"""The numeric referee: looks for a point where two expressions differ.

It shares no code with the prover. Points are tried in a fixed order, widest coverage
first: every class count ``K`` from 1 to 6 (from the largest class index the formulas
write out, and a few beyond), every value of the free class indices in ``1..K`` (all
combinations where they are few, the boundaries 1 and K always), and for the other
variables values across magnitudes, from 2⁻⁷⁰ through the ends of their domains to ±700.
Every value is a dyadic rational, exact at any precision. Side conditions are solved
exactly for a variable they are linear in, and a point is used only where they hold exactly.

At each point both sides are enclosed in intervals (`xentsym.numeric`): disjoint
intervals, found again at twice the precision, are a refutation; intervals that overlap and
are narrow (20 digits relative to the size of the terms) are an agreement; anything else
is retried at higher precision, up to `MAX_DIGITS`, and otherwise left unsettled.
Where a variable carries an assumption the referee cannot sample faithfully, it never
refutes: a difference found there is left unsettled.
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
from .numeric import Enclosure, ImpreciseError, Point, UndefinedError, enclose
from .symbols import COUNT, INDEX, Domain, domain_of_symbol, free_symbols

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
MIN_POINTS = 48
MAX_POINTS = 240
_CASES_PER_MODE = 8
_MAX_CLASSES = 6
_MODES = ("moderate", "boundary", "moderate", "tiny", "large", "moderate", "huge")


@dataclass(frozen=True)
class Counterexample:
    r"""A point $x$ where the two sides differ, $\text{lhs}(x) \ne \text{rhs}(x)$, with both
    sides' values there.

    Examples:
        >>> from xentsym import verify
        >>> verify("log(sigmoid(z))", "softplus(-z)").counterexample.point
        {'z': -47/16}
    """

    point: dict[str, sp.Expr]
    """Each variable's name (``"z"``, ``"K"``, ``"z[2]"``) and its exact value there."""
    lhs: sp.Float
    """The left side's value at ``point``, at high precision."""
    rhs: sp.Float
    """The right side's value at ``point``, at high precision."""

    def __str__(self) -> str:
        left, right = (mpmath.mpf(sp.Float(v)._mpf_) for v in (self.lhs, self.rhs))
        with mpmath.workdps(80):
            gap = abs(left - right) / max(abs(left), abs(right))
        digits = 15 if gap == 0 else min(60, max(15, int(-mpmath.log10(gap)) + 4))
        values = f"lhs = {mpmath.nstr(left, digits)}, rhs = {mpmath.nstr(right, digits)}"
        if not self.point:
            return values
        where = ", ".join(f"{name} = {_decimal(value)}" for name, value in self.point.items())
        return f"at {where}: {values}"


def _decimal(value: sp.Expr) -> str:
    """An exact value as a decimal where it has a short one (dyadic rationals do)."""
    if isinstance(value, sp.Integer):
        return str(value)
    if isinstance(value, sp.Rational) and value.q & (value.q - 1) == 0:
        exponent = value.q.bit_length() - 1
        text = mpmath.nstr(mpmath.mpf(value.p) / value.q, exponent + len(str(abs(value.p) * 5**exponent)))
        return text if len(text) <= 40 else sp.sstr(value)
    return sp.sstr(value)


@dataclass(frozen=True)
class Report:
    """What the referee found.

    ``compared`` counts the points where both sides were computed and agreed; ``outside``
    those where a side has no finite real value (outside the identity's domain); ``unsettled``
    those the precision limit could not decide (and differences it may not report, see the
    module notes); ``unsatisfied`` those where the side conditions could not be met exactly.
    """

    compared: int = 0
    counterexample: Counterexample | None = None
    outside: int = 0
    unsettled: int = 0
    unsatisfied: int = 0
    out_of_time: bool = False
    out_of_memory: bool = False


# --- what varies ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Variables:
    counts: tuple[sp.Symbol, ...]
    indices: tuple[sp.Symbol, ...]
    others: tuple[sp.Symbol, ...]  # real, or integer but not a class index
    least_count: int  # the largest class index written out as a number
    faithful: bool  # every domain can be sampled as the symbols' assumptions say

    @classmethod
    def of(cls, exprs: Iterable[sp.Expr]) -> _Variables:
        exprs = list(exprs)
        families = set().union(*(e.atoms(sp.IndexedBase) for e in exprs))
        labels = {f.label for f in families}
        symbols = {
            s for s in set().union(*(free_symbols(e) for e in exprs)) - labels if isinstance(s, sp.Symbol)
        }
        by_name = sorted(symbols, key=sp.default_sort_key)
        domains = {s: domain_of_symbol(s) for s in by_name}
        counts = tuple(s for s in by_name if domains[s] is COUNT)
        indices = tuple(s for s in by_name if domains[s] is INDEX)
        others = tuple(s for s in by_name if s not in counts and s not in indices)
        written = [int(n) for e in exprs for n in _written_indices(e)]
        faithful = all(d.faithful for d in domains.values()) and all(
            domain_of_symbol(f).faithful for f in families
        )
        return cls(counts, indices, others, max(written, default=1), faithful)


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
    count_values = [range(low, max(low + 3, _MAX_CLASSES) + 1) for _ in variables.counts]
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
    there are at least `MIN_POINTS` points."""
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
    sign = rng.choice((1, -1)) if domain.low < 0 else 1
    if domain.high <= 0:
        sign = -1
    inside = [v for v in _special(domain, mode, sign, rng) if domain.contains(v)]
    if inside:
        return rng.choice(inside)
    low, high = max(domain.low, -6.0), min(domain.high, 6.0)
    for _ in range(20):
        value = (
            Fraction(rng.randint(math.ceil(low), math.floor(high)))
            if domain.integer
            else _dyadic(low, high, rng)
        )
        if domain.contains(value):
            return value
    return Fraction(domain.low) if math.isfinite(domain.low) else Fraction(domain.high)


def _special(domain: Domain, mode: str, sign: int, rng: random.Random) -> list[Fraction]:
    """Values of the kind ``mode`` asks for, before they are checked against the domain."""
    if domain.integer:
        return _special_integers(mode, sign, rng)
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
        far_top = Fraction(domain.high) - Fraction(1, 2**100) if near_top is not None else None
        return [sign * _dyadic(100, 700, rng, 2)] if far_top is None else [far_top]
    return []


def _special_integers(mode: str, sign: int, rng: random.Random) -> list[Fraction]:
    values = {
        "boundary": [0, 1, -1, sign * 2],
        "tiny": [0, sign],
        "large": [sign * rng.randint(30, 40), sign * rng.randint(31, 41)],
        "huge": [sign * rng.randint(100, 700), sign * rng.randint(101, 701)],
    }.get(mode, [])
    return [Fraction(v) for v in values]


# --- side conditions --------------------------------------------------------------------


def _dom(key: sp.Basic) -> Domain:
    return domain_of_symbol(key.base if isinstance(key, sp.Indexed) else key)


def _unknowns(expr: sp.Expr) -> list[sp.Basic]:
    entries = [e for e in expr.atoms(sp.Indexed) if all(i.is_Integer for i in e.indices)]
    labels = {e.base.label for e in expr.atoms(sp.Indexed)}
    plain = [s for s in expr.free_symbols if isinstance(s, sp.Symbol) and s not in labels]
    return sorted([*entries, *plain], key=sp.default_sort_key)


def _written_out(expr: sp.Expr, point: Point) -> sp.Expr:
    """``expr`` with the integers of ``point`` put in and every sum written out."""
    return expr.xreplace({s: sp.Integer(v) for s, v in point.integers.items()}).doit()


def _exact(point: Point, key: sp.Basic) -> sp.Expr:
    """The exact value of a variable at ``point`` (drawing a family entry if needed)."""
    value = point.entry(key) if isinstance(key, sp.Indexed) else point.values[key]
    return value if isinstance(value, sp.Expr) else sp.Rational(value.numerator, value.denominator)


def _at(expr: sp.Expr, point: Point, keep: sp.Basic | None = None) -> sp.Expr:
    """``expr`` written out at ``point``, every variable but ``keep`` replaced by its exact value."""
    expanded = _written_out(expr, point)
    return expanded.xreplace({key: _exact(point, key) for key in _unknowns(expanded) if key != keep})


def _linear_solution(condition: sp.Expr, point: Point, target: sp.Basic) -> sp.Expr | None:
    """The exact value of ``target`` that makes ``condition`` 0 here, if it is linear in it."""
    rest = sp.expand(_at(condition, point, keep=target))
    if not rest.is_polynomial(target) or sp.degree(rest, target) != 1:
        return None
    slope = rest.coeff(target, 1)
    return None if slope == 0 else -(rest - slope * target) / slope


def _solve(condition: sp.Expr, point: Point, fixed: set) -> None:
    """Make ``condition = 0`` hold by solving for a variable it is linear in, not yet fixed by
    an earlier condition; where the solution leaves that variable's domain, try again with
    the other variables scaled towards 0 (so that a total of 1, say, is reachable)."""
    free = [v for v in _unknowns(_written_out(condition, point)) if v not in fixed and not _dom(v).integer]
    for target in reversed(free):
        others = [v for v in free if v != target]
        for factor in (Fraction(1), Fraction(1, len(free)), Fraction(0)):
            for key in others:
                value = point.entry(key) if isinstance(key, sp.Indexed) else point.values[key]
                if isinstance(value, Fraction):
                    point.values[key] = value * factor
            value = _linear_solution(condition, point, target)
            if value is None:
                break
            if _within(value, _dom(target), point):
                point.values[target] = Fraction(int(value.p), int(value.q)) if value.is_Rational else value
                fixed.add(target)
                return


def _within(value: sp.Expr, domain: Domain, point: Point) -> bool:
    try:
        enclosure = enclose(value, point, START_DIGITS)
    except (UndefinedError, ImpreciseError):
        return False
    return domain.contains(enclosure.low) and domain.contains(enclosure.high)


def _exactly_met(condition: sp.Expr, point: Point) -> bool:
    """Whether ``condition`` is exactly 0 at ``point``, by exact arithmetic: a point that meets
    a condition only to rounding is no ground for a refutation."""
    try:
        value = _at(condition, point)
        return value == 0 or sp.simplify(value) == 0
    except (TypeError, ValueError, ZeroDivisionError):
        return False


# --- comparing ----------------------------------------------------------------------


def _enclosures(lhs: sp.Expr, rhs: sp.Expr, point: Point, digits: int) -> tuple[Enclosure, Enclosure] | None:
    try:
        return enclose(lhs, point, digits), enclose(rhs, point, digits)
    except ImpreciseError:
        return None


def _consistent(before: tuple[Enclosure, Enclosure] | None, now: tuple[Enclosure, Enclosure]) -> bool:
    """Whether the enclosures at two precisions overlap, as exact ones must. Those of a
    numerical derivative carry an estimated margin, which a steep function can exceed."""
    return before is None or all(not a.disjoint(b) for a, b in zip(before, now, strict=True))


def _compare(lhs: sp.Expr, rhs: sp.Expr, point: Point) -> tuple[str, tuple | None]:
    """("equal" | "differ" | "outside" | "unsettled", the two values if they differ)."""
    digits, before = START_DIGITS, None
    try:
        while digits <= MAX_DIGITS:
            now = _enclosures(lhs, rhs, point, digits)
            if now is None or not _consistent(before, now):
                digits, before = 2 * digits, now
                continue
            left, right = now
            if left.disjoint(right):
                confirmed = _enclosures(lhs, rhs, point, 2 * digits)
                if confirmed and _consistent(now, confirmed) and confirmed[0].disjoint(confirmed[1]):
                    return "differ", (confirmed[0].mid, confirmed[1].mid)
            else:
                tolerance = _TOLERANCE * max(left.scale, right.scale, 1)
                if left.width <= tolerance and right.width <= tolerance:
                    return "equal", None
            digits, before = 2 * digits, now
    except UndefinedError:
        return "outside", None
    return "unsettled", None


def _names(point: Point, variables: _Variables) -> dict[str, sp.Expr]:
    named_values: dict[str, sp.Expr] = {}
    for s in (*variables.counts, *variables.indices):
        named_values[str(s)] = sp.Integer(point.integers[s])
    for key in sorted(point.values, key=sp.default_sort_key):
        value = point.values[key]
        named_values[sp.sstr(key)] = (
            value if isinstance(value, sp.Expr) else sp.Rational(value.numerator, value.denominator)
        )
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
    `xentsym.bounded.run_bounded`, which also stops a single slow point.
    """
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    differences = [sp.sympify(a - b) for a, b in conditions]
    variables = _Variables.of([lhs, rhs, *differences])
    rng = random.Random(seed)
    tally = {"equal": 0, "outside": 0, "unsettled": 0, "unsatisfied": 0}
    deadline = Deadline(seconds)
    try:
        for number, (mode_index, case) in enumerate(_plan(_integer_cases(variables, rng), rng)):
            if deadline.left() <= 0:
                return _report(tally, None, out_of_time=True)
            mode = _MODES[mode_index]
            point_rng = random.Random(f"{seed}:{number}")
            point = Point(
                {s: _draw(domain_of_symbol(s), mode, point_rng) for s in variables.others},
                dict(case),
                lambda e, m=mode, r=point_rng: _draw(_dom(e), m, r),
                seed=number,
            )
            fixed: set = set()
            for difference in differences:
                _solve(difference, point, fixed)
            if not all(_exactly_met(d, point) for d in differences):
                tally["unsatisfied"] += 1
                continue
            verdict, values = _compare(lhs, rhs, point)
            if verdict == "differ" and not variables.faithful:
                verdict = "unsettled"
            if verdict == "differ":
                left, right = (sp.Float(v, precision=max(53, v._mpf_[3])) for v in values)
                return _report(tally, Counterexample(_names(point, variables), left, right))
            tally[verdict] += 1
    except StepTimeout:
        return _report(tally, None, out_of_time=True)
    except MemoryError:
        return _report(tally, None, out_of_memory=True)
    return _report(tally, None)


def _report(
    tally: dict,
    counterexample: Counterexample | None,
    *,
    out_of_time: bool = False,
    out_of_memory: bool = False,
) -> Report:
    compared, outside, unsettled, unsatisfied = (
        tally[k] for k in ("equal", "outside", "unsettled", "unsatisfied")
    )
    return Report(compared, counterexample, outside, unsettled, unsatisfied, out_of_time, out_of_memory)
