"""MkDocs hooks: pages generated from xentsym itself.

What could go stale is generated, never written down: a page per module of
``derivations/`` (a ``derivation: NAME`` block, which the xentsym plugin proves and
typesets while the site builds, as it would on anyone's site), the article's numbers and
the command-line help. A hand-written page asks for generated text with a marker such as
``<!-- xentsym: article -->``. The plugin typesets every formula with KaTeX.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from sitegen import article, benchmarks, cli, derivation_pages, figures, notebook, proofs

MARKER = re.compile(r"<!--\s*xentsym:\s*(?P<what>[\w-]+)(?P<args>(?:\s+\w+)*)\s*-->")

GENERATED: dict[str, Callable[..., str]] = {
    "article": article.markdown,
    "cli": cli.markdown,
    "derivations": derivation_pages.index_table,
    "steps": derivation_pages.steps,
    "lemmas": proofs.lemmas,
    "domains": proofs.domains,
    "limits": proofs.limits,
    "figure": figures.markdown,
    "speed": benchmarks.speed_tables,
    "accuracy": benchmarks.accuracy_tables,
}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """List every derivation in the nav, and put the version of xentsym in every page's footer."""
    derivation_pages.extend_nav(config.nav)
    config.copyright = f"xentsym {version('xentsym')}"
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the derivation pages, the figures, and the notebook's page with its outputs (the
    notebook itself stays, to download)."""
    for src_uri, text in derivation_pages.pages().items():
        files.append(File.generated(config, src_uri, content=text))
    for src_uri, svg in figures.files().items():
        files.append(File.generated(config, src_uri, content=svg))
    run = notebook.markdown(Path(config.docs_dir) / "notebook.ipynb")
    files.append(File.generated(config, "notebook.md", content=run))
    return files


def _expand(marker: re.Match[str], where: str) -> str:
    generate = GENERATED.get(marker["what"])
    if generate is None:
        raise PluginError(f"{where}: unknown marker {marker[0]!r}; known: {', '.join(GENERATED)}")
    return generate(*marker["args"].split())


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace each ``<!-- xentsym: ... -->`` marker by the text it names."""
    return MARKER.sub(lambda m: _expand(m, page.file.src_uri), markdown)
