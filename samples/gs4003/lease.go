package gs4003

import (
	"context"
	"fmt"
	"net/http"
	"sync"
)

// Pool lends connections; each goes back when its lease's cancel function is called.
type Pool struct {
	mu   sync.Mutex
	idle []int
	next int
}

// Lease returns a connection and the function that gives it back: the goroutine waits
// until that function is called (or the parent context is done).
func (p *Pool) Lease(ctx context.Context) (int, context.CancelFunc) {
	p.mu.Lock()
	p.next++
	conn := p.next
	p.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	go func() { // want `GS4003: goroutine runs until the cancel function that Lease returns is called; ServeHTTP can return without calling it`
		<-ctx.Done()
		p.mu.Lock()
		p.idle = append(p.idle, conn)
		p.mu.Unlock()
	}()
	return conn, cancel
}

// Reports serves one report per request from a leased connection.
type Reports struct {
	pool *Pool
}

// ServeHTTP returns on a bad request before it defers the release: that lease's
// goroutine waits forever, one per bad request.
func (s *Reports) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, release := s.pool.Lease(context.Background())
	if r.URL.Query().Get("q") == "" {
		http.Error(w, "missing q", http.StatusBadRequest)
		return
	}
	defer release()
	fmt.Fprintln(w, "conn", conn)
}

// Exports releases on every path.
type Exports struct {
	pool *Pool
}

// ServeHTTP defers the release right after the lease.
func (s *Exports) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, release := s.pool.Lease(context.Background())
	defer release()
	if r.URL.Query().Get("q") == "" {
		http.Error(w, "missing q", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, "conn", conn)
}

// Audits leases from the request's context, which the server cancels when the request
// ends: the goroutine ends with it.
type Audits struct {
	pool *Pool
}

// ServeHTTP may drop the release, but the request's end cancels the lease.
func (s *Audits) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	conn, release := s.pool.Lease(r.Context())
	if r.URL.Query().Get("q") == "" {
		return
	}
	defer release()
	fmt.Fprintln(w, "conn", conn)
}
