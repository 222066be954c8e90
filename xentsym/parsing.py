"""Turn a formula typed by a user into a SymPy expression, without running Python.

The text is parsed by `ast` and only a small vocabulary is built from it: numbers,
names (unknown names become symbols, with the domain of `xentsym.symbols`),
``+ - * / **``, subscripts ``y[c]``, tuples (for ``Sum`` limits and derivative orders) and
calls of whitelisted functions. Attribute access, keywords, lambdas, comprehensions and
everything else are refused, so nothing a formula says is ever executed.

What is built is exact and bounded before it is built: a decimal is the rational it spells
(``0.1`` is 1/10, ``1e-400`` is 10⁻⁴⁰⁰), no float enters; powers and sums too large to
evaluate, derivatives of high order and deep nesting are refused; ``diff`` stays an
unevaluated derivative, evaluated later under a time bound.
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
import re
import unicodedata

import sympy as sp

from .functions import NAMED_FUNCTIONS
from .symbols import GREEK_LETTERS, domain_of_symbol, free_symbols, indexed, symbol

__all__ = ["VOCABULARY", "FormulaError", "parse", "parse_equation", "typed", "unify"]


class FormulaError(ValueError):
    """The text is not a formula of the toolkit's vocabulary."""


MAX_TEXT = 2000
MAX_DEPTH = 100
MAX_ORDER = 6
MAX_EXPONENT = 10_000
MAX_DIGITS = 10_000
MAX_TERMS = 10_000
MAX_ROOTED_DIGITS = 200


def _derivative(expr, *variables):
    """``diff(f, z)``, ``diff(f, z, 2)``, ``diff(f, (z, 2))``, ``diff(f, z, y)``, unevaluated."""
    counts: list[tuple[sp.Expr, int]] = []
    may_take_order = False  # the last variable came without an order
    for spec in variables:
        if isinstance(spec, tuple):
            if len(spec) != 2:
                raise FormulaError("a derivative's variable with its order is written (z, 2)")
            counts.append((spec[0], _order(spec[1])))
            may_take_order = False
        elif isinstance(spec, sp.Number):
            if not may_take_order:
                raise FormulaError("a derivative's order comes after its variable: diff(f, z, 2)")
            counts[-1] = (counts[-1][0], _order(spec))
            may_take_order = False
        else:
            counts.append((spec, 1))
            may_take_order = True
    if not counts:
        raise FormulaError("diff(f, z) needs the variable z")
    for variable, _ in counts:
        if not isinstance(variable, (sp.Symbol, sp.Indexed)):
            raise FormulaError(f"cannot differentiate with respect to {sp.sstr(variable)}: not a variable")
        if domain_of_symbol(variable.base if isinstance(variable, sp.Indexed) else variable).integer:
            raise FormulaError(
                f"cannot differentiate with respect to {sp.sstr(variable)}: it takes whole-number values"
            )
    if sum(order for _, order in counts) > MAX_ORDER:
        raise FormulaError(f"derivatives of order above {MAX_ORDER} are not supported")
    return sp.Derivative(expr, *counts, evaluate=False)


def _order(order) -> int:
    if not isinstance(order, sp.Integer) or order < 1:
        raise FormulaError(f"a derivative's order must be a whole number from 1 to {MAX_ORDER}, not {order}")
    if order > MAX_ORDER:
        raise FormulaError(f"derivatives of order above {MAX_ORDER} are not supported")
    return int(order)


def _sum(body, *limits):
    """``Sum(f, (c, 1, K))``, refusing limits that spell out more terms than can be written."""
    if not limits:
        raise FormulaError("Sum needs limits, as in Sum(y[c], (c, 1, K))")
    for limit in limits:
        if not isinstance(limit, tuple) or len(limit) != 3 or not isinstance(limit[0], sp.Symbol):
            raise FormulaError("a Sum's limits are written (c, 1, K): an index, its first and last value")
        low, high = limit[1:]
        if (high - low).is_number and abs(high - low) > MAX_TERMS:
            raise FormulaError(f"a Sum of more than {MAX_TERMS} terms is not supported")
    return sp.Sum(body, *limits)


