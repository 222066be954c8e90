"""Derivations as LaTeX (an ``align*`` block), Markdown with math, and plain text."""

from __future__ import annotations

import re
import unicodedata

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter, greek_letters_set

from .derive import Derivation, Step
from .identities import Identity

__all__ = ["derivation_latex", "derivation_markdown", "rule_latex", "to_latex"]

# Greek letters that stand for something else on the page: σ the sigmoid, δ the Kronecker delta,
# Σ a sum, π the number; a symbol of one of these names is written in upright type.
_RESERVED_GREEK = {"sigma", "delta", "Sigma", "pi", "partial"}


def _is_letter(factor: sp.Basic) -> bool:
    """A symbol, an element such as y_c, or a power of one."""
    base = factor.base if factor.is_Pow and factor.exp.is_positive else factor
    return isinstance(base, (sp.Symbol, sp.Indexed))


def _is_reciprocal(factor: sp.Basic) -> bool:
    """A factor that SymPy prints below a fraction bar."""
    return factor.is_Pow and factor.exp.is_negative


class _Printer(LatexPrinter):
    """SymPy's LaTeX, with a textbook's notation where SymPy's would make a reader stumble."""

    def _print_Mul(self, expr):
        """Products as on paper: letters before functions (y_c log p_c, not log p_c y_c).

        A sum or a derivative applies to everything after it in a product, as a reader takes
        it, so such operators come last, each but the last in brackets, after their
        coefficient (in brackets where it is a sum): (-s/2 - y) ∂/∂z log σ(z), not
        -s/2 - y ∂/∂z log σ(z).
        """
        operators = [f for f in expr.args if isinstance(f, (sp.Derivative, sp.Sum))]
        if operators:
            return self._operators_last(sp.Mul(*(f for f in expr.args if f not in operators)), operators)
        coefficient, factors = expr.as_coeff_mul()
        if abs(coefficient) != 1 or any(_is_reciprocal(factor) for factor in factors):
            return super()._print_Mul(expr)
        ordered = sorted(sp.Mul(*factors).as_ordered_factors(), key=lambda factor: not _is_letter(factor))
        last = len(ordered) - 1
        tex = " ".join(
            rf"\left({self._print(f)}\right)"
            if self._needs_mul_brackets(f, first=n == 0, last=n == last)
            else self._print(f)
            for n, f in enumerate(ordered)
        )
        return f"- {tex}" if coefficient < 0 else tex

    def _operators_last(self, coefficient: sp.Expr, operators: list[sp.Expr]) -> str:
        parts = [rf"\left({self._print(op)}\right)" for op in operators[:-1]] + [self._print(operators[-1])]
        if coefficient == -1:
            return "- " + " ".join(parts)
        if coefficient != 1:
            text = self._print(coefficient)
            parts.insert(0, rf"\left({text}\right)" if coefficient.is_Add else text)
        return " ".join(parts)

    def _as_ordered_terms(self, expr, order=None):
        """A result starts with a positive term where it has one: σ(z) - y, not -y + σ(z).

        Sums that still hold derivatives keep SymPy's order, so a step's terms stay
        where the step before had them.
        """
        terms = super()._as_ordered_terms(expr, order=order)
        if not expr.is_Add or expr.has(sp.Derivative):
            return terms
        positive = next((t for t in terms if not t.could_extract_minus_sign()), None)
        if positive is None:
            return terms
        return [positive, *(t for t in terms if t is not positive)]

    def _print_Derivative(self, expr):
        """∂/∂z with a product in brackets, ∂/∂z (y_c log p_c), where SymPy leaves it bare and
        ambiguous with (∂/∂z y_c) log p_c."""
        tex = super()._print_Derivative(expr)
        operand = self._print(expr.expr)
        if expr.expr.is_Mul and tex.endswith(" " + operand):
            return rf"{tex.removesuffix(operand)}\left({operand}\right)"
        return tex

    def _needs_mul_brackets(self, expr, first=False, last=False) -> bool:
        """No second pair of brackets around a bracketed power such as (v_i - Σ_c p_c v_c)²."""
        if expr.is_Pow and expr.base.is_Add and expr.exp.is_positive:
            return False
        return super()._needs_mul_brackets(expr, first=first, last=last)

    def _print_Sum(self, expr):
        """A sum over several indices as nested sums, one index each, the outer one first."""
        first, *others = expr.limits
        tex = super()._print_Sum(sp.Sum(expr.function, first))
        for index, low, high in others:
            tex = rf"\sum_{{{self._print(index)}={self._print(low)}}}^{{{self._print(high)}}} {tex}"
        return tex

    def _print_expm1(self, expr):
        return rf"\left(e^{{{self._print(expr.args[0])}}} - 1\right)"

    def _print_log1p(self, expr):
        return rf"\log\left({self._print(sp.Add(1, expr.args[0], evaluate=False))}\right)"

    def _print_Rational(self, expr):
        """A small power of ten as one, 10^{-7}, not as a fraction with seven zeros."""
        exponent = sp.multiplicity(10, expr.q)
        if abs(expr.p) == 1 and exponent >= 4 and expr.q == 10**exponent:
            return f"{'-' if expr.p < 0 else ''}10^{{-{exponent}}}"
        return super()._print_Rational(expr)

    def _print_KroneckerDelta(self, expr, exp=None):
        i, j = (self._print(a) for a in expr.args)
        return rf"\delta_{{{i}{j}}}"

    def _print_Pow(self, expr):
        """A power of f(x) as (f(x))^n: SymPy's f^{n}(x) reads as f^n times x."""
        if isinstance(expr.base, AppliedUndef) and expr.exp.is_positive is not False:
            return rf"\left({self._print(expr.base)}\right)^{{{self._print(expr.exp)}}}"
        return super()._print_Pow(expr)

    def _print_Dummy(self, expr):
        return self._print_Symbol(sp.Symbol(expr.name.rstrip("0123456789") or "c"))

    def _print_Symbol(self, expr, style="plain"):
        """A name of one letter or a Greek letter as usual; any other in upright type, so that
        ``eps`` is not read as e·p·s nor ``z1`` as the element z_1, and a symbol named sigma
        or pi is not taken for the sigmoid or the number."""
        reserved = expr.name in _RESERVED_GREEK
        if re.fullmatch(r"[A-Za-z]", expr.name) or (expr.name.lower() in greek_letters_set and not reserved):
            return super()._print_Symbol(expr, style)
        escaped = expr.name.replace("_", "\\_")
        return rf"\mathrm{{{escaped}}}"


