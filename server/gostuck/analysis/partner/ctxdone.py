"""Contexts nothing can cancel: ``<-ctx.Done()`` that can never complete.

A context is done only when its cancel function runs or its parent is done (timeouts and
deadlines aside, which this module never accepts). So ``<-x.ctx.Done()`` blocks forever
when every value ``x.ctx`` can hold is

- ``context.Background()``, ``context.TODO()`` or ``context.WithoutCancel(...)``;
- ``context.WithValue(p, ...)`` of such a ``p``;
- the context of ``context.WithCancel(p)`` of such a ``p``, whose cancel function is
  dropped (``_``), or stored only in struct fields (or locals copied into them) whose every
  call lies in code that never runs: functions nothing in the package calls, or calls that
  come after the very receive being judged.

Values flow through locals, parameters (every call of an unexported function, or any in
package ``main``, binds them) and struct fields (every assignment and keyed literal of a
field of the one struct type). Anything else is unknown, and unknown means not provably
never done.
"""

from __future__ import annotations

from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import facts
from gostuck.analysis.flow.deadchan import _declaring_type, _sources, expr_type
from gostuck.analysis.flow.index import PackageIndex, package_name
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG

MAX_DEPTH: Final = 8

# Functions the toolchain runs, and method names other packages commonly call through
# their interfaces (io.Closer, fmt.Stringer, http.Handler, ...): they may run although
# nothing in the package calls them.
_ENTRY_POINTS: Final = frozenset({"main", "init"})
_TEST_PREFIXES: Final = ("Test", "Benchmark", "Fuzz", "Example")
_INTERFACE_METHODS: Final = frozenset(
    {
        "Close", "String", "Error", "Unwrap", "Is", "As", "Read", "Write", "ServeHTTP",
        "Run", "Start", "Stop", "Shutdown", "Cancel", "Lock", "Unlock", "RLock", "RUnlock",
        "Len", "Less", "Swap", "Push", "Pop", "Format", "GoString", "MarshalJSON",
        "UnmarshalJSON", "MarshalText", "UnmarshalText", "Deadline", "Done", "Err",
        "Value", "Do", "Next", "Reset", "Flush", "Seek", "ReadFrom", "WriteTo", "Handle",
    }
)  # fmt: skip


