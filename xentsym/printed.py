"""Printed math is proved math: every formula xentsym prints reads back as what was proved.

A derivation is proved on SymPy expressions, but a reader sees their printed forms. This
module reads each printed form back with `xentsym.latex_reader` (which reads LaTeX and
the text notation as a person does, independently of the printers), and checks that it is
the expression it stands for: every step, the result, the side conditions and the formula of
every rule. The docs build and ``xentsym derive`` refuse a
derivation whose printed math does not match.

Derivatives are never evaluated in the comparison: every step of a derivation has the same
value, so comparing values would let a step printed as its neighbour pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from .derive import Derivation
from .functions import _ClassAxisFunction, log_softmax, softmax, xdivy, xlog1py, xlogy
from .latex import to_latex
from .latex_reader import FUNCTION_NAMES, LatexReadError, read_latex, read_text
from .sums import canonical_indices
from .symbols import K
from .text import to_text

__all__ = ["PrintedMathError", "check_derivation", "problems", "same_expression"]


class PrintedMathError(AssertionError):
    """A printed formula does not read back as the expression it stands for."""


# What the printer shows for the functions that have no notation of their own.
_AS_PRINTED = (
    (xlogy, lambda u, v: u * sp.log(v)),
    (xlog1py, lambda u, v: u * sp.log(1 + v)),
    (xdivy, lambda u, v: u / v),
    (expm1, lambda u: sp.exp(u) - 1),
    (log1p, lambda u: sp.log(1 + u)),
    (log_softmax, lambda logits, index, classes: sp.log(softmax(logits, index, classes))),
)


def _as_printed(expr: sp.Expr) -> sp.Expr:
    for function, shown in _AS_PRINTED:
        expr = expr.replace(function, shown)
    return expr


def _named_atoms(expr: sp.Expr) -> dict[tuple[bool, str], sp.Basic]:
    """The free symbols and indexed families of ``expr``, by (is a family, name)."""
    atoms = (atom for atom in expr.atoms(sp.Symbol, sp.IndexedBase) if not atom.is_Dummy)
    return {(isinstance(atom, sp.IndexedBase), str(atom)): atom for atom in atoms}


def _by_name(read: sp.Expr, original: sp.Expr) -> sp.Expr:
    """``read`` with its symbols and families replaced by the original's of the same name,
    which may carry other assumptions (ε positive rather than in [0, 1])."""
    originals = _named_atoms(original)
    return read.xreplace({atom: originals.get(key, atom) for key, atom in _named_atoms(read).items()})


def _opaque_derivatives(read: sp.Expr, original: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Each derivative as an opaque symbol, shared by derivatives with respect to the same
    variables whose operands are the same expression, so that algebra can compare what stands
    around them without evaluating them."""
    found = sorted(read.atoms(sp.Derivative) | original.atoms(sp.Derivative), key=sp.default_sort_key)
    kinds: list[tuple[sp.Derivative, sp.Dummy]] = []
    opaque = {}
    for derivative in found:
        for known, symbol in kinds:
            if known.variable_count == derivative.variable_count and same_expression(
                known.expr, derivative.expr
            ):
                opaque[derivative] = symbol
                break
        else:
            opaque[derivative] = sp.Dummy(f"D{len(kinds)}")
            kinds.append((derivative, opaque[derivative]))
    return read.xreplace(opaque), original.xreplace(opaque)


def same_expression(read: sp.Expr, original: sp.Expr) -> bool:
    """Whether ``read`` is ``original``: structurally, or by algebra that leaves every
    derivative unevaluated (see `_opaque_derivatives`)."""
    original = canonical_indices(_as_printed(sp.sympify(original)))
    read = canonical_indices(_as_printed(_by_name(sp.sympify(read), original)))
    if read == original:
        return True
    left, right = _opaque_derivatives(read, original)
    return left == right or sp.simplify(left - right) == 0


def _classes(expr: sp.Expr) -> sp.Expr:
    """The class count the printer leaves out of softmax(z)_j: the formula's own, else K."""
    counts = {f.classes for f in sp.sympify(expr).atoms(_ClassAxisFunction) if not f.classes.is_number}
    return counts.pop() if len(counts) == 1 else K


def _read_back(form: str, expr: sp.Expr) -> tuple[str, sp.Expr]:
    """The printed ``form`` (LaTeX or text) of ``expr``, and what it reads as: f, g and h before
    a bracket are functions (a rule's f(x)), unless ``expr`` has them as symbols (γ written g)."""
    symbols = {str(atom) for atom in sp.sympify(expr).free_symbols}
    read, printed = (read_latex, to_latex(expr)) if form == "LaTeX" else (read_text, to_text(expr))
    return printed, read(printed, classes=_classes(expr), functions=FUNCTION_NAMES - symbols)


def problems(expr: sp.Expr, where: str, forms: tuple[str, ...] = ("LaTeX", "text")) -> Iterator[str]:
    """What is wrong with the printed ``forms`` of ``expr``, each named by ``where``."""
    for form in forms:
        try:
            printed, back = _read_back(form, expr)
        except LatexReadError as error:
            yield f"{where}: the {form} of {sp.sstr(expr)} cannot be read back: {error}"
            continue
        if not same_expression(back, expr):
            yield f"{where}: the {form} {printed!r} reads as {sp.sstr(back)}, not {sp.sstr(expr)}"


def _printed_parts(derivation: Derivation) -> Iterator[tuple[sp.Expr, str, tuple[str, ...]]]:
    """Every formula the derivation prints, where, and in which forms: the steps and the side
    conditions in LaTeX and text, the rules' identities in LaTeX (the text form shows words)."""
    for n, step in enumerate(derivation.steps):
        yield step.expr, f"step {n}", ("LaTeX", "text")
        for rule in step.rules:
            if rule.identity is not None:
                yield rule.identity.lhs, f"step {n}, rule '{rule}' (left side)", ("LaTeX",)
                yield rule.identity.rhs, f"step {n}, rule '{rule}' (right side)", ("LaTeX",)
    for n, (lhs, rhs) in enumerate(derivation.given):
        yield lhs, f"condition {n} (left side)", ("LaTeX", "text")
        yield rhs, f"condition {n} (right side)", ("LaTeX", "text")


def check_derivation(derivation: Derivation) -> None:
    """Raise if any formula the derivation prints does not read back as what it stands for.

    Raises:
        PrintedMathError: listing every mismatch, by step and format.
    """
    found = [p for expr, where, forms in _printed_parts(derivation) for p in problems(expr, where, forms)]
    if found:
        raise PrintedMathError(f"{derivation.title}: " + "; ".join(found))
