"""Re-analyse only the declarations an edit can affect, and keep the other findings.

A keystroke changes one top-level declaration D. Findings are reported at `go` statements and
depend on the function holding them and on what it reaches by name (callees, methods, types,
package variables). So only the declarations that reach D by name (the *affected* ones) can
get different findings, and so can what D mentioned before the edit (a callee that lost a
caller runs less often); everything they reach (the *context*) must be present to analyse
them, and the rest of the file can be blanked out. Blanking replaces every byte but newlines
with a space, so all byte offsets, lines and columns stay those of the real file and the
findings need no mapping. Findings of unaffected declarations are reused from the previous
run, shifted by the lines and bytes the edit added.

A function that makes a channel, starts goroutines on it and returns it is judged at every
call of it (:mod:`gostuck.analysis.summary.summaries`): its findings depend on all its callers (and
their callers, through a function passing the channel on), so those are kept in the context
whenever it is affected.

Names link declarations both ways where state is shared rather than called: a package
variable and its users, a type and its methods, every declaration touching a struct field.
Anything this module cannot reason about (an edit outside one declaration, a syntax error
outside the edited one, a changed package, new options, declarations added or removed) falls
back to analysing the whole file. While the edited declaration itself does not parse (a
half-typed statement), its last findings are kept, moved with the text, until it parses
again. A property test compares the result with a full analysis after random edits.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node, Query, QueryCursor, Tree

from gostuck.analysis.model import Finding, Fix, Options, Related, Result, Span, TextEdit
from gostuck.lsp.documents import GO_LANGUAGE

Analyze = Callable[..., Result]

# Every name a declaration mentions: calls, methods and fields, types, variables.
_REFS: Final = Query(
    GO_LANGUAGE,
    "(identifier) @ref (field_identifier) @ref (type_identifier) @ref",
)
# x.f selects field (or method) f of x; struct { f T } declares field f.
_FIELDS: Final = Query(
    GO_LANGUAGE,
    """
    (selector_expression operand: (_) @op field: (field_identifier) @field)
    (field_declaration name: (field_identifier) @declared)
    """,
)
_BLANK: Final = bytes(b if b == 0x0A else 0x20 for b in range(256))
_DECLS: Final = frozenset(
    {
        "function_declaration",
        "method_declaration",
        "type_declaration",
        "var_declaration",
        "const_declaration",
    }
)
# Declarations whose users share state with each other, not just call them.
_SHARED: Final = frozenset({"var_declaration"})


@dataclass(frozen=True, slots=True)
class Decl:
    """One top-level declaration: what it declares and every name it mentions."""

    kind: str
    names: frozenset[bytes]
    refs: frozenset[bytes]
    receiver: bytes | None  # the receiver's type name, for methods
    # Struct fields it declares or selects (``x.results``; not ``fmt.Println``): two
    # declarations that touch the same field share state, as with a package variable.
    fields: frozenset[bytes] = frozenset()


@dataclass(frozen=True, slots=True)
class Basis:
    """A complete, correct result for one text: what the next edit starts from."""

    source: bytes
    tree: Tree
    decls: tuple[Decl, ...]
    result: Result
    package: Mapping[str, bytes]
    options: Options


@dataclass(frozen=True, slots=True)
class Outcome:
    """The findings for the new text, the basis for the next edit, and how they were made."""

    result: Result
    basis: Basis
    incremental: bool
    analysed_decls: int
    # The edited declaration does not parse: its last findings are kept until it does.
    half_typed: bool = False

    def declared_names(self) -> frozenset[bytes]:
        """Return every name the file declares at package level."""
        return frozenset().union(*(d.names for d in self.basis.decls))


def _top_level(tree: Tree) -> list[Node]:
    return list(tree.root_node.named_children)


def _declared(node: Node) -> tuple[frozenset[bytes], bytes | None]:
    names: set[bytes] = set()
    receiver: bytes | None = None
    if node.type in ("function_declaration", "method_declaration"):
        name = node.child_by_field_name("name")
        if name is not None and name.text:
            names.add(name.text)
        recv = node.child_by_field_name("receiver")
        if recv is not None:
            for sub in _walk(recv):
                if sub.type == "type_identifier" and sub.text:
                    receiver = sub.text
                    break
    else:
        for sub in _walk(node):
            if sub.type in ("type_spec", "type_alias", "var_spec", "const_spec"):
                for ident in sub.children_by_field_name("name"):
                    if ident.text:
                        names.add(ident.text)
    return frozenset(names), receiver


def _walk(node: Node) -> Iterable[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.named_children))


def _refs(node: Node, source: bytes) -> frozenset[bytes]:
    caps = QueryCursor(_REFS).captures(node)
    return frozenset(source[n.start_byte : n.end_byte] for n in caps.get("ref", ()))


def imported_names(tree: Tree) -> frozenset[bytes]:
    """Return the names the file's imports bind (``fmt``, ``http``, an alias)."""
    names: set[bytes] = set()
    for decl in tree.root_node.named_children:
        if decl.type != "import_declaration":
            continue
        for spec in _walk(decl):
            if spec.type != "import_spec":
                continue
            alias = spec.child_by_field_name("name")
            path = spec.child_by_field_name("path")
            if alias is not None and alias.text:
                names.add(alias.text)
            elif path is not None and path.text:
                names.add(path.text.strip(b'"`').rsplit(b"/", 1)[-1])
    return frozenset(names)


