"""The stable kernels on blocks, and the driver that runs generated code a block at a time."""

import numpy as np
import pytest
import reference as ref

from xentsym import kernels

RNG = np.random.default_rng(3)


pytestmark = pytest.mark.usefixtures("strict_floating_point")


def test_log_softmax_matches_mpmath_in_the_tails():
    z = np.array([[50.0, 10.0, 0.0], [0.0, -700.0, 700.0], [1e-8, 0.0, -1e-8]])
    ours = kernels.log_softmax(z)
    for row, values in zip(z, ours, strict=True):
        expected = [float(v) for v in ref.log_softmax(row)]
        assert ref.relative_error(values, expected).max() < 4e-16


def test_softmax_of_logits_far_apart_matches_mpmath():
    """exp(z - max) with z - max taken exactly: a rounded difference would cost hundreds of ulp."""
    z = np.array([[0.1, -700.3, 3.3e-5], [1e3 + 0.1, 1e3 - 650.7, 1e3]])
    for row, values in zip(z, kernels.softmax(z), strict=True):
        expected = [float(mpmath_exp) for mpmath_exp in map(ref.mpmath.exp, ref.log_softmax(row))]
        assert ref.relative_error(values, expected).max() < 4e-16


def test_log_softmax_and_softmax_together_are_each_alone():
    z = RNG.normal(scale=30.0, size=(6, 9))
    both = kernels.log_softmax_and_softmax(z)
    assert np.array_equal(both[0], kernels.log_softmax(z)) and np.array_equal(both[1], kernels.softmax(z))


def test_logsumexp_and_softmax():
    z = np.array([[1000.0, 1000.0], [-1000.0, 0.0]])
    assert kernels.logsumexp(z)[:, 0] == pytest.approx([1000.0 + np.log(2), np.exp(-1000.0)], rel=1e-15)
    assert np.allclose(kernels.softmax(z).sum(axis=1), 1.0, rtol=1e-15)


def test_logits_spread_beyond_the_float_range_stay_finite_where_they_should():
    z = np.array([[1e308, -1e308, 0.0]])
    ls = kernels.log_softmax(z)
    assert ls[0, 0] == 0.0 and ls[0, 1] == -np.inf  # the true value, -2e308, rounds to -inf
    assert kernels.class_sum(np.array([[1.0, 0.0, 0.0]]), ls)[0, 0] == 0.0
    assert kernels.softmax(z)[0].tolist() == [1.0, 0.0, 0.0]


def test_at_label_puts_its_value_at_the_label_only():
    index = np.array([[2], [0]])
    values = kernels.at_label(np.array([[1.0], [2.0]]), np.array([[-5.0], [-6.0]]), index, 3)
    assert values.tolist() == [[1.0, 1.0, -5.0], [-6.0, 2.0, 2.0]]


def _row_softmax(k, z):
    return (kernels.take(kernels.log_softmax(z), k), kernels.softmax(z))


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_blockwise_along_any_axis_in_the_input_dtype(axis, dtype, monkeypatch):
    """Small blocks (several per call) give what one block of the whole array gives, along a
    middle axis too, in the input's dtype."""
    z = (RNG.normal(size=(5, 4, 6)) * 10).astype(dtype)
    index = RNG.integers(0, z.shape[axis], size=np.delete(z.shape, axis % 3))
    moved = np.moveaxis(z, axis, -1).astype(np.float64)
    whole = [kernels.take(kernels.log_softmax(moved.reshape(-1, z.shape[axis])), index.reshape(-1, 1))]
    monkeypatch.setattr(kernels, "_BLOCK_BYTES", 8 * z.shape[axis] * 2)  # two rows a block
    at, everywhere = kernels.blockwise(_row_softmax, (index, z), axis, kinds="kc", per_class=(False, True))
    assert at.dtype == dtype and everywhere.dtype == dtype
    assert at.shape == tuple(1 if d == axis % 3 else n for d, n in enumerate(z.shape))
    assert np.array_equal(np.moveaxis(at, axis, -1).reshape(-1, 1), whole[0].astype(dtype))
    expected = np.moveaxis(kernels.softmax(moved.reshape(-1, z.shape[axis])).reshape(moved.shape), -1, axis)
    assert np.array_equal(everywhere, expected.astype(dtype))


