"""Recall on the leak corpus's goroutines that block on sync primitives, per primitive.

``python -m bench.sync_recall`` runs ``gostuck check`` over the corpus once and scores the
expected leaks whose wait reason is a sync primitive (WaitGroup, Mutex, RWMutex, Cond) the
way ``bench.recall`` scores channel leaks: found = a finding on the ``go`` statement that
started the leaking goroutine with a ``block`` related location on the line it blocks at.
The target is :data:`TARGET` percent over all sync primitives at default confidence; each
miss is listed with where the goroutine was started and where it blocked.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Final

from bench.common import go_version, percent, table
from bench.corpus import SYNC_PRIMITIVES, Truth
from bench.recall import (
    DEFAULT_CONFIDENCE,
    FOUND,
    UNSEEN,
    corpus_run,
    judge,
    misses_section,
    unseen_section,
)

TARGET: Final = 75.0  # the Go corpus sync target of the analysis redesign


def report(truths: Sequence[Truth], findings: Sequence[dict[str, Any]]) -> tuple[str, float]:
    """Return the per-primitive table, the misses, and the overall sync recall in percent."""
    default = [f for f in findings if f["confidence"] in DEFAULT_CONFIDENCE]
    sync = [t for t in truths if t.leak.primitive in SYNC_PRIMITIVES]
    verdicts = [(judge(t, default), judge(t, findings)) for t in sync]
    rows: list[list[object]] = []
    total = found = found_any = 0
    for prim in SYNC_PRIMITIVES:
        vs = [(v, va) for v, va in verdicts if v.truth.leak.primitive == prim]
        scored = [(v, va) for v, va in vs if v.outcome != UNSEEN]
        n = sum(v.outcome == FOUND for v, _ in scored)
        n_any = sum(va.outcome == FOUND for _, va in scored)
        rows.append([prim, len(scored), n, n_any, percent(n, len(scored))])
        total += len(scored)
        found += n
        found_any += n_any
    rows.append(["TOTAL", total, found, found_any, percent(found, total)])
    out = ["Sync-primitive leaks per wait reason (found = right go statement and blocking line)"]
    out.append(table(["primitive", "leaks", "found", "found@low", "recall"], rows))
    misses = [v for v, _ in verdicts if v.outcome not in (FOUND, UNSEEN)]
    out.extend(
        misses_section("Sync leaks not found (at default confidence)", misses, by_primitive=True)
    )
    unseen = [v for v, _ in verdicts if v.outcome == UNSEEN]
    out.extend(unseen_section("Expected sync leaks the runs never reproduced (not scored)", unseen))
    recall = 100.0 * found / total if total else 0.0
    verdict = "meets" if recall >= TARGET else "below"
    out.append("")
    out.append(
        f"Recall (sync leaks, default confidence): {found}/{total} = {percent(found, total)}, "
        f"{verdict} the {TARGET:.0f}% target; at any confidence: {found_any}/{total}"
    )
    return "\n".join(out), recall


def main(*, refresh: bool = False) -> float:
    """Print the sync recall report; return the overall recall in percent."""
    print("== Sync-primitive recall on $GOROOT/src/runtime/testdata/testgoroutineleakprofile ==")
    text, recall = report(*corpus_run(refresh=refresh))
    print(text)
    return recall


if __name__ == "__main__":
    print(f"gostuck bench, {go_version()}\n")
    value = main(refresh="--refresh" in sys.argv[1:])
    sys.exit(0 if value >= TARGET else 1)
