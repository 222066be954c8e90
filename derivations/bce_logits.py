"""Binary cross-entropy on logits: d/dz = σ(z) - y, and convexity in z."""

from xentsym import identities
from xentsym.derive import Rule, chain, differentiate
from xentsym.functions import sigmoid
from xentsym.losses import binary_crossentropy_from_logits
from xentsym.symbols import y, z

TITLE = "Binary cross-entropy on logits"
SUMMARY = (
    r"With $p = \sigma(z)$ the chain rule and $\sigma'(z) = \sigma(z) (1 - \sigma(z))$ collapse the "
    r"gradient to $\sigma(z) - y$: prediction minus label, the reason logits are the natural input."
)
LOSSES = ("binary_crossentropy_from_logits",)
ASSUMPTIONS = ("$z$ is a real logit", r"$y \in [0, 1]$ is the label")


def build():
    gradient = differentiate(
        binary_crossentropy_from_logits(),
        z,
        title="Gradient with respect to the logit $z$",
        closed_form=sigmoid(z) - y,
        assumptions=ASSUMPTIONS,
    )
    second = differentiate(
        gradient.result,
        z,
        title="Second derivative with respect to $z$",
        closed_form=sigmoid(z) * (1 - sigmoid(z)),
        assumptions=ASSUMPTIONS,
    )
    convexity = chain(
        "The second derivative is positive",
        second.result,
        [(sigmoid(z) * sigmoid(-z), Rule("symmetry of σ", identities.SIGMOID_SYMMETRY))],
        assumptions=ASSUMPTIONS,
        conclusion=(
            r"$\sigma$ is positive everywhere, so the second derivative is a product of positives: "
            "the loss is strictly convex in $z$, whatever the label."
        ),
    )
    return gradient, second, convexity
