"""Accuracy of the generated losses and gradients in ulps, against mpmath at 50 digits.

Run as ``python benchmarks/bench_accuracy.py``. With PyTorch importable (it is
not a dependency) a column for it is added; otherwise it says it skipped it.

For logits on a log-spaced grid across the float range, z = ±[1e-8 .. 1e4],
it compares, side by side:

* binary cross-entropy with logits, y in {0, 1}: xentsym's
  ``sigmoid_cross_entropy_with_logits`` and its ``.grad``; the textbook
  -(y log σ(z) + (1 - y) log(1 - σ(z))) and σ(z) - y in NumPy; PyTorch's
  ``binary_cross_entropy_with_logits`` and its autograd gradient;
* sparse categorical cross-entropy from logits, rows t·(1, 1/2, 0, -1) for each
  grid value t and every label: xentsym's ``sparse_categorical_crossentropy``
  and its ``.grad``; the textbook logsumexp(z) - z_y (with the max shift) and
  softmax(z) - onehot in NumPy; PyTorch's ``cross_entropy`` and its gradient.

The error of a value x against the exact r is |x - r| / ulp(r), with ulp(r) the
spacing of doubles at r (the smallest subnormal where r underflows): 0.5 is a
correctly rounded result, and a result of 0 where r is 2e-15 is 2^52-ish ulps
off, all relative accuracy lost. Non-finite results and floating-point warnings
are counted separately.
"""

from __future__ import annotations

import time
import warnings

import mpmath
import numpy as np

import xentsym.numpy as xn

mpmath.mp.dps = 50

try:
    import torch
    from torch.nn import functional
except ImportError:
    torch = None

GRID = np.logspace(-8, 4, 241)  # 20 points a decade
LOGITS = np.concatenate([-GRID[::-1], GRID])
ROW = np.array([1.0, 0.5, 0.0, -1.0])  # a sparse-CE row is t * ROW


# --- the exact values -------------------------------------------------------------------


def _softplus(x: mpmath.mpf) -> mpmath.mpf:
    """log(1 + e^x) without rounding 1 + e^x at 50 digits."""
    return x + mpmath.log1p(mpmath.exp(-x)) if x > 0 else mpmath.log1p(mpmath.exp(x))


def exact_bce(y: np.ndarray, z: np.ndarray) -> tuple[list, list]:
    """Loss (1 - y) softplus(z) + y softplus(-z), and gradient σ(z) - y, per element."""
    loss, grad = [], []
    for label, logit in zip(y.tolist(), z.tolist(), strict=True):
        x = mpmath.mpf(logit)
        loss.append(_softplus(-x) if label else _softplus(x))
        grad.append(-1 / (1 + mpmath.exp(x)) if label else 1 / (1 + mpmath.exp(-x)))
    return loss, grad


def exact_sparse(labels: np.ndarray, z: np.ndarray) -> tuple[list, list]:
    """Loss log Σ_i e^(z_i - z_k) = log1p(Σ_{i≠k} ...), and gradient softmax - onehot, per row."""
    loss, grad = [], []
    for k, row in zip(labels.tolist(), z.tolist(), strict=True):
        row = [mpmath.mpf(v) for v in row]
        others = mpmath.fsum(mpmath.exp(v - row[k]) for i, v in enumerate(row) if i != k)
        loss.append(mpmath.log1p(others))
        grad_row = []
        for j, v in enumerate(row):
            if j == k:  # p_k - 1 = -others / (1 + others)
                grad_row.append(-others / (1 + others))
            else:
                grad_row.append(1 / mpmath.fsum(mpmath.exp(u - v) for u in row))
        grad.append(grad_row)
    return loss, grad


# --- the implementations ----------------------------------------------------------------


def textbook_bce(y, z):
    sig = 1 / (1 + np.exp(-z))
    return -(y * np.log(sig) + (1 - y) * np.log(1 - sig)), sig - y


def textbook_sparse(labels, z):
    m = z.max(axis=-1, keepdims=True)
    e = np.exp(z - m)
    loss = m[:, 0] + np.log(e.sum(axis=-1)) - z[np.arange(len(z)), labels]
    grad = e / e.sum(axis=-1, keepdims=True)
    grad[np.arange(len(z)), labels] -= 1
    return loss, grad


