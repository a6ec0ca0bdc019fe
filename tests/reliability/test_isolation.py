"""One failure stays one failure: a crashing check, a profile that will not load.

- A crash in one check is caught and reported with the file and the check's code; the other
  checks' findings are still returned (analyze_source) and published (the language server,
  with GS3001 broken by crashing_check_server.py), and the server logs the crash.
- A profile load that fails (missing file, not a profile, a URL that answers 500 or never
  answers) is a well-formed error response, and the profile loaded before stays in place:
  its summary and its diagnostics.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final

import pytest
import pytest_lsp
from crashing_check_server import BROKEN, break_check
from gostuck.analysis.api import analyze_source
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from reliability_support import FIXTURES, SAMPLES, server_env

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

WAIT: Final = 60.0  # a hang guard; everything here takes milliseconds
HERE: Final = Path(__file__).resolve().parent
TWO_LEAKS: Final = """package p

import "context"

func fetch(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func consume(items []int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs {
			_ = j
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}
"""


def test_both_checks_find_their_leak() -> None:
    # The baseline the crash tests compare with.
    result = analyze_source("two.go", TWO_LEAKS.encode())
    assert sorted(f.code for f in result.findings) == ["GS1001", BROKEN]
    assert result.errors == ()


def test_a_crashing_check_through_analyze_source(monkeypatch: pytest.MonkeyPatch) -> None:
    from gostuck.analysis import registry

    monkeypatch.setattr(registry, "CHECKS", registry.CHECKS)
    monkeypatch.setattr(registry, "BY_CODE", dict(registry.BY_CODE))
    break_check()
    result = analyze_source("pkg/two.go", TWO_LEAKS.encode())
    assert [f.code for f in result.findings] == ["GS1001"]
    [error] = result.errors
    assert error.code == BROKEN and error.path == "pkg/two.go"
    assert "pkg/two.go" in error.message and BROKEN in error.message
    assert "IndexError" in error.message


def make_client() -> LanguageClient:
    client = LanguageClient()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.CLIENT_REGISTER_CAPABILITY] = lambda _params: None
    features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda _params: None
    register_lsp_features(client, features)
    return client


BROKEN_CONFIG: Final = ClientServerConfig(
    server_command=[sys.executable, str(HERE / "crashing_check_server.py"), "lsp"],
    client_factory=make_client,
    server_env=server_env(),
)
CONFIG: Final = ClientServerConfig(
    server_command=[sys.executable, "-m", "gostuck", "lsp"],
    client_factory=make_client,
    server_env=server_env(),
)


async def start(client: LanguageClient, name: str, root: Path) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(name),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options={"debounceMs": 0},
        )
    )


@pytest_lsp.fixture(params=["visual-studio-code", "neovim"], config=BROKEN_CONFIG)  # type: ignore[untyped-decorator]
async def broken(request: pytest.FixtureRequest, lsp_client: LanguageClient) -> AsyncIterator[str]:
    yield request.param
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(params=["visual-studio-code"], config=CONFIG)  # type: ignore[untyped-decorator]
async def plain(request: pytest.FixtureRequest, lsp_client: LanguageClient) -> AsyncIterator[str]:
    await start(lsp_client, request.param, SAMPLES)
    yield request.param
    await lsp_client.shutdown_session()


async def until(what: str, check: Any) -> None:
    async def poll() -> None:
        while not check():
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(poll(), WAIT)
    except TimeoutError:
        pytest.fail(f"never happened: {what}")


async def test_a_crashing_check_through_the_language_server(
    broken: LanguageClient, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    await start(broken, request.node.callspec.params["broken"], tmp_path)
    path = tmp_path / "two.go"
    path.write_text(TWO_LEAKS)
    uri = path.as_uri()
    broken.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "go", 1, TWO_LEAKS))
    )
    await until("diagnostics", lambda: uri in broken.diagnostics)
    assert [d.code for d in broken.diagnostics[uri]] == ["GS1001"]

    # Logged with the file and the check's code, shown to the user once.
    def crashes() -> int:
        return sum(
            1
            for m in broken.log_messages
            if str(path) in m.message and BROKEN in m.message and m.type == types.MessageType.Error
        )

    await until("the crash in the log", lambda: crashes() == 1)
    # Another edit: the broken check fails again, the others still publish, the server lives.
    broken.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(text=TWO_LEAKS + "\n// edited\n")],
        )
    )
    await until("the second analysis", lambda: crashes() == 2)
    assert [d.code for d in broken.diagnostics[uri]] == ["GS1001"]
    hover = await broken.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(6, 1))
    )
    assert hover is not None and "GS1001" in str(hover.contents)
    shown = [m.message for m in broken.messages if BROKEN in m.message]
    assert len(shown) == 1, shown
    assert broken._server is not None and broken._server.returncode is None


# ----- a failing profile load leaves the previous profile in place ---------------------


class _Bad(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"boom")
        elif self.path == "/junk":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>not a profile</html>")
        else:  # /stall: headers, then nothing
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.flush()
            threading.Event().wait(10)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def bad_endpoint() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Bad)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


async def command(client: LanguageClient, name: str, *args: object) -> Any:
    return await asyncio.wait_for(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=name, arguments=list(args))
        ),
        WAIT,
    )


async def test_a_failing_profile_load_keeps_the_previous_profile(
    plain: LanguageClient, bad_endpoint: str
) -> None:
    closures = SAMPLES / "leakdemo" / "closures" / "main.go"
    uri = closures.as_uri()
    plain.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri, "go", 1, closures.read_text(encoding="utf-8"))
        )
    )
    # A short timeout, so the stalling endpoint fails fast.
    plain.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"gostuck": {"debounceMs": 0, "profile": {"timeoutSeconds": 1}}}
        )
    )
    summary = await command(
        plain, "gostuck.server.loadProfile", str(FIXTURES / "closures.goroutineleak.debug2.txt")
    )
    assert summary is not None and summary["total"] > 0

    def profile_diagnostics() -> list[types.Diagnostic]:
        # The leaks here are static findings too: the profile's counts are in their messages.
        return [
            d
            for d in plain.diagnostics.get(uri, [])
            if str(d.code).startswith("GS9") or "profile confirms" in d.message
        ]

    await until("profile diagnostics", lambda: bool(profile_diagnostics()))
    before = sorted((d.range.start.line, d.message) for d in profile_diagnostics())
    failures = [
        ("gostuck.server.loadProfile", ["/nonexistent/goroutine.pb.gz"]),
        ("gostuck.server.loadProfile", [str(FIXTURES / "README.md")]),
        ("gostuck.server.loadProfile", [str(FIXTURES)]),
        ("gostuck.server.loadProfile", [f"{bad_endpoint}/error"]),
        ("gostuck.server.loadProfile", [f"{bad_endpoint}/junk"]),
        ("gostuck.server.loadProfile", [f"{bad_endpoint}/stall"]),
        ("gostuck.server.loadProfile", ["ftp://127.0.0.1/goroutine"]),
        (
            "gostuck.server.compareProfile",
            [str(FIXTURES / "closures.goroutine.pb.gz"), "/nonexistent"],
        ),
    ]
    for name, args in failures:
        with pytest.raises(JsonRpcException) as e:
            await command(plain, name, *args)
        assert e.value.code == -32803, (args, e.value)  # RequestFailed, with the reason
        assert e.value.message
        assert await command(plain, "gostuck.server.profileSummary") == summary, args
    # The diagnostics of the first profile are still there.
    await asyncio.sleep(0.2)
    assert sorted((d.range.start.line, d.message) for d in profile_diagnostics()) == before
