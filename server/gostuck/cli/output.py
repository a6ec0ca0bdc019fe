"""Formatters for ``gostuck check``: text (like go vet), one JSON object, and SARIF 2.1.0.

The analysis reports 0-based lines and 0-based byte columns. This module is the one place
where they become 1-based numbers: JSON and text keep byte columns (``column`` is the
1-based byte offset in the line), SARIF counts Unicode code points as its default
``columnKind`` asks.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TextIO

from gostuck import __version__
from gostuck.analysis.model import Finding, Fix, Related, Severity, Span
from gostuck.cli import JSON_VERSION

SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION: Final = "2.1.0"
INFORMATION_URI: Final = "https://github.com/gostuck/gostuck"
FINGERPRINT_KEY: Final = "gostuck/v1"


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What the formatters need to know about one check."""

    code: str
    name: str
    title: str
    text: str
    before: str
    after: str
    since: str
    severity: Severity
    enabled_by_default: bool
    help_uri: str


@dataclass(frozen=True, slots=True)
class ScanError:
    """A file or path that could not be checked (unreadable, missing, crashed analysis)."""

    file: str
    message: str
    code: str = ""


@dataclass(slots=True)
class Report:
    """Everything one ``gostuck check`` run found, ready to be printed."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files: int = 0
    lines: int = 0
    seconds: float = 0.0
    rules: Sequence[RuleInfo] = ()


def severity_name(severity: Severity) -> str:
    """Return the lowercase name used on the wire (``warning``)."""
    return severity.name.lower()


def _position(span: Span) -> dict[str, int]:
    return {
        "line": span.start_line + 1,
        "column": span.start_col + 1,
        "end_line": span.end_line + 1,
        "end_column": span.end_col + 1,
    }


def _related_json(rel: Related) -> dict[str, Any]:
    return {
        "role": rel.role.value,
        "file": rel.span.path,
        "line": rel.span.start_line + 1,
        "column": rel.span.start_col + 1,
        "message": rel.message,
    }


def _fix_json(fix: Fix) -> dict[str, Any]:
    return {
        "title": fix.title,
        "edits": [
            {"file": edit.span.path, **_position(edit.span), "new_text": edit.new_text}
            for edit in fix.edits
        ],
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """Return one finding as the JSON object documented for ``--format json``."""
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": severity_name(finding.severity),
        "confidence": finding.confidence.name.lower(),
        "message": finding.message,
        "file": finding.span.path,
        **_position(finding.span),
        "related": [_related_json(rel) for rel in finding.related],
        "fixes": [_fix_json(fix) for fix in finding.fixes],
    }


def render_json(report: Report, out: TextIO) -> None:
    """Write the whole report as exactly one JSON object."""
    doc = {
        "version": JSON_VERSION,
        "findings": [finding_json(f) for f in report.findings],
        "errors": [{"file": e.file, "message": e.message, "code": e.code} for e in report.errors],
        "stats": {
            "files": report.files,
            "lines": report.lines,
            "seconds": round(report.seconds, 3),
        },
    }
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _where(span: Span) -> str:
    return f"{span.path}:{span.start_line + 1}:{span.start_col + 1}"


def render_text(report: Report, out: TextIO) -> None:
    """Write findings in go vet's shape, related places indented below each one."""
    for finding in report.findings:
        out.write(f"{_where(finding.span)}: {finding.code} {finding.message}\n")
        for rel in finding.related:
            out.write(f"\t{_where(rel.span)}: {rel.message}\n")


def summary_line(report: Report) -> str:
    """Return the one-line summary printed on stderr after a text report."""
    n = len(report.findings)
    what = "no findings" if n == 0 else f"{n} finding{'s' if n != 1 else ''}"
    files = f"{report.files} file{'s' if report.files != 1 else ''}"
    line = f"{what} in {files} ({report.lines:,} lines, {report.seconds:.2f}s)"
    if report.errors:
        line += f"; {len(report.errors)} error{'s' if len(report.errors) != 1 else ''}"
    return line


# SARIF ------------------------------------------------------------------------------------

_SARIF_LEVEL: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}


