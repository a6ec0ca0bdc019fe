// Access-log latency aggregator that parses shards in parallel and merges each shard's partial result into shared stats. Correct: latencyStats.Merge defers the unlock, so a shard rejected for an invalid route releases the mutex and the other workers finish.
package main

import (
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// parseShard turns "METHOD ROUTE STATUS DURATION" lines into latencies per route.
func parseShard(lines []string) map[string][]time.Duration {
	part := make(map[string][]time.Duration)
	for _, l := range lines {
		time.Sleep(2 * time.Millisecond) // decompress + parse
		f := strings.Fields(l)
		if len(f) != 4 {
			continue
		}
		d, err := time.ParseDuration(f[3])
		if err != nil {
			continue
		}
		part[f[1]] = append(part[f[1]], d)
	}
	return part
}

func genShard(n int, routes ...string) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, fmt.Sprintf("GET %s 200 %dms", routes[i%len(routes)], 5+i*3))
	}
	return out
}

func main() {
	logger := log.New(os.Stderr, "latency: ", 0)
	shards := map[string][]string{
		"edge-1": genShard(12, "/api/orders", "/api/users"),
		"edge-2": {"GET api/health 200 1ms"},
		"edge-3": genShard(10, "/api/orders", "/checkout"),
		"edge-4": genShard(15, "/api/users", "/checkout", "/"),
	}

	stats := newLatencyStats()
	var wg sync.WaitGroup
	for name, lines := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := stats.Merge(name, parseShard(lines)); err != nil {
				logger.Printf("merge: %v", err)
			}
		}()
	}

	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		for _, l := range stats.Report() {
			fmt.Println(l)
		}
	case <-time.After(100 * time.Millisecond):
		logger.Printf("aggregation stalled, no report written")
	}

	leakprobe.Done()
}
