"""How accurate generated code is: its float64 results against exact values, over the tails.

The reference is the numeric referee's enclosure (`xentsym.numeric`) of the *textbook*
formula at 60 digits, and, for a gradient, of its derivative taken numerically: nothing the
stabilizer or the symbolic differentiation did is trusted. Errors are counted in units in
the last place (ulp) of the exact value; results the exact value of which is not a normal
double (it underflows) are left out, since no double can hold them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from .numeric import ImpreciseError, Point, UndefinedError, enclose
from .symbols import PROBABILITY, REAL, UNIT, domain_of_symbol

__all__ = ["Accuracy", "compare", "grid", "report", "table"]

LOGITS = (0.0, 1e-8, 1e-4, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 100.0, 300.0, 700.0)
PROBABILITIES = (1e-300, 1e-12, 1e-8, 1e-4, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-8, 1 - 1e-12)
LABELS = (0.0, 0.25, 0.5, 0.75, 1.0)
PARAMETERS = (0.5, 2.0)
_TINY = np.finfo(np.float64).tiny


@dataclass(frozen=True)
class Accuracy:
    """Errors of one function over a grid: the worst in ulp and where, how many points are
    over 4 ulp, and how many results are inf or NaN, or 0 where the exact value is not."""

    worst_ulp: float
    over_four: int
    broken: int
    points: int
    worst_at: str = ""

    def __str__(self) -> str:
        worst = "inf" if math.isinf(self.worst_ulp) else f"{self.worst_ulp:.3g}"
        where = f" (at {self.worst_at})" if self.worst_at and self.worst_ulp > 4 else ""
        over = f"{self.over_four} of {self.points} points over 4 ulp"
        return f"worst {worst} ulp{where}, {over}, {self.broken} inf/NaN/0"


def grid(variables: Sequence[sp.Basic], logits: Collection[sp.Basic] = ()) -> list[dict[sp.Basic, float]]:
    """Points for ``variables``: logits (``logits``, and names that start with z) from ±1e-8
    to ±700, probabilities into both tails, labels across [0, 1], other parameters 0.5 and 2."""
    values = []
    for v in variables:
        domain = domain_of_symbol(v)
        if domain is PROBABILITY:
            values.append(PROBABILITIES)
        elif domain is UNIT:
            values.append(LABELS)
        elif v in logits or str(v).startswith("z"):
            values.append(tuple(sorted({s * x for x in LOGITS for s in (1, -1)})))
        else:
            values.append(PARAMETERS)
    return [dict(zip(variables, combination, strict=True)) for combination in itertools.product(*values)]


def _exact(expr: sp.Expr, point: dict[sp.Basic, float]) -> mpmath.mpf | None:
    """The exact value to 30 digits or better, with as many digits as the textbook formula
    needs to get there (log(1 - σ(700)) needs over 300); None where it has no value."""
    exact = Point({v: Fraction(x) for v, x in point.items()})
    for digits in (60, 120, 240, 480, 960):
        try:
            enclosure = enclose(expr, exact, digits)
        except ImpreciseError:
            continue
        except UndefinedError:
            return None
        if enclosure.width <= abs(enclosure.mid) * mpmath.mpf(10) ** -30:
            return enclosure.mid
    return None


def _ulp(actual: float, exact: mpmath.mpf) -> float:
    if not math.isfinite(actual):
        return math.inf
    with mpmath.workdps(60):
        return float(abs(mpmath.mpf(actual) - exact) / np.spacing(abs(float(exact))))


def compare(
    functions: Mapping[str, Callable],
    references: Sequence[sp.Expr],
    variables: Sequence[sp.Basic],
    logits: Collection[sp.Basic] = (),
) -> dict[str, Accuracy]:
    """Each of ``functions`` (taking ``variables`` in order, in float64) against the exact value
    of the first of ``references`` that has one at a point: the textbook form, then (where it
    is undefined, as 0·log 0 is) a form proved equal to it wherever both are defined."""
    errors: dict[str, list[float]] = {name: [] for name in functions}
    worst: dict[str, tuple[float, str]] = dict.fromkeys(functions, (0.0, ""))
    broken = dict.fromkeys(functions, 0)
    for point in grid(variables, logits):
        exact = next((v for v in (_exact(r, point) for r in references) if v is not None), None)
        if exact is None or not _TINY <= abs(exact) <= np.finfo(np.float64).max:
            continue
        for name, function in functions.items():
            with np.errstate(all="ignore"):
                actual = float(np.asarray(function(*(np.float64(point[v]) for v in variables))))
            errors[name].append(_ulp(actual, exact))
            if errors[name][-1] > worst[name][0]:
                worst[name] = (errors[name][-1], ", ".join(f"{sp.sstr(v)} = {point[v]:g}" for v in variables))
            broken[name] += not math.isfinite(actual) or (actual == 0 and exact != 0)
    return {
        name: Accuracy(
            max(found, default=0.0), sum(e > 4 for e in found), broken[name], len(found), worst[name][1]
        )
        for name, found in errors.items()
    }


def report(loss, *, gradient: bool = True) -> dict[str, Accuracy]:
    """A loss's value and (with ``gradient``) gradient, as written and in stable form, against
    exact values."""
    arguments = loss._arguments()
    prediction = loss.prediction.base if isinstance(loss.prediction, sp.Indexed) else loss.prediction
    logits = [prediction] if domain_of_symbol(prediction) is REAL else []
    derivative = [sp.Derivative(form, loss.prediction) for form in (loss.expr, loss.stable())]
    values = compare(
        {"value, as written": loss.kernel(textbook=True), "value, stable": loss.kernel()},
        [loss.expr, loss.stable()],
        arguments,
        logits,
    )
    if not gradient:
        return values
    gradients = compare(
        {
            "gradient, as written": loss.kernel(gradient=True, textbook=True),
            "gradient, stable": loss.kernel(gradient=True),
        },
        derivative,
        arguments,
        logits,
    )
    return values | gradients


def table(found: Mapping[str, Accuracy]) -> str:
    """The report as a table for a terminal."""
    width = max(len(name) for name in found)
    return "\n".join(f"  {name:{width}s}  {accuracy}" for name, accuracy in found.items())
