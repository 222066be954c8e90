"""The symbolic prover: reduce ``lhs - rhs`` to 0 with SymPy and the sum algebra.

A proof here is necessary for "proved" but not sufficient: `xentsym.verify` reports
a proof only when the numeric referee, which shares no code with this module, also agrees.
The prover declines (returns None) rather than guess: on a strategy that fails, on a
construct SymPy is known to simplify wrongly, and when time runs out.

Free class indices follow the toolkit's convention (`xentsym.sums.class_index_ranges`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sympy as sp

from .bounded import run_bounded
from .functions import _ClassAxisFunction
from .stabilize import stabilize
from .sums import SumAlgebra, class_index_ranges, eliminations, provably_nonnegative

__all__ = ["Proof", "prove"]


@dataclass(frozen=True)
class Proof:
    """How ``lhs - rhs`` was reduced to 0: the strategy, and the sum lemmas and side
    conditions it used."""

    strategy: str
    used: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.strategy} (using {', '.join(self.used)})" if self.used else self.strategy


def _fragile(expr: sp.Expr, ranges: dict) -> bool:
    """Constructs SymPy's algebra gets wrong. 0**x with x unknown becomes 0, though 0**0 = 1;
    and softmax(z, j, M) written as exp(z_j) / Σ_{c=1}^{M} exp(z_c) cancels a sum that may be
    empty unless M ≥ 1 is proved (Σ_{c=1}^{M} softmax(z, c, M) is 0, not 1, at M = 0)."""
    if any(power.base == 0 and not power.exp.is_number for power in expr.atoms(sp.Pow)):
        return True
    return not all(provably_nonnegative(f.classes - 1, ranges) for f in expr.atoms(_ClassAxisFunction))


def _derivatives_done(expr: sp.Expr) -> sp.Expr:
    return expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit(deep=False))


def _attempts(lhs: sp.Expr, rhs: sp.Expr, algebra: SumAlgebra) -> Iterator[tuple[str, sp.Expr]]:
    """(strategy, what it reduced the difference to), cheapest first."""
    difference = _derivatives_done(lhs - rhs)
    normal = algebra.normalize(difference)
    yield "the difference expands to 0", normal
    yield "the difference simplifies to 0", sp.simplify(normal)
    rewritten = algebra.normalize(sp.expand_log(normal.rewrite(sp.exp), force=False))
    yield "written in exp and log, the difference simplifies to 0", sp.simplify(rewritten)
    expanded = sp.expand(sp.powsimp(rewritten, deep=True), power_exp=True)
    yield "written in exp and log and expanded, the difference simplifies to 0", sp.simplify(expanded)
    # The stabilizer's rules are proved identities that know the domains (a label is in
    # [0, 1], so log(y/p) = log y - log p where defined), which SymPy's assumptions cannot say.
    sides = (stabilize(_derivatives_done(side)).expr for side in (lhs, rhs))
    stable = algebra.normalize(sp.Add(next(sides), -next(sides)))
    yield "rewritten by the stabilizer's identities, the difference simplifies to 0", sp.simplify(stable)


def _prove(lhs: sp.Expr, rhs: sp.Expr, given: tuple) -> Proof | None:
    difference = _derivatives_done(sp.sympify(lhs - rhs))
    ranges = class_index_ranges(lhs, rhs, *(a - b for a, b in given))
    if _fragile(difference, ranges):
        return None
    algebra = SumAlgebra(ranges, eliminations(given))
    attempts = _attempts(sp.sympify(lhs), sp.sympify(rhs), algebra)
    while True:
        try:
            strategy, residue = next(attempts)
        except StopIteration:
            return None
        except MemoryError:
            raise
        except Exception:  # a strategy SymPy cannot carry out proves nothing
            return None
        if residue == 0:
            return Proof(strategy, tuple(sorted(algebra.used)))


def prove(
    lhs: sp.Expr, rhs: sp.Expr, given: Sequence[tuple[sp.Expr, sp.Expr]] = (), seconds: float = 20.0
) -> Proof | None:
    """A symbolic proof that ``lhs = rhs`` (under the side conditions ``given``), or None.

    Runs under `xentsym.bounded.run_bounded`: ``seconds`` bound the whole attempt, and
    memory is capped.

    Raises:
        StepTimeout: the time ran out before a proof was found.
        OutOfMemory: the attempt needed more memory than it may have.
    """
    return run_bounded(_prove, lhs, rhs, tuple(given), seconds=seconds)
