"""Subscribers that stop reading while a publisher still sends to each of them.

    func NewHub() *Hub { h := &Hub{...}; go h.run(); return h }
    func (h *Hub) run() {
        for line := range h.in {
            for _, ch := range h.subs { ch <- line }     // every subscriber, in turn
        }
    }
    func (h *Hub) Subscribe(n int) (<-chan string, func()) {
        ch := make(chan string, n); h.subs[id] = ch
        return ch, func() { delete(h.subs, id); close(ch) }
    }

    lines, unsubscribe := hub.Subscribe(8)
    for l := range lines {
        if match(l) { return }                          // stops reading, still subscribed
    }
    unsubscribe()

A publisher is a goroutine running a method of the holder ``H`` that, in a loop, ranges
over the subscribers ``H`` keeps and sends to each: on the value itself (a map or slice
field of channels), or on a channel field of it (a slice or map of ``*T``, or a method of
``H`` returning one), a plain send or a select whose other cases wait only on fields of
the same value (its own ``done``). A subscriber is what a method of ``H`` registers and
returns: a channel it makes and stores in that field, or a ``*T`` it makes and stores
anywhere in the holder, the channel the publisher sends on being one of its fields (or
another field the literal sets to the same channel, ``&Sub{C: c, c: c}``).

A caller of that method that ranges over the channel it gets and can leave the range before
the channel is closed (``return`` or ``break``: :func:`summaries.leaves_range`), without
letting go of the subscription on that way out (a deferred call on it, a call of what it
returned, a method of it, or handing it to anyone at all), stops reading while it is
still registered. The next sends to it fill its buffer, and then the publisher blocks on
it for good, and with it every other subscriber. Reported at the publisher's ``go``
statement, with the send and the subscriber's way out as related locations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gostuck.analysis.flow import facts, module
from gostuck.analysis.flow.index import PackageIndex, methods_of, receiver_type_name
from gostuck.analysis.summary import summaries
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse


@dataclass(frozen=True, slots=True)
class Abandoned:
    """A subscriber that can stop reading a channel a publisher goroutine sends to."""

    go: Node  # the publisher's go statement
    send: Node  # the send (or the select holding it) to each subscriber
    channel: str  # what the publisher sends on, as it names it (``ch``, ``s.c``)
    subscribe: Node  # the holder's method that registers a subscriber
    call: Node  # a caller's call of it
    call_path: str
    consumer: Node  # the function (or literal) whose range stops
    stop: Node  # where it leaves the range


@dataclass(frozen=True, slots=True)
class _Fanout:
    send: Node  # the send statement, or the select around it
    channel: str
    field: str  # the holder's field of channels ("" for a registry of objects)
    elem: str  # the objects' struct type ("" for a registry of channels)
    sent_field: str  # the object's field sent on


def abandoned(index: PackageIndex, go: Node, path: str) -> list[Abandoned]:
    """Return the subscribers that can stop reading what the goroutine ``go`` sends them."""
    key = ("fanout.abandoned", go.id)
    got = index.memo.get(key)
    if isinstance(got, list):
        return got
    out = list(_abandoned(index, go, path))
    index.memo[key] = out
    return out


def _abandoned(index: PackageIndex, go: Node, path: str) -> Iterator[Abandoned]:
    g = facts.goroutine_of(go, path, index)
    if g is None or g.body is None or g.body.type != "method_declaration" or g.body.has_error:
        return
    holder = receiver_type_name(g.body)
    recv = facts.receiver_name(g.body)
    if not holder or not recv:
        return
    for fan in _fanouts(index, g.body, recv, holder):
        for sub, result, aliases in _subscribes(index, holder, fan):
            for call, cpath, cindex in _calls(sub, index):
                found = _stops_reading(call, cindex, result, aliases, fan)
                if found is not None:
                    consumer, stop = found
                    yield Abandoned(go, fan.send, fan.channel, sub, call, cpath, consumer, stop)
                    return  # one subscriber is enough to say it


def _fanouts(index: PackageIndex, body: Node, recv: str, holder: str) -> Iterator[_Fanout]:
    """Yield the sends, inside a loop, to every value of a registry the holder keeps."""
    fields = index.struct_fields(holder) or {}
    for clause in parse.iter_descendants(body):
        if clause.type != "range_clause" or clause.parent is None:
            continue
        loop = clause.parent
        if facts.innermost_function(loop, body).id != body.id:
            continue
        if facts.innermost_loop(loop, body) is None:
            continue  # sends once per subscriber, not for as long as it runs
        right, left = clause.child_by_field_name("right"), clause.child_by_field_name("left")
        names = left.named_children if left is not None else []
        value = names[1] if len(names) == 2 else None
        if right is None or value is None or value.type != "identifier":
            continue
        field, elem = _registry(index, right, recv, holder, fields)
        if not field and not elem:
            continue
        loop_body = loop.child_by_field_name("body")
        for send in parse.iter_descendants(loop_body) if loop_body is not None else []:
            if send.type != "send_statement":
                continue
            ch = send.child_by_field_name("channel")
            if ch is None:
                continue
            sent_field = ""
            if field:
                if ch.type != "identifier" or ch.text != value.text:
                    continue
            else:
                operand = (
                    ch.child_by_field_name("operand") if ch.type == "selector_expression" else None
                )
                fld = ch.child_by_field_name("field") if operand is not None else None
                if operand is None or fld is None or operand.text != value.text:
                    continue
                sent_field = parse.text(fld)
            at = _blocking(send, value.text or b"")
            if at is not None:
                yield _Fanout(at, parse.text(ch), field, elem, sent_field)


def _registry(
    index: PackageIndex, right: Node, recv: str, holder: str, fields: dict[str, Node]
) -> tuple[str, str]:
    """(field of channels, "") or ("", element struct type) for what the range goes over."""
    t: Node | None = None
    if right.type == "selector_expression":
        operand, fld = right.child_by_field_name("operand"), right.child_by_field_name("field")
        if operand is not None and fld is not None and operand.text == recv.encode():
            t = fields.get(parse.text(fld))
            if t is not None and _elem(t) is not None and _elem(t).type == "channel_type":  # type: ignore[union-attr]
                return parse.text(fld), ""
    elif right.type == "call_expression":
        fn = right.child_by_field_name("function")
        operand = (
            fn.child_by_field_name("operand")
            if fn is not None and fn.type == "selector_expression"
            else None
        )
        mname = fn.child_by_field_name("field") if operand is not None and fn is not None else None
        if operand is not None and mname is not None and operand.text == recv.encode():
            ref = index.method(parse.text(mname), holder)
            res = ref.node.child_by_field_name("result") if ref is not None else None
            if res is not None and res.type != "parameter_list":
                t = res
    e = _elem(t) if t is not None else None
    while e is not None and e.type == "pointer_type":
        e = e.named_children[0] if e.named_children else None
    if e is not None and e.type == "type_identifier" and index.struct_fields(parse.text(e)):
        return "", parse.text(e)
    return "", ""


def _elem(t: Node) -> Node | None:
    if t.type == "map_type":
        return t.child_by_field_name("value")
    if t.type in ("slice_type", "array_type"):
        return t.child_by_field_name("element")
    return None


def _blocking(send: Node, value: bytes) -> Node | None:
    """Return the send, or its select when every other case waits on a field of ``value``."""
    case = send.parent
    if case is None or case.type != "communication_case":
        return send
    sel = case.parent
    if sel is None or sel.type != "select_statement":
        return None
    for other in sel.named_children:
        if other.type == "default_case":
            return None
        if other.type != "communication_case" or other.id == case.id:
            continue
        comm = other.child_by_field_name("communication")
        recv = _received(comm) if comm is not None else None
        operand = (
            recv.child_by_field_name("operand")
            if recv is not None and recv.type == "selector_expression"
            else None
        )
        if operand is None or operand.text != value:
            return None  # another way on: a timeout, the hub's own shutdown
    return sel


def _received(comm: Node) -> Node | None:
    """Return the channel a case receives from (``<-x``, ``v := <-x``, ``v, ok = <-x``)."""
    n = comm
    if n.type in ("receive_statement", "short_var_declaration", "assignment_statement"):
        right = n.child_by_field_name("right")
        n = right if right is not None else n
        if n.type == "expression_list" and n.named_children:
            n = n.named_children[0]
    if n.type == "expression_statement" and n.named_children:
        n = n.named_children[0]
    if n.type == "unary_expression" and n.children and n.children[0].type == "<-":
        return n.child_by_field_name("operand")
    return None


def _subscribes(
    index: PackageIndex, holder: str, fan: _Fanout
) -> Iterator[tuple[Node, int, frozenset[str]]]:
    """Methods of the holder that register a subscriber and return it: (method, result, fields).

    The fields are the subscriber object's fields that hold the channel the publisher sends
    on (empty for a registry of channels: the result is the channel).
    """
    for m in _methods(index, holder):
        recv = facts.receiver_name(m)
        body = cfgmod.body_of(m)
        if not recv or body is None or m.has_error:
            continue
        made = _made_locals(body, m, fan)
        for local, aliases in made:
            if not _registered(body, recv, local, fan):
                continue
            result = _returned_at(body, m, local)
            if result is not None:
                yield m, result, aliases


def _methods(index: PackageIndex, holder: str) -> Iterator[Node]:
    return (m for _, m in methods_of(index.files(), holder))


def _made_locals(body: Node, func: Node, fan: _Fanout) -> list[tuple[str, frozenset[str]]]:
    """Locals made here: a channel (``ch := make(chan T, n)``), or ``s := &T{...}``."""
    out: list[tuple[str, frozenset[str]]] = []
    for st in parse.iter_descendants(body):
        if st.type != "short_var_declaration" or facts.innermost_function(st, func).id != func.id:
            continue
        pair = parse.single_pair(st)
        if pair is None or pair[0].type != "identifier":
            continue
        name, value = pair
        if fan.field:
            if summaries.is_chan_make(value):
                out.append((parse.text(name), frozenset()))
            continue
        lit = value.named_children[-1] if value.type == "unary_expression" else value
        t = lit.child_by_field_name("type") if lit.type == "composite_literal" else None
        if t is None or parse.text(t) != fan.elem:
            continue
        out.append((parse.text(name), _aliases(lit, fan.sent_field)))
    return out


def _aliases(lit: Node, field: str) -> frozenset[str]:
    """Return the literal's fields set to the same local as ``field`` (``C: c, c: c``)."""
    keyed: dict[str, bytes] = {}
    body = lit.child_by_field_name("body")
    for el in body.named_children if body is not None else []:
        if el.type != "keyed_element" or len(el.named_children) != 2:
            continue
        k, v = el.named_children
        k = k.named_children[0] if k.named_children else k
        v = v.named_children[0] if v.named_children else v
        if v.type == "identifier":
            keyed[parse.text(k)] = v.text or b""
    same = keyed.get(field)
    if same is None:
        return frozenset({field})
    return frozenset(k for k, v in keyed.items() if v == same)


