r"""Stable forms, derived: rewrite a formula with proved identities until nothing in it
overflows or cancels, and say what could not be made safe.

Textbook formulas lose accuracy in the tails: $\log(1 - \sigma(z))$ is $\log 0$ once $\sigma(z)$
rounds to 1, $\sigma(z) - y$ cancels where $\sigma(z) \approx y \approx 1$, $e^z$ overflows past
$z = 709$. Each rule below rewrites one node of an expression into a form without that flaw, and
cites the identity (`xentsym.identities`, each proved in the tests) that makes the
rewrite true. The rules run bottom-up to a fixed point; what is still hazardous afterwards
is reported as such, never emitted silently.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import mpmath
import sympy as sp
from mpmath import iv
from sympy.codegen.cfunctions import expm1, log1p

from . import identities
from .functions import log_softmax, logsumexp, sigmoid, softmax, softplus, xdivy, xlog1py, xlogy
from .identities import Rule as Rewrite  # cited as a derivation's steps are: words and an identity
from .symbols import PROBABILITY, UNIT, domain_of_symbol, free_symbols

__all__ = ["RULES", "Rewrite", "Stabilized", "stabilize"]


@dataclass(frozen=True)
class Stabilized:
    r"""A formula's stable form, the rewrites that led to it, and what is still hazardous: what
    [`stabilize`][xentsym.stabilize.stabilize] returns.

    Examples:
        >>> import sympy as sp
        >>> from xentsym.stabilize import stabilize
        >>> from xentsym.symbols import z
        >>> made = stabilize(sp.log(1 + sp.exp(z)))
        >>> made.textbook, made.expr, [str(r) for r in made.rewrites], made.hazards
        (log(exp(z) + 1), softplus(z), ['softplus from its definition'], ())
        >>> stabilize(sp.exp(z)).hazards
        ('exp(z) overflows once its argument passes 709',)
    """

    textbook: sp.Expr
    """The formula as given."""
    expr: sp.Expr
    """The stable form: equal to ``textbook`` (each rewrite cites a proved identity), with no
    overflow or cancellation that a rule could remove."""
    rewrites: tuple[Rewrite, ...]
    """The rewrites used, each once, in the order first used."""
    hazards: tuple[str, ...]
    """What the stable form still computes unsafely, in words (an exponential that may
    overflow, a logarithm of what may underflow to 0); empty where nothing is."""

    def _repr_latex_(self) -> str:
        from .latex import to_latex

        return f"$\\displaystyle {to_latex(self.expr)}$"


SIGMOID = Rewrite("σ from its definition", identities.SIGMOID_DEFINITION)
SOFTPLUS = Rewrite("softplus from its definition", identities.SOFTPLUS_DEFINITION)
SOFTMAX = Rewrite("softmax from its definition", identities.SOFTMAX_DEFINITION)
LOGSUMEXP = Rewrite("log-sum-exp from its definition", identities.LOG_SUM_EXP)
ONE_MINUS_SIGMOID = Rewrite("symmetry of σ, no cancellation", identities.SIGMOID_SYMMETRY)
SIGMOID_MINUS_ONE = Rewrite("symmetry of σ, no cancellation", identities.SIGMOID_MINUS_ONE)
SOFTMAX_MINUS_ONE = Rewrite("softmax less one through expm1, no cancellation", identities.SOFTMAX_MINUS_ONE)
EXP_MINUS_ONE = Rewrite("expm1, no cancellation", identities.EXP_MINUS_ONE)
LOG_SIGMOID = Rewrite("log of σ as softplus, never log 0", identities.LOG_SIGMOID)
LOG_SOFTMAX = Rewrite("log of softmax as log_softmax, never log 0", identities.LOG_SOFTMAX)
LOG_ONE_PLUS = Rewrite("log1p, exact for tiny arguments", identities.LOG_ONE_PLUS)
XLOGY = Rewrite("a weight times a log, 0 where the weight is", identities.XLOGY)
XLOG1PY = Rewrite("a weight times log1p, 0 where the weight is", identities.XLOG1PY)
LABEL_SPLIT = Rewrite("prediction minus label, split so that nothing cancels", identities.LABEL_SPLIT)
LOG_OF_PRODUCT = Rewrite("log of a product of non-negative factors, term by term", identities.LOG_OF_PRODUCT)
DISTRIBUTE = Rewrite("a label times a sum of logarithms, term by term", identities.DISTRIBUTIVITY)
WEIGHTED_COMPLEMENT = Rewrite(
    "weights summing to 1 take the complement inside", identities.WEIGHTED_COMPLEMENT
)
LABEL_COMPLEMENT = Rewrite("the complement of a scaled label, no cancellation", identities.LABEL_COMPLEMENT)
FRACTION_SUM = Rewrite("fractions over one denominator: the numerator is exact", identities.FRACTION_SUM)
SOFTPLUS_LESS_LINEAR = Rewrite(
    "softplus less a label's share of its argument, two terms of one sign", identities.SOFTPLUS_LESS_LINEAR
)
SIGMOID_AS_RATIO = Rewrite("σ from the ratio e^u/(1 + e^u), never inf/inf", identities.SIGMOID_AS_RATIO)


# --- what a node is ---------------------------------------------------------------------

_PROBABILITIES = (sigmoid, softmax)  # functions whose value lies in (0, 1)


def _is_label(expr: sp.Expr) -> bool:
    """Free of predictions, and made of labels: what a prediction is compared with."""
    symbols = free_symbols(expr)
    families = expr.atoms(sp.IndexedBase)
    return (
        not expr.has(*_PROBABILITIES, sp.exp, softplus)
        and bool(symbols | families)
        and all(
            domain_of_symbol(s) is UNIT or domain_of_symbol(s).integer
            for s in symbols
            if isinstance(s, sp.Symbol)
        )
        and all(domain_of_symbol(f) is UNIT for f in families)
    )


def _may_vanish(expr: sp.Expr) -> bool:
    """Whether ``expr`` may be 0 in its domain: it holds a label (in [0, 1]) or is one."""
    return any(
        domain_of_symbol(s) is UNIT
        for s in [*free_symbols(expr), *expr.atoms(sp.IndexedBase)]
        if isinstance(s, (sp.Symbol, sp.IndexedBase))
    )


def _probability_input(expr: sp.Expr) -> bool:
    """Whether ``expr`` is built from input probabilities (p), which may lie at 0 or 1."""
    return any(
        domain_of_symbol(s) is PROBABILITY
        for s in [*free_symbols(expr), *expr.atoms(sp.IndexedBase)]
        if isinstance(s, (sp.Symbol, sp.IndexedBase))
    )


# --- the rules --------------------------------------------------------------------------

Rule = Callable[[sp.Basic], "tuple[sp.Expr, Rewrite] | None"]


def _definitions(node: sp.Basic):
    """1/(1 + e^{-u}) → σ(u), log(1 + e^u) → softplus(u), e^{z_j}/Σ_c e^{z_c} → softmax(z)_j."""
    if (
        node.is_Pow
        and node.exp == -1
        and node.base.is_Add
        and len(node.base.args) == 2
        and 1 in node.base.args
    ):
        (other,) = (t for t in node.base.args if t != 1)
        if isinstance(other, sp.exp):
            return sigmoid(-other.args[0]), SIGMOID
    if (
        isinstance(node, sp.log)
        and node.args[0].is_Add
        and len(node.args[0].args) == 2
        and 1 in node.args[0].args
    ):
        (other,) = (t for t in node.args[0].args if t != 1)
        if isinstance(other, sp.exp):
            return softplus(other.args[0]), SOFTPLUS
    if isinstance(node, sp.log) and _sum_of_exp(node.args[0]):
        return logsumexp(*_sum_of_exp(node.args[0])), LOGSUMEXP
    if node.is_Mul:
        return _sigmoid_from_ratio(node) or _softmax_from_quotient(node)
    return None


def _sigmoid_from_ratio(node: sp.Mul):
    """e^u σ(-u) → σ(u): what 1/(1 + e^{-u}) becomes of e^u/(1 + e^u), inf·0 past u = 709."""
    for factor in node.args:
        if isinstance(factor, sp.exp):
            partner = sigmoid(-factor.args[0])
            if partner in node.args:
                return node / (factor * partner) * sigmoid(factor.args[0]), SIGMOID_AS_RATIO
    return None


def _sum_of_exp(expr: sp.Expr) -> tuple[sp.IndexedBase, sp.Expr] | None:
    """(z, K) where ``expr`` is Σ_{c=1}^{K} exp(z_c); else None."""
    if isinstance(expr, sp.Sum) and len(expr.limits) == 1:
        ((var, low, high),) = expr.limits
        body = expr.function
        if low == 1 and isinstance(body, sp.exp) and isinstance(body.args[0], sp.Indexed):
            entry = body.args[0]
            if entry.indices == (var,):
                return entry.base, high
    return None


def _softmax_from_quotient(node: sp.Mul):
    numerators = [f for f in node.args if isinstance(f, sp.exp) and isinstance(f.args[0], sp.Indexed)]
    denominators = [f.base for f in node.args if f.is_Pow and f.exp == -1 and _sum_of_exp(f.base)]
    for top in numerators:
        for bottom in denominators:
            logits, classes = _sum_of_exp(bottom)
            if top.args[0].base == logits:
                rest = node / (top / bottom)
                return rest * softmax(logits, top.args[0].indices[0], classes), SOFTMAX
    return None


def _one_minus(node: sp.Basic):
    """In a sum, 1 - σ(u) → σ(-u), σ(u) - 1 → -σ(-u), softmax - 1 → expm1(log_softmax),
    e^u - 1 → expm1(u): the terms that cancel where the function is near 1."""
    if not node.is_Add:
        return None
    terms = list(node.args)
    for term in terms:
        sign, core = term.as_coeff_Mul()
        if sign not in (1, -1) or -sign not in terms:
            continue
        made = _without_one(core, int(sign))
        if made is None:
            continue
        value, rewrite = made
        rest = list(terms)
        rest.remove(term)
        rest.remove(-sign)
        return sp.Add(*rest, sign * value), rewrite
    return None


def _without_one(core: sp.Expr, sign: int):
    """``core - 1`` without cancellation (cited as ``1 - core`` where ``sign`` is -1), for the
    functions that have such a form."""
    if isinstance(core, sigmoid):
        return -sigmoid(-core.args[0]), SIGMOID_MINUS_ONE if sign == 1 else ONE_MINUS_SIGMOID
    if isinstance(core, softmax):
        return expm1(log_softmax(*core.args)), SOFTMAX_MINUS_ONE
    if isinstance(core, sp.exp):
        return expm1(core.args[0]), EXP_MINUS_ONE
    return None


def _logarithms(node: sp.Basic):
    """log σ(u) → -softplus(-u), log softmax → log_softmax, log(1 + x) → log1p(x)."""
    if not isinstance(node, sp.log):
        return None
    (inner,) = node.args
    if isinstance(inner, sigmoid):
        return -softplus(-inner.args[0]), LOG_SIGMOID
    if isinstance(inner, softmax):
        return log_softmax(*inner.args), LOG_SOFTMAX
    if inner.is_Add and 1 in inner.args and not _sum_of_exp(inner):
        return log1p(inner - 1), LOG_ONE_PLUS
    return None


def _weighted_logarithms(node: sp.Basic):
    """xlogy(w, σ(u)) → -w softplus(-u), xlogy(w, softmax) → w log_softmax: the logarithm is
    finite, so the weight needs no convention for 0·(-∞)."""
    if not isinstance(node, xlogy):
        return None
    weight, inner = node.args
    made = _logarithms(sp.log(inner, evaluate=False))
    if made is None or not isinstance(inner, _PROBABILITIES):
        return None
    value, rewrite = made
    return weight * value, rewrite


def _label_split(node: sp.Basic):
    """a·P - b → (a - b)·P + b·(P - 1), for a probability P and a label b: then P - 1 has a
    form without cancellation, where P - b itself loses every digit at P ≈ b ≈ 1. The terms
    in P are collected first: a is the sum of their coefficients."""
    if not node.is_Add:
        return None
    found = {f for t in node.args for f in sp.Mul.make_args(t) if isinstance(f, _PROBABILITIES)}
    if len(found) != 1:
        return None
    (p,) = found
    coefficient = sp.Add(*(t / p for t in node.args if t.has(p)))
    rest = sp.Add(*(t for t in node.args if not t.has(p)))
    if coefficient.has(*_PROBABILITIES) or rest.is_number or not _is_label(rest):
        return None
    label = -rest
    return _grouped_by_labels(coefficient - label) * p + label * (p - 1), LABEL_SPLIT


def _grouped_by_labels(expr: sp.Expr) -> sp.Expr:
    """A coefficient made of labels, with the labels of one weight (up to sign) together:
    (1 - s)(Σ_c y_c - y_j) + s (1 - 1/K), where the expanded form adds 1, s and -1 and keeps
    nothing of s ≪ 1. Left as it is where it holds no label family."""
    expanded = sp.expand(expr)
    families = {
        f
        for t in sp.Add.make_args(expanded)
        for f in sp.Mul.make_args(t)
        if isinstance(f, (sp.Indexed, sp.Sum))
    }
    if not families:
        return expr
    weights = sp.collect(expanded, sorted(families, key=sp.default_sort_key), evaluate=False)
    rest = weights.pop(sp.S.One, sp.S.Zero)
    groups: dict[sp.Expr, list[sp.Expr]] = {}
    for family, weight in weights.items():
        sign = -1 if weight.could_extract_minus_sign() else 1
        groups.setdefault(sign * weight, []).append(sign * family)
    return sp.Add(*(weight * sp.Add(*members) for weight, members in groups.items()), sp.factor_terms(rest))


def _softplus_less_linear(node: sp.Basic):
    """softplus(u) - w u → w softplus(-u) + (1 - w) softplus(u) for a label w (or 1: then
    softplus(-u)), and its negative: softplus(u) and w u are both about u for large u, and
    their difference is all rounding."""
    if not node.is_Add:
        return None
    for term in node.args:
        sign, core = term.as_coeff_Mul()
        if not isinstance(core, softplus) or sign not in (1, -1):
            continue
        (argument,) = core.args
        for other in node.args:
            weight = sp.cancel(-other / (sign * argument))
            free = not weight.free_symbols & argument.free_symbols
            if other is not term and free and (weight == 1 or _is_label(weight)):
                rest = node - term - other
                stable = weight * softplus(-argument) + (1 - weight) * softplus(argument)
                return rest + sign * stable, SOFTPLUS_LESS_LINEAR
    return None


def _zero_log_zero(node: sp.Basic):
    """y log p → xlogy(y, p), y log1p(-p) → xlog1py(y, -p), where the weight y may be 0 and the
    argument may reach 0 (an input probability, a label): the product is then 0, not 0·(-∞)."""
    if not node.is_Mul:
        return None
    for factor in node.args:
        if isinstance(factor, (sp.log, log1p)) and _may_reach_zero(factor):
            weight = node / factor
            if _may_vanish(weight) and not weight.has(sp.log, log1p):
                sign = 1 if _bounds(weight)[0] >= 0 else -1  # a weight as a label reads it: 1 - y
                if isinstance(factor, sp.log):
                    return sign * xlogy(sign * weight, factor.args[0]), XLOGY
                return sign * xlog1py(sign * weight, factor.args[0]), XLOG1PY
    return None


def _may_reach_zero(logarithm: sp.Expr) -> bool:
    """Whether the argument of log (or 1 + that of log1p) can be 0 on its variables' domains."""
    argument = logarithm.args[0] + (1 if isinstance(logarithm, log1p) else 0)
    return _bounds(argument)[0] <= 0


