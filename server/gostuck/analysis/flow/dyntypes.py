"""Dynamic types of the values a channel field carries, and the type switches they decide.

``c.inbox <- &Config{}`` as the only send on ``inbox`` in the package (every other use
only receives, compares or assigns ``make(...)``: nothing hands the channel on) means a
value received from ``c.inbox`` is a ``*Config``, or nil once the channel is closed when
something closes it. A type switch on such a value takes only the cases that can match:

    var msg message
    for {
        select {
        case msg = <-c.inbox:
        case <-c.closed:
            return
        }
        switch msg := msg.(type) {
        case *Config:     // every value sent is a *Config: always this case
            c.apply(msg)
        default:          // never taken
            return
        }
    }

A case naming an interface, a type of another package or anything not understood may
match: it keeps its edge, and a value that may match it may also go on to later cases.

The same literals, sent on a local channel, tell when a receiver that tests the value
leaves its loop (:func:`quit_send`, a *quit message*): the strand counting then does not
take every receive for the last one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import consts, facts
from gostuck.analysis.flow.deadchan import DeadChannels, expr_type
from gostuck.analysis.flow.index import PackageIndex, cached_tree, package_name
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

_NIL: Final = "nil"
# Predeclared interface types: a case naming one may match any value.
_INTERFACES: Final = frozenset({"error", "any", "comparable"})


class SentTypes:
    """Answers "what dynamic types can a value received from this field have?"."""

    def __init__(self, dead: DeadChannels) -> None:
        """Look at the package of ``dead``'s index, through its field uses."""
        self.dead = dead
        self.index = dead.index
        self._fields: dict[tuple[str, str], frozenset[str] | None] = {}

    def of_field(self, field: str, typ: str) -> frozenset[str] | None:
        """Return the types sent on ``typ.field`` (``*T``, ``T``, ``nil``), if all are known."""
        key = (field, typ)
        if key not in self._fields:
            self._fields[key] = self._of_field(field, typ)
        return self._fields[key]

    def _of_field(self, field: str, typ: str) -> frozenset[str] | None:
        ws = self.dead.writers(field, typ)
        if ws is None:
            return None
        out: set[str] = set()
        for w in ws:
            p = w.parent
            if p is not None and p.type == "send_statement":
                v = p.child_by_field_name("value")
                t = _literal_type(v) if v is not None else None
                if t is None:
                    return None
                out.add(t)
            else:
                out.add(_NIL)  # closed: receives give the zero value from then on
        return frozenset(out)

    def of_receive(self, recv: Node) -> frozenset[str] | None:
        """For ``<-x.f`` with ``x`` of a package struct type: the types sent on ``f``."""
        received = parse.received_field(recv)
        if received is None:
            return None
        _sel, base, fld = received
        typ = expr_type(base, self.index)
        if typ is None or self.index.struct_fields(typ) is None:
            return None
        return self.of_field(parse.text(fld), typ)

    # ------------------------------------------------------------------ type switches

    def prune(self, g: CFG) -> CFG:
        """Return ``g`` without the type switch cases no received value can take."""
        text = g.func.text or b""
        if b".(type)" not in text or b"<-" not in text:
            return g
        drop: dict[int, set[int]] = {}
        for blk in g.blocks:
            node = blk.node
            if blk.kind is not Kind.COND or node is None or node.type != "type_switch_statement":
                continue
            value = node.child_by_field_name("value")
            types = self._switched_types(g, blk.id, value) if value is not None else None
            if types is None:
                continue
            cut = self._impossible(g, blk.id, node, types)
            if cut:
                drop[blk.id] = cut
        return g.without_edges(drop)

    def _switched_types(self, g: CFG, head: int, value: Node) -> frozenset[str] | None:
        """Return the types ``value`` (``<-x.f``, or a local set only from one) can have."""
        while value.type == "parenthesized_expression" and value.named_children:
            value = value.named_children[0]
        if value.type == "unary_expression":
            op = value.child(0)
            return self.of_receive(value) if op is not None and op.type == "<-" else None
        if value.type != "identifier":
            return None
        return self._local_types(g, head, parse.text(value))

    def _local_types(self, g: CFG, head: int, name: str) -> frozenset[str] | None:
        """For a local ``name`` of ``g``'s function whose every write receives from a field.

        ``var name T`` (nil) counts only when it can reach the switch without passing
        another write; a write in a nested literal, ``&name`` or any other write: unknown.
        """
        body = g.func.child_by_field_name("body")
        if body is None:
            return None
        raw = name.encode()
        decl: Node | None = None
        defs: list[Node] = []  # the statements writing ``name`` (their blocks)
        types: set[str] = set()
        for n in parse.iter_descendants(body):
            if n.type != "identifier" or n.text != raw or n.parent is None:
                continue
            p = n.parent
            if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
                return None  # a parameter of that name: another variable somewhere
            if p.type == "var_spec":
                if decl is not None or p.child_by_field_name("value") is not None:
                    return None
                if facts.innermost_function(n, g.func).id != g.func.id:
                    return None
                decl = p
                continue
            if p.type == "unary_expression":
                op = p.child(0)
                if op is not None and op.type == "&":
                    return None
                continue
            if p.type != "expression_list":
                continue
            stmt = p.parent
            if stmt is None or stmt.child_by_field_name("left") != p:
                continue  # a read
            if facts.innermost_function(n, g.func).id != g.func.id:
                return None
            declares = stmt.type == "short_var_declaration" or (
                stmt.type == "receive_statement" and any(c.type == ":=" for c in stmt.children)
            )
            if declares:
                # ``name := <-c.f``: the declaration, with a value received.
                if decl is not None or len(p.named_children) != 1:
                    return None
                decl = stmt
            elif stmt.type not in ("receive_statement", "assignment_statement"):
                return None  # ``name, err = f()``, a range variable...
            right = stmt.child_by_field_name("right")
            if stmt.type in ("assignment_statement", "short_var_declaration"):
                assign_op = stmt.child_by_field_name("operator")
                if assign_op is not None and assign_op.text != b"=":
                    return None
                vals = right.named_children if right is not None else []
                right = vals[0] if len(vals) == 1 and len(p.named_children) == 1 else None
            if p.named_children[0].id != n.id or right is None:
                return None  # ``_, name = ...`` or several values
            if right.type != "unary_expression" or right.child(0) is None:
                return None
            op_node = right.child(0)
            got = self.of_receive(right) if op_node is not None and op_node.type == "<-" else None
            if got is None:
                return None
            types |= got
            defs.append(stmt)
        if decl is None or not defs:
            return None
        start = g.block_of(decl)
        def_blocks = {b for b in (g.block_of(d) for d in defs) if b is not None}
        if start is None or len(def_blocks) != len(defs):
            return None
        if decl.type != "var_spec":
            return frozenset(types)  # declared with a received value: never nil here
        if start in def_blocks:
            return None
        # Does the declaration's nil reach the switch without another write on the way?
        seen = {start}
        todo = [start]
        while todo:
            b = todo.pop()
            for s in g.succs(b):
                if s == head:
                    types.add(_NIL)
                    todo = []
                    break
                if s not in seen and s not in def_blocks:
                    seen.add(s)
                    todo.append(s)
        return frozenset(types)

    def _impossible(self, g: CFG, head: int, switch: Node, types: frozenset[str]) -> set[int]:
        """Return the successors of the switch's head that no value of ``types`` takes."""
        case_block: dict[int, int] = {}
        for s in g.succs(head):
            n = g.blocks[s].node
            if g.blocks[s].kind is Kind.CASE and n is not None and n.parent == switch:
                case_block[n.id] = s
        cases = [c for c in switch.named_children if c.type in ("type_case", "default_case")]
        if len(case_block) != len(cases):
            return set()
        taken: set[int] = set()
        unmatched = False  # some value may match no case
        for t in sorted(types):
            matched = False
            for c in cases:
                if c.type == "default_case":
                    continue
                for ct in c.children_by_field_name("type"):
                    m = self._matches(t, ct)
                    if m is not False:
                        taken.add(case_block[c.id])
                    if m is True:
                        matched = True
                        break
                if matched:
                    break
            unmatched = unmatched or not matched
        default = next((c for c in cases if c.type == "default_case"), None)
        if unmatched and default is not None:
            taken.add(case_block[default.id])
        out = {s for s in case_block.values() if s not in taken}
        if not unmatched and default is None:
            # No default: the head's other successor is "no case matched".
            out |= {s for s in g.succs(head) if s not in case_block.values()}
        return out

    def _matches(self, t: str, case_type: Node) -> bool | None:
        """Tell whether a value of dynamic type ``t`` matches ``case_type`` (None: it may)."""
        return type_matches(t, case_type, self.index)


