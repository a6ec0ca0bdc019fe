// Package gs1006 holds samples for GS1006: a goroutine drains a timer with
// `if !t.Stop() { <-t.C }` after it already received the timer's value (or stopped it),
// so Stop returns false and the drain waits for a value that never comes.
package gs1006

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Runner runs one function in a goroutine until Halt.
type Runner struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// NewRunner returns a runner ready to Go.
func NewRunner() *Runner {
	r := &Runner{}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	return r
}

// Go runs fn in its own goroutine with the runner's context.
func (r *Runner) Go(fn func(ctx context.Context)) {
	go func() { // want `GS1006: goroutine can block forever draining timer "b.flushTimer"`
		fn(r.ctx)
	}()
}

// Halt cancels the runner's context.
func (r *Runner) Halt() { r.cancel() }

// Batcher flushes buffered lines after a quiet period; Poke postpones the flush.
type Batcher struct {
	mu         sync.Mutex
	lines      []string
	flushTimer *time.Timer
	quiet      time.Duration
	poke       chan struct{}
	runner     *Runner
}

// NewBatcher returns a batcher that flushes after quiet.
func NewBatcher(quiet time.Duration) *Batcher {
	return &Batcher{quiet: quiet, poke: make(chan struct{}, 1), runner: NewRunner()}
}

// Start arms the timer and runs the flush loop.
func (b *Batcher) Start() {
	b.flushTimer = time.NewTimer(b.quiet)
	loop := func(ctx context.Context) {
		for {
			select {
			case <-b.flushTimer.C: // the timer's value is taken here, and it is not reset
				b.flush()
			case <-b.poke:
				if !b.flushTimer.Stop() {
					<-b.flushTimer.C // after a flush the timer is spent: blocks forever
				}
				b.flushTimer.Reset(b.quiet)
			case <-ctx.Done():
				b.flushTimer.Stop()
				return
			}
		}
	}
	b.runner.Go(loop)
}

// Add buffers a line and postpones the flush.
func (b *Batcher) Add(line string) {
	b.mu.Lock()
	b.lines = append(b.lines, line)
	b.mu.Unlock()
	select {
	case b.poke <- struct{}{}:
	default:
	}
}

// Stop ends the flush loop.
func (b *Batcher) Stop() { b.runner.Halt() }

func (b *Batcher) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.lines {
		fmt.Println(l)
	}
	b.lines = b.lines[:0]
}
