"""Goroutines stuck behind stuck goroutines (analysis/partner/blocked.py), from all verdicts."""

from __future__ import annotations

import pytest
from gostuck.analysis import registry
from gostuck.analysis.api import analyze_source
from gostuck.analysis.check import Check, Pass
from gostuck.analysis.context import FileFacts
from gostuck.analysis.model import Confidence, Options, Role
from gostuck.analysis.partner import blocked
from gostuck.syntax import parse

SRC = """package p

import (
	"context"
	"sync"
)

func run(ctx context.Context, parts []int, skip bool) int {
	var wg sync.WaitGroup
	var progress chan int
	for _, part := range parts {
		wg.Add(1)
		go func() {
			%s
		}()
	}
	%s
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return 0
	case <-ctx.Done():
		return -1
	}
}
"""
DEFERRED = "defer wg.Done()\n\t\t\tprogress <- part"
DONE_FIRST = "wg.Done()\n\t\t\tprogress <- part"

STRANDED = """package p

import "sync"

func quick(urls []string, skip bool) int {
	res := make(chan int)
	var wg sync.WaitGroup
	for range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res <- 1
		}()
	}
	%s
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	%s
	n := 0
	for range urls {
		n += <-res
	}
	<-done
	return n
}
"""


def _facts(src: str) -> FileFacts:
    data = src.encode()
    return FileFacts("a.go", data, parse.parse(data), None)


def _lines(src: str, code: str = "GS5001") -> list[int]:
    res = analyze_source("a.go", src.encode(), options=Options(select=frozenset({code})))
    return [f.span.start_line + 1 for f in res.findings if f.confidence >= Confidence.MEDIUM]


def test_a_wait_for_a_worker_stuck_before_its_deferred_done_blocks() -> None:
    src = SRC % (DEFERRED, "")
    [b] = blocked.behind(_facts(src))
    assert b.code == "GS5001" and b.primitive == "wg"
    assert b.block.text == b"wg.Wait()" and b.cause.code == "GS1004"
    assert b.cause_site.start_point[0] + 1 == 15  # progress <- part
    # Reported by GS5001 alone: the GS1004 verdict it follows from is asked for anyway.
    assert _lines(src) == [20]


def test_the_finding_names_the_wait_and_the_stuck_worker() -> None:
    src = SRC % (DEFERRED, "")
    res = analyze_source("a.go", src.encode())
    [f] = [f for f in res.findings if f.code == "GS5001"]
    roles = [(r.role, r.span.start_line + 1) for r in f.related]
    assert roles == [(Role.BLOCK, 21), (Role.OTHER, 13), (Role.OTHER, 15)]
    assert f.confidence is Confidence.MEDIUM


def test_a_done_before_the_block_is_given_back() -> None:
    assert blocked.behind(_facts(SRC % (DONE_FIRST, ""))) == []


def test_a_worker_stranded_after_the_waiter_starts_leaves_it_waiting() -> None:
    src = STRANDED % ("", "if skip {\n\t\treturn 0\n\t}")
    assert [b.go.start_point[0] + 1 for b in blocked.behind(_facts(src))] == [17]


def test_a_worker_stranded_before_the_waiter_starts_says_nothing_of_it() -> None:
    src = STRANDED % ("if skip {\n\t\treturn 0\n\t}", "")
    assert blocked.behind(_facts(src)) == []


def test_each_check_runs_once_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[str] = []
    old = registry.BY_CODE["GS1004"]

    def counted(p: Pass) -> None:
        runs.append(p.path)
        old.run(p)

    new = Check(old.code, old.name, old.doc, counted, old.severity)
    checks = tuple(new if c.code == old.code else c for c in registry.CHECKS)
    monkeypatch.setattr(registry, "CHECKS", checks)
    monkeypatch.setattr(registry, "BY_CODE", {c.code: c for c in checks})
    res = analyze_source("a.go", (SRC % (DEFERRED, "")).encode())
    assert {f.code for f in res.findings} >= {"GS1004", "GS5001"}
    assert runs == ["a.go"]


