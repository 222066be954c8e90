"""The catalogue's kernels, generated from its stable forms and formulas: do not edit.

Written by ``python scripts/generate_kernels.py`` from :mod:`xentsym.catalogue`. A test
regenerates this file and compares, so that a change to a loss or to the generator shows
here, in review; :mod:`xentsym.numpy` imports it without SymPy.
"""

import numpy as np

from .kernels import (
    at_label,
    blockwise,
    class_sum,
    log_softmax,
    log_softmax_and_softmax,
    quotient,
    sigmoid,
    softmax,
    softplus,
    take,
    xdivy,
    xlog1py,
    xlogy,
)


def binary_crossentropy(y, p, axis=-1):
    """Binary cross-entropy on probabilities: the value, stable.

    Generated from: -xlog1py(1 - y, -p) - xlogy(y, p)
    """
    return blockwise(_binary_crossentropy_block, (y, p), axis, per_class=(False,))


def _binary_crossentropy_block(y, p):
    return (-xlog1py(1 - y, -p) - xlogy(y, p),)


def binary_crossentropy_grad(y, p, axis=-1):
    """Binary cross-entropy on probabilities: the gradient, stable.

    Generated from: Piecewise((-xdivy(y, p) + xdivy(1 - y, 1 - p), Eq(p*(1 - p), 0)), ((p - y)/(p*(1 - p)), True))
    """
    return blockwise(_binary_crossentropy_grad_block, (y, p), axis, per_class=(False,))


def _binary_crossentropy_grad_block(y, p):
    _t0 = 1 - p
    return (quotient(p - y, _t0*p, -xdivy(y, p) + xdivy(1 - y, _t0)),)


def binary_crossentropy_value_and_grad(y, p, axis=-1):
    """Binary cross-entropy on probabilities: the value and the gradient, stable.

    Generated from: -xlog1py(1 - y, -p) - xlogy(y, p)
    Generated from: Piecewise((-xdivy(y, p) + xdivy(1 - y, 1 - p), Eq(p*(1 - p), 0)), ((p - y)/(p*(1 - p)), True))
    """
    return blockwise(_binary_crossentropy_value_and_grad_block, (y, p), axis, per_class=(False, False))


def _binary_crossentropy_value_and_grad_block(y, p):
    _t0 = 1 - y
    _t1 = 1 - p
    return (-xlog1py(_t0, -p) - xlogy(y, p), quotient(p - y, _t1*p, xdivy(_t0, _t1) - xdivy(y, p)))


def binary_crossentropy_textbook(y, p, axis=-1):
    """Binary cross-entropy on probabilities: the value, as written.

    Generated from: -y*log(p) - (1 - y)*log(1 - p)
    """
    return blockwise(_binary_crossentropy_textbook_block, (y, p), axis, per_class=(False,), float64=False)


def _binary_crossentropy_textbook_block(y, p):
    return (-y*np.log(p) - (1 - y)*np.log(1 - p),)


def binary_crossentropy_textbook_grad(y, p, axis=-1):
    """Binary cross-entropy on probabilities: the gradient, as written.

    Generated from: (1 - y)/(1 - p) - y/p
    """
    return blockwise(_binary_crossentropy_textbook_grad_block, (y, p), axis, per_class=(False,), float64=False)


def _binary_crossentropy_textbook_grad_block(y, p):
    return ((1 - y)/(1 - p) - y/p,)


def binary_crossentropy_from_logits(y, z, axis=-1):
    """Binary cross-entropy on logits: the value, stable.

    Generated from: y*softplus(-z) + (1 - y)*softplus(z)
    """
    return blockwise(_binary_crossentropy_from_logits_block, (y, z), axis, per_class=(False,))


def _binary_crossentropy_from_logits_block(y, z):
    _t0 = np.log1p(np.exp(-abs(z)))
    return (y*softplus(-z, _t0) + (1 - y)*softplus(z, _t0),)


