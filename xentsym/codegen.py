"""SymPy expression → NumPy source, with class-axis sums as reductions.

``lambdify`` writes ``Sum`` as a Python generator over explicit indices; here
an indexed family ``z[c]`` is a whole array whose class axis is ``axis``, so

* ``z[c]``, ``z[j]`` (any class index) print as the array ``z``;
* ``Sum(f, (c, 1, K))`` prints as ``numpy.sum(f, axis=axis, keepdims=True)``;
* a value at the true class ``k`` (an integer label per sample) is gathered
  with :func:`xentsym.kernels.take`, and ``δ_jk`` is a one-hot array;
* named functions print as their stable kernels (see :mod:`xentsym.functions`);
  a class-axis kernel is asked for its value at the true class (``at=k``) or
  for its weighted class sum (``Σ_c w_c log_softmax(z)_c`` as
  ``log_softmax(z, axis, weights=w)``) rather than for the whole array, which
  the loss would then mostly throw away.

Common subexpressions are assigned once, so ``log_softmax`` appearing twice
in a gradient is computed once.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from . import kernels
from .functions import log_softmax, softmax

__all__ = ["GeneratedFunction", "generate", "module_source"]


# Class-axis functions whose kernels sum themselves against weights (``weights=``).
_WEIGHTED_SUMS = (log_softmax, softmax)


class _ArrayPrinter(NumPyPrinter):
    """NumPy printer that knows which symbols are class indices and which are labels."""

    def __init__(
        self, class_indices: set[sp.Symbol], labels: set[sp.Symbol], shared: frozenset = frozenset()
    ):
        super().__init__({"fully_qualified_modules": True, "inline": True})
        self.class_indices = class_indices
        self.labels = labels
        self.shared = shared  # families that stand for a class-axis function computed whole, once

    def _module_format(self, fqn, register=True):
        """Kernels by their own name; NumPy as np, as the kernels write it, so that a module of
        both reads as one."""
        if fqn.startswith("xentsym.kernels."):
            return fqn.rsplit(".", 1)[-1]
        if fqn.startswith("numpy."):
            return "np." + fqn.removeprefix("numpy.")
        return super()._module_format(fqn, register)

    def _gathered(self, array: str, index: sp.Expr) -> str:
        if index in self.class_indices:
            return array
        if index in self.labels:
            return f"take({array}, {self._print(index)}, axis)"
        raise ValueError(f"cannot print the class index {index}: not a class index or a label")

    def _print_Indexed(self, expr):
        return self._gathered(self._print(expr.base.label), expr.indices[0])

    def _print_Sum(self, expr):
        ((var, _, _),) = expr.limits
        if var not in self.class_indices:
            raise ValueError(f"cannot print a sum over {var}: not a class index")
        factors = sp.Mul.make_args(expr.function)
        computed = [f for f in factors if isinstance(f, sp.Indexed) and f.base in self.shared]
        if len(computed) == 1 and computed[0].indices == (var,):
            weights = sp.Mul(*(f for f in factors if f is not computed[0]))
            return f"class_sum({self._print(weights)}, {self._print(computed[0].base.label)}, axis)"
        weighted = [f for f in factors if isinstance(f, _WEIGHTED_SUMS) and f.index == var]
        if len(weighted) == 1:
            (term,) = weighted
            weights = sp.Mul(*(f for f in factors if f is not term))
            return self.class_axis_call(type(term).__name__, term.logits, None, weights=weights)
        return f"np.sum({self._print(expr.function)}, axis=axis, keepdims=True)"

    def _print_Piecewise(self, expr):
        """The stabilizer's one kind of case split: a quotient, and what to take where its
        denominator is 0 (see :func:`xentsym.kernels.quotient`)."""
        cases = expr.args
        numerator, denominator = sp.fraction(cases[-1].expr)
        if len(cases) != 2 or cases[-1].cond is not sp.true or denominator == 1:
            raise ValueError(f"cannot print {expr}: only a quotient with its value where it is 0/0")
        args = ", ".join(self._print(e) for e in (numerator, denominator, cases[0].expr))
        return f"quotient({args})"

    def _print_KroneckerDelta(self, expr):
        a, b = expr.args
        label = a if a in self.labels else b
        if label not in self.labels or {a, b} - {label} - self.class_indices:
            raise ValueError(f"cannot print {expr}: it needs one class index and one label")
        return f"one_hot({self._print(label)}, K, axis)"

    def class_axis_call(
        self, name: str, logits: sp.IndexedBase, index: sp.Expr | None, weights: sp.Expr | None = None
    ) -> str:
        """A call of a class-axis kernel: whole, at a label (``at=``), or summed against ``weights``."""
        call = f"{name}({self._print(logits.label)}, axis"
        if weights is not None:
            return f"{call}, weights={self._print(weights)})"
        if index is None or index in self.class_indices:
            return f"{call})"
        if index in self.labels:
            return f"{call}, at={self._print(index)})"
        raise ValueError(f"cannot print the class index {index}: not a class index or a label")


@dataclass(frozen=True)
class GeneratedFunction:
    """A NumPy function generated from an expression, and its source for reading."""

    name: str
    expr: sp.Expr
    source: str
    function: Callable

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)


_NAMESPACE = {"np": np, **{name: getattr(kernels, name) for name in kernels.__all__}}


def _parameter(arg: sp.Basic) -> str:
    return str(arg.label if isinstance(arg, sp.IndexedBase) else arg)


def generate(
    name: str,
    expr: sp.Expr | tuple[sp.Expr, ...],
    args: Sequence[sp.Basic],
    *,
    class_indices: Sequence[sp.Symbol] = (),
    labels: Sequence[sp.Symbol] = (),
    counts: Sequence[sp.Symbol] = (),
    doc: str = "",
) -> GeneratedFunction:
    """Generate ``def name(*args, axis=-1)`` computing ``expr`` with NumPy (a tuple of
    expressions: all of them, returned together, their common subexpressions computed once).

    Args:
        args: the parameters, symbols or IndexedBases (an IndexedBase is an array).
        class_indices: index symbols that range over the class axis (c, j).
        labels: index symbols that hold one class per sample (the sparse label).
        counts: class counts (K), read from the length of the first array's class axis.
    """
    exprs = list(expr) if isinstance(expr, tuple) else [expr]
    whole, exprs = _computed_whole(exprs, set(class_indices)) if len(exprs) > 1 else ({}, exprs)
    printer = _ArrayPrinter(set(class_indices), set(labels), frozenset(whole.values()))
    replacements, reduced = sp.cse(exprs, symbols=sp.numbered_symbols("_t"), optimizations=None)
    arrays = [_parameter(a) for a in args if isinstance(a, sp.IndexedBase)]
    used = set().union(*(e.free_symbols for e in exprs), *(call.free_symbols for call in whole))
    body = [f"    {count} = np.shape({arrays[0]})[axis]" for count in counts if count in used and arrays]
    body += [f"    {family.label} = {printer.doprint(call)}" for call, family in whole.items()]
    body += [f"    {sym} = {printer.doprint(value)}" for sym, value in replacements]
    params = ", ".join(map(_parameter, args))
    origins = "\n    ".join(f"Generated from: {sp.sstr(e)}" for e in exprs)
    docstring = f'    """{doc}\n\n    {origins}\n    """'
    source = "\n".join(
        [
            f"def {name}({params}, axis=-1):",
            docstring,
            *body,
            f"    return {', '.join(printer.doprint(r) for r in reduced)}",
            "",
        ]
    )
    namespace = dict(_NAMESPACE)
    exec(compile(source, f"<xentsym generated {name}>", "exec"), namespace)
    return GeneratedFunction(name, expr, source, namespace[name])


def _computed_whole(exprs: list[sp.Expr], class_indices: set[sp.Symbol]):
    """Where several expressions share a class-axis function (log_softmax for the loss at the
    label, and for the gradient at every class), it is computed whole once: each call becomes
    an element of a family standing for the whole array, gathered or summed from it.

    Returns the calls computed whole (with a class index, so that they print whole) and the
    family for each, and the expressions written with them.
    """
    needed = {
        (type(f), f.logits, f.classes)
        for e in exprs
        for f in e.atoms(*_WEIGHTED_SUMS)
        if f.index in class_indices
    }
    index = sorted(class_indices, key=str)[0]
    whole = {
        kind(logits, index, classes): sp.IndexedBase(f"_{kind.__name__}_{logits.label}")
        for kind, logits, classes in sorted(needed, key=str)
    }
    families = {(type(call), call.logits, call.classes): family for call, family in whole.items()}

    def element(call):
        family = families.get((type(call), call.logits, call.classes))
        return call if family is None else family[call.index]

    written = [e.replace(lambda f: isinstance(f, _WEIGHTED_SUMS), element) for e in exprs]
    return whole, written


def _kernel_names(source: str) -> set[str]:
    """The module-level names of :mod:`xentsym.kernels` that ``source`` uses, and so on down."""
    found: set[str] = set()
    pending = [source]
    while pending:
        tree = ast.parse(textwrap.dedent(pending.pop()))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in vars(kernels) and node.id not in found:
                value = vars(kernels)[node.id]
                if value is np:
                    continue
                found.add(node.id)
                if callable(value):
                    pending.append(inspect.getsource(value))
    return found


def _kernel_sources(names: set[str]) -> list[str]:
    """The definitions of ``names`` in :mod:`xentsym.kernels`, in the order they stand there."""
    module = inspect.getsource(kernels)
    tree = ast.parse(module)
    parts = []
    for node in tree.body:
        defined = {node.name} if isinstance(node, ast.FunctionDef) else set()
        if isinstance(node, ast.Assign):
            defined = {t.id for t in node.targets if isinstance(t, ast.Name)}
        if defined & names:
            parts.append(ast.get_source_segment(module, node))
    return parts


def module_source(functions: Sequence[GeneratedFunction], *, title: str, hazards: Sequence[str] = ()) -> str:
    """A Python module of ``functions`` that needs NumPy alone: the stable kernels they call
    are written into it, so it runs when pasted into a file.

    ``hazards`` (what the stable form could not make safe) go into its docstring.
    """
    warning = ["", "Not made safe:", *(f"  {h}" for h in hazards)] if hazards else []
    header = [
        '"""' + title,
        "",
        "Generated by xentsym from the stable form of the formula: vectorized over NumPy arrays",
        "(scalars too), no overflow or cancellation in the tails, no floating-point warnings.",
        *warning,
        '"""',
        "",
        "import numpy as np",
    ]
    sources = [f.source.rstrip() for f in functions]
    helpers = _kernel_sources(set().union(*(_kernel_names(source) for source in sources)))
    return "\n".join(header) + "\n\n\n" + "\n\n\n".join([*helpers, *sources]) + "\n"
