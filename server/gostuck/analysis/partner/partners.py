"""Partners of a goroutine's gate: every case of a select, and contexts as channels.

Counting along the starter's paths (:class:`gostuck.analysis.flow.facts.StrandFinder`) asks, for
one channel at a time, whether a goroutine's plain send or receive gets its partner. This
module asks the same question of a goroutine's *gate*: the place every way to its return
goes through, where it needs one partner among several alternatives.

- A ``select`` without default: its *exit cases* are those from which the goroutine's
  return can be reached; a case that only leads back round a loop frees nobody. The select
  is a gate when no path from the goroutine's entry to its exit avoids the exit cases.
- A plain ``<-ctx.Done()`` on every path to the exit is a gate of one alternative.

Each alternative is an operation on an object of the starter ``F``:

- a channel ``make``d in ``F`` with a constant capacity. A receive case is freed by a send
  or a close (only a close, when the case leaves solely through ``if !ok``); a send case by
  a receive, a range, or the buffer;
- a context ``F`` makes with ``context.WithCancel(p)`` whose root nothing can cancel
  (``context.Background()``, ``context.TODO()``, or another such context of ``F``, whose
  cancel then closes this one too). Its ``Done()`` channel is closed by those cancel
  functions and by nothing else: whoever else holds the context cannot cancel it. A
  context with a timeout or deadline always fires: never an object here.

Along ``F``'s paths after the go statement, each operation of ``F`` that can free an
alternative counts as supply, exactly as for a plain operation (:func:`facts.walk_parent`):
a close or a cancel frees every waiter. What we cannot see counts as a partner that may
come, from where it happens on: the channel or cancel handed to a call we cannot read,
stored, returned, captured by a literal, or held by another goroutine (from its start).
A cancel stored in a struct literal bound to a local is followed through that local: a call
of the field cancels, a read of another field is harmless, anything else hands it on. So
a path that drops the struct without calling or returning it strands the goroutine.

A path of ``F`` that returns with the goroutine started and no alternative's partner given
strands it: every case of its gate is left without a partner, for good.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gostuck.analysis.flow import consts, facts
from gostuck.analysis.flow.deadchan import _sources
from gostuck.analysis.flow.facts import (
    MANY,
    Analyzer,
    Channel,
    Exit,
    Goroutine,
    Op,
    Use,
    add,
    innermost_function,
    name_uses,
)
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

_WITH_CANCEL = frozenset({"WithCancel", "WithCancelCause"})
_ROOTS = frozenset({"Background", "TODO"})


@dataclass(frozen=True, slots=True)
class Obj:
    """A channel or a cancellable context made in the starter, by the name it has there."""

    name: str
    decl: Node  # the ``make(...)`` or ``context.WithCancel(...)`` call
    capacity: int  # a channel's buffer (0 for a context)
    cancels: tuple[str, ...] = ()  # a context's cancel functions (its own and its ancestors')
    channel: Channel | None = None  # the channel, for channels

    @property
    def is_context(self) -> bool:
        """Tell whether the object is a context (its Done channel)."""
        return self.channel is None


@dataclass(frozen=True, slots=True)
class Alternative:
    """One way through a gate: an operation on an object of the starter."""

    node: Node  # the communication case, or the plain receive
    op: Op  # what the goroutine does: SEND or RECV
    obj: Obj
    close_only: bool = False  # a receive that leads out only once the channel is closed


@dataclass(slots=True)
class GateStrand:
    """A goroutine left at its gate on some path of its starter, no alternative partnered."""

    goroutine: Goroutine
    gate: Node  # the select statement, or the plain receive
    alternatives: tuple[Alternative, ...]
    exits: list[Exit]
    parent_cfg: CFG

    @property
    def every_path(self) -> bool:
        """Tell whether every exit of the starter strands the goroutine."""
        return all(e.strands for e in self.exits)

    def stranding(self) -> list[Exit]:
        """Return the exits that strand."""
        return [e for e in self.exits if e.strands]

    @property
    def is_select(self) -> bool:
        """Tell whether the gate is a select (else a plain ``<-ctx.Done()``)."""
        return self.gate.type == "select_statement"


# --------------------------------------------------------------------------- objects


def find_objects(an: Analyzer, func: Node) -> dict[str, Obj]:
    """Return the channels and cancellable contexts ``func`` makes, by name."""
    out: dict[str, Obj] = {}
    for ch in facts.find_channels(func):
        if ch.capacity is not None and ch.name.count(".") <= 1:
            out[ch.name] = Obj(ch.name, ch.make, ch.capacity, channel=ch)
    if "context" not in an.index.imports():
        return out
    body = cfgmod.body_of(func)
    if body is None or b"context.WithCancel" not in (body.text or b""):
        return out
    own = parse.own_ids(body)
    for decl in parse.iter_descendants(body):
        if decl.type != "short_var_declaration" or decl.id not in own:
            continue
        got = _with_cancel(decl, out)
        if got is not None:
            out[got.name] = got
    return out


def _with_cancel(decl: Node, known: dict[str, Obj]) -> Obj | None:
    """``ctx, cancel := context.WithCancel(root)`` with a root nothing else cancels."""
    left, right = decl.child_by_field_name("left"), decl.child_by_field_name("right")
    if left is None or right is None or len(right.named_children) != 1:
        return None
    names = left.named_children
    call = right.named_children[0]
    if len(names) != 2 or call.type != "call_expression":
        return None
    if _context_func(call) not in _WITH_CANCEL:
        return None
    args = call.child_by_field_name("arguments")
    arg = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if len(arg) != 1:
        return None
    ctx, cancel = parse.text(names[0]), parse.text(names[1])
    if ctx == "_":
        return None
    own = () if cancel == "_" else (cancel,)
    root = arg[0]
    if root.type == "call_expression" and _context_func(root) in _ROOTS:
        return Obj(ctx, call, 0, own)
    if root.type == "identifier":
        parent = known.get(parse.text(root))
        if parent is not None and parent.is_context and parent.decl.start_byte < call.start_byte:
            return Obj(ctx, call, 0, own + parent.cancels)
    return None


def _context_func(call: Node) -> str | None:
    """``F`` for a call ``context.F(...)``."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    pkg, fld = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if pkg is None or fld is None or pkg.type != "identifier" or pkg.text != b"context":
        return None
    return parse.text(fld)


