"""GS3001: range over a channel that is never closed.

A ``for v := range ch`` loop ends only when ``ch`` is closed. If the parent that made the
channel returns without closing it, on some path or on all of them, the goroutine running
the loop waits for another value forever. Also when the channel's one closer is a function
that closes it on some paths only (an early return on an error before its ``close``), or a
goroutine that blocks forever before its ``close`` (:mod:`gostuck.analysis.partner.blocked`).
"""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow import funcvals
from gostuck.analysis.flow.facts import Op, Strand
from gostuck.analysis.model import Confidence, Fix, Related, Role, Severity, Span, TextEdit
from gostuck.analysis.partner import blocked
from gostuck.analysis.summary import fanout, summaries
from gostuck.checks import common
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

DOC = Doc(
    title="range over a channel that is never closed",
    text=(
        "A `for v := range ch` loop ends only when ch is closed. The parent made the channel "
        "and sends the work, but returns without closing it (on every path, or on an early "
        "return), so once the senders stop the loop waits for another value forever. The "
        "same happens when the one goroutine that closes it blocks forever first (a closer "
        "`go func() { wg.Wait(); close(ch) }()` whose Wait never returns).\n\n"
        "Close the channel when the last value has been sent: `close(ch)` after the sending "
        "loop, or `defer close(ch)` in the function that owns the sends."
    ),
    before=(
        "func process(items []Item) {\n"
        "\tjobs := make(chan Item)\n"
        "\tgo func() {\n"
        "\t\tfor it := range jobs {\n"
        "\t\t\thandle(it)\n"
        "\t\t}\n"
        "\t}()\n"
        "\tfor _, it := range items {\n"
        "\t\tjobs <- it\n"
        "\t}\n"
        "}"
    ),
    after=(
        "func process(items []Item) {\n"
        "\tjobs := make(chan Item)\n"
        "\tgo func() {\n"
        "\t\tfor it := range jobs {\n"
        "\t\t\thandle(it)\n"
        "\t\t}\n"
        "\t}()\n"
        "\tfor _, it := range items {\n"
        "\t\tjobs <- it\n"
        "\t}\n"
        "\tclose(jobs)\n"
        "}"
    ),
)


def _close_fix(p: Pass, s: Strand) -> list[Fix]:
    """Close after the last top-level statement of the parent that sends on the channel."""
    name = s.channel.name
    if s.channel.returned is not None or any(u.op is Op.CLOSE for u in s.channel.uses):
        return []  # a returned channel: its caller may be in another file, or not name it
    body = cfgmod.body_of(s.parent_cfg.func)
    if body is None:
        return []
    stmts = cfgmod.statements(body)
    senders = [u for u in s.channel.uses if u.op is Op.SEND]
    if not senders:
        return []
    last: Node | None = None
    for st in stmts:
        if any(st.start_byte <= u.node.start_byte < st.end_byte for u in senders):
            last = st
        elif st.type == "return_statement":
            return []
    if last is None or (last is not stmts[-1] and stmts[-1].type == "return_statement"):
        return []
    if any(st.start_byte > last.start_byte and st.type == "return_statement" for st in stmts):
        return []
    line_start = p.source.rfind(b"\n", 0, last.start_byte) + 1
    indent = p.source[line_start : last.start_byte].decode("utf-8", "replace")
    if indent.strip():
        return []
    at = last.end_byte
    row, col = last.end_point
    edit = TextEdit(Span(p.path, row, col, row, col, at, at), f"\n{indent}close({name})")
    return [Fix(f'Close "{name}" after the last send', (edit,))]


def _partial_closes(p: Pass) -> None:
    """Report ranging goroutines whose one closer can return without closing."""
    for c in summaries.partial_closes(p.facts.analyzer, p.facts.goroutines):
        closer = common.function_name(c.closer)
        p.report(
            c.go,
            f'range over "{c.name}" never ends when {closer} returns without closing it: '
            "nothing else closes the channel",
            confidence=Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(c.range_path, c.range_loop, first_line_only=True),
                    f'waits here for another value or a close of "{c.name}"',
                ),
                Related(
                    Role.PATH,
                    parse.span(c.closer_path, c.skip, first_line_only=True),
                    f'returns here without closing "{c.name}"',
                ),
            ],
            data=(("channel", c.name),),
        )


def _stranded_subscribers(p: Pass) -> None:
    """Report subscribers whose channel only a publisher that blocks for good would close."""
    for go in p.facts.goroutines:
        if go.via is not None:
            continue
        s = fanout.stranded(p.facts.index, go.stmt, p.path)
        if s is None:
            continue
        a = s.publisher
        p.report(
            go.stmt,
            f'range over "{s.name}" never ends: its subscriber dropped the release that closes '
            "it, and the publisher, blocked for good by a subscriber that stopped reading, never "
            "gets to close it",
            confidence=Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    p.span(s.loop, first_line_only=True),
                    f'waits here for "{s.name}" to be closed',
                ),
                Related(
                    Role.PATH,
                    parse.span(
                        funcvals.path_of(a.send, p.facts.index), a.send, first_line_only=True
                    ),
                    "the publisher blocks here for good",
                ),
                Related(
                    Role.PATH,
                    parse.span(a.call_path, a.stop, first_line_only=True),
                    "because this subscriber stops reading, still subscribed",
                ),
            ],
            data=(("channel", s.name),),
        )


def run(p: Pass) -> None:
    """Report ranging goroutines whose channel the parent can leave open."""
    _partial_closes(p)
    _stranded_subscribers(p)
    common.report_self_blocks(
        p,
        Op.RANGE,
        'range over "{name}" never ends: the goroutine made the channel and nothing closes it',
    )
    for every in (True, False):
        for s in common.strands_for(p, Op.RANGE, every_path=every):
            go = common.first_goroutine(s)
            name = s.channel.label
            fname = common.function_name(s.parent_cfg.func)
            if every:
                msg = f'range over "{name}" never ends: {fname} never closes the channel'
            else:
                msg = f'range over "{name}" never ends when {fname} returns without closing it'
            related = [
                *common.block_related(p, s, f'waits here for "{name}" to be closed'),
                common.exit_related(p, s, s.stranding()[0], f'closing "{name}"'),
                common.channel_related(p, s),
                *common.returned_related(s),
            ]
            p.report(
                go.stmt,
                msg,
                confidence=common.confidence(s),
                related=related,
                fixes=_close_fix(p, s) if every else [],
                data=(("channel", name),),
            )


def follow(p: Pass) -> None:
    """Report ranges whose one closer is a goroutine another finding shows stuck first."""
    for b in blocked.behind_for(p.facts, blocked.GS_RANGE):
        p.report(
            b.go,
            f'range over "{b.primitive}" never ends: the goroutine that closes it can block '
            "forever before it gets there",
            confidence=Confidence.MEDIUM,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(b.block_path, b.block, first_line_only=True),
                    f'waits here for "{b.primitive}" to be closed',
                ),
                Related(
                    Role.OTHER,
                    p.span(b.cause.go, first_line_only=True),
                    f"the goroutine that closes it, stuck first ({b.cause.code})",
                ),
                Related(
                    Role.OTHER,
                    parse.span(b.cause_path, b.cause_site, first_line_only=True),
                    "it blocks here forever",
                ),
            ],
            data=(("channel", b.primitive),),
        )


CHECK = Check(
    code="GS3001",
    name="range-never-closed",
    doc=DOC,
    run=run,
    follow=follow,
    severity=Severity.WARNING,
)
