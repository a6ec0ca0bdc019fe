"""The module around a file: its ``go.mod``, import paths, and the packages importing one.

A constructor in ``store/store.go`` starts a goroutine that runs until ``Close``; whether
anyone calls ``Close`` is decided in the packages that import ``store``. This module finds
them: the nearest ``go.mod`` above a file names the module, a directory's import path is the
module path joined with the directory's place under it, and an importer is a ``.go`` file of
the module (not a test, not under ``testdata``, ``vendor`` or a hidden directory, not in a
nested module) whose import block names that path.

The language server's open documents win over the disk (:func:`set_buffers`): an importer
being edited is read as the editor holds it. Everything else is read from disk, lazily, and
cached: the walk of a module for a few seconds (an
editor's files change under it), each file's imports by its modification time and size, and
each directory's sources likewise. A file missing, unreadable or not UTF-8 is skipped, never
an error. The search stops after :data:`MAX_IMPORTERS` files: beyond that the answer is
partial, which only ever means fewer findings.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from tree_sitter import Node

from gostuck.analysis.flow.index import PackageIndex, cached_tree, receiver_type_name
from gostuck.syntax import parse

# How many importing files one question reads at most.
MAX_IMPORTERS: Final = 24

# How long a walk of the module's directories is trusted before it is done again.
_WALK_TTL: Final = 5.0

_MODULE_RE: Final = re.compile(rb"^\s*module\s+(\S+)", re.MULTILINE)
_IMPORT_BLOCK_RE: Final = re.compile(rb"^import\s*(\([^)]*\)|[^\n]*)", re.MULTILINE)
_QUOTED_RE: Final = re.compile(rb'"([^"\n]+)"|`([^`\n]+)`')
_SKIP_DIRS: Final = frozenset({"testdata", "vendor", "node_modules"})

_lock = threading.Lock()
_roots: dict[str, tuple[str, str] | None] = {}  # directory -> (module root, module path)
_walks: dict[str, tuple[float, tuple[str, ...]]] = {}  # module root -> (when, go files)
_imports: dict[str, tuple[int, int, frozenset[str]]] = {}  # file -> (mtime, size, imports)
_sources: dict[str, tuple[int, int, bytes]] = {}  # file -> (mtime, size, text)
_buffers: dict[str, bytes] = {}  # file -> the text an editor holds open (wins over the disk)


@dataclass(frozen=True, slots=True)
class Module:
    """One Go module: the directory of its ``go.mod`` and the path it declares."""

    root: str
    path: str

    def import_path(self, directory: str) -> str | None:
        """Return the import path of ``directory``, a directory inside the module."""
        rel = os.path.relpath(directory, self.root)
        if rel.startswith(".."):
            return None
        rel = "" if rel == "." else rel.replace(os.sep, "/")
        if self.path == "std":
            return rel or None  # the standard library's packages have no module prefix
        return f"{self.path}/{rel}" if rel else self.path


def module_of(file: str) -> Module | None:
    """Return the module holding ``file`` (the nearest ``go.mod`` above it), if any."""
    start = os.path.dirname(os.path.abspath(file))
    d = start
    seen: list[str] = []
    found: tuple[str, str] | None = None
    while True:
        with _lock:
            if d in _roots:
                found = _roots[d]
                break
        seen.append(d)
        gomod = os.path.join(d, "go.mod")
        try:
            text = Path(gomod).read_bytes()
        except OSError:
            text = None
        if text is not None:
            m = _MODULE_RE.search(text)
            found = (d, m.group(1).decode("utf-8", "replace").strip('"')) if m else None
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    with _lock:
        for s in seen:
            _roots[s] = found
    return Module(*found) if found is not None else None


def _go_files(mod: Module) -> tuple[str, ...]:
    """Return the module's non-test ``.go`` files (nested modules left out)."""
    now = time.monotonic()
    with _lock:
        got = _walks.get(mod.root)
        if got is not None and now - got[0] < _WALK_TTL:
            return got[1]
    files: list[str] = []
    for dirpath, dirnames, filenames in os.walk(mod.root):
        if dirpath != mod.root and "go.mod" in filenames:
            dirnames[:] = []
            continue
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith((".", "_")) and d not in _SKIP_DIRS
        )
        files.extend(
            os.path.join(dirpath, f)
            for f in sorted(filenames)
            if f.endswith(".go") and not f.endswith("_test.go")
        )
    out = tuple(files)
    with _lock:
        _walks[mod.root] = (now, out)
    return out