class NeverDone:
    """Answers "can this context ever be done?" for one package, one receive at a time."""

    def __init__(self, index: PackageIndex) -> None:
        """Look at the package of ``index``."""
        self.index = index
        self.main = package_name(index.source) == "main"
        self.ctx_name = "context" if "context" in index.imports() else None
        sources = _sources(index)
        self._roots = [root for _path, root in sources]
        # The text each root was parsed from, for byte searches of a name.
        self._texts = [index.source] + [index.package[path] for path, _root in sources[1:]]
        # Judged against one receive at a time: reset by ``done_of``.
        self._recv: Node | None = None
        self._recv_graph: CFG | None = None
        self._busy: set[tuple[str, int, str]] = set()
        self._refs: dict[tuple[str, bool], list[Node]] = {}
        self._ids: dict[tuple[str, bytes], list[Node]] | None = None
        self._to_interface: dict[str, bool] = {}
        self._flows: dict[str, _TypeFlow] = {}
        self._flows_except: dict[tuple[str, frozenset[int]], _TypeFlow | None] = {}

    # ------------------------------------------------------------------ entry

    def is_never_done(self, operand: Node, recv: Node, graph: CFG, start: Node) -> str | None:
        """For the operand of ``<-E.Done()``: the text of ``E`` when it is never done.

        ``start``, the go statement of the waiting goroutine, must be able to run: in
        code that never runs, "its cancel never runs" says nothing.
        """
        if self.ctx_name is None:
            return None
        while operand.type == "parenthesized_expression" and operand.named_children:
            operand = operand.named_children[0]
        if operand.type != "call_expression":
            return None
        fn = operand.child_by_field_name("function")
        args = operand.child_by_field_name("arguments")
        if fn is None or fn.type != "selector_expression" or args is None:
            return None
        if args.named_children:
            return None
        fld = fn.child_by_field_name("field")
        ctx = fn.child_by_field_name("operand")
        if fld is None or ctx is None or fld.text != b"Done":
            return None
        if ctx.type == "identifier" and parse.text(ctx) in self.index.imports():
            return None
        self._recv, self._recv_graph, self._busy = recv, graph, set()
        try:
            if not self._value(ctx, 0):
                return None
            self._recv = None  # the go statement does not come after the receive
            return None if self._never_runs(start, 0) else parse.text(ctx)
        finally:
            self._recv, self._recv_graph, self._busy = None, None, set()

    def context_never_done(self, ctx: Node) -> bool:
        """Tell whether the local or parameter ``ctx`` holds a context that is never done.

        Every value it can hold is a context nothing can cancel: for a parameter of an
        unexported function, the argument of every call in the package
        (``helper(context.TODO(), ...)``), and there is such a call in code that runs.
        Such a context marks no request's lifetime.
        """
        if self.ctx_name is None:
            return False
        self._recv, self._recv_graph, self._busy = None, None, set()
        try:
            # A function nothing calls binds its parameter to nothing: not "never done".
            return self._value(ctx, 0) and not self._never_runs(ctx, 0)
        finally:
            self._busy = set()

    # ------------------------------------------------------------------ dead code

    def never_runs(self, node: Node) -> bool:
        """Tell whether ``node`` lies in code that never runs.

        Its function is called only from code that never runs (``main``, ``init``, tests and
        exported functions of a library package run; a method value or an unresolved call
        keeps it live), or it sits in an ``if`` branch its condition rules out. An exported
        method also needs a receiver type whose values never reach an interface: anything
        else may call it through one.
        """
        self._recv, self._recv_graph, self._busy = None, None, set()
        return self._never_runs(node, 0)

    @property
    def roots(self) -> list[Node]:
        """The syntax trees of the package's files."""
        return self._roots

    def field_references(self, name: str) -> list[Node]:
        """Every ``x.name`` in the package (the field identifiers), and namesakes not understood."""
        return self._references(name, True)

    def literal_keys(self, name: str) -> list[Node]:
        """Every ``name:`` key of a composite literal in the package."""
        return self._keys(name)

    def keyed_only(self, typ: str) -> bool:
        """Tell whether no literal of ``typ`` in the package lists values without keys."""
        return self._keyed_only(typ)

    # ------------------------------------------------------------------ values

    def _value(self, expr: Node, depth: int) -> bool:
        """Tell whether the context ``expr`` evaluates to can never be done."""
        if depth > MAX_DEPTH:
            return False
        while expr.type == "parenthesized_expression" and expr.named_children:
            expr = expr.named_children[0]
        if expr.type == "call_expression":
            name, args = self._context_call(expr)
            if name in ("Background", "TODO", "WithoutCancel"):
                return True
            if name == "WithValue" and args:
                return self._value(args[0], depth + 1)
            return False
        if expr.type == "identifier":
            return self._identifier(expr, depth)
        if expr.type == "selector_expression":
            return self._field(expr, depth)
        return False

    def _context_call(self, call: Node) -> tuple[str | None, list[Node]]:
        """``("WithCancel", [p])`` for ``context.WithCancel(p)``; no name for other calls."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None or args is None or fn.type != "selector_expression":
            return None, []
        pkg = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if pkg is None or fld is None or pkg.type != "identifier":
            return None, []
        if parse.text(pkg) != self.ctx_name:
            return None, []
        return parse.text(fld), [a for a in args.named_children if a.type != "comment"]

    def _assigned(self, left: Node, depth: int) -> bool:
        """Tell whether everything assigned to ``left`` (left of ``=`` or ``:=``) is never done."""
        lefts = left.parent
        stmt = lefts.parent if lefts is not None else None
        if lefts is None or stmt is None or lefts.type != "expression_list":
            return False
        if stmt.type not in ("assignment_statement", "short_var_declaration"):
            return False
        if stmt.child_by_field_name("left") != lefts:
            return False
        op = stmt.child_by_field_name("operator")
        if op is not None and op.type not in ("=", ":="):
            return False
        right = stmt.child_by_field_name("right")
        rights = right.named_children if right is not None else []
        ls = lefts.named_children
        i = [c.id for c in ls].index(left.id)
        if len(ls) == len(rights):
            return self._value(rights[i], depth + 1)
        if len(ls) != 2 or len(rights) != 1 or i != 0 or rights[0].type != "call_expression":
            return False
        name, args = self._context_call(rights[0])
        if name not in ("WithCancel", "WithCancelCause") or not args:
            return False
        return self._value(args[0], depth + 1) and self._dead_cancel(ls[1], depth + 1)

    def _identifier(self, ident: Node, depth: int) -> bool:
        """Tell whether a local or parameter is never done: its binding and every assignment."""
        name = parse.text(ident)
        func = parse.enclosing_function(ident)
        # A func literal reads the variables of the function around it.
        while func is not None and func.type == "func_literal" and not _declares_in(func, name):
            func = parse.enclosing_function(func)
        if func is None or not _declares_in(func, name):
            return False  # a package variable: any function may assign it
        key = ("var:" + name, func.id, "")
        if key in self._busy:
            return True  # a cycle adds no way to be done
        self._busy.add(key)
        try:
            return self._identifier_in(func, name, depth)
        finally:
            self._busy.discard(key)

    def _identifier_in(self, func: Node, name: str, depth: int) -> bool:
        bound = False
        params = facts.param_names(func)
        if name in params:
            if not self._param(func, params.index(name), depth):
                return False
            bound = True
        body = func.child_by_field_name("body")
        for other in facts.idents_named(body, name) if body is not None else []:
            p = other.parent
            if p is None:
                return False
            if p.type == "parameter_declaration":
                continue  # a nested literal's own parameter: judged conservatively below
            if p.type == "var_spec":
                value = p.child_by_field_name("value")
                if value is None or len(value.named_children) != 1:
                    return False
                bound = True
                if not self._value(value.named_children[0], depth + 1):
                    return False
                continue
            if p.type == "expression_list" and p.parent is not None:
                stmt = p.parent
                if (
                    stmt.type in ("assignment_statement", "short_var_declaration")
                    and stmt.child_by_field_name("left") == p
                ):
                    bound = True
                    if not self._assigned(other, depth):
                        return False
                    continue
                if stmt.type == "range_clause":
                    return False
            if p.type == "range_clause":
                return False
            if p.type == "unary_expression" and p.child(0) is not None:
                op = p.child(0)
                if op is not None and op.type == "&":
                    return False  # its address escapes: anyone may assign it
        return bound

    def _param(self, func: Node, i: int, depth: int) -> bool:
        """Every call of ``func`` in the package binds parameter ``i`` to a never-done value."""
        if func.type == "func_literal":
            return False
        name_node = func.child_by_field_name("name")
        if name_node is None:
            return False
        name = parse.text(name_node)
        if name in _ENTRY_POINTS or (name[0].isupper() and not self.main):
            return False
        is_method = func.type == "method_declaration"
        recv_type = self._receiver_type(func)
        for ref in self._references(name, is_method):
            if is_method and not self._same_type(ref, recv_type):
                continue
            call = self._call_of(ref)
            if call is None:
                return False
            args = call.child_by_field_name("arguments")
            vals = [a for a in args.named_children if a.type != "comment"] if args else []
            if i >= len(vals) or not self._value(vals[i], depth + 1):
                return False
        return True

    def _field(self, sel: Node, depth: int) -> bool:
        """``x.f``: every assignment to ``f`` of ``x``'s struct type is never done."""
        operand = sel.child_by_field_name("operand")
        fld = sel.child_by_field_name("field")
        if operand is None or fld is None:
            return False
        name = parse.text(fld)
        typ = self._type_of(operand)
        fields = self.index.struct_fields(typ) if typ is not None else None
        if typ is None or fields is None or name not in fields:
            return False
        if parse.text(fields[name]) != f"{self.ctx_name}.Context":
            return False
        if name[0].isupper() and not self.main:
            return False
        key = ("field:" + typ + "." + name, 0, "")
        if key in self._busy:
            return True
        self._busy.add(key)
        try:
            return self._field_values(typ, name, depth)
        finally:
            self._busy.discard(key)

    def _field_values(self, typ: str, name: str, depth: int) -> bool:
        for ref in self._references(name, True):
            if not self._same_type(ref, typ):
                continue
            if not self._assigned(ref.parent or ref, depth) and not self._is_read(ref):
                return False
        for key in self._keys(name):
            lit = self._literal_of(key)
            if lit is None:
                return False
            ltype = facts.named_type(lit.child_by_field_name("type"))
            if ltype is None:
                return False
            if ltype != typ:
                continue
            keyed = key.parent.parent if key.parent is not None else None
            value = keyed.child_by_field_name("value") if keyed is not None else None
            v = value.named_children[0] if value is not None and value.named_children else None
            if v is None or not self._value(v, depth + 1):
                return False
        return self._keyed_only(typ)

    # ------------------------------------------------------------------ cancel functions

    def _dead_cancel(self, target: Node, depth: int) -> bool:
        """Tell whether the cancel function stored in ``target`` can never run."""
        if target.type == "identifier":
            if target.text == b"_":
                return True
            return self._dead_cancel_local(target, depth)
        if target.type != "selector_expression":
            return False
        operand = target.child_by_field_name("operand")
        fld = target.child_by_field_name("field")
        if operand is None or fld is None:
            return False
        typ = self._type_of(operand)
        fields = self.index.struct_fields(typ) if typ is not None else None
        if typ is None or fields is None:
            return False
        return self._dead_cancel_field(typ, parse.text(fld), depth)

    def _dead_cancel_field(self, typ: str, name: str, depth: int) -> bool:
        """Every call of the field ``name`` of ``typ`` lies in code that never runs."""
        if name[0].isupper() and not self.main:
            return False
        if not self._keyed_only(typ):
            return False
        for ref in self._references(name, True):
            if not self._same_type(ref, typ):
                continue
            sel = ref.parent
            if sel is None:
                return False
            if self._is_store_target(sel):
                continue
            call = self._call_of(ref)
            if call is None or not self._never_runs(call, depth + 1):
                return False
        return True

    def _dead_cancel_local(self, ident: Node, depth: int) -> bool:
        """Tell whether a local cancel function only goes into dead fields (``T{cancel: c}``)."""
        func = parse.enclosing_function(ident)
        body = func.child_by_field_name("body") if func is not None else None
        if func is None or body is None:
            return False
        for other in facts.idents_named(body, parse.text(ident)):
            if other.id == ident.id:
                continue
            p = other.parent
            if p is not None and p.type == "expression_list" and other.id != ident.id:
                stmt = p.parent
                if stmt is not None and stmt.child_by_field_name("left") == p:
                    return False  # reassigned: keep it simple
            lit_el = p
            keyed = lit_el.parent if lit_el is not None else None
            if keyed is not None and keyed.child_by_field_name("key") == lit_el:
                continue  # the key of ``T{cancel: ...}``
            if (
                lit_el is None
                or keyed is None
                or lit_el.type != "literal_element"
                or keyed.type != "keyed_element"
                or keyed.child_by_field_name("value") != lit_el
            ):
                return False
            key = keyed.child_by_field_name("key")
            lit = self._literal_of_keyed(keyed)
            ltype = facts.named_type(lit.child_by_field_name("type")) if lit else None
            if key is None or ltype is None or self.index.struct_fields(ltype) is None:
                return False
            if not self._dead_cancel_field(ltype, parse.text(key), depth):
                return False
        return True

    def _never_runs(self, node: Node, depth: int) -> bool:
        """Tell whether ``node`` can never execute: after the receive, or in dead code."""
        if depth > MAX_DEPTH:
            return False
        func = parse.enclosing_function(node)
        if func is None:
            return False
        recv, g = self._recv, self._recv_graph
        if recv is not None and g is not None and parse.enclosing_function(recv) == func:
            ab = g.block_of(recv)
            if ab is not None and facts._comes_after(g, ab, recv, node):
                return True
        if self._in_dead_branch(node):
            return True
        if func.type == "func_literal":
            return False
        name_node = func.child_by_field_name("name")
        if name_node is None:
            return False
        name = parse.text(name_node)
        if name in _ENTRY_POINTS or name.startswith(_TEST_PREFIXES):
            return False
        if name[0].isupper() and not self.main:
            return False
        flow: _TypeFlow | None = None
        if name[0].isupper() and (name in _INTERFACE_METHODS or func.type == "method_declaration"):
            # Other packages may call an exported method through an interface holding a
            # value of its type (flag.Value's Set, a template's method call), unless no
            # such value can ever be converted to an interface.
            recv_t = self._receiver_type(func) if func.type == "method_declaration" else None
            if recv_t is None or self._may_reach_interface(recv_t):
                return False
            flow = self._flows.get(recv_t)
        key = ("runs", func.id, "")
        if key in self._busy:
            return True  # called only from itself: a cycle adds no way in
        self._busy.add(key)
        try:
            is_method = func.type == "method_declaration"
            recv_type = self._receiver_type(func)
            for ref in self._references(name, is_method):
                if is_method and not self._same_type(ref, recv_type):
                    continue
                if flow is not None and not flow.may_hold_at(ref):
                    continue  # an interface's method, or a value that is never of the type
                call = self._call_of(ref)
                if call is None or not self._never_runs(call, depth + 1):
                    return False
            return True
        finally:
            self._busy.discard(key)

    # ------------------------------------------------------------------ dead branches

    def _in_dead_branch(self, node: Node) -> bool:
        """Tell whether ``node`` lies in an ``if`` branch whose condition rules it out.

        ``if conn != nil { node }`` where ``conn`` is a local or named result that is only
        ever nil (``_always_nil``); the ``else`` of ``if conn == nil``.
        """
        for a in parse.ancestors(node):
            if a.type in ("function_declaration", "method_declaration", "source_file"):
                return False
            if a.type != "if_statement":
                continue
            cond = a.child_by_field_name("condition")
            if cond is None or a.child_by_field_name("initializer") is not None:
                continue
            for part, value in (("consequence", False), ("alternative", True)):
                branch = a.child_by_field_name(part)
                if branch is None or not _inside(node, branch):
                    continue
                if self._condition_is(cond, value):
                    return True
        return False

    def _condition_is(self, cond: Node, value: bool) -> bool:
        """Tell whether the condition ``cond`` always evaluates to ``value``."""
        while cond.type == "parenthesized_expression" and cond.named_children:
            cond = cond.named_children[0]
        if cond.type == "unary_expression":
            op = cond.child_by_field_name("operator")
            operand = cond.child_by_field_name("operand")
            if op is not None and op.type == "!" and operand is not None:
                return self._condition_is(operand, not value)
            return False
        if cond.type != "binary_expression":
            return False
        op = cond.child_by_field_name("operator")
        left = cond.child_by_field_name("left")
        right = cond.child_by_field_name("right")
        if op is None or left is None or right is None:
            return False
        if op.type in ("&&", "||"):
            # a && b is false when either is; true when both are (|| the other way round).
            either = value == (op.type == "||")
            sides = (self._condition_is(left, value), self._condition_is(right, value))
            return any(sides) if either else all(sides)
        if op.type not in ("==", "!="):
            return False
        if right.type != "nil":
            left, right = right, left
        if right.type != "nil" or left.type != "identifier":
            return False
        return (op.type == "==") == value and self._always_nil(left)

    def _always_nil(self, ident: Node) -> bool:
        """Tell whether the variable ``ident`` holds nil wherever it is read.

        A named result, or ``var x T`` (``= nil``), of a function around ``ident``, that is
        only ever assigned ``nil``: no other assignment, no ``:=`` or receive into it, no
        address taken, no other declaration of the name anywhere in that function, and every
        ``return`` with values returns ``nil`` or the variable itself in its place.
        """
        name = parse.text(ident)
        func = parse.enclosing_function(ident)
        while func is not None and func.type == "func_literal" and not _declares_in(func, name):
            func = parse.enclosing_function(func)
        body = func.child_by_field_name("body") if func is not None else None
        if func is None or body is None:
            return False
        result_index = _named_result_index(func, name)
        if name in facts.param_names(func):
            return False
        declared = result_index is not None
        for other in facts.idents_named(body, name):
            p = other.parent
            if p is None:
                return False
            if p.type == "var_spec":
                value = p.child_by_field_name("value")
                vals = value.named_children if value is not None else []
                if declared or len(list(p.children_by_field_name("name"))) != 1:
                    return False
                if vals and (len(vals) != 1 or vals[0].type != "nil"):
                    return False
                # At the top of the body, before ``ident``: its scope is the rest of it.
                decl = p.parent
                if decl is None or decl.type != "var_declaration":
                    return False
                if not any(st.id == decl.id for st in cfgmod.statements(body)):
                    return False
                if decl.end_byte > ident.start_byte:
                    return False
                declared = True
                continue
            if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
                return False  # a nested literal's own parameter of that name
            if p.type == "unary_expression":
                op = p.child_by_field_name("operator")
                if op is None or op.type == "&":
                    return False
            if p.type in ("inc_statement", "dec_statement", "range_clause"):
                return False
            if p.type == "expression_list" and p.parent is not None:
                stmt = p.parent
                if stmt.type == "type_switch_statement":
                    return False  # ``switch x := v.(type)`` declares another x
                writes = stmt.type in (
                    "assignment_statement",
                    "short_var_declaration",
                    "receive_statement",
                    "range_clause",
                )
                if writes and stmt.child_by_field_name("left") == p:
                    if not _assigns_nil(stmt, p, other):
                        return False
                    continue
        if not declared:
            return False
        if result_index is not None:
            for ret in _own_returns(func):
                vals = ret.named_children[0].named_children if ret.named_children else []
                if not vals:
                    continue  # a bare return returns the named results as they are
                if len(vals) <= result_index:
                    return False  # ``return f()`` of several results
                v = vals[result_index]
                if v.type != "nil" and not (v.type == "identifier" and v.text == ident.text):
                    return False
        return True

    # ------------------------------------------------------------------ values of a type

    def _may_reach_interface(self, typ: str) -> bool:
        """Tell whether a ``typ`` or ``*typ`` value may be converted to an interface.

        Only then can code of other packages call its methods. Every place the package names
        the type must declare a variable, field, parameter, result or receiver of type
        ``typ``/``*typ``, or build a value (``&T{}``, ``new(T)``); every read of those
        holders must use the value only to reach its fields, call its methods, compare it,
        or hand it to another such holder (``:=``, ``=``, a call's parameter, a return, a
        keyed literal's field). Anything else, or anything not understood, says it may.
        """
        got = self._to_interface.get(typ)
        if got is None:
            self._to_interface[typ] = True  # recursion guard: unsure
            flow = _TypeFlow(self, typ)
            got = flow.may_reach_interface()
            self._to_interface[typ] = got
            if not got:
                self._flows[typ] = flow
        return got

    def holders_except(self, typ: str, values: frozenset[int]) -> _TypeFlow | None:
        """Follow ``typ``'s values as :meth:`_may_reach_interface` does, but for ``values``.

        ``values`` are method values (``c.Close`` selector ids) the caller has accounted
        for: the func each gives is called only where the caller knows. Return the flow
        (whose ``may_hold_at`` tells which ``x.M`` may run on a value of ``typ``) when no
        value of the type can reach an interface that way; None otherwise.
        """
        key = (typ, values)
        if key not in self._flows_except:
            flow = _TypeFlow(self, typ, values)
            self._flows_except[key] = None if flow.may_reach_interface() else flow
        return self._flows_except[key]

    # ------------------------------------------------------------------ syntax helpers

    def _references(self, name: str, selector: bool) -> list[Node]:
        """Every ``x.name`` (``selector``) or identifier ``name`` in the package."""
        got = self._refs.get((name, selector))
        if got is None:
            got = self._find_references(name, selector)
            self._refs[(name, selector)] = got
        return got

    def _find_references(self, name: str, selector: bool) -> list[Node]:
        raw = name.encode()
        out: list[Node] = []
        want = "field_identifier" if selector else "identifier"
        found = (
            [
                n
                for root, text in zip(self._roots, self._texts, strict=True)
                for n in parse.nodes_named(root, raw, (want,), text)
            ]
            if raw
            else self._identifiers().get((want, raw), [])
        )
        for n in found:
            p = n.parent
            if p is None:
                continue
            if selector:
                if p.type == "selector_expression" and p.child_by_field_name("field") == n:
                    out.append(n)
                elif p.type not in ("method_declaration", "field_declaration"):
                    out.append(n)  # a method in an interface, a key: not understood
            elif p.type != "function_declaration":
                out.append(n)
        return out

    def _identifiers(self) -> dict[tuple[str, bytes], list[Node]]:
        """Every identifier and field identifier of the package by (type, text), in order.

        Built by one compiled query per file the first time a name is looked up, so that
        looking up every name costs one pass over the package rather than one per name.
        """
        if self._ids is None:
            ids: dict[tuple[str, bytes], list[Node]] = {}
            for root in self._roots:
                caps = parse.captures("names.scm", root)
                for kind, cap in (("identifier", "id"), ("field_identifier", "field")):
                    for n in caps.get(cap, []):
                        ids.setdefault((kind, n.text or b""), []).append(n)
            self._ids = ids
        return self._ids

    def _keys(self, name: str) -> list[Node]:
        """Every ``name:`` key of a composite literal in the package."""
        raw = name.encode()
        out: list[Node] = []
        for root, text in zip(self._roots, self._texts, strict=True):
            named = (
                parse.nodes_named(root, raw, ("identifier",), text)
                if raw
                else [n for n in parse.iter_descendants(root) if n.type == "identifier"]
            )
            for n in named:
                if n.text != raw or n.parent is None:
                    continue
                keyed = n.parent.parent
                if (
                    n.parent.type == "literal_element"
                    and keyed is not None
                    and keyed.type == "keyed_element"
                    and keyed.child_by_field_name("key") == n.parent
                ):
                    out.append(n)
        return out

    def _same_type(self, ref: Node, typ: str | None) -> bool:
        """For ``x.name``: is ``x`` of ``typ``? Unknown counts as the same (conservative)."""
        sel = ref.parent
        if typ is None or sel is None or sel.type != "selector_expression":
            return True
        operand = sel.child_by_field_name("operand")
        if operand is None:
            return True
        if operand.type == "identifier" and parse.text(operand) in self.index.imports():
            return False  # pkg.Name of another package
        t = self._type_of(operand)
        if t is None or self.index.struct_fields(t) is None or t == typ:
            return True
        # A member promoted from an embedded ``typ`` is ``typ``'s.
        member = self.index.member(t, parse.text(ref))
        if member is None:
            return bool(self.index.embedded_fields(t))  # perhaps promoted from one we cannot see
        return member.owner == typ

    def _type_of(self, expr: Node) -> str | None:
        """Return the package type of ``expr``; also ``x`` of ``x, ok := s.m[k]`` and ranges."""
        t = expr_type(expr, self.index)
        if t is not None or expr.type != "identifier":
            return t
        t = _result_type_of(expr)
        if t is not None:
            return t
        func = parse.enclosing_function(expr)
        body = func.child_by_field_name("body") if func is not None else None
        if func is None or body is None:
            return None
        found: list[str | None] = []
        for other in facts.idents_named(body, parse.text(expr)):
            lefts = other.parent
            stmt = lefts.parent if lefts is not None else None
            if lefts is None or stmt is None or lefts.type != "expression_list":
                continue
            if stmt.child_by_field_name("left") != lefts:
                continue
            i = [c.id for c in lefts.named_children].index(other.id)
            right = stmt.child_by_field_name("right")
            if stmt.type == "range_clause":
                if right is not None and i == len(lefts.named_children) - 1 and i == 1:
                    found.append(self._element(right, "range"))
                else:
                    found.append(None)
            elif stmt.type in ("short_var_declaration", "assignment_statement"):
                rights = right.named_children if right is not None else []
                if i == 0 and len(rights) == 1 and rights[0].type == "index_expression":
                    found.append(self._element(rights[0], "index"))
                else:
                    found.append(None)
        return found[0] if len(found) == 1 else None

    def _element(self, expr: Node, how: str) -> str | None:
        """Return the element type of ``s.f[k]`` (``index``) or of a range over ``s.f``."""
        if how == "index":
            inner = expr.child_by_field_name("operand")
            if inner is None:
                return None
            expr = inner
        ftype: Node | None = None
        if expr.type == "identifier":
            ftype = _declared_type(expr)  # var del []*T
        elif expr.type == "selector_expression":
            operand = expr.child_by_field_name("operand")
            fld = expr.child_by_field_name("field")
            t = expr_type(operand, self.index) if operand is not None else None
            fields = self.index.struct_fields(t) if t is not None else None
            ftype = fields.get(parse.text(fld)) if fields is not None and fld is not None else None
        if ftype is None:
            return None
        if ftype.type == "map_type":
            return facts.named_type(ftype.child_by_field_name("value"))
        if ftype.type in ("slice_type", "array_type"):
            return facts.named_type(ftype.child_by_field_name("element"))
        return None

    @staticmethod
    def _receiver_type(func: Node) -> str | None:
        recv = func.child_by_field_name("receiver")
        decl = recv.named_children[0] if recv is not None and recv.named_children else None
        return facts.named_type(decl.child_by_field_name("type")) if decl is not None else None

    @staticmethod
    def _call_of(ref: Node) -> Node | None:
        """Return the call whose function is ``ref`` (or ``x.ref``), if there is one."""
        fn = ref.parent if ref.type == "field_identifier" else ref
        call = fn.parent if fn is not None else None
        if fn is None or call is None or call.type != "call_expression":
            return None
        return call if call.child_by_field_name("function") == fn else None

    @staticmethod
    def _is_store_target(sel: Node) -> bool:
        p = sel.parent
        stmt = p.parent if p is not None else None
        return (
            p is not None
            and stmt is not None
            and p.type == "expression_list"
            and stmt.type == "assignment_statement"
            and stmt.child_by_field_name("left") == p
        )

    def _is_read(self, ref: Node) -> bool:
        """``x.f`` used for its value (not assigned, not its address taken)."""
        sel = ref.parent
        if sel is None or self._is_store_target(sel):
            return False
        p = sel.parent
        if p is not None and p.type == "unary_expression":
            op = p.child(0)
            return op is None or op.type != "&"
        return True

    @staticmethod
    def _literal_of(key: Node) -> Node | None:
        keyed = key.parent.parent if key.parent is not None else None
        return NeverDone._literal_of_keyed(keyed) if keyed is not None else None

    @staticmethod
    def _literal_of_keyed(keyed: Node) -> Node | None:
        body = keyed.parent
        lit = body.parent if body is not None else None
        return lit if lit is not None and lit.type == "composite_literal" else None

    def _keyed_only(self, typ: str) -> bool:
        """No literal of ``typ`` in the package lists values without keys."""
        raw = typ.encode()
        for root in self._roots:
            if raw not in (root.text or b""):
                continue
            for n in parse.iter_descendants(root):
                if n.type != "composite_literal":
                    continue
                t = n.child_by_field_name("type")
                if t is not None and t.text == raw and parse.has_positional_elements(n):
                    return False
        return True


