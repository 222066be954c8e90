r"""Derivations as ordered steps, each with the rule that justifies it.

[`differentiate`][xentsym.derive.differentiate] traces a derivative the way it is done on paper: one
layer of rules per step (sum rule, constant factor, product rule, chain rule
with each named function's own derivative, linearity of a sum,
$\partial z_c / \partial z_j = \delta_{cj}$), then the sum algebra, the side conditions and the
algebra to a closed form. [`chain`][xentsym.derive.chain] takes steps written by hand and
proves each one from the one before. Either way the result carries its proof.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

import sympy as sp

from . import identities
from .bounded import OutOfMemory, StepTimeout, run_bounded
from .functions import _ClassAxisFunction
from .identities import Identity, Rule
from .sums import sift
from .verification import Verification, verify

__all__ = ["MAX_STEPS", "BoundsError", "Derivation", "ProofError", "Rule", "Step", "chain", "differentiate"]

MAX_STEPS = 20
"""A derivation may take this many times the time of one proof."""


@dataclass(frozen=True)
class Step:
    r"""One line of a derivation, $= \text{expr}$, and the rules that justify it.

    Examples:
        >>> from xentsym import differentiate, sigmoid
        >>> from xentsym.symbols import z
        >>> first = differentiate(sigmoid(z), z).steps[1]
        >>> first.expr, [str(rule) for rule in first.rules]
        ((1 - sigmoid(z))*sigmoid(z), ['derivative of sigmoid, chain rule'])
    """

    expr: sp.Expr
    """The expression this line arrives at."""
    rules: tuple[Rule, ...]
    """Why it equals the line before (none for the first line)."""


class ProofError(AssertionError):
    """A derivation's result could not be proved: the derivation is wrong or too hard.

    Examples:
        >>> from xentsym import chain
        >>> from xentsym.symbols import z
        >>> chain("wrong", z**2, [(3 * z, "doubling")])
        Traceback (most recent call last):
        ...
        xentsym.derive.ProofError: ...
    """


class BoundsError(ProofError):
    """A derivation not finished within its time or memory bounds: too hard, not wrong. A
    ``ProofError`` too, so that one ``except ProofError`` catches both.

    Examples:
        >>> from xentsym import differentiate
        >>> from xentsym.losses import Z, categorical_crossentropy_from_logits
        >>> from xentsym.symbols import j
        >>> differentiate(categorical_crossentropy_from_logits(), Z[j], timeout=0.001)
        Traceback (most recent call last):
        ...
        xentsym.derive.BoundsError: d/dz[j]: not proved within its bounds (gave up after 0.001 s)
    """


@dataclass(frozen=True)
class Derivation:
    r"""``lhs`` rewritten step by step into ``result``, with how the result was proved:
    $\text{lhs} = e_1 = e_2 = \dots = \text{result}$, each $=$ with its rule.

    Examples:
        >>> from xentsym import differentiate, sigmoid
        >>> from xentsym.losses import binary_crossentropy_from_logits
        >>> from xentsym.symbols import y, z
        >>> d = differentiate(binary_crossentropy_from_logits(), z, closed_form=sigmoid(z) - y)
        >>> d.verdict, d.result
        ('proved', -y + sigmoid(z))
    """

    title: str
    """A heading for its page."""
    lhs: sp.Expr
    r"""Where it starts: $\partial f / \partial x$, unevaluated, for a traced derivative."""
    steps: tuple[Step, ...]
    """The lines, the first one ``lhs`` itself."""
    proof: str
    """How the result was proved, in words (or, when undecided, why not)."""
    given: tuple[tuple[sp.Expr, sp.Expr], ...] = ()
    r"""The side conditions the steps may use, as (lhs, rhs) pairs, such as $\sum_c y_c = 1$."""
    assumptions: tuple[str, ...] = field(default=())
    """Sentences about the symbols, shown above the steps."""
    conclusion: str = ""
    """A sentence shown below the steps."""
    verdict: str = "proved"
    """``"proved"``, or ``"undecided"`` where a step could be neither proved nor refuted in
    time (only when built with ``strict=False``)."""

    @property
    def result(self) -> sp.Expr:
        """The expression of the last step: what ``lhs`` was proved equal to."""
        return self.steps[-1].expr

    def to_latex(self) -> str:
        r"""The steps as one LaTeX ``align*`` environment, each rule beside its step.

        Examples:
            >>> from xentsym import differentiate, sigmoid
            >>> from xentsym.symbols import z
            >>> r"\sigma" in differentiate(sigmoid(z), z).to_latex()
            True
        """
        from .latex import derivation_latex

        return derivation_latex(self)

    def to_markdown(self) -> str:
        """A Markdown section: the title as a heading, the steps as display math, the proof.

        Examples:
            >>> from xentsym import differentiate, sigmoid
            >>> from xentsym.symbols import z
            >>> differentiate(sigmoid(z), z, title="σ'").to_markdown().startswith("## σ'")
            True
        """
        from .latex import derivation_markdown

        return derivation_markdown(self)

    def to_text(self) -> str:
        """The steps as plain text for a terminal, each rule in brackets, as ``xentsym derive``
        prints them.

        Examples:
            >>> from xentsym import differentiate, sigmoid
            >>> from xentsym.symbols import z
            >>> "[derivative of sigmoid, chain rule]" in differentiate(sigmoid(z), z).to_text()
            True
        """
        from .text import derivation_text

        return derivation_text(self)

    def _repr_latex_(self) -> str:
        return f"$$\n{self.to_latex()}\n$$"


# --- tracing a derivative --------------------------------------------------------------

SUM_RULE = Rule("sum rule", identities.SUM_RULE)
CONSTANT = Rule("constant factor", identities.CONSTANT_FACTOR)
PRODUCT = Rule("product rule", identities.PRODUCT_RULE)
POWER = Rule("power rule", identities.POWER_RULE)
LOG = Rule("derivative of log, chain rule", identities.LOG_RULE)
EXP = Rule("derivative of exp, chain rule", identities.EXP_RULE)
SUM_LINEAR = Rule("linearity of the sum", identities.SUM_LINEARITY)
ELEMENT = Rule("logits are independent", identities.INDEPENDENT_LOGITS)
SIFT = Rule("sum algebra: linearity, sifting", identities.SIFTING)
ALGEBRA = Rule("algebra")


def _depends(f: sp.Expr, x: sp.Expr) -> bool:
    """Whether ``f`` may vary with ``x``; any z[c] or function of z may vary with z[j]."""
    return f.has(x.base) if isinstance(x, sp.Indexed) else f.has(x)


def _d(f: sp.Expr, x: sp.Expr) -> sp.Expr:
    if not _depends(f, x):
        return sp.S.Zero
    if f == x:
        return sp.S.One
    return sp.Derivative(f, x, evaluate=False)


def _function_rule(f: sp.Function) -> Rule:
    return Rule(f"derivative of {type(f).__name__}, chain rule", identities.derivative_rule(type(f)))


def _one_layer(f: sp.Expr, x: sp.Expr) -> tuple[sp.Expr, Rule]:
    """Differentiate the outermost operation of ``f``, leaving inner derivatives unevaluated."""
    if isinstance(f, sp.Indexed) and isinstance(x, sp.Indexed) and f.base == x.base:
        return sp.KroneckerDelta(f.indices[0], x.indices[0]), ELEMENT
    if f.is_Add:
        return sp.Add(*(_d(a, x) for a in f.args)), SUM_RULE
    if f.is_Mul:
        constant = sp.Mul(*(a for a in f.args if not _depends(a, x)))
        varying = sp.Mul(*(a for a in f.args if _depends(a, x)))
        if constant != 1:
            return constant * _d(varying, x), CONSTANT
        first, rest = varying.args[0], sp.Mul(*varying.args[1:])
        return _d(first, x) * rest + first * _d(rest, x), PRODUCT
    if f.is_Pow and not f.exp.has(x):
        base, n = f.args
        return n * base ** (n - 1) * _d(base, x), POWER
    if isinstance(f, sp.log):
        return _d(f.args[0], x) / f.args[0], LOG
    if isinstance(f, sp.exp):
        return f * _d(f.args[0], x), EXP
    if isinstance(f, sp.Sum):
        return sp.Sum(_d(f.function, x), *f.limits), SUM_LINEAR
    if isinstance(f, _ClassAxisFunction):
        return f.diff(x), _function_rule(f)
    if isinstance(f, sp.Function) and f.args:
        terms = (f.fdiff(n + 1) * _d(a, x) for n, a in enumerate(f.args))
        return sp.Add(*terms), _function_rule(f)
    return f.diff(x), Rule("differentiate")


def _trace(lhs: sp.Derivative) -> list[Step]:
    """Steps from an unevaluated first derivative to an expression with none left."""
    steps: list[Step] = []
    current: sp.Expr = lhs
    while current.has(sp.Derivative):
        used: dict[Rule, None] = {}
        current = current.replace(lambda e: isinstance(e, sp.Derivative), partial(_expand_one, used=used))
        steps.append(Step(current, tuple(used)))
    return steps


def _expand_one(node: sp.Derivative, used: dict[Rule, None]) -> sp.Expr:
    """One layer of ``node``, recording the rule used (in order, once)."""
    ((x, _order),) = node.variable_count
    new, rule = _one_layer(node.expr, x)
    used[rule] = None
    return new


def _given_rules(given: Sequence[tuple[sp.Expr, sp.Expr]]) -> tuple[Rule, ...]:
    """The side conditions as rules: each holds because it is assumed."""
    return tuple(Rule("side condition", Identity(a, b, ((a, b),))) for a, b in given)


def _finish(
    title: str,
    steps: list[Step],
    given: tuple[tuple[sp.Expr, sp.Expr], ...],
    assumptions: tuple[str, ...],
    seconds: float,
    conclusion: str,
    strict: bool,
) -> Derivation:
    """Drop steps that changed nothing, prove each step from the one before, and the result
    equal to the statement (for a derivative, SymPy's and the referee's own).

    Raises:
        ProofError: naming the first step that is refuted, or (where ``strict``) not proved.
    """
    lhs = steps[0].expr
    kept: list[Step] = []
    unproved: list[str] = []
    for step in steps:
        if kept and step.expr == kept[-1].expr:
            continue
        if kept:
            what = f"{title}: step '{', '.join(map(str, step.rules))}'"
            check = _checked(what, kept[-1].expr, step.expr, given, seconds, strict)
            unproved += [] if check.holds else [f"{what} is not proved: {check.method}"]
        kept.append(step)
    final = _checked(f"{title}: the result", kept[-1].expr, lhs, given, seconds, strict)
    unproved += [] if final.holds else [f"{title}: the result is not proved: {final.method}"]
    if unproved:
        return Derivation(
            title, lhs, tuple(kept), "; ".join(unproved), given, assumptions, conclusion, "undecided"
        )
    return Derivation(title, lhs, tuple(kept), final.method, given, assumptions, conclusion)


def _checked(what: str, before: sp.Expr, after: sp.Expr, given, seconds: float, strict: bool) -> Verification:
    """The verification of ``before = after``.

    Raises:
        ProofError: if it is refuted, or, where ``strict``, not proved.
    """
    check = verify(before, after, given=list(given), timeout=seconds)
    if not check.holds and (check.status == "refuted" or strict):
        raise ProofError(f"{what} does not follow: {after} ({check})")
    return check


def _build(title: str, make_steps: Callable, args: tuple, given, assumptions, seconds, conclusion, strict):
    return _finish(title, make_steps(*args), given, assumptions, seconds, conclusion, strict)


def _bounded(
    title, make_steps, args, given, assumptions, seconds, conclusion, strict, timeout=None
) -> Derivation:
    """A derivation built and proved in one bounded worker: each proof gets ``seconds``, the
    whole derivation ``timeout`` (default [`MAX_STEPS`][xentsym.derive.MAX_STEPS] times as much)."""
    whole = seconds * MAX_STEPS if timeout is None else timeout
    try:
        return run_bounded(
            _build,
            title,
            make_steps,
            args,
            tuple(given),
            tuple(assumptions),
            seconds,
            conclusion,
            strict,
            seconds=whole,
        )
    except (StepTimeout, OutOfMemory) as error:
        raise BoundsError(f"{title}: not proved within its bounds ({error})") from None


def _traced_steps(expr: sp.Expr, var: sp.Expr, given: tuple, closed_form: sp.Expr | None) -> list[Step]:
    lhs = sp.Derivative(expr, var, evaluate=False)
    steps = [Step(lhs, ()), *_trace(lhs)]
    if steps[-1].expr.has(sp.Sum):
        steps.append(Step(sift(steps[-1].expr), (SIFT,)))
    if given:
        rules = {a: b for a, b in given}
        steps.append(Step(sp.expand(steps[-1].expr).xreplace(rules), _given_rules(given)))
    if closed_form is not None:
        steps.append(Step(closed_form, (ALGEBRA,)))
    return steps


def differentiate(
    expr: sp.Expr,
    var: sp.Expr,
    *,
    title: str = "",
    closed_form: sp.Expr | None = None,
    given: Sequence[tuple[sp.Expr, sp.Expr]] = (),
    assumptions: Iterable[str] = (),
    conclusion: str = "",
    seconds: float = 30.0,
    timeout: float | None = None,
    strict: bool = True,
) -> Derivation:
    r"""The derivative $\partial\,\text{expr} / \partial\,\text{var}$, step by step, each step proved.

    Args:
        expr: the expression (a loss, or a derivative already found).
        var: a symbol or an indexed element such as ``z[j]``.
        closed_form: the form the result should end in; the last step reaches it
            by algebra, and the proof covers it.
        given: side conditions (lhs, rhs) used after differentiating, such as
            ``(Sum(y[c], (c, 1, K)), 1)``.
        seconds: the bound on each proof.
        timeout: the bound on the whole derivation (default: ``MAX_STEPS`` times ``seconds``).
        strict: raise where a step is not proved; otherwise return the derivation with the
            verdict "undecided" and the reason (a refuted step raises either way).

    Raises:
        ProofError: if a step, or the result, is refuted, or (where ``strict``) not proved.

    Framework names:
        The derivative autodiff computes (``jax.grad``, ``torch.autograd.grad``), here as a
        proof a person can follow.

    Examples:
        >>> from xentsym import differentiate, softplus
        >>> from xentsym.symbols import z
        >>> differentiate(softplus(z), z).result
        sigmoid(z)
    """
    args = (expr, var, tuple(given), closed_form)
    return _bounded(
        title or f"d/d{var}", _traced_steps, args, given, assumptions, seconds, conclusion, strict, timeout
    )


def _written_steps(lhs: sp.Expr, steps: Sequence[tuple[sp.Expr, Rule | str]]) -> list[Step]:
    return [Step(lhs, ()), *(Step(e, (r if isinstance(r, Rule) else Rule(r),)) for e, r in steps)]


def chain(
    title: str,
    lhs: sp.Expr,
    steps: Sequence[tuple[sp.Expr, Rule | str]],
    *,
    given: Sequence[tuple[sp.Expr, sp.Expr]] = (),
    assumptions: Iterable[str] = (),
    conclusion: str = "",
    seconds: float = 30.0,
    strict: bool = True,
) -> Derivation:
    r"""A derivation written by hand, $\text{lhs} = e_1 = \dots = e_n$; every step is proved from
    the one before it.

    Args:
        title: a heading for its page.
        lhs: the first line.
        steps: each further line and the rule it cites: a [`Rule`][xentsym.derive.Rule] or words.
        given: side conditions (lhs, rhs) the steps may use.
        assumptions: sentences about the symbols, shown above the steps.
        conclusion: a sentence shown below the steps.
        seconds: the bound on each proof.
        strict: raise where a step is not proved; otherwise return it with the verdict
            "undecided".

    Raises:
        ProofError: naming the first step that does not follow.

    Examples:
        >>> from xentsym import chain, sigmoid
        >>> from xentsym.symbols import z
        >>> d = chain("σ(z) + σ(-z)", sigmoid(z) + sigmoid(-z), [(1, "symmetry of σ")])
        >>> d.verdict, d.result
        ('proved', 1)
    """
    args = (lhs, tuple(steps))
    return _bounded(title, _written_steps, args, given, assumptions, seconds, conclusion, strict)
