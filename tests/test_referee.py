"""The numeric referee, and verify's verdicts on the identities that used to fool it."""

import mpmath
import pytest
import sympy as sp

from xentsym import verify
from xentsym.functions import sigmoid
from xentsym.prove import prove
from xentsym.referee import MIN_POINTS, referee
from xentsym.symbols import K, c, indexed, j, symbol, y, z

Z = indexed("z")

# (lhs, rhs, given, the verdict a correct verifier gives)
VERDICTS = [
    # Sifting over 2..K is wrong at j = 1.
    (
        "logsumexp(z, K) - Sum(KroneckerDelta(c, j)*z[c], (c, 2, K))",
        "logsumexp(z, K) - z[j]",
        None,
        "refuted",
    ),
    ("Sum(KroneckerDelta(c, j)*z[c], (c, 1, K - 1))", "z[j]", None, "refuted"),  # wrong at j = K
    ("Sum(KroneckerDelta(c, j)*z[c], (c, 1, K))", "z[j]", None, "proved"),
    # A decimal is exact: this one differs from 1 in the 17th digit.
    ("1.00000000000000001*z", "z", None, "refuted"),
    ("0.1*z", "z/10", None, "proved"),
    # Huge but equal values: a relative comparison.
    ("(exp(30*z) + 1)**2", "exp(60*z) + 2*exp(30*z) + 1", None, "proved"),
    # The difference is a constant: no variable is left in lhs - rhs, yet the sides differ.
    ("diff(-log(exp(a)/(exp(a)+exp(b)+exp(d))), b)", "exp(b)/(exp(a)+exp(b)+exp(d)) - 1", None, "refuted"),
    ("diff(-log(exp(a)/(exp(a)+exp(b)+exp(d))), b)", "exp(b)/(exp(a)+exp(b)+exp(d))", None, "proved"),
    # A literal class count is written out.
    ("softmax(z, 1, 2)", "sigmoid(z[1] - z[2])", None, "proved"),
    ("softmax(z, 1, 2)", "sigmoid(z[2] - z[1])", None, "refuted"),
    # 0**0 = 1, which SymPy's simplify forgets.
    ("0**(1 - y)", "0", None, "refuted"),
    # Most losses start with a minus.
    ("-log(sigmoid(z))", "softplus(-z)", None, "proved"),
    # A side condition is met by the points, not hoped for.
    (
        "diff(-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K)), z[j])",
        "softmax(z, j, K) - y[j]",
        "Sum(y[c], (c, 1, K)) = 1",
        "proved",
    ),
    ("diff(-Sum(y[c]*log(softmax(z, c, K)), (c, 1, K)), z[j])", "softmax(z, j, K) - y[j]", None, "refuted"),
]


@pytest.mark.parametrize(("lhs", "rhs", "given", "verdict"), VERDICTS)
def test_verdicts(lhs, rhs, given, verdict):
    result = verify(lhs, rhs, given=given)
    assert result.status == verdict, result
    if verdict == "proved":
        assert result.compared >= 1 and f"all {result.compared} points" in result.method


def test_a_refutation_holds_at_the_printed_point():
    """The counterexample's values, recomputed independently with mpmath, differ as printed."""
    result = verify("exp(b)/(exp(a)+exp(b)+exp(d)) - 1", "diff(-log(exp(a)/(exp(a)+exp(b)+exp(d))), b)")
    point = {
        name: mpmath.mpf(sp.Rational(value).p) / sp.Rational(value).q
        for name, value in result.counterexample.point.items()
    }
    a, b, d = point["a"], point["b"], point["d"]
    with mpmath.workdps(50):
        share = mpmath.exp(b) / (mpmath.exp(a) + mpmath.exp(b) + mpmath.exp(d))
        assert abs(result.counterexample.lhs - (share - 1)) < 1e-40
        assert abs(result.counterexample.rhs - share) < 1e-40


def test_the_referee_reads_derivatives_on_its_own(wrong_sigmoid_derivative):
    """With σ' stated wrongly in the class, SymPy's derivative is wrong too, so algebra would
    accept it; the referee differentiates σ's definition and refutes. (Both judges run here,
    in this process, where the wrong derivative is in force.)"""
    wrong = sp.Derivative(sigmoid(z), z)
    assert sp.simplify(wrong.doit() - sigmoid(z)) == 0
    assert referee(wrong, sigmoid(z)).counterexample is not None


def test_true_identities_in_the_tails_are_not_refuted():
    """At |z| = 700 the two forms differ by rounding only; the intervals overlap."""
    u = symbol("u")
    report = referee(sp.log(1 + sp.exp(-u)), sp.log(sp.exp(-u) + 1) * 1, seconds=20)
    assert report.counterexample is None and report.compared >= MIN_POINTS


