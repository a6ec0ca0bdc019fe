"""Channel and goroutine facts, and the path questions the checks ask of them.

Only functions that contain a ``go`` statement are looked at (and the package functions their
goroutines and calls reach, lazily). For each such function ``F``:

- *channels*: every ``make(chan T[, k])`` bound to a local name, with its capacity (0, a
  constant k, or unknown) and every use of the name in ``F`` and its literals, classified as
  send, receive, range, close, call argument (bound to the callee's parameter and summarised)
  or escape (stored, returned, aliased, passed to code we cannot see). An escaped channel or
  one with unknown capacity is dropped: unknown means silence (``make(chan T, len(xs))`` is
  counted only as one slot per goroutine of a ``range xs`` that starts them all).
- *goroutines*: every ``go`` statement with what it runs (a literal, or a package function or
  method resolved through :mod:`gostuck.analysis.flow.index`), its arguments bound to parameters,
  and whether it sits in a loop (then it runs once per iteration).
- *strands*: for an owned channel, walk the paths of ``F`` from its entry to each normal exit,
  counting how many partner operations (receives for sending goroutines, sends or closes for
  receiving ones, a close for ranging ones) happen after the goroutines start; a path whose
  count is short of what the goroutines need, less the buffer, strands them.

Counts saturate at :data:`LIMIT`; :data:`MANY` is symbolic: as many as needed, from a loop
that does the operation on every iteration, a range over the channel or a close.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from tree_sitter import Node

from gostuck.analysis.flow import consts, funcvals
from gostuck.analysis.flow.index import FuncRef, PackageIndex
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind, Unsupported

MANY: Final = 99
LIMIT: Final = 8  # finite counts saturate here (still below MANY)
MAX_CALL_DEPTH: Final = 3


def add(a: int, b: int) -> int:
    """Return the saturating sum of two counts."""
    if a == MANY or b == MANY:
        return MANY
    return min(a + b, LIMIT)


def mul(mult: int, n: int) -> int:
    """Multiply: ``mult`` (1 or MANY) times ``n``."""
    if n == 0:
        return 0
    return n if mult == 1 else MANY


class Op(enum.Enum):
    """Return what a use of a channel name does."""

    SEND = "send"
    RECV = "recv"
    RANGE = "range"
    CLOSE = "close"
    CALL = "call"  # argument of a call we may resolve
    DEF = "def"  # assigned or declared
    NONE = "none"  # len, cap, comparison: harmless
    ESCAPE = "escape"


@dataclass(frozen=True, slots=True)
class Use:
    """One occurrence of a channel name, classified."""

    op: Op
    ident: Node
    node: Node  # the operation: send_statement, unary_expression, for_statement, call
    in_select: bool = False
    arg_index: int = -1  # for CALL: the argument's index, or RECEIVER for `x.method()`
    field: str = ""  # for CALL on a struct holding the channel: the channel's field
    # The channel's named channel type where this use sees it converted (``out(ch)`` handed
    # on as an interface value): its dynamic type, whose methods a call on it runs.
    dyn: str = ""


RECEIVER: Final = -2


def _unparen(node: Node) -> Node:
    while node.parent is not None and node.parent.type == "parenthesized_expression":
        node = node.parent
    return node


def classify(ident: Node) -> Use:
    """Say what the occurrence ``ident`` of a channel name does."""
    n = _unparen(ident)
    p = n.parent
    if p is None:
        return Use(Op.ESCAPE, ident, ident)
    t = p.type
    if t == "send_statement":
        if p.child_by_field_name("channel") == n:
            sel = p.parent is not None and p.parent.type == "communication_case"
            return Use(Op.SEND, ident, p, in_select=sel)
        return Use(Op.ESCAPE, ident, p)
    if t == "unary_expression":
        opnode = p.child(0)
        if opnode is not None and opnode.type == "<-":
            q = p.parent
            while q is not None and q.type in ("expression_list", "parenthesized_expression"):
                q = q.parent
            sel = (
                q is not None
                and q.type == "receive_statement"
                and q.parent is not None
                and q.parent.type == "communication_case"
            )
            return Use(Op.RECV, ident, p, in_select=sel)
        return Use(Op.ESCAPE, ident, p)
    if t == "range_clause":
        if p.child_by_field_name("right") == n and p.parent is not None:
            return Use(Op.RANGE, ident, p.parent)
        return Use(Op.DEF, ident, p)
    if t == "argument_list":
        call = p.parent
        if call is None or call.type != "call_expression":
            return Use(Op.ESCAPE, ident, p)
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "identifier":
            if fn.text == b"close":
                return Use(Op.CLOSE, ident, call)
            if fn.text in (b"len", b"cap"):
                return Use(Op.NONE, ident, call)
        idx = [c.id for c in p.named_children].index(n.id)
        return Use(Op.CALL, ident, call, arg_index=idx)
    if t == "expression_list":
        gp = p.parent
        if (
            gp is not None
            and gp.type in ("short_var_declaration", "assignment_statement")
            and gp.child_by_field_name("left") == p
        ):
            return Use(Op.DEF, ident, gp)
        return Use(Op.ESCAPE, ident, p)
    if t in ("var_spec", "parameter_declaration", "variadic_parameter_declaration"):
        if p.child_by_field_name("name") == n or any(
            c.id == n.id for c in p.children_by_field_name("name")
        ):
            return Use(Op.DEF, ident, p)
        return Use(Op.ESCAPE, ident, p)
    if t == "binary_expression":
        oper = p.child_by_field_name("operator")
        if oper is not None and oper.type in ("==", "!="):
            return Use(Op.NONE, ident, p)
    if t == "selector_expression" and p.child_by_field_name("operand") == n:
        # ``out.Write(v)``: a method of the channel's named type (or of the dynamic type of
        # the interface value holding it) runs with the channel as its receiver.
        call = p.parent
        if (
            call is not None
            and call.type == "call_expression"
            and call.child_by_field_name("function") == p
        ):
            return Use(Op.CALL, ident, call, arg_index=RECEIVER)
    return Use(Op.ESCAPE, ident, p)


# The last scope looked in and its identifiers by text, each list sorted by position. The
# node is held, so its tree stays alive and a later scope cannot compare equal to it.
_LAST_IDENTS: list[tuple[Node, dict[bytes, list[Node]]]] = []


def idents_named(scope: Node, name: str) -> list[Node]:
    """Return every identifier ``name`` inside ``scope`` (a C-speed query, not a Python walk).

    One function's names are looked up one after another: the query runs once per scope,
    not once per name.
    """
    if _LAST_IDENTS and _LAST_IDENTS[0][0] == scope:
        by_text = _LAST_IDENTS[0][1]
    else:
        by_text = {}
        for n in parse.captures("idents.scm", scope).get("id", []):
            by_text.setdefault(n.text or b"", []).append(n)
        for nodes in by_text.values():
            nodes.sort(key=lambda n: n.start_byte)
        _LAST_IDENTS[:] = [(scope, by_text)]
    return list(by_text.get(name.encode(), ()))


def name_uses(scope: Node, name: str, index: PackageIndex | None = None) -> list[Use]:
    """Classify every use of ``name`` inside ``scope``.

    ``name`` is a local or parameter (``ch``) or a field of one (``s.reqs``). For a field,
    the struct variable's other uses matter too: ``s.other`` is harmless, ``s.method()``
    and ``f(s)`` hand the channel on (CALL with ``field`` set), anything else escapes.
    With ``index``, a local or parameter converted to a channel type of the package is
    followed to where the converted value goes (:func:`through_conversions`).
    """
    if "." not in name:
        uses = [classify(i) for i in idents_named(scope, name)]
        return [through_conversions(u, index) for u in uses] if index is not None else uses
    base, fld = name.split(".", 1)
    out: list[Use] = []
    for ident in idents_named(scope, base):
        p = ident.parent
        if (
            p is not None
            and p.type == "selector_expression"
            and p.child_by_field_name("operand") == ident
        ):
            f = p.child_by_field_name("field")
            gp = p.parent
            if f is not None and f.text == fld.encode():
                u = classify(p)
                out.append(Use(u.op, ident, u.node, u.in_select, u.arg_index, fld))
            elif (
                gp is not None
                and gp.type == "call_expression"
                and gp.child_by_field_name("function") == p
            ):
                out.append(Use(Op.CALL, ident, gp, arg_index=RECEIVER, field=fld))
            else:
                out.append(Use(Op.NONE, ident, p))
            continue
        u = classify(ident)
        out.append(Use(u.op, ident, u.node, u.in_select, u.arg_index, fld))
    return out


def through_conversions(use: Use, index: PackageIndex) -> Use:
    """Return the use of the value ``use`` converts the channel to, when it is the channel.

    ``T(ch)`` with ``T`` a channel type of the package (``type T chan<- E``) is ``ch``
    itself, with ``T``'s methods; so is ``Wrap(ch)`` for a package function whose whole body
    is ``return T(c)`` of its one parameter, handing ``ch`` on as an interface value whose
    dynamic type is ``T``. The use of that value (an argument, a method call on it, a send)
    is then the channel's use, with ``dyn`` set to ``T``. Anything else: ``use`` unchanged.
    """
    u = use
    for _ in range(MAX_CALL_DEPTH):
        if u.op is not Op.CALL or u.arg_index != 0 or u.field:
            return u
        typ = converted_type(u.node, index)
        if typ is None:
            return u
        d = classify(u.node)
        u = Use(d.op, use.ident, d.node, d.in_select, d.arg_index, "", typ)
    return u


def converted_type(call: Node, index: PackageIndex) -> str | None:
    """Return ``T`` when ``call``'s value is its one argument converted to channel type ``T``.

    ``T(x)``, or ``Wrap(x)`` where the package function ``Wrap`` has one parameter and its
    body is just ``return T(p)`` of that parameter.
    """
    if call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "identifier" or args is None:
        return None
    if len([a for a in args.named_children if a.type != "comment"]) != 1:
        return None
    name = parse.text(fn)
    if name in _BUILTINS:
        return None
    if index.is_chan_type(name):
        return name
    ref = index.function(name)
    if ref is None or ref.node.has_error:
        return None
    params = param_names(ref.node)
    body = cfgmod.body_of(ref.node)
    if len(params) != 1 or not params[0] or params[0] == "_" or body is None:
        return None
    stmts = [s for s in cfgmod.statements(body) if s.type != "comment"]
    ret = stmts[0] if len(stmts) == 1 and stmts[0].type == "return_statement" else None
    exprs = ret.named_children[0].named_children if ret is not None and ret.named_children else []
    if len(exprs) != 1 or exprs[0].type != "call_expression":
        return None
    inner = exprs[0]
    iargs = inner.child_by_field_name("arguments")
    ifn = inner.child_by_field_name("function")
    if iargs is None or ifn is None or ifn.type != "identifier":
        return None
    arg = [a for a in iargs.named_children if a.type != "comment"]
    if len(arg) != 1 or arg[0].type != "identifier" or parse.text(arg[0]) != params[0]:
        return None
    tname = parse.text(ifn)
    return tname if tname not in _BUILTINS and index.is_chan_type(tname) else None


def receiver_name(method: Node) -> str | None:
    """Return the receiver's name of a method declaration (``s`` in ``func (s *T) m()``)."""
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return None
    for p in recv.named_children:
        if p.type == "parameter_declaration":
            n = p.child_by_field_name("name")
            return parse.text(n) if n is not None else None
    return None


def bound_name(callee: Node, use: Use) -> str | None:
    """Return the name ``callee`` knows the channel of ``use`` by (``p`` or ``recv.field``)."""
    if use.arg_index == RECEIVER:
        base = receiver_name(callee)
    else:
        params = param_names(callee)
        base = params[use.arg_index] if 0 <= use.arg_index < len(params) else None
    if not base or base == "_":
        return None
    return f"{base}.{use.field}" if use.field else base


def call_binding(
    use: Use, index: PackageIndex, env: consts.Env | None = None
) -> tuple[FuncRef, str] | None:
    """Return the function the call of ``use`` runs and the name it knows the channel by."""
    ref = use_callee(use, index, env)
    name = bound_name(ref.node, use) if ref is not None else None
    return (ref, name) if ref is not None and name else None


def use_callee(use: Use, index: PackageIndex, env: consts.Env | None = None) -> FuncRef | None:
    """Return the function the call of the CALL use ``use`` runs, if certain.

    A method called on the channel value itself (``out.Write(v)``, no struct around it) runs
    the method of its dynamic type: the named channel type it was converted to on its way
    here (``use.dyn``, or the type ``env`` binds to the parameter), else the variable's
    declared channel type. An interface-typed variable whose dynamic type is not known
    resolves to nothing, even when the package has one method of that name.
    """
    fn = use.node.child_by_field_name("function")
    if fn is None:
        return None
    if use.arg_index != RECEIVER or use.field:
        return resolve_call(fn, index, env)
    fld = fn.child_by_field_name("field") if fn.type == "selector_expression" else None
    operand = fn.child_by_field_name("operand") if fld is not None else None
    if fld is None or operand is None:
        return None
    typ = use.dyn  # ``T(ch).Write(v)``: the conversion's type
    if not typ and operand.id == use.ident.id:
        bound = env.get(parse.text(operand)) if env else None
        typ = bound.typ if bound is not None else ""
        typ = typ or operand_type(operand, index) or ""
    if not typ or not index.is_chan_type(typ):
        return None
    return index.method(parse.text(fld), typ)


def innermost_function(node: Node, stop: Node) -> Node:
    """Return the innermost function or func literal around ``node`` (``stop`` at the latest)."""
    # Node.parent costs the node's depth: climb a few levels (the answer is usually
    # there), then descend from ``stop`` instead, so code nested thousands deep does not
    # cost the square of its depth per call.
    for steps, a in enumerate(parse.ancestors(node)):
        if a.id == stop.id or a.type in parse.FUNCTION_TYPES:
            return a
        if steps == 16:
            break
    else:
        return stop
    path = parse.path_down(stop, node)
    if path is not None:
        for a in reversed(path[:-1]):
            if a.id == stop.id or a.type in parse.FUNCTION_TYPES:
                return a
        return stop
    for a in parse.ancestors(node):
        if a.id == stop.id or a.type in parse.FUNCTION_TYPES:
            return a
    return stop


def in_loop(node: Node, func: Node) -> bool:
    """Tell whether ``node`` is inside a ``for`` loop of ``func`` (not in a nested literal)."""
    return innermost_loop(node, func) is not None


def _round_loop(
    members: Sequence[tuple[Goroutine, Profile]], ch: Channel, parent: Node
) -> Node | None:
    """Return the loop whose every round makes ``ch`` afresh for the goroutines it starts."""
    loops = {
        loop.id: loop
        for go, _ in members
        if fresh_per_round(go, ch, parent) and (loop := innermost_loop(go.stmt, parent))
    }
    if len(loops) != 1 or not all(fresh_per_round(go, ch, parent) for go, _ in members):
        return None
    return next(iter(loops.values()))


def _rounds_end(g: CFG, loop: Node) -> CFG:
    """Return ``g`` where the end of a round of ``loop`` leaves the function.

    A channel made afresh in every round is dropped when the round ends (the next round
    binds the name to a new one): for its goroutines the end of the round is the owner's
    return. The edges back into the loop's header go to the exit instead.
    """
    header = g.by_node.get(loop.id)
    if header is None:
        return g
    inside = range(loop.start_byte, loop.end_byte)
    blocks = [
        dataclasses.replace(b, succs=[g.exit if s == header else s for s in b.succs])
        if b.id != header
        and header in b.succs
        and b.node is not None
        and b.node.start_byte in inside
        else b
        for b in g.blocks
    ]
    return CFG(g.func, blocks, g.entry, g.exit, g.by_node)


def innermost_loop(node: Node, func: Node) -> Node | None:
    """Return the innermost ``for`` loop of ``func`` around ``node`` (not in a nested literal)."""
    for a in parse.ancestors(node):
        if a.id == func.id or a.type in parse.FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


def fresh_per_round(go: Goroutine, ch: Channel, parent: Node) -> bool:
    """Tell whether each round of the loop starting ``go`` makes its own channel ``ch``.

    ``for ... { done := make(chan T, 1); go func() { done <- f() }(); ... }``: the make and
    the go statement are in the same innermost loop, so every goroutine gets the channel of
    its round, and its sends count against that round's buffer and receives, not against
    one channel shared by every round.
    """
    if ch.make_path is not None or ch.make.start_byte >= go.stmt.start_byte:
        return False
    loop = innermost_loop(go.stmt, parent)
    return loop is not None and innermost_loop(ch.decl, parent) == loop


# --------------------------------------------------------------------------- channels


@dataclass(slots=True)
class Channel:
    """A channel made in a function and bound to a local name."""

    name: str
    make: Node  # the make(...) call
    decl: Node  # the statement that binds it
    capacity: int | None  # None: not a constant
    uses: list[Use] = field(default_factory=list)
    make_path: str | None = None  # file of ``make`` when a constructor elsewhere made it
    # For a constructor's channel: its variable there (``w`` of ``w.results``), and the go
    # statements that start goroutines on it before it is returned.
    ctor_var: str = ""
    ctor_gos: tuple[Node, ...] = ()
    # Calls ``v.m(...)`` the constructor makes on its value before returning it (asked for
    # with ``with_calls``): they may start goroutines holding the channel.
    ctor_calls: tuple[Node, ...] = ()
    # For a channel a package function made and returned to this one: that call, and the
    # goroutines the function left holding it (:mod:`gostuck.analysis.summary.summaries`).
    returned: Returned | None = None
    # ``make(chan T, len(xs))``: the capacity is no constant but the length of ``xs`` (its
    # text); counted only against one goroutine per element of a ``range xs``.
    per_element: str = ""

    @property
    def label(self) -> str:
        """Return the name a finding calls the channel by: where its goroutines know it."""
        return self.returned.name if self.returned is not None else self.name


@dataclass(frozen=True, slots=True)
class Returned:
    """A channel a call returns, with goroutines started on it before the callee returned.

    ``ch := gen(n)`` or ``for v := range gen(n)`` where ``gen`` makes ``ch``, starts ``go
    func() { ... ch <- v ... }()`` and returns it: for the caller, the goroutines start at
    the call, and the channel's other holder is the caller alone.
    """

    call: Node  # the call, in the function that gets the channel
    callee: Node  # the function that made and returned it
    name: str  # the callee's name for it
    uses: tuple[Use, ...]  # its uses in the callee
    gos: tuple[Node, ...]  # the callee's go statements holding it
    path: str  # the callee's file
    caller_path: str  # the file of the function that gets it


def _capacity(call: Node, env: consts.Env | None = None) -> int | None:
    args = call.child_by_field_name("arguments")
    if args is None:
        return None
    named = [c for c in args.named_children if c.type != "comment"]
    if len(named) == 1:
        return 0
    if len(named) == 2:
        n = int_value(named[1])
        if n is None and env:
            v = consts.value_of(named[1], env)
            n = v.num if v is not None and v.kind == consts.INT else None
        return n
    return None


def int_value(expr: Node) -> int | None:
    """Return the value of an integer literal, or of a constant declared with one."""
    if expr.type == "int_literal":
        try:
            return int(parse.text(expr).replace("_", ""), 0)
        except ValueError:
            return None
    if expr.type != "identifier":
        return None
    name = expr.text
    # Look outwards: constants of enclosing blocks, then of the file.
    scope = expr.parent
    while scope is not None:
        for child in scope.named_children:
            if child.type != "const_declaration":
                continue
            for spec in child.named_children:
                if spec.type != "const_spec":
                    continue
                names = list(spec.children_by_field_name("name"))
                value = spec.child_by_field_name("value")
                if value is None or len(names) != len(value.named_children):
                    continue
                for n, v in zip(names, value.named_children, strict=True):
                    if n.text == name:
                        return int_value(v) if v.type == "int_literal" else None
        if scope.type == "source_file":
            break
        scope = scope.parent
    return None


