"""Publishers that a subscriber can stop reading while it is still subscribed (GS1001)."""

from __future__ import annotations

import pytest
from gostuck.analysis import api
from gostuck.analysis.model import Finding, Options, Role

ONLY: Options = Options(select=frozenset({"GS1001"}))

HUB = """package p

type hub struct {
	in   chan string
	quit chan struct{}
	subs map[int]chan string
}

func newHub() *hub {
	h := &hub{in: make(chan string), subs: map[int]chan string{}}
	go h.run()
	return h
}

func (h *hub) run() {
	for line := range h.in {
		for _, ch := range h.subs {
			SEND
		}
	}
}

func (h *hub) Subscribe() (<-chan string, func()) {
	ch := make(chan string, 1)
	id := len(h.subs)
	h.subs[id] = ch
	return ch, func() { delete(h.subs, id) }
}

func first(h *hub) string {
	lines, stop := h.Subscribe()
	for l := range lines {
		if l != "" {
			return l
		}
	}
	stop()
	return ""
}
"""


def _gs1001(src: str) -> list[Finding]:
    res = api.analyze_source("f.go", src.encode(), options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if x.code == "GS1001"]


def _line(src: str, text: str) -> int:
    """Return the 0-based line of ``text`` in ``src``."""
    return src[: src.index(text)].count("\n")


def test_a_subscriber_that_returns_early_strands_the_publisher() -> None:
    src = HUB.replace("SEND", "ch <- line")
    [x] = _gs1001(src)
    assert "first can leave its range early" in x.message
    assert x.span.start_line == _line(src, "go h.run()")
    [block] = [r for r in x.related if r.role is Role.BLOCK]
    assert block.span.start_line == _line(src, "ch <- line")
    stops = [r for r in x.related if "stops reading here" in r.message]
    assert stops and stops[0].span.start_line == _line(src, "return l")


@pytest.mark.parametrize(
    "send",
    [
        # the hub drops what a slow subscriber cannot take
        "select {\n\t\t\tcase ch <- line:\n\t\t\tdefault:\n\t\t\t}",
        # the hub's own shutdown frees it
        "select {\n\t\t\tcase ch <- line:\n\t\t\tcase <-h.quit:\n\t\t\t}",
    ],
)
def test_a_publisher_that_cannot_block_on_one_subscriber_is_silent(send: str) -> None:
    assert _gs1001(HUB.replace("SEND", send)) == []


def test_a_publisher_that_sends_once_per_subscriber_is_silent() -> None:
    once = HUB.replace("for line := range h.in {", "{\n\t\tline := <-h.in").replace(
        "SEND", "ch <- line"
    )
    assert _gs1001(once) == []


def test_a_subscriber_that_releases_on_its_way_out_is_silent() -> None:
    src = HUB.replace("SEND", "ch <- line").replace(
        "\t\t\treturn l\n", "\t\t\tstop()\n\t\t\treturn l\n"
    )
    assert _gs1001(src) == []


READER = """package p

func produce(items []int, out chan<- int) {
	for _, it := range items {
		out <- it
	}
	close(out)
}

func find(items []int, want int) bool {
	out := make(chan int, CAP)
	go produce(items, out)
	for v := range out {
		if v == want {
			return true
		}
	}
	return false
}
"""


def test_a_reader_that_stops_its_own_producer_early_strands_it() -> None:
    src = READER.replace("CAP", "64")  # beyond what the strand counting can tell apart
    [x] = _gs1001(src)
    assert "when find stops ranging over it and returns before the channel is closed" in x.message
    assert x.span.start_line == _line(src, "go produce")
    [block] = [r for r in x.related if r.role is Role.BLOCK]
    assert block.span.start_line == _line(src, "out <- it")


def test_a_buffer_as_long_as_the_input_is_silent() -> None:
    assert _gs1001(READER.replace("CAP", "len(items)")) == []


@pytest.mark.parametrize(
    ("loop", "cap", "leaks"),
    [
        ("for i := 0; i < 3; i++", 3, False),  # every send fits the buffer
        ("for i := 0; i <= 3; i++", 2, True),  # four sends, one receive, two slots
        ("for i := 0; i < 3; i++", 0, True),  # unbuffered: the second send waits
        ("for i := range 3", 2, False),  # three sends, one receive, two slots
    ],
)
def test_a_loop_with_a_constant_count_sends_that_many(loop: str, cap: int, leaks: bool) -> None:
    src = (
        "package p\n\nfunc first() int {\n"
        f"\tvals := make(chan int, {cap})\n"
        "\tgo func() {\n"
        f"\t\t{loop} {{\n\t\t\tvals <- 1\n\t\t}}\n"
        "\t}()\n\treturn <-vals\n}\n"
    )
    res = api.analyze_source("f.go", src.encode())
    assert res.errors == ()
    found = [f for f in res.findings if f.code in ("GS1001", "GS1002")]
    assert bool(found) is leaks, found


def test_a_send_after_a_constant_loop_that_breaks_counts_once() -> None:
    """The loop's rounds multiply its own body, not what a break leads on to."""
    src = (
        "package p\n\nfunc after(x bool) int {\n\tvals := make(chan int, 1)\n\tgo func() {\n"
        "\t\tfor i := 0; i < 3; i++ {\n\t\t\tif x {\n\t\t\t\tbreak\n\t\t\t}\n\t\t}\n"
        "\t\tvals <- 1\n\t}()\n\treturn <-vals\n}\n"
    )
    res = api.analyze_source("f.go", src.encode())
    assert res.errors == ()
    assert [f for f in res.findings if f.code in ("GS1001", "GS1002")] == []


def test_an_owner_in_another_file_is_named_in_its_own_file() -> None:
    """Every place of a finding whose owner is in another file names its own file.

    The starter is in workers.go; the function that makes the channel and returns early
    without closing it is in main.go.
    """
    workers = (
        "package p\n\nfunc startWorker(jobs chan int) {\n\tgo func() {\n"
        "\t\tfor j := range jobs {\n\t\t\t_ = j\n\t\t}\n\t}()\n}\n"
    )
    main = (
        "package p\n\nfunc process(items []int) bool {\n\tjobs := make(chan int)\n"
        "\tstartWorker(jobs)\n\tfor _, it := range items {\n\t\tif it < 0 {\n"
        "\t\t\treturn false\n\t\t}\n\t\tjobs <- it\n\t}\n\tclose(jobs)\n\treturn true\n}\n"
    )
    res = api.analyze_source("workers.go", workers.encode(), package={"main.go": main.encode()})
    [x] = [f for f in res.findings if f.code == "GS3001"]
    assert x.span.path == "workers.go"
    places = {r.role: r.span for r in x.related}
    assert places[Role.CHANNEL].path == "main.go"
    assert places[Role.CHANNEL].start_line == _line(main, "make(chan int)")
    assert any(
        r.span.path == "main.go" and r.span.start_line == _line(main, "return false")
        for r in x.related
    )
