// Multiplayer lobby where each player's connection goroutine waits for the match to start: Start wakes waiters with Signal instead of Broadcast, so only one player gets the seed and the rest wait forever.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

type ready struct {
	player string
	seed   int64
}

func connect(l *Lobby, player string, out chan<- ready) error {
	if err := l.Join(player); err != nil {
		return fmt.Errorf("%s: %w", player, err)
	}
	go func() {
		seed := l.AwaitStart()
		out <- ready{player: player, seed: seed}
	}()
	return nil
}

func run() {
	lobby := NewLobby("de_harbor", 4)
	players := []string{"nova", "kite", "brisk", "umber"}
	out := make(chan ready, len(players))
	for _, p := range players {
		if err := connect(lobby, p, out); err != nil {
			fmt.Println(err)
		}
	}
	time.Sleep(30 * time.Millisecond)
	lobby.Start(20261208)

	timeout := time.After(200 * time.Millisecond)
	loaded := 0
	for loaded < len(players) {
		select {
		case r := <-out:
			loaded++
			fmt.Printf("%s loading map with seed %d\n", r.player, r.seed)
		case <-timeout:
			fmt.Printf("%d of %d players loaded\n", loaded, len(players))
			return
		}
	}
	fmt.Println("all players loaded")
}

func main() {
	run()
	leakprobe.Done()
}
