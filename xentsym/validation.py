"""Input checks for the numeric API: each error names the argument and the problem."""

from __future__ import annotations

import numpy as np

__all__ = [
    "as_float_array",
    "broadcast_pair",
    "check_axis",
    "check_class_indices",
    "check_epsilon",
    "check_nonnegative",
    "check_smoothing",
    "check_unit_interval",
    "has_samples_but_no_entries",
]


def _all_finite(array: np.ndarray) -> bool:
    """Whether every entry is finite: a finite sum says so in one pass without a temporary (an
    inf or NaN makes the sum inf or NaN); a sum that overflowed is checked entry by entry."""
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(array)):
            return True
    return bool(np.isfinite(array).all())


def as_float_array(value, name: str, dtype=None) -> np.ndarray:
    """``value`` as a float array with no NaN or inf; ``dtype`` None keeps float32 as float32."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise TypeError(f"{name} is not an array of numbers: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers, not {array.dtype}")
    if dtype is None:
        dtype = array.dtype if array.dtype in (np.float32, np.float64) else np.float64
    array = array.astype(dtype, copy=False)
    if not _all_finite(array):
        if np.isnan(array).any():
            raise ValueError(f"{name} contains NaN")
        raise ValueError(f"{name} contains inf; only finite values have a loss")
    return array


def check_unit_interval(array: np.ndarray, name: str, what: str) -> None:
    if array.size and (array.min() < 0 or array.max() > 1):
        hint = " (pass from_logits=True for raw scores)" if what == "probabilities" else ""
        raise ValueError(
            f"{name} must be {what} in [0, 1]; found values from {array.min()} to {array.max()}{hint}"
        )


def check_nonnegative(array: np.ndarray, name: str) -> None:
    if array.size and array.min() < 0:
        raise ValueError(f"{name} must be non-negative; found {array.min()}")


def broadcast_pair(
    y_true: np.ndarray, y_pred: np.ndarray, *, same_rank: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Both arrays broadcast to one shape, or an error naming both shapes.

    As in Keras, a trailing axis of length 1 on one side only is matched first
    (labels [7] against predictions [7, 1]), where NumPy would broadcast the pair
    to [7, 7]. With ``same_rank``, y_true must have y_pred's axes, so that class
    indices are not read as one-hot rows.
    """
    if y_true.ndim + 1 == y_pred.ndim and y_pred.shape[-1:] == (1,):
        y_true = y_true[..., np.newaxis]
    elif y_pred.ndim + 1 == y_true.ndim and y_true.shape[-1:] == (1,):
        y_true = y_true[..., 0]
    if same_rank and y_true.ndim != y_pred.ndim:
        raise ValueError(
            f"y_true of shape {y_true.shape} does not match y_pred of shape {y_pred.shape}: it needs"
            " the class axis (for class indices, use sparse_categorical_crossentropy)"
        )
    try:
        return tuple(np.broadcast_arrays(y_true, y_pred))
    except ValueError:
        raise ValueError(
            f"y_true of shape {y_true.shape} does not match y_pred of shape {y_pred.shape}"
        ) from None


def has_samples_but_no_entries(array: np.ndarray, axis: int) -> bool:
    """Whether ``axis`` is empty while the other axes are not: rows of nothing to reduce."""
    return array.shape[axis] == 0 and np.prod(np.delete(array.shape, axis)) > 0


def check_axis(axis, ndim: int) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"axis must be an integer, not {type(axis).__name__}")
    if not -max(ndim, 1) <= axis < max(ndim, 1):
        raise ValueError(f"axis {axis} is out of range for y_pred with {ndim} dimensions")
    return int(axis) % max(ndim, 1)


def check_smoothing(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"label_smoothing must be a number, not {type(value).__name__}")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1], not {value}")
    return float(value)


def check_epsilon(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)):
        raise TypeError(f"epsilon must be None or a number, not {type(value).__name__}")
    if not 0.0 < value < 0.5:
        raise ValueError(f"epsilon must be None or in (0, 0.5), not {value}")
    return float(value)


def check_class_indices(labels, classes: int) -> np.ndarray:
    """Integer class labels in [0, classes), from ints or integral floats."""
    array = np.asarray(labels)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"y_true must hold integer class indices, not {array.dtype}")
    if array.dtype.kind == "f":
        if np.isnan(array).any():
            raise ValueError("y_true contains NaN")
        if not np.array_equal(array, np.round(array)):
            raise ValueError("y_true must hold integer class indices; found non-integer values")
    if array.size and (array.min() < 0 or array.max() >= classes):
        raise ValueError(
            f"y_true holds class indices from {array.min()} to {array.max()},"
            f" outside [0, {classes}) for y_pred with {classes} classes"
        )
    return array.astype(np.intp)