def _fields(node: Node, source: bytes, imports: frozenset[bytes]) -> frozenset[bytes]:
    out: set[bytes] = set()
    for _, match in QueryCursor(_FIELDS).matches(node):
        for field in match.get("declared", ()):
            out.add(source[field.start_byte : field.end_byte])
        ops, fields = match.get("op", ()), match.get("field", ())
        for op, field in zip(ops, fields, strict=False):
            if op.type == "identifier" and source[op.start_byte : op.end_byte] in imports:
                continue  # fmt.Println: a package's function, not a field
            out.add(source[field.start_byte : field.end_byte])
    return frozenset(out)


def describe(node: Node, source: bytes, imports: frozenset[bytes] = frozenset()) -> Decl:
    """Return what one top-level node declares and mentions."""
    names, receiver = _declared(node) if node.type in _DECLS else (frozenset(), None)
    fields = _fields(node, source, imports)
    if node.type == "method_declaration":
        fields |= names  # w.start() selects the method start
    return Decl(node.type, names, _refs(node, source), receiver, fields)


def describe_all(tree: Tree, source: bytes) -> tuple[Decl, ...]:
    """Describe every top-level node."""
    imports = imported_names(tree)
    return tuple(describe(node, source, imports) for node in _top_level(tree))


def full(
    analyze: Analyze,
    path: str,
    source: bytes,
    tree: Tree,
    package: Mapping[str, bytes],
    options: Options,
) -> Outcome:
    """Analyse the whole file and make it the basis for the next edit."""
    result = analyze(path, source, package=package, tree=tree, options=options)
    decls = describe_all(tree, source)
    return Outcome(result, Basis(source, tree, decls, result, package, options), False, len(decls))


def _common_prefix(a: bytes, b: bytes) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search on memcmp: a handful of C-speed comparisons
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    lo, hi = 0, min(len(a), len(b)) - limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _containing(nodes: Sequence[Node], start: int, end: int) -> int | None:
    """Return the index of the one node that holds the byte range, strictly inside."""
    for i, n in enumerate(nodes):
        if n.start_byte < start and end < n.end_byte:
            return i
        # Typing at the end of a line comment extends it.
        if n.type == "comment" and n.start_byte < start and end == n.end_byte:
            return i
        if n.start_byte >= end:
            break
    return None


