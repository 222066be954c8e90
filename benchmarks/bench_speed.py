"""Speed and peak memory of the generated cross-entropy, beside careful hand-written NumPy of the
same stable formulas, PyTorch CPU and jax.jit (when installed), in one run.

Run as ``python benchmarks/bench_speed.py [--repeat N] [--samples N] [--classes K] [--elements N]
[--json PATH]``; with ``--json`` the results are also written to PATH, as the site's speed page
shows them (``benchmarks/results/speed.json``).

Cases, float64 and float32, fixed seed:

* BCE on logits, ``sigmoid_cross_entropy_with_logits`` over ``--elements`` logits;
* sparse and categorical CE on (``--samples``, ``--classes``) logits;

each as the loss, its ``.grad`` and its ``.value_and_grad``. The hand-written versions compute
the same stable formulas (softplus as max(z, 0) + log1p(exp(-|z|)), the max-shifted softmax) with NumPy at its
best (in-place where it can), and check nothing; the xentsym times include its input checks.
PyTorch and JAX compute a loss with their own functions and a gradient by forward and backward
passes (jax.jit of jax.grad / jax.value_and_grad of the summed loss).

Times are the best of ``--repeat`` calls. Peak memory is the most NumPy held at once during a
call beyond its inputs and output, as a multiple of the logits' size (tracemalloc sees NumPy's
allocations; PyTorch's and JAX's it does not).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import timeit
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import xentsym.numpy as xn

LOSS_TARGET, GRAD_TARGET = 1.1, 1.2


def hand_bce(y, z):
    """y softplus(-z) + (1 - y) softplus(z), softplus(±z) = max(±z, 0) + log1p(exp(-|z|)), the
    tail computed once (NumPy's logaddexp(0, z) is the same formula, slower)."""
    tail = np.log1p(np.exp(-np.abs(z)))
    return y * (np.maximum(-z, 0.0) + tail) + (1 - y) * (np.maximum(z, 0.0) + tail)


def hand_bce_grad(y, z):
    """(1 - y) σ(z) - y σ(-z), σ(±z) as a ratio of positives from one exp(-|z|)."""
    e = np.exp(-np.abs(z))
    up, down = 1 / (1 + e), e / (1 + e)
    positive = z >= 0
    return (1 - y) * np.where(positive, up, down) - y * np.where(positive, down, up)


def hand_bce_value_and_grad(y, z):
    return hand_bce(y, z), hand_bce_grad(y, z)


def hand_log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return shifted


def hand_softmax(z):
    e = z - z.max(axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=-1, keepdims=True)
    return e


def hand_sparse(k, z):
    return -np.take_along_axis(hand_log_softmax(z), k[:, None], axis=-1)[:, 0]


def hand_categorical(y, z):
    return -(y * hand_log_softmax(z)).sum(axis=-1)


def hand_sparse_grad(k, z):
    g = hand_softmax(z)
    g[np.arange(len(z)), k] -= 1
    return g


def hand_categorical_grad(y, z):
    g = hand_softmax(z)
    g -= y
    return g


def hand_sparse_value_and_grad(k, z):
    """Loss and gradient from one exp: the hand-fused version a training loop would write."""
    e = z - z.max(axis=-1, keepdims=True)
    rows = np.arange(len(z))
    loss = -e[rows, k]
    np.exp(e, out=e)
    total = e.sum(axis=-1, keepdims=True)
    loss += np.log(total[:, 0])
    e /= total
    e[rows, k] -= 1
    return loss, e


def hand_categorical_value_and_grad(y, z):
    e = z - z.max(axis=-1, keepdims=True)
    loss = -(y * e).sum(axis=-1)
    np.exp(e, out=e)
    total = e.sum(axis=-1, keepdims=True)
    loss += np.log(total[:, 0])
    e /= total
    e -= y
    return loss, e


@dataclass
class Case:
    name: str
    kind: str  # loss, grad or value+grad
    ours: Callable
    hand: Callable
    torch: Callable | None
    jax: Callable | None
    size: int  # bytes of the logits


def torch_cases(inputs: dict) -> dict:
    """PyTorch's own losses on CPU: the loss, and forward + backward for the gradient."""
    try:
        import torch
        from torch.nn import functional
    except ImportError:
        return {}
    losses = {
        "BCE": lambda t, x: functional.binary_cross_entropy_with_logits(x, t, reduction="none"),
        "sparse CE": lambda t, x: functional.cross_entropy(x, t, reduction="none"),
        "categorical CE": lambda t, x: functional.cross_entropy(x, t, reduction="none"),
    }
    out = {}
    for name, loss in losses.items():
        labels, logits = (torch.from_numpy(a) for a in inputs[name])

        def forward(loss=loss, labels=labels, logits=logits):
            with torch.no_grad():
                return loss(labels, logits)

        def backward(loss=loss, labels=labels, logits=logits):
            logits = logits.detach().requires_grad_()
            value = loss(labels, logits)
            value.sum().backward()
            return value.detach(), logits.grad

        out[name, "loss"], out[name, "grad"], out[name, "value+grad"] = forward, backward, backward
    return out


def jax_cases(inputs: dict) -> dict:
    """jax.jit of the loss, of jax.grad and of jax.value_and_grad of its sum."""
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return {}
    jax.config.update("jax_enable_x64", True)
    losses = {
        "BCE": lambda t, x: t * jax.nn.softplus(-x) + (1 - t) * jax.nn.softplus(x),
        "sparse CE": lambda t, x: -jnp.take_along_axis(jax.nn.log_softmax(x), t[:, None], axis=-1)[:, 0],
        "categorical CE": lambda t, x: -(t * jax.nn.log_softmax(x)).sum(axis=-1),
    }
    out = {}
    for name, loss in losses.items():
        labels, logits = (jnp.asarray(a) for a in inputs[name])
        total = lambda x, t, loss=loss: loss(t, x).sum()  # noqa: E731
        compiled = {
            "loss": (jax.jit(loss), (labels, logits)),
            "grad": (jax.jit(jax.grad(total)), (logits, labels)),
            "value+grad": (jax.jit(jax.value_and_grad(total)), (logits, labels)),
        }
        for kind, (function, args) in compiled.items():
            jax.block_until_ready(function(*args))  # compiled outside the timing
            out[name, kind] = lambda f=function, a=args: jax.block_until_ready(f(*a))
    return out


def cases(args, dtype) -> list[Case]:
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=(args.samples, args.classes)).astype(dtype)
    k = rng.integers(0, args.classes, size=args.samples)
    inputs = {
        "BCE": (
            (rng.random(args.elements) < 0.5).astype(dtype),
            rng.normal(scale=3.0, size=args.elements).astype(dtype),
        ),
        "sparse CE": (k, z),
        "categorical CE": (np.eye(args.classes, dtype=dtype)[k], z),
    }
    torch, jax = torch_cases(inputs), jax_cases(inputs)
    ours = {
        "BCE": (xn.sigmoid_cross_entropy_with_logits, {}),
        "sparse CE": (xn.sparse_categorical_crossentropy, {"from_logits": True}),
        "categorical CE": (xn.categorical_crossentropy, {"from_logits": True}),
    }
    hands = {
        "BCE": (hand_bce, hand_bce_grad, hand_bce_value_and_grad),
        "sparse CE": (hand_sparse, hand_sparse_grad, hand_sparse_value_and_grad),
        "categorical CE": (hand_categorical, hand_categorical_grad, hand_categorical_value_and_grad),
    }
    made = []
    for name, (loss, options) in ours.items():
        methods = (loss, loss.grad, loss.value_and_grad)
        for kind, method, hand in zip(("loss", "grad", "value+grad"), methods, hands[name], strict=True):
            check(method(*inputs[name], **options), hand(*inputs[name]), dtype)
            made.append(
                Case(
                    name,
                    kind,
                    lambda m=method, i=inputs[name], o=options: m(*i, **o),
                    lambda h=hand, i=inputs[name]: h(*i),
                    torch.get((name, kind)),
                    jax.get((name, kind)),
                    inputs[name][1].nbytes,
                )
            )
    return made


