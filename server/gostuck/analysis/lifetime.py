"""Lifetime: how often a function runs per process, decided on the package's call graph.

A goroutine that never ends is a leak when the function that starts it runs more than once
per process: every run leaves one more behind. One started once (from ``main``, ``init``, a
package-level initializer, ``once.Do``) lives as long as the process by design. Which of the
two a function is comes from its callers, never from its name:

- ``ONCE``: ``main`` and ``init``, a literal run by ``once.Do`` or in a package-level
  initializer, and a function whose only call in the package is one such function's call,
  outside any loop.
- ``MANY``: a go statement or call inside a loop; a function with two or more calls; one
  called from a ``MANY`` function; an HTTP handler (a ``http.ResponseWriter`` parameter: the
  server calls it per request); a test, benchmark or fuzz target (per test, and ``-count``).
- ``UNKNOWN``: a function nobody in the package calls (exported to other packages, or only
  used as a value: stored, passed, registered), or reached only through such a function.

Calls are found by name across the files of the package (``index.package``); a method call
``x.M()`` counts for every method ``M`` unless the receiver's type is known to be another's.
The answer for each function is cached in the package index's memo.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow import facts
from gostuck.analysis.flow.index import PackageIndex, cached_tree, package_name
from gostuck.syntax import parse


class Runs(enum.Enum):
    """How often a function runs per process."""

    ONCE = "once"
    MANY = "many"
    UNKNOWN = "unknown"


# How many files of the package may name a function before its callers count as unknown.
_MAX_FILES: Final = 24

# How deep the walk up the call graph goes before it says UNKNOWN.
_MAX_DEPTH: Final = 6

_LOOP_TYPES: Final = frozenset({"for_statement"})
_DECL_TYPES: Final = frozenset({"function_declaration", "method_declaration"})
_TEST_PARAMS: Final = frozenset({"*testing.T", "*testing.B", "*testing.F", "testing.TB"})


@dataclass(frozen=True, slots=True)
class Reference:
    """One place that names a top-level function or method of the package."""

    path: str
    node: Node  # the identifier or field identifier
    is_call: bool  # called there (``f(...)``, ``x.f(...)``), not taken as a value
    holder: Node | None  # the innermost function around it (None at package level)
    looped: bool  # inside a loop of ``holder``


def declaration_of(func: Node) -> Node | None:
    """Return the top-level function or method declaration around ``func`` (or itself)."""
    n: Node | None = func
    while n is not None:
        if n.type in _DECL_TYPES:
            return n
        n = n.parent
    return None


def _name(decl: Node) -> str:
    name = decl.child_by_field_name("name")
    return parse.text(name) if name is not None else ""


def _param_types(func: Node) -> Iterator[str]:
    params = func.child_by_field_name("parameters")
    for pd in params.named_children if params is not None else []:
        t = pd.child_by_field_name("type")
        if t is not None:
            yield parse.text(t)


def serves_requests(func: Node) -> bool:
    """Tell whether ``func`` is an HTTP handler: the server runs it once per request."""
    return any(t == "http.ResponseWriter" for t in _param_types(func))


def is_test_entry(func: Node, path: str) -> bool:
    """Tell whether ``func`` is a test, benchmark or fuzz target of a ``_test.go`` file."""
    return path.endswith("_test.go") and any(t in _TEST_PARAMS for t in _param_types(func))


_BRANCHES: Final = frozenset(
    {
        "if_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "for_statement",
    }
)


def unconditional(node: Node, func: Node) -> bool:
    """Tell whether ``node`` runs on every call of ``func``: in no branch or loop of it."""
    n = node.parent
    while n is not None and n.id != func.id:
        if n.type in _BRANCHES or n.type in parse.FUNCTION_TYPES:
            return False
        n = n.parent
    return True


def _holder(node: Node) -> Node | None:
    n = node.parent
    while n is not None:
        if n.type in parse.FUNCTION_TYPES:
            return n
        n = n.parent
    return None


def _is_once_do(lit: Node) -> bool:
    """Tell whether a func literal is the argument of ``x.Do(...)`` (``sync.Once``)."""
    args = lit.parent
    call = args.parent if args is not None else None
    if call is None or call.type != "call_expression" or args is None:
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    field = fn.child_by_field_name("field")
    return field is not None and field.text == b"Do" and len(args.named_children) == 1


def _package_level(node: Node) -> bool:
    n = node.parent
    while n is not None:
        if n.type in parse.FUNCTION_TYPES:
            return False
        if n.type == "source_file":
            return True
        n = n.parent
    return False


@dataclass(frozen=True, slots=True)
class _Place:
    """Where an identifier sits: its innermost function and whether a loop of it is around."""

    node: Node
    holder: Node | None
    looped: bool


def _places(root: Node, source: bytes, want: bytes) -> list[_Place]:
    """Return every identifier and field identifier ``want`` of one file, with its place.

    Found from the text and the tree (:func:`parse.nodes_named`); from each one, the walk
    up to its innermost function says whether a loop is in between. Last in the file
    first, as a walk down the tree that pushes children in order and pops the last one
    would.
    """
    out: list[_Place] = []
    for node in reversed(parse.nodes_named(root, want, _NAME_TYPES, source)):
        holder: Node | None = None
        looped = False
        up = node.parent
        while up is not None:
            if up.type in parse.FUNCTION_TYPES:
                holder = up
                break
            if up.type in _LOOP_TYPES:
                looped = True
            up = up.parent
        out.append(_Place(node, holder, looped))
    return out


_NAME_TYPES: Final = frozenset({"identifier", "field_identifier"})


def references(index: PackageIndex, name: str) -> list[Reference] | None:
    """Return every place in the package's files that names ``name`` as a function or method.

    None when the name is a word of more than :data:`_MAX_FILES` files of the package: the
    search for callers is bounded, and past the bound who calls it is unknown.
    """
    key = ("lifetime.references", name)
    if key in index.memo:
        got = index.memo[key]
        return got if isinstance(got, list) else None
    files = {index.path: index.source, **index.package}
    want = name.encode()
    word = re.compile(rb"\b" + re.escape(want) + rb"\b")
    out: list[Reference] = []
    pkg = package_name(index.source)
    holding = [
        (path, source)
        for path, source in files.items()
        if want in source and word.search(source) is not None and package_name(source) == pkg
    ]
    if len(holding) > _MAX_FILES:
        index.memo[key] = None
        return None
    for path, source in holding:
        if path == index.path:
            root, text = index.root, index.source
        else:
            root, text = cached_tree(source).root_node, source
        for place in _places(root, text, want):
            node = place.node
            up = node.parent
            if up is None:
                continue
            if up.type in _DECL_TYPES and up.child_by_field_name("name") == node:
                continue  # the declaration itself
            if up.type == "selector_expression" and up.child_by_field_name("field") != node:
                continue  # x in x.f
            if up.type in ("keyed_element", "field_declaration"):
                continue  # a struct field key, not a function
            target = up if up.type == "selector_expression" else node
            call = target.parent
            is_call = (
                call is not None
                and call.type == "call_expression"
                and call.child_by_field_name("function") == target
            )
            if node.type == "identifier" and up.type not in (
                "call_expression",
                "argument_list",
                "expression_list",
                "literal_element",
                "keyed_element",
                "assignment_statement",
                "short_var_declaration",
                "return_statement",
                "go_statement",
                "defer_statement",
                "parenthesized_expression",
            ):
                continue  # a type, label, or a local of the same name in another shape
            out.append(Reference(path, node, is_call, place.holder, place.looped))
    index.memo[key] = out
    return out


def _shadowed(ref: Reference, index: PackageIndex) -> bool:
    """Tell whether an identifier reference is a local of the function around it."""
    if ref.node.type != "identifier" or ref.holder is None:
        return False
    name = ref.node.text or b""
    key = ("lifetime.shadowed", ref.holder.id, name)
    got = index.memo.get(key)
    if isinstance(got, bool):
        return got
    found = False
    for n in parse.iter_descendants(ref.holder):
        if n.type in ("short_var_declaration", "var_spec", "parameter_declaration", "range_clause"):
            left = n.child_by_field_name("left") or n.child_by_field_name("name")
            names = [left] if left is not None else []
            if n.type in ("var_spec", "parameter_declaration"):
                names = list(n.children_by_field_name("name"))
            if any(
                ident.type == "identifier" and ident.text == name
                for side in names
                for ident in parse.iter_descendants(side)
            ):
                found = True
                break
    index.memo[key] = found
    return found


def runs(func: Node, path: str, index: PackageIndex, *, depth: int = 0) -> Runs:
    """Say how often ``func`` (a declaration or a func literal) runs per process."""
    if func.type == "func_literal":
        return _literal_runs(func, path, index, depth)
    key = ("lifetime.runs", path, func.start_byte)
    got = index.memo.get(key)
    if isinstance(got, Runs):
        return got
    index.memo[key] = Runs.UNKNOWN  # a cycle in the call graph proves nothing
    verdict = _declaration_runs(func, path, index, depth)
    index.memo[key] = verdict
    return verdict


def _literal_runs(lit: Node, path: str, index: PackageIndex, depth: int) -> Runs:
    if _is_once_do(lit):
        return Runs.ONCE
    if serves_requests(lit):
        return Runs.MANY
    holder = _holder(lit)
    if holder is None:
        return Runs.ONCE if _package_level(lit) else Runs.UNKNOWN
    if facts.in_loop(lit, holder):
        return Runs.MANY
    # A literal handed to other code (a callback, a registry) runs when that code says.
    up = lit.parent
    while up is not None and up.type == "parenthesized_expression":
        up = up.parent
    if up is not None and up.type == "argument_list":
        return Runs.UNKNOWN
    return runs(holder, path, index, depth=depth)


def _declaration_runs(decl: Node, path: str, index: PackageIndex, depth: int) -> Runs:
    name = _name(decl)
    if decl.type == "function_declaration" and name in ("main", "init"):
        return Runs.ONCE
    if serves_requests(decl) or is_test_entry(decl, path):
        return Runs.MANY
    if depth >= _MAX_DEPTH or not name:
        return Runs.UNKNOWN
    exported = name[:1].isupper()
    pkg = package_name(index.source)
    found = references(index, name)
    if found is None:
        return Runs.UNKNOWN
    refs = [r for r in found if not _shadowed(r, index)]
    receiver = _receiver_type(decl) if decl.type == "method_declaration" else None
    calls: list[Reference] = []
    for r in refs:
        if not r.is_call:
            return Runs.UNKNOWN  # a function value: whoever holds it decides
        if receiver is not None and not _may_call_method(r, receiver, index):
            continue
        if receiver is None and r.node.type != "identifier":
            continue  # pkg.F or x.F: not this package function
        calls.append(r)
    if not calls:
        return Runs.UNKNOWN
    many = len(calls) > 1
    verdicts: list[Runs] = []
    for c in calls:
        if c.holder is None:
            verdicts.append(Runs.ONCE)  # a package-level initializer
            continue
        if c.looped:
            return Runs.MANY
        verdicts.append(runs(c.holder, c.path, index, depth=depth + 1))
    if Runs.MANY in verdicts:
        return Runs.MANY
    if exported and pkg != "main" and not path.endswith("_test.go"):
        # Other packages may call it too: at least as often as here.
        return Runs.MANY if many else Runs.UNKNOWN
    if many:
        # Two calls run it twice, unless some caller may itself never run.
        return Runs.MANY if all(v is Runs.ONCE for v in verdicts) else Runs.UNKNOWN
    return verdicts[0]


def _receiver_type(method: Node) -> str | None:
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return None
    for pd in recv.named_children:
        t = pd.child_by_field_name("type")
        if t is not None:
            return parse.text(t).lstrip("*").split("[")[0]
    return None


def _may_call_method(ref: Reference, receiver: str, index: PackageIndex) -> bool:
    """Tell whether ``x.M(...)`` may call the method of ``receiver`` (not another type's)."""
    if ref.node.type != "field_identifier":
        return False
    methods = index.lookup(parse.text(ref.node))
    types = {m.receiver_type for m in methods}
    if types <= {receiver}:
        return True
    # Several types declare the method: the call is this one's only if the operand's type
    # is known to be it. Unknown operands may be any of them.
    sel = ref.node.parent
    operand = sel.child_by_field_name("operand") if sel is not None else None
    if operand is None or operand.type != "identifier":
        return True
    known = facts.operand_type(operand, index)
    return known is None or known == receiver


def holds_outliving(starts: Sequence[Node], parent: Node) -> bool:
    """Tell whether a go statement starts a worker of an object rather than of the call.

    ``starts`` is the go statement, or for a function value run by a helper's go
    statement, the call that hands it on and the value.

    The object is the method's receiver or what the function returns (a worker of a
    struct a constructor returns, a loop a method runs on its receiver): such a goroutine
    lives as long as the object by design, and the object's owner decides when it ends. A
    goroutine that also holds the call's own arguments (other than a ``context.Context``,
    which carries a lifetime, not data) works for that call, and lives per call.
    """
    decl = declaration_of(parent)
    if decl is None:
        return False
    own: set[bytes] = set()
    recv = decl.child_by_field_name("receiver")
    for pd in recv.named_children if recv is not None else []:
        own.update(n.text or b"" for n in pd.children_by_field_name("name"))
    for n in parse.iter_descendants(decl):
        if n.type == "return_statement" and _holder(n) is decl:
            for ident in parse.iter_descendants(n):
                if ident.type == "identifier":
                    own.add(ident.text or b"")
    args: set[bytes] = set()
    params = decl.child_by_field_name("parameters")
    for pd in params.named_children if params is not None else []:
        t = pd.child_by_field_name("type")
        if t is not None and parse.text(t) == "context.Context":
            continue
        args.update(n.text or b"" for n in pd.children_by_field_name("name"))
    own -= {b"_", b"nil"}
    args -= {b"_"}
    held = {n.text for s in starts for n in parse.iter_descendants(s) if n.type == "identifier"}
    return bool(held & own) and not (held & args)


def ticker_channel(expr: Node, func: Node) -> bool:
    """Tell whether ``expr`` is a ticker's channel, which is never closed.

    ``time.Tick(d)``, ``time.NewTicker(d).C``, and ``t.C`` for a local ``t`` declared once as
    ``time.NewTicker(d)`` (or ``c`` declared once as ``time.Tick(d)``). ``Stop`` stops the
    ticks; it does not close the channel, so a ``range`` over it never ends.
    """
    if expr.type == "call_expression":
        return parse.text(expr.child_by_field_name("function") or expr) == "time.Tick"
    if expr.type == "identifier":
        return _declared_as(expr, func, "time.Tick")
    if expr.type != "selector_expression":
        return False
    field = expr.child_by_field_name("field")
    operand = expr.child_by_field_name("operand")
    if field is None or field.text != b"C" or operand is None:
        return False
    if operand.type == "call_expression":
        return parse.text(operand.child_by_field_name("function") or operand) == "time.NewTicker"
    return operand.type == "identifier" and _declared_as(operand, func, "time.NewTicker")


def _declared_as(ident: Node, func: Node, callee: str) -> bool:
    """Tell whether the local ``ident`` is bound once, to a call of ``callee``, and never again."""
    name = ident.text
    decl = declaration_of(func) or func
    bindings = 0
    made = False
    for n in parse.iter_descendants(decl):
        if n.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
            continue
        left = n.child_by_field_name("left") or n.child_by_field_name("name")
        right = n.child_by_field_name("right") or n.child_by_field_name("value")
        if left is None:
            continue
        targets = [c for c in (left.named_children if left.type == "expression_list" else [left])]
        for i, t in enumerate(targets):
            if t.type != "identifier" or t.text != name:
                continue
            bindings += 1
            values = (
                right.named_children
                if right is not None and right.type == "expression_list"
                else [right]
            )
            v = values[i] if i < len(values) and len(values) == len(targets) else None
            if v is not None and v.type == "call_expression":
                fn = v.child_by_field_name("function")
                made = made or (fn is not None and parse.text(fn) == callee)
    return bindings == 1 and made
