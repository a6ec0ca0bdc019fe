// Metrics batch writer that buffers points on a background goroutine and flushes them in batches or on Stop. Leak: the stop case ends with a bare break, which only leaves the select, so after the final flush the loop goroutine goes back to waiting on channels nobody uses anymore.
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type point struct {
	name  string
	value float64
	at    time.Time
}

// sink stands in for the time-series database.
type sink struct {
	mu      sync.Mutex
	batches [][]string
}

func (s *sink) write(lines []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches = append(s.batches, lines)
}

// BatchWriter groups points into batches of at most maxBatch.
type BatchWriter struct {
	points   chan point
	stop     chan chan struct{}
	maxBatch int
	out      *sink
}

func NewBatchWriter(out *sink, maxBatch int) *BatchWriter {
	w := &BatchWriter{
		points:   make(chan point, 4),
		stop:     make(chan chan struct{}),
		maxBatch: maxBatch,
		out:      out,
	}
	go w.loop()
	return w
}

func (w *BatchWriter) Add(p point) {
	w.points <- p
}

// Stop flushes what is buffered and waits for the flush to finish.
func (w *BatchWriter) Stop() {
	ack := make(chan struct{})
	w.stop <- ack
	<-ack
}

func (w *BatchWriter) loop() {
	batch := make([]point, 0, w.maxBatch)
	for {
		select {
		case p := <-w.points:
			batch = append(batch, p)
			if len(batch) == w.maxBatch {
				w.flush(batch)
				batch = batch[:0]
			}
		case ack := <-w.stop:
			// Drain anything Add queued before Stop.
			for len(w.points) > 0 {
				batch = append(batch, <-w.points)
			}
			w.flush(batch)
			close(ack)
			break
		}
	}
}

func (w *BatchWriter) flush(batch []point) {
	if len(batch) == 0 {
		return
	}
	lines := make([]string, len(batch))
	for i, p := range batch {
		lines[i] = fmt.Sprintf("%s value=%g %d", p.name, p.value, p.at.UnixNano())
	}
	w.out.write(lines)
}

func main() {
	db := &sink{}
	w := NewBatchWriter(db, 5)

	start := time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 13; i++ {
		w.Add(point{name: "http_requests_total", value: float64(100 + i*7), at: start.Add(time.Duration(i) * time.Second)})
	}
	w.Stop()

	for i, b := range db.batches {
		fmt.Printf("batch %d: %d points, first=%s\n", i, len(b), strings.Fields(b[0])[1])
	}

	leakprobe.Done()
}
