"""GS1001: send that blocks forever because the receiver can return first.

A goroutine sends its result on a channel the function made; on some path (an early
return, a timeout or ``ctx.Done()`` case, an error branch) the function returns without
receiving it. On that path nothing can ever receive, and the goroutine blocks on its send
forever, holding everything it references.
"""

from __future__ import annotations

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow import funcvals
from gostuck.analysis.flow.facts import Op
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.analysis.summary import fanout, summaries
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="send that blocks forever because the receiver can return first",
    text=(
        "A goroutine sends on a channel that its parent made, but the parent has a path "
        "(an early return, a timeout or ctx.Done() case, an error branch) on which it returns "
        "without receiving. On that path no one else holds the channel, so the send can never "
        "complete and the goroutine is stuck for the life of the process.\n\n"
        "When exactly one send can be left over, give the channel a buffer of 1: the send "
        "then completes whether or not anyone receives it. Otherwise make the sender select "
        "on ctx.Done() as well, or receive on every path."
    ),
    before=(
        "func fetch(ctx context.Context) (int, error) {\n"
        "\tch := make(chan int)\n"
        "\tgo func() { ch <- slow() }()\n"
        "\tselect {\n"
        "\tcase v := <-ch:\n"
        "\t\treturn v, nil\n"
        "\tcase <-ctx.Done():\n"
        "\t\treturn 0, ctx.Err() // the goroutine's send now blocks forever\n"
        "\t}\n"
        "}"
    ),
    after=(
        "func fetch(ctx context.Context) (int, error) {\n"
        "\tch := make(chan int, 1) // the one send always completes\n"
        "\tgo func() { ch <- slow() }()\n"
        "\tselect {\n"
        "\tcase v := <-ch:\n"
        "\t\treturn v, nil\n"
        "\tcase <-ctx.Done():\n"
        "\t\treturn 0, ctx.Err()\n"
        "\t}\n"
        "}"
    ),
)


def _early_stops(p: Pass, skip: set[int]) -> None:
    """Report generators whose one consumer can stop ranging over the channel and return.

    Go statements in ``skip`` are reported by a strand already (which may offer a fix).
    """
    goroutines = p.facts.goroutines
    for e in [
        *summaries.early_stops(p.facts.analyzer, goroutines),
        *summaries.local_early_stops(p.facts.analyzer, goroutines),
    ]:
        if e.go.id in skip:
            continue
        skip.add(e.go.id)
        consumer = common.function_name(e.consumer)
        own = e.consumer.start_byte <= e.call.start_byte < e.consumer.end_byte
        if e.stage_reader is not None:
            reader = common.function_name(e.stage_reader)
            how = (
                f"once {consumer}'s goroutine stops ranging over it: that stage blocks on its "
                f"own send when {reader} stops reading it"
            )
            stopped = "blocks here for good, leaving the rest of the channel unread"
        else:
            how = f"when {consumer} stops ranging over it and returns before the channel is closed"
            stopped = "returns here, leaving the rest of the channel unread"
        p.report(
            e.go,
            f'goroutine blocks forever sending on "{e.name}" {how}',
            confidence=Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    p.span(e.send, first_line_only=True),
                    f'blocks here: no one receives from "{e.name}" any more',
                ),
                Related(
                    Role.PATH,
                    parse.span(e.consumer_path, e.stop, first_line_only=True),
                    stopped,
                ),
                Related(
                    Role.PATH,
                    parse.span(
                        e.call_path or funcvals.path_of(e.call, p.facts.index),
                        e.call,
                        first_line_only=True,
                    ),
                    f"{consumer} gets the channel here"
                    if own
                    else f"hands the channel to {consumer} here",
                ),
            ],
            data=(("channel", e.name),),
        )


def _abandoned_subscribers(p: Pass, skip: set[int]) -> None:
    """Report publishers that a subscriber can stop reading while still subscribed."""
    for go in p.facts.goroutines:
        if go.via is not None or go.stmt.id in skip:
            continue
        found = fanout.abandoned(p.facts.index, go.stmt, p.path)
        if not found:
            continue
        a = found[0]
        sub = common.function_name(a.subscribe)
        consumer = common.function_name(a.consumer)
        p.report(
            go.stmt,
            f'goroutine blocks forever sending on "{a.channel}" once a subscriber from {sub} '
            f"stops reading it without unsubscribing: {consumer} can leave its range early",
            confidence=Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    p.span(a.send, first_line_only=True),
                    "blocks here once that subscriber's buffer is full",
                ),
                Related(
                    Role.PATH,
                    parse.span(a.call_path, a.stop, first_line_only=True),
                    "stops reading here, still subscribed",
                ),
                Related(
                    Role.PATH,
                    parse.span(a.call_path, a.call, first_line_only=True),
                    f"subscribes here ({sub})",
                ),
            ],
            data=(("channel", a.channel),),
        )
        skip.add(go.stmt.id)


def run(p: Pass) -> None:
    """Report sending goroutines stranded on some, not all, of the parent's paths."""
    strands = list(common.strands_for(p, Op.SEND, every_path=False))
    skip = {common.first_goroutine(s).stmt.id for s in strands}
    _early_stops(p, skip)
    _abandoned_subscribers(p, skip)
    for s in strands:
        go = common.first_goroutine(s)
        name = s.channel.label
        fname = common.function_name(s.parent_cfg.func)
        bad = s.stranding()
        related = [
            *common.block_related(p, s, f'blocks here: no one receives from "{name}"'),
            common.exit_related(p, s, bad[0], f'receiving from "{name}"'),
            common.channel_related(p, s),
            *common.returned_related(s),
        ]
        p.report(
            go.stmt,
            f'goroutine blocks forever sending on "{name}" when {fname} returns without receiving',
            confidence=common.confidence(s),
            related=related,
            fixes=[*common.buffer_fix(p, s), *common.cancellable_send_fix(p, s)],
            data=(("channel", name),),
        )


CHECK = Check(
    code="GS1001",
    name="send-after-receiver-gone",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
