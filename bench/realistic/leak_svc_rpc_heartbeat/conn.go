package main

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

var errUnavailable = errors.New("rpc: unavailable")

// transport is the fake network layer: it refuses the first failN calls,
// the way a backend does while it is still warming its caches.
type transport struct {
	mu    sync.Mutex
	failN int
	calls int
	pings atomic.Int64
}

func (t *transport) roundTrip(method string, payload []byte) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.calls++
	if t.calls <= t.failN {
		return nil, fmt.Errorf("%s: %w", method, errUnavailable)
	}
	return append([]byte("ok:"), payload...), nil
}

// Conn is a client connection with a keepalive heartbeat.
type Conn struct {
	addr      string
	tr        *transport
	closeOnce sync.Once
	closed    chan struct{}
}

func Dial(addr string, tr *transport, keepalive time.Duration) (*Conn, error) {
	c := &Conn{addr: addr, tr: tr, closed: make(chan struct{})}
	go c.heartbeat(keepalive)
	return c, nil
}

func (c *Conn) heartbeat(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			c.tr.pings.Add(1)
		case <-c.closed:
			return
		}
	}
}

func (c *Conn) Call(method string, payload []byte) ([]byte, error) {
	select {
	case <-c.closed:
		return nil, errors.New("rpc: connection closed")
	default:
	}
	return c.tr.roundTrip(method, payload)
}

func (c *Conn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return nil
}
