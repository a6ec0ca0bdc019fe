"""The Go distribution's goroutine-leak corpus and where its leaks really are.

The corpus lives in ``$GOROOT/src/runtime/testdata/testgoroutineleakprofile`` and is read
in place. ``$GOROOT/src/runtime/goroutineleakprofile_test.go`` lists its expected leaks as
``makeTest("Name", `regexp`, ...)`` calls: ``Name`` is the test program's command, and each
regexp matches ``<entry function>(...) [<wait reason>]`` for one leaking goroutine, where the
entry function is the one its ``go`` statement started (``earlyReturn.func1``). The test file
names neither the ``go`` statement nor the blocking line, so, as that test does, this module
builds the two test programs, runs every case, reads the ``goroutineleak`` profile they print
(debug=2 tracebacks) and takes from each leaked goroutine matching a regexp:

- the ``go`` statement: the ``created by`` location, and
- the blocking line: the innermost frame inside the corpus.

The result is cached in ``.cache/bench/`` per Go version and corpus content.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from bench.common import CACHE, go_binary, go_env, go_version, goroot

CORPUS_REL: Final = "src/runtime/testdata/testgoroutineleakprofile"
TEST_REL: Final = "src/runtime/goroutineleakprofile_test.go"

# Programs: the main one holds the micro, stress and pattern tests; goker is a subdirectory.
MAIN: Final = "testgoroutineleakprofile"
GOKER: Final = "goker"

# Bump when the way leaks are observed changes, so cached ground truth is recomputed.
_METHOD: Final = 2

_CALL_RE: Final = re.compile(
    r"(makeTest|makeFlakyTest)\(\s*\"(\w+)\"\s*((?:,\s*`[^`]*`\s*)*),?\s*\)", re.DOTALL
)
_LEAK_RE: Final = re.compile(r"`([^`]*)`")
_REASON_RE: Final = re.compile(r"\\\[(.*)\\\]")
_HEADER_RE: Final = re.compile(r"^goroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[(.*)\]:$")
_FILE_RE: Final = re.compile(r"^\t(.+\.go):(\d+)(?: \+0x[0-9a-f]+)?$")

CHANNEL_PRIMITIVES: Final = (
    "chan send",
    "chan receive",
    "select",
    "chan send (nil chan)",
    "chan receive (nil chan)",
    "select (no cases)",
)
SYNC_PRIMITIVES: Final = (
    "sync.WaitGroup.Wait",
    "sync.Mutex.Lock",
    "sync.RWMutex.RLock",
    "sync.RWMutex.Lock",
    "sync.Cond.Wait",
)


@dataclass(frozen=True, slots=True)
class ExpectedLeak:
    """One leaking goroutine the runtime's test expects, as its regexp names it."""

    case: str
    program: str  # MAIN or GOKER
    pattern: str
    flaky: bool

    @property
    def primitive(self) -> str:
        """The wait reason the regexp asks for, in the runtime's words (``chan send``)."""
        match = _REASON_RE.search(self.pattern)
        if match is None:
            return "unknown"
        reason = re.sub(r"\\(.)", r"\1", match.group(1))
        if reason == "sync.(RW)?Mutex.Lock":
            return "sync.Mutex.Lock"
        return reason

    @property
    def is_channel(self) -> bool:
        """Whether the goroutine blocks on a channel operation (or an empty select)."""
        return self.primitive in CHANNEL_PRIMITIVES


def parse_expected(test_source: str) -> list[ExpectedLeak]:
    """Read every ``makeTest``/``makeFlakyTest`` call of the runtime's leak test."""
    text = "\n".join(
        line for line in test_source.splitlines() if not line.lstrip().startswith("//")
    )
    goker_at = text.find("gokerTestCases :=")
    leaks: list[ExpectedLeak] = []
    for match in _CALL_RE.finditer(text):
        program = GOKER if 0 <= goker_at < match.start() else MAIN
        for pattern in _LEAK_RE.findall(match.group(3)):
            leaks.append(
                ExpectedLeak(
                    case=match.group(2),
                    program=program,
                    pattern=pattern,
                    flaky=match.group(1) == "makeFlakyTest",
                )
            )
    return leaks


