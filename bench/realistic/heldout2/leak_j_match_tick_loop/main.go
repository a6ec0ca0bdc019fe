// Game server that runs each match's simulation loop on its own goroutine until the server context ends; finished matches are only removed from the lobby, and since the server context is never cancelled their loops wait for input forever.
package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"realistic/internal/leakprobe"
)

type move struct {
	player string
	dx, dy int
}

type position struct{ x, y int }

type match struct {
	id      string
	moves   chan move
	results chan string
	players map[string]position
	goal    position
}

func newMatch(ctx context.Context, id string, players []string, goal position) *match {
	m := &match{
		id:      id,
		moves:   make(chan move),
		results: make(chan string),
		players: make(map[string]position),
		goal:    goal,
	}
	for _, p := range players {
		m.players[p] = position{}
	}
	go m.simulate(ctx)
	return m
}

func (m *match) simulate(ctx context.Context) {
	for {
		select {
		case mv := <-m.moves:
			winner := ""
			if pos, ok := m.players[mv.player]; ok {
				pos.x += mv.dx
				pos.y += mv.dy
				m.players[mv.player] = pos
				if pos == m.goal {
					winner = mv.player
				}
			}
			m.results <- winner
		case <-ctx.Done():
			return
		}
	}
}

var errNoMatch = errors.New("no such match")

type server struct {
	ctx     context.Context
	mu      sync.Mutex
	matches map[string]*match
}

func newServer(ctx context.Context) *server {
	return &server{ctx: ctx, matches: make(map[string]*match)}
}

func (s *server) StartMatch(id string, players []string, goal position) {
	m := newMatch(s.ctx, id, players, goal)
	s.mu.Lock()
	s.matches[id] = m
	s.mu.Unlock()
}

// Play applies a move and reports the winner once someone reaches the goal.
func (s *server) Play(id string, mv move) (winner string, err error) {
	s.mu.Lock()
	m, ok := s.matches[id]
	s.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("play %s: %w", id, errNoMatch)
	}
	m.moves <- mv
	if winner = <-m.results; winner != "" {
		s.mu.Lock()
		delete(s.matches, id)
		s.mu.Unlock()
	}
	return winner, nil
}

func main() {
	srv := newServer(context.Background())
	srv.StartMatch("m-1", []string{"kai", "rin"}, position{2, 1})
	srv.StartMatch("m-2", []string{"ode", "lux"}, position{1, 1})
	srv.StartMatch("m-3", []string{"zed", "amy"}, position{3, 0})

	script := []struct {
		match string
		mv    move
	}{
		{"m-1", move{"kai", 1, 0}}, {"m-2", move{"ode", 1, 0}}, {"m-1", move{"rin", 0, 1}},
		{"m-2", move{"ode", 0, 1}}, {"m-1", move{"kai", 1, 1}}, {"m-3", move{"zed", 1, 0}},
		{"m-2", move{"lux", 1, 1}},
	}
	var winners []string
	for _, step := range script {
		w, err := srv.Play(step.match, step.mv)
		if err != nil {
			fmt.Println(err)
			continue
		}
		if w != "" {
			winners = append(winners, step.match+":"+w)
		}
	}
	sort.Strings(winners)
	fmt.Println("winners:", winners)

	leakprobe.Done()
}
