// ETL enrichment step that joins order events with customer records, memoising lookups in a per-batch ttlcache. Correct: enrichBatch defers cache.Close, so each batch stops its janitor goroutine before returning.
package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"realistic/internal/leakprobe"
	"realistic/ok_pipe_janitor_per_cache/ttlcache"
)

type customer struct {
	ID      string
	Segment string
	Country string
}

type orderEvent struct {
	OrderID    string
	CustomerID string
	Cents      int64
}

type enriched struct {
	orderEvent
	Segment string
	Country string
}

// crm simulates the customer service the enrichment step calls.
type crm struct {
	calls int
	db    map[string]customer
}

func (c *crm) lookup(id string) (customer, error) {
	c.calls++
	time.Sleep(time.Millisecond)
	cu, ok := c.db[id]
	if !ok {
		return customer{}, fmt.Errorf("customer %s not found", id)
	}
	return cu, nil
}

func enrichBatch(events []orderEvent, svc *crm, logger *log.Logger) []enriched {
	cache := ttlcache.New[string, customer](time.Minute, 50*time.Millisecond)
	defer cache.Close()

	out := make([]enriched, 0, len(events))
	for _, ev := range events {
		cu, ok := cache.Get(ev.CustomerID)
		if !ok {
			var err error
			cu, err = svc.lookup(ev.CustomerID)
			if err != nil {
				logger.Printf("order %s: %v", ev.OrderID, err)
				continue
			}
			cache.Set(ev.CustomerID, cu)
		}
		out = append(out, enriched{orderEvent: ev, Segment: cu.Segment, Country: cu.Country})
	}
	hits, misses := cache.Stats()
	logger.Printf("batch of %d: cache hits=%d misses=%d", len(events), hits, misses)
	return out
}

func main() {
	logger := log.New(os.Stderr, "enrich: ", 0)
	svc := &crm{db: map[string]customer{
		"c1": {"c1", "enterprise", "DE"},
		"c2": {"c2", "smb", "US"},
		"c3": {"c3", "smb", "FR"},
	}}

	batches := [][]orderEvent{
		{{"o1", "c1", 1200}, {"o2", "c2", 800}, {"o3", "c1", 4300}},
		{{"o4", "c3", 150}, {"o5", "c3", 990}, {"o6", "c9", 20}},
		{{"o7", "c2", 7100}, {"o8", "c1", 60}, {"o9", "c2", 310}},
	}

	revenue := map[string]int64{}
	for _, b := range batches {
		for _, e := range enrichBatch(b, svc, logger) {
			revenue[e.Segment] += e.Cents
		}
	}
	fmt.Printf("revenue by segment: %v (crm calls: %d)\n", revenue, svc.calls)

	leakprobe.Done()
}
