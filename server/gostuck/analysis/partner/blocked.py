"""Goroutines stuck behind stuck goroutines: one propagation over every check's verdicts.

Each check judges the goroutines of a file on its own: GS1004 finds a worker parked on a
nil channel, GS5005 one parked in ``cond.Wait``. A goroutine whose partner is such a worker
is stuck as well, one step later: ``go func() { wg.Wait(); close(done) }()`` waits for a
``Done`` that the worker never reaches. This module asks that question once, for every
check, from their default-confidence findings (medium or high) at the ``go`` statements of
the file: the goroutine of such a finding can block forever where its finding says (its
``block`` related places). Then, repeated until nothing changes:

- a ``wg.Wait()`` (:mod:`gostuck.analysis.partner.syncfacts` knows every ``Add``/``Done``/``Wait``
  of a WaitGroup and which goroutine makes it) blocks forever when a goroutine that calls
  ``Done`` on that WaitGroup can block forever before its ``Done``: a deferred ``Done``
  runs only when the goroutine returns, any other only when every path to it passes the
  place where the goroutine stops. The count it was added for is never given back.
- a ``for v := range f()`` never ends when ``f`` makes the channel, hands it back, and
  closes it only in goroutines it starts that block forever before the close.

The verdict follows only when the waiting goroutine is there on the path that leaves the
worker stuck: a worker stuck on every path (a nil channel, a Cond nobody signals), one
whose own code takes the path (a worker returning before its ``Done``), or one
stranded by a return of a function that started the waiter before, on every path to that
return. A worker stranded by a return that may come before the waiter starts (or in
another function) says nothing about the waiter: on that path it may never wait at all.

Findings of the checks are computed once per file (:func:`check_findings`), so a check that
reports what follows here (``Check.follow``) sees the verdicts of every check, whether or
not they were selected.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from tree_sitter import Node

from gostuck.analysis.context import FileFacts
from gostuck.analysis.flow import facts as factsmod
from gostuck.analysis.flow import funcvals
from gostuck.analysis.flow.deadchan import closed_selector
from gostuck.analysis.flow.facts import Op, receiver_name
from gostuck.analysis.flow.index import cached_tree, receiver_type_name
from gostuck.analysis.model import Confidence, Finding, Role
from gostuck.analysis.partner import syncfacts
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

if TYPE_CHECKING:
    from gostuck.analysis.check import Check

MAX_ROUNDS: Final = 8  # propagation steps (a chain of waits on waits)
GS_RANGE: Final = "GS3001"
GS_RACE: Final = "GS1005"


@dataclass(frozen=True, slots=True)
class Stuck:
    """A goroutine of the file that can block forever, and why."""

    go: Node  # its go statement
    sites: tuple[Node, ...]  # where it blocks (in this file or another of the package)
    code: str  # the check that says so
    # Where a function's return strands it (its finding's ``path`` places, in this file);
    # None when it is stuck on its own, on every path.
    exits: tuple[Node, ...] | None
    # The close that makes its partner leave, when a race against a shutdown strands it
    # (GS1005): the partner leaves only once that close has run.
    trigger: Node | None = None


@dataclass(frozen=True, slots=True)
class Behind:
    """A goroutine that blocks forever because the goroutines it needs are stuck first."""

    code: str  # the check that reports it
    go: Node  # its go statement
    block: Node  # where it waits
    block_path: str  # the file of ``block`` (a Wait in a method of another file)
    primitive: str  # the WaitGroup's text (``wg``, ``s.wg``), or the channel's name
    cause: Stuck  # a goroutine it waits for, stuck before it gets there
    cause_site: Node  # where that goroutine blocks
    cause_path: str  # the file of ``cause_site``


def check_findings(check: Check, facts: FileFacts) -> list[Finding]:
    """Return what ``check.run`` reports on the file of ``facts``, run once per file.

    Raises what ``run`` raised (on every ask).
    """
    from gostuck.analysis.check import Pass  # check.py builds on these facts

    got = facts.check_runs.get(check.code)
    if got is None:
        p = Pass(check, facts.path, facts.source, facts.tree, facts)
        try:
            check.run(p)
        except Exception as exc:
            facts.check_runs[check.code] = exc
            raise
        got = facts.check_runs[check.code] = list(p.findings)
    if isinstance(got, Exception):
        raise got
    return got


def _node_at(facts: FileFacts, byte: int, path: str | None = None) -> Node | None:
    """Return the node at ``byte`` of this file, or of the sibling file ``path``."""
    if path is None or path == facts.path:
        return facts.tree.root_node.descendant_for_byte_range(byte, byte)
    src = facts.index.package.get(path)
    if src is None:
        return None
    return cached_tree(src).root_node.descendant_for_byte_range(byte, byte)


def _stuck_of(facts: FileFacts) -> dict[int, Stuck]:
    """Return the goroutines of the file that some check finds stuck, by go statement id."""
    from gostuck.analysis import registry  # the registry lists the checks built on this

    gos = {(g.start_byte): g for g in facts.go_statements}
    out: dict[int, Stuck] = {}
    for check in registry.CHECKS:
        if check.code in registry.META_CODES:
            continue
        try:
            found = check_findings(check, facts)
        except Exception:  # a crashed check has no verdicts; analyze_source reports it
            continue
        for f in found:
            if f.confidence < Confidence.MEDIUM or f.span.path != facts.path:
                continue
            go = gos.get(f.span.start_byte)
            if go is None or go.id in out:
                continue
            sites = []
            for r in f.related:
                if r.role is Role.BLOCK:  # a Cond.Wait in a method of another file too
                    n = _node_at(facts, r.span.start_byte, r.span.path)
                    if n is not None:
                        sites.append(n)
            if not sites:
                continue
            exits: tuple[Node, ...] | None = None
            paths = [r.span for r in f.related if r.role is Role.PATH]
            if paths:
                # A place in another file of the package (a queue method that changes
                # the condition without a wake) is found there.
                nodes = [_node_at(facts, s.start_byte, s.path) for s in paths]
                exits = tuple(n for n in nodes if n is not None)
                if len(exits) != len(paths):
                    exits = ()  # a place we cannot see: the waiter cannot be shown there
            trigger = None
            if f.code == GS_RACE:
                closes = [
                    n
                    for r in f.related
                    if r.role is Role.OTHER
                    and (n := _close_call(_node_at(facts, r.span.start_byte, r.span.path)))
                ]
                trigger = closes[0] if len(closes) == 1 else None
            out[go.id] = Stuck(go, tuple(sites), f.code, exits, trigger)
    return out


def _close_call(node: Node | None) -> Node | None:
    """Return the ``close(x)`` call whose ``close`` is ``node``, if it is one."""
    call = node.parent if node is not None else None
    if call is None or call.type != "call_expression" or node is None:
        return None
    fn = call.child_by_field_name("function")
    return call if fn is not None and fn.id == node.id and fn.text == b"close" else None


def _closed_only_there(facts: FileFacts, close: Node) -> bool:
    """Tell whether ``close(r.f)`` is the one way the package ever fires ``f``.

    ``r`` is the receiver of the method holding the close, so the field is that type's; no
    other use of the field sends on it, closes it or hands it on (``DeadChannels.writers``):
    nothing else can make a goroutine waiting on it leave.
    """
    sel = closed_selector(close)
    method = parse.enclosing_function(close)
    if sel is None or method is None or method.type != "method_declaration":
        return False
    operand, fld = sel.child_by_field_name("operand"), sel.child_by_field_name("field")
    typ = receiver_type_name(method)
    if operand is None or fld is None or not typ or parse.text(operand) != receiver_name(method):
        return False
    return facts.dead_channels.no_writer(parse.text(fld), typ, allowed=sel.id)


def _closes_then_waits(facts: FileFacts, close: Node, wait: Node) -> bool:
    """Tell whether the statement right after ``close``'s is the one that waits.

    Whoever runs the close then waits at once: every schedule in which the close strands a
    goroutine has the closer at its wait.
    """
    stmt, waits = close.parent, wait.parent
    if stmt is None or waits is None or stmt.type != "expression_statement":
        return False
    nxt = stmt.next_named_sibling
    while nxt is not None and nxt.type == "comment":
        nxt = nxt.next_named_sibling
    return nxt is not None and nxt.id == waits.id and _closed_only_there(facts, close)


def _there_on_its_path(
    facts: FileFacts,
    waiter_go: Node,
    cause: Stuck,
    wait: Node | None = None,
    walked: set[int] | None = None,
) -> bool:
    """Tell whether the waiter is running on every path that leaves ``cause`` stuck.

    A goroutine stuck on its own (no path of another function strands it) leaves the waiter
    waiting whenever both run, and so does one whose own code takes the path (a worker
    returning before its ``Done``). One stranded when a function returns is stuck only on
    that path: when that function starts the waiter, it must have started it before, on
    every way there; when another function starts the waiter, it must start it on every
    path that finishes (and not from inside the stranding function).
    """
    if cause.exits is None:
        return True
    if (
        cause.trigger is not None
        and wait is not None
        and walked is not None
        and _closes_then_waits(facts, cause.trigger, wait)
        and _set_running(cause, walked)
    ):
        # Stranded only by the close the waiter runs right before its wait, in code the
        # waiter's own calls set running (one go statement may run other code for others).
        return True
    exits = cause.exits
    if not exits:
        return False
    func = parse.enclosing_function(waiter_go)
    if func is None:
        return False
    g = facts.analyzer.graphs.get(func)
    ab = g.block_of(waiter_go) if g is not None else None
    for ex in exits:
        home = parse.enclosing_function(ex)
        if home is None:
            return False
        if home == func:
            if g is None or ab is None or not factsmod.passes_first(g, ab, waiter_go, ex):
                return False
        elif _own_path(home, waiter_go):
            continue
        elif g is None or ab is None or not _always_started(g, ab) or _inside(func, home):
            return False
    return True


def _set_running(cause: Stuck, walked: set[int]) -> bool:
    """Tell whether the place ``cause`` blocks lies in a function the waiter's walk entered.

    The literal a stopper's ``RunWorker`` runs is written in the function that passes it
    (``start`` calling ``s.RunWorker(func() { ... })``): the waiter set that code running
    when its walk went through that function.
    """
    return any(
        a.id in walked for a in parse.ancestors(cause.sites[0]) if a.type in parse.FUNCTION_TYPES
    )


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _always_started(g: CFG, ab: int) -> bool:
    """Tell whether every path of ``g`` that finishes passes block ``ab``.

    A waiter its function starts whenever that function returns is there whatever another
    function does: a worker that function leaves stuck (a replaced task nobody stops) leaves
    the waiter waiting, whenever it comes.
    """
    seen = {g.entry}
    todo = [g.entry]
    while todo:
        b = todo.pop()
        if b == ab:
            continue
        if b == g.exit:
            return False
        blk = g.blocks[b]
        if blk.kind in (Kind.ABORT, Kind.BLOCK):
            continue
        for nxt in blk.succs:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return True


def _own_path(home: Node, waiter_go: Node) -> bool:
    """Tell whether ``home`` is the literal of another goroutine: a path of its own choosing.

    A worker that returns without its ``Done`` does so whoever waits; the waiter's own code
    (or a function it runs) is no such place.
    """
    go = home.parent.parent if home.parent is not None else None
    return (
        home.type == "func_literal"
        and go is not None
        and go.type == "go_statement"
        and go.id != waiter_go.id
        and not (waiter_go.start_byte <= home.start_byte < waiter_go.end_byte)
    )


def _goroutine(facts: FileFacts, go: Node) -> factsmod.Goroutine | None:
    return next((g for g in facts.goroutines if g.stmt.id == go.id and g.via is None), None)


def _stops_before_done(
    facts: FileFacts, cause: Stuck, dones: Sequence[syncfacts.WgOp], sf: syncfacts.SyncFacts
) -> Node | None:
    """Return where ``cause``'s goroutine stops before calling ``Done`` (None: it may not).

    A deferred ``Done`` runs when the goroutine returns, which it never does once stuck; any
    other ``Done`` must come after one of the places it blocks on every path to it, and not
    in a loop: a goroutine may block only on a later round (the send that finds the buffer
    full, the Lock it already holds from the round before), after a ``Done`` on the first.
    """
    if any(d.deferred or d.early or d.via_defer for d in dones):
        return cause.sites[0]
    g = _goroutine(facts, cause.go)
    if g is None or g.body is None:
        return None
    ops = [n for n in (sf.node(d.at) for d in dones if d.at[0] == g.path) if n is not None]
    body = g.body
    if len(ops) != len(dones) or any(
        not (body.start_byte <= op.start_byte < body.end_byte) or factsmod.in_loop(op, body)
        for op in ops
    ):
        return None  # a Done in a callee may sit in a loop of its caller
    return factsmod.stops_before(facts.analyzer, g, ops, list(cause.sites))


def _waits_behind(
    facts: FileFacts, stuck: dict[int, Stuck], sf: syncfacts.SyncFacts
) -> list[Behind]:
    """Return the waits on a WaitGroup one of whose goroutines is stuck before its ``Done``."""
    sim = sf.sim
    if sim is None:
        return []
    out: list[Behind] = []
    ops_by_cls: dict[str, list[syncfacts.WgOp]] = {}
    for o in sim.wg_ops:
        if not o.cls.startswith("cond:"):
            ops_by_cls.setdefault(o.cls, []).append(o)
    for ops in ops_by_cls.values():
        waits = [o for o in ops if o.op == "Wait" and not o.root.go_path and not o.root.pseudo]
        if not waits:
            continue
        by_root: dict[int, list[syncfacts.WgOp]] = {}
        for o in ops:
            if o.op == "Done" and not o.root.go_path and not o.root.pseudo:
                by_root.setdefault(o.root.go.id, []).append(o)
        for w in waits:
            if w.root.go.id in stuck:
                continue
            wait = sf.node(w.at)
            if wait is None:
                continue
            for gid, dones in by_root.items():
                cause = stuck.get(gid)
                if cause is None or gid == w.root.go.id:
                    continue
                if not _there_on_its_path(facts, w.root.go, cause, wait, w.root.walked):
                    continue
                if all(d.via_defer for d in dones) and not _set_running(cause, w.root.walked):
                    # A Done in a deferred callee is often a shared helper's (a stopper's
                    # ``RunWorker(f)``, its go statement running other code for others):
                    # the stuck code must be code this waiter's own calls set running.
                    continue
                site = _stops_before_done(facts, cause, dones, sf)
                if site is None:
                    continue
                out.append(
                    Behind(
                        syncfacts.GS_WG,
                        w.root.go,
                        wait,
                        funcvals.path_of(wait, facts.index),
                        w.text,
                        cause,
                        site,
                        funcvals.path_of(site, facts.index),
                    )
                )
                break
    return out


def _returned_local(func: Node) -> str | None:
    """Return the name every return of ``func`` hands back, a channel it makes itself."""
    body = cfgmod.body_of(func)
    if body is None:
        return None
    names: set[str] = set()
    for n in parse.iter_descendants(body):
        if n.type == "return_statement" and parse.enclosing_function(n) == func:
            vals = [c for c in n.named_children if c.type != "comment"]
            if len(vals) == 1 and vals[0].type == "expression_list":
                vals = [c for c in vals[0].named_children if c.type != "comment"]
            if len(vals) != 1 or vals[0].type != "identifier":
                return None
            names.add(parse.text(vals[0]))
    if len(names) != 1:
        return None
    name = names.pop()
    made = [
        d
        for d in factsmod.idents_named(body, name)
        if _made_here(d) and parse.enclosing_function(d) == func
    ]
    return name if len(made) == 1 else None


def _made_here(ident: Node) -> bool:
    """Tell whether ``ident`` is declared by ``ident := make(chan T)``."""
    left = ident.parent
    decl = left.parent if left is not None else None
    if left is None or decl is None or decl.type != "short_var_declaration":
        return False
    if left != decl.child_by_field_name("left") or len(left.named_children) != 1:
        return False
    right = decl.child_by_field_name("right")
    vals = right.named_children if right is not None else []
    if len(vals) != 1 or vals[0].type != "call_expression":
        return False
    fn = vals[0].child_by_field_name("function")
    args = vals[0].child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    return (
        fn is not None and fn.text == b"make" and first is not None and first.type == "channel_type"
    )


def _closers(func: Node, name: str) -> list[Node] | None:
    """Return the ``close(name)`` calls of ``func``, each in a goroutine it starts.

    None when the channel goes anywhere else than the make, sends, closes and the return:
    someone we cannot follow may close it.
    """
    body = cfgmod.body_of(func)
    if body is None:
        return None
    out: list[Node] = []
    for ident in factsmod.idents_named(body, name):
        if _made_here(ident):
            continue
        p = ident.parent
        if p is not None and p.type == "expression_list":
            p = p.parent
        if p is not None and p.type == "return_statement" and parse.enclosing_function(p) == func:
            continue
        use = factsmod.classify(ident)
        if use.op is Op.SEND:
            continue
        if use.op is not Op.CLOSE:
            return None
        home = parse.enclosing_function(use.node)
        go = home.parent.parent if home is not None and home.parent is not None else None
        if home is None or home.type != "func_literal" or go is None or go.type != "go_statement":
            return None
        if parse.enclosing_function(go) != func:
            return None
        out.append(use.node)
    return out


def _ranges_behind(facts: FileFacts, stuck: dict[int, Stuck]) -> list[Behind]:
    """Ranges over a function's channel whose every close is in a goroutine stuck first.

    ``for r := range m.runProbes(ctx)`` (or over a name bound to that call and used nowhere
    else): ``runProbes`` makes the channel, hands it back and closes it only in a goroutine
    it starts (``go func() { wg.Wait(); close(out) }()``). The
    range holds the only other reference; when that goroutine blocks forever before its
    close, the range never ends.
    """
    out: list[Behind] = []
    for g in facts.goroutines:
        if g.via is not None or g.body is None or g.path != facts.path or g.stmt.id in stuck:
            continue
        body = cfgmod.body_of(g.body)
        own = parse.own_ids(body) if body is not None else set()
        for n in parse.iter_descendants(body) if body is not None else []:
            if n.type != "range_clause" or n.id not in own or n.parent is None:
                continue
            right = n.child_by_field_name("right")
            if right is not None and right.type == "identifier":
                right = _bound_call(right, g.body)
            fn = right.child_by_field_name("function") if right is not None else None
            if right is None or right.type != "call_expression" or fn is None:
                continue
            ref = factsmod.resolve_call(fn, facts.index)
            if ref is None or ref.path != facts.path or ref.node.type == "func_literal":
                continue
            name = _returned_local(ref.node)
            closes = _closers(ref.node, name) if name is not None else None
            if not closes or name is None:
                continue
            found = _stuck_closer(facts, stuck, closes, g.stmt)
            if found is not None:
                cause, site = found
                out.append(
                    Behind(
                        GS_RANGE,
                        g.stmt,
                        n.parent,
                        facts.path,
                        name,
                        cause,
                        site,
                        funcvals.path_of(site, facts.index),
                    )
                )
                break
    return out


def _bound_call(ident: Node, lit: Node) -> Node | None:
    """Return the call a name ranged over is bound to, when that range is its one other use.

    ``results := m.runProbes(ctx)`` then ``for r := range results``, both in the
    goroutine's literal ``lit``: the range holds the channel as it would ``range
    m.runProbes(ctx)``. Any other mention (handed on, stored, bound again) and the name is
    not followed.
    """
    body = cfgmod.body_of(lit)
    if body is None:
        return None
    name = parse.text(ident)
    call: Node | None = None
    for n in factsmod.idents_named(body, name):
        if n.id == ident.id:
            continue
        left = n.parent
        decl = left.parent if left is not None else None
        if (
            call is not None
            or left is None
            or decl is None
            or decl.type != "short_var_declaration"
            or left != decl.child_by_field_name("left")
            or len(left.named_children) != 1
            or parse.enclosing_function(decl) != lit
            or factsmod.in_loop(decl, lit)
        ):
            return None
        vals = decl.child_by_field_name("right")
        kids = vals.named_children if vals is not None else []
        if len(kids) != 1 or kids[0].type != "call_expression":
            return None
        call = kids[0]
    return call


def _stuck_closer(
    facts: FileFacts, stuck: dict[int, Stuck], closes: list[Node], ranger: Node
) -> tuple[Stuck, Node] | None:
    """Return a goroutine holding every close, stuck before each, and where it stops."""
    gos = {c.id: parse.enclosing_function(c) for c in closes}
    found: tuple[Stuck, Node] | None = None
    for c in closes:
        lit = gos[c.id]
        go = lit.parent.parent if lit is not None and lit.parent is not None else None
        cause = stuck.get(go.id) if go is not None else None
        if cause is None or not _there_on_its_path(facts, ranger, cause):
            return None
        g = _goroutine(facts, cause.go)
        site = factsmod.stops_before(facts.analyzer, g, [c], list(cause.sites)) if g else None
        if site is None:
            return None
        found = (cause, site)
    return found


_CACHE: weakref.WeakKeyDictionary[FileFacts, list[Behind]] = weakref.WeakKeyDictionary()


def behind(facts: FileFacts) -> list[Behind]:
    """Return the goroutines of the file stuck behind stuck goroutines, computed once."""
    got = _CACHE.get(facts)
    if got is not None:
        return got
    out: list[Behind] = []
    if facts.go_statements:
        stuck = _stuck_of(facts)
        sf = syncfacts.sync_facts(facts)
        for _ in range(MAX_ROUNDS):
            if not stuck:
                break
            new = [
                b
                for b in [*_waits_behind(facts, stuck, sf), *_ranges_behind(facts, stuck)]
                if b.go.id not in stuck
            ]
            if not new:
                break
            for b in new:
                if b.go.id in stuck:
                    continue
                stuck[b.go.id] = Stuck(b.go, (b.block,), b.code, b.cause.exits)
                out.append(b)
    _CACHE[facts] = out
    return out


def behind_for(facts: FileFacts, code: str) -> list[Behind]:
    """Return the goroutines stuck behind stuck goroutines that ``code`` reports."""
    return [b for b in behind(facts) if b.code == code]
