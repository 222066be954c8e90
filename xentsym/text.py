"""The text notation: the LaTeX pages' mathematics in plain Unicode, for a terminal.

``to_text`` writes what `xentsym.latex.to_latex` writes, construct for construct
(``\\sigma\\left(z\\right)`` becomes ``σ(z)``, ``\\frac{\\partial}{\\partial z}`` becomes
``∂/∂z``, ``\\sum_{c=1}^{K}`` becomes ``Σ_{c=1}^{K}``), so the two notations make the same
choices of order and brackets. ``docs/content/notation.md`` states the notation; the text is
read back by `xentsym.latex_reader.read_text` and checked like the LaTeX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from .derive import Derivation
from .latex import MATH_TOKEN_IN_WORDS, to_latex
from .symbols import GREEK_LETTERS, domain_of_symbol, free_symbols

__all__ = ["derivation_text", "domains", "prose_text", "to_text"]

_TOKEN = re.compile(r"\\left.|\\right.|\\[A-Za-z]+|\\.|[{}^_]|\d+(?:\.\d+)?|[A-Za-z]|\s+|.", re.S)
_GREEK = {name: letter for letter, name in GREEK_LETTERS.items()} | {
    "sigma": "σ",
    "delta": "δ",
    "partial": "∂",
}
_WORDS = {
    r"\log": "log", r"\exp": "exp", r"\tanh": "tanh", r"\cosh": "cosh", r"\sinh": "sinh", r"\sum": "Σ",
    r"\cdot": "·",
    # prose's inline math (see prose_text) has a few more
    r"\in": "∈", r"\ge": "≥", r"\le": "≤", r"\ne": "≠", r"\approx": "≈", r"\infty": "∞", r"\dots": "…",
    r"\top": "ᵀ", r"\max": "max", r"\{": "{", r"\}": "}", r"\times": "×", r"\pm": "±",
}  # fmt: skip
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_FROM_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# Names the notation gives another meaning (σ the sigmoid, π the number, log a function): a
# symbol of one of these names, like one with "_" in it, is written quoted, 'sigma'.
_QUOTED = {"sigma", "delta", "Sigma", "pi", "partial", "e", "log", "exp", "tanh", "cosh", "sinh", "sign",
           "softplus", "softmax", "logsumexp"}  # fmt: skip
_SPACING = {r"\,", r"\!", r"\;", r"\:", r"\ ", r"\quad", r"\qquad", r"\displaystyle"}


@dataclass
class _Group:
    """A braced group of the LaTeX, kept whole so that a script or a fraction gets all of it."""

    items: list


def _tree(tokens: list[str], start: int = 0) -> tuple[list, int]:
    items: list = []
    n = start
    while n < len(tokens):
        token = tokens[n]
        if token == "{":
            group, n = _tree(tokens, n + 1)
            items.append(_Group(group))
        elif token == "}":
            return items, n
        else:
            items.append(token)
        n += 1
    return items, n


class _Writer:
    """Walks the LaTeX's items and writes each construct in the text notation."""

    def __init__(self, items: list, bars: list[bool] | None = None):
        self.items = items
        self.n = 0
        self.bars = [] if bars is None else bars  # for each open |...|, whether it is bracketed

    def write(self) -> str:
        out = []
        while self.n < len(self.items):
            out.append(self._item())
        return "".join(out)

    def _next(self):
        item = self.items[self.n]
        self.n += 1
        return item

    def _peek(self):
        return self.items[self.n] if self.n < len(self.items) else None

    def _argument(self) -> str:
        item = self._next()
        return self._group(item) if isinstance(item, _Group) else self._group(_Group([item]))

    def _group(self, group: _Group) -> str:
        return _Writer(group.items, self.bars).write()

    def _item(self) -> str:
        item = self._next()
        if isinstance(item, _Group):
            return self._group(item)
        if item in ("^", "_"):
            return self._script(item)
        if item in (r"\left|", r"\right|"):
            return self._bar(opens=item == r"\left|")
        if item.startswith(r"\left") or item.startswith(r"\right"):
            return item[-1]
        if item in _SPACING:
            return ""
        if item in _WORDS and self._peek() == "^":
            return self._function_power(_WORDS[item])
        if item in _WORDS:
            return _WORDS[item]
        if item == r"\frac":
            return self._fraction()
        if item == r"\operatorname":
            return self._argument()
        if item == r"\mathrm":
            name = "".join(self._next().items).replace("\\_", "_")
            return f"'{name}'" if "_" in name or name in _QUOTED else name
        if item == r"\sqrt":
            return self._root()
        if item == "e" and self._peek() == "^":
            self._next()
            return f"exp({self._argument()})"
        if item.startswith("\\") and item[1:] in _GREEK:
            return _GREEK[item[1:]]
        if item.startswith("\\"):
            raise ValueError(f"no text form for {item}")
        return item

    def _bar(self, opens: bool) -> str:
        """An absolute value inside another is bracketed, (|b|): a bar after a factor closes."""
        if opens:
            self.bars.append(bool(self.bars))
            return "(|" if self.bars[-1] else "|"
        return "|)" if self.bars.pop() else "|"

    def _root(self) -> str:
        """√(x) for a square root; any other root as a power, x^(1/3)."""
        if self._peek() != "[":
            return f"√({self._argument()})"
        self._next()
        degree = []
        while (item := self._next()) != "]":
            degree.append(item)
        return f"{_bracketed(self._argument())}^(1/{_write(degree)})"

    def _function_power(self, name: str) -> str:
        """SymPy's \\tanh^{2}(x) as tanh(x)²: the power stands after the argument."""
        self._next()
        power = self._script("^")
        return f"{name}{_bracketed_call(self._argument())}{power}"

    def _script(self, mark: str) -> str:
        value = self._argument()
        if mark == "^":
            if re.fullmatch(r"-?\d+|ᵀ", value):
                return value.translate(_SUPERSCRIPTS)
            plain = _is_atom(value) and not re.search(r"[(⁰¹²³⁴⁵⁶⁷⁸⁹⁻]", value)  # y² is z^(y²)
            return f"^{value}" if plain else f"^({value})"
        return f"_{value}" if re.fullmatch(r"\w|\d+", value) else f"_{{{value}}}"

    def _fraction(self) -> str:
        top, bottom = self._argument(), self._argument()
        if re.fullmatch(r"∂[⁰¹²³⁴⁵⁶⁷⁸⁹]*", top):  # the operator ∂/∂z, not a numerator that starts with one
            order = top[1:]
            variables = [v.strip() for v in bottom.split("∂") if v.strip()]
            return f"∂{order}/" + " ".join(f"∂{v}" for v in variables) + " "
        return f"{_bracketed(top)}/{_bracketed(bottom)}"