def _split_log(node: sp.Basic):
    """log(a·b/c) → log a + log b - log c, where every factor keeps one sign on its domain
    (a label y in [0, 1] included: then y log y is 0 at y = 0, which log(y/p) is not)."""
    if not isinstance(node, sp.log):
        return None
    factors = sp.Mul.make_args(node.args[0])
    if len(factors) < 2 and not _reciprocal(node.args[0]):
        return None
    logs, sign = [], 1
    for factor in factors:
        base, power = (factor.base, factor.exp) if factor.is_Pow and factor.exp.is_Integer else (factor, 1)
        low, high = _bounds(base)
        if high <= 0:  # a negative factor, as SymPy writes (1 - y)/(1 - p): (y - 1)/(p - 1)
            base, sign = -base, sign * (-1) ** int(power)
        elif low < 0:
            return None
        logs.append(power * sp.log(base))
    return (sp.Add(*logs), LOG_OF_PRODUCT) if sign == 1 else None


def _reciprocal(expr: sp.Expr) -> bool:
    return expr.is_Pow and expr.exp == -1


def _distribute(node: sp.Basic):
    """w·(log a - log b) → w log a - w log b, for a weight w that may be 0."""
    if not node.is_Mul:
        return None
    sums = [f for f in node.args if f.is_Add and f.has(sp.log, log1p)]
    if len(sums) != 1:
        return None
    weight = node / sums[0]
    if not _may_vanish(weight):
        return None
    return sp.Add(*(weight * t for t in sums[0].args)), DISTRIBUTE


