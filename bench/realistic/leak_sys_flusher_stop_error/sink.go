package main

import (
	"context"
	"errors"
	"sync"
)

var errUnavailable = errors.New("tsdb: 503 service unavailable")

// memorySink stands in for the remote write endpoint of the TSDB.
type memorySink struct {
	mu      sync.Mutex
	down    bool
	written int
	batches int
}

func (s *memorySink) Write(ctx context.Context, batch []Point) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return errUnavailable
	}
	s.written += len(batch)
	s.batches++
	return nil
}

func (s *memorySink) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

func (s *memorySink) stats() (written, batches int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written, s.batches
}
