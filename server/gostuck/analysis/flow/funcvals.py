"""Function values: what a call through a variable, a parameter or a struct field runs.

A call names a package function or method most of the time, and :func:`facts.resolve_call`
finds it through the package index. The rest call a *function value*:

- a local bound once: ``f := func() { ... }; go f()``, ``stop := s.shutdown``;
- a struct field of func type whose every assignment in the package is the same known
  function: ``m.closeFn = c.Close``, ``&keeper{deleteFn: del}`` with ``del`` a constructor
  parameter that every call of the constructor binds to the same function;
- a parameter, bound at the call site: ``RunWorker(func() { ... })`` makes ``f()`` inside
  ``RunWorker`` run that literal. Call sites bind it through :class:`consts.Value`'s ``func``,
  so each call site is its own specialisation of the callee, cached by (function, values).

Anything else (several different assignments, a value passed in from outside the package, a
field of an exported type set by other packages) is unknown: None, which means silence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import consts
from gostuck.analysis.flow import facts as _facts
from gostuck.analysis.flow.index import FuncRef, PackageIndex, cached_tree, package_name, peek_tree
from gostuck.syntax import parse

MAX_DEPTH: Final = 4
_UNKNOWN: Final = object()


def _memo(index: PackageIndex) -> dict[object, object]:
    got: dict[object, object] | None = getattr(index, "_funcvals", None)
    if got is None:
        got = {}
        index._funcvals = got  # type: ignore[attr-defined]
    return got


def _memoized(
    index: PackageIndex, key: tuple[str, str, str], compute: Callable[[], FuncRef | None]
) -> FuncRef | None:
    """Return ``compute()``, cached per package under ``key``; None while it is being computed.

    The placeholder stored first is the recursion guard: a field whose value depends on
    itself (through a chain of assignments) is unknown, not an endless walk.
    """
    memo = _memo(index)
    if key in memo:
        got = memo[key]
        return got if isinstance(got, FuncRef) else None
    memo[key] = _UNKNOWN
    result = compute()
    memo[key] = result if result is not None else _UNKNOWN
    return result


def path_of(node: Node, index: PackageIndex) -> str:
    """Return the file of the package that holds ``node`` (the analysed file by default)."""
    root = node
    for a in parse.ancestors(node):
        root = a
    if root.id == index.root.id:
        return index.path
    # The node's tree is the cached parse of its file (a new parse would be another tree):
    # look among the cached ones first, parsing nothing; else match the text.
    for sib_path, sib_src in index.package.items():
        tree = peek_tree(sib_src) if sib_path != index.path else None
        if tree is not None and tree.root_node.id == root.id:
            return sib_path
    size = root.end_byte
    for sib_path, sib_src in index.package.items():
        if sib_path != index.path and len(sib_src) == size and root.text == sib_src:
            return sib_path
    return index.path


def _ref(node: Node, index: PackageIndex) -> FuncRef:
    recv = None
    if node.type == "method_declaration":
        from gostuck.analysis.flow.index import receiver_type_name

        recv = receiver_type_name(node)
    return FuncRef(path_of(node, index), node, recv)


def _unparen(expr: Node) -> Node:
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    return expr


def is_visible_only_here(name: str, index: PackageIndex) -> bool:
    """Tell whether no other package can name ``name`` (unexported, or package main)."""
    return not name[:1].isupper() or package_name(index.source) == "main"


def resolve_value(
    expr: Node, index: PackageIndex, env: consts.Env | None = None, depth: int = 0
) -> FuncRef | None:
    """Return the function the function value ``expr`` is, when certain.

    ``expr`` is a func literal, a package function, a method value (``c.Close``), a local
    bound once, a parameter ``env`` binds, a func field assigned one known function across
    the package, or a call of a package function that returns one func literal.
    """
    if depth > MAX_DEPTH:
        return None
    expr = _unparen(expr)
    t = expr.type
    if t == "func_literal":
        return FuncRef(path_of(expr, index), expr)
    if t == "identifier":
        return _identifier(expr, index, env, depth)
    if t == "selector_expression":
        ref = _facts.resolve_call(expr, index)
        if ref is not None:
            return ref
        return selector_field(expr, index, depth)
    if t == "call_expression":
        return _returned(expr, index, depth)
    return None


def _identifier(
    ident: Node, index: PackageIndex, env: consts.Env | None, depth: int
) -> FuncRef | None:
    name = parse.text(ident)
    ranged, source = _range_source(ident)
    if ranged:
        return _element_value(source, index, depth) if source is not None else None
    kind, _func, value = binding(ident)
    if kind == "param":
        v = env.get(name) if env else None
        return v.func if v is not None else None
    if kind == "local" and value is not None:
        return resolve_value(value, index, env, depth + 1)
    if kind == "none":
        return index.function(name)
    return None


def binding(ident: Node) -> tuple[str, Node | None, Node | None]:
    """Say how the name ``ident`` is bound where it is used.

    ``("param", func, None)`` for a parameter or receiver of ``func`` (or of a function
    around it); ``("local", func, value)`` for a local declared once with a value and never
    assigned again (``value`` None when it is assigned otherwise); ``("none", None, None)``
    when no function around it declares it (a package-level name); ``("unknown", ...)``
    otherwise.
    """
    name = ident.text or b""
    text = name.decode("utf-8", "replace")
    func = parse.enclosing_function(ident)
    while func is not None:
        for part in ("receiver", "parameters"):
            params = func.child_by_field_name(part)
            for pd in params.named_children if params is not None else []:
                if any(n.text == name for n in pd.children_by_field_name("name")):
                    return "param", func, None
        body = func.child_by_field_name("body")
        decls: list[Node] = []
        writes = 0
        for other in _facts.idents_named(body, text) if body is not None else []:
            p = other.parent
            if p is None:
                continue
            if p.type == "var_spec" and any(
                n.id == other.id for n in p.children_by_field_name("name")
            ):
                if _facts.innermost_function(other, func).id == func.id:
                    decls.append(other)
                else:
                    return "unknown", func, None  # shadowed in a literal: do not guess
            elif p.type == "expression_list" and p.parent is not None:
                gp = p.parent
                if gp.type in ("short_var_declaration", "assignment_statement") and (
                    gp.child_by_field_name("left") == p
                ):
                    if gp.type == "short_var_declaration":
                        if _facts.innermost_function(other, func).id != func.id:
                            return "unknown", func, None
                        decls.append(other)
                    else:
                        writes += 1
            elif p.type in ("inc_statement", "dec_statement", "range_clause"):
                writes += 1
            elif p.type == "unary_expression" and p.child(0) is not None:
                op = p.child(0)
                if op is not None and op.type == "&":
                    writes += 1
        if decls:
            if len(decls) != 1:
                return "unknown", func, None
            value = _declared_value(decls[0])
            if value is None and writes == 1:
                value = _single_write(body, text) if body is not None else None
                return ("local", func, value) if value is not None else ("unknown", func, None)
            if writes or value is None:
                return "unknown", func, None
            return "local", func, value
        if func.type != "func_literal":
            return "none", None, None
        func = parse.enclosing_function(func)
    return "none", None, None


def _declared_value(name: Node) -> Node | None:
    """Return the value ``name`` is declared with (``name := v`` or ``var name = v``)."""
    p = name.parent
    if p is None:
        return None
    if p.type == "var_spec":
        names = list(p.children_by_field_name("name"))
        value = p.child_by_field_name("value")
        vals = value.named_children if value is not None else []
        if len(vals) != len(names):
            return None
        return vals[[n.id for n in names].index(name.id)]
    decl = p.parent
    right = decl.child_by_field_name("right") if decl is not None else None
    if right is None or len(right.named_children) != len(p.named_children):
        return None
    return right.named_children[[n.id for n in p.named_children].index(name.id)]


def _single_write(body: Node, name: str) -> Node | None:
    """Return ``v`` of the one ``name = v`` in ``body``, made in ``body``'s own function."""
    for other in _facts.idents_named(body, name):
        p = other.parent
        gp = p.parent if p is not None else None
        if p is None or gp is None or p.type != "expression_list":
            continue
        if gp.type == "assignment_statement" and gp.child_by_field_name("left") == p:
            op = gp.child_by_field_name("operator")
            if op is not None and op.type != "=":
                return None
            if parse.enclosing_function(gp) != parse.enclosing_function(body):
                return None  # set by a literal: when it runs is another question
            right = gp.child_by_field_name("right")
            if right is None or len(right.named_children) != len(p.named_children):
                return None
            return right.named_children[[n.id for n in p.named_children].index(other.id)]
    return None


