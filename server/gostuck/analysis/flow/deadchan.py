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

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from tree_sitter import Node

from gostuck.analysis.flow import facts
from gostuck.analysis.flow.facts import Analyzer, Goroutine
from gostuck.analysis.flow.index import PackageIndex, cached_tree, package_name, receiver_type_name
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

if TYPE_CHECKING:
    from gostuck.analysis.partner.ctxdone import NeverDone

MAX_DEPTH: Final = 2
_GETTER_DEPTH: Final = 2
# A field with more writers than this is not asked whether they all never run.
_MAX_NEVER_RUN: Final = 3


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
    # For a field whose only writer is the deferred close of a goroutine that can block
    # forever: that close, and where its goroutine can block (its file).
    stalled: tuple[Node, Node, str] | None = None
    # The field's writers that never run, each with where its goroutine gets stuck first.
    never_run: tuple[tuple[Node, Node], ...] = ()
    # Where the goroutine's own function reaches ``node``: ``node``, or the call leading there.
    anchor: Node | None = None
    # For a field whose only writer runs only after a point where its goroutine can block
    # forever (in a loop, say): that writer, and that point (its file).
    behind: tuple[Node, Node, str] | None = None


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
    if expr.type == "index_expression":
        operand = expr.child_by_field_name("operand")
        if operand is not None and operand.type == "identifier":
            return elem_type(operand)
    return None


def elem_type(ident: Node) -> str | None:
    """Return ``T`` for a slice or array variable of ``T`` or ``*T`` (``xs[i]``'s type).

    The variable's one declaration, in its function or one around it, must say it: a
    parameter or ``var xs []T``, or ``xs := make([]T, n)`` / ``xs := []T{...}``.
    """
    name = ident.text
    func: Node | None = parse.enclosing_function(ident)
    while func is not None:
        found: list[Node | None] = []
        params = func.child_by_field_name("parameters")
        for pd in params.named_children if params is not None else []:
            if any(n.text == name for n in pd.children_by_field_name("name")):
                found.append(pd.child_by_field_name("type"))
        body = func.child_by_field_name("body")
        for other in facts.idents_named(body, parse.text(ident)) if body is not None else []:
            if facts.innermost_function(other, func).id != func.id:
                continue
            p = other.parent
            if p is None:
                continue
            if p.type == "var_spec" and p.child_by_field_name("type") is not None:
                found.append(p.child_by_field_name("type"))
            elif p.type == "expression_list" and p.parent is not None:
                decl = p.parent
                if decl.type not in ("short_var_declaration", "assignment_statement"):
                    continue
                if decl.child_by_field_name("left") != p:
                    continue
                right = decl.child_by_field_name("right")
                lefts = p.named_children
                rights = right.named_children if right is not None else []
                if len(lefts) != len(rights):
                    found.append(None)
                    continue
                v = rights[[c.id for c in lefts].index(other.id)]
                if v.type == "composite_literal":
                    found.append(v.child_by_field_name("type"))
                elif v.type == "call_expression" and _is_make(v):
                    args = v.child_by_field_name("arguments")
                    found.append(args.named_children[0] if args and args.named_children else None)
                else:
                    found.append(None)
        if found:
            t = found[0] if len(found) == 1 else None
            if t is None or t.type not in ("slice_type", "array_type"):
                return None
            return facts.named_type(t.child_by_field_name("element"))
        if func.type != "func_literal":
            return None
        func = parse.enclosing_function(func)
    return None


