"""Receives after a shutdown whose senders are all done before it.

:mod:`gostuck.analysis.partner.race` finds an operation that may come *before* the stop and lose the
server. This is its mirror: the server itself receives once more *after* the stop has fired,
and every send that could answer it is sequenced before what fires the stop:

    go m.Run(stop)   // for { select { case <-stop: <-m.events; return; case e := <-m.events: } }
    m.Publish(e)     // m.events <- e: the only send on the field in the package
    close(stop)

``Publish`` returns only once its send was taken, and it runs before ``close(stop)`` in the
same goroutine; so once the ``stop`` case is chosen, no sender is left and the receive waits
forever. A :class:`LateReceive` is found for a goroutine ``S`` started by ``P`` when:

- ``S`` (or the one function it hands the stop channel to) has a select case ``<-stop`` on a
  channel ``P`` made, and the case body's first channel operation is a plain receive from a
  struct field ``x.f`` (not in a select);
- every use of the field ``f`` in the package is understood: receives, ``len``/``cap``,
  comparisons, and stores of ``make(chan T)`` without a buffer or ``nil``; the field is
  unexported or the package is ``main``;
- every send on or close of ``f`` is either in the serving function, reached only through the
  receive itself, or in a function that only ``P`` runs, by plain calls (no ``go``, no
  ``defer``, no function values), each call in ``P`` unreachable from what fires ``stop``;
- ``P`` alone sends on or closes ``stop``, in its own body, and hands it only to ``S``;
- the values the calls in ``P`` run on are ``P``'s own: locals ``P`` builds (a literal or a
  package constructor), reached through fields the package only ever sets to fresh values,
  so another run of ``P`` cannot send on the channel ``S`` waits on.

Anything not understood gives no finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import deadchan
from gostuck.analysis.flow.deadchan import _declaring_type, _sources
from gostuck.analysis.flow.facts import (
    Analyzer,
    Goroutine,
    Op,
    classify,
    find_channels,
    innermost_function,
    name_uses,
    named_type,
    on_every_path,
    receiver_name,
    resolve_call,
)
from gostuck.analysis.flow.index import PackageIndex, package_name
from gostuck.analysis.partner.race import _descend, _name_in, _stop_operand
from gostuck.analysis.summary.release import fresh_local, fresh_value
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

_MAX_CHAIN: Final = 4  # calls between ``P`` and a send


@dataclass(frozen=True, slots=True)
class LateReceive:
    """A server's receive after the stop fired, when every sender is already done."""

    goroutine: Goroutine  # the server
    node: Node  # the receive
    path: str  # file of ``node`` and ``case``
    channel: str  # the receive's operand, as the serving function writes it
    case: Node  # the ``case <-stop:`` that leads to it
    fires: str  # the owner's name of the stop channel
    trigger: Node  # the owner's close or send on it
    sends: tuple[tuple[str, Node], ...]  # the sends and closes before the stop: (file, node)
    certain: bool


def find_late_receives(an: Analyzer, go: Goroutine) -> Iterator[LateReceive]:
    """Yield the receives ``go`` does after its stop case fired that no sender can answer."""
    parent = go.parent
    body = cfgmod.body_of(parent)
    if body is None or parent.has_error or go.body is None:
        return
    text = parent.text or b""
    if b"close(" not in text and b"<-" not in text:
        return  # nothing there could fire a stop
    for d in find_channels(parent):
        inner = _name_in(go, d.name)
        if inner is None:
            continue
        found = _serving_case(an, go, inner)
        if found is None:
            continue
        func, fpath, case, op = found
        late = _late(an, go, parent, body, d.name, func, fpath, case, op)
        if late is not None:
            yield late