# --------------------------------------------------------------------------- gates


def _done_operand(recv: Node) -> Node | None:
    """``ctx`` for the receive ``<-ctx.Done()`` (a plain name), else None."""
    operand = recv.child_by_field_name("operand")
    if operand is None or operand.type != "call_expression":
        return None
    fn, args = operand.child_by_field_name("function"), operand.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None or args.named_children:
        return None
    ctx, fld = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if ctx is None or fld is None or fld.text != b"Done":
        return None
    if ctx.type == "selector_expression":
        base = ctx.child_by_field_name("operand")
        return ctx if base is not None and base.type == "identifier" else None
    return ctx if ctx.type == "identifier" else None


def _is_receive(n: Node) -> bool:
    if n.type != "unary_expression" or n.child_count == 0:
        return False
    first = n.child(0)
    return first is not None and first.type == "<-"


def _avoids(g: CFG, avoid: set[int], start: int | None = None) -> bool:
    """Tell whether the exit can be reached from ``start`` (the entry) avoiding ``avoid``."""
    s = g.entry if start is None else start
    if s in avoid:
        return False
    seen = {s}
    todo = [s]
    while todo:
        b = todo.pop()
        if b == g.exit:
            return True
        for nxt in g.blocks[b].succs:
            if nxt not in seen and nxt not in avoid:
                seen.add(nxt)
                todo.append(nxt)
    return False


def _gate_candidates(body: Node) -> list[Node]:
    """Return the selects without default and plain ``<-x.Done()`` of the body's own code."""
    out: list[Node] = []
    stack = list(reversed(body.children))
    while stack:
        n = stack.pop()
        if n.type in parse.FUNCTION_TYPES:
            continue
        if n.type == "select_statement":
            cases = [c for c in n.named_children if c.type != "comment"]
            if cases and all(c.type == "communication_case" for c in cases):
                out.append(n)
        elif _is_receive(n) and _done_operand(n) is not None and not _in_case(n):
            out.append(n)
        stack.extend(reversed(n.children))
    return out


def _in_case(recv: Node) -> bool:
    """Tell whether the receive is a select case's communication."""
    for a in parse.ancestors(recv):
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            return comm is not None and comm.start_byte <= recv.start_byte < comm.end_byte
        if a.type in parse.FUNCTION_TYPES or a.type in ("block", "statement_list"):
            return False
    return False


def _close_only(g: CFG, case: Node, cb: int) -> bool:
    """Tell whether ``case v, ok := <-c:`` leads out only through its ``if !ok`` branch."""
    comm = case.child_by_field_name("communication")
    left = comm.child_by_field_name("left") if comm is not None else None
    if left is None or len(left.named_children) != 2:
        return False
    ok = parse.text(left.named_children[1])
    first = next((s for s in cfgmod.case_body(case) if s.type != "comment"), None)
    cond = first.child_by_field_name("condition") if first is not None else None
    if first is None or first.type != "if_statement" or cond is None:
        return False
    if first.child_by_field_name("initializer") is not None:
        return False
    if parse.text(cond).replace(" ", "") != f"!{ok}":
        return False
    b = g.block_of(cond)
    if b is None or g.blocks[b].kind is not Kind.COND or g.blocks[b].then_first is None:
        return False
    then = g.blocks[b].then_first
    sel = g.block_of(case.parent) if case.parent is not None else None
    if then is None or sel is None:
        return False
    # Within this round (not back through the select): out only through ``if !ok``.
    return not _avoids(g, {then, sel}, cb)


