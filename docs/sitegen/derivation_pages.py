"""One page per module of ``derivations/``, built and proved while the site builds.

A page is the module's title and summary and a ``derivation: NAME`` block, which the xentsym
MkDocs plugin renders, as on anyone's site, into the text ``xentsym derive NAME --format
markdown`` prints, after the page's figures if it has any. Rendering runs the derivation,
which proves every step: a derivation that no longer proves is a warning naming the page and
the block, and ``--strict`` stops the build.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from sitegen import figures
from xentsym import derivations
from xentsym.latex import derivation_latex

__all__ = ["SECTION", "extend_nav", "index_table", "pages", "path", "steps"]

SECTION = "Derivations"
INDEX = "derivations/index.md"


def path(name: str) -> str:
    """Where the page of derivation ``name`` lives in the docs."""
    return f"derivations/{name}.md"


@contextmanager
def _naming(name: str) -> Iterator[None]:
    """Turn any failure of derivation ``name`` (a ProofError above all) into a build error naming it."""
    try:
        yield
    except Exception as error:
        raise PluginError(f"derivation {name!r} does not build: {type(error).__name__}: {error}") from error


def pages() -> dict[str, str]:
    """Every derivation page, by its path in the docs."""
    out = {}
    for name in derivations.names():
        module = derivations.load(name)
        block = ["```xentsym", f"derivation: {name}", "```"]
        shown = [line for marker in figures.markers(path(name)) for line in (marker, "")]
        out[path(name)] = "\n".join([f"# {module.TITLE}", "", module.SUMMARY, "", *shown, *block, ""])
    return out


def extend_nav(nav: list | None) -> None:
    """Fill the nav's ``Derivations`` section: its index page, then every derivation in order.

    Raises:
        PluginError: if mkdocs.yml has no such section, so that no page can go missing quietly.
    """
    for item in nav or []:
        if isinstance(item, dict) and SECTION in item:
            item[SECTION] = [INDEX, *(path(name) for name in derivations.names())]
            return
    raise PluginError(f"mkdocs.yml needs a nav entry `{SECTION}: {INDEX}`; the derivation pages go there")


def index_table() -> str:
    """A Markdown table of the derivations: title (linked) and what each shows."""
    rows = ["| Derivation | What it shows |", "| --- | --- |"]
    for name in derivations.names():
        module = derivations.load(name)
        rows.append(f"| [{module.TITLE}]({name}.md) | {module.SUMMARY} |")
    return "\n".join(rows)


def steps(name: str) -> str:
    """The first derivation of module ``name`` as display math, for showing off elsewhere."""
    with _naming(name):
        first = derivations.build(name)[0]
    return "\n".join(["$$", derivation_latex(first), "$$"])
