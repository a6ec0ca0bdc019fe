"""Dead channel fields: which fields nothing in the package can send on or close."""

from __future__ import annotations

import pytest
from gostuck.analysis.context import FileFacts
from gostuck.analysis.flow.deadchan import DeadChannels
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import parse

SRC = b"""package p
type S struct {
	never    chan int
	sent     chan int
	closed   chan int
	passed   chan int
	Exported chan int
	aliased  chan int
	got      chan int
	gotOut   chan int
	notChan  int
}
func newS() *S {
	return &S{never: make(chan int), sent: make(chan int), aliased: make(chan int)}
}
func (s *S) a() {
	<-s.never
	s.sent <- 1
	close(s.closed)
	use(s.passed)
	c := s.aliased
	_ = c
	if s.never != nil && len(s.got) == 0 {
		<-s.Got()
	}
	ch := s.Out()
	_ = ch
}
func (s *S) Got() <-chan int { return s.got }
func (s *S) Out() chan int { return s.gotOut }
func use(c chan int) {}
"""

SIBLING = b"""package p
func (s *S) b() { s.never = nil }
"""


def dead(src: bytes, sibling: bytes = SIBLING) -> DeadChannels:
    tree = parse.parse(src)
    return DeadChannels(PackageIndex("a.go", tree.root_node, src, {"a.go": src, "b.go": sibling}))


def test_only_received_fields_are_dead() -> None:
    d = dead(SRC)
    assert d.is_dead("never")
    assert d.is_dead("got")  # its getter returns <-chan int and is only received from
    for name in ("sent", "closed", "passed", "Exported", "aliased", "gotOut", "notChan"):
        assert not d.is_dead(name), name


def test_a_sibling_send_revives_the_field() -> None:
    assert not dead(SRC, b"package p\nfunc (s *S) b() { s.never <- 2 }\n").is_dead("never")
    # A file of another package does not count.
    assert dead(SRC, b"package q\nfunc (s *S) b() { s.never <- 2 }\n").is_dead("never")


def test_positional_literal_may_set_any_field() -> None:
    src = SRC + b"func mk(c chan int) S { return S{c, c, c, c, c, c, c, c, 0} }\n"
    assert not dead(src).is_dead("never")


STALL_SRC = b"""package p
type T struct{ done chan struct{}; other chan struct{} }
type U struct{ done chan struct{} }
func start() *T {
	t := &T{done: make(chan struct{}), other: make(chan struct{})}
	go func() {
		defer func() { close(t.done) }()
		defer close(t.other)
		work()
	}()
	return t
}
func (t *T) Stop() { close(t.other) }
func work() {}
func wait(xs []*T, ys []U, n int) {
	zs := make([]*T, n)
	var ws [3]T
	<-xs[0].done
	<-xs[0].other
	<-ys[0].done
	<-zs[0].done
	<-ws[0].done
}
"""


def test_stalled_fields_need_the_only_close_in_a_stalling_goroutine() -> None:
    from gostuck.analysis.flow.deadchan import elem_type

    tree = parse.parse(STALL_SRC)
    index = PackageIndex("a.go", tree.root_node, STALL_SRC, None)
    dead = DeadChannels(index)
    lit = next(n for n in parse.iter_descendants(tree.root_node) if n.type == "func_literal")
    dead.may_block = lambda: [(lit, lit, "a.go")]
    recvs = [
        n.child_by_field_name("operand")
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "unary_expression" and n.child(0) is not None and n.child(0).type == "<-"
    ]
    ops = [op for op in recvs if op is not None]
    got = [dead.stalled_field_of(op) for op in ops]
    # xs[0].done: closed only by the stalling goroutine's deferred literal.
    assert got[0] is not None and got[0][:2] == ("done", "T")
    # xs[0].other: Stop closes it too.
    assert got[1] is None
    # ys[0].done: a field of another struct type.
    assert got[2] is None
    # zs[0] and ws[0] are typed by their declarations.
    assert got[3] is not None and got[4] is not None
    idents = [
        n.child_by_field_name("operand")
        for op in ops
        for n in [op.child_by_field_name("operand")]
        if n is not None
    ]
    assert [elem_type(i) if i is not None else None for i in idents] == ["T", "T", "U", "T", "T"]


WAITS = b"""package p
import "sync"
type Q struct {
	halted chan struct{}
	tasks  sync.WaitGroup
}
func (q *Q) start() { q.tasks.Add(1) }
func (q *Q) haltedC() <-chan struct{} { return q.halted }
func (q *Q) halt() {
	q.tasks.Wait()
	close(q.halted)
}
"""


def _facts(src: bytes) -> FileFacts:
    return FileFacts("a.go", src, parse.parse(src), {})


def test_a_close_after_a_wait_nothing_counts_down_never_runs() -> None:
    d = _facts(WAITS).dead_channels
    assert d.is_dead("halted", "Q")
    (_, why), *_ = d.never_run_writers("halted", "Q")
    assert parse.text(why) == "q.tasks.Wait()"


@pytest.mark.parametrize(
    "extra",
    [
        "func (q *Q) finish() { q.tasks.Done() }",  # counted down
        "func (q *Q) undo() { q.tasks.Add(-1) }",  # counted down by a negative Add
        "func (q *Q) more(n int) { q.tasks.Add(n) }",  # n may be negative
        "func (q *Q) lend() *sync.WaitGroup { return &q.tasks }",  # someone else may
    ],
)
def test_a_wait_that_can_end_lets_the_close_run(extra: str) -> None:
    d = _facts(WAITS + extra.encode() + b"\n").dead_channels
    assert not d.is_dead("halted", "Q")


def test_a_wait_nothing_counts_up_returns_at_once() -> None:
    d = _facts(WAITS.replace(b"q.tasks.Add(1)", b"")).dead_channels
    assert not d.is_dead("halted", "Q")


def test_a_promoted_field_of_another_struct_is_not_this_one() -> None:
    # ``t.halted`` of a struct embedding H is H's field: its close leaves Q's halted alone.
    src = WAITS + (
        b"type H struct{ halted chan struct{} }\n"
        b"type T struct{ *H }\n"
        b"func (t *T) drop() { close(t.halted) }\n"
    )
    d = _facts(src).dead_channels
    assert d.is_dead("halted", "Q")
    assert not d.is_dead("halted", "H")
