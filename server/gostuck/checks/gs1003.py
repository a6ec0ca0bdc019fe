"""GS1003: receive that no one sends to or closes.

A goroutine receives on a channel its parent made, and on some path (or every path) the
parent returns without sending to it or closing it. Nothing else holds the channel, so the
receive waits forever. Also: a receive that is a goroutine's only way out of its loop, and a
receive from a struct field nothing in the package sends on or closes (or whose only sends
and closes sit where their goroutine never gets), and a receive whose only sender or closer
is a goroutine that blocks forever on a lock, WaitGroup or Cond first, or a field only the
deferred close of a goroutine that can block forever closes. And a goroutine waiting for the
reply to a request whose server can take it and go on without answering.
"""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow import deadchan, funcvals
from gostuck.analysis.flow.facts import Goroutine, Op
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.analysis.summary import chain, obligations
from gostuck.checks import common
from gostuck.syntax import parse

DOC = Doc(
    title="receive that no one sends to or closes",
    text=(
        "A goroutine waits to receive on a channel that its parent made, but the parent can "
        "return without sending on it or closing it (an error path, or no send at all). No one "
        "else can reach the channel, so the goroutine waits forever.\n\n"
        "The same holds when the receive is the goroutine's only way out of a loop (`case "
        "<-w.quit: return`) and the owner never closes `quit`, including goroutines a method "
        "such as `w.Start()` starts on the caller's value; and when the channel is a struct "
        "field that nothing in the package ever sends on or closes, however the goroutine "
        "reaches it (`<-s.Stopper().ShouldQuiesce()`), or whose only sends and closes sit "
        "where their goroutine never gets: `defer close(c.stopped)` in a loop that can never "
        "return, a close after a wait that never ends.\n\n"
        "A context is a channel its cancel closes: a goroutine waiting on `<-ctx.Done()` of a "
        "`context.WithCancel(context.Background())` the parent made blocks for good when "
        "the parent returns without cancelling it and without handing the cancel on (the "
        "cancel kept in a struct that this path drops).\n\n"
        "A field closed only by the deferred `close` of a goroutine that can itself block "
        "forever (one the other channel checks report) can stay open for good: a receive "
        "from it is reported too, at medium confidence; so is a wait on a field whose only "
        "close runs, for the next value, only after such a stall (`x.Stop()` in a loop, "
        "each closing `x.release` and then waiting for the goroutine).\n\n"
        "Close the channel on every path (often `defer close(ch)` right after making it, or "
        "`defer w.Stop()` after `w.Start()`), or let the goroutine also select on ctx.Done()."
    ),
    before=(
        "func run(cfg Config) error {\n"
        "\tstart := make(chan struct{})\n"
        "\tgo func() {\n"
        "\t\t<-start\n"
        "\t\twork()\n"
        "\t}()\n"
        "\tif err := cfg.Validate(); err != nil {\n"
        "\t\treturn err // the goroutine waits on start forever\n"
        "\t}\n"
        "\tclose(start)\n"
        "\treturn nil\n"
        "}"
    ),
    after=(
        "func run(cfg Config) error {\n"
        "\tif err := cfg.Validate(); err != nil {\n"
        "\t\treturn err\n"
        "\t}\n"
        "\tstart := make(chan struct{})\n"
        "\tgo func() {\n"
        "\t\t<-start\n"
        "\t\twork()\n"
        "\t}()\n"
        "\tclose(start)\n"
        "\treturn nil\n"
        "}"
    ),
)


