"""Speed of the generated cross-entropy against careful hand-written NumPy.

Run as ``python benchmarks/bench_speed.py [--repeat N] [--samples N] [--classes K]``.

On (20000, 1000) float64 logits (fixed seed) it times, best of N runs each, in
this one process:

* ``xentsym.numpy.sparse_categorical_crossentropy(labels, logits, from_logits=True)``
  and ``categorical_crossentropy(onehot, logits, from_logits=True)`` against the
  hand-written loss: max shift, one exp, one sum;
* their ``.grad`` against the hand-written softmax(z) - y;
* their ``.value_and_grad`` against a hand-fused loss and gradient from one softmax.

The xentsym times include its input checks (finite values, labels in range);
the hand-written versions check nothing. The target is a ratio of at most 1.2
for the two losses; the gradients and value_and_grad are shown for reference.
"""

from __future__ import annotations

import argparse
import os
import platform
import timeit

import numpy as np

import xentsym.numpy as xn

TARGET = 1.2


def hand_sparse(labels, z):
    m = z.max(axis=-1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=-1))
    return lse - z[np.arange(len(z)), labels]


def hand_categorical(y, z):
    m = z.max(axis=-1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=-1))
    return lse - (y * z).sum(axis=-1)


def hand_softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    e /= e.sum(axis=-1, keepdims=True)
    return e


def hand_sparse_grad(labels, z):
    g = hand_softmax(z)
    g[np.arange(len(z)), labels] -= 1
    return g


def hand_categorical_grad(y, z):
    g = hand_softmax(z)
    g -= y
    return g


def hand_sparse_value_and_grad(labels, z):
    """Loss and gradient from one softmax: the hand-fused version a training loop would write."""
    m = z.max(axis=-1, keepdims=True)
    e = np.exp(z - m)
    total = e.sum(axis=-1, keepdims=True)
    rows = np.arange(len(z))
    loss = m[:, 0] + np.log(total[:, 0]) - z[rows, labels]
    e /= total
    e[rows, labels] -= 1
    return loss, e


def hand_categorical_value_and_grad(y, z):
    m = z.max(axis=-1, keepdims=True)
    e = np.exp(z - m)
    total = e.sum(axis=-1, keepdims=True)
    loss = m[:, 0] + np.log(total[:, 0]) - (y * z).sum(axis=-1)
    e /= total
    e -= y
    return loss, e


def best_of(function, repeat: int) -> float:
    """The fastest of ``repeat`` single calls, in seconds."""
    return min(timeit.repeat(function, number=1, repeat=repeat))


def environment() -> str:
    lines = [
        f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs",
    ]
    if os.environ.get("OPENBLAS_CORETYPE"):
        lines.append(f"OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}")
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        lines.append("threadpools: threadpoolctl not installed (the timed operations are single-threaded)")
    else:
        for pool in threadpool_info():
            api, version, threads = (pool.get(key) for key in ("internal_api", "version", "num_threads"))
            lines.append(f"threadpool: {api} {version}, {threads} threads")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20000)
    parser.add_argument("--classes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15, help="best of this many runs")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    z = rng.normal(scale=3.0, size=(args.samples, args.classes))
    labels = rng.integers(0, args.classes, size=args.samples)
    onehot = np.eye(args.classes)[labels]

    # Same answers first: a benchmark of wrong code measures nothing.
    np.testing.assert_allclose(
        xn.sparse_categorical_crossentropy(labels, z, from_logits=True), hand_sparse(labels, z), rtol=1e-12
    )
    np.testing.assert_allclose(
        xn.categorical_crossentropy(onehot, z, from_logits=True), hand_categorical(onehot, z), rtol=1e-12
    )
    np.testing.assert_allclose(
        xn.sparse_categorical_crossentropy.grad(labels, z, from_logits=True),
        hand_sparse_grad(labels, z),
        atol=1e-15,
    )
    np.testing.assert_allclose(
        xn.categorical_crossentropy.grad(onehot, z, from_logits=True),
        hand_categorical_grad(onehot, z),
        atol=1e-15,
    )

    cases = [
        (
            "sparse CE",
            lambda: xn.sparse_categorical_crossentropy(labels, z, from_logits=True),
            lambda: hand_sparse(labels, z),
            True,
        ),
        (
            "categorical CE",
            lambda: xn.categorical_crossentropy(onehot, z, from_logits=True),
            lambda: hand_categorical(onehot, z),
            True,
        ),
        (
            "sparse CE .grad",
            lambda: xn.sparse_categorical_crossentropy.grad(labels, z, from_logits=True),
            lambda: hand_sparse_grad(labels, z),
            False,
        ),
        (
            "categorical CE .grad",
            lambda: xn.categorical_crossentropy.grad(onehot, z, from_logits=True),
            lambda: hand_categorical_grad(onehot, z),
            False,
        ),
        (
            "sparse CE value+grad",
            lambda: xn.sparse_categorical_crossentropy.value_and_grad(labels, z, from_logits=True),
            lambda: hand_sparse_value_and_grad(labels, z),
            False,
        ),
        (
            "categorical value+grad",
            lambda: xn.categorical_crossentropy.value_and_grad(onehot, z, from_logits=True),
            lambda: hand_categorical_value_and_grad(onehot, z),
            False,
        ),
    ]

    print(environment())
    print(f"logits {z.shape} {z.dtype}, best of {args.repeat}\n")
    print(f"{'function':<22} {'xentsym (ms)':>13} {'hand (ms)':>10} {'ratio':>7}  target")
    failed = False
    for name, ours, hand, targeted in cases:
        ours_s, hand_s = best_of(ours, args.repeat), best_of(hand, args.repeat)
        ratio = ours_s / hand_s
        verdict = ("ok" if ratio <= TARGET else "SLOWER") if targeted else "(reference)"
        failed |= targeted and ratio > TARGET
        print(f"{name:<22} {1e3 * ours_s:>13.1f} {1e3 * hand_s:>10.1f} {ratio:>7.2f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
