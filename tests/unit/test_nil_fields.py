"""GS1004: a channel field that the literal making a value leaves nil, followed to its use."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Finding, Options, Role

ONLY: Options = Options(select=frozenset({"GS1004"}))

SRC = """package %s

type Svc struct {
	name string
	out  chan int
}

func NewSvc() *Svc { return &Svc{name: "a", out: make(chan int, 1)} }

func (s *Svc) Emit(v int) {
	go func() {
		s.out <- v
	}()
}

%s
"""


def _found(body: str, pkg: str = "p") -> list[Finding]:
    res = api.analyze_source("f.go", (SRC % (pkg, body)).encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if "nil channel field" in x.message]


def test_a_literal_without_the_field_reaching_the_send_is_stuck() -> None:
    body = 'func admin() {\n\ts := &Svc{name: "b"}\n\ts.Emit(1)\n}'
    [x] = _found(body)
    lines = (SRC % ("p", body)).splitlines()
    assert lines[x.span.start_line].strip() == "go func() {"
    block = next(r for r in x.related if r.role is Role.BLOCK)
    assert lines[block.span.start_line].strip() == "s.out <- v"
    made = next(r for r in x.related if r.role is Role.CHANNEL)
    assert lines[made.span.start_line].strip() == 's := &Svc{name: "b"}'


@pytest.mark.parametrize(
    "body",
    [
        # The literal's value never reaches a method that uses the field.
        'func label() string {\n\ts := &Svc{name: "b"}\n\treturn s.name\n}',
        # Something assigns the field: values may get it later.
        "func fix(s *Svc) {\n\ts.out = make(chan int)\n}\nfunc admin() {\n\t(&Svc{}).Emit(1)\n}",
        # The code tests the field for nil: a nil channel is expected.
        "func has(s *Svc) bool { return s.out != nil }\n"
        'func admin() {\n\ts := &Svc{name: "b"}\n\ts.Emit(1)\n}',
        # Listed by position: every field is set.
        'func admin() {\n\ts := &Svc{"b", make(chan int)}\n\ts.Emit(1)\n}',
    ],
)
def test_values_that_may_have_the_channel_are_silent(body: str) -> None:
    assert _found(body) == []


def test_an_exported_field_may_be_set_by_other_packages() -> None:
    src = (
        (SRC % ("p", 'func admin() {\n\ts := &Svc{name: "b"}\n\ts.Emit(1)\n}'))
        .replace("out ", "Out ")
        .replace("out:", "Out:")
        .replace("s.out", "s.Out")
    )
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert [x for x in res.findings if "nil channel field" in x.message] == []


def test_a_value_sent_on_a_channel_is_followed_to_its_receiver() -> None:
    body = (
        "type Hub struct{ in chan *Svc }\n"
        "func (h *Hub) loop() {\n\tfor s := range h.in {\n\t\ts.out <- 1\n\t}\n}\n"
        "func (h *Hub) Start() {\n\tgo h.loop()\n\th.in <- &Svc{}\n}"
    )
    [x] = _found(body)
    lines = (SRC % ("p", body)).splitlines()
    assert lines[x.span.start_line].strip() == "go h.loop()"