def find_holders(func: Node) -> dict[str, dict[str, str]]:
    """Return the locals ``func`` binds once to a struct literal, with their keyed names.

    ``w := &Worker{ctx: ctx, cancel: cancel}`` gives ``{"w": {"ctx": "ctx", "cancel":
    "cancel"}}``: fields set to a plain name of ``func``.
    """
    out: dict[str, dict[str, str]] = {}
    body = cfgmod.body_of(func)
    if body is None:
        return out
    own = parse.own_ids(body)
    twice: set[str] = set()
    for decl in parse.iter_descendants(body):
        if decl.type != "short_var_declaration" or decl.id not in own:
            continue
        left, right = decl.child_by_field_name("left"), decl.child_by_field_name("right")
        if left is None or right is None:
            continue
        for n in left.named_children:
            if parse.text(n) in out:
                twice.add(parse.text(n))
        if len(left.named_children) != 1 or len(right.named_children) != 1:
            continue
        lit = right.named_children[0]
        if lit.type == "unary_expression" and lit.named_children:
            lit = lit.named_children[-1]
        value = lit.child_by_field_name("body") if lit.type == "composite_literal" else None
        if value is None:
            continue
        fields: dict[str, str] = {}
        for kv in value.named_children:
            if kv.type != "keyed_element" or len(kv.named_children) != 2:
                continue
            k, v = kv.named_children
            k = k.named_children[0] if k.type == "literal_element" and k.named_children else k
            v = v.named_children[0] if v.type == "literal_element" and v.named_children else v
            if v.type == "identifier" and k.type in ("identifier", "field_identifier"):
                fields[parse.text(k)] = parse.text(v)
        out[parse.text(left.named_children[0])] = fields
    for name in twice:
        out.pop(name, None)
    for name in list(out):
        if sum(1 for u in name_uses(body, name) if u.op is Op.DEF) != 1:
            del out[name]  # bound again (``p = other``): which struct is it?
    return out


_FIELD_WRITE = r"\.\s*{f}\s*(?:[-+*/|&^]?=(?!=)|:=|,|\+\+|--)|&\s*[\w.]*\.{f}\b"


def _field_written(index: PackageIndex, fld: str) -> bool:
    """Tell whether any file of the package may write a field named ``fld`` (``x.f = v``)."""
    pat = re.compile(_FIELD_WRITE.format(f=re.escape(fld)).encode())
    return any(pat.search(root.text or b"") for _path, root in _sources(index))


class _Resolver:
    """Names in a goroutine's function for objects of its starter."""

    def __init__(
        self, an: Analyzer, go: Goroutine, objs: dict[str, Obj], holders: dict[str, dict[str, str]]
    ) -> None:
        self.an = an
        self.go = go
        self.objs = objs
        self.holders = holders

    def _starter_name(self, name: str) -> str | None:
        """Return the starter's name for ``name`` of the goroutine's function, if it has one."""
        go = self.go
        assert go.body is not None
        if go.body.type == "method_declaration" and name == facts.receiver_name(go.body):
            fn = go.call.child_by_field_name("function")
            operand = fn.child_by_field_name("operand") if fn is not None else None
            if operand is None or operand.type != "identifier":
                return None
            if consts.is_reassigned(go.body, name):
                return None
            return parse.text(operand)
        if name in go.params:
            idx = go.params.index(name)
            if go.params.count(name) != 1 or idx >= len(go.args):
                return None
            arg = go.args[idx]
            if arg.type != "identifier" or consts.is_reassigned(go.body, name):
                return None
            if sum(1 for a in go.args if a.text == arg.text) != 1:
                return None
            return parse.text(arg)
        if not go.is_literal or _declares(go.body, name):
            return None
        return name

    def obj(self, node: Node) -> Obj | None:
        """Return the starter's object ``node`` (in the goroutine's function) stands for.

        A plain name, or ``x.f`` where ``x`` is a struct literal the starter bound with
        ``f: name`` of a context (and no code of the package writes a field ``f``).
        """
        if node.type == "selector_expression":
            base, fld = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if base is None or fld is None or base.type != "identifier":
                return None
            holder = self._starter_name(parse.text(base))
            fields = self.holders.get(holder) if holder is not None else None
            value = fields.get(parse.text(fld)) if fields is not None else None
            obj = self.objs.get(value) if value is not None else None
            if obj is not None and not obj.is_context:
                obj = None  # a channel stored in the struct: its own uses are not followed
            if obj is None and holder is not None:
                obj = self.objs.get(f"{holder}.{parse.text(fld)}")  # T{f: make(chan ...)}
            if obj is None or _field_written(self.an.index, parse.text(fld)):
                return None
            return obj
        if node.type != "identifier":
            return None
        starter = self._starter_name(parse.text(node))
        return self.objs.get(starter) if starter is not None else None