def binary_crossentropy_from_logits_grad(y, z, axis=-1):
    """Binary cross-entropy on logits: the gradient, stable.

    Generated from: -y*sigmoid(-z) + (1 - y)*sigmoid(z)
    """
    return blockwise(_binary_crossentropy_from_logits_grad_block, (y, z), axis, per_class=(False,))


def _binary_crossentropy_from_logits_grad_block(y, z):
    _t0 = np.exp(-abs(z))
    return (-y*sigmoid(-z, _t0) + (1 - y)*sigmoid(z, _t0),)


def binary_crossentropy_from_logits_value_and_grad(y, z, axis=-1):
    """Binary cross-entropy on logits: the value and the gradient, stable.

    Generated from: y*softplus(-z) + (1 - y)*softplus(z)
    Generated from: -y*sigmoid(-z) + (1 - y)*sigmoid(z)
    """
    return blockwise(_binary_crossentropy_from_logits_value_and_grad_block, (y, z), axis, per_class=(False, False))


def _binary_crossentropy_from_logits_value_and_grad_block(y, z):
    _t0 = -z
    _t1 = np.exp(-abs(z))
    _t2 = np.log1p(_t1)
    _t3 = 1 - y
    return (_t3*softplus(z, _t2) + y*softplus(_t0, _t2), _t3*sigmoid(z, _t1) - y*sigmoid(_t0, _t1))


def binary_crossentropy_from_logits_textbook(y, z, axis=-1):
    """Binary cross-entropy on logits: the value, as written.

    Generated from: -y*log(sigmoid(z)) - (1 - y)*log(1 - sigmoid(z))
    """
    return blockwise(_binary_crossentropy_from_logits_textbook_block, (y, z), axis, per_class=(False,), float64=False)


def _binary_crossentropy_from_logits_textbook_block(y, z):
    _t0 = sigmoid(z, np.exp(-abs(z)))
    return (-y*np.log(_t0) - (1 - y)*np.log(1 - _t0),)


def binary_crossentropy_from_logits_textbook_grad(y, z, axis=-1):
    """Binary cross-entropy on logits: the gradient, as written.

    Generated from: -y*(1 - sigmoid(z)) + (1 - y)*sigmoid(z)
    """
    return blockwise(_binary_crossentropy_from_logits_textbook_grad_block, (y, z), axis, per_class=(False,), float64=False)


def _binary_crossentropy_from_logits_textbook_grad_block(y, z):
    _t0 = sigmoid(z, np.exp(-abs(z)))
    return (_t0*(1 - y) - y*(1 - _t0),)


def binary_crossentropy_smoothed(y, p, s, axis=-1):
    """Binary cross-entropy on probabilities, labels smoothed: the value, stable.

    Generated from: -xlog1py(s/2 + (1 - s)*(1 - y), -p) - xlogy(s/2 + y*(1 - s), p)
    """
    return blockwise(_binary_crossentropy_smoothed_block, (y, p, s), axis, per_class=(False,))


def _binary_crossentropy_smoothed_block(y, p, s):
    _t0 = (1/2)*s
    _t1 = 1 - s
    return (-xlog1py(_t0 + _t1*(1 - y), -p) - xlogy(_t0 + _t1*y, p),)


def binary_crossentropy_smoothed_grad(y, p, s, axis=-1):
    """Binary cross-entropy on probabilities, labels smoothed: the gradient, stable.

    Generated from: -xdivy(s/2 + y*(1 - s), p) + xdivy(s/2 + (1 - s)*(1 - y), 1 - p)
    """
    return blockwise(_binary_crossentropy_smoothed_grad_block, (y, p, s), axis, per_class=(False,))


def _binary_crossentropy_smoothed_grad_block(y, p, s):
    _t0 = (1/2)*s
    _t1 = 1 - s
    return (-xdivy(_t0 + _t1*y, p) + xdivy(_t0 + _t1*(1 - y), 1 - p),)


