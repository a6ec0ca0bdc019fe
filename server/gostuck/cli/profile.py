"""``gostuck profile``: read goroutine profiles and show where goroutines wait.

    gostuck profile FILE|URL [FILE ...] [--base EARLIER] [--source DIR]
                    [--format text|json] [--list REGEX]

Several profiles are summed (one model, additive counts). ``--base`` ranks sites by
growth since an earlier profile. Sites are mapped onto the Go files under ``--source``
(default: the current directory), with the ``go`` statements that started them.
``--list REGEX`` prints the source of matching functions with the goroutines blocked at
and started from each line, like ``go tool pprof -list``.

Exit status: 0 when the profiles were read, 2 when one cannot be (the message says why).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from gostuck.overlay import GoRef, PlacedSite, Workspace, place
from gostuck.overlay.gofile import GoFile
from gostuck.profile import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    Profile,
    ProfileError,
    diff,
    load,
    merge,
    sites,
)

JSON_VERSION: Final = 1


def register(sub: Any) -> None:
    """Add the ``profile`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser(
        "profile",
        help="read goroutine profiles and show where goroutines wait",
        description=(
            "Read goroutine profiles (debug=0/1/2, goroutineleak, panic, deadlock, test "
            "timeout or SIGQUIT dumps, or an http(s) URL) and show the lines where "
            "goroutines wait, with the go statements that started them."
        ),
        epilog="Exit status: 0 when the profiles were read, 2 when one cannot be.",
    )
    p.add_argument(
        "profiles",
        nargs="+",
        metavar="FILE|URL",
        help="profiles to read, summed (- reads standard input)",
    )
    p.add_argument("--base", metavar="EARLIER", help="an earlier profile: rank sites by growth")
    p.add_argument(
        "--source", metavar="DIR", default=".", help="workspace to map onto (default: .)"
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or one JSON object",
    )
    p.add_argument("--list", metavar="REGEX", help="print annotated source of matching functions")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help="largest profile to read, decompressed (default: 256 MiB)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds allowed for fetching a URL (default: 30)",
    )
    p.set_defaults(run=run)


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _site_json(placed: PlacedSite) -> dict[str, Any]:
    s = placed.site
    out: dict[str, Any] = {
        "file": _rel(placed.path) if placed.path else s.file,
        "line": placed.line,
        "profile_file": s.file,
        "profile_line": s.line,
        "function": s.function,
        "count": s.count,
        "leaked": s.leaked,
        "wait_reasons": dict(s.wait_reasons),
        "max_minutes": s.max_minutes,
        "go_statements": [_go_json(g) for g in placed.go_statements],
        "resolved": placed.resolved,
    }
    if s.growth is not None:
        out["growth"] = s.growth
    return out


def _go_json(g: GoRef) -> dict[str, Any]:
    out: dict[str, Any] = {"file": _rel(g.path) if g.path else g.file, "line": g.line}
    if g.profile_line is not None:
        out["profile_line"] = g.profile_line
    out.update(count=g.count, source=g.source)
    return out


def _where(placed: PlacedSite) -> str:
    if placed.path is None:
        return f"{placed.site.file}:{placed.site.line}"
    if placed.line is None:
        what = "running at" if placed.where.how == "running" else "line"
        return f"{_rel(placed.path)}:? ({what} {placed.site.line} in the profile)"
    return f"{_rel(placed.path)}:{placed.line}"


def moved_note(placed: Sequence[PlacedSite]) -> str | None:
    """Return "source changed since the profile: N sites not shown", or None."""
    moved = sum(1 for p in placed if p.moved)
    if not moved:
        return None
    return f"source changed since the profile: {moved} site{'s' if moved != 1 else ''} not shown"


def _write_text(
    out: TextIO, profile: Profile, placed: Sequence[PlacedSite], base: Profile | None
) -> None:
    leaked = f", {profile.leaked:,} leaked" if profile.leaked else ""
    print(
        f"{profile.total:,} goroutines{leaked} at {len(placed)} sites "
        f"({', '.join(profile.formats)}: {profile.source})",
        file=out,
    )
    if base is not None:
        print(f"growth since {base.total:,} goroutines ({base.source})", file=out)
    note = moved_note(placed)
    if note is not None:
        print(f"{note} on the source (their lines hold other code now)", file=out)
    for p in placed:
        s = p.site
        reasons = ", ".join(f"{r} {n:,}" for r, n in s.wait_reasons) or "wait reason unknown"
        extra = []
        if s.leaked:
            extra.append(f"{s.leaked:,} leaked")
        if s.max_minutes:
            extra.append(f"up to {s.max_minutes} min")
        growth = f"{s.growth:>+9,}" if s.growth is not None else ""
        tail = f" ({'; '.join(extra)})" if extra else ""
        print(f"{growth}{s.count:>9,}  {_where(p)}  {s.function}", file=out)
        print(f"{' ' * (11 + len(growth))}{reasons}{tail}", file=out)
        indent = " " * (11 + len(growth))
        for g in p.go_statements:
            if g.path is None:
                where = f"{g.file}:{g.profile_line}"
            elif g.line is None:
                where = f"{_rel(g.path)}:? (line {g.profile_line} in the profile)"
            else:
                where = f"{_rel(g.path)}:{g.line}"
            print(f"{indent}started by go at {where} ({g.count:,}, {g.source})", file=out)


def _write_list(
    out: TextIO, workspace: Workspace, placed: Sequence[PlacedSite], pattern: re.Pattern[str]
) -> int:
    """Print matching functions' source with blocked/started counts; return how many."""
    blocked: dict[Path, dict[int, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    started: dict[Path, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    wanted: dict[Path, set[int]] = defaultdict(set)  # 1-based lines that a match covers
    for p in placed:
        if p.path is not None and p.line is not None:
            blocked[p.path][p.line].append((p.site.count, p.site.wait_reason))
            if pattern.search(p.site.function):
                wanted[p.path].add(p.line)
        for g in p.go_statements:
            if g.path is not None and g.line is not None:
                started[g.path][g.line] += g.count
                if pattern.search(p.site.function):
                    wanted[g.path].add(g.line)
    shown = 0
    for path in sorted(wanted):
        gofile = workspace.gofile(path)
        if gofile is None:
            continue
        lines = gofile.source.decode("utf-8", "replace").splitlines()
        extents: set[tuple[int, int, str]] = set()
        for line in wanted[path]:
            top = _top_function(gofile, line - 1)
            if top is not None:
                extents.add(top)
        for start, end, name in sorted(extents):
            shown += 1
            print(f"ROUTINE ======================== {name} in {_rel(path)}", file=out)
            print(f"{'blocked':>9} {'started':>9} {'line':>6}  source", file=out)
            for i in range(start, min(end, len(lines) - 1) + 1):
                n = i + 1
                here = blocked[path].get(n, [])
                count = sum(c for c, _ in here)
                go = started[path].get(n, 0)
                note = ""
                if here:
                    reasons = sorted({r for _, r in here if r})
                    note = f"    <- {count:,} blocked" + (
                        f" on {', '.join(reasons)}" if reasons else ""
                    )
                if go:
                    note += f"    <- started {go:,}"
                cb = f"{count:,}" if count else "."
                cg = f"{go:,}" if go else "."
                print(f"{cb:>9} {cg:>9} {n:>6}  {lines[i]}{note}", file=out)
            print(file=out)
    return shown


def _top_function(gofile: GoFile, line0: int) -> tuple[int, int, str] | None:
    """Return the named (top-level) function around a 0-based line: (start, end, name)."""
    best: tuple[int, int, str] | None = None
    for info in gofile.funcs.values():
        if info.literal:
            continue
        if info.start_line <= line0 <= info.end_line and (
            best is None or info.end_line - info.start_line < best[1] - best[0]
        ):
            best = (info.start_line, info.end_line, f"{gofile.package}.{info.name}")
    return best


def _load_all(sources: Sequence[str], args: argparse.Namespace) -> Profile:
    return merge([load(s, max_bytes=args.max_bytes, timeout=args.timeout) for s in sources])


def run(args: argparse.Namespace) -> int:
    """Read the profiles, map them onto the workspace and print the result."""
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader went away (`gostuck profile ... | head`): stop quietly, as a pipe
        # stage should, and keep Python from complaining again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if not source.is_dir():
        print(f"gostuck profile: --source {args.source} is not a directory", file=sys.stderr)
        return 2
    pattern: re.Pattern[str] | None = None
    if args.list is not None:
        try:
            pattern = re.compile(args.list)
        except re.error as e:
            print(
                f"gostuck profile: --list {args.list!r} is not a valid regexp: {e}", file=sys.stderr
            )
            return 2
    try:
        profile = _load_all(args.profiles, args)
        base = (
            load(args.base, max_bytes=args.max_bytes, timeout=args.timeout) if args.base else None
        )
    except ProfileError as e:
        print(f"gostuck profile: {e}", file=sys.stderr)
        return 2
    workspace = Workspace(source)
    current = sites(profile, workspace.is_user, workspace.has_frame)
    ranked = (
        diff(sites(base, workspace.is_user, workspace.has_frame), current, workspace.site_key)
        if base is not None
        else current
    )
    placed = place(workspace, ranked)
    warnings = list(profile.warnings) + (list(base.warnings) if base is not None else [])
    out = sys.stdout
    if args.format == "json":
        doc: dict[str, Any] = {
            "version": JSON_VERSION,
            "formats": list(profile.formats),
            "total": profile.total,
            "sites": [_site_json(p) for p in placed],
            "unplaced": sum(1 for p in placed if p.moved),
            "warnings": warnings,
        }
        if base is not None:
            doc["base"] = {"formats": list(base.formats), "total": base.total}
        json.dump(doc, out, indent=2)
        out.write("\n")
        return 0
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if pattern is not None:
        if _write_list(out, workspace, placed, pattern) == 0:
            print(
                f"gostuck profile: no function matching {args.list!r} has goroutines in the "
                f"workspace {args.source}",
                file=sys.stderr,
            )
        return 0
    _write_text(out, profile, placed, base)
    return 0
