r"""The losses as textbook SymPy expressions: what derivations start from.

Stable forms, gradients and code are derived from these by `xentsym.catalogue`; none is
written here.

Binary losses are elementwise in a label $y$ and a probability $p$ or a logit $z$.
Multiclass losses sum over a class index $c \in \{1, \dots, K\}$ of indexed families
$y_c$, $p_c$, $z_c$ (``y[c]``, ``p[c]``, ``z[c]``) with $K$ symbolic; the sparse form takes
the true class $k$ instead of one-hot labels.
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
    r"""The article's per-sample loss, $-\bigl(y \log p + (1 - y) \log(1 - p)\bigr)$.

    Framework names:
        ``keras.losses.binary_crossentropy`` and ``torch.nn.functional.binary_cross_entropy``
        (per element, before their mean).

    Examples:
        >>> import sympy as sp
        >>> from xentsym.losses import binary_crossentropy
        >>> binary_crossentropy()
        -y*log(p) - (1 - y)*log(1 - p)
        >>> binary_crossentropy(1, sp.Rational(1, 2))
        log(2)
    """
    return -(label * sp.log(prob) + (1 - label) * sp.log(1 - prob))


def binary_crossentropy_from_logits(label: sp.Expr = y, logit: sp.Expr = z) -> sp.Expr:
    r"""The binary cross-entropy of $p = \sigma(z)$,
    $-\bigl(y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))\bigr)$.

    Framework names:
        ``tf.nn.sigmoid_cross_entropy_with_logits``,
        ``torch.nn.functional.binary_cross_entropy_with_logits``, ``optax.sigmoid_binary_cross_entropy``;
        ``keras.losses.binary_crossentropy(..., from_logits=True)`` before its mean.

    Examples:
        >>> from xentsym.losses import binary_crossentropy_from_logits
        >>> binary_crossentropy_from_logits()
        -y*log(sigmoid(z)) - (1 - y)*log(1 - sigmoid(z))
    """
    return binary_crossentropy(label, sigmoid(logit))


def smooth_binary_labels(label: sp.Expr = y, smoothing: sp.Expr = s) -> sp.Expr:
    r"""Keras's binary label smoothing, $y (1 - s) + s / 2$: a hard label moves $s / 2$ toward
    the other.

    Framework names:
        ``keras.losses.binary_crossentropy(..., label_smoothing=s)``; ``optax.smooth_labels``
        with two classes.

    Examples:
        >>> import sympy as sp
        >>> from xentsym.losses import smooth_binary_labels
        >>> smooth_binary_labels()
        s/2 + y*(1 - s)
        >>> smooth_binary_labels(1, sp.Rational(1, 10))
        19/20
    """
    return label * (1 - smoothing) + smoothing / 2


def class_sum(body: sp.Expr, index: sp.Symbol = c, classes: sp.Expr = K) -> sp.Sum:
    r"""The sum over the classes, $\sum_{c=1}^{K} \text{body}$, unevaluated (``K`` may be
    symbolic).

    Examples:
        >>> from xentsym.losses import Y, class_sum
        >>> from xentsym.symbols import c
        >>> class_sum(Y[c])
        Sum(y[c], (c, 1, K))
        >>> class_sum(Y[c], classes=3).doit()
        y[1] + y[2] + y[3]
    """
    return sp.Sum(body, (index, 1, classes))


Labels = sp.IndexedBase | sp.Lambda
r"""Labels per class: a family $y_c$, or a function of the class $c$ such as smoothed labels."""


def _label(labels: Labels, index: sp.Expr) -> sp.Expr:
    return labels[index] if isinstance(labels, sp.IndexedBase) else labels(index)


def categorical_crossentropy(labels: Labels = Y, probs: sp.IndexedBase = P, classes: sp.Expr = K) -> sp.Expr:
    r"""The categorical cross-entropy on probabilities, $-\sum_{c=1}^{K} y_c \log p_c$.

    Framework names:
        ``keras.losses.categorical_crossentropy`` (for each sample).

    Examples:
        >>> from xentsym.losses import P, Y, categorical_crossentropy
        >>> categorical_crossentropy()
        -Sum(log(p[c])*y[c], (c, 1, K))
        >>> categorical_crossentropy(Y, P, 2).doit()
        -log(p[1])*y[1] - log(p[2])*y[2]
    """
    return -class_sum(_label(labels, c) * sp.log(probs[c]), c, classes)


def categorical_crossentropy_from_logits(
    labels: Labels = Y, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    r"""The categorical cross-entropy on logits,
    $-\sum_{c=1}^{K} y_c \log \operatorname{softmax}(z)_c$.

    Framework names:
        ``tf.nn.softmax_cross_entropy_with_logits``, ``optax.softmax_cross_entropy``,
        ``torch.nn.functional.cross_entropy`` with class-probability targets;
        ``keras.losses.categorical_crossentropy(..., from_logits=True)``.

    Examples:
        >>> from xentsym.losses import categorical_crossentropy_from_logits
        >>> categorical_crossentropy_from_logits()
        -Sum(log(softmax(z, c, K))*y[c], (c, 1, K))
    """
    return -class_sum(_label(labels, c) * sp.log(softmax(logits, c, classes)), c, classes)


def sparse_categorical_crossentropy_from_logits(
    true_class: sp.Expr = k, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    r"""The cross-entropy for the true class $k$, $-\log \operatorname{softmax}(z)_k$: the
    one-hot sum with one term left.

    Framework names:
        ``tf.nn.sparse_softmax_cross_entropy_with_logits``,
        ``optax.softmax_cross_entropy_with_integer_labels``, ``torch.nn.functional.cross_entropy``
        with class indices; ``keras.losses.sparse_categorical_crossentropy(..., from_logits=True)``.

    Examples:
        >>> from xentsym.losses import sparse_categorical_crossentropy_from_logits
        >>> sparse_categorical_crossentropy_from_logits()
        -log(softmax(z, k, K))
    """
    return -sp.log(softmax(logits, true_class, classes))


def smooth_labels(
    labels: sp.IndexedBase = Y, smoothing: sp.Expr = s, classes: sp.Expr = K, index=c
) -> sp.Expr:
    r"""Label smoothing as in Keras and PyTorch, $y_c (1 - s) + s / K$.

    Framework names:
        ``keras.losses.categorical_crossentropy(..., label_smoothing=s)``,
        ``torch.nn.functional.cross_entropy(..., label_smoothing=s)``, ``optax.smooth_labels``.

    Examples:
        >>> import sympy as sp
        >>> from xentsym.losses import Y, smooth_labels
        >>> smooth_labels()
        (1 - s)*y[c] + s/K
        >>> smooth_labels(Y, sp.Rational(1, 10), 4)
        9*y[c]/10 + 1/40
    """
    return labels[index] * (1 - smoothing) + smoothing / classes


def multilabel_crossentropy_from_logits(
    labels: sp.IndexedBase = Y, logits: sp.IndexedBase = Z, classes: sp.Expr = K
) -> sp.Expr:
    r"""Independent sigmoids, one binary cross-entropy per class, averaged over the $K$
    classes: $\frac{1}{K} \sum_{c=1}^{K} -\bigl(y_c \log \sigma(z_c) + (1 - y_c) \log(1 - \sigma(z_c))\bigr)$.

    Framework names:
        ``torch.nn.MultiLabelSoftMarginLoss`` (per sample);
        ``keras.losses.binary_crossentropy(..., from_logits=True)`` over the class axis.

    Examples:
        >>> from xentsym.losses import multilabel_crossentropy_from_logits
        >>> multilabel_crossentropy_from_logits()
        Sum(-(1 - y[c])*log(1 - sigmoid(z[c])) - log(sigmoid(z[c]))*y[c], (c, 1, K))/K
    """
    return class_sum(binary_crossentropy_from_logits(labels[c], logits[c]), c, classes) / classes
