"""``gostuck.server.runTests`` in a real ``gostuck lsp``, with the real Go toolchain.

Refused without allowToolExecution; with it, a code lens per test, a run that shows the
leaks like a loaded profile, and a clean run that takes them away. The workspace is a
copy of tests/fixtures/gotest.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from conftest import ROOT, find_go, go_env
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

FIXTURE = ROOT / "tests" / "fixtures" / "gotest"
WAIT = 240.0

pytestmark = [
    pytest.mark.go,
    pytest.mark.slow,
    pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning"),
]


def server_env() -> dict[str, str]:
    env = go_env()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "server"), str(ROOT)])
    go = find_go()
    if go is not None:
        env["PATH"] = os.path.dirname(go) + os.pathsep + env.get("PATH", "")
    return env


def make_client() -> LanguageClient:
    client = LanguageClient()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.CLIENT_REGISTER_CAPABILITY] = lambda _params: None
    features[types.WORKSPACE_CODE_LENS_REFRESH] = lambda _params: None
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(
    server_command=[sys.executable, "-m", "gostuck", "lsp"],
    server_env=server_env(),
    client_factory=make_client,
)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("lsp") / "mod"
    shutil.copytree(FIXTURE, copy)
    return copy


@pytest_lsp.fixture(params=[False, True], config=CONFIG)  # type: ignore[untyped-decorator]
async def client(
    request: pytest.FixtureRequest, lsp_client: LanguageClient, workspace: Path
) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="mod")],
            initialization_options={"debounceMs": 0, "allowToolExecution": request.param},
        )
    )
    lsp_client.allowed = request.param  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def until(check: Callable[[], bool], what: str) -> None:
    async def poll() -> None:
        while not check():
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(poll(), WAIT)
    except TimeoutError:
        pytest.fail(f"the server never got there: {what}")


def open_file(client: LanguageClient, path: Path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="go", version=1, text=path.read_text())
        )
    )
    return uri


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines()) if text in line)


async def run(client: LanguageClient, *args: Any) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="gostuck.server.runTests", arguments=list(args))
    )


async def test_run_tests_with_leak_check(client: LanguageClient, workspace: Path) -> None:
    leaky = workspace / "leaky"
    test_uri = open_file(client, leaky / "leaky_test.go")
    src_uri = open_file(client, leaky / "leaky.go")
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(types.TextDocumentIdentifier(test_uri))
    )
    assert lenses is not None
    named = {
        lens.command.arguments[1]: lens
        for lens in lenses
        if lens.command and lens.command.arguments
    }
    assert "TestFetchTimeout" in named and "TestSum" in named
    lens = named["TestFetchTimeout"]
    assert lens.command is not None and lens.command.arguments is not None
    args = list(lens.command.arguments)
    assert lens.range.start.line == line_of(leaky / "leaky_test.go", "func TestFetchTimeout")
    if not client.allowed:  # type: ignore[attr-defined]
        with pytest.raises(JsonRpcException, match="allowToolExecution"):
            await run(client, *args)
        with pytest.raises(JsonRpcException, match="allowToolExecution"):
            await run(client, test_uri)
        return
    with pytest.raises(JsonRpcException, match="a file or folder URI and a test name, got 3"):
        await run(client, test_uri, "TestSum", "TestFetchTimeout")
    result = await run(client, *args)
    assert result["leaks"][0]["test"] == "TestFetchTimeout", result
    send = line_of(leaky / "leaky.go", "ch <- 42")
    go_line = line_of(leaky / "leaky.go", "go func() {")

    def codes_at(line: int) -> set[str]:
        return {
            str(d.code) for d in client.diagnostics.get(src_uri, []) if d.range.start.line == line
        }

    def confirmed() -> list[types.Diagnostic]:
        return [
            d
            for d in client.diagnostics.get(src_uri, [])
            if d.code == "GS1001" and "profile confirms" in d.message
        ]

    # One problem per leak: the static GS1001 on the go statement carries the run's count
    # and names the test that leaks it.
    await until(lambda: bool(confirmed()), "the leak confirmed at its go statement")
    (started,) = confirmed()
    assert started.range.start.line == go_line
    assert started.severity == types.DiagnosticSeverity.Error
    assert started.message.endswith("1 leaked; leaked by TestFetchTimeout)"), started.message
    assert "GS9001" not in codes_at(send)
    assert "GS9002" not in codes_at(go_line)

    # Without the static finding, the run's GS9001 where the goroutine blocks names the test.
    def settings(ignore: list[str]) -> None:
        client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(
                settings={
                    "gostuck": {"debounceMs": 0, "allowToolExecution": True, "ignore": ignore}
                }
            )
        )

    def blocked() -> list[types.Diagnostic]:
        return [
            d
            for d in client.diagnostics.get(src_uri, [])
            if d.code == "GS9001" and d.range.start.line == send
        ]

    settings(["GS1001"])
    await until(lambda: bool(blocked()), "GS9001 at the send once GS1001 is ignored")
    (at_send,) = blocked()
    assert at_send.message.endswith(
        f"created at leaky.go:{go_line + 1}; leaked by TestFetchTimeout"
    ), at_send.message
    settings([])
    await until(lambda: bool(confirmed()), "the leak confirmed again")
    # The package's tests, with no test named (Run Tests with Leak Check on "This package").
    package = await run(client, src_uri)
    assert ("TestFetchTimeout", 1) in [(leak["test"], leak["count"]) for leak in package["leaks"]]
    # A run without leaks takes the earlier run's results away.
    clean = await run(client, test_uri, "TestSum")
    assert clean["leaks"] == []
    await until(lambda: not confirmed(), "the earlier leaks cleared")
