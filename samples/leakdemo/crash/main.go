// Command crash leaks goroutines and then dies in one of the ways that print every
// goroutine's traceback: -mode=panic (run with GOTRACEBACK=all), -mode=deadlock (all
// goroutines are asleep) or -mode=sigquit (prints "ready", then waits for SIGQUIT).
package main

import (
	"flag"
	"fmt"
	"os"
	"sync"
	"time"

	"gostuck.dev/samples/leakdemo/dump"
)

// worker waits for jobs on a channel that is never closed.
func worker(jobs <-chan int, wg *sync.WaitGroup) {
	for j := range jobs {
		_ = j
		wg.Done()
	}
}

// start runs n workers on one jobs channel.
func start(n int, wg *sync.WaitGroup) chan<- int {
	jobs := make(chan int)
	for range n {
		go worker(jobs, wg) // want `GS3001: range over "jobs" never ends: main never closes the channel`
	}
	return jobs
}

func main() {
	mode := flag.String("mode", "panic", "panic, deadlock or sigquit")
	flag.Parse()
	var wg sync.WaitGroup
	jobs := start(3, &wg)
	dump.Settle()
	switch *mode {
	case "panic":
		panic("crash: giving up")
	case "deadlock":
		wg.Add(1)
		jobs <- 1
		wg.Add(1)
		wg.Wait()
	case "sigquit":
		fmt.Println("ready")
		time.Sleep(time.Hour)
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", *mode)
		os.Exit(2)
	}
}