def to_latex(expr: sp.Basic) -> str:
    """LaTeX for one expression, in the toolkit's notation (σ, softplus, δ_ij, ...).

    Derivatives are always written with ∂: the losses depend on labels as well as on the
    variable, and SymPy's choice between d and ∂ would change from line to line. A long
    numerator over a short denominator is written 1/K (...), not as a tall fraction.
    """
    return _Printer({"ln_notation": False, "diff_operator": r"\partial", "long_frac_ratio": 2}).doprint(expr)


# In a rule's words, a token with ^, _ or \ (such as e^{z_1}) is math; on a page, so is a
# Greek letter, which a terminal shows as it is.
MATH_TOKEN_IN_WORDS = re.compile(r"[^\s,;:]*[\^_\\][^\s,;:]*")
_MATH_IN_WORDS = re.compile(rf"[\u0370-\u03ff]|{MATH_TOKEN_IN_WORDS.pattern}")


def _math_token(token: str) -> str:
    if len(token) == 1 and unicodedata.name(token, "").startswith("GREEK"):
        name = unicodedata.name(token).split()[-1].lower().replace("lamda", "lambda")
        return "\\" + (name.capitalize() if token.isupper() else name)
    return token


def _small(tex: str) -> str:
    """``tex`` in small type. The size command stands in math mode, outside any ``\\text``:
    KaTeX and MathJax 2 and 3 all size math, but MathJax shows a command inside ``\\text`` as
    it is (it does not read text-mode macros)."""
    return rf"{{\small {tex}}}"


def _text(words: str) -> str:
    """Prose as valid LaTeX: ``\\text{...}``, with its bits of math (σ, e^{z_1}) in math mode."""
    return _small(rf"\text{{{_MATH_IN_WORDS.sub(lambda m: f'${_math_token(m[0])}$', words)}}}")


def rule_latex(identity: Identity) -> str:
    """The formula of a rule, printed from its identity: ``lhs = rhs``."""
    return f"{to_latex(identity.lhs)} = {to_latex(identity.rhs)}"


def _justification(step: Step) -> str:
    """The rules of a step in one cell, in small type: each rule's words, its formula beneath."""
    lines = []
    for rule in step.rules:
        lines.append(_text(rule.words))
        if rule.identity is not None:
            lines.append(_small(rule_latex(rule.identity)))
    if len(lines) == 1:
        return lines[0]
    return r"\begin{array}{l} " + r" \\ ".join(lines) + r" \end{array}"


def derivation_latex(derivation: Derivation) -> str:
    """An ``align*`` block: the statement, then one row ``= step`` per step, its rules on the right.

    The statement has a row of its own, so the steps start under it rather than beside it:
    that halves the width of the block, which decides whether it fits a page. The source
    keeps one line per step (the statement shares the first).
    """
    first, *rest = derivation.steps
    rows = [rf"&= {to_latex(step.expr)} && {_justification(step)}" for step in rest]
    rows[0] = rf"& {to_latex(first.expr)} \\ {rows[0]}"
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def _proof(derivation: Derivation) -> str:
    if derivation.verdict != "proved":
        return f"**Not proved** ({derivation.verdict}): {derivation.proof}."
    if isinstance(derivation.lhs, sp.Derivative):
        claim = "and the result equal to SymPy's own derivative of the statement"
    else:
        claim = "so the result equals the statement"
    steps = "every step was proved equal to the one before it"
    return f"**Proof:** {steps}, {claim}; method: {derivation.proof}."


def derivation_markdown(derivation: Derivation) -> str:
    """A Markdown section: title, assumptions, the steps as display math, result, conclusion, proof."""
    parts = [f"## {derivation.title}", ""]
    if derivation.assumptions:
        parts += ["Assumptions: " + "; ".join(derivation.assumptions) + ".", ""]
    if derivation.given:
        conditions = ", ".join(f"${to_latex(a)} = {to_latex(b)}$" for a, b in derivation.given)
        parts += [f"Given {conditions}.", ""]
    parts += ["$$", derivation_latex(derivation), "$$", ""]
    parts += [rf"**Result:** $\displaystyle {to_latex(derivation.result)}$", ""]
    if derivation.conclusion:
        parts += [derivation.conclusion, ""]
    parts += [_proof(derivation), ""]
    return "\n".join(parts)
