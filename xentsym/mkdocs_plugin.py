"""The MkDocs plugin: with ``plugins: [xentsym]`` in ``mkdocs.yml``, each fenced ``xentsym``
block of a page (see `xentsym.blocks`) becomes a typeset derivation, identity or
generated module, proved while the site builds.

A block that is not proved, or cannot be read, is a warning naming the page and the line
of the block, so ``mkdocs build --strict`` fails on it; the page says so where the block
stood. Options::

    plugins:
      - xentsym:
          math: katex       # default: typeset at build time with KaTeX (Node.js), offline
          # math: arithmatex  to leave \\(...\\) and \\[...\\] for your MathJax or KaTeX script

With ``katex``, every formula that ``pymdownx.arithmatex`` marked on a page is typeset too, and
with Material's ``offline`` plugin the Worker shim its search needs under ``file://`` is served
from the site instead of unpkg.com: the site fetches nothing from the network.
"""

from __future__ import annotations

import html
import re
import secrets
import textwrap
from collections.abc import Iterable
from pathlib import Path

from markdown.extensions.toc import slugify
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from . import typeset
from .blocks import parse_block, render
from .text import INLINE_MATH, prose_text

__all__ = ["XentsymPlugin"]

log = get_plugin_logger(__name__)

# The plugin's own stylesheet: wide display formulas scroll in their box, with a cue.
STYLESHEET = "assets/xentsym/xentsym.css"
STYLESHEET_SOURCE = Path(__file__).resolve().parent / "assets" / "xentsym.css"

