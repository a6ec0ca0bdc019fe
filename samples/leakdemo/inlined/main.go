// Command inlined leaks goroutines blocked inside a small function that the compiler
// inlines into the goroutine's literal, so one profile location holds two frames. It
// writes its goroutine profiles with -out DIR.
package main

import (
	"flag"

	"gostuck.dev/samples/leakdemo/dump"
)

// send is small enough to be inlined into its callers.
func send(ch chan<- int, v int) {
	ch <- v
}

// produce offers a value that nobody takes.
func produce(v int) {
	ch := make(chan int)
	go func() { // want "GS1002"
		send(ch, v)
	}()
}

func main() {
	flag.Parse()
	for i := range 8 {
		produce(i)
	}
	dump.Must(dump.Write())
}
