"""Random formulas: verify() never refutes a true rewrite and never proves a false one.

Each pair is built from random expressions over the toolkit's vocabulary (σ, softplus, log,
exp, tanh, sums, products, small powers, decimals, labels, probabilities, softmax and friends
over a symbolic class count K, sums with varied limits, Kronecker deltas) and one rewrite
whose truth is known by construction. A formula is built twice, as the text a user types and
as the SymPy expression a program builds, and each side of a pair goes to verify() in one of
the two spellings, so the parser and the SymPy path are checked against each other too.

"undecided" is always an acceptable answer; the properties are about soundness: a true
identity is never "refuted", a false one never "proved", and a refutation names a point of
the variables' domains where the two sides differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xentsym import verify
from xentsym.functions import log_softmax, logsumexp, sigmoid, softmax, softplus
from xentsym.symbols import INDEX, domain_of

TIMEOUT = 10
SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, database=None)

# --- formulas in two spellings ----------------------------------------------------------


@dataclass(frozen=True)
class F:
    """A formula as typed (``text``) and as built in SymPy (``expr``): the same mathematics."""

    text: str
    expr: sp.Expr

    def __add__(self, other: F) -> F:
        return F(f"({self.text}) + ({other.text})", self.expr + other.expr)

    def __sub__(self, other: F) -> F:
        return F(f"({self.text}) - ({other.text})", self.expr - other.expr)

    def __mul__(self, other: F) -> F:
        return F(f"({self.text})*({other.text})", self.expr * other.expr)

    def __truediv__(self, other: F) -> F:
        return F(f"({self.text})/({other.text})", self.expr / other.expr)

    def __pow__(self, n: int) -> F:
        return F(f"({self.text})**{n}", self.expr**n)

    def __neg__(self) -> F:
        return F(f"-({self.text})", -self.expr)


FUNCTIONS = {"sigmoid": sigmoid, "softplus": softplus, "exp": sp.exp, "log": sp.log, "tanh": sp.tanh}
HOLE, IDX = sp.Symbol("HOLE"), sp.Symbol("IDX")  # placeholders, never names of a formula
Z, Y = sp.IndexedBase("z"), sp.IndexedBase("y")
c, j, K = sp.symbols("c j K")  # plain symbols: verify() gives them the domains of their names


def name(text: str) -> F:
    return F(text, sp.Symbol(text))


def number(text: str) -> F:
    """An integer or a decimal literal; SymPy spells it as the exact rational it stands for."""
    return F(text, sp.Rational(text))


def call(function: str, *args: F) -> F:
    return F(f"{function}({', '.join(a.text for a in args)})", FUNCTIONS[function](*(a.expr for a in args)))


def plug(context: F, inner: F) -> F:
    """``context`` with its HOLE filled by ``inner``."""
    return F(context.text.replace("HOLE", f"({inner.text})"), context.expr.xreplace({HOLE: inner.expr}))


def at(summand: F, index: F) -> F:
    """A class-indexed ``summand`` (written with IDX) at the class ``index``."""
    return F(summand.text.replace("IDX", index.text), summand.expr.xreplace({IDX: index.expr}))


def class_sum(summand: F, low: F, high: F) -> F:
    text = f"Sum({at(summand, C).text}, (c, {low.text}, {high.text}))"
    return F(text, sp.Sum(at(summand, C).expr, (c, low.expr, high.expr)))


def delta(a: F, b: F) -> F:
    return F(f"KroneckerDelta({a.text}, {b.text})", sp.KroneckerDelta(a.expr, b.expr))


def softmax_at(index: F) -> F:
    return F(f"softmax(z, {index.text}, K)", softmax(Z, index.expr, K))


def derivative(f: F, variable: F) -> F:
    return F(f"diff({f.text}, {variable.text})", sp.Derivative(f.expr, variable.expr))


ONE, C, J, KK, IDX_F = number("1"), name("c"), name("j"), name("K"), F("IDX", IDX)
LIMITS = {  # the limits of a sum over classes, as (first, last)
    "1..K": (ONE, KK),
    "2..K": (number("2"), KK),
    "1..K-1": (ONE, F("K - 1", K - 1)),
    "1..3": (ONE, number("3")),
}


def spelled(pair: tuple[F, F], as_text: tuple[bool, bool]) -> tuple[str | sp.Expr, str | sp.Expr]:
    return tuple(f.text if text else f.expr for f, text in zip(pair, as_text, strict=True))


def as_given(pairs: st.SearchStrategy[tuple[F, F]]) -> st.SearchStrategy:
    """Pairs of formulas, each side spelled as text or as a SymPy expression."""
    return st.builds(spelled, pairs, st.tuples(st.booleans(), st.booleans()))


# --- random expressions -------------------------------------------------------------------

SCALARS = ("a", "b", "x", "u", "y", "p")  # reals, a label in [0, 1], a probability
CONTEXT_SCALARS = ("a", "b", "x", "u")  # where y and z are class families
NUMBERS = ("1", "2", "3", "0.25", "1e-3", "2.5", "0.1", "-1.5")


def expressions(depth: int = 2, exps: int = 1, names: tuple[str, ...] = SCALARS) -> st.SearchStrategy[F]:
    """Real expressions that are defined everywhere, with at most ``exps`` nested exponentials.

    The referee evaluates at x = ±30 and beyond, and σ, softplus and tanh are exponentials too
    when it evaluates them: a third nested one (σ(exp(exp(x)))) exhausts its memory. So random
    formulas hold at most two, counting what a context puts around them.
    """
    leaves = st.one_of(st.sampled_from(names).map(name), st.sampled_from(NUMBERS).map(number))
    if depth == 0:
        return leaves
    smaller = expressions(depth - 1, exps, names)
    options = [
        leaves,
        st.builds(call, st.sampled_from(("sigmoid", "softplus", "tanh")), smaller),
        st.builds(lambda f: call("log", f), positives(depth - 1, exps, names)),
        st.builds(F.__add__, smaller, smaller),
        st.builds(F.__sub__, smaller, smaller),
        st.builds(F.__mul__, smaller, smaller),
        st.builds(F.__truediv__, smaller, positives(depth - 1, exps, names)),
        st.builds(F.__pow__, smaller, st.integers(2, 3)),
    ]
    if exps:
        options.append(st.builds(lambda f: call("exp", f), expressions(depth - 1, exps - 1, names)))
    return st.one_of(options)


def positives(depth: int = 1, exps: int = 1, names: tuple[str, ...] = SCALARS) -> st.SearchStrategy[F]:
    """Expressions that are positive everywhere."""
    inner = expressions(depth, 0, names)
    options = [
        st.just(name("p")) if "p" in names else st.just(number("2")),
        st.builds(lambda f: call("sigmoid", f), inner),
        st.builds(lambda f: call("softplus", f), inner),
        st.builds(lambda f: number("1") + f**2, inner),
    ]
    if exps:
        options.append(st.builds(lambda f: call("exp", f), inner))
    return st.one_of(options)


def contexts(
    injective: bool, names: tuple[str, ...] = SCALARS, exponential: bool = True
) -> st.SearchStrategy[F]:
    """Formulas with a HOLE; an injective one maps different values to different values."""
    hole = name("HOLE")
    e, pos = expressions(1, 0, names), positives(0, 0, names)
    one_to_one = [
        st.just(hole),
        st.builds(lambda f: hole + f, e),
        st.builds(lambda f: f - hole, e),
        st.builds(lambda f: hole * f, pos),
        st.builds(lambda f: hole / f, pos),
        st.just(hole**3),
    ]
    if exponential:
        one_to_one += [st.just(call(f, hole)) for f in ("exp", "softplus", "sigmoid")]
    if injective:
        return st.one_of(one_to_one)
    return st.one_of(*one_to_one, st.builds(lambda f: hole * f, e), st.just(hole**2))


def summands(positive: bool) -> st.SearchStrategy[F]:
    """A term of a class sum, written with IDX for its class: f(z[IDX]), times y[IDX] at times."""
    entry = F("z[IDX]", Z[IDX])
    affine = st.builds(
        lambda a, b: F(f"{a.text}*{entry.text}", a.expr * entry.expr) + b,
        st.sampled_from(("1", "2", "0.5", "-3")).map(number),
        expressions(1, 0, CONTEXT_SCALARS),
    )
    term = st.builds(call, st.sampled_from(("exp", "sigmoid", "softplus")), affine)
    if positive:
        return term
    label = F("y[IDX]", Y[IDX])
    return st.one_of(term, st.builds(lambda t: label * t, term))


def decimals(min_fraction_digits: int = 1) -> st.SearchStrategy[str]:
    """Decimal literals: 0.25, 17.0000000000000001, 3.5e-40, 12e7."""
    return st.builds(
        lambda whole, fraction, exponent: (
            (f"{whole}.{fraction}" if fraction else str(whole)) + ("" if exponent is None else f"e{exponent}")
        ),
        st.integers(0, 999),
        st.text("0123456789", min_size=min_fraction_digits, max_size=22),
        st.none() | st.integers(-40, 40),
    )


def exactly(decimal: str, style: int) -> F:
    """A decimal literal's exact value, written without a decimal point."""
    value = Fraction(decimal)
    n, d = value.numerator, value.denominator
    text = [f"{n}/{d}", f"Rational({n}, {d})", f"{n}*{d}**-1"][style]
    return F(text, sp.Rational(n, d))


