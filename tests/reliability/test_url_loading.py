"""Loading profiles from URLs, against local http.server instances on 127.0.0.1.

What SECURITY.md promises, checked end to end:

- only http and https, and redirects only to http or https;
- credentials in the URL are sent (basic auth) to that URL only, never on a redirect, and
  never appear in a message, a summary, the client's log or the server's log file, even at
  DEBUG level, whether the load works or fails;
- the size cap holds for the bytes received and for what they decompress to (gzip bombs),
  with memory bounded by the cap; ``profile.maxBytes`` and ``profile.timeoutSeconds``
  reach the fetch from the language server's settings, and their defaults are the readers';
- the server never starts a process (no ``go build``, no ``go list``), whatever it is sent.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import io
import os
import subprocess
import sys
import tempfile
import threading
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final

import pytest
import pytest_lsp
from gostuck.lsp.config import Settings
from gostuck.profile import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, ProfileError, load
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from reliability_support import FIXTURES, ROOT, SAMPLES, server_env

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

MIB: Final = 1024 * 1024
WAIT: Final = 60.0  # hang guard
SECRET: Final = "s3cr3t-Pa55"
TOKEN: Final = base64.b64encode(f"ops:{SECRET}".encode()).decode()
PROFILE: Final = (FIXTURES / "closures.goroutineleak.debug2.txt").read_bytes()


def _bomb(size: int, head: bytes = b"") -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(head)
        for _ in range(size // MIB):
            gz.write(b"\0" * MIB)
    return out.getvalue()


BOMB: Final = _bomb(64 * MIB)  # read as debug=0: refused past the cap
TEXT_BOMB: Final = _bomb(64 * MIB, b"goroutine profile: total 1\n")  # text: read up to the cap


@dataclass
class Seen:
    """What the local endpoints received."""

    auth: dict[str, str | None] = field(default_factory=dict)


def make_handler(seen: Seen, other: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            seen.auth[path] = self.headers.get("Authorization")
            redirects = {
                "/to-file": "file:///etc/passwd",
                "/to-ftp": "ftp://127.0.0.1/goroutine",
                "/to-data": "data:text/plain,goroutine%201%20%5Brunning%5D%3A",
                "/to-javascript": "javascript:alert(1)",
                "/to-gopher": "gopher://127.0.0.1/",
                "/to-same-host": "/auth",
                "/to-other-host": f"{other[0]}/echo" if other else "/auth",
            }
            if path in redirects:
                self.send_response(302)
                self.send_header("Location", redirects[path])
                self.end_headers()
            elif path == "/auth" and self.headers.get("Authorization") != f"Basic {TOKEN}":
                self.send_response(401)
                self.end_headers()
            elif path in ("/auth", "/profile", "/echo"):
                self._send(PROFILE)
            elif path == "/bomb":
                self._send(BOMB)
            elif path == "/text-bomb":
                self._send(TEXT_BOMB)
            elif path == "/gzip-encoded":
                self._send(gzip.compress(PROFILE), encoding="gzip")
            elif path == "/big":
                self._send(PROFILE * 64)
            else:
                self.send_response(500)
                self.end_headers()

        def _send(self, body: bytes, encoding: str | None = None) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@dataclass
class Endpoints:
    base: str  # http://127.0.0.1:PORT
    other: str  # http://localhost:PORT2: another host for the redirect
    seen: Seen
    seen_other: Seen


def _serve(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture
def endpoints() -> Iterator[Endpoints]:
    seen, seen_other = Seen(), Seen()
    second = _serve(make_handler(seen_other, []))
    other = f"http://localhost:{second.server_address[1]}"
    first = _serve(make_handler(seen, [other]))
    yield Endpoints(f"http://127.0.0.1:{first.server_address[1]}", other, seen, seen_other)
    for httpd in (first, second):
        httpd.shutdown()
        httpd.server_close()


def with_credentials(url: str) -> str:
    return url.replace("http://", f"http://ops:{SECRET}@", 1)


# ----- in process ----------------------------------------------------------------------


def test_credentials_are_sent_to_that_url_only(endpoints: Endpoints) -> None:
    profile = load(with_credentials(f"{endpoints.base}/auth"), timeout=WAIT)
    assert profile.total > 0 and SECRET not in profile.source
    assert endpoints.seen.auth["/auth"] == f"Basic {TOKEN}"
    # A redirect, to the same host or another, never carries them.
    load(with_credentials(f"{endpoints.base}/to-other-host"), timeout=WAIT)
    assert endpoints.seen_other.auth["/echo"] is None
    with pytest.raises(ProfileError) as e:
        load(with_credentials(f"{endpoints.base}/to-same-host"), timeout=WAIT)
    assert "401" in str(e.value) and SECRET not in str(e.value)


@pytest.mark.parametrize("target", ["file", "ftp", "data", "javascript", "gopher"])
def test_redirects_to_other_schemes_are_refused(endpoints: Endpoints, target: str) -> None:
    with pytest.raises(ProfileError) as e:
        load(with_credentials(f"{endpoints.base}/to-{target}"), timeout=WAIT)
    message = str(e.value)
    assert "only http and https" in message
    assert SECRET not in message and TOKEN not in message


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://127.0.0.1/x",
        "data:,goroutine",
        "gopher://127.0.0.1/",
        "jar:http://127.0.0.1/x!/y",
    ],
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(ProfileError):
        load(url, timeout=5)


def test_gzip_bomb_over_http_is_stopped_with_bounded_memory(endpoints: Endpoints) -> None:
    assert len(BOMB) < MIB
    tracemalloc.start()
    try:
        with pytest.raises(ProfileError) as e:
            load(f"{endpoints.base}/bomb", max_bytes=2 * MIB, timeout=WAIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "2,097,152" in str(e.value)
    assert peak < 16 * MIB, f"peak {peak:,} bytes for a 64 MiB bomb capped at 2 MiB"


def test_gzip_text_bomb_over_http_is_cut_at_the_cap(endpoints: Endpoints) -> None:
    tracemalloc.start()
    try:
        profile = load(f"{endpoints.base}/text-bomb", max_bytes=2 * MIB, timeout=WAIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert profile.truncated
    assert any("profile.maxBytes" in w for w in profile.warnings)
    assert peak < 16 * MIB, f"peak {peak:,} bytes for a 64 MiB bomb capped at 2 MiB"


def test_a_gzip_content_encoding_is_read_within_the_cap(endpoints: Endpoints) -> None:
    assert load(f"{endpoints.base}/gzip-encoded", timeout=WAIT).total > 0


def test_the_size_cap_holds_for_bytes_received(endpoints: Endpoints) -> None:
    with pytest.raises(ProfileError, match=r"profile\.maxBytes"):
        load(f"{endpoints.base}/big", max_bytes=len(PROFILE) * 2, timeout=WAIT)


def test_settings_defaults_are_the_readers_limits() -> None:
    limits = Settings().profile
    assert limits.max_bytes == DEFAULT_MAX_BYTES == 256 * MIB
    assert limits.timeout_seconds == DEFAULT_TIMEOUT == 30
    assert Settings().allow_tool_execution is False


def test_the_cli_never_prints_credentials(endpoints: Endpoints) -> None:
    env = server_env()
    for path in ("/auth", "/nothing-here", "/to-file", "/to-other-host"):
        url = with_credentials(f"{endpoints.base}{path}")
        done = subprocess.run(
            [sys.executable, "-m", "gostuck", "profile", url],
            capture_output=True,
            text=True,
            env=env,
            timeout=WAIT,
            check=False,
        )
        assert SECRET not in done.stdout + done.stderr, path
        assert TOKEN not in done.stdout + done.stderr, path


# ----- through the language server, with its log file at DEBUG -------------------------

LOGS: Final = Path(tempfile.mkdtemp(prefix="gostuck-url-logs-"))
MARKER: Final = LOGS / "exec-attempts.txt"


def make_client() -> LanguageClient:
    client = LanguageClient()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.CLIENT_REGISTER_CAPABILITY] = lambda _params: None
    features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda _params: None
    register_lsp_features(client, features)
    return client


def _env() -> dict[str, str]:
    return {**server_env(), "GOSTUCK_EXEC_MARKER": str(MARKER)}


CONFIG: Final = ClientServerConfig(
    server_command=[
        sys.executable,
        str(Path(__file__).with_name("no_exec_server.py")),
        "lsp",
        "--log-level",
        "DEBUG",
        "--log-file",
        str(LOGS / "server.log"),
    ],
    client_factory=make_client,
    server_env=_env(),
)


@pytest_lsp.fixture(params=["visual-studio-code"], config=CONFIG)  # type: ignore[untyped-decorator]
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=SAMPLES.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=SAMPLES.as_uri(), name="samples")],
            initialization_options={
                "debounceMs": 0,
                "profile": {"maxBytes": 4 * MIB, "timeoutSeconds": 5},
            },
        )
    )
    yield
    await lsp_client.shutdown_session()


async def command(client: LanguageClient, *args: object) -> Any:
    try:
        return await asyncio.wait_for(
            client.workspace_execute_command_async(
                types.ExecuteCommandParams(
                    command="gostuck.server.loadProfile", arguments=list(args)
                )
            ),
            WAIT,
        )
    except JsonRpcException as e:
        assert e.code == -32803, e
        return e.message


async def test_the_server_never_logs_credentials_nor_runs_a_process(
    client: LanguageClient, endpoints: Endpoints
) -> None:
    answers: list[object] = []
    for path in ("/auth", "/nothing-here", "/to-file", "/to-other-host", "/to-same-host", "/bomb"):
        answers.append(await command(client, with_credentials(f"{endpoints.base}{path}")))
    summary = answers[0]
    assert isinstance(summary, dict) and summary["total"] > 0
    assert "maxBytes" in str(answers[-1])  # the setting, not the default, stopped the bomb
    # A session that touches everything else too: no process is ever started.
    for go in sorted((SAMPLES / "leakdemo").rglob("*.go"))[:4]:
        uri = go.as_uri()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri, "go", 1, go.read_text(encoding="utf-8"))
            )
        )
        client.text_document_did_save(
            types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri))
        )
        await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(5, 2))
        )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent((SAMPLES / "go.mod").as_uri(), types.FileChangeType.Changed)]
        )
    )
    await command(client, str(FIXTURES / "closures.goroutine.pb.gz"))

    log = (LOGS / "server.log").read_text(encoding="utf-8")
    assert "loadProfile" in log or "profile" in log, "the log file was written"
    said = [
        log,
        repr(answers),
        *(m.message for m in client.log_messages),
        *(m.message for m in client.messages),
    ]
    for text in said:
        assert SECRET not in text and TOKEN not in text
    assert not MARKER.exists(), MARKER.read_text()


# The one module that starts a process: `gostuck test` runs the go command, which is what
# the user asked it to do (SECURITY.md, "What gostuck never does").
RUNS_GO: Final = ROOT / "server" / "gostuck" / "testrun" / "runner.py"


def test_no_process_module_in_the_server() -> None:
    # Belt and braces for the tripwire above: the server's code imports nothing that runs
    # programs (the CLI's `gostuck check` does not either); only `gostuck test`'s runner
    # does. The language server reaches it only through lsp/testruns.py, whose command
    # refuses unless allowToolExecution is on (tests/e2e/test_testruns.py).
    for path in (ROOT / "server" / "gostuck").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("import subprocess", "os.system(", "os.exec", "os.popen(", "pty.spawn"):
            if path == RUNS_GO and needle == "import subprocess":
                continue
            assert needle not in text, f"{path}: {needle}"
        core = ("lsp", "analysis", "checks", "profile", "overlay", "syntax")
        if path.parent.name in core and path.name != "testruns.py":
            assert "gostuck.testrun" not in text, f"{path} imports the test runner"
    assert "import subprocess" in RUNS_GO.read_text(encoding="utf-8")
    assert os.environ.get("GOSTUCK_EXEC_MARKER") is None
