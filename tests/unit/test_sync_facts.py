"""Unit tests for the sync-primitive facts (gostuck.analysis.partner.syncfacts)."""

from __future__ import annotations

from gostuck.analysis.context import FileFacts
from gostuck.analysis.model import Confidence, Role
from gostuck.analysis.partner import syncfacts
from gostuck.syntax import parse
from tree_sitter import Node


def facts_of(src: str, siblings: dict[str, str] | None = None) -> syncfacts.SyncFacts:
    """Return the sync facts of one file (with optional same-package siblings)."""
    raw = src.encode()
    package = {p: t.encode() for p, t in (siblings or {}).items()}
    package["a.go"] = raw
    ff = FileFacts("a.go", raw, parse.parse(raw), package)
    return syncfacts.SyncFacts(ff)


def lines(sf: syncfacts.SyncFacts, code: str) -> list[int]:
    """Return the 1-based lines of the findings of ``code``."""
    out = []
    for f in sf.findings:
        if f.code == code:
            node = sf.node(f.at)
            assert node is not None
            out.append(node.start_point[0] + 1)
    return sorted(out)


def block_lines(sf: syncfacts.SyncFacts, code: str) -> list[int]:
    """Return the 1-based lines of every BLOCK related place of ``code``'s findings."""
    out = []
    for f in sf.findings:
        if f.code != code:
            continue
        for role, key, _ in f.related:
            node = sf.node(key)
            if role is Role.BLOCK and node is not None:
                out.append(node.start_point[0] + 1)
    return sorted(out)


HEADER = 'package p\n\nimport "sync"\n\n'


def test_files_without_sync_calls_are_not_walked() -> None:
    sf = facts_of("package p\n\nfunc f(ch chan int) {\n\tgo func() { ch <- 1 }()\n}\n")
    assert sf.sim is None
    assert sf.findings == []


def test_has_sync_calls_uses_the_query() -> None:
    tree = parse.parse(b"package p\nfunc f() { mu.Lock() }\n")
    assert syncfacts.has_sync_calls(tree.root_node)
    tree = parse.parse(b"package p\nfunc f() { mu.Lockx() }\n")
    assert not syncfacts.has_sync_calls(tree.root_node)


def test_double_lock_through_a_method_is_a_self_deadlock() -> None:
    src = HEADER + (
        "type S struct{ mu sync.Mutex }\n"  # 5
        "func (s *S) a() {\n"
        "\ts.mu.Lock()\n"  # 7
        "\tdefer s.mu.Unlock()\n"
        "\ts.b()\n"
        "}\n"
        "func (s *S) b() {\n"
        "\ts.mu.Lock()\n"  # 12
        "\ts.mu.Unlock()\n"
        "}\n"
        "func run() {\n"
        "\ts := &S{}\n"
        "\tgo s.a()\n"  # 17
        "}\n"
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_LOCK) == [17]
    assert block_lines(sf, syncfacts.GS_LOCK) == [12]
    f = next(f for f in sf.findings if f.code == syncfacts.GS_LOCK)
    assert f.confidence is Confidence.HIGH


def test_embedded_mutex_is_found_through_the_type() -> None:
    src = HEADER + (
        "type S struct {\n\tsync.Mutex\n\tn int\n}\n"
        "func (s *S) a() {\n\ts.Lock()\n\ts.b()\n\ts.Unlock()\n}\n"
        "func (s *S) b() {\n\ts.Lock()\n\tdefer s.Unlock()\n}\n"
        "func run() {\n\tgo (&S{}).a()\n\ts := &S{}\n\tgo s.a()\n}\n"
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_LOCK) == [19, 21]


def test_reassigned_variable_is_not_the_same_lock() -> None:
    # for p := c; p != nil; p = p.parent { p.mu.Lock(); defer p.mu.Unlock() }
    src = HEADER + (
        "type N struct {\n\tmu sync.Mutex\n\tparent *N\n}\n"
        "func (c *N) top() {\n"
        "\tfor p := c; p != nil; p = p.parent {\n"
        "\t\tp.mu.Lock()\n"
        "\t\tdefer p.mu.Unlock()\n"
        "\t}\n"
        "}\n"
        "func run(n *N) {\n\tgo n.top()\n}\n"
    )
    assert facts_of(src).findings == []


def test_lock_in_a_loop_on_a_fresh_value_is_not_a_double_lock() -> None:
    src = HEADER + (
        "type R struct{ mu *sync.Mutex }\n"
        "func mk() R {\n\tr := R{mu: &sync.Mutex{}}\n\tr.mu.Lock()\n\treturn r\n}\n"
        "func run() {\n\tgo func() {\n\t\tfor i := 0; i < 2; i++ {\n\t\t\tmk()\n\t\t}\n\t}()\n}\n"
    )
    assert lines(facts_of(src), syncfacts.GS_LOCK) == []


def test_void_function_leaving_the_lock_locked_on_a_return() -> None:
    src = HEADER + (
        "type S struct {\n\tmu sync.Mutex\n\tclosed bool\n}\n"
        "func (s *S) evict() {\n"
        "\ts.mu.Lock()\n"  # 10
        "\tif s.closed {\n"
        "\t\treturn\n"  # 12
        "\t}\n"
        "\ts.mu.Unlock()\n"
        "}\n"
        "func run(s *S) {\n\tgo s.evict()\n}\n"
    )
    sf = facts_of(src)
    leak = [f for f in sf.findings if f.fix == "defer-unlock"]
    assert len(leak) == 1
    node = sf.node(leak[0].at)
    assert node is not None and node.start_point[0] + 1 == 10
    paths = [sf.node(k) for r, k, _ in leak[0].related if r is Role.PATH]
    assert [n.start_point[0] + 1 for n in paths if n is not None] == [12]


def test_lock_returning_function_with_a_used_result_is_not_a_leak() -> None:
    # if s.tryLock() { ...; s.mu.Unlock() }: the caller tells the paths apart by the result.
    src = HEADER + (
        "type S struct {\n\tmu sync.Mutex\n\tok bool\n}\n"
        "func (s *S) tryLock() bool {\n"
        "\ts.mu.Lock()\n\tif !s.ok {\n\t\ts.mu.Unlock()\n\t\treturn false\n\t}\n\treturn true\n}\n"
        "func (s *S) put() {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n}\n"
        "func run(s *S) {\n"
        "\tgo func() {\n\t\tif s.tryLock() {\n\t\t\ts.mu.Unlock()\n\t\t}\n\t\ts.put()\n\t}()\n"
        "}\n"
    )
    assert facts_of(src).findings == []


def test_unlocking_a_lock_the_caller_holds_is_not_a_leak() -> None:
    # c.mu.Unlock(); defer c.mu.Lock(): the caller holds the lock, the function lends it out.
    src = HEADER + (
        "type C struct {\n\tmu sync.Mutex\n\tch chan int\n}\n"
        "func (c *C) wait() error {\n\tc.mu.Unlock()\n\tdefer c.mu.Lock()\n\t<-c.ch\n"
        "\treturn nil\n}\n"
        "func (c *C) step() {\n\tc.wait()\n}\n"
        "func run(c *C) {\n\tgo c.step()\n}\n"
    )
    assert facts_of(src).findings == []


