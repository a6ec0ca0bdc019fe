// Document search service with a background indexer goroutine feeding an RWMutex-guarded inverted index. Leak: invertedIndex.Search returns on a missing first term without RUnlock, so the read lock is never released and the indexer goroutine blocks forever in mu.Lock on its next batch.
package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"realistic/internal/leakprobe"
)

type doc struct {
	id   int
	text string
}

// startIndexer adds every batch it receives to ix and acknowledges it.
func startIndexer(ix *invertedIndex) (chan<- []doc, <-chan int) {
	batches := make(chan []doc)
	acks := make(chan int)
	go func() {
		defer close(acks)
		for b := range batches {
			for _, d := range b {
				ix.Add(d.id, d.text)
			}
			acks <- len(b)
		}
	}()
	return batches, acks
}

// run feeds the index batch by batch and answers each round's queries once
// its batch is indexed.
func run(ix *invertedIndex, feed [][]doc, queries [][]string, logger *log.Logger) error {
	batches, acks := startIndexer(ix)
	defer close(batches)

	for round, b := range feed {
		batches <- b
		select {
		case n := <-acks:
			logger.Printf("indexed %d docs", n)
		case <-time.After(50 * time.Millisecond):
			return fmt.Errorf("indexer stalled on batch %d", round)
		}
		for _, q := range queries[round] {
			ids, err := ix.Search(q)
			if err != nil {
				logger.Printf("%q: %v", q, err)
				continue
			}
			fmt.Printf("%-22q -> %v\n", q, ids)
		}
	}
	return nil
}

func main() {
	logger := log.New(os.Stderr, "search: ", 0)

	feed := [][]doc{
		{
			{1, "Go channels and goroutines"},
			{2, "Postgres connection pooling"},
			{3, "Goroutines leak when channels block"},
		},
		{
			{4, "Tuning Postgres autovacuum"},
			{5, "Channels in pipelines"},
		},
	}
	queries := [][]string{
		{"goroutines channels", "postgres", "kafka consumer"},
		{"postgres", "pipelines"},
	}

	if err := run(newInvertedIndex(), feed, queries, logger); err != nil {
		logger.Print(err)
	}

	leakprobe.Done()
}