def find_channels(func: Node) -> list[Channel]:
    """Return the channels made by ``make(chan T[, k])`` in ``func`` and bound to one local name."""
    out: list[Channel] = []
    body = cfgmod.body_of(func)
    if body is None:
        return out
    for call in parse.captures("facts.scm", body).get("make.call", []):
        p = call.parent
        field_name = ""
        elem = call
        if p is not None and p.type == "literal_element":
            found = _struct_field_make(call)
            if found is None:
                continue
            elem, field_name = found
            p = elem.parent
        if p is None or p.type != "expression_list":
            continue
        decl = p.parent
        if decl is None:
            continue
        # `x = make(...)` may assign a package variable or an outer one: only a declaration
        # here makes the channel the function's own.
        if decl.type == "short_var_declaration":
            left = decl.child_by_field_name("left")
            if decl.child_by_field_name("right") != p or left is None:
                continue
            names = left.named_children
        elif decl.type == "var_spec":
            names = list(decl.children_by_field_name("name"))
        else:
            continue
        rights = p.named_children
        if len(names) != len(rights):
            continue
        i = [c.id for c in rights].index(elem.id)
        target = names[i]
        if target.type != "identifier" or target.text == b"_":
            continue
        if innermost_function(call, func).id != func.id:
            continue
        name = parse.text(target) + (f".{field_name}" if field_name else "")
        out.append(Channel(name, call, decl, _capacity(call), per_element=_len_of(call)))
    return out


def _len_of(call: Node) -> str:
    """Return ``xs`` for ``make(chan T, len(xs))`` (an identifier or a field), else ""."""
    args = call.child_by_field_name("arguments")
    named = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    if len(named) != 2 or named[1].type != "call_expression":
        return ""
    fn = named[1].child_by_field_name("function")
    inner = named[1].child_by_field_name("arguments")
    vals = [c for c in inner.named_children if c.type != "comment"] if inner is not None else []
    if fn is None or fn.text != b"len" or len(vals) != 1:
        return ""
    if vals[0].type not in ("identifier", "selector_expression"):
        return ""
    return parse.text(vals[0])


def find_constructed_channels(
    func: Node, index: PackageIndex, *, with_calls: bool = False
) -> list[Channel]:
    """Return the channel fields of structs ``func`` gets from a package constructor.

    ``s := newServer()`` where ``newServer`` only builds ``&Server{reqs: make(chan R)}`` and
    returns it: the caller is the channel's only holder, exactly as if it had made it. A type
    assertion of the result (``newServer().(*Server)``) is the same value. With
    ``with_calls``, also constructors that call methods on the value before returning it
    (``s.start()``); the channels then list those calls in ``ctor_calls``.
    """
    out: list[Channel] = []
    body = cfgmod.body_of(func)
    if body is None:
        return out
    for decl in parse.captures("facts.scm", body).get("ctor.decl", []):
        if innermost_function(decl, func).id != func.id:
            continue
        left = decl.child_by_field_name("left")
        right = decl.child_by_field_name("right")
        if left is None or right is None:
            continue
        names, rights = left.named_children, right.named_children
        if len(names) != 1 or len(rights) != 1 or names[0].type != "identifier":
            continue
        call = rights[0]
        if call.type == "type_assertion_expression":
            inner = call.child_by_field_name("operand")
            if inner is None:
                continue
            call = inner
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "identifier":
            continue
        ref = index.function(parse.text(fn))
        if ref is None:
            continue
        var, gos = _constructor_goroutines(ref.node)
        calls: list[Node] = []
        fields = _constructor_fields(ref.node, allow_go=bool(gos))
        if not fields and with_calls and not gos:
            var, calls = _constructor_calls(ref.node)
            fields = _constructor_fields(ref.node, allow_calls=bool(calls)) if calls else []
        env: consts.Env = {}
        if gos or calls:
            args_node = call.child_by_field_name("arguments")
            args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
            env = consts.bind(ref.node, param_names(ref.node), args, {})
        for field_name, make in fields:
            out.append(
                Channel(
                    f"{parse.text(names[0])}.{field_name}",
                    make,
                    decl,
                    _capacity(make, env),
                    make_path=ref.path,
                    ctor_var=var,
                    ctor_gos=tuple(gos),
                    ctor_calls=tuple(calls),
                )
            )
    return out


def _constructor_body(ctor: Node) -> tuple[Node, list[Node]] | None:
    """For ``v := &T{...}; ...; return v``: ``v`` and the statements between (its own body)."""
    body = cfgmod.body_of(ctor)
    if body is None:
        return None
    stmts = cfgmod.statements(body)
    if len(stmts) < 3 or stmts[-1].type != "return_statement":
        return None
    ret = stmts[-1].named_children
    value = ret[0].named_children[0] if ret and ret[0].named_children else None
    if value is None or value.type != "identifier":
        return None
    return value, stmts[1:-1]


def _constructor_calls(ctor: Node) -> tuple[str, list[Node]]:
    """For ``v := &T{...}; ...; v.start(...); ...; return v``: ``v`` and those calls.

    Only statements of the constructor's own body that call a method on ``v``.
    """
    built = _constructor_body(ctor)
    if built is None:
        return "", []
    value, stmts = built
    out: list[Node] = []
    for st in stmts:
        call = _method_call_on(st, value.text or b"")
        if call is not None:
            out.append(call)
    return parse.text(value), out


def _method_call_on(stmt: Node, var: bytes) -> Node | None:
    """``v.m(...)`` when the statement ``stmt`` is that call and nothing else."""
    if stmt.type != "expression_statement" or len(stmt.named_children) != 1:
        return None
    call = stmt.named_children[0]
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    operand = fn.child_by_field_name("operand") if fn is not None else None
    if fn is None or fn.type != "selector_expression" or operand is None:
        return None
    return call if operand.type == "identifier" and operand.text == var else None


def _constructor_goroutines(ctor: Node) -> tuple[str, list[Node]]:
    """For ``v := &T{...}; ...; go v.run(...); ...; return v``: ``v`` and those go statements.

    Only go statements of the constructor's own body that call a method on ``v``.
    """
    built = _constructor_body(ctor)
    if built is None:
        return "", []
    value, stmts = built
    out: list[Node] = []
    for st in stmts:
        if st.type != "go_statement":
            continue
        call = next((c for c in st.named_children if c.type == "call_expression"), None)
        fn = call.child_by_field_name("function") if call is not None else None
        operand = fn.child_by_field_name("operand") if fn is not None else None
        is_method = fn is not None and fn.type == "selector_expression"
        if is_method and operand is not None and operand.text == value.text:
            out.append(st)
    return parse.text(value), out


def _constructor_fields(
    ctor: Node, *, allow_go: bool = False, allow_calls: bool = False
) -> list[tuple[str, Node]]:
    """For a constructor that builds and returns ``&T{f: make(...)}``: (f, make) pairs.

    Either ``return &T{...}`` (after any statements: they run before the channels exist) or
    ``v := &T{...}``, field assignments, ``return v``; with ``allow_go``, also ``go v.m(...)``
    statements (their goroutines are the caller's to account for); with ``allow_calls``,
    ``v.m(...)`` statements (what they do is the caller's to account for).
    """
    body = cfgmod.body_of(ctor)
    if body is None or ctor.has_error:
        return []
    stmts = cfgmod.statements(body)
    if not stmts or stmts[-1].type != "return_statement":
        return []
    ret = stmts[-1].named_children
    if len(ret) != 1 or ret[0].type != "expression_list" or len(ret[0].named_children) != 1:
        return []
    value = ret[0].named_children[0]
    lit: Node | None = None
    if value.type == "identifier" and len(stmts) >= 2:
        # v := &T{...}; <field assignments>; return v
        first = stmts[0]
        if first.type != "short_var_declaration":
            return []
        left = first.child_by_field_name("left")
        right = first.child_by_field_name("right")
        if left is None or right is None or [n.text for n in left.named_children] != [value.text]:
            return []
        lit = right.named_children[0] if len(right.named_children) == 1 else None
        for st in stmts[1:-1]:
            if st.type == "assignment_statement" or (allow_go and st.type == "go_statement"):
                continue
            if not (allow_calls and _method_call_on(st, value.text or b"") is not None):
                return []
        name = value.text or b""
        for n in parse.iter_descendants(body):
            if n.type == "identifier" and n.text == name:
                p = n.parent
                gp = p.parent if p is not None else None
                ok = (
                    p is not None
                    and p.type == "selector_expression"
                    and p.child_by_field_name("operand") == n
                    and not (gp is not None and gp.type == "call_expression")
                )
                ok = ok or (
                    p is not None
                    and p.parent is not None
                    and p.parent.id in (first.id, stmts[-1].id)
                )
                ok = ok or (
                    (allow_go or allow_calls)
                    and gp is not None
                    and gp.type == "call_expression"
                    and gp.parent is not None
                    and gp.parent.type == ("go_statement" if allow_go else "expression_statement")
                    and any(st.id == gp.parent.id for st in stmts)
                )
                if not ok:
                    return []
    else:
        # return &T{...}: statements before it cannot touch channels made in the literal.
        lit = value
    if lit is not None and lit.type == "unary_expression":
        lit = lit.child_by_field_name("operand")
    if lit is None or lit.type != "composite_literal" or lit.has_error:
        return []
    if any(n.type in ("go_statement", "func_literal") for n in parse.iter_descendants(lit)):
        return []
    out: list[tuple[str, Node]] = []
    for k, v in parse.keyed_elements(lit):
        if v.type != "call_expression":
            continue
        fn = v.child_by_field_name("function")
        args = v.child_by_field_name("arguments")
        if fn is None or fn.text != b"make" or args is None:
            continue
        if args.named_children and args.named_children[0].type == "channel_type":
            out.append((parse.text(k), v))
    return out


def _struct_field_make(call: Node) -> tuple[Node, str] | None:
    """For ``s := &T{f: make(chan X)}``: the ``&T{...}`` element, and ``f``."""
    value = call.parent
    keyed = value.parent if value is not None else None
    if keyed is None or keyed.type != "keyed_element":
        return None
    if keyed.child_by_field_name("value") != value:
        return None
    key = keyed.child_by_field_name("key")
    ident = key.named_children[0] if key is not None and key.named_children else None
    if ident is None or ident.type not in ("identifier", "field_identifier"):
        return None
    lit_value = keyed.parent
    lit = lit_value.parent if lit_value is not None else None
    if lit is None or lit.type != "composite_literal":
        return None
    elem = lit
    if lit.parent is not None and lit.parent.type == "unary_expression":
        op = lit.parent.child(0)
        if op is None or op.type != "&":
            return None
        elem = lit.parent
    if elem.parent is None or elem.parent.type != "expression_list":
        return None
    return elem, parse.text(ident)


# --------------------------------------------------------------------------- goroutines


@dataclass(slots=True)
class Goroutine:
    """One ``go`` statement and what it runs."""

    stmt: Node
    parent: Node  # the function whose body holds the go statement
    call: Node
    body: Node | None  # func literal or resolved declaration; None when unknown
    path: str  # file of ``body``
    args: list[Node]
    params: list[str]  # parameter names of ``body``, in order (variadic flattened)
    in_loop: bool
    # For a goroutine that runs a function value bound at a call site (``RunWorker(func()
    # { ... })`` whose ``go func() { f() }()`` runs the literal): that call, in ``parent``.
    # ``stmt`` is the real go statement (in the callee), ``body`` the function value.
    via: Node | None = None
    # Values the starting call fixes for names the body sees: a captured parameter holding
    # the channel converted to a named channel type (its dynamic type, for method calls).
    env: tuple[tuple[str, consts.Value], ...] = ()

    @property
    def key(self) -> int:
        """Return an id telling this goroutine from the others of its parent."""
        if self.via is not None and self.body is not None:
            return self.body.id
        return self.stmt.id

    @property
    def is_literal(self) -> bool:
        """Tell whether the goroutine runs a func literal."""
        return self.body is not None and self.body.type == "func_literal"

    def param_for(self, arg_index: int) -> str | None:
        """Return the parameter bound to argument ``arg_index`` (None past a variadic)."""
        if 0 <= arg_index < len(self.params):
            return self.params[arg_index]
        return None


def param_names(func: Node) -> list[str]:
    """Return the parameter names in order; unnamed ones keep their place as ``""``."""
    params = func.child_by_field_name("parameters")
    out: list[str] = []
    if params is None:
        return out
    for p in params.named_children:
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = list(p.children_by_field_name("name"))
        if not names:
            out.append("")
        if p.type == "variadic_parameter_declaration":
            return out  # arguments past here are not bound one to one
        out.extend(parse.text(n) for n in names)
    return out


def resolve_call(fn: Node, index: PackageIndex, env: consts.Env | None = None) -> FuncRef | None:
    """Return the function that ``fn`` (a call's function) runs, if certain.

    A package function or method, or a function value (:mod:`funcvals`): a local bound once,
    a func field every assignment of the package sets to the same function, or a parameter
    ``env`` binds at the call site. ``FuncRef.node`` may then be a func literal.
    """
    if fn.type == "parenthesized_expression":
        fn = funcvals._unparen(fn)
    if fn.type == "func_literal":
        return FuncRef(funcvals.path_of(fn, index), fn)
    if fn.type == "identifier":
        name = parse.text(fn)
        if env and name in env:
            v = env[name]
            return v.func
        ref = index.function(name)
        if ref is not None or name in _BUILTINS:
            return ref
        return funcvals.resolve_value(fn, index, env)
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        name = parse.text(fld)
        if operand.type != "identifier":
            typ = funcvals.expr_type(operand, index)  # ``c.peer.Notify()``
            if typ is None:
                return None
            if any(r.receiver_type == typ for r in index.lookup(name)):
                return index.method(name, typ)
            fields = index.struct_fields(typ)
            if fields is not None:
                return funcvals.field_value(typ, name, index) if name in fields else None
            if not index.is_interface(typ):
                return None
            return index.method(name) or index.interface_method(name, typ)
        if parse.text(operand) in index.imports():
            return None  # pkg.Func of another package
        typ = operand_type(operand, index)
        if typ is not None and any(r.receiver_type == typ for r in index.lookup(name)):
            return index.method(name, typ)
        if typ is not None:
            fields = index.struct_fields(typ)
            if fields is not None:
                # A func field of ours, or a method promoted from an embedded field.
                return funcvals.field_value(typ, name, index) if name in fields else None
        # An interface, or a type declared elsewhere: the one method of that name in the
        # package, if there is just one, as without a type; for an interface of the package,
        # else the one type whose methods cover it.
        found = index.method(name)
        if found is None and typ is not None and index.is_interface(typ):
            found = index.interface_method(name, typ)
        return found
    return None


_BUILTINS: Final = parse.GO_BUILTIN_FUNCS | parse.GO_BASIC_TYPES  # calls and conversions


def _named_type(t: Node | None) -> str | None:
    """``T`` for the type ``T`` or ``*T``; None for anything else."""
    while t is not None and t.type in ("pointer_type", "parenthesized_type"):
        t = next((c for c in t.named_children), None)
    return parse.text(t) if t is not None and t.type == "type_identifier" else None


def _value_type(expr: Node, index: PackageIndex) -> str | None:
    """``T`` for ``T{...}``, ``&T{...}``, ``new(T)`` or a package function returning ``*T``."""
    if expr.type == "unary_expression" and expr.child(0) is not None:
        op = expr.child(0)
        operand = expr.child_by_field_name("operand")
        if op is not None and op.type == "&" and operand is not None:
            expr = operand
    if expr.type == "composite_literal":
        return _named_type(expr.child_by_field_name("type"))
    if expr.type == "index_expression":
        operand = expr.child_by_field_name("operand")
        return _elem_type(operand, index) if operand is not None else None
    if expr.type != "call_expression":
        return None
    fn = expr.child_by_field_name("function")
    args = expr.child_by_field_name("arguments")
    if fn is not None and fn.type == "selector_expression":
        return _method_result_type(fn, index)
    if fn is None or fn.type != "identifier":
        return None
    if fn.text == b"new" and args is not None and len(args.named_children) == 1:
        return _named_type(args.named_children[0])
    ref = index.function(parse.text(fn))
    if ref is None:
        return None
    typ = result_type(ref.node)
    if typ is not None and index.is_interface(typ):
        # ``a := NewAgent()`` declared to return an interface: the one struct it builds.
        return concrete_result(ref.node, index) or typ
    return typ


def _elem_type(container: Node, index: PackageIndex, *, key: bool = False) -> str | None:
    """Return the named element type of a map or slice: a field ``c.byName``, a parameter.

    A map's value type (its key type with ``key``); a slice's or array's element type (an
    index is no named type).
    """
    t = _declared_type(container, index)
    if t is None:
        return None
    if t.type == "map_type":
        return _named_type(t.child_by_field_name("key" if key else "value"))
    if t.type in ("slice_type", "array_type") and not key:
        return _named_type(t.child_by_field_name("element"))
    return None


def declared_type(expr: Node, index: PackageIndex) -> Node | None:
    """Return the type node a field ``x.f`` of a package struct or a parameter is declared with."""
    return _declared_type(expr, index)


def _declared_type(expr: Node, index: PackageIndex) -> Node | None:
    """Return the type node a field ``x.f`` of a package struct or a parameter is declared with."""
    while expr.type == "parenthesized_expression" and expr.named_children:
        expr = expr.named_children[0]
    if expr.type == "selector_expression":
        operand = expr.child_by_field_name("operand")
        fld = expr.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        base = funcvals.expr_type(operand, index)
        fields = index.struct_fields(base) if base is not None else None
        return fields.get(parse.text(fld)) if fields is not None else None
    if expr.type != "identifier":
        return None
    func = parse.enclosing_function(expr)
    while func is not None:
        for part in ("receiver", "parameters"):
            params = func.child_by_field_name(part)
            for pd in params.named_children if params is not None else []:
                if any(n.text == expr.text for n in pd.children_by_field_name("name")):
                    return pd.child_by_field_name("type")
        local = _local_var_type(func, expr)
        if local is not None:
            return local
        if func.type != "func_literal":
            return None
        func = parse.enclosing_function(func)
    return None


def _local_var_type(func: Node, ident: Node) -> Node | None:
    """Return ``T`` of ``var x T``, the one declaration of ``ident``'s name in ``func``.

    Only ``func``'s own code counts, and no other declaration of the name (``x := ...``, a
    range variable, another ``var``) may be there: then every ``x`` of ``func`` is that one.
    """
    found = local_declarations(func, parse.text(ident))
    return found[0] if len(found) == 1 else None


def local_declarations(func: Node, name: str) -> list[Node | None]:
    """Return each declaration of ``name`` in ``func``'s own body, in order.

    The type of ``var x T`` (None for ``var x = v``); None for ``x := ...``, a range
    variable, a const or a type of that name. Literals inside ``func`` are not its code.
    """
    body = func.child_by_field_name("body")
    if body is None:
        return []
    found: list[Node | None] = []
    for other in idents_named(body, name):
        if innermost_function(other, func).id != func.id:
            continue
        p = other.parent
        if p is None:
            continue
        if p.type == "var_spec":
            found.append(p.child_by_field_name("type"))
        elif p.type == "expression_list" and p.parent is not None:
            decl = p.parent
            if decl.type in ("short_var_declaration", "range_clause") and (
                decl.child_by_field_name("left") == p
            ):
                found.append(None)
        elif p.type in ("parameter_declaration", "const_spec", "type_spec"):
            found.append(None)
    return found