def type_matches(t: str, case_type: Node, index: PackageIndex) -> bool | None:
    """Tell whether a value of dynamic type ``t`` matches ``case_type`` (None: it may)."""
    ct = _type_text(case_type)
    if ct == _NIL:
        return t == _NIL
    if t == _NIL:
        return False  # nil matches only ``case nil``
    if case_type.type == "pointer_type":
        return ct == t  # never an interface
    if case_type.type == "type_identifier":
        name = parse.text(case_type)
        if name in _INTERFACES or index.is_interface(name):
            return None
        if name == t:
            return True
        declared = index.struct_fields(name) is not None or name in _CONCRETE
        return False if declared else None
    return None  # another package's type, an interface literal, a generic: maybe


# Predeclared concrete types: a case naming one never matches a package type's value.
_CONCRETE: Final = frozenset(
    {
        "bool",
        "string",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "byte",
        "rune",
        "float32",
        "float64",
        "complex64",
        "complex128",
    }
)


def _type_text(t: Node) -> str:
    return "".join(parse.text(t).split())


def _literal_type(v: Node) -> str | None:
    """``*T`` for ``&T{...}`` and ``new(T)``, ``T`` for ``T{...}``, ``nil``; else None.

    Only package struct types named by an identifier: ``T`` here is what a type switch's
    ``case T`` says.
    """
    while v.type == "parenthesized_expression" and v.named_children:
        v = v.named_children[0]
    if v.type == "nil":
        return _NIL
    ptr = ""
    if v.type == "unary_expression":
        op = v.child(0)
        inner = v.child_by_field_name("operand")
        if op is None or op.type != "&" or inner is None:
            return None
        ptr, v = "*", inner
    if v.type == "call_expression" and not ptr:
        fn = v.child_by_field_name("function")
        args = v.child_by_field_name("arguments")
        named = [a for a in args.named_children if a.type != "comment"] if args else []
        if fn is None or fn.text != b"new" or len(named) != 1:
            return None
        ptr, t = "*", named[0]
    elif v.type == "composite_literal":
        t_node = v.child_by_field_name("type")
        if t_node is None:
            return None
        t = t_node
    else:
        return None
    if t.type != "type_identifier":
        return None
    return ptr + parse.text(t)


