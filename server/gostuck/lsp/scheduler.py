"""Per-document debouncing: only the newest request for a document runs.

Typing fires a ``didChange`` per keystroke. Each one reschedules the document's analysis
``delay`` seconds later and cancels the run still waiting (or still running: its result would
be for an old version anyway). Different documents do not cancel each other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class Debouncer:
    """Runs at most one job per key, ``delay`` seconds after the last :meth:`schedule`."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def schedule(self, key: str, delay: float, job: Job) -> None:
        """Run ``job`` after ``delay`` seconds unless ``key`` is scheduled again meanwhile."""
        self.cancel(key)
        task = asyncio.get_running_loop().create_task(self._run(key, delay, job))
        self._tasks[key] = task

    def cancel(self, key: str) -> None:
        """Forget the pending (or running) job of ``key``."""
        task = self._tasks.pop(key, None)
        if task is not None and not task.done():
            task.cancel()

    def cancel_all(self) -> None:
        """Forget every pending job (at shutdown)."""
        for key in list(self._tasks):
            self.cancel(key)

    def pending(self, key: str) -> bool:
        """Say whether ``key`` has a job waiting or running."""
        task = self._tasks.get(key)
        return task is not None and not task.done()

    async def _run(self, key: str, delay: float, job: Job) -> None:
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:
            # A failing job must never take the server down; the next edit tries again.
            log.exception("analysis job for %s failed", key)
        finally:
            if self._tasks.get(key) is asyncio.current_task():
                del self._tasks[key]