def _declared_type(ident: Node) -> Node | None:
    """Return the type of ``var x T``, the one declaration of the local ``ident`` names."""
    name = parse.text(ident)
    func = parse.enclosing_function(ident)
    while func is not None and func.type == "func_literal" and not _declares_in(func, name):
        func = parse.enclosing_function(func)
    body = func.child_by_field_name("body") if func is not None else None
    if func is None or body is None or name in facts.param_names(func):
        return None
    found: list[Node | None] = []
    for other in facts.idents_named(body, name):
        p = other.parent
        if p is None:
            continue
        if p.type == "var_spec":
            found.append(p.child_by_field_name("type"))
        elif p.type == "parameter_declaration" or (
            p.type == "expression_list"
            and p.parent is not None
            and (
                p.parent.type == "type_switch_statement"
                or (
                    p.parent.type in ("short_var_declaration", "range_clause")
                    and p.parent.child_by_field_name("left") == p
                )
            )
        ):
            found.append(None)  # declared some other way
    return found[0] if len(found) == 1 else None


def _result_type_of(ident: Node) -> str | None:
    """``T`` for a named result ``x *T`` of the function around ``ident`` (through literals).

    Only when nothing in between declares the name again (a literal's parameter or local).
    """
    name = parse.text(ident)
    func = parse.enclosing_function(ident)
    while func is not None and func.type == "func_literal" and not _declares_in(func, name):
        func = parse.enclosing_function(func)
    if func is None or func.type == "func_literal" or _named_result_index(func, name) is None:
        return None
    body = func.child_by_field_name("body")
    for other in facts.idents_named(body, name) if body is not None else []:
        p = other.parent
        if p is not None and p.type in ("var_spec", "parameter_declaration"):
            return None  # declared again somewhere inside: which one is meant is unclear
        if (
            p is not None
            and p.type == "expression_list"
            and p.parent is not None
            and (
                p.parent.type == "short_var_declaration"
                and p.parent.child_by_field_name("left") == p
            )
        ):
            return None
    result = func.child_by_field_name("result")
    for pd in result.named_children if result is not None else []:
        if any(parse.text(n) == name for n in pd.children_by_field_name("name")):
            return facts.named_type(pd.child_by_field_name("type"))
    return None


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _named_result_index(func: Node, name: str) -> int | None:
    """Return the position of the named result ``name`` of ``func``, if it has one."""
    result = func.child_by_field_name("result")
    if result is None or result.type != "parameter_list":
        return None
    i = 0
    for pd in result.named_children:
        if pd.type != "parameter_declaration":
            continue
        names = list(pd.children_by_field_name("name"))
        if not names:
            i += 1  # an unnamed result
        for n in names:
            if parse.text(n) == name:
                return i
            i += 1
    return None


