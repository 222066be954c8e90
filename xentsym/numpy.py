"""Keras-shaped NumPy losses, computed by code generated from the symbolic catalogue.

All functions take array-likes, broadcast like NumPy, keep float32 as float32
and reduce over ``axis`` the way Keras does. Each has a ``.grad`` with the same
signature: the gradient of the returned per-sample loss with respect to
``y_pred``, shaped like ``y_pred``.

``epsilon=None`` (the default) is exact mathematics, computed in float64 with
stable forms: no clipping, accurate in both tails. ``epsilon=1e-7`` reproduces
Keras 3 for probability inputs: (for categorical, rows normalised first) clip
to ``[eps, 1 - eps]``, then the textbook formula in the input's float dtype
(float32 for lists, as Keras's default floatx). Logits are always exact.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .catalogue import CATALOGUE
from .kernels import one_hot
from .validation import (
    as_float_array,
    broadcast_pair,
    check_axis,
    check_class_indices,
    check_epsilon,
    check_nonnegative,
    check_smoothing,
    check_unit_interval,
)

__all__ = [
    "binary_crossentropy",
    "categorical_crossentropy",
    "sigmoid_cross_entropy_with_logits",
    "sparse_categorical_crossentropy",
]


def _with_grad(grad: Callable) -> Callable[[Callable], Callable]:
    def attach(loss: Callable) -> Callable:
        grad.__name__ = f"{loss.__name__}.grad"
        grad.__qualname__ = grad.__name__
        loss.grad = grad
        return loss

    return attach


def _compute_dtype(y_pred, epsilon: float | None) -> np.dtype:
    """float64 in exact mode; with clipping, Keras's: float32 unless given a float64 array."""
    if epsilon is None or (isinstance(y_pred, np.ndarray) and y_pred.dtype == np.float64):
        return np.dtype(np.float64)
    return np.dtype(np.float32)


def _output_dtype(y_pred, epsilon: float | None) -> np.dtype:
    """float32 for float32 input, and for Keras mode on lists; float64 otherwise."""
    if np.asarray(y_pred).dtype == np.float32:
        return np.dtype(np.float32)
    return _compute_dtype(y_pred, epsilon)


def _as_output(values: np.ndarray, y_pred, epsilon: float | None) -> np.ndarray:
    """``values`` in the output dtype; one beyond float32's range is ±inf, as it rounds."""
    with np.errstate(over="ignore"):
        return values.astype(_output_dtype(y_pred, epsilon))


# --- binary --------------------------------------------------------------------------


# The catalogue's loss for each input kind and whether labels are smoothed; Keras's clipped
# mode computes the textbook form of the plain loss, on labels smoothed as Keras does.
_BINARY = {
    (False, False): CATALOGUE["binary_crossentropy"],
    (True, False): CATALOGUE["binary_crossentropy_from_logits"],
    (False, True): CATALOGUE["binary_crossentropy_smoothed"],
    (True, True): CATALOGUE["binary_crossentropy_from_logits_smoothed"],
}
_CATEGORICAL = {
    (False, False): CATALOGUE["categorical_crossentropy"],
    (True, False): CATALOGUE["categorical_crossentropy_from_logits"],
    (False, True): CATALOGUE["categorical_crossentropy_smoothed"],
    (True, True): CATALOGUE["categorical_crossentropy_from_logits_smoothed"],
}
_SPARSE = CATALOGUE["sparse_categorical_crossentropy_from_logits"]


def _exact(family: dict, from_logits: bool, smoothing: float, gradient: bool, *arrays, **axis):
    """The stable kernel of the catalogue's loss for these options, on ``arrays``."""
    loss = family[from_logits, bool(smoothing)]
    parameters = (arrays[-1].dtype.type(smoothing),) if smoothing else ()
    return loss.kernel(gradient=gradient)(*arrays, *parameters, **axis)


def _binary_inputs(y_true, y_pred, from_logits, label_smoothing, epsilon, axis):
    """Checked, broadcast inputs and options; ``epsilon`` comes back None for logits."""
    epsilon = None if from_logits else check_epsilon(epsilon)
    smoothing = check_smoothing(label_smoothing)
    dtype = _compute_dtype(y_pred, epsilon)
    labels = as_float_array(y_true, "y_true", dtype)
    preds = as_float_array(y_pred, "y_pred", dtype)
    check_unit_interval(labels, "y_true", "labels")
    if not from_logits:
        check_unit_interval(preds, "y_pred", "probabilities")
    labels, preds = broadcast_pair(labels, preds)
    axis = check_axis(axis, preds.ndim)
    return labels, preds, epsilon, axis, smoothing


def _binary_elementwise(labels, preds, from_logits, epsilon, smoothing, gradient: bool):
    if epsilon is None:
        return _exact(_BINARY, from_logits, smoothing, gradient, labels, preds)
    if smoothing:  # as Keras does, in the input's precision
        labels = labels * (1 - labels.dtype.type(smoothing)) + labels.dtype.type(0.5 * smoothing)
    eps = preds.dtype.type(epsilon)
    clipped = np.clip(preds, eps, 1 - eps)
    value = _BINARY[False, False].kernel(gradient=gradient, textbook=True)(labels, clipped)
    return value * ((preds >= eps) & (preds <= 1 - eps)) if gradient else value