def concrete_result(func: Node, index: PackageIndex) -> str | None:
    """Return ``T`` when every return of ``func`` gives ``&T{...}`` or ``T{...}``.

    For a constructor declared to return an interface, the dynamic type of what it returns:
    a method called on the result runs ``T``'s method. None for any other return.
    """
    body = cfgmod.body_of(func)
    if body is None:
        return None
    found: set[str] = set()
    for n in parse.iter_descendants(body):
        if n.type != "return_statement" or innermost_function(n, func).id != func.id:
            continue
        vals = n.named_children
        exprs = vals[0].named_children if len(vals) == 1 else []
        if len(exprs) != 1:
            return None
        e = exprs[0]
        if e.type == "unary_expression" and e.child(0) is not None and e.child(0).type == "&":
            e = e.child_by_field_name("operand") or e
        if e.type != "composite_literal":
            return None
        t = _named_type(e.child_by_field_name("type"))
        if t is None or index.struct_fields(t) is None:
            return None
        found.add(t)
    return found.pop() if len(found) == 1 else None


# Identifiers whose type is being worked out: ``a := b.m()`` where ``b := a.n()`` ends here.
_TYPING: set[int] = set()


def _method_result_type(fn: Node, index: PackageIndex) -> str | None:
    """``T`` for ``x.m()`` where ``x``'s declared type is a package type whose ``m`` returns T."""
    operand = fn.child_by_field_name("operand")
    fld = fn.child_by_field_name("field")
    if operand is None or fld is None or operand.type != "identifier":
        return None
    if parse.text(operand) in index.imports() or operand.id in _TYPING:
        return None
    _TYPING.add(operand.id)
    try:
        typ = operand_type(operand, index)
    finally:
        _TYPING.discard(operand.id)
    ref = index.method(parse.text(fld), typ) if typ is not None else None
    return result_type(ref.node) if ref is not None else None


def _nth_result_type(call: Node, i: int, index: PackageIndex) -> str | None:
    """``T`` when ``call`` calls a package function whose ``i``-th result is ``T`` or ``*T``."""
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    ref = index.function(parse.text(fn)) if fn is not None and fn.type == "identifier" else None
    result = ref.node.child_by_field_name("result") if ref is not None else None
    if result is None or result.type != "parameter_list":
        return None
    types: list[Node | None] = []
    for pd in result.named_children:
        if pd.type != "parameter_declaration":
            return None
        t = pd.child_by_field_name("type")
        types.extend([t] * max(1, len(list(pd.children_by_field_name("name")))))
    return _named_type(types[i]) if i < len(types) else None


def result_type(func: Node) -> str | None:
    """Return ``T`` when ``func`` returns one ``T`` or ``*T``."""
    result = func.child_by_field_name("result")
    if result is not None and result.type == "parameter_list":
        named = result.named_children
        if len(named) != 1:
            return None
        result = named[0].child_by_field_name("type")
    return _named_type(result)


def named_type(t: Node | None) -> str | None:
    """``T`` for the type ``T`` or ``*T``; None for anything else."""
    return _named_type(t)


def operand_type(ident: Node, index: PackageIndex) -> str | None:
    """Return the named type of the variable ``ident``, when its one declaration says it.

    The declaration is a parameter or receiver (``x *T``), ``var x T``, or ``x := T{...}``,
    ``&T{...}``, ``new(T)``, ``NewT()`` of the package, in ``ident``'s function or one
    around it. Any other declaration, or more than one, gives None.
    """
    name = ident.text
    func: Node | None = parse.enclosing_function(ident)
    while func is not None:
        found: list[str | None] = []
        for part in ("receiver", "parameters"):
            params = func.child_by_field_name(part)
            for pd in params.named_children if params is not None else []:
                if any(n.text == name for n in pd.children_by_field_name("name")):
                    found.append(_named_type(pd.child_by_field_name("type")))
        body = func.child_by_field_name("body")
        for other in idents_named(body, parse.text(ident)) if body is not None else []:
            if innermost_function(other, func).id != func.id or not _scope_holds(other, ident):
                continue
            p = other.parent
            if p is None:
                continue
            if p.type == "var_spec":
                found.append(_named_type(p.child_by_field_name("type")))
            elif p.type == "expression_list" and p.parent is not None:
                decl = p.parent
                if decl.type == "range_clause" and decl.child_by_field_name("left") == p:
                    if any(c.type == ":=" for c in decl.children):
                        # for k, v := range c.byName: the map's key or value type
                        i = [c.id for c in p.named_children].index(other.id)
                        right = decl.child_by_field_name("right")
                        found.append(_elem_type(right, index, key=i == 0) if right else None)
                    continue
                if decl.type != "short_var_declaration" or decl.child_by_field_name("left") != p:
                    continue
                right = decl.child_by_field_name("right")
                lefts = p.named_children
                rights = right.named_children if right is not None else []
                i = [c.id for c in lefts].index(other.id)
                if len(lefts) != len(rights):
                    # a, b := f(): the i-th result of a package function; v, ok := m[k]
                    one = rights[0] if len(rights) == 1 else None
                    if one is not None and one.type == "index_expression" and i == 0:
                        found.append(_value_type(one, index))
                        continue
                    found.append(_nth_result_type(one, i, index) if one is not None else None)
                    continue
                found.append(_value_type(rights[i], index))
        if found:
            return found[0] if len(found) == 1 else None
        if func.type != "func_literal":
            return None
        func = parse.enclosing_function(func)
    return None


_SCOPES: Final = frozenset(
    {
        "block",
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "expression_case",
        "type_case",
        "default_case",
        "communication_case",
    }
)


def _scope_holds(decl: Node, use: Node) -> bool:
    """Tell whether a name declared at ``decl`` can be the one ``use`` sees.

    Go scopes a declaration to its innermost block (an ``if``, ``for`` or ``switch``
    header's to the whole statement, a case's to the clause): a namesake declared in
    another block, or later in the same one, is another variable.
    """
    if decl.start_byte > use.start_byte:
        return False
    for a in parse.ancestors(decl):
        if a.type in _SCOPES:
            return a.start_byte <= use.start_byte and use.end_byte <= a.end_byte
        if a.type in parse.FUNCTION_TYPES:
            return True
    return True


def goroutine_of(stmt: Node, path: str, index: PackageIndex) -> Goroutine | None:
    """Return the facts of the go statement ``stmt``."""
    call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
    parent = parse.enclosing_function(stmt)
    if call is None or parent is None:
        return None
    fn = call.child_by_field_name("function")
    args_node = call.child_by_field_name("arguments")
    args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
    body: Node | None = None
    body_path = path
    if fn is not None and fn.type == "func_literal":
        body = fn
    elif fn is not None:
        ref = resolve_call(fn, index)
        if ref is not None:
            body, body_path = ref.node, ref.path
    params = param_names(body) if body is not None else []
    return Goroutine(stmt, parent, call, body, body_path, args, params, in_loop(stmt, parent))


def bind_call(
    index: PackageIndex, func: Node, params: list[str], args: list[Node], env: consts.Env
) -> dict[str, consts.Value]:
    """Bind a call's arguments to ``func``'s parameters: constants and function values.

    A function value argument (a literal, a package function, a method value, a local or
    field known to hold one, a parameter ``env`` binds) says which function it is, so calls
    of the parameter inside ``func`` resolve (:func:`resolve_call` with the result).
    """
    return consts.bind(func, params, args, env, lambda e: funcvals.resolve_value(e, index, env))


def value_goroutines(an: Analyzer, go: Goroutine) -> list[Goroutine]:
    """Return the goroutines ``go`` starts with each function value bound at a call site.

    ``func (s *Stopper) RunWorker(f func()) { go func() { defer s.done(); f() }() }``
    called as ``s.RunWorker(func() { ... })`` in this file: one goroutine per call, whose
    body is the literal and whose parent is the caller (:meth:`Analyzer.arg_goroutines`).
    """
    func = go.parent
    if func.type not in ("function_declaration", "method_declaration") or go.body is None:
        return []
    fname = func.child_by_field_name("name")
    if fname is None:
        return []
    params = param_names(func)
    fn = go.call.child_by_field_name("function")
    text = go.body.text or b""
    wanted = [
        i
        for i, p in enumerate(params)
        if p
        and p != "_"
        and (
            (fn is not None and fn.type == "identifier" and fn.text == p.encode())
            or (go.is_literal and next(parse.find_word(p.encode(), text, rb"\s*\("), None))
        )
    ]
    if not wanted:
        return []
    out: list[Goroutine] = []
    root = an.index.root
    for m in parse.find_word(fname.text or b"", an.index.source, rb"\s*\("):
        n = root.named_descendant_for_byte_range(m.start(), m.start() + len(fname.text or b""))
        if n is None or n.id == fname.id or n.parent is None:
            continue
        callee = n.parent if n.type == "field_identifier" else n
        call = callee.parent
        if call is None or call.type != "call_expression":
            continue
        if call.child_by_field_name("function") != callee:
            continue
        caller = parse.enclosing_function(call)
        if caller is None or caller.has_error:
            continue
        for i in wanted:
            for sg in an.arg_goroutines(call, i, caller) or []:
                if sg.stmt.id == go.stmt.id:
                    out.append(sg)
    return out


# `go` where a statement starts (a line's first word, or after `{`, `;`, a label's or
# case's `:`, or a block comment), followed by what a go statement can start with (an
# operand, `(`, or a comment or line break before it, which Go allows there). A
# comment line starts with `//`, so prose like "go vet" does not cost the query below; a
# block comment's line may. The regex starts with the literal `go`, which the regex engine
# finds with a fast substring search; what precedes it is checked by hand (an alternation
# of anchors in front made the search 25x slower on $GOROOT/src).
_GO_WORD_RE: Final = re.compile(rb"go(?:[ \t]+[\w*\[]|[ \t]*[(/\r\n])")


def may_hold_go(text: bytes) -> bool:
    """Tell whether ``text`` has ``go <expr>`` where a statement can start."""
    for m in _GO_WORD_RE.finditer(text):
        j = m.start()
        while j > 0 and text[j - 1] in b" \t":
            j -= 1
        if j == 0 or text[j - 1] in b"\n{;:" or text[j - 2 : j] == b"*/":
            return True
    return False


def find_go_statements(root: Node) -> list[Node]:
    """Return every go statement under ``root`` (a compiled query).

    A file whose text has no ``go <expr>`` at all cannot hold one: skip the query.
    """
    if root.type == "source_file" and root.text is not None and not may_hold_go(root.text):
        return []
    return parse.captures("common.scm", root).get("go.stmt", [])


def spawner_callers(root: Node, parents: list[Node]) -> list[Node]:
    """Return the file's functions and func literals that call one of ``parents`` by name.

    ``parents`` are the functions holding go statements; only the declarations among them
    (not literals) can be called by name.
    """
    names = set()
    for p in parents:
        if p.type in ("function_declaration", "method_declaration"):
            n = p.child_by_field_name("name")
            if n is not None and n.text:
                names.add(n.text + b"(")
    if not names:
        return []
    lengths = sorted({len(n) for n in names})
    out: list[Node] = []
    for decl in root.named_children:
        if decl.type not in ("function_declaration", "method_declaration"):
            continue
        raw = decl.text or b""
        if _holds_any(raw, names, lengths):
            out.append(decl)
            out.extend(
                lit
                for lit in parse.captures("funclits.scm", decl).get("func.lit", [])
                if _holds_any(lit.text or b"", names, lengths)
            )
    return out


def _holds_any(raw: bytes, names: set[bytes], lengths: list[int]) -> bool:
    """Tell whether ``raw`` contains one of ``names`` (each ending in ``(``) as a substring.

    Each occurrence must end at a ``(``: look only there, at the few lengths the names
    have, instead of scanning the text once per name.
    """
    i = raw.find(b"(")
    while i >= 0:
        end = i + 1
        for k in lengths:
            if k <= end and raw[end - k : end] in names:
                return True
        i = raw.find(b"(", end)
    return False


# --------------------------------------------------------------------------- graphs


class Graphs:
    """CFGs built on demand, cached by function node."""

    def __init__(self, prune: Callable[[CFG], CFG] | None = None) -> None:
        """Start empty; ``prune`` removes from each new graph the edges that can never run."""
        self._cache: dict[int, CFG | None] = {}
        self._special: dict[tuple[int, consts.EnvKey], CFG | None] = {}
        self._prune = prune

    def get(self, func: Node, env: consts.Env | None = None) -> CFG | None:
        """Return the CFG of ``func`` (specialized to the constants of ``env``), or None."""
        if env:
            k = (func.id, consts.key(env))
            if k not in self._special:
                base = self.get(func)
                self._special[k] = consts.specialize(base, env) if base is not None else None
            return self._special[k]
        if func.id in self._cache:
            return self._cache[func.id]
        try:
            g: CFG | None = cfgmod.build(func)
        except Unsupported:
            g = None
        except RecursionError:
            g = None
        if g is not None and self._prune is not None:
            with contextlib.suppress(RecursionError):  # too deep to judge: keep every edge
                g = self._prune(g)
        self._cache[func.id] = g
        return g


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True, slots=True)
class Profile:
    """Return what one function does with one channel name, along its paths to a normal exit.

    ``blocking[op]`` is (min, max) count of blocking operations of that kind (a send or
    receive outside a select, or a range); ``close`` says whether it may close the channel.
    ``kinds`` holds every kind it uses, blocking or not (select cases included).
    """

    kinds: frozenset[Op]
    blocking: dict[Op, tuple[int, int]]
    first_block: dict[Op, Node]  # the first blocking operation of each kind
    exits: bool  # can it return normally at all?
    # Every blocking operation of each kind: (its block, the operation, how many it does:
    # 1, or a callee's most), on ``cfg``, the graph the counts were taken on.
    sites: dict[Op, tuple[tuple[int, Node, int], ...]] = field(default_factory=dict)
    cfg: CFG | None = None

    def blocking_sites(self, op: Op, done: int | None) -> list[Node]:
        """Return the operations of kind ``op`` where the function can wait, in source order.

        With ``done``, the number of them that complete first (the partners the others gave,
        and the buffer), only those some path reaches after exactly ``done`` of them: ``ch <-
        a; ch <- b`` with one receive waits at the second. Without it, or when a callee does
        several, every one of them: each is where some path may wait.
        """
        sites = self.sites.get(op, ())
        nodes = sorted({n.id: n for _, n, _ in sites}.values(), key=lambda n: n.start_byte)
        g = self.cfg
        if done is None or done >= LIMIT or g is None or any(w != 1 for *_, w in sites):
            return nodes
        by_block: dict[int, list[Node]] = {}
        for b, site, _ in sites:
            by_block.setdefault(b, []).append(site)
        for ns in by_block.values():
            ns.sort(key=lambda x: x.start_byte)
        found: dict[int, Node] = {}
        start = (g.entry, 0)
        seen = {start}
        todo = [start]
        while todo:
            b, k = todo.pop()
            for node in by_block.get(b, ()):
                if k == done:
                    found[node.id] = node
                k += 1
            if k > done:
                continue  # past the operation it waits at: no later one is reached
            for nxt in g.blocks[b].succs:
                st = (nxt, k)
                if st not in seen:
                    seen.add(st)
                    todo.append(st)
        out = sorted(found.values(), key=lambda n: n.start_byte)
        return out or nodes


