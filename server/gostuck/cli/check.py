"""``gostuck check``: run the static checks over files and directories, for people and CI.

Paths are files or directories; directories are walked recursively, and ``dir/...`` means
the same as ``dir``. While walking, ``vendor/``, ``testdata/`` (unless
``--include-testdata``), and directories or files whose names start with ``.`` or ``_``
are skipped, as the go tool does; ``_test.go`` files are skipped unless
``--include-tests``. A path named on the command line is always checked.

Files are grouped by directory and package clause; each file is analysed with the other
files of its package as context, so calls and methods resolve across files.

Exit status: 0 when there are no findings, 1 when there are, 2 on usage or I/O errors or
when the analysis fails on a file.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Final, TextIO

from gostuck.analysis.api import analyze_source
from gostuck.analysis.model import Confidence, Finding, Options, Result
from gostuck.cli import output, rules
from gostuck.cli.output import Report, ScanError

EXIT_CLEAN: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_ERROR: Final = 2
EXIT_INTERRUPTED: Final = 130

# Scans of at least this many files use worker processes (see ``--jobs``).
PARALLEL_MIN_FILES: Final = 400
DEFAULT_JOBS: Final = 2

_SKIP_DIRS: Final = frozenset({"vendor", "testdata", "node_modules"})
_PACKAGE_RE: Final = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
_CODE_RE: Final = re.compile(r"^GS[0-9]{0,4}$")
_NAME_RE: Final = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)
class WalkOptions:
    """Which files a directory walk picks up."""

    include_tests: bool = False
    include_testdata: bool = False


@dataclass(slots=True)
class FileSet:
    """The files to check, plus the errors met finding them."""

    files: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)


def _is_go_file(name: str, walk: WalkOptions) -> bool:
    if not name.endswith(".go") or name.startswith((".", "_")):
        return False
    return walk.include_tests or not name.endswith("_test.go")


def _skip_dir(name: str, walk: WalkOptions) -> bool:
    if name.startswith((".", "_")):
        return True
    if name == "testdata":
        return not walk.include_testdata
    return name in _SKIP_DIRS


def _walk(top: str, walk: WalkOptions, errors: list[ScanError]) -> Iterator[str]:
    def on_error(err: OSError) -> None:
        errors.append(ScanError(file=err.filename or top, message=f"cannot read: {err.strerror}"))

    for dirpath, dirnames, filenames in os.walk(top, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not _skip_dir(d, walk))
        for name in sorted(filenames):
            if _is_go_file(name, walk):
                yield os.path.normpath(os.path.join(dirpath, name))


def _strip_dots(arg: str) -> str:
    # `./...`, `dir/...` and `...` name the same tree as `.` and `dir`.
    if arg == "...":
        return "."
    if arg.endswith("/..."):
        return arg[: -len("/...")] or "/"
    return arg


def collect_files(paths: Sequence[str], walk: WalkOptions) -> FileSet:
    """Expand command-line paths into the sorted, de-duplicated list of Go files to check."""
    found = FileSet()
    seen: set[str] = set()
    for arg in paths:
        path = os.path.normpath(_strip_dots(arg))
        if not os.path.lexists(path):
            found.errors.append(ScanError(file=arg, message="no such file or directory"))
            continue
        if os.path.isdir(path):
            if not os.access(path, os.R_OK | os.X_OK):
                found.errors.append(ScanError(file=arg, message="cannot read: permission denied"))
                continue
            candidates: Iterator[str] | list[str] = _walk(path, walk, found.errors)
        elif path.endswith(".go"):
            candidates = [path]
        else:
            found.errors.append(ScanError(file=arg, message="not a Go file or directory"))
            continue
        for file in candidates:
            if file not in seen:
                seen.add(file)
                found.files.append(file)
    return found


def package_name(source: bytes) -> str:
    """Return the name in a Go file's package clause ("" when there is none)."""
    match = _PACKAGE_RE.search(source)
    return match.group(1).decode("ascii") if match else ""


@dataclass(frozen=True, slots=True)
class Group:
    """The files of one directory to check, and every file of that directory they may see."""

    directory: str
    targets: tuple[str, ...]
    context: tuple[str, ...]


