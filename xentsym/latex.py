"""Derivations as LaTeX (an ``align*`` block), Markdown with math, and plain text."""

from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter

from .derive import Derivation, Step

__all__ = ["derivation_latex", "derivation_markdown", "derivation_text", "to_latex"]


class _Printer(LatexPrinter):
    """SymPy's LaTeX with the notation of a textbook for the helpers it lacks."""

    def _print_expm1(self, expr):
        return rf"\left(e^{{{self._print(expr.args[0])}}} - 1\right)"

    def _print_log1p(self, expr):
        return rf"\log\left(1 + {self._print(expr.args[0])}\right)"

    def _print_KroneckerDelta(self, expr, exp=None):
        i, j = (self._print(a) for a in expr.args)
        return rf"\delta_{{{i}{j}}}"

    def _print_Dummy(self, expr):
        return self._print_Symbol(sp.Symbol(expr.name.rstrip("0123456789") or "c"))


def to_latex(expr: sp.Basic) -> str:
    """LaTeX for one expression, in the toolkit's notation (σ, softplus, δ_ij, ...)."""
    return _Printer({"ln_notation": False}).doprint(expr)


def _justification(step: Step) -> str:
    parts = []
    for rule in step.rules:
        words = rf"\text{{{rule.words}}}"
        parts.append(rf"{words}\; {rule.formula}" if rule.formula else words)
    return r"\quad ".join(parts)


def derivation_latex(derivation: Derivation) -> str:
    """An ``align*`` block: the statement, then each step with its rule on the right."""
    first, *rest = derivation.steps
    lines = [
        rf"{to_latex(first.expr) if n == 0 else ''} &= {to_latex(step.expr)} && {_justification(step)}"
        for n, step in enumerate(rest)
    ]
    body = " \\\\\n".join(lines)
    return "\\begin{align*}\n" + body + "\n\\end{align*}"


def derivation_markdown(derivation: Derivation) -> str:
    """A Markdown section: title, assumptions, the steps as display math, the proof."""
    parts = [f"## {derivation.title}", ""]
    if derivation.assumptions:
        parts += ["Assumptions: " + "; ".join(derivation.assumptions) + ".", ""]
    if derivation.given:
        conditions = ", ".join(f"${to_latex(a)} = {to_latex(b)}$" for a, b in derivation.given)
        parts += [f"Given {conditions}.", ""]
    parts += ["$$", derivation_latex(derivation), "$$", ""]
    parts += [f"**Result:** ${to_latex(derivation.result)}$", ""]
    parts += [f"**Proof:** the result was checked against SymPy by {derivation.proof}.", ""]
    return "\n".join(parts)


def derivation_text(derivation: Derivation) -> str:
    """Plain text for a terminal: one step a line, its rules after it."""
    first, *rest = derivation.steps
    lines = [derivation.title, f"  {sp.sstr(first.expr)}"]
    for step in rest:
        rules = "; ".join(str(r) for r in step.rules)
        lines.append(f"  = {sp.sstr(step.expr)}    [{rules}]")
    lines.append(f"  proved: {derivation.proof}")
    return "\n".join(lines)
