"""Placing profile sites on source that changed since the profile (overlay/locate.py)."""

from __future__ import annotations

from gostuck.overlay.gofile import GoFile
from gostuck.overlay.locate import Wait, locate_go, locate_site, wait_of
from gostuck.profile.model import Frame, GoStatement, Site, StackCount

FILE = "/build/app/main.go"


def site(
    function: str,
    line: int,
    above: str | None = None,
    *,
    start: int = 0,
    reason: str = "",
    created: tuple[str, int] | None = None,
) -> Site:
    """Return a site of one stack; ``above`` is the function of the frame over its own."""
    frame = Frame(function, FILE, line, start_line=start)
    frames = ((Frame(above, "/go/src/x.go", 1),) if above else ()) + (frame,)
    gos = (GoStatement(created[0], FILE, created[1], 1),) if created else ()
    return Site(
        FILE,
        line,
        function,
        1,
        wait_reasons=((reason, 1),) if reason else (),
        go_statements=gos,
        stacks=(StackCount(frames, 1),),
    )


def gofile(text: str) -> GoFile:
    return GoFile(text.encode())


SOURCE = """package main

func worker(ch chan int, wg *sync.WaitGroup) {
	ch <- 1
	v := <-ch
	wg.Wait()
	select {
	case <-ch:
	case ch <- v:
	}
}
"""


def test_wait_kinds_from_the_frame_above_or_the_wait_reason() -> None:
    assert wait_of(site("main.f", 3, "runtime.chansend1")) == Wait("send")
    assert wait_of(site("main.f", 3, "runtime.chanrecv2")) == Wait("receive")
    assert wait_of(site("main.f", 3, "runtime.selectgo")) == Wait("select")
    assert wait_of(site("main.f", 3, "sync.(*WaitGroup).Wait")) == Wait("call", "Wait")
    assert wait_of(site("main.f", 3, "main.Recv[...]")) == Wait("call", "Recv")
    assert wait_of(site("main.f", 3, reason="chan send")) == Wait("send")
    assert wait_of(site("main.f", 3)) == Wait("")


def test_unchanged_source_places_at_the_profile_line() -> None:
    g = gofile(SOURCE)
    assert locate_site(g, site("main.worker", 4, "runtime.chansend1")).line == 4
    assert locate_site(g, site("main.worker", 6, "sync.(*WaitGroup).Wait")).line == 6
    assert locate_site(g, site("main.worker", 7, "runtime.selectgo")).line == 7


def test_a_line_without_the_operation_is_not_placed_there() -> None:
    moved = SOURCE.replace("func worker", "// one\n// two\nfunc worker")
    g = gofile(moved)
    # Line 4 now holds `func worker`: the one WaitGroup.Wait and the one select are found.
    assert locate_site(g, site("main.worker", 6, "sync.(*WaitGroup).Wait")).line == 8
    assert locate_site(g, site("main.worker", 7, "runtime.selectgo")).line == 9
    # Two sends (`ch <- 1` and the select's `ch <- v`): nothing says which one it was.
    assert locate_site(g, site("main.worker", 4, "runtime.chansend1")).line is None
    # ... unless pprof's start line says the function moved by two.
    placed = locate_site(g, site("main.worker", 4, "runtime.chansend1", start=3))
    assert (placed.line, placed.how) == (6, "start_line")


def test_evidence_that_disagrees_places_nothing() -> None:
    text = """package main

func f(ch chan int) {
	go func() {
		ch <- 1
		ch <- 2
	}()
}
"""
    # The literal's start line 4 says unchanged, `created by` at 3 (now 4) says moved by
    # one: the send at 5 or the send at 6.
    s = site("main.f.func1", 5, "runtime.chansend1", start=4, created=("main.f", 3))
    assert locate_site(gofile(text), s).line is None
    s = site("main.f.func1", 5, "runtime.chansend1", created=("main.f", 3))
    assert (locate_site(gofile(text), s).line, locate_site(gofile(text), s).how) == (6, "anchor")


def test_unknown_function_or_running_goroutine() -> None:
    g = gofile(SOURCE)
    assert locate_site(g, site("main.gone", 4, "runtime.chansend1")).line is None
    running = site("main.worker", 6, reason="running")
    assert locate_site(g, running).line is None
    assert locate_site(g, running).how == "running"


def test_deferred_call_waits_where_the_function_returns() -> None:
    text = "package main\n\nfunc f(wg *sync.WaitGroup) {\n\tdefer wg.Wait()\n\tg()\n}\n"
    g = gofile(text)
    assert locate_site(g, site("main.f", 6, "sync.(*WaitGroup).Wait")).line == 6
    # The one deferred Wait, whatever line the profile gives.
    assert locate_site(g, site("main.f", 4, "sync.(*WaitGroup).Wait")).line == 6
    two = text.replace("\tg()\n", "\tif g() {\n\t\treturn\n\t}\n")
    assert locate_site(gofile(two), site("main.f", 6, "sync.(*WaitGroup).Wait")).line == 6
    assert locate_site(gofile(two), site("main.f", 3, "sync.(*WaitGroup).Wait")).line is None


def test_go_statements_by_function_and_entry() -> None:
    text = "package main\n\n// moved\nfunc serve(s *S) {\n\tgo s.loop()\n\tgo func() {}()\n}\n"
    g = gofile(text)
    assert locate_go(g, "main.serve", 4, ["main.(*S).loop"]).line == 5
    assert locate_go(g, "main.serve", 5, ["main.serve.func1"]).line == 6
    assert locate_go(g, "main.serve", 4, ["main.other"]).line is None
