"""The toolkit's symbols and the domain each name stands for.

A name's domain decides two things: the SymPy assumptions a proof may use
(everything is real, so no proof rests on a complex branch of ``log``), and
the range a counterexample is sampled from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

__all__ = ["Domain", "K", "c", "domain_of", "i", "indexed", "j", "k", "p", "s", "symbol", "y", "z"]


@dataclass(frozen=True)
class Domain:
    """What a name ranges over: SymPy assumptions plus a sampling interval."""

    name: str
    assumptions: tuple[tuple[str, bool], ...]
    low: float
    high: float
    integer: bool = False


REAL = Domain("real number", (("real", True),), -6.0, 6.0)
UNIT = Domain("number in [0, 1]", (("real", True),), 0.0, 1.0)
PROBABILITY = Domain("probability in (0, 1)", (("positive", True),), 0.0, 1.0)
INDEX = Domain("class index in 1..K", (("integer", True), ("positive", True)), 1, 6, True)
COUNT = Domain("number of classes", (("integer", True), ("positive", True)), 2, 6, True)

_PATTERNS: tuple[tuple[str, Domain], ...] = (
    (r"[pq]\w*", PROBABILITY),  # predicted probabilities
    (r"[ys]\w*|eps\w*", UNIT),  # labels, smoothing, clipping
    (r"[ijck]\d*", INDEX),
    (r"[KN]\d*", COUNT),
)


def domain_of(name: str) -> Domain:
    """The domain a name stands for: p, q → probability; y, t, s → [0, 1]; i, j, c, k → index;
    K, N → count; anything else → real."""
    for pattern, domain in _PATTERNS:
        if re.fullmatch(pattern, name):
            return domain
    return REAL


def symbol(name: str) -> sp.Symbol:
    """The toolkit's symbol for ``name``, with the assumptions of its domain."""
    return sp.Symbol(name, **dict(domain_of(name).assumptions))


def indexed(name: str) -> sp.IndexedBase:
    """An indexed family (y[c], z[c], ...) whose elements have the domain of ``name``."""
    return sp.IndexedBase(name, **dict(domain_of(name).assumptions))


y, p, z, s, K, j, i, c, k = map(symbol, "y p z s K j i c k".split())
