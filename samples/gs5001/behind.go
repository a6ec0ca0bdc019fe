package gs5001

import (
	"context"
	"sync"
)

// Importer hands progress to a channel nothing makes in the values built here.
type Importer struct {
	progress chan int
}

// Run waits, in a closer goroutine, for workers that block on a nil channel before their
// deferred Done: the closer waits with them.
func (imp *Importer) Run(ctx context.Context, parts [][]int) int {
	var wg sync.WaitGroup
	var progress chan int
	for _, part := range parts {
		wg.Add(1)
		go func() { // want `GS1004: goroutine blocks forever sending on nil channel "progress"` `GS4002`
			defer wg.Done()
			progress <- len(part)
		}()
	}
	done := make(chan struct{})
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine it waits for blocks forever before it calls Done`
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return 0
	case <-ctx.Done():
		return -1
	}
}

// first returns on the first result, after starting the closer: the senders it leaves
// behind never get to their Done, and the closer waits for them.
func first(ctx context.Context, urls []string) string {
	res := make(chan string)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() { // want `GS1002: more sends on "res" than receives` `GS4002`
			defer wg.Done()
			res <- u
		}()
	}
	done := make(chan struct{})
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine it waits for blocks forever before it calls Done`
		wg.Wait()
		close(done)
	}()
	select {
	case r := <-res:
		return r
	case <-ctx.Done():
		return ""
	}
}

// quick strands its senders only on a return that comes before the closer starts: on
// that path nobody waits, and on the other every value is received.
func quick(urls []string, skip bool) int {
	res := make(chan int)
	var wg sync.WaitGroup
	for range urls {
		wg.Add(1)
		go func() { // want `GS1001: goroutine blocks forever sending on "res" when quick returns` `GS4002`
			defer wg.Done()
			res <- 1
		}()
	}
	if skip {
		return 0
	}
	done := make(chan struct{})
	go func() { // ok: it starts only on the path that receives every value
		wg.Wait()
		close(done)
	}()
	n := 0
	for range urls {
		n += <-res
	}
	<-done
	return n
}

// doneFirst counts down before it blocks: the Wait returns.
func doneFirst() {
	var wg sync.WaitGroup
	var never chan int
	wg.Add(1)
	go func() { // want `GS1004`
		wg.Done()
		<-never
	}()
	done := make(chan struct{})
	go func() { // ok: the goroutine it waits for calls Done before it blocks
		wg.Wait()
		close(done)
	}()
	<-done
}

// otherGroup waits on a WaitGroup the stuck goroutine does not count down.
func otherGroup() {
	var wg, stuck sync.WaitGroup
	var never chan int
	stuck.Add(1)
	go func() { // want `GS1004`
		defer stuck.Done()
		<-never
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
	}()
	go func() { // ok: the goroutine that counts "wg" down returns
		wg.Wait()
	}()
}
