"""Softmax cross-entropy for any number of classes: ∂L/∂z_j = softmax_j(z) - y_j."""

from xentsym.derive import differentiate
from xentsym.functions import softmax
from xentsym.losses import Y, Z, categorical_crossentropy_from_logits, class_sum
from xentsym.symbols import K, c, j

TITLE = "Softmax cross-entropy: the gradient for any number of classes"
SUMMARY = (
    r"The multiclass loss $-\sum_{c=1}^{K} y_c \log(\operatorname{softmax}(z)_c)$, with $K$ left symbolic: "
    r"the gradient is $\operatorname{softmax}(z)_j \sum_{c=1}^{K} y_c - y_j$ in general, and "
    r"$\operatorname{softmax}(z)_j - y_j$ when the labels sum to one."
)
LOSSES = ("categorical_crossentropy_from_logits",)
CLASSES = (r"$K$ classes, $K$ symbolic", r"$j \in \{1, \dots, K\}$")
ASSUMPTIONS = (*CLASSES, r"$z_1, \dots, z_K$ real logits")


def build():
    general = differentiate(
        categorical_crossentropy_from_logits(),
        Z[j],
        title="Gradient for any labels",
        closed_form=softmax(Z, j, K) * class_sum(Y[c]) - Y[j],
        assumptions=ASSUMPTIONS,
        conclusion=(
            r"Without a condition on the labels, every class's gradient is scaled by $\sum_{c=1}^{K} y_c$."
        ),
    )
    normalised = differentiate(
        categorical_crossentropy_from_logits(),
        Z[j],
        title="Gradient for labels that sum to one",
        closed_form=softmax(Z, j, K) - Y[j],
        given=[(class_sum(Y[c]), 1)],
        assumptions=ASSUMPTIONS,
        conclusion="One-hot labels, smoothed labels and soft targets all sum to one: prediction minus label.",
    )
    return general, normalised
