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
"""

from __future__ import annotations

from typing import Final

from tree_sitter import Node

from gostuck.analysis import facts
from gostuck.analysis.deadchan import DeadChannels, expr_type
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
        operand = recv.child_by_field_name("operand")
        while operand is not None and operand.type == "parenthesized_expression":
            operand = operand.named_children[0] if operand.named_children else None
        if operand is None or operand.type != "selector_expression":
            return None
        base = operand.child_by_field_name("operand")
        fld = operand.child_by_field_name("field")
        typ = expr_type(base, self.index) if base is not None else None
        if fld is None or typ is None or self.index.struct_fields(typ) is None:
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
        ct = _type_text(case_type)
        if ct == _NIL:
            return t == _NIL
        if t == _NIL:
            return False  # nil matches only ``case nil``
        if case_type.type == "pointer_type":
            return ct == t  # never an interface
        if case_type.type == "type_identifier":
            name = parse.text(case_type)
            if name in _INTERFACES or self.index.is_interface(name):
                return None
            if name == t:
                return True
            declared = self.index.struct_fields(name) is not None or name in _CONCRETE
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
