"""Channel operations that race a shutdown: the goroutine serving them can leave first.

The path counting of :mod:`gostuck.analysis.flow.facts` asks what the *owner* of a channel does
after starting its goroutines. It cannot see a partner that is another goroutine serving the
channel in a loop and leaving by another case:

    go m.loop()      // for { select { case r := <-m.reads: ...; case <-m.quit: return } }
    go m.Read()      // m.reads <- r: a plain send
    go m.Shutdown()  // close(m.quit)

Nothing orders ``close(m.quit)`` after the send, so the loop may take the quit case first,
return, and leave ``Read`` blocked forever. A :class:`Race` is found for an owned channel
``c`` (every use visible, as for the strands) when:

- a goroutine ``B`` of the owner must do a plain send on ``c`` (a receive: the mirror case),
  outside any select;
- every other goroutine partnering ``c`` is a *server*: its partner operations on ``c`` are
  select cases, and one select holding such a case has another case, a receive on an owned
  channel ``d`` or ``ctx.Done()``, after which the server reaches its end without touching
  ``c`` again; no goroutine closes ``c``, and the owner itself neither sends nor receives
  on it (it may close it for a blocked send, once it has passed something that could wait).
  Or the one server ranges over ``c`` and can return from inside the loop: it has taken one
  value at least, so it races the senders when they send more than that and the buffer;
- what fires that case (a send on or close of ``d``, or ``cancel()`` of the context) runs
  unordered with ``B``: in another goroutine of the owner (not ``B``) that waits for
  nothing before it, started with nothing that could wait between the two ``go``
  statements; or on the owner's own path with nothing that could wait between ``B``'s start
  and it (a deferred trigger: nothing that could wait after ``B``'s start at all).

"Could wait" is read conservatively: a receive, a select, ``Wait``/``Lock``, or a call to
anything but a builtin, another package or a few harmless methods. On the owner's path to a
trigger, package callees are read too, and a ``Lock`` or ``Cond.Wait`` on a value the owner
built that nothing but its own path can release orders nothing
(:mod:`gostuck.analysis.summary.release`). Anything not understood gives no race.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import dyntypes
from gostuck.analysis.flow.facts import (
    LIMIT,
    MANY,
    RECEIVER,
    Analyzer,
    Channel,
    Goroutine,
    Op,
    Profile,
    Use,
    add,
    call_binding,
    find_channels,
    find_constructed_channels,
    innermost_function,
    name_uses,
    on_every_path,
    param_names,
    receiver_name,
    resolve_call,
)
from gostuck.analysis.summary.release import Releases, fresh_local
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind


@dataclass(frozen=True, slots=True)
class Race:
    """A goroutine whose plain channel operation can lose the race against a shutdown."""

    goroutine: Goroutine  # the goroutine that blocks
    channel: Channel
    op: Op  # SEND or RECV: what it does on the channel
    node: Node  # the blocking operation
    server: Goroutine  # the goroutine that partners it and can leave first
    leave: Node  # where the server leaves (a return, else the case)
    leave_path: str
    fires: str  # what makes it leave: the owner's name of the stop channel or context; ""
    # for a range that may return after any value (then ``trigger`` is that return)
    by_ctx: bool  # ``fires`` is a context (done), not a channel
    trigger: Node  # the send, close or cancel that fires it
    trigger_path: str
    certain: bool


# Who partners a blocked operation, and which of its own uses are the plain operation.
_PARTNERS: Final = {Op.SEND: frozenset({Op.RECV, Op.RANGE}), Op.RECV: frozenset({Op.SEND})}
_BUILTINS: Final = parse.GO_BUILTIN_FUNCS
# Methods that never wait on anything another goroutine does.
_HARMLESS_METHODS: Final = frozenset({"Add", "Done", "Unlock", "RUnlock", "Signal", "Broadcast"})
_WAIT_RE: Final = re.compile(rb"<-|\bselect\b|\.Wait\(|\.Lock\(|\.RLock\(|\brange\b")
_CTX_MAKERS: Final = frozenset(
    {"WithCancel", "WithCancelCause", "WithTimeout", "WithDeadline", "WithTimeoutCause"}
)


def find_races(an: Analyzer, parent: Node, goroutines: list[Goroutine]) -> Iterator[Race]:
    """Yield the races on the channels ``parent`` owns, among the goroutines it starts."""
    body = cfgmod.body_of(parent)
    if body is None or parent.has_error or not goroutines:
        return
    channels = [
        *find_channels(parent),
        *find_constructed_channels(parent, an.index, with_calls=True),
    ]
    by_name = {c.name: c for c in channels}
    for ch in channels:
        if ch.capacity is None or ch.ctor_gos:
            continue
        yield from _channel_races(an, parent, body, ch, by_name, goroutines)


@dataclass(frozen=True, slots=True)
class _Held:
    """One goroutine holding the channel, what it does with it, and where the owner starts it.

    ``anchor`` is the owner's statement that starts it: its go statement, or for a goroutine
    a callee starts (``a.Restart()`` running ``go a.runWait()``) the owner's call or go
    statement. ``alias``: for such a goroutine, the callee's name of the channel and its uses.
    """

    go: Goroutine
    prof: Profile
    anchor: Node
    alias: tuple[str, list[Use]] | None = None


@dataclass(slots=True)
class _Holders:
    """Who touches one channel of the owner: its goroutines (with what they do), itself."""

    goroutines: list[_Held]
    parent_uses: list[Use]


def _holders(
    an: Analyzer, parent: Node, body: Node, ch: Channel, goroutines: list[Goroutine]
) -> _Holders | None:
    """Return every holder of ``ch``; None when a use escapes or is not understood."""
    uses = name_uses(body, ch.name, an.index)
    defs = [u for u in uses if u.op is Op.DEF]
    if len(defs) != 1 or defs[0].node.id != ch.decl.id:
        return None
    if any(u.op is Op.ESCAPE for u in uses):
        return None
    ch.uses = uses
    by_body = {go.body.id: go for go in goroutines if go.is_literal and go.body is not None}
    by_call = {go.call.id: go for go in goroutines}
    involved: dict[tuple[int, int], tuple[Goroutine, Node, tuple[str, list[Use]] | None]] = {}
    parent_uses: list[Use] = []
    for u in uses:
        owner = innermost_function(u.ident, parent)
        if owner.id == parent.id:
            anchor = u.node.parent if u.node.id in by_call else _statement_of(u.node, body)
            started = _spawned(an, u) if u.op is Op.CALL and anchor is not None else None
            if started is not None and anchor is not None:
                if u.node.id not in by_call and not all(
                    _callee_returns_freely(an, sg) for sg, _ in started
                ):
                    return None  # the callee may wait for what it started
                for sg, alias in started:
                    involved[(sg.stmt.id, anchor.id)] = (sg, anchor, alias)
                continue
            if u.op is Op.CALL and u.node.id in by_call:
                go = by_call[u.node.id]
                involved[(go.stmt.id, go.stmt.id)] = (go, go.stmt, None)
            else:
                parent_uses.append(u)
            continue
        lit = by_body.get(owner.id)
        if lit is None or lit.parent.id != parent.id:
            return None
        involved[(lit.stmt.id, lit.stmt.id)] = (lit, lit.stmt, None)
    if ch.ctor_calls:
        made = _constructor_spawned(an, body, ch)
        if made is None:
            return None
        for sg, at, alias in made:
            involved[(sg.key, at.id)] = (sg, at, alias)
    out = []
    for sg, anchor, held_alias in sorted(involved.values(), key=lambda x: x[1].start_byte):
        prof = an.goroutine_profile(sg, ch, held_alias)
        if prof is None:
            return None
        out.append(_Held(sg, prof, anchor, held_alias))
    return _Holders(out, parent_uses)


def _constructor_spawned(
    an: Analyzer, body: Node, ch: Channel
) -> list[tuple[Goroutine, Node, tuple[str, list[Use]]]] | None:
    """Return the goroutines the constructor of ``ch`` starts with it, placed at the owner.

    ``t := newTransport(s)`` whose ``newTransport`` calls ``t.start()`` before returning,
    and ``start`` runs ``s.RunWorker(func() { ... t.events <- m ... })``: that goroutine
    holds the owner's channel from the owner's constructor call on. None when a call the
    constructor makes may use the channel other than by starting goroutines, or may wait
    after starting them.
    """
    up = ch.decl.parent
    anchor = ch.decl if up is not None and up.type in ("block", "statement_list") else None
    ctor = parse.enclosing_function(ch.ctor_calls[0])
    ctor_body = cfgmod.body_of(ctor) if ctor is not None else None
    if anchor is None or ctor_body is None or ch.make_path != an.path:
        return None
    fld = ch.name.split(".", 1)[1]
    out: list[tuple[Goroutine, Node, tuple[str, list[Use]]]] = []
    for call in ch.ctor_calls:
        fn = call.child_by_field_name("function")
        ident = fn.child_by_field_name("operand") if fn is not None else None
        stmt = call.parent
        if ident is None or stmt is None:
            return None
        use = Use(Op.CALL, ident, call, arg_index=RECEIVER, field=fld)
        started = _spawned(an, use)
        if started is None:
            if _touches(an, use):
                return None
            continue
        if not _nothing_waits_after(an, ctor_body, stmt, None):
            return None
        for sg, alias in started:
            if not _callee_returns_freely(an, sg):
                return None
            out.append((sg, anchor, alias))
    return out


def _spawned(an: Analyzer, use: Use) -> list[tuple[Goroutine, tuple[str, list[Use]]]] | None:
    """Return the goroutines a call starts with the channel of ``use``, and their alias.

    ``a.Restart()`` where ``Restart`` locks, checks and then runs ``go a.runWait(...)``: the
    goroutine holds the caller's channel. None unless the callee is in this file, starts at
    least one such goroutine, and otherwise only makes calls that never touch the channel.
    """

    def skip(u: Use) -> bool:
        return u.op is Op.NONE or (u.op is Op.DEF and u.node.type == "parameter_declaration")

    def allow(u: Use) -> bool:
        return u.op is Op.CALL and not _touches(an, u)

    def nested(callee: Node, u: Use) -> bool:
        # ``return t.Watch(out)``: the goroutine the inner call starts is ours when the
        # callee waits for nothing after handing the channel on.
        body = cfgmod.body_of(callee)
        stmt = _statement_of(u.node, body) if body is not None else None
        return body is not None and stmt is not None and _nothing_waits_after(an, body, stmt, None)

    got = an.spawns(use, skip=skip, allow=allow, nested=nested)
    return [(go, (name, uses)) for go, name, uses in got] if got else None


def _callee_returns_freely(an: Analyzer, go: Goroutine) -> bool:
    """Tell whether the function holding ``go`` waits for nothing after starting it.

    For a goroutine that runs a function value (``s.RunWorker(func() { ... })``), both the
    function making that call and the one whose go statement runs the value.
    """
    callee = go.parent
    body = cfgmod.body_of(callee)
    if body is None:
        return False
    if go.via is None:
        return _nothing_waits_after(an, body, go.stmt, None)
    at = _statement_of(go.via, body)
    helper = parse.enclosing_function(go.stmt)
    hbody = cfgmod.body_of(helper) if helper is not None else None
    return (
        at is not None
        and hbody is not None
        and _nothing_waits_after(an, body, at, None)
        and _nothing_waits_after(an, hbody, go.stmt, None)
    )


def _parent_quiet(an: Analyzer, uses: list[Use]) -> bool:
    """Tell whether the owner itself does nothing with the channel but hand it over."""
    for u in uses:
        if u.op in (Op.DEF, Op.NONE):
            continue
        if u.op is not Op.CALL:
            return False
        sub = an.call_profile(u, 0)
        if sub is None or sub.kinds:
            return False
    return True


def _channel_races(
    an: Analyzer,
    parent: Node,
    body: Node,
    ch: Channel,
    by_name: dict[str, Channel],
    goroutines: list[Goroutine],
) -> Iterator[Race]:
    hold = _holders(an, parent, body, ch, goroutines)
    if hold is None:
        return
    # The owner may close the channel once it has waited for something: a close does not
    # partner a send, and one a blocked sender would see first (a panic, not a block)
    # must not be able to run before that wait.
    closes = [u.node for u in hold.parent_uses if u.op is Op.CLOSE]
    if not _parent_quiet(an, [u for u in hold.parent_uses if u.op is not Op.CLOSE]):
        return
    if any(Op.CLOSE in h.prof.kinds for h in hold.goroutines):
        return
    for need in (Op.SEND, Op.RECV):
        if closes and need is Op.RECV:
            continue  # the close may be the receive's partner
        partners = _PARTNERS[need]
        blocked: list[tuple[_Held, Node, bool]] = []
        servers: list[Goroutine] = []
        demand = 0
        for h in hold.goroutines:
            go, prof = h.go, h.prof
            if need in prof.kinds and prof.kinds & partners:
                return  # both sides in one goroutine: too clever for us
            if prof.kinds & partners:
                if h.alias is not None:
                    return  # a server a callee starts: its names are not ours
                servers.append(go)
                continue
            if need not in prof.kinds:
                continue
            lo, hi = prof.blocking.get(need, (0, 0))
            # A send in a select counts for the buffer too: one per goroutine at least.
            demand = add(demand, MANY if go.in_loop else max(hi, 1))
            node = prof.first_block.get(need)
            if any(not _waits_between(an, body, h.anchor, c) for c in closes):
                return  # a close may meet the send: not a block
            if hi and node is not None:
                blocked.append((h, node, lo >= 1))
        if not blocked or not servers:
            continue
        cap = ch.capacity or 0
        if cap and (need is Op.RECV or demand <= cap):
            continue  # the buffer takes every send (a buffered receive: not judged)
        leaves = []
        for srv in servers:
            found = _server_exit(an, srv, ch, partners)
            # A range that may return after any value has taken one at least: only a second
            # send (not held by the buffer) can be left over, and only when it is the one
            # server.
            early = found is not None and any(not ex.fires for ex in found)
            if early and (len(servers) != 1 or not (demand >= LIMIT or demand - 1 > cap)):
                found = None
            if early and found is not None and _leaves_on_quit(an, parent, ch, found):
                found = None  # it returns on the quit message, the last value sent
            if found is None:
                break
            leaves.append((srv, found))
        else:
            for h, node, certain in blocked:
                race = _first_unordered(an, parent, body, h, leaves, by_name, goroutines)
                if race is None:
                    continue
                srv, ex, fires, trigger, tpath, sure = race
                yield Race(
                    h.go,
                    ch,
                    need,
                    node,
                    srv,
                    ex.leave,
                    ex.path,
                    fires,
                    ex.by_ctx,
                    trigger,
                    tpath,
                    certain and sure,
                )


# --------------------------------------------------------------------------- names


def _name_in(go: Goroutine, name: str) -> str | None:
    """Return what the goroutine's function calls the owner's ``name`` (``ch`` or ``s.f``)."""
    base, _, fld = name.partition(".")
    for i, a in enumerate(go.args):
        t = parse.text(a)
        if t == name or (fld and t == base):
            p = go.param_for(i)
            if not p or p == "_":
                return None
            return p if t == name else f"{p}.{fld}"
    if go.is_literal:
        return name
    fn = go.call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    if fld and operand is not None and parse.text(operand) == base and go.body is not None:
        recv = receiver_name(go.body)
        return f"{recv}.{fld}" if recv and recv != "_" else None
    return None


def _name_out(go: Goroutine, name: str) -> str | None:
    """Return the owner's name for what the goroutine's function calls ``name``."""
    base, _, fld = name.partition(".")
    for i, p in enumerate(go.params):
        if p and p == base and i < len(go.args):
            t = parse.text(go.args[i])
            if go.args[i].type not in ("identifier", "selector_expression"):
                return None
            return f"{t}.{fld}" if fld else t
    if go.is_literal:
        return name
    fn = go.call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    if (
        go.body is not None
        and fld
        and operand is not None
        and operand.type == "identifier"
        and receiver_name(go.body) == base
    ):
        return f"{parse.text(operand)}.{fld}"
    return None


# --------------------------------------------------------------------------- servers


@dataclass(frozen=True, slots=True)
class _Exit:
    """A way the server leaves for good: the case that fires it and where it returns."""

    case: Node
    leave: Node
    path: str  # the file of ``case`` and ``leave``
    fires: str  # the serving function's name of the stop channel, or of the context
    by_ctx: bool
    out: Callable[[str], str | None]  # that function's names -> the owner's


def _server_exit(
    an: Analyzer, srv: Goroutine, ch: Channel, partners: frozenset[Op]
) -> list[_Exit] | None:
    """Return the ways ``srv`` leaves without partnering ``ch`` again; None when it may not.

    The serving function is the goroutine's own, or the one function it hands the channel
    to (``go func() { a.Run(ctx) }()``). Every partner operation there must be a select case,
    and some select holding one has another case after which the function ends without any
    use of the channel.
    """
    func = srv.body
    name = _name_in(srv, ch.name)
    if func is None or name is None:
        return None

    def own(n: str) -> str | None:
        return _name_out(srv, n)

    out: Callable[[str], str | None] = own
    path = srv.path
    for _ in range(2):
        uses = an.direct_uses(func, name)
        if uses is None:
            return None
        if any(u.op is Op.DEF and u.node.type != "parameter_declaration" for u in uses):
            return None
        calls = [u for u in uses if u.op is Op.CALL and _touches(an, u)]
        ops = [u for u in uses if u.op not in (Op.DEF, Op.NONE, Op.CALL)]
        if not calls:
            return _exits_in(an, func, name, ops, partners, out, path)
        if ops or len(calls) != 1:
            return None
        step = _descend(an, calls[0], out)
        if step is None:
            return None
        func, name, out, path = step
    return None


def _descend(
    an: Analyzer, use: Use, out: Callable[[str], str | None]
) -> tuple[Node, str, Callable[[str], str | None], str] | None:
    """Follow the call of ``use`` into its callee: the callee, its name, names back, file."""
    fn = use.node.child_by_field_name("function")
    bound = call_binding(use, an.index)
    if bound is None or bound[0].node.type == "func_literal":
        return None
    ref, name = bound
    callee, call = ref.node, use.node
    args_node = call.child_by_field_name("arguments")
    args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
    params = param_names(callee)

    def back(n: str) -> str | None:
        base, _, fld = n.partition(".")
        if base in params:
            i = params.index(base)
            if i >= len(args) or args[i].type not in ("identifier", "selector_expression"):
                return None
            t = parse.text(args[i])
            return out(f"{t}.{fld}" if fld else t)
        operand = fn.child_by_field_name("operand") if fn is not None else None
        if (
            fld
            and receiver_name(callee) == base
            and operand is not None
            and operand.type == "identifier"
        ):
            return out(f"{parse.text(operand)}.{fld}")
        return None

    return callee, name, back, ref.path


def _exits_in(
    an: Analyzer,
    func: Node,
    name: str,
    ops: list[Use],
    partners: frozenset[Op],
    out: Callable[[str], str | None],
    path: str,
) -> list[_Exit] | None:
    """Return the cases of ``func``'s selects on ``name`` after which it leaves for good.

    Or, for a function whose one use is ``for v := range name``, the returns inside that
    loop: it may leave after any value, before the senders are done.
    """
    g = an.graphs.get(func)
    if g is not None and len(ops) == 1 and ops[0].op is Op.RANGE and Op.RANGE in partners:
        return _early_returns(g, func, ops[0].node, path, out)
    if g is None or not ops or any(u.op not in partners or not u.in_select for u in ops):
        return None  # a plain partner or a range: not a select with a way out
    reach = g.reachable()
    used = {b for b in (g.block_of(u.node) for u in ops) if b is not None}
    exits: list[_Exit] = []
    seen: set[int] = set()
    for u in ops:
        sel = _select_of(u.node)
        if sel is None or sel.id in seen:
            continue
        seen.add(sel.id)
        for case in sel.named_children:
            if case.type != "communication_case" or any(
                case.start_byte <= o.node.start_byte < case.end_byte for o in ops
            ):
                continue
            fires = _stop_operand(case, an)
            if fires is None:
                continue
            b = g.by_node.get(case.id)
            if b is None or b not in reach:
                continue
            after = g.reachable(b)
            if g.exit not in after or after & used:
                continue
            if _mentions(case, name):
                continue
            leave = _first_return(g, after) or case
            exits.append(_Exit(case, leave, path, fires[0], fires[1], out))
    return exits or None


def _early_returns(
    g: CFG, func: Node, loop: Node, path: str, out: Callable[[str], str | None]
) -> list[_Exit] | None:
    """Return the first reachable ``return`` inside the range loop ``loop`` of ``func``."""
    body = loop.child_by_field_name("body")
    if body is None:
        return None
    reach = g.reachable()
    for n in parse.iter_descendants(body):
        if n.type != "return_statement" or innermost_function(n, func).id != func.id:
            continue
        b = g.block_of(n)
        if b is not None and b in reach:
            return [_Exit(loop, n, path, "", False, out)]
    return None


def _leaves_on_quit(an: Analyzer, parent: Node, ch: Channel, found: list[_Exit]) -> bool:
    """Tell whether a ranging server returns from its loop only on ``ch``'s quit message.

    The quit message (:func:`gostuck.analysis.flow.dyntypes.quit_send`) is the last value sent,
    on every path of the one sending function: a loop that returns only in the branches it
    takes has received every value by then.
    """
    quit = dyntypes.quit_send(an, parent, ch.uses)
    if quit is None:
        return False
    for ex in found:
        loop = ex.case
        body = loop.child_by_field_name("body")
        if loop.type != "for_statement" or body is None:
            return False
        if innermost_function(loop, parent).id != quit.receiver.id:
            return False
        for n in parse.iter_descendants(body):
            if n.type != "return_statement" or innermost_function(n, parent).id != quit.receiver.id:
                continue
            if not quit.guards(n):
                return False
    return True


def _touches(an: Analyzer, u: Use) -> bool:
    """Tell whether the call of ``u`` may do anything with the channel."""
    sub = an.call_profile(u, 0)
    return sub is None or bool(sub.kinds)


def _select_of(op: Node) -> Node | None:
    """Return the select statement whose case communication is ``op``."""
    n: Node | None = op.parent
    while n is not None and n.type in ("expression_list", "receive_statement"):
        n = n.parent
    if n is not None and n.type == "communication_case":
        return n.parent
    return None


def _stop_operand(case: Node, an: Analyzer | None = None) -> tuple[str, bool] | None:
    """For ``case <-d:`` the name ``d``; for ``case <-ctx.Done():`` (``ctx``, True).

    With ``an``, also ``case <-s.ShouldStop():`` where the package method only returns
    ``nil`` or one field of its receiver (``return s.stopper``): the name ``s.stopper`` (a
    nil channel never fires, so the case fires only when that field does).
    """
    comm = case.child_by_field_name("communication")
    if comm is None:
        return None
    expr = comm
    if comm.type == "receive_statement":
        right = comm.child_by_field_name("right")
        if right is None:
            return None
        expr = right
    if expr.type != "unary_expression":
        return None
    op = expr.child(0)
    operand = expr.child_by_field_name("operand")
    if op is None or op.type != "<-" or operand is None:
        return None
    if operand.type == "call_expression":
        fn = operand.child_by_field_name("function")
        args = operand.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None or args.named_children:
            return None
        fld = fn.child_by_field_name("field")
        base = fn.child_by_field_name("operand")
        if fld is None or base is None or base.type != "identifier":
            return None
        if fld.text == b"Done":
            return parse.text(base), True
        got = _getter_field(an, fn) if an is not None else None
        return (f"{parse.text(base)}.{got}", False) if got is not None else None
    if operand.type == "identifier" or (
        operand.type == "selector_expression"
        and (o := operand.child_by_field_name("operand")) is not None
        and o.type == "identifier"
    ):
        return parse.text(operand), False
    return None


def _getter_field(an: Analyzer, fn: Node) -> str | None:
    """For ``x.m`` of a call ``x.m()``: the field ``f`` when ``m`` returns ``nil`` or ``r.f``.

    ``r`` is the method's receiver, the same ``f`` on every return (one at least).
    """
    ref = resolve_call(fn, an.index)
    if ref is None or ref.node.type != "method_declaration" or param_names(ref.node):
        return None
    recv = receiver_name(ref.node)
    body = cfgmod.body_of(ref.node)
    if not recv or body is None:
        return None
    found: set[str] = set()
    for r in parse.iter_descendants(body):
        if r.type != "return_statement" or innermost_function(r, ref.node).id != ref.node.id:
            continue
        vals = r.named_children[0].named_children if r.named_children else []
        if len(vals) != 1:
            return None
        v = vals[0]
        if v.type == "nil":
            continue
        operand = v.child_by_field_name("operand") if v.type == "selector_expression" else None
        fld = v.child_by_field_name("field")
        if operand is None or fld is None or parse.text(operand) != recv:
            return None
        found.add(parse.text(fld))
    return found.pop() if len(found) == 1 else None


def _mentions(node: Node, name: str) -> bool:
    return name.encode() in (node.text or b"")


def _first_return(g: CFG, blocks: set[int]) -> Node | None:
    rets = [
        blk.node
        for blk in (g.blocks[b] for b in blocks)
        if blk.kind is Kind.RETURN and blk.node is not None
    ]
    return min(rets, key=lambda n: n.start_byte) if rets else None


# --------------------------------------------------------------------------- ordering


def _first_unordered(
    an: Analyzer,
    parent: Node,
    body: Node,
    held: _Held,
    leaves: list[tuple[Goroutine, list[_Exit]]],
    by_name: dict[str, Channel],
    goroutines: list[Goroutine],
) -> tuple[Goroutine, _Exit, str, Node, str, bool] | None:
    """Return the first way a server leaves that the held goroutine's operation may not beat.

    With it: the server, its exit, the owner's name of what fires it, the trigger, its file
    and whether the trigger runs on every path.
    """
    order = _Order(an, Releases(an, parent), parent, None)
    for srv, exits in leaves:
        for ex in exits:
            if not ex.fires:
                return srv, ex, "", ex.leave, ex.path, False  # its own decision: unordered
            outer = ex.out(ex.fires)
            if outer is None:
                continue
            found = (
                _ctx_trigger(an, parent, body, held, outer, order)
                if ex.by_ctx
                else _chan_trigger(an, parent, body, held, srv, outer, by_name, goroutines, order)
            )
            if found is not None:
                trigger, tpath, sure = found
                return srv, ex, outer, trigger, tpath, sure
    return None


def _chan_trigger(
    an: Analyzer,
    parent: Node,
    body: Node,
    held: _Held,
    srv: Goroutine,
    name: str,
    by_name: dict[str, Channel],
    goroutines: list[Goroutine],
    order: _Order,
) -> tuple[Node, str, bool] | None:
    """Return a send on or close of the owner's channel ``name`` unordered with ``go``.

    When not every holder of the channel is understood, the owner's own sends, closes and
    calls can still fire it: one unordered trigger is enough.
    """
    d = by_name.get(name)
    if d is None or d.capacity is None:
        return None
    hold = _holders(an, parent, body, d, goroutines)
    if hold is None:
        own = _own_uses(parent, body, d)
        if own is None:
            return None
        hold = _Holders([], own)
    g = an.graphs.get(parent)
    if g is None:
        return None
    path = an.path
    for u in hold.parent_uses:
        if u.op not in (Op.SEND, Op.CLOSE, Op.CALL):
            continue
        if not _parent_unordered(an, body, held.anchor, u.node, order):
            continue
        b = g.block_of(u.node)
        sure = b is not None and on_every_path(g, b)
        if u.op is not Op.CALL:
            return u.node, path, sure
        found = _call_trigger(an, u, (Op.SEND, Op.CLOSE), order)
        if found is not None:
            return found[0], found[1], sure and found[2]
    for other in hold.goroutines:
        if other.alias is not None or not other.prof.kinds & {Op.SEND, Op.CLOSE}:
            continue
        if other.go.stmt.id in (held.go.stmt.id, srv.stmt.id):
            continue
        inner = _name_in(other.go, name)
        if inner is None:
            continue
        found = _goroutine_trigger(an, other.go, inner, (Op.SEND, Op.CLOSE))
        if found is not None and _spawns_unordered(an, held.anchor, other.anchor):
            return found
    return None


def _own_uses(parent: Node, body: Node, d: Channel) -> list[Use] | None:
    """Return the owner's own uses of ``d`` (not its literals'); None unless it made ``d``."""
    uses = name_uses(body, d.name)
    defs = [u for u in uses if u.op is Op.DEF]
    if len(defs) != 1 or defs[0].node.id != d.decl.id:
        return None
    return [u for u in uses if innermost_function(u.ident, parent).id == parent.id]


def _ctx_trigger(
    an: Analyzer, parent: Node, body: Node, held: _Held, ctx: str, order: _Order
) -> tuple[Node, str, bool] | None:
    """Return a ``cancel()`` of the owner's context ``ctx`` unordered with ``go``."""
    cancel = _cancel_of(parent, body, ctx)
    if cancel is None:
        return None
    g = an.graphs.get(parent)
    if g is None:
        return None
    for ident in name_uses(body, cancel):
        call = ident.node
        if ident.op is not Op.ESCAPE or call.type != "call_expression":
            continue
        owner = innermost_function(call, parent)
        if owner.id != parent.id:
            continue
        if _parent_unordered(an, body, held.anchor, call, order):
            b = g.block_of(call)
            return call, an.path, b is not None and on_every_path(g, b)
    return None