def _is_make(call: Node) -> bool:
    fn = call.child_by_field_name("function")
    return fn is not None and fn.type == "identifier" and fn.text == b"make"


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
        self._dead: dict[tuple[str, str | None], bool] = {}
        self._getters: dict[int, tuple[str, str | None] | None] = {}
        self._caps: dict[str, dict[str, list[Node]]] = {}
        self._never_done: NeverDone | None = None
        # Set by the file's facts: the goroutines that can block forever, each as (its
        # function, where it can block, that place's file). Asked only when needed.
        self.may_block: Callable[[], list[tuple[Node, Node, str]]] | None = None
        self._stalled: list[tuple[Node, str, str, Node, str]] | None = None
        self._never_run: dict[tuple[str, str | None], list[tuple[Node, Node]]] = {}
        # Set by the file's facts: for a writing use of a field (``c.f`` in ``close(c.f)``),
        # where its goroutine blocks forever before it can run, if it never can.
        self.never_runs: Callable[[Node], Node | None] | None = None
        # Set by the file's facts (:func:`behind_writers`): fields whose only writer runs only
        # behind a point where its goroutine can block forever, as (writer, field, struct
        # type, that point, its file).
        self.behind: list[tuple[Node, str, str, Node, str]] = []

    def code_oracle(self) -> NeverDone:
        """Return the package's answers about contexts and code that never runs (made once)."""
        if self._never_done is None:
            from gostuck.analysis.partner.ctxdone import NeverDone

            self._never_done = NeverDone(self.index)
        return self._never_done

    def never_done(self, operand: Node, recv: Node, graph: CFG, start: Node) -> str | None:
        """For ``<-E.Done()``: the text of ``E`` when nothing can ever cancel it.

        ``start`` is the go statement of the goroutine that waits: code it runs after is
        never taken for dead.
        """
        if b"Done" not in (operand.text or b""):
            return None
        return self.code_oracle().is_never_done(operand, recv, graph, start)

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
        return g.without_edges_into(cut)

    def is_dead_case(self, case: Node) -> bool:
        """Tell whether the select case ``case`` receives from a dead field: it never fires."""
        recv = _done_case(case)
        operand = recv.child_by_field_name("operand") if recv is not None else None
        return operand is not None and self.dead_field_of(operand) is not None

    def without_dead_cases(self, g: CFG) -> CFG:
        """Return ``g`` without the select cases that receive from a dead field.

        Such a case can never be chosen, so it is no way out of its select or loop. Asked only
        where a goroutine's way out is judged (it types operands and scans the package).
        """
        cut = {
            blk.id
            for blk in g.blocks
            if blk.kind is Kind.CASE and blk.node is not None and self.is_dead_case(blk.node)
        }
        return g.without_edges_into(cut)

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

    def is_dead(self, field: str, typ: str | None = None) -> bool:
        """Tell whether nothing in the package can send on or close the field ``field``.

        With ``typ``, the struct type declaring it: uses on values known to be of another
        struct type that declares its own ``field`` are not this field's.
        """
        if typ is not None and self.index.struct_fields(typ) is None:
            typ = None
        key = (field, typ)
        got = self._dead.get(key)
        if got is None:
            self._dead[key] = False  # recursion guard
            got = self._is_dead(field, typ)
            self._dead[key] = got
        return got

    def _is_dead(self, field: str, typ: str | None) -> bool:
        ws = self.writers(field, typ)
        if ws is None:
            return False
        if not ws:
            return True
        if self.never_runs is None or len(ws) > _MAX_NEVER_RUN:
            return False
        # Writers there are, but none of them can ever run: each sits where its goroutine
        # never gets (``defer close(c.f)`` of a function that never returns).
        why: list[tuple[Node, Node]] = []
        for w in ws:
            stuck = self.never_runs(w)
            if stuck is None:
                return False
            why.append((w, stuck))
        self._never_run[(field, typ)] = why
        return True

    def never_run_writers(self, field: str, typ: str | None) -> list[tuple[Node, Node]]:
        """For a field :meth:`is_dead` because its writers never run: (writer, why) pairs.

        ``why`` is where the writer's goroutine blocks forever before it (or the function
        that never returns, for a deferred close). Empty for a field nothing writes at all.
        """
        if typ is not None and self.index.struct_fields(typ) is None:
            typ = None
        return self._never_run.get((field, typ), [])

    def no_writer(self, field: str, typ: str | None, *, allowed: int = -1) -> bool:
        """Tell whether no use of the channel field ``field`` but ``allowed`` can write to it.

        Writing is sending on it, closing it or handing it on; ``allowed`` is the id of one
        selector expression (``c.done`` in the goroutine's own ``close(c.done)``) to leave
        out. ``typ`` as for :meth:`is_dead`. Uncached: :meth:`is_dead` caches its answers.
        """
        ws = self.writers(field, typ)
        return ws is not None and all(w.id == allowed for w in ws)

    def writers(self, field: str, typ: str | None) -> list[Node] | None:
        """Return every use of the channel field ``field`` that sends on it or closes it.

        The selector expressions (``c.f`` of ``c.f <- v`` and ``close(c.f)``), in package
        order; None when a use could hand the channel on (stored, passed, returned), when
        the field is not a channel field of the package, or another package could write it.
        ``typ`` as for :meth:`is_dead`.
        """
        if not field or (field[0].isupper() and not _is_main(self.index)):
            return None
        raw = field.encode()
        declared = False
        out: list[Node] = []
        for _path, caps in self._files(raw):
            for n in caps.get("field.decl", []):
                if n.text != raw or n.parent is None:
                    continue
                if typ is not None and _declaring_type(n.parent) != typ:
                    continue
                ftype = n.parent.child_by_field_name("type")
                if ftype is None or ftype.type != "channel_type":
                    return None
                declared = True
                if not self._keyed_only(n.parent):
                    return None
            for n in caps.get("field.name", []):
                if n.text != raw or n.parent is None:
                    continue
                if self._elsewhere(n.parent.child_by_field_name("operand"), field, typ):
                    continue
                call = n.parent.parent
                if (
                    call is not None
                    and call.type == "call_expression"
                    and call.child_by_field_name("function") == n.parent
                ):
                    continue  # ``x.f()``: a method of that name, never a channel
                if _is_write(n.parent):
                    out.append(n.parent)
                elif not self._harmless_use(n.parent):
                    return None
            for n in caps.get("key.name", []):
                if n.text == raw and not self._harmless_key(n, typ):
                    return None
        return out if declared else None

    def _elsewhere(
        self, operand: Node | None, name: str, typ: str | None, *, method: bool = False
    ) -> bool:
        """Tell whether ``operand.name`` is known to belong to a type other than ``typ``.

        Its type must be known and declare ``name`` itself (a field, or with ``method`` a
        method): a name it only promotes from an embedded ``typ`` is still ``typ``'s.
        """
        if typ is None or operand is None:
            return False
        t = expr_type(operand, self.index)
        if t is None or t == typ:
            return False
        if method:
            return any(
                r.receiver_type == t
                for r in self.index.lookup(name)
                if r.node.type == "method_declaration"
            )
        fields = self.index.struct_fields(t)
        if fields is not None and name in fields:
            return True
        # Promoted from a struct ``t`` embeds: the field of the type that declares it.
        m = self.index.member(t, name)
        return m is not None and m.field_type is not None and m.owner != typ

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
                if t is not None and t.text == raw and parse.has_positional_elements(n):
                    return False
        return True

    def _harmless_key(self, ident: Node, typ: str | None = None) -> bool:
        """``f: make(...)`` or ``f: nil`` in a literal; any other identifier ``f`` is not ours.

        With ``typ``, a literal of another named type does not set ``typ``'s field.
        """
        lit = ident.parent
        keyed = lit.parent if lit is not None else None
        if lit is None or keyed is None or lit.type != "literal_element":
            return True  # a variable or parameter that happens to share the name
        if keyed.type != "keyed_element" or keyed.child_by_field_name("key") != lit:
            return True
        body = keyed.parent
        outer = body.parent if body is not None else None
        if typ is not None and outer is not None and outer.type == "composite_literal":
            ltype = facts.named_type(outer.child_by_field_name("type"))
            if ltype is not None and ltype != typ:
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
        rtype = receiver_type_name(method)
        receive_only = result.type == "channel_type" and parse.text(result).startswith("<-")
        if mname[0].isupper() and not receive_only and not _is_main(self.index):
            return False
        raw = mname.encode()
        for _path, caps in self._files(raw):
            for n in caps.get("field.name", []):
                if n.text != raw or n.parent is None:
                    continue
                sel = n.parent
                operand = sel.child_by_field_name("operand")
                if self._elsewhere(operand, mname, rtype, method=True):
                    continue  # another type's own method of that name
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

    # ------------------------------------------------------------------ dynamic types

    def dynamic_type(self, expr: Node) -> str | None:
        """Return the one package type the interface value ``expr`` can hold, if certain.

        A variable declared with a package type, or a field of a package struct: of that
        type, or of interface type when every value the package stores in it is a literal
        of one package type (``T{r: &reader{...}}``, ``x.r = &reader{}``).
        """
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        if expr.type == "identifier":
            t = facts.operand_type(expr, self.index)
            return t if t is not None and self.index.struct_fields(t) is not None else None
        if expr.type != "selector_expression":
            return None
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        owner = expr_type(operand, self.index) if operand is not None else None
        fields = self.index.struct_fields(owner) if owner is not None else None
        if owner is None or fields is None or fld is None:
            return None
        name = parse.text(fld)
        ftype = fields.get(name)
        if ftype is None:
            return None
        t = facts.named_type(ftype)
        if t is not None and self.index.struct_fields(t) is not None:
            return t
        return self._stored_type(owner, name)

    def _stored_type(self, owner: str, name: str) -> str | None:
        """Return the one package type every store into ``owner.name`` has, if there is one."""
        if name[0].isupper() and not _is_main(self.index):
            return None
        decl = _declaration(self, name, owner)
        if decl is None or not self._keyed_only(decl[1]):
            return None
        raw = name.encode()
        found: set[str | None] = set()
        for _path, caps in self._files(raw):
            for n in caps.get("field.name", []):
                sel = n.parent
                if n.text != raw or sel is None:
                    continue
                if self._elsewhere(sel.child_by_field_name("operand"), name, owner):
                    continue
                value = _stored_value(sel)
                if value is not None:
                    found.add(_literal_type(value))
                elif not _is_read(sel):
                    return None
            for n in caps.get("key.name", []):
                if n.text != raw:
                    continue
                keyed = n.parent.parent if n.parent is not None else None
                if keyed is None or keyed.type != "keyed_element":
                    continue  # an identifier sharing the name
                lit = keyed.parent.parent if keyed.parent is not None else None
                ltype = facts.named_type(lit.child_by_field_name("type")) if lit else None
                if lit is None or lit.type != "composite_literal" or ltype is None:
                    return None
                if ltype != owner:
                    continue
                value_node = keyed.child_by_field_name("value")
                v = (
                    value_node.named_children[0]
                    if value_node and value_node.named_children
                    else None
                )
                found.add(_literal_type(v) if v is not None else None)
        if len(found) != 1:
            return None
        t = found.pop()
        return t if t is not None and self.index.struct_fields(t) is not None else None

    # ------------------------------------------------------------------ stalled fields

    def stalled_field_of(self, expr: Node) -> tuple[str, str, Node, Node, str] | None:
        """For ``x.f`` (a receive's operand): whether only a stalling goroutine closes ``f``.

        The only send on or close of ``f`` in the package (of ``x``'s struct type, which
        must be known) is ``defer close(v.f)`` in a goroutine that can block forever before
        it returns (a goroutine another analysis found stuck on some path): the receive
        waits for that return, so it can wait forever too. Returns the field, its struct
        type, the close, and where the closing goroutine can block (and its file).
        """
        if self.may_block is None:
            return None
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        if expr.type != "selector_expression":
            return None
        fld = expr.child_by_field_name("field")
        operand = expr.child_by_field_name("operand")
        if fld is None or operand is None:
            return None
        name = parse.text(fld)
        stalled = self._stalled_closes()
        if not any(f == name for _, f, _, _, _ in stalled):
            return None
        typ = expr_type(operand, self.index)
        if typ is None or self.index.struct_fields(typ) is None:
            return None
        for close, f, t, why, why_path in stalled:
            if f != name or t != typ:
                continue
            args = close.child_by_field_name("arguments")
            sel = args.named_children[0] if args is not None and args.named_children else None
            if sel is not None and self.no_writer(name, typ, allowed=sel.id):
                return name, typ, close, why, why_path
        return None

    def behind_field_of(self, expr: Node) -> tuple[str, str, Node, Node, str] | None:
        """For ``x.f`` (a receive's operand): a field :attr:`behind` lists, with its entry."""
        if not self.behind:
            return None
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        fld = expr.child_by_field_name("field") if expr.type == "selector_expression" else None
        operand = expr.child_by_field_name("operand") if fld is not None else None
        if fld is None or operand is None:
            return None
        name = parse.text(fld)
        if not any(f == name for _, f, _, _, _ in self.behind):
            return None
        typ = expr_type(operand, self.index)
        for writer, f, t, why, why_path in self.behind:
            if f == name and t == typ:
                return f, t, writer, why, why_path
        return None

    def _stalled_closes(self) -> list[tuple[Node, str, str, Node, str]]:
        """Return the deferred ``close(v.f)`` of goroutines that can block forever.

        Each as (the close, ``f``, ``v``'s struct type, where its goroutine can block, that
        place's file).
        """
        if self._stalled is None:
            self._stalled = []
            for func, why, why_path in self.may_block() if self.may_block is not None else []:
                for close in _deferred_closes(func):
                    args = close.child_by_field_name("arguments")
                    sel = args.named_children[0] if args is not None else None
                    operand = sel.child_by_field_name("operand") if sel is not None else None
                    fld = sel.child_by_field_name("field") if sel is not None else None
                    if operand is None or fld is None or operand.type != "identifier":
                        continue
                    typ = expr_type(operand, self.index)
                    if typ is not None and self.index.struct_fields(typ) is not None:
                        self._stalled.append((close, parse.text(fld), typ, why, why_path))
        return self._stalled

    # ------------------------------------------------------------------ expressions

    def dead_field_of(self, expr: Node) -> tuple[str, str | None] | None:
        """Return the dead field ``expr`` (a receive's operand) evaluates to, if it is one.

        With it, the struct type declaring it, when known.
        """
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        if expr.type == "selector_expression":
            fld = expr.child_by_field_name("field")
            operand = expr.child_by_field_name("operand")
            name = parse.text(fld) if fld is not None else ""
            typ = expr_type(operand, self.index) if operand is not None else None
            if typ is not None and self.index.struct_fields(typ) is None:
                typ = None
            return (name, typ) if self.is_dead(name, typ) else None
        if expr.type == "call_expression":
            method = _method_of(expr, self.index)
            return self._getter_field(method, 0) if method is not None else None
        return None

    def _getter_field(self, method: Node, depth: int) -> tuple[str, str | None] | None:
        """For a method whose every return is ``nil`` or one dead field: that field."""
        got = self._getters.get(method.id)
        if got is not None or method.id in self._getters:
            return got
        self._getters[method.id] = None
        field: str | None = None
        vtypes: set[str | None] = set()
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
            operand = v.child_by_field_name("operand")
            name = parse.text(fld) if fld is not None else ""
            if field not in (None, name):
                ok = False
                break
            field = name
            vtypes.add(expr_type(operand, self.index) if operand is not None else None)
        typ = vtypes.pop() if len(vtypes) == 1 else None
        result = (field, typ) if ok and field is not None and self.is_dead(field, typ) else None
        self._getters[method.id] = result
        return result


