"""Turn a formula typed by a user into a SymPy expression, without running Python.

The text is parsed by :mod:`ast` and only a small vocabulary is built from it:
numbers, names (unknown names become symbols, with the domain of
:mod:`xentsym.symbols`), ``+ - * / **``, subscripts ``y[c]``, tuples (for
``Sum`` limits) and calls of whitelisted functions. Attribute access, keywords,
lambdas, comprehensions and everything else are refused, so nothing a formula
says is ever executed.
"""

from __future__ import annotations

import ast
import operator

import sympy as sp

from .functions import NAMED_FUNCTIONS
from .symbols import indexed, symbol

__all__ = ["VOCABULARY", "FormulaError", "parse", "parse_equation"]

VOCABULARY: dict[str, object] = {
    "diff": sp.diff,
    "Derivative": sp.Derivative,
    "log": sp.log,
    "exp": sp.exp,
    "sqrt": sp.sqrt,
    "Abs": sp.Abs,
    "tanh": sp.tanh,
    "Sum": sp.Sum,
    "KroneckerDelta": sp.KroneckerDelta,
    "Rational": sp.Rational,
    "pi": sp.pi,
    "E": sp.E,
    **NAMED_FUNCTIONS,
}

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}
_MAX_EXPONENT = 64
_MAX_ORDER = 6
_MAX_TEXT = 2000


class FormulaError(ValueError):
    """The text is not a formula of the toolkit's vocabulary."""


def _check_power(base: sp.Expr, exponent: sp.Expr) -> None:
    """Refuse powers of numbers whose evaluation would take unbounded time or memory."""
    if exponent.is_Number and abs(exponent) > _MAX_EXPONENT and base.is_Number:
        raise FormulaError(f"exponent {exponent} is too large (at most {_MAX_EXPONENT})")


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.indexed_names: set[str] = set()

    def build(self, node: ast.AST):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise FormulaError(f"{type(node).__name__.lower()} is not allowed in a formula")
        return method(node)

    def _Expression(self, node):
        return self.build(node.body)

    def _Constant(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise FormulaError(f"the constant {node.value!r} is not a number")
        return sp.Rational(str(node.value)) if isinstance(node.value, float) else sp.Integer(node.value)

    def _Name(self, node):
        if node.id.startswith("_"):
            raise FormulaError(f"the name {node.id!r} is not allowed")
        if node.id in VOCABULARY:
            return VOCABULARY[node.id]
        return indexed(node.id) if node.id in self.indexed_names else symbol(node.id)

    def _BinOp(self, node):
        op = _BINARY.get(type(node.op))
        if op is None:
            raise FormulaError(f"the operator {type(node.op).__name__} is not allowed")
        left, right = self.build(node.left), self.build(node.right)
        if op is operator.pow:
            _check_power(sp.sympify(left), sp.sympify(right))
        return op(left, right)

    def _UnaryOp(self, node):
        op = _UNARY.get(type(node.op))
        if op is None:
            raise FormulaError(f"the operator {type(node.op).__name__} is not allowed")
        return op(self.build(node.operand))

    def _Tuple(self, node):
        return tuple(self.build(e) for e in node.elts)

    def _Subscript(self, node):
        if not isinstance(node.value, ast.Name) or node.value.id in VOCABULARY:
            raise FormulaError("only a name can be subscripted, as in y[c]")
        base = indexed(node.value.id)
        self.indexed_names.add(node.value.id)
        return base[self.build(node.slice)]

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise FormulaError("only known functions can be called, as in log(p)")
        if node.func.id not in VOCABULARY:
            raise FormulaError(f"{node.func.id!r} is not a known function")
        if node.keywords:
            raise FormulaError("keyword arguments are not allowed")
        function = VOCABULARY[node.func.id]
        args = [self.build(a) for a in node.args]
        if function in (sp.diff, sp.Derivative) and any(
            isinstance(a, sp.Integer) and a > _MAX_ORDER for a in args[1:]
        ):
            raise FormulaError(f"derivatives of order above {_MAX_ORDER} are not supported")
        try:
            return function(*args)
        except (TypeError, ValueError, sp.SympifyError) as error:
            raise FormulaError(f"{node.func.id}(...): {error}") from error


_CLASS_AXIS = {"logsumexp", "softmax", "log_softmax"}


def _indexed_names(tree: ast.AST) -> set[str]:
    """Names used as vectors: subscripted, or the logits of a class-axis function."""
    names = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name):
            names.add(n.value.id)
        elif (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Name)
            and n.func.id in _CLASS_AXIS
            and n.args
            and isinstance(n.args[0], ast.Name)
        ):
            names.add(n.args[0].id)
    return names


def parse(text: str | sp.Expr | float) -> sp.Expr:
    """Parse ``text`` into a SymPy expression; SymPy objects pass through unchanged.

    A name used with a subscript anywhere in the text is an indexed family
    everywhere in it, so ``softmax(z, j, K)`` and ``z[j]`` refer to the same z.
    """
    if isinstance(text, sp.Basic):
        return text
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return sp.sympify(text)
    if not isinstance(text, str):
        raise TypeError(f"a formula must be a string or a SymPy expression, not {type(text).__name__}")
    if len(text) > _MAX_TEXT:
        raise FormulaError(f"the formula is longer than {_MAX_TEXT} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"cannot parse {text!r}: {error.msg}") from None
    builder = _Builder(text)
    builder.indexed_names = _indexed_names(tree)
    result = builder.build(tree)
    if not isinstance(result, sp.Expr):
        raise FormulaError(f"{text!r} is not a mathematical expression")
    if result.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise FormulaError(f"{text!r} is undefined (it evaluates to {sp.sstr(result)})")
    return result


def parse_equation(text: str) -> tuple[sp.Expr, sp.Expr]:
    """Parse ``"lhs = rhs"`` (or ``==``) into its two sides."""
    parts = text.replace("==", "=").split("=")
    if len(parts) != 2:
        raise FormulaError(f"{text!r} is not an equation of the form 'lhs = rhs'")
    return parse(parts[0]), parse(parts[1])
