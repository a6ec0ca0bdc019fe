package main

import (
	"context"
	"sync"
	"time"
)

// Session is one logged-in player with an idle janitor.
type Session struct {
	ID     string
	cancel context.CancelFunc
	touch  chan time.Time

	mu       sync.Mutex
	lastSeen time.Time
}

func newSession(id string, now time.Time) *Session {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{ID: id, cancel: cancel, touch: make(chan time.Time, 1), lastSeen: now}
	go s.janitor(ctx)
	return s
}

func (s *Session) janitor(ctx context.Context) {
	for {
		select {
		case t := <-s.touch:
			s.mu.Lock()
			s.lastSeen = t
			s.mu.Unlock()
		case <-ctx.Done():
			return
		}
	}
}

// Touch records activity.
func (s *Session) Touch(t time.Time) {
	select {
	case s.touch <- t:
	default:
	}
}

// Close stops the janitor.
func (s *Session) Close() {
	s.cancel()
}

// Store keeps live sessions by ID.
type Store struct {
	mu       sync.Mutex
	sessions map[string]*Session
	ttl      time.Duration
}

// NewStore returns an empty store.
func NewStore(ttl time.Duration) *Store {
	return &Store{sessions: make(map[string]*Session), ttl: ttl}
}

// Login opens a session.
func (st *Store) Login(id string, now time.Time) *Session {
	st.mu.Lock()
	defer st.mu.Unlock()
	s := newSession(id, now)
	st.sessions[id] = s
	return s
}

// Logout closes a session at the player's request.
func (st *Store) Logout(id string) {
	st.mu.Lock()
	s, ok := st.sessions[id]
	delete(st.sessions, id)
	st.mu.Unlock()
	if ok {
		s.Close()
	}
}

// EvictIdle drops sessions not seen since ttl before now.
func (st *Store) EvictIdle(now time.Time) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for id, s := range st.sessions {
		s.mu.Lock()
		idle := now.Sub(s.lastSeen) > st.ttl
		s.mu.Unlock()
		if idle {
			delete(st.sessions, id)
			n++
		}
	}
	return n
}

// Len reports the number of live sessions.
func (st *Store) Len() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.sessions)
}
