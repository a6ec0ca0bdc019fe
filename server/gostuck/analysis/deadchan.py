"""Dead channels: struct fields nothing in the package ever sends on or closes.

A receive from such a field (directly, ``<-s.quit``, or through a getter that returns it,
``<-s.Stopper().ShouldQuiesce()``) can never complete, wherever the value came from. The
field must be one the package sees every use of:

- unexported (or the package is ``main``), so other packages cannot name it;
- every ``x.f`` in the package receives from it, ranges over it, compares it or takes its
  ``len``/``cap``, assigns it ``make(...)`` or ``nil``, or returns it from a getter whose
  every call is received from (an exported getter must return ``<-chan``, or the package
  be ``main``);
- every composite literal that sets it (``T{f: ...}``) sets ``make(...)`` or ``nil``, and no
  literal of a struct declaring it lists values without keys.

Goroutines that must reach such a receive, in their own body or in a package function they
call as a statement, are reported: nothing can ever unblock them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from tree_sitter import Node

from gostuck.analysis import facts
from gostuck.analysis.facts import Analyzer, Goroutine
from gostuck.analysis.index import PackageIndex, cached_tree, package_name
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

if TYPE_CHECKING:
    from gostuck.analysis.ctxdone import NeverDone

MAX_DEPTH: Final = 2
_GETTER_DEPTH: Final = 2


@dataclass(frozen=True, slots=True)
class DeadReceive:
    """A goroutine that blocks forever receiving from a channel no one can partner."""

    goroutine: Goroutine
    node: Node  # the receive
    path: str  # file of ``node``
    field: str  # the struct field holding the channel
    decl: tuple[str, Node] | None  # where the field is declared
    certain: bool
    context: bool = False  # ``field`` is a context nothing can cancel (``<-ctx.Done()``)


def _sources(index: PackageIndex) -> list[tuple[str, Node]]:
    """Return the roots of every file of the package (the analysed one first)."""
    out: list[tuple[str, Node]] = [(index.path, index.root)]
    name = package_name(index.source)
    for path, src in index.package.items():
        if path != index.path and package_name(src) == name:
            out.append((path, cached_tree(src).root_node))
    return out


def _is_main(index: PackageIndex) -> bool:
    return package_name(index.source) == "main"


def expr_type(expr: Node, index: PackageIndex, depth: int = 0) -> str | None:
    """Return the package type an expression has: variables, fields, method results."""
    if depth > 6:
        return None
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    if expr.type == "identifier":
        return facts.operand_type(expr, index)
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        t = expr_type(operand, index, depth + 1)
        fields = index.struct_fields(t) if t is not None else None
        ftype = fields.get(parse.text(fld)) if fields is not None else None
        return facts.named_type(ftype)
    if expr.type == "call_expression":
        ref = _method_of(expr, index, depth)
        if ref is None:
            return None
        return facts.result_type(ref)
    return None


def _method_of(call: Node, index: PackageIndex, depth: int = 0) -> Node | None:
    """Return the method declaration ``x.M(...)`` calls, by the type of ``x``."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    fld = fn.child_by_field_name("field")
    if operand is None or fld is None:
        return None
    t = expr_type(operand, index, depth + 1)
    if t is None:
        return None
    ref = index.method(parse.text(fld), t)
    return ref.node if ref is not None else None


