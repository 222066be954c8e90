"""The losses as textbook SymPy expressions: what derivations start from.

Stable forms, gradients and code are derived from these by `xentsym.catalogue`; none is
written here.

Binary losses are elementwise in a label ``y`` and a probability ``p`` or a
logit ``z``. Multiclass losses sum over a class index ``c`` in ``1..K`` of
indexed families ``y[c]``, ``p[c]``, ``z[c]`` with K symbolic; the sparse form
takes the true class ``k`` instead of one-hot labels.
"""

from __future__ import annotations

import sympy as sp

from .functions import sigmoid, softmax
from .symbols import K, c, indexed, k, p, s, y, z

__all__ = [
    "P",
    "Y",
    "Z",
    "binary_crossentropy",
    "binary_crossentropy_from_logits",
    "categorical_crossentropy",
    "categorical_crossentropy_from_logits",
    "class_sum",
    "multilabel_crossentropy_from_logits",
    "smooth_binary_labels",
    "smooth_labels",
    "sparse_categorical_crossentropy_from_logits",
]

Y = indexed("y")
r"""The labels $y_c$ of the multiclass losses, in $[0, 1]$."""
P = indexed("p")
r"""The class probabilities $p_c$, in $(0, 1)$."""
Z = indexed("z")
r"""The logits $z_c$, real."""


def binary_crossentropy(label: sp.Expr = y, prob: sp.Expr = p) -> sp.Expr:
    """-(y log p + (1 - y) log(1 - p)): the article's per-sample loss."""
    return -(label * sp.log(prob) + (1 - label) * sp.log(1 - prob))


def binary_crossentropy_from_logits(label: sp.Expr = y, logit: sp.Expr = z) -> sp.Expr:
    """BCE of σ(z): what ``sigmoid_cross_entropy_with_logits`` computes."""
    return binary_crossentropy(label, sigmoid(logit))


def smooth_binary_labels(label: sp.Expr = y, smoothing: sp.Expr = s) -> sp.Expr:
    """Keras's binary label smoothing: y(1 - s) + s/2."""
    return label * (1 - smoothing) + smoothing / 2


def class_sum(body: sp.Expr, index: sp.Symbol = c, classes: sp.Expr = K) -> sp.Sum:
    """Σ over the class index from 1 to K."""
    return sp.Sum(body, (index, 1, classes))


Labels = sp.IndexedBase | sp.Lambda
"""Labels per class: a family y, or a function of the class such as smoothed labels."""


def _label(labels: Labels, index: sp.Expr) -> sp.Expr:
    return labels[index] if isinstance(labels, sp.IndexedBase) else labels(index)


def categorical_crossentropy(labels: Labels = Y, probs: sp.IndexedBase = P, classes: sp.Expr = K) -> sp.Expr:
    """-Σ_c y_c log p_c."""
    return -class_sum(_label(labels, c) * sp.log(probs[c]), c, classes)


def categorical_crossentropy_from_logits(
    labels: Labels = Y, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    """-Σ_c y_c log softmax(z)_c."""
    return -class_sum(_label(labels, c) * sp.log(softmax(logits, c, classes)), c, classes)


def sparse_categorical_crossentropy_from_logits(
    true_class: sp.Expr = k, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    """-log softmax(z)_k for the true class k: the one-hot sum with one term left."""
    return -sp.log(softmax(logits, true_class, classes))


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
