"""GS4003: a constructor's worker that some caller drops without releasing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from gostuck.analysis import api
from gostuck.analysis.flow import module
from gostuck.analysis.model import Confidence, Finding, Options, Role

ONLY: Options = Options(select=frozenset({"GS4003"}))

CTOR = """package p

import "time"

type worker struct {
	quit chan struct{}
	jobs chan int
}

func newWorker() *worker {
	w := &worker{quit: make(chan struct{}), jobs: make(chan int)}
	go w.run()
	return w
}

func (w *worker) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case j := <-w.jobs:
			_ = j
		case <-w.quit:
			return
		}
	}
}

func (w *worker) Stop() { close(w.quit) }

func (w *worker) stopAll() { w.Stop() }

func (w *worker) Do(j int) { w.jobs <- j }
"""


def _gs4003(caller: str, ctor: str = CTOR) -> list[Finding]:
    src = (ctor + "\n" + caller).encode()
    res = api.analyze_source("f.go", src, options=ONLY)
    assert res.errors == ()
    return [x for x in res.findings if x.code == "GS4003"]


def test_dropped_in_a_loop_on_every_path_is_high() -> None:
    [x] = _gs4003(
        "func all(n int) {\n\tfor i := 0; i < n; i++ {\n\t\tw := newWorker()\n\t\tw.Do(i)\n\t}\n}\n"
    )
    assert x.confidence is Confidence.HIGH
    assert "runs until Stop or stopAll is called on the worker that newWorker returns" in x.message
    assert "all never calls it" in x.message
    block = [r for r in x.related if r.role is Role.BLOCK]
    assert [r.span.start_line for r in block] == [19]  # the select


def test_dropped_on_an_early_return_is_medium() -> None:
    caller = (
        "func each(xs []int) error {\n\tfor _, x := range xs {\n\t\tw := newWorker()\n"
        "\t\tif x < 0 {\n\t\t\treturn nil\n\t\t}\n\t\tw.Do(x)\n\t\tw.Stop()\n\t}\n\treturn nil\n}\n"
    )
    [x] = _gs4003(caller)
    assert x.confidence is Confidence.MEDIUM
    assert "can return without calling it" in x.message


@pytest.mark.parametrize(
    "caller",
    [
        # released on every path, directly, deferred, or through a method that releases
        "func each(xs []int) {\n\tfor range xs {\n\t\tw := newWorker()\n\t\tw.Stop()\n\t}\n}\n",
        "func each(xs []int) {\n\tfor range xs {\n\t\tfunc() {\n\t\t\tw := newWorker()\n"
        "\t\t\tdefer w.Stop()\n\t\t\tw.Do(1)\n\t\t}()\n\t}\n}\n",
        "func each(xs []int) {\n\tfor range xs {\n\t\tw := newWorker()\n\t\tw.stopAll()\n\t}\n}\n",
        # handed on: whoever holds it may release it
        "func each(xs []int, keep func(*worker)) {\n\tfor range xs {\n\t\tw := newWorker()\n"
        "\t\tkeep(w)\n\t}\n}\n",
        # stored, returned
        "var all []*worker\n\nfunc each(xs []int) {\n\tfor range xs {\n\t\tw := newWorker()\n"
        "\t\tall = append(all, w)\n\t}\n}\n",
        "func each(xs []int) *worker {\n\tw := newWorker()\n\treturn w\n}\n",
        # a method value: whoever holds it may call it later
        "func each(xs []int, later func(func())) {\n\tfor range xs {\n\t\tw := newWorker()\n"
        "\t\tlater(w.Stop)\n\t}\n}\n",
        # made once for the process
        "func main() {\n\tw := newWorker()\n\tw.Do(1)\n}\n",
        # a func literal releases it at a time we cannot order
        "func each(xs []int) {\n\tfor range xs {\n\t\tw := newWorker()\n"
        "\t\tgo func() { w.Stop() }()\n\t}\n}\n",
    ],
)
def test_owner_that_releases_or_hands_on_is_silent(caller: str) -> None:
    assert _gs4003(caller) == []


def test_exported_field_is_not_judged() -> None:
    ctor = (
        CTOR.replace("quit chan", "Quit chan")
        .replace("w.quit", "w.Quit")
        .replace("quit: make", "Quit: make")
        .replace("package p", "package lib")
    )
    assert _gs4003("func each(xs []int) {\n\tfor range xs {\n\t\tnewWorker()\n\t}\n}\n", ctor) == []


def test_field_closed_outside_its_methods_is_not_judged() -> None:
    caller = (
        "func each(xs []int) {\n\tfor range xs {\n\t\tw := newWorker()\n\t\tw.Do(1)\n\t}\n}\n"
        "func kill(w *worker) { close(w.quit) }\n"
    )
    assert _gs4003(caller) == []


def test_error_branch_right_after_the_call_has_no_object() -> None:
    ctor = CTOR.replace(
        "func newWorker() *worker {\n", "func newWorker() (*worker, error) {\n"
    ).replace("\treturn w\n}", "\treturn w, nil\n}", 1)
    caller = (
        "func each(xs []int) error {\n\tfor range xs {\n\t\tw, err := newWorker()\n"
        "\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tw.Stop()\n\t}\n\treturn nil\n}\n"
    )
    assert _gs4003(caller, ctor) == []


def test_callers_in_another_package_of_the_module(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "lib").mkdir()
    lib = tmp_path / "lib" / "lib.go"
    lib.write_text(CTOR.replace("package p", "package lib").replace("newWorker", "NewWorker"))
    (tmp_path / "cmd").mkdir()
    (tmp_path / "cmd" / "main.go").write_text(
        'package main\n\nimport w "example.com/m/lib"\n\nfunc main() {\n'
        "\tfor i := 0; i < 3; i++ {\n\t\tx := w.NewWorker()\n\t\tx.Do(i)\n\t}\n}\n"
    )
    module.clear()
    res = api.analyze_source(str(lib), lib.read_bytes(), options=ONLY)
    [x] = [f for f in res.findings if f.code == "GS4003"]
    assert "main never calls it" in x.message
    assert any(r.span.path.endswith("cmd/main.go") for r in x.related)


def test_an_open_buffer_wins_over_the_disk(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "lib").mkdir()
    lib = tmp_path / "lib" / "lib.go"
    lib.write_text(CTOR.replace("package p", "package lib").replace("newWorker", "NewWorker"))
    (tmp_path / "cmd").mkdir()
    main = tmp_path / "cmd" / "main.go"
    saved = (
        'package main\n\nimport w "example.com/m/lib"\n\nfunc main() {\n'
        "\tfor i := 0; i < 3; i++ {\n\t\tx := w.NewWorker()\n\t\tx.Do(i)\n%s\t}\n}\n"
    )
    main.write_text(saved % "\t\tx.Stop()\n")  # the disk stops every worker
    module.clear()
    try:
        # The editor holds the importer with the Stop deleted, not yet saved.
        module.set_buffers({str(main): (saved % "").encode()})
        res = api.analyze_source(str(lib), lib.read_bytes(), options=ONLY)
        assert [f.code for f in res.findings] == ["GS4003"]
        module.set_buffers({})  # closed: the disk speaks again
        res = api.analyze_source(str(lib), lib.read_bytes(), options=ONLY)
        assert res.findings == ()
    finally:
        module.set_buffers({})


def test_module_import_paths(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module example.com/m\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.go").write_text("package b\n")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "go.mod").write_text("module example.com/other\n")
    (tmp_path / "nested" / "y.go").write_text('package y\n\nimport "example.com/m/a/b"\n')
    (tmp_path / "z.go").write_text('package m\n\nimport (\n\t"fmt"\n\t"example.com/m/a/b"\n)\n')
    module.clear()
    mod = module.module_of(str(tmp_path / "a" / "b" / "x.go"))
    assert mod is not None and mod.path == "example.com/m"
    assert mod.import_path(str(tmp_path / "a" / "b")) == "example.com/m/a/b"
    # the nested module's file is not the outer module's importer
    assert module.importers(str(tmp_path / "a" / "b" / "x.go")) == [str(tmp_path / "z.go")]


CTX_CTOR = """package p

