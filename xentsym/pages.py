"""A derivation module as one Markdown page: the docs site and ``xentsym derive --format markdown``."""

from __future__ import annotations

from . import derivations
from .generated import kernel

__all__ = ["page_markdown"]


def page_markdown(name: str) -> str:
    """The page body for the module ``name`` of ``derivations/``: statement, steps, proofs,
    generated code. Building it proves every step and checks every printed formula."""
    module = derivations.load(name)
    parts = [f"# {module.TITLE}", "", module.SUMMARY, ""]
    parts += [derivation.to_markdown() for derivation in derivations.build(name)]
    if module.KERNELS:
        parts += [
            "## Generated NumPy code",
            "",
            "The functions below are generated from the same expressions; "
            "`xentsym codegen NAME` prints them.",
            "",
        ]
        for name in module.KERNELS:
            parts += ["```python", kernel(name).source.rstrip(), "```", ""]
    return "\n".join(parts)