def _serving_case(an: Analyzer, go: Goroutine, name: str) -> tuple[Node, str, Node, Node] | None:
    """Return the function serving ``go``, its file, its ``case <-name:`` and the receive.

    The goroutine's own function, or the one function it hands ``name`` to (twice at most).
    """
    func, path = go.body, go.path
    if func is None:
        return None
    for _ in range(3):
        uses = an.direct_uses(func, name)
        if uses is None:
            return None
        ops = [u for u in uses if u.op not in (Op.DEF, Op.NONE)]
        calls = [u for u in ops if u.op is Op.CALL]
        if calls:
            if len(ops) != 1:
                return None
            step = _descend(an, calls[0], lambda n: n)
            if step is None:
                return None
            func, name, _, path = step
            continue
        for u in ops:
            if u.op is not Op.RECV or not u.in_select:
                continue
            case = u.node.parent
            while case is not None and case.type in ("expression_list", "receive_statement"):
                case = case.parent
            if case is None or case.type != "communication_case":
                continue
            stop = _stop_operand(case)
            if stop is None or stop[1] or stop[0] != name:
                continue
            recv = _first_receive(case)
            if recv is not None:
                return func, path, case, recv
        return None
    return None


def _first_receive(case: Node) -> Node | None:
    """Return the case body's first channel operation when it is a plain receive."""
    comm = case.child_by_field_name("communication")
    for st in case.named_children:
        if (comm is not None and st.id == comm.id) or st.type == "comment":
            continue
        for n in parse.iter_descendants(st):
            if n.type in ("func_literal", "select_statement", "go_statement", "defer_statement"):
                return None
            if n.type == "send_statement":
                return None
            if n.type == "unary_expression":
                op = n.child(0)
                if op is not None and op.type == "<-":
                    return n
        if st.type in ("return_statement", "break_statement", "continue_statement"):
            return None
    return None


def _late(
    an: Analyzer,
    go: Goroutine,
    parent: Node,
    body: Node,
    stop: str,
    func: Node,
    fpath: str,
    case: Node,
    recv: Node,
) -> LateReceive | None:
    received = parse.received_field(recv)
    if received is None:
        return None
    operand, base, fld = received
    index = an.index
    typ = deadchan.expr_type(base, index)
    sends = _field_sends(index, parse.text(fld), typ, operand)
    if sends is None:
        return None
    g = an.graphs.get(func)
    if g is None:
        return None
    rb = g.block_of(recv)
    cb = g.by_node.get(case.id)
    if rb is None or cb is None or rb not in g.reachable(cb):
        return None
    tops: list[Node] = []
    earlier: list[tuple[str, Node]] = []
    for spath, site in sends:
        if spath == fpath and _only_after(g, func, rb, site):
            continue  # the server's own close, once the receive is done
        earlier.append((spath, site))
        got = _callers_in(index, parent, site, _channel_base(site), 0, set())
        if got is None:
            return None
        tops.extend(got)
    triggers = _triggers(an, go, parent, body, stop)
    if not triggers:
        return None
    pg = an.graphs.get(parent)
    if pg is None:
        return None
    for top in tops:
        for t in triggers:
            if not _before(pg, body, top, t):
                return None
    first = min(triggers, key=lambda n: n.start_byte)
    tb = pg.block_of(first)
    sure = tb is not None and on_every_path(pg, tb)
    return LateReceive(
        go, recv, fpath, parse.text(operand), case, stop, first, tuple(earlier), sure
    )


# --------------------------------------------------------------------------- the field