def test_newcond_does_not_release_the_lock() -> None:
    src = HEADER + (
        "type R struct {\n\tmu sync.Mutex\n\tcond *sync.Cond\n}\n"
        "func (r *R) lock() {\n\tr.mu.Lock()\n\tif r.cond == nil {\n"
        "\t\tr.cond = sync.NewCond(&r.mu)\n\t}\n}\n"
        "func (r *R) unlock() { r.mu.Unlock() }\n"
        "func (r *R) read() {\n\tr.lock()\n\tdefer r.unlock()\n}\n"
        "func run(r *R) {\n\tgo r.read()\n}\n"
    )
    assert facts_of(src).findings == []


def test_waitgroup_done_skipped_on_an_early_return() -> None:
    src = HEADER + (
        "func work() error { return nil }\n"
        "func run() {\n"
        "\tvar wg sync.WaitGroup\n"
        "\twg.Add(1)\n"
        "\tgo func() {\n"  # 9
        "\t\tif err := work(); err != nil {\n"
        "\t\t\treturn\n"
        "\t\t}\n"
        "\t\twg.Done()\n"
        "\t}()\n"
        "\twg.Wait()\n"  # 15
        "}\n"
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_WG) == [9]
    assert block_lines(sf, syncfacts.GS_WG) == [15]
    assert next(f for f in sf.findings if f.code == syncfacts.GS_WG).fix == "defer-done"


def test_waitgroup_handed_to_a_helper_is_not_judged() -> None:
    src = HEADER + (
        "func done(wg *sync.WaitGroup) { wg.Done() }\n"
        "func run() {\n\tgo func() {\n\t\tvar wg sync.WaitGroup\n\t\twg.Add(1)\n"
        "\t\tgo done(&wg)\n\t\twg.Wait()\n\t}()\n}\n"
    )
    assert lines(facts_of(src), syncfacts.GS_WG) == []


def test_exported_field_waitgroup_is_not_judged() -> None:
    # Another package may call s.WG.Done().
    src = HEADER + (
        "type S struct{ WG sync.WaitGroup }\n"
        "func (s *S) wait() {\n\ts.WG.Add(1)\n\ts.WG.Wait()\n}\n"
        "func run(s *S) {\n\tgo s.wait()\n}\n"
    )
    assert lines(facts_of(src), syncfacts.GS_WG) == []


def test_cond_signalled_in_a_sibling_file_is_not_reported() -> None:
    src = HEADER + (
        "type P struct{ c *sync.Cond }\n"
        "func (p *P) wait() {\n\tp.c.L.Lock()\n\tp.c.Wait()\n\tp.c.L.Unlock()\n}\n"
        "func run(p *P) {\n\tgo p.wait()\n}\n"
    )
    assert lines(facts_of(src), syncfacts.GS_COND) == [12]
    sibling = "package p\n\nfunc (p *P) wake() { p.c.Broadcast() }\n"
    assert lines(facts_of(src, {"b.go": sibling}), syncfacts.GS_COND) == []


def test_rlock_recursion_needs_a_writer() -> None:
    src = HEADER + (
        "type S struct{ mu sync.RWMutex }\n"
        "func (s *S) get() {\n\ts.mu.RLock()\n\tdefer s.mu.RUnlock()\n}\n"
        "func (s *S) sum() {\n\ts.mu.RLock()\n\tdefer s.mu.RUnlock()\n\ts.get()\n}\n"
        "func (s *S) set() {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n}\n"
        "func reader(s *S) {\n\tgo s.sum()\n}\n"
        "func both(s *S) {\n\tgo s.sum()\n\tgo s.set()\n}\n"
    )
    sf = facts_of(src)
    # reader's goroutine has no writer beside it; both's has one, and the writer is reported.
    assert lines(sf, syncfacts.GS_RLOCK) == [23, 24]


def test_lock_order_inversion_between_sibling_goroutines_only() -> None:
    src = HEADER + (
        "type A struct{ mu sync.Mutex }\n"
        "type B struct{ mu sync.Mutex }\n"
        "func ab(a *A, b *B) {\n\ta.mu.Lock()\n\tb.mu.Lock()\n\tb.mu.Unlock()\n\ta.mu.Unlock()\n}\n"
        "func ba(a *A, b *B) {\n\tb.mu.Lock()\n\ta.mu.Lock()\n\ta.mu.Unlock()\n\tb.mu.Unlock()\n}\n"
        "func one(a *A, b *B) {\n\tgo ab(a, b)\n}\n"
        "func two(a *A, b *B) {\n\tgo ba(a, b)\n}\n"
        "func both(a *A, b *B) {\n\tgo ab(a, b)\n\tgo ba(a, b)\n}\n"
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_ORDER) == [26, 27]
    assert block_lines(sf, syncfacts.GS_ORDER) == [9, 15]


def test_components_join_goroutines_of_one_function() -> None:
    src = HEADER + (
        "type S struct{ mu sync.Mutex }\n"
        "func (s *S) a() {\n\ts.mu.Lock()\n\ts.mu.Unlock()\n}\n"
        "func f(s *S) {\n\tgo s.a()\n\tgo s.a()\n}\n"
        "func g(s *S) {\n\tgo s.a()\n}\n"
    )
    sf = facts_of(src)
    assert sf.sim is not None
    comp = syncfacts._components(sf.sim.roots)
    ids = [comp[id(r)] for r in sorted(sf.sim.roots, key=lambda r: r.go.start_byte)]
    assert ids[0] == ids[1] != ids[2]


def test_unbuffered_channel_fields_by_owner_type() -> None:
    src = HEADER + (
        "type S struct {\n\tmu sync.Mutex\n\tc chan int\n}\n"
        "type T struct {\n\tmu sync.Mutex\n\tc chan int\n}\n"
        "func newS() *S { return &S{c: make(chan int)} }\n"
        "func newT() *T { return &T{c: make(chan int, 4)} }\n"
        "func run() {\n\tgo func() { newS().mu.Lock() }()\n}\n"
    )
    sf = facts_of(src)
    assert sf.sim is not None
    assert sf.sim.unbuffered("S.c")
    assert not sf.sim.unbuffered("T.c")
    assert not sf.sim.unbuffered("U.c")


def test_wait_before_the_receive_that_done_waits_behind() -> None:
    src = HEADER + (
        "func run() {\n"
        "\tgo func() {\n"  # 6
        "\t\tch := make(chan int)\n"
        "\t\tvar wg sync.WaitGroup\n"
        "\t\twg.Add(1)\n"
        "\t\tgo func() {\n\t\t\tch <- 1\n\t\t\twg.Done()\n\t\t}()\n"
        "\t\twg.Wait()\n"  # 14
        "\t\t<-ch\n"
        "\t}()\n"
        "}\n"
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_WG) == [6]
    assert block_lines(sf, syncfacts.GS_WG) == [14]


def test_wait_with_a_receiver_elsewhere_is_not_judged() -> None:
    # The parent ranges over ch: the senders reach Done whatever the waiter does.
    src = HEADER + (
        "func run() []int {\n"
        "\tch := make(chan int)\n"
        "\tvar wg sync.WaitGroup\n"
        "\twg.Add(1)\n"
        "\tgo func() {\n\t\tch <- 1\n\t\twg.Done()\n\t}()\n"
        "\tgo func() {\n\t\twg.Wait()\n\t\tclose(ch)\n\t}()\n"
        "\tvar out []int\n"
        "\tfor v := range ch {\n\t\tout = append(out, v)\n\t}\n"
        "\treturn out\n"
        "}\n"
    )
    assert lines(facts_of(src), syncfacts.GS_WG) == []


