"""The catalogue: each loss is one [`Loss`][xentsym.catalogue.Loss], and everything about it follows from it.

A ``Loss`` is a textbook expression and what its variables are: the prediction it is
differentiated with respect to, the labels, the parameters, the side conditions. From it
follow its stable form (`xentsym.stabilize`), its gradient in a closed form a person
would write (`xentsym.closed_form`), the gradient's stable form, the step-by-step
derivation (`xentsym.derive`), and NumPy code for the value and the gradient
(`xentsym.codegen`). A user's formula becomes a ``Loss`` the same way
([`Loss.from_formula`][xentsym.catalogue.Loss.from_formula]),
so it goes through the same pipeline as the catalogue's.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import sympy as sp

from . import kernels, losses
from .closed_form import closed_form
from .codegen import GeneratedFunction, generate, kernels_used, module_source
from .derive import Derivation, differentiate
from .functions import NAMED_FUNCTIONS
from .latex import to_latex
from .names import unknown
from .parsing import FormulaError, parse, parse_equation, typed, unify
from .stabilize import Stabilized, stabilize
from .sums import sift, under
from .symbols import (
    COUNT,
    INDEX,
    PROBABILITY,
    REAL,
    UNIT,
    K,
    c,
    domain_of_symbol,
    free_symbols,
    j,
    k,
    p,
    s,
    y,
    z,
)
from .text import prose_text
from .verification import Verification, verify

__all__ = ["CATALOGUE", "Loss", "generated_module", "kernel", "kernel_names"]


def _base(variable: sp.Expr) -> sp.Basic:
    return variable.base if isinstance(variable, sp.Indexed) else variable


@dataclass(frozen=True)
class Loss:
    r"""A loss, described once: the rest is derived (stable form, gradient
    $\partial L / \partial z$, its derivation, code).

    Examples:
        >>> from xentsym import Loss
        >>> loss = Loss.from_formula("-log(sigmoid(z))")
        >>> loss.prediction, loss.gradient(), loss.stable()
        (z, sigmoid(z) - 1, softplus(-z))

    Attributes:
        name: a Python name for it (``binary_crossentropy_from_logits``).
        expr: the textbook expression, as a derivation starts from it.
        prediction: what it is differentiated with respect to: a logit ``z``, a probability
            ``p``, or an element ``z[j]`` of a vector of logits.
        labels: the labels (``y``, the family ``y``, or a class index ``k``).
        parameters: everything else it takes (a smoothing ``s``, a focusing ``γ``, ...).
        given: side conditions, as (lhs, rhs) pairs (labels that sum to one).
        title: a heading for pages.
        references: where the loss comes from.
        float32: whether its kernels compute float32 input in float32 (about twice as fast)
            rather than in float64, a block at a time: only where the stable forms keep
            float32's accuracy for every input. Soft or smoothed labels do not: near the
            gradient's root, $\sigma(z) - y$ in float32 keeps only float32's absolute accuracy.
    """

    name: str
    expr: sp.Expr
    prediction: sp.Expr
    labels: tuple[sp.Basic, ...] = ()
    parameters: tuple[sp.Symbol, ...] = ()
    given: tuple[tuple[sp.Expr, sp.Expr], ...] = ()
    title: str = ""
    references: tuple[str, ...] = field(default=())
    float32: bool = False

    @classmethod
    def from_formula(
        cls,
        text: str | sp.Expr,
        *,
        wrt: str | sp.Expr | None = None,
        given: Sequence[str] = (),
        name: str = "loss",
        title: str = "",
    ) -> Loss:
        r"""A loss from a formula as typed, in the vocabulary of
        [`verify`][xentsym.verification.verify] (``sigmoid``, ``softplus``, ``Sum``, ...).

        The prediction is ``wrt``, or else the formula's one logit or probability; labels are
        the variables in $[0, 1]$ (``y``) and free class indices that are not ``wrt``'s;
        everything else is a parameter. ``title`` heads its pages (default: the formula).

        Examples:
            >>> from xentsym import Loss
            >>> focal = Loss.from_formula("-(1 - sigmoid(z))**g * log(sigmoid(z))", title="Focal")
            >>> focal.prediction, focal.labels, focal.parameters, focal.title
            (z, (), (g,), 'Focal')

        Raises:
            FormulaError: if the formula is not one, or the prediction is ambiguous.
        """
        expr = parse(text)
        if expr.has(sp.Derivative):
            raise FormulaError(
                "the formula holds a derivative (diff): give the loss itself, and --wrt the variable"
            )
        conditions = tuple(parse_equation(g) if isinstance(g, str) else tuple(map(parse, g)) for g in given)
        prediction = _prediction(expr, wrt)
        expr, prediction, *flat = unify(expr, prediction, *(side for pair in conditions for side in pair))
        conditions = tuple(zip(flat[0::2], flat[1::2], strict=True))
        variables = _variables(expr)
        gradient_indices = free_symbols(prediction) - {_base(prediction)}
        labels = tuple(
            v
            for v in variables
            if domain_of_symbol(v) is UNIT or (domain_of_symbol(v) is INDEX and v not in gradient_indices)
        )
        taken = {*labels, _base(prediction)}
        parameters = tuple(
            v for v in variables if v not in taken and domain_of_symbol(v) not in (COUNT, INDEX)
        )
        title = title or f"${to_latex(expr)}$"  # typeset on a page, in the text notation in a terminal
        return cls(name, expr, prediction, labels, parameters, conditions, title=title)

    # --- what follows from it -------------------------------------------------------------

    @cached_property
    def stabilized(self) -> Stabilized:
        """The stable form, with the rewrites that made it and any hazard left (see
        [`stabilize`][xentsym.stabilize.stabilize]).

        Examples:
            >>> from xentsym import Loss
            >>> made = Loss.from_formula("-log(sigmoid(z))").stabilized
            >>> made.expr, [str(rewrite) for rewrite in made.rewrites], made.hazards
            (softplus(-z), ['log of σ as softplus, never log 0'], ())
        """
        return stabilize(self.expr)

    def stable(self) -> sp.Expr:
        r"""The expression code is generated from: no overflow, no cancellation. For the binary
        cross-entropy on logits, $y \operatorname{softplus}(-z) + (1 - y) \operatorname{softplus}(z)$.

        Examples:
            >>> from xentsym import CATALOGUE
            >>> CATALOGUE["binary_crossentropy_from_logits"].stable()
            y*softplus(-z) + (1 - y)*softplus(z)
        """
        return self.stabilized.expr

    def stable_forms_checked(
        self, *, gradient: bool = False, timeout: float = 30.0
    ) -> dict[str, Verification]:
        """The stable form (and, with ``gradient``, the stable gradient) proved or refuted equal
        to the textbook form (and its derivative): the forms code is generated from.

        Examples:
            >>> from xentsym import Loss
            >>> checked = Loss.from_formula("-log(sigmoid(z))").stable_forms_checked(gradient=True)
            >>> {what: verification.holds for what, verification in checked.items()}
            {'stable form': True, 'stable gradient': True}
        """
        pairs = {"stable form": (self.stable(), self.expr)}
        if gradient:
            pairs["stable gradient"] = (self.stable_gradient(), sp.Derivative(self.expr, self.prediction))
        given = list(self.given)
        return {what: verify(lhs, rhs, given=given, timeout=timeout) for what, (lhs, rhs) in pairs.items()}

    def _wrt(self, wrt: sp.Expr | None) -> sp.Expr:
        return self.prediction if wrt is None else parse(wrt)

    def gradient(self, wrt: sp.Expr | str | None = None) -> sp.Expr:
        r"""$\partial L / \partial w$ for $w$ = ``wrt`` (default: the prediction), in a closed
        form a person would write (proved by [`derivation`][xentsym.catalogue.Loss.derivation]).

        Framework names:
            What ``jax.grad`` and ``torch.autograd.grad`` compute numerically.

        Examples:
            >>> from xentsym import CATALOGUE
            >>> CATALOGUE["binary_crossentropy_from_logits"].gradient()
            -y + sigmoid(z)
            >>> CATALOGUE["categorical_crossentropy_from_logits"].gradient()
            softmax(z, j, K)*Sum(y[c], (c, 1, K)) - y[j]
        """
        return closed_form(under(sift(sp.diff(self.expr, self._wrt(wrt))), self.given))

    def stable_gradient(self, wrt: sp.Expr | str | None = None) -> sp.Expr:
        r"""The gradient code is generated from: the derivative of the stable form, stabilized.
        For the binary cross-entropy on logits, $(1 - y)\,\sigma(z) - y\,\sigma(-z)$, where
        $\sigma(z) - y$ would cancel at $\sigma(z) \approx y \approx 1$.

        Examples:
            >>> from xentsym import CATALOGUE
            >>> CATALOGUE["binary_crossentropy_from_logits"].stable_gradient()
            -y*sigmoid(-z) + (1 - y)*sigmoid(z)
        """
        return stabilize(sift(sp.diff(self.stable(), self._wrt(wrt)))).expr

    def stable_hessian(self, wrt: sp.Expr | str | None = None) -> sp.Expr:
        r"""The second derivative code is generated from: the stable gradient differentiated
        again and stabilized, so that it keeps its digits where the textbook's is 0 or $\infty$
        ($\sigma(z)\,\sigma(-z)$, not $\sigma(z)(1 - \sigma(z))$, which is 0 once $\sigma(z)$
        rounds to 1).

        Examples:
            >>> from xentsym import Loss
            >>> Loss.from_formula("-log(sigmoid(z))").stable_hessian()
            sigmoid(-z)*sigmoid(z)
        """
        return stabilize(sift(sp.diff(self.stable_gradient(wrt), self._second(wrt)))).expr

    def _second(self, wrt: sp.Expr | str | None) -> sp.Expr:
        return self.second_variable(self._wrt(wrt))

    def second_variable(self, first: sp.Expr | None = None) -> sp.Expr:
        r"""What a second derivative after ``first`` (default: the prediction) is taken with
        respect to: $z$ again, or $z_i$ beside $z_j$, so that it is the whole Hessian
        $\partial^2 L / \partial z_i \partial z_j$.

        Examples:
            >>> from xentsym import CATALOGUE
            >>> CATALOGUE["binary_crossentropy_from_logits"].second_variable()
            z
            >>> CATALOGUE["categorical_crossentropy_from_logits"].second_variable()
            z[i]
        """
        first = self.prediction if first is None else first
        if not isinstance(first, sp.Indexed):
            return first
        taken = {str(s) for s in free_symbols(self.expr) | free_symbols(first)}
        index = next(n for n in "ijklmn" if n not in taken)
        return first.base[sp.Symbol(index, integer=True, positive=True)]

    def derivation(
        self,
        wrt: sp.Expr | str | None = None,
        *,
        hessian: bool = False,
        strict: bool = True,
        timeout: float | None = None,
    ) -> Derivation:
        """The gradient (or, with ``hessian``, the second derivative), step by step, proved.

        Examples:
            >>> from xentsym import Loss
            >>> derivation = Loss.from_formula("-log(sigmoid(z))").derivation()
            >>> derivation.verdict, derivation.result
            ('proved', sigmoid(z) - 1)
            >>> [str(rule) for step in derivation.steps for rule in step.rules]
            ['constant factor', 'derivative of log, chain rule', 'derivative of sigmoid, chain rule']

        Args:
            strict: raise where a step is not proved in time; otherwise return the derivation
                with the verdict "undecided".
            timeout: seconds for each derivation as a whole (default: 20 proofs' worth).

        Raises:
            ProofError: a step refuted, or (also where not ``strict``) the whole not done in
                ``timeout``.
        """
        variable = self._wrt(wrt)
        first = differentiate(
            self.expr,
            variable,
            title=f"Gradient of {self.title or self.name} with respect to ${to_latex(variable)}$",
            closed_form=self.gradient(variable),
            given=self.given,
            strict=strict,
            timeout=timeout,
        )
        if not hessian:
            return first
        second = self._second(wrt)
        return differentiate(
            first.result,
            second,
            title=f"Second derivative of {self.title or self.name}",
            closed_form=closed_form(sift(sp.diff(first.result, second))),
            given=self.given,
            strict=strict,
            timeout=timeout,
        )

    # --- code --------------------------------------------------------------------------------

    def _arguments(self) -> tuple[sp.Basic, ...]:
        """Labels, prediction, parameters: each once (a prediction may be a label, as y)."""
        return tuple(dict.fromkeys((*self.labels, _base(self.prediction), *self.parameters)))

    def _ordered(self, arguments: Sequence[sp.Basic | str] | None) -> tuple[sp.Basic, ...]:
        """``arguments`` (objects or their names) checked to name each argument once, or else
        the arguments alphabetically."""
        if arguments is None:
            return _alphabetical(self._arguments())
        known = {_name(a): a for a in self._arguments()}
        names = [typed(a) if isinstance(a, str) else _name(a) for a in arguments]
        if sorted(names) != sorted(known):
            given = ", ".join(names) or "none"
            raise FormulaError(f"arguments must name each of {', '.join(sorted(known))} once; got {given}")
        return tuple(known[n] for n in names)

    def _indices(self) -> dict:
        every = set().union(*(free_symbols(e) | _bound(e) for e in (self.expr, self.prediction)))
        indices = sorted((i for i in every if _is_index(i) and i not in self.labels), key=str)
        return {
            "class_indices": [*indices, c, j],
            "labels": [label for label in self.labels if _is_index(label)],
            "counts": sorted((n for n in every if domain_of_symbol(n) is COUNT), key=str),
        }

    @property
    def _per_class(self) -> bool:
        """Whether a derivative has a value per class: one with respect to z[j]."""
        return isinstance(self.prediction, sp.Indexed)

    def kernel(
        self, *, gradient: bool = False, textbook: bool = False, value_and_grad: bool = False
    ) -> GeneratedFunction:
        """NumPy code for the value (or the gradient), from the stable form or as written; with
        ``value_and_grad``, one function that returns both and does their common work once. It
        takes the labels, the prediction and the parameters, in that order.

        Framework names:
            As ``sympy.lambdify`` with a stable printer; ``value_and_grad`` as ``jax.value_and_grad``.

        Examples:
            >>> import numpy as np
            >>> from xentsym import Loss
            >>> loss = Loss.from_formula("-log(sigmoid(z))")
            >>> loss.kernel()(np.array([-800.0, 0.0, 800.0]))
            array([8.00000000e+02, 6.93147181e-01, 0.00000000e+00])
            >>> with np.errstate(all="ignore"):
            ...     loss.kernel(textbook=True)(np.array([-800.0, 0.0, 800.0]))
            array([        inf,  0.69314718, -0.        ])
            >>> loss.kernel(value_and_grad=True)(0.0)
            (array(0.69314718), array(-0.5))
        """
        return _kernel(
            self, "value_and_grad" if value_and_grad else "grad" if gradient else "value", textbook
        )

    def code(
        self,
        *,
        gradient: bool = False,
        hessian: bool = False,
        arguments: Sequence[sp.Basic | str] | None = None,
    ) -> str:
        """A Python module that needs NumPy alone: ``value(...)``, with ``gradient`` also
        ``grad(...)``, with ``hessian`` also ``hessian(...)`` (the second derivative, for a
        prediction that is one number per sample), taking ``arguments`` (symbols or their
        names) in that order (default: alphabetical).

        Framework names:
            As ``sympy.lambdify`` with a stable printer, written out as a module.

        Examples:
            >>> from xentsym import Loss
            >>> source = Loss.from_formula("-log(sigmoid(z))").code(gradient=True)
            >>> namespace = {}
            >>> exec(source, namespace)
            >>> namespace["value"](0.0), namespace["grad"](0.0)
            (array(0.69314718), array(-0.5))

        Raises:
            FormulaError: ``hessian`` for a prediction along a class axis, whose second
                derivative is a matrix per sample; ``arguments`` that do not name each
                argument once; a constant beyond the float range.
        """
        if hessian and isinstance(self.prediction, sp.Indexed):
            raise FormulaError(
                f"hessian: code for the second derivative needs a prediction that is one number per"
                f" sample, not the class vector {sp.sstr(_base(self.prediction))}"
            )
        order, indices = self._ordered(arguments), self._indices()
        huge = [n for n in self.expr.atoms(sp.Number) if abs(n) > sys.float_info.max]
        if huge:
            raise FormulaError(f"the constant {sp.Float(huge[0], 3)} is beyond the float range of the code")
        wrt = sp.sstr(self.prediction)
        parts = [("value", self.stable(), f"{prose_text(self.title) if self.title else self.name}.")]
        if gradient or hessian:
            parts.append(("grad", self.stable_gradient(), f"The derivative of value with respect to {wrt}."))
        if hessian:
            parts.append(
                ("hessian", self.stable_hessian(), f"The second derivative of value with respect to {wrt}.")
            )
        made = [  # the value per sample unless the formula has a free class index; derivatives by wrt
            generate(
                name,
                expr,
                order,
                doc=doc,
                per_class=None if name == "value" else [self._per_class],
                **indices,
            )
            for name, expr, doc in parts
        ]
        title = prose_text(self.title) if self.title else sp.sstr(self.expr)
        return module_source(made, title=title, hazards=self.stabilized.hazards)

    def _repr_latex_(self) -> str:
        from .latex import to_latex

        return f"$\\displaystyle {to_latex(self.expr)}$"


def _name(argument: sp.Basic) -> str:
    return str(argument.label if isinstance(argument, sp.IndexedBase) else argument)


def _bound(expr: sp.Expr) -> set[sp.Symbol]:
    return {limit[0] for s in expr.atoms(sp.Sum) for limit in s.limits}


def _is_index(symbol: sp.Basic) -> bool:
    return isinstance(symbol, sp.Symbol) and bool(symbol.is_integer) and domain_of_symbol(symbol) is not COUNT


def _alphabetical(arguments: Sequence[sp.Basic]) -> tuple[sp.Basic, ...]:
    return tuple(
        sorted(arguments, key=lambda a: str(_base(a) if not isinstance(a, sp.IndexedBase) else a.label))
    )


def _variables(expr: sp.Expr) -> list[sp.Basic]:
    """The symbols and families a formula takes, alphabetically."""
    families = sorted(expr.atoms(sp.IndexedBase), key=str)
    labels = {f.label for f in families}
    symbols = sorted((s for s in free_symbols(expr) - labels if isinstance(s, sp.Symbol)), key=str)
    return [*families, *symbols]


def _prediction(expr: sp.Expr, wrt: str | sp.Expr | None) -> sp.Expr:
    """``wrt`` parsed, or else the formula's prediction: the one variable that feeds σ,
    softplus or softmax, or else its one probability."""
    if wrt is not None:
        variable = parse(wrt)
        if not isinstance(variable, (sp.Symbol, sp.Indexed)):
            raise FormulaError(f"--wrt must be a variable such as z or z[j], not {sp.sstr(variable)}")
        name = sp.sstr(_base(variable))
        if name not in {sp.sstr(v) for v in _variables(expr)}:
            raise FormulaError(f"--wrt {sp.sstr(variable)}: {name} does not occur in the formula")
        bound = {sp.sstr(i) for i in _bound(expr)} & {sp.sstr(i) for i in free_symbols(variable)}
        if bound:
            raise FormulaError(
                f"--wrt {sp.sstr(variable)}: {', '.join(sorted(bound))} is the formula's summation index;"
                " write another index, such as z[j]"
            )
        return variable
    fed = {
        v
        for f in expr.atoms(*NAMED_FUNCTIONS.values())
        for v in _variables(sp.Add(*(a for a in f.args if isinstance(a, sp.Expr))))
        if domain_of_symbol(v) is REAL
    }
    candidates = sorted(fed, key=str) or [v for v in _variables(expr) if domain_of_symbol(v) is PROBABILITY]
    if len(candidates) != 1:
        names = ", ".join(sp.sstr(v) for v in candidates) or "none"
        raise FormulaError(f"say which variable the gradient is with respect to (--wrt); candidates: {names}")
    (variable,) = candidates
    return variable[j] if isinstance(variable, sp.IndexedBase) else variable


@functools.cache
def _kernel(loss: Loss, what: str, textbook: bool) -> GeneratedFunction:
    """A loss's kernel (``what`` is value, grad or value_and_grad), generated once per process."""
    if textbook:
        forms = {"value": loss.expr, "grad": sift(sp.diff(loss.expr, loss.prediction))}
    else:
        forms = {"value": loss.stable(), "grad": loss.stable_gradient()}
    expr = tuple(forms.values()) if what == "value_and_grad" else forms[what]
    per_class = {"value": [False], "grad": [loss._per_class], "value_and_grad": [False, loss._per_class]}
    float64 = not textbook and not loss.float32  # as written: in the input's dtype, as Keras
    name = loss.name + ("_textbook" if textbook else "") + ("" if what == "value" else f"_{what}")
    described = {"value": "the value", "grad": "the gradient", "value_and_grad": "the value and the gradient"}
    doc = f"{loss.title}: {described[what]}, {'as written' if textbook else 'stable'}."
    arguments = loss._arguments()
    return generate(
        name, expr, arguments, doc=doc, per_class=per_class[what], float64=float64, **loss._indices()
    )


Y, P, Z = losses.Y, losses.P, losses.Z


def _smoothed_labels() -> sp.Lambda:
    """Labels y_c (1 - s) + s/K, as a family the loss sums over."""
    return sp.Lambda(c, losses.smooth_labels(Y, s, K, c))


CATALOGUE: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "binary_crossentropy",
            losses.binary_crossentropy(),
            p,
            (y,),
            title="Binary cross-entropy on probabilities",
        ),
        Loss(
            "binary_crossentropy_from_logits",
            losses.binary_crossentropy_from_logits(),
            z,
            (y,),
            title="Binary cross-entropy on logits",
        ),
        Loss(
            "binary_crossentropy_smoothed",
            losses.binary_crossentropy(losses.smooth_binary_labels(y, s), p),
            p,
            (y,),
            (s,),
            title="Binary cross-entropy on probabilities, labels smoothed",
        ),
        Loss(
            "binary_crossentropy_from_logits_smoothed",
            losses.binary_crossentropy_from_logits(losses.smooth_binary_labels(y, s), z),
            z,
            (y,),
            (s,),
            title="Binary cross-entropy on logits, labels smoothed",
        ),
        Loss(
            "categorical_crossentropy",
            losses.categorical_crossentropy(),
            P[j],
            (Y,),
            title="Categorical cross-entropy on probabilities",
        ),
        Loss(
            "categorical_crossentropy_from_logits",
            losses.categorical_crossentropy_from_logits(),
            Z[j],
            (Y,),
            title="Categorical cross-entropy on logits",
        ),
        Loss(
            "categorical_crossentropy_smoothed",
            losses.categorical_crossentropy(_smoothed_labels(), P),
            P[j],
            (Y,),
            (s,),
            title="Categorical cross-entropy on probabilities, labels smoothed",
        ),
        Loss(
            "categorical_crossentropy_from_logits_smoothed",
            losses.categorical_crossentropy_from_logits(_smoothed_labels(), Z),
            Z[j],
            (Y,),
            (s,),
            title="Categorical cross-entropy on logits, labels smoothed",
        ),
        Loss(
            "sparse_categorical_crossentropy_from_logits",
            losses.sparse_categorical_crossentropy_from_logits(),
            Z[j],
            (k,),
            title="Sparse categorical cross-entropy on logits",
            float32=True,  # integer labels: the gradient's one cancellation is expm1's
        ),
    )
}
"""Every loss of the toolkit, by name.

Examples:
    >>> from xentsym import CATALOGUE
    >>> loss = CATALOGUE["binary_crossentropy_from_logits"]
    >>> loss.title, loss.expr
    ('Binary cross-entropy on logits', -y*log(sigmoid(z)) - (1 - y)*log(1 - sigmoid(z)))
"""


