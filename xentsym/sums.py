"""Algebra of sums over the class index, for a symbolic number of classes K.

SymPy evaluates ``Σ_c δ_cj f(c)`` to a ``Piecewise`` on ``1 ≤ j ≤ K`` and
never pulls index-free factors out of a sum by itself. These few rules do what
a person does on paper, with class indices taken to lie in ``1..K``:

* linearity: a sum of a sum is a sum of sums; constant factors come out;
* sifting: ``Σ_c δ_cj f(c) = f(j)``;
* known totals: ``Σ_c softmax(z)_c = 1``, ``Σ_c 1 = K``, and any side condition
  the caller states, such as ``Σ_c y_c = 1``.

Bound indices are renamed canonically so that ``Σ_c y_c`` and ``Σ_d y_d``
compare equal.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from .functions import softmax

__all__ = ["canonical_indices", "explicit", "normalize_sums", "sift_deltas"]


def _bound_index(height: int) -> sp.Dummy:
    return sp.Dummy(f"c{height}", dummy_index=10**9 + height, integer=True)


def _height(expr: sp.Basic) -> int:
    """How many summation indices are bound inside ``expr`` (its own included)."""
    inner = max((_height(a) for a in expr.args), default=0)
    return inner + len(expr.limits) if isinstance(expr, sp.Sum) else inner


def canonical_indices(expr: sp.Basic) -> sp.Basic:
    """Rename every bound index by how many indices are bound inside it.

    Innermost indices get the lowest names, so the same sum gets the same
    names wherever it stands.
    """
    if not expr.args or not expr.has(sp.Sum):
        return expr
    if isinstance(expr, sp.Sum):
        body = canonical_indices(expr.function)
        height = _height(body)
        limits = []
        for n, (var, low, high) in enumerate(expr.limits, start=1):
            new = _bound_index(height + n)
            body = body.xreplace({var: new})
            limits.append((new, low, high))
        return sp.Sum(body, *limits)
    return expr.func(*(canonical_indices(a) for a in expr.args))


def _split_factors(body: sp.Expr, var: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """(factors free of ``var``, factors that depend on it)."""
    free, bound = [], []
    for factor in sp.Mul.make_args(body):
        (bound if factor.has(var) else free).append(factor)
    return sp.Mul(*free), sp.Mul(*bound)


def _sift(body: sp.Expr, var: sp.Symbol) -> sp.Expr | None:
    """f(j) when ``body`` is δ_{var,j}·f(var) with j another index; else None."""
    for factor in sp.Mul.make_args(body):
        if isinstance(factor, sp.KroneckerDelta) and var in factor.args:
            other = factor.args[1] if factor.args[0] == var else factor.args[0]
            if not other.has(var):
                return (body / factor).xreplace({var: other})
    return None


def _linear_sum(sum_: sp.Sum) -> sp.Expr:
    """One pass of linearity, sifting and counting on a sum's innermost index."""
    (var, low, high), *outer = sum_.limits
    inner = _linear_inner(sum_.function, var, low, high)
    return sp.Sum(inner, *outer) if outer else inner


def _linear_inner(body: sp.Expr, var, low, high) -> sp.Expr:
    total = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(body)):
        sifted = _sift(term, var)
        if sifted is not None:
            total += sifted
            continue
        free, bound = _split_factors(term, var)
        total += free * (high - low + 1 if bound == 1 else sp.Sum(bound, (var, low, high)))
    return total


def sift_deltas(expr: sp.Expr) -> sp.Expr:
    """Apply linearity and ``Σ_c δ_cj f(c) = f(j)`` to every sum, to a fixed point."""
    for _ in range(20):
        new = expr.replace(lambda e: isinstance(e, sp.Sum), _linear_sum)
        if new == expr:
            break
        expr = new
    return expr


def _is_softmax_total(sum_: sp.Sum) -> bool:
    if len(sum_.limits) != 1:
        return False
    ((var, low, high),) = sum_.limits
    body = sum_.function
    return isinstance(body, softmax) and body.index == var and low == 1 and high == body.classes


def normalize_sums(expr: sp.Expr, given: Mapping[sp.Expr, sp.Expr] | None = None) -> sp.Expr:
    """Rewrite with the rules of this module, to a fixed point.

    ``given`` maps expressions (typically sums) to values: the side conditions.
    """
    rules = {canonical_indices(k): v for k, v in (given or {}).items()}
    for _ in range(20):
        new = canonical_indices(sift_deltas(sp.expand(expr)))
        new = new.replace(lambda e: isinstance(e, sp.Sum) and _is_softmax_total(e), lambda e: sp.S.One)
        new = sp.expand(new.xreplace(rules))
        if new == expr:
            return new
        expr = new
    return expr


def explicit(expr: sp.Expr, classes: int, count: sp.Symbol) -> sp.Expr:
    """``expr`` with ``count`` (the symbolic K) set to a number and every sum written out."""
    return expr.subs(count, classes).rewrite(sp.exp).doit()
