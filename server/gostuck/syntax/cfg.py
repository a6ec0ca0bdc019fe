"""A control-flow graph per function or func literal, built from tree-sitter nodes.

One CFG node per simple statement, per condition, per loop header and per select or switch
case: small enough to read, fine for the few functions that contain a ``go`` statement
(the only ones gostuck builds graphs for). Nested func literals are not entered: each
literal gets its own graph.

The graph knows what Go control flow means: a ``select`` with no ``default`` can only
continue through one of its cases, ``select {}`` never continues, ``panic``, ``os.Exit``,
``log.Fatal*``, ``runtime.Goexit`` and ``t.Fatal*``/``t.FailNow`` end the path (an *abort*,
not a return), ``break``/``continue``/``goto`` reach their (labelled) targets and
``fallthrough`` reaches the next case. A function whose body contains a syntax error, or
nests deeper than :data:`MAX_DEPTH`, gets no graph (:class:`Unsupported`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass, field, replace
from typing import Final

from tree_sitter import Node

from gostuck.syntax import parse

MAX_DEPTH: Final = 120


class Unsupported(Exception):
    """The function cannot be given a trustworthy graph (syntax error, too deep, bad goto)."""


class Kind(enum.Enum):
    """Return what a CFG node stands for."""

    ENTRY = "entry"
    EXIT = "exit"  # the one normal exit; reached from `return` and from the end of the body
    STMT = "stmt"  # a simple statement
    COND = "cond"  # an `if` condition or a switch tag / initializer
    LOOP = "loop"  # a `for` header: condition, range, or nothing (`for {}`)
    CASE = "case"  # one select or switch case (the communication, or the case values)
    SELECT = "select"  # the select statement itself (branches to its cases)
    RETURN = "return"
    GO = "go"
    DEFER = "defer"
    ABORT = "abort"  # panic, os.Exit, log.Fatal, t.Fatal, runtime.Goexit: no normal exit
    BLOCK = "block"  # blocks forever (`select {}`)


@dataclass(slots=True)
class Block:
    """One CFG node."""

    id: int
    kind: Kind
    node: Node | None
    succs: list[int] = field(default_factory=list)
    # For LOOP: the successor taken when the loop ends normally (None for `for {}`).
    loop_exit: int | None = None
    # For LOOP: the first node of the body.
    loop_body: int | None = None
    # For the COND of an `if`: the first node of the consequence and of the alternative
    # (None when that branch is empty or absent), so constant conditions can prune one.
    then_first: int | None = None
    else_first: int | None = None


@dataclass(slots=True)
class CFG:
    """Return the graph of one function or func literal."""

    func: Node
    blocks: list[Block]
    entry: int
    exit: int
    # tree-sitter node id -> CFG node id, for the node each block stands for.
    by_node: dict[int, int]

    def succs(self, b: int) -> list[int]:
        """Return the successors of block ``b``."""
        return self.blocks[b].succs

    def without_edges(self, drop: Mapping[int, Set[int]]) -> CFG:
        """Return a copy without the edges ``b -> s`` for each ``s`` in ``drop[b]``."""
        if not any(drop.values()):
            return self
        blocks = [
            replace(b, succs=[s for s in b.succs if s not in cut]) if (cut := drop.get(b.id)) else b
            for b in self.blocks
        ]
        return CFG(self.func, blocks, self.entry, self.exit, self.by_node)

    def without_edges_into(self, targets: Set[int]) -> CFG:
        """Return a copy in which no edge leads into a block of ``targets``."""
        return self.without_edges({b.id: targets for b in self.blocks})

    def reachable(self, start: int | None = None) -> set[int]:
        """Return the blocks reachable from ``start`` (default: the entry)."""
        seen = {self.entry if start is None else start}
        todo = list(seen)
        while todo:
            b = todo.pop()
            for s in self.blocks[b].succs:
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return seen

    def block_of(self, node: Node) -> int | None:
        """Return the CFG node that evaluates ``node`` (the innermost block containing it)."""
        # Descend from the function rather than climb from the node: climbing costs the
        # square of the depth, and an expression can be thousands of levels deep.
        path = parse.path_down(self.func, node)
        if path is not None:
            for a in reversed(path[1:]):
                b = self.by_node.get(a.id)
                if b is not None:
                    return b
            return None
        n: Node | None = node
        while n is not None and n.id != self.func.id:
            b = self.by_node.get(n.id)
            if b is not None:
                return b
            n = n.parent
        return None

    def loop_blocks(self) -> Iterator[Block]:
        """Return every loop header."""
        return (b for b in self.blocks if b.kind is Kind.LOOP)


ABORT_FUNCS: Final = frozenset({"panic"})
ABORT_SELECTORS: Final = frozenset(
    {
        ("os", "Exit"),
        ("log", "Fatal"),
        ("log", "Fatalf"),
        ("log", "Fatalln"),
        ("log", "Panic"),
        ("log", "Panicf"),
        ("log", "Panicln"),
        ("runtime", "Goexit"),
        ("syscall", "Exit"),
    }
)
# Methods that end the test or the program whatever the receiver is called (t, b, tb, f, ...).
ABORT_METHODS: Final = frozenset({"Fatal", "Fatalf", "FailNow", "SkipNow", "Skip", "Skipf"})


def is_abort_call(call: Node) -> bool:
    """Tell whether ``call`` never returns normally (panic, os.Exit, log.Fatal, t.Fatal)."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier":
        return fn.text == b"panic"
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None:
            return False
        name = (fld.text or b"").decode()
        if operand.type == "identifier":
            pkg = (operand.text or b"").decode()
            if (pkg, name) in ABORT_SELECTORS:
                return True
            if pkg == "log":
                return False
        return name in ABORT_METHODS
    return False


