"""Byte columns <-> client columns, and core values -> LSP values (gostuck.lsp.convert)."""

from __future__ import annotations

import pytest
from gostuck.analysis.model import (
    Confidence,
    Finding,
    Fix,
    Related,
    Role,
    Severity,
    Span,
    TextEdit,
)
from gostuck.lsp import convert
from gostuck.lsp.documents import BytesLines
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

# `go` after a Chinese comment and an emoji: 3-byte and 4-byte UTF-8 characters.
LINE = "\t/* 启动 🚀 */ go worker(ch)".encode()
GO_BYTE = LINE.index(b"go worker")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        # tab, "/* " (3), 启动 (2 chars), " " , 🚀 (1 char, 2 UTF-16 units), " */ " (4)
        (convert.UTF16, 1 + 3 + 2 + 1 + 2 + 4),
        (convert.UTF32, 1 + 3 + 2 + 1 + 1 + 4),
        (convert.UTF8, GO_BYTE),
    ],
)
def test_go_keyword_column_in_each_encoding(encoding: str, expected: int) -> None:
    assert convert.to_client_col(LINE, GO_BYTE, encoding) == expected
    assert convert.to_byte_col(LINE, expected, encoding) == GO_BYTE
    end = convert.to_client_col(LINE, GO_BYTE + 2, encoding)
    assert end - expected == 2  # `go` is two units wide in every encoding


def test_ascii_line_is_identity() -> None:
    line = b"\tgo func() { ch <- 1 }()"
    for enc in (convert.UTF8, convert.UTF16, convert.UTF32):
        assert convert.to_client_col(line, 5, enc) == 5
        assert convert.to_byte_col(line, 5, enc) == 5


def test_columns_clamp_to_line_end() -> None:
    assert convert.to_client_col(LINE, 10_000, convert.UTF16) == len(LINE.decode()) + 1
    assert convert.to_byte_col(LINE, 10_000, convert.UTF16) == len(LINE)
    assert convert.to_byte_col(LINE, -3, convert.UTF16) == 0


def test_column_inside_surrogate_pair_moves_to_character_end() -> None:
    line = "🚀x".encode()
    # UTF-16 column 1 is between the two halves of the rocket.
    assert convert.to_byte_col(line, 1, convert.UTF16) == 4
    assert convert.to_byte_col(line, 2, convert.UTF16) == 4
    assert convert.to_byte_col(line, 3, convert.UTF16) == 5


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\n")))
def test_utf16_round_trip_at_every_character(text: str) -> None:
    line = text.encode()
    byte = 0
    units = 0
    for ch in text:
        assert convert.to_client_col(line, byte, convert.UTF16) == units
        assert convert.to_byte_col(line, units, convert.UTF16) == byte
        byte += len(ch.encode())
        units += 2 if ord(ch) > 0xFFFF else 1
    assert convert.to_client_col(line, byte, convert.UTF16) == units


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (types.PositionEncodingKind.Utf8, convert.UTF8),
        (types.PositionEncodingKind.Utf16, convert.UTF16),
        ("utf-32", convert.UTF32),
        (None, convert.UTF16),
        ("latin-1", convert.UTF16),
    ],
)
def test_encoding_of(kind: str | types.PositionEncodingKind | None, expected: str) -> None:
    assert convert.encoding_of(kind) == expected


SOURCE = "package p\n\n// 注释 🙂\nfunc f() {\n\t/* 启动 🚀 */ go worker(ch)\n}\n".encode()
PATH = "/w/p/a.go"
OTHER = "/w/p/b.go"
OTHER_SOURCE = "package p\n\nfunc worker(ch chan int) {\n\tch <- 1 // 阻塞\n}\n".encode()


def finding() -> Finding:
    go = SOURCE.split(b"\n")[4].index(b"go ")
    send = OTHER_SOURCE.split(b"\n")[3].index(b"ch <-")
    return Finding(
        code="GS1001",
        name="send-without-receiver",
        message='send on "ch" blocks forever',
        span=Span(PATH, 4, go, 4, go + 2),
        severity=Severity.WARNING,
        confidence=Confidence.HIGH,
        related=(Related(Role.BLOCK, Span(OTHER, 3, send, 3, send + 7), "blocks here"),),
        fixes=(Fix("Give the channel a buffer of 1", (TextEdit(Span(PATH, 4, 0, 4, 1), "  "),)),),
        data=(("channel", "ch"),),
    )


