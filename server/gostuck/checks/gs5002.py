"""GS5002: mutex locked and never unlocked on some path.

A goroutine that locks a mutex it already holds waits for itself forever. A function that
returns on some path without unlocking leaves the mutex locked for good, and every later
``Lock`` of it blocks forever.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Severity
from gostuck.analysis.partner.syncfacts import GS_LOCK
from gostuck.checks import gs5common

DOC = Doc(
    title="mutex locked and never unlocked on some path",
    text=(
        "sync.Mutex is not reentrant: Lock on a mutex the goroutine already holds (directly, "
        "or in a method it calls with the lock held) blocks forever. A return, break or "
        "continue between Lock and Unlock leaves the mutex locked, and the next Lock of it, "
        "in this goroutine or any other, never returns. The finding sits on the go statement "
        "of the goroutine that blocks, or on the Lock that is left locked, with the path "
        "that skips the Unlock.\n\n"
        "Unlock with defer right after Lock, and do not call methods that lock again while "
        "holding the lock (split them into a locked and an unlocked variant)."
    ),
    before=(
        "func (c *Cache) Get(k string) (V, bool) {\n"
        "\tc.mu.Lock()\n"
        "\tv, ok := c.m[k]\n"
        "\tif !ok {\n"
        "\t\treturn v, false // c.mu stays locked\n"
        "\t}\n"
        "\tc.mu.Unlock()\n"
        "\treturn v, true\n"
        "}"
    ),
    after=(
        "func (c *Cache) Get(k string) (V, bool) {\n"
        "\tc.mu.Lock()\n"
        "\tdefer c.mu.Unlock()\n"
        "\tv, ok := c.m[k]\n"
        "\treturn v, ok\n"
        "}"
    ),
)


def run(p: Pass) -> None:
    """Report self-deadlocks and locks left locked."""
    gs5common.report(p, GS_LOCK)


CHECK = Check(
    code=GS_LOCK,
    name="mutex-not-unlocked",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
