// Connection pool whose Get dials in the background with a deadline; the result channel has room for one value, so a dial that outlives the deadline still finishes.
package main

import (
	"errors"
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

// Conn is a pooled backend connection.
type Conn struct {
	addr string
	id   int
}

// Dialer opens a connection to one backend.
type Dialer func(addr string) (*Conn, error)

// Pool hands out idle connections and dials new ones on demand.
type Pool struct {
	addr        string
	dial        Dialer
	idle        []*Conn
	dialTimeout time.Duration
}

// ErrDialTimeout is returned when a backend does not answer in time.
var ErrDialTimeout = errors.New("pool: dial timeout")

type dialResult struct {
	conn *Conn
	err  error
}

// NewPool returns an empty pool for addr.
func NewPool(addr string, dial Dialer, timeout time.Duration) *Pool {
	return &Pool{addr: addr, dial: dial, dialTimeout: timeout}
}

func (p *Pool) dialAsync() <-chan dialResult {
	ch := make(chan dialResult, 1)
	go func() {
		c, err := p.dial(p.addr)
		ch <- dialResult{conn: c, err: err}
	}()
	return ch
}

// Get returns an idle connection or dials a new one.
func (p *Pool) Get() (*Conn, error) {
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return c, nil
	}
	select {
	case r := <-p.dialAsync():
		return r.conn, r.err
	case <-time.After(p.dialTimeout):
		return nil, ErrDialTimeout
	}
}

// Put returns a connection to the pool.
func (p *Pool) Put(c *Conn) {
	p.idle = append(p.idle, c)
}

func run() {
	next := 0
	slow := map[int]bool{1: true}
	dial := func(addr string) (*Conn, error) {
		next++
		n := next
		if slow[n] {
			time.Sleep(60 * time.Millisecond)
		}
		return &Conn{addr: addr, id: n}, nil
	}
	pool := NewPool("db-primary:5432", dial, 20*time.Millisecond)
	for i := 0; i < 3; i++ {
		c, err := pool.Get()
		if err != nil {
			fmt.Println("get:", err)
			continue
		}
		fmt.Printf("query on conn %d\n", c.id)
		pool.Put(c)
	}
}

func main() {
	run()
	leakprobe.Done()
}