_BASIC_LITERALS: Final = {
    "int_literal": "int",
    "float_literal": "float64",
    "imaginary_literal": "complex128",
    "rune_literal": "rune",
    "interpreted_string_literal": "string",
    "raw_string_literal": "string",
    "true": "bool",
    "false": "bool",
}


def _basic_type(v: Node) -> str | None:
    """Return the predeclared type (``int``, ``string``) a sent value certainly has.

    A literal, or a variable whose one declaration in its function (or one around it) says
    it: a parameter or ``var x T``, ``x := <literal>`` (a ``for i := 0`` counter), or the
    index or element of ``range xs`` over a slice declared ``[]T``. A value of such a type
    in an interface never matches a case naming a package struct type.
    """
    v = _unparen(v)
    if v.type in _BASIC_LITERALS:
        return _BASIC_LITERALS[v.type]
    if v.type != "identifier":
        return None
    name = v.text
    func: Node | None = parse.enclosing_function(v)
    while func is not None:
        found: list[str | None] = []
        params = func.child_by_field_name("parameters")
        for pd in params.named_children if params is not None else []:
            if any(n.text == name for n in pd.children_by_field_name("name")):
                found.append(_basic_name(pd.child_by_field_name("type")))
        body = func.child_by_field_name("body")
        for other in facts.idents_named(body, parse.text(v)) if body is not None else []:
            if facts.innermost_function(other, func).id != func.id or other.parent is None:
                continue
            p = other.parent
            if p.type == "var_spec":
                found.append(_basic_name(p.child_by_field_name("type")))
            elif p.type == "expression_list" and p.parent is not None:
                found.extend(_declared_by(p, other))
        if found:
            t = found[0] if len(found) == 1 else None
            return t if t in _CONCRETE else None
        if func.type != "func_literal":
            return None
        func = parse.enclosing_function(func)
    return None


def _basic_name(t: Node | None) -> str | None:
    return parse.text(t) if t is not None and t.type == "type_identifier" else None


