"""``gostuck test`` in the language server: a command and a code lens on each Test function.

    gostuck.server.runTests(target, test?)     target: a file or folder URI (or path)
        -> {"summary", "leaks": [...], "problems": [...]}

A file runs its package (``go test .`` in its folder), a folder every package under it
(``./...``); ``test`` narrows to one top-level test (``-run '^TestX$'``). The run is
:func:`gostuck.testrun.run_tests`, in a worker thread. The goroutines it proves leaked
are then shown like a loaded profile (``gostuck.lsp.profiles``), one problem per leak: the
static finding on the ``go`` statement as an error with the count when there is one, else
GS9001 where they block; both name the tests that leak them ("leaked by TestX"). A run
without leaks takes an earlier run's results away.

Running tests runs the user's code: the command refuses unless ``allowToolExecution`` is
on (SECURITY.md), and nothing runs unless the command is invoked.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import tempfile
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from gostuck.lsp import convert
from gostuck.lsp.profiles import ProfileState
from gostuck.testrun import RunOptions, RunReport, run_tests
from gostuck.testrun.runner import run_pattern, summary

if TYPE_CHECKING:
    from gostuck.lsp.documents import Document
    from gostuck.lsp.server import GostuckServer

log = logging.getLogger(__name__)

RUN_TESTS: Final = "gostuck.server.runTests"
REQUEST_FAILED: Final = -32803
NOT_ALLOWED: Final = (
    "running tests needs the gostuck.allowToolExecution setting: it lets gostuck run "
    "`go test`, which builds and runs the workspace's code"
)
# func TestXxx(t *testing.T) {   at the start of a line, in a _test.go file
TEST_FUNC: Final = re.compile(rb"^func[ \t]+(Test[A-Za-z0-9_]*)[ \t]*\(", re.MULTILINE)


def _fail(message: str) -> JsonRpcException:
    return JsonRpcException(message=message, code=REQUEST_FAILED)


def _path(target: str) -> str:
    if target.startswith("file:"):
        from pygls.uris import to_fs_path

        return to_fs_path(target) or target
    return target


def find_test_functions(source: bytes) -> list[tuple[int, str]]:
    """Return (0-based line, name) of each ``func TestXxx(`` in a test file."""
    out = []
    for m in TEST_FUNC.finditer(source):
        name = m.group(1).decode("ascii")
        if name == "TestMain" or (len(name) > 4 and name[4].islower()):
            continue  # not a test (TestMain, Testing...)
        out.append((source.count(b"\n", 0, m.start()), name))
    return out


def leaking_tests(report: RunReport) -> dict[tuple[str, int], tuple[str, ...]]:
    """Return the tests that leak each `go` statement's goroutines (real path, 0-based line)."""
    tests: dict[tuple[str, int], set[str]] = {}
    for tl in report.leaks:
        if tl.test:
            span = tl.finding.span
            tests.setdefault((os.path.realpath(span.path), span.start_line), set()).add(tl.test)
    return {key: tuple(sorted(names)) for key, names in tests.items()}


def _result(report: RunReport) -> dict[str, Any]:
    return {
        "summary": summary(report),
        "leaks": [
            {
                "file": tl.finding.span.path,
                "line": tl.finding.span.start_line + 1,
                "test": tl.test,
                "count": tl.count,
                "message": tl.finding.message,
            }
            for tl in report.leaks
        ],
        "problems": [
            {"package": p.package, "kind": p.kind, "message": p.message} for p in report.problems
        ],
    }


class TestRuns:
    """The results of the last run (its leaked-only profiles live in ``self.keep``)."""

    def __init__(self, ls: GostuckServer) -> None:
        """Start with no run."""
        self.ls = ls
        self.keep: str | None = None
        self.running = False

    def options(self, target: str, test: str | None) -> RunOptions:
        """Return what to run for a file or folder, and maybe one test."""
        path = os.path.abspath(_path(target))
        if os.path.isdir(path):
            cwd, patterns = path, ["./..."]
        else:
            cwd, patterns = os.path.dirname(path), ["."]
        flags = ["-run", run_pattern(test)] if test else []
        self.keep = tempfile.mkdtemp(prefix="gostuck-leaks-")
        return RunOptions(patterns=patterns, go_flags=flags, cwd=cwd, keep_dir=self.keep)

    def forget(self, keep: str | None) -> None:
        """Remove an earlier run's files."""
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)

    def code_lenses(self, uri: str, doc: Document | None) -> list[types.CodeLens]:
        """Return a "run with leak check" lens above each Test function of a test file."""
        if doc is None or not uri.endswith("_test.go"):
            return []
        lenses = []
        for line, name in find_test_functions(doc.source):
            rng = convert.line_range(doc, line, self.ls.encoding)
            lenses.append(
                types.CodeLens(
                    range=rng,
                    command=types.Command(
                        title="gostuck: run with leak check",
                        command=RUN_TESTS,
                        arguments=[uri, name],
                    ),
                )
            )
        return lenses


