// Status page backend that probes dependencies concurrently through a WaitGroup-closed result channel. Correct: every probe goroutine defers wg.Done, so the closer goroutine closes the channel after the last result and the report builder finishes.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	m := &Monitor{
		timeout: 40 * time.Millisecond,
		probes: []Probe{
			&tcpProbe{name: "postgres", addr: "10.0.3.10:5432", latency: 2 * time.Millisecond},
			&tcpProbe{name: "redis", addr: "10.0.3.11:6379", latency: 1 * time.Millisecond},
			&tcpProbe{name: "smtp-relay", addr: "10.0.3.25:25", latency: 3 * time.Millisecond, refuse: true},
			&diskProbe{path: "/var/lib/app", freePct: 42},
		},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Millisecond)
	defer cancel()
	rep, err := m.Collect(ctx)
	if err != nil {
		log.Printf("GET /status: 504: %v", err)
	} else {
		fmt.Printf("GET /status: healthy=%v\n", rep.Healthy)
		for _, r := range rep.Results {
			fmt.Printf("  %-18s %-10v %v\n", r.Name, r.Latency.Round(time.Millisecond), r.Err)
		}
	}

	leakprobe.Done()
}
