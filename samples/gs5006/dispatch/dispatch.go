// Package dispatch has dispatchers that hold their lock across a send into a small buffer
// whose only receiver takes the same lock between receives.
package dispatch

import "sync"

// Dispatcher queues ids for one runner, which acknowledges each under the lock.
type Dispatcher struct {
	mu      sync.Mutex
	pending map[int]bool
	out     chan int
}

// NewDispatcher makes a dispatcher with a queue of one.
func NewDispatcher() *Dispatcher {
	return &Dispatcher{pending: map[int]bool{}, out: make(chan int, 1)}
}

// Submit queues id, holding the lock while the queue is full.
func (d *Dispatcher) Submit(id int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending[id] = true
	d.out <- id
}

// Ack marks id done.
func (d *Dispatcher) Ack(id int) {
	d.mu.Lock()
	delete(d.pending, id)
	d.mu.Unlock()
}

// Run processes the queue.
func (d *Dispatcher) Run(work func(int)) {
	for id := range d.out {
		work(id)
		d.Ack(id)
	}
}

// Relay is Dispatcher with a send that also gives up when done is closed, which nothing
// ever does.
type Relay struct {
	mu      sync.Mutex
	pending map[int]bool
	out     chan int
	done    chan struct{}
}

// NewRelay makes a relay with a queue of one.
func NewRelay() *Relay {
	return &Relay{pending: map[int]bool{}, out: make(chan int, 1), done: make(chan struct{})}
}

// Submit queues id, holding the lock while the queue is full.
func (r *Relay) Submit(id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending[id] = true
	select {
	case r.out <- id:
	case <-r.done:
	}
}

// Ack marks id done.
func (r *Relay) Ack(id int) {
	r.mu.Lock()
	delete(r.pending, id)
	r.mu.Unlock()
}

// Run processes the queue.
func (r *Relay) Run(work func(int)) {
	for id := range r.out {
		work(id)
		r.Ack(id)
	}
}

// Router is Relay whose Stop closes quit: a blocked send gives up.
type Router struct {
	mu      sync.Mutex
	pending map[int]bool
	out     chan int
	quit    chan struct{}
}

// NewRouter makes a router with a queue of one.
func NewRouter() *Router {
	return &Router{pending: map[int]bool{}, out: make(chan int, 1), quit: make(chan struct{})}
}

// Submit queues id unless the router stops.
func (r *Router) Submit(id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending[id] = true
	select {
	case r.out <- id:
	case <-r.quit:
	}
}

// Stop makes every blocked Submit give up.
func (r *Router) Stop() { close(r.quit) }

// Ack marks id done.
func (r *Router) Ack(id int) {
	r.mu.Lock()
	delete(r.pending, id)
	r.mu.Unlock()
}

// Run processes the queue.
func (r *Router) Run(work func(int)) {
	for id := range r.out {
		work(id)
		r.Ack(id)
	}
}

// Pump is Dispatcher whose constructor starts the runner.
type Pump struct {
	mu      sync.Mutex
	pending map[int]bool
	out     chan int
}

// NewPump makes a pump with a queue of one and starts its runner.
func NewPump(work func(int)) *Pump {
	p := &Pump{pending: map[int]bool{}, out: make(chan int, 1)}
	go p.run(work) // want `GS5006: goroutine blocks forever locking "p.mu": another goroutine holds it while it waits on "p.out"` `GS3001: range over "p.out" never ends: StartPump never closes the channel`
	return p
}

// Submit queues id, holding the lock while the queue is full.
func (p *Pump) Submit(id int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pending[id] = true
	p.out <- id
}

func (p *Pump) ack(id int) {
	p.mu.Lock()
	delete(p.pending, id)
	p.mu.Unlock()
}

func (p *Pump) run(work func(int)) {
	for id := range p.out {
		work(id)
		p.ack(id)
	}
}

// Mailbox is Pump whose runner takes no lock between receives.
type Mailbox struct {
	mu   sync.Mutex
	sent int
	out  chan int
}

// NewMailbox makes a mailbox with a queue of one and starts its runner.
func NewMailbox(work func(int)) *Mailbox {
	m := &Mailbox{out: make(chan int, 1)}
	// The runner never waits for the lock (no GS5006), but StartMailbox drops the
	// mailbox without closing its queue, so the runner's range never ends.
	go m.run(work) // want `GS3001: range over "m.out" never ends: StartMailbox never closes the channel`
	return m
}

// Submit queues id, holding the lock while the queue is full.
func (m *Mailbox) Submit(id int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent++
	m.out <- id
}

func (m *Mailbox) run(work func(int)) {
	for id := range m.out {
		work(id)
	}
}