import "context"

type tracker struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newTracker(parent context.Context) *tracker {
	ctx, cancel := context.%s
	t := &tracker{ctx: ctx, cancel: cancel}
	go t.watch()
	return t
}

func (t *tracker) watch() {
	<-t.ctx.Done()
}

func (t *tracker) Close() { t.cancel() }
"""

CTX_CALLER = """
func each(xs []int) {
	for _, x := range xs {
		t := newTracker(%s)
		if x < 0 {
			return
		}
		t.Close()
	}
}

func Main() { each([]int{1}) }
"""


@pytest.mark.parametrize(
    ("make", "parent", "found"),
    [
        # Only the cancel in the field can end the goroutine: the early return drops it.
        ("WithCancel(parent)", "context.Background()", True),
        ("WithCancel(context.TODO())", "nil", True),
        # The caller's context may be cancelled by whoever called Main: not ours to judge.
        ("WithCancel(parent)", "ctx", False),
        # A timeout ends the context by itself.
        ("WithTimeout(parent, 1)", "context.Background()", False),
    ],
)
def test_a_context_field_is_released_by_the_method_calling_its_cancel(
    make: str, parent: str, found: bool
) -> None:
    caller = CTX_CALLER % parent
    if parent == "ctx":
        caller = caller.replace("func each(xs []int)", "func each(ctx context.Context, xs []int)")
        caller = caller.replace("each([]int{1})", "each(context.Background(), []int{1})")
        caller = caller.replace("func Main()", "func Main(ctx context.Context)").replace(
            "each(context.Background(), []int{1})", "each(ctx, []int{1})"
        )
    src = (CTX_CTOR % make) + caller
    res = api.analyze_source("p.go", src.encode(), options=ONLY)
    assert res.errors == ()
    got = [f for f in res.findings if "Close is called on the tracker" in f.message]
    assert bool(got) is found, [f.message for f in res.findings]


LEASE = """package p

