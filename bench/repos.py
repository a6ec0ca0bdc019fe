"""Default findings on real Go repositories: ``python -m bench repos [DIR...]``.

Each DIR is the root of a checkout of a Go module (a clone, or a tree exported from one).
From that root the bench runs ``gostuck check --format json ./...`` as a user would (default
confidence, no ``_test.go``, no ``testdata/`` or ``vendor/``) and prints one row per
repository: its Go lines (every ``.go`` file the go tool would see, and the non-test ones
that ``check`` reads), files, CPU and wall seconds, default findings and findings per
100k non-test lines; then each finding with its repository-relative place,
code, confidence, the first line of its message and its blocking line, for review.

Without DIRs it takes every directory under ``$GOSTUCK_REPOS`` (or ``--dir``; default
``.cache/repos`` in this repository) that holds a ``go.mod``. When there are none it says
how to get them and exits 0. The revision of a checkout is ``git rev-parse HEAD`` for a
clone, else the first word of a ``REVISION`` file at its root (write one when exporting).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from gostuck.cli.check import WalkOptions, collect_files

from bench.common import ROOT, CheckRun, run_check, table

ENV_VAR: Final = "GOSTUCK_REPOS"
DEFAULT_DIR: Final = ROOT / ".cache" / "repos"
DEFAULT_CONFIDENCE: Final = ("medium", "high")

# The repositories docs/bench.md judges; any Go module will do.
SUGGESTED: Final = (
    "prometheus/prometheus",
    "etcd-io/etcd",
    "gohugoio/hugo",
    "nats-io/nats-server",
    "grafana/loki",
)


@dataclass(frozen=True, slots=True)
class GoCount:
    """Go files and lines of a tree, as the go tool walks it (no vendor/ or testdata/)."""

    files: int
    lines: int
    test_files: int
    test_lines: int

    @property
    def non_test_files(self) -> int:
        """Files that ``gostuck check`` reads by default."""
        return self.files - self.test_files

    @property
    def non_test_lines(self) -> int:
        """Lines of the files that ``gostuck check`` reads by default."""
        return self.lines - self.test_lines


@dataclass(frozen=True, slots=True)
class RepoRun:
    """One repository: what it holds and what ``gostuck check ./...`` said about it."""

    name: str
    revision: str
    count: GoCount
    run: CheckRun

    @property
    def default_findings(self) -> list[dict[str, Any]]:
        """The findings ``gostuck check`` prints without flags."""
        return [f for f in self.run.findings if f["confidence"] in DEFAULT_CONFIDENCE]


def line_count(source: bytes) -> int:
    """Count lines as ``gostuck check`` does (a last line without a newline counts)."""
    return source.count(b"\n") + (0 if source.endswith(b"\n") or not source else 1)


def count_go(root: Path) -> GoCount:
    """Count the ``.go`` files and lines under ``root`` that the go tool would build or test."""
    files = lines = test_files = test_lines = 0
    for path in collect_files([str(root)], WalkOptions(include_tests=True)).files:
        n = line_count(Path(path).read_bytes())
        files += 1
        lines += n
        if path.endswith("_test.go"):
            test_files += 1
            test_lines += n
    return GoCount(files, lines, test_files, test_lines)


def revision(root: Path) -> str:
    """Return the commit a checkout is at ("?" when it cannot be told)."""
    marker = root / "REVISION"
    if marker.is_file():
        words = marker.read_text(errors="replace").split()
        if words:
            return words[0]
    proc = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "?"


def find_checkouts(base: Path) -> list[Path]:
    """Return the directories right under ``base`` that hold a Go module, sorted by name."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and (p / "go.mod").is_file())


def how_to_get(base: Path) -> str:
    """Explain where the bench looks for checkouts and how to put some there."""
    clones = "\n".join(
        f"  git clone --depth 1 https://github.com/{r}.git {base / r.split('/')[1]}"
        for r in SUGGESTED
    )
    return (
        f"No Go checkouts under {base} (set ${ENV_VAR} or --dir, or name directories).\n"
        f"Get some, for example:\n{clones}\n"
        f"then run: python -m bench repos"
    )


