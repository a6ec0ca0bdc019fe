"""Held-out check: profiles of older code must never put a count on a wrong line.

    python -m bench.moved_source [--profiles DIR] [--seeds N]

Real profiles are captured from ``samples/leakdemo`` (every program, every format, with
the dumps: the same capture as ``tests/profiles``), or read from ``DIR``. Each is placed
on ``samples/`` as committed (the baseline) and on a copy whose Go files have had lines
inserted, as an editor holds newer code than the profiled binary:

- ``above``: 5 lines after the package clause (every function moves);
- ``inside``: 2 lines after the first line of every function and literal;
- ``both``: the two together;
- ``random``: 3 insertions of 1-4 lines at random places in every file, per seed.

A site or ``go`` statement placed on the copy is right when it is on the line its baseline
line moved to, wrong when it is on any other line, and unplaced when the overlay says the
source changed. Target: 0 wrong.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from bench.common import ROOT, table

SAMPLES: Final = ROOT / "samples"
INSERTED: Final = "// (line inserted after the profile was taken)\n"
FUNC_OPENS: Final = re.compile(r"\bfunc\b.*\{\s*(//.*)?$")
PROFILE_SUFFIXES: Final = (".pb.gz", ".txt")

# An insertion: before 0-based line ``at`` of a file, ``count`` lines.
Insertions = list[tuple[int, int]]
Plan = Callable[[str, list[str]], Insertions]


@dataclass(slots=True)
class Tally:
    """Placements on the changed copy, compared with the baseline."""

    right: int = 0
    wrong: int = 0
    unplaced: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, expected: int, got: int | None, what: str) -> None:
        """Count one placement: ``got`` is where it is now, ``expected`` where it should be."""
        if got is None:
            self.unplaced += 1
            if len(self.examples) < 10:
                self.examples.append(f"unplaced {what}")
        elif got == expected:
            self.right += 1
        else:
            self.wrong += 1
            if len(self.examples) < 5:
                self.examples.append(f"wrong {what}: line {got}, should be {expected}")


def above_plan(_: str, lines: list[str]) -> Insertions:
    """Insert 5 lines after the package clause: every function moves."""
    for i, line in enumerate(lines):
        if line.startswith("package "):
            return [(i + 1, 5)]
    return []


def inside_plan(_: str, lines: list[str]) -> Insertions:
    """Insert 2 lines after the first line of every function and literal."""
    return [(i + 1, 2) for i, line in enumerate(lines) if FUNC_OPENS.search(line)]


def both_plan(name: str, lines: list[str]) -> Insertions:
    """Insert lines above every function and inside each."""
    return above_plan(name, lines) + inside_plan(name, lines)


def random_plan(seed: int) -> Plan:
    """Insert 1-4 lines at 3 random places in every file (the same places for a seed)."""

    def plan(name: str, lines: list[str]) -> Insertions:
        rng = random.Random(f"{seed}:{name}")
        return [(rng.randrange(len(lines) + 1), rng.randint(1, 4)) for _ in range(3)]

    return plan


def _shift(inserts: Insertions, line1: int) -> int:
    """Return where 1-based ``line1`` of the original is after ``inserts``."""
    return line1 + sum(n for at, n in inserts if at <= line1 - 1)


def make_copy(target: Path, plan: Plan) -> dict[str, Insertions]:
    """Copy ``samples/`` into ``target`` with lines inserted; return the insertions per file."""
    shutil.copytree(SAMPLES, target)
    done: dict[str, Insertions] = {}
    for path in sorted(target.rglob("*.go")):
        rel = path.relative_to(target).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        inserts = plan(rel, lines)
        out: list[str] = []
        for i in range(len(lines) + 1):
            out.extend(INSERTED * n for at, n in inserts if at == i)
            if i < len(lines):
                out.append(lines[i])
        path.write_text("".join(out), encoding="utf-8")
        done[rel] = inserts
    return done


def compare(
    profiles: Sequence[Path], copy: Path, inserts: dict[str, Insertions]
) -> tuple[Tally, Tally]:
    """Place every profile on ``samples/`` and on ``copy``; tally sites and go statements."""
    from gostuck.overlay import Workspace, overlay
    from gostuck.profile import ProfileError, load

    base_ws, copy_ws = Workspace(SAMPLES), Workspace(copy)
    sites, gos = Tally(), Tally()

    def rel(path: Path | None, root: Path) -> str | None:
        return path.relative_to(root).as_posix() if path is not None else None

    for file in profiles:
        try:
            profile = load(str(file))
        except ProfileError:
            continue  # not a profile (a Go source kept as .txt)
        before = {p.site.key: p for p in overlay(base_ws, profile)}
        for p in overlay(copy_ws, profile):
            b = before.get(p.site.key)
            brel = rel(b.path, SAMPLES) if b is not None else None
            if b is None or brel is None or b.line is None:
                continue  # not placed on the source the profile was taken from
            expected = _shift(inserts.get(brel, []), b.line)
            got = p.line if rel(p.path, copy) == brel else None
            sites.add(expected, got, f"{file.name} {p.site.function} {brel}:{b.line}")
            now = {(rel(g.path, copy), i): g.line for i, g in enumerate(p.go_statements) if g.path}
            for i, g in enumerate(b.go_statements):
                grel = rel(g.path, SAMPLES)
                if grel is None or g.line is None:
                    continue
                gexp = _shift(inserts.get(grel, []), g.line)
                gos.add(gexp, now.get((grel, i)), f"{file.name} go for {p.site.function}")
    return sites, gos


def captured_profiles() -> list[Path]:
    """Capture (or reuse) the leakdemo profiles the tests use; return every profile file."""
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "profiles")]
    from conftest import GoToolchain, find_go, go_env
    from leakdemo_capture import capture_leakdemo

    binary = find_go()
    if binary is None:
        raise SystemExit("no Go toolchain: run `make setup` first")
    folder = capture_leakdemo(GoToolchain(binary, go_env()))
    return profiles_in(folder)


def profiles_in(folder: Path) -> list[Path]:
    """Return the profile files under ``folder`` (``.pb.gz`` and text dumps)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(PROFILE_SUFFIXES))


