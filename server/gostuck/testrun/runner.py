"""Running ``go test`` with the leak capture, and narrowing each leak to its test.

    report = run_tests(RunOptions(patterns=["./..."], cwd="/repo"))
    for tl in report.leaks:                     # LeakFinding: finding, test, count
        ...

1. :mod:`.scan` reads which packages have tests, their names and directories from the
   files, when it can tell exactly; else ``go list`` says.
2. ``go test -json -overlay ...`` runs them with the capture of :mod:`.harness`; each
   package's goroutineleak profile lands in a temporary directory, read by
   :mod:`.leaks`; synctest deadlock panics are read from the test output.
3. For a package whose profile shows leaks, its test binary is built once with the same
   overlay (``go test -c``) and run one test at a time (``-test.run '^TestX$'``), then one
   subtest at a time under a test that leaks, within ``narrow`` runs per package.

Nothing is written into the packages; the temporary directory is removed at the end.

What stands between the command and ``go test`` is kept short, since it is paid on every
run: no go command when the scan can answer (``go env GOROOT`` for standard packages,
``go list -find``, with no dependency graph, when it cannot), and the modules that read
profiles and make findings are imported only when a profile shows a leak.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from gostuck.testrun import harness
from gostuck.testrun.events import EventReader, PackageRun, find_synctest_panics
from gostuck.testrun.scan import Listed, scan_packages

# typing.TYPE_CHECKING, without importing typing (start-up time: see gostuck/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

    from gostuck.testrun.events import SynctestPanic
    from gostuck.testrun.leaks import Leak, LeakFinding, LeakKey, Sources

DEFAULT_SETTLE: Final = 0.2  # seconds
DEFAULT_NARROW: Final = 50  # single-test runs per leaking package
NARROW_TIMEOUT: Final = 120.0  # seconds for one single-test run
MAX_SUBTEST_DEPTH: Final = 3

# go test flags that take a value and change how the test binary is built (passed to
# `go test -c` when narrowing); the others that take a value are run flags.
BUILD_VALUE_FLAGS: Final = frozenset(
    {
        "tags", "gcflags", "ldflags", "asmflags", "mod", "modfile", "covermode", "coverpkg",
        "buildmode", "pgo", "compiler", "gccgoflags", "installsuffix", "toolexec", "overlay",
        "exec", "vet", "p", "o", "C", "outputdir",
    }
)  # fmt: skip
BUILD_BOOL_FLAGS: Final = frozenset(
    {"race", "msan", "asan", "cover", "trimpath", "linkshared", "buildvcs", "a", "n", "x"}
)
RUN_VALUE_FLAGS: Final = frozenset(
    {"run", "skip", "timeout", "cpu", "parallel", "count", "list", "shuffle", "bench",
     "benchtime", "benchmem", "blockprofile", "coverprofile", "cpuprofile", "memprofile",
     "mutexprofile", "trace", "fuzz", "fuzztime", "fuzzminimizetime", "failfast", "json",
     "short", "v", "fullpath"}
)  # fmt: skip
# Run flags that narrowing passes on to the binary (as -test.NAME).
NARROW_RUN_FLAGS: Final = frozenset({"short", "timeout", "cpu", "parallel"})
# go test flags that take no value (the rest take one, as `-name value` or `-name=value`).
BOOL_FLAGS: Final = BUILD_BOOL_FLAGS | frozenset(
    {"short", "v", "json", "failfast", "benchmem", "fullpath", "cover", "vet=off"}
)
REGEX_SPECIAL: Final = re.compile(r"([\\.+*?()|\[\]{}^$])")


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What ``gostuck test`` was asked to run."""

    patterns: Sequence[str] = ("./...",)
    go_flags: Sequence[str] = ()  # passed to go test after the packages
    cwd: str = "."
    go: str = "go"
    settle: float = DEFAULT_SETTLE
    narrow: int = DEFAULT_NARROW  # 0: do not narrow
    env: Mapping[str, str] | None = None  # default: os.environ
    keep_dir: str | None = None  # where to save each package's leaked goroutines (debug=2)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the run could not do cleanly: a build error, a failing test, a timeout."""

    package: str  # import path (or "" for the go command itself)
    directory: str
    kind: str  # "build", "fail", "timeout", "go", "capture"
    message: str
    detail: tuple[str, ...] = ()  # output lines that show it


