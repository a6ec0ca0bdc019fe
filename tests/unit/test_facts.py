"""Channel facts, goroutine facts and path counting."""

from __future__ import annotations

from gostuck.analysis.api import analyze_source
from gostuck.analysis.flow import facts
from gostuck.analysis.flow.facts import (
    LIMIT,
    MANY,
    Analyzer,
    Op,
    classify,
    find_channels,
    idents_named,
)
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import parse
from tree_sitter import Node


def first_func(src: bytes, name: str) -> tuple[Node, Analyzer]:
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, None)
    for n in tree.root_node.named_children:
        nm = n.child_by_field_name("name")
        if nm is not None and nm.text == name.encode():
            return n, Analyzer("a.go", index)
    raise AssertionError(name)


def test_capacity_of_makes() -> None:
    src = b"""package p
func f(n int) {
	a := make(chan int)
	b := make(chan int, 3)
	c := make(chan int, n)
	var d = make(chan int, 0x2)
	e = make(chan int)
}
"""
    fn, _ = first_func(src, "f")
    got = {c.name: c.capacity for c in find_channels(fn)}
    assert got == {"a": 0, "b": 3, "c": None, "d": 2}  # e may be a package variable


def test_classify_uses() -> None:
    src = b"""package p
func f() {
	ch := make(chan int)
	ch <- 1
	<-ch
	v, ok := <-ch
	for range ch {
	}
	close(ch)
	_ = len(ch)
	g(ch)
	other := ch
	select {
	case ch <- 2:
	case x := <-ch:
		_ = x
	}
	_, _, _ = v, ok, other
}
"""
    fn, _ = first_func(src, "f")
    ops = [classify(i) for i in idents_named(fn, "ch")]
    assert [u.op for u in ops] == [
        Op.DEF,
        Op.SEND,
        Op.RECV,
        Op.RECV,
        Op.RANGE,
        Op.CLOSE,
        Op.NONE,
        Op.CALL,
        Op.ESCAPE,
        Op.SEND,
        Op.RECV,
    ]
    assert [u.in_select for u in ops][-2:] == [True, True]


def test_profile_counts_min_and_max_sends() -> None:
    src = b"""package p
func double(ch chan int, err error) {
	if err != nil {
		ch <- 0
	}
	ch <- 1
}
func loop(ch chan int, xs []int) {
	for _, x := range xs {
		ch <- x
	}
}
func forever(ch chan int) {
	for {
		ch <- 1
	}
}
func once(ch chan int) {
	ch <- 1
	for {
	}
}
"""
    for name, want in [("double", (1, 2)), ("loop", (0, LIMIT)), ("forever", (MANY, MANY))]:
        fn, an = first_func(src, name)
        prof = an.profile(fn, "ch")
        assert prof is not None
        assert prof.blocking[Op.SEND] == want, name
    fn, an = first_func(src, "once")
    prof = an.profile(fn, "ch")
    assert prof is not None and prof.blocking[Op.SEND] == (1, 1)


def test_profile_follows_calls_and_escapes() -> None:
    src = b"""package p
var sink chan int
func helper(c chan int) { c <- 1 }
func viaHelper(ch chan int) { helper(ch) }
func leaks(ch chan int) { sink = ch }
func unknown(ch chan int) { somewhere.Else(ch) }
"""
    fn, an = first_func(src, "viaHelper")
    prof = an.profile(fn, "ch")
    assert prof is not None and prof.blocking[Op.SEND] == (1, 1)
    for name in ("leaks", "unknown"):
        fn, an = first_func(src, name)
        assert an.profile(fn, "ch") is None, name


def test_goroutine_facts_resolve_named_functions_across_files() -> None:
    a = b"package p\nfunc f(ch chan int) {\n\tgo worker(ch, 1)\n\tgo func() {}()\n}\n"
    b = b"package p\nfunc worker(in chan int, n int) { <-in }\n"
    tree = parse.parse(a)
    index = PackageIndex("a.go", tree.root_node, a, {"a.go": a, "b.go": b})
    gos = [facts.goroutine_of(s, "a.go", index) for s in facts.find_go_statements(tree.root_node)]
    assert gos[0] is not None and gos[0].path == "b.go" and gos[0].params == ["in", "n"]
    assert gos[1] is not None and gos[1].is_literal and not gos[1].in_loop


