// Nightly catalogue importer that loads shard files in parallel and publishes each batch when all shards are staged. Leak: the goroutine of the last shard calls wg.Wait itself before its own deferred Done has run, so it waits forever and the batch is never committed.
package main

import (
	"fmt"
	"log"
	"time"

	"realistic/internal/leakprobe"
)

func main() {
	imp := &Importer{db: &staging{staged: map[string]int{}, published: map[string]int{}}}

	batches := []Batch{
		{ID: "catalogue-2024-03-14", Parts: []Part{
			{Name: "products-000.csv", Rows: 900},
			{Name: "products-001.csv", Rows: 1200},
			{Name: "products-002.csv", Rows: 400},
		}},
		{ID: "prices-2024-03-14", Parts: []Part{
			{Name: "prices-eu.csv", Rows: 300},
			{Name: "prices-us.csv", Rows: 500},
		}},
	}

	for _, b := range batches {
		select {
		case err := <-imp.Run(b):
			if err != nil {
				log.Print(err)
				continue
			}
			fmt.Printf("batch %s published\n", b.ID)
		case <-time.After(60 * time.Millisecond):
			log.Printf("batch %s: no commit within 60ms, leaving it for the next run", b.ID)
		}
	}

	imp.db.mu.Lock()
	fmt.Printf("staged=%v published=%v\n", imp.db.staged, imp.db.published)
	imp.db.mu.Unlock()

	leakprobe.Done()
}
