"""GS1002: more senders than receives.

Every path of the parent receives fewer values than its goroutines send: first response
wins (one goroutine per replica sends, one receive), a goroutine that sends twice, or more
sends than the buffer and the receives can take. The senders left over block forever.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow.facts import LIMIT, MANY, Op, Strand
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="more senders than receives",
    text=(
        "The goroutines send more values on a channel than its buffer and the parent's "
        "receives can take, on every path: the classic is 'first response wins', where one "
        "goroutine per replica sends its answer and the caller receives only the first. "
        "Every other sender blocks forever. A goroutine that fills the buffer of a channel "
        "it made, before anyone else holds it, blocks on the next send too; and once the "
        "buffer is full, a channel that only code that never runs would drain blocks every "
        "later sender.\n\n"
        "Give the channel a buffer as large as the number of senders, or make the senders "
        "select on a done channel or ctx.Done() that the parent closes or cancels when it "
        "has what it needs."
    ),
    before=(
        "func first(replicas []Replica, q string) Result {\n"
        "\tch := make(chan Result)\n"
        "\tfor _, r := range replicas {\n"
        "\t\tgo func() { ch <- r.Query(q) }()\n"
        "\t}\n"
        "\treturn <-ch // len(replicas)-1 senders block forever\n"
        "}"
    ),
    after=(
        "func first(replicas []Replica, q string) Result {\n"
        "\tch := make(chan Result, len(replicas)) // every send completes\n"
        "\tfor _, r := range replicas {\n"
        "\t\tgo func() { ch <- r.Query(q) }()\n"
        "\t}\n"
        "\treturn <-ch\n"
        "}"
    ),
)


def _senders(s: Strand) -> str:
    """Say who sends how much: one per loop iteration, one goroutine twice, three goroutines."""
    if any(go.in_loop for go, _ in s.goroutines):
        return "one goroutine per loop iteration sends"
    demand = common.total_demand(s)
    if len(s.goroutines) == 1:
        if demand == MANY or demand >= LIMIT:
            return "the goroutine keeps sending"
        if demand == 1:
            return "the goroutine sends once"
        return "the goroutine can send twice" if demand == 2 else f"it can send {demand} times"
    if demand != MANY and demand < LIMIT and demand > len(s.goroutines):
        return f"{len(s.goroutines)} goroutines send up to {demand} values"
    return f"{len(s.goroutines)} goroutines send"


def _receives(supply: int) -> str:
    if supply == 0:
        return "never receives"
    if supply == 1:
        return "receives only once"
    if supply >= LIMIT:  # counts saturate: a loop that stops after some count, not exactly LIMIT
        return "stops receiving after a fixed count"
    return f"receives only {supply} times"


def _fresh_sends(p: Pass) -> None:
    """``make(chan T) <- v`` in a goroutine: nothing can ever receive it."""
    for go in p.facts.goroutines:
        g = p.facts.analyzer.graphs.get(go.body) if go.body is not None else None
        if g is None:
            continue
        reach = g.reachable()
        for op in common.fresh_ops(go):
            if op.type != "send_statement" or common.in_select_case(op) is not None:
                continue
            b = g.block_of(op)
            if b is None or b not in reach:
                continue
            p.report(
                go.stmt,
                "goroutine blocks forever sending on a channel made on the spot: "
                "nothing else can receive from it",
                confidence=Confidence.HIGH,
                related=[
                    Related(
                        Role.BLOCK,
                        parse.span(go.path, op, first_line_only=True),
                        "blocks here forever",
                    )
                ],
            )
            break


def run(p: Pass) -> None:
    """Report sending goroutines stranded on every path of the parent."""
    _fresh_sends(p)
    common.report_overfills(p, Op.SEND)
    common.report_self_blocks(
        p,
        Op.SEND,
        'goroutine blocks forever sending on "{name}": it made the unbuffered channel and '
        "nothing receives from it",
    )
    for s in common.strands_for(p, Op.SEND, every_path=True):
        go = common.first_goroutine(s)
        name = s.channel.label
        fname = common.function_name(s.parent_cfg.func)
        supply = max(e.supply for e in s.exits)
        bad = s.stranding()
        related = [
            *common.block_related(p, s, f'blocks here once "{name}" has no receiver'),
            common.exit_related(p, s, bad[0], f'receiving every value from "{name}"'),
            common.channel_related(p, s),
            *common.returned_related(s),
        ]
        took = _receives(supply)
        if common.is_join(s, bad[0]):
            took = "waits for them to finish before receiving"
        p.report(
            go.stmt,
            f'more sends on "{name}" than receives: {_senders(s)} but '
            f"{fname} {took}, so senders block forever",
            confidence=common.confidence(s),
            related=related,
            fixes=common.buffer_fix(p, s),
            data=(("channel", name),),
        )


CHECK = Check(
    code="GS1002",
    name="more-senders-than-receives",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