def xentsym_bce(y, z):
    return xn.sigmoid_cross_entropy_with_logits(y, z), xn.sigmoid_cross_entropy_with_logits.grad(y, z)


def xentsym_sparse(labels, z):
    return (
        xn.sparse_categorical_crossentropy(labels, z, from_logits=True),
        xn.sparse_categorical_crossentropy.grad(labels, z, from_logits=True),
    )


def torch_bce(y, z):
    logits = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss = functional.binary_cross_entropy_with_logits(
        logits, torch.tensor(y, dtype=torch.float64), reduction="none"
    )
    loss.sum().backward()
    return loss.detach().numpy(), logits.grad.numpy()


def torch_sparse(labels, z):
    logits = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss = functional.cross_entropy(logits, torch.tensor(labels), reduction="none")
    loss.sum().backward()
    return loss.detach().numpy(), logits.grad.numpy()


# --- measuring --------------------------------------------------------------------------


def ulps(values: np.ndarray, exact: list) -> np.ndarray:
    """|x - r| / ulp(r) per element; inf or nan where x is not finite."""
    values = np.ravel(values)
    errors = np.empty(values.shape)
    for i, (x, r) in enumerate(zip(values.tolist(), np.ravel(np.array(exact, dtype=object)), strict=True)):
        if not np.isfinite(x):
            errors[i] = np.inf
            continue
        spacing = np.spacing(abs(float(r)))
        errors[i] = float(abs(mpmath.mpf(x) - r) / mpmath.mpf(spacing))
    return errors


def run(implementation, *inputs):
    """The implementation's (loss, grad) and how many floating-point warnings it raised."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        loss, grad = implementation(*inputs)
    return np.asarray(loss, dtype=float), np.asarray(grad, dtype=float), len(caught)


def ulps_text(error: float) -> str:
    if not np.isfinite(error):
        return "inf"
    return f"{error:.3g}" if error < 1e6 else f"{error:.1e}"


def table(title: str, inputs: tuple, exact: tuple[list, list], implementations: list) -> None:
    print(f"\n{title}")
    header = f"{'implementation':<18}{'max ulps':>10}{'median ulps':>13}{'non-finite':>12}{'warnings':>10}"
    print(f"{'':6}{header}")
    results = [(name, run(f, *inputs)) for name, f in implementations]
    for quantity, which in (("loss", 0), ("grad", 1)):
        for row, (name, outputs) in enumerate(results):
            errors = ulps(outputs[which], exact[which])
            bad = int((~np.isfinite(outputs[which])).sum())
            print(
                f"{quantity if row == 0 else '':6}{name:<18}{ulps_text(errors.max()):>10}"
                f"{ulps_text(float(np.median(errors))):>13}{bad:>12}{outputs[2]:>10}"
            )


def main() -> None:
    start = time.perf_counter()
    implementations = {
        "bce": [("xentsym", xentsym_bce), ("textbook NumPy", textbook_bce)],
        "sparse": [("xentsym", xentsym_sparse), ("textbook NumPy", textbook_sparse)],
    }
    if torch is not None:
        implementations["bce"].append((f"torch {torch.__version__.split('+')[0]}", torch_bce))
        implementations["sparse"].append((f"torch {torch.__version__.split('+')[0]}", torch_sparse))
        print(f"numpy {np.__version__}, torch {torch.__version__}")
    else:
        print(f"numpy {np.__version__}; PyTorch not importable: torch column skipped")

    y = np.repeat([0.0, 1.0], LOGITS.size)
    z = np.tile(LOGITS, 2)
    table(
        f"BCE with logits: {z.size} points, z = ±[1e-8 .. 1e4], y in {{0, 1}}",
        (y, z),
        exact_bce(y, z),
        implementations["bce"],
    )

    labels = np.repeat(np.arange(ROW.size), LOGITS.size)
    rows = np.tile(LOGITS[:, None] * ROW, (ROW.size, 1))
    table(
        f"Sparse CE from logits: {len(rows)} rows t·{tuple(ROW.tolist())}, t = ±[1e-8 .. 1e4], every label",
        (labels, rows),
        exact_sparse(labels, rows),
        implementations["sparse"],
    )
    print(f"\n({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
