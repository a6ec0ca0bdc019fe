"""Shared pieces of the reliability tests: paths, a hang guard and hypothesis settings.

A property "never hangs" needs a bound that fails the test instead of blocking CI. The
bound here is a guard, not a measurement: it is generous (seconds where the work takes
milliseconds), so a slow machine never trips it, while a loop that never ends does.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Final

from hypothesis import HealthCheck, settings

ROOT: Final = Path(__file__).resolve().parents[2]
FIXTURES: Final = ROOT / "tests" / "fixtures"
SAMPLES: Final = ROOT / "samples"

# Every property test runs without hypothesis' per-example deadline (the first example pays
# for imports and query compilation) and with the health checks that flag slow data off:
# large inputs are the point here. GOSTUCK_FUZZ_SCALE multiplies every test's example count
# for a longer campaign by hand (``GOSTUCK_FUZZ_SCALE=20 pytest tests/reliability``).
SCALE: Final = max(float(os.environ.get("GOSTUCK_FUZZ_SCALE", "1")), 0.01)
_BASE: Final = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,  # no .hypothesis/ folder in the work tree; a failure prints its seed
    print_blob=True,
)


def fuzz(examples: int) -> settings:
    """Return the settings of a property test that runs ``examples`` cases (times SCALE)."""
    return settings(_BASE, max_examples=max(1, int(examples * SCALE)))


# How much longer than its CPU bound a guarded block may take on the wall clock.
WALL_FACTOR: Final = 5


class Hang(BaseException):
    """The guarded code ran past its bound (a BaseException: code under test catches Exception)."""


@contextmanager
def bounded(seconds: float, what: str) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread if the block runs longer than ``seconds``.

    The bound is on the process' CPU time, so that a machine busy with other work does not
    trip it while a loop that never ends does; a block that stops running instead (waiting
    forever) is caught by a bound on the wall clock, :data:`WALL_FACTOR` times longer.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        clock = "CPU time" if signum == signal.SIGPROF else "wall time"
        limit = seconds if signum == signal.SIGPROF else seconds * WALL_FACTOR
        raise Hang(f"{what} ran for more than {limit:g} s of {clock}")

    previous = {sig: signal.signal(sig, expire) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# ----- a live server -------------------------------------------------------------------


def server_env() -> dict[str, str]:
    """Return the server's environment: this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "server"), str(ROOT)])
    return env


def rss_bytes(pid: int) -> int:
    """Return the resident set size of a process (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")
