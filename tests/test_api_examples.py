"""The examples in the API reference's docstrings run and print what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

import xentsym

# The modules with a page in the API reference.
PUBLIC_MODULES = (
    "numpy", "verification", "derive", "catalogue", "stabilize", "losses", "functions", "symbols"
)  # fmt: skip


def _homes() -> list[str]:
    """The public modules and the modules that define their public names (a name may be
    documented where it is re-exported, as ``Counterexample``)."""
    homes = {f"xentsym.{name}" for name in PUBLIC_MODULES}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(f"xentsym.{name}")
        members = (getattr(module, member) for member in module.__all__)
        homes |= {getattr(member, "__module__", module.__name__) for member in members}
    return sorted(home for home in homes if home.startswith("xentsym."))


@pytest.mark.parametrize("module", _homes())
def test_docstring_examples(module: str):
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    failed, _ = doctest.testmod(importlib.import_module(module), optionflags=flags)
    assert failed == 0


@pytest.mark.parametrize("name", xentsym.__all__)
def test_every_public_name_has_an_example(name: str):
    documented = getattr(xentsym, name)
    if callable(documented):
        assert ">>>" in (documented.__doc__ or "")
