"""xentsym blocks in a user's own documentation: MkDocs, Sphinx (MyST) and Jupyter."""

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xentsym import load_ipython_extension
from xentsym.blocks import Block, BlockError, parse_block, render

DERIVE = """\
derive: -(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))
wrt: z
given: []
title: Gradient of BCE on logits
"""
VERIFY = "verify: softplus(z) - softplus(-z) = z\n"
CODEGEN = "codegen: -(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))\nwrt: z\n"
FALSE = "verify: sigmoid(z) = 1 - sigmoid(z)\n"


# --- reading a block -------------------------------------------------------------------------


def test_a_block_is_read_as_written():
    block = parse_block(DERIVE)
    formula = "-(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))"
    assert block == Block("derive", formula, wrt="z", title=block.title)
    assert block.title == "Gradient of BCE on logits" and block.given == ()


def test_conditions_are_split_at_top_level_commas_only():
    block = parse_block("verify: a = b\ngiven: [Sum(y[c], (c, 1, K)) = 1, s = 0]\ngiven: t = 1")
    assert block.given == ("Sum(y[c], (c, 1, K)) = 1", "s = 0", "t = 1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("wrt: z", "one of derive, verify, codegen, derivation: found none"),
        ("derive: z\nverify: z = z", "found derive and verify"),
        ("derive: z\nwith: z", "a key among"),
        ("derive: z\nwrt: z\nwrt: y", "wrt is given twice"),
        ("verify: z = z\nwrt: z", "verify: does not take wrt"),
        ("derive: z\nhessian: maybe", "hessian: expected true or false"),
        ("derive: z\ntimeout: -1", "timeout: must be a positive number"),
        ("derive:", "derive: says nothing"),
    ],
)
def test_a_block_that_cannot_be_read_says_why(text, message):
    with pytest.raises(BlockError, match=message):
        parse_block(text)


# --- what a block shows ----------------------------------------------------------------------


def test_a_derive_block_shows_the_steps_under_its_title_and_the_proof():
    shown = render(parse_block(DERIVE))
    assert shown.proved and shown.markdown.startswith("## Gradient of BCE on logits\n")
    assert r"\begin{align*}" in shown.markdown and "**Proof:**" in shown.markdown
    assert r"\sigma\left(z\right) - y" in shown.markdown  # the result


def test_a_false_identity_is_shown_refuted_and_not_proved():
    shown = render(parse_block(FALSE))
    assert not shown.proved and shown.problem.startswith("refuted: at z =")
    assert "**Refuted**" in shown.markdown


def test_a_codegen_block_shows_a_module_that_runs(tmp_path):
    shown = render(parse_block(CODEGEN))
    (code,) = re.findall(r"```python\n(.*?)```", shown.markdown, re.DOTALL)
    (tmp_path / "weighted.py").write_text(code, encoding="utf-8")
    probe = "import weighted; print(float(weighted.grad(1.0, -40.0)))"
    command = [sys.executable, "-c", probe]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert float(done.stdout) == pytest.approx(-1.0, abs=1e-17)  # σ(-40) - 1


def test_a_derivation_that_is_not_proved_says_so_where_its_proof_would_be():
    shown = render(parse_block("derive: -y*log(sigmoid(z))\nwrt: z\ngiven: y = 2"))
    assert not shown.proved and "**Not proved** (undecided)" in shown.markdown
    assert "**Proof:**" not in shown.markdown


def test_a_derivation_past_its_timeout_is_cut_off_undecided():
    slow = (
        "derive: log(1 + (sigmoid(z) + sigmoid(2*z) + sigmoid(3*z))**7)*softplus(z*w)**5\nwrt: z\ntimeout: 2"
    )
    shown = render(parse_block(slow))
    assert not shown.proved and shown.problem == "undecided: gave up after 2 s"


def test_an_identity_simplified_on_reading_is_shown_with_what_was_written():
    shown = render(parse_block("verify: 2*z - z = z"))
    assert shown.proved and "As written: `2*z - z = z`" in shown.markdown


def test_code_for_a_second_derivative_needs_its_variable():
    with pytest.raises(BlockError, match="hessian needs wrt"):
        parse_block("codegen: -log(sigmoid(z))\nhessian: true")


# --- a MkDocs site -----------------------------------------------------------------------------


def _mkdocs_site(folder: Path, *blocks: str) -> subprocess.CompletedProcess:
    """A site with only ``plugins: [xentsym]`` and one page of ``blocks``, built --strict."""
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text("site_name: trial\nplugins: [xentsym]\n", encoding="utf-8")
    page = "# Trial\n\n" + "\n".join(f"```xentsym\n{block}```\n" for block in blocks)
    (folder / "docs" / "index.md").write_text(page, encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True)


def test_a_mkdocs_site_with_the_plugin_shows_typeset_proved_blocks(tmp_path):
    done = _mkdocs_site(tmp_path, DERIVE, VERIFY, CODEGEN)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Gradient of BCE on logits</h2>" in page and "<strong>Proved</strong>" in page
    assert page.count('class="katex-display"') >= 2 and "XENTSYM" not in page  # steps and identity
    assert "def grad(" in page
    assert (tmp_path / "site" / "assets" / "katex" / "katex.min.css").is_file()
    # and the plugin's stylesheet, so that a wide derivation scrolls in its box on a phone
    assert 'href="assets/xentsym/xentsym.css"' in page
    assert "overflow-x: auto" in (tmp_path / "site" / "assets" / "xentsym" / "xentsym.css").read_text()


