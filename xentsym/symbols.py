"""The toolkit's symbols and the domain each name stands for.

A name's domain decides two things: the SymPy assumptions a proof may use (everything is
real, so no proof rests on a complex branch of ``log``), and the values the numeric
referee tries. A symbol made elsewhere with assumptions of its own (``Symbol("a",
positive=True)``) ranges over both: its name's domain and its assumptions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import sympy as sp

__all__ = [
    "COUNT",
    "GREEK_LETTERS",
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

# The Greek letters of the notation and their names. σ, δ, Σ and ∂ are left out: the notation
# gives them other meanings (the sigmoid, Kronecker's delta, a sum, a derivative).
GREEK_LETTERS = dict(
    zip(
        "αβγεζηθικλμνξπρτυφχψωΓΔΘΛΞΠΥΦΨΩ",
        "alpha beta gamma epsilon zeta eta theta iota kappa lambda mu nu xi pi rho tau upsilon phi chi psi "
        "omega Gamma Delta Theta Lambda Xi Pi Upsilon Phi Psi Omega".split(),
        strict=True,
    )
)
"""Each Greek letter of the notation and its name, as formulas may spell it (``α``, ``alpha``)."""


@dataclass(frozen=True)
class Domain:
    r"""An interval of the reals or of the integers, with the SymPy assumptions that say so;
    ``a & b`` is the domain of the values in both.

    Examples:
        >>> from xentsym.symbols import PROBABILITY, UNIT
        >>> UNIT.contains(0), PROBABILITY.contains(0)
        (True, False)
        >>> (UNIT & PROBABILITY).name
        'real number in (0, 1)'

    Attributes:
        name: the domain in words, as the referee's messages name it.
        assumptions: the SymPy assumptions of a symbol in it, as (name, value) pairs.
        low: the lower end ($-\infty$ where there is none).
        high: the upper end ($\infty$ where there is none).
        low_open: whether ``low`` itself is left out.
        high_open: whether ``high`` itself is left out.
        integer: whether only the integers of the interval are in it.
        parity: 0 for even integers only, 1 for odd ones, None for either.
        nonzero: whether 0 is left out.
        faithful: False where a symbol carries an assumption the domain cannot express
            (prime, irrational, ...), so that values drawn from it may lie outside the
            symbol's domain: the referee then never refutes.
    """

    name: str
    assumptions: tuple[tuple[str, bool], ...]
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = True
    high_open: bool = True
    integer: bool = False
    parity: int | None = None
    nonzero: bool = False
    faithful: bool = True

    def contains(self, value) -> bool:
        """Whether the real number ``value`` lies in the domain.

        Examples:
            >>> from xentsym.symbols import INDEX
            >>> INDEX.contains(2), INDEX.contains(2.5), INDEX.contains(0)
            (True, False, False)
        """
        if self.integer and value != int(value):
            return False
        if self.parity is not None and int(value) % 2 != self.parity:
            return False
        if self.nonzero and value == 0:
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return bool(above and below)

    def __and__(self, other: Domain) -> Domain:
        """The values in both domains (the first one's assumptions), described anew if narrower."""
        # The larger low end and the smaller high end; at a tie, the open one.
        low, low_open = max((self.low, self.low_open), (other.low, other.low_open))
        high, high_closed = min((self.high, not self.high_open), (other.high, not other.high_open))
        integer = self.integer or other.integer
        narrowed = replace(
            self,
            low=low,
            low_open=low_open,
            high=high,
            high_open=not high_closed,
            integer=integer,
            parity=(self.parity if self.parity is not None else other.parity) if integer else None,
            faithful=self.faithful and other.faithful,
        )
        excludes_zero = (self.nonzero or other.nonzero) and replace(narrowed, nonzero=False).contains(0)
        narrowed = replace(narrowed, nonzero=excludes_zero)
        return self if narrowed == self else replace(narrowed, name=narrowed.describe())

    def describe(self) -> str:
        """The domain in words, from its bounds: "negative real number", "even integer", ...

        Examples:
            >>> from xentsym.symbols import INDEX, UNIT
            >>> UNIT.describe(), INDEX.describe()
            ('real number in [0, 1]', 'integer in [1, inf)')
        """
        kind = ("even " if self.parity == 0 else "odd " if self.parity == 1 else "") + (
            "integer" if self.integer else "real number"
        )
        if math.isinf(self.low) and math.isinf(self.high):
            return f"non-zero {kind}" if self.nonzero else kind
        if self.low == self.high:
            return f"the number {self.low:g}"
        if math.isinf(self.high) and self.low == 0:
            return f"{'positive' if self.low_open else 'non-negative'} {kind}"
        if math.isinf(self.low) and self.high == 0:
            return f"{'negative' if self.high_open else 'non-positive'} {kind}"
        left, right = "(" if self.low_open else "[", ")" if self.high_open else "]"
        return f"{kind} in {left}{self.low:g}, {self.high:g}{right}"

    def _described(self) -> Domain:
        return replace(self, name=self.describe())

    def is_empty(self) -> bool:
        """Whether no value lies in the domain: what two contradicting assumptions leave.

        Examples:
            >>> from dataclasses import replace
            >>> from xentsym.symbols import UNIT
            >>> UNIT.is_empty(), replace(UNIT, low=2.0).is_empty()
            (False, True)
        """
        if self.integer and math.isfinite(self.low):
            first = math.floor(self.low) + 1 if self.low_open or self.low != int(self.low) else int(self.low)
            return first > self.high or (first == self.high and self.high_open)
        return self.low > self.high or (self.low == self.high and (self.low_open or self.high_open))


REAL = Domain("real number", (("real", True),))
r"""Any real number, $\mathbb{R}$: the domain of a name with no other."""
UNIT = Domain("number in [0, 1]", (("real", True),), 0.0, 1.0, False, False)
r"""The closed interval $[0, 1]$: labels $y$, smoothing $s$, a clipping $\epsilon$."""
PROBABILITY = Domain("probability in (0, 1)", (("positive", True),), 0.0, 1.0)
r"""The open interval $(0, 1)$: predicted probabilities $p, q$."""
INDEX = Domain(
    "class index in 1..K", (("integer", True), ("positive", True)), 1, math.inf, False, integer=True
)
r"""The class indices $i, j, k, c \in \{1, \dots, K\}$."""
COUNT = Domain("number of classes", (("integer", True), ("positive", True)), 1, math.inf, False, integer=True)
r"""The numbers of classes $K, N \in \{1, 2, \dots\}$."""

NAME_DOMAINS: tuple[tuple[str, Domain], ...] = (
    (r"[pq](\d+|_\w*)?", PROBABILITY),  # predicted probabilities: p, q, p1, p_hat
    (r"[ys](\d+|_\w*)?|eps(\d+|_\w*)?|epsilon", UNIT),  # labels, smoothing, clipping
    (r"[ijck]\d*", INDEX),
    (r"[KN]\d*", COUNT),
)
r"""Each name pattern (a regular expression) and its domain, tried in order; $\mathbb{R}$ otherwise."""


def domain_of(name: str) -> Domain:
    r"""The domain a name stands for, by the patterns of
    [`NAME_DOMAINS`][xentsym.symbols.NAME_DOMAINS]: ``p``, ``q`` (also ``p1``, ``p_hat``) a
    probability in $(0, 1)$; ``y``, ``s``, ``eps`` (also ``y_true``) a number in $[0, 1]$;
    ``i``, ``j``, ``c``, ``k`` a class index; ``K``, ``N`` a number of classes; any other name
    a real number.

    Examples:
        >>> from xentsym.symbols import domain_of
        >>> domain_of("p_hat").name, domain_of("y_true").name, domain_of("logit").name
        ('probability in (0, 1)', 'number in [0, 1]', 'real number')
    """
    for pattern, domain in NAME_DOMAINS:
        if re.fullmatch(pattern, name):
            return domain
    return REAL


def symbol(name: str) -> sp.Symbol:
    """The toolkit's symbol for ``name``, with the assumptions of its domain.

    Examples:
        >>> from xentsym.symbols import symbol
        >>> q = symbol("q")
        >>> q.is_positive, (1 - q).is_positive
        (True, None)
    """
    return sp.Symbol(name, **dict(domain_of(name).assumptions))


def indexed(name: str) -> sp.IndexedBase:
    r"""An indexed family ($y_c$, $z_c$, ...) whose elements have the domain of ``name``.

    Examples:
        >>> from xentsym.symbols import c, indexed
        >>> p = indexed("p")
        >>> p[c], p[c].is_positive
        (p[c], True)
    """
    return sp.IndexedBase(name, **dict(domain_of(name).assumptions))


# The assumptions a Domain can express; a symbol with another one (prime, irrational, ...)
# gets an unfaithful domain.
_EXPRESSIBLE = {
    "commutative", "complex", "hermitian", "finite", "real", "extended_real", "rational", "algebraic",
    "integer", "even", "odd", "zero", "nonzero", "extended_nonzero", "positive", "extended_positive",
    "negative", "extended_negative", "nonnegative", "extended_nonnegative", "nonpositive",
    "extended_nonpositive",
}  # fmt: skip


def _assumed(s: sp.Symbol) -> Domain:
    """The domain that a symbol's own SymPy assumptions allow."""
    low, low_open, high, high_open = -math.inf, True, math.inf, True
    if s.is_zero:
        low, low_open, high, high_open = 0.0, False, 0.0, False
    elif s.is_positive:
        low = 0.0
    elif s.is_nonnegative:
        low, low_open = 0.0, False
    elif s.is_negative:
        high = 0.0
    elif s.is_nonpositive:
        high, high_open = 0.0, False
    parity = 0 if s.is_even else 1 if s.is_odd else None
    facts = {fact for fact, holds in s.assumptions0.items() if holds}
    return Domain(
        "",
        (),
        low,
        high,
        low_open,
        high_open,
        bool(s.is_integer),
        parity,
        bool(s.is_nonzero),
        facts <= _EXPRESSIBLE,
    )._described()


def domain_of_symbol(s: sp.Symbol | sp.IndexedBase) -> Domain:
    """The values a symbol (or an indexed family's elements) ranges over: its name's domain,
    narrowed by any assumptions of its own.

    Examples:
        >>> import sympy as sp
        >>> from xentsym.symbols import domain_of_symbol
        >>> domain_of_symbol(sp.Symbol("a", positive=True)).name
        'positive real number'
        >>> domain_of_symbol(sp.Symbol("y", positive=True)).name
        'real number in (0, 1]'
    """
    name = str(s.label if isinstance(s, sp.IndexedBase) else s.name)
    named = domain_of(name)
    if isinstance(s, sp.IndexedBase):
        assumed = _assumed(s[sp.Symbol("_any", integer=True)])
    else:
        assumed = _assumed(s)
    narrowed = named & assumed
    return assumed if narrowed.is_empty() else narrowed


def free_symbols(expr: sp.Basic) -> set[sp.Symbol]:
    r"""The free symbols of ``expr``, counting the index of a derivative's variable:
    SymPy leaves $j$ out of $\frac{\partial}{\partial z_j} \sum_c f(z_c)$, whose value depends
    on it.

    Examples:
        >>> import sympy as sp
        >>> from xentsym.losses import Z, class_sum
        >>> from xentsym.symbols import c, free_symbols, j
        >>> derivative = sp.Derivative(class_sum(Z[c] ** 2), Z[j])
        >>> j in derivative.free_symbols, j in free_symbols(derivative)
        (False, True)
    """
    found = set(expr.free_symbols)
    for derivative in expr.atoms(sp.Derivative):
        for variable in derivative.variables:
            found |= variable.free_symbols
    return found


y = symbol("y")
r"""A label $y \in [0, 1]$."""
p = symbol("p")
r"""A probability $p \in (0, 1)$."""
z = symbol("z")
r"""A logit $z$, real."""
s = symbol("s")
r"""A smoothing $s \in [0, 1]$."""
K = symbol("K")
r"""The number of classes $K \geq 1$."""
j = symbol("j")
r"""A class index $j \in \{1, \dots, K\}$."""
i = symbol("i")
r"""A class index $i \in \{1, \dots, K\}$."""
c = symbol("c")
r"""The class index $c \in \{1, \dots, K\}$ of sums."""
k = symbol("k")
r"""The true class $k \in \{1, \dots, K\}$ of sparse labels."""
