"""Profiles in a real ``gostuck lsp``: load, diagnostics with counts, hover, lens, edits, clear.

The server is started by pytest-lsp over stdio with samples/ as its workspace and loads the
committed fixture captured from samples/leakdemo/closures.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
CLOSURES = SAMPLES / "leakdemo" / "closures" / "main.go"
FIXTURES = ROOT / "tests" / "fixtures"
PROFILE = FIXTURES / "closures.goroutineleak.debug2.txt"
WAIT = 60.0

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "server"), str(ROOT)])
    return env


def make_client() -> LanguageClient:
    """Return a client that also accepts the server's dynamic registrations."""
    client = LanguageClient()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.CLIENT_REGISTER_CAPABILITY] = lambda _params: None
    features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda _params: None
    shown: list[types.ShowDocumentParams] = []
    client.shown_documents = shown

    def show_document(params: types.ShowDocumentParams) -> types.ShowDocumentResult:
        shown.append(params)
        return types.ShowDocumentResult(success=True)

    features[types.WINDOW_SHOW_DOCUMENT] = show_document
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(
    server_command=[sys.executable, "-m", "gostuck", "lsp"],
    server_env=server_env(),
    client_factory=make_client,
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
    await lsp_client.shutdown_session()


async def until(check: Callable[[], bool], what: str) -> None:
    async def poll() -> None:
        while not check():
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(poll(), WAIT)
    except TimeoutError:
        pytest.fail(f"the server never got there: {what}")


def by_code(client: LanguageClient, uri: str, code: str) -> list[types.Diagnostic]:
    return [d for d in client.diagnostics.get(uri, []) if d.code == code]


def line_of(text: str) -> int:
    """Return the 0-based line of closures/main.go that holds ``text``."""
    lines = CLOSURES.read_text().splitlines()
    (found,) = [i for i, line in enumerate(lines) if text in line]
    return found


async def command(client: LanguageClient, name: str, *args: Any) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=name, arguments=list(args))
    )


def open_closures(client: LanguageClient) -> str:
    uri = CLOSURES.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="go", version=1, text=CLOSURES.read_text())
        )
    )
    return uri


async def test_load_profile_shows_counts(client: LanguageClient) -> None:
    uri = open_closures(client)
    await until(lambda: bool(by_code(client, uri, "GS1001")), "static GS1001 published")
    summary = await command(client, "gostuck.server.loadProfile", str(PROFILE))
    assert summary["total"] == 17
    assert summary["formats"] == ["goroutineleak debug=2"]
    assert summary["sites"][0] == {
        "file": str(CLOSURES),
        "line": line_of("ch <- 42") + 1,
        "function": "main.fetch.func1",
        "count": 7,
        "waitReasons": {"chan send": 7},
    }
    # One problem per leak: the static GS1001 on the `go` statement carries the runtime
    # count, and the blocking line is its related information, not a problem of its own.
    go_line = line_of('// want "GS1001"')
    send_line = line_of("ch <- 42")
    await until(
        lambda: any("profile confirms" in d.message for d in by_code(client, uri, "GS1001")),
        "GS1001 confirmed by the profile",
    )
    (leak,) = by_code(client, uri, "GS1001")
    assert leak.range.start.line == go_line
    assert leak.message.endswith(
        "(the profile confirms it: 7 goroutines blocked on chan send, 7 leaked)"
    )
    assert leak.severity == types.DiagnosticSeverity.Error
    assert leak.related_information is not None
    assert any(
        r.location.range.start.line == send_line
        and r.message == "7 goroutines blocked here on chan send (profile)"
        for r in leak.related_information
    )
    # Every leaked site in closures/main.go has a static finding on its `go` statement.
    assert by_code(client, uri, "GS9001") == []
    assert by_code(client, uri, "GS9002") == []
    assert [d.range.start.line for d in client.diagnostics[uri]].count(go_line) == 1

    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=send_line, character=3),
        )
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    parts = hover.contents.value.split("\n\n---\n\n")
    assert "**GS1001**" in parts[0]  # the static finding's place first, then the profile's
    (head,) = [p for p in parts if "goroutines blocked here" in p]
    assert len(head.splitlines()) <= 6
    assert "**7 goroutines blocked here** on chan send (7), 7 leaked" in head
    assert "main.fetch.func1  main.go:16" in hover.contents.value

    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert lenses is not None
    by_line = {lens.range.start.line: lens.command for lens in lenses if lens.command}
    assert by_line[send_line].title == (
        "gostuck: 7 goroutines blocked here on chan send · started at main.go:15"
    )
    assert by_line[send_line].command == "gostuck.server.showLocation"
    assert list(by_line[send_line].arguments or ()) == [uri, go_line]
    assert by_line[go_line].title == "gostuck: 7 goroutines started here · blocked at main.go:16"
    assert list(by_line[go_line].arguments or ()) == [uri, send_line]


