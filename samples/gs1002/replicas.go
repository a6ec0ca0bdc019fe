// Package gs1002 holds samples for GS1002: more goroutines send than the function receives.
package gs1002

import (
	"context"
	"errors"
	"strconv"
	"sync"
)

// Replica answers queries.
type Replica struct{ Addr string }

// Query asks the replica.
func (r Replica) Query(q string) string { return r.Addr + ":" + q }

// First asks every replica and keeps the first answer: the others block forever.
func First(replicas []Replica, q string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func() { // want `GS1002: more sends on "ch" than receives: one goroutine per loop iteration sends but First receives only once` "GS4002"
			ch <- r.Query(q)
		}()
	}
	return <-ch
}

// ParsePort sends an error and then, missing a return, a value too.
func ParsePort(s string) (int, error) {
	type result struct {
		port int
		err  error
	}
	ch := make(chan result)
	go func() { // want `GS1002: more sends on "ch" than receives`
		p, err := strconv.Atoi(s)
		if err != nil {
			ch <- result{err: err}
		}
		ch <- result{port: p}
	}()
	r := <-ch
	return r.port, r.err
}

// Mirror starts three fixed uploads but waits for one, with room for one more.
func Mirror(data []byte) error {
	errc := make(chan error, 1)
	go func() { // want `GS1002: .*"errc"`
		errc <- upload("a", data)
	}()
	go func() {
		errc <- upload("b", data)
	}()
	go func() {
		errc <- upload("c", data)
	}()
	return <-errc
}

func upload(host string, data []byte) error {
	if len(data) == 0 {
		return errors.New(host + ": empty")
	}
	return nil
}

// FirstBuffered has room for every answer.
func FirstBuffered(replicas []Replica, q string) string {
	ch := make(chan string, len(replicas))
	for _, r := range replicas {
		go func() { // want "GS4002"
			// ok: a buffer per replica (not a constant capacity, so no GS1002 claim)
			ch <- r.Query(q)
		}()
	}
	return <-ch
}

// FirstCancelling tells the losers to give up.
func FirstCancelling(ctx context.Context, replicas []Replica, q string) string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan string)
	for _, r := range replicas {
		go func() { // want "GS4002"
			// ok: losers give up when cancel runs
			select {
			case ch <- r.Query(q):
			case <-ctx.Done():
			}
		}()
	}
	return <-ch
}

// All collects every answer.
func All(replicas []Replica, q string) []string {
	ch := make(chan string)
	var wg sync.WaitGroup
	for _, r := range replicas {
		wg.Add(1)
		go func() { // want "GS4002"
			// ok: every value is received by the range below; the closer ends it
			defer wg.Done()
			ch <- r.Query(q)
		}()
	}
	go func() { // ok: closes once every sender is done
		wg.Wait()
		close(ch)
	}()
	var out []string
	for s := range ch {
		out = append(out, s)
	}
	return out
}

// Both sends twice and receives twice.
func Both(data []byte) (error, error) {
	errc := make(chan error)
	go func() { // ok: two sends, two receives
		errc <- upload("a", data)
		errc <- upload("b", data)
	}()
	return <-errc, <-errc
}

// Checksums waits for the workers before reading their results: the workers cannot finish
// until someone receives, so Wait never returns.
func Checksums(a, b []byte) (int, int) {
	sums := make(chan int)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // want `GS1002: more sends on "sums" than receives: 2 goroutines send`
		defer wg.Done()
		sums <- len(a)
	}()
	go func() {
		defer wg.Done()
		sums <- len(b)
	}()
	wg.Wait()
	return <-sums, <-sums
}

// ChecksumsBuffered has room for both results before Wait.
func ChecksumsBuffered(a, b []byte) (int, int) {
	sums := make(chan int, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // ok: both sends fit in the buffer, so Wait returns
		defer wg.Done()
		sums <- len(a)
	}()
	go func() {
		defer wg.Done()
		sums <- len(b)
	}()
	wg.Wait()
	return <-sums, <-sums
}