def check(ours, hand, dtype) -> None:
    """Same answers first: a benchmark of wrong code measures nothing."""
    tolerance = 1e-5 if dtype == np.float32 else 1e-12
    pairs = zip(*(r if isinstance(r, tuple) else (r,) for r in (ours, hand)), strict=True)
    for a, b in pairs:
        assert a.dtype == dtype, (a.dtype, dtype)
        np.testing.assert_allclose(a, b, rtol=tolerance, atol=tolerance)


def best_of(function, repeat: int) -> float:
    """The fastest of ``repeat`` single calls, in seconds."""
    return min(timeit.repeat(function, number=1, repeat=repeat))


def peak_extra(function, size: int) -> float:
    """The most memory NumPy held at once during a call, beyond what the call returns, as a
    multiple of ``size``."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = function()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return (peak - current) / size


def versions() -> dict:
    """Python's, NumPy's and the frameworks' versions (None where not installed), and the CPUs."""
    found = {"python": platform.python_version(), "numpy": np.__version__, "cpus": os.cpu_count()}
    for module in ("torch", "jax"):
        try:
            found[module] = __import__(module).__version__
        except ImportError:
            found[module] = None
    return found


def environment() -> str:
    found = versions()
    lines = [f"python {found['python']}, numpy {found['numpy']}, {found['cpus']} CPUs"]
    lines += [f"{m} {found[m]}" if found[m] else f"{m}: not installed" for m in ("torch", "jax")]
    return "\n".join(lines)


