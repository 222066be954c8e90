"""Keras's clipping: why a probability of 0 costs 16.118 and not infinity."""

import sympy as sp

from xentsym.derive import Rule, chain
from xentsym.identities import Identity
from xentsym.losses import binary_crossentropy
from xentsym.symbols import y

TITLE = "Keras's clipping and the article's last digits"
SUMMARY = (
    r"Keras clips probabilities to $[\epsilon, 1 - \epsilon]$ with $\epsilon = 10^{-7}$ and computes in "
    r"float32. Clipping caps the loss at $-\log(\epsilon)$; float32 changes the last digits of every value."
)
LOSSES = ()


def build():
    epsilon = sp.Symbol("epsilon", positive=True)
    cap = chain(
        "The largest loss Keras can return",
        binary_crossentropy(y, epsilon),
        [
            (-sp.log(epsilon), Rule("y = 1: only the first term is left")),
            (7 * sp.log(10), Rule("ε = 10^{-7}", Identity(-sp.log(sp.Rational(1, 10**7)), 7 * sp.log(10)))),
        ],
        given=[(y, 1), (epsilon, sp.Rational(1, 10**7))],
        assumptions=(r"a certain wrong prediction: $y = 1$ and $p = 0$, which Keras clips up to $\epsilon$",),
        conclusion=(
            r"$7 \log(10) = 16.1181$ is what Keras returns for a certain wrong prediction; the exact "
            r"loss is infinite. With $y = 0$ and $p = 1$, $1 - \epsilon$ rounds in float32 to "
            r"$1 - 1.19 \cdot 10^{-7}$, so Keras returns $-\log(1.19 \cdot 10^{-7}) = 15.9424$ instead."
        ),
    )
    return (cap,)
