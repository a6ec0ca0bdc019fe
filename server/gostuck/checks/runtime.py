"""GS9xxx: findings that come from the runtime, not from reading the source.

These codes are not run over a file: the profile overlay in the language server reports
GS9001-GS9003 from a loaded goroutine profile, and ``gostuck test`` reports GS9004 from
the goroutineleak profile its tests leave. They are declared here, docs as data like the
checks', so ``gostuck explain``, hovers and ``docs/checks/`` know them.
"""

from __future__ import annotations

from typing import Final

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Severity


def _reported_by_runtime(p: Pass) -> None:
    """Do nothing: a profile or a test run reports these codes."""


GS9001: Final = Check(
    code="GS9001",
    name="profile-blocked-goroutines",
    doc=Doc(
        title="goroutines blocked at this line in a loaded profile",
        text=(
            "A goroutine profile loaded in the editor shows goroutines waiting at this line: "
            "how many, on what (chan send, select, sync.WaitGroup.Wait, ...), for how long, "
            "how many the runtime proved leaked, and the go statement that started them. When "
            "a static finding is on that go statement, it carries the count instead (one "
            "problem per leak). A profile of older code is placed by function and operation; "
            "a site the changed source no longer holds is counted, not shown.\n\n"
            "Many goroutines at one line, or a count that grows between two profiles, is how "
            "a leak looks in production. Find who was meant to release them (the receiver, "
            "the closer, the canceller) and the path on which it does not."
        ),
        before="go func() { results <- fetch(u) }()  // 48,213 blocked on chan send",
        after=(
            "go func() {\n\tselect {\n\tcase results <- fetch(u):\n\tcase <-ctx.Done():\n\t}\n}()"
        ),
    ),
    run=_reported_by_runtime,
    severity=Severity.INFO,
)

GS9002: Final = Check(
    code="GS9002",
    name="profile-started-goroutines",
    doc=Doc(
        title="goroutines started here are blocked outside the workspace in a loaded profile",
        text=(
            "The go statement on this line started goroutines that a loaded profile shows "
            "blocked at a line outside the workspace (a dependency's), so the count is shown "
            "here. One problem per leak: when a static check reports the same go statement, "
            "that finding carries the profile's count and becomes an error, and when the "
            "goroutines wait in the workspace, GS9001 is at the line where they wait; the "
            "counts per line are code lenses."
        ),
        before="go worker(jobs)  // 1,024 goroutines started here are blocked",
        after="go worker(ctx, jobs)  // and worker returns on <-ctx.Done()",
    ),
    run=_reported_by_runtime,
    severity=Severity.INFO,
)

GS9003: Final = Check(
    code="GS9003",
    name="profile-goroutine-growth",
    doc=Doc(
        title="more goroutines blocked here than in the earlier profile",
        text=(
            "Comparing two profiles, more goroutines wait at this line in the later one. "
            "Steady growth at one line, across profiles taken minutes apart, is a leak."
        ),
        before="",
        after="",
    ),
    run=_reported_by_runtime,
    severity=Severity.INFO,
)

GS9004: Final = Check(
    code="GS9004",
    name="test-leaked-goroutines",
    doc=Doc(
        title="a test leaves goroutines blocked forever (proven by the runtime)",
        text=(
            "gostuck test ran the package's tests and, once they had finished, asked the "
            "runtime for its goroutineleak profile: a garbage collection that proves a "
            "goroutine can never wake up, because what it waits on (a channel, a WaitGroup, "
            "a mutex) is reachable from nothing but blocked goroutines. Goroutines that are "
            "merely slow are not reported. The finding sits on the go statement that "
            "started them, names the test that leaks them (re-run alone to find it), the "
            "count, and the operation they block on. A testing/synctest bubble that ends "
            "with durably blocked goroutines is reported the same way.\n\n"
            "When a static check reports the same go statement, the run confirms it: the "
            "finding names both codes and is an error. Fix the code, not the test: give "
            "the goroutine a way out (a buffered result channel, a ctx.Done() case, a "
            "close), or make the caller wait for it."
        ),
        before=(
            "func Fetch(d time.Duration) int {\n"
            "\tch := make(chan int)\n"
            "\tgo func() { ch <- slow() }() // leaks when Fetch times out\n"
            "\tselect {\n"
            "\tcase v := <-ch:\n"
            "\t\treturn v\n"
            "\tcase <-time.After(d):\n"
            "\t\treturn -1\n"
            "\t}\n"
            "}"
        ),
        after=(
            "func Fetch(d time.Duration) int {\n"
            "\tch := make(chan int, 1) // the send completes even after a timeout\n"
            "\tgo func() { ch <- slow() }()\n"
            "\tselect {\n"
            "\tcase v := <-ch:\n"
            "\t\treturn v\n"
            "\tcase <-time.After(d):\n"
            "\t\treturn -1\n"
            "\t}\n"
            "}"
        ),
    ),
    run=_reported_by_runtime,
    severity=Severity.WARNING,
)

CHECKS: Final[tuple[Check, ...]] = (GS9001, GS9002, GS9003, GS9004)