@dataclass(slots=True)
class RunReport:
    """What ``gostuck test`` found."""

    leaks: list[LeakFinding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    packages: int = 0  # packages with tests that ran
    tests: int = 0  # tests and subtests run (not counting narrowing runs)
    files: int = 0
    lines: int = 0
    narrow_runs: int = 0
    seconds: float = 0.0
    passthrough: list[str] = field(default_factory=list)  # go command lines that are not JSON
    saved: list[str] = field(default_factory=list)  # leaked-only profiles under keep_dir


Progress = Callable[[int, int, str], None]  # (done, total, what)
Output = Callable[[str, str], None]  # (package, line of test output)


class GoError(Exception):
    """The go command could not be run at all; ``str(error)`` says why."""


def _split_flags(flags: Sequence[str]) -> tuple[dict[str, str | None], list[str]]:
    """Read go test flags into {name: value}; return them and what follows ``-args``."""
    found: dict[str, str | None] = {}
    rest: list[str] = []
    i = 0
    while i < len(flags):
        arg = flags[i]
        if arg in ("-args", "--args"):
            rest = list(flags[i + 1 :])
            break
        if not arg.startswith("-"):
            i += 1
            continue
        name, eq, value = arg.lstrip("-").partition("=")
        name = name.removeprefix("test.")
        if eq:
            found[name] = value
        elif name in BOOL_FLAGS or i + 1 >= len(flags) or flags[i + 1].startswith("-"):
            found[name] = None
        else:
            found[name] = flags[i + 1]
            i += 1
        i += 1
    return found, rest


def _flag_args(flags: Mapping[str, str | None], names: Iterable[str], prefix: str) -> list[str]:
    out = []
    for name in names:
        if name in flags:
            value = flags[name]
            out.append(f"-{prefix}{name}" if value is None else f"-{prefix}{name}={value}")
    return out


def _environ(opts: RunOptions, extra: Mapping[str, str]) -> dict[str, str]:
    env = dict(os.environ if opts.env is None else opts.env)
    env.update(extra)
    return env


def _decode_objects(text: str) -> list[dict[str, object]]:
    """Read ``go list -json``: JSON objects one after another."""
    decoder = json.JSONDecoder()
    out: list[dict[str, object]] = []
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = decoder.raw_decode(text, i)
        if isinstance(obj, dict):
            out.append(obj)


@dataclass(slots=True)
class _Warmup:
    """The caller's work to do once, while the first go command runs."""

    then: Callable[[], None] | None = None
    done: bool = False

    def __call__(self) -> None:
        if self.done or self.then is None:
            return
        self.done = True
        self.then()


def find_packages(
    opts: RunOptions, flags: Mapping[str, str | None], warmup: Callable[[], None] | None = None
) -> tuple[list[Listed], str]:
    """Return the packages the patterns match and the go command's stderr, if it ran.

    The files are read directly (:mod:`.scan`) when that gives the exact answer; else
    ``go list`` is asked, and ``warmup()`` runs while it does.
    """
    if not flags.keys() & {"modfile", "C"}:
        env = _environ(opts, {})
        found = scan_packages(opts.patterns, opts.cwd, env, lambda: _goroot_of(opts, env))
        if found is not None:
            return found, ""
    list_flags = _flag_args(flags, ("tags", "mod", "modfile"), "")
    return list_packages(opts, list_flags, warmup)


def _goroot_of(opts: RunOptions, env: Mapping[str, str]) -> str:
    """Return the go command's GOROOT: ``$GOROOT``, else what ``go env`` says."""
    if env.get("GOROOT"):
        return env["GOROOT"]
    try:
        proc = subprocess.run(
            [opts.go, "env", "GOROOT"], cwd=opts.cwd, env=env, capture_output=True, text=True
        )
    except OSError as e:
        raise GoError(f"cannot run {opts.go}: {e.strerror or e}") from e
    goroot = proc.stdout.strip()
    if proc.returncode != 0 or not goroot:
        raise GoError(proc.stderr.strip() or f"go env failed with status {proc.returncode}")
    return goroot


def list_packages(
    opts: RunOptions, build_flags: Sequence[str], while_listing: Callable[[], None] | None = None
) -> tuple[list[Listed], str]:
    """Run ``go list`` on the patterns; return the packages and the go command's stderr.

    ``-find``: the fields asked for come from each package's own directory, so the
    dependency graph is not loaded. ``while_listing()`` runs while it does, off the path
    to ``go test``.
    """
    fields = "ImportPath,Name,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,Module,Error,Goroot"
    cmd = [opts.go, "list", "-e", "-find", f"-json={fields}", *build_flags, *opts.patterns]
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=opts.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_environ(opts, {}),
        )
    except OSError as e:
        raise GoError(f"cannot run {opts.go}: {e.strerror or e}") from e
    try:
        if while_listing is not None:
            while_listing()
        stdout, stderr = proc.communicate()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.returncode != 0 and not stdout.strip():
        raise GoError(stderr.strip() or f"go list failed with status {proc.returncode}")
    out: list[Listed] = []
    goroot = ""
    for obj in _decode_objects(stdout):
        module = obj.get("Module")
        directory = str(obj.get("Dir") or "")
        if isinstance(module, dict) and module.get("Dir"):
            root = str(module["Dir"])
        elif obj.get("Goroot") and directory:
            if not goroot:
                goroot = _goroot(directory, str(obj.get("ImportPath", "")))
            root = goroot or directory
        else:
            root = directory
        err = obj.get("Error")
        message = str(err.get("Err", "")) if isinstance(err, dict) else ""

        def names(key: str, o: dict[str, object] = obj) -> tuple[str, ...]:
            value = o.get(key)
            return tuple(str(v) for v in value) if isinstance(value, list) else ()

        pkg = harness.GoPackage(
            import_path=str(obj.get("ImportPath", "")),
            name=str(obj.get("Name", "")),
            directory=directory,
            test_files=names("TestGoFiles"),
            xtest_files=names("XTestGoFiles"),
        )
        files = names("GoFiles") + names("CgoFiles") + pkg.test_files + pkg.xtest_files
        out.append(Listed(pkg, root, message, files))
    return out, stderr


