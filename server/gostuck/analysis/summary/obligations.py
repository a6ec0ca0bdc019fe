"""Objects whose goroutine runs until the owner releases them, and owners that never do.

    func New() *Cache {
        c := &Cache{stop: make(chan struct{})}
        go c.janitor()         // for { select { case <-t.C: ...; case <-c.stop: return } }
        return c
    }
    func (c *Cache) Close() { close(c.stop) }

    func handle(...) {         // runs once per request
        cache := store.New()
        ...                    // returns without cache.Close(): the janitor ticks for ever
    }

A constructor's summary (:class:`Held`) says: the goroutine it starts holds the object it
returns, and can end only through an operation on one of that object's channel fields (every
path from the goroutine's entry to its return goes through a receive from ``c.f``, a select
case on it, or the end of a ``range`` over it). Such a field is *released* only by a send on
it or a close of it, and the summary holds only when the package sees every such write:
the field is unexported (or the package is ``main``), every write sits in a method of the
object's type on its own receiver, and every other use of the field receives from it,
measures it, compares it, or is the constructor's own ``make``. The methods that release it
(and the methods that call those on their receiver) are the *releasers*.

At each call of the constructor (in the package, or in a package of the same module that
imports it: :mod:`gostuck.analysis.flow.module`), the caller is the object's owner when it binds
the result to a local that it only uses as a receiver of methods that keep it to themselves
(their receiver is only ever the operand of a selector), compares, or reads fields of. A
path of the caller from the call to its return (or back round a loop to the call, which
overwrites the local) that calls no releaser on it drops the object with its goroutine
running: a :class:`Drop`. Error paths right after the call (``if err != nil``) are left out:
a constructor that fails returns no object. Anything else (the local handed to a call,
stored, returned, captured by a func literal, reassigned, shadowed) makes the owner unknown,
and unknown is silence.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from tree_sitter import Node

from gostuck.analysis import lifetime
from gostuck.analysis.flow import facts, module
from gostuck.analysis.flow.index import (
    PackageIndex,
    cached_tree,
    chan_struct_names,
    methods_of,
    package_name,
    receiver_type_name,
    struct_types,
)
from gostuck.analysis.summary import summaries
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

# How many methods deep a receiver is followed to decide it stays with its method.
_MAX_KEEP_DEPTH: Final = 3


@dataclass(frozen=True, slots=True)
class Held:
    """A goroutine ``func`` starts that runs until a releaser is called on the object returned."""

    func: Node  # the constructor
    path: str  # its file
    go: Node  # the go statement
    type_name: str  # the object's struct type
    result: int  # the result position the object leaves by
    results: int  # how many results the constructor has
    park: Node  # where the goroutine waits for the release
    park_path: str
    fields: frozenset[str]  # the channel fields whose release ends it
    releasers: frozenset[str]  # the methods of the type that release one
    # The goroutine waits on a context field whose parent is the constructor's parameter at
    # this position: the object is dropped only where the caller's argument is never done.
    parent_arg: int | None = None
    # The object is the cancel function itself (``return conn, cancel``): calling it releases.
    is_cancel: bool = False


@dataclass(frozen=True, slots=True)
class Drop:
    """A call of a constructor whose caller can return without releasing the object."""

    call: Node
    path: str  # the caller's file
    caller: Node
    at: Node  # where the object is dropped: a return, the function's end, the call again
    every_path: bool  # no releaser is called on any path
    many: bool  # the caller runs more than once per process, or the call sits in a loop
    released: Node | None  # a releaser call on some other path, if any
    # The object was put in a container that the owner's object releases: its type, the
    # container's field and the methods that release every object in it (``politeFetcher``,
    # ``limiters``, ``{"Close"}``). Empty when the caller holds the object itself.
    holder: str = ""
    container: str = ""
    holder_releasers: frozenset[str] = frozenset()


# --- the constructor's summary ------------------------------------------------------------


def held(index: PackageIndex, func: Node, path: str) -> list[Held]:
    """Return the summaries of the goroutines ``func`` starts and leaves to its result's owner.

    Cached per package (the function's node names it).
    """
    key = ("obligations.held", func.id)
    got = index.memo.get(key)
    if isinstance(got, list):
        return got
    out = _held(index, func, path)
    index.memo[key] = out
    return out


def _held(index: PackageIndex, func: Node, path: str) -> list[Held]:
    if func.type not in ("function_declaration", "method_declaration") or func.has_error:
        return []
    body = cfgmod.body_of(func)
    res = func.child_by_field_name("result")
    if body is None or res is None:
        return []
    results = len(res.named_children) if res.type == "parameter_list" else 1
    if res.type == "parameter_list" and any(
        d.child_by_field_name("name") is not None for d in res.named_children
    ):
        return []  # named results: a bare return may hand anything back
    out: list[Held] = []
    for go in facts.find_go_statements(body):
        if parse.enclosing_function(go) != func:
            continue
        h = _held_one(index, func, path, body, go, results) or _held_cancel(
            index, func, path, body, go, results
        )
        if h is not None:
            out.append(h)
    return out


def _held_cancel(
    index: PackageIndex, func: Node, path: str, body: Node, go: Node, results: int
) -> Held | None:
    """Summarise a goroutine waiting on a context whose cancel the constructor returns.

    ``ctx, cancel := context.WithCancel(parent)``; ``go func() { <-ctx.Done(); ... }()``
    (or ``go watch(ctx)``); every return after the ``go`` hands ``cancel`` back at one result
    position, and the constructor uses it nowhere else: only the caller can end it.
    """
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    fn = call.child_by_field_name("function") if call is not None else None
    if call is None or fn is None:
        return None
    for ctx, (cancel, parent_arg) in _cancellable(body, func).items():
        if fn.type == "func_literal":
            gbody, gpath, name = fn, path, ctx
        else:
            ref = facts.resolve_call(fn, index)
            args = call.child_by_field_name("arguments")
            vals = [parse.text(a) for a in args.named_children] if args is not None else []
            params = facts.param_names(ref.node) if ref is not None else []
            if ref is None or ref.node.type == "func_literal" or vals.count(ctx) != 1:
                continue
            pos = vals.index(ctx)
            if pos >= len(params) or not params[pos]:
                continue
            gbody, gpath, name = ref.node, ref.path or path, params[pos]
        position = _returned_at(body, func, cancel, results, go)
        if position is None or not _only_returned(body, func, cancel):
            continue
        gated = _gate(gbody, "", frozenset(), {}, done_of=name)
        if gated is None:
            continue
        return Held(
            func,
            path,
            go,
            "",
            position,
            results,
            gated[1],
            gpath,
            frozenset(),
            frozenset(),
            parent_arg,
            is_cancel=True,
        )
    return None


def _cancellable(body: Node, func: Node) -> dict[str, tuple[str, int | None]]:
    """``ctx, cancel := context.WithCancel(parent)`` in ``func``: ctx -> (cancel, parent).

    The parent is ``context.Background()``/``TODO()`` (None) or the parameter at a position.
    """
    made: dict[str, tuple[str, int | None]] = {}
    params = facts.param_names(func)
    for st in parse.iter_descendants(body):
        if st.type != "short_var_declaration" or facts.innermost_function(st, func).id != func.id:
            continue
        left, right = st.child_by_field_name("left"), st.child_by_field_name("right")
        names = [parse.text(n) for n in left.named_children] if left is not None else []
        vals = right.named_children if right is not None else []
        if len(names) != 2 or len(vals) != 1 or vals[0].type != "call_expression":
            continue
        fn = vals[0].child_by_field_name("function")
        args = vals[0].child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None:
            continue
        pkg, name = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if pkg is None or name is None or pkg.text != b"context" or name.text not in _WITH_CANCEL:
            continue
        parent = args.named_children[0] if len(args.named_children) == 1 else None
        position: int | None
        if parent is not None and parent.type == "identifier" and parse.text(parent) in params:
            position = params.index(parse.text(parent))
        elif parent is not None and _is_root(parent):
            position = None
        else:
            continue
        made[names[0]] = (names[1], position)
    return made


def _only_returned(body: Node, func: Node, name: str) -> bool:
    """Tell whether ``func`` uses the local ``name`` only where it binds and returns it."""
    for ident in _idents(body, name):
        if _declares(ident):
            continue
        if facts.innermost_function(ident, func).id != func.id:
            return False
        p = ident.parent
        if p is None or p.type != "expression_list" or p.parent is None:
            return False
        if p.parent.type != "return_statement":
            return False
    return True


def _object_of(body: Node, func: Node, name: str) -> str | None:
    """Return the struct type of the local ``name`` declared once as ``&T{...}``/``new(T)``."""
    decls = [
        ident
        for ident in _idents(body, name)
        if _declares(ident) and facts.innermost_function(ident, func).id == func.id
    ]
    if len(decls) != 1:
        return None
    found = parse.assignment_of(decls[0])
    if found is None or found[1] is None or found[0].type != "short_var_declaration":
        return None
    value = found[1]
    if value.type == "unary_expression" and value.child_by_field_name("operator") is not None:
        if parse.text(value.child_by_field_name("operator")) != "&":  # type: ignore[arg-type]
            return None
        value = value.child_by_field_name("operand")  # type: ignore[assignment]
        if value is None or value.type != "composite_literal":
            return None
        return _type_name(value.child_by_field_name("type"))
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        if fn is not None and fn.text == b"new" and args is not None and args.named_children:
            return _type_name(args.named_children[0])
    return None


def _type_name(t: Node | None) -> str | None:
    while t is not None and t.type in ("generic_type", "pointer_type", "parenthesized_type"):
        inner = t.child_by_field_name("type")
        t = inner if inner is not None else next(iter(t.named_children), None)
    return parse.text(t) if t is not None and t.type == "type_identifier" else None


def _held_one(
    index: PackageIndex, func: Node, path: str, body: Node, go: Node, results: int
) -> Held | None:
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is None:
        return None
    # What the goroutine runs, and the name the object has there.
    if fn.type == "func_literal":
        gbody, gpath = fn, path
        captured = _captured_objects(fn, body, func)
        if len(captured) != 1:
            return None
        obj = captured[0]
        local = obj
    elif fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None or operand.type != "identifier":
            return None
        local = parse.text(operand)
        tname = _object_of(body, func, local)
        if tname is None:
            return None
        ref = index.method(parse.text(field), tname)
        if ref is None or ref.node.has_error:
            return None
        gbody, gpath = ref.node, ref.path or path
        recv = facts.receiver_name(ref.node)
        if recv is None:
            return None
        obj = recv
    else:
        return None
    tname = _object_of(body, func, local)
    if tname is None:
        return None
    position = _returned_at(body, func, local, results, go)
    if position is None:
        return None
    chans = _chan_fields(index, tname)
    ctxs, parent_arg = _context_fields(body, func, local)
    gated = _gate(gbody, obj, chans, ctxs) if chans or ctxs else None
    if gated is None:
        return None
    fields, park = gated
    pkg = index.files()
    is_main = package_name(index.source) == "main"
    if not is_main and any(not f[:1].islower() for f in fields):
        return None  # other packages can name the field and close it
    waited = {c for c, cancel in ctxs.items() if cancel in fields}
    if waited and not all(_only_read(pkg, c, func, is_main) for c in waited):
        return None  # the context field may be set to another context
    if not waited:
        parent_arg = None
    releasers: set[str] = set()
    ranged = park.type == "range_clause"
    for f in fields:
        got = _releasers(index, pkg, tname, f, func, closes_only=ranged and len(fields) == 1)
        if got is None:
            return None
        releasers |= got
    if not releasers:
        return None  # nothing releases it at all: a dead field, another check's question
    releasers = _callers_on_receiver(index, pkg, tname, releasers)
    return Held(
        func,
        path,
        go,
        tname,
        position,
        results,
        park,
        gpath,
        frozenset(fields),
        frozenset(releasers),
        parent_arg,
    )


_WITH_CANCEL: Final = frozenset({b"WithCancel", b"WithCancelCause"})
_ROOTS: Final = frozenset({b"Background", b"TODO"})


def _context_fields(body: Node, func: Node, local: str) -> tuple[dict[str, str], int | None]:
    """Return the object's context fields and the field holding each one's cancel.

    ``ctx, cancel := context.WithCancel(parent)`` in the constructor, then ``c := &T{ctx:
    ctx, stop: cancel}``: the context is done only when ``c.stop`` is called, or when its
    parent is. The parent is ``context.Background()``/``TODO()`` (done never: position None)
    or the constructor's parameter at the returned position.
    """
    made = _cancellable(body, func)
    if not made:
        return {}, None
    lit = _literal_of_local(body, func, local)
    if lit is None:
        return {}, None
    keys = {
        parse.text(v): parse.text(k) for k, v in parse.keyed_elements(lit) if v.type == "identifier"
    }
    out: dict[str, str] = {}
    parent_arg: int | None = None
    for ctx, (cancel, position) in made.items():
        if ctx in keys and cancel in keys:
            out[keys[ctx]] = keys[cancel]
            if position is not None:
                if parent_arg is not None and parent_arg != position:
                    return {}, None
                parent_arg = position
    return out, parent_arg


def _is_root(call: Node) -> bool:
    """``context.Background()`` or ``context.TODO()``."""
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression":
        return False
    pkg, name = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    return pkg is not None and name is not None and pkg.text == b"context" and name.text in _ROOTS


def _literal_of_local(body: Node, func: Node, local: str) -> Node | None:
    """Return the composite literal the constructor binds ``local`` to (``c := &T{...}``)."""
    for ident in _idents(body, local):
        if not _declares(ident) or facts.innermost_function(ident, func).id != func.id:
            continue
        stmt = ident.parent.parent if ident.parent is not None else None
        right = stmt.child_by_field_name("right") if stmt is not None else None
        val = right.named_children[0] if right is not None and right.named_children else None
        while val is not None and val.type in ("unary_expression", "parenthesized_expression"):
            val = val.named_children[0] if val.named_children else None
        return val if val is not None and val.type == "composite_literal" else None
    return None


def _only_read(pkg: list[tuple[str, Node]], fname: str, ctor: Node, is_main: bool) -> bool:
    """Tell whether the context field ``fname`` is set only by the constructor's literal."""
    if not is_main and not fname[:1].islower():
        return False
    for n in _mentions(pkg, fname, ctor):
        if n.type == "keyed_element" or _field_use(n) == "init":
            return False
        p = n.parent
        if p is not None and p.type == "unary_expression" and p.children[0].type == "&":
            return False
    return True


def _mentions(pkg: list[tuple[str, Node]], fname: str, ctor: Node) -> Iterator[Node]:
    """Yield the package's ``x.fname`` selectors and its ``fname:`` keys outside ``ctor``.

    Fields are found by name, whatever the operand's type: a namesake only makes answers
    more cautious.
    """
    want = fname.encode()
    for _, root in pkg:
        if root.text is None or (b"." + want not in root.text and want + b":" not in root.text):
            continue
        for n in parse.iter_descendants(root):
            if n.type == "keyed_element":
                key = n.child_by_field_name("key")
                k = key.named_children[0] if key is not None and key.named_children else None
                if k is not None and k.text == want and not _inside(n, ctor):
                    yield n
            elif n.type == "selector_expression":
                field = n.child_by_field_name("field")
                if field is not None and field.text == want:
                    yield n


def _idents(root: Node, name: str) -> Iterator[Node]:
    want = name.encode()
    for n in parse.iter_descendants(root):
        if n.type == "identifier" and n.text == want:
            yield n


def _declares(ident: Node) -> bool:
    """Tell whether ``ident`` is declared here (``x :=``, a parameter, ``var x``, a range key)."""
    p = ident.parent
    if p is None:
        return False
    if p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec"):
        return p.child_by_field_name("type") != ident
    if p.type == "expression_list" and p.parent is not None:
        stmt = p.parent
        if stmt.type == "short_var_declaration" and stmt.child_by_field_name("left") == p:
            return True
        if stmt.type == "range_clause" and stmt.child_by_field_name("left") == p:
            return any(c.type == ":=" for c in stmt.children)
    return False


def _captured_objects(lit: Node, body: Node, func: Node) -> list[str]:
    """Return the locals of ``func`` made as ``&T{...}`` that the literal ``lit`` mentions."""
    names: list[str] = []
    for n in parse.iter_descendants(lit):
        if n.type == "identifier":
            t = parse.text(n)
            if t not in names:
                names.append(t)
    return [n for n in names if _object_of(body, func, n) is not None]


def _returned_at(body: Node, func: Node, local: str, results: int, go: Node) -> int | None:
    """Return the result position every return after ``go`` hands ``local`` back at."""
    position: int | None = None
    for r in parse.iter_descendants(body):
        if r.type != "return_statement" or r.start_byte < go.end_byte:
            continue
        if facts.innermost_function(r, func).id != func.id:
            continue
        vals = next((c for c in r.named_children if c.type == "expression_list"), None)
        got = vals.named_children if vals is not None else []
        if len(got) != results:
            return None
        at = [i for i, v in enumerate(got) if v.type == "identifier" and v.text == local.encode()]
        if len(at) != 1 or (position is not None and at[0] != position):
            return None
        position = at[0]
    return position


def _chan_fields(index: PackageIndex, tname: str) -> frozenset[str]:
    """Return the fields of the struct type ``tname`` declared as channels."""
    fields = index.struct_fields(tname) or {}
    out = set()
    for name, t in fields.items():
        if t.type == "channel_type" or (
            t.type == "type_identifier" and index.is_chan_type(parse.text(t))
        ):
            out.add(name)
    return frozenset(out)


def _gate(
    gbody: Node,
    obj: str,
    chans: frozenset[str],
    ctxs: Mapping[str, str],
    done_of: str = "",
    params: Mapping[str, str] | None = None,
) -> tuple[set[str], Node] | None:
    """Return the channel fields of ``obj`` every way to the goroutine's return receives from.

    With the park (:func:`_gate_or_poll`, without its polls).
    """
    got = _gate_or_poll(gbody, obj, chans, ctxs, done_of, params)
    return (got[0], got[1]) if got is not None and not got[2] else None


def _gate_or_poll(
    gbody: Node,
    obj: str,
    chans: frozenset[str],
    ctxs: Mapping[str, str],
    done_of: str = "",
    params: Mapping[str, str] | None = None,
) -> tuple[set[str], Node, bool] | None:
    """Return the channel fields of ``obj`` every way to the goroutine's return receives from.

    With the park: the select (or receive, or range) the goroutine waits in for them. A
    receive from ``<-obj.ctx.Done()``, for a context field in ``ctxs``, waits on the field
    holding its cancel. With ``done_of``, ``<-done_of.Done()`` (a context local or
    parameter) is a way out too, on the field named "". ``params`` names parameters that
    hold one of the object's channel fields (``go e.renew(e.stop)``): a receive from one
    waits on that field.
    """
    params = params or {}
    g = summaries.graph_or_none(gbody)
    body = cfgmod.body_of(gbody)
    if g is None or body is None:
        return None
    if g.exit not in g.reachable():
        return None  # never returns at all: not a question of release
    own = parse.own_ids(body)
    ops: list[tuple[str, Node, int, dict[int, set[int]]]] = []  # field, park, from, cuts
    for n in parse.iter_descendants(body):
        if n.id not in own:
            continue
        if n.type == "identifier" and params and parse.text(n) in params:
            ops_of = _gate_op(g, n, params[parse.text(n)])
            if ops_of is False:
                return None
            if ops_of is not None:
                ops.append(ops_of)
            continue
        if n.type != "selector_expression":
            continue
        operand = n.child_by_field_name("operand")
        field = n.child_by_field_name("field")
        if operand is None or field is None or operand.type != "identifier":
            continue
        name = parse.text(field)
        p = n.parent
        if done_of and parse.text(operand) == done_of and name == "Done":
            p = _done_call(n, outer=n)
            name = ""
        elif parse.text(operand) != obj:
            continue
        elif name in ctxs:
            p = _done_call(n)
            name = ctxs[name]
        elif name not in chans:
            continue
        got = _gate_op(g, n, name, p)
        if got is False:
            return None
        if got is not None:
            ops.append(got)
    # Only operations after which the goroutine can return are ways out; a case that leads
    # back round the loop (a job to do) frees nobody.
    exits = [op for op in ops if _leads_out(g, gbody, op[1], op[2])]
    if not exits:
        return None
    drop: dict[int, set[int]] = {}
    for _, _, _, cuts in exits:
        for k, v in cuts.items():
            drop.setdefault(k, set()).update(v)
    park = min((op[1] for op in exits), key=lambda x: x.start_byte)
    rest = g.without_edges(drop)
    if g.exit in rest.reachable():
        # Some way out does not wait for the object; it may still be a poll that only
        # ends when a check it retries on every tick succeeds.
        if not _polls(rest, gbody):
            return None
        return {op[0] for op in exits}, park, True
    return {op[0] for op in exits}, park, False


def _polls(g: cfgmod.CFG, gbody: Node) -> bool:
    """Tell whether every way to the return of ``g`` is a retried check on a ticker's tick.

    ``for { select { case <-t.C: if probe() != nil { continue }; return; ... } }``, ``t`` a
    ``time.NewTicker``: every path from the entry to the exit passes a select case
    receiving from a ticker's channel (:func:`lifetime.ticker_channel`), and each such case
    can lead round the loop to itself again: the check may fail on every tick, for ever.
    """
    ticks: set[int] = set()
    for blk in g.blocks:
        if blk.kind is not cfgmod.Kind.CASE or blk.node is None:
            continue
        comm = blk.node.child_by_field_name("communication")
        recv = comm
        if recv is not None and recv.type == "receive_statement":
            recv = recv.child_by_field_name("right")
        if recv is None or recv.type != "unary_expression" or not recv.named_children:
            continue
        if lifetime.ticker_channel(recv.named_children[-1], gbody):
            ticks.add(blk.id)
    if not ticks:
        return False
    if any(not any(b in g.reachable(s) for s in g.blocks[b].succs) for b in ticks):
        return False
    return g.exit not in g.without_edges_into(ticks).reachable()


def _gate_op(
    g: cfgmod.CFG, n: Node, name: str, p: Node | None = None
) -> tuple[str, Node, int, dict[int, set[int]]] | Literal[False] | None:
    """Return the way out a receive (or range) from ``n`` is: (field, park, from, cuts).

    None when ``n`` is not received from that way; False when its place is unknown.
    """
    if p is None:
        p = n.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is None:
        return None
    if p.type == "unary_expression" and p.children and p.children[0].type == "<-":
        b = g.block_of(p)
        if b is None:
            return False
        blk = g.blocks[b]
        if blk.kind is cfgmod.Kind.CASE:
            sel = _select_of(blk.node)
            park = sel if sel is not None else p
        elif blk.kind is cfgmod.Kind.STMT and _is_plain_receive(p, blk.node):
            park = p
        else:
            return None
        cuts = {pred.id: {b} for pred in g.blocks if b in pred.succs}
        return name, park, b, cuts
    if p.type == "range_clause" and p.child_by_field_name("right") == n:
        loop = p.parent
        b = g.by_node.get(loop.id) if loop is not None else None
        end = g.blocks[b].loop_exit if b is not None else None
        if b is None or end is None:
            return None
        return name, p, end, {b: {end}}
    return None


def _done_call(sel: Node, outer: Node | None = None) -> Node | None:
    """For ``c.ctx`` in ``c.ctx.Done()`` (or ``ctx.Done`` itself): where the value goes."""
    outer = outer or sel.parent
    if outer is None or outer.type != "selector_expression":
        return None
    fld = outer.child_by_field_name("field")
    call = outer.parent
    if fld is None or fld.text != b"Done" or call is None or call.type != "call_expression":
        return None
    args = call.child_by_field_name("arguments")
    if args is None or args.named_children:
        return None
    return call.parent


def _leads_out(g: cfgmod.CFG, gbody: Node, at: Node, start: int) -> bool:
    """Tell whether the goroutine can return from ``start`` without going round its loop."""
    loop = facts.innermost_loop(at, gbody)
    header = g.by_node.get(loop.id) if loop is not None else None
    graph = g.without_edges_into({header}) if header is not None else g
    return g.exit in graph.reachable(start)


def _select_of(node: Node | None) -> Node | None:
    for a in parse.ancestors(node) if node is not None else []:
        if a.type == "select_statement":
            return a
        if a.type in parse.FUNCTION_TYPES:
            return None
    return None


def _is_plain_receive(recv: Node, stmt: Node | None) -> bool:
    """``<-c.f`` as a statement, or the value of ``v := <-c.f`` / ``v, ok = <-c.f``."""
    if stmt is None:
        return False
    if stmt.type == "expression_statement":
        return recv.parent is not None and recv.parent.id == stmt.id
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        right = stmt.child_by_field_name("right")
        return right is not None and any(c.id == recv.id for c in right.named_children)
    return False


def _methods_of(pkg: list[tuple[str, Node]], tname: str) -> Iterator[Node]:
    return (m for _, m in methods_of(pkg, tname))


def _releasers(
    index: PackageIndex,
    pkg: list[tuple[str, Node]],
    tname: str,
    fname: str,
    ctor: Node,
    *,
    closes_only: bool = False,
) -> set[str] | None:
    """Return the methods of ``tname`` that send on or close ``fname`` of their receiver.

    With ``closes_only`` (the goroutine ranges over the field: a send only feeds the range),
    a send is a use, not a release. None when some use of the field is not understood (a
    write we cannot place, the channel handed on, the field set again outside the
    constructor).
    """
    out: set[str] = set()
    for n in _mentions(pkg, fname, ctor):
        if n.type == "keyed_element":
            return None  # set again outside the constructor
        use = _field_use(n)
        if use == "read":
            continue
        if closes_only and use == "write" and _is_sent_on(n):
            continue
        if use == "init":
            if not _inside(n, ctor):
                return None
            continue
        if use != "write":
            return None
        method = _method_around(n)
        operand = n.child_by_field_name("operand")
        if method is None or operand is None or operand.type != "identifier":
            return None
        if receiver_type_name(method) != tname:
            return None
        if facts.receiver_name(method) != parse.text(operand):
            return None
        name = method.child_by_field_name("name")
        if name is None:
            return None
        out.add(parse.text(name))
    return out


def _is_sent_on(sel: Node) -> bool:
    """Tell whether ``x.f`` is the channel of a send statement."""
    n, p = sel, sel.parent
    while p is not None and p.type == "parenthesized_expression":
        n, p = p, p.parent
    return p is not None and p.type == "send_statement" and p.child_by_field_name("channel") == n


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _method_around(node: Node) -> Node | None:
    for a in parse.ancestors(node):
        if a.type == "method_declaration":
            return a
        if a.type == "function_declaration":
            return None
    return None


def _field_use(sel: Node) -> str:
    """How ``x.f`` (a channel field) is used: ``read``, ``write``, ``init`` or ``other``."""
    n = sel
    p = n.parent
    while p is not None and p.type == "parenthesized_expression":
        n, p = p, p.parent
    if p is None:
        return "other"
    if p.type == "unary_expression" and p.children and p.children[0].type == "<-":
        return "read"
    if p.type == "range_clause" and p.child_by_field_name("right") == n:
        return "read"
    if p.type == "send_statement":
        return "write" if p.child_by_field_name("channel") == n else "other"
    if p.type == "binary_expression":
        return "read"
    if p.type == "call_expression" and p.child_by_field_name("function") == n:
        return "write"  # a cancel field called
    if p.type == "argument_list" and p.parent is not None:
        callee = p.parent.child_by_field_name("function")
        name = callee.text if callee is not None and callee.type == "identifier" else None
        if name == b"close" and len(p.named_children) == 1:
            return "write"
        if name in (b"len", b"cap"):
            return "read"
        return "other"
    if p.type == "expression_list" and p.parent is not None:
        stmt = p.parent
        if stmt.type == "assignment_statement" and stmt.child_by_field_name("left") == p:
            return "init"
    return "other"


def _callers_on_receiver(
    index: PackageIndex, pkg: list[tuple[str, Node]], tname: str, releasers: set[str]
) -> set[str]:
    """Add the methods of ``tname`` that call a releaser on their own receiver."""
    out = set(releasers)
    methods = list(_methods_of(pkg, tname))
    changed = True
    while changed:
        changed = False
        for m in methods:
            name = m.child_by_field_name("name")
            recv = facts.receiver_name(m)
            if name is None or recv is None or parse.text(name) in out:
                continue
            if any(_calls_on(m, recv, r) for r in out):
                out.add(parse.text(name))
                changed = True
    return out


def _calls_on(func: Node, obj: str, method: str) -> bool:
    """Tell whether ``func`` calls ``obj.method(...)`` (in its body or a literal in it)."""
    want_obj, want_m = obj.encode(), method.encode()
    for n in parse.iter_descendants(func):
        if n.type != "selector_expression" or not parse.is_callee(n):
            continue
        operand = n.child_by_field_name("operand")
        field = n.child_by_field_name("field")
        if (
            field is not None
            and operand is not None
            and (operand.text, field.text)
            == (
                want_obj,
                want_m,
            )
        ):
            return True
    return False


# --- the owners ---------------------------------------------------------------------------


def drops(h: Held, index: PackageIndex) -> list[Drop]:
    """Return the calls of ``h.func`` whose caller may return without releasing the object."""
    key = ("obligations.drops", h.go.id)
    got = index.memo.get(key)
    if isinstance(got, list):
        return got
    out: list[Drop] = []
    for call, cpath, cindex in _call_sites(h, index):
        d = _dropped(h, call, cpath, cindex)
        if d is not None:
            out.append(d)
            continue
        if cindex is index:
            out.extend(_dropped_holders(h, call, index))
    index.memo[key] = out
    return out


def _dropped_holders(h: Held, call: Node, index: PackageIndex) -> list[Drop]:
    """Return the drops of the holder of a container field the object is kept in.

        l := newLimiter(); p.limiters[host] = l     // in a method of politeFetcher
        func (p *politeFetcher) Close() { for _, l := range p.limiters { l.Stop() } }

    The obligation passes to the ``politeFetcher``: a caller of its constructor that can
    return without ``Close`` drops every limiter it keeps. The object is stored at an index
    of a field of the storing method's own receiver, and ``Close`` ranges over that field
    calling a releaser on every value (a statement of the loop's body, not under a branch).
    """
    stored = _stored_in_field(call, h)
    if stored is None:
        return []
    holder, fld = stored
    pkg = index.files()
    releasers = _container_releasers(pkg, holder, fld, h.releasers)
    if not releasers:
        return []
    releasers = _callers_on_receiver(index, pkg, holder, releasers)
    out: list[Drop] = []
    for ctor, position, results in _constructors(pkg, holder):
        hc = Held(
            ctor,
            _path_of(ctor, index),
            h.go,
            holder,
            position,
            results,
            h.park,
            h.park_path,
            frozenset(),
            frozenset(releasers),
        )
        for c, cpath, cindex in _call_sites(hc, index):
            d = _dropped(hc, c, cpath, cindex)
            if d is not None:
                out.append(
                    dataclasses.replace(
                        d, holder=holder, container=fld, holder_releasers=frozenset(releasers)
                    )
                )
    return out


def _stored_in_field(call: Node, h: Held) -> tuple[str, str] | None:
    """``recv.f[k] = ctor()`` or ``x := ctor(); recv.f[k] = x`` in a method: (its type, ``f``)."""
    method = _method_around(call)
    recv = facts.receiver_name(method) if method is not None else None
    tname = receiver_type_name(method) if method is not None else None
    if method is None or not recv or not tname or h.results != 1:
        return None
    value = call
    while value.parent is not None and value.parent.type == "parenthesized_expression":
        value = value.parent
    lst = value.parent
    st = lst.parent if lst is not None else None
    if lst is None or st is None or lst.type != "expression_list":
        return None
    if st.type not in ("assignment_statement", "short_var_declaration"):
        return None
    left = st.child_by_field_name("left")
    targets = list(left.named_children) if left is not None else []
    if len(targets) != 1 or st.child_by_field_name("right") != lst:
        return None
    target = targets[0]
    direct = _container_of(target, recv)
    if direct is not None:
        return tname, direct
    if target.type != "identifier":
        return None
    # The local is stored in the container once: ``recv.f[k] = x``.
    found: str | None = None
    body = cfgmod.body_of(method)
    for n in parse.iter_descendants(body) if body is not None else []:
        if n.type != "assignment_statement":
            continue
        r = n.child_by_field_name("right")
        lhs = n.child_by_field_name("left")
        if r is None or lhs is None or len(r.named_children) != 1 or len(lhs.named_children) != 1:
            continue
        if r.named_children[0].type == "identifier" and r.named_children[0].text == target.text:
            got = _container_of(lhs.named_children[0], recv)
            if got is not None:
                if found is not None and found != got:
                    return None
                found = got
    return (tname, found) if found is not None else None


def _container_of(target: Node, recv: str) -> str | None:
    """``f`` for ``recv.f[k]`` (an element of a field of the receiver)."""
    if target.type != "index_expression":
        return None
    operand = target.child_by_field_name("operand")
    if operand is None or operand.type != "selector_expression":
        return None
    base, fld = operand.child_by_field_name("operand"), operand.child_by_field_name("field")
    if base is None or fld is None or base.type != "identifier" or base.text != recv.encode():
        return None
    return parse.text(fld)


def _container_releasers(
    pkg: list[tuple[str, Node]], holder: str, fld: str, releasers: frozenset[str]
) -> set[str]:
    """Return the methods of ``holder`` that call a releaser on every value of ``fld``."""
    out: set[str] = set()
    for m in _methods_of(pkg, holder):
        recv = facts.receiver_name(m)
        name = m.child_by_field_name("name")
        body = cfgmod.body_of(m)
        if not recv or name is None or body is None:
            continue
        for clause in parse.iter_descendants(body):
            if clause.type != "range_clause":
                continue
            right, left = clause.child_by_field_name("right"), clause.child_by_field_name("left")
            if right is None or left is None or right.type != "selector_expression":
                continue
            base, f = right.child_by_field_name("operand"), right.child_by_field_name("field")
            if base is None or f is None or base.text != recv.encode() or f.text != fld.encode():
                continue
            names = left.named_children
            value = names[-1] if len(names) == 2 else None
            loop = clause.parent
            if value is None or value.type != "identifier" or loop is None:
                continue
            loop_body = loop.child_by_field_name("body")
            if loop_body is None:
                continue
            # The release must be a statement of the loop's body itself: every value gets it.
            for st in cfgmod.statements(loop_body):
                if st.type != "expression_statement":
                    continue
                c = st.named_children[0] if st.named_children else None
                fn = c.child_by_field_name("function") if c is not None else None
                if fn is None or fn.type != "selector_expression":
                    continue
                o, mname = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
                if (
                    o is not None
                    and mname is not None
                    and o.text == value.text
                    and parse.text(mname) in releasers
                ):
                    out.add(parse.text(name))
    return out


def _constructors(pkg: list[tuple[str, Node]], tname: str) -> Iterator[tuple[Node, int, int]]:
    """Package functions whose every return gives a fresh ``&T{...}`` at one result position."""
    for _, root in pkg:
        for d in root.named_children:
            if d.type != "function_declaration" or d.has_error:
                continue
            res = d.child_by_field_name("result")
            body = cfgmod.body_of(d)
            if res is None or body is None:
                continue
            if res.type == "parameter_list" and any(
                x.child_by_field_name("name") is not None for x in res.named_children
            ):
                continue
            results = len(res.named_children) if res.type == "parameter_list" else 1
            position: int | None = None
            ok = True
            for r in parse.iter_descendants(body):
                if r.type != "return_statement" or facts.innermost_function(r, d).id != d.id:
                    continue
                vals = next((c for c in r.named_children if c.type == "expression_list"), None)
                got = vals.named_children if vals is not None else []
                at = [i for i, v in enumerate(got) if _is_fresh(v, tname)]
                if len(got) != results or len(at) != 1 or position not in (None, at[0]):
                    ok = False
                    break
                position = at[0]
            if ok and position is not None:
                yield d, position, results


def _is_fresh(v: Node, tname: str) -> bool:
    """``&T{...}`` or ``T{...}``."""
    if v.type == "unary_expression" and v.named_children:
        v = v.named_children[-1]
    if v.type != "composite_literal":
        return False
    t = v.child_by_field_name("type")
    return t is not None and t.type == "type_identifier" and parse.text(t) == tname


def _call_sites(h: Held, index: PackageIndex) -> Iterator[tuple[Node, str, PackageIndex]]:
    """Every call of the constructor: in its package, then in importing packages."""
    for call in summaries.call_sites(h.func, index):
        yield call, _path_of(call, index), index
    yield from module.calls_from_importers(h.func, h.path, index.memo)


def _path_of(node: Node, index: PackageIndex) -> str:
    from gostuck.analysis.flow import funcvals

    return funcvals.path_of(node, index)


def _binding(call: Node, h: Held) -> tuple[Node, str, str] | None:
    """Return the statement binding the result, the local ("" when dropped), the error."""
    n = call
    while n.parent is not None and n.parent.type == "parenthesized_expression":
        n = n.parent
    p = n.parent
    if p is None:
        return None
    if p.type == "expression_statement":
        return p, "", ""
    if p.type != "expression_list" or p.parent is None or len(p.named_children) != 1:
        return None
    stmt = p.parent
    if stmt.type != "short_var_declaration" or stmt.child_by_field_name("right") != p:
        return None
    left = stmt.child_by_field_name("left")
    targets = list(left.named_children) if left is not None else []
    if len(targets) != h.results or any(t.type != "identifier" for t in targets):
        return None
    name = parse.text(targets[h.result])
    err = parse.text(targets[-1]) if h.results > 1 and h.result != h.results - 1 else ""
    return stmt, "" if name == "_" else name, "" if err == "_" else err


def _dropped(h: Held, call: Node, path: str, index: PackageIndex) -> Drop | None:
    caller = parse.enclosing_function(call)
    if caller is None or caller.has_error or caller.id == h.func.id:
        return None
    bound = _binding(call, h)
    if bound is None or not _parent_never_done(h, call, index):
        return None
    stmt, name, err = bound
    g = summaries.graph_or_none(caller)
    body = cfgmod.body_of(caller)
    if g is None or body is None:
        return None
    start = g.block_of(stmt)
    if start is None:
        return None
    releases: list[Node] = []
    if name:
        for ident in _idents(body, name):
            if ident.start_byte >= stmt.start_byte and ident.end_byte <= stmt.end_byte:
                continue  # the binding itself
            use = _owner_use(ident, caller, h, index)
            if use is None:
                return None
            if use is not _KEEP:
                releases.append(use)
    release_blocks = {b for r in releases if (b := g.block_of(r)) is not None}
    if len(release_blocks) != len(releases):
        return None
    at = _drop_path(g, start, release_blocks, err)
    if at is None:
        return None
    loop = facts.innermost_loop(call, caller)
    runs = lifetime.runs(caller, path, index)
    if runs is lifetime.Runs.ONCE and loop is None:
        return None  # one object for the process: it lives as long as the process
    many = loop is not None or runs is lifetime.Runs.MANY
    return Drop(call, path, caller, at, not releases, many, releases[0] if releases else None)


def _parent_never_done(h: Held, call: Node, index: PackageIndex) -> bool:
    """Tell whether the context the object waits on can be done only by its own cancel.

    Its parent is the constructor's argument at ``h.parent_arg``: ``context.Background()``,
    or a context the caller's package never cancels (:class:`ctxdone.NeverDone`).
    """
    if h.parent_arg is None:
        return True
    args = call.child_by_field_name("arguments")
    vals = args.named_children if args is not None else []
    if h.parent_arg >= len(vals):
        return False
    arg = vals[h.parent_arg]
    if _is_root(arg):
        return True
    if arg.type != "identifier":
        return False
    from gostuck.analysis.partner.ctxdone import NeverDone

    key = ("obligations.never_done",)
    never = index.memo.get(key)
    if not isinstance(never, NeverDone):
        never = NeverDone(index)
        index.memo[key] = never
    return never.context_never_done(arg)


_KEEP: Final = parse.parse(b"package keep").root_node  # a marker: a use that keeps the object


def _owner_use(ident: Node, caller: Node, h: Held, index: PackageIndex) -> Node | None:
    """Classify one mention of the owner's local.

    Returns the releaser call it makes, :data:`_KEEP` for a use that neither releases nor hands
    the object on, or None for anything else (silence).
    """
    nested = facts.innermost_function(ident, caller).id != caller.id
    if _declares(ident):
        return None  # declared again: another variable of the same name
    p = ident.parent
    if p is None:
        return None
    if h.is_cancel:
        if p.type == "call_expression" and p.child_by_field_name("function") == ident:
            return None if nested else p  # ``cancel()``, or ``defer cancel()``
        if p.type == "binary_expression":
            other = [c for c in p.named_children if c.id != ident.id]
            return _KEEP if other and other[0].type == "nil" else None
        return None
    if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
        field = p.child_by_field_name("field")
        if field is None:
            return None
        name = parse.text(field)
        if parse.is_callee(p):
            if name in h.releasers:
                # In a func literal it may run at any time: the order is unknown.
                return None if nested else p.parent
            return _KEEP if _keeps_receiver(h, name, index) else None
        # A field read keeps the object; a method value (``t.Cleanup(x.Close)``) may run
        # the method whenever its holder likes: unknown.
        return _KEEP if name not in h.fields and _is_field(h, name, index) else None
    if p.type == "binary_expression":
        other = [c for c in p.named_children if c.id != ident.id]
        if other and other[0].type == "nil":
            return _KEEP
    return None


def _is_field(h: Held, name: str, index: PackageIndex) -> bool:
    """Tell whether ``name`` is a field of the object's struct type."""
    pkg_index = _constructor_index(h, index)
    fields = pkg_index.struct_fields(h.type_name) if pkg_index is not None else None
    return fields is not None and name in fields


def _keeps_receiver(h: Held, method: str, index: PackageIndex) -> bool:
    """Tell whether ``method`` of the object's type never hands its receiver on."""
    pkg_index = _constructor_index(h, index)
    if pkg_index is None:
        return False
    return _keeps(pkg_index, h.type_name, method, 0)


def _constructor_index(h: Held, index: PackageIndex) -> PackageIndex | None:
    if index.path == h.path or h.path in index.package:
        return index
    key = ("obligations.ctor_index", h.path)
    got = index.memo.get(key)
    if isinstance(got, PackageIndex):
        return got
    made = module.package_index(h.path)
    if made is not None:
        index.memo[key] = made
    return made


def _keeps(index: PackageIndex, tname: str, method: str, depth: int) -> bool:
    if depth > _MAX_KEEP_DEPTH:
        return False
    ref = index.method(method, tname)
    if ref is None:
        return False
    recv = facts.receiver_name(ref.node)
    body = cfgmod.body_of(ref.node)
    if body is None:
        return True
    if recv is None or recv == "_":
        return True
    for ident in _idents(body, recv):
        p = ident.parent
        if p is None or p.type != "selector_expression":
            return False
        if p.child_by_field_name("operand") != ident:
            return False
        field = p.child_by_field_name("field")
        if field is None:
            return False
        callee = parse.text(field)
        if (
            parse.is_callee(p)
            and callee != method
            and index.method(callee, tname) is not None
            and not _keeps(index, tname, callee, depth + 1)
        ):
            return False
    return True


def _drop_path(g: cfgmod.CFG, start: int, releases: set[int], err: str) -> Node | None:
    """Where a path from ``start`` ends without a release: a return, the end, ``start`` again."""
    skip: set[tuple[int, int]] = set()
    if err:
        # ``if err != nil`` right after the call: the constructor failed, there is no object.
        for s in g.succs(start):
            blk = g.blocks[s]
            if blk.kind is cfgmod.Kind.COND and blk.node is not None and blk.then_first is not None:
                text = b" ".join((blk.node.text or b"").split())
                if text == f"{err} != nil".encode():
                    skip.add((s, blk.then_first))
    seen: set[int] = set()
    todo = [(start, s) for s in g.succs(start)]
    while todo:
        frm, b = todo.pop()
        if (frm, b) in skip:
            continue
        if b == start:
            return g.blocks[start].node
        if b in seen or b in releases:
            continue
        seen.add(b)
        blk = g.blocks[b]
        if b == g.exit:
            last = g.blocks[frm]
            if last.kind is cfgmod.Kind.RETURN and last.node is not None:
                return last.node
            return g.func
        todo.extend((b, s) for s in blk.succs)
    return None


# --- replies a server must send ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplyWait:
    """A function that sends a request carrying a fresh reply channel, then waits on it."""

    func: Node  # the requester
    path: str
    name: str  # the reply channel's local name
    recv: Node  # the plain receive that waits for the reply
    drop: Node  # where a server goes on without answering
    drop_path: str
    server: Node  # the server function


def reply_waits(index: PackageIndex, func: Node, path: str) -> list[ReplyWait]:
    """Return the reply channels ``func`` waits on that some server can leave unanswered.

        reply := make(chan result)
        s.requests <- request{user: u, reply: reply}
        res := <-reply                   // the server: case req := <-s.requests: ...
                                         //   if bad { continue }   // no reply: stuck
                                         //   req.reply <- r

    The request is a composite literal with the channel under a key (``reply: reply``), sent
    as it is on a struct field channel ``x.c``; the function does nothing else with the
    channel but receive from it once, outside any select. The servers are the package's
    receives from a field ``c`` that bind the request to a variable; one answers when every
    path from its receive, before it takes its next request (round its loop) or returns,
    uses the request's field (a send, a close, anything that hands it on) or hands the
    whole request on. A receive that drops the value, or a path that does neither, leaves
    the requester waiting forever. Cached per package.
    """
    key = ("obligations.replies", func.id)
    got = index.memo.get(key)
    if isinstance(got, list):
        return got
    out = _reply_waits(index, func, path)
    index.memo[key] = out
    return out


def _reply_waits(index: PackageIndex, func: Node, path: str) -> list[ReplyWait]:
    body = cfgmod.body_of(func)
    if body is None or func.has_error or b"<-" not in (body.text or b""):
        return []
    out: list[ReplyWait] = []
    own = parse.own_ids(body)
    for n in parse.iter_descendants(body):
        if n.id not in own or n.type != "short_var_declaration":
            continue
        pair = parse.single_pair(n)
        if pair is None or pair[0].type != "identifier":
            continue
        name = parse.text(pair[0])
        if not summaries.is_chan_make(pair[1]):
            held = _request_holding(body, func, name, pair[1], own)
            if held is not None:
                drop = _server_drop(index, held[2], held[1])
                if drop is not None:
                    label = f"{name}.{held[1]}"
                    out.append(ReplyWait(func, path, label, held[0], drop[0], drop[1], drop[2]))
            continue
        got = _request_of(body, func, name, own)
        if got is None:
            continue
        recv, fkey, cfield = got
        drop = _server_drop(index, cfield, fkey)
        if drop is not None:
            out.append(ReplyWait(func, path, name, recv, drop[0], drop[1], drop[2]))
    return out


def _request_of(body: Node, func: Node, name: str, own: set[int]) -> tuple[Node, str, str] | None:
    """Return the one receive of ``name``, its key in the request, the field it is sent on."""
    recv: Node | None = None
    fkey: str | None = None
    cfield: str | None = None
    for ident in _idents(body, name):
        if _declares(ident):
            if ident.parent is None or ident.parent.parent is None:
                return None
            continue
        if ident.id not in own:
            return None  # a literal holds it
        p = ident.parent
        while p is not None and p.type == "parenthesized_expression":
            p = p.parent
        if p is None:
            return None
        if p.type == "unary_expression" and p.children and p.children[0].type == "<-":
            if recv is not None or _in_select(p, func):
                return None
            recv = p
            continue
        if p.type == "literal_element" and p.parent is not None:
            keyed = p.parent
            if keyed.type == "keyed_element" and keyed.child_by_field_name("key") == p:
                continue  # the field's name, not the variable
            if keyed.type != "keyed_element" or keyed.child_by_field_name("value") != p:
                return None
            k = keyed.child_by_field_name("key")
            kn = k.named_children[0] if k is not None and k.named_children else None
            sent = _sent_literal(keyed)
            if kn is None or sent is None or fkey is not None:
                return None
            fkey, cfield = parse.text(kn), sent
            continue
        return None
    if recv is None or fkey is None or cfield is None or recv.start_byte < body.start_byte:
        return None
    return recv, fkey, cfield


def _request_holding(
    body: Node, func: Node, name: str, value: Node, own: set[int]
) -> tuple[Node, str, str] | None:
    """For ``req := T{f: make(chan X)}``, sent as ``x.c <- req`` and waited on as ``<-req.f``.

    Return the receive, ``f`` and ``c``; the request is used for nothing else.
    """
    lit = value.child_by_field_name("operand") if value.type == "unary_expression" else value
    if lit is None or lit.type != "composite_literal":
        return None
    keys = [parse.text(k) for k, v in parse.keyed_elements(lit) if summaries.is_chan_make(v)]
    if len(keys) != 1:
        return None
    fkey = keys[0]
    recv: Node | None = None
    cfield: str | None = None
    for ident in _idents(body, name):
        if _declares(ident):
            continue
        if ident.id not in own:
            return None
        p = ident.parent
        if p is None:
            return None
        if p.type == "send_statement" and p.child_by_field_name("value") == ident:
            ch = p.child_by_field_name("channel")
            f = ch.child_by_field_name("field") if ch is not None else None
            if ch is None or ch.type != "selector_expression" or f is None or cfield is not None:
                return None
            cfield = parse.text(f)
            continue
        if p.type == "selector_expression" and p.child_by_field_name("operand") == ident:
            f = p.child_by_field_name("field")
            up = p.parent
            if f is None or f.text != fkey.encode() or up is None:
                return None
            if up.type != "unary_expression" or not up.children or up.children[0].type != "<-":
                return None
            if recv is not None or _in_select(up, func):
                return None
            recv = up
            continue
        return None
    if recv is None or cfield is None:
        return None
    return recv, fkey, cfield


def _in_select(node: Node, func: Node) -> bool:
    for a in parse.ancestors(node):
        if a.id == func.id or a.type in parse.FUNCTION_TYPES:
            return False
        if a.type in ("communication_case", "select_statement"):
            return True
    return False


def _sent_literal(keyed: Node) -> str | None:
    """Return the field ``c`` of ``x.c <- T{...}`` when the literal holding ``keyed`` is sent so."""
    body = keyed.parent
    lit = body.parent if body is not None else None
    if lit is None or lit.type != "composite_literal":
        return None
    n = lit
    if n.parent is not None and n.parent.type == "unary_expression":
        n = n.parent  # &T{...}
    send = n.parent
    if send is None or send.type != "send_statement" or send.child_by_field_name("value") != n:
        return None
    ch = send.child_by_field_name("channel")
    if ch is None or ch.type != "selector_expression":
        return None
    field = ch.child_by_field_name("field")
    return parse.text(field) if field is not None else None


def _server_drop(index: PackageIndex, cfield: str, fkey: str) -> tuple[Node, str, Node] | None:
    """Find a server of the channel field ``cfield`` that can go on without answering."""
    want = cfield.encode()
    for spath, root in index.files():
        if root.text is None or b"." + want not in root.text:
            continue
        for n in parse.iter_descendants(root):
            if n.type != "selector_expression":
                continue
            field = n.child_by_field_name("field")
            if field is None or field.text != want:
                continue
            p = n.parent
            while p is not None and p.type == "parenthesized_expression":
                p = p.parent
            if p is None:
                continue
            ranged = p.type == "range_clause" and p.child_by_field_name("right") == n
            if not ranged and (p.type != "unary_expression" or not p.children):
                continue
            if not ranged and p.children[0].type != "<-":
                continue
            server = parse.enclosing_function(p)
            if server is None or server.has_error:
                continue
            drop = _drops_request(server, p, fkey)
            if drop is not None:
                return drop, spath, server
    return None


def _drops_request(server: Node, recv: Node, fkey: str) -> Node | None:
    """Where ``server`` goes on without using the request received at ``recv``; None if never."""
    stmt = recv if recv.type == "range_clause" else recv.parent
    if stmt is not None and stmt.type == "expression_list":
        stmt = stmt.parent
    if stmt is None or stmt.type not in (
        "receive_statement",
        "short_var_declaration",
        "range_clause",
    ):
        return None  # a value dropped outright, or used in place: not judged
    left = stmt.child_by_field_name("left")
    targets = left.named_children if left is not None else []
    if not targets or targets[0].type != "identifier" or targets[0].text == b"_":
        return None
    var = parse.text(targets[0])
    g = summaries.graph_or_none(server)
    body = cfgmod.body_of(server)
    if g is None or body is None:
        return None
    # A namesake channel field of another struct carries other requests: a server is one
    # only when it answers some request through the reply key (``req.reply``) somewhere.
    if f"{var}.{fkey}".encode() not in (body.text or b""):
        return None
    start = g.block_of(recv)
    loop = facts.innermost_loop(recv, server)
    header = g.by_node.get(loop.id) if loop is not None else None
    if start is None:
        return None
    first = g.succs(start)
    if recv.type == "range_clause":
        # The request is taken at the loop's header; each round's body is its handling.
        body_first = g.blocks[start].loop_body
        if body_first is None:
            return None
        first, header = [body_first], start
    answered: set[int] = set()
    for ident in _idents(body, var):
        if ident.start_byte <= targets[0].start_byte:
            continue
        if facts.innermost_function(ident, server).id != server.id:
            b = g.block_of(ident)  # a literal holds the request: it may answer
        else:
            p = ident.parent
            if p is not None and p.type == "selector_expression":
                f = p.child_by_field_name("field")
                if f is None or f.text != fkey.encode():
                    continue  # reads another field of the request
            b = g.block_of(ident)
        if b is not None:
            answered.add(b)
    seen: set[int] = set()
    todo = [(start, s) for s in first]
    while todo:
        frm, b = todo.pop()
        if b in answered or b in seen:
            continue
        if b in (header, g.exit, start):
            last = g.blocks[frm]
            return last.node if last.node is not None else recv
        seen.add(b)
        todo.extend((b, s) for s in g.succs(b))
    return None


def _requesters(index: PackageIndex) -> dict[str, list[ReplyWait]]:
    """Return the package's requesters by function name (cached per package).

    Only files whose text both makes a channel and sends are parsed; only functions whose
    text does both are asked.
    """
    key = ("obligations.requesters",)
    got = index.memo.get(key)
    if isinstance(got, dict):
        return got
    name = package_name(index.source)
    sources = {index.path: index.source, **index.package}
    # Every file of a package asks the same question: answer it once per package text.
    content = tuple(sorted((p, hash(src)) for p, src in sources.items()))
    with _lock:
        cached = _requesters_cache.get(content)
    if cached is not None:
        index.memo[key] = cached
        return cached
    out: dict[str, list[ReplyWait]] = {}
    for p, src in sources.items():
        if b"make(chan" not in src or b"<-" not in src or package_name(src) != name:
            continue
        root = index.root if p == index.path else cached_tree(src).root_node
        for d in root.named_children:
            if d.type not in ("function_declaration", "method_declaration"):
                continue
            text = d.text or b""
            fname = d.child_by_field_name("name")
            if fname is None or b"make(chan" not in text or b"<-" not in text:
                continue
            waits = reply_waits(index, d, p)
            if waits:
                out.setdefault(parse.text(fname), []).extend(waits)
    index.memo[key] = out
    with _lock:
        _requesters_cache[content] = out
        while len(_requesters_cache) > _REQUESTERS_CACHE_SIZE:
            _requesters_cache.popitem(last=False)
    return out


_REQUESTERS_CACHE_SIZE: Final = 64
_requesters_cache: OrderedDict[tuple[tuple[str, int], ...], dict[str, list[ReplyWait]]] = (
    OrderedDict()
)
_lock = threading.Lock()


def goroutine_reply_waits(index: PackageIndex, body: Node, path: str) -> list[ReplyWait]:
    """Return the reply waits of ``body`` (a goroutine's function) and of the calls it makes.

    A call is resolved only when it names one of the package's requesters.
    """
    requesters = _requesters(index)
    if not requesters:
        return []
    out = list(reply_waits(index, body, path)) if body.type == "func_literal" else []
    if body.type != "func_literal":
        name = body.child_by_field_name("name")
        own_place = (path, body.start_byte)
        for w in requesters.get(parse.text(name), []) if name is not None else []:
            if (w.path, w.func.start_byte) == own_place:
                out.append(w)
    fbody = cfgmod.body_of(body)
    if fbody is None:
        return out
    own = parse.own_ids(fbody)
    for n in parse.iter_descendants(fbody):
        if n.id not in own or n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is None:
            continue
        callee = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
        if callee is None or parse.text(callee) not in requesters:
            continue
        ref = facts.resolve_call(fn, index)
        if ref is not None:
            # The answer may come from another file's parse of the package: match by place.
            at = (ref.path or path, ref.node.start_byte)
            out.extend(
                w for w in requesters[parse.text(callee)] if (w.path, w.func.start_byte) == at
            )
    return out


# --- values a holder removes from its container without releasing them -------------------


@dataclass(frozen=True, slots=True)
class Removal:
    """A method of a holder that takes an object out of its container, unreleased.

        func (c *Cache) Invalidate(key string) { delete(c.entries, key) }
        func (c *Cache) Close() { for _, e := range c.entries { close(e.stop) } }

    The goroutine an entry runs (``go c.refresh(key, e)``, which waits only on ``e.stop``)
    is ended by ``Close``, which releases every value of ``c.entries``; an entry deleted
    first is no longer there for ``Close`` to see, and nothing else releases it.
    """

    go: Node  # the goroutine the object runs
    park: Node  # where it waits for the release
    park_path: str
    type_name: str  # the object's struct type
    holder: str  # the holder's struct type
    container: str  # its field the objects are kept in
    method: Node  # the holder's method that removes one
    at: Node  # the delete, or the assignment that overwrites one
    path: str
    overwrite: bool
    releasers: frozenset[str]  # the object's methods that release it
    fields: frozenset[str]  # the channel fields whose close releases it
    # Its other ways out are checks it retries on a ticker's tick: it polls until one passes.
    polls: bool = False


def removals(index: PackageIndex, go: Node, path: str) -> list[Removal]:
    """Return the places that remove the object ``go`` runs from its holder, unreleased.

    The goroutine is a method of the object (``go e.run()``), a function given the object
    (``go c.refresh(key, e)``), or a literal that captures it and calls such a method
    (``go func() { defer wg.Done(); t.loop() }()``); every way to its return waits on
    channel fields of the object (:func:`_gate`). A struct of the package keeps such
    objects in a map or slice field, and one of its methods ranges over that field
    releasing every value (closing the field, or calling a method that does): the holder
    owns them. A method of the holder that deletes an element (``delete(h.f, k)``), or
    overwrites one it has just seen present (``old, ok := h.f[k]`` ... ``h.f[k] = v``),
    without releasing that element or handing it on first, leaves its goroutine waiting:
    the holder's release no longer sees it, and nothing else can reach it.
    """
    key = ("obligations.removals", go.id)
    got = index.memo.get(key)
    if isinstance(got, list):
        return got
    out = _removals(index, go, path)
    index.memo[key] = out
    return out


def _removals(index: PackageIndex, go: Node, path: str) -> list[Removal]:
    waited, polled = _waited_both(index, go, path)
    polls = waited is None
    waited = waited or polled
    if waited is None:
        return []
    tname, fields, park, park_path = waited
    pkg = index.files()
    is_main = package_name(index.source) == "main"
    if not is_main and any(not f[:1].islower() for f in fields):
        return []  # other packages can close the field
    releasers = _closing_methods(pkg, tname, fields)
    releasers = _callers_on_receiver(index, pkg, tname, releasers)
    out: list[Removal] = []
    for holder, fld in _containers_of(index, pkg, tname):
        if not any(
            _releases_every_value(m, fld, fields, releasers) for m in _methods_of(pkg, holder)
        ):
            continue
        for mpath, m in methods_of(pkg, holder):
            for at, overwrite in _removed_unreleased(m, fld, fields, releasers):
                out.append(
                    Removal(
                        go,
                        park,
                        park_path,
                        tname,
                        holder,
                        fld,
                        m,
                        at,
                        mpath,
                        overwrite,
                        frozenset(releasers),
                        frozenset(fields),
                        polls,
                    )
                )
    return out


def _waited_object(
    index: PackageIndex, go: Node, path: str
) -> tuple[str, set[str], Node, str] | None:
    """Return the object's type, the fields the goroutine waits on, its park and file.

    Cached per go statement (removals and failed releases both ask), and asked only in a
    package that declares a struct type with a channel field at all.
    """
    return _waited_both(index, go, path)[0]


_Waited = tuple[str, set[str], Node, str]


def _waited_both(index: PackageIndex, go: Node, path: str) -> tuple[_Waited | None, _Waited | None]:
    """Return :func:`_waited` without and with ``polls``, found in one pass (cached)."""
    key = ("obligations.waited", go.id)
    got = index.memo.get(key)
    if isinstance(got, tuple):
        return got
    out: tuple[_Waited | None, _Waited | None] = (None, None)
    if _chan_struct_types(index):
        out = _waited(index, go, path)
    index.memo[key] = out
    return out


def _chan_struct_types(index: PackageIndex) -> frozenset[str]:
    """Return the package's struct types whose declaration mentions ``chan`` (cached)."""
    key = ("obligations.chan_types",)
    got = index.memo.get(key)
    if isinstance(got, frozenset):
        return got
    out: set[str] = set(chan_struct_names(index.source))
    name = package_name(index.source)
    for p, src in index.package.items():
        if p != index.path and package_name(src) == name:
            out |= chan_struct_names(src)
    frozen = frozenset(out)
    index.memo[key] = frozen
    return frozen


def _waited(index: PackageIndex, go: Node, path: str) -> tuple[_Waited | None, _Waited | None]:
    """Find the object whose channel fields the goroutine waits on (see :func:`_waited_object`).

    The second answer is for a goroutine whose other ways out are retried checks on a
    ticker's tick (:func:`_polls`): it may poll for ever once nothing releases it.
    """
    types = _chan_struct_types(index)
    g = facts.goroutine_of(go, path, index)
    if g is None or g.body is None or g.body.has_error:
        return None, None
    fn = g.call.child_by_field_name("function")
    # (type, its name in the body, parameters holding one of its channel fields)
    candidates: list[tuple[str, str, dict[str, str]]] = []
    recv = facts.receiver_name(g.body) if g.body.type == "method_declaration" else None
    own = receiver_type_name(g.body) if recv else None
    if fn is not None and fn.type == "selector_expression" and recv and own:
        operand = fn.child_by_field_name("operand")
        if operand is not None and operand.type == "identifier":
            candidates.append((own, recv, {}))
    if g.body.type != "func_literal":
        for arg, param in zip(g.args, g.params, strict=False):
            if arg.type == "identifier" and param:
                t = facts.operand_type(arg, index)
                if t is not None:
                    candidates.append((t, param, {}))
            held = _field_argument(index, arg, g.parent)
            if held is not None and param:
                t, fld = held
                candidates.append((t, recv if own == t and recv else "", {param: fld}))
    else:
        seen: set[str] = set()
        for n in parse.iter_descendants(g.body):
            if n.type != "identifier" or parse.text(n) in seen:
                continue
            p = n.parent
            if (
                p is None
                or p.type != "selector_expression"
                or p.child_by_field_name("operand") != n
            ):
                continue  # the object is met as x.f or x.m()
            seen.add(parse.text(n))
            if facts.innermost_function(n, g.body).id != g.body.id:
                continue
            t = facts.operand_type(n, index)
            if t is not None and parse.enclosing_function(n) is not None:
                candidates.append((t, parse.text(n), {}))
    poll: _Waited | None = None
    for tname, obj, params in candidates:
        if tname not in types:
            continue
        chans = _chan_fields(index, tname)
        if not chans:
            continue
        polled = _gate_or_poll(g.body, obj, chans, {}, params=params)
        if polled is not None and not polled[2]:
            return (tname, polled[0], polled[1], g.path), None
        if polled is not None and poll is None:
            poll = (tname, polled[0], polled[1], g.path)
        if g.body.type == "func_literal":
            via = _delegated_gate(index, g.body, obj, tname, chans)
            if via is not None:
                return (tname, via[0], via[1], via[2]), None
    return None, poll


def _field_argument(index: PackageIndex, arg: Node, caller: Node) -> tuple[str, str] | None:
    """``e.stop``, or a local declared once as ``stop := e.stop``: (e's type, "stop")."""
    if arg.type == "identifier":
        body = cfgmod.body_of(caller)
        decls = [
            d for d in (_idents(body, parse.text(arg)) if body is not None else []) if _declares(d)
        ]
        found = parse.assignment_of(decls[0]) if len(decls) == 1 else None
        if found is None or found[1] is None or found[0].type != "short_var_declaration":
            return None
        arg = found[1]
    if arg.type != "selector_expression":
        return None
    operand, fld = arg.child_by_field_name("operand"), arg.child_by_field_name("field")
    if operand is None or fld is None or operand.type != "identifier":
        return None
    t = facts.operand_type(operand, index)
    if t is None or parse.text(fld) not in _chan_fields(index, t):
        return None
    return t, parse.text(fld)


def _delegated_gate(
    index: PackageIndex, lit: Node, obj: str, tname: str, chans: frozenset[str]
) -> tuple[set[str], Node, str] | None:
    """``go func() { defer wg.Done(); t.loop() }()``: the literal ends when ``t.loop`` does.

    The call is a statement of the literal's own body, every other statement is a
    ``defer`` or a call that does not block on anything of the object, and nothing returns
    before it; the method's own gate is the goroutine's.
    """
    body = lit.child_by_field_name("body")
    if body is None:
        return None
    stmts = cfgmod.statements(body)
    found: tuple[set[str], Node, str] | None = None
    for st in stmts:
        if st.type == "defer_statement":
            continue
        if st.type != "expression_statement":
            return None
        call = st.named_children[0] if st.named_children else None
        fn = call.child_by_field_name("function") if call is not None else None
        if call is None or fn is None or call.type != "call_expression":
            return None
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        if operand is None or operand.type != "identifier" or parse.text(operand) != obj:
            continue
        if found is not None:
            return None
        field = fn.child_by_field_name("field")
        ref = index.method(parse.text(field), tname) if field is not None else None
        recv = facts.receiver_name(ref.node) if ref is not None else None
        if ref is None or recv is None or ref.node.has_error:
            return None
        gated = _gate(ref.node, recv, chans, {})
        if gated is None:
            return None
        found = (gated[0], gated[1], ref.path or "")
    return found


def _closing_methods(pkg: list[tuple[str, Node]], tname: str, fields: set[str]) -> set[str]:
    """Return the methods of ``tname`` that close (or send on) one of its ``fields``."""
    out: set[str] = set()
    for m in _methods_of(pkg, tname):
        recv = facts.receiver_name(m)
        name = m.child_by_field_name("name")
        if recv and name is not None and _releases(m, recv, fields, set()):
            out.add(parse.text(name))
    return out


def _releases(root: Node, obj: str, fields: set[str], releasers: set[str]) -> bool:
    """Tell whether ``root`` closes or sends on ``obj.f``, or calls ``obj.m()`` for a releaser.

    ``obj`` is a name, or the text of an element (``c.entries[key]``).
    """
    return any(
        n.type in ("call_expression", "send_statement") and _releases_one(n, obj, fields, releasers)
        for n in parse.iter_descendants(root)
    )


def _is_field_of(expr: Node, obj: bytes, fields: set[str]) -> bool:
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    if expr.type != "selector_expression":
        return False
    operand, field = expr.child_by_field_name("operand"), expr.child_by_field_name("field")
    return (
        operand is not None
        and field is not None
        and operand.text == obj
        and parse.text(field) in fields
    )


def _containers_of(
    index: PackageIndex, pkg: list[tuple[str, Node]], tname: str
) -> Iterator[tuple[str, str]]:
    """(holder type, field): struct fields of the package that are maps or slices of ``tname``."""
    seen: set[tuple[str, str]] = set()
    for _, root in pkg:
        for holder, _ in struct_types(root):
            for fname, ftype in (index.struct_fields(holder) or {}).items():
                elem: Node | None = None
                if ftype.type == "map_type":
                    elem = ftype.child_by_field_name("value")
                elif ftype.type in ("slice_type", "array_type"):
                    elem = ftype.child_by_field_name("element")
                while elem is not None and elem.type in ("pointer_type", "parenthesized_type"):
                    elem = elem.named_children[0] if elem.named_children else None
                if (
                    elem is not None
                    and elem.type == "type_identifier"
                    and parse.text(elem) == tname
                    and (holder, fname) not in seen
                ):
                    seen.add((holder, fname))
                    yield holder, fname


def _container_ranges(m: Node, fld: str) -> Iterator[tuple[Node, Node | None, Node | None]]:
    """``for k, v := range recv.fld``: (the loop, the key's name node, the value's)."""
    recv = facts.receiver_name(m)
    if not recv:
        return
    for clause in parse.iter_descendants(m):
        if clause.type != "range_clause" or clause.parent is None:
            continue
        right, left = clause.child_by_field_name("right"), clause.child_by_field_name("left")
        if right is None or left is None or not _is_field_of(right, recv.encode(), {fld}):
            continue
        names = left.named_children
        k = names[0] if names and names[0].type == "identifier" else None
        v = names[1] if len(names) == 2 and names[1].type == "identifier" else None
        yield clause.parent, k, v


def _releases_every_value(m: Node, fld: str, fields: set[str], releasers: set[str]) -> bool:
    """Tell whether ``m`` ranges over its receiver's ``fld`` releasing each value.

    The release is a statement of the loop's body, or under ``if v.f != nil`` only.
    """
    for loop, _, v in _container_ranges(m, fld):
        body = loop.child_by_field_name("body")
        if v is None or body is None:
            continue
        for st in cfgmod.statements(body):
            if st.type == "if_statement":
                cond = st.child_by_field_name("condition")
                cons = st.child_by_field_name("consequence")
                if (
                    cond is None
                    or cons is None
                    or st.child_by_field_name("alternative") is not None
                    or cond.type != "binary_expression"
                    or not cond.named_children
                    or not _is_field_of(cond.named_children[0], v.text or b"", fields)
                    or b"!= nil" not in (cond.text or b"")
                ):
                    continue
                st = cons
            elif st.type != "expression_statement":
                continue
            if _releases(st, parse.text(v), fields, releasers):
                return True
    return False


def _removed_unreleased(
    m: Node, fld: str, fields: set[str], releasers: set[str]
) -> Iterator[tuple[Node, bool]]:
    """Yield the deletes and overwrites of an element of the receiver's ``fld`` in ``m``.

    Only those of an element ``m`` neither releases nor hands on: ``m`` releases
    ``recv.fld[k]`` (the same key), a local bound to it, or the value of a range over the
    container with that key, before or after the removal, or hands such a local to anything
    at all (a call, a send, a return, another variable).
    """
    recv = facts.receiver_name(m)
    body = cfgmod.body_of(m)
    if not recv or body is None:
        return
    want = recv.encode()
    for n in parse.iter_descendants(body):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if fn is None or fn.text != b"delete" or args is None:
                continue
            a = args.named_children
            if len(a) != 2 or not _is_field_of(a[0], want, {fld}):
                continue
            if not _element_handled(m, body, fld, a[1], n, fields, releasers):
                yield n, False
        elif n.type == "assignment_statement" and n.children[1].type == "=":
            left = n.child_by_field_name("left")
            targets = left.named_children if left is not None else []
            if len(targets) != 1 or targets[0].type != "index_expression":
                continue
            operand = targets[0].child_by_field_name("operand")
            k = targets[0].child_by_field_name("index")
            if operand is None or k is None or not _is_field_of(operand, want, {fld}):
                continue
            if _seen_present(m, body, fld, k, n) and not _element_handled(
                m, body, fld, k, n, fields, releasers
            ):
                yield n, True


def _lookups(body: Node, recv: bytes, fld: str, k: Node) -> Iterator[tuple[Node, Node]]:
    """``x := recv.fld[k]`` / ``x, ok := recv.fld[k]``: (the declaration, its left list)."""
    for st in parse.iter_descendants(body):
        if st.type not in ("short_var_declaration", "assignment_statement"):
            continue
        right, left = st.child_by_field_name("right"), st.child_by_field_name("left")
        vals = right.named_children if right is not None else []
        if left is None or len(vals) != 1 or vals[0].type != "index_expression":
            continue
        operand = vals[0].child_by_field_name("operand")
        index = vals[0].child_by_field_name("index")
        if (
            operand is not None
            and index is not None
            and _is_field_of(operand, recv, {fld})
            and index.text == k.text
        ):
            yield st, left


def _element_handled(
    m: Node,
    body: Node,
    fld: str,
    k: Node,
    at: Node,
    fields: set[str],
    releasers: set[str],
) -> bool:
    """Tell whether ``m`` releases the element at ``k``, or a local holding it, or hands it on."""
    recv = (facts.receiver_name(m) or "").encode()
    element = f"{facts.receiver_name(m)}.{fld}[{parse.text(k)}]"
    names = {element}
    for st, left in _lookups(body, recv, fld, k):
        if st.start_byte < at.start_byte and left.named_children:
            first = left.named_children[0]
            if first.type == "identifier" and first.text != b"_":
                names.add(parse.text(first))
    for loop, key, value in _container_ranges(m, fld):
        if key is not None and key.text == k.text and value is not None and _inside(at, loop):
            names.add(parse.text(value))
    for name in names:
        if _releases(body, name, fields, releasers):
            return True
        if name != element and _handed_on(body, name, at):
            return True
    return False


def _releases_one(n: Node, obj: str, fields: set[str], releasers: set[str]) -> bool:
    want = obj.encode()
    if n.type == "send_statement":
        ch = n.child_by_field_name("channel")
        return ch is not None and _is_field_of(ch, want, fields)
    fn = n.child_by_field_name("function")
    args = n.child_by_field_name("arguments")
    if fn is None:
        return False
    if fn.type == "identifier" and fn.text == b"close" and args is not None and args.named_children:
        return _is_field_of(args.named_children[0], want, fields)
    if fn.type == "selector_expression":
        operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        return (
            operand is not None
            and field is not None
            and operand.text == want
            and parse.text(field) in releasers
        )
    return False


def _handed_on(body: Node, name: str, at: Node) -> bool:
    """Tell whether the local ``name`` goes anywhere but a field read or a nil test."""
    for n in _idents(body, name):
        p = n.parent
        if p is None or _declares(n):
            continue
        if p.type == "selector_expression" and p.child_by_field_name("operand") == n:
            continue  # x.f, x.m(): a read, or a method (a releaser was looked for already)
        if p.type == "binary_expression" and p.text is not None and b"nil" in p.text:
            continue
        st = p.parent if p.type == "expression_list" else None
        if (
            st is not None
            and st.type in ("short_var_declaration", "assignment_statement")
            and st.child_by_field_name("left") == p
        ):
            continue  # assigned to, not handed on
        return True
    return False


def _seen_present(m: Node, body: Node, fld: str, k: Node, at: Node) -> bool:
    """Tell whether ``m`` looks ``recv.fld[k]`` up first, and can overwrite it when present.

    ``cur, ok := recv.fld[k]``, and the assignment is not where ``ok`` is false (inside
    ``if !ok``, after an ``if ok`` that always leaves): the old value may still be there.
    """
    recv = (facts.receiver_name(m) or "").encode()
    for st, left in _lookups(body, recv, fld, k):
        if st.start_byte > at.start_byte or len(left.named_children) != 2:
            continue
        ok = left.named_children[1]
        if ok.type != "identifier" or ok.text == b"_":
            continue
        if _only_when_absent(body, ok.text or b"", at):
            continue
        return True
    return False


def _only_when_absent(body: Node, ok: bytes, at: Node) -> bool:
    for a in parse.ancestors(at):
        if a.id == body.id:
            break
        p = a.parent
        if p is None or p.type != "if_statement":
            continue
        cond = p.child_by_field_name("condition")
        text = cond.text if cond is not None else b""
        if a == p.child_by_field_name("consequence") and text == b"!" + ok:
            return True
        if a == p.child_by_field_name("alternative") and text == ok:
            return True
    # An earlier ``if ok { ...; return }`` (or continue, break) in a block around ``at``.
    for a in parse.ancestors(at):
        if a.type in parse.FUNCTION_TYPES:
            break
        if a.type not in ("block", "statement_list"):
            continue
        for st in a.named_children:
            if st.start_byte >= at.start_byte:
                break
            if st.type != "if_statement":
                continue
            cond = st.child_by_field_name("condition")
            cons = st.child_by_field_name("consequence")
            if cond is None or cons is None or cond.text != ok:
                continue
            stmts = cfgmod.statements(cons)
            last = stmts[-1] if stmts else None
            if last is not None and last.type in (
                "return_statement",
                "continue_statement",
                "break_statement",
            ):
                return True
        if a.id == body.id:
            break
    return False


# --- releasers that can fail before they release -------------------------------------------


@dataclass(frozen=True, slots=True)
class FailedRelease:
    """The only releasers of a goroutine's object can return an error before releasing it.

        func (f *Flusher) Stop() error {
            if err := f.flush(); err != nil {
                return fmt.Errorf("final flush: %w", err)   // quit stays open
            }
            close(f.quit)
            ...
        }

    The caller of ``Stop`` is told it failed, not that the flush loop still runs: nothing
    closes ``quit`` afterwards, and the goroutine waiting on it never ends.
    """

    go: Node
    park: Node
    park_path: str
    type_name: str
    fields: frozenset[str]
    releaser: Node  # a releasing method (the first, by position)
    releaser_path: str
    at: Node  # its return that skips the release


def failed_releases(index: PackageIndex, go: Node, path: str) -> FailedRelease | None:
    """Return how every releaser of the object ``go`` waits on can fail before releasing.

    The goroutine waits on channel fields of one object (as for :func:`removals`). Its
    releasers are the methods of the object's type that close or send on those fields of
    their receiver, and no other code of the package writes to them. Each releases
    unconditionally (not under an ``if``, loop, switch or select: a release under a
    condition is the method deciding when one is due) and has a path from its entry to a
    ``return`` that gives a non-nil error as the last result without passing the release.
    Not when the condition that leads there reads a field of the receiver that the
    releaser itself writes (``if s.stopped { return ErrStopped }``: released already),
    unless the goroutine writes that field too.
    """
    key = ("obligations.failed_releases", go.id)
    if key in index.memo:
        got = index.memo[key]
        return got if isinstance(got, FailedRelease) else None
    out = _failed_releases(index, go, path)
    index.memo[key] = out
    return out


def _failed_releases(index: PackageIndex, go: Node, path: str) -> FailedRelease | None:
    waited = _waited_object(index, go, path)
    if waited is None:
        return None
    tname, fields, park, park_path = waited
    is_main = package_name(index.source) == "main"
    if not is_main and any(not f[:1].islower() for f in fields):
        return None
    g = facts.goroutine_of(go, path, index)
    gbody = g.body if g is not None else None
    releasers = list(_releasing_methods(index.files(), tname, fields))
    if not releasers or gbody is None or not _only_released_by(index, releasers, fields):
        return None
    first: tuple[Node, str, Node] | None = None
    for mpath, m in releasers:
        at = _error_before_release(m, fields, gbody)
        if at is None:
            return None
        if first is None:
            first = (m, mpath, at)
    assert first is not None
    return FailedRelease(go, park, park_path, tname, frozenset(fields), *first)


def _releasing_methods(
    pkg: list[tuple[str, Node]], tname: str, fields: set[str]
) -> Iterator[tuple[str, Node]]:
    for mpath, m in methods_of(pkg, tname):
        recv = facts.receiver_name(m)
        if recv and _releases(m, recv, fields, set()):
            yield mpath, m


def _only_released_by(
    index: PackageIndex, releasers: list[tuple[str, Node]], fields: set[str]
) -> bool:
    """Tell whether no code outside ``releasers`` closes or sends on one of the fields."""
    inside = [m for _, m in releasers]
    for _, root in index.files():
        for n in parse.iter_descendants(root):
            if n.type not in ("call_expression", "send_statement"):
                continue
            if any(_inside(n, m) for m in inside):
                continue
            target: Node | None = None
            if n.type == "send_statement":
                target = n.child_by_field_name("channel")
            else:
                fn, args = n.child_by_field_name("function"), n.child_by_field_name("arguments")
                if fn is not None and fn.text == b"close" and args is not None:
                    target = args.named_children[0] if args.named_children else None
            if target is None or target.type != "selector_expression":
                continue
            fld = target.child_by_field_name("field")
            if fld is not None and parse.text(fld) in fields:
                return False
    return True


def _error_before_release(m: Node, fields: set[str], gbody: Node) -> Node | None:
    """Return a ``return`` of ``m`` with a non-nil error reached before any release."""
    recv = facts.receiver_name(m)
    res = m.child_by_field_name("result")
    if not recv or res is None:
        return None
    types = res.named_children if res.type == "parameter_list" else [res]
    last = types[-1] if types else None
    if last is not None and last.type == "parameter_declaration":
        if last.child_by_field_name("name") is not None:
            return None  # named results: a bare return may give anything
        last = last.child_by_field_name("type")
    if last is None or last.text != b"error":
        return None
    g = summaries.graph_or_none(m)
    if g is None:
        return None
    sites = [
        n
        for n in parse.iter_descendants(m)
        if n.type in ("call_expression", "send_statement") and _releases_one(n, recv, fields, set())
    ]
    if not sites or any(_conditional(n, m) for n in sites):
        return None  # a release under a condition: the method decides when it is due
    releases = {b for n in sites if (b := g.block_of(n)) is not None}
    if not releases:
        return None
    reach = g.without_edges_into(releases).reachable()
    for b in sorted(reach):
        blk = g.blocks[b]
        if blk.kind is not cfgmod.Kind.RETURN or blk.node is None:
            continue
        vals = next((c for c in blk.node.named_children if c.type == "expression_list"), None)
        got = vals.named_children if vals is not None else []
        if not got or got[-1].text == b"nil":
            continue
        if _guarded_by_own_flag(blk.node, m, recv, gbody):
            continue
        return blk.node
    return None


_CONTROL: Final = frozenset(
    {
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
    }
)


def _conditional(n: Node, m: Node) -> bool:
    """Tell whether ``n`` sits under an ``if``, loop, switch or select of ``m``."""
    for a in parse.ancestors(n):
        if a.id == m.id:
            return False
        if a.type in _CONTROL:
            return True
    return False


def _guarded_by_own_flag(ret: Node, m: Node, recv: str, gbody: Node) -> bool:
    """Tell whether the ``if`` leading to ``ret`` tests a receiver field ``m`` itself sets.

    Such a guard is ``m`` saying it released already, except when the goroutine sets the
    field too (it may clear the flag while it still runs).
    """
    want = recv.encode()
    for a in parse.ancestors(ret):
        if a.id == m.id:
            return False
        if a.type != "if_statement":
            continue
        cond = a.child_by_field_name("condition")
        for n in [cond, *parse.iter_descendants(cond)] if cond is not None else []:
            if n.type != "selector_expression":
                continue
            operand, fld = n.child_by_field_name("operand"), n.child_by_field_name("field")
            if operand is None or fld is None or operand.text != want:
                continue
            name = parse.text(fld)
            if _writes_field(m, name) and not _writes_field(gbody, name):
                return True
    return False


def _writes_field(root: Node, name: str) -> bool:
    """Tell whether ``root`` assigns ``x.name`` (any operand)."""
    want = name.encode()
    for st in parse.iter_descendants(root):
        if st.type not in ("assignment_statement", "inc_statement", "dec_statement"):
            continue
        left = st.child_by_field_name("left") if st.type == "assignment_statement" else st
        for t in left.named_children if left is not None else []:
            fld = t.child_by_field_name("field") if t.type == "selector_expression" else None
            if fld is not None and fld.text == want:
                return True
    return False


# --- objects an owner hands to its goroutine and then drops --------------------------------


@dataclass(frozen=True, slots=True)
class OwnerDrop:
    """A goroutine given an object that only a releaser ends, and an owner that drops it.

    sub := b.Subscribe(topic)       // a fresh *Subscription; only Unsubscribe closes sub.C
    go forward(sub)                 // for ev := range sub.C { ... }
    if !ok {
        return err                  // neither Unsubscribe nor anyone else to call it
    }
    """

    go: Node
    park: Node  # where the goroutine waits for the release
    park_path: str
    type_name: str
    fields: frozenset[str]  # the channel fields whose close (or send) ends it
    releasers: frozenset[str]  # the object's methods that release it
    local: str  # the owner's name for the object
    at: Node  # where the owner drops it: a return, or the function itself (its end)
    many: bool  # the owner runs more than once per process, or the go sits in a loop
    released: Node | None  # a releaser call on some other path, if any
    stopped: bool  # some other path releases it or hands it on


def owner_drops(index: PackageIndex, go: Node, path: str) -> OwnerDrop | None:
    """Return the path on which the starter of ``go`` drops the object its goroutine waits on.

    The goroutine is a function or method given a local of the starter as an argument whose
    parameter is declared as a struct type ``T`` (of this package or, through go.mod, of
    another package of the module), and every way to its return waits on channel fields of
    that parameter (:func:`_gate`). ``T``'s package must see every release of those fields
    (:func:`_type_releasers`): only methods of ``T`` on their own receiver close (or send
    on) them, directly or through a function given that receiver, and nothing in the
    package calls them on anything else or hands out a ``T`` it keeps. The starter's local
    is bound once to a call of a function of that package that returns a fresh ``T``.

    Then only the starter can release the object. A path of the starter from the ``go``
    statement to its return that neither calls a releaser on the local nor hands it on
    (captured by a literal, passed to a call, stored, returned) leaves the goroutine
    waiting for good.
    """
    key = ("obligations.owner_drops", go.id)
    if key in index.memo:
        got = index.memo[key]
        return got if isinstance(got, OwnerDrop) else None
    out = _owner_drops(index, go, path)
    index.memo[key] = out
    return out


def _owner_drops(index: PackageIndex, go: Node, path: str) -> OwnerDrop | None:
    g = facts.goroutine_of(go, path, index)
    if g is None or g.body is None or g.body.has_error or g.body.type == "func_literal":
        return None
    if g.parent.has_error or g.parent.type == "func_literal":
        return None
    for arg, param in zip(g.args, g.params, strict=False):
        if arg.type != "identifier" or not param or param == "_":
            continue
        found = _param_type(g.body, param, index, g.path)
        if found is None:
            continue
        tname, tindex = found
        got = _owner_drop(index, go, path, g, arg, param, tname, tindex)
        if got is not None:
            return got
    return None


def _param_type(
    func: Node, param: str, index: PackageIndex, path: str
) -> tuple[str, PackageIndex] | None:
    """Return T's name and its package's index, for a parameter ``x *T`` or ``x *pkg.T``."""
    params = func.child_by_field_name("parameters")
    for pd in params.named_children if params is not None else []:
        if not any(parse.text(n) == param for n in pd.children_by_field_name("name")):
            continue
        t = pd.child_by_field_name("type")
        if t is not None and t.type == "pointer_type" and t.named_children:
            t = t.named_children[0]
        if t is None:
            return None
        if t.type == "type_identifier":
            tindex: PackageIndex | None = index
            if path != index.path and path not in index.package:
                tindex = None
            return (parse.text(t), tindex) if tindex is not None else None
        if t.type != "qualified_type":
            return None
        pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
        if pkg is None or name is None:
            return None
        root = func
        while root.parent is not None:
            root = root.parent
        other = _imported_index(root, path, parse.text(pkg))
        return (parse.text(name), other) if other is not None else None
    return None


def _imported_index(root: Node, path: str, alias: str) -> PackageIndex | None:
    """Index the package of the module that the file at ``path`` imports as ``alias``."""
    mod = module.module_of(path)
    if mod is None or mod.path == "std":
        return None
    for named, want in parse.import_specs(root):
        if parse.import_name(named, want) != alias:
            continue
        if want != mod.path and not want.startswith(mod.path + "/"):
            return None  # outside the module: its code is not ours to read
        directory = os.path.join(mod.root, *want[len(mod.path) :].strip("/").split("/"))
        sources = module.package_sources(directory)
        if not sources:
            return None
        return module.package_index(next(iter(sorted(sources))), sources)
    return None


def _owner_drop(
    index: PackageIndex,
    go: Node,
    path: str,
    g: facts.Goroutine,
    arg: Node,
    param: str,
    tname: str,
    tindex: PackageIndex,
) -> OwnerDrop | None:
    if g.body is None:
        return None
    chans = _chan_fields(tindex, tname)
    if not chans:
        return None
    gated = _gate(g.body, param, chans, {})
    if gated is None:
        return None
    waited, park = gated
    ranged = _is_range_over(park)
    kind = _type_releasers(tindex, tname, frozenset(waited), closes_only=ranged)
    if kind is None:
        return None
    fields, releasers, makers = kind
    if not releasers or not _goroutine_keeps(g.body, param, tindex, tname, releasers):
        return None
    owner = g.parent
    local = parse.text(arg)
    body = cfgmod.body_of(owner)
    cfg = summaries.graph_or_none(owner)
    if body is None or cfg is None:
        return None
    bound: Node | None = None
    stops: list[Node] = []  # releases and hand-ons, after the go statement
    released: Node | None = None
    for ident in _idents(body, local):
        if ident.id == arg.id:
            continue
        if _declares(ident):
            if bound is not None or not _made_by(ident, makers):
                return None
            bound = ident
            continue
        stop, is_release = _owner_stop(ident, owner, tindex, tname, releasers)
        if stop is None:
            continue
        if stop.start_byte < go.end_byte:
            return None  # released or handed on before the goroutine starts
        stops.append(stop)
        if is_release and released is None:
            released = stop
    if bound is None or bound.start_byte > go.start_byte:
        return None
    start = cfg.block_of(go)
    blocks = {b for s in stops if (b := cfg.block_of(s)) is not None}
    if start is None or len(blocks) != len({s.id for s in stops}) or start in blocks:
        return None
    at = _drop_path(cfg, start, blocks, "")
    if at is None:
        return None
    loop = facts.innermost_loop(go, owner)
    runs = lifetime.runs(owner, path, index)
    if runs is lifetime.Runs.ONCE and loop is None:
        return None  # one object for the process
    many = loop is not None or runs is lifetime.Runs.MANY
    return OwnerDrop(
        go,
        park,
        g.path,
        tname,
        frozenset(fields),
        frozenset(releasers),
        local,
        at,
        many,
        released,
        bool(stops),
    )


def _is_range_over(park: Node) -> bool:
    return park.type in ("for_statement", "range_clause") or (
        park.parent is not None and park.parent.type == "range_clause"
    )


def _owner_stop(
    ident: Node, owner: Node, tindex: PackageIndex, tname: str, releasers: set[str]
) -> tuple[Node | None, bool]:
    """Classify one mention of the owner's local: (the statement that stops the path, release).

    ``(None, False)`` for a use that keeps the object to the owner (a field read, a method
    that keeps its receiver, a comparison); a releaser call is a release; anything else
    hands the object on (a literal capturing it, an argument, a store, a return).
    """
    stmt = _statement_of(ident, owner)
    if facts.innermost_function(ident, owner).id != owner.id:
        return stmt, False  # captured: whoever runs the literal may release it
    p = ident.parent
    if (
        p is not None
        and p.type == "selector_expression"
        and p.child_by_field_name("operand") == ident
    ):
        field = p.child_by_field_name("field")
        name = parse.text(field) if field is not None else ""
        if parse.is_callee(p):
            if name in releasers:
                return stmt, True
            return (None, False) if _keeps(tindex, tname, name, 0) else (stmt, False)
        fields = tindex.struct_fields(tname) or {}
        return (None, False) if name in fields else (stmt, False)
    if p is not None and p.type == "binary_expression":
        other = [c for c in p.named_children if c.id != ident.id]
        if other and other[0].type == "nil":
            return None, False
    return stmt, False


def _statement_of(node: Node, owner: Node) -> Node:
    """Return the statement of ``owner``'s own body that holds ``node``."""
    body = cfgmod.body_of(owner)
    stmt = node
    for a in parse.ancestors(node):
        if a.type.endswith("_statement") or a.type in ("short_var_declaration", "var_declaration"):
            stmt = a
            if facts.innermost_function(a, owner).id == owner.id:
                return a
        if body is not None and a.id == body.id:
            break
    return stmt


def _made_by(ident: Node, makers: set[str]) -> bool:
    """``x := pkg.New(...)``, ``x, err := b.Subscribe(...)``: a call of a maker of fresh Ts."""
    found = parse.assignment_of(ident)
    if found is None or found[0].type != "short_var_declaration":
        return False
    stmt, value = found
    if value is None:
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None else []
        value = values[0] if len(values) == 1 else None
    if value is None or value.type != "call_expression":
        return False
    fn = value.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return fn is not None and parse.text(fn) in makers


def _goroutine_keeps(
    gbody: Node, param: str, tindex: PackageIndex, tname: str, releasers: set[str]
) -> bool:
    """Tell whether the goroutine only reads fields of its parameter (never releases it)."""
    body = cfgmod.body_of(gbody)
    if body is None:
        return False
    fields = tindex.struct_fields(tname) or {}
    for ident in _idents(body, param):
        p = ident.parent
        if _declares(ident) or p is None or p.type != "selector_expression":
            return False
        field = p.child_by_field_name("field")
        if field is None or parse.is_callee(p) or parse.text(field) not in fields:
            return False
    return True


def _type_releasers(
    tindex: PackageIndex, tname: str, waited: frozenset[str], *, closes_only: bool
) -> tuple[set[str], set[str], set[str]] | None:
    """Return the fields that release ``tname``'s goroutine, its releasers, and its makers.

    The fields are those waited on and the fields a literal of ``T`` sets to the same local
    (``&Sub{C: ch, ch: ch}``). Each is unexported, or exported as a receive-only channel
    (no other package can close it). Every close of (or, unless ``closes_only``, send on)
    one is on the receiver of a method of ``T``, or on a parameter of a function that the
    package calls only with the receiver of a method of ``T``: those methods, and those
    calling them on their receiver, release. The package calls a releaser only on a
    receiver of its own method, and every function of the package that returns a ``T``
    returns a fresh one (the makers): nothing the package keeps is handed out again.
    None when any of this fails.
    """
    key = ("obligations.type_releasers", tname, waited, closes_only)
    if key in tindex.memo:
        got = tindex.memo[key]
        return got if isinstance(got, tuple) else None
    out = _type_releasers_uncached(tindex, tname, waited, closes_only=closes_only)
    tindex.memo[key] = out
    return out


def _type_releasers_uncached(
    tindex: PackageIndex, tname: str, waited: frozenset[str], *, closes_only: bool
) -> tuple[set[str], set[str], set[str]] | None:
    pkg = tindex.files(tests=False)
    decl = tindex.struct_fields(tname) or {}
    fields = set(waited) | _aliases(pkg, tname, waited)
    for f in fields:
        t = decl.get(f)
        if t is None:
            return None
        if not f[:1].islower() and not parse.text(t).startswith("<-"):
            return None  # another package may close or send on it
    releasers: set[str] = set()
    closers: dict[str, int] = {}  # functions closing a parameter's field: name -> position
    for _, root in pkg:
        for n in parse.iter_descendants(root):
            if n.type != "selector_expression":
                continue
            field = n.child_by_field_name("field")
            if field is None or parse.text(field) not in fields:
                continue
            use = _field_use(n)
            if use == "read" or (use == "write" and closes_only and _is_sent_on(n)):
                continue
            if use != "write":
                return None
            operand = n.child_by_field_name("operand")
            func = parse.enclosing_function(n)
            if operand is None or operand.type != "identifier" or func is None:
                return None
            who = parse.text(operand)
            name = func.child_by_field_name("name")
            if func.type == "method_declaration" and facts.receiver_name(func) == who:
                if receiver_type_name(func) != tname or name is None:
                    return None
                releasers.add(parse.text(name))
                continue
            pos = _param_position(func, who, tname)
            if pos is None or name is None or parse.text(name) in closers:
                return None
            closers[parse.text(name)] = pos
    for cname, pos in closers.items():
        for n in _mentions_of(pkg, cname):
            if n.parent is not None and n.parent.type in (
                "function_declaration",
                "method_declaration",
            ):
                continue
            method = _called_on_receiver(n, pos, tname)
            if method is None:
                return None
            releasers.add(method)
    releasers = _callers_on_receiver(tindex, pkg, tname, releasers)
    makers = _makers(pkg, tname)
    if makers is None:
        return None
    for rname in releasers:
        for n in _mentions_of(pkg, rname):
            if n.parent is not None and n.parent.type == "method_declaration":
                continue
            if _called_on_receiver(n, -1, tname) is None and not _on_own_object(n, makers):
                return None  # the package may release values it keeps
    return fields, releasers, makers


def _on_own_object(n: Node, makers: set[str]) -> bool:
    """Tell whether ``n`` is ``x.n`` for a local ``x`` bound once to a maker's fresh ``T``."""
    sel = n.parent
    if sel is None or sel.type != "selector_expression" or sel.child_by_field_name("field") != n:
        return False
    operand = sel.child_by_field_name("operand")
    func = parse.enclosing_function(n)
    body = cfgmod.body_of(func) if func is not None else None
    if operand is None or operand.type != "identifier" or body is None:
        return False
    decls = [d for d in _idents(body, parse.text(operand)) if _declares(d)]
    return len(decls) == 1 and _made_by(decls[0], makers)


def _aliases(pkg: list[tuple[str, Node]], tname: str, waited: frozenset[str]) -> set[str]:
    """Return the fields a literal of ``tname`` sets to the same local as one of ``waited``."""
    out: set[str] = set()
    for _, root in pkg:
        for lit in parse.iter_descendants(root):
            if lit.type != "composite_literal" or not _is_fresh(lit, tname):
                continue
            by_value: dict[str, set[str]] = {}
            for kv in parse.iter_descendants(lit):
                if kv.type != "keyed_element" or len(kv.named_children) != 2:
                    continue
                k, v = (_unwrap_element(c) for c in kv.named_children)
                if k.type in ("field_identifier", "identifier") and v.type == "identifier":
                    by_value.setdefault(parse.text(v), set()).add(parse.text(k))
            for names in by_value.values():
                if names & waited:
                    out |= names
    return out


def _unwrap_element(n: Node) -> Node:
    while n.type in ("literal_element", "parenthesized_expression") and n.named_children:
        n = n.named_children[0]
    return n


def _param_position(func: Node, name: str, tname: str) -> int | None:
    """Return the position of ``func``'s parameter ``name`` when it is declared ``*T`` or ``T``."""
    params = func.child_by_field_name("parameters")
    i = 0
    for pd in params.named_children if params is not None else []:
        names = pd.children_by_field_name("name")
        t = pd.child_by_field_name("type")
        for n in names or [pd]:
            if names and parse.text(n) == name:
                if t is not None and t.type == "pointer_type" and t.named_children:
                    t = t.named_children[0]
                ok = t is not None and t.type == "type_identifier" and parse.text(t) == tname
                return i if ok else None
            i += 1
    return None


def _mentions_of(pkg: list[tuple[str, Node]], name: str) -> Iterator[Node]:
    want = name.encode()
    for _, root in pkg:
        if want not in (root.text or b""):
            continue
        for n in parse.iter_descendants(root):
            if n.type in ("identifier", "field_identifier") and n.text == want:
                yield n


def _called_on_receiver(n: Node, pos: int, tname: str) -> str | None:
    """Return the method of ``tname`` in which ``n`` is called on (or given) its own receiver.

    ``pos`` -1: ``recv.n(...)``; otherwise ``n(...)`` or ``x.n(...)`` with the receiver as
    the argument at ``pos``.
    """
    method = _method_around(n)
    if method is None or receiver_type_name(method) != tname:
        return None
    recv = facts.receiver_name(method)
    name = method.child_by_field_name("name")
    if not recv or name is None:
        return None
    callee = n.parent if n.parent is not None and n.parent.type == "selector_expression" else n
    if callee.type == "selector_expression" and callee.child_by_field_name("field") != n:
        return None
    call = callee.parent
    if (
        call is None
        or call.type != "call_expression"
        or call.child_by_field_name("function") != callee
    ):
        return None
    if pos < 0:
        operand = callee.child_by_field_name("operand") if callee is not n else None
        return parse.text(name) if operand is not None and parse.text(operand) == recv else None
    args = call.child_by_field_name("arguments")
    vals = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    if pos >= len(vals) or vals[pos].type != "identifier" or parse.text(vals[pos]) != recv:
        return None
    return parse.text(name)


def _makers(pkg: list[tuple[str, Node]], tname: str) -> set[str] | None:
    """Return the names of the functions returning a ``T``, when each returns a fresh one."""
    out: set[str] = set()
    for _, root in pkg:
        for d in root.named_children:
            if d.type not in ("function_declaration", "method_declaration") or d.has_error:
                continue
            res = d.child_by_field_name("result")
            if res is None or not any(
                n.type == "type_identifier" and parse.text(n) == tname
                for n in parse.iter_descendants(res)
            ):
                continue
            name = d.child_by_field_name("name")
            body = cfgmod.body_of(d)
            if name is None or body is None or not _returns_fresh(d, body, res, tname):
                return None
            out.add(parse.text(name))
    return out


def _returns_fresh(func: Node, body: Node, res: Node, tname: str) -> bool:
    """Tell whether every return gives a fresh ``&T{...}`` (or a local bound to one)."""
    types = res.named_children if res.type == "parameter_list" else [res]
    if any(
        t.child_by_field_name("name") is not None
        for t in types
        if t.type == "parameter_declaration"
    ):
        return False
    at = [
        i
        for i, t in enumerate(types)
        if any(
            n.type == "type_identifier" and parse.text(n) == tname
            for n in parse.iter_descendants(t)
        )
        or (t.type == "type_identifier" and parse.text(t) == tname)
    ]
    if len(at) != 1:
        return False
    seen = False
    for r in parse.iter_descendants(body):
        if r.type != "return_statement" or facts.innermost_function(r, func).id != func.id:
            continue
        vals = next((c for c in r.named_children if c.type == "expression_list"), None)
        got = vals.named_children if vals is not None else []
        if len(got) != len(types):
            return False
        v = got[at[0]]
        if v.type == "nil":
            seen = True
            continue
        if _is_fresh(v, tname):
            seen = True
            continue
        if v.type != "identifier":
            return False
        decls = [d for d in _idents(body, parse.text(v)) if _declares(d)]
        if len(decls) != 1:
            return False
        bound = parse.assignment_of(decls[0])
        if bound is None or bound[1] is None or not _is_fresh(bound[1], tname):
            return False
        seen = True
    return seen