def _complement(node: sp.Basic):
    """1 - Σ w_i P_i → Σ w_i (1 - P_i) where the weights sum to 1 (y and 1 - y): then each
    1 - P_i has a form without cancellation."""
    if not node.is_Add or 1 not in node.args:
        return None
    weighted = [t for t in node.args if t.could_extract_minus_sign() and _probability_of(-t) is not None]
    if len(weighted) < 2:
        return None
    weights = [-t / _probability_of(-t) for t in weighted]
    if sp.expand(sp.Add(*weights)) != 1:
        return None
    rest = [t for t in node.args if t != 1 and t not in weighted]
    return sp.Add(*rest, *(w * (1 - _probability_of(-t)) for w, t in zip(weights, weighted, strict=True))), (
        WEIGHTED_COMPLEMENT
    )


def _probability_of(term: sp.Expr) -> sp.Expr | None:
    """The one probability ``term`` weighs: σ, softmax, an input probability p, or 1 - p."""
    found = [f for f in sp.Mul.make_args(term) if _is_probability(f)]
    return found[0] if len(found) == 1 and not _is_probability(term / found[0]) else None


def _is_probability(expr: sp.Expr) -> bool:
    if isinstance(expr, _PROBABILITIES):
        return True
    symbols = [s for s in free_symbols(expr) if isinstance(s, sp.Symbol)]
    return (
        bool(symbols)
        and all(domain_of_symbol(s) is PROBABILITY for s in symbols)
        and not expr.atoms(sp.Function)
        and 0 <= _bounds(expr)[0]
        and _bounds(expr)[1] <= 1
    )