def _returned(call: Node, index: PackageIndex, depth: int) -> FuncRef | None:
    """``newDeleter(t)`` whose one return statement returns a func literal: that literal.

    A conversion ``Handler(func() { ... })`` is the literal too.
    """
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "identifier" or args is None:
        return None
    ref = index.function(parse.text(fn))
    if ref is None:
        named = [a for a in args.named_children if a.type != "comment"]
        lit = len(named) == 1 and _unparen(named[0]).type == "func_literal"
        if lit and not index.lookup(parse.text(fn)):
            return resolve_value(named[0], index, None, depth + 1)
        return None
    body = ref.node.child_by_field_name("body")
    if body is None:
        return None
    rets = [
        r
        for r in parse.iter_descendants(body)
        if r.type == "return_statement" and parse.enclosing_function(r) == ref.node
    ]
    if len(rets) != 1:
        return None
    values = rets[0].named_children
    if len(values) != 1 or len(values[0].named_children) != 1:
        return None
    value = _unparen(values[0].named_children[0])
    if value.type == "call_expression":
        inner = value.child_by_field_name("arguments")
        named = [a for a in inner.named_children if a.type != "comment"] if inner else []
        if len(named) == 1 and _unparen(named[0]).type == "func_literal":
            value = _unparen(named[0])  # return Handler(func() { ... })
    if value.type != "func_literal":
        return None
    return FuncRef(ref.path, value)


