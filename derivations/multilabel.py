"""Multi-label: K independent sigmoids, one binary loss per class, averaged."""

from xentsym.derive import differentiate
from xentsym.functions import sigmoid
from xentsym.losses import Y, Z, multilabel_crossentropy_from_logits
from xentsym.symbols import K, j

TITLE = "Multi-label classification"
SUMMARY = (
    "When a sample may belong to several classes, each class gets its own sigmoid and its own "
    "binary loss, averaged over the $K$ classes (Keras's `binary_crossentropy` on an $N \\times K$ array)."
)
LOSSES = ("binary_crossentropy_from_logits",)
CLASSES = (r"$K$ classes, $K$ symbolic", r"$j \in \{1, \dots, K\}$")


def build():
    gradient = differentiate(
        multilabel_crossentropy_from_logits(),
        Z[j],
        title="Gradient with respect to one class's logit",
        closed_form=(sigmoid(Z[j]) - Y[j]) / K,
        assumptions=(
            *CLASSES,
            r"labels $y_c \in [0, 1]$, any number of ones",
        ),
        conclusion="Each class learns on its own: the binary gradient, divided by $K$ from the average.",
    )
    return (gradient,)