def _declared_by(left: Node, ident: Node) -> list[str | None]:
    """Return the type ``ident`` gets where ``left`` declares it ([]: only assigned)."""
    decl = left.parent
    if decl is None or decl.child_by_field_name("left") != left:
        return []
    lefts = [c.id for c in left.named_children]
    at = lefts.index(ident.id)
    right = decl.child_by_field_name("right")
    if decl.type == "short_var_declaration":
        rights = right.named_children if right is not None else []
        if len(rights) != len(lefts):
            return [None]
        r = _unparen(rights[at])
        return [_BASIC_LITERALS.get(r.type)]
    if decl.type == "range_clause":
        if right is None or right.type != "identifier":
            return [None]
        elem = _slice_element(right)
        if elem is None:
            return [None]
        return ["int" if at == 0 else _basic_name(elem)]
    return []  # an assignment: the type stays the declared one


def _slice_element(ident: Node) -> Node | None:
    """Return ``T`` for a variable declared once as ``[]T`` (its function or one around)."""
    func = parse.enclosing_function(ident)
    while func is not None:
        found: list[Node | None] = []
        params = func.child_by_field_name("parameters")
        for pd in params.named_children if params is not None else []:
            if any(n.text == ident.text for n in pd.children_by_field_name("name")):
                found.append(pd.child_by_field_name("type"))
        found.extend(facts.local_declarations(func, parse.text(ident)))
        if found:
            t = found[0] if len(found) == 1 else None
            return (
                t.child_by_field_name("element")
                if t is not None and t.type == "slice_type"
                else None
            )
        if func.type != "func_literal":
            return None
        func = parse.enclosing_function(func)
    return None


# ------------------------------------------------------------------ quit messages
#
# A receiver that leaves its loop on one value (a *quit message*):
#
#     go func() {
#         for msg := range ch {
#             if _, ok := msg.(*stop); ok {
#                 return               // the exit: taken when the value is a *stop
#             }
#             handle(msg)
#         }
#     }()
#     ch <- &job{}
#     ch <- &stop{}                    // the quit message: the last send, on every path
#
# leaves only once the quit message comes, not after any receive: counting receives against
# sends cannot tell where it stops, so the strand reasoning keeps silent on such a channel.

_JUMPS: Final = frozenset(
    {
        "return_statement",
        "break_statement",
        "continue_statement",
        "goto_statement",
        "fallthrough_statement",
    }
)
_BREAKABLE: Final = frozenset(
    {
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
    }
)
_CONST_LITERALS: Final = frozenset(
    {
        "int_literal",
        "float_literal",
        "imaginary_literal",
        "rune_literal",
        "interpreted_string_literal",
        "raw_string_literal",
        "true",
        "false",
    }
)