# --------------------------------------------------------------------------- fields


def selector_field(sel: Node, index: PackageIndex, depth: int = 0) -> FuncRef | None:
    """Return the one function every assignment in the package gives the field ``x.f``."""
    operand = sel.child_by_field_name("operand")
    fld = sel.child_by_field_name("field")
    if operand is None or fld is None:
        return None
    typ = expr_type(operand, index)
    if typ is None:
        return None
    return field_value(typ, parse.text(fld), index, depth)


def expr_type(expr: Node, index: PackageIndex) -> str | None:
    """Return the named type of ``x`` or ``x.f`` (a field of a package struct), if known."""
    expr = _unparen(expr)
    if expr.type == "identifier":
        return _facts.operand_type(expr, index)
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        base = expr_type(operand, index)
        fields = index.struct_fields(base) if base is not None else None
        if fields is None:
            return None
        return _facts.named_type(fields.get(parse.text(fld)))
    return None


def field_value(typ: str, name: str, index: PackageIndex, depth: int = 0) -> FuncRef | None:
    """Return the function the func field ``typ.name`` always holds, or None (cached)."""
    return _memoized(index, ("field", typ, name), lambda: _field_value(typ, name, index, depth))


def _field_value(typ: str, name: str, index: PackageIndex, depth: int) -> FuncRef | None:
    fields = index.struct_fields(typ)
    if fields is None or name not in fields or depth > MAX_DEPTH:
        return None
    if fields[name].type not in ("function_type", "type_identifier", "qualified_type"):
        return None
    if not is_visible_only_here(name, index):
        # Another package may set it. An unexported field it cannot name, even in a
        # field of an exported type (``T{f: v}`` and ``x.f = v`` do not compile there).
        return None
    found: FuncRef | None = None
    seen = 0
    for value in _field_writes(name, index, typ):
        if value is None:
            return None
        ref = resolve_value(value, index, None, depth + 1)
        if ref is None and value.type == "identifier":
            ref = _param_value(value, index, depth + 1)
        if ref is None or (found is not None and ref.node != found.node):
            return None
        found = ref
        seen += 1
    return found if seen else None


def _package_roots(index: PackageIndex, needle: bytes) -> Iterator[tuple[str, bytes, Node]]:
    yield index.path, index.source, index.root
    for sib_path, sib_src in index.package.items():
        if sib_path == index.path or package_name(sib_src) != package_name(index.source):
            continue
        if needle in sib_src:
            yield sib_path, sib_src, cached_tree(sib_src).root_node


