"""Put profile sites on workspace lines and on the ``go`` statements that started them.

For each site (goroutines waiting at one line), the ``go`` statements come from the
profile when it has them (``created by`` in text formats) and are otherwise found
statically from the goroutines' entry function:

- a literal (``fetch.func1``, ``fanOut.func2.1``, ``(*Pool).Run.func1``): the literal with
  that compiler name in the entry frame's file; the ``go`` statement that runs it directly,
  or ``go f()`` after ``f := func() {...}`` in the same function;
- a named function or method (``worker``, ``(*Server).loop``, ``Recv[...]``): every ``go``
  statement in the package that calls that name (``go worker(...)``, ``go s.loop()``).

When a literal's name is not in the file (literals added since the profile, or a case the
numbering does not model), the literal of the same named function around the entry
frame's line is used.

The profile's lines are the built program's; :mod:`gostuck.overlay.locate` finds each
site and each ``created by`` statement in the current source, or leaves it unplaced
(``line`` None) when the source changed and nothing identifies it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from gostuck.overlay.gofile import FuncInfo, GoFile, GoStmt
from gostuck.overlay.locate import Where, locate_go, locate_site
from gostuck.overlay.workspace import Workspace
from gostuck.profile.model import Frame, Profile, Site, sites
from gostuck.profile.names import symbol_of


@dataclass(frozen=True, slots=True)
class GoRef:
    """A ``go` statement that started some of a site's goroutines."""

    file: str  # the profile's path (or the workspace file's, when found statically)
    line: int | None  # 1-based, in the current source; None when it cannot be placed
    count: int
    source: str  # "profile" (created by) or "static" (found from the entry function)
    path: Path | None = None  # the workspace file, when resolved
    stmt: GoStmt | None = None  # the statement in that file (0-based positions)
    profile_line: int | None = None  # the line `created by` gives (None: found statically)

    @property
    def resolved(self) -> bool:
        """Say whether the statement is placed in a workspace file."""
        return self.path is not None and self.line is not None


NOWHERE: Final = Where(None)


@dataclass(frozen=True, slots=True)
class PlacedSite:
    """A profile site with its workspace file and ``go`` statements."""

    site: Site
    path: Path | None  # workspace file for site.file, when resolved
    go_statements: tuple[GoRef, ...]
    where: Where = NOWHERE  # the line in the current source, and what placed it

    @property
    def resolved(self) -> bool:
        """Say whether the site is placed on a line of a workspace file."""
        return self.path is not None and self.where.line is not None

    @property
    def moved(self) -> bool:
        """Say whether the file is in the workspace but the source changed under the site."""
        return self.path is not None and self.where.line is None and self.where.how != "running"

    @property
    def line(self) -> int | None:
        """The 1-based line the goroutines wait at in the current source, when placed."""
        return self.where.line


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
        if info is None:
            # Not in this file's numbering: the literal of the same function at the line.
            info = gofile.function_at(entry.line - 1)
            if info is None or not info.literal or _top_name(info.name) != _top_name(symbol):
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


def _top_name(symbol: str) -> str:
    """Return the named function a literal is in: ``fanOut.func2.1`` -> ``fanOut``."""
    split = _closure_parts(symbol)
    return split[0] if split is not None else symbol


def place_site(workspace: Workspace, site: Site) -> PlacedSite:
    """Map one site onto the workspace's current source and find its ``go`` statements."""
    path = workspace.resolve(site.file)
    gofile = workspace.gofile(path) if path is not None else None
    where = locate_site(gofile, site) if gofile is not None else Where(None)
    refs: list[GoRef] = []
    created = sum(g.count for g in site.go_statements)
    entries = [e.frame.function for e in site.entries]
    for g in site.go_statements:
        gpath = workspace.resolve(g.file)
        ggofile = workspace.gofile(gpath) if gpath is not None else None
        gline = locate_go(ggofile, g.function, g.line, entries).line if ggofile else None
        stmt = ggofile.go_at(gline - 1) if ggofile is not None and gline is not None else None
        refs.append(GoRef(g.file, gline, g.count, "profile", gpath, stmt, g.line))
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
    return PlacedSite(site, path, tuple(refs), where)


def place(workspace: Workspace, profile_sites: Sequence[Site]) -> tuple[PlacedSite, ...]:
    """Map every site onto the workspace.

    Two sites of one function that the profile puts on different lines cannot both be
    on one line now: when re-placing puts them together, neither is placed.
    """
    placed = [place_site(workspace, s) for s in profile_sites]
    lines: dict[tuple[Path, int, str], set[int]] = {}
    for p in placed:
        if p.path is not None and p.line is not None:
            lines.setdefault((p.path, p.line, p.site.function), set()).add(p.site.line)
    return tuple(
        replace(p, where=Where(None))
        if p.path is not None
        and p.line is not None
        and len(lines[(p.path, p.line, p.site.function)]) > 1
        else p
        for p in placed
    )


def overlay(workspace: Workspace, profile: Profile) -> tuple[PlacedSite, ...]:
    """Aggregate a profile into sites (workspace modules count as user code) and place them."""
    return place(workspace, sites(profile, workspace.is_user, workspace.has_frame))
