"""Function values: what a call through a local, a field or a parameter runs."""

from __future__ import annotations

import pytest
from gostuck.analysis.flow import facts, funcvals
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import parse
from tree_sitter import Node


def _setup(src: str) -> tuple[PackageIndex, Node]:
    data = src.encode()
    tree = parse.parse(data)
    return PackageIndex("a.go", tree.root_node, data, None), tree.root_node


def _call(root: Node, text: str) -> Node:
    """Return the function node of the first call whose text starts with ``text``."""
    for n in parse.iter_descendants(root):
        if n.type == "call_expression" and parse.text(n).startswith(text):
            fn = n.child_by_field_name("function")
            assert fn is not None
            return fn
    raise AssertionError(text)


def _line(node: Node | None) -> int | None:
    return node.start_point[0] + 1 if node is not None else None


LOCALS = """package a

func work() {}

func f(ok bool) {
	run := func() {}
	run()
	again := work
	again()
	swap := func() {}
	if ok {
		swap = work
	}
	swap()
	var later func()
	later = func() {}
	later()
}
"""


@pytest.mark.parametrize(
    ("call", "line"),
    [("run()", 6), ("again()", 3), ("swap()", None), ("later()", 16)],
)
def test_locals_bound_once(call: str, line: int | None) -> None:
    index, root = _setup(LOCALS)
    ref = facts.resolve_call(_call(root, call), index)
    assert _line(ref.node if ref is not None else None) == line


FIELDS = """package a

type conn struct {
	closeFn func()
	hookFn  func()
	peerFn  func()
}

type other struct{ closeFn func() }

func (c *conn) Close() {}
func (c *conn) Reset() {}

func newConn() *conn {
	c := &conn{}
	c.closeFn = c.Close
	c.hookFn = c.Close
	return c
}

func (c *conn) rewire() { c.hookFn = c.Reset }

func newOther() *other { return &other{closeFn: func() {}} }

func use(c *conn) {
	c.closeFn()
	c.hookFn()
	c.peerFn()
}
"""


@pytest.mark.parametrize(
    ("call", "line"),
    [("c.closeFn()", 11), ("c.hookFn()", None), ("c.peerFn()", None)],
)
def test_func_fields(call: str, line: int | None) -> None:
    # closeFn: one write on conn (other's closeFn is another struct's field); hookFn: two
    # different methods; peerFn: never written.
    index, root = _setup(FIELDS)
    ref = facts.resolve_call(_call(root, call), index)
    assert _line(ref.node if ref is not None else None) == line


PARAMS = """package a

func runUntil(wait func(stop <-chan struct{}), stop <-chan struct{}) { wait(stop) }

func runOther(wait func(stop <-chan struct{}), stop <-chan struct{}) {
	mine := make(chan struct{})
	wait(mine)
}

func g(stop chan struct{}) {
	runUntil(func(s <-chan struct{}) {}, stop)
	runOther(func(s <-chan struct{}) {}, stop)
	func(s <-chan struct{}) {}(stop)
}
"""


@pytest.mark.parametrize(("which", "bound"), [(0, "stop"), (1, None), (2, "stop")])
def test_literal_param_sources(which: int, bound: str | None) -> None:
    index, root = _setup(PARAMS)
    lits = [n for n in parse.iter_descendants(root) if n.type == "func_literal"]
    got = funcvals.param_sources(lits[which], "s", index)
    assert ([parse.text(n) for n in got] if got else None) == ([bound] if bound else None)


def test_call_site_binds_parameter() -> None:
    src = """package a

func runIt(f func()) { f() }

func g() { runIt(func() {}) }
"""
    index, root = _setup(src)
    run_it = index.function("runIt")
    assert run_it is not None
    call = _call(root, "runIt(").parent
    assert call is not None
    args_node = call.child_by_field_name("arguments")
    assert args_node is not None
    args = list(args_node.named_children)
    env = facts.bind_call(index, run_it.node, facts.param_names(run_it.node), args, {})
    inner = _call(run_it.node, "f()")
    ref = facts.resolve_call(inner, index, env)
    assert ref is not None and ref.node.type == "func_literal"
    assert facts.resolve_call(inner, index) is None  # unbound: unknown
