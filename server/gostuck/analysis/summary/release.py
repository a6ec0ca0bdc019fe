"""Sync waits on an owner's path that nothing else can release.

:mod:`gostuck.analysis.partner.race` asks whether a wait on the owner's path before a trigger (a
``Lock``, a ``Cond.Wait``) orders the trigger after a blocked goroutine's operation. It can
only if what releases the wait can run after that operation: in another goroutine, since the
owner's own path runs in order. :class:`Releases` answers "can anything but the owner's own
code release this wait?" for waits on a field of a value the owner built itself (so another
run of the owner has a value of its own):

- ``x.mu.Lock()`` / ``RLock()`` on a ``sync.Mutex``/``RWMutex`` field: released by
  ``Unlock``/``RUnlock`` of that field, and by ``Wait`` on a Cond made with
  ``sync.NewCond(&x.mu)``;
- ``x.c.Wait()`` on a ``sync.Cond`` field, inside a loop or branch the function can get
  around: released by ``Signal``/``Broadcast`` of that field.

Every use of the field in the package must be one of those (uses on another struct type
with its own field of that name aside). The wait does not order the trigger when no
releasing use is in code that can run outside the owner's own path: the goroutines that path
starts and the function values it hands on (go statements and func literals in the owner
and in everything it calls, functions it uses as values), and all they call. Calls resolve
by receiver type; a method call that does not resolve reaches every method of that name.
Anything else (another primitive, a field handed on, too much to walk) keeps the wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import deadchan
from gostuck.analysis.flow.deadchan import _sources
from gostuck.analysis.flow.facts import (
    Analyzer,
    Op,
    innermost_function,
    name_uses,
    named_type,
    resolve_call,
)
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse

_MUTEX_TYPES: Final = frozenset({"sync.Mutex", "sync.RWMutex", "*sync.Mutex", "*sync.RWMutex"})
_COND_TYPES: Final = frozenset({"*sync.Cond", "sync.Cond"})
_MAX_FRESH: Final = 3  # constructors returning another's result
_MAX_FUNCS: Final = 400  # more functions to walk: too costly, the wait keeps ordering


def fresh_local(index: PackageIndex, parent: Node, ident: Node) -> bool:
    """Tell whether ``ident`` is a local of ``parent`` bound once, to a value built there."""
    body = cfgmod.body_of(parent)
    if body is None:
        return False
    defs = [u for u in name_uses(body, parse.text(ident)) if u.op is Op.DEF]
    if len(defs) != 1 or innermost_function(defs[0].node, parent).id != parent.id:
        return False
    decl = defs[0].node
    if decl.type != "short_var_declaration":
        return False
    left = decl.child_by_field_name("left")
    right = decl.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != len(right.named_children):
        return False
    i = [c.text for c in left.named_children].index(ident.text)
    return fresh_value(index, right.named_children[i], 0)


def fresh_value(index: PackageIndex, v: Node, depth: int) -> bool:
    """``T{...}``, ``&T{...}``, ``make(...)``, or a package function returning only those."""
    while v.type == "parenthesized_expression" and v.named_children:
        v = v.named_children[0]
    if v.type == "unary_expression":
        op = v.child(0)
        inner = v.child_by_field_name("operand")
        return (
            op is not None
            and op.type == "&"
            and inner is not None
            and fresh_value(index, inner, depth)
        )
    if v.type == "composite_literal":
        return True
    if v.type != "call_expression" or depth >= _MAX_FRESH:
        return False
    fn = v.child_by_field_name("function")
    if fn is None or fn.type != "identifier":
        return False
    if fn.text in (b"make", b"new"):
        return True
    ref = index.function(parse.text(fn))
    if ref is None:
        return False
    fbody = cfgmod.body_of(ref.node)
    if fbody is None:
        return False
    rets = [
        n
        for n in parse.iter_descendants(fbody)
        if n.type == "return_statement" and innermost_function(n, ref.node).id == ref.node.id
    ]
    if not rets:
        return False
    for r in rets:
        vals = r.named_children[0].named_children if r.named_children else []
        if len(vals) != 1:
            return False
        val = vals[0]
        if val.type == "identifier":
            # v := &T{...}; ...; return v
            if not fresh_local(index, ref.node, val):
                return False
            continue
        if not fresh_value(index, val, depth + 1):
            return False
    return True


class Releases:
    """For one owner function: which waits on its own values only its own path can release."""

    def __init__(self, an: Analyzer, owner: Node) -> None:
        """Look at the package of ``an`` with the owner function ``owner``."""
        self.an = an
        self.owner = owner
        self._reach: set[int] | None = None
        self._walked = False

    # ------------------------------------------------------------------ the question

    def unreleased(self, call: Node) -> bool:
        """Tell whether only the owner's own path can release the wait ``call``.

        ``call`` is ``x.f.Lock()``, ``x.f.RLock()`` or ``x.f.Wait()``; the caller has made
        sure ``x`` is a value the owner built.
        """
        fn = call.child_by_field_name("function")
        sel = fn.child_by_field_name("operand") if fn is not None else None
        meth = fn.child_by_field_name("field") if fn is not None else None
        if sel is None or meth is None or sel.type != "selector_expression":
            return False
        base = sel.child_by_field_name("operand")
        fld = sel.child_by_field_name("field")
        if base is None or fld is None:
            return False
        index = self.an.index
        typ = deadchan.expr_type(base, index)
        fields = index.struct_fields(typ) if typ is not None else None
        ftype = fields.get(parse.text(fld)) if fields is not None else None
        if typ is None or ftype is None:
            return False
        kind = parse.text(ftype)
        method = parse.text(meth)
        if method in ("Lock", "RLock") and kind in _MUTEX_TYPES:
            sites = self._mutex_releases(parse.text(fld), typ)
        elif method == "Wait" and kind in _COND_TYPES and self._avoidable(call):
            sites = self._field_calls(parse.text(fld), typ, {"Signal", "Broadcast"}, {"Wait"})
        else:
            return False
        if sites is None:
            return False
        reach = self.reach()
        return reach is not None and not any(self._reached(s, reach) for s in sites)

    def _avoidable(self, call: Node) -> bool:
        """Tell whether the function of ``call`` can return without passing it."""
        func = parse.enclosing_function(call)
        g = self.an.graphs.get(func) if func is not None else None
        b = g.block_of(call) if g is not None else None
        if g is None or b is None:
            return False
        seen = {g.entry}
        todo = [g.entry]
        while todo:
            x = todo.pop()
            if x == g.exit:
                return True
            for s in g.blocks[x].succs:
                if s != b and s not in seen:
                    seen.add(s)
                    todo.append(s)
        return False

    # ------------------------------------------------------------------ releasing uses

    def _mutex_releases(self, field: str, typ: str) -> list[Node] | None:
        """Return the uses of the mutex field that release it; None when one is unknown.

        ``Unlock``/``RUnlock`` calls, and the ``Wait`` calls on a Cond field built with
        ``sync.NewCond(&x.field)`` (a Cond's Wait unlocks its lock while it waits).
        """
        out: list[Node] = []
        conds: set[tuple[str, str | None]] = set()
        for sel in self._selectors(field, typ):
            call = _method_call(sel)
            if call is not None:
                name = _called_name(call)
                if name in ("Unlock", "RUnlock"):
                    out.append(call)
                    continue
                if name in ("Lock", "RLock", "TryLock", "TryRLock"):
                    continue
                return None
            made = _cond_made_of(sel, self.an.index)
            if made is None:
                return None
            conds.add(made)
        for cond, ctyp in conds:
            got = self._field_calls(cond, ctyp, {"Wait"}, {"Signal", "Broadcast"}, locks=True)
            if got is None:
                return None
            out.extend(got)
        return out

    def _field_calls(
        self,
        field: str,
        typ: str | None,
        releases: set[str],
        others: set[str],
        *,
        locks: bool = False,
    ) -> list[Node] | None:
        """Return the calls ``x.field.M()`` with ``M`` in ``releases``; None on an unknown use.

        Calls of ``others`` are harmless; a store of ``sync.NewCond(...)`` too; with
        ``locks``, ``x.field.L.Unlock()`` releases and ``x.field.L.Lock()`` is harmless.
        """
        out: list[Node] = []
        for sel in self._selectors(field, typ):
            call = _method_call(sel)
            if call is not None:
                name = _called_name(call)
                if name in releases:
                    out.append(call)
                    continue
                if name in others:
                    continue
                return None
            up = sel.parent
            if locks and up is not None and up.type == "selector_expression":
                inner = _method_call(up)
                lname = _called_name(inner) if inner is not None else None
                if lname in ("Unlock", "RUnlock"):
                    out.append(up)
                    continue
                if lname in ("Lock", "RLock"):
                    continue
                return None
            if _stores_new_cond(sel):
                continue
            return None
        return out

    def _selectors(self, field: str, typ: str | None) -> Iterator[Node]:
        """Yield every ``x.field`` of the package (not those on another struct type)."""
        raw = field.encode()
        index = self.an.index
        for _path, root in _sources(index):
            if next(parse.find_word(raw, root.text or b""), None) is None:
                continue
            for n in parse.iter_descendants(root):
                if n.type != "field_identifier" or n.text != raw or n.parent is None:
                    continue
                sel = n.parent
                if sel.type != "selector_expression" or sel.child_by_field_name("field") != n:
                    continue
                operand = sel.child_by_field_name("operand")
                if typ is not None and operand is not None:
                    t = deadchan.expr_type(operand, index)
                    if t is not None and t != typ:
                        continue
                yield sel

    # ------------------------------------------------------------------ reach

    def _reached(self, site: Node, reach: set[int]) -> bool:
        """Tell whether ``site`` is in code reachable from outside the owner's path."""
        for a in parse.ancestors(site):
            if a.type in parse.FUNCTION_TYPES and a.id in reach:
                return True
            if a.id == self.owner.id:
                return False
        return False

    def reach(self) -> set[int] | None:
        """Return the functions and literals that can run in goroutines of the owner's world.

        The owner's own path runs the functions it calls (through package calls, by receiver
        type, else every function of that name); what that path starts in goroutines or
        hands on as function values (go statements, func literals, functions used as values)
        can run elsewhere: those and everything they call are returned.
        """
        if self._walked:
            return self._reach
        self._walked = True
        index = self.an.index
        roots: list[Node] = []
        sync: set[int] = set()
        todo: list[Node] = [self.owner]
        while todo:
            f = todo.pop()
            if f.id in sync:
                continue
            if len(sync) >= _MAX_FUNCS:
                return None
            sync.add(f.id)
            body = cfgmod.body_of(f)
            stack = [body] if body is not None else []
            while stack:
                n = stack.pop()
                if n.type == "func_literal":
                    roots.append(n)
                    continue
                if n.type == "go_statement":
                    call = next((c for c in n.named_children if c.type == "call_expression"), None)
                    fn = call.child_by_field_name("function") if call is not None else None
                    if fn is not None and fn.type != "func_literal":
                        roots.extend(_callees(fn, index))
                    stack.extend(n.children)
                    continue
                if n.type == "call_expression":
                    fn = n.child_by_field_name("function")
                    if fn is not None and fn.type != "func_literal":
                        todo.extend(_callees(fn, index))
                elif n.type in ("identifier", "field_identifier") and not _is_called(n):
                    roots.extend(r.node for r in index.lookup(parse.text(n)))
                stack.extend(n.children)
        seen: set[int] = set()
        while roots:
            f = roots.pop()
            if f.id in seen:
                continue
            if len(seen) >= _MAX_FUNCS:
                return None
            seen.add(f.id)
            body = f.child_by_field_name("body")
            for n in parse.iter_descendants(body) if body is not None else []:
                if n.type == "call_expression":
                    fn = n.child_by_field_name("function")
                    if fn is not None:
                        roots.extend(_callees(fn, index))
                elif n.type in ("identifier", "field_identifier") and not _is_called(n):
                    roots.extend(r.node for r in index.lookup(parse.text(n)))
        self._reach = seen
        return seen


def _callees(fn: Node, index: PackageIndex) -> list[Node]:
    """Return the declarations a call's function ``fn`` may run (by type, else by name)."""
    ref = resolve_call(fn, index)
    if ref is not None:
        return [ref.node]
    if fn.type == "identifier":
        return [r.node for r in index.lookup(parse.text(fn))]
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if fld is None or (operand is not None and parse.text(operand) in index.imports()):
            return []
        return [r.node for r in index.lookup(parse.text(fld))]
    return []


def _is_called(n: Node) -> bool:
    """Tell whether the identifier ``n`` names the function a call runs (``f()``, ``x.f()``)."""
    p = n.parent
    if p is None:
        return False
    if p.type == "call_expression":
        return p.child_by_field_name("function") == n
    if p.type == "selector_expression" and p.child_by_field_name("field") == n:
        gp = p.parent
        return (
            gp is not None
            and gp.type == "call_expression"
            and (gp.child_by_field_name("function") == p)
        )
    return p.type in ("function_declaration", "method_declaration", "method_elem")


def _method_call(sel: Node) -> Node | None:
    """For ``x.f`` in ``x.f.M(...)``: that call."""
    up = sel.parent
    call = up.parent if up is not None else None
    if up is None or call is None or up.type != "selector_expression":
        return None
    if up.child_by_field_name("operand") != sel or call.type != "call_expression":
        return None
    return call if call.child_by_field_name("function") == up else None


def _called_name(call: Node) -> str | None:
    fn = call.child_by_field_name("function")
    fld = fn.child_by_field_name("field") if fn is not None else None
    return parse.text(fld) if fld is not None else None


def _cond_made_of(sel: Node, index: PackageIndex) -> tuple[str, str | None] | None:
    """For ``&x.mu`` in ``y.c = sync.NewCond(&x.mu)`` (or ``T{c: sync.NewCond(&x.mu)}``).

    The Cond's field ``c`` and the struct type holding it, when known.
    """
    amp = sel.parent
    if amp is None or amp.type != "unary_expression":
        return None
    op = amp.child(0)
    args = amp.parent
    call = args.parent if args is not None else None
    if op is None or op.type != "&" or args is None or call is None:
        return None
    if args.type != "argument_list" or len(args.named_children) != 1:
        return None
    fn = call.child_by_field_name("function")
    if call.type != "call_expression" or fn is None or parse.text(fn) != "sync.NewCond":
        return None
    up = call.parent
    if up is not None and up.type == "literal_element":
        keyed = up.parent
        key = keyed.child_by_field_name("key") if keyed is not None else None
        body = keyed.parent if keyed is not None else None
        lit = body.parent if body is not None else None
        ltype = (
            named_type(lit.child_by_field_name("type"))
            if lit is not None and lit.type == "composite_literal"
            else None
        )
        if keyed is not None and keyed.type == "keyed_element" and key is not None:
            return parse.text(key), ltype
        return None
    if up is None or up.type != "expression_list":
        return None
    stmt = up.parent
    if stmt is None or stmt.type != "assignment_statement" or len(up.named_children) != 1:
        return None
    left = stmt.child_by_field_name("left")
    target = left.named_children[0] if left is not None and len(left.named_children) == 1 else None
    if target is None or target.type != "selector_expression":
        return None
    fld = target.child_by_field_name("field")
    base = target.child_by_field_name("operand")
    if fld is None or base is None:
        return None
    return parse.text(fld), deadchan.expr_type(base, index)


def _stores_new_cond(sel: Node) -> bool:
    """``x.c = sync.NewCond(...)``: the store that makes the Cond."""
    up = sel.parent
    stmt = up.parent if up is not None else None
    if up is None or stmt is None or up.type != "expression_list":
        return False
    if stmt.type != "assignment_statement" or stmt.child_by_field_name("left") != up:
        return False
    right = stmt.child_by_field_name("right")
    vals = right.named_children if right is not None else []
    if len(vals) != 1 or len(up.named_children) != 1 or vals[0].type != "call_expression":
        return False
    fn = vals[0].child_by_field_name("function")
    return fn is not None and parse.text(fn) == "sync.NewCond"
