"""Code a goroutine never gets to, and the channel writes that sit there.

A goroutine proven to block forever at some point never runs what comes after it; a
function that can never return never runs its deferred calls. A send or close that only
such code makes never happens, so a receive that waits for it waits forever: the chain
this module adds to the dead-field analysis (``DeadChannels.never_runs``).

Whether a point can be reached is read on the function's CFG once every edge that cannot
be taken is gone and every place that blocks forever ends its paths:

- select cases that receive from a dead field (nothing sends on or closes it: dead in
  turn when its only writers sit in code that never runs);
- type switch cases no value received there can take (``dyntypes``);
- a select case ``<-c.f`` of a method run as a goroutine, when every send on or close of
  ``f`` in the package happens in that very goroutine on its own receiver, and is followed
  on every path by a wait that only the goroutine's own return could end (a receive on a
  field only its deferred close closes, ``ownfield``): by the time the case could fire,
  the goroutine is stuck for good;
- a plain receive, in the function itself, from a dead field: the path ends there;
- ``r.f.Wait()`` on a WaitGroup field the package counts up and never down: once counted
  up, it never returns (whoever waits behind it is reported at medium confidence, as the
  Add that counts it up may not have come first).

Anything not understood keeps its edge, so code counts as never run only when every way to
it is ruled out. A function that may ``recover`` a panic, or that can reach a call that
ends the goroutine but runs its deferred calls (``t.FailNow``), may run them: no verdict
for its deferred writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from tree_sitter import Node

from gostuck.analysis.flow import facts, funcvals, ownfield
from gostuck.analysis.flow.deadchan import DeadChannels, _in_select, _receives
from gostuck.analysis.flow.facts import Analyzer
from gostuck.analysis.flow.index import receiver_type_name
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

if TYPE_CHECKING:
    from gostuck.analysis.flow.dyntypes import SentTypes

MAX_DEPTH: Final = 4
# A source of places where a function blocks forever once it gets there (its own nodes).
Stops = Callable[[Node], Iterator[Node]]
# Calls that end the goroutine without running its deferred calls, or end the program.
_NO_DEFERS: Final = frozenset({b"panic", b"os.Exit"})


def is_counted_wait(node: Node) -> bool:
    """Tell whether ``node``, a place where code never goes on, is a WaitGroup ``Wait``.

    Such a Wait (:meth:`NeverRuns._undone_waits`) blocks only once an ``Add`` counted its
    WaitGroup up: a verdict that rests on it is as sure as that Add, no surer.
    """
    fn = node.child_by_field_name("function") if node.type == "call_expression" else None
    field = fn.child_by_field_name("field") if fn is not None else None
    return field is not None and field.text == b"Wait"


@dataclass(frozen=True, slots=True)
class _Reach:
    """What a function's pruned CFG says: the blocks reachable, and why others are not."""

    graph: CFG
    blocks: frozenset[int]
    why: tuple[Node, ...]  # where the function blocks forever on the way (first: nearest)