def _binary_mean(values: np.ndarray, axis: int) -> np.ndarray:
    return np.mean(values, axis=axis) if values.ndim else values


def _binary_grad(y_true, y_pred, *, from_logits=False, label_smoothing=0.0, axis=-1, epsilon=None):
    """Gradient of :func:`binary_crossentropy` with respect to ``y_pred``, shaped like it."""
    labels, preds, epsilon, axis, smoothing = _binary_inputs(
        y_true, y_pred, from_logits, label_smoothing, epsilon, axis
    )
    grad = _binary_elementwise(labels, preds, from_logits, epsilon, smoothing, gradient=True)
    count = preds.shape[axis] if preds.ndim else 1
    return _as_output(grad / count, y_pred, epsilon)


@_with_grad(_binary_grad)
def binary_crossentropy(
    y_true,
    y_pred,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
    epsilon: float | None = None,
) -> np.ndarray:
    """Binary cross-entropy averaged over ``axis``, as ``keras.losses.binary_crossentropy``.

    Args:
        y_true: labels in [0, 1] (hard 0/1 or soft).
        y_pred: probabilities in [0, 1], or logits with ``from_logits=True``.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: s in [0, 1]; labels become y (1 - s) + s / 2.
        axis: the axis averaged over; shape [7, 1] gives [7].
        epsilon: None for exact values; 1e-7 to reproduce Keras's clipping.

    Returns:
        The per-sample loss, float32 for float32 ``y_pred``, else float64.
    """
    labels, preds, epsilon, axis, smoothing = _binary_inputs(
        y_true, y_pred, from_logits, label_smoothing, epsilon, axis
    )
    values = _binary_elementwise(labels, preds, from_logits, epsilon, smoothing, gradient=False)
    return _as_output(_binary_mean(values, axis), y_pred, epsilon)


def _sigmoid_ce_grad(labels, logits):
    """Gradient of :func:`sigmoid_cross_entropy_with_logits`: σ(z) - y, elementwise."""
    y, z = _elementwise_logit_inputs(labels, logits)
    return _as_output(_BINARY[True, False].kernel(gradient=True)(y, z), logits, None)


def _elementwise_logit_inputs(labels, logits):
    y = as_float_array(labels, "labels", np.float64)
    z = as_float_array(logits, "logits", np.float64)
    check_unit_interval(y, "labels", "labels")
    try:
        return np.broadcast_arrays(y, z)
    except ValueError:
        raise ValueError(f"labels of shape {y.shape} does not match logits of shape {z.shape}") from None


@_with_grad(_sigmoid_ce_grad)
def sigmoid_cross_entropy_with_logits(labels, logits) -> np.ndarray:
    """Elementwise BCE of σ(logits), as ``tf.nn.sigmoid_cross_entropy_with_logits``.

    Exact in both tails: ``(1 - y) softplus(z) + y softplus(-z)``.
    """
    y, z = _elementwise_logit_inputs(labels, logits)
    return _as_output(_BINARY[True, False].kernel()(y, z), logits, None)


# --- categorical ---------------------------------------------------------------------


def _categorical_preds(y_pred, from_logits, epsilon, axis):
    """Checked predictions; ``epsilon`` comes back None for logits."""
    epsilon = None if from_logits else check_epsilon(epsilon)
    dtype = _compute_dtype(y_pred, epsilon)
    preds = as_float_array(y_pred, "y_pred", dtype)
    if preds.ndim == 0:
        raise ValueError("y_pred must have a class axis; got a scalar")
    axis = check_axis(axis, preds.ndim)
    if not from_logits:
        if epsilon is None:
            check_unit_interval(preds, "y_pred", "probabilities")
        else:
            check_nonnegative(preds, "y_pred")
            if (preds.sum(axis=axis) <= 0).any():
                raise ValueError("y_pred has a row that sums to 0; it cannot be normalised")
    return preds, epsilon, axis


def _categorical_values(labels, preds, from_logits, epsilon, smoothing, axis, gradient: bool):
    """Loss (keepdims) or gradient of -Σ y log p over ``axis``, by mode."""
    if epsilon is None:
        return _exact(_CATEGORICAL, from_logits, smoothing, gradient, labels, preds, axis=axis)
    if smoothing:  # as Keras does, in the input's precision
        classes = labels.dtype.type(preds.shape[axis])
        labels = labels * (1 - labels.dtype.type(smoothing)) + labels.dtype.type(smoothing) / classes
    total = preds.sum(axis=axis, keepdims=True)
    normalised = preds / total
    eps = preds.dtype.type(epsilon)
    clipped = np.clip(normalised, eps, 1 - eps)
    value = _CATEGORICAL[False, False].kernel(gradient=gradient, textbook=True)(labels, clipped, axis=axis)
    if not gradient:
        return value
    # Chain rule through the clip (zero slope outside) and the row normalisation p / Σp.
    value = value * ((normalised >= eps) & (normalised <= 1 - eps))
    return (value - np.sum(value * normalised, axis=axis, keepdims=True)) / total


