"""Open documents: incremental changes in client columns keep bytes, lines and tree in step."""

from __future__ import annotations

from pathlib import Path

import pytest
from gostuck.lsp import convert, documents
from gostuck.lsp.documents import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

SOURCE = """package p

// 注释 🙂
func f(ch chan int) {
	/* 启动 🚀 */ go func() { ch <- 1 }()
}
"""


def client_col(line: str, index: int, encoding: str) -> int:
    prefix = line[:index]
    if encoding == convert.UTF8:
        return len(prefix.encode())
    if encoding == convert.UTF32:
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def edit(doc: Document, text: str, start: int, end: int, new: str, encoding: str) -> str:
    """Replace characters ``start:end`` of ``text`` through an LSP change; return the new text."""

    def pos(offset: int) -> types.Position:
        line = text.count("\n", 0, offset)
        line_start = text.rfind("\n", 0, offset) + 1
        line_text = text[line_start:].split("\n", 1)[0]
        return types.Position(line, client_col(line_text, offset - line_start, encoding))

    change = types.TextDocumentContentChangePartial(
        range=types.Range(pos(start), pos(end)), text=new
    )
    doc.apply_change(change, doc.version + 1, encoding)
    return text[:start] + new + text[end:]


def check(doc: Document, text: str) -> None:
    data = text.encode()
    assert doc.source == data
    assert [doc.line(n) for n in range(doc.line_count())] == data.split(b"\n")
    assert doc.tree is not None
    tree = documents.parse(doc.source, doc.tree)
    fresh = documents.parse(doc.source)
    assert str(tree.root_node) == str(fresh.root_node)
    assert tree.root_node.end_byte == len(data)


@pytest.mark.parametrize("encoding", [convert.UTF8, convert.UTF16, convert.UTF32])
def test_edits_around_wide_characters(encoding: str) -> None:
    doc = Document("file:///p/a.go", "/p/a.go", 1, SOURCE)
    doc.tree = documents.parse(doc.source)
    text = SOURCE
    at = text.index("go func")
    text = edit(doc, text, at, at + 3, "", encoding)  # delete "go "
    check(doc, text)
    text = edit(doc, text, at, at, "go ", encoding)  # type it back
    check(doc, text)
    rocket = text.index("🚀")
    text = edit(doc, text, rocket, rocket + 1, "火箭\n\t", encoding)  # split a line
    check(doc, text)
    text = edit(doc, text, 0, len(text), "package q\n", encoding)  # replace everything
    check(doc, text)
    assert doc.version == 5


def test_full_change_drops_the_tree() -> None:
    doc = Document("file:///p/a.go", "/p/a.go", 1, SOURCE)
    doc.tree = documents.parse(doc.source)
    doc.apply_change(types.TextDocumentContentChangeWholeDocument(text="package z\n"), 2, "utf-16")
    assert doc.source == b"package z\n"
    assert doc.tree is None
    assert doc.version == 2


def test_positions_past_the_end_are_clamped() -> None:
    doc = Document("file:///p/a.go", "/p/a.go", 1, "package p\n")
    change = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(1, 0), types.Position(40, 7)), text="// end\n"
    )
    doc.apply_change(change, 2, "utf-16")
    assert doc.source == b"package p\n// end\n"


def test_an_edit_keeps_the_tree_an_analysis_holds() -> None:
    doc = Document("file:///p/a.go", "/p/a.go", 1, SOURCE)
    held = documents.parse(doc.source)
    doc.tree = held
    doc.tree_is_current = True
    snap = doc.snapshot()
    before = str(held.root_node)
    at = SOURCE.index("go func")
    edit(doc, SOURCE, at, at + 3, "", "utf-16")
    assert doc.tree is not held
    assert str(held.root_node) == before  # the snapshot's tree was not edited under it
    doc.adopt_tree(snap, documents.parse(b""))
    assert doc.tree is not held  # a tree for an older version is not adopted
    assert not doc.tree_is_current


pieces = st.sampled_from(["go ", "ch <- 1", "\n", "🚀", "启动", "}", "{", "\t", "x", ""])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1), st.lists(pieces, max_size=4)), max_size=8),
    st.sampled_from([convert.UTF8, convert.UTF16]),
)
def test_random_edits_match_a_fresh_parse(
    edits: list[tuple[float, float, list[str]]], encoding: str
) -> None:
    doc = Document("file:///p/a.go", "/p/a.go", 1, SOURCE)
    doc.tree = documents.parse(doc.source)
    text = SOURCE
    for a, b, new in edits:
        start, end = sorted((int(a * len(text)), int(b * len(text))))
        text = edit(doc, text, start, end, "".join(new), encoding)
    check(doc, text)


def test_declared_names() -> None:
    tree = documents.parse(
        b"package p\ntype T struct{}\ntype (\n\tA int\n\tB = A\n)\nvar x, y = 1, 2\n"
        b"const (\n\tc = 1\n)\nfunc f() {}\nfunc (T) m() {}\n"
    )
    assert documents.declared_names(tree) == {b"T", b"A", b"B", b"x", b"y", b"c", b"f", b"m"}


def test_package_sources_prefers_open_buffers(tmp_path: Path) -> None:
    for name, text in [("a.go", "a"), ("b.go", "b-disk"), ("c_test.go", "c"), ("d.txt", "d")]:
        (tmp_path / name).write_text(text)
    disk = documents.DiskFiles()
    a, b, c = (str(tmp_path / n) for n in ("a.go", "b.go", "c_test.go"))
    got = documents.package_sources(a, {b: b"b-buffer"}, disk, include_tests=True)
    assert got == {b: b"b-buffer", c: b"c"}
    assert documents.package_sources(a, {}, disk, include_tests=False) == {b: b"b-disk"}
    (tmp_path / "b.go").write_text("b-changed on disk")
    assert disk.read(b) == b"b-changed on disk"  # a new size or mtime is re-read
    (tmp_path / "b.go").unlink()
    assert disk.read(b) is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1), st.floats(0, 1), st.lists(pieces, max_size=4), st.booleans()),
        max_size=12,
    ),
    st.sampled_from([convert.UTF8, convert.UTF16]),
)
def test_pending_edits_flushed_at_any_point_match_a_fresh_parse(
    edits: list[tuple[float, float, list[str], bool]], encoding: str
) -> None:
    """Changes wait in lines until the text or tree is read; any batch edits the tree right."""
    doc = Document("file:///p/a.go", "/p/a.go", 1, SOURCE * 3)
    doc.tree = documents.parse(doc.source)
    text = SOURCE * 3
    for a, b, new, read in edits:
        start, end = sorted((int(a * len(text)), int(b * len(text))))
        text = edit(doc, text, start, end, "".join(new), encoding)
        # Lines are served from the pending edits without bringing the bytes up to date.
        assert [doc.line(n) for n in range(doc.line_count())] == text.encode().split(b"\n")
        if read:
            check(doc, text)
    check(doc, text)