# --- pairs equal by construction ----------------------------------------------------------

U0 = expressions(2, 0)  # arguments that get an exponential of their own


def scalar_rewrites() -> st.SearchStrategy[tuple[F, F]]:
    u, v = expressions(2, 1), U0
    one = number("1")
    return st.one_of(
        st.builds(lambda f: (one - call("sigmoid", f), call("sigmoid", -f)), u),
        st.builds(lambda f: (-call("log", call("sigmoid", f)), call("softplus", -f)), u),
        st.builds(lambda f: (call("log", call("exp", f)), f), v),
        st.builds(lambda f, g: (call("exp", f + g), call("exp", f) * call("exp", g)), v, v),
        st.builds(lambda f: (call("softplus", f) - call("softplus", -f), f), u),
        st.builds(lambda f: (call("sigmoid", f), one / (one + call("exp", -f))), v),
        st.builds(lambda f, g: ((f + g) ** 2, f**2 + number("2") * f * g + g**2), u, u),
        st.builds(lambda f: (call("tanh", f), number("2") * call("sigmoid", number("2") * f) - one), v),
    )


def chain_rules() -> st.SearchStrategy[tuple[F, F]]:
    """d/dx F(u) = F'(u)·du/dx, with the inner derivative left for verify() to take."""
    outer = {
        "sigmoid": lambda f: call("sigmoid", f) * (number("1") - call("sigmoid", f)),
        "softplus": lambda f: call("sigmoid", f),
        "exp": lambda f: call("exp", f),
        "tanh": lambda f: number("1") - call("tanh", f) ** 2,
    }
    x = name("x")
    inner = st.builds(
        lambda ctx, f, g: plug(ctx, x * f + g),
        contexts(False, exponential=False),
        expressions(1, 0),
        expressions(1, 0),
    )
    return st.builds(
        lambda g, f: (derivative(call(g, f), x), outer[g](f) * derivative(f, x)),
        st.sampled_from(sorted(outer)),
        inner,
    )


