"""Channel fields a struct literal leaves nil, followed to the goroutine that uses them.

    type Service struct{ audit chan event }              // only literals set audit
    console := &Service{store: s}                        // this one leaves it out
    console.Update(...)                                  // go func() { s.audit <- ev }()

A channel field is nil in every value whose literal leaves it out when the package sees every
write to it and none of them is an assignment: the field is unexported (no other package can
name it in a literal or assign it) or the package is ``main``; no ``x.f = ...`` or ``&x.f``
anywhere in the package; and no ``x.f == nil`` either (code that tests for nil expects it).
A literal of the struct from another package of the module can never set an unexported field,
so it leaves every such field nil.

Each value made by such a literal (or ``new(T)``, or ``var x T``) is followed where it goes,
as an object named by where it was made: into locals, the results its function returns to its
callers, parameters of the package functions it is passed to, methods called on it (their
receiver), a field of another struct (every selector of that field in the package, when no
other struct of the package has a field of that name) and a channel (every receive from that
field or local). When the value reaches a plain send, receive or ``range`` on its nil field
(not a select case, where a nil channel only disables the case) in a goroutine, that
goroutine blocks forever: the finding sits on its ``go`` statement.

Fields and channels are matched by name, so a namesake on another struct of the package
silences the answer; a value stored into a map, a slice or an interface of another package is
not followed (silence).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from tree_sitter import Node

from gostuck.analysis.flow import facts, funcvals, module
from gostuck.analysis.flow.facts import Op
from gostuck.analysis.flow.index import PackageIndex, cached_tree, package_name, struct_types
from gostuck.syntax import parse

if TYPE_CHECKING:
    from collections.abc import Mapping

# How many (function, local) places one value is followed to: a bound on the work only.
MAX_STATES: Final = 400
_MEMO_KEY: Final = ("nilfields",)


@dataclass(frozen=True, slots=True)
class NilOp:
    """A goroutine that reaches an operation on a channel field its value leaves nil."""

    go: Node  # the go statement starting the goroutine
    go_path: str
    op: Node  # the send, receive or range on the field
    op_path: str
    type_name: str
    field: str
    made: Node  # the literal, ``new(T)`` or ``var`` that made the value
    made_path: str
    outside: bool  # ``made`` is in another package (which cannot set the field)


@dataclass(frozen=True, slots=True)
class _Field:
    type_name: str
    name: str


@dataclass(frozen=True, slots=True)
class _State:
    func: Node
    name: str
    index: PackageIndex
    go: Node | None


def nil_ops(index: PackageIndex) -> list[NilOp]:
    """Return the package's goroutines stuck on a channel field a literal leaves nil (cached)."""
    got = index.memo.get(_MEMO_KEY)
    if got is None:
        got = _nil_ops(index)
        index.memo[_MEMO_KEY] = got
    return got  # type: ignore[return-value]


def _nil_ops(index: PackageIndex) -> list[NilOp]:
    if index.path.endswith("_test.go"):
        return []
    # Only files that mention ``chan`` can declare a channel field: the others need no
    # parse for that question (a big package's trees do not all fit the tree cache).
    sources = _package_sources(index)
    is_main = package_name(index.source) == "main"
    fields = _nilable_fields(sources, is_main)
    if not fields:
        return []
    files = index.files(tests=False)
    out: list[NilOp] = []
    seen: set[tuple[int, int]] = set()
    for made, path, typ, outside, state in _sources(index, files, fields, is_main):
        flow = _Flow(index, fields, typ)
        for go, op in flow.run(state, made):
            key = (go.id, op.id)
            if key in seen:
                continue
            seen.add(key)
            fld = op_field(op)
            out.append(
                NilOp(
                    go=go,
                    go_path=_path(go, index),
                    op=op,
                    op_path=_path(op, index),
                    type_name=typ,
                    field=fld,
                    made=made,
                    made_path=path,
                    outside=outside,
                )
            )
    return out


def _path(node: Node, index: PackageIndex) -> str:
    return funcvals.path_of(node, index)


