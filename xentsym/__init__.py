"""xentsym: cross-entropy, symbolically.

The named functions build losses (`xentsym.losses`); `differentiate`
and `chain` derive with steps; `verify` proves or refutes an
identity; `Loss` takes a loss, the catalogue's or a formula of your own,
through derivation, stable form and code; `xentsym.numpy` holds the
generated, Keras-shaped functions.

Each name is imported on first use, so that ``import xentsym.numpy`` (generated
ahead, NumPy only) and the command line start without SymPy.
"""

from __future__ import annotations

import importlib

# Each public name and the module that defines it.
_HOMES = {
    "CATALOGUE": "catalogue",
    "Derivation": "derive",
    "Loss": "catalogue",
    "Verification": "verification",
    "chain": "derive",
    "differentiate": "derive",
    "log_softmax": "functions",
    "logsumexp": "functions",
    "sigmoid": "functions",
    "softmax": "functions",
    "softplus": "functions",
    "verify": "verification",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'xentsym' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value
    return value


def load_ipython_extension(ipython) -> None:
    """``%load_ext xentsym``: the ``%%xentsym`` cell magic (see `xentsym.jupyter`)."""
    from .jupyter import load_ipython_extension as load

    load(ipython)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
