"""A goroutine's own channel, filled or drained while it is still the channel's only holder."""

from __future__ import annotations

from gostuck.analysis import facts, overfill
from gostuck.analysis.facts import Analyzer
from gostuck.analysis.index import PackageIndex
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