def field_writes(name: str, index: PackageIndex, typ: str | None = None) -> Iterator[Node | None]:
    """Yield the value of every write of the field ``name`` in the package (or None)."""
    return _field_writes(name, index, typ)


def _field_writes(name: str, index: PackageIndex, typ: str | None = None) -> Iterator[Node | None]:
    """Yield the value of every write of a field called ``name`` in the package.

    ``x.name = v`` and ``T{name: v}``; None for a write we cannot read (``&x.name``, an
    operator assignment, several values from one call). With ``typ``, the struct type of
    the field: writes to another struct type known to declare its own ``name`` are left out.
    """
    for _path, src, root in _package_roots(index, name.encode()):
        for m in parse.find_word(name.encode(), src):
            n = root.named_descendant_for_byte_range(m.start(), m.end())
            if n is None or n.type not in ("field_identifier", "identifier"):
                continue
            p = n.parent
            if p is None:
                continue
            if p.type == "selector_expression" and p.child_by_field_name("field") == n:
                if typ is not None and _other_type(
                    p.child_by_field_name("operand"), name, typ, index
                ):
                    continue
                yield from _selector_write(p)
            elif p.type == "literal_element":
                el = p.parent
                if el is not None and el.type == "keyed_element":
                    key = el.child_by_field_name("key")
                    value = el.child_by_field_name("value")
                    if key is not None and key.id == p.id and value is not None:
                        if typ is not None and _literal_type(el) not in (None, typ):
                            continue  # ``U{name: v}`` sets U's own field
                        inner = value.named_children
                        yield inner[0] if inner and inner[0].type != "literal_value" else None


def _other_type(operand: Node | None, name: str, typ: str, index: PackageIndex) -> bool:
    """Tell whether ``operand`` is known to be a struct other than ``typ`` declaring ``name``."""
    t = expr_type(operand, index) if operand is not None else None
    if t is None or t == typ:
        return False
    fields = index.struct_fields(t)
    return fields is not None and name in fields


def _literal_type(keyed: Node) -> str | None:
    """Return ``T`` of the ``T{...}`` a keyed element belongs to, when it names one."""
    body = keyed.parent
    lit = body.parent if body is not None else None
    if lit is not None and lit.type == "literal_element":
        # ``map[K]*T{k: {f: v}}``: an elided type, the element type of the outer literal.
        outer_body = lit.parent
        if outer_body is not None and outer_body.type == "keyed_element":
            outer_body = outer_body.parent
        outer = outer_body.parent if outer_body is not None else None
        t = outer.child_by_field_name("type") if outer is not None else None
        if t is None or t.type not in ("slice_type", "array_type", "map_type"):
            return None
        return _facts.named_type(t.child_by_field_name("value") or t.child_by_field_name("element"))
    if lit is None or lit.type != "composite_literal":
        return None
    return _facts.named_type(lit.child_by_field_name("type"))


def _selector_write(sel: Node) -> Iterator[Node | None]:
    up = _facts._unparen(sel)
    p = up.parent
    if p is None:
        return
    if p.type == "unary_expression":
        op = p.child(0)
        if op is not None and op.type == "&":
            yield None
        return
    if p.type != "expression_list":
        return
    gp = p.parent
    if gp is None or gp.type != "assignment_statement" or gp.child_by_field_name("left") != p:
        return
    oper = gp.child_by_field_name("operator")
    right = gp.child_by_field_name("right")
    if oper is None or oper.type != "=" or right is None:
        yield None
        return
    if len(right.named_children) != len(p.named_children):
        yield None
        return
    yield right.named_children[[c.id for c in p.named_children].index(up.id)]


def param_value(ident: Node, index: PackageIndex) -> FuncRef | None:
    """Return the one function every call of the package binds parameter ``ident`` to."""
    return _param_value(_unparen(ident), index, 0)


