"""Partners of a gate: which goroutines a path of their starter leaves at a select or Done."""

from __future__ import annotations

from gostuck.analysis.flow.facts import Analyzer, goroutine_of
from gostuck.analysis.flow.index import PackageIndex
from gostuck.analysis.partner import partners
from gostuck.syntax import parse

HEAD = b"""package p
import "context"
type worker struct {
	wctx context.Context
	stop context.CancelFunc
	name string
}
func (w *worker) run() { <-w.wctx.Done() }
func (w *worker) check() bool { return w.name != "" && w.helper() }
func (w *worker) helper() bool { return len(w.name) > 2 }
func (w *worker) shut() { w.stop() }
func (w *worker) leak(f func(*worker)) { f(w) }
"""


def stranded(body: bytes) -> list[str]:
    """Return the first line of each go statement a path of its starter strands at its gate."""
    src = HEAD + body
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, {"a.go": src})
    an = Analyzer("a.go", index)
    out: list[str] = []
    for stmt in parse.iter_descendants(tree.root_node):
        if stmt.type != "go_statement":
            continue
        go = goroutine_of(stmt, "a.go", index)
        if go is None:
            continue
        for s in partners.find_gate_strands(an, go.parent, [go]):
            out.append(parse.text(s.goroutine.stmt).split("\n")[0])
    return out


def test_select_with_stop_closed_on_one_branch() -> None:
    assert stranded(b"""
func f(bad bool) int {
	res, stop := make(chan int), make(chan struct{})
	go func() {
		select {
		case res <- 1:
		case <-stop:
		}
	}()
	if bad {
		return 0
	}
	defer close(stop)
	return <-res
}
""") == ["go func() {"]


def test_deferred_close_before_the_early_return_frees_it() -> None:
    assert (
        stranded(b"""
func f(bad bool) int {
	res, stop := make(chan int), make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case res <- 1:
		case <-stop:
		}
	}()
	if bad {
		return 0
	}
	return <-res
}
""")
        == []
    )


def test_methods_that_never_touch_the_cancel_do_not_cancel() -> None:
    body = b"""
func f() *worker {
	ctx, cancel := context.WithCancel(context.Background())
	w := &worker{wctx: ctx, stop: cancel}
	go w.run()
	if !w.check() {
		return nil
	}
	return w
}
"""
    assert stranded(body) == ["go w.run()"]
    assert stranded(body.replace(b"return nil", b"w.shut()\n\t\treturn nil")) == []
    leak = body.replace(b"if !w.check()", b"w.leak(nil)\n\tif !w.check()")
    assert stranded(leak) == []  # the receiver is handed on: it may cancel


def test_a_timeout_context_always_fires() -> None:
    assert (
        stranded(b"""
func f(bad bool) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	w := &worker{wctx: ctx, stop: cancel}
	go w.run()
	if bad {
		return
	}
	w.shut()
}
""")
        == []
    )


def test_may_reach_field_follows_methods_on_the_receiver() -> None:
    src = HEAD
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, {"a.go": src})
    assert not partners.may_reach_field(index, "worker", "check", "stop")
    assert partners.may_reach_field(index, "worker", "shut", "stop")
    assert partners.may_reach_field(index, "worker", "leak", "stop")
    assert partners.may_reach_field(index, "worker", "missing", "stop")
