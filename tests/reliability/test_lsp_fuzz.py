"""A live ``gostuck lsp`` under random sequences of everything an editor can send.

Each run drives a real server (pytest-lsp, impersonating VS Code and Neovim) with a seeded
random sequence of open/change/close/save/hover/codeAction/codeLens/executeCommand, with
out-of-range and reversed positions, versions that go backwards, unknown URIs and schemes,
requests for closed documents, junk text and hostile command arguments. The properties:

- every request answers within a bound, with a result or a well-formed error (only for
  invalid params, unknown commands and profiles that cannot be read);
- no handler fails (no error in the server's log, no "failed" message to the user);
- the process stays alive, and its memory stays bounded;
- a file still gets correct diagnostics after the storm.
"""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import AsyncIterator, Awaitable
from typing import Final, TypeVar

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from reliability_support import FIXTURES, SAMPLES, SCALE, rss_bytes, server_env

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

T = TypeVar("T")
BOUND: Final = 60.0  # a hang guard: each request answers in milliseconds
OPS: Final = int(250 * SCALE)  # per run; runs = clients x seeds
SEEDS: Final = [1, 2]
# Errors a well-behaved server may answer with: invalid params, unknown method or command,
# and "request failed" for a profile that cannot be read. Never -32603 (internal error).
ALLOWED_ERRORS: Final = {-32602, -32601, -32803}
GO_FILES: Final = sorted(SAMPLES.rglob("*.go"))[:12]
PROFILES: Final = sorted(str(p) for p in FIXTURES.iterdir() if p.suffix in (".txt", ".gz"))


def make_client() -> LanguageClient:
    client = LanguageClient()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.CLIENT_REGISTER_CAPABILITY] = lambda _params: None
    features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda _params: None
    register_lsp_features(client, features)
    return client


CONFIG: Final = ClientServerConfig(
    server_command=[sys.executable, "-m", "gostuck", "lsp"],
    client_factory=make_client,
    server_env=server_env(),
)


@pytest_lsp.fixture(params=["visual-studio-code", "neovim"], config=CONFIG)  # type: ignore[untyped-decorator]
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=SAMPLES.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=SAMPLES.as_uri(), name="samples")],
            initialization_options={"debounceMs": 0},
        )
    )
    yield
    server = lsp_client._server
    if server is not None and server.returncode is None:
        await lsp_client.shutdown_session()


# Messages of the allowed error responses the tests received: the server may log those.
ANSWERED_ERRORS: set[str] = set()


async def answer(call: Awaitable[T]) -> T | None:
    """Await a request under the hang guard; None for a well-formed, allowed error."""
    try:
        return await asyncio.wait_for(call, BOUND)
    except JsonRpcException as e:
        assert e.code in ALLOWED_ERRORS, f"error response {e.code}: {e.message}"
        ANSWERED_ERRORS.add(str(e.message))
        return None


def odd_uris() -> list[str]:
    return [
        "untitled:Untitled-1",
        (SAMPLES / "does-not-exist.go").as_uri(),
        "file:///nonexistent/dir/x.go",
        (SAMPLES / "dir with space" / "日本.go").as_uri(),
        "file:///etc/hostname",
        "git:/samples/x.go?%7B%22ref%22%3A%22HEAD%22%7D",
        "file:///",
        "file://remote-host/share/x.go",
    ]


JUNK: Final = [
    "",
    "package",
    "\x00\x01\x02",
    "\ufeffpackage p\r\nfunc f() {\r\n\tgo func() {}()\r\n}\r\n",
    "package p\nfunc f(ch chan int) {\n" + "{" * 3000 + "\n}\n",
    "🚀" * 500,
    "package p\n\nfunc f() { go f() }\n" * 200,
]


def send_raw(client: LanguageClient, method: str, params: object) -> Awaitable[object]:
    """Send a request with untyped params, as a client with a bug of its own would."""
    protocol = client.protocol
    # Without a message type for the method, pygls sends the params as they are.
    vars(protocol)["get_message_type"] = lambda _method: None
    try:
        future = protocol.send_request(method, params)
    finally:
        del vars(protocol)["get_message_type"]
    return asyncio.wrap_future(future)


