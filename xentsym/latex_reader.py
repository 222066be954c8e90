r"""Read printed formulas back into SymPy expressions: the LaTeX of
`xentsym.latex.to_latex` (`read_latex`) and the text notation of
`xentsym.text.to_text` (`read_text`).

The readers are independent of the printers: they read a formula the way a person
reads it on a page or a terminal, so a formula that is printed ambiguously or wrongly
reads back as a different expression and the difference shows. They never guess:
anything outside the conventions below raises `LatexReadError`, which
names the position and the problem. Both notations are read by one grammar
(``_Parser``); the text has its own tokens and reads what it writes differently.

Conventions of the LaTeX:

* ``+`` and ``-`` separate terms; a unary minus negates the whole product that
  follows it (``- a b`` is -(a b)), also right after ``+`` (``1 + - p``);
  juxtaposition and ``\cdot`` multiply; two numbers side by side (``2 3``) are refused.
* ``^`` binds tighter than juxtaposition; ``e^{x}`` is exp(x) and a bare ``e``
  is Euler's number; ``\pi`` is π; ``\frac{a}{b}`` (or ``\dfrac``, ``\tfrac``) is a/b; numbers are exact
  (``0.1`` is 1/10).
* ``\left( \right)``, ``( )`` and ``{ }`` group; ``\left| \right|`` is the
  absolute value; ``\sqrt{x}`` and ``\sqrt[n]{x}`` are roots.
* A letter or a Greek letter (``\epsilon``, ``\gamma``, ...) is a symbol of
  that name (`xentsym.symbols.symbol`); every letter is its own symbol,
  so ``ab`` is a·b, and ``i`` is a class index, not the imaginary unit. A name
  with a subscript, ``y_{c}`` or ``{y}_{c}``, is the element y[c] of the indexed
  family y; a subscript of two letters side by side (``y_{cj}``) is refused as
  ambiguous.
* A name followed by a bracket is a product, not a call: ``y \left(1 - s\right)``
  is y·(1 - s); only ``f``, ``g`` and ``h`` followed by a bracket (bare or braced, as in
  SymPy's ``f{\left(x \right)}``) are functions, f(x), as in a textbook's rules.
  ``\mathrm{eps}`` is the symbol named eps. Only these are functions: ``\log`` and ``\ln`` (natural log),
  ``\exp``, ``\tanh`` and ``\operatorname{softplus}``, whose argument is a
  braced group, a bracket, or else the single factor that follows
  (``\log x y`` is log(x)·y); ``\sigma`` (the sigmoid), which needs a bracket or
  a group; ``\operatorname{logsumexp}\left(z\right)`` and
  ``\operatorname{softmax}\left(z\right)_{j}``, taken over ``classes`` classes
  (so ``\log \operatorname{softmax}\left(z\right)_{j}`` is log(softmax(z)_j)).
  A function name may carry a positive whole power: ``\tanh^{2}(x)`` is tanh(x)².
* ``\delta_{cj}`` (two one-character indices) and ``\delta_{c,j}`` are Kronecker deltas.
* ``\sum_{c=1}^{K}`` and the derivative operators ``\frac{\partial}{\partial z}``,
  ``\frac{\partial^{2}}{\partial z^{2}}``, ``\frac{\partial^{2}}{\partial z \partial x}``
  (x first), ``\frac{\partial}{\partial z_{j}}`` and ``\frac{d}{d z}`` apply to
  the rest of the product they stand in, up to the next ``+`` or ``-`` at the
  same bracket level: ``a \frac{\partial}{\partial z} f g`` is a·∂(f g)/∂z, and
  sums and derivatives nest the same way. A minus right after the operator
  negates its operand (``\sum_{c=1}^{K} - x`` is Σ(-x)). Such an operator cannot
  be the argument of a bare function (``\log \sum ...`` is refused). Derivatives
  are left unevaluated.
* Spacing (``\,``, ``\!``, ``\;``, ``\quad``) and ``\displaystyle``, ``\small``
  are ignored; ``\text{...}`` is prose, not math, and is refused.

Conventions of the text notation (``docs/content/notation.md``), where they differ:

* A name is a letter, a Greek letter (``α`` is the symbol alpha; σ, δ, Σ and ∂ are
  reserved, and ``π`` is the number), or a run of letters and digits (``eps``, ``z1``);
  ``'y_true'`` is the symbol y_true (a quoted name is always a symbol: ``'e'`` is not
  Euler's number, which ``e`` is). ``log``, ``exp``, ``tanh``, ``softplus``, ``softmax``
  and ``logsumexp`` are not names. Numbers are exact: ``0.5`` is 1/2.
* Juxtaposition is written with a space: factors written together (``2x``, ``(a)(b)``)
  are refused, and so is a space before a script (``y _c``). ``·`` multiplies and ``/``
  divides by the next factor, left to right: ``a b/c d`` is ((a b)/c) d.
* ``x²``, ``x⁻¹`` (superscript digits), ``x^γ``, ``x^y_c`` (x to the y_c),
  ``x^(γ + 1)``; a power binds tighter than a product and stands after a
  function's argument: ``σ(z)²``, never ``tanh²(x)``.
* ``y_c``, ``z_1``, ``z_{c + 1}`` are elements; a subscript that is a name of several
  characters (``y_cj``) is refused as ambiguous. ``δ_cj``, ``δ_{cj}``: each character an
  index; ``δ_{c,j}``: two expressions.
* Functions take brackets: ``log(x)``, ``exp(x)``, ``tanh(x)``, ``softplus(x)``,
  ``σ(x)``, ``√(x)``; any other name written against a bracket (``max(a, b)``) is an
  unknown function. ``log softmax(z)_j`` is log(softmax(z)_j), with no power after it (it could be
  on either). ``f``, ``g``, ``h`` followed by a bracket are functions, as in the LaTeX.
* ``|x|`` is the absolute value: a bar after a factor closes the open one, any other
  opens one.
* ``Σ_{c=1}^{K}`` or ``Σ_{c=1}^K``, and ``∂/∂z``, ``∂²/∂z²``, ``∂/∂z_j``, ``∂²/∂z ∂x``
  (x first) take the rest of the product after a space, as in the LaTeX.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from .functions import logsumexp, sigmoid, softmax, softplus
from .symbols import GREEK_LETTERS, indexed, symbol

__all__ = ["LatexReadError", "read_latex", "read_text"]


class LatexReadError(ValueError):
    """A formula (LaTeX or text) that the reader does not understand; the message names where and why."""

    def __init__(self, text: str, position: int, problem: str):
        self.position = position
        where = f"at {text[position : position + 30]!r}" if position < len(text) else "at the end"
        super().__init__(f"position {position}: {problem} ({where})")


_TOKEN = re.compile(
    r"(?P<skip>\s+|\\[,!;: ]|\\(?:displaystyle|textstyle|small|quad|qquad)(?![A-Za-z]))"
    r"|(?P<delimiter>\\(?:left|right)(?![A-Za-z])\s*(?:\\[A-Za-z]+|\\.|.))"
    r"|(?P<upright>\\mathrm\{(?:[A-Za-z0-9]|\\_)+\})"
    r"|(?P<command>\\[A-Za-z]+|\\.)"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<letter>[A-Za-z])"
    r"|(?P<char>\S)"
)

_BRACKETS = {"(": ")", r"\left(": r"\right)", r"\left|": r"\right|", "|": "|"}
_PRODUCT_ENDS = {"+", "-", "}", ")", "]", ",", "=", r"\right)", r"\right|"}
_GREEK = {
    *"alpha beta gamma epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi rho tau".split(),
    *"upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(),
}
# Followed by a bracket, these are functions, f(x), unless the formula uses them as symbols.
FUNCTION_NAMES = frozenset({"f", "g", "h"})
_PROSE = {r"\text", r"\textrm", r"\textit", r"\textbf", r"\mbox", r"\mathtt"}
_OPERATOR_NAMES = {"softplus": softplus, "sign": sp.sign}
_PLAIN_FUNCTIONS = {
    r"\log": sp.log, r"\ln": sp.log, r"\exp": sp.exp, r"\tanh": sp.tanh, r"\cosh": sp.cosh, r"\sinh": sp.sinh,
}  # fmt: skip
_CLASS_AXIS = {"logsumexp", "softmax"}


@dataclass(frozen=True)
class _Token:
    kind: str  # delimiter, command, number, letter, char or end; the text has more (see _text_tokens)
    text: str
    position: int
    spaced: bool = False  # whether a space comes before it: in the text, a space multiplies


@dataclass(frozen=True)
class _Atom:
    """A factor before its scripts; ``name`` is set when a subscript may make it an element."""

    expr: sp.Expr
    name: str | None = None


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup != "skip":
            tokens.append(_Token(match.lastgroup, re.sub(r"\s+", "", match[0]), match.start()))
    return [*tokens, _Token("end", "", len(text))]


def _name_of(token: _Token) -> str | None:
    """The name of the symbol that a letter, a Greek letter or an upright name stands for."""
    if token.kind in ("letter", "name", "quoted"):
        return token.text
    if token.kind == "greek":
        return GREEK_LETTERS[token.text]
    if token.kind == "upright":
        return token.text[len(r"\mathrm{") : -1].replace(r"\_", "_")
    if token.kind == "command" and token.text[1:] in _GREEK:
        return token.text[1:]
    return None


def _named(name: str) -> _Atom:
    return _Atom(sp.E if name == "e" else symbol(name), name)


def _positive_whole(value: sp.Expr) -> int | None:
    return int(value) if value.is_Integer and value > 0 else None


class _Parser:
    """Recursive descent over the tokens: expression → term → product → factor → atom."""

    tokenize = staticmethod(_tokenize)
    SUM_SIGN, SUM_EXAMPLE = r"\sum", r"\sum_{c=1}^{K}"  # for the messages

    def __init__(self, text: str, classes: sp.Expr | None, functions: frozenset[str]):
        self.text = text
        self.tokens = self.tokenize(text)
        self.index = 0
        self.classes = classes
        self.functions = functions

    # Tokens.

    def _peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def _next(self) -> _Token:
        token = self._peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def _accept(self, text: str) -> bool:
        if self._peek().text == text:
            self.index += 1
            return True
        return False

    def _expect(self, text: str, why: str = "") -> _Token:
        token = self._peek()
        if not self._accept(text):
            raise self._error(f"expected {text!r}{why}, found {self._describe(token)}", token)
        return token

    def _error(self, problem: str, token: _Token | None = None) -> LatexReadError:
        return LatexReadError(self.text, (token or self._peek()).position, problem)

    @staticmethod
    def _describe(token: _Token) -> str:
        return "the end of the text" if token.kind == "end" else repr(token.text)

    def _ends_product(self) -> bool:
        token = self._peek()
        return token.kind == "end" or token.text in _PRODUCT_ENDS

    def _matching_brace(self, start: int) -> int | None:
        """The index of the ``}`` that closes the ``{`` at ``start``, or None."""
        depth = 0
        for n in range(start, len(self.tokens)):
            depth += {"{": 1, "}": -1}.get(self.tokens[n].text, 0)
            if depth == 0:
                return n
        return None

    # Grammar.

    def read(self) -> sp.Expr:
        expr = self._expression()
        if self._peek().kind != "end":
            raise self._error(f"unexpected {self._describe(self._peek())} after a complete expression")
        return expr

    def _expression(self) -> sp.Expr:
        total = self._term()
        while self._peek().text in ("+", "-"):
            sign = 1 if self._next().text == "+" else -1
            total += sign * self._term()
        return total

    def _term(self) -> sp.Expr:
        """A product, negated as a whole by a leading minus."""
        return -self._product() if self._accept("-") else self._product()

    def _product(self) -> sp.Expr:
        """Factors side by side; a sum or derivative operator takes all the factors after it."""
        start = self._peek()
        factors: list[sp.Expr] = []
        while not self._ends_product():
            self._between_factors(after_factor=bool(factors))
            operator = self._operator()
            if operator is not None:
                factors.append(operator(self._operand()))
                break
            factors.append(self._factor())
        if not factors:
            raise self._error(f"expected a term, found {self._describe(start)}", start)
        return sp.Mul(*factors)

    def _between_factors(self, *, after_factor: bool) -> None:
        """Take a ``\\cdot`` between two factors; refuse two numbers side by side (``2 3``)."""
        token = self._peek()
        if token.text == r"\cdot":
            self._next()
            if not after_factor or self._ends_product():
                raise self._error(r"\cdot needs a factor on each side", token)
        elif after_factor and token.kind == "number" and self.tokens[self.index - 1].kind == "number":
            raise self._error(r"two numbers side by side: write \cdot between them")

    def _operand(self) -> sp.Expr:
        """The rest of the product; a minus right after the operator negates it (Σ_c -x is Σ_c (-x))."""
        negative = self._accept("-")
        if self._ends_product():
            raise self._error("a sum or derivative operator with nothing after it to apply to")
        return -self._product() if negative else self._product()

    def _factor(self) -> sp.Expr:
        """An atom with its subscript and superscript."""
        atom = self._atom()
        expr = atom.expr
        if self._peek().text == "_":
            if atom.name is None:
                raise self._error("only a name can take a subscript")
            self._next()
            expr = self._element(atom.name)
        if self._accept("^"):
            expr = expr ** self._script()
        if self._peek().text in ("_", "^"):
            raise self._error("a second script on the same factor is ambiguous; use braces")
        return expr

    def _script(self) -> sp.Expr:
        """The argument of ``^`` or ``_``: a braced group or a single character."""
        token = self._peek()
        if token.text == "{":
            return self._group()
        if token.kind == "number" and len(token.text) > 1:
            raise self._error(f"a script of more than one character needs braces: {{{token.text}}}")
        if token.kind == "number" or _name_of(token) is not None or token.text == r"\pi":
            return self._atom().expr
        raise self._error(f"expected a superscript or subscript, found {self._describe(token)}")

    def _group(self) -> sp.Expr:
        opening = self._expect("{")
        expr = self._expression()
        self._expect("}", f" to close the '{{' at position {opening.position}")
        return expr

    def _bracket(self) -> sp.Expr:
        opening = self._next()
        expr = self._expression()
        self._expect(
            _BRACKETS[opening.text], f" to close the {opening.text!r} at position {opening.position}"
        )
        return expr

    def _element(self, name: str) -> sp.Expr:
        """``name_{index}``: an element of the indexed family ``name``."""
        return indexed(name)[self._index()]

    def _index(self) -> sp.Expr:
        """A subscript that is one index: ``c``, ``1``, ``c + 1``; ``cj`` could be two."""
        token = self._peek()
        index = self._script()
        if len([f for f in sp.Mul.make_args(index) if not f.is_number]) > 1:
            raise self._error(
                f"subscript {index} is ambiguous: one index, a product, or several indices", token
            )
        return index

    def _atom(self) -> _Atom:
        token = self._peek()
        if token.kind == "number":
            self._next()
            return _Atom(sp.Rational(token.text))
        if (name := _name_of(token)) is not None:
            self._next()
            if name in self.functions and self._applies():
                return _Atom(self._application(name))
            return _named(name)
        if token.text == "{":
            return self._brace()
        if token.text in ("(", r"\left("):
            return _Atom(self._bracket())
        if token.text == r"\left|":
            return _Atom(sp.Abs(self._bracket()))
        handler = _COMMANDS.get(token.text)
        if handler is not None:
            return handler(self)
        raise self._error(self._unknown(token))

    def _applies(self) -> bool:
        """Whether a bracket follows, bare or braced as SymPy prints an application: f{(x)}."""
        following = self._peek().text
        return following in ("(", r"\left(") or (following == "{" and self._peek(1).text in ("(", r"\left("))

    def _application(self, name: str) -> sp.Expr:
        """``f(x)`` or ``f(c, x)``: the undefined function ``name`` applied to its arguments."""
        braced = self._accept("{")
        opening = self._next()
        arguments = [self._expression()]
        while self._accept(","):
            arguments.append(self._expression())
        self._expect(_BRACKETS[opening.text], f" to close the {opening.text!r} of {name}(...)")
        if braced:
            self._expect("}", f" after the arguments of {name}")
        return sp.Function(name)(*arguments)

    def _unknown(self, token: _Token) -> str:
        if token.text in _PROSE:
            return f"{token.text}{{...}} is prose, not mathematics"
        if token.kind == "delimiter":
            return f"unsupported bracket {token.text}"
        if token.kind == "command":
            return f"unknown command {token.text}"
        return f"unexpected {self._describe(token)}"

    def _brace(self) -> _Atom:
        """``{y}`` is the name y (so ``{y}_{c}`` is an element); any other group is its contents."""
        name = _name_of(self._peek(1))
        if name is not None and self._peek(2).text == "}":
            self.index += 3
            return _named(name)
        return _Atom(self._group())

    def _name(self) -> str:
        """A letter or Greek letter standing for a symbol: a variable, an index, the logits."""
        token = self._peek()
        if (name := _name_of(token)) is not None:
            self._next()
            return name
        if token.text == "{" and (name := self._brace().name) is not None:
            return name
        raise self._error(f"expected a name, found {self._describe(token)}", token)

    def _variable(self) -> sp.Expr:
        """What a derivative is taken with respect to: a name, or an element such as z_{j}."""
        name = self._name()
        return self._element(name) if self._accept("_") else symbol(name)

    # Operators: a sum or a derivative, applied to the rest of the product.

    def _operator(self) -> Callable[[sp.Expr], sp.Expr] | None:
        if self._peek().text == r"\sum":
            return self._sum()
        if self._peek().text in _FRACTIONS and self._is_derivative():
            return self._derivative()
        return None

    def _is_derivative(self) -> bool:
        """``\\frac{\\partial...}{...}``, or ``\\frac{d...}{d...}``; ``\\frac{d}{x}`` is d/x."""
        if self._peek(1).text != "{":
            return False
        if self._peek(2).text == r"\partial":
            return True
        close = self._matching_brace(self.index + 1)
        if self._peek(2).text != "d" or close is None:
            return False
        after = close - self.index
        return self._peek(after + 1).text == "{" and self._peek(after + 2).text == "d"

    def _order(self) -> int:
        """The order of a derivative, from an optional ``^{n}``."""
        if not self._accept("^"):
            return 1
        token = self._peek()
        order = _positive_whole(self._script())
        if order is None:
            raise self._error("the order of a derivative must be a positive whole number", token)
        return order

    def _derivative(self) -> Callable[[sp.Expr], sp.Expr]:
        start = self._next()
        self._expect("{")
        marker = self._next().text
        order = self._order()
        self._expect("}", f": a derivative's numerator is {marker} alone; its operand follows the fraction")
        self._expect("{")
        variables = []
        while not self._accept("}"):
            self._expect(marker, " before each variable of the derivative")
            variables.append((self._variable(), self._order()))
        if sum(n for _, n in variables) != order:
            raise self._error("the orders in the numerator and the denominator do not add up", start)
        return lambda operand: sp.Derivative(operand, *reversed(variables), evaluate=False)

    def _sum(self) -> Callable[[sp.Expr], sp.Expr]:
        self._next()
        self._expect("_", f": a sum needs its limits, {self.SUM_EXAMPLE}")
        self._expect("{")
        index = symbol(self._name())
        self._expect("=")
        low = self._expression()
        self._expect("}")
        self._expect("^", f": a sum needs its upper limit, {self.SUM_EXAMPLE}")
        high = self._script()
        return lambda body: sp.Sum(body, (index, low, high))

    # Commands that make an atom.

    def _fraction(self) -> _Atom:
        if self._is_derivative():
            raise self._error("a derivative operator cannot stand here: it must take the rest of a product")
        self._next()
        numerator = self._group()
        return _Atom(numerator / self._group())

    def _sqrt(self) -> _Atom:
        self._next()
        if self._accept("["):
            token = self._peek()
            degree = _positive_whole(self._expression())
            self._expect("]")
            if degree is None:
                raise self._error("the degree of a root must be a positive whole number", token)
            return _Atom(sp.root(self._group(), degree))
        return _Atom(sp.sqrt(self._group()))

    def _kronecker(self) -> _Atom:
        r"""``\delta_{cj}`` (two one-character indices) or ``\delta_{c,j}``."""
        start = self._next()
        self._expect("_", r": the Kronecker delta is \delta_{cj}")
        self._expect("{")
        close = self._matching_brace(self.index - 1) or len(self.tokens)
        inner = self.tokens[self.index : close]
        characters = "".join(t.text for t in inner)
        if all(t.kind in ("letter", "number") for t in inner) and len(characters) == 2:
            self.index = close + 1
            first, second = (sp.Integer(ch) if ch.isdigit() else symbol(ch) for ch in characters)
            return _Atom(sp.KroneckerDelta(first, second))
        first = self._expression()
        self._expect(",", r": the Kronecker delta takes two indices, \delta_{cj} or \delta_{c,j}")
        second = self._expression()
        self._expect("}", f" to close the indices of the delta at position {start.position}")
        return _Atom(sp.KroneckerDelta(first, second))

    def _function(self, function: Callable[[sp.Expr], sp.Expr], name: str, *, bare: bool) -> _Atom:
        """A named function applied to a group, a bracket, or (where ``bare``) the next factor."""
        power = 1
        if self._accept("^"):
            token = self._peek()
            power = _positive_whole(self._script())
            if power is None:
                raise self._error(f"only a positive whole power may stand on {name}", token)
        if self._peek().text == "{":
            argument = self._group()
        elif self._peek().text in ("(", r"\left("):
            argument = self._bracket()
        elif bare:
            argument = self._factor()
        else:
            raise self._error(f"{name} needs its argument in brackets")
        return _Atom(function(argument) ** power)

    def _plain_function(self) -> _Atom:
        name = self._next().text
        return self._function(_PLAIN_FUNCTIONS[name], name, bare=True)

    def _sigmoid(self) -> _Atom:
        self._next()
        return self._function(sigmoid, r"\sigma", bare=False)

    def _operatorname(self) -> _Atom:
        start = self._next()
        self._expect("{")
        letters = []
        while self._peek().kind == "letter":
            letters.append(self._next().text)
        self._expect("}", r" after the letters of an \operatorname")
        name = "".join(letters)
        if name in _OPERATOR_NAMES:
            return self._function(_OPERATOR_NAMES[name], rf"\operatorname{{{name}}}", bare=True)
        if name in _CLASS_AXIS:
            return self._class_axis(name, start)
        raise self._error(rf"unknown function \operatorname{{{name}}}", start)

    def _class_axis(self, name: str, start: _Token) -> _Atom:
        """``logsumexp(z)`` or ``softmax(z)_j`` over the ``classes`` the printer leaves out, or
        over the logits written out, ``softmax(z_1, z_2)_1`` (two classes)."""
        if self._peek().text not in ("(", r"\left("):
            raise self._error(f"{name} needs the logits in brackets, as {name}(z)")
        opening = self._next()
        logits, classes = self._logits(name, start)
        self._expect(_BRACKETS[opening.text], f": {name} takes the logits alone")
        if name == "logsumexp":
            return _Atom(logsumexp(logits, classes))
        self._expect("_", ": softmax(z) needs the index of its class, softmax(z)_{j}")
        return _Atom(softmax(logits, self._index(), classes))

    def _logits(self, name: str, start: _Token) -> tuple[sp.IndexedBase, sp.Expr]:
        """The logits' name and the number of classes: ``z`` (over ``classes``), or ``z_1, ..., z_n``."""
        base = self._name()
        if not self._accept("_"):
            if self.classes is None:
                raise self._error(f"{name} is taken over the classes: pass classes= to read it", start)
            return indexed(base), self.classes
        entries = [self._element(base)]
        while self._accept(","):
            entry = self._name()
            self._expect("_", f": {entry} must be an element such as {base}_2")
            entries.append(self._element(entry))
        family = indexed(base)
        if entries != [family[n] for n in range(1, len(entries) + 1)]:
            raise self._error(f"{name} needs the logits {base}_1, ..., {base}_n in order", start)
        return family, sp.Integer(len(entries))

    def _pi(self) -> _Atom:
        self._next()
        return _Atom(sp.pi, "pi")

    def _misplaced_sum(self) -> _Atom:
        raise self._error(f"a sum cannot stand here: {self.SUM_SIGN} must take the rest of a product")


_FRACTIONS = {r"\frac", r"\dfrac", r"\tfrac"}
_COMMANDS: dict[str, Callable[[_Parser], _Atom]] = {
    **dict.fromkeys(_FRACTIONS, _Parser._fraction),
    **dict.fromkeys(_PLAIN_FUNCTIONS, _Parser._plain_function),
    r"\sqrt": _Parser._sqrt,
    r"\delta": _Parser._kronecker,
    r"\sigma": _Parser._sigmoid,
    r"\operatorname": _Parser._operatorname,
    r"\sum": _Parser._misplaced_sum,
    r"\pi": _Parser._pi,
}


# The text notation (docs/content/notation.md): the same grammar over other tokens.

_TEXT_TOKEN = re.compile(
    r"(?P<skip>\s+)"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9]*)"
    r"|(?P<quoted>'[A-Za-z][A-Za-z0-9_]*')"
    r"|(?P<superscript>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)"
    r"|(?P<char>\S)"
)
_TEXT_FUNCTIONS = {
    "log": sp.log, "exp": sp.exp, "tanh": sp.tanh, "cosh": sp.cosh, "sinh": sp.sinh, "softplus": softplus,
    "sign": sp.sign, "σ": sigmoid, "√": sp.sqrt,
}  # fmt: skip
_RESERVED_WORDS = {*_TEXT_FUNCTIONS, *_CLASS_AXIS}
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_FACTOR_ENDS = {"number", "letter", "name", "greek", "quoted", "superscript", "closing bar"}
_FACTOR_STARTS = {"number", "letter", "name", "greek", "quoted", "function", "opening bar"}


