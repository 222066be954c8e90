"""``xentsym`` blocks in documentation: a derivation, an identity or generated code, written as
a few ``key: value`` lines, rendered as Markdown with its math, proved while the docs build.

The MkDocs plugin (`xentsym.mkdocs_plugin`), the Sphinx directive
(`xentsym.sphinx`) and the Jupyter cell magic (`xentsym.jupyter`) read and render
blocks here, so a block means the same in all three::

    derive: -(y*log(sigmoid(z)) + (1-y)*log(1-sigmoid(z)))
    wrt: z
    given: []
    title: Gradient of BCE on logits

Keys: one of ``derive: FORMULA`` (a derivation, step by step, to a closed form),
``verify: LHS = RHS`` (an identity and its verdict), ``codegen: FORMULA`` (the stable NumPy
module ``xentsym codegen`` writes) or ``derivation: NAME`` (one of the toolkit's own
derivations); and ``wrt``, ``given`` (a condition ``a = b``, a list ``[a = b, c = d]`` or
``[]``; the key may repeat), ``title``, ``hessian`` (true or false), ``args`` (codegen's
argument order, ``y,z,w``) and ``timeout`` (seconds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

__all__ = ["KINDS", "Block", "BlockError", "Rendered", "parse_block", "render", "to_html"]

KINDS = ("derive", "verify", "codegen", "derivation")
OPTIONS = ("wrt", "given", "title", "hessian", "args", "timeout")


class BlockError(ValueError):
    """A block that cannot be read: a missing or unknown key, a bad value."""


@dataclass(frozen=True)
class Block:
    """A block as written: what it asks for (``kind``: derive, verify, codegen or derivation)
    and of what (``target``), with its options."""

    kind: str
    target: str
    wrt: str | None = None
    given: tuple[str, ...] = ()
    title: str | None = None
    hessian: bool = False
    args: str | None = None
    timeout: float = 120.0


@dataclass(frozen=True)
class Rendered:
    """A rendered block: ``markdown`` with ``$...$`` and ``$$...$$`` math, and whether all it
    shows is proved; if not, ``problem`` says what is not."""

    markdown: str
    proved: bool
    problem: str = ""

    def _repr_markdown_(self) -> str:
        return self.markdown


def _split_list(text: str) -> list[str]:
    """``[a = b, Sum(y[c], (c, 1, K)) = 1]`` as its items: commas inside brackets do not split."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += char
    return [item.strip() for item in [*items, current] if item.strip()]