def test_lock_held_across_a_send_whose_receiver_locks_first() -> None:
    src = HEADER + (
        "type S struct {\n\tmu sync.Mutex\n\tc chan bool\n}\n"
        "func newS() *S { return &S{c: make(chan bool)} }\n"
        "func (s *S) set() {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\ts.c <- true\n}\n"  # 13
        "func (s *S) loop() {\n\tfor {\n\t\ts.mu.Lock()\n\t\ts.mu.Unlock()\n\t\t<-s.c\n\t}\n}\n"
        "func run() {\n\ts := newS()\n\tgo s.loop()\n\tgo s.set()\n}\n"  # 24, 25
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_CHAN) == [24, 25]
    assert block_lines(sf, syncfacts.GS_CHAN) == [13, 17]


def test_lock_held_across_a_buffered_send_is_fine() -> None:
    src = HEADER + (
        "type S struct {\n\tmu sync.Mutex\n\tc chan bool\n}\n"
        "func newS() *S { return &S{c: make(chan bool, 1)} }\n"
        "func (s *S) set() {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\ts.c <- true\n}\n"
        "func (s *S) loop() {\n\tfor {\n\t\ts.mu.Lock()\n\t\ts.mu.Unlock()\n\t\t<-s.c\n\t}\n}\n"
        "func run() {\n\ts := newS()\n\tgo s.loop()\n\tgo s.set()\n}\n"
    )
    assert lines(facts_of(src), syncfacts.GS_CHAN) == []


def test_constructor_fields_carry_the_value_through() -> None:
    # NewAPI(c) returns &api{client: c}: a.client is c itself, so the write lock and the read
    # lock are on one RWMutex.
    src = HEADER + (
        "type Client struct{ sync.RWMutex }\n"
        "type api struct{ client *Client }\n"
        "func NewAPI(c *Client) *api { return &api{client: c} }\n"
        "func (a *api) get() {\n\ta.client.RLock()\n\ta.client.RUnlock()\n}\n"  # 9
        "func (c *Client) sync() {\n\tc.Lock()\n\tdefer c.Unlock()\n\tNewAPI(c).get()\n}\n"
        "func run() {\n\tgo (&Client{}).sync()\n}\n"  # 18
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_LOCK) == [18]
    assert block_lines(sf, syncfacts.GS_LOCK) == [9]


def test_getter_and_positional_literal_name_the_channel_field() -> None:
    # monitor gets h.Chan() (a getter of h.stop); the holder sends on h.stop, made
    # unbuffered by a positional literal.
    src = HEADER + (
        "type H struct{ stop chan struct{} }\n"
        "func (h *H) Chan() chan struct{} { return h.stop }\n"
        "type C struct {\n\tsync.Mutex\n\th *H\n}\n"
        "func (c *C) changed() {\n\tc.Lock()\n\tdefer c.Unlock()\n\tc.h.stop <- struct{}{}\n}\n"
        "func probe(c *C) {\n\tc.Lock()\n\tc.Unlock()\n}\n"  # 17
        "func monitor(c *C, stop chan struct{}) {\n\tfor {\n\t\tselect {\n"
        "\t\tcase <-stop:\n\t\t\treturn\n\t\tdefault:\n\t\t\tprobe(c)\n\t\t}\n\t}\n}\n"
        "func run() {\n"
        "\tc := &C{h: &H{make(chan struct{})}}\n"
        "\tgo monitor(c, c.h.Chan())\n"  # 32
        "\tgo c.changed()\n"
        "}\n"
    )
    sf = facts_of(src)
    assert sf.sim is not None
    assert sf.sim.unbuffered("H.stop")
    assert lines(sf, syncfacts.GS_CHAN) == [32, 33]
    assert 17 in block_lines(sf, syncfacts.GS_CHAN)


def test_cached_facts_go_away_with_their_file() -> None:
    import gc
    import weakref

    raw = (HEADER + "func f(mu *sync.Mutex) {\n\tgo func() { mu.Lock() }()\n}\n").encode()
    ff = FileFacts("a.go", raw, parse.parse(raw), {})
    syncfacts.sync_facts(ff)
    ref = weakref.ref(ff)
    del ff
    gc.collect()
    assert ref() is None


RLOCK_TWICE = (
    HEADER + "type T struct {\n\tmu sync.RWMutex\n}\n\n"
    "func (t *T) get() { t.mu.RLock(); t.mu.RUnlock() }\n\n"
    "func (t *T) set() { t.mu.Lock(); t.mu.Unlock() }\n\n"
    "func (t *T) both(o *T) {\n\tt.mu.RLock()\n\to.get()\n\tt.mu.RUnlock()\n}\n\n"
)


def rlock_confidences(caller: str) -> list[Confidence]:
    sf = facts_of(RLOCK_TWICE + caller)
    return [f.confidence for f in sf.findings if f.code == syncfacts.GS_RLOCK]


def test_read_locks_through_two_variables_are_a_hint() -> None:
    # a and b may be two tables: the second RLock is on another lock unless a == b
    two = "func run(a, b *T) {\n\tgo a.both(b)\n\tgo a.set()\n}\n"
    assert rlock_confidences(two) == [Confidence.LOW, Confidence.LOW]
    # the same variable twice is the same lock: a warning
    one = "func run(a *T) {\n\tgo a.both(a)\n\tgo a.set()\n}\n"
    assert rlock_confidences(one) == [Confidence.MEDIUM, Confidence.MEDIUM]


def _expr(src: str) -> Node:
    """Return the condition of ``for <src> {}`` in a tiny function."""
    tree = parse.parse(f"package p\n\nfunc f() {{\n\tfor {src} {{\n\t}}\n}}\n".encode())
    loop = next(n for n in parse.iter_descendants(tree.root_node) if n.type == "for_statement")
    return next(c for c in loop.named_children if c.type != "block")


def test_zero_truth_of_wait_loop_conditions() -> None:
    tree = parse.parse(b"package p\n\ntype T struct {\n\tready bool\n\tn int\n}\n")
    fields = {
        parse.text(n): n.parent.child_by_field_name("type")
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "field_identifier" and n.parent is not None
    }
    types = {k: v for k, v in fields.items() if v is not None}
    assert syncfacts._zero_truth(_expr("!g.ready"), "g", types) is True
    assert syncfacts._zero_truth(_expr("g.ready"), "g", types) is False
    assert syncfacts._zero_truth(_expr("g.n == 0 && !g.ready"), "g", types) is True
    assert syncfacts._zero_truth(_expr("g.n != 0 || g.ready"), "g", types) is False
    assert syncfacts._zero_truth(_expr("g.n < 3"), "g", types) is None
    assert syncfacts._zero_truth(_expr("!other.ready"), "g", types) is None


def test_add_of_a_loop_count_names_its_loop() -> None:
    src = (
        "package p\n\nfunc f(xs []int, n int) {\n\twg.Add(len(xs))\n\tfor _, x := range xs {\n"
        "\t\t_ = x\n\t}\n\twg.Add(n)\n\tfor i := 0; i < n; i++ {\n\t}\n\twg.Add(len(xs) - 1)\n"
        "\tfor range xs {\n\t}\n}\n"
    )
    tree = parse.parse(src.encode())
    adds = [
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "call_expression" and parse.text(n).startswith("wg.Add")
    ]
    loops = [syncfacts._counted_loop(a) for a in adds]
    assert [lp is not None for lp in loops] == [True, True, False]