def _cancel_of(parent: Node, body: Node, ctx: str) -> str | None:
    """Return ``cancel`` for ``ctx, cancel := context.WithCancel(...)`` in ``parent``."""
    if "." in ctx:
        return None
    found: str | None = None
    for ident in name_uses(body, ctx):
        if ident.op is not Op.DEF:
            continue
        decl = ident.node
        if decl.type != "short_var_declaration" or innermost_function(decl, parent) != parent:
            return None
        left = decl.child_by_field_name("left")
        right = decl.child_by_field_name("right")
        if left is None or right is None or len(right.named_children) != 1:
            return None
        names = [parse.text(n) for n in left.named_children]
        call = right.named_children[0]
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        if fn is None or fn.type != "selector_expression":
            return None
        pkg = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if pkg is None or fld is None or parse.text(pkg) != "context":
            return None
        if parse.text(fld) not in _CTX_MAKERS or names[:1] != [ctx] or len(names) != 2:
            return None
        if found is not None or names[1] == "_":
            return None
        found = names[1]
    return found


def _goroutine_trigger(
    an: Analyzer, go: Goroutine, name: str, ops: tuple[Op, ...]
) -> tuple[Node, str, bool] | None:
    """Return where ``go`` first does one of ``ops`` on ``name``, having waited for nothing."""
    if go.body is None:
        return None
    return _first_trigger(an, go.body, go.path, name, ops)


