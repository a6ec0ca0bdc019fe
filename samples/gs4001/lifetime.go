package gs4001

import (
	"context"
	"log"
	"time"
)

// heartbeat reports liveness on every tick of its ticker, for as long as the ticker runs.
func heartbeat(name string) {
	t := time.NewTicker(time.Second)
	go func() { // want `GS4001: goroutine never exits`
		defer t.Stop()
		for range t.C {
			log.Println("alive", name)
		}
	}()
}

// serveAll starts a heartbeat per connection: a ticker's channel is never closed, so each
// one runs forever.
func serveAll(conns []string) {
	for _, c := range conns {
		heartbeat(c)
	}
}

// heartbeatUntil ranges over the same kind of ticker but returns once ctx is done.
func heartbeatUntil(ctx context.Context, name string) {
	t := time.NewTicker(time.Second)
	go func() { // ok: the loop returns when ctx is done
		defer t.Stop()
		for range t.C {
			if ctx.Err() != nil {
				return
			}
			log.Println("alive", name)
		}
	}()
}

// serveAllUntil starts a heartbeat per connection that ends with ctx.
func serveAllUntil(ctx context.Context, conns []string) {
	for _, c := range conns {
		heartbeatUntil(ctx, c)
	}
}

// drain ranges over a channel its caller closes: the loop ends.
func drain(in <-chan string) {
	go func() { // ok: ranging over a channel that can be closed
		for s := range in {
			log.Println(s)
		}
	}()
}

var (
	_ = serveAll
	_ = serveAllUntil
	_ = drain
)
