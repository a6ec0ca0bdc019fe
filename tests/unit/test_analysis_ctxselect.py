"""Select cases on contexts nothing can cancel are cut from the CFG: they are no way out."""

from __future__ import annotations

from gostuck.analysis.context import FileFacts
from gostuck.syntax import parse
from gostuck.syntax.cfg import CFG, Kind

HEAD = b"""package p
import (
\t"context"
\t"time"
)
"""


def _graph(body: bytes, name: str) -> CFG:
    src = HEAD + body
    tree = parse.parse(src)
    ff = FileFacts("a.go", src, tree, {"a.go": src})
    func = next(
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "function_declaration"
        and (n.child_by_field_name("name") or n).text == name.encode()
    )
    g = ff.analyzer.graphs.get(func)
    assert g is not None
    return g


def entered_cases(body: bytes, name: str) -> list[str]:
    """Return the text of the select cases of ``name`` that its CFG can enter."""
    g = _graph(body, name)
    reach = g.reachable()
    out: list[str] = []
    for blk in g.blocks:
        if blk.kind is Kind.CASE and blk.node is not None and blk.id in reach:
            out.append(parse.text(blk.node).split(":")[0])
    return out


def test_background_done_case_is_cut() -> None:
    body = b"""
func F(ch chan int) {
\tctx := context.Background()
\tselect {
\tcase <-ch:
\tcase <-ctx.Done():
\t}
}
"""
    assert entered_cases(body, "F") == ["case <-ch"]


def test_value_and_field_contexts_are_cut() -> None:
    body = b"""
type key struct{}
type w struct{ ctx context.Context }
func newW() *w { return &w{ctx: context.WithValue(context.TODO(), key{}, 1)} }
func (x *w) g(ch chan int) {
\tselect {
\tcase v, ok := <-x.ctx.Done():
\t\t_, _ = v, ok
\tcase ch <- 1:
\t}
}
func f(ch chan int) {
\tctx := context.WithValue(context.Background(), key{}, 1)
\tfor {
\t\tselect {
\t\tcase <-ctx.Done():
\t\t\treturn
\t\tcase <-ch:
\t\t}
\t}
}
func Use() { newW().g(nil); f(nil) }
"""
    assert entered_cases(body, "f") == ["case <-ch"]
    g = _graph(body, "f")
    assert g.exit not in g.reachable()  # the loop's only return was on ctx.Done()


def test_contexts_that_can_be_done_keep_their_case() -> None:
    body = b"""
func Param(ctx context.Context, ch chan int) {
\tselect {
\tcase <-ch:
\tcase <-ctx.Done():
\t}
}
func timeout(ch chan int) {
\tctx, cancel := context.WithTimeout(context.Background(), time.Second)
\tdefer cancel()
\tselect {
\tcase <-ch:
\tcase <-ctx.Done():
\t}
}
func deferred(ch chan int) {
\tctx, cancel := context.WithCancel(context.Background())
\tdefer cancel()
\tselect {
\tcase <-ch:
\tcase <-ctx.Done():
\t}
}
func cancelled(ch chan int) {
\tctx, cancel := context.WithCancel(context.Background())
\tgo cancel()
\tselect {
\tcase <-ch:
\tcase <-ctx.Done():
\t}
}
func Use() { timeout(nil); deferred(nil); cancelled(nil) }
"""
    for name in ("Param", "timeout", "deferred", "cancelled"):
        assert entered_cases(body, name) == ["case <-ch", "case <-ctx.Done()"], name


def test_code_that_never_runs_is_not_judged() -> None:
    # Nothing calls ``unused``: "nothing that runs cancels it" says nothing there.
    body = b"""
func unused(ch chan int) {
\tctx := context.Background()
\tselect {
\tcase <-ch:
\tcase <-ctx.Done():
\t}
}
"""
    assert entered_cases(body, "unused") == ["case <-ch", "case <-ctx.Done()"]
