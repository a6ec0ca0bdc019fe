"""A goroutine alone with the objects it made: run it, and see it block on its own channel.

    go func() {
        left := &rowChannel{}
        left.init(1)                     // left.data = make(chan struct{}, 1)
        streams := map[int]*stream{0: {recv: left}}
        left.push()                      // the one buffer slot
        f := &flow{streams: streams}
        f.cancel()                       // pushes to every receiver in f.streams: left again
    }()

A goroutine whose body reads nothing from outside (no captured variable, no package
variable, no parameter), starts no goroutine, and calls only functions and methods of its
own package (no closures, no function values, no other package but a few calls known to
touch nothing) is the only holder of every object it makes: nobody else can ever receive
from its channels. Such a goroutine is deterministic but for the order of ``range`` over a
map, so it can be run: every value is known (integers, strings, structs, maps, slices,
channels with their buffers, mutexes), every call is inlined, every interface call goes to
the method of the dynamic type the value carries. A send on a channel whose buffer is full
blocks it forever: the receiver it needs could only be the goroutine itself.

A map range tries every order of the map's entries (a few entries only), by running the
goroutine again with each choice; the verdict needs every run to block at the same send.
Anything the run does not model (a receive, a select, a defer, a closure, a call of
another package, a package variable, a panic, a step budget spent) ends it without one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import facts
from gostuck.analysis.flow.facts import Analyzer, Channel, Goroutine, Op
from gostuck.analysis.partner.overfill import Overfill
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

MAX_STEPS: Final = 4096  # statements and calls one run may take
MAX_DEPTH: Final = 8  # nested calls
MAX_RUNS: Final = 24  # runs over the orders of map ranges
MAX_PERMUTED: Final = 4  # entries of a map whose every order is tried
_INT_TYPES: Final = frozenset({"int", "int64"})  # 64 bits: past them, the run gives up
# Narrower or unsigned integers wrap where the run's integers would not.
_WRAPPING: Final = frozenset(
    {"int8", "int16", "int32", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"}
    | {"byte", "rune"}
)
# Calls of other packages that touch none of the goroutine's objects and always return.
_HARMLESS: Final = frozenset({"runtime.Gosched"})
_LIMIT: Final = 1 << 63


class _Stop(Exception):
    """The run meets something it does not model: no verdict."""


@dataclass(eq=False, slots=True)
class _Struct:
    typ: str
    fields: dict[str, object] = field(default_factory=dict)


@dataclass(eq=False, slots=True)
class _Chan:
    capacity: int
    make: Node
    path: str
    count: int = 0


@dataclass(eq=False, slots=True)
class _Map:
    value_type: Node
    entries: dict[object, object] = field(default_factory=dict)
    version: int = 0


@dataclass(eq=False, slots=True)
class _Slice:
    items: tuple[object, ...] = ()


@dataclass(eq=False, slots=True)
class _Mutex:
    locked: bool = False


_EMPTY: Final = object()  # ``struct{}{}``


class _Blocked(Exception):
    """The goroutine blocks forever sending on ``chan`` at ``node``."""

    def __init__(self, node: Node, path: str, chan: _Chan, label: str) -> None:
        super().__init__(label)
        self.node = node
        self.path = path
        self.chan = chan
        self.label = label


class _Flow(Exception):
    """A return, break or continue leaving the statements being run."""

    def __init__(self, kind: str, values: tuple[object, ...] = ()) -> None:
        super().__init__(kind)
        self.kind = kind
        self.values = values


@dataclass(slots=True)
class _Frame:
    path: str
    scopes: list[dict[str, object]]
    depth: int


class _Run:
    """One run of the goroutine, taking the map orders ``choices`` names."""

    def __init__(self, an: Analyzer, choices: list[int]) -> None:
        self.an = an
        self.choices = choices
        self.arities: list[int] = []  # the choices this run met, and how many each had
        self.steps = 0

    # ------------------------------------------------------------------ statements

    def block(self, f: _Frame, stmts: list[Node]) -> None:
        f.scopes.append({})
        try:
            for s in stmts:
                self.stmt(f, s)
        finally:
            f.scopes.pop()

    def stmt(self, f: _Frame, s: Node) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS or s.has_error:
            raise _Stop
        t = s.type
        if t == "expression_statement":
            e = s.named_children[0] if s.named_children else None
            if e is None or e.type != "call_expression":
                raise _Stop
            self.call(f, e)
        elif t == "short_var_declaration":
            self.assign(f, s, declare=True)
        elif t == "assignment_statement":
            self.assign(f, s, declare=False)
        elif t in ("inc_statement", "dec_statement"):
            target = s.named_children[0]
            self.store(f, target, _binary("+", self.load(f, target), 1 if t[0] == "i" else -1))
        elif t == "var_declaration":
            self.var(f, s)
        elif t == "send_statement":
            self.send(f, s)
        elif t == "block":
            self.block(f, cfgmod.statements(s))
        elif t == "if_statement":
            self.if_(f, s)
        elif t == "for_statement":
            self.for_(f, s)
        elif t == "return_statement":
            vals = s.named_children[0].named_children if s.named_children else []
            raise _Flow("return", tuple(self.expr(f, v) for v in vals))
        elif t in ("break_statement", "continue_statement") and not s.named_children:
            raise _Flow(t.split("_")[0])
        elif t != "empty_statement":
            raise _Stop  # go, defer, select, switch, labels, goto, receive ...

    def var(self, f: _Frame, s: Node) -> None:
        for spec in s.named_children:
            if spec.type != "var_spec":
                raise _Stop
            names = list(spec.children_by_field_name("name"))
            typ = spec.child_by_field_name("type")
            value = spec.child_by_field_name("value")
            if typ is not None and parse.text(typ) in _WRAPPING:
                raise _Stop
            if value is not None:
                vals = [self.expr(f, v) for v in value.named_children]
            elif typ is not None:
                vals = [self.zero(typ) for _ in names]
            else:
                raise _Stop
            if len(vals) != len(names):
                raise _Stop
            for n, v in zip(names, vals, strict=True):
                f.scopes[-1][parse.text(n)] = v

    def assign(self, f: _Frame, s: Node, *, declare: bool) -> None:
        left = s.child_by_field_name("left")
        right = s.child_by_field_name("right")
        op = s.child(1)
        if left is None or right is None or op is None:
            raise _Stop
        targets = left.named_children
        exprs = right.named_children
        if op.type not in ("=", ":=") or (declare and op.type != ":="):
            if len(targets) != 1 or len(exprs) != 1 or op.type[-1:] != "=":
                raise _Stop
            value = _binary(op.type[:-1], self.load(f, targets[0]), self.expr(f, exprs[0]))
            self.store(f, targets[0], value)
            return
        if len(exprs) == 1 and len(targets) == 2 and exprs[0].type == "index_expression":
            vals = list(self.lookup(f, exprs[0]))  # v, ok := m[k]
        elif len(exprs) == 1 and len(targets) > 1:
            got = self.expr(f, exprs[0], multi=True)
            vals = list(got) if isinstance(got, tuple) else []
        else:
            vals = [self.expr(f, e) for e in exprs]
        if len(vals) != len(targets):
            raise _Stop
        for t, v in zip(targets, vals, strict=True):
            if declare:
                if t.type != "identifier":
                    raise _Stop
                name = parse.text(t)
                if name != "_":
                    f.scopes[-1][name] = v  # no closures: a new variable or the same one
            else:
                self.store(f, t, v)

    def send(self, f: _Frame, s: Node) -> None:
        chan_expr = s.child_by_field_name("channel")
        value = s.child_by_field_name("value")
        if chan_expr is None or value is None:
            raise _Stop
        ch = self.expr(f, chan_expr)
        self.expr(f, value)
        if not isinstance(ch, _Chan):
            raise _Stop  # nil channels are another question
        if ch.count >= ch.capacity:
            raise _Blocked(s, f.path, ch, parse.text(chan_expr))
        ch.count += 1

    def if_(self, f: _Frame, s: Node) -> None:
        f.scopes.append({})
        try:
            init = s.child_by_field_name("initializer")
            if init is not None:
                self.stmt(f, init)
            cond = s.child_by_field_name("condition")
            took = self.expr(f, cond) if cond is not None else None
            if not isinstance(took, bool):
                raise _Stop
            branch = s.child_by_field_name("consequence" if took else "alternative")
            if branch is not None:
                self.stmt(f, branch)
        finally:
            f.scopes.pop()

    def for_(self, f: _Frame, s: Node) -> None:
        body = s.child_by_field_name("body")
        head = next((c for c in s.named_children if c.id != (body.id if body else -1)), None)
        if body is None:
            raise _Stop
        f.scopes.append({})
        try:
            if head is not None and head.type == "range_clause":
                self.range_(f, head, body)
                return
            init = cond = update = None
            if head is not None and head.type == "for_clause":
                init = head.child_by_field_name("initializer")
                cond = head.child_by_field_name("condition")
                update = head.child_by_field_name("update")
            elif head is not None:
                cond = head
            if init is not None:
                self.stmt(f, init)
            while True:
                go_on = self.expr(f, cond) if cond is not None else True
                if not isinstance(go_on, bool):
                    raise _Stop
                if not go_on or self.body(f, body, {}) == "break":
                    return
                if update is not None:
                    self.stmt(f, update)
        finally:
            f.scopes.pop()

    def range_(self, f: _Frame, head: Node, body: Node) -> None:
        left = head.child_by_field_name("left")
        right = head.child_by_field_name("right")
        if right is None:
            raise _Stop
        names = [parse.text(n) for n in left.named_children] if left is not None else []
        if any(n.type != "identifier" for n in (left.named_children if left else [])):
            raise _Stop
        tok = head.child(1)
        if left is not None and (tok is None or tok.type != ":="):
            raise _Stop  # ``for k = range``: assigns outer variables
        coll = self.expr(f, right)
        if isinstance(coll, _Slice):
            pairs: list[tuple[object, object]] = list(enumerate(coll.items))
        elif isinstance(coll, _Map):
            pairs = self.order(list(coll.entries.items()))
        elif coll is None:
            pairs = []  # a nil map or slice: no iteration
        else:
            raise _Stop
        version = coll.version if isinstance(coll, _Map) else 0
        for k, v in pairs:
            if isinstance(coll, _Map) and coll.version != version:
                raise _Stop  # the loop changes the map it ranges over
            bound = dict(zip(names, (k, v), strict=False))
            bound.pop("_", None)
            if self.body(f, body, bound) == "break":
                return

    def order(self, items: list[tuple[object, object]]) -> list[tuple[object, object]]:
        """Return the entries in the order the run's next choice names (Go randomises it)."""
        if len(items) < 2:
            return items
        if len(items) > MAX_PERMUTED:
            raise _Stop
        at = len(self.arities)
        n = math.factorial(len(items))
        self.arities.append(n)
        pick = self.choices[at] if at < len(self.choices) else 0
        perm = next(itertools.islice(itertools.permutations(items), pick, None))
        return list(perm)

    def body(self, f: _Frame, body: Node, bound: dict[str, object]) -> str:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _Stop
        f.scopes.append(dict(bound))
        try:
            for s in cfgmod.statements(body):
                self.stmt(f, s)
        except _Flow as e:
            if e.kind in ("break", "continue"):
                return e.kind
            raise
        finally:
            f.scopes.pop()
        return "done"

    # ------------------------------------------------------------------ places

    def load(self, f: _Frame, target: Node) -> object:
        return self.expr(f, target)

    def store(self, f: _Frame, target: Node, value: object) -> None:
        if target.type == "identifier":
            name = parse.text(target)
            if name == "_":
                return
            for scope in reversed(f.scopes):
                if name in scope:
                    scope[name] = value
                    return
            raise _Stop  # a package variable or a captured one
        if target.type == "selector_expression":
            obj, name = self.member(f, target)
            fields = self.an.index.struct_fields(obj.typ) or {}
            if name in fields and parse.text(fields[name]) in _WRAPPING:
                raise _Stop
            obj.fields[name] = value
            return
        if target.type == "index_expression":
            coll = self.expr(f, _field(target, "operand"))
            key = self.expr(f, _field(target, "index"))
            if not isinstance(coll, _Map) or not _hashable(key):
                raise _Stop  # slice elements may share a backing array: not modelled
            coll.entries[key] = value
            coll.version += 1
            return
        raise _Stop

    def member(self, f: _Frame, sel: Node) -> tuple[_Struct, str]:
        """Return the struct holding the field ``sel`` names (through embedded fields)."""
        obj = self.expr(f, _field(sel, "operand"))
        name = parse.text(_field(sel, "field"))
        if not isinstance(obj, _Struct):
            raise _Stop
        m = self.an.index.member(obj.typ, name)
        if m is None or m.field_type is None:
            raise _Stop
        for emb in m.via:
            inner = self.read_field(obj, emb)
            if not isinstance(inner, _Struct):
                raise _Stop
            obj = inner
        return obj, name

    def read_field(self, obj: _Struct, name: str) -> object:
        if name in obj.fields:
            return obj.fields[name]
        fields = self.an.index.struct_fields(obj.typ)
        if fields is None or name not in fields:
            raise _Stop
        v = self.zero(fields[name])
        obj.fields[name] = v
        return v

    def lookup(self, f: _Frame, ix: Node) -> tuple[object, bool]:
        coll = self.expr(f, _field(ix, "operand"))
        key = self.expr(f, _field(ix, "index"))
        if not _hashable(key):
            raise _Stop
        if isinstance(coll, _Map):
            if key in coll.entries:
                return coll.entries[key], True
            return self.zero(coll.value_type), False
        if coll is None:
            raise _Stop  # a nil map reads as zero values: rare enough to leave
        raise _Stop

    # ------------------------------------------------------------------ expressions

    def expr(self, f: _Frame, e: Node, *, multi: bool = False) -> object:
        t = e.type
        if t == "parenthesized_expression" and e.named_children:
            return self.expr(f, e.named_children[0])
        if t == "identifier":
            name = parse.text(e)
            for scope in reversed(f.scopes):
                if name in scope:
                    return scope[name]
            if name in ("true", "false"):
                return name == "true"
            if name == "nil":
                return None
            raise _Stop
        if t == "true":
            return True
        if t == "false":
            return False
        if t == "nil":
            return None
        if t == "int_literal":
            try:
                return _int(int(parse.text(e).replace("_", ""), 0))
            except ValueError:
                raise _Stop from None
        if t == "interpreted_string_literal" and not any(
            c.type == "escape_sequence" for c in e.named_children
        ):
            return parse.text(e)[1:-1]
        if t == "selector_expression":
            obj, name = self.member(f, e)
            return self.read_field(obj, name)
        if t == "index_expression":
            coll = self.expr(f, _field(e, "operand"))
            if isinstance(coll, _Slice):
                i = self.expr(f, _field(e, "index"))
                if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(coll.items):
                    raise _Stop
                return coll.items[i]
            return self.lookup(f, e)[0]
        if t == "unary_expression":
            return self.unary(f, e)
        if t == "binary_expression":
            op = e.child(1)
            if op is None:
                raise _Stop
            a = self.expr(f, _field(e, "left"))
            if op.type in ("&&", "||"):
                if not isinstance(a, bool):
                    raise _Stop
                if a is (op.type == "||"):
                    return a
                b = self.expr(f, _field(e, "right"))
                if not isinstance(b, bool):
                    raise _Stop
                return b
            return _binary(op.type, a, self.expr(f, _field(e, "right")))
        if t == "composite_literal":
            return self.literal(f, e)
        if t == "call_expression":
            got = self.call(f, e)
            if isinstance(got, tuple) and not multi:
                if len(got) != 1:
                    raise _Stop
                return got[0]
            return got
        raise _Stop

    def unary(self, f: _Frame, e: Node) -> object:
        op = e.child(0)
        operand = _field(e, "operand")
        if op is None:
            raise _Stop
        if op.type == "&" and operand.type == "composite_literal":
            typ = operand.child_by_field_name("type")
            return self.struct(f, typ, operand.child_by_field_name("body"))
        v = self.expr(f, operand)
        if op.type == "!" and isinstance(v, bool):
            return not v
        if op.type == "-" and isinstance(v, int) and not isinstance(v, bool):
            return _int(-v)
        raise _Stop

    def struct(self, f: _Frame, typ: Node | None, body: Node | None) -> object:
        """Make a struct for ``&T{...}`` (or an element ``{...}`` of type ``*T``)."""
        if typ is not None and typ.type == "qualified_type":
            if parse.text(typ) == "sync.Mutex" and (body is None or not body.named_children):
                return _Mutex()
            raise _Stop
        if typ is None or typ.type != "type_identifier":
            raise _Stop
        name = parse.text(typ)
        fields = self.an.index.struct_fields(name)
        if fields is None:
            raise _Stop
        obj = _Struct(name)
        for el in body.named_children if body is not None else []:
            if el.type == "comment":
                continue
            key = el.child_by_field_name("key") if el.type == "keyed_element" else None
            value = el.child_by_field_name("value") if key is not None else None
            kname = parse.text(key).strip() if key is not None else ""
            if value is None or kname not in fields:
                raise _Stop
            obj.fields[kname] = self.element(f, fields[kname], value)
        return obj

    def element(self, f: _Frame, typ: Node, el: Node) -> object:
        """Evaluate a literal element of type ``typ`` (``{...}`` elided as Go allows)."""
        if parse.text(typ) in _WRAPPING:
            raise _Stop
        inner = el.named_children[0] if el.type == "literal_element" and el.named_children else el
        if inner.type == "literal_value":
            if typ.type != "pointer_type" or not typ.named_children:
                raise _Stop  # a struct value, not a pointer: copies not modelled
            return self.struct(f, typ.named_children[0], inner)
        return self.expr(f, inner)

    def literal(self, f: _Frame, e: Node) -> object:
        typ = e.child_by_field_name("type")
        body = e.child_by_field_name("body")
        items = [c for c in body.named_children if c.type != "comment"] if body else []
        if typ is None:
            raise _Stop
        if typ.type == "struct_type" and not items:
            return _EMPTY
        if typ.type == "map_type":
            m = _Map(_field(typ, "value"))
            for el in items:
                key = el.child_by_field_name("key") if el.type == "keyed_element" else None
                value = el.child_by_field_name("value") if key is not None else None
                if key is None or value is None:
                    raise _Stop
                k = self.element(f, _field(typ, "key"), key)
                if not _hashable(k) or k in m.entries:
                    raise _Stop
                m.entries[k] = self.element(f, m.value_type, value)
            return m
        if typ.type == "slice_type":
            elem = _field(typ, "element")
            if any(el.type == "keyed_element" for el in items):
                raise _Stop
            return _Slice(tuple(self.element(f, elem, el) for el in items))
        raise _Stop  # a struct value: copies not modelled

    def zero(self, typ: Node) -> object:
        t = typ.type
        if t in ("pointer_type", "map_type", "slice_type", "channel_type", "function_type"):
            return None
        if t == "interface_type":
            return None
        if t == "qualified_type" and parse.text(typ) == "sync.Mutex":
            return _Mutex()
        if t == "type_identifier":
            name = parse.text(typ)
            if name in _INT_TYPES:
                return 0
            if name == "string":
                return ""
            if name == "bool":
                return False
            if self.an.index.is_interface(name):
                return None
        raise _Stop

    # ------------------------------------------------------------------ calls

    def call(self, f: _Frame, e: Node) -> object:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _Stop
        fn = _field(e, "function")
        args_node = e.child_by_field_name("arguments")
        args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
        if args_node is not None and any(c.type == "..." for c in args_node.children):
            raise _Stop
        if fn.type == "identifier" and not self.bound(f, parse.text(fn)):
            name = parse.text(fn)
            if name in ("make", "append", "len", "new"):
                return self.builtin(f, e, name, args)
            ref = self.an.index.function(name)
            if ref is None or name in parse.GO_BUILTIN_FUNCS:
                raise _Stop
            return self.invoke(f, ref.node, ref.path, None, [self.expr(f, a) for a in args])
        if fn.type != "selector_expression":
            raise _Stop
        operand = _field(fn, "operand")
        name = parse.text(_field(fn, "field"))
        if operand.type == "identifier" and not self.bound(f, parse.text(operand)):
            if f"{parse.text(operand)}.{name}" in _HARMLESS and not args:
                return ()
            raise _Stop  # another package's function, or a package variable
        recv = self.expr(f, operand)
        vals = [self.expr(f, a) for a in args]
        if isinstance(recv, _Mutex):
            return self.lock(recv, name, vals)
        if not isinstance(recv, _Struct):
            raise _Stop
        m = self.an.index.member(recv.typ, name)
        if m is None:
            return self.promoted_lock(recv, name, vals)
        if m.method is None:
            raise _Stop  # a func field
        obj = recv
        for emb in m.via:
            inner = self.read_field(obj, emb)
            if not isinstance(inner, _Struct):
                raise _Stop
            obj = inner
        return self.invoke(f, m.method.node, m.method.path, obj, vals)

    def bound(self, f: _Frame, name: str) -> bool:
        return any(name in scope for scope in f.scopes)

    def lock(self, mu: _Mutex, name: str, vals: list[object]) -> tuple[object, ...]:
        if vals or name not in ("Lock", "Unlock"):
            raise _Stop
        if mu.locked is (name == "Lock"):
            raise _Stop  # a self-deadlock or an unlock of an unlocked mutex: not ours
        mu.locked = name == "Lock"
        return ()

    def promoted_lock(self, obj: _Struct, name: str, vals: list[object]) -> tuple[object, ...]:
        """``x.Lock()`` promoted from the one embedded ``sync.Mutex`` of ``x``'s type."""
        embedded = self.an.index.embedded_fields(obj.typ)
        fields = self.an.index.struct_fields(obj.typ) or {}
        if len(embedded) != 1 or parse.text(fields[embedded[0]]) != "sync.Mutex":
            raise _Stop
        if self.an.index.method(name, obj.typ) is not None:
            raise _Stop
        mu = self.read_field(obj, embedded[0])
        if not isinstance(mu, _Mutex):
            raise _Stop
        return self.lock(mu, name, vals)

    def builtin(self, f: _Frame, call: Node, name: str, args: list[Node]) -> object:
        if name == "len" and len(args) == 1:
            v = self.expr(f, args[0])
            if isinstance(v, _Slice):
                return len(v.items)
            if isinstance(v, _Map):
                return len(v.entries)
            raise _Stop
        if name == "append" and args:
            base = self.expr(f, args[0])
            more = tuple(self.expr(f, a) for a in args[1:])
            if base is None:
                return _Slice(more)
            if not isinstance(base, _Slice):
                raise _Stop
            return _Slice(base.items + more)
        if name == "new" and len(args) == 1:
            return self.struct(f, args[0], None)
        if name != "make" or not args:
            raise _Stop
        typ = args[0]
        sizes = [self.expr(f, a) for a in args[1:]]
        if any(not isinstance(s, int) or isinstance(s, bool) or s < 0 for s in sizes):
            raise _Stop
        if typ.type == "channel_type" and len(sizes) <= 1:
            cap = sizes[0] if sizes else 0
            assert isinstance(cap, int)
            return _Chan(cap, call, f.path)
        if typ.type == "map_type" and len(sizes) <= 1:
            return _Map(_field(typ, "value"))
        if typ.type == "slice_type" and sizes and sizes[0] == 0:
            return _Slice()
        raise _Stop

    def invoke(
        self, f: _Frame, func: Node, path: str, recv: _Struct | None, vals: list[object]
    ) -> tuple[object, ...]:
        if f.depth >= MAX_DEPTH or func.has_error or func.type == "func_literal":
            raise _Stop
        if func.child_by_field_name("type_parameters") is not None:
            raise _Stop
        scope: dict[str, object] = {}
        if recv is not None:
            rname = facts.receiver_name(func)
            rparam = func.child_by_field_name("receiver")
            rtyp = (
                next((p.child_by_field_name("type") for p in rparam.named_children), None)
                if rparam is not None
                else None
            )
            if rtyp is None:
                raise _Stop
            if rtyp.type != "pointer_type":
                # A value receiver is a copy; the run keeps it one only while the method
                # names it just to reach its fields and methods.
                if rname and not _only_selected(func, rname):
                    raise _Stop
                recv = _Struct(recv.typ, dict(recv.fields))
            if rname:
                scope[rname] = recv
        params = func.child_by_field_name("parameters")
        if params is not None and any(
            p.type == "variadic_parameter_declaration" for p in params.named_children
        ):
            raise _Stop
        names = facts.param_names(func)
        if len(names) != len(vals) or any(
            (pt := p.child_by_field_name("type")) is not None and parse.text(pt) in _WRAPPING
            for p in (params.named_children if params is not None else [])
        ):
            raise _Stop
        for n, v in zip(names, vals, strict=True):
            if n:
                scope[n] = v
        result = func.child_by_field_name("result")
        if (
            result is not None
            and result.type == "parameter_list"
            and any(p.child_by_field_name("name") is not None for p in result.named_children)
        ):
            raise _Stop  # named results: bare returns not modelled
        body = cfgmod.body_of(func)
        if body is None:
            raise _Stop
        sub = _Frame(path, [scope], f.depth + 1)
        try:
            for s in cfgmod.statements(body):
                self.stmt(sub, s)
        except _Flow as e:
            if e.kind != "return":
                raise _Stop from None
            if len(e.values) == 1 and isinstance(e.values[0], tuple):
                return e.values[0]
            return e.values
        if result is not None:
            raise _Stop  # fell off the end of a function with results: a panic path
        return ()


