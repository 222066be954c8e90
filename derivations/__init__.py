"""One module per derivation, read by ``xentsym derive``, the docs build and the tests.

Each module declares what it derives and builds it with the toolkit:

* ``TITLE``: the page title, in words (it names the page in the nav, where nothing is typeset);
* ``SUMMARY``: a sentence of motivation;
* ``LOSSES``: the losses of :data:`xentsym.catalogue.CATALOGUE` it is about, whose generated code
  its page shows;
* ``build()``: the derivations, a tuple of :class:`xentsym.derive.Derivation`.

:func:`build` builds a module once per process and checks that everything it prints reads
back as what was proved.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType

from xentsym.names import unknown

__all__ = ["build", "load", "names"]

ORDER = (
    "bce_probabilities",
    "bce_logits",
    "stable_logits",
    "label_smoothing",
    "keras_clipping",
    "softmax_gradient",
    "softmax_hessian",
    "softmax_invariance",
    "two_classes",
    "sparse_labels",
    "multilabel",
)


def names() -> list[str]:
    """Every derivation module, in reading order (modules not listed come last)."""
    found = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    return sorted(found, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))


def load(name: str) -> ModuleType:
    """The derivation module ``name``."""
    if name not in names():
        raise KeyError(unknown("derivation", name, names()))
    return importlib.import_module(f"{__name__}.{name}")


@functools.cache
def build(name: str) -> tuple:
    """The derivations of module ``name``, each proved and its printed math checked; built once.

    Raises:
        xentsym.derive.ProofError: a step or the result is not proved.
        xentsym.printed.PrintedMathError: a printed formula is not the one proved.
    """
    from xentsym.printed import check_derivation

    derivations = tuple(load(name).build())
    for derivation in derivations:
        check_derivation(derivation)
    return derivations
