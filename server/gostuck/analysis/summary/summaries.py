"""Function summaries: channels that leave a function by being returned.

    func gen(n int) <-chan int {
        ch := make(chan int)
        go func() {
            for i := 0; ; i++ {
                ch <- i        // needs a receive per value, for ever
            }
        }()
        return ch
    }

A function that makes a channel, starts goroutines holding it and returns it (a generator, a
pipeline stage, ``Watch() <-chan Event``) leaves those goroutines needing a partner from
whoever holds the result. Its summary (:class:`ReturnedChannel`) names the channel, the
result position it leaves by and the goroutines; what each goroutine needs is its profile,
asked where the summary is applied.

A summary is applied at each call of the function in the package (any file; a method call
only when the receiver's declared type is the method's): the call's result is a channel made
at the call, with the callee's goroutines started there, and the caller is its only other
holder. The caller's uses of the result (a local it binds, or the call's own use: ``for v :=
range gen()``, ``<-gen()``, a select case, a dropped result) are counted along its paths by
the same :class:`facts.StrandFinder` that counts partners of a channel the caller made. A
result handed on where we cannot follow it (returned again, stored, passed to unknown code)
makes the finder silent.

Only a channel the function does nothing else with qualifies: every use is in the goroutines
it starts, a ``return`` of it at one result position (every return the make can reach), or a
mention. A function that sends on the channel itself before returning it blocks at once (no
one else can hold it yet): that is :func:`facts.find_self_blocks`'s question.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gostuck.analysis.flow import facts, funcvals, module
from gostuck.analysis.flow.facts import Analyzer, Channel, Goroutine, Op, Returned, Use
from gostuck.analysis.flow.index import FuncRef, PackageIndex
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse


@dataclass(frozen=True, slots=True)
class ReturnedChannel:
    """A channel a function makes, hands to goroutines it starts, and returns."""

    func: Node
    path: str  # the function's file
    name: str  # its local name there
    make: Node  # the make call
    capacity: int | None
    result: int  # the result position it is returned at
    results: int  # how many results the function has
    uses: tuple[Use, ...]  # its uses in the function
    gos: tuple[Node, ...]  # the go statements whose goroutines hold it


def _result_count(func: Node, index: PackageIndex) -> int | None:
    """Count the results of ``func`` when one may be a channel; None for named results.

    A named result can be returned by a bare ``return``: not followed.
    """
    res = func.child_by_field_name("result")
    if res is None:
        return None
    if res.type != "parameter_list":
        return 1 if _may_be_chan(res, index) else None
    decls = [c for c in res.named_children if c.type == "parameter_declaration"]
    if any(d.child_by_field_name("name") is not None for d in decls):
        return None
    if not any(_may_be_chan(d.child_by_field_name("type"), index) for d in decls):
        return None
    return len(decls)


def _may_be_chan(t: Node | None, index: PackageIndex) -> bool:
    if t is None:
        return False
    if t.type == "channel_type":
        return True
    return t.type == "type_identifier" and index.is_chan_type(parse.text(t))


def returned_channels(an: Analyzer, func: Node, path: str) -> list[ReturnedChannel]:
    """Return the summaries of the channels ``func`` returns to its caller with goroutines.

    Cached per package (the function's node names it).
    """
    key = ("returned", func.id)
    got = an.index.memo.get(key)
    if isinstance(got, list):
        return got
    out = _returned_channels(an, func, path)
    an.index.memo[key] = out
    return out


def _returned_channels(an: Analyzer, func: Node, path: str) -> list[ReturnedChannel]:
    if func.type not in ("function_declaration", "method_declaration") or func.has_error:
        return []
    results = _result_count(func, an.index)
    body = cfgmod.body_of(func)
    if results is None or body is None:
        return []
    gos = [
        stmt for stmt in facts.find_go_statements(body) if parse.enclosing_function(stmt) == func
    ]
    if not gos:
        return []
    g = an.graphs.get(func)
    if g is None:
        return []
    out: list[ReturnedChannel] = []
    for ch in facts.find_channels(func):
        if ch.capacity is None or "." in ch.name:
            continue
        found = _summary(an, func, body, g, ch, gos, results)
        if found is not None:
            out.append(
                ReturnedChannel(
                    func,
                    path,
                    ch.name,
                    ch.make,
                    ch.capacity,
                    found[0],
                    results,
                    tuple(found[1]),
                    tuple(found[2]),
                )
            )
    return out


def _summary(
    an: Analyzer,
    func: Node,
    body: Node,
    g: cfgmod.CFG,
    ch: Channel,
    gos: list[Node],
    results: int,
) -> tuple[int, list[Use], list[Node]] | None:
    """Return (result position, uses, go statements): ``func`` only starts and returns ``ch``."""
    uses = facts.name_uses(body, ch.name, an.index)
    defs = [u for u in uses if u.op is Op.DEF]
    if len(defs) != 1 or defs[0].node.id != ch.decl.id:
        return None
    by_call: dict[int, Node] = {}
    by_lit: dict[int, Node] = {}
    for stmt in gos:
        call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
        fn = call.child_by_field_name("function") if call is not None else None
        if call is None or fn is None:
            continue
        by_call[call.id] = stmt
        if fn.type == "func_literal":
            by_lit[fn.id] = stmt
    holders: dict[int, Node] = {}
    returns: set[int] = set()
    position: int | None = None
    for u in uses:
        if u.op in (Op.DEF, Op.NONE):
            continue
        owner = facts.innermost_function(u.ident, func)
        if owner.id != func.id:
            held = by_lit.get(owner.id)
            if held is None:
                return None  # a literal that is no goroutine of ``func``
            holders[held.id] = held
            continue
        if u.op is Op.CALL and u.node.id in by_call:
            stmt = by_call[u.node.id]  # ``go worker(ch)``
            holders[stmt.id] = stmt
            continue
        at = _returned_at(u, results)
        if at is None:
            return None  # sent on, received, closed, stored, passed on by ``func`` itself
        ret, i = at
        if position is not None and i != position:
            return None
        position = i
        returns.add(ret.id)
    if position is None or not holders:
        return None
    # Every way out after the make returns the channel: no path drops it with goroutines.
    made = g.block_of(ch.decl)
    if made is None:
        return None
    for b in g.reachable(made):
        blk = g.blocks[b]
        if blk.kind is cfgmod.Kind.RETURN and (blk.node is None or blk.node.id not in returns):
            return None
    return position, uses, sorted(holders.values(), key=lambda n: n.start_byte)


def _returned_at(u: Use, results: int) -> tuple[Node, int] | None:
    """For ``return ch`` (or ``return ch, nil``): the return statement and the position."""
    if u.op is not Op.ESCAPE or u.node.type != "expression_list":
        return None
    ret = u.node.parent
    if ret is None or ret.type != "return_statement":
        return None
    values = u.node.named_children
    if len(values) != results:
        return None
    ident = u.ident
    while ident.parent is not None and ident.parent.type == "parenthesized_expression":
        ident = ident.parent
    ids = [v.id for v in values]
    return (ret, ids.index(ident.id)) if ident.id in ids else None


# How many functions that only pass the channel on (``return gen()``) are followed outwards.
MAX_RELAYS = 2


@dataclass(frozen=True, slots=True)
class Site:
    """A call that gets the channel: the result position it arrives at, of how many.

    ``index`` and ``path`` are the caller's package and file when the call sits in another
    package of the module (None and "" for the generator's own package).
    """

    call: Node
    result: int
    results: int
    index: PackageIndex | None = None
    path: str = ""


def applied_sites(rc: ReturnedChannel, index: PackageIndex) -> Iterator[Site]:
    """Yield every call where the channel of ``rc`` reaches a caller that may use it.

    A function whose every return passes the channel on from a call of ``rc.func``
    (``func Open() <-chan E { return open(0) }``) is no holder: its own callers are, with
    the goroutines started at their call (``MAX_RELAYS`` such functions outwards).
    """
    todo = [(rc.func, rc.result, rc.results, 0)]
    seen = {rc.func.id}
    while todo:
        func, result, results, depth = todo.pop()
        for call in call_sites(func, index):
            relay = _relay(call, func, result, results) if depth < MAX_RELAYS else None
            if relay is None:
                yield Site(call, result, results)
                continue
            outer, pos, count = relay
            if outer.id not in seen:
                seen.add(outer.id)
                todo.append((outer, pos, count, depth + 1))
        for call, cpath, cindex in module.calls_from_importers(func, rc.path, index.memo):
            yield Site(call, result, results, cindex, cpath)


def site_analyzer(an: Analyzer, site: Site) -> Analyzer:
    """Return the analyzer of the caller's package: ``an`` itself, or one for an importer."""
    if site.index is None:
        return an
    key = ("summaries.site_analyzer", site.path)
    got = an.index.memo.get(key)
    if not isinstance(got, facts.Analyzer):
        got = facts.Analyzer(site.path, site.index)
        an.index.memo[key] = got
    return got


def _relay(call: Node, func: Node, result: int, results: int) -> tuple[Node, int, int] | None:
    """For ``return f()``: the function around it, and where the channel leaves it.

    Only when every return of that function passes the channel on from a call of ``func``
    at the same result position: otherwise some of its paths have no such channel.
    """
    if results != 1:
        return None  # ``return f()`` of several results passes them all; keep it simple
    values = call.parent
    ret = values.parent if values is not None else None
    if values is None or ret is None or values.type != "expression_list":
        return None
    if ret.type != "return_statement":
        return None
    outer = parse.enclosing_function(ret)
    body = cfgmod.body_of(outer) if outer is not None else None
    if outer is None or body is None or outer.type == "func_literal" or outer.id == func.id:
        return None
    callee = call.child_by_field_name("function")
    if callee is None:
        return None
    pos = [c.id for c in values.named_children].index(call.id)
    count = len(values.named_children)
    for r in parse.iter_descendants(body):
        if r.type != "return_statement" or parse.enclosing_function(r) != outer:
            continue
        vals = next((c for c in r.named_children if c.type == "expression_list"), None)
        got = vals.named_children if vals is not None else []
        if len(got) != count or got[pos].type != "call_expression":
            return None
        fn = got[pos].child_by_field_name("function")
        if fn is None or fn.text != callee.text:
            return None
    return outer, pos, count


def call_sites(func: Node, index: PackageIndex) -> Iterator[Node]:
    """Yield every call of ``func`` in the package that certainly runs it.

    A method call counts only when its receiver's declared type is the method's: an
    interface's dynamic type may be another package's.
    """
    recv = index_receiver(func)
    for call in funcvals.calls_of(func, index):
        if call.type != "call_expression":
            continue  # used as a value: that use is not a call we can apply the summary to
        fn = call.child_by_field_name("function")
        if fn is None:
            continue
        ref = facts.resolve_call(fn, index)
        if ref is None or ref.node.id != func.id:
            continue
        if recv is not None:
            operand = (
                fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
            )
            if operand is None:
                continue
            typ = (
                facts.operand_type(operand, index)
                if operand.type == "identifier"
                else funcvals.expr_type(operand, index)
            )
            if typ != recv:
                continue
        yield call


def index_receiver(func: Node) -> str | None:
    """Return the receiver type of a method, None for a function."""
    if func.type != "method_declaration":
        return None
    from gostuck.analysis.flow.index import receiver_type_name

    return receiver_type_name(func) or ""


def channel_at(rc: ReturnedChannel, site: Site, caller_path: str) -> Channel | None:
    """Return the channel the caller holds from ``call``: bound to a local, or used on the spot.

    ``ch := gen()`` and ``var ch = gen()`` name it ``ch``; ``for v := range gen()``,
    ``<-gen()`` and a select case use it unnamed; ``gen()`` and ``_ = gen()`` drop it (no
    use at all). Anything else (``x = gen()`` to a variable declared elsewhere, ``return
    gen()``, ``go gen()``) is None.
    """
    call = site.call
    n = call
    while n.parent is not None and n.parent.type == "parenthesized_expression":
        n = n.parent
    p = n.parent
    if p is None:
        return None
    name = ""
    uses: list[Use] = []
    decl: Node = n
    if p.type == "expression_statement":
        decl = p
    elif p.type == "expression_list" and p.parent is not None and len(p.named_children) == 1:
        stmt = p.parent
        targets: list[Node]
        if stmt.type in ("short_var_declaration", "assignment_statement"):
            if stmt.child_by_field_name("right") != p:
                return None
            left = stmt.child_by_field_name("left")
            targets = list(left.named_children) if left is not None else []
        else:
            return None
        if len(targets) != site.results:
            return None
        target = targets[site.result]
        if target.type != "identifier":
            return None
        if target.text != b"_":
            if stmt.type != "short_var_declaration":
                return None  # assigned to a variable declared elsewhere
            name = parse.text(target)
        decl = stmt
    elif p.type == "var_spec":
        names = list(p.children_by_field_name("name"))
        value = p.child_by_field_name("value")
        if value is None or len(value.named_children) != 1 or len(names) != site.results:
            return None
        if names[site.result].text != b"_":
            name = parse.text(names[site.result])
        decl = p
    else:
        if site.results != 1:
            return None
        u = facts.classify(call)
        if u.op in (Op.ESCAPE, Op.DEF) or (u.op is Op.CALL and u.node.id == call.id):
            return None
        if u.node.parent is not None and u.node.parent.type in ("go_statement", "defer_statement"):
            return None
        uses = [u]
    ret = Returned(call, rc.func, rc.name, rc.uses, rc.gos, rc.path, caller_path)
    return Channel(name, rc.make, decl, rc.capacity, uses=uses, make_path=rc.path, returned=ret)


def find_returned_strands(
    an: Analyzer, finder: facts.StrandFinder, goroutines: list[Goroutine]
) -> list[facts.Strand]:
    """Return the strands of goroutines whose function returns their channel to a caller.

    ``goroutines`` are the analysed file's; each function holding some of them that returns
    a channel it gave them is applied at its calls across the package. One strand per go
    statement and need: the first caller that strands it. When several callers strand the
    same goroutines, a fix sized for one of them may not do for the others: none is offered.
    """
    out: list[facts.Strand] = []
    seen: set[tuple[int, Op, bool]] = set()
    callers: dict[int, int] = {}  # go statement -> callers that strand it
    done: set[int] = set()
    for go in goroutines:
        func = go.parent
        if go.via is not None or func.id in done:
            continue
        done.add(func.id)
        for rc in returned_channels(an, func, an.path):
            for site in applied_sites(rc, an.index):
                caller = parse.enclosing_function(site.call)
                if caller is None or caller.has_error or caller.id == func.id:
                    continue
                san = site_analyzer(an, site)
                caller_path = site.path or funcvals.path_of(site.call, an.index)
                ch = channel_at(rc, site, caller_path)
                if ch is None:
                    continue
                own = [
                    made
                    for stmt in facts.find_go_statements(caller)
                    if parse.enclosing_function(stmt) == caller
                    and (made := facts.goroutine_of(stmt, caller_path, san.index)) is not None
                ]
                sfinder = finder if san is an else facts.StrandFinder(san, finder.quit_send)
                s = sfinder.find_returned(caller, ch, own)
                if s is None:
                    continue
                stmt_id = _reported(s).stmt.id
                callers[stmt_id] = callers.get(stmt_id, 0) + 1
                key = (stmt_id, s.need, s.every_path)
                if key in seen:
                    continue
                seen.add(key)
                out.append(s)
    return [
        dataclasses.replace(s, sole=False) if callers[_reported(s).stmt.id] > 1 else s for s in out
    ]


def _reported(s: facts.Strand) -> Goroutine:
    """Return the goroutine a strand is reported at (as the checks pick it)."""
    if s.culprit is not None:
        return s.culprit
    return min((go for go, _ in s.goroutines), key=lambda go: go.stmt.start_byte)


@dataclass(frozen=True, slots=True)
class EarlyStop:
    """A returned channel handed to a function that ranges over it and can stop early."""

    go: Node  # the generator's go statement
    send: Node  # its send in a loop
    call: Node  # the consumer's call
    consumer: Node  # the consumer function
    consumer_path: str
    stop: Node  # where the consumer leaves its range before the channel is closed
    name: str  # the channel's name in the generator
    call_path: str = ""  # the file of ``call`` (the caller's)
    # The consumer is a pipeline stage whose goroutine stops ranging because it blocks on its
    # own send (``stop``) once its reader stops: the stage's caller, which abandons it.
    stage_reader: Node | None = None


def early_stops(an: Analyzer, goroutines: list[Goroutine]) -> list[EarlyStop]:
    """Return generators whose only receiver can stop ranging over the channel and return.

        entries := scan(r)              // go func() { for ... { out <- e } }(); return out
        first, ok := firstError(entries) // for e := range ch { if bad(e) { return e, true } }

    The caller's one use of the channel (bound to a local, or the call's own value) is an
    argument of a package function whose parameter is used only by one ``range``, outside
    any literal; a path from that range's body reaches the function's return without the
    loop ending (``return`` or ``break`` out of it). The generator's goroutine sends in a
    loop, so after such a stop the next send has no receiver. Only when the consumer's
    result is all the caller gets: the caller does nothing else with the channel.
    """
    out: list[EarlyStop] = []
    done: set[int] = set()
    for go in goroutines:
        func = go.parent
        if go.via is not None or func.id in done or go.body is None:
            continue
        done.add(func.id)
        for rc in returned_channels(an, func, an.path):
            send = _looped_send(rc)
            if send is None:
                continue
            # The first caller that stops reading itself, or else the first that abandons a
            # stage the channel feeds.
            best: EarlyStop | None = None
            for site in applied_sites(rc, an.index):
                san = site_analyzer(an, site)
                found = _early_consumer(san, site, rc, an)
                if found is None:
                    continue
                call, consumer, cpath, stop, reader = found
                where = site.path or funcvals.path_of(call, an.index)
                e = EarlyStop(send[0], send[1], call, consumer, cpath, stop, rc.name, where, reader)
                if reader is None:
                    best = e
                    break
                best = best or e
            if best is not None:
                out.append(best)
    return out


def local_early_stops(an: Analyzer, goroutines: list[Goroutine]) -> list[EarlyStop]:
    """Return producers whose starter reads their channel in a range it can leave early.

        ahead := make(chan int, 16)
        go prefetch(pages, ahead)        // for _, p := range pages { ahead <- p }
        for body := range ahead {
            if body == want { return true }  // the producer fills 16 slots, then blocks
        }

    The starter makes the channel (unbuffered, or with a constant capacity) and its only
    uses are the goroutine's (a captured name, or the argument of a parameter) and one
    ``range`` of its own body that it can leave before the channel closes
    (:func:`leaves_range`). The goroutine sends on it in a loop, a plain send (a select may
    give up), over input whose length nothing here bounds (not a loop with a constant
    bound). After the early stop nothing receives, and once the buffer is full the
    producer blocks for good. A capacity that is not a constant (``len(pages)``) may hold
    every send: silence.
    """
    out: list[EarlyStop] = []
    for go in goroutines:
        if go.via is not None or go.body is None or go.in_loop:
            continue
        found = _local_early_stop(an, go)
        if found is not None:
            out.append(found)
    return out


def _local_early_stop(an: Analyzer, go: Goroutine) -> EarlyStop | None:
    parent = go.parent
    body = cfgmod.body_of(parent)
    if body is None or go.body is None:
        return None
    # The channel's name in the starter and in the goroutine.
    pairs: list[tuple[str, str]] = []
    if go.body.type == "func_literal":
        pairs = [(n, n) for n in _captured_names(go.body)]
    else:
        for arg, param in zip(go.args, go.params, strict=False):
            if arg.type == "identifier" and param:
                pairs.append((parse.text(arg), param))
    for name, inner in pairs:
        made = _made_here(body, parent, name)
        if made is None:
            continue
        send = _send_in_loop(go.body, inner)
        if send is None:
            continue
        loop = _only_range(body, parent, name, go.stmt, made)
        stop = leaves_range(parent, loop) if loop is not None else None
        if stop is None:
            continue
        return EarlyStop(go.stmt, send, made, parent, an.path, stop, name, an.path)
    return None


def _captured_names(lit: Node) -> list[str]:
    params = set(facts.param_names(lit))
    out: list[str] = []
    for n in parse.iter_descendants(lit):
        if n.type == "identifier" and parse.text(n) not in params and parse.text(n) not in out:
            out.append(parse.text(n))
    return out


def _made_here(body: Node, func: Node, name: str) -> Node | None:
    """``name := make(chan T)`` or ``make(chan T, <constant>)``, declared once in ``func``."""
    want = name.encode()
    decls: list[Node] = []
    for st in parse.iter_descendants(body):
        if st.type not in ("short_var_declaration", "var_spec"):
            continue
        left = st.child_by_field_name("left") if st.type == "short_var_declaration" else st
        if left is not None and any(
            c.type == "identifier" and c.text == want
            for c in left.named_children
            if st.type == "short_var_declaration" or c == st.child_by_field_name("name")
        ):
            decls.append(st)
    if len(decls) != 1 or decls[0].type != "short_var_declaration":
        return None
    if facts.innermost_function(decls[0], func).id != func.id:
        return None
    pair = parse.single_pair(decls[0])
    if pair is None or not is_chan_make(pair[1]):
        return None
    args = pair[1].child_by_field_name("arguments")
    sizes = [a for a in args.named_children if a.type != "comment"][1:] if args else []
    if sizes and facts.int_value(sizes[0]) is None:
        return None  # a capacity computed at run time may hold every send
    return decls[0]


def _send_in_loop(gbody: Node, name: str) -> Node | None:
    """Return the plain send on ``name`` in a loop whose length is not a constant."""
    want = name.encode()
    for n in parse.iter_descendants(gbody):
        if n.type != "send_statement" or facts.innermost_function(n, gbody).id != gbody.id:
            continue
        ch = n.child_by_field_name("channel")
        if ch is None or ch.type != "identifier" or ch.text != want:
            continue
        if n.parent is not None and n.parent.type == "communication_case":
            return None  # a select: it may give up
        loop = facts.innermost_loop(n, gbody)
        if loop is None or _constant_loop(loop):
            continue
        return n
    return None


def _constant_loop(loop: Node) -> bool:
    """``for i := 0; i < 3; i++`` or a range over a literal or a constant: a known count."""
    for c in loop.named_children:
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            return right is not None and (
                right.type in ("composite_literal", "int_literal")
                or facts.int_value(right) is not None
            )
        if c.type == "for_clause":
            cond = c.child_by_field_name("condition")
            if cond is not None and cond.type == "binary_expression" and cond.named_children:
                return facts.int_value(cond.named_children[-1]) is not None
            return False
    return False


def _only_range(body: Node, func: Node, name: str, go: Node, decl: Node) -> Node | None:
    """Return the starter's one ``range`` over ``name``, its other uses the goroutine's."""
    want = name.encode()
    loop: Node | None = None
    for n in parse.iter_descendants(body):
        if n.type != "identifier" or n.text != want:
            continue
        if decl.start_byte <= n.start_byte < decl.end_byte:
            continue
        if go.start_byte <= n.start_byte < go.end_byte:
            continue
        clause = n.parent
        if (
            clause is None
            or clause.type != "range_clause"
            or clause.child_by_field_name("right") != n
            or loop is not None
            or facts.innermost_function(n, func).id != func.id
        ):
            return None
        loop = clause.parent
    return loop


def _looped_send(rc: ReturnedChannel) -> tuple[Node, Node] | None:
    """Return the go statement and its send on ``rc``'s channel that sits in a loop."""
    if len(rc.gos) != 1:
        return None
    stmt = rc.gos[0]
    call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
    lit = call.child_by_field_name("function") if call is not None else None
    if lit is None or lit.type != "func_literal":
        return None
    want = rc.name.encode()
    for n in parse.iter_descendants(lit):
        if n.type != "send_statement":
            continue
        ch = n.child_by_field_name("channel")
        if ch is None or ch.type != "identifier" or ch.text != want:
            continue
        if facts.innermost_function(n, lit).id != lit.id:
            continue
        if n.parent is not None and n.parent.type == "communication_case":
            return None  # a select case: it may give up (a done channel, a context)
        if facts.innermost_loop(n, lit) is not None:
            return stmt, n
    return None


def _early_consumer(
    an: Analyzer, site: Site, rc: ReturnedChannel, gen: Analyzer, depth: int = 0
) -> tuple[Node, Node, str, Node, Node | None] | None:
    """For a call site of the generator: the consumer call, its function, file and early stop.

    ``an`` is the caller's package's analyzer, ``gen`` the generator's. The last item is
    the caller that abandons a pipeline stage the channel is handed to (None otherwise).
    """
    if site.results != 1:
        return None
    call = site.call
    caller = parse.enclosing_function(call)
    if caller is None or caller.has_error:
        return None
    parent = call.parent
    arg: Node | None = None
    if parent is not None and parent.type == "range_clause":
        # for v := range gen() { ... return }: the caller is the consumer
        loop = parent.parent if parent.child_by_field_name("right") == call else None
        stop = leaves_range(caller, loop) if loop is not None else None
        return (call, caller, an.path, stop, None) if stop is not None else None
    if parent is not None and parent.type == "argument_list":
        arg = call  # consume(gen())
    elif parent is not None and parent.type == "expression_list":
        stmt = parent.parent
        if stmt is None or stmt.type != "short_var_declaration":
            return None
        pair = parse.single_pair(stmt)
        if pair is None or pair[0].type != "identifier":
            return None
        name = pair[0].text
        body = cfgmod.body_of(caller)
        if body is None:
            return None
        uses = [
            n
            for n in parse.iter_descendants(body)
            if n.type == "identifier" and n.text == name and n.id != pair[0].id
        ]
        if len(uses) == 1 and uses[0].parent is not None and uses[0].parent.type == "range_clause":
            # ch := gen(); for v := range ch { ... return }: the caller is the consumer
            clause = uses[0].parent
            loop = clause.parent if clause.child_by_field_name("right") == uses[0] else None
            stop = leaves_range(caller, loop) if loop is not None else None
            return (stmt, caller, an.path, stop, None) if stop is not None else None
        if len(uses) != 1 or uses[0].parent is None or uses[0].parent.type != "argument_list":
            return None
        arg = uses[0]
    if arg is None or arg.parent is None:
        return None
    consume = arg.parent.parent
    if consume is None or consume.type != "call_expression":
        return None
    fn = consume.child_by_field_name("function")
    bound = _bound_param(an, fn, arg) or _bound_in_generator_package(gen, site, fn, arg)
    if bound is None or bound[0].node.type != "function_declaration" or bound[0].node.has_error:
        return None
    ref, param = bound
    stop = _stops_ranging(ref.node, param)
    if stop is not None:
        return consume, ref.node, ref.path or an.path, stop, None
    if depth >= MAX_RELAYS:
        return None
    # A pipeline stage: its goroutine ranges over the parameter and sends each result on the
    # channel it returns. When its own reader abandons it, it blocks on that send and stops
    # ranging: the channel handed to it is left unread too.
    stage_an = gen if site.index is not None or ref.path != an.path else an
    for rc2 in returned_channels(stage_an, ref.node, ref.path or an.path):
        send = _stage_send(rc2, param)
        if send is None:
            continue
        site2 = Site(consume, rc2.result, rc2.results, site.index, site.path)
        found = _early_consumer(an, site2, rc2, gen, depth + 1)
        if found is not None:
            return consume, ref.node, ref.path or an.path, send, found[4] or found[1]
    return None


def _bound_in_generator_package(
    gen: Analyzer, site: Site, fn: Node | None, arg: Node
) -> tuple[FuncRef, str] | None:
    """``pkg.F(ch)`` in an importer, where ``pkg`` is the generator's own package."""
    if site.index is None or fn is None or fn.type != "selector_expression" or arg.parent is None:
        return None
    operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if operand is None or field is None:
        return None
    mod = module.module_of(gen.path)
    want = mod.import_path(os.path.dirname(os.path.abspath(gen.path))) if mod else None
    if want is None or module.import_alias(site.index.root, want) != operand.text:
        return None
    ref = gen.index.function(parse.text(field))
    return _param_bound(ref, arg) if ref is not None else None


def _stage_send(rc: ReturnedChannel, param: str) -> Node | None:
    """Return the plain send on the channel of ``rc`` in its goroutine's range over ``param``."""
    if len(rc.gos) != 1:
        return None
    call = next((c for c in rc.gos[0].named_children if c.type == "call_expression"), None)
    lit = call.child_by_field_name("function") if call is not None else None
    if lit is None or lit.type != "func_literal" or param in facts.param_names(lit):
        return None
    for n in parse.iter_descendants(lit):
        if n.type != "range_clause" or facts.innermost_function(n, lit).id != lit.id:
            continue
        right = n.child_by_field_name("right")
        loop = n.parent
        if (
            right is None
            or loop is None
            or right.type != "identifier"
            or right.text != param.encode()
        ):
            continue
        for m in parse.iter_descendants(loop):
            if m.type != "send_statement" or facts.innermost_function(m, lit).id != lit.id:
                continue
            ch = m.child_by_field_name("channel")
            in_select = m.parent is not None and m.parent.type == "communication_case"
            if ch is not None and ch.text == rc.name.encode() and not in_select:
                return m
    return None


def graph_or_none(func: Node) -> cfgmod.CFG | None:
    """Return the CFG of ``func``, uncached, or None when it cannot be built.

    For the summaries asked of callees outside the analysed file's own graph cache; the
    same failures as :class:`facts.Graphs` mean no graph (a syntax error, code too deep).
    """
    try:
        return cfgmod.build(func)
    except (cfgmod.Unsupported, RecursionError):
        return None


def _bound_param(an: Analyzer, fn: Node | None, arg: Node) -> tuple[FuncRef, str] | None:
    """Return the package function a call runs and the parameter its argument ``arg`` binds."""
    ref = facts.resolve_call(fn, an.index) if fn is not None else None
    return _param_bound(ref, arg) if ref is not None else None


def _param_bound(ref: FuncRef, arg: Node) -> tuple[FuncRef, str] | None:
    """Return ``ref`` with the name of the parameter the call argument ``arg`` binds."""
    if arg.parent is None:
        return None
    idx = [c.id for c in arg.parent.named_children if c.type != "comment"].index(arg.id)
    params = facts.param_names(ref.node)
    if idx >= len(params) or not params[idx]:
        return None
    return ref, params[idx]


def _stops_ranging(func: Node, param: str) -> Node | None:
    """Where ``func`` leaves its one ``range`` over ``param`` without the loop ending."""
    body = cfgmod.body_of(func)
    if body is None:
        return None
    want = param.encode()
    uses = [n for n in parse.iter_descendants(body) if n.type == "identifier" and n.text == want]
    if len(uses) != 1:
        return None
    clause = uses[0].parent
    if (
        clause is None
        or clause.type != "range_clause"
        or clause.child_by_field_name("right") != uses[0]
    ):
        return None
    loop = clause.parent
    return leaves_range(func, loop) if loop is not None else None


def leaves_range(func: Node, loop: Node) -> Node | None:
    """Where ``func`` leaves the range ``loop`` (its own, not a literal's) before it ends."""
    if facts.innermost_function(loop, func).id != func.id:
        return None
    g = graph_or_none(func)
    if g is None:
        return None
    header = g.by_node.get(loop.id)
    if header is None or g.blocks[header].loop_body is None:
        return None
    inner = g.without_edges_into({header})
    start = g.blocks[header].loop_body
    assert start is not None
    end = g.blocks[header].loop_exit
    seen: set[int] = set()
    todo = [start]
    while todo:
        b = todo.pop()
        if b in seen or b == end:
            continue
        seen.add(b)
        blk = g.blocks[b]
        if b == g.exit:
            return None  # not expected: the exit is reached through a return block
        for s in inner.succs(b):
            if s == g.exit and blk.kind is cfgmod.Kind.RETURN and blk.node is not None:
                return blk.node
            todo.append(s)
    # A break out of the loop reaches the loop's exit block as the range's end does: found
    # by its target instead (the innermost loop, switch or select around it).
    for n in parse.iter_descendants(loop):
        if n.type != "break_statement" or n.named_children:
            continue
        target = next(
            (
                a
                for a in parse.ancestors(n)
                if a.type in _BREAK_TARGETS or a.type in parse.FUNCTION_TYPES
            ),
            None,
        )
        if target is not None and target.id == loop.id:
            return n
    return None


_BREAK_TARGETS = frozenset(
    {"for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"}
)


@dataclass(frozen=True, slots=True)
class PartialClose:
    """A channel whose only closer is a function that can return without closing it."""

    go: Node  # the goroutine ranging over it
    range_loop: Node  # its range loop
    range_path: str
    name: str  # the channel's name in the function that made it
    closer: Node  # the function closing it on some paths
    closer_path: str
    skip: Node  # a return of the closer reached without closing


def partial_closes(an: Analyzer, goroutines: list[Goroutine]) -> list[PartialClose]:
    """Return goroutines ranging over a channel that its one closer can leave open.

        rows := make(chan row)
        go func() { errc <- extract(r, rows) }()   // closes rows at its end, but
        go func() { n <- load(rows) }()            //   returns early on a bad line
        //                                          load's range never ends

    The channel is made in the function ``F`` that starts the ranging goroutine (or passes it
    to the one function that does, ``startWriters(rows)``), and every mention of it in ``F``
    is understood: the make, ranges and sends inside ``F``'s goroutines, and arguments of
    calls of package functions. Exactly one of those functions closes its parameter, and it
    does nothing with it but send on it and close it; ``F`` never closes it itself. When a
    path of that closer reaches its return without ``close`` (or a deferred one), the range
    never ends on that path.
    """
    out: list[PartialClose] = []
    for go in goroutines:
        if go.body is None or go.via is not None:
            continue
        for loop, name, lpath in _ranged_names(an, go):
            found = _channel_owner(an, go, go.parent, name)
            if found is None:
                continue
            fn, ch = found
            closer = _sole_partial_closer(an, fn, ch)
            if closer is not None:
                out.append(PartialClose(go.stmt, loop, lpath, ch, closer[0], closer[1], closer[2]))
    return out


def _ranged_names(an: Analyzer, go: Goroutine) -> Iterator[tuple[Node, str, str]]:
    """Yield the goroutine's range loops over a plain name (or a callee's, over an argument)."""
    assert go.body is not None
    body = cfgmod.body_of(go.body)
    if body is None:
        return
    own = parse.own_ids(body)
    for n in parse.iter_descendants(body):
        if n.id not in own:
            continue
        if n.type == "range_clause":
            right = n.child_by_field_name("right")
            if right is not None and right.type == "identifier" and n.parent is not None:
                yield n.parent, parse.text(right), go.path
        elif n.type == "call_expression" and go.body.type == "func_literal":
            yield from _callee_ranges(an, n)


def _callee_ranges(an: Analyzer, call: Node) -> Iterator[tuple[Node, str, str]]:
    """For ``load(rows)`` in a goroutine's literal: ``load``'s range over that parameter."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or fn.type != "identifier":
        return
    values = [c for c in args.named_children if c.type != "comment"]
    ref = facts.resolve_call(fn, an.index)
    if ref is None or ref.node.type != "function_declaration":
        return
    decl = ref.node
    params = facts.param_names(decl)
    for i, v in enumerate(values):
        if v.type != "identifier" or i >= len(params) or not params[i]:
            continue
        if _param_role(decl, params[i]) != "use":
            continue
        body = cfgmod.body_of(decl)
        for n in parse.iter_descendants(body) if body is not None else []:
            right = n.child_by_field_name("right") if n.type == "range_clause" else None
            if right is not None and right.text == params[i].encode() and n.parent is not None:
                yield n.parent, parse.text(v), ref.path or an.path
                break


def _channel_owner(an: Analyzer, go: Goroutine, parent: Node, name: str) -> tuple[Node, str] | None:
    """Return the function that made the ranged channel and its name there."""
    if go.body is not None and go.body.type != "func_literal":
        # ``go load(rows)``: the range is over a parameter bound at the go statement.
        idx = go.params.index(name) if name in go.params else -1
        arg = go.args[idx] if 0 <= idx < len(go.args) else None
        if arg is None or arg.type != "identifier":
            return None
        return (parent, parse.text(arg)) if _made_in(parent, parse.text(arg)) else None
    if _made_in(parent, name):
        return parent, name
    # A literal of a function that got the channel as a parameter: its one caller made it.
    params = facts.param_names(parent)
    if name not in params or parent.type not in ("function_declaration", "method_declaration"):
        return None
    callers = list(call_sites(parent, an.index))
    if len(callers) != 1:
        return None
    call = callers[0]
    args = call.child_by_field_name("arguments")
    values = [c for c in args.named_children if c.type != "comment"] if args else []
    i = params.index(name)
    if i >= len(values) or values[i].type != "identifier":
        return None
    caller = parse.enclosing_function(call)
    if caller is None or not _made_in(caller, parse.text(values[i])):
        return None
    return caller, parse.text(values[i])


def _made_in(func: Node, name: str) -> bool:
    """Tell whether ``func`` declares ``name`` once, as ``name := make(chan ...)``."""
    body = cfgmod.body_of(func)
    if body is None:
        return False
    want = name.encode()
    decls = 0
    made = False
    for n in parse.iter_descendants(body):
        if n.type != "identifier" or n.text != want:
            continue
        p = n.parent
        if p is not None and p.type in ("parameter_declaration", "var_spec", "range_clause"):
            return False
        if p is not None and p.type == "expression_list" and p.parent is not None:
            stmt = p.parent
            if stmt.type == "short_var_declaration" and stmt.child_by_field_name("left") == p:
                decls += 1
                pair = parse.single_pair(stmt)
                made = pair is not None and is_chan_make(pair[1])
    return decls == 1 and made


def is_chan_make(expr: Node) -> bool:
    """Tell whether ``expr`` is ``make(chan T...)``."""
    if expr.type != "call_expression":
        return False
    fn = expr.child_by_field_name("function")
    args = expr.child_by_field_name("arguments")
    return (
        fn is not None
        and fn.text == b"make"
        and args is not None
        and bool(args.named_children)
        and args.named_children[0].type == "channel_type"
    )


def _sole_partial_closer(an: Analyzer, func: Node, name: str) -> tuple[Node, str, Node] | None:
    """Return the one callee closing ``name`` for ``func`` that can return without closing."""
    body = cfgmod.body_of(func)
    if body is None:
        return None
    want = name.encode()
    closers: list[tuple[Node, str, Node]] = []
    for n in parse.iter_descendants(body):
        if n.type != "identifier" or n.text != want:
            continue
        p = n.parent
        if p is None:
            return None
        if (
            p.type == "expression_list"
            and p.parent is not None
            and p.parent.type == "short_var_declaration"
        ):
            continue  # the make
        if p.type in ("range_clause", "send_statement"):
            if p.type == "send_statement" and p.child_by_field_name("channel") != n:
                return None
            continue
        if p.type == "unary_expression":
            continue  # a receive
        if p.type != "argument_list" or p.parent is None:
            return None
        call = p.parent
        fn = call.child_by_field_name("function")
        if fn is not None and fn.text == b"close":
            return None  # ``func`` closes it itself
        if fn is not None and fn.text in (b"len", b"cap"):
            continue
        bound = _bound_param(an, fn, n)
        if bound is None or bound[0].node.type == "func_literal":
            return None
        ref, param = bound
        use = _param_role(ref.node, param)
        if use is None:
            return None
        if use == "close":
            skip = _returns_unclosed(ref.node, param)
            if skip is None:
                return None  # it closes on every path: no question
            closers.append((ref.node, ref.path or an.path, skip))
    return closers[0] if len(closers) == 1 else None


def _param_role(func: Node, param: str) -> str | None:
    """Return how ``func`` uses its channel parameter ``param``: ``close`` or ``use``.

    ``close`` when it closes it (and sends on it), ``use`` when it only ranges over,
    receives from or sends on it; None for anything else (handed on, stored).
    """
    body = cfgmod.body_of(func)
    if body is None:
        return None
    want = param.encode()
    closes = False
    for n in parse.iter_descendants(body):
        if n.type != "identifier" or n.text != want:
            continue
        p = n.parent
        if p is None:
            return None
        if p.type == "send_statement" and p.child_by_field_name("channel") == n:
            continue
        if p.type in ("range_clause", "unary_expression"):
            continue
        if p.type == "argument_list" and p.parent is not None:
            fn = p.parent.child_by_field_name("function")
            if (
                fn is not None
                and fn.text == b"close"
                and facts.innermost_function(n, func).id == func.id
            ):
                closes = True
                continue
            if fn is not None and fn.text in (b"len", b"cap"):
                continue
        return None
    return "close" if closes else "use"


def _returns_unclosed(func: Node, param: str) -> Node | None:
    """Return a return statement of ``func`` some path reaches without closing ``param``."""
    g = graph_or_none(func)
    if g is None:
        return None
    body = cfgmod.body_of(func)
    if body is None:
        return None
    want = param.encode()
    closing: set[int] = set()
    for n in parse.iter_descendants(body):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if fn is None or fn.text != b"close" or args is None:
                continue
            if [a.text for a in args.named_children] != [want]:
                continue
            b = g.block_of(n)
            if b is not None:
                closing.add(b)
    if not closing:
        return None
    seen: set[int] = set()
    todo = [(g.entry, g.entry)]
    while todo:
        frm, b = todo.pop()
        if b in seen or b in closing:
            continue
        seen.add(b)
        if b == g.exit:
            last = g.blocks[frm]
            return last.node if last.kind is cfgmod.Kind.RETURN and last.node is not None else None
        todo.extend((b, s) for s in g.succs(b))
    return None
