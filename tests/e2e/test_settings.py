"""Settings reach the analysis and the diagnostics, at start-up and when they change."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsp_harness import (
    CLIENTS,
    CONFIG,
    FIXTURES,
    initialize,
    open_text,
    shutdown,
    wait_newer,
    wait_published,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")


@pytest_lsp.fixture(params=CLIENTS, config=CONFIG)  # type: ignore[untyped-decorator]
async def bare(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """Start a server that the test initialises with its own settings."""
    yield
    await shutdown(lsp_client)


@pytest.fixture
def name(request: pytest.FixtureRequest) -> str:
    value: str = request.node.callspec.params["bare"]
    return value


def copy_fixes(tmp_path: Path) -> None:
    for f in ("buffer.go", "ctxdone.go", "closejobs.go"):
        shutil.copyfile(FIXTURES / "fixes" / f, tmp_path / f)


async def codes(client: LanguageClient, path: Path, version: int = 1) -> list[str]:
    pub = await wait_published(client, path.as_uri(), version)
    return sorted(str(d.code) for d in pub.diagnostics)


async def test_severity_override_and_confidence(
    bare: LanguageClient, tmp_path: Path, name: str
) -> None:
    copy_fixes(tmp_path)
    await initialize(bare, name, root=tmp_path, options={"severityOverrides": {"GS1001": "error"}})
    buffer, ctxdone = tmp_path / "buffer.go", tmp_path / "ctxdone.go"
    open_text(bare, buffer)
    open_text(bare, ctxdone)
    (b,) = (await wait_published(bare, buffer.as_uri(), 1)).diagnostics
    (c,) = (await wait_published(bare, ctxdone.as_uri(), 1)).diagnostics
    assert b.severity == types.DiagnosticSeverity.Error  # the override
    assert c.code == "GS2001"
    assert c.severity == types.DiagnosticSeverity.Hint  # medium confidence


async def test_select_and_min_confidence(bare: LanguageClient, tmp_path: Path, name: str) -> None:
    copy_fixes(tmp_path)
    await initialize(bare, name, root=tmp_path, options={"select": ["GS3"]})
    paths = [tmp_path / f for f in ("buffer.go", "ctxdone.go", "closejobs.go")]
    for p in paths:
        open_text(bare, p)
    assert [await codes(bare, p) for p in paths] == [[], [], ["GS3001"]]


async def test_changed_configuration_reanalyses_open_files(
    bare: LanguageClient, tmp_path: Path, name: str
) -> None:
    copy_fixes(tmp_path)
    await initialize(bare, name, root=tmp_path, options={"minConfidence": "high"})
    ctxdone = tmp_path / "ctxdone.go"
    uri = open_text(bare, ctxdone)
    assert await codes(bare, ctxdone) == []  # GS2001 here is of medium confidence
    count = len(bare.messages)
    bare.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gostuck": {"minConfidence": "low"}})
    )
    pub = await wait_published(bare, uri, 1)
    while not pub.diagnostics:  # the publish before the change, then the one after it
        pub = await wait_newer(bare, pub)
    assert [d.code for d in pub.diagnostics] == ["GS2001"]
    assert len(bare.messages) == count  # a good setting shows nothing
