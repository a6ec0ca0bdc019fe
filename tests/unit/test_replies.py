"""GS1003: a goroutine waiting for a reply that the server can leave unsent."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Finding, Options, Role

ONLY: Options = Options(select=frozenset({"GS1003"}))

SERVER = """package p

type req struct {
	key   string
	reply chan int
}

type srv struct {
	reqs chan req
	quit chan struct{}
	vals map[string]int
}

func (s *srv) loop() {
	for {
		select {
		case r := <-s.reqs:
			v, ok := s.vals[r.key]
			if !ok {
				%s
			}
			r.reply <- v
		case <-s.quit:
			return
		}
	}
}

func (s *srv) get(key string) int {
	reply := make(chan int)
	s.reqs <- req{key: key, reply: reply}
	%s
}

func use(s *srv, keys []string, out chan<- int) {
	for _, k := range keys {
		go func() { out <- s.get(k) }()
	}
}
"""


def _replies(unanswered: str, wait: str = "return <-reply") -> list[Finding]:
    src = SERVER % (unanswered, wait)
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if x.code == "GS1003" and "takes the request" in x.message]


def test_a_server_path_without_a_reply_strands_the_requester() -> None:
    [x] = _replies("continue")
    assert 'receiving from "reply" in get: loop takes the request' in x.message
    lines = (SERVER % ("continue", "return <-reply")).splitlines()
    block = next(r for r in x.related if r.role is Role.BLOCK)
    assert lines[block.span.start_line].strip() == "return <-reply"
    path = next(r for r in x.related if r.role is Role.PATH)
    assert lines[path.span.start_line].strip() == "continue"
    assert lines[x.span.start_line].strip().startswith("go func()")


@pytest.mark.parametrize(
    ("unanswered", "wait"),
    [
        ("r.reply <- -1\n\t\t\t\tcontinue", "return <-reply"),  # answered on every path
        ("close(r.reply)\n\t\t\t\tcontinue", "return <-reply"),
        ("s.fail(r)\n\t\t\t\tcontinue", "return <-reply"),  # handed on: it may answer
        # the requester gives up after a while: not stuck
        (
            "continue",
            "select {\n\tcase v := <-reply:\n\t\treturn v\n\tcase <-s.quit:\n\t\treturn 0\n\t}",
        ),
    ],
)
def test_answered_or_not_waited_for_is_silent(unanswered: str, wait: str) -> None:
    assert _replies(unanswered, wait) == []


def test_a_reply_channel_made_in_the_request() -> None:
    src = SERVER % ("continue", "return 0") + (
        "\nfunc (s *srv) get2(key string) int {\n\tr := req{key: key, reply: make(chan int)}\n"
        "\ts.reqs <- r\n\treturn <-r.reply\n}\n\n"
        'func use2(s *srv, out chan<- int) {\n\tgo func() { out <- s.get2("k") }()\n}\n'
    )
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    found = [x for x in res.findings if "takes the request" in x.message]
    lines = src.splitlines()
    assert [lines[x.span.start_line].strip() for x in found] == [
        'go func() { out <- s.get2("k") }()'
    ]
    assert 'receiving from "r.reply" in get2' in found[0].message


def test_a_namesake_channel_of_another_kind_is_no_server() -> None:
    # Another struct has a field of the same name whose requests carry no reply at all:
    # its loop going on without replying says nothing about ours.
    src = (SERVER % ("r.reply <- -1\n\t\t\t\tcontinue", "return <-reply")) + (
        "\ntype note struct{ text string }\n\ntype log struct{ reqs chan note }\n\n"
        'func (l *log) run() {\n\tfor n := range l.reqs {\n\t\tif n.text == "" {\n'
        "\t\t\tcontinue\n\t\t}\n\t\tprintln(n.text)\n\t}\n}\n"
    )
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert [x for x in res.findings if "takes the request" in x.message] == []
