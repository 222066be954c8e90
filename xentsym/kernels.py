"""Stable NumPy kernels for the named functions of :mod:`xentsym.functions`.

Generated code calls these; each one is the numerically careful way to compute
its function: no overflow, no NaN or inf for finite input, no floating-point
warnings, and no cancellation where the result is tiny.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "class_sum",
    "log_softmax",
    "logsumexp",
    "one_hot",
    "quotient",
    "sigmoid",
    "softmax",
    "softplus",
    "take",
    "xdivy",
    "xlog1py",
    "xlogy",
]


def sigmoid(x):
    """σ(x) through exp(-|x|), which never overflows; each branch is a ratio of positives."""
    e = np.exp(-np.abs(x))
    return np.where(np.asarray(x) >= 0, 1 / (1 + e), e / (1 + e))


def softplus(x):
    """log(1 + exp(x)) as logaddexp(0, x): max(x, 0) + log1p(exp(-|x|)), exact in both tails."""
    return np.logaddexp(0, x)


def xlogy(x, y):
    """x·log(y) with 0·log(0) = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(x) == 0, 0.0, x * np.log(y))


def xlog1py(x, y):
    """x·log1p(y) with 0·log(0) = 0; log1p keeps log(1 - p) accurate for tiny p."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(x) == 0, 0.0, x * np.log1p(y))


def xdivy(x, y):
    """x / y with 0 / 0 = 0; a quotient beyond the float range is ±inf, as it is exactly."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(np.asarray(x) == 0, 0.0, x / np.asarray(y, dtype=float))


