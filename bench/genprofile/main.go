// Command genprofile starts many blocked goroutines and writes their goroutine profile, so
// gostuck's benchmark and tests have large profiles of a known shape.
//
//	genprofile -n 1000000 -labels unique -debug 0 -out big.pb.gz
//
// The goroutines are spread over eight shapes (chan send, chan receive, select, select {},
// WaitGroup.Wait, Mutex.Lock, Cond.Wait, sleep), one `go` statement each.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"
)

var (
	n      = flag.Int("n", 1000, "number of goroutines to start")
	labels = flag.String("labels", "none", "none, shared (one label set per shape) or unique (one per goroutine)")
	debug  = flag.Int("debug", 0, "debug level passed to WriteTo: 0, 1 or 2")
	name   = flag.String("name", "goroutine", "profile to write: goroutine or goroutineleak")
	out    = flag.String("out", "", "output file (default stdout)")
)

// Shared primitives that the goroutines block on forever.
var (
	sendTo   = make(chan int) // nobody receives from it
	recvFrom = make(chan int) // nobody sends to it
	mu       sync.Mutex
	wg       sync.WaitGroup
	cond     = sync.NewCond(&sync.Mutex{})
	started  sync.WaitGroup
)

func sendForever() { started.Done(); sendTo <- 1 }
func recvForever() { started.Done(); <-recvFrom }
func selectForever() {
	started.Done()
	select {
	case <-recvFrom:
	case sendTo <- 1:
	}
}
func parkForever()  { started.Done(); select {} }
func waitForever()  { started.Done(); wg.Wait() }
func lockForever()  { started.Done(); mu.Lock() }
func sleepForever() { started.Done(); time.Sleep(24 * time.Hour) }
func condForever() {
	cond.L.Lock()
	started.Done()
	cond.Wait()
}

var shapes = []func(){sendForever, recvForever, selectForever, parkForever, waitForever, lockForever, condForever, sleepForever}

func spawn(i int) {
	switch i % len(shapes) {
	case 0:
		go sendForever()
	case 1:
		go recvForever()
	case 2:
		go selectForever()
	case 3:
		go parkForever()
	case 4:
		go waitForever()
	case 5:
		go lockForever()
	case 6:
		go condForever()
	default:
		go sleepForever()
	}
}

// settle waits until the goroutines have reached the operation they block on: none is
// runnable and at most this one is running. Checking walks every stack, so above 200k
// goroutines it only gives them a moment; a few may then show where they are about to block.
func settle(n int) {
	for range 5 {
		runtime.Gosched()
		time.Sleep(20 * time.Millisecond)
	}
	if n > 200_000 {
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var b bytes.Buffer
		if err := pprof.Lookup("goroutine").WriteTo(&b, 2); err != nil {
			return
		}
		text := b.String()
		if !strings.Contains(text, "[runnable") && strings.Count(text, "[running") <= 1 {
			return
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
}

func main() {
	flag.Parse()
	mu.Lock()
	wg.Add(1)
	started.Add(*n)
	ctx := context.Background()
	for i := range *n {
		switch *labels {
		case "unique":
			pprof.Do(ctx, pprof.Labels("request", strconv.Itoa(i), "shape", strconv.Itoa(i%len(shapes))), func(context.Context) { spawn(i) })
		case "shared":
			pprof.Do(ctx, pprof.Labels("shape", strconv.Itoa(i%len(shapes))), func(context.Context) { spawn(i) })
		default:
			spawn(i)
		}
	}
	started.Wait()
	settle(*n)
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	p := pprof.Lookup(*name)
	if p == nil {
		fmt.Fprintln(os.Stderr, "no profile named", *name)
		os.Exit(1)
	}
	if err := p.WriteTo(w, *debug); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