def _stored_value(sel: Node) -> Node | None:
    """For ``x.f = v`` (``sel`` is ``x.f``): ``v``; None when ``sel`` is not assigned here."""
    got = parse.assignment_of(sel)
    if got is None or got[0].type != "assignment_statement":
        return None
    # Not paired: from a call's results, its value is unknown (no literal type).
    return got[1] if got[1] is not None else sel


def _is_write(sel: Node) -> bool:
    """``x.f <- v`` or ``close(x.f)``: ``sel`` (``x.f``) is sent on or closed here."""
    p = sel.parent
    if p is None:
        return False
    if p.type == "send_statement":
        return p.child_by_field_name("channel") == sel
    if p.type == "argument_list" and len(p.named_children) == 1:
        call = p.parent
        fn = call.child_by_field_name("function") if call is not None else None
        return fn is not None and fn.type == "identifier" and fn.text == b"close"
    return False


def _is_read(sel: Node) -> bool:
    """``x.f`` used for its value, or to call its method: not stored to, not its address."""
    p = sel.parent
    while p is not None and p.type == "parenthesized_expression":
        sel, p = p, p.parent
    if p is None:
        return False
    if p.type == "unary_expression":
        op = p.child(0)
        return op is not None and op.type != "&"
    if p.type in ("inc_statement", "dec_statement"):
        return False
    if p.type == "expression_list":
        stmt = p.parent
        if stmt is not None and stmt.child_by_field_name("left") == p:
            return False  # ``x.f, err := ...``, ``x.f += ...``, a range's variable
    return True


