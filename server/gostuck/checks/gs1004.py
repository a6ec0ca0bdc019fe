"""GS1004: send or receive on a nil channel.

A channel variable declared with ``var ch chan T`` and never assigned is nil, and so is a
channel field that the literal making a value leaves out when nothing else ever sets it
(:mod:`gostuck.analysis.flow.nilfields`). A send or receive on a nil channel (outside a select,
where it only disables the case) blocks forever.
"""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow import nilfields
from gostuck.analysis.flow.facts import Goroutine, Op, classify, count_paths, idents_named
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

DOC = Doc(
    title="send or receive on a nil channel",
    text=(
        "A channel declared with `var ch chan T` is nil until something assigns it. Sending "
        "to or receiving from a nil channel blocks forever (in a select, a nil channel only "
        "disables its case). A goroutine that does so never exits. A channel field is nil too "
        "in every value whose struct literal leaves it out, when nothing else assigns it: a "
        "value built with `&T{...}` instead of its constructor, or a copy that drops the "
        "field.\n\n"
        "Make the channel before use: `ch := make(chan T)`; build values with the "
        "constructor that makes their channels."
    ),
    before="go func() {\n\tvar ch chan int\n\t<-ch // blocks forever\n}()",
    after="ch := make(chan int)\ngo func() {\n\t<-ch\n}()\nch <- 1",
)


def _nil_channels(scope: Node) -> list[tuple[str, Node]]:
    """``var x chan T`` declarations (no value) directly in ``scope``'s body."""
    out: list[tuple[str, Node]] = []
    body = cfgmod.body_of(scope)
    if body is None:
        return out
    for st in cfgmod.statements(body):
        if st.type != "var_declaration":
            continue
        for spec in st.named_children:
            if spec.type != "var_spec" or spec.child_by_field_name("value") is not None:
                continue
            t = spec.child_by_field_name("type")
            if t is None or t.type != "channel_type":
                continue
            out.extend((parse.text(n), spec) for n in spec.children_by_field_name("name"))
    return out


def _check(p: Pass, go: Goroutine, scope: Node, name: str, spec: Node) -> None:
    body = cfgmod.body_of(scope)
    if body is None or go.body is None:
        return
    ops: list[Node] = []
    for ident in idents_named(body, name):
        if spec.start_byte <= ident.start_byte < spec.end_byte:
            continue
        use = classify(ident)
        if use.op is Op.NONE:
            continue
        if use.op not in (Op.SEND, Op.RECV, Op.RANGE):
            return  # assigned, passed, closed: not provably nil
        owner = parse.enclosing_function(ident)
        if owner is None:
            return
        if owner.id == go.body.id and not use.in_select:
            ops.append(use.node)
    g = p.facts.analyzer.graphs.get(go.body)
    if g is None or not ops:
        return
    reach = g.reachable()
    blocks = {b for b in (g.block_of(o) for o in ops) if b is not None and b in reach}
    if not blocks:
        return
    lo = count_paths(g, dict.fromkeys(blocks, 1), want=min)
    conf = Confidence.HIGH if lo is None or lo >= 1 else Confidence.MEDIUM
    op = min(ops, key=lambda n: n.start_byte)
    verb = "sending on" if op.type == "send_statement" else "receiving from"
    p.report(
        go.stmt,
        f'goroutine blocks forever {verb} nil channel "{name}"',
        confidence=conf,
        related=[
            Related(Role.BLOCK, p.span(op, first_line_only=True), "blocks here forever"),
            Related(
                Role.CHANNEL,
                p.span(spec, first_line_only=True),
                f'"{name}" is declared here and never made, so it is nil',
            ),
        ],
        data=(("channel", name),),
    )


def _report_field(p: Pass, n: nilfields.NilOp) -> None:
    verb = "sending on" if n.op.type == "send_statement" else "receiving from"
    how = (
        f"a {n.type_name} made in another package, which cannot set the unexported field"
        if n.outside
        else f'a {n.type_name} whose literal leaves "{n.field}" out'
    )
    p.report(
        n.go,
        f'goroutine blocks forever {verb} nil channel field "{n.field}": it gets {how}, '
        "and nothing else ever sets it",
        confidence=Confidence.MEDIUM,
        related=[
            Related(
                Role.BLOCK,
                parse.span(n.op_path, n.op, first_line_only=True),
                "blocks here forever",
            ),
            Related(
                Role.CHANNEL,
                parse.span(n.made_path, n.made, first_line_only=True),
                f'the {n.type_name} is made here with "{n.field}" nil',
            ),
        ],
        data=(("channel", n.field),),
    )


def run(p: Pass) -> None:
    """Report goroutines that send or receive on a channel that is never made."""
    for go in p.facts.goroutines:
        if not go.is_literal or go.body is None or go.path != p.path:
            continue
        for scope in (go.body, go.parent):
            for name, spec in _nil_channels(scope):
                _check(p, go, scope, name, spec)
    done: set[int] = set()
    for n in nilfields.nil_ops(p.facts.index):
        if n.go_path == p.path and n.go.id not in done:
            done.add(n.go.id)
            _report_field(p, n)


CHECK = Check(
    code="GS1004",
    name="nil-channel-operation",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
