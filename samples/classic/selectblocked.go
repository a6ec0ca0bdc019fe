package classic

import (
	"context"
	"log"
	"time"
)

// Update is a config change pushed to subscribers.
type Update struct{ Key, Value string }

// Follow forwards updates and logs a heartbeat, with no case that ends the loop: a new
// goroutine is left running on every call.
func Follow(updates <-chan Update, apply func(Update)) {
	heartbeat := time.NewTicker(time.Minute)
	go func() { // want "GS2001"
		for {
			select {
			case u := <-updates:
				apply(u)
			case <-heartbeat.C:
				log.Println("still following")
			}
		}
	}()
}

// Park keeps a goroutine alive with an empty select.
func Park(name string) {
	go func() { // want "GS2002"
		log.Println("parked", name)
		select {}
	}()
}

// Poll checks a flag forever.
func Poll(check func() bool) {
	go func() { // want "GS4001"
		for {
			if check() {
				log.Println("flag set")
			}
			time.Sleep(time.Second)
		}
	}()
}

// FollowCancellable returns when ctx is done.
func FollowCancellable(ctx context.Context, updates <-chan Update, apply func(Update)) {
	heartbeat := time.NewTicker(time.Minute)
	go func() { // ok: the ctx.Done case returns
		defer heartbeat.Stop()
		for {
			select {
			case u := <-updates:
				apply(u)
			case <-heartbeat.C:
				log.Println("still following")
			case <-ctx.Done():
				return
			}
		}
	}()
}

// Disable turns off a select case by setting its channel to nil, the usual idiom.
func Disable(in <-chan int, out chan<- int) {
	go func() { // ok: a nil channel only disables its case; the loop ends when in is closed
		var pending []int
		for {
			var send chan<- int
			var next int
			if len(pending) > 0 {
				send, next = out, pending[0]
			}
			select {
			case v, ok := <-in:
				if !ok {
					return
				}
				pending = append(pending, v)
			case send <- next:
				pending = pending[1:]
			}
		}
	}()
}

func init() {
	go func() { // ok: started once from init, meant to live as long as the process
		for {
			time.Sleep(time.Hour)
			log.Println("hourly")
		}
	}()
}
