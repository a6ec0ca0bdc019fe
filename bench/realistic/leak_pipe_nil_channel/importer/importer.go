// Package importer loads records into a store with a pool of workers and
// reports per-chunk progress while it runs.
package importer

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
)

// Record is one row of the customer export.
type Record struct {
	ID    string
	Email string
	Plan  string
}

// Store is the destination of an import.
type Store interface {
	Put(ctx context.Context, r Record) error
}

// Progress is sent by a worker after each chunk it loads.
type Progress struct {
	Worker  int
	Records int
}

// Summary describes a finished import.
type Summary struct {
	Loaded int
	Failed int
}

// Importer splits a record set across Workers goroutines.
type Importer struct {
	Workers   int
	ChunkSize int
	Store     Store
	Logger    *log.Logger

	progress chan Progress
}

// New returns an Importer ready to Run.
func New(workers, chunkSize int, store Store, logger *log.Logger) *Importer {
	return &Importer{
		Workers:   workers,
		ChunkSize: chunkSize,
		Store:     store,
		Logger:    logger,
		progress:  make(chan Progress),
	}
}

// Run loads recs and returns when every worker is done or ctx expires.
func (imp *Importer) Run(ctx context.Context, recs []Record) (Summary, error) {
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		failed int
		errs   []error
	)
	for w, part := range partition(recs, imp.Workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := imp.work(ctx, w, part)
			mu.Lock()
			failed += n
			if err != nil {
				errs = append(errs, err)
			}
			mu.Unlock()
		}()
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()

	var sum Summary
	for {
		select {
		case p := <-imp.progress:
			sum.Loaded += p.Records
			if imp.Logger != nil {
				imp.Logger.Printf("worker %d: +%d records (%d total)", p.Worker, p.Records, sum.Loaded)
			}
		case <-done:
			sum.Failed = failed
			return sum, errors.Join(errs...)
		case <-ctx.Done():
			return sum, fmt.Errorf("import interrupted: %w", ctx.Err())
		}
	}
}

// work loads part chunk by chunk and reports how many records it skipped.
func (imp *Importer) work(ctx context.Context, id int, part []Record) (int, error) {
	skipped := 0
	chunk := imp.ChunkSize
	if chunk <= 0 {
		chunk = 100
	}
	for start := 0; start < len(part); start += chunk {
		end := min(start+chunk, len(part))
		loaded := 0
		for _, r := range part[start:end] {
			if err := imp.Store.Put(ctx, r); err != nil {
				skipped++
				continue
			}
			loaded++
		}
		imp.progress <- Progress{Worker: id, Records: loaded}
	}
	if skipped > 0 {
		return skipped, fmt.Errorf("worker %d: %d records rejected", id, skipped)
	}
	return 0, nil
}

func partition(recs []Record, n int) [][]Record {
	if n < 1 {
		n = 1
	}
	parts := make([][]Record, n)
	for i, r := range recs {
		parts[i%n] = append(parts[i%n], r)
	}
	return parts
}
