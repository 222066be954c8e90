"""General-K identities: proved for symbolic K, and cross-checked with K = 2..6 written out."""

import pytest
import sympy as sp

from xentsym import verify
from xentsym.functions import log_softmax, sigmoid, softmax
from xentsym.losses import (
    Y,
    Z,
    binary_crossentropy_from_logits,
    categorical_crossentropy_from_logits,
    class_sum,
    multilabel_crossentropy_from_logits,
    sparse_categorical_crossentropy_from_logits,
)
from xentsym.prove import prove
from xentsym.sums import explicit
from xentsym.symbols import K, c, i, j, k, y

CE = categorical_crossentropy_from_logits()
SUMS_TO_ONE = [(class_sum(Y[c]), 1)]
a = sp.Symbol("a", real=True)
v = sp.IndexedBase("v", real=True)
p_ = lambda index: softmax(Z, index, K)  # noqa: E731
mean = class_sum(p_(c) * v[c])

# (name, lhs, rhs, side conditions); i, j, k are free indices unless a sum binds them.
CLAIMS = [
    ("gradient, labels sum to one", sp.Derivative(CE, Z[j]), p_(j) - Y[j], SUMS_TO_ONE),
    ("gradient, any labels", sp.Derivative(CE, Z[j]), p_(j) * class_sum(Y[c]) - Y[j], []),
    (
        "Hessian entry",
        sp.Derivative(CE, Z[j], Z[i]),
        p_(j) * (sp.KroneckerDelta(i, j) - p_(i)),
        SUMS_TO_ONE,
    ),
    (
        "quadratic form is a variance",
        sp.Sum(v[i] * p_(j) * (sp.KroneckerDelta(i, j) - p_(i)) * v[j], (j, 1, K), (i, 1, K)),
        sp.Sum(p_(i) * (v[i] - mean) ** 2, (i, 1, K)),
        [],
    ),
    ("shift invariance", sp.exp(Z[j] + a) / class_sum(sp.exp(Z[c] + a)), p_(j), []),
    ("probabilities sum to one", class_sum(p_(c)), sp.S.One, []),
    ("log_softmax", log_softmax(Z, j, K), sp.log(p_(j)), []),
    (
        "sparse is one-hot",
        CE.xreplace({Y[c]: sp.KroneckerDelta(c, k)}),
        sparse_categorical_crossentropy_from_logits(),
        [],
    ),
    (
        "sparse gradient",
        sp.Derivative(sparse_categorical_crossentropy_from_logits(), Z[j]),
        p_(j) - sp.KroneckerDelta(j, k),
        [],
    ),
    (
        "multi-label gradient",
        sp.Derivative(multilabel_crossentropy_from_logits(), Z[j]),
        (sigmoid(Z[j]) - Y[j]) / K,
        [],
    ),
]


@pytest.mark.parametrize(("name", "lhs", "rhs", "given"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_general_k_identity_is_proved(name, lhs, rhs, given):
    assert verify(lhs, rhs, given=given).holds


def _written_out(expr, classes, given):
    """expr with K = classes, every sum expanded, derivatives taken by SymPy on the explicit form."""
    expr = explicit(expr, classes, K).doit()
    for lhs, value in given:
        # Σ y_c = 1: eliminate the last label.
        last = Y[classes]
        others = explicit(lhs, classes, K).doit() - last
        expr = expr.xreplace({last: value - others})
    return expr


@pytest.mark.parametrize("classes", [2, 3, 4, 5, 6])
@pytest.mark.parametrize(("name", "lhs", "rhs", "given"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_cross_check_with_explicit_classes(name, lhs, rhs, given, classes):
    indices = {i: 1, j: classes, k: min(2, classes)}
    left = _written_out(lhs.subs(indices), classes, given)
    right = _written_out(rhs.subs(indices), classes, given)
    assert not left.has(sp.Sum) and not right.has(sp.Sum)
    assert prove(left, right, seconds=60) is not None


def test_two_classes_reduce_to_the_binary_loss():
    two = explicit(CE, 2, K).xreplace({Y[1]: y, Y[2]: 1 - y})
    assert verify(two, binary_crossentropy_from_logits(y, Z[1] - Z[2])).holds
    assert verify(explicit(softmax(Z, 1, K), 2, K), sigmoid(Z[1] - Z[2])).holds
