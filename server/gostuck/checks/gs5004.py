"""GS5004: RWMutex read-locked again while a read lock is held.

``RLock`` blocks while a writer waits. A goroutine that read-locks twice (directly or through
a method it calls) deadlocks as soon as a writer calls ``Lock`` between the two: the writer
waits for the first read lock, the second read lock waits for the writer.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Severity
from gostuck.analysis.partner.syncfacts import GS_RLOCK
from gostuck.checks import gs5common

DOC = Doc(
    title="RWMutex read lock taken again while a writer may wait",
    text=(
        "sync.RWMutex gives a waiting writer priority: once Lock is waiting, new RLock calls "
        "block. A goroutine that holds a read lock and read-locks the same RWMutex again, "
        "often through a helper method that locks for itself, blocks on the second RLock "
        "while the writer blocks on the first: neither ever returns, and the writer "
        "goroutine is reported too. Reported only when the package has a writer for the "
        "same lock.\n\n"
        "Read-lock once at the entry point and call variants of the helpers that expect the "
        "lock to be held (the *Locked naming convention)."
    ),
    before=(
        "func (s *Store) Status() string {\n"
        "\ts.mu.RLock()\n"
        "\tdefer s.mu.RUnlock()\n"
        "\treturn s.name() // name() read-locks s.mu again\n"
        "}"
    ),
    after=(
        "func (s *Store) Status() string {\n"
        "\ts.mu.RLock()\n"
        "\tdefer s.mu.RUnlock()\n"
        "\treturn s.nameLocked()\n"
        "}"
    ),
)


def run(p: Pass) -> None:
    """Report recursive read locks and the writers they block."""
    gs5common.report(p, GS_RLOCK)


CHECK = Check(
    code=GS_RLOCK,
    name="rlock-recursive",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
