"""Channels a goroutine fills (or drains) before anyone else can hold them.

    go func() {
        q := &queue{ready: make(chan struct{}, 1)}
        q.ready <- struct{}{}  // the one buffer slot
        q.start()              // start sends again, and only then hands q to a receiver
    }()

A goroutine that makes a channel is its only holder until it hands the channel (or the
struct holding it) to anyone else: a call we cannot follow, a literal or goroutine that
captures it, an assignment, anything but a plain send or receive. While it is the only
holder, a send past the buffer's capacity, or a receive from an empty buffer, has no partner
and none can appear while it waits: it blocks forever.

The walk follows the goroutine's own straight-line statements from the channel's ``make``,
and the package functions and methods it calls with the channel's holder (their statements
inlined, two calls deep). Any statement it does not understand (a branch, a loop, a select,
a return in the middle of a callee, an unresolved callee) ends the walk without a verdict.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node

from gostuck.analysis import facts
from gostuck.analysis.facts import Analyzer, Channel, Goroutine, Op, Use
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

MAX_DEPTH: Final = 2

# Statements that, holding no use of the channel, always pass control to the next one.
_STRAIGHT: Final = frozenset(
    {
        "expression_statement",
        "short_var_declaration",
        "assignment_statement",
        "var_declaration",
        "const_declaration",
        "type_declaration",
        "inc_statement",
        "dec_statement",
        "defer_statement",
        "go_statement",
        "empty_statement",
    }
)


@dataclass(frozen=True, slots=True)
class Overfill:
    """A goroutine blocking on its own channel before anyone else can hold it."""

    goroutine: Goroutine
    channel: Channel
    op: Op  # SEND (the buffer is full) or RECV (it is empty)
    node: Node  # the blocking operation
    path: str  # file of ``node``
    buffered: int  # values in the buffer when it blocks
    certain: bool  # the channel is made on every path through the goroutine


class _End(enum.Enum):
    DONE = "done"  # the statements ran to their end
    UNKNOWN = "unknown"  # the channel was handed on, or the walk cannot tell


@dataclass(slots=True)
class _Walk:
    an: Analyzer
    capacity: int
    count: int = 0  # values in the buffer


def find_overfills(an: Analyzer, go: Goroutine) -> Iterator[Overfill]:
    """Yield where ``go`` blocks on a channel it made while still its only holder."""
    body = go.body
    if body is None or body.has_error:
        return
    g = an.graphs.get(body)
    block = cfgmod.body_of(body)
    if g is None or block is None:
        return
    stmts = cfgmod.statements(block)
    reach = g.reachable()
    for ch in facts.find_channels(body):
        if ch.capacity is None:
            continue
        at = next((i for i, s in enumerate(stmts) if s.id == ch.decl.id), None)
        b = g.block_of(ch.decl)
        if at is None or b is None or b not in reach:
            continue
        walk = _Walk(an, ch.capacity)
        uses = facts.name_uses(block, ch.name)
        found = _walk(walk, stmts[at + 1 :], uses, go.path, 0)
        if isinstance(found, tuple):
            op, node, path = found
            certain = facts.on_every_path(g, b)
            yield Overfill(go, ch, op, node, path, walk.count, certain)
            return


def _walk(
    w: _Walk, stmts: list[Node], uses: list[Use], path: str, depth: int
) -> tuple[Op, Node, str] | _End:
    """Run ``stmts`` in order; return the operation that blocks, or how the walk ended."""
    for s in stmts:
        mine = [u for u in uses if s.start_byte <= u.ident.start_byte < s.end_byte]
        live = [u for u in mine if u.op is not Op.NONE]
        if not live:
            if s.type == "return_statement" and depth > 0 and s.id == stmts[-1].id:
                return _End.DONE  # a callee's closing return: back to the caller
            if s.type not in _STRAIGHT or _aborts(s):
                return _End.UNKNOWN
            continue
        if len(live) != 1 or live[0].in_select:
            return _End.UNKNOWN
        u = live[0]
        if u.op is Op.SEND and u.node.id == s.id:
            if w.count >= w.capacity:
                return Op.SEND, s, path
            w.count += 1
            continue
        if u.op is Op.RECV and _evaluated(u.node, s):
            if w.count == 0:
                return Op.RECV, u.node, path
            w.count -= 1
            continue
        if u.op is Op.CALL and _evaluated(u.node, s):
            if depth >= MAX_DEPTH:
                return _End.UNKNOWN
            sub = _callee(w.an, u)
            if sub is None:
                return _End.UNKNOWN
            func, name, cpath = sub
            cbody = cfgmod.body_of(func)
            if cbody is None:
                return _End.UNKNOWN
            inner = _walk(
                w, cfgmod.statements(cbody), facts.name_uses(cbody, name), cpath, depth + 1
            )
            if inner is not _End.DONE:
                return inner
            continue
        return _End.UNKNOWN
    return _End.DONE


def _aborts(stmt: Node) -> bool:
    """``panic(...)``, ``os.Exit(...)`` and the like: the goroutine ends here."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    return call.type == "call_expression" and cfgmod.is_abort_call(call)


def _evaluated(op: Node, stmt: Node) -> bool:
    """Tell whether running ``stmt`` always evaluates ``op`` (a receive or a call) in it.

    ``stmt`` must be a plain statement (not go or defer, whose calls run elsewhere or later),
    and ``op`` must not sit in a func literal or behind ``&&`` or ``||``.
    """
    if stmt.type not in _STRAIGHT or stmt.type in ("go_statement", "defer_statement"):
        return False
    for a in parse.ancestors(op):
        if a.id == stmt.id:
            return True
        if a.type in parse.FUNCTION_TYPES:
            return False
        if a.type == "binary_expression":
            oper = a.child_by_field_name("operator")
            if oper is None or oper.type in ("&&", "||"):
                return False
    return False


def _callee(an: Analyzer, use: Use) -> tuple[Node, str, str] | None:
    """Return the package function a call hands the channel to, its name there, its file."""
    fn = use.node.child_by_field_name("function")
    bound = facts.call_binding(use, an.index)
    if fn is None or fn.type == "func_literal" or bound is None or bound[0].node.has_error:
        return None
    ref, name = bound
    if fn.type == "selector_expression":
        # The method of the holder's own declared type, never an interface's namesake.
        operand = fn.child_by_field_name("operand")
        typ = facts.operand_type(operand, an.index) if operand is not None else None
        if typ is None or ref.receiver_type != typ:
            return None
    return ref.node, name, ref.path