class DeadChannels:
    """Answers "can anything ever send on or close this field?" for one package."""

    def __init__(self, index: PackageIndex) -> None:
        """Look at the package of ``index``."""
        self.index = index
        self._dead: dict[str, bool] = {}
        self._getters: dict[int, str | None] = {}
        self._caps: dict[str, dict[str, list[Node]]] = {}
        self._never_done: NeverDone | None = None

    def never_done(self, operand: Node, recv: Node, graph: CFG, start: Node) -> str | None:
        """For ``<-E.Done()``: the text of ``E`` when nothing can ever cancel it.

        ``start`` is the go statement of the goroutine that waits: code it runs after is
        never taken for dead.
        """
        if b"Done" not in (operand.text or b""):
            return None
        if self._never_done is None:
            # Imported here: the context analysis reuses this module's helpers.
            from gostuck.analysis.ctxdone import NeverDone

            self._never_done = NeverDone(self.index)
        return self._never_done.is_never_done(operand, recv, graph, start)

    def prune(self, g: CFG) -> CFG:
        """Return ``g`` without the select cases that wait on a context nothing can cancel.

        ``case <-ctx.Done():`` of a context that is never done can never be chosen, so it
        is no way out: the edge into it goes, and the other cases are the select's only ways
        on (with none left, the select blocks forever, as ``<-ctx.Done()`` alone would).
        """
        text = g.func.text or b""
        if b"Done" not in text or b"select" not in text:
            return g
        cut: set[int] = set()
        for blk in g.blocks:
            if blk.kind is not Kind.CASE or blk.node is None:
                continue
            recv = _done_case(blk.node)
            if recv is None:
                continue
            operand = recv.child_by_field_name("operand")
            # The receive itself is the start: in code that never runs, nothing is judged.
            if operand is not None and self.never_done(operand, recv, g, recv) is not None:
                cut.add(blk.id)
        if not cut:
            return g
        blocks = [
            dataclasses.replace(b, succs=[s for s in b.succs if s not in cut])
            if cut.intersection(b.succs)
            else b
            for b in g.blocks
        ]
        return CFG(g.func, blocks, g.entry, g.exit, g.by_node)

    def _files(self, raw: bytes) -> Iterator[tuple[str, dict[str, list[Node]]]]:
        """Yield the captures of every package file whose text holds ``raw``."""
        for path, root in _sources(self.index):
            if raw not in (root.text or b""):
                continue
            caps = self._caps.get(path)
            if caps is None:
                caps = parse.captures("deadchan.scm", root)
                self._caps[path] = caps
            yield path, caps

    # ------------------------------------------------------------------ fields

    def is_dead(self, field: str) -> bool:
        """Tell whether nothing in the package can send on or close the field ``field``."""
        got = self._dead.get(field)
        if got is None:
            self._dead[field] = False  # recursion guard
            got = self._is_dead(field)
            self._dead[field] = got
        return got

    def _is_dead(self, field: str) -> bool:
        if not field or (field[0].isupper() and not _is_main(self.index)):
            return False
        raw = field.encode()
        declared = False
        for _path, caps in self._files(raw):
            for n in caps.get("field.decl", []):
                if n.text != raw or n.parent is None:
                    continue
                ftype = n.parent.child_by_field_name("type")
                if ftype is None or ftype.type != "channel_type":
                    return False
                declared = True
                if not self._keyed_only(n.parent):
                    return False
            for n in caps.get("field.name", []):
                if n.text == raw and (n.parent is None or not self._harmless_use(n.parent)):
                    return False
            for n in caps.get("key.name", []):
                if n.text == raw and not self._harmless_key(n):
                    return False
        return declared

    def _keyed_only(self, decl: Node) -> bool:
        """Tell whether no literal of the struct declaring ``decl`` lists values without keys."""
        spec: Node | None = decl
        while spec is not None and spec.type != "type_spec":
            spec = spec.parent
        name = spec.child_by_field_name("name") if spec is not None else None
        if name is None:
            return False
        raw = name.text
        if raw is None:
            return False
        for _path, caps in self._files(raw):
            for n in caps.get("lit", []):
                t = n.child_by_field_name("type")
                if t is None or t.text != raw:
                    continue
                body = n.child_by_field_name("body")
                for el in body.named_children if body is not None else []:
                    if el.type == "literal_element":
                        return False
        return True

    def _harmless_key(self, ident: Node) -> bool:
        """``f: make(...)`` or ``f: nil`` in a literal; any other identifier ``f`` is not ours."""
        lit = ident.parent
        keyed = lit.parent if lit is not None else None
        if lit is None or keyed is None or lit.type != "literal_element":
            return True  # a variable or parameter that happens to share the name
        if keyed.type != "keyed_element" or keyed.child_by_field_name("key") != lit:
            return True
        value = keyed.child_by_field_name("value")
        v = value.named_children[0] if value is not None and value.named_children else None
        return v is not None and _is_fresh(v)

    def _harmless_use(self, sel: Node) -> bool:
        """Tell whether ``x.f`` here cannot give anyone a way to send on or close it."""
        p = sel.parent
        while p is not None and p.type == "parenthesized_expression":
            sel, p = p, p.parent
        if p is None:
            return False
        t = p.type
        if t == "unary_expression":
            op = p.child(0)
            return op is not None and op.type == "<-"
        if t == "range_clause":
            return p.child_by_field_name("right") == sel
        if t == "binary_expression":
            oper = p.child_by_field_name("operator")
            return oper is not None and oper.type in ("==", "!=")
        if t == "argument_list":
            call = p.parent
            fn = call.child_by_field_name("function") if call is not None else None
            return fn is not None and fn.text in (b"len", b"cap")
        if t == "expression_list":
            gp = p.parent
            if gp is not None and gp.type == "assignment_statement":
                if gp.child_by_field_name("left") != p:
                    return False
                right = gp.child_by_field_name("right")
                rights = right.named_children if right is not None else []
                lefts = p.named_children
                if len(lefts) != len(rights):
                    return False
                i = [c.id for c in lefts].index(sel.id)
                return _is_fresh(rights[i])
            if gp is not None and gp.type == "return_statement" and len(p.named_children) == 1:
                return self._getter_is_received(gp)
        return False

    def _getter_is_received(self, ret: Node) -> bool:
        """Tell whether every call of the getter ``M`` (``return x.f``) is received from."""
        method = parse.enclosing_function(ret)
        if method is None or method.type != "method_declaration":
            return False
        name = method.child_by_field_name("name")
        result = method.child_by_field_name("result")
        if name is None or result is None:
            return False
        mname = parse.text(name)
        receive_only = result.type == "channel_type" and parse.text(result).startswith("<-")
        if mname[0].isupper() and not receive_only and not _is_main(self.index):
            return False
        raw = mname.encode()
        for _path, caps in self._files(raw):
            for n in caps.get("field.name", []):
                if n.text != raw or n.parent is None:
                    continue
                sel = n.parent
                call = sel.parent
                if call is None or call.type != "call_expression":
                    return False  # a method value escapes
                if call.child_by_field_name("function") != sel:
                    return False
                p = call.parent
                while p is not None and p.type == "parenthesized_expression":
                    call, p = p, p.parent
                if p is None:
                    return False
                if p.type == "unary_expression" and p.child(0) is not None:
                    op = p.child(0)
                    if op is not None and op.type == "<-":
                        continue
                if p.type == "range_clause" and p.child_by_field_name("right") == call:
                    continue
                return False
        return True

    # ------------------------------------------------------------------ expressions

    def dead_field_of(self, expr: Node) -> str | None:
        """Return the dead field ``expr`` (a receive's operand) evaluates to, if it is one."""
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        if expr.type == "selector_expression":
            fld = expr.child_by_field_name("field")
            name = parse.text(fld) if fld is not None else ""
            return name if self.is_dead(name) else None
        if expr.type == "call_expression":
            method = _method_of(expr, self.index)
            return self._getter_field(method, 0) if method is not None else None
        return None

    def _getter_field(self, method: Node, depth: int) -> str | None:
        """For a method whose every return is ``nil`` or one dead field: that field."""
        got = self._getters.get(method.id)
        if got is not None or method.id in self._getters:
            return got
        self._getters[method.id] = None
        field: str | None = None
        body = method.child_by_field_name("body")
        rets = (
            [
                r
                for r in parse.iter_descendants(body)
                if r.type == "return_statement" and parse.enclosing_function(r) == method
            ]
            if body is not None
            else []
        )
        ok = bool(rets)
        for r in rets:
            vals = r.named_children[0].named_children if r.named_children else []
            if len(vals) != 1:
                ok = False
                break
            v = vals[0]
            if v.type == "nil":
                continue
            if v.type != "selector_expression":
                ok = False
                break
            fld = v.child_by_field_name("field")
            name = parse.text(fld) if fld is not None else ""
            if field not in (None, name):
                ok = False
                break
            field = name
        result = field if ok and field is not None and self.is_dead(field) else None
        self._getters[method.id] = result
        return result


