"""Open documents as UTF-8 bytes with an incrementally edited tree, and sibling files on disk.

The server keeps its own copy of every open Go file as bytes, because the analysis and
tree-sitter work in bytes and an incremental change must be described to ``Tree.edit`` in
byte offsets of the text *before* the change. Changes are applied to a list of lines as they
come; the bytes and the tree (a cheap copy is edited, so a tree an analysis thread is reading
never changes under it) catch up in one batch when next read, and the reparse with the old
tree happens later, in the analysis thread, once per debounced run.

Sibling files of a package come from disk (:class:`DiskFiles`, re-read when their mtime or size
changes) unless they are open, in which case the buffer wins.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add
from pathlib import Path
from typing import Any, Final

import tree_sitter_go
from lsprotocol import types
from tree_sitter import Language, Parser, Point, Tree

from gostuck.analysis.model import Finding
from gostuck.lsp import convert

log = logging.getLogger(__name__)

GO_LANGUAGE: Final = Language(tree_sitter_go.language())
_local = threading.local()


def parse(source: bytes, old_tree: Tree | None = None) -> Tree:
    """Parse Go source, reusing the unchanged parts of ``old_tree`` (one parser per thread)."""
    parser: Parser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = Parser(GO_LANGUAGE)
    if old_tree is None:
        return parser.parse(source)
    return parser.parse(source, old_tree)


def line_starts(source: bytes) -> list[int]:
    """Return the byte offset where each line starts."""
    starts = [0]
    find = source.find
    i = find(b"\n")
    while i >= 0:
        starts.append(i + 1)
        i = find(b"\n", i + 1)
    return starts


def is_test_file(path: str) -> bool:
    """Say whether a Go file is a test file (``_test.go``)."""
    return path.endswith("_test.go")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one analysis run sees: a version's text and the tree to reparse from."""

    uri: str
    path: str
    version: int
    source: bytes
    tree: Tree | None
    tree_is_current: bool