# Any fenced code block; those whose info string is ``xentsym`` are blocks. A block shown as an
# example inside a longer fence (````markdown) is part of that fence, and stays as it is.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_CODE = re.compile(r"^[ \t]*```.*?^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)
# Display math, and inline math by Pandoc's rule ("costs $5 and $10" is prose).
_MATH = re.compile(rf"\$\$(?P<display>.+?)\$\$|{INLINE_MATH.pattern}", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class _Options(Config):
    math = config_options.Choice(("katex", "arithmatex"), default="katex")


class XentsymPlugin(BasePlugin[_Options]):
    """Renders ``xentsym`` blocks; with ``math: katex``, typesets each page's formulas."""

    def __init__(self) -> None:
        self._formulas: dict[str, list[tuple[str, bool]]] = {}
        self._token = f"XENTSYM{secrets.token_hex(6).upper()}N"  # no page says this by chance

    @event_priority(100)  # before Material's offline plugin, which adds the shim from unpkg.com
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The stylesheets, before the site's own, which may override them."""
        if STYLESHEET not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET)
        if self.config.math == "katex":
            if typeset.STYLESHEET not in config.extra_css:
                config.extra_css.insert(0, typeset.STYLESHEET)
            if _offline(config):
                polyfills = config.extra.setdefault("polyfills", [])
                if not any("iframe-worker" in script for script in polyfills):
                    polyfills.append(typeset.WORKER_SHIM)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The plugin's stylesheet; KaTeX's stylesheet and fonts, which typeset formulas need; the
        offline Worker shim."""
        files.append(File.generated(config, STYLESHEET, abs_src_path=str(STYLESHEET_SOURCE)))
        if self.config.math == "katex":
            assets = _checked(typeset.assets)
            if typeset.WORKER_SHIM in config.extra.get("polyfills", []):
                assets |= _checked(typeset.worker_shim)
            for src_uri, source in assets.items():
                files.append(File.generated(config, src_uri, abs_src_path=str(source)))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Each block rendered in place (indented as it was), its formulas set aside as
        placeholders that Markdown leaves alone until the page is HTML."""
        formulas = self._formulas[page.file.src_uri] = []
        offset = _front_matter_lines(page, markdown)
        comments = [m.span() for m in _COMMENT.finditer(markdown)]

        def rendered(match: re.Match[str]) -> str:
            info = match["info"].split()
            if not info or info[0] != "xentsym" or any(a <= match.start() < b for a, b in comments):
                return match[0]
            line = offset + markdown.count("\n", 0, match.start()) + 1
            where = f"{page.file.src_uri}: the xentsym block at line {line}"
            if len(info) > 1:
                log.warning(f"{where} takes no attributes after `xentsym`; ignored: {' '.join(info[1:])}")
            try:
                block = render(parse_block(textwrap.dedent(match["body"])))
            except Exception as error:  # any failure is the block's, named, not a crash of the build
                kind = type(error).__name__
                log.warning(f"{where} cannot be rendered: {kind}: {error}")
                text = f"> **This xentsym block cannot be rendered:** `{kind}`: {_escaped(error)}"
            else:
                if not block.proved:
                    log.warning(f"{where} is not proved: {block.problem}")
                text = self._set_aside(block.markdown, formulas)
            indent = match["indent"]
            return "\n" + textwrap.indent(text.strip("\n"), indent, lambda _: True) + "\n"

        return FENCE.sub(rendered, markdown)

    def on_page_content(self, page_html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The formulas back in, as ``pymdownx.arithmatex`` marks them; with KaTeX, typeset."""
        formulas = self._formulas.pop(page.file.src_uri, [])
        if formulas:
            placeholder = re.compile(rf"{self._token}(?P<number>\d+)X")

            def marked(match: re.Match[str]) -> str:
                tex, display = formulas[int(match["number"])]
                if display:
                    return f'<div class="arithmatex">\\[{html.escape(tex)}\\]</div>'
                return f'<span class="arithmatex">\\({html.escape(tex)}\\)</span>'

            # A display formula stands alone in its paragraph; the div replaces the paragraph.
            page_html = re.sub(rf"<p>{placeholder.pattern}</p>", marked, page_html)
            page_html = placeholder.sub(marked, page_html)
            for old, new in _untoken_toc(page.toc, placeholder, formulas).items():
                page_html = page_html.replace(f'id="{old}"', f'id="{new}"').replace(f'"#{old}"', f'"#{new}"')
        if self.config.math == "katex":
            page_html, problems = _checked(typeset.typeset_html, page_html, page.file.src_uri)
            for problem in problems:
                log.warning(problem)
        return page_html

    def _set_aside(self, markdown: str, formulas: list[tuple[str, bool]]) -> str:
        """``markdown`` with each formula outside code replaced by a placeholder, kept in
        ``formulas``."""

        def placeholder(match: re.Match[str]) -> str:
            display = match["display"] is not None
            formulas.append(((match["display"] if display else match["inline"]).strip(), display))
            return f"{self._token}{len(formulas) - 1}X"

        pieces, start = [], 0
        for code in _CODE.finditer(markdown):
            pieces += [_MATH.sub(placeholder, markdown[start : code.start()]), code[0]]
            start = code.end()
        pieces.append(_MATH.sub(placeholder, markdown[start:]))
        return "".join(pieces)


def _offline(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on (it makes the site readable from ``file://``)."""
    offline = config.plugins.get("material/offline")
    return offline is not None and bool(offline.config.enabled)


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines of the page's file came before ``markdown`` (YAML front matter)."""
    source = page.file.content_string
    return source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0


# Subscripts a table of contents can show as characters: Hᵢⱼ rather than H_{ij}.
_SUBSCRIPT = re.compile(r"_(?:\{(?P<braced>[^{}]+)\}|(?P<single>\w))")
_SUBSCRIPTS = dict(zip("0123456789aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))


def _plain(title: str) -> str:
    """A heading's prose with inline TeX as the table of contents shows it: in the text
    notation, subscripts as subscript characters where there are such (Hᵢⱼ)."""

    def subscript(match: re.Match[str]) -> str:
        letters = match["braced"] or match["single"]
        return "".join(map(_SUBSCRIPTS.get, letters)) if set(letters) <= _SUBSCRIPTS.keys() else match[0]

    return _SUBSCRIPT.sub(subscript, prose_text(title).replace("$", ""))


def _untoken_toc(items: Iterable[AnchorLink], placeholder: re.Pattern[str], formulas) -> dict[str, str]:
    """A heading with a formula in it: the table of contents shows the formula in the text
    notation, and the heading's anchor is made from that text, not from the placeholder
    (which changes from build to build). Returns the anchors renamed, old to new."""
    renamed = {}
    for item in items:
        if placeholder.search(item.title):
            item.title = _plain(placeholder.sub(lambda m: f"${formulas[int(m['number'])][0]}$", item.title))
            anchor = slugify(item.title, "-")
            renamed[item.id] = anchor
            item.id = anchor
        renamed |= _untoken_toc(item.children, placeholder, formulas)
    return renamed


def _escaped(error: Exception) -> str:
    """An error message as Markdown text: no emphasis from its underscores or stars."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", str(error))


def _checked(function, *args):
    """KaTeX's failures as the build's: a PluginError, which MkDocs reports without a traceback."""
    try:
        return function(*args)
    except typeset.TypesetError as error:
        raise PluginError(str(error)) from error