def _label_complement(node: sp.Basic):
    """1 - w·y + r → w·(1 - y) + (1 - w + r) for a label y, where 1 - w + r is one term: the
    smoothed label's complement 1 - (y(1 - s) + s/2) is (1 - s)(1 - y) + s/2."""
    if not node.is_Add or 1 not in node.args:
        return None
    for term in node.args:
        for label in (f for f in sp.Mul.make_args(-term) if _is_label_variable(f)):
            weight = -term / label
            if weight == 1 or weight.has(label) or (not _is_label(weight) and not weight.is_number):
                continue
            remainder = sp.simplify(node - term - 1 + 1 - weight)
            if not remainder.is_Add:
                return weight * (1 - label) + remainder, LABEL_COMPLEMENT
    return None


def _is_label_variable(expr: sp.Expr) -> bool:
    base = expr.base if isinstance(expr, sp.Indexed) else expr
    return isinstance(base, (sp.Symbol, sp.IndexedBase)) and domain_of_symbol(base) is UNIT


def _combine_fractions(node: sp.Basic):
    """-y/p + (1 - y)/(1 - p) → (p - y)/(p (1 - p)): over one denominator the numerator is a
    difference of inputs, exact where they are close, where the two fractions cancel. A
    numerator of more terms would round where they cancel, so those fractions stay apart.

    Terms written with xdivy (0/0 = 0, a weight that vanishes with its denominator) keep
    that meaning where the common denominator is 0: there the sum stays as it was."""
    if not node.is_Add:
        return None
    fractions = [t for t in node.args if _probability_input(_denominator(t))]
    if len(fractions) < 2:
        return None
    separate = sp.Add(*fractions)
    numerator, denominator = sp.fraction(sp.together(separate.replace(xdivy, lambda a, b: a / b)))
    if len(sp.Add.make_args(sp.expand(numerator))) != 2:
        return None  # only a difference of two terms is exact where they are close
    combined = sp.expand(numerator) / denominator
    if separate.has(xdivy):
        combined = sp.Piecewise((separate, sp.Eq(denominator, 0)), (combined, True))
    return node - separate + combined, FRACTION_SUM


