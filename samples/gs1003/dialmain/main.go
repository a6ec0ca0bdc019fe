// Command dialmain dials and drops connections. In a main package no other package can
// name a type, so an exported Close runs only where this package calls it, unless a value
// of the type is handed on as an interface (io.Closer) or as a method value.
package main

import (
	"context"
	"io"
)

// conn is a connection whose context only Close cancels.
type conn struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Close cancels the connection's context.
func (c *conn) Close() error {
	c.cancel()
	return nil
}

func (c *conn) await() { <-c.ctx.Done() }

// dial never sets its result, so the deferred Close never runs.
func dial(ctx context.Context) (res *conn) {
	c := &conn{}
	c.ctx, c.cancel = context.WithCancel(context.Background())
	defer func() {
		if ctx.Err() != nil && res != nil {
			res.Close()
		}
	}()
	go c.await() // want `GS1003: goroutine blocks forever on "c.ctx.Done\(\)"`
	return res
}

// session goes into a list of io.Closer: any package given the list may close it.
type session struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Close cancels the session's context.
func (s *session) Close() error {
	s.cancel()
	return nil
}

func (s *session) await() { <-s.ctx.Done() }

func open(closers []io.Closer) []io.Closer {
	s := &session{}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go s.await() // ok: s becomes an io.Closer, whose Close any package may call
	return append(closers, s)
}

// tunnel hands out its Close as a function value.
type tunnel struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Close cancels the tunnel's context.
func (t *tunnel) Close() error {
	t.cancel()
	return nil
}

func (t *tunnel) await() { <-t.ctx.Done() }

func dig() func() error {
	t := &tunnel{}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	go t.await() // ok: the method value t.Close may be called by whoever gets it
	return t.Close
}

// wire is kept by a shelf (as itself) and a rack (as an io.Closer).
type wire struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// Close cancels the wire's context.
func (w *wire) Close() error {
	w.cancel()
	return nil
}

func (w *wire) await() { <-w.ctx.Done() }

type shelf struct{ w *wire }

type rack struct{ w io.Closer }

func mount() (*shelf, *rack) {
	w := &wire{}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	go w.await() // ok: the rack's field of the same name is an io.Closer
	return &shelf{w: w}, &rack{w: w}
}

func main() {
	_ = dial(context.Background())
	_ = open(nil)
	_ = dig()
	_, _ = mount()
}
