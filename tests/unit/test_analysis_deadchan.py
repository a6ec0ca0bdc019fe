"""Dead channel fields: which fields nothing in the package can send on or close."""

from __future__ import annotations

from gostuck.analysis.deadchan import DeadChannels
from gostuck.analysis.index import PackageIndex
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
