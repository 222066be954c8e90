import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
# the site's generators (docs/sitegen), importable as MkDocs's hooks import them
sys.path.insert(0, str(Path(__file__).parents[1] / "docs"))


@pytest.fixture
def strict_floating_point():
    """Overflow, division by zero and invalid operations raise; underflow to 0 is correct rounding."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


@pytest.fixture
def wrong_sigmoid_derivative(monkeypatch):
    """σ' stated wrongly in the class (σ' = σ), with SymPy's cache cleared on the way in and out,
    so that no derivative computed before or during the test survives it."""
    from sympy.core.cache import clear_cache

    from xentsym.functions import sigmoid

    clear_cache()
    monkeypatch.setattr(sigmoid, "fdiff", lambda self, argindex=1: self)
    yield
    monkeypatch.undo()
    clear_cache()
