"""Goroutine profiles in the language server: commands, diagnostics, hovers and code lenses.

Plugs into :mod:`gostuck.lsp.server` through its profile hook (``register`` sets
``ls.profile_state``). The commands (``docs/settings.md``):

    gostuck.server.loadProfile(source)          a path or an http/https URL -> summary
    gostuck.server.compareProfile(base, current) growth per site             -> summary
    gostuck.server.clearProfile()                                           -> null
    gostuck.server.profileSummary()                                         -> summary | null
    gostuck.server.showLocation(uri, line)      window/showDocument          -> bool

Reading and placing happen in ``profile/`` and ``overlay/``, off the event loop; this module
only decides what to show, one problem per leak:

- a leak the source shows too (a static finding on the ``go`` statement that started the
  goroutines): that finding, with the runtime count in its message and each blocking line as
  related information, as an error (``confirmed_for``, merged by the server);
- a leak only the profile shows: GS9001 at the line where its goroutines wait, "1,024
  goroutines blocked here on chan send for 37 min; created at worker.go:42" (GS9003 when
  comparing: growth since the earlier profile), a warning from ``profile.warnGoroutines``
  goroutines, information below, nothing below ``profile.minGoroutines``;
- GS9002 on a ``go`` statement whose goroutines wait outside the workspace;
- code lenses with the counts on each blocking line and ``go`` statement, which show the
  other end when clicked (``gostuck.server.showLocation``); hovers that lead with at most six
  lines, then the top stacks.

The profile is placed on the current source: the open buffers, then the files on disk.
Lines follow edits: each file's text at load time is the baseline, and every request maps
the profile's lines onto the current text (:class:`gostuck.overlay.LineTracker`).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from gostuck.analysis.check import Check
from gostuck.analysis.model import Confidence, Finding, Related, Role, Severity, Span
from gostuck.checks.runtime import GS9001, GS9002, GS9003
from gostuck.lsp import catalog, convert
from gostuck.overlay import GoRef, LineTracker, PlacedSite, Workspace, place, with_overrides
from gostuck.profile import Frame, Profile, ProfileError, Site, diff, load, merge, sites

if TYPE_CHECKING:
    from gostuck.lsp.documents import Document
    from gostuck.lsp.server import GostuckServer

log = logging.getLogger(__name__)

LOAD: Final = "gostuck.server.loadProfile"
COMPARE: Final = "gostuck.server.compareProfile"
CLEAR: Final = "gostuck.server.clearProfile"
SUMMARY: Final = "gostuck.server.profileSummary"
SHOW_LOCATION: Final = "gostuck.server.showLocation"

# Goroutines in these states are not waiting for anything (the one writing the profile is
# always "running"): a "blocked here" diagnostic on them would be wrong.
NOT_WAITING: Final = frozenset({"running", "runnable"})
SUMMARY_SITES: Final = 50
HOVER_STACKS: Final = 3
HOVER_FRAMES: Final = 8
# LSP's RequestFailed: the request was valid but could not be carried out (a bad profile).
REQUEST_FAILED: Final = -32803


def plural(n: int, word: str) -> str:
    """Return ``"1,024 goroutines"`` / ``"1 goroutine"``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(slots=True)
class Mark:
    """Something the profile says about one line of one file (original 0-based line)."""

    line0: int
    sites: list[PlacedSite] = field(default_factory=list)  # goroutines blocked on this line
    gos: list[tuple[PlacedSite, GoRef]] = field(default_factory=list)  # started on this line

    @property
    def started(self) -> int:
        """Goroutines started by the ``go`` statement on this line."""
        return sum(ref.count for _, ref in self.gos)


@dataclass(slots=True)
class FileMarks:
    """A file's marks and the tracker that follows its edits."""

    path: str
    baseline: list[bytes]
    tracker: LineTracker
    marks: dict[int, Mark] = field(default_factory=dict)
    seen: list[bytes] | None = None

    def sync(self, lines: Sequence[bytes]) -> None:
        """Move the marks onto ``lines``, the file's current text."""
        current = list(lines)
        previous = self.seen if self.seen is not None else self.baseline
        if current != previous:
            self.tracker.replace_all(previous, current)
        self.seen = current

    def current(self, line0: int) -> int | None:
        """Return where an original line is now."""
        return self.tracker.current(line0)


