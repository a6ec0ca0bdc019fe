// Bounded connection pool for a search backend where callers wait on a sync.Cond for a free connection, and Close fails pending callers with ErrPoolClosed. Leak: Close wakes waiters with Signal instead of Broadcast, so only one pending caller wakes up and the others wait on the condition forever.
package main

import (
	"errors"
	"fmt"
	"log"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

var ErrPoolClosed = errors.New("pool: closed")

type conn struct {
	id int
}

func (c *conn) Query(q string) string {
	return fmt.Sprintf("conn-%d: %d hits for %q", c.id, len(q)*3, q)
}

type PoolStats struct {
	Open, Idle, Waiting int
}

type Pool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	idle    []*conn
	open    int
	maxOpen int
	waiting int
	closed  bool
}

func NewPool(maxOpen int) *Pool {
	p := &Pool{maxOpen: maxOpen}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get() (*conn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.closed {
			return nil, ErrPoolClosed
		}
		if n := len(p.idle); n > 0 {
			c := p.idle[n-1]
			p.idle = p.idle[:n-1]
			return c, nil
		}
		if p.open < p.maxOpen {
			p.open++
			return &conn{id: p.open}, nil
		}
		p.waiting++
		p.cond.Wait()
		p.waiting--
	}
}

func (p *Pool) Put(c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		p.open--
		return
	}
	p.idle = append(p.idle, c)
	p.cond.Signal()
}

func (p *Pool) Stats() PoolStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return PoolStats{Open: p.open, Idle: len(p.idle), Waiting: p.waiting}
}

// Close fails callers waiting for a connection; connections still checked out
// are discarded when they are returned.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	p.open -= len(p.idle)
	p.idle = nil
	p.mu.Unlock()
	p.cond.Signal()
}

type searchResult struct {
	query string
	out   string
	err   error
}

func search(p *Pool, q string, out chan<- searchResult) {
	c, err := p.Get()
	if err != nil {
		out <- searchResult{query: q, err: err}
		return
	}
	defer p.Put(c)
	out <- searchResult{query: q, out: c.Query(q)}
}

func main() {
	pool := NewPool(1)

	// A long export holds the only connection.
	export, err := pool.Get()
	if err != nil {
		log.Fatal(err)
	}

	queries := []string{"refund policy", "shipping to norway", "gift cards"}
	results := make(chan searchResult, len(queries))
	for _, q := range queries {
		go search(pool, q, results)
	}
	for pool.Stats().Waiting < len(queries) {
		time.Sleep(time.Millisecond)
	}

	// Deploy: the instance drains and shuts the pool down.
	pool.Close()
	pool.Put(export)

	deadline := time.After(80 * time.Millisecond)
wait:
	for range queries {
		select {
		case r := <-results:
			fmt.Printf("%q: %s %v\n", r.query, r.out, r.err)
		case <-deadline:
			log.Printf("search requests still waiting for a connection")
			break wait
		}
	}
	fmt.Printf("stats after close: %+v\n", pool.Stats())
	leakprobe.Done()
}
