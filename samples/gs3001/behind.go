package gs3001

import (
	"errors"
	"sync"
)

func probe(i int) error {
	if i%2 == 1 {
		return errors.New("refused")
	}
	return nil
}

// probeAll closes its results in a goroutine that waits for every probe first; a probe
// that fails returns before its Done, so that goroutine never gets to the close.
func probeAll(n int) <-chan error {
	results := make(chan error)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			if err := probe(i); err != nil {
				results <- err
				return
			}
			results <- nil
			wg.Done()
		}()
	}
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine started in probeAll can return without calling Done`
		wg.Wait()
		close(results)
	}()
	return results
}

// collect ranges over probeAll's channel: its one close never comes.
func collect(n int, out chan<- int) {
	go func() { // want `GS3001: range over "results" never ends: the goroutine that closes it can block forever before it gets there`
		failed := 0
		for err := range probeAll(n) {
			if err != nil {
				failed++
			}
		}
		out <- failed
	}()
}

// probeAllDeferred counts every probe down with defer: the close comes.
func probeAllDeferred(n int) <-chan error {
	results := make(chan error)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- probe(i)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

func collectDeferred(n int, out chan<- int) {
	go func() { // ok: every probe calls Done, so the closer closes the channel
		failed := 0
		for err := range probeAllDeferred(n) {
			if err != nil {
				failed++
			}
		}
		out <- failed
	}()
}

// probeAllOrClose also closes the channel itself when there is nothing to probe; its one
// probe waits on a channel nothing makes.
func probeAllOrClose(n int) <-chan error {
	results := make(chan error)
	if n == 0 {
		close(results)
		return results
	}
	var never chan struct{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `GS1004: goroutine blocks forever receiving from nil channel "never"`
		<-never
		results <- nil
		wg.Done()
	}()
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine it waits for can block forever before it calls Done`
		wg.Wait()
		close(results)
	}()
	return results
}

func collectOrClose(n int, out chan<- int) {
	go func() { // ok: a close outside the waiting goroutine may end the range
		k := 0
		for range probeAllOrClose(n) {
			k++
		}
		out <- k
	}()
}

// collectNamed ranges over probeAll's channel through a name bound to the call.
func collectNamed(n int, out chan<- int) {
	go func() { // want `GS3001: range over "results" never ends: the goroutine that closes it can block forever before it gets there`
		errs := probeAll(n)
		failed := 0
		for err := range errs {
			if err != nil {
				failed++
			}
		}
		out <- failed
	}()
}

// collectNamedDeferred does the same over a channel whose closer gets to its close.
func collectNamedDeferred(n int, out chan<- int) {
	go func() { // ok: every probe calls Done, so the closer closes the channel
		errs := probeAllDeferred(n)
		failed := 0
		for err := range errs {
			if err != nil {
				failed++
			}
		}
		out <- failed
	}()
}