def _text_kind(kind: str, written: str) -> str:
    """A name's kind: a letter, a reserved function word, or a name of several characters;
    a Greek letter; a reserved sign (σ, √)."""
    if kind == "name":
        return "letter" if len(written) == 1 else "function" if written in _RESERVED_WORDS else "name"
    if written in GREEK_LETTERS:
        return "greek"
    return "function" if written in _TEXT_FUNCTIONS else kind


def _text_tokens(text: str) -> list[_Token]:
    """The tokens of the text notation, each marked with whether a space comes before it.

    A bar ``|`` is marked here as opening or closing an absolute value: it closes the open
    one when it follows a factor, as in ``|a| |b|``, and opens one anywhere else.
    """
    tokens: list[_Token] = []
    spaced, open_bars = False, 0
    for match in _TEXT_TOKEN.finditer(text):
        kind, written = match.lastgroup, match[0]
        if kind == "skip":
            spaced = True
            continue
        if written == "'":
            problem = "a quoted name is a letter, then letters, digits and _, between quotes: 'y_true'"
            raise LatexReadError(text, match.start(), problem)
        kind = _text_kind(kind, written)
        if kind == "quoted":
            written = written[1:-1]
        elif written == "|":
            closes = open_bars > 0 and (tokens[-1].kind in _FACTOR_ENDS or tokens[-1].text in (")", "}"))
            kind = "closing bar" if closes else "opening bar"
            open_bars += -1 if closes else 1
        tokens.append(_Token(kind, written, match.start(), spaced))
        spaced = False
    return [*tokens, _Token("end", "", len(text), spaced)]


