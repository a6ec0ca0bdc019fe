// Package pool keeps a fixed set of upstream connections for the proxy.
package pool

import "fmt"

// Conn is a connection to the upstream service.
type Conn struct {
	ID       int
	Upstream string
	served   int
}

// RoundTrip forwards one request on the connection.
func (c *Conn) RoundTrip(path string) (int, error) {
	c.served++
	if path == "/healthz/deep" {
		return 0, fmt.Errorf("conn %d: upstream %s reset the stream", c.ID, c.Upstream)
	}
	return 200, nil
}

// Pool hands out at most Size connections at a time.
type Pool struct {
	idle chan *Conn
}

func New(upstream string, size int) *Pool {
	p := &Pool{idle: make(chan *Conn, size)}
	for i := 1; i <= size; i++ {
		p.idle <- &Conn{ID: i, Upstream: upstream}
	}
	return p
}

// Get waits for an idle connection.
func (p *Pool) Get() *Conn { return <-p.idle }

// Put returns a connection to the pool.
func (p *Pool) Put(c *Conn) { p.idle <- c }