def _assigns_nil(stmt: Node, lefts: Node, target: Node) -> bool:
    """``x = nil`` (or ``a, x = v, nil``): the assignment gives ``target`` nil."""
    if stmt.type != "assignment_statement":
        return False  # ``:=`` declares another variable; a receive or range assigns a value
    op = stmt.child_by_field_name("operator")
    if op is None or op.type != "=":
        return False
    right = stmt.child_by_field_name("right")
    rights = right.named_children if right is not None else []
    ls = lefts.named_children
    if len(ls) != len(rights):
        return False
    return rights[[c.id for c in ls].index(target.id)].type == "nil"


def _own_returns(func: Node) -> list[Node]:
    """Return the return statements of ``func`` itself (not of literals inside it)."""
    body = func.child_by_field_name("body")
    if body is None:
        return []
    return [
        n
        for n in parse.iter_descendants(body)
        if n.type == "return_statement" and parse.enclosing_function(n) == func
    ]


def _declares_in(lit: Node, name: str) -> bool:
    """Tell whether the function ``lit`` declares its own ``name`` (parameter or local)."""
    if name in facts.param_names(lit):
        return True
    body = lit.child_by_field_name("body")
    for other in facts.idents_named(body, name) if body is not None else []:
        p = other.parent
        if p is None:
            continue
        if p.type == "var_spec" or p.type == "parameter_declaration":
            return True
        if (
            p.type == "expression_list"
            and p.parent is not None
            and p.parent.type == "short_var_declaration"
        ):
            return True
    return False


