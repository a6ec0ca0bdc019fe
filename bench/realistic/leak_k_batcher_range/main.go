// Metrics shipper that batches points before writing them: the batcher's input channel is only ever flushed, never closed, so its ranging goroutine outlives every job.
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_k_batcher_range/batch"
)

type stdoutSink struct {
	mu     sync.Mutex
	writes int
}

func (s *stdoutSink) Write(points []batch.Point) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	names := make([]string, 0, len(points))
	for _, p := range points {
		names = append(names, p.Series)
	}
	fmt.Printf("write %d: %s\n", s.writes, strings.Join(names, ","))
	return nil
}

func shipJob(job string, samples []float64) {
	b := batch.New(&stdoutSink{}, 4)
	for i, v := range samples {
		b.Add(fmt.Sprintf("%s.%d", job, i), v)
	}
	b.Flush()
	time.Sleep(20 * time.Millisecond)
	fmt.Printf("%s: %d points written\n", job, b.Written())
}

func main() {
	shipJob("ingest", []float64{1, 2, 3, 4, 5, 6})
	shipJob("compact", []float64{0.5, 0.25})
	leakprobe.Done()
}
