"""A notebook as a page: run while the site builds, its outputs shown as Markdown.

The notebook is checked in without outputs; here it runs in a Jupyter kernel (nbclient), so
the page shows what the code gives now, and a cell that fails fails the build. Each output
becomes Markdown: math (``text/latex``) and Markdown (``text/markdown``) as they are, for the
site to typeset with its KaTeX like any page; printed text and plain values as code blocks.
Nothing on the page comes from a notebook front end, so nothing is fetched to show it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# What each output shows, best first: the first of these an output has is shown.
SHOWN = ("text/markdown", "text/latex", "text/plain")


def markdown(path: Path, timeout: int = 600) -> str:
    """The notebook at ``path``, run from its folder, as a page of Markdown."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        raise PluginError(f"{path.name}: a cell failed:\n{error}") from error
    return "\n\n".join(_cell(cell) for cell in notebook.cells) + "\n"


def _cell(cell: nbformat.NotebookNode) -> str:
    if cell.cell_type == "markdown":
        return cell.source
    if cell.cell_type != "code":
        return ""
    outputs = [shown for output in cell.outputs if (shown := _output(output))]
    if not outputs:
        return _fenced(cell.source, "python")
    body = "\n\n".join(outputs)
    return f'{_fenced(cell.source, "python")}\n\n<div class="notebook-output" markdown>\n\n{body}\n\n</div>'


def _output(output: nbformat.NotebookNode) -> str:
    if output.output_type == "stream":
        return _fenced(output.text, "text")
    if output.output_type not in ("execute_result", "display_data"):
        return ""
    kind = next((kind for kind in SHOWN if kind in output.data), None)
    if kind is None:
        return ""
    return _fenced(output.data[kind], "text") if kind == "text/plain" else output.data[kind].strip()


def _fenced(text: str, language: str) -> str:
    """``text`` as a fenced code block, its fence longer than any run of backticks in it."""
    fence = "`" * max(3, 1 + max(map(len, re.findall("`+", text)), default=0))
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"
