"""Put profile sites on workspace lines and on the ``go`` statements that started them.

For each site (goroutines waiting at one line), the ``go`` statements come from the
profile when it has them (``created by`` in text formats) and are otherwise found
statically from the goroutines' entry function:

- a literal (``fetch.func1``, ``fanOut.func2.1``, ``(*Pool).Run.func1``): the literal with
  that compiler name in the entry frame's file; the ``go`` statement that runs it directly,
  or ``go f()`` after ``f := func() {...}`` in the same function;
- a named function or method (``worker``, ``(*Server).loop``, ``Recv[...]``): every ``go``
  statement in the package that calls that name (``go worker(...)``, ``go s.loop()``).

When the numbering does not agree with the entry frame's line (code changed since the
profile, or a case the numbering does not model), the literal around that line is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gostuck.overlay.gofile import FuncInfo, GoFile, GoStmt
from gostuck.overlay.workspace import Workspace
from gostuck.profile.model import Frame, Profile, Site, sites
from gostuck.profile.names import symbol_of


@dataclass(frozen=True, slots=True)
class GoRef:
    """A ``go` statement that started some of a site's goroutines."""

    file: str  # the profile's path
    line: int  # 1-based
    count: int
    source: str  # "profile" (created by) or "static" (found from the entry function)
    path: Path | None = None  # the workspace file, when resolved
    stmt: GoStmt | None = None  # the statement in that file (0-based positions)

    @property
    def resolved(self) -> bool:
        """Say whether the statement is in a workspace file."""
        return self.path is not None


@dataclass(frozen=True, slots=True)
class PlacedSite:
    """A profile site with its workspace file and ``go`` statements."""

    site: Site
    path: Path | None  # workspace file for site.file, when resolved
    go_statements: tuple[GoRef, ...]

    @property
    def resolved(self) -> bool:
        """Say whether the site's file is in the workspace."""
        return self.path is not None

    @property
    def line(self) -> int:
        """The 1-based line the goroutines wait at."""
        return self.site.line


def _strip_package(function: str) -> str:
    return symbol_of(function)


GENERIC = "[...]"


def _split_symbol(symbol: str) -> list[str]:
    """Split a symbol at its dots, leaving ``[...]`` (which has dots of its own) whole."""
    return [p.replace("\0", GENERIC) for p in symbol.replace(GENERIC, "\0").split(".")]


def _is_serial(text: str) -> bool:
    """Say whether ``text`` is a literal's serial number as the compiler writes it (``2``).

    Profiles are untrusted: ``str.isdigit()`` also takes ``²``, which ``int()`` refuses.
    """
    return text.isascii() and text.isdigit() and len(text) <= 9


def _closure_parts(symbol: str) -> tuple[str, list[str]] | None:
    """Split ``(*T).M.func2.1`` into ``(*T).M`` and ``["func2", "1"]``; None if no literal."""
    parts = _split_symbol(symbol)
    for i, part in enumerate(parts):
        if part.startswith("func") and _is_serial(part[4:]) and i > 0:
            return ".".join(parts[:i]), parts[i:]
        if part.startswith("gowrap") and _is_serial(part[6:]) and i > 0:
            return ".".join(parts[:i]), parts[i:]
    return None


def _literal_go(gofile: GoFile, info: FuncInfo) -> list[GoStmt]:
    if info.go_line is not None:
        stmt = gofile.go_at(info.go_line)
        return [stmt] if stmt is not None else []
    if info.assigned_to:
        owner = info.name.rsplit(".", 1)[0]
        return [g for g in gofile.gos if g.callee == info.assigned_to and g.enclosing == owner]
    return []


def find_go_statements(workspace: Workspace, entry: Frame) -> list[tuple[Path, GoStmt]]:
    """Find the ``go`` statements that start goroutines whose entry frame is ``entry``."""
    path = workspace.resolve(entry.file)
    if path is None:
        return []
    gofile = workspace.gofile(path)
    if gofile is None:
        return []
    symbol = _strip_package(entry.function)
    split = _closure_parts(symbol)
    if split is not None:
        outer, chain = split
        if chain[0].startswith("gowrap"):
            # `go f(x)` runs through a wrapper numbered among the wrapped statements of
            # outer; only SIGQUIT dumps show it, and they also say `created by`.
            wrapped = [g for g in gofile.gos if g.enclosing == outer and not g.calls_literal]
            n = int(chain[0][6:])
            return [(path, wrapped[n - 1])] if 0 < n <= len(wrapped) else []
        info = gofile.funcs.get(symbol)
        line0 = entry.line - 1
        if info is None or not (info.start_line <= line0 <= info.end_line):
            info = gofile.function_at(line0)
        if info is None:
            return []
        return [(path, g) for g in _literal_go(gofile, info)]
    # A named function or method: every `go` in the package that calls its name.
    name = _split_symbol(symbol)[-1].removesuffix(GENERIC)
    found: list[tuple[Path, GoStmt]] = []
    package = workspace.package_files(path)
    for other in package:
        parsed = workspace.gofile(other)
        if parsed is None:
            continue
        found.extend((other, g) for g in parsed.gos if not g.calls_literal and g.callee == name)
    if not found and name[:1].isupper():
        # An exported function may be started from another package: `go worker.Run(x)`.
        for other in workspace.files_mentioning(name.encode()):
            if other in package or (parsed := workspace.gofile(other)) is None:
                continue
            found.extend((other, g) for g in parsed.gos if not g.calls_literal and g.callee == name)
    return found


def _stmt_at(workspace: Workspace, path: Path | None, line: int) -> GoStmt | None:
    if path is None:
        return None
    gofile = workspace.gofile(path)
    return gofile.go_at(line - 1) if gofile is not None else None


def place_site(workspace: Workspace, site: Site) -> PlacedSite:
    """Map one site onto the workspace and find its ``go`` statements."""
    path = workspace.resolve(site.file)
    refs: list[GoRef] = []
    created = sum(g.count for g in site.go_statements)
    for g in site.go_statements:
        gpath = workspace.resolve(g.file)
        refs.append(
            GoRef(g.file, g.line, g.count, "profile", gpath, _stmt_at(workspace, gpath, g.line))
        )
    if created < site.count:
        # Goroutines whose format says nothing of their creator (debug=0/1, or a dump cut
        # before the `created by` line): look the entry function up in the source.
        seen: dict[tuple[Path, int], int] = {}
        stmts: dict[tuple[Path, int], GoStmt] = {}
        left = site.count - created
        for entry in site.entries:
            for gpath, stmt in find_go_statements(workspace, entry.frame):
                key = (gpath, stmt.line)
                seen[key] = seen.get(key, 0) + min(entry.count, left)
                stmts[key] = stmt
        known = {(r.path, r.line) for r in refs}
        for (gpath, line0), count in seen.items():
            if (gpath, line0 + 1) in known:
                continue
            refs.append(
                GoRef(
                    workspace.relative(gpath),
                    line0 + 1,
                    count,
                    "static",
                    gpath,
                    stmts[(gpath, line0)],
                )
            )
    return PlacedSite(site, path, tuple(refs))


def place(workspace: Workspace, profile_sites: Sequence[Site]) -> tuple[PlacedSite, ...]:
    """Map every site onto the workspace."""
    return tuple(place_site(workspace, s) for s in profile_sites)


def overlay(workspace: Workspace, profile: Profile) -> tuple[PlacedSite, ...]:
    """Aggregate a profile into sites (workspace modules count as user code) and place them."""
    return place(workspace, sites(profile, workspace.is_user, workspace.has_frame))
