// Package gs2001 holds samples for GS2001: a goroutine loops over a select that no case can
// end, and it is started on every call.
package gs2001

import (
	"context"
	"log"
	"time"
)

// Event is a change to watch.
type Event struct{ Key string }

// Subscribe forwards events and flushes on a ticker, forever: ctx is never consulted.
func Subscribe(ctx context.Context, feed <-chan Event, out func(Event)) {
	ticker := time.NewTicker(time.Second)
	go func() { // want `GS2001: goroutine never exits: no case of its select loop returns or breaks out, and it is started on every call of Subscribe`
		for {
			select {
			case e := <-feed:
				out(e)
			case <-ticker.C:
				log.Println("flush")
			}
		}
	}()
	_ = ctx
}

// Mirror copies between two channels with no way to stop.
func Mirror(a <-chan Event, b chan<- Event) {
	go func() { // want "GS2001"
		for {
			select {
			case e := <-a:
				b <- e
			case b <- Event{Key: "heartbeat"}:
			}
		}
	}()
}

// Batch starts a batcher per call over channels it owns, and never stops it.
func Batch(ctx context.Context, items []string) []string {
	in := make(chan string)
	flush := make(chan []string)
	go func() { // want `GS2001: .*started on every call of Batch`
		var batch []string
		for {
			select {
			case s := <-in:
				batch = append(batch, s)
			case flush <- batch:
				batch = nil
			}
		}
	}()
	for _, s := range items {
		in <- s
	}
	if ctx.Err() != nil {
		return nil
	}
	return <-flush
}

// SubscribeCancellable ends when ctx is done.
func SubscribeCancellable(ctx context.Context, feed <-chan Event, out func(Event)) {
	go func() { // ok: the ctx.Done case returns
		for {
			select {
			case e := <-feed:
				out(e)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// SubscribeUntilClosed returns when the feed is closed.
func SubscribeUntilClosed(feed <-chan Event, out func(Event)) {
	go func() { // ok: a closed feed ends the loop
		for {
			select {
			case e, ok := <-feed:
				if !ok {
					return
				}
				out(e)
			}
		}
	}()
}

var global = make(chan Event)

func init() {
	go func() { // ok: started once from init, meant to live as long as the process
		for {
			select {
			case e := <-global:
				log.Println(e.Key)
			}
		}
	}()
}