def _param_value(ident: Node, index: PackageIndex, depth: int) -> FuncRef | None:
    """For a parameter ``ident``: the one function every call in the package binds it to."""
    kind, func, _ = binding(ident)
    if kind != "param" or func is None:
        return None
    if func.type not in ("function_declaration", "method_declaration"):
        return None
    fname = func.child_by_field_name("name")
    if fname is None or not is_visible_only_here(parse.text(fname), index):
        return None
    params = _facts.param_names(func)
    name = parse.text(ident)
    if name not in params or consts.is_reassigned(func, name):
        return None
    i = params.index(name)
    memo = _memo(index)
    key = ("param", func.id, i)
    if key in memo:
        got = memo[key]
        return got if isinstance(got, FuncRef) else None
    memo[key] = _UNKNOWN
    found: FuncRef | None = None
    seen = 0
    for call in _calls_of(func, index):
        args = call.child_by_field_name("arguments")
        named = [a for a in args.named_children if a.type != "comment"] if args else []
        if i >= len(named):
            found = None
            break
        ref = resolve_value(named[i], index, None, depth + 1)
        if ref is None and _unparen(named[i]).type == "identifier":
            ref = _param_value(_unparen(named[i]), index, depth + 1)  # passed on: f(h)
        if ref is None or (found is not None and ref.node != found.node):
            found = None
            break
        found = ref
        seen += 1
    result = found if seen and found is not None else None
    memo[key] = result if result is not None else _UNKNOWN
    return result


def calls_of(func: Node, index: PackageIndex) -> Iterator[Node]:
    """Yield every call of the package function or method ``func`` (see :func:`_calls_of`)."""
    return _calls_of(func, index)


def _calls_of(func: Node, index: PackageIndex) -> Iterator[Node]:
    """Yield every call of the package function ``func``; a mention that is no call ends it.

    A function passed around as a value may be called anywhere: then the calls are not all
    known, and a sentinel call-less node is yielded (its arguments are missing).
    """
    fname = func.child_by_field_name("name")
    if fname is None:
        return
    name = parse.text(fname)
    if func.type == "method_declaration":
        yield from _method_calls(fname, index)
        return
    for _path, src, root in _package_roots(index, name.encode()):
        for m in parse.find_word(name.encode(), src):
            n = root.named_descendant_for_byte_range(m.start(), m.end())
            if n is None or n.type != "identifier" or n.id == fname.id:
                continue
            p = n.parent
            if (
                p is not None
                and p.type == "call_expression"
                and p.child_by_field_name("function") == n
            ):
                yield p
            elif p is not None and p.type not in ("function_declaration",):
                yield n  # used as a value: its arguments are unknown


def _method_calls(fname: Node, index: PackageIndex) -> Iterator[Node]:
    """Yield every call ``x.name(...)`` in the package, of whatever type (see :func:`_calls_of`).

    Calls of a same-named method of another type, or through an interface, are included:
    more calls can only make the answer unknown. A method value (``x.name`` not called)
    yields a sentinel.
    """
    name = parse.text(fname)
    for _path, src, root in _package_roots(index, name.encode()):
        for m in parse.find_word(name.encode(), src):
            n = root.named_descendant_for_byte_range(m.start(), m.end())
            if n is None or n.type != "field_identifier" or n.id == fname.id:
                continue
            p = n.parent
            if p is None or p.type in ("method_declaration", "method_elem", "method_spec"):
                continue
            if p.type == "field_declaration":
                continue
            call = p.parent
            if (
                p.type == "selector_expression"
                and call is not None
                and call.type == "call_expression"
                and call.child_by_field_name("function") == p
            ):
                yield call
            else:
                yield n  # a method value or a field of that name: arguments unknown


# --------------------------------------------------------------------------- slices of funcs


def _range_source(ident: Node) -> tuple[bool, Node | None]:
    """Say whether a ``range`` clause around ``ident`` declares it, and over what.

    ``(True, xs)`` for the value of ``for _, ident := range xs``; ``(True, None)`` for a
    range variable we cannot follow (the key, or one the loop's body declares again or
    assigns); ``(False, None)`` when no range clause declares the name.
    """
    name = ident.text
    for a in parse.ancestors(ident):
        if a.type in ("function_declaration", "method_declaration"):
            return False, None
        if a.type != "for_statement":
            continue
        clause = next((c for c in a.named_children if c.type == "range_clause"), None)
        body = a.child_by_field_name("body")
        left = clause.child_by_field_name("left") if clause is not None else None
        right = clause.child_by_field_name("right") if clause is not None else None
        if clause is None or body is None or left is None or right is None:
            continue
        if not body.start_byte <= ident.start_byte < body.end_byte:
            continue  # ``range f.xs`` itself names an outer ``f``
        names = [c for c in left.named_children] if left.type == "expression_list" else [left]
        if not any(n.type == "identifier" and n.text == name for n in names):
            continue
        if b":=" not in (clause.text or b"")[: right.start_byte - clause.start_byte]:
            return True, None
        if len(names) != 2 or names[1].text != name or names[0].text == name:
            return True, None
        if _declared_or_written(body, parse.text(ident)):
            return True, None
        return True, right
    return False, None


