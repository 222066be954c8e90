"""Keras-shaped NumPy losses, computed by code generated from the symbolic catalogue.

All functions take array-likes, broadcast like NumPy, keep float32 as float32
and reduce over ``axis`` the way Keras does. Each has a ``.grad`` with the same
signature: the gradient of the returned per-sample loss with respect to
``y_pred``, shaped like ``y_pred``; and a ``.value_and_grad``, again with the
same signature, that returns both, ``(loss, grad)``, computing what they share
(the log-softmax, the input checks) once: the call a training loop makes.

``epsilon=None`` (the default) is exact mathematics, computed with stable forms:
no clipping, accurate in both tails; float32 input is computed in float64, a
block at a time (never a float64 copy of the whole array), and returned as
float32, except where float32 is exact enough (sparse labels). The kernels are
generated ahead (`xentsym.generated`): importing this module needs NumPy
alone. ``epsilon=1e-7`` reproduces
Keras 3 for probability inputs: (for categorical, rows normalised first) clip
to ``[eps, 1 - eps]``, then the textbook formula in the input's float dtype
(float32 for lists, as Keras's default floatx). Logits are always exact.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import numpy as np

from . import generated
from .validation import (
    as_float_array,
    broadcast_pair,
    check_axis,
    check_class_indices,
    check_epsilon,
    check_nonnegative,
    check_smoothing,
    check_unit_interval,
    has_samples_but_no_entries,
)

__all__ = [
    "binary_crossentropy",
    "categorical_crossentropy",
    "sigmoid_cross_entropy_with_logits",
    "sparse_categorical_crossentropy",
]


_SUFFIX = {"value": "", "grad": "_grad", "value_and_grad": "_value_and_grad"}
_WHAT = {
    "grad": "The gradient of the per-sample loss with respect to ``y_pred`` (the logits or"
    " probabilities), shaped like it.",
    "value_and_grad": "The loss and its gradient together, ``(loss, grad)``, their common work"
    " done once (as ``jax.value_and_grad``).",
}


def _with_grad(compute: Callable) -> Callable[[Callable], Callable]:
    """Give a loss ``.grad`` and ``.value_and_grad``, with its signature: ``compute(what, ...)``
    computes any of the three."""

    def attach(loss: Callable) -> Callable:
        for what, doc in _WHAT.items():

            @functools.wraps(loss)
            def method(*args, _what=what, **kwargs):
                return compute(_what, *args, **kwargs)

            method.__name__ = method.__qualname__ = f"{loss.__name__}.{what}"
            method.__doc__ = doc
            returns = "tuple[np.ndarray, np.ndarray]" if what == "value_and_grad" else "np.ndarray"
            method.__signature__ = inspect.signature(loss).replace(return_annotation=returns)
            setattr(loss, what, method)
        return loss

    return attach


def _finished(result, what: str, finish: dict[str, Callable], y_pred, epsilon: float | None):
    """A kernel's result reduced (``finish`` for the value and the gradient) and cast."""
    if what == "value_and_grad":
        value, grad = result
        return _as_output(finish["value"](value), y_pred, epsilon), _as_output(
            finish["grad"](grad), y_pred, epsilon
        )
    return _as_output(finish[what](result), y_pred, epsilon)


def _compute_dtype(y_pred, epsilon: float | None) -> np.dtype | None:
    """The dtype inputs are read in. Exact mode: as given (None: the kernels choose, a block at a
    time); with clipping, Keras's: float32 unless given a float64 array."""
    if epsilon is None:
        return None
    if isinstance(y_pred, np.ndarray) and y_pred.dtype == np.float64:
        return np.dtype(np.float64)
    return np.dtype(np.float32)


def _output_dtype(y_pred, epsilon: float | None) -> np.dtype:
    """float32 for float32 input, and for Keras mode on lists; float64 otherwise."""
    if np.asarray(y_pred).dtype == np.float32:
        return np.dtype(np.float32)
    return _compute_dtype(y_pred, epsilon) or np.dtype(np.float64)