def test_the_points_reach_the_ends_of_every_domain():
    u = symbol("u")
    assert referee(sp.Min(u, 100), u).counterexample is not None  # wrong only above 100
    assert (
        referee(sp.Max(sp.Abs(u), sp.Rational(1, 10**6)), sp.Abs(u)).counterexample is not None
    )  # below 1e-6
    assert referee(y**2, y).counterexample is not None  # wrong except at the ends 0 and 1
    assert referee(sp.Sum(Z[c], (c, 1, K)), K * Z[1]).counterexample.point["K"] >= 2  # needs K ≥ 2


def test_undecided_never_claims_points_it_did_not_compare():
    result = verify("log(-exp(z))", "z")  # no real value anywhere
    assert result.status == "undecided" and result.compared == 0
    assert "agree" not in result.method and "no point could be compared" in result.method


def test_a_proof_without_a_compared_point_is_not_reported_as_proved():
    result = verify("log(-exp(z))*(1 + z)", "log(-exp(z)) + z*log(-exp(z))")  # no real value anywhere
    assert result.status == "undecided" and "no point could be checked numerically" in result.method


def test_the_prover_declines_where_sympy_forgets_that_zero_to_the_zero_is_one():
    assert prove(sp.Pow(0, 1 - y, evaluate=False), sp.S.Zero) is None


def test_side_conditions_are_met_not_filtered():
    report = referee(
        sp.Derivative(-sp.Sum(indexed("y")[c] * sp.log(sp.exp(Z[c])), (c, 1, K)), Z[j]),
        -indexed("y")[j],
        [(sp.Sum(indexed("y")[c], (c, 1, K)), sp.S.One)],
    )
    assert report.compared >= MIN_POINTS and report.unsatisfied <= report.compared // 10


def test_a_cut_by_time_says_so():
    result = verify("tanh(z)", "2*sigmoid(2*z) - 1", timeout=0.05)  # far too short to prove it
    assert result.status == "undecided" and "in time" in result.method


# --- found by trying to break it ------------------------------------------------------------

NEVER = [
    # (lhs, rhs, given, the verdict it must never get)
    ("Sum(KroneckerDelta(c, 0), (c, 0, K))", "0", None, "proved"),  # a bound c takes the value 0
    ("Sum(Abs(k)*x, (k, -3, 3))", "0", None, "proved"),
    ("Sum(softmax(z, c, Abs(K - 7)), (c, 1, Abs(K - 7)))", "1", None, "proved"),  # empty at K = 7
    ("diff(exp(10**50*x), x)", "10**50*exp(10**50*x)", None, "refuted"),  # steep, but true
    ("y", "0", "y*sigmoid(z) = y", "refuted"),  # met only to rounding at large z: no ground
    ("z", "1", "sigmoid(z) = 1", "refuted"),  # no real z meets the condition
]


@pytest.mark.parametrize(("lhs", "rhs", "given", "verdict"), NEVER)
def test_verdicts_it_must_never_give(lhs, rhs, given, verdict):
    assert verify(lhs, rhs, given=given).status != verdict


@pytest.mark.parametrize(
    ("lhs", "rhs", "given"),
    [
        ("Sum(Abs(k)*x, (k, -3, 3))", "12*x", None),
        ("y[2]", "0", ["y[1] = 1", "y[1] + y[2] = 1"]),  # two conditions sharing a variable
        ("x**2", "2", "x = sqrt(2)"),  # an irrational solution
        ("z**2", "1", "1 = z"),
        ("y", "sigmoid(z)", "y = sigmoid(z)"),  # solved for y, in which it is linear
    ],
)
def test_side_conditions_of_every_shape_are_used(lhs, rhs, given):
    assert verify(lhs, rhs, given=given).holds


def test_a_symbols_own_assumptions_are_honoured():
    negative = sp.Symbol("x", negative=True)
    assert verify(sp.sqrt(negative**2 - 2 * negative + 1), 1 - negative).status != "refuted"
    even = sp.Symbol("n", integer=True, even=True)
    assert verify((-z) ** even, z**even).status != "refuted"
    whole = sp.Symbol("m", integer=True)
    assert verify(sp.Abs(whole), whole).status == "refuted"  # false at m = -1: negatives are tried
    prime = sp.Symbol("q", prime=True)  # a domain the referee cannot sample: it never refutes
    assert verify(prime - 1, prime).status == "undecided"


def test_counterexamples_print_whatever_their_size():
    result = verify("exp(-10**400)", "0")
    assert result.status == "refuted" and str(result).startswith("refuted: lhs = 4.459")
    assert str(verify("Sum(KroneckerDelta(c, 0), (c, 0, K))", "0").counterexample).startswith("at K = ")