def _starts_factor(token: _Token) -> bool:
    return token.kind in _FACTOR_STARTS or token.text in ("(", "δ", "Σ", "∂")


def _text_named(token: _Token) -> _Atom:
    """The atom a name stands for; a quoted name is always a symbol ('e' is not Euler's number)."""
    if token.kind == "quoted":
        return _Atom(symbol(token.text), token.text)
    if token.text == "π":
        return _Atom(sp.pi, "pi")
    return _named(_name_of(token))


def _one_character_index(character: str) -> sp.Expr:
    return sp.Integer(character) if character.isdigit() else symbol(character)


class _TextParser(_Parser):
    """The grammar of `_Parser` over the text notation: terms, the leading minus, sums,
    elements, ``f(x)`` and the class-axis functions are read by the same code; what the text
    writes differently (``/``, spaces, ``²``, ``∂/∂z``, ``δ_cj``, ``log(x)``) is read here."""

    tokenize = staticmethod(_text_tokens)
    SUM_SIGN, SUM_EXAMPLE = "Σ", "Σ_{c=1}^{K}"

    def _ends_product(self) -> bool:
        return super()._ends_product() or self._peek().kind == "closing bar"

    def _glued(self, what: str) -> None:
        """Refuse a space before a script: ``y _c`` is not y_c."""
        if self._peek().spaced:
            raise self._error(f"{what} must follow directly, with no space")

    # Products: a space or ``·`` multiplies, ``/`` divides by the next factor.

    def _product(self) -> sp.Expr:
        """Factors left to right, so ``a b/c d`` is ((a b)/c) d; a sum or derivative operator
        takes all the factors after it."""
        start = self._peek()
        value: sp.Expr | None = None
        while not self._ends_product():
            divide = value is not None and self._divides()
            operator = None if divide else self._operator()
            if operator is not None:
                applied = operator(self._operand())
                return applied if value is None else value * applied
            factor = self._factor()
            value = factor if value is None else value / factor if divide else value * factor
        if value is None:
            raise self._error(f"expected a term, found {self._describe(start)}", start)
        return value

    def _divides(self) -> bool:
        """Take what joins the next factor to the product: ``/`` (True), ``·`` or a space.
        Factors written together (``2x``, ``(a)(b)``) are refused: a space multiplies."""
        token = self._peek()
        if token.text in ("/", "·"):
            self._next()
            if self._ends_product():
                raise self._error(f"{token.text!r} needs a factor on each side", token)
            return token.text == "/"
        if not token.spaced and _starts_factor(token):
            raise self._error("factors side by side need a space or '·' between them")
        if token.kind == "number" and self.tokens[self.index - 1].kind == "number":
            raise self._error("two numbers side by side: write '·' between them")
        return False

    def _operator(self) -> Callable[[sp.Expr], sp.Expr] | None:
        if self._peek().text == "Σ":
            return self._sum()
        if self._peek().text == "∂":
            return self._derivative()
        return None

    def _operand(self) -> sp.Expr:
        if not self._peek().spaced and not self._ends_product():
            raise self._error("a space separates a sum or derivative operator from what it applies to")
        return super()._operand()

    # Factors: an atom, its subscript, its power.

    def _factor(self) -> sp.Expr:
        """An atom, its subscript if it is a name (``y_c``), and its power (``x²``, ``x^γ``)."""
        atom = self._atom()
        expr = atom.expr
        if self._peek().text == "_":
            self._glued("a subscript")
            if atom.name is None:
                raise self._error("only a name can take a subscript")
            self._next()
            expr = self._element(atom.name)
        power = self._power()
        if power is not None:
            expr = expr**power
        if self._peek().text in ("_", "^") or self._peek().kind == "superscript":
            raise self._error("a second script on the same factor is ambiguous; use brackets")
        return expr

    def _power(self) -> sp.Expr | None:
        """``²`` (superscript digits, ``⁻¹``) or ``^`` and an exponent; None where there is none."""
        token = self._peek()
        if token.kind != "superscript" and token.text != "^":
            return None
        self._glued("a power")
        self._next()
        return self._superscript(token) if token.kind == "superscript" else self._exponent()

    def _superscript(self, token: _Token) -> sp.Integer:
        digits = token.text.translate(_SUPERSCRIPT_DIGITS)
        if not re.fullmatch(r"-?\d+", digits):
            raise self._error(f"superscript {token.text} is not a whole number", token)
        return sp.Integer(digits)

    def _exponent(self) -> sp.Expr:
        """What ``^`` raises to: a name (``x^γ``), an element (``x^y_c``), a number, or a bracket."""
        self._glued("an exponent")
        token = self._peek()
        if token.text == "(":
            return self._bracket()
        if token.kind == "number":
            self._next()
            return sp.Rational(token.text)
        if _name_of(token) is None:
            raise self._error(
                f"expected an exponent (a name, a number or a bracket), found {self._describe(token)}"
            )
        self._next()
        return self._element(_name_of(token)) if self._accept("_") else _text_named(token).expr

    def _script(self) -> sp.Expr:
        """A subscript or the upper limit of a sum: a name, a number, or braces around an expression."""
        mark = self.tokens[self.index - 1].text
        self._glued(f"what {mark!r} takes")
        token = self._peek()
        if token.text == "{":
            return self._group()
        if token.kind == "number":
            self._next()
            return sp.Rational(token.text)
        if _name_of(token) is not None:
            self._next()
            return _text_named(token).expr
        raise self._error(
            f"expected a name, a number or {{...}} after {mark!r}, found {self._describe(token)}"
        )

    def _index(self) -> sp.Expr:
        """One index; a name of several characters (``y_cj``) could be one index or one per
        character, and is refused (δ_cj, where both characters are indices, is read by _kronecker)."""
        start = self.index
        index = super()._index()
        word = next((t for t in self.tokens[start : self.index] if t.kind == "name"), None)
        if word is not None:
            raise self._error(
                f"subscript {word.text!r} is ambiguous: one index named {word.text}, or one per character",
                word,
            )
        return index

    # Atoms.

    def _atom(self) -> _Atom:
        token = self._peek()
        if token.kind == "number":
            self._next()
            return _Atom(sp.Rational(token.text))
        if _name_of(token) is not None:
            self._next()
            if token.kind == "letter" and token.text in self.functions and self._peek().text == "(":
                return _Atom(self._application(token.text))
            if self._peek().text == "(" and not self._peek().spaced:
                raise self._error(
                    f"unknown function {token.text}(...); a product is written with a space", token
                )
            return _text_named(token)
        if token.kind == "function":
            return self._named_function()
        if token.text == "(":
            return _Atom(self._bracket())
        if token.kind == "opening bar":
            return _Atom(sp.Abs(self._bracket()))
        if token.text == "δ":
            return self._kronecker()
        if token.text == "Σ":
            return self._misplaced_sum()
        if token.text == "∂":
            raise self._error("a derivative operator cannot stand here: it must take the rest of a product")
        raise self._error(self._unknown(token))

    def _unknown(self, token: _Token) -> str:
        if token.text == "_":
            return "a stray '_': a subscript follows a name, as y_c"
        if token.text == "^" or token.kind == "superscript":
            return f"a stray {token.text!r}: a power follows its base, as x²"
        if token.text == "{":
            return "braces group only a subscript or a limit of a sum; brackets ( ) group"
        return super()._unknown(token)

    def _named_function(self) -> _Atom:
        """``log(x)``, ``σ(x)``, ``√(x)``, ..., ``logsumexp(z)``, ``softmax(z)_j``, and
        ``log softmax(z)_j``, the one function written without brackets."""
        token = self._next()
        name = token.text
        if self._peek().text == "^" or self._peek().kind == "superscript":
            raise self._error(f"a power stands after the argument, {name}(x)², not on the name")
        if name in _CLASS_AXIS:
            return self._class_axis(name, token)
        if name == "log" and self._peek().text == "softmax":
            return self._log_softmax()
        if self._peek().text != "(":
            raise self._error(f"{name} needs its argument in brackets, {name}(x)")
        return _Atom(_TEXT_FUNCTIONS[name](self._bracket()))

    def _log_softmax(self) -> _Atom:
        """``log softmax(z)_j``; a power after it could be on the log or on the softmax."""
        softmax_ = self._named_function().expr
        if self._peek().text == "^" or self._peek().kind == "superscript":
            raise self._error(
                "a power after log softmax(z)_j is ambiguous: (log softmax(z)_j)² or log(softmax(z)_j²)"
            )
        return _Atom(sp.log(softmax_))

    def _kronecker(self) -> _Atom:
        """``δ_cj`` or ``δ_{cj}``, each character an index, or ``δ_{c,j}``."""
        start = self._next()
        self._expect("_", ": the Kronecker delta is δ_cj or δ_{c,j}")
        braced = self._peek().text == "{"
        first = end = self.index + braced
        while self.tokens[end].kind in ("letter", "name", "number") and (
            end == first or not self.tokens[end].spaced
        ):
            end += 1
        characters = "".join(t.text for t in self.tokens[first:end])
        if re.fullmatch(r"[A-Za-z0-9]{2}", characters) and (not braced or self.tokens[end].text == "}"):
            self.index = end + braced
            return _Atom(sp.KroneckerDelta(*map(_one_character_index, characters)))
        if not braced:
            raise self._error("the Kronecker delta takes two one-character indices, δ_cj, or δ_{c,j}")
        self._next()
        indices = self._expression()
        self._expect(",", ": the Kronecker delta takes two indices, δ_cj or δ_{c,j}")
        second = self._expression()
        self._expect("}", f" to close the indices of the delta at position {start.position}")
        return _Atom(sp.KroneckerDelta(indices, second))

    # The derivative operator.

    def _derivative(self) -> Callable[[sp.Expr], sp.Expr]:
        """``∂/∂z``, ``∂²/∂z²``, ``∂/∂z_j``, ``∂²/∂z ∂x`` (x first), for the rest of the product."""
        start = self._next()
        order = self._order()
        self._expect("/", ": a derivative is written ∂/∂z, its operand after it")
        variables = []
        while self._peek().text == "∂" and self._peek(1).text != "/":
            self._next()
            variables.append((self._variable(), self._order()))
        if not variables:
            raise self._error("a derivative needs the variable it is taken with respect to, ∂/∂z")
        if sum(n for _, n in variables) != order:
            raise self._error("the orders in the numerator and the denominator do not add up", start)
        return lambda operand: sp.Derivative(operand, *reversed(variables), evaluate=False)

    def _order(self) -> int:
        """The order of a derivative, from superscript digits: ``∂²``, ``∂z²``."""
        token = self._peek()
        if token.kind != "superscript":
            return 1
        self._glued("the order of a derivative")
        self._next()
        order = _positive_whole(self._superscript(token))
        if order is None:
            raise self._error("the order of a derivative must be a positive whole number", token)
        return order


def read_latex(
    text: str, *, classes: sp.Expr | None = None, functions: frozenset[str] = FUNCTION_NAMES
) -> sp.Expr:
    """The SymPy expression that ``text`` shows, read by the conventions of this module.

    ``classes`` is the number of classes K of ``softmax`` and ``logsumexp``: the
    printer leaves it out, so a formula with one of them cannot be read without it.
    ``functions`` are the names read as functions before a bracket: in ``g (1 - p)``, ``g``
    is a function of ``1 - p`` or a factor, and only the formula's author knows which.
    Raises LatexReadError on anything the conventions do not cover.
    """
    return _Parser(text, classes, functions).read()


def read_text(
    text: str, *, classes: sp.Expr | None = None, functions: frozenset[str] = FUNCTION_NAMES
) -> sp.Expr:
    """The SymPy expression that ``text``, in the text notation, shows (see the module notes).

    ``classes`` and ``functions`` as for `read_latex`. Raises LatexReadError on anything the
    notation does not cover.
    """
    return _TextParser(text, classes, functions).read()
