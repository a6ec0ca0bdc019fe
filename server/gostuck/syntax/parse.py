"""Parsing Go with tree-sitter, and the compiled queries of ``queries/*.scm``.

Parsers are not thread-safe, so each thread gets its own; queries are compiled once per
process. Everything else in gostuck reaches tree-sitter through this module.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Collection, Iterator
from importlib import resources
from typing import Final

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

from gostuck.analysis.model import Span

LANGUAGE: Final = Language(tree_sitter_go.language())
QUERY_PACKAGE: Final = "gostuck.syntax.queries"

_local = threading.local()


def parser() -> Parser:
    """Return this thread's Go parser."""
    p: Parser | None = getattr(_local, "parser", None)
    if p is None:
        p = Parser(LANGUAGE)
        _local.parser = p
    return p


def parse(source: bytes) -> Tree:
    """Parse Go source text."""
    return parser().parse(source)


def query_names() -> list[str]:
    """Return the names of every ``.scm`` file shipped in ``queries/``."""
    root = resources.files(QUERY_PACKAGE)
    return sorted(p.name for p in root.iterdir() if p.name.endswith(".scm"))


@functools.cache
def query(name: str) -> Query:
    """Compile ``queries/<name>`` once and return it."""
    text = resources.files(QUERY_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return Query(LANGUAGE, text)


def captures(name: str, node: Node) -> dict[str, list[Node]]:
    """Run the query ``name`` over ``node`` and return its captures by name.

    Each capture's nodes come in document order (an outer node before the nodes inside
    it). Text predicates decode node text as UTF-8; a file with invalid bytes where a
    predicate looks gets no captures from that query (silence) rather than an exception.
    """
    try:
        caps = QueryCursor(query(name)).captures(node)
    except UnicodeDecodeError:
        return {}
    # The binding's own order is not the document's and differs between two parses of one
    # text: findings that follow it (which of two go statements, which Add is cited) would
    # change with nothing but memory layout.
    for nodes in caps.values():
        nodes.sort(key=_document_order)
    return caps


def _document_order(node: Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


def text(node: Node) -> str:
    """Return the source text of ``node`` (decoded leniently)."""
    raw = node.text
    return raw.decode("utf-8", "replace") if raw is not None else ""


def span(path: str, node: Node, *, first_line_only: bool = False) -> Span:
    """Return the span of ``node`` in ``path``; optionally cut at the end of its first line."""
    sl, sc = node.start_point
    el, ec = node.end_point
    end_byte = node.end_byte
    if first_line_only and el > sl:
        raw = node.text or b""
        nl = raw.find(b"\n")
        el, ec = sl, sc + nl
        end_byte = node.start_byte + nl
    return Span(path, sl, sc, el, ec, node.start_byte, end_byte)


def ancestors(node: Node) -> Iterator[Node]:
    """Return the parents of ``node``, innermost first."""
    p = node.parent
    while p is not None:
        yield p
        p = p.parent


def path_down(top: Node, node: Node) -> list[Node] | None:
    """Return the nodes from ``top`` down to ``node`` (both included), or None.

    ``Node.parent`` costs the node's depth (tree-sitter finds parents by descending from the
    root), so walking up from a node nested thousands deep costs the square of the depth.
    This descends from ``top`` with a cursor instead: one step per level. None when ``node``
    is not inside ``top`` (or sits where byte offsets cannot find it, as a zero-width node
    at the very end of its parent can; callers then fall back to walking up).
    """
    if not top.start_byte <= node.start_byte <= node.end_byte <= top.end_byte:
        return None
    cursor = top.walk()
    out = [top]
    while cursor.node is not None and cursor.node.id != node.id:
        if cursor.goto_first_child_for_byte(node.start_byte) is None:
            return None
        current = cursor.node
        if current is None or current.start_byte > node.start_byte:
            return None
        out.append(current)
    return out


FUNCTION_TYPES: Final = frozenset({"function_declaration", "method_declaration", "func_literal"})

_WORD_BYTES: Final = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def find_word(name: bytes, text: bytes, after: bytes = rb"\b") -> Iterator[re.Match[bytes]]:
    r"""Yield the matches of ``\b<name><after>`` in ``text``, found much faster.

    A pattern that opens with ``\b`` makes the regex engine try every position (23x
    slower on a 100 KB file); one that opens with the literal name uses its substring
    search, and the word boundary in front is checked here. ``name`` is an identifier.
    """
    for m in re.finditer(re.escape(name) + after, text):
        i = m.start()
        if i == 0 or text[i - 1] not in _WORD_BYTES:
            yield m


def nodes_named(
    root: Node, name: bytes, types: Collection[str], source: bytes | None = None
) -> list[Node]:
    """Return the nodes of ``types`` under ``root`` whose text is ``name``, in document order.

    A byte search for the word says where they can be (at C speed, see :func:`find_word`);
    the tree says what is there (``descendant_for_byte_range``): only a node of ``types``
    spanning exactly the match counts, not a comment, a string or a longer name. Much
    cheaper than a walk of the whole tree for a name a file mentions a few times.
    ``name`` is a non-empty identifier; ``source`` is the text ``root``'s tree was parsed
    from (the root's own text when not given).
    """
    if source is None:
        text, base = root.text or b"", root.start_byte
    else:
        text, base = source, 0
    out: list[Node] = []
    for m in find_word(name, text):
        start, end = base + m.start(), base + m.end()
        node = root.descendant_for_byte_range(start, end)
        if (
            node is not None
            and node.type in types
            and node.start_byte == start
            and node.end_byte == end
        ):
            out.append(node)
    return out


# Go's predeclared functions and types: names a call can use without any declaration.
GO_BUILTIN_FUNCS: Final = frozenset(
    {
        "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
        "max", "min", "new", "panic", "print", "println", "real", "recover",
    }
)  # fmt: skip
GO_BASIC_TYPES: Final = frozenset(
    {
        "bool", "byte", "rune", "string", "int", "int8", "int16", "int32", "int64", "uint",
        "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64",
        "complex128", "error", "any",
    }
)  # fmt: skip


def own_ids(body: Node) -> set[int]:
    """Return the ids of the nodes of ``body`` outside the func literals nested in it.

    One walk down with a cursor: asking each node for its enclosing function instead climbs
    with ``Node.parent``, which costs the square of the depth on deeply nested code.
    """
    ids: set[int] = set()
    cursor = body.walk()
    depth = 0
    while True:
        node = cursor.node
        if node is None:
            break
        ids.add(node.id)
        if (depth == 0 or node.type != "func_literal") and cursor.goto_first_child():
            depth += 1
            continue
        while depth > 0 and not cursor.goto_next_sibling():
            cursor.goto_parent()
            depth -= 1
        if depth == 0:
            break
    return ids


def is_callee(node: Node) -> bool:
    """Tell whether ``node`` is the function a call expression calls (``node(...)``)."""
    call = node.parent
    return (
        call is not None
        and call.type == "call_expression"
        and call.child_by_field_name("function") == node
    )


def received_field(recv: Node) -> tuple[Node, Node, Node] | None:
    """For a receive ``<-x.f`` (``x.f`` maybe parenthesized): the selector, ``x`` and ``f``."""
    operand = recv.child_by_field_name("operand")
    while operand is not None and operand.type == "parenthesized_expression":
        operand = operand.named_children[0] if operand.named_children else None
    if operand is None or operand.type != "selector_expression":
        return None
    base = operand.child_by_field_name("operand")
    fld = operand.child_by_field_name("field")
    if base is None or fld is None:
        return None
    return operand, base, fld


def assignment_of(left: Node) -> tuple[Node, Node | None] | None:
    """For ``left`` one target of ``x = v``, ``x op= v`` or ``x := v``: the statement and ``v``.

    ``v`` is None when the values do not pair with the targets (``a, b = f()``). None when
    ``left`` is not a target of an assignment or short variable declaration.
    """
    lst = left.parent
    if lst is None or lst.type != "expression_list":
        return None
    stmt = lst.parent
    if stmt is None or stmt.type not in ("assignment_statement", "short_var_declaration"):
        return None
    if stmt.child_by_field_name("left") != lst:
        return None
    right = stmt.child_by_field_name("right")
    targets = lst.named_children
    values = right.named_children if right is not None else []
    if len(targets) != len(values):
        return stmt, None
    return stmt, values[[t.id for t in targets].index(left.id)]


def single_pair(stmt: Node) -> tuple[Node, Node] | None:
    """For ``x := v`` or ``x = v`` with one target and one value: ``x`` and ``v``.

    The statement's kind and operator are the caller's to check.
    """
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    if left is None or right is None:
        return None
    if len(left.named_children) != 1 or len(right.named_children) != 1:
        return None
    return left.named_children[0], right.named_children[0]


def enclosing_function(node: Node) -> Node | None:
    """Return the innermost function declaration, method or func literal around ``node``."""
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return a
    return None


def keyed_elements(lit: Node) -> Iterator[tuple[Node, Node]]:
    """Return the (key, value) expressions of the ``key: value`` elements of ``T{...}``."""
    body = lit.child_by_field_name("body")
    for el in body.named_children if body is not None else []:
        if el.type != "keyed_element":
            continue
        key = el.child_by_field_name("key")
        value = el.child_by_field_name("value")
        k = key.named_children[0] if key is not None and key.named_children else None
        v = value.named_children[0] if value is not None and value.named_children else None
        if k is not None and v is not None:
            yield k, v


def has_positional_elements(lit: Node) -> bool:
    """Tell whether the composite literal ``T{...}`` sets fields by position (``T{a, b}``)."""
    body = lit.child_by_field_name("body")
    return any(el.type == "literal_element" for el in (body.named_children if body else []))


def import_specs(root: Node) -> Iterator[tuple[str | None, str]]:
    """Yield (alias or None, import path) for each import of the file whose tree is ``root``."""
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        for spec in iter_descendants(decl):
            if spec.type != "import_spec":
                continue
            path = spec.child_by_field_name("path")
            if path is None:
                continue
            alias = spec.child_by_field_name("name")
            yield (text(alias) if alias is not None else None), text(path).strip('"`')


def import_name(alias: str | None, path: str) -> str:
    """Return the name an import binds: its alias, else its path's last element."""
    return alias if alias is not None else path.rsplit("/", 1)[-1]


def iter_descendants(node: Node) -> Iterator[Node]:
    """Return every descendant of ``node`` in document order, iteratively (no recursion limit)."""
    cursor = node.walk()
    depth = 0
    if not cursor.goto_first_child():
        return
    depth = 1
    while depth > 0:
        yield cursor.node  # type: ignore[misc]
        if cursor.goto_first_child():
            depth += 1
            continue
        while depth > 0 and not cursor.goto_next_sibling():
            cursor.goto_parent()
            depth -= 1