def _literal_type(v: Node) -> str | None:
    """``T`` for ``T{...}`` or ``&T{...}``; None for any other value."""
    if v.type == "unary_expression":
        op = v.child(0)
        inner = v.child_by_field_name("operand")
        if op is None or op.type != "&" or inner is None:
            return None
        v = inner
    if v.type != "composite_literal":
        return None
    return facts.named_type(v.child_by_field_name("type"))


def _declaring_type(decl: Node) -> str | None:
    """Return the name of the struct type whose field declaration ``decl`` is."""
    spec: Node | None = decl
    while spec is not None and spec.type != "type_spec":
        if (
            spec.type == "struct_type"
            and spec.parent is not None
            and spec.parent.type != "type_spec"
        ):
            return None  # a field of an anonymous struct
        spec = spec.parent
    name = spec.child_by_field_name("name") if spec is not None else None
    return parse.text(name) if name is not None else None


def _is_fresh(v: Node) -> bool:
    """``make(...)`` or ``nil``: a value no one else holds."""
    if v.type == "nil":
        return True
    if v.type != "call_expression":
        return False
    fn = v.child_by_field_name("function")
    return fn is not None and fn.text == b"make"


def _deferred_closes(func: Node) -> list[Node]:
    """Return the ``close(v.f)`` calls ``func`` defers, on every path of its own body.

    ``defer close(v.f)``, or ``defer func() { close(v.f) }()`` with the close a statement
    of the literal's body: they run when ``func`` returns, and only then.
    """
    out: list[Node] = []
    for call, fn in cfgmod.deferred_calls(func):
        calls = [call]
        if fn.type == "func_literal":
            inner = cfgmod.body_of(fn)
            calls = [
                c.named_children[0]
                for c in cfgmod.statements(inner)
                if c.type == "expression_statement" and c.named_children
            ]
        out.extend(c for c in calls if closed_selector(c) is not None)
    return out