def parse_cases(test_source: str) -> dict[str, tuple[str, bool]]:
    """Return every test case name with its program and whether it is flaky."""
    text = "\n".join(
        line for line in test_source.splitlines() if not line.lstrip().startswith("//")
    )
    goker_at = text.find("gokerTestCases :=")
    return {
        m.group(2): (GOKER if 0 <= goker_at < m.start() else MAIN, m.group(1) == "makeFlakyTest")
        for m in _CALL_RE.finditer(text)
    }


@dataclass(frozen=True, slots=True)
class Frame:
    """One stack frame: function, file and 1-based line."""

    function: str
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Goroutine:
    """One goroutine of a debug=2 dump."""

    reason: str
    leaked: bool
    frames: tuple[Frame, ...]
    created_by: Frame | None

    @property
    def leak_key(self) -> str:
        """``<entry function>(...) [<reason>]``, the string the runtime's test matches."""
        entry = self.frames[-1].function if self.frames else ""
        entry = entry.removeprefix("main.")
        reason = re.sub(r"(, \d+ minutes)|( \(leaked\))", "", self.reason)
        return f"{entry} [{reason}]"


def parse_dump(text: str) -> list[Goroutine]:
    """Parse the goroutines of a debug=2 traceback dump."""
    out: list[Goroutine] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip("\n").splitlines()
        if not lines:
            continue
        header = _HEADER_RE.match(lines[0])
        if header is None:
            continue
        frames: list[Frame] = []
        created: Frame | None = None
        i = 1
        while i + 1 < len(lines):
            func, loc = lines[i], _FILE_RE.match(lines[i + 1])
            if loc is None:
                i += 1
                continue
            frame = Frame(func, loc.group(1), int(loc.group(2)))
            if func.startswith("created by "):
                created = Frame(
                    func.removeprefix("created by ").split(" in goroutine")[0],
                    frame.file,
                    frame.line,
                )
            else:
                frames.append(frame)
            i += 2
        reason = header.group(1)
        out.append(Goroutine(reason, "(leaked)" in reason, tuple(frames), created))
    return out


@dataclass(frozen=True, slots=True)
class Instance:
    """Where one observed leaking goroutine was started and where it blocked."""

    go_file: str
    go_line: int
    block_file: str
    block_line: int
    frames: tuple[tuple[str, int], ...]  # (file, line) inside the corpus, innermost first


@dataclass(slots=True)
class Truth:
    """An expected leak and every distinct place the runs saw it."""

    leak: ExpectedLeak
    instances: list[Instance] = field(default_factory=list)


def corpus_dir() -> Path:
    """Return the corpus directory inside GOROOT."""
    return goroot() / CORPUS_REL


