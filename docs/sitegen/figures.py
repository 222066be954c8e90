"""Figures drawn while the site builds, from numbers xentsym computes then.

Each figure is a function of data that xentsym itself computes (its losses, their ``.grad``,
Keras's mode) or that a benchmark recorded; nothing plotted is typed in. The data functions
are separate from the drawing, so the tests check the numbers a figure states.

A figure belongs to one page and is written as SVG beside it (``figures/NAME.svg``); the page
asks for it with ``<!-- xentsym: figure NAME -->``. Text stays text in the SVG (legible at any
size, in the reader's own sans-serif: no font is embedded or fetched), and the files carry no
date, so two builds write the same bytes.
"""

from __future__ import annotations

import functools
import io
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import mpmath
import numpy as np

import xentsym.numpy as xn

matplotlib.use("svg")
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure

from sitegen import benchmarks

__all__ = ["FIGURES", "Figure", "files", "markdown", "markers"]

STYLE = {
    "svg.fonttype": "none",  # text as <text>, drawn in the page's own fonts
    "svg.hashsalt": "xentsym",  # ids that do not change between builds
    "font.family": "sans-serif",
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "figure.figsize": (5.6, 3.4),
    "figure.dpi": 72,
}
INK, ACCENT, MUTED, WARN = "#303f9f", "#e65100", "#757575", "#c62828"  # indigo as the site's theme


# --- the data ---------------------------------------------------------------------------