def _declares(func: Node, name: str) -> bool:
    """Tell whether ``func`` binds ``name`` itself (a parameter or a local)."""
    if name in facts.param_names(func):
        return True
    body = cfgmod.body_of(func)
    if body is None:
        return False
    return any(
        u.op is Op.DEF and innermost_function(u.ident, func).id == func.id
        for u in name_uses(body, name)
    )


def find_gate(
    an: Analyzer,
    go: Goroutine,
    objs: dict[str, Obj],
    holders: dict[str, dict[str, str]] | None = None,
) -> tuple[Node, list[Alternative]] | None:
    """Return the goroutine's first gate, when every alternative is an object of the starter.

    The first candidate (in source order) that every way to the exit passes decides: one
    whose alternatives we cannot all name has a partner we cannot see.
    """
    if go.body is None or go.body.has_error:
        return None
    body = cfgmod.body_of(go.body)
    g = an.graphs.get(go.body, dict(go.env))
    if body is None or g is None or g.exit not in g.reachable():
        return None
    res = _Resolver(an, go, objs, holders or {})
    for cand in _gate_candidates(body):
        b = g.block_of(cand)
        if b is None or b not in g.reachable():
            continue
        if cand.type != "select_statement":
            if _avoids(g, {b}):
                continue
            ctx = _done_operand(cand)
            obj = res.obj(ctx) if ctx is not None else None
            if obj is None or not obj.is_context:
                return None
            return cand, [Alternative(cand, Op.RECV, obj)]
        exits: list[tuple[Node, int]] = []
        for case in cand.named_children:
            if case.type != "communication_case":
                continue
            cb = g.by_node.get(case.id)
            if cb is None or cb not in g.succs(b):
                # A case judged never to fire (a context nothing cancels) rests on reasoning
                # about the whole package; the starter's own paths may still take theirs.
                return None
            if _avoids(g, {b}, cb):  # out from this case in this round, not via another
                exits.append((case, cb))
        if not exits or _avoids(g, {cb for _, cb in exits}):
            continue
        alts: list[Alternative] = []
        for case, cb in exits:
            alt = _alternative(g, case, cb, res)
            if alt is None:
                return None
            alts.append(alt)
        return cand, alts
    return None


def _alternative(g: CFG, case: Node, cb: int, res: _Resolver) -> Alternative | None:
    comm = case.child_by_field_name("communication")
    if comm is None:
        return None
    if comm.type == "send_statement":
        ch = comm.child_by_field_name("channel")
        obj = res.obj(ch) if ch is not None else None
        if obj is None or obj.is_context:
            return None
        return Alternative(case, Op.SEND, obj)
    right = comm.child_by_field_name("right") if comm.type == "receive_statement" else comm
    if right is not None and right.type == "expression_list" and len(right.named_children) == 1:
        right = right.named_children[0]
    if right is None or not _is_receive(right):
        return None
    ctx = _done_operand(right)
    if ctx is not None:
        obj = res.obj(ctx)
        return Alternative(case, Op.RECV, obj) if obj is not None and obj.is_context else None
    operand = right.child_by_field_name("operand")
    obj = res.obj(operand) if operand is not None else None
    if obj is None or obj.is_context:
        return None
    return Alternative(case, Op.RECV, obj, _close_only(g, case, cb))


# --------------------------------------------------------------------------- supply


class _Unknown(Exception):
    """Something about the objects we cannot count: no verdict."""


