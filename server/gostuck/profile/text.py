"""Readers for the text formats: debug=1 aggregates and goroutine tracebacks.

Tracebacks cover debug=2 profiles and every dump that prints goroutines the same way:
panics (with ``GOTRACEBACK=all``), ``go test -timeout``, ``all goroutines are asleep``
deadlocks and SIGQUIT dumps. Both readers take an iterator of raw lines and look at each
line once, so a large file never has to fit in memory, and both accept a file cut
mid-line (the runtime stops writing debug=2 at 64 MiB): they keep what came before and
report the cut.

    goroutine 7 [chan send (leaked), 12 minutes] {handler: /api}:
    main.fetch.func1()
        /src/app/main.go:16 +0x1e
    created by main.fetch in goroutine 1
        /src/app/main.go:15 +0x76
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from gostuck.profile.model import (
    MAX_LABELS,
    Creation,
    Format,
    Frame,
    Group,
    GroupBuilder,
    Profile,
)
from gostuck.profile.names import blocking_operation, normalize_function

# goroutine 26 [chan receive, 12 minutes] {k: v}:      (debug=2, panics)
# goroutine 23 gp=0xc000 m=nil [chan send]:             (SIGQUIT, GOTRACEBACK=system)
HEADER: Final = re.compile(
    r"^goroutine (\d+)(?: gp=\S+)?(?: m=\S+)?(?: mp=\S+)? \[([^\]]*)\](?: \{(.*)\})?:\s*$"
)
# Numbers the runtime prints are ASCII and fit in an int64 (19 digits). ``\d`` would also take
# other scripts' digits, and ``int()`` refuses strings of more than 4,300 digits.
NUMBER: Final = r"[0-9]{1,19}"
DEBUG1_HEADER: Final = re.compile(rf"^(goroutine|goroutineleak) profile: total ({NUMBER})\s*$")
DEBUG1_RECORD: Final = re.compile(rf"^({NUMBER}) @( 0x[0-9a-f]+)*\s*$")
MINUTES: Final = re.compile(rf"^({NUMBER}) minutes?$")
CREATED_BY: Final = re.compile(r"^created by (\S+)(?: in goroutine \d+)?\s*$")
# A label pair at debug=1: "key":"value" with Go's %q quoting.
QUOTED_PAIR: Final = re.compile(r'"((?:[^"\\]|\\.)*)":\s*"((?:[^"\\]|\\.)*)"')
# The same pairs in a line with no backslash (nothing escaped): a simpler pattern is faster.
PLAIN_PAIR: Final = re.compile(r'"([^"]*+)":\s*+"([^"]*+)"')


def cut_warning(name: str, goroutines: int) -> str:
    """Say that a text profile ended mid-line and what was read before the cut."""
    return (
        f"{name} was cut: it ends in the middle of a line (the runtime stops writing "
        f"debug=2 profiles at 64 MiB); read the {goroutines:,} goroutines before the cut"
    )


class _Interner:
    """Shares one Frame object per distinct (function line, file line) pair."""

    def __init__(self) -> None:
        self.frames: dict[tuple[str, str], Frame] = {}
        self.raw: dict[tuple[bytes, bytes], Frame] = {}
        self.stacks: dict[tuple[Frame, ...], tuple[Frame, ...]] = {}

    def frame(self, call: str, where: str) -> Frame | None:
        key = (call, where)
        frame = self.frames.get(key)
        if frame is None:
            frame = _parse_frame(call, where)
            if frame is None:
                return None
            self.frames[key] = frame
        return frame

    def frame_bytes(self, call: bytes, where: bytes) -> Frame | None:
        """Like :meth:`frame`, keyed by the raw lines (decoded only the first time)."""
        key = (call, where)
        frame = self.raw.get(key)
        if frame is None:
            frame = _parse_frame(
                call.decode("utf-8", "replace").rstrip("\r\n"),
                where.decode("utf-8", "replace"),
            )
            if frame is None:
                return None
            self.raw[key] = frame
        return frame

    def stack(self, frames: list[Frame]) -> tuple[Frame, ...]:
        t = tuple(frames)
        return self.stacks.setdefault(t, t)


def _split_call(call: str) -> tuple[str, bool]:
    """Split ``pkg.F(0x1, {0x2})`` into the function name and whether it was inlined."""
    call = call.strip()
    if not call.endswith(")"):
        return call, False
    depth = 0
    for i in range(len(call) - 1, -1, -1):
        ch = call[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                return call[:i], call[i:] == "(...)"
    return call, False


def _split_where(where: str) -> tuple[str, int] | None:
    r"""Split ``\\t/path/file.go:16 +0x1e fp=...`` into the path and line."""
    location = where.strip().split(" ", 1)[0]
    path, sep, line = location.rpartition(":")
    if not sep or not (line.isascii() and line.isdigit() and len(line) <= 19):
        return None
    return path, int(line)


def _parse_frame(call: str, where: str) -> Frame | None:
    split = _split_where(where)
    if split is None:
        return None
    function, inlined = _split_call(call)
    return Frame(normalize_function(function), split[0], split[1], inlined)


def _state(bracket: str) -> tuple[str, int, bool]:
    """Read ``chan send (leaked), 12 minutes`` into (wait reason, minutes, leaked)."""
    leaked = "(leaked)" in bracket
    if leaked:
        bracket = bracket.replace(" (leaked)", "").replace("(leaked)", "")
    parts = [p.strip() for p in bracket.split(",")]
    reason = parts[0]
    minutes = 0
    for part in parts[1:]:
        m = MINUTES.match(part)
        if m:
            minutes = int(m.group(1))
    return reason, minutes, leaked


def _debug2_labels(text: str) -> list[tuple[str, str]]:
    """Read ``k: v, k2: v2`` (debug=2 prints labels unquoted)."""
    pairs: list[tuple[str, str]] = []
    for part in text.split(", "):
        key, sep, value = part.partition(": ")
        if sep:
            pairs.append((key, value))
    return pairs


def _unquote(s: str) -> str:
    if "\\" not in s:
        return s
    import json  # only escaped labels need it

    try:
        value = json.loads(f'"{s}"')
    except ValueError:
        return s
    return value if isinstance(value, str) else s


def _debug1_labels(text: str) -> list[tuple[str, str]]:
    """Read ``{"k":"v", "k2":"v2"}`` (debug=1 quotes them)."""
    return [(_unquote(k), _unquote(v)) for k, v in QUOTED_PAIR.findall(text)]


def detect_text_format(first: str) -> Format | None:
    """Say which text format a line that starts a profile or dump belongs to."""
    if DEBUG1_HEADER.match(first):
        return Format.DEBUG1
    if HEADER.match(first):
        return Format.DEBUG2
    if first.startswith("panic: test timed out after"):
        return Format.TIMEOUT
    if first.startswith("fatal error: all goroutines are asleep"):
        return Format.DEADLOCK
    if first.startswith("panic: "):
        return Format.PANIC
    if first.startswith("SIGQUIT: quit"):
        return Format.SIGQUIT
    if first.startswith("fatal error: "):
        return Format.FATAL
    return None


@dataclass(slots=True)
class _Goroutine:
    """The goroutine being read: its header, and its frame lines as raw bytes."""

    reason: str
    minutes: int
    leaked: bool
    labels: list[tuple[str, str]]
    raw: list[bytes] = field(default_factory=list)  # call line, location line, call, ...
    created: tuple[bytes, bytes] | None = None  # "created by" line and its location line
    pending_call: bytes | None = None
    pending_created: bytes | None = None


@dataclass(slots=True)
class _Same:
    """Goroutines whose frame lines and creator are byte for byte the same."""

    count: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    minutes: int = 0
    leaked: int = 0
    labels: dict[tuple[str, str], int] = field(default_factory=dict)
    dropped: int = 0


def read_traceback(lines: Iterator[bytes], name: str, fmt: Format) -> Profile:
    """Read goroutine tracebacks (debug=2 or a crash dump) into a profile.

    ``lines`` yields raw lines with their newlines; only the last may lack one, which means
    the file was cut (a warning, not an error). Lines that are not part of a goroutine
    (panic messages, test output, registers) are skipped.

    Goroutines are summed by their raw frame lines first (bytes hash quickly), and each
    distinct stack and creator is decoded once at the end: a debug=2 file repeats the same
    few stacks for every goroutine.
    """
    same: dict[tuple[tuple[bytes, ...], tuple[bytes, bytes] | None], _Same] = {}
    warnings: list[str] = []
    g: _Goroutine | None = None
    goroutines = 0
    leaked_marks = 0
    truncated = False

    def finish() -> None:
        nonlocal g, goroutines, leaked_marks
        if g is None:
            return
        goroutines += 1
        key = (tuple(g.raw), g.created)
        acc = same.get(key)
        if acc is None:
            acc = same[key] = _Same()
        acc.count += 1
        if g.reason:
            acc.reasons[g.reason] = acc.reasons.get(g.reason, 0) + 1
        if g.minutes > acc.minutes:
            acc.minutes = g.minutes
        if g.leaked:
            acc.leaked += 1
            leaked_marks += 1
        for pair in g.labels:
            if pair in acc.labels or len(acc.labels) < MAX_LABELS:
                acc.labels[pair] = acc.labels.get(pair, 0) + 1
            else:
                acc.dropped += 1
        g = None

    for raw in lines:
        if not raw.endswith(b"\n"):
            # The last line was cut mid-way: nothing on it can be trusted (a line number
            # cut short is still a number), so it is dropped.
            truncated = True
            break
        first = raw[:1]
        if first == b"\t":
            if g is None:
                continue
            if g.pending_call is not None:
                g.raw.append(g.pending_call)
                g.raw.append(raw)
                g.pending_call = None
            elif g.pending_created is not None:
                g.created = (g.pending_created, raw)
                g.pending_created = None
            continue
        if first == b"g" and raw.startswith(b"goroutine "):
            m = HEADER.match(raw.decode("utf-8", "replace").rstrip("\r\n"))
            if m:
                finish()
                reason, minutes, leaked = _state(m.group(2))
                labels = _debug2_labels(m.group(3)) if m.group(3) else []
                g = _Goroutine(reason, minutes, leaked, labels)
                continue
        if g is None:
            continue
        if not raw.strip():
            finish()
            continue
        if first == b"c" and raw.startswith(b"created by "):
            g.pending_created = raw
            g.pending_call = None
            continue
        if raw.startswith((b"...", b"goroutine running on other thread")):
            continue
        g.pending_call = raw
    if g is not None and (g.raw or not truncated):
        # A goroutine cut short keeps the frames it has: where it waits (its first frames)
        # is still right, even though its entry and `go` statement are lost.
        finish()
    if truncated:
        warnings.append(cut_warning(name, goroutines))

    builder = GroupBuilder()
    intern = _Interner()
    creations: dict[tuple[bytes, bytes], Creation | None] = {}
    for (raw_frames, created), acc in same.items():
        frames: list[Frame] = []
        for i in range(0, len(raw_frames) - 1, 2):
            frame = intern.frame_bytes(raw_frames[i], raw_frames[i + 1])
            if frame is not None:
                frames.append(frame)
        # SIGQUIT dumps show the frame every goroutine returns to; no other format does.
        while len(frames) > 1 and frames[-1].function == "runtime.goexit":
            frames.pop()
        creation = None
        if created is not None:
            if created not in creations:
                creations[created] = _creation(*created)
            creation = creations[created]
        builder.add_group(
            Group(
                frames=intern.stack(frames),
                count=acc.count,
                wait_reasons=tuple(acc.reasons.items()),
                max_minutes=acc.minutes,
                leaked=acc.leaked,
                created_by=creation,
                labels=tuple((k, v, n) for (k, v), n in acc.labels.items()),
                labels_dropped=acc.dropped,
            )
        )
    kind = "traceback"
    if fmt is Format.DEBUG2:
        kind = "goroutineleak" if leaked_marks else "goroutine"
    return Profile(
        source=name,
        kind=kind,
        formats=(f"{kind} {fmt.value}" if fmt is Format.DEBUG2 else fmt.value,),
        groups=builder.build(),
        total=goroutines,
        warnings=tuple(warnings),
        truncated=truncated,
    )


def _creation(line: bytes, where: bytes) -> Creation | None:
    r"""Read ``created by main.f in goroutine 1`` and its ``\tfile:line +0x..`` line."""
    m = CREATED_BY.match(line.decode("utf-8", "replace").rstrip("\r\n"))
    location = _split_where(where.decode("utf-8", "replace"))
    if m is None or location is None:
        return None
    return Creation(normalize_function(m.group(1)), *location)


def _debug1_frame(raw: bytes) -> Frame | None:
    r"""Read ``#\t0x4e65dd\tmain.fetch.func1+0x1d\t/src/main.go:16``."""
    parts = [p for p in raw[2:].decode("utf-8", "replace").rstrip("\r\n").split("\t") if p]
    if len(parts) < 3:
        return None
    function = parts[1].rsplit("+0x", 1)[0]
    return _parse_frame(function, parts[2])


