"""The language server over the real analysis: diagnostics, hovers, quick fixes, edits.

Each test runs as VS Code (UTF-16 positions, versioned workspace edits) and as Neovim (UTF-8
positions, plain edits). The Go files live in ``fixtures/`` and are copied to a temporary
folder, so applying fixes never touches the repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import GoToolchain
from gostuck.analysis import registry
from lsp_harness import (
    FIXTURES,
    apply_edits,
    client,
    edits_for,
    encoding_for,
    line_of,
    open_text,
    range_of,
    record,
    wait_published,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

__all__ = ["client"]  # the fixture, imported for pytest

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.checks.LspSpecificationWarning")

FIXES = FIXTURES / "fixes"
UPDATE = os.environ.get("GOSTUCK_UPDATE_GOLDEN") == "1"


def copy(tmp_path: Path, *names: str, src: Path = FIXES) -> list[Path]:
    out = []
    for name in names:
        dst = tmp_path / name
        shutil.copyfile(src / name, dst)
        out.append(dst)
    return out


def change(
    client: LanguageClient, uri: str, version: int, rng: types.Range | None, text: str
) -> None:
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


async def actions_for(
    client: LanguageClient, uri: str, diag: types.Diagnostic
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=diag.range,
            context=types.CodeActionContext(diagnostics=[diag]),
        )
    )
    actions = [a for a in result or [] if isinstance(a, types.CodeAction)]
    assert len(actions) == len(result or [])
    return actions


async def hover_text(client: LanguageClient, uri: str, pos: types.Position) -> str:
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), pos)
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.Markdown
    return hover.contents.value


async def test_diagnostic_code_range_severity_link_and_related(
    client: LanguageClient, tmp_path: Path
) -> None:
    (path,) = copy(tmp_path, "buffer.go")
    text = path.read_text()
    enc = encoding_for(client)
    uri = open_text(client, path)
    (diag,) = (await wait_published(client, uri, 1)).diagnostics
    go_line = line_of(text, "go func()")
    assert diag.code == "GS1001"
    assert diag.source == "gostuck"
    assert diag.range == range_of(text, go_line, "go", enc)
    assert diag.severity == types.DiagnosticSeverity.Warning
    assert diag.message == (
        'goroutine blocks forever sending on "result" when Square returns without receiving'
    )
    assert diag.code_description is not None
    assert diag.code_description.href == registry.DOCS_URL.format(code="GS1001")
    assert isinstance(diag.data, dict)
    assert diag.data["code"] == "GS1001"
    related = {
        (r.location.uri, r.location.range.start.line): r for r in diag.related_information or []
    }
    send = line_of(text, "result <- slowSquare")
    give_up = line_of(text, "return 0, ctx.Err()")
    made = line_of(text, "make(chan int)")
    assert set(related) == {(uri, send), (uri, give_up), (uri, made)}
    assert related[uri, send].location.range == range_of(text, send, "result <- slowSquare(n)", enc)
    assert related[uri, made].location.range == range_of(text, made, "make(chan int)", enc)
    assert all(r.message for r in related.values())


async def test_hover_on_go_blocking_operation_and_make(
    client: LanguageClient, tmp_path: Path
) -> None:
    (path,) = copy(tmp_path, "buffer.go")
    text = path.read_text()
    enc = encoding_for(client)
    uri = open_text(client, path)
    await wait_published(client, uri, 1)
    on_go = await hover_text(
        client, uri, range_of(text, line_of(text, "go func()"), "go", enc).start
    )
    assert "**GS1001**" in on_go
    assert 'sending on "result"' not in on_go  # the diagnostic's message, shown beside it
    assert "**Why:**" in on_go
    # At most six lines before the details: what, the fix, the docs; the places the
    # editor lists as related information are not repeated.
    head = on_go.split("\n\n---\n\n")[0].splitlines()
    assert len(head) <= 6
    assert 'Give "result" a buffer of 1' in head[1]  # the fix
    assert registry.DOCS_URL.format(code="GS1001") in head[-1]  # the docs link
    assert f"buffer.go:{line_of(text, 'result <- slowSquare') + 1}" not in on_go

    send = range_of(text, line_of(text, "result <- slowSquare"), "result <-", enc)
    on_send = await hover_text(client, uri, send.start)
    assert "a goroutine blocks here forever:" in on_send
    assert 'sending on "result"' in on_send  # what leaks, where no diagnostic says it
    assert f"started at [buffer.go:{line_of(text, 'go func()') + 1}]" in on_send
    assert "**GS1001**" in on_send

    made = range_of(text, line_of(text, "make(chan int)"), "make", enc)
    on_make = await hover_text(client, uri, made.start)
    assert "a goroutine leaks on this channel:" in on_make


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


@pytest.mark.parametrize("name", ["buffer.go", "ctxdone.go", "closejobs.go"])
async def test_each_quick_fix_matches_its_golden_file_and_fixes_the_leak(
    client: LanguageClient, tmp_path: Path, name: str
) -> None:
    (path,) = copy(tmp_path, name)
    original = path.read_text()
    enc = encoding_for(client)
    uri = open_text(client, path)
    (diag,) = (await wait_published(client, uri, 1)).diagnostics
    actions = await actions_for(client, uri, diag)
    assert actions[-1].title == f"Ignore {diag.code} on this line"
    assert len(actions) >= 2, "every fixture has at least one real fix"
    assert actions[0].is_preferred
    stem = name.removesuffix(".go")
    goldens = {p.name for p in FIXES.glob(f"{stem}.*.go.golden")}
    seen = set()
    version = 1
    for action in actions:
        assert action.kind == types.CodeActionKind.QuickFix
        assert list(action.diagnostics or ()) == [diag]
        assert action.edit is not None
        if (
            client.capabilities
            and client.capabilities.workspace
            and (
                client.capabilities.workspace.workspace_edit
                and client.capabilities.workspace.workspace_edit.document_changes
            )
        ):
            assert action.edit.document_changes is not None
            (doc_edit,) = action.edit.document_changes
            assert isinstance(doc_edit, types.TextDocumentEdit)
            assert doc_edit.text_document.version == 1
        fixed = apply_edits(original, edits_for(action, uri), enc)
        golden = FIXES / f"{stem}.{slug(action.title)}.go.golden"
        seen.add(golden.name)
        if UPDATE:
            golden.write_text(fixed)
        assert fixed == golden.read_text(), action.title

        # The fixed text has no finding left. The ignore directive's reason is a placeholder
        # to replace: left as it is, it suppresses nothing and is reported (GS0002); with a
        # reason, the finding is gone.
        if action.title.startswith("Ignore "):
            version += 1
            change(client, uri, version, None, fixed)
            codes = sorted(
                str(d.code) for d in (await wait_published(client, uri, version)).diagnostics
            )
            assert codes == sorted(["GS0002", str(diag.code)]), action.title
            fixed = fixed.replace("<reason>", "the parent always receives (see drain)")
        version += 1
        change(client, uri, version, None, fixed)
        assert list((await wait_published(client, uri, version)).diagnostics) == [], action.title
        version += 1
        change(client, uri, version, None, original)
        assert len((await wait_published(client, uri, version)).diagnostics) == 1
    assert seen == goldens, "a golden file without an action, or an action without one"


async def test_typing_introduces_then_removes_a_leak(
    client: LanguageClient, tmp_path: Path
) -> None:
    enc = encoding_for(client)
    path = tmp_path / "buffer.go"
    text = (FIXES / "buffer.give-result-a-buffer-of-1.go.golden").read_text()
    path.write_text(text)
    uri = open_text(client, path)
    assert list((await wait_published(client, uri, 1)).diagnostics) == []
    made = line_of(text, "make(chan int, 1)")

    # Delete ", 1" one character at a time, from the right.
    version = 1
    for _ in range(3):
        line = text.split("\n")[made]
        end = line.index(")", line.index("make("))
        rng = types.Range(
            types.Position(made, len_before(line, end - 1, enc)),
            types.Position(made, len_before(line, end, enc)),
        )
        version += 1
        change(client, uri, version, rng, "")
        text = apply_edits(text, [types.TextEdit(rng, "")], enc)
    assert "make(chan int)" in text
    (diag,) = (await wait_published(client, uri, version)).diagnostics
    assert diag.code == "GS1001"
    assert diag.range == range_of(text, line_of(text, "go func()"), "go", enc)

    # Type it back.
    base = text.split("\n")[made].index("make(chan int") + len("make(chan int")
    for i, ch in enumerate(", 1"):
        line = text.split("\n")[made]
        at = types.Position(made, len_before(line, base + i, enc))
        rng = types.Range(at, at)
        version += 1
        change(client, uri, version, rng, ch)
        text = apply_edits(text, [types.TextEdit(rng, ch)], enc)
    assert "make(chan int, 1)" in text
    assert list((await wait_published(client, uri, version)).diagnostics) == []
    # Every publish carried a version the client had sent, in order.
    versions = [p.version or 0 for p in record(client).published if p.uri == uri]
    assert versions == sorted(versions)


def len_before(line: str, index: int, enc: str) -> int:
    prefix = line[:index]
    return len(prefix.encode("utf-8")) if enc == "utf-8" else len(prefix.encode("utf-16-le")) // 2


async def test_non_ascii_columns(client: LanguageClient, tmp_path: Path) -> None:
    (path,) = copy(tmp_path, "wide.go", src=FIXTURES / "unicode")
    text = path.read_text()
    enc = encoding_for(client)
    uri = open_text(client, path)
    (diag,) = (await wait_published(client, uri, 1)).diagnostics
    go_line = line_of(text, "/* 启动 🚀 */ go func()")
    assert diag.range == range_of(text, go_line, "go", enc)
    related = {
        r.location.range.start.line: r.location.range for r in diag.related_information or []
    }
    send = line_of(text, "ch <- 42")
    made = line_of(text, "make(chan int)")
    assert related[send] == range_of(text, send, "ch <- 42", enc)
    assert related[made] == range_of(text, made, "make(chan int)", enc)
    # A hover at the `go` after the wide characters finds the finding; the comment does not.
    assert "**GS1001**" in await hover_text(client, uri, diag.range.start)
    comment = range_of(text, go_line, "启动", enc).start
    result = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), comment)
    )
    assert result is None or "**GS1001**" in str(result.contents)  # same first line


async def test_go_statement_and_blocking_operation_in_different_files(
    client: LanguageClient, tmp_path: Path
) -> None:
    start, worker = copy(tmp_path, "start.go", "worker.go", src=FIXTURES / "crossfile")
    start_text, worker_text = start.read_text(), worker.read_text()
    enc = encoding_for(client)
    start_uri = open_text(client, start)
    (diag,) = (await wait_published(client, start_uri, 1)).diagnostics
    assert diag.code == "GS1001"
    assert diag.range == range_of(start_text, line_of(start_text, "go lookupInto"), "go", enc)
    blocks = [r for r in diag.related_information or [] if r.location.uri == worker.as_uri()]
    (block,) = blocks
    send = line_of(worker_text, "out <-")
    assert block.location.range == range_of(worker_text, send, "out <- strings.ToUpper(key)", enc)

    # Hover on the send in worker.go explains the leak started in start.go.
    worker_uri = open_text(client, worker)
    assert list((await wait_published(client, worker_uri, 1)).diagnostics) == []
    text = await hover_text(client, worker_uri, block.location.range.start)
    assert "a goroutine blocks here forever:" in text
    assert f"start.go:{line_of(start_text, 'go lookupInto') + 1}" in text

    # Edit worker.go so it no longer sends: start.go is analysed again and is clean.
    count = len(record(client).published)
    change(
        client, worker_uri, 2, None, worker_text.replace("out <- strings.ToUpper(key)", "_ = out")
    )
    await wait_published(client, worker_uri, 2)
    while (
        not any(p.uri == start_uri for p in record(client).published[count:])
        or [p for p in record(client).published[count:] if p.uri == start_uri][-1].diagnostics
    ):
        record(client).changed.clear()
        await record(client).changed.wait()
    last = [p for p in record(client).published if p.uri == start_uri][-1]
    assert last.version == 1
    assert list(last.diagnostics) == []


@pytest.mark.go
def test_fixtures_and_goldens_are_gofmt_clean(go: GoToolchain) -> None:
    gofmt = Path(
        subprocess.run(
            [go.binary, "env", "GOROOT"], env=go.env, capture_output=True, text=True, check=True
        ).stdout.strip(),
        "bin",
        "gofmt",
    )
    files = sorted(FIXTURES.rglob("*.go")) + sorted(FIXTURES.rglob("*.go.golden"))
    assert len(files) > 10
    for f in files:
        result = subprocess.run(
            [str(gofmt), "-l"], input=f.read_text(), capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{f.name}: {result.stderr}"
        assert result.stdout == "", f"{f.name} is not gofmt-formatted"


async def test_half_typed_statement_does_not_blink_the_diagnostics(
    client: LanguageClient, tmp_path: Path
) -> None:
    (path,) = copy(tmp_path, "buffer.go")
    text = path.read_text()
    enc = encoding_for(client)
    uri = open_text(client, path)
    assert len((await wait_published(client, uri, 1)).diagnostics) == 1
    line = line_of(text, "\tselect {")
    at = types.Position(line, 0)
    change(client, uri, 2, types.Range(at, at), "\n")
    text = apply_edits(text, [types.TextEdit(types.Range(at, at), "\n")], enc)
    assert len((await wait_published(client, uri, 2)).diagnostics) == 1
    version = 2
    for i, ch in enumerate("\t_ = len(n)"):
        pos = types.Position(line, i)
        version += 1
        change(client, uri, version, types.Range(pos, pos), ch)
        (diag,) = (await wait_published(client, uri, version)).diagnostics
        assert diag.code == "GS1001"
        assert diag.range == range_of(text, line_of(text, "go func()"), "go", enc)
