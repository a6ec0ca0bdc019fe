"""Code actions as core fixes: the finding's own fixes plus "Ignore GSxxxx on this line".

Every action is a :class:`~gostuck.analysis.model.Fix`, so :mod:`gostuck.lsp.convert` turns
all of them into workspace edits the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from gostuck.analysis.model import Finding, Fix, Span, TextEdit
from gostuck.lsp.convert import Lines
from gostuck.lsp.hover import IGNORE_DIRECTIVE, REASON_PLACEHOLDER


def ignore_fix(finding: Finding, lines: Lines, offset_of_line: int) -> Fix:
    """Return the fix that suppresses ``finding`` with a directive on the line above it.

    The directive gets the indentation of the finding's line, so gofmt leaves it alone;
    ``offset_of_line`` is the byte offset where that line starts.
    """
    line = finding.span.start_line
    text = lines.line(line)
    indent = text[: len(text) - len(text.lstrip(b" \t"))].decode("utf-8")
    at = Span(finding.span.path, line, 0, line, 0, offset_of_line, offset_of_line)
    comment = f"{indent}{IGNORE_DIRECTIVE} {finding.code} {REASON_PLACEHOLDER}\n"
    return Fix(title=f"Ignore {finding.code} on this line", edits=(TextEdit(at, comment),))


def overlaps(span: Span, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """Say whether a span touches the byte range from ``start`` to ``end`` (lines, columns)."""
    return (span.start_line, span.start_col) <= end and start <= (span.end_line, span.end_col)


def findings_in(
    findings: Iterable[Finding], start: tuple[int, int], end: tuple[int, int]
) -> list[Finding]:
    """Return the findings whose own span touches the requested range."""
    return [f for f in findings if overlaps(f.span, start, end)]
