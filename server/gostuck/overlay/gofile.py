"""Functions under their compiler names, and ``go`` statements, of one Go file.

Profiles name a goroutine's entry function the way the Go compiler names symbols, and
function literals have no names of their own, so this module numbers them exactly as the
compiler does:

    func Outer() {
        f := func() {}          // Outer.func1: literals directly in a named function
        go func() {             // Outer.func2
            go func() {}()      // Outer.func2.1: literals in a literal count on their own
        }()
    }
    func (p *Pool[T]) Run() {   // (*Pool[...]).Run; a literal in it is (*Pool[...]).Run.func1
    }
    var v = func() {            // init.func1: package-level literals belong to init,
        _ = func() {}           // init.func1.func1: and count their own as functions do
    }
    func init() {}              // init.0, init.1, ... in file order
    func R() {
        for x := range seq {    // R-range1: the body of a range over a function
            _ = func() {}       // R-range1.func1
        }
    }

Each named function counts its own literals, in source order; a literal counts the
literals directly inside it. A range over a function can only be told from syntax when the
iterator is a function of the same file or a standard-library one (``maps.Keys``); the
overlay falls back to the entry frame's line when a name does not fit. Lines here are
0-based (tree-sitter rows).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import tree_sitter_go
from tree_sitter import Language, Node, Parser

LANGUAGE: Final = Language(tree_sitter_go.language())
_local = threading.local()

FUNCTION_NODES: Final = ("function_declaration", "method_declaration", "func_literal")
# Standard-library functions that return iterators (iter.Seq, iter.Seq2): `for x := range
# maps.Keys(m)` runs its body as a function, which changes how literals in it are named.
STD_ITERATORS: Final = frozenset(
    {
        "slices.All",
        "slices.Values",
        "slices.Backward",
        "slices.Chunk",
        "maps.All",
        "maps.Keys",
        "maps.Values",
        "strings.Lines",
        "strings.SplitSeq",
        "strings.SplitAfterSeq",
        "strings.FieldsSeq",
        "strings.FieldsFuncSeq",
        "bytes.Lines",
        "bytes.SplitSeq",
        "bytes.SplitAfterSeq",
        "bytes.FieldsSeq",
        "bytes.FieldsFuncSeq",
    }
)


def _parser() -> Parser:
    p: Parser | None = getattr(_local, "parser", None)
    if p is None:
        p = _local.parser = Parser(LANGUAGE)
    return p


@dataclass(frozen=True, slots=True)
class GoStmt:
    """A ``go`` statement: where it is, what it calls, and the function it sits in."""

    line: int  # 0-based
    start_col: int  # byte columns, 0-based, on `line` / `end_line`
    end_line: int
    end_col: int
    start_byte: int
    end_byte: int
    enclosing: str  # compiler name of the function (or literal) the statement is in
    callee: str  # the literal's compiler name, or the called name ("worker", "loop")
    calls_literal: bool  # go func() { ... }()


BUILTINS: Final = frozenset(
    {
        "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len",
        "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Op:
    """An operation a goroutine can wait at, on the lines a profile would name for it.

    ``kind`` is ``send``, ``receive`` (``<-ch``, and ``for range ch``, which the runtime
    reports at the ``range`` keyword), ``select``, ``select{}``, ``call`` (``name`` is the
    called name: ``wg.Wait()`` -> ``Wait``), ``builtin`` (``panic(x)``, ``make(ch)``: a
    goroutine runs there but never waits) or ``return``. A profile names the line of the
    ``<-`` token, the ``select`` keyword or the call's name up to its ``(``: ``first_line``
    to ``last_line`` (0-based). A deferred call runs, and waits, where its function
    returns: at each ``return`` and at the closing brace.
    """

    kind: str
    name: str
    first_line: int
    last_line: int
    deferred: bool = False


@dataclass(frozen=True, slots=True)
class FuncInfo:
    """A named function or a literal under its compiler name (without the package)."""

    name: str
    start_line: int  # 0-based
    end_line: int
    go_line: int | None  # the `go` statement that runs this literal directly, if any
    assigned_to: str | None  # `f := func() {...}` -> "f"
    literal: bool = False  # a function literal rather than a declared function


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def _type_name(node: Node | None) -> str:
    """Spell a receiver type as the compiler does: ``*Box[T]`` -> ``(*Box[...])``."""
    if node is None:
        return ""
    if node.type == "pointer_type":
        inner = node.named_children[-1] if node.named_children else None
        return f"(*{_type_name(inner)})"
    if node.type == "generic_type":
        base = node.child_by_field_name("type")
        return f"{_text(base)}[...]"
    if node.type == "parenthesized_type" and node.named_children:
        return _type_name(node.named_children[0])
    return _text(node)


def _function_name(node: Node, init_index: Iterator[int]) -> str:
    name = _text(node.child_by_field_name("name"))
    if node.type == "method_declaration":
        receiver = node.child_by_field_name("receiver")
        decl = receiver.named_children[0] if receiver and receiver.named_children else None
        rtype = _type_name(decl.child_by_field_name("type") if decl else None)
        return f"{rtype}.{name}"
    if name == "init":
        return f"init.{next(init_index)}"
    if node.child_by_field_name("type_parameters") is not None:
        return f"{name}[...]"
    return name


def _callee(expr: Node) -> tuple[str, Node | None]:
    """Return the called name of a `go` statement's expression, and its literal if any."""
    node: Node | None = expr
    if expr.type == "call_expression":
        node = expr.child_by_field_name("function")
    elif expr.type == "type_conversion_expression":  # go Recv[string](ch)
        node = expr.child_by_field_name("type")
    while node is not None:
        if node.type == "func_literal":
            return "", node
        if node.type == "parenthesized_expression" and node.named_children:
            node = node.named_children[0]
        elif node.type in ("generic_type", "index_expression"):
            node = node.child_by_field_name("type") or node.child_by_field_name("operand")
        elif node.type == "selector_expression":
            return _text(node.child_by_field_name("field")), None
        elif node.type in ("identifier", "type_identifier", "field_identifier"):
            return _text(node), None
        else:
            return _text(node), None
    return "", None