class Analyzer:
    """Answers channel questions for the functions of one file (and its package)."""

    def __init__(
        self, path: str, index: PackageIndex, prune: Callable[[CFG], CFG] | None = None
    ) -> None:
        """Analyse file ``path``; ``index`` resolves calls; ``prune`` trims every CFG built."""
        self.path = path
        self.index = index
        self.graphs = Graphs(prune)
        self._profiles: dict[tuple[int, str, consts.EnvKey], Profile | None] = {}

    # Uses of a name inside one function, nested literals excluded unless deferred.
    def direct_uses(self, func: Node, name: str, *, callbacks: bool = False) -> list[Use] | None:
        """Return the uses of ``name`` that ``func`` itself evaluates; None when one escapes.

        Uses inside a ``defer func() { ... }()`` literal count as the function's own (they run
        at exit); uses in any other literal (a go literal included) make the name escape.
        With ``callbacks``, a literal handed straight to a package function that only ever
        calls that parameter on the spot (:meth:`callback_calls`) is no escape: its uses are
        one CALL use at the call, whose profile is the literal's times the callee's calls.
        """
        out: list[Use] = []
        body = cfgmod.body_of(func)
        if body is None:
            return out
        seen: set[int] = set()
        for use in name_uses(body, name, self.index):
            owner = innermost_function(use.ident, func)
            if (
                owner.id != func.id
                and not _is_deferred_literal(owner, func)
                and not self.runs_inline(owner, func)
            ):
                handed = self._callback_use(owner, func, use) if callbacks else None
                if handed is None:
                    return None
                if handed.node.id not in seen:
                    seen.add(handed.node.id)
                    out.append(handed)
                continue
            if use.op is Op.ESCAPE or self.is_method_value(use):
                return None
            out.append(use)
        return out

    def callback_in(self, ident: Node, func: Node) -> bool:
        """Tell whether ``ident`` sits in a literal ``func`` hands a callee to call back."""
        owner = innermost_function(ident, func)
        if owner.id == func.id or owner.parent is None:
            return False
        if innermost_function(owner.parent, func).id != func.id:
            return False
        return self._callback_use(owner, func, classify(ident)) is not None

    def _callback_use(self, lit: Node, func: Node, use: Use) -> Use | None:
        """``parse(body, func(...) { out <- v })``: the call as a CALL use of the literal.

        The literal is an argument of a call that ``func`` itself makes, and the callee only
        calls that parameter (:meth:`callback_calls`).
        """
        args = lit.parent
        call = args.parent if args is not None else None
        if lit.type != "func_literal" or args is None or call is None:
            return None
        if args.type != "argument_list" or call.type != "call_expression":
            return None
        if innermost_function(call, func).id != func.id:
            return None
        if _is_deferred_use(call, func) or any(
            a.type == "go_statement" for a in parse.ancestors(call) if _inside(a, func)
        ):
            return None
        idx = [c.id for c in args.named_children if c.type != "comment"].index(lit.id)
        handed = Use(Op.CALL, use.ident, call, arg_index=idx)
        return handed if self.callback_calls(handed) is not None else None

    def callback_calls(self, use: Use, env: consts.Env | None = None) -> Profile | None:
        """Return how often the callee of ``use`` calls the function value it is given there.

        A profile whose SEND count is the number of calls, (min, max) over the callee's paths
        (a call in a loop: as many as the loop runs). Only for a package function whose
        parameter is called (``emit(v)``) and used in no other way: not stored, passed on,
        deferred, run by ``go`` or captured by a literal. None otherwise.
        """
        fn = use.node.child_by_field_name("function")
        ref = resolve_call(fn, self.index, env) if fn is not None else None
        if ref is None or ref.node.type == "func_literal" or ref.node.has_error:
            return None
        param = bound_name(ref.node, use)
        body = cfgmod.body_of(ref.node)
        g = self.graphs.get(ref.node)
        if not param or body is None or g is None:
            return None
        weights: dict[int, int] = {}
        sites: list[tuple[int, Node, int]] = []
        for ident in idents_named(body, param):
            p = _unparen(ident).parent
            if (
                p is None
                or p.type != "call_expression"
                or p.child_by_field_name("function") != _unparen(ident)
                or innermost_function(ident, ref.node).id != ref.node.id
                or _is_deferred_use(p, ref.node)
                or (p.parent is not None and p.parent.type == "go_statement")
            ):
                return None
            b = g.block_of(p)
            if b is None:
                return None
            weights[b] = add(weights.get(b, 0), 1)
            sites.append((b, p, 1))
        lo = count_paths(g, weights, want=min)
        hi = count_paths(g, weights, want=max)
        if lo is None or hi is None:
            return None
        return Profile(frozenset(), {Op.SEND: (lo, hi)}, {}, True, {Op.SEND: tuple(sites)}, g)

    def _callback_profile(self, use: Use, lit: Node, depth: int, env: consts.Env) -> Profile | None:
        """Return what the literal handed at ``use`` does with the channel, times its calls."""
        calls = self.callback_calls(use, env)
        inner = self.profile(lit, parse.text(use.ident), depth + 1, env)
        if calls is None or inner is None:
            return None
        lo_c, hi_c = calls.blocking[Op.SEND]
        blocking = {
            op: (_times(lo_c, lo), _times(hi_c, hi)) for op, (lo, hi) in inner.blocking.items()
        }
        sites = {
            op: tuple((b, n, _times(hi_c, w)) for b, n, w in got) for op, got in inner.sites.items()
        }
        return Profile(inner.kinds, blocking, dict(inner.first_block), True, sites, inner.cfg)

    def is_method_value(self, use: Use) -> bool:
        """Tell whether ``use`` is a method value of the struct holding the channel.

        ``once.Do(s.stop)`` and ``stop := s.stop`` hand the receiver, and with it the
        channel field, to whoever calls the value: like passing ``s`` itself, which is not
        harmless. (``name_uses`` calls any other ``s.f`` harmless.)
        """
        node = use.node
        if use.op is not Op.NONE or node.type != "selector_expression":
            return False
        if node.child_by_field_name("operand") != use.ident:
            return False
        parent = node.parent
        if (
            parent is not None
            and parent.type == "call_expression"
            and parent.child_by_field_name("function") == node
        ):
            return False
        fld = node.child_by_field_name("field")
        if fld is None:
            return False
        methods = [r for r in self.index.lookup(parse.text(fld)) if r.receiver_type]
        if not methods:
            return False
        typ = operand_type(use.ident, self.index)
        return typ is None or any(r.receiver_type == typ for r in methods)

    def runs_inline(self, lit: Node, func: Node) -> bool:
        """Tell whether the literal ``lit`` of ``func`` runs on the spot, as part of ``func``.

        ``func() { ... }()`` as a statement, and ``once.Do(func() { ... })``: its uses of a
        name are ``func``'s own, where the call is (once.Do may also run it never: the
        counts of a use there are upper bounds, as for a conditional).
        """
        if lit.type != "func_literal" or parse.enclosing_function(lit) != func:
            return False
        return funcvals.runs_now(lit, self.index) is not None

    def profile(
        self, func: Node, name: str, depth: int = 0, env: consts.Env | None = None
    ) -> Profile | None:
        """Return what ``func`` does with ``name`` (a parameter or local), or None when unknown.

        ``env`` holds the parameters the call fixes (``send(ch, nil)``): paths it rules out
        are not counted.
        """
        key = (func.id, name, consts.key(env or {}))
        if key in self._profiles:
            return self._profiles[key]
        self._profiles[key] = None  # recursion guard
        result = self._profile(func, name, depth, env or {})
        self._profiles[key] = result
        return result

    def _profile(self, func: Node, name: str, depth: int, env: consts.Env) -> Profile | None:
        if depth > MAX_CALL_DEPTH:
            return None
        uses = self.direct_uses(func, name, callbacks=True)
        g = self.graphs.get(func, env)
        if uses is None or g is None:
            return None
        if env:
            alive = g.reachable()
            uses = [u for u in uses if g.block_of(u.node) in alive]
        defs = [u for u in uses if u.op is Op.DEF]
        if any(d.node.type != "parameter_declaration" for d in defs):
            return None  # reassigned: we cannot tell which channel it is
        kinds: set[Op] = set()
        weights_min: dict[Op, dict[int, int]] = {Op.SEND: {}, Op.RECV: {}, Op.RANGE: {}}
        weights_max: dict[Op, dict[int, int]] = {Op.SEND: {}, Op.RECV: {}, Op.RANGE: {}}
        first: dict[Op, Node] = {}
        candidates: dict[Op, list[tuple[int, Node]]] = {}
        sites: dict[Op, list[tuple[int, Node, int]]] = {}
        for u in uses:
            if u.op in (Op.DEF, Op.NONE):
                continue
            b = g.block_of(u.node)
            if b is None:
                return None
            if u.op is Op.CALL:
                sub = self.call_profile(u, depth, env)
                if sub is None:
                    return None
                kinds |= sub.kinds
                for op, (lo, hi) in sub.blocking.items():
                    if op in weights_min:
                        weights_min[op][b] = add(weights_min[op].get(b, 0), lo)
                        weights_max[op][b] = add(weights_max[op].get(b, 0), hi)
                        if hi and op in sub.first_block:
                            candidates.setdefault(op, []).append((b, sub.first_block[op]))
                            for node in sub.blocking_sites(op, None):
                                sites.setdefault(op, []).append((b, node, hi))
                continue
            kinds.add(u.op)
            if u.op in weights_min and not u.in_select:
                if _is_deferred_use(u.node, func):
                    continue  # a deferred send or receive: rare, ignore its count
                weights_min[u.op][b] = add(weights_min[u.op].get(b, 0), 1)
                weights_max[u.op][b] = add(weights_max[u.op].get(b, 0), 1)
                candidates.setdefault(u.op, []).append((b, u.node))
                sites.setdefault(u.op, []).append((b, u.node, 1))
        for op, cands in candidates.items():
            first[op] = _blocking_site(g, cands)
        blocking: dict[Op, tuple[int, int]] = {}
        exits = g.exit in g.reachable()
        bounded = _constant_loops(g)
        for op in weights_min:
            if not weights_max[op]:
                continue
            lo_n = count_paths(g, weights_min[op], want=min)
            hi_n = count_paths(g, weights_max[op], want=max)
            if bounded and hi_n is not None:
                # A loop that runs a known number of times does at most that many rounds.
                g_hi, w_hi = _unrolled(g, weights_max[op], bounded)
                hi_n = count_paths(g_hi, w_hi, want=max)
            if lo_n is not None and hi_n is not None:
                lo, hi = lo_n, hi_n
            else:
                # No normal exit. An operation on a cycle repeats forever; one before the
                # endless part happens a bounded number of times.
                reach = g.reachable()
                live = [b for b in weights_max[op] if b in reach]
                if not live:
                    continue
                if any(b in g.reachable(s) for b in live for s in g.blocks[b].succs):
                    lo = hi = MANY
                else:
                    lo = count_reached(g, weights_min[op], want=min)
                    hi = count_reached(g, weights_max[op], want=max)
            blocking[op] = (lo, hi)
        if exits and Op.RECV not in blocking and Op.RANGE not in blocking:
            gate = _exit_gate(g, uses)
            if gate is not None:
                blocking[Op.RECV] = (1, 1)
                first[Op.RECV] = gate
        frozen = {op: tuple(v) for op, v in sites.items()}
        return Profile(frozenset(kinds), blocking, first, exits, frozen, g)

    def call_profile(self, use: Use, depth: int, env: consts.Env | None = None) -> Profile | None:
        """Return the profile of the callee of ``use`` (a call argument) for its bound parameter.

        Constant arguments of the call (``nil``, ``0``; or a parameter ``env`` of the caller
        fixes) are bound to the callee's parameters.
        """
        fn = use.node.child_by_field_name("function")
        if fn is None:
            return None
        lit = _argument(use)
        if lit is not None and lit.type == "func_literal":
            return self._callback_profile(use, lit, depth, env or {})
        body: Node | None
        if fn.type == "func_literal":
            body = fn
        else:
            ref = use_callee(use, self.index, env)
            body = ref.node if ref is not None else None
        if body is None and use.arg_index == RECEIVER and self._is_harmless_call(fn):
            return Profile(frozenset(), {}, {}, True)
        if body is None:
            return None
        name = bound_name(body, use)
        if name is None:
            return None
        args_node = use.node.child_by_field_name("arguments")
        args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
        bound = self.bind_use(body, use, args, env or {})
        return self.profile(body, name, depth + 1, bound)

    def call_kinds(self, use: Use, owner: Node, aliases: frozenset[str]) -> set[Op] | None:
        """Return every kind of operation the callee of ``use`` may do on the channel.

        Order and counts aside: its own uses, its literals' and goroutines', its callees'
        (function values resolved with the call's arguments). A write ``seen = ch`` to one of
        ``aliases`` (locals of ``owner`` whose uses the caller counts) is no escape. None
        when the channel escapes or a callee is unknown.
        """
        bound = call_binding(use, self.index)
        if bound is None or "." in bound[1]:
            return None
        ref, name = bound
        args_node = use.node.child_by_field_name("arguments")
        args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
        env = self.bind_use(ref.node, use, args, {})
        return self._kinds(ref.node, name, env, owner, aliases, 1, set())

    def _kinds(
        self,
        func: Node,
        name: str,
        env: consts.Env,
        owner: Node,
        aliases: frozenset[str],
        depth: int,
        seen: set[tuple[int, str]],
    ) -> set[Op] | None:
        if depth > MAX_CALL_DEPTH + 1 or (func.id, name) in seen:
            return None if depth > MAX_CALL_DEPTH + 1 else set()
        seen.add((func.id, name))
        body = cfgmod.body_of(func)
        if body is None:
            return None
        out: set[Op] = set()
        for u in name_uses(body, name, self.index):
            if u.op in (Op.NONE,):
                continue
            if u.op is Op.DEF:
                if u.node.type != "parameter_declaration":
                    return None
                continue
            if u.op is Op.ESCAPE:
                target = _assigned_name(u.ident)
                kind, decl_func, _ = (
                    funcvals.binding(_assigned_target(u.ident))
                    if target in aliases
                    else ("", None, None)
                )
                if target in aliases and kind in ("local", "unknown") and decl_func == owner:
                    continue
                return None
            if u.op is Op.CALL:
                ref = use_callee(u, self.index, env)
                if ref is None or ref.node.has_error:
                    return None
                sub_name = bound_name(ref.node, u)
                if sub_name is None or "." in sub_name:
                    return None
                args_node = u.node.child_by_field_name("arguments")
                args = (
                    [c for c in args_node.named_children if c.type != "comment"]
                    if args_node
                    else []
                )
                sub_env = self.bind_use(ref.node, u, args, env)
                sub = self._kinds(ref.node, sub_name, sub_env, owner, aliases, depth + 1, seen)
                if sub is None:
                    return None
                out |= sub
                continue
            out.add(u.op)
        return out

    def bind(
        self, func: Node, params: list[str], args: list[Node], env: consts.Env
    ) -> dict[str, consts.Value]:
        """Bind a call's arguments to ``func``'s parameters: constants and function values."""
        return bind_call(self.index, func, params, args, env)

    def bind_use(
        self, func: Node, use: Use, args: list[Node], env: consts.Env
    ) -> dict[str, consts.Value]:
        """Bind the call of ``use`` like :meth:`bind`, with the channel's dynamic type.

        The parameter that receives a channel converted on the way (``use.dyn``) holds a
        non-nil value of that named channel type: calls of its methods run that type's.
        """
        params = param_names(func)
        out = self.bind(func, params, args, env)
        i = use.arg_index
        named = 0 <= i < len(params) and params[i] not in ("", "_")
        if use.dyn and named and not consts.is_reassigned(func, params[i]):
            out[params[i]] = consts.Value(consts.NONNIL, typ=use.dyn)
        return out

    def arg_goroutines(self, call: Node, arg_index: int, parent: Node) -> list[Goroutine] | None:
        """Return the goroutines the call ``call`` of ``parent`` starts with its argument.

        ``s.RunWorker(func() { ... })`` where ``RunWorker(f func())`` runs ``go func() {
        defer s.wg.Done(); f() }()``: a goroutine that runs the literal, started at the call.
        Each comes with the real go statement (in the callee) and the literal as its body.
        None unless the callee is a function of this file whose parameter is only called,
        once, on every path of a goroutine it starts (or compared with nil).
        """
        fn = call.child_by_field_name("function")
        args_node = call.child_by_field_name("arguments")
        if fn is None or args_node is None:
            return None
        args = [c for c in args_node.named_children if c.type != "comment"]
        if not 0 <= arg_index < len(args):
            return None
        ref = resolve_call(fn, self.index)
        if ref is None or ref.path != self.path or ref.node.has_error:
            return None
        params = param_names(ref.node)
        if arg_index >= len(params) or not params[arg_index] or params[arg_index] == "_":
            return None
        name = params[arg_index]
        if consts.is_reassigned(ref.node, name):
            return None
        value = funcvals.resolve_value(args[arg_index], self.index)
        if value is None:
            return None
        calls = funcvals.invocations(ref.node, name)
        if not calls:
            return None
        out: list[Goroutine] = []
        for inv in calls:
            stmt = funcvals.go_literal_of(inv, ref.node)
            if stmt is None:
                return None  # called synchronously too: not this question
            lit = parse.enclosing_function(inv)
            if stmt.id != (inv.parent.id if inv.parent is not None else -1):
                # ``go func() { ...; f() }()``: f must run once, on every path, not in a loop.
                if lit is None or in_loop(inv, lit):
                    return None
                # The call's values prune the literal's paths: ``if f != nil { f() }`` runs
                # ``f`` on every path when the call passes a function.
                lg = self.graphs.get(lit, self.bind(ref.node, params, args, {}))
                b = lg.block_of(inv) if lg is not None else None
                if lg is None or b is None or not _on_every_path(lg, b):
                    return None
            inv_args_node = inv.child_by_field_name("arguments")
            inv_args = (
                [c for c in inv_args_node.named_children if c.type != "comment"]
                if inv_args_node
                else []
            )
            loop = in_loop(call, parent) or in_loop(stmt, ref.node)
            out.append(
                Goroutine(
                    stmt,
                    parent,
                    inv,
                    value.node,
                    value.path,
                    inv_args,
                    param_names(value.node),
                    loop,
                    via=call,
                )
            )
        return out

    def spawns(
        self,
        use: Use,
        *,
        skip: Callable[[Use], bool] | None = None,
        allow: Callable[[Use], bool] | None = None,
        nested: Callable[[Node, Use], bool] | None = None,
        env: consts.Env | None = None,
        depth: int = 0,
    ) -> list[tuple[Goroutine, str, list[Use]]] | None:
        """Return the goroutines a call starts with the channel of ``use``, and nothing else.

        ``w.Start()`` where ``Start`` only runs ``go func() { ... <-w.done ... }()``: the
        goroutine holds the caller's channel as if the caller had started it. Each comes with
        the name the callee knows the channel by and its uses there. None unless the callee
        is in this file and touches the channel only inside the goroutines it starts.
        ``skip`` picks the callee's uses that do not count (by default its definitions and
        mere mentions); ``allow`` the uses in the callee itself that may stay (none by
        default). ``nested(callee, u)`` allows a call ``u`` in the callee that hands the
        channel on to a function that in turn only starts goroutines with it (two calls
        deep): their goroutines count, named by the innermost callee. A goroutine started
        with a channel converted on the way carries its dynamic type in ``Goroutine.env``.
        """
        fn = use.node.child_by_field_name("function")
        bound = call_binding(use, self.index, env)
        if fn is None or fn.type == "func_literal" or bound is None:
            return None
        ref, name = bound
        body = cfgmod.body_of(ref.node)
        if ref.path != self.path or ref.node.has_error or body is None:
            return None
        args_node = use.node.child_by_field_name("arguments")
        args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
        callee_env = self.bind_use(ref.node, use, args, env or {})
        value = callee_env.get(name)
        held = ((name, value),) if value is not None and value.typ else ()
        gos = [
            dataclasses.replace(go, env=held) if held else go
            for stmt in find_go_statements(body)
            if parse.enclosing_function(stmt) == ref.node
            and (go := goroutine_of(stmt, ref.path, self.index)) is not None
        ]
        by_body = {go.body.id: go for go in gos if go.is_literal and go.body is not None}
        by_call = {go.call.id: go for go in gos}
        uses = name_uses(body, name, self.index)
        found: dict[int, tuple[Goroutine, str, list[Use]]] = {}
        for u in uses:
            if u.op in (Op.DEF, Op.NONE) if skip is None else skip(u):
                continue
            owner = innermost_function(u.ident, ref.node)
            if owner.id == ref.node.id:
                if u.op is Op.CALL and u.node.id in by_call:
                    go = by_call[u.node.id]
                    found[go.stmt.id] = (go, name, uses)
                    continue
                if allow is not None and allow(u):
                    continue
                inner = (
                    self.spawns(
                        u,
                        skip=skip,
                        allow=allow,
                        nested=nested,
                        env=callee_env,
                        depth=depth + 1,
                    )
                    if nested is not None and depth < 1 and u.op is Op.CALL and nested(ref.node, u)
                    else None
                )
                if inner is None:
                    return None
                for got in inner:
                    found[got[0].stmt.id] = got
                continue
            go = by_body.get(owner.id)
            if go is not None:
                found[go.stmt.id] = (go, name, uses)
                continue
            # A literal the callee hands to a function that runs it in a goroutine
            # (``s.RunWorker(func() { ... })``): those goroutines hold the channel too.
            handed = self._handed_goroutines(ref.node, owner)
            if not handed:
                return None
            for hg in handed:
                found[hg.key] = (hg, name, uses)
        return list(found.values()) or None

    def _handed_goroutines(self, func: Node, lit: Node) -> list[Goroutine] | None:
        """For a literal ``func`` passes straight to a call: the goroutines that run it."""
        args = lit.parent
        call = args.parent if args is not None else None
        if lit.type != "func_literal" or args is None or call is None:
            return None
        if args.type != "argument_list" or innermost_function(call, func).id != func.id:
            return None
        idx = [c.id for c in args.named_children if c.type != "comment"].index(lit.id)
        return self.arg_goroutines(call, idx, func)

    def _is_harmless_call(self, fn: Node) -> bool:
        """Tell whether ``x.m()`` can touch none of ``x``'s channels, though ``m`` is no method.

        ``x.cancel()`` with ``cancel`` a ``context.CancelFunc`` field, and ``x.Lock()`` with
        ``sync.Mutex`` embedded in ``x``'s type: library code that never sees the channels.
        """
        if fn.type != "selector_expression":
            return False
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None or operand.type != "identifier":
            return False
        typ = operand_type(operand, self.index)
        fields = self.index.struct_fields(typ) if typ is not None else None
        if fields is None:
            return False
        method = parse.text(fld)
        ftype = fields.get(method)
        if ftype is not None and parse.text(ftype) == "context.CancelFunc":
            return True
        if method in _MUTEX_METHODS:
            return any(
                parse.text(t).lstrip("*") in ("sync.Mutex", "sync.RWMutex") and k in _MUTEX_TYPES
                for k, t in fields.items()
            )
        return False

    def goroutine_profile(
        self, go: Goroutine, ch: Channel, alias: tuple[str, list[Use]] | None = None
    ) -> Profile | None:
        """Return what the goroutine ``go`` does with the channel ``ch`` of its parent.

        ``alias``: for a goroutine a callee starts, the name the callee knows the channel by
        and its uses there.
        """
        if go.body is None:
            return None
        name, ch_uses = alias if alias is not None else (ch.name, ch.uses)
        profiles: list[Profile] = []
        arg_uses = [u for u in ch_uses if u.op is Op.CALL and u.node.id == go.call.id]
        for u in arg_uses:
            bound = bound_name(go.body, u)
            if not bound:
                return None
            env = self.bind_use(go.body, u, go.args, dict(go.env))
            prof = self.profile(go.body, bound, 0, env)
            if prof is None:
                return None
            profiles.append(prof)
        if go.is_literal and any(
            innermost_function(u.ident, go.parent).id == go.body.id
            or self.callback_in(u.ident, go.body)
            for u in ch_uses
        ):
            prof = self.profile(go.body, name, 0, dict(go.env))
            if prof is None:
                return None
            profiles.append(prof)
        if not profiles:
            return Profile(frozenset(), {}, {}, True)
        if len(profiles) == 1:
            return profiles[0]
        return None  # bound twice, or captured and passed: too clever for us


