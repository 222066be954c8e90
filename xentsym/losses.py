"""The catalogue: every loss as a SymPy expression, in textbook and stable form.

The textbook form is what a derivation starts from; the stable form is what
code is generated from. :data:`STABLE_FORMS` pairs them, and the tests (and
the docs) prove each pair equal.

Binary losses are elementwise in a label ``y`` and a probability ``p`` or a
logit ``z``. Multiclass losses sum over a class index ``c`` in ``1..K`` of
indexed families ``y[c]``, ``p[c]``, ``z[c]`` with K symbolic; the sparse form
takes the true class ``k`` instead of one-hot labels.
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1

from .functions import log_softmax, sigmoid, softmax, softplus, xlog1py, xlogy
from .symbols import K, c, indexed, j, k, p, s, y, z

__all__ = [
    "STABLE_FORMS",
    "STABLE_GRADIENTS",
    "P",
    "Y",
    "Z",
    "binary_crossentropy",
    "binary_crossentropy_from_logits",
    "binary_crossentropy_from_logits_stable",
    "binary_crossentropy_stable",
    "categorical_crossentropy",
    "categorical_crossentropy_from_logits",
    "categorical_crossentropy_from_logits_gradient_stable",
    "categorical_crossentropy_from_logits_stable",
    "categorical_crossentropy_stable",
    "class_sum",
    "multilabel_crossentropy_from_logits",
    "smooth_binary_labels",
    "smooth_labels",
    "sparse_categorical_crossentropy_from_logits",
    "sparse_categorical_crossentropy_from_logits_gradient_stable",
    "sparse_categorical_crossentropy_from_logits_stable",
]

Y, P, Z = indexed("y"), indexed("p"), indexed("z")


def binary_crossentropy(label: sp.Expr = y, prob: sp.Expr = p) -> sp.Expr:
    """-(y log p + (1 - y) log(1 - p)): the article's per-sample loss."""
    return -(label * sp.log(prob) + (1 - label) * sp.log(1 - prob))


def binary_crossentropy_from_logits(label: sp.Expr = y, logit: sp.Expr = z) -> sp.Expr:
    """BCE of σ(z): what ``sigmoid_cross_entropy_with_logits`` computes."""
    return binary_crossentropy(label, sigmoid(logit))


def binary_crossentropy_stable(label: sp.Expr = y, prob: sp.Expr = p) -> sp.Expr:
    """The same loss with 0·log 0 = 0 and log(1 - p) through log1p, exact for tiny p."""
    return -(xlogy(label, prob) + xlog1py(1 - label, -prob))


def binary_crossentropy_from_logits_stable(label: sp.Expr = y, logit: sp.Expr = z) -> sp.Expr:
    """(1 - y)·softplus(z) + y·softplus(-z): two non-negative terms, no cancellation."""
    return (1 - label) * softplus(logit) + label * softplus(-logit)


def smooth_binary_labels(label: sp.Expr = y, smoothing: sp.Expr = s) -> sp.Expr:
    """Keras's binary label smoothing: y(1 - s) + s/2."""
    return label * (1 - smoothing) + smoothing / 2


def class_sum(body: sp.Expr, index: sp.Symbol = c, classes: sp.Expr = K) -> sp.Sum:
    """Σ over the class index from 1 to K."""
    return sp.Sum(body, (index, 1, classes))


def categorical_crossentropy(
    labels: sp.IndexedBase = Y, probs: sp.IndexedBase = P, classes: sp.Expr = K
) -> sp.Expr:
    """-Σ_c y_c log p_c."""
    return -class_sum(labels[c] * sp.log(probs[c]), c, classes)


def categorical_crossentropy_stable(
    labels: sp.IndexedBase = Y, probs: sp.IndexedBase = P, classes: sp.Expr = K
) -> sp.Expr:
    """-Σ_c y_c log p_c with 0·log 0 = 0, so a zero probability of a wrong class costs nothing."""
    return -class_sum(xlogy(labels[c], probs[c]), c, classes)


