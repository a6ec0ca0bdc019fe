package main

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Probe checks one dependency and reports its latency.
type Probe interface {
	Name() string
	Probe(ctx context.Context) (time.Duration, error)
}

type tcpProbe struct {
	name    string
	addr    string
	latency time.Duration
	refuse  bool
}

func (p *tcpProbe) Name() string { return p.name }

func (p *tcpProbe) Probe(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	select {
	case <-time.After(p.latency):
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	if p.refuse {
		return 0, fmt.Errorf("dial tcp %s: connection refused", p.addr)
	}
	return time.Since(start), nil
}

type diskProbe struct {
	path    string
	freePct float64
}

func (p *diskProbe) Name() string { return "disk:" + p.path }

func (p *diskProbe) Probe(ctx context.Context) (time.Duration, error) {
	if p.freePct < 10 {
		return 0, errors.New("less than 10% free")
	}
	return time.Microsecond, nil
}
