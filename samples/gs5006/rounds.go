package gs5006

import (
	"sync"
	"time"
)

// spool queues tasks under its lock; the consumer acknowledges each one under the same lock.
type spool struct {
	mu      sync.Mutex
	pending int
	out     chan int
}

func newSpool(depth int) *spool { return &spool{out: make(chan int, depth)} }

// enqueue holds the lock over every send: once the buffer is full it waits for the
// consumer, which waits for the lock to acknowledge what it took.
func (s *spool) enqueue(tasks []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range tasks {
		s.pending++
		s.out <- t
	}
}

func (s *spool) ack() {
	s.mu.Lock()
	s.pending--
	s.mu.Unlock()
}

func (s *spool) consume() {
	for range s.out {
		s.ack()
	}
}

// Deliver feeds a batch of unknown size through a buffer of four.
func Deliver(tasks []int) {
	s := newSpool(4)
	go s.consume()                   // want `GS5006: goroutine blocks forever locking "s.mu": another goroutine holds it while it waits on "s.out"`
	go func() { s.enqueue(tasks) }() // want `GS5006: goroutine blocks forever on "s.out" while it holds "s.mu"`
}

// tray is a spool whose producer sends a constant number of tasks that fits its buffer.
type tray struct {
	mu      sync.Mutex
	pending int
	out     chan int
}

func newTray(depth int) *tray { return &tray{out: make(chan int, depth)} }

func (t *tray) fill() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := 0; i < 3; i++ {
		t.pending++
		t.out <- i
	}
}

func (t *tray) drain() {
	for range t.out {
		t.mu.Lock()
		t.pending--
		t.mu.Unlock()
	}
}

// FillTray sends three tasks into a buffer of four: the sends never wait.
func FillTray() {
	t := newTray(4)
	go t.drain() // ok: three sends fit the buffer of four
	go t.fill()  // ok: the buffer has room for every send
}

// beacon sends once under its lock; the listener locks after each receive.
type beacon struct {
	mu    sync.Mutex
	seen  int
	pulse chan int
}

func (b *beacon) emit() {
	b.mu.Lock()
	b.pulse <- 1
	b.mu.Unlock()
}

func (b *beacon) listen() {
	for v := range b.pulse {
		b.mu.Lock()
		b.seen += v
		b.mu.Unlock()
	}
}

// Pulse sends one value: the listener takes it and locks only after the sender let go.
func Pulse() {
	b := &beacon{pulse: make(chan int)}
	go b.listen() // ok: the one send is received before the listener locks
	go b.emit()   // ok: nothing sends a second time while the listener waits for the lock
}

// room fans messages out to members; a member asks the room for its size on one branch.
type room struct {
	mu      sync.Mutex
	members []*member
}

type member struct {
	inbox chan string
	room  *room
	lines []string
}

func (r *room) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.members)
}

func (m *member) write() {
	for msg := range m.inbox {
		if msg == "join" {
			_ = m.room.size()
			continue
		}
		m.lines = append(m.lines, msg)
	}
}

func (r *room) deliver(batch []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, msg := range batch {
		for _, m := range r.members {
			m.inbox <- msg
		}
	}
}

func newRoom(batches chan []string) *room {
	r := &room{}
	go func() { // want `GS5006: goroutine blocks forever on "m.inbox" while it holds "r.mu"`
		for b := range batches {
			r.deliver(b)
		}
	}()
	return r
}

func (r *room) join() {
	m := &member{inbox: make(chan string), room: r}
	r.mu.Lock()
	r.members = append(r.members, m)
	r.mu.Unlock()
	go m.write() // want `GS5006: goroutine blocks forever locking "r.mu": another goroutine holds it while it waits on "m.inbox"`
}

// Chat starts the room's deliverer and a member's writer: they run together.
func Chat(batches chan []string) {
	r := newRoom(batches)
	r.join()
}

// bus delivers to subscribers under its lock, unless a subscriber is done.
type bus struct {
	mu   sync.Mutex
	subs []*sub
}

