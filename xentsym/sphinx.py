"""The Sphinx extension: with ``extensions = ["xentsym.sphinx"]`` in ``conf.py``, the directive
``xentsym`` renders a block (see :mod:`xentsym.blocks`) as a typeset, proved derivation,
identity or generated module, in reStructuredText and in MyST Markdown (so Jupyter Book too)::

    ```{xentsym}
    derive: -(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))
    wrt: z
    ```

A block that is not proved, or cannot be read, is a warning at the block's line, so
``sphinx-build -W`` fails on it. Formulas are typeset at build time with KaTeX (Node.js), and
KaTeX's stylesheet and fonts are copied into the site: the pages need no network.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
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
        try:
            block = render(parse_block("\n".join(self.content)))
            shown = typeset.typeset_html(to_html(block.markdown), self.env.docname)
        except Exception as error:  # any failure is the block's, named, not a crash of the build
            problem = f"{type(error).__name__}: {error}"
            log.warning(f"the xentsym block cannot be rendered: {problem}", location=where)
            return [nodes.paragraph(text=f"This xentsym block cannot be rendered: {error}")]
        if not block.proved:
            log.warning(f"the xentsym block is not proved: {block.problem}", location=where)
        return [nodes.raw("", f'<div class="xentsym">{shown}</div>', format="html")]


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    """KaTeX's stylesheet and fonts into the built site's static folder."""
    if exception is not None or app.builder.format != "html":
        return
    for site_path, source in typeset.assets().items():
        target = Path(app.outdir) / "_static" / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def setup(app: Sphinx) -> dict:
    app.add_directive("xentsym", XentsymDirective)
    app.add_css_file(typeset.STYLESHEET)
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
