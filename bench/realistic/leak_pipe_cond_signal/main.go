// Product-feed sync that pages through a simulated catalog API and hands SKUs to a pool of workers through a cond-based work queue. Leak: workQueue.Close wakes waiters with Signal instead of Broadcast, so only one idle worker sees the close and the others stay parked in cond.Wait forever, along with the goroutine waiting for the pool.
package main

import (
	"fmt"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"realistic/internal/leakprobe"
)

type sku struct {
	code  string
	price int
}

// catalogAPI simulates a paginated upstream API.
type catalogAPI struct {
	pages [][]sku
}

func (c *catalogAPI) page(n int) ([]sku, bool) {
	time.Sleep(15 * time.Millisecond)
	if n >= len(c.pages) {
		return nil, false
	}
	return c.pages[n], true
}

func startWorkers(n int, q *workQueue[sku], synced *atomic.Int64) *sync.WaitGroup {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				s, ok := q.Get()
				if !ok {
					return
				}
				time.Sleep(time.Millisecond) // upsert into the shop database
				if s.price > 0 {
					synced.Add(1)
				}
			}
		}()
	}
	return &wg
}

func main() {
	logger := log.New(os.Stderr, "feed: ", 0)
	api := &catalogAPI{pages: [][]sku{
		{{"A-100", 1999}, {"A-101", 2499}, {"A-102", 0}, {"A-103", 999}},
		{{"B-200", 4999}, {"B-201", 5999}, {"B-202", 150}},
	}}

	q := newWorkQueue[sku]()
	var synced atomic.Int64
	wg := startWorkers(4, q, &synced)

	for n := 0; ; n++ {
		items, more := api.page(n)
		if !more {
			break
		}
		for _, s := range items {
			q.Put(s)
		}
	}
	q.Close()

	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		fmt.Printf("synced %d SKUs\n", synced.Load())
	case <-time.After(50 * time.Millisecond):
		logger.Printf("workers did not stop; %d SKUs synced so far", synced.Load())
	}

	leakprobe.Done()
}
