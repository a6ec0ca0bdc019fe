// Package gs5004 holds samples for GS5004: RWMutex read locks taken again while held.
package gs5004

import "sync"

// Store keeps named values.
type Store struct {
	mu     sync.RWMutex
	values map[string]int
}

// Get reads one value under a read lock.
func (s *Store) Get(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.values[k]
}

// Sum read-locks, then calls Get, which read-locks again.
func (s *Store) Sum(keys []string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	total := 0
	for _, k := range keys {
		total += s.Get(k)
	}
	return total
}

// sumLocked expects the read lock to be held.
func (s *Store) sumLocked(keys []string) int {
	total := 0
	for _, k := range keys {
		total += s.values[k]
	}
	return total
}

// SumSafe read-locks once.
func (s *Store) SumSafe(keys []string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sumLocked(keys)
}

// Set writes one value.
func (s *Store) Set(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.values[k] = v
}

// Report sums while a writer updates: the writer can queue between the two read locks.
func Report(s *Store, keys []string) {
	go s.Sum(keys)   // want `GS5004: goroutine can deadlock: it read-locks "s.mu" again while it holds a read lock`
	go s.Set("a", 1) // want `GS5004: goroutine blocks forever locking "s.mu": a reader that read-locks it twice`
}

// ReportSafe sums with one read lock.
func ReportSafe(s *Store, keys []string) {
	go s.SumSafe(keys) // ok: one read lock at a time
	go s.Set("a", 1)   // ok: the reader never holds two read locks
}

// Snapshot is read-only: no writer anywhere in it.
type Snapshot struct {
	mu     sync.RWMutex
	values map[string]int
}

func (s *Snapshot) get(k string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.values[k]
}

func (s *Snapshot) pair(a, b string) (int, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.get(a), s.get(b)
}

// Compare reads a snapshot nobody writes.
func Compare(s *Snapshot) {
	go s.pair("a", "b") // ok: no goroutine ever write-locks a Snapshot
}
