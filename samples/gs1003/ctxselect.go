package gs1003

import (
	"context"
	"log"
	"time"
)

// A select case on ctx.Done() is a way out only if something can cancel the context.

// pollForever's loop ends on "stop" or on a context nothing can cancel (the ticker only
// goes round again): only "stop" can end it, and pollForever never closes it.
func pollForever(name string) {
	ctx := context.Background()
	stop := make(chan struct{})
	tick := time.NewTicker(time.Second)
	go func() { // want `GS1003: .*"stop": pollForever never sends on it or closes it`
		for {
			select {
			case <-tick.C:
				log.Println("tick", name)
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	log.Println("polling", name)
}

// PollAll starts the poller.
func PollAll() { pollForever("all") }

// relay owns a context that no one can cancel.
type relay struct {
	ctx  context.Context
	tick <-chan time.Time
}

func newRelay() *relay {
	return &relay{ctx: context.WithoutCancel(context.TODO()), tick: time.Tick(time.Second)}
}

func (r *relay) forward(name string) {
	quit := make(chan bool)
	go func() { // want `GS1003: .*"quit": forward never sends on it or closes it`
		for {
			select {
			case <-r.tick:
				log.Println("tick", name)
			case <-quit:
				return
			case <-r.ctx.Done():
				return
			}
		}
	}()
	log.Println("forwarding", name)
}

// Forward relays on a fresh relay.
func Forward() { newRelay().forward("x") }

// ---- look-alikes whose context can be done

// PollCaller waits on its caller's context: the caller may cancel it.
func PollCaller(ctx context.Context, name string) {
	stop := make(chan struct{})
	go func() { // ok: the context comes from the caller of an exported function
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	log.Println("polling", name)
}

// pollTimeout's context times out.
func pollTimeout(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = cancel
	stop := make(chan struct{})
	go func() { // ok: the context's deadline ends the loop
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	log.Println("polling", name)
}

// pollDeferred cancels its context when it returns.
func pollDeferred(name string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := make(chan struct{})
	go func() { // ok: the deferred cancel ends the loop
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	log.Println("polling", name)
}

// pollCancelled cancels its context once the work is done.
func pollCancelled(name string) {
	ctx, cancel := context.WithCancel(context.Background())
	stop := make(chan struct{})
	go func() { // ok: cancel runs after the log line
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	log.Println("polling", name)
	cancel()
}

// PollLooks runs the look-alikes.
func PollLooks() {
	pollTimeout("t")
	pollDeferred("d")
	pollCancelled("c")
}