def _fresh(p: Pass) -> None:
    """Report sends and receives on ``make(chan T)`` itself: no partner can exist."""
    for go in p.facts.goroutines:
        g = p.facts.analyzer.graphs.get(go.body) if go.body is not None else None
        if g is None:
            continue
        reach = g.reachable()
        for op in common.fresh_ops(go):
            if common.in_select_case(op) is not None:
                continue
            b = g.block_of(op)
            if b is None or b not in reach:
                continue
            if op.type == "send_statement":
                continue  # GS1002 reports sends that nothing receives
            verb = "receiving from"
            p.report(
                go.stmt,
                f"goroutine blocks forever {verb} a channel made on the spot: "
                "nothing else can reach it",
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
        _fresh_argument(p, go)


def _fresh_argument(p: Pass, go: Goroutine) -> None:
    """``go recv(make(chan T))``: the goroutine holds the only reference to the channel."""
    for i, arg in enumerate(go.args):
        if arg.type != "call_expression" or go.body is None:
            continue
        fn = arg.child_by_field_name("function")
        args = arg.child_by_field_name("arguments")
        if fn is None or fn.text != b"make" or args is None:
            continue
        named = [c for c in args.named_children if c.type != "comment"]
        if not named or named[0].type != "channel_type":
            continue
        param = go.param_for(i)
        if not param:
            continue
        prof = p.facts.analyzer.profile(go.body, param)
        if prof is None:
            continue
        need = [
            op
            for op in (Op.RECV, Op.RANGE, Op.SEND)
            if prof.blocking.get(op, (0, 0))[0] >= 1 and (op is not Op.SEND or len(named) == 1)
        ]
        if not need:
            continue
        node = prof.first_block.get(need[0])
        verb = "sending on" if need[0] is Op.SEND else "receiving from"
        related = []
        if node is not None:
            related.append(
                Related(
                    Role.BLOCK,
                    parse.span(go.path, node, first_line_only=True),
                    "blocks here forever",
                )
            )
        related.append(Related(Role.CHANNEL, p.span(arg), "channel made here, held by no one else"))
        p.report(
            go.stmt,
            f'goroutine blocks forever {verb} "{param}": its channel is made in the go '
            "statement and nothing else can reach it",
            confidence=Confidence.HIGH,
            related=related,
        )


def _dead(p: Pass) -> None:
    """Report goroutines receiving from a field nothing in the package sends on or closes."""
    for d in p.facts.dead_receives:
        go = d.goroutine
        if d.context:
            _never_done(p, d)
            continue
        if d.never_run:
            _never_run(p, d)
            continue
        if d.stalled is not None:
            _stalled(p, d, d.stalled)
            continue
        if d.behind is not None:
            _behind(p, d, d.behind)
            continue
        related = [
            Related(
                Role.BLOCK,
                parse.span(d.path, d.node, first_line_only=True),
                f'blocks here forever: nothing sends on "{d.field}" or closes it',
            )
        ]
        if d.decl is not None:
            related.append(
                Related(
                    Role.CHANNEL,
                    parse.span(d.decl[0], d.decl[1], first_line_only=True),
                    "field declared here; every use in the package only receives from it",
                )
            )
        p.report(
            go.stmt,
            f'goroutine blocks forever receiving from "{d.field}": nothing in the package '
            "ever sends on it or closes it",
            confidence=Confidence.HIGH if d.certain else Confidence.MEDIUM,
            related=related,
            data=(("channel", d.field),),
        )


def _never_run(p: Pass, d: deadchan.DeadReceive) -> None:
    """Report a receive whose every sender or closer sits where its goroutine never gets."""
    writer, why = d.never_run[0]
    index = p.facts.index
    deferred = writer.parent is not None and (
        writer.parent.parent is not None
        and writer.parent.parent.parent is not None
        and writer.parent.parent.parent.type == "defer_statement"
    )
    func = parse.enclosing_function(writer)
    if func is not None and func.type == "func_literal" and _is_deferred(func):
        # ``defer func() { close(c.f) }()``: the deferred literal closes it.
        deferred, func = True, parse.enclosing_function(func)
    fname = common.function_name(func) if func is not None else "its function"
    if deferred:
        text = (
            f'goroutine blocks forever receiving from "{d.field}": it is closed only by the '
            f"deferred close in {fname}, which never returns"
        )
        wrote = f"closed here only when {fname} returns, and it never does"
    else:
        text = (
            f'goroutine blocks forever receiving from "{d.field}": its only sends and closes '
            "come after a point where their goroutine blocks forever"
        )
        wrote = "sent on or closed here, which is never reached"
    related = [
        Related(
            Role.BLOCK,
            parse.span(d.path, d.node, first_line_only=True),
            "blocks here forever",
        ),
        Related(
            Role.OTHER,
            parse.span(funcvals.path_of(writer, index), writer, first_line_only=True),
            wrote,
        ),
        Related(
            Role.OTHER,
            parse.span(funcvals.path_of(why, index), why, first_line_only=True),
            "its goroutine blocks forever here"
            if why.type != "identifier" and why.type != "field_identifier"
            else f"{fname} never gets to its end",
        ),
    ]
    # A Wait nothing counts down blocks only once an Add has counted it up: medium.
    counted = any(chain.is_counted_wait(w) for _, w in d.never_run)
    p.report(
        d.goroutine.stmt,
        text,
        confidence=Confidence.HIGH if d.certain and not counted else Confidence.MEDIUM,
        related=related,
        data=(("channel", d.field),),
    )


def _stalled(p: Pass, d: deadchan.DeadReceive, stalled: tuple[Node, Node, str]) -> None:
    """Report a receive whose only closer is the deferred close of a goroutine that can stall."""
    close, why, why_path = stalled
    func = parse.enclosing_function(close)
    while func is not None and func.type == "func_literal" and _is_deferred(func):
        func = parse.enclosing_function(func)
    fname = common.function_name(func) if func is not None else "its function"
    _report_wait(
        p,
        d,
        f'goroutine can block forever receiving from "{d.field}": it is closed only when '
        f"the goroutine running {fname} returns, and that goroutine can block forever",
        "closed",
        (close, "closed here only when that goroutine returns"),
        (why, why_path, "that goroutine can block forever here"),
    )


def _behind(p: Pass, d: deadchan.DeadReceive, behind: tuple[Node, Node, str]) -> None:
    """Report a wait on a field whose only writer runs only after a possible stall."""
    writer, why, why_path = behind
    func = parse.enclosing_function(writer)
    fname = common.function_name(func) if func is not None else "its function"
    what = "closed" if writer.type == "call_expression" else "sent on"
    _report_wait(
        p,
        d,
        f'goroutine can block forever receiving from "{d.field}": it is {what} only in '
        f"{fname}, which runs again only after a point where its goroutine can block forever",
        what,
        (writer, f"{what} here, for one value at a time"),
        (why, why_path, "the goroutine that would get there next can block forever here first"),
    )


def _report_wait(
    p: Pass,
    d: deadchan.DeadReceive,
    text: str,
    until: str,
    site: tuple[Node, str],
    why: tuple[Node, str, str],
) -> None:
    """Report ``d`` (medium confidence), blocked until its field is ``until`` ("closed").

    ``site`` is the close or send that would release it, ``why`` (node, path) the place its
    goroutine can block forever first; each with its note.
    """
    writer, writer_note = site
    why_node, why_path, why_note = why
    p.report(
        d.goroutine.stmt,
        text,
        confidence=Confidence.MEDIUM,
        related=[
            Related(
                Role.BLOCK,
                parse.span(d.path, d.node, first_line_only=True),
                f'blocks here until "{d.field}" is {until}',
            ),
            Related(
                Role.OTHER,
                parse.span(funcvals.path_of(writer, p.facts.index), writer, first_line_only=True),
                writer_note,
            ),
            Related(Role.OTHER, parse.span(why_path, why_node, first_line_only=True), why_note),
        ],
        data=(("channel", d.field),),
    )


def _is_deferred(lit: Node) -> bool:
    """Tell whether the func literal ``lit`` is called by a defer statement."""
    call = lit.parent
    return (
        call is not None
        and call.type == "call_expression"
        and call.parent is not None
        and call.parent.type == "defer_statement"
    )


def _never_done(p: Pass, d: deadchan.DeadReceive) -> None:
    """Report a goroutine waiting on ``ctx.Done()`` of a context nothing can cancel."""
    p.report(
        d.goroutine.stmt,
        f'goroutine blocks forever on "{d.field}.Done()": nothing that runs cancels the '
        "context or its parents",
        confidence=Confidence.HIGH if d.certain else Confidence.MEDIUM,
        related=[
            Related(
                Role.BLOCK,
                parse.span(d.path, d.node, first_line_only=True),
                "blocks here forever: every cancel function of the context is dropped or "
                "called only from code that never runs",
            )
        ],
        data=(("context", d.field),),
    )


def _unanswered(p: Pass) -> None:
    """Report goroutines waiting for a reply that a server can leave unsent."""
    index = p.facts.index
    for go in p.facts.goroutines:
        if go.body is None or go.via is not None:
            continue
        for w in obligations.goroutine_reply_waits(index, go.body, go.path):
            server = common.function_name(w.server)
            where = common.function_name(w.func)
            p.report(
                go.stmt,
                f'goroutine can block forever receiving from "{w.name}" in {where}: '
                f"{server} takes the request and can go on without replying",
                confidence=Confidence.MEDIUM,
                related=[
                    Related(
                        Role.BLOCK,
                        parse.span(w.path, w.recv, first_line_only=True),
                        f'waits here for a reply on "{w.name}"',
                    ),
                    Related(
                        Role.PATH,
                        parse.span(w.drop_path, w.drop, first_line_only=True),
                        "goes on here without replying",
                    ),
                ],
                data=(("channel", w.name),),
            )
            break  # one wait per goroutine: the first it reaches


def run(p: Pass) -> None:
    """Report receiving goroutines the parent can leave without a sender."""
    _fresh(p)
    _unanswered(p)
    _dead(p)
    common.report_gates(p, select=False)
    common.report_overfills(p, Op.RECV)
    common.report_self_blocks(
        p,
        Op.RECV,
        'goroutine blocks forever receiving from "{name}": it made the channel and nothing '
        "sends on it or closes it",
    )
    for every in (True, False):
        for s in common.strands_for(p, Op.RECV, every_path=every):
            go = common.first_goroutine(s)
            name = s.channel.label
            fname = common.function_name(s.parent_cfg.func)
            bad = s.stranding()
            if every:
                msg = (
                    f'goroutine blocks forever receiving from "{name}": {fname} never sends '
                    "on it or closes it"
                )
            else:
                msg = (
                    f'goroutine blocks forever receiving from "{name}" when {fname} returns '
                    "without sending or closing"
                )
            related = [
                *common.block_related(p, s, f'blocks here: nothing sends on "{name}"'),
                common.exit_related(p, s, bad[0], f'sending on or closing "{name}"'),
                common.channel_related(p, s),
                *common.returned_related(s),
            ]
            p.report(
                go.stmt,
                msg,
                confidence=common.confidence(s),
                related=related,
                data=(("channel", name),),
            )


CHECK = Check(
    code="GS1003",
    name="receive-without-sender",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
