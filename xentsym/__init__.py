"""xentsym: cross-entropy, symbolically."""

from .functions import log_softmax, logsumexp, sigmoid, softmax, softplus
from .verify import Verification, verify

__all__ = [
    "Verification",
    "log_softmax",
    "logsumexp",
    "sigmoid",
    "softmax",
    "softplus",
    "verify",
]