def class_rewrites() -> st.SearchStrategy[tuple[F, F]]:
    first_split = st.builds(
        lambda f, limits: (
            class_sum(f, *limits),
            at(f, limits[0]) + class_sum(f, F(f"{limits[0].text} + 1", limits[0].expr + 1), limits[1]),
        ),
        summands(positive=False),
        st.sampled_from(sorted(LIMITS)).map(LIMITS.get),
    )
    sift = st.builds(
        lambda f, swap: (class_sum((delta(J, IDX_F) if swap else delta(IDX_F, J)) * f, ONE, KK), at(f, J)),
        summands(positive=False),
        st.booleans(),
    )
    return st.one_of(
        st.just((class_sum(softmax_at(IDX_F), ONE, KK), ONE)),
        sift,
        first_split,
        st.just(
            (
                F("log_softmax(z, j, K)", log_softmax(Z, j, K)),
                F("z[j]", Z[j]) - F("logsumexp(z, K)", logsumexp(Z, K)),
            )
        ),
        st.just(
            (
                F("logsumexp(z, K)", logsumexp(Z, K)),
                call("log", class_sum(call("exp", F("z[IDX]", Z[IDX])), ONE, KK)),
            )
        ),
        st.just((call("log", softmax_at(J)), F("log_softmax(z, j, K)", log_softmax(Z, j, K)))),
    )


