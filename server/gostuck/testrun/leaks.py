"""Leaked goroutines from a test run: read, keyed by their ``go`` statement, made findings.

Two sources feed the same model:

- the goroutineleak profile (debug=2) the overlay writes after ``m.Run()``: goroutines
  marked ``(leaked)`` are blocked on something nothing reachable can release;
- a ``testing/synctest`` deadlock panic ("blocked goroutines remain"): goroutines in the
  bubble whose wait reason says ``(durable)``.

A :class:`Leak` is the goroutines started by one ``go`` statement (``created by``), with
the places they block at: the innermost frame inside the tested modules. :func:`findings`
turns leaks into GS9004 findings at the ``go`` statement, marks those the static checks
also report as confirmed, and applies ``//gostuck:ignore`` directives.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from gostuck.analysis.model import (
    Confidence,
    Finding,
    Options,
    Related,
    Role,
    Severity,
    Span,
)
from gostuck.profile.model import Frame, Profile, attribution_index
from gostuck.profile.names import package_of
from gostuck.profile.text import HEADER

if TYPE_CHECKING:
    from gostuck.overlay.gofile import GoFile

DURABLE: Final = "(durable)"
# Frames in these packages are never where a goroutine "blocks" for a reader: the
# operation is the caller's.
_MACHINERY: Final = ("runtime", "internal/", "runtime/internal/")

LeakKey = tuple[str, int]  # (file, 1-based line) of the `go` statement, or of the block


@dataclass(frozen=True, slots=True)
class Block:
    """Where some of a leak's goroutines wait: a frame and the runtime's wait reason."""

    frame: Frame
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class Leak:
    """Leaked goroutines started by one ``go`` statement."""

    key: LeakKey
    go: Frame | None  # the `go` statement (function = the function that ran it)
    blocks: tuple[Block, ...]  # most goroutines first
    count: int
    source: str  # "goroutineleak" or "synctest"
    stacks: tuple[tuple[Frame, ...], ...] = ()

    def mentions(self, symbol: str) -> bool:
        """Say whether a function whose name ends in ``symbol`` is on one of the stacks."""
        names = [f.function for stack in self.stacks for f in stack]
        if self.go is not None:
            names.append(self.go.function)
        return any(n.endswith("." + symbol) or ("." + symbol + ".") in n for n in names)


def _is_machinery(function: str) -> bool:
    package = package_of(function)
    return package == "runtime" or package.startswith(_MACHINERY[1:])


def in_roots(roots: Sequence[str]) -> Callable[[Frame], bool]:
    """Return a predicate that says whether a frame's file is under one of ``roots``."""
    prefixes = tuple(os.path.join(os.path.abspath(r), "") for r in roots)

    def inside(frame: Frame) -> bool:
        return frame.file.startswith(prefixes)

    return inside


def _block_index(frames: Sequence[Frame], inside: Callable[[Frame], bool]) -> int:
    return attribution_index(frames, lambda fn: not _is_machinery(fn), inside)


@dataclass(slots=True)
class _Acc:
    go: Frame | None
    count: int = 0
    blocks: Counter[tuple[Frame, str]] = field(default_factory=Counter)
    stacks: list[tuple[Frame, ...]] = field(default_factory=list)


def leaks_in(profile: Profile, roots: Sequence[str], *, source: str) -> list[Leak]:
    """Return the leaked goroutines of ``profile``, keyed by their ``go`` statement.

    With ``source="goroutineleak"`` the goroutines marked ``(leaked)`` count; with
    ``"synctest"`` those durably blocked in a bubble.
    """
    inside = in_roots(roots)
    accs: dict[LeakKey, _Acc] = {}
    for group in profile.groups:
        if not group.frames:
            continue
        if source == "synctest":
            n = sum(c for r, c in group.wait_reasons if r.endswith(DURABLE))
        else:
            n = group.leaked
        if n <= 0:
            continue
        frame = group.frames[_block_index(group.frames, inside)]
        reason = group.wait_reasons[0][0] if group.wait_reasons else ""
        reason = reason.removesuffix(DURABLE).strip()
        created = group.created_by
        go = Frame(created.function, created.file, created.line) if created else None
        key: LeakKey = (go.file, go.line) if go is not None else (frame.file, frame.line)
        acc = accs.get(key)
        if acc is None:
            acc = accs[key] = _Acc(go)
        acc.count += n
        acc.blocks[(frame, reason)] += n
        if len(acc.stacks) < 3:
            acc.stacks.append(group.frames)
    out = []
    for key, acc in accs.items():
        blocks = tuple(
            Block(f, r, c)
            for (f, r), c in sorted(acc.blocks.items(), key=lambda kv: (-kv[1], kv[0][0].line))
        )
        out.append(Leak(key, acc.go, blocks, acc.count, source, tuple(acc.stacks)))
    out.sort(key=lambda lk: lk.key)
    return out


