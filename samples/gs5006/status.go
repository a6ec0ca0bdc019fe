// Package gs5006 holds samples for GS5006: a lock held across a channel operation whose
// partner needs the same lock.
package gs5006

import "sync"

// Status forwards updates to a syncer.
type Status struct {
	mu      sync.Mutex
	updates chan bool
	dirty   bool
}

// NewStatus makes a Status with an unbuffered updates channel.
func NewStatus() *Status { return &Status{updates: make(chan bool)} }

// Set sends while it holds the lock.
func (s *Status) Set() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty = true
	s.updates <- true
}

// sync receives an update, then takes the lock to clear it.
func (s *Status) sync() {
	for i := 0; i < 2; i++ {
		<-s.updates
		s.clear()
	}
}

func (s *Status) clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dirty = false
}

// Run starts a syncer and two setters: the second setter holds the lock while it sends,
// and the syncer needs the lock before it receives again.
func Run() {
	s := NewStatus()
	go s.sync() // want `GS5006: goroutine blocks forever locking "s.mu": another goroutine holds it while it waits on "s.updates"`
	go s.Set()  // want `GS5006: goroutine blocks forever on "s.updates" while it holds "s.mu"`
	go s.Set()  // want `GS5006: goroutine blocks forever on "s.updates" while it holds "s.mu"`
}

// SetSafe sends after unlocking.
func (s *Status) SetSafe() {
	s.mu.Lock()
	s.dirty = true
	s.mu.Unlock()
	s.updates <- true
}

// RunSafe sends outside the lock.
func RunSafe() {
	s := NewStatus()
	go s.sync()    // ok: the setters do not hold the lock while they send
	go s.SetSafe() // ok: unlocked before the send
	go s.SetSafe() // ok: unlocked before the send
}

// Buffered has room for every update.
type Buffered struct {
	mu      sync.Mutex
	updates chan bool
}

// NewBuffered makes a Buffered with a buffered channel.
func NewBuffered() *Buffered { return &Buffered{updates: make(chan bool, 8)} }

func (b *Buffered) set() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.updates <- true
}

func (b *Buffered) sync() {
	<-b.updates
	b.mu.Lock()
	b.mu.Unlock()
}

// RunBuffered sends into a buffer: the send does not wait for the receiver.
func RunBuffered() {
	b := NewBuffered()
	go b.sync() // ok: the send completes into the buffer
	go b.set()  // ok: the channel is buffered
}
