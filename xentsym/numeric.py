"""Rigorous numbers for expressions: the referee's own reading of every construct.

`enclose` evaluates an expression at a point in interval arithmetic (``mpmath.iv``):
the interval it returns contains the exact value, whatever the rounding, so two disjoint
intervals prove that two expressions differ there. Nothing here uses SymPy's rewriting or
differentiation: each named function is evaluated from its textbook definition (written
again below, on purpose), sums are written out term by term, class counts and indices are
exact integers, and derivatives are taken numerically (finite differences at raised
precision). That independence is what lets the referee catch a wrong proof.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath import iv
from sympy.codegen.cfunctions import expm1, log1p
from sympy.core.function import AppliedUndef

from . import functions as named

__all__ = ["MAX_TERMS", "Enclosure", "ImpreciseError", "Point", "UndefinedError", "enclose", "integer_value"]

MAX_TERMS = 10_000
"""The most terms a sum may have for the referee to write it out."""


class UndefinedError(ArithmeticError):
    """The expression has no finite real value at the point (log 0, 1/0, a complex value)."""


class ImpreciseError(ArithmeticError):
    """The precision is too low to decide (an interval straddles a pole or a branch cut)."""


def _smooth_function(rng: random.Random, arity: int) -> Callable:
    """A random analytic function of ``arity`` arguments, to stand for an undefined ``f``."""

    def dyadic(low: int, high: int) -> Fraction:
        return Fraction(rng.randint(low * 64, high * 64), 64)

    a, d = dyadic(-2, 2), dyadic(-2, 2)
    b = dyadic(1, 2)
    weights = [dyadic(-2, 2) or Fraction(1) for _ in range(arity)]
    squares = [dyadic(-1, 1) for _ in range(arity)]

    def f(*args):
        inner = iv.fsum(_exact(w) * x for w, x in zip(weights, args, strict=True)) + _exact(d)
        return (
            _exact(a)
            + _exact(b) * iv.sin(inner)
            + iv.fsum(_exact(q) * x**2 for q, x in zip(squares, args, strict=True))
        )

    return f


@dataclass
class Point:
    """Values for every variable of an expression.

    ``values`` holds the real numbers, exact, for plain symbols and for family entries such as
    ``z[3]``: dyadic fractions (exact at any precision), or, where a side condition was solved
    for one, the exact SymPy expression of the solution; ``integers`` the class counts and free
    indices. Family entries not yet given are drawn from ``draw`` on first use, so a sum
    over ``K`` classes meets ``z[1]..z[K]`` whatever K is.
    """

    values: dict[sp.Basic, Fraction | sp.Expr] = field(default_factory=dict)
    integers: dict[sp.Symbol, int] = field(default_factory=dict)
    draw: Callable[[sp.Indexed], Fraction] | None = None
    seed: int = 0
    _functions: dict[sp.Basic, Callable] = field(default_factory=dict)

    def entry(self, element: sp.Indexed) -> Fraction:
        if element not in self.values:
            if self.draw is None:
                raise UndefinedError(f"no value for {element}")
            self.values[element] = self.draw(element)
        return self.values[element]

    def function(self, name: sp.Basic, arity: int) -> Callable:
        if name not in self._functions:
            rng = random.Random(f"{self.seed}:{name}:{arity}")
            self._functions[name] = _smooth_function(rng, arity)
        return self._functions[name]


@functools.lru_cache(maxsize=4096)
def _exact_at(value: Fraction, prec: int) -> iv.mpf:
    return iv.mpf(value.numerator) / value.denominator


def _exact(value: Fraction | int) -> iv.mpf:
    """The interval of an exact rational at the current precision (a point, for a dyadic)."""
    return _exact_at(Fraction(value), iv.prec)


def integer_value(expr: sp.Expr, integers: dict) -> int:
    """The exact integer that ``expr`` (a class count, an index, a sum limit) stands for.

    Raises:
        UndefinedError: if it is not an integer at this point.
    """
    if expr.is_Integer:
        return int(expr)
    if expr in integers:
        return integers[expr]
    value = sp.sympify(expr).xreplace({s: sp.Integer(v) for s, v in integers.items()})
    if not value.is_Integer:
        raise UndefinedError(f"{expr} is not an integer here")
    return int(value)


def _ends(x: iv.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """An interval's two ends as ordinary numbers."""
    return mpmath.mp.make_mpf(x._mpi_[0]), mpmath.mp.make_mpf(x._mpi_[1])


def _is_zero(x: iv.mpf) -> bool:
    return _ends(x) == (0, 0)


def _positive(x, what: str):
    """``x`` when it is certainly > 0; otherwise why not."""
    low, high = _ends(x)
    if low > 0:
        return x
    if high < 0 or _is_zero(x):
        raise UndefinedError(f"{what} of a number that is not positive")
    raise ImpreciseError(what)


