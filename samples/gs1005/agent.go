package gs1005

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Supervisor restarts a worker and hears back from each run.
type Supervisor interface {
	Run(ctx context.Context)
	Restart()
}

type supervisor struct {
	mu       sync.Mutex
	exits    chan int
	finished chan struct{}
	runs     map[int]bool
	next     int
}

// NewSupervisor is declared to return the interface; it always builds a *supervisor.
func NewSupervisor() Supervisor {
	return &supervisor{
		exits:    make(chan int),
		finished: make(chan struct{}),
		runs:     make(map[int]bool),
	}
}

// Run collects exit reports until the context is done or no run is left.
func (s *supervisor) Run(ctx context.Context) {
	for {
		select {
		case id := <-s.exits:
			s.mu.Lock()
			delete(s.runs, id)
			left := len(s.runs)
			s.mu.Unlock()
			if left == 0 {
				close(s.finished)
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// Restart records a new run and starts the goroutine that reports its exit.
func (s *supervisor) Restart() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	s.runs[s.next] = true
	go s.report(s.next) // want `GS1005: goroutine can block forever sending on "s.exits": the goroutine serving it returns once "ctx" is done`
}

// report sends the run's exit, with no way out if Run has returned.
func (s *supervisor) report(id int) {
	s.exits <- id
}

// Supervise restarts once and returns: the deferred cancel can end Run before it hears
// the report.
func Supervise() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := NewSupervisor()
	go func() { s.Run(ctx) }()
	s.Restart()
	time.Sleep(time.Millisecond)
}

// SuperviseToEnd waits until Run has heard every report before cancelling.
func SuperviseToEnd() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &supervisor{
		exits:    make(chan int),
		finished: make(chan struct{}),
		runs:     make(map[int]bool),
	}
	go func() { s.Run(ctx) }()
	s.Restart() // ok: the owner waits on finished, closed only after the report is received
	<-s.finished
}

// restartAndWait starts the reporter and waits for it before returning.
func (s *supervisor) restartAndWait() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: the caller cancels only after restartAndWait has waited for this send
		defer wg.Done()
		s.exits <- 0
	}()
	wg.Wait()
}

// SuperviseWaiting restarts through a method that waits for its reporter.
func SuperviseWaiting() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &supervisor{
		exits:    make(chan int),
		finished: make(chan struct{}),
		runs:     make(map[int]bool),
	}
	go func() { s.Run(ctx) }()
	s.restartAndWait()
}

// serve answers lookups until stop is closed.
func serve(lookups chan string, stop chan struct{}) {
	for {
		select {
		case key := <-lookups:
			fmt.Println(key)
		case <-stop:
			return
		}
	}
}

// Lookup runs serve in a goroutine of its own and closes stop without waiting.
func Lookup(key string) {
	lookups := make(chan string)
	stop := make(chan struct{})
	go func() { serve(lookups, stop) }()
	go func() { // want `GS1005: goroutine can block forever sending on "lookups": the goroutine serving it returns once "stop" fires`
		lookups <- key
	}()
	close(stop)
}