def _call_trigger(
    an: Analyzer, use: Use, ops: tuple[Op, ...], order: _Order | None = None
) -> tuple[Node, str, bool] | None:
    """Return where the callee of ``use`` first does one of ``ops``, having waited for nothing.

    ``m.Close()`` whose body starts with ``close(m.quit)``: the owner's call fires it.
    """
    bound = call_binding(use, an.index)
    if bound is None or bound[0].node.type == "func_literal":
        return None
    ref, name = bound
    inner = None
    if order is not None and use.arg_index == RECEIVER and order.owns(use.ident):
        inner = order.into(ref.node)
    return _first_trigger(an, ref.node, ref.path, name, ops, inner)


def _first_trigger(
    an: Analyzer,
    func: Node,
    path: str,
    name: str,
    ops: tuple[Op, ...],
    order: _Order | None = None,
) -> tuple[Node, str, bool] | None:
    """Return where ``func`` first does one of ``ops`` on ``name``, having waited for nothing."""
    g = an.graphs.get(func)
    uses = an.direct_uses(func, name)
    if g is None or uses is None:
        return None
    hits = sorted((u for u in uses if u.op in ops), key=lambda u: u.node.start_byte)
    reach = g.reachable()
    for u in hits:
        b = g.block_of(u.node)
        if b is None or b not in reach:
            continue
        if _waits_before(an, g, b, u.node, order):
            continue
        return u.node, path, on_every_path(g, b)
    return None


