// Package store keeps player profiles for the matchmaking service.
package store

import (
	"errors"
	"fmt"
	"sync"
	"unicode/utf8"
)

// Profile is what matchmaking needs to know about a player.
type Profile struct {
	PlayerID string
	Nickname string
	Rating   int
	Region   string
}

// ErrInvalid wraps every validation failure.
var ErrInvalid = errors.New("invalid profile")

// Store is an in-memory profile table with a write-ahead counter.
type Store struct {
	mu       sync.Mutex
	profiles map[string]Profile
	writes   int
}

// New returns an empty store.
func New() *Store {
	return &Store{profiles: make(map[string]Profile)}
}

func validate(p Profile) error {
	if p.PlayerID == "" {
		return fmt.Errorf("%w: empty player id", ErrInvalid)
	}
	if n := utf8.RuneCountInString(p.Nickname); n < 3 || n > 16 {
		return fmt.Errorf("%w: nickname %q must be 3-16 characters", ErrInvalid, p.Nickname)
	}
	if p.Rating < 0 {
		return fmt.Errorf("%w: negative rating %d", ErrInvalid, p.Rating)
	}
	return nil
}

// Upsert validates p and stores it, keeping the old region if p has none.
func (s *Store) Upsert(p Profile) error {
	s.mu.Lock()
	if old, ok := s.profiles[p.PlayerID]; ok && p.Region == "" {
		p.Region = old.Region
	}
	if err := validate(p); err != nil {
		return fmt.Errorf("upsert %s: %w", p.PlayerID, err)
	}
	s.profiles[p.PlayerID] = p
	s.writes++
	s.mu.Unlock()
	return nil
}

// Get returns the profile of a player.
func (s *Store) Get(id string) (Profile, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.profiles[id]
	return p, ok
}

// Len returns the number of profiles.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.profiles)
}
