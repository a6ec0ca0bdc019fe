"""Server life cycle: capabilities, settings, progress, file watching, close, shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsp_harness import (
    CLIENTS,
    CONFIG,
    WAIT,
    initialize,
    open_text,
    record,
    shutdown,
    wait_published,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

CLEAN = """package demo

func add(a, b int) int {
	return a + b
}
"""


@pytest_lsp.fixture(params=CLIENTS, config=CONFIG)  # type: ignore[untyped-decorator]
async def bare(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """Start a server that the test initialises itself."""
    yield
    await shutdown(lsp_client)


def client_name(request: pytest.FixtureRequest) -> str:
    name: str = request.node.callspec.params["bare"]
    return name


async def test_capabilities(
    bare: LanguageClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    name = client_name(request)
    result = await initialize(bare, name, root=tmp_path)
    caps = result.capabilities
    assert result.server_info is not None
    assert result.server_info.name == "gostuck"
    assert caps.hover_provider
    assert isinstance(caps.code_action_provider, types.CodeActionOptions)
    assert list(caps.code_action_provider.code_action_kinds or ()) == ["quickfix"]
    assert isinstance(caps.text_document_sync, types.TextDocumentSyncOptions)
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close
    assert caps.position_encoding == ("utf-8" if name == "neovim" else "utf-16")


async def until(predicate: object, what: str) -> None:
    """Wait for a condition the server makes true by sending messages."""

    async def poll() -> None:
        while not callable(predicate) or not predicate():
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(poll(), WAIT)
    except TimeoutError:
        pytest.fail(f"the server never sent {what}")


async def test_index_progress_and_watch_registration(
    bare: LanguageClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    for pkg in ("a", "b", "c"):
        (tmp_path / pkg).mkdir()
        for i in range(3):
            (tmp_path / pkg / f"f{i}.go").write_text(CLEAN.replace("add", f"add{i}"))
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "skip.go").write_text(CLEAN)
    await initialize(bare, client_name(request), root=tmp_path)

    def ended() -> bool:
        return any(
            isinstance(v, types.WorkDoneProgressEnd)
            for reports in bare.progress_reports.values()
            for v in reports
        )

    await until(ended, "the end of the index progress")
    (reports,) = bare.progress_reports.values()
    assert isinstance(reports[0], types.WorkDoneProgressBegin)
    assert "index" in reports[0].title
    assert isinstance(reports[-1], types.WorkDoneProgressEnd)
    assert reports[-1].message == "9 Go files"  # vendor/ is not indexed
    watched = [
        r for r in record(bare).registrations if r.method == "workspace/didChangeWatchedFiles"
    ]
    if client_name(request) == "visual-studio-code":
        assert len(watched) == 1
        assert watched[0].register_options == {"watchers": [{"globPattern": "**/*.go"}]}
    else:  # Neovim cannot register dynamically
        assert watched == []


async def test_bad_setting_is_shown_once_and_defaulted(
    bare: LanguageClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    await initialize(
        bare,
        client_name(request),
        root=tmp_path,
        options={"minConfidence": "sure", "colour": "red"},
    )
    bare.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gostuck": {"minConfidence": "sure"}})
    )
    # A request after the notification: its answer means the notification was handled.
    path = tmp_path / "a.go"
    path.write_text(CLEAN)
    uri = open_text(bare, path)
    await wait_published(bare, uri, 1)
    shown = [m.message for m in bare.messages if "minConfidence" in m.message]
    assert len(shown) == 1
    assert "using the default" in shown[0]
    assert not [m for m in bare.messages if "colour" in m.message]  # unknown keys: log only
    assert any("colour" in m.message for m in bare.log_messages)


async def test_shutdown_and_exit_are_clean(
    bare: LanguageClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    await initialize(bare, client_name(request), root=tmp_path)
    path = tmp_path / "a.go"
    path.write_text(CLEAN)
    uri = open_text(bare, path)
    await wait_published(bare, uri, 1)
    await bare.shutdown_session()
    assert bare._server is not None
    assert bare._server.returncode == 0
