package gs1001

import (
	"context"
	"errors"
)

// watch reports one result after an error arrives, unless it is cancelled first.
type watch struct {
	ctx     context.Context
	cancel  context.CancelFunc
	results chan bool
	errs    chan error
}

// newWatch makes the context first, then the watch and its channels.
func newWatch() *watch {
	ctx, cancel := context.WithCancel(context.Background())
	return &watch{ctx: ctx, cancel: cancel, results: make(chan bool), errs: make(chan error)}
}

func (w *watch) run() {
	select {
	case err := <-w.errs:
		w.cancel()
		w.results <- err != nil
	case <-w.ctx.Done():
	}
}

func (w *watch) stop() {
	w.errs <- errors.New("stopped")
	w.cancel()
}

// Watch starts a watch and stops it, but no one reads the result run sends.
func Watch() {
	w := newWatch()
	go w.run() // want `GS100[12]: .*"w.results"`
	go w.stop()
}

// WatchAndWait reads the result.
func WatchAndWait() bool {
	w := newWatch()
	go w.run() // ok: the result is received below
	go w.stop()
	return <-w.results
}

// newBufferedWatch leaves room for the result.
func newBufferedWatch() *watch {
	ctx, cancel := context.WithCancel(context.Background())
	return &watch{ctx: ctx, cancel: cancel, results: make(chan bool, 1), errs: make(chan error)}
}

// WatchBuffered does not read the result either, but the buffer takes it.
func WatchBuffered() {
	w := newBufferedWatch()
	go w.run() // ok: the one result fits in the buffer
	go w.stop()
}
