package main

import (
	"container/list"
	"sync"
	"time"

	"realistic/ok_sys_session_janitor/session"
)

// tenantSessions keeps one session store per tenant, holding at most max
// tenants in memory; the least recently used tenant is evicted first.
type tenantSessions struct {
	max   int
	ttl   time.Duration
	sweep time.Duration

	mu      sync.Mutex
	lru     *list.List // of *tenantEntry, front = most recent
	entries map[string]*list.Element
	evicted int
}

type tenantEntry struct {
	tenant string
	store  *session.Store
}

func newTenantSessions(max int, ttl, sweep time.Duration) *tenantSessions {
	return &tenantSessions{
		max:     max,
		ttl:     ttl,
		sweep:   sweep,
		lru:     list.New(),
		entries: make(map[string]*list.Element),
	}
}

// storeFor returns the tenant's store, creating it on first use.
func (t *tenantSessions) storeFor(tenant string) *session.Store {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.entries[tenant]; ok {
		t.lru.MoveToFront(el)
		return el.Value.(*tenantEntry).store
	}
	e := &tenantEntry{tenant: tenant, store: session.NewStore(t.ttl, t.sweep)}
	t.entries[tenant] = t.lru.PushFront(e)
	for t.lru.Len() > t.max {
		oldest := t.lru.Back()
		t.lru.Remove(oldest)
		victim := oldest.Value.(*tenantEntry)
		delete(t.entries, victim.tenant)
		victim.store.Close()
		t.evicted++
	}
	return e.store
}

// closeAll shuts down every tenant store still held.
func (t *tenantSessions) closeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for el := t.lru.Front(); el != nil; el = el.Next() {
		el.Value.(*tenantEntry).store.Close()
	}
	t.lru.Init()
	clear(t.entries)
}
