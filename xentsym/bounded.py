"""Time bounds for symbolic steps that can run for minutes (``simplify`` above all)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Deadline", "StepTimeoutError", "time_limit"]


class StepTimeoutError(TimeoutError):
    """A bounded symbolic step ran out of time."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`StepTimeoutError` inside the block once ``seconds`` have passed.

    Uses a real-time interval timer, so it bounds only code on the main thread;
    elsewhere the block runs unbounded.
    """
    if seconds <= 0:
        raise StepTimeoutError("no time left")
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise StepTimeoutError(f"gave up after {seconds:.3g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Deadline:
    """A budget shared by several bounded steps."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()