def _declared_or_written(body: Node, name: str) -> bool:
    """Tell whether ``body`` declares ``name`` again, assigns it or takes its address."""
    for other in _facts.idents_named(body, name):
        p = other.parent
        if p is None:
            continue
        if p.type in ("var_spec", "parameter_declaration", "range_clause", "const_spec"):
            return True
        if p.type in ("inc_statement", "dec_statement"):
            return True
        if p.type == "unary_expression" and p.child(0) is not None:
            op = p.child(0)
            if op is not None and op.type == "&":
                return True
        gp = p.parent
        if (
            p.type == "expression_list"
            and gp is not None
            and gp.type in ("assignment_statement", "short_var_declaration", "range_clause")
            and gp.child_by_field_name("left") == p
        ):
            return True
    return False


def _element_value(coll: Node, index: PackageIndex, depth: int) -> FuncRef | None:
    """Return the one function every element of the slice field ``coll`` (``x.f``) holds."""
    coll = _unparen(coll)
    if coll.type != "selector_expression" or depth > MAX_DEPTH:
        return None
    operand = coll.child_by_field_name("operand")
    fld = coll.child_by_field_name("field")
    typ = expr_type(operand, index) if operand is not None else None
    if typ is None or fld is None:
        return None
    name = parse.text(fld)
    return _memoized(
        index, ("elems", typ, name), lambda: _element_value_of(typ, name, index, depth)
    )


def _element_value_of(typ: str, name: str, index: PackageIndex, depth: int) -> FuncRef | None:
    fields = index.struct_fields(typ)
    if fields is None or name not in fields or fields[name].type != "slice_type":
        return None
    if not is_visible_only_here(name, index):
        return None  # another package may add to it (an unexported field it cannot name)
    values = _appended_values(name, index)
    if not values:
        return None
    found: FuncRef | None = None
    for value in values:
        ref = resolve_value(value, index, None, depth + 1)
        if ref is None and _unparen(value).type == "identifier":
            ref = _param_value(_unparen(value), index, depth + 1)
        if ref is None or (found is not None and ref.node != found.node):
            return None
        found = ref
    return found


def _appended_values(name: str, index: PackageIndex) -> list[Node] | None:
    """Return what ``x.name = append(x.name, v...)`` adds, across the package.

    None when a field called ``name`` is used any other way than appended to that way,
    ranged over, indexed for reading, measured with ``len`` or compared with nil: whatever
    else is done with the slice may put other functions in it.
    """
    out: list[Node] = []
    for _path, src, root in _package_roots(index, name.encode()):
        for m in parse.find_word(name.encode(), src):
            n = root.named_descendant_for_byte_range(m.start(), m.end())
            if n is None or n.type not in ("field_identifier", "identifier"):
                continue
            p = n.parent
            if p is None or p.type == "field_declaration":
                continue
            if p.type == "literal_element":
                el = p.parent
                if el is not None and el.type == "keyed_element" and el.named_children[0] == p:
                    return None  # T{name: ...}
                continue
            if n.type != "field_identifier":
                continue
            if p.type != "selector_expression" or p.child_by_field_name("field") != n:
                continue
            use = _slice_use(p)
            if use is None:
                return None
            out.extend(use)
    return out


