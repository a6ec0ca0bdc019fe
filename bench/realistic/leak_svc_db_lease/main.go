// Reporting API that leases database connections from a pool whose lease goroutine returns the connection when the lease context ends. Leak: the handler's tenant-permission check returns before the release function is deferred, so those leases' goroutines wait on ctx.Done forever.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"

	"realistic/internal/leakprobe"
)

type dbConn struct {
	id     int
	tenant string
}

func (c *dbConn) QueryRevenue(tenant, quarter string) (int64, error) {
	if quarter == "" {
		return 0, errors.New("missing quarter")
	}
	return int64(len(tenant)*1_000_00 + len(quarter)*17), nil
}

type Pool struct {
	mu     sync.Mutex
	idle   []*dbConn
	leased int
	nextID int
}

// Lease hands out a connection that goes back to the pool once release is
// called or the parent context is done.
func (p *Pool) Lease(ctx context.Context) (*dbConn, context.CancelFunc) {
	p.mu.Lock()
	var c *dbConn
	if n := len(p.idle); n > 0 {
		c, p.idle = p.idle[n-1], p.idle[:n-1]
	} else {
		p.nextID++
		c = &dbConn{id: p.nextID}
	}
	p.leased++
	p.mu.Unlock()

	ctx, release := context.WithCancel(ctx)
	go func() {
		<-ctx.Done()
		p.mu.Lock()
		c.tenant = ""
		p.idle = append(p.idle, c)
		p.leased--
		p.mu.Unlock()
	}()
	return c, release
}

func (p *Pool) Stats() (idle, leased int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle), p.leased
}

type ReportAPI struct {
	pool   *Pool
	grants map[string][]string // api key -> tenants
}

func (a *ReportAPI) allowed(key, tenant string) bool {
	for _, t := range a.grants[key] {
		if t == tenant {
			return true
		}
	}
	return false
}

func (a *ReportAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tenant := r.URL.Query().Get("tenant")
	conn, release := a.pool.Lease(context.Background())
	if !a.allowed(r.Header.Get("X-Api-Key"), tenant) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	defer release()

	conn.tenant = tenant
	rev, err := conn.QueryRevenue(tenant, r.URL.Query().Get("quarter"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintf(w, "%s revenue: %d\n", tenant, rev)
}

func main() {
	api := &ReportAPI{
		pool:   &Pool{},
		grants: map[string][]string{"k-fin": {"acme", "globex"}, "k-ops": {"acme"}},
	}
	calls := []struct{ key, query string }{
		{"k-fin", "tenant=acme&quarter=2025Q1"},
		{"k-ops", "tenant=globex&quarter=2025Q1"},
		{"k-fin", "tenant=globex&quarter="},
		{"k-ops", "tenant=initech&quarter=2025Q2"},
		{"k-fin", "tenant=globex&quarter=2025Q2"},
	}
	for _, c := range calls {
		req := httptest.NewRequest(http.MethodGet, "/reports/revenue?"+c.query, nil)
		req.Header.Set("X-Api-Key", c.key)
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		fmt.Printf("%s %s -> %d %s", c.key, c.query, rec.Code, rec.Body.String())
	}
	idle, leased := api.pool.Stats()
	fmt.Printf("pool: idle=%d leased=%d\n", idle, leased)
	leakprobe.Done()
}
