"""Receiver types: which method a call names when several types share the name."""

from __future__ import annotations

from gostuck.analysis.flow.facts import operand_type, resolve_call
from gostuck.analysis.flow.index import PackageIndex
from gostuck.syntax import parse
from tree_sitter import Node

SRC = b"""package p
type A struct{}
type B struct{}
func (a *A) run() {}
func (b B) run() {}
func newA() *A { return &A{} }
type I interface{ stop() }
type C struct{ B }
func (a *A) stop() {}
func newI() I { return &A{} }
func g(i I, c C) {
	go i.stop()
	go c.run()
}
func f(b B, x interface{ run() }) {
	a := newA()
	var v B
	w := &B{}
	z := new(A)
	go a.run()
	go b.run()
	go v.run()
	go w.run()
	go z.run()
	go x.run()
	go func() { a.run() }()
}
"""


def declaration(root: Node, name: str) -> Node:
    for n in root.named_children:
        nm = n.child_by_field_name("name")
        if n.type == "function_declaration" and nm is not None and nm.text == name.encode():
            return n
    raise AssertionError(name)


def test_receiver_types_pick_the_method() -> None:
    tree = parse.parse(SRC)
    index = PackageIndex("a.go", tree.root_node, SRC, None)
    got: list[tuple[str, str | None, str | None]] = []
    f = declaration(tree.root_node, "f")
    for n in parse.iter_descendants(f):
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        operand = fn.child_by_field_name("operand")
        assert operand is not None
        ref = resolve_call(fn, index)
        got.append(
            (
                parse.text(operand),
                operand_type(operand, index),
                ref.receiver_type if ref is not None else None,
            )
        )
    assert got == [
        ("a", "A", "A"),
        ("b", "B", "B"),
        ("v", "B", "B"),
        ("w", "B", "B"),
        ("z", "A", "A"),
        ("x", None, None),  # an interface: no one method, and two share the name
        ("a", "A", "A"),  # from a literal, the declaration around it
    ]


def test_interfaces_fall_back_to_the_one_method_of_that_name() -> None:
    tree = parse.parse(SRC)
    index = PackageIndex("a.go", tree.root_node, SRC, None)
    g = declaration(tree.root_node, "g")
    calls = [n for n in parse.iter_descendants(g) if n.type == "selector_expression"]
    stop, run = (resolve_call(c, index) for c in calls)
    assert stop is not None and stop.receiver_type == "A"  # I's only implementation here
    assert run is None  # C embeds B: the promoted method is not guessed by name


def test_struct_fields_of_one_struct_type() -> None:
    src = b"""package p
import ("context"; "sync")
type W struct {
	sync.Mutex
	*Inner
	ctx    context.Context
	cancel context.CancelFunc
	a, b   chan int
	inner  struct{ c chan int }
}
type I interface{ M() }
"""
    sibling = b"package p\ntype Dup struct{ x int }\n"
    other = b"package q\ntype W struct{ z int }\n"
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, {"a.go": src, "b.go": sibling, "c.go": other})
    fields = index.struct_fields("W")
    assert fields is not None
    assert {k: parse.text(v) for k, v in fields.items()} == {
        "Mutex": "sync.Mutex",  # embedded fields are named after their type
        "Inner": "Inner",
        "ctx": "context.Context",
        "cancel": "context.CancelFunc",
        "a": "chan int",
        "b": "chan int",
        "inner": "struct{ c chan int }",
    }
    dup = index.struct_fields("Dup")  # declared in a sibling of the same package
    assert dup is not None and [(k, parse.text(v)) for k, v in dup.items()] == [("x", "int")]
    assert index.struct_fields("I") is None
    assert index.struct_fields("Missing") is None


IFACE_SRC = b"""package p
type pump interface{ spin(); push(int) }
type loose interface{ spin(); pump }
type meter struct{}
func (m *meter) spin() {}
func (m *meter) push(int) {}
type fan struct{}
func (f *fan) spin() {}
type wrap struct{ *meter }
type relay struct{ p pump; l loose }
func (r *relay) serve() {
	r.p.spin()
	r.l.spin()
}
"""


