// DNS forwarding front-end that races each query across several upstream resolvers. Correct: the answer channel has room for every upstream, so late answers are dropped into the buffer and their goroutines exit.
package main

import (
	"context"
	"fmt"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	fwd := &Forwarder{
		Upstreams: []Upstream{
			{Addr: "10.0.0.2:53", Latency: 5 * time.Millisecond},
			{Addr: "10.0.0.3:53", Latency: 20 * time.Millisecond},
			{Addr: "1.1.1.1:53", Latency: 35 * time.Millisecond},
		},
		Timeout: 100 * time.Millisecond,
	}

	for _, q := range []string{"api.internal.", "db.internal."} {
		ans, err := fwd.Resolve(context.Background(), q)
		if err != nil {
			fmt.Println("resolve", q, "failed:", err)
			continue
		}
		fmt.Printf("%-14s A %-12s via %s\n", ans.Name, ans.Addr, ans.Upstream)
	}

	leakprobe.Done()
}