def test_wait_after_a_deferred_done_of_the_same_waitgroup() -> None:
    sf = facts_of(
        HEADER + "type C struct{ wg sync.WaitGroup }\n\n"
        "func (c *C) visit() {\n\tdefer c.wg.Done()\n\tc.wg.Wait()\n}\n\n"
        "func (c *C) other(inner *sync.WaitGroup) {\n\tdefer c.wg.Done()\n\tinner.Wait()\n}\n\n"
        "func run(c *C, w *sync.WaitGroup) {\n\tgo c.visit()\n\tgo c.other(w)\n}\n"
    )
    assert lines(sf, syncfacts.GS_WG) == [18]
    assert block_lines(sf, syncfacts.GS_WG) == [9]


def test_done_in_a_helper_that_returns_early() -> None:
    body = (
        HEADER + "type B struct{ wg sync.WaitGroup }\n\n"
        "func (b *B) handle(v int) error {\n\tif v < 0 {\n\t\treturn nil\n\t}\n\tb.wg.Done()\n"
        "\treturn nil\n}\n\n"
        "func run(vs [3]int, done func()) {\n\tb := &B{}\n\tfor _, v := range vs {\n"
        "\t\tb.wg.Add(1)\n\t\tgo func(v int) { _ = b.handle(v) }(v)\n\t}\n"
        "\tgo func() {\n\t\tb.wg.Wait()\n\t\tdone()\n\t}()\n}\n"
    )
    assert lines(facts_of(body), syncfacts.GS_WG) == [21]
    # The helper also called where no goroutine runs: its Done may come from there.
    other = body + "\nfunc direct(b *B) { _ = b.handle(1) }\n"
    assert lines(facts_of(other), syncfacts.GS_WG) == []


def test_a_goroutine_started_where_no_sync_call_is_walked_when_its_package_has_them() -> None:
    queue = HEADER + (
        "type Q struct {\n\tmu sync.Mutex\n\tcond *sync.Cond\n\tn int\n\tclosed bool\n}\n"
        "func newQ() *Q {\n\tq := &Q{}\n\tq.cond = sync.NewCond(&q.mu)\n\treturn q\n}\n"
        "func (q *Q) get() {\n\tq.mu.Lock()\n\tfor q.n == 0 && !q.closed {\n"
        "\t\tq.cond.Wait()\n\t}\n\tq.mu.Unlock()\n}\n"
        "func (q *Q) close() {\n\tq.mu.Lock()\n\tq.closed = true\n\tq.mu.Unlock()\n"
        "\tq.cond.Signal()\n}\n"
    )
    src = "package p\n\nfunc run(n int) {\n\tq := newQ()\n\tfor i := 0; i < n; i++ {\n"
    src += "\t\tgo q.get()\n\t}\n\tq.close()\n}\n"  # 6
    sf = facts_of(src, {"q.go": queue})
    assert sf.sim is not None
    assert lines(sf, syncfacts.GS_COND) == [6]


def test_explicit_instantiation_names_the_generic_function() -> None:
    tree = parse.parse(b"package p\nfunc f() { q := New[int](); h[0]() }\n")
    calls = [n for n in parse.iter_descendants(tree.root_node) if n.type == "call_expression"]
    fns = [c.child_by_field_name("function") for c in calls]
    assert [parse.text(syncfacts.instantiated(f)) for f in fns if f is not None] == [
        "New",
        "h",
    ]
    h = fns[1]
    assert h is not None
    assert parse.text(syncfacts.instantiated(h, {"h": object()})) == "h[0]"


def test_make_capacity_reads_literal_buffers_only() -> None:
    assert syncfacts._make_capacity(b"make(chan int)") == 0
    assert syncfacts._make_capacity(b"make(chan struct{}, 3)") == 3
    assert syncfacts._make_capacity(b"make(chan int, n)") is None


def test_lock_held_across_a_buffered_send_many_senders_fill() -> None:
    src = HEADER + (
        "type S struct {\n\tmu sync.Mutex\n\tc chan bool\n}\n"
        "func newS() *S { return &S{c: make(chan bool, 1)} }\n"
        "func (s *S) set() {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\ts.c <- true\n}\n"
        "func (s *S) loop() {\n\tfor {\n\t\ts.mu.Lock()\n\t\ts.mu.Unlock()\n\t\t<-s.c\n\t}\n}\n"
        "func run() {\n\ts := newS()\n\tgo s.loop()\n\tgo s.set()\n\tgo s.set()\n}\n"  # 24
    )
    assert lines(facts_of(src), syncfacts.GS_CHAN) == []
    more = src.replace("\tgo s.set()\n}\n", "\tgo s.set()\n\tgo s.set()\n}\n")
    assert lines(facts_of(more), syncfacts.GS_CHAN) == [24, 25, 26, 27]


def test_error_kinds_of_returns() -> None:
    src = (
        'package p\n\nimport "errors"\n\nvar errFull = errors.New("full")\n'
        "func f(x int) error {\n\tif x > 0 {\n\t\treturn errFull\n\t}\n"
        "\tif x < 0 {\n\t\treturn &E{}\n\t}\n\tif x == 1 {\n\t\treturn g()\n\t}\n"
        "\treturn nil\n}\n"
    )
    raw = src.encode()
    ff = FileFacts("a.go", raw, parse.parse(raw), {"a.go": raw})
    pkg = syncfacts.package_of(ff.index)
    rets = [n for n in parse.iter_descendants(ff.tree.root_node) if n.type == "return_statement"]
    assert [syncfacts._error_kind(r, pkg) for r in rets] == ["set", "set", None, "nil"]


def test_an_error_just_tested_not_nil_is_set() -> None:
    src = (
        "package p\n\nfunc f() (int, error) {\n\tv, err := g()\n\tif err != nil {\n"
        "\t\treturn 0, err\n\t}\n\tif err != nil {\n\t\terr = h()\n\t\treturn 0, err\n\t}\n"
        "\treturn v, err\n}\n"
    )
    raw = src.encode()
    ff = FileFacts("a.go", raw, parse.parse(raw), {"a.go": raw})
    pkg = syncfacts.package_of(ff.index)
    rets = [n for n in parse.iter_descendants(ff.tree.root_node) if n.type == "return_statement"]
    assert [syncfacts._error_kind(r, pkg) for r in rets] == ["set", None, None]


def test_a_lock_kept_with_an_error_follows_the_error_branch() -> None:
    src = HEADER + (
        'import "errors"\n\nvar errFull = errors.New("full")\n\n'
        "type S struct {\n\tmu sync.Mutex\n\tn int\n}\n"
        "func (s *S) open() error {\n\ts.mu.Lock()\n\tif s.n > 0 {\n\t\treturn errFull\n\t}\n"
        "\ts.n++\n\ts.mu.Unlock()\n\treturn nil\n}\n"
        "func (s *S) count() int {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\treturn s.n\n}\n"
        "func handle(s *S) {\n\tif err := s.open(); err != nil {\n\t\treturn\n\t}\n"
        "\t_ = s.count()\n}\n"
        "func run(s *S) {\n\tfor i := 0; i < 3; i++ {\n\t\tgo handle(s)\n\t}\n}\n"  # 35
    )
    sf = facts_of(src)
    # The Lock open leaves locked (14), and the goroutines that lock it after (35); none
    # deadlocks on itself: a goroutine that kept the lock took the error branch and returned.
    assert lines(sf, syncfacts.GS_LOCK) == [14, 35]
    assert all("deadlocks on itself" not in f.message for f in sf.findings)


