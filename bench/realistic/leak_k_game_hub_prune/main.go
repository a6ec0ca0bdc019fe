// Match hub that broadcasts game state to players: broadcast holds the read lock while removing a dropped player under the write lock, so the broadcast loop deadlocks and the next Join blocks behind it.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

func run() {
	hub := NewHub()
	defer hub.Close()
	hub.Join(&Player{ID: "p1", connected: true})
	hub.Join(&Player{ID: "p2", connected: false})
	hub.Publish("tick 1: flag at mid")
	time.Sleep(20 * time.Millisecond)

	joined := make(chan int, 1)
	go func() {
		hub.Join(&Player{ID: "p3", connected: true})
		joined <- hub.Count()
	}()
	select {
	case n := <-joined:
		fmt.Println("players in match:", n)
	case <-time.After(150 * time.Millisecond):
		fmt.Println("join timed out")
	}
}

func main() {
	run()
	leakprobe.Done()
}
