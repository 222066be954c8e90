"""Check an identity: a symbolic proof, a counterexample, or an honest "undecided".

``verify(lhs, rhs)`` first looks for a counterexample: points sampled from
each symbol's domain (see :mod:`xentsym.symbols`), with a symbolic number of
classes K set to 2..5, evaluated at 50 significant digits. Points where
either side is not a finite real number (a log of a negative, a division by
zero) are outside the identity's domain and are skipped, so no complex branch
refutes a true identity. Only when every point agrees does it try to prove
the identity symbolically, with bounded time; an identity that agrees
numerically but resists proof is reported as undecided, never as proved.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import sympy as sp

from .bounded import Deadline, StepTimeoutError, time_limit
from .parsing import parse, parse_equation
from .sums import explicit, normalize_sums
from .symbols import COUNT, INDEX, PROBABILITY, UNIT, domain_of

__all__ = ["Counterexample", "Verification", "prove_equal", "verify"]

Status = Literal["proved", "refuted", "undecided"]
Side = sp.Expr | str
_DIGITS = 50
_TOLERANCE = sp.Float(10) ** -30
_SYMPY_GAVE_UP = (NotImplementedError, sp.PolynomialError, RecursionError, ZeroDivisionError)


@dataclass(frozen=True)
class Counterexample:
    """A point where the two sides differ, with both sides' values there."""

    point: dict[str, sp.Expr]
    lhs: sp.Float
    rhs: sp.Float

    def __str__(self) -> str:
        where = ", ".join(f"{name} = {value}" for name, value in self.point.items())
        return f"at {where}: lhs = {sp.N(self.lhs, 15)}, rhs = {sp.N(self.rhs, 15)}"


@dataclass(frozen=True)
class Verification:
    """The answer to ``lhs = rhs``: proved, refuted (with a counterexample) or undecided."""

    lhs: sp.Expr
    rhs: sp.Expr
    status: Status
    method: str
    counterexample: Counterexample | None = None
    given: tuple[tuple[sp.Expr, sp.Expr], ...] = field(default=())

    @property
    def holds(self) -> bool:
        """True only when the identity was proved symbolically."""
        return self.status == "proved"

    def __str__(self) -> str:
        if self.status == "refuted":
            return f"refuted: {self.counterexample}"
        return f"{self.status}: {self.method}"

    def _repr_latex_(self) -> str:
        mark = {"proved": r"\checkmark", "refuted": r"\times", "undecided": "?"}[self.status]
        return rf"$\displaystyle {sp.latex(self.lhs)} = {sp.latex(self.rhs)} \quad {mark}$"


def _evaluate_derivatives(expr: sp.Expr) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit(deep=False))


def _normalize_given(given) -> tuple[tuple[sp.Expr, sp.Expr], ...]:
    if given is None:
        return ()
    if isinstance(given, (str, sp.Eq)):
        given = [given]
    if isinstance(given, Mapping):
        given = list(given.items())
    pairs = []
    for condition in given:
        if isinstance(condition, str):
            condition = parse_equation(condition)
        elif isinstance(condition, sp.Eq):
            condition = condition.args
        lhs, rhs = condition
        pairs.append((parse(lhs), parse(rhs)))
    return tuple(pairs)


# --- symbolic proof -------------------------------------------------------------------


def _proof_attempts(difference: sp.Expr, rules: dict):
    """(method, zero-or-not) candidates, cheapest first."""
    normal = normalize_sums(difference, rules)
    yield "expanding the difference to 0 (with sum linearity, δ-sifting, side conditions)", normal
    yield "simplify", sp.simplify(normal)
    rewritten = normalize_sums(sp.expand_log(normal.rewrite(sp.exp)), rules)
    yield "rewrite to exp/log, then simplify", sp.simplify(rewritten)
    yield (
        "rewrite to exp/log, expand, then simplify",
        sp.simplify(sp.expand(sp.powsimp(rewritten, deep=True), power_exp=True)),
    )


def prove_equal(
    lhs: sp.Expr,
    rhs: sp.Expr,
    given: Iterable[tuple[sp.Expr, sp.Expr]] = (),
    seconds: float = 20.0,
) -> str | None:
    """The method that proves ``lhs = rhs`` symbolically within ``seconds``, or None."""
    deadline = Deadline(seconds)
    rules = dict(given)
    attempts = _proof_attempts(_evaluate_derivatives(lhs - rhs), rules)
    while True:
        try:
            with time_limit(deadline.left()):
                method, residue = next(attempts)
                if residue == 0:
                    return method
        except (StepTimeoutError, StopIteration):
            return None
        except _SYMPY_GAVE_UP:  # a strategy SymPy cannot carry out proves nothing
            return None


# --- numeric search ---------------------------------------------------------------------


def _sample(domain, rng: random.Random) -> sp.Rational:
    if domain is PROBABILITY:
        return sp.Rational(rng.randint(1, 99), 100)
    if domain is UNIT:
        return sp.Rational(rng.choice([0, 100, *range(1, 100, 7)]), 100)
    return sp.Rational(rng.randint(int(domain.low * 100), int(domain.high * 100)), 100)


def _variables(expr: sp.Expr) -> list[sp.Expr]:
    """The numbers a point must give: plain symbols and indexed entries like z[2]."""
    entries = expr.atoms(sp.Indexed)
    labels = {e.base.label for e in entries}
    plain = {s for s in expr.free_symbols if isinstance(s, sp.Symbol)} - labels
    return sorted(plain | entries, key=sp.default_sort_key)


def _name(variable: sp.Expr) -> str:
    return str(variable.base.label) if isinstance(variable, sp.Indexed) else str(variable)


