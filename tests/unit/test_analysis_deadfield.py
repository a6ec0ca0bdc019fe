"""Named constants, promoted members, and fields only dead code writes or drains."""

from __future__ import annotations

from gostuck.analysis.flow import consts
from gostuck.analysis.flow.deadfield import DeadFields
from gostuck.analysis.flow.index import PackageIndex
from gostuck.analysis.partner.ctxdone import NeverDone
from gostuck.syntax import parse


def index_of(src: bytes, siblings: dict[str, bytes] | None = None) -> PackageIndex:
    tree = parse.parse(src)
    package = {"a.go": src, **(siblings or {})}
    return PackageIndex("a.go", tree.root_node, src, package)


def test_package_constants_follow_iota_and_repeated_specs() -> None:
    src = b"""package p

type S uint32

const (
	A S = iota
	B
	C
)

const size = 4 << 2
const (
	x, y = 1, size + 1
)
const twice = 1
const twice = 2
"""
    other = b"package p\n\nconst far = C * 10\n"
    idx = index_of(src, {"b.go": other})
    got = {n: consts.package_const(n, idx) for n in ("A", "B", "C", "size", "y", "far")}
    assert got == {"A": 0, "B": 1, "C": 2, "size": 16, "y": 17, "far": 20}
    assert consts.package_const("twice", idx) is None  # declared twice: unknown
    assert consts.package_const("missing", idx) is None
    assert consts.is_int_type("S", idx) and not consts.is_int_type("string", idx)


def test_members_are_promoted_through_embedded_structs() -> None:
    src = b"""package p

import "sync"

type base struct{ st int }

func (b *base) shut() {}

type inner struct {
	base
	ch chan int
}

func (i *inner) Push() {}

type outer struct {
	inner
	sync.Mutex
}

type left struct{ base }
type right struct{ base }
type both struct {
	left
	right
}
"""
    idx = index_of(src)
    push = idx.member("outer", "Push")
    assert push is not None and push.via == ("inner",) and push.method is not None
    st = idx.member("outer", "st")
    assert st is not None and st.via == ("inner", "base") and st.owner == "base"
    assert idx.member("outer", "Lock") is None  # sync.Mutex's: not ours to see
    assert idx.member("both", "st") is None  # ambiguous at one depth


ZERO = b"""package main

import "sync/atomic"

type gate struct {
	st    uint32
	mode  uint32
	Shown uint32
	kind  uint32
	pos   uint32
}

type spot struct{ pos uint32 }

type box struct {
	gate
	items chan int
	jobs  chan int
	outs  chan int
}

func (g *gate) shut()         { atomic.StoreUint32(&g.st, 1) }
func (g *gate) reopen()       { g.mode = 2 }
func (b *box) Drop()          { b.shut(); <-b.items }
func (b *box) read() uint32   { return atomic.LoadUint32(&b.st) + b.kind + b.pos }
func (b *box) fill()          { b.items = make(chan int, 1); b.items <- 1; b.outs <- len(b.outs) }
func (b *box) take() int      { return <-b.jobs }
func (b *box) hand() chan int { return b.outs }

func main() {
	b := &box{gate: gate{kind: 3}}
	b.reopen()
	b.fill()
	_ = b.read()
	_ = b.take()
	_ = b.hand()
	_ = []spot{{7}}
}
"""


def test_fields_only_dead_code_writes_stay_zero() -> None:
    idx = index_of(ZERO)
    dead = DeadFields(idx, lambda: NeverDone(idx))
    assert dead.is_always_zero("gate", "st")  # only Drop, never called, stores it
    assert not dead.is_always_zero("gate", "mode")  # reopen runs
    assert not dead.is_always_zero("gate", "Shown")  # exported: reflection may set it
    assert not dead.is_always_zero("gate", "kind")  # a keyed literal sets it
    assert not dead.is_always_zero("spot", "pos")  # a positional literal sets it


def test_channel_fields_only_dead_code_drains_are_sealed() -> None:
    idx = index_of(ZERO)
    dead = DeadFields(idx, lambda: NeverDone(idx))
    assert dead.is_never_drained("items")  # received only in Drop
    assert not dead.is_never_drained("jobs")  # take runs
    assert not dead.is_never_drained("outs")  # handed on by hand


def test_a_library_exports_its_drains() -> None:
    idx = index_of(ZERO.replace(b"package main", b"package lib"))
    dead = DeadFields(idx, lambda: NeverDone(idx))
    assert not dead.is_never_drained("items")  # Drop may be called by an importer
    assert not dead.is_always_zero("gate", "st")
