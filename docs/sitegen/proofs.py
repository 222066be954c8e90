"""The facts "How a proof is checked" states, generated from the code that enforces them.

The sum algebra's lemmas with their side conditions, the domain of each kind of name, and
the limits on a formula come from :mod:`xentsym.sums`, :mod:`xentsym.symbols` and
:mod:`xentsym.parsing`, so the page cannot drift from what the prover and the parser do.
"""

from __future__ import annotations

import sympy as sp

from xentsym import parsing, referee
from xentsym.latex import to_latex
from xentsym.sums import LEMMAS
from xentsym.symbols import NAME_DOMAINS, REAL

__all__ = ["domains", "lemmas", "limits"]


def lemmas() -> str:
    """A table: each rule of the sum algebra, as an identity, and when it may be used."""
    rows = ["| Rule | Identity | Used only where |", "| --- | --- | --- |"]
    for lemma in LEMMAS:
        condition = "always" if lemma.condition is sp.true else f"${to_latex(lemma.condition)}$ is proved"
        rows.append(f"| {lemma.name} | ${to_latex(lemma.lhs)} = {to_latex(lemma.rhs)}$ | {condition} |")
    return "\n".join(rows)


# The sets in the domains' names (written for a terminal: "class index in 1..K"), typeset.
_SETS = {"1..K": r"\{1, \dots, K\}"}


def _typeset(domain_name: str) -> str:
    """A domain's name with its set as math: "number in $[0, 1]$"."""
    words, _, values = domain_name.partition(" in ")
    return f"{words} in ${_SETS.get(values, values)}$" if values else words


def domains() -> str:
    """A table: which names stand for what, as the parser and the referee read them."""
    rows = ["| Names | Domain |", "| --- | --- |"]
    for pattern, domain in NAME_DOMAINS:
        rows.append(f"| `{pattern}` | {_typeset(domain.name)} |")
    rows.append(f"| any other name | {_typeset(REAL.name)} |")
    return "\n".join(rows)


def limits() -> str:
    """A list: what the parser refuses and where the referee stops."""
    return "\n".join(
        [
            f"- a formula of at most {parsing.MAX_TEXT} characters, nested at most {parsing.MAX_DEPTH} deep;",
            f"- exponents up to {parsing.MAX_EXPONENT}, and numbers of at most {parsing.MAX_DIGITS} digits;",
            f"- derivatives up to order {parsing.MAX_ORDER}, and sums of at most {parsing.MAX_TERMS} terms;",
            f"- the referee compares at least {referee.MIN_POINTS} and at most {referee.MAX_POINTS} points,"
            f" starting at {referee.START_DIGITS} digits and going up to {referee.MAX_DIGITS} where a point"
            " needs them;",
            "- every symbolic step runs in a worker process that is stopped at the timeout"
            " (`--timeout`, 30 s by default) or past 2 GiB of memory.",
        ]
    )
