package gs5006

import "sync"

// Bus delivers events to its handlers on its own goroutine.
type Bus struct {
	events   chan int
	handlers []func(int)
}

func newBus() *Bus { return &Bus{events: make(chan int)} }

func (b *Bus) subscribe(h func(int)) { b.handlers = append(b.handlers, h) }

func (b *Bus) publish(ev int) { b.events <- ev }

func (b *Bus) loop(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case ev := <-b.events:
			for _, h := range b.handlers {
				h(ev)
			}
		}
	}
}

// watch registers a handler that reports on seen while it holds mu, and takes mu itself
// before it receives from seen.
func watch() {
	var mu sync.Mutex
	seen := make(chan int)
	b := newBus()
	b.subscribe(func(ev int) {
		mu.Lock()
		defer mu.Unlock()
		seen <- ev
	})
	quit := make(chan struct{})
	go b.loop(quit) // want `GS5006: goroutine blocks forever on "seen" while it holds "mu"`
	b.publish(1)
	mu.Lock()
	mu.Unlock()
	<-seen
	close(quit)
}

// StartWatch runs watch in the background.
func StartWatch() {
	go watch() // want `GS5006: goroutine blocks forever locking "mu": another goroutine holds it while it waits on "seen"`
}

// Feed is a Bus whose handlers are not all the same function.
type Feed struct {
	events    chan int
	listeners []func(int)
}

func newFeed() *Feed { return &Feed{events: make(chan int)} }

func (f *Feed) listen(h func(int)) { f.listeners = append(f.listeners, h) }

func (f *Feed) publish(ev int) { f.events <- ev }

func (f *Feed) loop(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case ev := <-f.events:
			for _, h := range f.listeners {
				h(ev)
			}
		}
	}
}

// watchFeed registers two different listeners: which one runs is not known.
func watchFeed(log func(int)) {
	var mu sync.Mutex
	seen := make(chan int)
	f := newFeed()
	f.listen(log)
	f.listen(func(ev int) {
		mu.Lock()
		defer mu.Unlock()
		seen <- ev
	})
	quit := make(chan struct{})
	go f.loop(quit) // ok: the listeners are two different functions
	f.publish(1)
	mu.Lock()
	mu.Unlock()
	<-seen
	close(quit)
}

// StartWatchFeed runs watchFeed in the background.
func StartWatchFeed() {
	go watchFeed(func(int) {}) // ok: the listener that locks is one of two
}

// Hub is a Bus whose handler slice is handed out: others may put anything in it.
type Hub struct {
	events chan int
	funcs  []func(int)
}

func newHub() *Hub { return &Hub{events: make(chan int)} }

func (h *Hub) add(fn func(int)) { h.funcs = append(h.funcs, fn) }

func (h *Hub) all() []func(int) { return h.funcs }

func (h *Hub) publish(ev int) { h.events <- ev }

func (h *Hub) loop(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case ev := <-h.events:
			for _, fn := range h.funcs {
				fn(ev)
			}
		}
	}
}

// watchHub registers one handler, but the slice leaves the hub through all.
func watchHub() {
	var mu sync.Mutex
	seen := make(chan int)
	h := newHub()
	h.add(func(ev int) {
		mu.Lock()
		defer mu.Unlock()
		seen <- ev
	})
	quit := make(chan struct{})
	go h.loop(quit) // ok: the handler slice is returned by all, its contents are not known
	h.publish(1)
	mu.Lock()
	mu.Unlock()
	<-seen
	close(quit)
}

// StartWatchHub runs watchHub in the background and reads the hub's funcs.
func StartWatchHub() {
	go watchHub() // ok: the handlers are not known
	_ = newHub().all()
}

// Reaper calls the expire function it was made with on its own goroutine.
type Reaper struct {
	due    chan string
	expire func(string)
}

func newReaper(expire func(string)) *Reaper {
	return &Reaper{due: make(chan string), expire: expire}
}

