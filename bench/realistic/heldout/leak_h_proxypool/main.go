// Reverse-proxy front-end that forwards requests over a small upstream connection pool. Leak: when the upstream round trip fails the handler returns without putting the connection back, so once the pool is drained later requests wait in Get forever.
package main

import (
	"fmt"
	"time"

	"realistic/heldout/leak_h_proxypool/pool"
	"realistic/internal/leakprobe"
)

type response struct {
	path   string
	status int
}

type Proxy struct {
	upstream *pool.Pool
}

func (p *Proxy) serve(path string) (int, error) {
	conn := p.upstream.Get()
	status, err := conn.RoundTrip(path)
	if err != nil {
		return 502, err
	}
	p.upstream.Put(conn)
	return status, nil
}

// handle runs one request the way net/http would: on its own goroutine, with
// the client waiting up to timeout for the answer.
func (p *Proxy) handle(path string, timeout time.Duration) response {
	done := make(chan response, 1)
	go func() {
		status, err := p.serve(path)
		if err != nil {
			fmt.Printf("proxy: %s: %v\n", path, err)
		}
		done <- response{path: path, status: status}
	}()
	select {
	case r := <-done:
		return r
	case <-time.After(timeout):
		return response{path: path, status: 504}
	}
}

func main() {
	px := &Proxy{upstream: pool.New("orders.svc:8443", 2)}
	for _, path := range []string{
		"/v1/orders/881",
		"/healthz/deep",
		"/v1/orders/882",
		"/healthz/deep",
		"/v1/orders/883",
		"/v1/orders/884",
	} {
		r := px.handle(path, 30*time.Millisecond)
		fmt.Printf("%-16s %d\n", r.path, r.status)
	}

	leakprobe.Done()
}