def test_a_flag_guard_is_an_earlier_if_that_returns() -> None:
    src = (
        "package p\n\nfunc (p *P) release() {\n\tp.mu.Lock()\n\tif p.closed {\n"
        "\t\tp.mu.Unlock()\n\t\treturn\n\t}\n\tp.mu.Unlock()\n\tp.cond.Signal()\n}\n"
        "func (p *P) other() {\n\tif p.closed {\n\t\tp.n++\n\t}\n\tp.cond.Signal()\n}\n"
    )
    tree = parse.parse(src.encode())
    sigs = [
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "call_expression" and parse.text(n).endswith("Signal()")
    ]
    assert [syncfacts._flag_guard(s) for s in sigs] == ["closed", None]


def test_returns_fresh_objects_only() -> None:
    src = (
        "package p\n\nfunc a() *T { return &T{} }\n"
        "func b() *T {\n\tt := &T{}\n\treturn t\n}\n"
        "func c() *T {\n\tif cached != nil {\n\t\treturn cached\n\t}\n\treturn &T{}\n}\n"
    )
    tree = parse.parse(src.encode())
    funcs = [n for n in tree.root_node.named_children if n.type == "function_declaration"]
    assert [syncfacts._returns_fresh(f) for f in funcs] == [True, True, False]


def test_a_constructor_in_another_file_starts_the_partner() -> None:
    pump = HEADER + (
        "type P struct {\n\tmu sync.Mutex\n\tc chan bool\n}\n"
        "func newP() *P {\n\tp := &P{c: make(chan bool)}\n\tgo p.loop()\n\treturn p\n}\n"
        "func (p *P) set() {\n\tp.mu.Lock()\n\tdefer p.mu.Unlock()\n\tp.c <- true\n}\n"
        "func (p *P) loop() {\n\tfor {\n\t\tp.mu.Lock()\n\t\tp.mu.Unlock()\n\t\t<-p.c\n\t}\n}\n"
    )
    src = "package p\n\nfunc run() {\n\tp := newP()\n\tgo p.set()\n}\n"  # 5
    sf = facts_of(src, {"pump.go": pump})
    assert sf.sim is not None
    assert any(r.go_path == "pump.go" for r in sf.sim.roots)
    here = [f for f in sf.findings if f.code == syncfacts.GS_CHAN and f.at[0] == "a.go"]
    there = [f for f in sf.findings if f.code == syncfacts.GS_CHAN and f.at[0] == "pump.go"]
    # The sender here; the loop of pump.go (line 11) is reported when pump.go is checked.
    assert len(here) == 1 and "while it holds" in here[0].message
    assert len(there) == 1 and "locking" in there[0].message


def test_a_cond_holder_in_a_field_made_at_construction_is_followed() -> None:
    queue = HEADER + (
        "type Q struct {\n\tmu sync.Mutex\n\tcond *sync.Cond\n\tn int\n\tclosed bool\n}\n"
        "func newQ() *Q {\n\tq := &Q{}\n\tq.cond = sync.NewCond(&q.mu)\n\treturn q\n}\n"
        "func (q *Q) get() {\n\tq.mu.Lock()\n\tfor q.n == 0 && !q.closed {\n"
        "\t\tq.cond.Wait()\n\t}\n\tq.mu.Unlock()\n}\n"
        "func (q *Q) close() {\n\tq.mu.Lock()\n\tq.closed = true\n\tq.mu.Unlock()\n"
        "\tq.cond.Signal()\n}\n"
    )
    src = (
        "package p\n\ntype S struct {\n\tq *Q\n\tn int\n}\n"
        "func newS(n int) *S { return &S{q: newQ(), n: n} }\n"
        "func (s *S) start() {\n\tfor i := 0; i < s.n; i++ {\n\t\tgo s.q.get()\n\t}\n}\n"  # 10
        "func run() {\n\ts := newS(3)\n\ts.start()\n\ts.q.close()\n}\n"
    )
    assert lines(facts_of(src, {"q.go": queue}), syncfacts.GS_COND) == [10]
    # Another write of the field (a reset) makes the holder unknown: silence.
    reset = src + "func (s *S) reset() { s.q = newQ() }\n"
    assert lines(facts_of(reset, {"q.go": queue}), syncfacts.GS_COND) == []


def test_a_waitgroup_handed_by_address_to_a_method_keeps_its_summary() -> None:
    src = """package p

import "sync"

type fan struct{ on []bool }

func (f *fan) launch(wg *sync.WaitGroup) {
	wg.Add(len(f.on))
	for _, on := range f.on {
		if !on {
			continue
		}
		go func() {
			defer wg.Done()
		}()
	}
}

func (f *fan) run(done chan struct{}) {
	var wg sync.WaitGroup
	f.launch(&wg)
	go func() {
		wg.Wait()
		close(done)
	}()
}
"""
    sf = facts_of(src)
    assert lines(sf, "GS5001") == [22]
    assert block_lines(sf, "GS5001") == [23]
    # Handed on from the method to a function value: not judged.
    handed_on = src.replace("go func() {\n\t\t\tdefer wg.Done()\n\t\t}()", "use(wg)").replace(
        "func (f *fan) run", "var use func(*sync.WaitGroup)\n\nfunc (f *fan) run"
    )
    assert lines(facts_of(handed_on), "GS5001") == []


def test_a_waitgroup_handed_out_by_address_is_the_callers_value() -> None:
    src = """package p

import "sync"

func start(n int) *sync.WaitGroup {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
		}()
	}
	return &wg
}

func run() {
	wg := start(2)
	go func() {
		wg.Wait()
	}()
}
"""
    sf = facts_of(src)
    assert sf.sim is not None
    classes = {o.op: o.cls for o in sf.sim.wg_ops}
    assert classes["Wait"] == classes["Done"]
    # Another return (a shared one, or none at all) and the caller's value is its own.
    shared = src.replace("\treturn &wg\n}", "\tif n == 0 {\n\t\treturn nil\n\t}\n\treturn &wg\n}")
    sf2 = facts_of(shared)
    assert sf2.sim is not None
    classes2 = {o.op: o.cls for o in sf2.sim.wg_ops}
    assert classes2["Wait"] != classes2["Done"]
    assert lines(sf, "GS5001") == []


# A lock held over sends in a loop; the receiver locks after each receive (GS5006). The
# receiver's Lock is line 12, the send line 19; the starter's go statements 22 and 23.
ROUNDS = HEADER + (
    "type S struct {\n\tmu sync.Mutex\n\tn int\n\tout chan int\n}\n"  # 5-9
    "func (s *S) consume() {\n"  # 10
    "\tfor range s.out {\n"
    "\t\ts.mu.Lock()\n"  # 12
    "\t\ts.n--\n\t\ts.mu.Unlock()\n\t}\n}\n"
    "func (s *S) put(vs []int) {\n"  # 17
    "\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n"
    "\tfor _, v := range vs {\n\t\ts.out <- v\n\t}\n}\n"  # 20-23
    "func run(vs []int) {\n"  # 24
    "\ts := &S{out: make(chan int)}\n"
    "\tgo s.consume()\n"  # 26
    "\tgo s.put(vs)\n"  # 27
    "}\n"
)


def test_a_receiver_that_locks_after_each_receive_deadlocks_a_holder_sending_in_a_loop() -> None:
    sf = facts_of(ROUNDS)
    assert lines(sf, syncfacts.GS_CHAN) == [26, 27]
    assert block_lines(sf, syncfacts.GS_CHAN) == [12, 21]


def test_one_send_under_the_lock_is_received_before_the_receiver_locks() -> None:
    once = ROUNDS.replace("\tfor _, v := range vs {\n\t\ts.out <- v\n\t}\n", "\ts.out <- vs[0]\n")
    assert lines(facts_of(once), syncfacts.GS_CHAN) == []