def _waits_before(an: Analyzer, g: CFG, target: int, op: Node, order: _Order | None = None) -> bool:
    """Tell whether a block on some path from the entry to ``target`` could wait."""
    preds: dict[int, list[int]] = {}
    for blk in g.blocks:
        for s in blk.succs:
            preds.setdefault(s, []).append(blk.id)
    before: set[int] = set()
    todo = list(preds.get(target, []))
    while todo:
        b = todo.pop()
        if b in before:
            continue
        before.add(b)
        todo.extend(preds.get(b, []))
    for b in before:
        blk = g.blocks[b]
        node = blk.node
        if node is None or blk.kind in (Kind.ENTRY, Kind.GO, Kind.DEFER):
            continue
        if blk.kind is Kind.SELECT and node.start_byte <= op.start_byte < node.end_byte:
            continue  # the trigger is one of this select's cases
        if blk.kind is Kind.CASE:
            comm = node.child_by_field_name("communication")
            if comm is not None and _may_wait(an, comm, order):
                return True
            continue
        if blk.kind in (Kind.LOOP, Kind.SELECT, Kind.BLOCK):
            return True
        if blk.kind is Kind.COND and node.type.endswith("switch_statement"):
            return True
        if _may_wait(an, node, order):
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Order:
    """What the owner's path may wait on: for :func:`_may_wait` with a function's context.

    ``func`` is the function being read: the owner, or a method it calls on a value it
    built, whose receiver is then ``recv``. Waits on fields of such values that nothing but
    the owner's own path can release (:mod:`gostuck.analysis.summary.release`) order nothing.
    """

    an: Analyzer
    releases: Releases
    func: Node
    recv: str | None

    def owns(self, ident: Node) -> bool:
        """Tell whether ``ident`` in ``func`` is a value the owner built."""
        if ident.type != "identifier":
            return False
        if self.func.id == self.releases.owner.id:
            return fresh_local(self.an.index, self.func, ident)
        return self.recv is not None and parse.text(ident) == self.recv

    def into(self, callee: Node) -> _Order:
        """Return the context for ``callee``, a method called on a value the owner built."""
        recv = receiver_name(callee) if callee.type == "method_declaration" else None
        return _Order(self.an, self.releases, callee, recv or None)

    def plain(self, callee: Node) -> _Order:
        """Return the context for ``callee`` called on no value the owner built."""
        return _Order(self.an, self.releases, callee, None)


