"""The one place where core values become LSP values, and byte columns become client columns.

Tree-sitter and the analysis speak in 0-based lines and 0-based *byte* columns of the UTF-8
source. The client speaks in the position encoding agreed at ``initialize``: UTF-16 code units
unless it offered UTF-8 (or UTF-32). A Go file with Chinese comments or emoji before a `go`
statement has byte columns far to the right of its UTF-16 columns, so every range goes through
:func:`to_client_col` and every client position through :func:`to_byte_col`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final, Protocol

from lsprotocol import types
from pygls.uris import from_fs_path

from gostuck.analysis.model import Finding, Fix, Severity, Span, TextEdit

SOURCE: Final = "gostuck"

UTF8: Final = "utf-8"
UTF16: Final = "utf-16"
UTF32: Final = "utf-32"

_SEVERITY: Final[Mapping[Severity, types.DiagnosticSeverity]] = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


class Lines(Protocol):
    """Read access to one file's lines as UTF-8 bytes (without the line break)."""

    def line(self, n: int) -> bytes:
        """Return line ``n`` (0-based), or ``b""`` past the end."""
        ...

    def line_count(self) -> int:
        """Return the number of lines (a trailing newline starts an empty last line)."""
        ...


LinesFor = Callable[[str], "Lines | None"]
"""Find the lines of another file by path (related information lives in sibling files)."""


def encoding_of(kind: str | types.PositionEncodingKind | None) -> str:
    """Normalise the negotiated position encoding (UTF-16 when nothing was agreed)."""
    value = kind.value if isinstance(kind, types.PositionEncodingKind) else kind
    return value if value in (UTF8, UTF16, UTF32) else UTF16


def to_client_col(line: bytes, byte_col: int, encoding: str) -> int:
    """Return the client column of ``byte_col`` in ``line`` (clamped to the line's end)."""
    byte_col = max(0, min(byte_col, len(line)))
    if encoding == UTF8 or line.isascii():
        return byte_col
    text = line[:byte_col].decode("utf-8", errors="replace")
    if encoding == UTF32:
        return len(text)
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def to_byte_col(line: bytes, client_col: int, encoding: str) -> int:
    """Return the byte column of ``client_col`` in ``line`` (clamped to the line's end).

    A column that falls inside a character (half of a UTF-16 surrogate pair) moves to the
    character's end, as the LSP specification asks.
    """
    client_col = max(0, client_col)
    if encoding == UTF8 or line.isascii():
        return min(client_col, len(line))
    units = 0
    offset = 0
    for ch in line.decode("utf-8", errors="replace"):
        if units >= client_col:
            break
        units += 2 if encoding == UTF16 and ord(ch) > 0xFFFF else 1
        offset += len(ch.encode("utf-8"))
    return min(offset, len(line))


def position(lines: Lines, line: int, byte_col: int, encoding: str) -> types.Position:
    """Return the client position of a byte position."""
    return types.Position(line=line, character=to_client_col(lines.line(line), byte_col, encoding))


def byte_position(lines: Lines, pos: types.Position, encoding: str) -> tuple[int, int]:
    """Return ``(line, byte_col)`` for a client position."""
    return pos.line, to_byte_col(lines.line(pos.line), pos.character, encoding)


def span_range(span: Span, lines: Lines, encoding: str) -> types.Range:
    """Return the client range of a core span."""
    return types.Range(
        start=position(lines, span.start_line, span.start_col, encoding),
        end=position(lines, span.end_line, span.end_col, encoding),
    )


def underline(span: Span, lines: Lines) -> Span:
    """Return the part of a span an editor underlines.

    A finding's span is the first line of its `go` statement; underlining all of it (the
    whole ``go func() { ...`` line, comments included) hides the point, so only the ``go``
    keyword is underlined. Other spans are kept as they are.
    """
    text = lines.line(span.start_line)
    col = span.start_col
    if text[col : col + 2] == b"go" and text[col + 2 : col + 3] in (b" ", b"\t", b"("):
        end_byte = span.start_byte + 2 if span.start_byte or span.end_byte else 0
        return Span(
            span.path, span.start_line, col, span.start_line, col + 2, span.start_byte, end_byte
        )
    return span


