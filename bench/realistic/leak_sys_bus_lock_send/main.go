// Presence service where websocket gateways publish session events on an in-process bus. Leak: Publish holds the bus mutex while blocking on a subscriber's channel, and that subscriber calls Unsubscribe (which needs the same mutex) after a session closes, so the gateway and the tracker deadlock each other.
package main

import (
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	bus := NewBus()

	summaries := make(chan string, 1)
	tracker := &sessionTracker{session: "ws-7f3a", bus: bus, summaries: summaries}
	go tracker.run(bus.Subscribe("presence"))

	frames := []Message{
		{Topic: "presence", Kind: "opened", Session: "ws-7f3a", At: 1},
		{Topic: "presence", Kind: "heartbeat", Session: "ws-7f3a", At: 2},
		{Topic: "presence", Kind: "heartbeat", Session: "ws-7f3a", At: 3},
		{Topic: "presence", Kind: "closed", Session: "ws-7f3a", At: 4},
		// a heartbeat that was already in flight when the client hung up
		{Topic: "presence", Kind: "heartbeat", Session: "ws-7f3a", At: 5},
	}
	finished := make(chan int, 1)
	go gateway(bus, frames, finished)

	deadline := time.After(150 * time.Millisecond)
	for pending := 2; pending > 0; pending-- {
		select {
		case n := <-finished:
			fmt.Printf("gateway: replayed %d frames\n", n)
		case s := <-summaries:
			fmt.Println(s)
		case <-deadline:
			log.Printf("presence pipeline stalled (%d step(s) outstanding)", pending)
			pending = 0
		}
	}

	leakprobe.Done()
}
