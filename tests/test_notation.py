"""One notation: prose math is TeX, typeset on pages and shown in the text notation in a terminal;
displays use nothing MathJax 2 would show as text; proofs name only the lemmas they used."""

from __future__ import annotations

import re

import pytest
import sympy as sp
from prose_math import ASCII_MATH, ascii_math, prose

from xentsym import derivations
from xentsym.cli import main
from xentsym.latex import derivation_latex, to_latex
from xentsym.text import prose_text

# --- the checker of page prose ----------------------------------------------------------------

WRITTEN_AS_TEXT = {
    "subscript": "the gradient is softmax_j(z) Σ_c y_c - y_j in general",
    "superscript": "softplus(40) = 40 + log1p(e^-40) is exact",
    "sum sign": "scaled by Σ_c y_c",
    "membership": "y in [0, 1] is the label",
    "range": "i, j in 1..K",
    "scientific number": "with ε = 1e-7 and computes in float32",
    "transpose": "the quadratic form vᵀHv is a variance",
    "natural logarithm": "7 ln 10 = 16.1181",
    "infinity": "log 0 = -inf",
    "a Greek letter applied or compared": "pulled back towards σ(z) = 1 - s/2",
    "a letter compared": "The slope vanishes exactly at p = y",
}


def test_every_kind_of_ascii_math_has_a_sample():
    assert set(WRITTEN_AS_TEXT) == set(ASCII_MATH)


@pytest.mark.parametrize("kind", WRITTEN_AS_TEXT)
def test_the_checker_finds_math_written_as_text(kind: str):
    found = ascii_math(WRITTEN_AS_TEXT[kind])
    assert any(f.startswith(f"{kind}:") for f in found), found


def test_the_checker_passes_prose_and_reads_only_prose():
    page = """<html><nav>H_ij in the nav</nav><article class="md-content__inner md-typeset">
    <h2 id="x">Hessian entry <span class="arithmatex"><span class="katex">H_ij</span></span>
    <a class="headerlink" href="#x">¶</a></h2>
    <p>A one-hot label sifts the sum; <code>from_logits=True</code> takes logits, in float32,
    1 - 2 classes, the 3 of <code>z[3]</code>, <em>don't</em> pick a = b<br>here.</p>
    <pre><code>y_c = 1e-7</code></pre></article><footer>σ(z)</footer></html>"""
    text = prose(page)
    assert text.startswith("Hessian entry A one-hot label sifts the sum; takes logits")
    assert "H_ij" not in text and "from_logits" not in text and "σ" not in text
    assert [found.split(":")[0] for found in ascii_math(text)] == ["a letter compared"]


# --- prose in the terminal -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prose_tex", "shown"),
    [
        (r"$y \in [0, 1]$ is the label", "y ∈ [0, 1] is the label"),
        (r"Hessian entry $H_{ij}$", "Hessian entry H_{ij}"),
        (r"$\operatorname{softmax}(z)_j - y_j$ when", "softmax(z)_j - y_j when"),
        (r"the matrix $\operatorname{diag}(p) - p p^\top$", "the matrix diag(p) - p pᵀ"),
        (r"so $v^\top H v \ge 0$", "so vᵀ H v ≥ 0"),
        (r"$\epsilon = 10^{-7}$", "ε = 10⁻⁷"),
        (r"$i, j \in \{1, \dots, K\}$", "i, j ∈ {1, …, K}"),
        (r"scaled by $\sum_{c=1}^{K} y_c$", "scaled by Σ_{c=1}^K y_c"),
        (r"towards $\sigma(z) = 1 - \frac{s}{2}$", "towards σ(z) = 1 - s/2"),
        ("no formula, 3 classes", "no formula, 3 classes"),
    ],
)
def test_prose_math_reads_in_the_text_notation(prose_tex: str, shown: str):
    assert prose_text(prose_tex) == shown


@pytest.mark.parametrize("title", [r"Price $\foo{x}$ and $5", r"a $\frac{1}$ b", r"a $x^$ b"])
def test_a_title_whose_math_has_no_text_form_is_shown_as_written(title: str, capsys):
    """A user's title may hold any TeX: the terminal shows what it cannot convert as typed."""
    assert main(["derive", "softplus(z)", "--wrt", "z", "--title", title]) == 0
    assert capsys.readouterr().out.startswith(f"Gradient of {title} with respect to z\n")


def _prose_of(name: str) -> list[str]:
    module = derivations.load(name)
    found = [module.TITLE, module.SUMMARY]
    for derivation in derivations.build(name):
        found += [derivation.title, *derivation.assumptions, derivation.conclusion]
    return found


@pytest.mark.parametrize("name", derivations.names())
def test_a_derivations_prose_is_typeset_on_the_page_and_plain_in_the_terminal(name: str):
    for text in _prose_of(name):
        outside_math = re.sub(r"\$[^$]+\$|`[^`]+`", "", text)
        assert ascii_math(outside_math) == [], text
        assert "$" not in prose_text(text) and "\\" not in prose_text(text), text


@pytest.mark.parametrize("name", derivations.names())
def test_a_page_title_is_words(name: str):
    """The nav and the browser's tab show a page's title as it is: no TeX there."""
    assert "$" not in derivations.load(name).TITLE


def test_the_terminal_shows_no_tex():
    shown = "\n".join(d.to_text() for d in derivations.build("softmax_hessian"))
    assert "Hessian entry H_{ij}" in shown and "assuming i, j ∈ {1, …, K}" in shown
    assert "$" not in shown and "\\" not in shown


@pytest.mark.parametrize("name", derivations.names())
def test_a_rules_math_is_in_the_text_notation_in_the_terminal(name: str):
    """A rule's words may hold a bit of math (ε = 10^{-7}); the terminal shows it as text."""
    shown = "\n".join(d.to_text() for d in derivations.build(name))
    assert "^{" not in shown and "\\" not in shown and "$" not in shown
    if name == "keras_clipping":
        assert "[ε = 10⁻⁷]" in shown


# --- displays every TeX renderer reads alike ------------------------------------------------------

SIZES = r"\\(?:tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge)\b"


def test_no_size_command_inside_text():
    """MathJax 2 and 3 show a command inside ``\\text{}`` as it is; KaTeX obeys it."""
    tex = derivation_latex(derivations.build("bce_logits")[0])
    inside_text = re.findall(r"\\text\{[^{}]*" + SIZES, tex)
    assert inside_text == []
    assert re.search(r"\{\\small \\text\{sum rule\}\}", tex), "the rules are no longer in small type"


def test_a_small_power_of_ten_is_printed_as_one():
    assert to_latex(sp.Rational(1, 10**7)) == "10^{-7}"
    assert to_latex(sp.Rational(1, 100)) == r"\frac{1}{100}"


# --- proof sentences ------------------------------------------------------------------------------

LEMMA_NAMES = ("linearity", "constant factor", "counting", "sifting", "softmax sums to 1", "side conditions")


def test_a_proof_without_sums_names_no_sum_lemma():
    for derivation in derivations.build("bce_logits"):
        assert [name for name in LEMMA_NAMES if name in derivation.proof] == [], derivation.proof


def test_a_proof_names_the_lemmas_it_used():
    one_hot, _ = derivations.build("sparse_labels")
    assert "(using δ-sifting)" in one_hot.proof
    _, normalised = derivations.build("softmax_gradient")
    assert "side conditions" in normalised.proof and "counting" not in normalised.proof