def quit_send(an: facts.Analyzer, parent: Node, uses: Sequence[facts.Use]) -> QuitMessage | None:
    """Return the send of the quit message of a channel ``parent`` owns, if it has one.

    ``uses`` are every use of the channel in ``parent`` (its literals included). It has one
    when:

    - the one receive is in a loop (a ``for``, or the ``range`` over the channel) not nested
      in another, of a function that runs once per run of ``parent`` (``parent`` or a
      goroutine literal it starts outside any loop), and the received value is tested,
      before anything else can jump, by a type switch, a ``v, ok := x.(T)`` ``if``,
      ``x == C``/``x != C`` or an expression switch, whose branch ends by leaving the loop
      (``return``, or a ``break`` whose target is the loop) with nothing before that can
      jump elsewhere;
    - every send is a plain send in one other function that runs once; exactly one of them
      sends a value that certainly takes such an exit (``&T{}``, ``T{}``, ``new(T)``,
      ``nil``, or a constant), outside any loop, not deferred, on every path of its
      function, and no send can come after it.

    The channel being handed to anything (a call, an escape) means no quit message.
    """
    recvs = [u for u in uses if u.op in (facts.Op.RECV, facts.Op.RANGE)]
    sends = [u for u in uses if u.op is facts.Op.SEND]
    if len(recvs) != 1 or not sends:
        return None  # a second receive could take the quit message and not test it
    if any(u.op in (facts.Op.CALL, facts.Op.ESCAPE) for u in uses):
        return None
    if any(u.in_select for u in sends):
        return None
    recv = recvs[0]
    loop = recv.node if recv.op is facts.Op.RANGE else _enclosing_loop(recv.node)
    if loop is None:
        return None
    recv_func = facts.innermost_function(loop, parent)
    if facts.in_loop(loop, recv_func):
        return None  # leaving an inner loop may lead round to the same receive again
    send_funcs = {facts.innermost_function(u.ident, parent).id for u in sends}
    send_func = facts.innermost_function(sends[0].ident, parent)
    if len(send_funcs) != 1 or send_func.id == recv_func.id:
        return None
    if not _runs_once(recv_func, parent) or not _runs_once(send_func, parent):
        return None
    tests = _exit_tests(recv, loop)
    if not tests:
        return None
    index = an.index
    matcher = _Matcher(index, parent)
    quits: list[tuple[facts.Use, list[Node]]] = []
    for u in sends:
        branches = [b for b in (matcher.takes(u.node, t) for t in tests) if b is not None]
        if branches:
            quits.append((u, branches))
    if len(quits) != 1:
        return None
    q = quits[0][0].node
    g = an.graphs.get(send_func)
    b = g.block_of(q) if g is not None else None
    if g is None or b is None or facts.in_loop(q, send_func):
        return None
    if any(a.type == "defer_statement" for a in _ancestors_within(q, send_func)):
        return None
    if not facts.on_every_path(g, b):
        return None
    later: set[int] = set()
    for s in g.blocks[b].succs:
        later |= g.reachable(s)
    for u in sends:
        sb = g.block_of(u.node)
        if sb is None or sb in later or (sb == b and u.node.start_byte > q.start_byte):
            return None
    exclusive = all(matcher.stays(u.node, t) for u in sends if u.node.id != q.id for t in tests)
    return QuitMessage(q, recv_func, tuple(quits[0][1]), exclusive)


@dataclass(frozen=True, slots=True)
class QuitMessage:
    """The one send of a value that makes a channel's receiver leave its loop."""

    send: Node
    receiver: Node  # the function whose loop receives
    branches: tuple[Node, ...]  # the branches the value takes, each leaving the loop
    # Every other value sent certainly takes none of the branches leaving the loop: the
    # receiver leaves by them only on the quit message.
    exclusive: bool

    @property
    def by_return(self) -> bool:
        """Tell whether every branch the quit message takes ends in a ``return``."""
        return all(_statements(b)[-1].type == "return_statement" for b in self.branches)

    def guards(self, node: Node) -> bool:
        """Tell whether ``node`` lies in one of the branches the quit message takes."""
        return any(b.start_byte <= node.start_byte < b.end_byte for b in self.branches)


@dataclass(frozen=True, slots=True)
class _Test:
    """A test on a received value whose branch leaves the receiving loop."""

    kind: str  # "switch" (a type switch), "assert" (``_, ok := v.(T)``), "const"
    node: Node  # the type switch; the asserted type; the constant compared with
    loop: Node
    branch: Node | None = None  # the branch that leaves (assert, const)


def _ancestors_within(node: Node, func: Node) -> Iterator[Node]:
    for a in parse.ancestors(node):
        if a.id == func.id:
            return
        yield a


def _enclosing_loop(node: Node) -> Node | None:
    """Return the innermost ``for`` around ``node`` in its own function, if any."""
    for a in parse.ancestors(node):
        if a.type in parse.FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


def _runs_once(func: Node, parent: Node) -> bool:
    """Tell whether ``func`` is ``parent`` or a goroutine literal it starts outside loops."""
    if func.id == parent.id:
        return True
    call = func.parent
    stmt = call.parent if call is not None else None
    if func.type != "func_literal" or call is None or call.type != "call_expression":
        return False
    if stmt is None or stmt.type != "go_statement":
        return False
    return facts.innermost_function(stmt, parent).id == parent.id and not facts.in_loop(
        stmt, parent
    )


def _unparen(n: Node) -> Node:
    while n.type == "parenthesized_expression" and n.named_children:
        n = n.named_children[0]
    return n


def _statements(n: Node | None) -> list[Node]:
    """Return the statements of a block or a case clause."""
    if n is None:
        return []
    if n.type == "statement_list":
        return [c for c in n.named_children if c.type != "comment"]
    for c in n.named_children:
        if c.type == "statement_list":
            return _statements(c)
    return []


