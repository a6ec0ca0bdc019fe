"""Control-flow graph shapes built from tree-sitter nodes."""

from __future__ import annotations

import pytest
from gostuck.syntax import cfg, parse
from gostuck.syntax.cfg import CFG, Kind, Unsupported
from tree_sitter import Node


def func(body: str, *, params: str = "") -> Node:
    src = f"package p\n\nfunc f({params}) {{\n{body}\n}}\n".encode()
    tree = parse.parse(src)
    node = tree.root_node.named_children[1]
    assert node.type == "function_declaration"
    return node


def graph(body: str) -> CFG:
    return cfg.build(func(body))


def kinds(g: CFG, reach_only: bool = True) -> list[Kind]:
    r = g.reachable()
    return [b.kind for b in g.blocks if not reach_only or b.id in r]


def stmt_block(g: CFG, text: str) -> int:
    for b in g.blocks:
        if b.node is not None and parse.text(b.node).startswith(text):
            return b.id
    raise AssertionError(f"no block for {text!r}")


def test_straight_line_reaches_exit() -> None:
    g = graph("a := 1\n_ = a")
    assert g.exit in g.reachable()
    assert kinds(g).count(Kind.STMT) == 2


def test_if_else_both_branches_join() -> None:
    g = graph("if c {\n x()\n} else {\n y()\n}\nz()")
    z = stmt_block(g, "z()")
    assert z in g.reachable(stmt_block(g, "x()"))
    assert z in g.reachable(stmt_block(g, "y()"))


def test_return_goes_to_exit_only() -> None:
    g = graph("if c {\n return\n}\nz()")
    ret = next(b for b in g.blocks if b.kind is Kind.RETURN)
    assert ret.succs == [g.exit]


def test_infinite_for_has_no_exit() -> None:
    g = graph("for {\n x()\n}")
    assert g.exit not in g.reachable()
    [loop] = list(g.loop_blocks())
    assert loop.loop_exit is None


def test_break_leaves_infinite_for() -> None:
    g = graph("for {\n if c {\n break\n }\n x()\n}")
    assert g.exit in g.reachable()


def test_labelled_break_and_continue() -> None:
    g = graph("outer:\nfor {\n for {\n if c {\n break outer\n }\n continue outer\n }\n}")
    assert g.exit in g.reachable()
    g2 = graph("outer:\nfor {\n for {\n continue outer\n }\n}")
    assert g2.exit not in g2.reachable()


@pytest.mark.parametrize(
    "head",
    ["for i := 0; i < n; i++", "for x < 3", "for _, v := range xs", "for range 3"],
)
def test_bounded_for_forms_have_an_exit_edge(head: str) -> None:
    g = graph(f"{head} {{\n x()\n}}\ny()")
    [loop] = list(g.loop_blocks())
    assert loop.loop_exit is not None
    assert stmt_block(g, "y()") in g.reachable()
    assert stmt_block(g, "x()") in g.reachable()


def test_continue_in_for_clause_runs_update() -> None:
    g = graph("for i := 0; i < n; i++ {\n if c {\n continue\n }\n x()\n}")
    upd = stmt_block(g, "i++")
    cont = stmt_block(g, "continue")
    assert upd in g.blocks[cont].succs


def test_select_branches_per_case_and_blocks_without_default() -> None:
    g = graph("select {\ncase v := <-a:\n x(v)\ncase <-b:\n return\n}\ny()")
    sel = next(b for b in g.blocks if b.kind is Kind.SELECT)
    assert len(sel.succs) == 2
    assert all(g.blocks[s].kind is Kind.CASE for s in sel.succs)
    assert stmt_block(g, "y()") in g.reachable()


def test_empty_select_blocks_forever() -> None:
    g = graph("x()\nselect {}\ny()")
    blk = next(b for b in g.blocks if b.kind is Kind.BLOCK)
    assert blk.succs == []
    assert g.exit not in g.reachable()


def test_break_inside_select_only_leaves_the_select() -> None:
    g = graph("for {\n select {\n case <-a:\n break\n }\n}")
    assert g.exit not in g.reachable()


def test_switch_without_default_can_skip_all_cases() -> None:
    g = graph("switch x {\ncase 1:\n return\ncase 2:\n return\n}\ny()")
    assert stmt_block(g, "y()") in g.reachable()
    g2 = graph("switch x {\ncase 1:\n return\ndefault:\n return\n}\ny()")
    assert stmt_block(g2, "y()") not in g2.reachable()


def test_fallthrough_reaches_next_case_body() -> None:
    g = graph("switch x {\ncase 1:\n a()\n fallthrough\ncase 2:\n b()\n}")
    assert stmt_block(g, "b()") in g.reachable(stmt_block(g, "a()"))


def test_type_switch_cases() -> None:
    g = graph("switch v := x.(type) {\ncase int:\n a(v)\ncase string:\n return\n}\ny()")
    assert stmt_block(g, "y()") in g.reachable(stmt_block(g, "a(v)"))


@pytest.mark.parametrize(
    "call", ["panic(err)", "os.Exit(1)", 'log.Fatalf("x")', "t.Fatal(err)", "t.FailNow()"]
)
def test_aborts_end_the_path(call: str) -> None:
    g = graph(f"x()\n{call}\ny()")
    assert any(b.kind is Kind.ABORT for b in g.blocks)
    assert g.exit not in g.reachable()


def test_goto_reaches_its_label() -> None:
    g = graph("again:\nx()\nif c {\n goto again\n}\ny()")
    assert stmt_block(g, "again:") in g.reachable(stmt_block(g, "goto again"))


def test_goto_without_label_is_unsupported() -> None:
    with pytest.raises(Unsupported):
        graph("goto nowhere")


def test_defer_and_go_are_their_own_blocks() -> None:
    g = graph("defer close(ch)\ngo work()\nreturn")
    assert [b.kind for b in g.blocks if b.kind in (Kind.DEFER, Kind.GO)] == [Kind.DEFER, Kind.GO]


def test_block_of_maps_expressions_to_their_statement() -> None:
    g = graph("if v := <-ch; v > 0 {\n x()\n}")
    recv = next(n for n in parse.iter_descendants(g.func) if n.type == "unary_expression")
    b = g.block_of(recv)
    assert b is not None
    node = g.blocks[b].node
    assert node is not None
    assert parse.text(node).startswith("v := <-ch")


def test_syntax_error_in_function_is_unsupported() -> None:
    src = b"package p\nfunc f() {\n\tx := new(1+2)\n}\nfunc g() {\n\tgo h()\n}\n"
    tree = parse.parse(src)
    funcs = [n for n in tree.root_node.named_children if n.type == "function_declaration"]
    with pytest.raises(Unsupported):
        cfg.build(funcs[0])
    assert cfg.build(funcs[-1]).exit in cfg.build(funcs[-1]).reachable()


def test_deep_nesting_is_unsupported_not_a_crash() -> None:
    depth = 5000
    body = "if c {\n" * depth + "x()\n" + "}\n" * depth
    with pytest.raises(Unsupported):
        graph(body)
