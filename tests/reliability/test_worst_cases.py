"""The analysis' worst shapes, pinned by size: each must finish under the hang guard.

Two shapes once grew faster than the file: ``go func() {...}()`` literals nested in each
other (every goroutine climbed the whole tree above it, and in tree-sitter each step up
costs the node's depth) and a file that starts a goroutine every dozen lines (the sync
analysis compared every goroutine with every other). A third, a file of functions that
each wait on their own ``ctx.Done()``, walked the whole package once per context's name.
The bound is the usual hang guard, not a timing: the sizes are what is pinned.
"""

from __future__ import annotations

from typing import Final

from gostuck.analysis.api import analyze_source
from gostuck.analysis.context import FileFacts
from gostuck.analysis.partner import syncfacts
from gostuck.syntax import parse
from reliability_support import bounded

NESTED_DEPTH: Final = 300
LINES: Final = 100_000


def nested_go_literals(depth: int) -> bytes:
    """Return a function whose goroutine starts a goroutine, ``depth`` deep."""
    return (
        b"package p\n\nfunc f(ch chan int) {\n"
        + b"go func() {\n" * depth
        + b"ch <- 1\n"
        + b"}()\n" * depth
        + b"}\n"
    )


WORKER: Final = (
    b"func work%d() {\n\tvar wg sync.WaitGroup\n\tvar mu sync.Mutex\n\twg.Add(1)\n"
    b"\tgo func() {\n\t\tdefer wg.Done()\n\t\tmu.Lock()\n\t\tmu.Unlock()\n\t}()\n"
    b"\twg.Wait()\n}\n\n"
)


def goroutine_every_12_lines(lines: int) -> bytes:
    """Return a file of at least ``lines`` lines that starts a goroutine every 12 of them."""
    count = lines // WORKER.count(b"\n") + 1
    return b'package p\n\nimport "sync"\n\n' + b"".join(WORKER % n for n in range(count))


CTX_WORKER: Final = (
    b"func f%d(ctx context.Context) {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n"
    b"\tselect {\n\tcase <-ch:\n\tcase <-ctx.Done():\n\t}\n}\n\n"
)


def context_goroutine_every_9_lines(lines: int) -> bytes:
    """Return a file of at least ``lines`` lines of functions that each leak on ``ctx.Done()``."""
    count = lines // CTX_WORKER.count(b"\n") + 1
    return b'package p\n\nimport "context"\n\n' + b"".join(CTX_WORKER % n for n in range(count))


def test_go_literals_nested_300_deep() -> None:
    source = nested_go_literals(NESTED_DEPTH)
    with bounded(60, f"analysing {NESTED_DEPTH} nested go literals"):
        result = analyze_source("nested.go", source)
    assert result.errors == (), [e.message for e in result.errors]


def test_sync_analysis_of_a_goroutine_every_12_lines() -> None:
    source = goroutine_every_12_lines(LINES)
    assert source.count(b"\n") >= LINES
    assert source.count(b"\tgo func()") >= LINES // 12
    facts = FileFacts("many.go", source, parse.parse(source), {"many.go": source})
    with bounded(60, f"the sync analysis of {LINES} lines"):
        sync = syncfacts.SyncFacts(facts)
    # Every goroutine is looked at: none is given up, and none of them leaks.
    assert sync.sim is not None
    assert len(sync.sim.roots) >= LINES // 12
    assert not [r for r in sync.sim.roots if r.gave_up]
    assert sync.findings == []


def test_analysis_of_a_context_goroutine_every_9_lines() -> None:
    # Each function's context is looked up by name in the whole package: once per name,
    # that walk made the file's analysis quadratic.
    source = context_goroutine_every_9_lines(LINES)
    count = source.count(b"\tgo func()")
    assert source.count(b"\n") >= LINES
    with bounded(60, f"analysing {LINES} lines with a context goroutine every 9"):
        result = analyze_source("ctx.go", source)
    assert result.errors == (), [e.message for e in result.errors]
    assert len(result.findings) == count
