"""Struct fields that only code that never runs writes, or drains.

    func (b *base) closed() { atomic.StoreUint32(&b.state, stateClosed) } // nothing calls closed
    func (q *queue) Drop()  { b.closed(); <-q.items }                      // nor Drop

Code that never runs (``ctxdone.NeverDone.never_runs``: in a ``main`` package, a function
nothing live calls; an exported method only when no value of its type can reach an
interface) changes nothing. So:

- an unexported integer field whose every write (``x.f = v``, ``x.f++``, ``&x.f`` handed to
  anything but ``atomic.Load*``, a method called on it, a ``f: v`` key, a literal of its
  struct listing values by position) lies in such code holds its zero value everywhere;
- an unexported channel field whose every use other than a send, ``len``/``cap``, a
  comparison or ``x.f = make(...)`` lies in such code is never received from, closed or
  handed on: once its buffer is full, every send on it blocks forever.

Uses are found by the field's name, whatever the operand's type: a namesake on another
struct type only makes the answer "no".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tree_sitter import Node

from gostuck.analysis.flow import facts
from gostuck.analysis.flow.facts import Op
from gostuck.syntax import parse

if TYPE_CHECKING:
    from gostuck.analysis.flow.index import PackageIndex
    from gostuck.analysis.partner.ctxdone import NeverDone

_ATOMIC_LOADS = frozenset(
    {"LoadInt32", "LoadInt64", "LoadUint32", "LoadUint64", "LoadUintptr", "LoadPointer"}
)


class DeadFields:
    """Answers, for one package, which fields only dead code writes or drains (cached)."""

    def __init__(self, index: PackageIndex, oracle: Callable[[], NeverDone]) -> None:
        """Look at the package of ``index``; ``oracle()`` tells which code never runs."""
        self.index = index
        self._oracle = oracle
        self._zero: dict[tuple[str, str], bool] = {}
        self._drained: dict[str, bool] = {}

    @property
    def never(self) -> NeverDone:
        """The package's answers about code that never runs (asked for on first use)."""
        return self._oracle()

    def is_always_zero(self, owner: str, name: str) -> bool:
        """Tell whether the integer field ``name`` of struct ``owner`` is always zero."""
        key = (owner, name)
        got = self._zero.get(key)
        if got is None:
            got = self._always_zero(owner, name)
            self._zero[key] = got
        return got

    def is_never_drained(self, name: str) -> bool:
        """Tell whether the channel field ``name`` is never received from, closed or handed on."""
        got = self._drained.get(name)
        if got is None:
            got = self._never_drained(name)
            self._drained[name] = got
        return got

    # ------------------------------------------------------------------ zero fields

    def _always_zero(self, owner: str, name: str) -> bool:
        if name[:1].isupper() or name == "_":
            return False  # reflection and other packages may set it
        fields = self.index.struct_fields(owner)
        ftype = fields.get(name) if fields is not None else None
        if ftype is None or ftype.type != "type_identifier":
            return False
        from gostuck.analysis.flow.consts import is_int_type

        if not is_int_type(parse.text(ftype), self.index):
            return False
        for ref in self.never.field_references(name):
            sel = ref.parent
            if sel is not None and sel.type == "selector_expression" and self._is_read(sel):
                continue
            if not self.never.never_runs(ref):
                return False
        for key in self.never.literal_keys(name):
            if not self.never.never_runs(key):
                return False
        return not any(not self.never.never_runs(lit) for lit in self._positional(owner))

    def _is_read(self, sel: Node) -> bool:
        """``x.f`` used for its value only: not stored, stepped, called on or pointed to.

        ``atomic.LoadUint32(&x.f)`` (through a pointer conversion, too) only reads.
        """
        up = sel
        while up.parent is not None and up.parent.type == "parenthesized_expression":
            up = up.parent
        p = up.parent
        if p is None:
            return False
        if p.type in ("inc_statement", "dec_statement"):
            return False
        if p.type == "expression_list":
            stmt = p.parent
            if stmt is None:
                return False
            if stmt.type in ("assignment_statement", "short_var_declaration", "range_clause"):
                return stmt.child_by_field_name("left") != p
            return True
        if p.type == "selector_expression":
            call = p.parent
            return call is None or call.type != "call_expression"  # x.f.m(): may write
        if p.type == "unary_expression":
            op = p.child(0)
            if op is None or op.type != "&":
                return True
            return self._atomic_load_arg(p)
        return True

    def _atomic_load_arg(self, addr: Node) -> bool:
        """Tell whether ``&x.f`` is the argument of ``atomic.Load*`` (perhaps converted)."""
        arg = addr
        for _ in range(3):
            p = arg.parent
            while p is not None and p.type == "parenthesized_expression":
                arg, p = p, p.parent
            args = p
            call = args.parent if args is not None else None
            if args is None or call is None or args.type != "argument_list":
                return False
            fn = call.child_by_field_name("function")
            if fn is None:
                return False
            if fn.type == "selector_expression":
                pkg = fn.child_by_field_name("operand")
                fld = fn.child_by_field_name("field")
                return (
                    pkg is not None
                    and fld is not None
                    and pkg.text == b"atomic"
                    and "atomic" in self.index.imports()
                    and parse.text(fld) in _ATOMIC_LOADS
                )
            # ``(*uint32)(&x.f)``: a pointer conversion, then look at its use.
            inner = fn.named_children[0] if fn.type == "parenthesized_expression" else None
            star = inner.child(0) if inner is not None else None
            if inner is None or inner.type != "unary_expression" or star is None:
                return False
            if star.type != "*":
                return False
            arg = call
        return False

    def _positional(self, owner: str) -> list[Node]:
        """Literals that may set a field of ``owner`` by position (``T{1}``, ``[]T{{1}}``)."""
        raw = owner.encode()
        out: list[Node] = []
        for root in self.never.roots:
            if next(parse.find_word(raw, root.text or b""), None) is None:
                continue
            for n in parse.iter_descendants(root):
                if n.type != "literal_value":
                    continue
                if not any(el.type == "literal_element" for el in n.named_children):
                    continue
                lit = next((a for a in parse.ancestors(n) if a.type == "composite_literal"), None)
                t = lit.child_by_field_name("type") if lit is not None else None
                text = t.text if t is not None else b""
                if lit is None or next(parse.find_word(raw, text or b""), None) is not None:
                    out.append(n)
        return out

    # ------------------------------------------------------------------ undrained channels

    def _never_drained(self, name: str) -> bool:
        if name[:1].isupper() or name == "_":
            return False
        for ref in self.never.field_references(name):
            sel = ref.parent
            if sel is not None and sel.type == "selector_expression" and self._only_fills(sel):
                continue
            if not self.never.never_runs(ref):
                return False
        return True

    @staticmethod
    def _only_fills(sel: Node) -> bool:
        """``x.f <- v``, ``len(x.f)``, ``x.f == nil``, ``x.f = make(...)``: nothing drains."""
        use = facts.classify(sel)
        if use.op in (Op.SEND, Op.NONE):
            return True
        if use.op is not Op.DEF or use.node.type != "assignment_statement":
            return False
        pair = parse.single_pair(use.node)
        op = use.node.child_by_field_name("operator")
        if pair is None or (op is not None and op.type != "="):
            return False
        return is_make_chan(pair[1])


def is_make_chan(expr: Node) -> bool:
    """Tell whether ``expr`` is ``make(chan T[, n])``."""
    if expr.type != "call_expression":
        return False
    fn = expr.child_by_field_name("function")
    args = expr.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    return (
        fn is not None and fn.text == b"make" and first is not None and first.type == "channel_type"
    )
