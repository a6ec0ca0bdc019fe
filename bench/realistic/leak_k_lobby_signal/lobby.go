package main

import (
	"errors"
	"sync"
)

// ErrLobbyFull is returned when a match already has all its seats taken.
var ErrLobbyFull = errors.New("lobby: full")

// Lobby gathers players until the host starts the match.
type Lobby struct {
	Map   string
	Seats int

	mu      sync.Mutex
	cond    *sync.Cond
	players []string
	started bool
	seed    int64
}

// NewLobby opens a lobby on a map with a number of seats.
func NewLobby(mapName string, seats int) *Lobby {
	l := &Lobby{Map: mapName, Seats: seats}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// Join seats a player.
func (l *Lobby) Join(player string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.players) >= l.Seats {
		return ErrLobbyFull
	}
	l.players = append(l.players, player)
	return nil
}

// AwaitStart blocks until the host starts the match and returns its random seed.
func (l *Lobby) AwaitStart() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	for !l.started {
		l.cond.Wait()
	}
	return l.seed
}

// Start begins the match with seed.
func (l *Lobby) Start(seed int64) {
	l.mu.Lock()
	l.started = true
	l.seed = seed
	l.mu.Unlock()
	l.cond.Signal()
}
