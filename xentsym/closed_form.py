"""Closed forms a person would write: a result collected into the toolkit's named functions.

SymPy's ``simplify`` on a derivative of a loss rewrites σ(z) into exponentials and returns
a page of ``exp``. Here every named function (σ, softplus, softmax, ...) and every sum is
an atom: the algebra happens around them, so the focal-loss gradient comes out in σ(z),
σ(-z) and their powers. Several candidates are made (simplified, factored, expanded, each
also in its stable form) and the shortest is taken, with signs arranged as on paper
((1 - y)(1 - α), not (y - 1)(α - 1)). The caller proves the result equal to what it came
from; nothing here is trusted.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from .functions import NAMED_FUNCTIONS
from .stabilize import stabilize

__all__ = ["closed_form"]

_ATOMS = (*NAMED_FUNCTIONS.values(), sp.Sum, expm1, log1p)
_SHAPES: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "simplified": sp.simplify,
    "factored": lambda e: sp.factor(sp.cancel(e)),
    "expanded": sp.expand,
}


def _atomized(expr: sp.Expr) -> tuple[sp.Expr, dict[sp.Dummy, sp.Expr]]:
    """``expr`` with each named function and sum replaced by a symbol, and the way back."""
    atoms: dict[sp.Expr, sp.Dummy] = {}

    def visit(node: sp.Basic) -> sp.Basic:
        if isinstance(node, _ATOMS):
            return atoms.setdefault(node, sp.Dummy(f"a{len(atoms)}", real=True))
        if node.args and not isinstance(node, (sp.Indexed, sp.IndexedBase)):
            return node.func(*(visit(a) for a in node.args))
        return node

    return visit(expr), {symbol: node for node, symbol in atoms.items()}


def _flipped(factor: sp.Expr) -> bool:
    """A sum that reads better negated: y - 1 as 1 - y, -a - b as a + b."""
    if not factor.is_Add:
        return False
    constant, _ = factor.as_coeff_Add()
    return constant < 0 or all(t.could_extract_minus_sign() for t in factor.args)


def _signs_as_on_paper(expr: sp.Basic) -> sp.Basic:
    """Each product with its sums written with a leading positive term, the signs collected."""
    if not expr.args or isinstance(expr, (sp.Indexed, sp.IndexedBase)):
        return expr
    expr = expr.func(*(_signs_as_on_paper(a) for a in expr.args))
    if not expr.is_Mul:
        return expr
    numerator, denominator = sp.fraction(expr)
    factors = [*sp.Mul.make_args(numerator), *(1 / f for f in sp.Mul.make_args(denominator))]
    sign = 1
    for n, factor in enumerate(factors):
        base, power = (factor.base, factor.exp) if factor.is_Pow else (factor, 1)
        if _flipped(base) and (power == 1 or power == -1):
            factors[n] = (-base) ** power
            sign = -sign
    return sign * sp.Mul(*factors, evaluate=False) if sign == -1 else sp.Mul(*factors)


def closed_form(expr: sp.Expr) -> sp.Expr:
    """The shortest readable form of ``expr`` found (see the module notes); to be proved."""
    atomized, back = _atomized(expr)
    candidates = [expr]
    for shape in _SHAPES.values():
        try:
            candidates.append(shape(atomized).xreplace(back))
        except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
            continue
    candidates += [stabilize(c).expr for c in candidates]
    best = min(candidates, key=lambda c: (sp.count_ops(c), sp.default_sort_key(c)))
    return sp.sympify(_signs_as_on_paper(best))
