package gs5006

import (
	"sync"
	"time"
)

// Journal collects entries; a flusher holds its lock until it is told to quit.
type Journal struct {
	mu      sync.Mutex
	entries []string
}

// flushUntil holds the lock until quit is closed.
func (j *Journal) flushUntil(quit <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	<-quit
	j.entries = j.entries[:0]
}

// Session owns one journal.
type Session struct {
	j *Journal
}

// rotate closes quit only when it returns, after <-ready; ready is closed only by a
// goroutine that takes the flusher's lock first: flusher, rotate and the marker all wait.
func (s *Session) rotate() {
	quit := make(chan struct{})
	defer close(quit)
	go s.j.flushUntil(quit) // want `GS5006: goroutine blocks forever on "quit" while it holds "j.mu": the goroutine that would serve it first waits on "ready", whose partner needs that lock`
	ready := make(chan struct{})
	go func() { // want `GS5006: goroutine blocks forever locking "s.j.mu": another goroutine holds it while it waits on "quit", whose partner first waits on "ready"`
		s.j.mu.Lock()
		s.j.entries = append(s.j.entries, "rotated")
		close(ready)
		s.j.mu.Unlock()
	}()
	<-ready
}

// Serve rotates a session's journal in the background.
func Serve(s *Session) {
	go s.rotate() // want `GS1003: goroutine blocks forever receiving from "ready"`
}

// rotateWithTimeout gives up waiting for the marker: quit is closed either way.
func (s *Session) rotateWithTimeout() {
	quit := make(chan struct{})
	defer close(quit)
	go s.j.flushUntil(quit) // ok: rotate stops waiting on ready after a second
	ready := make(chan struct{})
	go func() { // ok: the flusher lets go of the lock once rotate returns
		s.j.mu.Lock()
		close(ready)
		s.j.mu.Unlock()
	}()
	select {
	case <-ready:
	case <-time.After(time.Second):
	}
}

// rotateMarkFirst closes ready before it locks: rotate is never held up.
func (s *Session) rotateMarkFirst() {
	quit := make(chan struct{})
	defer close(quit)
	go s.j.flushUntil(quit) // ok: ready is closed before the marker locks
	ready := make(chan struct{})
	go func() { // ok: it waits for the lock only until the flusher quits
		close(ready)
		s.j.mu.Lock()
		s.j.entries = append(s.j.entries, "marked")
		s.j.mu.Unlock()
	}()
	<-ready
}

// rotateMaybe waits for the marker only on request: without it quit is closed at once.
func (s *Session) rotateMaybe(wait bool) {
	quit := make(chan struct{})
	defer close(quit)
	go s.j.flushUntil(quit) // ok: on the path that does not wait, quit is closed at once
	ready := make(chan struct{})
	go func() { // ok: not every path of rotateMaybe waits on ready
		s.j.mu.Lock()
		close(ready)
		s.j.mu.Unlock()
	}()
	if wait {
		<-ready
	}
}

var pending []chan struct{}

func remember(c chan struct{}) { pending = append(pending, c) }

// rotateShared hands ready to code that keeps it: someone else may close it.
func (s *Session) rotateShared() {
	quit := make(chan struct{})
	defer close(quit)
	go s.j.flushUntil(quit) // ok: ready is kept in a package variable, others may close it
	ready := make(chan struct{})
	remember(ready)
	go func() { // ok: ready may be closed elsewhere
		s.j.mu.Lock()
		close(ready)
		s.j.mu.Unlock()
	}()
	<-ready
}

// Background runs the look-alikes.
func Background(s *Session) {
	go s.rotateWithTimeout() // ok: the select has a timeout
	go s.rotateMarkFirst()   // ok: ready does not wait for the lock
	go s.rotateMaybe(true)   // ok: not provable on every path
	go s.rotateShared()      // ok: ready escapes
}
