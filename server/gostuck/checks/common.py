"""Helpers the channel checks share: wording, related locations and fixes."""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gostuck.analysis.check import Pass
from gostuck.analysis.facts import MANY, Exit, Goroutine, Op, Strand
from gostuck.analysis.model import Confidence, Fix, Related, Role, Span, TextEdit
from gostuck.syntax import parse
from gostuck.syntax.cfg import Kind

TIMEOUT_HINTS = ("Done()", "time.After", ".C", "Tick", "timeout", "Timeout", "ctx.", "deadline")


def function_name(func: Node) -> str:
    """Return a readable name for the function holding a go statement."""
    n: Node | None = func
    while n is not None:
        if n.type in ("function_declaration", "method_declaration"):
            name = n.child_by_field_name("name")
            base = parse.text(name) if name is not None else "the function"
            return base if n.id == func.id else f"the func literal in {base}"
        n = n.parent
    return "the function"


def is_main_or_init(func: Node) -> bool:
    """Tell whether ``func`` is (or is inside) ``main``, ``init`` or ``TestMain``."""
    n: Node | None = func
    while n is not None:
        if n.type == "function_declaration":
            name = n.child_by_field_name("name")
            return name is not None and name.text in (b"main", b"init", b"TestMain")
        if n.type == "method_declaration":
            return False
        n = n.parent
    return False


def outer_declaration_name(func: Node) -> str:
    """Return the name of the top-level declaration around ``func``."""
    n: Node | None = func
    while n is not None:
        if n.type in ("function_declaration", "method_declaration"):
            name = n.child_by_field_name("name")
            return parse.text(name) if name is not None else ""
        n = n.parent
    return ""


def strands_for(p: Pass, need: Op, *, every_path: bool) -> Iterator[Strand]:
    """Return this file's strands of goroutines that ``need``, on every path or not."""
    for s in p.facts.strands:
        if s.need is need and s.every_path is every_path:
            yield s


def confidence(s: Strand) -> Confidence:
    """HIGH when the goroutines' minimum need strands them, else MEDIUM."""
    return Confidence.HIGH if s.certain else Confidence.MEDIUM


def exit_related(p: Pass, s: Strand, e: Exit, verb: str) -> Related:
    """Return where the parent ends on a stranding path, worded by how it got there."""
    g = s.parent_cfg
    blk = g.blocks[e.block]
    branch = g.blocks[e.branch] if e.branch is not None else None
    why = ""
    if branch is not None and branch.kind is Kind.CASE and branch.node is not None:
        comm = branch.node.child_by_field_name("communication")
        if comm is not None and any(h in parse.text(comm) for h in TIMEOUT_HINTS):
            why = " on timeout or cancellation"
    if blk.kind is Kind.RETURN and blk.node is not None:
        return Related(
            Role.PATH,
            p.span(blk.node, first_line_only=True),
            f"returns here{why} without {verb}",
        )
    body = g.func.child_by_field_name("body")
    anchor = body if body is not None else g.func
    end = anchor.end_point
    span = Span(
        p.path, end[0], max(end[1] - 1, 0), end[0], end[1], anchor.end_byte - 1, anchor.end_byte
    )
    return Related(Role.PATH, span, f"ends here{why} without {verb}")


def block_related(p: Pass, s: Strand, message: str) -> list[Related]:
    """Return the blocking operation of the first goroutine that has one in this file."""
    for go, prof in s.goroutines:
        node = prof.first_block.get(s.need)
        if node is not None and go.path == p.path:
            return [Related(Role.BLOCK, p.span(node, first_line_only=True), message)]
    return []


def channel_related(p: Pass, s: Strand) -> Related:
    """Return where the channel is made."""
    cap = s.channel.capacity
    what = "unbuffered" if cap == 0 else f"buffer of {cap}"
    return Related(
        Role.CHANNEL, p.span(s.channel.make, first_line_only=True), f"channel made here ({what})"
    )


def total_demand(s: Strand) -> int:
    """Count how many partner operations the goroutines need at most (MANY when unbounded)."""
    n = 0
    for go, prof in s.goroutines:
        lo, hi = prof.blocking[s.need]
        use = lo if s.certain else hi
        if use == MANY or (go.in_loop and use):
            return MANY
        n += use
    return n


def buffer_fix(p: Pass, s: Strand) -> list[Fix]:
    """Give the channel room for the one send that can strand, when that is all it takes."""
    if s.need is not Op.SEND or s.channel.make.start_point[0] < 0:
        return []
    demand = total_demand(s)
    cap = s.channel.capacity or 0
    if demand == MANY:
        return []
    worst = min((e.supply for e in s.stranding()), default=0)
    if worst == MANY or demand - cap - worst != 1:
        return []
    args = s.channel.make.child_by_field_name("arguments")
    if args is None:
        return []
    named = [c for c in args.named_children if c.type != "comment"]
    if cap == 0 and len(named) == 1:
        close_paren = args.end_byte - 1
        end = args.end_point
        span = Span(p.path, end[0], end[1] - 1, end[0], end[1] - 1, close_paren, close_paren)
        edit = TextEdit(span, ", 1")
        return [Fix(f'Give "{s.channel.name}" a buffer of 1', (edit,))]
    if len(named) == 2 and named[1].type == "int_literal":
        node = named[1]
        edit = TextEdit(p.span(node), str(cap + 1))
        return [Fix(f'Give "{s.channel.name}" a buffer of {cap + 1}', (edit,))]
    return []


def first_goroutine(s: Strand) -> Goroutine:
    """Return the goroutine a strand is reported at (the earliest go statement)."""
    return min((go for go, _ in s.goroutines), key=lambda go: go.stmt.start_byte)