def in_context(pairs: st.SearchStrategy[tuple[F, F]], injective: bool, names=SCALARS):
    return st.builds(
        lambda pair, ctx: (plug(ctx, pair[0]), plug(ctx, pair[1])), pairs, contexts(injective, names)
    )


# --- pairs made unequal ---------------------------------------------------------------------

W = name("w")  # a variable no random expression uses: u + w is not identically zero


def scalar_breakages() -> st.SearchStrategy[tuple[F, F]]:
    e, pos = expressions(2, 1), positives(1, 1)
    return st.one_of(
        st.builds(lambda f: (f, -f), pos),
        st.builds(lambda f, eps: (f + number(eps), f), e, st.sampled_from(("1e-6", "1e-30", "1e-300"))),
        st.builds(lambda f: (call("sigmoid", f + W), call("sigmoid", -(f + W))), e),
        st.builds(lambda f, g: (f + g, f), e, pos),
        st.builds(lambda f, g: (call("exp", f + g), call("exp", f) + call("exp", g)), U0, U0),
        st.builds(lambda f: (number("1") - call("sigmoid", f + W), call("sigmoid", f + W)), e),
    )


def seventeenth_digit_changed() -> st.SearchStrategy[tuple[str, str]]:
    """Two decimals that differ only in their 17th significant digit."""

    def change(whole, fraction, exponent, step):
        digits = list(fraction)
        digits[15] = str((int(digits[15]) + step) % 10)
        tail = "" if exponent is None else f"e{exponent}"
        return f"{whole}.{fraction}{tail}", f"{whole}.{''.join(digits)}{tail}"

    return st.builds(
        change,
        st.integers(1, 9),
        st.text("0123456789", min_size=16, max_size=22),
        st.none() | st.integers(-30, 30),
        st.integers(1, 9),
    )


def class_breakages() -> st.SearchStrategy[tuple[F, F]]:
    wrong_limits = st.sampled_from(("2..K", "1..K-1", "1..3")).map(LIMITS.get)
    return st.one_of(
        st.builds(
            lambda f, high: (class_sum(f, ONE, high), class_sum(f, number("2"), high)),
            summands(positive=True),
            st.sampled_from((KK, LIMITS["1..K-1"][1], number("3"))),
        ),
        st.builds(
            lambda f, limits: (class_sum(delta(IDX_F, J) * f, *limits), at(f, J)),
            summands(positive=True),
            wrong_limits,
        ),
        st.builds(lambda limits: (class_sum(softmax_at(IDX_F), *limits), ONE), wrong_limits),
        st.builds(lambda f: (class_sum(f, ONE, KK), at(f, ONE)), summands(positive=True)),
    )


# --- the properties -------------------------------------------------------------------------


def _shown(result) -> str:
    """The verdict in words, without printing the counterexample's values."""
    return f"{result.status}: {result.method} {result.counterexample!r}"


def assert_not_refuted(lhs, rhs) -> None:
    result = verify(lhs, rhs, timeout=TIMEOUT)
    assert result.status in ("proved", "undecided"), _shown(result)
    assert result.holds == (result.status == "proved")


def assert_not_proved(lhs, rhs) -> None:
    result = verify(lhs, rhs, timeout=TIMEOUT)
    assert result.status in ("refuted", "undecided"), _shown(result)
    assert not result.holds
    if result.status == "refuted":
        example = result.counterexample
        assert example is not None and example.lhs != example.rhs, _shown(result)
        for variable, value in example.point.items():
            domain = domain_of(variable.split("[")[0])
            assert domain.contains(value), f"{variable} = {value} lies outside its domain"
            if domain is INDEX and "K" in example.point:
                assert value <= example.point["K"], f"{variable} = {value} is not a class of K"
    else:
        assert result.counterexample is None