def record(path: str, args, rows: list[dict]) -> None:
    """The run as JSON, the form the site's speed page reads."""
    run = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} CPUs",
        "repeat": args.repeat,
        "environment": versions(),
        "sizes": {"elements": args.elements, "samples": args.samples, "classes": args.classes},
        "targets": {"loss": LOSS_TARGET, "gradient": GRAD_TARGET},
        "rows": rows,
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(run, out, indent=1)
        out.write("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=4_000_000, help="logits of the BCE cases")
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7, help="best of this many calls")
    parser.add_argument("--json", metavar="PATH", help="also write the results here, as JSON")
    args = parser.parse_args()
    rows = []
    print(environment())
    shape = (args.samples, args.classes)
    print(f"BCE on {args.elements} logits; sparse and categorical CE on {shape} logits")
    print(f"targets: loss <= {LOSS_TARGET} x hand-written, gradient <= {GRAD_TARGET} x\n")
    for dtype in (np.float64, np.float32):
        print(f"{np.dtype(dtype).name}")
        header = f"{'case':<15} {'':<10} {'xentsym ms':>10} {'hand ms':>8} {'ratio':>6}"
        print(header + f" {'torch ms':>9} {'jax ms':>7} {'peak x':>7} {'hand peak':>9}  verdict")
        for case in cases(args, dtype):
            ours, hand = best_of(case.ours, args.repeat), best_of(case.hand, args.repeat)
            torch, jax = (1e3 * best_of(f, args.repeat) if f else None for f in (case.torch, case.jax))
            frameworks = [
                f"{ms:>{w}.1f}" if ms is not None else f"{'-':>{w}}" for ms, w in ((torch, 9), (jax, 7))
            ]
            target = LOSS_TARGET if case.kind == "loss" else GRAD_TARGET
            verdict = "ok" if ours / hand <= target else "slower"
            peak, hand_peak = peak_extra(case.ours, case.size), peak_extra(case.hand, case.size)
            print(
                f"{case.name:<15} {case.kind:<10} {1e3 * ours:>10.1f} {1e3 * hand:>8.1f} {ours / hand:>6.2f}"
                f" {' '.join(frameworks)} {peak:>7.2f} {hand_peak:>9.2f}  {verdict}"
            )
            rows.append(
                {
                    "dtype": np.dtype(dtype).name,
                    "case": case.name,
                    "kind": case.kind,
                    "xentsym_ms": 1e3 * ours,
                    "hand_ms": 1e3 * hand,
                    "torch_ms": torch,
                    "jax_ms": jax,
                    "peak": peak,
                    "hand_peak": hand_peak,
                }
            )
        print()
    if args.json:
        record(args.json, args, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