def _registered(body: Node, recv: str, local: str, fan: _Fanout) -> bool:
    """Tell whether the method stores ``local`` in its receiver (in the fan-out's field)."""
    want_recv, want = recv.encode(), local.encode()
    for st in parse.iter_descendants(body):
        if st.type != "assignment_statement":
            continue
        left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
        if left is None or right is None or len(left.named_children) != 1:
            continue
        target = left.named_children[0]
        root = target
        while root.type in ("index_expression", "selector_expression"):
            nxt = root.child_by_field_name("operand")
            if nxt is None:
                break
            if nxt.type == "identifier":
                break
            root = nxt
        base = root.child_by_field_name("operand")
        if base is None or base.text != want_recv:
            continue
        fld = root.child_by_field_name("field")
        if fan.field and (fld is None or parse.text(fld) != fan.field):
            continue
        mentions = any(
            n.type == "identifier" and n.text == want
            for part in (target, right)
            for n in parse.iter_descendants(part)
        )
        if mentions:
            return True
    return False


def _returned_at(body: Node, func: Node, local: str) -> int | None:
    """Return the one result position every return of ``func`` gives ``local`` at."""
    at: int | None = None
    for r in parse.iter_descendants(body):
        if r.type != "return_statement" or facts.innermost_function(r, func).id != func.id:
            continue
        vals = next((c for c in r.named_children if c.type == "expression_list"), None)
        got = [
            i for i, v in enumerate(vals.named_children if vals else []) if v.text == local.encode()
        ]
        if len(got) != 1 or at not in (None, got[0]):
            return None
        at = got[0]
    return at