def _has_jump(n: Node) -> bool:
    """Tell whether ``n`` holds a statement that jumps (outside nested literals)."""
    if n.type in _JUMPS:
        return True
    return any(
        d.type in _JUMPS and not any(a.type == "func_literal" for a in _ancestors_within(d, n))
        for d in parse.iter_descendants(n)
    )


def _mentions(n: Node, name: str) -> bool:
    raw = name.encode()
    return any(d.type == "identifier" and d.text == raw for d in parse.iter_descendants(n)) or (
        n.type == "identifier" and n.text == raw
    )


def _exit_tests(u: facts.Use, loop: Node) -> list[_Test]:
    """Return the tests of the value ``u`` receives that leave ``loop`` (see quit_send)."""
    name: str | None = None
    direct: Node | None = None  # the receive itself, when it is what is tested
    follow: list[Node] = []  # the statements after the receive, in order
    if u.op is facts.Op.RANGE:
        clause = next((c for c in u.node.named_children if c.type == "range_clause"), None)
        left = clause.child_by_field_name("left") if clause is not None else None
        first = left.named_children[0] if left is not None and left.named_children else None
        if first is None or first.type != "identifier" or first.text == b"_":
            return []
        name = parse.text(first)
        follow = _statements(u.node.child_by_field_name("body"))
    else:
        recv = u.node
        while recv.parent is not None and recv.parent.type == "parenthesized_expression":
            recv = recv.parent
        p = recv.parent
        if p is None:
            return []
        if p.type == "type_assertion_expression" or p.type == "type_switch_statement":
            sw = p if p.type == "type_switch_statement" else p.parent
            if sw is None or sw.type != "type_switch_statement":
                return []
            direct, follow = u.node, [sw]
        else:
            stmt = p.parent if p.type == "expression_list" else p
            if stmt is None or stmt.type not in (
                "short_var_declaration",
                "assignment_statement",
                "receive_statement",
            ):
                return []
            left = stmt.child_by_field_name("left")
            right = stmt.child_by_field_name("right")
            if left is None or right is None or recv.id not in (right.id, *_ids(right)):
                return []
            oper = stmt.child_by_field_name("operator")
            if oper is not None and oper.type not in ("=", ":="):
                return []
            first = left.named_children[0] if left.named_children else None
            if first is None or first.type != "identifier" or first.text == b"_":
                return []
            name = parse.text(first)
            holder = stmt.parent
            if holder is None:
                return []
            sibs = [c for c in holder.named_children if c.type != "comment"]
            if holder.type == "communication_case":
                follow = _statements(holder)
            elif holder.type == "statement_list":
                follow = sibs[[c.id for c in sibs].index(stmt.id) + 1 :]
            else:
                return []
    out: list[_Test] = []
    for st in follow:
        got = _test(st, name, direct, loop)
        if got is not None:
            out.extend(got)
            break
        if _has_jump(st) or (name is not None and _mentions(st, name)):
            break  # something else may jump, or the value may change, before a test
    return out


def _ids(n: Node) -> list[int]:
    return [c.id for c in n.named_children]


def _is_value(e: Node | None, name: str | None, direct: Node | None) -> bool:
    if e is None:
        return False
    e = _unparen(e)
    if direct is not None:
        return e.id == direct.id
    return e.type == "identifier" and name is not None and parse.text(e) == name


def _test(st: Node, name: str | None, direct: Node | None, loop: Node) -> list[_Test] | None:
    """Return the loop-leaving tests ``st`` makes of the received value (None: no test)."""
    if st.type == "type_switch_statement":
        if not _is_value(st.child_by_field_name("value"), name, direct):
            return None
        return [_Test("switch", st, loop)]
    if direct is not None:
        return None
    if st.type == "if_statement":
        cond = st.child_by_field_name("condition")
        init = st.child_by_field_name("initializer")
        cons = st.child_by_field_name("consequence")
        alt = st.child_by_field_name("alternative")
        if cond is None:
            return None
        cond = _unparen(cond)
        if cond.type == "identifier" and init is not None:
            asserted = _ok_assertion(init, parse.text(cond), name, direct)
            if asserted is None:
                return None
            return [_Test("assert", asserted, loop, cons)] if _leaves(cons, loop) else []
        if init is not None or cond.type != "binary_expression":
            return None
        oper = cond.child_by_field_name("operator")
        lhs, rhs = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if oper is None or lhs is None or rhs is None or oper.type not in ("==", "!="):
            return None
        other = (
            rhs if _is_value(lhs, name, direct) else lhs if _is_value(rhs, name, direct) else None
        )
        if other is None:
            return None
        branch = cons if oper.type == "==" else alt
        if branch is None or not _leaves(branch, loop):
            return []
        return [_Test("const", _unparen(other), loop, branch)]
    if st.type == "expression_switch_statement":
        if st.child_by_field_name("initializer") is not None:
            return None
        if not _is_value(st.child_by_field_name("value"), name, direct):
            return None
        out: list[_Test] = []
        for case in st.named_children:
            if case.type != "expression_case" or not _leaves(case, loop):
                continue
            values = case.child_by_field_name("value")
            for v in values.named_children if values is not None else []:
                out.append(_Test("const", _unparen(v), loop, case))
        return out
    return None


