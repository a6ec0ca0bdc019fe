// Package sessions has stores whose Open can return an error while it still holds the lock.
package sessions

import (
	"errors"
	"strconv"
	"sync"
)

// ErrFull is returned when a store has no room left.
var ErrFull = errors.New("store full")

// Store keeps a bounded set of sessions; Open forgets to unlock when it is full.
type Store struct {
	mu       sync.Mutex
	sessions map[string]int
	limit    int
}

// NewStore makes a store for at most limit sessions.
func NewStore(limit int) *Store {
	return &Store{sessions: map[string]int{}, limit: limit}
}

// Open records a session.
func (s *Store) Open(id string) error {
	s.mu.Lock()
	if len(s.sessions) >= s.limit {
		return ErrFull
	}
	s.sessions[id] = len(s.sessions)
	s.mu.Unlock()
	return nil
}

// Count reports the number of sessions.
func (s *Store) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// SafeStore is Store with an Open that unlocks before it fails.
type SafeStore struct {
	mu       sync.Mutex
	sessions map[string]int
	limit    int
}

// NewSafeStore makes a store for at most limit sessions.
func NewSafeStore(limit int) *SafeStore {
	return &SafeStore{sessions: map[string]int{}, limit: limit}
}

// Open records a session.
func (s *SafeStore) Open(id string) error {
	s.mu.Lock()
	if len(s.sessions) >= s.limit {
		s.mu.Unlock()
		return ErrFull
	}
	s.sessions[id] = len(s.sessions)
	s.mu.Unlock()
	return nil
}

// Count reports the number of sessions.
func (s *SafeStore) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Parsed keeps parsed numbers; Get keeps the lock when a key does not parse.
type Parsed struct {
	mu   sync.Mutex
	vals map[string]int
}

// Get parses k once and keeps it.
func (p *Parsed) Get(k string) (int, error) {
	p.mu.Lock()
	if v, ok := p.vals[k]; ok {
		p.mu.Unlock()
		return v, nil
	}
	v, err := strconv.Atoi(k)
	if err != nil {
		return 0, err
	}
	p.vals[k] = v
	p.mu.Unlock()
	return v, nil
}

// Len reports how many numbers are kept.
func (p *Parsed) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.vals)
}