def _as_output(values: np.ndarray, y_pred, epsilon: float | None) -> np.ndarray:
    """``values`` in the output dtype; one beyond float32's range is ±inf, as it rounds."""
    with np.errstate(over="ignore"):
        return values.astype(_output_dtype(y_pred, epsilon), copy=False)


# --- binary --------------------------------------------------------------------------


# The catalogue's loss for each input kind and whether labels are smoothed, by the name of
# its kernels in xentsym.generated; Keras's clipped mode computes the textbook form of the
# plain loss, on labels smoothed as Keras does.
_BINARY = {
    (False, False): "binary_crossentropy",
    (True, False): "binary_crossentropy_from_logits",
    (False, True): "binary_crossentropy_smoothed",
    (True, True): "binary_crossentropy_from_logits_smoothed",
}
_CATEGORICAL = {
    (False, False): "categorical_crossentropy",
    (True, False): "categorical_crossentropy_from_logits",
    (False, True): "categorical_crossentropy_smoothed",
    (True, True): "categorical_crossentropy_from_logits_smoothed",
}
_SPARSE = "sparse_categorical_crossentropy_from_logits"


def _kernel(loss: str, what: str) -> Callable:
    """The generated kernel of the catalogue's ``loss``: ``what`` is value, grad,
    value_and_grad, textbook or textbook_grad."""
    return getattr(generated, loss + _SUFFIX.get(what, "_" + what))


def _exact(family: dict, from_logits: bool, smoothing: float, what: str, *arrays, **axis):
    """The stable kernel of the catalogue's loss for these options, on ``arrays``."""
    parameters = (smoothing,) if smoothing else ()
    return _kernel(family[from_logits, bool(smoothing)], what)(*arrays, *parameters, **axis)


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
    if preds.ndim and has_samples_but_no_entries(preds, axis):
        raise ValueError(f"y_pred has no entries along axis {axis} to average")
    return labels, preds, epsilon, axis, smoothing


def _binary_elementwise(labels, preds, from_logits, epsilon, smoothing, what: str):
    if epsilon is None:
        return _exact(_BINARY, from_logits, smoothing, what, labels, preds)
    if what == "value_and_grad":
        return tuple(
            _binary_elementwise(labels, preds, False, epsilon, smoothing, w) for w in ("value", "grad")
        )
    gradient = what == "grad"
    if smoothing:  # as Keras does, in the input's precision
        labels = labels * (1 - labels.dtype.type(smoothing)) + labels.dtype.type(0.5 * smoothing)
    eps = preds.dtype.type(epsilon)
    clipped = np.clip(preds, eps, 1 - eps)
    value = _kernel(_BINARY[False, False], "textbook_grad" if gradient else "textbook")(labels, clipped)
    return value * ((preds >= eps) & (preds <= 1 - eps)) if gradient else value


def _binary_mean(values: np.ndarray, axis: int, exact: bool) -> np.ndarray:
    """The mean over ``axis``, in float64 when ``exact`` (else in the values' dtype, as Keras);
    where the sum overflows (losses near 1e308), the sum of the values each divided first."""
    if not values.ndim:
        return values
    with np.errstate(over="ignore"):
        mean = np.mean(values, axis=axis, dtype=np.float64 if exact else values.dtype)
    if np.isinf(mean).any():
        mean = np.where(np.isinf(mean), np.sum(values / values.shape[axis], axis=axis), mean)
    return mean


def _binary(what, y_true, y_pred, *, from_logits=False, label_smoothing=0.0, axis=-1, epsilon=None):
    labels, preds, epsilon, axis, smoothing = _binary_inputs(
        y_true, y_pred, from_logits, label_smoothing, epsilon, axis
    )
    count = preds.shape[axis] if preds.ndim else 1
    finish = {
        "value": lambda values: _binary_mean(values, axis, exact=epsilon is None),
        "grad": lambda grad: grad / count,
    }
    result = _binary_elementwise(labels, preds, from_logits, epsilon, smoothing, what)
    return _finished(result, what, finish, y_pred, epsilon)