def closed_selector(call: Node) -> Node | None:
    """For ``close(x.f)``: ``x.f``; None for any other call (or node)."""
    f = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if call.type != "call_expression" or f is None or f.text != b"close" or args is None:
        return None
    named = [a for a in args.named_children if a.type != "comment"]
    return named[0] if len(named) == 1 and named[0].type == "selector_expression" else None


def _receives(func: Node) -> list[Node]:
    """Return the plain receives of ``func`` itself.

    Not select cases, except the one case of a select without default: ``select { case
    <-ch: }`` waits exactly as ``<-ch`` does.
    """
    body = func.child_by_field_name("body")
    out: list[Node] = []
    if body is None:
        return out
    own = parse.own_ids(body)
    for n in parse.captures("deadchan.scm", body).get("recv.op", []):
        if n.id not in own:
            continue
        case = _in_select(n)
        if case is None or _sole_case(case):
            out.append(n)
    return sorted(out, key=lambda n: n.start_byte)


def _sole_case(case: Node) -> bool:
    """Tell whether ``case`` is the only case of its select (and there is no default)."""
    select = case.parent
    if select is None or select.type != "select_statement":
        return False
    cases = [c for c in select.named_children if c.type in ("communication_case", "default_case")]
    return len(cases) == 1 and cases[0].id == case.id


def _done_case(case: Node) -> Node | None:
    """Return the receive of ``case <-E:`` (or ``case v, ok := <-E:``), e.g. ``E.Done()``."""
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
    """Return the calls ``func`` makes as statements, or whose value it returns."""
    body = func.child_by_field_name("body")
    if body is None:
        return []
    own = parse.own_ids(body)
    calls = parse.captures("facts.scm", body).get("stmt.call", [])
    if b"return" in (body.text or b""):
        calls = calls + parse.captures("deadchan.scm", body).get("ret.call", [])
    return [c for c in calls if c.id in own]


def find_dead_receives(an: Analyzer, go: Goroutine, dead: DeadChannels) -> Iterator[DeadReceive]:
    """Yield where ``go`` blocks forever on a dead channel (the first such place)."""
    if go.body is None or go.body.has_error:
        return
    found = _search(an, go.body, go.path, dead, 0, set(), {}, top=True, start=go.stmt)
    if found is not None:
        node, path, field, typ, certain, context = found
        decl = None if context else _declaration(dead, field, typ)
        never = () if context else tuple(dead.never_run_writers(field, typ))
        yield DeadReceive(go, node, path, field, decl, certain, context, never_run=never)
        return
    trail: list[Node] = []
    stalled = _search(
        an,
        go.body,
        go.path,
        dead,
        0,
        set(),
        {},
        top=True,
        start=go.stmt,
        mode=_STALLED,
        trail=trail,
    )
    if stalled is not None:
        node, path, field, typ, _, _ = stalled
        operand = node.child_by_field_name("operand")
        got = dead.stalled_field_of(operand) if operand is not None else None
        if got is not None:
            decl = _declaration(dead, field, typ)
            anchor = trail[-1] if trail else None
            yield DeadReceive(go, node, path, field, decl, False, stalled=got[2:], anchor=anchor)


def dead_receive_site(an: Analyzer, go: Goroutine, dead: DeadChannels) -> Node | None:
    """Return the first receive ``go`` can reach that blocks forever once reached.

    A receive from a field nothing sends on or closes, or from a context nothing can
    cancel, in the goroutine's function or a package function it calls (the search of
    :func:`find_dead_receives`, without the fields that only a stalling goroutine closes).
    """
    if go.body is None or go.body.has_error:
        return None
    found = _search(an, go.body, go.path, dead, 0, set(), {}, top=True, start=go.stmt)
    return found[0] if found is not None else None