class _Supply:
    """The starter's partner operations for one gate, per block of its CFG."""

    def __init__(
        self, an: Analyzer, parent: Node, g: CFG, go: Goroutine, goroutines: list[Goroutine]
    ) -> None:
        self.an = an
        self.parent = parent
        self.g = g
        self.go = go
        self.by_body = {x.body.id: x for x in goroutines if x.is_literal and x.body is not None}
        self.by_call = {x.call.id: x for x in goroutines}
        self.supply: dict[int, int] = {}
        self.deferred: dict[int, int] = {}

    def give(self, node: Node, w: int) -> None:
        """Count ``w`` partners where ``node`` runs (at its defer when deferred)."""
        if w == 0:
            return
        if facts._is_deferred_use(node, self.parent):
            d = self.g.block_of(facts._defer_stmt(node))
            if d is None:
                raise _Unknown
            self.deferred[d] = add(self.deferred.get(d, 0), w)
            return
        b = self.g.block_of(node)
        if b is None:
            raise _Unknown
        self.supply[b] = add(self.supply.get(b, 0), w)

    def owner(self, ident: Node) -> tuple[str, Node]:
        """Say who evaluates ``ident``, and from where it may act.

        ``own``: the starter (its deferred and inline literals included); ``gate``: our
        goroutine; ``other``: another goroutine (from its go statement) or a literal kept
        for later (from where it is made).
        """
        owner = innermost_function(ident, self.parent)
        if (
            owner.id == self.parent.id
            or facts._is_deferred_literal(owner, self.parent)
            or self.an.runs_inline(owner, self.parent)
        ):
            return "own", ident
        lit = owner
        while True:
            go = self.by_body.get(lit.id)
            if go is not None:
                return ("gate" if go.key == self.go.key else "other"), go.stmt
            up = innermost_function(lit.parent, self.parent) if lit.parent is not None else None
            if up is None or up.id == self.parent.id:
                return "other", lit
            lit = up

    def channel(self, alt: Alternative, gate_uses: set[int]) -> None:
        """Count the partners of ``alt`` on a channel of the starter."""
        obj = alt.obj
        ch = obj.channel
        body = cfgmod.body_of(self.parent)
        assert ch is not None and body is not None
        for u in name_uses(body, obj.name, self.an.index):
            if u.op is Op.DEF:
                if u.node.id != ch.decl.id:
                    raise _Unknown  # assigned again, or shadowed
                continue
            if u.op is Op.NONE and not self.an.is_method_value(u):
                continue
            if _is_field_key(u.ident, self.an.index):
                continue  # ``T{answers: ...}``: a field's name, not the channel
            who, at = self.owner(u.ident)
            if who == "gate":
                if u.node.id not in gate_uses:
                    raise _Unknown  # the goroutine uses it elsewhere too
                continue
            if u.op is Op.CALL and u.node.id in self.by_call:
                other = self.by_call[u.node.id]
                if other.key == self.go.key:
                    continue
                self._other_goroutine(other, alt)
                continue
            if who == "other":
                self.give(at, MANY)
                continue
            self.give(u.node, self._weight(u, alt))

    def _weight(self, u: Use, alt: Alternative) -> int:
        if u.op is Op.CLOSE:
            return MANY
        if u.op in (Op.SEND, Op.RECV, Op.RANGE):
            if alt.op is Op.RECV:
                return (0 if alt.close_only else 1) if u.op is Op.SEND else 0
            return {Op.RECV: 1, Op.RANGE: MANY}.get(u.op, 0)
        if u.op is Op.CALL:
            sub = self.an.call_profile(u, 0)
            if sub is None:
                return MANY  # handed to code we cannot read: it may be the partner
            if Op.CLOSE in sub.kinds:
                return MANY
            partners: tuple[Op, ...] = (Op.SEND,) if alt.op is Op.RECV else (Op.RECV, Op.RANGE)
            if alt.op is Op.RECV and alt.close_only:
                partners = ()
            if not any(k in sub.kinds for k in partners):
                return 0
            if Op.RANGE in partners and Op.RANGE in sub.kinds:
                return MANY
            if any(k in sub.kinds and k not in sub.blocking for k in partners):
                return MANY  # a partner in a select: how many, we cannot say
            return max(sub.blocking[k][1] for k in partners if k in sub.blocking)
        return MANY  # stored, returned, sent: someone else may be the partner

    def _other_goroutine(self, other: Goroutine, alt: Alternative) -> None:
        """Another goroutine handed the channel: from its start, it may be the partner."""
        assert alt.obj.channel is not None
        prof = self.an.goroutine_profile(other, alt.obj.channel)
        partners = {Op.SEND, Op.CLOSE} if alt.op is Op.RECV else {Op.RECV, Op.RANGE, Op.CLOSE}
        if prof is None or partners & prof.kinds:
            self.give(other.stmt, MANY)

    def context(self, alt: Alternative) -> None:
        """Count the cancels of ``alt``'s context: each closes its Done channel."""
        body = cfgmod.body_of(self.parent)
        assert body is not None
        ctx_defs = [u for u in name_uses(body, alt.obj.name) if u.op is Op.DEF]
        if len(ctx_defs) != 1:
            raise _Unknown  # the context variable is bound again: which one is waited on?
        for cancel in alt.obj.cancels:
            defs = 0
            for ident in facts.idents_named(body, cancel):
                if not _is_field_key(ident, self.an.index):
                    defs += self._cancel_use(ident, body)
            if defs != 1:
                raise _Unknown  # bound again or shadowed

    def _cancel_use(self, ident: Node, body: Node) -> int:
        """Count one use of a cancel function; return 1 for a definition of the name."""
        n = facts._unparen(ident)
        p = n.parent
        if p is None:
            raise _Unknown
        if p.type == "expression_list" and _is_definition(p, n):
            return 1
        if p.type == "expression_list" and _is_dropped(p):
            return 0  # ``_ = cancel``: dropped, never called
        if p.type in ("var_spec", "parameter_declaration"):
            return 1
        who, at = self.owner(ident)
        if who != "own":
            self.give(at, MANY)
            return 0
        if p.type == "call_expression" and p.child_by_field_name("function") == n:
            self.give(p, MANY)  # cancel()
            return 0
        holder = _holder(n)
        if holder is not None:
            self._holder_uses(*holder, body)
            return 0
        self.give(n, MANY)  # handed on, stored, captured: it may be called
        return 0

    def _holder_uses(self, var: str, fld: str, decl: Node, typ: str | None, body: Node) -> None:
        """``t := &T{f: cancel}``: ``t.f()`` cancels, ``t.x`` reads, the rest hands it on.

        A method called on ``t`` (``t.connect()``, ``go t.run()``) is harmless when neither
        it nor the methods it calls on its receiver name the field ``f`` or hand the receiver
        on (:func:`may_reach_field`).
        """
        for ident in facts.idents_named(body, var):
            if ident.parent is not None and ident.parent.id == decl.id:
                continue
            if _declares_at(ident, decl):
                continue
            node = self._holder_use(ident, fld, typ)
            if node is None:
                continue
            who, at = self.owner(ident)
            self.give(node if who == "own" else at, MANY)

    def _holder_use(self, ident: Node, fld: str, typ: str | None) -> Node | None:
        """Return where the use ``ident`` of a holder may cancel, or None when it cannot."""
        p = ident.parent
        if p is not None and p.type == "argument_list" and typ is not None:
            return None if self._passed_harmlessly(ident, p, fld, typ) else ident
        if p is None or p.type != "selector_expression":
            return ident  # returned, passed, stored: it may cancel
        f = p.child_by_field_name("field")
        gp = p.parent
        is_call = (
            gp is not None
            and gp.type == "call_expression"
            and gp.child_by_field_name("function") == p
        )
        if f is None:
            return ident
        name = parse.text(f)
        if name == fld:
            return gp if is_call and gp is not None else ident  # t.f(), or the cancel copied
        if is_call:
            if typ is not None and not may_reach_field(self.an.index, typ, name, fld):
                return None
            return ident
        return None if not _is_target(p) else ident

    def _passed_harmlessly(self, ident: Node, args: Node, fld: str, typ: str) -> bool:
        """Tell whether the holder passed to a package function cannot be cancelled there.

        ``go m.watch(ctx, lease)``: ``watch`` names ``lease`` only to read other fields or
        call methods that never reach the cancel's field (:func:`param_may_reach_field`).
        """
        call = args.parent
        fn = call.child_by_field_name("function") if call is not None else None
        if call is None or call.type != "call_expression" or fn is None:
            return False
        ref = facts.resolve_call(fn, self.an.index)
        if ref is None or ref.node.type == "func_literal":
            return False
        pos = next((i for i, c in enumerate(args.named_children) if c.id == ident.id), -1)
        params = facts.param_names(ref.node)
        if pos < 0 or pos >= len(params) or not params[pos]:
            return False
        return not param_may_reach_field(self.an.index, ref.node, params[pos], typ, fld)


