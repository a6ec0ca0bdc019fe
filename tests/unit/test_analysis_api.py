"""analyze_source: findings, options, suppression and crash isolation."""

from __future__ import annotations

import dataclasses

import pytest
from gostuck.analysis import api, registry
from gostuck.analysis.check import Check, Pass
from gostuck.analysis.flow import index
from gostuck.analysis.model import Confidence, Options, Role, Severity
from tree_sitter import Tree

TIMEOUT = b"""package p

import "context"

func fetch(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
"""


def test_timeout_send_is_reported_at_the_go_statement() -> None:
    res = api.analyze_source("f.go", TIMEOUT)
    assert res.errors == ()
    [f] = res.findings
    assert f.code == "GS1001"
    assert f.name == "send-after-receiver-gone"
    assert (f.span.start_line, f.span.start_col) == (6, 1)
    assert TIMEOUT[f.span.start_byte : f.span.start_byte + 2] == b"go"
    assert f.confidence is Confidence.HIGH
    assert f.severity is Severity.WARNING
    assert '"ch"' in f.message
    roles = {r.role: r for r in f.related}
    assert roles[Role.BLOCK].span.start_line == 7
    assert roles[Role.PATH].span.start_line == 13
    assert "timeout" in roles[Role.PATH].message
    assert roles[Role.CHANNEL].span.start_line == 5
    titles = [fix.title for fix in f.fixes]
    assert titles == ['Give "ch" a buffer of 1', "Give up the send when ctx is done"]
    # Each fix works on its own.
    for fix, want in zip(
        f.fixes, [b"make(chan int, 1)", b"case <-ctx.Done():\n\t\t}"], strict=True
    ):
        fixed = TIMEOUT
        for edit in sorted(fix.edits, key=lambda e: e.span.start_byte, reverse=True):
            fixed = (
                fixed[: edit.span.start_byte] + edit.new_text.encode() + fixed[edit.span.end_byte :]
            )
        assert want in fixed
        assert api.analyze_source("f.go", fixed).findings == ()


FIRST_ERROR = b"""package p

import (
	"context"
	"time"
)

func ready(ctx context.Context, checks []func(context.Context) error) error {
	errc := make(chan error)
	for _, c := range checks {
		go func() {
			errc <- c(ctx)
		}()
	}
	for range checks {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func dial(ctx context.Context, d time.Duration) int {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return 0
	case <-ctx.Done():
		return -1
	}
}

func scan(ctx context.Context, n int) []int {
	results := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			results <- i
		}
	}()
	var out []int
	for {
		select {
		case v := <-results:
			out = append(out, v)
		case <-ctx.Done():
			return out
		}
	}
}
"""


def test_fixes_are_offered_only_where_they_end_the_leak_on_every_path() -> None:
    # ready: the parent stops at the first error while ctx lives on, so a select on
    # ctx.Done() would wait as long; dial: the timer's path leaves ctx alive too. scan: a
    # goroutine that sends up to n values is not saved by a buffer of one, but ctx is done
    # on the only path that strands it. (issue 13: tests/e2e/test_sample_fixes.py runs such
    # fixes; these shapes come from bench/realistic, where both fixes failed at run time.)
    res = api.analyze_source("f.go", FIRST_ERROR, options=Options(min_confidence=Confidence.LOW))
    by_line = {f.span.start_line + 1: [x.title for x in f.fixes] for f in res.findings}
    assert by_line[11] == []
    assert by_line[25] == ['Give "ch" a buffer of 1']
    assert by_line[40] == ["Give up the send when ctx is done"]


def test_buffered_channel_is_silent() -> None:
    src = TIMEOUT.replace(b"make(chan int)", b"make(chan int, 1)")
    assert api.analyze_source("f.go", src).findings == ()


def test_file_without_go_statement_is_silent() -> None:
    assert api.analyze_source("f.go", b"package p\nfunc f() {}\n").findings == ()


def test_file_that_cannot_start_a_goroutine_is_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[bytes] = []
    real = index.cached_tree

    def counting(src: bytes) -> Tree:
        parsed.append(src)
        return real(src)

    monkeypatch.setattr(api, "cached_tree", counting)
    # Prose about go in comments and strings is no go statement...
    quiet = b'package p\n// go vet, go test\nvar s = "go f()"\nfunc f() {}\n'
    assert api.analyze_source("q.go", quiet).findings == ()
    assert parsed == []
    # ...but its directives are still read: one that names no finding is reported unused.
    unused = quiet + b"//gostuck:ignore GS1001 the sender always finds a receiver\nvar x = 1\n"
    assert [f.code for f in api.analyze_source("q.go", unused).findings] == ["GS0001"]
    assert parsed == []
    api.analyze_source("f.go", TIMEOUT)
    assert parsed == [TIMEOUT]


