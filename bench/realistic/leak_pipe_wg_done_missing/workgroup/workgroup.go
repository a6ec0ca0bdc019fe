// Package workgroup runs a set of functions concurrently and collects the
// first error, like a minimal errgroup with an optional concurrency limit
// and a bounded wait.
package workgroup

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrTimeout is returned by WaitTimeout when the functions did not finish.
var ErrTimeout = errors.New("workgroup: timed out")

// Group is a collection of goroutines working on subtasks of one task.
type Group struct {
	wg      sync.WaitGroup
	sem     chan struct{}
	errOnce sync.Once
	err     error
}

// New returns a Group running at most limit functions at once
// (no limit if limit <= 0).
func New(limit int) *Group {
	g := &Group{}
	if limit > 0 {
		g.sem = make(chan struct{}, limit)
	}
	return g
}

// Go runs f on a new goroutine. The first non-nil error is kept.
func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		if g.sem != nil {
			g.sem <- struct{}{}
			defer func() { <-g.sem }()
		}
		if err := f(); err != nil {
			g.errOnce.Do(func() { g.err = err })
			return
		}
		g.wg.Done()
	}()
}

// Wait blocks until every function has returned and reports the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}

// WaitTimeout is Wait with an upper bound of d.
func (g *Group) WaitTimeout(d time.Duration) error {
	done := make(chan struct{})
	go func() {
		g.wg.Wait()
		close(done)
	}()

	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return g.err
	case <-t.C:
		return fmt.Errorf("%w after %v", ErrTimeout, d)
	}
}