def statements(node: Node | None) -> list[Node]:
    """Return the statements of a block, statement list or case body (no comments)."""
    if node is None:
        return []
    if node.type == "block":
        out: list[Node] = []
        for c in node.named_children:
            if c.type == "statement_list":
                out.extend(x for x in c.named_children if x.type != "comment")
            elif c.type != "comment":
                out.append(c)
        return out
    if node.type == "statement_list":
        return [x for x in node.named_children if x.type != "comment"]
    return [node]


CASE_TYPES: Final = frozenset(
    {"expression_case", "type_case", "default_case", "communication_case"}
)


def case_body(case: Node) -> list[Node]:
    """Return the statements of a switch or select case."""
    out: list[Node] = []
    for c in case.named_children:
        if c.type == "statement_list":
            out.extend(x for x in c.named_children if x.type != "comment")
    return out


@dataclass(slots=True)
class _Target:
    label: str | None
    brk: list[int]  # blocks whose successor is "after this statement"
    cont: int | None  # loop header (None for switch/select)


class _Builder:
    def __init__(self, func: Node) -> None:
        self.func = func
        self.blocks: list[Block] = []
        self.by_node: dict[int, int] = {}
        self.targets: list[_Target] = []
        self.labels: dict[str, int] = {}  # label -> first block of the labelled statement
        self.gotos: list[tuple[int, str]] = []
        self.pending_label: str | None = None
        self.depth = 0
        self.entry = self.new(Kind.ENTRY, None)
        self.exit = self.new(Kind.EXIT, None)

    def new(self, kind: Kind, node: Node | None, preds: Iterable[int] = ()) -> int:
        b = Block(len(self.blocks), kind, node)
        self.blocks.append(b)
        if node is not None:
            self.by_node.setdefault(node.id, b.id)
        for p in preds:
            self.blocks[p].succs.append(b.id)
        return b.id

    def link(self, preds: Iterable[int], to: int) -> None:
        for p in preds:
            if to not in self.blocks[p].succs:
                self.blocks[p].succs.append(to)

    def seq(self, stmts: list[Node], preds: list[int]) -> list[int]:
        for s in stmts:
            preds = self.stmt(s, preds)
        return preds

    def stmt(self, s: Node, preds: list[int]) -> list[int]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsupported("nesting too deep")
        try:
            return self._stmt(s, preds)
        finally:
            self.depth -= 1

    def _label_here(self) -> str | None:
        label, self.pending_label = self.pending_label, None
        return label

    def _stmt(self, s: Node, preds: list[int]) -> list[int]:
        t = s.type
        if t in ("ERROR",) or s.is_missing:
            raise Unsupported("syntax error")
        if t == "block":
            self._label_here()
            return self.seq(statements(s), preds)
        if t == "labeled_statement":
            lab = s.child_by_field_name("label")
            name = (lab.text or b"").decode() if lab is not None else ""
            inner = [c for c in s.named_children if c.type not in ("label_name", "comment")]
            # A label marks the next block created; an empty statement keeps a place for it.
            anchor = self.new(Kind.STMT, s, preds)
            self.labels[name] = anchor
            if not inner:
                return [anchor]
            self.pending_label = name
            out = self.stmt(inner[0], [anchor])
            self.pending_label = None
            return out
        if t == "return_statement":
            b = self.new(Kind.RETURN, s, preds)
            self.link([b], self.exit)
            return []
        if t == "expression_statement":
            e = s.named_children[0] if s.named_children else None
            if e is not None and e.type == "call_expression" and is_abort_call(e):
                self.new(Kind.ABORT, s, preds)
                return []
            return [self.new(Kind.STMT, s, preds)]
        if t == "go_statement":
            return [self.new(Kind.GO, s, preds)]
        if t == "defer_statement":
            return [self.new(Kind.DEFER, s, preds)]
        if t == "if_statement":
            return self._if(s, preds)
        if t == "for_statement":
            return self._for(s, preds)
        if t in ("expression_switch_statement", "type_switch_statement"):
            return self._switch(s, preds)
        if t == "select_statement":
            return self._select(s, preds)
        if t == "break_statement":
            b = self.new(Kind.STMT, s, preds)
            tgt = self._target(s, want_loop=False)
            tgt.brk.append(b)
            return []
        if t == "continue_statement":
            b = self.new(Kind.STMT, s, preds)
            tgt = self._target(s, want_loop=True)
            if tgt.cont is None:
                raise Unsupported("continue outside a loop")
            self.link([b], tgt.cont)
            return []
        if t == "goto_statement":
            b = self.new(Kind.STMT, s, preds)
            lab = s.named_children[0] if s.named_children else None
            self.gotos.append((b, (lab.text or b"").decode() if lab is not None else ""))
            return []
        if t == "fallthrough_statement":
            # Handled by _switch: the case body's exits flow into the next body.
            return [self.new(Kind.STMT, s, preds)]
        return [self.new(Kind.STMT, s, preds)]

    def _target(self, s: Node, *, want_loop: bool) -> _Target:
        lab = next((c for c in s.named_children if c.type == "label_name"), None)
        name = (lab.text or b"").decode() if lab is not None else None
        for tgt in reversed(self.targets):
            if name is not None:
                if tgt.label == name:
                    return tgt
            elif not want_loop or tgt.cont is not None:
                return tgt
        raise Unsupported("break or continue without a target")

    def _if(self, s: Node, preds: list[int]) -> list[int]:
        self._label_here()
        init = s.child_by_field_name("initializer")
        if init is not None:
            preds = [self.new(Kind.STMT, init, preds)]
        cond_node = s.child_by_field_name("condition")
        cond = self.new(Kind.COND, cond_node if cond_node is not None else s, preds)
        start = len(self.blocks)
        then = self.seq(statements(s.child_by_field_name("consequence")), [cond])
        blk = self.blocks[cond]
        if len(self.blocks) > start and start in blk.succs:
            blk.then_first = start
        alt = s.child_by_field_name("alternative")
        if alt is None:
            return [*then, cond]
        start = len(self.blocks)
        ends = self.stmt(alt, [cond])
        if len(self.blocks) > start and start in blk.succs:
            blk.else_first = start
        return [*then, *ends]

    def _for(self, s: Node, preds: list[int]) -> list[int]:
        label = self._label_here()
        clause = next(
            (c for c in s.named_children if c.type in ("for_clause", "range_clause")), None
        )
        body = s.child_by_field_name("body")
        cond_expr = None
        if clause is None:
            cond_expr = next(
                (c for c in s.named_children if c.id != (body.id if body else -1)), None
            )
            if cond_expr is not None and cond_expr.type == "comment":
                cond_expr = None
        header_node: Node = s
        update: Node | None = None
        if clause is not None and clause.type == "for_clause":
            init = clause.child_by_field_name("initializer")
            if init is not None:
                preds = [self.new(Kind.STMT, init, preds)]
            update = clause.child_by_field_name("update")
            cond_expr = clause.child_by_field_name("condition")
        infinite = clause is None and cond_expr is None
        if clause is not None and clause.type == "for_clause" and cond_expr is None:
            infinite = True
        header = self.new(Kind.LOOP, header_node, preds)
        if clause is not None:
            self.by_node[clause.id] = header
        if cond_expr is not None:
            self.by_node[cond_expr.id] = header
        cont_to = header
        if update is not None:
            upd = self.new(Kind.STMT, update)
            self.link([upd], header)
            cont_to = upd
        tgt = _Target(label, [], cont_to)
        self.targets.append(tgt)
        body_start = len(self.blocks)
        ends = self.seq(statements(body), [header])
        self.targets.pop()
        self.link(ends, cont_to)
        blk = self.blocks[header]
        blk.loop_body = body_start if body_start < len(self.blocks) else cont_to
        if not blk.succs or blk.succs[0] != blk.loop_body:
            # Empty body: the header loops to itself (or to the update).
            if cont_to not in blk.succs:
                blk.succs.append(cont_to)
            blk.loop_body = cont_to
        out = list(tgt.brk)
        if not infinite:
            after = self.new(Kind.STMT, None)
            self.link([header], after)
            blk.loop_exit = after
            self.link(tgt.brk, after)
            return [after]
        return out

    def _switch(self, s: Node, preds: list[int]) -> list[int]:
        label = self._label_here()
        init = s.child_by_field_name("initializer")
        if init is not None:
            preds = [self.new(Kind.STMT, init, preds)]
        head = self.new(Kind.COND, s, preds)
        for fld in ("value",):
            v = s.child_by_field_name(fld)
            if v is not None:
                self.by_node[v.id] = head
        tgt = _Target(label, [], None)
        self.targets.append(tgt)
        cases = [c for c in s.named_children if c.type in CASE_TYPES]
        has_default = any(c.type == "default_case" for c in cases)
        out: list[int] = []
        carried: list[int] = []  # exits of a body ending in fallthrough
        for c in cases:
            cb = self.new(Kind.CASE, c, [head])
            body = case_body(c)
            ends = self.seq(body, [cb, *carried])
            carried = []
            if body and body[-1].type == "fallthrough_statement":
                carried = ends
            else:
                out.extend(ends)
        self.targets.pop()
        out.extend(carried)
        out.extend(tgt.brk)
        if not has_default:
            out.append(head)
        return out

    def _select(self, s: Node, preds: list[int]) -> list[int]:
        label = self._label_here()
        cases = [c for c in s.named_children if c.type in CASE_TYPES]
        if not cases:
            self.new(Kind.BLOCK, s, preds)
            return []
        head = self.new(Kind.SELECT, s, preds)
        tgt = _Target(label, [], None)
        self.targets.append(tgt)
        out: list[int] = []
        for c in cases:
            cb = self.new(Kind.CASE, c, [head])
            out.extend(self.seq(case_body(c), [cb]))
        self.targets.pop()
        return out + tgt.brk

    def finish(self, ends: list[int]) -> CFG:
        self.link(ends, self.exit)
        for b, name in self.gotos:
            to = self.labels.get(name)
            if to is None:
                raise Unsupported(f"goto {name} has no label")
            self.link([b], to)
        return CFG(self.func, self.blocks, self.entry, self.exit, self.by_node)


def body_of(func: Node) -> Node | None:
    """Return the body block of a function declaration, method or func literal."""
    return func.child_by_field_name("body")


def deferred_calls(func: Node) -> Iterator[tuple[Node, Node]]:
    """Yield (the call, its function) of each ``defer`` statement of ``func``'s own body."""
    block = body_of(func)
    for st in statements(block) if block is not None else []:
        if st.type != "defer_statement":
            continue
        call = next((c for c in st.named_children if c.type == "call_expression"), None)
        fn = call.child_by_field_name("function") if call is not None else None
        if call is not None and fn is not None:
            yield call, fn


def build(func: Node) -> CFG:
    """Build the graph of ``func`` (a function declaration, method or func literal).

    Raises :class:`Unsupported` when the function has a syntax error, nests too deeply or
    jumps where the graph cannot follow.
    """
    if func.has_error:
        raise Unsupported("syntax error in function")
    body = body_of(func)
    b = _Builder(func)
    if body is None:
        return b.finish([b.entry])
    ends = b.seq(statements(body), [b.entry])
    return b.finish(ends)
