package gs1005

import (
	"fmt"
	"io"
	"sync"
)

// pool runs tickers until it is halted; halting first waits for the running jobs to end.
type pool struct {
	halt chan struct{}
	mu   sync.Mutex
	idle *sync.Cond
	jobs int
	wg   sync.WaitGroup
}

func newpool() *pool {
	s := &pool{halt: make(chan struct{})}
	s.idle = sync.NewCond(&s.mu)
	return s
}

func (s *pool) run(f func()) {
	s.wg.Add(1)
	go func() { // want `GS1005: goroutine can block forever sending on "t.out": the goroutine serving it returns once "s.halt" fires`
		defer s.wg.Done()
		f()
	}()
}

func (s *pool) halted() <-chan struct{} {
	if s == nil {
		return nil
	}
	return s.halt
}

// finish ends a job and wakes whoever waits for the jobs to drain.
func (s *pool) finish() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs--
	s.idle.Broadcast()
}

func (s *pool) drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.jobs > 0 {
		s.idle.Wait()
	}
}

func (s *pool) shutdown() {
	s.drain()
	close(s.halt)
	s.wg.Wait()
}

// ticker produces ticks for as long as its supervisor runs.
type ticker struct {
	out chan string
	sup *pool
}

func (r *ticker) Close() error { return nil }

func newticker(s *pool) io.Closer {
	r := &ticker{out: make(chan string), sup: s}
	r.start()
	return r
}

func (r *ticker) start() {
	r.sup.run(func() {
		for {
			select {
			case <-r.sup.halted():
				return
			default:
				r.out <- "tick"
			}
		}
	})
}

func consumeticker(in <-chan string, s *pool) {
	for {
		select {
		case v := <-in:
			fmt.Println(v)

		case <-s.halted():
			return
		}
	}
}

// Tick reads ticks until it shuts the pool down. Nothing finishes a job, so drain never
// waits for the ticker: the halt can come between its check and its send.
func Tick() {
	s := newpool()
	t := newticker(s).(*ticker)
	s.run(func() { consumeticker(t.out, s) })
	s.shutdown()
}