def _denominator(term: sp.Expr) -> sp.Expr:
    """What ``term`` divides by: the second argument of an xdivy in it, or its denominator."""
    quotients = [f for f in sp.Mul.make_args(term) if isinstance(f, xdivy)]
    return quotients[0].args[1] if len(quotients) == 1 else sp.fraction(term)[1]


def _bounds(expr: sp.Expr) -> tuple[float, float]:
    """Lower and upper bounds of ``expr`` over the domains of its variables (or ±inf)."""
    try:
        with _interval_precision():
            low, high = (float(mpmath.mp.make_mpf(end)) for end in _interval(expr)._mpi_)
    except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
        return -math.inf, math.inf
    return low, high


RULES: tuple[Rule, ...] = (
    _definitions,
    _split_log,
    _one_minus,
    _logarithms,
    _weighted_logarithms,
    _softplus_less_linear,
    _complement,
    _label_complement,
    _label_split,
    _combine_fractions,
    _distribute,
    _zero_log_zero,
)
r"""The rules, tried in this order at every node. Each takes a node and returns it rewritten
with the [`Rewrite`][xentsym.stabilize.Rewrite] it used, or None where it does not apply; for
example, $\log \sigma(u) \to -\operatorname{softplus}(-u)$.

Examples:
    >>> import sympy as sp
    >>> from xentsym.functions import sigmoid
    >>> from xentsym.stabilize import RULES
    >>> from xentsym.symbols import z
    >>> made = [rule(sp.log(sigmoid(z))) for rule in RULES]
    >>> [(expr, str(rewrite)) for expr, rewrite in filter(None, made)]
    [(-softplus(-z), 'log of σ as softplus, never log 0')]
"""


