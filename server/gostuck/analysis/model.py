"""Core values shared by the analysis, the CLI and the language server.

Nothing here knows LSP. Lines and columns are 0-based; columns are byte offsets into the
UTF-8 source, exactly as tree-sitter reports them. Only ``lsp/convert.py`` turns them into
the client's position encoding, and only the CLI turns them into 1-based numbers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How loudly a finding is shown; ordered from quietest to loudest."""

    HINT = 1
    INFO = 2
    WARNING = 3
    ERROR = 4


class Confidence(enum.IntEnum):
    """How sure a check is that the finding is a real leak."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3


class Role(enum.Enum):
    """What a related location is to a finding."""

    BLOCK = "block"  # the operation the goroutine blocks on
    PATH = "path"  # where the partner returns or gives up
    CHANNEL = "channel"  # where the channel is made
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Span:
    """A range in one file: 0-based lines, 0-based byte columns, end exclusive."""

    path: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int
    start_byte: int = 0
    end_byte: int = 0


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding."""

    role: Role
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the bytes of ``span`` with ``new_text``."""

    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """One self-contained way to fix a finding (title in sentence case)."""

    title: str
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem; ``span`` is the leaking call site (usually the `go` statement)."""

    code: str
    name: str
    message: str
    span: Span
    severity: Severity
    confidence: Confidence
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()
    # Small, JSON-friendly facts a code action or hover can read back (e.g. channel name).
    data: tuple[tuple[str, str], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Options:
    """What the caller wants checked. The core never sees LSP settings, only this."""

    select: frozenset[str] = frozenset()  # codes or prefixes ("GS1"); empty = defaults
    ignore: frozenset[str] = frozenset()
    min_confidence: Confidence = Confidence.LOW
    include_tests: bool = True


@dataclass(frozen=True, slots=True)
class AnalysisError:
    """A problem analysing one file that is not a finding (a crashed check, unreadable file)."""

    path: str
    message: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    """Findings for one file, plus any errors met on the way."""

    path: str
    findings: tuple[Finding, ...]
    errors: tuple[AnalysisError, ...] = ()