def _ok_assertion(init: Node, ok: str, name: str | None, direct: Node | None) -> Node | None:
    """For ``_, ok := v.(T)`` (the initializer) testing ``ok``: the type ``T``."""
    if init.type != "short_var_declaration":
        return None
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 2:
        return None
    if parse.text(left.named_children[1]) != ok or len(right.named_children) != 1:
        return None
    first = left.named_children[0]
    if first.type != "identifier" or (name is not None and parse.text(first) == name):
        return None
    ta = _unparen(right.named_children[0])
    if ta.type != "type_assertion_expression":
        return None
    if not _is_value(ta.child_by_field_name("operand"), name, direct):
        return None
    return ta.child_by_field_name("type")


def _leaves(branch: Node | None, loop: Node) -> bool:
    """Tell whether ``branch`` (a block or case clause) ends by leaving ``loop``.

    Its last statement is a ``return``, or a ``break`` whose target is ``loop``; nothing
    before it jumps.
    """
    stmts = _statements(branch)
    if not stmts or any(_has_jump(s) for s in stmts[:-1]):
        return False
    last = stmts[-1]
    if last.type == "return_statement":
        return True
    if last.type != "break_statement":
        return False
    label = next((c for c in last.named_children if c.type == "label_name"), None)
    if label is not None:
        owner = loop.parent
        if owner is None or owner.type != "labeled_statement":
            return False
        mine = next((c for c in owner.named_children if c.type == "label_name"), None)
        return mine is not None and mine.text == label.text
    for a in parse.ancestors(last):
        if a.type in _BREAKABLE:
            return a.id == loop.id
        if a.type in parse.FUNCTION_TYPES:
            return False
    return False


def _excluded(send: Node, var: Node, c: Node) -> bool:
    """Tell whether the send of ``var`` runs only where ``var != c`` was just tested.

    ``if w != "" { ch <- w }`` (or the else branch of ``if w == ""``), in the same function,
    with no statement of the branch before the send naming ``var`` (it could change it).
    """
    name, want = var.text, _type_text(c)
    for a in parse.ancestors(send):
        if a.type in parse.FUNCTION_TYPES:
            return False
        if a.type != "block" or a.parent is None or a.parent.type != "if_statement":
            continue
        cond = a.parent.child_by_field_name("condition")
        cond = _unparen(cond) if cond is not None else None
        if cond is None or cond.type != "binary_expression":
            continue
        if a.parent.child_by_field_name("initializer") is not None:
            continue
        oper = cond.child_by_field_name("operator")
        lhs, rhs = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if oper is None or lhs is None or rhs is None:
            continue
        lhs, rhs = _unparen(lhs), _unparen(rhs)
        pair = {(lhs.text, _type_text(rhs)), (rhs.text, _type_text(lhs))}
        if (name, want) not in pair:
            continue
        cons = a.parent.child_by_field_name("consequence")
        taken = oper.type == "!=" if cons is not None and cons.id == a.id else oper.type == "=="
        if not taken:
            return False
        stmts = _statements(a)
        for st in stmts:
            if st.start_byte <= send.start_byte < st.end_byte:
                return st.type == "send_statement" and st.id == send.id
            if _mentions(st, parse.text(var)) or _has_jump(st):
                return False
        return False
    return False