class Fuzzer:
    """Drives one session with a seeded random sequence and tracks the client's view."""

    def __init__(self, client: LanguageClient, seed: int) -> None:
        self.client = client
        self.rng = random.Random(seed)
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.uris = [p.as_uri() for p in GO_FILES] + odd_uris()
        self.requests = 0
        self.notifications = 0

    def position(self, uri: str) -> types.Position:
        lines = self.texts.get(uri, "").split("\n")
        r = self.rng.random()
        if r < 0.15:
            return types.Position(self.rng.choice([10**6, 2**31 - 1]), self.rng.randint(0, 10**6))
        line = self.rng.randrange(len(lines) + 2)
        width = len(lines[line]) if line < len(lines) else 0
        return types.Position(line, self.rng.randint(0, width + 3))

    def range(self, uri: str) -> types.Range:
        a, b = self.position(uri), self.position(uri)
        return types.Range(a, b)  # sometimes reversed, on purpose

    def text_for(self, uri: str) -> str:
        path = next((p for p in GO_FILES if p.as_uri() == uri), None)
        if path is not None and self.rng.random() < 0.7:
            return path.read_text(encoding="utf-8")
        return self.rng.choice(JUNK)

    def open(self) -> None:
        uri = self.rng.choice(self.uris)
        text = self.text_for(uri)
        version = self.rng.choice([1, 0, 7, 2**31 - 1000])
        self.texts[uri] = text
        self.versions[uri] = version
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "go", version, text))
        )

    def change(self) -> None:
        if not self.texts:
            return self.open()
        # Changes to documents that are not open: test_change_for_a_document_that_is_not_open.
        uri = self.rng.choice(list(self.texts))
        version = self.versions.get(uri, 1) + self.rng.choice([1, 1, 1, 5, 0, -1])
        self.versions[uri] = version
        event: types.TextDocumentContentChangeEvent
        if self.rng.random() < 0.15:
            event = types.TextDocumentContentChangeWholeDocument(text=self.rng.choice(JUNK))
        else:
            insert = self.rng.choice(["", "x", "\n", "go func() {}()\n", "}", "{", "界🚀", "\r\n"])
            event = types.TextDocumentContentChangePartial(range=self.range(uri), text=insert)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version), [event]
            )
        )

    def close(self) -> None:
        uri = self.rng.choice([*self.texts, *self.uris])
        self.texts.pop(uri, None)
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )

    def save(self) -> None:
        uri = self.rng.choice(self.uris)
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri))
        )

    def watched(self) -> None:
        uri = self.rng.choice(self.uris)
        kind = self.rng.choice(list(types.FileChangeType))
        self.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(uri, kind)])
        )

    async def hover(self) -> None:
        uri = self.rng.choice([*self.texts, *self.uris])
        await answer(
            self.client.text_document_hover_async(
                types.HoverParams(types.TextDocumentIdentifier(uri), self.position(uri))
            )
        )

    async def code_action(self) -> None:
        uri = self.rng.choice([*self.texts, *self.uris])
        diagnostics = list(self.client.diagnostics.get(uri, []))
        if self.rng.random() < 0.3:
            diagnostics.append(
                types.Diagnostic(
                    range=self.range(uri),
                    message="forged",
                    source="gostuck",
                    code="GS1001",
                    data=self.rng.choice([{"key": 5}, {"key": "GS1001:0:0:0:0"}, [], "x", None]),
                )
            )
        only = self.rng.choice(
            [None, [types.CodeActionKind.QuickFix], [types.CodeActionKind.Refactor]]
        )
        await answer(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    types.TextDocumentIdentifier(uri),
                    self.range(uri),
                    types.CodeActionContext(diagnostics=diagnostics, only=only),
                )
            )
        )

    async def code_lens(self) -> None:
        uri = self.rng.choice([*self.texts, *self.uris])
        await answer(
            self.client.text_document_code_lens_async(
                types.CodeLensParams(types.TextDocumentIdentifier(uri))
            )
        )

    async def command(self) -> None:
        commands: list[tuple[str, list[object]]] = [
            ("gostuck.server.loadProfile", [self.rng.choice(PROFILES)]),
            ("gostuck.server.loadProfile", [str(FIXTURES)]),
            ("gostuck.server.loadProfile", ["/nonexistent/profile.pb.gz"]),
            ("gostuck.server.loadProfile", ["http://127.0.0.1:9/debug/pprof/goroutine"]),
            ("gostuck.server.loadProfile", ["file:///etc/passwd"]),
            ("gostuck.server.loadProfile", [12]),
            ("gostuck.server.loadProfile", []),
            ("gostuck.server.loadProfile", [None, None, None]),
            ("gostuck.server.compareProfile", [PROFILES[0], PROFILES[-1]]),
            ("gostuck.server.compareProfile", [PROFILES[0]]),
            ("gostuck.server.clearProfile", []),
            ("gostuck.server.clearProfile", ["extra"]),
            ("gostuck.server.profileSummary", []),
            ("gostuck.server.noSuchCommand", []),
        ]
        name, args = self.rng.choice(commands)
        await answer(
            self.client.workspace_execute_command_async(
                types.ExecuteCommandParams(command=name, arguments=args)
            )
        )

    async def step(self) -> None:
        op = self.rng.choices(
            [
                self.open,
                self.change,
                self.close,
                self.save,
                self.watched,
                self.hover,
                self.code_action,
                self.code_lens,
                self.command,
            ],
            weights=[8, 30, 4, 2, 2, 14, 10, 4, 4],
        )[0]
        result = op()
        if result is None:
            self.notifications += 1
        else:
            await result
            self.requests += 1


