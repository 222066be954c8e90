"""Formulas typeset by KaTeX at build time, so that a page needs no network and no script.

KaTeX is installed from the npm registry the first time it is needed, pinned by the
``package.json`` and lock file in ``xentsym/katex_node``, into a cache folder
(``$XDG_CACHE_HOME/xentsym/katex``, else ``~/.cache/xentsym/katex``). Formulas go through
Node.js in one batch per page and come back as HTML; the page then needs only KaTeX's
stylesheet and fonts (:func:`assets`). Node.js or KaTeX missing is a :class:`TypesetError`;
a formula KaTeX cannot parse is reported and left as it was.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["STYLESHEET", "WORKER_SHIM", "TypesetError", "assets", "install", "typeset_html", "worker_shim"]

SOURCE = Path(__file__).resolve().parent / "katex_node"
STYLESHEET = "assets/katex/katex.min.css"
WORKER_SHIM = "assets/javascripts/iframe-worker/shim.js"

# What pymdownx.arithmatex (generic mode) writes: \[...\] in a div, \(...\) in a span.
ARITHMATEX = re.compile(
    r'<(?P<tag>div|span) class="arithmatex">(?:\\\[(?P<block>.*?)\\\]|\\\((?P<inline>.*?)\\\))</(?P=tag)>',
    re.DOTALL,
)

# KaTeX writes a formula twice, as MathML (with its TeX source) and as the visual copy; a
# search index keeps only the visual copy. (MkDocs Material's search honours the attribute on
# an element with no descendant of its own tag: <math>, not KaTeX's nested spans.)
_MATHML = re.compile(r"<math(?=[ >])")


class TypesetError(RuntimeError):
    """KaTeX could not be installed or run, or could not typeset a formula."""


def _folder() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "xentsym" / "katex"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise TypesetError(
            f"formulas are typeset with KaTeX through Node.js, and `{name}` is not on PATH: "
            "install Node.js and npm (Debian: apt-get install nodejs npm)"
        )
    return path


def install() -> Path:
    """The folder of KaTeX's installation (with ``render.mjs``), installed from the lock file
    first if it is not there or is not the pinned one.

    The install goes to a temporary folder and is moved into place whole, so an
    interrupted or concurrent build never leaves a half-installed KaTeX behind.
    """
    folder = _folder()
    lock = (SOURCE / "package-lock.json").read_text(encoding="utf-8")
    installed = folder / "package-lock.json"
    if (folder / "node_modules" / "katex" / "dist" / "katex.mjs").is_file() and (
        installed.is_file() and installed.read_text(encoding="utf-8") == lock
    ):
        return folder
    npm = _tool("npm")
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".katex-"))
    try:
        for name in ("package.json", "package-lock.json", "render.mjs"):
            shutil.copy(SOURCE / name, scratch)
        done = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=scratch,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise TypesetError(f"`npm ci` for KaTeX failed in {scratch}:\n{done.stdout}{done.stderr}")
        shutil.rmtree(folder, ignore_errors=True)  # an install of another pinned version
        try:
            scratch.rename(folder)
        except OSError:  # another build moved its copy into place first
            pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not (folder / "node_modules" / "katex" / "dist" / "katex.mjs").is_file():
        raise TypesetError(f"KaTeX was installed but {folder}/node_modules/katex/dist/katex.mjs is missing")
    return folder


def assets() -> dict[str, Path]:
    """The files typeset math needs in a site: the stylesheet and its fonts, by site path."""
    dist = install() / "node_modules" / "katex" / "dist"
    files = {STYLESHEET: dist / "katex.min.css"}
    folder = STYLESHEET.rsplit("/", 1)[0]
    files |= {f"{folder}/fonts/{font.name}": font for font in sorted((dist / "fonts").iterdir())}
    return files


def worker_shim() -> dict[str, Path]:
    """The Web Worker shim a site read from ``file://`` needs for its search (iframe-worker,
    installed with KaTeX), by site path: Material's offline plugin would fetch it from unpkg.com."""
    return {WORKER_SHIM: install() / "node_modules" / "iframe-worker" / "shim" / "index.js"}


def _render(formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """KaTeX's answer for each (TeX, display) formula, in one run of Node.js: its HTML, or
    the error that stopped it."""
    if not formulas:
        return []
    folder = install()
    done = subprocess.run(
        [_tool("node"), str(folder / "render.mjs")],
        input=json.dumps([{"tex": tex, "display": display} for tex, display in formulas]),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        raise TypesetError(f"KaTeX's renderer failed:\n{done.stderr}")
    return json.loads(done.stdout)


def typeset_html(page_html: str, where: str) -> tuple[str, list[str]]:
    """``page_html`` with every formula that ``pymdownx.arithmatex`` marked replaced by KaTeX's
    HTML, and a message for each formula KaTeX cannot typeset (left as it was marked).

    Raises:
        TypesetError: KaTeX cannot be installed or run.
    """
    found = list(ARITHMATEX.finditer(page_html))
    formulas = [
        (html.unescape(m["block"] if m["block"] is not None else m["inline"]).strip(), m["block"] is not None)
        for m in found
    ]
    results = iter(_render(formulas))
    problems = []

    def typeset(match: re.Match[str]) -> str:
        result = next(results)
        if "error" in result:
            tex = html.unescape(match["block"] if match["block"] is not None else match["inline"]).strip()
            problems.append(f"{where}: KaTeX cannot typeset {tex!r}: {result['error']}")
            return match[0]
        marked = _MATHML.sub("<math data-search-exclude", result["html"])
        return f'<{match["tag"]} class="arithmatex">{marked}</{match["tag"]}>'

    return ARITHMATEX.sub(typeset, page_html), problems
