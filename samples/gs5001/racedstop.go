package gs5001

import "sync"

// A quitter whose Wait comes right after its close, behind a worker that a race with
// that close leaves stuck.

type quitter struct {
	quit    chan struct{}
	workers sync.WaitGroup
}

func newQuitter() *quitter { return &quitter{quit: make(chan struct{})} }

func (s *quitter) finished() { s.workers.Done() }

func (s *quitter) quitting() <-chan struct{} { return s.quit }

// runWorker starts f as a worker that stop waits for.
func (s *quitter) runWorker(f func()) {
	s.workers.Add(1)
	go func() { // want `GS1005: goroutine can block forever sending on "f.events": the goroutine serving it returns once "s.quit" fires`
		defer s.finished()
		f()
	}()
}

// stop closes quit and waits for the workers right after.
func (s *quitter) stop() {
	close(s.quit)
	s.workers.Wait()
}

type feed struct {
	events chan int
	s      *quitter
}

func newFeed(s *quitter) *feed {
	f := &feed{events: make(chan int), s: s}
	f.start()
	return f
}

func (f *feed) start() {
	f.s.runWorker(func() {
		for {
			select {
			case <-f.s.quitting():
				return
			default:
				f.events <- 1
			}
		}
	})
}

func drain(events <-chan int, s *quitter) {
	for {
		select {
		case <-events:
		case <-s.quitting():
			return
		}
	}
}

// Pump runs a producer and a consumer, then stops them: the producer may be in its send
// when the consumer sees the stop and leaves, and then it never calls Done.
func Pump() {
	go func() { // want `GS5001: goroutine blocks forever in "s.workers.Wait": a goroutine it waits for can block forever before it calls Done`
		s := newQuitter()
		f := newFeed(s)
		s.runWorker(func() {
			drain(f.events, s)
		})
		s.stop()
	}()
}

// calmFeed's producer gives up its send when the quitter quits.
type calmFeed struct {
	events chan int
	s      *quitter
}

func (f *calmFeed) start() {
	f.s.runWorker(func() {
		for {
			select {
			case <-f.s.quitting():
				return
			case f.events <- 1:
			}
		}
	})
}

// PumpCalm stops a producer that cannot be caught in its send.
func PumpCalm() {
	go func() { // ok: every worker leaves once quit is closed, and calls Done
		s := newQuitter()
		f := &calmFeed{events: make(chan int), s: s}
		f.start()
		s.runWorker(func() {
			drain(f.events, s)
		})
		s.stop()
	}()
}