def main(argv: list[str] | None = None) -> int:
    """Run every scenario and print the table; exit 1 when anything is placed wrong."""
    parser = argparse.ArgumentParser(prog="python -m bench.moved_source")
    parser.add_argument("--profiles", type=Path, help="a folder of profiles of samples/")
    parser.add_argument("--seeds", type=int, default=5, help="random scenarios (default: 5)")
    args = parser.parse_args(argv)
    profiles = profiles_in(args.profiles) if args.profiles else captured_profiles()
    plans: list[tuple[str, Plan]] = [
        ("above", above_plan),
        ("inside", inside_plan),
        ("both", both_plan),
    ]
    plans += [(f"random {s}", random_plan(s)) for s in range(args.seeds)]
    rows: list[list[object]] = []
    wrong = 0
    with tempfile.TemporaryDirectory(prefix="gostuck-moved-") as tmp:
        for name, plan in plans:
            copy = Path(tmp) / name.replace(" ", "-")
            inserts = make_copy(copy, plan)
            sites, gos = compare(profiles, copy, inserts)
            wrong += sites.wrong + gos.wrong
            rows.append(
                [name, sites.right, sites.wrong, sites.unplaced, gos.right, gos.wrong, gos.unplaced]
            )
            for example in sites.examples + gos.examples:
                print(f"  {name}: {example}")
    print(f"{len(profiles)} profiles of samples/leakdemo\n")
    head = ["lines inserted", "sites right", "wrong", "unplaced", "go right", "wrong", "unplaced"]
    print(table(head, rows))
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