def _closes_at_end(text: str, opening: int) -> bool:
    """Whether the bracket opened at ``opening`` is the one ``text`` ends with."""
    depth = 0
    for n, char in enumerate(text[opening:], start=opening):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return n == len(text) - 1
    return False


def _is_atom(text: str) -> bool:
    """A name, a number or an element (with its power), one call f(...), or one bracket."""
    if re.fullmatch(r"[\w.'α-ωΑ-Ω]+(_\{[^{}]*\}|_\w+)?[⁰-⁹⁻]*", text):
        return True
    call = re.match(r"(?:log softmax|[\wα-ωΑ-Ω√]*)\(", text)
    return call is not None and _closes_at_end(re.sub(r"(_\w+|[⁰-⁹⁻]+)$", "", text), call.end() - 1)


def _bracketed_call(text: str) -> str:
    """The argument of a function, in one pair of brackets."""
    text = text.strip()
    return text if text.startswith("(") and _closes_at_end(text, 0) else f"({text})"


def _bracketed(text: str) -> str:
    text = text.strip()
    return text if _is_atom(text) else f"({text})"


def _write(items: list) -> str:
    return _Writer(items).write()


def _tex_text(tex: str) -> str:
    """LaTeX of the printer's subset in the text notation."""
    items, _ = _tree(_TOKEN.findall(tex))
    text = re.sub(r"\s+", " ", _write(items)).strip()
    text = re.sub(r"(Σ_\{[^{}]*\})([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)", _sum_limit, text)
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))


def to_text(expr: sp.Basic) -> str:
    """``expr`` in the text notation (see the module notes)."""
    return _tex_text(to_latex(expr))


# Pandoc's rule, as pages read it: no space inside the dollars, no digit after the closing one.
INLINE_MATH = re.compile(r"\$(?=\S)(?P<inline>[^$\n]+?)(?<=\S)\$(?!\d)")


def _as_text(tex: str, written: str) -> str:
    """``tex`` in the text notation; ``written`` where it has no text form or is not well formed
    (a user's title may hold any TeX)."""
    try:
        return _tex_text(tex)
    except (ValueError, IndexError):  # an unknown command; an argument missing at the end
        return written


def prose_text(prose: str) -> str:
    """Prose with inline math, ``$\\sigma(z) - y$``, for a terminal: each formula in the text
    notation, ``σ(z) - y``. Titles, summaries, assumptions and conclusions are written so, for
    pages that typeset them and terminals that cannot. A formula with no text form is left as
    written.
    """
    return INLINE_MATH.sub(lambda match: _as_text(match["inline"], match[0]), prose)


def _words(words: str) -> str:
    """A rule's words for a terminal: its bits of math (10^{-7}, e^{z_1}) in the text notation."""
    return MATH_TOKEN_IN_WORDS.sub(lambda match: _as_text(match[0], match[0]), words)


def _sum_limit(match: re.Match) -> str:
    """A number as a sum's upper limit is written Σ_{c=1}^3, not as a power Σ_{c=1}³."""
    return f"{match[1]}^{match[2].translate(_FROM_SUPERSCRIPTS)}"


def domains(*exprs: sp.Expr) -> str:
    """What the variables of ``exprs`` range over, as "y is a number in [0, 1]; z is ..."."""
    families = sorted(set().union(*(e.atoms(sp.IndexedBase) for e in exprs)), key=str)
    labels = {f.label for f in families}
    symbols = sorted(
        {s for e in exprs for s in free_symbols(e) - labels if isinstance(s, sp.Symbol)}, key=str
    )
    named = [(f"{f.label}_c", f) for f in families] + [(to_text(s), s) for s in symbols]
    return "; ".join(f"{name} is a {domain_of_symbol(s).name}" for name, s in sorted(named))


def derivation_text(derivation: Derivation) -> str:
    """A derivation for a terminal, in the text notation: what its variables range over and
    what it assumes, then one step a line with its rules, then how it was proved."""
    first, *rest = derivation.steps
    lines = [prose_text(derivation.title), f"  where {domains(*(step.expr for step in derivation.steps))}"]
    lines += [f"  assuming {prose_text(a)}" for a in derivation.assumptions]
    lines += [f"  given {to_text(a)} = {to_text(b)}" for a, b in derivation.given]
    lines.append(f"  {to_text(first.expr)}")
    for step in rest:
        rules = "; ".join(_words(str(r)) for r in step.rules)
        lines.append(f"  = {to_text(step.expr)}    [{rules}]")
    lines.append(f"  {derivation.verdict}: {derivation.proof}")
    return "\n".join(lines)
