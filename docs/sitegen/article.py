"""The article's examples as Markdown, computed by :mod:`xentsym.article` while the site builds.

Nothing here is a pasted number: every value is recomputed on each build (by hand at 40
digits, by xentsym exactly and in Keras's mode), next to the digits Keras printed.
"""

from __future__ import annotations

import mpmath
import numpy as np

from xentsym.article import EXAMPLES, WHY_DIGITS_DIFFER, Example, Row, rows

__all__ = ["markdown"]

HEADER = (
    "| $y$ | by hand | exact | xentsym | Keras mode | Keras |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
)


def _nested(values: tuple[tuple[object, ...], ...]) -> str:
    """The Python literal of a batch, as the article passes it: ``[[1], [0]]``."""
    return "[" + ", ".join("[" + ", ".join(map(str, sample)) + "]" for sample in values) + "]"


def _calls(example: Example) -> str:
    y_true, y_pred = _nested(example.labels), _nested(example.preds)
    return "\n".join(
        [
            "```python",
            f"y_true = {y_true}",
            f"y_pred = {y_pred}",
            "keras.losses.binary_crossentropy(y_true, y_pred)       # Keras",
            "xnp.binary_crossentropy(y_true, y_pred)                # xentsym",
            "xnp.binary_crossentropy(y_true, y_pred, epsilon=1e-7)  # Keras mode",
            "```",
        ]
    )


def _cells(row: Row) -> tuple[str, ...]:
    keras_mode, keras = str(np.float32(row.keras_compatible)), str(np.float32(row.keras_printed))
    return (
        ", ".join(map(str, row.label)),
        "$" + row.formula.replace("ln(", r"\ln(") + "$",
        mpmath.nstr(row.exact, 17, strip_zeros=False),
        repr(row.xentsym),
        keras_mode + ("\N{NO-BREAK SPACE}✓" if keras_mode == keras else ""),
        keras,
    )


def _table(example: Example) -> str:
    lines = [*HEADER, *("| " + " | ".join(_cells(row)) + " |" for row in rows(example))]
    return "\n".join(lines)


def markdown() -> str:
    """Each example: the calls, then one row per sample computed four ways; then why digits differ."""
    parts = []
    for example in EXAMPLES:
        parts += [f"## {example.title}", "", _calls(example), "", _table(example), ""]
    parts += ["## Why the last digits differ", "", WHY_DIGITS_DIFFER, ""]
    return "\n".join(parts)
