"""Multiclass NumPy functions against mpmath, for any axis, label form and mode."""

import numpy as np
import pytest
import reference as ref

from xentsym import numpy as xnp

RNG = np.random.default_rng(7)


pytestmark = pytest.mark.usefixtures("strict_floating_point")


def test_confident_prediction_keeps_its_tiny_loss_and_gradient():
    z = np.array([[50.0, 10.0, 0.0]])
    loss = xnp.sparse_categorical_crossentropy([0], z, from_logits=True)
    assert ref.relative_error(loss, ref.cross_entropy([1, 0, 0], z[0])) < 1e-12
    assert loss[0] == pytest.approx(4.2485471302763854e-18, rel=1e-12, abs=0)
    for grad in (
        xnp.sparse_categorical_crossentropy.grad([0], z, from_logits=True),
        xnp.categorical_crossentropy.grad([[1.0, 0.0, 0.0]], z, from_logits=True),
    ):
        assert ref.relative_error(grad[0], ref.cross_entropy_grad([1, 0, 0], z[0])).max() < 1e-12
    onehot = xnp.categorical_crossentropy([[1.0, 0.0, 0.0]], z, from_logits=True)
    assert ref.relative_error(onehot, loss) < 1e-12


@pytest.mark.parametrize("scale", [1.0, 30.0, 300.0])
def test_random_logits_and_soft_targets_match_mpmath(scale):
    z = RNG.normal(size=(6, 5)) * scale
    y = RNG.dirichlet(np.ones(5), size=6)
    loss = xnp.categorical_crossentropy(y, z, from_logits=True)
    grad = xnp.categorical_crossentropy.grad(y, z, from_logits=True)
    for n in range(6):
        expected = ref.cross_entropy(y[n], z[n])
        assert ref.relative_error(loss[n], expected) < 1e-13
        assert np.abs(grad[n] - ref.cross_entropy_grad(y[n], z[n])).max() < 1e-15


def test_sparse_equals_one_hot_and_accepts_column_labels():
    z = RNG.normal(size=(8, 4)) * 5
    t = RNG.integers(0, 4, size=8)
    onehot = np.eye(4)[t]
    sparse = xnp.sparse_categorical_crossentropy(t, z, from_logits=True)
    dense = xnp.categorical_crossentropy(onehot, z, from_logits=True)
    assert ref.relative_error(sparse, dense).max() < 1e-14
    assert np.array_equal(xnp.sparse_categorical_crossentropy(t[:, None], z, from_logits=True), sparse)
    assert np.allclose(
        xnp.sparse_categorical_crossentropy.grad(t, z, from_logits=True),
        xnp.categorical_crossentropy.grad(onehot, z, from_logits=True),
        rtol=1e-14,
        atol=1e-300,
    )


def test_middle_axis_of_a_3d_array():
    z = RNG.normal(size=(2, 5, 3))
    y = np.moveaxis(RNG.dirichlet(np.ones(5), size=(2, 3)), -1, 1)
    loss = xnp.categorical_crossentropy(y, z, from_logits=True, axis=1)
    assert loss.shape == (2, 3)
    for a in range(2):
        for b in range(3):
            assert ref.relative_error(loss[a, b], ref.cross_entropy(y[a, :, b], z[a, :, b])) < 1e-13
    grad = xnp.categorical_crossentropy.grad(y, z, from_logits=True, axis=1)
    assert grad.shape == z.shape
    assert np.abs(grad[1, :, 2] - ref.cross_entropy_grad(y[1, :, 2], z[1, :, 2])).max() < 1e-15
    t = RNG.integers(0, 5, size=(2, 3))
    sparse = xnp.sparse_categorical_crossentropy(t, z, from_logits=True, axis=1)
    assert ref.relative_error(sparse[1, 0], ref.cross_entropy(np.eye(5)[t[1, 0]], z[1, :, 0])) < 1e-13


def test_label_smoothing_is_y_times_one_minus_s_plus_s_over_k():
    z = RNG.normal(size=(3, 4))
    y = np.eye(4)[[0, 3, 1]]
    smoothed = y * 0.9 + 0.1 / 4
    loss = xnp.categorical_crossentropy(y, z, from_logits=True, label_smoothing=0.1)
    assert ref.relative_error(loss, [ref.cross_entropy(smoothed[n], z[n]) for n in range(3)]).max() < 1e-14


def test_probabilities_exact_mode():
    p = np.array([[0.05, 0.95, 0.0], [1e-300, 0.5, 0.5]])
    y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    loss = xnp.categorical_crossentropy(y, p)
    assert loss[0] == pytest.approx(-np.log(0.95), rel=1e-15)
    assert loss[1] == pytest.approx(300 * np.log(10), rel=1e-15)
    grad = xnp.categorical_crossentropy.grad(y, p)
    assert grad[0].tolist() == [0.0, -1 / 0.95, 0.0]
    assert xnp.sparse_categorical_crossentropy([1, 0], p).tolist() == loss.tolist()


def test_keras_mode_gradient_matches_finite_differences():
    p = np.array([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]])
    y = np.array([[0.0, 0.0, 1.0], [0.2, 0.5, 0.3]])
    grad = xnp.categorical_crossentropy.grad(y, p, epsilon=1e-7)
    h = 1e-6
    for n, c in [(0, 0), (0, 2), (1, 1)]:
        up, down = p.copy(), p.copy()
        up[n, c] += h
        down[n, c] -= h
        slope = (
            xnp.categorical_crossentropy(y, up, epsilon=1e-7)[n]
            - xnp.categorical_crossentropy(y, down, epsilon=1e-7)[n]
        ) / (2 * h)
        assert grad[n, c] == pytest.approx(slope, rel=1e-6)


def test_large_class_count_is_vectorised():
    z = RNG.normal(size=(4, 1000))
    t = np.array([0, 999, 500, 3])
    loss = xnp.sparse_categorical_crossentropy(t, z, from_logits=True)
    assert ref.relative_error(loss[1], ref.cross_entropy(np.eye(1000)[999], z[1])) < 1e-13


BAD = [
    (xnp.sparse_categorical_crossentropy, ([3], [[0.2, 0.8]]), {"from_logits": True}, "outside \\[0, 2\\)"),
    (xnp.sparse_categorical_crossentropy, ([-1], [[0.2, 0.8]]), {}, "outside \\[0, 2\\)"),
    (xnp.sparse_categorical_crossentropy, ([0.5], [[0.2, 0.8]]), {}, "integer class indices"),
    (xnp.sparse_categorical_crossentropy, ([0, 1], [[0.2, 0.8]]), {}, "expected class indices of shape"),
    (xnp.categorical_crossentropy, ([[1.0, 0.0]], [[0.2, 0.3, 0.5]]), {}, "does not match y_pred"),
    (xnp.categorical_crossentropy, ([[np.nan, 1.0]], [[0.5, 0.5]]), {}, "y_true contains NaN"),
    (xnp.categorical_crossentropy, ([[0.0, 1.0]], [[0.5, 1.5]]), {}, "y_pred must be probabilities"),
    (xnp.categorical_crossentropy, ([[0.0, 1.0]], [[0.0, 0.0]]), {"epsilon": 1e-7}, "sums to 0"),
    (xnp.categorical_crossentropy, ([1.0], 0.5), {}, "class axis"),
    (xnp.categorical_crossentropy, ([0, 1], [[0.2, 0.8], [0.5, 0.5]]), {}, "use sparse_categorical"),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), BAD)
def test_bad_input_names_the_problem(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
    with pytest.raises(ValueError, match=message):
        function.grad(*args, **kwargs)
