// Clickstream consumer that drains each assigned partition on its own goroutine; a rebalance revokes partitions by forgetting them without closing their record channels, so their drain goroutines stay blocked in range.
package main

import (
	"errors"
	"fmt"
	"sync"

	"realistic/heldout2/leak_j_partition_drain/consumer"
	"realistic/internal/leakprobe"
)

type sessionizer struct {
	mu    sync.Mutex
	views map[string]int
}

func (s *sessionizer) handle(rec consumer.Record) error {
	if len(rec.Value) == 0 {
		return errors.New("empty click event")
	}
	s.mu.Lock()
	s.views[rec.Key]++
	s.mu.Unlock()
	return nil
}

func main() {
	s := &sessionizer{views: make(map[string]int)}
	g := consumer.NewGroup(s.handle)
	g.Assign(0, 1, 2, 3)

	var offset int64
	for i := 0; i < 12; i++ {
		offset++
		rec := consumer.Record{Partition: i % 4, Offset: offset, Key: fmt.Sprintf("session-%d", i%5), Value: []byte(`{"page":"/home"}`)}
		if err := g.Deliver(rec); err != nil {
			fmt.Println(err)
		}
	}

	// Coordinator moved partitions 2 and 3 to another instance.
	g.Revoke(2, 3)
	if err := g.Deliver(consumer.Record{Partition: 3, Offset: offset + 1, Key: "session-9", Value: []byte(`{}`)}); err != nil {
		fmt.Println(err)
	}

	g.Close()
	fmt.Println("committed:", g.Committed())

	leakprobe.Done()
}