def _only_selected(func: Node, name: str) -> bool:
    """Tell whether every use of ``name`` in ``func``'s body is ``name.x``."""
    body = cfgmod.body_of(func)
    for n in parse.iter_descendants(body) if body is not None else []:
        if n.type == "identifier" and n.text == name.encode():
            up = n.parent
            if up is None or up.type != "selector_expression":
                return False
            operand = up.child_by_field_name("operand")
            if operand is None or operand.id != n.id:
                return False
    return True


def _field(n: Node, name: str) -> Node:
    c = n.child_by_field_name(name)
    if c is None:
        raise _Stop
    return c


def _hashable(v: object) -> bool:
    return isinstance(v, (int, str, bool, _Struct, _Chan)) or v is None


def _int(v: object) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or not -_LIMIT <= v < _LIMIT:
        raise _Stop
    return v


def _binary(op: str, a: object, b: object) -> object:
    if op in ("==", "!="):
        if isinstance(a, (int, str, bool)) and type(a) is type(b):
            same = a == b
        elif not isinstance(a, (int, str)) and not isinstance(b, (int, str)):
            same = a is b  # pointers, channels, nil
        else:
            raise _Stop
        return same if op == "==" else not same
    if isinstance(a, str) and isinstance(b, str) and op in ("<", "<=", ">", ">=", "+"):
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "+": a + b}[op]
    if not isinstance(a, int) or not isinstance(b, int):
        raise _Stop
    if isinstance(a, bool) or isinstance(b, bool):
        raise _Stop
    if op in ("<", "<=", ">", ">="):
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    if op in ("/", "%"):
        if b == 0:
            raise _Stop
        q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)  # Go truncates
        return _int(q if op == "/" else a - q * b)
    if op in ("+", "-", "*"):
        return _int(a + b if op == "+" else a - b if op == "-" else a * b)
    raise _Stop


