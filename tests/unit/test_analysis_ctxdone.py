"""Contexts nothing can cancel: which ``<-x.Done()`` receives can never complete."""

from __future__ import annotations

from gostuck.analysis.flow.facts import Analyzer
from gostuck.analysis.flow.index import PackageIndex
from gostuck.analysis.partner.ctxdone import NeverDone
from gostuck.syntax import parse
from tree_sitter import Node

HEAD = b"""package main
import "context"
"""


def verdicts(body: bytes) -> dict[str, str | None]:
    """Map each ``go`` statement's line text to the context judged never done, if any."""
    src = HEAD + body
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, {"a.go": src})
    an = Analyzer("a.go", index)
    nd = NeverDone(index)
    out: dict[str, str | None] = {}
    gos = [n for n in parse.iter_descendants(tree.root_node) if n.type == "go_statement"]
    for go in gos:
        got: str | None = None
        for recv in _receives(tree.root_node):
            func = parse.enclosing_function(recv)
            g = an.graphs.get(func) if func is not None else None
            operand = recv.child_by_field_name("operand")
            if g is None or operand is None or not _belongs(go, recv):
                continue
            got = nd.is_never_done(operand, recv, g, go)
        out[parse.text(go).split("\n")[0]] = got
    return out


def _receives(root: Node) -> list[Node]:
    return [
        n
        for n in parse.iter_descendants(root)
        if n.type == "unary_expression" and (n.text or b"").endswith(b".Done()")
    ]


def _belongs(go: Node, recv: Node) -> bool:
    """Tell whether the receive sits in the go statement's literal or the method it names."""
    if go.start_byte <= recv.start_byte < go.end_byte:
        return True
    call = go.named_children[0]
    fn = call.child_by_field_name("function")
    name = fn.child_by_field_name("field") if fn is not None else None
    func = parse.enclosing_function(recv)
    own = func.child_by_field_name("name") if func is not None else None
    return name is not None and own is not None and name.text == own.text


def test_background_and_values_are_never_done() -> None:
    got = verdicts(b"""
type key struct{}
func main() {
	ctx := context.WithValue(context.Background(), key{}, 1)
	go func() { <-ctx.Done() }()
	t := context.TODO()
	go func() { <-t.Done() }()
}
""")
    assert got == {"go func() { <-ctx.Done() }()": "ctx", "go func() { <-t.Done() }()": "t"}


def test_timeouts_and_deferred_cancels_end() -> None:
    got = verdicts(b"""
func main() {
	a, stop := context.WithTimeout(context.Background(), 1)
	go func() { <-a.Done() }()
	_ = stop
	b, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-b.Done() }()
}
""")
    assert set(got.values()) == {None}


def test_cancel_in_a_field_called_only_from_dead_code() -> None:
    got = verdicts(b"""
type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}
func begin(parent context.Context) *tx {
	ctx, cancel := context.WithCancel(parent)
	t := &tx{ctx: ctx, cancel: cancel}
	go t.wait()
	return t
}
func (t *tx) wait() { <-t.ctx.Done() }
func (t *tx) rollback() { t.cancel() }
func main() { begin(context.Background()) }
""")
    assert got == {"go t.wait()": "t.ctx"}


def test_cancel_called_from_running_code_or_unknown_parent() -> None:
    called = verdicts(b"""
type tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}
func begin(parent context.Context) *tx {
	ctx, cancel := context.WithCancel(parent)
	t := &tx{ctx: ctx, cancel: cancel}
	go t.wait()
	return t
}
func (t *tx) wait() { <-t.ctx.Done() }
func (t *tx) Close() { t.cancel() }
func main() { begin(context.Background()).rollback() }
func (t *tx) rollback() { t.cancel() }
""")
    assert called == {"go t.wait()": None}
    parent = verdicts(b"""
func start(ctx context.Context) {
	go func() { <-ctx.Done() }()
}
func main() {
	ctx, cancel := context.WithCancel(context.Background())
	start(ctx)
	cancel()
}
""")
    assert parent == {"go func() { <-ctx.Done() }()": None}


def test_cancel_after_the_wait_never_runs() -> None:
    got = verdicts(b"""
type rows struct{ cancel context.CancelFunc }
func (r *rows) watch(ctx context.Context) {
	ctx, r.cancel = context.WithCancel(ctx)
	go r.wait(ctx)
}
func (r *rows) wait(ctx context.Context) {
	<-ctx.Done()
	r.close()
}
func (r *rows) close() { r.cancel() }
func main() { (&rows{}).watch(context.Background()) }
""")
    assert got == {"go r.wait(ctx)": "ctx"}