def test_a_material_site_read_from_disk_fetches_nothing_and_indexes_a_formula_once(tmp_path):
    """Material's offline plugin, listed before xentsym, gets its Worker shim from the site, not
    unpkg.com; search indexes KaTeX's visual copy of a formula, not also its MathML and TeX."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: trial\ntheme: material\nplugins: [search, offline, xentsym]\n"
        "markdown_extensions: [{pymdownx.arithmatex: {generic: true}}]\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "index.md").write_text("# Trial\n\nLet $\\alpha_q = 3$ hold.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in page and '<script src="assets/javascripts/iframe-worker/shim.js">' in page
    assert (tmp_path / "site" / "assets" / "javascripts" / "iframe-worker" / "shim.js").stat().st_size > 500
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    assert text.count("α") == 1 and "\\alpha" not in text, text


def test_a_false_identity_fails_the_strict_build_naming_page_and_block(tmp_path):
    done = _mkdocs_site(tmp_path, VERIFY, FALSE)
    assert done.returncode != 0
    assert "index.md: the xentsym block at line 7 is not proved: refuted" in done.stderr


def test_a_block_shown_as_an_example_inside_a_longer_fence_stays_as_written(tmp_path):
    _mkdocs_site(tmp_path, VERIFY)
    page = tmp_path / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n````markdown\n```xentsym\n" + FALSE + "```\n````\n")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    assert subprocess.run(command, cwd=tmp_path, capture_output=True).returncode == 0
    built = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "verify: sigmoid(z) = 1 - sigmoid(z)" in built


def test_blocks_stay_where_markdown_puts_them(tmp_path):
    """In a list item, not in a comment; the page's own text (a dollar price, a word that looks
    like the plugin's placeholders) as written; lines counted from the top of the file."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: trial\nplugins: [xentsym]\n", encoding="utf-8")
    page = (
        "---\ntitle: Front matter\n---\n\n# Trial\n\nIt costs $5 and $10. XENTSYM0MATH stays.\n\n"
        "1. First:\n\n    ```xentsym\n    verify: softplus(z) - softplus(-z) = z\n    ```\n\n2. Second.\n\n"
        "<!--\n```xentsym\nverify: z = 2*z\n```\n-->\n\n```xentsym\n" + FALSE + "```\n"
    )
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("is not proved") == 1  # the commented-out block is not rendered
    assert "index.md: the xentsym block at line 23 is not proved" in done.stderr
    built = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "It costs $5 and $10. XENTSYM0MATH stays." in built
    first_item = built.split("<li>")[1].split("</li>")[0]
    assert 'class="katex-display"' in first_item and "<strong>Proved</strong>" in first_item


def test_a_formula_of_the_page_that_katex_cannot_typeset_is_a_warning_not_a_crash(tmp_path):
    (tmp_path / "docs").mkdir()
    config = "site_name: trial\nplugins: [xentsym]\n"
    config += "markdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text(
        "# Trial\n\nFine $x^2$, unknown $\\foo{x}$.\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "mkdocs", "build"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and "index.md: KaTeX cannot typeset '\\\\foo{x}'" in done.stderr
    built = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="katex"' in built and "\\foo{x}" in built  # the one typeset, the other as written


def test_a_block_that_cannot_be_read_fails_the_strict_build(tmp_path):
    done = _mkdocs_site(tmp_path, "derive: -log(sigmoid(z)\n")
    assert done.returncode != 0 and "the xentsym block at line 3 cannot be rendered" in done.stderr


# --- a Sphinx project, in MyST Markdown ----------------------------------------------------------


def _sphinx_site(folder: Path, *blocks: str) -> subprocess.CompletedProcess:
    pytest.importorskip("sphinx", reason="the sphinx extra is not installed")
    pytest.importorskip("myst_parser", reason="the sphinx extra is not installed")
    (folder / "conf.py").write_text('extensions = ["myst_parser", "xentsym.sphinx"]\n', encoding="utf-8")
    page = "# Trial\n\n" + "\n".join(f"```{{xentsym}}\n{block}```\n" for block in blocks)
    (folder / "index.md").write_text(page, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", "_build"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True)


def test_a_sphinx_project_shows_typeset_proved_blocks(tmp_path):
    done = _sphinx_site(tmp_path, DERIVE, VERIFY)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "_build" / "index.html").read_text(encoding="utf-8")
    assert "Gradient of BCE on logits" in page and "<strong>Proved</strong>" in page
    assert page.count('class="katex-display"') >= 2
    assert (tmp_path / "_build" / "_static" / "assets" / "katex" / "katex.min.css").is_file()


def test_a_false_identity_fails_the_sphinx_build_also_when_built_again(tmp_path):
    done = _sphinx_site(tmp_path, FALSE)
    assert done.returncode != 0
    assert "index.md:3: WARNING: the xentsym block is not proved: refuted" in done.stderr
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", ".", "_build"]
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert again.returncode != 0 and "not proved: refuted" in again.stderr


# --- Jupyter -------------------------------------------------------------------------------------


class _Shell:
    """What ``%load_ext`` hands an extension: a shell that registers magics."""

    def __init__(self):
        self.magics = {}

    def register_magic_function(self, function, magic_kind, magic_name):
        self.magics[magic_kind, magic_name] = function


def test_the_cell_magic_shows_a_block_as_markdown_and_warns_when_not_proved():
    shell = _Shell()
    load_ipython_extension(shell)
    cell = shell.magics["cell", "xentsym"]
    shown = cell("", VERIFY)
    assert shown._repr_markdown_().startswith("$$\n") and "**Proved**" in shown._repr_markdown_()
    with pytest.warns(UserWarning, match="not proved: refuted"):
        assert "**Refuted**" in cell("", textwrap.dedent(FALSE))._repr_markdown_()
    with pytest.raises(ValueError, match="takes no options on its line"):
        cell("--timeout 1", VERIFY)