_MUTEX_METHODS: Final = frozenset({"Lock", "Unlock", "TryLock", "RLock", "RUnlock", "TryRLock"})
_MUTEX_TYPES: Final = frozenset({"Mutex", "RWMutex"})


def _exit_gate(g: CFG, uses: list[Use]) -> Node | None:
    """Return the select whose receive on the name is the function's only way to return.

    ``for { select { case <-done: return; case j := <-jobs: ... } }``: every path to the exit
    goes through the ``done`` case, which does not lead back into the loop. The function
    needs one partner on ``done`` (a send or a close) to return at all, as if it received
    from it outside any select.
    """
    reach = g.reachable()
    for u in uses:
        if u.op is not Op.RECV or not u.in_select:
            continue
        b = g.block_of(u.node)
        if b is None or b not in reach or g.blocks[b].kind is not Kind.CASE:
            continue
        case = g.blocks[b].node
        if case is None or case.parent is None or case.parent.type != "select_statement":
            continue
        if not _on_every_path(g, b):
            continue
        if any(b in g.reachable(s) for s in g.blocks[b].succs):
            continue  # the case leads back round a loop: one receive may not be enough
        return case.parent
    return None


def _blocking_site(g: CFG, cands: list[tuple[int, Node]]) -> Node:
    """Pick the operation to show as where the goroutine blocks.

    The first one every path to the exit goes through, if any; otherwise the last one in
    the source (early, conditional sends usually sit in error branches before it).
    """
    ordered = sorted(cands, key=lambda c: c[1].start_byte)
    for b, node in ordered:
        if _on_every_path(g, b):
            return node
    return ordered[-1][1]


def on_every_path(g: CFG, b: int) -> bool:
    """Tell whether every path from the entry to the exit passes through block ``b``."""
    return _on_every_path(g, b)


def _on_every_path(g: CFG, avoid: int) -> bool:
    """Tell whether every path from the entry to the exit passes through block ``avoid``."""
    if avoid == g.entry:
        return True
    seen = {g.entry}
    todo = [g.entry]
    while todo:
        b = todo.pop()
        for nxt in g.blocks[b].succs:
            if nxt == g.exit:
                return False
            if nxt != avoid and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return True


def _is_deferred_literal(lit: Node, func: Node) -> bool:
    """Tell whether ``lit`` is a ``defer func() { ... }()`` directly in ``func``."""
    if lit.type != "func_literal":
        return False
    call = lit.parent
    if call is None or call.type != "call_expression":
        return False
    stmt = call.parent
    return (
        stmt is not None
        and stmt.type == "defer_statement"
        and parse.enclosing_function(stmt) == func
    )


def _is_deferred_use(node: Node, func: Node) -> bool:
    for a in parse.ancestors(node):
        if a.id == func.id:
            return False
        if a.type == "defer_statement":
            return True
    return False


def _constant_loops(g: CFG) -> dict[int, int]:
    """Return the loop headers of ``g`` that run a known number of rounds, with that number.

    ``for i := a; i < b; i++`` (or ``<=``) with constant ``a`` and ``b`` (literals or
    constants in scope) whose body never assigns ``i`` nor takes its address, and ``for
    range n`` / ``for i := range n`` over a constant; at most :data:`LIMIT` rounds. A
    ``break`` or ``return`` only shortens it: this bounds the most rounds, never the least.
    """
    out: dict[int, int] = {}
    for blk in g.blocks:
        if blk.kind is not Kind.LOOP or blk.node is None or blk.node.type != "for_statement":
            continue
        trips = _trips(blk.node)
        if trips is not None and 0 <= trips <= LIMIT:
            out[blk.id] = trips
    return out


def _trips(loop: Node) -> int | None:
    body = loop.child_by_field_name("body")
    clause = next(
        (c for c in loop.named_children if c.type in ("for_clause", "range_clause")), None
    )
    if clause is None or body is None:
        return None
    if clause.type == "range_clause":
        right = clause.child_by_field_name("right")
        return int_value(right) if right is not None else None
    init = clause.child_by_field_name("initializer")
    cond = clause.child_by_field_name("condition")
    update = clause.child_by_field_name("update")
    if init is None or cond is None or update is None or init.type != "short_var_declaration":
        return None
    pair = parse.single_pair(init)
    if pair is None or pair[0].type != "identifier":
        return None
    var, start = pair[0].text, int_value(pair[1])
    if (
        update.type != "inc_statement"
        or (update.named_children[0].text if update.named_children else None) != var
    ):
        return None
    if cond.type != "binary_expression" or len(cond.named_children) != 2:
        return None
    left, right = cond.named_children
    op = cond.child_by_field_name("operator")
    end = int_value(right)
    if start is None or end is None or left.text != var or op is None:
        return None
    for n in parse.iter_descendants(body):
        if n.type == "identifier" and n.text == var:
            p = n.parent
            if p is not None and p.type in ("inc_statement", "dec_statement"):
                return None
            if p is not None and p.type == "unary_expression" and p.children[0].type == "&":
                return None
            lst = p if p is not None and p.type == "expression_list" else None
            st = lst.parent if lst is not None else None
            if (
                st is not None
                and st.type == "assignment_statement"
                and st.child_by_field_name("left") == lst
            ):
                return None
    if op.type == "<":
        return max(end - start, 0)
    if op.type == "<=":
        return max(end - start + 1, 0)
    return None


def _unrolled(g: CFG, weights: dict[int, int], loops: dict[int, int]) -> tuple[CFG, dict[int, int]]:
    """Return ``g`` without the back edges of ``loops``, their bodies' weights multiplied."""
    w = dict(weights)
    cut: dict[int, set[int]] = {}
    exits: dict[int, int] = {}  # back-edge source -> where the loop goes on when it ends
    for header, trips in loops.items():
        loop = g.blocks[header].node
        body = loop.child_by_field_name("body") if loop is not None else None
        if body is None:
            continue
        start = g.blocks[header].loop_body
        if start is None:
            continue
        # The rounds: every block of the loop reached from the body's first without the
        # header again (the update statement, i++, included), and each one's edge back to
        # the header. A break or return leads on past the loop: those blocks run once.
        inside = {
            b
            for b in g.without_edges_into({header}).reachable(start)
            if (n := g.blocks[b].node) is not None
            and loop is not None
            and loop.start_byte <= n.start_byte < loop.end_byte
        }
        for b in inside:
            if b in w:
                w[b] = MANY if w[b] == MANY else min(w[b] * trips, MANY)
            end = g.blocks[header].loop_exit
            if header in g.blocks[b].succs and end is not None:
                cut.setdefault(b, set()).add(header)
                exits[b] = end
    if not cut:
        return g, weights
    blocks = [
        dataclasses.replace(
            blk, succs=[*(x for x in blk.succs if x not in cut[blk.id]), exits[blk.id]]
        )
        if blk.id in cut
        else blk
        for blk in g.blocks
    ]
    return CFG(g.func, blocks, g.entry, g.exit, g.by_node), w


def _less_one(n: int) -> int:
    """Return the count ``n`` less the one a goroutine's own buffer slot takes."""
    return n if n in (MANY, LIMIT) else max(n - 1, 0)


def _range_clause(loop: Node | None) -> Node | None:
    if loop is None or loop.type != "for_statement":
        return None
    return next((c for c in loop.named_children if c.type == "range_clause"), None)


def _assigned(body: Node, text: str, root: str) -> bool:
    """Tell whether ``body`` may change ``text`` (``xs`` or ``s.xs``): assigned, or ``&``."""
    for n in parse.iter_descendants(body):
        if n.type in ("assignment_statement", "short_var_declaration"):
            left = n.child_by_field_name("left")
            for t in left.named_children if left is not None else []:
                if parse.text(t) in (text, root):
                    return True
        elif (
            n.type in ("inc_statement", "dec_statement")
            and parse.text(n.named_children[0])
            in (
                text,
                root,
            )
        ) or (
            n.type == "unary_expression"
            and n.children
            and n.children[0].type == "&"
            and parse.text(n.named_children[-1]) in (text, root)
        ):
            return True
    return False


def _times(a: int, b: int) -> int:
    """Return the saturating product of two counts."""
    if a == 0 or b == 0:
        return 0
    if a == MANY or b == MANY:
        return MANY
    return min(a * b, LIMIT)


def _argument(use: Use) -> Node | None:
    """Return the argument of the CALL use ``use`` at its index (None for a receiver)."""
    if use.arg_index < 0:
        return None
    args = use.node.child_by_field_name("arguments")
    vals = [c for c in args.named_children if c.type != "comment"] if args is not None else []
    return vals[use.arg_index] if use.arg_index < len(vals) else None


def count_paths(
    g: CFG,
    weights: dict[int, int],
    *,
    want: Callable[[Iterable[int]], int],
) -> int | None:
    """``want`` (min or max) over the saturated counts of all entry-to-exit paths."""
    start = (g.entry, 0)
    seen = {start}
    todo = [start]
    at_exit: set[int] = set()
    while todo:
        b, n = todo.pop()
        n = add(n, weights.get(b, 0))
        if b == g.exit:
            at_exit.add(n)
            continue
        for s in g.blocks[b].succs:
            st = (s, n)
            if st not in seen:
                seen.add(st)
                todo.append(st)
    if not at_exit:
        return None
    return want(at_exit)


def count_reached(g: CFG, weights: dict[int, int], *, want: Callable[[Iterable[int]], int]) -> int:
    """``want`` over the counts at every block where a path can stop for good.

    For a function with no normal exit: the blocks with no successor, and every block of a
    cycle (where it runs forever).
    """
    start = (g.entry, 0)
    seen = {start}
    todo = [start]
    ends: set[int] = set()
    while todo:
        b, n = todo.pop()
        n = add(n, weights.get(b, 0))
        succs = g.blocks[b].succs
        if not succs or g.blocks[b].kind is Kind.LOOP:
            ends.add(n)
        for s in succs:
            st = (s, n)
            if st not in seen:
                seen.add(st)
                todo.append(st)
    return want(ends) if ends else 0


# --------------------------------------------------------------------------- strands


@dataclass(frozen=True, slots=True)
class Exit:
    """One way the parent ends, seen from the goroutines' side."""

    supply: int
    demand: int
    strands: bool
    block: int  # the RETURN block, or the last block before falling off the end
    branch: int | None  # the last select case or condition taken before it
    path: tuple[int, ...] = ()  # the witness path from the entry


@dataclass(slots=True)
class Strand:
    """Goroutines left needing a partner on a channel the parent owns."""

    channel: Channel
    need: Op  # what the goroutines do: SEND, RECV or RANGE
    goroutines: list[tuple[Goroutine, Profile]]
    exits: list[Exit]
    certain: bool  # computed from the goroutines' minimum need
    parent_cfg: CFG
    culprit: Goroutine | None = None  # the goroutine left needing, when the path tells
    # Closers that close only after a ``wg.Wait()`` on the goroutines: stuck in that Wait
    # with them (each with its Wait statement).
    late_closers: tuple[tuple[Goroutine, Node], ...] = ()
    parent_path: str = ""  # the parent's file, when not the analysed one
    # False when other parents strand the same goroutines too (callers of a function that
    # returns the channel): a fix sized for this one may not do for them.
    sole: bool = True
    # Where the goroutine blocks for good once its operations here complete (another
    # channel's wait after them that nothing ends): freeing them frees nothing.
    then_stuck: Node | None = None

    @property
    def every_path(self) -> bool:
        """Tell whether every exit of the parent strands the goroutines."""
        return all(e.strands for e in self.exits)

    def stranding(self) -> list[Exit]:
        """Return the exits that strand."""
        return [e for e in self.exits if e.strands]


# Who can unblock a goroutine that does the key (besides a close, which ends them all).
PARTNER: Final = {Op.SEND: (Op.RECV, Op.RANGE), Op.RECV: (Op.SEND,), Op.RANGE: (Op.SEND,)}
# Which of those count towards what it needs: a range only ends on close.
SUPPLY: Final = {Op.SEND: (Op.RECV, Op.RANGE), Op.RECV: (Op.SEND,), Op.RANGE: ()}


def goroutine_role(prof: Profile) -> Op | None:
    """SEND, RECV or RANGE: the one way this goroutine can block on the channel."""
    b = prof.blocking
    if Op.SEND in prof.kinds and (Op.RECV in prof.kinds or Op.RANGE in prof.kinds):
        return None
    if Op.RANGE in b:
        return Op.RANGE
    if Op.SEND in b:
        return Op.SEND
    if Op.RECV in b:
        return Op.RECV
    return None


def _strands(demand: int, supply: int, cap: int) -> bool:
    if demand == 0 or supply == MANY:
        return False
    if demand == MANY:
        return True
    return supply < demand - cap


