"""Binary cross-entropy on probabilities: its gradient and second derivative in p."""

from xentsym.derive import differentiate
from xentsym.losses import binary_crossentropy
from xentsym.symbols import p, y

TITLE = "Binary cross-entropy on probabilities"
SUMMARY = (
    r"The article's loss $-(y \log(p) + (1 - y) \log(1 - p))$ as a function of the predicted "
    "probability $p$: how it slopes, and how it curves."
)
LOSSES = ("binary_crossentropy",)
ASSUMPTIONS = (
    r"$p \in (0, 1)$ is the predicted probability of the positive class",
    r"$y \in [0, 1]$ is the label",
)


def build():
    gradient = differentiate(
        binary_crossentropy(),
        p,
        title="Gradient with respect to $p$",
        closed_form=(p - y) / (p * (1 - p)),
        assumptions=ASSUMPTIONS,
        conclusion=(
            "The slope vanishes exactly at $p = y$ and grows without bound as $p$ nears the wrong end."
        ),
    )
    curvature = differentiate(
        gradient.result,
        p,
        title="Second derivative with respect to $p$",
        closed_form=y / p**2 + (1 - y) / (1 - p) ** 2,
        assumptions=ASSUMPTIONS,
        conclusion=r"Both terms are non-negative for $y \in [0, 1]$, so the loss is convex in $p$.",
    )
    return gradient, curvature
