"""GS2002: empty select in a goroutine.

``select {}`` blocks forever by definition, and so does a select whose every case is on a
channel made on the spot. In ``main`` it is a way to park the program;
in a goroutine started by a function that returns, it is a goroutine that never exits.
"""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Check, Doc, Pass
from gostuck.analysis.flow.facts import Goroutine
from gostuck.analysis.model import Confidence, Related, Role, Severity
from gostuck.checks import common
from gostuck.syntax import parse
from gostuck.syntax.cfg import Kind

DOC = Doc(
    title="empty select in a goroutine",
    text=(
        "`select {}` has no case that can ever proceed, so it blocks forever. That is a "
        "common way to park main, but in a goroutine started by a function that returns it "
        "leaks the goroutine and everything it holds.\n\n"
        "Wait for something that ends: `<-ctx.Done()`, or a done channel closed on shutdown."
    ),
    before="func start() {\n\tgo func() {\n\t\tsetup()\n\t\tselect {}\n\t}()\n}",
    after=(
        "func start(ctx context.Context) {\n\tgo func() {\n\t\tsetup()\n\t\t<-ctx.Done()\n\t}()\n}"
    ),
)


def _dead_selects(go: Goroutine) -> list[Node]:
    """Return the selects without default whose every case is on a fresh channel."""
    by_select: dict[int, tuple[Node, int]] = {}
    for op in common.fresh_ops(go):
        sel = common.in_select_case(op)
        if sel is not None:
            node, n = by_select.get(sel.id, (sel, 0))
            by_select[sel.id] = (node, n + 1)
    out: list[Node] = []
    for sel, n in by_select.values():
        cases = [c for c in sel.named_children if c.type.endswith("_case")]
        if all(c.type == "communication_case" for c in cases) and len(cases) == n:
            out.append(sel)
    return out


def run(p: Pass) -> None:
    """Report goroutines that reach ``select {}`` or a select no case of which can proceed."""
    for go in p.facts.goroutines:
        if go.body is None:
            continue
        g = p.facts.analyzer.graphs.get(go.body)
        if g is None:
            continue
        reach = g.reachable()
        stuck = [b.node for b in g.blocks if b.kind is Kind.BLOCK and b.id in reach and b.node]
        for sel in _dead_selects(go):
            b = g.block_of(sel)
            if b is not None and b in reach:
                stuck.append(sel)
        if not stuck or common.lifetime(p, go) == "process":
            continue
        node = min(stuck, key=lambda n: n.start_byte)
        conf = Confidence.HIGH if common.lifetime(p, go) == "call" else Confidence.MEDIUM
        p.report(
            go.stmt,
            f"goroutine never exits: it blocks forever in a select that can never proceed "
            f"(started by {common.function_name(go.parent)}, which returns)",
            confidence=conf,
            related=[
                Related(
                    Role.BLOCK,
                    parse.span(go.path, node, first_line_only=True),
                    "no case of this select can ever proceed",
                ),
            ],
        )


CHECK = Check(
    code="GS2002",
    name="empty-select",
    doc=DOC,
    run=run,
    severity=Severity.WARNING,
)
