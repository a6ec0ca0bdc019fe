// Match hub that broadcasts game state to players: dropped players are collected under the read lock and removed after it is released.
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
