"""Stable NumPy kernels for the named functions of `xentsym.functions`, and the driver
that runs generated code over an array a block at a time.

Generated code calls these; each one is the numerically careful way to compute
its function: no overflow, no NaN or inf for finite input, no floating-point
warnings, and no cancellation where the result is tiny.

A generated function is a *block function*, run by `blockwise` over blocks of
rows of a (samples, classes) view of its arrays, class axis last, each block in float64.
A block's temporaries fit in cache and each output is written once, so a large batch
costs its outputs and no full-size temporaries (a class axis in the middle, or an array
not in C order, is copied once into rows), and float32 input is read and written as
float32, computed in float64 a block at a time unless the kernel is exact in float32.
The class-axis kernels below take such a block.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "at_label",
    "blockwise",
    "class_sum",
    "log_softmax",
    "log_softmax_and_softmax",
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


def sigmoid(x, e=None):
    """σ(x) through e = exp(-|x|), which never overflows; each branch is a ratio of positives.

    ``e`` may be given, computed once for σ(x) and σ(-x) alike."""
    e = np.exp(-np.abs(x)) if e is None else e
    return np.where(np.asarray(x) >= 0, 1 / (1 + e), e / (1 + e))


def softplus(x, tail=None):
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), exact in both tails: NumPy's
    logaddexp(0, x) computes the same, but its scalar loop is several times slower.

    ``tail``, log1p(exp(-|x|)), may be given, computed once for softplus(x) and softplus(-x)."""
    tail = np.log1p(np.exp(-np.abs(x))) if tail is None else tail
    return np.maximum(x, 0.0) + tail


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


_BLOCK_BYTES = 1 << 18


def blockwise(block_function, arguments, axis=-1, *, kinds="", per_class=(False,), float64=True):
    """Run ``block_function`` over blocks of ``arguments`` and assemble its outputs.

    Args:
        block_function: maps the arguments' blocks (floats; labels as integers) to a tuple of
            outputs, one per entry of ``per_class``: (rows, classes) for an output with a value
            per class, else (rows, 1).
        arguments: arrays and scalars that broadcast together.
        axis: the class axis of the class arrays.
        kinds: one letter per argument: ``c`` an array with a class axis (z, y), ``s`` a value
            per sample (or one for all), without the class axis or with it of length 1, ``k``
            a class index per sample. Empty for an elementwise function: no class axis, and
            blocks are 1-D runs of elements.
        float64: whether blocks are computed in float64 (else in the arguments' float dtype:
            float32 stays float32).

    Returns:
        The output (a tuple of them if there are several), shaped like the broadcast
        arguments, the class axis kept with length 1 for an output per sample, in the
        arguments' float dtype (float64 for integers). A value beyond that dtype's range is
        ±inf, as it rounds.

    Raises:
        ValueError: an axis out of range, class arrays without a class axis, a value per
            sample given per class, or a label that is not a class index.
    """
    arrays = [np.asarray(a) for a in arguments]
    values = [a for a, kind in zip(arrays, kinds or "s" * len(arrays), strict=True) if kind != "k"]
    dtype = np.result_type(*([a for a in values if a.ndim] or values), 1.0)
    computed = np.dtype(np.float64) if float64 else dtype
    if kinds:
        results = _row_blocks(block_function, arrays, axis, kinds, per_class, dtype, computed)
    else:
        results = _element_blocks(block_function, arrays, len(per_class), dtype, computed)
    return results if len(results) > 1 else results[0]


def _element_blocks(block_function, arrays, outputs, dtype, computed):
    """Elementwise: NumPy's buffered iterator hands out broadcast runs of elements, cast to
    ``computed``, without copying the arrays whole."""
    iterator = np.nditer(
        [*arrays, *[None] * outputs],
        flags=["external_loop", "buffered", "zerosize_ok"],
        op_flags=[["readonly"]] * len(arrays) + [["writeonly", "allocate"]] * outputs,
        op_dtypes=[computed] * len(arrays) + [dtype] * outputs,
        casting="same_kind",
        buffersize=_BLOCK_BYTES // 8,
    )
    with iterator:
        for run in iterator:
            for out, value in zip(run[len(arrays) :], block_function(*run[: len(arrays)]), strict=True):
                _store(out, value)
        return tuple(iterator.operands[len(arrays) :])


