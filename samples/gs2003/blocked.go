// Package gs2003 holds samples for GS2003: a goroutine waits in a select whose every
// case is on a channel its starter made and nobody can ever partner.
package gs2003

import (
	"context"
	"log"
	"time"
)

// Watch waits for a result or a stop signal that nothing ever delivers.
func Watch() {
	a, b := make(chan int), make(chan int)
	go func() { // want `GS2003: goroutine blocks forever in a select: no one sends on "a" or "b" or closes them`
		select {
		case v := <-a:
			log.Println("result", v)
		case <-b:
			log.Println("stopped")
		}
	}()
}

// Publish offers a value on an unbuffered channel nobody receives from.
func Publish(v int) {
	out := make(chan int)
	go func() { // want `GS2003: goroutine blocks forever in a select: no one receives from "out"`
		select {
		case out <- v:
		}
	}()
	log.Println("published", len(out))
}

// Mixed receives on one dead channel and sends on another.
func Mixed(v string) {
	in := make(chan string)
	out := make(chan string)
	go func() { // want `no one sends on "in" or closes it, and no one receives from "out"`
		select {
		case s := <-in:
			log.Println(s)
		case out <- v:
		}
	}()
}

// worker waits on what it is given.
func worker(jobs <-chan int, quit <-chan struct{}) {
	select {
	case j := <-jobs:
		log.Println("job", j)
	case <-quit:
	}
}

// Spawn hands its channels to a worker and forgets them.
func Spawn() {
	jobs := make(chan int)
	quit := make(chan struct{})
	go worker(jobs, quit) // want `GS2003: goroutine blocks forever in a select: no one sends on "jobs" or "quit" or closes them`
}

// Cancellable has a case on ctx.Done(): cancelling the context ends the wait.
func Cancellable(ctx context.Context) {
	a := make(chan int)
	go func() { // ok: ctx.Done() is a way out
		select {
		case <-a:
		case <-ctx.Done():
		}
	}()
}

// Timed gives up after a second.
func Timed() {
	a := make(chan int)
	go func() { // ok: time.After fires
		select {
		case <-a:
		case <-time.After(time.Second):
		}
	}()
}

// Deferred closes the channel when it returns.
func Deferred() {
	done := make(chan struct{})
	defer close(done)
	go func() { // ok: the deferred close in the parent ends the wait
		select {
		case <-done:
		}
	}()
	log.Println("working")
}

// Handed passes the channel to code that may send on it.
func Handed() {
	a := make(chan int)
	register(a)
	go func() { // ok: register may send on a
		select {
		case <-a:
		}
	}()
}

// Buffered sends into a buffer with room.
func Buffered(v int) {
	out := make(chan int, 1)
	go func() { // ok: the buffer takes the send
		select {
		case out <- v:
		}
	}()
}

// Polled never blocks: the select has a default.
func Polled() {
	a := make(chan int)
	go func() { // ok: default makes the select non-blocking
		select {
		case <-a:
		default:
		}
	}()
}

// Fed sends on the channel after starting the goroutine.
func Fed() {
	a, b := make(chan int), make(chan int)
	go func() { // ok: the parent sends on a
		select {
		case <-a:
		case <-b:
		}
	}()
	a <- 1
}

// Partnered has another goroutine receive what this one sends.
func Partnered(v int) {
	out := make(chan int)
	go func() { // ok: the goroutine below receives
		select {
		case out <- v:
		}
	}()
	go func() {
		log.Println(<-out)
	}()
}

// Param selects on a channel it was given: the caller may send on it.
func Param(in chan int) {
	go func() { // ok: in is a parameter, its partner may be the caller
		select {
		case <-in:
		}
	}()
}

// Stored keeps the channel in a global where anyone may use it.
func Stored() {
	a := make(chan int)
	global = a
	go func() { // ok: the channel escapes into a global
		select {
		case <-a:
		}
	}()
}

var global chan int

func register(ch chan int) { global = ch }