def _stat(file: str) -> tuple[int, int] | None:
    try:
        st = os.stat(file)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def set_buffers(texts: Mapping[str, bytes]) -> None:
    """Say what an editor holds open, by file: it wins over the disk until the next call.

    The language server calls this before each analysis with every open document, so the
    packages importing an edited one, and those it imports, are read as the user sees them,
    saved or not; a document it no longer lists is read from the disk again.
    """
    fresh = {os.path.abspath(f): t for f, t in texts.items()}
    with _lock:
        _buffers.clear()
        _buffers.update(fresh)


def _buffer(file: str) -> bytes | None:
    with _lock:
        return _buffers.get(os.path.abspath(file)) if _buffers else None


def read_source(file: str) -> bytes | None:
    """Return the text of ``file``: an editor's buffer, or the disk (cached by mtime and size).

    None if unreadable.
    """
    held = _buffer(file)
    if held is not None:
        return held
    st = _stat(file)
    if st is None:
        return None
    with _lock:
        got = _sources.get(file)
        if got is not None and got[:2] == st:
            return got[2]
    try:
        text = Path(file).read_bytes()
    except OSError:
        return None
    with _lock:
        _sources[file] = (*st, text)
    return text


def _imports_of(file: str) -> frozenset[str]:
    held = _buffer(file)
    if held is not None:
        return _imports_in(held[:16384])
    st = _stat(file)
    if st is None:
        return frozenset()
    with _lock:
        got = _imports.get(file)
        if got is not None and got[:2] == st:
            return got[2]
    try:
        with open(file, "rb") as f:
            head = f.read(16384)  # the import block comes first
    except OSError:
        return frozenset()
    out = _imports_in(head)
    with _lock:
        _imports[file] = (*st, out)
    return out


def _imports_in(head: bytes) -> frozenset[str]:
    """Return the import paths the import blocks of a file's first bytes name."""
    names: set[str] = set()
    for block in _IMPORT_BLOCK_RE.finditer(head):
        for m in _QUOTED_RE.finditer(block.group(1)):
            raw = m.group(1) or m.group(2) or b""
            names.add(raw.decode("utf-8", "replace"))
    return frozenset(names)


def importers(file: str) -> list[str]:
    """Return the module's files (not tests) importing the package of ``file``, in order.

    At most :data:`MAX_IMPORTERS`; the package's own files never import it.
    """
    mod = module_of(file)
    if mod is None:
        return []
    want = mod.import_path(os.path.dirname(os.path.abspath(file)))
    if want is None:
        return []
    out: list[str] = []
    for f in _go_files(mod):
        if want in _imports_of(f):
            out.append(f)
            if len(out) >= MAX_IMPORTERS:
                break
    return out


def package_sources(directory: str) -> dict[str, bytes]:
    """Return the non-test ``.go`` files of ``directory`` by path (unreadable ones left out)."""
    out: dict[str, bytes] = {}
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return out
    for n in names:
        if n.endswith(".go") and not n.endswith("_test.go"):
            p = os.path.join(directory, n)
            text = read_source(p)
            if text is not None:
                out[p] = text
    return out


def package_index(file: str, siblings: Mapping[str, bytes] | None = None) -> PackageIndex | None:
    """Return an index of the package of ``file`` read from disk (None if unreadable).

    ``siblings`` replaces the directory's files when given.
    """
    sources = dict(siblings) if siblings is not None else package_sources(os.path.dirname(file))
    source = sources.get(file) or read_source(file)
    if source is None:
        return None
    return PackageIndex(file, cached_tree(source).root_node, source, sources)


def import_alias(root: Node, want: str) -> bytes | None:
    """Return the name a file binds the import ``want`` to (None if absent, dot or blank)."""
    for alias, path in parse.import_specs(root):
        if path == want:
            return None if alias in (".", "_") else parse.import_name(alias, path).encode()
    return None


