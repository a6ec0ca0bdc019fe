"""Recall on the Go distribution's goroutine-leak corpus.

Of the leaking goroutines the runtime's own test expects (see ``bench.corpus``), how many
does ``gostuck check`` flag at the right ``go`` statement with the right blocking line?
Channel leaks (send, receive, select, range, nil channel, empty select) make the headline
number; sync leaks (Mutex, RWMutex, WaitGroup, Cond) are shown per primitive beside it.

A leak counts as found when a finding's line is the ``go`` statement that started the
goroutine and one of its ``block`` related locations is on the goroutine's innermost line in
the corpus. "go only" means the right ``go`` statement was flagged with another blocking
line; "via call" means the blocking line named is an outer frame of the same stack (the call
in the goroutine that leads to the block).
"""

from __future__ import annotations

import functools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import tree_sitter_go
from tree_sitter import Language, Parser

from bench.common import percent, run_check, table
from bench.corpus import (
    CHANNEL_PRIMITIVES,
    SYNC_PRIMITIVES,
    Instance,
    Truth,
    corpus_dir,
    ground_truth,
)

DEFAULT_CONFIDENCE: Final = ("medium", "high")

FOUND: Final = "found"
VIA_CALL: Final = "via call"
GO_ONLY: Final = "go only"
MISSED: Final = "missed"
UNSEEN: Final = "not reproduced"


@dataclass(frozen=True, slots=True)
class _Shapes:
    """The lines of one file that matter for matching: go statements and select cases."""

    go_statements: tuple[tuple[int, int], ...]  # (first, last) 1-based lines
    select_of: dict[int, int]  # select or case line -> its select statement's first line


@functools.cache
def _shapes(path: str) -> _Shapes:
    parser = Parser(Language(tree_sitter_go.language()))
    tree = parser.parse(Path(path).read_bytes())
    spans: list[tuple[int, int]] = []
    select_of: dict[int, int] = {}
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "go_statement":
            spans.append((node.start_point[0] + 1, node.end_point[0] + 1))
        elif node.type == "select_statement":
            first = node.start_point[0] + 1
            select_of[first] = first
            for case in node.named_children:
                if case.type in ("communication_case", "default_case"):
                    select_of.setdefault(case.start_point[0] + 1, first)
        stack.extend(node.children)
    return _Shapes(tuple(spans), select_of)


def go_line(path: str, line: int) -> int:
    """Return the first line of the innermost ``go`` statement that covers ``line``."""
    covering = [s for s in _shapes(path).go_statements if s[0] <= line <= s[1]]
    if not covering:
        return line
    return min(covering, key=lambda s: s[1] - s[0])[0]


def block_line(path: str, line: int) -> int:
    """Return ``line``, or its select statement's first line when it is a select or a case.

    A goroutine blocked in a select stops on the ``select`` line (on the case line when the
    select has a single case); a finding may name either. Lines inside case bodies stay.
    """
    return _shapes(path).select_of.get(line, line)


@dataclass(frozen=True, slots=True)
class Verdict:
    """How gostuck did on one expected leak."""

    truth: Truth
    outcome: str  # FOUND, VIA_CALL, GO_ONLY, MISSED or UNSEEN
    codes: tuple[str, ...]
    instance: Instance | None


RANGE: Final = "range (chan receive)"
_RANGE_RE: Final = re.compile(r"\bfor\b.*\brange\b")


def _source_line(path: str, line: int) -> str:
    try:
        lines = Path(path).read_bytes().split(b"\n")
    except OSError:
        return ""
    return lines[line - 1].decode("utf-8", "replace") if 0 < line <= len(lines) else ""


def primitive(v: Verdict) -> str:
    """Return the leak's primitive, telling a ``for range`` receive apart from a plain one."""
    prim = v.truth.leak.primitive
    inst = v.instance
    if (
        prim == "chan receive"
        and inst is not None
        and _RANGE_RE.search(_source_line(inst.block_file, inst.block_line))
    ):
        return RANGE
    return prim


