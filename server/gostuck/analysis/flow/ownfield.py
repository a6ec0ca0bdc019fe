"""Goroutines that wait on a struct field channel only their own deferred close can close.

``func (c *conn) loop() { defer close(c.stopped); ... c.Close() ... }`` where ``Close``
waits ``<-c.stopped``: the goroutine running ``loop`` reaches a receive on the very channel
it closes only once it returns. If nothing else in the package sends on or closes the field
(every other use receives, compares, or assigns ``make(...)``), that receive never completes.

The receive must be on the goroutine's own receiver, not merely on a field of the same name:
the search follows the receiver through method calls (``c.flush()``), and through a func
field of another value that every write in the package sets to a method value of this very
receiver, a back-reference: ``m := &model{}; c := &conn{peer: m}; m.onClose = c.Close``
makes ``c.peer.onClose()`` (called as ``t.onClose()`` in a method of ``model``) run
``c.Close`` on the same ``c``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import facts, funcvals
from gostuck.analysis.flow.deadchan import DeadChannels, _in_select, closed_selector
from gostuck.analysis.flow.facts import Analyzer, Channel, Goroutine, Op, SelfBlock
from gostuck.analysis.flow.index import FuncRef
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

MAX_DEPTH: Final = 4


@dataclass(frozen=True, slots=True)
class _Self:
    """How a function knows the goroutine's receiver: by name, or as ``recv.field``."""

    name: str = ""  # a name that is the receiver itself
    via: tuple[str, str] | None = None  # (name, field): ``name`` is the receiver's ``field``
    via_type: str = ""  # the type of the method that knows it as ``name``


def find_own_field_waits(an: Analyzer, go: Goroutine, dead: DeadChannels) -> Iterator[SelfBlock]:
    """Yield where the method goroutine ``go`` waits on a field only its deferred close closes."""
    body = go.body
    if body is None or body.type != "method_declaration" or body.has_error:
        return
    recv = facts.receiver_name(body)
    typ = _receiver_type(body)
    block = cfgmod.body_of(body)
    if not recv or typ is None or block is None or b"close" not in (block.text or b""):
        return
    for close, fld in _deferred_closes(body, recv):
        if not _only_closer(dead, fld, typ, close):
            continue
        found = _search(an, body, go.path, _Self(recv), fld, typ, 0, set())
        if found is None:
            continue
        node, path = found
        ch = Channel(f"{recv}.{fld}", close, close, None)
        yield SelfBlock(go, ch, Op.RECV, node, False, path, own_close=close)
        return


def _receiver_type(method: Node) -> str | None:
    from gostuck.analysis.flow.index import receiver_type_name

    return receiver_type_name(method)


def _deferred_closes(func: Node, recv: str) -> list[tuple[Node, str]]:
    """Return ``defer close(recv.f)`` statements directly in ``func``: (the call, ``f``)."""
    out: list[tuple[Node, str]] = []
    for call, _fn in cfgmod.deferred_calls(func):
        sel = closed_selector(call)
        if sel is None:
            continue
        operand = sel.child_by_field_name("operand")
        f = sel.child_by_field_name("field")
        if operand is not None and f is not None and operand.text == recv.encode():
            out.append((call, parse.text(f)))
    return out


def _only_closer(dead: DeadChannels, field: str, typ: str, close: Node) -> bool:
    """Tell whether ``close`` is the only use of the field that can send on or close it."""
    if not typ:
        return False
    args = close.child_by_field_name("arguments")
    allowed = args.named_children[0].id if args is not None and args.named_children else -1
    return dead.no_writer(field, typ, allowed=allowed)


def _search(
    an: Analyzer,
    func: Node,
    path: str,
    me: _Self,
    field: str,
    typ: str,
    depth: int,
    seen: set[int],
) -> tuple[Node, str] | None:
    """Find a plain receive on the receiver's ``field`` that ``func`` can reach."""
    if depth > MAX_DEPTH or func.id in seen:
        return None
    seen.add(func.id)
    g = an.graphs.get(func)
    block = cfgmod.body_of(func)
    if g is None or block is None:
        return None
    reach = g.reachable()
    nodes = sorted(_own_nodes(an, func, block), key=lambda n: n.start_byte)
    for n in nodes:
        b = g.block_of(n)
        if b is None or b not in reach:
            continue
        if n.type == "unary_expression":
            operand = n.child_by_field_name("operand")
            if operand is None or operand.type != "selector_expression" or _in_select(n):
                continue
            base = operand.child_by_field_name("operand")
            f = operand.child_by_field_name("field")
            if f is not None and f.text == field.encode() and _is_me(base, me):
                return n, path
            continue
        found = _follow_call(an, n, me, typ)
        if found is None:
            continue
        ref, sub = found
        got = _search(an, ref.node, ref.path, sub, field, typ, depth + 1, seen)
        if got is not None:
            return got
    return None


def _own_nodes(an: Analyzer, func: Node, block: Node) -> list[Node]:
    """Receives and calls that ``func`` itself evaluates (literals run on the spot included)."""
    out: list[Node] = []
    for n in parse.iter_descendants(block):
        if n.type not in ("unary_expression", "call_expression"):
            continue
        if n.type == "unary_expression":
            op = n.child(0)
            if op is None or op.type != "<-":
                continue
        owner = facts.innermost_function(n, func)
        if owner.id != func.id and not an.runs_inline(owner, func):
            continue
        out.append(n)
    return out


