"""A goroutine alone with the objects it made, run to the send that blocks it."""

from __future__ import annotations

from gostuck.analysis.flow import facts
from gostuck.analysis.flow.facts import Analyzer
from gostuck.analysis.flow.index import PackageIndex
from gostuck.analysis.partner import alone
from gostuck.syntax import parse

HEAD = b"""package p

import (
	"runtime"
	"sync"
)

type pusher interface{ push() }

type box struct {
	ch chan int
	n  int
}

func (b *box) push() { b.ch <- 1 }

func (b box) bump() { b.n++ }

func (b *box) grow() { b.n++ }

func (b *box) init(size int) { b.ch = make(chan int, size) }

func newBox(size int) *box { return &box{ch: make(chan int, size)} }

type reg struct {
	sync.Mutex
	m map[string]*box
}

var kept *box
"""


def blocks(body: bytes) -> list[str]:
    """Run one goroutine whose body is ``body``: the first line of the send that blocks it."""
    src = HEAD + b"func run(ok bool) {\n\tgo func() {\n" + body + b"\n\t}()\n}\n"
    tree = parse.parse(src)
    index = PackageIndex("p.go", tree.root_node, src, {"p.go": src})
    an = Analyzer("p.go", index)
    out: list[str] = []
    for stmt in facts.find_go_statements(tree.root_node):
        go = facts.goroutine_of(stmt, "p.go", index)
        if go is None or parse.enclosing_function(stmt) is None:
            continue
        out.extend(parse.text(b.node).split("\n")[0] for b in alone.find_alone_blocks(an, go))
    return out


def test_a_send_past_the_buffer_blocks_through_calls_and_interfaces() -> None:
    body = b"\t\tb := newBox(1)\n\t\tvar p pusher = b\n\t\tb.push()\n\t\tp.push()"
    assert blocks(body) == ["b.ch <- 1"]


def test_sends_within_the_buffer_do_not_block() -> None:
    assert blocks(b"\t\tb := newBox(2)\n\t\tb.push()\n\t\tb.push()") == []


def test_a_loop_counts_its_iterations() -> None:
    body = b"\t\tb := &box{}\n\t\tb.init(3)\n\t\tfor i := 0; i < 4; i++ {\n\t\t\tb.push()\n\t\t}"
    assert blocks(body) == ["b.ch <- 1"]
    body = body.replace(b"i < 4", b"i < 3")
    assert blocks(body) == []


def test_a_map_is_looked_up_by_key() -> None:
    head = b'\t\tr := &reg{m: map[string]*box{}}\n\t\tr.m["a"] = newBox(1)\n\t\tr.m["a"].push()\n'
    assert blocks(head + b'\t\tif b, found := r.m["a"]; found {\n\t\t\tb.push()\n\t\t}') == [
        "b.ch <- 1"
    ]
    assert blocks(head + b'\t\tif b, found := r.m["b"]; found {\n\t\t\tb.push()\n\t\t}') == []


def test_every_order_of_a_map_range_must_block_at_the_same_send() -> None:
    # One order pushes to a before b: blocks at a's second push in every order.
    body = (
        b"\t\ta, b := newBox(1), newBox(1)\n\t\ta.push()\n"
        b"\t\tfor _, x := range map[int]*box{1: a, 2: b} {\n\t\t\tx.push()\n\t\t}"
    )
    assert blocks(body) == ["b.ch <- 1"]
    # Whether the loop stops before a's second push depends on the order: no verdict.
    body = (
        b"\t\ta, b := newBox(1), newBox(1)\n\t\ta.push()\n"
        b"\t\tfor _, x := range map[int]*box{1: a, 2: b} {\n\t\t\tif x == b {\n"
        b"\t\t\t\tbreak\n\t\t\t}\n\t\t\tx.push()\n\t\t}"
    )
    assert blocks(body) == []


def test_a_value_receiver_works_on_a_copy() -> None:
    body = b"\t\tb := newBox(1)\n\t\tb.bump()\n\t\tif b.n == 0 {\n"
    body += b"\t\t\tb.push()\n\t\t\tb.push()\n\t\t}"
    assert blocks(body) == ["b.ch <- 1"]
    assert blocks(body.replace(b"b.bump()", b"b.grow()")) == []


def test_a_mutex_of_its_own_is_no_obstacle() -> None:
    body = b'\t\tr := &reg{m: map[string]*box{"a": newBox(0)}}\n\t\tr.Lock()\n\t\tr.m["a"].push()'
    assert blocks(body) == ["b.ch <- 1"]
    assert blocks(body.replace(b"r.Lock()", b"r.Lock()\n\t\tr.Lock()")) == []  # another question


def test_the_run_gives_up_on_what_it_does_not_model() -> None:
    fill = b"\t\tb := newBox(1)\n\t\tb.push()\n"
    for rest in (
        b"\t\tgo func() { <-b.ch }()\n\t\tb.push()",  # another goroutine holds it
        b"\t\tkept = b\n\t\tb.push()",  # a package variable holds it
        b"\t\tif ok {\n\t\t\treturn\n\t\t}\n\t\tb.push()",  # a captured value decides
        b"\t\t<-b.ch\n\t\tb.push()",  # a receive
        b"\t\tdefer b.push()\n\t\tb.push()",  # a defer
        b"\t\tf := func() {}\n\t\tf()\n\t\tb.push()",  # a closure
        b"\t\tfor {\n\t\t}\n\t\tb.push()",  # never gets there (the budget runs out)
        b"\t\tpanic(1)\n\t\tb.push()",  # ends first
        b"\t\tprintln()\n\t\tb.push()",  # a builtin with effects
    ):
        assert blocks(fill + rest) == [], rest
    assert blocks(fill + b"\t\truntime.Gosched()\n\t\tb.push()") == ["b.ch <- 1"]


def test_a_goroutine_that_reads_its_parent_is_not_alone() -> None:
    src = HEAD + (
        b"func shared() {\n\tb := newBox(1)\n\tgo func() {\n\t\tb.push()\n\t\tb.push()\n"
        b"\t}()\n\t<-b.ch\n}\n"
    )
    tree = parse.parse(src)
    index = PackageIndex("p.go", tree.root_node, src, {"p.go": src})
    an = Analyzer("p.go", index)
    for stmt in facts.find_go_statements(tree.root_node):
        go = facts.goroutine_of(stmt, "p.go", index)
        assert go is not None
        assert list(alone.find_alone_blocks(an, go)) == []


def test_values_the_run_would_get_wrong_end_it() -> None:
    src = HEAD + (
        b"type small struct{ n uint8 }\n\n"
        b"func (b box) self() *box { return &b }\n\n"
        b"func run() {\n\tgo func() {\n\t\tb := newBox(1)\n\t\ts := &small{n: 255}\n"
        b"\t\ts.n++\n\t\tif s.n == 0 {\n\t\t\tb.push()\n\t\t\tb.push()\n\t\t}\n\t}()\n"
        b"\tgo func() {\n\t\tb := newBox(1)\n\t\tc := b.self()\n\t\tc.push()\n\t\tb.push()\n"
        b"\t}()\n}\n"
    )
    tree = parse.parse(src)
    index = PackageIndex("p.go", tree.root_node, src, {"p.go": src})
    an = Analyzer("p.go", index)
    for stmt in facts.find_go_statements(tree.root_node):
        go = facts.goroutine_of(stmt, "p.go", index)
        assert go is not None
        assert list(alone.find_alone_blocks(an, go)) == []