def test_a_lock_taken_after_the_range_ends_is_taken_when_nothing_sends() -> None:
    after = ROUNDS.replace(
        "\tfor range s.out {\n\t\ts.mu.Lock()\n\t\ts.n--\n\t\ts.mu.Unlock()\n\t}\n",
        "\tfor range s.out {\n\t}\n\ts.mu.Lock()\n\ts.n--\n\ts.mu.Unlock()\n",
    )
    assert lines(facts_of(after), syncfacts.GS_CHAN) == []


def test_a_receiver_that_never_locks_serves_the_holder() -> None:
    other = ROUNDS.replace(
        "\tgo s.put(vs)\n", "\tgo s.put(vs)\n\tgo func() {\n\t\tfor range s.out {\n\t\t}\n\t}()\n"
    )
    assert lines(facts_of(other), syncfacts.GS_CHAN) == []


def test_the_starter_receiving_itself_leaves_the_partners_unknown() -> None:
    starter = ROUNDS.replace("\tgo s.put(vs)\n", "\tgo s.put(vs)\n\t<-s.out\n")
    assert lines(facts_of(starter), syncfacts.GS_CHAN) == []


def test_a_buffer_sized_by_the_constructors_callers_is_counted() -> None:
    sized = (
        ROUNDS.replace("\ts := &S{out: make(chan int)}\n", "\ts := newS(4)\n")
        + "func newS(depth int) *S { return &S{out: make(chan int, depth)} }\n"
    )
    sf = facts_of(sized)
    assert sf.sim is not None and sf.sim.capacity("S.out") == 4
    assert lines(sf, syncfacts.GS_CHAN) == [26, 27]
    # A constant loop that fits the buffer never waits.
    fits = sized.replace(
        "\tfor _, v := range vs {\n", "\tfor i := 0; i < 3; i++ {\n\t\tv := vs[i]\n"
    )
    assert lines(facts_of(fits), syncfacts.GS_CHAN) == []
    # An exported constructor outside package main may be called with any size.
    exported = sized.replace("newS", "NewS")
    sf = facts_of(exported)
    assert sf.sim is not None and sf.sim.capacity("S.out") is None
    assert lines(sf, syncfacts.GS_CHAN) == []


def test_read_locks_on_both_sides_do_not_wait_for_each_other() -> None:
    read = ROUNDS.replace("mu sync.Mutex", "mu sync.RWMutex").replace(
        "\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n", "\ts.mu.RLock()\n\tdefer s.mu.RUnlock()\n"
    )
    read = read.replace(
        "\t\ts.mu.Lock()\n\t\ts.n--\n\t\ts.mu.Unlock()\n", "\t\ts.mu.RLock()\n\t\ts.mu.RUnlock()\n"
    )
    assert lines(facts_of(read), syncfacts.GS_CHAN) == []


SELECT = HEADER + (
    "type Sub struct {\n\tch chan int\n\tdone chan struct{}\n}\n"  # 5-8
    "type B struct {\n\tmu sync.Mutex\n\tsubs []*Sub\n}\n"  # 9-12
    "func (b *B) publish(v int) {\n"  # 13
    "\tb.mu.Lock()\n\tdefer b.mu.Unlock()\n"
    "\tfor _, s := range b.subs {\n"
    "\t\tselect {\n"  # 17
    "\t\tcase s.ch <- v:\n\t\tcase <-s.done:\n\t\t}\n\t}\n}\n"
    "func (b *B) leave(s *Sub) {\n"  # 23
    "\tb.mu.Lock()\n"  # 24
    "\tdefer b.mu.Unlock()\n\tclose(s.done)\n}\n"
    "func (b *B) track(s *Sub) {\n"  # 28
    "\tfor v := range s.ch {\n\t\tif v == 0 {\n\t\t\tb.leave(s)\n\t\t\treturn\n\t\t}\n\t}\n}\n"
    "func run(vs []int) {\n"  # 36
    "\tb := &B{}\n\ts := &Sub{ch: make(chan int), done: make(chan struct{})}\n"
    "\tb.subs = append(b.subs, s)\n"
    "\tgo b.track(s)\n"  # 40
    "\tgo func() {\n"  # 41
    "\t\tfor _, v := range vs {\n\t\t\tb.publish(v)\n\t\t}\n\t}()\n}\n"
)


def test_a_select_held_under_a_lock_blocks_when_every_case_partner_needs_it() -> None:
    sf = facts_of(SELECT)
    assert lines(sf, syncfacts.GS_CHAN) == [40, 41]
    assert block_lines(sf, syncfacts.GS_CHAN) == [17, 24]
    # A default case is a way out.
    dflt = SELECT.replace("\t\tcase <-s.done:\n", "\t\tcase <-s.done:\n\t\tdefault:\n")
    assert lines(facts_of(dflt), syncfacts.GS_CHAN) == []


def test_goroutines_of_two_starters_one_function_calls_meet() -> None:
    src = HEADER + (
        "type R struct {\n\tmu sync.Mutex\n\tms []*M\n}\n"  # 5-8
        "type M struct {\n\tin chan int\n\tr *R\n}\n"  # 9-12
        "func (r *R) size() int {\n\tr.mu.Lock()\n\tdefer r.mu.Unlock()\n\treturn len(r.ms)\n}\n"
        "func (m *M) loop() {\n"  # 18
        "\tfor v := range m.in {\n\t\tif v == 0 {\n\t\t\t_ = m.r.size()\n\t\t}\n\t}\n}\n"
        "func newR(vs []int) *R {\n"  # 25
        "\tr := &R{}\n"
        "\tgo func() {\n"  # 27
        "\t\tr.mu.Lock()\n\t\tdefer r.mu.Unlock()\n"
        "\t\tfor _, v := range vs {\n\t\t\tfor _, m := range r.ms {\n\t\t\t\tm.in <- v\n"  # 30-32
        "\t\t\t}\n\t\t}\n\t}()\n\treturn r\n}\n"
        "func (r *R) join() {\n"  # 38
        "\tm := &M{in: make(chan int), r: r}\n\tr.ms = append(r.ms, m)\n"
        "\tgo m.loop()\n"  # 41
        "}\n"
        "func run(vs []int) {\n\tr := newR(vs)\n\tr.join()\n}\n"
    )
    sf = facts_of(src)
    assert lines(sf, syncfacts.GS_CHAN) == [27, 41]
    assert block_lines(sf, syncfacts.GS_CHAN) == [14, 32]
    # Called from two functions, the starters' goroutines are not known to meet.
    apart = src.replace(
        "func run(vs []int) {\n\tr := newR(vs)\n\tr.join()\n}\n",
        "func run(vs []int) *R {\n\treturn newR(vs)\n}\nfunc add(r *R) {\n\tr.join()\n}\n",
    )
    assert lines(facts_of(apart), syncfacts.GS_CHAN) == []


def _exit_tests(body: str) -> list[str] | None:
    """Return the exit tests of the wait loop in ``func (p *P) get() { <body> }``."""
    tree = parse.parse(("package p\n\nfunc (p *P) get() {\n" + body + "\n}\n").encode())
    wait = next(
        n
        for n in parse.iter_descendants(tree.root_node)
        if n.type == "call_expression" and parse.text(n) == "p.cond.Wait()"
    )
    got = syncfacts._loop_exits(wait)
    return None if got is None else [parse.text(t) for t in got[1]]