def _calls(sub: Node, index: PackageIndex) -> Iterator[tuple[Node, str, PackageIndex]]:
    from gostuck.analysis.flow import funcvals

    for call in summaries.call_sites(sub, index):
        yield call, funcvals.path_of(call, index), index
    yield from module.calls_from_importers(sub, index.path, index.memo)


def _stops_reading(
    call: Node, index: PackageIndex, result: int, aliases: frozenset[str], fan: _Fanout
) -> tuple[Node, Node] | None:
    """Return the function whose range over the subscriber's channel stops, and where."""
    caller = parse.enclosing_function(call)
    st = call.parent.parent if call.parent is not None else None
    if caller is None or caller.has_error or st is None or st.type != "short_var_declaration":
        return None
    left = st.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if result >= len(names) or names[result].type != "identifier":
        return None
    sub = names[result]
    others = [
        n for i, n in enumerate(names) if i != result and n.type == "identifier" and n.text != b"_"
    ]
    body = cfgmod.body_of(caller)
    if body is None:
        return None
    loops: list[Node] = []
    uses: list[Node] = []
    for n in parse.iter_descendants(body):
        if (
            n.type != "identifier"
            or n.id == sub.id
            or n.text not in {sub.text, *(o.text for o in others)}
        ):
            continue
        if n.start_byte < st.end_byte:
            continue
        ranged = _ranged(n, aliases, fan)
        if ranged is not None and n.text == sub.text:
            loops.append(ranged)
        else:
            uses.append(n)
    if len(loops) != 1:
        return None
    loop = loops[0]
    fn = facts.innermost_function(loop, caller)
    stop = summaries.leaves_range(fn, loop)
    if stop is None:
        return None
    if any(not _release_after(u, fn, loop) for u in uses):
        return None  # handed on, deferred, or released where we cannot follow: unknown
    if _released_on_way_out(
        fn, stop, [u for u in uses if facts.innermost_function(u, caller).id == fn.id]
    ):
        return None
    return fn, stop


