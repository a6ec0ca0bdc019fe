// Package audit records events through a writer goroutine. Its Recorder must be made with
// New: a Recorder built as a literal in another package leaves its channel nil.
package audit

import (
	"fmt"
	"sync"
)

// Recorder hands events to a writer goroutine.
type Recorder struct {
	Prefix string

	events chan string
	wg     sync.WaitGroup
}

// New returns a Recorder whose writer prints each event.
func New(prefix string) *Recorder {
	r := &Recorder{Prefix: prefix, events: make(chan string, 16)}
	r.wg.Add(1)
	go func() { // ok: ends when Close closes the channel
		defer r.wg.Done()
		for e := range r.events {
			fmt.Println(r.Prefix, e)
		}
	}()
	return r
}

// Record hands one event to the writer without waiting for it.
func (r *Recorder) Record(event string) {
	go r.send(event) // want `GS1004: goroutine blocks forever sending on nil channel field "events": it gets a Recorder made in another package`
}

func (r *Recorder) send(event string) {
	r.events <- event
}

// Close stops the writer once it has written every event.
func (r *Recorder) Close() {
	close(r.events)
	r.wg.Wait()
}