@dataclass(slots=True)
class Loaded:
    """A loaded profile (or a comparison) placed on the workspace."""

    name: str
    profile: Profile
    placed: tuple[PlacedSite, ...]
    base: Profile | None
    files: dict[str, FileMarks]
    # A test run's: the tests that leak the goroutines of each `go` statement, by its file
    # (real path) and original 0-based line (gostuck.lsp.testruns).
    tests: Mapping[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)


def _lines_of(source: bytes) -> list[bytes]:
    return source.split(b"\n")


def _read(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def _line_span(path: str, line: int, text: bytes) -> Span:
    indent = len(text) - len(text.lstrip(b" \t"))
    end = len(text.rstrip(b"\r"))
    return Span(path, line, indent, line, max(end, indent))


def _short(path: str | None, fallback: str, line: int | None) -> str:
    """Return ``worker.go:42``; ``worker.go:?`` for a line the current source lacks."""
    return f"{os.path.basename(path or fallback)}:{line if line is not None else '?'}"


class ProfileState:
    """The loaded profile and what it shows (``ls.profile_state``)."""

    def __init__(self, ls: GostuckServer) -> None:
        """Start with no profile."""
        self.ls = ls
        self.loaded: Loaded | None = None

    # ----- loading (worker thread) -----------------------------------------------------

    def _workspaces(self, buffers: Mapping[Path, bytes]) -> list[Workspace]:
        roots = self.ls.workspace_roots() or [os.getcwd()]
        read = with_overrides(buffers)
        return [Workspace(root, read=read) for root in roots]

    def _place(
        self, workspaces: Sequence[Workspace], ranked: Sequence[Site]
    ) -> tuple[PlacedSite, ...]:
        placed = list(place(workspaces[0], ranked))
        for ws in workspaces[1:]:
            for i, p in enumerate(placed):
                if not p.resolved:
                    other = place(ws, [p.site])[0]
                    if other.resolved:
                        placed[i] = other
        return tuple(placed)

    def _absolute(self, source: str) -> str:
        """Resolve a relative path against the first workspace folder (not the server's cwd)."""
        if source.startswith("file:"):
            return _path_of(source) or source  # a file URI from the client
        if "://" in source or os.path.isabs(source):
            return source
        roots = self.ls.workspace_roots()
        return os.path.join(roots[0], source) if roots else source

    def buffers(self) -> dict[Path, bytes]:
        """Return the open documents' text: the current source, saved or not (event loop)."""
        return {Path(d.path): d.source for d in self.ls.documents}

    def build(
        self,
        sources: Sequence[str],
        base_source: str | None,
        buffers: Mapping[Path, bytes] | None = None,
    ) -> Loaded:
        """Read the profile(s) and place them on the current source (a worker thread).

        ``buffers`` are the open documents' text, which is what the editor shows: the
        profile is placed on it rather than on the files on disk.
        """
        buffers = dict(buffers or {})
        sources = [self._absolute(s) for s in sources]
        base_source = self._absolute(base_source) if base_source is not None else None
        settings = self.ls.settings.profile
        kw: dict[str, Any] = {"max_bytes": settings.max_bytes, "timeout": settings.timeout_seconds}
        profile = merge([load(s, **kw) for s in sources])
        base = load(base_source, **kw) if base_source is not None else None
        workspaces = self._workspaces(buffers)

        def is_user(function: str) -> bool:
            return any(ws.is_user(function) for ws in workspaces)

        def in_workspace(frame: Frame) -> bool:
            return any(ws.has_frame(frame) for ws in workspaces)

        current = sites(profile, is_user, in_workspace)
        ranked = (
            diff(sites(base, is_user, in_workspace), current, workspaces[0].site_key)
            if base is not None
            else current
        )
        placed = self._place(workspaces, ranked)
        files: dict[str, FileMarks] = {}

        def marks_for(path: Path) -> FileMarks | None:
            key = str(path)
            fm = files.get(key)
            if fm is None:
                source = buffers.get(path)
                if source is None:
                    source = _read(key)
                if source is None:
                    return None
                lines = _lines_of(source)
                fm = files[key] = FileMarks(key, lines, LineTracker(len(lines)))
            return fm

        for p in placed:
            # Only what the current source holds: a site whose line moved on is counted
            # (summary "unplaced"), never shown on whatever line has its number now.
            if p.path is not None and p.line is not None and (fm := marks_for(p.path)):
                fm.marks.setdefault(p.line - 1, Mark(p.line - 1)).sites.append(p)
            for ref in p.go_statements:
                if ref.path is not None and ref.line is not None and (fm := marks_for(ref.path)):
                    fm.marks.setdefault(ref.line - 1, Mark(ref.line - 1)).gos.append((p, ref))
        if base is not None:
            name = f"{_display(base.source)} -> {_display(profile.source)}"
        else:
            name = _display(profile.source)
        return Loaded(name, profile, placed, base, files)

    # ----- summary ---------------------------------------------------------------------

    def summary(self) -> dict[str, Any] | None:
        """Return the summary of ``docs/settings.md``, or None without a profile."""
        loaded = self.loaded
        if loaded is None:
            return None
        out_sites: list[dict[str, Any]] = []
        for p in loaded.placed[:SUMMARY_SITES]:
            s = p.site
            line: int | None = None
            file = s.file
            if p.path is not None:
                file = str(p.path)
                fm = loaded.files.get(file)
                if fm is not None:
                    self._synced(fm)
                now = fm.current(p.line - 1) if fm is not None and p.line is not None else None
                line = now + 1 if now is not None else None
            item: dict[str, Any] = {
                "file": file,
                "line": line,
                "function": s.function,
                "count": s.count,
                "waitReasons": dict(s.wait_reasons),
            }
            if s.growth is not None:
                item["growth"] = s.growth
            out_sites.append(item)
        warnings = list(loaded.profile.warnings)
        if loaded.base is not None:
            warnings += loaded.base.warnings
        return {
            "name": loaded.name,
            "formats": list(loaded.profile.formats),
            "total": loaded.profile.total,
            "sites": out_sites,
            "unplaced": sum(1 for p in loaded.placed if p.moved),
            "warnings": warnings,
        }

    # ----- hooks (event loop) ---------------------------------------------------------

    def _file(self, uri: str, doc: Document | None) -> FileMarks | None:
        loaded = self.loaded
        if loaded is None:
            return None
        path = doc.path if doc is not None else _path_of(uri)
        fm = loaded.files.get(path) if path else None
        if fm is None:
            return None
        lines = self.ls.lines_for(fm.path)
        if lines is not None:
            fm.sync([lines.line(i) for i in range(lines.line_count())])
        return fm

    def uris(self) -> Iterable[str]:
        """Return the URIs of every file with something to show."""
        loaded = self.loaded
        return [convert.uri_of(path) for path in loaded.files] if loaded else []

    def _synced(self, fm: FileMarks) -> FileMarks:
        lines = self.ls.lines_for(fm.path)
        if lines is not None:
            fm.sync([lines.line(i) for i in range(lines.line_count())])
        return fm

    def _static_on(self, path: str, line0: int) -> Finding | None:
        """Return the static finding on a line (a `go` statement) of an open document."""
        doc = self.ls.documents.by_path(path)
        if doc is None or doc.findings_version != doc.version:
            return None
        for f in doc.findings:
            if f.span.start_line == line0 and not f.code.startswith(("GS0", "GS9")):
                return f
        return None

    def _confirmed_gos(self) -> set[tuple[str, int]]:
        """Return the `go` statements (path, original 0-based line) a static finding is on."""
        loaded = self.loaded
        out: set[tuple[str, int]] = set()
        if loaded is None:
            return out
        for fm in loaded.files.values():
            if not any(m.gos for m in fm.marks.values()):
                continue
            self._synced(fm)
            for mark in fm.marks.values():
                now = fm.current(mark.line0)
                if mark.gos and now is not None and self._static_on(fm.path, now) is not None:
                    out.add((fm.path, mark.line0))
        return out

    def _leaked_by(self, gos: Iterable[tuple[str, int]]) -> str:
        """Return "; leaked by TestX" for `go` statements (path, original 0-based line)."""
        loaded = self.loaded
        if loaded is None or not loaded.tests:
            return ""
        names = sorted(
            {
                t
                for path, line0 in gos
                for t in loaded.tests.get((os.path.realpath(path), line0), ())
            }
        )
        return f"; leaked by {', '.join(names)}" if names else ""

    @staticmethod
    def _is_confirmed(placed: PlacedSite, confirmed: set[tuple[str, int]]) -> bool:
        return any(
            ref.path is not None
            and ref.line is not None
            and (str(ref.path), ref.line - 1) in confirmed
            for ref in placed.go_statements
        )

    def diagnostics_for(self, uri: str, doc: Document | None) -> Sequence[Any]:
        """Return the profile's own problems in one file: one per leak.

        A leak the source shows too is the static finding on its `go` statement (see
        :meth:`confirmed_for`); one only the profile shows is GS9001 (GS9003 comparing)
        at the line where its goroutines wait. GS9002 is for a `go` statement whose
        goroutines wait outside the workspace. Counts per line are code lenses.
        """
        fm = self._file(uri, doc)
        loaded = self.loaded
        if fm is None or loaded is None:
            return []
        settings = self.ls.settings.profile
        lines = self.ls.lines_for(fm.path)
        if lines is None:
            return []
        confirmed = self._confirmed_gos()
        out: list[Finding] = []
        for mark in fm.marks.values():
            line = fm.current(mark.line0)
            if line is None:
                continue  # the line was deleted or rewritten since the profile was loaded
            span = _line_span(fm.path, line, lines.line(line))
            for site in mark.sites:
                if self._is_confirmed(site, confirmed):
                    continue
                finding = self._site_finding(site, span, settings.min_goroutines)
                if finding is not None:
                    out.append(self._with_severity(finding, site, settings.warn_goroutines))
            elsewhere = [(p, ref) for p, ref in mark.gos if p.path is None]
            if elsewhere and (fm.path, mark.line0) not in confirmed:
                finding = self._go_finding(elsewhere, span, settings.min_goroutines)
                if finding is not None:
                    out.append(finding)
        return out

    def confirmed_for(self, uri: str, doc: Document | None) -> list[tuple[Finding, Finding]]:
        """Return (static finding, the same with the profile's counts) for one file.

        The static finding on a `go` statement whose goroutines the profile has blocked
        becomes one error: the runtime count in its message, each blocking line with its
        count as related information.
        """
        fm = self._file(uri, doc)
        if fm is None:
            return []
        out: list[tuple[Finding, Finding]] = []
        for mark in fm.marks.values():
            line = fm.current(mark.line0)
            if not mark.gos or line is None:
                continue
            static = self._static_on(fm.path, line)
            if static is None:
                continue
            started = mark.started
            leaked = sum(min(p.site.leaked, ref.count) for p, ref in mark.gos)
            reasons = sorted({p.site.wait_reason for p, _ in mark.gos if p.site.wait_reason})
            on = f" on {', '.join(reasons)}" if reasons else ""
            leak = f", {leaked:,} leaked" if leaked else ""
            related = [
                r
                for p, ref in mark.gos
                if (
                    r := self._related_line(
                        p.path,
                        p.line,
                        f"{plural(ref.count, 'goroutine')} blocked here{on} (profile)",
                    )
                )
                is not None
            ]
            by = self._leaked_by([(fm.path, mark.line0)])
            message = (
                f"{static.message} (the profile confirms it: "
                f"{plural(started, 'goroutine')} blocked{on}{leak}{by})"
            )
            merged = replace(
                static,
                message=message,
                severity=Severity.ERROR,
                related=static.related + tuple(related),
            )
            out.append((static, merged))
        return out

    def _count(self, site: Site) -> int:
        return site.growth if site.growth is not None else site.count

    def _with_severity(self, finding: Finding, placed: PlacedSite, warn_at: int) -> Finding:
        loud = self._count(placed.site) >= warn_at
        severity = Severity.WARNING if loud else Severity.INFO
        return Finding(
            code=finding.code,
            name=finding.name,
            message=finding.message,
            span=finding.span,
            severity=severity,
            confidence=finding.confidence,
            related=finding.related,
        )

    def _related_line(self, path: Path | None, line1: int | None, message: str) -> Related | None:
        if path is None or line1 is None:
            return None
        loaded = self.loaded
        fm = loaded.files.get(str(path)) if loaded is not None else None
        lines = self.ls.lines_for(str(path))
        if fm is None or lines is None:
            return None
        now = fm.current(line1 - 1)
        if now is None:
            return None
        return Related(Role.OTHER, _line_span(str(path), now, lines.line(now)), message)

    def _site_finding(self, placed: PlacedSite, span: Span, min_count: int) -> Finding | None:
        s = placed.site
        count = self._count(s)
        if count < max(min_count, 1) or s.wait_reason in NOT_WAITING:
            return None
        reason = f" on {s.wait_reason}" if s.wait_reason else ""
        minutes = f" for {s.max_minutes} min" if s.max_minutes else ""
        leaked = f" ({s.leaked:,} leaked)" if s.leaked else ""
        created = ""
        if placed.go_statements:
            first = placed.go_statements[0]
            where = _short(str(first.path) if first.path else None, first.file, first.line)
            created = f"; created at {where}" + self._leaked_by(
                (str(g.path), g.line - 1)
                for g in placed.go_statements
                if g.path is not None and g.line is not None
            )
        if s.growth is not None:
            head = f"+{plural(s.growth, 'goroutine')} since the earlier profile ({s.count:,} now)"
            message = f"{head} blocked here{reason}{minutes}{leaked}{created}"
            check: Check = GS9003
        else:
            message = (
                f"{plural(s.count, 'goroutine')} blocked here{reason}{minutes}{leaked}{created}"
            )
            check = GS9001
        related = [
            r
            for g in placed.go_statements
            if (r := self._related_line(g.path, g.line, "goroutines started here")) is not None
        ]
        return Finding(
            code=check.code,
            name=check.name,
            message=message,
            span=span,
            severity=Severity.INFO,
            confidence=Confidence.HIGH,
            related=tuple(related),
        )

    def _go_finding(
        self, gos: Sequence[tuple[PlacedSite, GoRef]], span: Span, min_count: int
    ) -> Finding | None:
        """Return GS9002 for goroutines started here that wait outside the workspace."""
        started = sum(ref.count for _, ref in gos)
        if started < max(min_count, 1):
            return None
        where = sorted({p.site.function for p, _ in gos})
        reasons = sorted({p.site.wait_reason for p, _ in gos if p.site.wait_reason})
        on = f" on {', '.join(reasons)}" if reasons else ""
        leaked = sum(min(p.site.leaked, ref.count) for p, ref in gos)
        leak = f" ({leaked:,} leaked)" if leaked else ""
        message = (
            f"{plural(started, 'goroutine')} started here "
            f"{'are' if started != 1 else 'is'} blocked{on} in {', '.join(where)}{leak}"
        )
        loud = started >= self.ls.settings.profile.warn_goroutines
        return Finding(
            code=GS9002.code,
            name=GS9002.name,
            message=message,
            span=span,
            severity=Severity.WARNING if loud else Severity.INFO,
            confidence=Confidence.HIGH,
        )

    def hover(self, uri: str, doc: Document | None, line: int, byte_col: int) -> str | None:
        """Return markdown about the profile on this line."""
        fm = self._file(uri, doc)
        loaded = self.loaded
        if fm is None or loaded is None:
            return None
        parts: list[str] = []
        for mark in fm.marks.values():
            if fm.current(mark.line0) != line:
                continue
            parts.extend(_site_markdown(loaded, site) for site in mark.sites)
            if mark.gos:
                parts.append(_go_markdown(mark))
        return "\n\n".join(parts) if parts else None

    def code_lenses(self, uri: str, doc: Document | None) -> Sequence[types.CodeLens]:
        """Return a lens on each blocking line and each `go` statement, with its counts.

        Clicking one jumps to the other end: from the blocking line to the `go` statement
        that started its goroutines, and back (``gostuck.server.showLocation``).
        """
        fm = self._file(uri, doc)
        if fm is None:
            return []
        lines = self.ls.lines_for(fm.path)
        if lines is None:
            return []
        encoding = self.ls.encoding
        lenses: list[types.CodeLens] = []
        for mark in sorted(fm.marks.values(), key=lambda m: m.line0):
            line = fm.current(mark.line0)
            if line is None:
                continue
            rng = convert.line_range(lines, line, encoding)
            for p in mark.sites:
                title = f"gostuck: {plural(p.site.count, 'goroutine')} blocked here"
                if p.site.wait_reason:
                    title += f" on {p.site.wait_reason}"
                go = next((g for g in p.go_statements if g.path and g.line), None)
                target = (go.path, go.line) if go and go.path and go.line else None
                lenses.append(self._lens(rng, title, "started at", target))
            if mark.gos:
                title = f"gostuck: {plural(mark.started, 'goroutine')} started here"
                placed = next((p for p, _ in mark.gos if p.path and p.line), None)
                if placed is not None and placed.path and placed.line:
                    lenses.append(self._lens(rng, title, "blocked at", (placed.path, placed.line)))
                else:
                    names = ", ".join(sorted({p.site.function for p, _ in mark.gos}))
                    lenses.append(self._lens(rng, f"{title} · blocked in {names}", "", None))
        return lenses

    def _lens(
        self, rng: types.Range, title: str, verb: str, target: tuple[Path, int] | None
    ) -> types.CodeLens:
        """Return a lens; with a target (file, 1-based line), clicking it shows that line."""
        if target is None:
            return types.CodeLens(range=rng, command=types.Command(title=title, command=""))
        path, line1 = target
        now0 = self._now0(path, line1)
        title += f" · {verb} {os.path.basename(path)}:{now0 + 1}"
        args: list[Any] = [convert.uri_of(str(path)), now0]
        command = types.Command(title=title, command=SHOW_LOCATION, arguments=args)
        return types.CodeLens(range=rng, command=command)

    def _now0(self, path: Path, line1: int) -> int:
        """Return where a placed 1-based line is now (0-based), following edits."""
        loaded = self.loaded
        fm = loaded.files.get(str(path)) if loaded is not None else None
        if fm is None:
            return line1 - 1
        now = self._synced(fm).current(line1 - 1)
        return now if now is not None else line1 - 1


def _display(source: str) -> str:
    if "://" in source:
        return source
    return ", ".join(os.path.basename(s) for s in source.split(", "))


def _path_of(uri: str) -> str | None:
    from pygls.uris import to_fs_path

    return to_fs_path(uri)


def _site_markdown(loaded: Loaded, placed: PlacedSite) -> str:
    """Return the hover of a blocking line: at most six lines, then the top stacks."""
    s = placed.site
    head = f"**{plural(s.count, 'goroutine')} blocked here**"
    if s.wait_reasons:
        head += " on " + ", ".join(f"{r} ({n:,})" for r, n in s.wait_reasons)
    if s.max_minutes:
        head += f" for up to {s.max_minutes} min"
    if s.leaked:
        head += f", {s.leaked:,} leaked"
    if s.growth is not None:
        head += f" ({s.growth:+,} since the earlier profile)"
    lines = [head + f" in `{loaded.name}`"]
    for g in placed.go_statements[:2]:
        if g.path is not None and g.line is not None:
            where = _short(str(g.path), g.file, g.line)
            link = f"{convert.uri_of(str(g.path))}#L{g.line}"
            lines.append(f"Started by `go` at [{where}]({link}): {g.count:,}")
    if s.labels:
        lines.append(f"Labels: {_labels_markdown(s.labels)}")
    code = (GS9003 if s.growth is not None else GS9001).code
    lines.append(f"Fix: give the goroutine a way out ([{code}]({catalog.docs_url(code)}))")
    out = ["  \n".join(lines)]
    for i, stack in enumerate(s.stacks[:HOVER_STACKS]):
        frames = [f"{f.function}  {os.path.basename(f.file)}:{f.line}" for f in stack.frames]
        more = len(frames) - HOVER_FRAMES
        shown = frames[:HOVER_FRAMES] + ([f"... {more} more"] if more > 0 else [])
        body = "\n".join(shown)
        out.append(f"stack {i + 1} ({plural(stack.count, 'goroutine')}):\n```\n{body}\n```")
    return "\n\n---\n\n".join(out[:1]) + ("\n\n---\n\n" + "\n\n".join(out[1:]) if out[1:] else "")


def _labels_markdown(labels: Sequence[tuple[str, str, int]], per_key: int = 3) -> str:
    """Show labels by key, the most common values first: ``handler=/api`` (1,000), ..."""
    by_key: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, value, n in labels:
        by_key[key].append((value, n))
    parts = []
    for key, values in sorted(by_key.items()):
        values.sort(key=lambda vn: -vn[1])
        shown = ", ".join(f"`{key}={v}` ({n:,})" for v, n in values[:per_key])
        more = len(values) - per_key
        parts.append(shown + (f" and {more} more" if more > 0 else ""))
    return "; ".join(parts)


def _go_markdown(mark: Mark) -> str:
    """Return the hover of a `go` statement: where its goroutines wait (one line each)."""
    lines = [f"**{plural(mark.started, 'goroutine')} started here are blocked** (profile)"]
    for p, ref in mark.gos[:5]:
        where = _short(str(p.path) if p.path else None, p.site.file, p.line)
        reason = f" on {p.site.wait_reason}" if p.site.wait_reason else ""
        lines.append(f"{ref.count:,} at {where}{reason} (`{p.site.function}`)")
    return "  \n".join(lines)


def _fail(message: str) -> JsonRpcException:
    return JsonRpcException(message=message, code=REQUEST_FAILED)


def register(ls: GostuckServer) -> None:
    """Add the profile commands and hooks to the server."""
    state = ProfileState(ls)
    ls.profile_state = state

    async def _load(sources: Sequence[str], base: str | None) -> dict[str, Any] | None:
        loop = asyncio.get_running_loop()
        try:
            loaded = await loop.run_in_executor(
                None, state.build, list(sources), base, state.buffers()
            )
        except ProfileError as e:
            # The client shows the failed request's message (the VS Code extension does);
            # a showMessage on top would say it twice, and the server logs it once
            # ("request failed: ...").
            raise _fail(str(e)) from None
        old = set(state.uris())
        state.loaded = loaded
        ls.republish(sorted(old | set(state.uris()) | {d.uri for d in ls.documents}))
        ls.refresh_code_lenses()
        log.info(
            "profile %s: %d goroutines at %d sites",
            loaded.name,
            loaded.profile.total,
            len(loaded.placed),
        )
        return state.summary()

    @ls.command(LOAD)
    async def load_profile(ls_: LanguageServer, source: str) -> dict[str, Any] | None:
        """Load a profile from a path or URL and show it."""
        if not isinstance(source, str) or not source:
            raise _fail("loadProfile needs a path or an http(s) URL")
        return await _load([source], None)

    @ls.command(COMPARE)
    async def compare_profile(
        ls_: LanguageServer, base: str, current: str
    ) -> dict[str, Any] | None:
        """Load ``current`` and show the growth per site since ``base``."""
        if not (isinstance(base, str) and isinstance(current, str) and base and current):
            raise _fail("compareProfile needs two paths or URLs: the earlier and the later profile")
        return await _load([current], base)

    @ls.command(CLEAR)
    def clear_profile(ls_: LanguageServer) -> None:
        """Forget the profile and take its diagnostics away."""
        old = set(state.uris())
        state.loaded = None
        ls.republish(sorted(old | {d.uri for d in ls.documents}))
        ls.refresh_code_lenses()

    @ls.command(SUMMARY)
    def profile_summary(ls_: LanguageServer) -> dict[str, Any] | None:
        """Return the loaded profile's summary, or null."""
        return state.summary()

    @ls.command(SHOW_LOCATION)
    async def show_location(ls_: LanguageServer, uri: str, line: int) -> bool:
        """Show a line of a file in the client (a code lens's click): window/showDocument."""
        if not isinstance(uri, str) or not isinstance(line, int) or line < 0:
            raise _fail("showLocation needs a file URI and a 0-based line")
        at = types.Position(line=line, character=0)
        window = ls.client_capabilities.window
        if window is None or window.show_document is None or not window.show_document.support:
            raise _fail("this client cannot show a document (window/showDocument)")
        result = await ls.window_show_document_async(
            types.ShowDocumentParams(uri=uri, take_focus=True, selection=types.Range(at, at))
        )
        return bool(result.success)