class NeverRuns:
    """Answers "can this send or close ever run?" for one package."""

    def __init__(self, an: Analyzer, dead: DeadChannels, types: SentTypes) -> None:
        """Judge with the analyzer's CFGs, ``dead``'s fields and ``types``' type switches."""
        self.an = an
        self.dead = dead
        self.types = types
        self._reach: dict[int, _Reach | None] = {}
        self._closures: dict[int, dict[int, tuple[Node, ownfield._Self]]] = {}
        # Where a function blocks forever once it gets there: each source maps a function
        # to such places in its own body. More analyses can add theirs (``add_stops``).
        self._stops: list[Stops] = [self._dead_receives, self._undone_waits]

    def add_stops(self, source: Stops) -> None:
        """Add a source of places where a function, once there, never goes on."""
        self._stops.append(source)
        self._reach.clear()

    def _dead_receives(self, func: Node) -> Iterator[Node]:
        """Plain receives, in ``func`` itself, from a field nothing can send on or close."""
        for op in _receives(func):
            operand = op.child_by_field_name("operand")
            if operand is None or _in_select(op) is not None:
                continue
            if self.dead.dead_field_of(operand) is not None:
                yield op

    def _undone_waits(self, func: Node) -> Iterator[Node]:
        """``r.f.Wait()`` in a method of ``r``'s type, on a WaitGroup nothing calls Done on.

        ``f`` is a ``sync.WaitGroup`` field (unexported, its address never taken) that the
        package counts up (``Add`` with positive constants only) and never counts down (no
        ``Done`` on a field of that name anywhere): once an ``Add`` has counted it up, a
        ``Wait`` on it never returns, whoever calls it.
        """
        if func.type != "method_declaration" or b".Wait(" not in (func.text or b""):
            return
        recv = facts.receiver_name(func)
        typ = receiver_type_name(func)
        fields = self.an.index.struct_fields(typ) if recv and typ is not None else None
        if not fields:
            return
        body = func.child_by_field_name("body")
        own = parse.own_ids(body) if body is not None else set()
        for op in parse.iter_descendants(body) if body is not None else []:
            if op.type != "call_expression" or op.id not in own or op.parent is None:
                continue
            if op.parent.type != "expression_statement":
                continue  # ``go``, ``defer``: not this goroutine's wait, or not yet
            fn = op.child_by_field_name("function")
            wg = fn.child_by_field_name("operand") if fn is not None else None
            method = fn.child_by_field_name("field") if fn is not None else None
            if wg is None or method is None or method.text != b"Wait":
                continue
            if wg.type != "selector_expression":
                continue
            owner, name = wg.child_by_field_name("operand"), wg.child_by_field_name("field")
            if owner is None or name is None or parse.text(owner) != recv:
                continue
            ftype = fields.get(parse.text(name))
            if (
                ftype is not None
                and parse.text(ftype) == "sync.WaitGroup"
                and self._never_counted_down(parse.text(name))
            ):
                yield op

    def _never_counted_down(self, field: str) -> bool:
        """Tell whether the package counts the WaitGroup field ``field`` up and never down."""
        key = ("chain.never_counted_down", field)
        got = self.an.index.memo.get(key)
        if isinstance(got, bool):
            return got
        ok = field[:1].islower()
        name = re.escape(field.encode())
        down = re.compile(rb"\b" + name + rb"\s*\.\s*Done\b")
        addr = re.compile(rb"&\s*[\w.]*\b" + name + rb"\b(?!\s*\.)")
        adds = re.compile(rb"\b" + name + rb"\s*\.\s*Add\s*\(([^)]*)\)")
        counted = False
        for _, root in self.an.index.files() if ok else []:
            src = root.text or b""
            if down.search(src) or addr.search(src):
                ok = False
                break
            for m in adds.finditer(src):
                if not m.group(1).strip().isdigit() or int(m.group(1)) <= 0:
                    ok = False  # ``Add(-1)`` counts down; ``Add(n)`` may be zero
                counted = True
        got = ok and counted
        self.an.index.memo[key] = got
        return got

    # ------------------------------------------------------------------ entry

    def writer(self, w: Node) -> Node | None:
        """For ``c.f`` of ``c.f <- v`` or ``close(c.f)``: where its goroutine gets stuck first.

        None when the write may run. For a deferred close, the function must never return.
        """
        stmt = w.parent
        if stmt is not None and stmt.type == "argument_list":
            stmt = stmt.parent  # close(c.f)
        if stmt is None:
            return None
        func = parse.enclosing_function(stmt)
        if func is None or func.has_error:
            return None
        r = self._reachable(func)
        if r is None:
            return None
        if stmt.parent is not None and stmt.parent.type == "defer_statement":
            return self._never_returns(func, r)
        b = r.graph.block_of(stmt)
        if b is None:
            return None
        if b not in r.blocks:
            return r.why[0] if r.why else _name_of(func)
        outer = _deferring(func)
        if outer is None:
            return None
        # ``defer func() { close(c.f) }()``: runs when the function around it returns.
        r_outer = self._reachable(outer)
        return self._never_returns(outer, r_outer) if r_outer is not None else None

    def _never_returns(self, func: Node, r: _Reach) -> Node | None:
        if r.graph.exit in r.blocks or b"recover" in (func.text or b""):
            return None
        for b in r.blocks:
            blk = r.graph.blocks[b]
            if blk.kind is not Kind.ABORT or blk.node is None:
                continue
            call = _call_in(blk.node)
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is None or (fn.text not in _NO_DEFERS and not _is_log_exit(fn)):
                return None  # ``t.FailNow()``, ``runtime.Goexit()``: deferred calls run
        return r.why[0] if r.why else _name_of(func)

    # ------------------------------------------------------------------ reachability

    def _reachable(self, func: Node) -> _Reach | None:
        if func.id in self._reach:
            return self._reach[func.id]
        self._reach[func.id] = None  # recursion guard: unknown
        got = self._compute(func)
        self._reach[func.id] = got
        return got

    def _compute(self, func: Node) -> _Reach | None:
        text = func.text or b""
        if not any(w in text for w in (b"select", b"<-", b"switch", b".Wait(")):
            g0 = self.an.graphs.get(func)
            return _Reach(g0, frozenset(g0.reachable()), ()) if g0 is not None else None
        g = self.an.graphs.get(func)
        if g is None:
            return None
        g = self.dead.without_dead_cases(g)
        g = self.types.prune(g)
        g, waits = self._without_own_closed_cases(g, func)
        stops: dict[int, Node] = {}
        for source in self._stops:
            for op in source(func):
                b = g.block_of(op)
                if b is not None:
                    stops.setdefault(b, op)
        seen = {g.entry}
        todo = [g.entry]
        hit: list[Node] = []
        while todo:
            b = todo.pop()
            if b in stops:
                hit.append(stops[b])
                continue
            for s in g.succs(b):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        why = tuple(sorted(hit, key=lambda n: n.start_byte)) + tuple(waits)
        return _Reach(g, frozenset(seen), why)

    # ------------------------------------------------------------------ own-closed cases

    def _without_own_closed_cases(self, g: CFG, func: Node) -> tuple[CFG, list[Node]]:
        """Drop ``case <-c.f:`` whose every writer is this goroutine's own, stuck after it."""
        if func.type != "method_declaration" or b"close" not in (func.text or b""):
            return g, []
        recv = facts.receiver_name(func)
        typ = receiver_type_name(func)
        if not recv or typ is None:
            return g, []
        own = {
            fld
            for close, fld in ownfield._deferred_closes(func, recv)
            if ownfield._only_closer(self.dead, fld, typ, close)
        }
        if not own:
            return g, []
        cut: set[int] = set()
        waits: list[Node] = []
        for blk in g.blocks:
            if blk.kind is not Kind.CASE or blk.node is None:
                continue
            fld = _case_field(blk.node, recv)
            if fld is None:
                continue
            ws = self.dead.writers(fld, typ)
            if not ws:
                continue
            found = [self._stuck_after(func, recv, typ, own, w) for w in ws]
            if all(n is not None for n in found):
                cut.add(blk.id)
                waits.extend(n for n in found if n is not None)
        return g.without_edges_into(cut), waits

    def _stuck_after(self, func: Node, recv: str, typ: str, own: set[str], w: Node) -> Node | None:
        """Return the wait that strands ``func``'s goroutine after its write ``w``, if any.

        ``w`` must run only in the goroutine running ``func``, on its receiver (reached
        through the calls ``ownfield`` follows, and from nowhere else in the package), and
        be followed on every path of its function by a receive on a field of ``own``.
        """
        base = w.child_by_field_name("operand")
        stmt = (
            w.parent.parent
            if w.parent is not None and w.parent.type == "argument_list"
            else w.parent
        )
        lit = parse.enclosing_function(w)
        if base is None or stmt is None or lit is None:
            return None
        host = self._host(lit)
        closure = self._closure(func, recv, typ)
        entry = closure.get(host.id)
        if entry is None or not ownfield._is_me(base, entry[1]):
            return None
        me = entry[1]
        waits = [
            op for op in _receives(lit) if _in_select(op) is None and _own_field(op, me) in own
        ]
        g = self.an.graphs.get(lit)
        if g is None or not waits:
            return None
        start = g.block_of(stmt)
        stops = {b for b in (g.block_of(op) for op in waits) if b is not None}
        if start is None:
            return None
        if start not in stops:
            seen = {start}
            todo = [start]
            while todo:
                b = todo.pop()
                if b in stops:
                    continue
                if b == g.exit:
                    return None
                for s in g.succs(b):
                    if s not in seen:
                        seen.add(s)
                        todo.append(s)
        if not self._only_called_within(closure, host, func, typ):
            return None
        return next((op for op in waits if op.start_byte > stmt.start_byte), waits[0])

    def _host(self, lit: Node) -> Node:
        """Return the function whose frame runs ``lit``, climbing literals run on the spot."""
        while lit.type == "func_literal":
            outer = parse.enclosing_function(lit)
            if outer is None or not self.an.runs_inline(lit, outer):
                break
            lit = outer
        return lit

    def _closure(self, func: Node, recv: str, typ: str) -> dict[int, tuple[Node, ownfield._Self]]:
        """Return the functions ``func``'s goroutine runs on its receiver, and how each knows it."""
        got = self._closures.get(func.id)
        if got is not None:
            return got
        out: dict[int, tuple[Node, ownfield._Self]] = {func.id: (func, ownfield._Self(recv))}
        todo = [(func, ownfield._Self(recv), 0)]
        while todo:
            f, me, depth = todo.pop()
            block = cfgmod.body_of(f)
            if depth >= MAX_DEPTH or block is None:
                continue
            for n in ownfield._own_nodes(self.an, f, block):
                if n.type != "call_expression" or _is_go(n):
                    continue
                found = ownfield._follow_call(self.an, n, me, typ)
                if found is None or found[0].node.id in out:
                    continue
                ref, sub = found
                out[ref.node.id] = (ref.node, sub)
                todo.append((ref.node, sub, depth + 1))
        self._closures[func.id] = out
        return out

    def _only_called_within(
        self,
        closure: dict[int, tuple[Node, ownfield._Self]],
        start: Node,
        root: Node,
        typ: str,
    ) -> bool:
        """Tell whether ``start`` runs only as ``closure`` calls it, up to ``root``."""
        todo = [start]
        done: set[int] = set()
        while todo:
            f = todo.pop()
            if f.id == root.id or f.id in done:
                continue
            done.add(f.id)
            callers = self._callers(closure, f, typ)
            if callers is None:
                return False
            todo.extend(callers)
        return True

    def _callers(
        self, closure: dict[int, tuple[Node, ownfield._Self]], f: Node, typ: str
    ) -> list[Node] | None:
        """Every function of ``closure`` calling ``f``; None when anything else may call it."""
        if f.type != "method_declaration":
            return None
        name_node = f.child_by_field_name("name")
        nd = self.dead.code_oracle()
        name = parse.text(name_node) if name_node is not None else ""
        if not name or (name[0].isupper() and not nd.main):
            return None
        recv_t = receiver_type_name(f)
        out: list[Node] = []
        refs = [r for r in nd._references(name, True) if nd._same_type(r, recv_t)]
        # Method values first (``m.h = c.M``): once each is known to be called only in the
        # closure, it hands the value to no one, and the type's holders can be followed.
        values: set[int] = set()
        calls: list[tuple[Node, Node]] = []
        for ref in refs:
            p = ref.parent
            if p is not None and p.type in ("method_elem", "method_spec"):
                continue  # an interface's method: calls through it are references too
            call = nd._call_of(ref)
            if call is not None:
                calls.append((ref, call))
                continue
            hosts = self._value_callers(closure, ref, f, typ)
            if hosts is None or p is None:
                return None
            values.add(p.id)
            out.extend(hosts)
        flow = nd.holders_except(recv_t, frozenset(values)) if recv_t is not None else None
        for ref, call in calls:
            if flow is not None and not flow.may_hold_at(ref):
                continue  # no value of the type can be there
            host = self._caller_in(closure, call, f, typ)
            if host is None:
                return None
            out.append(host)
        return out

    def _caller_in(
        self, closure: dict[int, tuple[Node, ownfield._Self]], call: Node, f: Node, typ: str
    ) -> Node | None:
        """Return the closure function making ``call``, when it calls ``f`` on the receiver."""
        if _is_go(call):
            return None
        lit = parse.enclosing_function(call)
        host = self._host(lit) if lit is not None else None
        entry = closure.get(host.id) if host is not None else None
        if host is None or entry is None:
            return None
        found = ownfield._follow_call(self.an, call, entry[1], typ)
        return host if found is not None and found[0].node.id == f.id else None

    def _value_callers(
        self, closure: dict[int, tuple[Node, ownfield._Self]], ref: Node, f: Node, typ: str
    ) -> list[Node] | None:
        """For the method value ``c.M`` in ``m.h = c.M``: the closure's calls of ``h``.

        The write must be the field's only one, and every other use of ``h`` a call made in
        the closure (resolved back to ``f``) or a comparison with nil.
        """
        sel = ref.parent
        lst = sel.parent if sel is not None else None
        stmt = lst.parent if lst is not None else None
        if sel is None or lst is None or stmt is None or stmt.type != "assignment_statement":
            return None
        right = stmt.child_by_field_name("right")
        left = stmt.child_by_field_name("left")
        if right is None or left is None or right.id != lst.id or len(lst.named_children) != 1:
            return None
        targets = left.named_children
        if len(targets) != 1 or targets[0].type != "selector_expression":
            return None
        h_node = targets[0].child_by_field_name("field")
        if h_node is None:
            return None
        h = parse.text(h_node)
        if len(list(funcvals._field_writes(h, self.an.index))) != 1:
            return None
        nd = self.dead.code_oracle()
        out: list[Node] = []
        for r in nd._references(h, True):
            rp = r.parent
            if rp is None or rp.id == targets[0].id:
                continue
            call = nd._call_of(r)
            if call is not None:
                host = self._caller_in(closure, call, f, typ)
                if host is None:
                    return None
                out.append(host)
            elif not _nil_compared(rp):
                return None
        return out


