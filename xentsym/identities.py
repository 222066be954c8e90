"""The rules derivations cite, each an identity stated once as SymPy expressions.

A rule's formula on a page is printed from its identity, never typed by hand, and the
tests prove every identity here (`IDENTITIES`) with `xentsym.verify`. The
derivative rule of each named function is built from the function's own derivative
(``fdiff``), so proving it checks the function class itself against its definition.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from . import functions as named
from .symbols import K, c, i, indexed, j, symbol, y

__all__ = [
    "CONSTANT_FACTOR",
    "DISTRIBUTIVITY",
    "EXP_MINUS_ONE",
    "EXP_OF_SUM",
    "EXP_RULE",
    "FRACTION_SUM",
    "IDENTITIES",
    "INDEPENDENT_LOGITS",
    "LABEL_COMPLEMENT",
    "LABEL_SPLIT",
    "LOG_OF_PRODUCT",
    "LOG_ONE_PLUS",
    "LOG_RULE",
    "LOG_SIGMOID",
    "LOG_SOFTMAX",
    "LOG_SUM_EXP",
    "POWER_RULE",
    "PRODUCT_RULE",
    "SIFTING",
    "SIGMOID_AS_RATIO",
    "SIGMOID_DEFINITION",
    "SIGMOID_MINUS_ONE",
    "SIGMOID_SYMMETRY",
    "SOFTMAX_DEFINITION",
    "SOFTMAX_MINUS_ONE",
    "SOFTMAX_OF_TWO",
    "SOFTMAX_TOTAL",
    "SOFTPLUS_DEFINITION",
    "SOFTPLUS_LESS_LINEAR",
    "SUM_LINEARITY",
    "SUM_RULE",
    "WEIGHTED_COMPLEMENT",
    "XLOG1PY",
    "XLOGY",
    "Identity",
    "Rule",
    "derivative_rule",
]


@dataclass(frozen=True)
class Identity:
    """``lhs = rhs``, under the side conditions ``given`` ((lhs, rhs) pairs)."""

    lhs: sp.Expr
    rhs: sp.Expr
    given: tuple[tuple[sp.Expr, sp.Expr], ...] = ()


@dataclass(frozen=True)
class Rule:
    r"""Why a step (of a derivation, or of the stabilizer) holds: a few words, and the identity
    used, if it is one, such as $\sigma'(u) = \sigma(u)(1 - \sigma(u))$.

    Examples:
        >>> from xentsym.derive import Rule
        >>> str(Rule("symmetry of σ"))
        'symmetry of σ'
    """

    words: str
    """The rule as a reader sees it beside a step."""
    identity: Identity | None = None
    r"""The identity it applies, $\text{lhs} = \text{rhs}$ (proved once in the tests), or None
    for words alone ("algebra")."""

    def __str__(self) -> str:
        return self.words


def _d(expr: sp.Expr, *variables) -> sp.Derivative:
    return sp.Derivative(expr, *variables, evaluate=False)


u, x, a = symbol("u"), symbol("x"), symbol("a")
n = symbol("n")
f, g = sp.Function("f"), sp.Function("g")
Z, F = indexed("z"), indexed("f")

# Differentiation, one layer at a time.
SUM_RULE = Identity(_d(f(x) + g(x), x), _d(f(x), x) + _d(g(x), x))
CONSTANT_FACTOR = Identity(_d(a * f(x), x), a * _d(f(x), x))
PRODUCT_RULE = Identity(_d(f(x) * g(x), x), _d(f(x), x) * g(x) + f(x) * _d(g(x), x))
POWER_RULE = Identity(_d(f(x) ** n, x), n * f(x) ** (n - 1) * _d(f(x), x))
LOG_RULE = Identity(_d(sp.log(f(x)), x), _d(f(x), x) / f(x))
EXP_RULE = Identity(_d(sp.exp(f(x)), x), sp.exp(f(x)) * _d(f(x), x))
SUM_LINEARITY = Identity(_d(sp.Sum(f(c, x), (c, 1, K)), x), sp.Sum(_d(f(c, x), x), (c, 1, K)))
INDEPENDENT_LOGITS = Identity(_d(Z[c], Z[j]), sp.KroneckerDelta(c, j))

# The sum algebra.
SIFTING = Identity(sp.Sum(sp.KroneckerDelta(c, j) * F[c], (c, 1, K)), F[j])
SOFTMAX_TOTAL = Identity(sp.Sum(named.softmax(Z, c, K), (c, 1, K)), sp.S.One)

# Facts about the named functions.
SIGMOID_DEFINITION = Identity(named.sigmoid(u), 1 / (1 + sp.exp(-u)))
SIGMOID_SYMMETRY = Identity(1 - named.sigmoid(u), named.sigmoid(-u))
SIGMOID_MINUS_ONE = Identity(named.sigmoid(u) - 1, -named.sigmoid(-u))
LOG_SIGMOID = Identity(sp.log(named.sigmoid(u)), -named.softplus(-u))
SOFTPLUS_DEFINITION = Identity(named.softplus(u), sp.log(1 + sp.exp(u)))
SOFTMAX_OF_TWO = Identity(named.softmax(Z, 1, 2), named.sigmoid(Z[1] - Z[2]))
SOFTMAX_DEFINITION = Identity(named.softmax(Z, j, K), sp.exp(Z[j]) / sp.Sum(sp.exp(Z[c]), (c, 1, K)))
LOG_SOFTMAX = Identity(sp.log(named.softmax(Z, j, K)), named.log_softmax(Z, j, K))
LOG_SUM_EXP = Identity(sp.log(sp.Sum(sp.exp(Z[c]), (c, 1, K))), named.logsumexp(Z, K))
SOFTMAX_MINUS_ONE = Identity(named.softmax(Z, j, K) - 1, expm1(named.log_softmax(Z, j, K)))
EXP_OF_SUM = Identity(sp.exp(u + a), sp.exp(a) * sp.exp(u))
EXP_MINUS_ONE = Identity(sp.exp(u) - 1, expm1(u))
LOG_ONE_PLUS = Identity(sp.log(1 + x), log1p(x))
XLOGY = Identity(y * sp.log(symbol("p")), named.xlogy(y, symbol("p")))
XLOG1PY = Identity(y * log1p(-symbol("p")), named.xlog1py(y, -symbol("p")))
# A difference of a probability and a label, written without cancellation: P - b at P ≈ b.
LABEL_SPLIT = Identity(a * symbol("P") - x, (a - x) * symbol("P") + x * (symbol("P") - 1))
DISTRIBUTIVITY = Identity(a * (u + x), a * u + a * x)
LOG_OF_PRODUCT = Identity(sp.log(symbol("p") / symbol("q")), sp.log(symbol("p")) - sp.log(symbol("q")))
# Weights that sum to one take the complement inside: 1 - (y P + (1 - y) Q).
WEIGHTED_COMPLEMENT = Identity(
    1 - (y * symbol("P") + (1 - y) * symbol("Q")), y * (1 - symbol("P")) + (1 - y) * (1 - symbol("Q"))
)
# The complement of a scaled label: 1 - (1 - s) y - s/2 is (1 - s)(1 - y) + s/2, no cancellation.
LABEL_COMPLEMENT = Identity(1 - a * y + x, a * (1 - y) + (1 - a + x))
FRACTION_SUM = Identity(
    a / symbol("p") + x / symbol("q"), (a * symbol("q") + x * symbol("p")) / (symbol("p") * symbol("q"))
)
# A label's share of softplus(u) - u: softplus(u) - y u, both terms non-negative.
SOFTPLUS_LESS_LINEAR = Identity(
    named.softplus(u) - y * u, y * named.softplus(-u) + (1 - y) * named.softplus(u)
)
SIGMOID_AS_RATIO = Identity(sp.exp(u) * named.sigmoid(-u), named.sigmoid(u))


def _arguments(function: type[sp.Function]) -> tuple[sp.Expr, ...]:
    """Arguments that read naturally: logits and a class, a label and a probability, or u."""
    arity = function.nargs.args[0]
    if issubclass(function, named._ClassAxisFunction):
        return (Z, K) if arity == 2 else (Z, j, K)
    return (y, symbol("p")) if arity == 2 else (u,)


def derivative_rule(function: type[sp.Function]) -> Identity:
    """The derivative of a named function, as its class states it (``fdiff``, or
    ``partial`` for a function of the whole logit vector)."""
    args = _arguments(function)
    value = function(*args)
    variable = Z[i] if issubclass(function, named._ClassAxisFunction) else args[-1]
    return Identity(_d(value, variable), value.diff(variable))


IDENTITIES: tuple[Identity, ...] = (
    SUM_RULE,
    CONSTANT_FACTOR,
    PRODUCT_RULE,
    POWER_RULE,
    LOG_RULE,
    EXP_RULE,
    SUM_LINEARITY,
    INDEPENDENT_LOGITS,
    SIFTING,
    SOFTMAX_TOTAL,
    SIGMOID_DEFINITION,
    SIGMOID_SYMMETRY,
    SIGMOID_MINUS_ONE,
    LOG_SIGMOID,
    SOFTPLUS_DEFINITION,
    SOFTMAX_OF_TWO,
    SOFTMAX_DEFINITION,
    LOG_SOFTMAX,
    LOG_SUM_EXP,
    SOFTMAX_MINUS_ONE,
    EXP_OF_SUM,
    EXP_MINUS_ONE,
    LOG_ONE_PLUS,
    XLOGY,
    XLOG1PY,
    LABEL_SPLIT,
    DISTRIBUTIVITY,
    LOG_OF_PRODUCT,
    WEIGHTED_COMPLEMENT,
    LABEL_COMPLEMENT,
    FRACTION_SUM,
    SOFTPLUS_LESS_LINEAR,
    SIGMOID_AS_RATIO,
    *(derivative_rule(function) for function in named.NAMED_FUNCTIONS.values()),
)
"""Every identity above, and the derivative rule of every named function."""
