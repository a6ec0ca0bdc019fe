// Command parks leaks goroutines that could block at more than one place: at a second send,
// at one of two sends on different paths, at a wait before a send (a receive nothing sends
// on, a WaitGroup, a context nothing cancels, in a helper), at a send before a wait. Each
// finding names where the goroutineleak profile shows the goroutine parked
// (tests/e2e/test_sample_frames.py runs it); a goroutine that stops for good at a wait is
// not reported again at a send it never gets to.
package main

import (
	"context"
	"sync"
)

// twoSends takes one of two values.
func twoSends() int {
	ch := make(chan int)
	go func() { // want `GS1002: more sends on "ch" than receives`
		ch <- 1
		ch <- 2
	}()
	return <-ch
}

// errOrValue gives up before the worker reports.
func errOrValue(fail bool) {
	ch := make(chan int)
	go func() { // want `GS1002: more sends on "ch" than receives`
		if fail {
			ch <- -1
			return
		}
		ch <- 42
	}()
}

// gated never opens the gate: the goroutine parks at <-start, never at its send.
func gated() {
	start := make(chan struct{})
	out := make(chan int)
	go func() { // want `GS1003: goroutine blocks forever receiving from "start"`
		<-start
		out <- 1
	}()
}

// waitedSend waits for a worker that never comes: it parks in wg.Wait, before its send.
func waitedSend() {
	var wg sync.WaitGroup
	wg.Add(1)
	out := make(chan int)
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait"`
		wg.Wait()
		out <- 1
	}()
}

// replyThenWait answers once, then waits for a done that never comes.
func replyThenWait() int {
	ch := make(chan int)
	done := make(chan struct{})
	go func() { // want `GS1003: goroutine blocks forever receiving from "done"`
		ch <- 1
		<-done
	}()
	return <-ch
}

// viaHelper sends from a function in another file.
func viaHelper() {
	ch := make(chan string)
	go func() { // want `GS1002: more sends on "ch" than receives`
		deliver(ch, "x")
	}()
}

// loopSends sends three values, one of which is taken.
func loopSends() int {
	ch := make(chan int)
	go func() { // want `GS1002: more sends on "ch" than receives`
		for i := 0; i < 3; i++ {
			ch <- i
		}
	}()
	return <-ch
}

// sendThenWait sends a result nobody takes: it parks there, never waiting for done.
func sendThenWait() {
	ch := make(chan int)
	done := make(chan struct{})
	go func() { // want `GS1002: more sends on "ch" than receives`
		ch <- 1
		<-done
	}()
}

// watcher holds a context that only Stop cancels, and nothing calls Stop.
type watcher struct {
	ctx  context.Context
	stop context.CancelFunc
}

// Stop cancels the watcher's context.
func (w *watcher) Stop() { w.stop() }

// waitCtx waits for a context nothing cancels: it parks there, before its send.
func waitCtx() {
	w := &watcher{}
	w.ctx, w.stop = context.WithCancel(context.Background())
	out := make(chan int)
	go func() { // want `GS1003: goroutine blocks forever on "w.ctx.Done\(\)"`
		<-w.ctx.Done()
		out <- 1
	}()
}

// awaitStart waits in a helper for a start that never comes: it parks in wait.
func awaitStart() {
	start := make(chan struct{})
	out := make(chan int)
	go func() { // want `GS1003: goroutine blocks forever receiving from "start"`
		wait(start)
		out <- 1
	}()
}

func main() {
	twoSends()
	errOrValue(true)
	errOrValue(false)
	gated()
	waitedSend()
	replyThenWait()
	viaHelper()
	loopSends()
	sendThenWait()
	waitCtx()
	awaitStart()
}
