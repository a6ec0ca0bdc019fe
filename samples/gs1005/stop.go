package gs1005

import (
	"context"
	"fmt"
)

// Tally prints counts until stop is closed, which the function does right away.
func Tally(words []string) {
	counts := make(chan int)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case n := <-counts:
				fmt.Println(n)
			case <-stop:
				return
			}
		}
	}()
	go func() { // want `GS1005: goroutine can block forever sending on "counts": the goroutine serving it returns once "stop" fires`
		counts <- len(words)
	}()
	close(stop)
}

// TallyAfterSend closes stop from the sender itself, after its last send.
func TallyAfterSend(words []string) {
	counts := make(chan int)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case n := <-counts:
				fmt.Println(n)
			case <-stop:
				return
			}
		}
	}()
	go func() { // ok: stop is closed by the same goroutine once its send is done
		counts <- len(words)
		close(stop)
	}()
}

// TallyBuffered has room for the one count.
func TallyBuffered(words []string) {
	counts := make(chan int, 1)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case n := <-counts:
				fmt.Println(n)
			case <-stop:
				return
			}
		}
	}()
	go func() { // ok: the buffer takes the one send whether or not the loop is there
		counts <- len(words)
	}()
	close(stop)
}

// TallyAcked waits for the sender's acknowledgement before stopping.
func TallyAcked(words []string) {
	counts := make(chan int)
	stop := make(chan struct{})
	sent := make(chan struct{})
	go func() {
		for {
			select {
			case n := <-counts:
				fmt.Println(n)
			case <-stop:
				return
			}
		}
	}()
	go func() { // ok: stop is closed after the owner hears the send is done
		counts <- len(words)
		close(sent)
	}()
	<-sent
	close(stop)
}

// TallyStopper stops from a goroutine that first waits for the sender.
func TallyStopper(words []string) {
	counts := make(chan int)
	stop := make(chan struct{})
	sent := make(chan struct{})
	go func() {
		for {
			select {
			case n := <-counts:
				fmt.Println(n)
			case <-stop:
				return
			}
		}
	}()
	go func() { // ok: the stopper waits for sent before closing stop
		counts <- len(words)
		close(sent)
	}()
	go func() {
		<-sent
		close(stop)
	}()
}

// TallyDrain keeps receiving after stop until the sender closes counts.
func TallyDrain(words []string) {
	counts := make(chan int)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case n := <-counts:
				fmt.Println(n)
			case <-stop:
				for n := range counts {
					fmt.Println(n)
				}
				return
			}
		}
	}()
	go func() { // ok: after stop the loop drains counts until it is closed
		defer close(counts)
		counts <- len(words)
	}()
	close(stop)
}

// TallyKeepsGoing treats stop as a pause, not an exit.
func TallyKeepsGoing(words []string) {
	counts := make(chan int)
	stop := make(chan struct{})
	go func() { // want "GS2001: goroutine never exits"
		paused := false
		for {
			select {
			case n := <-counts:
				if !paused {
					fmt.Println(n)
				}
			case <-stop:
				paused = true
				stop = nil
			}
		}
	}()
	go func() { // ok: the loop never leaves, so the send always finds it
		counts <- len(words)
	}()
	close(stop)
}

// Watch logs events until the function returns and cancels the context.
func Watch(parent context.Context, name string) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	events := make(chan string)
	go func() {
		for {
			select {
			case e := <-events:
				fmt.Println(e)
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { // want `GS1005: goroutine can block forever sending on "events": the goroutine serving it returns once "ctx" is done`
		events <- name
	}()
}

// WatchGuarded sends with a way out.
func WatchGuarded(parent context.Context, name string) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	events := make(chan string)
	go func() {
		for {
			select {
			case e := <-events:
				fmt.Println(e)
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { // ok: the send gives up once ctx is done
		select {
		case events <- name:
		case <-ctx.Done():
		}
	}()
}

// Sample takes one value from a producer that stops when quit is closed, which the
// function does right away.
func Sample() {
	ticks := make(chan int)
	quit := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			select {
			case ticks <- i:
			case <-quit:
				return
			}
		}
	}()
	go func() { // want `GS1005: goroutine can block forever receiving from "ticks": the goroutine serving it returns once "quit" fires`
		fmt.Println(<-ticks)
	}()
	close(quit)
}

// SampleGuarded gives up with the producer.
func SampleGuarded() {
	ticks := make(chan int)
	quit := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			select {
			case ticks <- i:
			case <-quit:
				return
			}
		}
	}()
	go func() { // ok: the receive also watches quit
		select {
		case v := <-ticks:
			fmt.Println(v)
		case <-quit:
		}
	}()
	close(quit)
}
