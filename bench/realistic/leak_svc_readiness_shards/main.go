// Readiness endpoint that pings every storage shard in parallel and reports the first failure. Leak: the error channel holds a single error, so when three or more shards fail, a pinger blocks forever on its send and the goroutine waiting to close the channel never gets past Wait.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type shard struct {
	name string
	up   bool
	rtt  time.Duration
}

func (s *shard) Ping(ctx context.Context) error {
	select {
	case <-time.After(s.rtt):
	case <-ctx.Done():
		return ctx.Err()
	}
	if !s.up {
		return fmt.Errorf("shard %s: connection refused", s.name)
	}
	return nil
}

type readiness struct {
	shards  []*shard
	timeout time.Duration
}

func (h *readiness) checkShards(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()

	errc := make(chan error, 1)
	var wg sync.WaitGroup
	for _, s := range h.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Ping(ctx); err != nil {
				errc <- err
			}
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()

	// Only the first failure matters for the probe's answer.
	if err, ok := <-errc; ok {
		return err
	}
	return nil
}

func (h *readiness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.checkShards(r.Context()); err != nil {
		http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

func main() {
	shards := []*shard{
		{name: "users-0", up: true, rtt: 2 * time.Millisecond},
		{name: "users-1", up: true, rtt: 3 * time.Millisecond},
		{name: "orders-0", up: true, rtt: 2 * time.Millisecond},
		{name: "orders-1", up: true, rtt: 4 * time.Millisecond},
	}
	h := &readiness{shards: shards, timeout: 50 * time.Millisecond}

	probe := func(label string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		fmt.Printf("%s: %d %s", label, rec.Code, rec.Body.String())
	}

	probe("healthy cluster")

	// The orders cluster and one users shard lose their primary.
	shards[1].up = false
	shards[2].up = false
	shards[3].up = false
	probe("after failover")

	leakprobe.Done()
}