def _once(an: Analyzer, body: Node, path: str, choices: list[int]) -> tuple[_Run, _Blocked | None]:
    run = _Run(an, choices)
    frame = _Frame(path, [{}], 0)
    try:
        run.block(frame, cfgmod.statements(cfgmod.body_of(body)))
    except _Blocked as b:
        return run, b
    except (_Stop, _Flow, RecursionError):
        pass
    return run, None


def _next_choices(choices: list[int], arities: list[int]) -> list[int] | None:
    """Return the next sequence of map orders to try after ``choices`` (an odometer)."""
    seq = [choices[i] if i < len(choices) else 0 for i in range(len(arities))]
    for i in reversed(range(len(seq))):
        if seq[i] + 1 < arities[i]:
            return [*seq[:i], seq[i] + 1]
    return None


def find_alone_blocks(an: Analyzer, go: Goroutine) -> Iterator[Overfill]:
    """Yield where ``go``, alone with what it made, blocks on every run: a full channel."""
    body = go.body
    if body is None or body.type != "func_literal" or go.args or go.via is not None:
        return
    params = body.child_by_field_name("parameters")
    if body.has_error or (params is not None and params.named_children):
        return
    if cfgmod.body_of(body) is None:
        return
    choices: list[int] | None = []
    first: _Blocked | None = None
    runs = 0
    while choices is not None:
        runs += 1
        if runs > MAX_RUNS:
            return
        run, blocked = _once(an, body, go.path, choices)
        if blocked is None or (first is not None and blocked.node.id != first.node.id):
            return
        first = first or blocked
        choices = _next_choices(choices, run.arities)
    if first is None:
        return
    ch = first.chan
    decl = ch.make.parent if ch.make.parent is not None else ch.make
    channel = Channel(first.label, ch.make, decl, ch.capacity, make_path=ch.path)
    yield Overfill(go, channel, Op.SEND, first.node, first.path, ch.capacity, True)