def _token_line(node: Node, token: str) -> int:
    """Return the line of ``node``'s first child token ``token`` (its own line if none)."""
    for child in node.children:
        if child.type == token:
            return int(child.start_point[0])
    return int(node.start_point[0])


def _call_op(node: Node, deferred: bool) -> Op | None:
    """Describe a call expression (``wg.Wait()``, ``time.Sleep(d)``), builtins aside."""
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None or args is None:
        return None
    name_node: Node | None = fn
    while name_node is not None and name_node.type in (
        "generic_type",
        "index_expression",
        "parenthesized_expression",
    ):
        inner = name_node.child_by_field_name("type") or name_node.child_by_field_name("operand")
        name_node = inner or (name_node.named_children[0] if name_node.named_children else None)
    if name_node is None:
        return None
    if name_node.type == "selector_expression":
        name_node = name_node.child_by_field_name("field")
    if name_node is None:
        return None
    name = _text(name_node)
    kind = "builtin" if name_node.type == "identifier" and name in BUILTINS else "call"
    return Op(kind, name, name_node.start_point[0], args.start_point[0], deferred)


def _op(node: Node) -> Op | None:
    """Return the operation ``node`` is, if a goroutine can wait at it."""
    kind = node.type
    if kind == "send_statement":
        line = _token_line(node, "<-")
        return Op("send", "", line, line)
    if kind == "unary_expression" and node.children and node.children[0].type == "<-":
        line = node.start_point[0]
        return Op("receive", "", line, line)
    if kind == "range_clause":
        line = _token_line(node, "range")
        return Op("receive", "range", line, line)
    if kind == "select_statement":
        line = node.start_point[0]
        cases = [c for c in node.named_children if c.type in ("communication_case", "default_case")]
        return Op("select" if cases else "select{}", "", line, line)
    if kind == "call_expression":
        parent = node.parent
        return _call_op(node, parent is not None and parent.type == "defer_statement")
    if kind == "return_statement":
        line = node.start_point[0]
        return Op("return", "", line, line)
    return None