def _key(path: str) -> str:
    return os.path.realpath(path)


def judge(truth: Truth, findings: Sequence[dict[str, Any]]) -> Verdict:
    """Compare one expected leak with the findings (already filtered by confidence)."""
    if not truth.instances:
        return Verdict(truth, UNSEEN, (), None)
    best: tuple[int, str, tuple[str, ...], Instance] | None = None
    rank = {FOUND: 3, VIA_CALL: 2, GO_ONLY: 1}
    for inst in truth.instances:
        want_go = (_key(inst.go_file), go_line(inst.go_file, inst.go_line))
        at_go = [f for f in findings if (_key(f["file"]), f["line"]) == want_go]
        if not at_go:
            continue
        blocks = {
            (_key(r["file"]), block_line(r["file"], r["line"]))
            for f in at_go
            for r in f["related"]
            if r["role"] == "block"
        }
        frames = [(_key(file), block_line(file, line)) for file, line in inst.frames]
        if frames[0] in blocks:
            outcome = FOUND
        elif any(fr in blocks for fr in frames[1:]):
            outcome = VIA_CALL
        else:
            outcome = GO_ONLY
        codes = tuple(sorted({f["code"] for f in at_go}))
        if best is None or rank[outcome] > best[0]:
            best = (rank[outcome], outcome, codes, inst)
    if best is None:
        return Verdict(truth, MISSED, (), truth.instances[0])
    return Verdict(truth, best[1], best[2], best[3])


def _where(inst: Instance | None) -> str:
    if inst is None:
        return "-"
    base = str(corpus_dir()) + os.sep
    go = f"{inst.go_file.removeprefix(base)}:{inst.go_line}"
    return f"go {go} -> {Path(inst.block_file).name}:{inst.block_line}"


def _file_of(v: Verdict) -> str:
    if v.instance is None:
        return "?"
    return v.instance.go_file.removeprefix(str(corpus_dir()) + os.sep)