type sub struct {
	ch   chan int
	done chan struct{}
}

func (b *bus) publish(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		select {
		case s.ch <- v:
		case <-s.done:
		}
	}
}

func (b *bus) leave(s *sub) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs = b.subs[:0]
	close(s.done)
}

func (b *bus) track(s *sub) {
	for v := range s.ch {
		if v == 0 {
			b.leave(s)
			return
		}
	}
}

// Presence publishes a stream while a subscriber may stop and leave: it stops receiving,
// then waits for the lock the publisher holds in its select, before it closes done.
func Presence(vs []int) {
	b := &bus{}
	s := &sub{ch: make(chan int), done: make(chan struct{})}
	b.subs = append(b.subs, s)
	go b.track(s) // want `GS5006: goroutine blocks forever locking "b.mu": another goroutine holds it while it waits on a select on "s.ch", "s.done"`
	go func() {   // want `GS5006: goroutine blocks forever in a select on "s.ch", "s.done" while it holds "b.mu"`
		for _, v := range vs {
			b.publish(v)
		}
	}()
}

// timedBus is a bus whose publisher gives up after a while: the select has a way out.
type timedBus struct {
	mu   sync.Mutex
	subs []*tsub
}

type tsub struct {
	ch   chan int
	done chan struct{}
}

func (b *timedBus) leave(s *tsub) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs = b.subs[:0]
	close(s.done)
}

func (b *timedBus) track(s *tsub) {
	for v := range s.ch {
		if v == 0 {
			b.leave(s)
			return
		}
	}
}

func (b *timedBus) publishOrDrop(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		select {
		case s.ch <- v:
		case <-s.done:
		case <-time.After(time.Second):
		}
	}
}

// PresenceTimeout publishes with a timeout case.
func PresenceTimeout(vs []int) {
	b := &timedBus{}
	s := &tsub{ch: make(chan int), done: make(chan struct{})}
	b.subs = append(b.subs, s)
	go b.track(s) // ok: the publisher's select times out and lets go of the lock
	go func() {   // ok: a timer case is a way out
		for _, v := range vs {
			b.publishOrDrop(v)
		}
	}()
}

// roster copies its subscribers under the lock and delivers after unlocking.
type roster struct {
	mu   sync.Mutex
	subs []*rsub
}

type rsub struct {
	ch   chan int
	done chan struct{}
}

func (l *roster) publish(v int) {
	l.mu.Lock()
	targets := append([]*rsub(nil), l.subs...)
	l.mu.Unlock()
	for _, s := range targets {
		select {
		case s.ch <- v:
		case <-s.done:
		}
	}
}

func (l *roster) leave(s *rsub) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.subs = l.subs[:0]
	close(s.done)
}

func (l *roster) track(s *rsub) {
	for v := range s.ch {
		if v == 0 {
			l.leave(s)
			return
		}
	}
}

// PresenceCopy delivers outside the lock.
func PresenceCopy(vs []int) {
	l := &roster{}
	s := &rsub{ch: make(chan int), done: make(chan struct{})}
	l.subs = append(l.subs, s)
	go l.track(s) // ok: the publisher does not hold the lock while it delivers
	go func() {   // ok: unlocked before the select
		for _, v := range vs {
			l.publish(v)
		}
	}()
}

// gauge's reader locks only once the channel is closed and its loop is over.
type gauge struct {
	mu    sync.Mutex
	total int
	in    chan int
}

func (g *gauge) add(vs []int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, v := range vs {
		g.in <- v
	}
}

func (g *gauge) sum() {
	n := 0
	for v := range g.in {
		n += v
	}
	g.mu.Lock()
	g.total = n
	g.mu.Unlock()
}

// Gauge sums a stream: the reader takes the lock after the stream ends.
func Gauge(vs []int) {
	g := &gauge{in: make(chan int)}
	go g.sum()                // ok: the lock is taken after the range ends, when nothing sends
	go func() { g.add(vs) }() // ok: its reader never waits for the lock while it still receives
}
