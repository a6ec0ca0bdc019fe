"""Each finding on a runnable sample names the operation where the runtime parks its goroutine.

Every runnable sample under ``samples/`` (a command whose ``main`` returns) is built and run
(sample_runs.py); once ``main`` has returned it prints its ``goroutineleak`` profile. The
findings the analysis reports on its files at default confidence are then held against the
profile, for every finding that sits on a ``go`` statement:

- each goroutine the profile marks as leaked and as created by that ``go`` statement waits,
  in its innermost frame in the samples' own code (runtime and standard-library frames
  skipped, inlined frames kept), at the finding's blocking place: one of the locations the
  finding lists as related with the ``block`` role (the operation, or each alternative the
  runtime could show it parked at);
- at least one goroutine created there leaked. A finding the run does not confirm is a
  leak the run does not reach (the sample must say so, in a comment line
  ``// not run: <why>`` right above the ``go`` statement) or a wrong finding.

Findings elsewhere (a lock left held, reported at the ``Lock``) and leaks no finding names
(recall, measured by ``python -m bench recall``) are not this test's question. One run is
one schedule: a sample whose goroutines created at a finding's ``go`` statement may leak at
different places from run to run is made deterministic, or listed in ``EXCLUDED`` with the
reason. When this test fails, the analysis is wrong (it names a place the goroutine cannot
reach before it parks elsewhere, or a leak that does not happen): change the server, never
the test or the sample's truth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
from conftest import SAMPLES, GoToolchain
from gostuck.analysis.api import analyze_source
from gostuck.analysis.flow.index import package_name
from gostuck.analysis.model import Confidence, Finding, Options, Role
from gostuck.profile.model import Frame, Group, Profile
from sample_runs import is_main_package, run_profile

pytestmark = [pytest.mark.go, pytest.mark.slow]

# What a user sees without settings: the default checks at medium confidence and above.
DEFAULT: Final = Options(min_confidence=Confidence.MEDIUM)
# Commands under samples/ that are not run, and why.
EXCLUDED: Final = {
    "leakdemo/crash": "its main never returns: it ends in a panic, a deadlock or a SIGQUIT wait, "
    "to print every goroutine's traceback",
}
NOT_RUN_RE: Final = re.compile(r"^\s*// not run: \S")
# The machine has two cores: build and run two samples at a time.
WORKERS: Final = 2


@dataclass(frozen=True)
class Run:
    """One runnable sample: its default findings and the profile of one run."""

    package: Path
    findings: tuple[Finding, ...]
    profile: Profile

    @property
    def name(self) -> str:
        """Name the sample for a failure message."""
        return str(self.package.relative_to(SAMPLES))


def commands() -> list[Path]:
    """Return every command under ``samples/`` that is not excluded."""
    dirs = sorted({p.parent for p in SAMPLES.rglob("*.go") if "testdata" not in p.parts})
    return [d for d in dirs if is_main_package(d) and str(d.relative_to(SAMPLES)) not in EXCLUDED]


def default_findings(d: Path) -> tuple[Finding, ...]:
    """Return the default-confidence findings on every file of the package in ``d``."""
    texts = {str(f): f.read_bytes() for f in sorted(d.glob("*.go"))}
    out: list[Finding] = []
    for path, src in texts.items():
        name = package_name(src)
        package = {p: t for p, t in texts.items() if package_name(t) == name}
        out.extend(analyze_source(path, src, package=package, options=DEFAULT).findings)
    return tuple(out)


def _run(go: GoToolchain, tmp: Path, d: Path) -> Run:
    return Run(d, default_findings(d), run_profile(go, tmp, SAMPLES, d, {}))


@pytest.fixture(scope="module")
def runs(go: GoToolchain, tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    """Return every runnable sample, run once (two at a time)."""
    tmp = tmp_path_factory.mktemp("frames")
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return list(pool.map(lambda d: _run(go, tmp, d), commands()))


def source_line(path: str, line: int) -> str:
    """Return the 0-based ``line`` of the file at ``path``."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    return lines[line] if line < len(lines) else ""


def at_go_statement(f: Finding) -> bool:
    """Say whether a finding starts on a ``go`` statement."""
    return source_line(f.span.path, f.span.start_line)[f.span.start_col :].startswith("go ")


def said_not_run(f: Finding) -> bool:
    """Say whether the sample explains that its run does not reach this leak."""
    return f.span.start_line > 0 and bool(
        NOT_RUN_RE.match(source_line(f.span.path, f.span.start_line - 1))
    )


def created_at(run: Run, f: Finding) -> list[Group]:
    """Return the leaked groups of the run that the finding's ``go`` statement created."""
    where = (Path(f.span.path).resolve(), f.span.start_line + 1)
    return [
        g
        for g in run.profile.groups
        if g.leaked
        and g.created_by is not None
        and (Path(g.created_by.file).resolve(), g.created_by.line) == where
    ]


def own_frame(g: Group) -> Frame | None:
    """Return the innermost frame of a group's stack in the samples' own code."""
    return next((fr for fr in g.frames if Path(fr.file).resolve().is_relative_to(SAMPLES)), None)


def blocks(f: Finding) -> set[tuple[Path, int]]:
    """Return the (file, 1-based line) of every blocking place a finding lists."""
    return {
        (Path(r.span.path).resolve(), r.span.start_line + 1)
        for r in f.related
        if r.role is Role.BLOCK
    }


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(SAMPLES)}:{line}"


def _label(f: Finding) -> str:
    return f"{_where(Path(f.span.path).resolve(), f.span.start_line + 1)}: {f.code} {f.message}"


def problems_of(run: Run) -> Iterator[str]:
    """Say where the run contradicts a finding at a ``go`` statement."""
    for f in run.findings:
        if not at_go_statement(f):
            continue
        groups = created_at(run, f)
        if not groups:
            if not said_not_run(f):
                yield f"{_label(f)}: no goroutine created there leaked in the run"
            continue
        places = blocks(f)
        listed = ", ".join(_where(p, n) for p, n in sorted(places)) or "none"
        for g in groups:
            frame = own_frame(g)
            if frame is None:
                yield f"{_label(f)}: a leaked goroutine has no frame in the samples' code"
                continue
            here = (Path(frame.file).resolve(), frame.line)
            if here not in places:
                reason = g.wait_reasons[0][0] if g.wait_reasons else "?"
                yield (
                    f"{_label(f)}: {g.leaked} leaked goroutine(s) wait at "
                    f"{_where(*here)} ({reason}, in {frame.function}); the finding lists {listed}"
                )


def test_there_are_runnable_samples_with_findings_to_check(runs: list[Run]) -> None:
    checked = [f for r in runs for f in r.findings if at_go_statement(f) and created_at(r, f)]
    assert len(runs) >= 5, [r.name for r in runs]
    assert len(checked) >= 10, [_label(f) for f in checked]


def test_every_excluded_sample_is_a_command() -> None:
    for name in EXCLUDED:
        assert is_main_package(SAMPLES / name), f"{name} is excluded but is not a command"


def test_each_finding_names_where_the_runtime_parks_its_goroutines(runs: list[Run]) -> None:
    problems = [f"{r.name}: {p}" for r in runs for p in problems_of(r)]
    assert not problems, "\n".join(problems)
