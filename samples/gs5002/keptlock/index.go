// Package keptlock leaves read locks held past functions with results, and starts the
// goroutines that then block from functions that call the keeping ones.
package keptlock

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("empty query")

// termIndex is read under its RWMutex and written by an indexer goroutine.
type termIndex struct {
	mu    sync.RWMutex
	terms map[string][]int
}

func (ix *termIndex) add(term string, id int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.terms[term] = append(ix.terms[term], id)
}

// search returns on a missing term still holding the read lock, with a nil error.
func (ix *termIndex) search(term string) ([]int, error) {
	if term == "" {
		return nil, errEmpty
	}
	ix.mu.RLock() // want `GS5002: "ix.mu" stays read-locked when search returns here, and lookupAll, which calls it, never unlocks it`
	ids, ok := ix.terms[term]
	if !ok {
		return nil, nil
	}
	ids = append([]int(nil), ids...)
	ix.mu.RUnlock()
	return ids, nil
}

func startIndexer(ix *termIndex, in <-chan string) {
	go func() { // want `GS5002: goroutine blocks forever locking "ix.mu": it is left read-locked`
		for t := range in {
			ix.add(t, len(t))
		}
	}()
}

// lookupAll has results of its own: the read lock search keeps stays held past it too.
func lookupAll(ix *termIndex, in chan string, terms []string) (int, error) {
	startIndexer(ix, in)
	n := 0
	for _, t := range terms {
		in <- t
		ids, err := ix.search(t)
		if err != nil {
			return n, err
		}
		n += len(ids)
	}
	return n, nil
}

// fullIndex's search unlocks on every path.
type fullIndex struct {
	mu    sync.RWMutex
	terms map[string][]int
}

func (ix *fullIndex) add(term string, id int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.terms[term] = append(ix.terms[term], id)
}

func (ix *fullIndex) search(term string) ([]int, error) {
	if term == "" {
		return nil, errEmpty
	}
	ix.mu.RLock()
	ids, ok := ix.terms[term]
	if !ok {
		ix.mu.RUnlock()
		return nil, nil
	}
	ids = append([]int(nil), ids...)
	ix.mu.RUnlock()
	return ids, nil
}

func startFullIndexer(ix *fullIndex, in <-chan string) {
	go func() { // ok: search releases the read lock on every path
		for t := range in {
			ix.add(t, len(t))
		}
	}()
}

func lookupFull(ix *fullIndex, in chan string, terms []string) (int, error) {
	startFullIndexer(ix, in)
	n := 0
	for _, t := range terms {
		in <- t
		ids, err := ix.search(t)
		if err != nil {
			return n, err
		}
		n += len(ids)
	}
	return n, nil
}

// handIndex's search hands the read lock to its caller on a hit: the caller unlocks it.
type handIndex struct {
	mu    sync.RWMutex
	terms map[string][]int
}

func (ix *handIndex) add(term string, id int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.terms[term] = append(ix.terms[term], id)
}

func (ix *handIndex) search(term string) ([]int, bool) {
	ix.mu.RLock()
	ids, ok := ix.terms[term]
	if !ok {
		ix.mu.RUnlock()
		return nil, false
	}
	return ids, true
}

func startHandIndexer(ix *handIndex, in <-chan string) {
	go func() { // ok: the caller of search unlocks what search hands it
		for t := range in {
			ix.add(t, len(t))
		}
	}()
}

func lookupHand(ix *handIndex, in chan string, terms []string) (int, error) {
	startHandIndexer(ix, in)
	n := 0
	for _, t := range terms {
		in <- t
		if ids, ok := ix.search(t); ok {
			n += len(ids)
			ix.mu.RUnlock()
		}
	}
	return n, nil
}