_FORMS = {
    "": {},
    "_grad": {"gradient": True},
    "_value_and_grad": {"value_and_grad": True},
    "_textbook": {"textbook": True},
    "_textbook_grad": {"gradient": True, "textbook": True},
}


def kernel_names() -> list[str]:
    """Every generated function of the catalogue: each loss's value, gradient and both
    together, stable, and its value and gradient as written (for Keras's clipped mode).

    Examples:
        >>> from xentsym.catalogue import kernel_names
        >>> [name for name in kernel_names() if name.startswith("sparse")]
        ['sparse_categorical_crossentropy_from_logits',
         'sparse_categorical_crossentropy_from_logits_grad',
         'sparse_categorical_crossentropy_from_logits_value_and_grad',
         'sparse_categorical_crossentropy_from_logits_textbook',
         'sparse_categorical_crossentropy_from_logits_textbook_grad']
    """
    return [name + suffix for name in CATALOGUE for suffix in _FORMS]


GENERATED_MODULE = Path(__file__).with_name("generated.py")


def generated_module() -> str:
    """The source of `xentsym.generated`: every kernel of the catalogue (see
    [`kernel_names`][xentsym.catalogue.kernel_names]), written ahead so that the numeric API runs
    without SymPy.

    Examples:
        >>> from xentsym.catalogue import generated_module
        >>> source = generated_module()
        >>> "def binary_crossentropy_from_logits_grad(" in source
        True
    """
    sources = [kernel(name).source.rstrip() for name in kernel_names()]
    used = sorted(set().union(*(kernels_used(source) for source in sources)) & set(kernels.__all__))
    header = [
        '"""The catalogue\'s kernels, generated from its stable forms and formulas: do not edit.',
        "",
        "Written by ``python scripts/generate_kernels.py`` from :mod:`xentsym.catalogue`. A test",
        "regenerates this file and compares, so that a change to a loss or to the generator shows",
        "here, in review; :mod:`xentsym.numpy` imports it without SymPy.",
        '"""',
        "",
        "import numpy as np",
        "",
        "from .kernels import (",
        *(f"    {name}," for name in used),
        ")",
    ]
    return "\n".join(header) + "\n\n\n" + "\n\n\n".join(sources) + "\n"


def kernel(name: str) -> GeneratedFunction:
    """The generated function ``name`` (see [`kernel_names`][xentsym.catalogue.kernel_names]).

    Examples:
        >>> from xentsym.catalogue import kernel
        >>> grad = kernel("binary_crossentropy_from_logits_grad")
        >>> grad(1.0, 0.0)  # y = 1, z = 0: σ(0) - 1
        array(-0.5)

    Raises:
        KeyError: naming the known functions, if there is none by that name.
    """
    for suffix, form in sorted(_FORMS.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix) and name.removesuffix(suffix) in CATALOGUE:
            return CATALOGUE[name.removesuffix(suffix)].kernel(**form)
    raise KeyError(unknown("generated function", name, kernel_names()))