def _is_me(expr: Node | None, me: _Self) -> bool:
    return (
        expr is not None
        and expr.type == "identifier"
        and bool(me.name)
        and (expr.text == me.name.encode())
    )


def _follow_call(an: Analyzer, call: Node, me: _Self, typ: str) -> tuple[FuncRef, _Self] | None:
    """Return the callee of ``call`` and how it knows the receiver, when it is passed on."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    fld = fn.child_by_field_name("field")
    if operand is None or fld is None:
        return None
    if _is_me(operand, me):
        ref = facts.resolve_call(fn, an.index)  # ``c.flush()``: a method of ours
        if ref is None or ref.node.type != "method_declaration" or ref.receiver_type != typ:
            return None
        recv = facts.receiver_name(ref.node)
        return (ref, _Self(recv)) if recv else None
    if operand.type == "selector_expression":
        # ``c.peer.Notify()``: a method of the value in the receiver's field ``peer``.
        base = operand.child_by_field_name("operand")
        peer = operand.child_by_field_name("field")
        if not _is_me(base, me) or peer is None:
            return None
        ref = facts.resolve_call(fn, an.index)
        if ref is None or ref.node.type != "method_declaration":
            return None
        recv = facts.receiver_name(ref.node)
        peer_type = ref.receiver_type or ""
        return (ref, _Self("", (recv, parse.text(peer)), peer_type)) if recv else None
    if me.via is not None and operand.type == "identifier" and operand.text == me.via[0].encode():
        # ``t.onClose()`` in a method of the peer: a func field set to a method value.
        return _back_reference(an, fn, me.via[1], me.via_type, typ)
    return None


def _back_reference(
    an: Analyzer, fn: Node, peer: str, peer_type: str, typ: str
) -> tuple[FuncRef, _Self] | None:
    """For ``t.h()`` with ``t`` the receiver's ``peer``: ``c.M`` when ``h`` is always ``c.M``.

    Every write of ``h`` in the package must be ``m.h = c.M`` and every write of ``peer``
    ``c := &T{peer: m}`` (or ``c.peer = m``), in one function, neither in a loop, with ``m``
    and ``c`` bound once there: then the ``c`` whose ``peer`` is ``m`` is the one whose ``M``
    the field holds.
    """
    h = fn.child_by_field_name("field")
    if h is None:
        return None
    hs = list(funcvals._field_writes(parse.text(h), an.index, peer_type or None))
    ps = list(funcvals._field_writes(peer, an.index, typ))
    if len(hs) != 1 or len(ps) != 1 or hs[0] is None or ps[0] is None:
        return None
    value, m_node = hs[0], ps[0]
    if value.type != "selector_expression" or m_node.type != "identifier":
        return None
    c = value.child_by_field_name("operand")
    method = value.child_by_field_name("field")
    if c is None or method is None or c.type != "identifier":
        return None
    func = parse.enclosing_function(value)
    if func is None or parse.enclosing_function(m_node) != func:
        return None
    if facts.in_loop(value, func) or facts.in_loop(m_node, func):
        return None
    # m.h = c.M: the assigned object is the same ``m``.
    stmt = value.parent.parent if value.parent is not None else None
    left = stmt.child_by_field_name("left") if stmt is not None else None
    target = left.named_children[0] if left is not None and len(left.named_children) == 1 else None
    t_base = target.child_by_field_name("operand") if target is not None else None
    if t_base is None or t_base.text != m_node.text:
        return None
    # c := &T{peer: m}: the literal holding ``m`` is what ``c`` is bound to.
    lit = _literal_of(m_node)
    if lit is None or facts._value_type(lit, an.index) != typ or not _binds(func, c, lit):
        return None
    for name in (c, t_base):
        kind, owner, _ = funcvals.binding(name)
        if kind != "local" or owner != func:
            return None
    ref = facts.resolve_call(value, an.index)
    if ref is None or ref.node.type != "method_declaration" or ref.receiver_type != typ:
        return None
    recv = facts.receiver_name(ref.node)
    return (ref, _Self(recv)) if recv else None


def _literal_of(value: Node) -> Node | None:
    """Return ``&T{...}`` (or ``T{...}``) whose keyed element has the value ``value``."""
    n: Node | None = value
    for _ in range(5):
        n = n.parent if n is not None else None
        if n is None:
            return None
        if n.type == "composite_literal":
            p = n.parent
            if p is not None and p.type == "unary_expression":
                return p
            return n
    return None


def _binds(func: Node, name: Node, lit: Node) -> bool:
    """Tell whether ``name := lit`` is how ``func`` binds ``name``."""
    p = lit.parent
    decl = p.parent if p is not None else None
    if p is None or decl is None or p.type != "expression_list":
        return False
    if decl.type != "short_var_declaration" or decl.child_by_field_name("right") != p:
        return False
    left = decl.child_by_field_name("left")
    names = left.named_children if left is not None else []
    return len(names) == 1 and names[0].text == name.text and parse.enclosing_function(decl) == func
