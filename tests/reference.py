"""Independent high-precision references (mpmath, 60 digits), written from the textbook formulas."""

from __future__ import annotations

import mpmath
import numpy as np

mpmath.mp.dps = 60


def _mp(x) -> mpmath.mpf:
    return mpmath.mpf(float(x))


def sigmoid(z) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-_mp(z)))


def _minus_log_sigmoid(z: mpmath.mpf) -> mpmath.mpf:
    # -log(1 / (1 + e^-z)) = log(1 + e^-z); log1p keeps e^-z below 60 digits' reach.
    return mpmath.log1p(mpmath.exp(-z))


def bce_logits(y, z) -> float:
    y, z = _mp(y), _mp(z)
    # 1 - sigmoid(z) = sigmoid(-z)
    return float(y * _minus_log_sigmoid(z) + (1 - y) * _minus_log_sigmoid(-z))


def bce_logits_grad(y, z) -> float:
    return float(sigmoid(z) - _mp(y))


def bce(y, p) -> float:
    y, p = _mp(y), _mp(p)
    terms = [y * mpmath.log(p) if y else 0, (1 - y) * mpmath.log1p(-p) if y != 1 else 0]
    return float(-sum(terms))


def bce_grad(y, p) -> float:
    y, p = _mp(y), _mp(p)
    return float((p - y) / (p * (1 - p)))


def log_softmax(z) -> list[mpmath.mpf]:
    # Enough digits that exp of the gap between the logits still registers next to 1.
    z = [_mp(v) for v in z]
    spread = float(max(z) - min(z))
    with mpmath.workdps(60 + int(spread / 2.3)):
        lse = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z))
        return [+(v - lse) for v in z]


def cross_entropy(y, z) -> float:
    return float(-mpmath.fsum(_mp(w) * ls for w, ls in zip(y, log_softmax(z), strict=True)))


def cross_entropy_grad(y, z) -> list[float]:
    probs = [mpmath.exp(v) for v in log_softmax(z)]
    total = mpmath.fsum(_mp(w) for w in y)
    return [float(p * total - _mp(w)) for p, w in zip(probs, y, strict=True)]


def relative_error(actual, expected) -> np.ndarray:
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    scale = np.maximum(np.abs(expected), np.finfo(float).tiny)
    return np.abs(actual - expected) / scale
