"""Stable NumPy kernels for the named functions of :mod:`xentsym.functions`.

Generated code calls these; each one is the numerically careful way to compute
its function: no overflow, no NaN or inf for finite input, no floating-point
warnings, and no cancellation where the result is tiny.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "log_softmax",
    "logsumexp",
    "one_hot",
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
    """x / y with 0 / 0 = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.asarray(x) == 0, 0.0, x / np.asarray(y, dtype=float))


def _shifted_exp(z, axis):
    """z - max(z) and exp of it with the maximum's own entry (exactly 1) set to 0.

    Summing the rest separately lets log1p see the tiny mass of the other
    classes, which ``log(1 + rest)`` would round away.
    """
    top = np.expand_dims(np.argmax(z, axis=axis), axis)
    shifted = z - np.take_along_axis(z, top, axis=axis)
    rest = np.exp(shifted)
    np.put_along_axis(rest, top, 0.0, axis=axis)
    return shifted, rest.sum(axis=axis, keepdims=True)


def log_softmax(z, axis=-1):
    """z - logsumexp(z) = (z - max) - log1p(Σ_{others} exp(z_c - max)): two terms of one sign."""
    shifted, rest = _shifted_exp(z, axis)
    shifted -= np.log1p(rest)
    return shifted


def logsumexp(z, axis=-1):
    """max(z) + log1p(Σ_{others} exp(z_c - max)), reduced with keepdims."""
    z = np.asarray(z)
    return np.max(z, axis=axis, keepdims=True) + np.log1p(_shifted_exp(z, axis)[1])


def softmax(z, axis=-1):
    """exp(z - max) normalised; every exponent is ≤ 0."""
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e


def take(values, index, axis=-1):
    """The entries of ``values`` at class ``index`` (one per sample), keeping the axis."""
    return np.take_along_axis(values, np.expand_dims(index, axis), axis=axis)


def one_hot(index, classes, axis=-1):
    """An indicator array: 1 at class ``index`` along ``axis``, 0 elsewhere."""
    index = np.expand_dims(index, axis)
    shape = [1] * index.ndim
    shape[axis] = classes
    return (np.arange(classes).reshape(shape) == index).astype(float)