def test_a_goroutine_in_dead_code_is_not_judged() -> None:
    got = verdicts(b"""
func unused() {
	go func() { <-context.Background().Done() }()
}
func main() {}
""")
    assert got == {"go func() { <-context.Background().Done() }()": None}


def test_a_package_variable_may_be_assigned_anywhere() -> None:
    got = verdicts(b"""
var ctx context.Context
func reset() {
	var cancel context.CancelFunc
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
}
func main() {
	ctx = context.Background()
	go func() { <-ctx.Done() }()
	reset()
}
""")
    assert got == {"go func() { <-ctx.Done() }()": None}


# A context whose only cancel sits behind ``if conn != nil``: the verdict depends on whether
# ``conn`` can ever hold anything but nil. ``BODY`` fills in the function's middle.
NIL_BRANCH = b"""
type dial struct {
	ctx    context.Context
	cancel context.CancelFunc
}
func (d *dial) stop() { d.cancel() }
func (d *dial) wait() { <-d.ctx.Done() }
func dialIt(other *dial, ch chan *dial) (conn *dial) {
	d := &dial{}
	d.ctx, d.cancel = context.WithCancel(context.Background())
	defer func() {
		if conn != nil {
			conn.stop()
		}
	}()
BODY
	go d.wait()
	return conn
}
func main() { dialIt(nil, nil) }
"""


def _nil_branch(body: bytes) -> str | None:
    return verdicts(NIL_BRANCH.replace(b"BODY", body))["go d.wait()"]


def test_a_branch_on_a_result_only_ever_nil_never_runs() -> None:
    assert _nil_branch(b"\tconn = nil") == "d.ctx"
    assert _nil_branch(b"\tif other == nil {\n\t\treturn nil\n\t}") == "d.ctx"


def test_a_result_that_can_hold_a_value_keeps_the_branch_alive() -> None:
    for body in (
        b"\tconn = other",  # assigned a value
        b"\tconn, _ = other, 1",  # in a multiple assignment
        b"\tconn = <-ch",  # received into
        b"\tselect {\n\tcase conn = <-ch:\n\tdefault:\n\t}",  # received into in a select
        b"\tp := &conn\n\t_ = p",  # its address taken
        b"\tfunc() { conn = other }()",  # a closure assigns it
        b"\tif other != nil {\n\t\treturn other\n\t}",  # returned as another value
        b"\tfor _, conn = range []*dial{other} {\n\t}",  # a range assigns it
    ):
        assert _nil_branch(body) is None, body


def test_a_shadowed_name_keeps_the_branch_alive() -> None:
    # The literal's own conn is not the result: which one the branch reads is not judged.
    body = b"\tfunc(conn *dial) { _ = conn }(other)"
    assert _nil_branch(body) is None


def test_a_parameter_every_call_binds_to_a_root_context_is_never_done() -> None:
    src = HEAD + (
        b"func helper(ctx context.Context) { _ = ctx }\n"
        b"func request(ctx context.Context) { _ = ctx }\n"
        b"func main() {\n"
        b"\thelper(context.TODO())\n"
        b"\tctx, cancel := context.WithCancel(context.Background())\n"
        b"\tdefer cancel()\n"
        b"\trequest(ctx)\n"
        b"}\n"
    )
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, {"a.go": src})
    nd = NeverDone(index)
    params = {
        parse.text(f.child_by_field_name("name") or f): p
        for f in tree.root_node.named_children
        if f.type == "function_declaration"
        for p in parse.iter_descendants(f.child_by_field_name("parameters") or f)
        if p.type == "identifier"
    }
    assert nd.context_never_done(params["helper"])
    assert not nd.context_never_done(params["request"])


def test_an_endless_progress_loop_under_a_root_context_is_only_a_hint() -> None:
    from pathlib import Path

    from gostuck.analysis import api
    from gostuck.analysis.model import Confidence, Options

    path = Path(__file__).parents[2] / "samples" / "gs4001" / "rootctx.go"
    src = path.read_bytes()
    found = api.analyze_source(
        str(path), src, options=Options(select=frozenset({"GS4001"}))
    ).findings
    by_line = {f.span.start_line: f.confidence for f in found}
    lines = src.decode().splitlines()
    negative = next(i for i, t in enumerate(lines) if "go func() { // want `GS4001`" in t)
    positive = next(i for i, t in enumerate(lines) if "copyKeysFor`" in t)
    assert by_line == {negative: Confidence.LOW, positive: Confidence.HIGH}