def register(ls: GostuckServer) -> None:
    """Add the command and the code lenses to the server."""
    runs = TestRuns(ls)
    ls.code_lens_hooks.append(runs.code_lenses)

    @ls.command(RUN_TESTS)
    async def run_tests_command(ls_: LanguageServer, *args: Any) -> dict[str, Any]:
        """Run the tests of a file's package or a folder, and show the leaks.

        The arguments are ``target`` and an optional ``test``: pygls passes a command's
        arguments positionally and counts a parameter with a default as required, so the
        optional one is read from ``*args``.
        """
        if not ls.settings.allow_tool_execution:
            raise _fail(NOT_ALLOWED)
        if not 1 <= len(args) <= 2:
            raise _fail(f"runTests takes a file or folder URI and a test name, got {len(args)}")
        target, test = args[0], args[1] if len(args) == 2 else None
        if not isinstance(target, str) or not target:
            raise _fail("runTests needs a file or folder URI")
        if test is not None and not isinstance(test, str):
            raise _fail("runTests: the test name must be a string")
        if runs.running:
            raise _fail("gostuck is already running tests; wait for that run to finish")
        state = ls.profile_state
        old_keep = runs.keep
        opts = runs.options(target, test)
        runs.running = True
        loop = asyncio.get_running_loop()
        ls.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Info,
                message=f"gostuck: running go test {' '.join(opts.patterns)} in {opts.cwd}"
                + (f" ({test})" if test else ""),
            )
        )
        try:
            report = await loop.run_in_executor(None, run_tests, opts)
            old = set(state.uris()) if state is not None else set()
            if isinstance(state, ProfileState):
                if report.saved:
                    loaded = await loop.run_in_executor(None, state.build, report.saved, None)
                    state.loaded = replace(loaded, tests=leaking_tests(report))
                elif old_keep is not None and _shows(state, old_keep):
                    state.loaded = None  # the earlier run's leaks are gone
            runs.forget(old_keep)
        except Exception as e:
            log.exception("running tests failed")
            runs.forget(runs.keep)
            runs.keep = old_keep
            raise _fail(f"running tests failed: {e}") from e
        finally:
            runs.running = False
        new = set(state.uris()) if state is not None else set()
        ls.republish(sorted(old | new | {d.uri for d in ls.documents}))
        ls.refresh_code_lenses()
        result = _result(report)
        kind = types.MessageType.Warning if report.leaks else types.MessageType.Info
        ls.window_show_message(
            types.ShowMessageParams(type=kind, message=f"gostuck test: {result['summary']}")
        )
        log.info("gostuck test in %s: %s", opts.cwd, result["summary"])
        return result


def _shows(state: ProfileState, keep: str) -> bool:
    """Say whether the loaded profile is an earlier test run's (its files under ``keep``)."""
    return state.loaded is not None and state.loaded.profile.source.startswith(keep)
