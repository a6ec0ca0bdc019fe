"""Chaining the sync analysis into self blocks: a partner stuck on a sync primitive first."""

from __future__ import annotations

from gostuck.analysis.api import analyze_source
from gostuck.analysis.flow import facts
from gostuck.analysis.flow.facts import Analyzer, Op
from gostuck.analysis.flow.index import PackageIndex
from gostuck.analysis.model import Confidence, Role
from gostuck.syntax import parse
from tree_sitter import Node

SRC = b"""package p

func wait(x int) {}

func f() {
	go func() {
		done := make(chan struct{})
		go func() {
			%s
		}()
		<-done
	}()
}
"""


def _outer(src: bytes) -> tuple[facts.Goroutine, Analyzer, Node]:
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, None)
    an = Analyzer("a.go", index)
    stmts = facts.find_go_statements(tree.root_node)
    go = facts.goroutine_of(stmts[0], "a.go", index)
    assert go is not None
    wait = next(n for n in parse.iter_descendants(tree.root_node) if n.text == b"x int")
    return go, an, wait


def test_a_partner_stuck_before_its_close_is_no_partner() -> None:
    go, an, wait = _outer(SRC % b"wait(1)\n\t\t\tclose(done)")
    assert list(facts.find_self_blocks(an, go)) == []
    asked: list[Node] = []

    def stuck(stmt: Node) -> list[Node]:
        asked.append(stmt)
        return [wait]

    got = list(facts.find_self_blocks(an, go, stuck))
    assert len(got) == 1 and got[0].op is Op.RECV
    assert got[0].stuck_at is not None and got[0].stuck_at.id == wait.id
    assert got[0].stuck_go is not None and got[0].stuck_go.type == "go_statement"
    assert len(asked) == 1


def test_a_partner_that_closes_first_still_partners() -> None:
    go, an, wait = _outer(SRC % b"close(done)\n\t\t\twait(1)")
    assert list(facts.find_self_blocks(an, go, lambda _: [wait])) == []


def test_a_partner_stuck_on_one_branch_only_still_partners() -> None:
    go, an, wait = _outer(SRC % b"if true {\n\t\t\t\twait(1)\n\t\t\t}\n\t\t\tclose(done)")
    assert list(facts.find_self_blocks(an, go, lambda _: [wait])) == []


def test_a_partner_that_is_not_stuck_is_never_doubted() -> None:
    go, an, _ = _outer(SRC % b"wait(1)\n\t\t\tclose(done)")
    assert list(facts.find_self_blocks(an, go, lambda _: [])) == []


def test_end_to_end_names_the_stuck_partner() -> None:
    src = b"""package p

import "sync"

func f() {
	go func() {
		var wg sync.WaitGroup
		wg.Add(1)
		done := make(chan struct{})
		go func() {
			wg.Wait()
			close(done)
		}()
		<-done
	}()
}
"""
    res = analyze_source("a.go", src)
    got = [f for f in res.findings if f.code == "GS1003"]
    assert len(got) == 1
    f = got[0]
    assert f.span.start_line == 5 and f.confidence is Confidence.MEDIUM
    assert "blocks forever first" in f.message
    lines = {(r.role, r.span.start_line) for r in f.related}
    assert (Role.BLOCK, 13) in lines and (Role.OTHER, 10) in lines and (Role.OTHER, 9) in lines


def test_a_named_helper_goroutine_stuck_first_is_no_partner() -> None:
    src = b"""package p

func wait(x int) {}

func closer(done chan struct{}) {
	wait(1)
	close(done)
}

func f() {
	go func() {
		done := make(chan struct{})
		go closer(done)
		<-done
	}()
}
"""
    go, an, wait = _outer(src)
    assert list(facts.find_self_blocks(an, go)) == []
    got = list(facts.find_self_blocks(an, go, lambda _: [wait]))
    assert len(got) == 1 and got[0].stuck_go is not None
    assert got[0].stuck_go.text == b"go closer(done)"