def binary_crossentropy_smoothed_value_and_grad(y, p, s, axis=-1):
    """Binary cross-entropy on probabilities, labels smoothed: the value and the gradient, stable.

    Generated from: -xlog1py(s/2 + (1 - s)*(1 - y), -p) - xlogy(s/2 + y*(1 - s), p)
    Generated from: -xdivy(s/2 + y*(1 - s), p) + xdivy(s/2 + (1 - s)*(1 - y), 1 - p)
    """
    return blockwise(_binary_crossentropy_smoothed_value_and_grad_block, (y, p, s), axis, per_class=(False, False))


def _binary_crossentropy_smoothed_value_and_grad_block(y, p, s):
    _t0 = (1/2)*s
    _t1 = 1 - s
    _t2 = _t0 + _t1*y
    _t3 = _t0 + _t1*(1 - y)
    return (-xlog1py(_t3, -p) - xlogy(_t2, p), -xdivy(_t2, p) + xdivy(_t3, 1 - p))


def binary_crossentropy_smoothed_textbook(y, p, s, axis=-1):
    """Binary cross-entropy on probabilities, labels smoothed: the value, as written.

    Generated from: -(s/2 + y*(1 - s))*log(p) - (-s/2 - y*(1 - s) + 1)*log(1 - p)
    """
    return blockwise(_binary_crossentropy_smoothed_textbook_block, (y, p, s), axis, per_class=(False,), float64=False)


def _binary_crossentropy_smoothed_textbook_block(y, p, s):
    _t0 = (1/2)*s + y*(1 - s)
    return (-_t0*np.log(p) - (1 - _t0)*np.log(1 - p),)


def binary_crossentropy_smoothed_textbook_grad(y, p, s, axis=-1):
    """Binary cross-entropy on probabilities, labels smoothed: the gradient, as written.

    Generated from: (-s/2 - y*(1 - s) + 1)/(1 - p) - (s/2 + y*(1 - s))/p
    """
    return blockwise(_binary_crossentropy_smoothed_textbook_grad_block, (y, p, s), axis, per_class=(False,), float64=False)


def _binary_crossentropy_smoothed_textbook_grad_block(y, p, s):
    _t0 = (1/2)*s + y*(1 - s)
    return (-_t0/p + (1 - _t0)/(1 - p),)


def binary_crossentropy_from_logits_smoothed(y, z, s, axis=-1):
    """Binary cross-entropy on logits, labels smoothed: the value, stable.

    Generated from: (s/2 + y*(1 - s))*softplus(-z) + (s/2 + (1 - s)*(1 - y))*softplus(z)
    """
    return blockwise(_binary_crossentropy_from_logits_smoothed_block, (y, z, s), axis, per_class=(False,))


def _binary_crossentropy_from_logits_smoothed_block(y, z, s):
    _t0 = np.log1p(np.exp(-abs(z)))
    _t1 = (1/2)*s
    _t2 = 1 - s
    return ((_t1 + _t2*y)*softplus(-z, _t0) + (_t1 + _t2*(1 - y))*softplus(z, _t0),)


def binary_crossentropy_from_logits_smoothed_grad(y, z, s, axis=-1):
    """Binary cross-entropy on logits, labels smoothed: the gradient, stable.

    Generated from: -(s/2 + y*(1 - s))*sigmoid(-z) + (s/2 + (1 - s)*(1 - y))*sigmoid(z)
    """
    return blockwise(_binary_crossentropy_from_logits_smoothed_grad_block, (y, z, s), axis, per_class=(False,))


def _binary_crossentropy_from_logits_smoothed_grad_block(y, z, s):
    _t0 = np.exp(-abs(z))
    _t1 = (1/2)*s
    _t2 = 1 - s
    return (-(_t1 + _t2*y)*sigmoid(-z, _t0) + (_t1 + _t2*(1 - y))*sigmoid(z, _t0),)


