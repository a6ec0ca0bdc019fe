package keptlock

import "sync"

// routeTable is read by request goroutines and replaced by a watcher goroutine.
type routeTable struct {
	mu  sync.RWMutex
	hot map[string]string
}

// lookup returns a cache hit still holding the read lock.
func (t *routeTable) lookup(k string) (string, error) {
	t.mu.RLock() // want `GS5002: "t.mu" stays read-locked when lookup returns here, and the func literal in serveRoute, which calls it, never unlocks it`
	if up, ok := t.hot[k]; ok {
		return up, nil
	}
	t.mu.RUnlock()
	return "", errEmpty
}

func (t *routeTable) replace(hot map[string]string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.hot = hot
}

func (t *routeTable) watch(updates <-chan map[string]string) {
	for u := range updates {
		t.replace(u)
	}
}

func serveRoute(t *routeTable, k string) string {
	res := make(chan string, 1)
	go func() { // want `GS5002: goroutine can return while it still holds "t.mu"`
		up, _ := t.lookup(k)
		res <- up
	}()
	return <-res
}

// runRoutes starts the watcher, then serves requests on goroutines serveRoute starts.
func runRoutes(t *routeTable, keys []string, updates chan map[string]string) {
	go t.watch(updates) // want `GS5002: goroutine blocks forever locking "t.mu": it is left read-locked`
	for _, k := range keys {
		serveRoute(t, k)
	}
}

// lockedTable's lookup releases the read lock on every path.
type lockedTable struct {
	mu  sync.RWMutex
	hot map[string]string
}

func (t *lockedTable) lookup(k string) (string, error) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if up, ok := t.hot[k]; ok {
		return up, nil
	}
	return "", errEmpty
}

func (t *lockedTable) replace(hot map[string]string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.hot = hot
}

func (t *lockedTable) watch(updates <-chan map[string]string) {
	for u := range updates {
		t.replace(u)
	}
}

func serveLocked(t *lockedTable, k string) string {
	res := make(chan string, 1)
	go func() { // ok: lookup releases the read lock
		up, _ := t.lookup(k)
		res <- up
	}()
	return <-res
}

func runLocked(t *lockedTable, keys []string, updates chan map[string]string) {
	go t.watch(updates) // ok: nothing keeps the lock
	for _, k := range keys {
		serveLocked(t, k)
	}
}
