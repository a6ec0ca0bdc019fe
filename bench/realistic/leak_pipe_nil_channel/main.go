// Customer import job that loads records through importer.Importer with a pool of workers reporting progress. Leak: main builds the Importer with a struct literal instead of importer.New, so its progress channel is nil and every worker blocks forever on its first progress send, together with the goroutine waiting for them.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_pipe_nil_channel/importer"
)

type memStore struct {
	mu   sync.Mutex
	rows map[string]importer.Record
}

var errInvalidEmail = errors.New("invalid email")

func (s *memStore) Put(_ context.Context, r importer.Record) error {
	if !strings.Contains(r.Email, "@") {
		return fmt.Errorf("%s: %w", r.ID, errInvalidEmail)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows[r.ID] = r
	return nil
}

func loadExport() []importer.Record {
	plans := []string{"free", "pro", "team"}
	var recs []importer.Record
	for i := 1; i <= 24; i++ {
		email := fmt.Sprintf("user%02d@example.com", i)
		if i%11 == 0 {
			email = fmt.Sprintf("user%02d.example.com", i)
		}
		recs = append(recs, importer.Record{ID: fmt.Sprintf("cus_%04d", i), Email: email, Plan: plans[i%3]})
	}
	return recs
}

func main() {
	logger := log.New(os.Stderr, "import: ", 0)
	store := &memStore{rows: make(map[string]importer.Record)}

	imp := &importer.Importer{
		Workers:   3,
		ChunkSize: 4,
		Store:     store,
		Logger:    logger,
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	sum, err := imp.Run(ctx, loadExport())
	if err != nil {
		logger.Printf("run: %v", err)
	}
	fmt.Printf("loaded=%d failed=%d stored=%d\n", sum.Loaded, sum.Failed, len(store.rows))

	leakprobe.Done()
}