def _struct_types(files: list[tuple[str, Node]]) -> Iterator[tuple[str, Node]]:
    for _, root in files:
        yield from struct_types(root)


def _field_decls(struct: Node) -> Iterator[tuple[str, Node, Node | None]]:
    for decl in parse.iter_descendants(struct):
        if decl.type != "field_declaration" or decl.parent is None:
            continue
        if decl.parent.parent is None or decl.parent.parent.id != struct.id:
            continue  # a field of a nested struct type
        typ = decl.child_by_field_name("type")
        for n in decl.children_by_field_name("name"):
            yield parse.text(n), decl, typ


def _package_sources(index: PackageIndex) -> list[tuple[str, bytes]]:
    """(path, source) of this file and its non-test siblings of the same package."""
    name = package_name(index.source)
    out = [(index.path, index.source)]
    for p, src in index.package.items():
        if p != index.path and not p.endswith("_test.go") and package_name(src) == name:
            out.append((p, src))
    return out


def _nilable_fields(sources: list[tuple[str, bytes]], is_main: bool) -> dict[str, _Field]:
    """Channel fields only literals set, keyed ``"T.f"``.

    Writes are found by the field's name whatever the operand's type: a namesake's
    assignment or nil test only makes the answer "no". A file is parsed only when its text
    can hold what is looked for (``chan`` for a declaration, ``.f`` for a use).
    """
    fields: dict[str, _Field] = {}
    declaring = [(p, cached_tree(src).root_node) for p, src in sources if b"chan" in src]
    for tname, struct in _struct_types(declaring):
        if b"chan" not in (struct.text or b""):
            continue  # no channel field here (a named channel type is not followed)
        for fname, _, typ in _field_decls(struct):
            if (
                typ is not None
                and typ.type == "channel_type"
                and (is_main or not fname[:1].isupper())
            ):
                fields[f"{tname}.{fname}"] = _Field(tname, fname)
    if not fields:
        return fields
    names = {f.name for f in fields.values()}
    written: set[str] = set()
    for _, src in sources:
        for name in names - written:
            if b"." + name.encode() not in src:
                continue
            root = cached_tree(src).root_node
            for ident in parse.nodes_named(root, name.encode(), ("field_identifier",), src):
                sel = ident.parent
                if (
                    sel is not None
                    and sel.type == "selector_expression"
                    and sel.child_by_field_name("field") == ident
                    and _written_or_tested(sel)
                ):
                    written.add(name)
                    break
    return {k: f for k, f in fields.items() if f.name not in written}


def _written_or_tested(sel: Node) -> bool:
    """Tell whether ``x.f`` is assigned, has its address taken or is compared with nil."""
    n = sel
    while n.parent is not None and n.parent.type == "parenthesized_expression":
        n = n.parent
    p = n.parent
    if p is None:
        return True
    if _unary(p) == "&":
        return True
    if p.type == "binary_expression":
        return any(c.type == "nil" for c in p.named_children)
    if p.type == "expression_list" and p.parent is not None:
        st = p.parent
        if st.type in ("assignment_statement", "short_var_declaration"):
            return st.child_by_field_name("left") == p
    return p.type in ("inc_statement", "dec_statement")


def _type_name_of(lit: Node) -> tuple[str | None, str | None]:
    """(package qualifier or None, type name) of a composite literal's type."""
    t = lit.child_by_field_name("type")
    if t is not None and t.type == "generic_type":
        t = t.child_by_field_name("type")
    if t is None:
        return None, None
    if t.type == "type_identifier":
        return None, parse.text(t)
    if t.type == "qualified_type":
        pkg = t.child_by_field_name("package")
        name = t.child_by_field_name("name")
        if pkg is not None and name is not None:
            return parse.text(pkg), parse.text(name)
    return None, None


def _left_out(lit: Node, fields: Mapping[str, _Field], typ: str, outside: bool) -> bool:
    """Tell whether the literal leaves at least one of ``typ``'s nil-able fields nil."""
    wanted = {x.name for x in fields.values() if x.type_name == typ}
    if not wanted:
        return False
    if outside:
        return True  # another package can set no unexported field
    if parse.has_positional_elements(lit):
        return False
    set_ = {parse.text(k) for k, v in parse.keyed_elements(lit) if v.type != "nil"}
    return bool(wanted - set_)


