"""Returned-channel summaries applied at calls, and where a stranded goroutine waits."""

from __future__ import annotations

from gostuck.analysis.api import analyze_source
from gostuck.analysis.model import Finding, Role


def _blocks(f: Finding) -> list[tuple[str, int]]:
    return [(r.span.path, r.span.start_line) for r in f.related if r.role is Role.BLOCK]


GEN = b"""package p

func gen(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for {
			ch <- n
		}
	}()
	return ch
}
"""


def test_caller_in_sibling_file_strands_the_callee_goroutine() -> None:
    use = b"package p\n\nfunc first() int {\n\treturn <-gen(1)\n}\n"
    res = analyze_source("gen.go", GEN, package={"gen.go": GEN, "use.go": use})
    [f] = [f for f in res.findings if f.code == "GS1002"]
    assert (f.span.path, f.span.start_line) == ("gen.go", 4)
    assert _blocks(f) == [("gen.go", 6)]
    others = {(r.span.path, r.span.start_line, r.message) for r in f.related}
    assert ("use.go", 3, 'returns here without receiving every value from "ch"') in others
    assert ("use.go", 3, "first gets the channel here") in others
    # The caller's own file has no go statement of this goroutine: nothing reported there.
    res = analyze_source("use.go", use, package={"gen.go": GEN, "use.go": use})
    assert [f for f in res.findings if f.code.startswith("GS1")] == []


def test_escaping_result_is_silent() -> None:
    for use in (
        b"package p\n\nfunc relay() <-chan int {\n\treturn gen(1)\n}\n",
        b"package p\n\nvar keep <-chan int\n\nfunc store() {\n\tkeep = gen(1)\n}\n",
        b'package p\n\nimport "fmt"\n\nfunc show() {\n\tfmt.Println(gen(1))\n}\n',
    ):
        res = analyze_source("gen.go", GEN, package={"gen.go": GEN, "use.go": use})
        assert [f for f in res.findings if f.code.startswith("GS1")] == [], use


def test_range_over_call_starts_the_goroutines_once() -> None:
    # The range expression runs once: one send, one receive per round, a full drain.
    src = b"""package p

func one() <-chan int {
	ch := make(chan int)
	go func() { ch <- 1; close(ch) }()
	return ch
}

func all() int {
	s := 0
	for v := range one() {
		s += v
		if s > 10 {
			return s
		}
	}
	return s
}
"""
    assert [f for f in analyze_source("a.go", src).findings if f.code.startswith("GS1")] == []


def test_alternative_sends_are_all_listed() -> None:
    src = b"""package p

import "time"

func run(q string) int {
	done := make(chan int)
	go func() {
		if q == "" {
			done <- -1
			return
		}
		done <- len(q)
	}()
	select {
	case n := <-done:
		return n
	case <-time.After(time.Second):
		return 0
	}
}
"""
    [f] = [f for f in analyze_source("a.go", src).findings if f.code == "GS1001"]
    assert _blocks(f) == [("a.go", 8), ("a.go", 11)]


def test_second_of_two_sends_is_where_it_waits() -> None:
    src = b"""package p

func first(a, b int) int {
	ch := make(chan int)
	go func() {
		ch <- a
		ch <- b
	}()
	return <-ch
}
"""
    [f] = [f for f in analyze_source("a.go", src).findings if f.code == "GS1002"]
    assert _blocks(f) == [("a.go", 6)]


def test_buffer_fix_only_when_one_caller_strands() -> None:
    one = b"""package p

import "context"

func get() <-chan int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return ch
}

func wait(ctx context.Context) int {
	select {
	case v := <-get():
		return v
	case <-ctx.Done():
		return 0
	}
}
"""
    [f] = [f for f in analyze_source("a.go", one).findings if f.code == "GS1001"]
    assert [x.title for x in f.fixes] == ['Give "ch" a buffer of 1']
    two = one + b"\nfunc drop() { get() }\n"
    found = [f for f in analyze_source("a.go", two).findings if f.code.startswith("GS100")]
    assert found and all(not f.fixes for f in found)
