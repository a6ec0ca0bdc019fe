// Package flight coalesces concurrent calls for the same key into one.
package flight

import "sync"

type call[V any] struct {
	wg  sync.WaitGroup
	val V
	err error
	dup int
}

// Group runs at most one fn per key at a time; callers that arrive while a
// call is in flight wait for it and share its result.
type Group[V any] struct {
	mu sync.Mutex
	m  map[string]*call[V]
}

func (g *Group[V]) Do(key string, fn func() (V, error)) (v V, shared bool, err error) {
	g.mu.Lock()
	if g.m == nil {
		g.m = make(map[string]*call[V])
	}
	if c, ok := g.m[key]; ok {
		c.dup++
		g.mu.Unlock()
		c.wg.Wait()
		return c.val, true, c.err
	}
	c := new(call[V])
	c.wg.Add(1)
	g.m[key] = c
	g.mu.Unlock()

	c.val, c.err = fn()
	if c.err != nil {
		// Failures are not shared with later callers: forget the key so the
		// next request retries against the origin.
		g.forget(key, c)
		return c.val, false, c.err
	}
	c.wg.Done()
	dups := g.forget(key, c)
	return c.val, dups > 0, nil
}

// forget removes the in-flight call and reports how many callers joined it.
func (g *Group[V]) forget(key string, c *call[V]) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.m, key)
	return c.dup
}
