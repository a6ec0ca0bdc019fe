"""GS1005: channel operation that races the shutdown of the goroutine serving it.

A goroutine does a plain send (or receive) on a channel that another goroutine serves in a
select loop; that loop also leaves, for good, when a stop channel fires or a context is
done. What fires it runs concurrently with the send, with nothing ordering it after: when it
wins, the server is gone and the send blocks forever.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow import funcvals
from gostuck.analysis.flow.facts import Op
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.analysis.partner.race import Race
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="channel operation that races the shutdown of the goroutine serving it",
    text=(
        "One goroutine serves a channel in a loop, `for { select { case r := <-reqs: ...; "
        "case <-quit: return } }`, and another does a plain `reqs <- r`. If what closes "
        "`quit` (or cancels the context the loop watches) runs concurrently with the send, "
        "with no wait in between, the loop can take the quit case first and return. The send "
        "then has no receiver left and blocks forever; so does everything waiting for its "
        "goroutine. The same holds for a goroutine that ranges over the channel and can "
        "return from inside the loop while more values are still to be sent.\n\n"
        "Make the send a select that also gives up when the loop is gone (a case on the same "
        "quit or done channel, or ctx.Done()), or stop the loop only after the senders have "
        "finished (wait for them with a WaitGroup first)."
    ),
    before=(
        "func (m *meter) Read() int {\n"
        "\treply := make(chan int, 1)\n"
        "\tm.reads <- reply // blocks forever once loop has returned on quit\n"
        "\treturn <-reply\n"
        "}\n\n"
        "go m.loop()\n"
        "go m.Read()\n"
        "go m.Shutdown() // close(m.quit)"
    ),
    after=(
        "func (m *meter) Read() (int, bool) {\n"
        "\treply := make(chan int, 1)\n"
        "\tselect {\n"
        "\tcase m.reads <- reply:\n"
        "\t\treturn <-reply, true\n"
        "\tcase <-m.gone: // closed by loop when it returns\n"
        "\t\treturn 0, false\n"
        "\t}\n"
        "}"
    ),
)


def _report(p: Pass, r: Race) -> None:
    name = r.channel.name
    verb = "sending on" if r.op is Op.SEND else "receiving from"
    op_name = "send" if r.op is Op.SEND else "receive"
    block = Related(
        Role.BLOCK,
        parse.span(funcvals.path_of(r.node, p.facts.index), r.node, first_line_only=True),
        f'blocks here forever if the goroutine serving "{name}" has returned',
    )
    server = Related(
        Role.OTHER,
        p.span(r.server.stmt, first_line_only=True),
        f'the goroutine serving "{name}" starts here',
    )
    if not r.fires:
        # A range over the channel that may return after any value.
        p.report(
            r.goroutine.stmt,
            f'goroutine can block forever {verb} "{name}": the goroutine ranging over it can '
            "return before it has received every value",
            confidence=Confidence.MEDIUM,
            related=[
                block,
                Related(
                    Role.PATH,
                    parse.span(r.leave_path, r.leave, first_line_only=True),
                    f'returns here, leaving the rest of "{name}" unreceived',
                ),
                server,
            ],
            data=(("channel", name),),
        )
        return
    what = f'"{r.fires}" is done' if r.by_ctx else f'"{r.fires}" fires'
    if r.by_ctx:
        fired = "cancels it"
    elif r.trigger.type == "send_statement":
        fired = "sends on it"
    else:
        fired = "closes it"
    related = [
        block,
        Related(
            Role.PATH,
            parse.span(r.leave_path, r.leave, first_line_only=True),
            f'returns here once {what}, without serving "{name}" again',
        ),
        Related(
            Role.OTHER,
            parse.span(r.trigger_path, r.trigger, first_line_only=True),
            f"{fired}, with nothing ordering it after the {op_name}",
        ),
        server,
    ]
    p.report(
        r.goroutine.stmt,
        f'goroutine can block forever {verb} "{name}": the goroutine serving it returns '
        f"once {what}, which nothing orders after this {op_name}",
        confidence=Confidence.HIGH if r.certain else Confidence.MEDIUM,
        related=related,
        data=(("channel", name),),
    )


def run(p: Pass) -> None:
    """Report plain channel operations whose server can leave first."""
    for r in common.first_of_each(p.facts.races, lambda r: (r.goroutine.stmt.id, r.channel.name)):
        _report(p, r)


CHECK = Check(
    code="GS1005",
    name="send-races-shutdown",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
