"""``gostuck test`` on the fixture module tests/fixtures/gotest, with the real Go toolchain.

The module has a leaking and a clean package, one with its own TestMain, one tested only
from an external test package, t.Parallel, subtests, a failing test, a build error, a
synctest bubble that ends with a blocked goroutine, and a package whose only test file
needs a build tag. Each test runs on a copy, and checks
that the copy's files are byte for byte what they were.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, GoToolchain
from gostuck.testrun import RunOptions, RunReport, run_tests

FIXTURE = ROOT / "tests" / "fixtures" / "gotest"

pytestmark = [pytest.mark.go, pytest.mark.slow]


def snapshot(root: Path) -> dict[str, str]:
    """Return every file under ``root`` with the hash of its bytes."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def line_of(path: Path, text: str) -> int:
    """Return the 1-based line of the first line containing ``text``."""
    for i, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return i
    raise AssertionError(f"{text!r} not in {path}")


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("gotest") / "mod"
    shutil.copytree(FIXTURE, copy)
    return copy


@pytest.fixture(scope="module")
def whole(module: Path, go: GoToolchain) -> tuple[RunReport, dict[str, str], dict[str, str]]:
    before = snapshot(module)
    report = run_tests(RunOptions(patterns=["./..."], cwd=str(module), go=go.binary, env=go.env))
    return report, before, snapshot(module)


def where(report: RunReport) -> dict[tuple[str, int], tuple[str | None, int]]:
    return {
        (os.path.relpath(tl.finding.span.path, tl.finding.span.path.split("/mod/")[0] + "/mod"),
         tl.finding.span.start_line + 1): (tl.test, tl.count)
        for tl in report.leaks
    }  # fmt: skip


def test_user_files_are_untouched(whole: tuple[RunReport, dict[str, str], dict[str, str]]) -> None:
    _, before, after = whole
    assert after == before


def test_each_leak_is_found_at_its_go_statement_with_its_test(
    module: Path, whole: tuple[RunReport, dict[str, str], dict[str, str]]
) -> None:
    report, _, _ = whole
    found = where(report)
    leaky = module / "leaky"
    expected = {
        ("leaky/leaky.go", line_of(leaky / "leaky.go", "go func() {")): ("TestFetchTimeout", 1),
        ("leaky/leaky_test.go", line_of(leaky / "leaky_test.go", "go Wait(")): (
            "TestParallelWait",
            3,
        ),
        ("leaky/leaky_test.go", line_of(leaky / "leaky_test.go", "go func() {")): (
            "TestTable/stuck_receiver",
            1,
        ),
        ("ownmain/ownmain.go", line_of(module / "ownmain" / "ownmain.go", "go func")): (
            "TestStart",
            1,
        ),
        ("xtest/xtest.go", line_of(module / "xtest" / "xtest.go", "wg.Wait()") - 1): (
            "TestGather",
            1,
        ),
        ("syncleak/syncleak.go", line_of(module / "syncleak" / "syncleak.go", "go func")): (
            "TestFirstOnly",
            1,
        ),
    }
    assert found == expected


def test_blocking_operation_and_confirmation(
    module: Path, whole: tuple[RunReport, dict[str, str], dict[str, str]]
) -> None:
    report, _, _ = whole
    fetch = next(tl for tl in report.leaks if tl.test == "TestFetchTimeout")
    assert fetch.leak.source == "goroutineleak"
    block = fetch.finding.related[0]
    assert block.role.value == "block"
    assert block.span.start_line + 1 == line_of(module / "leaky" / "leaky.go", "ch <- 42")
    assert "chan send" in block.message
    # GS1001 reports the same go statement: the run confirms it.
    assert fetch.confirms == "GS1001"
    assert "GS9004 and GS1001" in fetch.finding.message
    synctest = next(tl for tl in report.leaks if tl.test == "TestFirstOnly")
    assert synctest.leak.source == "synctest"
    assert "synctest" in synctest.finding.message