class _TypeFlow:
    """Follows every value of one package struct type through the package's holders of it."""

    def __init__(self, nd: NeverDone, typ: str, values: frozenset[int] = frozenset()) -> None:
        self.nd = nd
        self.typ = typ
        self.values = values  # method values known to be called only where it is known
        self.vars: set[tuple[int, str]] = set()  # (function id, name)
        self.var_funcs: dict[int, Node] = {}
        self.fields: set[str] = set()
        self.owners: set[tuple[str, str]] = set()  # (struct type, field) holding the type
        self.results: set[int] = set()  # functions returning the type
        self.todo: list[Node] = []  # value expressions to check
        self.done_vars: set[tuple[int, str]] = set()
        self.done_fields: set[str] = set()
        self.done_results: set[int] = set()

    def may_reach_interface(self) -> bool:
        if not self._declarations():
            return True
        while True:
            progressed = False
            for key in sorted(self.vars - self.done_vars):
                self.done_vars.add(key)
                progressed = True
                if not self._var_reads(self.var_funcs[key[0]], key[1]):
                    return True
            for name in sorted(self.fields - self.done_fields):
                self.done_fields.add(name)
                progressed = True
                for ref in self.nd._references(name, True):
                    if ref.parent is not None and not self._is_write(ref.parent):
                        self.todo.append(ref.parent)
            for fid in sorted(self.results - self.done_results):
                self.done_results.add(fid)
                progressed = True
                if not self._calls_of(fid):
                    return True
            while self.todo:
                if not self._check(self.todo.pop()):
                    return True
            if not progressed:
                return False

    def may_hold_at(self, ref: Node) -> bool:
        """Tell whether ``x`` of ``x.M`` (``ref`` is ``M``) can hold a value of the type.

        Asked once the type is known never to reach an interface: then only its holders
        can. ``M`` in an interface's method list belongs to no value of the type.
        """
        sel = ref.parent
        if sel is None or sel.type != "selector_expression":
            return False
        operand = sel.child_by_field_name("operand")
        while (
            operand is not None
            and operand.type == "parenthesized_expression"
            and operand.named_children
        ):
            operand = operand.named_children[0]
        if operand is None:
            return True
        if operand.type == "identifier":
            func = parse.enclosing_function(operand)
            if func is None:
                return False  # a package variable: never declared of the type
            name = parse.text(operand)
            return (self._declaring(func, name).id, name) in self.vars
        if operand.type == "selector_expression":
            fld = operand.child_by_field_name("field")
            return fld is None or parse.text(fld) in self.fields
        if operand.type == "call_expression":
            fn = operand.child_by_field_name("function")
            ref_fn = facts.resolve_call(fn, self.nd.index) if fn is not None else None
            return ref_fn is None or ref_fn.node.id in self.results
        return True

    # Where the package names the type.
    def _declarations(self) -> bool:
        raw = self.typ.encode()
        for root in self.nd._roots:
            if raw not in (root.text or b""):
                continue
            for n in parse.iter_descendants(root):
                if n.type != "type_identifier" or n.text != raw:
                    continue
                if not self._declaration(n):
                    return False
        return True

    def _declaration(self, n: Node) -> bool:
        t = n
        while t.parent is not None and t.parent.type == "pointer_type":
            t = t.parent
        p = t.parent
        if p is None:
            return False
        if p.type == "type_spec":
            return p.child_by_field_name("name") == n
        if p.type == "composite_literal":
            up = p.parent
            if up is not None and up.type == "unary_expression":
                self.todo.append(up)
            else:
                self.todo.append(p)
            return True
        if p.type == "argument_list":
            call = p.parent
            fn = call.child_by_field_name("function") if call is not None else None
            if call is None or fn is None or fn.text != b"new":
                return False
            self.todo.append(call)
            return True
        if p.type == "field_declaration":
            names = [parse.text(x) for x in p.children_by_field_name("name")]
            owner = _declaring_type(p)
            if owner is None:
                return False  # a field of an anonymous struct
            if not names:
                # Embedded: its methods are promoted to the owner, whose values must not
                # reach an interface either; the field itself is named after the type.
                if self.nd._may_reach_interface(owner):
                    return False
                names = [self.typ]
            self.fields.update(names)
            self.owners.update((owner, x) for x in names)
            return True
        if p.type == "parameter_declaration":
            plist = p.parent
            func = plist.parent if plist is not None else None
            if func is None or func.type not in parse.FUNCTION_TYPES:
                return False  # a func type or an interface method: values come from anywhere
            if func.child_by_field_name("result") == plist:
                self.results.add(func.id)
                self.var_funcs[func.id] = func
            for x in p.children_by_field_name("name"):
                self._add_var(func, parse.text(x))
            return True
        if p.type in parse.FUNCTION_TYPES and p.child_by_field_name("result") == t:
            self.results.add(p.id)  # func f() *T
            self.var_funcs[p.id] = p
            return True
        if p.type == "var_spec":
            func = parse.enclosing_function(p)
            if func is None:
                return False  # a package variable
            for x in p.children_by_field_name("name"):
                self._add_var(func, parse.text(x))
            return True
        return False

    def _add_var(self, func: Node, name: str) -> None:
        if name and name != "_":
            self.vars.add((func.id, name))
            self.var_funcs[func.id] = func

    def _var_reads(self, func: Node, name: str) -> bool:
        body = func.child_by_field_name("body")
        for ident in facts.idents_named(body, name) if body is not None else []:
            p = ident.parent
            if p is None:
                return False
            if p.type in ("parameter_declaration", "var_spec"):
                continue
            if not self._is_write(ident):
                self.todo.append(ident)
        return True

    def _calls_of(self, fid: int) -> bool:
        func = self.var_funcs[fid]
        name_node = func.child_by_field_name("name")
        if name_node is None:
            return False  # a literal: its calls are not followed
        name = parse.text(name_node)
        selector = func.type == "method_declaration"
        for ref in self.nd._references(name, selector):
            call = self.nd._call_of(ref)
            if call is None:
                return False  # a function value: its results go anywhere
            self.todo.append(call)
        return True

    @staticmethod
    def _is_write(e: Node) -> bool:
        p = e.parent
        stmt = p.parent if p is not None else None
        return (
            p is not None
            and stmt is not None
            and p.type == "expression_list"
            and stmt.type in ("assignment_statement", "short_var_declaration")
            and stmt.child_by_field_name("left") == p
        )

    def _check(self, e: Node) -> bool:
        """Tell whether the value ``e`` (of the type) goes only where it is still followed."""
        p = e.parent
        while p is not None and p.type == "parenthesized_expression":
            e, p = p, p.parent
        if p is None:
            return False
        t = p.type
        if t in ("expression_statement", "go_statement", "defer_statement"):
            return True
        if t == "selector_expression" and p.child_by_field_name("operand") == e:
            if parse.is_callee(p):
                return True  # a method call (or a func field's), not a method value
            if p.id in self.values:
                return True
            fld = p.child_by_field_name("field")
            # A field read; the value of a method (promoted ones too) is a func that can go
            # anywhere.
            if fld is None:
                return False
            member = self.nd.index.member(self.typ, parse.text(fld))
            if member is not None:
                return member.method is None
            return self.nd.index.method(parse.text(fld), self.typ) is None and not (
                self.nd.index.embedded_fields(self.typ)
            )
        if t == "binary_expression":
            op = p.child_by_field_name("operator")
            return op is not None and op.type in ("==", "!=")
        if t == "literal_element":
            keyed = p.parent
            key = keyed.child_by_field_name("key") if keyed is not None else None
            if keyed is None or keyed.type != "keyed_element" or key is None:
                return False
            if key == p:
                return True  # ``cc: ...``: the key names a field, it is no value
            lit = keyed.parent.parent if keyed.parent is not None else None
            ltype = facts.named_type(lit.child_by_field_name("type")) if lit is not None else None
            return ltype is not None and (ltype, parse.text(key)) in self.owners
        if t == "argument_list":
            return self._argument(p, e)
        if t == "expression_list":
            return self._listed(p, e)
        return False

    def _argument(self, args: Node, e: Node) -> bool:
        call = args.parent
        fn = call.child_by_field_name("function") if call is not None else None
        if fn is None:
            return False
        ref = facts.resolve_call(fn, self.nd.index)
        if ref is None or not self._exact(fn, ref.node, ref.receiver_type):
            return False
        vals = [a for a in args.named_children if a.type != "comment"]
        i = [a.id for a in vals].index(e.id)
        names = facts.param_names(ref.node)
        return i < len(names) and (ref.node.id, names[i]) in self.vars

    def _listed(self, lst: Node, e: Node) -> bool:
        stmt = lst.parent
        if stmt is None:
            return False
        vals = lst.named_children
        i = [v.id for v in vals].index(e.id)
        if stmt.type == "return_statement":
            func = parse.enclosing_function(stmt)
            if func is None or func.id not in self.results:
                return False
            types = _result_types(func)
            return len(vals) == len(types) and facts.named_type(types[i]) == self.typ
        if stmt.type not in ("assignment_statement", "short_var_declaration"):
            return False
        if stmt.child_by_field_name("right") != lst:
            return False
        left = stmt.child_by_field_name("left")
        lefts = left.named_children if left is not None else []
        if len(lefts) != len(vals):
            return False
        target = lefts[i]
        func = parse.enclosing_function(stmt)
        if target.type == "identifier" and target.text == b"_":
            return True  # discarded
        if target.type == "identifier" and func is not None:
            if stmt.type == "short_var_declaration":
                self._add_var(self._declaring(func, parse.text(target)), parse.text(target))
                return True
            owner = self._declaring(func, parse.text(target))
            return (owner.id, parse.text(target)) in self.vars
        if target.type == "selector_expression":
            fld = target.child_by_field_name("field")
            obj = target.child_by_field_name("operand")
            otype = expr_type(obj, self.nd.index) if obj is not None else None
            return fld is not None and otype is not None and (otype, parse.text(fld)) in self.owners
        return False

    def _exact(self, fn: Node, callee: Node, receiver: str | None) -> bool:
        """Tell whether the call's function ``fn`` certainly is ``callee``, not a namesake.

        ``f(x)`` with no local ``f``; ``v.m(x)`` with ``v`` of ``callee``'s receiver type.
        """
        if fn.type == "identifier":
            func = parse.enclosing_function(fn)
            name = parse.text(fn)
            while func is not None:
                if _declares_in(func, name):
                    return False  # a local function value
                func = parse.enclosing_function(func) if func.type == "func_literal" else None
            return callee.type == "function_declaration"
        if fn.type != "selector_expression" or receiver is None:
            return False
        operand = fn.child_by_field_name("operand")
        return operand is not None and expr_type(operand, self.nd.index) == receiver

    @staticmethod
    def _declaring(func: Node, name: str) -> Node:
        """Return the function (or literal) around ``func`` that declares ``name``."""
        f: Node | None = func
        while f is not None and f.type == "func_literal" and not _declares_in(f, name):
            f = parse.enclosing_function(f)
        return f if f is not None else func


def _result_types(func: Node) -> list[Node | None]:
    result = func.child_by_field_name("result")
    if result is None:
        return []
    if result.type != "parameter_list":
        return [result]
    out: list[Node | None] = []
    for pd in result.named_children:
        if pd.type == "parameter_declaration":
            out.extend(
                [pd.child_by_field_name("type")]
                * max(1, len(list(pd.children_by_field_name("name"))))
            )
    return out
