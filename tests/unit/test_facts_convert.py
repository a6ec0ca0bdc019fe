"""Channels converted to a named channel type: followed as the channel, methods bound."""

from __future__ import annotations

from gostuck.analysis.flow import consts
from gostuck.analysis.flow.facts import (
    RECEIVER,
    Analyzer,
    Op,
    converted_type,
    name_uses,
    use_callee,
)
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import parse
from tree_sitter import Node

SRC = b"""package p
type E struct{}
type Out interface{ Write(e E) error }
type out chan<- E
type (
	in <-chan E
	other struct{}
)
func (o out) Write(e E) error { o <- e; return nil }
func (other) Write(E) error { return nil }
func Wrap(c chan<- E) Out { return out(c) }
func WrapTwice(c chan<- E) Out { x := out(c); return x }
func writeAll(o Out) { o.Write(E{}); o.Write(E{}) }
func writeAny(o Out) { o.Write(E{}) }
func f() {
	ch := make(chan E)
	writeAll(Wrap(ch))
	writeAll(out(ch))
	out(ch).Write(E{})
	writeAll(WrapTwice(ch))
	var v in
	_ = v
}
"""


def setup() -> tuple[PackageIndex, Node]:
    tree = parse.parse(SRC)
    index = PackageIndex("a.go", tree.root_node, SRC, None)
    for n in tree.root_node.named_children:
        nm = n.child_by_field_name("name")
        if n.type == "function_declaration" and nm is not None and nm.text == b"f":
            return index, n
    raise AssertionError("f")


def test_channel_types_are_known() -> None:
    index, _ = setup()
    assert index.is_chan_type("out")
    assert index.is_chan_type("in")
    assert not index.is_chan_type("other")
    assert not index.is_chan_type("Out")
    assert not index.is_chan_type("missing")


def test_conversions_and_wrappers_are_followed() -> None:
    index, f = setup()
    body = f.child_by_field_name("body")
    assert body is not None
    uses = [u for u in name_uses(body, "ch", index) if u.op is not Op.DEF]
    got = [(u.op, u.arg_index, u.dyn, parse.text(u.node).split("(")[0]) for u in uses]
    assert got == [
        (Op.CALL, 0, "out", "writeAll"),  # writeAll(Wrap(ch))
        (Op.CALL, 0, "out", "writeAll"),  # writeAll(out(ch))
        (Op.CALL, RECEIVER, "out", "out"),  # out(ch).Write(E{})
        (Op.CALL, 0, "", "WrapTwice"),  # a wrapper that is not just `return out(c)`
    ]
    # Without the index nothing is followed.
    plain = [u for u in name_uses(body, "ch") if u.op is Op.CALL]
    assert all(not u.dyn for u in plain)


def test_converted_type_needs_one_argument_and_a_channel_type() -> None:
    src = b"package p\ntype out chan int\ntype s struct{}\nfunc f(a, b int) { out(a, b); s(a) }\n"
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, None)
    calls = [n for n in parse.iter_descendants(tree.root_node) if n.type == "call_expression"]
    assert [converted_type(c, index) for c in calls] == [None, None]


def test_method_calls_bind_by_dynamic_type_only() -> None:
    index, f = setup()
    body = f.child_by_field_name("body")
    assert body is not None
    an = Analyzer("a.go", index)
    uses = [u for u in name_uses(body, "ch", index) if u.op is Op.CALL]
    # writeAll(Wrap(ch)): the parameter holds an `out`, whose Write sends twice.
    prof = an.call_profile(uses[0], 0)
    assert prof is not None
    assert prof.blocking[Op.SEND] == (2, 2)
    # out(ch).Write(E{}) runs out.Write with the channel as its receiver.
    ref = use_callee(uses[2], index)
    assert ref is not None and ref.receiver_type == "out"
    # An interface parameter whose dynamic type is not known binds to nothing, though
    # the package has only one `Write` of a channel type.
    write_any = index.function("writeAny")
    assert write_any is not None
    o_uses = [u for u in name_uses(write_any.node, "o", index) if u.op is Op.CALL]
    assert len(o_uses) == 1 and o_uses[0].arg_index == RECEIVER
    assert use_callee(o_uses[0], index) is None
    bound = {"o": consts.Value(consts.NONNIL, typ="out")}
    ref = use_callee(o_uses[0], index, bound)
    assert ref is not None and ref.receiver_type == "out"


SPLIT_A = b"""package h

import "time"

type sink chan<- int

type Putter interface{ Put(v int) }

func SinkOf(c chan<- int) Putter { return sink(c) }

func put(p Putter) { p.Put(1) }

func Fetch() int {
	ch := make(chan int)
	go put(SinkOf(ch))
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}
"""

SPLIT_B = b"""package h

// Put sends v.
func (s sink) Put(v int) {
	s <- v
}
"""


def test_blocking_place_in_another_file_names_that_file() -> None:
    from gostuck.analysis import api
    from gostuck.analysis.model import Role

    res = api.analyze_source("a.go", SPLIT_A, package={"b.go": SPLIT_B})
    [f] = [f for f in res.findings if f.code == "GS1001"]
    [block] = [r for r in f.related if r.role is Role.BLOCK]
    assert block.span.path == "b.go"
    assert block.span.start_line == 4
