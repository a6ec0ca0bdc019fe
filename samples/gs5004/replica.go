package gs5004

import "sync"

// Table maps names to counts.
type Table struct {
	mu   sync.RWMutex
	rows map[string]int
}

// Has reads one name under the table's own read lock.
func (t *Table) Has(name string) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	_, ok := t.rows[name]
	return ok
}

// Put writes one name.
func (t *Table) Put(name string, n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows[name] = n
}

// Absent lists t's names that peer lacks: it holds t's read lock while it read-locks peer's.
func (t *Table) Absent(peer *Table) []string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	var out []string
	for name := range t.rows {
		if !peer.Has(name) {
			out = append(out, name)
		}
	}
	return out
}

// Diff diffs a table against its copy while the first is written. The two read locks are
// one lock only if a caller passes the same table twice, so this is a hint, not a warning.
func Diff(live, spare *Table) []string {
	res := make(chan []string, 1)
	go func() { res <- live.Absent(spare) }() // want `GS5004: goroutine can deadlock: it read-locks "t.mu" again`
	go live.Put("n", 1)                       // want `GS5004: goroutine blocks forever locking "t.mu"`
	return <-res
}

// Mirror diffs a table against itself: the same lock, read-locked twice, a warning.
func Mirror(t *Table) []string {
	res := make(chan []string, 1)
	go func() { res <- t.Absent(t) }() // want `GS5004: goroutine can deadlock: it read-locks "t.mu" again`
	go t.Put("n", 1)                   // want `GS5004: goroutine blocks forever locking "t.mu"`
	return <-res
}