import "context"

func lease(parent context.Context) (int, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	%s
	go func() {
		<-ctx.Done()
	}()
	return 1, cancel
}

func each(xs []int) {
	for _, x := range xs {
		_, release := lease(context.Background())
		if x < 0 {
			continue
		}
		release()
	}
}
"""


@pytest.mark.parametrize(
    ("extra", "found"),
    [
        ("", True),
        # The constructor hands the cancel to someone else too: they may call it.
        ("keep(cancel)", False),
    ],
)
def test_a_returned_cancel_is_the_object_its_caller_must_call(extra: str, found: bool) -> None:
    src = (LEASE % extra) + "\nfunc keep(f func()) {}\n"
    res = api.analyze_source("p.go", src.encode(), options=ONLY)
    assert res.errors == ()
    got = [f for f in res.findings if "the cancel function that lease returns" in f.message]
    assert bool(got) is found, [f.message for f in res.findings]
    if found:
        [x] = got
        lines = src.splitlines()
        assert lines[x.span.start_line].strip() == "go func() {"
        assert "each can return without calling it" in x.message
        # Dropped by going round the loop to the call again: the call is the place named.
        paths = [lines[r.span.start_line].strip() for r in x.related if r.role is Role.PATH]
        assert paths == ["_, release := lease(context.Background())"]


HOLDER = """package p

import "time"

type entry struct {
	value string
	stop  chan struct{}
}

type cache struct {
	entries map[string]*entry
}

func (c *cache) refresh(e *entry) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			e.value = "x"
		case <-e.stop:
			return
		}
	}
}

func (c *cache) hot(key string) {
	if e, ok := c.entries[key]; ok {
		e.stop = make(chan struct{})
		go c.refresh(e)
	}
}