class StrandFinder:
    """Finds stranded goroutines for the channels of one parent function."""

    def __init__(
        self,
        an: Analyzer,
        quit_send: Callable[[Analyzer, Node, list[Use]], QuitMessage | None] | None = None,
    ) -> None:
        """Use ``an`` for profiles and graphs.

        ``quit_send`` finds a channel's quit message (a value that certainly makes its
        receiver leave its loop, :func:`gostuck.analysis.flow.dyntypes.quit_send`): a channel
        with one gets no strand.
        """
        self.an = an
        self.quit_send = quit_send

    def find(self, parent: Node, goroutines: list[Goroutine]) -> Iterator[Strand]:
        """Yield every strand of the channels made in ``parent``."""
        g = self.an.graphs.get(parent)
        if g is None:
            return
        for ch in [*find_channels(parent), *find_constructed_channels(parent, self.an.index)]:
            if ch.capacity is None and not ch.per_element:
                continue
            s = self._channel(parent, g, ch, goroutines)
            if s is not None:
                yield s

    def find_returned(
        self, parent: Node, ch: Channel, goroutines: list[Goroutine]
    ) -> Strand | None:
        """Return the strand of ``ch``, a channel a call of ``parent`` gets with goroutines.

        ``ch.returned`` says which call and which goroutines of the callee; ``goroutines``
        are ``parent``'s own. Only the callee's goroutines can be the stranded ones.
        """
        g = self.an.graphs.get(parent)
        if g is None or ch.capacity is None or ch.returned is None:
            return None
        return self._channel(parent, g, ch, goroutines)

    def _channel(
        self, parent: Node, g: CFG, ch: Channel, goroutines: list[Goroutine]
    ) -> Strand | None:
        body = cfgmod.body_of(parent)
        if body is None:
            return None
        ret = ch.returned
        if ret is not None and not ch.name:
            uses = list(ch.uses)  # ``for v := range gen()``: the call's own use, if any
        else:
            uses = name_uses(body, ch.name, self.an.index)
            ch.uses = uses
            defs = [u for u in uses if u.op is Op.DEF]
            if len(defs) != 1 or defs[0].node.id != ch.decl.id:
                return None  # shadowed or reassigned
        if any(u.op is Op.ESCAPE or self.an.is_method_value(u) for u in uses):
            return None
        # Which function evaluates each use: the parent, a goroutine, a deferred literal.
        go_by_body = {go.body.id: go for go in goroutines if go.is_literal and go.body}
        go_by_call = {go.call.id: go for go in goroutines}
        involved: dict[int, Goroutine] = {}
        parent_uses: list[Use] = []
        # Goroutines started by a call of the parent (``w.Start()``): where, and by what name.
        spawn_at: dict[int, int] = {}
        aliases: dict[int, tuple[str, list[Use]]] = {}
        for u in uses:
            owner = innermost_function(u.ident, parent)
            if (
                owner.id == parent.id
                or _is_deferred_literal(owner, parent)
                or self.an.runs_inline(owner, parent)
            ):
                if u.op is Op.CALL and u.node.id in go_by_call:
                    involved[go_by_call[u.node.id].key] = go_by_call[u.node.id]
                    continue
                started = self.an.spawns(u) if u.op is Op.CALL and owner.id == parent.id else None
                at = g.block_of(u.node) if started else None
                if started and at is not None:
                    for sg, alias, callee_uses in started:
                        sg = dataclasses.replace(sg, in_loop=sg.in_loop or in_loop(u.node, parent))
                        involved[sg.key] = sg
                        spawn_at[sg.key] = at
                        aliases[sg.key] = (alias, callee_uses)
                    continue
                parent_uses.append(u)
                continue
            # The innermost function must be a go literal of the parent itself, or a literal
            # the parent hands to a function that runs it in a goroutine.
            go = go_by_body.get(owner.id)
            if go is None:
                # A literal a go literal hands to a function that calls it back on the spot.
                outer = innermost_function(owner.parent, parent) if owner.parent else None
                cb = go_by_body.get(outer.id) if outer is not None else None
                if cb is not None and cb.body is not None and self.an.callback_in(u.ident, cb.body):
                    go = cb
            if go is None and owner.id not in involved:
                handed = self._handed_literal(parent, g, owner)
                if handed is None:
                    return None
                for hg, at in handed:
                    involved[hg.key] = hg
                    spawn_at[hg.key] = at
                continue
            if go is None:
                continue
            if go.parent.id != parent.id:
                return None
            involved[go.key] = go
        if ch.ctor_gos:
            at = g.block_of(ch.decl)
            if at is None or ch.make_path != self.an.path:
                return None
            ctor = parse.enclosing_function(ch.ctor_gos[0])
            ctor_body = cfgmod.body_of(ctor) if ctor is not None else None
            if ctor_body is None:
                return None
            alias = f"{ch.ctor_var}.{ch.name.split('.', 1)[1]}"
            callee_uses = name_uses(ctor_body, alias)
            for stmt in ch.ctor_gos:
                made = goroutine_of(stmt, self.an.path, self.an.index)
                if made is None:
                    return None
                sg = dataclasses.replace(made, in_loop=in_loop(ch.decl, parent))
                involved[sg.key] = sg
                spawn_at[sg.key] = at
                aliases[sg.key] = (alias, callee_uses)
        # A channel a call returned: the callee's goroutines start where the call is
        # evaluated, once per evaluation (a loop around the call makes a channel per round,
        # and the walk counts each round's partners on its own way round).
        spawn_more: dict[int, list[int]] = {}
        if ret is not None:
            starts = _evaluated_at(g, ret.call)
            if not starts:
                return None
            for stmt in ret.gos:
                made = goroutine_of(stmt, ret.path, self.an.index)
                if made is None:
                    return None
                involved[made.key] = made
                spawn_at[made.key] = starts[0]
                spawn_more[made.key] = starts[1:]
                aliases[made.key] = (ret.name, list(ret.uses))
        if not involved:
            return None
        for go in involved.values():
            if go.via is not None and go.key not in spawn_at:
                at = g.block_of(go.via)  # a function value's goroutine starts at the call
                if at is None:
                    return None
                spawn_at[go.key] = at
        profiled: list[tuple[Goroutine, Profile, Op | None]] = []
        for go in involved.values():
            prof = self.an.goroutine_profile(go, ch, aliases.get(go.key))
            if prof is None:
                return None
            profiled.append((go, prof, goroutine_role(prof)))
        roles = {r for _, _, r in profiled if r is not None}
        if len(roles) != 1:
            return None
        need = roles.pop()
        members = [(go, p) for go, p, r in profiled if r is need]
        if ret is not None and any(go.stmt.id not in {n.id for n in ret.gos} for go, _ in members):
            return None  # the caller's own goroutines are its own question
        # Others: closers supply a close; any other partner makes counting unsafe.
        closers: dict[int, int] = {}
        late: list[tuple[Goroutine, Node]] = []
        for go, p, r in profiled:
            if r is need:
                continue
            if any(k in p.kinds for k in PARTNER[need]) or r is not None:
                return None
            if Op.CLOSE in p.kinds:
                wait = self._close_behind_wait(go, ch, [m for m, _, mr in profiled if mr is need])
                if wait is not None:
                    # ``go func() { wg.Wait(); close(ch) }()``: the close waits for the very
                    # goroutines it would release. No partner for them; stuck with them.
                    late.append((go, wait))
                    continue
                at = spawn_at.get(go.key, g.by_node.get(go.stmt.id))
                if at is None:
                    return None
                closers[at] = MANY
        # The parent's own partner operations, per block.
        supply: dict[int, int] = dict(closers)
        deferred: dict[int, int] = {}
        supply_loops: set[int] = set()
        for u in parent_uses:
            b = g.block_of(u.node)
            if b is None:
                return None
            w = self._supply_weight(u, need)
            if w is None:
                return None
            if w == 0:
                continue
            if u.op is Op.RANGE:
                supply_loops.add(b)
                supply[b] = add(supply.get(b, 0), 1)  # one value per round
                continue
            if _is_deferred_use(u.node, parent):
                d = g.block_of(_defer_stmt(u.node))
                if d is None:
                    return None
                deferred[d] = add(deferred.get(d, 0), w)
                continue
            supply[b] = add(supply.get(b, 0), w)
        supply_loops |= self._supplying_loops(g, supply)
        for b in _closed_branches(g, parent_uses):
            supply[b] = MANY  # ``if !ok``: the channel is closed, nobody is left needing it
        spawn_min: dict[int, int] = {}
        spawn_max: dict[int, int] = {}
        if ch.capacity is None and not self._slot_each(parent, ch, need, members, parent_uses):
            return None
        for go, p in members:
            b = spawn_at.get(go.key, g.by_node.get(go.stmt.id))
            if b is None:
                return None
            lo, hi = p.blocking[need]
            if ch.capacity is None:
                # One buffer slot per goroutine: its first send always completes.
                lo, hi = _less_one(lo), _less_one(hi)
            mult = MANY if go.in_loop and not fresh_per_round(go, ch, parent) else 1
            for at in (b, *spawn_more.get(go.key, ())):
                spawn_min[at] = add(spawn_min.get(at, 0), mul(mult, lo))
                spawn_max[at] = add(spawn_max.get(at, 0), mul(mult, hi))
        cap = ch.capacity or 0
        round_loop = _round_loop(members, ch, parent)
        if round_loop is not None:
            g = _rounds_end(g, round_loop)
        joins = _join_blocks(g, parent, [go for go, _ in members])
        exits = walk_parent(g, supply, deferred, supply_loops, spawn_min, cap, joins)
        certain = True
        if not any(e.strands for e in exits):
            exits = walk_parent(g, supply, deferred, supply_loops, spawn_max, cap, joins)
            certain = False
        if not any(e.strands for e in exits):
            return None
        quit = self.quit_send(self.an, parent, uses) if self.quit_send is not None else None
        if quit is not None:
            # The receiver leaves its loop on a quit message, not after any receive: a
            # receiving goroutine gets it (the last send, on every path), so counting proves
            # nothing. A receiving parent leaves that way only after every send, when no
            # other value can take that way out: only its other exits can strand the sender.
            if quit.receiver.id != parent.id:
                return None
            if quit.exclusive:
                if not quit.by_return:
                    return None
                exits = [
                    dataclasses.replace(e, strands=False) if _quit_exit(g, e, quit) else e
                    for e in exits
                ]
                if not any(e.strands for e in exits):
                    return None
        # A returned channel's goroutines were started by the callee: what paces them (a
        # range over a channel it was given, a pipeline stage's input) is the callee's.
        pacer = ret.callee if ret is not None else parent
        if any(
            p.blocking[need][1] >= LIMIT
            and _paced(p.first_block.get(need), pacer, params=ret is not None)
            for _, p in members
        ):
            return None  # one operation per value taken from another channel: not "many"
        bad = next(e for e in exits if e.strands)
        culprit = _culprit(g, bad, members, need, certain, supply, deferred, cap, spawn_at)
        where = ret.caller_path if ret is not None else ""
        return Strand(ch, need, members, exits, certain, g, culprit, tuple(late), where)

    def _slot_each(
        self,
        parent: Node,
        ch: Channel,
        need: Op,
        members: list[tuple[Goroutine, Profile]],
        parent_uses: list[Use],
    ) -> bool:
        """Tell whether ``make(chan T, len(xs))`` holds one value per sending goroutine.

        Every goroutine holding the channel sends on it and is started by a ``go`` statement
        of the parent directly in one ``for ... range xs`` loop (one goroutine per element,
        ``xs`` never assigned in the parent), and the parent itself never sends: the buffer
        has exactly one slot per sender.
        """
        if need is not Op.SEND or not members or ch.returned is not None or ch.ctor_gos:
            return False
        if any(u.op is Op.SEND or u.op is Op.CALL for u in parent_uses):
            return False
        loops: set[int] = set()
        for go, _ in members:
            if go.parent.id != parent.id or go.via is not None:
                return False
            loop = innermost_loop(go.stmt, parent)
            rng = _range_clause(loop)
            right = rng.child_by_field_name("right") if rng is not None else None
            if loop is None or right is None or parse.text(right) != ch.per_element:
                return False
            if innermost_loop(loop, parent) is not None or in_loop(loop, parent):
                return False  # a loop around it starts more goroutines per slot
            loops.add(loop.id)
        if len(loops) != 1:
            return False
        body = cfgmod.body_of(parent)
        root = ch.per_element.split(".", 1)[0]
        return body is not None and not _assigned(body, ch.per_element, root)

    def _close_behind_wait(
        self, go: Goroutine, ch: Channel, members: list[Goroutine]
    ) -> Node | None:
        """Return the ``wg.Wait()`` every close of ``ch`` by the literal ``go`` comes after.

        Only when every member goroutine calls ``wg.Done()`` after its operations on the
        channel (deferred, or last): the close can then run only once every member has had
        its partner, so it is no partner for them. None otherwise.
        """
        if not go.is_literal or go.body is None or not members:
            return None
        body = cfgmod.body_of(go.body)
        g = self.an.graphs.get(go.body)
        if body is None or g is None:
            return None
        closes = [
            u
            for u in name_uses(body, ch.name, self.an.index)
            if u.op is Op.CLOSE and innermost_function(u.ident, go.body).id == go.body.id
        ]
        if not closes:
            return None
        waits: dict[int, Node] = {}
        for blk in g.blocks:
            if blk.node is None or blk.kind is not Kind.STMT:
                continue
            wg = _wait_target(blk.node)
            if wg is not None and all(_done_after_ops(m, wg) for m in members):
                waits[blk.id] = blk.node
        if not waits:
            return None
        # Every way from the entry to a close passes one of those waits.
        targets = {g.block_of(u.node) for u in closes}
        if None in targets:
            return None
        seen = {g.entry}
        todo = [g.entry]
        while todo:
            b = todo.pop()
            if b in targets:
                return None
            for s in g.blocks[b].succs:
                if s not in seen and s not in waits:
                    seen.add(s)
                    todo.append(s)
        return min(waits.values(), key=lambda n: n.start_byte)

    def _handed_literal(
        self, parent: Node, g: CFG, lit: Node
    ) -> list[tuple[Goroutine, int]] | None:
        """For a literal passed to a call of ``parent``: the goroutines that run it, and where.

        Only literals passed straight to a call made by ``parent`` itself, whose callee runs
        them in goroutines (:meth:`Analyzer.arg_goroutines`).
        """
        if lit.type != "func_literal":
            return None
        args = lit.parent
        call = args.parent if args is not None else None
        if args is None or call is None or args.type != "argument_list":
            return None
        if innermost_function(call, parent).id != parent.id:
            return None
        at = g.block_of(call)
        if at is None:
            return None
        idx = [c.id for c in args.named_children if c.type != "comment"].index(lit.id)
        started = self.an.arg_goroutines(call, idx, parent)
        if not started:
            return None
        return [(sg, at) for sg in started]

    def _supply_weight(self, u: Use, need: Op) -> int | None:
        """Count how many partner operations ``u`` gives goroutines that ``need``; None: unknown."""
        if u.op in (Op.DEF, Op.NONE):
            return 0
        if u.op is Op.CLOSE:
            return MANY
        if u.op is Op.CALL:
            sub = self.an.call_profile(u, 0)
            if sub is None:
                return None
            if Op.CLOSE in sub.kinds:
                return MANY
            partners = SUPPLY[need]
            if any(k in sub.kinds for k in partners):
                # It may give more than its blocking count: only a sure count is usable.
                if Op.RANGE in sub.blocking and Op.RANGE in partners:
                    return MANY
                counts = [sub.blocking[k][1] for k in partners if k in sub.blocking]
                if not counts:
                    return None
                if any(k in sub.kinds and k not in sub.blocking for k in partners):
                    return None
                return max(counts)
            if need in sub.kinds:
                return None  # the parent's callee competes with the goroutines
            return 0
        if u.op in SUPPLY[need]:
            return MANY if u.op is Op.RANGE else 1
        if u.op in PARTNER[need]:
            return 0  # sends keep a range going but never end it
        if u.op is need:
            return None  # the parent does the same thing: counting would need more care
        return 0

    def _supplying_loops(self, g: CFG, supply: dict[int, int]) -> set[int]:
        """Return the loop headers whose body gives at least one partner on every way round."""
        out: set[int] = set()
        for blk in g.loop_blocks():
            if blk.loop_exit is None or blk.loop_body is None:
                continue
            if _min_round(g, blk.id, blk.loop_body, supply) >= 1:
                out.add(blk.id)
        return out


class QuitMessage(Protocol):
    """A channel's quit message (:class:`gostuck.analysis.flow.dyntypes.QuitMessage`)."""

    @property
    def receiver(self) -> Node:
        """The function whose loop receives and leaves on it."""
        ...

    @property
    def by_return(self) -> bool:
        """Whether every branch it takes leaves by ``return``."""
        ...

    @property
    def exclusive(self) -> bool:
        """Whether no other value sent can take a branch that leaves the loop."""
        ...

    def guards(self, node: Node) -> bool:
        """Tell whether ``node`` lies in a branch it takes."""
        ...


def _quit_exit(g: CFG, e: Exit, quit: QuitMessage) -> bool:
    """Tell whether the stranding exit ``e`` is a return the quit message alone reaches."""
    blk = g.blocks[e.block]
    return e.strands and blk.kind is Kind.RETURN and blk.node is not None and quit.guards(blk.node)


def _culprit(
    g: CFG,
    bad: Exit,
    members: list[tuple[Goroutine, Profile]],
    need: Op,
    certain: bool,
    supply: dict[int, int],
    deferred: dict[int, int],
    cap: int,
    spawn_at: dict[int, int],
) -> Goroutine | None:
    """Return the goroutine a stranding path leaves needing a partner.

    Along the witness path, a partner operation can only serve goroutines started before
    it (a buffer slot may go to any sender, so it is counted last). Goroutines started
    once every earlier one was served form a new group; the group
    with need left over holds the stranded goroutine, reported at its earliest member
    (within a group any of them may be the one). None when counts are symbolic (loops) or
    only one goroutine is involved.
    """
    if len(members) < 2 or any(go.in_loop for go, _ in members):
        return None
    by_block: dict[int, list[tuple[Goroutine, int]]] = {}
    for go, prof in members:
        b = spawn_at.get(go.key, g.by_node.get(go.stmt.id))
        lo, hi = prof.blocking[need]
        n = lo if certain else hi
        if b is None or n == MANY:
            return None
        by_block.setdefault(b, []).append((go, n))
    left: list[list[Any]] = []  # [goroutine, need left, index of its group's first]
    credit = 0
    for b in bad.path:
        for go, n in sorted(by_block.get(b, []), key=lambda x: x[0].stmt.start_byte):
            fresh = all(item[1] == 0 for item in left)
            left.append([go, n, len(left) if fresh else left[-1][2]])
        give = supply.get(b, 0)
        if give == MANY:
            return None
        credit += give
        for item in left:
            take = min(item[1], credit)
            item[1] -= take
            credit -= take
    # Buffer space is not synchronous: it serves whichever sender comes, so it is counted
    # last, with the deferred partners.
    credit += sum(deferred.get(b, 0) for b in bad.path) + (cap if need is Op.SEND else 0)
    for item in left:
        take = min(item[1], credit)
        item[1] -= take
        credit -= take
        if item[1] > 0:
            found: Goroutine = left[item[2]][0]
            return found
    return None


def _closed_branches(g: CFG, uses: list[Use]) -> set[int]:
    """Return the first blocks of ``if !ok`` right after a receive ``v, ok := <-c`` of ``uses``.

    That branch runs only once ``c`` is closed: every goroutine that needed a partner on it
    has had it (a sender's send would panic, a receiver gets the zero value).
    """
    out: set[int] = set()
    for u in uses:
        if u.op is not Op.RECV:
            continue
        st = _unparen(u.node).parent
        while st is not None and st.type == "expression_list":
            st = st.parent
        if st is None or st.type not in (
            "receive_statement",
            "short_var_declaration",
            "assignment_statement",
        ):
            continue
        left = st.child_by_field_name("left")
        if left is None or len(left.named_children) != 2:
            continue
        ok = parse.text(left.named_children[1])
        if st.parent is not None and st.parent.type == "communication_case":
            nxt = next((c for c in cfgmod.case_body(st.parent) if c.type != "comment"), None)
        else:
            nxt = st.next_named_sibling
            while nxt is not None and nxt.type == "comment":
                nxt = nxt.next_named_sibling
        cond = nxt.child_by_field_name("condition") if nxt is not None else None
        if nxt is None or nxt.type != "if_statement" or cond is None:
            continue
        if nxt.child_by_field_name("initializer") is not None:
            continue
        if parse.text(cond).replace(" ", "") != f"!{ok}":
            continue
        b = g.block_of(cond)
        then = g.blocks[b].then_first if b is not None else None
        if b is not None and g.blocks[b].kind is Kind.COND and then is not None:
            out.add(then)
    return out


def _evaluated_at(g: CFG, node: Node) -> list[int]:
    """Return the blocks that evaluate the expression ``node``, once per evaluation.

    Mostly the block holding it. A range expression (``for v := range gen()``) is evaluated
    once, before the first round: on each way into the loop from outside, not at its header
    (which every round passes). A select case's channel and value are evaluated when the
    select starts, whichever case it then takes: at the select, not in the case's branch.
    """
    b = g.block_of(node)
    if b is None:
        return []
    blk = g.blocks[b]
    for a in parse.ancestors(node):
        if a.id == g.func.id or a.type in parse.FUNCTION_TYPES:
            break
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            head = a.parent
            if comm is not None and head is not None and _inside(node, comm):
                sel = g.by_node.get(head.id)
                return [sel] if sel is not None else []
            break
        if a.type == "range_clause" and blk.kind is Kind.LOOP:
            right = a.child_by_field_name("right")
            if right is None or not _inside(node, right) or blk.loop_body is None:
                return []
            inner = _loop_region(g, b)
            return [p.id for p in g.blocks if b in p.succs and p.id not in inner]
        if a.type in ("block", "statement_list"):
            break
    return [b]


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _loop_region(g: CFG, header: int) -> set[int]:
    """Return the blocks of the loop at ``header``: reached from its body, not leaving it.

    A labelled break to an outer loop may lead back around to the way in: then a way in
    looks like part of the loop, and the caller finds no way in (silence), never a wrong one.
    """
    blk = g.blocks[header]
    start = blk.loop_body
    if start is None or start == header:
        return set()
    seen = {start}
    todo = [start]
    while todo:
        b = todo.pop()
        for s in g.blocks[b].succs:
            if s not in (header, blk.loop_exit, g.exit) and s not in seen:
                seen.add(s)
                todo.append(s)
    return seen


