package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Part is one shard file of a nightly catalogue import.
type Part struct {
	Name string
	Rows int
}

type Batch struct {
	ID    string
	Parts []Part
}

// staging stands in for the staging tables and the live catalogue.
type staging struct {
	mu        sync.Mutex
	staged    map[string]int
	published map[string]int
}

type Importer struct {
	db *staging
}

func (imp *Importer) load(batchID string, p Part) error {
	time.Sleep(time.Duration(p.Rows/100) * time.Millisecond) // COPY ... FROM STDIN
	if strings.HasSuffix(p.Name, ".tmp") {
		return fmt.Errorf("part %s: incomplete upload", p.Name)
	}
	imp.db.mu.Lock()
	imp.db.staged[batchID] += p.Rows
	imp.db.mu.Unlock()
	return nil
}

func (imp *Importer) commit(b Batch, loadErr error) error {
	imp.db.mu.Lock()
	defer imp.db.mu.Unlock()
	rows := imp.db.staged[b.ID]
	delete(imp.db.staged, b.ID)
	if loadErr != nil {
		return fmt.Errorf("batch %s rolled back (%d staged rows discarded): %w", b.ID, rows, loadErr)
	}
	imp.db.published[b.ID] = rows
	return nil
}

// Run loads every part concurrently; the goroutine of the last part publishes
// the batch once all parts are in.
func (imp *Importer) Run(b Batch) <-chan error {
	done := make(chan error, 1)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for i, p := range b.Parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := imp.load(b.ID, p); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
			if i == len(b.Parts)-1 {
				wg.Wait()
				mu.Lock()
				loadErr := errors.Join(errs...)
				mu.Unlock()
				done <- imp.commit(b, loadErr)
			}
		}()
	}
	return done
}
