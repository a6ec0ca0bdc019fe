"""GS1001: a generator whose one consumer stops ranging over its channel and returns."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Confidence, Finding, Options, Role

ONLY: Options = Options(select=frozenset({"GS1001"}))

GEN = """package p

func gen(n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			%s
		}
	}()
	return out
}

func consume(ch <-chan int) int {
	s := 0
	for v := range ch {
		%s
		s += v
	}
	return s
}

func Use(n int) int {
	%s
}
"""


def _stops(send: str, body: str, use: str) -> list[Finding]:
    src = GEN % (send, body, use)
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if "stops ranging" in x.message]


@pytest.mark.parametrize(
    "stop", ["if v > 3 {\n\t\t\treturn v\n\t\t}", "if v > 3 {\n\t\t\tbreak\n\t\t}"]
)
@pytest.mark.parametrize("use", ["return consume(gen(n))", "ch := gen(n)\n\treturn consume(ch)"])
def test_consumer_that_stops_early_strands_the_generator(stop: str, use: str) -> None:
    [x] = _stops("out <- i", stop, use)
    assert x.confidence is Confidence.MEDIUM
    assert 'sending on "out" when consume stops ranging' in x.message
    block = next(r for r in x.related if r.role is Role.BLOCK)
    lines = (GEN % ("out <- i", stop, use)).splitlines()
    assert lines[block.span.start_line].strip() == "out <- i"


@pytest.mark.parametrize(
    ("send", "body", "use"),
    [
        # the consumer reads to the end
        ("out <- i", "_ = v", "return consume(gen(n))"),
        # the send gives up when the caller is gone
        (
            "select {\n\t\t\tcase out <- i:\n\t\t\tdefault:\n\t\t\t}",
            "if v > 3 {\n\t\t\treturn v\n\t\t}",
            "return consume(gen(n))",
        ),
        # the caller reads the rest itself
        (
            "out <- i",
            "if v > 3 {\n\t\t\treturn v\n\t\t}",
            "ch := gen(n)\n\ts := consume(ch)\n\tfor range ch {\n\t}\n\treturn s",
        ),
    ],
)
def test_full_drain_or_a_send_that_gives_up_is_silent(send: str, body: str, use: str) -> None:
    assert _stops(send, body, use) == []
