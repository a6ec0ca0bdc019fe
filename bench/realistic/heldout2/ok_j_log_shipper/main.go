// Log shipper for an ingest node that batches access-log lines into an object-store sink; Close closes the line channel and waits for the batching goroutine to write the last batch.
package main

import (
	"fmt"
	"strings"
	"sync"

	"realistic/heldout2/ok_j_log_shipper/shipper"
	"realistic/internal/leakprobe"
)

// bucketSink pretends to upload each batch as one object.
type bucketSink struct {
	mu      sync.Mutex
	bucket  string
	objects int
	bytes   int
}

func (b *bucketSink) WriteBatch(lines []string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.objects++
	b.bytes += len(strings.Join(lines, "\n"))
	return nil
}

func (b *bucketSink) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Printf("sink %s: %d objects, %d bytes\n", b.bucket, b.objects, b.bytes)
	return nil
}

func main() {
	sink := &bucketSink{bucket: "s3://logs-ingest/2026/12/08"}
	s := shipper.New(sink, 4)

	for i := 0; i < 10; i++ {
		line := fmt.Sprintf(`10.0.0.%d - - "GET /api/v1/items/%d HTTP/1.1" 200 %d`, i%4+1, 1000+i, 512+i*7)
		if err := s.Ship(line); err != nil {
			fmt.Println("ship:", err)
		}
	}
	if err := s.Close(); err != nil {
		fmt.Println("close:", err)
	}

	leakprobe.Done()
}
