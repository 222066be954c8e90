"""The stable form of BCE on logits, and why it beats the textbook form numerically."""

import sympy as sp

from xentsym import identities
from xentsym.derive import Rule, chain
from xentsym.functions import sigmoid, softplus
from xentsym.losses import binary_crossentropy_from_logits
from xentsym.symbols import y, z

TITLE = "A stable form of the logit loss"
SUMMARY = (
    r"$-\log(\sigma(z)) = \operatorname{softplus}(-z)$, so the loss is "
    r"$(1 - y) \operatorname{softplus}(z) + y \operatorname{softplus}(-z)$: two non-negative terms that "
    r"never overflow and never cancel, unlike $\log(1 - \sigma(z))$."
)
LOSSES = ("binary_crossentropy_from_logits",)
ASSUMPTIONS = ("$z$ is a real logit", r"$y \in [0, 1]$ is the label")


def build():
    stable = chain(
        "From the textbook form to the stable form",
        binary_crossentropy_from_logits(),
        [
            (
                -y * sp.log(sigmoid(z)) - (1 - y) * sp.log(sigmoid(-z)),
                Rule("symmetry of σ", identities.SIGMOID_SYMMETRY),
            ),
            (
                y * softplus(-z) + (1 - y) * softplus(z),
                Rule("logarithm of σ", identities.LOG_SIGMOID),
            ),
        ],
        assumptions=ASSUMPTIONS,
        conclusion=(
            r"For $z = 40$ and $y = 0$ the textbook form computes $\log(1 - \sigma(40))$, and "
            r"$1 - \sigma(40)$ rounds to 0 in floating point: $\log(0) = -\infty$. "
            r"$\operatorname{softplus}(40) = 40 + \log(1 + e^{-40})$ is exact (with NumPy's `log1p`). "
            r"For $z = -40$ and $y = 0$ the textbook form rounds to 0 while the loss is "
            r"$4.2 \cdot 10^{-18}$; "
            r"$\operatorname{softplus}(-40) = \log(1 + e^{-40})$ keeps every digit."
        ),
    )
    gradient = chain(
        "The gradient of the stable form, without cancellation",
        sigmoid(z) - y,
        [
            (
                (1 - y) * sigmoid(z) - y * sigmoid(-z),
                Rule("symmetry of σ", identities.SIGMOID_MINUS_ONE),
            )
        ],
        assumptions=ASSUMPTIONS,
        conclusion=(
            r"For $y = 1$ and $z = 40$, $\sigma(z) - y$ rounds to 0, but the true gradient is "
            r"$-\sigma(-40) = -4.2 \cdot 10^{-18}$; the form on the right computes it to full precision."
        ),
    )
    return stable, gradient