def program_dir(program: str) -> Path:
    """Return the source directory of one test program."""
    return corpus_dir() if program == MAIN else corpus_dir() / GOKER


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{_METHOD}:{go_version()}".encode())
    digest.update((goroot() / TEST_REL).read_bytes())
    for path in sorted(corpus_dir().rglob("*.go")):
        digest.update(str(path.relative_to(corpus_dir())).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build(program: str, dest: Path) -> Path:
    exe = dest / program
    if not exe.exists():
        dest.mkdir(parents=True, exist_ok=True)
        rel = "./testdata/testgoroutineleakprofile" + ("/goker" if program == GOKER else "")
        subprocess.run(
            [go_binary(), "build", "-o", str(exe), rel],
            cwd=goroot() / "src" / "runtime",
            env=go_env(),
            check=True,
        )
    return exe


def _instances(goroutines: Iterable[Goroutine], base: str) -> Iterable[tuple[str, Instance]]:
    for g in goroutines:
        if not g.leaked or g.created_by is None:
            continue
        inside = tuple((f.file, f.line) for f in g.frames if f.file.startswith(base))
        if not inside:
            continue
        yield (
            g.leak_key,
            Instance(g.created_by.file, g.created_by.line, inside[0][0], inside[0][1], inside),
        )


def observe(
    expected: Sequence[ExpectedLeak], cases: dict[str, tuple[str, bool]], *, log: bool = True
) -> list[Truth]:
    """Run every case of the corpus and match the leaked goroutines to the expected leaks."""
    work = CACHE / f"corpus-{_fingerprint()}"
    exes = {p: _build(p, work) for p in (MAIN, GOKER)}
    base = str(corpus_dir()) + os.sep
    truths = [Truth(leak) for leak in expected]
    for case, (program, flaky) in sorted(cases.items()):
        env = go_env() | {"GODEBUG": "asyncpreemptoff=1"}
        if not flaky:
            env["GOMAXPROCS"] = "1"
        mine = [t for t in truths if t.leak.case == case]
        if log:
            print(f"  running {program} {case}", flush=True)
        # As the runtime's test does: 2 runs, 10 for flaky cases; then more runs, up to 40,
        # while some expected leak of the case has not shown up yet.
        for run in range(40):
            if run >= (10 if flaky else 2) and all(t.instances for t in mine):
                break
            try:
                proc = subprocess.run(
                    [str(exes[program]), case],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                continue
            for key, inst in _instances(parse_dump(proc.stdout + "\n" + proc.stderr), base):
                for truth in mine:
                    if re.search(truth.leak.pattern, key) and inst not in truth.instances:
                        truth.instances.append(inst)
                        break
    return truths


def ground_truth(*, refresh: bool = False, log: bool = True) -> list[Truth]:
    """Return the expected leaks with their observed places, from the cache when it is fresh.

    ``refresh`` runs the programs again and adds what they show to the cached observations.
    """
    test_source = (goroot() / TEST_REL).read_text(encoding="utf-8")
    expected = parse_expected(test_source)
    if not expected:
        raise SystemExit(
            f"bench: found no makeTest(...) calls in {goroot() / TEST_REL}; "
            "has the runtime's leak test changed shape?"
        )
    cache = CACHE / f"groundtruth-{_fingerprint()}.json"
    old = (
        [_truth_from_json(item) for item in json.loads(cache.read_text())] if cache.exists() else []
    )
    if old and not refresh:
        return old
    truths = observe(expected, parse_cases(test_source), log=log)
    # Some flaky leaks show up only now and then: a refresh adds to what earlier runs saw.
    for truth, before in zip(truths, old, strict=False):
        if truth.leak == before.leak:
            truth.instances.extend(i for i in before.instances if i not in truth.instances)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps([asdict(t) for t in truths], indent=1))
    return truths


def _relocate(path: str) -> str:
    """Map a cached path into this toolchain's corpus (a cache copied from another checkout)."""
    marker = "/" + CORPUS_REL + "/"
    at = path.find(marker)
    if at < 0 or path.startswith(str(corpus_dir()) + os.sep):
        return path
    return str(corpus_dir()) + os.sep + path[at + len(marker) :]


def instance_from_json(item: dict[str, Any], relocate: Callable[[str], str]) -> Instance:
    """Read one cached :class:`Instance`, mapping its paths with ``relocate``."""
    return Instance(
        relocate(item["go_file"]),
        item["go_line"],
        relocate(item["block_file"]),
        item["block_line"],
        tuple((relocate(f), n) for f, n in item["frames"]),
    )


def _truth_from_json(item: dict[str, Any]) -> Truth:
    return Truth(
        ExpectedLeak(**item["leak"]),
        [instance_from_json(i, _relocate) for i in item["instances"]],
    )