def test_a_wait_loop_without_condition_leaves_by_its_returning_ifs() -> None:
    assert _exit_tests(
        "\tfor {\n\t\tif p.closed {\n\t\t\treturn\n\t\t}\n"
        "\t\tif n := len(p.free); n > 0 {\n\t\t\tp.free = p.free[:n-1]\n\t\t\treturn\n\t\t}\n"
        "\t\tif p.used < p.max {\n\t\t\tbreak\n\t\t}\n\t\tp.cond.Wait()\n\t}"
    ) == ["p.closed", "n := len(p.free)", "n > 0", "p.used < p.max"]
    # An if that does not leave the loop is no test of it.
    assert _exit_tests(
        "\tfor {\n\t\tif p.closed {\n\t\t\treturn\n\t\t}\n\t\tif p.n > 0 {\n\t\t\tp.n--\n\t\t}\n"
        "\t\tp.cond.Wait()\n\t}"
    ) == ["p.closed"]
    # A package variable, a labelled break or an else: not a plain test.
    assert (
        _exit_tests("\tfor {\n\t\tif stop {\n\t\t\treturn\n\t\t}\n\t\tp.cond.Wait()\n\t}") is None
    )
    assert (
        _exit_tests(
            "out:\n\tfor {\n\t\tif p.closed {\n\t\t\tbreak out\n\t\t}\n\t\tp.cond.Wait()\n\t}"
        )
        is None
    )
    assert (
        _exit_tests(
            "\tfor {\n\t\tif p.closed {\n\t\t\treturn\n\t\t} else {\n\t\t\tp.n++\n\t\t}\n"
            "\t\tp.cond.Wait()\n\t}"
        )
        is None
    )


_WORK_QUEUE = HEADER + (
    "type Q struct {\n\tmu sync.Mutex\n\tcond *sync.Cond\n\tn int\n\tclosed bool\n}\n"
    "func newQ() *Q {\n\tq := &Q{}\n\tq.cond = sync.NewCond(&q.mu)\n\treturn q\n}\n"
    "func (q *Q) put() {\n\tq.mu.Lock()\n\tdefer q.mu.Unlock()\n\tq.n++\n\tq.cond.Signal()\n}\n"
    "func (q *Q) get() bool {\n\tq.mu.Lock()\n\tdefer q.mu.Unlock()\n"
    "\tfor q.n == 0 && !q.closed {\n\t\tq.cond.Wait()\n\t}\n"
    "\tif q.n == 0 {\n\t\treturn false\n\t}\n\tq.n--\n\treturn true\n}\n"
    "func (q *Q) close() {\n\tq.mu.Lock()\n\tq.closed = true\n\tq.mu.Unlock()\n"
    "\tq.cond.Signal()\n}\n"
    "type W struct {\n\tq *Q\n\tout chan<- int\n}\n"
    "func (w *W) run() {\n\tfor w.q.get() {\n\t\tw.out <- 1\n\t}\n}\n"
)


def test_workers_holding_the_queue_in_a_struct_field_are_its_waiters() -> None:
    run = (
        "package p\n\nfunc run(k int) {\n\tq := newQ()\n\tout := make(chan int)\n"
        "\tfor i := 0; i < 3; i++ {\n\t\tw := &W{q: q, out: out}\n\t\tgo w.run()\n\t}\n"  # 8
        "\tfor i := 0; i < k; i++ {\n\t\tq.put()\n\t}\n"
        "\tfor i := 0; i < k; i++ {\n\t\t<-out\n\t}\n\tq.close()\n\t<-out\n}\n"
    )
    sf = facts_of(run, {"q.go": _WORK_QUEUE})
    assert lines(sf, syncfacts.GS_COND) == [8]
    # A method called on the worker value may do anything with the queue: silence.
    called = run.replace("\t\tgo w.run()\n", "\t\tgo w.run()\n\t\tw.run()\n")
    assert lines(facts_of(called, {"q.go": _WORK_QUEUE}), syncfacts.GS_COND) == []
    # A receive before the close of what the workers send on their way out: silence.
    leave = _WORK_QUEUE.replace(
        "func (w *W) run() {\n\tfor w.q.get() {\n\t\tw.out <- 1\n\t}\n}\n",
        "func (w *W) run() {\n\tfor w.q.get() {\n\t}\n\tw.out <- 1\n}\n",
    )
    assert lines(facts_of(run, {"q.go": leave}), syncfacts.GS_COND) == []


def test_an_owner_waiting_after_the_close_still_leaves_the_waiters_parked() -> None:
    run = (
        "package p\n\nfunc run(done chan bool) {\n\tq := newQ()\n"
        "\tfor i := 0; i < 3; i++ {\n\t\tgo func() {\n\t\t\tfor {\n"  # 6
        "\t\t\t\tif !q.get() {\n\t\t\t\t\tbreak\n\t\t\t\t}\n\t\t\t}\n"
        "\t\t\tdone <- true\n\t\t}()\n\t}\n\tq.close()\n\t<-done\n}\n"
    )
    assert lines(facts_of(run, {"q.go": _WORK_QUEUE}), syncfacts.GS_COND) == [6]
    # Waiting before the close (for the waiters to leave, maybe): silence.
    before = run.replace("\tq.close()\n\t<-done\n", "\t<-done\n\tq.close()\n")
    assert lines(facts_of(before, {"q.go": _WORK_QUEUE}), syncfacts.GS_COND) == []


_ROUTES = HEADER + (
    "type T struct {\n\tmu sync.RWMutex\n\thot map[string]string\n}\n"
    "func (t *T) lookup(k string) (string, bool) {\n\tt.mu.RLock()\n"
    "\tif up, ok := t.hot[k]; ok {\n\t\treturn up, true\n\t}\n\tt.mu.RUnlock()\n"
    '\treturn "", false\n}\n'
    "func (t *T) put(k string) {\n\tt.mu.Lock()\n\tt.hot[k] = k\n\tt.mu.Unlock()\n}\n"
    "func (t *T) watch(in <-chan string) {\n\tfor k := range in {\n\t\tt.put(k)\n\t}\n}\n"
    "func serve(t *T, k string) {\n\tgo func() {\n\t\tt.lookup(k)\n\t}()\n}\n"  # 28
)


def test_goroutines_of_a_starter_run_with_those_of_the_starters_it_calls() -> None:
    run = 'func run(t *T, in chan string) {\n\tgo t.watch(in)\n\tserve(t, "a")\n}\n'  # 33
    sf = facts_of(_ROUTES + run)
    assert lines(sf, syncfacts.GS_LOCK) == [10, 28, 33]
    # Two starters that never call each other: the watcher is not known to run with them.
    apart = "func run(t *T, in chan string) {\n\tgo t.watch(in)\n}\n"
    assert lines(facts_of(_ROUTES + apart), syncfacts.GS_LOCK) == [10, 28]


def test_a_lock_a_callee_kept_stays_held_past_a_caller_with_results() -> None:
    src = _ROUTES.replace(
        "func serve(t *T, k string) {\n\tgo func() {\n\t\tt.lookup(k)\n\t}()\n}\n", ""
    )
    src += (
        "func start(t *T, in chan string) {\n\tgo t.watch(in)\n}\n"  # 28
        "func count(t *T, in chan string, keys []string) int {\n\tstart(t, in)\n\tn := 0\n"
        "\tfor _, k := range keys {\n\t\tif _, ok := t.lookup(k); ok {\n\t\t\tn++\n\t\t}\n"
        "\t}\n\treturn n\n}\n"
    )
    sf = facts_of(src)
    # The RLock lookup keeps (10) and the watcher count starts through start (28).
    assert lines(sf, syncfacts.GS_LOCK) == [10, 28]
    # A caller that unlocks what lookup hands it takes the lock over: silence.
    taken = src.replace("\t\t\tn++\n", "\t\t\tn++\n\t\t\tt.mu.RUnlock()\n")
    assert lines(facts_of(taken), syncfacts.GS_LOCK) == []


