"""The check framework: what a check is, its docs as data, and the pass it runs in.

Like a go/analysis ``Analyzer``, each check module exports one :class:`Check` holding its
code, name, docs and run function. ``run`` gets a :class:`Pass`: the file, its shared facts
(computed once per file, lazily, and only for functions that start goroutines) and
:meth:`Pass.report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final

from tree_sitter import Node, Tree

from gostuck.analysis.context import FileFacts
from gostuck.analysis.model import (
    Confidence,
    Finding,
    Fix,
    Related,
    Severity,
    Span,
)
from gostuck.syntax import parse

DOCS_URL: Final = "https://github.com/gostuck/gostuck/blob/main/docs/checks/{code}.md"


@dataclass(frozen=True, slots=True)
class Doc:
    """A check's documentation: the same text feeds hover, ``explain`` and docs/checks/."""

    title: str
    text: str
    before: str
    after: str
    since: str = "unreleased"


@dataclass(frozen=True, slots=True)
class Check:
    """One check: a code that never changes, a kebab-case name, docs and a run function."""

    code: str
    name: str
    doc: Doc
    run: Callable[[Pass], None]
    severity: Severity = Severity.WARNING
    enabled_by_default: bool = True
    query: str | None = None
    # What follows from every check's findings on the file (a Wait for goroutines another
    # check finds stuck: :mod:`gostuck.analysis.partner.blocked`), reported after ``run``'s.
    follow: Callable[[Pass], None] | None = None

    @property
    def url(self) -> str:
        """Return where the check's docs live."""
        return DOCS_URL.format(code=self.code)


@dataclass(slots=True)
class Pass:
    """One check running over one file."""

    check: Check
    path: str
    source: bytes
    tree: Tree
    facts: FileFacts
    findings: list[Finding] = field(default_factory=list)

    def span(self, node: Node, *, first_line_only: bool = False) -> Span:
        """Return the span of ``node`` in this file."""
        return parse.span(self.path, node, first_line_only=first_line_only)

    def report(
        self,
        node: Node | Span,
        message: str,
        *,
        confidence: Confidence,
        related: Iterable[Related] = (),
        fixes: Iterable[Fix] = (),
        data: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Record a finding at ``node`` (a go statement: its first line, from ``go``).

        Only high-confidence findings get the check's severity; the others are hints.
        """
        span = node if isinstance(node, Span) else self.span(node, first_line_only=True)
        severity = self.check.severity if confidence is Confidence.HIGH else Severity.HINT
        self.findings.append(
            Finding(
                code=self.check.code,
                name=self.check.name,
                message=message,
                span=span,
                severity=severity,
                confidence=confidence,
                related=tuple(related),
                fixes=tuple(fixes),
                data=tuple(data),
            )
        )
