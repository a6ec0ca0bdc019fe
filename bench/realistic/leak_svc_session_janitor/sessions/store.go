// Package sessions is an in-memory session store with TTL-based expiry.
package sessions

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

type Session struct {
	ID      string
	UserID  string
	Expires time.Time
	Values  map[string]string
}

type Store struct {
	mu       sync.Mutex
	ttl      time.Duration
	sessions map[string]*Session
	stop     chan struct{}
	stopped  chan struct{}
}

// NewStore returns a store whose janitor sweeps expired sessions every
// interval. Call Close to stop the janitor.
func NewStore(ttl, interval time.Duration) *Store {
	s := &Store{
		ttl:      ttl,
		sessions: make(map[string]*Session),
		stop:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	go s.janitor(interval)
	return s
}

func (s *Store) janitor(interval time.Duration) {
	defer close(s.stopped)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			s.sweep(now)
		case <-s.stop:
			return
		}
	}
}

func (s *Store) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.sessions {
		if now.After(sess.Expires) {
			delete(s.sessions, id)
		}
	}
}

func (s *Store) Create(userID string) *Session {
	var b [16]byte
	_, _ = rand.Read(b[:])
	sess := &Session{
		ID:      hex.EncodeToString(b[:]),
		UserID:  userID,
		Expires: time.Now().Add(s.ttl),
		Values:  make(map[string]string),
	}
	s.mu.Lock()
	s.sessions[sess.ID] = sess
	s.mu.Unlock()
	return sess
}

func (s *Store) Get(id string) (*Session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok || time.Now().After(sess.Expires) {
		return nil, false
	}
	return sess, true
}

func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Close stops the janitor and waits for it to exit.
func (s *Store) Close() {
	close(s.stop)
	<-s.stopped
}