def _closure(seeds: set[int], edges: Callable[[int], Iterable[int]]) -> set[int]:
    seen = set(seeds)
    todo = list(seeds)
    while todo:
        for j in edges(todo.pop()):
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def update(
    analyze: Analyze,
    basis: Basis | None,
    path: str,
    source: bytes,
    tree: Tree,
    package: Mapping[str, bytes],
    options: Options,
) -> Outcome:
    """Return the findings for ``source``, re-analysing as little as is safe."""
    if (
        basis is None
        or basis.options != options
        or basis.package != package
        or basis.result.errors
        or not all(_has_offsets(f) for f in basis.result.findings)
    ):
        return full(analyze, path, source, tree, package, options)
    old, new = basis.source, source
    if old == new:
        return Outcome(basis.result, dataclasses.replace(basis, tree=tree), True, 0)
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, prefix)
    old_end, new_end = len(old) - suffix, len(new) - suffix
    old_nodes, new_nodes = _top_level(basis.tree), _top_level(tree)
    if len(old_nodes) != len(new_nodes):
        return full(analyze, path, source, tree, package, options)
    i_old = _containing(old_nodes, prefix, old_end)
    i_new = _containing(new_nodes, prefix, new_end)
    if (
        i_old is not None
        and i_old == i_new
        and old_nodes[i_old].type == new_nodes[i_new].type == "comment"
        and b"gostuck:" not in old[old_nodes[i_old].start_byte : old_nodes[i_old].end_byte]
        and b"gostuck:" not in new[new_nodes[i_new].start_byte : new_nodes[i_new].end_byte]
        and not tree.root_node.has_error
        and not basis.tree.root_node.has_error
    ):
        # Text typed into a comment between declarations (a doc comment): nothing to
        # analyse, only the findings below it move.
        return _comment_edit(basis, path, new, tree, old_end)
    if (
        i_old is None
        or i_old != i_new
        or old_nodes[i_old].type != new_nodes[i_new].type
        or new_nodes[i_new].type not in _DECLS  # imports and the package clause: all of it
    ):
        return full(analyze, path, source, tree, package, options)
    d = i_new
    edited = new_nodes[d]
    # Every other declaration must be the same text at the same (or shifted) place: error
    # recovery after a half-typed token can swallow the next declarations into this one.
    shift = len(new) - len(old)
    for i, (a, b) in enumerate(zip(old_nodes, new_nodes, strict=True)):
        moved = shift if i > d else 0
        if i != d and (
            a.type != b.type
            or a.start_byte + moved != b.start_byte
            or a.end_byte + moved != b.end_byte
        ):
            return full(analyze, path, source, tree, package, options)
    # Two declarations on one line would shift columns, not just lines: keep it simple.
    if d + 1 < len(new_nodes) and new_nodes[d + 1].start_point.row == edited.end_point.row:
        return full(analyze, path, source, tree, package, options)
    if basis.tree.root_node.has_error:
        # A syntax error can change findings far from it (a half-typed raw string reaches
        # the next backtick; the analysis skips what it cannot parse): analyse it whole.
        return full(analyze, path, source, tree, package, options)
    delta_bytes = shift
    delta_lines = new.count(b"\n", prefix, new_end) - old.count(b"\n", prefix, old_end)
    if tree.root_node.has_error:
        if edited.type in _DECLS and not any(
            n.has_error for i, n in enumerate(new_nodes) if i != d
        ):
            return _half_typed(basis, path, prefix, old_end, delta_bytes, delta_lines)
        return full(analyze, path, source, tree, package, options)

    decls = list(basis.decls)
    before = decls[d]
    decls[d] = describe(edited, new, imported_names(tree))

    # Who declares what, and the edges between declarations.
    by_name: dict[bytes, list[int]] = {}
    methods_of: dict[bytes, list[int]] = {}
    for i, decl in enumerate(decls):
        for name in decl.names:
            by_name.setdefault(name, []).append(i)
        if decl.receiver is not None:
            methods_of.setdefault(decl.receiver, []).append(i)

    # Who mentions each name and who touches each field: one pass here instead of a scan
    # of every declaration per question (the closures below ask thousands of them).
    by_ref: dict[bytes, list[int]] = {}
    by_field: dict[bytes, list[int]] = {}
    for i, decl in enumerate(decls):
        for ref in decl.refs:
            by_ref.setdefault(ref, []).append(i)
        for fld in decl.fields:
            by_field.setdefault(fld, []).append(i)

    def mentioning(names: frozenset[bytes]) -> Iterable[int]:
        """Return the declarations that mention any of ``names``."""
        return {j for name in names for j in by_ref.get(name, ())}

    def sharing(fields: frozenset[bytes]) -> Iterable[int]:
        """Return the declarations that touch any of ``fields``."""
        return {j for fld in fields for j in by_field.get(fld, ())}

    def uses(i: int) -> Iterable[int]:
        """Yield what ``i`` needs to be analysed: what it mentions, and shared state."""
        decl = decls[i]
        yield from sharing(decl.fields)
        for ref in decl.refs:
            yield from by_name.get(ref, ())
        if decl.kind in _SHARED:
            yield from mentioning(decl.names)  # everyone who reads or writes the variable
        for name in decl.names:
            yield from methods_of.get(name, ())  # a type comes with its methods
        if decl.receiver is not None:
            yield from by_name.get(decl.receiver, ())

    def used_by(i: int) -> Iterable[int]:
        """Yield the declarations whose findings can change when ``i`` changes."""
        decl = decls[i]
        yield from mentioning(decl.names)
        yield from sharing(decl.fields)
        if decl.receiver is not None:
            yield from by_name.get(decl.receiver, ())  # and from there, the type's users
        for name in decl.names:
            yield from methods_of.get(name, ())

    # A rename affects the users of the old name and of the new one.
    seeds = {
        d,
        *mentioning(before.names | decls[d].names),
        *sharing(before.fields | decls[d].fields),
    }
    # Everything that reaches D, and what those call directly: a finding at a goroutine in
    # a callee can depend on what its callers do (``defer w.stop()`` after ``w.start()``).
    reaching = _closure(seeds, used_by)
    affected = reaching | {j for i in reaching for j in uses(i)}
    # What D called before the edit may have lost a caller (a deleted ``copy(ctx)`` or loop
    # around it): how often it runs, and what its parameters hold, can change with that.
    affected |= {j for ref in before.refs for j in by_name.get(ref, ())}
    # A callee may only pass on a channel a function it calls returns: one more level.
    relays = {i for i in affected - reaching if _may_pass_channel(new_nodes[i], new)}
    affected |= {j for i in relays for j in uses(i)}
    # A function that returns a channel its goroutines hold is judged at every call of it
    # (and of a function passing the channel on): its findings depend on all its callers,
    # two levels out, so they must be present too, not only the ones that reach D.
    callers: set[int] = set()
    level = {i for i in affected - reaching if _may_return_channel(new_nodes[i], new)}
    if any(_may_return_channel(new_nodes[i], new) for i in affected):
        # A caller may hand the channel to another generator of this file, a pipeline stage
        # (``stage.Upper(stage.Words(text))`` in an importer): the stage's own summary
        # decides whether the channel is left unread, so the stages must be present too.
        callers |= {i for i, n in enumerate(new_nodes) if _may_return_channel(n, new)}
    for _ in range(2):
        level = {j for i in level for j in mentioning(decls[i].names)} - callers
        callers |= level
    context = _closure(affected | callers, uses)

    # Old findings of unaffected declarations, moved by the edit.
    starts = [n.start_byte for n in old_nodes]
    reused: list[Finding] = []
    for f in basis.result.findings:
        i = bisect.bisect_right(starts, f.span.start_byte) - 1
        inside = i >= 0 and f.span.start_byte < old_nodes[i].end_byte
        if not inside:
            return full(analyze, path, source, tree, package, options)
        if i in affected:
            continue
        if _touches(f, path, prefix, old_end):
            return full(analyze, path, source, tree, package, options)
        reused.append(_shift(f, path, old_end, delta_bytes, delta_lines))

    # Blank every declaration outside the context: start from an all-blank copy and put
    # back what is kept (package clause, imports, the context), which is the smaller part.
    blanked = bytearray(new.translate(_BLANK))
    for i, node in enumerate(new_nodes):
        if i in context or node.type not in _DECLS:
            blanked[node.start_byte : node.end_byte] = new[node.start_byte : node.end_byte]
    partial = analyze(path, bytes(blanked), package=package, options=options)
    new_starts = [n.start_byte for n in new_nodes]
    fresh = []
    for f in partial.findings:
        i = bisect.bisect_right(new_starts, f.span.start_byte) - 1
        if i in affected:
            fresh.append(f)
    findings = sorted(
        [*reused, *fresh], key=lambda f: (f.span.start_line, f.span.start_col, f.code, f.message)
    )
    result = Result(path, tuple(findings), partial.errors)
    basis = Basis(new, tree, tuple(decls), result, package, options)
    return Outcome(result, basis, True, len(context))


