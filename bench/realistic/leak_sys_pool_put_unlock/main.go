// Object pool of upstream RPC connections guarded by a mutex. Leak: Put returns early for a connection marked broken without unlocking, so every later request blocks forever in Get waiting for the pool mutex.
package main

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var errPoolExhausted = errors.New("pool exhausted")

type rpcConn struct {
	id     int
	broken bool
	uses   int
}

func (c *rpcConn) Call(method string, fail bool) error {
	c.uses++
	if fail {
		c.broken = true
		return fmt.Errorf("%s: read: connection reset by peer", method)
	}
	return nil
}

type RPCPool struct {
	max int

	mu     sync.Mutex
	idle   []*rpcConn
	open   int
	nextID int
	closed int
}

func (p *RPCPool) Get() (*rpcConn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return c, nil
	}
	if p.open >= p.max {
		return nil, errPoolExhausted
	}
	p.open++
	p.nextID++
	return &rpcConn{id: p.nextID}, nil
}

// Put returns c to the pool, discarding it if it is no longer usable.
func (p *RPCPool) Put(c *rpcConn) {
	p.mu.Lock()
	if c.broken {
		p.open--
		p.closed++
		return
	}
	p.idle = append(p.idle, c)
	p.mu.Unlock()
}

type request struct {
	id       string
	method   string
	upstream bool // upstream drops the connection mid-call
}

func handle(p *RPCPool, r request) string {
	c, err := p.Get()
	if err != nil {
		return fmt.Sprintf("%s: 503 %v", r.id, err)
	}
	defer p.Put(c)
	if err := c.Call(r.method, r.upstream); err != nil {
		return fmt.Sprintf("%s: 502 %v", r.id, err)
	}
	return fmt.Sprintf("%s: 200 via conn %d", r.id, c.id)
}

func main() {
	pool := &RPCPool{max: 4}
	reqs := []request{
		{id: "req-1", method: "Inventory.Reserve"},
		{id: "req-2", method: "Inventory.Reserve"},
		{id: "req-3", method: "Pricing.Quote", upstream: true},
		{id: "req-4", method: "Inventory.Release"},
		{id: "req-5", method: "Pricing.Quote"},
	}

	// Requests arrive one after another; each runs on its own goroutine like an HTTP handler.
	for _, r := range reqs {
		done := make(chan string, 1)
		go func() { done <- handle(pool, r) }()
		select {
		case line := <-done:
			fmt.Println(line)
		case <-time.After(50 * time.Millisecond):
			log.Printf("%s: client gave up after 50ms", r.id)
		}
	}

	leakprobe.Done()
}