@_with_grad(_binary)
def binary_crossentropy(
    y_true,
    y_pred,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
    epsilon: float | None = None,
) -> np.ndarray:
    r"""Binary cross-entropy averaged over ``axis``, as ``keras.losses.binary_crossentropy``.

    For labels $y_i$ and probabilities $p_i$ (or $p_i = \sigma(z_i)$ for logits $z_i$), $n$ of
    them along ``axis``:

    $$L = -\frac{1}{n} \sum_{i=1}^{n} \bigl(y_i \log p_i + (1 - y_i) \log(1 - p_i)\bigr)$$

    Args:
        y_true: labels $y$ in $[0, 1]$ (hard 0/1 or soft).
        y_pred: probabilities $p$ in $[0, 1]$, or logits $z$ with ``from_logits=True``.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: $s$ in $[0, 1]$; labels become $y (1 - s) + s / 2$.
        axis: the axis averaged over; shape [7, 1] gives [7].
        epsilon: None for exact values; ``1e-7`` to reproduce Keras's clipping of $p$ to
            $[\epsilon, 1 - \epsilon]$.

    Returns:
        The per-sample loss, float32 for float32 ``y_pred``, else float64.

    Gradient:
        [](){#xentsym.numpy.binary_crossentropy.grad}
        ``binary_crossentropy.grad(...)``, with the same arguments, is $\partial L / \partial z_i =
        (\sigma(z_i) - y_i) / n$ for logits and $\partial L / \partial p_i = (p_i - y_i) /
        (n\, p_i (1 - p_i))$ for probabilities (0 where Keras's clipping holds $p_i$ fixed),
        shaped like ``y_pred``.
        [](){#xentsym.numpy.binary_crossentropy.value_and_grad}
        ``binary_crossentropy.value_and_grad(...)`` returns both, ``(loss, grad)``.

    Framework names:
        ``keras.losses.binary_crossentropy``; ``torch.nn.functional.binary_cross_entropy`` (and,
        with ``from_logits=True``, ``binary_cross_entropy_with_logits``) with ``reduction="none"``
        then a mean over the last axis; ``optax.sigmoid_binary_cross_entropy`` then a mean.

    Examples:
        >>> from xentsym.numpy import binary_crossentropy
        >>> binary_crossentropy([[0, 1]], [[0.4, 0.6]]).round(4)
        array([0.5108])
        >>> binary_crossentropy([[1.0]], [[40.0]], from_logits=True)  # exact where float32 gives 0
        array([4.24835426e-18])
        >>> binary_crossentropy.grad([[0.0, 1.0]], [[0.0, 2.0]], from_logits=True).round(4)
        array([[ 0.25  , -0.0596]])
        >>> loss, grad = binary_crossentropy.value_and_grad([[0, 1]], [[0.4, 0.6]])
        >>> loss.round(4), grad.round(4)
        (array([0.5108]), array([[ 0.8333, -0.8333]]))
    """
    options = {
        "from_logits": from_logits,
        "label_smoothing": label_smoothing,
        "axis": axis,
        "epsilon": epsilon,
    }
    return _binary("value", y_true, y_pred, **options)


def _sigmoid_ce(what, labels, logits):
    y, z = _elementwise_logit_inputs(labels, logits)
    unchanged = {"value": lambda values: values, "grad": lambda grad: grad}
    return _finished(_kernel(_BINARY[True, False], what)(y, z), what, unchanged, logits, None)


