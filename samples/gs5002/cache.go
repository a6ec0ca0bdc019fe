// Package gs5002 holds samples for GS5002: mutexes locked again while held, and locks left
// locked on some path.
package gs5002

import (
	"fmt"
	"sync"
	"time"
)

// Cache is a map guarded by a mutex.
type Cache struct {
	mu     sync.Mutex
	items  map[string]int
	closed bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{items: map[string]int{}} }

// Put stores one item.
func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
}

// Refresh locks the cache and then calls Put, which locks it again.
func (c *Cache) Refresh(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Put(k, c.items[k]+1)
}

// refreshLocked expects the caller to hold c.mu.
func (c *Cache) refreshLocked(k string) { c.items[k]++ }

// RefreshSafe uses the variant that expects the lock to be held.
func (c *Cache) RefreshSafe(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshLocked(k)
}

// StartRefresh refreshes in the background.
func StartRefresh(k string) {
	c := NewCache()
	go c.Refresh(k) // want `GS5002: goroutine deadlocks on itself: "c.mu" is locked again while it already holds the lock`
}

// StartRefreshSafe refreshes in the background without locking twice.
func StartRefreshSafe(k string) {
	c := NewCache()
	go c.RefreshSafe(k) // ok: refreshLocked does not lock again
}

// Evict forgets to unlock when the cache is closed.
func (c *Cache) Evict(k string) {
	c.mu.Lock() // want `GS5002: "c.mu" stays locked when Evict returns here: the next Lock blocks forever`
	if c.closed {
		return
	}
	delete(c.items, k)
	c.mu.Unlock()
}

// EvictSafe unlocks on both paths.
func (c *Cache) EvictSafe(k string) {
	c.mu.Lock() // ok: every return unlocks
	if c.closed {
		c.mu.Unlock()
		return
	}
	delete(c.items, k)
	c.mu.Unlock()
}

// EvictLater evicts from a timer; the other goroutine then waits for the lock forever.
func EvictLater(k string) {
	c := NewCache()
	time.AfterFunc(time.Millisecond, func() { c.Evict(k) })
	go func() { // want `GS5002: goroutine blocks forever locking "c.mu": it is left locked`
		c.Put(k, 1)
	}()
}

// Poll retries until the cache is open, but keeps the lock when it gives up.
func (c *Cache) Poll() {
	for i := 0; i < 3; i++ {
		c.mu.Lock()
		if c.closed {
			continue
		}
		fmt.Println(len(c.items))
		c.mu.Unlock()
	}
}

// StartPoll polls in the background.
func StartPoll() {
	c := NewCache()
	go c.Poll() // want `GS5002: goroutine deadlocks on itself: "c.mu" is locked again`
}

// TryGet returns with the lock held when the key exists: callers unlock (a lock-returning
// function, not a leak).
func (c *Cache) TryGet(k string) bool {
	c.mu.Lock()
	if _, ok := c.items[k]; !ok {
		c.mu.Unlock()
		return false
	}
	return true
}

// Use unlocks after TryGet succeeds.
func Use(k string) {
	c := NewCache()
	go func() { // ok: the lock TryGet keeps is released right after
		if c.TryGet(k) {
			c.items[k]++
			c.mu.Unlock()
		}
		c.Put(k, 0)
	}()
}