def _row_blocks(block_function, arrays, axis, kinds, per_class, dtype, computed):
    """Along a class axis: blocks of rows of a (samples, classes) view, class axis last.

    A class axis in the middle, or an array not in C order, is copied once into rows."""
    rank = max(a.ndim for a, kind in zip(arrays, kinds, strict=True) if kind == "c")
    if rank == 0:
        raise ValueError("the class arrays are scalars; they need a class axis")
    if not -rank <= axis < rank:
        raise ValueError(f"axis {axis} is out of range for arrays of {rank} dimensions")
    axis %= rank
    arrays = [a if kind == "c" else _per_sample(a, rank, axis) for a, kind in zip(arrays, kinds, strict=True)]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    width, count = shape[axis], int(np.prod(shape[:axis] + shape[axis + 1 :]))
    for a, kind in zip(arrays, kinds, strict=True):
        if kind == "k":
            _check_labels(a, width)
    rows = [_rows(a, shape, axis, count, kind) for a, kind in zip(arrays, kinds, strict=True)]
    outputs = [np.empty((count, width if wide else 1), dtype) for wide in per_class]
    step = max(1, _BLOCK_BYTES // (8 * max(width, 1)))
    for start in range(0, count, step):
        part = slice(start, start + step)
        blocks = [_part(r, part, kind, computed) for r, kind in zip(rows, kinds, strict=True)]
        for out, value in zip(outputs, block_function(*blocks), strict=True):
            _store(out[part], value)
    moved = shape[:axis] + shape[axis + 1 :]
    return tuple(np.moveaxis(out.reshape(*moved, out.shape[-1]), -1, axis) for out in outputs)


def _per_sample(array, rank, axis):
    """A value per sample (or a label) with the class axis, of length 1, put in if it is not."""
    if array.ndim == rank - 1:
        return np.expand_dims(array, axis)
    if array.ndim and (array.ndim != rank or array.shape[axis] != 1):
        raise ValueError(
            f"an argument of shape {array.shape} is one value per sample: expected the class arrays'"
            f" shape without axis {axis}, or with it of length 1"
        )
    return array


def _check_labels(labels, classes):
    if labels.dtype.kind not in "iu":
        raise ValueError(f"labels must be integer class indices, not {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"labels must be class indices in [0, {classes}); found {labels.min()} to {labels.max()}"
        )


def _rows(array, shape, axis, count, kind):
    """``array`` broadcast to ``shape`` as (rows, classes), class axis last (a value per sample
    or a label: (rows, 1)); a scalar that is not a class array stays a scalar."""
    if not array.ndim and kind != "c":
        return array
    if kind != "c":
        shape = (*shape[:axis], 1, *shape[axis + 1 :])
    moved = np.moveaxis(np.broadcast_to(array, shape), axis, -1)
    return moved.reshape(count, moved.shape[-1])


def _part(rows, part, kind, computed):
    """Rows ``part`` of ``rows`` (a scalar as it is), in the ``computed`` dtype unless labels."""
    block = rows[part] if rows.ndim else rows
    return block if kind == "k" else block.astype(computed, copy=False)


def _store(out, value):
    with np.errstate(over="ignore"):  # beyond float32's range is ±inf, as it rounds
        out[...] = value


def _exp_shifted(block, top):
    """exp(z - m) for each entry z of a block and its row's maximum m, with z - m taken exactly.

    The rounded difference d carries an error e (found without error by TwoSum) that exp would
    turn into a relative error |z - m|·2⁻⁵³, hundreds of ulp at z - m = -700; exp(d)(1 + e)
    takes it back. A spread beyond the float range gives d = -inf and an error of NaN, where
    exp(d)(1 + e) is NaN, not 0: `_shift` puts those right.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        shifted = block - top
        minus_top = shifted - block  # TwoSum of block and -top, two temporaries reused
        error = shifted - minus_top
        np.subtract(block, error, out=error)
        np.add(minus_top, top, out=minus_top)
        np.subtract(error, minus_top, out=error)
        values = np.exp(shifted, out=minus_top)
        np.multiply(values, error, out=error)
        values += error
    return shifted, values


def _shift(block):
    """For a block: the argmax per row, z - max, exp(z - max) with 0 at the argmax, and the
    sum of the others' exp(z - max).

    The maximum's own term exp(0) = 1 is left out of the sum, so log1p sees the
    tiny mass of the other classes, which ``log(1 + rest)`` would round away.
    """
    top = np.argmax(block, axis=1)[:, None]
    shifted, rest = _exp_shifted(block, np.take_along_axis(block, top, axis=1))
    np.put_along_axis(rest, top, 0.0, axis=1)
    others = rest.sum(axis=1, keepdims=True)
    if np.isnan(others).any():  # a spread beyond the float range (rare): exp(-inf) is 0
        np.nan_to_num(rest, copy=False, nan=0.0)
        others = rest.sum(axis=1, keepdims=True)
    return top, shifted, rest, others


def log_softmax_and_softmax(block):
    """Both, from one pass: log_softmax = (z - max) - log1p(others), two terms of one sign, and
    softmax = exp(z - max) / (1 + others), every exponent ≤ 0 and exact."""
    top, shifted, exps, others = _shift(block)
    shifted -= np.log1p(others)
    np.put_along_axis(exps, top, 1.0, axis=1)
    exps /= 1 + others
    return shifted, exps


def log_softmax(block):
    """z - logsumexp(z) = (z - max) - log1p(Σ_{others} exp(z_c - max)): two terms of one sign."""
    _, shifted, _, others = _shift(block)
    shifted -= np.log1p(others)
    return shifted


def softmax(block):
    """exp(z - max) / (1 + Σ_{others} exp(z_c - max)); every exponent is ≤ 0 and exact."""
    top, _, exps, others = _shift(block)
    np.put_along_axis(exps, top, 1.0, axis=1)
    exps /= 1 + others
    return exps


def logsumexp(block):
    """max(z) + log1p(Σ_{others} exp(z_c - max)), one per row."""
    top, _, _, others = _shift(block)
    return np.take_along_axis(block, top, axis=1) + np.log1p(others)


def class_sum(weights, values):
    """Σ_c weights_c · values_c per row, where a zero weight adds 0 even at a value of -inf
    (a log-softmax of logits that span more than the float range).

    0 · -inf would be NaN, so the sums that came out NaN (rare) are taken again without the
    zero weights.
    """
    with np.errstate(invalid="ignore", over="ignore"):  # a sum beyond the float range is ±inf
        total = np.sum(values * weights, axis=-1, keepdims=True)
        bad = np.isnan(total)
        if bad.any():
            kept = np.where(np.asarray(weights) == 0, 0.0, values * weights)
            total = np.where(bad, np.sum(kept, axis=-1, keepdims=True), total)
    return total


def take(values, index):
    """The entries of ``values`` at class ``index`` (one per row, shape (rows, 1))."""
    return np.take_along_axis(values, index, axis=-1)


def one_hot(index, classes):
    """An indicator block: 1 at class ``index`` of each row, 0 elsewhere."""
    return (np.arange(classes) == index).astype(np.float64)


def at_label(elsewhere, at, index, classes):
    """A block that is ``at`` at class ``index`` of each row and ``elsewhere`` at the others:
    a function of δ_jk, computed at δ = 0 and at δ = 1 and put together, so that the value at
    the label is computed once per row rather than once per class."""
    values = np.empty((index.shape[0], classes))
    values[...] = elsewhere
    np.put_along_axis(values, index, at, axis=-1)
    return values