def _rational(*args):
    """Rational(p) or Rational(p, q) of whole numbers (SymPy would read a third as a gcd)."""
    if not 1 <= len(args) <= 2 or not all(isinstance(a, sp.Integer) for a in args):
        raise FormulaError("Rational takes one or two whole numbers, as in Rational(1, 2)")
    if len(args) == 2 and args[1] == 0:
        raise FormulaError("Rational(p, 0) divides by zero")
    return sp.Rational(*args)


def _kronecker_delta(*args):
    if len(args) != 2:
        raise FormulaError("KroneckerDelta takes two indices, as in KroneckerDelta(c, j)")
    return sp.KroneckerDelta(*args)


def _unary(function, name: str):
    """``function`` of exactly one argument: SymPy would read log(x, 0) as a base and
    sqrt(x, 3) as a flag, neither of which a formula means."""

    def apply(*args):
        if len(args) != 1:
            raise FormulaError(f"{name} takes one argument, not {len(args)}")
        return function(*args)

    return apply


VOCABULARY: dict[str, object] = {
    "diff": _derivative,
    "Derivative": _derivative,
    "log": _unary(sp.log, "log"),
    "ln": _unary(sp.log, "ln"),
    "exp": _unary(sp.exp, "exp"),
    "sqrt": _unary(sp.sqrt, "sqrt"),
    "Abs": _unary(sp.Abs, "Abs"),
    "tanh": _unary(sp.tanh, "tanh"),
    "Sum": _sum,
    "KroneckerDelta": _kronecker_delta,
    "Rational": _rational,
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
_REFUSED = {  # operator → (how it is typed, a hint)
    ast.BitXor: ("^", "write powers with **, as in x**2"),
    ast.FloorDiv: ("//", "write a division with /"),
    ast.Mod: ("%", ""),
    ast.MatMult: ("@", ""),
    ast.BitAnd: ("&", ""),
    ast.BitOr: ("|", ""),
    ast.LShift: ("<<", ""),
    ast.RShift: (">>", ""),
    ast.Invert: ("~", ""),
    ast.Not: ("not", ""),
}


def _refused(op: ast.AST) -> FormulaError:
    typed, hint = _REFUSED.get(type(op), (type(op).__name__, ""))
    return FormulaError(f"{typed!r} is not an operator of formulas" + (f": {hint}" if hint else ""))


_CLASS_AXIS = {"logsumexp", "softmax", "log_softmax"}
# Typed symbols as the notation prints them: a Greek letter is its name (α is alpha, π the
# number pi), σ the sigmoid, δ the symbol delta (λ stays: lambda is Python's).
_TYPOGRAPHY = str.maketrans(
    {"−": "-", "×": "*", "·": "*", "⋅": "*", "σ": "sigmoid", "δ": "delta"}
    | {letter: name for letter, name in GREEK_LETTERS.items() if name != "lambda"}
)


def typed(text: str) -> str:
    """Text as the parser reads it: variants of letters folded (𝜎 is σ, ϵ is ε; but z² stays
    z², not z2), Greek letters as their names, typographic signs as operators."""
    letters = (
        unicodedata.normalize("NFKC", c) if unicodedata.category(c).startswith("L") else c for c in text
    )
    return "".join(letters).strip().translate(_TYPOGRAPHY)


def _log10(number: sp.Rational) -> float:
    """log10 of the larger of a rational's numerator and denominator: its size in digits."""
    p, q = sp.fraction(number)
    return max(math.log10(abs(int(p)) or 1), math.log10(abs(int(q)) or 1))


def _check_power(base: sp.Expr, exponent: sp.Expr) -> None:
    """Refuse powers whose evaluation would take unbounded time or memory."""
    if not exponent.is_number:
        return
    if exponent.is_Rational and abs(exponent) > MAX_EXPONENT:
        raise FormulaError(f"the exponent {exponent} is too large (at most {MAX_EXPONENT})")
    if not (base.is_Rational and exponent.is_Rational):
        return
    if abs(exponent) * _log10(base) > MAX_DIGITS:
        raise FormulaError(f"{base}**{exponent} has more than {MAX_DIGITS} digits")
    if not exponent.is_Integer and _log10(base) > MAX_ROOTED_DIGITS:
        raise FormulaError(f"a root of a number of more than {MAX_ROOTED_DIGITS} digits is not supported")


def _decimal(text: str) -> sp.Rational:
    """The exact rational that a decimal literal spells."""
    mantissa, _, exponent = text.lower().replace("_", "").partition("e")
    if exponent and abs(int(exponent)) > MAX_DIGITS:
        raise FormulaError(f"the number {text} is too large or too small to write exactly")
    return sp.Rational(mantissa) * sp.Integer(10) ** int(exponent or 0)


class _Builder:
    def __init__(self, text: str, indexed_names: set[str]):
        self.text = text
        self.indexed_names = indexed_names
        self.bound: dict[str, sp.Symbol] = {}

    def build(self, node: ast.AST):
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise FormulaError(f"{type(node).__name__.lower()} is not allowed in a formula")
        return method(node)

    def _Expression(self, node):
        return self.build(node.body)

    def _Constant(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float, complex)):
            raise FormulaError(f"the constant {node.value!r} is not a number")
        if isinstance(node.value, complex):
            raise FormulaError(
                f"complex numbers are not supported ({ast.get_source_segment(self.text, node)})"
            )
        if isinstance(node.value, int):
            return sp.Integer(node.value)
        return _decimal(ast.get_source_segment(self.text, node))

    def _Name(self, node):
        if node.id.startswith("_"):
            raise FormulaError(f"the name {node.id!r} is not allowed")
        if node.id in self.bound:
            return self.bound[node.id]
        _refuse_ambiguous_name(node.id)
        if node.id in VOCABULARY:
            value = VOCABULARY[node.id]
            if callable(value) and not isinstance(value, sp.Basic):
                raise FormulaError(f"{node.id} is a function: call it, as in {node.id}(z)")
            return value
        if node.id in self.indexed_names:
            raise FormulaError(
                f"{node.id} is a family of numbers in this formula ({node.id}[c]); an element, such as"
                f" {node.id}[c], is a number, {node.id} alone is not"
            )
        return symbol(node.id)

    def _BinOp(self, node):
        op = _BINARY.get(type(node.op))
        if op is None:
            raise _refused(node.op)
        left, right = self.build(node.left), self.build(node.right)
        if not isinstance(left, sp.Expr) or not isinstance(right, sp.Expr):
            raise FormulaError("only numbers and expressions can be combined with + - * / **")
        if op is operator.pow:
            _check_power(left, right)
        return op(left, right)

    def _UnaryOp(self, node):
        op = _UNARY.get(type(node.op))
        if op is None:
            raise _refused(node.op)
        operand = self.build(node.operand)
        if not isinstance(operand, sp.Expr):
            raise FormulaError("a sign can only stand before an expression")
        return op(operand)

    def _Tuple(self, node):
        return tuple(self.build(e) for e in node.elts)

    def _Subscript(self, node):
        if not isinstance(node.value, ast.Name) or node.value.id in VOCABULARY:
            raise FormulaError("only a name can be subscripted, as in y[c]")
        _refuse_ambiguous_name(node.value.id)
        index = self.build(node.slice)
        if not isinstance(index, sp.Expr) or (index.is_number and not index.is_Integer):
            raise FormulaError(f"{node.value.id}[...] needs one class index, such as y[c] or y[2]")
        return indexed(node.value.id)[index]

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise FormulaError("only known functions can be called, as in log(p)")
        name = node.func.id
        if name not in VOCABULARY:
            raise FormulaError(_unknown_function(name))
        if node.keywords:
            raise FormulaError("keyword arguments are not allowed")
        function = VOCABULARY[name]
        if isinstance(function, sp.Basic):
            raise FormulaError(f"{name} is a constant, not a function: to multiply, write {name}*(...)")
        if function is _sum:
            args = self._sum_arguments(node)
        elif name in _CLASS_AXIS and node.args:
            args = [self._family(node.args[0]), *(self.build(a) for a in node.args[1:])]
        else:
            args = [self.build(a) for a in node.args]
        try:
            return function(*args)
        except FormulaError:
            raise
        except (TypeError, ValueError, AttributeError, sp.SympifyError) as error:
            raise FormulaError(f"{name}(...): {error}") from error

    def _family(self, node: ast.AST) -> sp.IndexedBase:
        """The logits of a class-axis function: the name of a family, as in softmax(z, j, K)."""
        if not isinstance(node, ast.Name) or node.id in VOCABULARY:
            raise FormulaError("the logits are the name of a family, as in softmax(z, j, K)")
        return indexed(node.id)

    def _sum_arguments(self, node: ast.Call) -> list:
        """A Sum's body and limits, read with its indices bound: an index is an integer that
        ranges over the limits, whatever its name would mean free (c free is a class index in
        1..K, so positive; bound over (c, 0, K) it takes the value 0 too)."""
        names = [
            limit.elts[0].id
            for limit in node.args[1:]
            if isinstance(limit, ast.Tuple) and limit.elts and isinstance(limit.elts[0], ast.Name)
        ]
        outer = self.bound
        self.bound = {**outer, **{name: sp.Symbol(name, integer=True) for name in names}}
        try:
            return [self.build(a) for a in node.args]
        finally:
            self.bound = outer


