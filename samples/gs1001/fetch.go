// Package gs1001 holds samples for GS1001: a goroutine's send strands because the function
// that should receive it can return first (timeout, cancellation, early return).
package gs1001

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// Result is what a backend lookup returns.
type Result struct {
	Key    string
	Status int
}

func slowLookup(key string) Result {
	time.Sleep(10 * time.Millisecond)
	return Result{Key: key, Status: http.StatusOK}
}

// FetchWithTimeout gives up when ctx is done, leaving the sender behind.
func FetchWithTimeout(ctx context.Context, key string) (Result, error) {
	ch := make(chan Result)
	go func() { // want `GS1001: goroutine blocks forever sending on "ch" when FetchWithTimeout returns without receiving`
		ch <- slowLookup(key)
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// FetchOrGiveUp waits at most d; the lookup finishing later has no one to hand its result to.
func FetchOrGiveUp(key string, d time.Duration) (Result, bool) {
	done := make(chan Result)
	go func() { // want `GS1001: .*sending on "done"`
		done <- slowLookup(key)
	}()
	select {
	case r := <-done:
		return r, true
	case <-time.After(d):
	}
	return Result{}, false
}

func validateBody(req *http.Request) error {
	if req.ContentLength > 1<<20 {
		return errors.New("body too large")
	}
	return nil
}

// Validate checks the method first and returns without waiting for the body check.
func Validate(req *http.Request) error {
	errc := make(chan error)
	go func() { // want "GS1001"
		errc <- validateBody(req)
	}()
	if req.Method != http.MethodPost {
		return errors.New("method not allowed")
	}
	return <-errc
}

func lookupInto(key string, out chan<- Result) {
	out <- slowLookup(key)
}

// Lookup runs a named function as the goroutine; the channel is bound to its parameter.
func Lookup(ctx context.Context, key string) (Result, error) {
	out := make(chan Result)
	go lookupInto(key, out) // want `GS1001: .*"out" when Lookup returns`
	select {
	case r := <-out:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Watcher reports changes on its result channel.
type Watcher struct {
	path    string
	results chan Result
	errs    chan error
}

func newWatcher(path string) *Watcher {
	return &Watcher{path: path, results: make(chan Result), errs: make(chan error, 1)}
}

func (w *Watcher) run() {
	w.results <- slowLookup(w.path)
}

// WatchOnce gets a watcher from a constructor; it is the only holder of its channels.
func WatchOnce(ctx context.Context, path string) (Result, error) {
	w := newWatcher(path)
	go w.run() // want `GS1001: goroutine blocks forever sending on "w.results" when WatchOnce returns`
	select {
	case r := <-w.results:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}