def _value(expr: sp.Expr) -> sp.Float | None:
    """``expr`` at 50 digits, or None where it is not a finite real number."""
    try:
        number = sp.N(expr, _DIGITS)
    except (ZeroDivisionError, ValueError, TypeError):
        return None
    if not number.is_number:
        return None
    real, imaginary = number.as_real_imag()
    if not real.is_finite or (imaginary != 0 and abs(imaginary) > _TOLERANCE):
        return None
    return real


def _solve_conditions(conditions, point, rng):
    """Complete ``point`` so every side condition holds, solving each for one variable."""
    for condition in conditions:
        remaining = condition.xreplace(point)
        unknowns = _variables(remaining)
        if not unknowns:
            if _value(remaining) is None or abs(_value(remaining)) > _TOLERANCE:
                return None
            continue
        target = unknowns[-1]
        for other in unknowns[:-1]:
            point[other] = _sample(domain_of(_name(other)), rng)
        roots = [r for r in sp.solve(remaining.xreplace(point), target) if r.is_real]
        if not roots:
            return None
        point[target] = roots[0]
    return point


def _indices_in_range(expr: sp.Expr, classes: int) -> bool:
    """Whether every class index written out in ``expr`` lies in 1..classes."""
    return all(
        not index.is_Integer or 1 <= index <= classes
        for entry in expr.atoms(sp.Indexed)
        for index in entry.indices
    )


def _points(difference, conditions, rng, count):
    """Up to ``count`` points in the domain, with explicit K and index values."""
    symbols = difference.free_symbols | set().union(*(c.free_symbols for c in conditions))
    counts = sorted((s for s in symbols if domain_of(str(s)) is COUNT), key=str)
    for _ in range(count):
        classes = {n: rng.randint(2, 5) for n in counts}
        expr, conds = difference, list(conditions)
        for n, k in classes.items():
            expr = explicit(expr, k, n)
            conds = [explicit(c, k, n) for c in conds]
        top = max(classes.values(), default=2)
        point: dict = {}
        for variable in _variables(expr) + [v for c in conds for v in _variables(c)]:
            if variable in point:
                continue
            domain = domain_of(_name(variable))
            if domain is INDEX and not isinstance(variable, sp.Indexed):
                point[variable] = sp.Integer(rng.randint(1, top))
        expr = expr.xreplace(point).doit()
        conds = [c.xreplace(point).doit() for c in conds]
        if counts and not _indices_in_range(expr, top):
            continue
        for variable in _variables(expr):
            point.setdefault(variable, _sample(domain_of(_name(variable)), rng))
        for n in counts:
            point[n] = sp.Integer(classes[n])
        completed = _solve_conditions(conds, dict(point), rng)
        if completed is not None:
            yield expr, completed


def _search(lhs, rhs, conditions, seconds: float, samples: int = 24) -> tuple[Counterexample | None, int]:
    """A point where ``lhs != rhs`` (or None), and how many points could be compared."""
    rng = random.Random(20261125)
    difference = _evaluate_derivatives(lhs - rhs)
    lhs_, rhs_ = _evaluate_derivatives(lhs), _evaluate_derivatives(rhs)
    deadline = Deadline(seconds)
    compared = 0
    try:
        with time_limit(deadline.left()):
            for expr, point in _points(difference, conditions, rng, samples):
                gap = _value(expr.xreplace(point).rewrite(sp.exp))
                if gap is None:
                    continue
                compared += 1
                if abs(gap) <= _TOLERANCE:
                    continue
                left, right = (_value(_at(side, point)) for side in (lhs_, rhs_))
                if left is None or right is None:
                    continue
                named = {str(k): v for k, v in sorted(point.items(), key=lambda kv: str(kv[0]))}
                return Counterexample(named, left, right), compared
    except StepTimeoutError:
        pass
    return None, compared


def _at(side: sp.Expr, point: dict) -> sp.Expr:
    """``side`` evaluated at ``point``, with any symbolic K written out first."""
    for variable, value in point.items():
        if domain_of(str(variable)) is COUNT and not isinstance(variable, sp.Indexed):
            side = explicit(side, int(value), variable)
    return side.xreplace(point).doit().xreplace(point).rewrite(sp.exp)


def verify(
    lhs: Side,
    rhs: Side,
    *,
    given: Iterable[str | sp.Eq | tuple[Side, Side]] | Mapping | str | None = None,
    timeout: float = 30.0,
) -> Verification:
    """Decide whether ``lhs = rhs`` for every value of the free symbols in their domains.

    Args:
        lhs, rhs: SymPy expressions or formula strings (see :mod:`xentsym.parsing`).
        given: side conditions, as ``"Sum(y[c], (c, 1, K)) = 1"`` strings, ``Eq``
            objects or (lhs, rhs) pairs.
        timeout: seconds for the whole check; each symbolic step is bounded by it.

    Returns:
        A :class:`Verification`; ``.holds`` is True only for a symbolic proof.
    """
    lhs, rhs = parse(lhs), parse(rhs)
    conditions = _normalize_given(given)
    deadline = Deadline(timeout)
    differences = [_evaluate_derivatives(a - b) for a, b in conditions]
    found, compared = _search(lhs, rhs, differences, min(deadline.left(), timeout / 2))
    if found is not None:
        return Verification(lhs, rhs, "refuted", "a point where the sides differ", found, conditions)
    method = prove_equal(lhs, rhs, conditions, deadline.left())
    if method is not None:
        return Verification(lhs, rhs, "proved", method, None, conditions)
    reason = (
        f"equal at all {compared} sampled points, but no symbolic proof was found in time"
        if compared
        else "no sampled point where both sides are finite real numbers, and no symbolic proof"
    )
    return Verification(lhs, rhs, "undecided", reason, None, conditions)
