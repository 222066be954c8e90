"""Derivations as pages: Markdown for the docs site and ``xentsym derive --format markdown``, and
JSON for programs (``--format json``), for the catalogue's derivations and a user's loss alike."""

from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from . import derivations
from .catalogue import CATALOGUE, Loss
from .derive import Derivation
from .latex import to_latex
from .printed import PrintedMathError, check_derivation, problems
from .text import to_text
from .verification import verify

__all__ = ["checked_derivations", "derivation_json", "derivation_sections", "loss_page", "page_markdown"]


def _code_section(sources: Sequence[str], note: str) -> list[str]:
    parts = ["## Generated NumPy code", "", note, ""]
    for source in sources:
        parts += ["```python", source.rstrip(), "```", ""]
    return parts


def page_markdown(name: str) -> str:
    """The page for the module ``name`` of ``derivations/``: title, summary and its
    `derivation_sections`."""
    module = derivations.load(name)
    return "\n".join([f"# {module.TITLE}", "", module.SUMMARY, "", derivation_sections(name)])


def derivation_sections(name: str) -> str:
    """The derivations of the module ``name`` of ``derivations/``: statement, steps, proofs,
    generated code. Building them proves every step and checks every printed formula."""
    module = derivations.load(name)
    parts = [derivation.to_markdown() for derivation in derivations.build(name)]
    if module.LOSSES:
        kernels = [
            k for n in module.LOSSES for k in (CATALOGUE[n].kernel(), CATALOGUE[n].kernel(gradient=True))
        ]
        note = "Generated from the stable forms of the same losses; `xentsym codegen NAME` prints them."
        parts += _code_section([k.source for k in kernels], note)
    return "\n".join(parts)


def checked_derivations(loss: Loss, wrt: str | None, *, hessian: bool, timeout: float) -> list[Derivation]:
    """The gradient of ``loss`` with respect to ``wrt`` (with ``hessian``, its second derivative
    too), derived step by step, every printed formula checked against what was proved.

    Raises:
        BoundsError: a derivation not finished within ``timeout`` seconds.
        PrintedMathError: a formula that would print as something other than what was proved.
    """
    made = [loss.derivation(wrt, strict=False, timeout=timeout)]
    if hessian:
        made.append(loss.derivation(wrt, hessian=True, strict=False, timeout=timeout))
    for derivation in made:
        check_derivation(derivation)
    return made


def loss_page(loss: Loss, made: Sequence[Derivation]) -> str:
    """A page for a user's loss, as for the catalogue's: the formula, its derivations, and the
    module ``xentsym codegen`` writes for it."""
    parts = [f"# {loss.title or loss.name}", "", f"$$\n{to_latex(loss.expr)}\n$$", ""]
    parts += [derivation.to_markdown() for derivation in made]
    parts += _stable_section(loss)
    note = "Generated from the stable form; `xentsym codegen` writes this module, which needs NumPy alone."
    parts += _code_section([loss.code(gradient=True)], note)
    return "\n".join(parts)


def _stable_section(loss: Loss) -> list[str]:
    """The stable form, the rewrites that made it with their identities, what is left unsafe,
    and the proof that it is the formula; every formula checked as the derivations' are."""
    made = loss.stabilized
    shown = [made.expr, *(side for r in made.rewrites for side in (r.identity.lhs, r.identity.rhs))]
    found = [problem for expr in shown for problem in problems(expr, "the stable form", ("LaTeX",))]
    if found:
        raise PrintedMathError("; ".join(found))
    parts = ["## Stable form", "", "$$", to_latex(made.expr), "$$", ""]
    if made.rewrites:
        parts += ["Rewritten with these identities:", ""]
        parts += [
            rf"- {r.words}: $\displaystyle {to_latex(r.identity.lhs)} = {to_latex(r.identity.rhs)}$"
            for r in made.rewrites
        ]
        parts.append("")
    unsafe = "; ".join(made.hazards) if made.hazards else "nothing"
    proof = verify(made.expr, loss.expr, given=list(loss.given))
    parts += [f"Not made safe: {unsafe}.", "", f"**The stable form is the formula:** {proof}.", ""]
    return parts


def derivation_json(derivation: Derivation, formula: str, wrt: sp.Expr) -> dict:
    """A derivation for programs: ``formula``, ``wrt``, ``steps`` (each ``expression``, in the
    parser's syntax, with its ``rule``, ``text`` and ``latex``), ``result`` (a formula the parser
    reads back) and ``verdict`` ("proved" or "undecided")."""
    steps = [
        {
            "expression": sp.sstr(step.expr),
            "rule": "; ".join(map(str, step.rules)),
            "text": to_text(step.expr),
            "latex": to_latex(step.expr),
        }
        for step in derivation.steps
    ]
    return {
        "formula": formula,
        "wrt": sp.sstr(wrt),
        "steps": steps,
        "result": sp.sstr(derivation.result),
        "verdict": derivation.verdict,
        "proof": derivation.proof,
    }
