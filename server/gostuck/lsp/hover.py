"""Hover text for the places a finding involves: what leaks, why, where else, how to fix it.

A finding is shown on its own span (the `go` statement) and on each related place: the
blocking operation, the path that strands the goroutine and the ``make(chan ...)`` of the
channel. The text is markdown; :mod:`gostuck.lsp.convert` wraps it in an LSP hover.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from gostuck.analysis.model import Finding, Role, Span
from gostuck.lsp import catalog, convert

IGNORE_DIRECTIVE: Final = "//gostuck:ignore"
REASON_PLACEHOLDER: Final = "<reason>"

_ROLE_INTRO: Final = {
    None: "This goroutine can never exit",
    Role.BLOCK: "A goroutine blocks here forever",
    Role.PATH: "This path strands a goroutine",
    Role.CHANNEL: "A goroutine leaks on this channel",
    Role.OTHER: "This place is part of a goroutine leak",
}


@dataclass(frozen=True, slots=True)
class Hit:
    """A finding under the cursor, and which of its places the cursor is on."""

    finding: Finding
    role: Role | None  # None: the finding's own span (the leaking `go` statement)
    span: Span


def contains(span: Span, path: str, line: int, byte_col: int) -> bool:
    """Say whether a byte position of ``path`` lies in ``span`` (both ends included)."""
    if span.path != path:
        return False
    return (span.start_line, span.start_col) <= (line, byte_col) <= (span.end_line, span.end_col)


def hits_at(findings: Iterable[Finding], path: str, line: int, byte_col: int) -> list[Hit]:
    """Return every finding with a place at this position, its own span first."""
    hits: list[Hit] = []
    for f in findings:
        if contains(f.span, path, line, byte_col):
            hits.append(Hit(f, None, f.span))
            continue
        for rel in f.related:
            if contains(rel.span, path, line, byte_col):
                hits.append(Hit(f, rel.role, rel.span))
                break
    return hits


def render(hits: Sequence[Hit]) -> str:
    """Return the markdown for the findings under the cursor."""
    return "\n\n---\n\n".join(_render_one(h) for h in hits)


def _render_one(hit: Hit) -> str:
    """Return a hover that leads with at most six lines: what, where, the fix, the docs.

    The places the editor already lists (related information) are not repeated; on a
    related place, the one place the editor does not show there, the `go` statement, is.
    The explanation and an example follow a rule.
    """
    f = hit.finding
    info = catalog.lookup(f.code)
    title = info.title if info is not None and info.title else f.name
    url = info.url if info is not None else catalog.docs_url(f.code)
    if hit.role is None:
        # On the finding's own span the editor shows its message already.
        head = [f"**{f.code}** {title}"]
    else:
        head = [f"**{f.code}** {title}: {_ROLE_INTRO[hit.role].lower()}: {f.message}"]
    if hit.role is not None:
        where = f"{os.path.basename(f.span.path)}:{f.span.start_line + 1}"
        link = f"{convert.uri_of(f.span.path)}#L{f.span.start_line + 1}"
        head.append(f"The goroutine is started at [{where}]({link})")
    fixes = [fix.title for fix in f.fixes]
    if fixes:
        head.append(f"**Fix:** {' · '.join(fixes)} (quick fix)")
    head.append(
        f"[{f.code} documentation]({url}) · suppress: "
        f"`{IGNORE_DIRECTIVE} {f.code} {REASON_PLACEHOLDER}` on the line above"
    )
    detail = []
    if f.confidence.name != "HIGH":
        detail.append(f"Confidence: {f.confidence.name.lower()}.")
    if info is not None and info.text:
        detail.append(f"**Why:** {info.text}")
    if info is not None and info.after:
        detail.append(f"For example:\n\n```go\n{info.after.rstrip()}\n```")
    text = "  \n".join(head)
    return text + ("\n\n---\n\n" + "\n\n".join(detail) if detail else "")