async def test_clicking_a_lens_shows_the_other_end(client: LanguageClient) -> None:
    uri = open_closures(client)
    await command(client, "gostuck.server.loadProfile", str(PROFILE))
    shown: list[types.ShowDocumentParams] = client.shown_documents
    ok = await command(client, "gostuck.server.showLocation", uri, line_of("ch <- 42"))
    assert ok is True
    assert [(d.uri, d.selection.start.line if d.selection else None) for d in shown] == [
        (uri, line_of("ch <- 42"))
    ]


async def lens_lines(client: LanguageClient, uri: str) -> set[int]:
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    return {lens.range.start.line for lens in lenses or []}


async def test_profile_follows_edits_and_clears(client: LanguageClient) -> None:
    uri = open_closures(client)
    await command(client, "gostuck.server.loadProfile", str(PROFILE))
    send_line = line_of("ch <- 42")
    assert send_line in await lens_lines(client, uri)
    # Two lines inserted at the top: every site moves down by two.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=0, character=0),
                        end=types.Position(line=0, character=0),
                    ),
                    text="// one\n// two\n",
                )
            ],
        )
    )
    summary = await command(client, "gostuck.server.profileSummary")
    assert summary["sites"][0]["line"] == send_line + 3
    lines = await lens_lines(client, uri)
    assert send_line + 2 in lines
    assert send_line not in lines

    assert await command(client, "gostuck.server.clearProfile") is None
    assert await lens_lines(client, uri) == set()
    assert await command(client, "gostuck.server.profileSummary") is None


async def test_profile_of_older_source_places_nothing_wrong(client: LanguageClient) -> None:
    # The editor's buffer has lines inserted above fetch and inside it since the profile:
    # the send moved from 16 to 21, and line 16 holds a comment now.
    lines = CLOSURES.read_text().splitlines(keepends=True)
    fetch = next(i for i, line in enumerate(lines) if line.startswith("func fetch"))
    lines[fetch + 1 : fetch + 1] = ["\t// inside\n"] * 3
    lines[fetch:fetch] = ["// above\n"] * 2
    text = "".join(lines)
    uri = CLOSURES.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="go", version=1, text=text)
        )
    )
    await until(lambda: bool(by_code(client, uri, "GS1001")), "static GS1001 published")
    summary = await command(client, "gostuck.server.loadProfile", str(PROFILE))
    fetch_site = next(s for s in summary["sites"] if s["function"] == "main.fetch.func1")
    assert fetch_site["line"] == 21
    assert summary["unplaced"] == 0
    lensed = await lens_lines(client, uri)
    assert {19, 20} <= lensed  # the `go` statement and the send, 0-based
    assert 15 not in lensed
    await until(
        lambda: any("profile confirms" in d.message for d in by_code(client, uri, "GS1001")),
        "GS1001 confirmed on the moved go statement",
    )


async def test_bad_profile_fails_the_command_and_the_server_lives(
    client: LanguageClient, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-profile.txt"
    bad.write_text("hello\n")
    with pytest.raises(Exception, match="is not a goroutine profile"):
        await command(client, "gostuck.server.loadProfile", str(bad))
    assert await command(client, "gostuck.server.profileSummary") is None
    summary = await command(client, "gostuck.server.loadProfile", str(PROFILE))
    assert summary["total"] == 17
    # The failed command is the client's to report: the server adds no "internal error" popup
    # (the round trip above brought every notification sent before it).
    assert [m.message for m in client.messages if "internal error" in m.message] == []


async def test_compare_shows_growth(client: LanguageClient) -> None:
    uri = open_closures(client)
    base = FIXTURES / "closures.goroutineleak.pb.gz"
    summary = await command(client, "gostuck.server.compareProfile", str(base), str(PROFILE))
    assert summary["name"] == "closures.goroutineleak.pb.gz -> closures.goroutineleak.debug2.txt"
    growth = {s["function"]: s["growth"] for s in summary["sites"]}
    # The same program, captured twice: no site grew; the profile writer is new.
    assert growth["main.fetch.func1"] == 0
    assert growth["gostuck.dev/samples/leakdemo/dump.writeFile"] == 1
    await until(lambda: uri in client.diagnostics, "diagnostics published")
    assert by_code(client, uri, "GS9003") == []


async def test_thresholds_come_from_settings(client: LanguageClient) -> None:
    # No static checks: every leak is one only the profile shows, a GS9001 per site.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={
                "gostuck": {
                    "ignore": ["GS1", "GS2", "GS3"],
                    "profile.warnGoroutines": 5,
                    "profile.minGoroutines": 3,
                }
            }
        )
    )
    uri = open_closures(client)
    await command(client, "gostuck.server.loadProfile", str(PROFILE))
    await until(lambda: len(by_code(client, uri, "GS9001")) == 3, "three sites over the minimum")
    severity = {d.range.start.line: d.severity for d in by_code(client, uri, "GS9001")}
    info = types.DiagnosticSeverity.Information
    assert severity == {
        line_of("ch <- 42"): types.DiagnosticSeverity.Warning,  # 7 >= warnGoroutines
        line_of("for j := range jobs"): info,  # 4
        line_of("<-never"): info,  # 3 == minGoroutines
    }
    assert line_of("select {}") not in severity  # 2 < minGoroutines


