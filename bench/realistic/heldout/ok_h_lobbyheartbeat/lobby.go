package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// Lobby tracks players waiting for a match.
type Lobby struct {
	mu       sync.Mutex
	sessions map[string]*Session
	ping     time.Duration
}

func NewLobby(ping time.Duration) *Lobby {
	return &Lobby{sessions: make(map[string]*Session), ping: ping}
}

func (l *Lobby) Join(conn *Conn) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.sessions[conn.PlayerID]; ok {
		return fmt.Errorf("lobby: %s already joined", conn.PlayerID)
	}
	l.sessions[conn.PlayerID] = NewSession(conn, l.ping)
	return nil
}

// Leave removes a player who quit or was matched into a game.
func (l *Lobby) Leave(playerID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if s, ok := l.sessions[playerID]; ok {
		s.Close()
		delete(l.sessions, playerID)
	}
}

func (l *Lobby) Players() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := make([]string, 0, len(l.sessions))
	for id := range l.sessions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Shutdown closes every session still in the lobby.
func (l *Lobby) Shutdown() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, s := range l.sessions {
		s.Close()
		delete(l.sessions, id)
	}
}
