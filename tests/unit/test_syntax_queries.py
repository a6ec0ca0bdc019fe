"""Every shipped query compiles against the pinned grammar; parsing helpers behave."""

from __future__ import annotations

import pytest
from gostuck.syntax import parse


@pytest.mark.parametrize("name", parse.query_names())
def test_query_compiles(name: str) -> None:
    q = parse.query(name)
    assert q.pattern_count >= 1


def test_queries_are_shipped() -> None:
    assert {"common.scm", "facts.scm", "idents.scm"} <= set(parse.query_names())


def test_go_statements_found_by_query() -> None:
    tree = parse.parse(b"package p\nfunc f() {\n\tgo g()\n\tgo func() {}()\n}\n")
    found = parse.captures("common.scm", tree.root_node)["go.stmt"]
    assert [n.start_point for n in found] == [(2, 1), (3, 1)]


def test_iter_descendants_survives_deep_nesting() -> None:
    depth = 5000
    src = b"package p\nfunc f() {\n" + b"{" * depth + b"}" * depth + b"\n}\n"
    tree = parse.parse(src)
    count = sum(1 for _ in parse.iter_descendants(tree.root_node))
    assert count > depth


def test_span_first_line_only() -> None:
    tree = parse.parse(b"package p\nfunc f() {\n\tgo func() {\n\t}()\n}\n")
    go = parse.captures("common.scm", tree.root_node)["go.stmt"][0]
    s = parse.span("x.go", go, first_line_only=True)
    assert (s.start_line, s.start_col, s.end_line, s.end_col) == (2, 1, 2, 12)
    assert s.end_byte - s.start_byte == 11
