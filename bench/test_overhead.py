"""What ``gostuck test`` costs on top of ``go test``, and what it finds, side by side.

    python -m bench.test_overhead [--repeat N] [--quick] [PACKAGE ...]

For each target (some ``$GOROOT/src`` packages' own tests, and ``samples/``), both commands
run on the same packages in the same session, alternating, after one warm-up run of each
(so both find the test binaries' packages compiled in the build cache):

    go test -count=1 PKG                       (plain; -count=1 because gostuck test
    gostuck test --format json PKG             never replays cached results either)

The table gives the median wall time of each (``--repeat`` runs, default 5), the overhead
in percent, and what ``gostuck test`` reported: leaks (with the test each was narrowed to)
and problems. Overhead is judged on runs without leaks: a leak adds the narrowing runs,
which are the point. Target: at most 15% when nothing leaks.

``gostuck test`` pays a fixed cost per invocation (Python's start and imports, one
``go list``) and a small one per package (the capture after ``m.Run()``: a GC and the
profile, tens of milliseconds, plus the settle time when the tests leave goroutines
running). Packages whose whole ``go test`` takes about a second show the fixed cost as a
large percentage; the row with every package in one run shows it the way ``./...`` does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from bench.common import ROOT, go_binary, go_env, go_version, table

TARGET: Final = 15.0
# Standard-library packages whose tests run in seconds and start goroutines: servers,
# pipes, timers, contexts, sync primitives.
STD: Final = (
    "context",
    "sync",
    "io",
    "bufio",
    "strings",
    "encoding/json",
    "net/textproto",
    "net/rpc",
    "os/exec",
    "net/http/httptest",
)
QUICK: Final = ("context", "sync", "io", "net/rpc")


@dataclass(slots=True)
class Target:
    """One thing to measure: packages and the directory to run in."""

    name: str
    patterns: Sequence[str]
    cwd: Path
    plain: list[float] = field(default_factory=list)
    gostuck: list[float] = field(default_factory=list)
    report: dict[str, Any] = field(default_factory=dict)
    plain_status: int = 0


def _env() -> dict[str, str]:
    env = go_env()
    env["PATH"] = str(Path(go_binary()).parent) + ":" + env.get("PATH", "")
    return env


def _plain(t: Target) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [go_binary(), "test", "-count=1", *t.patterns],
        cwd=t.cwd,
        env=_env(),
        capture_output=True,
        text=True,
    )
    t.plain_status = proc.returncode
    return time.perf_counter() - start


def _gostuck(t: Target) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "gostuck", "test", "--format", "json", *t.patterns],
        cwd=t.cwd,
        env=_env(),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    try:
        t.report = json.loads(proc.stdout)
    except ValueError:
        t.report = {"findings": [], "errors": [{"message": proc.stderr.strip()[:200]}]}
    return elapsed


def measure(t: Target, repeat: int) -> None:
    """Warm up both commands, then time them alternately ``repeat`` times each."""
    _plain(t)
    _gostuck(t)
    for i in range(repeat):
        # Alternate which goes first, so neither always runs on a warmer machine.
        if i % 2 == 0:
            t.plain.append(_plain(t))
            t.gostuck.append(_gostuck(t))
        else:
            t.gostuck.append(_gostuck(t))
            t.plain.append(_plain(t))


def _short(path: str) -> str:
    parts = path.split("/src/", 1)
    return parts[1] if len(parts) == 2 else path


def findings_text(targets: Sequence[Target]) -> list[str]:
    """Describe each leak and problem ``gostuck test`` reported, one line each."""
    lines = []
    for t in targets:
        for f in t.report.get("findings", []):
            block = next((r for r in f.get("related", []) if r.get("role") == "block"), None)
            at = f" blocked at {_short(block['file'])}:{block['line']}" if block else ""
            lines.append(
                f"{t.name}: {_short(f['file'])}:{f['line']} {f['count']} goroutine(s), "
                f"test {f['test']}{at}: {f['message']}"
            )
        for e in t.report.get("errors", []):
            lines.append(f"{t.name}: error ({e.get('code', '')}): {e.get('message', '')}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every target and print the table and the findings."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.test_overhead", description=__doc__.splitlines()[0]
    )
    parser.add_argument("packages", nargs="*", help="standard-library packages (default: a set)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each (median)")
    parser.add_argument("--quick", action="store_true", help="fewer packages")
    args = parser.parse_args(argv)
    print(f"gostuck test overhead, {go_version()}\n")
    std = args.packages or (QUICK if args.quick else STD)
    targets = [Target(p, [p], ROOT) for p in std]
    # All of them in one run, as `gostuck test ./...` meets them: the fixed cost (Python's
    # start, go list) is paid once, as go test's own is.
    targets.append(Target(f"all {len(std)} together", list(std), ROOT))
    targets.append(Target("samples/...", ["./..."], ROOT / "samples"))
    rows = []
    clean_overheads = []
    for t in targets:
        print(f"measuring {t.name} ...", file=sys.stderr, flush=True)
        measure(t, args.repeat)
        plain = statistics.median(t.plain)
        ours = statistics.median(t.gostuck)
        overhead = 100.0 * (ours - plain) / plain if plain else 0.0
        leaks = len(t.report.get("findings", []))
        errors = len(t.report.get("errors", []))
        if not leaks:
            clean_overheads.append(overhead)
        rows.append(
            [
                t.name,
                round(plain, 2),
                round(ours, 2),
                f"{overhead:+.1f}%",
                leaks,
                t.report.get("stats", {}).get("narrow_runs", 0),
                errors,
            ]
        )
    print(
        table(
            [
                "target",
                "go test s",
                "gostuck test s",
                "overhead",
                "leaks",
                "narrowing runs",
                "errors",
            ],
            rows,
        )
    )
    print()
    for line in findings_text(targets):
        print(line)
    worst = max(clean_overheads, default=0.0)
    verdict = "meets" if worst <= TARGET else "misses"
    print(
        f"\nworst overhead without leaks: {worst:+.1f}% ({verdict} the {TARGET:.0f}% target; "
        f"median of {args.repeat} runs each)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
