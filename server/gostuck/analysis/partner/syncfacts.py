"""Sync-primitive facts: locks held along paths, WaitGroup and Cond use, per goroutine.

Only files whose text calls a sync method (one compiled query, ``gs5sync.scm``) and starts
goroutines are looked at. For each ``go`` statement of the file the goroutine's body is walked
along its control-flow graph, calls into the package included (method receivers and
parameters bound to the caller's values, up to :data:`MAX_DEPTH` calls deep), with the set of
locks it holds as the state:

- a lock is named by an *instance path* rooted at a variable of the goroutine (``s@12.mu``:
  the same value on every path) and by a *class*, the struct type and field it lives in
  (``Store.mu``, ``DeviceSet.Mutex`` for an embedded mutex, ``remoteLock.m[]`` for a map of
  mutexes). Types come from declarations in the package: struct fields, receivers,
  parameters, results of package functions, composite literals.
- ``Lock`` while the same instance is held is a deadlock of the goroutine with itself;
  ``RLock`` while a read lock of the same class is held deadlocks as soon as a writer queues
  in between (only reported when the package has such a writer).
- every lock taken while another is held gives an order pair; two goroutines started by the
  same function that take two classes in opposite orders can deadlock (AB-BA).
- a void function that releases a lock on some paths and returns holding it on another
  leaves it locked for good; so does a goroutine that deadlocks while holding a lock.
- a lock held across a blocking channel operation whose every partner, in another goroutine,
  is reached only after taking the same lock.
- ``WaitGroup.Wait`` with no ``Done`` anywhere in the package, ``Wait`` inside the loop that
  starts the goroutines it waits for, ``Wait`` on goroutines that deadlock before ``Done``,
  goroutines with a path around their ``Done``; ``Cond.Wait`` with no ``Signal`` or
  ``Broadcast`` in the package.

Anything not understood (an unresolved call that is handed a held lock, a function value we
cannot see, a graph that cannot be built, too many states) drops what it could change:
unknown means silence.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from tree_sitter import Node

from gostuck.analysis import lifetime
from gostuck.analysis.context import FileFacts
from gostuck.analysis.flow import funcvals, module
from gostuck.analysis.flow.facts import Graphs, in_loop, innermost_loop, param_names, receiver_name
from gostuck.analysis.flow.index import (
    FuncRef,
    PackageIndex,
    cached_tree,
    package_name,
    receiver_type_name,
)
from gostuck.analysis.model import Confidence, Role
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Block, Kind

QUERY: Final = "gs5sync.scm"  # sync method calls
OPS_QUERY: Final = "gs5ops.scm"  # calls and channel operations
DECLS_QUERY: Final = "gs5decls.scm"  # declarations and assignments
MAX_DEPTH: Final = 10  # calls followed below a goroutine's entry
MAX_STATES: Final = 1000  # (block, held, deferred) states per goroutine before giving up
MAX_HELD: Final = 6
PSEUDO_DEPTH: Final = 3  # calls followed from a function walked only for the locks it leaves
MAX_BLOCKS: Final = 4  # blocking places named on one finding
MAX_CHAIN: Final = 3  # channels between a lock holder and the goroutine that needs the lock

LOCK_OPS: Final = frozenset({"Lock", "RLock", "Unlock", "RUnlock"})
SYNC_TYPES: Final = {
    "Mutex": "mutex",
    "RWMutex": "rwmutex",
    "WaitGroup": "wg",
    "Cond": "cond",
    "Once": "once",
}
W: Final = "w"
R: Final = "r"

GS_WG: Final = "GS5001"
GS_LOCK: Final = "GS5002"
GS_ORDER: Final = "GS5003"
GS_RLOCK: Final = "GS5004"
GS_COND: Final = "GS5005"
GS_CHAN: Final = "GS5006"


# --------------------------------------------------------------------------- types


@dataclass(eq=False, slots=True)
class Ty:
    """A Go type as far as the sync analysis needs it."""

    kind: str  # named, mutex, rwmutex, wg, cond, once, map, slice, struct, chan, iface, func, other
    name: str = ""  # the type's name for ``named``
    elem: Ty | None = None  # element of map and slice
    node: Node | None = None  # the underlying type node (named), struct_type (struct)


OTHER: Final = Ty("other")
NodeKey = tuple[str, int]  # (file, start byte)


def node_key(path: str, node: Node) -> NodeKey:
    """Return a stable key for ``node`` of file ``path``."""
    return (path, node.start_byte)


@dataclass(eq=False, slots=True)
class Val:
    """What an expression denotes: an instance path, a class, a type, maybe a function."""

    path: str  # the same string means the same value; "[]" in it means "some element"
    cls: str  # the declaration it lives in: "Type.field", or a local's unique name
    ty: Ty | None
    text: str  # the source text, for messages
    func: Node | None = None  # a func literal or declaration held in the value
    func_path: str = ""
    closure: dict[str, Val] | None = None
    fields: dict[str, Val] | None = None  # fields known to hold these values (T{f: v})

    @property
    def certain(self) -> bool:
        """Tell whether the path names one value on every path (no element of a container)."""
        return "[]" not in self.path and "?" not in self.path


class Package:
    """Declarations of one package: types, functions and methods, found lazily.

    Shared by the analyses of every file of the package (see :func:`package_of`): each
    file's top-level declarations are read once, not once per file that asks.
    """

    def __init__(self, files: list[tuple[str, bytes]]) -> None:
        """Look up declarations in ``files`` (path, text), the analysed one first."""
        self._files = files
        self._types: dict[str, Node | None] = {}
        self.type_files: dict[str, str] = {}
        self.field_cache: dict[tuple[object, ...], tuple[Ty | None, str] | None] = {}
        self._all_funcs: frozenset[bytes] | None = None
        self._decls: dict[str, dict[bytes, list[FuncRef]]] = {}
        self._lookups: dict[str, list[FuncRef]] = {}
        self._by_name: dict[bytes, list[tuple[str, bytes]]] | None = None
        self._foreign_unlocks: dict[str, list[Node] | None] = {}
        self._calls_sync: bool | None = None

    def files(self) -> list[tuple[str, bytes]]:
        """Return every file of the package with its text."""
        return self._files

    def type_decl(self, name: str) -> Node | None:
        """Return the type node ``name`` is declared as (``type name <node>``)."""
        if name in self._types:
            return self._types[name]
        found: Node | None = None
        raw = name.encode()
        for p, src in self.files():
            if raw not in declared_types(src):
                continue
            for decl in cached_tree(src).root_node.named_children:
                if decl.type != "type_declaration":
                    continue
                for spec in decl.named_children:
                    if spec.type not in ("type_spec", "type_alias"):
                        continue
                    n = spec.child_by_field_name("name")
                    if n is not None and n.text == raw:
                        found = spec.child_by_field_name("type")
                        self.type_files[name] = p
                        break
                if found is not None:
                    break
            if found is not None:
                break
        self._types[name] = found
        return found

    def _file_decls(self, path: str, src: bytes) -> dict[bytes, list[FuncRef]]:
        got = self._decls.get(path)
        if got is None:
            got = {}
            for child in cached_tree(src).root_node.named_children:
                if child.type not in ("function_declaration", "method_declaration"):
                    continue
                n = child.child_by_field_name("name")
                if n is None or n.text is None:
                    continue
                recv = receiver_type_name(child) if child.type == "method_declaration" else None
                got.setdefault(n.text, []).append(FuncRef(path, child, recv))
            self._decls[path] = got
        return got

    def lookup(self, name: str) -> list[FuncRef]:
        """Return every function or method called ``name`` in the package."""
        got = self._lookups.get(name)
        if got is None:
            got = []
            raw = name.encode()
            for p, src in self._declaring().get(raw, ()):
                got.extend(self._file_decls(p, src).get(raw, []))
            self._lookups[name] = got
        return got

    def _declaring(self) -> dict[bytes, list[tuple[str, bytes]]]:
        """Return, for each function or method name, the files declaring it, in order.

        Read once from the texts: a name the package does not declare (most calls are of
        other packages' functions) costs one dict lookup, not a look at every file.
        """
        if self._by_name is None:
            self._by_name = {}
            for p, src in self.files():
                for raw in declared_funcs(src):
                    self._by_name.setdefault(raw, []).append((p, src))
        return self._by_name

    def function(self, name: str) -> FuncRef | None:
        """Return the top-level function ``name`` when there is exactly one."""
        funcs = [r for r in self.lookup(name) if r.node.type == "function_declaration"]
        return funcs[0] if len(funcs) == 1 else None

    def method(self, name: str, receiver_type: str) -> FuncRef | None:
        """Return the method ``name`` of ``receiver_type`` when there is exactly one."""
        ms = [
            r
            for r in self.lookup(name)
            if r.node.type == "method_declaration" and r.receiver_type == receiver_type
        ]
        return ms[0] if len(ms) == 1 else None

    def declares_func(self, name: str) -> bool:
        """Tell whether some file of the package declares a function or method ``name``."""
        if self._all_funcs is None:
            self._all_funcs = frozenset().union(*(declared_funcs(src) for _, src in self.files()))
        return name.encode() in self._all_funcs

    def texts(self) -> Iterator[bytes]:
        """Return the text of every file of the package."""
        return (src for _, src in self.files())

    def calls_sync(self) -> bool:
        """Tell whether some file of the package calls a sync-like method (from the text).

        A goroutine started in one file may wait or lock in a method declared in another
        (``go consume(q)`` in main.go, ``q.cond.Wait()`` in queue.go): the file that starts it
        needs the sync analysis when any file of the package does.
        """
        if self._calls_sync is None:
            self._calls_sync = any(_SYNC_CALL_TEXT.search(src) for src in self.texts())
        return self._calls_sync

    def foreign_unlocks(self, field: str) -> list[Node] | None:
        """Return the unlocks of a lock field ``field`` by code that did not lock it itself.

        A function that locks ``x.f`` and unlocks it again releases only what it took. One
        that unlocks ``x.f`` without a ``x.f.Lock()`` before it (in it or a function around
        it) may release a lock someone else holds: a lock-handing protocol (``if c.TryGet(k)
        { ...; c.mu.Unlock() }``). None when anything we cannot see may: another package (an
        exported field outside ``package main``), or a holder of ``&x.f`` (other than
        ``sync.NewCond``). An embedded mutex (``Mutex``, ``RWMutex``) is unlocked through
        its struct, ``x.Unlock()``: every such unlock of the package counts for it.
        """
        if field not in self._foreign_unlocks:
            self._foreign_unlocks[field] = self._compute_foreign_unlocks(field)
        return self._foreign_unlocks[field]

    def _compute_foreign_unlocks(self, field: str) -> list[Node] | None:
        embedded = field in ("Mutex", "RWMutex")
        exported = not embedded and field[:1].isupper()
        if exported and any(package_name(src) != "main" for src in self.texts()):
            return None
        name = re.escape(field.encode())
        addr = re.compile(rb"&\s*[\w.]*\.\s*" + name + rb"\b(?!\s*\.)")
        newcond = re.compile(rb"NewCond\s*\(\s*&\s*[\w.]*\.\s*" + name + rb"\b\s*\)")
        out: list[Node] = []
        for src in self.texts():
            if len(addr.findall(src)) > len(newcond.findall(src)):
                return None
            if b"Unlock" not in src:
                continue
            for call in parse.captures(QUERY, cached_tree(src).root_node).get("sync.call", []):
                fn = call.child_by_field_name("function")
                m = fn.child_by_field_name("field") if fn is not None else None
                o = fn.child_by_field_name("operand") if fn is not None else None
                if m is None or o is None or m.text not in (b"Unlock", b"RUnlock"):
                    continue
                last = o.child_by_field_name("field") if o.type == "selector_expression" else o
                if not embedded and (last is None or parse.text(last) != field):
                    continue
                if not _locked_before(call, parse.text(o)):
                    out.append(call)
        return out


# The text of a call the sync query matches (``QUERY``), to tell cheaply whether a file of
# the package needs the analysis without parsing it.
_SYNC_CALL_TEXT: Final = re.compile(
    rb"\.\s*(?:Lock|Unlock|RLock|RUnlock|Wait|Done|Add|Signal|Broadcast|Do)\s*\("
)

_PACKAGES: OrderedDict[frozenset[tuple[str, int, int]], tuple[list[bytes], Package]] = OrderedDict()
_PACKAGES_MAX: Final = 8
_packages_lock = threading.Lock()


def package_of(index: PackageIndex) -> Package:
    """Return the :class:`Package` of ``index``'s file, shared with its same-package siblings."""
    name = package_name(index.source)
    files = [(index.path, index.source)] + [
        (p, src)
        for p, src in index.package.items()
        if p != index.path and package_name(src) == name
    ]
    key = frozenset((p, id(src), len(src)) for p, src in files)
    with _packages_lock:
        got = _PACKAGES.get(key)
        if got is not None:
            _PACKAGES.move_to_end(key)
            return got[1]
    pkg = Package(files)
    with _packages_lock:
        # The texts are kept with the key so that their ids are not reused meanwhile.
        _PACKAGES[key] = ([src for _, src in files], pkg)
        while len(_PACKAGES) > _PACKAGES_MAX:
            _PACKAGES.popitem(last=False)
    return pkg


_TYPE_LINE: Final = re.compile(rb"(?m)^type[ \t]+(\w+)")
_TYPE_GROUP: Final = re.compile(rb"(?m)^type[ \t]*\((.*?)^\)", re.DOTALL)
_GROUP_NAME: Final = re.compile(rb"(?m)^[ \t]+(\w+)[ \t]")
_DECLARED: dict[int, tuple[bytes, frozenset[bytes]]] = {}
_DECLARED_MAX: Final = 4096


def declared_types(src: bytes) -> frozenset[bytes]:
    """Return the names a file declares with ``type`` at top level (from the text, cached)."""
    got = _DECLARED.get(id(src))
    if got is not None and got[0] is src:
        return got[1]
    names = set(_TYPE_LINE.findall(src))
    for block in _TYPE_GROUP.findall(src):
        names.update(_GROUP_NAME.findall(block))
    out = frozenset(names)
    if len(_DECLARED) >= _DECLARED_MAX:
        _DECLARED.clear()
    _DECLARED[id(src)] = (src, out)  # the text is kept, so its id is not reused meanwhile
    return out


_FUNC_LINE: Final = re.compile(rb"(?m)^func[ \t]*(?:\([^)]*\)[ \t]*)?(\w+)")
_FUNCS: dict[int, tuple[bytes, frozenset[bytes]]] = {}


def declared_funcs(src: bytes) -> frozenset[bytes]:
    """Return the names of the functions and methods a file declares (from the text, cached)."""
    got = _FUNCS.get(id(src))
    if got is not None and got[0] is src:
        return got[1]
    out = frozenset(_FUNC_LINE.findall(src))
    if len(_FUNCS) >= _DECLARED_MAX:
        _FUNCS.clear()
    _FUNCS[id(src)] = (src, out)
    return out


_BUILTINS: Final = parse.GO_BUILTIN_FUNCS

_BASIC: Final = parse.GO_BASIC_TYPES


def resolve_type(pkg: Package, node: Node | None, depth: int = 0) -> Ty | None:
    """Return the :class:`Ty` that a type node denotes."""
    if node is None or depth > 6:
        return None
    t = node.type
    if t == "type_identifier":
        name = parse.text(node)
        if name in _BASIC:
            return OTHER
        decl = pkg.type_decl(name)
        if decl is None:
            return None
        return Ty("named", name, node=decl)
    if t == "qualified_type":
        pk = node.child_by_field_name("package")
        nm = node.child_by_field_name("name")
        if pk is not None and nm is not None and pk.text == b"sync":
            return Ty(SYNC_TYPES.get(parse.text(nm), "other"))
        return OTHER
    if t in ("pointer_type", "parenthesized_type"):
        inner = next((c for c in node.named_children), None)
        return resolve_type(pkg, inner, depth + 1)
    if t == "generic_type":
        return resolve_type(pkg, node.child_by_field_name("type"), depth + 1)
    if t == "map_type":
        return Ty("map", elem=resolve_type(pkg, node.child_by_field_name("value"), depth + 1))
    if t in ("slice_type", "array_type"):
        return Ty("slice", elem=resolve_type(pkg, node.child_by_field_name("element"), depth + 1))
    if t == "struct_type":
        return Ty("struct", node=node)
    if t == "channel_type":
        return Ty("chan")
    if t == "interface_type":
        return Ty("iface")
    if t == "function_type":
        return Ty("func")
    return OTHER


def underlying(pkg: Package, ty: Ty | None) -> Ty | None:
    """Return the underlying type of a named type (itself for the others)."""
    seen = 0
    while ty is not None and ty.kind == "named" and seen < 6:
        ty = resolve_type(pkg, ty.node, 1)
        seen += 1
    return ty


def _fields(pkg: Package, ty: Ty | None) -> Iterator[tuple[str, Node, bool]]:
    """Return (name, type node, embedded) for each field of a struct type."""
    u = underlying(pkg, ty)
    if u is None or u.kind != "struct" or u.node is None:
        return
    body = next((c for c in u.node.named_children if c.type == "field_declaration_list"), None)
    if body is None:
        return
    for fd in body.named_children:
        if fd.type != "field_declaration":
            continue
        tnode = fd.child_by_field_name("type")
        if tnode is None:
            continue
        names = list(fd.children_by_field_name("name"))
        if names:
            for n in names:
                yield parse.text(n), tnode, False
            continue
        inner = tnode
        while inner.type in ("pointer_type", "generic_type"):
            nxt = inner.child_by_field_name("type") or next(iter(inner.named_children), None)
            if nxt is None:
                break
            inner = nxt
        if inner.type == "qualified_type":
            nm = inner.child_by_field_name("name")
            yield (parse.text(nm) if nm is not None else "?"), tnode, True
        else:
            yield parse.text(inner), tnode, True


def field_of(
    pkg: Package, ty: Ty | None, name: str, depth: int = 0
) -> tuple[Ty | None, str] | None:
    """Return the type of field ``name`` of ``ty`` and the struct it is declared in.

    Promoted fields of embedded structs are found too; the second item names the owner,
    which is what the lock class uses.
    """
    if depth > 2 or ty is None:
        return None
    key: tuple[object, ...] | None = None
    if ty.kind == "named":
        key = ("n", ty.name, name, depth)
    elif ty.kind == "struct" and ty.node is not None:
        key = ("s", ty.node.id, name, depth)
    if key is not None and key in pkg.field_cache:
        return pkg.field_cache[key]
    got = _field_of(pkg, ty, name, depth)
    if key is not None:
        pkg.field_cache[key] = got
    return got


def _field_of(pkg: Package, ty: Ty, name: str, depth: int) -> tuple[Ty | None, str] | None:
    owner = ty.name if ty.kind == "named" else ""
    embedded: list[Node] = []
    for fname, tnode, emb in _fields(pkg, ty):
        if fname == name:
            return resolve_type(pkg, tnode), owner
        if emb:
            embedded.append(tnode)
    for tnode in embedded:
        sub = resolve_type(pkg, tnode)
        if sub is None or sub.kind != "named":
            continue
        got = field_of(pkg, sub, name, depth + 1)
        if got is not None:
            return got
    return None


def embedded_lock(pkg: Package, ty: Ty | None) -> tuple[str, str] | None:
    """Return (field name, mutex or rwmutex) of a mutex embedded in ``ty``."""
    for fname, tnode, emb in _fields(pkg, ty):
        if emb and fname in ("Mutex", "RWMutex"):
            sub = resolve_type(pkg, tnode)
            if sub is not None and sub.kind in ("mutex", "rwmutex"):
                return fname, sub.kind
    return None


def result_types(pkg: Package, func: Node) -> list[Ty | None]:
    """Return the types of every result of a function declaration, in order."""
    res = func.child_by_field_name("result")
    if res is None:
        return []
    if res.type != "parameter_list":
        return [resolve_type(pkg, res)]
    out: list[Ty | None] = []
    for pd in res.named_children:
        if pd.type != "parameter_declaration":
            continue
        ty = resolve_type(pkg, pd.child_by_field_name("type"))
        out.extend([ty] * max(1, len(list(pd.children_by_field_name("name")))))
    return out


def result_type(pkg: Package, func: Node) -> Ty | None:
    """Return the type of the first result of a function declaration."""
    res = func.child_by_field_name("result")
    if res is None:
        return None
    if res.type == "parameter_list":
        first = next((c for c in res.named_children if c.type == "parameter_declaration"), None)
        if first is None:
            return None
        return resolve_type(pkg, first.child_by_field_name("type"))
    return resolve_type(pkg, res)


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class Held:
    """One lock held: its instance path, class, mode and where it was taken."""

    path: str
    cls: str
    mode: str
    at: NodeKey
    text: str
    certain: bool
    # A lock a callee kept only on the paths where it returned a non-nil error: the
    # caller's ``if err != nil`` (the condition's key) holds on every path that holds it.
    if_err: NodeKey | None = None


HeldSet = frozenset[Held]


def _path_root(path: str) -> str:
    """Return the variable an instance path starts at: ``x@12:3#0`` of ``x@12:3#0.mu``."""
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def ordered(held: HeldSet) -> tuple[Held, ...]:
    """Return ``held`` in source order, ties broken by name: never in hash-seed order."""
    return tuple(sorted(held, key=lambda h: (h.at, h.cls, h.path, h.mode, h.text)))


@dataclass(slots=True)
class Stuck:
    """A goroutine that blocks forever at ``at`` (a sync call or channel operation)."""

    code: str
    root: Root
    at: NodeKey
    message: str
    confidence: Confidence
    related: list[tuple[Role, NodeKey, str]] = field(default_factory=list)
    held: tuple[Held, ...] = ()
    path_at: NodeKey | None = None  # where a path strands it (a return)
    later_round: bool = False  # it blocks only on a later round of a loop, not the first


@dataclass(slots=True)
class Acquire:
    """A lock taken by a goroutine."""

    root: Root
    cls: str
    mode: str
    at: NodeKey
    text: str
    held: tuple[Held, ...]
    site: int = -1  # start byte of the statement of the goroutine's function that leads here
    # What the path did before it (locks, channel operations, channels found closed), when
    # the walk follows it (:attr:`Sim.track`).
    taken: frozenset[str] = frozenset()
    path: str = ""  # the instance path of the lock taken (``Held.path`` once it is held)
    certain: bool = False  # the path names one value on every path


@dataclass(slots=True)
class ChanOp:
    """A channel operation of a goroutine, with what it holds and took before it."""

    root: Root
    cls: str
    kind: str  # send, recv, close
    at: NodeKey
    text: str
    blocking: bool
    held: tuple[Held, ...]
    taken_before: frozenset[str]


@dataclass(slots=True)
class WgOp:
    """A WaitGroup or Cond call of a goroutine."""

    root: Root
    cls: str
    op: str  # Add, Done, Wait (wg); Wait, Signal, Broadcast (cond)
    at: NodeKey
    text: str
    deferred: bool
    taken: frozenset[str] = frozenset()  # locks taken and blocking operations done before it
    early: bool = False  # a deferred Done recorded where it is deferred, not where it runs
    # Made by a function the goroutine's walk entered through a call its own function
    # defers (``defer s.SetStopped()``, whose body calls ``s.stop.Done()``): it runs when
    # the goroutine returns.
    via_defer: bool = False


@dataclass(slots=True)
class Leak:
    """A void function that returns holding a lock it releases on other paths."""

    cls: str
    lock_at: NodeKey
    return_at: NodeKey
    text: str
    func: Node
    func_path: str
    lock_node: Node
    root: Root | None = None  # the goroutine whose walk found it
    # A lock a called function with results keeps (``v, err := p.quote(k)`` returning its
    # error before the Unlock) and that ``func``, its caller, never releases: the call.
    via: NodeKey | None = None
    mode: str = W  # a read lock left held blocks writers only


@dataclass(eq=False, slots=True)
class Root:
    """A goroutine: its go statement and the function it runs."""

    go: Node
    parent: Node
    in_loop: bool
    entry: Node | None = None
    entry_path: str = ""
    env: dict[str, Val] = field(default_factory=dict)
    gave_up: bool = False
    pseudo: bool = False  # a function walked only for the locks it leaves locked
    walked: set[int] = field(default_factory=set)  # functions its walk went through
    ends: list[HeldSet] = field(default_factory=list)  # lock states when it returns
    go_path: str = ""  # the file of the go statement when it is not the analysed one


# --------------------------------------------------------------------------- the walk


def instantiated(fn: Node, env: Mapping[str, object] | None = None) -> Node:
    """Return the generic function an explicit instantiation calls, else ``fn``.

    ``NewQueue[job]()`` parses as an index into ``NewQueue``; when that name is no local
    (``env``), it names a function of the package given its type arguments, and the call runs
    that function. ``handlers[i]()`` indexes a local slice and is left as it is.
    """
    if fn.type != "index_expression":
        return fn
    op = fn.child_by_field_name("operand")
    if op is None or op.type != "identifier" or (env is not None and parse.text(op) in env):
        return fn
    return op


def _is_package_name(name: str, env: dict[str, Val]) -> bool:
    return name not in env


class Sim:
    """Walks the goroutines of one file and records what they do with sync primitives."""

    def __init__(self, facts: FileFacts) -> None:
        """Prepare to walk the goroutines of ``facts``'s file."""
        # Not the FileFacts itself: the facts are cached per FileFacts in a weak mapping,
        # and a reference back from the value would keep every entry alive.
        self.tree = facts.tree
        self.go_statements = facts.go_statements
        self.path = facts.path
        self.index = facts.index
        self.pkg = package_of(facts.index)
        self.graphs = Graphs()
        self.nodes: dict[NodeKey, Node] = {}
        self.stuck: list[Stuck] = []
        self.acquires: list[Acquire] = []
        self.chan_ops: list[ChanOp] = []
        self.wg_ops: list[WgOp] = []
        self.leaks: dict[NodeKey, Leak] = {}
        # recursive read locks; the last item says the two may be different instances
        self.rr: list[tuple[Root, Held, NodeKey, str, str, bool]] = []
        self.cond_alias: dict[str, tuple[str, str]] = {}  # cond class -> (lock class, mode)
        self.roots: list[Root] = []
        self.links: list[tuple[Node, Node]] = []  # caller, callee: their goroutines run together
        # Starters called by one function (or one calling the other): their goroutines may
        # meet on a channel (the lock-across-channel question asks over these too).
        self.co_links: list[tuple[Node, Node]] = []
        self._root: Root | None = None
        self._states = 0
        self._memo: dict[tuple[object, ...], tuple[list[HeldSet], frozenset[str]] | None] = {}
        self._stack: list[int] = []
        self._env_stack: list[tuple[int, dict[str, Val]]] = []  # the activations walked
        # Per activation being walked: the defers of the current path, and the WaitGroup
        # (instance path, where) each deferred ``Done`` counts down when it runs.
        self._defer_frames: list[tuple[list[tuple[Node, ...]], dict[int, tuple[str, NodeKey]]]] = []
        self._fresh = 0
        self.local_decls: dict[str, Node] = {}
        # Locals a function hands out by address (``return &wg``): a caller's value is them.
        self.handed_out: set[str] = set()
        self._taken_now: frozenset[str] = frozenset()
        self._ranged: str | None = None  # the channel the loop header just walked ranges over
        # Whether to follow what each path took before (locks, waits, channel operations):
        # only the second walk of goroutines that may meet across a channel or a Wait does.
        self.track = False
        self._site = -1  # the statement of the goroutine's own function being evaluated
        self._releases: set[str] = set()  # lock paths the current function unlocks
        self._foreign: set[str] = set()  # lock paths it unlocks without holding them
        self._foreign_by_func: dict[int, set[str]] = {}
        self._assigned: dict[int, set[str]] = {}
        self._plans: dict[tuple[int, int], _Plan] = {}
        self._max_depth = MAX_DEPTH
        self._in_defer = 0  # deferred calls the walk is inside of
        self._psets: dict[int, frozenset[str]] = {}
        self._ptypes: dict[int, list[Ty | None]] = {}
        self._decls: dict[int, list[Node]] = {}
        self._ops: dict[int, list[tuple[str, Node]]] = {}
        self._literal_envs: dict[int, dict[str, Val]] = {}
        self.ends: list[HeldSet] = []  # lock states where the goroutine being walked returns
        self.walked: set[int] = set()
        # Where a function returns still holding a lock it took itself (the Lock's key ->
        # the return's key), and the calls of functions with results that keep such a lock
        # in their caller's state because nothing releases it for them (the Lock's key ->
        # (caller's id, the call's key)).
        self.left_at: dict[NodeKey, NodeKey] = {}
        self.kept: dict[NodeKey, list[tuple[int, NodeKey]]] = {}
        self._untaken: dict[str, bool] = {}
        self.call_paths: dict[int, str] = {}  # node id -> file, for what sync_calls found
        self._wg_summaries: dict[str, list[tuple[Node, Node, str, NodeKey]] | None] = {}
        # Per function walked: its exits, each with the lock state and the return statement.
        self._exit_rets: dict[int, list[tuple[HeldSet, Node | None]]] = {}

    # ----------------------------------------------------------------- values

    def key(self, path: str, node: Node) -> NodeKey:
        """Remember ``node`` and return its key."""
        k = node_key(path, node)
        self.nodes.setdefault(k, node)
        return k

    def local(
        self, name: str, fpath: str, decl: Node, ty: Ty | None, inst: int = 0, loop: bool = False
    ) -> Val:
        """Return a fresh value for a local declared at ``decl``.

        ``inst`` tells calls of the same function apart; a local declared inside a loop is a
        new value on every iteration, so its path is never certain.
        """
        cls = f"{name}@{abs(hash(fpath)) % 10007}:{decl.start_byte}"
        self.local_decls.setdefault(cls, decl)
        path = f"{cls}#{inst}" + ("[]" if loop else "")
        return Val(path, cls, ty, name)

    def eval(self, node: Node | None, env: dict[str, Val], fpath: str) -> Val | None:
        """Return what expression ``node`` denotes, or None when unknown."""
        if node is None:
            return None
        t = node.type
        if t == "identifier":
            return env.get(parse.text(node))
        if t in ("parenthesized_expression",):
            return self.eval(next(iter(node.named_children), None), env, fpath)
        if t == "unary_expression":
            op = node.child(0)
            if op is not None and op.type in ("&", "*"):
                return self.eval(node.child_by_field_name("operand"), env, fpath)
            return None
        if t == "selector_expression":
            operand = node.child_by_field_name("operand")
            fld = node.child_by_field_name("field")
            if operand is None or fld is None:
                return None
            base = self.eval(operand, env, fpath)
            if base is None:
                return None
            name = parse.text(fld)
            if base.ty is not None and base.ty.kind == "cond" and name == "L":
                alias = self.cond_alias.get(base.cls)
                if alias is not None:
                    return Val(base.path + ".L", alias[0], Ty(alias[1]), parse.text(node))
                return Val(base.path + ".L", base.cls + ".L", Ty("mutex"), parse.text(node))
            if base.fields is not None and name in base.fields:
                return base.fields[name]
            got = field_of(self.pkg, base.ty, name)
            if got is None:
                return None
            fty, owner = got
            cls = f"{owner or base.cls}.{name}"
            return Val(f"{base.path}.{name}", cls, fty, parse.text(node))
        if t == "index_expression":
            base = self.eval(node.child_by_field_name("operand"), env, fpath)
            if base is None or base.ty is None:
                return None
            u = underlying(self.pkg, base.ty)
            if u is None or u.kind not in ("map", "slice"):
                return None
            return Val(base.path + "[]", base.cls + "[]", u.elem, parse.text(node))
        if t == "composite_literal":
            ty = resolve_type(self.pkg, node.child_by_field_name("type"))
            v = self._fresh_val(node, fpath, ty)
            v.fields = self._literal_fields(node, env, fpath, v) or None
            return v
        if t == "func_literal":
            return Val("?", "?", Ty("func"), "func literal", node, fpath, env)
        if t == "call_expression":
            return self._call_val(node, env, fpath)
        return None

    def _literal_fields(
        self, lit: Node, env: dict[str, Val], fpath: str, base: Val | None = None
    ) -> dict[str, Val]:
        """Return the values ``T{f: x}`` puts in its fields, for the ones we know."""
        out: dict[str, Val] = {}
        for kid, vnode in parse.keyed_elements(lit):
            if kid.type not in ("identifier", "field_identifier"):
                continue
            inner = vnode
            if vnode.type == "unary_expression":
                inner = vnode.child_by_field_name("operand") or vnode
            # Only values that already exist: a literal made here is new on every call.
            if inner.type not in ("identifier", "selector_expression"):
                if base is not None and inner.type == "call_expression":
                    got = self._constructed_field(base, parse.text(kid), inner, env, fpath)
                    if got is not None:
                        out[parse.text(kid)] = got
                continue
            v = self.eval(vnode, env, fpath)
            if v is not None and v.certain:
                out[parse.text(kid)] = v
        return out

    def _constructed_field(
        self, base: Val, name: str, call: Node, env: dict[str, Val], fpath: str
    ) -> Val | None:
        """Return an interface field of ``base`` set by a constructor call, with its type.

        ``&controller{store: NewStore()}``: methods called on ``c.store`` are those of the
        one concrete type ``NewStore`` builds. Only the type is learnt; the value is the
        field itself, as without the literal.
        """
        got = field_of(self.pkg, base.ty, name)
        if got is None or got[0] is None or not _is_iface(self.pkg, got[0]):
            return None
        v = self.eval(call, env, fpath)
        if v is None or v.ty is None or v.ty.kind != "named" or _is_iface(self.pkg, v.ty):
            return None
        owner = got[1]
        return Val(
            f"{base.path}.{name}", f"{owner or base.cls}.{name}", v.ty, name, fields=v.fields
        )

    def _fresh_val(self, node: Node, fpath: str, ty: Ty | None) -> Val:
        uid = f"new@{abs(hash(fpath)) % 10007}:{node.start_byte}"
        return Val(uid, uid, ty, parse.text(node))

    def _call_val(self, call: Node, env: dict[str, Val], fpath: str) -> Val | None:
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None:
            return None
        if fn.type == "identifier" and fn.text == b"new" and args is not None:
            arg = next(iter(args.named_children), None)
            return self._fresh_val(call, fpath, resolve_type(self.pkg, arg))
        if fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            fld = fn.child_by_field_name("field")
            if op is not None and fld is not None and op.text == b"sync" and "sync" not in env:
                if fld.text == b"NewCond":
                    return self._fresh_val(call, fpath, Ty("cond"))
                return None
        ref = self.resolve(fn, env, fpath)
        if ref is None:
            return None
        callee, _, _ = ref
        ty = result_type(self.pkg, callee)
        if ty is None:
            return None
        u = underlying(self.pkg, ty)
        if u is not None and u.kind == "iface":
            ty = self._returned_type(callee) or ty
        got = self._getter(callee, ref, call, env, fpath)
        if got is not None:
            return got
        mine = self._returned_local(callee, ref[1])
        if mine is not None:
            return mine
        v = self._fresh_val(call, fpath, ty)
        lit = _returned_literal(callee)
        if lit is not None and callee.type == "function_declaration":
            params = param_names(callee)
            arg_nodes = [c for c in args.named_children if c.type != "comment"] if args else []
            cenv = {
                name: av
                for name, node in zip(params, arg_nodes, strict=False)
                if name and (av := self.eval(node, env, fpath)) is not None
            }
            v.fields = self._literal_fields(lit, cenv, fpath) or None
        return v

    def _returned_local(self, callee: Node, cpath: str) -> Val | None:
        """Return the local WaitGroup that every return of ``callee`` hands out by address.

        ``func startWorkers(n int) *sync.WaitGroup { var wg sync.WaitGroup; ...; return &wg
        }``: the caller's value is that local, named by its declaration (a new value per
        call, so never a certain instance), and a Wait on it is a Wait on the WaitGroup the
        goroutines ``startWorkers`` starts count down.
        """
        body = cfgmod.body_of(callee)
        if body is None:
            return None
        names: set[str] = set()
        for n in parse.iter_descendants(body):
            if n.type != "return_statement" or parse.enclosing_function(n) != callee:
                continue
            vals = [c for c in n.named_children if c.type != "comment"]
            if len(vals) == 1 and vals[0].type == "expression_list":
                vals = [c for c in vals[0].named_children if c.type != "comment"]
            e = vals[0] if len(vals) == 1 else None
            first = e.child(0) if e is not None and e.child_count else None
            operand = e.child_by_field_name("operand") if e is not None else None
            if (
                e is None
                or e.type != "unary_expression"
                or first is None
                or first.type != "&"
                or operand is None
                or operand.type != "identifier"
            ):
                return None
            names.add(parse.text(operand))
        if len(names) != 1:
            return None
        name = names.pop()
        for spec in parse.iter_descendants(body):
            if spec.type != "var_spec" or parse.enclosing_function(spec) != callee:
                continue
            tnode = spec.child_by_field_name("type")
            decl = next(
                (nm for nm in spec.children_by_field_name("name") if nm.text == name.encode()), None
            )
            if decl is None or tnode is None or spec.child_by_field_name("value") is not None:
                continue
            ty = resolve_type(self.pkg, tnode)
            if ty is None or parse.text(tnode).replace(" ", "") != "sync.WaitGroup":
                return None
            v = self.local(name, cpath, decl, ty, 0, loop=True)
            self.handed_out.add(v.cls)
            return v
        return None

    def _getter(
        self,
        callee: Node,
        ref: tuple[Node, str, Val | None],
        call: Node,
        env: dict[str, Val],
        fpath: str,
    ) -> Val | None:
        """Return what a getter returns: ``func (s *T) C() chan X { return s.c }``."""
        if callee.type != "method_declaration":
            return None
        stmts = cfgmod.statements(cfgmod.body_of(callee))
        if len(stmts) != 1 or stmts[0].type != "return_statement":
            return None
        exprs = [c for c in stmts[0].named_children if c.type != "comment"]
        e = exprs[0] if len(exprs) == 1 else None
        if e is not None and e.type == "expression_list" and len(e.named_children) == 1:
            e = e.named_children[0]
        if e is None or e.type != "selector_expression":
            return None
        cenv = self.bind(callee, ref[1], ref[2], call, env, fpath, None)
        return self.eval(e, cenv, ref[1])

    def _returned_type(self, func: Node, depth: int = 0) -> Ty | None:
        """Return the one concrete type a constructor returning an interface builds.

        ``func NewKV(c *Client) KV { return &kv{c: c} }``: every return is a literal of the
        same named type, or a call of a package constructor that builds it
        (``func NewStore() Store { return newMemStore() }``).
        """
        body = cfgmod.body_of(func)
        if body is None or depth > 3:
            return None
        found: dict[str, Ty | None] = {}
        for n in parse.iter_descendants(body):
            if n.type != "return_statement" or parse.enclosing_function(n) != func:
                continue
            exprs = [c for c in n.named_children if c.type != "comment"]
            e = exprs[0] if exprs else None
            if e is not None and e.type == "expression_list":
                e = e.named_children[0] if e.named_children else None
            if e is not None and e.type == "call_expression":
                ty = self._constructed_type(e, depth)
                if ty is None:
                    return None
                found[ty.name] = ty
                continue
            if e is not None and e.type == "unary_expression":
                e = e.child_by_field_name("operand")
            if e is None or e.type != "composite_literal":
                return None
            t = e.child_by_field_name("type")
            if t is None or t.type != "type_identifier":
                return None
            found.setdefault(parse.text(t), None)
        if len(found) != 1:
            return None
        name, ty = found.popitem()
        return ty or resolve_type(self.pkg, _first_type_ident(body, name))

    def _constructed_type(self, call: Node, depth: int) -> Ty | None:
        """Return the concrete named type the package function ``call`` calls returns."""
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "identifier" or not self.pkg.declares_func(parse.text(fn)):
            return None
        ref = self._here(self.pkg.function(parse.text(fn)))
        if ref is None:
            return None
        ty = result_type(self.pkg, ref.node)
        if ty is not None and ty.kind == "named" and _is_iface(self.pkg, ty):
            ty = self._returned_type(ref.node, depth + 1)
        return ty if ty is not None and ty.kind == "named" else None

    def resolve(
        self, fn: Node, env: dict[str, Val], fpath: str
    ) -> tuple[Node, str, Val | None] | None:
        """Return (callee, its file, receiver value) for a call's function expression."""
        fn = instantiated(fn, env)
        if fn.type == "identifier":
            name = parse.text(fn)
            v = env.get(name)
            if v is not None:
                if v.func is not None:
                    return v.func, v.func_path, None
                return self._func_value(fn)
            if name in _BUILTINS or name in _BASIC or not self.pkg.declares_func(name):
                return None
            ref = self._here(self.pkg.function(name))
            return (ref.node, ref.path or self.path, None) if ref is not None else None
        if fn.type == "func_literal":
            return fn, fpath, None
        if fn.type != "selector_expression":
            return None
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        name = parse.text(fld)
        if operand.type == "identifier" and _is_package_name(parse.text(operand), env):
            return None  # another package's function
        recv = self.eval(operand, env, fpath)
        if recv is None:
            return None
        if recv.func is not None and recv.ty is not None and recv.ty.kind == "func":
            return None
        m = self._method(recv.ty, name)
        if m is not None:
            return m.node, m.path or self.path, recv
        if operand.type == "identifier":
            lit = self._adapted_literal(operand, name)
            if lit is not None:
                return lit
        fv = field_of(self.pkg, recv.ty, name)
        u = underlying(self.pkg, fv[0]) if fv is not None else None
        if u is not None and u.kind == "func":
            return self._func_value(fn)  # x.f() with a func field f
        return None

    def _adapted_literal(self, param: Node, method: str) -> tuple[Node, str, None] | None:
        """Return the literal ``h.M()`` runs when parameter ``h`` is always an adapted one.

        Every call of the package binds the parameter to one func literal converted to a
        function type whose method ``M`` only calls the function itself
        (:func:`funcvals.param_value`): ``http.HandlerFunc(func(w, r) {...})``, whose
        ``ServeHTTP`` calls it (the net/http documentation), or a type of the package,
        ``type F func(x int)`` with ``func (f F) M(x int) { f(x) }``. ``h.M(args)`` then
        runs the literal with ``args``.
        """
        ref = funcvals.param_value(param, self.index)
        if ref is None or ref.node.type != "func_literal":
            return None
        args = ref.node.parent
        conv = args.parent if args is not None and args.type == "argument_list" else None
        ty = conv.child_by_field_name("function") if conv is not None else None
        if conv is None or ty is None or conv.type != "call_expression":
            return None
        if ty.type == "selector_expression":
            pkg = ty.child_by_field_name("operand")
            tname = ty.child_by_field_name("field")
            root = conv
            while root.parent is not None:
                root = root.parent
            alias = module.import_alias(root, "net/http")
            if (
                pkg is None
                or tname is None
                or alias is None
                or pkg.text != alias
                or (tname.text, method) != (b"HandlerFunc", "ServeHTTP")
            ):
                return None
            return ref.node, ref.path or self.path, None
        if ty.type != "identifier" or not _calls_itself(self.pkg, parse.text(ty), method):
            return None
        return ref.node, ref.path or self.path, None

    def _func_value(self, fn: Node) -> tuple[Node, str, Val | None] | None:
        """Return what a call through a function value runs, when the package says so.

        A local bound once, a func field every write of the package sets to the same
        function, a range over a slice of them (:mod:`funcvals`). A literal found this way
        runs with the variables around it as fresh values: what it captures is known by
        class (``Store.mu``, ``mu@...``), not by instance.
        """
        if fn.type not in ("identifier", "selector_expression"):
            return None
        ref = funcvals.resolve_value(fn, self.index)
        if ref is None and fn.type == "identifier":
            # A parameter every call of the package binds to one function: ``go notify(v)``
            # in ``apply(v int, notify func(int))`` called as ``s.apply(3, s.ack)``.
            ref = funcvals.param_value(fn, self.index)
        if ref is None or ref.node.has_error:
            return None
        return ref.node, ref.path or self.path, None

    def _activation_env(
        self, lit: Node, fn: Node, env: dict[str, Val], fpath: str
    ) -> dict[str, Val] | None:
        """Return the variables a literal found through a func field captured, when known.

        ``le := &lessor{}; le.setHook(func() { le.Checkpoint() }); le.Renew()`` with
        ``le.hook()`` in Renew: the field's holder is an object the function around the
        literal made itself (``&T{}``, ``T{}``, ``new(T)``, bound once), and that function
        is being walked once, not in a loop: whatever the field holds was made by this very
        activation, so the literal's ``le`` is the same value as the walk's.
        """
        outer = parse.enclosing_function(lit)
        if outer is None or fn.type != "selector_expression" or _enclosing_for(lit, outer):
            return None
        acts = [e for fid, e in self._env_stack if fid == outer.id]
        operand = fn.child_by_field_name("operand")
        if len(acts) != 1 or operand is None:
            return None
        act = acts[0]
        v = self.eval(operand, env, fpath)
        if v is None or not v.certain:
            return None
        root = _path_root(v.path)
        name = next((k for k, a in act.items() if a.path == root), None)
        decl = self.local_decls.get(act[name].cls) if name is not None else None
        if (
            name is None
            or decl is None
            or parse.enclosing_function(decl) != outer
            or name in self.assigned(outer)
            or not self._made_fresh(decl)
        ):
            return None
        return act

    def _maker_env(
        self, lit: Node, fn: Node, env: dict[str, Val], fpath: str
    ) -> dict[str, Val] | None:
        """Return what a literal found through ``x.f`` captured when ``x`` is its own maker's.

        ``c := &Cache{}; c.miss = func(k string) string { ... c.Len() ... }`` in ``newCache``:
        the literal is stored only into the ``f`` of the object its own activation made, and
        the type holds a lock, so its values are never copied (``go vet``'s copylocks): any
        ``x.f`` that holds this literal was made by the activation that made ``x``, and the
        literal's ``c`` is ``x``. Its other variables are fresh values, as for any literal
        found through a function value.
        """
        outer = parse.enclosing_function(lit)
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        stmt = lit.parent.parent if lit.parent is not None else None
        if outer is None or operand is None or fld is None or stmt is None:
            return None
        if _enclosing_for(lit, outer) is not None:
            return None
        h = self._stored_into(lit, stmt, parse.text(fld))
        by_ctor = h is None
        if h is None:
            h = _ctor_stored(self.pkg, lit, parse.text(fld))
        if h is None:
            return None
        v = self.eval(operand, env, fpath)
        if v is None or not v.certain or v.ty is None:
            return None
        if not any(
            k in ("mutex", "rwmutex")
            for _, tnode, _ in _fields(self.pkg, v.ty)
            if (k := (resolve_type(self.pkg, tnode) or OTHER).kind)
        ):
            return None
        around = self.literal_env(lit)
        name = parse.text(h)
        mine = self.function_env(outer).get(name)
        decl = self.local_decls.get(mine.cls) if mine is not None else None
        if mine is None or decl is None or parse.enclosing_function(decl) != outer:
            return None
        if by_ctor:
            # ``var tr *T; tr = newT(func() { ... tr.M() ... })``: ``tr`` is declared with no
            # value, and this is the one assignment of it anywhere in the function, its
            # literals included, and its address is never taken.
            if not _bound_once_by(outer, decl, name, h):
                return None
        elif name in self.assigned(outer) or not self._made_fresh(decl):
            return None
        got = dict(around)
        got[name] = v
        return got

    def _stored_into(self, lit: Node, stmt: Node, field: str) -> Node | None:
        """Return ``h`` when the literal's statement stores it into ``h.field``.

        ``h.field = func() {...}``, or ``h.M(func() {...})`` with ``M`` a method of the
        package whose one use of that parameter is ``r.field = p`` on its own receiver ``r``
        (a setter: ``t.OnChange(func(k string) { ... t.Get(k) ... })``).
        """
        if stmt.type == "assignment_statement":
            left = stmt.child_by_field_name("left")
            if left is None or len(left.named_children) != 1:
                return None
            target = left.named_children[0]
            if target.type != "selector_expression":
                return None
            h = target.child_by_field_name("operand")
            hf = target.child_by_field_name("field")
            if h is None or hf is None or h.type != "identifier" or parse.text(hf) != field:
                return None
            return h
        if stmt.type != "call_expression" or lit.parent is None:
            return None
        args = [a for a in lit.parent.named_children if a.type != "comment"]
        callee = stmt.child_by_field_name("function")
        if callee is None or callee.type != "selector_expression":
            return None
        h = callee.child_by_field_name("operand")
        mname = callee.child_by_field_name("field")
        if h is None or mname is None or h.type != "identifier":
            return None
        outer = parse.enclosing_function(lit)
        hv = self.function_env(outer).get(parse.text(h)) if outer is not None else None
        if hv is None or hv.ty is None:
            return None
        m = self._method(hv.ty, parse.text(mname))
        if m is None or m.node.type != "method_declaration" or m.node.has_error:
            return None
        names = param_names(m.node)
        i = next(i for i, a in enumerate(args) if a.id == lit.id)
        recv = receiver_name(m.node)
        if i >= len(names) or not names[i] or not recv:
            return None
        return h if _only_stored_in(m.node, names[i], recv, field) else None

    def _bound_receiver(
        self, fn: Node, method: Node, env: dict[str, Val], fpath: str
    ) -> Val | None:
        """Return the receiver a method value found through ``x.f`` is bound to, when ``x``.

        Every write of the func field ``f`` in the package stores a method value of its own
        holder (``t.f = t.logChange``, or ``t.OnChange(t.logChange)`` with a setter that stores
        its parameter into its receiver's ``f``), and the method takes a pointer receiver: the
        value bound is the very object whose field holds it, so ``x.f(k)`` runs the method
        on ``x``.
        """
        if fn.type != "selector_expression" or not _pointer_receiver(method):
            return None
        operand = fn.child_by_field_name("operand")
        fld = fn.child_by_field_name("field")
        if operand is None or fld is None:
            return None
        v = self.eval(operand, env, fpath)
        if v is None or not v.certain or v.ty is None or v.ty.kind != "named":
            return None
        mname = method.child_by_field_name("name")
        if mname is None:
            return None
        field = parse.text(fld)
        seen = 0
        for value in funcvals.field_writes(field, self.index, v.ty.name):
            if value is None:
                return None
            holder = _assigned_holder(value, field)
            if holder is not None and value.type != "identifier":
                if not _method_value_of(value, holder, mname.text):
                    return None
                seen += 1
                continue
            setter = parse.enclosing_function(value)
            recv = receiver_name(setter) if setter is not None else None
            names = param_names(setter) if setter is not None else []
            pname = parse.text(value) if value.type == "identifier" else ""
            if setter is None or setter.type != "method_declaration" or not recv:
                return None
            if pname not in names or not _only_stored_in(setter, pname, recv, field):
                return None
            i = names.index(pname)
            for call in funcvals.calls_of(setter, self.index):
                if call.type != "call_expression":
                    return None
                cfn = call.child_by_field_name("function")
                args = call.child_by_field_name("arguments")
                cop = cfn.child_by_field_name("operand") if cfn is not None else None
                named = [a for a in args.named_children if a.type != "comment"] if args else []
                if cop is None or i >= len(named):
                    return None
                if not _method_value_of(named[i], parse.text(cop), mname.text):
                    return None
                seen += 1
        return v if seen else None

    def _made_fresh(self, decl: Node) -> bool:
        """Tell whether the local ``decl`` names is bound to a new object on every call.

        ``x := &T{}``, ``x := new(T)``, or ``x := NewT(...)`` with ``NewT`` a package
        function whose every return hands back an object it made there (:func:`_returns_fresh`).
        """
        if _made_fresh(decl):
            return True
        stmt = decl.parent.parent if decl.parent is not None else None
        if stmt is None or stmt.type != "short_var_declaration":
            return False
        left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
        if left is None or right is None or len(left.named_children) != 1:
            return False
        if len(right.named_children) != 1 or right.named_children[0].type != "call_expression":
            return False
        fn = right.named_children[0].child_by_field_name("function")
        fn = instantiated(fn) if fn is not None else None
        if fn is None or fn.type != "identifier":
            return False
        ref = self.pkg.function(parse.text(fn))
        return ref is not None and _returns_fresh(ref.node)

    def literal_env(self, lit: Node) -> dict[str, Val]:
        """Return the variables a func literal found through a function value sees (cached).

        Which call of the function around it made the literal is not known, so no captured
        value names one instance: a lock it takes is never "the same lock, again". Unless
        that function runs once per process (:func:`lifetime.runs`: ``rateLimit(l, next)``
        called once, from ``main``) and the literal is not made in a loop of it: then there
        is one such literal, and each variable of the function it captures that is never
        assigned again names one value.
        """
        got = self._literal_envs.get(lit.id)
        if got is None:
            outer = parse.enclosing_function(lit)
            around = self.function_env(outer) if outer is not None else {}
            once: set[str] = set()
            if (
                outer is not None
                and _enclosing_for(lit, outer) is None
                and lifetime.runs(outer, funcvals.path_of(outer, self.index), self.index)
                is lifetime.Runs.ONCE
            ):
                once = set(around) - self.assigned(outer)
            got = {
                k: v
                if k in once
                else Val(
                    "?" + v.path, v.cls, v.ty, v.text, v.func, v.func_path, v.closure, v.fields
                )
                for k, v in around.items()
            }
            self._literal_envs[lit.id] = got
        return got

    def _method(self, ty: Ty | None, name: str, depth: int = 0) -> FuncRef | None:
        if ty is None or depth > 2 or not self.pkg.declares_func(name):
            return None
        if ty.kind == "named":
            m = self._here(self.pkg.method(name, ty.name))
            if m is not None and m.receiver_type == ty.name:
                return m
            for _, tnode, emb in _fields(self.pkg, ty):
                if emb:
                    sub = resolve_type(self.pkg, tnode)
                    got = self._method(sub, name, depth + 1)
                    if got is not None:
                        return got
            u = underlying(self.pkg, ty)
            if u is not None and u.kind == "iface":
                return self._unique_method(name, self.pkg.type_files.get(ty.name))
            return None
        if ty.kind == "iface":
            return self._unique_method(name)
        return None

    def _here(self, ref: FuncRef | None) -> FuncRef | None:
        """Return ``ref`` with its node from this file's own tree when it is in this file.

        The shared package reads every file through the parse cache; goroutines and their
        parents come from the tree being analysed, and the two must be the same nodes.
        """
        if ref is None or ref.path != self.path:
            return ref
        node = self.tree.root_node.descendant_for_byte_range(ref.node.start_byte, ref.node.end_byte)
        while node is not None and node.type != ref.node.type:
            node = node.parent
        if node is None:
            return None
        return FuncRef(ref.path, node, ref.receiver_type)

    def _unique_method(self, name: str, iface_file: str | None = None) -> FuncRef | None:
        """Return the one method ``name`` of the package, else the one in the interface's file."""
        methods = [
            r
            for r in (self._here(x) for x in self.pkg.lookup(name))
            if r is not None and r.node.type == "method_declaration"
        ]
        if len(methods) == 1:
            return methods[0]
        if iface_file is not None:
            here = [r for r in methods if (r.path or self.path) == iface_file]
            if len(here) == 1:
                return here[0]
        return None

    # ----------------------------------------------------------------- environments

    def bind(
        self,
        callee: Node,
        cpath: str,
        recv: Val | None,
        call: Node | None,
        env: dict[str, Val],
        fpath: str,
        closure: dict[str, Val] | None,
    ) -> dict[str, Val]:
        """Return the environment ``callee`` starts with: its closure, receiver, parameters."""
        out: dict[str, Val] = dict(closure) if closure is not None else {}
        if callee.type == "method_declaration":
            rname = receiver_name(callee)
            rtype = self._receiver_type(callee)
            if rname and rname != "_":
                if recv is not None:
                    ty = recv.ty
                    if rtype is not None and (
                        ty is None or ty.kind != "named" or _is_iface(self.pkg, ty)
                    ):
                        ty = rtype
                    out[rname] = Val(recv.path, recv.cls, ty, recv.text, fields=recv.fields)
                elif rtype is not None:
                    out[rname] = self.local(rname, cpath, callee, rtype)
        params = param_names(callee)
        ptypes = self._param_types(callee)
        args: list[Node] = []
        if call is not None:
            an = call.child_by_field_name("arguments")
            args = [c for c in an.named_children if c.type != "comment"] if an else []
        for i, pname in enumerate(params):
            if not pname or pname == "_":
                continue
            declared = ptypes[i] if i < len(ptypes) else None
            v = self.eval(args[i], env, fpath) if i < len(args) else None
            if v is not None:
                ty = v.ty
                if (
                    declared is not None
                    and declared.kind not in ("iface", "other")
                    and (ty is None or ty.kind in ("iface", "other"))
                ):
                    ty = declared
                out[pname] = Val(
                    v.path, v.cls, ty, v.text, v.func, v.func_path, v.closure, v.fields
                )
            else:
                out[pname] = self.local(pname, cpath, callee, declared)
                if call is not None:
                    out[pname] = Val("?" + out[pname].path, out[pname].cls, declared, pname)
        for name in self.assigned(callee):
            v = out.get(name)
            if v is not None and v.certain:
                out[name] = Val(v.path + "[]", v.cls, v.ty, v.text, v.func, v.func_path, v.closure)
        return out

    def _receiver_type(self, method: Node) -> Ty | None:
        recv = method.child_by_field_name("receiver")
        if recv is None:
            return None
        for p in recv.named_children:
            if p.type == "parameter_declaration":
                return resolve_type(self.pkg, p.child_by_field_name("type"))
        return None

    def param_set(self, func: Node) -> frozenset[str]:
        """Return the receiver and parameter names of ``func`` (cached)."""
        got = self._psets.get(func.id)
        if got is None:
            got = _param_set(func)
            self._psets[func.id] = got
        return got

    def _param_types(self, func: Node) -> list[Ty | None]:
        got = self._ptypes.get(func.id)
        if got is None:
            got = self._compute_param_types(func)
            self._ptypes[func.id] = got
        return got

    def _compute_param_types(self, func: Node) -> list[Ty | None]:
        params = func.child_by_field_name("parameters")
        out: list[Ty | None] = []
        if params is None:
            return out
        for p in params.named_children:
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            ty = resolve_type(self.pkg, p.child_by_field_name("type"))
            names = list(p.children_by_field_name("name"))
            out.extend([ty] * max(1, len(names)))
        return out

    def declare_locals(self, func: Node, fpath: str, env: dict[str, Val], inst: int = 0) -> None:
        """Add the locals ``func`` declares (not those of nested literals) to ``env``."""
        body = cfgmod.body_of(func)
        if body is None:
            return
        reassigned = self.assigned(func)
        for n in self.decl_nodes(func, body):
            t = n.type
            if t not in (
                "short_var_declaration",
                "var_spec",
                "range_clause",
                "assignment_statement",
            ):
                continue
            if parse.enclosing_function(n) != func:
                continue
            if t == "var_spec":
                names = list(n.children_by_field_name("name"))
                tnode = n.child_by_field_name("type")
                vals = n.child_by_field_name("value")
                rights = [c for c in vals.named_children] if vals is not None else []
                loop = in_loop(n, func)
                for i, nm in enumerate(names):
                    name = parse.text(nm)
                    if tnode is not None:
                        ty = resolve_type(self.pkg, tnode)
                        env[name] = self.local(name, fpath, nm, ty, inst, loop)
                    elif i < len(rights) and len(rights) == len(names):
                        env[name] = self._bound(name, rights[i], env, fpath, nm, inst, loop)
                continue
            left = n.child_by_field_name("left")
            right = n.child_by_field_name("right")
            if left is None or right is None:
                continue
            lnames = [c for c in left.named_children] if left.type == "expression_list" else [left]
            if t == "range_clause":
                if n.child_by_field_name("operator") is None and b":=" not in (n.text or b""):
                    continue
                coll = self.eval(right, env, fpath)
                u = underlying(self.pkg, coll.ty) if coll is not None and coll.ty else None
                value = lnames[1] if len(lnames) == 2 else None
                if (
                    coll is not None
                    and u is not None
                    and u.kind in ("map", "slice")
                    and value is not None
                    and value.type == "identifier"
                ):
                    vname = parse.text(value)
                    env[vname] = Val(coll.path + "[]", coll.cls + "[]", u.elem, vname)
                continue
            if t == "assignment_statement":
                # x.f = sync.NewCond(&x.mu): remember which lock the Cond's L is.
                self._note_cond(left, right, env, fpath)
                continue
            rights = (
                [c for c in right.named_children] if right.type == "expression_list" else [right]
            )
            if len(rights) == len(lnames):
                for nm_node, r in zip(lnames, rights, strict=True):
                    if nm_node.type != "identifier" or nm_node.text == b"_":
                        continue
                    name = parse.text(nm_node)
                    b = self._bound(name, r, env, fpath, nm_node, inst, in_loop(n, func))
                    root = _alias_root(r)
                    if root is not None and root in reassigned and b.certain:
                        # nxt := cur.next, with cur = nxt later: cur is read here before
                        # it is known to move, so what it names may differ on each round.
                        b = replace(b, path=b.path + "[]")
                    env[name] = b
            elif len(rights) == 1 and rights[0].type in (
                "index_expression",
                "type_assertion_expression",
            ):
                # v, ok := m[k]
                first = lnames[0] if lnames else None
                if first is not None and first.type == "identifier" and first.text != b"_":
                    env[parse.text(first)] = self._bound(
                        parse.text(first), rights[0], env, fpath, first
                    )
            elif len(rights) == 1 and rights[0].type == "call_expression":
                # a, b := f(): each name gets the type of its result
                fn = rights[0].child_by_field_name("function")
                ref = self.resolve(fn, env, fpath) if fn is not None else None
                types = result_types(self.pkg, ref[0]) if ref is not None else []
                loop = in_loop(n, func)
                for i, nm_node in enumerate(lnames):
                    if nm_node.type != "identifier" or nm_node.text == b"_":
                        continue
                    ty = types[i] if i < len(types) else None
                    if ty is not None:
                        name = parse.text(nm_node)
                        env[name] = self.local(name, fpath, nm_node, ty, inst, loop)
        # A name assigned again (`c = c.parent`) may be another value on another path.
        for name in reassigned:
            v = env.get(name)
            if v is not None and v.certain:
                env[name] = Val(v.path + "[]", v.cls, v.ty, v.text, v.func, v.func_path, v.closure)

    def assigned(self, func: Node) -> set[str]:
        """Return the names ``func`` assigns again (cached)."""
        got = self._assigned.get(func.id)
        if got is None:
            got = _assigned_names(func)
            self._assigned[func.id] = got
        return got

    def decl_nodes(self, func: Node, body: Node) -> list[Node]:
        """Return the declarations and assignments ``func`` itself makes (cached)."""
        got = self._decls.get(func.id)
        if got is None:
            got = [
                n
                for n in parse.captures(DECLS_QUERY, body).get("decl.node", [])
                if parse.enclosing_function(n) == func
            ]
            got.sort(key=lambda n: n.start_byte)
            self._decls[func.id] = got
        return got

    def _bound(
        self,
        name: str,
        rhs: Node,
        env: dict[str, Val],
        fpath: str,
        at: Node,
        inst: int = 0,
        loop: bool = False,
    ) -> Val:
        v = self.eval(rhs, env, fpath)
        if v is None:
            return self.local(name, fpath, at, None, inst, loop)
        if rhs.type in ("selector_expression", "identifier", "index_expression", "func_literal"):
            return Val(v.path, v.cls, v.ty, name, v.func, v.func_path, v.closure, v.fields)
        if rhs.type == "call_expression" and v.cls in self.handed_out:
            return Val(v.path, v.cls, v.ty, name)  # ``wg := startWorkers(q)``: its local
        if rhs.type == "unary_expression" and rhs.child(0) is not None:
            op = rhs.child(0)
            if op is not None and op.type == "&":
                inner = rhs.child_by_field_name("operand")
                if inner is not None and inner.type != "composite_literal":
                    return Val(v.path, v.cls, v.ty, name)
        loc = self.local(name, fpath, at, v.ty, inst, loop)
        loc.fields = v.fields
        if v.ty is not None and v.ty.kind == "cond":
            self._note_cond_call(loc.cls, rhs, env, fpath)
        return loc

    def _note_cond(self, left: Node, right: Node, env: dict[str, Val], fpath: str) -> None:
        ls = [c for c in left.named_children] if left.type == "expression_list" else [left]
        rs = [c for c in right.named_children] if right.type == "expression_list" else [right]
        if len(ls) != 1 or len(rs) != 1:
            return
        target = self.eval(ls[0], env, fpath)
        if target is None:
            return
        if target.ty is not None and target.ty.kind == "cond":
            self._note_cond_call(target.cls, rs[0], env, fpath)
        elif ls[0].type == "selector_expression":
            # x.cond.L = &x.lock
            f = ls[0].child_by_field_name("field")
            if f is not None and f.text == b"L":
                lk = self.eval(rs[0], env, fpath)
                cond_cls = target.cls.removesuffix(".L")
                if lk is not None and lk.ty is not None and lk.ty.kind in ("mutex", "rwmutex"):
                    self.cond_alias[cond_cls] = (lk.cls, "mutex")

    def _note_cond_call(self, cond_cls: str, rhs: Node, env: dict[str, Val], fpath: str) -> None:
        if rhs.type != "call_expression":
            return
        args = rhs.child_by_field_name("arguments")
        arg = next(iter(args.named_children), None) if args is not None else None
        if arg is None:
            return
        mode = "mutex"
        if arg.type == "call_expression":
            f = arg.child_by_field_name("function")
            if f is None or f.type != "selector_expression":
                return
            fld = f.child_by_field_name("field")
            if fld is None or fld.text != b"RLocker":
                return
            arg = f.child_by_field_name("operand")
            mode = "rlocker"
        lk = self.eval(arg, env, fpath)
        if lk is not None and lk.ty is not None and lk.ty.kind in ("mutex", "rwmutex"):
            self.cond_alias[cond_cls] = (lk.cls, mode)

    def unbuffered(self, cls: str) -> bool:
        """Tell whether every channel a name of class ``cls`` holds is made unbuffered."""
        return self.capacity(cls) == 0

    def _others_dead(self, sel: Node, op: Node, env: dict[str, Val], fpath: str) -> bool:
        """Tell whether every case of ``sel`` but ``op``'s receives from a dead channel.

        No default, and each other case is ``<-x.f`` (or ``v := <-x.f``) where ``x.f`` is a
        channel field nothing can ever send on or close (:meth:`_dead_field`): the select
        waits exactly as ``op`` alone would.
        """
        cases = [c for c in sel.named_children if c.type in ("communication_case", "default_case")]
        if any(c.type == "default_case" for c in cases):
            return False
        for c in cases:
            comm = c.child_by_field_name("communication")
            if comm is None:
                return False
            if _inside(op, comm) or op.id == comm.id:
                continue
            recv = comm
            if recv.type == "receive_statement":
                recv = recv.child_by_field_name("right") or recv
            while recv.type == "expression_list" and len(recv.named_children) == 1:
                recv = recv.named_children[0]
            first = recv.child(0) if recv.child_count else None
            if recv.type != "unary_expression" or first is None or first.type != "<-":
                return False
            ch = recv.child_by_field_name("operand")
            if ch is None or ch.type != "selector_expression":
                return False
            v = self.eval(ch, env, fpath)
            if v is None or "@" in v.cls or v.cls.count(".") != 1:
                return False
            if not self._dead_field(ch, v.cls.split(".")[0]):
                return False
        return True

    def _dead_field(self, ch: Node, owner: str) -> bool:
        """Tell whether the channel field ``x.f`` can never be sent on or closed.

        The field is unexported (or the package is ``main``); every mention of ``.f`` in the
        package is a receive ``<-x.f``, a write ``x.f = make(chan T)`` or a key ``f:
        make(chan T)``, and no literal of its struct ``owner`` sets fields by position:
        nobody sends on it, closes it, or hands it to someone who could.
        """
        fld = ch.child_by_field_name("field")
        if fld is None:
            return False
        name = parse.text(fld)
        if name[:1].isupper() and any(package_name(t) != "main" for t in self.pkg.texts()):
            return False
        raw = name.encode()
        for _, src in self.pkg.files():
            # A literal of ``owner`` with a first element that is not ``key:``: positional.
            for m in parse.find_word(owner.encode(), src, rb"\s*\{\s*(?!\})(?!\w+\s*:)"):
                lit = cached_tree(src).root_node.named_descendant_for_byte_range(
                    m.start(), m.start() + len(owner)
                )
                while lit is not None and lit.type not in ("composite_literal", "source_file"):
                    lit = lit.parent
                body = lit.child_by_field_name("body") if lit is not None else None
                if lit is None or lit.type != "composite_literal" or body is None:
                    continue  # a type, not a literal: ``func New() *T {``
                if any(e.type == "literal_element" for e in body.named_children):
                    return False
            if raw not in src:
                continue
            root = cached_tree(src).root_node
            for m in parse.find_word(raw, src):
                n = root.named_descendant_for_byte_range(m.start(), m.end())
                if n is None or n.type != "field_identifier":
                    continue
                p = n.parent
                if p is None:
                    continue
                if p.type == "selector_expression":
                    up = p.parent
                    first = up.child(0) if up is not None and up.child_count else None
                    if (
                        up is not None
                        and up.type == "unary_expression"
                        and first is not None
                        and first.type == "<-"
                    ):
                        continue
                    if up is not None and up.type == "expression_list":
                        stmt = up.parent
                        right = stmt.child_by_field_name("right") if stmt is not None else None
                        if (
                            stmt is not None
                            and stmt.type == "assignment_statement"
                            and stmt.child_by_field_name("left") == up
                            and right is not None
                            and len(right.named_children) == 1
                            and _make_capacity(right.named_children[0].text or b"") is not None
                        ):
                            continue
                    return False
                if p.type == "field_declaration":
                    continue
                return False
            for m in re.finditer(
                rb"(?<![.\w])" + re.escape(raw) + rb"\s*:(?!=)\s*(make\s*\([^()]*\))?", src
            ):
                if m.group(1) is None or _make_capacity(m.group(1)) is None:
                    return False
        return True

    def capacity(self, cls: str) -> int | None:
        """Return the buffer every channel a name of class ``cls`` holds is made with.

        0 for ``make(chan T)``, ``k`` for ``make(chan T, k)`` with an integer literal ``k``;
        None when the makes differ, one is not a literal, or none is found.
        """
        found = self._makes(cls)
        caps = {_make_capacity(f) for f in found} if found else {None}
        if None in caps and found and len(caps) == 1:
            # make(chan T, depth) with depth a parameter every caller gives a constant.
            sites = self._make_sites(cls) or []
            caps = {self._param_capacity(n) for n in sites}
            return caps.pop() if len(caps) == 1 else None
        return caps.pop() if len(caps) == 1 else None

    def _make_sites(self, cls: str) -> list[Node] | None:
        """Return the ``make(chan ...)`` calls of a field class ``cls`` (see :meth:`_makes`)."""
        if cls in self.local_decls or "@" in cls or "." not in cls:
            return None
        out: list[Node] = []
        for src in self.pkg.texts():
            root = cached_tree(src).root_node
            for m in self._make_patterns(cls):
                for found in m.finditer(src):
                    n = root.named_descendant_for_byte_range(found.start(1), found.end(1))
                    if n is None or n.type != "call_expression":
                        return None
                    out.append(n)
        return out

    def _param_capacity(self, make: Node) -> int | None:
        """Return the largest buffer a ``make(chan T, n)`` gets when ``n`` is a parameter.

        ``newSpool(depth int)`` making ``make(chan task, depth)``: when the parameter is
        never assigned and every call of the function in the package passes an integer
        literal there, the buffer is at most the largest of them. None otherwise.
        """
        args = make.child_by_field_name("arguments")
        sized = args.named_children if args is not None else []
        func = parse.enclosing_function(make)
        if len(sized) != 2 or sized[1].type != "identifier" or func is None:
            return None
        fname = func.child_by_field_name("name")
        if func.type not in ("function_declaration", "method_declaration") or fname is None:
            return None
        if parse.text(fname)[:1].isupper() and any(
            package_name(t) != "main" for t in self.pkg.texts()
        ):
            return None  # other packages may call it with anything
        name = parse.text(sized[1])
        names = param_names(func)
        body = func.child_by_field_name("body")
        if name not in names or body is None or name in _assigned_names_in(body):
            return None
        at = names.index(name)
        best: int | None = None
        for call in funcvals.calls_of(func, self.index):
            cargs = call.child_by_field_name("arguments")
            given = cargs.named_children if cargs is not None else []
            if call.type != "call_expression" or len(given) != len(names):
                return None
            if given[at].type != "int_literal":
                return None
            try:
                k = int(parse.text(given[at]), 0)
            except ValueError:
                return None
            best = k if best is None else max(best, k)
        return best

    def _makes(self, cls: str) -> list[bytes] | None:
        """Return the text of every ``make(chan ...)`` a name of class ``cls`` holds."""
        decl = self.local_decls.get(cls)
        if decl is not None:
            stmt = decl.parent.parent if decl.parent is not None else None
            right = stmt.child_by_field_name("right") if stmt is not None else None
            if right is None and stmt is not None:
                right = stmt.child_by_field_name("value")
            if right is None or len(right.named_children) != 1:
                return None
            return [right.text or b""]
        if "@" in cls or "." not in cls:
            return None
        patterns = self._make_patterns(cls)
        found = [
            m.group(1) for src in self.pkg.texts() for rx in patterns for m in rx.finditer(src)
        ]
        return found or None

    def _make_patterns(self, cls: str) -> list[re.Pattern[bytes]]:
        """Return the patterns of a ``make(chan ...)`` stored into the field class ``cls``."""
        owner_name, fname = cls.split(".", 1)[0], cls.rsplit(".", 1)[-1]
        fld = re.escape(fname.encode())
        owner = re.escape(owner_name.encode())
        # T{..., f: make(chan X)} and x.f = make(chan X)
        in_literal = re.compile(
            rb"\b"
            + owner
            + rb"\s*\{(?:[^{}]|\{[^{}]*\})*?\b"
            + fld
            + rb"\s*:\s*(make\s*\([^()]*\))"
        )
        assigned = re.compile(rb"\.\s*" + fld + rb"\s*=\s*(make\s*\([^()]*\))")
        patterns = [in_literal, assigned]
        # T{make(chan X), ...}: the channel is the struct's first field
        fields = list(_fields(self.pkg, resolve_type(self.pkg, _type_ident(owner_name))))
        if fields and fields[0][0] == fname:
            patterns.append(re.compile(rb"\b" + owner + rb"\s*\{\s*(make\s*\([^()]*\))\s*[,}]"))
        return patterns

    # ----------------------------------------------------------------- summaries

    def sync_calls(self, cls: str, methods: frozenset[bytes]) -> list[Node] | None:
        """Return every call of ``methods`` on the primitive of class ``cls`` in the package.

        A field's calls are found by its name and kept when their operand is of that class;
        a local's in the function that declares it. None when a use we cannot follow may
        call them: an exported field outside ``package main``, an address taken, a local
        used other than by calling its methods, an operand of unknown type.
        """
        decl = self.local_decls.get(cls)
        handed: list[tuple[str, Node, str]] = []
        if decl is not None:
            func = parse.enclosing_function(decl)
            top = next(iter(reversed(list(parse.ancestors(decl)))), decl)
            if func is None or top.id != self.tree.root_node.id:
                return None
            if _local_escapes(decl):
                got = self._handed_to(decl, func)
                if got is None:
                    return None
                handed = got
            name = decl.text or b""
            scopes: list[tuple[str, Node]] = [(self.path, func)]
        elif "@" in cls or "." not in cls:
            return None
        else:
            name = cls.rsplit(".", 1)[-1].encode()
            if name[:1].isupper() and any(package_name(t) != "main" for t in self.pkg.texts()):
                return None
            addr = re.compile(rb"&\s*[\w.]*\.\s*" + re.escape(name) + rb"\b(?!\s*\.)")
            if any(addr.search(t) for t in self.pkg.texts()):
                return None
            scopes = [
                (p, self.tree.root_node if p == self.path else cached_tree(t).root_node)
                for p, t in self.pkg.files()
                if name in t
            ]
        out: list[Node] = []
        for fpath, scope in scopes:
            for call in parse.captures(QUERY, scope).get("sync.call", []):
                fn = call.child_by_field_name("function")
                m = fn.child_by_field_name("field") if fn is not None else None
                o = fn.child_by_field_name("operand") if fn is not None else None
                if m is None or o is None or m.text not in methods:
                    continue
                last = o.child_by_field_name("field") if o.type == "selector_expression" else o
                if last is None or last.text != name:
                    continue
                if decl is None and o.type != "selector_expression":
                    continue  # a local of that name, not the field
                func = parse.enclosing_function(call)
                if func is None:
                    return None
                v = self.eval(o, self.function_env(func), fpath)
                if v is None:
                    return None
                if v.cls == cls:
                    out.append(call)
                    self.call_paths[call.id] = fpath
                elif "@" in v.cls or "." not in v.cls:
                    return None
        for fpath, hfunc, pname in handed:
            for call in parse.captures(QUERY, hfunc).get("sync.call", []):
                fn = call.child_by_field_name("function")
                m = fn.child_by_field_name("field") if fn is not None else None
                o = fn.child_by_field_name("operand") if fn is not None else None
                if m is not None and o is not None and m.text in methods and parse.text(o) == pname:
                    out.append(call)
                    self.call_paths[call.id] = fpath
        return out

    def _handed_to(self, decl: Node, func: Node) -> list[tuple[str, Node, str]] | None:
        """Return (file, function, parameter) for each function a local is handed to.

        ``go worker(&wg, jobs)``: every use of the local other than ``x.M()`` must be ``&x``
        as an argument of a call of a package function (or a method of the package,
        ``a.launch(&wg)``) whose parameter is only ever used as ``p.M()`` (not reassigned,
        not handed on): its calls are the local's. None for any other use.
        """
        name = decl.text or b""
        out: list[tuple[str, Node, str]] = []
        for n in parse.iter_descendants(func):
            if n.type != "identifier" or n.text != name or n.id == decl.id:
                continue
            p = n.parent
            if p is None:
                return None
            if p.type == "selector_expression" and p.child_by_field_name("operand") == n:
                continue  # x.M(): _local_escapes judged those
            if p.type in ("var_spec", "expression_list"):
                continue
            first = p.child(0) if p.child_count else None
            args = p.parent
            call = args.parent if args is not None else None
            if (
                p.type != "unary_expression"
                or first is None
                or first.type != "&"
                or args is None
                or args.type != "argument_list"
                or call is None
                or call.type != "call_expression"
            ):
                return None
            fn = call.child_by_field_name("function")
            callee: tuple[Node, str] | None = None
            if fn is not None and fn.type == "identifier":
                ref = self._here(self.pkg.function(parse.text(fn)))
                callee = (ref.node, ref.path or self.path) if ref is not None else None
            elif fn is not None and fn.type == "selector_expression":
                # ``a.launch(ctx, &wg)``: a method of the package, found by its receiver.
                got = self.resolve(fn, self.function_env(func), self.path)
                if got is not None and got[0].type == "method_declaration":
                    callee = (got[0], got[1])
            if callee is None:
                return None
            idx = next(i for i, a in enumerate(args.named_children) if a.id == p.id)
            names = param_names(callee[0])
            pname = names[idx] if idx < len(names) else ""
            if not pname or not _param_only_called(callee[0], pname):
                return None
            if all(h.id != callee[0].id for _, h, _ in out):
                out.append((callee[1], callee[0], pname))
        return out

    def wg_summary(self, cls: str) -> list[tuple[Node, Node, str, NodeKey]] | None:
        """Return the unmatched ``Add(1)`` calls of WaitGroup ``cls`` (cached).

        Each is (the Add, its function, "path" or "skip", where the count is left up).
        None when some Done may come from code we cannot place.
        """
        if cls in self._wg_summaries:
            return self._wg_summaries[cls]
        got = self._compute_wg_summary(cls)
        self._wg_summaries[cls] = got
        return got

    def _compute_wg_summary(self, cls: str) -> list[tuple[Node, Node, str, NodeKey]] | None:
        calls = self.sync_calls(cls, frozenset({b"Add", b"Done"}))
        if not calls:
            return None
        adds = [c for c in calls if _method_of(c) == b"Add" and not _counts_down(c)]
        dones = [c for c in calls if _method_of(c) == b"Done" or _counts_down(c)]
        out: list[tuple[Node, Node, str, NodeKey]] = []
        for add in adds:
            func = parse.enclosing_function(add)
            if func is None or _statement_of(add) is None:
                continue
            loop = None
            if _add_arg(add) != "1":
                loop = _counted_loop(add)
                others = [a for a in adds if a.id != add.id and parse.enclosing_function(a) == func]
                if loop is None or others:
                    continue
            g = self.graphs.get(func)
            start = g.block_of(add) if g is not None else None
            if g is None or start is None or _deferred(add, func):
                continue
            fpath = self.call_paths.get(add.id, self.path)
            got = self._givers(func, fpath, dones)
            if got is None:
                continue
            full, skips = got
            walls = full | {b for b, _ in skips}
            if loop is not None:
                # ``wg.Add(len(xs))`` then one goroutine per round of ``for ... range xs``:
                # every round must start one before it comes round again or leaves.
                header = g.by_node.get(loop.id)
                inner = {
                    b for b in walls if (n := g.blocks[b].node) is not None and _inside(n, loop)
                }
                if header is None or not inner:
                    continue
                path_at = _round_past(g, header, loop, inner)
            else:
                path_at = _path_past(g, start, walls)
            if path_at is not None:
                out.append((add, func, "path", self.key(fpath, path_at)))
            elif skips:
                out.append((add, func, "skip", skips[0][1]))
        return out

    def _givers(
        self, func: Node, fpath: str, dones: list[Node]
    ) -> tuple[set[int], list[tuple[int, NodeKey]]] | None:
        """Return the go statements of ``func`` that call Done, by how sure the Done is.

        The blocks of those whose goroutine calls Done on every path, and for those that
        skip it on some path, their block and where they return without it. None when some
        Done is not in a goroutine ``func`` starts itself.
        """
        g = self.graphs.get(func)
        if g is None:
            return None
        env = self.function_env(func)
        full: set[int] = set()
        skips: list[tuple[int, NodeKey]] = []
        placed: set[int] = set()
        for go in parse.iter_descendants(func):
            if go.type != "go_statement" or parse.enclosing_function(go) != func:
                continue
            call = next((c for c in go.named_children if c.type == "call_expression"), None)
            fn = call.child_by_field_name("function") if call is not None else None
            ref = self.resolve(fn, env, fpath) if fn is not None else None
            if ref is None:
                continue
            started = ref[0]
            through: list[Node] = []
            try:
                cover = self._done_cover(started, ref[1], dones, placed, through, 0)
            except _Unknown:
                return None
            if cover is None:
                continue
            b = g.block_of(go)
            if b is None:
                return None
            if isinstance(cover, _Every):
                full.add(b)
            else:
                skips.append((b, cover))
            # A function on the way to a Done that other code calls too (the rejected path
            # calling the same helper) may count down where no goroutine runs.
            covered = {f.id for f in through} | {started.id}
            for f in through:
                for fp, src in self.pkg.files():
                    tree = self.tree if fp == self.path else cached_tree(src)
                    for site in _call_sites(tree.root_node, f):
                        outer = parse.enclosing_function(site)
                        if outer is not None and outer.id in covered:
                            continue
                        if outer is None or not self._other_method(site, f, outer, fp):
                            return None
        if any(d.id not in placed for d in dones):
            return None
        return full, skips

    def _other_method(self, site: Node, method: Node, outer: Node, fpath: str) -> bool:
        """Tell whether ``x.m(...)`` at ``site`` calls a method ``m`` of another type."""
        want = receiver_type_name(method)
        fn = site.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        if want is None or operand is None:
            return False
        v = self.eval(operand, self.function_env(outer), fpath)
        return v is not None and v.ty is not None and v.ty.kind == "named" and v.ty.name != want

    def _done_cover(
        self,
        func: Node,
        fpath: str,
        dones: list[Node],
        placed: set[int],
        through: list[Node],
        depth: int,
    ) -> NodeKey | _Every | None:
        """Tell how running ``func`` counts the WaitGroup of ``dones`` down.

        :data:`_EVERY_PATH` when every path calls one of ``dones`` (itself, deferred, or in
        a package function it calls that does so on every path); where a path returns
        without one (its own return, or the return of the callee that skips it) when some
        path does not; None when no path calls one. A Done reached only through a callee
        that can skip it is judged only when that callee is ``func``'s one way to count
        down: with another Done around it, the two may be tied to the callee's result (an
        ``if err != nil { wg.Done() }`` after it). :class:`_Unknown` when that is so, or the
        graph cannot be built.
        """
        own = [d for d in dones if parse.enclosing_function(d) == func]
        placed.update(d.id for d in own)
        if any(_deferred(d, func) for d in own):
            return _EVERY_PATH
        g = self.graphs.get(func)
        if g is None:
            if own:
                raise _Unknown
            return None
        stops = {x for x in (g.block_of(d) for d in own) if x is not None}
        givers = len(own)
        skip_at: NodeKey | None = None
        if depth < PSEUDO_DEPTH:
            env = self.function_env(func)
            for c in parse.captures(OPS_QUERY, func).get("call.any", []):
                fn = c.child_by_field_name("function")
                if fn is None or fn.type == "func_literal" or parse.enclosing_function(c) != func:
                    continue
                ref = self.resolve(fn, env, fpath)
                if ref is None or ref[0].id == func.id or any(t.id == ref[0].id for t in through):
                    continue
                through.append(ref[0])
                got = self._done_cover(ref[0], ref[1], dones, placed, through, depth + 1)
                if got is None:
                    through.pop()
                    continue
                givers += 1
                if got is _EVERY_PATH:
                    if _deferred(c, func):
                        return _EVERY_PATH
                    b = g.block_of(c)
                    if b is not None:
                        stops.add(b)
                elif skip_at is None and isinstance(got, tuple):
                    skip_at = got
        if givers == 0:
            return None
        if skip_at is not None and givers > 1:
            raise _Unknown
        ret = _path_around(g, stops)
        if ret is None:
            return _EVERY_PATH
        if skip_at is not None:
            return skip_at
        rnode = g.blocks[ret].node if ret >= 0 else None
        return self.key(fpath, rnode if rnode is not None else func)

    # ----------------------------------------------------------------- goroutines

    def roots_of_file(self) -> list[Root]:
        """Return a :class:`Root` for every go statement of the file we can follow."""
        out: list[Root] = []
        parents: dict[int, dict[str, Val]] = {}
        for stmt in self.go_statements:
            parent = parse.enclosing_function(stmt)
            call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
            if parent is None or call is None or parent.has_error:
                continue
            env = parents.get(parent.id)
            if env is None:
                env = self.function_env(parent)
                parents[parent.id] = env
            root = Root(stmt, parent, in_loop(stmt, parent))
            root.env = env
            out.append(root)
        return out

    def linked_roots(self) -> list[tuple[Node, Node]]:
        """Add the goroutines of other files that run with this file's, and return the links.

        A starter of this file that calls a package function of another file which starts
        goroutines itself (``d := NewDispatcher()`` starting ``go d.run()``), and a function
        of another file that starts goroutines and calls a starter of this file: their
        goroutines run together. Each such goroutine is added as a root (its go statement in
        its own file), and each (caller, callee) pair is returned so that
        :func:`_components` puts the two functions' goroutines in one component. Findings
        are still reported only at this file's go statements.
        """
        links: list[tuple[Node, Node]] = []
        starters: dict[int, Node] = {}
        for r in self.roots:
            if r.parent.type in ("function_declaration", "method_declaration"):
                starters.setdefault(r.parent.id, r.parent)
        added: set[int] = set(starters)
        local_starters = {
            f.start_byte: f for f in starters.values() if f.type == "function_declaration"
        }
        budget = _MAX_LINKED
        for f in list(starters.values()):
            for call in parse.captures(OPS_QUERY, f).get("call.any", []):
                fn = call.child_by_field_name("function")
                fn = instantiated(fn) if fn is not None else None
                if fn is None or fn.type != "identifier":
                    continue
                ref = self.pkg.function(parse.text(fn))
                same = (
                    local_starters.get(ref.node.start_byte)
                    if ref is not None and (not ref.path or ref.path == self.path)
                    else None
                )
                if same is not None and same.id != f.id:
                    # Another starter of this file, called by this one: the goroutines
                    # this one started before the call run with the callee's.
                    links.append((f, same))
                    continue
                if ref is None or not ref.path or ref.path == self.path:
                    continue
                if ref.node.id in added or b"go " not in (ref.node.text or b""):
                    continue
                got = self._roots_of(ref.node, ref.path, budget)
                if got:
                    added.add(ref.node.id)
                    budget -= len(got)
                    self.roots.extend(got)
                    links.append((f, ref.node))
        for c in list(starters.values()):
            if c.type != "function_declaration":
                continue
            for call in funcvals.calls_of(c, self.index):
                if call.type != "call_expression":
                    break
                caller = parse.enclosing_function(call)
                if caller is None or caller.type not in (
                    "function_declaration",
                    "method_declaration",
                ):
                    continue
                cpath = funcvals.path_of(call, self.index)
                if cpath == self.path or caller.id in added:
                    continue
                got = self._roots_of(caller, cpath, budget)
                if got:
                    added.add(caller.id)
                    budget -= len(got)
                    self.roots.extend(got)
                    links.append((caller, c))
        return links

    def called_together(self) -> list[tuple[Node, Node]]:
        """Return pairs of starters one function of the package calls both of (or one the other).

        ``r := NewRoom(); m := r.Join("a")`` in ``main`` runs the goroutine ``NewRoom`` starts
        with the one ``Join`` starts: what one sends on, the other may receive from. Calls are
        found by name (a method's by its name on any operand: more pairs only widen the set
        of goroutines a channel's partners are looked for in).
        """
        starters: dict[NodeKey, Node] = {}
        for r in self.roots:
            if r.parent.type in ("function_declaration", "method_declaration"):
                starters.setdefault(node_key(r.go_path or self.path, r.parent), r.parent)
        if len(starters) < 2:
            return []
        callers: dict[NodeKey, list[Node]] = {}
        for f in starters.values():
            for call in funcvals.calls_of(f, self.index):
                if call.type != "call_expression":
                    continue
                caller = parse.enclosing_function(call)
                while caller is not None and caller.type == "func_literal":
                    caller = parse.enclosing_function(caller)
                if caller is None:
                    continue
                ck = node_key(funcvals.path_of(call, self.index), caller)
                got = callers.setdefault(ck, [])
                if all(g.id != f.id for g in got):
                    got.append(f)
                other = starters.get(ck)
                if other is not None and all(g.id != other.id for g in got):
                    got.append(other)
        out: list[tuple[Node, Node]] = []
        for fs in callers.values():
            out.extend((fs[0], f) for f in fs[1:])
        return out

    def _roots_of(self, func: Node, fpath: str, budget: int) -> list[Root]:
        """Return a root for each go statement of ``func`` itself (file ``fpath``)."""
        if func.has_error:
            return []
        gos = [
            g
            for g in parse.iter_descendants(func)
            if g.type == "go_statement" and parse.enclosing_function(g) == func
        ]
        if not gos or len(gos) > budget:
            return []
        env = self.function_env(func, fpath)
        out: list[Root] = []
        for stmt in gos:
            call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
            if call is None:
                continue
            root = Root(stmt, func, in_loop(stmt, func), go_path=fpath)
            root.env = env
            out.append(root)
        return out

    def function_env(self, func: Node, fpath: str | None = None) -> dict[str, Val]:
        """Return the environment of ``func`` and of the literals around it."""
        path = fpath or self.path
        chain: list[Node] = [func]
        for a in parse.ancestors(func):
            if a.type in parse.FUNCTION_TYPES:
                chain.append(a)
        env: dict[str, Val] = {}
        for fn in reversed(chain):
            if fn.type == "method_declaration":
                rname = receiver_name(fn)
                rty = self._receiver_type(fn)
                if rname and rname != "_":
                    env[rname] = self.local(rname, path, fn, rty)
            ptypes = self._param_types(fn)
            for i, pname in enumerate(param_names(fn)):
                if pname and pname != "_":
                    env[pname] = self.local(pname, path, fn, ptypes[i] if i < len(ptypes) else None)
            self.declare_locals(fn, path, env)
        return env

    def run_root(self, root: Root) -> None:
        """Walk the goroutine started by ``root``'s go statement."""
        self._root = root
        self._states = 0
        self._memo = {}
        self._stack = []
        self._taken_now = frozenset()
        self._site = -1
        call = next((c for c in root.go.named_children if c.type == "call_expression"), None)
        assert call is not None
        self.ends = []
        self._releases, self._foreign = set(), set()
        try:
            self.apply_call(
                call, root.env, root.go_path or self.path, frozenset(), 0, go_entry=True
            )
        except _GiveUp:
            root.gave_up = True
        root.ends = [frozenset(h for h in st if h.path not in self._foreign) for st in self.ends]
        root.ends = [st for st in root.ends if st]

    def forget(self, roots: set[int]) -> None:
        """Drop what the goroutines ``roots`` (by id) recorded, before walking them again."""
        self.stuck = [e for e in self.stuck if id(e.root) not in roots]
        self.acquires = [e for e in self.acquires if id(e.root) not in roots]
        self.chan_ops = [e for e in self.chan_ops if id(e.root) not in roots]
        self.wg_ops = [e for e in self.wg_ops if id(e.root) not in roots]
        self.rr = [e for e in self.rr if id(e[0]) not in roots]
        for r in self.roots:
            if id(r) in roots:
                r.walked = set()
                r.gave_up = False

    def run_pseudo(self, func: Node, fpath: str | None = None) -> None:
        """Walk a function no goroutine of the file reaches, for locks it leaves locked.

        ``fpath`` is the function's file when it is another file of the package.
        """
        path = fpath or self.path
        root = Root(func, func, False, func, path, pseudo=True, go_path=fpath or "")
        self._root = root
        self._max_depth = PSEUDO_DEPTH
        self._states = 0
        self._memo = {}
        self._stack = []
        self._taken_now = frozenset()
        self._site = -1
        try:
            self.run_func(func, path, self.function_env(func, path), frozenset(), 1, None)
        except _GiveUp:
            root.gave_up = True
        finally:
            self._max_depth = MAX_DEPTH

    # ----------------------------------------------------------------- calls

    def apply_call(
        self,
        call: Node,
        env: dict[str, Val],
        fpath: str,
        held: HeldSet,
        depth: int,
        *,
        go_entry: bool = False,
        deferred: bool = False,
    ) -> list[HeldSet]:
        """Return the lock states after ``call`` (empty when it blocks forever)."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return [held]
        plan = self._plan(call, fn, env, fpath)
        if plan.sync is not None:
            got = self._sync_call(
                call, plan.sync[0], plan.sync[1], plan.sync[2], env, fpath, held, depth, deferred
            )
            if got is not None:
                return got
        if plan.callee is None:
            if fn.type == "identifier" and fn.text in (b"close",):
                self._chan_close(call, env, fpath, held)
            return self._opaque(call, env, fpath, held)
        callee, cpath = plan.callee, plan.cpath
        if depth >= self._max_depth or callee.id in self._stack:
            return self._opaque(call, env, fpath, held)
        cenv = self.bind(callee, cpath, plan.recv, call, env, fpath, plan.closure)
        if go_entry and self._root is not None:
            self._root.entry = callee
            self._root.entry_path = cpath
        # Only the goroutine's own defers run when it returns; a helper's run when the
        # helper does.
        own = deferred and depth == 1
        self._in_defer += own
        try:
            out = self.run_func(callee, cpath, cenv, held, depth + 1, call)
        finally:
            self._in_defer -= own
        if go_entry:
            self.ends = out
        return self._settle(callee, cpath, call, fpath, held, out)

    def _plan(self, call: Node, fn: Node, env: dict[str, Val], fpath: str) -> _Plan:
        """Return what a call is (a sync call, a package function, unknown), cached per env.

        The same statement is evaluated on every path that reaches it with another lock
        state; what it calls does not change with the locks held.
        """
        key = (call.id, id(env))
        got = self._plans.get(key)
        if got is not None and got.env is env:
            return got
        plan = _Plan(env)
        if fn.type == "selector_expression":
            fld = fn.child_by_field_name("field")
            operand = fn.child_by_field_name("operand")
            method = parse.text(fld) if fld is not None else ""
            if operand is not None and method in _SYNC_METHODS:
                plan.sync = (method, self.eval(operand, env, fpath), operand)
        ref = self.resolve(fn, env, fpath)
        if ref is not None:
            plan.callee, plan.cpath, plan.recv = ref
            if fn.type == "identifier":
                v = env.get(parse.text(fn))
                if v is not None and v.func is not None:
                    plan.closure = v.closure
            elif fn.type == "func_literal":
                plan.closure = env
            if plan.closure is None and ref[0].type == "func_literal":
                plan.closure = self._activation_env(ref[0], fn, env, fpath)
            if plan.closure is None and ref[0].type == "func_literal":
                plan.closure = self._maker_env(ref[0], fn, env, fpath)
            if plan.closure is None and ref[0].type == "func_literal":
                plan.closure = self.literal_env(ref[0])
            if plan.recv is None and ref[0].type == "method_declaration":
                plan.recv = self._bound_receiver(fn, ref[0], env, fpath)
        self._plans[key] = plan
        return plan

    def _settle(
        self, callee: Node, cpath: str, call: Node, fpath: str, held: HeldSet, out: list[HeldSet]
    ) -> list[HeldSet]:
        """Handle locks a function with results takes and keeps on only some of its paths.

        ``if s.lockIfOpen() { defer s.mu.Unlock() }``: the caller tells the paths apart by
        the result, which we do not follow, so such locks are forgotten. When the caller
        throws the result away, the paths that keep the lock leave it locked for good.
        """
        if callee.child_by_field_name("result") is None or len(out) < 2:
            return out
        foreign = self._foreign_by_func.get(callee.id, set())
        own = {h for st in out for h in st if h not in held and h.path not in foreign}
        split = {h for h in own if any(h not in st for st in out)}
        if not split:
            return out
        discarded = call.parent is not None and call.parent.type == "expression_statement"
        if not discarded:
            # The caller tells the paths apart by the result, so it could take over the
            # lock on the paths that keep it (``if c.TryGet(k) { ...; c.mu.Unlock() }``):
            # only code that unlocks a lock it did not lock itself can. With none in the
            # package, a lock kept here stays held in the caller: keep it in its state.
            keep = {h for h in split if h.certain and self._never_taken_over(h)}
            caller = self._stack[-1] if self._stack else -1
            for h in keep:
                self.kept.setdefault(h.at, []).append((caller, self.key(fpath, call)))
            split -= keep
            test = _err_test(call) if keep else None
            tagged = {
                h: replace(h, if_err=self.key(fpath, test))
                for h in keep
                if test is not None and self._kept_with_error(callee, h)
            }
            if tagged:
                out = [frozenset(tagged.get(h, h) for h in st) for st in out]
            if not split:
                return out
        if discarded:
            for h in split:
                node = self.nodes.get(h.at)
                if node is not None and h.certain:
                    self.leaks.setdefault(
                        h.at,
                        Leak(
                            h.cls,
                            h.at,
                            self.key(cpath, callee),
                            h.text,
                            callee,
                            cpath,
                            node,
                            self._root,
                            mode=h.mode,
                        ),
                    )
            return out
        return list(dict.fromkeys(frozenset(st - split) for st in out))

    def _kept_with_error(self, callee: Node, h: Held) -> bool:
        """Tell whether ``callee`` keeps ``h`` exactly on the paths that return an error.

        Its last result is an ``error``; every return that still holds the lock hands back
        one that is not nil (``ErrFull``, ``errors.New(...)``, ``fmt.Errorf(...)``, ``&E{}``),
        and every return that released it hands back ``nil``.
        """
        rets = self._exit_rets.get(callee.id)
        results = callee.child_by_field_name("result")
        if not rets or results is None or _last_result_type(results) != "error":
            return False
        holds = False
        for st, ret in rets:
            kind = _error_kind(ret, self.pkg) if ret is not None else None
            keeps = any(x.cls == h.cls and x.at == h.at for x in st)
            if kind != ("set" if keeps else "nil"):
                return False
            holds |= keeps
        return holds

    def _never_taken_over(self, h: Held) -> bool:
        """Tell whether no code may release lock ``h`` for the function that took it.

        Only struct fields are judged (a local lock handed to a function is its caller's).
        """
        got = self._untaken.get(h.cls)
        if got is None:
            got = self._untaken[h.cls] = self._compute_never_taken_over(h.cls)
        return got

    def _compute_never_taken_over(self, lock_cls: str) -> bool:
        if "@" in lock_cls or "." not in lock_cls:
            return False
        unlocks = self.pkg.foreign_unlocks(lock_cls.rsplit(".", 1)[-1])
        if unlocks is None:
            return False
        for call in unlocks:
            # An unlock of a value known to be another type's lock is not this lock's.
            fn = call.child_by_field_name("function")
            operand = fn.child_by_field_name("operand") if fn is not None else None
            func = parse.enclosing_function(call)
            if operand is None or func is None:
                return False
            v = self.eval(operand, self.function_env(func), self.path)
            if v is None or v.ty is None:
                return False
            cls = v.cls
            emb = embedded_lock(self.pkg, v.ty) if v.ty.kind in ("named", "struct") else None
            if emb is not None:
                cls = f"{v.ty.name}.{emb[0]}" if v.ty.kind == "named" else f"{v.cls}.{emb[0]}"
            if cls == lock_cls or "." not in cls or "@" in cls:
                return False
        return True

    def _opaque(self, call: Node, env: dict[str, Val], fpath: str, held: HeldSet) -> list[HeldSet]:
        """Forget the locks a call we cannot follow could release.

        A function value we cannot see may do anything: every lock is forgotten. A method we
        cannot resolve on a value of this package may release locks inside that value. Another
        package's function can only release a lock it is handed. A lock no code of the package
        may release without taking it itself (:meth:`_never_taken_over`) is kept whatever the
        call is: code that locks and unlocks it leaves it as it was.
        """
        if not held:
            return [held]
        kept = self._untakeable(held)
        return [k | kept for k in self._opaque_keep(call, env, fpath, held)]

    def _untakeable(self, held: HeldSet) -> HeldSet:
        """Return the locks of ``held`` no code of the package can release for their holder."""
        return frozenset(h for h in held if h.certain and self._never_taken_over(h))

    def _opaque_keep(
        self, call: Node, env: dict[str, Val], fpath: str, held: HeldSet
    ) -> list[HeldSet]:
        """Return what :meth:`_opaque` keeps by the call's shape alone."""
        fn = call.child_by_field_name("function")
        if fn is None:
            return [frozenset()]
        if fn.type == "selector_expression":
            pkg = fn.child_by_field_name("operand")
            if pkg is not None and pkg.text == b"sync" and "sync" not in env:
                return [held]  # sync.NewCond(&mu) and friends keep the lock as it is
        vals: list[Val] = []
        if fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            if op is not None and not (op.type == "identifier" and parse.text(op) not in env):
                v = self.eval(op, env, fpath)
                if v is None or (v.ty is not None and v.ty.kind == "func"):
                    return [frozenset()]
                vals.append(v)
        elif fn.type == "identifier":
            if parse.text(fn) in env:
                return [frozenset()]  # a function value we cannot see
        elif fn.type not in ("parenthesized_expression",):
            return [frozenset()]
        args = call.child_by_field_name("arguments")
        for a in args.named_children if args is not None else []:
            v = self.eval(a, env, fpath)
            if v is not None and v.ty is not None and v.ty.kind in ("mutex", "rwmutex", "cond"):
                vals.append(v)
        if not vals:
            return [held]
        keep = frozenset(h for h in held if not any(_related(h.path, v.path) for v in vals))
        return [keep]

    def _sync_call(
        self,
        call: Node,
        method: str,
        target: Val | None,
        operand: Node,
        env: dict[str, Val],
        fpath: str,
        held: HeldSet,
        depth: int,
        deferred: bool,
    ) -> list[HeldSet] | None:
        if target is None or target.ty is None:
            return None
        kind = target.ty.kind
        lock_path, lock_cls = target.path, target.cls
        if kind == "named" or kind == "struct":
            emb = embedded_lock(self.pkg, target.ty)
            if emb is None:
                return None
            fname, kind = emb
            lock_path, lock_cls = f"{target.path}.{fname}", f"{target.cls}.{fname}"
            if target.ty.kind == "named":
                lock_cls = f"{target.ty.name}.{fname}"
        text = parse.text(operand)
        if kind in ("mutex", "rwmutex") and method in LOCK_OPS:
            mode = R if method in ("RLock", "RUnlock") else W
            if target.ty.kind == "rlocker":
                mode = R
            if method in ("Lock", "RLock"):
                return self.acquire(
                    call, fpath, lock_path, lock_cls, mode, text, target.certain, held
                )
            return [self.release(lock_path, lock_cls, mode, held)]
        if kind == "rlocker" and method in LOCK_OPS:
            if method == "Lock":
                return self.acquire(call, fpath, lock_path, lock_cls, R, text, target.certain, held)
            return [self.release(lock_path, lock_cls, R, held)]
        if kind == "wg" and method in ("Add", "Done", "Wait"):
            assert self._root is not None
            owed = (
                next((at for p, at in self._pending_dones() if p == target.path), None)
                if method == "Wait" and target.certain and not deferred
                else None
            )
            if owed is not None:
                # ``defer wg.Done()`` then ``wg.Wait()``: the count it waits to see at zero
                # includes its own, which it gives back only once it returns.
                at = self.key(fpath, call)
                self.stuck.append(
                    Stuck(
                        GS_WG,
                        self._root,
                        at,
                        f'goroutine blocks forever in "{text}.Wait": it waits for its own '
                        f'"{text}.Done", which runs only after it returns',
                        Confidence.HIGH,
                        [
                            (Role.BLOCK, at, "blocks here: its own count is still up"),
                            (Role.OTHER, owed, "its Done is deferred here"),
                        ],
                        ordered(held),
                    )
                )
                return []
            self.wg_ops.append(
                WgOp(
                    self._root,
                    target.cls,
                    "Done" if method == "Add" and _counts_down(call) else method,
                    self.key(fpath, call),
                    text,
                    deferred,
                    self._taken_now,
                    via_defer=self._in_defer > 0,
                )
            )
            if method == "Wait" and self.track:
                self._taken_now = self._taken_now | {"wait:" + target.cls}
            return [held]
        if kind == "cond" and method in ("Wait", "Signal", "Broadcast"):
            assert self._root is not None
            self.wg_ops.append(
                WgOp(
                    self._root, "cond:" + target.cls, method, self.key(fpath, call), text, deferred
                )
            )
            return [held]
        if kind == "once" and method == "Do":
            args = call.child_by_field_name("arguments")
            f = next(iter(args.named_children), None) if args is not None else None
            v = self.eval(f, env, fpath) if f is not None else None
            if v is not None and v.func is not None and depth < self._max_depth:
                if v.func.id in self._stack:
                    return [held]
                cenv = self.bind(v.func, v.func_path, None, None, env, fpath, v.closure)
                return self.run_func(v.func, v.func_path, cenv, held, depth + 1, call)
            return [held]
        return None

    def acquire(
        self,
        call: Node,
        fpath: str,
        path: str,
        cls: str,
        mode: str,
        text: str,
        certain: bool,
        held: HeldSet,
    ) -> list[HeldSet]:
        """Take a lock; record deadlocks with the locks already held and order pairs."""
        assert self._root is not None
        at = self.key(fpath, call)
        before = ordered(held)
        self.acquires.append(
            Acquire(
                self._root, cls, mode, at, text, before, self._site, self._taken_now, path, certain
            )
        )
        if self.track:
            self._taken_now = self._taken_now | {cls}
        for h in held:
            same = h.path == path and certain and h.certain
            if same and (mode == W or h.mode == W):
                again = "read-locked" if mode == R else "locked"
                self.stuck.append(
                    Stuck(
                        GS_LOCK,
                        self._root,
                        at,
                        f'goroutine deadlocks on itself: "{text}" is {again} again while it '
                        "already holds the lock",
                        Confidence.HIGH,
                        [
                            (Role.BLOCK, at, "blocks here: the lock is already held"),
                            (
                                Role.OTHER,
                                h.at,
                                "first locked here"
                                if h.at != at
                                else "locked here on the previous round of the loop",
                            ),
                        ],
                        before,
                        later_round=h.at == at,
                    )
                )
                return []
            if h.cls == cls and mode == R and h.mode == R:
                apart = h.certain and certain and _path_root(h.path) != _path_root(path)
                self.rr.append((self._root, h, at, text, cls, apart))
        if len(held) >= MAX_HELD:
            return [held]
        return [held | {Held(path, cls, mode, at, text, certain)}]

    def release(self, path: str, cls: str, mode: str, held: HeldSet) -> HeldSet:
        """Drop one matching lock (the same instance, else the only one of its class).

        Releasing a lock this goroutine is not known to hold means the caller holds it: the
        function is then no judge of whether it leaves that lock locked.
        """
        self._releases.add(path)
        if not any(h.path == path or h.cls == cls for h in held):
            self._foreign.add(path)
        same = [h for h in held if h.path == path and h.mode == mode]
        if not same:
            same = [h for h in held if h.path == path]
        if not same:
            same = [h for h in held if h.cls == cls]
            if len(same) != 1:
                return frozenset(h for h in held if h.cls != cls) if same else held
        return held - {same[-1]}

    def _chan_close(self, call: Node, env: dict[str, Val], fpath: str, held: HeldSet) -> None:
        args = call.child_by_field_name("arguments")
        ch = next(iter(args.named_children), None) if args is not None else None
        v = self.eval(ch, env, fpath) if ch is not None else None
        if v is None:
            return
        assert self._root is not None
        self.chan_ops.append(
            ChanOp(
                self._root,
                v.cls,
                "close",
                self.key(fpath, call),
                parse.text(ch) if ch else "",
                False,
                ordered(held),
                self._taken(),
            )
        )
        if self.track:
            self._taken_now = self._taken_now | {f"op:close:{v.cls}"}

    def _taken(self) -> frozenset[str]:
        return self._taken_now

    # ----------------------------------------------------------------- functions

    def run_func(
        self,
        func: Node,
        fpath: str,
        env: dict[str, Val],
        held: HeldSet,
        depth: int,
        call: Node | None,
    ) -> list[HeldSet]:
        """Walk ``func``'s graph from ``held``; return the lock states at its normal exits."""
        sig = (
            func.id,
            held,
            tuple(sorted((k, v.path, v.cls) for k, v in env.items() if k in self.param_set(func))),
            self._taken_now,
            frozenset(p for p, _ in self._pending_dones()),
        )
        if sig in self._memo:
            got = self._memo[sig]
            if got is None:
                return self._drop_all(held)
            states, inner = got
            self._taken_now |= inner
            return list(states)
        g = self.graphs.get(func)
        if g is None:
            self._memo[sig] = None
            return self._drop_all(held)
        self._fresh += 1
        self.declare_locals(func, fpath, env, self._fresh)
        self._stack.append(func.id)
        self._env_stack.append((func.id, env))
        self._defer_frames.append(([()], {}))
        self.walked.add(func.id)
        if self._root is not None:
            self._root.walked.add(func.id)
        before = self._taken_now
        try:
            out = self._walk(g, func, fpath, env, held, depth)
        finally:
            self._stack.pop()
            self._env_stack.pop()
            self._defer_frames.pop()
        self._memo[sig] = (out, self._taken_now - before)
        return list(out)

    def _feasible(self, blk: Block, fpath: str, held: HeldSet) -> list[int]:
        """Return the successors of an ``if err != nil`` a kept lock's state can take.

        A state that holds a lock a callee kept only with an error (:attr:`Held.if_err`)
        takes the branch where that error is not nil, not the other.
        """
        assert blk.node is not None
        key = node_key(fpath, blk.node)
        if not any(h.if_err == key for h in held) or blk.then_first is None:
            return blk.succs
        op = blk.node.child_by_field_name("operator")
        nonnil_then = op is not None and op.type == "!="
        if nonnil_then:
            return [blk.then_first]
        return [b for b in blk.succs if b != blk.then_first]

    def _drop_all(self, held: HeldSet) -> list[HeldSet]:
        return [frozenset()] if held else [held]

    def _walk(
        self, g: CFG, func: Node, fpath: str, env: dict[str, Val], held: HeldSet, depth: int
    ) -> list[HeldSet]:
        State = tuple[int, HeldSet, tuple[Node, ...], frozenset[str], int]
        start: State = (g.entry, held, (), self._taken_now, -1)
        seen: set[State] = {start}
        todo: list[State] = [start]
        exits: set[HeldSet] = set()
        exit_returns: list[tuple[HeldSet, int]] = []
        own_acq: dict[str, tuple[NodeKey, Node, str]] = {}
        frame = self._defer_frames[-1]
        outer_releases, outer_foreign = self._releases, self._foreign
        self._releases, self._foreign = set(), set()
        saved_taken = self._taken_now
        acquired: frozenset[str] = frozenset()
        while todo:
            b, h, dfr, taken, last_ret = todo.pop()
            self._states += 1
            if self._states > MAX_STATES:
                raise _GiveUp
            blk = g.blocks[b]
            self._taken_now = taken
            frame[0][0] = dfr
            if b == g.exit:
                outs = [h]
                for d in reversed(dfr):
                    nxt: list[HeldSet] = []
                    for s in outs:
                        nxt.extend(self._run_deferred(d, env, fpath, s, depth))
                    outs = nxt
                for s in outs:
                    exits.add(s)
                    exit_returns.append((s, last_ret))
                continue
            if blk.kind in (Kind.ABORT, Kind.BLOCK):
                continue
            if blk.kind is Kind.DEFER and blk.node is not None:
                # A defer in a loop runs once per round; once is enough to know what it does.
                if all(d.id != blk.node.id for d in dfr):
                    dfr = (*dfr, blk.node)
                    done = self._note_deferred_done(blk.node, env, fpath)
                    if done is not None:
                        frame[1][blk.node.id] = done
                states = [h]
            elif blk.kind is Kind.GO:
                states = [h]
            else:
                self._ranged = None
                states = self._eval_block(blk.kind, blk.node, env, fpath, h, depth)
            # Leaving a range over a channel normally: the channel is closed.
            closed = (
                frozenset({f"closed:{self._ranged}"})
                if self.track and blk.kind is Kind.LOOP and self._ranged is not None
                else frozenset()
            )
            for s in states:
                for acq in s - h:
                    if acq.at[0] == fpath:
                        node = self.nodes.get(acq.at)
                        if node is not None and parse.enclosing_function(node) == func:
                            own_acq.setdefault(acq.path, (acq.at, node, acq.text))
                ntaken = (
                    self._taken_now | frozenset(x.cls for x in s) if self.track else frozenset()
                )
                acquired |= ntaken
                ret = b if blk.kind is Kind.RETURN else last_ret
                succs = blk.succs
                if blk.kind is Kind.COND and blk.node is not None and s:
                    succs = self._feasible(blk, fpath, s)
                for succ in succs:
                    st: State = (
                        succ,
                        s,
                        dfr,
                        ntaken | closed if closed and succ == blk.loop_exit else ntaken,
                        ret,
                    )
                    if st not in seen:
                        seen.add(st)
                        todo.append(st)
        self._taken_now = saved_taken | acquired
        released_here, foreign = self._releases, self._foreign
        self._foreign_by_func[func.id] = foreign
        self._releases, self._foreign = outer_releases | released_here, outer_foreign | foreign
        own_acq = {k: v for k, v in own_acq.items() if k not in foreign}
        for left, ret in exit_returns:
            ret_node = g.blocks[ret].node if ret >= 0 else None
            for kept in left:
                if kept.path in own_acq and kept not in held and ret_node is not None:
                    self.left_at.setdefault(kept.at, self.key(fpath, ret_node))
        self._exit_rets.setdefault(
            func.id,
            [(st, g.blocks[ret].node if ret >= 0 else None) for st, ret in exit_returns],
        )
        self._note_leaks(g, func, fpath, held, exit_returns, own_acq, released_here)
        return list(exits)

    def _note_leaks(
        self,
        g: CFG,
        func: Node,
        fpath: str,
        held_in: HeldSet,
        exit_returns: list[tuple[HeldSet, int]],
        own_acq: dict[str, tuple[NodeKey, Node, str]],
        released_here: set[str],
    ) -> None:
        """Record a function returning with a lock it took and releases elsewhere.

        A void function that takes the lock itself; or any function, results or not, that
        returns holding a lock a callee kept (:meth:`_settle`): no code of the package takes
        such a lock over, so its own caller cannot release it either.
        """
        void = func.child_by_field_name("result") is None
        in_paths = {h.path for h in held_in}
        for s, ret in exit_returns:
            for h in s:
                if h.path in in_paths:
                    continue
                if h.path not in own_acq and h.at in self.kept and h.at in self.left_at:
                    # Kept by a callee with results that this function never releases.
                    node = self.nodes.get(h.at)
                    vias = self.kept[h.at]
                    via = next((k for f, k in vias if f == func.id), vias[0][1])
                    if node is not None:
                        self.leaks.setdefault(
                            h.at,
                            Leak(
                                h.cls,
                                h.at,
                                self.left_at[h.at],
                                h.text,
                                func,
                                fpath,
                                node,
                                self._root,
                                via,
                                h.mode,
                            ),
                        )
                    continue
                if not void or h.path not in own_acq or h.path not in released_here:
                    continue
                if ret < 0:
                    continue
                at, node, text = own_acq[h.path]
                ret_node = g.blocks[ret].node if ret >= 0 else None
                rkey = self.key(fpath, ret_node) if ret_node is not None else self.key(fpath, func)
                self.leaks.setdefault(
                    at, Leak(h.cls, at, rkey, text, func, fpath, node, self._root, mode=h.mode)
                )

    def _pending_dones(self) -> list[tuple[str, NodeKey]]:
        """Return the WaitGroups (instance path, where) a deferred ``Done`` on the stack owes.

        Each runs only when its activation returns, after whatever the walk is at now.
        """
        out: list[tuple[str, NodeKey]] = []
        for dfr, dones in self._defer_frames:
            out.extend(dones[d.id] for d in dfr[0] if d.id in dones)
        return out

    def _note_deferred_done(
        self, d: Node, env: dict[str, Val], fpath: str
    ) -> tuple[str, NodeKey] | None:
        """Record a ``defer wg.Done()`` when it is deferred: the goroutine counts down on exit.

        A goroutine that then deadlocks never gets there, and the chained-WaitGroup rule must
        still know it is the one that would have called Done. Returns the WaitGroup's instance
        path and the Done's key when the value is certain: the activation still owes that
        count until it returns.
        """
        call = next((c for c in d.named_children if c.type == "call_expression"), None)
        fn = call.child_by_field_name("function") if call is not None else None
        if call is None or fn is None or fn.type != "selector_expression":
            return None
        fld = fn.child_by_field_name("field")
        operand = fn.child_by_field_name("operand")
        if fld is None or fld.text != b"Done" or operand is None:
            return None
        v = self.eval(operand, env, fpath)
        if v is None or v.ty is None or v.ty.kind != "wg" or self._root is None:
            return None
        at = self.key(fpath, call)
        self.wg_ops.append(
            WgOp(
                self._root,
                v.cls,
                "Done",
                at,
                parse.text(operand),
                True,
                early=True,
            )
        )
        return (v.path, at) if v.certain else None

    def _run_deferred(
        self, d: Node, env: dict[str, Val], fpath: str, held: HeldSet, depth: int
    ) -> list[HeldSet]:
        call = next((c for c in d.named_children if c.type == "call_expression"), None)
        if call is None:
            return [held]
        return self.apply_call(call, env, fpath, held, depth, deferred=True)

    def _eval_block(
        self,
        kind: Kind,
        node: Node | None,
        env: dict[str, Val],
        fpath: str,
        held: HeldSet,
        depth: int,
    ) -> list[HeldSet]:
        if node is None:
            return [held]
        targets = _eval_nodes(kind, node)
        if depth == 1:
            self._site = node.start_byte
        ranged: str | None = None
        if kind is Kind.LOOP:
            # ``for v := range ch``: every round receives from the channel.
            clause = next((c for c in node.named_children if c.type == "range_clause"), None)
            right = clause.child_by_field_name("right") if clause is not None else None
            v = self.eval(right, env, fpath) if right is not None else None
            u = underlying(self.pkg, v.ty) if v is not None else None
            if clause is not None and right is not None and u is not None and u.kind == "chan":
                self._chan_op(clause, "recv", env, fpath, held, kind, channel=right)
                ranged = v.cls if v is not None else None
        states = [held]
        for target in targets:
            ops = self.ops_of(target)
            for what, n in ops:
                nxt: list[HeldSet] = []
                for s in states:
                    if what == "call":
                        nxt.extend(self.apply_call(n, env, fpath, s, depth))
                    else:
                        self._chan_op(n, what, env, fpath, s, kind)
                        nxt.append(s)
                states = list(dict.fromkeys(nxt))
                if not states:
                    return []
        self._ranged = ranged
        return states

    def ops_of(self, target: Node) -> list[tuple[str, Node]]:
        """Return the calls and channel operations ``target`` evaluates, in order (cached)."""
        got = self._ops.get(target.id)
        if got is not None:
            return got
        caps = parse.captures(OPS_QUERY, target)
        found: list[tuple[int, int, str, Node]] = []
        for cap, what in (("call.any", "call"), ("chan.send", "send"), ("chan.recv", "recv")):
            for c in caps.get(cap, []):
                if _own(c, target):
                    found.append((c.end_byte, -c.start_byte, what, c))
        if target.type == "send_statement" and all(n.id != target.id for *_, n in found):
            found.append((target.end_byte, -target.start_byte, "send", target))
        found.sort(key=lambda o: (o[0], o[1]))
        got = [(what, n) for _, _, what, n in found]
        self._ops[target.id] = got
        return got

    def _chan_op(
        self,
        n: Node,
        what: str,
        env: dict[str, Val],
        fpath: str,
        held: HeldSet,
        kind: Kind,
        channel: Node | None = None,
    ) -> None:
        if channel is not None:
            ch: Node | None = channel
        elif what == "send":
            ch = n.child_by_field_name("channel")
        else:
            ch = n.child_by_field_name("operand")
        v = self.eval(ch, env, fpath) if ch is not None else None
        if v is None or ch is None:
            return
        sel = _in_select(n)
        blocking = (
            sel is None or _select_blocks_only_here(sel) or self._others_dead(sel, n, env, fpath)
        )
        assert self._root is not None
        self.chan_ops.append(
            ChanOp(
                self._root,
                v.cls,
                what,
                self.key(fpath, n),
                parse.text(ch),
                blocking,
                ordered(held),
                self._taken_now,
            )
        )
        if self.track and what in ("send", "recv"):
            # ``op:`` marks any operation done, in a select or not; ``chan:`` a wait.
            done = {f"op:{what}:{v.cls}"}
            if blocking:
                done.add(f"chan:{what}:{v.cls}")
            self._taken_now = self._taken_now | done


class _Every:
    """A function that counts its WaitGroup down on every path."""


_EVERY_PATH: Final = _Every()


class _Unknown(Exception):
    """How a function counts a WaitGroup down cannot be told."""


@dataclass(eq=False, slots=True)
class _Plan:
    """What one call in one environment is, worked out once."""

    env: dict[str, Val]  # kept so that its id is not reused while the plan is cached
    sync: tuple[str, Val | None, Node] | None = None
    callee: Node | None = None
    cpath: str = ""
    recv: Val | None = None
    closure: dict[str, Val] | None = None
    cenv: dict[str, Val] | None = None


class _GiveUp(Exception):
    """Too many states: the goroutine is left unanalysed."""


_UNBUFFERED_RE: Final = re.compile(rb"make\s*\(\s*(?:<-\s*)?chan\b[^,()]*\)")
_BUFFERED_RE: Final = re.compile(rb"make\s*\(\s*(?:<-\s*)?chan\b[^,()]*,\s*([0-9]+)\s*\)")


def _make_capacity(make: bytes) -> int | None:
    """Return the buffer of a ``make(chan T)`` / ``make(chan T, k)`` text, k a literal."""
    if _UNBUFFERED_RE.fullmatch(make):
        return 0
    m = _BUFFERED_RE.fullmatch(make)
    return int(m.group(1)) if m is not None else None


_SYNC_METHODS: Final = frozenset(
    {"Lock", "Unlock", "RLock", "RUnlock", "Wait", "Done", "Add", "Signal", "Broadcast", "Do"}
)


def _param_set(func: Node) -> frozenset[str]:
    names = set(param_names(func))
    if func.type == "method_declaration":
        r = receiver_name(func)
        if r:
            names.add(r)
    return frozenset(names)


def _related(a: str, b: str) -> bool:
    """Tell whether one path is inside the other (``s.mu`` and ``s``)."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".") or a.startswith(b + "[")


def _own(n: Node, target: Node) -> bool:
    """Tell whether ``n`` is evaluated by ``target`` itself, not by a nested func literal."""
    for a in parse.ancestors(n):
        if a.id == target.id:
            return True
        if a.type == "func_literal":
            return False
    return n.id == target.id


def _eval_nodes(kind: Kind, node: Node) -> list[Node]:
    """Return the parts of a CFG node's syntax that its block evaluates."""
    t = node.type
    if kind is Kind.LOOP:
        out: list[Node] = []
        for c in node.named_children:
            if c.type == "range_clause":
                r = c.child_by_field_name("right")
                if r is not None:
                    out.append(r)
            elif c.type == "for_clause":
                cond = c.child_by_field_name("condition")
                if cond is not None:
                    out.append(cond)
            elif c.type not in ("block", "comment"):
                out.append(c)
        return out
    if kind is Kind.CASE:
        if t == "communication_case":
            comm = node.child_by_field_name("communication")
            return [comm] if comm is not None else []
        if t == "expression_case":
            v = node.child_by_field_name("value")
            return [v] if v is not None else []
        return []
    if kind is Kind.COND and t in ("expression_switch_statement", "type_switch_statement"):
        v = node.child_by_field_name("value")
        return [v] if v is not None else []
    if kind is Kind.SELECT or t == "labeled_statement":
        return []
    if t in ("if_statement", "for_statement", "block"):
        return []
    return [node]


def _in_select(op: Node) -> Node | None:
    n = op.parent
    while n is not None and n.type in ("expression_list", "receive_statement"):
        n = n.parent
    if op.type == "send_statement":
        n = op.parent
    if n is not None and n.type == "communication_case":
        return n.parent
    return None


def _select_blocks_only_here(sel: Node) -> bool:
    cases = [c for c in sel.named_children if c.type in ("communication_case", "default_case")]
    return len(cases) == 1 and cases[0].type == "communication_case"


# --------------------------------------------------------------------------- verdicts


@dataclass(slots=True)
class SyncFinding:
    """One sync-primitive finding, ready for a check to report."""

    code: str
    at: NodeKey  # the go statement, or the Lock call for a lock left locked
    message: str
    confidence: Confidence
    related: list[tuple[Role, NodeKey, str]]
    fix: str = ""  # "defer-unlock" or "defer-done"
    fix_data: tuple[NodeKey, ...] = ()
    merge: bool = True  # another finding on the same go statement adds its blocking place
    later_round: bool = False  # the goroutine gets past the blocking place once, in a loop


class SyncFacts:
    """Every sync finding of one file, computed once."""

    def __init__(self, facts: FileFacts) -> None:
        """Walk every goroutine of ``facts``'s file (kept only while it runs)."""
        self.findings: list[SyncFinding] = []
        self.sim: Sim | None = None
        # Where each go statement's goroutine stops for good (:func:`stuck_sites`), built once.
        self.stuck: dict[NodeKey, list[Node]] | None = None
        if not facts.go_statements:
            return
        if not has_sync_calls(facts.tree.root_node) and not package_of(facts.index).calls_sync():
            return
        sim = Sim(facts)
        self.sim = sim
        sim.roots = sim.roots_of_file()
        sim.links = sim.linked_roots()
        sim.co_links = sim.called_together()
        for root in sim.roots:
            sim.run_root(root)
        again = _meeting_roots(sim)
        if again:
            sim.forget(again)
            sim.track = True
            for root in sim.roots:
                if id(root) in again:
                    sim.run_root(root)
            sim.track = False
        for call in parse.captures(QUERY, facts.tree.root_node).get("sync.call", []):
            fn = call.child_by_field_name("function")
            fld = fn.child_by_field_name("field") if fn is not None else None
            if fld is None or fld.text not in (b"Lock", b"RLock"):
                continue
            func = parse.enclosing_function(call)
            if (
                func is not None
                and func.id not in sim.walked
                and not func.has_error
                and _may_leave_locked(func)
            ):
                sim.run_pseudo(func)
        # Callers of functions with results that may keep a lock: the starter's own path
        # (``if _, err := p.quote(k); err != nil { ... }; go p.reprice()``) may keep it.
        for func in facts.tree.root_node.named_children:
            if (
                func.type in ("function_declaration", "method_declaration")
                and func.id not in sim.walked
                and not func.has_error
                and _calls_keeper(sim.pkg, func)
            ):
                sim.run_pseudo(func)
        # And those in the package's other files, of this file's such functions: the
        # caller (``run`` in main.go calling ``q.Submit``, which returns ``ErrQueueFull``
        # still locked) may keep the lock that this file's goroutines need.
        for fpath, func in _sibling_keeper_callers(sim, facts.tree.root_node):
            sim.run_pseudo(func, fpath)
        self._verdicts(sim)

    def node(self, key: NodeKey) -> Node | None:
        """Return the node a key stands for."""
        return self.sim.nodes.get(key) if self.sim is not None else None

    def _go(self, root: Root) -> NodeKey:
        assert self.sim is not None
        return self.sim.key(root.go_path or self.sim.path, root.go)

    def _add(self, f: SyncFinding, seen: set[tuple[str, NodeKey]]) -> None:
        k = (f.code, f.at)
        if k in seen:
            for other in self.findings:
                if (other.code, other.at) != k or not (other.merge and f.merge):
                    continue
                blocks = sum(r[0] is Role.BLOCK for r in other.related)
                for r in f.related:
                    if r[0] is Role.BLOCK and r not in other.related and blocks < MAX_BLOCKS:
                        other.related.append(r)
                        blocks += 1
            return
        seen.add(k)
        self.findings.append(f)

    def _report(
        self,
        seen: set[tuple[str, NodeKey]],
        code: str,
        root: Root,
        message: str,
        block: tuple[NodeKey, str] | None,
        *others: tuple[NodeKey, str],
        confidence: Confidence = Confidence.MEDIUM,
    ) -> None:
        """Report the goroutine ``root`` starts: where it blocks, then what explains it."""
        related = [(Role.BLOCK, *block)] if block is not None else []
        related.extend((Role.OTHER, at, why) for at, why in others)
        self._add(SyncFinding(code, self._go(root), message, confidence, related), seen)

    def _verdicts(self, sim: Sim) -> None:
        seen: set[tuple[str, NodeKey]] = set()
        live = [r for r in sim.roots if not r.gave_up]
        live_ids = {id(r) for r in live}
        comp = _components(live, sim.links)
        # lock class -> (code, where, why, components it matters in, goroutine that caused it)
        forever: dict[str, list[_Forever]] = {}

        # Deadlocks of a goroutine with itself (GS5002).
        for s in sim.stuck:
            if id(s.root) not in live_ids:
                continue
            self._add(
                SyncFinding(
                    s.code,
                    self._go(s.root),
                    s.message,
                    s.confidence,
                    list(s.related),
                    later_round=s.later_round,
                ),
                seen,
            )
            for h in s.held:
                forever.setdefault(h.cls, []).append(
                    _Forever(
                        s.code,
                        s.at,
                        "a goroutine that deadlocks holds it",
                        {comp[id(s.root)]},
                        s.root,
                        [s.root],
                    )
                )

        # Locks left locked by a void function (GS5002, at the Lock call).
        for lk in sim.leaks.values():
            fname = _func_name(lk.func)
            stays = "stays read-locked" if lk.mode == R else "stays locked"
            via: list[tuple[NodeKey, str]] = []
            if lk.via is None:
                message = (
                    f'"{lk.text}" {stays} when {fname} returns here: the next Lock blocks forever'
                )
            else:
                taker = parse.enclosing_function(lk.lock_node)
                tname = _func_name(taker) if taker is not None else "the function"
                message = (
                    f'"{lk.text}" {stays} when {tname} returns here, and {fname}, which '
                    "calls it, never unlocks it: the next Lock blocks forever"
                )
                via = [(lk.via, f"{fname} calls it here and keeps the lock")]
            related = [(Role.PATH, lk.return_at, "returns here without unlocking")]
            related.extend((Role.OTHER, at, why) for at, why in via)
            self._add(
                SyncFinding(
                    GS_LOCK,
                    lk.lock_at,
                    message,
                    Confidence.HIGH,
                    related,
                    fix="defer-unlock",
                    fix_data=(lk.lock_at,),
                ),
                seen,
            )
            runners = [
                r
                for r in live
                if lk.func.id in r.walked or any(a.id in r.walked for a in parse.ancestors(lk.func))
            ]
            if lk.root is not None and id(lk.root) in comp:
                runners.append(lk.root)
            comps = {comp[id(r)] for r in runners}
            known: list[Root] | None = runners
            # Roots around a call of the leaking function (a timer or callback runs it).
            for site in _call_sites(sim.tree.root_node, lk.func):
                around = {a.id for a in parse.ancestors(site)}
                near = [r for r in live if r.parent.id in around or around & r.walked]
                comps.update(comp[id(r)] for r in near)
                go = site.parent if site.parent is not None else site
                started = go.type == "go_statement" and any(r.go.id == go.id for r in runners)
                if near and not started:
                    known = None  # code around them runs it: when is not known
            if lk.via is not None:
                # Goroutines the keeping function starts itself, before or after the call,
                # or through a package function it calls (``startIndexer(ix)``).
                called = _called_funcs(sim.pkg, lk.func, lk.func_path or sim.path)
                mine = [
                    r
                    for r in live
                    if _inside(r.go, lk.func)
                    or (r.go_path or sim.path, r.parent.start_byte) in called
                ]
                comps.update(comp[id(r)] for r in mine)
                if mine:
                    known = None
            forever.setdefault(lk.cls, []).append(
                _Forever(
                    GS_LOCK,
                    lk.return_at,
                    "it is left read-locked" if lk.mode == R else "it is left locked",
                    comps,
                    None,
                    known,
                    via=via,
                    modes=frozenset({lk.mode}),
                )
            )

        # Goroutines that return still holding a lock they release on other paths (GS5002).
        for root in sim.roots:
            if id(root) not in live_ids:
                continue
            for st in root.ends:
                for h in st:
                    if not h.certain or not any(
                        a.root is root and a.cls == h.cls for a in sim.acquires
                    ):
                        continue
                    if not self._released_by(sim, root, h):
                        continue
                    self._report(
                        seen,
                        GS_LOCK,
                        root,
                        f'goroutine can return while it still holds "{h.text}": every '
                        "later Lock blocks forever",
                        None,
                        (h.at, "locked here and not unlocked on some path"),
                    )
                    forever.setdefault(h.cls, []).append(
                        _Forever(
                            GS_LOCK,
                            h.at,
                            "a goroutine returns holding it",
                            {comp[id(root)]},
                            root,
                            [root],
                        )
                    )

        # Recursive read locks with a writer in the package (GS5004).
        writers: dict[str, list[Acquire]] = {}
        for a in sim.acquires:
            if a.mode == W and id(a.root) in live_ids:
                writers.setdefault(a.cls, []).append(a)
        # Two read locks reached through different variables (``x.mu`` and ``other.mu``) are
        # one lock only if the caller passes one value twice: a hint, after the certain ones.
        for root, first, at, text, cls, apart in sorted(sim.rr, key=lambda e: e[5]):
            if id(root) not in live_ids:
                continue
            confidence = Confidence.LOW if apart else Confidence.MEDIUM
            ws = writers.get(cls, [])
            others = [
                w
                for w in ws
                if (w.root is not root or root.in_loop) and comp.get(id(w.root)) == comp[id(root)]
            ]
            if not others:
                continue
            w = others[0]
            self._report(
                seen,
                GS_RLOCK,
                root,
                f'goroutine can deadlock: it read-locks "{text}" again while it holds a '
                "read lock, and a writer that queues in between blocks both",
                (at, "blocks here once a writer waits"),
                (first.at, "first read-locked here"),
                (w.at, "a writer locks it here"),
                confidence=confidence,
            )
            for w2 in others:
                if w2.root is root and not root.in_loop:
                    continue
                self._report(
                    seen,
                    GS_RLOCK,
                    w2.root,
                    f'goroutine blocks forever locking "{w2.text}": a reader that read-locks '
                    "it twice keeps it read-locked",
                    (w2.at, "blocks here"),
                    (at, "read-locked again here"),
                    confidence=confidence,
                )

        # Lock order inversions between goroutines of one function (GS5003).
        pairs: dict[tuple[str, str], list[tuple[Acquire, Held]]] = {}
        for a in sim.acquires:
            if id(a.root) not in live_ids:
                continue
            for h in a.held:
                if h.cls != a.cls:
                    pairs.setdefault((h.cls, a.cls), []).append((a, h))
        for (ca, cb), ab in pairs.items():
            ba = pairs.get((cb, ca))
            if not ba or ca > cb:
                continue
            # Source order, not walk order: which of two goroutines running the same code
            # gets which message must not depend on the order the walk met their states.
            for a1, h1 in sorted(ab, key=_acquire_order):
                for a2, h2 in sorted(ba, key=_acquire_order):
                    r1, r2 = a1.root, a2.root
                    if r1 is r2 and not r1.in_loop:
                        continue
                    if r1.parent.id != r2.parent.id:
                        continue
                    for (x, hx), (y, _) in (((a1, h1), (a2, h2)), ((a2, h2), (a1, h1))):
                        self._report(
                            seen,
                            GS_ORDER,
                            x.root,
                            f'goroutine can deadlock: it locks "{x.text}" while holding '
                            f'"{hx.text}", and another goroutine locks them in the opposite '
                            "order",
                            (x.at, "blocks here"),
                            (hx.at, "while holding the lock taken here"),
                            (y.at, "the other goroutine locks in the other order here"),
                        )

        self._swapped_order(sim, live, seen)
        self._lock_across_chan(sim, live_ids, _components(live, [*sim.links, *sim.co_links]), seen)

        # Goroutines that block on a lock held forever by another (same code as the cause).
        # A read lock held forever blocks the writers; a writer then waits forever, and an
        # RWMutex lets no new reader in while a writer waits: the readers block too.
        pending_writers = {
            (w.cls, comp[id(w.root)])
            for w in sim.acquires
            if w.mode == W and id(w.root) in live_ids
        }
        for a in sim.acquires:
            if id(a.root) not in live_ids or a.cls not in forever:
                continue
            causes = [
                c
                for c in forever[a.cls]
                if comp[id(a.root)] in c.comps
                and (a.mode == W or W in c.modes or (a.cls, comp[id(a.root)]) in pending_writers)
                and (c.root is not a.root or a.root.in_loop)
                and not _all_started_after(a, c.runners, comp)
            ]
            if not causes:
                continue
            c = causes[0]
            queued = a.mode != W and W not in c.modes
            self._report(
                seen,
                c.code,
                a.root,
                f'goroutine blocks forever locking "{a.text}": {c.why}'
                + (", and a writer waiting for it keeps every later reader out" if queued else ""),
                (a.at, "blocks here"),
                (c.where, "the lock is never released"),
                *c.via,
            )

        self._wg_shapes(sim, live_ids, seen)
        self._wait_before_partner(sim, live_ids, comp, seen)
        self._waitgroups(sim, live_ids, seen)
        self._unmatched_adds(sim, live_ids, seen)
        self._conds(sim, live_ids, seen)

    def _swapped_order(self, sim: Sim, live: list[Root], seen: set[tuple[str, NodeKey]]) -> None:
        """Two values of one type locked in opposite orders (GS5003, by instance).

        A goroutine that holds ``x.mu`` while it locks ``y.mu`` (one field of one type, two
        values, not both read locks) deadlocks with one that holds ``y.mu`` while it locks
        ``x.mu``, when each takes its first lock before the other takes its second. The
        class-based inversion above cannot see it: both orders are ``T.mu`` then ``T.mu``.
        The two orders are known by instance in two cases: two go statements of one
        function whose goroutines lock the function's own two values (locals assigned
        once) in opposite orders; and one go statement whose goroutine locks two
        parameters of its starter, which one block of the package calls twice with those
        arguments swapped (``startSync(east, west)`` then ``startSync(west, east)``) while
        the starter does not wait for its goroutine.
        """
        walked = {id(r) for r in live if not r.pseudo}
        nested: list[tuple[Acquire, Held]] = [
            (a, h)
            for a in sim.acquires
            if id(a.root) in walked and a.certain and len(a.held) > 0
            for h in a.held
            if h.cls == a.cls
            and h.certain
            and h.path != a.path
            and (a.mode == W or h.mode == W)
            and _same_field(h.path, a.path)
        ]
        for a, h in nested:
            root = a.root
            # Two goroutines of one function, the same two values in the other order.
            for b, g in nested:
                if (
                    b.root is not root
                    and b.root.parent.id == root.parent.id
                    and (g.path, b.path) == (a.path, h.path)
                ):
                    self._report(
                        seen,
                        GS_ORDER,
                        root,
                        f'goroutine can deadlock: it locks "{a.text}" while holding "{h.text}", '
                        "and another goroutine locks the same two values in the opposite order",
                        (a.at, "blocks here"),
                        (h.at, "while holding the lock taken here"),
                        (b.at, "the other goroutine locks in the other order here"),
                    )
                    break
            else:
                swap = _swapped_calls(sim, root, h.path, a.path)
                if swap is not None:
                    first, second, fname = swap
                    self._report(
                        seen,
                        GS_ORDER,
                        root,
                        f'goroutine can deadlock: it locks "{a.text}" while holding "{h.text}", '
                        f"and {fname} is called again with those arguments swapped: that "
                        "goroutine locks the same two values in the opposite order",
                        (a.at, "blocks here"),
                        (h.at, "while holding the lock taken here"),
                        (sim.key(root.go_path or sim.path, first), f"{fname} called here"),
                        (
                            sim.key(root.go_path or sim.path, second),
                            "and with the arguments swapped here",
                        ),
                    )

    def _lock_across_chan(
        self, sim: Sim, live_ids: set[int], comp: dict[int, int], seen: set[tuple[str, NodeKey]]
    ) -> None:
        """Lock held across a channel operation whose partners need the lock (GS5006).

        A partner needs the lock when it takes it before the operation, or when it first
        waits on another channel whose every partner needs the lock in turn (a chain, up to
        :data:`MAX_CHAIN` channels long): ``go p.pop(stop)`` holds ``p.mu`` while it waits on
        ``stop``; the owner closes ``stop`` only after ``<-result``; ``result`` is closed only
        by a goroutine that locks ``p.mu`` first.
        """
        chains: _Chains | None = None
        # The cases of one select, as one walk state met them: the select blocks with them.
        selects: dict[tuple[int, NodeKey, tuple[Held, ...], frozenset[str]], list[ChanOp]] = {}
        for op in sim.chan_ops:
            if id(op.root) not in live_ids or not op.held or op.kind == "close":
                continue
            if chains is None:
                chains = _Chains(sim, live_ids, comp)
            if not op.blocking:
                node = sim.nodes.get(op.at)
                sel = _in_select(node) if node is not None else None
                if sel is not None:
                    at = sim.key(op.at[0], sel)
                    selects.setdefault((id(op.root), at, op.held, op.taken_before), []).append(op)
                continue
            partners = chains.partners(op)
            if partners is None:
                continue
            for h in op.held:
                holds: list[_Hold] = []
                for qs in partners.values():
                    got = chains.held_up(op.root, h.cls, qs, 0, frozenset({op.cls}), h.mode)
                    if got is None:
                        break
                    holds.append(got)
                else:
                    if chains.ops_seen(op):
                        self._report_lock_across_chan(op, h, holds, seen)
                    continue
                after = chains.held_after([op], h)
                if after:
                    self._report_lock_across_chan(op, h, [_Hold(after)], seen)
        for (_, at, held, _), ops in selects.items():
            sel = sim.nodes.get(at)
            if chains is None or sel is None or not _every_case_recorded(sel, ops):
                continue
            for h in held:
                after = chains.held_after(ops, h)
                if after:
                    texts = ", ".join(f'"{o.text}"' for o in sorted(ops, key=lambda o: o.at))
                    self._report_lock_across_chan(
                        ops[0], h, [_Hold(after)], seen, what=f"a select on {texts}"
                    )

    def _report_lock_across_chan(
        self,
        op: ChanOp,
        h: Held,
        holds: list[_Hold],
        seen: set[tuple[str, NodeKey]],
        what: str = "",
    ) -> None:
        blockers = [a for hold in holds for a in hold.acquires]
        if not blockers:
            return
        via = next((hold.via for hold in holds if hold.via is not None), None)
        chan = what or f'"{op.text}"'
        if via is None:
            served = f"{chan}, which only this goroutine serves after taking the lock"
            holder_why = "the goroutine that would serve it needs that lock first"
        else:
            served = (
                f'{chan}, whose partner first waits on "{via.text}", which only this '
                "goroutine serves after taking the lock"
            )
            holder_why = (
                f'the goroutine that would serve it first waits on "{via.text}", whose partner '
                "needs that lock"
            )
        chain = [(via.at, "its partner waits here first")] if via is not None else []
        assert self.sim is not None
        # A send or receive in a select parks the goroutine at the select.
        node = self.sim.nodes.get(op.at)
        sel = _in_select(node) if node is not None else None
        op_at = self.sim.key(op.at[0], sel) if sel is not None else op.at
        for a in blockers:
            self._report(
                seen,
                GS_CHAN,
                a.root,
                f'goroutine blocks forever locking "{a.text}": another goroutine holds it '
                f"while it waits on {served}",
                (a.at, "blocks here"),
                (op_at, "the lock holder waits here"),
                (h.at, "the lock is taken here"),
                *chain,
                *(
                    [(self._go(op.root), "the goroutine that holds the lock is started here")]
                    if op.root is not a.root
                    else []
                ),
            )
        related: list[tuple[Role, NodeKey, str]] = [
            (Role.BLOCK, op_at, "blocks here holding the lock")
        ]
        if op.root.in_loop:
            # The other goroutines this statement starts wait for the lock the first holds.
            related.append((Role.BLOCK, h.at, "the others started here wait for the lock here"))
        else:
            related.append((Role.OTHER, h.at, "the lock is taken here"))
        related.extend((Role.OTHER, at, why) for at, why in chain)
        related.append((Role.OTHER, blockers[0].at, "the other goroutine waits for it here"))
        if blockers[0].root is not op.root:
            related.append(
                (Role.OTHER, self._go(blockers[0].root), "the other goroutine is started here")
            )
        self._add(
            SyncFinding(
                GS_CHAN,
                self._go(op.root),
                f"goroutine blocks forever {'in' if what else 'on'} {chan} while it holds "
                f'"{h.text}": {holder_why}',
                Confidence.MEDIUM,
                related,
            ),
            seen,
        )

    def _waitgroups(self, sim: Sim, live_ids: set[int], seen: set[tuple[str, NodeKey]]) -> None:
        by_cls: dict[str, list[WgOp]] = {}
        for o in sim.wg_ops:
            if not o.cls.startswith("cond:"):
                by_cls.setdefault(o.cls, []).append(o)
        stuck_roots = {id(f_root) for f_root in self._stuck_roots(sim)}
        for cls, ops in by_cls.items():
            waits = [o for o in ops if o.op == "Wait" and id(o.root) in live_ids]
            if not waits:
                continue
            dones = [o for o in ops if o.op == "Done"]
            adds = [o for o in ops if o.op == "Add"]
            field = cls.rsplit(".", 1)[-1] if "@" not in cls else ""
            if not dones and adds and self._never_called(sim, cls, field, "Done"):
                for w in waits:
                    self._report(
                        seen,
                        GS_WG,
                        w.root,
                        f'goroutine blocks forever in "{w.text}.Wait": nothing calls Done on it',
                        (w.at, "blocks here"),
                        (adds[0].at, "Add is called here"),
                        confidence=Confidence.HIGH if not field else Confidence.MEDIUM,
                    )
                continue
            doers = [o for o in dones if id(o.root) in stuck_roots]
            if doers and len({id(o.root) for o in dones}) == len({id(o.root) for o in doers}):
                for w in waits:
                    if w.root is doers[0].root:
                        continue
                    self._report(
                        seen,
                        GS_WG,
                        w.root,
                        f'goroutine blocks forever in "{w.text}.Wait": the goroutines '
                        "that call Done can deadlock before they do",
                        (w.at, "blocks here"),
                        (self._go(doers[0].root), "a goroutine that deadlocks"),
                    )

    def _released_by(self, sim: Sim, root: Root, h: Held) -> bool:
        """Tell whether the goroutine's own code unlocks ``h``'s lock somewhere."""
        node = sim.nodes.get(h.at)
        func = parse.enclosing_function(node) if node is not None else None
        if func is None:
            return False
        fn = node.child_by_field_name("function") if node is not None else None
        operand = fn.child_by_field_name("operand") if fn is not None else None
        if operand is None:
            return False
        want = parse.text(operand)
        for c in parse.captures(QUERY, func).get("sync.call", []):
            f = c.child_by_field_name("function")
            o = f.child_by_field_name("operand") if f is not None else None
            m = f.child_by_field_name("field") if f is not None else None
            if (
                o is not None
                and m is not None
                and parse.text(o) == want
                and m.text in (b"Unlock", b"RUnlock")
            ):
                return True
        return False

    def _wg_shapes(self, sim: Sim, live_ids: set[int], seen: set[tuple[str, NodeKey]]) -> None:
        """WaitGroup mistakes visible in one function: Done skipped, Wait inside the spawn loop."""
        for root in sim.roots:
            if id(root) not in live_ids:
                continue
            lit = _go_literal(root.go)
            if lit is not None:
                self._done_skipped(sim, root, lit, seen)
            if root.entry is not None and root.entry_path == sim.path:
                self._wait_in_spawn_loop(sim, root, root.entry, seen)

    def _done_skipped(
        self, sim: Sim, root: Root, lit: Node, seen: set[tuple[str, NodeKey]]
    ) -> None:
        calls = _own_sync_calls(lit)
        dones = [c for c, recv, m in calls if m == "Done"]
        if not dones:
            return
        recvs = {recv for c, recv, m in calls if m == "Done"}
        if len(recvs) != 1:
            return
        wg = recvs.pop()
        if any(_deferred(c, lit) for c in dones) or any(
            m == "Done" and _deferred(c, lit) for c, _, m in calls
        ):
            return
        if any(parse.enclosing_function(c) != lit or _statement_of(c) is None for c in dones):
            return
        waits = [
            c
            for c, recv, m in _own_sync_calls(root.parent)
            if m == "Wait" and recv == wg and c.start_byte > root.go.end_byte
        ]
        if not waits:
            return
        g = sim.graphs.get(lit)
        if g is None:
            return
        stop = {b for b in (g.block_of(d) for d in dones) if b is not None}
        ret = _path_around(g, stop)
        if ret is None:
            return
        rnode = g.blocks[ret].node if ret >= 0 else None
        path_key = sim.key(sim.path, rnode) if rnode is not None else sim.key(sim.path, lit)
        self._add(
            SyncFinding(
                GS_WG,
                self._go(root),
                f'goroutine can return without calling "{wg}.Done", so "{wg}.Wait" blocks forever',
                Confidence.HIGH,
                [
                    (Role.BLOCK, sim.key(sim.path, waits[0]), "blocks here"),
                    (Role.PATH, path_key, "returns here without calling Done"),
                ],
                fix="defer-done",
                fix_data=tuple(sim.key(sim.path, d) for d in dones),
            ),
            seen,
        )

    def _wait_in_spawn_loop(
        self, sim: Sim, root: Root, func: Node, seen: set[tuple[str, NodeKey]]
    ) -> None:
        calls = _own_sync_calls(func)
        for wait, wg, m in calls:
            if m != "Wait":
                continue
            loop = _enclosing_for(wait, func)
            if loop is None:
                continue
            adds = [
                c
                for c, recv, mm in calls
                if mm == "Add" and recv == wg and c.end_byte < loop.start_byte
            ]
            if not adds or any(_add_arg(c) == "1" for c in adds):
                continue
            if any(mm == "Add" and recv == wg and _inside(c, loop) for c, recv, mm in calls):
                continue
            gos = [
                n
                for n in parse.iter_descendants(loop)
                if n.type == "go_statement"
                and parse.enclosing_function(n) == func
                and n.end_byte < wait.start_byte
            ]
            lits = [lit for lit in (_go_literal(gs) for gs in gos) if lit is not None]
            if not any(
                recv == wg and mm == "Done" for lit in lits for _, recv, mm in _own_sync_calls(lit)
            ):
                continue
            self._report(
                seen,
                GS_WG,
                root,
                f'goroutine blocks forever in "{wg}.Wait": it waits inside the loop that '
                "starts the goroutines it waits for, after adding them all up front",
                (sim.key(sim.path, wait), "blocks here on the first round"),
                (sim.key(sim.path, adds[0]), "every goroutine is added here"),
            )

    def _wait_before_partner(
        self,
        sim: Sim,
        live_ids: set[int],
        comp: dict[int, int],
        seen: set[tuple[str, NodeKey]],
    ) -> None:
        """Wait blocks when every Done comes after a channel operation served after the Wait.

        ``go func() { ch <- v; wg.Done() }(); wg.Wait(); <-ch``: the send waits for the
        receive, the receive waits for Wait, Wait waits for Done.
        """
        for w in sim.wg_ops:
            if w.op != "Wait" or w.cls.startswith("cond:") or id(w.root) not in live_ids:
                continue
            dones = [
                o
                for o in sim.wg_ops
                if o.cls == w.cls and o.op == "Done" and not o.early and id(o.root) in live_ids
            ]
            if not dones or any(comp[id(o.root)] != comp[id(w.root)] for o in dones):
                continue
            culprit: ChanOp | None = None
            for d in dones:
                culprit = self._served_after_wait(sim, d, w)
                if culprit is None:
                    break
            if culprit is None:
                continue
            self._report(
                seen,
                GS_WG,
                w.root,
                f'goroutine blocks forever in "{w.text}.Wait": Done comes after '
                + (
                    f'a send on "{culprit.text}" that is only received after the Wait'
                    if culprit.kind == "send"
                    else f'a receive from "{culprit.text}" that is only sent after the Wait'
                ),
                (w.at, "blocks here"),
                (culprit.at, "Done waits behind this operation"),
            )

    def _served_after_wait(self, sim: Sim, done: WgOp, wait: WgOp) -> ChanOp | None:
        """Return a channel operation before ``done`` whose partners all follow ``wait``."""
        for op in sim.chan_ops:
            if op.root is not done.root or not op.blocking:
                continue
            if f"chan:{op.kind}:{op.cls}" not in done.taken:
                continue
            if op.kind == "send" and not sim.unbuffered(op.cls):
                continue
            kinds = ("recv", "close") if op.kind == "send" else ("send", "close")
            partners = [q for q in sim.chan_ops if q.cls == op.cls and q.kind in kinds]
            if not partners or not all(
                q.root is wait.root and "wait:" + wait.cls in q.taken_before for q in partners
            ):
                continue
            # Every use of the channel must be one of these: a local of the waiting goroutine.
            decl = sim.local_decls.get(op.cls)
            if decl is None or parse.enclosing_function(decl) != wait.root.entry:
                continue
            known = {op.at[1]} | {q.at[1] for q in partners}
            if _channel_uses(decl) <= known:
                return op
        return None

    def _stuck_roots(self, sim: Sim) -> list[Root]:
        """Return the goroutines that block forever before they get anywhere.

        One that deadlocks only on a later round of a loop does not count: on the first
        round it may still call Done.
        """
        out: list[Root] = []
        for f in self.findings:
            if f.confidence < Confidence.MEDIUM or f.later_round:
                continue
            for r in sim.roots:
                if self._go(r) == f.at:
                    out.append(r)
        return out

    def _never_called(self, sim: Sim, cls: str, field: str, method: str) -> bool:
        """Tell whether nothing we cannot see may call ``method`` on the primitive of ``cls``.

        A local must not be handed to anyone (only ``x.M()`` uses); a field must be
        unexported, never have its address taken, and no text of the package may call
        ``method`` on a field of that name.
        """
        if not field:
            decl = sim.local_decls.get(cls)
            return (
                decl is not None
                and not _local_escapes(decl)
                and not _local_calls(decl, method.encode())
            )
        if field[:1].isupper():
            return False  # another package may call it
        name = re.escape(field.encode())
        pat = re.compile(rb"\b" + name + rb"\s*\.\s*" + method.encode() + rb"\b")
        if method == "Done":  # wg.Add(-1) counts down too
            pat = re.compile(rb"\b" + name + rb"\s*\.\s*(?:Done\b|Add\s*\(\s*-)")
        addr = re.compile(rb"&\s*[\w.]*\b" + name + rb"\b(?!\s*\.)")
        return not any(pat.search(src) or addr.search(src) for src in sim.pkg.texts())

    def _unmatched_adds(self, sim: Sim, live_ids: set[int], seen: set[tuple[str, NodeKey]]) -> None:
        """Report waits on a WaitGroup counted up on a path that starts no goroutine (GS5001).

        The WaitGroup's summary, over the package: every ``Add(1)`` and every ``Done``. When
        each ``Done`` lies in a goroutine that the function of an ``Add`` starts (``go
        func() { defer wg.Done() ... }()``), one Add is matched only on the paths of that
        function that start such a goroutine after it, before they return or come round to
        the Add again. A path that returns (``if frame == "" { return }``) or continues
        without starting one leaves the count above zero for good, and so does a goroutine
        started there that can return without its Done. Whoever waits on it then (a
        goroutine, the closer idiom ``go func() { wg.Wait(); close(out) }()``) blocks
        forever.
        """
        waits: dict[str, list[WgOp]] = {}
        for o in sim.wg_ops:
            if o.op == "Wait" and not o.cls.startswith("cond:") and id(o.root) in live_ids:
                waits.setdefault(o.cls, []).append(o)
        for cls, ws in waits.items():
            got = sim.wg_summary(cls)
            if got is None:
                continue
            for add, func, why, path_at in got:
                fname = _func_name(func)
                add_text = parse.text(add)
                for w in ws:
                    if why == "skip":
                        message = (
                            f'goroutine blocks forever in "{w.text}.Wait": a goroutine started '
                            f"in {fname} can return without calling Done"
                        )
                        path_why = "returns here without calling Done"
                    elif _add_arg(add) != "1":
                        message = (
                            f'goroutine blocks forever in "{w.text}.Wait": "{add_text}" in '
                            f"{fname} counts every round of the loop, and a round that leaves "
                            "here starts no goroutine to call Done"
                        )
                        path_why = "this round starts no goroutine"
                    else:
                        message = (
                            f'goroutine blocks forever in "{w.text}.Wait": "{add_text}" in '
                            f"{fname} is not matched by a goroutine that calls Done on the "
                            "path that leaves here"
                        )
                        path_why = "leaves here without starting the goroutine"
                    self._add(
                        SyncFinding(
                            GS_WG,
                            self._go(w.root),
                            message,
                            Confidence.HIGH,
                            [
                                (Role.BLOCK, w.at, "blocks here"),
                                (Role.PATH, path_at, path_why),
                                (
                                    Role.OTHER,
                                    sim.key(sim.call_paths[add.id], add),
                                    "counted up here",
                                ),
                            ],
                        ),
                        seen,
                    )
                break  # one unmatched Add explains it

    def _conds(self, sim: Sim, live_ids: set[int], seen: set[tuple[str, NodeKey]]) -> None:
        by_cls: dict[str, list[WgOp]] = {}
        for o in sim.wg_ops:
            if o.cls.startswith("cond:"):
                by_cls.setdefault(o.cls, []).append(o)
        for cls, ops in by_cls.items():
            waits = [o for o in ops if o.op == "Wait" and id(o.root) in live_ids]
            if waits and not any(o.op == "Broadcast" for o in ops):
                self._signals_short(sim, cls.removeprefix("cond:"), waits, seen)
            # "Nothing signals it" is certain where it holds: it goes before the owner's
            # path, whose verdicts are may-verdicts (the first report of a waiter wins).
            if waits and not any(o.op in ("Signal", "Broadcast") for o in ops):
                self._never_signalled(sim, cls.removeprefix("cond:"), waits, seen)
            if waits:
                self._owner_wakes(sim, cls.removeprefix("cond:"), waits, seen)
        # After the other verdicts: "nothing signals it" says more, where it holds.
        for cls, ops in by_cls.items():
            waits = [o for o in ops if o.op == "Wait" and id(o.root) in live_ids]
            if waits:
                self._never_changed(sim, cls.removeprefix("cond:"), waits, seen)

    def _never_signalled(
        self, sim: Sim, base: str, waits: list[WgOp], seen: set[tuple[str, NodeKey]]
    ) -> None:
        """Report Cond waiters when nothing in the package signals or broadcasts the Cond."""
        field = base.rsplit(".", 1)[-1] if "@" not in base else ""
        if not self._never_called(sim, base, field, "Signal") or not self._never_called(
            sim, base, field, "Broadcast"
        ):
            return
        for w in waits:
            self._report(
                seen,
                GS_COND,
                w.root,
                f'goroutine blocks forever in "{w.text}.Wait": nothing calls Signal or '
                "Broadcast on it",
                (w.at, "blocks here"),
                confidence=Confidence.HIGH if not field else Confidence.MEDIUM,
            )

    def _never_changed(
        self, sim: Sim, cls: str, waits: list[WgOp], seen: set[tuple[str, NodeKey]]
    ) -> None:
        """Report Cond waiters whose wait loop tests fields nothing ever sets (GS5005).

        ``for !g.ready { g.cond.Wait() }`` ends only when ``ready`` changes. When every field
        the loop tests is unexported (or the package is ``main``), and no statement or
        composite literal of the package writes it nor takes its address, it keeps its zero
        value: if the loop's condition holds at the zero values, a waiter that gets there
        waits forever, however often it is woken.
        """
        if "@" in cls or cls.count(".") != 1:
            return
        type_name = cls.split(".")[0]
        ty = resolve_type(sim.pkg, _type_ident(type_name))
        types = {name: tnode for name, tnode, emb in _fields(sim.pkg, ty) if not emb}
        if not types:
            return
        main = all(package_name(t) == "main" for t in sim.pkg.texts())
        for w in waits:
            node = sim.nodes.get(w.at)
            got = _wait_loop(node) if node is not None else None
            if got is None:
                continue
            cond, holder = got
            if any(
                n.type == "identifier" and parse.text(n) not in (holder, "len", "nil")
                for n in parse.iter_descendants(cond)
            ):
                continue
            fields = _tested_fields(cond, holder)
            if not fields or any(f not in types or (f[:1].isupper() and not main) for f in fields):
                continue
            if any(_may_write_field(sim, type_name, f) for f in fields):
                continue
            if _zero_truth(cond, holder, types) is not True:
                continue
            names = ", ".join(f'"{holder}.{f}"' for f in sorted(fields))
            self._report(
                seen,
                GS_COND,
                w.root,
                f'goroutine blocks forever in "{w.text}.Wait": nothing in the package ever '
                f"sets {names}, which its wait loop tests; a wake only makes it wait again",
                (w.at, "blocks here"),
                confidence=Confidence.HIGH,
            )

    def _owner_wakes(
        self, sim: Sim, cls: str, waits: list[WgOp], seen: set[tuple[str, NodeKey]]
    ) -> None:
        """Report Cond waiters an owner's path leaves parked (GS5005).

        The Cond is a field of a struct value that some function, its owner, holds in a local
        nobody else can reach (:class:`WakeWalk`). The waiters park in ``for P { c.Wait() }``;
        a woken waiter re-tests ``P``. Along the owner's path, calls into the package applied
        in order, after the first waiter starts: a change of a field ``P`` tests with no wake
        after it (a Close that sets ``closed`` and never calls Broadcast) leaves whoever is
        parked then parked for good, for when the owner returns nothing can wake them; with
        only Signals after it, each wakes one waiter, so more waiters than Signals leave the
        others parked. A Broadcast after the waiters start, a goroutine other than the
        waiters holding the value, the owner waiting on anything (a channel, a WaitGroup)
        before the write (but a receive of their results per task:
        :func:`_sends_between_waits`), a wake in the waiters' own code, or a Signal in a loop:
        silence. The waiters' loop may also leave by its ``if`` statements
        (:func:`_loop_exits`).
        """
        if "@" in cls or cls.count(".") != 1:
            return
        type_name, cond_field = cls.split(".")
        fields: set[str] = set()
        waiters: dict[NodeKey, Root] = {}
        wait_of: dict[NodeKey, WgOp] = {}
        repeats = False
        for w in waits:
            node = sim.nodes.get(w.at)
            got = _loop_exits(node) if node is not None else None
            func = parse.enclosing_function(node) if node is not None else None
            if got is None or func is None:
                return
            loop, tests, holder = got
            for t in tests:
                fields |= _tested_fields(t, holder)
            repeats |= _waits_again(w.root, loop, func)
            waiters[self._go(w.root)] = w.root
            wait_of.setdefault(self._go(w.root), w)
        if not fields:
            return
        # A wake in the waiters' own code (a Release that signals the next waiter) may pass
        # the wake on, unless it runs only while a flag is still false (``if p.closed {
        # return }`` before it) that the package only ever sets to true: once the owner sets
        # it, the waiters' own wakes are gone, and only the owner's after it count.
        guards: dict[str, NodeKey] = {}
        for o in sim.wg_ops:
            if (
                o.cls != "cond:" + cls
                or o.op not in ("Signal", "Broadcast")
                or self._go(o.root) not in waiters
            ):
                continue
            node = sim.nodes.get(o.at)
            flag = _flag_guard(node) if node is not None else None
            if flag is None or flag not in fields:
                return
            guards.setdefault(flag, o.at)
        if len(guards) > 1 or any(not _only_set_true(sim, type_name, g) for g in guards):
            return
        guard = next(iter(guards.items()), None)
        for walk, owner in _owner_walks(sim, type_name, cond_field, frozenset(fields)):
            self._judge_wakes(sim, walk, owner, waiters, wait_of, repeats, seen, guard)

    def _judge_wakes(
        self,
        sim: Sim,
        walk: WakeWalk,
        owner: Node,
        waiters: dict[NodeKey, Root],
        wait_of: dict[NodeKey, WgOp],
        repeats: bool,
        seen: set[tuple[str, NodeKey]],
        guard: tuple[str, NodeKey] | None = None,
    ) -> None:
        """Judge one owner's events (see :meth:`_owner_wakes`).

        A waiter that waits once needs one wake after the first change: Signals after it
        each release one. A waiter that waits again and again (the wait loop inside another
        loop, or in a function its goroutine calls in a loop: a worker taking tasks) parks
        again after each, so every waiter needs a wake after the last change: a Signal each.
        With ``guard``, the waiters wake each other until the owner sets that flag: only the
        owner's wakes after its first write of it count.
        """
        events = walk.events
        starts = [i for i, e in enumerate(events) if e.kind == "start"]
        if not starts or any(events[i].at not in waiters for i in starts):
            return
        first = starts[0]
        after = events[first + 1 :]
        if any(e.kind == "broadcast" for e in after):
            return
        writes = [i for i, e in enumerate(after) if e.kind == "write"]
        if not writes:
            return
        last = writes[-1] if repeats else writes[0]
        if guard is not None:
            flagged = [i for i in writes if after[i].field == guard[0]]
            if not flagged:
                return
            last = max(last, flagged[0])
        # The owner waiting (a channel, a select, a WaitGroup) before the write may wait for
        # the waiters to leave by another way; once the write is done, its waits wake
        # nobody: only the wakes after the write count, wherever they are. A receive from
        # a channel the waiters send on only between their waits (a result per task) waits
        # for their progress, not for their end.
        for e in after[:last]:
            if e.kind == "block" and not (
                repeats
                and e.via == e.at
                and all(
                    _sends_between_waits(
                        sim,
                        waiters[events[i].at],
                        wait_of[events[i].at],
                        e,
                        owner,
                        events[i].carried,
                    )
                    for i in starts
                )
            ):
                return
        signals = [e for e in after[last + 1 :] if e.kind == "signal"]
        if guard is not None:
            # A Signal of the owner's path behind ``if h.flag { return }`` no longer runs
            # once the flag is set.
            signals = [e for e in signals if not self._guarded_by(sim, e, guard[0])]
        if any(e.many for e in signals):
            return
        counts = [events[i].count for i in starts]
        n = None if any(c is None for c in counts) else sum(c or 0 for c in counts)
        if signals and n is not None and n <= len(signals):
            return
        oname = _func_name(owner)
        write = after[last]
        wnode = sim.nodes.get(write.at)
        wfunc = parse.enclosing_function(wnode) if wnode is not None else None
        wname = _func_name(wfunc) if wfunc is not None and wfunc.id != owner.id else oname
        left = wnode.child_by_field_name("left") if wnode is not None else None
        if left is None and wnode is not None:
            left = wnode.named_child(0)
        what = parse.text(left) if left is not None else "what it waits for"
        by = wname if wname == oname else f"{wname}, called by {oname},"
        for i in starts:
            root = waiters[events[i].at]
            w = wait_of[events[i].at]
            related: list[tuple[Role, NodeKey, str]] = [(Role.BLOCK, w.at, "blocks here")]
            if not signals:
                message = (
                    f'goroutine can block forever in "{w.text}.Wait": {by} sets "{what}", '
                    "which its wait loop tests, with no Signal or Broadcast after it, and "
                    "nothing wakes it later"
                )
                related.append(
                    (Role.PATH, write.at, "changed here, with no Signal or Broadcast after")
                )
            else:
                many = f"{n} goroutines" if n is not None else "one goroutine per round of a loop"
                times = "once" if len(signals) == 1 else f"{len(signals)} times"
                message = (
                    f'goroutine can block forever in "{w.text}.Wait": {many} wait on it, and '
                    f'after {by} sets "{what}" it is signalled only {times}; one Signal wakes '
                    "one waiter"
                )
                related.append((Role.OTHER, signals[0].at, "wakes one waiter"))
            if write.via is not None and write.via != write.at:
                related.append((Role.OTHER, write.via, f"{oname} calls it here"))
            if guard is not None:
                flag = what if write.field == guard[0] else guard[0]
                related.append(
                    (Role.OTHER, guard[1], f'wakes another waiter only while "{flag}" is false')
                )
            self._add(
                SyncFinding(GS_COND, self._go(root), message, Confidence.MEDIUM, related), seen
            )

    @staticmethod
    def _guarded_by(sim: Sim, e: WakeEvent, flag: str) -> bool:
        """Tell whether wake ``e`` runs only while ``flag`` is false (:func:`_flag_guard`)."""
        node = sim.nodes.get(e.at)
        return node is not None and _flag_guard(node) == flag

    def _signals_short(
        self, sim: Sim, cls: str, waits: list[WgOp], seen: set[tuple[str, NodeKey]]
    ) -> None:
        """Report Cond waiters a starter signals fewer times than it starts them (GS5005).

        One ``Signal`` wakes one waiter. When every ``Signal`` of the Cond in the package is
        a statement of one function, outside loops, and that function starts the waiting
        goroutines before them (one per round of a loop, or several ``go`` statements), it
        wakes at most as many as it has Signals: the others wait forever. A ``Broadcast``
        anywhere, a Signal elsewhere (the woken waiter passing it on), or a waiter started
        elsewhere: silence. A loop whose count is not a constant may run once: a hint.
        """
        calls = sim.sync_calls(cls, frozenset({b"Signal", b"Broadcast"}))
        if not calls or any(_method_of(c) == b"Broadcast" for c in calls):
            return
        funcs = {id(parse.enclosing_function(c)) for c in calls}
        starter = parse.enclosing_function(calls[0])
        if len(funcs) != 1 or starter is None or starter.type == "func_literal":
            return
        if any(_statement_of(c) is None or _enclosing_for(c, starter) for c in calls):
            return
        first = min(c.start_byte for c in calls)
        roots = list({id(w.root): w.root for w in waits}.values())
        if any(r.parent.id != starter.id or r.go.start_byte > first for r in roots):
            return
        # What the Signal announces must change after the waiters start: a write through
        # the Cond's holder before the last of them (``s.fired = true`` first) may let
        # them pass their wait loop without waiting.
        last_go = max(r.go.end_byte for r in roots)
        fn0 = calls[0].child_by_field_name("function")
        cond_op = fn0.child_by_field_name("operand") if fn0 is not None else None
        holder = _alias_root(cond_op) if cond_op is not None else None
        if holder is None:
            return
        for st in parse.iter_descendants(starter):
            if st.start_byte >= last_go:
                break
            if st.type not in ("assignment_statement", "inc_statement", "dec_statement"):
                continue
            left = st.child_by_field_name("left") or st.named_child(0)
            targets = (
                left.named_children
                if left is not None and left.type == "expression_list"
                else [left]
            )
            if not any(
                t is not None and t.type != "identifier" and _alias_root(t) == holder
                for t in targets
            ):
                continue
            right = st.child_by_field_name("right")
            if right is None or b"NewCond" not in (right.text or b""):
                return
        bounds = [_loop_count(r.go, starter) if r.in_loop else 1 for r in roots]
        signals = len(calls)
        if all(b is not None for b in bounds) and sum(b or 0 for b in bounds) <= signals:
            return
        if not any(r.in_loop for r in roots) and len(roots) <= signals:
            return
        certain = all(b is not None for b in bounds)
        sig_at = sim.key(sim.call_paths[calls[0].id], calls[0])
        if certain:
            many = f"{sum(b or 0 for b in bounds)} goroutines"
        else:
            many = "one goroutine per round of the loop"
        times = "once" if signals == 1 else f"{signals} times"
        for w in waits:
            self._report(
                seen,
                GS_COND,
                w.root,
                f'goroutine can block forever in "{w.text}.Wait": {many} wait on it, and '
                f"{_func_name(starter)} signals it only {times}; one Signal wakes one waiter",
                (w.at, "blocks here"),
                (sig_at, "wakes one waiter"),
                confidence=Confidence.HIGH if certain else Confidence.MEDIUM,
            )


@dataclass(slots=True)
class _Forever:
    """A lock some goroutine never releases, and why: a cause of GS5002's blocked lockers."""

    code: str
    where: NodeKey
    why: str
    comps: set[int]  # the components of goroutines it matters in
    root: Root | None  # the goroutine that causes it, when one does
    # The goroutines that run the code that keeps it, when known: a lock taken by their
    # starter before it starts them all is taken before the lock is kept.
    runners: list[Root] | None
    via: list[tuple[NodeKey, str]] = field(default_factory=list)  # the caller that keeps it
    modes: frozenset[str] = frozenset({W})  # how it is held: a read lock blocks writers only


@dataclass(slots=True)
class _Hold:
    """Why one partner of a lock holder's channel operation never comes.

    ``acquires`` are where it (or, along a chain, the goroutine it waits for) blocks on the
    lock; ``via`` is the channel operation it waits on first when it is held up by a chain.
    """

    acquires: list[Acquire]
    via: ChanOp | None = None


class _Chains:
    """The channel operations of one file's goroutines, indexed for GS5006's partner questions."""

    def __init__(self, sim: Sim, live_ids: set[int], comp: dict[int, int]) -> None:
        """Index ``sim``'s operations of the live goroutines by channel and by goroutine."""
        self.sim = sim
        self.comp = comp
        self.by_cls: dict[str, list[ChanOp]] = {}
        self.by_root: dict[int, list[ChanOp]] = {}
        for q in sim.chan_ops:
            if id(q.root) in live_ids:
                self.by_cls.setdefault(q.cls, []).append(q)
                self.by_root.setdefault(id(q.root), []).append(q)
        self.acquires: dict[str, list[Acquire]] = {}
        for a in sim.acquires:
            self.acquires.setdefault(a.cls, []).append(a)

    def partners(self, op: ChanOp) -> dict[NodeKey, list[ChanOp]] | None:
        """Return the operations that could complete ``op``, by place, when all are elsewhere.

        None when ``op`` need not wait (a send on a channel that may be buffered), when
        nothing partners it, or when its own goroutine may partner it.
        """
        if op.kind == "send":
            cap = self.sim.capacity(op.cls)
            if cap is None or (cap > 0 and not self._may_fill(op, cap)):
                return None
        kinds = ("recv", "close") if op.kind == "send" else ("send", "close")
        out: dict[NodeKey, list[ChanOp]] = {}
        for q in self.by_cls.get(op.cls, []):
            if q.kind not in kinds or self.comp[id(q.root)] != self.comp[id(op.root)]:
                continue
            if q.root is op.root and not self._own_partner(op, q):
                continue  # parked at ``op``, the goroutine cannot get to ``q``
            out.setdefault(q.at, []).append(q)
        if not out or any(q.root is op.root for qs in out.values() for q in qs):
            return None
        return out

    def _own_partner(self, op: ChanOp, q: ChanOp) -> bool:
        """Tell whether ``q``, of the goroutine that blocks on ``op``, may complete it anyway.

        One goroutine parked at ``op`` cannot get to a later operation, and its earlier
        receives complete none of its sends; but several goroutines run the statement in a
        loop, a close before ``op`` (on its path) ends its wait, and an earlier send into a
        buffer may be what a receive takes.
        """
        if op.root.in_loop:
            return True
        if q.kind == "close":
            return f"op:close:{q.cls}" in op.taken_before
        return op.kind == "recv" and self.sim.capacity(op.cls) != 0

    def _may_fill(self, op: ChanOp, cap: int) -> bool:
        """Tell whether the sends on ``op``'s channel may fill its buffer of ``cap`` and more.

        A send blocks on a full buffer. While the receiver is away (taking the lock between
        two receives), one value is out and ``cap`` wait in the buffer: the send that then
        blocks is at least the ``cap + 2``-th. Sends are counted per goroutine of the
        function's component: one per send statement, without bound for a goroutine started
        in a loop or a send inside a loop.
        """
        sends: dict[tuple[int, NodeKey], int] = {}
        for q in self.by_cls.get(op.cls, []):
            if q.kind != "send" or self.comp[id(q.root)] != self.comp[id(op.root)]:
                continue
            if self._in_loop(q):
                # A loop of a constant count (``for i := 0; i < 3; i++``) sends that many.
                node = self.sim.nodes.get(q.at)
                func = parse.enclosing_function(node) if node is not None else None
                k = (
                    _loop_count(node, func)
                    if node is not None and func is not None and not q.root.in_loop
                    else None
                )
                if k is None:
                    return True
                sends[(id(q.root), q.at)] = k
            else:
                sends[(id(q.root), q.at)] = 1
        return sum(sends.values()) >= cap + 2

    def held_up(
        self,
        holder: Root,
        lock: str,
        qs: list[ChanOp],
        depth: int,
        chans: frozenset[str],
        mode: str = W,
    ) -> _Hold | None:
        """Return why the partner operation ``qs`` (its records, one per path) needs ``lock``.

        Either its goroutine takes the lock before it (after the holder started: a lock
        taken and released before is no obstacle), or it first waits, on every path, on a
        channel of its own function's making whose every partner needs the lock in turn.
        None when neither can be shown. The holder holds the lock in ``mode``: a read lock
        keeps out only those that write-lock it.
        """
        if any(q.root is holder for q in qs):
            return None
        roots = {id(q.root) for q in qs}
        # Directly (the one-step rule), one path that took the lock suffices: a partner that
        # serves once and then locks, in a loop, is no partner for the next round. Along a
        # chain every path must have taken it.
        took = any if depth == 0 else all
        if took(lock in q.taken_before and self._took_in_time(q) for q in qs):
            acquires = [
                a
                for a in self.acquires.get(lock, [])
                if id(a.root) in roots and W in (a.mode, mode) and not _before_start(a, holder)
            ]
            if acquires:
                return _Hold(acquires)
        if depth + 1 >= MAX_CHAIN or len(roots) != 1:
            return None
        for m in self.by_root.get(roots.pop(), []):
            if (
                not m.blocking
                or m.kind not in ("send", "recv")
                or m.cls in chans
                or not all(f"chan:{m.kind}:{m.cls}" in q.taken_before for q in qs)
                or not self.all_uses_seen(m.cls)
            ):
                continue
            partners = self.partners(m)
            if partners is None:
                continue
            behind: list[Acquire] = []
            for sub in partners.values():
                got = self.held_up(holder, lock, sub, depth + 1, chans | {m.cls}, mode)
                if got is None:
                    break
                behind.extend(got.acquires)
            else:
                if behind:
                    return _Hold(behind, m)
        return None

    def held_after(self, ops: list[ChanOp], lock: Held) -> list[Acquire]:
        """Return where every partner goroutine of ``ops`` may wait for ``lock``, or nothing.

        ``ops`` is one operation the holder blocks on, or the cases of a select it blocks in.
        Each goroutine with an operation that could complete one of them must, on some path,
        take the lock before its first such operation (and go on to it), or after one it
        did: then the holder's operation of the same kind met that one before, and this one
        waits while the partner waits for the lock. The holder must be able to make that
        earlier operation (two or more of its kind on the channel, counted as the buffer
        check counts). A path that left a range over a channel the holder sends on found
        it closed: the holder's send cannot be waiting then. Every operation of a partner's
        kind on each channel must be one of the goroutines walked; a read lock held blocks
        only a partner that write-locks.
        """
        holder = ops[0].root
        partners: list[ChanOp] = []
        for op in ops:
            got = self.partners(op)
            if got is None:
                return []
            partners.extend(q for qs in got.values() for q in qs)
        # The partner operations an earlier operation of the holder's kind may have met.
        again = {
            f"op:{q.kind}:{q.cls}"
            for q in partners
            if q.kind != "close" and self._repeats("recv" if q.kind == "send" else "send", q)
        }
        sent = {f"closed:{op.cls}" for op in ops if op.kind == "send"}
        by_root: dict[int, list[ChanOp]] = {}
        for q in partners:
            by_root.setdefault(id(q.root), []).append(q)
        out: list[Acquire] = []
        for qs in by_root.values():
            root = qs[0].root
            marks = {f"op:{q.kind}:{q.cls}" for q in qs if q.kind != "close"}
            first = any(lock.cls in q.taken_before and not marks & q.taken_before for q in qs)
            mine = [
                a
                for a in self.acquires.get(lock.cls, [])
                if a.root is root
                and W in (a.mode, lock.mode)
                and not _before_start(a, holder)
                and not sent & a.taken
                and ((first and not marks & a.taken) or bool(again & a.taken))
            ]
            if not mine:
                return []
            out.extend(mine)
        if not all(self.ops_seen(op) for op in ops):
            return []
        return out

    def _took_in_time(self, q: ChanOp) -> bool:
        """Tell whether a lock taken before ``q`` can be what keeps it from the holder.

        Taken before its first operation on the channel, it waits for the lock before it
        serves anyone. Taken after an earlier one, it waits only if the holder's side may
        operate twice: once for that earlier operation, then the one it blocks on.
        """
        if q.kind == "close" or f"op:{q.kind}:{q.cls}" not in q.taken_before:
            return True
        return self._repeats("recv" if q.kind == "send" else "send", q)

    def _repeats(self, kind: str, partner: ChanOp) -> bool:
        """Tell whether the goroutines around ``partner`` may do ``kind`` on its channel twice.

        Counted as :meth:`_may_fill` counts sends (a statement in a loop or run by a goroutine
        started in one: without bound), or a record of it made after another one.
        """
        cls = partner.cls
        mark = f"op:{kind}:{cls}"
        c = self.comp[id(partner.root)]
        places: set[tuple[int, NodeKey]] = set()
        for q in self.by_cls.get(cls, []):
            if q.kind != kind or self.comp[id(q.root)] != c:
                continue
            if mark in q.taken_before or self._in_loop(q):
                return True
            places.add((id(q.root), q.at))
        return len(places) >= 2

    def _in_loop(self, q: ChanOp) -> bool:
        """Tell whether ``q`` may run many times: in a loop, or by goroutines started in one."""
        node = self.sim.nodes.get(q.at)
        func = parse.enclosing_function(node) if node is not None else None
        return q.root.in_loop or (
            node is not None and func is not None and _enclosing_for(node, func) is not None
        )

    def ops_seen(self, op: ChanOp) -> bool:
        """Tell whether every operation that could complete ``op`` is one a goroutine walked.

        A local channel: every use is a recorded operation. A field ``T.f``: every send,
        receive, range and close of a ``.f`` in the package (of any type: a same-named field
        only adds operations) is an operation of a goroutine of the holder's component; an
        operation in code only the starter runs, or nothing walked, leaves it unknown.
        """
        cls = op.cls
        kinds = ("recv",) if op.kind == "send" else ("send", "close")
        c = self.comp[id(op.root)]
        known = {q.at for q in self.by_cls.get(cls, []) if self.comp[id(q.root)] == c}
        decl = self.sim.local_decls.get(cls)
        if decl is not None:
            # A local: the operations in the function that declares it (the starter's own,
            # which no goroutine's walk records when it is no goroutine itself).
            func = parse.enclosing_function(decl)
            if func is None:
                return False
            path = funcvals.path_of(decl, self.sim.index)
            return all(
                kind not in kinds or (path, n.start_byte) in known
                for kind, n, _ in _chan_ops_on(
                    func, lambda ch: ch.type == "identifier" and ch.text == decl.text
                )
            )
        if "@" in cls or "." not in cls:
            return False
        fname = cls.rsplit(".", 1)[-1].encode()
        envs: dict[int, dict[str, Val]] = {}
        for path, src in self.sim.pkg.files():
            if fname not in src:
                continue
            for kind, n, ch in _field_ops(cached_tree(src).root_node, fname):
                if kind not in kinds or (path, n.start_byte) in known:
                    continue
                # Another type's field of the same name is no operation on this channel.
                func = parse.enclosing_function(n)
                if func is None:
                    return False
                env = envs.get(func.id)
                if env is None:
                    env = envs[func.id] = self.sim.function_env(func, path)
                v = self.sim.eval(ch, env, path)
                if v is None or v.cls == cls:
                    return False
        return True

    def all_uses_seen(self, cls: str) -> bool:
        """Tell whether every use of the channel local ``cls`` is an operation recorded."""
        decl = self.sim.local_decls.get(cls)
        if decl is None:
            return False
        known = {o.at[1] for o in self.sim.chan_ops if o.cls == cls}
        return _channel_uses(decl) <= known


def _field_ops(root: Node, field: bytes) -> Iterator[tuple[str, Node, Node]]:
    """Yield the sends, receives, ranges and closes on a ``x.field`` channel under ``root``."""

    def is_field(n: Node) -> bool:
        f = n.child_by_field_name("field")
        return n.type == "selector_expression" and f is not None and f.text == field

    return _chan_ops_on(root, is_field)


def _chan_ops_on(root: Node, is_chan: Callable[[Node], bool]) -> Iterator[tuple[str, Node, Node]]:
    """Yield the sends, receives, ranges and closes under ``root`` of channels ``is_chan`` takes.

    Each with the node its operation is recorded at (the send statement, the ``<-x.f``,
    the range clause, the ``close`` call) and the channel expression (parentheses dropped).
    """
    for n in parse.iter_descendants(root):
        t = n.type
        ch: Node | None = None
        kind = ""
        if t == "send_statement":
            ch, kind = n.child_by_field_name("channel"), "send"
        elif t == "unary_expression":
            op = n.child_by_field_name("operator")
            if op is not None and op.type == "<-":
                ch, kind = n.child_by_field_name("operand"), "recv"
        elif t == "range_clause":
            ch, kind = n.child_by_field_name("right"), "recv"
        elif t == "call_expression":
            fn = n.child_by_field_name("function")
            args = n.child_by_field_name("arguments")
            if fn is not None and fn.text == b"close" and args is not None:
                ch = next(iter(args.named_children), None)
                kind = "close"
        while ch is not None and ch.type == "parenthesized_expression":
            ch = next(iter(ch.named_children), None)
        if ch is not None and is_chan(ch):
            yield kind, n, ch


def _every_case_recorded(sel: Node, ops: list[ChanOp]) -> bool:
    """Tell whether ``sel`` has no default and each of its cases is one of ``ops``."""
    starts = {o.at[1] for o in ops}
    for case in sel.named_children:
        if case.type == "default_case":
            return False
        if case.type != "communication_case":
            continue
        comm = case.child_by_field_name("communication")
        if comm is None or not any(comm.start_byte <= b < comm.end_byte for b in starts):
            return False
    return True


def _local_escapes(decl: Node) -> bool:
    """Tell whether the local declared by ``decl`` is used other than as ``x.M()``."""
    func = parse.enclosing_function(decl)
    if func is None:
        return True
    name = decl.text or b""
    for n in parse.iter_descendants(func):
        if n.type != "identifier" or n.text != name or n.id == decl.id:
            continue
        p = n.parent
        if (
            p is not None
            and p.type == "selector_expression"
            and p.child_by_field_name("operand") == n
        ):
            while p.parent is not None and p.parent.type == "selector_expression":
                p = p.parent
            gp = p.parent
            if gp is not None and gp.type == "call_expression":
                continue
            return True
        if (
            p is not None
            and p.type in ("var_spec", "expression_list")
            and p.parent is not None
            and (p.type == "var_spec" or p.parent.child_by_field_name("left") == p)
        ):
            continue
        return True
    return False


def _local_calls(decl: Node, method: bytes) -> bool:
    """Tell whether the function declaring the local ``decl`` calls ``x.method()`` on it.

    Only goroutines are walked: a call in the function that starts them (the parent
    signalling a Cond its goroutine waits on) is found here, by name, in the function and
    the literals inside it.
    """
    func = parse.enclosing_function(decl)
    if func is None:
        return True
    name = decl.text or b""
    for n in parse.iter_descendants(func):
        if n.type != "selector_expression":
            continue
        op, fld = n.child_by_field_name("operand"), n.child_by_field_name("field")
        if op is None or fld is None or op.text != name:
            continue
        call = n.parent if n.parent is not None and n.parent.type == "call_expression" else None
        if call is not None and (fld.text == method or (method == b"Done" and _counts_down(call))):
            return True
    return False


def _call_sites(root: Node, func: Node) -> list[Node]:
    """Return the calls in the file that name ``func`` (as ``f(...)`` or ``x.f(...)``)."""
    name_node = func.child_by_field_name("name")
    if name_node is None:
        return []
    name = name_node.text
    out: list[Node] = []
    for c in parse.captures(OPS_QUERY, root).get("call.any", []):
        fn = c.child_by_field_name("function")
        if fn is None:
            continue
        if fn.type == "selector_expression":
            fn = fn.child_by_field_name("field")
        if fn is not None and fn.text == name:
            out.append(c)
    return out


def _alias_root(expr: Node) -> str | None:
    """Return the variable ``expr`` reads through (``cur`` of ``cur.next``, ``&cur.mu``)."""
    n: Node | None = expr
    while n is not None:
        if n.type == "identifier":
            return parse.text(n)
        if n.type in ("selector_expression", "index_expression"):
            n = n.child_by_field_name("operand")
        elif n.type == "parenthesized_expression":
            n = next(iter(n.named_children), None)
        elif n.type == "unary_expression" and n.child(0) is not None:
            op = n.child(0)
            if op is None or op.type not in ("&", "*"):
                return None
            n = n.child_by_field_name("operand")
        else:
            return None
    return None


def _assigned_names(func: Node) -> set[str]:
    """Return the names ``func`` (or a literal in it) assigns with ``=``, ``op=``, ``++``."""
    body = cfgmod.body_of(func)
    if body is None:
        return set()
    return {parse.text(n) for n in parse.captures(DECLS_QUERY, body).get("assign.name", [])}


def _acquire_order(e: tuple[Acquire, Held]) -> tuple[NodeKey, NodeKey, str, int]:
    a, h = e
    return (a.at, h.at, a.root.entry_path, a.root.go.start_byte)


def _meeting_roots(sim: Sim) -> set[int]:
    """Return the goroutines (by id) whose order of events matters for GS5006 and GS5001.

    Those of a component where one goroutine holds a lock across a blocking channel
    operation, or waits on a WaitGroup that another goroutine of it counts down.
    """
    live = [r for r in sim.roots if not r.gave_up]
    comp = _components(live, [*sim.links, *sim.co_links])
    hot: set[int] = set()
    for op in sim.chan_ops:
        # A send or receive in a select blocks with the select: judged with its cases.
        if op.held and op.kind != "close" and id(op.root) in comp:
            hot.add(comp[id(op.root)])
    waits = {(o.cls, id(o.root)) for o in sim.wg_ops if o.op == "Wait"}
    for o in sim.wg_ops:
        if o.op != "Done" or id(o.root) not in comp:
            continue
        for cls, rid in waits:
            if cls == o.cls and rid != id(o.root) and comp.get(rid) == comp[id(o.root)]:
                hot.add(comp[id(o.root)])
    return {rid for rid, c in comp.items() if c in hot}


def _components(roots: list[Root], links: Sequence[tuple[Node, Node]] = ()) -> dict[int, int]:
    """Group goroutines that may run together: one starts the other, or one function starts both.

    Returns ``id(root)`` -> component number (numbers only tell components apart). Roots are
    looked up by the function that starts them rather than compared in pairs: a file with a
    goroutine every few lines costs the number of goroutines, not its square.
    """
    parent = {id(r): id(r) for r in roots}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    started_by: dict[int, list[int]] = {}
    for r in roots:
        started_by.setdefault(r.parent.id, []).append(id(r))
    for same in started_by.values():
        for rid in same[1:]:
            union(rid, same[0])
    for caller, callee in links:
        ours, theirs = started_by.get(caller.id), started_by.get(callee.id)
        if ours and theirs:
            union(ours[0], theirs[0])
    for a in roots:
        if len(a.walked) < len(started_by):
            starters = [f for f in a.walked if f in started_by]
        else:
            starters = [f for f in started_by if f in a.walked]
        for f in starters:
            union(id(a), started_by[f][0])
    return {id(r): find(id(r)) for r in roots}


def _channel_uses(decl: Node) -> set[int]:
    """Return the start bytes of every use of a channel local besides its declaration.

    A send, receive or close is named by its operation's start; any other use (a range, an
    argument, an assignment) by the identifier itself, which no recorded operation matches.
    """
    func = parse.enclosing_function(decl)
    out: set[int] = set()
    if func is None:
        return {-1}
    for n in parse.iter_descendants(func):
        if n.type != "identifier" or n.text != decl.text or n.id == decl.id:
            continue
        p = n.parent
        if p is not None and p.type == "send_statement" and p.child_by_field_name("channel") == n:
            out.add(p.start_byte)
        elif p is not None and p.type == "unary_expression" and p.child(0) is not None:
            op = p.child(0)
            out.add(p.start_byte if op is not None and op.type == "<-" else n.start_byte)
        elif (
            p is not None
            and p.type == "argument_list"
            and p.parent is not None
            and (fn := p.parent.child_by_field_name("function")) is not None
            and fn.text == b"close"
        ):
            out.add(p.parent.start_byte)
        else:
            out.add(n.start_byte)
    return out


def _is_iface(pkg: Package, ty: Ty) -> bool:
    u = underlying(pkg, ty)
    return u is not None and u.kind == "iface"


def _returned_literal(func: Node) -> Node | None:
    """Return the composite literal a function returns, when its body is just that return."""
    stmts = cfgmod.statements(cfgmod.body_of(func))
    if len(stmts) != 1 or stmts[0].type != "return_statement":
        return None
    e = next((c for c in stmts[0].named_children if c.type != "comment"), None)
    if e is not None and e.type == "expression_list" and len(e.named_children) == 1:
        e = e.named_children[0]
    if e is not None and e.type == "unary_expression":
        e = e.child_by_field_name("operand")
    return e if e is not None and e.type == "composite_literal" else None


def _locked_before(unlock: Node, operand: str) -> bool:
    """Tell whether a function around ``unlock`` locks ``operand`` before it (in the text)."""
    for func in parse.ancestors(unlock):
        if func.type not in parse.FUNCTION_TYPES:
            continue
        for c in parse.captures(QUERY, func).get("sync.call", []):
            if c.start_byte >= unlock.start_byte:
                continue
            fn = c.child_by_field_name("function")
            m = fn.child_by_field_name("field") if fn is not None else None
            o = fn.child_by_field_name("operand") if fn is not None else None
            locks = m is not None and o is not None and m.text in (b"Lock", b"RLock")
            if locks and o is not None and parse.text(o) == operand:
                return True
    return False


def _calls_keeper(pkg: Package, func: Node) -> bool:
    """Tell whether ``func`` calls a package function with results that may keep a lock."""
    for c in parse.captures(OPS_QUERY, func).get("call.any", []):
        fn = c.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            fn = fn.child_by_field_name("field")
        if fn is None or fn.type not in ("identifier", "field_identifier"):
            continue
        if any(_may_keep_locked(r.node) for r in pkg.lookup(parse.text(fn))):
            return True
    return False


def _same_field(p: str, q: str) -> bool:
    """Tell whether two lock paths are one field of two values (``a#0.mu``, ``b#0.mu``)."""
    pb, _, pf = p.rpartition(".")
    qb, _, qf = q.rpartition(".")
    return bool(pb and qb and pf == qf and pb != qb)


def _swapped_calls(sim: Sim, root: Root, held: str, taken: str) -> tuple[Node, Node, str] | None:
    """Return two calls of ``root``'s starter with the values of two locks swapped.

    ``held`` and ``taken`` are lock paths of the goroutine rooted at two parameters of the
    function that starts it (:meth:`Sim.function_env`). The two calls are in one block,
    pass plain names, and the starter does not wait after its go statement (a receive, a
    select or a ``Wait`` after it could hold the second call back until the first
    goroutine is done). Returns (first call, second call, the starter's name).
    """
    starter = root.parent
    if starter.type != "function_declaration" or root.in_loop:
        return None
    params = param_names(starter)
    base = {v.path: name for name, v in root.env.items() if name in params}
    i_name = base.get(held.rpartition(".")[0])
    j_name = base.get(taken.rpartition(".")[0])
    if i_name is None or j_name is None or i_name == j_name:
        return None
    i, j = params.index(i_name), params.index(j_name)
    body = starter.child_by_field_name("body")
    after = (body.text or b"")[root.go.end_byte - body.start_byte :] if body is not None else b""
    if b"<-" in after or b"select" in after or b".Wait(" in after:
        return None
    if root.go_path and root.go_path != sim.path:
        return None
    calls: list[tuple[Node, list[bytes]]] = []
    for call in funcvals.calls_of(starter, sim.index):
        if call.type != "call_expression":
            return None  # passed around as a value: not every call is known
        args = call.child_by_field_name("arguments")
        got = [a for a in (args.named_children if args else []) if a.type != "comment"]
        if len(got) != len(params) or funcvals.path_of(call, sim.index) != sim.path:
            continue
        if got[i].type != "identifier" or got[j].type != "identifier":
            continue
        calls.append((call, [got[i].text or b"", got[j].text or b""]))
    for n, (c1, (x1, y1)) in enumerate(calls):
        for c2, (x2, y2) in calls[n + 1 :]:
            if x1 == y2 and y1 == x2 and x1 != y1 and _one_block(c1, c2):
                name = starter.child_by_field_name("name")
                return c1, c2, parse.text(name) if name is not None else "its starter"
    return None


def _one_block(c1: Node, c2: Node) -> bool:
    """Tell whether two calls are statements (or in statements) of one block."""
    s1, s2 = _block_statement(c1), _block_statement(c2)
    return (
        s1 is not None
        and s2 is not None
        and s1.parent is not None
        and (s2.parent is not None and s1.parent.id == s2.parent.id)
    )


def _block_statement(node: Node) -> Node | None:
    """Return the statement of a block that holds ``node``."""
    cur: Node | None = node
    while (
        cur is not None
        and cur.parent is not None
        and cur.parent.type
        not in (
            "block",
            "statement_list",
        )
    ):
        cur = cur.parent
    return cur if cur is not None and cur.parent is not None else None


MAX_SIBLING_CALLERS: Final = 8


def _sibling_keeper_callers(sim: Sim, root: Node) -> list[tuple[str, Node]]:
    """Return the functions of the package's other files that call a keeper of this file.

    A keeper is a function with results that may return still holding a lock
    (:func:`_may_keep_locked`). The other files are searched by the keepers' names first,
    and parsed only when one is there; at most :data:`MAX_SIBLING_CALLERS` are returned.
    """
    names = [
        n.text
        for f in root.named_children
        if f.type in ("function_declaration", "method_declaration")
        and not f.has_error
        and _may_keep_locked(f)
        and (n := f.child_by_field_name("name")) is not None
        and n.text
    ]
    out: list[tuple[str, Node]] = []
    if not names:
        return out
    for fpath, src in sim.pkg.files():
        if fpath == sim.path or not any(n in src for n in names):
            continue
        for func in cached_tree(src).root_node.named_children:
            if (
                func.type in ("function_declaration", "method_declaration")
                and func.id not in sim.walked
                and not func.has_error
                and any(n in (func.text or b"") for n in names)
                and _calls_keeper(sim.pkg, func)
            ):
                out.append((fpath, func))
                if len(out) >= MAX_SIBLING_CALLERS:
                    return out
    return out


def _calls_itself(pkg: Package, type_name: str, method: str) -> bool:
    """Tell whether ``type_name`` is a func type whose method ``method`` only calls itself.

    ``type F func(x int)`` with ``func (f F) M(x int) { f(x) }``: the method's body is the
    one call of its receiver with its parameters, in order.
    """
    decl = pkg.type_decl(type_name)
    ref = pkg.method(method, type_name)
    if decl is None or decl.type != "function_type" or ref is None:
        return False
    recv = receiver_name(ref.node)
    body = cfgmod.body_of(ref.node)
    stmts = cfgmod.statements(body) if body is not None else []
    if not recv or len(stmts) != 1:
        return False
    st = stmts[0]
    call = st.named_children[0] if st.type == "expression_statement" and st.named_children else None
    if st.type == "return_statement":
        vals = [c for c in st.named_children if c.type != "comment"]
        if len(vals) == 1 and vals[0].type == "expression_list":
            vals = vals[0].named_children
        call = vals[0] if len(vals) == 1 else None
    if call is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    got = [parse.text(a) for a in args.named_children if a.type != "comment"] if args else []
    return fn is not None and parse.text(fn) == recv and got == param_names(ref.node)


def _called_funcs(pkg: Package, func: Node, fpath: str) -> set[NodeKey]:
    """Return (file, start) of the package functions ``func`` (of ``fpath``) calls by name."""
    out: set[NodeKey] = set()
    for c in parse.captures(OPS_QUERY, func).get("call.any", []):
        fn = c.child_by_field_name("function")
        fn = instantiated(fn) if fn is not None else None
        if fn is None or fn.type != "identifier":
            continue
        ref = pkg.function(parse.text(fn))
        if ref is not None:
            out.add((ref.path or fpath, ref.node.start_byte))
    return out


def _may_keep_locked(func: Node) -> bool:
    """Tell whether a function with results both unlocks and returns early: it may keep a lock."""
    if func.child_by_field_name("result") is None:
        return False
    raw = func.text or b""
    return b"return" in raw and (
        (b".Unlock()" in raw and b".Lock()" in raw) or (b".RUnlock()" in raw and b".RLock()" in raw)
    )


def _may_leave_locked(func: Node) -> bool:
    """Tell whether a void function both unlocks and returns early: a leak is possible."""
    if func.child_by_field_name("result") is not None:
        return False
    raw = func.text or b""
    return b"return" in raw and b"Unlock()" in raw


def _go_literal(go: Node) -> Node | None:
    """Return the func literal a go statement runs, if it runs one."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    fn = call.child_by_field_name("function") if call is not None else None
    return fn if fn is not None and fn.type == "func_literal" else None


def _own_sync_calls(func: Node) -> list[tuple[Node, str, str]]:
    """Return (call, receiver text, method) for the sync calls ``func`` makes itself."""
    out: list[tuple[Node, str, str]] = []
    for c in parse.captures(QUERY, func).get("sync.call", []):
        if parse.enclosing_function(c) != func:
            continue
        f = c.child_by_field_name("function")
        o = f.child_by_field_name("operand") if f is not None else None
        m = f.child_by_field_name("field") if f is not None else None
        if o is not None and m is not None:
            out.append((c, parse.text(o), "Done" if _counts_down(c) else parse.text(m)))
    return out


def _counts_down(call: Node) -> bool:
    """Tell whether ``call`` is ``wg.Add(-n)``: a Done by another spelling."""
    return _method_of(call) == b"Add" and _add_arg(call).lstrip().startswith("-")


def _deferred(call: Node, func: Node) -> bool:
    for a in parse.ancestors(call):
        if a.id == func.id:
            return False
        if a.type == "defer_statement":
            return True
    return False


def _statement_of(call: Node) -> Node | None:
    p = call.parent
    return p if p is not None and p.type == "expression_statement" else None


def _path_around(g: CFG, stop: set[int]) -> int | None:
    """Return the return block (or -1 at the end) of a path from entry to exit avoiding ``stop``.

    None when every path to the exit goes through ``stop``.
    """
    seen = {(g.entry, -1)}
    todo = [(g.entry, -1)]
    while todo:
        b, ret = todo.pop()
        if b in stop:
            continue
        if b == g.exit:
            return ret
        blk = g.blocks[b]
        if blk.kind in (Kind.ABORT, Kind.BLOCK):
            continue
        r = b if blk.kind is Kind.RETURN else ret
        for s in blk.succs:
            if (s, r) not in seen:
                seen.add((s, r))
                todo.append((s, r))
    return None


def _loop_count(node: Node, func: Node) -> int | None:
    """Return how many rounds the loop around ``node`` runs: ``for i := 0; i < 4; i++``.

    None when that is not a constant (or the variable is written in the body).
    """
    loop = _enclosing_for(node, func)
    clause = (
        next((c for c in loop.named_children if c.type == "for_clause"), None) if loop else None
    )
    if loop is None or clause is None or _enclosing_for(loop, func) is not None:
        return None
    init = clause.child_by_field_name("initializer")
    cond = clause.child_by_field_name("condition")
    upd = clause.child_by_field_name("update")
    if init is None or cond is None or upd is None or init.type != "short_var_declaration":
        return None
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    var = parse.text(left) if left is not None else ""
    start = parse.text(right) if right is not None else ""
    op = cond.child_by_field_name("operator")
    a, b = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if (
        op is None
        or op.type != "<"
        or a is None
        or b is None
        or parse.text(a) != var
        or b.type != "int_literal"
        or start != "0"
        or parse.text(upd) not in (f"{var}++", f"{var} += 1")
    ):
        return None
    body = loop.child_by_field_name("body")
    if body is not None and var in _assigned_names_in(body):
        return None
    try:
        return int(parse.text(b), 0)
    except ValueError:
        return None


def _assigned_names_in(body: Node) -> set[str]:
    return {parse.text(n) for n in parse.captures(DECLS_QUERY, body).get("assign.name", [])}


def _err_test(call: Node) -> Node | None:
    """Return the ``err != nil`` (or ``== nil``) that tests a call's error right away.

    ``if err := f(); err != nil {`` or ``err := f()`` / ``_, err = f()`` followed at once by
    ``if err != nil {``: the error is the last name on the left.
    """
    right = call.parent
    stmt = right.parent if right is not None else None
    if right is None or stmt is None or right.type != "expression_list":
        return None
    if len(right.named_children) != 1 or stmt.child_by_field_name("right") != right:
        return None
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = stmt.child_by_field_name("left")
    names = left.named_children if left is not None else []
    if not names or names[-1].type != "identifier" or parse.text(names[-1]) == "_":
        return None
    err = parse.text(names[-1])
    ifs = stmt.parent
    if (
        ifs is not None
        and ifs.type == "if_statement"
        and ifs.child_by_field_name("initializer") == stmt
    ):
        test = ifs.child_by_field_name("condition")
    else:
        nxt = stmt.next_named_sibling
        while nxt is not None and nxt.type == "comment":
            nxt = nxt.next_named_sibling
        if nxt is None or nxt.type != "if_statement" or nxt.child_by_field_name("initializer"):
            return None
        test = nxt.child_by_field_name("condition")
    if test is None or test.type != "binary_expression":
        return None
    a, b = test.child_by_field_name("left"), test.child_by_field_name("right")
    op = test.child_by_field_name("operator")
    if a is None or b is None or op is None or op.type not in ("!=", "=="):
        return None
    if {parse.text(a), parse.text(b)} != {err, "nil"}:
        return None
    return test


def _last_result_type(results: Node) -> str:
    """Return the text of the type of a function's last result."""
    if results.type != "parameter_list":
        return parse.text(results)
    decls = [c for c in results.named_children if c.type == "parameter_declaration"]
    if not decls:
        return ""
    ty = decls[-1].child_by_field_name("type")
    return parse.text(ty) if ty is not None else ""


def _error_kind(ret: Node, pkg: Package) -> str | None:
    """Say whether a return hands back a nil error (``nil``), a non-nil one (``set``), or None.

    The last returned value: ``nil``; a package variable bound to ``errors.New(...)`` or
    ``fmt.Errorf(...)``; such a call itself; ``&E{...}`` or ``E{...}``. Anything else
    (a variable, a call of our own) is not known.
    """
    if ret.type != "return_statement":
        return None
    vals = [c for c in ret.named_children if c.type != "comment"]
    if len(vals) == 1 and vals[0].type == "expression_list":
        vals = [c for c in vals[0].named_children if c.type != "comment"]
    if not vals:
        return None
    v = vals[-1]
    if v.type == "nil":
        return "nil"
    if v.type == "identifier" and parse.text(v) == "nil":
        return "nil"
    if _new_error(v):
        return "set"
    if v.type == "unary_expression" and v.child(0) is not None:
        inner = v.child_by_field_name("operand")
        op = v.child(0)
        if op is not None and op.type == "&" and inner is not None:
            return "set" if inner.type == "composite_literal" else None
    if v.type == "composite_literal":
        return "set"
    if v.type == "identifier":
        if _tested_not_nil(ret, parse.text(v)):
            return "set"
        value = _package_var_value(pkg, parse.text(v))
        return "set" if value is not None and _new_error(value) else None
    return None


def _tested_not_nil(ret: Node, name: str) -> bool:
    """Tell whether ``ret`` sits in the body of an ``if name != nil {`` that leaves ``name`` be.

    ``if err != nil { return 0, err }``: the error handed back is the one just tested.
    """
    body = ret.parent
    while body is not None and body.type == "statement_list":
        body = body.parent
    ifs = body.parent if body is not None else None
    if body is None or ifs is None or ifs.type != "if_statement":
        return False
    if ifs.child_by_field_name("consequence") != body:
        return False
    test = ifs.child_by_field_name("condition")
    if test is None or test.type != "binary_expression":
        return False
    a, b = test.child_by_field_name("left"), test.child_by_field_name("right")
    op = test.child_by_field_name("operator")
    if a is None or b is None or op is None or op.type != "!=":
        return False
    if {parse.text(a), parse.text(b)} != {name, "nil"}:
        return False
    if name in {parse.text(n) for n in parse.captures(DECLS_QUERY, body).get("assign.name", [])}:
        return False
    return not any(
        n.type in ("short_var_declaration", "var_spec") and name in parse.text(n).split(":=")[0]
        for n in parse.iter_descendants(body)
    )


def _new_error(v: Node) -> bool:
    """Tell whether ``v`` is ``errors.New(...)`` or ``fmt.Errorf(...)``: never nil."""
    if v.type != "call_expression":
        return False
    fn = v.child_by_field_name("function")
    return fn is not None and parse.text(fn) in ("errors.New", "fmt.Errorf")


def _package_var_value(pkg: Package, name: str) -> Node | None:
    """Return the one value a package-level ``var name = v`` binds, when it is never assigned.

    Any ``name =`` elsewhere in the package (other than in its declaration) means unknown.
    """
    raw = name.encode()
    found: Node | None = None
    assign = re.compile(rb"(?<![\w.])" + re.escape(raw) + rb"\s*(?:=(?!=)|,[^=\n]*=(?!=))")
    for _, src in pkg.files():
        if raw not in src:
            continue
        root = cached_tree(src).root_node
        for decl in root.named_children:
            if decl.type != "var_declaration":
                continue
            for spec in parse.iter_descendants(decl):
                if spec.type != "var_spec":
                    continue
                names = [c for c in spec.children_by_field_name("name")]
                vals = spec.child_by_field_name("value")
                for i, n in enumerate(names):
                    if parse.text(n) != name:
                        continue
                    vs = vals.named_children if vals is not None else []
                    if found is not None or len(vs) != len(names):
                        return None
                    found = vs[i]
        for m in assign.finditer(src):
            node = root.named_descendant_for_byte_range(m.start(), m.start() + len(raw))
            if node is None:
                continue
            if not any(a.type == "var_spec" for a in parse.ancestors(node)):
                return None
    return found


def _made_fresh(decl: Node) -> bool:
    """Tell whether the local ``decl`` names is bound to a new object: ``x := &T{}``."""
    stmt = decl.parent.parent if decl.parent is not None else None
    if stmt is None or stmt.type != "short_var_declaration":
        return False
    left, right = stmt.child_by_field_name("left"), stmt.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return False
    if len(right.named_children) != 1:
        return False
    r = right.named_children[0]
    op = r.child(0) if r.type == "unary_expression" else None
    if op is not None and op.type == "&":
        r = r.child_by_field_name("operand") or r
    if r.type == "composite_literal":
        return True
    fn = r.child_by_field_name("function") if r.type == "call_expression" else None
    return fn is not None and fn.text == b"new"


def _pointer_receiver(method: Node) -> bool:
    """Tell whether a method takes its receiver by pointer (``func (t *T) m()``)."""
    recv = method.child_by_field_name("receiver")
    decl = next(
        (c for c in (recv.named_children if recv else []) if c.type == "parameter_declaration"),
        None,
    )
    ty = decl.child_by_field_name("type") if decl is not None else None
    return ty is not None and ty.type == "pointer_type"


def _assigned_holder(value: Node, field: str) -> str | None:
    """Return ``X`` when ``value`` is the right side of ``X.field = value``."""
    right = value.parent
    stmt = right.parent if right is not None else None
    if right is None or stmt is None or stmt.type != "assignment_statement":
        return None
    left = stmt.child_by_field_name("left")
    if left is None or len(left.named_children) != 1 or len(right.named_children) != 1:
        return None
    target = left.named_children[0]
    o = target.child_by_field_name("operand") if target.type == "selector_expression" else None
    f = target.child_by_field_name("field") if target.type == "selector_expression" else None
    if o is None or f is None or parse.text(f) != field:
        return None
    return parse.text(o)


def _method_value_of(value: Node, holder: str, method: bytes | None) -> bool:
    """Tell whether ``value`` is the method value ``holder.method``."""
    if value.type != "selector_expression":
        return False
    o = value.child_by_field_name("operand")
    f = value.child_by_field_name("field")
    return o is not None and f is not None and parse.text(o) == holder and f.text == method


def _ctor_stored(pkg: Package, lit: Node, field: str) -> Node | None:
    """Return ``h`` when ``h = newT(..., lit, ...)`` stores the literal in ``field``.

    ``newT`` is a package function whose body is only ``return &T{..., field: p, ...}``
    (keyed), with ``p`` the parameter the literal is passed as and used nowhere else: the
    object it returns, and only that one, holds the literal in ``field``. The call is the
    whole right side of an assignment to the one identifier ``h``.
    """
    args = lit.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    fn = call.child_by_field_name("function") if call is not None else None
    fn = instantiated(fn) if fn is not None else None
    if call is None or args is None or fn is None or fn.type != "identifier":
        return None
    right = call.parent
    stmt = right.parent if right is not None and right.type == "expression_list" else None
    if right is None or stmt is None or stmt.type != "assignment_statement":
        return None
    if len(right.named_children) != 1:
        return None
    left = stmt.child_by_field_name("left")
    if left is None or len(left.named_children) != 1:
        return None
    h = left.named_children[0]
    if h.type != "identifier":
        return None
    ref = pkg.function(parse.text(fn))
    if ref is None or ref.node.type != "function_declaration" or ref.node.has_error:
        return None
    names = param_names(ref.node)
    i = next((k for k, a in enumerate(args.named_children) if a.id == lit.id), -1)
    if i < 0 or i >= len(names) or not names[i] or names[i] == "_":
        return None
    body = cfgmod.body_of(ref.node)
    stmts = cfgmod.statements(body) if body is not None else []
    if len(stmts) != 1 or stmts[0].type != "return_statement":
        return None
    ret = next((c for c in stmts[0].named_children if c.type != "comment"), None)
    if ret is not None and ret.type == "expression_list" and len(ret.named_children) == 1:
        ret = ret.named_children[0]
    if ret is None or ret.type != "unary_expression" or (ret.child(0) or ret).type != "&":
        return None
    clit = ret.child_by_field_name("operand")
    lbody = clit.child_by_field_name("body") if clit is not None else None
    if clit is None or clit.type != "composite_literal" or lbody is None or body is None:
        return None
    raw = names[i].encode()
    uses = [
        n
        for n in parse.iter_descendants(body)
        if n.type == "identifier"
        and n.text == raw
        and not (
            n.parent is not None
            and n.parent.parent is not None
            and n.parent.parent.type == "keyed_element"
            and n.parent.parent.child_by_field_name("key") == n.parent
        )
    ]
    stored = [
        el
        for el in lbody.named_children
        if el.type == "keyed_element"
        and parse.text(el.child_by_field_name("key") or el) == field
        and parse.text(el.child_by_field_name("value") or el) == names[i]
    ]
    return h if len(stored) == 1 and len(uses) == 1 else None


def _bound_once_by(outer: Node, decl: Node, name: str, h: Node) -> bool:
    """Tell whether local ``name`` of ``outer``, declared with no value, is set only at ``h``."""
    spec: Node | None = decl
    while spec is not None and spec.type not in ("var_spec", "short_var_declaration"):
        spec = spec.parent
    if spec is None or spec.type != "var_spec" or spec.child_by_field_name("value") is not None:
        return False
    for n in parse.iter_descendants(outer):
        if n.type != "identifier" or parse.text(n) != name or n.id == h.id:
            continue
        p = n.parent
        if p is not None and p.type == "unary_expression" and (p.child(0) or p).type == "&":
            return False
        if p is not None and p.type == "expression_list":
            st = p.parent
            if st is not None and st.type in (
                "assignment_statement",
                "short_var_declaration",
            ):
                lhs = st.child_by_field_name("left")
                if lhs is not None and lhs.id == p.id:
                    return False
        if p is not None and p.type in ("inc_statement", "dec_statement"):
            return False
    return True


def _returns_fresh(func: Node) -> bool:
    """Tell whether every return of ``func`` hands back one object made in this call.

    ``return &T{...}``, ``return new(T)``, or ``return x`` with ``x := &T{...}`` bound once
    and never assigned again: each call makes its own; none hands back a kept one.
    """
    if func.type != "function_declaration" or func.has_error:
        return False
    body = func.child_by_field_name("body")
    if body is None:
        return False
    assigned = _assigned_names(func)
    fresh: dict[str, Node] = {}
    found = False
    for n in parse.iter_descendants(body):
        if parse.enclosing_function(n) != func:
            continue
        if n.type == "short_var_declaration":
            left = n.child_by_field_name("left")
            if left is not None and len(left.named_children) == 1:
                ident = left.named_children[0]
                if ident.type == "identifier" and _made_fresh(ident):
                    fresh[parse.text(ident)] = ident
            continue
        if n.type != "return_statement":
            continue
        vals = [c for c in n.named_children if c.type != "comment"]
        if len(vals) == 1 and vals[0].type == "expression_list":
            vals = [c for c in vals[0].named_children if c.type != "comment"]
        if len(vals) != 1:
            return False
        v = vals[0]
        if v.type == "identifier":
            name = parse.text(v)
            if name not in fresh or name in assigned:
                return False
        else:
            op = v.child(0) if v.type == "unary_expression" else None
            inner = v.child_by_field_name("operand") if op is not None and op.type == "&" else v
            callee = inner.child_by_field_name("function") if inner is not None else None
            if inner is None or not (
                inner.type == "composite_literal"
                or (
                    inner.type == "call_expression" and callee is not None and callee.text == b"new"
                )
            ):
                return False
        found = True
    return found


def _only_stored_in(method: Node, param: str, recv: str, field: str) -> bool:
    """Tell whether ``method`` uses ``param`` only as ``recv.field = param``, once.

    The receiver is not assigned again, so the value lands in the object it was called on.
    """
    body = method.child_by_field_name("body")
    if body is None or recv in _assigned_names(method) or param in _assigned_names(method):
        return False
    stores = 0
    for n in parse.iter_descendants(body):
        if n.type != "identifier" or parse.text(n) not in (param,):
            continue
        right = n.parent
        stmt = right.parent if right is not None else None
        if (
            right is None
            or stmt is None
            or right.type != "expression_list"
            or len(right.named_children) != 1
            or stmt.type != "assignment_statement"
            or stmt.child_by_field_name("right") != right
        ):
            return False
        left = stmt.child_by_field_name("left")
        t = left.named_children[0] if left is not None and len(left.named_children) == 1 else None
        o = t.child_by_field_name("operand") if t is not None else None
        f = t.child_by_field_name("field") if t is not None else None
        if t is None or t.type != "selector_expression" or o is None or f is None:
            return False
        if parse.text(o) != recv or parse.text(f) != field:
            return False
        stores += 1
    return stores == 1


def _path_past(g: CFG, start: int, walls: set[int]) -> Node | None:
    """Return where a path from ``start`` leaves, or comes round to ``start``, past no wall.

    That is its first return, break or continue (else ``start``'s own node); None when
    every path passes a wall.
    """
    seen: set[tuple[int, int]] = set()
    todo = [(s, -1) for s in g.blocks[start].succs]
    while todo:
        b, last = todo.pop()
        if b in walls or (b, last) in seen:
            continue
        seen.add((b, last))
        if b == g.exit or b == start:
            node = g.blocks[last].node if last >= 0 else None
            return node if node is not None else g.blocks[start].node
        blk = g.blocks[b]
        if blk.kind in (Kind.ABORT, Kind.BLOCK):
            continue
        jump = blk.node is not None and blk.node.type in _JUMPS
        nxt = b if jump and last < 0 else last
        todo.extend((s, nxt) for s in blk.succs)
    return None


_JUMPS: Final = frozenset(
    {"return_statement", "continue_statement", "break_statement", "goto_statement"}
)


def _method_of(call: Node) -> bytes | None:
    fn = call.child_by_field_name("function")
    m = fn.child_by_field_name("field") if fn is not None else None
    return m.text if m is not None else None


def _enclosing_for(node: Node, func: Node) -> Node | None:
    return innermost_loop(node, func)


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _counted_loop(add: Node) -> Node | None:
    """Return the loop an ``Add(n)`` counts up for, when ``n`` is its number of rounds.

    ``wg.Add(len(xs))`` followed (in the same block) by ``for ... := range xs``, and
    ``wg.Add(n)`` followed by ``for i := 0; i < n; i++`` or ``for i := range n``.
    """
    n = _add_arg(add)
    stmt = _statement_of(add)
    nxt = stmt.next_named_sibling if stmt is not None else None
    while nxt is not None and nxt.type != "for_statement":
        if nxt.type in ("return_statement", "go_statement", "labeled_statement"):
            return None
        nxt = nxt.next_named_sibling
    if nxt is None or not n:
        return None
    clause = next((c for c in nxt.named_children if c.type in ("for_clause", "range_clause")), None)
    if clause is None:
        return None
    if clause.type == "range_clause":
        right = clause.child_by_field_name("right")
        over = parse.text(right) if right is not None else ""
        return nxt if n in (f"len({over})", over) else None
    init = clause.child_by_field_name("initializer")
    cond = clause.child_by_field_name("condition")
    upd = clause.child_by_field_name("update")
    left = init.child_by_field_name("left") if init is not None else None
    right = init.child_by_field_name("right") if init is not None else None
    var = parse.text(left) if left is not None else ""
    if (
        cond is None
        or upd is None
        or right is None
        or parse.text(right) != "0"
        or parse.text(cond) != f"{var} < {n}"
        or parse.text(upd) not in (f"{var}++", f"{var} += 1")
    ):
        return None
    body = nxt.child_by_field_name("body")
    if body is not None and var in _assigned_names_in(body):
        return None
    return nxt


def _round_past(g: CFG, header: int, loop: Node, walls: set[int]) -> Node | None:
    """Return where a round of ``loop`` comes round again or leaves it past no wall.

    The round starts at the body's first node; it comes round at the header (a
    ``continue``, the end of the body) or leaves the loop (a ``break``, a ``return``).
    The jump that does so, else the loop; None when every round passes a wall.
    """
    body = g.blocks[header].loop_body
    if body is None:
        return None
    seen: set[tuple[int, int]] = set()
    todo = [(body, -1)]
    while todo:
        b, last = todo.pop()
        if b in walls or (b, last) in seen:
            continue
        seen.add((b, last))
        blk = g.blocks[b]
        if b == header or b == g.exit or blk.node is None or not _inside(blk.node, loop):
            node = g.blocks[last].node if last >= 0 else None
            return node if node is not None else loop
        if blk.kind in (Kind.ABORT, Kind.BLOCK):
            continue
        jump = blk.node.type in _JUMPS
        nxt = b if jump else last
        todo.extend((x, nxt) for x in blk.succs)
    return None


def _add_arg(call: Node) -> str:
    args = call.child_by_field_name("arguments")
    first = next(iter(args.named_children), None) if args is not None else None
    return parse.text(first) if first is not None else ""


def _type_ident(name: str) -> Node | None:
    """Return a ``type_identifier`` node naming ``name`` (to resolve a type by name)."""
    tree = cached_tree(f"package p\n\nvar _ {name}\n".encode())
    for n in parse.iter_descendants(tree.root_node):
        if n.type == "type_identifier":
            return n
    return None


def _first_type_ident(body: Node, name: str) -> Node | None:
    for n in parse.iter_descendants(body):
        if n.type == "type_identifier" and n.text == name.encode():
            return n
    return None


def _before_start(a: Acquire, holder: Root) -> bool:
    """Tell whether ``a`` happens in the holder's parent before the holder is started."""
    entry = a.root.entry
    if entry is None or a.site < 0:
        return False
    return parse.enclosing_function(holder.go) == entry and a.site < holder.go.start_byte


def _all_started_after(a: Acquire, runners: list[Root] | None, comp: dict[int, int]) -> bool:
    """Tell whether ``a`` comes before its starter starts every goroutine in ``runners``.

    Only the runners that may run with ``a``'s goroutine count; none known means no.
    """
    mine = [r for r in runners or [] if comp.get(id(r)) == comp.get(id(a.root))]
    return bool(mine) and all(_before_start(a, r) for r in mine)


def _func_name(func: Node) -> str:
    n: Node | None = func
    while n is not None:
        if n.type in ("function_declaration", "method_declaration"):
            name = n.child_by_field_name("name")
            base = parse.text(name) if name is not None else "the function"
            return base if n.id == func.id else f"the func literal in {base}"
        n = n.parent
    return "the function"


def has_sync_calls(root: Node) -> bool:
    """Tell whether the file calls a sync-like method at all (one compiled query)."""
    return bool(parse.captures(QUERY, root).get("sync.call"))


_CACHE: weakref.WeakKeyDictionary[FileFacts, SyncFacts] = weakref.WeakKeyDictionary()


def sync_facts(facts: FileFacts) -> SyncFacts:
    """Return the sync facts of a file, computed on first use."""
    got = _CACHE.get(facts)
    if got is None:
        got = SyncFacts(facts)
        _CACHE[facts] = got
    return got


def findings_for(facts: FileFacts, code: str) -> Iterable[SyncFinding]:
    """Return the sync findings of one check code."""
    return [f for f in sync_facts(facts).findings if f.code == code]


# The verdicts that say a goroutine stops for good where it blocks (not "can deadlock", and
# not "returns holding a lock", which lets the goroutine itself finish).
_STUCK_PREFIXES: Final = ("goroutine blocks forever", "goroutine deadlocks on itself")


def stuck_sites(facts: FileFacts, go: Node) -> list[Node]:
    """Return where the goroutine started by ``go`` blocks forever on a sync primitive.

    The blocking places (in ``facts``'s file) of the findings at ``go`` whose verdict is that
    the goroutine stops there for good, at default confidence. The channel analysis uses them
    as partners that never come: a goroutine stuck in ``cond.Wait`` never reaches the
    ``close(done)`` after it.
    """
    if not facts.go_statements:
        return []
    sf = sync_facts(facts)  # cached: the file is searched for sync calls once
    if sf.stuck is None:
        # Every go statement's sites at once: the channel analysis asks for many of them.
        sf.stuck = {}
        for f in sf.findings:
            if f.confidence < Confidence.MEDIUM or not f.message.startswith(_STUCK_PREFIXES):
                continue
            for role, key, _ in f.related:
                rn = sf.node(key)
                if role is Role.BLOCK and key[0] == facts.path and rn is not None:
                    sf.stuck.setdefault(f.at, []).append(rn)
    return list(sf.stuck.get(node_key(facts.path, go), ()))


# --------------------------------------------------------------------------- Cond wakes


@dataclass(frozen=True, slots=True)
class WakeEvent:
    """One thing an owner's path does to a Cond's holder, in the order it does it.

    ``write`` changes a field the waiters' loop tests; ``signal`` and ``broadcast`` wake;
    ``start`` starts a goroutine holding it (``count`` of them, None for one per round of a
    loop whose count is not a constant); ``block`` waits for something (a channel, a
    WaitGroup) that may be the waiters themselves.
    """

    kind: str
    at: NodeKey
    count: int | None = 1
    many: bool = False  # inside a loop: it may happen any number of times
    via: NodeKey | None = None  # the owner's own statement that leads here
    field: str = ""  # the field a ``write`` changes
    chan: str = ""  # the owner's local a ``block`` receives from (``<-acks``)
    # For a ``start`` through a carrier (``w := &worker{queue: q, acks: acks}; go w.run()``):
    # the carrier's fields that hold a local of the owner, with that local.
    carried: tuple[tuple[str, str], ...] = ()


class _Escapes(Exception):
    """The holder goes where the owner's path cannot follow it."""


_WAKE_DEPTH: Final = 4
_MAX_LINKED: Final = 16  # goroutines of other files a file's walk may take in
# The type arguments of an instantiated generic type, ``Queue[T]`` or ``Pool[K, V]``, and the
# blanks after the name: ``&Queue[T]{}`` makes a Queue as ``&Queue{}`` does.
_TYPE_ARGS: Final = rb"\s*(?:\[[^\]{}()]*\]\s*)?"
_BLOCKING_METHODS: Final = frozenset({b"Wait"})


class WakeWalk:
    """The events of an owner's path on one Cond's holder, calls into the package included.

    The holder is a local of the owner that no code outside the walk can reach: it is made
    there (``&T{}``, ``new(T)``) or by a package constructor that returns what it made, and
    it is only read through (``h.f``), written (``h.f = v``), called (``h.m()``, ``f(h)``
    with ``f`` a package function) or handed to goroutines. Anything else raises
    :class:`_Escapes`.
    """

    def __init__(self, sim: Sim, type_name: str, cond_field: str, fields: frozenset[str]) -> None:
        """Follow holders of type ``type_name`` whose Cond is ``cond_field``."""
        self.sim = sim
        self.type_name = type_name
        self.cond_field = cond_field
        self.fields = fields
        self.events: list[WakeEvent] = []
        self._stack: list[int] = []
        # The owner's declaration of the holder, and the constructor that makes it (its
        # function, file and the local it returns) when a package function does.
        self.decl: Node | None = None
        self.maker: tuple[Node, str, str] | None = None
        # The owner's own top-level defers on the holder: they run when it returns, last first.
        self._deferred: list[Node] = []
        # When the owner holds the Cond's holder in a field ``via`` of a value of struct
        # ``outer`` (``s.queue`` of a Server): the outer values are named ``^s`` in the holder
        # set, and ``s.queue`` names the holder itself.
        self.outer = ""
        self.via_field = ""
        # Locals of a walked function (its id, the name) holding a struct literal made there
        # with the holder in one field (:meth:`_carrier`), with the literal's other fields
        # that hold a plain local of the function (field, local).
        self._carriers: dict[tuple[int, str], tuple[tuple[str, str], ...]] = {}

    def run(
        self,
        func: Node,
        fpath: str,
        holders: frozenset[str],
        *,
        depth: int = 0,
        many: bool = False,
        via: NodeKey | None = None,
        returns: bool = False,
    ) -> None:
        """Append the events of ``func`` with the holder in ``holders``."""
        if depth > _WAKE_DEPTH or func.id in self._stack or func.has_error:
            raise _Escapes
        body = cfgmod.body_of(func)
        if body is None:
            raise _Escapes
        self._stack.append(func.id)
        outer_deferred = self._deferred
        self._deferred = []
        try:
            self._visit(body, func, fpath, holders, depth, many, via, returns)
            for d in reversed(self._deferred):
                self._run_deferred(d, func, fpath, holders, depth, many, via)
        finally:
            self._deferred = outer_deferred
            self._stack.pop()

    def _run_deferred(
        self,
        d: Node,
        func: Node,
        fpath: str,
        holders: frozenset[str],
        depth: int = 0,
        many: bool = False,
        via: NodeKey | None = None,
    ) -> None:
        """Append the events of a top-level ``defer h.Close()`` (or ``defer func() {...}()``)."""
        call = next((c for c in d.named_children if c.type == "call_expression"), None)
        if call is None:
            raise _Escapes
        here = via if via is not None else self._key(fpath, d)
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is not None and fn.type == "func_literal":
            params = fn.child_by_field_name("parameters")
            lit_body = fn.child_by_field_name("body")
            if params is None or params.named_children or lit_body is None:
                raise _Escapes
            if args is not None and args.named_children:
                raise _Escapes
            self._visit(lit_body, func, fpath, holders, depth, many, here, False)
            return
        self._node(call, func, fpath, holders, depth, many, here, False)

    def _top_level(self, n: Node, func: Node) -> bool:
        """Tell whether statement ``n`` is one of ``func``'s body's own statements."""
        body = cfgmod.body_of(func)
        p = n.parent
        if p is not None and p.type == "statement_list":
            p = p.parent
        return body is not None and p is not None and p.id == body.id

    def _key(self, fpath: str, node: Node) -> NodeKey:
        return self.sim.key(fpath, node)

    def _uses(self, node: Node, holders: frozenset[str]) -> bool:
        return any(
            n.type == "identifier" and (parse.text(n) in holders or "^" + parse.text(n) in holders)
            for n in parse.iter_descendants(node)
        )

    def _is_holder(self, node: Node | None, holders: frozenset[str]) -> bool:
        """Tell whether ``node`` names the holder: ``h``, or ``s.via`` of an outer ``s``."""
        if node is None:
            return False
        if node.type == "identifier":
            return parse.text(node) in holders
        if node.type != "selector_expression" or not self.via_field:
            return False
        o = node.child_by_field_name("operand")
        f = node.child_by_field_name("field")
        return (
            o is not None
            and f is not None
            and o.type == "identifier"
            and "^" + parse.text(o) in holders
            and parse.text(f) == self.via_field
        )

    def _carrier(
        self, decl: Node, func: Node, holders: frozenset[str]
    ) -> tuple[str, list[Node], tuple[tuple[str, str], ...]] | None:
        """Return the local a struct literal carrying the holder is bound to, if one.

        ``w := &worker{id: i, queue: q}`` (or ``worker{...}``) with the holder as the value
        of one key and nowhere else in the literal, where every later use of ``w`` in the
        function is in a ``go`` statement (``go w.run()``, ``go serve(w)``: the goroutine
        holds the holder) or reads or writes another field (``w.id``). A method called on
        ``w``, ``w`` handed on, stored, reassigned, or the carrying field touched: None.
        Returns the local, the literal's other values (still walked), and the keys whose
        value is a plain identifier, with it (``acks: acks``).
        """
        left = decl.child_by_field_name("left")
        right = decl.child_by_field_name("right")
        if left is None or right is None or len(left.named_children) != 1:
            return None
        if len(right.named_children) != 1 or left.named_children[0].type != "identifier":
            return None
        lit = right.named_children[0]
        if lit.type == "unary_expression" and (lit.child(0) or lit).type == "&":
            lit = lit.child_by_field_name("operand") or lit
        body = lit.child_by_field_name("body") if lit.type == "composite_literal" else None
        if body is None:
            return None
        key = ""
        others: list[Node] = []
        plain: list[tuple[str, str]] = []
        for el in body.named_children:
            if el.type == "comment":
                continue
            k = el.child_by_field_name("key") if el.type == "keyed_element" else None
            v = el.child_by_field_name("value") if el.type == "keyed_element" else None
            if k is None or v is None:
                return None
            inner = next(iter(v.named_children), None)
            if self._is_holder(inner, holders) and v.named_child_count == 1:
                if key:
                    return None
                key = parse.text(k)
            elif self._uses(v, holders):
                return None
            else:
                others.append(v)
                if inner is not None and inner.type == "identifier" and v.named_child_count == 1:
                    plain.append((parse.text(k), parse.text(inner)))
        if not key:
            return None
        name = parse.text(left.named_children[0])
        for n in parse.iter_descendants(func):
            if n.type != "identifier" or parse.text(n) != name or n.start_byte < decl.end_byte:
                continue
            if any(a.type == "go_statement" for a in parse.ancestors(n)):
                continue
            sel = n.parent
            if sel is None or sel.type != "selector_expression":
                return None
            fld = sel.child_by_field_name("field")
            up = sel.parent
            if fld is None or parse.text(fld) == key:
                return None
            if up is not None and (
                up.type == "call_expression"
                or (up.type == "unary_expression" and (up.child(0) or up).type == "&")
            ):
                return None
        return name, others, tuple(plain)

    def _reads_only(self, node: Node, holders: frozenset[str]) -> bool:
        """Tell whether ``node`` uses the holder only to read a field other than the Cond.

        ``return &conn{id: p.open}, nil`` hands on a copy of ``p.open``; ``return p``,
        ``return p.cond`` or ``return &p.n`` hand on what reaches the holder's state.
        """
        for n in parse.iter_descendants(node):
            if n.type != "identifier" or not (
                parse.text(n) in holders or "^" + parse.text(n) in holders
            ):
                continue
            sel = n.parent
            if sel is None or sel.type != "selector_expression":
                return False
            if "^" + parse.text(n) in holders:
                if not self._is_holder(sel, holders):
                    continue  # another field of the outer value: checked where it is read
                sel = sel.parent
                if sel is None or sel.type != "selector_expression":
                    return False
            fld = sel.child_by_field_name("field")
            up = sel.parent
            if fld is None or parse.text(fld) == self.cond_field:
                return False
            if up is not None and up.type == "unary_expression" and (up.child(0) or up).type == "&":
                return False
            if up is not None and up.type == "call_expression":
                return False  # a method value call: looked at as a call
        return True

    def _outer_names(self, name: str) -> frozenset[str]:
        """Return the holder set of a function whose ``name`` is an outer value."""
        return frozenset({"^" + name})

    def _visit(
        self,
        node: Node,
        func: Node,
        fpath: str,
        holders: frozenset[str],
        depth: int,
        many: bool,
        via: NodeKey | None,
        returns: bool,
    ) -> None:
        for n in node.named_children:
            self._node(n, func, fpath, holders, depth, many, via, returns)

    def _node(
        self,
        n: Node,
        func: Node,
        fpath: str,
        holders: frozenset[str],
        depth: int,
        many: bool,
        via: NodeKey | None,
        returns: bool,
    ) -> None:
        here = via if via is not None else self._key(fpath, n)
        loop = many or _enclosing_for(n, func) is not None
        t = n.type
        if self.decl is not None and n.id == self.decl.id:
            if self.maker is not None:
                mfunc, mpath, made = self.maker
                names = self._outer_names(made) if self.outer else frozenset({made})
                self.run(mfunc, mpath, names, depth=depth + 1, via=here, returns=True)
            return
        if t == "short_var_declaration" and returns:
            # The constructor's own ``p := &T{...}``: the value the walk follows is made here.
            left = n.child_by_field_name("left")
            if left is not None and any(
                parse.text(c) in holders or "^" + parse.text(c) in holders
                for c in left.named_children
            ):
                return
        if t == "short_var_declaration" and not returns:
            carrier = self._carrier(n, func, holders)
            if carrier is not None:
                # ``w := &worker{id: i, queue: q}``: only goroutines started with ``w`` (or
                # reads of its other fields) reach the holder through it.
                self._carriers[(func.id, carrier[0])] = carrier[2]
                for v in carrier[1]:
                    self._node(v, func, fpath, holders, depth, many, via, returns)
                return
        if t == "go_statement":
            if self._uses(n, holders) or any(
                x.type == "identifier" and (func.id, parse.text(x)) in self._carriers
                for x in parse.iter_descendants(n)
            ):
                count: int | None = 1
                if _enclosing_for(n, func) is not None:
                    count = _loop_count(n, func)
                if many:
                    count = None
                carried = tuple(
                    sorted(
                        pair
                        for x in parse.iter_descendants(n)
                        if x.type == "identifier"
                        for pair in self._carriers.get((func.id, parse.text(x)), ())
                    )
                )
                self.events.append(
                    WakeEvent("start", self._key(fpath, n), count, loop, here, carried=carried)
                )
            return
        if t == "defer_statement" and self._top_level(n, func):
            # ``defer q.Close()`` among a function's own statements runs when it returns,
            # after everything else it does: its events come last (see :meth:`run`); the
            # owner's when the owner returns, a callee's (``defer p.mu.Unlock()`` of a
            # method) before its caller goes on.
            if self._uses(n, holders):
                self._deferred.append(n)
            return
        if t in ("func_literal", "defer_statement"):
            if self._uses(n, holders):
                raise _Escapes  # it runs later than where it is written: order unknown
            return
        first = n.child(0) if n.child_count else None
        if t in ("send_statement", "select_statement") or (
            t == "unary_expression" and first is not None and first.type == "<-"
        ):
            ch = n.child_by_field_name("operand") if t == "unary_expression" else None
            self.events.append(
                WakeEvent(
                    "block",
                    self._key(fpath, n),
                    many=loop,
                    via=here,
                    chan=parse.text(ch) if ch is not None and ch.type == "identifier" else "",
                )
            )
        if t in ("assignment_statement", "inc_statement", "dec_statement"):
            left = n.child_by_field_name("left") or n.named_child(0)
            targets = (
                left.named_children
                if left is not None and left.type == "expression_list"
                else [left]
            )
            for tg in targets:
                if tg is None:
                    continue
                if tg.type == "identifier" and (
                    parse.text(tg) in holders or "^" + parse.text(tg) in holders
                ):
                    raise _Escapes  # the holder variable itself is rebound
                if self._is_holder(tg, holders):
                    if returns and t == "assignment_statement":
                        continue  # the constructor's own ``s.queue = NewQueue()``
                    raise _Escapes  # another holder put in its place
                if tg.type == "selector_expression":
                    o = tg.child_by_field_name("operand")
                    f = tg.child_by_field_name("field")
                    if (
                        o is not None
                        and f is not None
                        and self._is_holder(o, holders)
                        and parse.text(f) in self.fields
                    ):
                        self.events.append(
                            WakeEvent(
                                "write",
                                self._key(fpath, n),
                                many=loop,
                                via=here,
                                field=parse.text(f),
                            )
                        )
        if t == "return_statement" and self._uses(n, holders):
            e = next((c for c in n.named_children if c.type != "comment"), None)
            if e is not None and e.type == "expression_list" and len(e.named_children) == 1:
                e = e.named_children[0]
            if returns and e is not None and e.type == "identifier":
                return
            if returns or not self._reads_only(n, holders):
                raise _Escapes
        if t == "call_expression" and self._call(n, func, fpath, holders, depth, loop, here):
            return
        if t == "identifier" and "^" + parse.text(n) in holders:
            p = n.parent
            if p is None or p.type != "selector_expression":
                raise _Escapes  # the outer value handed on, stored, compared
            if self._is_holder(p, holders):
                up = p.parent
                if up is None or up.type != "selector_expression":
                    raise _Escapes  # the holder itself handed on or its address taken
                fld = up.child_by_field_name("field")
                if (
                    up.parent is not None
                    and up.parent.type == "unary_expression"
                    and fld is not None
                    and parse.text(fld) in self.fields
                ):
                    raise _Escapes  # &s.via.f
            elif p.parent is not None and p.parent.type == "unary_expression":
                raise _Escapes  # &s.x: may reach the holder
            return
        if t == "identifier" and parse.text(n) in holders:
            p = n.parent
            if p is None or p.type != "selector_expression":
                raise _Escapes  # handed on, stored, compared: someone else may hold it
            if p.parent is not None and p.parent.type == "unary_expression":
                fld = p.child_by_field_name("field")
                if fld is not None and parse.text(fld) in self.fields:
                    raise _Escapes  # &h.f: the field may change behind our back
            return
        self._visit(n, func, fpath, holders, depth, many, via, returns)

    def _call(
        self,
        call: Node,
        func: Node,
        fpath: str,
        holders: frozenset[str],
        depth: int,
        loop: bool,
        here: NodeKey,
    ) -> bool:
        """Record a call on the holder; True when its arguments need no further look."""
        fn = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if fn is None:
            return False
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            method = fn.child_by_field_name("field")
            if operand is None or method is None:
                return False
            mname = parse.text(method)
            # h.cond.Signal(), h.cond.Broadcast()
            if operand.type == "selector_expression":
                inner = operand.child_by_field_name("operand")
                cf = operand.child_by_field_name("field")
                if (
                    inner is not None
                    and cf is not None
                    and self._is_holder(inner, holders)
                    and parse.text(cf) == self.cond_field
                ):
                    if mname in ("Signal", "Broadcast"):
                        kind = "signal" if mname == "Signal" else "broadcast"
                        self.events.append(
                            WakeEvent(kind, self._key(fpath, call), many=loop, via=here)
                        )
                        return True
                    if mname == "Wait" and not any(e.kind == "start" for e in self.events):
                        # The owner's own wait before any goroutine holds the value: nobody
                        # else could wake it, so it passes only when it does not park.
                        return True
                    raise _Escapes  # the owner waits on it, or hands it on
            if operand.type == "identifier" and "^" + parse.text(operand) in holders and self.outer:
                # s.Start(): a method of the outer value, run with its receiver as the outer.
                ref = self.sim.pkg.method(mname, self.outer)
                if ref is None:
                    raise _Escapes
                recv = receiver_name(ref.node)
                if args is not None and any(self._uses(a, holders) for a in args.named_children):
                    raise _Escapes
                if args is not None:
                    self._visit(args, func, fpath, holders, depth, loop, here, False)
                if not recv or recv == "_":
                    raise _Escapes
                self.run(
                    ref.node,
                    ref.path or self.sim.path,
                    self._outer_names(recv),
                    depth=depth + 1,
                    many=loop,
                    via=here,
                )
                return True
            if self._is_holder(operand, holders):
                ref = self.sim.pkg.method(mname, self.type_name)
                if ref is None:
                    raise _Escapes
                recv = receiver_name(ref.node)
                if args is not None and any(self._uses(a, holders) for a in args.named_children):
                    raise _Escapes
                if args is not None:
                    self._visit(args, func, fpath, holders, depth, loop, here, False)
                if recv:
                    self.run(
                        ref.node,
                        ref.path or self.sim.path,
                        frozenset({recv}),
                        depth=depth + 1,
                        many=loop,
                        via=here,
                    )
                return True
            if method.text in _BLOCKING_METHODS:
                self.events.append(WakeEvent("block", self._key(fpath, call), many=loop, via=here))
            return False
        if fn.type != "identifier" or args is None:
            return False
        bound: set[str] = set()
        outer_args: set[int] = set()
        for i, a in enumerate(args.named_children):
            if self._is_holder(a, holders):
                bound.add(str(i))
            elif a.type == "identifier" and "^" + parse.text(a) in holders:
                outer_args.add(i)
            elif self._uses(a, holders):
                return False  # looked at below: the identifiers in it escape or are read
        if outer_args:
            ref = self.sim.pkg.function(parse.text(fn))
            if ref is None or bound:
                raise _Escapes
            names = param_names(ref.node)
            if any(i >= len(names) or not names[i] or names[i] == "_" for i in outer_args):
                raise _Escapes
            got_outer: frozenset[str] = frozenset()
            for i in outer_args:
                got_outer |= self._outer_names(names[i])
            self.run(
                ref.node,
                ref.path or self.sim.path,
                got_outer,
                depth=depth + 1,
                many=loop,
                via=here,
            )
            return True
        if not bound:
            return False
        ref = self.sim.pkg.function(parse.text(fn))
        if ref is None:
            raise _Escapes
        names = param_names(ref.node)
        got = {names[int(i)] for i in bound if int(i) < len(names) and names[int(i)]}
        if len(got) != len(bound):
            raise _Escapes
        self.run(
            ref.node,
            ref.path or self.sim.path,
            frozenset(got),
            depth=depth + 1,
            many=loop,
            via=here,
        )
        return True


def _wait_loop(wait: Node) -> tuple[Node, str] | None:
    """Return the ``for P { ... c.Wait() ... }`` around a Cond Wait and the holder it tests.

    The Wait's operand is ``h.c``; ``P`` may read fields of ``h``, literals, ``len`` and the
    function's own locals, nothing else (a package variable may change behind our back).
    """
    fn = wait.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    if operand is None or operand.type != "selector_expression":
        return None
    h = operand.child_by_field_name("operand")
    if h is None or h.type != "identifier":
        return None
    holder = parse.text(h)
    func = parse.enclosing_function(wait)
    loop = _enclosing_for(wait, func) if func is not None else None
    if loop is None or func is None:
        return None
    cond = next(
        (
            c
            for c in loop.named_children
            if c.type not in ("block", "comment", "for_clause", "range_clause")
        ),
        None,
    )
    if cond is None:
        return None
    own = {parse.text(n) for n in parse.captures(DECLS_QUERY, func).get("assign.name", [])}
    own |= set(param_names(func))
    for n in parse.iter_descendants(cond):
        if n.type == "identifier":
            name = parse.text(n)
            if name != holder and name not in own and name not in ("len", "nil", "true", "false"):
                return None
        elif n.type in ("call_expression",):
            f = n.child_by_field_name("function")
            if f is None or parse.text(f) != "len":
                return None
    return cond, holder


def _sends_between_waits(
    sim: Sim,
    root: Root,
    wait: WgOp,
    block: WakeEvent,
    owner: Node,
    carried: tuple[tuple[str, str], ...],
) -> bool:
    """Tell whether a waiter uses the channel an owner's ``<-ch`` reads only to send per task.

    The waiter's own function reaches the owner's local ``ch`` as a captured variable (a
    literal of the owner started there), a parameter the ``go`` call binds to it, or a field
    of the carrier it runs on (``w.acks``, from ``&worker{acks: acks}``); every use of it
    there is the channel of a send inside a loop that also calls the waiting function (or
    holds the wait itself), not deferred, not in a literal, not followed by a way out of
    the loop (:func:`_leaves_after`): the waiter sends and waits again. The receive then
    waits for a task done, never for a waiter gone.
    """
    entry = root.entry
    wnode = sim.nodes.get(wait.at)
    wfunc = parse.enclosing_function(wnode) if wnode is not None else None
    if entry is None or wfunc is None or not block.chan:
        return False
    names: set[str] = set()
    # The owner's node may come from another parse of its file than the root's: same place.
    by_owner = (root.parent.start_byte, root.parent.end_byte) == (
        owner.start_byte,
        owner.end_byte,
    )
    if entry.type == "func_literal" and by_owner:
        params = entry.child_by_field_name("parameters")
        if params is not None and block.chan in (params.text or b"").decode():
            return False
        names.add(block.chan)
    call = next((c for c in root.go.named_children if c.type == "call_expression"), None)
    args = call.child_by_field_name("arguments") if call is not None else None
    if args is not None and by_owner:
        pnames = param_names(entry)
        for i, a in enumerate(args.named_children):
            if a.type == "identifier" and parse.text(a) == block.chan and i < len(pnames):
                names.add(pnames[i])
    recv = receiver_name(entry) if entry.type == "method_declaration" else ""
    if recv:
        names |= {f"{recv}.{f}" for f, local in carried if local == block.chan}
    if not names:
        return False
    wname = wfunc.child_by_field_name("name")
    loops: list[Node] = []
    for lp in parse.iter_descendants(entry):
        if lp.type != "for_statement" or parse.enclosing_function(lp) != entry:
            continue
        if wfunc.id == entry.id and wnode is not None and _inside(wnode, lp):
            loops.append(lp)
            continue
        for c in parse.iter_descendants(lp):
            if c.type != "call_expression" or wname is None:
                continue
            fn = c.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                fn = fn.child_by_field_name("field")
            if fn is not None and fn.text == wname.text:
                loops.append(lp)
                break
    sends = 0
    for n in parse.iter_descendants(entry):
        if n.type not in ("identifier", "selector_expression") or parse.text(n) not in names:
            continue
        if (
            n.type == "identifier"
            and n.parent is not None
            and n.parent.type == "selector_expression"
        ):
            continue  # the ``w`` of ``w.acks``
        st = n.parent
        if st is None or st.type != "send_statement" or st.child_by_field_name("channel") != n:
            return False
        if parse.enclosing_function(st) != entry:
            return False
        if not any(_inside(st, lp) and not _leaves_after(st, lp) for lp in loops):
            return False
        if any(a.type == "defer_statement" for a in parse.ancestors(st)):
            return False
        sends += 1
    return sends > 0


def _loop_exits(wait: Node) -> tuple[Node, list[Node], str] | None:
    """Return the loop around a Cond Wait, the tests that let it out, and their holder.

    ``for P { ... c.Wait() ... }`` leaves when ``P`` is false (:func:`_wait_loop`). A loop
    with no condition, ``for { if h.closed { return ... }; if n := len(h.idle); n > 0 {
    ...; return v }; c.Wait() }``, leaves only through the ``if`` statements of its body
    whose branch returns or breaks out of it: their conditions (and initializers) are its
    tests. Each may read fields of the holder ``h``, literals, ``len`` and the function's
    own locals and parameters, nothing else; a ``goto``, a labelled ``break``, or a
    ``break`` in an ``if`` with an ``else``: None (the way out is not a plain test).
    """
    got = _wait_loop(wait)
    if got is not None:
        cond, holder = got
        loop = cond.parent
        return (loop, [cond], holder) if loop is not None else None
    fn = wait.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    h = operand.child_by_field_name("operand") if operand is not None else None
    if operand is None or operand.type != "selector_expression" or h is None:
        return None
    if h.type != "identifier":
        return None
    holder = parse.text(h)
    func = parse.enclosing_function(wait)
    loop = _enclosing_for(wait, func) if func is not None else None
    if loop is None or func is None:
        return None
    if any(c.type not in ("block", "comment") for c in loop.named_children):
        return None  # a for clause or range: not the shape read here
    own = _assigned_names(func) | set(param_names(func))
    for d in parse.captures(DECLS_QUERY, func).get("decl.node", []):
        left = d.child_by_field_name("left") or d.child_by_field_name("name")
        if d.type in ("short_var_declaration", "var_spec") and left is not None:
            own |= {parse.text(x) for x in left.named_children if x.type == "identifier"}
            if left.type == "identifier":
                own.add(parse.text(left))
    tests: list[Node] = []
    for n in parse.iter_descendants(loop):
        if n.type in ("goto_statement", "func_literal"):
            return None
        if n.type == "break_statement" and n.named_children:
            return None  # a labelled break: where it goes is not read here
        inner = _enclosing_for(n, func)
        if n.type != "if_statement" or inner is None or inner.id != loop.id:
            continue
        body = n.child_by_field_name("consequence")
        if body is None or not any(_leaves(x, loop) for x in parse.iter_descendants(body)):
            continue
        if n.child_by_field_name("alternative") is not None:
            return None
        for part in ("initializer", "condition"):
            t = n.child_by_field_name(part)
            if t is None:
                continue
            for x in (t, *parse.iter_descendants(t)):
                if x.type == "identifier":
                    name = parse.text(x)
                    if name != holder and name not in own and name not in _PURE_NAMES:
                        return None
                elif x.type == "call_expression":
                    f = x.child_by_field_name("function")
                    if f is None or parse.text(f) != "len":
                        return None
            tests.append(t)
    return (loop, tests, holder) if tests else None


_PURE_NAMES: Final = frozenset({"len", "nil", "true", "false"})


def _leaves(n: Node, loop: Node) -> bool:
    """Tell whether statement ``n`` leaves ``loop``: a return, or a break out of it."""
    if any(a.type == "func_literal" for a in _ancestors_below(n, loop)):
        return False  # a statement of a literal leaves the literal, not the loop
    if n.type == "return_statement":
        return True
    to = _breaks_to(n) if n.type == "break_statement" and not n.named_children else None
    return to is not None and to.id == loop.id


def _leaves_after(st: Node, loop: Node) -> bool:
    """Tell whether a statement after ``st``, in a block around it inside ``loop``, leaves it.

    ``if !ok { out <- 0; return }``: the send is on the way out of the loop, not followed by
    another round.
    """
    node = st
    for a in _ancestors_below(st, loop):
        if a.type in ("block", "statement_list"):
            for sib in a.named_children:
                if sib.start_byte <= node.start_byte:
                    continue
                if _leaves(sib, loop) or any(_leaves(x, loop) for x in parse.iter_descendants(sib)):
                    return True
        node = a
    return False


def _ancestors_below(n: Node, top: Node) -> Iterator[Node]:
    """Yield the ancestors of ``n`` up to, not including, ``top``."""
    for a in parse.ancestors(n):
        if a.id == top.id:
            return
        yield a


def _breaks_to(brk: Node) -> Node | None:
    """Return the statement an unlabelled ``break`` leaves: a for, switch or select."""
    n = brk.parent
    while n is not None:
        if n.type in (
            "for_statement",
            "expression_switch_statement",
            "type_switch_statement",
            "select_statement",
        ):
            return n
        if n.type in parse.FUNCTION_TYPES:
            return None
        n = n.parent
    return None


def _tested_fields(cond: Node, holder: str) -> frozenset[str]:
    """Return the fields of ``holder`` a wait loop's condition reads."""
    out: set[str] = set()
    for n in (cond, *parse.iter_descendants(cond)):
        if n.type != "selector_expression":
            continue
        o = n.child_by_field_name("operand")
        f = n.child_by_field_name("field")
        if o is not None and f is not None and o.type == "identifier" and parse.text(o) == holder:
            out.add(parse.text(f))
    return frozenset(out)


def _owner_walks(
    sim: Sim, type_name: str, cond_field: str, fields: frozenset[str]
) -> Iterator[tuple[WakeWalk, Node]]:
    """Yield the path of every owner of a ``type_name`` value in the package, walked.

    An owner declares ``h := &T{...}``, ``h := new(T)`` or ``h := NewT(...)`` (a package
    function whose every return hands back a local it made as ``&T{...}``), outside loops.
    It may also own a value of another struct ``S`` whose field ``f`` holds a ``T`` that
    only its construction puts there (:func:`_holding_fields`): ``s := NewServer(4)`` with
    ``return &Server{queue: NewQueue[job]()}``; then ``s.queue`` is the holder.
    """
    for decl, owner, fpath, name, maker in _owners_of(sim, type_name):
        walk = WakeWalk(sim, type_name, cond_field, fields)
        walk.decl = decl
        walk.maker = maker
        try:
            walk.run(owner, fpath, frozenset({name}))
        except _Escapes:
            continue
        yield walk, owner
    for outer, via in _holding_fields(sim, type_name):
        for decl, owner, fpath, name, maker in _owners_of(sim, outer, bare=True):
            walk = WakeWalk(sim, type_name, cond_field, fields)
            walk.decl = decl
            walk.maker = maker
            walk.outer = outer
            walk.via_field = via
            try:
                walk.run(owner, fpath, frozenset({"^" + name}))
            except _Escapes:
                continue
            yield walk, owner


def _owners_of(
    sim: Sim, type_name: str, *, bare: bool = False
) -> Iterator[tuple[Node, Node, str, str, tuple[Node, str, str] | None]]:
    """Yield (declaration, owner, file, local, maker) of every owner of a ``type_name`` value.

    With ``bare``, a constructor whose body is only ``return &T{...}`` makes one too (it
    does nothing else with the value: no maker to walk).
    """
    tname = type_name.encode()
    made = re.compile(
        rb"&\s*"
        + re.escape(tname)
        + _TYPE_ARGS
        + rb"\{|new\s*\(\s*"
        + re.escape(tname)
        + _TYPE_ARGS
        + rb"\)"
    )
    for fpath, src in sim.pkg.files():
        if tname not in src:
            continue
        tree = sim.tree if fpath == sim.path else cached_tree(src)
        for decl in parse.iter_descendants(tree.root_node):
            if decl.type != "short_var_declaration":
                continue
            left = decl.child_by_field_name("left")
            right = decl.child_by_field_name("right")
            if left is None or right is None or len(left.named_children) != 1:
                continue
            if len(right.named_children) != 1 or left.named_children[0].type != "identifier":
                continue
            owner = parse.enclosing_function(decl)
            if owner is None or owner.type == "func_literal" or _enclosing_for(decl, owner):
                continue
            value = right.named_children[0]
            maker: tuple[Node, str, str] | None = None
            if (
                value.type == "call_expression"
                and value.child_by_field_name("function") is not None
            ):
                fn = value.child_by_field_name("function")
                assert fn is not None
                fn = instantiated(fn)
                if fn.type != "identifier" or parse.text(fn) == "new":
                    if not made.fullmatch((value.text or b"").split(b")")[0] + b")"):
                        continue
                else:
                    ref = sim.pkg.function(parse.text(fn))
                    local = _made_and_returned(ref.node, tname) if ref is not None else None
                    if ref is not None and local is None and bare and _bare_maker(ref.node, made):
                        maker = None
                    elif ref is None or local is None:
                        continue
                    else:
                        maker = (ref.node, ref.path or sim.path, local)
            elif not made.match(value.text or b""):
                continue
            yield decl, owner, fpath, parse.text(left.named_children[0]), maker


def _bare_maker(func: Node, made: re.Pattern[bytes]) -> bool:
    """Tell whether ``func``'s body is only ``return &T{...}`` (``made`` matches it)."""
    body = cfgmod.body_of(func)
    if body is None or func.type != "function_declaration":
        return False
    stmts = [
        c
        for c in parse.iter_descendants(body)
        if c.is_named
        and c.parent is not None
        and c.parent.type in ("block", "statement_list")
        and parse.enclosing_function(c) == func
        and c.type not in ("comment", "statement_list")
    ]
    if len(stmts) != 1 or stmts[0].type != "return_statement":
        return False
    vals = [c for c in stmts[0].named_children if c.type != "comment"]
    if len(vals) == 1 and vals[0].type == "expression_list":
        vals = vals[0].named_children
    return len(vals) == 1 and made.match(vals[0].text or b"") is not None


def _holding_fields(sim: Sim, type_name: str) -> list[tuple[str, str]]:
    """Return the (struct, field) pairs whose field holds a ``type_name`` made for it alone.

    The field (unexported, or the package is ``main``) is of type ``T`` or ``*T``, and every
    write of it in the package is a keyed literal of the struct or an assignment in a function
    that made the struct value itself, each with a new ``T`` (``NewQueue[job]()``, ``&T{}``).
    """
    out: list[tuple[str, str]] = []
    main = all(package_name(t) == "main" for t in sim.pkg.texts())
    names: set[str] = set()
    for src in sim.pkg.texts():
        names |= {n.decode() for n in declared_types(src)}
    for outer in sorted(names):
        if outer == type_name:
            continue
        ty = resolve_type(sim.pkg, _type_ident(outer))
        for fname, tnode, emb in _fields(sim.pkg, ty):
            if emb or (fname[:1].isupper() and not main):
                continue
            inner: Node | None = tnode
            while inner is not None and inner.type in ("pointer_type", "generic_type"):
                inner = (
                    inner.named_children[0]
                    if inner.type == "pointer_type"
                    else inner.child_by_field_name("type")
                )
            if inner is None or parse.text(inner) != type_name:
                continue
            if _fresh_field_writes(sim, outer, fname, type_name):
                out.append((outer, fname))
    return out


def _fresh_field_writes(sim: Sim, outer: str, field: str, type_name: str) -> bool:
    """Tell whether every write of ``outer.field`` puts a new ``type_name`` there at birth."""
    seen = 0
    for value in funcvals.field_writes(field, sim.index, outer):
        if value is None or not _fresh_value(sim, value, type_name):
            return False
        holder = _assigned_holder(value, field)
        if holder is not None:
            func = parse.enclosing_function(value)
            if func is None or _made_and_returned(func, outer.encode()) != holder:
                return False
        seen += 1
    return seen > 0


def _fresh_value(sim: Sim, value: Node, type_name: str) -> bool:
    """Tell whether ``value`` makes a new ``type_name``: ``&T{}``, ``new(T)``, ``NewT()``."""
    text = value.text or b""
    tname = re.escape(type_name.encode())
    if re.match(rb"&\s*" + tname + _TYPE_ARGS + rb"\{|new\s*\(\s*" + tname, text):
        return True
    if value.type != "call_expression":
        return False
    fn = value.child_by_field_name("function")
    fn = instantiated(fn) if fn is not None else None
    if fn is None or fn.type != "identifier":
        return False
    ref = sim.pkg.function(parse.text(fn))
    return (
        ref is not None
        and _returns_fresh(ref.node)
        and _made_and_returned(ref.node, type_name.encode()) is not None
    )


def _flag_guard(call: Node) -> str | None:
    """Return the flag ``f`` a ``h.c.Signal()`` runs only while false, if there is one.

    An earlier statement of a block around the call (in its function) is ``if h.f { ...;
    return }``, with ``h`` the holder of the Cond the call wakes: every path to the call
    passed that test with ``h.f`` false.
    """
    fn = call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    holder = operand.child_by_field_name("operand") if operand is not None else None
    if operand is None or operand.type != "selector_expression" or holder is None:
        return None
    if holder.type != "identifier":
        return None
    func = parse.enclosing_function(call)
    node: Node | None = call
    while node is not None and func is not None and node.id != func.id:
        sib = node.prev_named_sibling
        while sib is not None:
            got = _return_if(sib, parse.text(holder))
            if got is not None:
                return got
            sib = sib.prev_named_sibling
        node = node.parent
    return None


def _return_if(st: Node, holder: str) -> str | None:
    """Return ``f`` when ``st`` is ``if holder.f { ...; return }`` (no init, no else)."""
    if st.type != "if_statement" or st.child_by_field_name("initializer") is not None:
        return None
    if st.child_by_field_name("alternative") is not None:
        return None
    cond = st.child_by_field_name("condition")
    body = st.child_by_field_name("consequence")
    if cond is None or body is None or cond.type != "selector_expression":
        return None
    o = cond.child_by_field_name("operand")
    f = cond.child_by_field_name("field")
    if o is None or f is None or o.type != "identifier" or parse.text(o) != holder:
        return None
    last = None
    for c in body.named_children:
        if c.type == "statement_list":
            kids = [k for k in c.named_children if k.type != "comment"]
            last = kids[-1] if kids else None
        elif c.type != "comment":
            last = c
    if last is None or last.type != "return_statement":
        return None
    return parse.text(f)


def _only_set_true(sim: Sim, type_name: str, name: str) -> bool:
    """Tell whether every write of field ``name`` in the package sets it to ``true``.

    Once such a flag is true it stays true: no assignment of another value to ``.name``, no
    ``&x.name``, and no assignment through a pointer (``*p = T{}``) that could reset it.
    A composite literal makes a new value, whatever it puts in the flag.
    """
    f = re.escape(name.encode())
    write = re.compile(
        rb"\.\s*" + f + rb"\s*(?:\[[^\]]*\]\s*)*(=(?!=)|\+\+|--|[-+*/%&|^]=|<<=|>>=|&\^=|,)"
    )
    addr = re.compile(rb"&\s*[\w.]*\.\s*" + f + rb"\b")
    reset = re.compile(rb"(?m)^\s*\*\s*\w+\s*=(?!=)")
    for _, src in sim.pkg.files():
        if reset.search(src):
            return False
        if name.encode() not in src:
            continue
        if addr.search(src):
            return False
        for m in write.finditer(src):
            if m.group(1) != b"=" or not re.match(
                rb"=\s*true\b\s*(?:$|;|//|\})", src[m.start(1) :].split(b"\n", 1)[0]
            ):
                return False
    return True


def _made_and_returned(func: Node, type_name: bytes) -> str | None:
    """Return the local ``func`` makes as ``&T{...}`` and returns on every path, if one."""
    if func.type != "function_declaration" or func.has_error:
        return None
    local: str | None = None
    for n in parse.iter_descendants(func):
        if n.type == "short_var_declaration" and parse.enclosing_function(n) == func:
            left = n.child_by_field_name("left")
            right = n.child_by_field_name("right")
            if (
                left is not None
                and right is not None
                and len(left.named_children) == 1
                and re.match(
                    rb"&\s*" + re.escape(type_name) + _TYPE_ARGS + rb"\{", right.text or b""
                )
            ):
                if local is not None:
                    return None
                local = parse.text(left.named_children[0])
        elif (
            n.type == "return_statement"
            and parse.enclosing_function(n) == func
            and (local is None or parse.text(n).split(None, 1)[-1] != local)
        ):
            return None
    return local


def _may_write_field(sim: Sim, type_name: str, name: str) -> bool:
    """Tell whether some code of the package may set field ``name`` of ``type_name``.

    Any assignment to a ``.name`` (``x.name = v``, ``x.name++``, ``x.name += v``), any key
    ``name:`` (a keyed composite literal), any address ``&x.name``, and any positional
    literal of the type count, unless the value written through is known to be of another
    type (``other.name = v`` with ``other`` a different struct, ``Other{name: v}``).
    """
    f = re.escape(name.encode())
    t = re.escape(type_name.encode())
    write = re.compile(
        rb"\.\s*(" + f + rb")\s*(?:\[[^\]]*\]\s*)*(?:=(?!=)|\+\+|--|[-+*/%&|^]=|<<=|>>=|&\^=|,)"
    )
    key = re.compile(rb"\b(" + f + rb")\s*:(?!=)")
    addr = re.compile(rb"&\s*[\w.]*\.\s*(" + f + rb")\b")
    positional = re.compile(rb"\b" + t + rb"\s*\{\s*[^}\s]")
    for fpath, src in sim.pkg.files():
        if name.encode() not in src:
            continue
        tree = sim.tree if fpath == sim.path else cached_tree(src)
        for rx in (write, addr):
            for m in rx.finditer(src):
                if _field_owner(sim, tree.root_node, m.start(1), fpath) in (None, type_name):
                    return True
        for m in key.finditer(src):
            lit = tree.root_node.descendant_for_byte_range(m.start(1), m.end(1))
            while lit is not None and lit.type not in ("composite_literal", "block", "source_file"):
                lit = lit.parent
            ty = lit.child_by_field_name("type") if lit is not None else None
            if ty is None or lit is None or lit.type != "composite_literal":
                return True
            if parse.text(ty).rsplit(".", 1)[-1] == type_name:
                return True
            if ty.type != "type_identifier":
                return True
        for m in positional.finditer(src):
            body = src[m.end() - 1 : m.end() + 200]
            if not re.match(rb"\s*\w+\s*:", body):
                return True
    return False


def _field_owner(sim: Sim, root: Node, at: int, fpath: str) -> str | None:
    """Return the named type whose field a selector at byte ``at`` reads, if known."""
    n = root.descendant_for_byte_range(at, at + 1)
    sel = n.parent if n is not None else None
    if sel is None or sel.type != "selector_expression":
        return None
    operand = sel.child_by_field_name("operand")
    func = parse.enclosing_function(sel)
    if operand is None or func is None:
        return None
    v = sim.eval(operand, sim.function_env(func), fpath)
    if v is None or v.ty is None or v.ty.kind != "named":
        return None
    return v.ty.name


_ZEROS: Final = frozenset({"0", "nil", '""', "false"})


def _zero_truth(cond: Node, holder: str, types: dict[str, Node]) -> bool | None:
    """Return what a wait loop's condition is at the holder's zero values, when it can tell.

    ``!h.f`` (a bool), ``h.f == 0``, ``len(h.f) == 0``, ``!=``, ``&&``, ``||`` and
    parentheses; None for anything else.
    """
    t = cond.type
    if t == "parenthesized_expression":
        inner = next(iter(cond.named_children), None)
        return _zero_truth(inner, holder, types) if inner is not None else None
    if t == "unary_expression":
        uop = cond.child(0)
        operand = cond.child_by_field_name("operand")
        if uop is None or uop.type != "!" or operand is None:
            return None
        got = _zero_truth(operand, holder, types)
        return None if got is None else not got
    if t == "selector_expression":
        o = cond.child_by_field_name("operand")
        f = cond.child_by_field_name("field")
        if o is None or f is None or parse.text(o) != holder:
            return None
        tn = types.get(parse.text(f))
        return False if tn is not None and parse.text(tn) == "bool" else None
    if t != "binary_expression":
        return None
    bop = cond.child_by_field_name("operator")
    a, b = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if bop is None or a is None or b is None:
        return None
    if bop.type in ("&&", "||"):
        x, y = _zero_truth(a, holder, types), _zero_truth(b, holder, types)
        if bop.type == "&&":
            return False if x is False or y is False else (None if x is None or y is None else True)
        return True if x is True or y is True else (None if x is None or y is None else False)
    if bop.type not in ("==", "!="):
        return None
    if parse.text(a) in _ZEROS:
        a, b = b, a
    if parse.text(b) not in _ZEROS:
        return None
    tested: Node = a
    if a.type == "call_expression":
        fn = a.child_by_field_name("function")
        args = a.child_by_field_name("arguments")
        if fn is None or parse.text(fn) != "len" or args is None or len(args.named_children) != 1:
            return None
        if parse.text(b) != "0":
            return None
        tested = args.named_children[0]
    if tested.type != "selector_expression":
        return None
    o = tested.child_by_field_name("operand")
    f = tested.child_by_field_name("field")
    if o is None or f is None or parse.text(o) != holder or parse.text(f) not in types:
        return None
    return bop.type == "=="


def _waits_again(root: Root, loop: Node, func: Node) -> bool:
    """Tell whether a goroutine may come back to a wait loop after leaving it.

    The wait loop of ``func`` (``for cond { c.Wait() }``) sits inside another loop of
    ``func``, or the goroutine's own function calls ``func`` (by name) inside a loop: a
    consumer calling ``q.Get()`` until it reports the queue closed.
    """
    if _enclosing_for(loop, func) is not None:
        return True
    entry = root.entry
    name_node = func.child_by_field_name("name")
    if entry is None or entry.id == func.id or name_node is None:
        return False
    name = name_node.text
    for c in parse.captures(OPS_QUERY, entry).get("call.any", []):
        fn = c.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            fn = fn.child_by_field_name("field")
        if fn is not None and fn.text == name and _enclosing_for(c, entry) is not None:
            return True
    return False


def _param_only_called(func: Node, name: str) -> bool:
    """Tell whether parameter ``name`` of ``func`` is only ever used as ``name.M(...)``."""
    raw = name.encode()
    params = func.child_by_field_name("parameters")
    for n in parse.iter_descendants(func):
        if n.type != "identifier" or n.text != raw:
            continue
        if params is not None and _inside(n, params):
            continue
        p = n.parent
        if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") != n:
            return False
        if p.parent is None or p.parent.type != "call_expression":
            return False
    return True