def _sources(
    index: PackageIndex, files: list[tuple[str, Node]], fields: Mapping[str, _Field], is_main: bool
) -> Iterator[tuple[Node, str, str, bool, _State | Node]]:
    """Yield each value made with a nil-able field left nil: (where, file, type, outside, start).

    ``start`` is the literal expression itself, or, for ``var x T``, the state of ``x``.
    """
    types = {f.type_name for f in fields.values()}
    for path, root in files:
        text = root.text or b""
        found: list[Node] = []
        for t in types:
            if t.encode() in text:
                found.extend(parse.nodes_named(root, t.encode(), ("type_identifier",), text))
        # Where each mention of the type sits: a literal's type, new's argument, a var's type.
        for ident in sorted(found, key=lambda n: n.start_byte):
            t = parse.text(ident)
            p = ident.parent
            if p is not None and p.type == "generic_type":
                p = p.parent
            if p is None:
                continue
            if p.type == "composite_literal" and p.child_by_field_name("type") in (
                ident,
                ident.parent,
            ):
                if _left_out(p, fields, t, False):
                    yield p, path, t, False, p
            elif p.type == "argument_list" and p.parent is not None:
                call = p.parent
                fn = call.child_by_field_name("function")
                if fn is not None and fn.text == b"new" and len(p.named_children) == 1:
                    yield call, path, t, False, call
            elif p.type == "var_spec" and p.child_by_field_name("type") == ident:
                if p.child_by_field_name("value") is not None:
                    continue
                func = parse.enclosing_function(p)
                if func is None:
                    continue
                for name in p.children_by_field_name("name"):
                    yield p, path, t, False, _State(func, parse.text(name), index, None)
    if is_main:
        return
    yield from _outside_sources(index, fields)


def _outside_sources(
    index: PackageIndex, fields: Mapping[str, _Field]
) -> Iterator[tuple[Node, str, str, bool, _State | Node]]:
    """Literals of the package's exported types in the module's other packages."""
    exported = {f.type_name for f in fields.values() if f.type_name[:1].isupper()}
    if not exported:
        return
    mod = module.module_of(index.path)
    if mod is None:
        return
    want = mod.import_path(os.path.dirname(os.path.abspath(index.path)))
    if want is None:
        return
    for file in module.importers(index.path):
        source = module.read_source(file)
        if source is None or not any(t.encode() in source for t in exported):
            continue
        root = cached_tree(source).root_node
        alias = module.import_alias(root, want)
        if alias is None:
            continue
        cindex: PackageIndex | None = None
        shown = file if os.path.isabs(index.path) else os.path.relpath(file)
        for n in parse.iter_descendants(root):
            if n.type != "composite_literal":
                continue
            q, t = _type_name_of(n)
            if q is None or q.encode() != alias or t not in exported:
                continue
            if cindex is None:
                sources = module.package_sources(os.path.dirname(file))
                sources[file] = source
                cindex = PackageIndex(file, root, source, sources)
            yield n, shown, t, True, _State(n, "", cindex, None)


def op_field(op: Node) -> str:
    """Return the field name of the channel a send, receive or range operates on."""
    ch: Node | None
    if op.type == "send_statement":
        ch = op.child_by_field_name("channel")
    elif op.type == "unary_expression":
        ch = op.child_by_field_name("operand")
    else:
        clause = next((c for c in op.named_children if c.type == "range_clause"), None)
        ch = clause.child_by_field_name("right") if clause is not None else None
    while ch is not None and ch.type == "parenthesized_expression":
        ch = next(iter(ch.named_children), None)
    fld = ch.child_by_field_name("field") if ch is not None else None
    return parse.text(fld) if fld is not None else ""


