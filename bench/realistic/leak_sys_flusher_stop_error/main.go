// Metrics flusher batching points to a time-series backend on a ticker. Leak: Stop returns early when the final flush fails, before closing quit, so the flush loop keeps ticking forever after shutdown.
package main

import (
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

func recordRequest(f *Flusher, route string, status int, d time.Duration) {
	f.Record(Point{
		Name:  "http_request_duration_seconds",
		Tags:  map[string]string{"route": route, "status": fmt.Sprint(status)},
		Value: d.Seconds(),
		At:    time.Now(),
	})
}

func main() {
	sink := &memorySink{}
	f := NewFlusher(sink, 10*time.Second, 5)
	f.Start()

	routes := []string{"/api/orders", "/api/users", "/healthz"}
	for i := 0; i < 12; i++ {
		recordRequest(f, routes[i%len(routes)], 200, time.Duration(i+3)*time.Millisecond)
		time.Sleep(2 * time.Millisecond)
	}

	for _, batches := sink.stats(); batches < 2; _, batches = sink.stats() {
		time.Sleep(time.Millisecond)
	}

	// The backend goes into maintenance right as the process is being shut down.
	sink.setDown(true)
	recordRequest(f, "/api/orders", 500, 31*time.Millisecond)
	recordRequest(f, "/api/orders", 200, 12*time.Millisecond)

	if err := f.Stop(); err != nil {
		log.Printf("shutdown: metrics: %v", err)
	}
	written, batches := sink.stats()
	fmt.Printf("written=%d batches=%d dropped=%d\n", written, batches, f.Dropped())

	leakprobe.Done()
}
