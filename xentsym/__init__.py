"""xentsym: cross-entropy, symbolically.

The named functions build losses (:mod:`xentsym.losses`); :func:`differentiate`
and :func:`chain` derive with steps; :func:`verify` proves or refutes an
identity; :mod:`xentsym.numpy` holds the generated, Keras-shaped functions.
"""

from .derive import Derivation, chain, differentiate
from .functions import log_softmax, logsumexp, sigmoid, softmax, softplus
from .verify import Verification, verify

__all__ = [
    "Derivation",
    "Verification",
    "chain",
    "differentiate",
    "log_softmax",
    "logsumexp",
    "sigmoid",
    "softmax",
    "softplus",
    "verify",
]
