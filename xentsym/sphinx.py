"""The Sphinx extension: with ``extensions = ["xentsym.sphinx"]`` in ``conf.py``, the directive
``xentsym`` renders a block (see `xentsym.blocks`) as a typeset, proved derivation,
identity or generated module, in reStructuredText and in MyST Markdown (so Jupyter Book too)::

    ```{xentsym}
    derive: -(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))
    wrt: z
    ```

A block that is not proved, or cannot be read, is a warning at the block's line, so
``sphinx-build -W`` fails on it; a page with a block is read again on every build, so the
warning comes back until the block is fixed. Formulas are typeset at build time with KaTeX
(Node.js), and KaTeX's stylesheet and fonts go into the site's static files: the pages need
no network. Blocks are rendered for the HTML builders (html, dirhtml, epub, ...) only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import typeset
from .blocks import parse_block, render, to_html

__all__ = ["XentsymDirective", "setup"]

log = logging.getLogger(__name__)


class XentsymDirective(SphinxDirective):
    """``xentsym``: the block's ``key: value`` lines as its content."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        where = (self.env.docname, self.lineno)
        self.env.note_reread()  # its verdict is warned about on every build, not only the first
        builder = self.env.app.builder
        if builder.format != "html":
            log.warning(f"xentsym blocks are rendered for HTML builders, not {builder.name}", location=where)
            return []
        try:
            block = render(parse_block("\n".join(self.content)))
            shown, problems = typeset.typeset_html(to_html(block.markdown), self.env.docname)
        except Exception as error:  # any failure is the block's, named, not a crash of the build
            problem = f"{type(error).__name__}: {error}"
            log.warning(f"the xentsym block cannot be rendered: {problem}", location=where)
            return [nodes.paragraph(text=f"This xentsym block cannot be rendered: {error}")]
        for problem in problems:
            log.warning(problem, location=where)
        if not block.proved:
            log.warning(f"the xentsym block is not proved: {block.problem}", location=where)
        self.env.xentsym_used = True
        return [nodes.raw("", f'<div class="xentsym">{shown}</div>', format="html")]


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    env.xentsym_used = getattr(env, "xentsym_used", False) or getattr(other, "xentsym_used", False)


def _static_files(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Where a page has a block: KaTeX's stylesheet and fonts among the site's static files."""
    if not getattr(env, "xentsym_used", False) or app.builder.format != "html":
        return []
    folder = Path(app.doctreedir) / "xentsym_static"
    for site_path, source in typeset.assets().items():
        target = folder / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    app.config.html_static_path.append(str(folder))
    app.add_css_file(typeset.STYLESHEET)
    return []


def setup(app: Sphinx) -> dict:
    app.add_directive("xentsym", XentsymDirective)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _static_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