def test_a_crashed_check_gives_no_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    old = registry.BY_CODE["GS1004"]

    def crash(p: Pass) -> None:
        raise IndexError("broken")

    new = Check(old.code, old.name, old.doc, crash, old.severity)
    checks = tuple(new if c.code == old.code else c for c in registry.CHECKS)
    monkeypatch.setattr(registry, "CHECKS", checks)
    monkeypatch.setattr(registry, "BY_CODE", {c.code: c for c in checks})
    res = analyze_source("a.go", (SRC % (DEFERRED, "")).encode())
    assert "GS5001" not in {f.code for f in res.findings}
    [error] = res.errors
    assert error.code == "GS1004" and "IndexError" in error.message


RANGE = """package p

import "sync"

func fail(i int) bool { return i > 1 }

func probeAll(n int) <-chan int {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			if fail(i) {
				return
			}
			results <- i
			wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	%s
	return results
}

func collect(n int, out chan<- int) {
	go func() {
		k := 0
		for range probeAll(n) {
			k++
		}
		out <- k
	}()
}
"""


def test_a_range_whose_one_closer_is_stuck_first_never_ends() -> None:
    got = blocked.behind(_facts(RANGE % ""))
    assert [(b.code, b.go.start_point[0] + 1, b.primitive) for b in got] == [
        ("GS3001", 29, "results")
    ]
    assert got[0].cause.code == "GS5001" and got[0].block.type == "for_statement"


def test_a_range_over_a_channel_closed_elsewhere_too_may_end() -> None:
    src = RANGE % "if n == 0 {\n\t\tclose(results)\n\t}"
    assert blocked.behind(_facts(src)) == []


def test_a_done_in_a_loop_may_come_before_a_later_round_blocks() -> None:
    body = "for {\n\t\t\t\tprogress <- part\n\t\t\t\twg.Done()\n\t\t\t\treturn\n\t\t\t}"
    assert _lines(SRC % (body, "")) == []
    assert blocked.behind(_facts(SRC % (body, ""))) == []


POOL = """package p

import (
	"context"
	"sync"
)

type pool struct{ wg sync.WaitGroup }

func (p *pool) fetch(ctx context.Context) int {
	ch := make(chan int)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ch <- 1
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func (p *pool) shutdown(closed bool) {
	%s
	go func() {
		p.wg.Wait()
	}()
}
"""


def test_a_waiter_another_function_always_starts_waits_for_a_stranded_worker() -> None:
    got = blocked.behind(_facts(POOL % ""))
    assert [(b.go.start_point[0] + 1, b.primitive) for b in got] == [(27, "p.wg")]
    assert got[0].cause.code == "GS1001"


def test_a_waiter_started_on_some_paths_only_is_not_judged_for_another_functions_path() -> None:
    assert blocked.behind(_facts(POOL % "if closed {\n\t\treturn\n\t}")) == []


def test_a_range_over_a_name_bound_to_the_call_is_followed_when_used_nowhere_else() -> None:
    named = (RANGE % "").replace("for range probeAll(n) {", "ch := probeAll(n)\n\t\tfor range ch {")
    assert [b.go.start_point[0] + 1 for b in blocked.behind(_facts(named))] == [29]
    handed = named.replace("out <- k", "out <- k + len(ch)")
    assert blocked.behind(_facts(handed)) == []


def test_a_crashing_follow_keeps_the_checks_own_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    old = registry.BY_CODE["GS5001"]

    def crash(p: Pass) -> None:
        raise IndexError("broken")

    new = Check(old.code, old.name, old.doc, old.run, old.severity, follow=crash)
    checks = tuple(new if c.code == old.code else c for c in registry.CHECKS)
    monkeypatch.setattr(registry, "CHECKS", checks)
    monkeypatch.setattr(registry, "BY_CODE", {c.code: c for c in checks})
    src = (SRC % (DEFERRED, "")) + (
        "\nfunc never() {\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo func() {\n"
        "\t\twg.Wait()\n\t}()\n}\n"
    )
    res = analyze_source("a.go", src.encode())
    assert [f.span.start_line + 1 for f in res.findings if f.code == "GS5001"] == [35]
    [error] = res.errors
    assert error.code == "GS5001" and "IndexError" in error.message
