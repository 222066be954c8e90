"""Softmax does not change when the same constant is added to every logit."""

import sympy as sp

from xentsym import identities
from xentsym.derive import Rule, chain
from xentsym.functions import softmax
from xentsym.identities import Identity
from xentsym.losses import Z, class_sum
from xentsym.symbols import K, c, j

TITLE = "Softmax is invariant to shifting the logits"
SUMMARY = (
    r"$\operatorname{softmax}(z + a) = \operatorname{softmax}(z)$ for any constant $a$. This is why every "
    r"stable implementation subtracts $\max(z)$ first: the exponents become $\le 0$ and nothing overflows."
)
LOSSES = ("categorical_crossentropy_from_logits",)
CLASS_COUNT = (r"$K$ classes, $K$ symbolic",)


def _share(index: sp.Symbol) -> sp.Expr:
    """e^{z_c} / Σ_d e^{z_d}: class c's share of the total."""
    d = sp.Symbol("d", integer=True, positive=True)
    return sp.exp(Z[index]) / class_sum(sp.exp(Z[d]), d)


def build():
    a = sp.Symbol("a", real=True)
    shifted = chain(
        "Adding a constant to every logit",
        sp.exp(Z[j] + a) / class_sum(sp.exp(Z[c] + a)),
        [
            (
                sp.exp(a) * sp.exp(Z[j]) / (sp.exp(a) * class_sum(sp.exp(Z[c]))),
                Rule("exponential of a sum", identities.EXP_OF_SUM),
            ),
            (softmax(Z, j, K), Rule("cancel the common factor e^a")),
        ],
        assumptions=("$a$ is any real constant", *CLASS_COUNT),
        conclusion=r"With $a = -\max(z)$ every exponent is at most 0: the max shift of log-sum-exp.",
    )
    total = chain(
        "The probabilities sum to one",
        class_sum(softmax(Z, c, K)),
        [
            (
                sp.S.One,
                Rule("the denominator does not depend on c", Identity(class_sum(_share(c)), sp.S.One)),
            )
        ],
        assumptions=CLASS_COUNT,
    )
    return shifted, total