def binary_crossentropy_from_logits_smoothed_value_and_grad(y, z, s, axis=-1):
    """Binary cross-entropy on logits, labels smoothed: the value and the gradient, stable.

    Generated from: (s/2 + y*(1 - s))*softplus(-z) + (s/2 + (1 - s)*(1 - y))*softplus(z)
    Generated from: -(s/2 + y*(1 - s))*sigmoid(-z) + (s/2 + (1 - s)*(1 - y))*sigmoid(z)
    """
    return blockwise(_binary_crossentropy_from_logits_smoothed_value_and_grad_block, (y, z, s), axis, per_class=(False, False))


def _binary_crossentropy_from_logits_smoothed_value_and_grad_block(y, z, s):
    _t0 = -z
    _t1 = np.exp(-abs(z))
    _t2 = np.log1p(_t1)
    _t3 = (1/2)*s
    _t4 = 1 - s
    _t5 = _t3 + _t4*y
    _t6 = _t3 + _t4*(1 - y)
    return (_t5*softplus(_t0, _t2) + _t6*softplus(z, _t2), -_t5*sigmoid(_t0, _t1) + _t6*sigmoid(z, _t1))


def binary_crossentropy_from_logits_smoothed_textbook(y, z, s, axis=-1):
    """Binary cross-entropy on logits, labels smoothed: the value, as written.

    Generated from: -(s/2 + y*(1 - s))*log(sigmoid(z)) - (-s/2 - y*(1 - s) + 1)*log(1 - sigmoid(z))
    """
    return blockwise(_binary_crossentropy_from_logits_smoothed_textbook_block, (y, z, s), axis, per_class=(False,), float64=False)


def _binary_crossentropy_from_logits_smoothed_textbook_block(y, z, s):
    _t0 = sigmoid(z, np.exp(-abs(z)))
    _t1 = (1/2)*s + y*(1 - s)
    return (-_t1*np.log(_t0) - (1 - _t1)*np.log(1 - _t0),)


def binary_crossentropy_from_logits_smoothed_textbook_grad(y, z, s, axis=-1):
    """Binary cross-entropy on logits, labels smoothed: the gradient, as written.

    Generated from: -(1 - sigmoid(z))*(s/2 + y*(1 - s)) + (-s/2 - y*(1 - s) + 1)*sigmoid(z)
    """
    return blockwise(_binary_crossentropy_from_logits_smoothed_textbook_grad_block, (y, z, s), axis, per_class=(False,), float64=False)


def _binary_crossentropy_from_logits_smoothed_textbook_grad_block(y, z, s):
    _t0 = sigmoid(z, np.exp(-abs(z)))
    _t1 = (1/2)*s + y*(1 - s)
    return (_t0*(1 - _t1) - _t1*(1 - _t0),)


