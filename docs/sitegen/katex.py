"""Formulas typeset by KaTeX while the site builds, so a reader needs no network and no script.

KaTeX is installed from the npm registry at build time, pinned by ``docs/katex/package.json``
and its lock file, into ``docs/katex/node_modules`` (not committed). Each page's formulas,
as ``pymdownx.arithmatex`` leaves them, go through Node.js once per page and come back as
HTML; the page then needs only KaTeX's stylesheet and fonts, which the build copies into
the site. Anything missing, or a formula KaTeX cannot parse, fails the build.
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

from mkdocs.exceptions import PluginError

__all__ = ["STYLESHEET", "assets", "install", "typeset"]

NODE_PROJECT = Path(__file__).resolve().parent.parent / "katex"
DIST = NODE_PROJECT / "node_modules" / "katex" / "dist"
STYLESHEET = "assets/katex/katex.min.css"

# What pymdownx.arithmatex (generic mode) writes: \[...\] in a div, \(...\) in a span.
_MATH = re.compile(
    r'<(?P<tag>div|span) class="arithmatex">(?:\\\[(?P<block>.*?)\\\]|\\\((?P<inline>.*?)\\\))</(?P=tag)>',
    re.DOTALL,
)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise PluginError(
            f"the docs typeset formulas with KaTeX through Node.js, and `{name}` is not on PATH: "
            "install Node.js and npm (Debian: apt-get install nodejs npm)"
        )
    return path


def install() -> Path:
    """KaTeX's ``dist`` folder, installed from the lock file first if it is not there.

    The install goes to a temporary folder and is moved into place whole, so an
    interrupted or concurrent build never leaves a half-installed KaTeX behind.
    """
    if (DIST / "katex.mjs").is_file():
        return DIST
    npm = _tool("npm")
    with tempfile.TemporaryDirectory(dir=NODE_PROJECT, prefix=".install-") as scratch:
        for name in ("package.json", "package-lock.json"):
            shutil.copy(NODE_PROJECT / name, scratch)
        done = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=scratch,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise PluginError(f"`npm ci` for KaTeX failed in {NODE_PROJECT}:\n{done.stdout}{done.stderr}")
        try:
            os.rename(Path(scratch) / "node_modules", NODE_PROJECT / "node_modules")
        except OSError:  # another build moved its copy into place first
            pass
    if not (DIST / "katex.mjs").is_file():
        raise PluginError(f"KaTeX was installed but {DIST / 'katex.mjs'} is missing")
    return DIST


def assets() -> dict[str, Path]:
    """The files the rendered math needs in the site: the stylesheet and its fonts."""
    dist = install()
    files = {STYLESHEET: dist / "katex.min.css"}
    folder = STYLESHEET.rsplit("/", 1)[0]
    files |= {f"{folder}/fonts/{font.name}": font for font in sorted((dist / "fonts").iterdir())}
    return files


def _render(formulas: list[dict[str, object]]) -> list[dict[str, str]]:
    install()
    done = subprocess.run(
        [_tool("node"), str(NODE_PROJECT / "render.mjs")],
        input=json.dumps(formulas),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if done.returncode != 0:
        raise PluginError(f"KaTeX's renderer failed:\n{done.stderr}")
    return json.loads(done.stdout)


def typeset(page_html: str, where: str) -> str:
    """``page_html`` with every formula replaced by KaTeX's HTML.

    Raises:
        PluginError: naming each formula of the page ``where`` that KaTeX cannot typeset.
    """
    found = list(_MATH.finditer(page_html))
    if not found:
        return page_html
    formulas = [
        {
            "tex": html.unescape(m["block"] if m["block"] is not None else m["inline"]).strip(),
            "display": m["block"] is not None,
        }
        for m in found
    ]
    results = _render(formulas)
    errors = [f"  {f['tex']!r}: {r['error']}" for f, r in zip(formulas, results, strict=True) if "error" in r]
    if errors:
        raise PluginError(f"{where}: KaTeX cannot typeset\n" + "\n".join(errors))
    pieces = iter(results)
    return _MATH.sub(
        lambda m: f'<{m["tag"]} class="arithmatex">{next(pieces)["html"]}</{m["tag"]}>', page_html
    )
