// Package gs3001 holds samples for GS3001: goroutines range over a channel that their
// parent never closes (or does not close on every path).
package gs3001

import (
	"errors"
	"fmt"
	"sync"
)

// Item is a unit of work.
type Item struct{ ID int }

func handle(it Item) { fmt.Println("handled", it.ID) }

// Process feeds workers and forgets to close the jobs channel.
func Process(items []Item) {
	jobs := make(chan Item)
	go func() { // want `GS3001: range over "jobs" never ends: Process never closes the channel`
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}

func validate(it Item) error {
	if it.ID < 0 {
		return errors.New("negative id")
	}
	return nil
}

// ProcessValid stops at the first invalid item without closing the channel.
func ProcessValid(items []Item) error {
	jobs := make(chan Item)
	go func() { // want `GS3001: range over "jobs" never ends when ProcessValid returns without closing it`
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			return err
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

func consume(jobs <-chan Item, wg *sync.WaitGroup) {
	defer wg.Done()
	for it := range jobs {
		handle(it)
	}
}

// Fanout uses a named worker function; the channel is bound to its parameter.
func Fanout(a, b Item) {
	var wg sync.WaitGroup
	jobs := make(chan Item)
	wg.Add(1)
	go consume(jobs, &wg) // want `GS3001: range over "jobs"`
	jobs <- a
	jobs <- b
}

// ProcessClosed closes after the last send.
func ProcessClosed(items []Item) {
	jobs := make(chan Item)
	go func() { // ok: closed after the sending loop
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
}

// ProcessDeferred closes on every path with defer.
func ProcessDeferred(items []Item) error {
	jobs := make(chan Item)
	defer close(jobs)
	go func() { // ok: the deferred close ends the range on every path
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if err := validate(it); err != nil {
			return err
		}
		jobs <- it
	}
	return nil
}

// Collect ranges over results that a closer goroutine closes once the workers are done.
func Collect(a, b Item) []int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, it := range []Item{a, b} {
		wg.Add(1)
		go func() { // ok: every result is received by the range below
			defer wg.Done()
			results <- it.ID
		}()
	}
	go func() { // ok: the closer ends the parent's range once every worker is done
		wg.Wait()
		close(results)
	}()
	var ids []int
	for id := range results {
		ids = append(ids, id)
	}
	return ids
}

// Server handles queued items one at a time.
type Server struct {
	name string
	reqs chan Item
}

func (s *Server) loop() {
	for it := range s.reqs {
		handle(it)
	}
}

// Close stops the loop.
func (s *Server) Close() {
	close(s.reqs)
}

// ServeOnce queues one item and forgets the server: its loop never ends.
func ServeOnce(it Item) {
	s := &Server{name: "once", reqs: make(chan Item)}
	go s.loop() // want `GS3001: range over "s.reqs" never ends: ServeOnce never closes the channel`
	s.reqs <- it
}

// ServeAndClose closes the server when done.
func ServeAndClose(it Item) {
	s := &Server{name: "closed", reqs: make(chan Item)}
	go s.loop() // ok: Close closes s.reqs
	s.reqs <- it
	s.Close()
}

func produce(out chan<- Item, n int) {
	for i := range n {
		out <- Item{ID: i}
	}
}

func produceAndClose(out chan<- Item, n int) {
	defer close(out)
	produce(out, n)
}

// Pump consumes a producer that never closes its output: the consumer never finishes.
func Pump(n int) {
	go func() { // want `GS3001: range over "items" never ends: the goroutine made the channel and nothing closes it`
		items := make(chan Item)
		go produce(items, n)
		for it := range items {
			handle(it)
		}
	}()
}

// PumpClosed's producer closes when done.
func PumpClosed(n int) {
	go func() { // ok: produceAndClose closes items
		items := make(chan Item)
		go produceAndClose(items, n)
		for it := range items {
			handle(it)
		}
	}()
}
