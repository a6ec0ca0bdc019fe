"""Where a name is mentioned, found from the text and the tree, as a walk of the tree finds it."""

from __future__ import annotations

import pytest
from gostuck.analysis import lifetime
from gostuck.syntax import parse
from tree_sitter import Node

SOURCE = b"""package a

// run is called below; "run" in a string or a comment is no mention.
var started = run

type worker struct{ run func() }

func run() {}

func loop(w *worker, xs []int) {
	for range xs {
		run()
		go func() {
			w.run()
			for {
				runner := run
				_ = runner
			}
		}()
	}
	s := "run"
	_ = s
	rerun()
	run()
}

func rerun() { run2 := 1; _ = run2; w := worker{run: run}; w.run() }
"""

Walked = list[tuple[int, int | None, bool]]


def _walk(root: Node) -> dict[bytes, Walked]:
    """Every identifier and field identifier by text: a plain walk down the whole tree."""
    out: dict[bytes, Walked] = {}
    stack: list[tuple[Node, Node | None, bool]] = [(root, None, False)]
    while stack:
        node, holder, looped = stack.pop()
        if node.type in ("identifier", "field_identifier") and node.text:
            place = (node.id, holder.id if holder is not None else None, looped)
            out.setdefault(node.text, []).append(place)
        if node.type in parse.FUNCTION_TYPES:
            holder, looped = node, False
        elif node.type == "for_statement":
            looped = True
        stack.extend((c, holder, looped) for c in node.children)
    return out


@pytest.mark.parametrize("name", [b"run", b"rerun", b"w", b"runner", b"xs", b"s", b"nothing"])
def test_places_are_the_walks(name: bytes) -> None:
    root = parse.parse(SOURCE).root_node
    got = [
        (p.node.id, p.holder.id if p.holder is not None else None, p.looped)
        for p in lifetime._places(root, SOURCE, name)
    ]
    assert got == _walk(root).get(name, [])


def test_places_skip_text_that_is_no_identifier() -> None:
    root = parse.parse(SOURCE).root_node
    places = lifetime._places(root, SOURCE, b"run")
    assert all(p.node.text == b"run" for p in places)
    assert len(places) == 10  # not the comment, the strings, run2, runner or rerun
    # run() in the range, and run in the literal's own for (the literal's w.run() is in
    # no loop of the literal that holds it).
    assert sum(p.looped for p in places) == 2