def _may_pass_channel(node: Node, source: bytes) -> bool:
    """Tell whether a declaration may return a channel (made by a function it calls)."""
    text = source[node.start_byte : node.end_byte]
    return node.type in ("function_declaration", "method_declaration") and b"chan" in text


def _may_return_channel(node: Node, source: bytes) -> bool:
    """Tell whether a declaration may make a channel, start goroutines and return it."""
    text = source[node.start_byte : node.end_byte]
    return node.type in ("function_declaration", "method_declaration") and (
        b"chan" in text and b"go" in text
    )


def _half_typed(
    basis: Basis, path: str, start: int, end: int, delta_bytes: int, delta_lines: int
) -> Outcome:
    """Keep the findings of the last text that parsed while one declaration is half typed.

    Most keystrokes in code leave the declaration being edited unparseable for a moment
    (``_ = le``). The analysis skips what does not parse, so analysing now would make that
    declaration's findings blink off and on; instead the last findings stay, moved with the
    text, except those the edit touches. The basis stays the last text that parsed, so once
    the declaration parses again it is re-analysed against that text.
    """
    findings = tuple(
        _shift(f, path, end, delta_bytes, delta_lines)
        for f in basis.result.findings
        if not _touches(f, path, start, end)
    )
    result = Result(path, findings, basis.result.errors)
    return Outcome(result, basis, True, 0, half_typed=True)