def _may_wait(an: Analyzer, node: Node, order: _Order | None = None) -> bool:
    """Tell whether evaluating ``node`` could wait for another goroutine.

    With ``order``, package functions it calls are read too (three calls deep), and a
    ``Lock`` or ``Cond.Wait`` on a value the owner built that only the owner's own path can
    release orders nothing.
    """
    if node.type == "go_statement":
        return False
    if order is not None:
        return _waits_in(an, node, order, 0)
    if _WAIT_RE.search(node.text or b""):
        return True
    imports = an.index.imports()
    for n in parse.iter_descendants(node):
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is None:
            return True
        if fn.type == "identifier":
            if parse.text(fn) not in _BUILTINS:
                return True
            continue
        if fn.type != "selector_expression":
            return True
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None:
            return True
        if operand.type == "identifier" and parse.text(operand) in imports:
            continue
        if parse.text(fld) in _HARMLESS_METHODS and resolve_call(fn, an.index) is None:
            continue
        return True
    return False


_MAX_WAIT_DEPTH: Final = 3


def _waits_in(an: Analyzer, node: Node, order: _Order, depth: int) -> bool:
    """Tell whether evaluating ``node`` in ``order.func`` could wait (see :func:`_may_wait`)."""
    stack = [node]
    while stack:
        n = stack.pop()
        t = n.type
        if t == "go_statement":
            continue
        if t in ("select_statement", "send_statement", "range_clause"):
            return True
        if t == "unary_expression":
            op = n.child(0)
            if op is not None and op.type == "<-":
                return True
        if t == "call_expression":
            handed = _call_waits(an, n, order, depth)
            if handed is None:
                return True
            if handed:
                # The callee was read: literals it is handed run only where it runs them.
                stack.extend(c for c in n.children if c.type != "argument_list")
                args = n.child_by_field_name("arguments")
                if args is not None:
                    stack.extend(c for c in args.children if c.type != "func_literal")
                continue
        stack.extend(n.children)
    return False


