// Package cache is a TTL cache for DNS answers with a background janitor
// that evicts expired entries.
package cache

import (
	"sync"
	"time"
)

type entry struct {
	addrs   []string
	expires time.Time
}

type Cache struct {
	mu      sync.Mutex
	entries map[string]entry
	done    chan struct{}
	once    sync.Once
}

// New returns a cache whose janitor sweeps expired entries every sweep.
func New(sweep time.Duration) *Cache {
	c := &Cache{entries: make(map[string]entry), done: make(chan struct{})}
	go c.janitor(sweep)
	return c
}

func (c *Cache) Get(name string) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[name]
	if !ok || time.Now().After(e.expires) {
		return nil, false
	}
	return e.addrs, true
}

func (c *Cache) Set(name string, addrs []string, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[name] = entry{addrs: addrs, expires: time.Now().Add(ttl)}
}

// Close stops the janitor.
func (c *Cache) Close() { c.once.Do(func() { close(c.done) }) }

func (c *Cache) janitor(sweep time.Duration) {
	t := time.NewTicker(sweep)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			c.mu.Lock()
			for k, e := range c.entries {
				if now.After(e.expires) {
					delete(c.entries, k)
				}
			}
			c.mu.Unlock()
		case <-c.done:
			return
		}
	}
}