def _deferring(lit: Node) -> Node | None:
    """For ``defer func() { ... }()``: the function whose return runs the literal ``lit``."""
    call = lit.parent
    if lit.type != "func_literal" or call is None or call.type != "call_expression":
        return None
    if call.parent is None or call.parent.type != "defer_statement":
        return None
    return parse.enclosing_function(call)


def _is_go(call: Node) -> bool:
    p = call.parent
    return p is not None and p.type in ("go_statement", "defer_statement")


def _nil_compared(sel: Node) -> bool:
    """``x.h != nil`` or ``x.h == nil``."""
    p = sel.parent
    if p is None or p.type != "binary_expression":
        return False
    op = p.child_by_field_name("operator")
    other = [c for c in p.named_children if c.id != sel.id]
    return op is not None and op.type in ("==", "!=") and len(other) == 1 and other[0].type == "nil"


def _case_field(case: Node, recv: str) -> str | None:
    """``f`` of ``case <-recv.f:`` (or ``case v := <-recv.f:``)."""
    if case.type != "communication_case":
        return None
    comm = case.child_by_field_name("communication")
    if comm is None:
        return None
    op = comm if comm.type == "unary_expression" else comm.child_by_field_name("right")
    if comm.type == "expression_statement" and comm.named_children:
        op = comm.named_children[0]
    if op is None or op.type != "unary_expression":
        return None
    return _own_field(op, ownfield._Self(recv))


def _own_field(op: Node, me: ownfield._Self) -> str | None:
    """``f`` of the receive ``<-me.f``."""
    first = op.child(0)
    operand = op.child_by_field_name("operand")
    if first is None or first.type != "<-" or operand is None:
        return None
    if operand.type != "selector_expression":
        return None
    base = operand.child_by_field_name("operand")
    fld = operand.child_by_field_name("field")
    if fld is None or not ownfield._is_me(base, me):
        return None
    return parse.text(fld)


def _call_in(node: Node) -> Node | None:
    if node.type == "call_expression":
        return node
    for n in parse.iter_descendants(node):
        if n.type == "call_expression":
            return n
    return None


def _is_log_exit(fn: Node) -> bool:
    """``log.Fatal*`` and ``log.Panic*``: the program ends (or panics) there."""
    return fn.type == "selector_expression" and (fn.text or b"").startswith(
        (b"log.Fatal", b"log.Panic")
    )


def _name_of(func: Node) -> Node:
    name = func.child_by_field_name("name")
    return name if name is not None else func
