// Order-placement endpoint that writes an order across inventory, payment and shipping shards in two phases: every shard worker prepares, waits for its siblings, then commits. Leak: the workers wait on the same WaitGroup that their own deferred Done feeds, so no worker ever gets past the barrier and the request times out with all of them blocked.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"realistic/internal/leakprobe"
)

type shard struct {
	name     string
	mu       sync.Mutex
	prepared map[string]string
	commits  []string
}

func (s *shard) Prepare(txID, payload string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if payload == "" {
		return fmt.Errorf("%s: empty payload", s.name)
	}
	s.prepared[txID] = payload
	return nil
}

func (s *shard) Commit(txID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commits = append(s.commits, txID+":"+s.prepared[txID])
	delete(s.prepared, txID)
}

type shardResult struct {
	shard string
	err   error
}

type OrderWriter struct {
	shards  []*shard
	timeout time.Duration
}

func (w *OrderWriter) runShard(s *shard, txID, payload string, wg *sync.WaitGroup, out chan<- shardResult) {
	defer wg.Done()
	if err := s.Prepare(txID, payload); err != nil {
		out <- shardResult{shard: s.name, err: err}
		return
	}
	// Do not commit anywhere until every shard has prepared.
	wg.Wait()
	s.Commit(txID)
	out <- shardResult{shard: s.name}
}

func (w *OrderWriter) Place(ctx context.Context, txID string, parts map[string]string) error {
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()

	out := make(chan shardResult, len(w.shards))
	var wg sync.WaitGroup
	wg.Add(len(w.shards))
	for _, s := range w.shards {
		go w.runShard(s, txID, parts[s.name], &wg, out)
	}

	var errs []error
	for range w.shards {
		select {
		case r := <-out:
			if r.err != nil {
				errs = append(errs, r.err)
			}
		case <-ctx.Done():
			return fmt.Errorf("place %s: %w", txID, ctx.Err())
		}
	}
	return errors.Join(errs...)
}

func main() {
	w := &OrderWriter{timeout: 60 * time.Millisecond}
	for _, name := range []string{"inventory", "payment", "shipping"} {
		w.shards = append(w.shards, &shard{name: name, prepared: make(map[string]string)})
	}

	err := w.Place(context.Background(), "tx-5001", map[string]string{
		"inventory": "sku-100 x2",
		"payment":   "card **** 4242 EUR 39.98",
		"shipping":  "DHL to 10115 Berlin",
	})
	fmt.Println("tx-5001:", err)
	leakprobe.Done()
}
