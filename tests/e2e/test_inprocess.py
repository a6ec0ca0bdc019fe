"""Server pieces tested inside the test process: debouncing and the handler guard."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import pytest
from gostuck.lsp import handlers
from gostuck.lsp.scheduler import Debouncer
from gostuck.lsp.server import GostuckServer, create_server
from lsprotocol import types


async def test_debouncer_runs_only_the_newest_job_per_key() -> None:
    ran: list[str] = []
    debouncer = Debouncer()

    def job(label: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            ran.append(label)

        return run

    for i in range(5):  # five keystrokes before the loop gets a chance to run anything
        debouncer.schedule("a.go", 0.01, job(f"a{i}"))
    debouncer.schedule("b.go", 0.01, job("b0"))
    assert debouncer.pending("a.go")
    while debouncer.pending("a.go") or debouncer.pending("b.go"):
        await asyncio.sleep(0.01)
    assert sorted(ran) == ["a4", "b0"]


async def test_debouncer_survives_a_failing_job(caplog: pytest.LogCaptureFixture) -> None:
    debouncer = Debouncer()
    done = asyncio.Event()

    async def boom() -> None:
        raise RuntimeError("boom")

    async def fine() -> None:
        done.set()

    debouncer.schedule("a.go", 0, boom)
    while debouncer.pending("a.go"):
        await asyncio.sleep(0)
    debouncer.schedule("a.go", 0, fine)
    await asyncio.wait_for(done.wait(), 10)
    assert "analysis job for a.go failed" in caplog.text


async def test_cancel_all_stops_pending_jobs() -> None:
    debouncer = Debouncer()
    ran: list[int] = []

    async def job() -> None:
        ran.append(1)

    debouncer.schedule("a.go", 0.05, job)
    debouncer.cancel_all()
    await asyncio.sleep(0.1)
    assert ran == []
    assert not debouncer.pending("a.go")


class Shown(GostuckServer):
    """A server that records what it would show instead of writing to a client."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def window_show_message(self, params: types.ShowMessageParams) -> None:
        self.shown.append(params.message)


def test_guarded_handler_turns_a_crash_into_an_empty_answer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ls = Shown()

    def code_action(ls: GostuckServer, params: int) -> list[int]:
        raise ValueError(f"bad {params}")

    run = handlers.guarded(ls, code_action, [])
    with caplog.at_level(logging.ERROR):
        assert run(1) == []
        assert run(2) == []
    assert run.__name__ == "code_action"
    assert caplog.text.count("handler code_action failed") == 2
    assert ls.shown == ["gostuck: code_action failed (ValueError); see the log"]  # once


async def test_guarded_async_handler() -> None:
    ls = Shown()

    async def initialized(ls: GostuckServer, params: int) -> str:
        raise KeyError(params)

    run = handlers.guarded(ls, initialized, "empty")
    assert await run(3) == "empty"
    assert ls.shown == ["gostuck: initialized failed (KeyError); see the log"]


def test_every_feature_is_registered() -> None:
    ls = create_server()
    features = set(ls.protocol.fm.features)
    assert {
        types.INITIALIZE,
        types.INITIALIZED,
        types.SHUTDOWN,
        types.TEXT_DOCUMENT_DID_OPEN,
        types.TEXT_DOCUMENT_DID_CHANGE,
        types.TEXT_DOCUMENT_DID_SAVE,
        types.TEXT_DOCUMENT_DID_CLOSE,
        types.WORKSPACE_DID_CHANGE_CONFIGURATION,
        types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        types.TEXT_DOCUMENT_HOVER,
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.TEXT_DOCUMENT_CODE_LENS,
    } <= features