def calls_from_importers(
    func: Node, path: str, memo: dict[object, object] | None = None
) -> list[tuple[Node, str, PackageIndex]]:
    """Return the calls ``pkg.F(...)`` of the exported function ``func`` in its importers.

    Each with the caller's file (relative when ``path`` is) and an index of the caller's
    package whose file is that one. For an exported method of an exported type, the calls
    ``x.M(...)`` whose ``x`` is declared as that type (:func:`_qualified_type`). An
    unexported function has none. ``memo`` (the analysed package's) keeps the answer.
    """
    name_node = func.child_by_field_name("name")
    if func.type not in ("function_declaration", "method_declaration") or name_node is None:
        return []
    fname = name_node.text or b""
    recv: bytes | None = None
    if func.type == "method_declaration":
        recv = (receiver_type_name(func) or "").encode()
        if not recv[:1].isupper():
            return []  # another package names no value of an unexported type
    if not fname[:1].isupper():
        return []
    key = ("module.calls_from_importers", func.id)
    got = memo.get(key) if memo is not None else None
    if isinstance(got, list):
        return got
    out = _calls_from_importers(fname, path, recv)
    if memo is not None:
        memo[key] = out
    return out


def _calls_from_importers(
    fname: bytes, path: str, recv: bytes | None
) -> list[tuple[Node, str, PackageIndex]]:
    mod = module_of(path)
    if mod is None:
        return []
    want = mod.import_path(os.path.dirname(os.path.abspath(path)))
    if want is None:
        return []
    out: list[tuple[Node, str, PackageIndex]] = []
    indexes: dict[str, PackageIndex | None] = {}
    for file in importers(path):
        source = read_source(file)
        if source is None or fname not in source:
            continue
        root = cached_tree(source).root_node
        alias = import_alias(root, want)
        if alias is None:
            continue
        d = os.path.dirname(file)
        if d not in indexes:
            sources = package_sources(d)
            sources[file] = source
            indexes[d] = package_index(file, sources)
        dindex = indexes[d]
        if dindex is None:
            continue
        # Name the caller's file as the analysed file is named (relative stays relative).
        shown = file if os.path.isabs(path) else os.path.relpath(file)
        cindex = dindex
        if cindex.path != file:
            cindex = PackageIndex(file, root, source, dindex.package)
            cindex.memo = dindex.memo
        for n in parse.iter_descendants(root):
            if n.type != "call_expression":
                continue
            fn = n.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression":
                continue
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if operand is None or field is None or field.text != fname:
                continue
            if recv is not None:
                if _qualified_type(operand, cindex) == (alias, recv):
                    out.append((n, shown, cindex))
            elif operand.type in ("identifier", "package_identifier") and operand.text == alias:
                out.append((n, shown, cindex))
    return out


def _qualified_type(expr: Node, index: PackageIndex) -> tuple[bytes, bytes] | None:
    """``(pkg, T)`` for a value declared as ``pkg.T`` or ``*pkg.T`` of another package.

    A field or parameter with that declared type, or a local bound once to ``&pkg.T{...}``.
    """
    from gostuck.analysis.flow import facts

    t = facts.declared_type(expr, index)
    if t is None and expr.type == "identifier":
        lit = _literal_bound(expr)
        t = lit.child_by_field_name("type") if lit is not None else None
    while t is not None and t.type in ("pointer_type", "parenthesized_type"):
        t = t.named_children[0] if t.named_children else None
    if t is None or t.type != "qualified_type":
        return None
    pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
    if pkg is None or name is None or pkg.text is None or name.text is None:
        return None
    return pkg.text, name.text


def _literal_bound(ident: Node) -> Node | None:
    """Return the composite literal the one ``x := &T{...}`` of the function binds it to."""
    func = parse.enclosing_function(ident)
    body = func.child_by_field_name("body") if func is not None else None
    found: list[Node] = []
    for n in parse.iter_descendants(body) if body is not None else []:
        if n.type != "short_var_declaration":
            continue
        pair = parse.single_pair(n)
        if pair is None or pair[0].type != "identifier" or pair[0].text != ident.text:
            continue
        value = pair[1]
        while (
            value.type in ("unary_expression", "parenthesized_expression") and value.named_children
        ):
            value = value.named_children[-1]
        found.append(value)
    if len(found) != 1 or found[0].type != "composite_literal":
        return None
    return found[0]


def clear() -> None:
    """Forget every cached answer (tests that rewrite a module between questions)."""
    with _lock:
        _roots.clear()
        _walks.clear()
        _imports.clear()
        _sources.clear()