def _nonzero(x):
    low, high = _ends(x)
    if low > 0 or high < 0:
        return x
    if _is_zero(x):
        raise UndefinedError("division by zero")
    raise ImpreciseError("a divisor near zero")


def _log(x):
    return iv.log(_positive(x, "log"))


def _sign(x):
    """-1, 0 or 1; an interval that holds 0 and more gives [-1, 1], which asks for more digits."""
    if x.a > 0:
        return iv.mpf(1)
    if x.b < 0:
        return iv.mpf(-1)
    return iv.mpf(0) if x.a == x.b == 0 else iv.mpf([-1, 1])


def _log1p(x):
    _positive(1 + x, "log1p")
    return iv.log1p(x)


def _power(base, exponent):
    low, high = _ends(exponent)
    if low == high and low == int(low):  # a whole number
        if low < 0:
            _nonzero(base)
        return base ** int(low)
    if _is_zero(base):
        if low > 0:
            return iv.mpf(0)
        raise UndefinedError("0 to a power that is not positive")
    return iv.exp(exponent * _log(base))


@functools.lru_cache(maxsize=4096)
def _entry(base: sp.IndexedBase, n: int) -> sp.Indexed:
    """``base[n]``, made once: building an Indexed deduces its assumptions, which is slow."""
    return base[n]


def _sum_exp(z: sp.IndexedBase, classes: int, ev: _Evaluator, env: dict):
    return iv.fsum(iv.exp(ev.variable(_entry(z, n), env)) for n in range(1, classes + 1))


def _class_args(f: sp.Function, ev: _Evaluator, env: dict) -> tuple[sp.IndexedBase, int]:
    classes = integer_value(f.classes, ev.integers(env))
    if classes < 1:
        raise UndefinedError(f"{f}: the number of classes must be at least 1")
    return f.logits, classes


def _class_index(f: sp.Function, classes: int, ev: _Evaluator, env: dict) -> int:
    index = integer_value(f.index, ev.integers(env))
    if not 1 <= index <= classes:
        raise UndefinedError(f"{f}: class index {index} outside 1..{classes}")
    return index


def _logsumexp(f, ev, env):
    z, classes = _class_args(f, ev, env)
    return _log(_sum_exp(z, classes, ev, env))


def _softmax(f, ev, env):
    z, classes = _class_args(f, ev, env)
    return iv.exp(ev.variable(_entry(z, _class_index(f, classes, ev, env)), env)) / _sum_exp(
        z, classes, ev, env
    )


def _log_softmax(f, ev, env):
    z, classes = _class_args(f, ev, env)
    return ev.variable(_entry(z, _class_index(f, classes, ev, env)), env) - _log(
        _sum_exp(z, classes, ev, env)
    )


def _zero_if_first_is(x, rest: Callable):
    """x·(something), taken as 0 where x = 0: the convention of xlogy and friends."""
    if _is_zero(x):
        return iv.mpf(0)
    return rest()


# The textbook definition of each function, written from the mathematics, not taken from
# the function's SymPy rewrite: two independent statements that the referee compares.
_ELEMENTWISE: dict[type, Callable] = {
    sp.exp: iv.exp,
    sp.log: _log,
    sp.sin: iv.sin,
    sp.cos: iv.cos,
    sp.tanh: lambda x: 1 - 2 / (iv.exp(2 * x) + 1),
    sp.cosh: lambda x: (iv.exp(x) + iv.exp(-x)) / 2,
    sp.sinh: lambda x: (iv.exp(x) - iv.exp(-x)) / 2,
    sp.Abs: abs,
    sp.sign: _sign,
    expm1: iv.expm1,
    log1p: _log1p,
    named.sigmoid: lambda x: 1 / (1 + iv.exp(-x)),
    named.softplus: lambda x: _log(1 + iv.exp(x)),
    named.xlogy: lambda x, y: _zero_if_first_is(x, lambda: x * _log(y)),
    named.xlog1py: lambda x, y: _zero_if_first_is(x, lambda: x * _log(1 + y)),
    named.xdivy: lambda x, y: _zero_if_first_is(x, lambda: x / _nonzero(y)),
}
_CLASS_AXIS: dict[type, Callable] = {
    named.logsumexp: _logsumexp,
    named.softmax: _softmax,
    named.log_softmax: _log_softmax,
}


