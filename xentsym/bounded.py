"""Hard bounds on symbolic work: time and memory, from any thread, nested.

SymPy's ``simplify`` can run for minutes and a careless power can fill the memory, so every
symbolic step runs under `run_bounded`. The outermost bound starts a worker process
with an address-space limit and is killed at its deadline, whatever it is doing (even
inside a long C call); that works from any thread of the caller. A bound asked for inside
the worker (a proof inside a derivation) is a deadline on the worker's own main thread,
kept on a stack, so an inner bound never disarms an outer one.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = [
    "DEFAULT_MEMORY",
    "Deadline",
    "OutOfMemory",
    "StepTimeout",
    "deadline",
    "enclosing_passed",
    "run_bounded",
]

T = TypeVar("T")

DEFAULT_MEMORY = 2 << 30
"""Bytes of address space a worker may add to what it inherits."""

_GRACE = 2.0  # seconds the caller waits past the deadline before killing the worker


class StepTimeout(BaseException):
    """A bounded step ran out of time.

    A ``BaseException``, so that library code which catches ``Exception`` (SymPy does,
    in places) cannot swallow it.
    """


class _EnclosingExpired(BaseException):
    """An enclosing deadline passed while a nested one was active. Not a `StepTimeout`, so
    that the nested step's own handler (verify reads a formula under a bound of its own)
    cannot take it for its bound; the deadline it belongs to raises it as `StepTimeout`."""

    def __init__(self, end: float):
        super().__init__(end)
        self.end = end


class OutOfMemory(MemoryError):  # noqa: N818
    """A bounded step used more memory than it was given."""


class Deadline:
    """A budget of seconds shared by several steps."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


# --- deadlines inside a worker -----------------------------------------------------------

_in_worker = False
_deadlines: list[float] = []  # absolute (monotonic) ends of the active deadlines, innermost last


def _expire(signum, frame):
    passed = min(_deadlines)
    if passed != _deadlines[-1]:
        raise _EnclosingExpired(passed)
    raise StepTimeout("out of time")


def _arm() -> None:
    """Set the interval timer to the nearest active deadline (or clear it)."""
    if not _deadlines:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    signal.setitimer(signal.ITIMER_REAL, max(min(_deadlines) - time.monotonic(), 1e-4))


def enclosing_passed() -> bool:
    """Whether a deadline still active around the caller has passed: then a `StepTimeout` the
    caller caught is that deadline's, even where it came before the caller's own was set."""
    return _in_worker and any(end <= time.monotonic() for end in _deadlines)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise `StepTimeout` inside the block once ``seconds`` have passed.

    Only inside a worker of `run_bounded` (on its main thread); an outer deadline
    that passes while an inner one is active still fires, once the inner block is left.
    """
    if not _in_worker:
        raise RuntimeError("deadline() works inside run_bounded(); call run_bounded instead")
    if seconds <= 0:
        raise StepTimeout("no time left")
    end = time.monotonic() + seconds
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    _deadlines.append(end)
    _arm()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    try:
        yield
    except _EnclosingExpired as expired:
        if expired.end != end:
            raise
        raise StepTimeout("out of time") from None
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        _deadlines.pop()
        _arm()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


# --- the worker process ------------------------------------------------------------------


def _address_space() -> int:
    """Bytes of address space this process has mapped now (0 where unknown)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _limit(seconds: float, memory: int) -> None:
    """The kernel's own backstops: CPU seconds and address space."""
    cpu = math.ceil(seconds + _GRACE)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if memory and _address_space():
        limit = _address_space() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _work(connection, function: Callable, args: tuple, seconds: float, memory: int) -> None:
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGALRM, _expire)
    try:
        _limit(seconds, memory)
        with deadline(seconds):
            outcome = ("ok", function(*args))
    except StepTimeout:
        outcome = ("timeout", None)
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as error:  # handed to the caller, who raises it
        outcome = ("error", error)
    try:
        connection.send(outcome)
    except Exception as error:  # the result or the error could not be pickled
        connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    connection.close()


def _context() -> multiprocessing.context.BaseContext:
    """fork where only this thread runs (fast, shares what is loaded); forkserver otherwise,
    since forking a process with other threads can deadlock the child."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["xentsym.verification"])
    return context


def run_bounded(function: Callable[..., T], *args: Any, seconds: float, memory: int = DEFAULT_MEMORY) -> T:
    """``function(*args)``, cut off after ``seconds`` or past ``memory`` bytes of new memory.

    ``function`` must be a module-level function and its arguments and result picklable
    (they cross a process boundary). Inside a worker it runs in place, under a nested
    `deadline`.

    Raises:
        StepTimeout: the deadline passed.
        OutOfMemory: the memory limit was reached.
        Exception: whatever ``function`` raised.
    """
    if seconds <= 0:
        raise StepTimeout("no time left")
    if _in_worker:
        with deadline(seconds):
            return function(*args)
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, function, args, seconds, memory), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds + _GRACE):
            raise StepTimeout(f"gave up after {seconds:.3g} s")
        try:
            status, value = receiver.recv()
        except EOFError:  # the worker died without a word: one of the kernel's limits
            worker.join()
            if worker.exitcode == -signal.SIGXCPU:
                raise StepTimeout(f"gave up after {seconds:.3g} s of processor time") from None
            raise OutOfMemory(f"the worker stopped (exit code {worker.exitcode})") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if status == "ok":
        return value
    if status == "timeout":
        raise StepTimeout(f"gave up after {seconds:.3g} s")
    if status == "memory":
        raise OutOfMemory(f"more than {memory / 2**30:.3g} GiB of memory")
    raise value
