package gs4003

import (
	"errors"
	"time"
)

// conn is a connection with a heartbeat goroutine that runs until Close.
type conn struct {
	addr string
	done chan struct{}
}

func dial(addr string) (*conn, error) {
	if addr == "" {
		return nil, errors.New("no address")
	}
	c := &conn{addr: addr, done: make(chan struct{})}
	go c.heartbeat() // want `GS4003: goroutine runs until Close is called on the conn that dial returns; Call can return without calling it`
	return c, nil
}

func (c *conn) heartbeat() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-c.done:
			return
		}
	}
}

func (c *conn) do(req string) error {
	if req == "" {
		return errors.New("empty request on " + c.addr)
	}
	return nil
}

// Close stops the heartbeat.
func (c *conn) Close() { close(c.done) }

// Call retries on another connection when one fails, dropping the failed one unclosed.
func Call(addrs []string, req string) error {
	for _, a := range addrs {
		c, err := dial(a)
		if err != nil {
			continue
		}
		if err := c.do(req); err != nil {
			continue
		}
		c.Close()
		return nil
	}
	return errors.New("all backends failed")
}

// CallClosed closes the connection on every path, the failed ones included.
func CallClosed(addrs []string, req string) error {
	for _, a := range addrs {
		c, err := dial(a)
		if err != nil {
			continue
		}
		err = c.do(req)
		c.Close()
		if err == nil {
			return nil
		}
	}
	return errors.New("all backends failed")
}

// relay copies lines until Stop; its only owner stops it on every path.
type relay struct {
	lines chan string
	quit  chan struct{}
}

func newRelay() *relay {
	r := &relay{lines: make(chan string), quit: make(chan struct{})}
	go r.run() // ok: Pipe stops the relay on every path
	return r
}

func (r *relay) run() {
	for {
		select {
		case l := <-r.lines:
			_ = l
		case <-r.quit:
			return
		}
	}
}

func (r *relay) Stop() { close(r.quit) }

// Pipe sends every line through a relay of its own and stops it, early return included.
func Pipe(lines []string) error {
	r := newRelay()
	defer r.Stop()
	for _, l := range lines {
		if l == "" {
			return errors.New("empty line")
		}
		r.lines <- l
	}
	return nil
}
