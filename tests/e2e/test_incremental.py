"""Re-analysing only what an edit affects gives exactly the findings of a full analysis.

Every Go file of ``samples/`` and of the e2e fixtures gets a series of syntactically valid
edits (statements inserted and deleted, identifiers renamed, comments typed into, lines
added); after each one the incremental result must equal a fresh whole-file analysis.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from gostuck.analysis.api import analyze_source
from gostuck.analysis.model import Finding, Options
from gostuck.lsp import documents, incremental
from lsp_harness import FIXTURES, ROOT
from tree_sitter import Node, Point, Tree

FILES = sorted(
    p
    for p in [*(ROOT / "samples").rglob("*.go"), *FIXTURES.rglob("*.go")]
    if p.stat().st_size < 40_000
)
STATEMENTS = [
    b"_ = 0",
    b"close(ch)",
    b"return",
    b"go func() {}()",
    b"ch := make(chan int)",
    b"// typed",
    b"select {}",
    b"for {\n\t}",
]


def key(findings: tuple[Finding, ...]) -> list[object]:
    return [
        (f.code, f.message, f.span, f.related, f.fixes, f.confidence, f.severity) for f in findings
    ]


def point(source: bytes, offset: int) -> Point:
    row = source.count(b"\n", 0, offset)
    return Point(row, offset - (source.rfind(b"\n", 0, offset) + 1))


def apply(tree: Tree, source: bytes, start: int, end: int, text: bytes) -> tuple[Tree, bytes]:
    new = source[:start] + text + source[end:]
    edited = tree.copy()
    edited.edit(
        start,
        end,
        start + len(text),
        point(source, start),
        point(source, end),
        point(new, start + len(text)),
    )
    return documents.parse(new, edited), new


def nodes_of(tree: Tree, kinds: set[str]) -> list[Node]:
    out = []
    stack = [tree.root_node]
    while stack:
        n = stack.pop()
        if n.type in kinds:
            out.append(n)
        stack.extend(n.named_children)
    return out


def random_edit(rng: random.Random, tree: Tree, source: bytes) -> tuple[int, int, bytes]:
    """Return a (start, end, text) edit that keeps the file parseable most of the time."""
    kind = rng.choice(["insert", "delete", "rename", "comment", "blank"])
    if kind in ("insert", "delete"):
        stmts = [n for n in nodes_of(tree, {"statement_list"}) for n in n.named_children]
        if stmts:
            s = rng.choice(stmts)
            if kind == "delete":
                end = s.end_byte + 1 if source[s.end_byte : s.end_byte + 1] == b"\n" else s.end_byte
                return s.start_byte, end, b""
            indent = b"\t" * (s.start_point.column or 1)
            return s.start_byte, s.start_byte, rng.choice(STATEMENTS) + b"\n" + indent
    if kind == "rename":
        idents = nodes_of(tree, {"identifier", "field_identifier"})
        if idents:
            n = rng.choice(idents)
            return n.end_byte, n.end_byte, rng.choice([b"x", b"2", b"_"])
    if kind == "comment":
        comments = nodes_of(tree, {"comment"})
        if comments:
            n = rng.choice(comments)
            at = n.end_byte if source[n.start_byte : n.start_byte + 2] == b"//" else n.end_byte - 2
            return at, at, rng.choice([b" more", b"x", b" \xe5\x90\xaf\xf0\x9f\x9a\x80"])
    line_starts = documents.line_starts(source)
    at = rng.choice(line_starts[1:]) if len(line_starts) > 1 else 0
    return at, at, b"\n"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_incremental_equals_full_after_random_edits(path: Path) -> None:
    rng = random.Random(path.name)
    source = path.read_bytes()
    package = {str(p): p.read_bytes() for p in path.parent.glob("*.go") if p != path}
    options = Options()
    tree = documents.parse(source)
    out = incremental.full(analyze_source, str(path), source, tree, package, options)
    for step in range(12):
        start, end, text = random_edit(rng, tree, source)
        tree, source = apply(tree, source, start, end, text)
        out = incremental.update(
            analyze_source, out.basis, str(path), source, tree, package, options
        )
        if out.half_typed:
            # The edited declaration does not parse: its last findings stand in for now.
            assert tree.root_node.has_error
            continue
        want = analyze_source(str(path), source, package=package, options=options)
        assert key(out.result.findings) == key(want.findings), (step, start, end, text)


def test_the_incremental_path_is_taken() -> None:
    path = FIXTURES / "fixes" / "buffer.go"
    source = path.read_bytes()
    tree = documents.parse(source)
    out = incremental.full(analyze_source, str(path), source, tree, {}, Options())
    at = source.index(b"time.Sleep")
    tree, source = apply(tree, source, at, at, b"_ = 1\n\t")
    out = incremental.update(analyze_source, out.basis, str(path), source, tree, {}, Options())
    assert out.incremental
    assert out.analysed_decls < len(tree.root_node.named_children)
    assert len(out.result.findings) == 1
    # A doc comment edit analyses nothing and moves the finding.
    at = source.index(b"// Square")
    tree, source = apply(tree, source, at + 2, at + 2, " 平方 🚀".encode())
    moved = incremental.update(analyze_source, out.basis, str(path), source, tree, {}, Options())
    assert moved.incremental
    assert moved.analysed_decls == 0
    before, after = out.result.findings[0].span, moved.result.findings[0].span
    assert after.start_byte == before.start_byte + len(" 平方 🚀".encode())
    assert after.start_line == before.start_line
    # Changed options mean a full analysis.
    again = incremental.update(
        analyze_source, moved.basis, str(path), source, tree, {}, Options(include_tests=False)
    )
    assert not again.incremental


def test_a_half_typed_statement_keeps_the_last_findings_until_it_parses() -> None:
    path = FIXTURES / "fixes" / "buffer.go"
    source = path.read_bytes()
    tree = documents.parse(source)
    out = incremental.full(analyze_source, str(path), source, tree, {}, Options())
    (finding,) = out.result.findings
    at = source.index(b"\tselect {")
    tree, source = apply(tree, source, at, at, b"\n")  # an empty line above the select
    out = incremental.update(analyze_source, out.basis, str(path), source, tree, {}, Options())
    seen = []
    for ch in b"\t_ = len(n)":
        tree, source = apply(tree, source, at, at, bytes([ch]))
        at += 1
        out = incremental.update(analyze_source, out.basis, str(path), source, tree, {}, Options())
        seen.append(out.half_typed)
        # The `go` statement is above the edit: its finding stays where it was.
        assert [(f.code, f.message, f.span) for f in out.result.findings] == [
            (finding.code, finding.message, finding.span)
        ]
    assert any(seen)  # "_ =" and "_ = len(" do not parse
    assert not seen[-1]  # "_ = len(n)" does, and is analysed
    want = analyze_source(str(path), source, options=Options())
    assert key(out.result.findings) == key(want.findings)


def test_an_edited_caller_updates_the_generator_it_calls() -> None:
    # The finding sits at the generator's go statement; only its caller (two calls out,
    # through a function that passes the channel on) is edited.
    path = ROOT / "samples" / "gs1002" / "relay.go"
    source = path.read_bytes()
    package = {str(p): p.read_bytes() for p in path.parent.glob("*.go") if p != path}
    tree = documents.parse(source)
    out = incremental.full(analyze_source, str(path), source, tree, package, Options())
    assert any(f.code == "GS1002" for f in out.result.findings)
    at = source.index(b"return <-Serials()")
    end = at + len(b"return <-Serials()")
    edit = b"for range Serials() {\n\t}\n\treturn 0"
    tree, source = apply(tree, source, at, end, edit)
    out = incremental.update(analyze_source, out.basis, str(path), source, tree, package, Options())
    assert out.incremental
    want = analyze_source(str(path), source, package=package, options=Options())
    assert key(out.result.findings) == key(want.findings)
    assert not any(f.code == "GS1002" for f in out.result.findings)