def _elementwise_logit_inputs(labels, logits):
    y = as_float_array(labels, "labels")
    z = as_float_array(logits, "logits")
    check_unit_interval(y, "labels", "labels")
    try:
        return np.broadcast_arrays(y, z)
    except ValueError:
        raise ValueError(f"labels of shape {y.shape} does not match logits of shape {z.shape}") from None


@_with_grad(_sigmoid_ce)
def sigmoid_cross_entropy_with_logits(labels, logits) -> np.ndarray:
    r"""Elementwise binary cross-entropy of $\sigma(z)$, as ``tf.nn.sigmoid_cross_entropy_with_logits``.

    Exact in both tails, computed as two non-negative terms:

    $$\ell(y, z) = -y \log \sigma(z) - (1 - y) \log(1 - \sigma(z))
        = (1 - y) \operatorname{softplus}(z) + y \operatorname{softplus}(-z)$$

    Args:
        labels: labels $y$ in $[0, 1]$.
        logits: logits $z$, broadcast against ``labels``.

    Returns:
        $\ell$ for each element, in the broadcast shape.

    Gradient:
        [](){#xentsym.numpy.sigmoid_cross_entropy_with_logits.grad}
        ``sigmoid_cross_entropy_with_logits.grad(labels, logits)`` is
        $\partial \ell / \partial z = \sigma(z) - y$, elementwise.
        [](){#xentsym.numpy.sigmoid_cross_entropy_with_logits.value_and_grad}
        ``sigmoid_cross_entropy_with_logits.value_and_grad(labels, logits)`` returns both,
        ``(loss, grad)``.

    Framework names:
        ``tf.nn.sigmoid_cross_entropy_with_logits``;
        ``torch.nn.functional.binary_cross_entropy_with_logits(..., reduction="none")``;
        ``optax.sigmoid_binary_cross_entropy``.

    Examples:
        >>> from xentsym.numpy import sigmoid_cross_entropy_with_logits
        >>> sigmoid_cross_entropy_with_logits([0.0, 1.0], [-40.0, 40.0])
        array([4.24835426e-18, 4.24835426e-18])
        >>> sigmoid_cross_entropy_with_logits.grad([0.0, 1.0], [0.0, 2.0]).round(4)
        array([ 0.5   , -0.1192])
        >>> loss, grad = sigmoid_cross_entropy_with_logits.value_and_grad([0.0, 1.0], [0.0, 2.0])
        >>> loss.round(4)
        array([0.6931, 0.1269])
    """
    return _sigmoid_ce("value", labels, logits)


# --- categorical ---------------------------------------------------------------------


def _categorical_preds(y_pred, from_logits, epsilon, axis):
    """Checked predictions; ``epsilon`` comes back None for logits."""
    epsilon = None if from_logits else check_epsilon(epsilon)
    dtype = _compute_dtype(y_pred, epsilon)
    preds = as_float_array(y_pred, "y_pred", dtype)
    if preds.ndim == 0:
        raise ValueError("y_pred must have a class axis; got a scalar")
    axis = check_axis(axis, preds.ndim)
    if has_samples_but_no_entries(preds, axis):
        raise ValueError(f"y_pred has no classes along axis {axis}: a distribution needs at least one")
    if not from_logits:
        if epsilon is None:
            check_unit_interval(preds, "y_pred", "probabilities")
        else:
            check_nonnegative(preds, "y_pred")
            if (preds.sum(axis=axis) <= 0).any():
                raise ValueError("y_pred has a row that sums to 0; it cannot be normalised")
    return preds, epsilon, axis


