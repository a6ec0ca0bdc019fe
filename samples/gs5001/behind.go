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
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine it waits for can block forever before it calls Done`
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
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine it waits for can block forever before it calls Done`
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

// pool counts its fetches in a field; shutdown waits for them in a goroutine.
type pool struct {
	wg sync.WaitGroup
}

// fetch leaves its sender behind when ctx is done first.
func (p *pool) fetch(ctx context.Context) int {
	ch := make(chan int)
	p.wg.Add(1)
	go func() { // want `GS1001: goroutine blocks forever sending on "ch" when fetch returns without receiving`
		defer p.wg.Done()
		ch <- 1
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// shutdown starts its waiter on every path: a sender fetch left behind keeps it waiting.
func (p *pool) shutdown(timeout <-chan struct{}) bool {
	done := make(chan struct{})
	go func() { // want `GS5001: goroutine blocks forever in "p.wg.Wait": a goroutine it waits for can block forever before it calls Done`
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-timeout:
		return false
	}
}

// bufferedPool's sender always completes its send: the Wait returns.
type bufferedPool struct {
	wg sync.WaitGroup
}

func (p *bufferedPool) fetch(ctx context.Context) int {
	ch := make(chan int, 1)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ch <- 1
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func (p *bufferedPool) shutdown(timeout <-chan struct{}) bool {
	done := make(chan struct{})
	go func() { // ok: the sender it waits for never blocks
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-timeout:
		return false
	}
}

// startWorkers hands back the WaitGroup its workers count down; they wait on a nil channel.
func startWorkers(n int) *sync.WaitGroup {
	var wg sync.WaitGroup
	var feed chan int
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { // want `GS1004: goroutine blocks forever receiving from nil channel "feed"`
			defer wg.Done()
			<-feed
		}()
	}
	return &wg
}

func runWorkers(timeout <-chan struct{}) {
	wg := startWorkers(4)
	done := make(chan struct{})
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine it waits for can block forever before it calls Done`
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-timeout:
	}
}

// startClosedWorkers' workers receive from a closed channel: they count down.
func startClosedWorkers(n int) *sync.WaitGroup {
	var wg sync.WaitGroup
	feed := make(chan int)
	close(feed)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-feed
		}()
	}
	return &wg
}

func runClosedWorkers(timeout <-chan struct{}) {
	wg := startClosedWorkers(4)
	done := make(chan struct{})
	go func() { // ok: every worker it waits for gets past its receive and calls Done
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-timeout:
	}
}

// drainQueue's workers park in the queue's Cond.Wait (in queue.go), nobody signals it, and
// their Done is deferred: the closer waits for them forever.
func drainQueue(timeout <-chan struct{}) {
	q := newQueue()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() { // want `GS5005: goroutine blocks forever in "q.cond.Wait": nothing calls Signal or Broadcast on it`
			defer wg.Done()
			_ = q.get()
		}()
	}
	done := make(chan struct{})
	go func() { // want `GS5001: goroutine blocks forever in "wg.Wait": a goroutine it waits for can block forever before it calls Done`
		wg.Wait()
		close(done)
	}()
	q.put(1)
	select {
	case <-done:
	case <-timeout:
	}
}

// runStopper's closer waits through a method of another file (stopper.go) for a worker
// parked on a nil channel before its deferred Done.
func runStopper(timeout <-chan struct{}) {
	s := &stopper{}
	var never chan int
	s.wg.Add(1)
	go func() { // want `GS1004: goroutine blocks forever receiving from nil channel "never"`
		defer s.wg.Done()
		<-never
	}()
	done := make(chan struct{})
	go func() { // want `GS5001: goroutine blocks forever in "s.wg.Wait": a goroutine it waits for can block forever before it calls Done`
		s.wait()
		close(done)
	}()
	select {
	case <-done:
	case <-timeout:
	}
}
