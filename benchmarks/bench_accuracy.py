"""Accuracy of the generated losses and gradients in ulps, against mpmath at 50 digits.

Run as ``python benchmarks/bench_accuracy.py [--json PATH]``. With PyTorch importable (it is
not a dependency) a column for it is added; otherwise it says it skipped it. With ``--json``
the tables are also written to PATH, as the site's accuracy page shows them
(``benchmarks/results/accuracy.json``; an error is ``null`` where a result is not finite).

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

import argparse
import datetime
import functools
import json
import os
import platform
import time
import warnings

import mpmath
import numpy as np

import xentsym.numpy as xn
from xentsym.text import prose_text

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
                grad_row.append(mpmath.exp(v - row[k]) / (1 + others))
        grad.append(grad_row)
    return loss, grad


def exact_bce_probabilities(y: np.ndarray, p: np.ndarray) -> tuple[list, list]:
    """Loss -(y log p + (1 - y) log(1 - p)) and gradient -y/p + (1 - y)/(1 - p), per element."""
    loss, grad = [], []
    for label, probability in zip(y.tolist(), p.tolist(), strict=True):
        t, q = mpmath.mpf(label), mpmath.mpf(probability)
        loss.append(-(t * mpmath.log(q) + (1 - t) * mpmath.log1p(-q)))
        grad.append(-t / q + (1 - t) / (1 - q))
    return loss, grad


def exact_smoothed(onehot: np.ndarray, z: np.ndarray, smoothing: float) -> tuple[list, list]:
    """Loss -Σ_c ỹ_c log softmax(z)_c and gradient softmax(z) - ỹ, ỹ = y (1 - s) + s/K, per row."""
    loss, grad = [], []
    s, classes = mpmath.mpf(smoothing), z.shape[1]
    for labels, row in zip(onehot.tolist(), z.tolist(), strict=True):
        row = [mpmath.mpf(v) for v in row]
        top = max(row)
        lse = top + mpmath.log(mpmath.fsum(mpmath.exp(v - top) for v in row))
        smoothed = [mpmath.mpf(t) * (1 - s) + s / classes for t in labels]
        loss.append(-mpmath.fsum(t * (v - lse) for t, v in zip(smoothed, row, strict=True)))
        grad.append([mpmath.exp(v - lse) - t for t, v in zip(smoothed, row, strict=True)])
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


def textbook_bce_probabilities(y, p):
    return -(y * np.log(p) + (1 - y) * np.log(1 - p)), -y / p + (1 - y) / (1 - p)


def textbook_smoothed(smoothing):
    def loss_and_grad(onehot, z):
        smoothed = onehot * (1 - smoothing) + smoothing / z.shape[1]
        m = z.max(axis=-1, keepdims=True)
        e = np.exp(z - m)
        log_softmax = z - m - np.log(e.sum(axis=-1, keepdims=True))
        return -(smoothed * log_softmax).sum(axis=-1), e / e.sum(axis=-1, keepdims=True) - smoothed

    return loss_and_grad


def xentsym_bce(y, z):
    return xn.sigmoid_cross_entropy_with_logits(y, z), xn.sigmoid_cross_entropy_with_logits.grad(y, z)


def xentsym_sparse(labels, z):
    return (
        xn.sparse_categorical_crossentropy(labels, z, from_logits=True),
        xn.sparse_categorical_crossentropy.grad(labels, z, from_logits=True),
    )


def xentsym_bce_probabilities(y, p):
    return xn.binary_crossentropy(y[:, None], p[:, None]), xn.binary_crossentropy.grad(y[:, None], p[:, None])


def xentsym_smoothed(smoothing):
    def loss_and_grad(onehot, z):
        options = {"from_logits": True, "label_smoothing": smoothing}
        return (
            xn.categorical_crossentropy(onehot, z, **options),
            xn.categorical_crossentropy.grad(onehot, z, **options),
        )

    return loss_and_grad


def torch_bce(y, z):
    logits = torch.tensor(z, requires_grad=True)
    loss = functional.binary_cross_entropy_with_logits(logits, torch.tensor(y), reduction="none")
    loss.sum().backward()
    return loss.detach().numpy(), logits.grad.numpy()


def torch_sparse(labels, z):
    logits = torch.tensor(z, requires_grad=True)
    loss = functional.cross_entropy(logits, torch.tensor(labels), reduction="none")
    loss.sum().backward()
    return loss.detach().numpy(), logits.grad.numpy()


def torch_bce_probabilities(y, p):
    probabilities = torch.tensor(p, requires_grad=True)
    loss = functional.binary_cross_entropy(probabilities, torch.tensor(y), reduction="none")
    loss.sum().backward()
    return loss.detach().numpy(), probabilities.grad.numpy()


def torch_smoothed(smoothing):
    def loss_and_grad(onehot, z):
        logits = torch.tensor(z, requires_grad=True)
        target = torch.tensor(onehot.argmax(axis=-1))
        loss = functional.cross_entropy(logits, target, reduction="none", label_smoothing=smoothing)
        loss.sum().backward()
        return loss.detach().numpy(), logits.grad.numpy()

    return loss_and_grad


# --- measuring --------------------------------------------------------------------------


def ulps(values: np.ndarray, exact: list, dtype=np.float64) -> np.ndarray:
    """|x - r| / ulp(r) per element, ulp in ``dtype``; inf or nan where x is not finite."""
    values = np.ravel(values)
    errors = np.empty(values.shape)
    for i, (x, r) in enumerate(zip(values.tolist(), np.ravel(np.array(exact, dtype=object)), strict=True)):
        if not np.isfinite(x):
            errors[i] = np.inf
            continue
        spacing = float(np.spacing(dtype(abs(float(r)))))
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


def _finite(error: float) -> float | None:
    return float(error) if np.isfinite(error) else None


def table(
    name: str,
    described: str,
    inputs: tuple,
    exact: tuple[list, list],
    implementations: list,
    dtype=np.float64,
) -> dict:
    """Prints the table of one case, and returns it for the JSON record. ``described`` says what
    the inputs are, its math in inline TeX: typeset on the site, in the text notation here."""
    print(f"\n{name}: {prose_text(described)}" + (", float32" if dtype is np.float32 else ""))
    header = (
        f"{'implementation':<18}{'max ulps':>10}{'median ulps':>13}{'over 4 ulps':>13}"
        f"{'non-finite':>12}{'warnings':>10}"
    )
    print(f"{'':6}{header}")
    results = [(implementation, run(f, *inputs)) for implementation, f in implementations]
    rows = []
    for quantity, which in (("loss", 0), ("grad", 1)):
        for row, (implementation, outputs) in enumerate(results):
            errors = ulps(outputs[which], exact[which], dtype)
            bad = int((~np.isfinite(outputs[which])).sum())
            print(
                f"{quantity if row == 0 else '':6}{implementation:<18}{ulps_text(errors.max()):>10}"
                f"{ulps_text(float(np.median(errors))):>13}{int((errors > 4).sum()):>13}"
                f"{bad:>12}{outputs[2]:>10}"
            )
            rows.append(
                {
                    "quantity": quantity,
                    "implementation": implementation,
                    "max_ulps": _finite(errors.max()),
                    "median_ulps": _finite(np.median(errors)),
                    "over_4_ulps": int((errors > 4).sum()),
                    "non_finite": bad,
                    "warnings": outputs[2],
                }
            )
    return {"name": name, "inputs": described, "dtype": np.dtype(dtype).name, "rows": rows}


def cases(dtype=np.float64) -> list[tuple[str, tuple, tuple, list]]:
    """(name, what the inputs are, the inputs in ``dtype``, their exact values, [(name,
    implementation), ...]) for every table."""
    torch_name = f"torch {torch.__version__.split('+')[0]}" if torch is not None else None
    made = []

    def case(name, described, inputs, exact, ours, textbook, theirs):
        implementations = [("xentsym", ours), ("textbook NumPy", textbook)]
        if torch_name:
            implementations.append((torch_name, theirs))
        inputs = tuple(x.astype(dtype) if x.dtype.kind == "f" else x for x in inputs)
        made.append((name, described, inputs, exact(*inputs), implementations))

    y, z = np.repeat([0.0, 1.0], LOGITS.size), np.tile(LOGITS, 2)
    case(
        "BCE with logits",
        rf"{z.size} points, $z \in \pm[10^{{-8}}, 10^{{4}}]$, $y \in \{{0, 1\}}$",
        (y, z),
        exact_bce,
        xentsym_bce,
        textbook_bce,
        torch_bce,
    )
    labels = np.repeat(np.arange(ROW.size), LOGITS.size)
    rows = np.tile(LOGITS[:, None] * ROW, (ROW.size, 1))
    case(
        "Sparse CE from logits",
        rf"{len(rows)} rows $t \cdot ({', '.join(f'{v:g}' for v in ROW)})$, "
        r"$t \in \pm[10^{-8}, 10^{4}]$, every label",
        (labels, rows),
        exact_sparse,
        xentsym_sparse,
        textbook_sparse,
        torch_sparse,
    )
    y, p = soft_labels_near_predictions()
    case(
        "BCE on probabilities, soft labels",
        rf"{p.size} points, $y \in \{{{', '.join(map(str, SOFT_LABELS))}\}}$, $p = y (1 \pm d)$, "
        r"$d \in [10^{-12}, 0.3]$",
        (y, p),
        exact_bce_probabilities,
        xentsym_bce_probabilities,
        textbook_bce_probabilities,
        torch_bce_probabilities,
    )
    wide = spread_rows()
    case(
        f"Sparse CE from logits, {wide.shape[1]} classes",
        f"$K = {wide.shape[1]}$, {len(wide)} rows, a maximum in $(0, 1)$, the rest down to $-700$",
        (np.arange(len(wide)) % 7, wide),
        exact_sparse,
        xentsym_sparse,
        textbook_sparse,
        torch_sparse,
    )
    onehot, ahead = dominant_rows()
    for smoothing, size in SMOOTHINGS.items():
        case(
            f"Categorical CE from logits, {size} smoothing",
            rf"label smoothing $s = 2^{{{int(np.log2(smoothing))}}}$, $K = {onehot.shape[1]}$, "
            rf"{len(ahead)} rows, the true class ahead by $[10^{{-3}}, 800]$",
            (onehot, ahead),
            functools.partial(exact_smoothed, smoothing=smoothing),
            xentsym_smoothed(smoothing),
            textbook_smoothed(smoothing),
            torch_smoothed(smoothing),
        )
    return made


SOFT_LABELS = (0.01, 0.3, 0.7, 0.999)
# Dyadic, the same number in float32 and float64; by the name each case goes by.
SMOOTHINGS = {2.0**-33: "tiny", 2.0**-13: "small", 2.0**-3: "common"}


def soft_labels_near_predictions() -> tuple[np.ndarray, np.ndarray]:
    """Labels y and probabilities p = y (1 ± d): where the two fractions of the gradient cancel."""
    distances = np.logspace(-12, -0.5, 47)
    y = np.repeat(SOFT_LABELS, 2 * distances.size)
    p = np.concatenate(
        [
            np.concatenate([t * (1 - distances), np.minimum(t * (1 + distances), 1 - 1e-3)])
            for t in SOFT_LABELS
        ]
    )
    return y, p


def spread_rows() -> np.ndarray:
    """Logits far below a maximum with finer digits: z - max is not exact in floating point."""
    rng = np.random.default_rng(0)
    rows = rng.uniform(-700, 0, size=(4, 1000))
    rows[:, 0] = rng.uniform(0, 1, size=len(rows))
    return rows


def dominant_rows() -> tuple[np.ndarray, np.ndarray]:
    """One-hot labels on class 0, which leads the other nine (spread over 1) by 1e-3 .. 800."""
    leads = np.logspace(-3, np.log10(800), 40)
    rows = np.tile(np.linspace(-1, 0, 10), (leads.size, 1))
    rows[:, 0] = leads
    onehot = np.zeros_like(rows)
    onehot[:, 0] = 1
    return onehot, rows


def record(path: str, tables: list[dict]) -> None:
    """The run as JSON, the form the site's accuracy page reads."""
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    versions["torch"] = torch.__version__ if torch is not None else None
    run = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} CPUs",
        "environment": versions,
        "tables": tables,
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(run, out, indent=1)
        out.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="also write the tables here, as JSON")
    args = parser.parse_args()
    start = time.perf_counter()
    if torch is not None:
        print(f"numpy {np.__version__}, torch {torch.__version__}")
    else:
        print(f"numpy {np.__version__}; PyTorch not importable: torch column skipped")
    tables = [table(*case) for case in cases()]
    print("\nThe same in float32: the inputs rounded to float32, exact values of those, float32 ulps.")
    tables += [table(*case, np.float32) for case in cases(np.float32)]
    if args.json:
        record(args.json, tables)
    print(f"\n({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