@dataclass(frozen=True, slots=True)
class LeakFinding:
    """A GS9004 finding with what JSON adds to it: the leaking test and the count."""

    finding: Finding
    package: str  # import path
    test: str | None  # the test that leaks it ("TestX", "TestX/sub"), None if not narrowed
    count: int
    leak: Leak
    confirms: str = ""  # the static finding's code this leak confirms, if any


def plural(n: int, word: str) -> str:
    """Return ``"3 goroutines"`` / ``"1 goroutine"``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class Sources:
    """Reads and parses Go files once, for spans and the static checks."""

    def __init__(self) -> None:
        """Start empty."""
        self._text: dict[str, bytes | None] = {}
        self._go: dict[str, GoFile | None] = {}
        self._static: dict[str, tuple[Finding, ...]] = {}

    def text(self, path: str) -> bytes | None:
        """Return a file's bytes, or None when it cannot be read."""
        if path not in self._text:
            try:
                with open(path, "rb") as f:
                    self._text[path] = f.read()
            except OSError:
                self._text[path] = None
        return self._text[path]

    def line(self, path: str, line0: int) -> bytes | None:
        """Return one line (0-based) without its newline."""
        text = self.text(path)
        if text is None:
            return None
        lines = text.split(b"\n")
        return lines[line0].rstrip(b"\r") if 0 <= line0 < len(lines) else None

    def gofile(self, path: str) -> GoFile | None:
        """Return the parsed file."""
        if path not in self._go:
            from gostuck.overlay.gofile import GoFile  # tree-sitter: only once a test leaks

            text = self.text(path)
            self._go[path] = GoFile(text) if text is not None else None
        return self._go[path]

    def static(self, path: str) -> tuple[Finding, ...]:
        """Return the static findings of a file, analysed with its same-package siblings."""
        if path in self._static:
            return self._static[path]
        # The checks load in about a second: only once a test leaks, never on a clean run.
        from gostuck.analysis.api import analyze_source

        source = self.text(path)
        found: tuple[Finding, ...] = ()
        if source is not None:
            directory = os.path.dirname(path)
            clause = _clause(source)
            siblings: dict[str, bytes] = {}
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                names = []
            for name in names:
                other = os.path.join(directory, name)
                if other == path or not name.endswith(".go"):
                    continue
                text = self.text(other)
                if text is not None and _clause(text) == clause:
                    siblings[other] = text
            try:
                found = analyze_source(
                    path, source, package=siblings, options=Options(min_confidence=Confidence.LOW)
                ).findings
            except Exception:  # a crashed analysis only loses the "confirmed" mark
                found = ()
        self._static[path] = found
        return found

    def line_span(self, path: str, line1: int) -> Span:
        """Return the span of a 1-based line's text, indentation excluded."""
        text = self.line(path, line1 - 1) or b""
        indent = len(text) - len(text.lstrip(b" \t"))
        return Span(path, line1 - 1, indent, line1 - 1, max(len(text), indent))

    def go_span(self, path: str, line1: int) -> Span:
        """Return the span of the ``go`` statement on a line, or of the line."""
        gofile = self.gofile(path)
        stmt = gofile.go_at(line1 - 1) if gofile is not None else None
        if stmt is None:
            return self.line_span(path, line1)
        end_line, end_col = stmt.end_line, stmt.end_col
        if end_line != stmt.line:  # a `go func() { ... }()` spans lines: keep the first
            text = self.line(path, stmt.line) or b""
            end_line, end_col = stmt.line, len(text)
        return Span(path, stmt.line, stmt.start_col, end_line, end_col)


def _clause(source: bytes) -> str:
    from gostuck.testrun.harness import package_clause

    return package_clause(source) or ""


def _anchor(leak: Leak, inside: Callable[[Frame], bool]) -> tuple[str, int, bool]:
    """Return where a leak is reported: (file, 1-based line, is it the `go` statement)."""
    if leak.go is not None and (inside(leak.go) or not inside(leak.blocks[0].frame)):
        return leak.go.file, leak.go.line, True
    block = leak.blocks[0].frame
    return block.file, block.line, False


def _short(path: str, line: int) -> str:
    return f"{os.path.basename(path)}:{line}"