def _wait_target(stmt: Node) -> str | None:
    """Return ``wg`` for the statement ``wg.Wait()``, else None."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return None
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None or args.named_children:
        return None
    fld = fn.child_by_field_name("field")
    operand = fn.child_by_field_name("operand")
    if fld is None or fld.text != b"Wait" or operand is None:
        return None
    return parse.text(operand)


def _join_blocks(g: CFG, parent: Node, members: list[Goroutine]) -> frozenset[int]:
    """Return the ``wg.Wait()`` blocks that wait for every member goroutine's ``wg.Done()``.

    Only literals whose ``wg.Done()`` is deferred or follows every channel operation count:
    such a goroutine cannot reach ``Done`` while it still needs a partner.
    """
    out: set[int] = set()
    for blk in g.blocks:
        if blk.node is None or blk.kind is not Kind.STMT:
            continue
        wg = _wait_target(blk.node)
        if wg is None:
            continue
        if all(_done_after_ops(go, wg) for go in members):
            out.add(blk.id)
    return frozenset(out)


def _done_after_ops(go: Goroutine, wg: str) -> bool:
    if not go.is_literal or go.body is None:
        return False
    raw = go.body.text or b""
    call = f"{wg}.Done()".encode()
    at = raw.find(call)
    if at < 0:
        return False
    line_start = raw.rfind(b"\n", 0, at) + 1
    if raw[line_start:at].strip() == b"defer":
        return True
    last_op = max(raw.rfind(b"<-"), 0)
    return at > last_op and raw.count(call) == 1


def _defer_stmt(node: Node) -> Node:
    for a in parse.ancestors(node):
        if a.type == "defer_statement":
            return a
    return node


def _min_round(g: CFG, header: int, start: int, supply: dict[int, int]) -> int:
    """Return the least supply on paths from ``start`` back to ``header`` (MANY: none)."""
    best = MANY
    seen: set[tuple[int, int]] = set()
    todo = [(start, 0)]
    while todo:
        b, n = todo.pop()
        if b == header:
            best = min(best, n)
            continue
        n = add(n, supply.get(b, 0))
        for s in g.blocks[b].succs:
            if (s, n) not in seen:
                seen.add((s, n))
                todo.append((s, n))
    return best


_COUNTDOWN_RE: Final = re.compile(r"(==|<=|<)\s*(0|1)\s*$|^\s*(0|1)\s*(==|>=|>)")


def _is_len(n: Node) -> bool:
    """Tell whether ``n`` is ``len(x)`` (of a variable or a field)."""
    if n.type != "call_expression":
        return False
    fn, args = n.child_by_field_name("function"), n.child_by_field_name("arguments")
    return (
        fn is not None
        and fn.text == b"len"
        and args is not None
        and args.named_child_count == 1
        and args.named_children[0].type in ("identifier", "selector_expression")
    )


def _is_count_up(cond: Node) -> bool:
    """Tell whether ``cond`` tests a count against a length: ``n == len(xs)``, ``len(a) >= len(b)``.

    The count side is a variable or another ``len``; a literal bound (``len(out) == 2``)
    is not a count of the goroutines and is not trusted.
    """
    while cond.type == "parenthesized_expression" and cond.named_child_count == 1:
        cond = cond.named_children[0]
    if cond.type != "binary_expression":
        return False
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    op = cond.child_by_field_name("operator")
    if left is None or right is None or op is None:
        return False
    ops = {b"==": (left, right), b">=": (left, right), b"<=": (right, left)}
    pair = ops.get(op.text or b"")
    if pair is None:
        return False
    count, bound = pair
    if op.text == b"==" and _is_len(count) and not _is_len(bound):
        count, bound = bound, count
    return _is_len(bound) and (count.type == "identifier" or _is_len(count))


def _after_countdown(
    g: CFG, st: tuple[int, int, int, int], prev: dict[tuple[int, int, int, int], Any]
) -> bool:
    """Tell whether the path to ``st`` last decided on a count (``if n == 0``).

    A loop that receives one value per goroutine and returns when a counter reaches zero
    received them all; path counting cannot see the counter, so such exits are trusted.
    So are count-ups to a length (``if n == len(items)``, ``len(out) >= len(urls)``): the
    rotated form of ``for len(out) < len(urls)``, whose exit is trusted too.
    """
    cur = prev.get(st)
    while cur is not None:
        blk = g.blocks[cur[0]]
        if blk.kind is Kind.COND:
            node = blk.node
            return node is not None and (
                bool(_COUNTDOWN_RE.search(parse.text(node))) or _is_count_up(node)
            )
        if blk.kind is Kind.CASE:
            return False
        cur = prev.get(cur)
    return False


def _paced(op: Node | None, parent: Node, *, params: bool = False) -> bool:
    """Tell whether every round of the loop around ``op`` first takes a value from a channel.

    ``for { select { case v := <-in: out <- v ... } }``, ``for { v, ok := <-in; ...; out <- v
    }`` and ``for v := range in { out <- v }`` (``in`` made by ``make(chan ...)``) do the
    operation on ``out`` once per value of ``in``: how many times depends on what ``in`` is
    given, not on the loop. A timer's ``C`` and a channel a call returns (``time.After``,
    ``ctx.Done()``) may fire without end: no pace. Every operation of that kind on the same
    channel in the function must be paced. With ``params``, a range over a parameter of
    ``parent`` paces too (a pipeline stage ranging over its input): what that channel is
    given, or whether it keeps firing, is its caller's, unknown here.
    """
    if op is None:
        return False
    func = parse.enclosing_function(op)
    if func is None:
        return False
    target = _op_channel(op)
    if target is None:
        return False
    return all(
        _paced_one(n, func, target, parent, params)
        for n in parse.iter_descendants(func)
        if n.type == op.type and (n.id == op.id or _op_channel(n) == target)
    )


def _op_channel(op: Node) -> str | None:
    """Return the text of the channel a send statement or receive expression works on."""
    if op.type == "send_statement":
        c = op.child_by_field_name("channel")
    elif op.type == "unary_expression" and op.child(0) is not None and op.child(0).type == "<-":
        c = op.child_by_field_name("operand")
    else:
        return None
    return parse.text(c) if c is not None else None


def _pacing_operand(c: Node | None, target: str) -> bool:
    """Tell whether a receive from ``c`` gives one value per send (not a timer, not a call)."""
    if c is None or c.type not in ("identifier", "selector_expression"):
        return False
    t = parse.text(c)
    return t != target and not t.endswith(".C")


def _recv_operand(st: Node) -> Node | None:
    """For ``<-c``, ``v := <-c``, ``v, ok := <-c``, ``v = <-c`` (a statement): ``c``."""
    e: Node | None = None
    if st.type == "expression_statement" and st.named_children:
        e = st.named_children[0]
    elif st.type in ("short_var_declaration", "assignment_statement", "receive_statement"):
        right = st.child_by_field_name("right")
        if right is not None and right.type == "expression_list" and len(right.named_children) == 1:
            right = right.named_children[0]
        e = right
    if e is None or e.type != "unary_expression":
        return None
    first = e.child(0)
    if first is None or first.type != "<-":
        return None
    return e.child_by_field_name("operand")


def _paced_one(op: Node, func: Node, target: str, parent: Node, params: bool = False) -> bool:
    loop: Node | None = None
    for a in parse.ancestors(op):
        if a.id == func.id:
            break
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            if comm is not None and _pacing_operand(_recv_operand(comm), target):
                return True
        if a.type == "for_statement":
            loop = a
            break
    if loop is None:
        return False
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if clause is not None:
        right = clause.child_by_field_name("right")
        if right is None or right.type != "identifier" or not _pacing_operand(right, target):
            return False
        made = re.compile(
            rb"\b" + re.escape(right.text or b"") + rb"\s*:?=\s*make\(\s*(<-\s*)?chan\b"
        )
        if params and parse.text(right) in param_names(parent):
            return True
        return bool(made.search(parent.text or b""))
    body = loop.child_by_field_name("body")
    lst = (
        next((c for c in body.named_children if c.type == "statement_list"), body) if body else None
    )
    if lst is None:
        return False
    inner = op
    while inner.parent is not None and inner.parent.id != lst.id:
        inner = inner.parent
    if inner.parent is None:
        return False
    for st in lst.named_children:
        if st.id == inner.id:
            return False
        if _pacing_operand(_recv_operand(st), target):
            return True
        if st.type in ("if_statement", "expression_statement", "short_var_declaration"):
            continue
        return False
    return False


def walk_parent(
    g: CFG,
    supply: dict[int, int],
    deferred: dict[int, int],
    supply_loops: set[int],
    spawn: dict[int, int],
    cap: int,
    joins: frozenset[int] = frozenset(),
) -> list[Exit]:
    """Return every distinct (supply, demand) at the parent's normal exit, with a witness path."""
    State = tuple[int, int, int, int]  # block, supply, demand, deferred supply
    start: State = (g.entry, 0, 0, 0)
    prev: dict[State, State | None] = {start: None}
    todo = [start]
    found: dict[tuple[int, int, bool], State] = {}
    while todo:
        st = todo.pop()
        b, sup, dem, dfr = st
        blk = g.blocks[b]
        dem = add(dem, spawn.get(b, 0))
        sup = add(sup, supply.get(b, 0))
        dfr = add(dfr, deferred.get(b, 0))
        if b == g.exit or blk.kind is Kind.BLOCK:
            # The parent returns, or blocks forever: either way it gives nothing more.
            if dem:
                total = add(sup, dfr)
                strands = _strands(dem, total, cap)
                if strands and dem == MANY and total > 0 and _after_countdown(g, st, prev):
                    strands = False
                key = (total, dem, strands)
                found.setdefault(key, st)
            continue
        if blk.kind is Kind.ABORT:
            continue
        if b in joins and dem and _strands(dem, sup, cap):
            # wg.Wait() before the goroutines can finish: they need a partner first.
            found.setdefault((sup, dem, True), st)
            continue
        for s in blk.succs:
            s_sup = sup
            if b in supply_loops and s == blk.loop_exit:
                s_sup = MANY
            nxt = (s, s_sup, dem, dfr)
            if nxt not in prev:
                prev[nxt] = st
                todo.append(nxt)
    exits: list[Exit] = []
    for (total, dem, strands), st in found.items():
        path: list[int] = []
        cur: State | None = st
        while cur is not None:
            path.append(cur[0])
            cur = prev[cur]
        path.reverse()
        last = path[-2] if len(path) >= 2 and path[-1] == g.exit else path[-1]
        branch = None
        for b in reversed(path[:-1]):
            if g.blocks[b].kind in (Kind.CASE, Kind.COND):
                branch = b
                break
        exits.append(Exit(total, dem, strands, last, branch, tuple(path)))
    return exits


# --------------------------------------------------------------------------- self blocks


@dataclass(frozen=True, slots=True)
class SelfBlock:
    """A goroutine blocking on a channel it made itself, that nothing can ever partner."""

    goroutine: Goroutine
    channel: Channel
    op: Op  # SEND, RECV or RANGE: what the goroutine itself does
    node: Node  # the blocking operation
    certain: bool  # on every path through the goroutine
    path: str = ""  # file of ``node`` and of the channel's make (the goroutine's by default)
    stuck_go: Node | None = None  # the partner goroutine that blocks forever first, if any
    stuck_at: Node | None = None  # where that partner blocks
    own_close: Node | None = None  # the goroutine's own deferred close, which runs too late


# Where the goroutine a go statement starts blocks forever on a sync primitive (this file).
StuckSites = Callable[[Node], list[Node]]


def find_self_blocks(
    an: Analyzer, go: Goroutine, stuck: StuckSites | None = None
) -> Iterator[SelfBlock]:
    """Yield the channels ``go`` makes and then blocks on, with no possible partner.

    Every holder is visible: the goroutine itself, literals it starts, and package functions
    it passes the channel to. If none of them can send (for a receive) or receive (for a
    send), and nobody closes it, the goroutine's own operation can never complete. With
    ``stuck``, a goroutine literal that blocks forever on a lock, WaitGroup or Cond before
    each of its uses of the channel is no partner either.
    """
    body = go.body
    if body is None or body.has_error:
        return
    env = {} if go.is_literal else an.bind(body, go.params, go.args, {})
    g = an.graphs.get(body, env)
    if g is None:
        return
    any_found = False
    for ch in find_channels(body):
        if ch.capacity is None:
            continue
        found = _self_block(an, g, body, ch, stuck)
        if found is not None:
            op, node, certain, partner, own_close = found
            any_found = True
            yield SelfBlock(go, ch, op, node, certain, go.path, *partner, own_close)
    if not any_found:
        yield from _callee_self_blocks(an, go, g, env, stuck)


def _callee_self_blocks(
    an: Analyzer, go: Goroutine, g: CFG, env: consts.Env, stuck: StuckSites | None = None
) -> Iterator[SelfBlock]:
    """Yield the self blocks of package functions the goroutine calls with constants.

    ``go func() { nCast(nil) }()``: ``nCast`` makes a channel and receives from it, and the
    loop that would start its senders runs zero times for a nil argument. The callee is
    specialized to the call's constant arguments; the goroutine blocks where the callee does.
    Without constant arguments, only a callee whose one partner goroutine blocks forever on
    a sync primitive first (``stuck``) is looked at: ``go func() { waitReady(p) }()`` where
    ``waitReady`` starts ``go func() { p.cond.Wait(); close(done) }()`` and receives ``done``.
    """
    body = go.body
    if body is None:
        return
    reach = g.reachable()
    own = parse.own_ids(body)
    stmt_calls = parse.captures("facts.scm", body).get("stmt.call", [])
    stmt_ids = {c.id for c in stmt_calls}
    # A call whose value is used (``<-mount(dev)``, ``ch := open()``): its callee may be a
    # function that makes a channel, blocks on it, and only then would return it.
    makers = _chan_signatures(an.index)
    value_calls = (
        [
            n
            for n in parse.iter_descendants(body)
            if n.type == "call_expression"
            and n.id in own
            and n.id not in stmt_ids
            and _callee_word(n) in makers
        ]
        if makers and any(m in (body.text or b"") for m in makers)
        else []
    )
    for call in [*stmt_calls, *value_calls]:
        if call.id not in own:
            continue
        returned_only = call.id not in stmt_ids
        args_node = call.child_by_field_name("arguments")
        args = [c for c in args_node.named_children if c.type != "comment"] if args_node else []
        constant = any(consts.value_of(a, env) is not None for a in args)
        if not constant and stuck is None and not returned_only:
            continue  # without a constant argument the callee is no different here
        fn = call.child_by_field_name("function")
        ref = resolve_call(fn, an.index, env) if fn is not None else None
        if ref is None or ref.node.id == body.id or ref.node.has_error:
            continue
        if ref.node.type == "func_literal" or b"make(" not in (ref.node.text or b""):
            continue
        # Placing the call costs its depth: only for the calls that can matter.
        b = g.block_of(call)
        if b is None or b not in reach:
            continue
        if (
            not constant
            and not returned_only
            and (ref.path != an.path or not find_go_statements(ref.node))
        ):
            continue  # only a partner goroutine of this file can be stuck first
        callee_env = an.bind(ref.node, param_names(ref.node), args, env)
        cg = an.graphs.get(ref.node, callee_env)
        if cg is None:
            continue
        for ch in find_channels(ref.node):
            if ch.capacity is None:
                continue
            found = _self_block(an, cg, ref.node, ch, stuck)
            if found is not None:
                op, node, certain, partner, own_close = found
                # A callee that blocks on a channel it then returns blocks whoever calls it
                # (nobody else can hold the channel yet): the goroutine that called it.
                mine = returned_only and _returned_here(an, ref.node, ch.name)
                if returned_only and not mine:
                    continue
                if not constant and partner[0] is None and not mine:
                    continue  # the callee's own self block: not this goroutine's concern
                every = certain and _on_every_path(g, b)
                yield SelfBlock(go, ch, op, node, every, ref.path, *partner, own_close)
                return


_NoPartner: Final[tuple[Node | None, Node | None]] = (None, None)


# ``func name(`` or ``func (r T) name(``, then the rest of the signature up to the body.
_SIGNATURE_RE: Final = re.compile(rb"^func\s*(?:\([^)\n]*\)\s*)?(\w+)[^\n{]*\{", re.MULTILINE)


def _chan_signatures(index: PackageIndex) -> frozenset[bytes]:
    """Return the names of package functions whose signature line mentions ``chan``.

    A cheap gate (one regex per file, cached per package) before resolving calls: a
    function that makes and returns a channel is among them.
    """
    key = ("chan-signatures",)
    got = index.memo.get(key)
    if isinstance(got, frozenset):
        return got
    names: set[bytes] = set()
    sources = [index.source, *(src for path, src in index.package.items() if path != index.path)]
    for src in sources:
        names |= _signature_names(src)
    out = frozenset(names)
    index.memo[key] = out
    return out


_SIGNATURES: dict[bytes, frozenset[bytes]] = {}


def _signature_names(src: bytes) -> frozenset[bytes]:
    """Return :func:`_chan_signatures`' names of one file, cached by its text."""
    got = _SIGNATURES.get(src)
    if got is not None:
        return got
    names: frozenset[bytes] = frozenset()
    if b"chan" in src:
        names = frozenset(m.group(1) for m in _SIGNATURE_RE.finditer(src) if b"chan" in m.group(0))
    if len(_SIGNATURES) >= 1024:
        _SIGNATURES.clear()
    _SIGNATURES[src] = names
    return names


def _callee_word(call: Node) -> bytes:
    """Return the called name of ``f(...)`` or ``x.f(...)``."""
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return (fn.text or b"") if fn is not None else b""


def _returns_it(u: Use, func: Node) -> bool:
    """Tell whether ``u`` is ``return ch`` (among other results) of ``func`` itself."""
    if u.op is not Op.ESCAPE or u.node.type != "expression_list":
        return False
    ret = u.node.parent
    if ret is None or ret.type != "return_statement":
        return False
    if parse.enclosing_function(ret) != func:
        return False
    return any(v.id == u.ident.id for v in u.node.named_children)


def _returned_here(an: Analyzer, func: Node, name: str) -> bool:
    """Tell whether ``func`` returns its channel ``name`` (``return ch``) on some path."""
    body = cfgmod.body_of(func)
    return body is not None and any(_returns_it(u, func) for u in name_uses(body, name))


def _self_block(
    an: Analyzer, g: CFG, body: Node, ch: Channel, stuck: StuckSites | None = None
) -> tuple[Op, Node, bool, tuple[Node | None, Node | None], Node | None] | None:
    """Return the operation ``body`` blocks on forever for its own channel ``ch``.

    With it, whether it is certain, the partner goroutine that blocks forever before it
    could partner (and where), when only that makes the operation block, and ``body``'s own
    deferred close when only that would have partnered it: ``defer close(ch)`` runs once
    ``body`` returns, after any wait of its own on ``ch``.
    """
    uses = name_uses(body, ch.name)
    defs = [u for u in uses if u.op is Op.DEF]
    if len(defs) != 1 or defs[0].node.id != ch.decl.id:
        return None
    aliases = _aliases(an, body, ch, uses) if "." not in ch.name else {}
    if aliases is None:
        return None
    kinds: set[Op] = set()
    own: list[Use] = []
    own_close: Node | None = None
    reach = g.reachable()
    # Other functions that use the channel: (the function, its name there, what it does).
    lits: dict[int, tuple[Node | None, Node, str, set[Op]]] = {}
    alias_writes = {w.id for ws in aliases.values() for w in ws[1]}
    alias_uses = [u for name in aliases for u in name_uses(body, name) if u.op is not Op.DEF]
    for u in [*uses, *alias_uses]:
        if u.op is Op.ESCAPE and u.node.id in alias_writes:
            continue  # ``seen = ch``: its uses are counted as the channel's
        if _returns_it(u, body):
            # ``return ch``: the caller holds the channel only once ``body`` has returned,
            # after every operation of its own; it partners none of them.
            continue
        if u.op is Op.ESCAPE or an.is_method_value(u):
            return None
        if u.op in (Op.DEF, Op.NONE):
            continue
        at = g.block_of(u.ident)
        if at is not None and at not in reach:
            continue  # dead here (after a return, or ruled out by a constant argument)
        owner = innermost_function(u.ident, body)
        if owner.id != body.id:
            if owner.id in lits:
                continue
            lit_use = _literal_kinds(an, owner, ch.name, body)
            if lit_use is None:
                return None
            lits[owner.id] = (_go_of_literal(owner), owner, ch.name, lit_use)
            continue
        if u.op is Op.CALL:
            sub = an.call_profile(u, 0)
            if sub is None:
                # Where the order of its operations cannot be told, what they are may be.
                sub_kinds = an.call_kinds(u, body, frozenset(aliases)) if aliases else None
                if sub_kinds is None:
                    return None
                kinds |= sub_kinds
                continue
            started = _go_callee(an, u)
            if started is not None:  # ``go helper(ch)``: a partner goroutine, as a literal
                lits[u.node.id] = (u.node.parent, *started, set(sub.kinds))
                continue
            kinds |= sub.kinds
            continue
        if u.op is Op.CLOSE and _is_deferred_use(u.node, body):
            own_close = u.node  # runs when ``body`` returns: after any wait of its own
            continue
        kinds.add(u.op)
        if not u.in_select and u.op in (Op.SEND, Op.RECV, Op.RANGE):
            own.append(u)
    if not own:
        return None
    every = set(kinds)
    for *_, lk in lits.values():
        every |= lk
    found = _first_unpartnered(g, own, every, ch, reach)
    if found is not None or stuck is None or not lits:
        return (*found, _NoPartner, own_close) if found is not None else None
    # Chaining: a go literal that blocks forever on a sync primitive before each of its uses
    # of the channel never partners it. One such partner at most, so the story stays short.
    rest = set(kinds)
    partner: tuple[Node | None, Node | None] = _NoPartner
    for stmt, lit, name, lk in lits.values():
        site = None
        if partner[0] is None and stmt is not None:
            site = _stuck_before(an, stmt, lit, name, stuck)
        if site is None:
            rest |= lk
        else:
            partner = site
    if partner[0] is None:
        return None
    found = _first_unpartnered(g, own, rest, ch, reach)
    return (*found, partner, own_close) if found is not None else None


