// Log shipper agent that tails service logs, ships batches to a collector and checkpoints offsets at shutdown. Leak: a delivery that fails to encode returns without calling wg.Done, so the checkpointer goroutine blocks in Wait forever.
package main

import (
	"fmt"
	"math"
	"sync"
	"time"

	"realistic/heldout/leak_h_shipperdone/shipper"
	"realistic/internal/leakprobe"
)

type memCollector struct {
	mu    sync.Mutex
	bytes int
}

func (c *memCollector) Send(p []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bytes += len(p)
	return nil
}

func main() {
	coll := &memCollector{}
	s := shipper.New(coll)

	s.Ship([]shipper.Record{
		{Source: "nginx/access.log", Offset: 1024, Fields: map[string]any{"status": 200, "path": "/"}},
		{Source: "nginx/access.log", Offset: 1180, Fields: map[string]any{"status": 404, "path": "/favicon.ico"}},
	})
	s.Ship([]shipper.Record{
		// upstream_time parsed from "-" became NaN, which JSON cannot encode
		{Source: "nginx/access.log", Offset: 1302, Fields: map[string]any{"status": 502, "upstream_time": math.NaN()}},
	})
	s.Ship([]shipper.Record{
		{Source: "app/worker.log", Offset: 88, Fields: map[string]any{"level": "info", "msg": "job done"}},
	})

	if err := s.Close(100 * time.Millisecond); err != nil {
		fmt.Println(err)
	}
	for _, err := range s.Failures() {
		fmt.Println("delivery error:", err)
	}

	leakprobe.Done()
}