def _field_sends(
    index: PackageIndex, field: str, typ: str | None, own: Node
) -> list[tuple[str, Node]] | None:
    """Return every send on or close of the channel field ``field``: (file, node).

    None when a use could hand the channel to code we cannot follow, when a store gives it a
    buffer (or a value not made there), or when code outside the package could use it.
    ``own`` (the receive's operand) is left out.
    """
    main = package_name(index.source) == "main"
    if not field or (field[0].isupper() and not main):
        return None
    raw = field.encode()
    out: list[tuple[str, Node]] = []
    declared = False
    for path, root in _sources(index):
        src = root.text or b""
        if next(parse.find_word(raw, src), None) is None:
            continue
        for n in parse.iter_descendants(root):
            if n.type == "field_identifier" and n.text == raw and n.parent is not None:
                p = n.parent
                if p.type == "field_declaration":
                    ftype = p.child_by_field_name("type")
                    if typ is not None and _declaring_type(p) not in (typ, None):
                        continue
                    if ftype is None or ftype.type != "channel_type":
                        return None
                    declared = True
                    continue
                if p.type != "selector_expression" or p.id == own.id:
                    continue
                if parse.is_callee(p):
                    continue  # ``x.f()``: a method, never this field
                operand = p.child_by_field_name("operand")
                if typ is not None and operand is not None:
                    t = deadchan.expr_type(operand, index)
                    fields = index.struct_fields(t) if t is not None and t != typ else None
                    if fields is not None and field in fields:
                        continue  # another struct's own field of that name
                use = classify(p)
                if use.op in (Op.RECV, Op.RANGE, Op.NONE):
                    continue
                if use.op in (Op.SEND, Op.CLOSE):
                    out.append((path, use.node))
                    continue
                if use.op is Op.DEF and _stores_unbuffered(p):
                    continue
                return None
            elif n.type == "identifier" and n.text == raw and _is_key(n):
                if typ is not None and _literal_type_of_key(n) not in (typ, None):
                    continue
                if not _key_unbuffered(n):
                    return None
    return out if declared else None


def _is_key(ident: Node) -> bool:
    lit = ident.parent
    keyed = lit.parent if lit is not None else None
    return (
        lit is not None
        and keyed is not None
        and lit.type == "literal_element"
        and keyed.type == "keyed_element"
        and keyed.child_by_field_name("key") == lit
    )


def _literal_type_of_key(ident: Node) -> str | None:
    """``T`` of the literal ``T{f: ...}`` whose key is ``ident``."""
    keyed = ident.parent.parent if ident.parent is not None else None
    body = keyed.parent if keyed is not None else None
    lit = body.parent if body is not None else None
    if lit is None or lit.type != "composite_literal":
        return None
    return named_type(lit.child_by_field_name("type"))


def _unbuffered(v: Node | None) -> bool:
    """``make(chan T)`` or ``nil``."""
    if v is None:
        return False
    if v.type == "nil":
        return True
    if v.type != "call_expression":
        return False
    fn = v.child_by_field_name("function")
    args = v.child_by_field_name("arguments")
    named = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    return (
        fn is not None
        and fn.text == b"make"
        and len(named) == 1
        and named[0].type == "channel_type"
    )


def _key_unbuffered(ident: Node) -> bool:
    keyed = ident.parent.parent if ident.parent is not None else None
    value = keyed.child_by_field_name("value") if keyed is not None else None
    v = value.named_children[0] if value is not None and value.named_children else None
    return _unbuffered(v)


def _stores_unbuffered(sel: Node) -> bool:
    """``x.f = make(chan T)`` (or ``nil``), one value per name."""
    return _unbuffered(_stored(sel))


def _stored(sel: Node) -> Node | None:
    """For ``x.f = v`` (``sel`` is ``x.f``): ``v``; None for any other store."""
    got = parse.assignment_of(sel)
    if got is None or got[0].type != "assignment_statement":
        return None
    stmt, value = got
    op = stmt.child_by_field_name("operator")
    if op is not None and op.type != "=":
        return None
    return value


# --------------------------------------------------------------------------- the senders


def _only_after(g: cfgmod.CFG, func: Node, rb: int, site: Node) -> bool:
    """Tell whether ``site`` in ``func`` runs only once the receive (block ``rb``) is done."""
    if innermost_function(site, func).id != func.id:
        return False
    sb = g.block_of(site)
    if sb is None or sb == rb:
        return False
    seen = {g.entry}
    todo = [g.entry]
    while todo:
        b = todo.pop()
        if b == sb:
            return False
        for s in g.blocks[b].succs:
            if s != rb and s not in seen:
                seen.add(s)
                todo.append(s)
    return True


