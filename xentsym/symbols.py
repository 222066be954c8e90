"""The toolkit's symbols and the domain each name stands for.

A name's domain decides two things: the SymPy assumptions a proof may use (everything is
real, so no proof rests on a complex branch of ``log``), and the values the numeric
referee tries. A symbol made elsewhere with assumptions of its own (``Symbol("a",
positive=True)``) ranges over both: its name's domain and its assumptions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy as sp

__all__ = [
    "COUNT",
    "INDEX",
    "NAME_DOMAINS",
    "PROBABILITY",
    "REAL",
    "UNIT",
    "Domain",
    "K",
    "c",
    "domain_of",
    "domain_of_symbol",
    "free_symbols",
    "i",
    "indexed",
    "j",
    "k",
    "p",
    "s",
    "symbol",
    "y",
    "z",
]


@dataclass(frozen=True)
class Domain:
    """An interval of the reals or of the integers, with the SymPy assumptions that say so."""

    name: str
    assumptions: tuple[tuple[str, bool], ...]
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = True
    high_open: bool = True
    integer: bool = False

    def contains(self, value) -> bool:
        """Whether the real number ``value`` lies in the domain."""
        if self.integer and value != int(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return bool(above and below)

    def __and__(self, other: Domain) -> Domain:
        """The values in both domains (the first one's name and assumptions)."""
        low = max((self.low, not self.low_open), (other.low, not other.low_open))
        high = min((self.high, self.high_open), (other.high, other.high_open))
        integer = self.integer or other.integer
        if (low[0], not low[1], high[0], high[1], integer) == (
            self.low,
            self.low_open,
            self.high,
            self.high_open,
            self.integer,
        ):
            return self
        return Domain(
            f"{self.name}, {other.name}", self.assumptions, low[0], high[0], not low[1], high[1], integer
        )


REAL = Domain("real number", (("real", True),))
UNIT = Domain("number in [0, 1]", (("real", True),), 0.0, 1.0, False, False)
PROBABILITY = Domain("probability in (0, 1)", (("positive", True),), 0.0, 1.0)
INDEX = Domain(
    "class index in 1..K", (("integer", True), ("positive", True)), 1, math.inf, False, integer=True
)
COUNT = Domain("number of classes", (("integer", True), ("positive", True)), 1, math.inf, False, integer=True)

NAME_DOMAINS: tuple[tuple[str, Domain], ...] = (
    (r"[pq]\w*", PROBABILITY),  # predicted probabilities
    (r"[ys]\w*|eps\w*|epsilon", UNIT),  # labels, smoothing, clipping
    (r"[ijck]\d*", INDEX),
    (r"[KN]\d*", COUNT),
)


def domain_of(name: str) -> Domain:
    """The domain a name stands for: p, q → probability; y, s, eps → [0, 1]; i, j, c, k →
    class index; K, N → number of classes; anything else → real."""
    for pattern, domain in NAME_DOMAINS:
        if re.fullmatch(pattern, name):
            return domain
    return REAL


def symbol(name: str) -> sp.Symbol:
    """The toolkit's symbol for ``name``, with the assumptions of its domain."""
    return sp.Symbol(name, **dict(domain_of(name).assumptions))


def indexed(name: str) -> sp.IndexedBase:
    """An indexed family (y[c], z[c], ...) whose elements have the domain of ``name``."""
    return sp.IndexedBase(name, **dict(domain_of(name).assumptions))


def _assumed(s: sp.Symbol) -> Domain:
    """The domain that a symbol's own SymPy assumptions allow."""
    if s.is_integer:
        return Domain(
            "integer", (), 1 if s.is_positive else -math.inf, low_open=not s.is_positive, integer=True
        )
    if s.is_positive:
        return Domain("positive", (), 0.0)
    if s.is_nonnegative:
        return Domain("non-negative", (), 0.0, low_open=False)
    return REAL


def domain_of_symbol(s: sp.Symbol | sp.IndexedBase) -> Domain:
    """The values a symbol (or an indexed family's elements) ranges over: its name's domain,
    narrowed by any assumptions of its own."""
    name = str(s.label if isinstance(s, sp.IndexedBase) else s.name)
    named = domain_of(name)
    if isinstance(s, sp.IndexedBase):
        assumed = _assumed(s[sp.Symbol("_any", integer=True)])
    else:
        assumed = _assumed(s)
    narrowed = named & assumed
    return narrowed if narrowed.low < narrowed.high else assumed


def free_symbols(expr: sp.Basic) -> set[sp.Symbol]:
    """The free symbols of ``expr``, counting the index of a derivative's variable:
    SymPy leaves ``j`` out of ∂/∂z_j Σ_c f(z_c), whose value depends on it."""
    found = set(expr.free_symbols)
    for derivative in expr.atoms(sp.Derivative):
        for variable in derivative.variables:
            found |= variable.free_symbols
    return found


y, p, z, s, K, j, i, c, k = map(symbol, "y p z s K j i c k".split())