class Document:
    """One open Go file: its bytes, line index, tree and last published findings.

    Content changes land in a list of lines (cheap: no byte offsets, no line index, no tree
    edit per change). The bytes, the line index and one ``Tree.edit`` covering every pending
    change are brought up to date when something next reads :attr:`source`, :attr:`tree` or
    a byte offset, so an edit storm costs one batch, not one full update per keystroke.
    """

    def __init__(self, uri: str, path: str, version: int, text: str) -> None:
        self.uri = uri
        self.path = path
        self.version = version
        self._source = text.encode("utf-8")
        self._starts = line_starts(self._source)
        self._tree: Tree | None = None
        self.tree_is_current = False
        # Pending changes: the current lines, and how many leading and trailing lines of
        # ``_source`` they left alone (None when ``_source`` is up to date).
        self._lines: list[bytes] | None = None
        self._same_head = 0
        self._same_tail = 0
        # The findings published for ``findings_version`` (None before the first analysis).
        self.findings: tuple[Finding, ...] = ()
        self.findings_version: int | None = None
        # Diagnostics already converted, and the settings and encoding they were made with.
        self.diagnostic_cache: dict[object, dict[str, Any]] = {}
        self.diagnostic_stamp: object = None

    @property
    def source(self) -> bytes:
        """Return the current text (applying pending changes first)."""
        if self._lines is not None:
            self._flush()
        return self._source

    @property
    def tree(self) -> Tree | None:
        """Return the tree, edited for every change so far (None when there is none)."""
        if self._lines is not None:
            self._flush()
        return self._tree

    @tree.setter
    def tree(self, tree: Tree | None) -> None:
        if tree is not None and self._lines is not None:
            self._flush()
        self._tree = tree

    # convert.Lines
    def line(self, n: int) -> bytes:
        """Return line ``n`` without its line break (``b""`` past the end)."""
        lines = self._lines
        if lines is not None:
            return lines[n] if 0 <= n < len(lines) else b""
        if n < 0 or n >= len(self._starts):
            return b""
        start = self._starts[n]
        end = self._starts[n + 1] - 1 if n + 1 < len(self._starts) else len(self._source)
        return self._source[start:end]

    def line_count(self) -> int:
        """Return the number of lines."""
        lines = self._lines
        return len(lines) if lines is not None else len(self._starts)

    def offset(self, line: int, byte_col: int) -> int:
        """Return the byte offset of a ``(line, byte column)`` position, clamped to the text."""
        source = self.source
        if line >= len(self._starts):
            return len(source)
        return min(self._starts[max(line, 0)] + max(byte_col, 0), len(source))

    @property
    def dir(self) -> str:
        """Return the directory (the Go package) the file is in."""
        return os.path.dirname(self.path)

    def snapshot(self) -> Snapshot:
        """Return the current text and tree for an analysis run."""
        return Snapshot(
            self.uri, self.path, self.version, self.source, self.tree, self.tree_is_current
        )

    def adopt_tree(self, snap: Snapshot, tree: Tree) -> None:
        """Keep the tree an analysis parsed, if no edit came in since its snapshot."""
        if snap.version == self.version and self._lines is None and self._tree is snap.tree:
            self._tree = tree
            self.tree_is_current = True

    def replace(self, version: int, text: str) -> None:
        """Replace the whole text (a full-sync change)."""
        self.version = version
        self._source = text.encode("utf-8")
        self._starts = line_starts(self._source)
        self._lines = None
        self._tree = None
        self.tree_is_current = False

    def apply_change(
        self, change: types.TextDocumentContentChangeEvent, version: int, encoding: str
    ) -> None:
        """Apply one content change to the lines; the bytes and tree follow when next read."""
        self.version = version
        if not isinstance(change, types.TextDocumentContentChangePartial):
            self.replace(version, change.text)
            return
        start, end = change.range.start, change.range.end
        if (end.line, end.character) < (start.line, start.character):
            start, end = end, start
        lines = self._lines
        if lines is None:
            lines = self._lines = self._source.split(b"\n")
            self._same_head = self._same_tail = len(lines)
        start_row, start_col = self._point(start, encoding)
        end_row, end_col = self._point(end, encoding)
        count = len(lines)
        replaced = (
            lines[start_row][:start_col] + change.text.encode("utf-8") + lines[end_row][end_col:]
        )
        lines[start_row : end_row + 1] = replaced.split(b"\n")
        self._same_head = min(self._same_head, start_row)
        self._same_tail = min(self._same_tail, count - end_row - 1)
        self.tree_is_current = False

    def _flush(self) -> None:
        """Join the pending lines into bytes and describe the changed lines to the tree."""
        lines = self._lines
        assert lines is not None
        self._lines = None
        old_source, old_starts = self._source, self._starts
        source = b"\n".join(lines)
        # Each line starts one byte after the end of the one before (summed in C).
        starts = list(accumulate(map(add, map(len, lines[:-1]), repeat(1)), initial=0))
        self._source, self._starts = source, starts
        if self._tree is None or source == old_source:
            return
        head, tail = self._same_head, self._same_tail
        old_end_row = len(old_starts) - tail - 1
        new_end_row = len(starts) - tail - 1
        old_end = old_starts[old_end_row + 1] - 1 if tail else len(old_source)
        new_end = starts[new_end_row + 1] - 1 if tail else len(source)
        tree = self._tree.copy()
        tree.edit(
            start_byte=old_starts[head],
            old_end_byte=old_end,
            new_end_byte=new_end,
            start_point=Point(head, 0),
            old_end_point=Point(old_end_row, old_end - old_starts[old_end_row]),
            new_end_point=Point(new_end_row, new_end - starts[new_end_row]),
        )
        self._tree = tree
        self.tree_is_current = False

    def _point(self, pos: types.Position, encoding: str) -> tuple[int, int]:
        """Return the ``(row, byte column)`` of a client position, clamped to the text."""
        count = self.line_count()
        if pos.line < 0:
            return 0, 0
        if pos.line >= count:
            last = count - 1
            return last, len(self.line(last))
        return convert.byte_position(self, pos, encoding)


class BytesLines:
    """Lines of a file that is not open (a sibling read from disk)."""

    def __init__(self, source: bytes) -> None:
        self._lines = source.split(b"\n")

    def line(self, n: int) -> bytes:
        """Return line ``n`` without its line break (``b""`` past the end)."""
        return self._lines[n] if 0 <= n < len(self._lines) else b""

    def line_count(self) -> int:
        """Return the number of lines."""
        return len(self._lines)


@dataclass(frozen=True, slots=True)
class _Cached:
    mtime_ns: int
    size: int
    source: bytes


