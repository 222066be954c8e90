"""The site's figures: the numbers each one states, checked against sources of their own.

mpmath gives the exact loss (written here from the definition, not as the figure's module
writes it); the article gives Keras's caps; the derivation gives where the smoothed loss is
least. The built site's figures are checked in tests/test_docs.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import mpmath
import numpy as np
import pytest

figures = pytest.importorskip("sitegen.figures")  # needs the docs extra (matplotlib)


def exact_logit_loss_at_zero_label(z: float) -> float:
    """-log(1 - σ(z)) at 60 digits, from the textbook definition."""
    with mpmath.workdps(60):
        z = mpmath.mpf(z)
        return float(-mpmath.log(1 - 1 / (1 + mpmath.exp(-z))))


def test_sigma_and_softplus_are_what_they_say():
    z = np.array([-30.0, -1.0, 0.0, 2.5, 30.0])
    sigma, softplus = figures.sigmoid_and_softplus(z)
    with mpmath.workdps(40):
        assert sigma.tolist() == pytest.approx([float(1 / (1 + mpmath.exp(-x))) for x in z], rel=1e-15)
        assert softplus.tolist() == pytest.approx(
            [float(mpmath.log(1 + mpmath.exp(x))) for x in z], rel=1e-15
        )


def test_the_stable_form_follows_the_exact_loss_where_the_textbook_one_breaks_down():
    z = (-44.0, -40.0, -20.0, -1.0, 1.0, 20.0, 40.0, 44.0)
    data = figures.breakdown(z)
    exact = [exact_logit_loss_at_zero_label(x) for x in z]
    assert data.exact.tolist() == pytest.approx(exact, rel=1e-15)
    assert data.stable.tolist() == pytest.approx(exact, rel=4e-16)
    float64, float32 = data.textbook["float64"], data.textbook["float32"]
    assert float64[1] == 0 and np.isinf(float64[6]), "in float64 the textbook form fails near z = ±40"
    assert float32[2] == 0 and np.isinf(float32[5]), "in float32 already near z = ±20"
    assert float64[2] == pytest.approx(exact[2], rel=1e-2) and float64[5] == pytest.approx(exact[5], rel=1e-8)


def test_keras_caps_are_the_articles():
    """The article: Keras returns 16.118 for y = 1, p = 0 and 15.942 for y = 0, p = 1."""
    data = figures.clipping()
    assert tuple(round(cap, 3) for cap in data.caps) == (16.118, 15.942)
    assert data.exact.max() == pytest.approx(12 * np.log(10)), "the exact loss goes on past the caps"


def test_the_smoothed_loss_is_least_at_sigma_095():
    data = figures.smoothing(0.1)
    assert data.p_min == pytest.approx(0.95, rel=1e-15)
    assert (
        data.smoothed.min()
        >= figures.xn.binary_crossentropy([[1.0]], [[data.z_min]], from_logits=True, label_smoothing=0.1)[0]
    )


def test_figures_are_svg_with_text_and_nothing_to_fetch():
    drawn = figures.files()
    assert set(drawn) == {
        f"{Path(f.page).parent.as_posix()}/figures/{name}.svg".removeprefix("./")
        for name, f in figures.FIGURES.items()
    }
    for path, svg in drawn.items():
        text = svg.decode()
        assert text.lstrip().startswith("<?xml") and "<svg" in text, path
        assert "<text" in text, f"{path}: its text is not text"
        links = re.findall(r'(?:href|src)="([^"]*)"', text)
        assert all(link.startswith("#") for link in links), f"{path} links outside itself: {links}"
        assert "@import" not in text and "url(http" not in text, f"{path} would load something"
    assert figures.files() == drawn, "two builds draw different bytes"


def test_alt_texts_state_the_numbers_the_figures_show():
    assert "stops at 16.118 for y = 1 and at 15.942 for y = 0" in figures.markdown("keras_clipping")
    assert "least at σ(z) = 0.95 " in figures.markdown("label_smoothing")
    edges = re.findall(r"from z = (-?[\d.]+) in float(\d\d)", figures.markdown("stable_vs_textbook"))
    for edge, bits in edges:
        z = float(edge)
        values = figures.textbook_logit_loss(np.array([z], dtype=f"float{bits}"))
        assert values[0] == 0 or np.isinf(values[0]), f"the textbook form does not fail at z = {z}"
