"""Label smoothing: the target moves towards 1/2, the gradient keeps its shape."""

from xentsym.derive import differentiate
from xentsym.functions import sigmoid
from xentsym.losses import binary_crossentropy_from_logits, smooth_binary_labels
from xentsym.symbols import s, y, z

TITLE = "Label smoothing"
SUMMARY = (
    r"Keras replaces the label $y$ by $y (1 - s) + \frac{s}{2}$ before the loss. The gradient is still "
    r"prediction minus (smoothed) label, so a confident logit is pulled back towards "
    r"$\sigma(z) = 1 - \frac{s}{2}$."
)
LOSSES = ("binary_crossentropy_from_logits_smoothed",)
SMOOTHING = (r"$s \in [0, 1]$ is the smoothing", r"$y \in [0, 1]$ is the label")


def build():
    smoothed = smooth_binary_labels(y, s)
    gradient = differentiate(
        binary_crossentropy_from_logits(smoothed, z),
        z,
        title="Gradient of the smoothed loss with respect to $z$",
        closed_form=sigmoid(z) - smoothed,
        assumptions=SMOOTHING,
        conclusion=(
            r"The gradient is zero at $\sigma(z) = y (1 - s) + \frac{s}{2}$: for $y = 1$ and $s = 0.1$ the "
            r"loss is smallest at $\sigma(z) = 0.95$, not at an infinite logit."
        ),
    )
    curvature = differentiate(
        gradient.result,
        z,
        title="Second derivative of the smoothed loss",
        closed_form=sigmoid(z) * (1 - sigmoid(z)),
        assumptions=SMOOTHING,
        conclusion="Smoothing moves the target, not the curvature: the loss stays convex in $z$.",
    )
    return gradient, curvature
