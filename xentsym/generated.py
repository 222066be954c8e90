"""The NumPy kernels generated from the catalogue, one entry per loss or gradient.

Each entry names the expression it comes from; the code is generated on
first use and cached. ``xentsym codegen NAME`` prints any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sympy as sp

from . import losses
from .codegen import GeneratedFunction, generate
from .sums import sift
from .symbols import K, c, j, k, p, s, y, z

__all__ = ["KERNELS", "kernel"]


@dataclass(frozen=True)
class KernelSpec:
    """What to generate: an expression (built lazily), its parameters and its indices."""

    build: Callable[[], sp.Expr]
    args: tuple
    doc: str
    class_indices: tuple = ()
    labels: tuple = ()


def _gradient(loss: sp.Expr, var: sp.Expr) -> sp.Expr:
    return sift(sp.diff(loss, var))


_MULTICLASS = {"class_indices": (c, j)}
_SPARSE = {"class_indices": (c, j), "labels": (k,)}

KERNELS: dict[str, KernelSpec] = {
    "binary_crossentropy": KernelSpec(
        losses.binary_crossentropy_stable,
        (y, p),
        "BCE on probabilities, exact (0 log 0 = 0, log1p).",
    ),
    "binary_crossentropy_grad": KernelSpec(
        lambda: _gradient(losses.binary_crossentropy_stable(), p), (y, p), "d BCE / d p, exact."
    ),
    "binary_crossentropy_textbook": KernelSpec(
        losses.binary_crossentropy, (y, p), "BCE as written, for Keras's clipped float32 mode."
    ),
    "binary_crossentropy_textbook_grad": KernelSpec(
        lambda: _gradient(losses.binary_crossentropy(), p), (y, p), "d BCE / d p as written."
    ),
    "binary_crossentropy_from_logits": KernelSpec(
        losses.binary_crossentropy_from_logits_stable,
        (y, z),
        "BCE on logits: (1-y) softplus(z) + y softplus(-z).",
    ),
    "binary_crossentropy_from_logits_grad": KernelSpec(
        lambda: _gradient(losses.binary_crossentropy_from_logits_stable(), z),
        (y, z),
        "d BCE / d z = (1-y) sigmoid(z) - y sigmoid(-z), i.e. sigmoid(z) - y without cancellation.",
    ),
    "smooth_binary_labels": KernelSpec(losses.smooth_binary_labels, (y, s), "y (1 - s) + s / 2."),
    "categorical_crossentropy": KernelSpec(
        losses.categorical_crossentropy_stable,
        (losses.Y, losses.P),
        "-sum_c y_c log p_c, exact.",
        **_MULTICLASS,
    ),
    "categorical_crossentropy_grad": KernelSpec(
        lambda: _gradient(losses.categorical_crossentropy_stable(), losses.P[j]),
        (losses.Y, losses.P),
        "d CE / d p_j = -y_j / p_j.",
        **_MULTICLASS,
    ),
    "categorical_crossentropy_textbook": KernelSpec(
        losses.categorical_crossentropy,
        (losses.Y, losses.P),
        "-sum_c y_c log p_c as written.",
        **_MULTICLASS,
    ),
    "categorical_crossentropy_textbook_grad": KernelSpec(
        lambda: _gradient(losses.categorical_crossentropy(), losses.P[j]),
        (losses.Y, losses.P),
        "d CE / d p_j as written.",
        **_MULTICLASS,
    ),
    "categorical_crossentropy_from_logits": KernelSpec(
        losses.categorical_crossentropy_from_logits_stable,
        (losses.Y, losses.Z),
        "-sum_c y_c log_softmax(z)_c.",
        **_MULTICLASS,
    ),
    "categorical_crossentropy_from_logits_grad": KernelSpec(
        losses.categorical_crossentropy_from_logits_gradient_stable,
        (losses.Y, losses.Z),
        "softmax_j sum_c y_c - y_j, without cancellation at the true class.",
        **_MULTICLASS,
    ),
    "sparse_categorical_crossentropy_from_logits": KernelSpec(
        losses.sparse_categorical_crossentropy_from_logits_stable,
        (k, losses.Z),
        "-log_softmax(z)_k for the true class k.",
        **_SPARSE,
    ),
    "sparse_categorical_crossentropy_from_logits_grad": KernelSpec(
        losses.sparse_categorical_crossentropy_from_logits_gradient_stable,
        (k, losses.Z, K),
        "softmax_j - delta_jk, without cancellation at the true class.",
        **_SPARSE,
    ),
    "smooth_labels": KernelSpec(
        lambda: losses.smooth_labels(index=c),
        (losses.Y, s, K),
        "y_c (1 - s) + s / K.",
        **_MULTICLASS,
    ),
}


@cache
def kernel(name: str) -> GeneratedFunction:
    """The generated function ``name`` (see :data:`KERNELS`)."""
    try:
        spec = KERNELS[name]
    except KeyError:
        raise KeyError(f"no generated function {name!r}; known: {', '.join(KERNELS)}") from None
    return generate(
        name,
        spec.build(),
        spec.args,
        class_indices=spec.class_indices,
        labels=spec.labels,
        doc=spec.doc,
    )