def find_behind_receives(an: Analyzer, go: Goroutine, dead: DeadChannels) -> Iterator[DeadReceive]:
    """Yield where ``go`` waits on a field whose only writer :attr:`DeadChannels.behind` lists.

    A plain receive, or a select without default whose every case receives from such a
    field or from a dead one.
    """
    if go.body is None or go.body.has_error or not dead.behind:
        return
    found = _search(an, go.body, go.path, dead, 0, set(), {}, top=True, start=go.stmt, mode=_BEHIND)
    if found is None:
        return
    node, path, field, typ, _, _ = found
    entry = next(
        (
            b
            for op in _behind_operands(node)
            if (b := dead.behind_field_of(op)) is not None and b[0] == field
        ),
        None,
    )
    if entry is not None:
        decl = _declaration(dead, field, typ)
        yield DeadReceive(go, node, path, field, decl, False, behind=entry[2:])


def _behind_operands(node: Node) -> list[Node]:
    """Return what ``node`` (a receive, or a select of receives) receives from."""
    if node.type == "select_statement":
        out = []
        for case in node.named_children:
            recv = _done_case(case)
            operand = recv.child_by_field_name("operand") if recv is not None else None
            if operand is not None:
                out.append(operand)
        return out
    operand = node.child_by_field_name("operand")
    return [operand] if operand is not None else []


def behind_writers(
    an: Analyzer, dead: DeadChannels, stalls: list[tuple[Node, Node, Node, str]]
) -> list[tuple[Node, str, str, Node, str]]:
    """Return the fields whose only writer runs only behind a point that can block forever.

    ``stalls``: (a function, the statement of it from which it can block forever, that
    place, its file). A writer (``close(x.f)``, ``x.f <- v``) in such a function, or in a
    package function it calls as a statement, reachable from that statement (through a
    loop, for the writer's next instance): when every call of the writer's function in the
    package is such a call, and it is the field's only writer, the instances it would
    write next may never be written. Each entry: (writer, field, struct type, the place,
    its file).
    """
    out: list[tuple[Node, str, str, Node, str]] = []
    seen: set[int] = set()
    after_of: dict[int, tuple[CFG, set[int]]] = {}
    for func, anchor, _why, _path in stalls:
        g = an.graphs.get(func)
        b = g.block_of(anchor) if g is not None else None
        if g is None or b is None:
            continue
        after: set[int] = set()
        for succ in g.succs(b):
            after |= g.reachable(succ)
        after_of[func.id] = (g, after)
    for func, _anchor, why, why_path in stalls:
        if func.id not in after_of:
            continue
        g, after = after_of[func.id]
        targets: list[tuple[Node, Node]] = [(func, func)]
        for call in _stmt_calls(func):
            cb = g.block_of(call)
            if cb is None or cb not in after:
                continue
            ref = _callee(an, call, dead, {})
            if ref is not None and _only_behind_calls(an, dead, ref[0], after_of):
                targets.append((ref[0], call))
        for target, site in targets:
            for w in _writes(target):
                if w.id in seen:
                    continue
                if target.id == func.id:
                    wb = g.block_of(w)
                    if wb is None or wb not in after:
                        continue
                elif site.id == func.id:
                    continue
                sel = _written(w)
                fld = sel.child_by_field_name("field") if sel is not None else None
                operand = sel.child_by_field_name("operand") if sel is not None else None
                if sel is None or fld is None or operand is None:
                    continue
                typ = expr_type(operand, dead.index)
                if typ is None or dead.index.struct_fields(typ) is None:
                    continue
                if dead.no_writer(parse.text(fld), typ, allowed=sel.id):
                    seen.add(w.id)
                    out.append((w, parse.text(fld), typ, why, why_path))
    return out


def _writes(func: Node) -> list[Node]:
    """Return the ``close(x.f)`` calls and ``x.f <- v`` sends of ``func``'s own body."""
    body = func.child_by_field_name("body")
    if body is None:
        return []
    own = parse.own_ids(body)
    out: list[Node] = []
    for n in parse.iter_descendants(body):
        if n.id not in own or _written(n) is None:
            continue
        out.append(n)
    return out


def _written(n: Node) -> Node | None:
    """For ``close(x.f)`` or ``x.f <- v`` (not in a select): ``x.f``."""
    if n.type == "send_statement":
        ch = n.child_by_field_name("channel")
        parent = n.parent
        if parent is not None and parent.type == "communication_case":
            return None
        return ch if ch is not None and ch.type == "selector_expression" else None
    if n.type != "call_expression":
        return None
    fn = n.child_by_field_name("function")
    args = n.child_by_field_name("arguments")
    if fn is None or fn.text != b"close" or args is None:
        return None
    named = [a for a in args.named_children if a.type != "comment"]
    return named[0] if len(named) == 1 and named[0].type == "selector_expression" else None


