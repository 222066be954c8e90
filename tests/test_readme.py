"""The README's Python example runs and says what it shows."""

import re
from pathlib import Path

import numpy as np

from xentsym.functions import sigmoid, softmax
from xentsym.losses import Y, Z
from xentsym.symbols import K, j, y, z

README = (Path(__file__).parent.parent / "README.md").read_text()


def test_python_example():
    (block,) = re.findall(r"```python\n(.*?)```", README, re.S)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["d"].result == sigmoid(z) - y
    assert namespace["g"].result == softmax(Z, j, K) - Y[j]
    xnp = namespace["xnp"]
    assert np.isclose(xnp.sigmoid_cross_entropy_with_logits([0.0], [-40.0])[0], 4.248e-18, rtol=1e-3, atol=0)
    keras = xnp.binary_crossentropy([[1], [0]], [[0.8], [0.33]], epsilon=1e-7)
    assert keras.dtype == np.float32
    exps = np.exp([1.0, 2.0, 3.0])
    assert np.allclose(namespace["loss"], np.log(exps.sum()) - 3.0, rtol=1e-15)
    assert np.allclose(namespace["grad"], exps / exps.sum() - [0, 0, 1], rtol=1e-15)


def test_setup_commands_are_the_ones_ci_runs():
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    for command in re.findall(r"^(pip install .*?)\s+#", README, re.M):
        assert command in ci
