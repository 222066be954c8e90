"""The examples in the API reference's docstrings run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import inspect
import types

import pytest

from xentsym import numpy as xentsym_numpy

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


# Methods the pages leave out: SymPy's hook for automatic simplification (see api/functions.md).
NOT_ON_THE_PAGES = {"eval"}


def _methods(cls: type) -> dict[str, object]:
    """A class's public methods as its entry shows them: its own, and those it inherits from
    a base of this package (a private base's members are shown on each class)."""
    found: dict[str, object] = {}
    for base in reversed(cls.__mro__):
        if base.__module__.startswith("xentsym."):
            found |= {
                name: member
                for name, member in vars(base).items()
                if isinstance(member, (types.FunctionType, classmethod, staticmethod))
                and not name.startswith("_")
                and name not in NOT_ON_THE_PAGES
            }
    return found


def _public_callables() -> dict[str, object]:
    """Every function, class and method with an entry on the API pages, by its dotted name."""
    found: dict[str, object] = {}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(f"xentsym.{name}")
        for member_name in module.__all__:
            member = getattr(module, member_name)
            if not callable(member):
                continue
            found[f"{module.__name__}.{member_name}"] = member
            if inspect.isclass(member):
                methods = _methods(member).items()
                found |= {f"{module.__name__}.{member_name}.{m}": method for m, method in methods}
    return found


PUBLIC_CALLABLES = _public_callables()


def test_the_api_pages_document_callables_and_their_methods():
    # the listing reaches the methods, a private base's among them, and leaves SymPy's hook out
    assert {"xentsym.catalogue.Loss.code", "xentsym.functions.softmax.partial"} <= set(PUBLIC_CALLABLES)
    assert "xentsym.functions.sigmoid.eval" not in PUBLIC_CALLABLES


@pytest.mark.parametrize("name", sorted(PUBLIC_CALLABLES))
def test_every_public_callable_has_an_example(name: str):
    documented = inspect.unwrap(getattr(PUBLIC_CALLABLES[name], "__func__", PUBLIC_CALLABLES[name]))
    assert ">>>" in (documented.__doc__ or "")


@pytest.mark.parametrize(
    "name", [f"{loss}.{method}" for loss in xentsym_numpy.__all__ for method in ("grad", "value_and_grad")]
)
def test_every_gradient_of_a_numpy_loss_has_an_example(name: str):
    """A loss's ``.grad`` and ``.value_and_grad`` have their entries in the loss's docstring."""
    loss = getattr(xentsym_numpy, name.partition(".")[0])
    examples = [line for line in loss.__doc__.splitlines() if line.strip().startswith(">>>")]
    assert any(f"{name}(" in line for line in examples)
