// Package store holds the constructors of the GS4003 samples: objects whose goroutine runs
// until a method of the object stops it.
package store

import (
	"sync"
	"time"
)

// Cache maps keys to values; a janitor goroutine sweeps it until Close.
type Cache struct {
	mu    sync.Mutex
	items map[string]string
	stop  chan struct{}
	once  sync.Once
}

// New starts a cache and its janitor.
func New(sweep time.Duration) *Cache {
	c := &Cache{items: map[string]string{}, stop: make(chan struct{})}
	go c.janitor(sweep) // want `GS4003: goroutine runs until Close is called on the Cache that New returns; Handle never calls it`
	return c
}

func (c *Cache) janitor(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.mu.Lock()
			clear(c.items)
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}

// Set stores a value.
func (c *Cache) Set(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

// Get reads a value.
func (c *Cache) Get(k string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// Close stops the janitor.
func (c *Cache) Close() { c.once.Do(func() { close(c.stop) }) }

// Poller calls a function on every tick until Stop.
type Poller struct {
	quit chan struct{}
}

// NewPoller starts polling.
func NewPoller(every time.Duration, f func()) *Poller {
	p := &Poller{quit: make(chan struct{})}
	go func() { // ok: every caller of NewPoller stops it
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				f()
			case <-p.quit:
				return
			}
		}
	}()
	return p
}

// Stop ends the polling.
func (p *Poller) Stop() { close(p.quit) }

// Feed forwards events until its Done channel is closed; the channel is exported, so any
// package may close it.
type Feed struct {
	Done chan struct{}
	In   chan string
}

// NewFeed starts a feed.
func NewFeed() *Feed {
	f := &Feed{Done: make(chan struct{}), In: make(chan string)}
	go f.run() // ok: other packages can close Done themselves
	return f
}

func (f *Feed) run() {
	for {
		select {
		case <-f.In:
		case <-f.Done:
			return
		}
	}
}
