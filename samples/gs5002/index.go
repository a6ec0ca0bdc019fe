package gs5002

import (
	"errors"
	"fmt"
	"sync"
)

// index is a set of keys that readers look up under a read lock.
type index struct {
	mu   sync.RWMutex
	keys map[string]int
}

// lookup returns its error while it still holds the read lock.
func (ix *index) lookup(k string) (int, error) {
	ix.mu.RLock() // want `GS5002: "ix.mu" stays read-locked when lookup returns here, and serveKeys, which calls it, never unlocks it`
	if k == "" {
		return 0, errors.New("empty key")
	}
	v := ix.keys[k]
	ix.mu.RUnlock()
	return v, nil
}

func (ix *index) add(k string) {
	ix.mu.Lock()
	ix.keys[k] = len(ix.keys)
	ix.mu.Unlock()
}

func (ix *index) size() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.keys)
}

// serveKeys looks keys up, then adds one in the background: after an empty key the read
// lock is never released, and the writer waits for it forever. A reader that comes after
// the writer's Lock waits too: an RWMutex lets no new reader in while a writer waits.
func serveKeys(ix *index, ks [2]string) {
	for _, k := range ks {
		if _, err := ix.lookup(k); err != nil {
			fmt.Println(err)
		}
	}
	go ix.add("z")                         // want `GS5002: goroutine blocks forever locking "ix.mu": it is left read-locked$`
	go func() { fmt.Println(ix.size()) }() // want `GS5002: goroutine blocks forever locking "ix.mu": it is left read-locked, and a writer waiting for it keeps every later reader out`
}

// safeIndex releases its read lock on the error path too.
type safeIndex struct {
	mu   sync.RWMutex
	keys map[string]int
}

func (ix *safeIndex) lookup(k string) (int, error) {
	ix.mu.RLock()
	if k == "" {
		ix.mu.RUnlock()
		return 0, errors.New("empty key")
	}
	v := ix.keys[k]
	ix.mu.RUnlock()
	return v, nil
}

func (ix *safeIndex) add(k string) {
	ix.mu.Lock()
	ix.keys[k] = len(ix.keys)
	ix.mu.Unlock()
}

func serveSafe(ix *safeIndex, ks [2]string) {
	for _, k := range ks {
		if _, err := ix.lookup(k); err != nil {
			fmt.Println(err)
		}
	}
	go ix.add("z") // ok: every path of lookup releases the read lock
}
