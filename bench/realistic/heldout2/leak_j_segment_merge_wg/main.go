// Search index compactor that merges segments in parallel and commits once every merge is done; it adds one WaitGroup count per segment but starts no merge for empty segments, so the committing goroutine waits forever and the compaction never commits.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type segment struct {
	name string
	docs map[string]string // doc id -> stored field
	dels map[string]bool   // tombstones
}

type mergedSegment struct {
	from string
	live int
}

type compactor struct {
	mu      sync.Mutex
	merged  []mergedSegment
	version int
}

func (c *compactor) mergeOne(s segment) {
	live := 0
	for id := range s.docs {
		if !s.dels[id] {
			live++
		}
	}
	time.Sleep(5 * time.Millisecond) // write the new segment file
	c.mu.Lock()
	c.merged = append(c.merged, mergedSegment{from: s.name, live: live})
	c.mu.Unlock()
}

func (c *compactor) commit() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.version++
	sort.Slice(c.merged, func(i, j int) bool { return c.merged[i].from < c.merged[j].from })
}

// Compact merges segs and returns a channel closed after the new generation is committed.
func (c *compactor) Compact(segs []segment) <-chan struct{} {
	committed := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(len(segs))
	for _, s := range segs {
		if len(s.docs) == 0 {
			continue
		}
		go func() {
			defer wg.Done()
			c.mergeOne(s)
		}()
	}
	go func() {
		wg.Wait()
		c.commit()
		close(committed)
	}()
	return committed
}

func main() {
	segs := []segment{
		{name: "_0", docs: map[string]string{"a": "x", "b": "y", "c": "z"}, dels: map[string]bool{"b": true}},
		{name: "_1", docs: map[string]string{"d": "w"}},
		{name: "_2", docs: map[string]string{}, dels: map[string]bool{}},
		{name: "_3", docs: map[string]string{"e": "v", "f": "u"}, dels: map[string]bool{"e": true, "f": true}},
	}

	c := &compactor{}
	select {
	case <-c.Compact(segs):
		c.mu.Lock()
		fmt.Printf("committed generation %d: %v\n", c.version, c.merged)
		c.mu.Unlock()
	case <-time.After(250 * time.Millisecond):
		fmt.Println("compaction did not commit in time; keeping the old generation")
	}

	leakprobe.Done()
}
