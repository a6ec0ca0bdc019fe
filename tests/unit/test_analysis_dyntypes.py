"""Dynamic types sent on channel fields, and the type switch cases they rule out."""

from __future__ import annotations

from gostuck.analysis.flow.deadchan import DeadChannels
from gostuck.analysis.flow.dyntypes import SentTypes
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import cfg as cfgmod
from gostuck.syntax import parse
from gostuck.syntax.cfg import Kind
from tree_sitter import Node

SRC = b"""package p
type A struct{}
type B struct{}
type I interface{ M() }
type S struct {
	one    chan interface{}
	two    chan interface{}
	shut   chan interface{}
	handed chan interface{}
	unknown chan interface{}
}
func (s *S) feed(v interface{}) {
	s.one <- &A{}
	s.one <- new(A)
	s.two <- &A{}
	s.two <- B{}
	s.shut <- &A{}
	close(s.shut)
	s.unknown <- v
	give(s.handed)
}
func give(c chan interface{}) {}
func (s *S) onlyA() {
	var m interface{}
	for {
		m = <-s.one
		switch m.(type) {
		case *A:
		default:
			return
		}
	}
}
func (s *S) maybeNil() {
	var m interface{}
	if s != nil {
		m = <-s.one
	}
	switch m.(type) {
	case *A:
	default:
		return
	}
}
func (s *S) iface() {
	switch (<-s.one).(type) {
	case I:
		return
	case *A:
	}
}
func (s *S) declared() {
	m := <-s.two
	switch m.(type) {
	case B:
	case *A:
	case *B:
	default:
	}
}
"""


def sent() -> SentTypes:
    tree = parse.parse(SRC)
    index = PackageIndex("a.go", tree.root_node, SRC, {"a.go": SRC})
    return SentTypes(DeadChannels(index))


def method(types: SentTypes, name: str) -> Node:
    ref = types.index.method(name, "S")
    assert ref is not None
    return ref.node


def cases_left(name: str) -> list[str]:
    """Return the first line of each case the type switch of method ``name`` can still take."""
    types = sent()
    g = types.prune(cfgmod.build(method(types, name)))
    reach = g.reachable()
    return [
        parse.text(b.node).splitlines()[0]
        for b in g.blocks
        if b.kind is Kind.CASE and b.node is not None and b.id in reach
    ]


def test_types_of_fields() -> None:
    t = sent()
    assert t.of_field("one", "S") == frozenset({"*A"})
    assert t.of_field("two", "S") == frozenset({"*A", "B"})
    assert t.of_field("shut", "S") == frozenset({"*A", "nil"})
    assert t.of_field("unknown", "S") is None
    assert t.of_field("handed", "S") is None


def test_exact_case_rules_out_default() -> None:
    assert cases_left("onlyA") == ["case *A:"]


def test_nil_from_the_declaration_keeps_default() -> None:
    assert cases_left("maybeNil") == ["case *A:", "default:"]


def test_interface_case_may_match() -> None:
    assert cases_left("iface") == ["case I:", "case *A:"]


def test_each_type_takes_its_case() -> None:
    assert cases_left("declared") == ["case B:", "case *A:"]