def categorical_crossentropy_from_logits(
    labels: sp.IndexedBase = Y, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    """-Σ_c y_c log softmax(z)_c."""
    return -class_sum(labels[c] * sp.log(softmax(logits, c, classes)), c, classes)


def categorical_crossentropy_from_logits_stable(
    labels: sp.IndexedBase = Y, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    """-Σ_c y_c log_softmax(z)_c, with log_softmax computed without cancellation."""
    return -class_sum(labels[c] * log_softmax(logits, c, classes), c, classes)


def sparse_categorical_crossentropy_from_logits(
    true_class: sp.Expr = k, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    """-log softmax(z)_k for the true class k: the one-hot sum with one term left."""
    return -sp.log(softmax(logits, true_class, classes))


def sparse_categorical_crossentropy_from_logits_stable(
    true_class: sp.Expr = k, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    """-log_softmax(z)_k."""
    return -log_softmax(logits, true_class, classes)


def categorical_crossentropy_from_logits_gradient_stable(
    labels: sp.IndexedBase = Y, logits: sp.IndexedBase = Z, classes: sp.Expr = K, index=j
) -> sp.Expr:
    """∂/∂z_j of the categorical loss, softmax_j·Σ_c y_c - y_j, without cancellation.

    Written as (Σ_{c≠j} y_c)·softmax_j + y_j·(softmax_j - 1) with softmax_j - 1 as
    expm1(log_softmax_j): for the true class of a confident prediction it keeps the
    tiny gradient that ``softmax_j - 1`` would round to 0.
    """
    log_p = log_softmax(logits, index, classes)
    rest = class_sum(labels[c], c, classes) - labels[index]
    return rest * sp.exp(log_p) + labels[index] * expm1(log_p)


def sparse_categorical_crossentropy_from_logits_gradient_stable(
    true_class: sp.Expr = k, logits: sp.IndexedBase = Z, classes: sp.Expr = K, index=j
) -> sp.Expr:
    """∂/∂z_j of -log softmax(z)_k, softmax_j - δ_jk, in the same cancellation-free form."""
    log_p = log_softmax(logits, index, classes)
    hit = sp.KroneckerDelta(index, true_class)
    return (1 - hit) * sp.exp(log_p) + hit * expm1(log_p)


def smooth_labels(
    labels: sp.IndexedBase = Y, smoothing: sp.Expr = s, classes: sp.Expr = K, index=c
) -> sp.Expr:
    """Label smoothing as in Keras and PyTorch: y_c (1 - s) + s / K."""
    return labels[index] * (1 - smoothing) + smoothing / classes


def multilabel_crossentropy_from_logits(
    labels: sp.IndexedBase = Y, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    """Independent sigmoids, one BCE per class, averaged over the K classes."""
    return class_sum(binary_crossentropy_from_logits(labels[c], logits[c]), c, classes) / classes


STABLE_FORMS: dict[str, tuple[sp.Expr, sp.Expr]] = {
    "categorical_crossentropy": (categorical_crossentropy(), categorical_crossentropy_stable()),
    "binary_crossentropy": (binary_crossentropy(), binary_crossentropy_stable()),
    "binary_crossentropy_from_logits": (
        binary_crossentropy_from_logits(),
        binary_crossentropy_from_logits_stable(),
    ),
    "categorical_crossentropy_from_logits": (
        categorical_crossentropy_from_logits(),
        categorical_crossentropy_from_logits_stable(),
    ),
    "sparse_categorical_crossentropy_from_logits": (
        sparse_categorical_crossentropy_from_logits(),
        sparse_categorical_crossentropy_from_logits_stable(),
    ),
}


STABLE_GRADIENTS: dict[str, tuple[sp.Expr, sp.Expr]] = {
    "categorical_crossentropy_from_logits": (
        sp.Derivative(categorical_crossentropy_from_logits_stable(), Z[j]),
        categorical_crossentropy_from_logits_gradient_stable(),
    ),
    "sparse_categorical_crossentropy_from_logits": (
        sp.Derivative(sparse_categorical_crossentropy_from_logits_stable(), Z[j]),
        sparse_categorical_crossentropy_from_logits_gradient_stable(),
    ),
}
"""Stable gradients stated by hand, each paired with the derivative it must equal."""
