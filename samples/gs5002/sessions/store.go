// Package sessions has stores whose Open can return an error while it still holds the lock.
package sessions

import (
	"errors"
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