def sigmoid_and_softplus(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """σ(z) and softplus(z) from xentsym's logit loss: softplus(z) is the loss at y = 0, σ(z) its gradient."""
    zeros = np.zeros_like(z)
    return xn.sigmoid_cross_entropy_with_logits.grad(zeros, z), xn.sigmoid_cross_entropy_with_logits(zeros, z)


@dataclass(frozen=True)
class Breakdown:
    """The logit loss at y = 0 near z = ±40: exact, xentsym's stable form, the textbook form."""

    z: np.ndarray
    exact: np.ndarray
    stable: np.ndarray
    textbook: dict[str, np.ndarray]  # by dtype name


def textbook_logit_loss(z: np.ndarray) -> np.ndarray:
    """-log(1 - σ(z)), σ(z) = 1/(1 + e^-z): the loss at y = 0 as the textbook writes it, in z's dtype."""
    with np.errstate(all="ignore"):
        return -np.log(1 - 1 / (1 + np.exp(-z)))


@functools.cache
def breakdown(z: tuple[float, ...] | None = None) -> Breakdown:
    """The loss at y = 0 computed four ways; the exact one by mpmath at 50 digits."""
    z = np.linspace(-45, 45, 721) if z is None else np.array(z)
    with mpmath.workdps(50):
        exact = np.array([float(mpmath.log1p(mpmath.exp(mpmath.mpf(float(x))))) for x in z])
    textbook = {
        dtype.__name__: textbook_logit_loss(z.astype(dtype)).astype(float)
        for dtype in (np.float64, np.float32)
    }
    return Breakdown(z, exact, xn.sigmoid_cross_entropy_with_logits(np.zeros_like(z), z), textbook)


@dataclass(frozen=True)
class Clipping:
    """The loss against q, the probability a prediction gives its label: exact, and in Keras's mode."""

    q: np.ndarray
    exact: np.ndarray
    label_one: np.ndarray  # y = 1, p = q
    label_zero: np.ndarray  # y = 0, p = 1 - q

    @property
    def caps(self) -> tuple[float, float]:
        """The largest loss Keras's mode returns for y = 1 and for y = 0."""
        return float(self.label_one.max()), float(self.label_zero.max())


def clipping(q: np.ndarray | None = None) -> Clipping:
    """Keras's mode (clip to [ε, 1 - ε], ε = 1e-7) on float32 predictions, as Keras gets them from
    Python floats, against the exact loss -log q."""
    q = np.logspace(-12, 0, 481) if q is None else q
    ones, zeros = np.ones((q.size, 1)), np.zeros((q.size, 1))
    keras = lambda y, p: xn.binary_crossentropy(y, p[:, None].astype(np.float32), epsilon=1e-7)  # noqa: E731
    return Clipping(q, xn.binary_crossentropy(ones, q[:, None]), keras(ones, q), keras(zeros, 1 - q))


@dataclass(frozen=True)
class Smoothing:
    """The loss at y = 1 against z, with and without label smoothing s; where the smoothed one is least."""

    s: float
    z: np.ndarray
    smoothed: np.ndarray
    plain: np.ndarray
    z_min: float

    @property
    def p_min(self) -> float:
        """σ at the minimum, from xentsym's own σ."""
        return float(sigmoid_and_softplus(np.array([self.z_min]))[0][0])


def _root(f: Callable[[float], float], low: float, high: float) -> float:
    """The root of an increasing ``f`` between ``low`` and ``high``, by bisection to the last bit."""
    while True:
        middle = (low + high) / 2
        if middle in (low, high):
            return middle
        low, high = (middle, high) if f(middle) < 0 else (low, middle)


def smoothing(s: float = 0.1) -> Smoothing:
    """The smoothed loss is least where its gradient, from ``.grad``, is 0."""
    loss = xn.binary_crossentropy
    options = {"from_logits": True, "label_smoothing": s}
    z = np.linspace(-2, 8, 401)
    ones = np.ones((z.size, 1))
    slope = lambda x: float(loss.grad([[1.0]], [[x]], **options)[0, 0])  # noqa: E731
    return Smoothing(
        s,
        z,
        loss(ones, z[:, None], **options),
        loss(ones, z[:, None], from_logits=True),
        _root(slope, -10.0, 40.0),
    )


# --- the drawings -----------------------------------------------------------------------


def _one_axes(draw: Callable[[Axes], None]) -> Callable[[MplFigure], None]:
    """A drawing on one pair of axes, as a drawing of a whole figure."""
    return lambda figure: draw(figure.subplots())


@_one_axes
def _draw_sigmoid_softplus(ax: Axes) -> None:
    z = np.linspace(-6, 6, 241)
    sigma, softplus = sigmoid_and_softplus(z)
    ax.plot(z, softplus, color=INK, label="softplus(z)")
    ax.plot(z, sigma, color=ACCENT, label="σ(z)")
    ax.plot(z, np.maximum(z, 0), color=MUTED, linewidth=0.8, linestyle=":", label="max(z, 0)")
    ax.set(xlabel="logit z", ylim=(-0.2, 6.2))
    ax.legend(loc="upper left")


@_one_axes
def _draw_bce_loss(ax: Axes) -> None:
    z = np.linspace(-6, 6, 241)
    for label, color in ((0, INK), (1, ACCENT)):
        ax.plot(
            z,
            xn.sigmoid_cross_entropy_with_logits(np.full_like(z, label), z),
            color=color,
            label=f"y = {label}",
        )
    ax.set(xlabel="logit z", ylabel="loss", ylim=(-0.2, 6.2))
    ax.legend(loc="upper center")


def _edge(z: np.ndarray, bad: np.ndarray) -> float:
    """The z nearest 0 where ``bad`` holds: where a form starts to fail."""
    hits = z[bad]
    return float(hits[np.argmin(np.abs(hits))])


@_one_axes
def _draw_breakdown(ax: Axes) -> None:
    data = breakdown()
    ax.plot(data.z, data.exact, color=MUTED, linewidth=5, alpha=0.35, label="exact (mpmath)")
    ax.plot(data.z, data.stable, color=INK, linewidth=1.2, label="xentsym: softplus(z)")
    styles = {"float64": ("-", 1e-19, 1e-6), "float32": ("--", 1e-16, 1e-9)}  # line, where its labels go
    for dtype, values in data.textbook.items():
        line, low, high = styles[dtype]
        shown = np.where((values > 0) & np.isfinite(values), values, np.nan)
        ax.plot(data.z, shown, color=WARN, linestyle=line, linewidth=1.2, label=f"textbook, {dtype}")
        for bad, says, at in ((values == 0, "0", low), (np.isinf(values), "∞", high)):
            edge = _edge(data.z, bad)
            ax.axvline(edge, color=WARN, linestyle=line, linewidth=0.6)
            inward = -1 if edge > 0 else 1  # labels inside the lines, towards z = 0
            ax.annotate(
                f"{dtype}: {says}",
                (edge, at),
                (3 * inward, 0),
                textcoords="offset points",
                ha="right" if edge > 0 else "left",
                color=WARN,
                fontsize=10,
            )
    ax.set(yscale="log", xlabel="logit z (label y = 0)", ylabel="loss", ylim=(1e-21, 1e3))
    ax.legend(loc="upper left", fontsize=10)


@_one_axes
def _draw_clipping(ax: Axes) -> None:
    data = clipping()
    top_one, top_zero = data.caps
    ax.plot(data.q, data.exact, color=MUTED, linewidth=5, alpha=0.35, label="exact: -log q")
    ax.plot(data.q, data.label_one, color=INK, label="Keras, y = 1 (p = q)")
    ax.plot(data.q, data.label_zero, color=ACCENT, linestyle="--", label="Keras, y = 0 (p = 1 - q)")
    for top, color, shift in ((top_one, INK, 4), (top_zero, ACCENT, -11)):
        ax.annotate(f"{top:.3f}", (1e-12, top), (2, shift), textcoords="offset points", color=color)
    ax.set(xscale="log", xlabel="q, the probability given to the label", ylabel="loss", ylim=(0, 28))
    ax.invert_xaxis()
    ax.legend(loc="upper left", fontsize=9)


@_one_axes
def _draw_smoothing(ax: Axes) -> None:
    data = smoothing()
    ax.plot(data.z, data.plain, color=MUTED, label="s = 0")
    ax.plot(data.z, data.smoothed, color=INK, label=f"s = {data.s}")
    least = float(
        xn.binary_crossentropy([[1.0]], [[data.z_min]], from_logits=True, label_smoothing=data.s)[0]
    )
    ax.plot([data.z_min], [least], "o", color=ACCENT)
    ax.annotate(
        f"least at σ(z) = {data.p_min:.4g}",
        (data.z_min, least),
        (0, 12),
        textcoords="offset points",
        ha="center",
    )
    ax.set(xlabel="logit z (label y = 1)", ylabel="loss", ylim=(0, 2.2))
    ax.legend(loc="upper right")


# --- figures, pages and files -------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure: the page it is on, what it shows (its alt text) and a caption.

    The numbers the alt text states come from ``facts``, computed as the figure's are.
    """

    page: str
    alt: str
    caption: str
    draw: Callable[[MplFigure], None]
    facts: Callable[[], dict[str, float]] = dict


def _edges() -> dict[str, float]:
    """Where the textbook form starts to compute 0 and infinity, by dtype."""
    data = breakdown()
    return {
        f"{says}_{dtype}": _edge(data.z, bad(values))
        for dtype, values in data.textbook.items()
        for says, bad in (("zero", lambda v: v == 0), ("inf", np.isinf))
    }


FIGURES: dict[str, Figure] = {
    "sigmoid_softplus": Figure(
        "derivations/bce_logits.md",
        "σ(z) and softplus(z) for z from -6 to 6: σ rises from 0 to 1 and is 1/2 at z = 0; softplus is "
        "always positive, close to 0 on the left and to the line max(z, 0) on the right.",
        r"$\sigma(z)$ is the slope of $\operatorname{softplus}(z)$: both computed by `xentsym.numpy`.",
        _draw_sigmoid_softplus,
    ),
    "bce_loss": Figure(
        "derivations/bce_logits.md",
        "The loss against the logit z for the labels y = 0 and y = 1: mirror images, each near 0 where "
        "the logit agrees with its label and growing like a straight line where it does not.",
        "The loss on logits for both labels, computed by `xentsym.numpy`.",
        _draw_bce_loss,
    ),
    "stable_vs_textbook": Figure(
        "derivations/stable_logits.md",
        "The loss at y = 0 for z from -45 to 45 on a log scale. The stable form lies on the exact values "
        "everywhere; the textbook form computes 0 on the left (from z = {zero_float64:g} in float64, "
        "{zero_float32:g} in float32) and infinity on the right (from z = {inf_float64:g} in float64, "
        "{inf_float32:g} in float32).",
        "Where the textbook form breaks down: the stable form against the textbook one in float64 and "
        "float32, beside mpmath's exact values.",
        _draw_breakdown,
        _edges,
    ),
    "keras_clipping": Figure(
        "derivations/keras_clipping.md",
        "The loss against q, the probability a prediction gives its label, on a log scale from 1 down to "
        "1e-12. The exact loss -log q keeps growing; Keras's mode stops at {cap_one:.3f} for y = 1 and at "
        "{cap_zero:.3f} for y = 0, where 1 - q rounds to 1 in float32.",
        "Keras's clipping caps the loss; the two caps are computed by `xentsym.numpy` in Keras's mode.",
        _draw_clipping,
        lambda: dict(zip(("cap_one", "cap_zero"), clipping().caps, strict=True)),
    ),
    "label_smoothing": Figure(
        "derivations/label_smoothing.md",
        "The loss at y = 1 against the logit z, with and without label smoothing s = 0.1. Without "
        "smoothing the loss keeps falling as z grows; with it the loss is least at σ(z) = {p_min:.4g} "
        "and rises beyond.",
        "Label smoothing puts the smallest loss at a finite logit; the minimum is where `.grad` is 0.",
        _draw_smoothing,
        lambda: {"p_min": smoothing().p_min},
    ),
    "accuracy": Figure(
        "accuracy.md",
        "The worst error, in ulps on a log scale, of xentsym, the textbook formulas in NumPy and "
        "PyTorch, for each case of the accuracy tables in float64, loss and gradient. xentsym stays "
        "within a few ulps except near the root of the smoothed gradient; the others lose up to every "
        "digit.",
        "The worst error of each implementation in float64, from the recorded accuracy run.",
        benchmarks.draw_accuracy,
    ),
    "speed": Figure(
        "speed.md",
        "Times in milliseconds of xentsym, hand-written NumPy, PyTorch and JAX for the loss, the "
        "gradient and both, for BCE, sparse and categorical cross-entropy, in float64 and float32.",
        "Times from the recorded speed run (shorter is faster).",
        benchmarks.draw_speed,
    ),
}


def _svg(draw: Callable[[MplFigure], None]) -> bytes:
    with plt.rc_context(STYLE):
        figure = plt.figure(layout="constrained")
        draw(figure)
        out = io.BytesIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(figure)
    return out.getvalue()


def _file(name: str) -> str:
    return posixpath.join(posixpath.dirname(FIGURES[name].page), "figures", f"{name}.svg")


def files() -> dict[str, bytes]:
    """Every figure as SVG, by its path in the docs (beside its page)."""
    return {_file(name): _svg(figure.draw) for name, figure in FIGURES.items()}


def markers(page: str) -> list[str]:
    """The markers of the figures that belong on ``page``, in order."""
    return [f"<!-- xentsym: figure {name} -->" for name, figure in FIGURES.items() if figure.page == page]


def markdown(name: str) -> str:
    """The figure ``name`` as an image with its alt text, and its caption."""
    figure = FIGURES[name]
    alt = figure.alt.format(**figure.facts())
    return f"![{alt}](figures/{name}.svg){{ .xentsym-figure }}\n\n_{figure.caption}_\n"
