// Warehouse partition loader that copies daily partitions in parallel through a hand-written workgroup package with a bounded wait. Leak: workgroup.Group.Go skips wg.Done when a function returns an error, so after one partition fails the goroutine started by WaitTimeout blocks in wg.Wait forever.
package main

import (
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"realistic/internal/leakprobe"
	"realistic/leak_pipe_wg_done_missing/workgroup"
)

type partition struct {
	table string
	day   string
	rows  int
}

var errSchemaDrift = errors.New("schema drift")

type warehouse struct {
	mu     sync.Mutex
	loaded map[string]int
}

func (w *warehouse) copyPartition(p partition) error {
	time.Sleep(time.Duration(p.rows/1000) * time.Millisecond)
	if p.table == "events" && p.day == "2024-06-02" {
		return fmt.Errorf("copy %s/%s: %w: column user_agent is now JSON", p.table, p.day, errSchemaDrift)
	}
	w.mu.Lock()
	w.loaded[p.table+"/"+p.day] = p.rows
	w.mu.Unlock()
	return nil
}

func loadAll(w *warehouse, parts []partition) error {
	g := workgroup.New(3)
	for _, p := range parts {
		g.Go(func() error { return w.copyPartition(p) })
	}
	return g.WaitTimeout(60 * time.Millisecond)
}

func main() {
	logger := log.New(os.Stderr, "loader: ", 0)
	w := &warehouse{loaded: make(map[string]int)}

	parts := []partition{
		{"orders", "2024-06-01", 4000},
		{"orders", "2024-06-02", 5200},
		{"events", "2024-06-01", 9000},
		{"events", "2024-06-02", 8700},
		{"refunds", "2024-06-01", 300},
	}

	if err := loadAll(w, parts); err != nil {
		logger.Printf("load incomplete: %v", err)
	}
	w.mu.Lock()
	fmt.Printf("%d of %d partitions loaded\n", len(w.loaded), len(parts))
	w.mu.Unlock()

	leakprobe.Done()
}
