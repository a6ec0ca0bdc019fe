// Package consumer runs one drain goroutine per assigned partition of a topic.
package consumer

import (
	"fmt"
	"sort"
	"sync"
)

// Record is one message read from a partition.
type Record struct {
	Partition int
	Offset    int64
	Key       string
	Value     []byte
}

// Handler processes records of one partition, in order.
type Handler func(Record) error

type partition struct {
	id      int
	records chan Record
	done    chan struct{}
}

// Group owns the partitions this instance was assigned by the coordinator.
type Group struct {
	handler Handler

	mu         sync.Mutex
	partitions map[int]*partition
	committed  map[int]int64
}

// NewGroup returns an empty group; partitions arrive through Assign.
func NewGroup(h Handler) *Group {
	return &Group{
		handler:    h,
		partitions: make(map[int]*partition),
		committed:  make(map[int]int64),
	}
}

// Assign starts draining the given partitions.
func (g *Group) Assign(ids ...int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, id := range ids {
		if _, ok := g.partitions[id]; ok {
			continue
		}
		p := &partition{id: id, records: make(chan Record, 16), done: make(chan struct{})}
		g.partitions[id] = p
		go g.drain(p)
	}
}

func (g *Group) drain(p *partition) {
	defer close(p.done)
	for rec := range p.records {
		if err := g.handler(rec); err != nil {
			fmt.Printf("partition %d offset %d: %v\n", rec.Partition, rec.Offset, err)
			continue
		}
		g.mu.Lock()
		g.committed[p.id] = rec.Offset
		g.mu.Unlock()
	}
}

// Revoke gives partitions back to the coordinator during a rebalance.
func (g *Group) Revoke(ids ...int) {
	g.mu.Lock()
	revoked := make([]*partition, 0, len(ids))
	for _, id := range ids {
		if p, ok := g.partitions[id]; ok {
			revoked = append(revoked, p)
			delete(g.partitions, id)
		}
	}
	g.mu.Unlock()
	for _, p := range revoked {
		close(p.records)
		<-p.done
	}
}

// Deliver routes a fetched record to its partition's drain goroutine.
func (g *Group) Deliver(rec Record) error {
	g.mu.Lock()
	p, ok := g.partitions[rec.Partition]
	g.mu.Unlock()
	if !ok {
		return fmt.Errorf("deliver: partition %d not assigned", rec.Partition)
	}
	p.records <- rec
	return nil
}

// Close stops every drain goroutine after it has handled what was delivered.
func (g *Group) Close() {
	g.mu.Lock()
	parts := make([]*partition, 0, len(g.partitions))
	for id, p := range g.partitions {
		parts = append(parts, p)
		delete(g.partitions, id)
	}
	g.mu.Unlock()
	for _, p := range parts {
		close(p.records)
		<-p.done
	}
}

// Committed returns the last committed offset per partition, sorted by partition.
func (g *Group) Committed() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]string, 0, len(g.committed))
	for id, off := range g.committed {
		out = append(out, fmt.Sprintf("p%d=%d", id, off))
	}
	sort.Strings(out)
	return out
}
