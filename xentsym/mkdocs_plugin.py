"""The MkDocs plugin: with ``plugins: [xentsym]`` in ``mkdocs.yml``, each fenced ``xentsym``
block of a page (see :mod:`xentsym.blocks`) becomes a typeset derivation, identity or
generated module, proved while the site builds.

A block that is not proved, or cannot be read, is a warning naming the page and the line
of the block, so ``mkdocs build --strict`` fails on it; the page says so where the block
stood. Options::

    plugins:
      - xentsym:
          math: katex       # default: typeset at build time with KaTeX (Node.js), offline
          # math: arithmatex  to leave \\(...\\) and \\[...\\] for your MathJax or KaTeX script

With ``katex``, every formula that ``pymdownx.arithmatex`` marked on a page is typeset too.
"""

from __future__ import annotations

import html
import re
import textwrap

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import typeset
from .blocks import parse_block, render

__all__ = ["XentsymPlugin"]

log = get_plugin_logger(__name__)

# Any fenced code block; those whose info string is ``xentsym`` are blocks. A block shown as an
# example inside a longer fence (````markdown) is part of that fence, and stays as it is.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_CODE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
_MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|\$(?P<inline>[^$\n]+?)\$", re.DOTALL)
_PLACEHOLDER = re.compile(r"XENTSYM(?P<number>\d+)MATH")
_DISPLAY = re.compile(rf"<p>{_PLACEHOLDER.pattern}</p>")


class _Options(Config):
    math = config_options.Choice(("katex", "arithmatex"), default="katex")


class XentsymPlugin(BasePlugin[_Options]):
    """Renders ``xentsym`` blocks; with ``math: katex``, typesets each page's formulas."""

    def __init__(self) -> None:
        self._formulas: dict[str, list[tuple[str, bool]]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.math == "katex" and typeset.STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, typeset.STYLESHEET)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """KaTeX's stylesheet and fonts, which typeset formulas need."""
        if self.config.math == "katex":
            for src_uri, source in _checked(typeset.assets).items():
                files.append(File.generated(config, src_uri, abs_src_path=str(source)))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Each block rendered, its formulas set aside (as placeholders Markdown leaves alone)
        until the page is HTML."""
        formulas = self._formulas[page.file.src_uri] = []

        def rendered(match: re.Match[str]) -> str:
            if match["info"].strip() != "xentsym":
                return match[0]
            line = markdown.count("\n", 0, match.start()) + 1
            where = f"{page.file.src_uri}: the xentsym block at line {line}"
            try:
                block = render(parse_block(textwrap.dedent(match["body"])))
            except Exception as error:  # any failure is the block's, named, not a crash of the build
                log.warning(f"{where} cannot be rendered: {type(error).__name__}: {error}")
                return f"> **This xentsym block cannot be rendered:** {html.escape(str(error))}\n"
            if not block.proved:
                log.warning(f"{where} is not proved: {block.problem}")
            return _set_aside(block.markdown, formulas)

        return FENCE.sub(rendered, markdown)

    def on_page_content(self, page_html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The formulas back in, as ``pymdownx.arithmatex`` marks them; with KaTeX, typeset."""
        formulas = self._formulas.pop(page.file.src_uri, [])

        def marked(match: re.Match[str]) -> str:
            tex, display = formulas[int(match["number"])]
            if display:
                return f'<div class="arithmatex">\\[{html.escape(tex)}\\]</div>'
            return f'<span class="arithmatex">\\({html.escape(tex)}\\)</span>'

        if formulas:  # a display formula stands alone in its paragraph
            page_html = _PLACEHOLDER.sub(marked, _DISPLAY.sub(marked, page_html))
        if self.config.math == "katex":
            page_html = _checked(typeset.typeset_html, page_html, page.file.src_uri)
        return page_html


def _set_aside(markdown: str, formulas: list[tuple[str, bool]]) -> str:
    """``markdown`` with each formula outside code replaced by a placeholder, kept in ``formulas``."""

    def placeholder(match: re.Match[str]) -> str:
        display = match["display"] is not None
        formulas.append(((match["display"] if display else match["inline"]).strip(), display))
        return f"XENTSYM{len(formulas) - 1}MATH"

    pieces, start = [], 0
    for code in _CODE.finditer(markdown):
        pieces += [_MATH.sub(placeholder, markdown[start : code.start()]), code[0]]
        start = code.end()
    pieces.append(_MATH.sub(placeholder, markdown[start:]))
    return "".join(pieces)


def _checked(function, *args):
    """KaTeX's failures as the build's: a PluginError, which MkDocs reports without a traceback."""
    try:
        return function(*args)
    except typeset.TypesetError as error:
        raise PluginError(str(error)) from error
