"""With K = 2, softmax is the sigmoid of the logit difference and CE is BCE."""

import sympy as sp

from xentsym import identities
from xentsym.derive import Rule, chain
from xentsym.functions import sigmoid
from xentsym.losses import (
    Y,
    Z,
    binary_crossentropy_from_logits,
    categorical_crossentropy_from_logits,
)
from xentsym.sums import explicit
from xentsym.symbols import K, y

TITLE = "Two classes: softmax cross-entropy is binary cross-entropy"
SUMMARY = (
    r"A two-class softmax model is a logistic model in disguise: "
    r"$\operatorname{softmax}(z)_1 = \sigma(z_1 - z_2)$, and with labels $(y, 1 - y)$ the categorical "
    "loss equals the binary loss of the logit $z_1 - z_2$."
)
LOSSES = ("categorical_crossentropy_from_logits", "binary_crossentropy_from_logits")


def build():
    e1, e2 = sp.exp(Z[1]), sp.exp(Z[2])
    softmax_is_sigmoid = chain(
        "softmax of two logits",
        e1 / (e1 + e2),
        [
            (1 / (1 + sp.exp(-(Z[1] - Z[2]))), Rule("divide numerator and denominator by e^{z_1}")),
            (sigmoid(Z[1] - Z[2]), Rule("definition of σ", identities.SIGMOID_DEFINITION)),
        ],
        assumptions=("$K = 2$",),
    )
    two = explicit(categorical_crossentropy_from_logits(), 2, K).xreplace({Y[1]: y, Y[2]: 1 - y})
    loss = chain(
        "The categorical loss with $K = 2$",
        two,
        [
            (
                binary_crossentropy_from_logits(y, Z[1] - Z[2]),
                Rule("softmax of two logits", identities.SOFTMAX_OF_TWO),
            )
        ],
        assumptions=("$K = 2$", "labels $(y, 1 - y)$"),
        conclusion=(
            "So binary cross-entropy on a logit $z$ is categorical cross-entropy on the logits $(z, 0)$."
        ),
    )
    return softmax_is_sigmoid, loss
