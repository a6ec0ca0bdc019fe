package main

import (
	"errors"
	"sync"
)

// ErrGone is returned when a player's connection has dropped.
var ErrGone = errors.New("hub: player gone")

// Player is a connected client in a match.
type Player struct {
	ID        string
	connected bool
	inbox     []string
}

func (p *Player) send(msg string) error {
	if !p.connected {
		return ErrGone
	}
	p.inbox = append(p.inbox, msg)
	return nil
}

// Hub fans game state out to every player of a match.
type Hub struct {
	mu      sync.RWMutex
	players map[string]*Player
	ticks   chan string
}

// NewHub starts the hub's broadcast loop.
func NewHub() *Hub {
	h := &Hub{players: make(map[string]*Player), ticks: make(chan string, 4)}
	go h.loop()
	return h
}

func (h *Hub) loop() {
	for state := range h.ticks {
		h.broadcast(state)
	}
}

// Publish queues a state update for every player.
func (h *Hub) Publish(state string) {
	h.ticks <- state
}

// Close stops the broadcast loop.
func (h *Hub) Close() {
	close(h.ticks)
}

// Join adds a player.
func (h *Hub) Join(p *Player) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.players[p.ID] = p
}

// Remove drops a player.
func (h *Hub) Remove(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.players, id)
}

// Count reports how many players are in the match.
func (h *Hub) Count() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.players)
}
