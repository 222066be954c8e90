"""The article's examples: hand formulas, exact values and Keras's float32 output."""

import math

import numpy as np
import pytest

from xentsym.article import EXAMPLES, WHY_DIGITS_DIFFER, render, rows
from xentsym.numpy import binary_crossentropy, sigmoid_cross_entropy_with_logits

LABEL = [[1], [0], [1], [0], [0], [0], [0]]
PRED = [[0.8], [0.33], [0.77], [0.66], [0.55], [0.002], [0.213]]
# As printed in the article (Keras 3, float32), and the exact values it quotes.
KERAS = [0.22314353, 0.40047762, 0.26136482, 1.0788097, 0.79850775, 0.0020019768, 0.23952705]
KERAS_SIGMOID = [0.3711007, 0.8716984, 0.38049805, 1.0766368, 1.0054924, 0.6941477, 0.80530757]


def test_the_articles_hand_values():
    exact = binary_crossentropy(LABEL, PRED)
    assert exact[0] == pytest.approx(0.22314355131420976, rel=1e-15)
    assert exact[1] == pytest.approx(0.40047756659712525, rel=1e-15)
    assert exact[0] == pytest.approx(-math.log(0.8), rel=1e-15)


def test_keras_compatible_mode_reproduces_the_article():
    keras = binary_crossentropy(LABEL, PRED, epsilon=1e-7)
    assert keras.dtype == np.float32 and keras.shape == (7,)
    assert np.max(np.abs(keras / KERAS - 1)) < 2e-6
    # Exact values differ from Keras in the last digits, most where the loss is small.
    exact = binary_crossentropy(LABEL, PRED)
    assert abs(exact[5] / KERAS[5] - 1) > 1e-5


def test_sigmoid_examples():
    assert 1 / (1 + math.exp(-0.8)) == pytest.approx(0.6899744811276125, rel=1e-15)
    ours = sigmoid_cross_entropy_with_logits(LABEL, PRED)
    assert ours.shape == (7, 1)
    assert np.max(np.abs(ours[:, 0] / KERAS_SIGMOID - 1)) < 2e-6
    assert np.allclose(ours[:, 0], binary_crossentropy(LABEL, PRED, from_logits=True), rtol=1e-15)


def test_the_other_two_examples():
    two = binary_crossentropy([[1, 1], [0, 0]], [[0.7, 0.6], [0.3, 0.2]], epsilon=1e-7)
    assert np.max(np.abs(two / [0.43375027, 0.28990924] - 1)) < 2e-6
    four = binary_crossentropy([[1], [1], [0], [0]], [[0.7], [0.6], [0.3], [0.2]], epsilon=1e-7)
    assert np.max(np.abs(four / [0.35667494, 0.5108256, 0.35667494, 0.22314353] - 1)) < 2e-6


def test_table_rows_have_hand_formula_exact_and_both_modes():
    first = rows(EXAMPLES[0])
    assert first[0].formula == "-ln(0.8)" and first[1].formula == "-ln(1 - 0.33)"
    assert float(first[0].exact) == pytest.approx(0.22314355131420976, rel=1e-16)
    for row in first:
        assert row.xentsym == pytest.approx(float(row.exact), rel=4e-16)
        assert row.keras_compatible == pytest.approx(row.keras_printed, rel=2e-6)
    assert rows(EXAMPLES[1])[0].formula == "(-ln(0.7) - ln(0.6))/2"


def test_render_explains_the_last_digits():
    text = render()
    assert "-ln(0.8)" in text and "0.0020019768" in text
    assert "float32" in WHY_DIGITS_DIFFER and "[10⁻⁷, 1 - 10⁻⁷]" in text  # the note, in the text notation
    assert "$" not in text and "\\" not in text
