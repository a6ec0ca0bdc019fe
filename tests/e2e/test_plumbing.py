"""Document sync, versions, crashes and cross-file re-analysis, with a scripted analysis.

The server is the real one (``fake_analysis.py`` only swaps the analysis function), so these
tests pin down the protocol behaviour independently of what the checks find.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsp_harness import (
    CLIENTS,
    FAKE_CONFIG,
    WAIT,
    apply_edits,
    edits_for,
    encoding_for,
    initialize,
    line_of,
    open_text,
    range_of,
    record,
    shutdown,
    wait_published,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

A_GO = """package demo

// 启动一个 goroutine 🚀 (a comment with wide characters)
func start(ch chan int) {
	/* 注意 🙂 */ go leak(ch)
}
"""
B_GO = """package demo

func leak(ch chan int) {
	ch <- 1
}
"""


@pytest_lsp.fixture(params=CLIENTS, config=FAKE_CONFIG)  # type: ignore[untyped-decorator]
async def fake(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """Start the server with the scripted analysis; the test initialises it."""
    yield
    await shutdown(lsp_client)


@pytest.fixture
def name(request: pytest.FixtureRequest) -> str:
    value: str = request.node.callspec.params["fake"]
    return value


def change(
    client: LanguageClient, uri: str, version: int, rng: types.Range | None, text: str
) -> None:
    """Send one content change (incremental when ``rng`` is given)."""
    event: types.TextDocumentContentChangeEvent = (
        types.TextDocumentContentChangePartial(range=rng, text=text)
        if rng is not None
        else types.TextDocumentContentChangeWholeDocument(text=text)
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[event],
        )
    )


async def roundtrip(client: LanguageClient, uri: str) -> None:
    """Make a request and wait for its answer: every earlier notification has been handled."""
    await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 0))
    )


async def next_diagnostic(client: LanguageClient, uri: str, after: int) -> types.Diagnostic:
    """Wait for the first publish for ``uri`` after ``published[after]``; return its one item."""

    async def poll() -> types.Diagnostic:
        while True:
            for p in record(client).published[after + 1 :]:
                if p.uri == uri:
                    (d,) = p.diagnostics
                    return d
            record(client).changed.clear()
            await record(client).changed.wait()

    return await asyncio.wait_for(poll(), WAIT)


def no_analysis_errors(client: LanguageClient) -> None:
    errors = [m.message for m in client.messages if "could not analyse" in m.message]
    assert errors == []


async def test_go_keyword_range_after_wide_characters(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    (tmp_path / "a.go").write_text(A_GO)
    (tmp_path / "b.go").write_text(B_GO)
    uri = open_text(fake, tmp_path / "a.go")
    pub = await wait_published(fake, uri, 1)
    enc = encoding_for(fake)
    (diag,) = pub.diagnostics
    assert diag.range == range_of(A_GO, 4, "go", enc)
    assert diag.code == "GS1001"
    assert diag.source == "gostuck"
    assert diag.related_information is not None
    (rel,) = diag.related_information
    assert rel.location.uri == (tmp_path / "b.go").as_uri()
    assert rel.location.range.start.line == 3
    no_analysis_errors(fake)


async def test_incremental_edits_introduce_then_remove_a_leak(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    enc = encoding_for(fake)
    text = A_GO.replace("go leak(ch)", "leak(ch)")
    (tmp_path / "a.go").write_text(text)
    uri = open_text(fake, tmp_path / "a.go")
    assert list((await wait_published(fake, uri, 1)).diagnostics) == []

    # Type "go " before the call, one character at a time, after the wide characters.
    version = 1
    for ch in "go ":
        rng = range_of(text, 4, "leak(ch)", enc)
        rng = types.Range(rng.start, rng.start)
        version += 1
        change(fake, uri, version, rng, ch)
        text = apply_edits(text, [types.TextEdit(rng, ch)], enc)
    assert "go leak(ch)" in text
    (diag,) = (await wait_published(fake, uri, version)).diagnostics
    assert diag.range == range_of(text, 4, "go", enc)

    # Insert a line with an emoji above, so the leak moves down a line.
    version += 1
    top = types.Range(types.Position(3, 0), types.Position(3, 0))
    change(fake, uri, version, top, "// 🙂🙂 moved\n")
    text = apply_edits(text, [types.TextEdit(top, "// 🙂🙂 moved\n")], enc)
    (diag,) = (await wait_published(fake, uri, version)).diagnostics
    assert diag.range == range_of(text, 5, "go", enc)

    # Delete "go " again: the leak is gone.
    version += 1
    rng = range_of(text, 5, "go ", enc)
    change(fake, uri, version, rng, "")
    text = apply_edits(text, [types.TextEdit(rng, "")], enc)
    assert list((await wait_published(fake, uri, version)).diagnostics) == []

    # A full-text change works too.
    version += 1
    change(fake, uri, version, None, A_GO)
    assert len((await wait_published(fake, uri, version)).diagnostics) == 1
    no_analysis_errors(fake)


async def test_result_for_an_old_version_is_never_published(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    gate = tmp_path / "gate"
    slow = A_GO + f"// gate: {gate}\n"
    (tmp_path / "a.go").write_text(slow)
    uri = open_text(fake, tmp_path / "a.go")  # version 1: its analysis waits at the gate
    change(fake, uri, 2, None, A_GO)  # version 2 arrives while version 1 is analysed
    await roundtrip(fake, uri)
    gate.write_text("open")
    pub = await wait_published(fake, uri, 2)
    assert len(pub.diagnostics) == 1
    await roundtrip(fake, uri)
    versions = [p.version for p in record(fake).published if p.uri == uri]
    assert versions == [2]


async def test_crash_in_analysis_keeps_the_server_alive(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    (tmp_path / "a.go").write_text(A_GO + "// crash\n")
    uri = open_text(fake, tmp_path / "a.go")
    assert list((await wait_published(fake, uri, 1)).diagnostics) == []
    change(fake, uri, 2, None, A_GO + "// crash again\n")
    assert list((await wait_published(fake, uri, 2)).diagnostics) == []
    shown = [m.message for m in fake.messages if "scripted crash" in m.message]
    assert len(shown) == 1  # shown once, however often it happens
    change(fake, uri, 3, None, A_GO)
    assert len((await wait_published(fake, uri, 3)).diagnostics) == 1


async def test_close_clears_diagnostics(fake: LanguageClient, tmp_path: Path, name: str) -> None:
    await initialize(fake, name, root=tmp_path)
    (tmp_path / "a.go").write_text(A_GO)
    uri = open_text(fake, tmp_path / "a.go")
    assert len((await wait_published(fake, uri, 1)).diagnostics) == 1
    fake.text_document_did_close(
        types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
    )
    pub = await wait_published(fake, uri, None)
    while pub.version is not None:  # wait for the publish that has no version
        record(fake).changed.clear()
        await asyncio.wait_for(record(fake).changed.wait(), WAIT)
        pub = record(fake).published[-1]
    assert list(pub.diagnostics) == []


async def test_open_buffer_of_a_sibling_wins_and_its_edits_reanalyse(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    (tmp_path / "a.go").write_text(A_GO)
    (tmp_path / "b.go").write_text(B_GO)
    a = open_text(fake, tmp_path / "a.go")
    (diag,) = (await wait_published(fake, a, 1)).diagnostics
    assert diag.related_information  # the send in b.go, read from disk

    b = open_text(fake, tmp_path / "b.go")
    await wait_published(fake, b, 1)
    # Remove the send from the b.go buffer (not from disk): a.go is analysed again.
    change(fake, b, 2, None, B_GO.replace("ch <- 1", "_ = ch"))
    await wait_published(fake, b, 2)
    after = next(i for i, p in enumerate(record(fake).published) if p.uri == b and p.version == 2)
    diag = await next_diagnostic(fake, a, after)
    assert not diag.related_information  # the buffer won over the file on disk


async def test_watched_file_change_reanalyses_open_files_of_the_package(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    (tmp_path / "a.go").write_text(A_GO)
    (tmp_path / "b.go").write_text(B_GO.replace("ch <- 1", "_ = ch"))
    a = open_text(fake, tmp_path / "a.go")
    (diag,) = (await wait_published(fake, a, 1)).diagnostics
    assert not diag.related_information
    (tmp_path / "b.go").write_text(B_GO)
    before = len(record(fake).published) - 1
    fake.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=(tmp_path / "b.go").as_uri(), type=types.FileChangeType.Changed)
            ]
        )
    )

    diag = await next_diagnostic(fake, a, before)
    assert diag.related_information


async def test_hover_on_go_and_on_the_blocking_operation_in_another_file(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    enc = encoding_for(fake)
    (tmp_path / "a.go").write_text(A_GO)
    (tmp_path / "b.go").write_text(B_GO)
    a = open_text(fake, tmp_path / "a.go")
    await wait_published(fake, a, 1)
    go = range_of(A_GO, 4, "go", enc)
    hover = await fake.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(a), go.start)
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "GS1001" in hover.contents.value
    # The message and the related places are the editor's to show beside the hover; the
    # hover leads with the check, the fix and the docs.
    assert "goroutine leaks" not in hover.contents.value
    assert "GS1001 documentation" in hover.contents.value.split("\n\n---\n\n")[0]
    assert hover.range == go

    b = open_text(fake, tmp_path / "b.go")
    await wait_published(fake, b, 1)
    send = range_of(B_GO, 3, "ch <- 1", enc)
    hover = await fake.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(b), send.start)
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert "blocks here forever:" in hover.contents.value
    assert "goroutine leaks" in hover.contents.value  # no diagnostic here: the message is
    assert "[a.go:5](" in hover.contents.value  # the go statement in the other file, a link

    nothing = await fake.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(a), types.Position(0, 0))
    )
    assert nothing is None


async def test_ignore_action_inserts_directive_with_indentation(
    fake: LanguageClient, tmp_path: Path, name: str
) -> None:
    await initialize(fake, name, root=tmp_path)
    enc = encoding_for(fake)
    (tmp_path / "a.go").write_text(A_GO)
    a = open_text(fake, tmp_path / "a.go")
    (diag,) = (await wait_published(fake, a, 1)).diagnostics
    actions = await fake.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(a),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    assert actions is not None
    (action,) = actions
    assert isinstance(action, types.CodeAction)
    assert action.title == "Ignore GS1001 on this line"
    assert action.kind == types.CodeActionKind.QuickFix
    assert list(action.diagnostics or ()) == [diag]
    fixed = apply_edits(A_GO, edits_for(action, a), enc)
    line = line_of(A_GO, "go leak")
    expected = A_GO.split("\n")
    expected.insert(line, "\t//gostuck:ignore GS1001 <reason>")
    assert fixed == "\n".join(expected)

    only_refactor = await fake.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(a),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag], only=["refactor"]),
        )
    )
    assert not only_refactor
