"""Loops whose first check cannot fail: the path that skips them is no path."""

from __future__ import annotations

import pytest
from gostuck.analysis.flow import facts
from gostuck.syntax import parse


def _loop(header: str) -> bool:
    src = f"package a\n\nfunc f(n int) {{\n\tfor {header} {{\n\t}}\n}}\n".encode()
    tree = parse.parse(src)
    loop = next(n for n in parse.iter_descendants(tree.root_node) if n.type == "for_statement")
    return facts._runs_once(loop)


@pytest.mark.parametrize(
    ("header", "once"),
    [
        ("i := 0; i < 3; i++", True),
        ("i := 0; i <= 0; i++", True),
        ("i := 1_000; i != 0; i--", True),
        ("i := 0x10; i < 17; i++", True),
        ("i := 3; i < 3; i++", False),
        ("i := 0; i < n; i++", False),
        ("i := n; i < 3; i++", False),
        ("i := 0; 3 > i; i++", False),
        ("i := 010; i < 9; i++", False),
        ("i, j := 0, 1; i < 3; i++", False),
        ("", False),
    ],
)
def test_runs_once(header: str, once: bool) -> None:
    assert _loop(header) is once
