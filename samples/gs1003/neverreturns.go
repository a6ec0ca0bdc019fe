package gs1003

import (
	"fmt"
	"sync"
)

// A pumpSession pumps events to its listener; stop closes quit and waits for the pump.
type ping struct{}

type pong struct{}

type event interface{}

type listener struct {
	onPing func()
}

func (l *listener) ping(*ping) {
	if l.onPing != nil {
		l.onPing()
	}
}

type pumpSession struct {
	lis    *listener
	events chan event
	quit   chan struct{}
	pumped chan struct{}
	once   sync.Once
}

func (s *pumpSession) start() {
	go s.pump() // want `GS1003: goroutine blocks forever receiving from "s.pumped": only its own deferred close`
}

func (s *pumpSession) pump() {
	defer close(s.pumped)
	var ev event
	for {
		select {
		case ev = <-s.events:
		case <-s.quit:
			return
		}
		switch ev := ev.(type) {
		case *ping:
			s.lis.ping(ev)
		default:
			return
		}
	}
}

func (s *pumpSession) stop() {
	s.once.Do(func() {
		close(s.quit)
		<-s.pumped
	})
}

// The listener stops its own pumpSession on the first ping: the pump waits on itself, so it
// never returns, and whoever waits for pumped waits forever.
func serveOnePing() {
	go func() { // want `GS1003: goroutine blocks forever receiving from "pumped": it is closed only by the deferred close in pump, which never returns`
		l := &listener{}
		s := &pumpSession{
			lis:    l,
			events: make(chan event),
			quit:   make(chan struct{}),
			pumped: make(chan struct{}),
		}
		l.onPing = s.stop
		s.start()
		s.events <- &ping{}
		<-s.pumped
	}()
}

// A jobWorker leaves its loop only for an item that is not a *job, and every item sent is one.
type job struct{ n int }

type jobWorker struct {
	items    chan interface{}
	finished chan struct{}
}

func (w *jobWorker) loop() {
	defer close(w.finished)
	for {
		it := <-w.items
		switch it := it.(type) {
		case *job:
			it.n++
		default:
			return
		}
	}
}

func runJobs(n int) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "finished": it is closed only by the deferred close in loop, which never returns`
		w := &jobWorker{items: make(chan interface{}), finished: make(chan struct{})}
		go w.loop()
		for i := 0; i < n; i++ {
			w.items <- &job{n: i}
		}
		<-w.finished
	}()
}

// A tickLoop leaves its loop only when halt is closed, and nothing ever closes halt.
type tickLoop struct {
	ticks chan int
	halt  chan struct{}
	gone  chan struct{}
}

func (t *tickLoop) run() {
	defer close(t.gone)
	for {
		select {
		case n := <-t.ticks:
			_ = n
		case <-t.halt:
			return
		}
	}
}

func tickMany(n int) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "gone": it is closed only by the deferred close in run, which never returns`
		t := &tickLoop{ticks: make(chan int), halt: make(chan struct{}), gone: make(chan struct{})}
		go t.run() // want `GS1003: goroutine blocks forever receiving from "t.halt"` `GS2001: goroutine never exits`
		for i := 0; i < n; i++ {
			t.ticks <- i
		}
		<-t.gone
	}()
}

// The same, with the close in a deferred literal.
type pollLoop struct {
	polls chan int
	halt  chan struct{}
	gone  chan struct{}
}

func (t *pollLoop) run() {
	defer func() {
		close(t.gone)
	}()
	for {
		select {
		case n := <-t.polls:
			_ = n
		case <-t.halt:
			return
		}
	}
}

func pollMany(n int) {
	go func() { // want `GS1003: goroutine blocks forever receiving from "gone": it is closed only by the deferred close in run, which never returns`
		t := &pollLoop{polls: make(chan int), halt: make(chan struct{}), gone: make(chan struct{})}
		go t.run() // want `GS1003: goroutine blocks forever receiving from "t.halt"` `GS2001: goroutine never exits`
		for i := 0; i < n; i++ {
			t.polls <- i
		}
		<-t.gone
	}()
}

// A latch opens only after a wait on a field nothing ever sends on or closes.
type latch struct {
	never  chan struct{}
	opened chan struct{}
}

func (g *latch) open() {
	<-g.never
	close(g.opened)
}

func passGate() {
	g := &latch{never: make(chan struct{}), opened: make(chan struct{})}
	go g.open() // want `GS1003: goroutine blocks forever receiving from "g.never"` `GS1003: goroutine blocks forever receiving from "never": nothing in the package`
	go func() { // want `GS1003: goroutine blocks forever receiving from "opened": its only sends and closes come after a point where their goroutine blocks forever`
		<-g.opened
	}()
}

// ---------------------------------------------------------------- look-alikes: silent

// Another type is sent too: the default case returns.
type mixedWorker struct {
	items    chan interface{}
	finished chan struct{}
}

func (w *mixedWorker) loop() {
	defer close(w.finished)
	for {
		it := <-w.items
		switch it := it.(type) {
		case *job:
			it.n++
		default:
			return
		}
	}
}