def test_interface_calls_pick_the_one_type_that_covers_the_interface() -> None:
    tree = parse.parse(IFACE_SRC)
    index = PackageIndex("a.go", tree.root_node, IFACE_SRC, None)
    assert index.interface_methods("pump") == frozenset({"spin", "push"})
    assert index.interface_methods("loose") is None  # embeds another interface
    # fan has spin but not push: only meter covers pump (wrap embeds, declares nothing).
    got = index.interface_method("spin", "pump")
    assert got is not None and got.receiver_type == "meter"
    assert index.interface_method("spin", "loose") is None
    serve = tree.root_node.named_children[-1]
    assert serve.type == "method_declaration"
    calls = [n for n in parse.iter_descendants(serve) if n.type == "call_expression"]
    fns = [c.child_by_field_name("function") for c in calls]
    refs = [resolve_call(fn, index) if fn is not None else None for fn in fns]
    assert refs[0] is not None and refs[0].receiver_type == "meter"
    assert refs[1] is None


def test_an_embedding_type_counts_as_covering() -> None:
    src = IFACE_SRC.replace(
        b"type wrap struct{ *meter }", b"type wrap struct{ *meter }\nfunc (w *wrap) spin() {}"
    )
    tree = parse.parse(src)
    index = PackageIndex("a.go", tree.root_node, src, None)
    assert index.interface_method("spin", "pump") is None  # meter's or wrap's


def test_map_and_slice_elements_have_their_declared_element_type() -> None:
    src = b"""package p

type Job struct{}

type Reg struct {
	jobs map[string]Job
	list []*Job
}

func (r *Reg) f(byName map[string]*Job) {
	a, ok := r.jobs["x"]
	b := r.list[0]
	for k, c := range byName {
		_, _, _, _, _ = a, ok, b, k, c
	}
	for _, d := range lookup() {
		_ = d
	}
}

func lookup() map[string]*Job { return nil }
"""
    from gostuck.analysis.flow import facts
    from gostuck.analysis.flow.index import PackageIndex
    from gostuck.syntax import parse

    tree = parse.parse(src)
    index = PackageIndex("p.go", tree.root_node, src, None)
    got: dict[str, str | None] = {}
    for n in parse.iter_descendants(tree.root_node):
        if n.type == "identifier" and n.text in (b"a", b"b", b"c", b"d", b"k", b"ok"):
            got.setdefault(parse.text(n), facts.operand_type(n, index))
    # ``d`` ranges over a call's result: its type is not read from a declaration.
    assert got == {"a": "Job", "ok": None, "b": "Job", "k": "string", "c": "Job", "d": None}


def _parent_type(n: Node) -> str:
    return n.parent.type if n.parent is not None else ""


def test_a_namesake_in_another_block_is_another_variable() -> None:
    """``e`` in ``if e, ok := m[k]; ok`` is not the ``e`` the function uses later."""
    src = b"""package p

type Entry struct{}

type Cache struct{ entries map[string]*Entry }

func (c *Cache) get(key string) {
	e, ok := c.entries[key]
	if ok {
		go use(e)
	}
	if e, ok := c.entries[key+"x"]; ok {
		_ = e
	}
	for _, e := range []int{1} {
		_ = e
	}
}

func use(*Entry) {}
"""
    from gostuck.analysis.flow import facts

    tree = parse.parse(src)
    index = PackageIndex("p.go", tree.root_node, src, None)
    uses = [
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "identifier" and n.text == b"e" and _parent_type(n) == "argument_list"
    ]
    assert [facts.operand_type(n, index) for n in uses] == ["Entry"]
    # The range's ``e`` (an int) is its loop's own: its type comes from the range alone.
    inner = [
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "identifier" and n.text == b"e" and _parent_type(n) == "expression_list"
    ]
    assert facts.operand_type(inner[-1], index) is None


def test_a_local_slice_declared_with_var_types_its_elements() -> None:
    # ``var qs []*Q`` then ``q := qs[i]``, also in a literal inside: q is a *Q. A name
    # declared twice in the function (``var rs``, then ``rs :=`` again) has no one type.
    src = b"""package p

type Q struct{}

func f(i int) {
	var qs []*Q
	var rs []*Q
	q := qs[i]
	go func() {
		p := qs[i]
		_ = p
	}()
	if i > 0 {
		rs := []int{}
		_ = rs
	}
	r := rs[i]
	_, _ = q, r
}
"""
    from gostuck.analysis.flow import facts

    tree = parse.parse(src)
    index = PackageIndex("p.go", tree.root_node, src, None)
    got: dict[str, str | None] = {}
    for n in parse.iter_descendants(tree.root_node):
        if n.type == "identifier" and n.text in (b"q", b"p", b"r"):
            got.setdefault(parse.text(n), facts.operand_type(n, index))
    assert got == {"q": "Q", "p": "Q", "r": None}