def quotient(numerator, denominator, where_zero):
    """numerator / denominator, and ``where_zero`` where the denominator is 0 (or underflows
    to 0): there the terms the quotient was combined from, whose conventions give the value."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(np.asarray(denominator) == 0, where_zero, numerator / denominator)


# The class-axis kernels work on a (samples, classes) view of the logits, a block
# of rows at a time: each block's temporaries fit in cache and the result is
# written in place, so a large batch costs one output array and no full-size
# temporaries. Besides the whole array, each can give its value at one class per
# sample (``at``) or its weighted sum over the classes (``weights``), both with
# the class axis kept, without ever holding the whole array.
_BLOCK_BYTES = 1 << 18


def _class_axis(compute, z, axis, at=None, weights=None, reduces=False):
    """``compute(block)`` over row blocks of ``z`` (class axis last), written into one result.

    ``compute`` maps a (rows, classes) block to the function's values there, or,
    if it ``reduces``, to one value per row. Values per class are kept whole,
    gathered at the classes ``at``, or summed against ``weights``.
    """
    z = np.asarray(z)
    dtype = np.result_type(z, 1.0)
    out_dtype = dtype
    if weights is not None:
        out_dtype = np.result_type(dtype, weights if np.isscalar(weights) else np.asarray(weights))
        z, weights = np.broadcast_arrays(z, weights)
        weights = np.moveaxis(weights, axis, -1)
    z = np.moveaxis(z.astype(dtype, copy=False), axis, -1)
    rows = z.reshape(-1, z.shape[-1])
    if at is not None:
        at = np.broadcast_to(at, z.shape[:-1]).reshape(-1, 1)
    if weights is not None:
        weights = weights.reshape(rows.shape)
    width = 1 if reduces or at is not None or weights is not None else z.shape[-1]
    result = np.empty((*z.shape[:-1], width), dtype=out_dtype)
    out = result.reshape(rows.shape[0], result.shape[-1])
    step = max(1, _BLOCK_BYTES // max(1, rows.shape[1] * rows.itemsize))
    for start in range(0, rows.shape[0], step):
        block = slice(start, start + step)
        values = compute(rows[block])
        if at is not None:
            values = np.take_along_axis(values, at[block], axis=1)
        elif weights is not None:
            values = class_sum(weights[block], values, axis=1)
        out[block] = values
    return result if axis in (-1, result.ndim - 1) else np.moveaxis(result, -1, axis)


def _exp_shifted(block, top):
    """exp(z - m) for each entry z of a block and its row's maximum m, with z - m taken exactly.

    The rounded difference d carries an error e (found without error by TwoSum) that exp would
    turn into a relative error |z - m|·2⁻⁵³, hundreds of ulp at z - m = -700; exp(d)(1 + e)
    takes it back. A spread beyond the float range gives d = -inf, and exp(d) = 0.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = block - top
        minus_top = shifted - block  # TwoSum of block and -top, two temporaries reused
        error = shifted - minus_top
        np.subtract(block, error, out=error)
        np.add(minus_top, top, out=minus_top)
        np.subtract(error, minus_top, out=error)
    if shifted.min(initial=0.0) == -np.inf:
        np.nan_to_num(error, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    values = np.exp(shifted, out=minus_top)
    np.multiply(values, error, out=error)
    values += error
    return shifted, values


def _shift(block):
    """For a (rows, classes) block: the argmax per row, z - max, and log1p of the others' mass.

    The maximum's own term exp(0) = 1 is left out of the sum, so log1p sees the
    tiny mass of the other classes, which ``log(1 + rest)`` would round away.
    """
    top = np.argmax(block, axis=1)[:, None]
    shifted, rest = _exp_shifted(block, np.take_along_axis(block, top, axis=1))
    np.put_along_axis(rest, top, 0.0, axis=1)
    return top, shifted, np.log1p(rest.sum(axis=1, keepdims=True))


def _log_softmax_block(block):
    _, shifted, log_rest = _shift(block)
    shifted -= log_rest
    return shifted


def log_softmax(z, axis=-1, at=None, weights=None):
    """z - logsumexp(z) = (z - max) - log1p(Σ_{others} exp(z_c - max)): two terms of one sign.

    With ``at`` (a class index per sample), the value at that class; with
    ``weights``, Σ_c weights_c · log_softmax(z)_c; either keeps the axis.
    """
    return _class_axis(_log_softmax_block, z, axis, at, weights)


def _logsumexp_block(block):
    top, _, log_rest = _shift(block)
    return np.take_along_axis(block, top, axis=1) + log_rest


def logsumexp(z, axis=-1):
    """max(z) + log1p(Σ_{others} exp(z_c - max)), reduced with keepdims."""
    return _class_axis(_logsumexp_block, z, axis, reduces=True)


def _softmax_block(block):
    _, e = _exp_shifted(block, block.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    return e


def softmax(z, axis=-1, at=None, weights=None):
    """exp(z - max) normalised; every exponent is ≤ 0 and exact.

    With ``at`` (a class index per sample), the value at that class; with
    ``weights``, Σ_c weights_c · softmax(z)_c; either keeps the axis.
    """
    return _class_axis(_softmax_block, z, axis, at, weights)


def class_sum(weights, values, axis=-1):
    """Σ_c weights_c · values_c along ``axis``, kept, where a zero weight adds 0 even at a value
    of -inf (a log-softmax of logits that span more than the float range).

    0 · -inf would be NaN, so the sums that came out NaN (rare) are taken again without the
    zero weights.
    """
    with np.errstate(invalid="ignore"):
        total = np.sum(values * weights, axis=axis, keepdims=True)
        bad = np.isnan(total)
        if bad.any():
            kept = np.where(np.asarray(weights) == 0, 0.0, values * weights)
            total = np.where(bad, np.sum(kept, axis=axis, keepdims=True), total)
    return total


def take(values, index, axis=-1):
    """The entries of ``values`` at class ``index`` (one per sample), keeping the axis."""
    return np.take_along_axis(values, np.expand_dims(index, axis), axis=axis)


def one_hot(index, classes, axis=-1):
    """An indicator array: 1 at class ``index`` along ``axis``, 0 elsewhere."""
    index = np.expand_dims(index, axis)
    shape = [1] * index.ndim
    shape[axis] = classes
    return (np.arange(classes).reshape(shape) == index).astype(float)
