// Package gs1004 holds samples for GS1004: a goroutine sends or receives on a channel that
// was declared but never made, so it is nil and blocks forever.
package gs1004

import (
	"fmt"
	"time"
)

// Event is something that happened.
type Event struct {
	At   time.Time
	Name string
}

// Publish forgets to make the channel before the goroutine sends on it.
func Publish(name string) {
	var events chan Event
	go func() { // want `GS1004: goroutine blocks forever sending on nil channel "events"`
		events <- Event{At: time.Now(), Name: name}
	}()
	fmt.Println("published", name, len(events))
}

// Drain declares its channel inside the goroutine and never makes it.
func Drain() {
	go func() { // want `GS1004: goroutine blocks forever receiving from nil channel "in"`
		var in chan string
		for s := range in {
			fmt.Println(s)
		}
	}()
}

// Ticker disables a select case with a nil channel, which is an idiom, not a leak.
func Ticker(d time.Duration, enabled bool, stop <-chan struct{}) {
	go func() { // ok: the nil channel only disables a select case
		var tick <-chan time.Time
		if enabled {
			t := time.NewTicker(d)
			defer t.Stop()
			tick = t.C
		}
		for {
			select {
			case <-tick:
				fmt.Println("tick")
			case <-stop:
				return
			}
		}
	}()
}

// PublishMade makes the channel before anyone uses it.
func PublishMade(name string) {
	var events chan Event
	events = make(chan Event, 1)
	go func() { // ok: events is made before the goroutine starts
		events <- Event{At: time.Now(), Name: name}
	}()
	fmt.Println((<-events).Name)
}
