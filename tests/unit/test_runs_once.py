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


def _range_loop(body: str) -> bool:
    """``_runs_once`` of the last ``for _, q := range qs`` loop in ``f``'s body."""
    src = f"package a\n\ntype T struct{{}}\n\nfunc f(n int, first bool, more []*T) {{\n{body}\n}}\n"
    tree = parse.parse(src.encode())
    loops = [
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "for_statement" and any(c.type == "range_clause" for c in n.named_children)
    ]
    return facts._runs_once(loops[-1])


_GO_RANGE = "go func() {\n\tfor _, q := range qs {\n\t\t_ = q\n\t}\n}()"


@pytest.mark.parametrize(
    ("body", "once"),
    [
        # Filled in a loop that runs twice, then ranged over in a goroutine it starts.
        ("var qs []*T\nfor i := 0; i < 2; i++ {\n\tqs = append(qs, &T{})\n}\n" + _GO_RANGE, True),
        ("qs := []*T{}\nqs = append(qs, &T{})\n" + _GO_RANGE, True),
        ("var qs []*T\nqs = append(qs, &T{})\nfor _, q := range qs {\n\t_ = q\n}", True),
        # The loop that fills it may not run, or may leave early.
        ("var qs []*T\nfor i := 0; i < n; i++ {\n\tqs = append(qs, &T{})\n}\n" + _GO_RANGE, False),
        (
            "var qs []*T\nfor i := 0; i < 2; i++ {\n\tif first {\n\t\tbreak\n\t}\n"
            "\tqs = append(qs, &T{})\n}\n" + _GO_RANGE,
            False,
        ),
        ("var qs []*T\nif first {\n\tqs = append(qs, &T{})\n}\n" + _GO_RANGE, False),
        # Shortened again, appended to from a list that may be empty, or through a pointer.
        ("var qs []*T\nqs = append(qs, &T{})\nqs = qs[:0]\n" + _GO_RANGE, False),
        ("var qs []*T\nqs = append(qs, more...)\n" + _GO_RANGE, False),
        ("var qs []*T\nqs = append(qs, &T{})\np := &qs\n_ = p\n" + _GO_RANGE, False),
        # Appended to only after the goroutine starts, or never.
        ("var qs []*T\n" + _GO_RANGE + "\nqs = append(qs, &T{})", False),
        ("var qs []*T\n" + _GO_RANGE, False),
    ],
)
def test_range_over_a_filled_slice_runs_once(body: str, once: bool) -> None:
    assert _range_loop(body) is once


def test_a_named_result_of_that_name_is_another_slice() -> None:
    # The literal's result ``qs`` hides the outer list: it starts empty, whatever the outer.
    src = b"""package a

type T struct{}

func f() {
	var qs []*T
	qs = append(qs, &T{})
	_ = func() (qs []*T) {
		for _, q := range qs {
			_ = q
		}
		return
	}
}
"""
    tree = parse.parse(src)
    loop = next(
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "for_statement" and any(c.type == "range_clause" for c in n.named_children)
    )
    assert not facts._runs_once(loop)
