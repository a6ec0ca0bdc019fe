package main

import (
	"fmt"
	"time"
)

// sessionTracker follows one websocket session on the presence topic and
// writes a summary row when the session closes.
type sessionTracker struct {
	session    string
	bus        *Bus
	heartbeats int
	summaries  chan<- string
}

func (t *sessionTracker) run(sub *Subscriber) {
	for m := range sub.C() {
		if m.Session != t.session {
			continue
		}
		switch m.Kind {
		case "heartbeat":
			t.heartbeats++
		case "closed":
			t.persistSummary()
			t.bus.Unsubscribe(sub)
			return
		}
	}
}

func (t *sessionTracker) persistSummary() {
	time.Sleep(40 * time.Millisecond) // INSERT INTO session_summaries ...
	t.summaries <- fmt.Sprintf("session %s: %d heartbeats", t.session, t.heartbeats)
}

// gateway replays the frames read from one websocket connection onto the bus.
func gateway(bus *Bus, frames []Message, finished chan<- int) {
	for _, f := range frames {
		bus.Publish(f)
	}
	finished <- len(frames)
}
