"""Sends in a literal a package function calls back, and buffers of one slot per goroutine."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Finding, Options

ONLY: Options = Options(select=frozenset({"GS1001", "GS1002"}))

SRC = """package p

import "time"

func each(xs []int, emit func(int)) {
	for _, x := range xs {
		emit(x)
	}
}

func once(xs []int, emit func(int)) {
	emit(len(xs))
}

type job struct {
	parts [][]int
}

func (j *job) run(wait time.Duration) int {
	out := make(chan int, len(j.parts))
	for _, p := range j.parts {
		go func() {
			each(p, func(x int) { out <- x })
		}()
	}
	n := 0
	for range j.parts {
		select {
		case v := <-out:
			n += v
		case <-time.After(wait):
			return n
		}
	}
	return n
}
"""


def _found(src: str) -> list[Finding]:
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if x.code in ("GS1001", "GS1002")]


def test_sends_in_a_callback_count_once_per_call() -> None:
    [x] = _found(SRC)
    assert x.code == "GS1001"
    assert x.span.start_line == 21  # go func() {
    assert 'sending on "out" when run returns' in x.message
    assert any("one value per goroutine" in r.message for r in x.related)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # One call, one send: the goroutine's own slot always takes it.
        ("each(p, func", "once(p, func"),
        # The buffer is sized by another slice than the goroutines are started over.
        ("make(chan int, len(j.parts))", "make(chan int, len(j.other))"),
        # The slice may change between the make and the loop.
        (
            "\tfor _, p := range j.parts {\n\t\tgo",
            "\tj.parts = nil\n\tfor _, p := range j.parts {\n\t\tgo",
        ),
        # A second loop around the first starts more goroutines than slots: unknown.
        (
            "\tfor _, p := range j.parts {\n\t\tgo func() {\n"
            "\t\t\teach(p, func(x int) { out <- x })\n\t\t}()\n\t}\n",
            "\tfor range 2 {\n\t\tfor _, p := range j.parts {\n\t\t\tgo func() {\n"
            "\t\t\t\tonce(p, func(x int) { out <- x })\n\t\t\t}()\n\t\t}\n\t}\n",
        ),
    ],
)
def test_one_slot_per_goroutine_is_enough_or_unknown(old: str, new: str) -> None:
    assert old in SRC
    src = SRC.replace(old, new).replace("type job struct {\n", "type job struct {\n\tother []int\n")
    assert _found(src) == []


@pytest.mark.parametrize(
    "helper",
    [
        # Stored: whoever holds it may call it any time.
        "var kept func(int)\n\nfunc each2(xs []int, emit func(int)) {\n\tkept = emit\n}\n",
        # Called in a goroutine of its own: not on the spot.
        "func each2(xs []int, emit func(int)) {\n\tgo emit(1)\n}\n",
        # Deferred.
        "func each2(xs []int, emit func(int)) {\n\tdefer emit(1)\n}\n",
        # Passed on.
        "func each2(xs []int, emit func(int)) {\n\teach(xs, emit)\n}\n",
    ],
)
def test_a_callback_not_called_on_the_spot_hides_its_sends(helper: str) -> None:
    src = SRC.replace("each(p, func", "each2(p, func") + "\n" + helper
    assert _found(src) == []


def test_a_callback_with_a_constant_buffer_is_counted_too() -> None:
    src = SRC.replace("make(chan int, len(j.parts))", "make(chan int, 1)")
    [x] = _found(src)
    assert x.span.start_line == 21