@dataclass(slots=True)
class _Walk:
    funcs: dict[str, FuncInfo]
    gos: list[GoStmt]
    ops: dict[str, list[Op]]


class GoFile:
    """A parsed Go file: functions by compiler name and every ``go`` statement."""

    def __init__(self, source: bytes, *, first_init: int = 0, first_glob: int = 0) -> None:
        """Parse ``source``; ``first_*`` continue init numbering from earlier files."""
        self.source = source
        self.tree = _parser().parse(source)
        self.package = ""
        self.funcs: dict[str, FuncInfo] = {}
        self.gos: list[GoStmt] = []
        self.ops: dict[str, list[Op]] = {}  # by function: operations directly in it
        self.inits = 0
        self.globs = 0
        self._index(first_init, first_glob)

    def _index(self, first_init: int, first_glob: int) -> None:
        root = self.tree.root_node
        init_index = iter(range(first_init, 1 << 30))
        walk = _Walk(self.funcs, self.gos, self.ops)
        glob_counter = [first_glob]
        self._find_iterators(root)
        for child in root.named_children:
            if child.type == "package_clause" and child.named_children:
                self.package = _text(child.named_children[0])
            elif child.type in ("function_declaration", "method_declaration"):
                name = _function_name(child, init_index)
                self._add(walk, name, child, None)
                body = child.child_by_field_name("body")
                if body is not None:
                    self._walk_body(walk, body, name, plain=False, counter=[0], ranges=[0])
            elif child.type in ("var_declaration", "const_declaration"):
                # Package-level literals are numbered in the package's init function.
                self._walk_body(
                    walk, child, "init", plain=False, counter=glob_counter, ranges=[0], top=True
                )
        self.inits = next(init_index) - first_init
        self.globs = glob_counter[0] - first_glob

    def _find_iterators(self, root: Node) -> None:
        """Note the file's functions that are iterators, or that return one."""
        self._iterators: set[str] = set()  # func seq(yield func(int) bool)
        self._makers: set[str] = set()  # func All() iter.Seq[int]
        for child in root.named_children:
            if child.type != "function_declaration":
                continue
            name = _text(child.child_by_field_name("name"))
            params = _text(child.child_by_field_name("parameters"))
            result = _text(child.child_by_field_name("result"))
            if "func(" in params and result == "":
                self._iterators.add(name)
            if result.startswith(("iter.Seq", "func(")):
                self._makers.add(name)

    def _ranges_over_func(self, node: Node) -> bool:
        """Say whether a ``for`` statement ranges over a function (from syntax alone)."""
        clause = next((c for c in node.named_children if c.type == "range_clause"), None)
        right = clause.child_by_field_name("right") if clause is not None else None
        if right is None:
            return False
        if right.type == "identifier":
            return _text(right) in self._iterators
        if right.type == "call_expression":
            fn = right.child_by_field_name("function")
            if fn is not None and fn.type == "identifier":
                return _text(fn) in self._makers
            if fn is not None and fn.type == "selector_expression":
                return _text(fn) in STD_ITERATORS
        return False

    def _add(
        self, walk: _Walk, name: str, node: Node, go_line: int | None, *, body: bool = False
    ) -> None:
        assigned: str | None = None
        parent = node.parent
        if parent is not None and parent.type == "expression_list":
            holder = parent.parent
            if holder is not None and holder.type in (
                "short_var_declaration",
                "assignment_statement",
                "var_spec",
            ):
                left = holder.child_by_field_name("left") or holder.child_by_field_name("name")
                if left is not None:
                    names = (
                        [_text(n) for n in left.named_children]
                        if left.type == "expression_list"
                        else [_text(left)]
                    )
                    index = [c.id for c in parent.named_children].index(node.id)
                    if index < len(names):
                        assigned = names[index]
        walk.funcs.setdefault(
            name,
            FuncInfo(
                name,
                node.start_point[0],
                node.end_point[0],
                go_line,
                assigned,
                literal=body or node.type == "func_literal",
            ),
        )

    def _walk_body(
        self,
        walk: _Walk,
        node: Node,
        owner: str,
        *,
        plain: bool,
        counter: list[int],
        ranges: list[int],
        top: bool = False,
    ) -> None:
        """Name the literals under ``node`` that belong to ``owner``; record ``go`` statements.

        ``plain``: the owner is itself a literal, so its literals are ``owner.N`` rather
        than ``owner.funcN``. ``top``: walking package-level declarations, whose literals
        name their own literals like functions do.
        """
        stack = list(reversed(node.named_children))
        while stack:
            n = stack.pop()
            op = _op(n)
            if op is not None:
                walk.ops.setdefault(owner, []).append(op)
            if n.type == "for_statement" and self._ranges_over_func(n):
                body = n.child_by_field_name("body")
                clause = next((c for c in n.named_children if c.type == "range_clause"), None)
                if clause is not None:
                    stack.append(clause)  # the iterator expression belongs to the owner
                if body is not None:
                    ranges[0] += 1
                    inner = f"{owner}-range{ranges[0]}"
                    self._add(walk, inner, body, None, body=True)
                    self._walk_body(walk, body, inner, plain=False, counter=[0], ranges=[0])
                continue
            if n.type == "func_literal":
                counter[0] += 1
                name = f"{owner}.{counter[0]}" if plain else f"{owner}.func{counter[0]}"
                go_line = None
                call = n.parent
                while call is not None and call.type == "parenthesized_expression":
                    call = call.parent  # go (func() { ... })()
                if (
                    call is not None
                    and call.type == "call_expression"
                    and call.parent is not None
                    and call.parent.type == "go_statement"
                ):
                    go_line = call.parent.start_point[0]
                self._add(walk, name, n, go_line)
                body = n.child_by_field_name("body")
                if body is not None:
                    self._walk_body(walk, body, name, plain=not top, counter=[0], ranges=[0])
                continue
            if n.type == "go_statement" and n.named_children:
                expr = n.named_children[0]
                callee, literal = _callee(expr)
                if literal is not None:
                    # The literal is numbered before anything in its arguments.
                    callee = (
                        f"{owner}.{counter[0] + 1}" if plain else f"{owner}.func{counter[0] + 1}"
                    )
                walk.gos.append(
                    GoStmt(
                        line=n.start_point[0],
                        start_col=n.start_point[1],
                        end_line=n.end_point[0],
                        end_col=n.end_point[1],
                        start_byte=n.start_byte,
                        end_byte=n.end_byte,
                        enclosing=owner,
                        callee=callee,
                        calls_literal=literal is not None,
                    )
                )
            stack.extend(reversed(n.named_children))

    def function_at(self, line: int) -> FuncInfo | None:
        """Return the innermost function or literal whose lines contain ``line`` (0-based)."""
        best: FuncInfo | None = None
        for info in self.funcs.values():
            if info.start_line <= line <= info.end_line and (
                best is None or info.start_line >= best.start_line
            ):
                if (
                    best is not None
                    and info.start_line == best.start_line
                    and info.end_line > best.end_line
                ):
                    continue
                best = info
        return best

    def go_at(self, line: int) -> GoStmt | None:
        """Return the ``go`` statement that starts on ``line`` (0-based), if any."""
        for g in self.gos:
            if g.line == line:
                return g
        return None
