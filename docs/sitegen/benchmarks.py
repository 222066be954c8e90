"""The recorded benchmark runs (``benchmarks/results/*.json``) as tables and plots.

The benchmarks write their results with ``--json``; the speed and accuracy pages show the file
both as tables and as figures, so the two cannot disagree. The runs are recorded, not rerun
while the site builds: timing needs a quiet machine, and the accuracy run wants PyTorch.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["accuracy_tables", "draw_accuracy", "draw_speed", "speed_tables"]

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"
COLORS = {
    "xentsym": "#303f9f",
    "hand": "#9e9e9e",
    "textbook NumPy": "#9e9e9e",
    "torch": "#e65100",
    "jax": "#2e7d32",
}


@cache
def load(name: str) -> dict:
    """The recorded run ``benchmarks/results/NAME.json``."""
    return json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))


def _markdown_table(header: tuple[str, ...], align: str, rows: list[tuple[str, ...]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(r) + " |" for r in rows),
    ]


# --- speed --------------------------------------------------------------------------------


def _ratio(row: dict) -> float:
    return row["xentsym_ms"] / row["hand_ms"]


def _verdict(row: dict, targets: dict) -> str:
    target = targets["loss"] if row["kind"] == "loss" else targets["gradient"]
    return "ok" if _ratio(row) <= target else "slower"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def speed_tables() -> str:
    """The speed run: what it ran on, then a table per dtype."""
    run = load("speed")
    env, sizes, targets = run["environment"], run["sizes"], run["targets"]
    parts = [
        f"On {run['date']}, {run['machine']}, best of {run['repeat']} calls: Python {env['python']}, "
        f"NumPy {env['numpy']}, PyTorch {env['torch']}, JAX {env['jax']}. BCE on {sizes['elements']:,} "
        f"logits; sparse and categorical CE on ({sizes['samples']:,}, {sizes['classes']:,}) logits. "
        f"Targets: the loss within {targets['loss']}× the hand-written time, a gradient within "
        f"{targets['gradient']}×. Peak: the most memory NumPy holds at once, as a multiple of the logits.",
        "",
    ]
    header = (
        "case",
        "what",
        "xentsym ms",
        "hand ms",
        "ratio",
        "torch ms",
        "jax ms",
        "peak ×",
        "hand peak ×",
        "verdict",
    )
    for dtype in ("float64", "float32"):
        rows = [
            (
                r["case"],
                r["kind"],
                _ms(r["xentsym_ms"]),
                _ms(r["hand_ms"]),
                f"{_ratio(r):.2f}",
                _ms(r["torch_ms"]),
                _ms(r["jax_ms"]),
                f"{r['peak']:.2f}",
                f"{r['hand_peak']:.2f}",
                _verdict(r, targets),
            )
            for r in run["rows"]
            if r["dtype"] == dtype
        ]
        parts += [
            f"### {dtype}",
            "",
            *_markdown_table(header, ("---", "---", *["---:"] * 7, "---"), rows),
            "",
        ]
    return "\n".join(parts)


def draw_speed(figure) -> None:
    """Horizontal bars of milliseconds, one panel per dtype, a group of bars per case."""
    run = load("speed")
    figure.set_size_inches(5.6, 7.2)
    panels = figure.subplots(2, 1, sharex=True)
    columns = (("xentsym", "xentsym_ms"), ("hand", "hand_ms"), ("torch", "torch_ms"), ("jax", "jax_ms"))
    for ax, dtype in zip(panels, ("float64", "float32"), strict=True):
        rows = [r for r in run["rows"] if r["dtype"] == dtype]
        places = np.arange(len(rows))
        height = 0.8 / len(columns)
        for i, (name, key) in enumerate(columns):
            values = [np.nan if r[key] is None else r[key] for r in rows]
            ax.barh(places + i * height, values, height, color=COLORS[name], label=name)
        ax.set_yticks(places + 0.4 - height / 2, [f"{r['case']} {r['kind']}" for r in rows], fontsize=9)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_title(dtype, loc="left", fontsize=11)
    panels[-1].set_xlabel("milliseconds (shorter is faster)")
    figure.legend(*panels[0].get_legend_handles_labels(), loc="outside upper center", ncols=4, fontsize=9)


# --- accuracy -------------------------------------------------------------------------------


def _ulps(value: float | None) -> str:
    """As the benchmark prints an error, 3 digits and a power of ten from a million, typeset;
    ``inf`` for non-finite."""
    if value is None:
        return "`inf`"
    digits, _, exponent = (f"{value:.3g}" if value < 1e6 else f"{value:.1e}").partition("e")
    return rf"${digits} \times 10^{{{int(exponent)}}}$" if exponent else digits


def accuracy_tables() -> str:
    """The accuracy run: what it ran on, then a table per case, float64 first."""
    run = load("accuracy")
    env = run["environment"]
    parts = [
        f"On {run['date']}, {run['machine']}, Python {env['python']}, NumPy {env['numpy']}, "
        f"PyTorch {env['torch']} (CPU). Errors in ulps; `inf` where a result is not finite.",
        "",
    ]
    header = ("", "implementation", "max ulps", "median ulps", "over 4 ulps", "non-finite", "warnings")
    for table in run["tables"]:
        rows = [
            (
                r["quantity"],
                r["implementation"],
                _ulps(r["max_ulps"]),
                _ulps(r["median_ulps"]),
                str(r["over_4_ulps"]),
                str(r["non_finite"]),
                str(r["warnings"]),
            )
            for r in table["rows"]
        ]
        parts += [f"### {table['name']}, {table['dtype']}", "", f"{table['inputs']}.", ""]
        parts += [*_markdown_table(header, ("---", "---", *["---:"] * 5), rows), ""]
    return "\n".join(parts)


def _short(name: str) -> str:
    """A case's name, short enough for an axis."""
    return name.replace("Categorical CE from logits", "categorical CE")


def draw_accuracy(figure) -> None:
    """The worst error of each implementation per float64 case, loss and gradient, on a log axis."""
    tables = [t for t in load("accuracy")["tables"] if t["dtype"] == "float64"]
    figure.set_size_inches(5.6, 7.2)
    panels = figure.subplots(2, 1, sharex=True)
    names = list(dict.fromkeys(r["implementation"] for t in tables for r in t["rows"]))
    ceiling = 1e17  # where a non-finite result is drawn, past 2^53 ≈ 9e15
    height = 0.8 / len(names)
    for ax, quantity in zip(panels, ("loss", "grad"), strict=True):
        places = np.arange(len(tables))
        for i, name in enumerate(names):
            worst = [
                next(
                    ceiling if r["max_ulps"] is None else r["max_ulps"]
                    for r in t["rows"]
                    if r["quantity"] == quantity and r["implementation"] == name
                )
                for t in tables
            ]
            floor = 0.1  # where the bars start on the log axis
            color = COLORS.get(name, COLORS["torch"])
            ax.barh(places + i * height, np.array(worst) - floor, height, left=floor, color=color, label=name)
        ax.axvline(4, color="#757575", linewidth=0.8, linestyle=":")
        ax.set_yticks(places + 0.4 - height / 2, [_short(t["name"]) for t in tables], fontsize=9)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_title("loss" if quantity == "loss" else "gradient", loc="left", fontsize=11)
    panels[-1].set(xscale="log", xlim=(0.1, ceiling), xlabel="worst error in ulps (inf at the right edge)")
    figure.legend(*panels[0].get_legend_handles_labels(), loc="outside upper center", ncols=3, fontsize=9)
