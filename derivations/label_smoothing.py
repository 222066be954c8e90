"""Label smoothing: the target moves towards 1/2, the gradient keeps its shape."""

from xentsym.derive import differentiate
from xentsym.functions import sigmoid
from xentsym.losses import binary_crossentropy_from_logits, smooth_binary_labels
from xentsym.symbols import s, y, z

TITLE = "Label smoothing"
SUMMARY = (
    "Keras replaces the label y by y(1 - s) + s/2 before the loss. The gradient is still "
    "prediction minus (smoothed) label, so a confident logit is pulled back towards σ(z) = 1 - s/2."
)
LOSSES = ("binary_crossentropy_from_logits_smoothed",)


def build():
    smoothed = smooth_binary_labels(y, s)
    gradient = differentiate(
        binary_crossentropy_from_logits(smoothed, z),
        z,
        title="Gradient of the smoothed loss with respect to z",
        closed_form=sigmoid(z) - smoothed,
        assumptions=("s in [0, 1] is the smoothing", "y in [0, 1] is the label"),
        conclusion=(
            "The gradient is zero at σ(z) = y(1 - s) + s/2: for y = 1 and s = 0.1 the loss is "
            "smallest at σ(z) = 0.95, not at an infinite logit."
        ),
    )
    curvature = differentiate(
        gradient.result,
        z,
        title="Second derivative of the smoothed loss",
        closed_form=sigmoid(z) * (1 - sigmoid(z)),
        assumptions=("s in [0, 1] is the smoothing", "y in [0, 1] is the label"),
        conclusion="Smoothing moves the target, not the curvature: the loss stays convex in z.",
    )
    return gradient, curvature
