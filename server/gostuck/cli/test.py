"""``gostuck test``: run ``go test`` and report the goroutines the tests leak.

    gostuck test [flags] [PACKAGES] [-- GO TEST FLAGS]       (default: ./...)

The work is :func:`gostuck.testrun.run_tests`; this module reads the command line, shows
progress and prints the report: text grouped by package and test with the source lines,
or JSON and SARIF in ``gostuck check``'s schema, where each leak is a GS9004 finding with
two more keys, ``test`` and ``count``.

What only the report of a leak needs (the analysis model, the output formats) is
imported once the tests have run and only when one leaked, so that the tests start sooner
and a run without leaks does not pay for it.

Exit status: 0 when no test leaks, 1 when one does, 2 when the run itself had problems
(a build error, a failing test, a timeout, no go command), as ``gostuck check``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import replace

from gostuck.cli import JSON_VERSION
from gostuck.testrun import GoError, Problem, RunOptions, RunReport, run_tests
from gostuck.testrun.runner import DEFAULT_NARROW, DEFAULT_SETTLE, summary

# typing.TYPE_CHECKING, without importing typing (start-up time: see gostuck/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, TextIO

    from gostuck.analysis.model import Finding, Span
    from gostuck.cli.output import Report, ScanError

EXIT_CLEAN: Final = 0
EXIT_LEAKS: Final = 1
EXIT_ERROR: Final = 2
EXIT_INTERRUPTED: Final = 130
DETAIL_LINES: Final = 12
TRACEBACK: Final = re.compile(r"^goroutine [0-9]+ \[")
_DURATION: Final = re.compile(r"^([0-9]+(?:\.[0-9]*)?)(ms|s)?$")


def _duration(value: str) -> float:
    """Parse ``--settle``: seconds, or a number with ``ms`` or ``s``."""
    m = _DURATION.match(value.strip())
    if m is None:
        raise argparse.ArgumentTypeError(f"not a duration: {value!r} (200ms, 0.5s, 1)")
    number = float(m.group(1))
    return number / 1000 if m.group(2) == "ms" else number


def register(sub: Any) -> None:
    """Add the ``test`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser(
        "test",
        help="run go test and report the goroutines the tests leak",
        description=(
            "Run `go test` on the packages (default ./...) with the runtime's goroutineleak "
            "profile captured after each package's tests, narrow each leak to the test that "
            "leaks it, and report it at the go statement. Flags after `--` go to go test. "
            "Exit status: 0 no leaks, 1 leaks, 2 build errors, failing tests or timeouts."
        ),
    )
    p.add_argument(
        "packages",
        nargs="*",
        metavar="PACKAGES",
        help="package patterns as go test takes them (default: ./...); then -- GO TEST FLAGS",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="output format (default: text)",
    )
    p.add_argument(
        "--settle",
        type=_duration,
        default=DEFAULT_SETTLE,
        metavar="DURATION",
        help="after the tests, wait at most this long for goroutines to finish "
        f"(default: {int(DEFAULT_SETTLE * 1000)}ms; no wait when none are left or all are parked)",
    )
    p.add_argument(
        "--narrow",
        type=int,
        default=DEFAULT_NARROW,
        metavar="N",
        help="single-test runs per leaking package to find the test that leaks "
        f"(default: {DEFAULT_NARROW}; 0 does not narrow)",
    )
    p.add_argument("--go", default="go", metavar="PATH", help="the go command (default: go)")
    p.add_argument(
        "--profiles",
        metavar="DIR",
        help="also write each package's leaked goroutines to DIR as debug=2 profiles "
        "(for gostuck profile, or Load Goroutine Profile in the editor)",
    )
    p.set_defaults(run=run)


def split_args(items: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split the positional words into package patterns and go test flags.

    A pattern never starts with ``-``, so the go test flags are everything from the first
    word that does (``gostuck test ./... -- -run X`` has them after ``--`` already).
    """
    for i, item in enumerate(items):
        if item.startswith("-"):
            return list(items[:i]), list(items[i:])
    return list(items), []


class Progress:
    """``[3/12] example.com/p`` on stderr, on a terminal only, erased at the end."""

    def __init__(self, stream: TextIO) -> None:
        """Draw on ``stream`` when it is a terminal."""
        self.stream = stream
        self.enabled = stream.isatty()
        self.shown = False

    def update(self, done: int, total: int, what: str) -> None:
        """Redraw the line."""
        if not self.enabled:
            return
        text = f"gostuck test: package {done} of {total}" + (f" ({what})" if what else "")
        self.stream.write("\r\033[K" + text[:200])
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Erase the line, if it was drawn."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _rel(path: str) -> str:
    if not path or not os.path.isabs(path):
        return path
    rel = os.path.relpath(path)
    return path if rel.startswith(os.pardir) else rel


def _rel_span(span: Span) -> Span:
    return replace(span, path=_rel(span.path))


def _rel_finding(finding: Finding) -> Finding:
    from gostuck.analysis.model import Related

    related = tuple(Related(r.role, _rel_span(r.span), r.message) for r in finding.related)
    return replace(finding, span=_rel_span(finding.span), related=related)


def _error_fields(report: RunReport) -> list[dict[str, str]]:
    """Return each problem as a ``ScanError``'s fields: file, message, code."""
    out = []
    for p in report.problems:
        first = next((line.strip() for line in p.detail if _is_message(line)), "")
        what = f"{p.package}: {p.message}" if p.package else p.message
        message = f"{what}: {first}" if first and p.kind == "build" else what
        out.append({"file": _rel(p.directory), "message": message, "code": p.kind})
    return out


def _errors(report: RunReport) -> list[ScanError]:
    from gostuck.cli.output import ScanError

    return [ScanError(**fields) for fields in _error_fields(report)]


def _is_message(line: str) -> bool:
    return bool(line.strip()) and not line.startswith(("#", "=== RUN", "--- FAIL"))


def _check_report(report: RunReport, *, with_rules: bool = False) -> Report:
    from gostuck.cli import output

    rule_infos: tuple[output.RuleInfo, ...] = ()
    if with_rules:  # the catalogue loads the checks: only SARIF needs it
        from gostuck.checks.runtime import GS9004
        from gostuck.cli import rules

        rule_infos = tuple(r for r in rules.runtime_rules() if r.code == GS9004.code)
    return output.Report(
        findings=[_rel_finding(tl.finding) for tl in report.leaks],
        errors=_errors(report),
        files=report.files,
        lines=report.lines,
        seconds=report.seconds,
        rules=rule_infos,
    )


def render_json(report: RunReport, out: TextIO) -> None:
    """Write ``gostuck check``'s JSON object, each finding with ``test`` and ``count``.

    The output formats (and the analysis model under them) are imported only when there
    are findings to write.
    """
    findings = []
    if report.leaks:
        from gostuck.cli import output

        for tl in report.leaks:
            finding = output.finding_json(_rel_finding(tl.finding))
            findings.append({**finding, "test": tl.test, "count": tl.count})
    doc = {
        "version": JSON_VERSION,
        "findings": findings,
        "errors": _error_fields(report),
        "stats": {
            "files": report.files,
            "lines": report.lines,
            "seconds": round(report.seconds, 3),
            "packages": report.packages,
            "tests": report.tests,
            "narrow_runs": report.narrow_runs,
        },
    }
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


def render_sarif(report: RunReport, out: TextIO) -> None:
    """Write a SARIF 2.1.0 log; each result's properties carry ``test`` and ``count``."""
    from gostuck.cli import output

    doc = output.sarif_document(_check_report(report, with_rules=True))
    results = doc["runs"][0]["results"]
    for result, tl in zip(results, report.leaks, strict=True):
        result["properties"].update({"test": tl.test, "count": tl.count})
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _source_line(path: str, line0: int) -> str:
    try:
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
    except OSError:
        return ""
    if not 0 <= line0 < len(lines):
        return ""
    return lines[line0].rstrip(b"\r").decode("utf-8", "replace").expandtabs(4).rstrip()


def _where(span: Span) -> str:
    return f"{_rel(span.path)}:{span.start_line + 1}:{span.start_col + 1}"


def render_text(report: RunReport, out: TextIO) -> None:
    """Write the leaks grouped by package, then test, each with its source lines."""
    package = test = None
    for tl in report.leaks:
        if tl.package != package:
            package, test = tl.package, None
            out.write(f"{'' if tl is report.leaks[0] else chr(10)}{package}\n")
        name = tl.test or "(not narrowed to one test)"
        if name != test:
            test = name
            out.write(f"  {name}\n")
        f = tl.finding
        out.write(f"    {_where(f.span)}: {f.code} {f.message}\n")
        out.write(
            f"    {f.span.start_line + 1:>6} | {_source_line(f.span.path, f.span.start_line)}\n"
        )
        for rel in f.related:
            out.write(f"\t{_where(rel.span)}: {rel.message}\n")
            line = _source_line(rel.span.path, rel.span.start_line)
            out.write(f"    {rel.span.start_line + 1:>6} | {line}\n")


def _write_problems(problems: Sequence[Problem], err: TextIO) -> None:
    for p in problems:
        what = f"{p.package}: " if p.package else ""
        err.write(f"gostuck test: {what}{p.message}\n")
        detail = []
        for line in p.detail:
            if TRACEBACK.match(line):
                break  # a panic's goroutines: the panic line says enough
            if _is_message(line):
                detail.append(line)
        for line in detail[:DETAIL_LINES]:
            err.write(f"    {line.strip()}\n")
        if len(detail) > DETAIL_LINES:
            err.write(f"    ... {len(detail) - DETAIL_LINES} more lines\n")


def run(args: argparse.Namespace) -> int:
    """Run ``gostuck test``; return the exit status."""
    patterns, go_flags = split_args([*args.packages, *getattr(args, "passthrough", [])])
    if args.narrow < 0:
        print("gostuck test: --narrow must be 0 or more", file=sys.stderr)
        return EXIT_ERROR
    opts = RunOptions(
        patterns=patterns or ["./..."],
        go_flags=go_flags,
        cwd=os.getcwd(),
        go=args.go,
        settle=args.settle,
        narrow=args.narrow,
        keep_dir=args.profiles,
    )
    if args.profiles is not None:
        try:
            os.makedirs(args.profiles, exist_ok=True)
        except OSError as e:
            print(f"gostuck test: --profiles {args.profiles}: {e.strerror or e}", file=sys.stderr)
            return EXIT_ERROR
    # `-- -v`: the tests' output goes to stderr as it comes (stdout is the report's).
    verbose = any(f.lstrip("-").split("=")[0] in ("v", "test.v") for f in go_flags)
    progress = Progress(sys.stderr)
    progress.enabled = progress.enabled and not verbose

    def show(package: str, line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        report = run_tests(opts, progress.update, show if verbose else None)
    except GoError as e:
        progress.close()
        print(f"gostuck test: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        progress.close()
        print("gostuck test: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    progress.close()
    try:
        if args.format == "json":
            render_json(report, sys.stdout)
        elif args.format == "sarif":
            render_sarif(report, sys.stdout)
        else:
            render_text(report, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    for line in report.passthrough:
        print(line, file=sys.stderr)
    _write_problems(report.problems, sys.stderr)
    if args.format == "text":
        print(summary(report), file=sys.stderr)
    if report.problems and any(p.kind != "capture" for p in report.problems):
        return EXIT_ERROR
    return EXIT_LEAKS if report.leaks else EXIT_CLEAN