@settings(SETTINGS, max_examples=30)
@given(as_given(in_context(scalar_rewrites(), injective=False)))
@example(("(exp(30*z) + 1)**2", "exp(60*z) + 2*exp(30*z) + 1"))
@example(("diff(-log(exp(a)/(exp(a)+exp(b)+exp(d))), b)", "exp(b)/(exp(a)+exp(b)+exp(d))"))
@example(("-log(sigmoid(z))", "softplus(-z)"))
def test_a_true_rewrite_of_a_real_expression_is_never_refuted(pair):
    """σ, softplus, log∘exp, exp of a sum, binomials: true everywhere, in any context."""
    assert_not_refuted(*pair)


@settings(SETTINGS, max_examples=12)
@given(as_given(in_context(chain_rules(), injective=False)))
def test_the_chain_rule_is_never_refuted(pair):
    """Derivatives are taken symbolically by the prover and by finite differences by the
    referee; a true chain rule must survive both."""
    assert_not_refuted(*pair)


@SETTINGS
@given(as_given(in_context(class_rewrites(), injective=False, names=CONTEXT_SCALARS)))
@example(("Sum(softmax(z, c, K), (c, 1, K))", "1"))
@example(("Sum(KroneckerDelta(c, j)*exp(z[c]), (c, 1, K))", "exp(z[j])"))
@example(("Sum(sigmoid(z[c]), (c, 1, K - 1))", "sigmoid(z[1]) + Sum(sigmoid(z[c]), (c, 2, K - 1))"))
def test_a_true_rewrite_over_classes_is_never_refuted(pair):
    """Σ softmax = 1, δ-sifting over 1..K, splitting off a sum's first term for any limits
    (SymPy's convention for reversed limits makes that exact), log_softmax, logsumexp."""
    assert_not_refuted(*pair)


@SETTINGS
@given(st.tuples(decimals(), st.integers(0, 2)))
@example(("0.5", 0))
@example(("1e-3", 1))
@example(("1.00000000000000001", 0))
def test_a_decimal_equals_the_fraction_it_spells(case):
    """A decimal literal is the exact rational it spells, at any number of digits."""
    text, style = case
    value = exactly(text, style)
    assert_not_refuted(f"{text}*w + 1", f"({value.text})*w + 1")
    assert_not_refuted(f"{text}*w + 1", value.expr * sp.Symbol("w") + 1)


@settings(SETTINGS, max_examples=50)
@given(expressions(3, 1))
def test_a_formula_typed_and_the_same_formula_built_in_sympy_are_equal(f):
    """Text and SymPy objects mean the same thing: decimals exact, names with their domains."""
    assert_not_refuted(f.text, f.expr)


@settings(SETTINGS, max_examples=30)
@given(as_given(in_context(scalar_breakages(), injective=True)))
@example(("1.00000000000000001*z", "z"))
@example(("(exp(30*z) + 1)**2", "exp(60*z) + 2*exp(30*z) + 1 + 1e-30"))
@example(("diff(-log(exp(a)/(exp(a)+exp(b)+exp(d))), b)", "exp(b)/(exp(a)+exp(b)+exp(d)) - 1"))
def test_a_broken_rewrite_of_a_real_expression_is_never_proved(pair):
    """A flipped sign, a tiny added constant, σ(u) for σ(−u), a dropped term, exp(a)+exp(b) for
    exp(a+b): false somewhere in every injective context."""
    assert_not_proved(*pair)


@SETTINGS
@given(seventeenth_digit_changed(), expressions(1, 1))
def test_decimals_that_differ_in_the_17th_digit_are_never_proved_equal(decimals_pair, f):
    """Beyond double precision, decimals still differ: the parser keeps every digit."""
    first, second = decimals_pair
    assert_not_proved(f"{f.text} + {first}*w", f"{f.text} + {second}*w")


@settings(SETTINGS, max_examples=30)
@given(as_given(in_context(class_breakages(), injective=True, names=CONTEXT_SCALARS)))
@example(("Sum(KroneckerDelta(c, j)*z[c], (c, 2, K))", "z[j]"))
@example(("Sum(softmax(z, c, K), (c, 2, K))", "1"))
@example(("Sum(KroneckerDelta(c, j)*exp(z[c]), (c, 1, 3))", "exp(z[j])"))
def test_a_broken_rewrite_over_classes_is_never_proved(pair):
    """A sum over 2..K, 1..K−1 or 1..3 must not sift or add up to 1, and a lower limit
    moved from 1 to 2 loses a term."""
    assert_not_proved(*pair)