def line_range(lines: Lines, line: int, encoding: str) -> types.Range:
    """Return the range of a whole line, from its first non-blank character to its end."""
    text = lines.line(line)
    indent = len(text) - len(text.lstrip(b" \t"))
    return types.Range(
        start=position(lines, line, indent, encoding),
        end=position(lines, line, len(text.rstrip(b"\r")), encoding),
    )


def uri_of(path: str) -> str:
    """Return the ``file:`` URI of a filesystem path."""
    uri = from_fs_path(path)
    return uri if uri is not None else path


def diagnostic(
    finding: Finding,
    lines: Lines,
    encoding: str,
    *,
    severity: Severity,
    docs_url: str | None,
    lines_for: LinesFor,
    data: Mapping[str, str],
) -> types.Diagnostic:
    """Return the diagnostic of a finding.

    ``lines`` holds the text of the finding's own file; ``lines_for`` finds the text of the
    files its related places live in. ``data`` comes back in code action requests.
    """
    related: list[types.DiagnosticRelatedInformation] = []
    for rel in finding.related:
        rel_lines = lines if rel.span.path == finding.span.path else lines_for(rel.span.path)
        if rel_lines is None:
            continue
        related.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=uri_of(rel.span.path), range=span_range(rel.span, rel_lines, encoding)
                ),
                message=rel.message,
            )
        )
    return types.Diagnostic(
        range=span_range(underline(finding.span, lines), lines, encoding),
        message=finding.message,
        severity=_SEVERITY[severity],
        code=finding.code,
        code_description=types.CodeDescription(href=docs_url) if docs_url else None,
        source=SOURCE,
        related_information=related or None,
        data=dict(data),
    )


def hover(markdown: str, rng: types.Range | None) -> types.Hover:
    """Return a markdown hover."""
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown), range=rng
    )


def text_edits(
    edits: Iterable[TextEdit], lines_for: LinesFor, encoding: str
) -> dict[str, list[types.TextEdit]]:
    """Group core edits by file URI as LSP text edits; files with no known text are skipped."""
    out: dict[str, list[types.TextEdit]] = {}
    for edit in edits:
        lines = lines_for(edit.span.path)
        if lines is None:
            continue
        out.setdefault(uri_of(edit.span.path), []).append(
            types.TextEdit(range=span_range(edit.span, lines, encoding), new_text=edit.new_text)
        )
    return out


def workspace_edit(
    edits: Mapping[str, Sequence[types.TextEdit]],
    versions: Mapping[str, int],
    *,
    document_changes: bool,
) -> types.WorkspaceEdit:
    """Return a workspace edit, versioned per document when the client supports it."""
    if not document_changes:
        return types.WorkspaceEdit(changes={uri: list(e) for uri, e in edits.items()})
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri, version=versions.get(uri)
                ),
                edits=list(e),
            )
            for uri, e in edits.items()
        ]
    )


def code_action(
    fix: Fix,
    lines_for: LinesFor,
    encoding: str,
    *,
    versions: Mapping[str, int],
    document_changes: bool,
    diagnostics: Sequence[types.Diagnostic],
    preferred: bool = False,
) -> types.CodeAction:
    """Return the quick fix code action of a core fix."""
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=list(diagnostics) or None,
        is_preferred=preferred or None,
        edit=workspace_edit(
            text_edits(fix.edits, lines_for, encoding),
            versions,
            document_changes=document_changes,
        ),
    )


def severity(value: Severity) -> types.DiagnosticSeverity:
    """Return the LSP severity of a core severity."""
    return _SEVERITY[value]
