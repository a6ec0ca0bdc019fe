package main

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

var errBadRoute = errors.New("invalid route")

type routeStats struct {
	count int
	total time.Duration
	worst time.Duration
}

// latencyStats aggregates per-route latencies from many log shards.
type latencyStats struct {
	mu      sync.Mutex
	byRoute map[string]*routeStats
	shards  []string
}

func newLatencyStats() *latencyStats {
	return &latencyStats{byRoute: make(map[string]*routeStats)}
}

// Merge folds one shard's partial result into the totals.
func (s *latencyStats) Merge(shard string, part map[string][]time.Duration) error {
	s.mu.Lock()
	for route, ds := range part {
		if route == "" || route[0] != '/' {
			return fmt.Errorf("shard %s: %w %q", shard, errBadRoute, route)
		}
		rs := s.byRoute[route]
		if rs == nil {
			rs = &routeStats{}
			s.byRoute[route] = rs
		}
		for _, d := range ds {
			rs.count++
			rs.total += d
			rs.worst = max(rs.worst, d)
		}
	}
	s.shards = append(s.shards, shard)
	s.mu.Unlock()
	return nil
}

// Report renders the aggregated table sorted by route.
func (s *latencyStats) Report() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	routes := make([]string, 0, len(s.byRoute))
	for r := range s.byRoute {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	lines := make([]string, 0, len(routes))
	for _, r := range routes {
		rs := s.byRoute[r]
		lines = append(lines, fmt.Sprintf("%-16s n=%-3d avg=%-8v worst=%v", r, rs.count, rs.total/time.Duration(rs.count), rs.worst))
	}
	return lines
}
