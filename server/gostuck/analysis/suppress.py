"""Suppression: ``//gostuck:ignore GS1001 reason`` on the line above a finding.

The reason is required. A directive without one, or with a placeholder left in (the
ignore quick fix's ``<reason>``, or ``reason`` when its snippet was accepted as it is),
suppresses nothing and is reported (GS0002); a directive that matches no finding is
reported too (GS0001), as staticcheck does with ``//lint:ignore``, so stale suppressions do
not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from gostuck.analysis.model import Confidence, Finding, Severity, Span

PREFIX: Final = b"//gostuck:ignore"
_DIRECTIVE_RE: Final = re.compile(rb"//gostuck:ignore(?P<rest>[^\r\n]*)")
_CODE_RE: Final = re.compile(r"^[A-Z]+[0-9]+$")
# Reasons that only hold a place: `<reason>`, `<why>`, `reason`, `TODO`.
_PLACEHOLDER_RE: Final = re.compile(r"^(<[^<>]*>|reason|why|todo|fixme|xxx)[.!]?$", re.IGNORECASE)

UNUSED_CODE: Final = "GS0001"
UNUSED_NAME: Final = "unused-ignore"
MALFORMED_CODE: Final = "GS0002"
MALFORMED_NAME: Final = "malformed-ignore"


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``//gostuck:ignore`` comment."""

    span: Span
    codes: tuple[str, ...]
    reason: str

    @property
    def line(self) -> int:
        """Return the 0-based line of the comment."""
        return self.span.start_line

    @property
    def placeholder(self) -> bool:
        """Tell whether the reason is a placeholder (``<reason>``), which is no reason."""
        return bool(_PLACEHOLDER_RE.match(self.reason))

    @property
    def valid(self) -> bool:
        """Tell whether it names at least one code and gives a reason."""
        return bool(self.codes) and bool(self.reason) and not self.placeholder


def find_directives(path: str, source: bytes) -> list[Directive]:
    """Return every directive in ``source`` (a byte search; files without one cost nothing)."""
    if PREFIX not in source:
        return []
    out: list[Directive] = []
    for m in _DIRECTIVE_RE.finditer(source):
        start = m.start()
        line = source.count(b"\n", 0, start)
        line_start = source.rfind(b"\n", 0, start) + 1
        col = start - line_start
        rest = m.group("rest").decode("utf-8", "replace").strip()
        words = rest.split(None, 1)
        codes: tuple[str, ...] = ()
        reason = ""
        if words:
            candidates = tuple(c for c in words[0].split(",") if c)
            if candidates and all(_CODE_RE.match(c) for c in candidates):
                codes = candidates
                reason = words[1].strip() if len(words) > 1 else ""
        end = m.end()
        out.append(
            Directive(Span(path, line, col, line, col + (end - start), start, end), codes, reason)
        )
    return out


def _matches(d: Directive, f: Finding) -> bool:
    return f.span.start_line in (d.line, d.line + 1) and f.code in d.codes


def apply(
    findings: Sequence[Finding],
    directives: Iterable[Directive],
    *,
    ran: frozenset[str],
) -> list[Finding]:
    """Drop suppressed findings; add a finding for each bad or unused directive.

    ``ran`` holds the codes that ran on this file: a directive is only called unused when
    every code it names ran.
    """
    kept = list(findings)
    extra: list[Finding] = []
    for d in directives:
        if not d.valid:
            extra.append(
                Finding(
                    code=MALFORMED_CODE,
                    name=MALFORMED_NAME,
                    message=(
                        f"ignore directive needs a reason in place of {d.reason!r}"
                        if d.codes and d.placeholder
                        else "ignore directive needs a check code and a reason: "
                        "//gostuck:ignore GS1001 <why>"
                    ),
                    span=d.span,
                    severity=Severity.WARNING,
                    confidence=Confidence.HIGH,
                )
            )
            continue
        hit = [f for f in kept if _matches(d, f)]
        if hit:
            ids = {id(f) for f in hit}
            kept = [f for f in kept if id(f) not in ids]
        elif all(c in ran for c in d.codes):
            extra.append(
                Finding(
                    code=UNUSED_CODE,
                    name=UNUSED_NAME,
                    message=f"ignore directive for {','.join(d.codes)} matches no finding",
                    span=d.span,
                    severity=Severity.WARNING,
                    confidence=Confidence.HIGH,
                )
            )
    return kept + extra