async def test_compare_across_build_machines_shows_gs9003(client: LanguageClient) -> None:
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gostuck": {"ignore": ["GS1", "GS2", "GS3"]}})
    )
    uri = open_closures(client)
    base = FIXTURES / "minutes.debug2.txt"  # paths under /build/app/, fewer goroutines
    await command(client, "gostuck.server.compareProfile", str(base), str(PROFILE))
    send_line = line_of("ch <- 42")
    await until(
        lambda: any(d.range.start.line == send_line for d in by_code(client, uri, "GS9003")),
        "GS9003 at the send",
    )
    growth = next(d for d in by_code(client, uri, "GS9003") if d.range.start.line == send_line)
    assert growth.message == (
        "+5 goroutines since the earlier profile (7 now) blocked here on chan send "
        "(7 leaked); created at main.go:15"
    )
    assert by_code(client, uri, "GS9001") == []


async def test_stalled_endpoint_times_out_and_the_server_lives(client: LanguageClient) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    release = threading.Event()

    class Stall(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.flush()
            release.wait(30)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Stall)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"gostuck": {"profile.timeoutSeconds": 1}})
        )
        url = f"http://127.0.0.1:{server.server_address[1]}/debug/pprof/goroutine?debug=2"
        with pytest.raises(Exception, match=r"did not send the profile within 1 s"):
            await command(client, "gostuck.server.loadProfile", url)
    finally:
        release.set()
        server.shutdown()
        server.server_close()
    summary = await command(client, "gostuck.server.loadProfile", str(PROFILE))
    assert summary["total"] == 17


async def test_relative_paths_and_file_uris(client: LanguageClient) -> None:
    relative = os.path.relpath(PROFILE, SAMPLES)  # against the workspace folder
    summary = await command(client, "gostuck.server.loadProfile", relative)
    assert summary["total"] == 17
    summary = await command(client, "gostuck.server.loadProfile", PROFILE.as_uri())
    assert summary["total"] == 17


async def test_hover_shows_minutes_labels_and_leaks(client: LanguageClient) -> None:
    uri = open_closures(client)
    summary = await command(
        client, "gostuck.server.loadProfile", str(FIXTURES / "minutes.debug2.txt")
    )
    assert summary["sites"][0]["count"] == 2
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line_of("ch <- 42"), character=3),
        )
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "**2 goroutines blocked here** on chan send (2) for up to 37 min, 1 leaked" in text
    assert "`handler=/api/v1` (2)" in text
    assert "`tenant=acme` (1)" in text
    assert "Started by `go` at [main.go:15]" in text


async def test_running_goroutines_are_not_reported_as_blocked(client: LanguageClient) -> None:
    # The goroutine that wrote the profile is "running" in dump.go; the four leaked ones wait
    # in closures/main.go. Only the waiting ones are "blocked here".
    dump = SAMPLES / "leakdemo" / "dump" / "dump.go"
    dump_uri = dump.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=dump_uri, language_id="go", version=1, text=dump.read_text())
        )
    )
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gostuck": {"ignore": ["GS1", "GS2", "GS3"]}})
    )
    uri = open_closures(client)
    await until(lambda: dump_uri in client.diagnostics, "dump.go analysed")
    summary = await command(client, "gostuck.server.loadProfile", str(PROFILE))
    running = [s for s in summary["sites"] if s["waitReasons"] == {"running": 1}]
    assert [Path(s["file"]).name for s in running] == ["dump.go"]
    await until(lambda: len(by_code(client, uri, "GS9001")) == 4, "four GS9001 sites")
    assert by_code(client, dump_uri, "GS9001") == []