def _goroot(directory: str, import_path: str) -> str:
    """Return GOROOT/src from a standard package's directory and import path."""
    suffix = os.sep + import_path.replace("/", os.sep)
    return directory[: -len(suffix)] if directory.endswith(suffix) else directory


def has_leaks(text: bytes) -> bool:
    """Say whether a debug=2 goroutineleak profile may hold leaks, or was cut short.

    The runtime marks each leaked goroutine ``[<wait reason> (leaked)...]``; a profile
    without the mark, whole (not empty, ending in a newline), has nothing to read, and the
    profile reader, with the analysis model under it, need not be imported.
    """
    return b"(leaked" in text or not text.endswith(b"\n")


def _read_profile(path: str, roots: Sequence[str]) -> tuple[list[Leak], str]:
    """Read one package's leak profile; return its leaks and a warning, if any."""
    try:
        with open(path, "rb") as f:
            text = f.read()
    except OSError as e:
        return [], f"cannot open {path}: {e.strerror or e}"
    if not has_leaks(text):
        return [], ""
    from gostuck.profile import ProfileError, read_bytes
    from gostuck.testrun.leaks import leaks_in

    try:
        profile = read_bytes(text, path)
    except ProfileError as e:
        return [], str(e)
    return leaks_in(profile, roots, source="goroutineleak"), "; ".join(profile.warnings)


