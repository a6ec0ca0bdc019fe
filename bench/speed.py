"""Scan throughput next to tree-sitter's bare parse time of the same files (the floor).

The files are the ones ``gostuck check $GOROOT/src`` picks. The floor reads and parses each
file once with tree-sitter-go in one process. The scan is ``gostuck check --format json``
in a child process, timed by its own ``stats.seconds`` (the scan, without interpreter
start), by the wall clock and by CPU time (steadier on a busy machine); once with
``--jobs 1`` (the fair comparison with the one-process floor) and once with the default
(worker processes for large scans). Best of N runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

import tree_sitter_go
from gostuck.cli.check import WalkOptions, collect_files
from tree_sitter import Language, Parser

from bench.common import goroot, run_check, table

TARGET_RATIO: Final = 2.0


@dataclass(frozen=True, slots=True)
class Timing:
    """One timed way of going through the files."""

    label: str
    seconds: float
    wall: float
    lines: int
    cpu: float


def parse_floor(files: list[str]) -> tuple[float, float, int]:
    """Return the seconds (wall and CPU) to read and parse every file, and their lines."""
    parser = Parser(Language(tree_sitter_go.language()))
    lines = 0
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        with open(path, "rb") as f:
            source = f.read()
        parser.parse(source)
        lines += source.count(b"\n") + (0 if source.endswith(b"\n") or not source else 1)
    return time.perf_counter() - start, time.process_time() - cpu, lines


def measure(repeat: int = 3) -> list[Timing]:
    """Time the parse floor and the scans, best of ``repeat``."""
    src = str(goroot() / "src")
    files = collect_files([src], WalkOptions()).files
    parses = [parse_floor(files) for _ in range(repeat)]
    best = min(p[0] for p in parses)
    timings = [
        Timing("tree-sitter parse (1 process)", best, best, parses[0][2], min(p[1] for p in parses))
    ]
    for label, extra in (("gostuck check --jobs 1", ("--jobs", "1")), ("gostuck check", ())):
        runs = [run_check([src], *extra) for _ in range(repeat)]
        fastest = min(runs, key=lambda r: float(r.doc["stats"]["seconds"]))
        timings.append(
            Timing(
                label,
                float(fastest.doc["stats"]["seconds"]),
                min(r.wall_seconds for r in runs),
                int(fastest.doc["stats"]["lines"]),
                min(r.cpu_seconds for r in runs),
            )
        )
    return timings


def report(timings: list[Timing]) -> tuple[str, float]:
    """Return the throughput table and the one-process scan/parse ratio of CPU time."""
    floor = timings[0]
    rows = [
        [
            t.label,
            t.lines,
            round(t.seconds, 2),
            round(t.wall, 2),
            round(t.cpu, 2),
            f"{t.lines / t.seconds:,.0f}" if t.seconds else "-",
            f"{t.seconds / floor.seconds:.2f}x" if floor.seconds else "-",
        ]
        for t in timings
    ]
    ratio = timings[1].seconds / floor.seconds if floor.seconds else 0.0
    cpu_ratio = timings[1].cpu / floor.cpu if floor.cpu else 0.0
    text = table(["what", "lines", "seconds", "wall", "cpu", "lines/s", "vs parse"], rows)
    verdict = "within" if cpu_ratio <= TARGET_RATIO else "over"
    text += (
        f"\n\nScan/parse, one process, elapsed: {ratio:.2f}x"
        f"\nScan/parse, one process, CPU time: {cpu_ratio:.2f}x, {verdict} the "
        f"{TARGET_RATIO:.0f}x target (the scan's CPU time includes starting Python; CPU time"
        " is the headline because elapsed time swings on a busy machine)"
    )
    return text, cpu_ratio


def main(repeat: int = 3) -> float:
    """Print the throughput table; return the one-process scan/parse ratio of CPU time."""
    print(f"== Throughput on $GOROOT/src (best of {repeat}) ==")
    text, ratio = report(measure(repeat))
    print(text)
    return ratio
