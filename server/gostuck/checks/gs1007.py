"""GS1007: receive after a shutdown whose senders are all done before it.

A goroutine serves a channel in a select loop and, once its stop channel fires, receives
from that channel one more time. Every send on the channel runs in the goroutine that fires
the stop, before it: when the stop case is chosen, no sender is left, and the receive blocks
forever.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.analysis.partner.afterstop import LateReceive
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="receive after a shutdown whose senders are all done before it",
    text=(
        "A goroutine serves a channel in a loop, `for { select { case <-stop: ...; case e := "
        "<-m.events: ... } }`, and in the `stop` case it receives from `m.events` once more, "
        "to drain a last value. But every send on `m.events` is made by the goroutine that "
        "closes `stop`, before it closes it: an unbuffered send returns only once it has been "
        "received, so when the stop case is chosen there is no sender left. The receive "
        "waits forever, and so does everything waiting for the goroutine.\n\n"
        "Drain without blocking (a select with a `default` case), or leave the stop case "
        "without receiving; if a value can really still come, make its sender close the "
        "channel when it is done and receive with `v, ok := <-ch`."
    ),
    before=(
        "case <-stop:\n"
        "\tif e, ok := <-m.events; ok { // every send was taken before stop closed\n"
        "\t\tm.apply(e)\n"
        "\t}\n"
        "\treturn"
    ),
    after=(
        "case <-stop:\n"
        "\tselect {\n"
        "\tcase e := <-m.events:\n"
        "\t\tm.apply(e)\n"
        "\tdefault:\n"
        "\t}\n"
        "\treturn"
    ),
)


def _report(p: Pass, r: LateReceive) -> None:
    name = r.channel
    related = [
        Related(
            Role.BLOCK,
            parse.span(r.path, r.node, first_line_only=True),
            f'blocks here forever: every send on "{name}" is done before "{r.fires}" fires',
        ),
        Related(
            Role.PATH,
            parse.span(r.path, r.case, first_line_only=True),
            f'taken once "{r.fires}" fires',
        ),
        Related(
            Role.OTHER,
            p.span(r.trigger, first_line_only=True),
            f'fires "{r.fires}" after every send on "{name}"',
        ),
    ]
    related.extend(
        Related(
            Role.OTHER,
            parse.span(path, node, first_line_only=True),
            f'sends on "{name}" only before "{r.fires}" fires'
            if node.type == "send_statement"
            else f'closes "{name}" only before "{r.fires}" fires',
        )
        for path, node in r.sends
    )
    p.report(
        r.goroutine.stmt,
        f'goroutine blocks forever receiving from "{name}" once "{r.fires}" fires: every '
        "send on it is done before that",
        confidence=Confidence.HIGH if r.certain else Confidence.MEDIUM,
        related=related,
        data=(("channel", name),),
    )


def run(p: Pass) -> None:
    """Report receives a server makes after its stop fired, when no sender is left."""
    for r in common.first_of_each(
        p.facts.late_receives, lambda r: (r.goroutine.stmt.id, r.node.id)
    ):
        _report(p, r)


CHECK = Check(
    code="GS1007",
    name="receive-after-shutdown",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
