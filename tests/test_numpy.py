"""The generated NumPy functions against an mpmath reference, across the float range."""

import warnings

import numpy as np
import pytest
import reference as ref

from xentsym import numpy as xnp

LOGITS = np.array(
    [-1e4, -1000.0, -700.0, -100.0, -40.0, -20.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 20.0, 40.0, 100.0, 1000.0, 1e4]
)


pytestmark = pytest.mark.usefixtures("strict_floating_point")


@pytest.mark.parametrize("label", [0.0, 1.0, 0.3])
def test_bce_with_logits_matches_mpmath_over_the_range(label):
    labels = np.full_like(LOGITS, label)
    loss = xnp.sigmoid_cross_entropy_with_logits(labels, LOGITS)
    grad = xnp.sigmoid_cross_entropy_with_logits.grad(labels, LOGITS)
    expected = [ref.bce_logits(label, z) for z in LOGITS]
    expected_grad = [ref.bce_logits_grad(label, z) for z in LOGITS]
    assert np.all(np.isfinite(loss)) and np.all(np.isfinite(grad))
    assert ref.relative_error(loss, expected).max() < 4e-16
    if label in (0.0, 1.0):  # hard labels: no cancellation is inherent
        assert ref.relative_error(grad, expected_grad).max() < 4e-16
    else:
        assert np.abs(grad - expected_grad).max() < 1e-16


def test_the_tails_the_frameworks_lose():
    # y = 0, z = -40: loss 4.2e-18 (the textbook form gives 0); y = 1, z = 40: gradient -4.2e-18.
    assert xnp.sigmoid_cross_entropy_with_logits(0.0, -40.0) == pytest.approx(
        4.248354255291589e-18, rel=1e-15, abs=0
    )
    assert xnp.sigmoid_cross_entropy_with_logits.grad(1.0, 40.0) == pytest.approx(
        -4.248354255291589e-18, rel=1e-15, abs=0
    )
    assert xnp.binary_crossentropy([0.0], [-1000.0], from_logits=True) == pytest.approx(0.0, abs=1e-300)
    assert xnp.binary_crossentropy([1.0], [-1000.0], from_logits=True) == 1000.0


@pytest.mark.parametrize("prob", [1e-300, 1e-100, 1e-20, 1e-8, 0.002, 0.33, 0.5, 0.8, 1 - 1e-12])
@pytest.mark.parametrize("label", [0.0, 1.0, 0.25])
def test_bce_on_probabilities_matches_mpmath(prob, label):
    loss = xnp.binary_crossentropy([label], [prob])
    grad = xnp.binary_crossentropy.grad([label], [prob])
    assert ref.relative_error(loss, ref.bce(label, prob)) < 4e-16
    assert ref.relative_error(grad, ref.bce_grad(label, prob)) < 4e-16


def test_bce_probabilities_at_the_boundary():
    # 0 log 0 = 0: a certain and correct prediction costs nothing and has a finite slope.
    assert xnp.binary_crossentropy([[0.0, 1.0]], [[0.0, 1.0]]).tolist() == [0.0]
    assert xnp.binary_crossentropy.grad([0.0, 1.0], [0.0, 1.0]).tolist() == [0.5, -0.5]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf(xnp.binary_crossentropy([1.0], [0.0]))  # the true loss is infinite


def test_keras_shapes_and_dtypes():
    labels = np.array([[1], [0], [1]], dtype=np.float32)
    preds = np.array([[0.8], [0.33], [0.77]], dtype=np.float32)
    out = xnp.binary_crossentropy(labels, preds)
    assert out.shape == (3,) and out.dtype == np.float32
    assert xnp.binary_crossentropy.grad(labels, preds).shape == (3, 1)
    assert xnp.binary_crossentropy(labels.astype(float), preds.astype(float)).dtype == np.float64
    wide = xnp.binary_crossentropy([[1, 1], [0, 0]], [[0.7, 0.6], [0.3, 0.2]], axis=0)
    assert wide.shape == (2,)


def test_labels_without_the_trailing_axis_are_matched_not_broadcast():
    # NumPy would broadcast [3] against [3, 1] to [3, 3]; Keras matches the trailing axis.
    preds = [[0.8], [0.3], [0.6]]
    assert np.array_equal(
        xnp.binary_crossentropy([1, 0, 1], preds), xnp.binary_crossentropy([[1], [0], [1]], preds)
    )
    assert xnp.binary_crossentropy.grad([1, 0, 1], preds).shape == (3, 1)


def test_bce_gradient_is_the_derivative_of_the_mean():
    labels, preds = np.array([[1.0, 0.0, 1.0]]), np.array([[0.3, 0.6, 0.9]])
    grad = xnp.binary_crossentropy.grad(labels, preds)
    expected = [ref.bce_grad(y, p) / 3 for y, p in zip(labels[0], preds[0], strict=True)]
    assert ref.relative_error(grad[0], expected).max() < 1e-15


def test_label_smoothing_moves_labels_towards_one_half():
    smoothed = xnp.binary_crossentropy([[1.0]], [[0.8]], label_smoothing=0.2)
    assert smoothed == pytest.approx(ref.bce(0.9, 0.8), rel=1e-15)
    grad = xnp.binary_crossentropy.grad([[1.0]], [[2.0]], from_logits=True, label_smoothing=0.2)
    assert grad == pytest.approx(ref.bce_logits_grad(0.9, 2.0), rel=1e-14)


def test_keras_mode_clips_and_zeroes_the_gradient_outside():
    assert xnp.binary_crossentropy([[1.0]], [[0.0]], epsilon=1e-7) == pytest.approx(16.118095, rel=1e-6)
    assert xnp.binary_crossentropy.grad([[1.0]], [[0.0]], epsilon=1e-7) == 0.0


