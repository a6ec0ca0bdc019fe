r"""Reading ``go test -json`` (test2json) events into what each package's run did.

    {"Action":"build-output","ImportPath":"p [p.test]","Output":"p/x.go:3:9: ..."}
    {"Action":"run","Package":"p","Test":"TestX"}
    {"Action":"output","Package":"p","Test":"TestX","Output":"--- FAIL: TestX (0.00s)\n"}
    {"Action":"fail","Package":"p","Test":"TestX","Elapsed":0}
    {"Action":"fail","Package":"p","Elapsed":0.01,"FailedBuild":"p [p.test]"}

A package ends with a ``pass``, ``fail`` or ``skip`` event without ``Test``. Lines that
are not JSON (the go command's own messages, such as a pattern that matches nothing) are
kept as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

# typing.TYPE_CHECKING, without importing typing (start-up time: see gostuck/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

TIMEOUT_RE: Final = re.compile(r"^panic: test timed out after (\S+)")
# "\t\tTestSlow (1s)" under "\trunning tests:" in a timeout panic.
RUNNING_RE: Final = re.compile(r"^\t\t(\S+) \(")
FAIL_LINE_RE: Final = re.compile(r"^\s*--- FAIL: (\S+)")
SYNCTEST_PANIC: Final = "blocked goroutines remain"
SYNCTEST_ALL_BLOCKED: Final = "all goroutines in bubble are blocked"


@dataclass(slots=True)
class PackageRun:
    """What ``go test`` did for one package."""

    import_path: str
    action: str = ""  # "pass", "fail", "skip"; "" while it runs
    elapsed: float = 0.0
    failed_build: bool = False
    build_output: list[str] = field(default_factory=list)
    output: list[str] = field(default_factory=list)  # every line, in order
    tests_run: list[str] = field(default_factory=list)  # top-level and subtests, as run
    tests_failed: list[str] = field(default_factory=list)
    test_output: dict[str, list[str]] = field(default_factory=dict)
    timeout: str = ""  # "1s" when the binary panicked on -timeout
    timed_out_tests: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Say whether the package's final event has been seen."""
        return bool(self.action)

    @property
    def no_tests(self) -> bool:
        """Say whether the package had no test files ("? p [no test files]")."""
        return any("[no test files]" in line for line in self.output)


class EventReader:
    """Collects events line by line; ``feed`` returns the package a line finished, if any."""

    def __init__(self, on_output: Callable[[str, str], None] | None = None) -> None:
        """Start with no packages; ``on_output(package, line)`` sees each output line."""
        self.on_output = on_output
        self.packages: dict[str, PackageRun] = {}
        self.other: list[str] = []  # lines that were not events
        self._in_timeout: dict[str, bool] = {}

    def package(self, import_path: str) -> PackageRun:
        """Return the run of ``import_path``, made on first use."""
        run = self.packages.get(import_path)
        if run is None:
            run = self.packages[import_path] = PackageRun(import_path)
        return run

    def feed(self, line: str) -> PackageRun | None:
        """Read one line of ``go test -json`` output."""
        text = line.rstrip("\n")
        if not text.startswith("{"):
            if text.strip():
                self.other.append(text)
            return None
        try:
            event = json.loads(text)
        except ValueError:
            self.other.append(text)
            return None
        if not isinstance(event, dict):
            return None
        action = str(event.get("Action", ""))
        if action in ("build-output", "build-fail"):
            # "p [p.test]": the package whose test binary failed to build.
            path = str(event.get("ImportPath", "")).split(" ", 1)[0]
            run = self.package(path)
            if action == "build-output":
                run.build_output.append(str(event.get("Output", "")).rstrip("\n"))
            else:
                run.failed_build = True
            return None
        pkg = str(event.get("Package", ""))
        if not pkg:
            return None
        run = self.package(pkg)
        test = event.get("Test")
        if action == "output":
            out = str(event.get("Output", "")).rstrip("\n")
            run.output.append(out)
            if self.on_output is not None:
                self.on_output(pkg, out)
            if isinstance(test, str):
                run.test_output.setdefault(test, []).append(out)
            self._timeout_line(run, out)
            return None
        if isinstance(test, str):
            if action == "run":
                run.tests_run.append(test)
            elif action == "fail":
                run.tests_failed.append(test)
            return None
        if action in ("pass", "fail", "skip"):
            run.action = action
            elapsed = event.get("Elapsed", 0.0)
            run.elapsed = float(elapsed) if isinstance(elapsed, int | float) else 0.0
            if event.get("FailedBuild"):
                run.failed_build = True
            return run
        return None

    def _timeout_line(self, run: PackageRun, out: str) -> None:
        m = TIMEOUT_RE.match(out)
        if m:
            run.timeout = m.group(1)
            self._in_timeout[run.import_path] = True
            return
        if self._in_timeout.get(run.import_path):
            r = RUNNING_RE.match(out)
            if r:
                run.timed_out_tests.append(r.group(1))
            elif out.startswith("goroutine "):
                self._in_timeout[run.import_path] = False


@dataclass(frozen=True, slots=True)
class SynctestPanic:
    """A ``testing/synctest`` deadlock panic: the test and the traceback text after it."""

    test: str | None
    text: str


def find_synctest_panics(lines: list[str]) -> list[SynctestPanic]:
    """Find synctest deadlock panics in a package's output, with the test that panicked.

    A panic ends the test binary, so there is at most one per run; the traceback runs to
    the end of the output. The test is the deepest ``--- FAIL`` line before the panic.
    """
    found: list[SynctestPanic] = []
    last_fail: str | None = None
    for i, line in enumerate(lines):
        m = FAIL_LINE_RE.match(line)
        if m:
            last_fail = m.group(1)
            continue
        if line.startswith("panic: ") and (SYNCTEST_PANIC in line or SYNCTEST_ALL_BLOCKED in line):
            end = len(lines)
            for j in range(i + 1, len(lines)):
                if lines[j].startswith(("FAIL\t", "ok  \t", "exit status ")):
                    end = j
                    break
            text = "\n".join(lines[i:end]) + "\n"
            found.append(SynctestPanic(last_fail, text))
    return found
