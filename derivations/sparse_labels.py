"""Sparse labels: with a one-hot y the sum keeps one term, -log p_k."""

import sympy as sp

from xentsym import identities
from xentsym.derive import Rule, chain, differentiate
from xentsym.functions import softmax
from xentsym.losses import (
    Y,
    Z,
    categorical_crossentropy_from_logits,
    sparse_categorical_crossentropy_from_logits,
)
from xentsym.symbols import K, c, j, k

TITLE = "Sparse labels versus one-hot labels"
SUMMARY = (
    "`sparse_categorical_crossentropy` takes the index $k$ of the true class instead of a one-hot "
    r"vector. With $y_c = \delta_{ck}$ the sum over classes sifts to one term: the two losses are the same."
)
LOSSES = ("sparse_categorical_crossentropy_from_logits",)
TRUE_CLASS = r"$k \in \{1, \dots, K\}$ is the true class"


def build():
    one_hot = categorical_crossentropy_from_logits().xreplace({Y[c]: sp.KroneckerDelta(c, k)})
    same = chain(
        "One-hot labels sift the sum",
        one_hot,
        [
            (
                sparse_categorical_crossentropy_from_logits(),
                Rule("sifting", identities.SIFTING),
            )
        ],
        assumptions=(TRUE_CLASS, r"$y_c = \delta_{ck}$"),
        conclusion="Only the true class's log-probability counts, as the article says.",
    )
    gradient = differentiate(
        sparse_categorical_crossentropy_from_logits(),
        Z[j],
        title="Gradient of the sparse loss",
        closed_form=softmax(Z, j, K) - sp.KroneckerDelta(j, k),
        assumptions=(TRUE_CLASS, r"$j \in \{1, \dots, K\}$"),
    )
    return same, gradient