def _synctest_leaks(
    run: PackageRun, panics: Sequence[SynctestPanic], roots: Sequence[str]
) -> list[tuple[str | None, Leak]]:
    from gostuck.profile import ProfileError, read_bytes
    from gostuck.testrun.leaks import leaks_in

    out: list[tuple[str | None, Leak]] = []
    for panic in panics:
        try:
            profile = read_bytes(panic.text.encode(), f"{run.import_path} synctest panic")
        except ProfileError:
            continue
        out.extend((panic.test, lk) for lk in leaks_in(profile, roots, source="synctest"))
    return out


def regex_quote(name: str) -> str:
    """Quote a test name for ``-test.run`` (RE2 accepts these escapes)."""
    return REGEX_SPECIAL.sub(r"\\\1", name)


def run_pattern(test: str) -> str:
    """Return the ``-test.run`` pattern that selects exactly ``test`` (``TestX/sub``)."""
    return "/".join(f"^{regex_quote(part)}$" for part in test.split("/"))


@dataclass(slots=True)
class _Narrower:
    """Runs one package's test binary a test at a time to find who leaks what."""

    opts: RunOptions
    binary: str
    directory: str
    roots: Sequence[str]
    workdir: str
    profile_name: str
    run_flags: list[str]
    budget: int
    runs: int = 0

    def run_one(self, test: str) -> tuple[set[LeakKey], list[str]]:
        """Run one test alone; return the leak keys it shows and its direct subtests."""
        self.runs += 1
        outdir = tempfile.mkdtemp(prefix="run-", dir=self.workdir)
        env = _environ(
            self.opts,
            {harness.ENV_DIR: outdir, harness.ENV_SETTLE: f"{int(self.opts.settle * 1000)}ms"},
        )
        cmd = [
            self.binary,
            f"-test.run={run_pattern(test)}",
            "-test.count=1",
            "-test.v=true",
            *self.run_flags,
        ]
        try:
            proc = subprocess.run(
                cmd,
                cwd=self.directory,
                capture_output=True,
                text=True,
                errors="replace",
                env=env,
                timeout=NARROW_TIMEOUT,
            )
            output = proc.stdout
        except (OSError, subprocess.TimeoutExpired):
            return set(), []
        prefix = test + "/"
        subtests: list[str] = []
        for line in output.splitlines():
            if line.startswith("=== RUN   "):
                name = line[len("=== RUN   ") :].strip()
                rest = name[len(prefix) :] if name.startswith(prefix) else ""
                if rest and "/" not in rest and name not in subtests:
                    subtests.append(name)
        path = os.path.join(outdir, self.profile_name)
        keys: set[LeakKey] = set()
        if os.path.exists(path):
            leaks, _ = _read_profile(path, self.roots)
            keys = {lk.key for lk in leaks}
        shutil.rmtree(outdir, ignore_errors=True)
        return keys, subtests

    def narrow(self, tests: Sequence[str], leaks: Sequence[Leak]) -> dict[str, set[LeakKey]]:
        """Return, per test (or subtest), the leak keys its own run shows."""
        wanted = {lk.key for lk in leaks}
        found: dict[str, set[LeakKey]] = {}
        seen: set[LeakKey] = set()

        def symbol_order(test: str) -> int:
            return 0 if any(lk.mentions(test) for lk in leaks) else 1

        ordered = sorted(tests, key=symbol_order)  # stable: list order within each group
        queue: list[tuple[str, int]] = [(t, 1) for t in ordered]
        while queue and self.runs < self.budget:
            test, depth = queue.pop(0)
            # Subtests of a leaking test go first; the others only while keys are missing.
            if depth == 1 and seen >= wanted:
                break
            keys, subtests = self.run_one(test)
            keys &= wanted
            if not keys:
                continue
            found[test] = keys
            seen |= keys
            if depth < MAX_SUBTEST_DEPTH and len(subtests) > 0:
                queue[:0] = [(s, depth + 1) for s in subtests]
        return found


def _most_specific(tests: Sequence[str]) -> list[str]:
    """Keep the deepest names: "TestX/a" over "TestX" when both leaked the same goroutines."""
    return [t for t in tests if not any(o != t and o.startswith(t + "/") for o in tests)]


