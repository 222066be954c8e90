"""Mathematics written in ASCII in a page's prose, where the site promises one notation.

The site typesets every formula, in prose as in displays; a reader who meets ``y_c``, ``H_ij``
or ``1e-7`` in running text meets a second notation. :func:`ascii_math` reads a built page's
content (outside code, outside typeset math and outside the permalinks) and names each
piece of it that looks like mathematics typed as text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["ASCII_MATH", "ascii_math", "prose"]

GREEK = "α-ωΑ-Ω"

# What a formula typed as text looks like, each with an example it catches.
ASCII_MATH = {
    "subscript": r"\b[A-Za-z]+_(?:\w|\{)",  # y_c, H_ij, softmax_j(z), z_{c+1}
    "superscript": r"[\w)}" + GREEK + r"]\^",  # e^-40, p^T
    "sum sign": r"Σ|\bsum_",  # Σ_c y_c
    "membership": r"\bin [\[(]\s*-?\d",  # y in [0, 1]
    "range": r"\b\d+\.\.\w",  # 1..K
    "scientific number": r"\b\d+(?:\.\d+)?e[-+−]?\d+\b",  # 1e-7, 4.2e-18
    "transpose": r"ᵀ",  # vᵀHv
    "natural logarithm": r"\bln\b",  # ln 10 beside log
    "infinity": r"-inf\b",  # log 0 = -inf
    "a Greek letter applied or compared": rf"[{GREEK}∂](?:\(|_| ?[=<>≤≥] )",  # σ(z), ε = 1e-7
    "a letter compared": r"(?<![\w'’.-])[A-Za-z] ?[=<>≤≥] ?[-\w(]",  # p = y, K = 2
}
_PATTERN = re.compile("|".join(f"(?P<p{n}>{pattern})" for n, pattern in enumerate(ASCII_MATH.values())))

# Elements whose text is not prose: code, typeset math, scripts, permalinks.
_SKIPPED_TAGS = {"code", "pre", "script", "style", "svg", "math", "kbd", "samp"}
_SKIPPED_CLASSES = {"arithmatex", "katex", "katex-display", "headerlink"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Prose(HTMLParser):
    """Collects the text of the page's article that is neither code nor typeset math."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool, bool]] = []  # (tag, in the article, skipped)
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        in_article, skipped = self.open[-1][1:] if self.open else (False, False)
        in_article = in_article or (tag == "article" and "md-content__inner" in classes)
        skipped = skipped or tag in _SKIPPED_TAGS or bool(classes & _SKIPPED_CLASSES)
        self.open.append((tag, in_article, skipped))

    def handle_endtag(self, tag: str) -> None:
        """Close ``tag`` and what was left open inside it; a void element (``<img />`` reaches
        here too) or a stray end tag closes nothing."""
        if tag in _VOID or tag not in (open_tag for open_tag, *_ in self.open):
            return
        while self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1][1] and not self.open[-1][2]:
            self.text.append(data)


def prose(html: str) -> str:
    """The running text of a built page's article: no code, no typeset math, no permalinks."""
    parser = _Prose()
    parser.feed(html)
    return " ".join(" ".join(parser.text).split())


def ascii_math(text: str) -> list[str]:
    """Each piece of ``text`` that looks like a formula typed as text, with what it looks like
    and a little context: ``"subscript: …loss is y_c log…"``."""
    names = list(ASCII_MATH)
    found = []
    for match in _PATTERN.finditer(text):
        kind = names[int(match.lastgroup.removeprefix("p"))]
        found.append(f"{kind}: …{text[max(0, match.start() - 25) : match.end() + 25]}…")
    return found