@dataclass(slots=True)
class _Record:
    """debug=1 records with the same stack, summed before they are resolved."""

    count: int = 0
    labels: dict[tuple[str, str], int] = field(default_factory=dict)
    dropped: int = 0


# One whole record as the runtime writes it: the count line, an optional labels line, the
# frame lines and the blank line that ends it. Records of this shape are read in one match;
# anything else goes line by line. The quantifiers are possessive (``*+``): giving back
# what they took could never lead to a match, and not keeping the option is faster.
_DEBUG1_WHOLE: Final = re.compile(
    rb"(([0-9]{1,19}) @(?: 0x[0-9a-f]++)*+\n(# labels:[^\n]*+\n)?((?:#\t[^\n]*+\n)*+)\n)"
)


def read_debug1(chunks: Iterator[bytes], name: str) -> Profile:
    r"""Read a debug=1 profile: ``N @ 0x...`` records, then ``#\t0x..\tfunc+0x..\tfile:line``.

    ``chunks`` yields the file's bytes in pieces of any size (lines, or larger blocks);
    only complete lines are read, and a last line without its newline means the file was
    cut. Records are summed by their raw frame lines (bytes hash once), and each distinct
    frame line is decoded once.
    """
    warnings: list[str] = []
    kind = "goroutine"
    total: int | None = None
    count = 0
    labels: list[tuple[str, str]] = []
    frames: list[bytes] = []
    records: dict[bytes, _Record] = {}
    in_record = False
    read = 0

    def add(key: bytes, count: int, labels: list[tuple[str, str]]) -> None:
        nonlocal read
        rec = records.get(key)
        if rec is None:
            rec = records[key] = _Record()
        rec.count += count
        rec_labels = rec.labels
        for pair in labels:
            if pair in rec_labels or len(rec_labels) < MAX_LABELS:
                rec_labels[pair] = rec_labels.get(pair, 0) + count
            else:
                rec.dropped += count
        read += count

    def finish() -> None:
        nonlocal in_record, frames, labels
        if in_record and count > 0:
            add(b"".join(frames), count, labels)
        in_record = False
        frames = []
        labels = []

    whole = _DEBUG1_WHOLE.match
    find_all = _DEBUG1_WHOLE.findall
    find_pairs = PLAIN_PAIR.findall

    def add_labels(rec: _Record, label_line: bytes, n: int) -> None:
        text = label_line.decode("utf-8", "replace")
        # Without a backslash no value needs unquoting.
        pairs = find_pairs(text) if "\\" not in text else _debug1_labels(text)
        rec_labels = rec.labels
        for pair in pairs:
            if pair in rec_labels or len(rec_labels) < MAX_LABELS:
                rec_labels[pair] = rec_labels.get(pair, 0) + n
            else:
                rec.dropped += n

    rest = b""
    for chunk in chunks:
        buf = rest + chunk if rest else chunk
        end = buf.rfind(b"\n") + 1
        if end == 0:
            rest = buf
            continue
        rest = buf[end:]
        pos = 0
        while pos < end:
            if not in_record and total is not None:
                # Every record up to the last blank line at once, when they tile it.
                stop = buf.rfind(b"\n\n", pos, end) + 2
                if stop > pos + 2:
                    found = find_all(buf, pos, stop)
                    if sum(len(f[0]) for f in found) == stop - pos:
                        for _, number, label_line, key in found:
                            n = int(number)
                            if n <= 0:
                                continue
                            rec = records.get(key)
                            if rec is None:
                                rec = records[key] = _Record()
                            rec.count += n
                            read += n
                            if label_line:
                                text = label_line.decode("utf-8", "replace")
                                pairs = (
                                    find_pairs(text) if "\\" not in text else _debug1_labels(text)
                                )
                                rec_labels = rec.labels
                                for pair in pairs:
                                    if pair in rec_labels or len(rec_labels) < MAX_LABELS:
                                        rec_labels[pair] = rec_labels.get(pair, 0) + n
                                    else:
                                        rec.dropped += n
                        pos = stop
                        continue
                record = whole(buf, pos)
                if record is not None:
                    pos = record.end()
                    _, number, label_line, key = record.groups()
                    n = int(number)
                    if n <= 0:
                        continue
                    rec = records.get(key)
                    if rec is None:
                        rec = records[key] = _Record()
                    rec.count += n
                    read += n
                    if label_line:
                        add_labels(rec, label_line, n)
                    continue
            nl = buf.index(b"\n", pos) + 1
            raw = buf[pos:nl]
            pos = nl
            if total is None:
                m = DEBUG1_HEADER.match(raw.decode("utf-8", "replace").rstrip("\r\n"))
                if m:
                    kind, total = m.group(1), int(m.group(2))
                continue
            first = raw[:1]
            if first == b"#":
                if not in_record:
                    continue
                if raw.startswith(b"#\t"):
                    frames.append(raw)
                elif raw.startswith(b"# labels:"):
                    labels = _debug1_labels(raw.decode("utf-8", "replace"))
                continue
            if first.isdigit():
                m = DEBUG1_RECORD.match(raw.decode("utf-8", "replace").rstrip("\r\n"))
                if m:
                    finish()
                    count = int(m.group(1))
                    in_record = True
                continue
            if not raw.strip():
                finish()
    truncated = bool(rest)
    if not truncated or frames:
        finish()
    if truncated:
        warnings.append(cut_warning(name, read))

    builder = GroupBuilder()
    intern = _Interner()
    decoded: dict[bytes, Frame | None] = {}
    leak = kind == "goroutineleak"
    for key, rec in records.items():
        stack_list: list[Frame] = []
        # Every frame line ends with its newline: the last piece of the split is empty.
        for line in key.split(b"\n")[:-1]:
            if line not in decoded:
                decoded[line] = _debug1_frame(line)
            frame = decoded[line]
            if frame is not None:
                stack_list.append(frame)
        stack = intern.stack(stack_list)
        builder.add(
            stack,
            rec.count,
            wait_reason=blocking_operation([f.function for f in stack]),
            leaked=rec.count if leak else 0,
            label_counts=[(k, v, n) for (k, v), n in rec.labels.items()],
            labels_dropped=rec.dropped,
        )
    return Profile(
        source=name,
        kind=kind,
        formats=(f"{kind} {Format.DEBUG1.value}",),
        groups=builder.build(),
        total=total if total is not None and not truncated else read,
        warnings=tuple(warnings),
        truncated=truncated,
    )