def _call_waits(an: Analyzer, call: Node, order: _Order, depth: int) -> bool | None:
    """Tell how the call ``call`` may wait: None when it may.

    True: its callee was read and waits for nothing (its literal arguments are its
    business). False: the call itself does not wait (its arguments are still to be read).
    """
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "func_literal":
        return False  # run on the spot: its body is read with the call
    if fn.type == "parenthesized_expression":
        return None
    if fn.type == "identifier":
        if parse.text(fn) in _BUILTINS:
            return False
        ref = resolve_call(fn, an.index)
        if ref is None or ref.node.type == "func_literal" or depth >= _MAX_WAIT_DEPTH:
            return None
        return _body_waits(an, ref.node, order.plain(ref.node), depth)
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    fld = fn.child_by_field_name("field")
    if operand is None or fld is None:
        return None
    if operand.type == "identifier" and parse.text(operand) in an.index.imports():
        return False
    method = parse.text(fld)
    if method in ("Lock", "RLock", "Wait"):
        base = (
            operand.child_by_field_name("operand")
            if operand.type == "selector_expression"
            else None
        )
        if base is not None and order.owns(base) and order.releases.unreleased(call):
            return False
        return None
    if method in _HARMLESS_METHODS and resolve_call(fn, an.index) is None:
        return False
    ref = resolve_call(fn, an.index)
    if ref is None or ref.node.type == "func_literal" or depth >= _MAX_WAIT_DEPTH:
        return None
    inner = order.into(ref.node) if order.owns(operand) else order.plain(ref.node)
    return _body_waits(an, ref.node, inner, depth)