_SPECIAL_VALUES = {"nan", "inf", "infinity", "oo", "zoo"}


def _refuse_ambiguous_name(name: str) -> None:
    """``e`` is printed for Euler's number, so a variable of that name would read as it; names
    of special values (nan, oo, I) would read as those values, which a loss cannot hold."""
    if name == "e":
        raise FormulaError(
            "e is ambiguous: write E or exp(1) for Euler's number, or use another name for a variable"
        )
    if name.lower() in _SPECIAL_VALUES or name == "I":
        raise FormulaError(
            f"{name} reads as a special value (not a number, infinity, the imaginary unit), which a"
            " loss cannot hold; use another name for a variable"
        )


def _unknown_function(name: str) -> str:
    close = difflib.get_close_matches(
        name, [n for n, v in VOCABULARY.items() if not isinstance(v, sp.Basic)], 1
    )
    if close:
        return f"{name!r} is not a known function; did you mean {close[0]!r}?"
    return f"{name!r} is not a known function (to multiply, write {name}*(...))"


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


def _depth(tree: ast.AST) -> int:
    """How deeply the syntax tree nests, counted without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _syntax_hint(text: str, message: str) -> str:
    if re.search(r"\d[A-Za-z_(]", text) and "decimal literal" in message:
        return "to multiply, write * (2*x, not 2x)"
    if "=" in text:
        return "a formula has no '=': give the two sides separately (side conditions go to --given)"
    return ""


def _tree(text: str) -> ast.Expression:
    if len(text) > MAX_TEXT:
        raise FormulaError(f"the formula is longer than {MAX_TEXT} characters")
    if not text:
        raise FormulaError("the formula is empty")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as error:
        hint = _syntax_hint(text, error.msg)
        raise FormulaError(f"cannot parse {text!r}: {error.msg}" + (f"; {hint}" if hint else "")) from None
    except (RecursionError, MemoryError, ValueError) as error:
        raise FormulaError(f"cannot parse {text[:40]!r}...: {type(error).__name__}") from None
    if _depth(tree) > MAX_DEPTH:
        raise FormulaError(f"the formula nests more than {MAX_DEPTH} levels deep")
    return tree


def parse(text: str | sp.Expr | float) -> sp.Expr:
    """Parse ``text`` into a SymPy expression; SymPy objects pass through `unify`.

    A name used with a subscript anywhere in the text is an indexed family everywhere in it,
    so ``softmax(z, j, K)`` and ``z[j]`` refer to the same z.
    """
    if isinstance(text, sp.Basic):
        if not isinstance(text, sp.Expr):
            raise FormulaError(f"{sp.sstr(text)} is not an expression (give the two sides separately)")
        (expr,) = unify(text)
        return _defined(expr, sp.sstr(text))
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise TypeError(f"a formula must be a string or a SymPy expression, not {type(text).__name__}")
    if isinstance(text, float) and not math.isfinite(text):
        raise FormulaError(f"{text} is not a number")
    if not isinstance(text, str):  # a float is the binary number it stores
        return parse(sp.Rational(text))
    text = typed(text)
    tree = _tree(text)
    try:
        result = _Builder(text, _indexed_names(tree)).build(tree)
    except RecursionError:
        raise FormulaError("the formula nests too deeply") from None
    if not isinstance(result, sp.Expr):
        raise FormulaError(f"{text!r} is not a mathematical expression")
    return _defined(result, repr(text))


def _defined(expr: sp.Expr, text: str) -> sp.Expr:
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise FormulaError(f"{text} is undefined (it evaluates to {sp.sstr(expr)})")
    return expr


def parse_equation(text: str) -> tuple[sp.Expr, sp.Expr]:
    """Parse ``"lhs = rhs"`` (or ``==``) into its two sides."""
    parts = text.replace("==", "=").split("=")
    if len(parts) != 2:
        raise FormulaError(f"{text!r} is not an equation of the form 'lhs = rhs'")
    return parse(parts[0]), parse(parts[1])


def _plain(s: sp.Basic) -> bool:
    """A symbol made without assumptions, such as ``Symbol("z")``."""
    return (
        isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy) and s.assumptions0 == {"commutative": True}
    )


def unify(*exprs: sp.Basic) -> tuple[sp.Expr, ...]:
    """The expressions with one symbol per name, as the parser makes them.

    A symbol made without assumptions (``Symbol("z")``) becomes the toolkit's symbol of that
    name, with the domain of its name, and a float becomes the exact rational it stores, so
    that strings and SymPy objects mean the same thing.

    Raises:
        FormulaError: if one name stands for two symbols with different assumptions, or for a
            family (z[c]) in one expression and a number (z) in another.
    """
    out = []
    for expr in exprs:
        expr = sp.sympify(expr)
        bases = {b: indexed(str(b.label)) for b in expr.atoms(sp.IndexedBase) if _plain(b.label)}
        expr = expr.xreplace(bases)
        plain = {s: symbol(s.name) for s in free_symbols(expr) if _plain(s)}
        expr = expr.xreplace(plain).xreplace({f: sp.Rational(f) for f in expr.atoms(sp.Float)})
        out.append(expr)
    families = {str(b.label) for expr in out for b in expr.atoms(sp.IndexedBase)}
    for expr in out:
        labels = {b.label for b in expr.atoms(sp.IndexedBase)}
        numbers = {str(s) for s in free_symbols(expr) - labels if isinstance(s, sp.Symbol)}
        for name in sorted(numbers & families):
            raise FormulaError(
                f"{name} is a family of numbers ({name}[c]) on one side and a number on another"
            )
    seen: dict[str, sp.Symbol] = {}
    for expr in out:
        for s in sorted(free_symbols(expr), key=sp.default_sort_key):
            if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy):
                if seen.setdefault(s.name, s) != s:
                    raise FormulaError(
                        f"the name {s.name!r} stands for two different symbols"
                        f" ({_assumptions(seen[s.name])} and {_assumptions(s)})"
                    )
    return tuple(out)


def _assumptions(s: sp.Symbol) -> str:
    facts = sorted(k for k, v in s.assumptions0.items() if v and k != "commutative")
    return ", ".join(facts[:3]) or "no assumptions"
