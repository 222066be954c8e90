"""Check an identity: a proof, a counterexample, or an honest "undecided".

``verify(lhs, rhs)`` asks two independent judges. The numeric referee
(`xentsym.referee`) evaluates both sides in interval arithmetic at points that cover
every small class count, every index value and every magnitude; disjoint intervals, found
again at twice the precision, refute the identity. The prover (`xentsym.prove`)
reduces ``lhs - rhs`` to 0 with SymPy and a sum algebra that respects its limits. The
identity is **proved** only when the prover succeeds *and* the referee agreed at every
point it compared (at least one). Anything else is **undecided**, with the reason.

Each step runs in a worker process with a time and memory limit, so no formula can hang
the caller or fill its memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import sympy as sp

from .bounded import Deadline, OutOfMemory, StepTimeout, enclosing_passed, run_bounded
from .parsing import FormulaError, parse, parse_equation, unify
from .prove import Proof, prove
from .referee import AGREEMENT_DIGITS, Counterexample, Report, referee
from .symbols import domain_of_symbol, free_symbols

__all__ = ["Counterexample", "Verification", "verify"]

Status = Literal["proved", "refuted", "undecided"]
Side = sp.Expr | str
Given = Iterable[str | sp.Eq | tuple[Side, Side]] | Mapping | str | None

_REFEREE_SHARE = 0.4  # of the timeout, at most; the prover gets the rest
_READING_SECONDS = 10.0  # reading a formula is bounded by its size, not by the timeout
_SLACK = 0.25


@dataclass(frozen=True)
class Verification:
    r"""The answer to $\text{lhs} = \text{rhs}$: proved, refuted (with a counterexample) or undecided.

    Proved means both: $\text{lhs} - \text{rhs}$ simplifies to $0$, and the numeric referee
    found the sides equal at every point it compared (at least one).

    Examples:
        >>> from xentsym import verify
        >>> result = verify("diff(softplus(z), z)", "sigmoid(z)")
        >>> result.holds, result.status, result.domains
        (True, 'proved', ('z: real number',))
    """

    lhs: sp.Expr
    """The left side, as parsed."""
    rhs: sp.Expr
    """The right side, as parsed, sharing one symbol per name with ``lhs``."""
    status: Status
    """``"proved"``, ``"refuted"`` or ``"undecided"``."""
    method: str
    """How the verdict was reached, in words (or, when undecided, why no verdict)."""
    counterexample: Counterexample | None = None
    """Where the sides differ: only when refuted, else None."""
    given: tuple[tuple[sp.Expr, sp.Expr], ...] = field(default=())
    r"""The side conditions, as (lhs, rhs) pairs, such as $\sum_c y_c = 1$."""
    compared: int = 0
    """How many points the numeric referee compared and found equal."""

    @property
    def holds(self) -> bool:
        """True only when the identity was proved; False when refuted or undecided."""
        return self.status == "proved"

    @property
    def domains(self) -> tuple[str, ...]:
        """What each variable ranged over, as ``"z: real number"``: the domains the proof assumed
        and the referee drew points from."""
        return _domains(self.lhs, self.rhs, *(a - b for a, b in self.given))

    def __str__(self) -> str:
        if self.status == "refuted":
            return f"refuted: {self.counterexample}"
        return f"{self.status}: {self.method}"

    def _repr_latex_(self) -> str:
        from .latex import to_latex

        mark = {"proved": r"\checkmark", "refuted": r"\times", "undecided": "?"}[self.status]
        return rf"$\displaystyle {to_latex(self.lhs)} = {to_latex(self.rhs)} \quad {mark}$"


def _domains(*exprs: sp.Expr) -> tuple[str, ...]:
    families = set().union(*(e.atoms(sp.IndexedBase) for e in exprs))
    labels = {f.label for f in families}
    symbols = {s for s in set().union(*(free_symbols(e) for e in exprs)) - labels if isinstance(s, sp.Symbol)}
    named = [(str(f.label) + "[c]", f) for f in families] + [(str(s), s) for s in symbols]
    return tuple(f"{name}: {domain_of_symbol(s).name}" for name, s in sorted(named, key=lambda t: t[0]))


def _pairs(given: Given) -> list[tuple[Side, Side]]:
    if given is None:
        return []
    if isinstance(given, (str, sp.Eq)):
        given = [given]
    if isinstance(given, Mapping):
        given = list(given.items())
    if isinstance(given, sp.Basic) or not isinstance(given, Iterable):
        raise FormulaError(f"given must be conditions such as 'Sum(y[c], (c, 1, K)) = 1', not {given!r}")
    pairs = []
    for condition in given:
        if isinstance(condition, str):
            condition = parse_equation(condition)
        elif isinstance(condition, sp.Eq):
            condition = condition.args
        if not isinstance(condition, tuple) or len(condition) != 2:
            raise FormulaError(f"a side condition is 'lhs = rhs', not {condition!r}")
        pairs.append(condition)
    return pairs


def _read(lhs: Side, rhs: Side, given: Given) -> tuple[sp.Expr, sp.Expr, tuple[tuple[sp.Expr, sp.Expr], ...]]:
    """Both sides and the conditions, parsed and sharing one symbol per name."""
    sides = [parse(lhs), parse(rhs)]
    for a, b in _pairs(given):
        sides += [parse(a), parse(b)]
    unified = unify(*sides)
    conditions = tuple(zip(unified[2::2], unified[3::2], strict=True))
    return unified[0], unified[1], conditions


def _why_not_compared(report: Report) -> str:
    reasons = []
    if report.outside:
        reasons.append(f"{report.outside} points lie outside the domain (a side is not a finite real number)")
    if report.unsatisfied:
        reasons.append(f"at {report.unsatisfied} points the side conditions could not be met")
    if report.unsettled:
        reasons.append(f"{report.unsettled} points could not be settled at {AGREEMENT_DIGITS}+ digits")
    if report.out_of_time:
        reasons.append("the referee ran out of time")
    if report.out_of_memory:
        reasons.append("the referee ran out of memory")
    return "; ".join(reasons) or "there was nothing to compare"


def _verdict(lhs, rhs, conditions, report: Report, proof: Proof | None, cut: str) -> Verification:
    def result(status: Status, method: str) -> Verification:
        return Verification(lhs, rhs, status, method, None, conditions, report.compared)

    agreed = f"the sides agree at all {report.compared} points compared (to {AGREEMENT_DIGITS} digits)"
    if report.out_of_time or report.out_of_memory:
        agreed += f", before the referee ran out of {'time' if report.out_of_time else 'memory'}"
    if proof is not None and report.compared:
        return result("proved", f"{proof}, and {agreed.replace('the sides agree', 'they agree')}")
    if proof is not None:
        return result(
            "undecided", f"{proof}, but no point could be checked numerically: {_why_not_compared(report)}"
        )
    no_proof = f"no symbolic proof was found{cut}"
    if report.compared:
        return result("undecided", f"{agreed}, but {no_proof}")
    return result("undecided", f"{no_proof}, and no point could be compared: {_why_not_compared(report)}")


def verify(lhs: Side, rhs: Side, *, given: Given = None, timeout: float = 30.0) -> Verification:
    r"""Decide whether ``lhs = rhs`` for every value of the free symbols in their domains.

    The identity is proved when $\text{lhs} - \text{rhs}$ reduces to $0$ and an independent
    numeric referee agrees; refuted at a point $x$ where $\text{lhs}(x) \ne \text{rhs}(x)$ at
    high precision; otherwise undecided, never a false "proved".

    Args:
        lhs, rhs: SymPy expressions or formula strings (SymPy's vocabulary plus the toolkit's
            functions, as on the command line).
        given: side conditions, as ``"Sum(y[c], (c, 1, K)) = 1"`` strings, ``Eq`` objects or
            (lhs, rhs) pairs.
        timeout: seconds for the whole check.

    Returns:
        The verdict; its ``holds`` is True only for a proof that the numeric referee confirms.

    Raises:
        FormulaError: if a side or a condition is not a formula.
        ValueError: if ``timeout`` is not a positive number of seconds.

    Framework names:
        None: frameworks check gradients numerically at points (``torch.autograd.gradcheck``,
        ``jax.test_util.check_grads``); this proves the identity for all values.

    Examples:
        >>> from xentsym import verify
        >>> verify("diff(-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z))), z)", "sigmoid(z) - y").holds
        True
        >>> print(verify("log(sigmoid(z))", "softplus(-z)"))
        refuted: at z = -2.9375: lhs = -2.98914138927868, rhs = 2.98914138927868
        >>> verify("Sum(y[c], (c, 1, K)) * softmax(z, j, K) - y[j]",
        ...        "softmax(z, j, K) - y[j]", given=["Sum(y[c], (c, 1, K)) = 1"]).holds
        True
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    try:
        lhs, rhs, conditions = run_bounded(_read, lhs, rhs, given, seconds=_READING_SECONDS)
    except (StepTimeout, OutOfMemory) as error:
        if isinstance(error, StepTimeout) and enclosing_passed():
            raise  # the time of whoever called verify ran out, not the reading's
        raise FormulaError(f"the formula is too large to read ({error})") from None
    deadline = Deadline(timeout)
    share = timeout * _REFEREE_SHARE
    try:  # the referee stops itself between points at its share; a slow point is cut a little later
        report = run_bounded(referee, lhs, rhs, conditions, share, seconds=share + _SLACK)
    except StepTimeout:
        report = Report(out_of_time=True)
    except OutOfMemory:
        report = Report(out_of_memory=True)
    if report.counterexample is not None:
        return Verification(
            lhs,
            rhs,
            "refuted",
            "a point where the sides differ",
            report.counterexample,
            conditions,
            report.compared,
        )
    cut = ""
    try:
        proof = prove(lhs, rhs, conditions, seconds=deadline.left())
    except StepTimeout:
        proof, cut = None, f" in time (timeout {timeout:g} s)"
    except OutOfMemory:
        proof, cut = None, " within the memory limit"
    return _verdict(lhs, rhs, conditions, report, proof, cut)