BAD_INPUTS = [
    (([1.0], [1.5]), {}, "y_pred must be probabilities"),
    (([1.0], [-0.1]), {}, "y_pred must be probabilities"),
    (([np.nan], [0.5]), {}, "y_true contains NaN"),
    (([1.0], [np.nan]), {"from_logits": True}, "y_pred contains NaN"),
    (([1.0], [np.inf]), {"from_logits": True}, "y_pred contains inf"),
    (([2.0], [0.5]), {}, "y_true must be labels"),
    (([1.0, 0.0, 1.0], [0.5, 0.5]), {}, "does not match y_pred of shape"),
    (([1.0], [0.5]), {"label_smoothing": 1.5}, "label_smoothing must be in"),
    (([1.0], [0.5]), {"epsilon": 0.7}, "epsilon must be None or in"),
    (([1.0], [0.5]), {"axis": 3}, "axis 3 is out of range"),
]


@pytest.mark.parametrize(("args", "kwargs", "message"), BAD_INPUTS)
def test_bad_input_names_the_argument(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        xnp.binary_crossentropy(*args, **kwargs)
    with pytest.raises(ValueError, match=message):
        xnp.binary_crossentropy.grad(*args, **kwargs)


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match="y_pred must hold real numbers"):
        xnp.binary_crossentropy([1.0], ["a"])
    with pytest.raises(TypeError, match="labels must hold real numbers"):
        xnp.sigmoid_cross_entropy_with_logits([1j], [0.5])


_PROBABILITIES = np.array([[0.7, 0.2, 0.1], [1e-300, 0.5, 0.5], [0.0, 0.0, 1.0]])
_LOGITS = np.array([[3.0, -1.0, 0.5], [-700.0, 40.0, 0.0], [1e-8, 0.0, -1e-8]])
_ONE_HOT = np.eye(3)[[0, 1, 2]]
VALUE_AND_GRAD = [
    (xnp.binary_crossentropy, (_ONE_HOT, _PROBABILITIES), {}),
    (xnp.binary_crossentropy, (_ONE_HOT, _LOGITS), {"from_logits": True, "label_smoothing": 0.1}),
    (xnp.binary_crossentropy, (_ONE_HOT, _PROBABILITIES), {"epsilon": 1e-7}),
    (xnp.sigmoid_cross_entropy_with_logits, (_ONE_HOT, _LOGITS), {}),
    (xnp.categorical_crossentropy, (_ONE_HOT, _LOGITS), {"from_logits": True}),
    (xnp.categorical_crossentropy, (_ONE_HOT, _LOGITS), {"from_logits": True, "label_smoothing": 0.2}),
    (xnp.categorical_crossentropy, (_ONE_HOT, _PROBABILITIES), {"label_smoothing": 0.2}),
    (xnp.categorical_crossentropy, ([[0, 1, 0]], [[0.2, 0.5, 0.3]]), {"label_smoothing": 1.0}),
    (xnp.categorical_crossentropy, (_ONE_HOT, _PROBABILITIES), {"epsilon": 1e-7}),
    (xnp.sparse_categorical_crossentropy, ([0, 1, 2], _LOGITS), {"from_logits": True}),
    (xnp.sparse_categorical_crossentropy, ([0, 1, 2], _LOGITS.astype(np.float32)), {"from_logits": True}),
    (xnp.sparse_categorical_crossentropy, ([0, 1, 2], _PROBABILITIES), {}),
]


@pytest.mark.parametrize(("loss", "args", "options"), VALUE_AND_GRAD)
def test_value_and_grad_is_the_loss_and_its_gradient(loss, args, options):
    """One call gives what the two calls give, in the same dtype, to the last bit or two (the
    shared subexpressions may be summed in another order)."""
    value, grad = loss.value_and_grad(*args, **options)
    expected_value, expected_grad = loss(*args, **options), loss.grad(*args, **options)
    assert value.dtype == expected_value.dtype and grad.dtype == expected_grad.dtype
    np.testing.assert_array_max_ulp(value, expected_value, maxulp=2)
    np.testing.assert_array_max_ulp(grad, expected_grad, maxulp=2)


def test_value_and_grad_computes_the_log_softmax_once():
    """The fused kernel computes the log-softmax and the softmax once, from one exp, takes the
    loss from it, and the gradient's value at the label once per row, not through a one-hot."""
    from xentsym.catalogue import kernel

    source = kernel("sparse_categorical_crossentropy_from_logits_value_and_grad").source
    assert source.count("log_softmax_and_softmax(z)") == 1 and "one_hot" not in source
    assert "take(_log_softmax_z, k)" in source and "at_label(_softmax_z," in source


def test_a_mean_of_losses_near_the_float_maximum_does_not_overflow():
    """The exact mean of two losses of 1e308 is 1e308; a sum first would be inf."""
    assert xnp.binary_crossentropy([0.0, 0.0], [1e308, 1e308], from_logits=True) == 1e308


def test_a_label_out_of_range_gets_no_hint_about_logits():
    with pytest.raises(ValueError, match=r"labels in \[0, 1\]; found values from 2.0 to 2.0$"):
        xnp.sigmoid_cross_entropy_with_logits([2.0], [0.0])


def test_rows_with_no_classes_or_no_entries_are_refused_not_nan():
    with pytest.raises(ValueError, match="no classes along axis 1"):
        xnp.categorical_crossentropy.grad(np.zeros((3, 0)), np.zeros((3, 0)), from_logits=True)
    with pytest.raises(ValueError, match="no entries along axis 1 to average"):
        xnp.binary_crossentropy(np.zeros((3, 0)), np.zeros((3, 0)))
    assert xnp.categorical_crossentropy(np.zeros((0, 3)), np.zeros((0, 3)), from_logits=True).shape == (0,)
