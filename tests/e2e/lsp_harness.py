"""pytest-lsp harness: a real ``gostuck lsp`` process and a client that records everything.

The ``client`` fixture runs each test twice, impersonating VS Code (UTF-16 positions,
dynamic registration, versioned workspace edits) and Neovim (UTF-8 positions, plain edits).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from gostuck.lsp import convert
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

CLIENTS = ["visual-studio-code", "neovim"]
E2E = Path(__file__).resolve().parent
FIXTURES = E2E / "fixtures"
ROOT = E2E.parents[1]
# Every test waits at most this long for the server; a hang fails instead of blocking CI.
WAIT = 60.0


@dataclass
class Published:
    """One ``textDocument/publishDiagnostics`` as the client received it."""

    uri: str
    version: int | None
    diagnostics: Sequence[types.Diagnostic]


@dataclass
class Record:
    """What the test client saw, beyond what pytest-lsp keeps."""

    published: list[Published] = field(default_factory=list)
    registrations: list[types.Registration] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


RECORDS: dict[int, Record] = {}


def record(client: LanguageClient) -> Record:
    """Return what ``client`` recorded."""
    return RECORDS.setdefault(id(client), Record())


def _publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    rec = record(client)
    rec.published.append(Published(params.uri, params.version, params.diagnostics))
    rec.changed.set()


def _register(client: LanguageClient, params: types.RegistrationParams) -> None:
    record(client).registrations.extend(params.registrations)


def make_client() -> LanguageClient:
    """Return a pytest-lsp client that also records versions and registrations."""
    client = LanguageClient()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _publish
    features[types.CLIENT_REGISTER_CAPABILITY] = _register
    register_lsp_features(client, features)
    return client


def server_command(*extra: str) -> list[str]:
    """Return the command that starts the server under test."""
    return [sys.executable, "-m", "gostuck", "lsp", *extra]


def server_env() -> dict[str, str]:
    """Return the server's environment: this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "server"), str(ROOT)])
    return env


CONFIG = ClientServerConfig(
    server_command=server_command(), client_factory=make_client, server_env=server_env()
)
# The same server with a scripted analysis (see fake_analysis.py), for plumbing tests.
FAKE_CONFIG = ClientServerConfig(
    server_command=[sys.executable, str(E2E / "fake_analysis.py"), "lsp"],
    client_factory=make_client,
    server_env=server_env(),
)


def encoding_for(client: LanguageClient) -> str:
    """Return the position encoding the server agreed with this client."""
    caps = client.capabilities
    offered = caps.general.position_encodings if caps and caps.general else None
    return (
        convert.UTF8
        if offered and offered[0] == types.PositionEncodingKind.Utf8
        else (convert.UTF16)
    )


async def initialize(
    client: LanguageClient,
    name: str,
    *,
    root: Path | None = None,
    options: dict[str, Any] | None = None,
) -> types.InitializeResult:
    """Start a session as the client ``name`` would."""
    root_uri = root.as_uri() if root is not None else None
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(name),
            root_uri=root_uri,
            workspace_folders=(
                [types.WorkspaceFolder(uri=root.as_uri(), name=root.name)] if root else None
            ),
            initialization_options={"debounceMs": 0, **(options or {})},
        )
    )


@pytest_lsp.fixture(params=CLIENTS, config=CONFIG)  # type: ignore[untyped-decorator]
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient) -> AsyncIterator[None]:
    """Start a server as the parametrised client; the test opens its own files."""
    await initialize(lsp_client, request.param)
    yield
    await shutdown(lsp_client)


async def shutdown(client: LanguageClient) -> None:
    """End the session unless the test already did."""
    if client._server is not None and client._server.returncode is None:
        await client.shutdown_session()
    RECORDS.pop(id(client), None)


async def wait_published(client: LanguageClient, uri: str, version: int | None = None) -> Published:
    """Wait for diagnostics of ``uri`` (for ``version``, if given) and return them."""

    async def poll() -> Published:
        rec = record(client)
        while True:
            for pub in reversed(rec.published):
                if pub.uri == uri and (version is None or pub.version == version):
                    return pub
            rec.changed.clear()
            await rec.changed.wait()

    return await asyncio.wait_for(poll(), WAIT)


async def wait_newer(client: LanguageClient, previous: Published) -> Published:
    """Wait for the next diagnostics of the same file after ``previous``; return them."""

    async def poll() -> Published:
        rec = record(client)
        while True:
            seen = [p for p in rec.published if p.uri == previous.uri]
            if seen and seen[-1] is not previous:
                return seen[-1]
            rec.changed.clear()
            await rec.changed.wait()

    return await asyncio.wait_for(poll(), WAIT)


def open_text(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    """Open a file in the client (with its disk text unless ``text`` is given); return its URI."""
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(
                uri=uri,
                language_id="go",
                version=version,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


def column(line: str, index: int, encoding: str) -> int:
    """Return the client column of character ``index`` in ``line`` (independent of convert)."""
    prefix = line[:index]
    if encoding == convert.UTF8:
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


def char_index(line: str, col: int, encoding: str) -> int:
    """Return the character index of a client column in ``line``."""
    for i in range(len(line) + 1):
        if column(line, i, encoding) >= col:
            return i
    return len(line)


def apply_edits(text: str, edits: Sequence[types.TextEdit], encoding: str) -> str:
    """Apply LSP text edits to ``text``, last edit first, as an editor would."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = sum(len(x) + 1 for x in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        return before + char_index(line, pos.character, encoding)

    spans = sorted(
        ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_for(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    """Return the edits a code action makes to one document, whichever form it uses."""
    edit = action.edit
    assert edit is not None, action.title
    if edit.document_changes is not None:
        out: list[types.TextEdit] = []
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit)
            if change.text_document.uri == uri:
                out.extend(e for e in change.edits if isinstance(e, types.TextEdit))
        return out
    return list((edit.changes or {}).get(uri, []))


def range_of(text: str, line: int, needle: str, encoding: str) -> types.Range:
    """Return the client range of the first ``needle`` on ``line`` of ``text``."""
    src = text.split("\n")[line]
    i = src.index(needle)
    return types.Range(
        start=types.Position(line, column(src, i, encoding)),
        end=types.Position(line, column(src, i + len(needle), encoding)),
    )


def line_of(text: str, needle: str) -> int:
    """Return the 0-based line of the first line containing ``needle``."""
    return next(n for n, line in enumerate(text.split("\n")) if needle in line)
