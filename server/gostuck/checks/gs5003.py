"""GS5003: two goroutines take the same two locks in opposite orders.

One goroutine holds A and waits for B while the other holds B and waits for A: both block
forever (an AB-BA deadlock). Only goroutines started by the same function are compared.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Severity
from gostuck.analysis.partner.syncfacts import GS_ORDER
from gostuck.checks import gs5common

DOC = Doc(
    title="lock order inversion between goroutines",
    text=(
        "Two goroutines started by the same function lock the same two mutexes (the same "
        "fields of the same struct types) in opposite orders, directly or through the "
        "methods they call. When each takes its first lock before the other takes its "
        "second, both wait forever. Locks are compared by the struct field they live in, "
        "so the finding is a warning to check, not a proof. Two values of one type count "
        "too: a function that locks `from.mu` and then `to.mu` deadlocks when two "
        "goroutines run it with the same two values swapped (`go transfer(a, b)` and `go "
        "transfer(b, a)`, or a starter of such a goroutine called with its arguments "
        "swapped).\n\n"
        "Pick one order for every pair of locks and keep to it; or release the first lock "
        "before calling code that takes the second."
    ),
    before=(
        "go func() { a.mu.Lock(); b.mu.Lock(); ...; b.mu.Unlock(); a.mu.Unlock() }()\n"
        "go func() { b.mu.Lock(); a.mu.Lock(); ...; a.mu.Unlock(); b.mu.Unlock() }()"
    ),
    after=(
        "go func() { a.mu.Lock(); b.mu.Lock(); ...; b.mu.Unlock(); a.mu.Unlock() }()\n"
        "go func() { a.mu.Lock(); b.mu.Lock(); ...; b.mu.Unlock(); a.mu.Unlock() }()"
    ),
)


def run(p: Pass) -> None:
    """Report goroutines that take two locks in the order another goroutine reverses."""
    gs5common.report(p, GS_ORDER)


CHECK = Check(
    code=GS_ORDER,
    name="lock-order-inversion",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
