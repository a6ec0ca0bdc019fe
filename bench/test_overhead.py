"""What ``gostuck test`` costs on top of ``go test``, and what it finds, side by side.

    python -m bench.test_overhead [--repeat N] [--quick] [--baseline DIR] [PACKAGE ...]

For each target (some ``$GOROOT/src`` packages' own tests, and ``samples/``), both commands
run on the same packages in the same session, alternating, after one warm-up run of each
(so both find the test binaries' packages compiled in the build cache):

    go test -count=1 PKG                       (plain; -count=1 because gostuck test
    gostuck test --format json PKG             never replays cached results either)

``--baseline DIR`` adds a third command in the same rotation: ``gostuck test`` from another
checkout's ``server/`` (for example ``git worktree add DIR main``), to compare a change
with what it changes under the same load.

The table gives, for each command, the median wall time of ``--repeat`` runs (default 5)
with the fastest and slowest; the overhead of the medians; and, since the runs come in
rounds (one of each, in turns), the overhead of each round, as the median and the 25th
to 75th percentile: on a shared machine the load changes between rounds more than within
one. CPU time (user and system, of the command and every process it starts) varies less
with other people's load than wall time does; its median is shown for each command. Then
what ``gostuck test`` reported: leaks (with the test each was narrowed to) and problems.
Overhead is judged on runs without leaks: a leak adds the narrowing runs, which
are the point. Target: at most 15% when nothing leaks.

``gostuck test`` pays a fixed cost per invocation (Python's start and imports, and
``go env GOROOT`` for standard packages, before ``go test`` starts) and a small one per
package (the capture after ``m.Run()``: when a goroutine other than the caller is left,
the goroutineleak profile and the GC its writing runs, a few milliseconds, plus the wait
for goroutines the tests leave running that are not yet parked, at most ``--settle``).
Packages whose whole ``go test`` takes under a second show the fixed cost as a large
percentage; the row with every package in one run shows it the way ``./...`` does.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
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
    baseline: list[float] = field(default_factory=list)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # per command: CPU seconds
    report: dict[str, Any] = field(default_factory=dict)
    plain_status: int = 0


def _env(server: Path | None = None) -> dict[str, str]:
    env = go_env()
    env["PATH"] = str(Path(go_binary()).parent) + ":" + env.get("PATH", "")
    if server is not None:
        env["PYTHONPATH"] = str(server) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _plain(t: Target) -> float:
    start = time.perf_counter()
    cpu = _children_cpu()
    proc = subprocess.run(
        [go_binary(), "test", "-count=1", *t.patterns],
        cwd=t.cwd,
        env=_env(),
        capture_output=True,
        text=True,
    )
    t.plain_status = proc.returncode
    t.cpu.setdefault("plain", []).append(_children_cpu() - cpu)
    return time.perf_counter() - start


def _gostuck(t: Target, server: Path | None = None) -> float:
    start = time.perf_counter()
    cpu = _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "gostuck", "test", "--format", "json", *t.patterns],
        cwd=t.cwd,
        env=_env(server),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    t.cpu.setdefault("gostuck" if server is None else "baseline", []).append(_children_cpu() - cpu)
    if server is not None:
        return elapsed
    try:
        t.report = json.loads(proc.stdout)
    except ValueError:
        t.report = {"findings": [], "errors": [{"message": proc.stderr.strip()[:200]}]}
    return elapsed


def measure(t: Target, repeat: int, baseline: Path | None = None) -> None:
    """Warm up each command, then time them in ``repeat`` rounds of one run each."""
    runs: list[tuple[list[float], Callable[[], float]]] = [
        (t.plain, lambda: _plain(t)),
        (t.gostuck, lambda: _gostuck(t)),
    ]
    if baseline is not None:
        runs.append((t.baseline, lambda: _gostuck(t, baseline)))
    for _, run in runs:
        run()
    t.cpu.clear()  # the warm-up runs are not counted
    for i in range(repeat):
        # Rotate which goes first, so none always runs on a warmer (or busier) machine.
        k = i % len(runs)
        for times, run in runs[k:] + runs[:k]:
            times.append(run())


def _spread(times: Sequence[float]) -> str:
    """Return "median (fastest-slowest)" in seconds."""
    return f"{statistics.median(times):.2f} ({min(times):.2f}-{max(times):.2f})"


def _cpu(t: Target, command: str) -> str:
    """Return the median CPU time (user and system, every process) of one command's runs."""
    times = t.cpu.get(command, [])
    return f"{statistics.median(times):.2f}" if times else "n/a"


def _overhead(ours: Sequence[float], plain: Sequence[float]) -> str:
    """Return the overhead of the medians."""
    p = statistics.median(plain)
    return f"{100.0 * (statistics.median(ours) - p) / p:+.0f}%" if p else "n/a"


def _rounds(ours: Sequence[float], plain: Sequence[float]) -> tuple[float, str]:
    """Return the median overhead of the rounds, and it with its 25th-75th percentile."""
    each = sorted(100.0 * (o - p) / p for o, p in zip(ours, plain, strict=True) if p)
    if not each:
        return 0.0, "n/a"
    mid = statistics.median(each)
    if len(each) < 4:
        return mid, f"{mid:+.0f}%"
    q1, _, q3 = statistics.quantiles(each, n=4)
    return mid, f"{mid:+.0f}% ({q1:+.0f}..{q3:+.0f})"


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
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="also time gostuck test from the checkout DIR (its server/), in the same rounds",
    )
    args = parser.parse_args(argv)
    baseline = None
    if args.baseline is not None:
        baseline = (args.baseline / "server").resolve()
        if not (baseline / "gostuck").is_dir():
            parser.error(f"--baseline {args.baseline}: no server/gostuck in it")
    # Byte-compile gostuck as an install does (pip compiles what it installs): with
    # PYTHONDONTWRITEBYTECODE set and no __pycache__, every run would compile every module
    # it imports from source again, which no installed gostuck does.
    for server in (ROOT / "server", baseline):
        if server is not None:
            compileall.compile_dir(server / "gostuck", quiet=1)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"gostuck test overhead, {go_version()}, {os.cpu_count()} cores, "
        f"load average {load:.1f} at the start\n"
    )
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
        measure(t, args.repeat, baseline)
        leaks = len(t.report.get("findings", []))
        errors = len(t.report.get("errors", []))
        mid, rounds = _rounds(t.gostuck, t.plain)
        if not leaks:
            clean_overheads.append(mid)
        row: list[object] = [t.name, _spread(t.plain), _spread(t.gostuck)]
        row += [_overhead(t.gostuck, t.plain), rounds, _cpu(t, "plain"), _cpu(t, "gostuck")]
        if baseline is not None:
            row += [_spread(t.baseline), _rounds(t.baseline, t.plain)[1], _cpu(t, "baseline")]
        row += [leaks, t.report.get("stats", {}).get("narrow_runs", 0), errors]
        rows.append(row)
    headers = ["target", "go test s", "gostuck test s", "overhead", "per round"]
    headers += ["go test CPU s", "gostuck CPU s"]
    if baseline is not None:
        headers += ["baseline s", "baseline per round", "baseline CPU s"]
    headers += ["leaks", "narrowing runs", "errors"]
    print(table(headers, rows))
    print()
    for line in findings_text(targets):
        print(line)
    worst = max(clean_overheads, default=0.0)
    verdict = "meets" if worst <= TARGET else "misses"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nworst overhead without leaks: {worst:+.1f}% ({verdict} the {TARGET:.0f}% target; "
        f"median of {args.repeat} rounds each); load average {load:.1f} at the end"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