def test_clean_tests_slow_goroutines_and_problems(
    whole: tuple[RunReport, dict[str, str], dict[str, str]],
) -> None:
    report, _, _ = whole
    assert not [tl for tl in report.leaks if "/clean" in tl.package]
    assert not [tl for tl in report.leaks if tl.test in ("TestFetchOK", "TestSum")]
    problems = {(p.package.rsplit("/", 1)[-1], p.kind, p.message) for p in report.problems}
    assert ("broken", "build", "build failed") in problems
    assert ("leaky", "fail", "TestFails failed") in problems
    assert ("syncleak", "fail", "TestFirstOnly failed") in problems
    build = next(p for p in report.problems if p.kind == "build")
    assert any("broken_test.go:6" in line for line in build.detail)
    assert report.packages == 6


def test_no_wait_for_goroutines_that_are_parked(module: Path, go: GoToolchain) -> None:
    # clean's TestServerLeftRunning leaves a goroutine waiting on a package-level channel:
    # parked, not leaked. The settle ends as soon as nothing is left that runs or sleeps,
    # not after --settle (TestFetchTimeout's goroutine, asleep when the tests end, is
    # still waited for and found: see the whole-module run).
    settle = 60.0
    report = run_tests(
        RunOptions(patterns=["./clean"], cwd=str(module), go=go.binary, env=go.env, settle=settle)
    )
    assert report.leaks == []
    assert report.problems == []
    assert report.seconds < settle / 2


def test_cli_json_schema_and_exit_codes(module: Path, go: GoToolchain) -> None:
    env = dict(go.env)
    env["PATH"] = os.path.dirname(go.binary) + os.pathsep + env.get("PATH", "")
    cmd = [sys.executable, "-m", "gostuck", "test", "--format", "json", "./leaky", "./clean"]
    proc = subprocess.run(
        [*cmd, "--", "-run", "TestFetch|TestSquares"],
        cwd=module,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert set(doc) == {"version", "findings", "errors", "stats"}
    (finding,) = doc["findings"]
    assert finding["code"] == "GS9004"
    assert finding["file"] == "leaky/leaky.go"
    assert finding["test"] == "TestFetchTimeout"
    assert finding["count"] == 1
    assert finding["related"][0]["role"] == "block"
    assert doc["errors"] == []
    clean = subprocess.run(
        [sys.executable, "-m", "gostuck", "test", "./clean"],
        cwd=module,
        env=env,
        capture_output=True,
        text=True,
    )
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout == ""
    assert "no leaks in 1 package" in clean.stderr


def test_tests_behind_a_build_tag_run_only_with_it(module: Path, go: GoToolchain) -> None:
    # tagged/'s only test file needs -tags gostuck_tagged; the packages are found without
    # go list, and the added file carries the same constraint: without the tag the package
    # still has no test files (the whole-module run counts 6 packages), with it the leak
    # of its test is found.
    plain = run_tests(RunOptions(patterns=["./tagged"], cwd=str(module), go=go.binary, env=go.env))
    assert (plain.packages, plain.leaks, plain.problems) == (0, [], [])
    tagged = run_tests(
        RunOptions(
            patterns=["./tagged"],
            go_flags=["-tags", "gostuck_tagged"],
            cwd=str(module),
            go=go.binary,
            env=go.env,
        )
    )
    assert tagged.packages == 1
    assert [(tl.test, tl.count) for tl in tagged.leaks] == [("TestSend", 1)]


def test_scan_agrees_with_go_list(module: Path, go: GoToolchain) -> None:
    # What the overlay needs, read from the files, against go list: the fixture module and
    # standard packages with in-package and external tests, own TestMains (os/exec's is
    # in exec_test.go), test files with build constraints (encoding/json's are all
    # constrained, v1 or v2) and name constraints (os/exec).
    from gostuck.testrun.harness import find_testmain
    from gostuck.testrun.runner import _goroot_of, list_packages
    from gostuck.testrun.scan import Listed, scan_packages

    def overlay_facts(items: list[Listed]) -> dict[str, tuple[object, ...]]:
        out: dict[str, tuple[object, ...]] = {}
        for item in items:
            p = item.package
            if not p.has_tests:
                continue
            main = [
                f
                for f in (*p.test_files, *p.xtest_files)
                if find_testmain((Path(p.directory) / f).read_bytes())
            ]
            out[p.import_path] = (p.name, p.directory, item.root, main, bool(p.xtest_files))
        return out

    std = ["context", "sync", "bufio", "encoding/json", "net/rpc", "os/exec", "net/http"]
    for cwd, patterns in ((module, ["./..."]), (module, std)):
        opts = RunOptions(patterns=patterns, cwd=str(cwd), go=go.binary, env=go.env)
        env = dict(go.env)
        scanned = scan_packages(patterns, str(cwd), env, functools.partial(_goroot_of, opts, env))
        assert scanned is not None, patterns
        listed, _ = list_packages(opts, [])
        ours, theirs = overlay_facts(scanned), overlay_facts(listed)
        # tagged/'s test file is left out without its tag: so is the file added to it.
        only_ours = {i.package.import_path for i in scanned if i.package.constraint} - set(theirs)
        assert only_ours == ({"gostuck.test/gotest/tagged"} if patterns == ["./..."] else set())
        assert {k: v for k, v in ours.items() if k not in only_ours} == theirs
        # Test files the scan lists beyond go list's are constrained ones no TestMain is in.
        for a, b in zip(
            sorted(scanned, key=lambda i: i.package.import_path),
            sorted(listed, key=lambda i: i.package.import_path),
            strict=True,
        ):
            assert set(b.package.test_files) <= set(a.package.test_files)
            assert set(b.package.xtest_files) <= set(a.package.xtest_files)


def test_a_run_without_leaks_loads_no_reader(module: Path, go: GoToolchain) -> None:
    # The profile reader, the analysis model and the output formats are for leaks: a clean
    # run reads its profile's bytes, finds no leaked goroutine, and never imports them.
    script = (
        "import sys\nfrom gostuck.cli import main\n"
        "code = main(['test', '--format', 'json', './clean'])\n"
        "print(code, ' '.join(sys.modules), file=sys.stderr)"
    )
    env = dict(go.env)
    env["PATH"] = os.path.dirname(go.binary) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=module, env=env, capture_output=True, text=True
    )
    code, *modules = proc.stderr.split()
    assert code == "0", proc.stderr
    assert json.loads(proc.stdout)["findings"] == []
    assert not {m for m in modules if m.startswith(("gostuck.analysis", "gostuck.profile"))}
    assert not {"gostuck.testrun.leaks", "gostuck.cli.output"} & set(modules)
    assert "gostuck.testrun.runner" in modules


