"""Query captures come in document order, the same for every parse of one text."""

from __future__ import annotations

from gostuck.syntax import parse


def _source(funcs: int) -> bytes:
    parts = ["package a\n"]
    for i in range(funcs):
        parts.append(
            f"func f{i}(ch chan int) {{\n"
            "\tgo func() {\n"
            "\t\tgo func() { ch <- 1 }()\n"
            "\t\tch <- 2\n"
            "\t}()\n"
            "\tgo func() { <-ch }()\n"
            "}\n"
        )
    return "".join(parts).encode()


def test_captures_in_document_order_for_every_parse() -> None:
    src = _source(60)
    orders = []
    for _ in range(4):
        tree = parse.parse(src)
        stmts = parse.captures("common.scm", tree.root_node)["go.stmt"]
        starts = [n.start_byte for n in stmts]
        assert starts == sorted(starts)
        assert len(starts) == 180
        orders.append(starts)
    assert all(o == orders[0] for o in orders)
