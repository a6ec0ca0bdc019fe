"""The formatters' small parts: summary line, related lines, SARIF locations."""

from __future__ import annotations

import io
from pathlib import Path

from gostuck.analysis.model import Confidence, Finding, Related, Role, Severity, Span
from gostuck.cli.output import (
    Report,
    ScanError,
    artifact_location,
    finding_json,
    render_text,
    summary_line,
)


def finding() -> Finding:
    return Finding(
        code="GS3001",
        name="range-never-closed",
        message='range over "jobs" never ends',
        span=Span("pool/pool.go", 9, 1, 11, 4),
        severity=Severity.WARNING,
        confidence=Confidence.HIGH,
        related=(
            Related(Role.BLOCK, Span("pool/pool.go", 10, 2, 10, 20), "waits here"),
            Related(Role.CHANNEL, Span("pool/make.go", 3, 8, 3, 22), "channel made here"),
        ),
    )


def test_text_puts_related_places_under_the_finding() -> None:
    out = io.StringIO()
    render_text(Report(findings=[finding()]), out)
    assert out.getvalue() == (
        'pool/pool.go:10:2: GS3001 range over "jobs" never ends\n'
        "\tpool/pool.go:11:3: waits here\n"
        "\tpool/make.go:4:9: channel made here\n"
    )


def test_json_related_keep_their_own_file() -> None:
    doc = finding_json(finding())
    assert (doc["line"], doc["column"], doc["end_line"], doc["end_column"]) == (10, 2, 12, 5)
    assert [(r["role"], r["file"], r["line"]) for r in doc["related"]] == [
        ("block", "pool/pool.go", 11),
        ("channel", "pool/make.go", 4),
    ]


def test_summary_line() -> None:
    assert summary_line(Report(files=1, lines=10, seconds=0.5)) == (
        "no findings in 1 file (10 lines, 0.50s)"
    )
    report = Report(
        findings=[finding(), finding()],
        errors=[ScanError("x.go", "cannot read")],
        files=3,
        lines=12_345,
        seconds=1.25,
    )
    assert summary_line(report) == "2 findings in 3 files (12,345 lines, 1.25s); 1 error"


def test_artifact_location_is_relative_under_the_root(tmp_path: Path) -> None:
    root = str(tmp_path)
    assert artifact_location(str(tmp_path / "a b" / "c.go"), root) == {
        "uri": "a%20b/c.go",
        "uriBaseId": "%SRCROOT%",
    }
    outside = tmp_path.parent / "other.go"
    assert artifact_location(str(outside), root) == {"uri": outside.as_uri()}