def test_capture_when_the_caller_is_alone(module: Path, go: GoToolchain, tmp_path: Path) -> None:
    # Tests that leave no goroutine get the caller's stack alone, written without the leak
    # GC (no runtime/pprof frame in it); one left behind gets the runtime's profile.
    from gostuck.testrun import harness
    from gostuck.testrun.runner import has_leaks
    from gostuck.testrun.scan import scan_packages

    listed = scan_packages(["./clean"], str(module), dict(go.env), lambda: "")
    assert listed is not None
    overlay = harness.write_overlay([item.package for item in listed], str(tmp_path / "work"))
    name = overlay.packages["gostuck.test/gotest/clean"].profile_name
    texts = {}
    for test in ("TestSquares", "TestServerLeftRunning"):
        out = tmp_path / test
        out.mkdir()
        env = {**go.env, harness.ENV_DIR: str(out)}
        subprocess.run(
            [go.binary, "test", "-count=1", f"-overlay={overlay.path}", "-run", f"^{test}$",
             "./clean"],
            cwd=module, env=env, check=True, capture_output=True,
        )  # fmt: skip
        texts[test] = (out / name).read_text()
    alone, left = texts["TestSquares"], texts["TestServerLeftRunning"]
    assert alone.count("goroutine ") == 1 and alone.startswith("goroutine ")
    assert "runtime/pprof." not in alone and "gostuckLeakRun" in alone
    assert not has_leaks(alone.encode())
    assert left.count("\ngoroutine ") >= 1 and "runtime/pprof.writeGoroutineStacks" in left
    assert not has_leaks(left.encode())  # parked on a package-level channel: not leaked


def test_stats_count_the_files_tested(
    whole: tuple[RunReport, dict[str, str], dict[str, str]],
) -> None:
    # Read while go test builds: the files of the packages with tests, and their lines.
    report, _, _ = whole
    assert report.files >= report.packages
    assert report.lines > 10 * report.files
