// Invoice settlement batch runner that settles batches concurrently and closes the results channel once all are done. Leak: startBatches calls wg.Add(1) before skipping an empty batch, so the counter never reaches zero and the closer goroutine blocks in wg.Wait forever after collect gives up.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type invoice struct {
	id       string
	cents    int64
	discount int64
}

type batch struct {
	id       string
	invoices []invoice
}

type settlement struct {
	batchID string
	count   int
	cents   int64
}

var logger = log.New(os.Stderr, "settle: ", 0)

func settle(b batch) settlement {
	s := settlement{batchID: b.id}
	for _, inv := range b.invoices {
		time.Sleep(time.Millisecond) // ledger write
		s.cents += inv.cents - inv.discount
		s.count++
	}
	return s
}

// startBatches settles every batch on its own goroutine. The returned
// channel is closed when all batches are settled.
func startBatches(batches []batch) <-chan settlement {
	results := make(chan settlement, len(batches))
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		if len(b.invoices) == 0 {
			logger.Printf("batch %s: no invoices, skipping", b.id)
			continue
		}
		go func() {
			defer wg.Done()
			results <- settle(b)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

func collect(ctx context.Context, results <-chan settlement) ([]settlement, error) {
	var out []settlement
	for {
		select {
		case s, ok := <-results:
			if !ok {
				return out, nil
			}
			out = append(out, s)
		case <-ctx.Done():
			return out, fmt.Errorf("collect: %w after %d settlements", ctx.Err(), len(out))
		}
	}
}

func main() {
	batches := []batch{
		{"2024-06-01-a", []invoice{{"inv-1", 12000, 0}, {"inv-2", 8000, 500}}},
		{"2024-06-01-b", nil},
		{"2024-06-01-c", []invoice{{"inv-3", 4500, 0}, {"inv-4", 990, 0}, {"inv-5", 30000, 3000}}},
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
	defer cancel()
	settled, err := collect(ctx, startBatches(batches))
	if err != nil {
		logger.Print(err)
	}
	var total int64
	for _, s := range settled {
		total += s.cents
	}
	fmt.Printf("settled %d batches, %d cents\n", len(settled), total)

	leakprobe.Done()
}