def lines_for(path: str) -> BytesLines | None:
    return {PATH: BytesLines(SOURCE), OTHER: BytesLines(OTHER_SOURCE)}.get(path)


def test_diagnostic_fields_and_related_location_in_another_file() -> None:
    diag = convert.diagnostic(
        finding(),
        BytesLines(SOURCE),
        convert.UTF16,
        severity=Severity.WARNING,
        docs_url="https://example.invalid/GS1001",
        lines_for=lines_for,
        data={"code": "GS1001", "channel": "ch"},
    )
    assert diag.range == types.Range(types.Position(4, 13), types.Position(4, 15))
    assert diag.code == "GS1001"
    assert diag.source == "gostuck"
    assert diag.severity == types.DiagnosticSeverity.Warning
    assert diag.code_description == types.CodeDescription(href="https://example.invalid/GS1001")
    assert diag.data == {"code": "GS1001", "channel": "ch"}
    assert diag.related_information is not None
    (rel,) = diag.related_information
    assert rel.location.uri == "file:///w/p/b.go"
    assert rel.location.range == types.Range(types.Position(3, 1), types.Position(3, 8))
    assert rel.message == "blocks here"


def test_related_place_in_unknown_file_is_dropped() -> None:
    diag = convert.diagnostic(
        finding(),
        BytesLines(SOURCE),
        convert.UTF8,
        severity=Severity.HINT,
        docs_url=None,
        lines_for=lambda _: None,
        data={},
    )
    assert diag.related_information is None
    assert diag.code_description is None
    assert diag.severity == types.DiagnosticSeverity.Hint
    go = SOURCE.split(b"\n")[4].index(b"go ")
    assert diag.range.start == types.Position(4, go)


@pytest.mark.parametrize("document_changes", [True, False])
def test_code_action_workspace_edit(document_changes: bool) -> None:
    f = finding()
    action = convert.code_action(
        f.fixes[0],
        lines_for,
        convert.UTF16,
        versions={"file:///w/p/a.go": 7},
        document_changes=document_changes,
        diagnostics=[],
        preferred=True,
    )
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.title == "Give the channel a buffer of 1"
    assert action.is_preferred is True
    assert action.edit is not None
    edit = types.TextEdit(types.Range(types.Position(4, 0), types.Position(4, 1)), "  ")
    if document_changes:
        assert action.edit.document_changes == [
            types.TextDocumentEdit(
                types.OptionalVersionedTextDocumentIdentifier("file:///w/p/a.go", 7), [edit]
            )
        ]
    else:
        assert action.edit.changes == {"file:///w/p/a.go": [edit]}


def test_line_range_skips_indentation() -> None:
    rng = convert.line_range(BytesLines(SOURCE), 4, convert.UTF16)
    assert rng.start == types.Position(4, 1)
    assert rng.end.character == len(SOURCE.split(b"\n")[4].decode()) + 1  # the rocket is 2


def test_hover_is_markdown() -> None:
    h = convert.hover("**x**", None)
    assert isinstance(h.contents, types.MarkupContent)
    assert h.contents.kind == types.MarkupKind.Markdown
    assert h.contents.value == "**x**"


def test_every_severity_has_an_lsp_value() -> None:
    assert [convert.severity(s) for s in Severity] == [
        types.DiagnosticSeverity.Hint,
        types.DiagnosticSeverity.Information,
        types.DiagnosticSeverity.Warning,
        types.DiagnosticSeverity.Error,
    ]


@pytest.mark.parametrize(
    ("line", "col", "expected_end"),
    [
        (b"\tgo func() { // a comment", 1, 3),
        ("\t/* 启动 */ go worker(ch)".encode(), 14, 16),
        (b"\tgo(func() {})()", 1, 3),
        (b"\tgoto done", 1, 10),  # not a go statement: kept
        (b"\tch <- 1", 1, 8),
    ],
)
def test_underline_only_the_go_keyword(line: bytes, col: int, expected_end: int) -> None:
    span = Span("/a.go", 0, col, 0, len(line))
    assert convert.underline(span, BytesLines(line)).end_col == expected_end
    assert convert.underline(span, BytesLines(line)).start_col == col
