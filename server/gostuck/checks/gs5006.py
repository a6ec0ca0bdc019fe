"""GS5006: lock held across a channel operation that needs the lock to complete.

One goroutine holds a mutex while it blocks on a channel; the only goroutines that could
serve that channel take the same mutex before they get to it. Neither can go on.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Severity
from gostuck.analysis.partner.syncfacts import GS_CHAN
from gostuck.checks import gs5common

DOC = Doc(
    title="lock held across a channel operation whose partner needs the lock",
    text=(
        "A goroutine sends on an unbuffered channel, or receives, while it holds a mutex. "
        "Every operation that could complete it (the receive, the send or the close) is in "
        "another goroutine that locks the same mutex first. The holder waits for the "
        "partner, the partner waits for the lock: both block forever. Both goroutines are "
        "reported.\n\n"
        "The partner may also lock between two of its operations: a receive loop that takes "
        "the lock to acknowledge each value, or that calls, on one branch, a method that "
        "locks it. The holder's first send is received; its next one (a send in a loop, or "
        "once a buffer is full) waits while the partner waits for the lock. A select blocks "
        "the same way when every case's partners need the lock.\n\n"
        "The partner may also be held up by a chain: it first waits, on every path, on "
        "another channel (made in its own function, every use visible) whose only partners "
        "lock the same mutex first. The goroutine in the middle of the chain blocks on that "
        "channel and is reported by the channel checks.\n\n"
        "Release the lock before the channel operation, or use a select with a way out "
        "(ctx.Done(), a default case), or give the channel room with a buffer."
    ),
    before=(
        "func (s *Status) Set() {\n"
        "\ts.mu.Lock()\n"
        "\tdefer s.mu.Unlock()\n"
        "\ts.updates <- true // the reader locks s.mu before it receives again\n"
        "}"
    ),
    after=(
        "func (s *Status) Set() {\n"
        "\ts.mu.Lock()\n"
        "\ts.dirty = true\n"
        "\ts.mu.Unlock()\n"
        "\ts.updates <- true\n"
        "}"
    ),
)


def run(p: Pass) -> None:
    """Report goroutines deadlocked between a lock and a channel operation."""
    gs5common.report(p, GS_CHAN)


CHECK = Check(
    code=GS_CHAN,
    name="lock-held-across-channel-op",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
