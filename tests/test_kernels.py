"""The stable kernels: their gathered and weighted forms, any axis, and extreme logits."""

import numpy as np
import pytest
import reference as ref

from xentsym import kernels

RNG = np.random.default_rng(3)


pytestmark = pytest.mark.usefixtures("strict_floating_point")


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ["log_softmax", "softmax"])
def test_at_and_weights_match_take_and_sum(name, dtype, axis):
    function = getattr(kernels, name)
    z = (RNG.normal(size=(3, 4, 5)) * 10).astype(dtype)
    whole = function(z, axis)
    index = RNG.integers(0, z.shape[axis], size=np.delete(z.shape, axis % 3))
    assert np.array_equal(function(z, axis, at=index), kernels.take(whole, index, axis))
    weights = RNG.random(z.shape)
    summed = np.sum(whole * weights, axis=axis, keepdims=True)
    assert np.allclose(
        function(z, axis, weights=weights), summed, rtol=1e-6 if dtype == np.float32 else 1e-14
    )


def test_log_softmax_matches_mpmath_in_the_tails():
    z = np.array([[50.0, 10.0, 0.0], [0.0, -700.0, 700.0], [1e-8, 0.0, -1e-8]])
    ours = kernels.log_softmax(z)
    for row, values in zip(z, ours, strict=True):
        expected = [float(v) for v in ref.log_softmax(row)]
        assert ref.relative_error(values, expected).max() < 4e-16


def test_logsumexp_and_softmax():
    z = np.array([[1000.0, 1000.0], [-1000.0, 0.0]])
    assert kernels.logsumexp(z)[:, 0] == pytest.approx([1000.0 + np.log(2), np.exp(-1000.0)], rel=1e-15)
    assert np.allclose(kernels.softmax(z).sum(axis=1), 1.0, rtol=1e-15)


def test_logits_spread_beyond_the_float_range_stay_finite_where_they_should():
    z = np.array([[1e308, -1e308, 0.0]])
    ls = kernels.log_softmax(z)
    assert ls[0, 0] == 0.0 and ls[0, 1] == -np.inf  # the true value, -2e308, rounds to -inf
    assert kernels.log_softmax(z, weights=np.array([[1.0, 0.0, 0.0]]))[0, 0] == 0.0
    assert kernels.softmax(z)[0].tolist() == [1.0, 0.0, 0.0]


def test_empty_input():
    assert kernels.log_softmax(np.empty((0, 3))).shape == (0, 3)
    assert kernels.log_softmax(np.empty((0, 3)), weights=np.empty((0, 3))).shape == (0, 1)


def test_elementwise_kernels_keep_zero_times_infinity_at_zero():
    assert kernels.xlogy(0.0, 0.0) == 0.0 and kernels.xlog1py(0.0, -1.0) == 0.0
    assert kernels.xdivy(0.0, 0.0) == 0.0
    assert kernels.sigmoid(np.array([-1e4, 0.0, 1e4])).tolist() == [0.0, 0.5, 1.0]