def make_finding(
    leak: Leak,
    package: str,
    tests: Sequence[str],
    roots: Sequence[str],
    sources: Sources,
) -> LeakFinding:
    """Turn one leak into a GS9004 finding, confirmed when a static check agrees."""
    inside = in_roots(roots)
    file, line, at_go = _anchor(leak, inside)
    span = sources.go_span(file, line) if at_go else sources.line_span(file, line)
    reasons = sorted({b.reason for b in leak.blocks if b.reason})
    on = f" on {', '.join(reasons)}" if reasons else ""
    test = tests[0] if tests else None
    who = test or "the tests"
    where = "started here" if at_go else "blocked here"
    if leak.source == "synctest":
        message = (
            f"{who} leaves {plural(leak.count, 'goroutine')} {where} durably blocked{on} "
            "(synctest: blocked goroutines remain in the bubble)"
        )
    else:
        message = (
            f"{who} leaks {plural(leak.count, 'goroutine')} {where}, blocked forever{on} "
            "(goroutineleak profile)"
        )
    if len(tests) > 1:
        message += f"; also leaked by {', '.join(tests[1:4])}" + (
            f" and {len(tests) - 4} more" if len(tests) > 4 else ""
        )
    related: list[Related] = []
    for b in leak.blocks:
        if not at_go and (b.frame.file, b.frame.line) == (file, line):
            continue
        what = f"blocks here{' on ' + b.reason if b.reason else ''}"
        if len(leak.blocks) > 1:
            what += f" ({plural(b.count, 'goroutine')})"
        related.append(Related(Role.BLOCK, sources.line_span(b.frame.file, b.frame.line), what))
    if not at_go and leak.go is not None:
        related.append(
            Related(
                Role.OTHER,
                sources.line_span(leak.go.file, leak.go.line),
                f"started by go in {leak.go.function}",
            )
        )
    confirms = ""
    for static in sources.static(file) if at_go else ():
        code = static.code
        if static.span.start_line == span.start_line and not code.startswith(("GS0", "GS9")):
            confirms = code
            break
    # The code's one definition, with its docs (loaded with the checks, which a leak
    # being confirmed or not has loaded already).
    from gostuck.checks.runtime import GS9004

    severity = Severity.WARNING
    if confirms:
        message += f"; confirms {confirms} ({GS9004.code} and {confirms})"
        severity = Severity.ERROR
    finding = Finding(
        code=GS9004.code,
        name=GS9004.name,
        message=message,
        span=span,
        severity=severity,
        confidence=Confidence.HIGH,
        related=tuple(related),
        data=(("test", test or ""), ("count", str(leak.count)), ("confirms", confirms)),
    )
    return LeakFinding(finding, package, test, leak.count, leak, confirms)


def suppressed(leaks: Iterable[LeakFinding], sources: Sources) -> list[LeakFinding]:
    """Drop findings that a ``//gostuck:ignore GS9004 <reason>`` directive covers."""
    from gostuck.analysis.suppress import apply, find_directives
    from gostuck.checks.runtime import GS9004

    by_file: dict[str, list[LeakFinding]] = {}
    for tl in leaks:
        by_file.setdefault(tl.finding.span.path, []).append(tl)
    kept: list[LeakFinding] = []
    for path, items in by_file.items():
        source = sources.text(path)
        directives = find_directives(path, source) if source is not None else []
        if not directives:
            kept.extend(items)
            continue
        left = apply([tl.finding for tl in items], directives, ran=frozenset({GS9004.code}))
        ids = {id(f) for f in left}
        kept.extend(tl for tl in items if id(tl.finding) in ids)
    return kept


def leaked_only(text: str, *, source: str) -> str:
    """Return the tracebacks of the leaked goroutines only, as a debug=2 profile.

    From a goroutineleak profile, the goroutines marked ``(leaked)``; from a synctest
    panic, the ones in a ``(durable)`` wait, marked ``(leaked)`` instead (the bubble is
    gone: nothing can wake them). Any profile reader, and the editor's profile view,
    then shows exactly the leaks.
    """
    out: list[str] = []
    keep = False
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            state = m.group(2)
            if source == "synctest":
                keep = DURABLE in state
                if keep:
                    reason = state.split(",", 1)[0].replace(DURABLE, "").strip()
                    line = f"goroutine {m.group(1)} [{reason} (leaked)]:"
            else:
                keep = "(leaked)" in state
        elif not line.strip():
            if keep:
                out.append("")
            keep = False
            continue
        if keep:
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def attribute(
    leaks: Sequence[Leak], by_test: Mapping[str, Iterable[LeakKey]]
) -> dict[LeakKey, list[str]]:
    """Map each leak's key to the tests whose own run leaked it, in ``by_test`` order."""
    out: dict[LeakKey, list[str]] = {lk.key: [] for lk in leaks}
    for test, keys in by_test.items():
        for key in keys:
            if key in out and test not in out[key]:
                out[key].append(test)
    return out
