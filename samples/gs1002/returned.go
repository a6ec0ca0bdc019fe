package gs1002

import (
	"context"
	"time"
)

// heartbeats sends the time, for ever.
func heartbeats(every time.Duration) <-chan time.Time {
	c := make(chan time.Time)
	go func() { // want `GS1002: more sends on "c" than receives: the goroutine keeps sending but FirstBeat receives only once` "GS4001"
		for {
			time.Sleep(every)
			c <- time.Now()
		}
	}()
	return c
}

// FirstBeat takes one beat and leaves the generator sending into the void.
func FirstBeat() time.Time {
	return <-heartbeats(time.Millisecond)
}

// pair sends two values on a channel it returns.
func pair(a, b int) <-chan int {
	out := make(chan int)
	go func() { // want `GS1002: more sends on "out" than receives: the goroutine can send twice but Left receives only once`
		out <- a
		out <- b
	}()
	return out
}

// Left wants only the first of the pair.
func Left(a, b int) int {
	ch := pair(a, b)
	return <-ch
}

// BothOfPair takes both values.
func BothOfPair(a, b int) (int, int) {
	ch := pair(a, b) // ok: two sends, two receives
	return <-ch, <-ch
}

// pairBuffered has room for the value nobody takes.
func pairBuffered(a, b int) <-chan int {
	out := make(chan int, 1)
	go func() { // ok: the buffer takes the second send
		out <- a
		out <- b
	}()
	return out
}

// LeftBuffered wants only the first value.
func LeftBuffered(a, b int) int {
	return <-pairBuffered(a, b)
}

// beatsUntil sends until the caller's ctx is done.
func beatsUntil(ctx context.Context, every time.Duration) <-chan time.Time {
	c := make(chan time.Time)
	go func() { // ok: the caller's cancel ends it
		for {
			select {
			case c <- time.Now():
			case <-ctx.Done():
				return
			}
			time.Sleep(every)
		}
	}()
	return c
}

// FirstBeatUntil takes one beat and cancels the rest.
func FirstBeatUntil() time.Time {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return <-beatsUntil(ctx, time.Millisecond)
}
