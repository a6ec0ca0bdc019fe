"""GS3001: a range whose one closer can return without closing the channel."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Confidence, Finding, Options, Role

ONLY: Options = Options(select=frozenset({"GS3001"}))

SRC = """package p

func fill(xs []int, out chan<- int) error {
	%s
	for _, x := range xs {
		if x < 0 {
			return nil
		}
		out <- x
	}
	%s
	return nil
}

func sum(in <-chan int, res chan<- int) {
	s := 0
	for v := range in {
		s += v
	}
	res <- s
}

func Sum(xs []int) int {
	ch := make(chan int)
	res := make(chan int, 1)
	go sum(ch, res)
	_ = fill(xs, ch)
	%s
	return <-res
}
"""


def _found(head: str, tail: str, after: str = "") -> list[Finding]:
    res = api.analyze_source("f.go", (SRC % (head, tail, after)).encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if "returns without closing" in x.message]


def test_an_early_return_before_the_close_strands_the_range() -> None:
    [x] = _found("", "close(out)")
    assert x.confidence is Confidence.MEDIUM
    assert 'range over "ch" never ends when fill returns without closing it' in x.message
    lines = (SRC % ("", "close(out)", "")).splitlines()
    assert lines[x.span.start_line].strip() == "go sum(ch, res)"
    block = next(r for r in x.related if r.role is Role.BLOCK)
    assert lines[block.span.start_line].strip() == "for v := range in {"
    path = next(r for r in x.related if r.role is Role.PATH)
    assert lines[path.span.start_line].strip() == "return nil"


@pytest.mark.parametrize(
    ("head", "tail", "after"),
    [
        ("defer close(out)", "", ""),  # closed on every path
        ("", "close(out)", "close(ch)"),  # the maker closes it too: not this question
    ],
)
def test_closed_on_every_path_or_by_someone_else_is_silent(
    head: str, tail: str, after: str
) -> None:
    assert _found(head, tail, after) == []
