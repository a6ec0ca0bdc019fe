// Audit-log batcher whose flusher sleeps on a sync.Cond until records arrive or the batcher closes: Close sets the flag but never wakes the flusher, so it waits forever.
package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

// Record is one audited action.
type Record struct {
	Actor  string
	Action string
	At     time.Time
}

// AuditBatcher collects records and writes them in groups.
type AuditBatcher struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []Record
	closed  bool
	write   func([]Record)
}

// NewAuditBatcher starts the flusher.
func NewAuditBatcher(write func([]Record)) *AuditBatcher {
	b := &AuditBatcher{write: write}
	b.cond = sync.NewCond(&b.mu)
	go b.flusher()
	return b
}

func (b *AuditBatcher) next() ([]Record, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.pending) == 0 && !b.closed {
		b.cond.Wait()
	}
	batch := b.pending
	b.pending = nil
	return batch, len(batch) > 0 || !b.closed
}

func (b *AuditBatcher) flusher() {
	for {
		batch, more := b.next()
		if len(batch) > 0 {
			b.write(batch)
		}
		if !more {
			return
		}
	}
}

// Log queues a record.
func (b *AuditBatcher) Log(actor, action string) {
	b.mu.Lock()
	b.pending = append(b.pending, Record{Actor: actor, Action: action, At: time.Now()})
	b.mu.Unlock()
	b.cond.Signal()
}

// Close stops accepting records; the flusher writes what is left and exits.
func (b *AuditBatcher) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
}

func run() {
	var mu sync.Mutex
	var lines []string
	b := NewAuditBatcher(func(rs []Record) {
		mu.Lock()
		defer mu.Unlock()
		for _, r := range rs {
			lines = append(lines, r.Actor+" "+r.Action)
		}
	})
	b.Log("alice", "grant role=admin user=bob")
	b.Log("bob", "delete bucket=tmp-exports")
	time.Sleep(20 * time.Millisecond)
	b.Close()
	time.Sleep(20 * time.Millisecond)
	mu.Lock()
	fmt.Println(strings.Join(lines, "\n"))
	mu.Unlock()
}

func main() {
	run()
	leakprobe.Done()
}