def _body_waits(an: Analyzer, func: Node, order: _Order, depth: int) -> bool | None:
    """Return True when the body of ``func`` waits for nothing, None when it may."""
    body = cfgmod.body_of(func)
    if body is None or func.has_error:
        return None
    return None if _waits_in(an, body, order, depth + 1) else True


def _statement_of(node: Node, body: Node) -> Node | None:
    """Return the statement of ``body``'s function that holds ``node`` at its list level."""
    for a in parse.ancestors(node):
        up = a.parent
        if up is not None and up.type in ("block", "statement_list"):
            return a
        if a.id == body.id:
            return None
    return None


def _siblings_between(a: Node, b: Node) -> list[Node] | None:
    """Return the statements strictly between ``a`` and ``b`` when they share a list."""
    if a.parent is None or b.parent is None or a.parent.id != b.parent.id:
        return None
    lo, hi = sorted((a, b), key=lambda n: n.start_byte)
    return [
        s
        for s in a.parent.named_children
        if lo.end_byte <= s.start_byte and s.end_byte <= hi.start_byte and s.type != "comment"
    ]


def _parent_unordered(
    an: Analyzer, body: Node, anchor: Node, trigger: Node, order: _Order | None = None
) -> bool:
    """Tell whether the owner's ``trigger`` can run while the goroutine ``anchor`` starts runs."""
    tstmt = _statement_of(trigger, body)
    if tstmt is None:
        return False
    if tstmt.type == "defer_statement":
        return _nothing_waits_after(an, body, anchor, tstmt)
    between = _siblings_between(anchor, tstmt)
    if between is None:
        return False
    if tstmt.start_byte < anchor.start_byte:
        return True  # the trigger runs before the goroutine even starts
    return not any(_may_wait(an, s, order) for s in between)


