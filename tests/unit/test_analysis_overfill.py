"""A goroutine's own channel, filled or drained while it is still the channel's only holder."""

from __future__ import annotations

from gostuck.analysis.flow import facts
from gostuck.analysis.flow.facts import Analyzer
from gostuck.analysis.flow.index import PackageIndex
from gostuck.analysis.partner import overfill
from gostuck.syntax import parse

HEAD = b"""package p

type box struct {
	ch chan int
}

func (b *box) put() { b.ch <- 1 }

func (b *box) serve() {
	go func() { <-b.ch }()
}

func (b *box) maybe(ok bool) {
	if ok {
		b.ch <- 1
	}
}

var kept *box

func keep(b *box) { kept = b }

func look(b *box) int { return cap(b.ch) }
"""


def blocks(body: bytes) -> list[tuple[str, str]]:
    """Run one goroutine whose body is ``body``: (op, first line of the blocking node)."""
    src = HEAD + b"func run(ok bool) {\n\tgo func() {\n" + body + b"\n\t}()\n}\n"
    tree = parse.parse(src)
    index = PackageIndex("p.go", tree.root_node, src, {"p.go": src})
    an = Analyzer("p.go", index)
    out: list[tuple[str, str]] = []
    for stmt in facts.find_go_statements(tree.root_node):
        go = facts.goroutine_of(stmt, "p.go", index)
        if go is None or parse.enclosing_function(stmt) is None:
            continue
        for of in overfill.find_overfills(an, go):
            out.append((of.op.value, parse.text(of.node).split("\n")[0]))
    return out


def test_a_send_past_the_buffer_blocks() -> None:
    body = b"\t\tb := &box{ch: make(chan int, 1)}\n\t\tb.ch <- 1\n\t\tb.put()\n\t\tb.serve()"
    assert blocks(body) == [("send", "b.ch <- 1")]


def test_a_receive_from_the_empty_buffer_blocks() -> None:
    body = b"\t\tb := &box{ch: make(chan int, 2)}\n\t\tv := <-b.ch\n\t\t_ = v"
    assert blocks(body) == [("recv", "<-b.ch")]


def test_a_function_that_only_looks_hands_nothing_on() -> None:
    body = b"\t\tb := &box{ch: make(chan int, 1)}\n\t\tb.put()\n\t\t_ = look(b)\n\t\tb.put()"
    assert blocks(body) == [("send", "b.ch <- 1")]


def test_the_walk_gives_up_where_it_cannot_follow() -> None:
    make = b"\t\tb := &box{ch: make(chan int, 1)}\n"
    for rest in (
        b"\t\tb.serve()\n\t\tb.put()\n\t\tb.put()",  # a receiver exists first
        b"\t\tkeep(b)\n\t\tb.put()\n\t\tb.put()",  # handed to a function that keeps it
        b"\t\tb.put()\n\t\tgo b.put()\n\t\tb.put()",  # another goroutine holds it
        b"\t\tb.maybe(ok)\n\t\tb.put()",  # a callee's branch
        b"\t\tb.put()\n\t\tif ok {\n\t\t\treturn\n\t\t}\n\t\tb.put()",  # a branch of its own
        b"\t\tb.put()\n\t\tselect {\n\t\tcase b.ch <- 2:\n\t\tdefault:\n\t\t}\n\t\tb.put()",
        b"\t\tb.put()\n\t\t_ = ok && len(b.ch) > 0\n\t\tb.put()",  # && on a harmless use
        b"\t\tb.put()\n\t\tpanic(1)\n\t\tb.put()",  # the goroutine ends first
        b"\t\tb.put()\n\t\tx := b\n\t\t_ = x\n\t\tb.put()",  # an alias
    ):
        got = blocks(make + rest)
        if rest.startswith(b"\t\tb.put()\n\t\t_ = ok"):
            assert got == [("send", "b.ch <- 1")], rest  # len() hands nothing on
            continue
        assert got == [], rest


def test_loops_with_constant_trips_run_that_many_times() -> None:
    make = b"\t\tb := &box{ch: make(chan int, 2)}\n"
    assert blocks(make + b"\t\tfor i := 0; i < 3; i++ {\n\t\t\tb.put()\n\t\t}") == [
        ("send", "b.ch <- 1")
    ]
    assert blocks(make + b"\t\tfor i := 0; i < 2; i++ {\n\t\t\tb.put()\n\t\t}") == []
    assert blocks(
        make + b"\t\tn := 2\n\t\tif n > 1 {\n\t\t\tb.put()\n\t\t\tb.put()\n\t\t}\n\t\tb.put()"
    ) == [("send", "b.ch <- 1")]
    # A bound that is not constant, a branch that is not known: no verdict.
    assert (
        blocks(make + b"\t\tfor i := 0; i < len(kept.ch); i++ {\n\t\t\tb.put()\n\t\t}\n\t\tb.put()")
        == []
    )


MAIN = b"""package main

type base struct{ st int }

func (b *base) stop() { b.st = 1 }

type ring struct {
	base
	slots chan int
}

const size = 2

func (r *ring) Abandon()   { r.stop(); <-r.slots }
func (r *ring) open()      { r.sized(size) }
func (r *ring) sized(n int) { r.slots = make(chan int, n) }
func (r *ring) put(v int) {
	switch r.st {
	case 0:
		r.slots <- v
	}
}

type host struct{ ring }

func (h *host) init() { h.ring.open() }

func run() {
	go func() {
		h := &host{}
		h.init()
		for i := 0; i < size; i++ {
			h.put(i)
		}
		go func() {
			h.put(-1)
		}()
		h.ring.put(size)
	}()
}

func main() { run() }
"""


def test_a_full_channel_nothing_live_drains_blocks_every_later_sender() -> None:
    from gostuck.analysis.flow.deadfield import DeadFields
    from gostuck.analysis.partner.ctxdone import NeverDone

    tree = parse.parse(MAIN)
    index = PackageIndex("m.go", tree.root_node, MAIN, {"m.go": MAIN})
    an = Analyzer("m.go", index)
    dead = DeadFields(index, lambda: NeverDone(index))
    stmts = facts.find_go_statements(tree.root_node)
    outer = facts.goroutine_of(stmts[0], "m.go", index)
    assert outer is not None
    got = [
        (parse.text(of.goroutine.stmt).split("\n")[0], parse.text(of.node), of.buffered)
        for of in overfill.find_overfills(an, outer, dead)
    ]
    assert got == [("go func() {", "r.slots <- v", 2), ("go func() {", "r.slots <- v", 2)]
    assert [of.goroutine.stmt.id for of in overfill.find_overfills(an, outer, dead)] == [
        stmts[1].id,
        stmts[0].id,
    ]
    # Without knowing what dead code is, the walk stops where the holder is shared.
    assert list(overfill.find_overfills(an, outer)) == []
    # A live drain: silence.
    live = MAIN.replace(b"func main() { run() }", b"func main() { run(); (&ring{}).Abandon() }")
    tree = parse.parse(live)
    index = PackageIndex("m.go", tree.root_node, live, {"m.go": live})
    an = Analyzer("m.go", index)
    dead = DeadFields(index, lambda: NeverDone(index))
    outer = facts.goroutine_of(facts.find_go_statements(tree.root_node)[0], "m.go", index)
    assert outer is not None
    assert list(overfill.find_overfills(an, outer, dead)) == []