def _ranged(ident: Node, aliases: frozenset[str], fan: _Fanout) -> Node | None:
    """Return the range loop whose channel is ``ident`` (or ``ident.C``, ``C`` an alias)."""
    n = ident
    if not fan.field:
        p = ident.parent
        if (
            p is None
            or p.type != "selector_expression"
            or p.child_by_field_name("operand") != ident
        ):
            return None
        fld = p.child_by_field_name("field")
        if fld is None or parse.text(fld) not in aliases:
            return None
        n = p
    clause = n.parent
    if clause is None or clause.type != "range_clause" or clause.child_by_field_name("right") != n:
        return None
    return clause.parent


def _release_after(use: Node, fn: Node, loop: Node) -> bool:
    """Tell whether a use of the subscription is a plain call in ``fn`` after the loop.

    ``unsubscribe()`` or ``sub.Unsubscribe()`` as a statement of ``fn`` itself, after the
    range: a release the way out may skip. Anything else (a deferred call, a use in another
    literal, the subscription handed to a call, stored or returned) is not followed.
    """
    if facts.innermost_function(use, fn).id != fn.id or use.start_byte < loop.end_byte:
        return False
    p = use.parent
    if (
        p is not None
        and p.type == "selector_expression"
        and p.child_by_field_name("operand") == use
    ):
        p = p.parent
    if p is None or p.type != "call_expression":
        return False
    return p.parent is not None and p.parent.type == "expression_statement"


def _released_on_way_out(fn: Node, stop: Node, releases: list[Node]) -> bool:
    """Tell whether every path from ``stop`` to ``fn``'s return passes a release."""
    g = summaries.graph_or_none(fn)
    if g is None:
        return True
    start = g.block_of(stop)
    if start is None:
        return True
    blocks = {b for r in releases if (b := g.block_of(r)) is not None}
    if len(blocks) != len(releases):
        return True
    cut = g.without_edges_into(blocks)
    return g.exit not in cut.reachable(start)


@dataclass(frozen=True, slots=True)
class Stranded:
    """A subscriber left waiting for a close that only a blocked publisher would make."""

    go: Node  # the subscriber's go statement
    loop: Node  # its range over the subscription
    name: str  # the channel's name there
    publisher: Abandoned  # the publisher, and the subscriber that blocks it