def _waits_between(an: Analyzer, body: Node, anchor: Node, node: Node) -> bool:
    """Tell whether the owner passes something that could wait between ``anchor`` and ``node``.

    ``node`` (not deferred) must sit in a statement list holding, further up, the statement
    of ``anchor``; one statement strictly between the two there must be able to wait.
    """
    stmt = _statement_of(node, body)
    if stmt is None or stmt.type == "defer_statement" or stmt.parent is None:
        return False
    a: Node | None = anchor
    while a is not None and (a.parent is None or a.parent.id != stmt.parent.id):
        if a.id == body.id or a.type in parse.FUNCTION_TYPES:
            return False
        a = a.parent
    if a is None or a.start_byte >= stmt.start_byte:
        return False
    between = _siblings_between(a, stmt)
    return between is not None and any(_may_wait(an, s) for s in between)


def _nothing_waits_after(an: Analyzer, body: Node, stmt: Node, deferred: Node | None) -> bool:
    """Tell whether nothing that could wait runs after ``stmt`` until the deferred trigger."""
    n = stmt
    while n.id != body.id:
        up = n.parent
        if up is None:
            return False
        if up.type == "for_statement":
            return False
        if up.type in ("block", "statement_list"):
            for s in up.named_children:
                if s.start_byte >= n.end_byte and s.type != "comment" and _may_wait(an, s):
                    return False
        if up.type in parse.FUNCTION_TYPES:
            return False
        n = up
    for s in cfgmod.statements(body):
        if s.type != "defer_statement" or (deferred is not None and s.id == deferred.id):
            continue
        if _may_wait(an, s):
            return False
    return True


def _spawns_unordered(an: Analyzer, anchor: Node, other: Node) -> bool:
    """Tell whether the owner starts ``other`` with nothing that could wait after ``anchor``."""
    between = _siblings_between(anchor, other)
    if between is None:
        return False
    if other.start_byte < anchor.start_byte:
        return True
    return not any(_may_wait(an, s) for s in between)