def may_reach_field(
    index: PackageIndex,
    typ: str,
    method: str,
    fld: str,
    depth: int = 0,
    seen: set[int] | None = None,
) -> bool:
    """Tell whether calling ``method`` on a ``typ`` may use its field ``fld``.

    The method's body, and those of the methods it calls on its receiver, must name the
    receiver only to read or write other fields or to call such methods; a func field called,
    a method we cannot find (promoted, on an interface), the receiver handed on or bound
    again: it may.
    """
    seen = set() if seen is None else seen
    ref = index.method(method, typ)
    if ref is None or ref.node.has_error or depth > 4:
        return True
    if ref.node.id in seen:
        return False
    seen.add(ref.node.id)
    return _var_may_reach(
        index, ref.node, facts.receiver_name(ref.node) or "", typ, fld, depth, seen
    )


def param_may_reach_field(index: PackageIndex, func: Node, param: str, typ: str, fld: str) -> bool:
    """Tell whether ``func``, handed a ``typ`` as its parameter ``param``, may use its ``fld``.

    As :func:`may_reach_field` for a method's receiver: the parameter named only to read or
    write other fields or to call methods that cannot reach ``fld``.
    """
    if func.has_error:
        return True
    return _var_may_reach(index, func, param, typ, fld, 0, set())


