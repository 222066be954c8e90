"""LaTeX and Markdown renderings of derivations."""

from xentsym import verify
from xentsym.derive import differentiate
from xentsym.functions import sigmoid
from xentsym.losses import binary_crossentropy_from_logits
from xentsym.symbols import y, z

DERIVATION = differentiate(binary_crossentropy_from_logits(), z, title="Gradient", closed_form=sigmoid(z) - y)


def test_latex_is_an_align_block_with_one_line_per_step():
    latex = DERIVATION.to_latex()
    assert latex.startswith("\\begin{align*}") and latex.endswith("\\end{align*}")
    lines = latex.split("\\\\\n")
    assert len(lines) == len(DERIVATION.steps) - 1
    assert all("&=" in line and "\\text{" in line for line in lines)
    assert r"\sigma\left(z\right) - y" in lines[-1] or r"- y + \sigma\left(z\right)" in lines[-1]


def test_markdown_has_title_math_result_and_proof():
    md = DERIVATION.to_markdown()
    assert md.startswith("## Gradient")
    assert "$$\n\\begin{align*}" in md
    assert "**Result:**" in md and "**Proof:**" in md


def test_jupyter_display():
    assert DERIVATION._repr_latex_().startswith("$$")
    assert "\\checkmark" in verify("sigmoid(z) - y", "(1-y)*sigmoid(z) - y*sigmoid(-z)")._repr_latex_()


def test_text_shows_each_rule():
    text = DERIVATION.to_text()
    assert "[sum rule]" in text and text.splitlines()[-1].startswith("  proved:")
