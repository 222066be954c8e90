"""Gradients where the textbook form cancels, against mpmath at 50 digits.

Each case is a place where a form that is exact everywhere else loses digits: a soft label
near the predicted probability, a logit far below the row's maximum, a small label
smoothing, an exact gradient beyond the float range. The exact values are computed from
the float inputs as they are (exact rationals), so the error counted is the code's alone.
"""

import warnings

import mpmath
import numpy as np
import pytest
import reference as ref

import xentsym.numpy as xn


@pytest.fixture(autouse=True)
def _digits():
    """Exact values at 60 digits, without changing the precision other tests rely on."""
    with mpmath.workdps(60):
        yield


def _ulp(actual: float, exact: mpmath.mpf) -> float:
    return float(abs(mpmath.mpf(float(actual)) - exact) / np.spacing(abs(float(exact))))


def _softmax(row: np.ndarray) -> list[mpmath.mpf]:
    values = [mpmath.mpf(float(v)) for v in row]
    top = max(values)
    total = mpmath.fsum(mpmath.exp(v - top) for v in values)
    return [mpmath.exp(v - top) / total for v in values]


@pytest.mark.parametrize("label", [0.01, 0.3, 0.7, 0.999])
def test_bce_gradient_keeps_its_digits_where_the_probability_nears_a_soft_label(label):
    """-y/p + (1 - y)/(1 - p) cancels as p → y; over one denominator, (p - y)/(p (1 - p)), the
    difference p - y is exact."""
    distances = np.logspace(-12, -0.5, 24)
    p = np.concatenate([label * (1 - distances), np.minimum(label * (1 + distances), 1 - 1e-3)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grad = xn.binary_crossentropy.grad(np.full((p.size, 1), label), p[:, None])[:, 0]
    y = mpmath.mpf(label)
    errors = [
        _ulp(g, -y / mpmath.mpf(q) + (1 - y) / (1 - mpmath.mpf(q))) for g, q in zip(grad, p, strict=True)
    ]
    assert max(errors) <= 4, (max(errors), p[int(np.argmax(errors))])


def test_bce_gradient_at_the_ends_of_the_probability_range():
    """Where the common denominator p (1 - p) is 0 the terms keep their own meaning: a zero
    label times an infinite slope is 0, so y = 0 at p = 0 has the slope 1 of -log(1 - p)."""
    labels = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 0.5])
    probabilities = np.array([0.0, 1.0, 1.0, 0.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grad = xn.binary_crossentropy.grad(labels[:, None], probabilities[:, None])[:, 0]
    assert grad.tolist() == [1.0, -1.0, np.inf, -np.inf, -np.inf, np.inf]


def test_softmax_far_below_the_maximum_is_exact():
    """exp(z - max) of a rounded z - max has the relative error |z - max|·2⁻⁵³ (hundreds of
    ulp at -700); the gradient off the true class is that softmax."""
    rng = np.random.default_rng(0)
    logits = rng.uniform(-700, 0, size=(3, 1000))
    logits[:, 0] = rng.uniform(0, 1, size=3)  # a maximum with finer digits than the rest
    labels = np.array([0, 1, 999])
    grad = xn.sparse_categorical_crossentropy.grad(labels, logits, from_logits=True)
    errors = []
    for row, label, computed in zip(logits, labels, grad, strict=True):
        for c, exact in enumerate(_softmax(row)):
            if c != label and exact > np.finfo(np.float64).tiny:
                errors.append(_ulp(computed[c], exact))
    assert len(errors) > 1000
    assert max(errors) <= 4, max(errors)


@pytest.mark.parametrize("smoothing", [1e-10, 1e-4])
def test_a_small_label_smoothing_keeps_its_digits_in_the_gradient(smoothing):
    """At the true class, the gradient p_k - ỹ_k is about s (1 - 1/K) where p_k ≈ 1: summed as
    1 + s - 1 it keeps nothing of s; as (1 - s)(Σ_c y_c - y_k) + s (1 - 1/K) it is exact."""
    classes = 10
    logits = np.zeros((4, classes))
    logits[:, 0] = [40.0, 60.0, 100.0, 300.0]
    onehot = np.zeros_like(logits)
    onehot[:, 0] = 1
    grad = xn.categorical_crossentropy.grad(onehot, logits, from_logits=True, label_smoothing=smoothing)
    s = mpmath.mpf(smoothing)
    for row, computed in zip(logits, grad, strict=True):
        probabilities = _softmax(row)
        exact = probabilities[0] - (1 - s + s / classes)
        assert _ulp(computed[0], exact) <= 4, (row[0], computed[0], exact)


def test_no_warning_where_the_exact_gradient_is_beyond_the_float_range():
    """-y/p for p = 1e-45 is beyond float32, for p = 5e-324 beyond float64: -inf is the right
    rounding, and it comes without a floating-point warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        in_float32 = xn.binary_crossentropy.grad(np.float32([[1.0]]), np.float32([[1e-45]]))
        smoothed = xn.binary_crossentropy.grad([[1.0]], [[5e-324]], label_smoothing=0.1)
        categorical = xn.categorical_crossentropy.grad([[1.0, 0.0]], [[5e-324, 1.0]], label_smoothing=0.1)
    assert in_float32.dtype == np.float32 and in_float32[0, 0] == -np.inf
    assert smoothed[0, 0] == -np.inf
    assert categorical[0, 0] == -np.inf


@pytest.mark.parametrize(("label", "smoothing"), [(1.0, 1e-8), (1.0, 0.1), (0.0, 1e-3), (0.0, 0.1)])
def test_smoothed_bce_gradient_on_probabilities_keeps_its_digits(label, smoothing):
    """With a hard label and smoothing, -ỹ/p + (1 - ỹ)/(1 - p) keeps its digits away from
    p = ỹ; the numerator p - ỹ written out, 2p + 2sy - s - 2y, rounds 2s - 2 first and loses
    them (5.7e7 ulp at y = 1, p = 1 - 1e-9, s = 1e-8)."""
    y, s = mpmath.mpf(label), mpmath.mpf(smoothing)
    smoothed = y * (1 - s) + s / 2
    p = np.array([1e-300, 1e-9, 1e-3, 0.25, 0.5, 0.75, 1 - 1e-3, 1 - 1e-9])
    p = p[np.abs(p - float(smoothed)) > 0.1 * float(smoothed * (1 - smoothed))]  # off the root
    grad = xn.binary_crossentropy.grad(np.full((p.size, 1), label), p[:, None], label_smoothing=smoothing)
    for computed, q in zip(grad[:, 0], p, strict=True):
        exact = -smoothed / mpmath.mpf(q) + (1 - smoothed) / (1 - mpmath.mpf(q))
        assert _ulp(computed, exact) <= 4, (q, computed, exact)


FLOAT32_GRID = np.float32([-80, -20, -3, -0.5, -1e-3, 0, 1e-3, 0.5, 3, 20, 80])


def _float32_ulps(actual, exact) -> float:
    """The worst error of float32 results in float32 ulps (of the exact values, rounded)."""
    exact = np.asarray([float(e) for e in np.atleast_1d(exact)])
    rounded = np.float32(exact)
    spacing = np.spacing(np.maximum(np.abs(rounded), np.finfo(np.float32).tiny)).astype(np.float64)
    return float(np.max(np.abs(np.atleast_1d(actual).astype(np.float64) - exact) / spacing))


@pytest.mark.parametrize("label", [0.0, 1.0, 0.3])
def test_float32_bce_on_logits_keeps_float32_accuracy_also_near_a_soft_label(label):
    """Near σ(z) = y the gradient cancels: computed in float32, σ(z) - y would keep only
    float32's absolute accuracy, half a float32 ulp of y."""
    logits = np.append(FLOAT32_GRID, np.float32(-0.84729785))  # σ(z) ≈ 0.3
    y = np.full_like(logits, label)
    value, grad = xn.sigmoid_cross_entropy_with_logits.value_and_grad(y, logits)
    assert value.dtype == grad.dtype == np.float32
    given = float(y[0])  # the label as float32 holds it
    assert _float32_ulps(value, [ref.bce_logits(given, z) for z in logits]) <= 4
    assert _float32_ulps(grad, [ref.bce_logits_grad(given, z) for z in logits]) <= 4


@pytest.mark.parametrize("smoothing", [0.0, 2.0**-33, 2.0**-13, 0.125])
def test_float32_categorical_keeps_float32_accuracy_with_and_without_smoothing(smoothing):
    """Float32 is computed in float64 a block at a time: in float32 the rounded smoothed
    label would cost tens of ulp in the gradient where the true class leads by far."""
    rows = np.tile(np.linspace(-1, 0, 10, dtype=np.float32), (12, 1))
    rows[:, 0] = np.logspace(-3, np.log10(800), 12)
    labels = np.zeros_like(rows)
    labels[:, 0] = 1
    value, grad = xn.categorical_crossentropy.value_and_grad(
        labels, rows, from_logits=True, label_smoothing=smoothing
    )
    assert value.dtype == grad.dtype == np.float32
    s = mpmath.mpf(smoothing)
    for row, label, loss, gradient in zip(rows, labels, value, grad, strict=True):
        weights = [mpmath.mpf(float(w)) * (1 - s) + s / 10 for w in label]  # exact smoothed labels
        log_p = ref.log_softmax(row)
        assert _float32_ulps(loss, -mpmath.fsum(w * v for w, v in zip(weights, log_p, strict=True))) <= 4
        exact = [mpmath.exp(v) * mpmath.fsum(weights) - w for v, w in zip(log_p, weights, strict=True)]
        assert _float32_ulps(gradient, exact) <= 4
