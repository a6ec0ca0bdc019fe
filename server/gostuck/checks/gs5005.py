"""GS5005: Cond.Wait that nothing ever signals.

``Cond.Wait`` returns only after a ``Signal`` or ``Broadcast`` on the same Cond. When the
package never calls either on it, the waiting goroutine is stuck for good.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Severity
from gostuck.analysis.partner.syncfacts import GS_COND
from gostuck.checks import gs5common

DOC = Doc(
    title="Cond.Wait with no Signal or Broadcast",
    text=(
        "A goroutine waits on a sync.Cond that no code in the package (nor anything it is "
        "handed to) ever signals or broadcasts. The wait can only end by a wake-up from "
        "Signal or Broadcast, so it never ends. Only Conds that are local, or unexported "
        "fields whose address is never taken, are judged.\n\n"
        "Broadcast where the waited-for condition becomes true (usually right after changing "
        "it under the Cond's lock)."
    ),
    before=(
        "p.cond.L.Lock()\n"
        "for !p.ready {\n"
        "\tp.cond.Wait() // nothing calls p.cond.Broadcast\n"
        "}\n"
        "p.cond.L.Unlock()"
    ),
    after=(
        "// where ready is set:\n"
        "p.cond.L.Lock()\n"
        "p.ready = true\n"
        "p.cond.L.Unlock()\n"
        "p.cond.Broadcast()"
    ),
)


def run(p: Pass) -> None:
    """Report goroutines waiting on a Cond that is never signalled."""
    gs5common.report(p, GS_COND)


CHECK = Check(
    code=GS_COND,
    name="cond-wait-without-signal",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