def _categorical_values(labels, preds, from_logits, epsilon, smoothing, axis, what: str):
    """Loss (keepdims), gradient or both of -Σ y log p over ``axis``, by mode."""
    if epsilon is None:
        return _exact(_CATEGORICAL, from_logits, smoothing, what, labels, preds, axis=axis)
    if what == "value_and_grad":
        both = ("value", "grad")
        return tuple(_categorical_values(labels, preds, False, epsilon, smoothing, axis, w) for w in both)
    gradient = what == "grad"
    if smoothing:  # as Keras does, in the input's precision
        classes = labels.dtype.type(preds.shape[axis])
        labels = labels * (1 - labels.dtype.type(smoothing)) + labels.dtype.type(smoothing) / classes
    total = preds.sum(axis=axis, keepdims=True)
    normalised = preds / total
    eps = preds.dtype.type(epsilon)
    clipped = np.clip(normalised, eps, 1 - eps)
    textbook = _kernel(_CATEGORICAL[False, False], "textbook_grad" if gradient else "textbook")
    value = textbook(labels, clipped, axis=axis)
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


def _per_sample(axis: int) -> dict[str, Callable]:
    return {"value": lambda values: np.squeeze(values, axis=axis), "grad": lambda grad: grad}


def _categorical(what, y_true, y_pred, *, from_logits=False, label_smoothing=0.0, axis=-1, epsilon=None):
    labels, preds, epsilon, smoothing, axis = _categorical_inputs(
        y_true, y_pred, from_logits, label_smoothing, axis, epsilon
    )
    result = _categorical_values(labels, preds, from_logits, epsilon, smoothing, axis, what)
    return _finished(result, what, _per_sample(axis), y_pred, epsilon)


@_with_grad(_categorical)
def categorical_crossentropy(
    y_true,
    y_pred,
    *,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
    epsilon: float | None = None,
) -> np.ndarray:
    r"""Categorical cross-entropy over the class axis, as ``keras.losses.categorical_crossentropy``.

    For labels $y_c$ and probabilities $p_c$ of $K$ classes, or logits $z_c$ with
    $p_c = \operatorname{softmax}(z)_c$:

    $$L = -\sum_{c=1}^{K} y_c \log p_c$$

    Args:
        y_true: one-hot labels or class probabilities $y$, shaped like ``y_pred``.
        y_pred: probabilities $p$, or logits $z$ with ``from_logits=True``.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: $s$ in $[0, 1]$; labels become $y (1 - s) + s / K$.
        axis: the class axis (any axis, also a middle one).
        epsilon: None for exact values; ``1e-7`` to reproduce Keras (rows normalised to sum to 1,
            then clipped to $[\epsilon, 1 - \epsilon]$).

    Returns:
        The per-sample loss: ``y_pred``'s shape without ``axis``.

    Gradient:
        [](){#xentsym.numpy.categorical_crossentropy.grad}
        ``categorical_crossentropy.grad(...)``, with the same arguments, is
        $\partial L / \partial z_j = \operatorname{softmax}(z)_j \sum_c y_c - y_j$ for logits and
        $\partial L / \partial p_j = -y_j / p_j$ for probabilities (with ``epsilon``, through
        Keras's normalisation and clipping), shaped like ``y_pred``.
        [](){#xentsym.numpy.categorical_crossentropy.value_and_grad}
        ``categorical_crossentropy.value_and_grad(...)`` returns both, ``(loss, grad)``, the
        log-softmax computed once.

    Framework names:
        ``keras.losses.categorical_crossentropy``; with logits,
        ``torch.nn.functional.cross_entropy`` with class-probability targets and
        ``reduction="none"``, ``optax.softmax_cross_entropy`` and
        ``tf.nn.softmax_cross_entropy_with_logits``.

    Examples:
        >>> from xentsym.numpy import categorical_crossentropy
        >>> categorical_crossentropy([[0, 1, 0]], [[0.2, 0.7, 0.1]]).round(4)
        array([0.3567])
        >>> categorical_crossentropy.grad([[0, 1, 0]], [[1.0, 2.0, 0.0]], from_logits=True).round(4)
        array([[ 0.2447, -0.3348,  0.09  ]])
        >>> loss, grad = categorical_crossentropy.value_and_grad([[0, 1, 0]], [[0.2, 0.7, 0.1]])
        >>> grad.round(4)  # only the true class's probability moves the loss
        array([[-0.    , -1.4286, -0.    ]])
    """
    options = {
        "from_logits": from_logits,
        "label_smoothing": label_smoothing,
        "axis": axis,
        "epsilon": epsilon,
    }
    return _categorical("value", y_true, y_pred, **options)


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