def _channel_base(site: Node) -> Node | None:
    """``x`` of the channel ``x.f`` that the send or close ``site`` writes to."""
    if site.type == "send_statement":
        ch = site.child_by_field_name("channel")
    else:
        args = site.child_by_field_name("arguments")
        ch = args.named_children[0] if args is not None and args.named_children else None
    while ch is not None and ch.type == "parenthesized_expression" and ch.named_children:
        ch = ch.named_children[0]
    if ch is None or ch.type != "selector_expression":
        return None
    return ch.child_by_field_name("operand")


def _callers_in(
    index: PackageIndex,
    parent: Node,
    site: Node,
    base: Node | None,
    depth: int,
    seen: set[int],
) -> list[Node] | None:
    """Return the calls in ``parent``'s own body through which ``site`` runs.

    ``site`` is in ``parent`` itself, or in a package method every reference to which is a
    plain call (no ``go``, no ``defer``, not a value) from such a function. ``base`` is the
    value ``site`` acts on (``m`` of ``m.events <- e``, ``c.mon`` of ``c.mon.Publish()``): the
    method's receiver, or in ``parent`` a local it builds, through fields only ever set to
    fresh values; so each run of ``parent`` reaches a channel of its own. None otherwise.
    """
    func = parse.enclosing_function(site)
    if func is None or base is None or not _rooted(index, func, parent, base):
        return None
    if func.id == parent.id:
        return [site]
    if func.type == "func_literal" or depth >= _MAX_CHAIN or func.id in seen:
        return None
    name = func.child_by_field_name("name")
    if name is None:
        return None
    fname = parse.text(name)
    if fname[0].isupper() and package_name(index.source) != "main":
        return None
    seen = seen | {func.id}
    out: list[Node] = []
    raw = fname.encode()
    for _path, root in _sources(index):
        src = root.text or b""
        if next(parse.find_word(raw, src), None) is None:
            continue
        for n in parse.iter_descendants(root):
            if n.type not in ("identifier", "field_identifier") or n.text != raw:
                continue
            p = n.parent
            if p is None or p.id == func.id or p.type == "method_elem":
                continue
            if p.type in ("function_declaration", "method_declaration"):
                continue  # another declaration of that name
            call = p if p.type == "call_expression" else p.parent
            fn_node = n if p.type == "call_expression" else p
            if p.type == "selector_expression" and p.child_by_field_name("field") != n:
                return None  # ``name.x``: a value of that name
            if call is None or call.type != "call_expression":
                return None  # a method or function value
            if call.child_by_field_name("function") != fn_node:
                return None
            ref = resolve_call(fn_node, index)
            if ref is not None and ref.node.id != func.id:
                continue  # certainly another function
            up = call.parent
            if up is not None and up.type in ("go_statement", "defer_statement"):
                return None
            if fn_node.type != "selector_expression":
                return None  # a function, not a method: its receiver is not ours
            operand = fn_node.child_by_field_name("operand")
            got = _callers_in(index, parent, call, operand, depth + 1, seen)
            if got is None:
                return None
            out.extend(got)
    return out


def _triggers(
    an: Analyzer, go: Goroutine, parent: Node, body: Node, stop: str
) -> list[Node] | None:
    """Return the owner's closes of and sends on ``stop``; None when others may fire it."""
    out: list[Node] = []
    for u in name_uses(body, stop):
        owner = innermost_function(u.ident, parent)
        if owner.id != parent.id:
            in_server = go.is_literal and go.body is not None and owner.id == go.body.id
            if in_server and u.op is Op.RECV:
                continue
            return None
        if u.op in (Op.DEF, Op.NONE, Op.RECV):
            continue
        if u.op is Op.CALL and u.node.id == go.call.id:
            continue
        if u.op in (Op.SEND, Op.CLOSE):
            out.append(u.node)
            continue
        return None
    return out