def group_by_directory(files: Sequence[str], walk: WalkOptions) -> list[Group]:
    """Group files by directory; context is every Go file of the directory the walk allows."""
    by_dir: dict[str, list[str]] = {}
    for file in files:
        by_dir.setdefault(os.path.dirname(file), []).append(file)
    groups = []
    for directory, targets in by_dir.items():
        try:
            names = sorted(os.listdir(directory or "."))
        except OSError:
            names = []
        context = {os.path.join(directory, n) for n in names if _is_go_file(n, walk)}
        context.update(targets)
        groups.append(Group(directory, tuple(targets), tuple(sorted(context))))
    return groups


@dataclass(frozen=True, slots=True)
class GroupResult:
    """What checking one group produced."""

    results: tuple[Result, ...]
    errors: tuple[ScanError, ...]
    lines: int


def check_group(group: Group, options: Options) -> GroupResult:
    """Analyse every target of a group with its same-package siblings as context."""
    texts: dict[str, bytes] = {}
    errors: list[ScanError] = []
    for path in group.context:
        try:
            with open(path, "rb") as f:
                texts[path] = f.read()
        except OSError as err:
            if path in group.targets:
                errors.append(ScanError(file=path, message=f"cannot read: {err.strerror}"))
    packages = {path: package_name(text) for path, text in texts.items()}
    results: list[Result] = []
    lines = 0
    for path in group.targets:
        source = texts.get(path)
        if source is None:
            continue
        lines += source.count(b"\n") + (0 if source.endswith(b"\n") or not source else 1)
        siblings = {p: t for p, t in texts.items() if p != path and packages[p] == packages[path]}
        try:
            # The analysis parses the file only if it can start a goroutine, through the
            # cache that sibling lookups fill: a file an earlier file's analysis already
            # parsed as context is not parsed again.
            results.append(analyze_source(path, source, package=siblings, options=options))
        except Exception as err:  # one file's crash must not stop the scan
            errors.append(ScanError(file=path, message=f"analysis failed: {err!r}", code="crash"))
    return GroupResult(tuple(results), tuple(errors), lines)


def _check_group_star(item: tuple[Group, Options]) -> GroupResult:
    return check_group(*item)


def _matches(finding: Finding, patterns: frozenset[str]) -> bool:
    return any(finding.code.startswith(p) or finding.name == p for p in patterns)


def keep(finding: Finding, options: Options) -> bool:
    """Apply ``--min-confidence``, ``--select`` and ``--ignore`` to one finding."""
    if finding.confidence < options.min_confidence:
        return False
    if options.select and not _matches(finding, options.select):
        return False
    return not _matches(finding, options.ignore)


class Progress:
    """A one-line progress bar on stderr, shown only on a terminal and after a second."""

    def __init__(self, total: int, stream: TextIO, *, delay: float = 1.0) -> None:
        self.total = total
        self.stream = stream
        self.enabled = total > 0 and stream.isatty()
        self.start = time.monotonic()
        self.delay = delay
        self.last = 0.0
        self.shown = False

    def update(self, done: int) -> None:
        """Redraw the bar (at most ten times a second)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < self.total):
            return
        self.last = now
        width = 30
        filled = width * done // self.total
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} files")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """Erase the bar, if it was drawn."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def scan(
    files: Sequence[str],
    options: Options,
    walk: WalkOptions,
    *,
    jobs: int = 0,
    on_progress: Callable[[int], None] | None = None,
) -> Report:
    """Check ``files`` and return every finding that passes ``options``, sorted."""
    start = time.perf_counter()
    report = Report(files=len(files), rules=rules.load_rules())
    groups = group_by_directory(files, walk)
    if jobs <= 0:
        cpus = os.cpu_count() or 1
        jobs = min(DEFAULT_JOBS, cpus) if len(files) >= PARALLEL_MIN_FILES else 1
    jobs = min(jobs, max(1, len(groups)))
    done = 0

    def collect(group: Group, result: GroupResult) -> None:
        nonlocal done
        for res in result.results:
            report.findings.extend(f for f in res.findings if keep(f, options))
            report.errors.extend(
                ScanError(file=e.path, message=e.message, code=e.code) for e in res.errors
            )
        report.errors.extend(result.errors)
        report.lines += result.lines
        done += len(group.targets)
        if on_progress is not None:
            on_progress(done)

    if jobs == 1:
        for group in groups:
            collect(group, check_group(group, options))
    else:
        # Big packages first, so one slow directory does not finish last on its own.
        ordered = sorted(groups, key=lambda g: -len(g.context))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(_check_group_star, (g, options)): g for g in ordered}
            for future in as_completed(futures):
                collect(futures[future], future.result())
    report.findings = output.sort_findings(report.findings)
    report.errors.sort(key=lambda e: (e.file, e.message))
    report.seconds = time.perf_counter() - start
    return report


