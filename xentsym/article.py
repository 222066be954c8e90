"""The source article's examples, recomputed: by hand, exactly, and as Keras does."""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

from .numpy import binary_crossentropy

__all__ = ["EXAMPLES", "WHY_DIGITS_DIFFER", "Example", "Row", "render", "rows"]


@dataclass(frozen=True)
class Example:
    """One of the article's calls of ``binary_crossentropy``."""

    title: str
    labels: tuple[tuple[int, ...], ...]
    preds: tuple[tuple[str, ...], ...]  # decimal strings, so the exact value is exact
    keras: tuple[float, ...]  # what Keras 3 (float32) prints, as quoted by the article


EXAMPLES: tuple[Example, ...] = (
    Example(
        "Seven samples, one prediction each",
        ((1,), (0,), (1,), (0,), (0,), (0,), (0,)),
        (("0.8",), ("0.33",), ("0.77",), ("0.66",), ("0.55",), ("0.002",), ("0.213",)),
        (0.22314353, 0.40047762, 0.26136482, 1.0788097, 0.79850775, 0.0020019768, 0.23952705),
    ),
    Example(
        "Two samples, two labels each (averaged over the last axis)",
        ((1, 1), (0, 0)),
        (("0.7", "0.6"), ("0.3", "0.2")),
        (0.43375027, 0.28990924),
    ),
    Example(
        "Four samples",
        ((1,), (1,), (0,), (0,)),
        (("0.7",), ("0.6",), ("0.3",), ("0.2",)),
        (0.35667494, 0.5108256, 0.35667494, 0.22314353),
    ),
)

WHY_DIGITS_DIFFER = (
    r"Keras clips $p$ to $[10^{-7}, 1 - 10^{-7}]$ and computes $\log(p)$ and $\log(1 - p)$ in float32, whose "
    "7 significant digits are all the Keras columns can carry; where the loss is small, "
    "rounding $1 - p$ in float32 costs more (sample 6: $1 - 0.002$ rounds to 0.99800003, so "
    "0.0020019768 instead of 0.0020020027). xentsym's exact mode computes in float64 with "
    "log1p and is within a unit or two of float64's 16th digit of the exact value."
)


def _term(label: int, pred: str) -> str:
    return f"-ln({pred})" if label == 1 else f"-ln(1 - {pred})"


def _hand_formula(labels: tuple[int, ...], preds: tuple[str, ...]) -> str:
    """The article's hand computation: ``-ln(0.8)``, or a mean like ``(-ln(0.7) - ln(0.6))/2``."""
    terms = [_term(y, p) for y, p in zip(labels, preds, strict=True)]
    if len(terms) == 1:
        return terms[0]
    rest = "".join(f" - {t.removeprefix('-')}" for t in terms[1:])
    return f"({terms[0]}{rest})/{len(terms)}"


def _exact(labels: tuple[int, ...], preds: tuple[str, ...]) -> mpmath.mpf:
    with mpmath.workdps(40):
        losses = [
            -(y * mpmath.log(mpmath.mpf(p)) + (1 - y) * mpmath.log(1 - mpmath.mpf(p)))
            for y, p in zip(labels, preds, strict=True)
        ]
        return mpmath.fsum(losses) / len(losses)


@dataclass(frozen=True)
class Row:
    """One sample of an example, computed four ways."""

    label: tuple[int, ...]
    pred: tuple[str, ...]
    formula: str
    exact: mpmath.mpf
    xentsym: float
    keras_compatible: float
    keras_printed: float


def rows(example: Example) -> list[Row]:
    """Each sample of ``example``: hand formula, exact value, xentsym exact, Keras-compatible."""
    preds = [[float(p) for p in sample] for sample in example.preds]
    exact_mode = binary_crossentropy(example.labels, preds)
    keras_mode = binary_crossentropy(example.labels, preds, epsilon=1e-7)
    return [
        Row(y, p, _hand_formula(y, p), _exact(y, p), float(a), float(b), k)
        for y, p, a, b, k in zip(
            example.labels, example.preds, exact_mode, keras_mode, example.keras, strict=True
        )
    ]


def render() -> str:
    """The article's examples as plain-text tables, with the note on the last digits."""
    from .text import prose_text  # SymPy, which the numbers themselves do not need

    header = ("label", "pred", "by hand", "exact", "xentsym", "Keras-compatible", "Keras printed")
    out = []
    for example in EXAMPLES:
        table = [header]
        for row in rows(example):
            table.append(
                (
                    ",".join(map(str, row.label)),
                    ",".join(row.pred),
                    row.formula,
                    mpmath.nstr(row.exact, 17, strip_zeros=False),
                    repr(row.xentsym),
                    str(np.float32(row.keras_compatible)),
                    str(np.float32(row.keras_printed)),
                )
            )
        widths = [max(len(r[i]) for r in table) for i in range(len(header))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)) for r in table]
        lines.insert(1, "  ".join("-" * w for w in widths))
        out += [example.title, *lines, ""]
    out.append(prose_text(WHY_DIGITS_DIFFER))
    return "\n".join(out)