func (c *cache) Close() {
	for _, e := range c.entries {
		if e.stop != nil {
			close(e.stop)
		}
	}
}
"""


def test_a_holder_that_deletes_an_element_unreleased_drops_its_goroutine() -> None:
    [x] = _gs4003("func (c *cache) drop(k string) { delete(c.entries, k) }\n", HOLDER)
    assert "drop deletes one without releasing it" in x.message
    assert x.confidence is Confidence.MEDIUM
    block = [r for r in x.related if r.role is Role.BLOCK]
    assert block and block[0].span.start_line == 17  # 0-based: the select the refresher waits in
    assert any("without closing stop" in r.message for r in x.related)


@pytest.mark.parametrize(
    "remover",
    [
        # released before the delete, through a local bound to the element
        "func (c *cache) drop(k string) {\n\te := c.entries[k]\n\tclose(e.stop)\n"
        "\tdelete(c.entries, k)\n}\n",
        # released after it
        "func (c *cache) drop(k string) {\n\te := c.entries[k]\n\tdelete(c.entries, k)\n"
        "\tif e != nil {\n\t\tclose(e.stop)\n\t}\n}\n",
        # handed on to someone else
        "func (c *cache) drop(k string, out chan<- *entry) {\n\te := c.entries[k]\n"
        "\tdelete(c.entries, k)\n\tout <- e\n}\n",
        # deleted in the loop that releases every value
        "func (c *cache) drain() {\n\tfor k, e := range c.entries {\n\t\tclose(e.stop)\n"
        "\t\tdelete(c.entries, k)\n\t}\n}\n",
        # overwritten only where nothing was there
        "func (c *cache) put(k string) {\n\tif _, ok := c.entries[k]; ok {\n\t\treturn\n\t}\n"
        "\tc.entries[k] = &entry{}\n}\n",
        "func (c *cache) put(k string) {\n\tif _, ok := c.entries[k]; !ok {\n"
        "\t\tc.entries[k] = &entry{}\n\t}\n}\n",
        # overwritten without a lookup: nothing says one was there
        "func (c *cache) put(k string) { c.entries[k] = &entry{} }\n",
    ],
)
def test_a_holder_that_releases_or_hands_on_what_it_removes_is_silent(remover: str) -> None:
    assert _gs4003(remover, HOLDER) == []


def test_an_overwrite_after_seeing_the_key_present_drops_the_old_goroutine() -> None:
    [x] = _gs4003(
        "func (c *cache) put(k, v string) {\n\tcur, ok := c.entries[k]\n"
        "\tif ok && cur.value == v {\n\t\treturn\n\t}\n\tc.entries[k] = &entry{value: v}\n}\n",
        HOLDER,
    )
    assert "put overwrites one without releasing it" in x.message


def test_a_holder_that_never_releases_its_elements_is_not_their_owner() -> None:
    without_close = HOLDER[: HOLDER.index("func (c *cache) Close()")]
    assert _gs4003("func (c *cache) drop(k string) { delete(c.entries, k) }\n", without_close) == []


FLUSHER = """package p

import "errors"

var errFull = errors.New("full")

type flusher struct {
	quit   chan struct{}
	leader bool
	n      int
}

func (f *flusher) Start() { go f.loop() }

func (f *flusher) loop() {
	for {
		select {
		case <-f.quit:
			return
		default:
			f.n++
			LOOPBODY
		}
	}
}

