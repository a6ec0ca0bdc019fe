// Package ttlcache is a small map cache whose entries expire after a TTL.
// A background janitor sweeps expired entries until Close is called.
package ttlcache

import (
	"sync"
	"time"
)

type entry[V any] struct {
	val     V
	expires time.Time
}

// Cache maps keys to values that expire ttl after they were set.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	ttl   time.Duration
	items map[K]entry[V]
	stop  chan struct{}
	once  sync.Once

	hits, misses int
}

// New starts a cache and its janitor, which sweeps every sweep interval.
func New[K comparable, V any](ttl, sweep time.Duration) *Cache[K, V] {
	c := &Cache[K, V]{
		ttl:   ttl,
		items: make(map[K]entry[V]),
		stop:  make(chan struct{}),
	}
	go c.janitor(sweep)
	return c
}

func (c *Cache[K, V]) Get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok || time.Now().After(e.expires) {
		c.misses++
		var zero V
		return zero, false
	}
	c.hits++
	return e.val, true
}

func (c *Cache[K, V]) Set(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = entry[V]{val: v, expires: time.Now().Add(c.ttl)}
}

// Stats returns hit and miss counts.
func (c *Cache[K, V]) Stats() (hits, misses int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses
}

// Close stops the janitor. The cache must not be used afterwards.
func (c *Cache[K, V]) Close() {
	c.once.Do(func() { close(c.stop) })
}

func (c *Cache[K, V]) janitor(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			c.mu.Lock()
			for k, e := range c.items {
				if now.After(e.expires) {
					delete(c.items, k)
				}
			}
			c.mu.Unlock()
		case <-c.stop:
			return
		}
	}
}
