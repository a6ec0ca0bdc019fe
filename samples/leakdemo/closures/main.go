// Command closures leaks goroutines started from function literals: a send stranded by an
// early return, literals nested in a literal, a select with no cases and a range over a
// channel nobody closes. It writes its goroutine profiles with -out DIR.
package main

import (
	"flag"

	"gostuck.dev/samples/leakdemo/dump"
)

// fetch starts a worker and returns before receiving its result when early is set.
func fetch(early bool) int {
	ch := make(chan int)
	go func() { // want "GS1001"
		ch <- 42
	}()
	if early {
		return 0
	}
	return <-ch
}

// fanOut's second literal starts three more; the compiler names them fanOut.func2.1.
func fanOut() {
	ready := make(chan bool, 1)
	mark := func() { ready <- true }
	go func() {
		for range 3 {
			never := make(chan int)
			go func() { // want "GS1003"
				<-never
			}()
		}
		mark()
	}()
	<-ready
}

// idle parks a goroutine for good.
func idle() {
	go func() { // want "GS2002"
		select {}
	}()
}

// consume hands one job to a worker that waits for more that never come.
func consume() {
	jobs := make(chan int)
	go func() { // want "GS3001"
		for j := range jobs {
			_ = j
		}
	}()
	jobs <- 1
}

func main() {
	flag.Parse()
	for range 7 {
		fetch(true)
	}
	fanOut()
	idle()
	idle()
	for range 4 {
		consume()
	}
	dump.Must(dump.Write())
}
