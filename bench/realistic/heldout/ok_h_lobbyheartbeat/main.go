// Game lobby server that keeps a heartbeat going for every waiting player. Correct: Leave closes the player's session before dropping it, and Shutdown closes the rest, so every heartbeat goroutine stops.
package main

import (
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	lobby := NewLobby(10 * time.Millisecond)
	conns := map[string]*Conn{}
	for _, id := range []string{"p-ash", "p-birch", "p-cedar", "p-dune"} {
		conns[id] = &Conn{PlayerID: id}
		if err := lobby.Join(conns[id]); err != nil {
			fmt.Println(err)
		}
	}
	time.Sleep(25 * time.Millisecond)

	// p-ash and p-cedar get matched into a 1v1; p-dune rage-quits.
	for _, id := range []string{"p-ash", "p-cedar", "p-dune"} {
		lobby.Leave(id)
	}
	fmt.Println("still waiting:", lobby.Players())
	for _, id := range []string{"p-ash", "p-birch", "p-cedar", "p-dune"} {
		fmt.Printf("%s pinged: %v\n", id, conns[id].pings.Load() > 0)
	}
	lobby.Shutdown()

	leakprobe.Done()
}