@pytest.mark.parametrize(
    "spelling",
    [
        b"go func() {\n\t\tch <- 1\n\t}()",
        b"go(func() {\n\t\tch <- 1\n\t})()",
        b"go /* send */ func() {\n\t\tch <- 1\n\t}()",
        b"go // send\n\tfunc() {\n\t\tch <- 1\n\t}()",
        b"go\n\tfunc() {\n\t\tch <- 1\n\t}()",
        b"/* send */ go func() {\n\t\tch <- 1\n\t}()",
        b"_ = 0; go func() {\n\t\tch <- 1\n\t}()",
    ],
)
def test_every_spelling_of_a_go_statement_is_analysed(spelling: bytes) -> None:
    src = TIMEOUT.replace(b"go func() {\n\t\tch <- 1\n\t}()", spelling)
    assert src != TIMEOUT or spelling.startswith(b"go func")
    assert [f.code for f in api.analyze_source("f.go", src).findings] == ["GS1001"]


def test_select_and_ignore_options() -> None:
    assert (
        api.analyze_source("f.go", TIMEOUT, options=Options(ignore=frozenset({"GS1"}))).findings
        == ()
    )
    got = api.analyze_source("f.go", TIMEOUT, options=Options(select=frozenset({"GS1001"})))
    assert [f.code for f in got.findings] == ["GS1001"]


def test_tests_can_be_excluded() -> None:
    opts = Options(include_tests=False)
    assert api.analyze_source("f_test.go", TIMEOUT, options=opts).findings == ()


def test_suppression_with_reason() -> None:
    src = TIMEOUT.replace(
        b"\tgo func", b"\t//gostuck:ignore GS1001 ctx is never cancelled\n\tgo func"
    )
    assert api.analyze_source("f.go", src).findings == ()


def test_suppression_without_reason_is_reported_and_suppresses_nothing() -> None:
    src = TIMEOUT.replace(b"\tgo func", b"\t//gostuck:ignore GS1001\n\tgo func")
    codes = sorted(f.code for f in api.analyze_source("f.go", src).findings)
    assert codes == ["GS0002", "GS1001"]


@pytest.mark.parametrize("reason", ["<reason>", "reason", "<why>", "TODO"])
def test_placeholder_reason_is_no_reason(reason: str) -> None:
    directive = f"\t//gostuck:ignore GS1001 {reason}\n\tgo func".encode()
    src = TIMEOUT.replace(b"\tgo func", directive)
    findings = sorted(api.analyze_source("f.go", src).findings, key=lambda f: f.code)
    assert [f.code for f in findings] == ["GS0002", "GS1001"]
    assert findings[0].message == f"ignore directive needs a reason in place of {reason!r}"


def test_unused_suppression_is_reported() -> None:
    src = b"package p\n\n//gostuck:ignore GS1001 stale\nfunc f() { go g() }\nfunc g() {}\n"
    [f] = api.analyze_source("f.go", src).findings
    assert f.code == "GS0001"
    assert f.span.start_line == 2


def test_crashing_check_is_isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(p: Pass) -> None:
        raise ValueError("kaboom")

    broken = Check(code="GS1999", name="broken", doc=registry.CHECKS[2].doc, run=boom)
    monkeypatch.setattr(registry, "CHECKS", (*registry.CHECKS, broken))
    monkeypatch.setattr(registry, "BY_CODE", {**registry.BY_CODE, "GS1999": broken})
    res = api.analyze_source("dir/f.go", TIMEOUT)
    assert [f.code for f in res.findings] == ["GS1001"]
    [err] = res.errors
    assert err.code == "GS1999"
    assert "dir/f.go" in err.message and "GS1999" in err.message and "kaboom" in err.message


def test_registry_codes_are_unique_and_documented() -> None:
    codes = [c.code for c in registry.CHECKS]
    assert len(codes) == len(set(codes))
    for c in registry.CHECKS:
        assert c.doc.title and c.doc.text and c.doc.since
        assert c.url.endswith(f"/docs/checks/{c.code}.md")
        assert c.name == c.name.lower() and " " not in c.name
    assert dataclasses.is_dataclass(registry.CHECKS[0])


def test_files_without_go_statements_build_no_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    from gostuck.analysis.flow import index
    from gostuck.syntax import cfg

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("no graph or index work expected without a go statement")

    monkeypatch.setattr(cfg, "build", forbidden)
    monkeypatch.setattr(index.PackageIndex, "lookup", forbidden)
    src = b"package p\n\nfunc f(ch chan int) {\n\tfor {\n\t\tch <- 1\n\t}\n}\n"
    assert api.analyze_source("f.go", src, package={"g.go": TIMEOUT}).findings == ()


def test_sibling_parses_are_cached() -> None:
    from gostuck.analysis.flow import index

    a = index.cached_tree(b"package p\nfunc cachedSibling() {}\n")
    b = index.cached_tree(b"package p\nfunc cachedSibling() {}\n")
    assert a is b