class _Evaluator:
    """One evaluation of one expression at one point, at the current ``iv.prec``.

    ``env`` maps bound summation indices to integers and, inside a derivative, the variable
    being varied to its interval. ``scale`` records the largest magnitude met among the
    terms of any sum: the size against which a difference's absolute error is measured.
    """

    def __init__(self, point: Point):
        self.point = point
        self.scale = mpmath.mpf(0)

    def value(self, expr: sp.Basic, env: dict):
        for kind, handler in _DISPATCH:
            if isinstance(expr, kind):
                return handler(self, expr, env)
        raise ImpreciseError(f"the referee cannot evaluate {type(expr).__name__}")

    def integers(self, env: dict) -> dict:
        return {**self.point.integers, **{k: v for k, v in env.items() if isinstance(v, int)}}

    def key(self, element: sp.Indexed, env: dict) -> sp.Indexed:
        """The entry ``z[n]`` that ``z[j]`` names here."""
        (index,) = element.indices
        return _entry(element.base, integer_value(index, self.integers(env)))

    def entry(self, element: sp.Indexed, env: dict):
        return self.variable(self.key(element, env), env)

    def variable(self, key: sp.Basic, env: dict):
        """A symbol's or an entry's value: varied inside a derivative, else the point's."""
        if key in env:
            value = env[key]
        elif key in self.point.integers:
            value = self.point.integers[key]
        elif isinstance(key, sp.Indexed):
            value = self.point.entry(key)
        elif key in self.point.values:
            value = self.point.values[key]
        else:
            raise UndefinedError(f"no value for {key}")
        if isinstance(value, iv.mpf):
            return value
        return self.value(value, {}) if isinstance(value, sp.Expr) else _exact(value)

    def number(self, expr: sp.Basic, env: dict):
        if expr.is_Rational or expr.is_Float:
            exact = sp.Rational(expr)
            return _exact(Fraction(int(exact.p), int(exact.q)))
        if expr is sp.pi:  # iv.pi and iv.e are lazy constants; iv.mpf makes them intervals
            return iv.mpf(iv.pi)
        if expr is sp.E:
            return iv.mpf(iv.e)
        raise UndefinedError(f"{expr} is not a real number")

    def symbol(self, expr: sp.Symbol, env: dict):
        return self.variable(expr, env)

    def add(self, expr: sp.Add, env: dict):
        terms = [self.value(a, env) for a in expr.args]
        self.scale = max(self.scale, *(_ends(abs(t))[1] for t in terms))
        return iv.fsum(terms)

    def mul(self, expr: sp.Mul, env: dict):
        return iv.fprod(self.value(a, env) for a in expr.args)

    def power(self, expr: sp.Pow, env: dict):
        base, exponent = expr.args
        return _power(self.value(base, env), self.value(exponent, env))

    def delta(self, expr: sp.KroneckerDelta, env: dict):
        if len(expr.args) != 2:
            raise ImpreciseError("a Kronecker delta with a range")
        a, b = (integer_value(x, self.integers(env)) for x in expr.args)
        return iv.mpf(int(a == b))

    def sum(self, expr: sp.Sum, env: dict):
        """Written out term by term, the outermost index first; reversed limits as in SymPy
        (Karr's convention: Σ_{a}^{b} = -Σ_{b+1}^{a-1} when b < a - 1)."""
        *inner, (var, low, high) = expr.limits
        low, high = (integer_value(x, self.integers(env)) for x in (low, high))
        sign, first, last = (1, low, high) if high >= low - 1 else (-1, high + 1, low - 1)
        if last - first + 1 > MAX_TERMS:
            raise ImpreciseError(f"a sum of more than {MAX_TERMS} terms")
        body = sp.Sum(expr.function, *inner) if inner else expr.function
        return sign * iv.fsum(self.value(body, {**env, var: n}) for n in range(first, last + 1))

    def piecewise(self, expr: sp.Piecewise, env: dict):
        for value, condition in expr.args:
            if self.truth(condition, env):
                return self.value(value, env)
        raise UndefinedError("no case of the Piecewise applies")

    def truth(self, condition: sp.Basic, env: dict) -> bool:
        if condition in (sp.true, sp.false):
            return bool(condition)
        if isinstance(condition, (sp.And, sp.Or)):
            combine = all if isinstance(condition, sp.And) else any
            return combine(self.truth(c, env) for c in condition.args)
        if isinstance(condition, sp.Not):
            return not self.truth(condition.args[0], env)
        if isinstance(condition, sp.Rel) and type(condition) in _SIGNS:
            low, high = _ends(self.value(condition.lhs - condition.rhs, env))
            if low > 0 or high < 0 or low == high:
                return _SIGNS[type(condition)](low)
            raise ImpreciseError("a condition near its boundary")
        raise ImpreciseError(f"the referee cannot decide {condition}")

    def function(self, expr: sp.Function, env: dict):
        kind = type(expr)
        if kind in _CLASS_AXIS:
            return _CLASS_AXIS[kind](expr, self, env)
        args = [self.value(a, env) for a in expr.args]
        if kind in _ELEMENTWISE:
            return _ELEMENTWISE[kind](*args)
        if isinstance(expr, AppliedUndef):
            return self.point.function(expr.func, len(args))(*args)
        raise ImpreciseError(f"the referee cannot evaluate {kind.__name__}")

    def extremum(self, expr: sp.Basic, env: dict):
        values = [self.value(a, env) for a in expr.args]
        pick = max if isinstance(expr, sp.Max) else min
        ends = [_ends(v) for v in values]
        return iv.mpf([pick(low for low, _ in ends), pick(high for _, high in ends)])

    def derivative(self, expr: sp.Derivative, env: dict):
        """By finite differences at raised precision (``iv.diff``), widened by a margin for
        the truncation error, which interval arithmetic does not see."""
        keys: list[sp.Basic] = []
        orders: list[int] = []
        for variable, order in expr.variable_count:
            key = self.key(variable, env) if isinstance(variable, sp.Indexed) else variable
            if key in keys:
                orders[keys.index(key)] += int(order)
            else:
                keys.append(key)
                orders.append(int(order))
        start = [self.variable(key, env) for key in keys]

        def at(*values):
            return self.value(expr.expr, {**env, **dict(zip(keys, values, strict=True))})

        if len(keys) == 1:
            result = iv.diff(at, start[0], orders[0])
        else:
            result = iv.diff(at, tuple(start), tuple(orders))
        margin = (_ends(abs(result))[1] + self.scale) * mpmath.mpf(2) ** (-3 * iv.prec // 4)
        return result + iv.mpf([-margin, margin])


_SIGNS: dict[type, Callable] = {
    sp.Eq: lambda d: d == 0,
    sp.Ne: lambda d: d != 0,
    sp.Lt: lambda d: d < 0,
    sp.Le: lambda d: d <= 0,
    sp.Gt: lambda d: d > 0,
    sp.Ge: lambda d: d >= 0,
}

_DISPATCH: tuple[tuple[type | tuple[type, ...], Callable], ...] = (
    ((sp.Number, sp.NumberSymbol), _Evaluator.number),
    (sp.Symbol, _Evaluator.symbol),
    (sp.Indexed, _Evaluator.entry),
    (sp.Add, _Evaluator.add),
    (sp.Mul, _Evaluator.mul),
    (sp.Pow, _Evaluator.power),
    (sp.KroneckerDelta, _Evaluator.delta),
    (sp.Sum, _Evaluator.sum),
    (sp.Piecewise, _Evaluator.piecewise),
    (sp.Derivative, _Evaluator.derivative),
    ((sp.Max, sp.Min), _Evaluator.extremum),
    (sp.Function, _Evaluator.function),
)


@contextmanager
def _digits(digits: int) -> Iterator[None]:
    """``iv``'s working precision for a block (mpmath has ``workdps`` for ``mp`` only)."""
    saved = iv.prec
    iv.dps = digits
    try:
        yield
    finally:
        iv.prec = saved


def _bits(x: mpmath.mpf) -> int:
    return x._mpf_[3] if x else 0


@dataclass(frozen=True)
class Enclosure:
    """An interval [low, high] known to contain a value, and the size of the terms behind it."""

    low: mpmath.mpf
    high: mpmath.mpf
    scale: mpmath.mpf

    @property
    def width(self) -> mpmath.mpf:
        return self.high - self.low

    @property
    def mid(self) -> mpmath.mpf:
        """The midpoint, rounded no more than the ends were (``mp``'s default is 15 digits)."""
        with mpmath.workprec(max(self.low.context.prec, _bits(self.low), _bits(self.high)) + 8):
            return (self.low + self.high) / 2

    def disjoint(self, other: Enclosure) -> bool:
        return self.high < other.low or other.high < self.low


def enclose(expr: sp.Expr, point: Point, digits: int) -> Enclosure:
    """An interval that contains the value of ``expr`` at ``point``, computed with ``digits``
    significant digits.

    Raises:
        UndefinedError: the expression has no finite real value there.
        ImpreciseError: ``digits`` are too few to decide something on the way.
    """
    with _digits(digits):
        evaluator = _Evaluator(point)
        try:
            value = evaluator.value(expr, {})
        except (ZeroDivisionError, mpmath.libmp.ComplexResult) as error:
            raise UndefinedError(str(error)) from None
        except (OverflowError, MemoryError) as error:  # exponents beyond what can be written
            raise ImpreciseError(f"{type(error).__name__}: {error}") from None
        if not isinstance(value, iv.mpf):
            raise UndefinedError("the value is not real")
        low, high = _ends(value)
        if not (mpmath.isfinite(low) and mpmath.isfinite(high)):
            raise ImpreciseError("an infinite bound")
        return Enclosure(low, high, max(evaluator.scale, abs(low), abs(high)))