def _only_behind_calls(
    an: Analyzer, dead: DeadChannels, callee: Node, after_of: dict[int, tuple[CFG, set[int]]]
) -> bool:
    """Tell whether every call of ``callee`` in the package is a call behind a stall.

    Each call that may run ``callee`` (its name, called on a value of its type or of a type
    not known) sits in a function of ``after_of``, in one of its blocks there. Any other use
    of the name (a method value, say) that may be ``callee`` gives False.
    """
    name = callee.child_by_field_name("name")
    if name is None or not name.text:
        return False
    raw = name.text
    calls = 0
    for _path, root in _sources(an.index):
        src = root.text or b""
        for m in parse.find_word(raw, src):
            n = root.named_descendant_for_byte_range(m.start(), m.start() + len(raw))
            if n is None or n.id == name.id or n.type not in ("identifier", "field_identifier"):
                continue  # the declaration itself, a comment, a string
            up = n.parent
            if up is not None and up.type in ("function_declaration", "method_declaration"):
                continue  # another declaration of that name
            call = up.parent if up is not None and up.type == "selector_expression" else up
            fn = call.child_by_field_name("function") if call is not None else None
            if call is None or call.type != "call_expression" or fn is None:
                if up is not None and up.type == "selector_expression":
                    operand = up.child_by_field_name("operand")
                    typ = expr_type(operand, an.index) if operand is not None else None
                    if typ is not None and receiver_type_name(callee) not in (None, typ):
                        continue  # a field or method value of another type
                return False
            if fn.id != n.id and (up is None or fn.id != up.id):
                return False
            if fn.type == "selector_expression":
                method = _method_of(call, an.index)
                if method is not None and method.id != callee.id:
                    continue  # another type's method of that name
            elif callee.type == "method_declaration":
                continue  # a plain function call: not the method
            owner = parse.enclosing_function(call)
            entry = after_of.get(owner.id) if owner is not None else None
            cb = entry[0].block_of(call) if entry is not None else None
            if entry is None or cb is None or cb not in entry[1]:
                return False
            calls += 1
    return calls > 0


def _search(
    an: Analyzer,
    func: Node,
    path: str,
    dead: DeadChannels,
    depth: int,
    seen: set[int],
    bound: dict[str, Node],
    *,
    top: bool,
    start: Node,
    mode: str = "",
    trail: list[Node] | None = None,
) -> tuple[Node, str, str, str | None, bool, bool] | None:
    """Find a dead receive ``func`` reaches (``top``) or must reach (a callee).

    ``bound``: the caller's argument for each parameter of ``func``. ``mode``: look for a
    receive from a field only a goroutine that can block forever closes (``_STALLED``), or
    one whose only writer runs behind such a point (``_BEHIND``), instead. ``trail`` gets the
    place of each function on the way that leads to the receive, innermost first.
    """
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
    if mode == _BEHIND:
        candidates.extend((sel, sel, "select") for sel in _selects(func))
    for node, anchor, kind in sorted(candidates, key=lambda c: c[0].start_byte):
        b = g.block_of(anchor)
        if b is None or b not in reach or kind is None:
            continue
        every = _must_pass(g, b)
        if not top and not every:
            continue
        if kind == "select":
            pick = _behind_select(dead, node)
            if pick is not None:
                if trail is not None:
                    trail.append(anchor)
                return node, path, pick[0], pick[1], every, False
            continue
        if kind == "recv" and mode:
            operand = node.child_by_field_name("operand")
            got = None
            if operand is not None:
                got = (
                    dead.stalled_field_of(operand)
                    if mode == _STALLED
                    else dead.behind_field_of(operand)
                )
            if got is not None:
                if trail is not None:
                    trail.append(anchor)
                return node, path, got[0], got[1], every, False
            continue
        if kind == "recv":
            operand = node.child_by_field_name("operand")
            fld = dead.dead_field_of(operand) if operand is not None else None
            if fld is not None:
                return node, path, fld[0], fld[1], every, False
            ctx = dead.never_done(operand, node, g, start) if operand is not None else None
            if ctx is not None:
                return node, path, ctx, None, every, True
            continue
        ref = _callee(an, node, dead, bound)
        if ref is None:
            continue
        sub = _search(
            an,
            *ref,
            dead,
            depth + 1,
            seen,
            _bind(ref[0], node),
            top=False,
            start=start,
            mode=mode,
            trail=trail,
        )
        if sub is not None:
            if trail is not None:
                trail.append(anchor)
            return sub[0], sub[1], sub[2], sub[3], sub[4] and every, sub[5]
    return None


_STALLED: Final = "stalled"
_BEHIND: Final = "behind"


def _selects(func: Node) -> list[Node]:
    """Return the selects without default of ``func``'s own body, with two cases or more."""
    body = func.child_by_field_name("body")
    if body is None or b"select" not in (body.text or b""):
        return []
    own = parse.own_ids(body)
    out = []
    for n in parse.iter_descendants(body):
        if n.type != "select_statement" or n.id not in own:
            continue
        cases = [c for c in n.named_children if c.type in ("communication_case", "default_case")]
        if len(cases) >= 2 and all(c.type == "communication_case" for c in cases):
            out.append(n)
    return out


def _behind_select(dead: DeadChannels, sel: Node) -> tuple[str, str] | None:
    """For a select whose every case receives from a dead or behind field: a behind one."""
    found: tuple[str, str] | None = None
    for case in sel.named_children:
        if case.type != "communication_case":
            continue
        recv = _done_case(case)
        operand = recv.child_by_field_name("operand") if recv is not None else None
        if operand is None:
            return None
        got = dead.behind_field_of(operand)
        if got is not None:
            found = found or (got[0], got[1])
            continue
        if dead.dead_field_of(operand) is None:
            return None
    return found


