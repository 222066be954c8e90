"""A derivation module as one Markdown page: the docs site and ``xentsym derive --format markdown``."""

from __future__ import annotations

from types import ModuleType

from .generated import kernel

__all__ = ["page_markdown"]


def page_markdown(module: ModuleType) -> str:
    """The page body for a module of ``derivations/``: statement, steps, proofs, generated code."""
    parts = [f"# {module.TITLE}", "", module.SUMMARY, ""]
    parts += [derivation.to_markdown() for derivation in module.build()]
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
