"""Constant arguments: binding, deciding conditions and pruning a callee's graph."""

from __future__ import annotations

from gostuck.analysis.flow import consts
from gostuck.analysis.flow.consts import INT, NIL, NONNIL, Value
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from tree_sitter import Node

SRC = b"""package p
func f(items []int, n int, err error, on bool) {
	for range items {
		println("item")
	}
	for i := 0; i < n; i++ {
		println("round")
	}
	if err != nil {
		println("failed")
	} else {
		println("fine")
	}
	if on && len(items) == 0 {
		println("on, empty")
	}
}
func g(n int) {
	n = 3
	for i := 0; i < n; i++ {
	}
}
func call() {
	f(nil, 0, nil, true)
	f([]int{1}, n, makeErr(), false)
	g(0)
}
"""


def decl(tree_root: Node, name: str) -> Node:
    for n in tree_root.named_children:
        nm = n.child_by_field_name("name")
        if nm is not None and nm.text == name.encode():
            return n
    raise AssertionError(name)


def calls(root: Node) -> list[Node]:
    body = decl(root, "call").child_by_field_name("body")
    assert body is not None
    return [
        s.named_children[0]
        for s in cfgmod.statements(body)
        if s.type == "expression_statement" and s.named_children
    ]


def args_of(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    assert args is not None
    return list(args.named_children)


def live_prints(g: cfgmod.CFG) -> set[str]:
    reach = g.reachable()
    out: set[str] = set()
    for b in reach:
        node = g.blocks[b].node
        if node is not None and node.type == "expression_statement":
            out.add(parse.text(node))
    return out


def test_bind_values_and_skip_unknown() -> None:
    root = parse.parse(SRC).root_node
    f = decl(root, "f")
    first, second, _ = calls(root)
    env = consts.bind(f, ["items", "n", "err", "on"], args_of(first), {})
    assert env == {
        "items": Value(NIL),
        "n": Value(INT, 0),
        "err": Value(NIL),
        "on": Value(consts.BOOL, 1),
    }
    env2 = consts.bind(f, ["items", "n", "err", "on"], args_of(second), {})
    # makeErr() and an unknown n stay unbound; a composite literal is non-nil.
    assert env2 == {"items": Value(NONNIL), "on": Value(consts.BOOL, 0)}


def test_reassigned_parameter_is_never_bound() -> None:
    root = parse.parse(SRC).root_node
    g = decl(root, "g")
    _, _, third = calls(root)
    assert consts.bind(g, ["n"], args_of(third), {}) == {}


def test_specialize_prunes_only_ruled_out_paths() -> None:
    root = parse.parse(SRC).root_node
    f = decl(root, "f")
    g = cfgmod.build(f)
    assert consts.specialize(g, {}) is g
    everything = live_prints(g)
    assert len(everything) == 5
    first, second, _ = calls(root)
    env = consts.bind(f, ["items", "n", "err", "on"], args_of(first), {})
    assert live_prints(consts.specialize(g, env)) == {
        'println("fine")',
        'println("on, empty")',
    }
    env2 = consts.bind(f, ["items", "n", "err", "on"], args_of(second), {})
    assert live_prints(consts.specialize(g, env2)) == everything - {'println("on, empty")'}


def test_decide_leaves_unknowns_open() -> None:
    root = parse.parse(b"package p\nvar _ = a < b || x == nil\n").root_node
    expr = next(n for n in parse.iter_descendants(root) if n.type == "binary_expression")
    assert consts.decide(expr, {}) is None
    assert consts.decide(expr, {"x": Value(NIL)}) is True
    assert consts.decide(expr, {"x": Value(NONNIL)}) is None
    assert (
        consts.decide(expr, {"x": Value(NONNIL), "a": Value(INT, 2), "b": Value(INT, 1)}) is False
    )