def _ctor_hook(ctor: str, use: str = "\tvar m *M\n\tm = newM(func() { m.n() })\n") -> str | None:
    """Return what ``_ctor_stored`` finds for the literal passed to ``newM`` in ``run``."""
    src = HEADER + (
        "type M struct {\n\tmu sync.Mutex\n\thook func()\n}\n"
        "func (m *M) n() {}\n" + ctor + "func run() {\n" + use + "\t_ = m\n}\n"
    )
    raw = src.encode()
    ff = FileFacts("a.go", raw, parse.parse(raw), {"a.go": raw})
    pkg = syncfacts.package_of(ff.index)
    lit = next(n for n in parse.iter_descendants(ff.tree.root_node) if n.type == "func_literal")
    h = syncfacts._ctor_stored(pkg, lit, "hook")
    return None if h is None else parse.text(h)


def test_a_hook_stored_by_its_constructor_names_the_variable_assigned_its_result() -> None:
    keyed = "func newM(h func()) *M {\n\treturn &M{hook: h}\n}\n"
    assert _ctor_hook(keyed) == "m"
    # The parameter used again, a positional literal, or more than a return: not known.
    assert _ctor_hook("func newM(h func()) *M {\n\th()\n\treturn &M{hook: h}\n}\n") is None
    assert _ctor_hook("func newM(h func()) *M {\n\treturn &M{sync.Mutex{}, h}\n}\n") is None
    assert _ctor_hook("func newM(h func()) *M {\n\tm := &M{hook: h}\n\treturn m\n}\n") is None
    # A result not assigned to one variable: no holder.
    assert _ctor_hook(keyed, "\tvar m *M\n\t_, m = 1, newM(func() { m.n() })\n") is None


def test_a_variable_bound_once_by_its_constructor_call() -> None:
    def bound(body: str) -> bool:
        src = f"package p\n\nfunc run() {{\n{body}}}\n"
        tree = parse.parse(src.encode())
        func = tree.root_node.named_children[-1]
        ids = [n for n in parse.iter_descendants(func) if n.type == "identifier" and n.text == b"m"]
        decl, h = ids[0], ids[1]
        return syncfacts._bound_once_by(func, decl, "m", h)

    assert bound("\tvar m *M\n\tm = newM(func() { m.n() })\n")
    assert not bound("\tvar m *M\n\tm = newM(func() { m.n() })\n\tm = nil\n")
    assert not bound("\tvar m *M\n\tm = newM(func() { m.n() })\n\tp := &m\n\t_ = p\n")
    assert not bound("\tvar m = &M{}\n\tm = newM(func() { m.n() })\n")


def test_a_receive_of_results_a_closure_sends_between_its_waits_does_not_silence() -> None:
    run = (
        "package p\n\nfunc run(k int) {\n\tq := newQ()\n\tout := make(chan int)\n"
        "\tfor i := 0; i < 3; i++ {\n\t\tgo func() {\n\t\t\tfor {\n"  # 7
        "\t\t\t\tif !q.get() {\n\t\t\t\t\treturn\n\t\t\t\t}\n\t\t\t\tout <- 1\n\t\t\t}\n"
        "\t\t}()\n\t}\n"
        "\tfor i := 0; i < k; i++ {\n\t\tq.put()\n\t}\n"
        "\tfor i := 0; i < k; i++ {\n\t\t<-out\n\t}\n\tq.close()\n}\n"
    )
    assert lines(facts_of(run, {"q.go": _WORK_QUEUE}), syncfacts.GS_COND) == [7]
    # The closure also sends when it leaves: the receive may count its exit.
    leave = run.replace("\t\t\t\t\treturn\n", "\t\t\t\t\tout <- 0\n\t\t\t\t\treturn\n")
    assert lines(facts_of(leave, {"q.go": _WORK_QUEUE}), syncfacts.GS_COND) == []


def test_a_func_type_whose_method_only_calls_itself_adapts_a_literal() -> None:
    def adapts(method: str) -> bool:
        src = "package p\n\ntype F func(x int)\n\n" + method
        raw = src.encode()
        ff = FileFacts("a.go", raw, parse.parse(raw), {"a.go": raw})
        return syncfacts._calls_itself(syncfacts.package_of(ff.index), "F", "M")

    assert adapts("func (f F) M(x int) { f(x) }\n")
    assert adapts("func (f F) M(x int) error { return f(x) }\n")
    assert not adapts("func (f F) M(x int) {\n\tf(x)\n\tf(x)\n}\n")
    assert not adapts("func (f F) M(x, y int) { f(y) }\n")
    assert not adapts("func (f F) N(x int) { f(x) }\n")


def test_a_literal_made_by_a_function_run_once_captures_one_value() -> None:
    def paths(main: str) -> list[str]:
        src = HEADER + (
            "type S struct{ mu sync.Mutex }\n"
            "func wrap(s *S) func() { return func() { s.mu.Lock() } }\n" + main
        )
        raw = src.encode()
        ff = FileFacts("a.go", raw, parse.parse(raw), {"a.go": raw})
        sim = syncfacts.Sim(ff)
        lit = next(n for n in parse.iter_descendants(ff.tree.root_node) if n.type == "func_literal")
        return [v.path for k, v in sim.literal_env(lit).items() if k == "s"]

    once = paths("func main() {\n\tf := wrap(&S{})\n\tf()\n}\n")
    assert len(once) == 1 and "?" not in once[0]
    twice = paths("func main() {\n\twrap(&S{})()\n\twrap(&S{})()\n}\n")
    assert len(twice) == 1 and twice[0].startswith("?")


def test_a_lock_nothing_can_take_over_survives_a_call_we_cannot_follow() -> None:
    src = HEADER + (
        "type T struct {\n\tmu sync.Mutex\n\tn int\n}\n"
        "func (t *T) bump(f func()) {\n\tt.mu.Lock()\n\tf()\n"  # 10
        "\tif t.n > 0 {\n\t\treturn\n\t}\n\tt.mu.Unlock()\n}\n"
        "func run(t *T, f func()) {\n\tgo t.bump(f)\n}\n"
    )
    assert 10 in lines(facts_of(src), syncfacts.GS_LOCK)
    # A method that unlocks what it did not lock may be the function value: it may release it.
    handing = src + "func (t *T) release() { t.mu.Unlock() }\n"
    assert lines(facts_of(handing), syncfacts.GS_LOCK) == []


COUNTDOWN = """package p

import "sync"

type group struct {
	wg   sync.WaitGroup
	done chan struct{}
}

func (g *group) finish() { g.wg.Add(%s) }

func (g *group) start(n int) {
	g.wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer g.finish()
		}()
	}
	go func() {
		g.wg.Wait()
		close(g.done)
	}()
}
"""


def test_add_with_a_negative_count_is_a_done() -> None:
    # wg.Add(-1) counts the group down: the Wait has its Done.
    assert lines(facts_of(COUNTDOWN % "-1"), "GS5001") == []
    # Add(1) in its place counts up again: nothing counts it down.
    assert lines(facts_of(COUNTDOWN % "1"), "GS5001") == [19]