func (f *flusher) flush() error {
	if f.n > 10 {
		return errFull
	}
	return nil
}
"""


def _flusher(stop: str, loop_body: str = "") -> list[Finding]:
    return _gs4003(stop, FLUSHER.replace("LOOPBODY", loop_body))


def test_a_stop_that_fails_before_it_closes_leaves_the_loop_running() -> None:
    [x] = _flusher(
        "func (f *flusher) Stop() error {\n\tif err := f.flush(); err != nil {\n\t\treturn err\n"
        "\t}\n\tclose(f.quit)\n\treturn nil\n}\n"
    )
    assert "Stop closes it, but can return an error first" in x.message
    assert any("returns the error here without closing quit" in r.message for r in x.related)


def test_a_guard_on_a_flag_the_goroutine_clears_too_is_no_proof_of_release() -> None:
    [x] = _flusher(
        "func (f *flusher) Resign() error {\n\tif !f.leader {\n\t\treturn errFull\n\t}\n"
        "\tf.leader = false\n\tclose(f.quit)\n\treturn nil\n}\n",
        loop_body="f.leader = f.n < 5",
    )
    assert "Resign closes it" in x.message


@pytest.mark.parametrize(
    "stop",
    [
        # the guard says it released already: the flag is its own
        "func (f *flusher) Stop() error {\n\tif !f.leader {\n\t\treturn errFull\n\t}\n"
        "\tf.leader = false\n\tclose(f.quit)\n\treturn nil\n}\n",
        # it closes first and reports the flush's error after
        "func (f *flusher) Stop() error {\n\tclose(f.quit)\n\treturn f.flush()\n}\n",
        # a deferred close runs on the error path too
        "func (f *flusher) Stop() error {\n\tdefer close(f.quit)\n\tif err := f.flush(); "
        "err != nil {\n\t\treturn err\n\t}\n\treturn nil\n}\n",
        # another releaser cannot fail
        "func (f *flusher) Stop() error {\n\tif err := f.flush(); err != nil {\n\t\treturn err\n"
        "\t}\n\tclose(f.quit)\n\treturn nil\n}\n\nfunc (f *flusher) Kill() { close(f.quit) }\n",
        # the release is under the method's own condition (a feature that may be off), and
        # the error it returns comes from other work after it
        "func (f *flusher) Close() error {\n\tif f.leader && f.quit != nil {\n"
        "\t\tclose(f.quit)\n\t\tf.quit = nil\n\t}\n\terr := f.flush()\n\treturn err\n}\n",
        # no error result: nothing tells the caller to try again, but nothing fails either
        "func (f *flusher) Stop() {\n\tif f.n > 3 {\n\t\treturn\n\t}\n\tclose(f.quit)\n}\n",
    ],
)
def test_releasers_that_release_on_their_error_paths_are_silent(stop: str) -> None:
    assert _flusher(stop) == []


SUBS = """package p

import "sync"

type sub struct {
	C    <-chan int
	ch   chan int
	hub  *hub
	once sync.Once
}

func (s *sub) Cancel() { s.once.Do(func() { s.hub.drop(s) }) }

type hub struct {
	mu   sync.Mutex
	subs map[*sub]bool
}

func (h *hub) Subscribe() *sub {
	ch := make(chan int, 4)
	s := &sub{C: ch, ch: ch, hub: h}
	h.mu.Lock()
	h.subs[s] = true
	h.mu.Unlock()
	return s
}

func (h *hub) Publish(v int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		select {
		case s.ch <- v:
		default:
		}
	}
}

func (h *hub) drop(s *sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.subs, s)
	close(s.ch)
}

func show(s *sub) {
	for v := range s.C {
		_ = v
	}
}
"""

WATCH = """
func watch(h *hub, ok bool, keep map[int]func()) {
	s := h.Subscribe()
	go show(s)
	if !ok {
		return
	}
	keep[0] = s.Cancel
}

