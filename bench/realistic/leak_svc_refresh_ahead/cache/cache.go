// Package cache is a read-through cache that keeps hot keys fresh in the
// background instead of letting readers hit the origin on expiry.
package cache

import (
	"sync"
	"time"
)

type Loader func(key string) (string, error)

type entry struct {
	mu    sync.RWMutex
	value string
	hits  int
	stop  chan struct{}
}

func (e *entry) get() string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.value
}

type Cache struct {
	mu       sync.Mutex
	entries  map[string]*entry
	load     Loader
	hotAfter int
	every    time.Duration
}

func New(load Loader, hotAfter int, every time.Duration) *Cache {
	return &Cache{entries: make(map[string]*entry), load: load, hotAfter: hotAfter, every: every}
}

func (c *Cache) Get(key string) (string, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok {
		e.hits++
		if e.hits == c.hotAfter {
			e.stop = make(chan struct{})
			go c.refresh(key, e)
		}
		c.mu.Unlock()
		return e.get(), nil
	}
	c.mu.Unlock()

	v, err := c.load(key)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[key]; ok {
		return e.get(), nil
	}
	c.entries[key] = &entry{value: v, hits: 1}
	return v, nil
}

func (c *Cache) refresh(key string, e *entry) {
	t := time.NewTicker(c.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			v, err := c.load(key)
			if err != nil {
				continue // keep serving the stale value
			}
			e.mu.Lock()
			e.value = v
			e.mu.Unlock()
		case <-e.stop:
			return
		}
	}
}

// Invalidate drops a key, e.g. after a write went to the origin.
func (c *Cache) Invalidate(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
}

// Close stops all background refreshes.
func (c *Cache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if e.stop != nil {
			close(e.stop)
		}
		delete(c.entries, k)
	}
}