class _LineCache:
    """Reads each file once, to turn byte columns into code points and to fingerprint."""

    def __init__(self) -> None:
        self._files: dict[str, list[bytes]] = {}

    def line(self, path: str, line: int) -> bytes:
        lines = self._files.get(path)
        if lines is None:
            try:
                lines = Path(path).read_bytes().split(b"\n")
            except OSError:
                lines = []
            self._files[path] = lines
        return lines[line] if 0 <= line < len(lines) else b""

    def column(self, path: str, line: int, byte_col: int) -> int:
        """Return the 1-based code-point column for a 0-based byte column."""
        prefix = self.line(path, line)[:byte_col]
        if len(prefix) < byte_col:  # past the end of the line or file: keep bytes
            return byte_col + 1
        return len(prefix.decode("utf-8", errors="replace")) + 1


def artifact_location(path: str, root: str) -> dict[str, str]:
    """Return a SARIF artifactLocation: relative to ``%SRCROOT%`` when under ``root``."""
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": urllib.parse.quote(rel.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}


def _dir_uri(root: str) -> str:
    uri = Path(root).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _physical(span: Span, root: str, lines: _LineCache) -> dict[str, Any]:
    start_col = lines.column(span.path, span.start_line, span.start_col)
    end_col = lines.column(span.path, span.end_line, span.end_col)
    region: dict[str, int] = {"startLine": span.start_line + 1, "startColumn": start_col}
    if (span.end_line, end_col) >= (span.start_line, start_col):
        region["endLine"] = span.end_line + 1
        region["endColumn"] = end_col
    return {"artifactLocation": artifact_location(span.path, root), "region": region}


def _rule_json(rule: RuleInfo) -> dict[str, Any]:
    example = ""
    if rule.before or rule.after:
        example = f"\n\nBefore:\n\n```go\n{rule.before}\n```\n\nAfter:\n\n```go\n{rule.after}\n```"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.text or rule.title},
        "helpUri": rule.help_uri,
        "help": {
            "text": f"{rule.title}\n\n{rule.text}".strip(),
            "markdown": f"**{rule.title}**\n\n{rule.text}{example}".strip(),
        },
        "defaultConfiguration": {
            "level": _SARIF_LEVEL[rule.severity],
            "enabled": rule.enabled_by_default,
        },
        "properties": {"tags": ["goroutine-leak", "concurrency"]},
    }


def _fallback_rule(finding: Finding) -> RuleInfo:
    return RuleInfo(
        code=finding.code,
        name=finding.name,
        title=finding.name,
        text="",
        before="",
        after="",
        since="",
        severity=finding.severity,
        enabled_by_default=True,
        help_uri=INFORMATION_URI,
    )


def _fingerprint(finding: Finding, root: str, lines: _LineCache, seen: dict[str, int]) -> str:
    # Stable across edits that move the finding and across checkouts: the code, the file's
    # URI relative to the root and the text of the flagged line (whitespace-trimmed), plus
    # an ordinal for identical lines in one file.
    text = lines.line(finding.span.path, finding.span.start_line).strip()
    uri = artifact_location(finding.span.path, root)["uri"]
    base = hashlib.sha256(b"\0".join((finding.code.encode(), uri.encode(), text))).hexdigest()
    key = base[:32]
    seen[key] = seen.get(key, 0) + 1
    return f"{key}:{seen[key]}"


def sarif_document(report: Report, root: str | None = None) -> dict[str, Any]:
    """Return the report as a SARIF 2.1.0 log that GitHub code scanning accepts."""
    root = os.path.abspath(root or os.getcwd())
    lines = _LineCache()
    rules: list[RuleInfo] = list(report.rules)
    index = {rule.code: i for i, rule in enumerate(rules)}
    for finding in report.findings:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_fallback_rule(finding))
    seen: dict[str, int] = {}
    results = []
    for finding in report.findings:
        related = [
            {
                "id": i,
                "physicalLocation": _physical(rel.span, root, lines),
                "message": {"text": rel.message},
            }
            for i, rel in enumerate(finding.related, start=1)
        ]
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": _SARIF_LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": _physical(finding.span, root, lines)}],
            "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(finding, root, lines, seen)},
            "properties": {"confidence": finding.confidence.name.lower()},
        }
        if related:
            result["relatedLocations"] = related
        results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": err.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact_location(err.file, root)}}
            ],
        }
        for err in report.errors
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gostuck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule_json(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": _dir_uri(root)}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def render_sarif(report: Report, out: TextIO, root: str | None = None) -> None:
    """Write the report as one SARIF 2.1.0 JSON document."""
    json.dump(sarif_document(report, root), out, indent=2, ensure_ascii=False)
    out.write("\n")


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Order findings by file, position and code, the order every format prints them in."""
    return sorted(
        findings,
        key=lambda f: (f.span.path, f.span.start_line, f.span.start_col, f.code, f.message),
    )
