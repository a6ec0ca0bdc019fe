// Metrics collector scraping exporters concurrently into one sample channel. Leak: the channel is buffered one slot per target but each target sends one message per series plus an end marker, so a target that answers after the scrape deadline with more series than the buffer holds blocks forever on its send.
package main

import (
	"bufio"
	"fmt"
	"log"
	"sort"
	"strconv"
	"strings"
	"time"

	"realistic/internal/leakprobe"
)

type Sample struct {
	Target string
	Series string
	Value  float64
	end    bool // last message for Target
}

// Target is an exporter endpoint; fetch stands in for the HTTP GET /metrics.
type Target struct {
	Name  string
	fetch func() (string, error)
}

type Scraper struct {
	targets []Target
	timeout time.Duration
}

// parseExposition calls emit for every "name value" line of a text exposition.
func parseExposition(body string, emit func(series string, v float64)) error {
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, raw, ok := strings.Cut(line, " ")
		if !ok {
			return fmt.Errorf("malformed line %q", line)
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return fmt.Errorf("series %s: %w", name, err)
		}
		emit(name, v)
	}
	return sc.Err()
}

func (s *Scraper) scrapeTarget(t Target, out chan<- Sample) {
	body, err := t.fetch()
	if err != nil {
		log.Printf("scrape %s: %v", t.Name, err)
	} else if err := parseExposition(body, func(series string, v float64) {
		out <- Sample{Target: t.Name, Series: series, Value: v}
	}); err != nil {
		log.Printf("scrape %s: %v", t.Name, err)
	}
	out <- Sample{Target: t.Name, end: true}
}

// Scrape collects one round from every target, giving up on slow ones at the deadline.
func (s *Scraper) Scrape() (samples []Sample, late []string) {
	out := make(chan Sample, len(s.targets))
	for _, t := range s.targets {
		go s.scrapeTarget(t, out)
	}

	finished := make(map[string]bool, len(s.targets))
	deadline := time.NewTimer(s.timeout)
	defer deadline.Stop()
	for len(finished) < len(s.targets) {
		select {
		case smp := <-out:
			if smp.end {
				finished[smp.Target] = true
				continue
			}
			samples = append(samples, smp)
		case <-deadline.C:
			for _, t := range s.targets {
				if !finished[t.Name] {
					late = append(late, t.Name)
				}
			}
			return samples, late
		}
	}
	return samples, nil
}

func exporter(latency time.Duration, body string) func() (string, error) {
	return func() (string, error) {
		time.Sleep(latency)
		return body, nil
	}
}

func main() {
	s := &Scraper{
		timeout: 60 * time.Millisecond,
		targets: []Target{
			{Name: "api-1", fetch: exporter(3*time.Millisecond,
				"# TYPE http_requests_total counter\nhttp_requests_total 1532\nhttp_inflight 4\nprocess_open_fds 87\n")},
			{Name: "api-2", fetch: exporter(6*time.Millisecond,
				"http_requests_total 1490\nhttp_inflight 2\nprocess_open_fds 91\n")},
			{Name: "batch-worker", fetch: exporter(9*time.Millisecond,
				"jobs_processed_total 88\njobs_failed_total 1\nqueue_depth 12\n")},
			{Name: "legacy-exporter", fetch: exporter(120*time.Millisecond,
				"jvm_heap_used_bytes 5.1e+08\njvm_heap_max_bytes 2.1e+09\njvm_threads 212\n"+
					"jvm_classes_loaded 18211\ngc_pause_seconds_sum 3.2\ngc_pause_seconds_count 410\n")},
		},
	}

	samples, late := s.Scrape()
	sort.Slice(samples, func(i, j int) bool {
		if samples[i].Target != samples[j].Target {
			return samples[i].Target < samples[j].Target
		}
		return samples[i].Series < samples[j].Series
	})
	for _, smp := range samples {
		fmt.Printf("%-8s %-22s %g\n", smp.Target, smp.Series, smp.Value)
	}
	if len(late) > 0 {
		fmt.Printf("scrape deadline exceeded for: %s\n", strings.Join(late, ", "))
	}

	leakprobe.Done()
}
