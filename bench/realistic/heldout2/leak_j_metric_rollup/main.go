// Metric rollup job that parses StatsD lines and sums them on a small worker pool; when a line fails to parse the job returns without closing the jobs channel, so the workers stay blocked in their range loops.
package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"realistic/internal/leakprobe"
)

type sample struct {
	name  string
	value float64
	kind  string // "c" counter, "g" gauge, "ms" timer
}

type rollup map[string]float64

func parseSample(line string) (sample, error) {
	// api.requests:1|c
	name, rest, ok := strings.Cut(line, ":")
	if !ok || name == "" {
		return sample{}, fmt.Errorf("parse %q: missing name", line)
	}
	raw, kind, ok := strings.Cut(rest, "|")
	if !ok {
		return sample{}, fmt.Errorf("parse %q: missing type", line)
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return sample{}, fmt.Errorf("parse %q: %w", line, err)
	}
	return sample{name: name, value: v, kind: kind}, nil
}

type aggregator struct {
	workers int
}

// Rollup aggregates one flush interval worth of lines.
func (a *aggregator) Rollup(lines []string) (rollup, error) {
	jobs := make(chan sample)
	partials := make(chan rollup, a.workers)
	var wg sync.WaitGroup
	for i := 0; i < a.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make(rollup)
			for s := range jobs {
				switch s.kind {
				case "c", "ms":
					local[s.name] += s.value
				case "g":
					local[s.name] = s.value
				}
			}
			partials <- local
		}()
	}

	for _, line := range lines {
		s, err := parseSample(line)
		if err != nil {
			return nil, err
		}
		jobs <- s
	}
	close(jobs)
	wg.Wait()
	close(partials)

	total := make(rollup)
	for p := range partials {
		for k, v := range p {
			total[k] += v
		}
	}
	return total, nil
}

func main() {
	agg := &aggregator{workers: 3}

	intervals := [][]string{
		{"api.requests:1|c", "api.requests:1|c", "api.latency:12.5|ms", "db.pool.open:7|g", "api.requests:1|c"},
		{"api.requests:1|c", "api.latency:9|ms", "api.errors:one|c", "api.requests:1|c"},
	}
	for i, lines := range intervals {
		total, err := agg.Rollup(lines)
		if err != nil {
			fmt.Printf("interval %d dropped: %v\n", i, err)
			continue
		}
		names := make([]string, 0, len(total))
		for k := range total {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Printf("interval %d %s=%g\n", i, k, total[k])
		}
	}

	leakprobe.Done()
}