def per_100k(findings: int, lines: int) -> float:
    """Return findings per 100,000 lines (0 for no lines)."""
    return 100_000 * findings / lines if lines else 0.0


def scan(root: Path) -> RepoRun:
    """Count the Go code of one checkout and run ``gostuck check ./...`` from its root."""
    return RepoRun(root.name, revision(root), count_go(root), run_check(["./..."], cwd=root))


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def _relative(path: str) -> str:
    return os.path.normpath(path)


def _source_line(root: Path, path: str, line: int) -> str:
    try:
        lines = (root / path).read_bytes().split(b"\n")
    except OSError:
        return ""
    return lines[line - 1].decode("utf-8", "replace").strip() if 0 < line <= len(lines) else ""


def summary_rows(runs: Sequence[RepoRun]) -> list[list[object]]:
    """One table row per repository, then a total row."""
    rows: list[list[object]] = []
    for r in runs:
        default = len(r.default_findings)
        rows.append(
            [
                r.name,
                r.revision[:12],
                r.count.lines,
                r.count.non_test_lines,
                r.count.non_test_files,
                round(r.run.cpu_seconds, 1),
                round(r.run.wall_seconds, 1),
                default,
                round(per_100k(default, r.count.non_test_lines), 2),
            ]
        )
    lines = sum(r.count.non_test_lines for r in runs)
    default = sum(len(r.default_findings) for r in runs)
    rows.append(
        [
            "total",
            "",
            sum(r.count.lines for r in runs),
            lines,
            sum(r.count.non_test_files for r in runs),
            round(sum(r.run.cpu_seconds for r in runs), 1),
            round(sum(r.run.wall_seconds for r in runs), 1),
            default,
            round(per_100k(default, lines), 2),
        ]
    )
    return rows


HEADERS: Final = (
    "repo",
    "commit",
    "Go lines",
    "non-test",
    "files",
    "CPU s",
    "wall s",
    "findings",
    "per 100k",
)


def finding_lines(run: RepoRun, root: Path | None = None) -> list[str]:
    """Each default finding of a repository: place, code, message, and its blocking line."""
    out: list[str] = []
    for f in run.default_findings:
        where = f"{_relative(str(f['file']))}:{f['line']}"
        out.append(
            f"  {run.name}/{where}: {f['code']} [{f['confidence']}] {_first_line(f['message'])}"
        )
        if root is not None:
            out.append(f"      {_source_line(root, str(f['file']), int(f['line']))}")
        for rel in f["related"]:
            if rel["role"] == "block":
                place = f"{_relative(str(rel['file']))}:{rel['line']}"
                text = _source_line(root, str(rel["file"]), int(rel["line"])) if root else ""
                out.append(f"      block {place}: {text}".rstrip())
    return out


def report(runs: Sequence[RepoRun], roots: Mapping[str, Path] | None = None) -> str:
    """Return the table and the list of default findings as text."""
    out = [table(HEADERS, summary_rows(runs)), ""]
    out.append("Go lines: every .go file (no vendor/, testdata/); non-test: what check reads.")
    out.append("per 100k: default findings per 100k non-test lines.")
    for r in runs:
        for err in r.run.errors[:10]:
            out.append(f"  {r.name}: error: {err['file']}: {err['message']}")
    out.append("")
    total = sum(len(r.default_findings) for r in runs)
    out.append(f"Default findings: {total}")
    for r in runs:
        out.extend(finding_lines(r, (roots or {}).get(r.name)))
    return "\n".join(out)


def main(dirs: Sequence[str] = (), base: str | None = None) -> int:
    """Scan the named checkouts (or those under the base directory) and print the report."""
    print("== Default findings on real repositories (gostuck check ./...) ==")
    if dirs:
        roots = [Path(d).resolve() for d in dirs]
        missing = [str(r) for r in roots if not r.is_dir()]
        if missing:
            print(f"not a directory: {', '.join(missing)}")
            return 2
    else:
        where = Path(base or os.environ.get(ENV_VAR) or DEFAULT_DIR)
        roots = find_checkouts(where)
        if not roots:
            print(how_to_get(where))
            return 0
    runs = [scan(root) for root in roots]
    print(report(runs, {r.name: root for r, root in zip(runs, roots, strict=True)}))
    return 0