class _Flow:
    """Follows one value from where it was made to the operations on its nil fields."""

    def __init__(self, tindex: PackageIndex, fields: Mapping[str, _Field], typ: str) -> None:
        self.tindex = tindex  # the package of the struct type: its methods
        self.nil = frozenset(x.name for x in fields.values() if x.type_name == typ)
        self.typ = typ
        self.seen: set[tuple[int, str, int]] = set()
        self.found: list[tuple[Node, Node]] = []
        self.work: list[_State] = []

    def run(self, start: _State | Node, made: Node) -> list[tuple[Node, Node]]:
        """Return (go statement, operation) pairs the value reaches."""
        if isinstance(start, _State):
            if start.name:
                self._push(start)
            else:
                self._value(made, start.index, None)
        else:
            self._value(start, self.tindex, None)
        while self.work and len(self.seen) <= MAX_STATES:
            st = self.work.pop()
            self._state(st)
        return self.found

    def _push(self, st: _State) -> None:
        key = (st.func.id, st.name, st.go.id if st.go is not None else 0)
        if key not in self.seen:
            self.seen.add(key)
            self.work.append(st)

    def _state(self, st: _State) -> None:
        body = st.func.child_by_field_name("body")
        if body is None:
            return
        for ident in facts.idents_named(body, st.name):
            if _shadowed(ident, st.func, st.name):
                continue
            use = facts.classify(ident)
            if use.op is Op.DEF:
                continue
            self._value(ident, st.index, _go_between(ident, st.func) or st.go)

    def _value(self, v: Node, index: PackageIndex, go: Node | None) -> None:
        """Follow the expression ``v``, which holds the value, one step on."""
        n = v
        while n.parent is not None and (
            n.parent.type == "parenthesized_expression" or _unary(n.parent) in ("&", "*")
        ):
            n = n.parent
        p = n.parent
        if p is None:
            return
        func = parse.enclosing_function(n)
        if p.type == "selector_expression" and p.child_by_field_name("operand") == n:
            self._selected(p, index, go)
        elif p.type == "expression_list" and p.parent is not None:
            self._listed(n, p, p.parent, index, go, func)
        elif p.type == "var_spec" and func is not None:
            for name in p.children_by_field_name("name"):
                self._push(_State(func, parse.text(name), index, go))
        elif p.type == "argument_list" and p.parent is not None:
            self._argument(n, p, index, go)
        elif p.type == "literal_element" and p.parent is not None:
            keyed = p.parent
            key = keyed.child_by_field_name("key") if keyed.type == "keyed_element" else None
            if key is not None and keyed.child_by_field_name("value") == p and key.named_children:
                self._field(parse.text(key.named_children[0]), index, go)
        elif p.type == "send_statement" and p.child_by_field_name("value") == n:
            self._sent(p, index, go)

    def _selected(self, sel: Node, index: PackageIndex, go: Node | None) -> None:
        fld = sel.child_by_field_name("field")
        if fld is None:
            return
        name = parse.text(fld)
        if name in self.nil:
            use = facts.classify(sel)
            if use.op in (Op.SEND, Op.RECV, Op.RANGE) and not use.in_select:
                self._reached(use.node, go, index)
            return
        call = sel.parent
        if (
            call is None
            or call.type != "call_expression"
            or call.child_by_field_name("function") != sel
        ):
            return
        ref = self.tindex.method(name, self.typ)
        if ref is None or ref.node.type != "method_declaration":
            return
        started = call.parent if _is_go(call.parent) else None
        recv = _receiver_name(ref.node)
        if recv:
            self._push(_State(ref.node, recv, self.tindex, started or go))

    def _listed(
        self, n: Node, lst: Node, st: Node, index: PackageIndex, go: Node | None, func: Node | None
    ) -> None:
        pos = next((i for i, c in enumerate(lst.named_children) if c.id == n.id), -1)
        if st.type in ("short_var_declaration", "assignment_statement"):
            if st.child_by_field_name("right") != lst or func is None:
                return
            left = st.child_by_field_name("left")
            targets = list(left.named_children) if left is not None else []
            if len(targets) != len(lst.named_children) or pos < 0:
                return
            t = targets[pos]
            if t.type == "identifier" and t.text != b"_":
                self._push(_State(func, parse.text(t), index, go))
            elif t.type == "selector_expression":
                fld = t.child_by_field_name("field")
                if fld is not None:
                    self._field(parse.text(fld), index, go)
        elif st.type == "return_statement" and func is not None:
            self._returned(func, pos, len(lst.named_children), index, go)

    def _returned(
        self, func: Node, pos: int, width: int, index: PackageIndex, go: Node | None
    ) -> None:
        if func.type == "func_literal":
            return
        for call in _calls(func, index):
            if width == 1:
                self._value(call, index, go)
                continue
            lst = call.parent
            st = lst.parent if lst is not None else None
            if lst is None or st is None or lst.type != "expression_list":
                continue
            if st.type not in ("short_var_declaration", "assignment_statement"):
                continue
            left = st.child_by_field_name("left")
            targets = list(left.named_children) if left is not None else []
            caller = parse.enclosing_function(call)
            t = targets[pos] if len(targets) == width else None
            if caller is not None and t is not None and t.type == "identifier" and t.text != b"_":
                self._push(_State(caller, parse.text(t), index, go))

    def _argument(self, n: Node, args: Node, index: PackageIndex, go: Node | None) -> None:
        call = args.parent
        if call is None or call.type != "call_expression":
            return
        fn = call.child_by_field_name("function")
        if fn is None:
            return
        ref = facts.resolve_call(fn, index)
        if ref is None or ref.node.type == "func_literal":
            return
        pos = next((i for i, c in enumerate(args.named_children) if c.id == n.id), -1)
        params = facts.param_names(ref.node)
        if pos < 0 or pos >= len(params) or not params[pos]:
            return
        started = call.parent if _is_go(call.parent) else None
        self._push(_State(ref.node, params[pos], index, started or go))

    def _field(self, name: str, index: PackageIndex, go: Node | None) -> None:
        """Follow every read of field ``name``, which the value is stored in."""
        files = index.files(tests=False)
        if not _unique_field(files, name):
            return
        for _, root in files:
            for sel in parse.iter_descendants(root):
                if sel.type != "selector_expression":
                    continue
                fld = sel.child_by_field_name("field")
                if fld is None or fld.text != name.encode() or _written_or_tested(sel):
                    continue
                func = parse.enclosing_function(sel)
                if func is not None:
                    self._value(sel, index, _go_between(sel, func) or go)

    def _sent(self, send: Node, index: PackageIndex, go: Node | None) -> None:
        """Follow every receive from the channel the value is sent on."""
        ch = send.child_by_field_name("channel")
        while ch is not None and ch.type == "parenthesized_expression":
            ch = next(iter(ch.named_children), None)
        if ch is None:
            return
        if ch.type == "selector_expression":
            fld = ch.child_by_field_name("field")
            files = index.files(tests=False)
            if fld is None or not _unique_field(files, parse.text(fld)):
                return
            for _, root in files:
                for sel in parse.iter_descendants(root):
                    other = sel.child_by_field_name("field")
                    if other is not None and other.text == fld.text:
                        self._received(sel, index, go)
        elif ch.type == "identifier":
            func = parse.enclosing_function(send)
            outer = _declaring_function(ch, func)
            if outer is None:
                return
            body = outer.child_by_field_name("body")
            for ident in facts.idents_named(body, parse.text(ch)) if body is not None else []:
                self._received(ident, index, go)

    def _received(self, ch: Node, index: PackageIndex, go: Node | None) -> None:
        """``ch`` names the channel: bind what a receive or range from it gets."""
        use = facts.classify(ch)
        func = parse.enclosing_function(ch)
        if func is None:
            return
        go = _go_between(ch, func) or go
        if use.op is Op.RANGE:
            clause = next((c for c in use.node.named_children if c.type == "range_clause"), None)
            left = clause.child_by_field_name("left") if clause is not None else None
            if left is not None and left.named_children:
                first = left.named_children[0]
                if first.type == "identifier" and first.text != b"_":
                    self._push(_State(func, parse.text(first), index, go))
        elif use.op is Op.RECV:
            self._value(use.node, index, go)
            stmt = use.node.parent
            if stmt is not None and stmt.type == "expression_list":
                stmt = stmt.parent
            if stmt is not None and stmt.type == "receive_statement":
                left = stmt.child_by_field_name("left")
                if left is not None and left.named_children:
                    first = left.named_children[0]
                    if first.type == "identifier" and first.text != b"_":
                        self._push(_State(func, parse.text(first), index, go))

    def _reached(self, op: Node, go: Node | None, index: PackageIndex) -> None:
        func = parse.enclosing_function(op)
        if func is None:
            return
        inner = _go_between(op, func)
        if inner is not None:
            self.found.append((inner, op))
        elif go is not None:
            self.found.append((go, op))
        else:
            for start in _starts_of(func, index):
                self.found.append((start, op))


