package gs1001

import (
	"strings"
	"sync"
)

// logHub fans every line out to the channel of each subscriber, in turn.
type logHub struct {
	mu     sync.Mutex
	in     chan string
	nextID int
	subs   map[int]chan string
}

func newLogHub() *logHub {
	h := &logHub{in: make(chan string, 16), subs: make(map[int]chan string)}
	go h.fan() // want `GS1001: goroutine blocks forever sending on "ch" once a subscriber from Subscribe stops reading it without unsubscribing: firstFatal can leave its range early`
	return h
}

func (h *logHub) fan() {
	for line := range h.in {
		h.mu.Lock()
		for _, ch := range h.subs {
			ch <- line
		}
		h.mu.Unlock()
	}
}

// Subscribe registers a subscriber with a buffer of n lines; the func removes it.
func (h *logHub) Subscribe(n int) (<-chan string, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := h.nextID
	h.nextID++
	ch := make(chan string, n)
	h.subs[id] = ch
	return ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.subs, id)
		close(ch)
	}
}

// firstFatal returns at the first fatal line and never unsubscribes.
func firstFatal(h *logHub) string {
	lines, unsubscribe := h.Subscribe(4)
	for l := range lines {
		if strings.HasPrefix(l, "FATAL") {
			return l
		}
	}
	unsubscribe()
	return ""
}

// firstError unsubscribes on its way out.
func firstError(h *logHub) string {
	lines, unsubscribe := h.Subscribe(4)
	defer unsubscribe()
	for l := range lines {
		if strings.HasPrefix(l, "ERROR") {
			return l
		}
	}
	return ""
}

// firstWarning releases before it leaves the range.
func firstWarning(h *logHub) string {
	lines, unsubscribe := h.Subscribe(4)
	for l := range lines {
		if strings.HasPrefix(l, "WARN") {
			unsubscribe()
			return l
		}
	}
	return ""
}

// countAll reads until the hub closes the channel.
func countAll(h *logHub) int {
	lines, _ := h.Subscribe(64)
	n := 0
	for range lines {
		n++
	}
	return n
}

// archiveAll counts every line until its channel is closed, which only its release does.
func archiveAll(h *logHub) <-chan int {
	lines, _ := h.Subscribe(64)
	count := make(chan int, 1)
	go func() { // want `GS3001: range over "lines" never ends: its subscriber dropped the release that closes it`
		n := 0
		for range lines {
			n++
		}
		count <- n
	}()
	return count
}

// archiveUntil keeps its release and hands it to the caller.
func archiveUntil(h *logHub) (<-chan int, func()) {
	lines, stop := h.Subscribe(64)
	count := make(chan int, 1)
	go func() { // ok: the caller gets the release that closes lines
		n := 0
		for range lines {
			n++
		}
		count <- n
	}()
	return count, stop
}

// event is what an eventFeed delivers to one subscription.
type event struct {
	topic, body string
}

type subscription struct {
	C    <-chan event
	c    chan event
	done chan struct{}
	once sync.Once
}

func (s *subscription) Close() { s.once.Do(func() { close(s.done) }) }

// eventFeed delivers each event to every subscription, which may give up with Close.
type eventFeed struct {
	mu   sync.Mutex
	in   chan event
	subs []*subscription
}

func newEventFeed() *eventFeed {
	f := &eventFeed{in: make(chan event)}
	go f.deliver() // want `GS1001: goroutine blocks forever sending on "s.c" once a subscriber from Subscribe stops reading it without unsubscribing: waitFor can leave its range early`
	return f
}

func (f *eventFeed) snapshot() []*subscription {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*subscription(nil), f.subs...)
}

func (f *eventFeed) deliver() {
	for ev := range f.in {
		for _, s := range f.snapshot() {
			select {
			case s.c <- ev:
			case <-s.done:
			}
		}
	}
}

func (f *eventFeed) Subscribe() *subscription {
	c := make(chan event, 2)
	s := &subscription{C: c, c: c, done: make(chan struct{})}
	f.mu.Lock()
	f.subs = append(f.subs, s)
	f.mu.Unlock()
	return s
}

// waitFor stops at the first matching event and leaves its subscription open.
func waitFor(f *eventFeed, topic string) event {
	sub := f.Subscribe()
	var got event
	for ev := range sub.C {
		if ev.topic == topic {
			got = ev
			break
		}
	}
	return got
}

// waitClosed closes its subscription whichever way it leaves.
func waitClosed(f *eventFeed, topic string) event {
	sub := f.Subscribe()
	defer sub.Close()
	for ev := range sub.C {
		if ev.topic == topic {
			return ev
		}
	}
	return event{}
}

// dropHub drops a line for a subscriber that is not keeping up: no one blocks.
type dropHub struct {
	in   chan string
	subs map[int]chan string
}

func newDropHub() *dropHub {
	h := &dropHub{in: make(chan string), subs: make(map[int]chan string)}
	go h.fan() // ok: a full subscriber gets no line (select with default), the hub never blocks on it
	return h
}

func (h *dropHub) fan() {
	for line := range h.in {
		for _, ch := range h.subs {
			select {
			case ch <- line:
			default:
			}
		}
	}
}

func (h *dropHub) Subscribe() <-chan string {
	ch := make(chan string, 1)
	h.subs[len(h.subs)] = ch
	return ch
}

func firstDropped(h *dropHub) string {
	for l := range h.Subscribe() {
		return l
	}
	return ""
}

// handOff gives its subscription to a watcher that closes it.
func handOff(f *eventFeed, topic string, closeLater func(*subscription)) event {
	sub := f.Subscribe()
	closeLater(sub)
	for ev := range sub.C {
		if ev.topic == topic {
			return ev
		}
	}
	return event{}
}