def _given(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return _split_list(value[1:-1])
    return [value] if value else []


def _boolean(key: str, value: str) -> bool:
    words = {"true": True, "yes": True, "false": False, "no": False}
    if value.strip().lower() not in words:
        raise BlockError(f"{key}: expected true or false, not {value.strip()!r}")
    return words[value.strip().lower()]


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise BlockError(f"timeout: {value.strip()!r} is not a number of seconds") from None
    if not 0 < seconds < math.inf:
        raise BlockError(f"timeout: must be a positive number of seconds, not {value.strip()}")
    return seconds


def parse_block(text: str) -> Block:
    """A block from its ``key: value`` lines (blank lines and ``#`` comments skipped).

    Raises:
        BlockError: a line without a key, an unknown or repeated key, no kind or two kinds,
            an option the kind does not take, or a value that is not what its key needs.
    """
    found: dict[str, str] = {}
    given: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip()
        if not colon or key not in (*KINDS, *OPTIONS):
            known = ", ".join((*KINDS, *OPTIONS))
            raise BlockError(
                f"line {number}: expected `key: value` with a key among {known}; got {line.strip()!r}"
            )
        if key == "given":
            given += _given(value)
        elif key in found:
            raise BlockError(f"line {number}: {key} is given twice")
        else:
            found[key] = value.strip()
    kinds = [k for k in KINDS if k in found]
    if len(kinds) != 1:
        what = "none" if not kinds else " and ".join(kinds)
        raise BlockError(f"a block says what it is with one of {', '.join(KINDS)}: found {what}")
    (kind,) = kinds
    if not found[kind]:
        raise BlockError(f"{kind}: says nothing; write the {'name' if kind == 'derivation' else 'formula'}")
    allowed = {
        "derive": OPTIONS,
        "verify": ("given", "timeout"),
        "codegen": ("wrt", "hessian", "args", "timeout"),
    }
    extra = [k for k in found if k != kind and k not in allowed.get(kind, ())] + (
        ["given"] if given and "given" not in allowed.get(kind, ()) else []
    )
    if extra:
        raise BlockError(f"{kind}: does not take {', '.join(extra)}")
    if kind == "codegen" and found.get("hessian", "").lower() in ("true", "yes") and not found.get("wrt"):
        raise BlockError("codegen: hessian needs wrt, the variable it is taken with respect to")
    return Block(
        kind,
        found[kind],
        wrt=found.get("wrt") or None,
        given=tuple(given),
        title=found.get("title") or None,
        hessian=_boolean("hessian", found["hessian"]) if "hessian" in found else False,
        args=found.get("args") or None,
        timeout=_seconds(found["timeout"]) if "timeout" in found else Block.timeout,
    )


def render(block: Block) -> Rendered:
    """The block as Markdown, everything in it proved or the reason why not. A derivation or
    code that takes longer than the block's ``timeout`` is cut off: not proved, undecided.

    Raises:
        FormulaError: a formula that is not one (see `xentsym.parsing`).
    """
    from .bounded import OutOfMemory, StepTimeout, run_bounded
    from .parsing import FormulaError

    try:
        if block.kind in ("derive", "codegen"):
            return run_bounded(_RENDERERS[block.kind], block, seconds=block.timeout)
        return _RENDERERS[block.kind](block)
    except (StepTimeout, OutOfMemory) as error:
        return Rendered(f"> **Not proved** (undecided): {error}", False, f"undecided: {error}")
    except FormulaError as error:  # the command line's option names, as the block's keys
        raise FormulaError(str(error).replace("(--wrt)", "(the key wrt)")) from None


def _derive(block: Block) -> Rendered:
    from .catalogue import Loss
    from .derive import BoundsError
    from .pages import checked_derivations

    loss = Loss.from_formula(block.target, wrt=block.wrt, given=list(block.given))
    try:
        made = checked_derivations(loss, block.wrt, hessian=block.hessian, timeout=block.timeout)
    except BoundsError as error:
        return Rendered(f"> **Not proved** (undecided): {error}", False, f"undecided: {error}")
    if block.title:  # the block's title is the gradient's heading
        made[0] = replace(made[0], title=block.title)
    markdown = "\n".join(d.to_markdown() for d in made)
    unproved = [d for d in made if d.verdict != "proved"]
    problem = "; ".join(f"{d.title}: {d.verdict}: {d.proof}" for d in unproved)
    return Rendered(markdown, not unproved, problem)


def _verify(block: Block) -> Rendered:
    import sympy as sp

    from .latex import to_latex
    from .parsing import parse_equation
    from .printed import problems
    from .verification import verify

    lhs, rhs = parse_equation(block.target)
    result = verify(lhs, rhs, given=list(block.given), timeout=block.timeout)
    printed = [p for side in (result.lhs, result.rhs) for p in problems(side, "the identity", ("LaTeX",))]
    if printed:
        return Rendered(f"> **Not shown**: {printed[0]}", False, printed[0])
    parts = ["$$", f"{to_latex(result.lhs)} = {to_latex(result.rhs)}", "$$", ""]
    if result.given:
        conditions = ", ".join(f"${to_latex(a)} = {to_latex(b)}$" for a, b in result.given)
        parts += [f"Given {conditions}.", ""]
    verdict = {"proved": "**Proved**", "refuted": "**Refuted**", "undecided": "**Undecided**"}[result.status]
    parts.append(f"{verdict}: {str(result).split(': ', 1)[1]}")
    written = block.target.replace(" ", "")
    if written != f"{sp.sstr(result.lhs)}={sp.sstr(result.rhs)}".replace(" ", ""):
        parts += ["", f"As written: `{block.target}`; shown and proved as SymPy reads it."]
    return Rendered("\n".join(parts) + "\n", result.status == "proved", "" if result.holds else str(result))


def _codegen(block: Block) -> Rendered:
    from .catalogue import Loss

    loss = Loss.from_formula(block.target, wrt=block.wrt)
    checks = loss.stable_forms_checked(gradient=block.wrt is not None)
    unproved = {what: check for what, check in checks.items() if check.status != "proved"}
    if any(check.status == "refuted" for check in unproved.values()):
        problem = "; ".join(f"the {what} is not the formula's: {check}" for what, check in unproved.items())
        return Rendered(f"> **Not generated**: {problem}", False, problem)
    arguments = None if block.args is None else [a for a in block.args.split(",") if a.strip()]
    module = loss.code(gradient=block.wrt is not None, hessian=block.hessian, arguments=arguments)
    proved = "; ".join(f"the {what} {check}" for what, check in checks.items())
    note = f"Generated from the stable form; {proved}."
    if loss.stabilized.hazards:
        note += " Not made safe: " + "; ".join(loss.stabilized.hazards) + "."
    problem = "; ".join(f"the {what} is {check}" for what, check in unproved.items())
    return Rendered("\n".join(["```python", module.rstrip(), "```", "", note]) + "\n", not unproved, problem)


def _derivation(block: Block) -> Rendered:
    from . import derivations
    from .names import unknown
    from .pages import derivation_sections

    if block.target not in derivations.names():
        raise BlockError("derivation: " + unknown("derivation", block.target, derivations.names()))
    return Rendered(derivation_sections(block.target), True)


_RENDERERS = {"derive": _derive, "verify": _verify, "codegen": _codegen, "derivation": _derivation}


def to_html(markdown: str) -> str:
    """Rendered Markdown as HTML, its formulas marked as ``pymdownx.arithmatex`` marks them
    (``\\(...\\)`` in a span, ``\\[...\\]`` in a div), for a typesetter to find."""
    import markdown as md

    extensions = ["tables", "fenced_code", "pymdownx.arithmatex"]
    options = {"pymdownx.arithmatex": {"generic": True}}
    return md.markdown(markdown, extensions=extensions, extension_configs=options)
