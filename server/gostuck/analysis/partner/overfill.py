"""Channels a goroutine fills (or drains) before anyone else can hold them.

    go func() {
        q := &queue{ready: make(chan struct{}, 1)}
        q.ready <- struct{}{}  // the one buffer slot
        q.start()              // start sends again, and only then hands q to a receiver
    }()

A goroutine that makes a channel is its only holder until it hands the channel (or the
struct holding it) to anyone else: a call we cannot follow, a literal or goroutine that
captures it, an assignment, anything but a plain send or receive. While it is the only
holder, a send past the buffer's capacity, or a receive from an empty buffer, has no partner
and none can appear while it waits: it blocks forever.

The walk follows the goroutine's own statements from the channel's ``make`` (or from a fresh
struct, ``o := &outbox{}``, whose channel field a method makes later: ``o.init()`` running
``r.ch = make(chan T, size)`` with ``size`` bound to a constant by the calls on the way), and
the package functions and methods it calls with the channel's holder (inlined, a few calls
deep; fields and methods promoted from embedded structs resolve as Go resolves them). It
knows which way a branch goes when constants, the calls' constant arguments, or a field that
only dead code writes (``deadfield``) decide it, and runs a loop with a constant trip count
that many times. Any statement it does not understand ends the walk without a verdict.

Once the buffer is full and no live code anywhere can receive from the channel field, close
it or hand it on (``deadfield``), the holder may be shared: a goroutine started then blocks
forever at its first send, and so does every later send of the walking goroutine.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import consts, facts
from gostuck.analysis.flow.deadfield import DeadFields, is_make_chan
from gostuck.analysis.flow.facts import Analyzer, Channel, Goroutine, Op
from gostuck.analysis.flow.index import FuncRef
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

MAX_DEPTH: Final = 4
_BUILTINS: Final = parse.GO_BUILTIN_FUNCS | parse.GO_BASIC_TYPES
MAX_TRIPS: Final = 1024  # loop iterations walked, at most
_MAX_FIELD_DEPTH: Final = 3

# Statements that, holding no use of the channel, always pass control to the next one.
_STRAIGHT: Final = frozenset(
    {
        "expression_statement",
        "short_var_declaration",
        "assignment_statement",
        "var_declaration",
        "const_declaration",
        "type_declaration",
        "inc_statement",
        "dec_statement",
        "defer_statement",
        "go_statement",
        "empty_statement",
    }
)
_JUMPS: Final = frozenset(
    {
        "return_statement",
        "goto_statement",
        "break_statement",
        "continue_statement",
        "fallthrough_statement",
        "labeled_statement",
    }
)


@dataclass(frozen=True, slots=True)
class Overfill:
    """A goroutine blocking on its own channel before anyone else can hold it."""

    goroutine: Goroutine
    channel: Channel
    op: Op  # SEND (the buffer is full) or RECV (it is empty)
    node: Node  # the blocking operation
    path: str  # file of ``node``
    buffered: int  # values in the buffer when it blocks
    certain: bool  # the channel is made on every path through the goroutine
    # The channel was shared first: the send blocks because nothing live ever receives.
    shared: bool = False


class _End(enum.Enum):
    DONE = "done"  # the statements ran to their end
    RETURN = "return"  # the function returned
    BREAK = "break"  # an unlabelled break
    UNKNOWN = "unknown"  # the channel was handed on, or the walk cannot tell


_Block = tuple[Op, Node, str]
_Result = _Block | _End


@dataclass(slots=True)
class _Frame:
    """One function (or literal) the walk runs, and the name the channel has in it."""

    func: Node
    var: str  # the holder variable
    path: tuple[str, ...]  # the fields from ``var`` to the channel (empty: ``var`` is it)
    typ: str | None  # the package struct type of ``var`` (None when ``path`` is empty)
    file: str
    depth: int
    env: dict[str, int] = field(default_factory=dict)  # integer locals known here


@dataclass(slots=True)
class _Walk:
    an: Analyzer
    dead: DeadFields | None
    capacity: int | None  # None: the channel field is not made yet (nil)
    count: int = 0  # values in the buffer
    make: Node | None = None  # the make call, when the walk saw it
    make_path: str = ""
    shared: bool = False  # a goroutine the walk started holds the channel too
    spawned_mode: bool = False  # walking a goroutine started by the walking one
    ops: int = 0  # channel operations done
    spawned: list[tuple[Node, str, Node, str]] = field(default_factory=list)
    # What goroutines blocked forever would still have released (Done, Unlock, close, a
    # send, a call we cannot see: "*"), by the function that started them: a later wait on
    # one of those may never end, so the walk cannot say where it blocks.
    released: dict[int, set[str]] = field(default_factory=dict)
    # A blocked walk: the statements it never runs, and the deferred ones it never reaches.
    lost: list[Node] = field(default_factory=list)
    # The walk passed something that could wait forever (a goroutine started after it may
    # never start at all).
    waited: bool = False

    def child(self) -> _Walk:
        return _Walk(
            self.an,
            self.dead,
            self.capacity,
            self.count,
            self.make,
            self.make_path,
            True,
            True,
            0,
            self.spawned,
            self.released,
            waited=self.waited,
        )


@dataclass(frozen=True, slots=True)
class _Use:
    """One occurrence of the holder variable in a statement, classified."""

    kind: str  # "chan", "method", "arg", "none", "escape", "capture"
    ident: Node
    node: Node  # chan: the channel expression; method, arg: the call; capture: the literal
    op: Op = Op.NONE  # chan: what the operation does
    use: facts.Use | None = None  # chan: the classified use
    callee: FuncRef | None = None  # method: the method
    rest: tuple[str, ...] = ()  # method, arg: the fields left from there to the channel
    typ: str | None = None  # method, arg: the type of the part handed on
    arg_index: int = -1


def find_overfills(
    an: Analyzer, go: Goroutine, dead: DeadFields | None = None
) -> Iterator[Overfill]:
    """Yield where ``go`` (or a goroutine it starts) blocks on a channel it made.

    ``dead`` tells which fields only dead code drains or writes; without it, the walk stops
    where the holder is first shared.
    """
    body = go.body
    if body is None or body.has_error:
        return
    g = an.graphs.get(body)
    block = cfgmod.body_of(body)
    if g is None or block is None:
        return
    stmts = cfgmod.statements(block)
    reach = g.reachable()
    for origin in _origins(an, body, stmts):
        decl, var, path, typ, capacity, make = origin
        at = next((i for i, s in enumerate(stmts) if s.id == decl.id), None)
        b = g.block_of(decl)
        if at is None or b is None or b not in reach:
            continue
        walk = _Walk(an, dead, capacity, make=make, make_path=go.path if make else "")
        frame = _Frame(body, var, path, typ, go.path, 0)
        found = _run(walk, frame, stmts[at + 1 :])
        if not isinstance(found, tuple) and not walk.spawned:
            continue
        certain = facts.on_every_path(g, b)
        if walk.make is None or walk.capacity is None:
            continue
        name = ".".join((var, *path))
        ch = Channel(name, walk.make, decl, walk.capacity, make_path=walk.make_path)
        for stmt, spath, node, npath in walk.spawned:
            other = facts.goroutine_of(stmt, spath, an.index) if spath == an.path else None
            if other is not None:
                yield Overfill(other, ch, Op.SEND, node, npath, walk.capacity, certain, True)
        if isinstance(found, tuple):
            op, node, path_ = found
            yield Overfill(go, ch, op, node, path_, walk.count, certain, walk.shared)
        return


_Origin = tuple[Node, str, tuple[str, ...], str | None, int | None, Node | None]


def _origins(an: Analyzer, body: Node, stmts: list[Node]) -> Iterator[_Origin]:
    """Channels the goroutine makes: locals, struct literal fields, fields of fresh structs."""
    for ch in facts.find_channels(body):
        if ch.capacity is None:
            continue
        var, _, fld = ch.name.partition(".")
        typ = None
        if fld:
            target = _declared_ident(ch.decl, var)
            typ = facts.operand_type(target, an.index) if target is not None else None
            if typ is None:
                continue
        yield ch.decl, var, (fld,) if fld else (), typ, ch.capacity, ch.make
    for st in stmts:
        fresh = _fresh_struct(an, st)
        if fresh is None:
            continue
        var, typ, keyed = fresh
        for path in _chan_fields(an, typ, 0):
            if path[0] not in keyed:
                yield st, var, path, typ, None, None


def _declared_ident(decl: Node, name: str) -> Node | None:
    left = decl.child_by_field_name("left")
    names = left.named_children if left is not None else list(decl.children_by_field_name("name"))
    return next((n for n in names if n.text == name.encode()), None)


def _fresh_struct(an: Analyzer, st: Node) -> tuple[str, str, set[str]] | None:
    """For ``v := &T{...}``, ``v := T{}``, ``v := new(T)``, ``var v T``: v, T, the keys set."""
    if st.type == "var_declaration":
        specs = [c for c in st.named_children if c.type == "var_spec"]
        if len(specs) != 1:
            return None
        names = list(specs[0].children_by_field_name("name"))
        t = specs[0].child_by_field_name("type")
        if len(names) != 1 or specs[0].child_by_field_name("value") is not None:
            return None
        if t is None or t.type != "type_identifier":
            return None
        return parse.text(names[0]), parse.text(t), set()
    if st.type != "short_var_declaration":
        return None
    pair = parse.single_pair(st)
    if pair is None:
        return None
    var, value = pair
    if value.type == "unary_expression":
        op = value.child(0)
        inner = value.child_by_field_name("operand")
        if op is None or op.type != "&" or inner is None:
            return None
        value = inner
    if value.type == "call_expression":
        fn = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        vals = args.named_children if args is not None else []
        if fn is None or fn.text != b"new" or len(vals) != 1 or vals[0].type != "type_identifier":
            return None
        return parse.text(var), parse.text(vals[0]), set()
    if value.type != "composite_literal":
        return None
    t = value.child_by_field_name("type")
    if t is None or t.type != "type_identifier" or parse.has_positional_elements(value):
        return None
    keyed: set[str] = set()
    lit = value.child_by_field_name("body")
    for el in lit.named_children if lit is not None else []:
        key = el.child_by_field_name("key") if el.type == "keyed_element" else None
        if key is not None:
            keyed.add(parse.text(key))
    return parse.text(var), parse.text(t), keyed


def _chan_fields(an: Analyzer, typ: str, depth: int) -> list[tuple[str, ...]]:
    """Paths to the channel fields of the struct ``typ``, through fields of struct value type."""
    fields = an.index.struct_fields(typ)
    if fields is None or depth >= _MAX_FIELD_DEPTH:
        return []
    out: list[tuple[str, ...]] = []
    for name, t in fields.items():
        if t.type == "channel_type":
            out.append((name,))
        elif t.type == "type_identifier":
            out.extend((name, *sub) for sub in _chan_fields(an, parse.text(t), depth + 1))
    return out


# --------------------------------------------------------------------------- the walk


def _run(w: _Walk, f: _Frame, stmts: list[Node]) -> _Result:
    """Run ``stmts`` in order; return the operation that blocks, or how the walk ended."""
    for i, s in enumerate(stmts):
        r = _step(w, f, s)
        if isinstance(r, tuple) and w.spawned_mode:
            w.lost.extend(stmts[i + 1 :])
            w.lost.extend(d for d in stmts[:i] if d.type == "defer_statement")
        if r is not None:
            return r
    return _End.DONE


def _nested(w: _Walk, f: _Frame, stmts: list[Node]) -> _Result | None:
    """Run a nested block; what it declares goes out of scope, what it changes is forgotten."""
    before = dict(f.env)
    r = _run(w, f, stmts)
    f.env = {k: v for k, v in before.items() if f.env.get(k) == v}
    return None if r is _End.DONE else r


def _step(w: _Walk, f: _Frame, s: Node) -> _Result | None:
    """Run one statement: None to go on, else the result of the walk."""
    if w.released and _may_wait_on_released(w, f, s):
        return _End.UNKNOWN
    uses = _uses(w, f, s)
    live = [u for u in uses if u.kind != "none"]
    t = s.type
    if t == "go_statement" and live:
        return _go(w, f, s, live)
    if t == "return_statement":
        return _End.UNKNOWN if live else _End.RETURN
    if t == "break_statement":
        return _End.BREAK if not s.named_children else _End.UNKNOWN
    if t == "block":
        return _nested(w, f, cfgmod.statements(s))
    if t == "if_statement":
        return _if(w, f, s, live)
    if t == "expression_switch_statement":
        return _switch(w, f, s, live)
    if t == "for_statement":
        return _for(w, f, s, live)
    if not live:
        if t not in _STRAIGHT or _aborts(s):
            return _End.UNKNOWN
        w.waited = w.waited or _could_wait(w, s)
        _assign(w, f, s)
        return None
    if len(live) != 1:
        return _End.UNKNOWN
    return _operate(w, f, s, live[0])


def _operate(w: _Walk, f: _Frame, s: Node, u: _Use) -> _Result | None:
    """Run the statement ``s`` holding the one live use ``u`` of the channel."""
    if u.kind == "chan" and u.use is not None:
        cu = u.use
        if cu.in_select:
            return _End.UNKNOWN
        if cu.op is Op.SEND and cu.node.id == s.id:
            return _send(w, s, f.file)
        if cu.op is Op.RECV and _evaluated(cu.node, s):
            if w.capacity is None or w.shared or w.spawned_mode:
                return _End.UNKNOWN
            if w.count == 0:
                return Op.RECV, cu.node, f.file
            w.count -= 1
            w.ops += 1
            return None
        if cu.op is Op.DEF and f.path:
            return _make(w, f, s, cu)
        if cu.op is Op.CALL and _evaluated(cu.node, s):
            sub = _callee_frame(w, f, cu.node, cu.arg_index, (), None)
            return _End.UNKNOWN if sub is None else _call(w, sub)
        return _End.UNKNOWN
    if u.kind in ("method", "arg") and _evaluated(u.node, s):
        sub = _callee_frame(w, f, u.node, u.arg_index, u.rest, u.typ, u.callee)
        return _End.UNKNOWN if sub is None else _call(w, sub)
    return _End.UNKNOWN


def _send(w: _Walk, s: Node, file: str) -> _Result | None:
    if w.capacity is None:
        return _End.UNKNOWN  # a nil channel: another question
    if w.count >= w.capacity:
        if (w.shared or w.spawned_mode) and not _sealed(w):
            return _End.UNKNOWN
        return Op.SEND, s, file
    if w.shared or w.spawned_mode:
        return _End.UNKNOWN  # others may fill the buffer first
    w.count += 1
    w.ops += 1
    return None


def _sealed(w: _Walk) -> bool:
    """Nothing live anywhere can receive from the channel field, close it or hand it on."""
    if w.dead is None or w.make is None:
        return False
    target = w.make.parent.parent if w.make.parent is not None else None  # ``x.f = make()``
    left = target.child_by_field_name("left") if target is not None else None
    sel = left.named_children[0] if left is not None and left.named_children else None
    fld = sel.child_by_field_name("field") if sel is not None else None
    if target is None or target.type != "assignment_statement" or fld is None:
        return False
    return w.dead.is_never_drained(parse.text(fld))


def _make(w: _Walk, f: _Frame, s: Node, cu: facts.Use) -> _Result | None:
    """``x.f = make(chan T, n)``: the channel exists from here, empty."""
    if w.shared or w.spawned_mode or cu.node.id != s.id or s.type != "assignment_statement":
        return _End.UNKNOWN
    left = s.child_by_field_name("left")
    right = s.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return _End.UNKNOWN
    vals = right.named_children
    if len(vals) != 1 or not is_make_chan(vals[0]) or s.child(1) is None:
        return _End.UNKNOWN
    op = s.child(1)
    if op is None or op.type != "=":
        return _End.UNKNOWN
    args = vals[0].child_by_field_name("arguments")
    named = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    cap = 0 if len(named) == 1 else _eval(w, f, named[1]) if len(named) == 2 else None
    if cap is None or cap < 0:
        return _End.UNKNOWN
    w.capacity, w.count, w.make, w.make_path = cap, 0, vals[0], f.file
    w.ops += 1
    return None


def _call(w: _Walk, sub: _Frame) -> _Result | None:
    body = cfgmod.body_of(sub.func)
    if body is None:
        return _End.UNKNOWN
    r = _run(w, sub, cfgmod.statements(body))
    if r in (_End.DONE, _End.RETURN):
        return None
    return _End.UNKNOWN if r is _End.BREAK else r


def _callee_frame(
    w: _Walk,
    f: _Frame,
    call: Node,
    arg_index: int,
    rest: tuple[str, ...],
    typ: str | None,
    method: FuncRef | None = None,
) -> _Frame | None:
    """Return the frame of the package function ``call`` runs, the channel bound to its name."""
    if f.depth >= MAX_DEPTH:
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type == "func_literal":
        return None
    ref = method
    if ref is None:
        ref = facts.resolve_call(fn, w.an.index)
        if ref is None or (fn.type == "selector_expression" and ref.receiver_type is not None):
            return None  # a method reached by an argument: its receiver type is not checked
    if ref.node.has_error:
        return None
    if arg_index == facts.RECEIVER:
        name = facts.receiver_name(ref.node)
        typ = ref.receiver_type
    else:
        params = facts.param_names(ref.node)
        name = params[arg_index] if 0 <= arg_index < len(params) else None
    if not name or name == "_" or (rest and typ is None):
        return None
    args_node = call.child_by_field_name("arguments")
    args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
    env: dict[str, int] = {}
    for pname, arg in zip(facts.param_names(ref.node), args, strict=False):
        v = _eval(w, f, arg)
        if v is not None and pname and not consts.is_reassigned(ref.node, pname):
            env[pname] = v
    return _Frame(ref.node, name, rest, typ if rest else None, ref.path, f.depth + 1, env)


def _go(w: _Walk, f: _Frame, s: Node, live: list[_Use]) -> _Result | None:
    """Walk a goroutine started with the holder: harmless, or blocked at its first send."""
    call = next((c for c in s.named_children if c.type == "call_expression"), None)
    fn = call.child_by_field_name("function") if call is not None else None
    if call is None or fn is None or f.depth >= MAX_DEPTH:
        return _End.UNKNOWN
    sub: _Frame | None = None
    if fn.type == "func_literal":
        if any(u.kind != "capture" or u.node.id != fn.id for u in live):
            return _End.UNKNOWN
        if _declared(fn, f.var):
            return _End.UNKNOWN
        sub = _Frame(fn, f.var, f.path, f.typ, f.file, f.depth + 1)
    elif len(live) == 1:
        u = live[0]
        if u.kind in ("method", "arg") and u.node.id == call.id:
            sub = _callee_frame(w, f, call, u.arg_index, u.rest, u.typ, u.callee)
        elif u.kind == "chan" and u.use is not None and u.use.op is Op.CALL:
            sub = (
                _callee_frame(w, f, call, u.use.arg_index, (), None)
                if (u.use.node.id == call.id)
                else None
            )
    if sub is None:
        return _End.UNKNOWN
    body = cfgmod.body_of(sub.func)
    if body is None:
        return _End.UNKNOWN
    other = w.child()
    r = _run(other, sub, cfgmod.statements(body))
    if isinstance(r, tuple):
        if r[0] is not Op.SEND or other.ops:
            return _End.UNKNOWN
        if not w.waited:  # else it may never start
            w.spawned.append((s, f.file, r[1], r[2]))
        w.released.setdefault(f.func.id, set()).update(_releases(w, other.lost))
        w.shared = True
        return None
    if r in (_End.DONE, _End.RETURN) and other.ops == 0:
        return None  # it never touches the channel
    return _End.UNKNOWN


_RELEASES: Final = frozenset({"Done", "Unlock", "RUnlock", "Signal", "Broadcast", "Release"})
_WAITS: Final = frozenset({"Wait", "Lock", "RLock", "Acquire"})
_NEVER_WAIT: Final = frozenset({"Add", "TryLock", "Store", "Load", "Swap", "CompareAndSwap"})


def _releases(w: _Walk, stmts: list[Node]) -> set[str]:
    """Name what ``stmts`` would release: ``x`` of ``x.Done()``, ``close(x)``, ``x <- v``.

    A call that may release anything (one of the package's, or one handed a variable) is
    ``"*"``; builtins and calls of other packages on constants release nothing.
    """
    out: set[str] = set()
    imports = w.an.index.imports()
    for st in stmts:
        for n in [st, *parse.iter_descendants(st)]:
            if n.type == "send_statement":
                out.add(_root(n.child_by_field_name("channel")))
            if n.type != "call_expression":
                continue
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            vals = [a for a in args.named_children if a.type != "comment"] if args else []
            if fn is not None and fn.type == "identifier" and parse.text(fn) in _BUILTINS:
                if fn.text == b"close" and vals:
                    out.add(_root(vals[0]))
                continue
            if fn is not None and fn.type == "selector_expression":
                operand = fn.child_by_field_name("operand")
                name = fn.child_by_field_name("field")
                if name is not None and parse.text(name) in _RELEASES and operand is not None:
                    out.add(_root(operand))
                    continue
                is_pkg = operand is not None and operand.type == "identifier"
                in_pkg = is_pkg and operand is not None and parse.text(operand) in imports
                if in_pkg and not any(_names_variable(a) for a in vals):
                    continue
            out.add("*")
    out.discard("")
    return out


def _may_wait_on_released(w: _Walk, f: _Frame, s: Node) -> bool:
    """Tell whether ``s`` may wait for something a goroutine blocked forever would release."""
    waits: set[str] = set()
    for n in [s, *parse.iter_descendants(s)]:
        if n.type in parse.FUNCTION_TYPES and n.id != s.id:
            continue  # a literal's body waits where it runs, not here
        if n.type == "select_statement":
            waits.add("*")
        elif n.type == "unary_expression":
            op = n.child(0)
            if op is not None and op.type == "<-":
                waits.add(_root(n.child_by_field_name("operand")))
        elif n.type == "range_clause":
            waits.add(_root(n.child_by_field_name("right")))
        elif n.type == "call_expression":
            p = n.parent
            if p is not None and p.type in ("go_statement", "defer_statement"):
                continue  # runs in another goroutine, or at the return
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if fn is not None and fn.type == "selector_expression":
                name = fn.child_by_field_name("field")
                if name is not None and parse.text(name) in _WAITS:
                    waits.add(_root(fn.child_by_field_name("operand")))
            if fn is None or _never_waits(w, fn):
                continue
            for a in args.named_children if args is not None else []:
                waits.add(_root(a))  # handed to a call that may wait on it
    waits.discard("")
    if not waits:
        return False
    for func_id, names in w.released.items():
        if "*" in names or "*" in waits or func_id != f.func.id or names & waits:
            return True
    return False


def _never_waits(w: _Walk, fn: Node) -> bool:
    """Tell whether calling ``fn`` cannot wait: a builtin, a conversion, ``sync/atomic``."""
    if fn.type == "identifier":
        name = parse.text(fn)
        return name in _BUILTINS or w.an.index.type_spec(name) is not None
    if fn.type == "selector_expression":
        pkg = fn.child_by_field_name("operand")
        return pkg is not None and pkg.text == b"atomic" and "atomic" in w.an.index.imports()
    return fn.type == "parenthesized_expression"  # (*T)(p): a conversion


def _root(expr: Node | None) -> str:
    """``x`` of ``x``, ``&x``, ``x.f.g``, ``x[i]``, ``(*x)``; "" for anything else."""
    while expr is not None:
        t = expr.type
        if t == "identifier":
            return parse.text(expr)
        if t == "parenthesized_expression":
            expr = expr.named_children[0] if expr.named_children else None
        elif t in ("unary_expression", "selector_expression", "index_expression"):
            expr = expr.child_by_field_name("operand")
        else:
            return ""
    return ""


def _names_variable(expr: Node) -> bool:
    """Tell whether ``expr`` mentions an identifier (a variable a callee could use)."""
    return expr.type == "identifier" or any(
        n.type == "identifier" for n in parse.iter_descendants(expr)
    )


def _if(w: _Walk, f: _Frame, s: Node, live: list[_Use]) -> _Result | None:
    cond = s.child_by_field_name("condition")
    init = s.child_by_field_name("initializer")
    verdict = None
    if cond is not None and init is None and not any(_inside(u.ident, cond) for u in live):
        verdict = _truth(w, f, cond)
    if verdict is None:
        return _skip(w, f, s, live)
    branch = s.child_by_field_name("consequence" if verdict else "alternative")
    if branch is None:
        return None
    if branch.type == "if_statement":
        return _step(w, f, branch)
    return _nested(w, f, cfgmod.statements(branch))


def _switch(w: _Walk, f: _Frame, s: Node, live: list[_Use]) -> _Result | None:
    """``switch v { case A: ... }`` whose tag and case values are known integers."""
    value = s.child_by_field_name("value")
    if s.child_by_field_name("initializer") is not None or value is None:
        return _skip(w, f, s, live)
    if any(_inside(u.ident, value) for u in live):
        return _End.UNKNOWN
    tag = _eval(w, f, value)
    if tag is None:
        return _skip(w, f, s, live)
    chosen: Node | None = None
    default: Node | None = None
    for case in s.named_children:
        if case.type == "default_case":
            default = case
            continue
        if case.type != "expression_case":
            continue
        vals = case.child_by_field_name("value")
        nums = [_eval(w, f, v) for v in (vals.named_children if vals is not None else [])]
        if any(n is None for n in nums):
            return _skip(w, f, s, live)
        if tag in nums:
            chosen = case
            break
    chosen = chosen or default
    if chosen is None:
        return None
    body = next((c for c in chosen.named_children if c.type == "statement_list"), None)
    stmts = cfgmod.statements(body) if body is not None else []
    if any(st.type == "fallthrough_statement" for st in stmts):
        return _End.UNKNOWN
    r = _nested(w, f, stmts)
    return None if r is _End.BREAK else r


def _for(w: _Walk, f: _Frame, s: Node, live: list[_Use]) -> _Result | None:
    """``for i := a; i < n; i++ { ... }`` with constant bounds: run the body that many times."""
    loop = _counted(w, f, s)
    if loop is None:
        return _End.UNKNOWN
    var, values = loop
    body = s.child_by_field_name("body")
    if not live and not _jumps(body):
        f.env.pop(var, None)
        return _skip(w, f, s, live)
    stmts = cfgmod.statements(body)
    for v in values:
        f.env[var] = v
        r = _nested(w, f, stmts)
        if r is _End.BREAK:
            break
        if r is not None:
            return r
    f.env.pop(var, None)
    return None


def _counted(w: _Walk, f: _Frame, s: Node) -> tuple[str, list[int]] | None:
    clause = next((c for c in s.named_children if c.type == "for_clause"), None)
    body = s.child_by_field_name("body")
    if clause is None or body is None:
        return None
    init = clause.child_by_field_name("initializer")
    cond = clause.child_by_field_name("condition")
    upd = clause.child_by_field_name("update")
    if init is None or cond is None or upd is None or init.type != "short_var_declaration":
        return None
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return None
    if len(right.named_children) != 1:
        return None
    var = parse.text(left.named_children[0])
    if upd.type != "inc_statement" or parse.text(upd.named_children[0]) != var:
        return None
    if _writes(body, var):
        return None
    start = _eval(w, f, right.named_children[0])
    if start is None:
        return None
    values: list[int] = []
    i = start
    env = f.env
    try:
        while True:
            f.env = {**env, var: i}
            ok = _truth(w, f, cond)
            if ok is None or len(values) > MAX_TRIPS:
                return None
            if not ok:
                return var, values
            values.append(i)
            i += 1
    finally:
        f.env = env


def _skip(w: _Walk, f: _Frame, s: Node, live: list[_Use]) -> _Result | None:
    """Pass over a compound statement that never touches the channel and always falls out.

    Like a plain call, it may wait on something else: that is not this walk's question.
    """
    if live or _jumps(s):
        return _End.UNKNOWN
    w.waited = w.waited or _could_wait(w, s)
    for n in parse.iter_descendants(s):
        if n.type == "identifier" and n.text is not None:
            f.env.pop(parse.text(n), None)
    return None


def _could_wait(w: _Walk, s: Node) -> bool:
    """Tell whether ``s``, passed over without a look inside its calls, could wait.

    A receive, a select, a range, ``Wait``/``Lock``, or a call of the package's own code
    (calls of other packages and builtins are taken to return).
    """
    for n in [s, *parse.iter_descendants(s)]:
        if n.type in parse.FUNCTION_TYPES:
            continue
        if n.type in ("select_statement", "range_clause"):
            return True
        if n.type == "unary_expression":
            op = n.child(0)
            if op is not None and op.type == "<-":
                return True
        if n.type != "call_expression" or parse.enclosing_function(n) != parse.enclosing_function(
            s
        ):
            continue
        p = n.parent
        if p is not None and p.type == "go_statement":
            continue
        fn = n.child_by_field_name("function")
        if fn is None:
            return True
        if fn.type == "selector_expression":
            name = fn.child_by_field_name("field")
            method = parse.text(name) if name is not None else ""
            if method in _WAITS:
                return True
            if method in _RELEASES or method in _NEVER_WAIT:
                continue
        if fn.type == "func_literal" or facts.resolve_call(fn, w.an.index) is not None:
            return True
    return False


def _jumps(s: Node | None) -> bool:
    """Tell whether ``s`` holds a jump, a label, or a call that ends the goroutine."""
    if s is None:
        return True
    for n in parse.iter_descendants(s):
        if n.type in _JUMPS:
            return True
        if n.type == "call_expression" and cfgmod.is_abort_call(n):
            return True
    return False


def _writes(scope: Node, name: str) -> bool:
    for ident in facts.idents_named(scope, name):
        u = facts.classify(ident)
        p = ident.parent
        if u.op is Op.DEF or (p is not None and p.type in ("inc_statement", "dec_statement")):
            return True
        if p is not None and p.type == "unary_expression":
            op = p.child(0)
            if op is not None and op.type == "&":
                return True
    return False


def _written_in_literal(func: Node, name: str) -> bool:
    """Tell whether a func literal in ``func`` assigns ``name`` (a closure may run any time)."""
    body = cfgmod.body_of(func)
    for ident in facts.idents_named(body, name) if body is not None else []:
        if facts.innermost_function(ident, func).id == func.id:
            continue
        p = ident.parent
        if facts.classify(ident).op is Op.DEF:
            return True
        if p is not None and p.type in ("inc_statement", "dec_statement", "unary_expression"):
            return True
    return False


def _assign(w: _Walk, f: _Frame, s: Node) -> None:
    """Keep what a plain statement gives the integer locals; forget what it may change."""
    if s.type in ("short_var_declaration", "assignment_statement"):
        left = s.child_by_field_name("left")
        right = s.child_by_field_name("right")
        lefts = left.named_children if left is not None else []
        rights = right.named_children if right is not None else []
        op = s.child(1)
        plain = op is not None and op.type in ("=", ":=") and len(lefts) == len(rights)
        for i, target in enumerate(lefts):
            if target.type != "identifier":
                continue
            name = parse.text(target)
            v = _eval(w, f, rights[i]) if plain else None
            if v is None:
                f.env.pop(name, None)
            else:
                f.env[name] = v
        return
    for n in parse.iter_descendants(s):
        if n.type == "identifier":
            p = n.parent
            changes = ("inc_statement", "dec_statement", "var_spec", "unary_expression")
            if p is not None and p.type in changes:
                f.env.pop(parse.text(n), None)


# --------------------------------------------------------------------------- values


def _eval(w: _Walk, f: _Frame, expr: Node) -> int | None:
    """Return the integer ``expr`` certainly is, or None."""
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    t = expr.type
    index = w.an.index
    if t == "int_literal":
        return consts.const_expr(expr, None, index)
    if t == "identifier":
        name = parse.text(expr)
        if name in f.env:
            return None if _written_in_literal(f.func, name) else f.env[name]
        if _declared_around(expr, name):
            return None
        return consts.package_const(name, index)
    if t == "binary_expression":
        left = expr.child_by_field_name("left")
        right = expr.child_by_field_name("right")
        oper = expr.child_by_field_name("operator")
        if left is None or right is None or oper is None or oper.type not in consts._BINARY:
            return None
        a, b = _eval(w, f, left), _eval(w, f, right)
        return None if a is None or b is None else consts._BINARY[oper.type](a, b)
    if t == "selector_expression":
        return _field_value(w, f, expr)
    if t == "call_expression":
        inner = consts.conversion_operand(expr, index)
        if inner is not None:
            return _eval(w, f, inner)
        target = _atomic_load(expr, index)
        return _field_value(w, f, target) if target is not None else None
    return None


def _atomic_load(call: Node, index: object) -> Node | None:
    """``atomic.LoadUint32((*uint32)(&x.f))``: the field ``x.f``."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or args is None or fn.type != "selector_expression":
        return None
    pkg = fn.child_by_field_name("operand")
    name = fn.child_by_field_name("field")
    if pkg is None or name is None or pkg.text != b"atomic" or not name.text:
        return None
    if not name.text.startswith(b"Load"):
        return None
    vals = [c for c in args.named_children if c.type != "comment"]
    if len(vals) != 1:
        return None
    arg = vals[0]
    for _ in range(3):
        while arg.type == "parenthesized_expression" and arg.named_children:
            arg = arg.named_children[0]
        if arg.type == "call_expression":
            conv = arg.child_by_field_name("function")
            cargs = arg.child_by_field_name("arguments")
            inner = conv.named_children[0] if conv is not None and conv.named_children else None
            ok = conv is not None and conv.type == "parenthesized_expression"
            ok = ok and inner is not None and inner.type == "unary_expression"
            if not ok or cargs is None or len(cargs.named_children) != 1:
                return None
            arg = cargs.named_children[0]
            continue
        if arg.type == "unary_expression":
            op = arg.child(0)
            operand = arg.child_by_field_name("operand")
            if op is None or op.type != "&" or operand is None:
                return None
            return operand if operand.type == "selector_expression" else None
        return None
    return None


def _field_value(w: _Walk, f: _Frame, sel: Node) -> int | None:
    """``x.f`` of an integer field that only dead code writes: its zero value."""
    if w.dead is None or sel.type != "selector_expression":
        return None
    names: list[str] = []
    node = sel
    while node.type == "selector_expression":
        fld = node.child_by_field_name("field")
        operand = node.child_by_field_name("operand")
        if fld is None or operand is None:
            return None
        names.append(parse.text(fld))
        node = operand
    if node.type != "identifier":
        return None
    names.reverse()
    typ = f.typ if parse.text(node) == f.var and f.path else None
    if typ is None:
        typ = facts.operand_type(node, w.an.index)
    owner = None
    for name in names:
        if typ is None:
            return None
        m = w.an.index.member(typ, name)
        if m is None or m.field_type is None:
            return None
        owner = m.owner
        typ = facts.named_type(m.field_type)
    if owner is None or not w.dead.is_always_zero(owner, names[-1]):
        return None
    return 0


def _truth(w: _Walk, f: _Frame, cond: Node) -> bool | None:
    """Return the value of the condition ``cond``, or None when unknown."""
    while cond.type == "parenthesized_expression" and cond.named_children:
        cond = cond.named_children[0]
    if cond.type in ("true", "false"):
        return cond.type == "true"
    if cond.type == "unary_expression":
        op = cond.child(0)
        operand = cond.child_by_field_name("operand")
        if op is not None and op.type == "!" and operand is not None:
            inner = _truth(w, f, operand)
            return None if inner is None else not inner
        return None
    if cond.type != "binary_expression":
        return None
    left = cond.child_by_field_name("left")
    right = cond.child_by_field_name("right")
    oper = cond.child_by_field_name("operator")
    if left is None or right is None or oper is None:
        return None
    if oper.type in ("&&", "||"):
        a = _truth(w, f, left)
        if a is None:
            return None
        if (oper.type == "&&") != a:
            return a  # false && x, true || x
        return _truth(w, f, right)
    cmp = consts._COMPARE.get(oper.type)
    if cmp is None:
        return None
    a_n, b_n = _eval(w, f, left), _eval(w, f, right)
    if a_n is None or b_n is None:
        return None
    return bool(cmp(a_n, b_n))


# --------------------------------------------------------------------------- uses


def _uses(w: _Walk, f: _Frame, s: Node) -> list[_Use]:
    """Classify every occurrence of the holder variable in the statement ``s``."""
    body = cfgmod.body_of(f.func)
    if body is None:
        return []
    out: list[_Use] = []
    for ident in facts.idents_named(body, f.var):
        if not (s.start_byte <= ident.start_byte < s.end_byte):
            continue
        owner = facts.innermost_function(ident, f.func)
        if owner.id != f.func.id:
            out.append(_Use("capture", ident, owner))
            continue
        out.append(_classify(w, f, ident))
    return out


def _classify(w: _Walk, f: _Frame, ident: Node) -> _Use:
    names: list[str] = []
    node = ident
    while True:
        p = node.parent
        while p is not None and p.type == "parenthesized_expression":
            node, p = p, p.parent
        if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") != node:
            break
        fld = p.child_by_field_name("field")
        if fld is None:
            return _Use("escape", ident, p)
        names.append(parse.text(fld))
        node = p
    parent = node.parent
    call = (
        parent
        if parent is not None
        and parent.type == "call_expression"
        and parent.child_by_field_name("function") == node
        else None
    )
    target = f.path
    if not target:
        if names:
            return _Use("escape", ident, node)
        u = facts.classify(ident)
        kind = "none" if u.op is Op.NONE else "chan"
        return _Use(kind, ident, ident, u.op, u, arg_index=u.arg_index)
    typ = f.typ
    canon: list[str] = []
    for i, name in enumerate(names):
        if _diverges(canon, target):
            return _Use("none", ident, node)
        if typ is None:
            return _Use("escape", ident, node)
        m = w.an.index.member(typ, name)
        if m is None:
            return _Use("escape", ident, node)
        canon.extend(m.via)
        if m.method is not None:
            if _diverges(canon, target):
                return _Use("none", ident, node)
            if i != len(names) - 1 or call is None or len(canon) >= len(target):
                return _Use("escape", ident, node)  # a method value, or one on the channel
            rest = target[len(canon) :]
            return _Use("method", ident, call, callee=m.method, rest=rest, typ=m.owner,
                        arg_index=facts.RECEIVER)  # fmt: skip
        canon.append(name)
        typ = facts.named_type(m.field_type)
    if _diverges(canon, target):
        if call is not None and len(canon) < len(names):
            return _Use("escape", ident, node)
        return _Use("none", ident, node)
    if tuple(canon) == target:
        u = facts.classify(node)
        kind = "none" if u.op is Op.NONE else "chan"
        return _Use(kind, ident, node, u.op, u, arg_index=u.arg_index)
    if len(canon) > len(target):
        return _Use("escape", ident, node)
    # The holder (or the part of it holding the channel) itself: only a call's argument.
    up = node
    while up.parent is not None and up.parent.type == "parenthesized_expression":
        up = up.parent
    args = up.parent
    owner_call = args.parent if args is not None else None
    if args is None or owner_call is None or args.type != "argument_list":
        return _Use("escape", ident, node)
    if owner_call.type != "call_expression":
        return _Use("escape", ident, node)
    fn = owner_call.child_by_field_name("function")
    if fn is not None and fn.type == "identifier" and fn.text in (b"len", b"cap", b"close"):
        return _Use("escape", ident, node)
    vals = [c for c in args.named_children if c.type != "comment"]
    idx = [c.id for c in vals].index(up.id)
    rest = target[len(canon) :]
    return _Use("arg", ident, owner_call, rest=rest, typ=typ, arg_index=idx)


def _diverges(canon: list[str], target: tuple[str, ...]) -> bool:
    n = min(len(canon), len(target))
    return tuple(canon[:n]) != target[:n]


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _declared(func: Node, name: str) -> bool:
    """Tell whether ``func`` declares its own ``name`` (receiver, parameter or local)."""
    if name in facts.param_names(func) or facts.receiver_name(func) == name:
        return True
    body = cfgmod.body_of(func)
    for ident in facts.idents_named(body, name) if body is not None else []:
        p = ident.parent
        if p is None:
            continue
        if p.type in ("var_spec", "const_spec", "parameter_declaration", "type_spec"):
            return True
        if p.type == "expression_list" and p.parent is not None:
            decl = p.parent
            declares = decl.type in ("short_var_declaration", "range_clause")
            if declares and decl.child_by_field_name("left") == p:
                return True
    return False


def _declared_around(ident: Node, name: str) -> bool:
    """Tell whether a function around ``ident`` declares ``name`` (so it is no constant)."""
    func = parse.enclosing_function(ident)
    while func is not None:
        if _declared(func, name):
            return True
        func = parse.enclosing_function(func)
    return False


def _aborts(stmt: Node) -> bool:
    """``panic(...)``, ``os.Exit(...)`` and the like: the goroutine ends here."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    return call.type == "call_expression" and cfgmod.is_abort_call(call)


def _evaluated(op: Node, stmt: Node) -> bool:
    """Tell whether running ``stmt`` always evaluates ``op`` (a receive or a call) in it.

    ``stmt`` must be a plain statement (not go or defer, whose calls run elsewhere or later),
    and ``op`` must not sit in a func literal or behind ``&&`` or ``||``.
    """
    if stmt.type not in _STRAIGHT or stmt.type in ("go_statement", "defer_statement"):
        return False
    for a in parse.ancestors(op):
        if a.id == stmt.id:
            return True
        if a.type in parse.FUNCTION_TYPES:
            return False
        if a.type == "binary_expression":
            oper = a.child_by_field_name("operator")
            if oper is None or oper.type in ("&&", "||"):
                return False
    return False