def test_blockwise_elementwise_broadcasts_without_a_class_axis(monkeypatch):
    monkeypatch.setattr(kernels, "_BLOCK_BYTES", 64)  # eight elements a block
    y, z = np.float32([[0.0], [1.0]]), np.linspace(-50, 50, 30, dtype=np.float32)

    def loss(y, z):
        return (y * kernels.softplus(-z) + (1 - y) * kernels.softplus(z),)

    value = kernels.blockwise(loss, (y, z))
    assert value.shape == (2, 30) and value.dtype == np.float32
    assert kernels.blockwise(loss, (y.astype(np.float64), z)).dtype == np.float64
    expected = np.array([[ref.bce_logits(a, float(b)) for b in z] for a in (0.0, 1.0)])
    np.testing.assert_array_max_ulp(value, expected.astype(np.float32), maxulp=1)


def test_blockwise_of_empty_input():
    at, everywhere = kernels.blockwise(
        _row_softmax, (np.empty(0, int), np.empty((0, 3))), -1, kinds="kc", per_class=(False, True)
    )
    assert at.shape == (0, 1) and everywhere.shape == (0, 3)


def test_a_float32_value_beyond_its_range_is_inf_without_a_warning():
    value = kernels.blockwise(lambda x: (x * 1e300,), (np.float32([1.0, -1.0]),))
    assert value.tolist() == [np.inf, -np.inf]


def test_elementwise_kernels_keep_zero_times_infinity_at_zero():
    assert kernels.xlogy(0.0, 0.0) == 0.0 and kernels.xlog1py(0.0, -1.0) == 0.0
    assert kernels.xdivy(0.0, 0.0) == 0.0
    assert kernels.sigmoid(np.array([-1e4, 0.0, 1e4])).tolist() == [0.0, 0.5, 1.0]


def _loss_at_label(k, z):
    return (-kernels.take(kernels.log_softmax(z), k),)


def test_blockwise_takes_labels_with_or_without_the_class_axis():
    z = RNG.normal(size=(4, 3))
    k = np.array([0, 2, 1, 2])
    flat = kernels.blockwise(_loss_at_label, (k, z), kinds="kc")
    assert flat.shape == (4, 1)
    assert np.array_equal(kernels.blockwise(_loss_at_label, (k[:, None], z), kinds="kc"), flat)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.array([0, -1]), r"class indices in \[0, 3\); found -1 to 0"),
        (np.array([0, 3]), r"class indices in \[0, 3\); found 0 to 3"),
        (np.array([0.0, 1.0]), "integer class indices, not float64"),
    ],
)
def test_blockwise_refuses_labels_that_are_not_class_indices(labels, message):
    with pytest.raises(ValueError, match=message):
        kernels.blockwise(_loss_at_label, (labels, np.zeros((2, 3))), kinds="kc")


def test_blockwise_refuses_an_axis_out_of_range():
    with pytest.raises(ValueError, match="axis 2 is out of range for arrays of 2 dimensions"):
        kernels.blockwise(_loss_at_label, (np.array([0]), np.zeros((1, 3))), axis=2, kinds="kc")


def test_integer_and_boolean_arrays_are_computed_as_floats():
    """A one-hot label as uint8 or bool: -y in uint8 would wrap around to 255."""
    z = np.array([[0.5, -1.0, 2.0]])

    def gradient(y, z):
        return (kernels.softmax(z) * np.sum(y, axis=-1, keepdims=True) - y,)

    expected = kernels.softmax(z) - np.array([[0.0, 1.0, 0.0]])
    for labels in (np.array([[0, 1, 0]], np.uint8), np.array([[False, True, False]])):
        computed = kernels.blockwise(gradient, (labels, z), kinds="cc", per_class=(True,))
        assert np.array_equal(computed, expected)


def test_a_value_per_sample_is_given_without_the_class_axis_or_with_it_of_length_one():
    z, w = RNG.normal(size=(3, 4)), np.array([1.0, 2.0, 3.0])

    def weighted(w, z):
        return (w * kernels.logsumexp(z),)

    expected = w[:, None] * kernels.logsumexp(z)
    assert np.array_equal(kernels.blockwise(weighted, (w, z), kinds="sc"), expected)
    assert np.array_equal(kernels.blockwise(weighted, (w[:, None], z), kinds="sc"), expected)
    with pytest.raises(ValueError, match="one value per sample"):
        kernels.blockwise(weighted, (np.ones((3, 4)), z), kinds="sc")