def categorical_crossentropy(y, p, axis=-1):
    """Categorical cross-entropy on probabilities: the value, stable.

    Generated from: -Sum(xlogy(y[c], p[c]), (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_block, (y, p), axis, kinds='cc', per_class=(False,))


def _categorical_crossentropy_block(y, p):
    K = y.shape[-1]
    return (-np.sum(xlogy(y, p), axis=-1, keepdims=True),)


def categorical_crossentropy_grad(y, p, axis=-1):
    """Categorical cross-entropy on probabilities: the gradient, stable.

    Generated from: -xdivy(y[j], p[j])
    """
    return blockwise(_categorical_crossentropy_grad_block, (y, p), axis, kinds='cc', per_class=(True,))


def _categorical_crossentropy_grad_block(y, p):
    return (-xdivy(y, p),)


def categorical_crossentropy_value_and_grad(y, p, axis=-1):
    """Categorical cross-entropy on probabilities: the value and the gradient, stable.

    Generated from: -Sum(xlogy(y[c], p[c]), (c, 1, K))
    Generated from: -xdivy(y[j], p[j])
    """
    return blockwise(_categorical_crossentropy_value_and_grad_block, (y, p), axis, kinds='cc', per_class=(False, True))


def _categorical_crossentropy_value_and_grad_block(y, p):
    K = y.shape[-1]
    return (-np.sum(xlogy(y, p), axis=-1, keepdims=True), -xdivy(y, p))


def categorical_crossentropy_textbook(y, p, axis=-1):
    """Categorical cross-entropy on probabilities: the value, as written.

    Generated from: -Sum(log(p[c])*y[c], (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_textbook_block, (y, p), axis, kinds='cc', per_class=(False,), float64=False)


def _categorical_crossentropy_textbook_block(y, p):
    K = y.shape[-1]
    return (-np.sum(np.log(p)*y, axis=-1, keepdims=True),)


def categorical_crossentropy_textbook_grad(y, p, axis=-1):
    """Categorical cross-entropy on probabilities: the gradient, as written.

    Generated from: -y[j]/p[j]
    """
    return blockwise(_categorical_crossentropy_textbook_grad_block, (y, p), axis, kinds='cc', per_class=(True,), float64=False)


def _categorical_crossentropy_textbook_grad_block(y, p):
    return (-y/p,)


def categorical_crossentropy_from_logits(y, z, axis=-1):
    """Categorical cross-entropy on logits: the value, stable.

    Generated from: -Sum(log_softmax(z, c, K)*y[c], (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_from_logits_block, (y, z), axis, kinds='cc', per_class=(False,))


def _categorical_crossentropy_from_logits_block(y, z):
    K = y.shape[-1]
    _log_softmax_z = log_softmax(z)
    return (-class_sum(y, _log_softmax_z),)


def categorical_crossentropy_from_logits_grad(y, z, axis=-1):
    """Categorical cross-entropy on logits: the gradient, stable.

    Generated from: (-y[j] + Sum(y[c], (c, 1, K)))*softmax(z, j, K) + expm1(log_softmax(z, j, K))*y[j]
    """
    return blockwise(_categorical_crossentropy_from_logits_grad_block, (y, z), axis, kinds='cc', per_class=(True,))


def _categorical_crossentropy_from_logits_grad_block(y, z):
    K = y.shape[-1]
    _log_softmax_z, _softmax_z = log_softmax_and_softmax(z)
    return ((-y + np.sum(y, axis=-1, keepdims=True))*_softmax_z + np.expm1(_log_softmax_z)*y,)


def categorical_crossentropy_from_logits_value_and_grad(y, z, axis=-1):
    """Categorical cross-entropy on logits: the value and the gradient, stable.

    Generated from: -Sum(log_softmax(z, c, K)*y[c], (c, 1, K))
    Generated from: (-y[j] + Sum(y[c], (c, 1, K)))*softmax(z, j, K) + expm1(log_softmax(z, j, K))*y[j]
    """
    return blockwise(_categorical_crossentropy_from_logits_value_and_grad_block, (y, z), axis, kinds='cc', per_class=(False, True))


def _categorical_crossentropy_from_logits_value_and_grad_block(y, z):
    K = y.shape[-1]
    _log_softmax_z, _softmax_z = log_softmax_and_softmax(z)
    return (-class_sum(y, _log_softmax_z), (-y + np.sum(y, axis=-1, keepdims=True))*_softmax_z + np.expm1(_log_softmax_z)*y)


def categorical_crossentropy_from_logits_textbook(y, z, axis=-1):
    """Categorical cross-entropy on logits: the value, as written.

    Generated from: -Sum(log(softmax(z, c, K))*y[c], (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_from_logits_textbook_block, (y, z), axis, kinds='cc', per_class=(False,), float64=False)


def _categorical_crossentropy_from_logits_textbook_block(y, z):
    K = y.shape[-1]
    _softmax_z = softmax(z)
    return (-np.sum(np.log(_softmax_z)*y, axis=-1, keepdims=True),)


def categorical_crossentropy_from_logits_textbook_grad(y, z, axis=-1):
    """Categorical cross-entropy on logits: the gradient, as written.

    Generated from: softmax(z, j, K)*Sum(y[c], (c, 1, K)) - y[j]
    """
    return blockwise(_categorical_crossentropy_from_logits_textbook_grad_block, (y, z), axis, kinds='cc', per_class=(True,), float64=False)


def _categorical_crossentropy_from_logits_textbook_grad_block(y, z):
    K = y.shape[-1]
    _softmax_z = softmax(z)
    return (_softmax_z*np.sum(y, axis=-1, keepdims=True) - y,)


def categorical_crossentropy_smoothed(y, p, s, axis=-1):
    """Categorical cross-entropy on probabilities, labels smoothed: the value, stable.

    Generated from: -Sum(xlogy((1 - s)*y[c] + s/K, p[c]), (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_smoothed_block, (y, p, s), axis, kinds='ccs', per_class=(False,))


def _categorical_crossentropy_smoothed_block(y, p, s):
    K = y.shape[-1]
    return (-np.sum(xlogy((1 - s)*y + s/K, p), axis=-1, keepdims=True),)


def categorical_crossentropy_smoothed_grad(y, p, s, axis=-1):
    """Categorical cross-entropy on probabilities, labels smoothed: the gradient, stable.

    Generated from: -xdivy(-s*y[j] + y[j] + s/K, p[j])
    """
    return blockwise(_categorical_crossentropy_smoothed_grad_block, (y, p, s), axis, kinds='ccs', per_class=(True,))


def _categorical_crossentropy_smoothed_grad_block(y, p, s):
    K = y.shape[-1]
    return (-xdivy(-s*y + y + s/K, p),)


def categorical_crossentropy_smoothed_value_and_grad(y, p, s, axis=-1):
    """Categorical cross-entropy on probabilities, labels smoothed: the value and the gradient, stable.

    Generated from: -Sum(xlogy((1 - s)*y[c] + s/K, p[c]), (c, 1, K))
    Generated from: -xdivy(-s*y[j] + y[j] + s/K, p[j])
    """
    return blockwise(_categorical_crossentropy_smoothed_value_and_grad_block, (y, p, s), axis, kinds='ccs', per_class=(False, True))


def _categorical_crossentropy_smoothed_value_and_grad_block(y, p, s):
    K = y.shape[-1]
    _t0 = s/K
    return (-np.sum(xlogy(_t0 + (1 - s)*y, p), axis=-1, keepdims=True), -xdivy(_t0 - s*y + y, p))


def categorical_crossentropy_smoothed_textbook(y, p, s, axis=-1):
    """Categorical cross-entropy on probabilities, labels smoothed: the value, as written.

    Generated from: -Sum(((1 - s)*y[c] + s/K)*log(p[c]), (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_smoothed_textbook_block, (y, p, s), axis, kinds='ccs', per_class=(False,), float64=False)


def _categorical_crossentropy_smoothed_textbook_block(y, p, s):
    K = y.shape[-1]
    return (-np.sum(((1 - s)*y + s/K)*np.log(p), axis=-1, keepdims=True),)


def categorical_crossentropy_smoothed_textbook_grad(y, p, s, axis=-1):
    """Categorical cross-entropy on probabilities, labels smoothed: the gradient, as written.

    Generated from: s*y[j]/p[j] - y[j]/p[j] - s/(K*p[j])
    """
    return blockwise(_categorical_crossentropy_smoothed_textbook_grad_block, (y, p, s), axis, kinds='ccs', per_class=(True,), float64=False)


def _categorical_crossentropy_smoothed_textbook_grad_block(y, p, s):
    K = y.shape[-1]
    _t0 = p**(-1.0)
    return (_t0*s*y - _t0*y - _t0*s/K,)


def categorical_crossentropy_from_logits_smoothed(y, z, s, axis=-1):
    """Categorical cross-entropy on logits, labels smoothed: the value, stable.

    Generated from: -Sum(((1 - s)*y[c] + s/K)*log_softmax(z, c, K), (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_from_logits_smoothed_block, (y, z, s), axis, kinds='ccs', per_class=(False,))


def _categorical_crossentropy_from_logits_smoothed_block(y, z, s):
    K = y.shape[-1]
    _log_softmax_z = log_softmax(z)
    return (-class_sum((1 - s)*y + s/K, _log_softmax_z),)


def categorical_crossentropy_from_logits_smoothed_grad(y, z, s, axis=-1):
    """Categorical cross-entropy on logits, labels smoothed: the gradient, stable.

    Generated from: (s*(1 - 1/K) + (s - 1)*(y[j] - Sum(y[c], (c, 1, K))))*softmax(z, j, K) + (-s*y[j] + y[j] + s/K)*expm1(log_softmax(z, j, K))
    """
    return blockwise(_categorical_crossentropy_from_logits_smoothed_grad_block, (y, z, s), axis, kinds='ccs', per_class=(True,))


def _categorical_crossentropy_from_logits_smoothed_grad_block(y, z, s):
    K = y.shape[-1]
    _log_softmax_z, _softmax_z = log_softmax_and_softmax(z)
    _t0 = K**(-1.0)
    return ((s*(1 - _t0) + (s - 1)*(y - np.sum(y, axis=-1, keepdims=True)))*_softmax_z + (_t0*s - s*y + y)*np.expm1(_log_softmax_z),)


def categorical_crossentropy_from_logits_smoothed_value_and_grad(y, z, s, axis=-1):
    """Categorical cross-entropy on logits, labels smoothed: the value and the gradient, stable.

    Generated from: -Sum(((1 - s)*y[c] + s/K)*log_softmax(z, c, K), (c, 1, K))
    Generated from: (s*(1 - 1/K) + (s - 1)*(y[j] - Sum(y[c], (c, 1, K))))*softmax(z, j, K) + (-s*y[j] + y[j] + s/K)*expm1(log_softmax(z, j, K))
    """
    return blockwise(_categorical_crossentropy_from_logits_smoothed_value_and_grad_block, (y, z, s), axis, kinds='ccs', per_class=(False, True))


def _categorical_crossentropy_from_logits_smoothed_value_and_grad_block(y, z, s):
    K = y.shape[-1]
    _log_softmax_z, _softmax_z = log_softmax_and_softmax(z)
    _t0 = K**(-1.0)
    _t1 = _t0*s
    _t2 = s - 1
    return (-class_sum(_t1 - _t2*y, _log_softmax_z), (_t2*(y - np.sum(y, axis=-1, keepdims=True)) + s*(1 - _t0))*_softmax_z + (_t1 - s*y + y)*np.expm1(_log_softmax_z))


def categorical_crossentropy_from_logits_smoothed_textbook(y, z, s, axis=-1):
    """Categorical cross-entropy on logits, labels smoothed: the value, as written.

    Generated from: -Sum(((1 - s)*y[c] + s/K)*log(softmax(z, c, K)), (c, 1, K))
    """
    return blockwise(_categorical_crossentropy_from_logits_smoothed_textbook_block, (y, z, s), axis, kinds='ccs', per_class=(False,), float64=False)


def _categorical_crossentropy_from_logits_smoothed_textbook_block(y, z, s):
    K = y.shape[-1]
    _softmax_z = softmax(z)
    return (-np.sum(((1 - s)*y + s/K)*np.log(_softmax_z), axis=-1, keepdims=True),)


def categorical_crossentropy_from_logits_smoothed_textbook_grad(y, z, s, axis=-1):
    """Categorical cross-entropy on logits, labels smoothed: the gradient, as written.

    Generated from: -s*softmax(z, j, K)*Sum(y[c], (c, 1, K)) + s*softmax(z, j, K) + s*y[j] + softmax(z, j, K)*Sum(y[c], (c, 1, K)) - y[j] - s/K
    """
    return blockwise(_categorical_crossentropy_from_logits_smoothed_textbook_grad_block, (y, z, s), axis, kinds='ccs', per_class=(True,), float64=False)


def _categorical_crossentropy_from_logits_smoothed_textbook_grad_block(y, z, s):
    K = y.shape[-1]
    _softmax_z = softmax(z)
    _t0 = np.sum(y, axis=-1, keepdims=True)
    return (-_t0*s*_softmax_z + _t0*_softmax_z + s*_softmax_z + s*y - y - s/K,)


def sparse_categorical_crossentropy_from_logits(k, z, axis=-1):
    """Sparse categorical cross-entropy on logits: the value, stable.

    Generated from: -log_softmax(z, k, K)
    """
    return blockwise(_sparse_categorical_crossentropy_from_logits_block, (k, z), axis, kinds='kc', per_class=(False,), float64=False)


def _sparse_categorical_crossentropy_from_logits_block(k, z):
    _log_softmax_z = log_softmax(z)
    return (-take(_log_softmax_z, k),)


def sparse_categorical_crossentropy_from_logits_grad(k, z, axis=-1):
    """Sparse categorical cross-entropy on logits: the gradient, stable.

    Generated from: (1 - KroneckerDelta(j, k))*softmax(z, j, K) + KroneckerDelta(j, k)*expm1(log_softmax(z, j, K))
    """
    return blockwise(_sparse_categorical_crossentropy_from_logits_grad_block, (k, z), axis, kinds='kc', per_class=(True,), float64=False)


def _sparse_categorical_crossentropy_from_logits_grad_block(k, z):
    _log_softmax_z, _softmax_z = log_softmax_and_softmax(z)
    return (at_label(_softmax_z, np.expm1(take(_log_softmax_z, k)), k, z.shape[-1]),)


def sparse_categorical_crossentropy_from_logits_value_and_grad(k, z, axis=-1):
    """Sparse categorical cross-entropy on logits: the value and the gradient, stable.

    Generated from: -log_softmax(z, k, K)
    Generated from: (1 - KroneckerDelta(j, k))*softmax(z, j, K) + KroneckerDelta(j, k)*expm1(log_softmax(z, j, K))
    """
    return blockwise(_sparse_categorical_crossentropy_from_logits_value_and_grad_block, (k, z), axis, kinds='kc', per_class=(False, True), float64=False)


def _sparse_categorical_crossentropy_from_logits_value_and_grad_block(k, z):
    _log_softmax_z, _softmax_z = log_softmax_and_softmax(z)
    return (-take(_log_softmax_z, k), at_label(_softmax_z, np.expm1(take(_log_softmax_z, k)), k, z.shape[-1]))


def sparse_categorical_crossentropy_from_logits_textbook(k, z, axis=-1):
    """Sparse categorical cross-entropy on logits: the value, as written.

    Generated from: -log(softmax(z, k, K))
    """
    return blockwise(_sparse_categorical_crossentropy_from_logits_textbook_block, (k, z), axis, kinds='kc', per_class=(False,), float64=False)


def _sparse_categorical_crossentropy_from_logits_textbook_block(k, z):
    _softmax_z = softmax(z)
    return (-np.log(take(_softmax_z, k)),)


def sparse_categorical_crossentropy_from_logits_textbook_grad(k, z, axis=-1):
    """Sparse categorical cross-entropy on logits: the gradient, as written.

    Generated from: -KroneckerDelta(j, k) + softmax(z, j, K)
    """
    return blockwise(_sparse_categorical_crossentropy_from_logits_textbook_grad_block, (k, z), axis, kinds='kc', per_class=(True,), float64=False)


def _sparse_categorical_crossentropy_from_logits_textbook_grad_block(k, z):
    _softmax_z = softmax(z)
    return (at_label(_softmax_z, take(_softmax_z, k) - 1, k, z.shape[-1]),)