def _var_may_reach(
    index: PackageIndex, func: Node, var: str, typ: str, fld: str, depth: int, seen: set[int]
) -> bool:
    body = cfgmod.body_of(func)
    if body is None:
        return True
    if not var or var == "_":
        return False
    for ident in facts.idents_named(body, var):
        p = ident.parent
        if (
            p is None
            or p.type != "selector_expression"
            or p.child_by_field_name("operand") != ident
        ):
            return True
        f = p.child_by_field_name("field")
        if f is None or parse.text(f) == fld:
            return True
        gp = p.parent
        if (
            gp is not None
            and gp.type == "call_expression"
            and gp.child_by_field_name("function") == p
            and may_reach_field(index, typ, parse.text(f), fld, depth + 1, seen)
        ):
            return True
    return False


def _is_field_key(ident: Node, index: PackageIndex) -> bool:
    """Tell whether ``ident`` is the key of a struct literal of the package (a field name)."""
    elem = ident.parent
    if elem is None or elem.type != "literal_element":
        return False
    keyed = elem.parent
    if keyed is None or keyed.type != "keyed_element" or keyed.named_children[0].id != elem.id:
        return False
    value = keyed.parent
    lit = value.parent if value is not None else None
    typ = lit.child_by_field_name("type") if lit is not None else None
    if typ is None or typ.type != "type_identifier":
        return False
    fields = index.struct_fields(parse.text(typ))
    return fields is not None and parse.text(ident) in fields


def _is_dropped(right: Node) -> bool:
    """Tell whether ``right`` is the value list of ``_ = v`` (every target blank)."""
    st = right.parent
    if st is None or st.type != "assignment_statement" or st.child_by_field_name("right") != right:
        return False
    left = st.child_by_field_name("left")
    return left is not None and all(c.text == b"_" for c in left.named_children)


def _is_definition(lst: Node, n: Node) -> bool:
    gp = lst.parent
    return (
        gp is not None
        and gp.type in ("short_var_declaration", "assignment_statement")
        and gp.child_by_field_name("left") == lst
        and any(c.id == n.id for c in lst.named_children)
    )


def _is_target(sel: Node) -> bool:
    """Tell whether ``t.x`` is written (``t.x = v``, ``t.x++``, ``&t.x``)."""
    p = sel.parent
    if p is None:
        return True
    if p.type == "expression_list":
        gp = p.parent
        return gp is not None and gp.child_by_field_name("left") == p
    if p.type in ("inc_statement", "dec_statement"):
        return True
    first = p.child(0) if p.type == "unary_expression" and p.child_count > 0 else None
    return first is not None and first.type == "&"


def _holder(n: Node) -> tuple[str, str, Node, str | None] | None:
    """For ``cancel`` in ``t := &T{f: cancel}`` (or ``T{...}``): ``("t", "f", decl, "T")``."""
    elem = n.parent
    if elem is None or elem.type != "literal_element":
        return None
    keyed = elem.parent
    if keyed is None or keyed.type != "keyed_element" or keyed.named_children[-1].id != elem.id:
        return None
    key = keyed.named_children[0]
    lit_value = keyed.parent
    lit = lit_value.parent if lit_value is not None else None
    if key.type == "literal_element" and key.named_children:
        key = key.named_children[0]
    if key.type not in ("field_identifier", "identifier") or lit is None:
        return None
    if lit.type != "composite_literal":
        return None
    expr = lit
    if expr.parent is not None and expr.parent.type == "unary_expression":
        expr = expr.parent
    lst = expr.parent
    decl = lst.parent if lst is not None else None
    if lst is None or decl is None or lst.type != "expression_list":
        return None
    if decl.type != "short_var_declaration" or decl.child_by_field_name("right") != lst:
        return None
    left = decl.child_by_field_name("left")
    if left is None or len(left.named_children) != 1 or len(lst.named_children) != 1:
        return None
    var = left.named_children[0]
    if var.type != "identifier" or var.text == b"_":
        return None
    typ = lit.child_by_field_name("type")
    name = parse.text(typ) if typ is not None and typ.type == "type_identifier" else None
    return parse.text(var), parse.text(key), decl, name


def _declares_at(ident: Node, decl: Node) -> bool:
    """Tell whether ``ident`` is (re)declared or assigned as a whole: then we lose track."""
    p = ident.parent
    if p is None or p.type != "expression_list":
        return False
    gp = p.parent
    if gp is None or gp.child_by_field_name("left") != p:
        return False
    if gp.id == decl.id:
        return True
    raise _Unknown