def stranded(index: PackageIndex, go: Node, path: str) -> Stranded | None:
    """Return how the goroutine ``go``, ranging over a subscription, waits for ever.

        lines, _ := hub.Subscribe(64)
        go func() { for l := range lines { archive(l) } }()   // ends when lines is closed

    The literal ranges over a channel a subscribe method of ``H`` returned (the caller's
    binding, captured), to its end. The package closes the values of ``H``'s registry only
    in the release that method returns (the subscriber never uses it) and in the
    publisher's own method after its publishing loop. When another subscriber abandons the
    publisher (:func:`abandoned`), the publisher never leaves that loop: no close ever
    comes, and this goroutine waits in its range for good.
    """
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    lit = call.child_by_field_name("function") if call is not None else None
    parent = parse.enclosing_function(go)
    body = cfgmod.body_of(parent) if parent is not None else None
    if lit is None or lit.type != "func_literal" or parent is None or body is None:
        return None
    subs: dict[bytes, tuple[Node, str] | None] = {}
    for clause in parse.iter_descendants(lit):
        if clause.type != "range_clause" or clause.parent is None:
            continue
        right = clause.child_by_field_name("right")
        if right is None or right.type != "identifier" or right.text is None:
            continue
        # One look per name (a literal may range over the same name many times).
        if right.text not in subs:
            subs[right.text] = _subscription(index, body, parent, right, go)
        got = subs[right.text]
        if got is None:
            continue
        if facts.innermost_function(clause, lit).id != lit.id:
            continue
        if summaries.leaves_range(lit, clause.parent) is not None:
            continue  # it can stop early itself: the other question
        sub, holder = got
        for pub in _publishers(index, holder):
            for a in abandoned(index, pub, index.path):
                if a.subscribe.id == sub.id and _closed_only_late(index, holder, a):
                    return Stranded(go, clause.parent, parse.text(right), a)
    return None


def _subscription(
    index: PackageIndex, body: Node, func: Node, name: Node, go: Node
) -> tuple[Node, str] | None:
    """``name, _ := h.Subscribe(...)`` (its release dropped): the method and its holder."""
    want = name.text
    decl: Node | None = None
    for st in parse.iter_descendants(body):
        if st.type != "short_var_declaration" or facts.innermost_function(st, func).id != func.id:
            continue
        left = st.child_by_field_name("left")
        if left is not None and any(c.text == want for c in left.named_children):
            if decl is not None:
                return None
            decl = st
    if decl is None:
        return None
    left, right = decl.child_by_field_name("left"), decl.child_by_field_name("right")
    vals = right.named_children if right is not None else []
    if left is None or len(vals) != 1 or vals[0].type != "call_expression":
        return None
    others = [c for c in left.named_children if c.text != want]
    if any(c.text != b"_" for c in others):
        return None  # the release is kept: the subscriber may call it
    fn = vals[0].child_by_field_name("function")
    ref = facts.resolve_call(fn, index) if fn is not None else None
    if ref is None or ref.node.type != "method_declaration":
        return None
    holder = receiver_type_name(ref.node)
    # The subscription goes nowhere else: the goroutine is its only reader.
    uses = [
        n
        for n in parse.iter_descendants(body)
        if n.type == "identifier"
        and n.text == want
        and not (decl.start_byte <= n.start_byte < decl.end_byte)
    ]
    if any(not (go.start_byte <= n.start_byte < go.end_byte) for n in uses):
        return None
    return (ref.node, holder) if holder else None


def _publishers(index: PackageIndex, holder: str) -> Iterator[Node]:
    """Yield the go statements of the package that run a method of ``holder``."""
    for _, root in index.files():
        for stmt in facts.find_go_statements(root):
            call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is None or fn.type != "selector_expression":
                continue
            ref = facts.resolve_call(fn, index)
            if (
                ref is not None
                and ref.node.type == "method_declaration"
                and receiver_type_name(ref.node) == holder
            ):
                yield stmt


def _closed_only_late(index: PackageIndex, holder: str, a: Abandoned) -> bool:
    """Tell whether every close of a registry value comes after the publishing loop.

    Closes inside the subscribe method (its release) are the subscriber's to call; a
    close in the publisher's method must come after the loop that sends; any other close
    of a channel in a method of the holder could free the subscriber: False.
    """
    pub_method = parse.enclosing_function(a.send)
    while pub_method is not None and pub_method.type == "func_literal":
        pub_method = parse.enclosing_function(pub_method)
    outer = None
    for anc in parse.ancestors(a.send):
        if anc.type == "for_statement":
            outer = anc
    if pub_method is None or outer is None:
        return False
    for m in _methods(index, holder):
        for n in parse.iter_descendants(m):
            if n.type != "call_expression":
                continue
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if fn is None or fn.text != b"close" or args is None or not args.named_children:
                continue
            closed = args.named_children[0]
            operand = (
                closed.child_by_field_name("operand")
                if closed.type == "selector_expression"
                else None
            )
            if operand is not None and operand.text == (facts.receiver_name(m) or "").encode():
                continue  # one of the holder's own channels (its input), not a subscriber's
            if m.id == a.subscribe.id:
                continue  # the release the subscriber drops
            if m.id == pub_method.id and n.start_byte >= outer.end_byte:
                continue  # after the loop the publisher never leaves
            return False
    return True
