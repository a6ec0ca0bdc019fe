"""Helpers the sync-primitive checks (GS5xxx) share: reporting and the safe fixes."""

from __future__ import annotations

from tree_sitter import Node

from gostuck.analysis.check import Pass
from gostuck.analysis.model import Fix, Related, Span, TextEdit
from gostuck.analysis.partner import syncfacts
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse


def report(p: Pass, code: str) -> None:
    """Report this file's sync findings of ``code``."""
    sf = syncfacts.sync_facts(p.facts)
    for f in syncfacts.findings_for(p.facts, code):
        node = sf.node(f.at)
        if node is None or f.at[0] != p.path:
            continue
        related: list[Related] = []
        for role, key, msg in f.related:
            rn = sf.node(key)
            if rn is None:
                continue
            related.append(Related(role, parse.span(key[0], rn, first_line_only=True), msg))
        fixes: list[Fix] = []
        if f.fix == "defer-unlock":
            fixes = defer_unlock_fix(p, node)
        elif f.fix == "defer-done":
            fixes = defer_done_fix(p, node, [sf.node(k) for k in f.fix_data])
        p.report(
            node,
            f.message,
            confidence=f.confidence,
            related=related,
            fixes=fixes,
            data=(("check", code),),
        )


def _statement(call: Node) -> Node | None:
    """Return the expression statement that is exactly ``call``."""
    st = call.parent
    if st is None or st.type != "expression_statement":
        return None
    return st


def _line_span(p: Pass, stmt: Node) -> Span:
    """Return the span of ``stmt``'s whole line, indentation and newline included."""
    start = p.source.rfind(b"\n", 0, stmt.start_byte) + 1
    end = p.source.find(b"\n", stmt.end_byte)
    end = len(p.source) if end < 0 else end + 1
    row = stmt.start_point[0]
    return Span(p.path, row, 0, row + 1, 0, start, end)


def _indent(p: Pass, stmt: Node) -> str:
    start = p.source.rfind(b"\n", 0, stmt.start_byte) + 1
    raw = p.source[start : stmt.start_byte].decode("utf-8", "replace")
    return raw if not raw.strip() else ""


def _is_last_or_before_return(stmt: Node) -> bool:
    """Tell whether ``stmt`` ends its block or is followed by a return."""
    block = stmt.parent
    if block is not None and block.type == "statement_list":
        block = block.parent
    if block is None or block.type != "block":
        return False
    stmts = cfgmod.statements(block)
    if not stmts or all(s.id != stmt.id for s in stmts):
        return False
    i = next(k for k, s in enumerate(stmts) if s.id == stmt.id)
    if i == len(stmts) - 1:
        return block.parent is not None and block.parent.type in parse.FUNCTION_TYPES
    return stmts[i + 1].type == "return_statement"


def _in_loop(node: Node, func: Node) -> bool:
    for a in parse.ancestors(node):
        if a.id == func.id:
            return False
        if a.type == "for_statement":
            return True
    return False


def defer_unlock_fix(p: Pass, lock_call: Node) -> list[Fix]:
    """``defer mu.Unlock()`` right after ``mu.Lock()``, the explicit unlocks removed.

    Only offered when the lock is taken once, outside loops, and every explicit unlock of it
    in the function ends the function (the last statement, or right before a return): then
    the deferred unlock runs at the same points, plus the ones that forgot it.
    """
    fn = lock_call.child_by_field_name("function")
    stmt = _statement(lock_call)
    func = parse.enclosing_function(lock_call)
    if fn is None or fn.type != "selector_expression" or stmt is None or func is None:
        return []
    operand = fn.child_by_field_name("operand")
    method = fn.child_by_field_name("field")
    if operand is None or method is None or method.text not in (b"Lock", b"RLock"):
        return []
    if _in_loop(lock_call, func):
        return []
    recv = parse.text(operand)
    unlock = "Unlock" if method.text == b"Lock" else "RUnlock"
    body = cfgmod.body_of(func)
    if body is None:
        return []
    unlocks: list[Node] = []
    for n in parse.captures(syncfacts.QUERY, body).get("sync.call", []):
        if parse.enclosing_function(n) != func:
            continue
        f = n.child_by_field_name("function")
        o = f.child_by_field_name("operand") if f is not None else None
        m = f.child_by_field_name("field") if f is not None else None
        if o is None or m is None or parse.text(o) != recv:
            continue
        if m.text in (b"Lock", b"RLock") and n.id != lock_call.id:
            return []
        if m.text == unlock.encode():
            st = _statement(n)
            if st is None or not _is_last_or_before_return(st) or _in_loop(n, func):
                return []
            unlocks.append(st)
    indent = _indent(p, stmt)
    if not indent:
        return []
    # After the Lock's line, so a trailing comment stays with the Lock.
    line_end = p.source.find(b"\n", stmt.end_byte)
    at = len(p.source) if line_end < 0 else line_end
    row = stmt.end_point[0]
    col = stmt.end_point[1] + (at - stmt.end_byte)
    edits = [
        TextEdit(Span(p.path, row, col, row, col, at, at), f"\n{indent}defer {recv}.{unlock}()")
    ]
    edits += [TextEdit(_line_span(p, st), "") for st in unlocks]
    return [Fix(f"Unlock {recv} with defer right after locking it", tuple(edits))]


def defer_done_fix(p: Pass, go_stmt: Node, dones: list[Node | None]) -> list[Fix]:
    """``defer wg.Done()`` as the goroutine's first statement, the explicit Done removed."""
    call = next((c for c in go_stmt.named_children if c.type == "call_expression"), None)
    lit = call.child_by_field_name("function") if call is not None else None
    if lit is None or lit.type != "func_literal" or not dones:
        return []
    body = cfgmod.body_of(lit)
    stmts = cfgmod.statements(body)
    if body is None or not stmts:
        return []
    texts = set()
    removals: list[TextEdit] = []
    for d in dones:
        st = _statement(d) if d is not None else None
        if d is None or st is None:
            return []
        f = d.child_by_field_name("function")
        o = f.child_by_field_name("operand") if f is not None else None
        if o is None:
            return []
        texts.add(parse.text(o))
        removals.append(TextEdit(_line_span(p, st), ""))
    if len(texts) != 1:
        return []
    wg = texts.pop()
    first = stmts[0]
    indent = _indent(p, first)
    if not indent:
        return []
    line_start = p.source.rfind(b"\n", 0, first.start_byte) + 1
    row = first.start_point[0]
    insert = TextEdit(
        Span(p.path, row, 0, row, 0, line_start, line_start), f"{indent}defer {wg}.Done()\n"
    )
    return [Fix(f"Call {wg}.Done with defer at the start of the goroutine", (insert, *removals))]