def _has_offsets(f: Finding) -> bool:
    """Say whether a finding's span carries byte offsets (they are optional in the model)."""
    s = f.span
    return s.end_byte > s.start_byte or (s.start_line, s.start_col) == (s.end_line, s.end_col)


def _comment_edit(basis: Basis, path: str, new: bytes, tree: Tree, old_end: int) -> Outcome:
    old = basis.source
    delta_bytes = len(new) - len(old)
    delta_lines = new.count(b"\n") - old.count(b"\n")
    findings = tuple(
        _shift(f, path, old_end, delta_bytes, delta_lines) for f in basis.result.findings
    )
    result = Result(path, findings, basis.result.errors)
    return Outcome(
        result, dataclasses.replace(basis, source=new, tree=tree, result=result), True, 0
    )


def _spans(f: Finding) -> Iterable[Span]:
    yield f.span
    for r in f.related:
        yield r.span
    for fix in f.fixes:
        for e in fix.edits:
            yield e.span


def _touches(f: Finding, path: str, start: int, end: int) -> bool:
    """Say whether any place of a finding in this file overlaps the edited bytes."""
    if start == end:  # an insertion changes a span only when it lands strictly inside
        return any(s.path == path and s.start_byte < start < s.end_byte for s in _spans(f))
    return any(s.path == path and s.start_byte < end and start < s.end_byte for s in _spans(f))


def _shift(f: Finding, path: str, after: int, delta_bytes: int, delta_lines: int) -> Finding:
    """Move the places of a finding that lie after the edit (a keystroke moves hundreds)."""

    def mv(span: Span) -> Span:
        if span.start_byte < after or span.path != path:
            return span
        return Span(
            span.path,
            span.start_line + delta_lines,
            span.start_col,
            span.end_line + delta_lines,
            span.end_col,
            span.start_byte + delta_bytes,
            span.end_byte + delta_bytes,
        )

    if delta_bytes == 0 and delta_lines == 0:
        return f
    span = mv(f.span)
    related = tuple(
        r if r.span.start_byte < after else Related(r.role, mv(r.span), r.message)
        for r in f.related
    )
    fixes = tuple(
        x
        if all(e.span.start_byte < after for e in x.edits)
        else Fix(x.title, tuple(TextEdit(mv(e.span), e.new_text) for e in x.edits))
        for x in f.fixes
    )
    if (
        span is f.span
        and all(a is b for a, b in zip(related, f.related, strict=True))
        and all(a is b for a, b in zip(fixes, f.fixes, strict=True))
    ):
        return f
    return Finding(
        f.code, f.name, f.message, span, f.severity, f.confidence, related, fixes, f.data
    )