class _Matcher:
    """Tells whether a sent value certainly takes a test's branch."""

    def __init__(self, index: PackageIndex, parent: Node) -> None:
        self.index = index
        self.parent = parent

    def takes(self, send: Node, test: _Test) -> Node | None:
        """Return the branch leaving the loop that the value ``send`` sends certainly takes."""
        value = send.child_by_field_name("value")
        if value is None:
            return None
        value = _unparen(value)
        if test.kind == "const":
            same = _type_text(value) == _type_text(test.node)
            ok = same and self._constant(value) and self._constant(test.node)
            return test.branch if ok else None
        t = _literal_type(value)
        if t is None:
            return None
        if test.kind == "assert":
            return test.branch if type_matches(t, test.node, self.index) is True else None
        known, case = self._case_of(t, test.node)
        return case if known and case is not None and _leaves(case, test.loop) else None

    def stays(self, send: Node, test: _Test) -> bool:
        """Tell whether the value ``send`` sends certainly takes no way out ``test`` guards.

        A value not understood may take one.
        """
        value = send.child_by_field_name("value")
        if value is None:
            return False
        value = _unparen(value)
        if test.kind == "const":
            if value.type == "identifier" and self._constant(test.node):
                return _excluded(send, value, test.node)
            if not self._constant(value) or not self._constant(test.node):
                return False
            if _type_text(value) == _type_text(test.node):
                return False
            a = consts.const_expr(value, None, self.index)
            b = consts.const_expr(test.node, None, self.index)
            if a is not None and b is not None:
                return a != b
            strings = ("interpreted_string_literal", "raw_string_literal")
            plain = b"\\" not in (value.text or b"") + (test.node.text or b"")
            return value.type in strings and test.node.type == value.type and plain
        t = _literal_type(value) or _basic_type(value)
        if t is None:
            return False
        if test.kind == "assert":
            return type_matches(t, test.node, self.index) is False
        known, case = self._case_of(t, test.node)
        return known and (case is None or not _leaves(case, test.loop))

    def _case_of(self, t: str, switch: Node) -> tuple[bool, Node | None]:
        """For a value of type ``t`` in the type switch ``switch``: (known, the case it takes).

        Not known when it may match a case (or a later one); the case is None when it takes
        none (no case matches and there is no default).
        """
        cases = [c for c in switch.named_children if c.type in ("type_case", "default_case")]
        for c in cases:
            if c.type == "default_case":
                continue
            for ct in c.children_by_field_name("type"):
                m = type_matches(t, ct, self.index)
                if m is None:
                    return False, None  # it may match this case, or a later one
                if m:
                    return True, c
        return True, next((c for c in cases if c.type == "default_case"), None)

    def _constant(self, e: Node) -> bool:
        """Tell whether ``e`` is a literal constant, ``nil`` or a package constant unhidden."""
        if e.type in _CONST_LITERALS or e.type == "nil":
            return True
        if e.type == "unary_expression":
            op, operand = e.child(0), e.child_by_field_name("operand")
            return (
                op is not None
                and op.type in ("-", "+")
                and operand is not None
                and operand.type in ("int_literal", "float_literal")
            )
        if e.type != "identifier":
            return False
        name = parse.text(e)
        if name not in package_constants(self.index):
            return False
        raw = e.text
        for d in parse.iter_descendants(self.parent):
            if d.type == "identifier" and d.text == raw and d.parent is not None:
                if d.parent.type in ("var_spec", "const_spec", "parameter_declaration"):
                    return False
                q = d.parent
                if q.type == "expression_list" and q.parent is not None:
                    decl = q.parent
                    if (
                        decl.type
                        in (
                            "short_var_declaration",
                            "range_clause",
                            "receive_statement",
                        )
                        and decl.child_by_field_name("left") == q
                    ):
                        return False
        return True


def package_constants(index: PackageIndex) -> frozenset[str]:
    """Return the names the package declares once, as top-level constants."""
    key = ("constnames",)
    got = index.memo.get(key)
    if isinstance(got, frozenset):
        return got
    counts: dict[str, int] = {}
    others: set[str] = set()
    roots = [index.root]
    for p, src in index.package.items():
        if p != index.path and package_name(src) == package_name(index.source):
            roots.append(cached_tree(src).root_node)
    for root in roots:
        for decl in root.named_children:
            for spec in decl.named_children:
                for n in spec.children_by_field_name("name"):
                    if not n.is_named:
                        continue
                    if decl.type == "const_declaration":
                        counts[parse.text(n)] = counts.get(parse.text(n), 0) + 1
                    else:
                        others.add(parse.text(n))
    out = frozenset(n for n, c in counts.items() if c == 1 and n not in others)
    index.memo[key] = out
    return out