def _codes(value: str) -> frozenset[str]:
    """Parse ``--select``/``--ignore``: codes, code prefixes or check names, comma-separated."""
    codes = set()
    for item in (c.strip() for c in value.split(",")):
        if not item:
            continue
        if _CODE_RE.match(item.upper()):
            codes.add(item.upper())
        elif _NAME_RE.match(item):
            codes.add(item)
        else:
            raise argparse.ArgumentTypeError(f"not a check code, prefix or name: {item!r}")
    return frozenset(codes)


def register(sub: Any) -> None:
    """Add the ``check`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser(
        "check",
        help="check Go files and directories for goroutines that can never exit",
        description=(
            "Check Go files and directories for goroutines that can never exit. "
            "Exit status: 0 clean, 1 findings, 2 usage or I/O error."
        ),
    )
    p.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="files or directories; `dir/...` also works (default: .)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="output format (default: text)",
    )
    p.add_argument(
        "--min-confidence",
        choices=("low", "medium", "high"),
        default="medium",
        help="report findings at least this certain (default: medium)",
    )
    p.add_argument(
        "--select",
        type=_codes,
        default=frozenset(),
        metavar="CODES",
        help="only these comma-separated codes or prefixes (GS1,GS3001)",
    )
    p.add_argument(
        "--ignore",
        type=_codes,
        default=frozenset(),
        metavar="CODES",
        help="skip these comma-separated codes or prefixes",
    )
    p.add_argument("--include-tests", action="store_true", help="also check _test.go files")
    p.add_argument(
        "--include-testdata", action="store_true", help="also walk into testdata/ directories"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help=f"worker processes (default: {DEFAULT_JOBS} for scans of "
        f"{PARALLEL_MIN_FILES}+ files, else 1)",
    )
    p.set_defaults(run=run)


def _unknown_codes(codes: frozenset[str]) -> list[str]:
    known = rules.load_rules()
    return sorted(c for c in codes if not any(r.code.startswith(c) or r.name == c for r in known))


def run(args: argparse.Namespace) -> int:
    """Run ``gostuck check``; return the exit status."""
    unknown = _unknown_codes(args.select | args.ignore)
    if unknown:
        print(
            f"gostuck check: unknown check code: {', '.join(unknown)} (see `gostuck explain`)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    if args.jobs < 0:
        print("gostuck check: --jobs must be 0 (auto) or more", file=sys.stderr)
        return EXIT_ERROR
    walk = WalkOptions(include_tests=args.include_tests, include_testdata=args.include_testdata)
    options = Options(
        select=args.select,
        ignore=args.ignore,
        min_confidence=Confidence[args.min_confidence.upper()],
        include_tests=True,  # the walk already chose the files; named test files are checked
    )
    found = collect_files(args.paths, walk)
    progress = Progress(len(found.files), sys.stderr)
    try:
        report = scan(found.files, options, walk, jobs=args.jobs, on_progress=progress.update)
    except KeyboardInterrupt:
        progress.close()
        print("gostuck check: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    progress.close()
    report.errors[:0] = found.errors
    report.errors.sort(key=lambda e: (e.file, e.message))
    try:
        _print(report, args.format)
    except BrokenPipeError:
        # The reader went away (`gostuck check | head`): stop quietly, as go vet does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    if report.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.findings else EXIT_CLEAN


def _print(report: Report, fmt: str) -> None:
    """Write the report to stdout in ``fmt``, then errors and the summary to stderr."""
    if fmt == "json":
        output.render_json(report, sys.stdout)
    elif fmt == "sarif":
        output.render_sarif(report, sys.stdout)
    else:
        output.render_text(report, sys.stdout)
    sys.stdout.flush()
    for err in report.errors:
        print(f"gostuck check: {err.file}: {err.message}", file=sys.stderr)
    if fmt == "text":
        print(output.summary_line(report), file=sys.stderr)
