package gs2001

import (
	"context"
	"log"
	"sync"
)

// workers runs background loops it can wait for.
type workers struct{ wg sync.WaitGroup }

// spawn runs loop in a goroutine: the goroutine is the loop the caller passes.
func (w *workers) spawn(loop func()) {
	w.wg.Add(1)
	go func() { // want `GS2001: goroutine never exits: .* started on every call of Relay`
		defer w.wg.Done()
		loop()
	}()
}

// Relay forwards events forever: its loop has no way out.
func (w *workers) Relay(in <-chan Event, out chan<- Event) {
	w.spawn(func() {
		for {
			select {
			case e := <-in:
				out <- e
			case out <- Event{Key: "tick"}:
			}
		}
	})
}

// RelayUntil forwards events until its context is done: the same helper, a loop that ends.
func (w *workers) RelayUntil(ctx context.Context, in <-chan Event) {
	w.spawn(func() { // ok: ctx.Done() ends the loop
		for {
			select {
			case e := <-in:
				log.Println(e.Key)
			case <-ctx.Done():
				return
			}
		}
	})
}
