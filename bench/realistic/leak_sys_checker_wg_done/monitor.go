package main

import (
	"context"
	"sort"
	"sync"
	"time"
)

type Result struct {
	Name    string
	Latency time.Duration
	Err     error
}

type Report struct {
	Healthy bool
	Results []Result
}

// Monitor runs all probes concurrently and assembles a status report.
type Monitor struct {
	probes  []Probe
	timeout time.Duration
}

func (m *Monitor) runProbes(ctx context.Context) <-chan Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for _, p := range m.probes {
		wg.Add(1)
		go func() {
			pctx, cancel := context.WithTimeout(ctx, m.timeout)
			defer cancel()
			lat, err := p.Probe(pctx)
			if err != nil {
				results <- Result{Name: p.Name(), Err: err}
				return
			}
			results <- Result{Name: p.Name(), Latency: lat}
			wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// Collect builds a report, or gives up when ctx is done.
func (m *Monitor) Collect(ctx context.Context) (Report, error) {
	reports := make(chan Report, 1)
	go func() {
		rep := Report{Healthy: true}
		for r := range m.runProbes(ctx) {
			if r.Err != nil {
				rep.Healthy = false
			}
			rep.Results = append(rep.Results, r)
		}
		sort.Slice(rep.Results, func(i, j int) bool { return rep.Results[i].Name < rep.Results[j].Name })
		reports <- rep
	}()
	select {
	case rep := <-reports:
		return rep, nil
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}
}