def _list_tests(binary: str, directory: str, flags: Mapping[str, str | None]) -> list[str]:
    pattern = flags.get("run") or ".*"
    try:
        proc = subprocess.run(
            [binary, f"-test.list={pattern}"],
            cwd=directory,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=NARROW_TIMEOUT,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [
        line.strip()
        for line in proc.stdout.splitlines()
        if line.strip().startswith(("Test", "Example", "Fuzz"))
    ]


def _build_binary(
    opts: RunOptions, listed: Listed, overlay: harness.Overlay, build_flags: Sequence[str],
    workdir: str,
) -> tuple[str | None, str]:  # fmt: skip
    out = os.path.join(workdir, "bin", harness.profile_name(listed.package.import_path) + ".test")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [
        opts.go, "test", "-c", "-o", out, f"-overlay={overlay.path}", *build_flags,
        listed.package.import_path,
    ]  # fmt: skip
    try:
        proc = subprocess.run(
            cmd, cwd=opts.cwd, capture_output=True, text=True, env=_environ(opts, {})
        )
    except OSError as e:
        return None, str(e)
    if proc.returncode != 0 or not os.path.exists(out):
        return None, proc.stderr.strip()
    return out, ""


def _count_lines(files: Iterable[str]) -> int:
    total = 0
    for path in files:
        try:
            with open(path, "rb") as f:
                total += f.read().count(b"\n")
        except OSError:
            continue
    return total


def summary(report: RunReport) -> str:
    """Return the one-line summary of a run: leaks, packages, tests, time, problems."""
    n = len(report.leaks)
    leaking = len({tl.package for tl in report.leaks})
    what = "no leaks" if n == 0 else f"{n} leak{'s' if n != 1 else ''}"
    pkgs = f"{report.packages} package{'s' if report.packages != 1 else ''}"
    where = f"in {leaking} of {pkgs}" if n else f"in {pkgs}"
    line = f"{what} {where} ({report.tests} tests"
    if report.narrow_runs:
        line += f", {report.narrow_runs} narrowing runs"
    line += f", {report.seconds:.1f}s)"
    kinds = {
        "build": "build failed",
        "fail": "failed",
        "timeout": "timed out",
        "capture": "capture problem",
        "go": "go command error",
    }
    counts: dict[str, int] = {}
    for p in report.problems:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    if counts:
        line += "; " + ", ".join(f"{c} {kinds.get(k, k)}" for k, c in sorted(counts.items()))
    return line


def _problems(run: PackageRun, directory: str) -> list[Problem]:
    out: list[Problem] = []
    if run.failed_build:
        detail = tuple(line for line in run.build_output if line)
        out.append(Problem(run.import_path, directory, "build", "build failed", detail))
        return out
    if run.timeout:
        tests = ", ".join(run.timed_out_tests) or "the tests"
        out.append(
            Problem(
                run.import_path,
                directory,
                "timeout",
                f"timed out after {run.timeout} running {tests}",
                tuple(run.output[:40]),
            )
        )
        return out
    failed = [
        t for t in run.tests_failed if not any(o.startswith(t + "/") for o in run.tests_failed)
    ]
    for test in failed:
        detail = tuple(run.test_output.get(test, ()))
        out.append(Problem(run.import_path, directory, "fail", f"{test} failed", detail))
    if run.action == "fail" and not failed:
        tail = tuple(line for line in run.output if line.strip())[-30:]
        out.append(Problem(run.import_path, directory, "fail", "test binary failed", tail))
    return out


def run_tests(
    opts: RunOptions,
    on_progress: Progress | None = None,
    on_output: Output | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> RunReport:
    """Run the tests with the leak capture and return the leaks, narrowed, as findings.

    ``on_progress(done, total, package)`` hears of each package that finished;
    ``on_output(package, line)`` sees every line of test output as it comes;
    ``while_waiting()`` runs once the first go command has started (``go test``, or
    ``go list`` when it is asked): a caller's own start-up (imports of what it needs only
    for the report) costs no time there.
    """
    start = time.perf_counter()
    report = RunReport()
    flags, _ = _split_flags(opts.go_flags)
    build_flags = _flag_args(flags, sorted(BUILD_VALUE_FLAGS | BUILD_BOOL_FLAGS), "")
    build_flags = [f for f in build_flags if not f.startswith(("-o=", "-o", "-overlay"))]
    warmup = _Warmup(while_waiting)
    listed, list_err = find_packages(opts, flags, warmup)
    if not listed:
        report.problems.append(Problem("", opts.cwd, "go", list_err.strip() or "no packages"))
        report.seconds = time.perf_counter() - start
        return report
    by_path = {item.package.import_path: item for item in listed}
    for item in listed:
        if item.error and not item.package.directory:
            report.problems.append(Problem(item.package.import_path, "", "go", item.error))
    with_tests = [item for item in listed if item.package.has_tests]
    workdir = tempfile.mkdtemp(prefix="gostuck-test-")
    try:
        _run_all(
            opts, report, flags, build_flags, by_path, with_tests, workdir, on_progress, on_output,
            warmup,
        )  # fmt: skip
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report.seconds = time.perf_counter() - start
    return report


def _run_all(
    opts: RunOptions,
    report: RunReport,
    flags: Mapping[str, str | None],
    build_flags: Sequence[str],
    by_path: Mapping[str, Listed],
    with_tests: Sequence[Listed],
    workdir: str,
    on_progress: Progress | None,
    on_output: Output | None,
    warmup: Callable[[], None],
) -> None:
    overlay = harness.write_overlay([item.package for item in with_tests], workdir)
    profiles = os.path.join(workdir, "profiles")
    os.makedirs(profiles)
    count = [] if "count" in flags else ["-count=1"]
    cmd = [
        opts.go, "test", "-json", *count, f"-overlay={overlay.path}", *opts.patterns,
        *opts.go_flags,
    ]  # fmt: skip
    env = _environ(
        opts, {harness.ENV_DIR: profiles, harness.ENV_SETTLE: f"{int(opts.settle * 1000)}ms"}
    )
    reader = EventReader(on_output)
    total = len(with_tests)
    done = 0
    if on_progress is not None:
        on_progress(0, total, "")
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=opts.cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
    except OSError as e:
        raise GoError(f"cannot run {opts.go}: {e.strerror or e}") from e
    assert proc.stdout is not None and proc.stderr is not None
    try:
        warmup()  # while go test builds: what reads the results is not needed before
        # Counted while go test builds, not before it starts nor after the tests end.
        report.files = sum(len(item.files) for item in with_tests)
        report.lines = _count_lines(
            os.path.join(item.package.directory, f) for item in with_tests for f in item.files
        )
        for line in proc.stdout:
            finished = reader.feed(line)
            if finished is not None and not finished.no_tests:
                done += 1
                if on_progress is not None:
                    on_progress(min(done, total), total, finished.import_path)
        stderr = proc.stderr.read()
        proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    report.passthrough.extend(reader.other)
    report.passthrough.extend(line for line in stderr.splitlines() if line.strip())
    _collect(opts, report, flags, build_flags, by_path, overlay, reader, profiles, workdir)


def _collect(
    opts: RunOptions,
    report: RunReport,
    flags: Mapping[str, str | None],
    build_flags: Sequence[str],
    by_path: Mapping[str, Listed],
    overlay: harness.Overlay,
    reader: EventReader,
    profiles: str,
    workdir: str,
) -> None:
    """Read what each package's run left (events, profile, synctest panics) into report.

    What makes findings (:mod:`.leaks`, the analysis model) is imported only when there
    are leaks to make them of.
    """
    sources: Sources | None = None
    for import_path, run in reader.packages.items():
        item = by_path.get(import_path)
        if item is None or not item.package.has_tests:
            # A package go test reports but go list did not give (should not happen).
            report.problems.extend(_problems(run, ""))
            continue
        if run.no_tests:  # its test files (and so the added one) are all left out
            continue
        report.packages += 1
        report.tests += len(run.tests_run)
        report.problems.extend(_problems(run, item.package.directory))
        plan = overlay.packages.get(import_path)
        roots = sorted({item.root, item.package.directory})
        leaks: list[Leak] = []
        if plan is not None:
            path = os.path.join(profiles, plan.profile_name)
            if os.path.exists(path):
                leaks, warning = _read_profile(path, roots)
                if leaks:
                    _keep(opts, report, plan.profile_name, path, "goroutineleak")
                if warning:
                    report.problems.append(
                        Problem(import_path, item.package.directory, "capture", warning)
                    )
            elif run.action == "pass" and plan.note:
                report.problems.append(
                    Problem(import_path, item.package.directory, "capture", plan.note)
                )
        panics = find_synctest_panics(run.output)
        if not leaks and not panics:
            continue
        from gostuck.testrun.leaks import Sources, attribute, make_finding

        if sources is None:
            sources = Sources()
        by_test: dict[str, set[LeakKey]] = {}
        if leaks and opts.narrow > 0:
            by_test = _narrow(opts, item, overlay, build_flags, flags, workdir, leaks, report)
        tests_of = attribute(leaks, {t: by_test[t] for t in by_test})
        for lk in leaks:
            tests = _most_specific(tests_of.get(lk.key, []))
            report.leaks.append(make_finding(lk, import_path, tests, roots, sources))
        for i, panic in enumerate(panics):
            name = plan.profile_name if plan else harness.profile_name(import_path)
            _keep(opts, report, f"synctest{i}-{name}", panic.text, "synctest")
        for test, lk in _synctest_leaks(run, panics, roots):
            report.leaks.append(
                make_finding(lk, import_path, [test] if test else [], roots, sources)
            )
    if sources is not None:
        from gostuck.testrun.leaks import suppressed

        report.leaks = suppressed(report.leaks, sources)
    report.leaks.sort(
        key=lambda tl: (
            tl.package,
            tl.test or "~",
            tl.finding.span.path,
            tl.finding.span.start_line,
        )
    )
    report.problems.sort(key=lambda p: (p.package, p.kind, p.message))


def _keep(opts: RunOptions, report: RunReport, name: str, path_or_text: str, source: str) -> None:
    """Save the leaked goroutines of one profile (a path) or synctest panic (its text)."""
    if opts.keep_dir is None:
        return
    from gostuck.testrun.leaks import leaked_only

    text = path_or_text
    if source == "goroutineleak":
        with open(path_or_text, encoding="utf-8", errors="replace") as f:
            text = f.read()
    leaked = leaked_only(text, source=source)
    if not leaked:
        return
    out = os.path.join(opts.keep_dir, name)
    with open(out, "w", encoding="utf-8") as f:
        f.write(leaked)
    report.saved.append(out)


def _narrow(
    opts: RunOptions,
    item: Listed,
    overlay: harness.Overlay,
    build_flags: Sequence[str],
    flags: Mapping[str, str | None],
    workdir: str,
    leaks: Sequence[Leak],
    report: RunReport,
) -> dict[str, set[LeakKey]]:
    binary, err = _build_binary(opts, item, overlay, build_flags, workdir)
    if binary is None:
        report.problems.append(
            Problem(
                item.package.import_path,
                item.package.directory,
                "capture",
                f"could not build the test binary to narrow leaks to tests: {err}",
            )
        )
        return {}
    tests = _list_tests(binary, item.package.directory, flags)
    narrower = _Narrower(
        opts=opts,
        binary=binary,
        directory=item.package.directory,
        roots=sorted({item.root, item.package.directory}),
        workdir=workdir,
        profile_name=harness.profile_name(item.package.import_path),
        run_flags=_flag_args(flags, sorted(NARROW_RUN_FLAGS), "test."),
        budget=opts.narrow,
    )
    found = narrower.narrow(tests, leaks)
    report.narrow_runs += narrower.runs
    return found