def _calls(func: Node, index: PackageIndex) -> Iterator[Node]:
    """Yield the package's calls of ``func`` (a method's by name when no other has its name)."""
    name = func.child_by_field_name("name")
    if name is None:
        return
    only = func.type == "method_declaration" and len(index.lookup(parse.text(name))) == 1
    for call in funcvals.calls_of(func, index):
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        if fn is None:
            continue
        ref = facts.resolve_call(fn, index)
        if (ref is not None and ref.node.id == func.id) or (ref is None and only):
            yield call


def _starts_of(func: Node, index: PackageIndex) -> Iterator[Node]:
    """Yield the package's ``go f(...)`` / ``go x.m(...)`` statements that run ``func``."""
    if func.type == "func_literal":
        p = func.parent
        if p is not None and p.type == "call_expression" and _is_go(p.parent):
            yield p.parent  # type: ignore[misc]
        return
    for _, root in index.files(tests=False):
        for g in parse.iter_descendants(root):
            if g.type != "go_statement":
                continue
            call = next(iter(g.named_children), None)
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is None:
                continue
            ref = facts.resolve_call(fn, index)
            if ref is not None and ref.node.id == func.id:
                yield g


def _unary(node: Node) -> str:
    """Return the operator of a unary expression ("" for anything else)."""
    op = node.child(0) if node.type == "unary_expression" else None
    return op.type if op is not None else ""


