// Package keptsibling keeps a lock past a function with results whose only caller is in
// another file of the package; that file starts no goroutine itself.
package keptsibling

import (
	"errors"
	"sync"
	"time"
)

var errFull = errors.New("backlog full")

type job struct{ id int }

// backlog is drained by the workers its constructor starts.
type backlog struct {
	mu    sync.Mutex
	items []job
	limit int
	quit  chan struct{}
}

func newBacklog(workers, limit int) *backlog {
	b := &backlog{limit: limit, quit: make(chan struct{})}
	for i := 0; i < workers; i++ {
		go b.work() // want `GS5002: goroutine blocks forever locking "b.mu": it is left locked`
	}
	return b
}

func (b *backlog) stop() { close(b.quit) }

func (b *backlog) next() (job, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.items) == 0 {
		return job{}, false
	}
	j := b.items[0]
	b.items = b.items[1:]
	return j, true
}

func (b *backlog) work() {
	for {
		if _, ok := b.next(); ok {
			continue
		}
		select {
		case <-b.quit:
			return
		case <-time.After(time.Millisecond):
		}
	}
}

// add returns errFull still holding the lock.
func (b *backlog) add(j job) error {
	b.mu.Lock() // want `GS5002: "b.mu" stays locked when add returns here, and fill, which calls it, never unlocks it`
	if len(b.items) >= b.limit {
		return errFull
	}
	b.items = append(b.items, j)
	b.mu.Unlock()
	return nil
}

// ring hands its lock to the caller of tryPush when it is full: the caller releases it.
type ring struct {
	mu    sync.Mutex
	slots []job
	quit  chan struct{}
}

func newRing(workers int) *ring {
	r := &ring{quit: make(chan struct{})}
	for i := 0; i < workers; i++ {
		go r.drain() // ok: the caller of tryPush releases the lock it keeps
	}
	return r
}

func (r *ring) stop() { close(r.quit) }

func (r *ring) drain() {
	for {
		r.mu.Lock()
		if len(r.slots) > 0 {
			r.slots = r.slots[1:]
		}
		r.mu.Unlock()
		select {
		case <-r.quit:
			return
		case <-time.After(time.Millisecond):
		}
	}
}

func (r *ring) tryPush(j job) bool {
	r.mu.Lock()
	if len(r.slots) >= 4 {
		return false // the lock stays with the caller, who must call release
	}
	r.slots = append(r.slots, j)
	r.mu.Unlock()
	return true
}

func (r *ring) release() { r.mu.Unlock() }