def _slice_use(sel: Node) -> list[Node] | None:
    """Return what one use ``x.f`` of a slice field adds to it ([] for a read); None: unknown."""
    up = _unparen(sel)
    p = up.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is None:
        return None
    if p.type == "range_clause" and p.child_by_field_name("right") == up:
        return []
    if p.type == "index_expression" and p.child_by_field_name("operand") == up:
        gp = p.parent
        if gp is not None and gp.type == "expression_list":
            ggp = gp.parent
            if (
                ggp is not None
                and ggp.type == "assignment_statement"
                and ggp.child_by_field_name("left") == gp
            ):
                return None  # x.f[i] = v
        if gp is not None and gp.type == "unary_expression":
            return None  # &x.f[i]
        return []
    if p.type == "binary_expression":
        other = p.child_by_field_name("left")
        if other is not None and other.id == up.id:
            other = p.child_by_field_name("right")
        return [] if other is not None and other.type == "nil" else None
    if p.type == "argument_list":
        call = p.parent
        fn = call.child_by_field_name("function") if call is not None else None
        args = [c for c in p.named_children if c.type != "comment"]
        if fn is not None and fn.type == "identifier" and fn.text == b"len":
            return []
        if call is not None and fn is not None and fn.text == b"append" and args:
            if args[0].id != up.id:
                return None
            return [] if _appended_back(call, up) else None
        return None
    if p.type == "expression_list":
        gp = p.parent
        if gp is None or gp.type != "assignment_statement" or gp.child_by_field_name("left") != p:
            return None
        oper = gp.child_by_field_name("operator")
        right = gp.child_by_field_name("right")
        if oper is None or oper.type != "=" or right is None:
            return None
        if len(right.named_children) != len(p.named_children):
            return None
        value = _unparen(right.named_children[[c.id for c in p.named_children].index(up.id)])
        if value.type == "nil":
            return []
        if value.type != "call_expression":
            return None
        fn = value.child_by_field_name("function")
        vargs = value.child_by_field_name("arguments")
        if fn is None or fn.text != b"append" or vargs is None:
            return None
        if b"..." in (vargs.text or b""):
            return None  # append(x.f, more...)
        named = [c for c in vargs.named_children if c.type != "comment"]
        if not named or parse.text(_unparen(named[0])) != parse.text(up):
            return None
        return named[1:]
    return None


def _appended_back(call: Node, sel: Node) -> bool:
    """Tell whether ``append(x.f, ...)`` is the value assigned back to the same ``x.f``."""
    p = call.parent
    if p is None or p.type != "expression_list":
        return False
    gp = p.parent
    if gp is None or gp.type != "assignment_statement" or gp.child_by_field_name("right") != p:
        return False
    left = gp.child_by_field_name("left")
    if left is None or len(left.named_children) != len(p.named_children):
        return False
    target = left.named_children[[c.id for c in p.named_children].index(call.id)]
    return parse.text(_unparen(target)) == parse.text(sel)


# --------------------------------------------------------------------------- parameters


def invocations(func: Node, name: str) -> list[Node] | None:
    """Return the calls ``name(...)`` of the func parameter ``name`` in ``func``.

    None when the parameter is used any other way than called or compared with nil (passed
    on, stored, assigned): then where it runs is not known.
    """
    body = func.child_by_field_name("body")
    if body is None:
        return None
    out: list[Node] = []
    for ident in _facts.idents_named(body, name):
        p = _facts._unparen(ident).parent
        if p is None:
            return None
        if p.type == "call_expression" and p.child_by_field_name("function") == _facts._unparen(
            ident
        ):
            out.append(p)
            continue
        if p.type == "binary_expression":
            other = p.child_by_field_name("right")
            if other is not None and other.id == ident.id:
                other = p.child_by_field_name("left")
            oper = p.child_by_field_name("operator")
            is_cmp = oper is not None and oper.type in ("==", "!=")
            if is_cmp and other is not None and other.type == "nil":
                continue
        return None
    return out


def go_literal_of(call: Node, func: Node) -> Node | None:
    """Return the go statement whose literal (directly in ``func``) holds ``call``, if any.

    ``go func() { ...; f() }()`` or ``go f()`` itself.
    """
    stmt = call.parent
    if stmt is not None and stmt.type == "go_statement":
        return stmt if parse.enclosing_function(stmt) == func else None
    lit = parse.enclosing_function(call)
    if lit is None or lit.type != "func_literal":
        return None
    go = _facts._go_of_literal(lit)
    if go is None or parse.enclosing_function(go) != func:
        return None
    return go