# --- bounds over the domains ---------------------------------------------------------------

_RANGES = {sigmoid: (0, 1), softmax: (0, 1), softplus: (0, math.inf), log_softmax: (-math.inf, 0)}


@contextmanager
def _interval_precision():
    saved = iv.prec
    iv.prec = 53
    try:
        yield
    finally:
        iv.prec = saved


def _interval(expr: sp.Expr):
    """An interval holding every value of ``expr`` over its variables' domains."""
    if expr.is_Number:
        return iv.mpf(float(expr))
    if isinstance(expr, (sp.Symbol, sp.Indexed)):
        domain = domain_of_symbol(expr.base if isinstance(expr, sp.Indexed) else expr)
        return iv.mpf([domain.low, domain.high])
    if type(expr) in _RANGES:
        return iv.mpf(list(_RANGES[type(expr)]))
    if expr.is_Add:
        return sum((_interval(a) for a in expr.args), iv.mpf(0))
    if expr.is_Mul:
        product = iv.mpf(1)
        for a in expr.args:
            product *= _interval(a)
        return product
    if expr.is_Pow and expr.exp.is_Integer:
        return _interval(expr.base) ** int(expr.exp)
    if isinstance(expr, sp.exp):
        return iv.exp(_interval(expr.args[0]))
    if isinstance(expr, sp.Abs):
        return abs(_interval(expr.args[0]))
    return iv.mpf(["-inf", "inf"])