def _before(g: cfgmod.CFG, body: Node, top: Node, trigger: Node) -> bool:
    """Tell whether the owner's call ``top`` can only run before ``trigger``."""
    if _in_defer(top, body):
        return False
    if _in_defer(trigger, body):
        return True
    tb = g.block_of(trigger)
    cb = g.block_of(top)
    if tb is None or cb is None:
        return False
    after = _reachable_after(g, tb)
    if cb in after:
        return False
    return cb != tb or top.end_byte <= trigger.start_byte


def _reachable_after(g: cfgmod.CFG, b: int) -> set[int]:
    """Return the blocks reachable from ``b`` by one edge at least."""
    seen: set[int] = set()
    todo = list(g.blocks[b].succs)
    while todo:
        x = todo.pop()
        if x in seen:
            continue
        seen.add(x)
        todo.extend(g.blocks[x].succs)
    return seen


def _in_defer(node: Node, body: Node) -> bool:
    for a in parse.ancestors(node):
        if a.type == "defer_statement":
            return True
        if a.id == body.id:
            return False
    return False


# --------------------------------------------------------------------------- instances


def _rooted(index: PackageIndex, func: Node, parent: Node, base: Node) -> bool:
    """Tell whether ``base`` in ``func`` is ``func``'s receiver (or ``parent``'s own local).

    Through fields the package only ever sets to fresh values: ``c.mon`` where every store
    of ``mon`` is a literal or a constructor's result.
    """
    while base.type == "parenthesized_expression" and base.named_children:
        base = base.named_children[0]
    while base.type == "selector_expression":
        fld = base.child_by_field_name("field")
        inner = base.child_by_field_name("operand")
        if fld is None or inner is None:
            return False
        if not _fresh_field(index, parse.text(fld), deadchan.expr_type(inner, index)):
            return False
        base = inner
    if base.type != "identifier":
        return False
    if func.id == parent.id:
        return fresh_local(index, parent, base)
    return func.type == "method_declaration" and receiver_name(func) == parse.text(base)


def _fresh_field(index: PackageIndex, field: str, typ: str | None) -> bool:
    """Tell whether every value the package stores in a field ``field`` is built there.

    With ``typ``, the struct declaring it: stores into another struct type's field of that
    name do not count.
    """
    if field[0].isupper() and package_name(index.source) != "main":
        return False
    raw = field.encode()
    for _path, root in _sources(index):
        src = root.text or b""
        if next(parse.find_word(raw, src), None) is None:
            continue
        for n in parse.iter_descendants(root):
            if n.text != raw:
                continue
            if n.type == "identifier" and _is_key(n):
                keyed = n.parent.parent if n.parent is not None else None
                if typ is not None and _literal_type_of_key(n) not in (typ, None):
                    continue
                value = keyed.child_by_field_name("value") if keyed is not None else None
                v = value.named_children[0] if value is not None and value.named_children else None
                if v is None or not fresh_value(index, v, 0):
                    return False
            elif n.type == "field_identifier" and n.parent is not None:
                p = n.parent
                if p.type != "selector_expression" or p.child_by_field_name("field") != n:
                    continue
                operand = p.child_by_field_name("operand")
                if typ is not None and operand is not None:
                    t = deadchan.expr_type(operand, index)
                    if t is not None and t != typ:
                        continue
                up = p.parent
                if up is not None and up.type == "unary_expression":
                    op = up.child(0)
                    if op is not None and op.type == "&":
                        return False  # its address: stored through a pointer
                if up is not None and up.type == "expression_list":
                    stmt = up.parent
                    if stmt is not None and stmt.child_by_field_name("left") == up:
                        v = _stored(p)
                        if v is None or not fresh_value(index, v, 0):
                            return False
    return True