def _callee(
    an: Analyzer, call: Node, dead: DeadChannels, bound: dict[str, Node]
) -> tuple[Node, str] | None:
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        if operand.type == "identifier" and parse.text(operand) in an.index.imports():
            return _library_callee(an, call, dead, bound)
        if not any(r.node.type == "method_declaration" for r in an.index.lookup(parse.text(fld))):
            return None  # no method of that name here: no need to type the receiver
        method = _method_of(call, an.index)
        if method is None:
            return None
        ref = next((r for r in an.index.lookup(_name(method)) if r.node.id == method.id), None)
        return (method, ref.path) if ref is not None else None
    ref = facts.resolve_call(fn, an.index)
    return (ref.node, ref.path) if ref is not None else None


# Standard-library functions that, on every call, call a method of one of their arguments:
# (import path, function) -> (that argument, the method, an argument that must be a
# non-empty buffer for the call to happen, if any). ``io.ReadFull(r, buf)`` reads nothing,
# and never calls ``r.Read``, when ``buf`` is empty.
_CALLS_METHOD: Final = {
    ("io", "ReadFull"): (0, "Read", 1),
    ("io", "ReadAll"): (0, "Read", None),
}


def _library_callee(
    an: Analyzer, call: Node, dead: DeadChannels, bound: dict[str, Node]
) -> tuple[Node, str] | None:
    """``io.ReadFull(s.r, p)``: the package's ``Read`` method it calls on ``s.r``.

    The argument's dynamic type must be certain: a variable of a package type, or a field
    every store of which is a literal of the same package type.
    """
    fn = call.child_by_field_name("function")
    pkg = fn.child_by_field_name("operand") if fn is not None else None
    name = fn.child_by_field_name("field") if fn is not None else None
    if pkg is None or name is None:
        return None
    entry = _CALLS_METHOD.get((_import_path(pkg) or "", parse.text(name)))
    args_node = call.child_by_field_name("arguments")
    args = [a for a in args_node.named_children if a.type != "comment"] if args_node else []
    if entry is None:
        return None
    target, method, buffer = entry
    if target >= len(args) or (buffer is not None and buffer >= len(args)):
        return None
    if buffer is not None and not _non_empty(args[buffer], bound, call):
        return None
    typ = dead.dynamic_type(args[target])
    ref = an.index.method(method, typ) if typ is not None else None
    if ref is None or ref.receiver_type != typ:
        return None
    return ref.node, ref.path


def _import_path(pkg: Node) -> str | None:
    """Return the import path the package name ``pkg`` stands for in its file."""
    root = pkg
    while root.parent is not None:
        root = root.parent
    want = parse.text(pkg)
    for alias, imported in parse.import_specs(root):
        if parse.import_name(alias, imported) == want:
            return imported
    return None


def _non_empty(expr: Node, bound: dict[str, Node], at: Node) -> bool:
    """Tell whether the slice ``expr`` certainly has elements: ``[]byte{1}``, ``make(T, 4)``.

    A parameter of the function around ``at`` that it never assigns stands for the caller's
    argument (``bound``).
    """
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    if expr.type == "identifier":
        arg = bound.get(parse.text(expr))
        func = parse.enclosing_function(at)
        body = func.child_by_field_name("body") if func is not None else None
        if arg is None or func is None or body is None:
            return False
        if any(u.op is facts.Op.DEF for u in facts.name_uses(body, parse.text(expr))):
            return False  # assigned in the function: no longer the caller's value
        return _non_empty(arg, {}, arg)
    if expr.type == "composite_literal":
        t = expr.child_by_field_name("type")
        body = expr.child_by_field_name("body")
        return (
            t is not None
            and t.type == "slice_type"
            and body is not None
            and bool(body.named_children)
        )
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        args_node = expr.child_by_field_name("arguments")
        args = [a for a in args_node.named_children if a.type != "comment"] if args_node else []
        if fn is None or fn.text != b"make" or len(args) < 2 or args[0].type != "slice_type":
            return False
        n = facts.int_value(args[1])
        return n is not None and n > 0
    return False


def _bind(callee: Node, call: Node) -> dict[str, Node]:
    """Return the callee's parameters bound to the call's arguments (one call deep)."""
    args_node = call.child_by_field_name("arguments")
    args = [a for a in args_node.named_children if a.type != "comment"] if args_node else []
    names = facts.param_names(callee)
    return {n: a for n, a in zip(names, args, strict=False) if n and n != "_"}


def _name(func: Node) -> str:
    n = func.child_by_field_name("name")
    return parse.text(n) if n is not None else ""


def _must_pass(g: CFG, b: int) -> bool:
    """Every path from the entry to the exit goes through ``b`` (or there is no exit)."""
    return facts.on_every_path(g, b)


def _declaration(dead: DeadChannels, field: str, typ: str | None) -> tuple[str, Node] | None:
    raw = field.encode()
    for path, caps in dead._files(raw):
        for n in caps.get("field.decl", []):
            if n.text != raw or n.parent is None:
                continue
            if typ is None or _declaring_type(n.parent) == typ:
                return path, n.parent
    return None
