"""Keras's clipping: why a probability of 0 costs 16.118 and not infinity."""

import sympy as sp

from xentsym.derive import Rule, chain
from xentsym.identities import Identity
from xentsym.losses import binary_crossentropy
from xentsym.symbols import y

TITLE = "Keras's clipping and the article's last digits"
SUMMARY = (
    "Keras clips probabilities to [ε, 1 - ε] with ε = 1e-7 and computes in float32. Clipping "
    "caps the loss at -log ε; float32 changes the last digits of every value."
)
LOSSES = ()


def build():
    epsilon = sp.Symbol("epsilon", positive=True)
    cap = chain(
        "The largest loss Keras can return",
        binary_crossentropy(y, epsilon),
        [
            (-sp.log(epsilon), Rule("y = 1: only the first term is left")),
            (7 * sp.log(10), Rule("ε = 1e-7", Identity(-sp.log(sp.Rational(1, 10**7)), 7 * sp.log(10)))),
        ],
        given=[(y, 1), (epsilon, sp.Rational(1, 10**7))],
        assumptions=("a certain wrong prediction: y = 1 and p = 0, which Keras clips up to ε",),
        conclusion=(
            "7 ln 10 = 16.1181 is what Keras returns for a certain wrong prediction; the exact "
            "loss is infinite. With y = 0 and p = 1, 1 - ε rounds in float32 to 1 - 1.19e-7, so "
            "Keras returns -ln(1.19e-7) = 15.9424 instead."
        ),
    )
    return (cap,)
