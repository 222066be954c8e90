"""Record reference cross-entropy outputs of PyTorch and Keras 3.

The recorded file, ``tests/data/frameworks.json``, is an independent reference
for the tests: every case holds the exact inputs that were fed to the
framework, the keyword arguments, the call as a string, the float dtype of the
computation and the framework's output, all as plain (nested) lists of numbers.
Float32 values are stored as the Python floats they convert to exactly, so
casting a stored list back to its dtype reproduces the array bit for bit.

This is a maintainer tool, not part of the package. It needs ``torch``,
``keras`` (Keras 3), ``numpy`` and, for Keras's numpy backend, ``jax``,
``jaxlib`` and ``scipy`` in an environment of their own::

    python3 -m venv /tmp/fwenv
    /tmp/fwenv/bin/pip install torch==2.13.0 keras numpy scipy jax jaxlib
    /tmp/fwenv/bin/python scripts/record_frameworks.py

Keras runs on the backend named by ``KERAS_BACKEND``; when it is unset this
script selects the ``numpy`` backend, whose losses are the reference semantics
of this project: ``binary_crossentropy`` clips the probabilities to
``[epsilon, 1 - epsilon]`` and takes ``y * log(p) + (1 - y) * log(1 - p)`` in
float32, ``categorical_crossentropy`` normalises the rows, clips and takes the
log. (Keras 3.15's numpy backend imports jax and scipy when it loads, hence
those packages.) The backend matters: with ``from_logits=True``,
``binary_crossentropy`` clips the sigmoid of the logits on the numpy backend
but not on the torch backend, and without logits the torch backend calls
``torch.nn.functional.binary_cross_entropy`` on the clipped probabilities, so
the two differ in the last float32 digits. The backend used is stored in the
file as ``keras_backend``.

Last recorded with torch 2.13.0+cpu, keras 3.15.1 (numpy backend), jax and
jaxlib 0.10.2, scipy 1.17.1 and numpy 2.4.6 on Python 3.11.7.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "frameworks.json"

Compute = Callable[..., np.ndarray]


@dataclass(frozen=True)
class Case:
    """One recorded framework call.

    ``template`` is the call as it reads in the framework, with ``{kw}`` where
    the keyword arguments go; ``compute`` is called with the inputs as
    positional arguments (in order) and ``kwargs`` as keyword arguments.
    """

    framework: str
    template: str
    compute: Compute
    inputs: dict[str, np.ndarray]
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def call(self) -> str:
        return self.template.format(kw="".join(f", {k}={v!r}" for k, v in self.kwargs.items()))

    @property
    def dtype(self) -> str:
        floats = [a.dtype for a in self.inputs.values() if np.issubdtype(a.dtype, np.floating)]
        (dtype,) = set(floats)
        return str(dtype)

    def record(self) -> dict[str, Any]:
        output = np.asarray(self.compute(*self.inputs.values(), **self.kwargs))
        if str(output.dtype) != self.dtype:
            raise TypeError(f"{self.call} returned {output.dtype}, expected {self.dtype}")
        return {
            "framework": self.framework,
            "call": self.call,
            "dtype": self.dtype,
            "inputs": {name: a.tolist() for name, a in self.inputs.items()},
            "kwargs": self.kwargs,
            "output": output.tolist(),
        }


def import_frameworks() -> tuple[ModuleType, ModuleType]:
    """Import torch and keras, selecting the numpy Keras backend by default."""
    os.environ.setdefault("KERAS_BACKEND", "numpy")
    try:
        torch = importlib.import_module("torch")
        keras = importlib.import_module("keras")
    except ImportError as exc:
        sys.exit(
            f"record_frameworks: {exc}. Install torch, keras (Keras 3), jax, "
            "jaxlib and scipy in a separate environment; see this script's "
            "docstring."
        )
    return torch, keras


def f32(values: ArrayLike) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def f64(values: ArrayLike) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def torch_call(torch: ModuleType, fn: Callable[..., Any]) -> Compute:
    """Wrap a torch function so that it takes and returns numpy arrays."""

    def compute(*arrays: np.ndarray, **kwargs: object) -> np.ndarray:
        return fn(*(torch.from_numpy(a) for a in arrays), **kwargs).numpy()

    return compute


def torch_grad(torch: ModuleType, fn: Callable[..., Any]) -> Compute:
    """Gradient of ``fn(x, target, **kwargs).sum()`` with respect to ``x``."""

    def compute(x: np.ndarray, target: np.ndarray, **kwargs: object) -> np.ndarray:
        xt = torch.from_numpy(x).requires_grad_(True)
        (grad,) = torch.autograd.grad(fn(xt, torch.from_numpy(target), **kwargs).sum(), xt)
        return grad.numpy()

    return compute


def axis_inputs() -> tuple[np.ndarray, np.ndarray]:
    """Inputs of the cases whose class axis is 1, both of shape ``(2, 3, 4)``.

    Returns ``arange(24).reshape(2, 3, 4) * 0.1`` and a one-hot target with
    class ``(i + j) % 3`` at ``[i, :, j]``.
    """
    grid = np.arange(24, dtype=np.float64).reshape(2, 3, 4) * 0.1
    onehot = np.zeros((2, 3, 4))
    for i in range(2):
        for j in range(4):
            onehot[i, (i + j) % 3, j] = 1.0
    return grid, onehot


def keras_call(keras: ModuleType, fn: Callable[..., Any]) -> Compute:
    """Wrap a Keras function so that it returns a numpy array on any backend."""

    def compute(*arrays: np.ndarray, **kwargs: object) -> np.ndarray:
        return keras.ops.convert_to_numpy(fn(*arrays, **kwargs))

    return compute


def keras_cases(keras: ModuleType) -> dict[str, Case]:
    losses = keras.losses
    bce = keras_call(keras, losses.binary_crossentropy)
    cce = keras_call(keras, losses.categorical_crossentropy)
    scce = keras_call(keras, losses.sparse_categorical_crossentropy)
    bce_call = "keras.losses.binary_crossentropy(y_true, y_pred{kw})"
    cce_call = "keras.losses.categorical_crossentropy(y_true, y_pred{kw})"
    scce_call = "keras.losses.sparse_categorical_crossentropy(y_true, y_pred{kw})"
    bce_of_sigmoid = keras_call(
        keras,
        lambda y_true, y_pred: losses.binary_crossentropy(y_true, keras.ops.sigmoid(y_pred)),
    )

    def case(
        template: str,
        compute: Compute,
        y_true: ArrayLike,
        y_pred: ArrayLike,
        **kwargs: object,
    ) -> Case:
        """A float32 case; an integer ``y_true`` array (class indices) is kept."""
        if not isinstance(y_true, np.ndarray):
            y_true = f32(y_true)
        inputs = {"y_true": y_true, "y_pred": f32(y_pred)}
        return Case("keras", template, compute, inputs, kwargs)

    article_y = [[1], [0], [1], [0], [0], [0], [0]]
    article_p = [[0.8], [0.33], [0.77], [0.66], [0.55], [0.002], [0.213]]
    cce_y = [[0, 1, 0], [0, 0, 1], [1, 0, 0], [0.2, 0.3, 0.5]]
    cce_p = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.2, 0.2, 0.6]]
    cce_z = [[1.0, 2.0, 3.0], [50.0, 10.0, 0.0], [-1.0, 0.5, 2.0], [0.0, 0.0, 0.0]]
    scce_t = np.array([1, 2, 0, 2])
    grid, onehot = axis_inputs()
    e = np.exp(grid)
    axis_p = e / e.sum(axis=1, keepdims=True)

    return {
        "keras_bce_article": case(bce_call, bce, article_y, article_p),
        "keras_bce_article_sigmoid": case(
            "keras.losses.binary_crossentropy(y_true, keras.ops.sigmoid(y_pred){kw})",
            bce_of_sigmoid,
            article_y,
            article_p,
        ),
        "keras_bce_article2": case(bce_call, bce, [[1, 1], [0, 0]], [[0.7, 0.6], [0.3, 0.2]]),
        "keras_bce_article3": case(bce_call, bce, [[1], [1], [0], [0]], [[0.7], [0.6], [0.3], [0.2]]),
        "keras_bce_from_logits": case(bce_call, bce, article_y, article_p, from_logits=True),
        "keras_bce_from_logits_wide": case(
            bce_call,
            bce,
            [[1], [0], [1], [0], [1], [1], [0]],
            [[-40.0], [40.0], [0.0], [3.0], [-3.0], [15.0], [-15.0]],
            from_logits=True,
        ),
        "keras_bce_label_smoothing": case(bce_call, bce, article_y, article_p, label_smoothing=0.1),
        "keras_bce_extreme": case(bce_call, bce, [[1], [0], [1], [0]], [[0.0], [1.0], [1e-9], [0.9999999]]),
        "keras_cce": case(cce_call, cce, cce_y, cce_p),
        "keras_cce_unnormalised": case(
            cce_call,
            cce,
            cce_y,
            [[0.1, 1.9, 0.0], [0.2, 1.6, 0.2], [3, 3, 4], [2, 2, 6]],
        ),
        "keras_cce_label_smoothing": case(cce_call, cce, cce_y, cce_p, label_smoothing=0.1),
        "keras_cce_from_logits": case(cce_call, cce, cce_y, cce_z, from_logits=True),
        "keras_scce": case(scce_call, scce, scce_t, cce_p),
        "keras_scce_from_logits": case(scce_call, scce, scce_t, cce_z, from_logits=True),
        "keras_cce_axis": case(cce_call, cce, f32(onehot), axis_p, axis=1),
    }


def torch_cases(torch: ModuleType) -> dict[str, Case]:
    functional = torch.nn.functional
    ce = functional.cross_entropy
    bce_logits = functional.binary_cross_entropy_with_logits
    ce_call = "torch.nn.functional.cross_entropy(input, target{kw})"
    bce_logits_call = "torch.nn.functional.binary_cross_entropy_with_logits(input, target{kw})"

    def grad_call(template: str) -> str:
        return f"torch.autograd.grad({template}.sum(), input)"

    def case(
        template: str,
        compute: Compute,
        x: ArrayLike,
        target: ArrayLike,
        **kwargs: object,
    ) -> Case:
        """A float64 case; an integer ``target`` array (class indices) is kept."""
        if not isinstance(target, np.ndarray):
            target = f64(target)
        inputs = {"input": f64(x), "target": target}
        return Case("torch", template, compute, inputs, {"reduction": "none", **kwargs})

    z = [
        [1.0, 2.0, 3.0],
        [50.0, 10.0, 0.0],
        [-1.0, 0.5, 2.0],
        [0.0, 0.0, 0.0],
        [2.0, -3.0, 0.5],
    ]
    t = np.array([2, 0, 1, 1, 0])
    y = [[0.1, 0.2, 0.7], [1, 0, 0], [0.3, 0.3, 0.4], [0, 1, 0], [0.5, 0.25, 0.25]]
    bz = [-1000.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0]
    by = [1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0]
    grid, onehot = axis_inputs()

    return {
        "torch_ce_index": case(ce_call, torch_call(torch, ce), z, t),
        "torch_ce_index_smoothing": case(ce_call, torch_call(torch, ce), z, t, label_smoothing=0.1),
        "torch_ce_probs": case(ce_call, torch_call(torch, ce), z, y),
        "torch_ce_probs_smoothing": case(ce_call, torch_call(torch, ce), z, y, label_smoothing=0.2),
        "torch_ce_grad_index": case(grad_call(ce_call), torch_grad(torch, ce), z, t),
        "torch_ce_grad_probs": case(grad_call(ce_call), torch_grad(torch, ce), z, y),
        "torch_ce_middle_axis": case(ce_call, torch_call(torch, ce), grid - 1.0, onehot),
        "torch_bce_with_logits": case(bce_logits_call, torch_call(torch, bce_logits), bz, by),
        "torch_bce_with_logits_grad": case(grad_call(bce_logits_call), torch_grad(torch, bce_logits), bz, by),
        "torch_bce": case(
            "torch.nn.functional.binary_cross_entropy(input, target{kw})",
            torch_call(torch, functional.binary_cross_entropy),
            [0.8, 0.33, 0.77, 0.66, 0.55, 0.002, 0.213],
            [1, 0, 1, 0, 0, 0, 0],
        ),
    }


def record(torch: ModuleType, keras: ModuleType) -> dict[str, Any]:
    cases = {**keras_cases(keras), **torch_cases(torch)}
    return {
        "generated_by": "scripts/record_frameworks.py",
        "versions": {
            "keras": keras.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "torch": torch.__version__,
        },
        "keras_backend": keras.backend.backend(),
        "keras_epsilon": keras.config.epsilon(),
        "keras_floatx": keras.config.floatx(),
        "cases": {key: case.record() for key, case in cases.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON file to write")
    args = parser.parse_args()
    torch, keras = import_frameworks()
    data = record(torch, keras)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, indent=1, sort_keys=True, allow_nan=False) + "\n")
    print(f"wrote {len(data['cases'])} cases to {args.output}")


if __name__ == "__main__":
    main()