def _is_go(node: Node | None) -> bool:
    return node is not None and node.type == "go_statement"


def _go_between(node: Node, outer: Node) -> Node | None:
    """Return the innermost ``go func() {...}()`` around ``node`` inside ``outer``, if any."""
    for a in parse.ancestors(node):
        if a.id == outer.id:
            return None
        if a.type == "func_literal":
            call = a.parent
            if call is not None and call.type == "call_expression" and _is_go(call.parent):
                return call.parent
    return None


def _shadowed(ident: Node, func: Node, name: str) -> bool:
    """Tell whether a func literal between ``ident`` and ``func`` declares ``name`` anew."""
    for a in parse.ancestors(ident):
        if a.id == func.id:
            return False
        if a.type == "func_literal" and name in facts.param_names(a):
            return True
    return False


def _declaring_function(ident: Node, func: Node | None) -> Node | None:
    """Return the function among ``func`` and those around it that declares ``ident``."""
    name = parse.text(ident)
    f = func
    while f is not None:
        body = f.child_by_field_name("body")
        if name in facts.param_names(f):
            return f
        if body is not None:
            for i in facts.idents_named(body, name):
                if facts.classify(i).op is Op.DEF and parse.enclosing_function(i) == f:
                    return f
        f = parse.enclosing_function(f.parent) if f.parent is not None else None
    return None


def _receiver_name(method: Node) -> str:
    recv = method.child_by_field_name("receiver")
    for decl in recv.named_children if recv is not None else []:
        name = decl.child_by_field_name("name")
        if name is not None:
            return parse.text(name)
    return ""


def _unique_field(files: list[tuple[str, Node]], name: str) -> bool:
    owners = 0
    for _, struct in _struct_types(files):
        owners += sum(1 for f, _, _ in _field_decls(struct) if f == name)
    return owners == 1
