// Feature-serving cache with one LRU per tenant, each with an evictor goroutine woken when the tenant goes over budget; offboarding a tenant drops its cache from the registry without closing it, so that evictor waits forever.
package main

import (
	"container/list"
	"fmt"
	"sort"
	"sync"

	"realistic/internal/leakprobe"
)

type entry struct {
	key   string
	value []byte
}

// tenantCache is a byte-budgeted LRU; eviction runs off the request path.
type tenantCache struct {
	tenant string
	budget int

	mu    sync.Mutex
	used  int
	order *list.List
	index map[string]*list.Element

	overBudget chan struct{}
	closed     chan struct{}
}

func newTenantCache(tenant string, budget int) *tenantCache {
	c := &tenantCache{
		tenant:     tenant,
		budget:     budget,
		order:      list.New(),
		index:      make(map[string]*list.Element),
		overBudget: make(chan struct{}, 1),
		closed:     make(chan struct{}),
	}
	go c.evictor()
	return c
}

func (c *tenantCache) Put(key string, value []byte) {
	c.mu.Lock()
	if el, ok := c.index[key]; ok {
		c.used -= len(el.Value.(*entry).value)
		c.order.Remove(el)
	}
	c.index[key] = c.order.PushFront(&entry{key: key, value: value})
	c.used += len(value)
	over := c.used > c.budget
	c.mu.Unlock()

	if over {
		select {
		case c.overBudget <- struct{}{}:
		default:
		}
	}
}

func (c *tenantCache) evictor() {
	for {
		select {
		case <-c.overBudget:
			c.evict()
		case <-c.closed:
			return
		}
	}
}

func (c *tenantCache) evict() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.used > c.budget && c.order.Len() > 0 {
		el := c.order.Back()
		e := el.Value.(*entry)
		c.order.Remove(el)
		delete(c.index, e.key)
		c.used -= len(e.value)
	}
}

func (c *tenantCache) Close() {
	close(c.closed)
}

// registry owns one cache per tenant.
type registry struct {
	mu     sync.Mutex
	caches map[string]*tenantCache
	budget int
}

func (r *registry) cacheFor(tenant string) *tenantCache {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.caches[tenant]
	if !ok {
		c = newTenantCache(tenant, r.budget)
		r.caches[tenant] = c
	}
	return c
}

// Offboard forgets everything cached for a tenant that left the platform.
func (r *registry) Offboard(tenant string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.caches, tenant)
}

func (r *registry) Shutdown() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for name, c := range r.caches {
		c.Close()
		delete(r.caches, name)
	}
}

func main() {
	reg := &registry{caches: make(map[string]*tenantCache), budget: 64}

	tenants := []string{"acme", "globex", "initech"}
	for i, t := range tenants {
		c := reg.cacheFor(t)
		for j := 0; j < 5; j++ {
			c.Put(fmt.Sprintf("user:%d:features", j), make([]byte, 16+i*4))
		}
	}

	reg.Offboard("globex")

	reg.mu.Lock()
	names := make([]string, 0, len(reg.caches))
	for n := range reg.caches {
		names = append(names, n)
	}
	reg.mu.Unlock()
	sort.Strings(names)
	fmt.Println("tenants cached:", names)

	reg.Shutdown()

	leakprobe.Done()
}
