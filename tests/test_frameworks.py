"""Agreement with Keras 3 and PyTorch, as recorded by scripts/record_frameworks.py.

Where a framework is right we agree with it; where it loses accuracy (Keras
clips the sigmoid of a logit, PyTorch rounds tiny losses to 0) we are closer
to the mpmath reference than it is.
"""

import json
from pathlib import Path

import numpy as np
import pytest
import reference as ref

from xentsym import numpy as xnp

RECORDED = json.loads((Path(__file__).parent / "data" / "frameworks.json").read_text())
CASES = RECORDED["cases"]


def _keras(name):
    case = CASES[name]
    function = getattr(xnp, case["call"].split("(")[0].rsplit(".", 1)[-1])
    y_true = np.asarray(case["inputs"]["y_true"])
    y_pred = np.asarray(case["inputs"]["y_pred"], dtype=np.float32)
    if "keras.ops.sigmoid" in case["call"]:
        y_pred = (1 / (1 + np.exp(-y_pred.astype(np.float64)))).astype(np.float32)
    return function, y_true, y_pred, case["kwargs"], np.asarray(case["output"])


KERAS_PROBABILITIES = [
    name for name, case in CASES.items() if name.startswith("keras") and not case["kwargs"].get("from_logits")
]


@pytest.mark.parametrize("name", KERAS_PROBABILITIES)
def test_keras_mode_reproduces_keras_float32(name):
    function, y_true, y_pred, kwargs, expected = _keras(name)
    ours = function(y_true, y_pred, epsilon=1e-7, **kwargs)
    assert ours.dtype == np.float32
    assert ref.relative_error(ours, expected).max() <= 2e-6


@pytest.mark.parametrize("name", ["keras_bce_from_logits", "keras_cce_from_logits", "keras_scce_from_logits"])
def test_logits_agree_with_keras_where_keras_is_accurate(name):
    function, y_true, y_pred, kwargs, expected = _keras(name)
    assert ref.relative_error(function(y_true, y_pred, **kwargs), expected).max() <= 2e-6


def test_keras_clips_the_sigmoid_of_large_logits_and_we_do_not():
    function, y_true, y_pred, kwargs, keras = _keras("keras_bce_from_logits_wide")
    ours = function(y_true, y_pred, **kwargs)
    exact = np.array([ref.bce_logits(y[0], z[0]) for y, z in zip(y_true, y_pred, strict=True)])
    assert ref.relative_error(ours, exact).max() < 1e-6  # float32 output of an exact computation
    assert ref.relative_error(keras, exact).max() > 0.5  # Keras returns 16.1 for a loss of 40
    assert keras[0] == pytest.approx(16.118095, rel=1e-6) and ours[0] == pytest.approx(40.0)


def _torch_inputs(case):
    inputs = case["inputs"]
    return np.asarray(inputs["input"], dtype=float), np.asarray(inputs["target"])


def _ours_for_torch(name, logits, target):
    smoothing = CASES[name]["kwargs"].get("label_smoothing", 0.0)
    if name.startswith("torch_bce_with_logits"):
        loss = xnp.sigmoid_cross_entropy_with_logits
        return loss.grad(target, logits) if name.endswith("grad") else loss(target, logits)
    if name == "torch_bce":
        return xnp.binary_crossentropy(target[:, None], logits[:, None])
    if target.dtype.kind == "i" and not smoothing:
        loss, labels = xnp.sparse_categorical_crossentropy, target
        kwargs = {"from_logits": True}
    else:
        labels = np.eye(logits.shape[1])[target] if target.dtype.kind == "i" else target
        loss = xnp.categorical_crossentropy
        kwargs = {"from_logits": True, "label_smoothing": smoothing, "axis": 1}
    return loss.grad(labels, logits, **kwargs) if "grad" in name else loss(labels, logits, **kwargs)


TORCH = [name for name in CASES if name.startswith("torch")]


@pytest.mark.parametrize("name", TORCH)
def test_agreement_with_pytorch(name):
    logits, target = _torch_inputs(CASES[name])
    torch_out = np.asarray(CASES[name]["output"])
    ours = _ours_for_torch(name, logits, target)
    assert ours.shape == torch_out.shape
    close = np.isclose(ours, torch_out, rtol=1e-13, atol=1e-15)
    assert close.all(), f"{name}: ours {ours[~close]} vs torch {torch_out[~close]}"


def test_where_pytorch_rounds_to_zero_we_keep_the_digits():
    logits, target = _torch_inputs(CASES["torch_ce_index"])
    ours = xnp.sparse_categorical_crossentropy(target, logits, from_logits=True)
    assert CASES["torch_ce_index"]["output"][1] == 0.0  # PyTorch: -0.0 for logits [50, 10, 0]
    assert ours[1] == pytest.approx(ref.cross_entropy([1, 0, 0], logits[1]), rel=1e-13, abs=0)
    grad = xnp.sparse_categorical_crossentropy.grad(target, logits, from_logits=True)
    assert CASES["torch_ce_grad_index"]["output"][1][0] == 0.0
    assert grad[1][0] == pytest.approx(ref.cross_entropy_grad([1, 0, 0], logits[1])[0], rel=1e-13, abs=0)
    logits, target = _torch_inputs(CASES["torch_bce_with_logits_grad"])
    assert CASES["torch_bce_with_logits_grad"]["output"][5] == 0.0  # y = 1, z = 40
    assert xnp.sigmoid_cross_entropy_with_logits.grad(target, logits)[5] == pytest.approx(
        -4.248354255291589e-18, rel=1e-15, abs=0
    )
