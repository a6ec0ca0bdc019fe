"""The hang guard itself: a busy loop trips its CPU bound, a block that waits its wall bound."""

from __future__ import annotations

import time

import pytest
from reliability_support import WALL_FACTOR, Hang, bounded


def test_a_loop_that_never_ends_trips_the_cpu_bound() -> None:
    with pytest.raises(Hang, match=r"more than 0\.2 s of CPU time"), bounded(0.2, "spinning"):
        while True:
            pass


def test_a_block_that_waits_forever_trips_the_wall_bound() -> None:
    start = time.monotonic()
    with pytest.raises(Hang, match="wall time"), bounded(0.05, "waiting"):
        time.sleep(30)
    assert time.monotonic() - start < 0.05 * WALL_FACTOR + 5


def test_a_block_within_its_bounds_runs_to_the_end() -> None:
    with bounded(5, "a short sleep"):
        time.sleep(0.01)
    # And the timers are off afterwards: nothing fires later.
    time.sleep(0.1)