def is_once_do(call: Node, index: PackageIndex) -> bool:
    """Tell whether ``call`` is ``once.Do(f)`` on a ``sync.Once`` (runs ``f`` now, or never)."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    fld = fn.child_by_field_name("field")
    operand = fn.child_by_field_name("operand")
    if fld is None or fld.text != b"Do" or operand is None:
        return False
    operand = _unparen(operand)
    if operand.type == "identifier":
        kind, func, _ = binding(operand)
        if func is None:
            return False
        body = func.child_by_field_name("body")
        if kind == "param":
            for part in ("receiver", "parameters"):
                params = func.child_by_field_name(part)
                for pd in params.named_children if params is not None else []:
                    if any(n.text == operand.text for n in pd.children_by_field_name("name")):
                        t = pd.child_by_field_name("type")
                        return t is not None and parse.text(t).lstrip("*") == "sync.Once"
            return False
        for other in _facts.idents_named(body, parse.text(operand)) if body is not None else []:
            p = other.parent
            if p is not None and p.type == "var_spec":
                t = p.child_by_field_name("type")
                return t is not None and parse.text(t).lstrip("*") == "sync.Once"
        return False
    if operand.type == "selector_expression":
        base = operand.child_by_field_name("operand")
        f = operand.child_by_field_name("field")
        typ = expr_type(base, index) if base is not None else None
        fields = index.struct_fields(typ) if typ is not None else None
        ftype = fields.get(parse.text(f)) if fields is not None and f is not None else None
        return ftype is not None and parse.text(ftype).lstrip("*") == "sync.Once"
    return False


def runs_now(lit: Node, index: PackageIndex) -> Node | None:
    """Return the call that runs the func literal ``lit`` on the spot, before going on.

    ``func() { ... }()`` as a statement of its own, and ``once.Do(func() { ... })``.
    """
    p = lit.parent
    if p is None:
        return None
    if p.type == "call_expression" and p.child_by_field_name("function") == lit:
        stmt = p.parent
        return p if stmt is not None and stmt.type == "expression_statement" else None
    if p.type == "argument_list" and len(p.named_children) == 1:
        call = p.parent
        stmt = call.parent if call is not None else None
        if call is not None and stmt is not None and stmt.type == "expression_statement":
            return call if is_once_do(call, index) else None
    return None


def param_sources(lit: Node, name: str, index: PackageIndex) -> list[Node] | None:
    """Return what the parameter ``name`` of the func literal ``lit`` is bound to, if known.

    The expressions are in the scope around ``lit``: for ``func(s T) { ... }(x)`` the
    argument ``x``; for ``runUntil(func(s T) { ... }, ch)`` where ``runUntil(wait func(T),
    stop T)`` only ever calls ``wait(stop)``, the argument bound to ``stop``: ``ch``. None
    when any call of the literal passes something else (or is not known).
    """
    params = _facts.param_names(lit)
    if name not in params:
        return None
    j = params.index(name)
    parent = lit.parent
    if parent is None:
        return None
    if parent.type == "call_expression" and parent.child_by_field_name("function") == lit:
        args = _args(parent)
        return [args[j]] if j < len(args) else None
    call = parent.parent
    if parent.type != "argument_list" or call is None or call.type != "call_expression":
        return None
    outer = _args(call)
    i = [a.id for a in outer].index(lit.id) if any(a.id == lit.id for a in outer) else -1
    fn = call.child_by_field_name("function")
    ref = _facts.resolve_call(fn, index) if fn is not None and i >= 0 else None
    if ref is None or ref.node.type == "func_literal":
        return None
    hparams = _facts.param_names(ref.node)
    if i >= len(hparams) or not hparams[i] or consts.is_reassigned(ref.node, hparams[i]):
        return None
    calls = invocations(ref.node, hparams[i])
    if not calls:
        return None
    out: list[Node] = []
    for inv in calls:
        args = _args(inv)
        if j >= len(args) or args[j].type != "identifier":
            return None
        kind, func, _ = binding(args[j])
        k = hparams.index(parse.text(args[j])) if parse.text(args[j]) in hparams else -1
        if kind != "param" or func != ref.node or k < 0 or k >= len(outer):
            return None
        if consts.is_reassigned(ref.node, hparams[k]):
            return None
        out.append(outer[k])
    return out


def _args(call: Node) -> list[Node]:
    node = call.child_by_field_name("arguments")
    return [c for c in node.named_children if c.type != "comment"] if node is not None else []
