package gs1002

import "time"

// Echo answers once per request: one request, one answer read.
func Echo(x int) int {
	requests := make(chan int)
	answers := make(chan int)
	stop := make(chan struct{})
	go func() { // ok: one answer per request, and Echo sends one request
		for {
			select {
			case v := <-requests:
				answers <- v * 2
			case <-stop:
				return
			}
		}
	}()
	requests <- x
	r := <-answers
	close(stop)
	return r
}

// Square answers each value it takes until its input is closed.
func Square(x int) int {
	in := make(chan int)
	out := make(chan int)
	go func() { // ok: one answer per value taken from in
		for {
			v, ok := <-in
			if !ok {
				return
			}
			out <- v * v
		}
	}()
	in <- x
	r := <-out
	close(in)
	return r
}

// Negate answers each value it ranges over.
func Negate(a, b int) int {
	in := make(chan int)
	out := make(chan int)
	go func() { // ok: one answer per value of in, and Negate reads both
		for v := range in {
			out <- -v
		}
	}()
	in <- a
	r := <-out
	in <- b
	r += <-out
	close(in)
	return r
}

// Heartbeat sends on every tick, which never runs out: the one beat read leaves it stuck.
func Heartbeat(every time.Duration) {
	beats := make(chan time.Time)
	t := time.NewTicker(every)
	go func() { // want `GS1002: more sends on "beats" than receives`
		for {
			select {
			case now := <-t.C:
				beats <- now
			case <-time.After(time.Hour):
				return
			}
		}
	}()
	<-beats
	t.Stop()
}
