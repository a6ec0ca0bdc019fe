"""Which waits on an owner's path only that path can release (analysis/summary/release.py)."""

from __future__ import annotations

from gostuck.analysis.flow.facts import Analyzer, find_constructed_channels
from gostuck.analysis.flow.index import PackageIndex
from gostuck.analysis.summary.release import Releases
from gostuck.syntax import parse
from tree_sitter import Node

SRC = b"""package main

import "sync"

type gate struct {
	open chan struct{}
	mu   sync.Mutex
	cv   *sync.Cond
	n    int
}

func newGate() *gate {
	g := &gate{open: make(chan struct{})}
	g.cv = sync.NewCond(&g.mu)
	return g
}

func (g *gate) done() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	g.cv.Broadcast()
}

func (g *gate) settle() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for g.n > 0 {
		g.cv.Wait()
	}
}

type pipe struct {
	out chan int
	g   *gate
}

func (p *pipe) start() {}

func newPipe(g *gate) any {
	p := &pipe{out: make(chan int), g: g}
	p.start()
	return p
}

func alone() {
	g := newGate()
	p := newPipe(g).(*pipe)
	_ = p
	g.settle()
	close(g.open)
}

func helped() {
	g := newGate()
	go g.done()
	g.settle()
	close(g.open)
}
"""


def _func(root: Node, name: str) -> Node:
    for n in root.named_children:
        nm = n.child_by_field_name("name")
        if nm is not None and nm.text == name.encode():
            return n
    raise AssertionError(name)


def _calls(node: Node, text: str) -> list[Node]:
    return [
        n
        for n in parse.iter_descendants(node)
        if n.type == "call_expression" and parse.text(n) == text
    ]


def test_a_wait_only_the_owners_path_releases_orders_nothing() -> None:
    tree = parse.parse(SRC)
    index = PackageIndex("a.go", tree.root_node, SRC, None)
    an = Analyzer("a.go", index)
    settle = _func(tree.root_node, "settle")
    lock, wait = _calls(settle, "g.mu.Lock()")[0], _calls(settle, "g.cv.Wait()")[0]
    # Nothing alone() starts calls done(): neither the lock nor the Cond can be released
    # by anything but alone's own path.
    alone = Releases(an, _func(tree.root_node, "alone"))
    assert alone.unreleased(lock)
    assert alone.unreleased(wait)
    # helped() starts a goroutine that finishes a job: it may release both.
    helped = Releases(an, _func(tree.root_node, "helped"))
    assert not helped.unreleased(lock)
    assert not helped.unreleased(wait)


def test_constructor_calls_and_type_assertions_keep_the_channel() -> None:
    tree = parse.parse(SRC)
    index = PackageIndex("a.go", tree.root_node, SRC, None)
    alone = _func(tree.root_node, "alone")
    plain = {c.name for c in find_constructed_channels(alone, index)}
    assert plain == {"g.open"}  # newPipe calls p.start(): not the caller's alone
    got = {c.name: c for c in find_constructed_channels(alone, index, with_calls=True)}
    assert set(got) == {"g.open", "p.out"}
    assert [parse.text(n) for n in got["p.out"].ctor_calls] == ["p.start()"]