func all(h *hub, n int) {
	for i := 0; i < n; i++ {
		watch(h, i%2 == 0, nil)
	}
}
"""


def test_an_owner_that_drops_what_its_goroutine_waits_on_leaves_it() -> None:
    [x] = _gs4003(WATCH, ctor=SUBS)
    assert x.confidence is Confidence.MEDIUM
    assert x.span.start_line == 54  # go show(s)
    assert "runs until Cancel is called on the sub s" in x.message
    assert "watch can return without calling it or handing it on" in x.message
    block = [r for r in x.related if r.role is Role.BLOCK]
    assert [r.span.start_line for r in block] == [46]  # the range


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # Cancelled on the early return.
        ("\tif !ok {\n\t\treturn", "\tif !ok {\n\t\ts.Cancel()\n\t\treturn"),
        # Deferred before the goroutine starts: every return releases it.
        ("\ts := h.Subscribe()\n", "\ts := h.Subscribe()\n\tdefer s.Cancel()\n"),
        # Handed on before the goroutine starts.
        ("\ts := h.Subscribe()\n", "\ts := h.Subscribe()\n\tkeep[1] = s.Cancel\n"),
    ],
)
def test_an_owner_that_releases_or_hands_on_on_every_path_is_silent(old: str, new: str) -> None:
    assert old in WATCH
    assert _gs4003(WATCH.replace(old, new), ctor=SUBS) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # The hub cancels what it keeps: the dropped subscription is still released.
        (
            "func (h *hub) drop(",
            "func (h *hub) Close() {\n\tfor s := range h.subs {\n\t\ts.Cancel()\n\t}\n}\n\n"
            "func (h *hub) drop(",
        ),
        # The hub closes the channels it keeps itself.
        (
            "func (h *hub) drop(",
            "func (h *hub) Close() {\n\tfor s := range h.subs {\n\t\tclose(s.ch)\n\t}\n}\n\n"
            "func (h *hub) drop(",
        ),
        # The hub hands out subscriptions it keeps: someone else may cancel them.
        (
            "func (h *hub) drop(",
            "func (h *hub) Any() *sub {\n\tfor s := range h.subs {\n\t\treturn s\n\t}\n"
            "\treturn nil\n}\n\nfunc (h *hub) drop(",
        ),
        # An exported channel others can close.
        ("\tC    <-chan int\n", "\tC    chan int\n"),
        # The goroutine may cancel it itself.
        ("\t\t_ = v\n", "\t\t_ = v\n\t\ts.Cancel()\n"),
    ],
)
def test_a_subscription_someone_else_can_release_is_silent(old: str, new: str) -> None:
    assert old in SUBS
    assert _gs4003(WATCH, ctor=SUBS.replace(old, new)) == []


def test_a_starter_that_runs_once_keeps_one_goroutine_for_the_process() -> None:
    once = WATCH.replace("\tfor i := 0; i < n; i++ {\n\t\twatch(h, i%2 == 0, nil)\n\t}\n", "")
    once += "\nfunc main() {\n\twatch(&hub{}, false, nil)\n}\n"
    assert _gs4003(once, ctor=SUBS) == []


POLLS = """package p

import "time"

type probe struct {
	ok   func() bool
	stop chan struct{}
}

func (p *probe) run() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if !p.ok() {
				continue
			}
			return
		case <-p.stop:
			return
		}
	}
}

func (p *probe) Stop() { close(p.stop) }

type pool struct {
	probes map[string]*probe
}

func (l *pool) failed(addr string) {
	p := &probe{stop: make(chan struct{})}
	l.probes[addr] = p
	go p.run()
}

func (l *pool) forget(addr string) { delete(l.probes, addr) }

func (l *pool) Close() {
	for _, p := range l.probes {
		p.Stop()
	}
}
"""


def test_a_poll_removed_unreleased_is_left_polling() -> None:
    [x] = _gs4003("", ctor=POLLS)
    assert x.confidence is Confidence.MEDIUM
    assert x.span.start_line == 34  # go p.run()
    assert "or a check it retries on every tick passes" in x.message
    assert "forget deletes one without releasing it" in x.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # The tick always leads out: a one-shot wait, not a poll.
        ("\t\t\tif !p.ok() {\n\t\t\t\tcontinue\n\t\t\t}\n", ""),
        # A timer made anew each round is not a ticker this reasoning knows.
        ("\t\tcase <-t.C:\n", "\t\tcase <-time.After(time.Second):\n"),
        # The way out needs no tick at all.
        (
            "\t\t\tif !p.ok() {\n\t\t\t\tcontinue\n\t\t\t}\n",
            "\t\t\tif !p.ok() {\n\t\t\t\tcontinue\n\t\t\t}\n\t\tdefault:\n\t\t\treturn\n",
        ),
        # The holder releases what it removes.
        ("delete(l.probes, addr) }", "l.probes[addr].Stop(); delete(l.probes, addr) }"),
    ],
)
def test_a_goroutine_that_is_no_poll_or_is_released_is_silent(old: str, new: str) -> None:
    assert old in POLLS
    assert _gs4003("", ctor=POLLS.replace(old, new)) == []
