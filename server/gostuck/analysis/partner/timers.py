"""Timers drained after their value was already taken: ``if !t.Stop() { <-t.C }`` that waits.

    for {
        select {
        case <-t.C:              // takes the timer's one value; nothing resets t
            tick()
        case <-kick:
            if !t.Stop() {       // false: the timer has expired (its value was taken above)
                <-t.C            // so nothing will ever be sent again: blocks forever
            }
            t.Reset(d)
        }
    }

A timer made by ``time.NewTimer`` sends one value on ``t.C`` per start (``NewTimer``,
``Reset``). ``t.Stop()`` returns false when the timer has expired or was already stopped.
The drain idiom ``if !t.Stop() { <-t.C }`` assumes the value is still there to take; when
the program already received it, no value will come until the timer is started again, and
the drain waits forever. That holds with the timer channels of every Go version (before
Go 1.23 they had a one-value buffer: an expired value not yet received was still there;
received, it was gone). A timer stopped before (``t.Stop()`` on the path, no restart since)
makes the next ``Stop`` return false too; since Go 1.23 (synchronous timer channels: a
stopped timer never delivers a value) its drain always blocks, before it only when the
first Stop caught the timer running, so that reason is used only for modules whose go.mod
says ``go 1.23`` or later, with no ``asynctimerchan`` setting.

The search runs on the CFG of the function the goroutine runs: a path from a receive of
``<-t.C`` (or a ``t.Stop()``) to the drain's ``t.Stop()`` that passes no ``t.Reset`` and no
assignment of ``t``. The timer is a local bound once to ``time.NewTimer(...)``, or an
unexported struct field (any field in a ``main`` package) whose every write in the package
is ``time.NewTimer(...)``, either in that function or in the goroutine's parent before the
goroutine starts. Anything that could restart the timer elsewhere keeps it silent: a
``Reset`` outside that function, the timer passed, stored, returned or its method value
taken, a write of the field after the start.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import deadchan, facts
from gostuck.analysis.flow.facts import Analyzer, Goroutine
from gostuck.analysis.flow.index import cached_tree, package_name
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

# First Go version whose timer channels are synchronous.
SYNC_SINCE: Final = (1, 23)

_GO_DIRECTIVE_RE: Final = re.compile(rb"(?m)^go[ \t]+(\d+)\.(\d+)")
_ASYNC_RE: Final = re.compile(rb"asynctimerchan")


@dataclass(frozen=True, slots=True)
class TimerDrain:
    """A goroutine whose ``if !t.Stop() { <-t.C }`` can wait for a value already taken."""

    goroutine: Goroutine
    timer: str  # the timer as written: ``t``, ``s.timer``
    drain: Node  # the ``<-t.C`` inside the if
    stop: Node  # the drain's ``t.Stop()`` call
    source: Node  # the ``<-t.C`` that took the value, or the ``t.Stop()`` that stopped it
    stopped: bool  # ``source`` is a Stop, not a receive
    path: str  # file of ``drain`` and ``source``
    # A restart (``Reset``, a new timer) runs between ``source`` and the drain on other
    # paths: the path that skips it takes a branch whose condition may rule it out.
    guarded: bool = False


# What an operation does to the timer: takes its value, stops it, or starts it anew.
_RECV: Final = 0
_STOP: Final = 1
_KILL: Final = 2


def find_timer_drains(an: Analyzer, go: Goroutine) -> Iterator[TimerDrain]:
    """Yield the drains of the function ``go`` runs that can wait forever."""
    body = go.body
    if body is None:
        return
    raw = body.text or b""
    if b"Stop()" not in raw or b".C" not in raw:
        return
    caps = parse.captures("timers.scm", body)
    ifs = caps.get("drain.if", [])
    if not ifs:
        return
    own = parse.own_ids(body)
    g: CFG | None = None
    done: set[str] = set()
    for if_stmt in ifs:
        if if_stmt.id not in own:
            continue
        drain = _drain_parts(if_stmt)
        if drain is None:
            continue
        timer, stop, recv = drain
        key = parse.text(timer)
        if key in done:
            continue
        if g is None:
            g = an.graphs.get(body)
            if g is None:
                return
        if not _timer_known(an, go, body, timer):
            done.add(key)
            continue
        events = _events(g, caps, own, key)
        if events is None:
            done.add(key)
            continue
        found = _source(g, events, stop)
        if found is None:
            continue
        src, stopped, guarded = found
        if stopped and not _sync_timer_channels(an):
            continue
        yield TimerDrain(go, key, recv, stop, src, stopped, go.path, guarded)


def _drain_parts(if_stmt: Node) -> tuple[Node, Node, Node] | None:
    """Return (timer, its Stop call, the receive) of ``if !t.Stop() { <-t.C }``."""
    cond = if_stmt.child_by_field_name("condition")
    call = cond.child_by_field_name("operand") if cond is not None else None
    fn = call.child_by_field_name("function") if call is not None else None
    timer = fn.child_by_field_name("operand") if fn is not None else None
    if call is None or timer is None or not _is_timer_expr(timer):
        return None
    key = parse.text(timer)
    cons = if_stmt.child_by_field_name("consequence")
    for st in cons.named_children[0].named_children if cons and cons.named_children else []:
        if st.type != "expression_statement" or not st.named_children:
            continue
        op = st.named_children[0]
        chan = op.child_by_field_name("operand") if op.type == "unary_expression" else None
        inner = chan.child_by_field_name("operand") if chan is not None else None
        fld = chan.child_by_field_name("field") if chan is not None else None
        if (
            inner is not None
            and fld is not None
            and fld.text == b"C"
            and _operator(op) == "<-"
            and parse.text(inner) == key
        ):
            return timer, call, op
    return None


def _operator(unary: Node) -> str:
    first = unary.child(0)
    return first.type if first is not None else ""


def _is_timer_expr(expr: Node) -> bool:
    """``t`` or ``s.timer``: a local, or a field of a local, parameter or receiver."""
    if expr.type == "identifier":
        return True
    if expr.type != "selector_expression":
        return False
    operand = expr.child_by_field_name("operand")
    return operand is not None and operand.type == "identifier"


# --------------------------------------------------------------------------- the timer


def _is_new_timer(expr: Node | None, an: Analyzer) -> bool:
    """Tell whether ``expr`` is ``time.NewTimer(...)`` (the time package, by import name)."""
    if expr is None or expr.type != "call_expression":
        return False
    fn = expr.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    pkg = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    return (
        pkg is not None
        and name is not None
        and name.text == b"NewTimer"
        and pkg.type == "identifier"
        and pkg.text == b"time"
        and "time" in an.index.imports()
    )


def _timer_known(an: Analyzer, go: Goroutine, body: Node, timer: Node) -> bool:
    """Tell whether every start of the timer ``timer`` is visible (see the module docs)."""
    if timer.type == "selector_expression":
        base = timer.child_by_field_name("operand")
        field = timer.child_by_field_name("field")
        if base is None or field is None:
            return False
        owner = deadchan.expr_type(base, an.index)
        return _base_fixed(body, parse.text(base)) and _field_known(
            an, go, body, parse.text(field), owner
        )
    return _local_known(an, body, parse.text(timer))


def _assignment_value(left: Node) -> Node | bool | None:
    """For ``left`` the target of ``x = v``/``x := v``: ``v``; None: not a target.

    False when it is a target without a value of its own (``a, b = f()``).
    """
    got = parse.assignment_of(left)
    if got is None:
        return None
    stmt, value = got
    if value is None:
        return False
    oper = stmt.child_by_field_name("operator")
    if oper is not None and oper.type not in ("=", ":="):
        return False
    return value


def _timer_use(sel_or_ident: Node) -> str:
    """Classify a use of the timer: ``recv``, ``stop``, ``reset``, ``nil`` or ``other``."""
    n = sel_or_ident
    p = n.parent
    if p is None:
        return "other"
    if p.type == "selector_expression" and p.child_by_field_name("operand") == n:
        fld = p.child_by_field_name("field")
        name = fld.text if fld is not None else b""
        call = p.parent
        is_call = (
            call is not None
            and call.type == "call_expression"
            and call.child_by_field_name("function") == p
        )
        if name == b"C":
            return "recv"  # any read of t.C only takes values: it never restarts the timer
        if name == b"Stop" and is_call:
            return "stop"
        if name == b"Reset" and is_call:
            return "reset"
        return "other"
    if p.type == "binary_expression":
        oper = p.child_by_field_name("operator")
        other = p.child_by_field_name("right" if p.child_by_field_name("left") == n else "left")
        if oper is not None and oper.type in ("==", "!=") and other is not None:
            return "nil" if other.type == "nil" else "other"
    return "other"


def _local_known(an: Analyzer, body: Node, name: str) -> bool:
    """Tell whether ``name`` is declared once as ``name := time.NewTimer(...)`` around ``body``.

    Every use in the declaring function reads ``C``, calls ``Stop``, or (only in ``body``'s
    own code) calls ``Reset`` or assigns it.
    """
    decl_func: Node | None = None
    for func in [body, *_enclosing_functions(body)]:
        if _declares(func, name):
            decl_func = func
            break
    if decl_func is None:
        return False
    own = parse.own_ids(body)
    decls = 0
    for ident in _idents(decl_func, name):
        value = _assignment_value(ident)
        if value is not None:
            stmt = ident.parent.parent if ident.parent is not None else None
            if stmt is not None and stmt.type == "short_var_declaration":
                decls += 1
                if not _is_new_timer(value if isinstance(value, Node) else None, an):
                    return False
                continue
            if ident.id in own:
                continue  # a new value in the loop's own code: a restart on its path
            return False
        use = _timer_use(ident)
        if use in ("recv", "stop", "nil"):
            continue
        if use == "reset" and ident.id in own:
            continue
        return False
    return decls == 1


def _enclosing_functions(node: Node) -> Iterator[Node]:
    for a in parse.ancestors(node):
        if a.type in parse.FUNCTION_TYPES:
            yield a


def _idents(scope: Node, name: str) -> list[Node]:
    return facts.idents_named(scope, name)


def _declares(func: Node, name: str) -> bool:
    """Tell whether ``func`` declares ``name`` (``:=``, ``var``, a parameter), not in literals."""
    own = parse.own_ids(func)
    for ident in _idents(func, name):
        if ident.id not in own or ident.parent is None:
            continue
        p = ident.parent
        if p.type in ("parameter_declaration", "var_spec", "range_clause"):
            return True
        if p.type == "expression_list" and p.parent is not None:
            stmt = p.parent
            if stmt.type == "short_var_declaration" and stmt.child_by_field_name("left") == p:
                return True
    return False


def _base_fixed(body: Node, base: str) -> bool:
    """Tell whether the struct variable ``base`` is never assigned in ``body``."""
    for ident in _idents(body, base):
        value = _assignment_value(ident)
        if value is not None:
            return False
        p = ident.parent
        amp = p.child(0) if p is not None and p.type == "unary_expression" else None
        if amp is not None and amp.type == "&":
            return False
    return True


def _field_known(an: Analyzer, go: Goroutine, body: Node, field: str, owner: str | None) -> bool:
    """Tell whether every write of the timer field is ``time.NewTimer(...)`` we can place.

    Each must be in ``body`` or in the goroutine's parent before the start.

    Every use in the package reads ``C``, calls ``Stop``, compares with nil, or (only in
    ``body``'s own code) calls ``Reset``. With ``owner``, the struct type holding the field
    (its declared type must then be ``*time.Timer``): uses on values known to be of another
    struct type declaring its own field of that name are not this field's.
    """
    if field[:1].isupper() and package_name(an.index.source) != "main":
        return False
    fields = an.index.struct_fields(owner) if owner is not None else None
    if fields is None:
        owner = None
    elif field in fields:
        if parse.text(fields[field]) != "*time.Timer":
            return False
    else:
        return False  # promoted from an embedded struct: follow no further
    own = parse.own_ids(body)
    anchor = go.via if go.via is not None else go.stmt
    parent_own = parse.own_ids(go.parent)
    writes = 0
    for site in _field_sites(an, field, owner):
        p = site.node
        if site.kind == "unknown":
            return False  # ``x.timer()``, a method or a label of that name: unknown
        if site.kind in ("store", "keyed"):
            if not isinstance(site.value, Node) or not _is_new_timer(site.value, an):
                return False
            writes += 1
            if site.kind == "keyed" or p.id in own:
                continue
            if (
                p.id in parent_own
                and p.start_byte < anchor.start_byte
                and not _in_loop_with(p, anchor, go.parent)
            ):
                continue
            return False
        use = _timer_use(p)
        if use in ("recv", "stop", "nil"):
            continue
        if use == "reset" and p.id in own:
            continue
        return False
    return writes > 0


@dataclass(frozen=True, slots=True)
class _FieldSite:
    """A place the package names a struct field (see ``_field_sites``)."""

    kind: str  # "store" (``x.f = v``), "use" (any other ``x.f``), "keyed" (``T{f: v}``), "unknown"
    node: Node  # the selector ``x.f``, the keyed element, or the name's parent
    value: Node | bool | None = None  # a store's ``_assignment_value``, a keyed element's value


def _field_sites(an: Analyzer, field: str, owner: str | None) -> Iterator[_FieldSite]:
    """Yield, in source order, each place the package's files name the struct field ``field``.

    With ``owner``, selectors and keyed elements known to be of another struct type declaring
    its own field of that name are left out, and so is the field's declaration. A call
    ``x.field()`` or any other field identifier of that name (a method, a label) is "unknown".
    """
    raw = field.encode()
    for _path, root in _sources(an):
        text = root.text or b""
        for m in parse.find_word(raw, text):
            n = root.descendant_for_byte_range(m.start(), m.end())
            if n is None or n.text != raw or n.parent is None:
                continue
            p = n.parent
            if n.type == "field_identifier" and p.type == "selector_expression":
                if p.child_by_field_name("field") != n:
                    continue
                if _elsewhere(an, p.child_by_field_name("operand"), field, owner):
                    continue
                if parse.is_callee(p):
                    yield _FieldSite("unknown", p)
                    continue
                value = _assignment_value(p)
                yield _FieldSite("use", p) if value is None else _FieldSite("store", p, value)
            elif n.type == "field_identifier" and p.type == "field_declaration":
                continue  # its declaration; the writes say what it holds
            elif p.type == "literal_element" and _is_key(p):
                if not _literal_elsewhere(an, p, field, owner):
                    yield _FieldSite("keyed", p, _keyed_value(p))
            elif n.type == "field_identifier":
                yield _FieldSite("unknown", p)


def _elsewhere(an: Analyzer, operand: Node | None, field: str, owner: str | None) -> bool:
    """Tell whether ``operand.field`` is known to be a field of a struct type not ``owner``."""
    if owner is None or operand is None:
        return False
    t = deadchan.expr_type(operand, an.index)
    if t is None or t == owner:
        return False
    fields = an.index.struct_fields(t)
    return fields is not None and field in fields


def _literal_elsewhere(an: Analyzer, key_el: Node, field: str, owner: str | None) -> bool:
    """Tell whether the keyed element ``field: v`` builds a struct type known not ``owner``."""
    if owner is None:
        return False
    lit = key_el
    while lit.parent is not None and lit.type != "composite_literal":
        lit = lit.parent
    typ = lit.child_by_field_name("type") if lit.type == "composite_literal" else None
    if typ is None or typ.type != "type_identifier" or parse.text(typ) == owner:
        return False
    fields = an.index.struct_fields(parse.text(typ))
    return fields is not None and field in fields


def _in_loop_with(node: Node, anchor: Node, func: Node) -> bool:
    """Tell whether a loop of ``func`` holds both ``node`` and ``anchor``."""
    for a in parse.ancestors(anchor):
        if a.id == func.id:
            return False
        if a.type == "for_statement" and a.start_byte <= node.start_byte < a.end_byte:
            return True
    return False


def _is_key(el: Node) -> bool:
    kv = el.parent
    return kv is not None and kv.type == "keyed_element" and kv.child_by_field_name("key") == el


def _keyed_value(key_el: Node) -> Node | None:
    kv = key_el.parent
    value = kv.child_by_field_name("value") if kv is not None else None
    return value.named_children[0] if value is not None and value.named_children else None


def _sources(an: Analyzer) -> list[tuple[str, Node]]:
    """Return the roots of every file of the package (the analysed one first)."""
    index = an.index
    out: list[tuple[str, Node]] = [(index.path, index.root)]
    name = package_name(index.source)
    for path, src in index.package.items():
        if path != index.path and package_name(src) == name:
            out.append((path, cached_tree(src).root_node))
    return out


# --------------------------------------------------------------------------- the path


def _events(
    g: CFG, caps: dict[str, list[Node]], own: set[int], key: str
) -> dict[int, list[tuple[int, int, Node]]] | None:
    """Return the timer's events per CFG block, in order: (position, kind, node).

    None when one cannot be placed (a restart we cannot put on a path).
    """
    out: dict[int, list[tuple[int, int, Node]]] = {}

    def add(node: Node, kind: int) -> bool:
        if _deferred(node, g.func):
            return kind != _KILL  # a deferred Stop or receive runs at the exit
        b = g.block_of(node)
        if b is None:
            return kind != _KILL
        out.setdefault(b, []).append((node.start_byte, kind, node))
        return True

    # Captures of different names are not aligned: each operation finds its own parts.
    for op in caps.get("recv.op", []):
        chan = op.child_by_field_name("operand")
        t = chan.child_by_field_name("operand") if chan is not None else None
        if op.id in own and t is not None and parse.text(t) == key and not add(op, _RECV):
            return None
    for op in caps.get("call.op", []):
        fn = op.child_by_field_name("function")
        t = fn.child_by_field_name("operand") if fn is not None else None
        m = fn.child_by_field_name("field") if fn is not None else None
        if op.id not in own or t is None or m is None or parse.text(t) != key:
            continue
        kind = _STOP if m.text == b"Stop" else _KILL
        if not add(op, kind):
            return None
    # Assignments of the timer (or of the struct holding it) start a new one.
    base = key.split(".", 1)[0]
    for n in parse.iter_descendants(g.func):
        if n.type not in ("assignment_statement", "short_var_declaration") or n.id not in own:
            continue
        left = n.child_by_field_name("left")
        names = {parse.text(x) for x in left.named_children} if left is not None else set()
        if (key in names or base in names) and not add(n, _KILL):
            return None
    for evs in out.values():
        evs.sort(key=lambda e: (e[0], e[1]))
    return out


def _deferred(node: Node, func: Node) -> bool:
    for a in parse.ancestors(node):
        if a.id == func.id or a.type in parse.FUNCTION_TYPES:
            return False
        if a.type == "defer_statement":
            return True
    return False


def _source(
    g: CFG, events: dict[int, list[tuple[int, int, Node]]], stop: Node
) -> tuple[Node, bool, bool] | None:
    """Return what empties the timer before ``stop`` on some path: (node, is a Stop, guarded).

    A receive is preferred (it empties the timer with any Go version); a Stop only when no
    receive reaches. *Guarded*: on the way from the node to ``stop`` without a restart, an
    ``if`` or ``switch`` decides, in the same round, between going on and a restart
    (``if len(batch) == 1 { t.Reset(d) }``, ``if armed { drain }; t.Reset(d)``): that the
    path skipping it can be taken depends on a condition we cannot read.
    """
    found = _source_node(g, events, stop)
    if found is None:
        return None
    node, stopped = found
    d = g.block_of(stop)
    start = g.block_of(node)
    kills = {b for b, evs in events.items() if any(k == _KILL for _, k, _ in evs)}
    if d is None or start is None or not kills:
        return node, stopped, False
    preds: dict[int, list[int]] = {}
    for blk in g.blocks:
        for s in blk.succs:
            preds.setdefault(s, []).append(blk.id)
    ahead = _closure(g.blocks[start].succs, lambda b: g.blocks[b].succs, kills | {d})
    behind = _closure(preds.get(d, []), lambda b: preds.get(b, []), kills)
    for c in ahead & behind:
        if g.blocks[c].kind is not Kind.COND:
            continue
        stops = {d} | {b.id for b in g.blocks if b.kind in (Kind.LOOP, Kind.SELECT)}
        within = _closure(g.blocks[c].succs, lambda b: g.blocks[b].succs, stops | kills)
        if any(k in within or k in g.blocks[c].succs for k in kills) or any(
            s in kills for b in within for s in g.blocks[b].succs
        ):
            return node, stopped, True
    return node, stopped, False


def _closure(start: list[int], step: Callable[[int], list[int]], avoid: set[int]) -> set[int]:
    """Return the blocks reached from ``start`` by ``step`` without entering ``avoid``."""
    seen: set[int] = set()
    todo = [b for b in start if b not in avoid]
    while todo:
        b = todo.pop()
        if b in seen:
            continue
        seen.add(b)
        todo.extend(n for n in step(b) if n not in avoid)
    return seen


def _source_node(
    g: CFG, events: dict[int, list[tuple[int, int, Node]]], stop: Node
) -> tuple[Node, bool] | None:
    """Return what empties the timer before ``stop`` on some path: (node, is a Stop)."""
    d = g.block_of(stop)
    reach = g.reachable()
    if d is None or d not in reach:
        return None
    preds: dict[int, list[int]] = {}
    for blk in g.blocks:
        for s in blk.succs:
            preds.setdefault(s, []).append(blk.id)
    first_stop: Node | None = None

    def scan(evs: list[tuple[int, int, Node]]) -> tuple[str, Node | None]:
        """Walk a block's events from the last: ``kill``, ``recv``, or ``pass``."""
        nonlocal first_stop
        for _pos, kind, node in reversed(evs):
            if kind == _KILL:
                return "kill", None
            if kind == _RECV:
                return "recv", node
            if first_stop is None:
                first_stop = node
        return "pass", None

    # Events of the drain's own block that come before its Stop.
    before = [e for e in events.get(d, []) if e[0] < stop.start_byte]
    verdict, node = scan(before)
    if verdict == "recv" and node is not None:
        return node, False
    if verdict == "kill":
        return (first_stop, True) if first_stop is not None else None
    seen: set[int] = set()
    todo = list(preds.get(d, []))
    while todo:
        b = todo.pop()
        if b in seen or b not in reach:
            continue
        seen.add(b)
        if g.blocks[b].kind is Kind.DEFER:
            continue
        verdict, node = scan(events.get(b, []))
        if verdict == "recv" and node is not None:
            return node, False
        if verdict == "kill":
            continue
        todo.extend(preds.get(b, []))
    return (first_stop, True) if first_stop is not None else None


# --------------------------------------------------------------------------- Go version


def _sync_timer_channels(an: Analyzer) -> bool:
    """Tell whether the module's timer channels are synchronous (go 1.23+, no asynctimerchan).

    The nearest go.mod above the file decides; no go.mod, no answer (False).
    """
    for _path, root in _sources(an):
        if b"asynctimerchan" in (root.text or b""):
            return False
    gomod = _find_gomod(an.index.path)
    if gomod is None:
        return False
    try:
        text = gomod.read_bytes()
    except OSError:
        return False
    if _ASYNC_RE.search(text):
        return False
    m = _GO_DIRECTIVE_RE.search(text)
    return m is not None and (int(m.group(1)), int(m.group(2))) >= SYNC_SINCE


def _find_gomod(path: str) -> Path | None:
    try:
        d = Path(path).resolve().parent
    except OSError:
        return None
    for cand in (d, *d.parents):
        f = cand / "go.mod"
        if f.is_file():
            return f
    return None


# --------------------------------------------------------------------------- stranded senders

# How many package calls deep a sender's loop is followed to its sends.
SEND_DEPTH: Final = 3


@dataclass(frozen=True, slots=True)
class StrandedSend:
    """A goroutine sending in an endless loop on a channel only a stuck drain's loop receives."""

    goroutine: Goroutine
    send: Node  # the plain send ``x.c <- v``
    send_path: str  # file of ``send``
    field: str  # the channel field ``c``
    drain: TimerDrain  # where the only receiver can be stuck for good


def find_stranded_sends(
    an: Analyzer, go: Goroutine, drains: list[TimerDrain]
) -> Iterator[StrandedSend]:
    """Yield the sends of ``go``'s endless loop whose channel only a stuck drain's loop takes.

    A goroutine that can block forever in a timer drain never receives again. When every
    receive of a channel field (of its struct type) in the package is in that goroutine's
    own function, a sender that sends on it once per round of an endless loop (``for {``,
    ``for range ch``), directly or through package calls, fills the buffer and then waits
    forever.
    """
    body = go.body
    if body is None or not drains or b"<-" not in (body.text or b""):
        return
    stuck = [
        d
        for d in drains
        if d.goroutine.body is not None
        and not d.guarded
        and d.goroutine.body.id != body.id
        and _gives_nothing(an, d.goroutine.body, d.timer)
    ]
    if not stuck:
        return
    reported: set[int] = set()
    for send, path in _loop_sends(an, body, go.path):
        if send.id in reported:
            continue
        chan = send.child_by_field_name("channel")
        if chan is None or chan.type != "selector_expression":
            continue
        operand = chan.child_by_field_name("operand")
        fld = chan.child_by_field_name("field")
        if operand is None or fld is None:
            continue
        owner = deadchan.expr_type(operand, an.index)
        if owner is None:
            continue
        for d in stuck:
            if _only_receiver(an, d, parse.text(fld), owner):
                reported.add(send.id)
                yield StrandedSend(go, send, path, parse.text(fld), d)
                break


_BUILTINS_GIVING_NOTHING: Final = frozenset({"len", "cap", "append", "make", "new", "min", "max"})


def _gives_nothing(an: Analyzer, func: Node, timer: str) -> bool:
    """Tell whether ``func`` only takes: no send, close, go, and no call that could give.

    Then no goroutine waits on it for anything but its receives, so when it is stuck a
    sender to it blocks at its send and nowhere else on its account. Calls allowed: the
    timer's own methods, a call whose result it receives from (``<-ctx.Done()``),
    functions of imported packages and builtins that give nothing.
    """
    body = func.child_by_field_name("body")
    if body is None:
        return False
    own = parse.own_ids(body)
    imports = an.index.imports()
    for n in parse.iter_descendants(body):
        if n.id not in own:
            continue
        if n.type in ("send_statement", "go_statement", "func_literal"):
            return False
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is None:
            return False
        up = n.parent
        if up is not None and up.type == "unary_expression" and _operator(up) == "<-":
            continue
        if fn.type == "identifier":
            if parse.text(fn) in _BUILTINS_GIVING_NOTHING:
                continue
            return False
        if fn.type != "selector_expression":
            return False
        operand = fn.child_by_field_name("operand")
        name = fn.child_by_field_name("field")
        if operand is None or name is None:
            return False
        if parse.text(operand) == timer and name.text in (b"Stop", b"Reset"):
            continue
        if operand.type == "identifier" and parse.text(operand) in imports:
            if an.index.lookup(parse.text(operand)):
                return False  # a package function shadows the import name
            continue
        return False
    return True


def _loop_sends(an: Analyzer, body: Node, path: str) -> list[tuple[Node, str]]:
    """Return the plain sends ``body``'s endless loops make on every round they may reach."""
    own = parse.own_ids(body)
    out: list[tuple[Node, str]] = []
    seen: set[int] = set()
    for loop in parse.iter_descendants(body):
        if loop.type != "for_statement" or loop.id not in own or not _endless(loop):
            continue
        lbody = loop.child_by_field_name("body")
        if lbody is not None:
            _sends_in(an, lbody, path, own, 0, seen, out)
    return out


def _endless(loop: Node) -> bool:
    """``for {`` or ``for range ch``: as many rounds as the program brings."""
    clauses = [c for c in loop.named_children if c.type != "block" and c.type != "comment"]
    if not clauses:
        return True
    rc = clauses[0] if len(clauses) == 1 and clauses[0].type == "range_clause" else None
    right = rc.child_by_field_name("right") if rc is not None else None
    return right is not None and right.type == "unary_expression" and _operator(right) == "<-"


def _sends_in(
    an: Analyzer,
    scope: Node,
    path: str,
    own: set[int],
    depth: int,
    seen: set[int],
    out: list[tuple[Node, str]],
) -> None:
    """Add the plain sends of ``scope`` (its function's own code) and of its calls' callees."""
    for n in parse.iter_descendants(scope):
        if n.id not in own:
            continue
        if n.type == "send_statement":
            if n.parent is not None and n.parent.type != "communication_case":
                out.append((n, path))
        elif (
            n.type == "call_expression"
            and depth < SEND_DEPTH
            and n.parent is not None
            and n.parent.type == "expression_statement"
        ):
            ref = _callee(an, n)
            if ref is None or ref[0].id in seen:
                continue
            seen.add(ref[0].id)
            cbody = ref[0].child_by_field_name("body")
            if cbody is not None:
                _sends_in(an, cbody, ref[1], parse.own_ids(cbody), depth + 1, seen, out)


def _callee(an: Analyzer, call: Node) -> tuple[Node, str] | None:
    """Return the package function or method ``call`` runs, by the receiver's type."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        name = fn.child_by_field_name("field")
        if operand is None or name is None:
            return None
        if operand.type == "identifier" and parse.text(operand) in an.index.imports():
            return None
        t = deadchan.expr_type(operand, an.index)
        ref = an.index.method(parse.text(name), t) if t is not None else None
        if ref is None or ref.receiver_type != t:
            return None
        return ref.node, ref.path
    ref = facts.resolve_call(fn, an.index)
    return (ref.node, ref.path) if ref is not None else None


def _only_receiver(an: Analyzer, d: TimerDrain, field: str, owner: str) -> bool:
    """Tell whether every receive of ``owner``'s channel field ``field`` is in ``d``'s loop.

    The other uses must be sends, ``len``/``cap``/comparisons, or a ``make`` stored in it; a
    close, a range elsewhere, the channel handed on: no answer (False).
    """
    body = d.goroutine.body
    fields = an.index.struct_fields(owner)
    if body is None or fields is None or field not in fields:
        return False
    if fields[field].type != "channel_type":
        return False
    if field[:1].isupper() and package_name(an.index.source) != "main":
        return False
    own = parse.own_ids(body)
    received = False
    for site in _field_sites(an, field, owner):
        p = site.node
        if site.kind == "unknown":
            return False
        if site.kind in ("store", "keyed"):
            if not isinstance(site.value, Node) or not _is_make(site.value):
                return False
            continue
        use = facts.classify(p)
        if use.op in (facts.Op.RECV, facts.Op.RANGE):
            if p.id not in own:
                return False
            received = True
        elif use.op not in (facts.Op.SEND, facts.Op.NONE):
            return False
    return received


def _is_make(v: Node | None) -> bool:
    if v is None or v.type != "call_expression":
        return False
    fn = v.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and fn.text == b"make"
