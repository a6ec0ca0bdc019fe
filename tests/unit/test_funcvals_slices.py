"""Function values held in slices of funcs: what ``for _, h := range x.hs { h() }`` runs."""

from __future__ import annotations

from gostuck.analysis.flow import funcvals
from gostuck.analysis.flow.index import FuncRef, PackageIndex
from gostuck.syntax import parse

HEAD = """package a

type bus struct{ hs []func() }

func (b *bus) add(h func()) { b.hs = append(b.hs, h) }

func (b *bus) run() {
	for _, h := range b.hs {
		h()
	}
}
"""


def _resolve(src: str, name: str = "h") -> FuncRef | None:
    raw = src.encode()
    tree = parse.parse(raw)
    index = PackageIndex("a.go", tree.root_node, raw, {"a.go": raw})
    calls = [
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "call_expression"
        and (fn := n.child_by_field_name("function")) is not None
        and fn.text == name.encode()
    ]
    assert calls, f"no call of {name}"
    fn = calls[-1].child_by_field_name("function")
    assert fn is not None
    return funcvals.resolve_value(fn, index)


def test_the_one_function_every_append_adds() -> None:
    ref = _resolve(HEAD + "\nfunc use(b *bus) { b.add(func() { println(1) }) }\n")
    assert ref is not None and ref.node.type == "func_literal"


def test_two_different_functions_are_unknown() -> None:
    src = HEAD + "\nfunc use(b *bus) { b.add(func() {}); b.add(func() { println(2) }) }\n"
    assert _resolve(src) is None


def test_a_slice_written_any_other_way_is_unknown() -> None:
    base = HEAD + "\nfunc use(b *bus) { b.add(func() {}) }\n"
    for other in (
        "func set(b *bus, f func()) { b.hs[0] = f }",
        "func out(b *bus) []func() { return b.hs }",
        "func more(b *bus, fs []func()) { b.hs = append(b.hs, fs...) }",
        "func lit() *bus { return &bus{hs: nil} }",
    ):
        assert _resolve(base + "\n" + other + "\n") is None, other


def test_reads_keep_it_known() -> None:
    src = HEAD + (
        "\nfunc use(b *bus) { b.add(func() {}) }\n"
        "func n(b *bus) int { if b.hs == nil { return 0 }; _ = b.hs[0]; return len(b.hs) }\n"
    )
    assert _resolve(src) is not None


def test_a_range_variable_assigned_in_the_body_is_unknown() -> None:
    src = HEAD.replace("\t\th()\n", "\t\th = nil\n\t\th()\n") + (
        "\nfunc use(b *bus) { b.add(func() {}) }\n"
    )
    assert _resolve(src) is None


def test_an_exported_field_is_unknown() -> None:
    src = HEAD.replace("hs", "Hs").replace("package a", "package a") + (
        "\nfunc use(b *bus) { b.add(func() {}) }\n"
    )
    assert _resolve(src) is None