# --------------------------------------------------------------------------- strands


def find_gate_strands(
    an: Analyzer, parent: Node, goroutines: list[Goroutine]
) -> Iterator[GateStrand]:
    """Yield the goroutines of ``parent`` left at their gate on some path of ``parent``."""
    g = an.graphs.get(parent)
    if g is None or parent.has_error:
        return
    objs: dict[str, Obj] | None = None
    holders: dict[str, dict[str, str]] = {}
    for go in goroutines:
        if go.parent.id != parent.id or go.body is None or go.via is not None:
            continue
        if objs is None:
            objs = find_objects(an, parent)
            holders = find_holders(parent) if objs else {}
        if not objs:
            return
        found = find_gate(an, go, objs, holders)
        if found is None:
            continue
        gate, alts = found
        try:
            s = _strand(an, parent, g, go, goroutines, gate, alts)
        except _Unknown:
            continue
        if s is not None:
            yield s


def _strand(
    an: Analyzer,
    parent: Node,
    g: CFG,
    go: Goroutine,
    goroutines: list[Goroutine],
    gate: Node,
    alts: list[Alternative],
) -> GateStrand | None:
    at = g.block_of(go.stmt)
    if at is None:
        return None
    sup = _Supply(an, parent, g, go, goroutines)
    cap = 0
    seen: set[str] = set()
    for alt in alts:
        if alt.obj.name in seen:
            raise _Unknown  # two cases on one object: count it once, carefully, later
        seen.add(alt.obj.name)
        if alt.obj.is_context:
            sup.context(alt)
            continue
        if alt.op is Op.SEND:
            cap += alt.obj.capacity
        uses = _gate_uses(an.index, go, alt, gate)
        if uses is None:
            return None
        sup.channel(alt, uses)
    loops = {
        blk.id
        for blk in g.loop_blocks()
        if blk.loop_exit is not None
        and blk.loop_body is not None
        and facts._min_round(g, blk.id, blk.loop_body, sup.supply) >= 1
    }
    spawn = {at: MANY if go.in_loop else 1}
    exits = facts.walk_parent(g, sup.supply, sup.deferred, loops, spawn, cap)
    if not any(e.strands for e in exits):
        return None
    return GateStrand(go, gate, tuple(alts), exits, g)


def _gate_uses(index: PackageIndex, go: Goroutine, alt: Alternative, gate: Node) -> set[int] | None:
    """Return the nodes of the starter's uses of the channel inside the gate's own cases.

    The goroutine may use the channel nowhere else (a use in its body outside the gate:
    None). For a goroutine that gets the channel as an argument, its parameter's uses are
    checked in its function and the argument of the go call is the only use there.
    """
    assert go.body is not None
    body = cfgmod.body_of(go.body)
    if body is None:
        return None
    name = alt.obj.name
    base, _, fld = name.partition(".")
    inner = name
    for i, a in enumerate(go.args):
        if a.type == "identifier" and parse.text(a) == base and i < len(go.params):
            inner = go.params[i] + (f".{fld}" if fld else "")
    if fld and go.body.type == "method_declaration":
        fn = go.call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        recv = facts.receiver_name(go.body)
        if operand is not None and parse.text(operand) == base and recv:
            inner = f"{recv}.{fld}"
    typ = _literal_type(alt.obj.channel.decl) if fld and alt.obj.channel is not None else None
    ok: set[int] = set()
    for u in name_uses(body, inner):
        if innermost_function(u.ident, go.body).id != go.body.id:
            return None  # a literal inside the goroutine holds it too
        if u.op is Op.NONE or (u.op is Op.DEF and u.node.type == "parameter_declaration"):
            continue
        if u.op is Op.CALL and u.arg_index == facts.RECEIVER and u.field and typ is not None:
            fn = u.node.child_by_field_name("function")
            m = fn.child_by_field_name("field") if fn is not None else None
            if m is not None and not may_reach_field(index, typ, parse.text(m), fld):
                continue  # ``w.process(j)``: a method that never names the field
        if u.op in (Op.SEND, Op.RECV) and u.in_select and _inside(u.node, gate):
            ok.add(u.node.id)
            continue
        return None
    return ok


def _literal_type(decl: Node) -> str | None:
    """``T`` for ``v := &T{...}`` or ``v := T{...}``."""
    right = decl.child_by_field_name("right")
    lit = right.named_children[0] if right is not None and right.named_children else None
    if lit is not None and lit.type == "unary_expression" and lit.named_children:
        lit = lit.named_children[-1]
    typ = lit.child_by_field_name("type") if lit is not None else None
    if lit is None or lit.type != "composite_literal" or typ is None:
        return None
    return parse.text(typ) if typ.type == "type_identifier" else None


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte
