"""Code generation: class-axis sums become reductions, for any number of classes."""

import numpy as np
import pytest
import sympy as sp

from xentsym.catalogue import kernel, kernel_names
from xentsym.codegen import generate
from xentsym.losses import Y, Z, class_sum
from xentsym.symbols import c, j


def test_sum_over_classes_is_a_numpy_reduction_not_a_loop():
    f = generate("total", class_sum(Y[c] * Z[c]), [Y, Z], class_indices=[c])
    assert "np.sum(" in f.source and "axis=-1" in f.source
    assert " for " not in f.source and "range(" not in f.source
    y, z = np.ones((3, 1000)), np.arange(3000.0).reshape(3, 1000)
    assert np.array_equal(f(y, z)[:, 0], z.sum(axis=1))
    assert np.array_equal(f(y.T, z.T, axis=0)[0], z.sum(axis=1))  # the class axis first


def test_sympy_lambdify_would_loop():
    # The reason for our printer: lambdify writes Sum as a Python generator over indices.
    K = sp.Symbol("K", integer=True)
    source = sp.lambdify([Y, Z, K], sp.Sum(Y[c] * Z[c], (c, 1, K)), "numpy").__doc__ or ""
    assert "for" in source or "builtins.sum" in source


def test_common_subexpressions_are_computed_once():
    source = kernel("categorical_crossentropy_from_logits_grad").source
    body = source.split('"""')[-1]
    assert body.count("softmax(") == 1 and "log_softmax_and_softmax(z)" in body


@pytest.mark.parametrize("name", kernel_names())
def test_every_catalogue_kernel_generates_and_documents_its_origin(name):
    f = kernel(name)
    assert f.source.startswith(f"def {name}(")
    assert "Generated from:" in f.source
    assert "lambda" not in f.source


def test_unknown_kernel_lists_the_known_ones():
    with pytest.raises(KeyError, match="binary_crossentropy"):
        kernel("nope")


def test_an_index_that_is_not_declared_is_refused():
    with pytest.raises(ValueError, match="not a class index"):
        generate("bad", class_sum(Y[c]) + Y[j], [Y])


def test_sigmoid_and_softplus_of_u_and_of_minus_u_share_their_exponential():
    """BCE on logits takes softplus(z) and softplus(-z), its gradient σ(z) and σ(-z): one exp
    of -|z| serves all four."""
    body = kernel("binary_crossentropy_from_logits_value_and_grad").source.split('"""')[-1]
    assert body.count("np.exp(") == 1 and body.count("np.log1p(") == 1