class DiskFiles:
    """Go files read from disk, cached until their mtime or size changes. Thread-safe."""

    def __init__(self) -> None:
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    def read(self, path: str) -> bytes | None:
        """Return a file's bytes, or None when it cannot be read."""
        try:
            st = os.stat(path)
        except OSError:
            self.forget(path)
            return None
        with self._lock:
            hit = self._cache.get(path)
        if hit is not None and hit.mtime_ns == st.st_mtime_ns and hit.size == st.st_size:
            return hit.source
        try:
            source = Path(path).read_bytes()
        except OSError as err:
            log.info("cannot read %s: %s", path, err)
            self.forget(path)
            return None
        with self._lock:
            self._cache[path] = _Cached(st.st_mtime_ns, st.st_size, source)
        return source

    def read_all(self, paths: Iterable[str]) -> int:
        """Read files into the cache; return how many could be read."""
        return sum(1 for p in paths if self.read(p) is not None)

    def forget(self, path: str) -> None:
        """Drop a file from the cache (it changed or went away)."""
        with self._lock:
            self._cache.pop(path, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)


def go_files(directory: str) -> list[str]:
    """Return the paths of the ``.go`` files directly in ``directory``, sorted."""
    try:
        with os.scandir(directory) as it:
            return sorted(
                e.path for e in it if e.name.endswith(".go") and e.is_file(follow_symlinks=True)
            )
    except OSError:
        return []


# Directories never indexed: tool output, dependencies and data the go tool itself ignores.
_SKIP_DIRS: Final = frozenset({".git", ".hg", ".svn", "node_modules", "vendor", "testdata"})


def walk_go_files(root: str, limit: int) -> Iterator[str]:
    """Yield up to ``limit`` ``.go`` files under ``root``, skipping hidden and vendored trees."""
    count = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d for d in dirnames if d not in _SKIP_DIRS and not d.startswith((".", "_"))
        )
        for name in sorted(filenames):
            if name.endswith(".go"):
                yield os.path.join(dirpath, name)
                count += 1
                if count >= limit:
                    return


class DocumentStore:
    """The open documents, by URI, with lookups by path and by package directory."""

    def __init__(self) -> None:
        self._by_uri: dict[str, Document] = {}
        self._by_path: dict[str, Document] = {}

    def open(self, doc: Document) -> None:
        """Start tracking an opened document."""
        self._by_uri[doc.uri] = doc
        self._by_path[doc.path] = doc

    def close(self, uri: str) -> Document | None:
        """Stop tracking a document; return it if it was open."""
        doc = self._by_uri.pop(uri, None)
        if doc is not None and self._by_path.get(doc.path) is doc:
            del self._by_path[doc.path]
        return doc

    def get(self, uri: str) -> Document | None:
        """Return the open document with this URI."""
        return self._by_uri.get(uri)

    def by_path(self, path: str) -> Document | None:
        """Return the open document with this filesystem path."""
        return self._by_path.get(path)

    def in_dir(self, directory: str) -> list[Document]:
        """Return the open documents of one package directory."""
        return [d for d in self._by_uri.values() if d.dir == directory]

    def __iter__(self) -> Iterator[Document]:
        return iter(list(self._by_uri.values()))

    def __len__(self) -> int:
        return len(self._by_uri)


def package_sources(
    doc_path: str,
    open_docs: Mapping[str, bytes],
    disk: DiskFiles,
    *,
    include_tests: bool,
    siblings: Iterable[str] | None = None,
) -> dict[str, bytes]:
    """Return the other files of ``doc_path``'s package: open buffers win over disk."""
    paths = siblings if siblings is not None else go_files(os.path.dirname(doc_path))
    out: dict[str, bytes] = {}
    for path in paths:
        if path == doc_path or (not include_tests and is_test_file(path)):
            continue
        source = open_docs.get(path)
        if source is None:
            source = disk.read(path)
        if source is not None:
            out[path] = source
    return out


def declared_names(tree: Tree) -> set[bytes]:
    """Return the names a file declares at package level (functions, methods, types, vars).

    Another open file of the package is re-analysed after a change only if its text
    mentions one of them: without a mention it cannot call, range over or send on anything
    the changed file declares.
    """
    names: set[bytes] = set()
    for node in tree.root_node.named_children:
        if node.type in ("function_declaration", "method_declaration"):
            name = node.child_by_field_name("name")
            if name is not None and name.text:
                names.add(name.text)
        elif node.type in ("type_declaration", "var_declaration", "const_declaration"):
            stack = list(node.named_children)
            while stack:
                child = stack.pop()
                if child.type in ("type_spec", "type_alias", "var_spec", "const_spec"):
                    for ident in child.children_by_field_name("name"):
                        if ident.text:
                            names.add(ident.text)
                elif child.type in ("var_spec_list", "const_spec_list"):
                    stack.extend(child.named_children)
    return names
