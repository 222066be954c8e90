"""The catalogue's kernels, generated ahead into xentsym/generated.py."""

import subprocess
import sys

import numpy as np

from xentsym import generated
from xentsym.catalogue import CATALOGUE, GENERATED_MODULE, generated_module, kernel, kernel_names


def test_the_checked_in_module_is_what_the_catalogue_generates_today():
    """Regenerated and compared: a change to a loss, a rule or the generator that is not
    written out fails here, with the command that writes it."""
    assert GENERATED_MODULE.read_text(encoding="utf-8") == generated_module(), (
        "xentsym/generated.py is out of date: run python scripts/generate_kernels.py"
    )


def test_it_holds_every_kernel_of_the_catalogue_and_says_where_it_comes_from():
    for name in kernel_names():
        function = getattr(generated, name)
        assert function.__module__ == "xentsym.generated"
        assert "do not edit" in generated.__doc__ and "Generated from:" in function.__doc__


def test_its_kernels_compute_what_the_run_time_kernels_compute():
    rng = np.random.default_rng(5)
    z = rng.normal(scale=20.0, size=(4, 7))
    y = rng.dirichlet(np.ones(7), size=4)
    k = rng.integers(0, 7, size=4)
    for name in CATALOGUE:
        loss = CATALOGUE[name]
        if loss.labels[0].name == "k":
            args = (k, z)
        elif name.startswith("categorical"):
            args = (y, z if "logits" in name else rng.dirichlet(np.ones(7), size=4))
        else:
            args = (y[0], z[0] if "logits" in name else y[1])
        args += (0.1,) * len(loss.parameters)
        for suffix in ("", "_grad"):
            ours, theirs = getattr(generated, name + suffix)(*args), kernel(name + suffix)(*args)
            assert np.array_equal(ours, theirs)


def test_the_numeric_api_imports_without_sympy():
    """Importing it and computing a loss and a gradient loads no SymPy: a training loop does not
    pay for the symbolic side."""
    code = (
        "import sys, xentsym.numpy as x;"
        "x.sparse_categorical_crossentropy.value_and_grad([1], [[0.0, 1.0, 2.0]], from_logits=True);"
        "x.binary_crossentropy.grad([1.0], [0.3]);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sympy', 'mpmath')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
