package gs5006

import "sync"

// Listener hears about restocked items.
type Listener interface{ OnStock(sku string) }

// Shelf announces restocks to its listeners on its own goroutine.
type Shelf struct {
	mu      sync.Mutex
	changes chan string
	hooks   []Listener
}

// Subscribe adds a listener.
func (s *Shelf) Subscribe(l Listener) { s.hooks = append(s.hooks, l) }

// Restock holds mu while it announces the item.
func (s *Shelf) Restock(sku string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changes <- sku
}

func (s *Shelf) notify() {
	for sku := range s.changes {
		for _, h := range s.hooks {
			h.OnStock(sku)
		}
	}
}

type auditor struct{ s *Shelf }

// OnStock needs the shelf's lock.
func (a auditor) OnStock(sku string) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	_ = sku
}

// Audit restocks twice while an auditor listens: the second announcement waits for the
// listener, which waits for the lock the announcer holds.
func Audit() {
	s := &Shelf{changes: make(chan string)}
	s.Subscribe(auditor{s})
	go s.notify() // want `GS5006: goroutine blocks forever locking "a.s.mu": another goroutine holds it while it waits on "s.changes"`
	go func() {   // want `GS5006: goroutine blocks forever on "s.changes" while it holds "s.mu"`
		s.Restock("a1")
		s.Restock("b2")
	}()
}

// Counter is a Shelf that announces after it lets go of the lock.
type Counter struct {
	mu      sync.Mutex
	n       int
	changes chan int
	hooks   []Listener
}

// Add counts under the lock and announces outside it.
func (c *Counter) Add() {
	c.mu.Lock()
	c.n++
	n := c.n
	c.mu.Unlock()
	c.changes <- n
}

func (c *Counter) notify() {
	for range c.changes {
		c.mu.Lock()
		c.n--
		c.mu.Unlock()
	}
}

// Count adds twice while the notifier takes the lock: no one holds it across the send.
func Count() {
	c := &Counter{changes: make(chan int)}
	go c.notify() // ok: the sender does not hold the lock while it sends
	go func() {   // ok: the lock is released before the send
		c.Add()
		c.Add()
	}()
}