def server_pid(client: LanguageClient) -> int:
    server = client._server
    assert server is not None and server.returncode is None, "the server died"
    return int(server.pid)


def handler_failures(client: LanguageClient) -> list[str]:
    """Return what the server said about its own failures (log errors, failure messages)."""
    logged = [
        m.message
        for m in client.log_messages
        if m.type == types.MessageType.Error
        and not any(answered in m.message for answered in ANSWERED_ERRORS)
    ]
    shown = [m.message for m in client.messages if "failed" in m.message]
    return logged + shown


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_sessions(client: LanguageClient, seed: int) -> None:
    pid = server_pid(client)
    fuzzer = Fuzzer(client, seed)
    # Warm up (imports, query compilation) before taking the memory baseline.
    fuzzer.open()
    await fuzzer.hover()
    start = rss_bytes(pid)
    peak = start
    for i in range(OPS):
        await fuzzer.step()
        if i % 25 == 0:
            peak = max(peak, rss_bytes(server_pid(client)))
    # After the storm the server still answers, and analyses a real file correctly.
    leak = SAMPLES / "leakdemo" / "closures" / "main.go"
    uri = leak.as_uri()
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "go", 10**6, leak.read_text(encoding="utf-8"))
        )
    )
    await answer(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="gostuck.server.clearProfile", arguments=[])
        )
    )

    async def static_findings() -> None:
        while not [d for d in client.diagnostics.get(uri, []) if not str(d.code).startswith("GS9")]:
            await asyncio.sleep(0.05)

    await asyncio.wait_for(static_findings(), BOUND)
    assert handler_failures(client) == []
    assert server_pid(client) == pid
    assert peak - start < 300 * 1024 * 1024, f"RSS grew from {start:,} to {peak:,} bytes"
    print(f"seed {seed}: {fuzzer.requests} requests, {fuzzer.notifications} notifications")


async def test_change_for_a_document_that_is_not_open(client: LanguageClient) -> None:
    # An editor may send a change after a close it raced with, or for a file it never opened.
    uri = (SAMPLES / "not-open.go").as_uri()
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(text="package p\n")],
        )
    )
    await answer(
        client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))
        )
    )
    assert handler_failures(client) == []


async def test_invalid_params_get_an_error_response(client: LanguageClient) -> None:
    # JSON-RPC: a request always gets a response; here an InvalidParams error (-32602).
    # (The wait is a hang guard: the answer takes milliseconds.)
    params = {"textDocument": {"uri": "file:///x.go"}, "position": {"line": -1, "character": -5}}
    with pytest.raises(JsonRpcException) as e:
        await asyncio.wait_for(send_raw(client, types.TEXT_DOCUMENT_HOVER, params), 2)
    assert e.value.code == -32602