func runMixed(n int) {
	go func() { // ok: the *pong sent last takes the default case, and the loop returns
		w := &mixedWorker{items: make(chan interface{}), finished: make(chan struct{})}
		go w.loop()
		for i := 0; i < n; i++ {
			w.items <- &job{n: i}
		}
		w.items <- &pong{}
		<-w.finished
	}()
}

// A value of unknown type is sent: it may take the default case.
type anyWorker struct {
	items    chan interface{}
	finished chan struct{}
}

func (w *anyWorker) loop() {
	defer close(w.finished)
	for {
		it := <-w.items
		switch it := it.(type) {
		case *job:
			it.n++
		default:
			return
		}
	}
}

func runAny(vs []interface{}) {
	go func() { // ok: a v may be of any type
		w := &anyWorker{items: make(chan interface{}), finished: make(chan struct{})}
		go w.loop()
		for _, v := range vs {
			w.items <- v
		}
		<-w.finished
	}()
}

// The channel of items is handed on: someone we cannot see may send anything.
type leakyWorker struct {
	items    chan interface{}
	finished chan struct{}
}

func (w *leakyWorker) loop() {
	defer close(w.finished)
	for {
		it := <-w.items
		switch it := it.(type) {
		case *job:
			it.n++
		default:
			return
		}
	}
}

func runLeaky(feed func(chan interface{})) {
	go func() { // ok: feed may send a value that takes the default case
		w := &leakyWorker{items: make(chan interface{}), finished: make(chan struct{})}
		go w.loop()
		feed(w.items)
		<-w.finished
	}()
}

// Items are closed at the end: the zero value takes the default case.
type closingWorker struct {
	items    chan interface{}
	finished chan struct{}
}

func (w *closingWorker) loop() {
	defer close(w.finished)
	for {
		it := <-w.items
		switch it := it.(type) {
		case *job:
			it.n++
		default:
			return
		}
	}
}

func runClosing(n int) {
	go func() { // ok: after close(w.items) the loop receives nil and returns
		w := &closingWorker{items: make(chan interface{}), finished: make(chan struct{})}
		go w.loop()
		for i := 0; i < n; i++ {
			w.items <- &job{n: i}
		}
		close(w.items)
		<-w.finished
	}()
}

// An interface case comes first: a *job is a fmt.Stringer, and that case returns.
type describedJob struct{}

func (*describedJob) String() string { return "job" }

type stringerWorker struct {
	items    chan interface{}
	finished chan struct{}
}

func (w *stringerWorker) loop() {
	defer close(w.finished)
	for {
		it := <-w.items
		switch it.(type) {
		case fmt.Stringer:
			return
		case *describedJob:
		}
	}
}

func runStringer(n int) {
	go func() { // ok: the fmt.Stringer case may match and return
		w := &stringerWorker{items: make(chan interface{}), finished: make(chan struct{})}
		go w.loop()
		for i := 0; i < n; i++ {
			w.items <- &describedJob{}
		}
		<-w.finished
	}()
}

// The tickLoop's halt is closed by its owner: the loop returns.
type haltTicker struct {
	ticks chan int
	halt  chan struct{}
	gone  chan struct{}
}

func (t *haltTicker) run() {
	defer close(t.gone)
	for {
		select {
		case n := <-t.ticks:
			_ = n
		case <-t.halt:
			return
		}
	}
}

func tickThenHalt() {
	go func() { // ok: halt is closed, so run returns and closes gone
		t := &haltTicker{ticks: make(chan int), halt: make(chan struct{}), gone: make(chan struct{})}
		go t.run()
		t.ticks <- 1
		close(t.halt)
		<-t.gone
	}()
}

// The pumpSession's stop is also called by its owner: stop closes quit from outside the pump.
type quietListener struct{ seen int }

func (l *quietListener) ping(*ping) { l.seen++ }

type ownedSession struct {
	lis    *quietListener
	events chan event
	quit   chan struct{}
	pumped chan struct{}
	once   sync.Once
}

func (s *ownedSession) pump() {
	defer close(s.pumped)
	var ev event
	for {
		select {
		case ev = <-s.events:
		case <-s.quit:
			return
		}
		switch ev := ev.(type) {
		case *ping:
			s.lis.ping(ev)
		default:
			return
		}
	}
}

func (s *ownedSession) stop() {
	s.once.Do(func() {
		close(s.quit)
		<-s.pumped
	})
}

func serveAndStop() {
	go func() { // ok: the owner's stop may close quit first; then the pump returns
		s := &ownedSession{
			lis:    &quietListener{},
			events: make(chan event),
			quit:   make(chan struct{}),
			pumped: make(chan struct{}),
		}
		go s.pump()
		s.events <- &ping{}
		s.stop()
		<-s.pumped
	}()
}

// The latch's wait is on a field that its owner closes.
type openGate struct {
	ready  chan struct{}
	opened chan struct{}
}

func (g *openGate) open() {
	<-g.ready
	close(g.opened)
}

func passOpenGate() {
	g := &openGate{ready: make(chan struct{}), opened: make(chan struct{})}
	go g.open()
	go func() { // ok: ready is closed below, so open closes opened
		<-g.opened
	}()
	close(g.ready)
}