func (r *Reaper) run(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case k := <-r.due:
			r.expire(k)
		}
	}
}

// reap makes a reaper whose expire function reports on gone while it holds mu, and takes
// mu itself before it receives from gone.
func reap() {
	var mu sync.Mutex
	gone := make(chan string)
	r := newReaper(func(k string) {
		mu.Lock()
		defer mu.Unlock()
		gone <- k
	})
	quit := make(chan struct{})
	go r.run(quit) // want `GS5006: goroutine blocks forever on "gone" while it holds "mu"`
	r.due <- "session"
	mu.Lock()
	mu.Unlock()
	<-gone
	close(quit)
}

// StartReap runs reap in the background.
func StartReap() {
	go reap() // want `GS5006: goroutine blocks forever locking "mu": another goroutine holds it while it waits on "gone"`
}

// Sweeper is a Reaper made with different functions by different callers.
type Sweeper struct {
	due   chan string
	onDue func(string)
}

func newSweeper(onDue func(string)) *Sweeper {
	return &Sweeper{due: make(chan string), onDue: onDue}
}

func (s *Sweeper) run(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case k := <-s.due:
			s.onDue(k)
		}
	}
}

// sweep is reap with a Sweeper: which function onDue holds is not known.
func sweep() {
	var mu sync.Mutex
	gone := make(chan string)
	s := newSweeper(func(k string) {
		mu.Lock()
		defer mu.Unlock()
		gone <- k
	})
	quit := make(chan struct{})
	go s.run(quit) // ok: newSweeper is also called with another function
	s.due <- "session"
	mu.Lock()
	mu.Unlock()
	<-gone
	close(quit)
}

// QuietSweeper makes a Sweeper that does nothing when a session is due.
func QuietSweeper() *Sweeper { return newSweeper(func(string) {}) }

// StartSweep runs sweep in the background.
func StartSweep() {
	go sweep() // ok: the function that locks is one of two
}

// Poster is what a Desk posts through; a Board and a nopBoard both are one.
type Poster interface {
	pin(h func(int))
	post(ev int)
	serve(quit <-chan struct{})
}

// Board runs its pinned function for every post, on the goroutine that serves it.
type Board struct {
	posts chan int
	pins  []func(int)
}

func (b *Board) pin(h func(int)) { b.pins = append(b.pins, h) }

func (b *Board) post(ev int) { b.posts <- ev }

func (b *Board) serve(quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case ev := <-b.posts:
			for _, h := range b.pins {
				h(ev)
			}
		}
	}
}

type nopBoard struct{}

func (nopBoard) pin(func(int))         {}
func (nopBoard) post(int)              {}
func (nopBoard) serve(<-chan struct{}) {}

func newPoster() Poster { return newBoard() }

func newBoard() *Board { return &Board{posts: make(chan int)} }

// Desk reaches its board through the Poster interface; newPoster makes a Board.
type Desk struct {
	p Poster
}

func (d *Desk) open(quit <-chan struct{}) { d.p.serve(quit) }

// staff pins a function that reports on done while it holds mu, and takes mu itself before
// it receives from done.
func staff() {
	var mu sync.Mutex
	done := make(chan int)
	d := &Desk{p: newPoster()}
	d.p.pin(func(ev int) {
		mu.Lock()
		defer mu.Unlock()
		done <- ev
	})
	quit := make(chan struct{})
	go d.open(quit) // want `GS5006: goroutine blocks forever on "done" while it holds "mu"`
	d.p.post(1)
	mu.Lock()
	mu.Unlock()
	<-done
	close(quit)
}

// StartStaff runs staff in the background.
func StartStaff() {
	go staff() // want `GS5006: goroutine blocks forever locking "mu": another goroutine holds it while it waits on "done"`
}

// Quiet is a Desk that posts nowhere.
func Quiet() *Desk { return &Desk{p: nopBoard{}} }
