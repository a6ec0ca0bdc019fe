// Command generics leaks goroutines in generic code: a generic function run as a goroutine
// (main.Recv[...] in profiles) and a literal in a method of a generic type
// ((*Box[...]).Publish.func1). It writes its goroutine profiles with -out DIR.
package main

import (
	"flag"

	"gostuck.dev/samples/leakdemo/dump"
)

// Recv returns the next value from ch.
func Recv[T any](ch chan T) T {
	return <-ch
}

// listen waits on a channel that nobody else holds.
func listen() {
	go Recv(make(chan string)) // want "GS1003"
}

// Box holds a value to publish.
type Box[T any] struct{ v T }

// Publish offers the value on a channel that nobody reads.
func (b *Box[T]) Publish() {
	out := make(chan T)
	go func() { // want "GS1002"
		out <- b.v
	}()
}

func main() {
	flag.Parse()
	for range 3 {
		listen()
	}
	b := &Box[int]{v: 1}
	for range 6 {
		b.Publish()
	}
	dump.Must(dump.Write())
}
