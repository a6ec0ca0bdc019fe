"""Function literals get the names the Go compiler gives them."""

from __future__ import annotations

from gostuck.overlay import GoFile

SOURCE = b"""package main

var hook = func() {}

func init() {}

func Outer() {
	f := func() {}
	go func() {
		go func() {
			go func() {}()
		}()
		g := func() {}
		go g()
	}()
	go f()
}

type T struct{}

func (t *T) M() {
	go func() {}()
	go t.run(1)
}

func (t T) run(int) {}

type G[K comparable] struct{}

func (g *G[K]) Start() {
	go func() {}()
}

func Recv[V any](ch chan V) {
	go Recv[V](ch)
	go Recv(ch)
}

func init() {
	go func() {}()
}
"""


def test_literal_names() -> None:
    f = GoFile(SOURCE)
    names = {name: info.start_line + 1 for name, info in f.funcs.items()}
    assert names == {
        "init.func1": 3,
        "init.0": 5,
        "Outer": 7,
        "Outer.func1": 8,
        "Outer.func2": 9,
        "Outer.func2.1": 10,
        "Outer.func2.1.1": 11,
        "Outer.func2.2": 13,
        "(*T).M": 21,
        "(*T).M.func1": 22,
        "T.run": 26,
        "(*G[...]).Start": 30,
        "(*G[...]).Start.func1": 31,
        "Recv[...]": 34,
        "init.1": 39,
        "init.1.func1": 40,
    }
    assert not f.funcs["Outer"].literal
    assert f.funcs["Outer.func1"].literal


def test_go_statements() -> None:
    f = GoFile(SOURCE)
    gos = [(g.line + 1, g.enclosing, g.callee, g.calls_literal) for g in f.gos]
    assert gos == [
        (9, "Outer", "Outer.func2", True),
        (10, "Outer.func2", "Outer.func2.1", True),
        (11, "Outer.func2.1", "Outer.func2.1.1", True),
        (14, "Outer.func2", "g", False),
        (16, "Outer", "f", False),
        (22, "(*T).M", "(*T).M.func1", True),
        (23, "(*T).M", "run", False),
        (31, "(*G[...]).Start", "(*G[...]).Start.func1", True),
        (35, "Recv[...]", "Recv", False),
        (36, "Recv[...]", "Recv", False),
        (40, "init.1", "init.1.func1", True),
    ]
    assert f.funcs["Outer.func1"].assigned_to == "f"
    assert f.funcs["Outer.func2"].go_line == 8
    assert f.package == "main"


def test_function_at_picks_innermost() -> None:
    f = GoFile(SOURCE)
    info = f.function_at(10)  # line 11, inside Outer.func2.1.1's line
    assert info is not None
    assert info.name == "Outer.func2.1.1"
    outer = f.function_at(15)
    assert outer is not None
    assert outer.name == "Outer"
    assert f.function_at(0) is None


def test_init_numbering_continues_across_files() -> None:
    f = GoFile(b"package p\nfunc init() { go func() {}() }\nvar x = func() {}\n", first_init=2)
    assert "init.2" in f.funcs
    assert "init.2.func1" in f.funcs
    assert "init.func1" in f.funcs
    assert (f.inits, f.globs) == (1, 1)


def test_broken_source_does_not_crash() -> None:
    f = GoFile(b"package main\nfunc F( {\n go func() {\n")
    assert f.package == "main"


def test_parenthesised_literal() -> None:
    f = GoFile(b"package main\n\nfunc F() {\n\tgo (func() {\n\t\tselect {}\n\t})()\n}\n")
    assert f.funcs["F.func1"].go_line == 3
    assert [(g.line, g.callee, g.calls_literal) for g in f.gos] == [(3, "F.func1", True)]