def _sparse(what, y_true, y_pred, *, from_logits=False, axis=-1, epsilon=None):
    labels, preds, epsilon, axis, classes = _sparse_inputs(y_true, y_pred, from_logits, axis, epsilon)
    if from_logits:
        result = _kernel(_SPARSE, what)(labels, preds, axis=axis)
    else:
        onehot = _one_hot(labels, classes, axis, preds.dtype)
        result = _categorical_values(onehot, preds, False, epsilon, 0.0, axis, what)
    return _finished(result, what, _per_sample(axis), y_pred, epsilon)


def _one_hot(index, classes: int, axis: int, dtype) -> np.ndarray:
    """An indicator array: 1 at class ``index`` along ``axis``, 0 elsewhere."""
    index = np.expand_dims(index, axis)
    shape = [1] * index.ndim
    shape[axis] = classes
    return (np.arange(classes).reshape(shape) == index).astype(dtype)


@_with_grad(_sparse)
def sparse_categorical_crossentropy(
    y_true, y_pred, *, from_logits: bool = False, axis: int = -1, epsilon: float | None = None
) -> np.ndarray:
    r"""Cross-entropy with integer labels, as ``keras.losses.sparse_categorical_crossentropy``.

    For the true class $k$ and probabilities $p$ (or logits $z$):

    $$L = -\log p_k = \operatorname{logsumexp}(z) - z_k$$

    Args:
        y_true: class indices $k$ in $[0, K)$, of shape (N,) or (N, 1) for ``y_pred`` of shape (N, K).
        y_pred: probabilities $p$, or logits $z$ with ``from_logits=True``.
        from_logits: whether ``y_pred`` holds logits.
        axis: the class axis.
        epsilon: None for exact values; ``1e-7`` to reproduce Keras.

    Returns:
        The per-sample loss: ``y_pred``'s shape without ``axis``.

    Gradient:
        [](){#xentsym.numpy.sparse_categorical_crossentropy.grad}
        ``sparse_categorical_crossentropy.grad(...)``, with the same arguments, is
        $\partial L / \partial z_j = \operatorname{softmax}(z)_j - \delta_{jk}$ for logits and
        $\partial L / \partial p_j = -\delta_{jk} / p_k$ for probabilities, shaped like ``y_pred``.
        [](){#xentsym.numpy.sparse_categorical_crossentropy.value_and_grad}
        ``sparse_categorical_crossentropy.value_and_grad(...)`` returns both, ``(loss, grad)``.

    Framework names:
        ``keras.losses.sparse_categorical_crossentropy``; with logits,
        ``torch.nn.functional.cross_entropy`` with class-index targets and ``reduction="none"``,
        ``optax.softmax_cross_entropy_with_integer_labels`` and
        ``tf.nn.sparse_softmax_cross_entropy_with_logits``.

    Examples:
        >>> from xentsym.numpy import sparse_categorical_crossentropy
        >>> sparse_categorical_crossentropy([1], [[0.2, 0.7, 0.1]]).round(4)
        array([0.3567])
        >>> sparse_categorical_crossentropy.grad([1], [[0.2, 0.7, 0.1]]).round(4)
        array([[-0.    , -1.4286, -0.    ]])
        >>> logits = [[1.0, 2.0, 0.0]]
        >>> loss, grad = sparse_categorical_crossentropy.value_and_grad([1], logits, from_logits=True)
        >>> grad.round(4)
        array([[ 0.2447, -0.3348,  0.09  ]])
    """
    return _sparse("value", y_true, y_pred, from_logits=from_logits, axis=axis, epsilon=epsilon)
