"""The notebook page of the site: a notebook run in a Jupyter kernel, its outputs as Markdown,
and a cell that fails failing the build."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebook_page", ROOT / "docs" / "sitegen" / "notebook.py")
notebook_page = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(notebook_page)


def _notebook(folder: Path, *cells: str) -> Path:
    path = folder / "run.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), path)
    return path


def test_each_output_becomes_markdown(tmp_path: Path):
    page = notebook_page.markdown(
        _notebook(
            tmp_path,
            "print('printed')",
            "from IPython.display import Latex, Markdown\nLatex(r'$$x^2$$')",
            "Markdown('**bold** $y$')",
            "40 + 2",
            "print('```')",
            "from pathlib import Path\nPath.cwd().name",
        )
    )
    assert "```python\nprint('printed')\n```" in page
    assert "```text\nprinted\n```" in page
    assert "$$x^2$$" in page and "**bold** $y$" in page and "Latex(" in page
    assert "```text\n42\n```" in page
    assert "````text\n```\n````" in page, "a fence printed by a cell must not close its output's block"
    assert f"'{tmp_path.name}'" in page, "the notebook runs in its own folder"


def test_a_cell_that_fails_fails_the_build(tmp_path: Path):
    with pytest.raises(PluginError, match="ZeroDivisionError"):
        notebook_page.markdown(_notebook(tmp_path, "x = 1", "x / 0", "print('never')"))
