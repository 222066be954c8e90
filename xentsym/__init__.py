"""xentsym: cross-entropy, symbolically.

The named functions build losses (:mod:`xentsym.losses`); :func:`differentiate`
and :func:`chain` derive with steps; :func:`verify` proves or refutes an
identity; :class:`Loss` takes a loss, the catalogue's or a formula of your own,
through derivation, stable form and code; :mod:`xentsym.numpy` holds the
generated, Keras-shaped functions.
"""

from .derive import Derivation, chain, differentiate
from .functions import log_softmax, logsumexp, sigmoid, softmax, softplus
from .verify import Verification, verify

__all__ = [
    "CATALOGUE",
    "Derivation",
    "Loss",
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


def __getattr__(name: str):
    """``Loss`` and ``CATALOGUE`` on first use: the command line starts without them."""
    if name in ("Loss", "CATALOGUE"):
        from . import catalogue

        return getattr(catalogue, name)
    raise AttributeError(f"module 'xentsym' has no attribute {name!r}")