def _is_fresh(v: Node) -> bool:
    """``make(...)`` or ``nil``: a value no one else holds."""
    if v.type == "nil":
        return True
    if v.type != "call_expression":
        return False
    fn = v.child_by_field_name("function")
    return fn is not None and fn.text == b"make"


def _receives(func: Node) -> list[Node]:
    """Return the plain receives of ``func`` itself (statements, not select cases)."""
    body = func.child_by_field_name("body")
    out: list[Node] = []
    if body is None:
        return out
    own = parse.own_ids(body)
    for n in parse.captures("deadchan.scm", body).get("recv.op", []):
        if n.id in own and _in_select(n) is None:
            out.append(n)
    return sorted(out, key=lambda n: n.start_byte)


def _done_case(case: Node) -> Node | None:
    """Return the receive of ``case <-E.Done():`` (or ``case v, ok := <-E.Done():``)."""
    if case.type != "communication_case":
        return None
    comm = case.child_by_field_name("communication")
    if comm is None or comm.type != "receive_statement":
        return None
    right = comm.child_by_field_name("right")
    if right is None or right.type != "unary_expression":
        return None
    op = right.child_by_field_name("operator")
    if op is None or op.text != b"<-":
        return None
    return right


def _in_select(op: Node) -> Node | None:
    """Return the select case whose communication is the receive ``op``."""
    n: Node | None = op.parent
    while n is not None and n.type in ("expression_list", "receive_statement"):
        n = n.parent
    return n if n is not None and n.type == "communication_case" else None


