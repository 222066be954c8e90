"""SymPy expression → NumPy source, run a block of rows at a time, class-axis sums as reductions.

``lambdify`` writes ``Sum`` as a Python generator over explicit indices; here
an indexed family ``z[c]`` is a block of rows whose class axis is the last, so

* ``z[c]``, ``z[j]`` (any class index) print as the block ``z``;
* ``Sum(f, (c, 1, K))`` prints as ``np.sum(f, axis=-1, keepdims=True)``;
* a value at the true class ``k`` (an integer label per row) is gathered
  with `xentsym.kernels.take`, and ``δ_jk`` is a one-hot block; an output that
  depends on ``δ_jk`` is computed at δ = 0 for every class and at δ = 1 at the label
  only (`xentsym.kernels.at_label`);
* named functions print as their stable kernels (see `xentsym.functions`);
  each class-axis function of the logits is computed whole once per block
  (``log_softmax`` and ``softmax`` together when both are needed), and its values
  at the label or its class sums are taken from that.

Common subexpressions are assigned once. Each generated function is a block function
and a front that hands it to `xentsym.kernels.blockwise`.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.codegen.cfunctions import log1p
from sympy.printing.numpy import NumPyPrinter

from . import kernels
from .functions import log_softmax, logsumexp, sigmoid, softmax, softplus

__all__ = ["GeneratedFunction", "generate", "module_source"]


# Class-axis functions, computed whole once per block (see _computed_whole).
_CLASS_AXIS = (log_softmax, softmax, logsumexp)


class SigmoidFrom(sp.Function):
    """``SigmoidFrom(u, exp(-|u|))``: σ(u) from its exponential, which σ(-u) shares."""


class SoftplusFrom(sp.Function):
    """``SoftplusFrom(u, log1p(exp(-|u|)))``: softplus(u) from its tail, which softplus(-u) shares."""


def _shared_parts(expr: sp.Expr) -> sp.Expr:
    """σ and softplus of u and of -u written with the part they share, exp(-|u|) (|-u| is |u|),
    so that it is computed once: the loss of BCE on logits takes softplus(z) and softplus(-z)."""
    expr = expr.replace(sigmoid, lambda u: SigmoidFrom(u, sp.exp(-sp.Abs(u))))
    return expr.replace(softplus, lambda u: SoftplusFrom(u, log1p(sp.exp(-sp.Abs(u)))))


class AtLabel(sp.Function):
    """``AtLabel(elsewhere, at, k)``: ``at`` at class ``k`` of each row, ``elsewhere`` at the
    others; what an expression in δ_jk is, written so that its value at the label is computed
    once per row."""


class _ArrayPrinter(NumPyPrinter):
    """NumPy printer that knows which symbols are class indices and which are labels."""

    def __init__(self, class_indices: set[sp.Symbol], labels: set[sp.Symbol], families: set, classes: str):
        super().__init__({"fully_qualified_modules": True, "inline": True})
        self.class_indices = class_indices
        self.labels = labels
        self.families = families  # stand for a class-axis function computed whole, once
        self.classes = classes  # the class count of a block, as printed

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
            return f"take({array}, {self._print(index)})"
        raise ValueError(f"cannot print the class index {index}: not a class index or a label")

    def _print_Indexed(self, expr):
        return self._gathered(self._print(expr.base.label), expr.indices[0])

    def _print_Sum(self, expr):
        ((var, _, _),) = expr.limits
        if var not in self.class_indices:
            raise ValueError(f"cannot print a sum over {var}: not a class index")
        factors = sp.Mul.make_args(expr.function)
        computed = [f for f in factors if isinstance(f, sp.Indexed) and f.base in self.families]
        if len(computed) == 1 and computed[0].indices == (var,):
            weights = sp.Mul(*(f for f in factors if f is not computed[0]))
            return f"class_sum({self._print(weights)}, {self._print(computed[0].base.label)})"
        return f"np.sum({self._print(expr.function)}, axis=-1, keepdims=True)"

    def _print_Piecewise(self, expr):
        """The stabilizer's one kind of case split: a quotient, and what to take where its
        denominator is 0 (see `xentsym.kernels.quotient`)."""
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
        return f"one_hot({self._print(label)}, {self.classes})"

    def _print_SigmoidFrom(self, expr):
        return f"sigmoid({', '.join(map(self._print, expr.args))})"

    def _print_SoftplusFrom(self, expr):
        return f"softplus({', '.join(map(self._print, expr.args))})"

    def _print_AtLabel(self, expr):
        elsewhere, at, label = expr.args
        return f"at_label({self._print(elsewhere)}, {self._print(at)}, {self._print(label)}, {self.classes})"

    def class_axis_call(self, name: str, logits: sp.IndexedBase) -> str:
        """A class-axis kernel on a block of logits, computed whole (see ``_computed_whole``)."""
        return f"{name}({self._print(logits.label)})"


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
    per_class: Sequence[bool] | None = None,
    float64: bool = True,
    doc: str = "",
) -> GeneratedFunction:
    """Generate ``def name(*args, axis=-1)`` computing ``expr`` with NumPy (a tuple of
    expressions: all of them, returned together, their common subexpressions computed once).

    Args:
        args: the parameters, symbols or IndexedBases (an IndexedBase is an array with a class
            axis; without one the function is elementwise).
        class_indices: index symbols that range over the class axis (c, j).
        labels: index symbols that hold one class per sample (the sparse label).
        counts: class counts (K), read from the length of the class axis.
        per_class: for each expression, whether it has a value per class (a gradient with
            respect to z[j]) or one per sample; by default, whether a class index is free in it.
        float64: compute in float64 (else in the input's float dtype: float32 input in
            float32, where a stable form keeps its accuracy there, or a framework's formula as
            written, rounded as the framework rounds).
    """
    written = exprs = list(expr) if isinstance(expr, tuple) else [expr]
    class_indices, labels = set(class_indices), set(labels)
    if per_class is None:
        per_class = [bool(e.free_symbols & class_indices) for e in exprs]
    exprs = [_at_label(e, class_indices, labels) for e in exprs]
    whole, families, exprs = _computed_whole(exprs)
    exprs = [_shared_parts(e) for e in exprs]
    arrays = [_parameter(a) for a in args if isinstance(a, sp.IndexedBase)]
    printer = _ArrayPrinter(class_indices, labels, families, f"{arrays[0]}.shape[-1]" if arrays else "1")
    replacements, reduced = sp.cse(exprs, symbols=sp.numbered_symbols("_t"), optimizations=None)
    used = set().union(*(e.free_symbols for e in exprs))
    body = [f"    {count} = {arrays[0]}.shape[-1]" for count in counts if count in used and arrays]
    body += [f"    {names} = {c if isinstance(c, str) else printer.doprint(c)}" for names, c in whole]
    body += [f"    {sym} = {printer.doprint(value)}" for sym, value in replacements]
    params = ", ".join(map(_parameter, args))
    kinds = "".join("c" if isinstance(a, sp.IndexedBase) else "k" if a in labels else "s" for a in args)
    origins = "\n    ".join(f"Generated from: {sp.sstr(e)}" for e in written)
    options = (f"kinds={kinds!r}, " if arrays else "") + f"per_class={tuple(per_class)}"
    options += "" if float64 else ", float64=False"
    source = "\n".join(
        [
            f"def {name}({params}, axis=-1):",
            f'    """{_in_docstring(doc)}\n\n    {_in_docstring(origins)}\n    """',
            f"    return blockwise(_{name}_block, {_tuple(map(_parameter, args))}, axis, {options})",
            "",
            "",
            f"def _{name}_block({params}):",
            *body,
            f"    return {_tuple(printer.doprint(r) for r in reduced)}",
            "",
        ]
    )
    namespace = dict(_NAMESPACE)
    exec(compile(source, f"<xentsym generated {name}>", "exec"), namespace)
    return GeneratedFunction(name, expr, source, namespace[name])


def _tuple(items) -> str:
    items = list(items)
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _at_label(expr: sp.Expr, class_indices: set[sp.Symbol], labels: set[sp.Symbol]) -> sp.Expr:
    """``expr`` with its one δ_jk (a free class index j, a label k) taken out: as δ is 0 or 1,
    ``expr`` is ``expr`` at δ = 0 off the label and at δ = 1, j = k, on it."""
    deltas = [
        d
        for d in expr.atoms(sp.KroneckerDelta)
        if set(d.args) & labels and set(d.args) & class_indices & expr.free_symbols
    ]
    if len(deltas) != 1:
        return expr
    (delta,) = deltas
    (label,) = set(delta.args) & labels
    (index,) = set(delta.args) - {label}
    return AtLabel(expr.xreplace({delta: 0}), expr.xreplace({delta: 1}).xreplace({index: label}), label)


def _computed_whole(exprs: list[sp.Expr]):
    """Each class-axis function of the logits (log_softmax at the label for the loss, at every
    class for the gradient, in a sum for smoothed labels) is computed whole once per block:
    each call becomes an element of a family standing for the whole block, gathered or summed
    from it (``logsumexp``, one per row, a symbol).

    Returns the assignments that compute the families, as (names, call) pairs (the call an
    expression, or the source of the one call that computes log_softmax and softmax
    together), the families, and the expressions written with them.
    """
    found = {(type(f), f.logits, f.classes): f for e in exprs for f in e.atoms(*_CLASS_AXIS)}
    calls = sorted(found, key=str)
    families = {
        (kind, logits, classes): (sp.Symbol if kind is logsumexp else sp.IndexedBase)(
            f"_{kind.__name__}_{logits.label}"
        )
        for kind, logits, classes in calls
    }

    def element(call):
        family = families[type(call), call.logits, call.classes]
        return family if call.func is logsumexp else family[call.index]

    written = [e.replace(lambda f: isinstance(f, _CLASS_AXIS), element) for e in exprs]
    assignments = []
    for logits in dict.fromkeys(key[1] for key in calls):
        kinds = {key[0]: key for key in calls if key[1] == logits}
        if log_softmax in kinds and softmax in kinds:
            both = ", ".join(str(families[kinds.pop(kind)]) for kind in (log_softmax, softmax))
            assignments.append((both, f"log_softmax_and_softmax({logits.label})"))
        assignments += [(str(families[key]), found[key]) for key in kinds.values()]
    return assignments, set(families.values()), written


def kernels_used(source: str) -> set[str]:
    """The module-level names of `xentsym.kernels` that ``source`` uses, and so on down."""
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
    """The definitions of ``names`` in `xentsym.kernels`, in the order they stand there."""
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


def _in_docstring(text: str) -> str:
    """``text`` as it must be written inside a triple-quoted docstring to read as itself: a
    user's title may hold backslashes (TeX) or quotes."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def module_source(functions: Sequence[GeneratedFunction], *, title: str, hazards: Sequence[str] = ()) -> str:
    """A Python module of ``functions`` that needs NumPy alone: the stable kernels they call
    are written into it, so it runs when pasted into a file.

    ``hazards`` (what the stable form could not make safe) go into its docstring.
    """
    warning = ["", "Not made safe:", *(f"  {h}" for h in hazards)] if hazards else []
    header = [
        '"""' + _in_docstring(title),
        "",
        "Generated by xentsym from the stable form of the formula: vectorized over NumPy arrays",
        "(scalars too), no overflow or cancellation in the tails, no floating-point warnings.",
        *warning,
        '"""',
        "",
        "import numpy as np",
    ]
    sources = [f.source.rstrip() for f in functions]
    helpers = _kernel_sources(set().union(*(kernels_used(source) for source in sources)))
    return "\n".join(header) + "\n\n\n" + "\n\n\n".join([*helpers, *sources]) + "\n"
