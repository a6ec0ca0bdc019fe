// Connection pool for a key-value backend with a dial timeout. Leak: dialWithTimeout returns on the timer and abandons the unbuffered result channel, so every slow dial goroutine blocks forever on its send.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"

	"realistic/internal/leakprobe"
)

var errDialTimeout = errors.New("pool: dial timeout")

type conn struct {
	id   int64
	addr string
}

func (c *conn) Close() error { return nil }

// Dialer opens a new connection to addr.
type Dialer func(ctx context.Context, addr string) (*conn, error)

type Pool struct {
	addr        string
	dial        Dialer
	dialTimeout time.Duration
	maxIdle     int

	mu   sync.Mutex
	idle []*conn

	dials    atomic.Int64
	timeouts atomic.Int64
}

func NewPool(addr string, dial Dialer, dialTimeout time.Duration, maxIdle int) *Pool {
	return &Pool{addr: addr, dial: dial, dialTimeout: dialTimeout, maxIdle: maxIdle}
}

// Get returns an idle connection or dials a new one.
func (p *Pool) Get(ctx context.Context) (*conn, error) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return c, nil
	}
	p.mu.Unlock()
	return p.dialWithTimeout(ctx)
}

// Put hands a healthy connection back to the pool.
func (p *Pool) Put(c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) >= p.maxIdle {
		_ = c.Close()
		return
	}
	p.idle = append(p.idle, c)
}

type dialResult struct {
	c   *conn
	err error
}

func (p *Pool) dialWithTimeout(ctx context.Context) (*conn, error) {
	p.dials.Add(1)
	results := make(chan dialResult)
	go func() {
		c, err := p.dial(context.WithoutCancel(ctx), p.addr)
		results <- dialResult{c: c, err: err}
	}()

	timer := time.NewTimer(p.dialTimeout)
	defer timer.Stop()
	select {
	case r := <-results:
		return r.c, r.err
	case <-timer.C:
		p.timeouts.Add(1)
		return nil, fmt.Errorf("%w after %v (%s)", errDialTimeout, p.dialTimeout, p.addr)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// backend simulates a server whose accept queue backs up after a few connections.
type backend struct {
	accepted atomic.Int64
	fastFor  int64
}

func (b *backend) dial(ctx context.Context, addr string) (*conn, error) {
	n := b.accepted.Add(1)
	if n <= b.fastFor {
		return &conn{id: n, addr: addr}, nil
	}
	select {
	case <-time.After(120 * time.Millisecond):
		return &conn{id: n, addr: addr}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func handle(ctx context.Context, p *Pool, key string) error {
	c, err := p.Get(ctx)
	if err != nil {
		return fmt.Errorf("get %q: %w", key, err)
	}
	defer p.Put(c)
	// pretend to run GET key on c
	time.Sleep(40 * time.Millisecond)
	return nil
}

func main() {
	be := &backend{fastFor: 2}
	pool := NewPool("kv-1.internal:6379", be.dial, 25*time.Millisecond, 4)
	ctx := context.Background()

	// Warm-up traffic: sequential requests reuse one connection.
	for _, k := range []string{"user:1", "user:2"} {
		if err := handle(ctx, pool, k); err != nil {
			log.Print(err)
		}
	}

	// A burst needs more connections than the pool holds, and the backend is now slow to accept.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = handle(ctx, pool, fmt.Sprintf("session:%d", i))
		}()
	}
	wg.Wait()
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			log.Print(err)
		}
	}
	fmt.Printf("dials=%d timeouts=%d failed=%d\n", pool.dials.Load(), pool.timeouts.Load(), failed)

	leakprobe.Done()
}