# --- rewriting ----------------------------------------------------------------------------


def _rewrite(expr: sp.Basic, used: dict[Rewrite, None]) -> sp.Basic:
    """``expr`` rewritten bottom-up: the children first, then the node, rule after rule."""
    if isinstance(expr, sp.Piecewise):  # the first cases are where a combined quotient is 0/0
        *cases, (general, everywhere) = expr.args
        expr = sp.Piecewise(*cases, (_rewrite(general, used), everywhere))
    elif expr.args and not isinstance(expr, (sp.Indexed, sp.IndexedBase)):
        expr = expr.func(*(_rewrite(a, used) for a in expr.args))
    for _ in range(10):
        for rule in RULES:
            made = rule(expr)
            if made is not None:
                expr, rewrite = made
                used[rewrite] = None
                break
        else:
            return expr
    return expr


def _hazards(expr: sp.Expr) -> tuple[str, ...]:
    """What the stable form still computes unsafely: an exponential that can overflow, a
    logarithm or a division of something that can underflow to 0."""
    found = []
    risky = (sp.exp, *_PROBABILITIES)
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.exp) and not _bounds(node.args[0])[1] <= 709:
            found.append(f"{sp.sstr(node)} overflows once its argument passes 709")
        elif isinstance(node, sp.log) and node.args[0].has(*risky):
            found.append(f"{sp.sstr(node)} is -inf where its argument underflows to 0")
        elif isinstance(node, (xlogy, xlog1py)) and node.args[1].has(*risky):
            found.append(f"{sp.sstr(node)} takes a log of what may underflow to 0")
        elif node.is_Pow and node.exp.is_negative and node.base.has(*risky):
            found.append(f"{sp.sstr(node)} divides by a value that may underflow to 0")
    return tuple(dict.fromkeys(found))


def stabilize(expr: sp.Expr) -> Stabilized:
    r"""The stable form of ``expr``, with the rewrites used and the hazards left.

    The rules ([`RULES`][xentsym.stabilize.RULES]) rewrite each node bottom-up until none
    applies. The binary cross-entropy on logits, for one, becomes two terms of one sign:

    $$-\bigl(y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))\bigr)
    = y \operatorname{softplus}(-z) + (1 - y) \operatorname{softplus}(z).$$

    Framework names:
        The stable form that ``tf.nn.sigmoid_cross_entropy_with_logits``,
        ``torch.nn.functional.binary_cross_entropy_with_logits`` and ``optax.sigmoid_binary_cross_entropy``
        compute by hand; as a rewriting pass, ``sympy.codegen.rewriting.optimize``.

    Examples:
        >>> from xentsym.losses import binary_crossentropy_from_logits
        >>> from xentsym.stabilize import stabilize
        >>> made = stabilize(binary_crossentropy_from_logits())
        >>> made.expr
        y*softplus(-z) + (1 - y)*softplus(z)
        >>> [str(rewrite) for rewrite in made.rewrites]
        ['log of σ as softplus, never log 0', 'symmetry of σ, no cancellation']
    """
    used: dict[Rewrite, None] = {}
    current = sp.sympify(expr)
    for _ in range(20):
        new = _rewrite(sp.expand_log(current), used)
        if new == current:
            break
        current = new
    return Stabilized(sp.sympify(expr), current, tuple(used), _hazards(current))