def test_named_goroutine_in_sibling_file_strands() -> None:
    a = b"""package p

import "context"

func f(ctx context.Context) int {
	ch := make(chan int)
	go produce(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
"""
    b = b"package p\n\nfunc produce(out chan<- int) {\n\tout <- 42\n}\n"
    res = analyze_source("a.go", a, package={"a.go": a, "b.go": b})
    [f] = res.findings
    assert f.code == "GS1001"
    block = next(r for r in f.related if r.role.value == "block")
    assert (block.span.path, block.span.start_line) == ("b.go", 3)


def test_other_package_sibling_is_ignored() -> None:
    a = b"package p\nfunc f() {\n\tch := make(chan int)\n\tgo produce(ch)\n}\n"
    b = b"package p_test\nfunc produce(out chan<- int) { out <- 1 }\n"
    assert analyze_source("a.go", a, package={"b_test.go": b}).findings == ()


def test_new_syntax_elsewhere_does_not_kill_the_file() -> None:
    src = b"""package p

func g[T any](x T) *T { return new(x + 1) }

func f() {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
}
"""
    res = analyze_source("a.go", src)
    assert [f.code for f in res.findings] == ["GS1002"]


def test_deeply_nested_function_is_skipped_not_crashed() -> None:
    depth = 5000
    body = b"if c {\n" * depth + b"x()\n" + b"}\n" * depth
    src = b"package p\nfunc f() {\n\tgo func() {}()\n" + body + b"}\n"
    res = analyze_source("a.go", src)
    assert res.errors == ()


def test_invalid_utf8_is_analysed() -> None:
    src = (
        b"package p\n// caf\xe9\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"
    )
    res = analyze_source("a.go", src)
    assert res.errors == ()
    assert [f.code for f in res.findings] == ["GS1002"]


def test_struct_field_channels_follow_methods() -> None:
    src = b"""package p

type S struct {
	n    int
	reqs chan int
}

func (s *S) loop() {
	for r := range s.reqs {
		_ = r
	}
}

func (s *S) stop() { close(s.reqs) }

func leaky() {
	s := &S{n: 1, reqs: make(chan int)}
	go s.loop()
	s.reqs <- s.n
}

func closed() {
	s := &S{reqs: make(chan int)}
	go s.loop()
	s.reqs <- 1
	s.stop()
}

func escapes() *S {
	s := &S{reqs: make(chan int)}
	go s.loop()
	return s
}
"""
    res = analyze_source("a.go", src)
    assert [(f.code, f.span.start_line) for f in res.findings] == [("GS3001", 17)]
    fn, _ = first_func(src, "leaky")
    assert [c.name for c in find_channels(fn)] == ["s.reqs"]


def test_constructor_made_struct_channels_are_owned_by_the_caller() -> None:
    src = b"""package p

type W struct{ out chan int }

func newW() *W { return &W{out: make(chan int)} }

func newLeakyW() *W {
	w := &W{out: make(chan int)}
	go w.run()
	return w
}

func (w *W) run() { w.out <- 1 }

func use() {
	w := newW()
	go w.run()
}

func useLeaky() {
	w := newLeakyW()
	go w.run()
}
"""
    res = analyze_source("a.go", src)
    # useLeaky: the constructor's own goroutine holds w.out too; with useLeaky's, two sends
    # and no receive. The finding sits at the earlier go statement, the constructor's.
    assert [(f.code, f.span.start_line) for f in res.findings] == [("GS1002", 8), ("GS1002", 16)]


def test_method_of_an_imported_package_is_not_resolved_to_a_local_method() -> None:
    src = b"""package p

import "example.com/srv"

type local struct{}

func (local) Handle(ch chan int) { ch <- 1 }

func f() {
	ch := make(chan int)
	go srv.Handle(ch)
}
"""
    assert analyze_source("a.go", src).findings == ()
