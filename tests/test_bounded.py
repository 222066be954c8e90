"""Hard bounds: time and memory, from the main thread or any other, nested."""

import threading
import time

import pytest

from xentsym import bounded, verify
from xentsym.bounded import OutOfMemory, StepTimeout, deadline, enclosing_passed, run_bounded


def spin() -> None:
    while True:
        pass


def huge_power() -> int:
    return 7 ** (10**10)  # one long C call


def allocate(size: int) -> bytearray:
    return bytearray(size)


def inner_bound_expires() -> str:
    try:
        run_bounded(spin, seconds=0.3)
    except StepTimeout:
        return "caught"
    return "not caught"


def outer_bound_expires_inside_an_inner_one() -> str:
    try:
        with deadline(0.3):
            run_bounded(spin, seconds=30)
    except StepTimeout:
        return "outer"
    return "never"


def outer_bound_expires_inside_an_inner_step_that_catches_its_own() -> str:
    """As verify reads a formula under its own bound inside a derivation's: the derivation's
    deadline is not the reading's to catch. (It must pass once the inner step has begun: a
    second leaves room for a loaded machine.)"""
    try:
        with deadline(1):
            try:
                run_bounded(spin, seconds=30)
            except StepTimeout:
                return "caught by the inner step"
    except StepTimeout:
        return "outer"
    return "never"


def enclosing_deadlines_seen_from_inside() -> tuple[bool, bool]:
    """Whether a step sees its enclosing deadline as passed: one still ahead, then one whose
    time is up but whose signal has not come yet (the window before a nested deadline is set)."""
    with deadline(30):
        ahead = enclosing_passed()
    bounded._deadlines.append(time.monotonic() - 1)
    try:
        return ahead, enclosing_passed()
    finally:
        bounded._deadlines.pop()


def fails() -> None:
    raise ZeroDivisionError("in the worker")


def _timed(function, *args, seconds: float) -> float:
    start = time.monotonic()
    with pytest.raises(StepTimeout):
        run_bounded(function, *args, seconds=seconds)
    return time.monotonic() - start


@pytest.mark.parametrize("work", [spin, huge_power])
def test_a_step_is_stopped_at_its_deadline(work):
    assert _timed(work, seconds=1) < 5


def test_a_bound_holds_off_the_main_thread():
    elapsed = []
    thread = threading.Thread(target=lambda: elapsed.append(_timed(spin, seconds=1)))
    thread.start()
    thread.join(60)
    assert elapsed and elapsed[0] < 30  # includes starting a fork server once


def test_bounds_nest_both_ways():
    assert run_bounded(inner_bound_expires, seconds=10) == "caught"
    assert run_bounded(outer_bound_expires_inside_an_inner_one, seconds=10) == "outer"
    assert run_bounded(outer_bound_expires_inside_an_inner_step_that_catches_its_own, seconds=10) == "outer"


def test_a_step_knows_when_an_enclosing_deadline_has_passed():
    assert not enclosing_passed()  # outside any bounded step
    assert run_bounded(enclosing_deadlines_seen_from_inside, seconds=10) == (False, True)


def test_memory_is_capped():
    with pytest.raises(OutOfMemory):
        run_bounded(allocate, 8 << 30, seconds=10, memory=1 << 30)
    assert len(run_bounded(allocate, 1 << 20, seconds=10)) == 1 << 20


def test_errors_of_the_step_reach_the_caller():
    with pytest.raises(ZeroDivisionError, match="in the worker"):
        run_bounded(fails, seconds=10)


def test_verify_keeps_its_timeout_from_a_thread():
    results = []
    thread = threading.Thread(
        target=lambda: results.append(verify("tanh(z)", "2*sigmoid(2*z) - 1", timeout=2))
    )
    start = time.monotonic()
    thread.start()
    thread.join(60)
    assert results and results[0].status in ("proved", "undecided") and time.monotonic() - start < 30
