"""The package index: functions and methods of every file of one package, found lazily.

Go resolves a call to any file of the same directory and package, so a ``go worker(ch)`` in
``a.go`` may run a function of ``b.go``. The index looks in the current file first, then in
the siblings whose text mentions the name (a byte search), and parses only those. Sibling
trees are cached by content: the language server asks again on every keystroke with the same
siblings, and the CLI asks once per file of a package.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Final, TypeVar

from tree_sitter import Node, Tree

from gostuck.syntax import parse

_CACHE_SIZE: Final = 256
_T = TypeVar("_T")
_cache: OrderedDict[bytes, Tree] = OrderedDict()
_lock = threading.Lock()
_PACKAGE_RE: Final = re.compile(rb"^\s*package\s+(\w+)", re.MULTILINE)


def _by_source(
    cache: OrderedDict[bytes, _T], source: bytes, size: int, make: Callable[[], _T]
) -> _T:
    """Return ``cache[source]``, made by ``make`` on a miss; the oldest go past ``size``.

    The bytes are the key: Python caches a bytes object's hash, so asking again with the
    same object (the caller's sibling map) costs nothing, and equal text from elsewhere
    still hits.
    """
    with _lock:
        got = cache.get(source)
        if got is not None:
            cache.move_to_end(source)
            return got
    value = make()
    with _lock:
        cache[source] = value
        while len(cache) > size:
            cache.popitem(last=False)
    return value


def cached_tree(source: bytes) -> Tree:
    """Parse ``source``, reusing an earlier parse of the same bytes."""
    return _by_source(_cache, source, _CACHE_SIZE, lambda: parse.parse(source))


def peek_tree(source: bytes) -> Tree | None:
    """Return the cached parse of ``source`` if there is one; never parse."""
    with _lock:
        return _cache.get(source)


_DECL_RE: Final = re.compile(rb"^func\s*(?:\([^)]*\)\s*)?(\w+)", re.MULTILINE)
_names_cache: OrderedDict[bytes, frozenset[str]] = OrderedDict()


def declared_names(source: bytes) -> frozenset[str]:
    """Return the names of the top-level functions and methods in ``source`` (cached)."""
    return _by_source(
        _names_cache,
        source,
        4 * _CACHE_SIZE,
        lambda: frozenset(m.group(1).decode("utf-8", "replace") for m in _DECL_RE.finditer(source)),
    )


_chan_structs_cache: OrderedDict[bytes, frozenset[str]] = OrderedDict()


def chan_struct_names(source: bytes) -> frozenset[str]:
    """Return the top-level struct types of ``source`` whose text mentions ``chan`` (cached).

    A cheap first look for the analyses of objects that hold channels: a struct with a
    field of a named channel type alone is not among them.
    """

    def make() -> frozenset[str]:
        if b"chan" not in source:
            return frozenset()
        root = cached_tree(source).root_node
        return frozenset(n for n, t in struct_types(root) if b"chan" in (t.text or b""))

    return _by_source(_chan_structs_cache, source, 4 * _CACHE_SIZE, make)


def struct_types(root: Node) -> Iterator[tuple[str, Node]]:
    """Yield the file's top-level struct types: (name, the ``struct_type`` node)."""
    for decl in root.named_children:
        if decl.type != "type_declaration":
            continue
        for spec in decl.named_children:
            name, body = spec.child_by_field_name("name"), spec.child_by_field_name("type")
            if (
                spec.type == "type_spec"
                and name is not None
                and body is not None
                and body.type == "struct_type"
            ):
                yield parse.text(name), body


def methods_of(files: Iterable[tuple[str, Node]], tname: str) -> Iterator[tuple[str, Node]]:
    """Yield the methods of ``tname`` declared in ``files``: (their file, the declaration)."""
    for path, root in files:
        for d in root.named_children:
            if d.type == "method_declaration" and receiver_type_name(d) == tname:
                yield path, d


def package_name(source: bytes) -> str | None:
    """Return the package clause's name, read from the bytes without parsing."""
    m = _PACKAGE_RE.search(source)
    return m.group(1).decode() if m else None


@dataclass(frozen=True, slots=True)
class FuncRef:
    """A top-level function or method, and the file it is in."""

    path: str
    node: Node
    receiver_type: str | None = None


def receiver_type_name(method: Node) -> str | None:
    """``T`` for ``func (x *T) m()`` or ``func (x T[K]) m()``."""
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return None
    for p in recv.named_children:
        if p.type != "parameter_declaration":
            continue
        t = p.child_by_field_name("type")
        while t is not None and t.type in ("pointer_type", "generic_type", "parenthesized_type"):
            inner = t.child_by_field_name("type")
            if inner is None:
                inner = next((c for c in t.named_children), None)
            t = inner
        if t is not None and t.type == "type_identifier":
            return parse.text(t)
    return None


def _declarations(root: Node, name: str) -> list[FuncRef]:
    out: list[FuncRef] = []
    for child in root.named_children:
        if child.type not in ("function_declaration", "method_declaration"):
            continue
        n = child.child_by_field_name("name")
        if n is None or n.text != name.encode():
            continue
        recv = receiver_type_name(child) if child.type == "method_declaration" else None
        out.append(FuncRef("", child, recv))
    return out


_MAX_EMBEDDING: Final = 3


@dataclass(frozen=True, slots=True)
class Member:
    """A field or method reached by a selector, through the embedded fields in ``via``."""

    via: tuple[str, ...]  # embedded fields passed through (empty: the type's own member)
    owner: str  # the struct type declaring it
    field_type: Node | None  # a field: its declared type
    method: FuncRef | None  # a method: its declaration


def _named(t: Node | None) -> str | None:
    """``T`` for the package type ``T`` or ``*T`` (not a qualified type)."""
    while t is not None and t.type == "pointer_type":
        t = next(iter(t.named_children), None)
    return parse.text(t) if t is not None and t.type == "type_identifier" else None


class PackageIndex:
    """Resolves names to the top-level functions and methods of one package."""

    def __init__(
        self, path: str, root: Node, source: bytes, package: Mapping[str, bytes] | None
    ) -> None:
        """Index ``root`` (the file being analysed) and, lazily, its ``package`` siblings."""
        self.path = path
        self.root = root
        self.source = source
        self.package = dict(package or {})
        self._name = package_name(source)
        self._memo: dict[str, list[FuncRef]] = {}
        self._imports: frozenset[str] | None = None
        self._names: dict[str, frozenset[str]] = {}
        self._structs: dict[str, dict[str, Node] | None] = {}
        self._embedded: dict[str, tuple[str, ...]] = {}
        self._types: dict[str, Node] | None = None
        # Answers other modules compute once per package (keyed by a tuple naming them).
        self.memo: dict[object, object] = {}

    def files(self, *, tests: bool = True) -> list[tuple[str, Node]]:
        """Return (path, root) of this file and its siblings of the same package clause.

        Without ``tests``, the siblings' ``_test.go`` files are left out.
        """
        out = [(self.path, self.root)]
        for p, src in self.package.items():
            if p == self.path or package_name(src) != self._name:
                continue
            if tests or not p.endswith("_test.go"):
                out.append((p, cached_tree(src).root_node))
        return out

    def lookup(self, name: str) -> list[FuncRef]:
        """Return every function or method called ``name`` in the package."""
        got = self._memo.get(name)
        if got is not None:
            return got
        found = [
            FuncRef(self.path, r.node, r.receiver_type) for r in _declarations(self.root, name)
        ]
        for sib_path, sib_src in self.package.items():
            if sib_path == self.path or name not in self._sibling_names(sib_path, sib_src):
                continue
            if package_name(sib_src) != self._name:
                continue
            tree = cached_tree(sib_src)
            found.extend(
                FuncRef(sib_path, r.node, r.receiver_type)
                for r in _declarations(tree.root_node, name)
            )
        self._memo[name] = found
        return found

    def _sibling_names(self, path: str, source: bytes) -> frozenset[str]:
        got = self._names.get(path)
        if got is None:
            got = declared_names(source)
            self._names[path] = got
        return got

    def imports(self) -> frozenset[str]:
        """Return the names the file's imports bind (``http``, or an alias)."""
        if self._imports is None:
            names: set[str] = set()
            for alias, path in parse.import_specs(self.root):
                last = parse.import_name(alias, path)
                names.add(last)
                if alias is None:
                    # gopkg.in/yaml.v3 and example.com/go-foo bind other names: keep the
                    # plausible ones too.
                    names.add(last.split(".")[0])
                    names.add(last.removeprefix("go-"))
            self._imports = frozenset(names)
        return self._imports

    def _type_specs(self, tname: bytes, after: bytes) -> Iterator[Node]:
        """Yield the package's type specs named ``tname``, in its files where ``after`` follows it.

        The analysed file first; a sibling file is parsed only when its text has ``tname``
        followed by the pattern ``after``.
        """
        sources: list[tuple[bytes, Node | None]] = [(self.source, self.root)]
        sources.extend(
            (src, None)
            for p, src in self.package.items()
            if p != self.path and package_name(src) == self._name
        )
        for src, root in sources:
            if next(parse.find_word(tname, src, after), None) is None:
                continue
            top = root if root is not None else cached_tree(src).root_node
            for decl in top.named_children:
                if decl.type != "type_declaration":
                    continue
                for spec in decl.named_children:
                    name = spec.child_by_field_name("name")
                    if name is not None and name.text == tname:
                        yield spec

    def struct_fields(self, type_name: str) -> dict[str, Node] | None:
        """Return the fields of the package's struct type ``type_name`` (name -> type node).

        None unless exactly one struct type has that name. An embedded field is named after
        its type, as in Go (``sync.Mutex`` is the field ``Mutex``).
        """
        got = self._structs.get(type_name)
        if got is not None or type_name in self._structs:
            return got
        specs: list[Node] = []
        for spec in self._type_specs(type_name.encode(), rb"(?:\[[^\]]*\])?\s+struct\b"):
            typ = spec.child_by_field_name("type")
            if typ is not None and typ.type == "struct_type":
                specs.append(typ)
        fields: dict[str, Node] | None = None
        embedded: list[str] = []
        if len(specs) == 1:
            fields = {}
            lists = [c for c in specs[0].named_children if c.type == "field_declaration_list"]
            for fd in lists[0].named_children if lists else []:
                if fd.type != "field_declaration":
                    continue
                ftype = fd.child_by_field_name("type")
                if ftype is None:
                    continue
                names = [parse.text(n) for n in fd.children_by_field_name("name")]
                if not names:
                    base = ftype
                    while base.type in ("pointer_type", "generic_type") and base.named_children:
                        base = base.named_children[0]
                    names = [parse.text(base).rsplit(".", 1)[-1]]
                    embedded.append(names[0])
                for n in names:
                    fields[n] = ftype
        self._structs[type_name] = fields
        self._embedded[type_name] = tuple(embedded)
        return fields

    def embedded_fields(self, type_name: str) -> tuple[str, ...]:
        """Return the names of the embedded fields of the struct type ``type_name``, in order."""
        if self.struct_fields(type_name) is None:
            return ()
        return self._embedded.get(type_name, ())

    def member(self, type_name: str, name: str) -> Member | None:
        """Return what ``x.name`` is for ``x`` of the package type ``type_name``.

        A field or method of the type itself, or one promoted from an embedded field (the
        shallowest, as Go picks it; two at that depth, or an embedded interface (or, for an
        exported name, a type of another package) above that depth, whose members we do not
        list, give None).
        """
        level: list[tuple[tuple[str, ...], str]] = [((), type_name)]
        unseen = False  # an embedded type of another package at this depth
        for _ in range(_MAX_EMBEDDING):
            hits: list[Member] = []
            deeper: list[tuple[tuple[str, ...], str]] = []
            unseen_deeper = False
            for prefix, typ in level:
                fields = self.struct_fields(typ)
                method = self.method(name, typ)
                if fields is not None and name in fields:
                    hits.append(Member(prefix, typ, fields[name], None))
                elif method is not None:
                    hits.append(Member(prefix, typ, None, method))
                elif not prefix and fields is None:
                    return None  # not a package struct type: its members are unknown
                for emb in self.embedded_fields(typ):
                    named = _named(fields.get(emb) if fields is not None else None)
                    if named is None:
                        # Another package's type may have the member, unless the name is
                        # unexported (then the two are different names).
                        unseen_deeper = unseen_deeper or name[:1].isupper()
                        continue
                    if self.struct_fields(named) is None:
                        unseen_deeper = True  # an interface, or another named type
                        continue
                    deeper.append(((*prefix, emb), named))
            if hits:
                # One at this depth is Go's pick (two would not compile, even with one
                # we cannot see).
                return hits[0] if len(hits) == 1 else None
            if unseen or not deeper:
                return None
            level, unseen = deeper, unseen_deeper
        return None

    def type_spec(self, name: str) -> Node | None:
        """Return the type node of the package's one top-level type declaration ``name``.

        ``uint32`` for ``type Status uint32``; None when no file, or several, declare it.
        """
        if self._types is None:
            found: dict[str, list[Node]] = {}
            roots = [self.root] + [
                cached_tree(src).root_node
                for p, src in self.package.items()
                if p != self.path and package_name(src) == self._name
            ]
            for root in roots:
                for decl in root.named_children:
                    if decl.type != "type_declaration":
                        continue
                    for spec in decl.named_children:
                        n = spec.child_by_field_name("name")
                        t = spec.child_by_field_name("type")
                        if n is not None and t is not None:
                            found.setdefault(parse.text(n), []).append(t)
            self._types = {k: v[0] for k, v in found.items() if len(v) == 1}
        return self._types.get(name)

    def is_interface(self, type_name: str) -> bool:
        """Tell whether the package declares ``type_name`` as an interface type."""
        key = "\x00iface:" + type_name
        got = self._structs.get(key)
        if key in self._structs:
            return got is not None
        tname = type_name.encode()

        def declares(src: bytes) -> bool:
            return next(parse.find_word(tname, src, rb"\s+interface\b"), None) is not None

        found = declares(self.source) or any(
            declares(src)
            for p, src in self.package.items()
            if p != self.path and package_name(src) == self._name
        )
        self._structs[key] = {} if found else None
        return found

    def is_chan_type(self, type_name: str) -> bool:
        """Tell whether the package declares ``type_name`` once, as a channel type.

        ``type out chan<- Event``: a conversion ``out(ch)`` is the channel ``ch`` itself,
        with ``out``'s methods.
        """
        key = "\x00chan:" + type_name
        if key in self._structs:
            return self._structs[key] is not None
        specs = 0
        for spec in self._type_specs(type_name.encode(), rb"\s+(?:chan\b|<-)"):
            typ = spec.child_by_field_name("type")
            specs += 1 if typ is not None and typ.type == "channel_type" else 2
        self._structs[key] = {} if specs == 1 else None
        return specs == 1

    def interface_methods(self, type_name: str) -> frozenset[str] | None:
        """Return the method names of the package's interface ``type_name``.

        None unless exactly one interface of that name is declared and it lists methods
        only (an embedded interface or a type constraint hides part of the method set).
        """
        key = "\x00imethods:" + type_name
        if key in self._structs:
            got = self._structs[key]
            return frozenset(got) if got is not None else None
        specs: list[Node] = []
        for spec in self._type_specs(type_name.encode(), rb"\s+interface\b"):
            typ = spec.child_by_field_name("type")
            if typ is not None:
                specs.append(typ)
        names: dict[str, Node] | None = None
        if len(specs) == 1 and specs[0].type == "interface_type":
            names = {}
            for elem in specs[0].named_children:
                if elem.type == "comment":
                    continue
                n = elem.child_by_field_name("name") if elem.type == "method_elem" else None
                if n is None:
                    names = None
                    break
                names[parse.text(n)] = elem
        self._structs[key] = names
        return frozenset(names) if names is not None else None

    def interface_method(self, name: str, iface: str) -> FuncRef | None:
        """Return the method ``name`` a call through the interface ``iface`` runs, if certain.

        The package's one type whose method set covers ``iface`` and declares ``name``: a
        struct with embedded fields may get methods it does not declare, so it counts as
        covering. None when the interface's methods are not all known, or when no type or
        more than one qualifies.
        """
        methods = self.interface_methods(iface)
        if methods is None or name not in methods:
            return None
        found: list[FuncRef] = []
        for ref in self.lookup(name):
            t = ref.receiver_type
            if ref.node.type != "method_declaration" or t is None:
                continue
            fields = self.struct_fields(t)
            embeds = fields is not None and any(
                parse.text(ftype).lstrip("*").split("[")[0].rsplit(".", 1)[-1] == f
                for f, ftype in fields.items()
            )
            if embeds or all(any(r.receiver_type == t for r in self.lookup(m)) for m in methods):
                found.append(ref)
        return found[0] if len(found) == 1 else None

    def function(self, name: str) -> FuncRef | None:
        """Return the top-level function ``name`` (not a method), if there is exactly one."""
        funcs = [r for r in self.lookup(name) if r.node.type == "function_declaration"]
        return funcs[0] if len(funcs) == 1 else None

    def method(self, name: str, receiver_type: str | None = None) -> FuncRef | None:
        """Return the method ``name`` of ``receiver_type``; any type when there is only one."""
        methods = [r for r in self.lookup(name) if r.node.type == "method_declaration"]
        if receiver_type is not None:
            methods = [m for m in methods if m.receiver_type == receiver_type]
        return methods[0] if len(methods) == 1 else None