def _aliases(
    an: Analyzer, body: Node, ch: Channel, uses: list[Use]
) -> dict[str, tuple[Node, list[Node]]] | None:
    """Return the locals of ``body`` that only ever hold ``ch`` (or nil): name -> decl, writes.

    ``var seen <-chan T`` set only by ``seen = ch``, or by ``seen = s`` in a literal whose
    parameter ``s`` every call binds to ``ch`` (``runUntil(func(s <-chan T) { seen = s },
    ch)`` where ``runUntil`` calls its parameter with its own ``ch`` argument). A receive on
    such a local is a receive on ``ch``, or on nil: it waits for ``ch`` or forever.
    ``writes`` are the expression lists assigned. None when a candidate is also set to
    anything else. Only locals declared without a value (or with nil) are candidates.
    """
    writes: dict[str, list[Node]] = {}
    for u in uses:
        if u.op is Op.ESCAPE:
            target = _assigned_name(u.ident)
            if target is not None:
                writes.setdefault(target, []).append(u.node)
        if u.op is not Op.CALL or u.arg_index < 0:
            continue
        args = u.node.child_by_field_name("arguments")
        for lit in args.named_children if args is not None else []:
            if lit.type != "func_literal":
                continue
            lit_body = lit.child_by_field_name("body")
            for q in param_names(lit):
                if not q or q == "_" or lit_body is None:
                    continue
                srcs = funcvals.param_sources(lit, q, an.index)
                if not srcs or any(
                    parse.text(x) != ch.name or x.type != "identifier" for x in srcs
                ):
                    continue
                for ident in idents_named(lit_body, q):
                    target = _assigned_name(ident)
                    if target is not None:
                        writes.setdefault(target, []).append(_unparen(ident).parent or ident)
    out: dict[str, tuple[Node, list[Node]]] = {}
    for name, ws in writes.items():
        decl = _nil_declaration(body, name)
        if decl is None:
            continue
        n_writes = 0
        for other in idents_named(cfgmod.body_of(body) or body, name):
            if classify(other).op is Op.DEF and other.parent is not None:
                if other.parent.type == "var_spec":
                    continue
                n_writes += 1
            elif other.parent is not None and other.parent.type == "unary_expression":
                op = other.parent.child(0)
                if op is not None and op.type == "&":
                    return None  # &seen
        if n_writes != len(ws):
            return None  # set to something else too
        out[name] = (decl, ws)
    return out


def _assigned_name(ident: Node) -> str | None:
    """For ``x = ident`` (one to one): ``x``, a plain identifier; else None."""
    n = _unparen(ident)
    p = n.parent
    gp = p.parent if p is not None else None
    if p is None or gp is None or p.type != "expression_list" or gp.type != "assignment_statement":
        return None
    left = gp.child_by_field_name("left")
    right = gp.child_by_field_name("right")
    op = gp.child_by_field_name("operator")
    if left is None or right is None or right.id != p.id or op is None or op.type != "=":
        return None
    if len(left.named_children) != 1 or len(p.named_children) != 1:
        return None
    target = left.named_children[0]
    return parse.text(target) if target.type == "identifier" else None


def _assigned_target(ident: Node) -> Node:
    """Return the identifier assigned in ``x = ident`` (see :func:`_assigned_name`)."""
    gp = _unparen(ident).parent
    stmt = gp.parent if gp is not None else None
    left = stmt.child_by_field_name("left") if stmt is not None else None
    return left.named_children[0] if left is not None and left.named_children else ident


def _nil_declaration(func: Node, name: str) -> Node | None:
    """Return ``var name T`` (or ``var name T = nil``) declared once, directly in ``func``."""
    body = cfgmod.body_of(func)
    found: list[Node] = []
    for other in idents_named(body, name) if body is not None else []:
        p = other.parent
        if p is None:
            continue
        if p.type == "var_spec" and any(c.id == other.id for c in p.children_by_field_name("name")):
            value = p.child_by_field_name("value")
            vals = value.named_children if value is not None else []
            if innermost_function(other, func).id != func.id:
                return None
            if vals and not (len(vals) == 1 and vals[0].type == "nil"):
                return None
            found.append(p)
        elif p.type in ("short_var_declaration", "parameter_declaration", "range_clause"):
            return None
    return found[0] if len(found) == 1 else None


def _first_unpartnered(
    g: CFG, own: list[Use], kinds: set[Op], ch: Channel, reach: set[int]
) -> tuple[Op, Node, bool] | None:
    """Return the first of ``own`` operations that ``kinds`` (the others' uses) never partner."""
    if Op.CLOSE in kinds:
        return None
    for u in sorted(own, key=lambda x: x.node.start_byte):
        b = g.block_of(u.node)
        if b is None or b not in reach:
            continue
        if u.op is Op.SEND:
            if ch.capacity or Op.RECV in kinds or Op.RANGE in kinds:
                continue
        elif u.op is Op.RECV and Op.SEND in kinds:
            continue
        # A range ends only on close, and nothing closes the channel.
        return u.op, u.node, _on_every_path(g, b)
    return None


def _go_callee(an: Analyzer, use: Use) -> tuple[Node, str] | None:
    """Return the function ``go helper(ch)`` runs and the name it knows the channel by."""
    stmt = use.node.parent
    fn = use.node.child_by_field_name("function")
    if stmt is None or stmt.type != "go_statement" or fn is None:
        return None
    if fn.type == "func_literal":
        func: Node = fn
    else:
        ref = resolve_call(fn, an.index)
        if ref is None or ref.path != an.path:
            return None
        func = ref.node
    name = bound_name(func, use)
    return (func, name) if name else None


def _go_of_literal(lit: Node) -> Node | None:
    """Return the go statement of ``go func() { ... }()`` for its literal, else None."""
    call = lit.parent
    stmt = call.parent if call is not None else None
    if lit.type != "func_literal" or call is None or call.type != "call_expression":
        return None
    return stmt if stmt is not None and stmt.type == "go_statement" else None


def _stuck_before(
    an: Analyzer, stmt: Node, lit: Node, name: str, stuck: StuckSites
) -> tuple[Node, Node] | None:
    """Return (go statement, blocking place) when the goroutine ``stmt`` never reaches ``name``.

    ``lit`` is the function it runs (a go literal, or ``helper`` of ``go helper(ch)``, which
    knows the channel as ``name``). The goroutine must block forever on a sync primitive
    (``stuck``) at a place every one of its uses of ``name`` comes after: in ``lit`` itself,
    or inside a call of ``lit`` to a function of this file.
    """
    g = an.graphs.get(lit)
    body = cfgmod.body_of(lit)
    if g is None or body is None:
        return None
    uses = [u for u in name_uses(body, name) if u.op not in (Op.DEF, Op.NONE)]
    if not uses or any(innermost_function(u.ident, lit).id != lit.id for u in uses):
        return None
    sites = stuck(stmt)
    for site in sites:
        anchor = _anchor_in(an, lit, body, site)
        if anchor is None:
            continue
        ab = g.block_of(anchor)
        if ab is None:
            continue
        if all(_comes_after(g, ab, anchor, u.node) for u in uses):
            return stmt, site
    return None


def starts_with_one_of(go: Goroutine, ops: Sequence[Node]) -> bool:
    """Tell whether the goroutine's function begins with one of ``ops`` (nothing before it)."""
    body = cfgmod.body_of(go.body) if go.body is not None else None
    kids = body.named_children if body is not None else []
    first = kids[0] if kids else None
    if first is not None and first.type == "statement_list":  # tree-sitter-go's block body
        first = first.named_children[0] if first.named_children else None
    if first is None:
        return False
    if first.type == "expression_statement" and first.named_children:
        inner = first.named_children[0]
        return any(op.id in (first.id, inner.id) for op in ops)
    return any(op.id == first.id for op in ops)


def stops_before(
    an: Analyzer, go: Goroutine, ops: Sequence[Node], sites: Sequence[Node]
) -> Node | None:
    """Return the one of ``sites`` where the goroutine ``go`` stops for good before ``ops``.

    Each of ``sites`` is a place the goroutine blocks forever once it gets there (a Wait or
    Lock nobody releases, a receive nothing sends on); when every path of its function to
    each of ``ops`` passes one such place first, the goroutine never gets to them, and the
    runtime shows it parked at that place instead. ``ops`` and ``sites`` lie in the
    goroutine's function or in functions of this file it calls. None when an operation
    may come first (or the goroutine's function is not of this file).
    """
    lit = go.body
    if lit is None or go.via is not None or go.path != an.path or not ops:
        return None
    g = an.graphs.get(lit)
    body = cfgmod.body_of(lit)
    if g is None or body is None:
        return None
    anchors: list[Node] = []
    for op in ops:
        a = _anchor_in(an, lit, body, op)
        if a is None:
            return None
        anchors.append(a)
    for site in sites:
        anchor = _anchor_in(an, lit, body, site)
        ab = g.block_of(anchor) if anchor is not None else None
        if anchor is None or ab is None:
            continue
        if all(_comes_after(g, ab, anchor, a) for a in anchors):
            return site
    return None


def _anchor_in(an: Analyzer, lit: Node, body: Node, site: Node) -> Node | None:
    """Return the node of ``lit``'s own code that reaches ``site``: itself or a call to it.

    ``lit`` is in the analysed file; ``site`` may be in a package function of any file.
    """

    def inside(n: Node, outer: Node) -> bool:
        return outer.start_byte <= n.start_byte and n.end_byte <= outer.end_byte

    site_path = funcvals.path_of(site, an.index)  # a callee may be in another file
    if site_path == an.path and inside(site, body):
        return site if innermost_function(site, lit).id == lit.id else None
    for n in parse.iter_descendants(body):
        if n.type != "call_expression" or innermost_function(n, lit).id != lit.id:
            continue
        fn = n.child_by_field_name("function")
        ref = resolve_call(fn, an.index) if fn is not None else None
        if ref is None or ref.path != site_path or not inside(site, ref.node):
            continue
        # A goroutine the callee starts blocks on its own, not on the way to our channel.
        if any(
            a.type == "go_statement"
            for a in parse.ancestors(site)
            if inside(a, ref.node) and a.id != ref.node.id
        ):
            return None
        return n
    return None


def passes_first(g: CFG, ab: int, anchor: Node, node: Node) -> bool:
    """Tell whether every path of ``g`` from the entry to ``node`` passes ``anchor`` first.

    ``ab`` is the block of ``anchor``.
    """
    return _comes_after(g, ab, anchor, node)


def _comes_after(g: CFG, ab: int, anchor: Node, node: Node) -> bool:
    """Tell whether every path from the entry to ``node`` passes ``anchor`` first.

    A loop whose first check cannot fail (``for i := 0; i < 3; i++``) is entered at least
    once: the path that skips it is no path.
    """
    b = g.block_of(node)
    if b is None:
        return False
    if b == ab:
        return node.start_byte >= anchor.end_byte
    if g.entry == ab:
        return True
    once = {h.id for h in g.loop_blocks() if h.node is not None and _runs_once(h.node)}
    start: tuple[int, frozenset[int]] = (g.entry, frozenset())
    seen = {start}
    todo = [start]
    while todo:
        cur, entered = todo.pop()
        if cur == b:
            return False
        blk = g.blocks[cur]
        for nxt in blk.succs:
            if nxt == ab:
                continue
            inside = entered
            if cur in once:
                if nxt == blk.loop_exit and cur not in entered:
                    continue  # the first check holds: the body runs before the loop ends
                if nxt == blk.loop_body:
                    inside = entered | {cur}
            st = (nxt, inside)
            if st not in seen:
                seen.add(st)
                todo.append(st)
    return True


def _runs_once(loop: Node) -> bool:
    """Tell whether a loop's first check holds: its body runs at least once.

    ``for i := a; i < b; ...`` with constants ``a < b``, or ``for ... range xs`` over a local
    slice that certainly has elements by then (:func:`_has_elements`).
    """
    rng = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if rng is not None:
        right = rng.child_by_field_name("right")
        return right is not None and right.type == "identifier" and _has_elements(right, loop)
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    init = clause.child_by_field_name("initializer") if clause is not None else None
    cond = clause.child_by_field_name("condition") if clause is not None else None
    if init is None or cond is None or init.type != "short_var_declaration":
        return False
    left, right = init.child_by_field_name("left"), init.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return False
    if len(right.named_children) != 1 or cond.type != "binary_expression":
        return False
    var, start = left.named_children[0], _int_literal(right.named_children[0])
    c_left, c_right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    oper = cond.child_by_field_name("operator")
    if c_left is None or c_right is None or oper is None or start is None:
        return False
    if c_left.type != "identifier" or c_left.text != var.text:
        return False
    bound = _int_literal(c_right)
    if bound is None:
        return False
    checks = {"<": start < bound, "<=": start <= bound, "!=": start != bound}
    return checks.get(oper.type, False)


def _has_elements(xs: Node, at: Node) -> bool:
    """Tell whether the local slice ``xs`` has elements whenever ``at`` runs.

    ``var xs []T`` (or ``xs := []T{}``), and every other mention of ``xs`` reads it or is
    ``xs = append(xs, v, ...)`` with a value of its own: nothing shortens it (no other
    assignment, no ``&xs``). One such append must come before ``at`` on every path: earlier
    in a statement list around ``at`` (``at`` may sit in a func literal made there, a
    goroutine that ranges over the slice its starter filled), reached through nothing but
    blocks and loops whose body runs at least once and cannot leave early.
    """
    name = parse.text(xs)
    func: Node | None = parse.enclosing_function(at)
    decls: list[Node] = []
    while func is not None:
        body = func.child_by_field_name("body")
        if any(
            n.text == xs.text
            for part in ("receiver", "parameters", "result")
            if (params := func.child_by_field_name(part)) is not None
            for pd in params.named_children
            for n in pd.children_by_field_name("name")
        ):
            return False  # a parameter or named result: the caller's, or set anywhere
        decls = [d for d in idents_named(body, name) if _declares(d)] if body is not None else []
        if decls or func.type != "func_literal":
            break
        func = parse.enclosing_function(func)
    if func is None or len(decls) != 1 or b"goto" in (func.text or b""):
        return False
    decl = decls[0]
    if not _empty_slice_decl(decl):
        return False
    body = func.child_by_field_name("body")
    appends: list[Node] = []
    for n in idents_named(body, name) if body is not None else []:
        if n.id == decl.id:
            continue
        p = n.parent
        amp = p.child(0) if p is not None and p.type == "unary_expression" else None
        if amp is not None and amp.type == "&":
            return False  # a pointer to the slice may shorten it
        stmt = _assigned_by(n)
        if stmt is None:
            continue
        if not _appends_to(stmt, name):
            return False
        appends.append(stmt)
    return any(_done_before(a, at, func) for a in appends)


def _declares(ident: Node) -> bool:
    """Tell whether ``ident`` is declared here: ``var x``, ``x :=``, a parameter, a range."""
    p = ident.parent
    if p is None:
        return False
    if p.type in ("var_spec", "parameter_declaration", "const_spec"):
        return True
    if p.type == "expression_list" and p.parent is not None:
        decl = p.parent
        return decl.type in ("short_var_declaration", "range_clause") and (
            decl.child_by_field_name("left") == p
            and (decl.type == "short_var_declaration" or any(c.type == ":=" for c in decl.children))
        )
    return False


def _empty_slice_decl(ident: Node) -> bool:
    """``var xs []T`` with no value, or ``xs := []T{...}``: a slice the function starts."""
    p = ident.parent
    if p is None:
        return False
    if p.type == "var_spec":
        t = p.child_by_field_name("type")
        return t is not None and t.type == "slice_type" and p.child_by_field_name("value") is None
    decl = p.parent if p.type == "expression_list" else None
    if decl is None or decl.type != "short_var_declaration" or len(p.named_children) != 1:
        return False
    right = decl.child_by_field_name("right")
    vals = right.named_children if right is not None else []
    if len(vals) != 1 or vals[0].type != "composite_literal":
        return False
    t = vals[0].child_by_field_name("type")
    return t is not None and t.type == "slice_type"


def _assigned_by(ident: Node) -> Node | None:
    """Return the assignment whose left side holds ``ident``, if any."""
    p = ident.parent
    if p is None or p.type != "expression_list" or p.parent is None:
        return None
    stmt = p.parent
    if stmt.type in ("assignment_statement", "short_var_declaration", "range_clause"):
        return stmt if stmt.child_by_field_name("left") == p else None
    return None


def _appends_to(stmt: Node, name: str) -> bool:
    """Tell whether ``stmt`` is ``name = append(name, v, ...)`` adding at least one value."""
    if stmt.type != "assignment_statement":
        return False
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    op = stmt.child_by_field_name("operator")
    if left is None or right is None or (op is not None and op.type != "="):
        return False
    if len(left.named_children) != 1 or len(right.named_children) != 1:
        return False
    if parse.text(left.named_children[0]) != name:
        return False
    call = right.named_children[0]
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    args = call.child_by_field_name("arguments") if fn is not None else None
    vals = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    return (
        fn is not None
        and fn.text == b"append"
        and len(vals) >= 2
        and parse.text(vals[0]) == name
        and not any(a.type == "variadic_argument" for a in vals)
    )


def _done_before(stmt: Node, at: Node, func: Node) -> bool:
    """Tell whether ``stmt`` has run, on every path, by the time ``at`` runs (in ``func``).

    ``stmt`` comes earlier in a statement list that holds ``at`` (or the func literal
    ``at`` is in), and between that list and ``stmt`` there are only blocks and loops whose
    body runs at least once with no way to leave it early.
    """
    chain = [stmt]
    for a in parse.ancestors(stmt):
        chain.append(a)
        if a.id == func.id:
            break
    ats = {a.id for a in parse.ancestors(at)}
    for i, n in enumerate(chain):
        if n.type != "statement_list" or n.id not in ats:
            continue
        mine = chain[i - 1]  # the statement of this list that holds ``stmt``
        theirs = next(
            (c for c in n.named_children if c.start_byte <= at.start_byte < c.end_byte), None
        )
        if theirs is None or mine.end_byte > theirs.start_byte:
            return False
        return all(_passes_through(c) for c in chain[1:i])
    return False


def _passes_through(n: Node) -> bool:
    """Tell whether entering ``n`` (a statement around an append) runs all of its body."""
    if n.type in ("statement_list", "block", "expression_statement"):
        return True
    body = n.child_by_field_name("body") if n.type == "for_statement" else None
    if body is None or not _runs_once(n):
        return False
    own = parse.own_ids(body)
    for d in parse.iter_descendants(body):
        if d.id not in own:
            continue
        if d.type in ("break_statement", "continue_statement", "return_statement"):
            return False
        fn = d.child_by_field_name("function") if d.type == "call_expression" else None
        if fn is not None and fn.text == b"panic":
            return False
    return True


def _int_literal(n: Node) -> int | None:
    if n.type != "int_literal":
        return None
    raw = parse.text(n).replace("_", "")
    try:
        return int(raw, 0) if not (len(raw) > 1 and raw[0] == "0" and raw[1].isdigit()) else None
    except ValueError:
        return None


def _literal_kinds(an: Analyzer, lit: Node, name: str, body: Node) -> set[Op] | None:
    """Return what a literal nested in ``body`` does with ``name``; None when unknown."""
    if lit.type != "func_literal":
        return None
    # Only literals directly in ``body`` that run (go or defer or call) are understood.
    if parse.enclosing_function(lit) != body:
        return None
    prof = an.profile(lit, name)
    return set(prof.kinds) if prof is not None else None