def _categorical_inputs(y_true, y_pred, from_logits, label_smoothing, axis, epsilon):
    smoothing = check_smoothing(label_smoothing)
    preds, epsilon, axis = _categorical_preds(y_pred, from_logits, epsilon, axis)
    labels = as_float_array(y_true, "y_true", preds.dtype)
    check_unit_interval(labels, "y_true", "labels (one-hot or class probabilities)")
    labels, preds = broadcast_pair(labels, preds, same_rank=True)
    return labels, preds, epsilon, smoothing, axis


def _categorical_grad(y_true, y_pred, *, from_logits=False, label_smoothing=0.0, axis=-1, epsilon=None):
    """Gradient of :func:`categorical_crossentropy` with respect to ``y_pred``."""
    labels, preds, epsilon, smoothing, axis = _categorical_inputs(
        y_true, y_pred, from_logits, label_smoothing, axis, epsilon
    )
    grad = _categorical_values(labels, preds, from_logits, epsilon, smoothing, axis, gradient=True)
    return _as_output(grad, y_pred, epsilon)


@_with_grad(_categorical_grad)
def categorical_crossentropy(
    y_true,
    y_pred,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
    epsilon: float | None = None,
) -> np.ndarray:
    """Categorical cross-entropy -Σ_c y_c log p_c over ``axis``, as Keras's.

    Args:
        y_true: one-hot labels or class probabilities, shaped like ``y_pred``.
        y_pred: probabilities, or logits with ``from_logits=True``.
        label_smoothing: s in [0, 1]; labels become y (1 - s) + s / K.
        axis: the class axis (any axis, also a middle one).
        epsilon: None for exact values; 1e-7 to reproduce Keras (normalise rows, clip).

    Returns:
        The per-sample loss: ``y_pred``'s shape without ``axis``.
    """
    labels, preds, epsilon, smoothing, axis = _categorical_inputs(
        y_true, y_pred, from_logits, label_smoothing, axis, epsilon
    )
    values = _categorical_values(labels, preds, from_logits, epsilon, smoothing, axis, gradient=False)
    return _as_output(np.squeeze(values, axis=axis), y_pred, epsilon)


def _sparse_inputs(y_true, y_pred, from_logits, axis, epsilon):
    preds, epsilon, axis = _categorical_preds(y_pred, from_logits, epsilon, axis)
    classes = preds.shape[axis]
    labels = check_class_indices(y_true, classes)
    sample_shape = preds.shape[:axis] + preds.shape[axis + 1 :]
    if labels.shape == (*sample_shape[:axis], 1, *sample_shape[axis:]):
        labels = np.squeeze(labels, axis=axis)
    if labels.shape != sample_shape:
        raise ValueError(
            f"y_true of shape {np.shape(y_true)} does not match y_pred of shape {preds.shape}:"
            f" expected class indices of shape {sample_shape}"
        )
    return labels, preds, epsilon, axis, classes


def _sparse_grad(y_true, y_pred, *, from_logits=False, axis=-1, epsilon=None):
    """Gradient of :func:`sparse_categorical_crossentropy` with respect to ``y_pred``."""
    labels, preds, epsilon, axis, classes = _sparse_inputs(y_true, y_pred, from_logits, axis, epsilon)
    if from_logits:
        grad = _SPARSE.kernel(gradient=True)(labels, preds, axis=axis)
    else:
        onehot = one_hot(labels, classes, axis).astype(preds.dtype, copy=False)
        grad = _categorical_values(onehot, preds, False, epsilon, 0.0, axis, gradient=True)
    return _as_output(grad, y_pred, epsilon)


@_with_grad(_sparse_grad)
def sparse_categorical_crossentropy(
    y_true, y_pred, *, from_logits: bool = False, axis: int = -1, epsilon: float | None = None
) -> np.ndarray:
    """Cross-entropy with integer labels: -log p_k for the true class k, as Keras's.

    Args:
        y_true: class indices in [0, K), of shape (N,) or (N, 1) for y_pred (N, K).
        y_pred: probabilities, or logits with ``from_logits=True``.
        axis: the class axis.
        epsilon: None for exact values; 1e-7 to reproduce Keras.
    """
    labels, preds, epsilon, axis, classes = _sparse_inputs(y_true, y_pred, from_logits, axis, epsilon)
    if from_logits:
        values = _SPARSE.kernel()(labels, preds, axis=axis)
    else:
        onehot = one_hot(labels, classes, axis).astype(preds.dtype, copy=False)
        values = _categorical_values(onehot, preds, False, epsilon, 0.0, axis, gradient=False)
    return _as_output(np.squeeze(values, axis=axis), y_pred, epsilon)
