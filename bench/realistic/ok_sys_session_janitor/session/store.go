// Package session keeps login sessions in memory with sliding expiry.
package session

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync"
	"time"
)

var ErrNotFound = errors.New("session: not found or expired")

type Session struct {
	ID        string
	UserID    string
	ExpiresAt time.Time
}

// Store holds sessions and runs a janitor that purges expired ones.
type Store struct {
	ttl time.Duration

	mu       sync.Mutex
	sessions map[string]*Session
	purged   int

	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

// NewStore starts a store whose janitor sweeps every sweep interval.
func NewStore(ttl, sweep time.Duration) *Store {
	s := &Store{
		ttl:      ttl,
		sessions: make(map[string]*Session),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	go s.janitor(sweep)
	return s
}

func (s *Store) janitor(every time.Duration) {
	defer close(s.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			s.purgeExpired(now)
		case <-s.stop:
			return
		}
	}
}

func (s *Store) purgeExpired(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.sessions {
		if now.After(sess.ExpiresAt) {
			delete(s.sessions, id)
			s.purged++
		}
	}
}

// Create opens a session for user.
func (s *Store) Create(userID string) (*Session, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	sess := &Session{ID: hex.EncodeToString(b[:]), UserID: userID, ExpiresAt: time.Now().Add(s.ttl)}
	s.mu.Lock()
	s.sessions[sess.ID] = sess
	s.mu.Unlock()
	return sess, nil
}

// Touch validates id and extends its expiry.
func (s *Store) Touch(id string) (*Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[id]
	if !ok || time.Now().After(sess.ExpiresAt) {
		return nil, ErrNotFound
	}
	sess.ExpiresAt = time.Now().Add(s.ttl)
	return sess, nil
}

func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Close stops the janitor. Sessions are dropped with the store.
func (s *Store) Close() {
	s.stopOnce.Do(func() { close(s.stop) })
	<-s.done
}