def report(truths: Sequence[Truth], findings: Sequence[dict[str, Any]]) -> tuple[str, float]:
    """Return the recall tables as text, and the channel recall at default confidence."""
    default = [f for f in findings if f["confidence"] in DEFAULT_CONFIDENCE]
    verdicts = [judge(t, default) for t in truths]
    any_conf = [judge(t, findings) for t in truths]
    out: list[str] = []

    chan = [v for v in verdicts if v.truth.leak.is_channel]
    chan_any = [v for v in any_conf if v.truth.leak.is_channel]
    scored = [v for v in chan if v.outcome != UNSEEN]
    found = sum(v.outcome == FOUND for v in scored)
    found_any = sum(v.outcome == FOUND for v in chan_any if v.outcome != UNSEEN)

    # Per file (the file of the `go` statement).
    per_file: dict[str, Counter[str]] = defaultdict(Counter)
    for v, va in zip(chan, chan_any, strict=True):
        if v.outcome == UNSEEN:
            continue
        c = per_file[_file_of(v)]
        c["leaks"] += 1
        c[v.outcome] += 1
        c["any"] += va.outcome == FOUND
    rows = [
        [
            name,
            c["leaks"],
            c[FOUND],
            c["any"],
            c[VIA_CALL],
            c[GO_ONLY],
            percent(c[FOUND], c["leaks"]),
        ]
        for name, c in sorted(per_file.items())
    ]
    rows.append(
        [
            "TOTAL",
            len(scored),
            found,
            found_any,
            sum(v.outcome == VIA_CALL for v in scored),
            sum(v.outcome == GO_ONLY for v in scored),
            percent(found, len(scored)),
        ]
    )
    out.append("Channel leaks per file (found = right go statement and blocking line)")
    out.append(
        table(
            ["file", "leaks", "found", "found@low", "via call", "go only", "recall"],
            rows,
        )
    )

    # Per primitive, channel and sync; a receive that is a `for ... range` loop is shown apart.
    prim_rows = []
    order = [*CHANNEL_PRIMITIVES[:2], RANGE, *CHANNEL_PRIMITIVES[2:], *SYNC_PRIMITIVES]
    for prim in order:
        vs = [
            (v, va)
            for v, va in zip(verdicts, any_conf, strict=True)
            if primitive(v) == prim and v.outcome != UNSEEN
        ]
        if not vs:
            continue
        n_found = sum(v.outcome == FOUND for v, _ in vs)
        n_any = sum(va.outcome == FOUND for _, va in vs)
        kind = "sync" if prim in SYNC_PRIMITIVES else "channel"
        prim_rows.append([prim, kind, len(vs), n_found, n_any, percent(n_found, len(vs))])
    out.append("")
    out.append("Leaks per blocking primitive")
    out.append(table(["primitive", "kind", "leaks", "found", "found@low", "recall"], prim_rows))

    misses = [v for v in chan if v.outcome not in (FOUND, UNSEEN)]
    out.extend(misses_section("Channel leaks not found (at default confidence)", misses))
    unseen = [v for v in verdicts if v.outcome == UNSEEN]
    out.extend(unseen_section("Expected leaks the runs never reproduced (not scored)", unseen))

    # Findings at no expected leak's `go` statement: unlisted leaks or false positives.
    known = {(_key(i.go_file), go_line(i.go_file, i.go_line)) for t in truths for i in t.instances}
    extra = [f for f in default if (_key(f["file"]), f["line"]) not in known]
    out.append("")
    out.append(f"Findings (default confidence) at no expected leak's go statement: {len(extra)}")
    base = str(corpus_dir()) + os.sep
    for f in extra:
        out.append(
            f"  {_key(f['file']).removeprefix(base)}:{f['line']}: {f['code']} {f['message']}"
        )

    recall = 100.0 * found / len(scored) if scored else 0.0
    out.append("")
    out.append(
        f"Recall (channel leaks, default confidence): {found}/{len(scored)} = "
        f"{percent(found, len(scored))}; at any confidence: {found_any}/{len(scored)}"
    )
    return "\n".join(out), recall


def misses_section(
    title: str, misses: Sequence[Verdict], *, by_primitive: bool = False
) -> list[str]:
    """Lines listing each missed leak: where it was started, where it blocked, what we said."""
    if not misses:
        return []
    rows = [
        [
            v.truth.leak.case,
            v.truth.leak.primitive if by_primitive else v.truth.leak.pattern,
            v.outcome,
            _where(v.instance),
            ",".join(v.codes) or "-",
        ]
        for v in misses
    ]
    what = "primitive" if by_primitive else "leak"
    return ["", title, table(["case", what, "outcome", "where", "codes at go"], rows)]


def unseen_section(title: str, unseen: Sequence[Verdict]) -> list[str]:
    """Lines naming the expected leaks no run reproduced (they are not scored)."""
    if not unseen:
        return []
    return ["", title, *(f"  {v.truth.leak.case}: {v.truth.leak.pattern}" for v in unseen)]


def corpus_run(*, refresh: bool = False) -> tuple[list[Truth], list[dict[str, Any]]]:
    """Return the corpus' expected leaks and every finding of one ``gostuck check`` over it."""
    truths = ground_truth(refresh=refresh)
    run = run_check([str(corpus_dir())], "--min-confidence", "low")
    if run.errors:
        print(f"({len(run.errors)} errors from gostuck check; first: {run.errors[0]['message']})")
    return list(truths), list(run.findings)


def main(*, refresh: bool = False) -> float:
    """Print the recall tables; return the headline recall in percent."""
    print("== Recall on $GOROOT/src/runtime/testdata/testgoroutineleakprofile ==")
    text, recall = report(*corpus_run(refresh=refresh))
    print(text)
    return recall