def _stmt_calls(func: Node) -> list[Node]:
    body = func.child_by_field_name("body")
    if body is None:
        return []
    own = parse.own_ids(body)
    return [c for c in parse.captures("facts.scm", body).get("stmt.call", []) if c.id in own]


def find_dead_receives(an: Analyzer, go: Goroutine, dead: DeadChannels) -> Iterator[DeadReceive]:
    """Yield where ``go`` blocks forever on a dead channel (the first such place)."""
    if go.body is None or go.body.has_error:
        return
    found = _search(an, go.body, go.path, dead, 0, set(), top=True, start=go.stmt)
    if found is not None:
        node, path, field, certain, context = found
        decl = None if context else _declaration(dead, field)
        yield DeadReceive(go, node, path, field, decl, certain, context)


def _search(
    an: Analyzer,
    func: Node,
    path: str,
    dead: DeadChannels,
    depth: int,
    seen: set[int],
    *,
    top: bool,
    start: Node,
) -> tuple[Node, str, str, bool, bool] | None:
    """Find a dead receive ``func`` reaches (``top``) or must reach (a callee)."""
    if func.id in seen or depth > MAX_DEPTH:
        return None
    seen.add(func.id)
    g = an.graphs.get(func)
    if g is None:
        return None
    reach = g.reachable()
    candidates: list[tuple[Node, Node, str | None]] = []
    for op in _receives(func):
        operand = op.child_by_field_name("operand")
        candidates.append((op, op, None if operand is None else "recv"))
    for call in _stmt_calls(func):
        candidates.append((call, call, "call"))
    for node, anchor, kind in sorted(candidates, key=lambda c: c[0].start_byte):
        b = g.block_of(anchor)
        if b is None or b not in reach or kind is None:
            continue
        every = _must_pass(g, b)
        if not top and not every:
            continue
        if kind == "recv":
            operand = node.child_by_field_name("operand")
            fld = dead.dead_field_of(operand) if operand is not None else None
            if fld is not None:
                return node, path, fld, every, False
            ctx = dead.never_done(operand, node, g, start) if operand is not None else None
            if ctx is not None:
                return node, path, ctx, every, True
            continue
        ref = _callee(an, node)
        if ref is None:
            continue
        sub = _search(an, ref[0], ref[1], dead, depth + 1, seen, top=False, start=start)
        if sub is not None:
            return sub[0], sub[1], sub[2], sub[3] and every, sub[4]
    return None


def _callee(an: Analyzer, call: Node) -> tuple[Node, str] | None:
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        if operand.type == "identifier" and parse.text(operand) in an.index.imports():
            return None  # pkg.Func of another package
        if not any(r.node.type == "method_declaration" for r in an.index.lookup(parse.text(fld))):
            return None  # no method of that name here: no need to type the receiver
        method = _method_of(call, an.index)
        if method is None:
            return None
        ref = next((r for r in an.index.lookup(_name(method)) if r.node.id == method.id), None)
        return (method, ref.path) if ref is not None else None
    ref = facts.resolve_call(fn, an.index)
    return (ref.node, ref.path) if ref is not None else None


def _name(func: Node) -> str:
    n = func.child_by_field_name("name")
    return parse.text(n) if n is not None else ""


def _must_pass(g: CFG, b: int) -> bool:
    """Every path from the entry to the exit goes through ``b`` (or there is no exit)."""
    return facts.on_every_path(g, b)


def _declaration(dead: DeadChannels, field: str) -> tuple[str, Node] | None:
    raw = field.encode()
    for path, caps in dead._files(raw):
        for n in caps.get("field.decl", []):
            if n.text == raw and n.parent is not None:
                return path, n.parent
    return None
